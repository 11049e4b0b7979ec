//! Reusable UI.

pub mod confirm;
pub mod data_table;
pub mod fetch;
pub mod filters;
pub mod picker;
pub mod states;
