//! Session and configuration shared by every screen.

pub mod auth;
pub mod config;
pub mod session;
