//! Unsaved form contents kept in this tab's storage when the session ends
//! mid-edit, so signing in again brings them back.

#[cfg(target_arch = "wasm32")]
const PREFIX: &str = "authentik-flows-ui.draft.";

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Keeps `value` under `key` (an editor's address).
pub fn stash<T: serde::Serialize>(key: &str, value: &T) {
    #[cfg(target_arch = "wasm32")]
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(value)) {
        let _ = s.set_item(&format!("{PREFIX}{key}"), &json);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (key, serde_json::to_string(value));
}

/// Takes back what was kept under `key`, if anything readable was.
pub fn take<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    #[cfg(target_arch = "wasm32")]
    {
        let s = storage()?;
        let full = format!("{PREFIX}{key}");
        let json = s.get_item(&full).ok().flatten()?;
        let _ = s.remove_item(&full);
        serde_json::from_str(&json).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        None
    }
}
