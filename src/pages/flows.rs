use crate::components::data_table::DataTable;
use crate::resources::flows::FLOWS;
use leptos::prelude::*;

/// `/flows`: every flow, searchable, sortable, filterable, paged.
#[component]
pub fn FlowsPage() -> impl IntoView {
    view! { <DataTable list=&FLOWS /> }
}
