//! What the UI code uses: the reactive core (src/ui/reactive.rs) and the few
//! browser helpers the `leptos` crate used to provide.

pub use crate::ui::reactive::{
    expect_context, on_cleanup, provide_context, untrack, use_context, Effect, Memo, Owner, RenderEffect, RwSignal,
    Signal, StoredValue,
};
pub use wasm_bindgen_futures::spawn_local;

use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

thread_local! {
    static WINDOW: web_sys::Window = web_sys::window().unwrap_or_else(|| wasm_bindgen::throw_str("no window"));
}

pub fn window() -> web_sys::Window {
    WINDOW.with(Clone::clone)
}

pub fn document() -> web_sys::Document {
    window().document().unwrap_or_else(|| wasm_bindgen::throw_str("no document"))
}

/// Runs `f` before the next repaint.
pub fn request_animation_frame(f: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(f);
    let _ = window().request_animation_frame(callback.unchecked_ref());
}

/// A pending [`set_timeout_with_handle`].
#[derive(Clone, Copy, Debug)]
pub struct TimeoutHandle(i32);

impl TimeoutHandle {
    pub fn clear(&self) {
        window().clear_timeout_with_handle(self.0);
    }
}

/// Runs `f` once after `delay`, unless the handle is cleared first.
/// `None` if the browser refused to schedule it.
pub fn set_timeout_with_handle(f: impl FnOnce() + 'static, delay: Duration) -> Option<TimeoutHandle> {
    let callback = Closure::once_into_js(f);
    window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), delay.as_millis() as i32)
        .map(TimeoutHandle)
        .ok()
}

/// How long typing must pause before a search or a filter acts on it.
pub const TYPING_PAUSE: Duration = Duration::from_millis(250);

/// A call that waits for typing to pause: each [`Debounce::schedule`]
/// replaces the one before. Cleared when the owner that made it is cleaned up.
#[derive(Clone, Copy)]
pub struct Debounce(StoredValue<Option<TimeoutHandle>>);

impl Debounce {
    // Not `Default`: it registers a cleanup with the current owner.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        let debounce = Debounce(StoredValue::new_local(None));
        on_cleanup(move || debounce.cancel());
        debounce
    }

    /// Runs `f` once typing has paused for [`TYPING_PAUSE`].
    pub fn schedule(&self, f: impl FnOnce() + 'static) {
        self.cancel();
        let pending = self.0;
        let handle = set_timeout_with_handle(
            move || {
                pending.try_update_value(|p| *p = None);
                f();
            },
            TYPING_PAUSE,
        );
        self.0.try_update_value(|p| *p = handle);
    }

    pub fn cancel(&self) {
        self.0.try_update_value(|p| {
            if let Some(handle) = p.take() {
                handle.clear();
            }
        });
    }

    /// Whether a call is waiting: the user is mid-typing.
    pub fn is_pending(&self) -> bool {
        self.0.try_update_value(|p| p.is_some()).unwrap_or(false)
    }
}
