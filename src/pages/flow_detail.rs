//! `/flows/<slug>`: one flow's fields and its stage bindings in order, with
//! edit, delete and move up / move down.

use crate::api::bindings::FlowStageBinding;
use crate::api::client;
use crate::api::decode_json;
use crate::api::error::ApiError;
use crate::api::flows::Flow;
use crate::api::models::Paginated;
use crate::components::confirm::ConfirmDialog;
use crate::components::data_table::ListMemory;
use crate::components::fetch::use_fetch;
use crate::editor::reorder::{moved, plan, Placed};
use crate::list::query::{encode_component, encode_path_segment};
use crate::resources::bindings::{binding_edit_href, binding_title};
use crate::resources::flows::FLOWS;
use crate::state::auth::use_auth;
use crate::state::base::AppBase;
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

#[component]
pub fn FlowDetailPage(slug: String) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let fetch = use_fetch::<Flow>(
        move || Some(format!("flows/instances/{}/", encode_path_segment(&slug.get_value()))),
        decode_json::<Flow>,
    );
    let base = expect_context::<AppBase>();
    let back =
        base.href(&use_context::<ListMemory>().map(|m| m.url_for(&FLOWS, "/flows")).unwrap_or_else(|| "/flows".into()));

    let content = move || {
        if let Some(error) = fetch.error.get() {
            return view! {
                <div class="state error" role="alert">
                    <p class="state-title">{format!("Could not load the flow “{}”", slug.get_value())}</p>
                    <p class="state-detail">{error.message()}</p>
                    <div class="state-actions">
                        <button type="button" on:click=move |_| fetch.retry()>"Retry"</button>
                    </div>
                </div>
            }
            .into_any();
        }
        match fetch.data.get() {
            None => view! { <div class="state loading" role="status">"Loading the flow…"</div> }.into_any(),
            Some(flow) => flow_fields(flow).into_any(),
        }
    };
    // The bindings section depends only on which flow this is, so reloading
    // the flow's fields (after a change) does not redraw it.
    let identity = Memo::new(move |_| fetch.data.with(|d| d.as_ref().map(|f| (f.pk, f.slug.clone()))));
    let bindings = move || {
        identity.get().map(|(pk, slug)| {
            view! { <FlowBindings flow_pk=pk slug on_change=Callback::new(move |_| fetch.retry()) /> }
        })
    };

    view! {
        <section class="page detail" aria-busy=move || fetch.loading.get().to_string()>
            <p class="breadcrumb">
                <a href=back>"← Back to flows"</a>
            </p>
            {content}
            {bindings}
        </section>
    }
}

fn flow_fields(flow: Flow) -> impl IntoView {
    let fields: Vec<(&'static str, String)> = vec![
        ("Slug", flow.slug.clone()),
        ("Title", flow.title.clone()),
        ("Designation", flow.designation.label().to_string()),
        ("Authentication", flow.authentication.label().to_string()),
        ("Policy engine mode", flow.policy_engine_mode.label().to_string()),
        ("Layout", flow.layout.label().to_string()),
        ("Denied action", flow.denied_action.label().to_string()),
        ("Compatibility mode", if flow.compatibility_mode { "Yes" } else { "No" }.to_string()),
        ("Stages bound", flow.stages.len().to_string()),
        ("Policies bound", flow.policies.len().to_string()),
        ("Background", flow.background_url.clone()),
        ("Export URL", flow.export_url.clone()),
        ("UUID", flow.pk.to_string()),
    ];
    view! {
        <h1>{flow.name.clone()}</h1>
        <dl class="fields">
            {fields
                .into_iter()
                .map(|(label, value)| {
                    view! {
                        <div class="field-row">
                            <dt>{label}</dt>
                            <dd>{if value.is_empty() { "—".to_string() } else { value }}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// Focuses the first of `ids` that exists and is enabled, after the next paint.
fn focus_later(ids: Vec<String>) {
    request_animation_frame(move || {
        for id in ids {
            let Some(el) = document().get_element_by_id(&id) else { continue };
            if el.has_attribute("disabled") {
                continue;
            }
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
                return;
            }
        }
    });
}

/// The flow's bindings in execution order.
#[component]
fn FlowBindings(flow_pk: uuid::Uuid, slug: String, on_change: Callback<()>) -> impl IntoView {
    let auth = use_auth();
    let fetch = use_fetch::<Paginated<FlowStageBinding>>(
        move || Some(format!("flows/bindings/?target={flow_pk}&page_size=100")),
        decode_json::<Paginated<FlowStageBinding>>,
    );
    let bindings = Memo::new(move |_| fetch.data.with(|d| d.as_ref().map(|p| p.results.clone()).unwrap_or_default()));
    let busy = RwSignal::new(false);
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let back = format!("/flows/{}", encode_path_segment(&slug));
    let back_stored = StoredValue::new(back.clone());
    // Where focus goes once the reloaded list is on screen (the rows are redrawn).
    let pending_focus = RwSignal::new(None::<Vec<String>>);
    Effect::new(move |_| {
        bindings.track();
        if let Some(ids) = pending_focus.get_untracked() {
            pending_focus.set(None);
            focus_later(ids);
        }
    });

    // Moves a binding one place up (-1) or down (+1), renumbering as few
    // bindings as possible, one PATCH at a time.
    let reorder = move |index: usize, delta: isize| {
        if busy.get_untracked() {
            return;
        }
        let list: Vec<FlowStageBinding> = bindings.get_untracked();
        let placed: Vec<Placed> =
            list.iter().map(|b| Placed { id: b.pk.to_string(), stage: b.stage.to_string(), order: b.order }).collect();
        let Some(sequence) = moved(&placed, index, delta) else { return };
        let Some(item) = list.get(index).cloned() else { return };
        let Some(session) = auth.session.get_untracked() else { return };
        let steps = plan(&sequence, Some(&item.pk.to_string()));
        let direction = if delta < 0 { "up" } else { "down" };
        let other = if delta < 0 { "down" } else { "up" };
        let buttons = vec![format!("move-{direction}-{}", item.pk), format!("move-{other}-{}", item.pk)];
        busy.set(true);
        failure.set(None);
        status.set(Some(format!("Moving “{}” {direction}…", item.stage_obj.name)));
        spawn_local(async move {
            let mut refused = None;
            for (id, order) in steps {
                let body = serde_json::json!({ "order": order });
                match client::send(&session, Method::PATCH, &format!("flows/bindings/{id}/"), Some(&body), None).await {
                    Ok(_) => {}
                    Err(e) if auth.intercept(&e) => return,
                    Err(e) => {
                        refused = Some(e);
                        break;
                    }
                }
            }
            busy.try_set(false);
            match refused {
                None => {
                    status.try_set(Some(format!("Moved “{}” {direction}.", item.stage_obj.name)));
                }
                Some(e) => {
                    status.try_set(None);
                    failure.try_set(Some(format!(
                        "The new order was not saved: {} The list shows the order stored on the server.",
                        e.message()
                    )));
                }
            }
            // Either way, show what the server now holds.
            pending_focus.try_set(Some(buttons));
            fetch.retry();
            on_change.run(());
        });
    };

    // Deleting one binding, after a confirmation naming flow and stage.
    let to_delete = RwSignal::new(None::<FlowStageBinding>);
    let confirm_open = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<String>);
    let on_delete = Callback::new(move |_| {
        let (Some(binding), Some(session)) = (to_delete.get_untracked(), auth.session.get_untracked()) else { return };
        deleting.set(true);
        delete_error.set(None);
        spawn_local(async move {
            let result =
                client::send(&session, Method::DELETE, &format!("flows/bindings/{}/", binding.pk), None, None).await;
            deleting.try_set(false);
            match result {
                Ok(_) => {
                    confirm_open.try_set(false);
                    status.try_set(Some(format!("Deleted the binding of {}.", binding_title(&binding))));
                    pending_focus.try_set(Some(vec!["flow-bindings-heading".into()]));
                    fetch.retry();
                    on_change.run(());
                }
                Err(e) if auth.intercept(&e) => {}
                Err(ApiError::Http { status: 404, .. }) => {
                    confirm_open.try_set(false);
                    status.try_set(Some("That binding had already been deleted.".into()));
                    fetch.retry();
                }
                Err(e) => {
                    delete_error.try_set(Some(e.message()));
                }
            }
        });
    });

    let next_order = move || bindings.with(|b| b.iter().map(|b| b.order).max().map(|o| o + 10).unwrap_or(10));
    let base = StoredValue::new(expect_context::<AppBase>());
    let add_href = move || {
        base.get_value().href(&format!(
            "/bindings/new?target={flow_pk}&order={}&return={}",
            next_order(),
            encode_component(&back_stored.get_value())
        ))
    };

    let rows = move || {
        let list = bindings.get();
        let last = list.len().saturating_sub(1);
        list.into_iter()
            .enumerate()
            .map(|(index, b)| {
                let name = b.stage_obj.name.clone();
                let edit = base.get_value().href(&binding_edit_href(&b.pk.to_string(), &back_stored.get_value()));
                let pk = b.pk;
                let for_delete = b.clone();
                view! {
                    <tr>
                        <td class="num">{b.order}</td>
                        <td>{name.clone()}</td>
                        <td>{b.stage_obj.type_label().to_string()}</td>
                        <td>{if b.evaluate_on_plan { "Yes" } else { "No" }}</td>
                        <td>{if b.re_evaluate_policies { "Yes" } else { "No" }}</td>
                        <td>{b.policy_engine_mode.label().to_string()}</td>
                        <td>{b.invalid_response_action.label().to_string()}</td>
                        <td class="actions">
                            <a href=edit aria-label=format!("Edit the binding of stage “{name}”")>"Edit"</a>
                            <button
                                type="button"
                                id=format!("move-up-{pk}")
                                aria-label=format!("Move “{name}” up")
                                disabled=move || index == 0 || busy.get()
                                on:click=move |_| reorder(index, -1)
                            >
                                "↑"
                            </button>
                            <button
                                type="button"
                                id=format!("move-down-{pk}")
                                aria-label=format!("Move “{name}” down")
                                disabled=move || index == last || busy.get()
                                on:click=move |_| reorder(index, 1)
                            >
                                "↓"
                            </button>
                            <button
                                type="button"
                                class="danger"
                                aria-label=format!("Delete the binding of stage “{name}”")
                                on:click=move |_| {
                                    to_delete.set(Some(for_delete.clone()));
                                    delete_error.set(None);
                                    confirm_open.set(true);
                                }
                            >
                                "Delete"
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };

    let body = move || {
        if let Some(error) = fetch.error.get() {
            return view! {
                <div class="state error" role="alert">
                    <p class="state-title">"Could not load the stage bindings"</p>
                    <p class="state-detail">{error.message()}</p>
                    <div class="state-actions">
                        <button type="button" on:click=move |_| fetch.retry()>"Retry"</button>
                    </div>
                </div>
            }
            .into_any();
        }
        match fetch.data.with(|d| d.as_ref().map(|p| (p.results.len(), p.pagination.count))) {
            None => view! { <div class="state loading" role="status">"Loading the stage bindings…"</div> }.into_any(),
            Some((0, _)) => view! {
                <div class="state empty">
                    <p>"No stages are bound to this flow yet."</p>
                </div>
            }
            .into_any(),
            Some((shown, count)) => view! {
                <div class="table-scroll">
                    <table class="data-table" aria-labelledby="flow-bindings-heading" aria-busy=move || busy.get().to_string()>
                        <thead>
                            <tr>
                                <th scope="col" class="num">"Order"</th>
                                <th scope="col">"Stage"</th>
                                <th scope="col">"Type"</th>
                                <th scope="col">"Evaluate on plan"</th>
                                <th scope="col">"Re-evaluate policies"</th>
                                <th scope="col">"Policy engine mode"</th>
                                <th scope="col">"Invalid response action"</th>
                                <th scope="col">"Actions"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {(count as usize > shown).then(|| view! {
                    <p class="hint">{format!("Showing the first {shown} of {count} bindings.")}</p>
                })}
            }
            .into_any(),
        }
    };

    view! {
        <section class="flow-bindings" aria-labelledby="flow-bindings-heading">
            <div class="list-header">
                <h2 id="flow-bindings-heading" tabindex="-1">"Stage bindings"</h2>
                <a class="button primary" href=add_href>"Add stage binding"</a>
            </div>
            <p class="hint">"Stages run in this order, lowest order first. Move a binding up or down to change it."</p>
            <p class="list-status" role="status">{move || status.get()}</p>
            <p class="form-error" role="alert">{move || failure.get()}</p>
            {body}
            <ConfirmDialog
                open=confirm_open
                title="Delete this binding?".to_string()
                message=Signal::derive(move || {
                    to_delete.with(|b| {
                        b.as_ref()
                            .map(|b| {
                                format!(
                                    "The stage “{}” will no longer run in the flow “{}” (order {}). The stage itself is kept.",
                                    b.stage_obj.name,
                                    b.target_flow().map(|f| f.name.as_str()).unwrap_or("?"),
                                    b.order
                                )
                            })
                            .unwrap_or_default()
                    })
                })
                confirm_label="Delete binding"
                on_confirm=on_delete
                busy=deleting
                error=delete_error
            />
        </section>
    }
}
