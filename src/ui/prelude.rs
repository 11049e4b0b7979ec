//! What the UI code uses from Leptos's reactive system (`reactive_graph`),
//! plus the few browser helpers the `leptos` crate used to provide. Depending
//! on `reactive_graph` alone keeps the renderer, server functions and their
//! stream glue out of the wasm.

pub use reactive_graph::callback::{Callable, Callback};
pub use reactive_graph::computed::Memo;
pub use reactive_graph::effect::{Effect, RenderEffect};
pub use reactive_graph::graph::untrack;
pub use reactive_graph::owner::{
    expect_context, on_cleanup, provide_context, use_context, LocalStorage, Owner, StoredValue,
};
pub use reactive_graph::prelude::*;
pub use reactive_graph::signal::RwSignal;
pub use reactive_graph::spawn_local;
pub use reactive_graph::wrappers::read::Signal;

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
