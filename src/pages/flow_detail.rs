//! `/flows/<slug>`: one flow's fields.

use crate::api::decode_json;
use crate::api::flows::Flow;
use crate::components::data_table::ListMemory;
use crate::components::fetch::use_fetch;
use crate::list::query::encode_path_segment;
use crate::resources::flows::FLOWS;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn FlowDetailPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let fetch = use_fetch::<Flow>(
        move || format!("flows/instances/{}/", encode_path_segment(&slug.get())),
        decode_json::<Flow>,
    );
    let back = use_context::<ListMemory>().map(|m| m.url_for(&FLOWS, "/flows")).unwrap_or_else(|| "/flows".into());

    let content = move || {
        if let Some(error) = fetch.error.get() {
            return view! {
                <div class="state error" role="alert">
                    <p class="state-title">{format!("Could not load the flow “{}”", slug.get())}</p>
                    <p class="state-detail">{error.message()}</p>
                    <div class="state-actions">
                        <button type="button" on:click=move |_| fetch.retry()>"Retry"</button>
                    </div>
                </div>
            }
            .into_any();
        }
        match fetch.data.get() {
            None => view! { <div class="state loading" role="status">"Loading the flow…"</div> }.into_any(),
            Some(flow) => flow_fields(flow).into_any(),
        }
    };

    view! {
        <section class="page detail" aria-busy=move || fetch.loading.get().to_string()>
            <p class="breadcrumb">
                <A href=back>"← Back to flows"</A>
            </p>
            {content}
        </section>
    }
}

fn flow_fields(flow: Flow) -> impl IntoView {
    let fields: Vec<(&'static str, String)> = vec![
        ("Slug", flow.slug.clone()),
        ("Title", flow.title.clone()),
        ("Designation", flow.designation.label().to_string()),
        ("Authentication", flow.authentication.label().to_string()),
        ("Policy engine mode", flow.policy_engine_mode.label().to_string()),
        ("Layout", flow.layout.label().to_string()),
        ("Denied action", flow.denied_action.label().to_string()),
        ("Compatibility mode", if flow.compatibility_mode { "Yes" } else { "No" }.to_string()),
        ("Stages bound", flow.stages.len().to_string()),
        ("Policies bound", flow.policies.len().to_string()),
        ("Background", flow.background_url.clone()),
        ("Export URL", flow.export_url.clone()),
        ("UUID", flow.pk.to_string()),
    ];
    view! {
        <h1>{flow.name.clone()}</h1>
        <dl class="fields">
            {fields
                .into_iter()
                .map(|(label, value)| {
                    view! {
                        <div class="field-row">
                            <dt>{label}</dt>
                            <dd>{if value.is_empty() { "—".to_string() } else { value }}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}
