//! A small DOM builder on the reactive core (src/ui/reactive.rs).
//!
//! The app builds its DOM with these few functions instead of Leptos `view!`
//! templates: every distinct template type made the compiler emit its own
//! rendering code, and the typed views were most of a wasm that measured
//! 261 KB brotli. Here each binding boxes its
//! closure and goes through one non-generic function, so the code grows with
//! the number of bindings, not with the number of template types.
//!
//! Text always goes in as text nodes or attribute values, never as markup,
//! except table rows: those are written by src/list/markup.rs, which escapes
//! every piece of data, and parsed in one call (see `keyed_markup`).
//! Effects and event listeners belong to the current reactive owner and are
//! released when it is cleaned up (a region re-rendering, a page changing).

use crate::ui::prelude::*;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, Node};

thread_local! {
    static DOCUMENT: web_sys::Document = window().document().unwrap_or_else(|| wasm_bindgen::throw_str("no document"));
}

fn with_document<T>(f: impl FnOnce(&web_sys::Document) -> T) -> T {
    DOCUMENT.with(f)
}

/// An element under construction.
pub struct El(pub Element);

thread_local! {
    /// One blank element per tag, cloned for each new one: a clone crosses
    /// into JavaScript without the tag name, and passing strings out of wasm
    /// (a TextDecoder call each) was the largest cost of rendering rows.
    static PROTOTYPES: RefCell<Vec<(&'static str, Element)>> = const { RefCell::new(Vec::new()) };
}

/// Creates an element.
pub fn el(tag: &'static str) -> El {
    let cloned = PROTOTYPES.with(|p| {
        let mut p = p.borrow_mut();
        let proto = match p.iter().position(|(t, _)| *t == tag) {
            Some(i) => &p[i].1,
            None => {
                let e = with_document(|d| d.create_element(tag)).unwrap_or_else(|e| wasm_bindgen::throw_val(e));
                p.push((tag, e));
                &p[p.len() - 1].1
            }
        };
        proto.clone_node()
    });
    El(cloned.unwrap_or_else(|e| wasm_bindgen::throw_val(e)).unchecked_into())
}

/// A text node.
pub fn text(s: &str) -> Node {
    with_document(|d| d.create_text_node(s)).into()
}

/// Keeps `value` alive until the current owner is cleaned up.
fn keep<T: 'static>(value: T) {
    let _ = StoredValue::new_local(value);
}

/// Runs `f` now and again whenever a signal it read changes, for as long as
/// the current owner lives.
pub fn effect(f: Box<dyn Fn()>) {
    RenderEffect::new(move |_: Option<()>| f());
}

struct Listener {
    target: web_sys::EventTarget,
    event: String,
    capture: bool,
    closure: Closure<dyn FnMut(Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback_and_bool(
            &self.event,
            self.closure.as_ref().unchecked_ref(),
            self.capture,
        );
    }
}

/// A left click with no modifier, not yet handled: one that follows a link
/// here (with a modifier it opens a new tab or window, or downloads).
pub fn plain_click(ev: &web_sys::MouseEvent) -> bool {
    !ev.default_prevented() && ev.button() == 0 && !(ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key())
}

/// Listens for `event` on `target` until the current owner is cleaned up.
pub fn listen(target: &web_sys::EventTarget, event: &str, f: Box<dyn FnMut(Event)>) {
    listen_with(target, event, false, f)
}

/// [`listen`], in the capture phase when `capture`. Listeners on the window
/// and document go too when the app is unmounted from a host page.
pub fn listen_with(target: &web_sys::EventTarget, event: &str, capture: bool, f: Box<dyn FnMut(Event)>) {
    let closure = Closure::wrap(f);
    let _ = target.add_event_listener_with_callback_and_bool(event, closure.as_ref().unchecked_ref(), capture);
    keep(Listener { target: target.clone(), event: event.to_string(), capture, closure });
}

fn set_property(target: &JsValue, name: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(name), value);
}

impl El {
    pub fn attr(self, name: &str, value: &str) -> El {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Sets the attribute when `value` is `Some`.
    pub fn attr_opt(self, name: &str, value: Option<&str>) -> El {
        match value {
            Some(v) => self.attr(name, v),
            None => self,
        }
    }

    pub fn class(self, value: &str) -> El {
        self.0.set_class_name(value);
        self
    }

    pub fn id(self, value: &str) -> El {
        self.0.set_id(value);
        self
    }

    /// Appends text (one call: the browser makes the text node).
    pub fn text(self, s: &str) -> El {
        let _ = self.0.append_with_str_1(s);
        self
    }

    pub fn child(self, child: El) -> El {
        let _ = self.0.append_child(&child.0);
        self
    }

    pub fn maybe(self, child: Option<El>) -> El {
        match child {
            Some(c) => self.child(c),
            None => self,
        }
    }

    pub fn children(self, kids: impl IntoIterator<Item = El>) -> El {
        for kid in kids {
            let _ = self.0.append_child(&kid.0);
        }
        self
    }

    /// A boolean property set once (`disabled`, `checked`, `selected`, ...).
    pub fn prop_bool(self, name: &str, value: bool) -> El {
        set_property(&self.0, name, &JsValue::from_bool(value));
        self
    }

    #[inline(always)]
    pub fn on(self, event: &str, f: impl FnMut(Event) + 'static) -> El {
        listen(&self.0, event, Box::new(f));
        self
    }

    // Each `dyn_*` boxes its closure and hands it to a non-generic function:
    // a body written in the generic method would be compiled once per call site.

    /// Text that follows signals.
    #[inline(always)]
    pub fn dyn_text(self, f: impl Fn() -> String + 'static) -> El {
        self.dyn_text_boxed(Box::new(f))
    }

    fn dyn_text_boxed(self, f: Box<dyn Fn() -> String>) -> El {
        let node = with_document(|d| d.create_text_node(""));
        let _ = self.0.append_child(&node);
        effect(Box::new(move || {
            let value = f();
            if node.data() != value {
                node.set_data(&value);
            }
        }));
        self
    }

    /// The whole text of this element, following signals, with the names that
    /// `crate::text::isolate` marked each in a `<bdi>`: a right-to-left name
    /// or a stray bidi control in one cannot reorder the sentence around it.
    #[inline(always)]
    pub fn dyn_text_isolated(self, f: impl Fn() -> String + 'static) -> El {
        self.dyn_text_isolated_boxed(Box::new(f))
    }

    fn dyn_text_isolated_boxed(self, f: Box<dyn Fn() -> String>) -> El {
        let element = self.0.clone();
        effect(Box::new(move || {
            let value = f();
            // Most text names nothing (a list's range, "Loading…"): one call.
            if !value.chars().any(|c| c == crate::text::ISOLATE_START) {
                element.set_text_content(Some(&value));
                return;
            }
            let nodes = js_sys::Array::new();
            for (part, isolated) in crate::text::parts(&value) {
                let node: Node = if isolated { el("bdi").text(part).into_node() } else { text(part) };
                nodes.push(&node);
            }
            element.replace_children_with_node(&nodes);
        }));
        self
    }

    /// An attribute that follows signals (`None` removes it).
    #[inline(always)]
    pub fn dyn_attr(self, name: &'static str, f: impl Fn() -> Option<String> + 'static) -> El {
        self.dyn_attr_boxed(name, Box::new(f))
    }

    fn dyn_attr_boxed(self, name: &'static str, f: Box<dyn Fn() -> Option<String>>) -> El {
        let element = self.0.clone();
        effect(Box::new(move || match f() {
            Some(v) => {
                let _ = element.set_attribute(name, &v);
            }
            None => {
                let _ = element.remove_attribute(name);
            }
        }));
        self
    }

    /// A class that is present while `f` says so.
    #[inline(always)]
    pub fn dyn_class(self, class: &'static str, f: impl Fn() -> bool + 'static) -> El {
        self.dyn_class_boxed(class, Box::new(f))
    }

    fn dyn_class_boxed(self, class: &'static str, f: Box<dyn Fn() -> bool>) -> El {
        let element = self.0.clone();
        effect(Box::new(move || {
            let _ = element.class_list().toggle_with_force(class, f());
        }));
        self
    }

    /// A boolean property that follows signals (`disabled`, `hidden`, `open`, `checked`, `selected`).
    #[inline(always)]
    pub fn dyn_bool(self, name: &'static str, f: impl Fn() -> bool + 'static) -> El {
        self.dyn_bool_boxed(name, Box::new(f))
    }

    fn dyn_bool_boxed(self, name: &'static str, f: Box<dyn Fn() -> bool>) -> El {
        let element: JsValue = self.0.clone().into();
        effect(Box::new(move || set_property(&element, name, &JsValue::from_bool(f()))));
        self
    }

    /// An input's `value` that follows signals (set only when it differs, so the caret stays put).
    #[inline(always)]
    pub fn dyn_value(self, f: impl Fn() -> String + 'static) -> El {
        self.dyn_value_boxed(Box::new(f))
    }

    fn dyn_value_boxed(self, f: Box<dyn Fn() -> String>) -> El {
        let element: JsValue = self.0.clone().into();
        effect(Box::new(move || {
            let value = f();
            let current = js_sys::Reflect::get(&element, &JsValue::from_str("value")).ok().and_then(|v| v.as_string());
            if current.as_deref() != Some(value.as_str()) {
                set_property(&element, "value", &JsValue::from_str(&value));
            }
        }));
        self
    }

    /// Content rebuilt whenever a signal read by `f` changes. The bindings of
    /// the nodes `f` builds have their own effects, but any signal `f` (or a
    /// function it calls) reads directly is tracked: build whole screens and
    /// components inside `untrack`.
    #[inline(always)]
    pub fn region(self, f: impl Fn() -> Option<El> + 'static) -> El {
        region(&self.0, Box::new(move || f().into_iter().collect()));
        self
    }

    /// Like [`El::region`], for several sibling nodes (the options of a select).
    #[inline(always)]
    pub fn region_many(self, f: impl Fn() -> Vec<El> + 'static) -> El {
        region(&self.0, Box::new(f));
        self
    }

    /// Children kept per key: a key that stays with an equal item keeps its
    /// node (moved if needed); a key that goes, or whose item changed, loses
    /// it. The key only finds the candidate and equality decides, so a key
    /// collision can cost a redraw but never leave stale content. For rows
    /// that are static markup (no listeners or effects): the rows a change
    /// brings in are written as one HTML string (src/list/markup.rs escapes
    /// the data) and parsed in one call. `render` builds the same row node
    /// by node when the page forbids HTML parsing (Trusted Types). `key` must
    /// be a hash spread over all 64 bits (such as [`hash_str`] of an id): the
    /// maps use it as it is, without hashing it again.
    pub fn keyed_markup<T: PartialEq + 'static>(
        self,
        items: impl Fn() -> Rc<[T]> + 'static,
        key: fn(&T) -> u64,
        markup: impl Fn(&T, &mut String) + 'static,
        render: impl Fn(&T) -> El + 'static,
    ) -> El {
        keyed_markup(&self.0, Box::new(items), key, Box::new(markup), Box::new(render));
        self
    }

    pub fn into_node(self) -> Node {
        self.0.into()
    }
}

fn marker(parent: &Element) -> Node {
    let marker: Node = with_document(|d| d.create_comment("")).into();
    let _ = parent.append_child(&marker);
    marker
}

struct Region {
    nodes: Vec<El>,
    owner: Option<Owner>,
}

fn region(parent: &Element, render: Box<dyn Fn() -> Vec<El>>) {
    let marker = marker(parent);
    let parent = parent.clone();
    let state = Rc::new(RefCell::new(Region { nodes: Vec::new(), owner: None }));
    let outer = Owner::current();
    let current = state.clone();
    effect(Box::new(move || {
        let (old_nodes, old_owner) = {
            let mut s = current.borrow_mut();
            (std::mem::take(&mut s.nodes), s.owner.take())
        };
        if let Some(owner) = old_owner {
            owner.cleanup();
        }
        for node in old_nodes {
            let _ = parent.remove_child(&node.0);
        }
        let owner = match &outer {
            Some(o) => o.with(Owner::new),
            None => Owner::new(),
        };
        // `render` is tracked (it decides what to show); what it builds sets up
        // its own effects under the new owner.
        let built = owner.with(&render);
        for node in &built {
            let _ = parent.insert_before(&node.0, Some(&marker));
        }
        let mut s = current.borrow_mut();
        s.nodes = built;
        s.owner = Some(owner);
    }));
    // The last content's owner goes with the region's.
    keep(RegionGuard(state));
}

struct RegionGuard(Rc<RefCell<Region>>);

impl Drop for RegionGuard {
    fn drop(&mut self) {
        if let Ok(mut s) = self.0.try_borrow_mut() {
            if let Some(owner) = s.owner.take() {
                owner.cleanup();
            }
        }
    }
}

/// Appends an item's markup to a string.
type WriteMarkup<T> = dyn Fn(&T, &mut String);

/// The name of the one Trusted Types policy the app creates. A page that
/// enforces Trusted Types and lists allowed policies must list this one for
/// rows to be parsed from markup (README, "Content-Security-Policy").
pub const TRUSTED_TYPES_POLICY: &str = "authentik-flows";

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// A Range, seen through a `createContextualFragment` that takes a
    /// TrustedHTML (web_sys's takes only a string).
    type ParsingRange;
    #[wasm_bindgen(method, catch, js_name = createContextualFragment)]
    fn create_contextual_fragment(this: &ParsingRange, html: &JsValue) -> Result<web_sys::DocumentFragment, JsValue>;
}

thread_local! {
    /// How markup becomes TrustedHTML: Some(createHTML bound to the policy),
    /// None where the browser has no Trusted Types (plain strings are fine
    /// there), or Err when the page refused the policy (rows are then built
    /// node by node, without a violation report on every change).
    static ROWS_POLICY: Result<Option<(JsValue, js_sys::Function)>, ()> = rows_policy();
}

fn rows_policy() -> Result<Option<(JsValue, js_sys::Function)>, ()> {
    let factory = js_sys::Reflect::get(&window(), &JsValue::from_str("trustedTypes")).map_err(|_| ())?;
    if factory.is_undefined() || factory.is_null() {
        return Ok(None);
    }
    let create_policy: js_sys::Function = js_sys::Reflect::get(&factory, &JsValue::from_str("createPolicy"))
        .map_err(|_| ())?
        .dyn_into()
        .map_err(|_| ())?;
    // `String` as createHTML: the markup passes through unchanged (escaping
    // is done when it is written, see below), and no function has to be
    // compiled from a string, which the Content-Security-Policy forbids.
    let rules = js_sys::Object::new();
    let identity = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("String")).map_err(|_| ())?;
    js_sys::Reflect::set(&rules, &JsValue::from_str("createHTML"), &identity).map_err(|_| ())?;
    let policy = create_policy.call2(&factory, &JsValue::from_str(TRUSTED_TYPES_POLICY), &rules).map_err(|_| ())?;
    let create_html: js_sys::Function =
        js_sys::Reflect::get(&policy, &JsValue::from_str("createHTML")).map_err(|_| ())?.dyn_into().map_err(|_| ())?;
    Ok(Some((policy, create_html)))
}

/// Turns `html` into elements in the context of the range's container, or
/// None when the page does not allow it (Trusted Types enforced and the
/// app's policy refused); the caller then builds the rows node by node.
///
/// Parsed straight into this document: a <template> parses into its own
/// inert document and the rows are then adopted, which doubled the cost.
/// Being inert would not make bad markup safe anyway (an image's onerror
/// runs once the row is inserted): the safety is src/list/markup.rs escaping
/// every piece of data, so no tag, attribute or script can come from it.
fn parse_rows(range: &web_sys::Range, html: &str) -> Option<web_sys::DocumentFragment> {
    let html = ROWS_POLICY.with(|policy| match policy {
        Ok(Some((policy, create_html))) => create_html.call1(policy, &JsValue::from_str(html)).ok(),
        Ok(None) => Some(JsValue::from_str(html)),
        Err(()) => None,
    })?;
    range.unchecked_ref::<ParsingRange>().create_contextual_fragment(&html).ok()
}

/// Rows' keys are already hashes ([`hash_str`]): they are used as they are,
/// where the default hasher (SipHash) hashed each again.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type ByKey<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;
type KeySet = HashSet<u64, BuildHasherDefault<KeyHasher>>;

/// What a keyed list has on screen: the items, and each key's node with the
/// index of its item.
struct Shown<T> {
    items: Rc<[T]>,
    nodes: ByKey<(usize, Node)>,
}

impl<T> Default for Shown<T> {
    fn default() -> Self {
        Shown { items: Rc::from(Vec::new()), nodes: ByKey::default() }
    }
}

fn keyed_markup<T: PartialEq + 'static>(
    parent: &Element,
    items: Box<dyn Fn() -> Rc<[T]>>,
    key: fn(&T) -> u64,
    markup: Box<WriteMarkup<T>>,
    render: Box<dyn Fn(&T) -> El>,
) {
    // The rows live between two markers, so the ones that go can be removed
    // in one call: one removeChild per row cost ~20 µs each.
    let start = marker(parent);
    let marker = marker(parent);
    let parent = parent.clone();
    // Rows are parsed as the table body's content.
    let context = with_document(|d| d.create_range()).ok();
    if let Some(range) = &context {
        let _ = range.select_node_contents(&parent);
    }
    let shown: Rc<RefCell<Shown<T>>> = Rc::default();
    effect(Box::new(move || {
        let items = items();
        untrack(|| {
            let Shown { items: previous, nodes: mut old } = std::mem::take(&mut *shown.borrow_mut());
            // An old node whose item changed: it goes with the ones not kept.
            let mut dropped = false;
            let mut keys = Vec::with_capacity(items.len());
            let mut reused: Vec<Option<Node>> = Vec::with_capacity(items.len());
            let mut html = String::new();
            let mut fresh = Vec::new();
            let mut seen = KeySet::with_capacity_and_hasher(items.len(), Default::default());
            for (i, item) in items.iter().enumerate() {
                let mut k = key(item);
                if !seen.insert(k) {
                    k = k.wrapping_add((i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
                    seen.insert(k);
                }
                let node = match old.remove(&k) {
                    Some((j, node)) if previous.get(j) == Some(item) => Some(node),
                    Some(_) => {
                        dropped = true;
                        None
                    }
                    None => None,
                };
                if node.is_none() {
                    markup(item, &mut html);
                    fresh.push(i);
                }
                keys.push(k);
                reused.push(node);
            }
            let parsed = match &context {
                Some(range) if !fresh.is_empty() => parse_rows(range, &html),
                _ => None,
            };
            // The parsed rows, in order; built node by node if parsing was
            // refused (or, which escaping rules out, gave other than one
            // element per row).
            let parsed = parsed.filter(|fragment| fragment.child_element_count() as usize == fresh.len());
            let new_nodes: Vec<Node> = match &parsed {
                Some(fragment) => {
                    let children = fragment.children();
                    (0..children.length()).filter_map(|j| children.item(j)).map(Node::from).collect()
                }
                None => fresh.iter().map(|&i| render(&items[i]).into_node()).collect(),
            };
            if dropped || !old.is_empty() {
                if let Ok(range) = with_document(|d| d.create_range()) {
                    let _ = range.set_start_after(&start);
                    let _ = range.set_end_before(&marker);
                    let _ = range.delete_contents();
                }
            }
            let all_fresh = reused.iter().all(Option::is_none);
            let mut next = ByKey::with_capacity_and_hasher(items.len(), Default::default());
            match &parsed {
                // A new page: the parsed rows go in as they are, in one call.
                Some(fragment) if all_fresh => {
                    let _ = parent.insert_before(fragment, Some(&marker));
                    next.extend(keys.into_iter().zip(new_nodes.into_iter().enumerate()));
                }
                _ => {
                    let fragment = with_document(|d| d.create_document_fragment());
                    let mut new_nodes = new_nodes.into_iter();
                    for (i, (k, node)) in keys.into_iter().zip(reused).enumerate() {
                        let Some(node) = node.or_else(|| new_nodes.next()) else { continue };
                        let _ = fragment.append_child(&node);
                        next.insert(k, (i, node));
                    }
                    let _ = parent.insert_before(&fragment, Some(&marker));
                }
            }
            *shown.borrow_mut() = Shown { items: items.clone(), nodes: next };
        });
    }));
}

/// The value of the input, select or textarea an event came from.
pub fn event_value(ev: &Event) -> String {
    ev.target()
        .map(|t| js_sys::Reflect::get(&t, &JsValue::from_str("value")))
        .and_then(|v| v.ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Whether the checkbox an event came from is checked.
pub fn event_checked(ev: &Event) -> bool {
    ev.target()
        .map(|t| js_sys::Reflect::get(&t, &JsValue::from_str("checked")))
        .and_then(|v| v.ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// The key of a keyboard event (empty for other events).
pub fn event_key(ev: &Event) -> String {
    ev.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()).unwrap_or_default()
}

/// Moves focus to the element with `id`, if it is there and can take it.
pub fn focus_id(id: &str) -> bool {
    let element = with_document(|d| d.get_element_by_id(id));
    match element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(e) if !e.has_attribute("disabled") => e.focus().is_ok(),
        _ => false,
    }
}

/// Focuses the first of `ids` that can take focus, after the next paint.
pub fn focus_later(ids: Vec<String>) {
    request_animation_frame(move || {
        for id in ids {
            if focus_id(&id) {
                return;
            }
        }
    });
}

/// Whether nothing has focus: it is on the page itself, or on an element
/// that has left it (removed while focused).
pub fn focus_is_lost() -> bool {
    with_document(|d| d.active_element())
        .is_none_or(|active| !active.is_connected() || with_document(|d| d.body()).is_some_and(|body| *body == active))
}

/// Like [`focus_later`], but only if focus has been lost meanwhile (to the
/// page, or with an element that left it): what the user moved focus to
/// while waiting is not taken from them.
pub fn restore_focus_later(ids: Vec<String>) {
    request_animation_frame(move || {
        if focus_is_lost() {
            for id in ids {
                if focus_id(&id) {
                    return;
                }
            }
        }
    });
}

/// A stable 64-bit hash (FNV-1a) for keys.
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
