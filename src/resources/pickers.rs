//! Search pickers: where flows and stages are found by name.

use crate::api::decode_json;
use crate::api::error::ApiError;
use crate::api::flows::Flow;
use crate::api::models::Paginated;
use crate::api::stages::Stage;
use crate::list::descriptor::{PickerItem, PickerPage, PickerSource};
use crate::list::query::encode_path_segment;

fn flow_item(f: &Flow) -> PickerItem {
    PickerItem { id: f.pk.to_string(), label: f.name.clone(), detail: f.slug.clone() }
}

fn stage_item(s: &Stage) -> PickerItem {
    PickerItem { id: s.pk.to_string(), label: s.name.clone(), detail: s.type_label().to_string() }
}

fn page<T: crate::json::FromJson>(body: &str, item: fn(&T) -> PickerItem) -> Result<PickerPage, ApiError> {
    let page: Paginated<T> = decode_json(body)?;
    Ok(PickerPage {
        items: page.results.iter().map(item).collect(),
        count: page.pagination.count,
        next: page.pagination.next,
    })
}

pub static FLOW_PICKER: PickerSource = PickerSource {
    noun: "flow",
    detail_label: "Slug",
    endpoint: "flows/instances/",
    // Flow names repeat ("Authorize Application" twice in a new install): the
    // primary key keeps their order the same from one page to the next.
    extra_query: "ordering=name%2Cpk",
    decode_page: |body| page(body, flow_item),
    lookup: |pk| format!("flows/instances/?flow_uuid={}", encode_path_segment(pk)),
    // Found by filtering the list: an empty list is this lookup's "not found".
    decode_one: |body| match page(body, flow_item)?.items.into_iter().next() {
        Some(item) => Ok(Some(item)),
        None => Err(ApiError::Http { status: 404, detail: None }),
    },
};

pub static STAGE_PICKER: PickerSource = PickerSource {
    noun: "stage",
    detail_label: "Type",
    endpoint: "stages/all/",
    extra_query: "ordering=name",
    decode_page: |body| page(body, stage_item),
    lookup: |pk| format!("stages/all/{}/", encode_path_segment(pk)),
    decode_one: |body| Ok(Some(stage_item(&decode_json::<Stage>(body)?))),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_paths_and_decoding() {
        assert_eq!(
            FLOW_PICKER.search_path("  auth flow ", 2),
            "flows/instances/?page=2&page_size=20&ordering=name%2Cpk&search=auth+flow"
        );
        assert_eq!(STAGE_PICKER.search_path("", 1), "stages/all/?page=1&page_size=20&ordering=name");
        let recorded: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/authentik/real-responses/stages_all_list.json"))
                .unwrap();
        let page = (STAGE_PICKER.decode_page)(&recorded["body"].to_string()).unwrap();
        assert_eq!(page.count, 18);
        assert_eq!(page.next, 0);
        assert_eq!(page.items[0].detail, "TOTP Authenticator Setup Stage");
        let flows: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/authentik/real-responses/flows_instances_list_page_size5_page1.json"
        ))
        .unwrap();
        let one = (FLOW_PICKER.decode_one)(&flows["body"].to_string()).unwrap().unwrap();
        assert_eq!((one.label.as_str(), one.detail.as_str()), ("Welcome to authentik!", "default-authentication-flow"));
    }
}
