//! A small router: the app's few routes are an enum, the URL is one signal.
//!
//! It replaces leptos_router, whose generic route tree cost about 53 KB of the
//! brotli-compressed wasm (measured: a trivial three-route app went from 72 KB
//! to 125 KB). Everything here works on in-app paths (without the base);
//! `AppBase` adds and removes the base at the edges.

use crate::list::query::{decode_component, with_return_view};
use crate::state::base::AppBase;
use crate::ui::dom::{el, listen, plain_click, El};
use crate::ui::prelude::*;
use std::cell::{Cell, RefCell};

thread_local! {
    /// Where the reader was on each entry they left for another page, as
    /// `note_place` writes it. Kept in this tab's storage too, so that a
    /// reload, or Back from another site, still returns to the place.
    static LEFT: RefCell<String> = const { RefCell::new(String::new()) };
    /// The position of the entry on screen.
    static SHOWN: Cell<f64> = const { Cell::new(0.0) };
    /// Bumped by each navigation and by the reader's own input (wheel, touch,
    /// keys): a return still waiting for its page to load gives way to either.
    static RETURN: Cell<u32> = const { Cell::new(0) };
    /// The position of the entry this page load of the app started on: the
    /// entries from it on are this document's (Back to them needs no load).
    static FIRST: Cell<f64> = const { Cell::new(f64::INFINITY) };
}

#[cfg(target_arch = "wasm32")]
const PLACES_KEY: &str = "authentik-flows-ui.places";

/// `places` with the place on one entry noted, newest first, one per line:
/// the entry's position, the in-app URL it showed (a later run of the app may
/// number another entry the same), the scroll in pixels and the `href` of the
/// link followed, separated by tabs. At most 50 are kept.
fn note_place(places: &str, entry: u32, url: &str, y: u32, link: &str) -> String {
    let key = place_key(entry, url);
    // One place per entry: a later run of the app may number another entry
    // the same, and the newest note is the one about the entry now there.
    let entry_key = entry.to_string() + "\t";
    let mut out = String::new();
    // A URL never holds a tab or line break (the browser encodes them); a host
    // page's link might, and is then left out rather than break the line.
    if !url.contains(['\t', '\n']) {
        out = key.clone() + &y.to_string() + "\t";
        if !link.contains(['\t', '\n']) {
            out.push_str(link);
        }
        out.push('\n');
    }
    for line in places.split_terminator('\n').filter(|l| !l.starts_with(&entry_key)).take(49) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn place_key(entry: u32, url: &str) -> String {
    entry.to_string() + "\t" + url + "\t"
}

/// The scroll and link noted for an entry showing `url`, if any.
fn find_place<'a>(places: &'a str, entry: u32, url: &str) -> Option<(u32, &'a str)> {
    let key = place_key(entry, url);
    let line = places.split('\n').find(|l| l.starts_with(&key))?;
    let (y, link) = line.strip_prefix(key.as_str())?.split_once('\t')?;
    Some((y.parse().ok()?, link))
}

/// Notes where the reader is on the entry on screen (showing `url`), before
/// leaving its page or the app.
fn remember_place(url: String) {
    let link = document()
        .active_element()
        .and_then(|a| a.closest("a[href]").ok().flatten())
        .and_then(|a| a.get_attribute("href"))
        .unwrap_or_default();
    // A list's Edit link was given the whole view as its `?return=` when
    // focused (`data_table`); the rows built again on return have the plain one.
    let path = url.split('?').next().unwrap_or_default();
    let link = with_return_view(&link, path, path).unwrap_or(link);
    let y = window().scroll_y().unwrap_or(0.0) as u32;
    LEFT.with_borrow_mut(|left| {
        *left = note_place(left, SHOWN.get() as u32, &url, y, &link);
        #[cfg(target_arch = "wasm32")]
        if let Some(storage) = window().session_storage().ok().flatten() {
            let _ = storage.set_item(PLACES_KEY, left);
        }
    });
}

/// Back or Forward to another page (or a reload): once it has loaded (nothing
/// on it is `aria-busy` or loading any more), scroll to where the reader left
/// it and focus the link they followed, as a browser does for pages it loads
/// itself. The browser's own restoring is off (`scrollRestoration = "manual"`):
/// it would scroll while the list is still empty, before there is anywhere to go.
/// Embedded (`scroll` false), the host's window is not the app's to scroll:
/// focusing the link brings it into view, in whatever the host scrolls.
fn return_to_place(url: &str, scroll: bool) {
    let generation = RETURN.get().wrapping_add(1);
    RETURN.set(generation);
    let place = LEFT.with_borrow(|left| find_place(left, SHOWN.get() as u32, url).map(|(y, l)| (y, l.to_string())));
    let Some((y, link)) = place else {
        if scroll {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        return;
    };
    fn step(generation: u32, frames: u32, y: Option<f64>, link: String) {
        request_animation_frame(move || {
            if RETURN.get() != generation {
                return;
            }
            // At start-up the app's screen goes in only once its data is in (`mount_app`).
            let loading = document().query_selector(".akf-root").ok().flatten().is_none()
                || document().query_selector("[aria-busy=\"true\"],.state.loading").ok().flatten().is_some();
            // The page's heading takes focus on the first frame (`app`); 10 s at most.
            if (loading || frames < 2) && frames < 600 {
                return step(generation, frames + 1, y, link);
            }
            // The app's hrefs are percent-encoded: no quote or backslash to escape.
            let found = (!link.is_empty() && !link.contains(['"', '\\']))
                .then(|| document().query_selector(&format!("a[href=\"{link}\"]")).ok().flatten())
                .flatten();
            if let Some(a) = &found {
                let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(a).focus();
            }
            if let Some(y) = y {
                window().scroll_to_with_x_and_y(0.0, y);
                if let Some(a) = found {
                    keep_clear(&a);
                }
            }
        });
    }
    step(generation, 0, scroll.then_some(y as f64), link);
}

/// Scrolls the window as little as it takes for `link` to be in view and not
/// under the sticky "Saved …" message: that message, new since the reader
/// left, pushes the page down by its height.
fn keep_clear(link: &web_sys::Element) {
    let rect = link.get_bounding_client_rect();
    let top = document()
        .query_selector(".akf-root .flash")
        .ok()
        .flatten()
        .map_or(0.0, |f| f.get_bounding_client_rect().bottom());
    let bottom = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    let shift = if rect.bottom() > bottom {
        rect.bottom() - bottom + 16.0
    } else if rect.top() < top {
        rect.top() - top - 16.0
    } else {
        return;
    };
    window().scroll_by_with_x_and_y(0.0, shift);
}

/// Every screen, parsed from an in-app path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    /// `/` (redirects to the flows).
    Home,
    SignIn,
    Flows,
    FlowDetail(String),
    Stages,
    UserLoginStages,
    SourceStages,
    Bindings,
    /// With the address's query (the app's memo of the page sets it): the
    /// form reads it once, so another query is another form.
    BindingNew(String),
    BindingEdit(String),
    NotFound,
}

impl Page {
    /// Parses an in-app path (no query). Path segments are percent-decoded.
    pub fn from_path(path: &str) -> Page {
        let segments: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(decode_component_path).collect();
        let s: Vec<&str> = segments.iter().map(|s| s.as_str()).collect();
        match s.as_slice() {
            [] => Page::Home,
            ["signin"] => Page::SignIn,
            ["flows"] => Page::Flows,
            ["flows", slug] => Page::FlowDetail(slug.to_string()),
            ["stages"] => Page::Stages,
            ["stages", "user_login"] => Page::UserLoginStages,
            ["stages", "source"] => Page::SourceStages,
            ["bindings"] => Page::Bindings,
            ["bindings", "new"] => Page::BindingNew(String::new()),
            ["bindings", pk] => Page::BindingEdit(pk.to_string()),
            _ => Page::NotFound,
        }
    }

    /// The part of the app a page is in, as the main navigation's link to
    /// it (`/flows`, `/stages`, `/bindings`; "" for none). An editor is in the
    /// part it returns to (`return_to`, its `?return=`): opened from a flow,
    /// it is part of working on that flow.
    pub fn section(&self, return_to: Option<&str>) -> &'static str {
        match self {
            Page::Flows | Page::FlowDetail(_) => "/flows",
            Page::Stages | Page::UserLoginStages | Page::SourceStages => "/stages",
            Page::Bindings => "/bindings",
            Page::BindingNew(_) | Page::BindingEdit(_) => {
                let from = return_to.map(|r| Page::from_path(r.split(['?', '#']).next().unwrap_or_default()));
                match from.map(|p| p.section(None)) {
                    Some(section @ ("/flows" | "/stages")) => section,
                    _ => "/bindings",
                }
            }
            Page::Home | Page::SignIn | Page::NotFound => "",
        }
    }

    /// Pages that need a session.
    pub fn needs_session(&self) -> bool {
        !matches!(self, Page::SignIn)
    }
}

/// A path segment: `+` is a literal plus here, unlike in a query.
fn decode_component_path(segment: &str) -> String {
    decode_component(&segment.replace('+', "%2B"))
}

/// An in-app URL: path and raw query (without `?`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppUrl {
    pub path: String,
    pub query: String,
}

impl AppUrl {
    pub fn parse(app_url: &str) -> AppUrl {
        let without_hash = app_url.split('#').next().unwrap_or("");
        let (path, query) = without_hash.split_once('?').unwrap_or((without_hash, ""));
        let path = if path.is_empty() { "/".to_string() } else { path.to_string() };
        AppUrl { path, query: query.to_string() }
    }

    pub fn to_string_full(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }

    /// Decoded query pairs, in order.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode_component(k), decode_component(v))
            })
            .collect()
    }

    /// The last value of a query parameter.
    pub fn get(&self, name: &str) -> Option<String> {
        self.pairs().into_iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// The router: the current in-app URL and how to change it.
#[derive(Clone, Copy)]
pub struct Router {
    url: RwSignal<AppUrl>,
    base: StoredValue<AppBase>,
    /// On the app's own page a new page starts at the top. Embedded, the
    /// host's window is not the app's to scroll (focus on the new heading
    /// brings it into view).
    scrolls_window: bool,
}

/// The app's URL from the browser's; `None` at a host page's own address
/// outside the base, where the app shows its home without touching the URL.
fn browser_app_url(base: &AppBase) -> Option<AppUrl> {
    let location = window().location();
    let path = base.strip(&location.pathname().unwrap_or_default())?;
    Some(AppUrl::parse(&format!("{}{}", path, location.search().unwrap_or_default())))
}

/// The position of the current history entry, when the app made it: each
/// entry the app adds holds its position as its state (a number), one more
/// than the entry it was added from, so a refused Back or Forward can return
/// by as many steps as it went (`state::guard`). `None` for an entry the app
/// did not make (a host page's own, or one from before this version).
pub fn entry_index() -> Option<f64> {
    window().history().ok()?.state().ok()?.as_f64()
}

/// The state for an entry pushed now: one position past the current entry.
pub fn entry_state_for_push() -> wasm_bindgen::JsValue {
    wasm_bindgen::JsValue::from_f64(entry_index().unwrap_or(0.0) + 1.0)
}

impl Router {
    /// On the app's own page (which it scrolls), not embedded in a host page.
    pub fn standalone(&self) -> bool {
        self.scrolls_window
    }

    /// Reads the browser's URL and follows it: Back/Forward, and clicks on
    /// links to the app's own routes (handled here instead of loading a page),
    /// for as long as the current owner (the app) lives.
    pub fn install(base: AppBase, scrolls_window: bool) -> Router {
        use wasm_bindgen::JsCast;
        let router = Router {
            url: RwSignal::new(browser_app_url(&base).unwrap_or_default()),
            base: StoredValue::new(base),
            scrolls_window,
        };
        // An entry with no state is one the browser has just made (a typed
        // address, a bookmark, a link from elsewhere): it has no place to
        // return to, whatever an earlier run of the app noted for position 0.
        let fresh = entry_index().is_none();
        // On a page of its own the first entry is the app's too; a host page's
        // entry (and the state it keeps there) is left alone.
        if let (true, true, Ok(history)) = (scrolls_window, fresh, window().history()) {
            if history.state().is_ok_and(|s| s.is_null()) {
                let _ = history.replace_state(&wasm_bindgen::JsValue::from_f64(0.0), "");
            }
        }
        SHOWN.set(entry_index().unwrap_or(0.0));
        if scrolls_window {
            FIRST.set(SHOWN.get());
            if let Ok(history) = window().history() {
                let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
            }
        }
        // The reader's own scrolling wins over a return still waiting.
        for kind in ["wheel", "touchstart", "keydown"] {
            listen(&window(), kind, Box::new(|_| RETURN.set(RETURN.get().wrapping_add(1))));
        }
        // A reload, or a visit to another site, leaves the app too: its
        // place is noted for when the entry is shown again.
        listen(
            &window(),
            "pagehide",
            Box::new(move |_| remember_place(router.url.with_untracked(AppUrl::to_string_full))),
        );
        // The places an earlier run of the app in this tab noted.
        #[cfg(target_arch = "wasm32")]
        if let Some(Ok(Some(places))) = window().session_storage().ok().flatten().map(|s| s.get_item(PLACES_KEY)) {
            LEFT.with_borrow_mut(|left| *left = places);
        }
        if !fresh {
            return_to_place(&router.url.with_untracked(AppUrl::to_string_full), scrolls_window);
        }

        listen(
            &window(),
            "popstate",
            Box::new(move |_| {
                let url = router.base.with_value(browser_app_url).unwrap_or_default();
                let new_page = router.is_new_page(&url);
                if new_page {
                    remember_place(router.url.with_untracked(AppUrl::to_string_full));
                }
                SHOWN.set(entry_index().unwrap_or(0.0));
                let shown = url.to_string_full();
                router.url.set(url);
                if new_page {
                    return_to_place(&shown, scrolls_window);
                }
            }),
        );

        listen(
            &document(),
            "click",
            Box::new(move |ev: web_sys::Event| {
                let ev: web_sys::MouseEvent = ev.unchecked_into();
                if !plain_click(&ev) {
                    return;
                }
                let anchor = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest("a[href]").ok().flatten())
                    .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok());
                let Some(a) = anchor else { return };
                if !a.target().is_empty() || a.has_attribute("download") {
                    return;
                }
                let origin = window().location().origin().unwrap_or_default();
                if a.origin() != origin {
                    return;
                }
                let path = a.pathname();
                // Only links to the app's own screens: a host page's links (or
                // authentik's, next to an app at the root) load as usual.
                let Some(app_path) = router.base.with_value(|b| b.strip(&path)) else { return };
                if Page::from_path(&app_path) == Page::NotFound {
                    return;
                }
                // A link to this very page with only a fragment is left to the browser.
                if a.hash().len() > 1
                    && path == window().location().pathname().unwrap_or_default()
                    && a.search() == window().location().search().unwrap_or_default()
                {
                    return;
                }
                ev.prevent_default();
                router.navigate(&format!("{}{}", app_path, a.search()), Nav::Push);
            }),
        );
        router
    }

    /// The current in-app URL (tracked).
    pub fn url(&self) -> AppUrl {
        self.url.get()
    }

    pub fn url_untracked(&self) -> AppUrl {
        self.url.get_untracked()
    }

    pub fn signal(&self) -> RwSignal<AppUrl> {
        self.url
    }

    pub fn base(&self) -> AppBase {
        self.base.get_value()
    }

    /// Whether `url` shows another screen than the one on show.
    fn is_new_page(&self, url: &AppUrl) -> bool {
        Page::from_path(&url.path) != self.url.with_untracked(|u| Page::from_path(&u.path))
    }

    /// Goes back one entry, as the browser's Back does, when that entry is
    /// `app_url` and this page load of the app showed it: the page an editor
    /// was opened from. Leaving the editor that way adds no second copy of
    /// that page to history (nor leaves the editor one Back away), and the
    /// page returns to where the reader left it. False (nothing done) when
    /// the entry before is another page, or is not known.
    pub fn back_to(&self, app_url: &str) -> bool {
        if !self.scrolls_window {
            return false; // A host page's history is not the app's to walk.
        }
        let Some(before) = entry_index().map(|i| i - 1.0).filter(|i| *i >= FIRST.get()) else { return false };
        let url = AppUrl::parse(app_url).to_string_full();
        if !LEFT.with_borrow(|left| find_place(left, before as u32, &url).is_some()) {
            return false;
        }
        window().history().is_ok_and(|h| h.back().is_ok())
    }

    /// Goes to an in-app URL (`/flows?page=2`).
    pub fn navigate(&self, app_url: &str, how: Nav) {
        let url = AppUrl::parse(app_url);
        let full = self.base.with_value(|b| b.href(&url.to_string_full()));
        // At a host page's own address, a replace (the home page's redirect)
        // changes only what the app shows: the host's history entry stays.
        let at_host_page = self.base.with_value(browser_app_url).is_none();
        let keep_entry = at_host_page && how == Nav::Replace;
        if let (false, Ok(history)) = (keep_entry, window().history()) {
            let _ = match how {
                Nav::Replace | Nav::ReplaceKeepScroll => {
                    let index = entry_index().map_or(wasm_bindgen::JsValue::NULL, wasm_bindgen::JsValue::from_f64);
                    history.replace_state_with_url(&index, "", Some(&full))
                }
                Nav::Push | Nav::PushKeepScroll => {
                    history.push_state_with_url(&entry_state_for_push(), "", Some(&full))
                }
            };
        }
        let new_page = self.is_new_page(&url);
        if new_page && matches!(how, Nav::Push | Nav::PushKeepScroll) {
            // For the entry being left: `SHOWN` and `self.url` still name it.
            remember_place(self.url.with_untracked(AppUrl::to_string_full));
        }
        SHOWN.set(entry_index().unwrap_or(0.0));
        RETURN.set(RETURN.get().wrapping_add(1));
        self.url.set(url);
        if new_page && self.scrolls_window && matches!(how, Nav::Push | Nav::Replace) {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

/// How a navigation treats history and scrolling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nav {
    /// A new history entry; a new page starts at the top.
    Push,
    /// Replaces the entry; a new page starts at the top.
    Replace,
    /// A new entry, scroll kept (table state changes).
    PushKeepScroll,
    /// Replaces the entry, scroll kept (refining a search).
    ReplaceKeepScroll,
}

/// A link back to `back` (an in-app URL), the page this one was opened
/// from. Followed from that page, it goes back in history instead of adding
/// that page again (Back would then return here), and the page returns to
/// the reader's place (`Router::back_to`).
pub fn back_link(back: &str) -> El {
    let router = use_router();
    let back = back.to_string();
    el("a").attr("href", &router.base.with_value(|b| b.href(&back))).on("click", move |ev| {
        let ev: &web_sys::MouseEvent = wasm_bindgen::JsCast::unchecked_ref(&ev);
        // (The leave guard, first to see the click, has already asked.)
        if plain_click(ev) && router.back_to(&back) {
            ev.prevent_default();
        }
    })
}

pub fn use_router() -> Router {
    expect_context::<Router>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_from_paths() {
        assert_eq!(Page::from_path("/"), Page::Home);
        assert_eq!(Page::from_path(""), Page::Home);
        assert_eq!(Page::from_path("/flows"), Page::Flows);
        assert_eq!(Page::from_path("/flows/"), Page::Flows);
        assert_eq!(Page::from_path("/flows/a%20b"), Page::FlowDetail("a b".into()));
        assert_eq!(Page::from_path("/flows/a+b"), Page::FlowDetail("a+b".into()));
        assert_eq!(Page::from_path("/stages/user_login"), Page::UserLoginStages);
        assert_eq!(Page::from_path("/bindings/new"), Page::BindingNew(String::new()));
        assert_eq!(
            Page::from_path("/bindings/4d99a076-2db3-4bd7-9cb5-c5a68bb8531e"),
            Page::BindingEdit("4d99a076-2db3-4bd7-9cb5-c5a68bb8531e".into())
        );
        assert_eq!(Page::from_path("/flows/x/y"), Page::NotFound);
        assert_eq!(Page::from_path("/signin"), Page::SignIn);
        assert!(!Page::SignIn.needs_session() && Page::Flows.needs_session());
    }

    #[test]
    fn an_editor_is_in_the_part_of_the_app_it_returns_to() {
        let edit = Page::BindingEdit("x".into());
        assert_eq!(Page::FlowDetail("a".into()).section(None), "/flows");
        assert_eq!(Page::SourceStages.section(None), "/stages");
        assert_eq!(edit.section(Some("/flows/default-authentication-flow")), "/flows");
        assert_eq!(edit.section(Some("/flows?page=2&search=x")), "/flows");
        assert_eq!(Page::BindingNew(String::new()).section(Some("/stages/user_login?page=2")), "/stages");
        assert_eq!(edit.section(Some("/bindings?target=x")), "/bindings");
        assert_eq!(edit.section(None), "/bindings");
        // An address that is not the app's, or an editor's own: the bindings.
        assert_eq!(edit.section(Some("https://example.com/flows")), "/bindings");
        assert_eq!(edit.section(Some("/bindings/new")), "/bindings");
        assert_eq!(Page::NotFound.section(None), "");
    }

    #[test]
    fn urls_and_queries() {
        let u = AppUrl::parse("/flows?search=a+b%26c&page=2&page=3#x");
        assert_eq!(u.path, "/flows");
        assert_eq!(u.get("search").as_deref(), Some("a b&c"));
        assert_eq!(u.get("page").as_deref(), Some("3"));
        assert_eq!(u.get("missing"), None);
        assert_eq!(u.to_string_full(), "/flows?search=a+b%26c&page=2&page=3");
        assert_eq!(AppUrl::parse("?x=1").path, "/");
    }

    #[test]
    fn places_are_noted_per_entry_and_address_newest_first() {
        let mut places = note_place("", 0, "/flows?page_size=100", 4210, "/flows/a");
        places = note_place(&places, 3, "/stages", 0, "");
        assert_eq!(places, "3\t/stages\t0\t\n0\t/flows?page_size=100\t4210\t/flows/a\n");
        assert_eq!(find_place(&places, 0, "/flows?page_size=100"), Some((4210, "/flows/a")));
        assert_eq!(find_place(&places, 3, "/stages"), Some((0, "")));
        // The same position showing another address (a later run numbering anew): nothing.
        assert_eq!(find_place(&places, 0, "/flows"), None);
        assert_eq!(find_place(&places, 1, "/flows?page_size=100"), None);
        // Noting an entry again replaces its place.
        places = note_place(&places, 0, "/flows?page_size=100", 12, "");
        assert_eq!(places, "0\t/flows?page_size=100\t12\t\n3\t/stages\t0\t\n");
        // Another address on an entry already noted: the newest is the one kept.
        places = note_place(&places, 3, "/bindings", 40, "");
        assert_eq!(places, "3\t/bindings\t40\t\n0\t/flows?page_size=100\t12\t\n");
        assert_eq!(find_place(&places, 3, "/stages"), None);
        // Entry 1 is not entry 10.
        places = note_place(&places, 10, "/flows?page_size=100", 7, "");
        assert_eq!(find_place(&places, 1, "/flows?page_size=100"), None);
        assert_eq!(find_place(&places, 0, "/flows?page_size=100"), Some((12, "")));
    }

    #[test]
    fn only_fifty_places_are_kept_and_odd_text_is_skipped() {
        let mut places = String::new();
        for entry in 0..60 {
            places = note_place(&places, entry, "/flows", entry * 10, "");
        }
        assert_eq!(places.lines().count(), 50);
        assert_eq!(find_place(&places, 59, "/flows"), Some((590, "")));
        assert_eq!(find_place(&places, 10, "/flows"), Some((100, "")));
        assert_eq!(find_place(&places, 9, "/flows"), None);
        // A link with a tab or line break is dropped, a URL with one is not noted.
        assert_eq!(note_place("", 1, "/flows", 5, "a\tb"), "1\t/flows\t5\t\n");
        assert_eq!(note_place("1\t/flows\t5\t\n", 2, "/x\ny", 6, ""), "1\t/flows\t5\t\n");
        // Whatever else is in storage finds nothing and breaks nothing.
        assert_eq!(find_place("garbage\n1\t/a\tx\t\n", 1, "/a"), None);
        assert_eq!(find_place("1\t/a\t-3\t\n", 1, "/a"), None);
    }
}
