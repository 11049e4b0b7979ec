//! Stages: `/stages/all/`, `/stages/all/types/`, and the user-login and source
//! stages' own endpoints.

use super::flows::FlowDesignation;
use super::models::api_enum;
use serde::Deserialize;
use uuid::Uuid;

/// A flow as listed in a stage's `flow_set`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct FlowSet {
    pub pk: Uuid,
    pub name: String,
    pub slug: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub designation: FlowDesignation,
}

/// The fields every stage type shares.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Stage {
    pub pk: Uuid,
    pub name: String,
    #[serde(default)]
    pub component: String,
    #[serde(default)]
    pub verbose_name: String,
    #[serde(default)]
    pub meta_model_name: String,
    #[serde(default)]
    pub flow_set: Vec<FlowSet>,
}

impl Stage {
    /// The type as a person reads it; PUT/POST answers carry a bare "stage".
    pub fn type_label(&self) -> &str {
        if self.verbose_name.is_empty() {
            "Stage"
        } else {
            &self.verbose_name
        }
    }
}

/// One entry of `/stages/all/types/`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StageType {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub component: String,
    pub model_name: String,
    #[serde(default)]
    pub requires_enterprise: bool,
    #[serde(default)]
    pub deprecated: bool,
}

/// Each type's own list endpoint (below the API base), from authentik's schema.
const TYPE_ENDPOINTS: &[(&str, &str)] = &[
    ("authenticatorvalidatestage", "stages/authenticator/validate/"),
    ("authenticatorduostage", "stages/authenticator/duo/"),
    ("authenticatoremailstage", "stages/authenticator/email/"),
    ("authenticatorendpointgdtcstage", "stages/authenticator/endpoint_gdtc/"),
    ("authenticatorsmsstage", "stages/authenticator/sms/"),
    ("authenticatorstaticstage", "stages/authenticator/static/"),
    ("authenticatortotpstage", "stages/authenticator/totp/"),
    ("authenticatorwebauthnstage", "stages/authenticator/webauthn/"),
    ("captchastage", "stages/captcha/"),
    ("consentstage", "stages/consent/"),
    ("denystage", "stages/deny/"),
    ("dummystage", "stages/dummy/"),
    ("emailstage", "stages/email/"),
    ("endpointstage", "stages/endpoints/"),
    ("identificationstage", "stages/identification/"),
    ("invitationstage", "stages/invitation/stages/"),
    ("mutualtlsstage", "stages/mtls/"),
    ("passwordstage", "stages/password/"),
    ("promptstage", "stages/prompt/stages/"),
    ("redirectstage", "stages/redirect/"),
    ("sourcestage", "stages/source/"),
    ("userdeletestage", "stages/user_delete/"),
    ("userloginstage", "stages/user_login/"),
    ("userlogoutstage", "stages/user_logout/"),
    ("userwritestage", "stages/user_write/"),
    ("accountlockdownstage", "stages/account_lockdown/"),
];

/// Where a stage type's stages are listed. `/stages/all/` cannot filter by
/// type, so the stages table lists a type from its own endpoint. A type this
/// build does not know is tried by authentik's naming pattern
/// (`ak-stage-user-login-form` → `stages/user_login/`).
pub fn type_endpoint(model_name: &str) -> String {
    if let Some((_, path)) = TYPE_ENDPOINTS.iter().find(|(m, _)| *m == model_name) {
        return path.to_string();
    }
    let base = model_name.strip_suffix("stage").unwrap_or(model_name);
    match base.strip_prefix("authenticator") {
        Some(kind) if !kind.is_empty() => format!("stages/authenticator/{kind}/"),
        _ => format!("stages/{base}/"),
    }
}

api_enum! {
    /// `NetworkBindingEnum`.
    NetworkBinding {
        NoBinding = "no_binding" => "No binding",
        BindAsn = "bind_asn" => "ASN",
        BindAsnNetwork = "bind_asn_network" => "ASN and network",
        BindAsnNetworkIp = "bind_asn_network_ip" => "ASN, network and IP",
    }
    default NoBinding
}

api_enum! {
    /// `GeoipBindingEnum`.
    GeoipBinding {
        NoBinding = "no_binding" => "No binding",
        BindContinent = "bind_continent" => "Continent",
        BindContinentCountry = "bind_continent_country" => "Continent and country",
        BindContinentCountryCity = "bind_continent_country_city" => "Continent, country and city",
    }
    default NoBinding
}

/// A user-login stage with its own fields.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct UserLoginStage {
    pub pk: Uuid,
    pub name: String,
    #[serde(default)]
    pub flow_set: Vec<FlowSet>,
    #[serde(default)]
    pub session_duration: String,
    #[serde(default)]
    pub terminate_other_sessions: bool,
    #[serde(default)]
    pub remember_me_offset: String,
    #[serde(default)]
    pub network_binding: NetworkBinding,
    #[serde(default)]
    pub geoip_binding: GeoipBinding,
    #[serde(default)]
    pub remember_device: String,
}

/// A source stage with its own fields.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SourceStage {
    pub pk: Uuid,
    pub name: String,
    #[serde(default)]
    pub flow_set: Vec<FlowSet>,
    pub source: Uuid,
    #[serde(default)]
    pub resume_timeout: String,
    #[serde(default)]
    pub resume_on_match_failures: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::Paginated;

    fn body(recorded: &str) -> String {
        let v: serde_json::Value = serde_json::from_str(recorded).unwrap();
        v["body"].to_string()
    }

    #[test]
    fn recorded_stage_lists_decode() {
        let all: Paginated<Stage> = serde_json::from_str(&body(include_str!(
            "../../tests/fixtures/authentik/real-responses/stages_all_list.json"
        )))
        .unwrap();
        assert_eq!(all.results.len(), 18);
        let login = all.results.iter().find(|s| s.name == "default-authentication-login").unwrap();
        assert_eq!(login.type_label(), "User Login Stage");
        assert_eq!(login.flow_set.len(), 2);
        let users: Paginated<UserLoginStage> = serde_json::from_str(&body(include_str!(
            "../../tests/fixtures/authentik/real-responses/stages_user_login_list.json"
        )))
        .unwrap();
        assert_eq!(users.results[1].remember_device, "days=30");
        assert_eq!(users.results[1].network_binding, NetworkBinding::NoBinding);
        let sources: Paginated<SourceStage> = serde_json::from_str(&body(include_str!(
            "../../tests/fixtures/authentik/real-responses/stages_source_list.json"
        )))
        .unwrap();
        assert!(sources.results.is_empty());
        let types: Vec<StageType> = serde_json::from_str(&body(include_str!(
            "../../tests/fixtures/authentik/real-responses/stages_all_types.json"
        )))
        .unwrap();
        assert!(types.iter().any(|t| t.model_name == "sourcestage" && t.requires_enterprise));
    }

    #[test]
    fn every_recorded_type_has_a_list_endpoint() {
        let types: Vec<StageType> = serde_json::from_str(&body(include_str!(
            "../../tests/fixtures/authentik/real-responses/stages_all_types.json"
        )))
        .unwrap();
        for t in &types {
            assert!(TYPE_ENDPOINTS.iter().any(|(m, _)| *m == t.model_name), "{}", t.model_name);
        }
        assert_eq!(type_endpoint("userloginstage"), "stages/user_login/");
        assert_eq!(type_endpoint("promptstage"), "stages/prompt/stages/");
        // Types from a newer authentik follow its naming pattern.
        assert_eq!(type_endpoint("authenticatorpasskeystage"), "stages/authenticator/passkey/");
        assert_eq!(type_endpoint("quizstage"), "stages/quiz/");
    }
}
