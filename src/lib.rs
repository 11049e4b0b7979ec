//! An admin front-end for authentik's flows, stages and bindings.
//!
//! Pure logic (`api` models and errors, `list`, `resources`, `state::session`)
//! has no DOM dependency and is unit-tested natively; `components`, `pages`
//! and `app` are the Leptos UI.

pub mod api;
mod app;
pub mod components;
pub mod editor;
pub mod list;
pub mod pages;
pub mod resources;
pub mod state;

pub use app::App;

/// Mounts the app on `<body>`.
pub fn start() {
    leptos::mount::mount_to_body(App);
}
