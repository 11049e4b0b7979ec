//! authentik's REST API (the part this project uses), as a pure function from a
//! request to a response: routing, bearer auth, permissions, filters, paging.
//! No sockets here, so tests call [`handle`] directly.

use crate::data::{self, Store, STAGE_TYPES};
use crate::listing;
use crate::{bindings, flows, stages};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A request as the handler needs it.
#[derive(Debug, Clone, Default)]
pub struct ApiRequest {
    pub method: String,
    /// The path without the query string, e.g. `/api/v3/flows/instances/`.
    pub path: String,
    /// Decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    pub authorization: Option<String>,
    pub body: Vec<u8>,
}

impl ApiRequest {
    /// A GET with a bearer token; `path_and_query` is split and percent-decoded.
    pub fn get(path_and_query: &str, token: Option<&str>) -> Self {
        let (path, query) = split_path_and_query(path_and_query);
        ApiRequest {
            method: "GET".into(),
            path,
            query,
            authorization: token.map(|t| format!("Bearer {t}")),
            body: Vec::new(),
        }
    }
}

/// A response: status, content type, `Allow` header and body bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    pub status: u16,
    pub content_type: &'static str,
    pub allow: Option<&'static str>,
    pub body: Vec<u8>,
}

impl ApiResponse {
    pub fn json(status: u16, allow: Option<&'static str>, body: &Value) -> Self {
        ApiResponse {
            status,
            content_type: "application/json; charset=utf-8",
            allow,
            // DRF renders compact JSON with non-ASCII characters unescaped; so does serde_json.
            body: serde_json::to_vec(body).unwrap_or_default(),
        }
    }

    /// Django's HTML 404 page, which authentik sends for unknown URLs (and missing trailing slashes).
    pub fn not_found_html() -> Self {
        ApiResponse {
            status: 404,
            content_type: "text/html; charset=utf-8",
            allow: None,
            body: b"<!DOCTYPE html>\n<html lang=\"en\"><head><title>authentik</title></head><body><h1>Not Found</h1><p>The requested resource was not found on this server.</p></body></html>\n".to_vec(),
        }
    }

    pub fn body_json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A superuser's API token: everything.
    Admin,
    /// A valid token whose user may see nothing but itself.
    NoPermission,
}

/// The server's mutable state.
#[derive(Debug, Clone)]
pub struct ApiState {
    pub store: Store,
    pub tokens: BTreeMap<String, Role>,
    pub max_page_size: usize,
}

/// The demo admin token printed by the run command.
pub const DEMO_ADMIN_TOKEN: &str = "demo-admin-token-4dm1n";
/// A valid token without permission on flows or stages.
pub const DEMO_NO_PERMISSION_TOKEN: &str = "demo-no-permission-token";

impl ApiState {
    /// The demo data set with the two demo tokens.
    pub fn demo() -> Self {
        Self::with_store(data::seed())
    }

    /// Any data set with the two demo tokens.
    pub fn with_store(store: Store) -> Self {
        let mut tokens = BTreeMap::new();
        tokens.insert(DEMO_ADMIN_TOKEN.to_string(), Role::Admin);
        tokens.insert(DEMO_NO_PERMISSION_TOKEN.to_string(), Role::NoPermission);
        ApiState { store, tokens, max_page_size: listing::DEFAULT_MAX_PAGE_SIZE }
    }
}

/// Splits `path?query` and percent-decodes the query (`+` is a space).
pub fn split_path_and_query(path_and_query: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    (path.to_string(), pairs)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = match bytes[i] {
            b'+' => Some((b' ', 1)),
            b'%' => bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .map(|b| (b, 3)),
            _ => None,
        };
        let (byte, width) = decoded.unwrap_or((bytes[i], 1));
        out.push(byte);
        i += width;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub const ALLOW_LIST: &str = "GET, POST, HEAD, OPTIONS";
pub const ALLOW_DETAIL: &str = "GET, PUT, PATCH, DELETE, HEAD, OPTIONS";
pub const ALLOW_READ_ONLY: &str = "GET, HEAD, OPTIONS";

pub fn detail(status: u16, allow: Option<&'static str>, message: &str) -> ApiResponse {
    ApiResponse::json(status, allow, &json!({ "detail": message }))
}

/// authentik's bearer authentication (`validate_auth` + token lookup).
fn authenticate(state: &ApiState, header: Option<&str>) -> Result<Role, &'static str> {
    let raw = header.unwrap_or("").trim();
    if raw.is_empty() || !raw.contains(' ') {
        return Err("Authentication credentials were not provided.");
    }
    let (scheme, credentials) = raw.split_once(' ').unwrap_or((raw, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err("Unsupported authentication type");
    }
    if credentials.is_empty() {
        return Err("Malformed header");
    }
    state.tokens.get(credentials).copied().ok_or("Token invalid/expired")
}

/// serde_json's description of a parse error, without its position suffix.
pub fn python_json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => format!("{}: line {} column {}", &text[..i], e.line(), e.column()),
        None => text,
    }
}

/// The routes this server knows, resolved before authentication as Django does.
#[derive(Clone, Copy)]
enum Route<'a> {
    FlowList,
    FlowDetail(&'a str),
    FlowCacheInfo,
    FlowExport(&'a str),
    BindingList,
    BindingDetail(&'a str),
    StageList,
    StageTypes,
    StageDetail(&'a str),
    /// A stage type's own list endpoint, by model name.
    TypedStageList(&'static str),
    TypedStageDetail(&'static str, &'a str),
    UsersMe,
}

impl Route<'_> {
    fn allow(self) -> &'static str {
        match self {
            Route::FlowList | Route::BindingList | Route::TypedStageList(_) => ALLOW_LIST,
            Route::FlowDetail(_) | Route::BindingDetail(_) | Route::TypedStageDetail(..) => ALLOW_DETAIL,
            Route::StageDetail(_) => "GET, DELETE, HEAD, OPTIONS",
            Route::FlowCacheInfo | Route::FlowExport(_) | Route::UsersMe | Route::StageList | Route::StageTypes => {
                ALLOW_READ_ONLY
            }
        }
    }

    fn is_detail(self) -> bool {
        matches!(
            self,
            Route::FlowDetail(_) | Route::BindingDetail(_) | Route::StageDetail(_) | Route::TypedStageDetail(..)
        )
    }

    /// DRF's metadata `name` and `description` for OPTIONS.
    fn metadata(self) -> (&'static str, &'static str) {
        match self {
            Route::FlowList => ("Flow List", "Flow Viewset"),
            Route::FlowDetail(_) => ("Flow Instance", "Flow Viewset"),
            Route::FlowCacheInfo => ("Flow Cache Info", "Flow Viewset"),
            Route::FlowExport(_) => ("Flow Export", "Flow Viewset"),
            Route::BindingList => ("Flow Stage Binding List", "FlowStageBinding Viewset"),
            Route::BindingDetail(_) => ("Flow Stage Binding Instance", "FlowStageBinding Viewset"),
            Route::StageList | Route::TypedStageList(_) => ("Stage List", "Stage Viewset"),
            Route::StageTypes => ("Stage Types", "Stage Viewset"),
            Route::StageDetail(_) | Route::TypedStageDetail(..) => ("Stage Instance", "Stage Viewset"),
            Route::UsersMe => ("User", "User Viewset"),
        }
    }
}

fn resolve(path: &str) -> Option<Route<'_>> {
    let rest = path.strip_prefix("/api/v3/")?;
    if !rest.ends_with('/') {
        return None; // authentik's router has no slash-less routes: Django's HTML 404.
    }
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    let route = match segments.as_slice() {
        ["flows", "instances"] => Route::FlowList,
        ["flows", "instances", "cache_info"] => Route::FlowCacheInfo,
        ["flows", "instances", slug] if !slug.is_empty() => Route::FlowDetail(slug),
        ["flows", "instances", slug, "export"] if !slug.is_empty() => Route::FlowExport(slug),
        ["flows", "bindings"] => Route::BindingList,
        ["flows", "bindings", pk] if !pk.is_empty() => Route::BindingDetail(pk),
        ["stages", "all"] => Route::StageList,
        ["stages", "all", "types"] => Route::StageTypes,
        ["stages", "all", pk] if !pk.is_empty() => Route::StageDetail(pk),
        ["core", "users", "me"] => Route::UsersMe,
        _ => {
            // A stage type's own endpoint, e.g. stages/user_login/ or stages/prompt/stages/<pk>/.
            for (model, endpoint, ..) in STAGE_TYPES {
                if rest == *endpoint {
                    return Some(Route::TypedStageList(model));
                }
                if let Some(pk) = rest.strip_prefix(endpoint).map(|p| p.trim_end_matches('/')) {
                    if !pk.is_empty() && !pk.contains('/') {
                        return Some(Route::TypedStageDetail(model, pk));
                    }
                }
            }
            return None;
        }
    };
    Some(route)
}

/// Handles one API request.
pub fn handle(state: &mut ApiState, req: &ApiRequest) -> ApiResponse {
    let Some(route) = resolve(&req.path) else {
        return ApiResponse::not_found_html();
    };
    let allow = route.allow();
    let method = req.method.to_ascii_uppercase();
    // authentik answers OPTIONS on detail routes without authentication (recorded);
    // on list routes it wants credentials like any other method.
    if method == "OPTIONS" && route.is_detail() {
        let (name, description) = route.metadata();
        return options(allow, name, description);
    }
    let role = match authenticate(state, req.authorization.as_deref()) {
        Ok(role) => role,
        // Recorded: a write to a detail route without any credentials gets the
        // permission message, not the authentication one.
        Err("Authentication credentials were not provided.")
            if route.is_detail() && matches!(method.as_str(), "PUT" | "PATCH" | "DELETE") =>
        {
            return detail(403, Some(allow), "You do not have permission to perform this action.");
        }
        Err(message) => return detail(403, Some(allow), message),
    };
    let method = if method == "HEAD" { "GET".to_string() } else { method };
    if !allow.split(", ").any(|m| m == method) {
        return detail(405, Some(allow), &format!("Method \"{}\" not allowed.", req.method));
    }
    if method == "OPTIONS" {
        let (name, description) = route.metadata();
        return options(allow, name, description);
    }
    if let Route::UsersMe = route {
        return ApiResponse::json(200, Some(allow), &users_me(role));
    }
    if role != Role::Admin {
        return detail(403, Some(allow), "You do not have permission to perform this action.");
    }
    let max = state.max_page_size;
    let store = &mut state.store;
    match (route, method.as_str()) {
        (Route::FlowList, "GET") => flows::list(store, &req.query, max),
        (Route::FlowDetail(slug), "GET") => flows::retrieve(store, slug),
        (Route::FlowCacheInfo, "GET") => ApiResponse::json(200, Some(allow), &json!({ "count": 0 })),
        (Route::FlowExport(slug), "GET") => flows::export(store, slug),
        (Route::BindingList, "GET") => bindings::list(store, &req.query, max),
        (Route::BindingList, "POST") => bindings::create(store, &req.body, Uuid::new_v4(), Uuid::new_v4()),
        (Route::BindingDetail(pk), "GET") => bindings::retrieve(store, pk),
        (Route::BindingDetail(pk), "PUT") => bindings::update(store, pk, &req.body, false),
        (Route::BindingDetail(pk), "PATCH") => bindings::update(store, pk, &req.body, true),
        (Route::BindingDetail(pk), "DELETE") => bindings::destroy(store, pk),
        (Route::StageList, "GET") => stages::list(store, None, &req.query, max),
        (Route::StageTypes, "GET") => stages::types(),
        (Route::StageDetail(pk), "GET") => stages::retrieve(store, None, pk),
        (Route::TypedStageList(model), "GET") => stages::list(store, Some(model), &req.query, max),
        (Route::TypedStageDetail(model, pk), "GET") => stages::retrieve(store, Some(model), pk),
        // Writes to flows and stages are outside this project's scope; refuse them plainly.
        (_, m) => detail(405, Some(allow), &format!("Method \"{m}\" not allowed.")),
    }
}

fn options(allow: &'static str, name: &str, description: &str) -> ApiResponse {
    ApiResponse::json(
        200,
        Some(allow),
        &json!({
            "name": name,
            "description": description,
            "renders": ["application/json"],
            "parses": ["application/json"],
        }),
    )
}

const RECORDED_ME: &str = include_str!("../../fixtures/authentik/real-responses/core_users_me.json");

fn users_me(role: Role) -> Value {
    let recorded: Value = serde_json::from_str(RECORDED_ME).unwrap_or(Value::Null);
    let mut me = recorded["body"].clone();
    if role == Role::NoPermission {
        me["user"]["pk"] = json!(7);
        me["user"]["username"] = json!("auditor");
        me["user"]["name"] = json!("Auditor without permissions");
        me["user"]["is_superuser"] = json!(false);
        me["user"]["groups"] = json!([]);
        me["user"]["email"] = json!("auditor@example.invalid");
        me["user"]["system_permissions"] = json!([]);
    }
    me
}
