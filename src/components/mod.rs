//! Reusable UI.

pub mod data_table;
pub mod fetch;
