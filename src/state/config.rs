//! Settings every screen reads. Defaults for now; one place to change them.

use crate::state::session::DEFAULT_API_BASE;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConfig {
    /// Pre-filled on the sign-in screen.
    pub api_base: String,
    /// Rows per page when the URL does not say.
    pub default_page_size: u32,
    /// Shown in the header and the document title.
    pub title: String,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            api_base: DEFAULT_API_BASE.to_string(),
            default_page_size: 20,
            title: "authentik flows".to_string(),
        }
    }
}
