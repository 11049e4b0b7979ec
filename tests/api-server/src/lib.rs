//! A local authentik-compatible API with demo data and fault injection, used by
//! the run command, the browser tests and the benchmarks.

pub mod api;
pub mod bindings;
pub mod data;
pub mod faults;
pub mod filters;
pub mod flows;
pub mod listing;
pub mod locale;
pub mod server;
pub mod stages;
