//! "Leave without saving?": while an editor has unsaved changes, in-app links,
//! Back/Forward and closing or reloading the tab all ask first.

use crate::ui::dom::{listen_with, plain_click};
use crate::ui::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy)]
pub struct LeaveGuard {
    /// The question to ask, while there is something to lose.
    message: RwSignal<Option<String>>,
    /// The address to return to when a Back/Forward is refused, and its
    /// history entry's position.
    url: StoredValue<String>,
    /// The entry's position (`router::entry_index`) plus one; 0 when it has none.
    index: StoredValue<u64>,
    /// Set while a refused Back/Forward is being undone.
    returning: StoredValue<bool>,
}

/// The current entry's position as `LeaveGuard::index` keeps it.
fn index_now() -> u64 {
    crate::router::entry_index().map_or(0, |i| i as u64 + 1)
}

/// The address without its fragment: a `#` link within the page leaves nothing.
fn current_url() -> String {
    let location = window().location();
    format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default())
}

impl LeaveGuard {
    /// Creates the guard and hooks it into the page for as long as the current
    /// owner (the app) lives.
    pub fn install() -> Self {
        let guard = LeaveGuard {
            message: RwSignal::new(None),
            url: StoredValue::new(String::new()),
            index: StoredValue::new(0u64),
            returning: StoredValue::new(false),
        };
        let window = window();

        // Capture phase on the document: runs before the router's click handler.
        listen_with(
            &document(),
            "click",
            true,
            Box::new(move |ev: web_sys::Event| {
                let ev: web_sys::MouseEvent = ev.unchecked_into();
                // (A click with a modifier opens a new tab or window: nothing is lost here.)
                if guard.message.with_untracked(|m| m.is_none()) || !plain_click(&ev) {
                    return;
                }
                let anchor = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest("a[href]").ok().flatten());
                let Some(anchor) = anchor else { return };
                if anchor.get_attribute("target").is_some_and(|t| t != "_self") || anchor.has_attribute("download") {
                    return;
                }
                // A link within the page ("Skip to content", a host's `#`) leaves nothing.
                if anchor.get_attribute("href").is_some_and(|h| h.starts_with('#')) {
                    return;
                }
                if !guard.confirm_leave() {
                    ev.prevent_default();
                    ev.stop_propagation();
                }
            }),
        );

        // Capture phase on the window: runs before the router's popstate handler.
        let history_window = window.clone();
        listen_with(
            &window,
            "popstate",
            true,
            Box::new(move |ev: web_sys::Event| {
                let Ok(history) = history_window.history() else { return };
                if guard.returning.get_value() {
                    guard.returning.set_value(false);
                    if index_now() == guard.index.get_value() {
                        // The step back to the editor: the router never saw it leave.
                        ev.stop_immediate_propagation();
                        return;
                    }
                }
                // Only the fragment changed (a host page's `#` link, or Back
                // from it): the editor is still here.
                let same_page = guard.url.with_value(|u| *u == current_url());
                if same_page || guard.message.with_untracked(|m| m.is_none()) || guard.confirm_leave() {
                    return;
                }
                // The browser has already moved: return to the editor's entry
                // by as many steps (so the history before and after it stays
                // as it was) and keep the router from seeing the move. Without
                // positions (a host page's entry), add the editor's address again.
                ev.stop_immediate_propagation();
                let (from, to) = (guard.index.get_value(), index_now());
                if from > 0 && to > 0 && from != to {
                    guard.returning.set_value(true);
                    let _ = history.go_with_delta((from as i32).wrapping_sub(to as i32));
                } else {
                    let url = guard.url.get_value();
                    let _ = history.push_state_with_url(&crate::router::entry_state_for_push(), "", Some(&url));
                }
            }),
        );

        listen_with(
            &window,
            "beforeunload",
            false,
            Box::new(move |ev: web_sys::Event| {
                if guard.message.with_untracked(|m| m.is_some()) {
                    ev.prevent_default();
                    ev.unchecked_ref::<web_sys::BeforeUnloadEvent>().set_return_value("unsaved changes");
                }
            }),
        );
        guard
    }

    /// Starts asking (`Some`) or stops (`None`).
    pub fn set(&self, message: Option<String>) {
        if message.is_some() {
            self.url.set_value(current_url());
            self.index.set_value(index_now());
        }
        self.message.set(message);
    }

    /// True when there is nothing to lose or the user agrees to lose it (the
    /// guard then stands down).
    pub fn confirm_leave(&self) -> bool {
        let Some(message) = self.message.get_untracked() else { return true };
        let leave = window().confirm_with_message(&message).unwrap_or(true);
        if leave {
            self.message.set(None);
        }
        leave
    }
}

pub fn use_leave_guard() -> LeaveGuard {
    expect_context::<LeaveGuard>()
}
