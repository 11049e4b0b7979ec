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
