//! The DOM builder the views use.

pub mod dom;
pub mod prelude;
