//! `/api/v3/flows/instances/` behaviour on the full demo data set.

use authentik_local_api::api::{handle, ApiRequest, ApiState, DEMO_ADMIN_TOKEN, DEMO_NO_PERMISSION_TOKEN};
use serde_json::Value;

fn get(state: &mut ApiState, path: &str) -> (u16, Value) {
    let r = handle(state, &ApiRequest::get(path, Some(DEMO_ADMIN_TOKEN)));
    (r.status, r.body_json())
}

fn slugs(body: &Value) -> Vec<String> {
    body["results"].as_array().unwrap().iter().map(|r| r["slug"].as_str().unwrap().to_string()).collect()
}

#[test]
fn default_page_is_20_of_at_least_250_sorted_by_slug() {
    let mut s = ApiState::demo();
    let (status, body) = get(&mut s, "/api/v3/flows/instances/");
    assert_eq!(status, 200);
    let p = &body["pagination"];
    assert!(p["count"].as_u64().unwrap() >= 250);
    assert_eq!(p["current"], 1);
    assert_eq!(p["next"], 2);
    assert_eq!(p["previous"], 0);
    assert_eq!(p["start_index"], 1);
    assert_eq!(p["end_index"], 20);
    assert_eq!(body["autocomplete"], serde_json::json!({}));
    let s = slugs(&body);
    assert_eq!(s.len(), 20);
    let mut sorted = s.clone();
    sorted.sort();
    assert_eq!(s, sorted);
}

#[test]
fn last_page_and_past_the_end() {
    let mut s = ApiState::demo();
    let (_, first) = get(&mut s, "/api/v3/flows/instances/?page_size=50");
    let total = first["pagination"]["total_pages"].as_u64().unwrap();
    let count = first["pagination"]["count"].as_u64().unwrap();
    let (status, last) = get(&mut s, &format!("/api/v3/flows/instances/?page_size=50&page={total}"));
    assert_eq!(status, 200);
    assert_eq!(last["pagination"]["next"], 0);
    assert_eq!(last["pagination"]["previous"], total - 1);
    assert_eq!(last["pagination"]["end_index"], count);
    let (status, body) = get(&mut s, &format!("/api/v3/flows/instances/?page_size=50&page={}", total + 1));
    assert_eq!((status, body), (404, serde_json::json!({"detail": "Invalid page."})));
}

#[test]
fn page_size_is_capped_at_100() {
    let mut s = ApiState::demo();
    let (_, body) = get(&mut s, "/api/v3/flows/instances/?page_size=1000");
    assert_eq!(body["results"].as_array().unwrap().len(), 100);
}

#[test]
fn search_is_case_insensitive_and_every_term_must_match() {
    let mut s = ApiState::demo();
    let (_, body) = get(&mut s, "/api/v3/flows/instances/?search=ACME%20recovery&page_size=100");
    let results = body["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let hay = format!("{} {} {} {} {}", r["name"], r["slug"], r["designation"], r["title"], r["denied_action"])
            .to_lowercase();
        assert!(hay.contains("acme") && hay.contains("recovery"), "{hay}");
    }
    // A term only found in denied_action still matches.
    let (_, body) = get(&mut s, "/api/v3/flows/instances/?search=message_continue&page_size=1");
    assert!(body["pagination"]["count"].as_u64().unwrap() > 200);
    let (_, body) = get(&mut s, "/api/v3/flows/instances/?search=acme%20zzzz");
    assert_eq!(body["pagination"]["count"], 0);
    assert_eq!(body["pagination"]["total_pages"], 1);
}

#[test]
fn ordering_descending_and_by_other_fields() {
    let mut s = ApiState::demo();
    let (_, body) = get(&mut s, "/api/v3/flows/instances/?ordering=-slug");
    let got = slugs(&body);
    let mut sorted = got.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(got, sorted);
    let (_, body) = get(&mut s, "/api/v3/flows/instances/?ordering=designation&page_size=100");
    let d: Vec<&str> = body["results"].as_array().unwrap().iter().map(|r| r["designation"].as_str().unwrap()).collect();
    let mut sorted = d.clone();
    sorted.sort();
    assert_eq!(d, sorted);
    // Unknown fields are ignored: same as the default.
    let (_, a) = get(&mut s, "/api/v3/flows/instances/?ordering=bogus");
    let (_, b) = get(&mut s, "/api/v3/flows/instances/");
    assert_eq!(a, b);
}

#[test]
fn filters_and_their_errors() {
    let mut s = ApiState::demo();
    let (_, body) = get(&mut s, "/api/v3/flows/instances/?designation=recovery&denied_action=message&page_size=100");
    for r in body["results"].as_array().unwrap() {
        assert_eq!(r["designation"], "recovery");
        assert_eq!(r["denied_action"], "message");
    }
    let (_, body) = get(&mut s, "/api/v3/flows/instances/?slug=default-authentication-flow");
    assert_eq!(slugs(&body), vec!["default-authentication-flow"]);
    let (_, body) = get(&mut s, "/api/v3/flows/instances/?name=Logout");
    assert_eq!(slugs(&body), vec!["default-invalidation-flow"]);
    let (_, body) = get(&mut s, "/api/v3/flows/instances/?flow_uuid=c88f34e2-852d-453c-bf36-1e1fa0eec225");
    assert_eq!(slugs(&body), vec!["default-authentication-flow"]);
    // An empty filter value means no filter.
    let (status, _) = get(&mut s, "/api/v3/flows/instances/?designation=");
    assert_eq!(status, 200);
    let (status, body) = get(&mut s, "/api/v3/flows/instances/?designation=nope&denied_action=x&flow_uuid=zz");
    assert_eq!(status, 400);
    assert_eq!(
        body,
        serde_json::json!({
            "denied_action": ["Select a valid choice. x is not one of the available choices."],
            "designation": ["Select a valid choice. nope is not one of the available choices."],
            "flow_uuid": ["Enter a valid UUID."],
        })
    );
}

#[test]
fn detail_by_slug_and_missing_slash() {
    let mut s = ApiState::demo();
    let (status, body) = get(&mut s, "/api/v3/flows/instances/hostile-script-tag/");
    assert_eq!(status, 200);
    assert!(body["name"].as_str().unwrap().contains("<script>"));
    let r = handle(&mut s, &ApiRequest::get("/api/v3/flows/instances", Some(DEMO_ADMIN_TOKEN)));
    assert_eq!(r.status, 404);
    assert!(r.content_type.starts_with("text/html"));
}

#[test]
fn generated_flows_have_between_1_and_15_stages() {
    let mut s = ApiState::demo();
    let (_, body) = get(&mut s, "/api/v3/flows/instances/?search=acme&page_size=100");
    for r in body["results"].as_array().unwrap() {
        let n = r["stages"].as_array().unwrap().len();
        assert!((1..=15).contains(&n), "{n}");
    }
}

#[test]
fn export_writes_the_flow_and_its_bindings_as_a_blueprint() {
    let mut s = ApiState::demo();
    let r = handle(
        &mut s,
        &ApiRequest::get("/api/v3/flows/instances/default-authentication-flow/export/", Some(DEMO_ADMIN_TOKEN)),
    );
    assert_eq!(r.status, 200);
    let yaml = String::from_utf8(r.body).unwrap();
    assert!(yaml.starts_with("version: 1\n"), "{yaml}");
    assert!(yaml.contains("    slug: \"default-authentication-flow\"\n  model: authentik_flows.flow\n"), "{yaml}");
    assert!(yaml.matches("model: authentik_flows.flowstagebinding").count() >= 2, "{yaml}");
    let missing =
        handle(&mut s, &ApiRequest::get("/api/v3/flows/instances/no-such-flow/export/", Some(DEMO_ADMIN_TOKEN)));
    assert_eq!(missing.status, 404);
    let denied = handle(
        &mut s,
        &ApiRequest::get("/api/v3/flows/instances/default-authentication-flow/export/", Some(DEMO_NO_PERMISSION_TOKEN)),
    );
    assert_eq!(denied.status, 403);
}
