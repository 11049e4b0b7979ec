//! Demo data: the objects of a real authentik install (taken from the recorded
//! responses in `tests/fixtures`) plus deterministic generated ones, some of them
//! with hostile text, so that every run and every shared link sees the same rows.

use serde_json::Value;
use uuid::Uuid;

const REAL_FLOWS: &str = include_str!("../../fixtures/authentik/real-responses/flows_instances_list_default.json");
const REAL_BINDINGS: &str = include_str!("../../fixtures/authentik/real-responses/flows_bindings_list_default.json");
const REAL_STAGES: &str = include_str!("../../fixtures/authentik/real-responses/stages_all_list.json");

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

/// A stage; only the fields every stage type shares.
#[derive(Debug, Clone)]
pub struct Stage {
    pub pk: Uuid,
    pub name: String,
    pub component: String,
    pub verbose_name: String,
    pub verbose_name_plural: String,
    pub meta_model_name: String,
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
}

/// Everything the local API serves.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub flows: Vec<Flow>,
    pub stages: Vec<Stage>,
    pub bindings: Vec<FlowStageBinding>,
}

impl Store {
    /// The stage pks bound to a flow, in binding order (authentik's `Flow.stages`).
    pub fn flow_stages(&self, flow: Uuid) -> Vec<Uuid> {
        let mut bound: Vec<&FlowStageBinding> = self.bindings.iter().filter(|b| b.target == flow).collect();
        bound.sort_by_key(|b| (b.order, b.pk));
        bound.iter().map(|b| b.stage).collect()
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
    results(REAL_STAGES)
        .iter()
        .map(|s| Stage {
            pk: id(s, "pk"),
            name: text(s, "name"),
            component: text(s, "component"),
            verbose_name: text(s, "verbose_name"),
            verbose_name_plural: text(s, "verbose_name_plural"),
            meta_model_name: text(s, "meta_model_name"),
        })
        .collect()
}

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

/// Exactly what the recorded real install holds (14 flows, 18 stages, 20 bindings).
pub fn real_install() -> Store {
    Store { flows: real_flows(), stages: real_stages(), bindings: real_bindings() }
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
                invalid_response_action: "retry".into(),
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
        assert_eq!(store.stages.len(), 18);
        assert!(store.bindings.len() >= 20 + 250);
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
