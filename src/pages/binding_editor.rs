//! `/bindings/<pk>` and `/bindings/new`: the binding editor. Checks what it can
//! before sending, puts authentik's 400 messages at their fields, keeps every
//! edit when the network fails, and asks before unsaved changes are left.

use crate::api::bindings::{FlowStageBinding, InvalidResponseAction};
use crate::api::client;
use crate::api::client::Method;
use crate::api::decode_json;
use crate::api::error::ApiError;
use crate::api::models::{Paginated, PolicyEngineMode};
use crate::app::set_page_title;
use crate::components::confirm::{confirm_dialog, Confirm};
use crate::components::data_table::ListMemory;
use crate::components::fetch::use_fetch;
use crate::components::picker::{chosen_detail, search_picker, Picker};
use crate::components::states::{error_state, screen_notice};
use crate::editor::binding_form::{kept, order_after_last, restore, BindingDraft, Field, FormErrors};
use crate::list::descriptor::{PickerItem, PickerSource};
use crate::list::query::{encode_component, encode_path_segment};
use crate::resources::bindings::{binding_edit_href, binding_tab_title, binding_title_isolated};
use crate::resources::pickers::{FLOW_PICKER, STAGE_PICKER};
use crate::router::{back_link, use_router, Nav};
use crate::state::auth::use_auth;
use crate::state::drafts;
use crate::state::flash::use_flash;
use crate::state::guard::use_leave_guard;
use crate::state::session::safe_return_path;
use crate::text::isolate;
use crate::ui::dom::{el, event_checked, event_value, focus_id, focus_later, El};
use crate::ui::prelude::*;

use std::rc::Rc;

/// Where to go after saving, cancelling or deleting.
fn return_path() -> String {
    let back = match use_router().url_untracked().get("return") {
        Some(b) => safe_return_path(Some(&b)),
        None => "/bindings".to_string(),
    };
    // A list named by its path alone (`/bindings`): back to the view of it
    // that was left (its page, sort and filters).
    let remembered =
        use_context::<ListMemory>().and_then(|m| m.0.with_value(|m| back.get(1..).and_then(|k| m.get(k).cloned())));
    remembered.unwrap_or(back)
}

/// The page around the form. The heading is there from the start, while
/// the binding loads, and stays when the form replaces the loading line: a
/// new page puts focus on it, and focus is not lost when the content changes.
fn editor_page(back: &str, heading: impl Fn() -> String + 'static, content: impl Fn() -> Vec<El> + 'static) -> El {
    el("section")
        .class("page editor")
        .child(el("p").class("breadcrumb").child(back_link(back).text("← Back")))
        .child(el("h1").id(EDITOR_HEADING).attr("tabindex", "-1").dyn_text_isolated(heading))
        .region_many(content)
}

/// The editor's heading: where focus goes when what had it is replaced.
const EDITOR_HEADING: &str = "akf-editor-heading";

pub fn binding_edit_page(pk: String) -> El {
    let back = return_path();
    // A binding's address ends in its UUID: anything else names no binding,
    // and is said so without asking authentik.
    let is_uuid = crate::json::parse_uuid(&pk).is_some();
    let path = format!("flows/bindings/{}/", encode_path_segment(&pk));
    let fetch = use_fetch::<FlowStageBinding>(move || is_uuid.then(|| path.clone()), decode_json::<FlowStageBinding>);
    let back_for_form = back.clone();
    // Set by Retry: the button goes with the error when the answer comes, so
    // focus then moves to the heading of what replaced it.
    let refocus = StoredValue::new(false);
    let heading = move || {
        fetch.data.with(|d| match d {
            Some(binding) => format!("Edit the binding of {}", binding_title_isolated(binding)),
            None => "Edit binding".to_string(),
        })
    };
    // The tab says which binding, stage first (a tab shows the beginning).
    Effect::new(move |_| {
        if let Some(title) = fetch.data.with(|d| d.as_ref().map(binding_tab_title)) {
            set_page_title(&title);
        }
    });
    editor_page(&back, heading, move || {
        let (error, data) = (fetch.error.get(), fetch.data.get());
        if refocus.get_value() && (error.is_some() || data.is_some()) {
            refocus.set_value(false);
            focus_later(vec![EDITOR_HEADING.to_string()]);
        }
        if !is_uuid {
            let detail = format!("A binding's address ends in its UUID; “{}” is not one.", isolate(&pk));
            return vec![error_state("This address names no binding".into(), &detail, None)];
        }
        if let Some(error) = error {
            // No such binding (deleted, or a mistyped id): asking again gets
            // the same answer, so no Retry; the way back is above.
            let gone = matches!(error, ApiError::Http { status: 404, .. });
            let title = if gone { "There is no binding with this id" } else { "Could not load the binding" };
            let retry = move || {
                refocus.set_value(true);
                fetch.retry();
            };
            return vec![error_state(
                title.into(),
                &error.message(),
                (!gone).then(|| Box::new(retry) as Box<dyn Fn()>),
            )];
        }
        match data {
            None => vec![el("div").class("state loading").attr("role", "status").text("Loading the binding…")],
            Some(binding) => {
                let draft = BindingDraft::from_binding(&binding);
                untrack(|| binding_form(Some(binding), draft, &back_for_form))
            }
        }
    })
}

pub fn binding_create_page() -> El {
    let url = use_router().url_untracked();
    let back = return_path();
    let order = url.get("order").unwrap_or_default();
    // A flow or stage given in the address (a link from a flow, a filtered
    // list) is shown by name: look it up first.
    let prefill = |param: &str, source: &'static PickerSource| {
        let raw = url.get(param).filter(|t| !t.is_empty());
        let pk = raw.clone().filter(|t| crate::json::parse_uuid(t).is_some());
        let (given, malformed) = (pk.is_some(), raw.is_some() && pk.is_none());
        let lookup =
            use_fetch::<Option<PickerItem>>(move || pk.as_ref().map(|t| (source.lookup)(t)), source.decode_one);
        let ready = move || !given || lookup.data.with(|d| d.is_some()) || lookup.error.with(|e| e.is_some());
        (lookup, ready, malformed)
    };
    let (target, target_ready, target_malformed) = prefill("target", &FLOW_PICKER);
    let (stage, stage_ready, stage_malformed) = prefill("stage", &STAGE_PICKER);
    let back_for_form = back.clone();
    editor_page(
        &back,
        || "New stage binding".to_string(),
        move || {
            if !(target_ready() && stage_ready()) {
                return vec![el("div").class("state loading").attr("role", "status").text("Loading…")];
            }
            let draft = BindingDraft {
                target: target.data.get().flatten(),
                stage: stage.data.get().flatten(),
                order: order.clone(),
                ..Default::default()
            };
            // A flow or stage the address named but that could not be had is
            // said, not silently left out.
            let missing =
                [("flow", target_malformed, target.error.get()), ("stage", stage_malformed, stage.error.get())]
                    .into_iter()
                    .filter_map(|(noun, malformed, e)| {
                        let why = match e {
                            _ if malformed => "what the address gives is not an id (a UUID).".to_string(),
                            Some(ApiError::Http { status: 404, .. }) => "it does not exist (any more).".to_string(),
                            Some(e) => e.message(),
                            None => return None,
                        };
                        Some(
                            el("p")
                                .class("notice")
                                .attr("role", "status")
                                .text(&format!("The {noun} given in the address is not filled in: {why}")),
                        )
                    });
            let mut content: Vec<El> = missing.collect();
            content.extend(untrack(|| binding_form(None, draft, &back_for_form)));
            content
        },
    )
}

/// How long the question "was it saved?" may take after a save timed out.
const CHECK_AFTER_TIMEOUT_MS: u32 = 5_000;

#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    /// The request did not get through; edits are kept and Retry resends.
    Failed(String),
    /// The binding was deleted after the editor opened (404 on save); edits are
    /// kept and saving creates it again.
    Gone,
}

/// Options for an enum `<select>`, plus the current value if this build does not know it.
fn enum_options(known: &'static [(&'static str, &'static str)], current: &str) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = known.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect();
    if !known.iter().any(|(v, _)| *v == current) {
        options.push((current.to_string(), format!("{current} (unknown)")));
    }
    options
}

/// What a save says on the page it returns to.
/// `from`: the flow the binding was in before an update.
fn saved_message(from: Option<uuid::Uuid>, saved: &FlowStageBinding) -> String {
    let verb = match from {
        None => "Created",
        // Gone from the flow page this returns to; and two flows can share a
        // name (authentik's default authentication and source flows do).
        Some(flow) if flow != saved.target => match saved.target_flow() {
            Some(f) => {
                return format!(
                    "Moved the binding of stage “{}” to flow “{}” ({}) at order {}.",
                    isolate(&saved.stage_obj.name),
                    isolate(&f.name),
                    isolate(&f.slug),
                    saved.order
                )
            }
            // Its flow unknown to the stage's list: named by its UUID, as elsewhere.
            None => "Moved",
        },
        Some(_) => "Saved",
    };
    saved_message_as(verb, saved)
}

/// "`verb` the binding of stage “…” in flow “…” at order 20."
fn saved_message_as(verb: &str, saved: &FlowStageBinding) -> String {
    format!("{verb} the binding of {} at order {}.", binding_title_isolated(saved), saved.order)
}

fn binding_form(existing: Option<FlowStageBinding>, initial: BindingDraft, back: &str) -> Vec<El> {
    let auth = use_auth();
    let guard = use_leave_guard();
    let flash = use_flash();
    let router = use_router();
    let written = expect_context::<crate::components::fetch::Written>();
    // A save or delete that lands after the editor was left: the page now
    // shown may hold what was there before it, so its lists ask again.
    let landed_after_leaving = move |message: String| {
        written.0.update(|n| *n += 1);
        flash.show_at(&router.url_untracked().path, message);
    };
    let stash_key = existing.as_ref().map(|b| b.pk.to_string()).unwrap_or_else(|| "new".into());

    let original = StoredValue::new(initial.clone());
    // Changes kept from before the session ended come back (see `restore`).
    let restored = drafts::take(&stash_key)
        .and_then(|kept| restore(&kept, &initial, existing.is_none()))
        .filter(|d| *d != initial);
    let notice =
        restored.as_ref().map(|_| screen_notice("akf-editor-restored", "Your unsaved changes were restored.".into()));
    let draft = RwSignal::new(restored.unwrap_or(initial));
    let errors = RwSignal::new(FormErrors::default());
    let state = RwSignal::new(SaveState::Idle);
    let dirty = Memo::new(move |_| original.with_value(|o| draft.with(|d| d != o)));

    let unsaved =
        move || dirty.get().then(|| "You have unsaved changes to this binding. Leave without saving them?".to_string());
    Effect::new(move |_| guard.set(unsaved()));
    // Changes are kept in this tab's storage as they are made: however the
    // session ends (a save, a picker's search, another tab signing out), they
    // come back after signing in again. Leaving the editor otherwise (saved,
    // cancelled, left without saving) drops them.
    let kept_under = stash_key.clone();
    let stash_key_stored = StoredValue::new(stash_key.clone());
    Effect::new(move |_| {
        let key = &kept_under;
        if dirty.get() {
            original.with_value(|o| draft.with(|d| drafts::stash(key, &kept(o, d))));
        } else {
            drafts::remove(key);
        }
    });
    on_cleanup(move || {
        guard.set(None);
        if !auth.has_ended() {
            drafts::remove(&stash_key);
        }
    });

    // A new binding's order, until one is typed: ten past the chosen flow's
    // last stage, as its page's Add stage binding gives (asked of authentik:
    // a list of the flow's bindings could be long). It follows the flow
    // while it is the one filled in.
    let suggested = StoredValue::new(None::<String>);
    let order_open =
        move |d: &BindingDraft| d.order.trim().is_empty() || suggested.with_value(|s| s.as_ref() == Some(&d.order));
    if existing.is_none() {
        let target = Memo::new(move |_| draft.with(|d| d.target.as_ref().map(|t| t.id.clone())));
        Effect::new(move |_| {
            let Some(flow) = target.get() else { return };
            let Some(session) = auth.session.get_untracked() else { return };
            if !draft.with_untracked(order_open) {
                return;
            }
            spawn_local(async move {
                let path = format!("flows/bindings/?target={}&ordering=-order&page_size=1", encode_component(&flow));
                let Ok(last) = client::get_json::<Paginated<FlowStageBinding>>(&session, &path, None).await else {
                    return; // The order is then the user's to give.
                };
                let Some(order) = order_after_last(last.results.first().map(|b| b.order)) else {
                    return; // No room after the last: the order is the user's to give.
                };
                let order = order.to_string();
                // Still this flow, and still no order of the user's own.
                let still = move |d: &BindingDraft| d.target.as_ref().is_some_and(|t| t.id == flow) && order_open(d);
                if draft.try_with_untracked(still) != Some(true) {
                    return;
                }
                // Filled in for the flow the address gave: nothing of the user's to lose yet.
                let untouched = original.with_value(|o| draft.with_untracked(|d| d == o));
                suggested.set_value(Some(order.clone()));
                if untouched {
                    original.update_value(|o| o.order = order.clone());
                }
                draft.update(|d| d.order = order);
            });
        });
    }

    let existing_pk = existing.as_ref().map(|b| b.pk);
    let before = StoredValue::new(existing.clone());
    let back_stored = StoredValue::new(back.to_string());
    // Replaces the editor in history: Back then does not reopen a binding
    // just deleted, or an empty form for one just created.
    let leave_to = move |message: String| {
        // An answer that comes after the user has left the editor (they
        // confirmed leaving while it saved): the page they are on now, and its
        // leave guard, are not this editor's to change.
        let Some(back) = back_stored.try_get_value() else { return };
        guard.set(None);
        flash.show_at(&back, message);
        if !router.back_to(&back) {
            router.navigate(&back, Nav::Replace);
        }
    };

    // A field's message goes once its value is changed (with aria-invalid),
    // not only at the next save.
    let errors_shown_for = StoredValue::new(None::<BindingDraft>);
    Effect::new(move |_| {
        draft.with(|now| {
            errors_shown_for.with_value(|shown| {
                let Some(shown) = shown else { return };
                let mut kept = errors.get_untracked();
                let before = kept.fields.len();
                kept.clear_changed(shown, now);
                if kept.fields.len() != before {
                    errors.set(kept);
                }
            })
        })
    });

    let show_errors = move |found: FormErrors| {
        let first = found.first_field();
        let summary = !found.non_field.is_empty();
        errors_shown_for.set_value(Some(draft.get_untracked()));
        errors.set(found);
        // After the messages render, move focus to the first one.
        request_animation_frame(move || {
            if summary {
                focus_id("akf-binding-form-errors");
            } else if let Some(field) = first {
                focus_id(field.input_id());
            }
        });
    };

    // Done, though not from a plain 2xx: said where the editor returns to, or
    // on the page now shown if the editor was left meanwhile.
    let finish = move |message: String| {
        if state.try_set(SaveState::Idle).is_some() {
            landed_after_leaving(message);
        } else {
            leave_to(message);
        }
    };
    let gone = StoredValue::new(false);
    let deleting = RwSignal::new(false);
    // After a save that did not leave the editor: leaving asks again as before it.
    let rearm_guard = move || {
        if state.try_get_untracked().is_some() {
            guard.set(untrack(unsaved));
        }
    };
    let save = move || {
        // One request at a time: a delete confirmed during a save (or a save
        // during a delete) made both, and a message that said the other.
        if state.get_untracked() == SaveState::Saving || deleting.get_untracked() {
            return;
        }
        let request = match draft.with_untracked(|d| d.validate()) {
            Ok(r) => r,
            Err(found) => {
                show_errors(found);
                return;
            }
        };
        let Some(session) = auth.session.get_untracked() else { return };
        errors.set(FormErrors::default());
        let updating = existing_pk.filter(|_| !gone.get_value());
        let from = updating.and(before.with_value(|b| b.as_ref().map(|b| b.target)));
        // An update sends only what this edit changed (PATCH), so it cannot
        // undo what was changed elsewhere meanwhile; a new binding all of it.
        // Owned: the request is sent after this function returns.
        let (method, path, body) = match (updating, before.get_value()) {
            (Some(pk), Some(before)) => {
                let changes = request.changes_from(&before);
                if matches!(&changes, crate::json::Json::Object(members) if members.is_empty()) {
                    leave_to(format!(
                        "Nothing to save: the binding of {} is unchanged.",
                        binding_title_isolated(&before)
                    ));
                    return;
                }
                (Method::PATCH, format!("flows/bindings/{pk}/"), changes)
            }
            _ => (Method::POST, "flows/bindings/".to_string(), request.to_json().into_owned()),
        };
        // Saving… is where the keyboard is meanwhile: Retry, if that was it,
        // goes with the failure it answers, and focus would fall to the page.
        focus_id("akf-binding-save");
        state.set(SaveState::Saving);
        // Leaving cannot take back a request already sent: said so, rather
        // than "leave without saving them?".
        guard.set(Some(
            "This binding is being saved, and may still be saved if you leave now. Leave anyway?".to_string(),
        ));
        // The bindings with this flow, stage and order (authentik keeps the
        // three unique): asked for after a refusal or a lost answer.
        let same_place = format!(
            "flows/bindings/?target={}&stage={}&order={}&page_size=2",
            request.target, request.stage, request.order
        );
        // Should the save fail after the editor was left: what to keep, and
        // what to call it then (the editor's values are gone with it).
        let stashed = original.with_value(|o| draft.with_untracked(|d| kept(o, d)));
        let unsaved_name = match before.with_value(|b| updating.and(b.as_ref().map(binding_title_isolated))) {
            Some(title) => format!("The binding of {title}"),
            None => draft.with_untracked(|d| {
                let label = |item: &Option<PickerItem>| item.as_ref().map(|i| isolate(&i.label)).unwrap_or_default();
                format!("The new binding of stage “{}” in flow “{}”", label(&d.stage), label(&d.target))
            }),
        };
        let stash_key = stash_key_stored.get_value();
        spawn_local(async move {
            let result = client::send(&session, method, &path, Some(&body), None)
                .await
                .and_then(|text| decode_json::<FlowStageBinding>(&text));
            if state.try_get_untracked().is_none() {
                // The editor has gone (see leave_to): what happened is said
                // on the page now shown, and edits that did not go through
                // are kept for when it is opened again (see `restore`).
                match &result {
                    Ok(saved) => landed_after_leaving(saved_message(from, saved)),
                    Err(e) => {
                        drafts::stash(&stash_key, &stashed);
                        let how = if e.write_may_have_landed() { "may not have been" } else { "was not" };
                        let again = if updating.is_some() {
                            "edit it again"
                        } else {
                            "start a new binding for that flow again"
                        };
                        // The page now shown, before a session this ends sends
                        // the tab to sign in: said there after signing in again.
                        let here = router.url_untracked().path;
                        let ended = auth.intercept(e);
                        let why = if ended { "Your session ended.".to_string() } else { e.message() };
                        flash.show_failure_at(
                            &here,
                            format!("{unsaved_name} {how} saved. {why} Your changes come back when you {again}."),
                        );
                        if !ended {
                            written.0.update(|n| *n += 1);
                        }
                    }
                }
                return;
            }
            match result {
                Ok(saved) => {
                    state.try_set(SaveState::Idle);
                    leave_to(saved_message(from, &saved));
                }
                Err(e) if auth.intercept(&e) => {
                    if state.try_set(SaveState::Idle).is_none() {
                        guard.set(None);
                    }
                }
                Err(ApiError::Validation(v)) => {
                    let mut found = FormErrors::from_server(&v);
                    // One message about the whole binding: when another binding
                    // has this flow, stage and order, that is what it says.
                    if v.fields.is_empty() && v.non_field.len() == 1 {
                        let same = client::get_json::<Paginated<FlowStageBinding>>(&session, &same_place, None).await;
                        let results = same.map(|p| p.results).unwrap_or_default();
                        if let Some(other) = results.into_iter().find(|b| Some(b.pk) != updating) {
                            // A new one with every field as sent is what was asked
                            // for, whoever made it: perhaps this save, its answer
                            // lost on a dropped connection (the browser then sends
                            // the POST again, and authentik refuses the copy).
                            if updating.is_none() && request.landed_in(&body, &other) {
                                finish(saved_message_as("Nothing to save, already in place:", &other));
                                return;
                            }
                            found.order_taken(&other.stage_obj.name, other.order, other.pk.to_string());
                        }
                    }
                    if state.try_set(SaveState::Idle).is_some() {
                        return; // The editor has gone.
                    }
                    rearm_guard();
                    show_errors(found);
                }
                Err(ApiError::Forbidden(detail)) => {
                    state.try_set(SaveState::Idle);
                    rearm_guard();
                    show_errors(FormErrors { non_field: vec![format!("Not allowed: {detail}")], ..Default::default() });
                }
                Err(ApiError::Http { status: 404, .. }) if updating.is_some() => {
                    gone.try_update_value(|g| *g = true);
                    state.try_set(SaveState::Gone);
                    rearm_guard();
                    request_animation_frame(|| {
                        focus_id("akf-binding-retry");
                    });
                }
                // Refused as it stands: no Retry; the form says why, above
                // its fields (under the summary's own "The binding was not
                // saved:"), with the edits kept.
                Err(e) if e.resending_cannot_help() => {
                    if state.try_set(SaveState::Idle).is_some() {
                        return; // The editor has gone.
                    }
                    rearm_guard();
                    show_errors(FormErrors { non_field: vec![e.message()], ..Default::default() });
                }
                Err(e) => {
                    let mut message = format!("The binding was not saved. {}", e.message());
                    if e.write_may_have_landed() {
                        // The answer was lost, not necessarily the save: ask
                        // authentik before saying which (a second POST of a
                        // binding that was created would be refused as a copy),
                        // with the token there is now.
                        let session = auth.session.get_untracked().unwrap_or(session);
                        // After a save that got no answer at all, briefly: a
                        // server that hung once is likely to again, and
                        // "Saving…" has been shown for 30 seconds already.
                        let brief = matches!(e, ApiError::Timeout)
                            .then(|| web_sys::AbortSignal::timeout_with_u32(CHECK_AFTER_TIMEOUT_MS));
                        let stored = match updating {
                            // The PATCH's own address.
                            Some(_) => {
                                client::get_json::<FlowStageBinding>(&session, &path, brief.as_ref()).await.map(Some)
                            }
                            None => {
                                client::get_json::<Paginated<FlowStageBinding>>(&session, &same_place, brief.as_ref())
                                    .await
                                    .map(|p| p.results.into_iter().next())
                            }
                        };
                        // After a timeout or a gateway's 504 authentik may still be writing it.
                        let pending = matches!(e, ApiError::Timeout | ApiError::Http { status: 504, .. });
                        match stored {
                            Ok(Some(saved)) if request.landed_in(&body, &saved) => {
                                finish(saved_message(from, &saved));
                                return;
                            }
                            Err(v) if auth.intercept(&v) => {
                                if state.try_set(SaveState::Idle).is_none() {
                                    guard.set(None);
                                }
                                return;
                            }
                            // Not there as asked (or no longer there at all).
                            Ok(_) | Err(ApiError::Http { status: 404, .. }) if !pending => {}
                            _ => {
                                message = format!(
                                    "The binding may or may not have been saved. {} Your changes are still here.",
                                    e.message()
                                )
                            }
                        }
                    }
                    if state.try_set(SaveState::Failed(message)).is_some() {
                        return; // The editor has gone.
                    }
                    rearm_guard();
                    request_animation_frame(|| {
                        focus_id("akf-binding-retry");
                    });
                }
            }
        });
    };

    // Deleting (existing bindings only).
    let confirm_open = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<String>);
    let delete_title = existing.as_ref().map(binding_title_isolated).unwrap_or_default();
    let delete_message = existing.as_ref().map(|b| b.deletion_consequence()).unwrap_or_default();
    let on_delete = Rc::new(move || {
        let (Some(pk), Some(session)) = (existing_pk, auth.session.get_untracked()) else { return };
        deleting.set(true);
        delete_error.set(None);
        let title = delete_title.clone();
        spawn_local(async move {
            let result = client::send(&session, Method::DELETE, &format!("flows/bindings/{pk}/"), None, None).await;
            // (try_set gives the value back when the signal has gone.)
            if deleting.try_set(false).is_some() {
                // The editor has gone (see leave_to): as for a save.
                if result.is_ok() {
                    landed_after_leaving(format!("Deleted the binding of {title}."));
                }
                return;
            }
            match result {
                Ok(_) => {
                    confirm_open.try_set(false);
                    leave_to(format!("Deleted the binding of {title}."));
                }
                // Deleted meanwhile (another tab, another admin): what was
                // asked for is done.
                Err(ApiError::Http { status: 404, .. }) => {
                    confirm_open.try_set(false);
                    leave_to(format!("The binding of {title} had already been deleted."));
                }
                Err(e) if auth.intercept(&e) => {}
                Err(e) => {
                    delete_error.try_set(Some(e.message()));
                }
            }
        });
    });

    let field_errors = move |field: Field| errors.with(|e| e.for_field(field));
    let has_error = move |field: Field| errors.with(|e| !e.for_field(field).is_empty());
    let error_text = move |field: Field| {
        let messages = field_errors(field);
        (!messages.is_empty()).then(|| crate::text::sentences(&messages))
    };
    // The binding that has this order already, to edit instead (it returns
    // where this editor would).
    let taken_href = move || {
        errors.with(|e| {
            let pk = e.taken_by.as_ref().filter(|_| !e.for_field(Field::Order).is_empty())?;
            Some(router.base().href(&back_stored.with_value(|back| binding_edit_href(pk, back))))
        })
    };
    let taken_link = el("p")
        .dyn_bool("hidden", move || taken_href().is_none())
        .child(el("a").dyn_attr("href", taken_href).text("Edit the binding that has this order"));
    let pem_options = enum_options(PolicyEngineMode::OPTIONS, draft.get_untracked().policy_engine_mode.as_str());
    let ira_options =
        enum_options(InvalidResponseAction::OPTIONS, draft.get_untracked().invalid_response_action.as_str());
    let is_existing = existing.is_some();

    // Not alerts: several at once were read over each other. Each is its
    // field's description, and focus goes to the first field with one.
    let field_error = move |id: &str, field: Field| {
        el("p").id(id).class("field-error").dyn_text_isolated(move || error_text(field).unwrap_or_default())
    };
    let invalid =
        move |input: El, field: Field| input.dyn_attr("aria-invalid", move || Some(has_error(field).to_string()));
    let picker = |source,
                  id: &str,
                  label: &str,
                  field: Field,
                  get: fn(&BindingDraft) -> Option<PickerItem>,
                  set: fn(&mut BindingDraft, Option<PickerItem>)| {
        let error_id = format!("{id}-error");
        let chosen_id = format!("{id}-chosen");
        // Two flows may share a name: the chosen one's slug (a stage's type)
        // is shown under the box.
        let label_text = if field == Field::Target { "Flow" } else { "Stage" };
        el("div")
            .class("field")
            .child(el("label").attr("for", id).text(label_text))
            .child(search_picker(Picker {
                source,
                id: id.to_string(),
                label: label.to_string(),
                selected: Signal::derive(move || draft.with(get)),
                on_select: Rc::new(move |item| draft.update(|d| set(d, item))),
                invalid: Some(Signal::derive(move || has_error(field))),
                described_by: Some(format!("{chosen_id} {error_id}")),
                clearable: false,
            }))
            .child(chosen_detail(&chosen_id, source, Signal::derive(move || draft.with(get))))
            .child(field_error(&error_id, field))
    };
    let checkbox = |id: &str, label: &str, get: fn(&BindingDraft) -> bool, set: fn(&mut BindingDraft, bool)| {
        el("div")
            .class("field checkbox")
            .child(invalid(
                el("input")
                    .id(id)
                    .attr("type", "checkbox")
                    .attr("aria-describedby", "akf-binding-evaluation-error")
                    .dyn_bool("checked", move || draft.with(get))
                    .on("change", move |ev| draft.update(|d| set(d, event_checked(&ev)))),
                Field::Evaluation,
            ))
            .child(el("label").attr("for", id).text(label))
    };
    let enum_select = |id: &str,
                       label: &str,
                       field: Field,
                       options: Vec<(String, String)>,
                       get: fn(&BindingDraft) -> &str,
                       set: fn(&mut BindingDraft, &str)| {
        let error_id = format!("{id}-error");
        el("div")
            .class("field")
            .child(el("label").attr("for", id).text(label))
            .child(
                el("select")
                    .id(id)
                    .attr("aria-describedby", &error_id)
                    .on("change", move |ev| {
                        let value = event_value(&ev);
                        draft.update(|d| set(d, &value))
                    })
                    .children(options.into_iter().map(|(value, label)| {
                        let option = el("option").attr("value", &value).text(&label);
                        option.dyn_bool("selected", move || draft.with(|d| get(d) == value))
                    })),
            )
            .child(field_error(&error_id, field))
    };

    let form = el("form")
        .class("binding-form")
        .prop_bool("noValidate", true)
        .on("submit", move |ev| {
            ev.prevent_default();
            save();
        })
        .child(
            el("div")
                .id("akf-binding-form-errors")
                .class("error-summary")
                .attr("role", "alert")
                .attr("tabindex", "-1")
                .dyn_bool("hidden", move || errors.with(|e| e.non_field.is_empty()))
                .child(el("p").class("state-title").text("The binding was not saved:"))
                .child(
                    el("ul")
                        .region_many(move || errors.with(|e| e.non_field.iter().map(|m| el("li").text(m)).collect())),
                ),
        )
        .child(
            el("div")
                .class("form-fields")
                // Not editable while saving: a change made then would not be in
                // the request, and the editor closes when it succeeds.
                .dyn_attr("inert", move || (state.get() == SaveState::Saving).then(String::new))
                .child(picker(
                    &FLOW_PICKER,
                    "akf-binding-target",
                    "Flows",
                    Field::Target,
                    |d| d.target.clone(),
                    |d, v| d.target = v,
                ))
                .child(picker(
                    &STAGE_PICKER,
                    "akf-binding-stage",
                    "Stages",
                    Field::Stage,
                    |d| d.stage.clone(),
                    |d, v| d.stage = v,
                ))
                .child(
                    el("div")
                        .class("field")
                        .child(el("label").attr("for", "akf-binding-order").text("Order"))
                        .child(invalid(
                            el("input")
                                .id("akf-binding-order")
                                .attr("type", "text")
                                // Not `inputmode="numeric"`: iOS's digit pad has no minus.
                                .attr("autocomplete", "off")
                                .attr("aria-describedby", "akf-binding-order-hint akf-binding-order-error")
                                .dyn_value(move || draft.with(|d| d.order.clone()))
                                .on("input", move |ev| {
                                    let value = event_value(&ev);
                                    draft.update(|d| d.order = value)
                                }),
                            Field::Order,
                        ))
                        .child(
                            el("p")
                                .id("akf-binding-order-hint")
                                .class("hint")
                                .text("Stages run from the lowest order to the highest (-2147483648 to 2147483647).")
                                .dyn_text(move || {
                                    let filled = draft.with(|d| suggested.with_value(|s| s.as_ref() == Some(&d.order)));
                                    if filled { " Filled in: ten past the flow’s last stage." } else { "" }.to_string()
                                }),
                        )
                        .child(field_error("akf-binding-order-error", Field::Order))
                        .child(taken_link),
                )
                .child(
                    el("fieldset")
                        .class("field")
                        .attr("aria-describedby", "akf-binding-evaluation-error")
                        .child(el("legend").text("Policy evaluation"))
                        .child(checkbox(
                            "akf-binding-evaluate-on-plan",
                            "Evaluate on plan (when the flow is planned)",
                            |d| d.evaluate_on_plan,
                            |d, v| d.evaluate_on_plan = v,
                        ))
                        .child(checkbox(
                            "akf-binding-re-evaluate-policies",
                            "Re-evaluate policies (when the stage is shown)",
                            |d| d.re_evaluate_policies,
                            |d, v| d.re_evaluate_policies = v,
                        ))
                        .child(field_error("akf-binding-evaluation-error", Field::Evaluation)),
                )
                .child(enum_select(
                    "akf-binding-policy-engine-mode",
                    "Policy engine mode",
                    Field::PolicyEngineMode,
                    pem_options,
                    |d| d.policy_engine_mode.as_str(),
                    |d, v| d.policy_engine_mode = PolicyEngineMode::parse(v),
                ))
                .child(enum_select(
                    "akf-binding-invalid-response-action",
                    "Invalid response action",
                    Field::InvalidResponseAction,
                    ira_options,
                    |d| d.invalid_response_action.as_str(),
                    |d, v| d.invalid_response_action = InvalidResponseAction::parse(v),
                )),
        )
        .region(move || match state.get() {
            SaveState::Failed(message) => Some(
                el("div").class("save-failed").child(el("p").attr("role", "alert").text(&message)).child(
                    el("button")
                        .id("akf-binding-retry")
                        .attr("type", "button")
                        .text("Retry")
                        .on("click", move |_| save()),
                ),
            ),
            SaveState::Gone => Some(
                el("div")
                    .class("save-failed")
                    .child(el("p").attr("role", "alert").text(
                        "The binding was not saved: it was deleted after this page was opened. Your changes are \
                         still here.",
                    ))
                    .child(
                        el("button")
                            .id("akf-binding-retry")
                            .attr("type", "button")
                            .text("Create it again")
                            .on("click", move |_| save()),
                    ),
            ),
            _ => None,
        })
        .child(
            el("div")
                .class("form-actions")
                .child(
                    el("button")
                        .id("akf-binding-save")
                        .attr("type", "submit")
                        .class("primary")
                        // Not `disabled`: focus would fall to the page while saving.
                        .dyn_attr("aria-disabled", move || (state.get() == SaveState::Saving).then(|| "true".into()))
                        .dyn_text(move || {
                            if state.get() == SaveState::Saving { "Saving…" } else { "Save" }.to_string()
                        }),
                )
                .child(back_link(back).class("button").text("Cancel"))
                .child(
                    el("span")
                        .class("dirty-note")
                        .attr("role", "status")
                        .dyn_text(move || if dirty.get() { "Unsaved changes" } else { "" }.to_string()),
                )
                .maybe(is_existing.then(|| {
                    el("button")
                        .attr("type", "button")
                        .class("danger push-right")
                        .text("Delete binding…")
                        // Not while saving: the save's answer decides what the binding is.
                        .dyn_attr("aria-disabled", move || (state.get() == SaveState::Saving).then(|| "true".into()))
                        .on("click", move |_| {
                            if state.get_untracked() != SaveState::Saving {
                                confirm_open.set(true);
                            }
                        })
                })),
        );

    let mut out: Vec<El> = notice.into_iter().collect();
    out.push(form);
    if is_existing {
        out.push(confirm_dialog(Confirm {
            open: confirm_open,
            title: Signal::stored("Delete this binding?".to_string()),
            message: Signal::stored(delete_message),
            confirm_label: "Delete binding",
            on_confirm: on_delete,
            busy: deleting.into(),
            error: delete_error.into(),
        }));
    }
    out
}
