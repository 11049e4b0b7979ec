//! Demo data: the objects of a real authentik install (taken from the recorded
//! responses in `tests/fixtures`) plus deterministic generated ones, some of them
//! with hostile text, so that every run and every shared link sees the same rows.

use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

const REAL_FLOWS: &str = include_str!("../../fixtures/authentik/real-responses/flows_instances_list_default.json");
const REAL_BINDINGS: &str = include_str!("../../fixtures/authentik/real-responses/flows_bindings_list_default.json");
const REAL_STAGES: &str = include_str!("../../fixtures/authentik/real-responses/stages_all_list.json");
const REAL_USER_LOGIN_STAGES: &str =
    include_str!("../../fixtures/authentik/real-responses/stages_user_login_list.json");
/// `GET /stages/all/types/` as recorded: served verbatim.
pub const REAL_STAGE_TYPES: &str = include_str!("../../fixtures/authentik/real-responses/stages_all_types.json");

/// authentik's `FlowDesignationEnum`.
pub const DESIGNATIONS: &[&str] = &[
    "authentication",
    "authorization",
    "invalidation",
    "enrollment",
    "unenrollment",
    "recovery",
    "stage_configuration",
];
/// authentik's `DeniedActionEnum`.
pub const DENIED_ACTIONS: &[&str] = &["message_continue", "message", "continue"];
/// authentik's `FlowLayoutEnum`.
pub const LAYOUTS: &[&str] = &[
    "stacked",
    "content_left",
    "content_right",
    "sidebar_left",
    "sidebar_right",
    "sidebar_left_frame_background",
    "sidebar_right_frame_background",
];
/// authentik's `AuthenticationEnum`.
pub const AUTHENTICATIONS: &[&str] = &[
    "none",
    "require_authenticated",
    "require_unauthenticated",
    "require_superuser",
    "require_redirect",
    "require_outpost",
    "require_token",
];
/// authentik's `PolicyEngineMode`.
pub const POLICY_ENGINE_MODES: &[&str] = &["all", "any"];
/// authentik's `InvalidResponseActionEnum`.
pub const INVALID_RESPONSE_ACTIONS: &[&str] = &["retry", "restart", "restart_with_context"];
/// authentik's `NetworkBindingEnum`.
pub const NETWORK_BINDINGS: &[&str] = &["no_binding", "bind_asn", "bind_asn_network", "bind_asn_network_ip"];
/// authentik's `GeoipBindingEnum`.
pub const GEOIP_BINDINGS: &[&str] =
    &["no_binding", "bind_continent", "bind_continent_country", "bind_continent_country_city"];
/// authentik's `ResumeOnMatchFailuresEnum`.
pub const RESUME_ON_MATCH_FAILURES: &[&str] = &["missing_property"];

/// A stage type: `(model_name, list endpoint below /api/v3/, app label, verbose name, component)`,
/// as authentik's schema and `/stages/all/types/` name them.
pub const STAGE_TYPES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "authenticatorvalidatestage",
        "stages/authenticator/validate/",
        "authentik_stages_authenticator_validate",
        "Authenticator Validation Stage",
        "ak-stage-authenticator-validate-form",
    ),
    ("captchastage", "stages/captcha/", "authentik_stages_captcha", "Captcha Stage", "ak-stage-captcha-form"),
    ("consentstage", "stages/consent/", "authentik_stages_consent", "Consent Stage", "ak-stage-consent-form"),
    ("denystage", "stages/deny/", "authentik_stages_deny", "Deny Stage", "ak-stage-deny-form"),
    (
        "authenticatorduostage",
        "stages/authenticator/duo/",
        "authentik_stages_authenticator_duo",
        "Duo Authenticator Setup Stage",
        "ak-stage-authenticator-duo-form",
    ),
    (
        "authenticatoremailstage",
        "stages/authenticator/email/",
        "authentik_stages_authenticator_email",
        "Email Authenticator Setup Stage",
        "ak-stage-authenticator-email-form",
    ),
    ("emailstage", "stages/email/", "authentik_stages_email", "Email Stage", "ak-stage-email-form"),
    (
        "authenticatorendpointgdtcstage",
        "stages/authenticator/endpoint_gdtc/",
        "authentik_stages_authenticator_endpoint_gdtc",
        "Endpoint Authenticator Google Device Trust Connector Stage",
        "ak-stage-authenticator-endpoint-gdtc-form",
    ),
    ("endpointstage", "stages/endpoints/", "authentik_endpoints", "Endpoint Stage", "ak-endpoints-stage-form"),
    (
        "identificationstage",
        "stages/identification/",
        "authentik_stages_identification",
        "Identification Stage",
        "ak-stage-identification-form",
    ),
    (
        "invitationstage",
        "stages/invitation/stages/",
        "authentik_stages_invitation",
        "Invitation Stage",
        "ak-stage-invitation-form",
    ),
    ("mutualtlsstage", "stages/mtls/", "authentik_stages_mtls", "Mutual TLS Stage", "ak-stage-mtls-form"),
    ("passwordstage", "stages/password/", "authentik_stages_password", "Password Stage", "ak-stage-password-form"),
    ("promptstage", "stages/prompt/stages/", "authentik_stages_prompt", "Prompt Stage", "ak-stage-prompt-form"),
    ("redirectstage", "stages/redirect/", "authentik_stages_redirect", "Redirect Stage", "ak-stage-redirect-form"),
    (
        "authenticatorsmsstage",
        "stages/authenticator/sms/",
        "authentik_stages_authenticator_sms",
        "SMS Authenticator Setup Stage",
        "ak-stage-authenticator-sms-form",
    ),
    ("sourcestage", "stages/source/", "authentik_stages_source", "Source Stage", "ak-stage-source-form"),
    (
        "authenticatorstaticstage",
        "stages/authenticator/static/",
        "authentik_stages_authenticator_static",
        "Static Authenticator Setup Stage",
        "ak-stage-authenticator-static-form",
    ),
    (
        "authenticatortotpstage",
        "stages/authenticator/totp/",
        "authentik_stages_authenticator_totp",
        "TOTP Authenticator Setup Stage",
        "ak-stage-authenticator-totp-form",
    ),
    (
        "userdeletestage",
        "stages/user_delete/",
        "authentik_stages_user_delete",
        "User Delete Stage",
        "ak-stage-user-delete-form",
    ),
    (
        "userloginstage",
        "stages/user_login/",
        "authentik_stages_user_login",
        "User Login Stage",
        "ak-stage-user-login-form",
    ),
    (
        "userlogoutstage",
        "stages/user_logout/",
        "authentik_stages_user_logout",
        "User Logout Stage",
        "ak-stage-user-logout-form",
    ),
    (
        "userwritestage",
        "stages/user_write/",
        "authentik_stages_user_write",
        "User Write Stage",
        "ak-stage-user-write-form",
    ),
    (
        "authenticatorwebauthnstage",
        "stages/authenticator/webauthn/",
        "authentik_stages_authenticator_webauthn",
        "WebAuthn Authenticator Setup Stage",
        "ak-stage-authenticator-webauthn-form",
    ),
];

/// A flow as authentik stores it; `stages` is derived from the bindings.
#[derive(Debug, Clone)]
pub struct Flow {
    pub pk: Uuid,
    pub policybindingmodel_ptr_id: Uuid,
    pub name: String,
    pub slug: String,
    pub title: String,
    pub designation: String,
    pub background: String,
    pub policies: Vec<Uuid>,
    pub policy_engine_mode: String,
    pub compatibility_mode: bool,
    pub layout: String,
    pub denied_action: String,
    pub authentication: String,
}

/// A stage: the fields every type shares, plus the type-specific ones of the
/// two types this server models in full.
#[derive(Debug, Clone)]
pub struct Stage {
    pub pk: Uuid,
    pub name: String,
    pub component: String,
    pub verbose_name: String,
    pub verbose_name_plural: String,
    pub meta_model_name: String,
    pub kind: StageKind,
}

impl Stage {
    /// `userloginstage` from `authentik_stages_user_login.userloginstage`.
    pub fn model_name(&self) -> &str {
        self.meta_model_name.rsplit('.').next().unwrap_or("")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StageKind {
    UserLogin(UserLoginFields),
    Source(SourceFields),
    /// Any other type: only the shared fields are modelled.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UserLoginFields {
    pub session_duration: String,
    pub terminate_other_sessions: bool,
    pub remember_me_offset: String,
    pub network_binding: String,
    pub geoip_binding: String,
    pub remember_device: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SourceFields {
    pub source: Uuid,
    pub resume_timeout: String,
    pub resume_on_match_failures: Vec<String>,
}

/// A flow-stage binding.
#[derive(Debug, Clone)]
pub struct FlowStageBinding {
    pub pk: Uuid,
    pub policybindingmodel_ptr_id: Uuid,
    pub target: Uuid,
    pub stage: Uuid,
    pub order: i64,
    pub evaluate_on_plan: bool,
    pub re_evaluate_policies: bool,
    pub policy_engine_mode: String,
    pub invalid_response_action: String,
    /// Policies bound to this binding (it is itself a policy binding model).
    pub policies: Vec<Uuid>,
}

/// A source a source stage can point at; only its pk and name matter here.
#[derive(Debug, Clone)]
pub struct SourceRef {
    pub pk: Uuid,
    pub name: String,
}

/// Everything the local API serves.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub flows: Vec<Flow>,
    pub stages: Vec<Stage>,
    pub bindings: Vec<FlowStageBinding>,
    pub sources: Vec<SourceRef>,
}

/// Lookups built once per request, so serializing a page stays linear.
pub struct Index<'a> {
    stages: HashMap<Uuid, &'a Stage>,
    flows: HashMap<Uuid, &'a Flow>,
    /// Per stage: the flows it is bound in, one entry per binding.
    flow_sets: HashMap<Uuid, Vec<&'a Flow>>,
    /// Per flow: its bound stages in binding order.
    flow_stages: HashMap<Uuid, Vec<Uuid>>,
}

impl<'a> Index<'a> {
    pub fn stage(&self, pk: Uuid) -> Option<&'a Stage> {
        self.stages.get(&pk).copied()
    }
    pub fn flow(&self, pk: Uuid) -> Option<&'a Flow> {
        self.flows.get(&pk).copied()
    }
    pub fn stage_flows(&self, stage: Uuid) -> &[&'a Flow] {
        self.flow_sets.get(&stage).map(|v| v.as_slice()).unwrap_or(&[])
    }
    pub fn flow_stages(&self, flow: Uuid) -> &[Uuid] {
        self.flow_stages.get(&flow).map(|v| v.as_slice()).unwrap_or(&[])
    }
}

impl Store {
    pub fn index(&self) -> Index<'_> {
        let flows: HashMap<Uuid, &Flow> = self.flows.iter().map(|f| (f.pk, f)).collect();
        let mut bindings: Vec<&FlowStageBinding> = self.bindings.iter().collect();
        bindings.sort_by_key(|b| (b.order, b.pk));
        let mut flow_sets: HashMap<Uuid, Vec<&Flow>> = HashMap::new();
        let mut flow_stages: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for b in bindings {
            if let Some(flow) = flows.get(&b.target) {
                flow_sets.entry(b.stage).or_default().push(flow);
            }
            flow_stages.entry(b.target).or_default().push(b.stage);
        }
        Index { stages: self.stages.iter().map(|s| (s.pk, s)).collect(), flows, flow_sets, flow_stages }
    }

    /// The stage pks bound to a flow, in binding order (authentik's `Flow.stages`).
    pub fn flow_stages(&self, flow: Uuid) -> Vec<Uuid> {
        let mut bound: Vec<&FlowStageBinding> = self.bindings.iter().filter(|b| b.target == flow).collect();
        bound.sort_by_key(|b| (b.order, b.pk));
        bound.iter().map(|b| b.stage).collect()
    }

    /// The flows a stage is bound in, one entry per binding (authentik's `Stage.flow_set`).
    pub fn stage_flows(&self, stage: Uuid) -> Vec<&Flow> {
        let mut bound: Vec<&FlowStageBinding> = self.bindings.iter().filter(|b| b.stage == stage).collect();
        bound.sort_by_key(|b| (b.order, b.pk));
        bound.iter().filter_map(|b| self.flows.iter().find(|f| f.pk == b.target)).collect()
    }

    pub fn stage(&self, pk: Uuid) -> Option<&Stage> {
        self.stages.iter().find(|s| s.pk == pk)
    }

    pub fn flow(&self, pk: Uuid) -> Option<&Flow> {
        self.flows.iter().find(|f| f.pk == pk)
    }
}

fn results(recorded: &str) -> Vec<Value> {
    let parsed: Value = serde_json::from_str(recorded).unwrap_or(Value::Null);
    parsed["body"]["results"].as_array().cloned().unwrap_or_default()
}

fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_string()
}

fn id(v: &Value, key: &str) -> Uuid {
    v[key].as_str().and_then(|s| Uuid::parse_str(s).ok()).unwrap_or_default()
}

fn real_flows() -> Vec<Flow> {
    results(REAL_FLOWS)
        .iter()
        .map(|f| Flow {
            pk: id(f, "pk"),
            policybindingmodel_ptr_id: id(f, "policybindingmodel_ptr_id"),
            name: text(f, "name"),
            slug: text(f, "slug"),
            title: text(f, "title"),
            designation: text(f, "designation"),
            background: text(f, "background"),
            policies: f["policies"]
                .as_array()
                .map(|a| a.iter().filter_map(|p| p.as_str()).filter_map(|p| Uuid::parse_str(p).ok()).collect())
                .unwrap_or_default(),
            policy_engine_mode: text(f, "policy_engine_mode"),
            compatibility_mode: f["compatibility_mode"].as_bool().unwrap_or(false),
            layout: text(f, "layout"),
            denied_action: text(f, "denied_action"),
            authentication: text(f, "authentication"),
        })
        .collect()
}

fn real_stages() -> Vec<Stage> {
    let user_login = results(REAL_USER_LOGIN_STAGES);
    results(REAL_STAGES)
        .iter()
        .map(|s| {
            let pk = id(s, "pk");
            let kind = match user_login.iter().find(|u| id(u, "pk") == pk) {
                Some(u) => StageKind::UserLogin(UserLoginFields {
                    session_duration: text(u, "session_duration"),
                    terminate_other_sessions: u["terminate_other_sessions"].as_bool().unwrap_or(false),
                    remember_me_offset: text(u, "remember_me_offset"),
                    network_binding: text(u, "network_binding"),
                    geoip_binding: text(u, "geoip_binding"),
                    remember_device: text(u, "remember_device"),
                }),
                None => StageKind::Other,
            };
            Stage {
                pk,
                name: text(s, "name"),
                component: text(s, "component"),
                verbose_name: text(s, "verbose_name"),
                verbose_name_plural: text(s, "verbose_name_plural"),
                meta_model_name: text(s, "meta_model_name"),
                kind,
            }
        })
        .collect()
}

/// The policy bound to the password stage's binding in the recorded install.
const REAL_BINDING_POLICY: (&str, &str) =
    ("4d99a076-2db3-4bd7-9cb5-c5a68bb8531e", "48843e17-e16c-411a-b97b-49c2cd8380fc");

fn real_bindings() -> Vec<FlowStageBinding> {
    results(REAL_BINDINGS)
        .iter()
        .map(|b| FlowStageBinding {
            pk: id(b, "pk"),
            policybindingmodel_ptr_id: id(b, "policybindingmodel_ptr_id"),
            target: id(b, "target"),
            stage: id(b, "stage"),
            order: b["order"].as_i64().unwrap_or(0),
            evaluate_on_plan: b["evaluate_on_plan"].as_bool().unwrap_or(false),
            re_evaluate_policies: b["re_evaluate_policies"].as_bool().unwrap_or(true),
            policy_engine_mode: text(b, "policy_engine_mode"),
            invalid_response_action: text(b, "invalid_response_action"),
            policies: if text(b, "pk") == REAL_BINDING_POLICY.0 {
                Uuid::parse_str(REAL_BINDING_POLICY.1).into_iter().collect()
            } else {
                Vec::new()
            },
        })
        .collect()
}

/// A small deterministic generator (SplitMix64): the same seed gives the same
/// demo data, so links and tests stay valid across restarts.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn uuid(&mut self) -> Uuid {
        let hi = self.next_u64() as u128;
        let lo = self.next_u64() as u128;
        uuid::Builder::from_random_bytes(((hi << 64) | lo).to_be_bytes()).into_uuid()
    }
}

/// Names that must render as plain text, never as markup or script.
pub const HOSTILE_NAMES: &[(&str, &str)] = &[
    ("hostile-script-tag", "<script>window.__xss = 'script'</script> Login"),
    ("hostile-img-onerror", "\"><img src=x onerror=\"window.__xss='img'\"> Recovery"),
    ("hostile-quotes", "O'Brien's \"quoted\" & <b>bold</b> flow"),
    ("hostile-emoji", "🔐 Passkey sign-in 🚀✨ with emoji"),
    ("hostile-rtl-arabic", "تسجيل الدخول الافتراضي (RTL) login"),
    ("hostile-rtl-hebrew", "\u{202E}כניסה למערכת\u{202C} mixed RTL override"),
];

const TEAMS: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Aperture",
    "Vandelay",
    "Wonka",
    "Oscorp",
    "Massive",
    "Nakatomi",
];
const PURPOSES: &[(&str, &str)] = &[
    ("authentication", "sign-in"),
    ("authentication", "passwordless login"),
    ("authentication", "MFA login"),
    ("authorization", "consent"),
    ("authorization", "implicit consent"),
    ("invalidation", "logout"),
    ("enrollment", "self-service enrollment"),
    ("enrollment", "invitation enrollment"),
    ("unenrollment", "account deletion"),
    ("recovery", "password recovery"),
    ("recovery", "email recovery"),
    ("stage_configuration", "TOTP setup"),
    ("stage_configuration", "WebAuthn setup"),
    ("stage_configuration", "user settings"),
];
const ENVIRONMENTS: &[&str] = &["production", "staging", "dev", "partners", "contractors", "EU", "US", "APAC"];

/// How many flows are generated on top of the 14 real ones.
pub const GENERATED_FLOWS: usize = 250;

fn slugify(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Exactly what the recorded real install holds (14 flows, 18 stages, 20 bindings, no sources).
pub fn real_install() -> Store {
    Store { flows: real_flows(), stages: real_stages(), bindings: real_bindings(), sources: Vec::new() }
}

/// How many stages are generated on top of the 18 real ones.
pub const GENERATED_STAGES: usize = 150;

/// Stage types the generator uses, with weights: user-login and source stages
/// are common so their own tables have pages of rows.
const GENERATED_STAGE_TYPES: &[(&str, usize)] = &[
    ("userloginstage", 6),
    ("sourcestage", 5),
    ("passwordstage", 3),
    ("identificationstage", 3),
    ("promptstage", 3),
    ("authenticatorvalidatestage", 2),
    ("consentstage", 2),
    ("denystage", 1),
    ("emailstage", 2),
    ("captchastage", 1),
    ("redirectstage", 1),
    ("invitationstage", 1),
    ("userwritestage", 2),
    ("userlogoutstage", 1),
    ("authenticatortotpstage", 1),
];

const DURATIONS: &[&str] = &["seconds=0", "hours=1", "hours=8", "days=1", "weeks=1", "days=30"];

fn generated_stage(rng: &mut Rng, index: usize, sources: &[SourceRef]) -> Stage {
    let total: usize = GENERATED_STAGE_TYPES.iter().map(|(_, w)| w).sum();
    let mut roll = rng.below(total);
    let mut model = "passwordstage";
    for (candidate, weight) in GENERATED_STAGE_TYPES {
        if roll < *weight {
            model = candidate;
            break;
        }
        roll -= weight;
    }
    let (_, _, app, verbose, component) = STAGE_TYPES.iter().find(|t| t.0 == model).copied().unwrap_or(STAGE_TYPES[12]);
    let team = TEAMS[index % TEAMS.len()].to_lowercase();
    let short = verbose.trim_end_matches(" Stage").to_lowercase().replace(' ', "-");
    let name = match index {
        0 => "<script>window.__xss = 'stage'</script> stage".to_string(),
        1 => "\"><img src=x onerror=\"window.__xss='stage-img'\"> stage".to_string(),
        2 => "مرحلة تسجيل الدخول (RTL) stage".to_string(),
        _ => format!("{team}-{short}-{index}"),
    };
    let kind = match model {
        "userloginstage" => StageKind::UserLogin(UserLoginFields {
            session_duration: rng.pick(DURATIONS).to_string(),
            terminate_other_sessions: rng.below(3) == 0,
            remember_me_offset: rng.pick(&["seconds=0", "days=7", "days=30"]).to_string(),
            network_binding: rng.pick(NETWORK_BINDINGS).to_string(),
            geoip_binding: rng.pick(GEOIP_BINDINGS).to_string(),
            remember_device: rng.pick(&["days=30", "days=7", "seconds=0"]).to_string(),
        }),
        "sourcestage" => StageKind::Source(SourceFields {
            source: sources[rng.below(sources.len())].pk,
            resume_timeout: rng.pick(&["minutes=10", "minutes=30", "hours=1"]).to_string(),
            resume_on_match_failures: if rng.below(2) == 0 { vec!["missing_property".into()] } else { vec![] },
        }),
        _ => StageKind::Other,
    };
    Stage {
        pk: rng.uuid(),
        name,
        component: component.to_string(),
        verbose_name: verbose.to_string(),
        verbose_name_plural: format!("{verbose}s"),
        meta_model_name: format!("{app}.{model}"),
        kind,
    }
}

/// The demo data set: the real install plus generated flows and bindings.
pub fn seed() -> Store {
    let mut rng = Rng::new(0x0000_A711_E71C);
    let mut store = real_install();

    let mut generated: Vec<(String, String, String)> = Vec::new(); // (slug, name, designation)
    for (slug, name) in HOSTILE_NAMES {
        generated.push((slug.to_string(), name.to_string(), rng.pick(DESIGNATIONS).to_string()));
    }
    let long_name: String = "A very long flow name that keeps going ".repeat(6).chars().take(200).collect();
    generated.push(("long-name-200-characters".into(), long_name, "authentication".into()));

    let mut i = 0;
    while generated.len() < GENERATED_FLOWS {
        let team = TEAMS[i % TEAMS.len()];
        let (designation, purpose) = PURPOSES[(i / TEAMS.len() + i) % PURPOSES.len()];
        let env = ENVIRONMENTS[(i / 3) % ENVIRONMENTS.len()];
        let name = format!("{team} {purpose} ({env})");
        let slug = format!("{}-{}", slugify(&name), i);
        generated.push((slug, name, designation.to_string()));
        i += 1;
    }

    for name in ["Corporate SAML", "GitHub", "Google Workspace", "Partner OIDC"] {
        let pk = rng.uuid();
        store.sources.push(SourceRef { pk, name: name.to_string() });
    }
    let sources = store.sources.clone();
    for index in 0..GENERATED_STAGES {
        store.stages.push(generated_stage(&mut rng, index, &sources));
    }
    let policy_pool: Vec<Uuid> = (0..12).map(|_| rng.uuid()).collect();
    let stage_pks: Vec<Uuid> = store.stages.iter().map(|s| s.pk).collect();
    for (slug, name, designation) in generated {
        let pk = rng.uuid();
        let title = if rng.below(4) == 0 { String::new() } else { format!("Welcome — {name}") };
        let policies = (0..rng.below(3)).map(|_| rng.uuid()).collect();
        store.flows.push(Flow {
            pk,
            policybindingmodel_ptr_id: rng.uuid(),
            name,
            slug,
            title,
            designation,
            background: String::new(),
            policies,
            policy_engine_mode: rng.pick(POLICY_ENGINE_MODES).to_string(),
            compatibility_mode: rng.below(5) == 0,
            layout: if rng.below(3) == 0 { rng.pick(LAYOUTS).to_string() } else { "stacked".into() },
            denied_action: if rng.below(3) == 0 {
                rng.pick(DENIED_ACTIONS).to_string()
            } else {
                "message_continue".into()
            },
            authentication: rng.pick(AUTHENTICATIONS).to_string(),
        });
        // Every generated flow gets 1–15 bindings, ordered 10, 20, ...
        let bindings = 1 + rng.below(15);
        for n in 0..bindings {
            store.bindings.push(FlowStageBinding {
                pk: rng.uuid(),
                policybindingmodel_ptr_id: rng.uuid(),
                target: pk,
                stage: stage_pks[rng.below(stage_pks.len())],
                order: 10 * (n as i64 + 1),
                evaluate_on_plan: rng.below(4) == 0,
                re_evaluate_policies: true,
                policy_engine_mode: rng.pick(POLICY_ENGINE_MODES).to_string(),
                invalid_response_action: if rng.below(5) == 0 {
                    rng.pick(INVALID_RESPONSE_ACTIONS).to_string()
                } else {
                    "retry".into()
                },
                policies: (0..rng.below(3)).map(|_| policy_pool[rng.below(policy_pool.len())]).collect(),
            });
        }
    }
    store
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_has_the_real_install_and_enough_generated_rows() {
        let store = seed();
        assert_eq!(store.flows.iter().filter(|f| f.slug.starts_with("default-")).count(), 13);
        assert!(store.flows.iter().any(|f| f.slug == "initial-setup"));
        assert!(store.flows.len() >= 250);
        assert_eq!(store.stages.len(), 18 + GENERATED_STAGES);
        assert!(store.bindings.len() >= 20 + 250);
        let count = |model: &str| store.stages.iter().filter(|s| s.model_name() == model).count();
        assert!(count("userloginstage") >= 20, "{}", count("userloginstage"));
        assert!(count("sourcestage") >= 15, "{}", count("sourcestage"));
        let types: std::collections::BTreeSet<&str> = store.stages.iter().map(|s| s.model_name()).collect();
        assert!(types.len() >= 10, "{types:?}");
        for stage in &store.stages {
            assert!(STAGE_TYPES.iter().any(|t| t.0 == stage.model_name()), "{}", stage.meta_model_name);
        }
    }

    #[test]
    fn seed_is_deterministic_and_slugs_are_unique_and_valid() {
        let a = seed();
        let b = seed();
        assert_eq!(a.flows.iter().map(|f| f.pk).collect::<Vec<_>>(), b.flows.iter().map(|f| f.pk).collect::<Vec<_>>());
        let mut slugs: Vec<&str> = a.flows.iter().map(|f| f.slug.as_str()).collect();
        assert!(slugs
            .iter()
            .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')));
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), a.flows.len());
    }

    #[test]
    fn seed_contains_hostile_text() {
        let store = seed();
        let names: Vec<&str> = store.flows.iter().map(|f| f.name.as_str()).collect();
        assert!(names.iter().any(|n| n.contains("<script>")));
        assert!(names.iter().any(|n| n.contains("onerror=")));
        assert!(names.iter().any(|n| n.chars().count() == 200));
        assert!(names.iter().any(|n| n.contains('🔐')));
    }
}
