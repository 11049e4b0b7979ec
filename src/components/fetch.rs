//! One GET at a time per screen: when what to fetch changes, the request in
//! flight is aborted and its late answer, if any, is ignored, so a stale
//! response never overwrites a newer one. Old data stays visible while the new
//! request runs.

use crate::api::client;
use crate::api::client::Method;
use crate::api::error::{token_tag, ApiError};
use crate::state::auth::use_auth;
use crate::state::session::Session;
use crate::ui::prelude::*;

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::AbortController;

type Pending = std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, ApiError>>>>;

thread_local! {
    /// A request start-up sent before the screen that wants it was built.
    /// With the API URL and token it went with.
    static EARLY: RefCell<Option<(String, Pending)>> = const { RefCell::new(None) };
    /// The request `public/loader.js` sent before the wasm ran, if any.
    static LOADER: RefCell<Option<LoaderRequest>> = const { RefCell::new(None) };
    static BUSY: Cell<u32> = const { Cell::new(0) };
    static ON_IDLE: RefCell<Vec<Box<dyn FnOnce()>>> = const { RefCell::new(Vec::new()) };
}

/// Counts a request in flight for [`when_idle`] while it lives.
struct Busy;

impl Busy {
    fn start() -> Busy {
        BUSY.with(|b| b.set(b.get() + 1));
        Busy
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        if BUSY.with(|b| {
            b.set(b.get().saturating_sub(1));
            b.get() == 0
        }) {
            // What the answers changed is rendered before anyone is told.
            crate::ui::reactive::flush();
            for f in ON_IDLE.with(|w| std::mem::take(&mut *w.borrow_mut())) {
                f();
            }
        }
    }
}

/// Runs `f` once no screen is waiting for data (now, if none is). The app
/// shows its first screen this way: complete, in one layout, rather than a
/// frame of empty tables followed by another with rows.
pub fn when_idle(f: impl FnOnce() + 'static) {
    if BUSY.with(Cell::get) == 0 {
        f();
    } else {
        ON_IDLE.with(|w| w.borrow_mut().push(Box::new(f)));
    }
}

/// How long a request runs before the screen says it is loading.
pub const SLOW_AFTER: std::time::Duration = std::time::Duration::from_millis(150);

/// A list request `public/loader.js` sent again before the wasm ran (the one
/// this address opened with last time: `state::first_request`).
struct LoaderRequest {
    url: String,
    token: String,
    response: js_sys::Promise,
    controller: Option<AbortController>,
    /// Aborts the request after 30 s, as `client::send` does its own.
    deadline: Option<web_sys::AbortSignal>,
}

impl LoaderRequest {
    /// Reads what the loader passed to `mount_app`: `{url, token, response,
    /// controller, deadline}`. Anything else (an embedding page passes nothing) is none.
    fn from_js(value: &wasm_bindgen::JsValue) -> Option<LoaderRequest> {
        use wasm_bindgen::JsCast;
        if !value.is_object() {
            return None;
        }
        let get = |name: &str| js_sys::Reflect::get(value, &name.into()).ok();
        Some(LoaderRequest {
            url: get("url")?.as_string()?,
            token: get("token")?.as_string()?,
            response: get("response")?.dyn_into().ok()?,
            controller: get("controller").and_then(|c| c.dyn_into().ok()),
            deadline: get("deadline").and_then(|c| c.dyn_into().ok()),
        })
    }

    fn abort(self) {
        if let Some(controller) = self.controller {
            controller.abort();
        }
    }
}

/// Keeps the request the loader sent for [`send_early`] to take over.
pub fn offer_loader_request(value: &wasm_bindgen::JsValue) {
    LOADER.with(|l| *l.borrow_mut() = LoaderRequest::from_js(value));
}

/// Sends the first screen's main GET now, while the screen is still being
/// built; the `use_fetch` that asks for exactly this path takes it over
/// instead of sending its own. Building the screen (and the browser compiling
/// the code that builds it) then overlaps the network wait. If the loader has
/// already sent exactly this request, its answer is used instead; a loader
/// request for anything else is aborted.
pub fn send_early(session: &Session, path: String) {
    let url = client::join_url(&session.api_base, &path);
    let request: Pending = match LOADER.with(|l| l.borrow_mut().take()) {
        Some(loader) if loader.url == url && loader.token == session.token => {
            Box::pin(client::receive(Ok(loader.response), None, loader.deadline, token_tag(&session.token)))
        }
        other => {
            if let Some(loader) = other {
                loader.abort();
            }
            Box::pin(client::send(session, Method::GET, &path, None, None))
        }
    };
    EARLY.with(|e| *e.borrow_mut() = Some((early_key(session, &path), request)));
}

/// Drops an early request nobody took (the first screen is complete), and
/// aborts a loader request the first screen did not want.
pub fn forget_early() {
    EARLY.with(|e| e.borrow_mut().take());
    if let Some(loader) = LOADER.with(|l| l.borrow_mut().take()) {
        loader.abort();
    }
}

fn early_key(session: &Session, path: &str) -> String {
    format!("{}\n{}\n{}", session.api_base, session.token, path)
}

fn take_early(session: &Session, path: &str) -> Option<Pending> {
    EARLY.with(|e| {
        let mut slot = e.borrow_mut();
        if slot.as_ref().is_some_and(|(key, _)| *key == early_key(session, path)) {
            slot.take().map(|(_, request)| request)
        } else {
            None
        }
    })
}

/// Bumped when a write lands after the screen that sent it has gone (an
/// editor left while it saved): the lists on screen then ask again (see
/// [`Written::track`]), so the page shown meanwhile does not keep what it
/// loaded before the write. (Not an editor's own fetch: reloading its binding
/// would throw away what is being typed.)
#[derive(Clone, Copy)]
pub struct Written(pub RwSignal<u32>);

impl Written {
    /// For a fetch's path: a late write makes the fetch ask again.
    pub fn track(me: Option<Written>) {
        if let Some(w) = me {
            w.0.track();
        }
    }
}

pub struct Fetch<T: 'static> {
    /// The last successful answer; kept while refetching.
    pub data: RwSignal<Option<T>>,
    /// The last failure; cleared by the next success.
    pub error: RwSignal<Option<ApiError>>,
    pub loading: RwSignal<bool>,
    /// Loading for longer than [`SLOW_AFTER`]: what "Loading…" indicators
    /// follow, so a fast answer does not flash them for a frame (and cost a
    /// style and layout pass). `loading` itself is set at once (aria-busy).
    pub slow: RwSignal<bool>,
    /// Failures so far: a failure like the last one still counts as news
    /// (its alert is built again, so a screen reader says it again).
    pub failures: RwSignal<u32>,
    retries: RwSignal<u32>,
}

impl<T: 'static> Clone for Fetch<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: 'static> Copy for Fetch<T> {}

impl<T: 'static> Fetch<T> {
    /// Sends the same request again.
    pub fn retry(&self) {
        self.retries.update(|n| *n += 1);
    }
}

/// Fetches `path()` (relative to the API base) whenever it changes; `None`
/// waits (e.g. until what the path depends on has loaded).
#[inline(always)]
pub fn use_fetch<T: 'static>(
    path: impl Fn() -> Option<String> + 'static,
    decode: fn(&str) -> Result<T, ApiError>,
) -> Fetch<T> {
    // Boxed: the body below is compiled once per kind of data, not once per
    // call site (each was 1.5 KB of compressed wasm).
    use_fetch_boxed(Box::new(path), decode)
}

fn use_fetch_boxed<T: 'static>(
    path: Box<dyn Fn() -> Option<String>>,
    decode: fn(&str) -> Result<T, ApiError>,
) -> Fetch<T> {
    let data = RwSignal::new(None);
    let (error, loading, slow, failures, retries) =
        (RwSignal::new(None), RwSignal::new(false), RwSignal::new(false), RwSignal::new(0), RwSignal::new(0));
    // Only this is about `T`: the rest is compiled once for every kind of data.
    let accept = Rc::new(move |body: &str| {
        data.try_set(Some(decode(body)?));
        Ok(())
    });
    fetch_into(path, accept, error, loading, slow, failures, retries);
    Fetch { data, error, loading, slow, failures, retries }
}

/// Takes a 2xx body: decodes it into the data, or says why it could not.
type Accept = Rc<dyn Fn(&str) -> Result<(), ApiError>>;

fn fetch_into(
    path: Box<dyn Fn() -> Option<String>>,
    accept: Accept,
    error: RwSignal<Option<ApiError>>,
    loading: RwSignal<bool>,
    slow: RwSignal<bool>,
    failures: RwSignal<u32>,
    retries: RwSignal<u32>,
) {
    let auth = use_auth();
    let in_flight = StoredValue::new_local(None::<AbortController>);
    let generation = StoredValue::new(0u64);
    let abort = move || {
        in_flight.try_update_value(|c| {
            if let Some(c) = c.take() {
                c.abort();
            }
        });
    };

    // A render effect runs at once: the request leaves before the rest of the
    // screen is built, so the network wait overlaps building it.
    RenderEffect::new(move |_| {
        let path = path();
        retries.track();
        let Some(path) = path else {
            // Nothing to fetch now (a filter cleared): what was asked before,
            // and what went wrong with it, no longer counts.
            abort();
            generation.update_value(|g| *g += 1);
            if error.with_untracked(Option::is_some) {
                error.set(None);
            }
            // (A request dropped here would never say it had finished.)
            if loading.get_untracked() {
                loading.set(false);
                slow.set(false);
            }
            return;
        };
        let Some(session) = auth.session.get_untracked() else {
            return;
        };
        abort();
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        in_flight.set_value(controller);
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        loading.set(true);
        // Not cleared when superseded: it checks that its request is still the
        // current one (a cleared one-shot callback would never be freed).
        let _ = set_timeout_with_handle(
            move || {
                if generation.try_get_value() == Some(this) && loading.try_get_untracked() == Some(true) {
                    slow.try_set(true);
                }
            },
            SLOW_AFTER,
        );
        // Same path, same session: the early request is this request. (It
        // cannot be aborted; if superseded, its answer is ignored below.)
        let request = match take_early(&session, &path) {
            Some(early) => early,
            None => Box::pin(client::send(&session, Method::GET, &path, None, signal.as_ref())),
        };
        let busy = Busy::start();
        let accept = accept.clone();
        spawn_local(async move {
            let _busy = busy;
            let result = request.await;
            // Superseded, or the screen is gone: drop the answer.
            if generation.try_get_value() != Some(this) {
                return;
            }
            // Finished: nothing left to abort. (Aborting a finished fetch is not
            // free: the signal still fires its abort event.)
            in_flight.try_update_value(|c| *c = None);
            match result.and_then(|body| accept(&body)) {
                Err(ApiError::Aborted) => return,
                Err(e) if auth.intercept(&e) => {}
                Ok(()) => {
                    error.try_set(None);
                }
                Err(e) => {
                    error.try_set(Some(e));
                    failures.try_update(|n| *n += 1);
                }
            }
            loading.try_set(false);
            slow.try_set(false);
        });
    });
    on_cleanup(abort);
}
