//! One control per filter kind. Every control reads its value from the URL
//! and changes the table only by changing the URL.

use crate::api::error::ApiError;
use crate::components::data_table::TableNav;
use crate::components::fetch::use_fetch;
use crate::components::picker::SearchPicker;
use crate::list::descriptor::{Filter, FilterKind, ListDescriptor, PickerItem, PickerSource, RemoteChoices};
use crate::list::query::TableQuery;
use leptos::prelude::*;

#[component]
pub fn FilterControl(
    list: &'static ListDescriptor,
    filter: Filter,
    query: Memo<TableQuery>,
    nav: TableNav,
) -> impl IntoView {
    let id = format!("{}-filter-{}", list.key, filter.param);
    let current = Memo::new(move |_| query.with(|q| q.filter(filter.param).unwrap_or("").to_string()));
    let apply = move |value: String| nav.go(&query.get_untracked().with_filter(list, filter.param, &value), false);
    match filter.kind {
        FilterKind::Choice(options) => {
            let options: Vec<(String, String)> = options.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect();
            view! { <ChoiceSelect id label=filter.label options=Signal::stored(options) current apply /> }.into_any()
        }
        FilterKind::Boolean => {
            let options = vec![("true".to_string(), "Yes".to_string()), ("false".to_string(), "No".to_string())];
            view! { <ChoiceSelect id label=filter.label options=Signal::stored(options) current apply /> }.into_any()
        }
        FilterKind::Remote(remote) => view! { <RemoteSelect id label=filter.label remote current apply /> }.into_any(),
        FilterKind::Picker(source) => view! { <PickerFilter id label=filter.label source current apply /> }.into_any(),
        FilterKind::Text | FilterKind::Uuid | FilterKind::Integer => {
            view! { <TextFilter id filter current apply /> }.into_any()
        }
    }
}

/// A `<select>` with "All" plus the options; a value the options do not know
/// (from a hand-edited link) is still shown, so the select never lies.
#[component]
fn ChoiceSelect(
    id: String,
    label: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    current: Memo<String>,
    apply: impl Fn(String) + Copy + 'static,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let unknown = move || {
        let value = current.get();
        let known = options.with(|o| o.iter().any(|(v, _)| *v == value));
        (!value.is_empty() && !known).then(|| {
            let text = format!("{value} (unknown)");
            view! { <option value=value prop:selected=true>{text}</option> }
        })
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id disabled=move || disabled.get() on:change=move |ev| apply(event_target_value(&ev))>
                <option value="" prop:selected=move || current.with(|c| c.is_empty())>"All"</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let v = value.clone();
                            view! { <option value=value prop:selected=move || current.with(|c| *c == v)>{text}</option> }
                        })
                        .collect_view()
                }}
                {unknown}
            </select>
        </div>
    }
}

#[component]
fn RemoteSelect(
    id: String,
    label: &'static str,
    remote: &'static RemoteChoices,
    current: Memo<String>,
    apply: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    let fetch = use_fetch::<Vec<(String, String)>>(move || Some(remote.endpoint.to_string()), remote.decode);
    let options = Signal::derive(move || fetch.data.get().unwrap_or_default());
    let error_id = format!("{id}-error");
    let message =
        move || fetch.error.with(|e| e.as_ref().map(|e| format!("Could not load the choices: {}", e.message())));
    view! {
        <div class="remote-select">
            <ChoiceSelect id label options current apply disabled=Signal::derive(move || fetch.data.with(|d| d.is_none())) />
            <p id=error_id class="field-error" role="alert">
                {message}
            </p>
        </div>
    }
}

/// Text, UUID and integer filters: applied on Enter or when the field loses
/// focus; a value that cannot be right is refused at the field, and kept.
#[component]
fn TextFilter(
    id: String,
    filter: Filter,
    current: Memo<String>,
    apply: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    let text = RwSignal::new(current.get_untracked());
    let error = RwSignal::new(None::<String>);
    // URL → box (back/forward, "Clear filters").
    Effect::new(move |_| {
        let value = current.get();
        text.set(value);
        error.set(None);
    });
    let commit = move || match filter.check(&text.get_untracked()) {
        Ok(value) => {
            error.set(None);
            if value != current.get_untracked() {
                apply(value);
            }
        }
        Err(message) => error.set(Some(message)),
    };
    let error_id = format!("{id}-error");
    let numeric = matches!(filter.kind, FilterKind::Integer);
    view! {
        <div class="field text-filter">
            <label for=id.clone()>{filter.label}</label>
            <input
                id=id
                type="text"
                autocomplete="off"
                spellcheck="false"
                inputmode=if numeric { "numeric" } else { "text" }
                prop:value=move || text.get()
                aria-invalid=move || error.with(|e| e.is_some()).to_string()
                aria-describedby=error_id.clone()
                on:input=move |ev| text.set(event_target_value(&ev))
                on:change=move |_| commit()
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        commit();
                    }
                }
            />
            <p id=error_id class="field-error" role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}

/// A flow or stage chosen by searching; the URL holds its pk, and its name is
/// looked up when the page opens from a link.
#[component]
fn PickerFilter(
    id: String,
    label: &'static str,
    source: &'static PickerSource,
    current: Memo<String>,
    apply: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let known = RwSignal::new(None::<PickerItem>);
    let lookup = use_fetch::<Option<PickerItem>>(
        move || {
            let id = current.get();
            let already = known.with(|k| k.as_ref().is_some_and(|k| k.id == id));
            (!id.is_empty() && !already && uuid::Uuid::parse_str(&id).is_ok()).then(|| (source.lookup)(&id))
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
    let on_select = Callback::new(move |item: Option<PickerItem>| {
        let value = item.as_ref().map(|i| i.id.clone()).unwrap_or_default();
        known.set(item);
        apply(value);
    });
    let error_id = format!("{id}-error");
    let lookup_error = move || {
        lookup.error.with(|e| {
            e.as_ref().map(|e| match e {
                ApiError::Http { status: 404, .. } => format!("No {} has this id.", source.noun),
                e => e.message(),
            })
        })
    };
    view! {
        <div class="field picker-field">
            <label for=id.clone()>{label}</label>
            <SearchPicker
                source
                id
                label=label.to_string()
                selected
                on_select
                clearable=true
                described_by=error_id.clone()
            />
            <p id=error_id class="field-error" role="alert">
                {lookup_error}
            </p>
        </div>
    }
}
