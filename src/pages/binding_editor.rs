//! `/bindings/<pk>` and `/bindings/new`: the binding editor. Checks what it can
//! before sending, puts authentik's 400 messages at their fields, keeps every
//! edit when the network fails, and asks before unsaved changes are left.

use crate::api::bindings::{FlowStageBinding, InvalidResponseAction};
use crate::api::client;
use crate::api::decode_json;
use crate::api::error::ApiError;
use crate::api::models::PolicyEngineMode;
use crate::components::confirm::ConfirmDialog;
use crate::components::fetch::use_fetch;
use crate::components::picker::SearchPicker;
use crate::editor::binding_form::{BindingDraft, Field, FormErrors};
use crate::list::descriptor::PickerItem;
use crate::list::query::encode_path_segment;
use crate::resources::bindings::binding_title;
use crate::resources::pickers::{FLOW_PICKER, STAGE_PICKER};
use crate::router::{use_router, Nav};
use crate::state::auth::use_auth;
use crate::state::base::AppBase;
use crate::state::drafts;
use crate::state::flash::use_flash;
use crate::state::guard::use_leave_guard;
use crate::state::session::safe_return_path;
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// Where to go after saving, cancelling or deleting.
fn return_path() -> String {
    match use_router().url_untracked().get("return") {
        Some(b) => safe_return_path(Some(&b)),
        None => "/bindings".to_string(),
    }
}

#[component]
pub fn BindingEditPage(pk: String) -> impl IntoView {
    let back = return_path();
    let path = format!("flows/bindings/{}/", encode_path_segment(&pk));
    let fetch = use_fetch::<FlowStageBinding>(move || Some(path.clone()), decode_json::<FlowStageBinding>);
    let back_link = expect_context::<AppBase>().href(&back);
    view! {
        <section class="page editor">
            <p class="breadcrumb">
                <a href=back_link>"← Back"</a>
            </p>
            {move || {
                if let Some(error) = fetch.error.get() {
                    return view! {
                        <h1>"Edit binding"</h1>
                        <div class="state error" role="alert">
                            <p class="state-title">"Could not load the binding"</p>
                            <p class="state-detail">{error.message()}</p>
                            <div class="state-actions">
                                <button type="button" on:click=move |_| fetch.retry()>"Retry"</button>
                            </div>
                        </div>
                    }
                    .into_any();
                }
                match fetch.data.get() {
                    None => view! { <div class="state loading" role="status">"Loading the binding…"</div> }.into_any(),
                    Some(binding) => {
                        let title = format!("Edit the binding of {}", binding_title(&binding));
                        let draft = BindingDraft::from_binding(&binding);
                        view! { <BindingForm title existing=Some(binding) initial=draft back=back.clone() /> }.into_any()
                    }
                }
            }}
        </section>
    }
}

#[component]
pub fn BindingCreatePage() -> impl IntoView {
    let url = use_router().url_untracked();
    let back = return_path();
    let target = url.get("target").filter(|t| uuid::Uuid::parse_str(t).is_ok());
    let order = url.get("order").unwrap_or_default();
    // A flow given in the address is shown by name: look it up first.
    let lookup_target = target.clone();
    let lookup = use_fetch::<Option<PickerItem>>(
        move || lookup_target.as_ref().map(|t| (FLOW_PICKER.lookup)(t)),
        FLOW_PICKER.decode_one,
    );
    let back_link = expect_context::<AppBase>().href(&back);
    view! {
        <section class="page editor">
            <p class="breadcrumb">
                <a href=back_link>"← Back"</a>
            </p>
            {move || {
                let ready = target.is_none() || lookup.data.with(|d| d.is_some()) || lookup.error.with(|e| e.is_some());
                if !ready {
                    return view! { <div class="state loading" role="status">"Loading…"</div> }.into_any();
                }
                let draft = BindingDraft {
                    target: lookup.data.get().flatten(),
                    order: order.clone(),
                    ..Default::default()
                };
                view! { <BindingForm title="New stage binding".to_string() existing=None initial=draft back=back.clone() /> }
                    .into_any()
            }}
        </section>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    /// The request did not get through; edits are kept and Retry resends.
    Failed(String),
}

fn focus(id: &str) {
    if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Options for an enum `<select>`, plus the current value if this build does not know it.
fn enum_options(known: &'static [(&'static str, &'static str)], current: &str) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = known.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect();
    if !known.iter().any(|(v, _)| *v == current) {
        options.push((current.to_string(), format!("{current} (unknown)")));
    }
    options
}

#[component]
fn BindingForm(
    title: String,
    existing: Option<FlowStageBinding>,
    initial: BindingDraft,
    back: String,
) -> impl IntoView {
    let auth = use_auth();
    let guard = use_leave_guard();
    let flash = use_flash();
    let router = use_router();
    let stash_key = existing.as_ref().map(|b| b.pk.to_string()).unwrap_or_else(|| "new".into());

    let original = StoredValue::new(initial.clone());
    // Changes kept from before the session ended come back.
    let restored = drafts::take::<BindingDraft>(&stash_key).filter(|d| *d != initial);
    let notice = RwSignal::new(restored.as_ref().map(|_| "Your unsaved changes were restored.".to_string()));
    let draft = RwSignal::new(restored.unwrap_or(initial));
    let errors = RwSignal::new(FormErrors::default());
    let state = RwSignal::new(SaveState::Idle);
    let dirty = Memo::new(move |_| original.with_value(|o| draft.with(|d| d != o)));

    Effect::new(move |_| {
        guard.set(
            dirty.get().then(|| "You have unsaved changes to this binding. Leave without saving them?".to_string()),
        );
    });
    on_cleanup(move || guard.set(None));

    let existing_pk = existing.as_ref().map(|b| b.pk);
    let back_stored = StoredValue::new(back.clone());
    let stash_stored = StoredValue::new(stash_key);
    let leave_to = move |message: String| {
        guard.set(None);
        let back = back_stored.get_value();
        flash.show_at(&back, message);
        router.navigate(&back, Nav::Push);
    };

    let show_errors = move |found: FormErrors| {
        let first = found.first_field();
        let summary = !found.non_field.is_empty();
        errors.set(found);
        // After the messages render, move focus to the first one.
        request_animation_frame(move || {
            if summary {
                focus("binding-form-errors");
            } else if let Some(field) = first {
                focus(field.input_id());
            }
        });
    };

    let save = move || {
        if state.get_untracked() == SaveState::Saving {
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
        state.set(SaveState::Saving);
        let (method, path) = match existing_pk {
            Some(pk) => (Method::PUT, format!("flows/bindings/{pk}/")),
            None => (Method::POST, "flows/bindings/".to_string()),
        };
        let body = serde_json::to_value(&request).unwrap_or_default();
        spawn_local(async move {
            let result = client::send(&session, method, &path, Some(&body), None)
                .await
                .and_then(|text| decode_json::<FlowStageBinding>(&text));
            match result {
                Ok(saved) => {
                    state.try_set(SaveState::Idle);
                    let verb = if existing_pk.is_some() { "Saved" } else { "Created" };
                    leave_to(format!("{verb} the binding of {} at order {}.", binding_title(&saved), saved.order));
                }
                Err(ApiError::SessionEnded(detail)) => {
                    drafts::stash(&stash_stored.get_value(), &draft.get_untracked());
                    state.try_set(SaveState::Idle);
                    guard.set(None);
                    auth.intercept(&ApiError::SessionEnded(detail));
                }
                Err(ApiError::Validation(v)) => {
                    state.try_set(SaveState::Idle);
                    show_errors(FormErrors::from_server(&v));
                }
                Err(ApiError::Forbidden(detail)) => {
                    state.try_set(SaveState::Idle);
                    show_errors(FormErrors { non_field: vec![format!("Not allowed: {detail}")], ..Default::default() });
                }
                Err(ApiError::Network) => {
                    state.try_set(SaveState::Failed(
                        "The binding was not saved: the server could not be reached. Your changes are still here."
                            .into(),
                    ));
                    request_animation_frame(|| focus("binding-retry"));
                }
                Err(e) => {
                    state.try_set(SaveState::Failed(format!("The binding was not saved. {}", e.message())));
                    request_animation_frame(|| focus("binding-retry"));
                }
            }
        });
    };

    // Deleting (existing bindings only).
    let confirm_open = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<String>);
    let delete_title = existing.as_ref().map(binding_title).unwrap_or_default();
    let delete_message = existing
        .as_ref()
        .map(|b| {
            format!(
                "The stage “{}” will no longer run in the flow “{}” (order {}). The stage itself is kept.",
                b.stage_obj.name,
                b.target_flow().map(|f| f.name.as_str()).unwrap_or("?"),
                b.order
            )
        })
        .unwrap_or_default();
    let on_delete = Callback::new(move |_| {
        let (Some(pk), Some(session)) = (existing_pk, auth.session.get_untracked()) else { return };
        deleting.set(true);
        delete_error.set(None);
        let title = delete_title.clone();
        spawn_local(async move {
            let result = client::send(&session, Method::DELETE, &format!("flows/bindings/{pk}/"), None, None).await;
            deleting.try_set(false);
            match result {
                Ok(_) => {
                    confirm_open.try_set(false);
                    leave_to(format!("Deleted the binding of {title}."));
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
        (!messages.is_empty()).then(|| messages.join(" "))
    };
    let pem_options = enum_options(PolicyEngineMode::OPTIONS, draft.get_untracked().policy_engine_mode.as_str());
    let ira_options =
        enum_options(InvalidResponseAction::OPTIONS, draft.get_untracked().invalid_response_action.as_str());
    let is_existing = existing.is_some();
    let cancel_href = expect_context::<AppBase>().href(&back);

    view! {
        <h1>{title}</h1>
        {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <form
            class="binding-form"
            novalidate=true
            on:submit=move |ev| {
                ev.prevent_default();
                save();
            }
        >
            <div
                id="binding-form-errors"
                class="error-summary"
                role="alert"
                tabindex="-1"
                hidden=move || errors.with(|e| e.non_field.is_empty())
            >
                <p class="state-title">"The binding was not saved:"</p>
                <ul>{move || errors.with(|e| e.non_field.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view())}</ul>
            </div>

            <div class="field">
                <label for="binding-target">"Flow"</label>
                <SearchPicker
                    source=&FLOW_PICKER
                    id="binding-target".to_string()
                    label="Flows".to_string()
                    selected=Signal::derive(move || draft.with(|d| d.target.clone()))
                    on_select=Callback::new(move |item| draft.update(|d| d.target = item))
                    invalid=Signal::derive(move || has_error(Field::Target))
                    described_by="binding-target-error".to_string()
                />
                <p id="binding-target-error" class="field-error" role="alert">{move || error_text(Field::Target)}</p>
            </div>

            <div class="field">
                <label for="binding-stage">"Stage"</label>
                <SearchPicker
                    source=&STAGE_PICKER
                    id="binding-stage".to_string()
                    label="Stages".to_string()
                    selected=Signal::derive(move || draft.with(|d| d.stage.clone()))
                    on_select=Callback::new(move |item| draft.update(|d| d.stage = item))
                    invalid=Signal::derive(move || has_error(Field::Stage))
                    described_by="binding-stage-error".to_string()
                />
                <p id="binding-stage-error" class="field-error" role="alert">{move || error_text(Field::Stage)}</p>
            </div>

            <div class="field">
                <label for="binding-order">"Order"</label>
                <input
                    id="binding-order"
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    prop:value=move || draft.with(|d| d.order.clone())
                    on:input=move |ev| draft.update(|d| d.order = event_target_value(&ev))
                    aria-invalid=move || has_error(Field::Order).to_string()
                    aria-describedby="binding-order-hint binding-order-error"
                />
                <p id="binding-order-hint" class="hint">"Stages run from the lowest order to the highest (−2147483648 to 2147483647)."</p>
                <p id="binding-order-error" class="field-error" role="alert">{move || error_text(Field::Order)}</p>
            </div>

            <fieldset class="field" aria-describedby="binding-evaluation-error">
                <legend>"Policy evaluation"</legend>
                <div class="field checkbox">
                    <input
                        id="binding-evaluate-on-plan"
                        type="checkbox"
                        prop:checked=move || draft.with(|d| d.evaluate_on_plan)
                        on:change=move |ev| draft.update(|d| d.evaluate_on_plan = event_target_checked(&ev))
                        aria-invalid=move || has_error(Field::Evaluation).to_string()
                    />
                    <label for="binding-evaluate-on-plan">"Evaluate on plan (when the flow is planned)"</label>
                </div>
                <div class="field checkbox">
                    <input
                        id="binding-re-evaluate-policies"
                        type="checkbox"
                        prop:checked=move || draft.with(|d| d.re_evaluate_policies)
                        on:change=move |ev| draft.update(|d| d.re_evaluate_policies = event_target_checked(&ev))
                        aria-invalid=move || has_error(Field::Evaluation).to_string()
                    />
                    <label for="binding-re-evaluate-policies">"Re-evaluate policies (when the stage is shown)"</label>
                </div>
                <p id="binding-evaluation-error" class="field-error" role="alert">{move || error_text(Field::Evaluation)}</p>
            </fieldset>

            <div class="field">
                <label for="binding-policy-engine-mode">"Policy engine mode"</label>
                <select
                    id="binding-policy-engine-mode"
                    on:change=move |ev| draft.update(|d| d.policy_engine_mode = PolicyEngineMode::parse(&event_target_value(&ev)))
                    aria-describedby="binding-policy-engine-mode-error"
                >
                    {pem_options
                        .into_iter()
                        .map(|(value, label)| {
                            let v = value.clone();
                            view! {
                                <option value=value prop:selected=move || draft.with(|d| d.policy_engine_mode.as_str() == v)>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p id="binding-policy-engine-mode-error" class="field-error" role="alert">
                    {move || error_text(Field::PolicyEngineMode)}
                </p>
            </div>

            <div class="field">
                <label for="binding-invalid-response-action">"Invalid response action"</label>
                <select
                    id="binding-invalid-response-action"
                    on:change=move |ev| {
                        draft.update(|d| d.invalid_response_action = InvalidResponseAction::parse(&event_target_value(&ev)))
                    }
                    aria-describedby="binding-invalid-response-action-error"
                >
                    {ira_options
                        .into_iter()
                        .map(|(value, label)| {
                            let v = value.clone();
                            view! {
                                <option value=value prop:selected=move || draft.with(|d| d.invalid_response_action.as_str() == v)>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p id="binding-invalid-response-action-error" class="field-error" role="alert">
                    {move || error_text(Field::InvalidResponseAction)}
                </p>
            </div>

            {move || match state.get() {
                SaveState::Failed(message) => Some(view! {
                    <div class="save-failed" role="alert">
                        <p>{message}</p>
                        <button id="binding-retry" type="button" on:click=move |_| save()>"Retry"</button>
                    </div>
                }),
                _ => None,
            }}

            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || state.get() == SaveState::Saving>
                    {move || if state.get() == SaveState::Saving { "Saving…" } else { "Save" }}
                </button>
                <a class="button" href=cancel_href>"Cancel"</a>
                <span class="dirty-note" role="status">
                    {move || dirty.get().then_some("Unsaved changes")}
                </span>
                {is_existing.then(|| view! {
                    <button type="button" class="danger push-right" on:click=move |_| confirm_open.set(true)>
                        "Delete binding…"
                    </button>
                })}
            </div>
        </form>
        {is_existing.then(|| view! {
            <ConfirmDialog
                open=confirm_open
                title="Delete this binding?".to_string()
                message=delete_message.clone()
                confirm_label="Delete binding"
                on_confirm=on_delete
                busy=deleting
                error=delete_error
            />
        })}
    }
}
