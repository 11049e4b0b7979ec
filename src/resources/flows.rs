//! The Flows table: `/flows/instances/`.

use crate::api::flows::{DeniedAction, Flow, FlowDesignation};
use crate::list::descriptor::{decode_rows, Cell, Column, Filter, FilterKind, ListDescriptor, ListPage, Row};
use crate::list::query::encode_path_segment;

pub static FLOWS: ListDescriptor = ListDescriptor {
    key: "flows",
    title: "Flows",
    noun_plural: "flows",
    search_label: "Search flows",
    endpoint: "flows/instances/",
    columns: &[
        Column::sortable("Name", "name").row_header(),
        Column::sortable("Slug", "slug").identifier(),
        Column::sortable("Title", "title"),
        Column::sortable("Designation", "designation"),
        Column::sortable("Authentication", "authentication"),
        Column::sortable("Policy engine mode", "policy_engine_mode"),
        Column::sortable("Layout", "layout"),
        Column::sortable("Denied action", "denied_action"),
        Column::sortable("Compatibility mode", "compatibility_mode"),
        Column::number("Stages"),
        Column::number("Policies"),
    ],
    filters: &[
        Filter::new("designation", "Designation", FilterKind::Choice(FlowDesignation::OPTIONS)),
        Filter::new("denied_action", "Denied action", FilterKind::Choice(DeniedAction::OPTIONS)),
        Filter::new("slug", "Slug", FilterKind::Text).advanced(),
        Filter::new("name", "Name", FilterKind::Text).advanced(),
        Filter::new("flow_uuid", "Flow UUID", FilterKind::Uuid).advanced(),
    ],
    default_ordering: Some("slug"),
    sends_default_ordering: false,
    create: None,
    delete: None,
    decode: decode_flows,
};

/// The in-app address of a flow's detail page.
pub fn flow_href(slug: &str) -> String {
    format!("/flows/{}", encode_path_segment(slug))
}

fn flow_row(flow: &Flow) -> Row {
    Row::new(
        flow.pk.to_string(),
        vec![
            Cell::Text(flow.name.clone()),
            Cell::Link { href: flow_href(&flow.slug), text: flow.slug.clone(), detail: String::new() },
            Cell::text_or_empty(&flow.title),
            Cell::Text(flow.designation.label().to_string()),
            Cell::Text(flow.authentication.label().to_string()),
            Cell::Text(flow.policy_engine_mode.label().to_string()),
            Cell::Text(flow.layout.label().to_string()),
            Cell::Text(flow.denied_action.label().to_string()),
            Cell::Bool(flow.compatibility_mode),
            Cell::Number(flow.stages.0 as i64),
            Cell::Number(flow.policies.0 as i64),
        ],
    )
}

fn decode_flows(body: &str) -> Result<ListPage, crate::api::error::ApiError> {
    decode_rows(body, flow_row)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORDED: &str =
        include_str!("../../tests/fixtures/authentik/real-responses/flows_instances_list_page_size5_page2.json");

    #[test]
    fn recorded_page_becomes_rows_with_one_cell_per_column() {
        let v: serde_json::Value = serde_json::from_str(RECORDED).unwrap();
        let page = (FLOWS.decode)(&v["body"].to_string()).unwrap();
        assert_eq!(page.rows.len(), 5);
        assert_eq!(page.pagination.start_index, 6);
        for row in page.rows.iter() {
            assert_eq!(row.cells.len(), FLOWS.columns.len());
        }
        let first = &page.rows[0];
        assert_eq!(first.cells[0], Cell::Text("Change Password".into()));
        assert_eq!(
            first.cells[1],
            Cell::Link {
                href: "/flows/default-password-change".into(),
                text: "default-password-change".into(),
                detail: String::new()
            }
        );
        assert_eq!(first.cells[3], Cell::Text("Stage configuration".into()));
        assert_eq!(first.cells[9], Cell::Number(2));
    }

    #[test]
    fn every_sortable_column_and_filter_is_declared_once() {
        let mut keys: Vec<&str> = FLOWS.columns.iter().filter_map(|c| c.sort_key).collect();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n);
        assert!(FLOWS.is_sortable("name") && !FLOWS.is_sortable("stages"));
        assert!(matches!(FLOWS.filters[0].kind, FilterKind::Choice(o) if o.len() == 7));
        assert!(matches!(FLOWS.filters[1].kind, FilterKind::Choice(o) if o.len() == 3));
    }

    #[test]
    fn slugs_are_encoded_in_links() {
        assert_eq!(flow_href("a b/c"), "/flows/a%20b%2Fc");
    }
}
