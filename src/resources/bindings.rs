//! `/bindings`: every flow-stage binding, with every filter the API has.

use super::flows::flow_href;
use super::pickers::{FLOW_PICKER, STAGE_PICKER};
use crate::api::bindings::{FlowStageBinding, InvalidResponseAction};
use crate::api::models::PolicyEngineMode;
use crate::list::descriptor::{decode_rows, Cell, Column, Filter, FilterKind, ListDescriptor, Row, RowDelete};
use crate::list::query::encode_component;
use crate::text::{isolate, isolate_in_plain_text};

/// The editor's address for a binding; `back` is where to return after saving.
pub fn binding_edit_href(pk: &str, back: &str) -> String {
    format!("/bindings/{pk}?return={}", encode_component(back))
}

/// A binding named for people, "stage “x” in flow “y”", the names isolated
/// (`crate::text`): said in sentences, and (marks left out) in labels.
pub fn binding_title_isolated(b: &FlowStageBinding) -> String {
    let flow = b.target_flow().map(|f| f.name.clone()).unwrap_or_else(|| b.target.to_string());
    format!("stage “{}” in flow “{}”", isolate(&b.stage_obj.name), isolate(&flow))
}

/// A binding in a tab's title, stage first (a tab shows the beginning):
/// "Edit binding: “x” in “y”".
pub fn binding_tab_title(b: &FlowStageBinding) -> String {
    let flow = b.target_flow().map(|f| f.name.clone()).unwrap_or_else(|| b.target.to_string());
    format!("Edit binding: “{}” in “{}”", isolate_in_plain_text(&b.stage_obj.name), isolate_in_plain_text(&flow))
}

fn binding_row(b: &FlowStageBinding) -> Row {
    let flow = match b.target_flow() {
        // Two flows may share a name (authentik's own default authentication
        // and source authentication flows do): the slug tells them apart.
        Some(f) => Cell::Link { href: flow_href(&f.slug), text: f.name.clone(), detail: f.slug.clone() },
        None => Cell::Code(b.target.to_string()),
    };
    Row::new(
        b.pk.to_string(),
        vec![
            flow,
            Cell::Number(b.order),
            Cell::Text(b.stage_obj.name.clone()),
            Cell::Text(b.stage_obj.type_label().to_string()),
            Cell::Bool(b.evaluate_on_plan),
            Cell::Bool(b.re_evaluate_policies),
            Cell::Text(b.policy_engine_mode.label().to_string()),
            Cell::Text(b.invalid_response_action.label().to_string()),
            Cell::EditDelete {
                href: binding_edit_href(&b.pk.to_string(), "/bindings"),
                name: format!("the binding of {}", binding_title_isolated(b)),
                consequence: b.deletion_consequence(),
            },
        ],
    )
}

pub static BINDINGS: ListDescriptor = ListDescriptor {
    key: "bindings",
    title: "Stage bindings",
    noun_plural: "bindings",
    search_label: "Search stage names",
    endpoint: "flows/bindings/",
    columns: &[
        // authentik sorts only by the binding serializer's own fields (DRF's
        // default when a view names no `ordering_fields`; anything else, such
        // as `stage__name`, is dropped without a word). `target` sorts by the
        // flow's id, not its name: that groups each flow's bindings, and then
        // by order, so each group reads in execution order. No field sorts by
        // the stage's name (`stage` would sort by its id), so Stage is not sortable.
        Column::grouping("Flow", "target,order"),
        Column { numeric: true, ..Column::sortable("Order", "order") },
        Column::plain("Stage").row_header().identifier(),
        Column::plain("Stage type"),
        Column::plain("Evaluate on plan"),
        Column::plain("Re-evaluate policies"),
        Column::plain("Policy engine mode"),
        Column::plain("Invalid response action"),
        Column::plain("Actions"),
    ],
    filters: &[
        Filter::new("target", "Flow", FilterKind::Picker(&FLOW_PICKER)),
        Filter::new("stage", "Stage", FilterKind::Picker(&STAGE_PICKER)),
        Filter::new("order", "Order", FilterKind::Integer),
        Filter::new("evaluate_on_plan", "Evaluate on plan", FilterKind::Boolean).advanced(),
        Filter::new("re_evaluate_policies", "Re-evaluate policies", FilterKind::Boolean).advanced(),
        Filter::new("policy_engine_mode", "Policy engine mode", FilterKind::Choice(PolicyEngineMode::OPTIONS))
            .advanced(),
        Filter::new(
            "invalid_response_action",
            "Invalid response action",
            FilterKind::Choice(InvalidResponseAction::OPTIONS),
        )
        .advanced(),
        Filter::new("policies", "Bound policy UUID", FilterKind::Uuid).advanced(),
        Filter::new("fsb_uuid", "Binding UUID", FilterKind::Uuid).advanced(),
        Filter::new("pbm_uuid", "Policy binding model UUID", FilterKind::Uuid).advanced(),
    ],
    default_ordering: Some("order"),
    // authentik's default for this list is `order` alone, which many bindings
    // share: unless the query names a unique last key, PostgreSQL may return
    // equal orders differently on each page (rows repeated, others never shown).
    sends_default_ordering: true,
    create: Some(("New binding", "/bindings/new?return=%2Fbindings")),
    delete: Some(RowDelete {
        endpoint: |pk| format!("flows/bindings/{pk}/"),
        title: "Delete this binding?",
        confirm_label: "Delete binding",
        already_gone: "That binding had already been deleted.",
    }),
    decode: |body| decode_rows(body, binding_row),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::query::TableQuery;

    #[test]
    fn the_default_order_is_sent_with_a_unique_last_key() {
        let q = TableQuery::new(20);
        assert_eq!(q.to_api_query(&BINDINGS), "page=1&page_size=20&ordering=order%2Cpk");
        assert_eq!(q.to_url_query(20), "", "the address stays bare");
    }

    #[test]
    fn recorded_bindings_become_rows_naming_flow_and_stage() {
        let v: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/authentik/real-responses/flows_bindings_list_target.json"
        ))
        .unwrap();
        let page = (BINDINGS.decode)(&v["body"].to_string()).unwrap();
        assert_eq!(page.rows.len(), 4);
        let row = &page.rows[1];
        assert_eq!(row.cells.len(), BINDINGS.columns.len());
        assert_eq!(
            row.cells[0],
            Cell::Link {
                href: "/flows/default-authentication-flow".into(),
                text: "Welcome to authentik!".into(),
                detail: "default-authentication-flow".into()
            }
        );
        assert_eq!(row.cells[1], Cell::Number(20));
        assert_eq!(row.cells[2], Cell::Text("default-authentication-password".into()));
        let Cell::EditDelete { href, name, consequence } = &row.cells[8] else { panic!() };
        assert_eq!(href, "/bindings/4d99a076-2db3-4bd7-9cb5-c5a68bb8531e?return=%2Fbindings");
        let plain = |s: &str| s.replace(['\u{2068}', '\u{2069}'], "");
        assert_eq!(
            plain(name),
            "the binding of stage “default-authentication-password” in flow “Welcome to authentik!”"
        );
        assert_eq!(
            plain(consequence),
            "The stage “default-authentication-password” will no longer run in the flow “Welcome to authentik!” \
             (order 20), and any policies bound to this binding are unbound. The stage and the policies themselves \
             are kept."
        );
        // Each name is isolated, so a right-to-left one cannot reorder the sentence around it.
        assert_eq!(name.matches('\u{2068}').count(), 2);
        let Some(delete) = &BINDINGS.delete else { panic!("bindings can be deleted from the list") };
        assert_eq!(
            (delete.endpoint)("4d99a076-2db3-4bd7-9cb5-c5a68bb8531e"),
            "flows/bindings/4d99a076-2db3-4bd7-9cb5-c5a68bb8531e/"
        );
    }
}
