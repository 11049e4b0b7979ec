//! The stages tables: all stages (filterable by type), user-login stages and
//! source stages, each a descriptor on the generic table.

use super::flows::flow_href;
use crate::api::decode_json;
use crate::api::stages::{
    type_endpoint, FlowSet, GeoipBinding, NetworkBinding, SourceStage, Stage, StageType, UserLoginStage,
};
use crate::list::descriptor::{decode_rows, Cell, Column, Filter, FilterKind, ListDescriptor, RemoteChoices, Row};

/// How many flows a stage row names before linking to the rest.
const FLOWS_SHOWN: usize = 3;

/// A stage's flows as links: the first few, then "and N more flows", a link to
/// all of its bindings (where every flow it is in shows).
fn flow_links(stage: &uuid::Uuid, flows: &[FlowSet]) -> Cell {
    // authentik lists a flow once per binding: a stage bound twice in one flow
    // names it twice. (Compared pairwise: a stage is in a few flows, and a
    // sort or a hash set would add kilobytes to the wasm for this.)
    let mut distinct: Vec<&FlowSet> = Vec::new();
    for f in flows {
        if !distinct.iter().any(|d| d.pk == f.pk) {
            distinct.push(f);
        }
    }
    if distinct.is_empty() {
        return Cell::Empty;
    }
    let shown = &distinct[..distinct.len().min(FLOWS_SHOWN)];
    let links = shown.iter().map(|f| (flow_href(&f.slug), f.name.clone())).collect();
    let more = (distinct.len() > FLOWS_SHOWN).then(|| {
        let rest = distinct.len() - FLOWS_SHOWN;
        (format!("/bindings?stage={stage}"), format!("and {rest} more {}", if rest == 1 { "flow" } else { "flows" }))
    });
    Cell::Links { links, more }
}

static STAGE_TYPES: RemoteChoices = RemoteChoices {
    endpoint: "stages/all/types/",
    decode: |body| {
        let types: Vec<StageType> = decode_json(body)?;
        Ok(types.into_iter().map(|t| (t.model_name, t.name)).collect())
    },
};

/// `/stages`: every stage, with its type and the flows it is bound in.
pub static STAGES: ListDescriptor = ListDescriptor {
    key: "stages",
    title: "Stages",
    noun_plural: "stages",
    search_label: "Search stages",
    endpoint: "stages/all/",
    columns: &[
        Column::sortable("Name", "name").row_header().identifier(),
        Column::plain("Type"),
        Column::plain("Bound in flows"),
    ],
    filters: &[
        // /stages/all/ cannot filter by type: a chosen type is listed from its own endpoint.
        Filter::new("type", "Stage type", FilterKind::Remote(&STAGE_TYPES)).selects_endpoint(type_endpoint),
        Filter::new("name", "Name", FilterKind::Text).advanced(),
    ],
    // authentik's StageViewSet has no ordering: without one, stages come in
    // database order, which reads as random. By name, as authentik's own list.
    default_ordering: Some("name"),
    sends_default_ordering: true,
    create: None,
    delete: None,
    decode: |body| {
        decode_rows(body, |s: &Stage| {
            Row::new(
                s.pk.to_string(),
                vec![
                    Cell::Text(s.name.clone()),
                    Cell::Text(s.type_label().to_string()),
                    flow_links(&s.pk, &s.flow_set),
                ],
            )
        })
    },
};

/// `/stages/user_login`: every field of the user-login stages. Durations
/// (`days=1`, `hours=8`) do not sort: authentik sorts them as text, which
/// puts `days=30` before `hours=1`, not by how long they are.
pub static USER_LOGIN_STAGES: ListDescriptor = ListDescriptor {
    key: "user-login-stages",
    title: "User login stages",
    noun_plural: "user login stages",
    search_label: "Search user login stages",
    endpoint: "stages/user_login/",
    columns: &[
        Column::sortable("Name", "name").row_header().identifier(),
        Column::plain("Bound in flows"),
        Column::plain("Session duration"),
        Column::sortable("Terminate other sessions", "terminate_other_sessions"),
        Column::plain("Remember me offset"),
        Column::sortable("Network binding", "network_binding"),
        Column::sortable("GeoIP binding", "geoip_binding"),
        Column::plain("Remember device"),
    ],
    filters: &[
        Filter::new("network_binding", "Network binding", FilterKind::Choice(NetworkBinding::OPTIONS)),
        Filter::new("geoip_binding", "GeoIP binding", FilterKind::Choice(GeoipBinding::OPTIONS)),
        Filter::new("terminate_other_sessions", "Terminate other sessions", FilterKind::Boolean),
        Filter::new("session_duration", "Session duration", FilterKind::Text).advanced(),
        Filter::new("remember_me_offset", "Remember me offset", FilterKind::Text).advanced(),
        Filter::new("remember_device", "Remember device", FilterKind::Text).advanced(),
        Filter::new("name", "Name", FilterKind::Text).advanced(),
        Filter::new("stage_uuid", "Stage UUID", FilterKind::Uuid).advanced(),
    ],
    default_ordering: Some("name"),
    sends_default_ordering: false,
    create: None,
    delete: None,
    decode: |body| {
        decode_rows(body, |s: &UserLoginStage| {
            Row::new(
                s.pk.to_string(),
                vec![
                    Cell::Text(s.name.clone()),
                    flow_links(&s.pk, &s.flow_set),
                    Cell::Code(s.session_duration.clone()),
                    Cell::Bool(s.terminate_other_sessions),
                    Cell::Code(s.remember_me_offset.clone()),
                    Cell::Text(s.network_binding.label().to_string()),
                    Cell::Text(s.geoip_binding.label().to_string()),
                    Cell::Code(s.remember_device.clone()),
                ],
            )
        })
    },
};

/// `/stages/source`: every field of the source stages.
pub static SOURCE_STAGES: ListDescriptor = ListDescriptor {
    key: "source-stages",
    title: "Source stages",
    noun_plural: "source stages",
    search_label: "Search source stages",
    endpoint: "stages/source/",
    columns: &[
        Column::sortable("Name", "name").row_header().identifier(),
        Column::plain("Bound in flows"),
        Column::sortable("Source", "source"),
        Column::plain("Resume timeout"),
        Column::plain("Resume on match failures"),
    ],
    filters: &[
        Filter::new("source", "Source UUID", FilterKind::Uuid),
        Filter::new("resume_timeout", "Resume timeout", FilterKind::Text),
        Filter::new("name", "Name", FilterKind::Text).advanced(),
        Filter::new("stage_uuid", "Stage UUID", FilterKind::Uuid).advanced(),
    ],
    default_ordering: Some("name"),
    sends_default_ordering: false,
    create: None,
    delete: None,
    decode: |body| {
        decode_rows(body, |s: &SourceStage| {
            Row::new(
                s.pk.to_string(),
                vec![
                    Cell::Text(s.name.clone()),
                    flow_links(&s.pk, &s.flow_set),
                    Cell::Code(s.source.to_string()),
                    Cell::Code(s.resume_timeout.clone()),
                    if s.resume_on_match_failures.is_empty() {
                        Cell::Empty
                    } else {
                        // `ResumeOnMatchFailuresEnum`: one value so far; a new one is shown as sent.
                        let label =
                            |v: &String| if v == "missing_property" { "Missing property".into() } else { v.clone() };
                        Cell::Text(crate::text::join(
                            &s.resume_on_match_failures.iter().map(label).collect::<Vec<String>>(),
                            ", ",
                        ))
                    },
                ],
            )
        })
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::query::TableQuery;

    #[test]
    fn a_404_from_a_chosen_type_names_the_type() {
        use crate::api::error::ApiError;
        let lookup = |q: &str| {
            let pairs: Vec<(String, String)> = crate::router::AppUrl::parse(&format!("/stages?{q}")).pairs();
            TableQuery::from_lookup(|k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()), &STAGES, 20)
        };
        // authentik answers an address it does not have with Django's HTML page.
        let not_found = ApiError::from_status(404, "<!DOCTYPE html><html>…</html>");
        assert_eq!(
            STAGES.error_message(&lookup("type=bogus"), &not_found),
            "There is no stage type “bogus” on this server."
        );
        // Without a chosen type it is the API address that is wrong; an invalid page stays itself.
        assert_eq!(STAGES.error_message(&lookup(""), &not_found), not_found.message());
        let invalid_page = ApiError::Http { status: 404, detail: Some("Invalid page.".into()) };
        assert_eq!(STAGES.error_message(&lookup("type=bogus&page=9"), &invalid_page), invalid_page.message());
    }

    #[test]
    fn stages_are_asked_for_by_name_since_the_server_has_no_order() {
        let q = TableQuery::new(20);
        assert_eq!(q.to_api_query(&STAGES), "page=1&page_size=20&ordering=name%2Cpk");
        assert_eq!(q.to_url_query(20), "", "the address stays bare");
        let reversed = q.with_sort_toggled(&STAGES, "name");
        assert_eq!(reversed.to_api_query(&STAGES), "page=1&page_size=20&ordering=-name%2Cpk");
        // A list whose server orders by itself is left to it.
        assert_eq!(q.to_api_query(&USER_LOGIN_STAGES), "page=1&page_size=20");
    }

    #[test]
    fn stage_type_filter_switches_endpoint() {
        let mut q = TableQuery::new(20);
        assert_eq!(STAGES.endpoint_for(&q), "stages/all/");
        q = q.with_filter(&STAGES, "type", "userloginstage");
        assert_eq!(STAGES.endpoint_for(&q), "stages/user_login/");
        assert!(!q.to_api_query(&STAGES).contains("type="));
        let recorded: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/authentik/real-responses/stages_all_types.json"))
                .unwrap();
        let types = (STAGE_TYPES.decode)(&recorded["body"].to_string()).unwrap();
        assert!(types.contains(&("userloginstage".to_string(), "User Login Stage".to_string())));
    }

    #[test]
    fn recorded_stages_become_rows() {
        let v: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/authentik/real-responses/stages_user_login_list.json"
        ))
        .unwrap();
        let page = (USER_LOGIN_STAGES.decode)(&v["body"].to_string()).unwrap();
        assert_eq!(page.rows.len(), 3);
        assert_eq!(page.rows[0].cells.len(), USER_LOGIN_STAGES.columns.len());
        assert_eq!(
            page.rows[0].cells[1],
            Cell::Links {
                links: vec![
                    ("/flows/initial-setup".into(), "default-oobe-setup".into()),
                    ("/flows/default-authentication-flow".into(), "Welcome to authentik!".into()),
                ],
                more: None
            }
        );
        let many: Vec<FlowSet> = (0..5)
            .map(|i| FlowSet {
                pk: uuid::Uuid::from_u128(i),
                name: format!("f{i}"),
                slug: format!("f{i}"),
                title: String::new(),
                designation: Default::default(),
            })
            .collect();
        let Cell::Links { links, more } = flow_links(&uuid::Uuid::nil(), &many) else { panic!() };
        assert_eq!(links.len(), 3);
        assert_eq!(
            more,
            Some(("/bindings?stage=00000000-0000-0000-0000-000000000000".into(), "and 2 more flows".into()))
        );
        // A flow the stage is bound in twice counts once.
        let twice: Vec<FlowSet> = many.iter().chain(&many[..2]).cloned().collect();
        let Cell::Links { more, .. } = flow_links(&uuid::Uuid::nil(), &twice) else { panic!() };
        assert_eq!(more.map(|m| m.1).as_deref(), Some("and 2 more flows"));
        let v: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/authentik/real-responses/stages_all_list.json"))
                .unwrap();
        let page = (STAGES.decode)(&v["body"].to_string()).unwrap();
        assert_eq!(page.rows.len(), 18);
    }
}
