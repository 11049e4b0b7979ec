//! Where the app lives under its origin: `""` at the root, `/admin/flows-ui`
//! under a sub-path, or the path a host page gives it. In-app paths ("/flows")
//! become links with [`AppBase::href`]; the router adds the base itself when
//! navigating, so paths read from the location go through [`AppBase::strip`].

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppBase(String);

impl AppBase {
    /// From a URL path such as `/admin/flows-ui/` (trailing slash optional).
    /// One leading slash, whatever the path had: a host page opened as
    /// `https://host//evil.example/` must not make every link `//evil.example/…`
    /// (another site).
    pub fn from_path(path: &str) -> Self {
        let trimmed = path.trim().trim_end_matches('/').trim_start_matches('/');
        if trimmed.is_empty() {
            AppBase(String::new())
        } else {
            AppBase(format!("/{trimmed}"))
        }
    }

    /// The base without a trailing slash; empty at the root.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A link to an in-app path.
    pub fn href(&self, app_path: &str) -> String {
        if app_path.starts_with('/') {
            format!("{}{}", self.0, app_path)
        } else {
            format!("{}/{}", self.0, app_path)
        }
    }

    /// An in-app path from a full path, `None` when the path is outside the
    /// base (a host page's own address).
    pub fn strip(&self, full_path: &str) -> Option<String> {
        if self.0.is_empty() {
            return Some(full_path.to_string());
        }
        match full_path.strip_prefix(&self.0)? {
            "" => Some("/".to_string()),
            rest if rest.starts_with('/') => Some(rest.to_string()),
            rest if rest.starts_with('?') => Some(format!("/{rest}")),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(AppBase::from_path("/").as_str(), "");
        assert_eq!(AppBase::from_path("").as_str(), "");
        assert_eq!(AppBase::from_path("/admin/flows-ui/").as_str(), "/admin/flows-ui");
        assert_eq!(AppBase::from_path("dashboard").as_str(), "/dashboard");
        // Never a protocol-relative link to another site.
        assert_eq!(AppBase::from_path("//evil.example/").as_str(), "/evil.example");
        assert_eq!(AppBase::from_path("//evil.example").href("/flows"), "/evil.example/flows");
        assert_eq!(AppBase::from_path("///").as_str(), "");
    }

    #[test]
    fn links_and_stripping_round_trip() {
        let root = AppBase::from_path("/");
        assert_eq!(root.href("/flows?page=2"), "/flows?page=2");
        assert_eq!(root.strip("/flows?page=2").as_deref(), Some("/flows?page=2"));
        let sub = AppBase::from_path("/admin/flows-ui/");
        assert_eq!(sub.href("/flows/x"), "/admin/flows-ui/flows/x");
        assert_eq!(sub.strip("/admin/flows-ui/flows/x?y=1").as_deref(), Some("/flows/x?y=1"));
        assert_eq!(sub.strip("/admin/flows-ui").as_deref(), Some("/"));
        assert_eq!(sub.strip("/admin/flows-ui?a=1").as_deref(), Some("/?a=1"));
        // Not under the base (or only sharing a prefix): not the app's.
        assert_eq!(sub.strip("/admin/flows-uix/flows"), None);
        assert_eq!(sub.strip("/other"), None);
        assert_eq!(sub.strip("/admin"), None);
    }
}
