//! The signed-in session: API base, token and who it belongs to, kept in
//! localStorage ("remember on this device") or sessionStorage (this tab only).

use crate::json::{decode, DecodeError, Fields, FromJson, Json};

/// Storage key; one entry per origin.
pub const STORAGE_KEY: &str = "authentik-flows-ui.session";

/// Where the app finds authentik's API when nothing else is configured.
pub const DEFAULT_API_BASE: &str = "/api/v3";

#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    pub api_base: String,
    pub token: String,
    /// For the header; not a secret.
    pub username: String,
}

impl FromJson for Session {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        Ok(Session { api_base: f.req("api_base")?, token: f.req("token")?, username: f.opt("username")? })
    }
}

/// Never print the token, even in a debug log.
impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("api_base", &self.api_base)
            .field("token", &"<redacted>")
            .field("username", &self.username)
            .finish()
    }
}

/// Which browser storage holds the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// localStorage: survives closing the browser.
    Device,
    /// sessionStorage: this tab only.
    Tab,
}

impl Session {
    /// Reads a stored session; anything unreadable counts as signed out.
    pub fn from_stored(json: &str) -> Option<Session> {
        decode::<Session>(json).ok().filter(|s| !s.token.trim().is_empty() && !s.api_base.trim().is_empty())
    }

    pub fn to_stored(&self) -> String {
        Json::object([
            ("api_base", self.api_base.as_str().into()),
            ("token", self.token.as_str().into()),
            ("username", self.username.as_str().into()),
        ])
        .to_string()
    }
}

/// Normalises what was typed into the API base box: trimmed, no trailing slash,
/// empty → the default. Relative paths must start with `/`; absolute ones must be http(s).
pub fn normalise_api_base(input: &str) -> Result<String, String> {
    let typed = input.trim();
    let base = typed.trim_end_matches('/');
    if typed.is_empty() {
        return Ok(DEFAULT_API_BASE.to_string());
    }
    // Paths are appended to it: a query or fragment would swallow them.
    if base.is_empty() || base.contains(['?', '#']) {
        return Err("Enter the API's path without ? or #, such as /api/v3.".into());
    }
    // A browser reads `\` as `/` and drops tabs and newlines: `/\evil.example`
    // would send the token to another host.
    if base.contains(|c: char| c == '\\' || c.is_control() || c.is_whitespace()) {
        return Err("Enter the API's path without spaces or backslashes, such as /api/v3.".into());
    }
    if base.starts_with('/') && !base.starts_with("//") {
        return Ok(base.to_string());
    }
    if base.starts_with("https://") || base.starts_with("http://") {
        return Ok(base.to_string());
    }
    Err("Enter a path such as /api/v3 or a full URL such as https://authentik.example.com/api/v3.".into())
}

/// Where to go after signing in: only a path inside this app, never another
/// site (`//evil.example`, `https://…`, `/\evil`), falling back to the flows list.
pub fn safe_return_path(next: Option<&str>) -> String {
    match next {
        // No control characters or backslashes at all: a browser drops tabs and
        // newlines and reads `\` as `/`, so `/\t/evil.example` is `//evil.example`.
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains(|c: char| c == '\\' || c.is_control())
                && !n.starts_with("/signin") =>
        {
            n.to_string()
        }
        _ => "/flows".to_string(),
    }
}

#[cfg(target_arch = "wasm32")]
mod storage {
    use super::*;
    use web_sys::Storage;

    fn local() -> Option<Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    fn tab() -> Option<Storage> {
        web_sys::window()?.session_storage().ok().flatten()
    }

    /// The storage a session of `persistence` lives in.
    pub fn storage_for(persistence: Persistence) -> Option<Storage> {
        match persistence {
            Persistence::Device => local(),
            Persistence::Tab => tab(),
        }
    }

    /// Set in a tab that signed out of its own (tab-only) session: it does not
    /// then fall back to the device's session, until it signs in again.
    const SIGNED_OUT_KEY: &str = "authentik-flows-ui.signed-out";

    /// Set on the device when authentik refused its session (with
    /// authentik's words): the other tabs using it, which see it go, then say
    /// why, rather than that someone signed out.
    const REFUSED_KEY: &str = "authentik-flows-ui.refused";

    /// Why the device's session went, if authentik refused it (see [`clear`]).
    pub fn refused_on_device() -> Option<String> {
        local()?.get_item(REFUSED_KEY).ok().flatten()
    }

    fn read(s: Option<Storage>) -> Option<Session> {
        s.and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).and_then(|j| Session::from_stored(&j))
    }

    /// The stored session, preferring this tab's over the device's.
    pub fn load() -> Option<(Session, Persistence)> {
        let signed_out_here = tab().is_some_and(|t| t.get_item(SIGNED_OUT_KEY).ok().flatten().is_some());
        read(tab())
            .map(|s| (s, Persistence::Tab))
            .or_else(|| read(local()).filter(|_| !signed_out_here).map(|s| (s, Persistence::Device)))
    }

    /// Stores the session. A tab-only session leaves the device's alone
    /// (other tabs use it); a remembered one replaces both. Returns false when
    /// the browser refuses (private mode, quota): the session then lasts only
    /// until reload, which the sign-in page says.
    pub fn save(session: &Session, persistence: Persistence) -> bool {
        if let Some(t) = tab() {
            let _ = t.remove_item(SIGNED_OUT_KEY);
            let _ = t.remove_item(STORAGE_KEY);
        }
        if persistence == Persistence::Device {
            clear(None);
        }
        storage_for(persistence).is_some_and(|s| s.set_item(STORAGE_KEY, &session.to_stored()).is_ok())
    }

    /// Removes the session this tab uses, and the requests remembered for
    /// it: a tab-only one just here, the device's everywhere. Why:
    /// `SignedOut` (of a tab-only session, this tab then does not fall back
    /// to the device's), `Refused(detail)` by authentik, or `None` (replaced
    /// by a new sign-in).
    pub fn clear(why: Option<Cleared<'_>>) {
        match tab() {
            Some(t) if read(Some(t.clone())).is_some() => {
                let _ = t.remove_item(STORAGE_KEY);
                if why == Some(Cleared::SignedOut) {
                    let _ = t.set_item(SIGNED_OUT_KEY, "1");
                }
            }
            _ => {
                if let Some(l) = local() {
                    // Written before the session goes: the other tabs read it
                    // when they see the session gone.
                    let _ = match why {
                        Some(Cleared::Refused(detail)) => l.set_item(REFUSED_KEY, detail),
                        _ => l.remove_item(REFUSED_KEY),
                    };
                }
                for s in [local(), tab()].into_iter().flatten() {
                    let _ = s.remove_item(STORAGE_KEY);
                }
            }
        }
        crate::state::first_request::clear();
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod storage {
    use super::*;
    pub fn load() -> Option<(Session, Persistence)> {
        None
    }
    pub fn save(_: &Session, _: Persistence) -> bool {
        false
    }
    pub fn clear(_why: Option<Cleared<'_>>) {}
    pub fn refused_on_device() -> Option<String> {
        None
    }
}

/// Why a stored session is removed (see `clear`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cleared<'a> {
    SignedOut,
    /// authentik refused the token, in these words.
    Refused(&'a str),
}

#[cfg(target_arch = "wasm32")]
pub use storage::storage_for;
pub use storage::{clear, load, refused_on_device, save};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_contains_the_token() {
        let s = Session { api_base: "/api/v3".into(), token: "s3cret-token".into(), username: "akadmin".into() };
        assert!(!format!("{s:?}").contains("s3cret"));
    }

    #[test]
    fn stored_sessions_round_trip_and_garbage_is_ignored() {
        let s = Session { api_base: "/api/v3".into(), token: "t".into(), username: String::new() };
        assert_eq!(Session::from_stored(&s.to_stored()), Some(s));
        assert_eq!(Session::from_stored("not json"), None);
        assert_eq!(Session::from_stored(r#"{"api_base":"/api/v3","token":"  "}"#), None);
        assert_eq!(Session::from_stored(r#"{"token":"t"}"#), None);
    }

    #[test]
    fn api_base_normalisation() {
        assert_eq!(normalise_api_base("").unwrap(), "/api/v3");
        assert_eq!(normalise_api_base(" /api/v3/ ").unwrap(), "/api/v3");
        assert_eq!(normalise_api_base("https://auth.example.com/api/v3/").unwrap(), "https://auth.example.com/api/v3");
        assert!(normalise_api_base("api/v3").is_err());
        assert!(normalise_api_base("//evil.example/api").is_err());
        assert!(normalise_api_base("javascript:alert(1)").is_err());
        assert!(normalise_api_base("/").is_err());
        assert!(normalise_api_base("/api/v3?x=1").is_err());
        assert!(normalise_api_base("https://auth.example.com/api/v3#top").is_err());
        // Read by a browser as //evil.example/api: another host.
        assert!(normalise_api_base("/\\evil.example/api").is_err());
        assert!(normalise_api_base("/\t/evil.example/api").is_err());
    }

    #[test]
    fn return_path_stays_inside_the_app() {
        assert_eq!(safe_return_path(Some("/flows?page=3&search=a")), "/flows?page=3&search=a");
        assert_eq!(safe_return_path(Some("//evil.example/")), "/flows");
        assert_eq!(safe_return_path(Some("https://evil.example/")), "/flows");
        assert_eq!(safe_return_path(Some("/\\evil.example")), "/flows");
        assert_eq!(safe_return_path(Some("/\t/evil.example")), "/flows");
        assert_eq!(safe_return_path(Some("/\n/evil.example")), "/flows");
        assert_eq!(safe_return_path(Some("/flows/a\\b")), "/flows");
        assert_eq!(safe_return_path(Some("/flows?search=a b")), "/flows?search=a b");
        assert_eq!(safe_return_path(Some("/signin?next=/x")), "/flows");
        assert_eq!(safe_return_path(None), "/flows");
    }
}
