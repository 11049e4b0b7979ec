//! `/bindings`: every flow-stage binding.

use crate::components::data_table::data_table;
use crate::resources::bindings::BINDINGS;
use crate::ui::dom::El;

pub fn bindings_page() -> El {
    data_table(&BINDINGS, None)
}
