//! `/flows/<slug>`: one flow's fields and its stage bindings in order, with
//! edit, delete and move up / move down.

use crate::api::bindings::FlowStageBinding;
use crate::api::client;
use crate::api::client::Method;
use crate::api::decode_json;
use crate::api::error::ApiError;
use crate::api::flows::Flow;
use crate::api::models::Paginated;
use crate::components::confirm::{confirm_dialog, Confirm};
use crate::components::data_table::ListMemory;
use crate::components::fetch::{use_fetch, Written};
use crate::components::states::error_state;
use crate::editor::binding_form::order_after_last;
use crate::editor::reorder::{moved, plan, renumbered, shared_orders, Placed};
use crate::list::query::{encode_component, encode_path_segment};
use crate::resources::bindings::{binding_edit_href, binding_title_isolated};
use crate::resources::flows::FLOWS;
use crate::router::back_link;
use crate::state::auth::use_auth;
use crate::state::base::AppBase;
use crate::state::flash::use_flash;
use crate::state::session::Session;
use crate::text::isolate;
use crate::ui::dom::{el, focus_id, restore_focus_later, El};
use crate::ui::prelude::*;

use std::rc::Rc;

pub fn flow_detail_page(slug: String) -> El {
    let slug = StoredValue::new(slug);
    let fetch = use_fetch::<Flow>(
        move || Some(format!("flows/instances/{}/", encode_path_segment(&slug.get_value()))),
        decode_json::<Flow>,
    );
    let back = use_context::<ListMemory>().map(|m| m.url_for(&FLOWS, "/flows")).unwrap_or_else(|| "/flows".into());

    // The bindings section depends only on which flow this is, so reloading
    // the flow's fields (after a change) does not redraw it.
    let identity = Memo::new(move |_| fetch.data.with(|d| d.as_ref().map(|f| (f.pk, f.slug.clone()))));

    el("section")
        .class("page detail")
        .dyn_attr("aria-busy", move || Some(fetch.loading.get().to_string()))
        .child(el("p").class("breadcrumb").child(back_link(&back).text("← Back to flows")))
        // One heading from the start (the slug until the flow's name is in):
        // focus can go to it when the page opens, and it stays when the flow
        // cannot be loaded.
        .child(el("h1").id("akf-flow-heading").attr("tabindex", "-1").dyn_text_isolated(move || {
            fetch
                .data
                .with(|d| d.as_ref().map(|f| f.name.clone()))
                .unwrap_or_else(|| format!("Flow “{}”", isolate(&slug.get_value())))
        }))
        .region_many(move || {
            if let Some(error) = fetch.error.get() {
                // No such flow (or not for this token): asking again gets the
                // same answer, so no Retry; the breadcrumb leads back.
                let futile = matches!(error, ApiError::Http { status: 404, .. } | ApiError::Forbidden(_));
                let title = if matches!(error, ApiError::Http { status: 404, .. }) {
                    format!("There is no flow with the slug “{}”", isolate(&slug.get_value()))
                } else {
                    format!("Could not load the flow “{}”", isolate(&slug.get_value()))
                };
                let retry = move || {
                    // The button goes with the error; the heading stays.
                    focus_id("akf-flow-heading");
                    fetch.retry();
                };
                return vec![error_state(title, &error.message(), (!futile).then(|| Box::new(retry) as Box<dyn Fn()>))];
            }
            match fetch.data.get() {
                None => vec![el("div").class("state loading").attr("role", "status").text("Loading the flow…")],
                Some(flow) => flow_fields(flow),
            }
        })
        // Export is built once per flow, not with its fields: a reload after
        // each move or delete would drop an export under way (and focus on it).
        .region_many(move || {
            let identity = identity.get();
            untrack(|| {
                identity
                    .map(|(pk, slug)| {
                        let export_said =
                            ExportSaid { done: RwSignal::new(String::new()), failure: RwSignal::new(String::new()) };
                        vec![
                            export_button(&slug, export_said),
                            // A move, renumber or delete starts: what the export said is older news.
                            flow_bindings(pk, slug, move || fetch.retry(), move || export_said.clear()),
                        ]
                    })
                    .unwrap_or_default()
            })
        })
}

/// The list of the flow's fields.
fn flow_fields(flow: Flow) -> Vec<El> {
    let fields: Vec<(&'static str, String)> = vec![
        ("Slug", flow.slug.clone()),
        ("Title", flow.title.clone()),
        ("Designation", flow.designation.label().to_string()),
        ("Authentication", flow.authentication.label().to_string()),
        ("Policy engine mode", flow.policy_engine_mode.label().to_string()),
        ("Layout", flow.layout.label().to_string()),
        ("Denied action", flow.denied_action.label().to_string()),
        ("Compatibility mode", if flow.compatibility_mode { "Yes" } else { "No" }.to_string()),
        ("Stages bound", flow.stages.0.to_string()),
        ("Policies bound", flow.policies.0.to_string()),
        ("Background", flow.background_url.clone()),
        ("UUID", flow.pk.to_string()),
    ];
    vec![el("dl").class("fields").children(fields.into_iter().map(|(label, value)| {
        el("div").class("field-row").child(el("dt").text(label)).child(el("dd").text(if value.is_empty() {
            "—"
        } else {
            &value
        }))
    }))]
}

/// What the export button says: made by the page, so that the bindings'
/// actions can clear it (an export's error stayed on beside "Moved …").
#[derive(Clone, Copy)]
struct ExportSaid {
    done: RwSignal<String>,
    failure: RwSignal<String>,
}

impl ExportSaid {
    fn clear(self) {
        for said in [self.done, self.failure] {
            if said.with_untracked(|s| !s.is_empty()) {
                said.set(String::new());
            }
        }
    }
}

/// Downloads the flow as authentik's blueprint, `<slug>.yaml`. The export
/// needs the token, so a plain link to the API's export URL would be refused.
fn export_button(slug: &str, said: ExportSaid) -> El {
    let auth = use_auth();
    let busy = RwSignal::new(false);
    let ExportSaid { done, failure } = said;
    let path = format!("flows/instances/{}/export/", encode_path_segment(slug));
    let file = format!("{slug}.yaml");
    el("div")
        .class("export")
        .child(
            el("button")
                .attr("type", "button")
                // Not disabled while it runs: a disabled button would drop focus.
                .dyn_attr("aria-disabled", move || Some(busy.get().to_string()))
                .dyn_text(move || if busy.get() { "Exporting…" } else { "Export as YAML" }.to_string())
                .on("click", move |_| {
                    let Some(session) = auth.session.get_untracked().filter(|_| !busy.get_untracked()) else {
                        return;
                    };
                    busy.set(true);
                    done.set(String::new());
                    failure.set(String::new());
                    let request = client::send(&session, Method::GET, &path, None, None);
                    let file = file.clone();
                    spawn_local(async move {
                        let result = request.await;
                        // (try_set gives the value back when the page has gone.)
                        if busy.try_set(false).is_some() {
                            return;
                        }
                        match result {
                            Ok(text) => {
                                save_file(&file, &text);
                                done.set(format!("Downloaded {file}."));
                            }
                            Err(e) if auth.intercept(&e) => {}
                            Err(e) => failure.set(format!("The flow was not exported. {}", e.message())),
                        }
                    });
                }),
        )
        .child(el("p").class("export-status").attr("role", "status").dyn_text(move || done.get()))
        .child(el("p").class("form-error").attr("role", "alert").dyn_text(move || failure.get()))
}

/// Hands `text` to the browser as a download named `name`.
fn save_file(name: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let Some(link) = document().create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return;
    };
    let _ = link.set_attribute("href", &format!("data:application/yaml;charset=utf-8,{}", encode_path_segment(text)));
    let _ = link.set_attribute("download", name);
    // Not in the document: neither the router nor the leave guard sees it.
    link.click();
}

/// Where focus goes once a binding is deleted: the next row's Delete, else the
/// previous row's (deleting several in a row needs no Tab between them), else
/// the heading.
fn after_delete(list: &[FlowStageBinding], deleted: uuid::Uuid) -> Vec<String> {
    let mut ids = Vec::new();
    if let Some(at) = list.iter().position(|b| b.pk == deleted) {
        for neighbour in [list.get(at + 1), at.checked_sub(1).and_then(|i| list.get(i))].into_iter().flatten() {
            ids.push(format!("akf-delete-{}", neighbour.pk));
        }
    }
    ids.push("akf-flow-bindings-heading".into());
    ids
}

/// The bindings as the reordering plans see them.
fn placed(list: &[FlowStageBinding]) -> Vec<Placed> {
    list.iter().map(|b| Placed { id: b.pk.to_string(), stage: b.stage.to_string(), order: b.order }).collect()
}

/// Sends order changes one at a time, stopping at the first refused: how
/// many were saved, and the refusal.
async fn send_orders(session: &Session, steps: Vec<(String, i64)>) -> (usize, Option<ApiError>) {
    let mut saved = 0;
    for (id, order) in steps {
        let body = crate::json::Json::object([("order", order.into())]);
        match client::send(session, Method::PATCH, &format!("flows/bindings/{id}/"), Some(&body), None).await {
            Ok(_) => saved += 1,
            Err(e) => return (saved, Some(e)),
        }
    }
    (saved, None)
}

/// The flow's bindings in execution order.
fn flow_bindings(
    flow_pk: uuid::Uuid,
    slug: String,
    on_change: impl Fn() + Copy + 'static,
    on_action: impl Fn() + Copy + 'static,
) -> El {
    let auth = use_auth();
    let flash = use_flash();
    let written = use_context::<Written>();
    let fetch = use_fetch::<Paginated<FlowStageBinding>>(
        move || {
            Written::track(written);
            Some(format!("flows/bindings/?target={flow_pk}&ordering=order%2Cpk&page_size=100"))
        },
        decode_json::<Paginated<FlowStageBinding>>,
    );
    let bindings = Memo::new(move |_| fetch.data.with(|d| d.as_ref().map(|p| p.results.clone()).unwrap_or_default()));
    let busy = RwSignal::new(false);
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    // A page after the first failed to load: Retry asks for it again.
    let later_failed = RwSignal::new(false);
    let back = format!("/flows/{}", encode_path_segment(&slug));
    let back_stored = StoredValue::new(back.clone());
    // Where focus goes once the reloaded list is on screen (the rows are redrawn).
    let pending_focus = StoredValue::new(None::<Vec<String>>);
    // And what the status line says then ("Moved …" only once the new order shows).
    let pending_status = StoredValue::new(None::<String>);
    // After a move or a delete the list is loaded again, and the move buttons
    // stay unusable until it is on screen: a next move is planned from the
    // orders the server now holds, never from the list before.
    let reloading = StoredValue::new(false);
    let pending_failure = StoredValue::new(None::<String>);
    let reload = move |focus: Vec<String>, done: Option<String>| {
        // The answer that calls this may come after the page has gone.
        if reloading.try_update_value(|r| *r = true).is_none() {
            return;
        }
        pending_focus.set_value(Some(focus));
        pending_status.set_value(done);
        busy.set(true);
        fetch.retry();
        // The flow's own fields count its stages.
        on_change();
    };
    Effect::new(move |was_loading: Option<bool>| {
        let loading = fetch.loading.get();
        if was_loading == Some(true) && !loading && reloading.get_value() {
            reloading.set_value(false);
            busy.set(false);
            if let Some(done) = pending_status.get_value() {
                pending_status.set_value(None);
                status.set(Some(done));
            }
            // A failed move or renumbering is said once the list is back, so
            // that it names the order below only when there is one.
            if let Some(said) = pending_failure.get_value() {
                pending_failure.set_value(None);
                failure.set(Some(if fetch.error.with_untracked(Option::is_some) { said } else { said + STORED_BELOW }));
            }
            if let Some(ids) = pending_focus.get_value() {
                pending_focus.set_value(None);
                restore_focus_later(ids);
            }
        }
        loading
    });
    // authentik sends at most 100 a page (fewer if its settings say so): while the list says there is a next
    // page, it is asked for and added to the list (one at a time). Moves and
    // the next free order wait for the whole list. (This effect comes after
    // the one above, which ends `busy` when the first page is in.)
    let asked = StoredValue::new(0u64);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        if fetch.loading.get() {
            // The first page is asked for again: what was asked after it is void.
            generation.update_value(|g| *g += 1);
            asked.set_value(0);
        }
    });
    Effect::new(move |_| {
        let Some(next) = fetch.data.with(|d| d.as_ref().map(|p| p.pagination.next)) else { return };
        if next == 0 {
            if asked.get_value() != 0 {
                asked.set_value(0);
                busy.set(false);
            }
            return;
        }
        let Some(session) = auth.session.get_untracked().filter(|_| asked.get_value() != next) else { return };
        asked.set_value(next);
        busy.set(true);
        let this = generation.get_value();
        let path = format!("flows/bindings/?target={flow_pk}&ordering=order%2Cpk&page_size=100&page={next}");
        spawn_local(async move {
            let page = client::send(&session, Method::GET, &path, None, None)
                .await
                .and_then(|body| decode_json::<Paginated<FlowStageBinding>>(&body));
            if generation.try_get_value() != Some(this) {
                return;
            }
            match page {
                Ok(page) => {
                    // Adding the page draws the rows again: focus on a control
                    // in them (put back there after a move or a delete) returns
                    // to the same control, not to the page's body.
                    let focused = document().active_element().map(|e| e.id()).filter(|id| !id.is_empty());
                    fetch.data.update(|d| {
                        if let Some(d) = d {
                            d.results.extend(page.results);
                            d.pagination.next = page.pagination.next;
                        }
                    });
                    if let Some(id) = focused {
                        restore_focus_later(vec![id]);
                    }
                }
                Err(e) if auth.intercept(&e) => {}
                // The buttons stay unusable until Retry: a move needs the whole order.
                Err(e) => {
                    later_failed.set(true);
                    // Counted, not computed from the page number: authentik's
                    // largest page size is a setting (System → Settings).
                    let loaded = fetch.data.with_untracked(|d| d.as_ref().map_or(0, |d| d.results.len()));
                    failure.set(Some(format!("Only the first {loaded} bindings could be loaded. {}", e.message())))
                }
            }
        });
    });

    // Moves a binding one place up (-1) or down (+1), renumbering as few
    // bindings as possible, one PATCH at a time.
    let reorder = move |index: usize, delta: isize| {
        if busy.get_untracked() {
            return;
        }
        let list: Vec<FlowStageBinding> = bindings.get_untracked();
        let Some(sequence) = moved(&placed(&list), index, delta) else { return };
        let Some(item) = list.get(index).cloned() else { return };
        let Some(session) = auth.session.get_untracked() else { return };
        let steps = plan(&sequence, Some(&item.pk.to_string()));
        let direction = if delta < 0 { "up" } else { "down" };
        let other = if delta < 0 { "down" } else { "up" };
        // The heading if the row is gone (deleted meanwhile, or the list did not load).
        let buttons = vec![
            format!("akf-move-{direction}-{}", item.pk),
            format!("akf-move-{other}-{}", item.pk),
            "akf-flow-bindings-heading".into(),
        ];
        busy.set(true);
        failure.set(None);
        flash.clear();
        on_action();
        status.set(Some(format!("Moving “{}” {direction}…", isolate(&item.stage_obj.name))));
        spawn_local(async move {
            let (saved, refused) = send_orders(&session, steps).await;
            if refused.as_ref().is_some_and(|e| auth.intercept(e)) {
                // Said again on this page after signing in.
                if let Some(back) = back_stored.try_get_value() {
                    flash.show_failure_at(&back, unfinished_move(&item.stage_obj.name, saved, None) + STORED_BELOW);
                }
                return;
            }
            let done = match refused {
                None => Some(format!("Moved “{}” {direction}.", isolate(&item.stage_obj.name))),
                Some(e) => {
                    status.try_set(None);
                    let said = unfinished_move(&item.stage_obj.name, saved, Some(&e.message()));
                    pending_failure.try_update_value(|p| *p = Some(said));
                    None
                }
            };
            // Either way, show what the server now holds.
            reload(buttons, done);
        });
    };

    // Deleting one binding, after a confirmation naming flow and stage.
    let to_delete = RwSignal::new(None::<FlowStageBinding>);
    let confirm_open = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<String>);
    let on_delete = Rc::new(move || {
        let (Some(binding), Some(session)) = (to_delete.get_untracked(), auth.session.get_untracked()) else { return };
        deleting.set(true);
        delete_error.set(None);
        status.set(None);
        flash.clear();
        on_action();
        spawn_local(async move {
            let result =
                client::send(&session, Method::DELETE, &format!("flows/bindings/{}/", binding.pk), None, None).await;
            deleting.try_set(false);
            match result {
                Ok(_) => {
                    confirm_open.try_set(false);
                    let done = format!("Deleted the binding of {}.", binding_title_isolated(&binding));
                    // (The page may have gone while the request was out.)
                    let focus = bindings.try_with_untracked(|b| after_delete(b, binding.pk)).unwrap_or_default();
                    reload(focus, Some(done));
                }
                Err(e) if auth.intercept(&e) => {}
                Err(ApiError::Http { status: 404, .. }) => {
                    confirm_open.try_set(false);
                    let done = "That binding had already been deleted.".to_string();
                    reload(vec!["akf-flow-bindings-heading".into()], Some(done));
                }
                Err(e) => {
                    delete_error.try_set(Some(e.message()));
                }
            }
        });
    });

    // Ten past the last; none until every binding is in (10 before the list
    // loaded, or with a page of it missing, put a new stage at the order of
    // one already there).
    let complete = move || {
        !fetch.loading.get()
            && !later_failed.get()
            && fetch.data.with(|d| d.as_ref().is_some_and(|p| p.pagination.next == 0))
    };
    let next_order =
        move || complete().then(|| bindings.with(|b| order_after_last(b.iter().map(|b| b.order).max()))).flatten();

    // Stages that share an order, once every binding is in: said, with a way
    // to number them all apart (which runs first is otherwise not defined).
    let shared = Memo::new(move |_| {
        if !complete() {
            return String::new();
        }
        bindings.with(|list| {
            let names = |members: Vec<usize>| members.into_iter().map(|i| list[i].stage_obj.name.clone()).collect();
            let groups: Vec<_> =
                shared_orders(&placed(list)).into_iter().map(|(order, members)| (order, names(members))).collect();
            if groups.is_empty() {
                String::new()
            } else {
                shared_orders_text(&groups)
            }
        })
    });
    let renumber = move || {
        if busy.get_untracked() {
            return;
        }
        let steps = renumbered(&placed(&bindings.get_untracked()));
        let Some(session) = auth.session.get_untracked().filter(|_| !steps.is_empty()) else { return };
        let changed = steps.len();
        busy.set(true);
        failure.set(None);
        flash.clear();
        on_action();
        status.set(Some("Renumbering the bindings…".into()));
        spawn_local(async move {
            let (saved, refused) = send_orders(&session, steps).await;
            if refused.as_ref().is_some_and(|e| auth.intercept(e)) {
                if let Some(back) = back_stored.try_get_value() {
                    flash.show_failure_at(&back, unfinished_renumber(saved, None) + STORED_BELOW);
                }
                return;
            }
            let done = match refused {
                None => Some(format!(
                    "Renumbered the bindings 10, 20, 30, … in the order they were shown ({changed} changed)."
                )),
                Some(e) => {
                    status.try_set(None);
                    let said = unfinished_renumber(saved, Some(&e.message()));
                    pending_failure.try_update_value(|p| *p = Some(said));
                    None
                }
            };
            reload(vec!["akf-flow-bindings-heading".into()], done);
        });
    };
    let base = StoredValue::new(expect_context::<AppBase>());
    let add_href = move || {
        let order = next_order().map(|o| format!("&order={o}")).unwrap_or_default();
        base.get_value().href(&format!(
            "/bindings/new?target={flow_pk}{order}&return={}",
            encode_component(&back_stored.get_value())
        ))
    };

    let rows = move || {
        let list = bindings.get();
        let last = list.len().saturating_sub(1);
        // A stage bound more than once is told apart by its order: the
        // buttons' names must say which binding they act on.
        let named: Vec<String> = list
            .iter()
            .map(|b| match list.iter().filter(|o| o.stage == b.stage).count() {
                1 => format!("“{}”", b.stage_obj.name),
                _ => format!("“{}” at order {}", b.stage_obj.name, b.order),
            })
            .collect();
        list.into_iter()
            .zip(named)
            .enumerate()
            .map(|(index, (b, named))| {
                let name = b.stage_obj.name.clone();
                let edit = base.get_value().href(&binding_edit_href(&b.pk.to_string(), &back_stored.get_value()));
                let pk = b.pk;
                let yes_no = |v: bool| if v { "Yes" } else { "No" };
                let cell = |text: &str| el("td").text(text);
                let row = el("tr")
                    .child(el("td").class("num").text(&b.order.to_string()))
                    // The stage names the row (read out when moving along a column).
                    .child(el("th").attr("scope", "row").class("id").text(&name))
                    .child(cell(b.stage_obj.type_label()))
                    .child(cell(yes_no(b.evaluate_on_plan)))
                    .child(cell(yes_no(b.re_evaluate_policies)))
                    .child(cell(b.policy_engine_mode.label()))
                    .child(cell(b.invalid_response_action.label()));
                let actions = el("td")
                    .class("actions")
                    .child(
                        el("a")
                            .attr("href", &edit)
                            .attr("aria-label", &format!("Edit the binding of stage {named}"))
                            .text("Edit"),
                    )
                    // At the top or bottom the button is aria-disabled, not
                    // disabled: a binding moved to an end keeps focus on the
                    // button that took it there (a press does nothing), where
                    // a disabled one would hand focus to the opposite button
                    // and the next press would move it straight back.
                    .child(
                        el("button")
                            .attr("type", "button")
                            .id(&format!("akf-move-up-{pk}"))
                            .attr("aria-label", &format!("Move {named} up"))
                            .dyn_attr("aria-disabled", move || (index == 0 || busy.get()).then(|| "true".to_string()))
                            .on("click", move |_| reorder(index, -1))
                            .text("↑"),
                    )
                    .child(
                        el("button")
                            .attr("type", "button")
                            .id(&format!("akf-move-down-{pk}"))
                            .attr("aria-label", &format!("Move {named} down"))
                            .dyn_attr("aria-disabled", move || {
                                (index == last || busy.get()).then(|| "true".to_string())
                            })
                            .on("click", move |_| reorder(index, 1))
                            .text("↓"),
                    )
                    .child(
                        el("button")
                            .attr("type", "button")
                            .class("danger")
                            .id(&format!("akf-delete-{pk}"))
                            .attr("aria-label", &format!("Delete the binding of stage {named}"))
                            .text("Delete")
                            .dyn_attr("aria-disabled", move || busy.get().then(|| "true".to_string()))
                            .on("click", move |_| {
                                if busy.get_untracked() {
                                    return;
                                }
                                to_delete.set(Some(b.clone()));
                                delete_error.set(None);
                                confirm_open.set(true);
                            }),
                    );
                row.child(actions)
            })
            .collect::<Vec<_>>()
    };

    #[derive(Clone, Copy, PartialEq)]
    enum Body {
        /// The failure's number: one like the last is built again, so said again.
        Error(u32),
        Loading,
        Empty,
        Table {
            shown: usize,
            count: u64,
        },
    }
    let body_state = Memo::new(move |_| {
        if fetch.error.with(|e| e.is_some()) {
            return Body::Error(fetch.failures.get());
        }
        match fetch.data.with(|d| d.as_ref().map(|p| (p.results.len(), p.pagination.count))) {
            None => Body::Loading,
            Some((0, _)) => Body::Empty,
            Some((shown, count)) => Body::Table { shown, count },
        }
    });
    let body = move || match body_state.get() {
        Body::Error(_) => {
            let message = fetch.error.with_untracked(|e| e.as_ref().map(|e| e.message()).unwrap_or_default());
            vec![error_state(
                "Could not load the stage bindings".into(),
                &message,
                Some(Box::new(move || {
                    focus_id("akf-flow-bindings-heading");
                    fetch.retry();
                })),
            )]
        }
        Body::Loading => {
            vec![el("div").class("state loading").attr("role", "status").text("Loading the stage bindings…")]
        }
        Body::Empty => {
            vec![el("div").class("state empty").child(el("p").text("No stages are bound to this flow yet."))]
        }
        Body::Table { shown, count } => {
            let th = |label: &str| el("th").attr("scope", "col").text(label);
            let table = el("table")
                .class("data-table sticky-names")
                .attr("aria-labelledby", "akf-flow-bindings-heading")
                .dyn_attr("aria-busy", move || Some(busy.get().to_string()))
                .child(
                    el("thead").child(
                        el("tr")
                            .child(th("Order").class("num"))
                            .child(th("Stage"))
                            .child(th("Type"))
                            .child(th("Evaluate on plan"))
                            .child(th("Re-evaluate policies"))
                            .child(th("Policy engine mode"))
                            .child(th("Invalid response action"))
                            .child(th("Actions")),
                    ),
                )
                .child(el("tbody").region_many(rows));
            let mut out = vec![el("div").class("table-scroll pins-names").child(table)];
            if count as usize > shown {
                out.push(el("p").class("hint").text(&format!("Showing the first {shown} of {count} bindings.")));
            }
            out
        }
    };

    let message =
        Signal::derive(move || to_delete.with(|b| b.as_ref().map(|b| b.deletion_consequence()).unwrap_or_default()));

    el("section")
        .class("flow-bindings")
        .attr("aria-labelledby", "akf-flow-bindings-heading")
        .child(
            el("div")
                .class("list-header")
                .child(el("h2").id("akf-flow-bindings-heading").attr("tabindex", "-1").text("Stage bindings"))
                .child(
                    el("a")
                        .class("button primary")
                        .dyn_attr("href", move || Some(add_href()))
                        .text("Add stage binding"),
                ),
        )
        .child(el("p").class("hint").text("Stages run in this order, lowest order first.").dyn_text(move || {
            // Said where there is something to move.
            if matches!(body_state.get(), Body::Table { shown: 2.., .. }) {
                " Move a binding up or down to change it."
            } else {
                ""
            }
            .to_string()
        }))
        .region(move || {
            let text = shared.get();
            (!text.is_empty()).then(|| {
                el("div").class("notice shared-orders").child(el("p").dyn_text_isolated(move || text.clone())).child(
                    el("button")
                        .attr("type", "button")
                        .dyn_attr("aria-disabled", move || busy.get().then(|| "true".to_string()))
                        .on("click", move |_| renumber())
                        .text("Renumber 10, 20, 30, …"),
                )
            })
        })
        .child(
            el("p")
                .class("list-status")
                .attr("role", "status")
                .dyn_text_isolated(move || status.get().unwrap_or_default()),
        )
        .child(
            el("p")
                .class("form-error")
                .attr("role", "alert")
                .dyn_text_isolated(move || failure.get().unwrap_or_default()),
        )
        .region(move || {
            later_failed.get().then(|| {
                el("button").attr("type", "button").text("Retry").on("click", move |_| {
                    // The button goes: focus waits at the heading, as for the first page.
                    focus_id("akf-flow-bindings-heading");
                    later_failed.set(false);
                    failure.set(None);
                    asked.set_value(0);
                    // Seen as the list changing: the page after it is asked for again.
                    fetch.data.update(|_| {});
                })
            })
        })
        .region_many(body)
        .child(confirm_dialog(Confirm {
            open: confirm_open,
            title: Signal::stored("Delete this binding?".to_string()),
            message,
            confirm_label: "Delete binding",
            on_confirm: on_delete,
            busy: deleting.into(),
            error: delete_error.into(),
        }))
}

/// What to say when a move stopped before all its renumbering was saved:
/// after `saved` of its requests, refused with `reason` or cut short by the
/// session ending (`None`). [`STORED_BELOW`] follows once the list below
/// holds what the server stores now (the reload after a failure can fail too).
fn unfinished_move(stage: &str, saved: usize, reason: Option<&str>) -> String {
    let stage = isolate(stage);
    let reason = reason.unwrap_or("Your session ended.");
    if saved == 0 {
        format!("“{stage}” was not moved: {reason}")
    } else {
        format!("The move of “{stage}” was only partly saved: {reason} Some bindings were already renumbered.")
    }
}

/// What to say when renumbering stopped before all of it was saved (see
/// `unfinished_move`).
fn unfinished_renumber(saved: usize, reason: Option<&str>) -> String {
    let reason = reason.unwrap_or("Your session ended.");
    if saved == 0 {
        format!("The bindings were not renumbered: {reason}")
    } else {
        format!("Renumbering was only partly saved: {reason} Some bindings were already renumbered.")
    }
}

const STORED_BELOW: &str = " The order stored on the server is shown below.";

/// "“A” and “B” share order 20. …": each order several stages share, with
/// their names, then why it matters.
fn shared_orders_text(groups: &[(i64, Vec<String>)]) -> String {
    let mut out = String::new();
    for (order, names) in groups {
        let quoted: Vec<String> = names.iter().map(|n| format!("“{}”", isolate(n))).collect();
        let (last, rest) = quoted.split_last().map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
        out.push_str(&format!("{} and {last} share order {order}. ", crate::text::join(rest, ", ")));
    }
    out.push_str("Which of them runs first is not defined: authentik sorts a flow’s stages by their order alone.");
    out
}

#[cfg(test)]
mod tests {
    use super::{shared_orders_text, unfinished_move, unfinished_renumber};

    fn plain(text: String) -> String {
        crate::text::parts(&text).into_iter().map(|(p, _)| p).collect()
    }

    #[test]
    fn shared_orders_are_said_with_the_stages_names() {
        let groups = vec![
            (20, vec!["login".to_string(), "mfa".to_string()]),
            (30, vec!["a".to_string(), "b".to_string(), "<c>".to_string()]),
        ];
        assert_eq!(
            plain(shared_orders_text(&groups)),
            "“login” and “mfa” share order 20. “a”, “b” and “<c>” share order 30. Which of them runs first is not \
             defined: authentik sorts a flow’s stages by their order alone."
        );
    }

    #[test]
    fn an_unfinished_renumbering_says_whether_anything_changed() {
        assert_eq!(unfinished_renumber(0, Some("Nope.")), "The bindings were not renumbered: Nope.");
        assert!(unfinished_renumber(2, None).starts_with("Renumbering was only partly saved: Your session ended. Some"));
    }

    #[test]
    fn an_unfinished_move_says_whether_anything_changed() {
        // As on screen: the isolated name drawn as plain text.
        let unfinished_move = |stage, saved, reason| {
            crate::text::parts(&(unfinished_move(stage, saved, reason) + super::STORED_BELOW))
                .into_iter()
                .map(|(p, _)| p)
                .collect::<String>()
        };
        let none = unfinished_move("login", 0, Some("Not allowed."));
        assert_eq!(none, "“login” was not moved: Not allowed. The order stored on the server is shown below.");
        let partly = unfinished_move("login", 1, Some("Not allowed."));
        assert!(
            partly.starts_with("The move of “login” was only partly saved: Not allowed. Some bindings"),
            "{partly}"
        );
        assert!(unfinished_move("login", 0, None).contains("Your session ended."));
    }
}
