//! The list request each address of the app opened with, remembered when the
//! page is left, so that `public/loader.js` can send it again on the next load
//! of that address (a reload, a bookmark) while the wasm is still downloading:
//! on a real network that takes the API's round trip and its answer time off
//! the first rows. The loader only repeats what the app wrote here; the app
//! takes the answer over only if it is exactly the request it would send (same
//! API base, token and path, see `components::fetch`) and aborts it otherwise.
//!
//! Kept in the same storage as the session, and removed with it.

use crate::json::{parse, Json};

/// Storage key, next to the session's.
pub const STORAGE_KEY: &str = "authentik-flows-ui.first-requests";

/// How many addresses are remembered, most recently left first.
pub const KEEP: usize = 8;

/// One remembered address: the page's `pathname + search` and the API path
/// (below the API base) of its table's request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstRequest {
    pub address: String,
    pub path: String,
}

/// The readable entries of a stored list; anything unreadable counts as none.
pub fn entries(stored: &str) -> Vec<FirstRequest> {
    match parse(stored) {
        Ok(Json::Array(items)) => items
            .iter()
            .filter_map(|item| {
                Some(FirstRequest {
                    address: item.get("url")?.as_str()?.to_string(),
                    path: item.get("path")?.as_str()?.to_string(),
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The stored list (JSON) with `address → path` in front, no other entry for
/// `address`, and at most [`KEEP`] entries.
pub fn remember(stored: Option<&str>, address: &str, path: &str) -> String {
    let mut list = stored.map(entries).unwrap_or_default();
    list.retain(|e| e.address != address);
    list.insert(0, FirstRequest { address: address.to_string(), path: path.to_string() });
    list.truncate(KEEP);
    Json::Array(
        list.iter()
            .map(|e| Json::object([("url", e.address.as_str().into()), ("path", e.path.as_str().into())]))
            .collect(),
    )
    .to_string()
}

#[cfg(target_arch = "wasm32")]
mod storage {
    use super::*;
    use crate::state::session::{storage_for, Persistence};

    /// Remembers `address → path` where the session of `persistence` lives.
    pub fn save(persistence: Persistence, address: &str, path: &str) {
        if let Some(storage) = storage_for(persistence) {
            let stored = storage.get_item(STORAGE_KEY).ok().flatten();
            let _ = storage.set_item(STORAGE_KEY, &remember(stored.as_deref(), address, path));
        }
    }

    pub fn clear() {
        for storage in [Persistence::Device, Persistence::Tab].into_iter().filter_map(storage_for) {
            let _ = storage.remove_item(STORAGE_KEY);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod storage {
    pub fn save(_: crate::state::session::Persistence, _: &str, _: &str) {}
    pub fn clear() {}
}

pub use storage::{clear, save};

#[cfg(test)]
mod tests {
    use super::*;

    fn addresses(stored: &str) -> Vec<String> {
        entries(stored).into_iter().map(|e| e.address).collect()
    }

    #[test]
    fn the_latest_address_goes_first_once() {
        let one = remember(None, "/flows", "flows/instances/?page=1&page_size=20");
        assert_eq!(one, r#"[{"url":"/flows","path":"flows/instances/?page=1&page_size=20"}]"#);
        let two = remember(Some(&one), "/stages?page=2", "stages/all/?page=2&page_size=20");
        assert_eq!(addresses(&two), ["/stages?page=2", "/flows"]);
        // Leaving /flows again: it moves to the front with its new request, not twice.
        let three = remember(Some(&two), "/flows", "flows/instances/?page=1&page_size=50");
        assert_eq!(addresses(&three), ["/flows", "/stages?page=2"]);
        assert_eq!(entries(&three)[0].path, "flows/instances/?page=1&page_size=50");
    }

    #[test]
    fn only_the_most_recent_addresses_are_kept() {
        let mut stored = None;
        for i in 0..KEEP + 3 {
            stored = Some(remember(stored.as_deref(), &format!("/flows?page={i}"), "flows/instances/"));
        }
        let kept = addresses(stored.as_deref().unwrap_or_default());
        assert_eq!(kept.len(), KEEP);
        assert_eq!(kept[0], format!("/flows?page={}", KEEP + 2));
    }

    #[test]
    fn unreadable_lists_and_entries_are_dropped() {
        assert!(entries("not json").is_empty());
        assert!(entries(r#"{"url":"/flows"}"#).is_empty());
        assert_eq!(addresses(r#"[{"url":"/flows"},{"url":"/stages","path":"stages/all/"},7]"#), ["/stages"]);
        assert_eq!(addresses(&remember(Some("garbage"), "/flows", "flows/instances/")), ["/flows"]);
    }

    #[test]
    fn text_is_escaped_as_json() {
        let stored = remember(None, "/flows?search=%22%3E", "flows/instances/?search=%22%3E\"");
        assert_eq!(entries(&stored)[0].path, "flows/instances/?search=%22%3E\"");
    }
}
