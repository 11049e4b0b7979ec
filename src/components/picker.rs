//! A search picker (ARIA combobox with a listbox popup): types to search the
//! server, pages through every result, and always shows the chosen object as
//! chosen, even when it is not on the first page of results.

use crate::api::client;
use crate::api::client::Method;
use crate::api::error::ApiError;
use crate::list::descriptor::{PickerItem, PickerSource};
use crate::state::auth::use_auth;
use crate::ui::dom::{el, event_key, event_value, focus_id, El};
use crate::ui::prelude::*;

use std::rc::Rc;
use web_sys::AbortController;

/// What a picker needs from its caller.
pub struct Picker {
    pub source: &'static PickerSource,
    /// Id of the input; the caller's `<label for>` names it.
    pub id: String,
    /// Accessible name of the listbox.
    pub label: String,
    /// The chosen object, if any.
    pub selected: Signal<Option<PickerItem>>,
    /// Called with the new choice (`None` when cleared).
    pub on_select: Rc<dyn Fn(Option<PickerItem>)>,
    /// Marks the input invalid (a message is shown by the caller).
    pub invalid: Option<Signal<bool>>,
    /// Id of the element describing the input (an error message).
    pub described_by: Option<String>,
    /// Offers a Clear button while something is chosen.
    pub clearable: bool,
}

/// Under a picker: what tells the chosen item from others of the same name
/// ("Slug: default-authentication-flow"; authentik's default authentication
/// and source authentication flows share a name). Hidden while nothing is
/// chosen or the detail is not known yet; the picker's `described_by` names it.
pub fn chosen_detail(id: &str, source: &'static PickerSource, selected: Signal<Option<PickerItem>>) -> El {
    el("p").id(id).class("hint picker-chosen").dyn_text(move || {
        selected
            .with(|s| {
                s.as_ref()
                    .filter(|item| !item.detail.is_empty())
                    .map(|item| format!("{}: {}", source.detail_label, item.detail))
            })
            .unwrap_or_default()
    })
}

pub fn search_picker(picker: Picker) -> El {
    let Picker { source, id, label, selected, on_select, invalid, described_by, clearable } = picker;
    let auth = use_auth();
    let list_id = format!("{id}-listbox");
    let text = RwSignal::new(selected.get_untracked().map(|s| s.label).unwrap_or_default());
    let editing = RwSignal::new(false);
    let open = RwSignal::new(false);
    let results = RwSignal::new(Vec::<PickerItem>::new());
    let count = RwSignal::new(0u64);
    let next = RwSignal::new(0u64);
    let loaded = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let active = RwSignal::new(None::<usize>);
    let term = RwSignal::new(String::new());
    // The search the listed results answer. Until the one typed since has
    // answered, they are stale: shown dimmed, and neither arrows nor Enter nor
    // a click can choose one (Enter then bound a stage that did not match).
    let results_for = RwSignal::new(String::new());
    let stale = Memo::new(move |_| {
        let wanted = if editing.get() { text.get() } else { term.get() };
        results_for.with(|r| r.trim() != wanted.trim())
    });
    // Down arrow pressed before the results it asks for were in: the first
    // of them is made active when they come, as the key asked.
    let down_early = StoredValue::new(false);
    let in_flight = StoredValue::new_local(None::<AbortController>);
    let generation = StoredValue::new(0u64);
    let typing = Debounce::new();

    // The input shows the chosen object's name unless the user is typing.
    Effect::new(move |_| {
        let label = selected.with(|s| s.as_ref().map(|s| s.label.clone()).unwrap_or_default());
        if !editing.get_untracked() {
            text.set(label);
        }
    });

    // What the listbox offers: the chosen object first when the results do not
    // include it, so it is always visible and marked as chosen.
    let options = Memo::new(move |_| {
        let chosen = selected.get();
        let mut items = results.get();
        if let Some(chosen) = chosen {
            let searching = !term.with(|t| t.trim().is_empty());
            // Always first, also once a later page brings it: the options
            // before the one arrowed to must not shift under it.
            if !searching {
                items.retain(|i| i.id != chosen.id);
                items.insert(0, chosen);
            }
        }
        items
    });

    // The page whose request failed: trying again asks for it, keeping the
    // results already shown ("Show more" five times, then one failure).
    let failed_page = StoredValue::new(1u64);
    let load = move |page: u64| {
        let Some(session) = auth.session.get_untracked() else { return };
        in_flight.update_value(|c| {
            if let Some(c) = c.take() {
                c.abort();
            }
        });
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        in_flight.set_value(controller);
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        loading.set(true);
        error.set(None);
        let asked = term.get_untracked();
        let path = source.search_path(&asked, page);
        let request = client::send(&session, Method::GET, &path, None, signal.as_ref());
        spawn_local(async move {
            let result = request.await.and_then(|body| (source.decode_page)(&body));
            if generation.try_get_value() != Some(this) {
                return;
            }
            loading.try_set(false);
            match result {
                Ok(found) => {
                    if page <= 1 {
                        let first = (down_early.try_get_value() == Some(true) && !found.items.is_empty()).then_some(0);
                        down_early.try_update_value(|d| *d = false);
                        results.try_set(found.items);
                        results_for.try_set(asked);
                        active.try_set(first);
                    } else {
                        results.try_update(|r| r.extend(found.items));
                    }
                    count.try_set(found.count);
                    next.try_set(found.next);
                    loaded.try_set(true);
                }
                Err(ApiError::Aborted) => {}
                Err(e) if auth.intercept(&e) => {}
                Err(e) => {
                    failed_page.try_update_value(|p| *p = page);
                    error.try_set(Some(e.message()));
                }
            }
        });
    };
    let cancel_pending = move || typing.cancel();
    on_cleanup(move || {
        in_flight.try_update_value(|c| {
            if let Some(c) = c.take() {
                c.abort();
            }
        });
    });

    let show = move || {
        if !open.get_untracked() {
            open.set(true);
            if error.with_untracked(Option::is_some) {
                load(failed_page.get_value());
            } else if !loaded.get_untracked() {
                load(1);
            }
        }
    };
    // Closed, the search typed is over: the list opens again on everything
    // (with the chosen object), not on what the last search found.
    let forget_search = move || {
        if term.with_untracked(|t| !t.is_empty()) {
            term.set(String::new());
            generation.update_value(|g| *g += 1);
            loading.set(false);
            loaded.set(false);
            // A failed "Show more" of that search is not retried on the full list.
            error.set(None);
        }
    };
    let close = move || {
        cancel_pending();
        forget_search();
        open.set(false);
        active.set(None);
        down_early.set_value(false);
        if editing.get_untracked() {
            editing.set(false);
            text.set(selected.get_untracked().map(|s| s.label).unwrap_or_default());
        }
    };
    let choose: Rc<dyn Fn(PickerItem)> = {
        let on_select = on_select.clone();
        Rc::new(move |item: PickerItem| {
            cancel_pending();
            forget_search();
            editing.set(false);
            text.set(item.label.clone());
            open.set(false);
            active.set(None);
            on_select(Some(item));
        })
    };
    let option_prefix = id.clone();
    let move_active = move |delta: isize| {
        let n = options.with(|o| o.len());
        if stale.get_untracked() {
            return;
        }
        if n == 0 {
            return;
        }
        let current = active.get_untracked();
        let target = match current {
            None if delta > 0 => 0,
            None => n - 1,
            Some(i) => (i as isize + delta).clamp(0, n as isize - 1) as usize,
        };
        // Arrowing past the last result fetches the next page.
        if delta > 0 && current == Some(n - 1) && next.get_untracked() > 0 && !loading.get_untracked() {
            load(next.get_untracked());
        }
        active.set(Some(target));
        if let Some(option) = document().get_element_by_id(&format!("{option_prefix}-opt-{target}")) {
            option.scroll_into_view_with_bool(false);
        }
    };

    let noun = source.noun;
    let status = move || {
        if loading.get() {
            format!("Searching {noun}s…")
        } else if let Some(e) = error.get() {
            format!("{e} Press the down arrow to try again.")
        } else if stale.get() {
            // Typing has not paused yet: the search is about to start.
            format!("Searching {noun}s…")
        } else if loaded.get() {
            let shown = results.with(|r| r.len());
            match (count.get(), term.with(|t| t.trim().to_string())) {
                (0, t) if !t.is_empty() => format!("No {noun}s match “{}”.", crate::text::isolate(&t)),
                (0, _) => format!("There are no {noun}s."),
                (n, _) if n as usize > shown => format!("Showing {shown} of {n} {noun}s."),
                (1, _) => format!("1 {noun}."),
                (n, _) => format!("{n} {noun}s."),
            }
        } else {
            String::new()
        }
    };

    // The options change with the term (the chosen one leaves the top): an
    // option arrowed to meanwhile is let go.
    let search_typed = move || {
        active.set(None);
        term.set(text.get_untracked());
        load(1);
    };
    // A key that wants results before the typing pause: search now.
    let search_now = move || {
        if typing.is_pending() {
            typing.cancel();
            search_typed();
        }
    };

    let input = {
        let choose = choose.clone();
        let option_prefix = id.clone();
        el("input")
            .id(&id)
            .attr("type", "text")
            .attr("role", "combobox")
            .attr("autocomplete", "off")
            .attr("spellcheck", "false")
            .attr("aria-autocomplete", "list")
            .attr("aria-controls", &list_id)
            .attr_opt("aria-describedby", described_by.as_deref())
            .attr("placeholder", &format!("Search {noun}s…"))
            // Expanded only while there are options to move through: with none the
            // popup only holds its status line ("No flows match …"), which is announced.
            .dyn_attr("aria-expanded", move || Some((open.get() && options.with(|o| !o.is_empty())).to_string()))
            .dyn_attr("aria-activedescendant", move || active.get().map(|i| format!("{option_prefix}-opt-{i}")))
            .dyn_attr("aria-invalid", move || Some(invalid.is_some_and(|i| i.get()).to_string()))
            .dyn_value(move || text.get())
            .on("input", move |ev| {
                editing.set(true);
                text.set(event_value(&ev));
                open.set(true);
                // The option arrowed to belongs to the last search: Enter
                // before the new one's results must not choose it.
                active.set(None);
                down_early.set_value(false);
                typing.schedule(search_typed);
            })
            .on("keydown", move |ev| match event_key(&ev).as_str() {
                "ArrowDown" => {
                    ev.prevent_default();
                    if !open.get_untracked() {
                        show()
                    } else if error.with_untracked(Option::is_some) && !loading.get_untracked() {
                        // After a failed search, the key that asks for results asks again.
                        load(failed_page.get_value())
                    } else {
                        search_now();
                        if stale.get_untracked() {
                            down_early.set_value(true);
                        }
                        move_active(1)
                    }
                }
                "ArrowUp" => {
                    ev.prevent_default();
                    if open.get_untracked() {
                        move_active(-1)
                    }
                }
                // Enter chooses; it never submits the form underneath.
                "Enter" if open.get_untracked() => {
                    ev.prevent_default();
                    search_now();
                    let item = active
                        .get_untracked()
                        .filter(|_| !stale.get_untracked())
                        .and_then(|i| options.with_untracked(|o| o.get(i).cloned()));
                    if let Some(item) = item {
                        choose(item);
                    }
                }
                // Tab keeps what the list offers before focus moves on: the
                // option arrowed to, or else the one result named exactly as
                // typed (all results in, so no other of that name is left
                // unseen). Otherwise leaving puts the chosen object back.
                "Tab" if open.get_untracked() && !stale.get_untracked() => {
                    let arrowed = active.get_untracked().and_then(|i| options.with_untracked(|o| o.get(i).cloned()));
                    let typed = || {
                        if !editing.get_untracked() || next.get_untracked() > 0 {
                            return None;
                        }
                        // ASCII case only: Unicode's case tables would cost the wasm more than this is worth.
                        let typed = text.get_untracked();
                        results.with_untracked(|r| {
                            let mut named = r.iter().filter(|i| i.label.trim().eq_ignore_ascii_case(typed.trim()));
                            match (named.next(), named.next()) {
                                (Some(only), None) => Some(only.clone()),
                                _ => None,
                            }
                        })
                    };
                    if let Some(item) = arrowed.or_else(typed) {
                        choose(item);
                    }
                }
                "Escape" if open.get_untracked() => {
                    ev.prevent_default();
                    ev.stop_propagation();
                    close();
                }
                _ => {}
            })
            // A click opens the list, as on a select (the toggle is not the only way for a mouse).
            .on("click", move |_| {
                if !open.get_untracked() {
                    show()
                }
            })
            .on("blur", move |_| close())
    };

    let toggle = {
        let id = id.clone();
        el("button")
            .attr("type", "button")
            .class("picker-toggle")
            .attr("tabindex", "-1")
            .attr("aria-label", &format!("Show {noun}s"))
            .text("▾")
            .on("mousedown", |ev| ev.prevent_default())
            .on("click", move |_| {
                if open.get_untracked() {
                    close();
                } else {
                    focus_id(&id);
                    show();
                }
            })
    };

    let clear = {
        let on_select = on_select.clone();
        let input_id = id.clone();
        move || {
            let on_select = on_select.clone();
            let input_id = input_id.clone();
            (clearable && selected.with(|s| s.is_some())).then(|| {
                el("button")
                    .attr("type", "button")
                    .class("picker-clear")
                    .attr("aria-label", &format!("Clear the {noun}"))
                    .text("×")
                    .on("click", move |_| {
                        editing.set(false);
                        text.set(String::new());
                        on_select(None);
                        // The button goes with the choice: focus stays in the picker.
                        focus_id(&input_id);
                    })
            })
        }
    };

    let listbox = {
        let option_prefix = id.clone();
        // tabindex -1: Chromium lets Tab stop on a scrollable element, and this
        // one closes (and leaves focus nowhere) when the input loses focus.
        el("ul").id(&list_id).attr("role", "listbox").attr("aria-label", &label).attr("tabindex", "-1").region_many(
            move || {
                let chosen = selected.with(|s| s.as_ref().map(|s| s.id.clone()));
                options
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let is_chosen = chosen.as_deref() == Some(item.id.as_str());
                        let choose = choose.clone();
                        el("li")
                            .id(&format!("{option_prefix}-opt-{i}"))
                            .attr("role", "option")
                            .attr("aria-selected", if is_chosen { "true" } else { "false" })
                            .dyn_attr("aria-disabled", move || stale.get().then(|| "true".to_string()))
                            .dyn_class("active", move || active.get() == Some(i))
                            .child(el("span").class("picker-label").text(&item.label))
                            .child(el("span").class("picker-detail").text(&item.detail))
                            .on("click", move |_| {
                                if !stale.get_untracked() {
                                    choose(item.clone())
                                }
                            })
                    })
                    .collect()
            },
        )
    };

    el("div")
        .class("picker")
        .dyn_class("open", move || open.get())
        .child(el("div").class("picker-control").child(input).child(toggle).region(clear))
        .child(
            el("div")
                .class("picker-popup")
                .dyn_bool("hidden", move || !open.get())
                // Nothing in it takes focus from the input (options, buttons,
                // the status line, the list's scrollbar): the list stays open.
                .on("mousedown", |ev| ev.prevent_default())
                .child(listbox)
                .child(el("p").class("picker-status").attr("role", "status").dyn_text_isolated(status))
                .region(move || {
                    (error.with(Option::is_some) && !loading.get()).then(|| {
                        el("button")
                            .attr("type", "button")
                            .class("picker-more")
                            .attr("tabindex", "-1")
                            .text("Retry")
                            .on("click", move |_| load(failed_page.get_value()))
                    })
                })
                .region(move || {
                    (next.get() > 0 && !loading.get()).then(|| {
                        el("button")
                            .attr("type", "button")
                            .class("picker-more")
                            .attr("tabindex", "-1")
                            .text(&format!("Show more {noun}s"))
                            .on("click", move |_| load(next.get_untracked()))
                    })
                }),
        )
}
