//! The DOM builder and reactive core the views use.

pub mod dom;
pub mod prelude;
pub mod reactive;
