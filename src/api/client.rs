//! The one function that talks to authentik. Every request carries the bearer
//! token in a header (never in the URL), omits cookies so only the token
//! authenticates, and can be aborted when a newer request supersedes it.

use super::error::{token_tag, ApiError};
use crate::json::{FromJson, Json};
use crate::state::session::Session;
use crate::ui::prelude::window;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestCredentials, RequestInit, Response};

/// `base` + `path`, with exactly one slash between them.
pub fn join_url(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'))
}

/// The HTTP methods the app uses.
#[allow(clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    GET,
    POST,
    PUT,
    PATCH,
    DELETE,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::GET => "GET",
            Method::POST => "POST",
            Method::PUT => "PUT",
            Method::PATCH => "PATCH",
            Method::DELETE => "DELETE",
        }
    }
}

/// Sends a request and returns the body of a 2xx answer as text.
///
/// The request leaves when this is called, not when the future is first
/// polled: a screen being built starts its data on the way before the rest of
/// the DOM (futures only start in the next microtask).
pub fn send(
    session: &Session,
    method: Method,
    path: &str,
    json_body: Option<&Json>,
    signal: Option<&AbortSignal>,
) -> impl std::future::Future<Output = Result<String, ApiError>> {
    // A request with no answer ends after a while, like a dropped connection
    // but with its own message: a hanging server must not leave "Saving…",
    // "Deleting…" or "Checking the token…" on screen for ever.
    let deadline = AbortSignal::timeout_with_u32(REQUEST_TIMEOUT_MS);
    let combined = match signal {
        Some(s) => AbortSignal::any(&js_sys::Array::of2(s, &deadline)),
        None => deadline.clone(),
    };
    let started = start(&join_url(&session.api_base, path), method, &session.token, json_body, Some(&combined));
    receive(started, signal.cloned(), Some(deadline), token_tag(&session.token))
}

/// How long a request may go unanswered.
pub const REQUEST_TIMEOUT_MS: u32 = 30_000;

/// Waits for a `fetch` promise (from [`send`], or one `public/loader.js`
/// started with the same URL and headers) and reads the body of a 2xx answer.
/// `deadline`: the request's timeout signal, if it has one (a request it
/// ended is reported as a timeout, not as a dropped connection). `tag`: the
/// [`token_tag`] of the token the request carries.
pub async fn receive(
    started: Result<js_sys::Promise, ApiError>,
    signal: Option<AbortSignal>,
    deadline: Option<AbortSignal>,
    tag: u32,
) -> Result<String, ApiError> {
    let aborted = || signal.as_ref().is_some_and(|s| s.aborted());
    let failed = || {
        if aborted() {
            ApiError::Aborted
        } else if deadline.as_ref().is_some_and(|d| d.aborted()) {
            ApiError::Timeout
        } else {
            ApiError::Network
        }
    };
    let response: Response = match JsFuture::from(started?).await {
        Ok(r) => r.unchecked_into(),
        Err(_) => return Err(failed()),
    };
    let status = response.status();
    // A connection dropped mid-body fails here, not at `fetch`.
    let Some(text) = body_text(&response).await else { return Err(failed()) };
    if aborted() {
        return Err(ApiError::Aborted);
    }
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(ApiError::from_status(status, &text).with_tag(tag))
    }
}

/// Calls the browser's `fetch`.
fn start(
    url: &str,
    method: Method,
    token: &str,
    json_body: Option<&Json>,
    signal: Option<&AbortSignal>,
) -> Result<js_sys::Promise, ApiError> {
    let headers = Headers::new().map_err(|_| ApiError::Network)?;
    let _ = headers.set("Accept", "application/json");
    let _ = headers.set("Authorization", &format!("Bearer {token}"));
    // authentik translates its messages by this header (Django's
    // LocaleMiddleware): asked in English, they match the app's English. (A
    // brand's default language outranks it, so nothing may hang on the words.)
    let _ = headers.set("Accept-Language", "en");
    let init = RequestInit::new();
    init.set_method(method.as_str());
    init.set_credentials(RequestCredentials::Omit);
    init.set_signal(signal);
    if let Some(body) = json_body {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(&body.to_string()));
    }
    init.set_headers(&headers);
    Ok(window().fetch_with_str_and_init(url, &init))
}

/// The whole body as text; `None` if the connection failed while reading it.
async fn body_text(response: &Response) -> Option<String> {
    // The bytes, copied into wasm memory as they are: `text()` would decode
    // them into a JS string only for wasm-bindgen to encode it back (~2.5 ms
    // for a page of 1,000 flows). Invalid UTF-8 is replaced, as `text()` does.
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Some(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// GETs a same-origin file (the configuration), without the token.
pub async fn get_text(url: &str) -> Result<(u16, String), ApiError> {
    let response: Response =
        JsFuture::from(window().fetch_with_str(url)).await.map_err(|_| ApiError::Network)?.unchecked_into();
    let text = body_text(&response).await.ok_or(ApiError::Network)?;
    Ok((response.status(), text))
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
