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
    note: String,
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
    let body = match &rec["request"]["body"] {
        Value::Null => Vec::new(),
        b => serde_json::to_vec(b).unwrap(),
    };
    Recorded {
        file: file.to_string(),
        note: rec["note"].as_str().unwrap_or("").to_string(),
        request: ApiRequest {
            method: rec["request"]["method"].as_str().unwrap_or("GET").to_string(),
            path: rec["request"]["path"].as_str().unwrap_or("/").to_string(),
            query,
            authorization,
            body,
        },
        status: rec["status"].as_u64().unwrap_or(0) as u16,
        content_type: rec["headers"]["content-type"].as_str().unwrap_or("").to_string(),
        body: rec["body"].clone(),
    }
}

/// Many-to-many lists (`Flow.stages`, `Stage.flow_set`) come in no particular
/// order: compare them as multisets, wherever they appear.
fn normalise(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    walk(child);
                    if key == "stages" || key == "flow_set" {
                        if let Some(items) = child.as_array_mut() {
                            items.sort_by_key(|i| i.to_string());
                        }
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

/// A created object's generated keys differ from the recorded ones.
fn without_generated_keys(mut v: Value) -> Value {
    if let Some(map) = v.as_object_mut() {
        map.remove("pk");
        map.remove("policybindingmodel_ptr_id");
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
            (p.starts_with("/api/v3/flows/") || p.starts_with("/api/v3/stages/") || p.starts_with("/api/v3/core/users/me") || p == "/api/v3/does-not-exist/")
                // Not served: flow diagrams and "used by" lists.
                && !p.contains("/diagram/")
                && !p.contains("/used_by/")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_recorded_flow_response_is_reproduced() {
    let files = served_recordings();
    assert!(files.len() >= 66, "expected the recorded responses, found {}: {files:?}", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let rec = load(file);
        let mut state = ApiState::with_store(data::real_install());
        if rec.request.method == "DELETE" && rec.status == 204 {
            // The recording deleted a binding created earlier in its session: create it first.
            let pk = rec.request.path.trim_end_matches('/').rsplit('/').next().unwrap();
            let mut b = state.store.bindings[0].clone();
            b.pk = uuid::Uuid::parse_str(pk).unwrap();
            b.order = 555;
            state.store.bindings.push(b);
        }
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
            // An HTML page or an empty 204: status and content type are what matter.
            if rec.status == 204 && !got.body.is_empty() {
                failures.push(format!("{file}: 204 with a body"));
            }
            continue;
        }
        let mut got_body = normalise(got.body_json());
        let mut want_body = normalise(rec.body.clone());
        if rec.request.method == "POST" && rec.status == 201 {
            got_body = without_generated_keys(got_body);
            want_body = without_generated_keys(want_body);
        }
        if rec.request.method == "OPTIONS" {
            // DRF's metadata also describes every field ("actions"): name and description suffice here.
            got_body = serde_json::json!({ "name": got_body["name"], "description": got_body["description"] });
            want_body = serde_json::json!({ "name": want_body["name"], "description": want_body["description"] });
        }
        let ordering = rec.request.query.iter().find(|(k, _)| k == "ordering").map(|(_, v)| v.as_str());
        let tie_key = match ordering {
            Some("-name") => Some("name"),
            Some("order") | Some("-order") => Some("order"),
            _ => None,
        };
        let same = if let Some(key) = tie_key {
            // Postgres leaves ties in no particular order: compare the sort key and the set of rows.
            let names = |v: &Value| -> Vec<String> {
                v["results"].as_array().unwrap().iter().map(|r| r[key].to_string()).collect()
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

#[allow(dead_code)]
fn describe(rec: &Recorded) -> String {
    format!("{} {} ({})", rec.request.method, rec.request.path, rec.note)
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
