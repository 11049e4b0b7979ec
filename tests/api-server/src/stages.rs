//! `/stages/all/` (+ `types/`), and each stage type's own list, with the
//! user-login and source stages modelled field by field.

use crate::api::{detail, ApiResponse, ALLOW_DETAIL, ALLOW_LIST, ALLOW_READ_ONLY};
use crate::data::{self, Index, Stage, StageKind, Store};
use crate::filters::{self, FilterErrors};
use crate::flows::flow_set_json;
use crate::listing::{self, SortValue};
use serde_json::{json, Map, Value};
use uuid::Uuid;

/// A stage as `StageSerializer` writes it; `typed` adds the fields of its own
/// type (the per-type endpoints do, `/stages/all/` does not).
pub fn stage_json(idx: &Index, stage: &Stage, typed: bool) -> Value {
    let mut out = Map::new();
    out.insert("pk".into(), json!(stage.pk));
    out.insert("name".into(), json!(stage.name));
    out.insert("component".into(), json!(stage.component));
    out.insert("verbose_name".into(), json!(stage.verbose_name));
    out.insert("verbose_name_plural".into(), json!(stage.verbose_name_plural));
    out.insert("meta_model_name".into(), json!(stage.meta_model_name));
    out.insert("flow_set".into(), flow_set(idx, stage.pk));
    if typed {
        match &stage.kind {
            StageKind::UserLogin(u) => {
                out.insert("session_duration".into(), json!(u.session_duration));
                out.insert("terminate_other_sessions".into(), json!(u.terminate_other_sessions));
                out.insert("remember_me_offset".into(), json!(u.remember_me_offset));
                out.insert("network_binding".into(), json!(u.network_binding));
                out.insert("geoip_binding".into(), json!(u.geoip_binding));
                out.insert("remember_device".into(), json!(u.remember_device));
            }
            StageKind::Source(s) => {
                out.insert("source".into(), json!(s.source));
                out.insert("resume_timeout".into(), json!(s.resume_timeout));
                out.insert("resume_on_match_failures".into(), json!(s.resume_on_match_failures));
            }
            StageKind::Other => {}
        }
    }
    Value::Object(out)
}

/// The stage as a binding's PUT/POST answer carries it: authentik serializes
/// the base `Stage` there, so the type-specific names are blank (recorded).
pub fn generic_stage_json(idx: &Index, stage: &Stage) -> Value {
    json!({
        "pk": stage.pk,
        "name": stage.name,
        "component": "",
        "verbose_name": "stage",
        "verbose_name_plural": "stages",
        "meta_model_name": "authentik_flows.stage",
        "flow_set": flow_set(idx, stage.pk),
    })
}

fn flow_set(idx: &Index, stage: Uuid) -> Value {
    Value::Array(idx.stage_flows(stage).iter().map(|f| flow_set_json(f)).collect())
}

/// `GET /stages/all/types/`, as recorded.
pub fn types() -> ApiResponse {
    let recorded: Value = serde_json::from_str(data::REAL_STAGE_TYPES).unwrap_or(Value::Null);
    ApiResponse::json(200, Some(ALLOW_READ_ONLY), &recorded["body"])
}

fn parse_pk(raw: &str) -> Option<Uuid> {
    Uuid::parse_str(raw).ok()
}

/// `GET /stages/all/<pk>/` and `GET /stages/<type>/<pk>/`.
pub fn retrieve(store: &Store, model: Option<&str>, raw_pk: &str) -> ApiResponse {
    // A path segment that is not a UUID never matches the route's regex.
    let Some(pk) = parse_pk(raw_pk) else {
        return detail(404, Some(ALLOW_DETAIL), "Not found.");
    };
    let found = store.stage(pk).filter(|s| model.is_none_or(|m| s.model_name() == m));
    match found {
        Some(stage) => ApiResponse::json(200, Some(ALLOW_DETAIL), &stage_json(&store.index(), stage, model.is_some())),
        None => {
            let noun = match model {
                Some("userloginstage") => "UserLoginStage",
                Some("sourcestage") => "SourceStage",
                _ => "Stage",
            };
            detail(404, Some(ALLOW_DETAIL), &format!("No {noun} matches the given query."))
        }
    }
}

fn base_sort_value(stage: &Stage, field: &str) -> Option<SortValue> {
    match field {
        "pk" => Some(SortValue::Str(stage.pk.to_string())),
        "name" => Some(SortValue::Str(stage.name.clone())),
        _ => None,
    }
}

fn sort_value(stage: &Stage, field: &str) -> SortValue {
    if let Some(v) = base_sort_value(stage, field) {
        return v;
    }
    let s = |v: &str| SortValue::Str(v.to_string());
    match (&stage.kind, field) {
        (StageKind::UserLogin(u), "session_duration") => s(&u.session_duration),
        (StageKind::UserLogin(u), "terminate_other_sessions") => SortValue::Bool(u.terminate_other_sessions),
        (StageKind::UserLogin(u), "remember_me_offset") => s(&u.remember_me_offset),
        (StageKind::UserLogin(u), "network_binding") => s(&u.network_binding),
        (StageKind::UserLogin(u), "geoip_binding") => s(&u.geoip_binding),
        (StageKind::UserLogin(u), "remember_device") => s(&u.remember_device),
        (StageKind::Source(src), "source") => s(&src.source.to_string()),
        (StageKind::Source(src), "resume_timeout") => s(&src.resume_timeout),
        (StageKind::Source(src), "resume_on_match_failures") => s(&src.resume_on_match_failures.join(",")),
        _ => SortValue::Null,
    }
}

const USER_LOGIN_ORDERING: &[&str] = &[
    "pk",
    "name",
    "session_duration",
    "terminate_other_sessions",
    "remember_me_offset",
    "network_binding",
    "geoip_binding",
    "remember_device",
];
const SOURCE_ORDERING: &[&str] = &["pk", "name", "source", "resume_timeout", "resume_on_match_failures"];
const BASE_ORDERING: &[&str] = &["pk", "name"];

/// `GET /stages/all/` (`model` = None) or a type's own list endpoint.
pub fn list(store: &Store, model: Option<&str>, query: &[(String, String)], max_page_size: usize) -> ApiResponse {
    let mut errors = FilterErrors::default();
    let name = filters::text(query, "name");
    // Filters only the per-type endpoints have.
    let typed = model.is_some();
    let stage_uuid = if typed { filters::uuid(query, "stage_uuid", &mut errors) } else { None };
    let (mut login_filters, mut source_filters) = (None, None);
    match model {
        Some("userloginstage") => {
            login_filters = Some((
                filters::text(query, "session_duration"),
                filters::boolean(query, "terminate_other_sessions"),
                filters::text(query, "remember_me_offset"),
                filters::choice(query, "network_binding", data::NETWORK_BINDINGS, &mut errors),
                filters::choice(query, "geoip_binding", data::GEOIP_BINDINGS, &mut errors),
                filters::text(query, "remember_device"),
            ));
        }
        Some("sourcestage") => {
            source_filters = Some((
                filters::foreign_key(query, "source", |u| store.sources.iter().any(|s| s.pk == u), &mut errors),
                filters::text(query, "resume_timeout"),
            ));
        }
        _ => {}
    }
    if let Err(body) = errors.finish() {
        return ApiResponse::json(400, Some(ALLOW_LIST), &body);
    }
    let terms = listing::search_terms(query);

    let mut stages: Vec<(usize, &Stage)> = store
        .stages
        .iter()
        .enumerate()
        .filter(|(_, s)| model.is_none_or(|m| s.model_name() == m))
        .filter(|(_, s)| name.is_none_or(|n| s.name == n))
        .filter(|(_, s)| stage_uuid.is_none_or(|u| s.pk == u))
        .filter(|(_, s)| listing::matches_search(&terms, &[&s.name]))
        .filter(|(_, s)| match (&login_filters, &s.kind) {
            (None, _) => true,
            (Some((duration, terminate, offset, network, geoip, device)), StageKind::UserLogin(u)) => {
                duration.is_none_or(|d| u.session_duration == d)
                    && terminate.is_none_or(|t| u.terminate_other_sessions == t)
                    && offset.is_none_or(|o| u.remember_me_offset == o)
                    && network.is_none_or(|n| u.network_binding == n)
                    && geoip.is_none_or(|g| u.geoip_binding == g)
                    && device.is_none_or(|d| u.remember_device == d)
            }
            (Some(_), _) => false,
        })
        .filter(|(_, s)| match (&source_filters, &s.kind) {
            (None, _) => true,
            (Some((source, timeout)), StageKind::Source(src)) => {
                source.is_none_or(|u| src.source == u) && timeout.is_none_or(|t| src.resume_timeout == t)
            }
            (Some(_), _) => false,
        })
        .collect();

    let (valid, default): (&[&str], &[&str]) = match model {
        None => (BASE_ORDERING, &[]), // StageViewSet sets no ordering: database order
        Some("userloginstage") => (USER_LOGIN_ORDERING, &["name"]),
        Some("sourcestage") => (SOURCE_ORDERING, &["name"]),
        Some(_) => (BASE_ORDERING, &["name"]),
    };
    let order = listing::ordering(query, valid, default);
    // Stage names are unique.
    let ties = listing::Ties::new(query, valid, &order, &["pk", "name"]);
    listing::sort_by_terms(
        &mut stages,
        &order,
        |(_, s), f| sort_value(s, f),
        |(i, s)| ties.value(&s.pk.to_string(), SortValue::Int(*i as i64)),
    );
    let idx = store.index();
    match listing::paginate(stages, query, max_page_size, |(_, s)| stage_json(&idx, s, typed)) {
        Ok(page) => ApiResponse::json(200, Some(ALLOW_LIST), &page),
        Err(body) => ApiResponse::json(404, Some(ALLOW_LIST), &body),
    }
}
