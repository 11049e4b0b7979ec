use crate::components::data_table::data_table;
use crate::resources::flows::FLOWS;
use crate::ui::dom::El;

/// `/flows`: every flow, searchable, sortable, filterable, paged.
pub fn flows_page() -> El {
    data_table(&FLOWS, None)
}
