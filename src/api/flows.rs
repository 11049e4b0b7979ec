//! `Flow` from `/flows/instances/`.

use super::models::{api_enum, PolicyEngineMode};
use crate::json::{Count, DecodeError, Fields, FromJson, Json};
use uuid::Uuid;

api_enum! {
    /// `FlowDesignationEnum`: what a flow is used for.
    FlowDesignation {
        Authentication = "authentication" => "Authentication",
        Authorization = "authorization" => "Authorization",
        Invalidation = "invalidation" => "Invalidation",
        Enrollment = "enrollment" => "Enrollment",
        Unenrollment = "unenrollment" => "Unenrollment",
        Recovery = "recovery" => "Recovery",
        StageConfiguration = "stage_configuration" => "Stage configuration",
    }
    default Authentication
}

api_enum! {
    /// `DeniedActionEnum`: what happens when the flow denies access.
    DeniedAction {
        MessageContinue = "message_continue" => "Message, then continue",
        Message = "message" => "Message",
        Continue = "continue" => "Continue",
    }
    default MessageContinue
}

api_enum! {
    /// `FlowLayoutEnum`.
    FlowLayout {
        Stacked = "stacked" => "Stacked",
        ContentLeft = "content_left" => "Content left",
        ContentRight = "content_right" => "Content right",
        SidebarLeft = "sidebar_left" => "Sidebar left",
        SidebarRight = "sidebar_right" => "Sidebar right",
        SidebarLeftFrameBackground = "sidebar_left_frame_background" => "Sidebar left, frame background",
        SidebarRightFrameBackground = "sidebar_right_frame_background" => "Sidebar right, frame background",
    }
    default Stacked
}

api_enum! {
    /// `AuthenticationEnum`: who may run the flow.
    FlowAuthentication {
        None = "none" => "No requirement",
        RequireAuthenticated = "require_authenticated" => "Authenticated users",
        RequireUnauthenticated = "require_unauthenticated" => "Unauthenticated users",
        RequireSuperuser = "require_superuser" => "Superusers",
        RequireRedirect = "require_redirect" => "Redirect from another flow",
        RequireOutpost = "require_outpost" => "Outposts",
        RequireToken = "require_token" => "Token holders",
    }
    default None
}

/// A flow. Fields the schema marks required are required here too; the rest
/// default, so an older or newer authentik still decodes.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    pub pk: Uuid,
    pub name: String,
    pub slug: String,
    pub title: String,
    pub designation: FlowDesignation,
    pub background: String,
    pub background_url: String,
    /// How many stages and policies are bound (authentik sends their UUIDs).
    pub stages: Count,
    pub policies: Count,
    pub cache_count: u64,
    pub policy_engine_mode: PolicyEngineMode,
    pub compatibility_mode: bool,
    pub layout: FlowLayout,
    pub denied_action: DeniedAction,
    pub authentication: FlowAuthentication,
}

impl FromJson for Flow {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        Ok(Flow {
            pk: f.req("pk")?,
            name: f.req("name")?,
            slug: f.req("slug")?,
            title: f.req("title")?,
            designation: f.req("designation")?,
            background: f.opt("background")?,
            background_url: f.opt("background_url")?,
            stages: f.req("stages")?,
            policies: f.req("policies")?,
            cache_count: f.opt("cache_count")?,
            policy_engine_mode: f.opt("policy_engine_mode")?,
            compatibility_mode: f.opt("compatibility_mode")?,
            layout: f.opt("layout")?,
            denied_action: f.opt("denied_action")?,
            authentication: f.opt("authentication")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::Paginated;
    use crate::json::{decode, parse};
    use std::borrow::Cow;

    const RECORDED: &[(&str, &str)] = &[
        (
            "list_default",
            include_str!("../../tests/fixtures/authentik/real-responses/flows_instances_list_default.json"),
        ),
        (
            "page1",
            include_str!("../../tests/fixtures/authentik/real-responses/flows_instances_list_page_size5_page1.json"),
        ),
        (
            "page2",
            include_str!("../../tests/fixtures/authentik/real-responses/flows_instances_list_page_size5_page2.json"),
        ),
        (
            "search",
            include_str!("../../tests/fixtures/authentik/real-responses/flows_instances_list_search_default.json"),
        ),
        (
            "ordering",
            include_str!("../../tests/fixtures/authentik/real-responses/flows_instances_list_ordering_-name.json"),
        ),
        (
            "designation",
            include_str!(
                "../../tests/fixtures/authentik/real-responses/flows_instances_list_designation_authentication.json"
            ),
        ),
        (
            "page_size_0",
            include_str!("../../tests/fixtures/authentik/real-responses/flows_instances_list_page_size_0.json"),
        ),
        (
            "page_size_1000",
            include_str!("../../tests/fixtures/authentik/real-responses/flows_instances_list_page_size_1000.json"),
        ),
        (
            "bad_ordering",
            include_str!(
                "../../tests/fixtures/authentik/real-responses/flows_instances_list_ordering_invalid_field.json"
            ),
        ),
        (
            "cors",
            include_str!("../../tests/fixtures/authentik/real-responses/cors_get_with_origin_flows_instances.json"),
        ),
    ];

    fn body(recorded: &str) -> String {
        parse(recorded).unwrap().get("body").unwrap().to_string()
    }

    /// The recorded body as an object, to edit.
    fn body_members(recorded: &str) -> Vec<(Cow<'static, str>, Json<'static>)> {
        match parse(&body(recorded)).unwrap().into_owned() {
            Json::Object(members) => members,
            other => panic!("{other:?}"),
        }
    }

    fn set(members: &mut Vec<(Cow<'static, str>, Json<'static>)>, key: &str, value: Json<'static>) {
        members.retain(|(k, _)| k != key);
        members.push((Cow::Owned(key.to_string()), value));
    }

    #[test]
    fn every_recorded_flow_list_decodes() {
        for (name, recorded) in RECORDED {
            let page: Paginated<Flow> = decode(&body(recorded)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                page.results.len() as u64,
                page.pagination.end_index + 1 - page.pagination.start_index,
                "{name}"
            );
            for flow in &page.results {
                assert!(!matches!(flow.designation, FlowDesignation::Unknown(_)), "{name}: {:?}", flow.designation);
                assert!(!matches!(flow.authentication, FlowAuthentication::Unknown(_)), "{name}");
            }
        }
    }

    #[test]
    fn recorded_detail_decodes_with_every_field() {
        let recorded = include_str!(
            "../../tests/fixtures/authentik/real-responses/flows_instances_retrieve_default-authentication-flow.json"
        );
        let flow: Flow = decode(&body(recorded)).unwrap();
        assert_eq!(flow.slug, "default-authentication-flow");
        assert_eq!(flow.name, "Welcome to authentik!");
        assert_eq!(flow.designation, FlowDesignation::Authentication);
        assert_eq!(flow.stages, Count(4));
        assert_eq!(flow.layout, FlowLayout::Stacked);
        assert_eq!(flow.denied_action, DeniedAction::MessageContinue);
        assert_eq!(flow.authentication, FlowAuthentication::None);
        assert_eq!(flow.policy_engine_mode, PolicyEngineMode::Any);
    }

    #[test]
    fn unknown_fields_are_ignored_and_unknown_values_kept() {
        let recorded = include_str!(
            "../../tests/fixtures/authentik/real-responses/flows_instances_retrieve_default-authentication-flow.json"
        );
        let mut members = body_members(recorded);
        set(&mut members, "designation", "passkey_enrollment".into());
        set(&mut members, "layout", "floating".into());
        set(&mut members, "brand_new_field", parse(r#"{"nested": [1, 2]}"#).unwrap());
        let flow = Flow::from_json(&Json::Object(members)).unwrap();
        assert_eq!(flow.designation, FlowDesignation::Unknown("passkey_enrollment".into()));
        assert_eq!(flow.designation.label(), "passkey_enrollment");
        assert_eq!(flow.layout.label(), "floating");
    }

    #[test]
    fn a_missing_required_field_is_an_error_naming_it() {
        let recorded = include_str!(
            "../../tests/fixtures/authentik/real-responses/flows_instances_retrieve_default-authentication-flow.json"
        );
        let mut members = body_members(recorded);
        members.retain(|(k, _)| k != "slug");
        let err = Flow::from_json(&Json::Object(members)).unwrap_err();
        assert_eq!(err.to_string(), "missing field `slug`");
    }
}
