//! One descriptor per list endpoint, and the pickers that search them.

pub mod bindings;
pub mod flows;
pub mod pickers;
pub mod stages;
