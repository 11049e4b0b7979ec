//! The look of a screen part that could not be loaded (the tables have their
//! own, with their extra actions).

use crate::ui::dom::{el, El};
use crate::ui::prelude::*;

/// An alert in place of what could not be loaded: what failed (names in it
/// marked with `crate::text::isolate` go in a `<bdi>`), why, and Retry only
/// where asking again can help.
pub fn error_state(title: String, detail: &str, retry: Option<Box<dyn Fn()>>) -> El {
    el("div")
        .class("state error")
        // The alert is what failed and why; the buttons after it are not read out with it.
        .child(
            el("div")
                .attr("role", "alert")
                .child(el("p").class("state-title").dyn_text_isolated(move || title.clone()))
                .child(el("p").class("state-detail").dyn_text_isolated({
                    let detail = detail.to_string();
                    move || detail.clone()
                })),
        )
        .maybe(retry.map(|retry| {
            el("div")
                .class("state-actions")
                .child(el("button").attr("type", "button").text("Retry").on("click", move |_| retry()))
        }))
}

/// A notice that comes with a new screen ("You have signed out."): its live
/// region goes in empty and its text a moment later, as screen readers often
/// say nothing of a region added with its text already in it.
pub fn screen_notice(id: &str, text: String) -> El {
    let said = RwSignal::new(String::new());
    let _ = set_timeout_with_handle(
        move || {
            said.try_set(text);
        },
        std::time::Duration::from_millis(50),
    );
    el("p").id(id).class("notice").attr("role", "status").dyn_text(move || said.get())
}
