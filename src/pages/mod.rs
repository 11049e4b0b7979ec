//! Screens, one per route.

pub mod flow_detail;
pub mod flows;
pub mod not_found;
pub mod signin;
