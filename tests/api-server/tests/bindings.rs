//! `/flows/bindings/` on the demo data: filters, writes and authentik's validation.

use authentik_local_api::api::{handle, ApiRequest, ApiState, DEMO_ADMIN_TOKEN, DEMO_NO_PERMISSION_TOKEN};
use serde_json::{json, Value};

fn call(state: &mut ApiState, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = ApiRequest::get(path, Some(DEMO_ADMIN_TOKEN));
    req.method = method.into();
    req.body = body.map(|b| serde_json::to_vec(&b).unwrap()).unwrap_or_default();
    let r = handle(state, &req);
    (r.status, r.body_json())
}

const AUTH_FLOW: &str = "c88f34e2-852d-453c-bf36-1e1fa0eec225";
const PASSWORD_STAGE: &str = "6fa70650-8dde-4209-a49a-b11fc19bac7e";
const PASSWORD_BINDING: &str = "4d99a076-2db3-4bd7-9cb5-c5a68bb8531e";

fn results(body: &Value) -> &Vec<Value> {
    body["results"].as_array().unwrap()
}

#[test]
fn every_filter_narrows_the_list() {
    let mut s = ApiState::demo();
    let (_, all) = call(&mut s, "GET", "/api/v3/flows/bindings/?page_size=1", None);
    let total = all["pagination"]["count"].as_u64().unwrap();
    assert!(total > 270);
    let check = |s: &mut ApiState, query: &str, pred: &dyn Fn(&Value) -> bool| {
        let (status, body) = call(s, "GET", &format!("/api/v3/flows/bindings/?page_size=100&{query}"), None);
        assert_eq!(status, 200, "{query}: {body}");
        let rows = results(&body);
        assert!(!rows.is_empty(), "{query} matched nothing");
        assert!((rows.len() as u64) < total, "{query} did not narrow");
        for r in rows {
            assert!(pred(r), "{query}: {r}");
        }
    };
    check(&mut s, &format!("target={AUTH_FLOW}"), &|r| r["target"] == AUTH_FLOW);
    check(&mut s, &format!("stage={PASSWORD_STAGE}"), &|r| r["stage"] == PASSWORD_STAGE);
    check(&mut s, "order=20", &|r| r["order"] == 20);
    check(&mut s, "evaluate_on_plan=true", &|r| r["evaluate_on_plan"] == true);
    check(&mut s, "re_evaluate_policies=true&evaluate_on_plan=false", &|r| r["evaluate_on_plan"] == false);
    check(&mut s, "policy_engine_mode=all", &|r| r["policy_engine_mode"] == "all");
    check(&mut s, "invalid_response_action=restart", &|r| r["invalid_response_action"] == "restart");
    check(&mut s, &format!("fsb_uuid={PASSWORD_BINDING}"), &|r| r["pk"] == PASSWORD_BINDING);
    check(&mut s, "pbm_uuid=d7fb759c-312e-43fd-b5cc-9a34ee76f47f", &|r| r["pk"] == PASSWORD_BINDING);
    check(&mut s, "policies=48843e17-e16c-411a-b97b-49c2cd8380fc", &|r| r["pk"] == PASSWORD_BINDING);
    check(&mut s, "search=PASSWORD", &|r| r["stage_obj"]["name"].as_str().unwrap().to_lowercase().contains("password"));
}

#[test]
fn filter_errors_are_keyed_by_parameter() {
    let mut s = ApiState::demo();
    let (status, body) = call(
        &mut s,
        "GET",
        "/api/v3/flows/bindings/?target=00000000-0000-0000-0000-000000000000&stage=x&order=ten&policy_engine_mode=most&fsb_uuid=1&policies=48843e17-e16c-411a-b97b-49c2cd8380ff",
        None,
    );
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({
            "fsb_uuid": ["Enter a valid UUID."],
            "order": ["Enter a number."],
            "policies": ["Select a valid choice. 48843e17-e16c-411a-b97b-49c2cd8380ff is not one of the available choices."],
            "policy_engine_mode": ["Select a valid choice. most is not one of the available choices."],
            "stage": ["“x” is not a valid UUID."],
            "target": ["Select a valid choice. That choice is not one of the available choices."],
        })
    );
}

#[test]
fn ordering_as_drf_allows_it_default_order_then_pk() {
    let mut s = ApiState::demo();
    let keys = |body: &Value, field: &str| -> Vec<(String, i64, String)> {
        results(body)
            .iter()
            .map(|r| {
                (
                    r[field].as_str().unwrap().to_string(),
                    r["order"].as_i64().unwrap(),
                    r["pk"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // `target` (the flow's id), then order, then pk: each flow's bindings in execution order.
    let (_, body) = call(&mut s, "GET", "/api/v3/flows/bindings/?page_size=100&ordering=target,order,pk", None);
    let by_flow = keys(&body, "target");
    let mut sorted = by_flow.clone();
    sorted.sort();
    assert_eq!(by_flow, sorted);
    // The default: order, then pk.
    let (_, body) = call(&mut s, "GET", "/api/v3/flows/bindings/?page_size=100", None);
    let default: Vec<(i64, String)> = keys(&body, "target").into_iter().map(|(_, o, pk)| (o, pk)).collect();
    let mut sorted = default.clone();
    sorted.sort();
    assert_eq!(default, sorted);
    // Not a serializer field: dropped, as DRF does, so the default applies.
    let (_, dropped) = call(&mut s, "GET", "/api/v3/flows/bindings/?page_size=100&ordering=stage__name", None);
    assert_eq!(dropped, body);
}

#[test]
fn a_requested_sort_with_ties_and_no_unique_field_pages_unreliably() {
    let mut s = ApiState::demo();
    let pks = |s: &mut ApiState, ordering: &str| -> Vec<String> {
        let mut all = Vec::new();
        for page in 1.. {
            let path = format!("/api/v3/flows/bindings/?page_size=100&ordering={ordering}&page={page}");
            let (status, body) = call(s, "GET", &path, None);
            if status != 200 {
                break;
            }
            all.extend(results(&body).iter().map(|r| r["pk"].as_str().unwrap().to_string()));
        }
        all
    };
    let (_, first) = call(&mut s, "GET", "/api/v3/flows/bindings/", None);
    let count = first["pagination"]["count"].as_u64().unwrap() as usize;
    let mut unreliable = pks(&mut s, "order");
    assert_eq!(unreliable.len(), count);
    unreliable.sort();
    unreliable.dedup();
    assert!(unreliable.len() < count, "some binding shows on two pages when ties are not broken");
    let mut reliable = pks(&mut s, "order,pk");
    reliable.sort();
    reliable.dedup();
    assert_eq!(reliable.len(), count);
}

fn put_body(order: Value) -> Value {
    json!({
        "target": AUTH_FLOW, "stage": PASSWORD_STAGE, "evaluate_on_plan": false, "re_evaluate_policies": true,
        "order": order, "policy_engine_mode": "all", "invalid_response_action": "restart_with_context"
    })
}

#[test]
fn put_saves_all_seven_fields_and_validates_them() {
    let mut s = ApiState::demo();
    let path = format!("/api/v3/flows/bindings/{PASSWORD_BINDING}/");
    let (status, body) = call(&mut s, "PUT", &path, Some(put_body(json!(25))));
    assert_eq!(status, 200, "{body}");
    let (_, stored) = call(&mut s, "GET", &path, None);
    assert_eq!(stored["order"], 25);
    assert_eq!(stored["policy_engine_mode"], "all");
    assert_eq!(stored["invalid_response_action"], "restart_with_context");
    assert_eq!(stored["stage_obj"]["component"], "ak-stage-password-form");

    for (order, message) in [
        (json!(2147483648i64), "Ensure this value is less than or equal to 2147483647."),
        (json!(-2147483649i64), "Ensure this value is greater than or equal to -2147483648."),
        (json!("1e3"), "A valid integer is required."),
    ] {
        let (status, body) = call(&mut s, "PUT", &path, Some(put_body(order)));
        assert_eq!((status, body), (400, json!({ "order": [message] })));
    }
    let mut both_off = put_body(json!(25));
    both_off["re_evaluate_policies"] = json!(false);
    let (status, body) = call(&mut s, "PUT", &path, Some(both_off));
    assert_eq!(status, 400);
    assert_eq!(body["non_field_errors"][0], "Either evaluation on plan or evaluation on run must be enabled");
}

#[test]
fn unique_target_stage_order_is_enforced_on_create_and_update() {
    let mut s = ApiState::demo();
    let identification = "4963bc9e-04e8-43fa-aa3f-3fea407cb391";
    // Different stage at the same order is fine...
    let (status, created) = call(
        &mut s,
        "POST",
        "/api/v3/flows/bindings/",
        Some(json!({"target": AUTH_FLOW, "stage": identification, "order": 20})),
    );
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["evaluate_on_plan"], false);
    assert_eq!(created["re_evaluate_policies"], true);
    assert_eq!(created["policy_engine_mode"], "any");
    assert_eq!(created["invalid_response_action"], "retry");
    assert_eq!(created["stage_obj"]["meta_model_name"], "authentik_flows.stage");
    // ...the same stage at the same order is not, on POST or when an update would make one.
    let (status, body) = call(
        &mut s,
        "POST",
        "/api/v3/flows/bindings/",
        Some(json!({"target": AUTH_FLOW, "stage": identification, "order": 10})),
    );
    assert_eq!(
        (status, body["non_field_errors"][0].as_str()),
        (400, Some("The fields target, stage, order must make a unique set."))
    );
    let path = format!("/api/v3/flows/bindings/{}/", created["pk"].as_str().unwrap());
    let (status, _) = call(&mut s, "PATCH", &path, Some(json!({"order": 10})));
    assert_eq!(status, 400);
    let (status, _) = call(&mut s, "PATCH", &path, Some(json!({"order": 11})));
    assert_eq!(status, 200);
    // Delete, then it is gone.
    let (status, _) = call(&mut s, "DELETE", &path, None);
    assert_eq!(status, 204);
    let (status, body) = call(&mut s, "GET", &path, None);
    assert_eq!((status, body), (404, json!({"detail": "No FlowStageBinding matches the given query."})));
}

#[test]
fn patch_reads_missing_evaluate_flags_as_their_defaults() {
    let mut s = ApiState::demo();
    let path = format!("/api/v3/flows/bindings/{PASSWORD_BINDING}/");
    // Stored: evaluate_on_plan=false, re_evaluate_policies=true. Turn plan on, run off, in one PUT.
    let mut body = put_body(json!(20));
    body["evaluate_on_plan"] = json!(true);
    body["re_evaluate_policies"] = json!(false);
    assert_eq!(call(&mut s, "PUT", &path, Some(body)).0, 200);
    // Now a PATCH of only re_evaluate_policies=false fails although plan is on...
    let (status, body) = call(&mut s, "PATCH", &path, Some(json!({"re_evaluate_policies": false})));
    assert_eq!(status, 400, "{body}");
    // ...and a PATCH of only evaluate_on_plan=false passes although run is off.
    let (status, body) = call(&mut s, "PATCH", &path, Some(json!({"evaluate_on_plan": false})));
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["evaluate_on_plan"].clone(), body["re_evaluate_policies"].clone()), (json!(false), json!(false)));
}

#[test]
fn bad_bodies_and_permissions() {
    let mut s = ApiState::demo();
    let mut req = ApiRequest::get("/api/v3/flows/bindings/", Some(DEMO_ADMIN_TOKEN));
    req.method = "POST".into();
    req.body = b"{not json".to_vec();
    let r = handle(&mut s, &req);
    assert_eq!(r.status, 400);
    assert!(r.body_json()["detail"].as_str().unwrap().starts_with("JSON parse error"));
    let (status, body) = call(&mut s, "POST", "/api/v3/flows/bindings/", Some(json!([1])));
    assert_eq!(
        (status, body),
        (400, json!({"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}))
    );
    let mut req =
        ApiRequest::get(&format!("/api/v3/flows/bindings/{PASSWORD_BINDING}/"), Some(DEMO_NO_PERMISSION_TOKEN));
    req.method = "DELETE".into();
    assert_eq!(handle(&mut s, &req).status, 403);
    assert_eq!(call(&mut s, "GET", &format!("/api/v3/flows/bindings/{PASSWORD_BINDING}/"), None).0, 200);
}
