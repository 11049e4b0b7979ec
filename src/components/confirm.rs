//! A modal confirmation for destructive actions (`<dialog>` opened with
//! `showModal`: focus stays inside, Escape cancels).

use crate::ui::dom::{effect, el, El};
use crate::ui::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsCast;

pub struct Confirm {
    /// Opens and closes the dialog.
    pub open: RwSignal<bool>,
    pub title: Signal<String>,
    pub message: Signal<String>,
    /// Text of the confirming button, e.g. "Delete binding".
    pub confirm_label: &'static str,
    pub on_confirm: Rc<dyn Fn()>,
    /// While the action runs.
    pub busy: Signal<bool>,
    /// What went wrong, shown inside the dialog.
    pub error: Signal<Option<String>>,
}

pub fn confirm_dialog(c: Confirm) -> El {
    let Confirm { open, title, message, confirm_label, on_confirm, busy, error } = c;
    let dialog = el("dialog")
        .class("confirm")
        .attr("role", "alertdialog")
        .attr("aria-labelledby", "akf-confirm-title")
        .attr("aria-describedby", "akf-confirm-message")
        .on("cancel", move |ev| {
            ev.prevent_default();
            if !busy.get_untracked() {
                open.set(false);
            }
        })
        // A second Escape with no user activation since the first closes the
        // dialog whatever `cancel` says: while busy it opens again (its
        // outcome shows in it), otherwise it is closed for good.
        .on("close", move |_| open.set(busy.get_untracked()))
        .child(el("h2").id("akf-confirm-title").dyn_text_isolated(move || title.get()))
        .child(el("p").id("akf-confirm-message").dyn_text_isolated(move || message.get()))
        .child(el("p").class("form-error").attr("role", "alert").dyn_text(move || error.get().unwrap_or_default()))
        .child(
            el("div")
                .class("dialog-actions")
                .child(
                    el("button")
                        .attr("type", "button")
                        .text("Cancel")
                        // Not `disabled`: focus would fall out of the dialog to the page.
                        .dyn_attr("aria-disabled", move || busy.get().then(|| "true".to_string()))
                        .on("click", move |_| {
                            if !busy.get_untracked() {
                                open.set(false);
                            }
                        }),
                )
                .child(
                    el("button")
                        .attr("type", "button")
                        .class("danger")
                        .dyn_text(move || if busy.get() { "Deleting…" } else { confirm_label }.to_string())
                        .dyn_attr("aria-disabled", move || busy.get().then(|| "true".to_string()))
                        .on("click", move |_| {
                            if !busy.get_untracked() {
                                on_confirm();
                            }
                        }),
                ),
        );
    if let Ok(element) = dialog.0.clone().dyn_into::<web_sys::HtmlDialogElement>() {
        effect(Box::new(move || {
            let want_open = open.get();
            let sync = {
                let element = element.clone();
                move || {
                    if want_open && !element.open() && element.is_connected() {
                        let _ = element.show_modal();
                    } else if !want_open && element.open() {
                        element.close();
                    }
                }
            };
            // showModal needs the dialog in the document; while the page that
            // holds it is still being built, wait for the next frame.
            if element.is_connected() {
                sync();
            } else {
                request_animation_frame(sync);
            }
        }));
    }
    dialog
}
