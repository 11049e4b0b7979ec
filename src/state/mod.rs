//! Session and configuration shared by every screen.

pub mod auth;
pub mod base;
pub mod config;
pub mod drafts;
pub mod first_request;
pub mod flash;
pub mod guard;
pub mod session;
