//! The one function that talks to authentik. Every request carries the bearer
//! token in a header (never in the URL), omits cookies so only the token
//! authenticates, and can be aborted when a newer request supersedes it.

use super::error::ApiError;
use crate::json::{FromJson, Json};
use crate::state::session::Session;
use gloo_net::http::{Method, RequestBuilder};
use web_sys::{AbortSignal, RequestCredentials};

/// `base` + `path`, with exactly one slash between them.
pub fn join_url(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'))
}

/// Sends a request and returns the body of a 2xx answer as text.
pub async fn send(
    session: &Session,
    method: Method,
    path: &str,
    json_body: Option<&Json>,
    signal: Option<&AbortSignal>,
) -> Result<String, ApiError> {
    let url = join_url(&session.api_base, path);
    let builder = RequestBuilder::new(&url)
        .method(method)
        .header("Accept", "application/json")
        .header("Authorization", &format!("Bearer {}", session.token))
        .credentials(RequestCredentials::Omit)
        .abort_signal(signal);
    let request = match json_body {
        Some(body) => builder.header("Content-Type", "application/json").body(body.to_string()),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;
    let aborted = || signal.is_some_and(|s| s.aborted());
    let response = match request.send().await {
        Ok(r) => r,
        Err(_) if aborted() => return Err(ApiError::Aborted),
        Err(_) => return Err(ApiError::Network),
    };
    let status = response.status();
    // A connection dropped mid-body fails here, not at `send`.
    let text = match response.text().await {
        Ok(t) => t,
        Err(_) if aborted() => return Err(ApiError::Aborted),
        Err(_) => return Err(ApiError::Network),
    };
    if aborted() {
        return Err(ApiError::Aborted);
    }
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(ApiError::from_status(status, &text))
    }
}

/// GET and decode.
pub async fn get_json<T: FromJson>(session: &Session, path: &str, signal: Option<&AbortSignal>) -> Result<T, ApiError> {
    let text = send(session, Method::GET, path, None, signal).await?;
    super::decode_json(&text)
}

#[cfg(test)]
mod tests {
    use super::join_url;

    #[test]
    fn urls_join_with_one_slash() {
        assert_eq!(join_url("/api/v3", "flows/instances/"), "/api/v3/flows/instances/");
        assert_eq!(join_url("/api/v3/", "/flows/instances/?page=2"), "/api/v3/flows/instances/?page=2");
        assert_eq!(
            join_url("https://auth.example.com/api/v3", "core/users/me/"),
            "https://auth.example.com/api/v3/core/users/me/"
        );
    }
}
