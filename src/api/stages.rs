//! Stages: `/stages/all/`, `/stages/all/types/`, and the user-login and source
//! stages' own endpoints.

use super::flows::FlowDesignation;
use super::models::api_enum;
use crate::json::{DecodeError, Fields, FromJson, Json};
use uuid::Uuid;

/// A flow as listed in a stage's `flow_set`.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowSet {
    pub pk: Uuid,
    pub name: String,
    pub slug: String,
    pub title: String,
    pub designation: FlowDesignation,
}

impl FromJson for FlowSet {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        Ok(FlowSet {
            pk: f.req("pk")?,
            name: f.req("name")?,
            slug: f.req("slug")?,
            title: f.opt("title")?,
            designation: f.opt("designation")?,
        })
    }
}

/// The fields every stage type shares.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub pk: Uuid,
    pub name: String,
    pub component: String,
    pub verbose_name: String,
    pub meta_model_name: String,
    pub flow_set: Vec<FlowSet>,
}

impl FromJson for Stage {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        Ok(Stage {
            pk: f.req("pk")?,
            name: f.req("name")?,
            component: f.opt("component")?,
            verbose_name: f.opt("verbose_name")?,
            meta_model_name: f.opt("meta_model_name")?,
            flow_set: f.opt("flow_set")?,
        })
    }
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
#[derive(Clone, Debug, PartialEq)]
pub struct StageType {
    pub name: String,
    pub description: String,
    pub component: String,
    pub model_name: String,
    pub requires_enterprise: bool,
    pub deprecated: bool,
}

impl FromJson for StageType {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        Ok(StageType {
            name: f.req("name")?,
            description: f.opt("description")?,
            component: f.opt("component")?,
            model_name: f.req("model_name")?,
            requires_enterprise: f.opt("requires_enterprise")?,
            deprecated: f.opt("deprecated")?,
        })
    }
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
    // The name comes from the address (`?type=`): only the characters a model
    // name has, so that `../` cannot take the request (and the token) outside
    // the API. An unknown name then fails as "no such stage type".
    let model_name: String = model_name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let model_name = if model_name.is_empty() { "unknown" } else { &model_name };
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
#[derive(Clone, Debug, PartialEq)]
pub struct UserLoginStage {
    pub pk: Uuid,
    pub name: String,
    pub flow_set: Vec<FlowSet>,
    pub session_duration: String,
    pub terminate_other_sessions: bool,
    pub remember_me_offset: String,
    pub network_binding: NetworkBinding,
    pub geoip_binding: GeoipBinding,
    pub remember_device: String,
}

impl FromJson for UserLoginStage {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        Ok(UserLoginStage {
            pk: f.req("pk")?,
            name: f.req("name")?,
            flow_set: f.opt("flow_set")?,
            session_duration: f.opt("session_duration")?,
            terminate_other_sessions: f.opt("terminate_other_sessions")?,
            remember_me_offset: f.opt("remember_me_offset")?,
            network_binding: f.opt("network_binding")?,
            geoip_binding: f.opt("geoip_binding")?,
            remember_device: f.opt("remember_device")?,
        })
    }
}

/// A source stage with its own fields.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceStage {
    pub pk: Uuid,
    pub name: String,
    pub flow_set: Vec<FlowSet>,
    pub source: Uuid,
    pub resume_timeout: String,
    pub resume_on_match_failures: Vec<String>,
}

impl FromJson for SourceStage {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        Ok(SourceStage {
            pk: f.req("pk")?,
            name: f.req("name")?,
            flow_set: f.opt("flow_set")?,
            source: f.req("source")?,
            resume_timeout: f.opt("resume_timeout")?,
            resume_on_match_failures: f.opt("resume_on_match_failures")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::Paginated;
    use crate::json::{decode, parse};

    fn body(recorded: &str) -> String {
        parse(recorded).unwrap().get("body").unwrap().to_string()
    }

    #[test]
    fn recorded_stage_lists_decode() {
        let all: Paginated<Stage> =
            decode(&body(include_str!("../../tests/fixtures/authentik/real-responses/stages_all_list.json"))).unwrap();
        assert_eq!(all.results.len(), 18);
        let login = all.results.iter().find(|s| s.name == "default-authentication-login").unwrap();
        assert_eq!(login.type_label(), "User Login Stage");
        assert_eq!(login.flow_set.len(), 2);
        let users: Paginated<UserLoginStage> =
            decode(&body(include_str!("../../tests/fixtures/authentik/real-responses/stages_user_login_list.json")))
                .unwrap();
        assert_eq!(users.results[1].remember_device, "days=30");
        assert_eq!(users.results[1].network_binding, NetworkBinding::NoBinding);
        let sources: Paginated<SourceStage> =
            decode(&body(include_str!("../../tests/fixtures/authentik/real-responses/stages_source_list.json")))
                .unwrap();
        assert!(sources.results.is_empty());
        let types: Vec<StageType> =
            decode(&body(include_str!("../../tests/fixtures/authentik/real-responses/stages_all_types.json"))).unwrap();
        assert!(types.iter().any(|t| t.model_name == "sourcestage" && t.requires_enterprise));
    }

    #[test]
    fn every_recorded_type_has_a_list_endpoint() {
        let types: Vec<StageType> =
            decode(&body(include_str!("../../tests/fixtures/authentik/real-responses/stages_all_types.json"))).unwrap();
        for t in &types {
            assert!(TYPE_ENDPOINTS.iter().any(|(m, _)| *m == t.model_name), "{}", t.model_name);
        }
        assert_eq!(type_endpoint("userloginstage"), "stages/user_login/");
        assert_eq!(type_endpoint("promptstage"), "stages/prompt/stages/");
        // Types from a newer authentik follow its naming pattern.
        assert_eq!(type_endpoint("authenticatorpasskeystage"), "stages/authenticator/passkey/");
        assert_eq!(type_endpoint("quizstage"), "stages/quiz/");
        // From the address: nothing that climbs out of the API.
        assert_eq!(type_endpoint("../../../other-app/x"), "stages/otherappx/");
        assert_eq!(type_endpoint("%2e%2e"), "stages/2e2e/");
        assert_eq!(type_endpoint("/.."), "stages/unknown/");
    }
}
