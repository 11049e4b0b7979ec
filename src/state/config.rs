//! Runtime configuration: `config.json` next to `index.html`, overridden by
//! what a host page passes when it embeds the app. One build serves every
//! deployment; anything missing or wrong falls back to a default, with a
//! warning the user can see.

use crate::json::{decode, DecodeError, Fields, FromJson, Json};
use crate::list::query::PAGE_SIZES;
use crate::state::session::{normalise_api_base, DEFAULT_API_BASE};

/// Where the API token lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenStorage {
    /// localStorage: kept on this device.
    Local,
    /// sessionStorage: this tab only.
    Session,
    /// Supplied by the page that embeds the app; never stored by it.
    Host,
}

impl TokenStorage {
    fn parse(value: &str) -> Option<Self> {
        match value {
            "local" => Some(TokenStorage::Local),
            "session" => Some(TokenStorage::Session),
            "host" => Some(TokenStorage::Host),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConfig {
    /// API base used for requests (and pre-filled on the sign-in screen).
    pub api_base: String,
    /// Rows per page when the URL does not say.
    pub default_page_size: u32,
    /// Shown in the header and the document title.
    pub title: String,
    /// `None`: the user chooses on the sign-in screen.
    pub token_storage: Option<TokenStorage>,
    /// Problems found in the configuration, shown in a banner.
    pub warnings: Vec<String>,
    /// A host page's own scheme (`light`/`dark`); `None`: the system's setting.
    pub color_scheme: Option<&'static str>,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            api_base: DEFAULT_API_BASE.to_string(),
            default_page_size: 20,
            title: "authentik flows".to_string(),
            token_storage: None,
            warnings: Vec::new(),
            color_scheme: None,
        }
    }
}

/// The fields of `config.json` (all optional; unknown keys are ignored).
#[derive(Debug, Default)]
struct ConfigFile {
    api_base: Option<String>,
    /// Any JSON value: a wrong one is reported as it was written.
    default_page_size: Option<Json<'static>>,
    token_storage: Option<String>,
    title: Option<String>,
    /// Keys whose value is not text: each left out alone, with a warning.
    not_text: Vec<&'static str>,
}

impl FromJson for ConfigFile {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        let mut not_text = Vec::new();
        let mut text = |name: &'static str| {
            f.opt(name).unwrap_or_else(|_| {
                not_text.push(name);
                None
            })
        };
        Ok(ConfigFile {
            api_base: text("api_base"),
            token_storage: text("token_storage"),
            title: text("title"),
            default_page_size: f.opt("default_page_size")?,
            not_text,
        })
    }
}

/// What a host page passes to `mount()` (camelCase, as JavaScript writes it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MountOptions {
    /// Where to read `config.json` from; none: no file is read.
    pub config_url: Option<String>,
    /// `config.json`'s text, when the page has already read it (the
    /// standalone loader does, while the wasm compiles): then `config_url`
    /// is not fetched.
    pub config_text: Option<String>,
    pub api_base: Option<String>,
    /// The path the app's routes live under.
    pub base: Option<String>,
    /// A token supplied by the host page (implies `tokenStorage: "host"`).
    pub token: Option<String>,
    /// The host passed a `token` at all, usable or not (`null`, a Promise):
    /// the host owns the session then, never a token kept on the device.
    pub token_given: bool,
    pub token_storage: Option<String>,
    pub title: Option<String>,
    pub default_page_size: Option<u32>,
    /// `light` or `dark`: a host page that has one scheme whatever the system's.
    pub color_scheme: Option<String>,
    /// The app's own page (index.html): its `<base href>` gives the route base.
    pub standalone: bool,
}

impl MountOptions {
    /// Reads the options a host page passed as JSON text, with a warning for
    /// each one that is unusable: only that one is left out (a size given as
    /// "50" must not drop the host's token with it).
    pub fn parse(text: &str) -> (MountOptions, Vec<String>) {
        let mut warnings = Vec::new();
        let json = match crate::json::parse(text) {
            Ok(json @ Json::Object(_)) => json,
            _ => {
                warnings.push("The mount options are not a JSON object; the defaults are used.".to_string());
                return (MountOptions::default(), warnings);
            }
        };
        let Ok(f) = Fields::of(&json) else { return (MountOptions::default(), warnings) };
        fn field<T: FromJson + Default>(f: &Fields, name: &str, warnings: &mut Vec<String>) -> T {
            f.opt(name).unwrap_or_else(|e| {
                warnings.push(format!("The mount option {name} was left out: {e}."));
                T::default()
            })
        }
        let w = &mut warnings;
        let size: Option<u64> = field(&f, "defaultPageSize", w);
        let options = MountOptions {
            config_url: field(&f, "configUrl", w),
            config_text: field(&f, "configText", w),
            api_base: field(&f, "apiBase", w),
            base: field(&f, "base", w),
            token: field(&f, "token", w),
            token_given: json.get("token").is_some(),
            token_storage: field(&f, "tokenStorage", w),
            color_scheme: field(&f, "colorScheme", w),
            title: field(&f, "title", w),
            // Out of range is as wrong as any other size: resolve() warns.
            default_page_size: size.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
            standalone: field(&f, "standalone", w),
        };
        (options, warnings)
    }
}

/// How reading `config.json` went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigSource {
    /// No file was asked for.
    None,
    /// The file's text.
    Loaded(String),
    /// The file could not be fetched (status or network), with why.
    Unavailable(String),
}

impl AppConfig {
    /// Combines defaults, the file and the host's options (which win).
    pub fn resolve(source: &ConfigSource, options: &MountOptions) -> AppConfig {
        let mut config = AppConfig::default();
        let file = match source {
            ConfigSource::None => ConfigFile::default(),
            ConfigSource::Unavailable(why) => {
                config.warnings.push(format!("config.json could not be loaded ({why}); the defaults are used."));
                ConfigFile::default()
            }
            ConfigSource::Loaded(text) => match decode::<ConfigFile>(text) {
                Ok(file) => file,
                Err(e) => {
                    config.warnings.push(format!("config.json is not valid ({e}); the defaults are used."));
                    ConfigFile::default()
                }
            },
        };

        if let Some(base) = options.api_base.as_ref().or(file.api_base.as_ref()) {
            match normalise_api_base(base) {
                Ok(b) => config.api_base = b,
                Err(_) => config.warnings.push(format!("api_base “{base}” is not usable; {DEFAULT_API_BASE} is used.")),
            }
        }

        let size = options.default_page_size.map(|n| Json::from(n as i64)).or(file.default_page_size);
        if let Some(size) = size {
            match u64::from_json(&size).ok().and_then(|n| u32::try_from(n).ok()).filter(|n| PAGE_SIZES.contains(n)) {
                Some(n) => config.default_page_size = n,
                None => config.warnings.push(format!(
                    "default_page_size {size} is not one of 10, 20, 50, 100; {} is used.",
                    config.default_page_size
                )),
            }
        }

        if let Some(title) = options.title.as_ref().or(file.title.as_ref()).map(|t| t.trim()).filter(|t| !t.is_empty())
        {
            config.title = title.to_string();
        }

        for name in &file.not_text {
            config.warnings.push(format!("{name} is not text; the default is used."));
        }

        let storage = if options.token.is_some() || options.token_given {
            Some("host".to_string())
        } else {
            options.token_storage.clone().or(file.token_storage)
        };
        if let Some(storage) = storage {
            match TokenStorage::parse(&storage) {
                Some(s) => config.token_storage = Some(s),
                None => config.warnings.push(format!(
                    "token_storage “{storage}” is not one of local, session, host; you choose when signing in."
                )),
            }
        }
        match options.color_scheme.as_deref() {
            None => {}
            Some("light") => config.color_scheme = Some("light"),
            Some("dark") => config.color_scheme = Some("dark"),
            Some(other) => config
                .warnings
                .push(format!("colorScheme “{other}” is not light or dark; the system's setting is followed.")),
        }
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_gives_the_defaults_without_warnings() {
        let c = AppConfig::resolve(&ConfigSource::None, &MountOptions::default());
        assert_eq!(c, AppConfig::default());
    }

    #[test]
    fn a_full_file_is_used() {
        let c = AppConfig::resolve(
            &ConfigSource::Loaded(
                r#"{"api_base":"/auth/api/v3/","default_page_size":50,"token_storage":"local","title":"Flows at Acme","extra":1}"#
                    .into(),
            ),
            &MountOptions::default(),
        );
        assert_eq!(c.api_base, "/auth/api/v3");
        assert_eq!(c.default_page_size, 50);
        assert_eq!(c.token_storage, Some(TokenStorage::Local));
        assert_eq!(c.title, "Flows at Acme");
        assert!(c.warnings.is_empty());
    }

    #[test]
    fn a_missing_or_malformed_file_warns_and_uses_defaults() {
        let missing = AppConfig::resolve(&ConfigSource::Unavailable("HTTP 404".into()), &MountOptions::default());
        assert_eq!(missing.api_base, "/api/v3");
        assert_eq!(missing.warnings, vec!["config.json could not be loaded (HTTP 404); the defaults are used."]);
        let broken = AppConfig::resolve(&ConfigSource::Loaded("{ not json".into()), &MountOptions::default());
        assert_eq!(broken.default_page_size, 20);
        assert!(broken.warnings[0].starts_with("config.json is not valid ("), "{:?}", broken.warnings);
    }

    #[test]
    fn bad_values_warn_one_by_one() {
        let c = AppConfig::resolve(
            &ConfigSource::Loaded(
                r#"{"api_base":"api","default_page_size":37,"token_storage":"cookie","title":"  "}"#.into(),
            ),
            &MountOptions::default(),
        );
        assert_eq!(c.api_base, "/api/v3");
        assert_eq!(c.default_page_size, 20);
        assert_eq!(c.token_storage, None);
        assert_eq!(c.title, "authentik flows");
        assert_eq!(c.warnings.len(), 3, "{:?}", c.warnings);
    }

    #[test]
    fn host_options_win_and_a_token_means_host_storage() {
        let options = MountOptions {
            api_base: Some("https://auth.example.com/api/v3".into()),
            token: Some("t".into()),
            default_page_size: Some(10),
            ..Default::default()
        };
        let c =
            AppConfig::resolve(&ConfigSource::Loaded(r#"{"api_base":"/x","token_storage":"local"}"#.into()), &options);
        assert_eq!(c.api_base, "https://auth.example.com/api/v3");
        assert_eq!(c.token_storage, Some(TokenStorage::Host));
        assert_eq!(c.default_page_size, 10);
        let (parsed, warnings) = MountOptions::parse(
            r#"{"configUrl":"/c.json","configText":"{}","apiBase":"/a","base":"/d","defaultPageSize":50,"standalone":true,"x":1}"#,
        );
        assert!(warnings.is_empty());
        assert_eq!(parsed.config_url.as_deref(), Some("/c.json"));
        assert_eq!(parsed.config_text.as_deref(), Some("{}"));
        assert_eq!(parsed.api_base.as_deref(), Some("/a"));
        assert_eq!(parsed.base.as_deref(), Some("/d"));
        assert_eq!(parsed.default_page_size, Some(50));
        assert!(parsed.standalone);
        assert_eq!(MountOptions::parse("{}"), (MountOptions::default(), vec![]));
        // One unusable option is left out, with a warning; the others are kept.
        let (one_bad, warnings) = MountOptions::parse(r#"{"apiBase":5,"token":"t","defaultPageSize":"50"}"#);
        assert_eq!(one_bad.token.as_deref(), Some("t"));
        assert_eq!((one_bad.api_base, one_bad.default_page_size), (None, None));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("defaultPageSize"), "{warnings:?}");
        assert_eq!(MountOptions::parse("[1]").1.len(), 1);
        assert_eq!(MountOptions::parse("{").1.len(), 1);
    }
}
