//! Pure list logic shared by every table: URL/API query state, descriptors, paging text.

pub mod descriptor;
pub mod markup;
pub mod query;
