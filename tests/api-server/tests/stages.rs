//! Stage lists on the demo data: all stages, each type's own endpoint, and the
//! user-login and source stages' filters.

use authentik_local_api::api::{handle, ApiRequest, ApiState, DEMO_ADMIN_TOKEN};
use serde_json::{json, Value};

fn get(state: &mut ApiState, path: &str) -> (u16, Value) {
    let r = handle(state, &ApiRequest::get(path, Some(DEMO_ADMIN_TOKEN)));
    (r.status, r.body_json())
}

fn rows(body: &Value) -> &Vec<Value> {
    body["results"].as_array().unwrap()
}

#[test]
fn all_stages_have_flow_sets_from_the_bindings() {
    let mut s = ApiState::demo();
    let (status, body) = get(&mut s, "/api/v3/stages/all/?page_size=100");
    assert_eq!(status, 200);
    assert!(body["pagination"]["count"].as_u64().unwrap() >= 150);
    let bound = rows(&body).iter().filter(|r| !r["flow_set"].as_array().unwrap().is_empty()).count();
    assert!(bound > 50, "{bound}");
    // /stages/all/ carries only the shared fields.
    assert!(rows(&body).iter().all(|r| r.get("session_duration").is_none()));
    let (_, sorted) = get(&mut s, "/api/v3/stages/all/?ordering=-name&page_size=100");
    let names: Vec<&str> = rows(&sorted).iter().map(|r| r["name"].as_str().unwrap()).collect();
    let mut expected = names.clone();
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(names, expected);
}

#[test]
fn every_stage_type_in_the_data_has_its_own_endpoint() {
    let mut s = ApiState::demo();
    let (_, all) = get(&mut s, "/api/v3/stages/all/?page_size=100&page=1");
    let mut total = 0;
    for (model, endpoint, ..) in authentik_local_api::data::STAGE_TYPES {
        let (status, body) = get(&mut s, &format!("/api/v3/{endpoint}?page_size=100"));
        assert_eq!(status, 200, "{endpoint}");
        for r in rows(&body) {
            assert!(r["meta_model_name"].as_str().unwrap().ends_with(&format!(".{model}")), "{endpoint}: {r}");
        }
        total += body["pagination"]["count"].as_u64().unwrap();
    }
    assert_eq!(total, all["pagination"]["count"].as_u64().unwrap());
}

#[test]
fn user_login_filters() {
    let mut s = ApiState::demo();
    let (_, body) = get(&mut s, "/api/v3/stages/user_login/?page_size=100");
    let all = rows(&body).len();
    assert!(all >= 20);
    for (query, field, value) in [
        ("session_duration=hours%3D8", "session_duration", json!("hours=8")),
        ("terminate_other_sessions=true", "terminate_other_sessions", json!(true)),
        ("remember_me_offset=days%3D7", "remember_me_offset", json!("days=7")),
        ("network_binding=bind_asn", "network_binding", json!("bind_asn")),
        ("geoip_binding=bind_continent", "geoip_binding", json!("bind_continent")),
        ("remember_device=days%3D7", "remember_device", json!("days=7")),
    ] {
        let (status, body) = get(&mut s, &format!("/api/v3/stages/user_login/?page_size=100&{query}"));
        assert_eq!(status, 200);
        assert!(!rows(&body).is_empty() && rows(&body).len() < all, "{query}");
        assert!(rows(&body).iter().all(|r| r[field] == value), "{query}");
    }
    let pk = rows(&body)[0]["pk"].as_str().unwrap().to_string();
    let (_, one) = get(&mut s, &format!("/api/v3/stages/user_login/?stage_uuid={pk}"));
    assert_eq!(rows(&one).len(), 1);
    let (status, body) = get(&mut s, "/api/v3/stages/user_login/?network_binding=everything&stage_uuid=nope");
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({
            "stage_uuid": ["Enter a valid UUID."],
            "network_binding": ["Select a valid choice. everything is not one of the available choices."],
        })
    );
}

#[test]
fn source_stage_filters() {
    let mut s = ApiState::demo();
    let (_, body) = get(&mut s, "/api/v3/stages/source/?page_size=100");
    let all = rows(&body).clone();
    assert!(all.len() >= 15);
    let source = all[0]["source"].as_str().unwrap().to_string();
    let (_, by_source) = get(&mut s, &format!("/api/v3/stages/source/?page_size=100&source={source}"));
    assert!(rows(&by_source).iter().all(|r| r["source"] == source.as_str()));
    assert!(rows(&by_source).len() < all.len());
    let (_, by_timeout) = get(&mut s, "/api/v3/stages/source/?page_size=100&resume_timeout=hours%3D1");
    assert!(rows(&by_timeout).iter().all(|r| r["resume_timeout"] == "hours=1"));
    let (status, body) = get(&mut s, "/api/v3/stages/source/?source=00000000-0000-0000-0000-000000000000");
    assert_eq!(status, 400);
    assert_eq!(body["source"][0], "Select a valid choice. That choice is not one of the available choices.");
}

#[test]
fn stage_detail_and_types() {
    let mut s = ApiState::demo();
    let (status, body) = get(&mut s, "/api/v3/stages/all/6fa70650-8dde-4209-a49a-b11fc19bac7e/");
    assert_eq!(status, 200);
    assert_eq!(body["name"], "default-authentication-password");
    let (status, _) = get(&mut s, "/api/v3/stages/all/00000000-0000-0000-0000-000000000000/");
    assert_eq!(status, 404);
    let (status, types) = get(&mut s, "/api/v3/stages/all/types/");
    assert_eq!(status, 200);
    assert!(types.as_array().unwrap().iter().any(|t| t["model_name"] == "userloginstage"));
}
