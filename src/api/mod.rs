//! The typed authentik client: one request function, models per resource.

pub mod bindings;
pub mod client;
pub mod error;
pub mod flows;
pub mod models;
pub mod stages;

use crate::json::{decode, FromJson};
use error::ApiError;

/// Decodes a JSON body into `T`, with a readable reason on failure.
pub fn decode_json<T: FromJson>(body: &str) -> Result<T, ApiError> {
    decode(body).map_err(|e| ApiError::Decode(e.to_string()))
}

#[cfg(test)]
mod recorded {
    //! Every response recorded from a real authentik on an endpoint this app
    //! reads either decodes into its model or becomes an [`ApiError`] whose
    //! message carries the server's own words.

    use super::bindings::FlowStageBinding;
    use super::error::ApiError;
    use super::flows::Flow;
    use super::models::{Paginated, SessionUser};
    use super::stages::{SourceStage, Stage, StageType, UserLoginStage};
    use serde_json::Value;

    fn recordings() -> Vec<(String, Value)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/authentik/real-responses");
        let mut all: Vec<(String, Value)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('_'))
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (p.file_name().unwrap().to_string_lossy().into_owned(), serde_json::from_str(&text).unwrap())
            })
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    fn body_text(rec: &Value) -> String {
        match &rec["body"] {
            Value::Null => rec["body_text"].as_str().unwrap_or_default().to_string(),
            body => body.to_string(),
        }
    }

    #[test]
    fn every_recorded_response_the_app_reads_is_understood() {
        let mut checked = 0;
        for (file, rec) in recordings() {
            let method = rec["request"]["method"].as_str().unwrap_or_default().to_string();
            if method == "OPTIONS" || method == "DELETE" {
                continue; // the app never reads these bodies
            }
            let path = rec["request"]["path"].as_str().unwrap_or_default();
            let status = rec["status"].as_u64().unwrap() as u16;
            let text = body_text(&rec);
            let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
            let decoded: Result<(), String> = match segments.as_slice() {
                ["", "api", "v3", "flows", "instances"] if path.ends_with('/') && method == "GET" => {
                    super::decode_json::<Paginated<Flow>>(&text).map(|_| ()).map_err(|e| e.message())
                }
                ["", "api", "v3", "flows", "instances", slug] if *slug != "cache_info" => {
                    super::decode_json::<Flow>(&text).map(|_| ()).map_err(|e| e.message())
                }
                ["", "api", "v3", "core", "users", "me"] => {
                    super::decode_json::<SessionUser>(&text).map(|_| ()).map_err(|e| e.message())
                }
                ["", "api", "v3", "flows", "bindings"] if method == "GET" => {
                    super::decode_json::<Paginated<FlowStageBinding>>(&text).map(|_| ()).map_err(|e| e.message())
                }
                // GET, and the answers to PUT, PATCH and POST.
                ["", "api", "v3", "flows", "bindings", ..] if !path.contains("used_by") => {
                    super::decode_json::<FlowStageBinding>(&text).map(|_| ()).map_err(|e| e.message())
                }
                ["", "api", "v3", "stages", "all"] => {
                    super::decode_json::<Paginated<Stage>>(&text).map(|_| ()).map_err(|e| e.message())
                }
                ["", "api", "v3", "stages", "all", "types"] => {
                    super::decode_json::<Vec<StageType>>(&text).map(|_| ()).map_err(|e| e.message())
                }
                ["", "api", "v3", "stages", "user_login"] => {
                    super::decode_json::<Paginated<UserLoginStage>>(&text).map(|_| ()).map_err(|e| e.message())
                }
                ["", "api", "v3", "stages", "source"] => {
                    super::decode_json::<Paginated<SourceStage>>(&text).map(|_| ()).map_err(|e| e.message())
                }
                _ => continue,
            };
            checked += 1;
            if (200..300).contains(&status) {
                assert!(decoded.is_ok(), "{file}: {decoded:?}");
                continue;
            }
            let error = ApiError::from_status(status, &text);
            let message = error.message();
            assert!(!message.is_empty(), "{file}");
            if let Some(detail) = rec["body"]["detail"].as_str() {
                assert!(message.contains(detail), "{file}: {message}");
            }
            match (status, rec["body"]["detail"].as_str()) {
                (403, Some("Token invalid/expired")) | (403, Some("Authentication credentials were not provided.")) => {
                    assert!(matches!(error, ApiError::SessionEnded(..)), "{file}")
                }
                (400, _) => assert!(matches!(error, ApiError::Validation(_)), "{file}"),
                (404, None) => assert!(message.contains("HTTP 404"), "{file}: {message}"),
                _ => {}
            }
        }
        assert!(checked >= 57, "only {checked} recordings were checked");
    }

    /// The app's own JSON reader agrees with serde_json on every recording.
    #[test]
    fn the_json_reader_agrees_with_serde_json() {
        for (file, rec) in recordings() {
            let text = serde_json::to_string(&rec).unwrap();
            let ours = crate::json::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
            let back: Value = serde_json::from_str(&ours.to_string()).unwrap();
            assert_eq!(back, rec, "{file}");
        }
    }
}
