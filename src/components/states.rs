//! The look of a screen part that could not be loaded (the tables have their
//! own, with their extra actions).

use crate::ui::dom::{el, El};

/// An alert in place of what could not be loaded: what failed (names in it
/// marked with `crate::text::isolate` go in a `<bdi>`), why, and Retry only
/// where asking again can help.
pub fn error_state(title: String, detail: &str, retry: Option<Box<dyn Fn()>>) -> El {
    el("div")
        .class("state error")
        .attr("role", "alert")
        .child(el("p").class("state-title").dyn_text_isolated(move || title.clone()))
        .child(el("p").class("state-detail").dyn_text_isolated({
            let detail = detail.to_string();
            move || detail.clone()
        }))
        .maybe(retry.map(|retry| {
            el("div")
                .class("state-actions")
                .child(el("button").attr("type", "button").text("Retry").on("click", move |_| retry()))
        }))
}
