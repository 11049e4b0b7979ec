//! One descriptor per list endpoint.

pub mod flows;
