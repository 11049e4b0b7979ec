//! `/flows/bindings/`: list, retrieve, create, update (PUT and PATCH) and
//! delete, with the validation and messages of authentik's
//! `FlowStageBindingSerializer` (as recorded from a real server).

use crate::api::{detail, ApiResponse, ALLOW_DETAIL, ALLOW_LIST};
use crate::data::{self, FlowStageBinding, Index, Store};
use crate::filters::{self, FilterErrors};
use crate::listing::{self, SortValue};
use crate::stages::{generic_stage_json, stage_json};
use serde_json::{json, Map, Value};
use uuid::Uuid;

/// A binding as the serializer writes it. PUT and POST answers carry the
/// stage as a plain `Stage` (blank type names); GET and PATCH the typed one.
pub fn binding_json(idx: &Index, b: &FlowStageBinding, generic_stage: bool) -> Value {
    let stage_obj = match idx.stage(b.stage) {
        Some(stage) if generic_stage => generic_stage_json(idx, stage),
        Some(stage) => stage_json(idx, stage, false),
        None => Value::Null,
    };
    json!({
        "pk": b.pk,
        "policybindingmodel_ptr_id": b.policybindingmodel_ptr_id,
        "target": b.target,
        "stage": b.stage,
        "stage_obj": stage_obj,
        "evaluate_on_plan": b.evaluate_on_plan,
        "re_evaluate_policies": b.re_evaluate_policies,
        "order": b.order,
        "policy_engine_mode": b.policy_engine_mode,
        "invalid_response_action": b.invalid_response_action,
    })
}

/// What `?ordering=` accepts on bindings: the view names no `ordering_fields`,
/// so DRF allows the serializer's readable fields by their source (`stage_obj`
/// is `stage`). Anything else (`stage__name`, `target__uuid`) is dropped.
const ORDERING_FIELDS: &[&str] = &[
    "pk",
    "policybindingmodel_ptr_id",
    "target",
    "stage",
    "evaluate_on_plan",
    "re_evaluate_policies",
    "order",
    "policy_engine_mode",
    "invalid_response_action",
];
const UNIQUE_FIELDS: &[&str] = &["pk", "policybindingmodel_ptr_id"];

/// A foreign key sorts by the related row's primary key (neither `Flow` nor
/// `Stage` declares an ordering of its own).
fn sort_value(b: &FlowStageBinding, field: &str) -> SortValue {
    let s = |v: String| SortValue::Str(v);
    match field {
        "order" => SortValue::Int(b.order),
        "pk" => s(b.pk.to_string()),
        "policybindingmodel_ptr_id" => s(b.policybindingmodel_ptr_id.to_string()),
        "target" => s(b.target.to_string()),
        "stage" => s(b.stage.to_string()),
        "evaluate_on_plan" => SortValue::Bool(b.evaluate_on_plan),
        "re_evaluate_policies" => SortValue::Bool(b.re_evaluate_policies),
        "policy_engine_mode" => s(b.policy_engine_mode.clone()),
        "invalid_response_action" => s(b.invalid_response_action.clone()),
        _ => SortValue::Null,
    }
}

fn policy_exists(store: &Store, pk: Uuid) -> bool {
    store.bindings.iter().any(|b| b.policies.contains(&pk)) || store.flows.iter().any(|f| f.policies.contains(&pk))
}

/// `GET /flows/bindings/`.
pub fn list(store: &Store, query: &[(String, String)], max_page_size: usize) -> ApiResponse {
    let idx = store.index();
    let mut errors = FilterErrors::default();
    let evaluate_on_plan = filters::boolean(query, "evaluate_on_plan");
    let fsb_uuid = filters::uuid(query, "fsb_uuid", &mut errors);
    let invalid_response_action =
        filters::choice(query, "invalid_response_action", data::INVALID_RESPONSE_ACTIONS, &mut errors);
    let order = filters::number(query, "order", &mut errors);
    let pbm_uuid = filters::uuid(query, "pbm_uuid", &mut errors);
    let policies = filters::foreign_keys(query, "policies", |u| policy_exists(store, u), &mut errors);
    let policy_engine_mode = filters::choice(query, "policy_engine_mode", data::POLICY_ENGINE_MODES, &mut errors);
    let re_evaluate_policies = filters::boolean(query, "re_evaluate_policies");
    let stage = filters::foreign_key(query, "stage", |u| idx.stage(u).is_some(), &mut errors);
    let target = filters::foreign_key(query, "target", |u| idx.flow(u).is_some(), &mut errors);
    if let Err(body) = errors.finish() {
        return ApiResponse::json(400, Some(ALLOW_LIST), &body);
    }
    let terms = listing::search_terms(query);
    let mut bindings: Vec<&FlowStageBinding> = store
        .bindings
        .iter()
        .filter(|b| evaluate_on_plan.is_none_or(|v| b.evaluate_on_plan == v))
        .filter(|b| fsb_uuid.is_none_or(|u| b.pk == u))
        .filter(|b| invalid_response_action.is_none_or(|v| b.invalid_response_action == v))
        .filter(|b| order.is_none_or(|o| b.order as f64 == o))
        .filter(|b| pbm_uuid.is_none_or(|u| b.policybindingmodel_ptr_id == u))
        .filter(|b| policies.as_ref().is_none_or(|ps| ps.iter().any(|p| b.policies.contains(p))))
        .filter(|b| policy_engine_mode.is_none_or(|v| b.policy_engine_mode == v))
        .filter(|b| re_evaluate_policies.is_none_or(|v| b.re_evaluate_policies == v))
        .filter(|b| stage.is_none_or(|u| b.stage == u))
        .filter(|b| target.is_none_or(|u| b.target == u))
        .filter(|b| {
            let name = idx.stage(b.stage).map(|s| s.name.as_str()).unwrap_or("");
            listing::matches_search(&terms, &[name])
        })
        .collect();
    let ordering = listing::ordering(query, ORDERING_FIELDS, &["order", "pk"]);
    let ties = listing::Ties::new(query, ORDERING_FIELDS, &ordering, UNIQUE_FIELDS);
    listing::sort_by_terms(
        &mut bindings,
        &ordering,
        |b, f| sort_value(b, f),
        |b| ties.value(&b.pk.to_string(), SortValue::Str(b.pk.to_string())),
    );
    match listing::paginate(bindings, query, max_page_size, |b| binding_json(&idx, b, false)) {
        Ok(page) => ApiResponse::json(200, Some(ALLOW_LIST), &page),
        Err(body) => ApiResponse::json(404, Some(ALLOW_LIST), &body),
    }
}

/// The binding a detail path names: 404 "Not found." when the segment is not a
/// UUID (the route does not match), authentik's message when it does not exist.
fn find(store: &Store, raw_pk: &str) -> Result<usize, ApiResponse> {
    let Ok(pk) = Uuid::parse_str(raw_pk) else {
        return Err(detail(404, Some(ALLOW_DETAIL), "Not found."));
    };
    store
        .bindings
        .iter()
        .position(|b| b.pk == pk)
        .ok_or_else(|| detail(404, Some(ALLOW_DETAIL), "No FlowStageBinding matches the given query."))
}

pub fn retrieve(store: &Store, raw_pk: &str) -> ApiResponse {
    match find(store, raw_pk) {
        Ok(i) => ApiResponse::json(200, Some(ALLOW_DETAIL), &binding_json(&store.index(), &store.bindings[i], false)),
        Err(r) => r,
    }
}

pub fn destroy(store: &mut Store, raw_pk: &str) -> ApiResponse {
    match find(store, raw_pk) {
        Ok(i) => {
            store.bindings.remove(i);
            ApiResponse { status: 204, content_type: "", allow: Some(ALLOW_DETAIL), body: Vec::new() }
        }
        Err(r) => r,
    }
}

/// The writable fields, validated.
#[derive(Debug, Clone, Default, PartialEq)]
struct Attrs {
    target: Option<Uuid>,
    stage: Option<Uuid>,
    evaluate_on_plan: Option<bool>,
    re_evaluate_policies: Option<bool>,
    order: Option<i64>,
    policy_engine_mode: Option<String>,
    invalid_response_action: Option<String>,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// Python's `str()` of a JSON value, as DRF puts it into messages.
fn python_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

/// `PrimaryKeyRelatedField` to a model with a UUID key.
fn related(v: &Value, exists: impl Fn(Uuid) -> bool) -> Result<Uuid, String> {
    let Value::String(s) = v else {
        return Err(format!("Incorrect type. Expected pk value, received {}.", type_name(v)));
    };
    let pk = Uuid::parse_str(s).map_err(|_| format!("“{s}” is not a valid UUID."))?;
    if exists(pk) {
        Ok(pk)
    } else {
        Err(format!("Invalid pk \"{s}\" - object does not exist."))
    }
}

/// DRF `BooleanField`.
fn boolean(v: &Value) -> Result<bool, String> {
    const TRUE: &[&str] = &["t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "1"];
    const FALSE: &[&str] = &["f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "0"];
    match v {
        Value::Bool(b) => Ok(*b),
        Value::Number(n) if n.as_i64() == Some(1) || n.as_f64() == Some(1.0) => Ok(true),
        Value::Number(n) if n.as_i64() == Some(0) || n.as_f64() == Some(0.0) => Ok(false),
        Value::String(s) if TRUE.contains(&s.as_str()) => Ok(true),
        Value::String(s) if FALSE.contains(&s.as_str()) => Ok(false),
        _ => Err("Must be a valid boolean.".into()),
    }
}

/// DRF `IntegerField` with the model's 32-bit range.
fn integer(v: &Value) -> Result<i64, String> {
    const INVALID: &str = "A valid integer is required.";
    let n: i64 = match v {
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i,
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e18 => f as i64,
            (None, _) if n.as_u64().is_some() => i64::MAX, // beyond i64: certainly too big
            _ => return Err(INVALID.into()),
        },
        Value::String(s) if s.len() > 1000 => return Err("String value too large.".into()),
        // int(re.sub(r'\.0*\s*$', '', str(data))): "20", " 20 ", "20.0" are fine.
        Value::String(s) => {
            let t = s.trim();
            let t = t.split_once('.').filter(|(_, z)| z.chars().all(|c| c == '0')).map(|(i, _)| i).unwrap_or(t);
            t.parse::<i64>().map_err(|_| INVALID.to_string())?
        }
        _ => return Err(INVALID.into()),
    };
    if n > i32::MAX as i64 {
        Err("Ensure this value is less than or equal to 2147483647.".into())
    } else if n < i32::MIN as i64 {
        Err("Ensure this value is greater than or equal to -2147483648.".into())
    } else {
        Ok(n)
    }
}

/// DRF `ChoiceField`.
fn choice(v: &Value, choices: &[&str]) -> Result<String, String> {
    match v {
        Value::String(s) if choices.contains(&s.as_str()) => Ok(s.clone()),
        other => Err(format!("\"{}\" is not a valid choice.", python_str(other))),
    }
}

/// Field-level validation in the serializer's field order. `partial`: PATCH,
/// where absent fields are simply not validated.
fn validate_fields(store: &Store, body: &Value, partial: bool) -> Result<Attrs, Value> {
    let Value::Object(data) = body else {
        return Err(json!({
            "non_field_errors": [format!("Invalid data. Expected a dictionary, but got {}.", type_name(body))]
        }));
    };
    let mut attrs = Attrs::default();
    let mut errors = Map::new();
    let mut field =
        |name: &str, required: bool, check: &mut dyn FnMut(&Value) -> Result<(), String>| match data.get(name) {
            None if required && !partial => {
                errors.insert(name.into(), json!(["This field is required."]));
            }
            None => {}
            Some(Value::Null) => {
                errors.insert(name.into(), json!(["This field may not be null."]));
            }
            Some(v) => {
                if let Err(message) = check(v) {
                    errors.insert(name.into(), json!([message]));
                }
            }
        };
    field("target", true, &mut |v| related(v, |u| store.flow(u).is_some()).map(|u| attrs.target = Some(u)));
    field("stage", true, &mut |v| related(v, |u| store.stage(u).is_some()).map(|u| attrs.stage = Some(u)));
    field("evaluate_on_plan", false, &mut |v| boolean(v).map(|b| attrs.evaluate_on_plan = Some(b)));
    field("re_evaluate_policies", false, &mut |v| boolean(v).map(|b| attrs.re_evaluate_policies = Some(b)));
    field("order", true, &mut |v| integer(v).map(|n| attrs.order = Some(n)));
    field("policy_engine_mode", false, &mut |v| {
        choice(v, data::POLICY_ENGINE_MODES).map(|c| attrs.policy_engine_mode = Some(c))
    });
    field("invalid_response_action", false, &mut |v| {
        choice(v, data::INVALID_RESPONSE_ACTIONS).map(|c| attrs.invalid_response_action = Some(c))
    });
    if errors.is_empty() {
        Ok(attrs)
    } else {
        Err(Value::Object(errors))
    }
}

/// The serializer's validators and `validate()`, after the fields pass.
fn validate_object(store: &Store, attrs: &Attrs, instance: Option<&FlowStageBinding>) -> Result<(), Value> {
    // UniqueTogetherValidator(target, stage, order); a partial update fills the
    // missing ones from the instance.
    let target = attrs.target.or(instance.map(|i| i.target));
    let stage = attrs.stage.or(instance.map(|i| i.stage));
    let order = attrs.order.or(instance.map(|i| i.order));
    if let (Some(target), Some(stage), Some(order)) = (target, stage, order) {
        let taken = store.bindings.iter().any(|b| {
            Some(b.pk) != instance.map(|i| i.pk) && b.target == target && b.stage == stage && b.order == order
        });
        if taken {
            return Err(json!({ "non_field_errors": ["The fields target, stage, order must make a unique set."] }));
        }
    }
    // authentik's validate() reads the submitted values with the model
    // defaults, not the instance's: a PATCH of only re_evaluate_policies=false
    // fails even when evaluate_on_plan is stored as true (recorded).
    let on_plan = attrs.evaluate_on_plan.unwrap_or(false);
    let on_run = attrs.re_evaluate_policies.unwrap_or(true);
    if !on_plan && !on_run {
        return Err(json!({ "non_field_errors": ["Either evaluation on plan or evaluation on run must be enabled"] }));
    }
    Ok(())
}

fn parse_body(raw: &[u8]) -> Result<Value, ApiResponse> {
    if raw.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(json!({}));
    }
    serde_json::from_slice(raw).map_err(|e| {
        detail(400, Some(ALLOW_LIST), &format!("JSON parse error - {}", crate::api::python_json_error(&e)))
    })
}

/// `POST /flows/bindings/`.
pub fn create(store: &mut Store, raw_body: &[u8], new_pk: Uuid, new_ptr: Uuid) -> ApiResponse {
    let body = match parse_body(raw_body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let attrs = match validate_fields(store, &body, false) {
        Ok(a) => a,
        Err(errors) => return ApiResponse::json(400, Some(ALLOW_LIST), &errors),
    };
    if let Err(errors) = validate_object(store, &attrs, None) {
        return ApiResponse::json(400, Some(ALLOW_LIST), &errors);
    }
    let binding = FlowStageBinding {
        pk: new_pk,
        policybindingmodel_ptr_id: new_ptr,
        target: attrs.target.unwrap_or_default(),
        stage: attrs.stage.unwrap_or_default(),
        order: attrs.order.unwrap_or_default(),
        evaluate_on_plan: attrs.evaluate_on_plan.unwrap_or(false),
        re_evaluate_policies: attrs.re_evaluate_policies.unwrap_or(true),
        policy_engine_mode: attrs.policy_engine_mode.unwrap_or_else(|| "any".into()),
        invalid_response_action: attrs.invalid_response_action.unwrap_or_else(|| "retry".into()),
        policies: Vec::new(),
    };
    store.bindings.push(binding.clone());
    ApiResponse::json(201, Some(ALLOW_LIST), &binding_json(&store.index(), &binding, true))
}

/// `PUT` (`partial` = false) or `PATCH` `/flows/bindings/<pk>/`.
pub fn update(store: &mut Store, raw_pk: &str, raw_body: &[u8], partial: bool) -> ApiResponse {
    let index = match find(store, raw_pk) {
        Ok(i) => i,
        Err(r) => return r,
    };
    let body = match parse_body(raw_body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let attrs = match validate_fields(store, &body, partial) {
        Ok(a) => a,
        Err(errors) => return ApiResponse::json(400, Some(ALLOW_DETAIL), &errors),
    };
    let instance = store.bindings[index].clone();
    if let Err(errors) = validate_object(store, &attrs, Some(&instance)) {
        return ApiResponse::json(400, Some(ALLOW_DETAIL), &errors);
    }
    let b = &mut store.bindings[index];
    if let Some(v) = attrs.target {
        b.target = v;
    }
    if let Some(v) = attrs.stage {
        b.stage = v;
    }
    if let Some(v) = attrs.evaluate_on_plan {
        b.evaluate_on_plan = v;
    }
    if let Some(v) = attrs.re_evaluate_policies {
        b.re_evaluate_policies = v;
    }
    if let Some(v) = attrs.order {
        b.order = v;
    }
    if let Some(v) = attrs.policy_engine_mode {
        b.policy_engine_mode = v;
    }
    if let Some(v) = attrs.invalid_response_action {
        b.invalid_response_action = v;
    }
    let updated = store.bindings[index].clone();
    ApiResponse::json(200, Some(ALLOW_DETAIL), &binding_json(&store.index(), &updated, !partial))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_like_drf() {
        assert_eq!(integer(&json!(20)), Ok(20));
        assert_eq!(integer(&json!("20")), Ok(20));
        assert_eq!(integer(&json!(" 21 ")), Ok(21));
        assert_eq!(integer(&json!(20.0)), Ok(20));
        assert_eq!(integer(&json!("20.00")), Ok(20));
        assert_eq!(integer(&json!(20.5)), Err("A valid integer is required.".into()));
        assert_eq!(integer(&json!("abc")), Err("A valid integer is required.".into()));
        assert_eq!(integer(&json!(true)), Err("A valid integer is required.".into()));
        assert_eq!(
            integer(&json!(2147483648i64)),
            Err("Ensure this value is less than or equal to 2147483647.".into())
        );
        assert_eq!(
            integer(&json!(-2147483649i64)),
            Err("Ensure this value is greater than or equal to -2147483648.".into())
        );
        assert_eq!(integer(&json!(-2147483648i64)), Ok(-2147483648));
        assert_eq!(
            integer(&json!(18446744073709551615u64)),
            Err("Ensure this value is less than or equal to 2147483647.".into())
        );
    }

    #[test]
    fn booleans_and_choices_like_drf() {
        assert_eq!(boolean(&json!("yes")), Ok(true));
        assert_eq!(boolean(&json!(0)), Ok(false));
        assert_eq!(boolean(&json!("maybe")), Err("Must be a valid boolean.".into()));
        assert_eq!(choice(&json!("xyz"), &["any"]), Err("\"xyz\" is not a valid choice.".into()));
        assert_eq!(choice(&json!(true), &["any"]), Err("\"True\" is not a valid choice.".into()));
    }
}
