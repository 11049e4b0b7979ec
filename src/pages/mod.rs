//! Screens, one per route.

pub mod binding_editor;
pub mod bindings;
pub mod flow_detail;
pub mod flows;
pub mod not_found;
pub mod signin;
pub mod stages;
