//! The typed authentik client: one request function, models per resource.

pub mod client;
pub mod error;
pub mod flows;
pub mod models;

use error::{decode_reason, ApiError};

/// Decodes a JSON body into `T`, with a readable reason on failure.
pub fn decode_json<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| ApiError::Decode(decode_reason(&e)))
}
