//! Unsaved form contents kept in this tab's storage when the session ends
//! mid-edit, so signing in again brings them back.

#[cfg(target_arch = "wasm32")]
const PREFIX: &str = "authentik-flows-ui.draft.";

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Keeps `text` under `key` (an editor's address).
pub fn stash(key: &str, text: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("{PREFIX}{key}"), text);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (key, text);
}

/// Forgets what was kept under `key`.
pub fn remove(key: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{PREFIX}{key}"));
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = key;
}

/// Takes back what was kept under `key`, if anything was.
pub fn take(key: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let s = storage()?;
        let full = format!("{PREFIX}{key}");
        let text = s.get_item(&full).ok().flatten()?;
        let _ = s.remove_item(&full);
        Some(text)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        None
    }
}
