//! An admin front-end for authentik's flows, stages and bindings.
//!
//! Pure logic (`api` models and errors, `list`, `resources`, `editor`,
//! `state::{base, config, session}`) has no DOM dependency and is unit-tested
//! natively; `components`, `pages` and `app` are the UI (on `ui`).
//!
//! The wasm module exports one entry point, [`mount_app`]: `public/loader.js`
//! calls it for the standalone page, `public/embed.js` for a host page.

// Slicing a `str` by index can panic, and the panic's message brings in
// core's formatting of characters and ranges: `get`, `split_once` and the like
// instead took 3.6 KB off the brotli-compressed wasm (README, Performance).
#![cfg_attr(not(test), warn(clippy::string_slice))]

// Talc instead of the standard dlmalloc: smaller in the wasm and faster (see README, Performance).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod api;
mod app;
pub mod components;
pub mod editor;
pub mod json;
pub mod list;
pub mod pages;
pub mod resources;
pub mod router;
pub mod state;
pub mod text;
pub mod ui;

pub use app::app;

use crate::ui::prelude::*;
use state::auth::Auth;
use state::base::AppBase;
use state::config::{AppConfig, ConfigSource, MountOptions, TokenStorage};
use state::session::Session;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// What `mount_app` returns to JavaScript: lets the host page give a new
/// token, or remove the app. Dropping it (JavaScript garbage-collecting it)
/// leaves the app running; only `unmount()` removes it.
#[wasm_bindgen]
pub struct AppHandle {
    inner: Rc<RefCell<Mounted>>,
}

thread_local! {
    /// Every mounted app, kept alive here rather than by its handle.
    static MOUNTED: RefCell<Vec<Rc<RefCell<Mounted>>>> = const { RefCell::new(Vec::new()) };
}

#[derive(Default)]
struct Mounted {
    auth: Option<Auth>,
    api_base: String,
    /// A token given before the app finished starting.
    pending_token: Option<String>,
    /// The app's reactive owner and root element; `unmount` disposes both.
    mounted: Option<(Owner, web_sys::Node)>,
    /// The element the app is mounted into.
    target: Option<web_sys::HtmlElement>,
}

#[wasm_bindgen]
impl AppHandle {
    /// Supplies (or replaces) the API token, for apps whose host page owns it.
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: String) {
        let mut mounted = self.inner.borrow_mut();
        match mounted.auth {
            Some(auth) => {
                auth.set_host_token(Session { api_base: mounted.api_base.clone(), token, username: String::new() })
            }
            None => mounted.pending_token = Some(token),
        }
    }

    /// Removes the app from the page.
    pub fn unmount(&self) {
        if let Some((owner, node)) = self.inner.borrow_mut().mounted.take() {
            owner.cleanup();
            if let Some(parent) = node.parent_node() {
                let _ = parent.remove_child(&node);
            }
        }
        MOUNTED.with(|m| m.borrow_mut().retain(|app| !Rc::ptr_eq(app, &self.inner)));
    }
}

async fn load_config(url: &str) -> ConfigSource {
    match api::client::get_text(url).await {
        Ok((status, text)) if (200..300).contains(&status) => ConfigSource::Loaded(text),
        Ok((status, _)) => ConfigSource::Unavailable(format!("HTTP {status}")),
        Err(_) => ConfigSource::Unavailable("the server could not be reached".into()),
    }
}

/// Mounts the app into `target`. `options` is JSON ([`MountOptions`]); the
/// configuration file named there is read first. `early`: a list request
/// `public/loader.js` already sent (see `components::fetch::send_early`);
/// undefined from other callers.
#[wasm_bindgen]
pub fn mount_app(target: web_sys::HtmlElement, options: &str, early: JsValue) -> AppHandle {
    components::fetch::offer_loader_request(&early);
    let (options, warnings) = MountOptions::parse(options);
    // One app per element: a second mount (a framework's effect run twice)
    // replaces the first rather than running two apps in one place.
    let already: Vec<_> = MOUNTED
        .with(|m| m.borrow().iter().filter(|app| app.borrow().target.as_ref() == Some(&target)).cloned().collect());
    for inner in already {
        AppHandle { inner }.unmount();
    }
    let handle =
        AppHandle { inner: Rc::new(RefCell::new(Mounted { target: Some(target.clone()), ..Default::default() })) };
    MOUNTED.with(|m| m.borrow_mut().push(handle.inner.clone()));
    let inner = handle.inner.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let source = match (&options.config_text, &options.config_url) {
            (Some(text), _) => ConfigSource::Loaded(text.clone()),
            (None, Some(url)) => load_config(url).await,
            (None, None) => ConfigSource::None,
        };
        // Unmounted (or replaced) while the configuration loaded.
        if !MOUNTED.with(|m| m.borrow().iter().any(|app| Rc::ptr_eq(app, &inner))) {
            return;
        }
        let mut config = AppConfig::resolve(&source, &options);
        config.warnings.extend(warnings);
        let base = match &options.base {
            Some(base) => AppBase::from_path(base),
            // Standalone: index.html's <base href> says where the app lives.
            None if options.standalone => {
                let base_uri = web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten());
                AppBase::from_path(&base_uri.and_then(|u| url_path(&u)).unwrap_or_default())
            }
            // Embedded without a base: the app's routes live under the host page's path.
            None => {
                AppBase::from_path(&web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default())
            }
        };
        let auth = if config.token_storage == Some(TokenStorage::Host) {
            let token = inner.borrow_mut().pending_token.take().or(options.token.clone());
            let session =
                token.map(|token| Session { api_base: config.api_base.clone(), token, username: String::new() });
            Auth::hosted(target.clone(), session)
        } else {
            Auth::restore()
        };
        {
            let mut mounted = inner.borrow_mut();
            mounted.auth = Some(auth);
            mounted.api_base = config.api_base.clone();
        }
        let owner = Owner::new();
        let root = owner.with(|| app::app(config, base, auth, options.standalone)).into_node();
        inner.borrow_mut().mounted = Some((owner, root.clone()));
        // The first screen goes in when its data has arrived (one layout, no
        // frame of empty tables), or after 300 ms if the API is slower.
        let attach = Rc::new(move || {
            components::fetch::forget_early();
            if root.parent_node().is_none() && inner.borrow().mounted.is_some() {
                // Not `innerHTML = ""`: a page that enforces Trusted Types
                // refuses any string assignment to innerHTML.
                target.replace_children_with_node_1(&root);
            }
        });
        let later = attach.clone();
        let _ = set_timeout_with_handle(move || later(), std::time::Duration::from_millis(300));
        components::fetch::when_idle(move || attach());
    });
    handle
}

/// The path part of an absolute URL (`https://h/admin/x/` → `/admin/x/`).
fn url_path(url: &str) -> Option<String> {
    // (A `char` pattern: a `&str` one brings in core's substring search.)
    let after_scheme = url.split_once(':')?.1.strip_prefix("//")?;
    let path = after_scheme.find('/').and_then(|i| after_scheme.get(i..)).unwrap_or("/");
    Some(path.split(['?', '#']).next().unwrap_or("/").to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn url_paths() {
        assert_eq!(super::url_path("http://127.0.0.1:8080/").as_deref(), Some("/"));
        assert_eq!(super::url_path("https://h.example/admin/flows-ui/?x#y").as_deref(), Some("/admin/flows-ui/"));
        assert_eq!(super::url_path("https://h.example").as_deref(), Some("/"));
    }
}
