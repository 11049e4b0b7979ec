//! Flow-stage bindings: `/flows/bindings/`.

use super::models::{api_enum, PolicyEngineMode};
use super::stages::{FlowSet, Stage};
use crate::json::{DecodeError, Fields, FromJson, Json};
use crate::text::isolate;
use uuid::Uuid;

api_enum! {
    /// `InvalidResponseActionEnum`: what the executor does with an invalid answer.
    InvalidResponseAction {
        Retry = "retry" => "Retry",
        Restart = "restart" => "Restart the flow",
        RestartWithContext = "restart_with_context" => "Restart, keeping context",
    }
    default Retry
}

/// A binding of a stage into a flow at an order.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowStageBinding {
    pub pk: Uuid,
    pub target: Uuid,
    pub stage: Uuid,
    pub stage_obj: Stage,
    pub evaluate_on_plan: bool,
    pub re_evaluate_policies: bool,
    pub order: i64,
    pub policy_engine_mode: PolicyEngineMode,
    pub invalid_response_action: InvalidResponseAction,
}

impl FromJson for FlowStageBinding {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        Ok(FlowStageBinding {
            pk: f.req("pk")?,
            target: f.req("target")?,
            stage: f.req("stage")?,
            stage_obj: f.req("stage_obj")?,
            evaluate_on_plan: f.opt("evaluate_on_plan")?,
            re_evaluate_policies: f.or("re_evaluate_policies", true)?,
            order: f.req("order")?,
            policy_engine_mode: f.opt("policy_engine_mode")?,
            invalid_response_action: f.opt("invalid_response_action")?,
        })
    }
}

impl FlowStageBinding {
    /// The bound flow, as the stage's `flow_set` lists it (the binding itself
    /// carries only the flow's pk).
    pub fn target_flow(&self) -> Option<&FlowSet> {
        self.stage_obj.flow_set.iter().find(|f| f.pk == self.target)
    }

    /// What deleting this binding does, for the confirmation dialog.
    pub fn deletion_consequence(&self) -> String {
        format!(
            // authentik deletes the binding's own policy bindings with it.
            "The stage “{}” will no longer run in the flow “{}” (order {}), and any policies bound to this binding \
             are unbound. The stage and the policies themselves are kept.",
            isolate(&self.stage_obj.name),
            isolate(self.target_flow().map(|f| f.name.as_str()).unwrap_or("?")),
            self.order
        )
    }
}

/// The body of a POST or PUT: all seven writable fields.
#[derive(Clone, Debug, PartialEq)]
pub struct BindingRequest {
    pub target: Uuid,
    pub stage: Uuid,
    pub evaluate_on_plan: bool,
    pub re_evaluate_policies: bool,
    pub order: i32,
    pub policy_engine_mode: PolicyEngineMode,
    pub invalid_response_action: InvalidResponseAction,
}

impl BindingRequest {
    pub fn to_json(&self) -> Json<'_> {
        Json::object([
            ("target", self.target.to_string().into()),
            ("stage", self.stage.to_string().into()),
            ("evaluate_on_plan", self.evaluate_on_plan.into()),
            ("re_evaluate_policies", self.re_evaluate_policies.into()),
            ("order", (self.order as i64).into()),
            ("policy_engine_mode", (&self.policy_engine_mode).into()),
            ("invalid_response_action", (&self.invalid_response_action).into()),
        ])
    }
}

impl BindingRequest {
    /// The body of a PATCH: only the fields that differ from `before` (the
    /// binding as the editor opened it). A change someone made meanwhile to
    /// a field this edit left alone (a move on the flow's page) is kept.
    pub fn changes_from(&self, before: &FlowStageBinding) -> Json<'static> {
        let Json::Object(members) = self.to_json().into_owned() else { return Json::Object(Vec::new()) };
        // The two evaluation flags go together: authentik checks that one of
        // them is on with its defaults for any flag missing from the body, not
        // the stored value, so `{"re_evaluate_policies": false}` alone is
        // refused even when evaluate_on_plan is on (recorded response).
        let flags_unchanged = self.evaluate_on_plan == before.evaluate_on_plan
            && self.re_evaluate_policies == before.re_evaluate_policies;
        let unchanged = |name: &str| match name {
            "target" => self.target == before.target,
            "stage" => self.stage == before.stage,
            "evaluate_on_plan" | "re_evaluate_policies" => flags_unchanged,
            "order" => i64::from(self.order) == before.order,
            "policy_engine_mode" => self.policy_engine_mode == before.policy_engine_mode,
            "invalid_response_action" => self.invalid_response_action == before.invalid_response_action,
            _ => false,
        };
        Json::Object(members.into_iter().filter(|(name, _)| !unchanged(name)).collect())
    }

    /// `stored` holds every field of `sent` (this request's body) as asked:
    /// the write was carried out. A field not sent may differ (changed by
    /// someone else meanwhile, as a PATCH leaves it alone).
    pub fn landed_in(&self, sent: &Json, stored: &FlowStageBinding) -> bool {
        let Json::Object(differs) = self.changes_from(stored) else { return false };
        !differs.iter().any(|(name, _)| sent.get(name).is_some())
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
    fn recorded_bindings_decode_and_know_their_flow() {
        let page: Paginated<FlowStageBinding> = decode(&body(include_str!(
            "../../tests/fixtures/authentik/real-responses/flows_bindings_list_default.json"
        )))
        .unwrap();
        assert_eq!(page.results.len(), 20);
        for b in &page.results {
            assert!(b.target_flow().is_some(), "{}", b.pk);
        }
        let put: FlowStageBinding = decode(&body(include_str!(
            "../../tests/fixtures/authentik/real-responses/flows_bindings_update_put_valid.json"
        )))
        .unwrap();
        assert_eq!(put.order, 25);
        assert_eq!(put.policy_engine_mode, PolicyEngineMode::All);
        assert_eq!(put.invalid_response_action, InvalidResponseAction::Restart);
        assert_eq!(put.stage_obj.type_label(), "stage");
        assert_eq!(put.target_flow().map(|f| f.slug.as_str()), Some("default-authentication-flow"));
    }

    #[test]
    fn request_serializes_the_seven_fields() {
        let r = BindingRequest {
            target: Uuid::nil(),
            stage: Uuid::nil(),
            evaluate_on_plan: false,
            re_evaluate_policies: true,
            order: -5,
            policy_engine_mode: PolicyEngineMode::All,
            invalid_response_action: InvalidResponseAction::RestartWithContext,
        };
        let text = r.to_json().to_string();
        let v = parse(&text).unwrap();
        let Json::Object(members) = &v else { panic!("{v:?}") };
        assert_eq!(members.len(), 7);
        assert_eq!(v.get("order"), Some(&Json::Number("-5".into())));
        assert_eq!(v.get("invalid_response_action").and_then(Json::as_str), Some("restart_with_context"));
        assert_eq!(v.get("target").and_then(Json::as_str), Some("00000000-0000-0000-0000-000000000000"));
    }

    #[test]
    fn a_patch_carries_only_the_changed_fields() {
        let before: FlowStageBinding = decode(&body(include_str!(
            "../../tests/fixtures/authentik/real-responses/flows_bindings_update_put_valid.json"
        )))
        .unwrap();
        let same = BindingRequest {
            target: before.target,
            stage: before.stage,
            evaluate_on_plan: before.evaluate_on_plan,
            re_evaluate_policies: before.re_evaluate_policies,
            order: before.order as i32,
            policy_engine_mode: before.policy_engine_mode.clone(),
            invalid_response_action: before.invalid_response_action.clone(),
        };
        assert_eq!(same.changes_from(&before), Json::Object(Vec::new()));
        assert!(same.landed_in(&same.to_json(), &before));
        let edited = BindingRequest {
            policy_engine_mode: PolicyEngineMode::Any,
            order: before.order as i32 + 1,
            ..same.clone()
        };
        let patch = edited.changes_from(&before);
        let Json::Object(members) = &patch else { panic!("{patch:?}") };
        let names: Vec<&str> = members.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(names, ["order", "policy_engine_mode"]);
        assert!(!edited.landed_in(&edited.to_json(), &before));
        // A PATCH of the order landed, while someone else changed the mode.
        let sent = Json::object([("order", Json::Number("26".into()))]);
        let stored = FlowStageBinding { order: 26, policy_engine_mode: PolicyEngineMode::All, ..before.clone() };
        assert!(edited.landed_in(&sent, &stored));
        assert!(!edited.landed_in(&sent, &before));
        assert!(!edited.landed_in(&edited.to_json(), &stored));
        assert_eq!(patch.get("order"), Some(&Json::Number("26".into())));
        assert_eq!(patch.get("policy_engine_mode").and_then(Json::as_str), Some("any"));

        // Turning one evaluation flag off sends the other too (authentik would
        // take the missing one as its default and refuse the pair).
        let on_plan = FlowStageBinding { evaluate_on_plan: true, re_evaluate_policies: true, ..before.clone() };
        let unticked = BindingRequest { evaluate_on_plan: true, re_evaluate_policies: false, ..same.clone() };
        let patch = unticked.changes_from(&on_plan);
        let Json::Object(members) = &patch else { panic!("{patch:?}") };
        let names: Vec<&str> = members.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(names, ["evaluate_on_plan", "re_evaluate_policies"]);
        assert_eq!(patch.get("evaluate_on_plan"), Some(&Json::Bool(true)));
    }
}
