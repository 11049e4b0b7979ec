//! The binding editor's form: what the user typed, checked before anything is
//! sent, and authentik's 400 answers placed at the fields they name.

use crate::api::bindings::{BindingRequest, FlowStageBinding, InvalidResponseAction};
use crate::api::error::ValidationErrors;
use crate::api::models::PolicyEngineMode;
use crate::json::{DecodeError, Fields, FromJson, Json, ToJson};
use crate::list::descriptor::PickerItem;
use uuid::Uuid;

/// The form's fields, in the order they appear (and are focused on error).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Target,
    Stage,
    Order,
    /// The two evaluate flags, which are checked together.
    Evaluation,
    PolicyEngineMode,
    InvalidResponseAction,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Target,
        Field::Stage,
        Field::Order,
        Field::Evaluation,
        Field::PolicyEngineMode,
        Field::InvalidResponseAction,
    ];

    fn changed(self, a: &BindingDraft, b: &BindingDraft) -> bool {
        match self {
            Field::Target => a.target != b.target,
            Field::Stage => a.stage != b.stage,
            Field::Order => a.order != b.order,
            Field::Evaluation => {
                (a.evaluate_on_plan, a.re_evaluate_policies) != (b.evaluate_on_plan, b.re_evaluate_policies)
            }
            Field::PolicyEngineMode => a.policy_engine_mode != b.policy_engine_mode,
            Field::InvalidResponseAction => a.invalid_response_action != b.invalid_response_action,
        }
    }

    /// The element that receives focus for this field's error.
    pub fn input_id(self) -> &'static str {
        match self {
            Field::Target => "akf-binding-target",
            Field::Stage => "akf-binding-stage",
            Field::Order => "akf-binding-order",
            Field::Evaluation => "akf-binding-evaluate-on-plan",
            Field::PolicyEngineMode => "akf-binding-policy-engine-mode",
            Field::InvalidResponseAction => "akf-binding-invalid-response-action",
        }
    }

    /// The field authentik names in a 400 body.
    fn from_api(name: &str) -> Option<Field> {
        match name {
            "target" => Some(Field::Target),
            "stage" => Some(Field::Stage),
            "order" => Some(Field::Order),
            "evaluate_on_plan" | "re_evaluate_policies" => Some(Field::Evaluation),
            "policy_engine_mode" => Some(Field::PolicyEngineMode),
            "invalid_response_action" => Some(Field::InvalidResponseAction),
            _ => None,
        }
    }
}

/// What the form holds. `order` is the text as typed, so nothing is lost
/// when it is not (yet) a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingDraft {
    pub target: Option<PickerItem>,
    pub stage: Option<PickerItem>,
    pub order: String,
    pub evaluate_on_plan: bool,
    pub re_evaluate_policies: bool,
    pub policy_engine_mode: PolicyEngineMode,
    pub invalid_response_action: InvalidResponseAction,
}

impl ToJson for BindingDraft {
    fn to_json(&self) -> Json<'_> {
        Json::object([
            ("target", self.target.as_ref().map(ToJson::to_json).unwrap_or(Json::Null)),
            ("stage", self.stage.as_ref().map(ToJson::to_json).unwrap_or(Json::Null)),
            ("order", self.order.as_str().into()),
            ("evaluate_on_plan", self.evaluate_on_plan.into()),
            ("re_evaluate_policies", self.re_evaluate_policies.into()),
            ("policy_engine_mode", (&self.policy_engine_mode).into()),
            ("invalid_response_action", (&self.invalid_response_action).into()),
        ])
    }
}

impl FromJson for BindingDraft {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        Ok(BindingDraft {
            target: f.opt("target")?,
            stage: f.opt("stage")?,
            order: f.req("order")?,
            evaluate_on_plan: f.req("evaluate_on_plan")?,
            re_evaluate_policies: f.req("re_evaluate_policies")?,
            policy_engine_mode: f.req("policy_engine_mode")?,
            invalid_response_action: f.req("invalid_response_action")?,
        })
    }
}

/// What the editor keeps when the session ends mid-edit: the edits and the
/// binding as the editor had opened it (see [`restore`]).
pub fn kept(original: &BindingDraft, edited: &BindingDraft) -> String {
    Json::object([("original", original.to_json()), ("edited", edited.to_json())]).to_string()
}

/// The edits in `kept` on top of `now` (the form as it opens after signing in
/// again): a field the user did not touch takes `now`'s value, so a change
/// made elsewhere meanwhile (a move on the flow's page) is not undone by
/// saving. A new binding's edits come back only to the same form (the same
/// flow and stage given in the address), not to any later "New binding".
/// Its order is not compared: the one filled in for the flow (ten past its
/// last stage) comes after the form opens.
pub fn restore(kept: &str, now: &BindingDraft, new: bool) -> Option<BindingDraft> {
    let kept = crate::json::parse(kept).ok()?;
    let (original, edited) = (kept.get("original")?, kept.get("edited")?);
    let now = now.to_json();
    let Json::Object(fields) = &now else { return None };
    let mut merged = Vec::new();
    for (name, value) in fields {
        let (was, is) = (original.get(name)?, edited.get(name)?);
        if new && matches!(&**name, "target" | "stage") && was != value {
            return None;
        }
        merged.push((name.clone(), if is != was { is } else { value }.clone()));
    }
    BindingDraft::from_json(&Json::Object(merged)).ok()
}

impl Default for BindingDraft {
    /// A new binding with authentik's model defaults.
    fn default() -> Self {
        BindingDraft {
            target: None,
            stage: None,
            order: String::new(),
            evaluate_on_plan: false,
            re_evaluate_policies: true,
            policy_engine_mode: PolicyEngineMode::Any,
            invalid_response_action: InvalidResponseAction::Retry,
        }
    }
}

/// Messages per field plus those about the whole binding.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormErrors {
    pub fields: Vec<(Field, Vec<String>)>,
    pub non_field: Vec<String>,
    /// The binding that already has this flow, stage and order (its id),
    /// offered for editing instead while the order's message stands.
    pub taken_by: Option<String>,
}

impl FormErrors {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.non_field.is_empty()
    }

    pub fn for_field(&self, field: Field) -> Vec<String> {
        self.fields.iter().filter(|(f, _)| *f == field).flat_map(|(_, m)| m.clone()).collect()
    }

    /// Drops the messages of fields changed since the messages were shown
    /// (`shown_for`): they were about a value that is gone. The rest stay
    /// until the next save.
    pub fn clear_changed(&mut self, shown_for: &BindingDraft, now: &BindingDraft) {
        self.fields.retain(|(field, _)| !field.changed(shown_for, now));
    }

    /// The first field with a message, in form order.
    pub fn first_field(&self) -> Option<Field> {
        Field::ALL.into_iter().find(|f| self.fields.iter().any(|(g, _)| g == f))
    }

    fn add(&mut self, field: Field, message: impl Into<String>) {
        match self.fields.iter_mut().find(|(f, _)| *f == field) {
            Some((_, messages)) => messages.push(message.into()),
            None => self.fields.push((field, vec![message.into()])),
        }
    }

    /// authentik's one message about the whole binding, when the binding it
    /// names (`stage`, at `order`) is there already: said in the form's words,
    /// at the order, the field to change. ("The fields target, stage, order
    /// must make a unique set." names columns, and comes in the brand's
    /// language.)
    pub fn order_taken(&mut self, stage: &str, order: i64, pk: String) {
        self.non_field.clear();
        self.taken_by = Some(pk);
        self.add(
            Field::Order,
            format!(
                "This flow already has {} at order {order}. Choose another order, or edit that binding instead.",
                crate::text::isolate(&format!("“{stage}”"))
            ),
        );
    }

    /// Places a 400 body: known fields at their inputs, anything else
    /// (`non_field_errors`, `detail`, fields this form does not show) above.
    pub fn from_server(errors: &ValidationErrors) -> Self {
        let mut out = FormErrors { non_field: errors.non_field.clone(), ..Default::default() };
        for (name, messages) in &errors.fields {
            match Field::from_api(name) {
                Some(field) => messages.iter().for_each(|m| out.add(field, m.clone())),
                None => out.non_field.extend(messages.iter().map(|m| format!("{name}: {m}"))),
            }
        }
        out
    }
}

/// authentik's rule ("Either evaluation on plan or evaluation on run must be
/// enabled"), in the words of the form's own two checkboxes.
pub const EVALUATION_REQUIRED: &str =
    "Tick “Evaluate on plan”, “Re-evaluate policies” or both: authentik needs the policies evaluated at least once.";

/// The order for a stage added after a flow's last (`last`, none for a flow
/// with no stages yet): ten past it, room for one in between later, within
/// the 32-bit orders authentik stores. None when the last is at the largest
/// order already: no order after it is left, and its own would be shared.
pub fn order_after_last(last: Option<i64>) -> Option<i64> {
    let max = i64::from(i32::MAX);
    match last {
        None => Some(10),
        Some(o) if o >= max => None,
        Some(o) => Some(o.saturating_add(10).min(max)),
    }
}

/// Parses the order as authentik's 32-bit integer field accepts it.
pub fn parse_order(raw: &str) -> Result<i32, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err("Enter the order, a whole number such as 10.".into());
    }
    match text.parse::<i64>() {
        Ok(n) if n > i32::MAX as i64 => Err("The order must be at most 2147483647.".into()),
        Ok(n) if n < i32::MIN as i64 => Err("The order must be at least -2147483648.".into()),
        Ok(n) => Ok(n as i32),
        // One sign at most, then digits: a sign alone is no number at all.
        Err(_)
            if text.len() > 1 && text.strip_prefix(['-', '+']).unwrap_or(text).bytes().all(|c| c.is_ascii_digit()) =>
        {
            // Only digits, yet unparseable: longer than any i64.
            Err(if text.starts_with('-') {
                "The order must be at least -2147483648.".into()
            } else {
                "The order must be at most 2147483647.".into()
            })
        }
        Err(_) => Err("The order must be a whole number, such as 10 or -5.".into()),
    }
}

fn uuid_of(item: &Option<PickerItem>) -> Option<Uuid> {
    item.as_ref().and_then(|i| crate::json::parse_uuid(&i.id))
}

impl BindingDraft {
    /// The draft for an existing binding, with the names to show in the pickers.
    pub fn from_binding(b: &FlowStageBinding) -> Self {
        let flow = b.target_flow();
        BindingDraft {
            target: Some(PickerItem {
                id: b.target.to_string(),
                label: flow.map(|f| f.name.clone()).unwrap_or_else(|| b.target.to_string()),
                detail: flow.map(|f| f.slug.clone()).unwrap_or_default(),
            }),
            stage: Some(PickerItem {
                id: b.stage.to_string(),
                label: b.stage_obj.name.clone(),
                detail: b.stage_obj.type_label().to_string(),
            }),
            order: b.order.to_string(),
            evaluate_on_plan: b.evaluate_on_plan,
            re_evaluate_policies: b.re_evaluate_policies,
            policy_engine_mode: b.policy_engine_mode.clone(),
            invalid_response_action: b.invalid_response_action.clone(),
        }
    }

    /// Everything that can be checked here, or the request to send.
    pub fn validate(&self) -> Result<BindingRequest, FormErrors> {
        let mut errors = FormErrors::default();
        let target = uuid_of(&self.target);
        if target.is_none() {
            errors.add(Field::Target, "Choose the flow this stage is bound to.");
        }
        let stage = uuid_of(&self.stage);
        if stage.is_none() {
            errors.add(Field::Stage, "Choose a stage.");
        }
        let order = parse_order(&self.order).map_err(|m| errors.add(Field::Order, m)).ok();
        if !self.evaluate_on_plan && !self.re_evaluate_policies {
            errors.add(Field::Evaluation, EVALUATION_REQUIRED);
        }
        match (target, stage, order) {
            (Some(target), Some(stage), Some(order)) if errors.is_empty() => Ok(BindingRequest {
                target,
                stage,
                evaluate_on_plan: self.evaluate_on_plan,
                re_evaluate_policies: self.re_evaluate_policies,
                order,
                policy_engine_mode: self.policy_engine_mode.clone(),
                invalid_response_action: self.invalid_response_action.clone(),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str) -> Option<PickerItem> {
        Some(PickerItem { id: id.into(), label: "x".into(), detail: String::new() })
    }

    fn valid() -> BindingDraft {
        BindingDraft {
            target: item("c88f34e2-852d-453c-bf36-1e1fa0eec225"),
            stage: item("6fa70650-8dde-4209-a49a-b11fc19bac7e"),
            order: "20".into(),
            ..Default::default()
        }
    }

    #[test]
    fn kept_edits_go_on_top_of_the_binding_as_it_is_now() {
        let original = valid();
        let edited = BindingDraft { policy_engine_mode: PolicyEngineMode::All, ..original.clone() };
        // Meanwhile the binding was moved (order 20 → 50).
        let now = BindingDraft { order: "50".into(), ..valid() };
        let rebased = restore(&kept(&original, &edited), &now, false).unwrap();
        assert_eq!(rebased.order, "50", "the move made elsewhere stays");
        assert_eq!(rebased.policy_engine_mode, PolicyEngineMode::All, "the edit comes back");
        // An edited field wins over the change made elsewhere.
        let edited_order = BindingDraft { order: "30".into(), ..valid() };
        assert_eq!(restore(&kept(&original, &edited_order), &now, false).unwrap().order, "30");
        // A new binding's edits only come back to a form for the same flow and stage.
        assert!(restore(&kept(&original, &edited), &original, true).is_some());
        let other_flow = BindingDraft { target: item("e8f2e0f5-0e4b-4a8f-9d5c-5a3f6f0c2b11"), ..valid() };
        assert!(restore(&kept(&original, &edited), &other_flow, true).is_none());
        let no_stage = BindingDraft { stage: None, ..valid() };
        assert!(restore(&kept(&original, &edited), &no_stage, true).is_none());
        // The order filled in for the flow came after the form opened: as it
        // opens again, it has none yet. An order typed comes back; one not
        // typed is filled in again.
        let opened = BindingDraft { order: String::new(), ..valid() };
        let typed = BindingDraft { order: "150".into(), ..edited.clone() };
        assert_eq!(restore(&kept(&original, &typed), &opened, true).map(|d| d.order), Some("150".into()));
        let restored = restore(&kept(&original, &edited), &opened, true);
        assert_eq!(restored.as_ref().map(|d| d.order.as_str()), Some(""));
        assert_eq!(restored.map(|d| d.policy_engine_mode), Some(PolicyEngineMode::All));
        assert!(restore("not json", &now, false).is_none());
    }

    #[test]
    fn a_valid_draft_becomes_a_request() {
        let r = valid().validate().unwrap();
        assert_eq!(r.order, 20);
        assert!(r.re_evaluate_policies && !r.evaluate_on_plan);
    }

    #[test]
    fn a_message_goes_when_its_field_changes() {
        let shown_for = BindingDraft { stage: None, order: "x".into(), ..valid() };
        let found = shown_for.validate().unwrap_err();
        assert_eq!(found.first_field(), Some(Field::Stage));
        assert!(!found.for_field(Field::Order).is_empty());
        // Only the order is edited: its message goes, the stage's stays.
        let mut errors = found.clone();
        errors.clear_changed(&shown_for, &BindingDraft { order: "3".into(), ..shown_for.clone() });
        assert!(errors.for_field(Field::Order).is_empty());
        assert!(!errors.for_field(Field::Stage).is_empty());
        // Nothing edited: everything stays.
        let mut unchanged = found.clone();
        unchanged.clear_changed(&shown_for, &shown_for);
        assert_eq!(unchanged, found);
    }

    #[test]
    fn order_must_be_an_int32() {
        assert_eq!(parse_order(" -2147483648 "), Ok(i32::MIN));
        assert_eq!(parse_order("2147483647"), Ok(i32::MAX));
        assert_eq!(parse_order("2147483648"), Err("The order must be at most 2147483647.".into()));
        assert_eq!(parse_order("-2147483649"), Err("The order must be at least -2147483648.".into()));
        assert_eq!(parse_order("99999999999999999999999"), Err("The order must be at most 2147483647.".into()));
        assert_eq!(parse_order("-9999999999999999999"), Err("The order must be at least -2147483648.".into()));
        assert!(parse_order("1.5").unwrap_err().contains("whole number"));
        assert!(parse_order("ten").unwrap_err().contains("whole number"));
        for not_a_number in ["-", "+", "--5", "+-3", "٣"] {
            assert!(parse_order(not_a_number).unwrap_err().contains("whole number"), "{not_a_number}");
        }
        assert!(parse_order("").unwrap_err().starts_with("Enter the order"));
    }

    #[test]
    fn every_problem_is_reported_at_its_field_in_form_order() {
        let draft = BindingDraft {
            target: None,
            stage: None,
            order: "abc".into(),
            evaluate_on_plan: false,
            re_evaluate_policies: false,
            ..Default::default()
        };
        let errors = draft.validate().unwrap_err();
        assert_eq!(errors.first_field(), Some(Field::Target));
        assert_eq!(errors.for_field(Field::Stage), vec!["Choose a stage."]);
        assert!(errors.for_field(Field::Order)[0].contains("whole number"));
        assert_eq!(errors.for_field(Field::Evaluation), vec![EVALUATION_REQUIRED]);
        let only_flags = BindingDraft { evaluate_on_plan: false, re_evaluate_policies: false, ..valid() };
        assert_eq!(only_flags.validate().unwrap_err().first_field(), Some(Field::Evaluation));
    }

    #[test]
    fn server_errors_go_to_their_fields_or_above_the_form() {
        let mut v = ValidationErrors::default();
        v.fields.insert("order".into(), vec!["Ensure this value is less than or equal to 2147483647.".into()]);
        v.fields.insert("stage".into(), vec!["Invalid pk \"0\" - object does not exist.".into()]);
        v.fields.insert("surprise".into(), vec!["New rule.".into()]);
        v.non_field.push("The fields target, stage, order must make a unique set.".into());
        let errors = FormErrors::from_server(&v);
        assert_eq!(errors.first_field(), Some(Field::Stage));
        assert_eq!(errors.for_field(Field::Order), vec!["Ensure this value is less than or equal to 2147483647."]);
        assert_eq!(
            errors.non_field,
            vec![
                "The fields target, stage, order must make a unique set.".to_string(),
                "surprise: New rule.".to_string()
            ]
        );
    }

    #[test]
    fn a_new_stage_goes_ten_past_the_last() {
        assert_eq!(order_after_last(None), Some(10));
        assert_eq!(order_after_last(Some(30)), Some(40));
        assert_eq!(order_after_last(Some(-15)), Some(-5));
        assert_eq!(order_after_last(Some(i32::MAX as i64 - 3)), Some(i32::MAX as i64));
        // Nothing after the largest order: no suggestion rather than its own.
        assert_eq!(order_after_last(Some(i32::MAX as i64)), None);
    }

    #[test]
    fn a_repeated_binding_is_said_at_the_order() {
        let mut v = ValidationErrors::default();
        v.non_field.push("Die Felder target, stage, order müssen eine eindeutige Menge bilden.".into());
        let mut errors = FormErrors::from_server(&v);
        errors.order_taken("<b>pass</b>", -5, "4d99".into());
        assert!(errors.non_field.is_empty());
        assert_eq!(errors.first_field(), Some(Field::Order));
        assert_eq!(errors.taken_by.as_deref(), Some("4d99"));
        let said = &errors.for_field(Field::Order)[0];
        assert!(said.starts_with("This flow already has \u{2068}“<b>pass</b>”\u{2069} at order -5."), "{said}");
    }

    #[test]
    fn an_existing_binding_fills_the_form() {
        let recorded: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/authentik/real-responses/flows_bindings_retrieve.json"
        ))
        .unwrap();
        let b: FlowStageBinding = crate::json::decode(&recorded["body"].to_string()).unwrap();
        let draft = BindingDraft::from_binding(&b);
        assert_eq!(draft.order, "20");
        assert_eq!(draft.stage.as_ref().unwrap().label, "default-authentication-password");
        assert_eq!(draft.target.as_ref().unwrap().label, "Welcome to authentik!");
        assert_eq!(draft.validate().unwrap().stage, b.stage);
    }

    #[test]
    fn a_stashed_draft_comes_back_as_it_was() {
        let draft = BindingDraft {
            target: Some(PickerItem { id: "t".into(), label: "<script>\"x\"".into(), detail: "עברית".into() }),
            order: "1.5 (typed)".into(),
            policy_engine_mode: PolicyEngineMode::Unknown("majority".into()),
            ..Default::default()
        };
        let back: BindingDraft = crate::json::decode(&draft.to_json().to_string()).unwrap();
        assert_eq!(back, draft);
    }
}
