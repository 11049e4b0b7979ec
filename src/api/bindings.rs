//! Flow-stage bindings: `/flows/bindings/`.

use super::models::{api_enum, PolicyEngineMode};
use super::stages::{FlowSet, Stage};
use serde::{Deserialize, Serialize};
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
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct FlowStageBinding {
    pub pk: Uuid,
    pub target: Uuid,
    pub stage: Uuid,
    pub stage_obj: Stage,
    #[serde(default)]
    pub evaluate_on_plan: bool,
    #[serde(default = "yes")]
    pub re_evaluate_policies: bool,
    pub order: i64,
    #[serde(default)]
    pub policy_engine_mode: PolicyEngineMode,
    #[serde(default)]
    pub invalid_response_action: InvalidResponseAction,
}

fn yes() -> bool {
    true
}

impl FlowStageBinding {
    /// The bound flow, as the stage's `flow_set` lists it (the binding itself
    /// carries only the flow's pk).
    pub fn target_flow(&self) -> Option<&FlowSet> {
        self.stage_obj.flow_set.iter().find(|f| f.pk == self.target)
    }
}

/// The body of a POST or PUT: all seven writable fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BindingRequest {
    pub target: Uuid,
    pub stage: Uuid,
    pub evaluate_on_plan: bool,
    pub re_evaluate_policies: bool,
    pub order: i32,
    pub policy_engine_mode: PolicyEngineMode,
    pub invalid_response_action: InvalidResponseAction,
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
    fn recorded_bindings_decode_and_know_their_flow() {
        let page: Paginated<FlowStageBinding> = serde_json::from_str(&body(include_str!(
            "../../tests/fixtures/authentik/real-responses/flows_bindings_list_default.json"
        )))
        .unwrap();
        assert_eq!(page.results.len(), 20);
        for b in &page.results {
            assert!(b.target_flow().is_some(), "{}", b.pk);
        }
        let put: FlowStageBinding = serde_json::from_str(&body(include_str!(
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
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v.as_object().unwrap().len(), 7);
        assert_eq!(v["order"], -5);
        assert_eq!(v["invalid_response_action"], "restart_with_context");
    }
}
