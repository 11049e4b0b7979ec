//! Unsaved form contents kept in this tab's storage when the session ends
//! mid-edit, so signing in again brings them back.

use crate::json::{FromJson, ToJson};

#[cfg(target_arch = "wasm32")]
const PREFIX: &str = "authentik-flows-ui.draft.";

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Keeps `value` under `key` (an editor's address).
pub fn stash<T: ToJson>(key: &str, value: &T) {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("{PREFIX}{key}"), &value.to_json().to_string());
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (key, value.to_json());
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

/// Takes back what was kept under `key`, if anything readable was.
pub fn take<T: FromJson>(key: &str) -> Option<T> {
    #[cfg(target_arch = "wasm32")]
    {
        let s = storage()?;
        let full = format!("{PREFIX}{key}");
        let json = s.get_item(&full).ok().flatten()?;
        let _ = s.remove_item(&full);
        crate::json::decode(&json).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        None
    }
}
