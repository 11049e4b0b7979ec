//! HTTP wiring: serves the API under `/api/v3/`, the built app (with SPA
//! fallback) from one origin, like production behind a reverse proxy, and the
//! test-only admin routes under `/__admin/`. No CORS headers: authentik sends none.

use crate::api::{self, ApiRequest, ApiResponse, ApiState, Role};
use crate::faults::{self, Fault, FaultKind, FaultQueue};
use crate::locale;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ALLOW, CACHE_CONTROL, CONTENT_TYPE};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::net::TcpListener;

/// One request as the admin log keeps it (never the token).
#[derive(Debug, Clone, serde::Serialize)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
}

/// Everything the server shares between connections.
pub struct Shared {
    pub api: ApiState,
    pub faults: FaultQueue,
    pub log: Vec<LoggedRequest>,
    /// Static files answered differently for a test: path → (status, body).
    pub overrides: BTreeMap<String, (u16, String)>,
    /// The brand's default locale (System → Brands), which outranks `Accept-Language`.
    pub brand_locale: Option<String>,
    initial: ApiState,
}

impl Shared {
    pub fn new(api: ApiState) -> Self {
        Shared {
            initial: api.clone(),
            api,
            faults: FaultQueue::default(),
            log: Vec::new(),
            overrides: BTreeMap::new(),
            brand_locale: None,
        }
    }
}

/// Server options.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Directory with the built app (`dist/`); `None` serves only the API.
    pub static_dir: Option<PathBuf>,
    /// Extra pages: every path under the prefix is answered with the file
    /// (a host page that embeds the app, in the tests).
    pub pages: Vec<(String, PathBuf)>,
}

/// The policy the app must run under (issue: strict CSP, no inline script or style).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'self'";

type Body = Full<Bytes>;

/// Returned by the service to make hyper close the connection without an answer.
#[derive(Debug)]
pub struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for DropConnection {}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // A panic while holding the lock must not take the whole test server down.
    shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn respond(status: u16, content_type: &str, body: impl Into<Bytes>) -> Response<Body> {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(CONTENT_TYPE, v);
    }
    response
}

fn api_response(r: ApiResponse) -> Response<Body> {
    let mut response = respond(r.status, r.content_type, r.body);
    let headers = response.headers_mut();
    if let Some(allow) = r.allow {
        headers.insert(ALLOW, HeaderValue::from_static(allow));
    }
    // The headers authentik adds to every API answer.
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    headers.insert("vary", HeaderValue::from_static("Accept-Language, Cookie"));
    response
}

fn json_response(status: u16, body: &Value) -> Response<Body> {
    respond(status, "application/json", serde_json::to_vec(body).unwrap_or_default())
}

/// Runs the server on `listener` until the process ends.
pub async fn serve(listener: TcpListener, shared: Arc<Mutex<Shared>>, options: Options) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let shared = shared.clone();
        let options = options.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let shared = shared.clone();
                let options = options.clone();
                async move { route(req, shared, options).await }
            });
            // Errors here are dropped connections and clients going away: expected.
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn route(
    req: Request<Incoming>,
    shared: Arc<Mutex<Shared>>,
    options: Options,
) -> Result<Response<Body>, DropConnection> {
    let path = req.uri().path().to_string();
    if path.starts_with("/api/") {
        api_route(req, shared).await
    } else if let Some(admin) = path.strip_prefix("/__admin/") {
        let admin = admin.to_string();
        Ok(admin_route(req, &admin, shared).await)
    } else {
        let overridden = lock(&shared).overrides.get(&path).cloned();
        if let Some((status, body)) = overridden {
            let content_type = if path.ends_with(".json") { "application/json" } else { "text/plain; charset=utf-8" };
            return Ok(respond(status, content_type, body));
        }
        Ok(static_route(&path, &options).await)
    }
}

async fn read_body(req: Request<Incoming>) -> (hyper::http::request::Parts, Vec<u8>) {
    let (parts, body) = req.into_parts();
    let bytes = body.collect().await.map(|b| b.to_bytes().to_vec()).unwrap_or_default();
    (parts, bytes)
}

async fn api_route(req: Request<Incoming>, shared: Arc<Mutex<Shared>>) -> Result<Response<Body>, DropConnection> {
    let header_fault = req.headers().get("x-fault").and_then(|v| v.to_str().ok()).and_then(Fault::from_header);
    let (parts, body) = read_body(req).await;
    let path_and_query = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let (path, query) = api::split_path_and_query(path_and_query);
    let api_request = ApiRequest {
        method: parts.method.as_str().to_string(),
        path: path.clone(),
        query,
        authorization: parts.headers.get("authorization").and_then(|v| v.to_str().ok()).map(String::from),
        body,
    };
    let fault = header_fault.or_else(|| lock(&shared).faults.take(&path));
    // Carried out before any delay: a client that gives up waiting then
    // leaves a write that has landed, as a timeout can.
    if fault.as_ref().is_some_and(|f| f.after && f.kind != FaultKind::Delay) {
        let _ = api::handle(&mut lock(&shared).api, &api_request);
    }
    if let Some(f) = &fault {
        if f.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(f.delay_ms)).await;
        }
    }
    let log = |status: u16| {
        lock(&shared).log.push(LoggedRequest {
            method: api_request.method.clone(),
            path: path.clone(),
            query: parts.uri.query().unwrap_or("").to_string(),
            status,
        });
    };
    match fault.as_ref().map(|f| f.kind) {
        Some(FaultKind::Drop) => {
            log(0);
            return Err(DropConnection);
        }
        Some(FaultKind::Malformed) => {
            log(200);
            return Ok(respond(
                200,
                "application/json; charset=utf-8",
                "{\"pagination\": {\"next\": 2, \"previous\": 0, \"count\"",
            ));
        }
        Some(FaultKind::Status) => {
            let status = fault.as_ref().and_then(|f| f.status).unwrap_or(500);
            log(status);
            return Ok(match fault.as_ref().and_then(|f| f.body.clone()) {
                Some(body) => json_response(status, &body),
                None => {
                    let (content_type, body) = faults::default_error_body(status);
                    respond(status, content_type, body)
                }
            });
        }
        Some(FaultKind::Body) => {
            log(200);
            let body = fault.as_ref().and_then(|f| f.body.clone()).unwrap_or(Value::Null);
            return Ok(api_response(ApiResponse::json(200, None, &body)));
        }
        Some(FaultKind::Delay) | None => {}
    }
    let mut response = api::handle(&mut lock(&shared).api, &api_request);
    if response.status >= 400 {
        let brand = lock(&shared).brand_locale.clone();
        let asked = parts.headers.get("accept-language").and_then(|v| v.to_str().ok());
        let language = locale::language_for(brand.as_deref(), asked);
        response.body = locale::translate(language, response.body);
    }
    log(response.status);
    let is_head = api_request.method.eq_ignore_ascii_case("HEAD");
    let mut response = api_response(response);
    if is_head {
        *response.body_mut() = Full::new(Bytes::new());
    }
    Ok(response)
}

fn parse_role(role: &str) -> Option<Role> {
    match role {
        "admin" => Some(Role::Admin),
        "no_permission" => Some(Role::NoPermission),
        _ => None,
    }
}

async fn admin_route(req: Request<Incoming>, admin: &str, shared: Arc<Mutex<Shared>>) -> Response<Body> {
    let method = req.method().as_str().to_string();
    let (_, body) = read_body(req).await;
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut shared = lock(&shared);
    match (method.as_str(), admin.trim_end_matches('/')) {
        ("GET", "health") => json_response(200, &json!({ "ok": true })),
        ("POST", "reset") => {
            shared.api = shared.initial.clone();
            shared.faults.clear();
            shared.log.clear();
            shared.overrides.clear();
            shared.brand_locale = None;
            json_response(200, &json!({ "reset": true }))
        }
        ("POST", "faults") => {
            let list = if body.is_array() { body } else { json!([body]) };
            match serde_json::from_value::<Vec<Fault>>(list) {
                Ok(faults) => {
                    let n = faults.len();
                    for f in faults {
                        shared.faults.push(f);
                    }
                    json_response(201, &json!({ "queued": n }))
                }
                Err(e) => json_response(400, &json!({ "error": e.to_string() })),
            }
        }
        ("DELETE", "faults") => {
            shared.faults.clear();
            json_response(200, &json!({ "cleared": true }))
        }
        ("PUT", "static") => {
            // {"path": "/config.json", "status": 404, "body": "..."}: a different answer for a static file.
            let (Some(path), status) = (body["path"].as_str(), body["status"].as_u64().unwrap_or(200) as u16) else {
                return json_response(
                    400,
                    &json!({ "error": "expected {\"path\": ..., \"status\": ..., \"body\": ...}" }),
                );
            };
            let text = body["body"].as_str().unwrap_or("").to_string();
            shared.overrides.insert(path.to_string(), (status, text));
            json_response(200, &json!({ "overridden": path }))
        }
        ("GET", "requests") => json_response(200, &json!(shared.log)),
        ("DELETE", "requests") => {
            shared.log.clear();
            json_response(200, &json!({ "cleared": true }))
        }
        ("PUT", "brand") => {
            // {"default_locale": "de"}: authentik then answers in German whatever the browser asks.
            shared.brand_locale = body["default_locale"].as_str().map(str::to_string);
            json_response(200, &json!({ "default_locale": shared.brand_locale }))
        }
        ("PUT", "tokens") => {
            let Some(map) = body.as_object() else {
                return json_response(400, &json!({ "error": "expected {\"token\": \"admin\" | \"no_permission\"}" }));
            };
            let mut tokens = BTreeMap::new();
            for (token, role) in map {
                match role.as_str().and_then(parse_role) {
                    Some(role) => {
                        tokens.insert(token.clone(), role);
                    }
                    None => {
                        return json_response(400, &json!({ "error": format!("unknown role for a token: {role}") }))
                    }
                }
            }
            shared.api.tokens = tokens;
            json_response(200, &json!({ "tokens": map.len() }))
        }
        _ => json_response(404, &json!({ "error": "unknown admin route" })),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a URL path into `root` without ever leaving it.
fn safe_join(root: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(root.join(relative))
}

async fn static_route(path: &str, options: &Options) -> Response<Body> {
    for (prefix, file) in &options.pages {
        let prefix = prefix.trim_end_matches('/');
        if path == prefix || path.starts_with(&format!("{prefix}/")) {
            return match tokio::fs::read(file).await {
                Ok(bytes) => respond(200, "text/html; charset=utf-8", bytes),
                Err(e) => respond(500, "text/plain; charset=utf-8", format!("cannot read {}: {e}\n", file.display())),
            };
        }
    }
    let Some(root) = &options.static_dir else {
        return respond(
            404,
            "text/plain; charset=utf-8",
            "Only the API is served here: start with --static <dist dir>.\n",
        );
    };
    let candidate = safe_join(root, path).filter(|p| p.is_file());
    let has_extension = Path::new(path).extension().is_some();
    let file = match candidate {
        Some(file) => file,
        // SPA fallback: any route without a file extension gets index.html.
        None if !has_extension => root.join("index.html"),
        None => return respond(404, "text/plain; charset=utf-8", "Not found\n"),
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => {
            let mut response = respond(200, content_type(&file), bytes);
            let headers = response.headers_mut();
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            headers.insert("content-security-policy", HeaderValue::from_static(CONTENT_SECURITY_POLICY));
            headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
            response
        }
        Err(_) => respond(404, "text/plain; charset=utf-8", "Not found (has the app been built?)\n"),
    }
}
