//! A modal confirmation for destructive actions (`<dialog>` opened with
//! `showModal`: focus stays inside, Escape cancels).

use leptos::html;
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    /// Opens and closes the dialog.
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] message: Signal<String>,
    /// Text of the confirming button, e.g. "Delete binding".
    confirm_label: &'static str,
    on_confirm: Callback<()>,
    /// While the action runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// What went wrong, shown inside the dialog.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let want_open = open.get();
        if let Some(el) = dialog.get() {
            if want_open && !el.open() {
                let _ = el.show_modal();
            } else if !want_open && el.open() {
                el.close();
            }
        }
    });
    view! {
        <dialog
            node_ref=dialog
            class="confirm"
            role="alertdialog"
            aria-labelledby="confirm-title"
            aria-describedby="confirm-message"
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                if !busy.get_untracked() {
                    open.set(false);
                }
            }
        >
            <h2 id="confirm-title">{move || title.get()}</h2>
            <p id="confirm-message">{move || message.get()}</p>
            <p class="form-error" role="alert">
                {move || error.get()}
            </p>
            <div class="dialog-actions">
                <button type="button" on:click=move |_| open.set(false) disabled=move || busy.get()>
                    "Cancel"
                </button>
                <button type="button" class="danger" on:click=move |_| on_confirm.run(()) disabled=move || busy.get()>
                    {move || if busy.get() { "Deleting…" } else { confirm_label }}
                </button>
            </div>
        </dialog>
    }
}
