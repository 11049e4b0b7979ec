//! One control per filter kind. Every control reads its value from the URL
//! and changes the table only by changing the URL.

use crate::api::error::ApiError;
use crate::components::data_table::TableNav;
use crate::components::fetch::use_fetch;
use crate::components::picker::{chosen_detail, search_picker, Picker};
use crate::list::descriptor::{Filter, FilterKind, ListDescriptor, PickerItem, PickerSource, RemoteChoices};
use crate::list::query::TableQuery;
use crate::ui::dom::{el, event_key, event_value, focus_later, El};
use crate::ui::prelude::*;
use std::rc::Rc;

type Apply = Rc<dyn Fn(String)>;

pub fn filter_control(list: &'static ListDescriptor, filter: Filter, query: Memo<TableQuery>, nav: TableNav) -> El {
    let id = format!("akf-{}-filter-{}", list.key, filter.param);
    let current = Memo::new(move |_| query.with(|q| q.filter(filter.param).unwrap_or("").to_string()));
    let apply: Apply =
        Rc::new(move |value: String| nav.go(&query.get_untracked().with_filter(list, filter.param, &value), false));
    match filter.kind {
        FilterKind::Choice(options) => {
            let options: Vec<(String, String)> = options.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect();
            choice_select(&id, filter.label, Signal::stored(options), current, apply, None)
        }
        FilterKind::Boolean => {
            let options = vec![("true".to_string(), "Yes".to_string()), ("false".to_string(), "No".to_string())];
            choice_select(&id, filter.label, Signal::stored(options), current, apply, None)
        }
        FilterKind::Remote(remote) => remote_select(&id, filter.label, remote, current, apply),
        FilterKind::Picker(source) => picker_filter(&id, filter.label, source, current, apply),
        FilterKind::Text | FilterKind::Uuid | FilterKind::Integer => text_filter(&id, filter, current, apply),
    }
}

/// A `<select>` with "All" plus the options; a value the options do not know
/// (from a hand-edited link) is still shown, so the select never lies.
fn choice_select(
    id: &str,
    label: &str,
    options: Signal<Vec<(String, String)>>,
    current: Memo<String>,
    apply: Apply,
    disabled: Option<Signal<bool>>,
) -> El {
    let select = el("select").id(id).on("change", move |ev| apply(event_value(&ev)));
    let select = match disabled {
        Some(disabled) => select.dyn_bool("disabled", move || disabled.get()),
        None => select,
    };
    el("div").class("field").child(el("label").attr("for", id).text(label)).child(select.region_many(move || {
        let value = current.get();
        let mut known = false;
        let mut items = vec![el("option").attr("value", "").text("All").prop_bool("selected", value.is_empty())];
        options.with(|o| {
            for (v, text) in o {
                known |= *v == value;
                items.push(el("option").attr("value", v).text(text).prop_bool("selected", *v == value));
            }
        });
        if !value.is_empty() && !known {
            // "Unknown" only once the choices are in: not while they load or after they failed.
            let pending = disabled.is_some_and(|d| d.get());
            let text = if pending { value.clone() } else { format!("{value} (unknown)") };
            items.push(el("option").attr("value", &value).text(&text).prop_bool("selected", true));
        }
        items
    }))
}

fn remote_select(id: &str, label: &str, remote: &'static RemoteChoices, current: Memo<String>, apply: Apply) -> El {
    let fetch = use_fetch::<Vec<(String, String)>>(move || Some(remote.endpoint.to_string()), remote.decode);
    let options = Signal::derive(move || fetch.data.get().unwrap_or_default());
    let disabled = Signal::derive(move || fetch.data.with(|d| d.is_none()));
    let retry_label = format!("Retry loading the {} choices", label.to_ascii_lowercase());
    let retry_id = format!("{id}-retry");
    // The Retry button goes while the choices load: focus then follows the
    // answer (the filter, or Retry again) instead of falling to the page.
    let refocus = StoredValue::new(false);
    {
        let (select_id, retry_id) = (id.to_string(), retry_id.clone());
        Effect::new(move |_| {
            let loaded = fetch.data.with(|d| d.is_some());
            let failed = fetch.error.with(|e| e.is_some());
            if (loaded || failed) && refocus.get_value() {
                refocus.set_value(false);
                focus_later(vec![if loaded { select_id.clone() } else { retry_id.clone() }]);
            }
        });
    }
    el("div")
        .class("remote-select")
        .child(choice_select(id, label, options, current, apply, Some(disabled)))
        .child(el("p").id(&format!("{id}-error")).class("field-error").attr("role", "alert").dyn_text(move || {
            fetch.error.with(|e| {
                e.as_ref().map(|e| format!("Could not load the choices: {}", e.message())).unwrap_or_default()
            })
        }))
        // Without it the filter stays empty until the page is reloaded.
        .region(move || {
            fetch.error.with(|e| e.is_some()).then(|| {
                el("button")
                    .attr("type", "button")
                    .id(&retry_id)
                    .class("retry-choices")
                    .text("Retry")
                    .attr("aria-label", &retry_label)
                    .on("click", move |_| {
                        refocus.set_value(true);
                        fetch.retry();
                    })
            })
        })
}

/// Text, UUID and integer filters: applied when typing pauses (a valid value),
/// on Enter or when the field loses focus; a value that cannot be right is
/// refused at the field on Enter or leaving it, and kept.
fn text_filter(id: &str, filter: Filter, current: Memo<String>, apply: Apply) -> El {
    let text = RwSignal::new(current.get_untracked());
    let error = RwSignal::new(None::<String>);
    // URL → box (back/forward, "Clear filters"), unless the box already says
    // the same (" 10" for 10): what the user is typing stays as typed.
    Effect::new(move |_| {
        let value = current.get();
        // A value from a link that cannot be right is said here, by the box,
        // as a typed one is (not only in authentik's refusal in the table).
        error.set(filter.check(&value).err());
        if filter.check(&text.get_untracked()).ok().as_ref() != Some(&value) {
            text.set(value);
        }
    });
    let typing = Debounce::new();
    let commit = Rc::new(move || {
        typing.cancel();
        match filter.check(&text.get_untracked()) {
            Ok(value) => {
                error.set(None);
                if value != current.get_untracked() {
                    apply(value);
                }
            }
            Err(message) => error.set(Some(message)),
        }
    });
    // A pause in typing applies a valid value, as the search box does; an
    // unfinished one ("-", half a UUID) waits for Enter or leaving the field,
    // which say what is wrong with it.
    let apply_when_valid = {
        let commit = commit.clone();
        move || {
            if filter.check(&text.get_untracked()).is_ok() {
                commit();
            }
        }
    };
    let error_id = format!("{id}-error");
    let commit_on_enter = commit.clone();
    el("div")
        .class("field text-filter")
        .child(el("label").attr("for", id).text(filter.label))
        .child(
            el("input")
                .id(id)
                .attr("type", "text")
                .attr("autocomplete", "off")
                .attr("spellcheck", "false")
                // No `inputmode="numeric"` for orders: iOS's digit pad has no
                // minus, and an order can be negative.
                .attr("aria-describedby", &error_id)
                .dyn_value(move || text.get())
                .dyn_attr("aria-invalid", move || Some(error.with(|e| e.is_some()).to_string()))
                .on("input", move |ev| {
                    text.set(event_value(&ev));
                    typing.schedule(apply_when_valid.clone());
                })
                .on("change", move |_| commit())
                .on("keydown", move |ev| {
                    if event_key(&ev) == "Enter" {
                        ev.prevent_default();
                        commit_on_enter();
                    }
                }),
        )
        .child(
            el("p")
                .id(&error_id)
                .class("field-error")
                .attr("role", "alert")
                .dyn_text(move || error.get().unwrap_or_default()),
        )
}

/// A flow or stage chosen by searching; the URL holds its pk, and its name is
/// looked up when the page opens from a link.
fn picker_filter(id: &str, label: &str, source: &'static PickerSource, current: Memo<String>, apply: Apply) -> El {
    let known = RwSignal::new(None::<PickerItem>);
    let lookup = use_fetch::<Option<PickerItem>>(
        move || {
            let id = current.get();
            let already = known.with(|k| k.as_ref().is_some_and(|k| k.id == id));
            (!id.is_empty() && !already && crate::json::parse_uuid(&id).is_some()).then(|| (source.lookup)(&id))
        },
        source.decode_one,
    );
    let selected = Signal::derive(move || {
        let id = current.get();
        if id.is_empty() {
            return None;
        }
        if let Some(k) = known.get().filter(|k| k.id == id) {
            return Some(k);
        }
        let looked_up = lookup.data.get().flatten().filter(|i| i.id == id);
        // Until the name arrives (or if it cannot), show the pk itself.
        Some(looked_up.unwrap_or(PickerItem { id: id.clone(), label: id, detail: String::new() }))
    });
    // What is wrong with the flow or stage the address gives, if anything.
    let problem = Memo::new(move |_| {
        lookup
            .error
            .with(|e| {
                e.as_ref().map(|e| match e {
                    ApiError::Http { status: 404, .. } => format!("No {} has this id.", source.noun),
                    e => e.message(),
                })
            })
            .or_else(|| {
                // Not looked up (not a UUID): from a hand-made or cut-off link.
                current
                    .with(|id| !id.is_empty() && crate::json::parse_uuid(id).is_none())
                    .then(|| format!("The {} in the address is not an id (a UUID).", source.noun))
            })
            .unwrap_or_default()
    });
    let error_id = format!("{id}-error");
    let chosen_id = format!("{id}-chosen");
    el("div")
        .class("field picker-field")
        .child(el("label").attr("for", id).text(label))
        .child(search_picker(Picker {
            source,
            id: id.to_string(),
            // Not the input's own name ("Flow"): the list of what matches.
            label: format!("{label}s"),
            selected,
            on_select: Rc::new(move |item: Option<PickerItem>| {
                let value = item.as_ref().map(|i| i.id.clone()).unwrap_or_default();
                known.set(item);
                apply(value);
            }),
            invalid: Some(Signal::derive(move || problem.with(|p| !p.is_empty()))),
            described_by: Some(format!("{chosen_id} {error_id}")),
            clearable: true,
        }))
        .child(chosen_detail(&chosen_id, source, selected))
        .child(el("p").id(&error_id).class("field-error").attr("role", "alert").dyn_text(move || problem.get()))
}
