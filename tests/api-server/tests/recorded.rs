//! The local API against responses recorded from a real authentik server: for
//! every recorded request on an endpoint we serve, replay it against the same
//! data (the real install only) and compare status, content type and body.

use authentik_local_api::api::{handle, ApiRequest, ApiState, DEMO_ADMIN_TOKEN};
use authentik_local_api::data;
use serde_json::Value;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/authentik/real-responses")
}

struct Recorded {
    file: String,
    request: ApiRequest,
    status: u16,
    content_type: String,
    body: Value,
}

fn query_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn load(file: &str) -> Recorded {
    let text = std::fs::read_to_string(fixtures().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let rec: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    let headers = &rec["request"]["headers"];
    let authorization = headers["Authorization"].as_str().map(|h| match h {
        "Bearer <bootstrap token>" => format!("Bearer {DEMO_ADMIN_TOKEN}"),
        "Bearer <wrong token>" => "Bearer not-a-valid-token".to_string(),
        other => other.to_string(),
    });
    let query = rec["request"]["query"]
        .as_object()
        .map(|q| q.iter().map(|(k, v)| (k.clone(), query_value(v))).collect())
        .unwrap_or_default();
    Recorded {
        file: file.to_string(),
        request: ApiRequest {
            method: rec["request"]["method"].as_str().unwrap_or("GET").to_string(),
            path: rec["request"]["path"].as_str().unwrap_or("/").to_string(),
            query,
            authorization,
            body: Vec::new(),
        },
        status: rec["status"].as_u64().unwrap_or(0) as u16,
        content_type: rec["headers"]["content-type"].as_str().unwrap_or("").to_string(),
        body: rec["body"].clone(),
    }
}

/// `Flow.stages` is an unordered many-to-many: compare it as a set.
fn normalise(mut v: Value) -> Value {
    fn sort_stages(flow: &mut Value) {
        if let Some(stages) = flow.get_mut("stages").and_then(|s| s.as_array_mut()) {
            stages.sort_by_key(|s| s.as_str().unwrap_or("").to_string());
        }
    }
    if let Some(results) = v.get_mut("results").and_then(|r| r.as_array_mut()) {
        results.iter_mut().for_each(sort_stages);
    } else if v.get("slug").is_some() {
        sort_stages(&mut v);
    }
    v
}

/// Recorded files on the endpoints this server implements (all of them, by name).
fn served_recordings() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|f| !f.starts_with('_'))
        .filter(|f| {
            let rec = load(f);
            let p = rec.request.path;
            (p.starts_with("/api/v3/flows/instances") && !p.contains("/diagram/"))
                || p.starts_with("/api/v3/core/users/me")
                || p == "/api/v3/does-not-exist/"
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_recorded_flow_response_is_reproduced() {
    let files = served_recordings();
    assert!(files.len() >= 20, "expected the recorded flow responses, found {files:?}");
    let mut failures = Vec::new();
    for file in &files {
        let rec = load(file);
        let mut state = ApiState::with_store(data::real_install());
        let got = handle(&mut state, &rec.request);
        if got.status != rec.status {
            failures.push(format!("{file}: status {} != recorded {}", got.status, rec.status));
            continue;
        }
        let want_type = rec.content_type.split(';').next().unwrap_or("");
        if !got.content_type.starts_with(want_type) {
            failures.push(format!("{file}: content type {} != recorded {}", got.content_type, rec.content_type));
        }
        if rec.body.is_null() {
            continue; // an HTML page: status and content type are what matter
        }
        let got_body = normalise(got.body_json());
        let want_body = normalise(rec.body.clone());
        let same = if rec.request.query.iter().any(|(k, v)| k == "ordering" && v == "-name") {
            // Postgres leaves ties on `name` in no particular order: compare names and the set of rows.
            let names = |v: &Value| -> Vec<String> {
                v["results"].as_array().unwrap().iter().map(|r| r["name"].to_string()).collect()
            };
            let mut a: Vec<String> = got_body["results"].as_array().unwrap().iter().map(|r| r.to_string()).collect();
            let mut b: Vec<String> = want_body["results"].as_array().unwrap().iter().map(|r| r.to_string()).collect();
            a.sort();
            b.sort();
            names(&got_body) == names(&want_body) && a == b && got_body["pagination"] == want_body["pagination"]
        } else {
            got_body == want_body
        };
        if !same {
            failures.push(format!(
                "{file}: body differs\n  got:      {}\n  recorded: {}",
                truncate(&got_body.to_string()),
                truncate(&want_body.to_string())
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} recordings differ:\n{}", failures.len(), files.len(), failures.join("\n"));
}

fn truncate(s: &str) -> String {
    s.chars().take(600).collect()
}

#[test]
fn recorded_403_bodies_are_the_three_authentik_messages() {
    let mut state = ApiState::demo();
    for (file, token) in
        [("noauth_flows_instances_list.json", None), ("wrongtoken_flows_instances_list.json", Some("wrong"))]
    {
        let rec = load(file);
        let got = handle(&mut state, &ApiRequest::get("/api/v3/flows/instances/", token));
        assert_eq!((got.status, got.body_json()), (rec.status, rec.body), "{}", rec.file);
    }
    let got = handle(
        &mut state,
        &ApiRequest::get("/api/v3/flows/instances/", Some(authentik_local_api::api::DEMO_NO_PERMISSION_TOKEN)),
    );
    assert_eq!(got.status, 403);
    assert_eq!(got.body_json()["detail"], "You do not have permission to perform this action.");
}
