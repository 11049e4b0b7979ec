//! `/flows/instances/`: list and detail.

use crate::api::{detail, ApiResponse, ALLOW_DETAIL, ALLOW_LIST};
use crate::data::{self, Flow, Index, Store};
use crate::filters::{self, FilterErrors};
use crate::listing::{self, SortValue};
use serde_json::{json, Value};

fn background_url(flow: &Flow) -> String {
    if flow.background.is_empty() {
        "/static/dist/assets/images/flow_background.jpg".to_string()
    } else {
        flow.background.clone()
    }
}

/// The short form of a flow inside a stage's `flow_set` (`FlowSetSerializer`).
pub fn flow_set_json(flow: &Flow) -> Value {
    json!({
        "pk": flow.pk,
        "policybindingmodel_ptr_id": flow.policybindingmodel_ptr_id,
        "name": flow.name,
        "slug": flow.slug,
        "title": flow.title,
        "designation": flow.designation,
        "background_url": background_url(flow),
        "policy_engine_mode": flow.policy_engine_mode,
        "compatibility_mode": flow.compatibility_mode,
        "export_url": format!("/api/v3/flows/instances/{}/export/", flow.slug),
        "layout": flow.layout,
        "denied_action": flow.denied_action,
    })
}

/// The JSON authentik's `FlowSerializer` produces, in its field order.
pub fn flow_json(idx: &Index, flow: &Flow) -> Value {
    json!({
        "pk": flow.pk,
        "policybindingmodel_ptr_id": flow.policybindingmodel_ptr_id,
        "name": flow.name,
        "slug": flow.slug,
        "title": flow.title,
        "designation": flow.designation,
        "background": flow.background,
        "background_url": background_url(flow),
        "background_themed_urls": Value::Null,
        "stages": idx.flow_stages(flow.pk),
        "policies": flow.policies,
        "cache_count": 0,
        "policy_engine_mode": flow.policy_engine_mode,
        "compatibility_mode": flow.compatibility_mode,
        "export_url": format!("/api/v3/flows/instances/{}/export/", flow.slug),
        "layout": flow.layout,
        "denied_action": flow.denied_action,
        "authentication": flow.authentication,
    })
}

/// Fields `?ordering=` accepts on flows: the serializer's model-backed fields.
const FLOW_ORDERING_FIELDS: &[&str] = &[
    "pk",
    "policybindingmodel_ptr_id",
    "name",
    "slug",
    "title",
    "designation",
    "background",
    "policy_engine_mode",
    "compatibility_mode",
    "layout",
    "denied_action",
    "authentication",
];

fn flow_sort_value(flow: &Flow, field: &str) -> SortValue {
    match field {
        "pk" => SortValue::Str(flow.pk.to_string()),
        "policybindingmodel_ptr_id" => SortValue::Str(flow.policybindingmodel_ptr_id.to_string()),
        "name" => SortValue::Str(flow.name.clone()),
        "slug" => SortValue::Str(flow.slug.clone()),
        "title" => SortValue::Str(flow.title.clone()),
        "designation" => SortValue::Str(flow.designation.clone()),
        "background" => SortValue::Str(flow.background.clone()),
        "policy_engine_mode" => SortValue::Str(flow.policy_engine_mode.clone()),
        "compatibility_mode" => SortValue::Bool(flow.compatibility_mode),
        "layout" => SortValue::Str(flow.layout.clone()),
        "denied_action" => SortValue::Str(flow.denied_action.clone()),
        "authentication" => SortValue::Str(flow.authentication.clone()),
        _ => SortValue::Null,
    }
}

pub fn list(store: &Store, query: &[(String, String)], max_page_size: usize) -> ApiResponse {
    // Validate every filter first: django-filter reports all bad fields at once.
    let mut errors = FilterErrors::default();
    let designation = filters::choice(query, "designation", data::DESIGNATIONS, &mut errors);
    let denied_action = filters::choice(query, "denied_action", data::DENIED_ACTIONS, &mut errors);
    let flow_uuid = filters::uuid(query, "flow_uuid", &mut errors);
    if let Err(body) = errors.finish() {
        return ApiResponse::json(400, Some(ALLOW_LIST), &body);
    }
    let slug = listing::filter_param(query, "slug");
    let name = listing::filter_param(query, "name");
    let terms = listing::search_terms(query);

    let mut flows: Vec<&Flow> = store
        .flows
        .iter()
        .filter(|f| designation.is_none_or(|d| f.designation == d))
        .filter(|f| denied_action.is_none_or(|d| f.denied_action == d))
        .filter(|f| slug.is_none_or(|s| f.slug == s))
        .filter(|f| name.is_none_or(|n| f.name == n))
        .filter(|f| flow_uuid.is_none_or(|u| f.pk == u))
        .filter(|f| listing::matches_search(&terms, &[&f.name, &f.slug, &f.designation, &f.title, &f.denied_action]))
        .collect();
    let order = listing::ordering(query, FLOW_ORDERING_FIELDS, &["slug"]);
    let ties = listing::Ties::new(query, FLOW_ORDERING_FIELDS, &order, &["pk", "policybindingmodel_ptr_id", "slug"]);
    listing::sort_by_terms(
        &mut flows,
        &order,
        |f, field| flow_sort_value(f, field),
        |f| ties.value(&f.pk.to_string(), SortValue::Str(f.pk.to_string())),
    );
    let idx = store.index();
    match listing::paginate(flows, query, max_page_size, |f| flow_json(&idx, f)) {
        Ok(page) => ApiResponse::json(200, Some(ALLOW_LIST), &page),
        Err(body) => ApiResponse::json(404, Some(ALLOW_LIST), &body),
    }
}

/// `GET /flows/instances/<slug>/export/`: the flow and its bindings as a
/// blueprint (YAML), as authentik's FlowExporter writes it in outline. Sent
/// as an attachment (`<slug>.yaml`) with Django's default content type.
pub fn export(store: &Store, slug: &str) -> ApiResponse {
    let Some(flow) = store.flows.iter().find(|f| f.slug == slug) else {
        return detail(404, Some(crate::api::ALLOW_READ_ONLY), "No Flow matches the given query.");
    };
    // JSON strings are valid YAML double-quoted scalars: hostile names stay text.
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut yaml = format!(
        "version: 1\nmetadata:\n  name: {}\n  labels:\n    blueprints.goauthentik.io/generated: 'true'\nentries:\n\
         - identifiers:\n    slug: {}\n  model: authentik_flows.flow\n  attrs:\n    name: {}\n    title: {}\n\
         \x20   designation: {}\n    policy_engine_mode: {}\n    compatibility_mode: {}\n    layout: {}\n\
         \x20   denied_action: {}\n    authentication: {}\n",
        q(&flow.name),
        q(&flow.slug),
        q(&flow.name),
        q(&flow.title),
        flow.designation,
        flow.policy_engine_mode,
        flow.compatibility_mode,
        flow.layout,
        flow.denied_action,
        flow.authentication,
    );
    let mut bindings: Vec<_> = store.bindings.iter().filter(|b| b.target == flow.pk).collect();
    bindings.sort_by_key(|b| b.order);
    for b in bindings {
        yaml.push_str(&format!(
            "- identifiers:\n    order: {}\n    stage: {}\n    target: {}\n  model: authentik_flows.flowstagebinding\n\
             \x20 attrs:\n    evaluate_on_plan: {}\n    re_evaluate_policies: {}\n    policy_engine_mode: {}\n\
             \x20   invalid_response_action: {}\n",
            b.order,
            b.stage,
            b.target,
            b.evaluate_on_plan,
            b.re_evaluate_policies,
            b.policy_engine_mode,
            b.invalid_response_action,
        ));
    }
    ApiResponse {
        status: 200,
        content_type: "text/html; charset=utf-8",
        allow: Some(crate::api::ALLOW_READ_ONLY),
        body: yaml.into_bytes(),
    }
}

pub fn retrieve(store: &Store, slug: &str) -> ApiResponse {
    match store.flows.iter().find(|f| f.slug == slug) {
        Some(flow) => ApiResponse::json(200, Some(ALLOW_DETAIL), &flow_json(&store.index(), flow)),
        None => detail(404, Some(ALLOW_DETAIL), "No Flow matches the given query."),
    }
}
