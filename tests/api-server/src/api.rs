//! authentik's REST API (the part this project uses), as a pure function from a
//! request to a response: routing, bearer auth, permissions, filters, paging.
//! No sockets here, so tests call [`handle`] directly.

use crate::data::{self, Flow, Store};
use crate::listing::{self, SortValue};
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

const ALLOW_LIST: &str = "GET, POST, HEAD, OPTIONS";
const ALLOW_DETAIL: &str = "GET, PUT, PATCH, DELETE, HEAD, OPTIONS";
const ALLOW_READ_ONLY: &str = "GET, HEAD, OPTIONS";

fn detail(status: u16, allow: Option<&'static str>, message: &str) -> ApiResponse {
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

/// The routes this server knows, resolved before authentication as Django does.
enum Route<'a> {
    FlowList,
    FlowDetail(&'a str),
    FlowCacheInfo,
    UsersMe,
}

fn resolve(path: &str) -> Option<Route<'_>> {
    let rest = path.strip_prefix("/api/v3/")?;
    if !rest.ends_with('/') {
        return None; // authentik's router has no slash-less routes: Django's HTML 404.
    }
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    match segments.as_slice() {
        ["flows", "instances"] => Some(Route::FlowList),
        ["flows", "instances", "cache_info"] => Some(Route::FlowCacheInfo),
        ["flows", "instances", slug] if !slug.is_empty() => Some(Route::FlowDetail(slug)),
        ["core", "users", "me"] => Some(Route::UsersMe),
        _ => None,
    }
}

/// Handles one API request.
pub fn handle(state: &mut ApiState, req: &ApiRequest) -> ApiResponse {
    let Some(route) = resolve(&req.path) else {
        return ApiResponse::not_found_html();
    };
    let allow = match route {
        Route::FlowList => ALLOW_LIST,
        Route::FlowDetail(_) => ALLOW_DETAIL,
        Route::UsersMe | Route::FlowCacheInfo => ALLOW_READ_ONLY,
    };
    // authentik answers OPTIONS on detail routes without authentication (recorded);
    // on list routes it wants credentials like any other method.
    if req.method.eq_ignore_ascii_case("OPTIONS") {
        if let Route::FlowDetail(_) = route {
            return options(allow, "Flow Instance", "Flow Viewset");
        }
    }
    let role = match authenticate(state, req.authorization.as_deref()) {
        Ok(role) => role,
        Err(message) => return detail(403, Some(allow), message),
    };
    let method = req.method.to_ascii_uppercase();
    let method = if method == "HEAD" { "GET".to_string() } else { method };
    if !allow.split(", ").any(|m| m == method) {
        return detail(405, Some(allow), &format!("Method \"{}\" not allowed.", req.method));
    }
    if let Route::UsersMe = route {
        return match method.as_str() {
            "OPTIONS" => options(allow, "User", "User Viewset"),
            _ => ApiResponse::json(200, Some(allow), &users_me(role)),
        };
    }
    if role != Role::Admin {
        return detail(403, Some(allow), "You do not have permission to perform this action.");
    }
    match (route, method.as_str()) {
        (Route::FlowList, "GET") => flow_list(state, &req.query),
        (Route::FlowList, "OPTIONS") => options(allow, "Flow List", "Flow Viewset"),
        (Route::FlowDetail(slug), "GET") => flow_detail(state, slug),
        (Route::FlowCacheInfo, "GET") => ApiResponse::json(200, Some(allow), &json!({ "count": 0 })),
        (Route::FlowDetail(_), "OPTIONS") => options(allow, "Flow Instance", "Flow Viewset"),
        (Route::FlowCacheInfo, "OPTIONS") => options(allow, "Flow Cache Info", "Flow Viewset"),
        // Writes to flows are outside this project's scope; refuse them plainly.
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

/// The JSON authentik's `FlowSerializer` produces, in its field order.
pub fn flow_json(store: &Store, flow: &Flow) -> Value {
    json!({
        "pk": flow.pk,
        "policybindingmodel_ptr_id": flow.policybindingmodel_ptr_id,
        "name": flow.name,
        "slug": flow.slug,
        "title": flow.title,
        "designation": flow.designation,
        "background": flow.background,
        "background_url": if flow.background.is_empty() {
            "/static/dist/assets/images/flow_background.jpg".to_string()
        } else {
            flow.background.clone()
        },
        "background_themed_urls": Value::Null,
        "stages": store.flow_stages(flow.pk),
        "policies": flow.policies,
        "cache_count": 0,
        "policy_engine_mode": flow.policy_engine_mode,
        "compatibility_mode": flow.compatibility_mode,
        "export_url": format!("/api/v3/flows/instances/{}/export/", flow.slug),
        "layout": flow.layout,
        "denied_action": flow.denied_action,
        "authentication": flow.authentication,
    })
}

/// Fields `?ordering=` accepts on flows: the serializer's model-backed fields.
const FLOW_ORDERING_FIELDS: &[&str] = &[
    "pk",
    "policybindingmodel_ptr_id",
    "name",
    "slug",
    "title",
    "designation",
    "background",
    "policy_engine_mode",
    "compatibility_mode",
    "layout",
    "denied_action",
    "authentication",
];

fn flow_sort_value(flow: &Flow, field: &str) -> SortValue {
    match field {
        "pk" => SortValue::Str(flow.pk.to_string()),
        "policybindingmodel_ptr_id" => SortValue::Str(flow.policybindingmodel_ptr_id.to_string()),
        "name" => SortValue::Str(flow.name.clone()),
        "slug" => SortValue::Str(flow.slug.clone()),
        "title" => SortValue::Str(flow.title.clone()),
        "designation" => SortValue::Str(flow.designation.clone()),
        "background" => SortValue::Str(flow.background.clone()),
        "policy_engine_mode" => SortValue::Str(flow.policy_engine_mode.clone()),
        "compatibility_mode" => SortValue::Bool(flow.compatibility_mode),
        "layout" => SortValue::Str(flow.layout.clone()),
        "denied_action" => SortValue::Str(flow.denied_action.clone()),
        "authentication" => SortValue::Str(flow.authentication.clone()),
        _ => SortValue::Null,
    }
}

/// django-filter's error for a value outside a `ChoiceFilter`'s choices.
fn invalid_choice(value: &str) -> Vec<String> {
    vec![format!("Select a valid choice. {value} is not one of the available choices.")]
}

fn flow_list(state: &ApiState, query: &[(String, String)]) -> ApiResponse {
    // Validate every filter first: django-filter reports all bad fields at once.
    let mut errors: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let designation = listing::filter_param(query, "designation");
    if let Some(d) = designation.filter(|d| !data::DESIGNATIONS.contains(d)) {
        errors.insert("designation", invalid_choice(d));
    }
    let denied_action = listing::filter_param(query, "denied_action");
    if let Some(d) = denied_action.filter(|d| !data::DENIED_ACTIONS.contains(d)) {
        errors.insert("denied_action", invalid_choice(d));
    }
    let flow_uuid = match listing::filter_param(query, "flow_uuid").map(|u| Uuid::parse_str(u.trim())) {
        Some(Ok(u)) => Some(u),
        Some(Err(_)) => {
            errors.insert("flow_uuid", vec!["Enter a valid UUID.".to_string()]);
            None
        }
        None => None,
    };
    if !errors.is_empty() {
        return ApiResponse::json(400, Some(ALLOW_LIST), &json!(errors));
    }
    let slug = listing::filter_param(query, "slug");
    let name = listing::filter_param(query, "name");
    let terms = listing::search_terms(query);

    let mut flows: Vec<&Flow> = state
        .store
        .flows
        .iter()
        .filter(|f| designation.is_none_or(|d| f.designation == d))
        .filter(|f| denied_action.is_none_or(|d| f.denied_action == d))
        .filter(|f| slug.is_none_or(|s| f.slug == s))
        .filter(|f| name.is_none_or(|n| f.name == n))
        .filter(|f| flow_uuid.is_none_or(|u| f.pk == u))
        .filter(|f| listing::matches_search(&terms, &[&f.name, &f.slug, &f.designation, &f.title, &f.denied_action]))
        .collect();
    let order = listing::ordering(query, FLOW_ORDERING_FIELDS, &["slug"]);
    listing::sort_by_terms(
        &mut flows,
        &order,
        |f, field| flow_sort_value(f, field),
        |f| SortValue::Str(f.pk.to_string()),
    );
    let items = flows.iter().map(|f| flow_json(&state.store, f)).collect();
    match listing::paginate(items, query, state.max_page_size) {
        Ok(page) => ApiResponse::json(200, Some(ALLOW_LIST), &page),
        Err(body) => ApiResponse::json(404, Some(ALLOW_LIST), &body),
    }
}

fn flow_detail(state: &ApiState, slug: &str) -> ApiResponse {
    match state.store.flows.iter().find(|f| f.slug == slug) {
        Some(flow) => ApiResponse::json(200, Some(ALLOW_DETAIL), &flow_json(&state.store, flow)),
        None => detail(404, Some(ALLOW_DETAIL), "No Flow matches the given query."),
    }
}
