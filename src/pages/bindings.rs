//! `/bindings`: every flow-stage binding.

use crate::components::data_table::DataTable;
use crate::resources::bindings::BINDINGS;
use leptos::prelude::*;

#[component]
pub fn BindingsPage() -> impl IntoView {
    view! { <DataTable list=&BINDINGS /> }
}
