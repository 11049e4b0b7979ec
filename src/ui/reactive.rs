//! A small reactive core: signals, memos, effects, owners and contexts.
//!
//! It replaces Leptos's `reactive_graph` (about 90 KB of wasm before
//! compression, most of the room left under the 150 KB first-load budget).
//! The API keeps Leptos's names and behaviour so the UI code reads the same:
//!
//! * handles (`RwSignal`, `Memo`, `StoredValue`, `Owner`, ...) are `Copy` ids
//!   into one arena of nodes; a slot's generation changes when it is freed, so
//!   a handle to a disposed node is recognised and ignored;
//! * every node belongs to the owner current when it was made, and goes when
//!   that owner is disposed (a region re-rendering, a page changing);
//! * propagation is the "Reactively" scheme: a write marks direct observers
//!   dirty and everything further down "check"; memos recompute lazily when
//!   read and stop the spread when their value did not change;
//! * effects re-run together in a microtask after the writes (like Leptos),
//!   parents before children, so a region that rebuilds never runs an effect
//!   it is about to dispose. `Effect::new` runs first in that microtask,
//!   `RenderEffect::new` at once.
//!
//! No borrow of the arena is held while user code runs: values live in their
//! own `Rc<RefCell<_>>`, so a closure may read or write any other node.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::rc::Rc;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Id {
    index: u32,
    generation: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Default)]
enum State {
    #[default]
    Clean,
    Check,
    Dirty,
}

/// Recomputes a memo or runs an effect; returns whether observers must update.
type Compute = Rc<dyn Fn() -> bool>;

#[derive(Default)]
struct Slot {
    generation: u32,
    live: bool,
    effect: bool,
    state: State,
    /// Creation sequence: effects run oldest first, so parents before children.
    order: u64,
    value: Option<Rc<dyn Any>>,
    compute: Option<Compute>,
    sources: Vec<Id>,
    observers: Vec<Id>,
    parent: Option<Id>,
    children: Vec<Id>,
    cleanups: Vec<Box<dyn FnOnce()>>,
    contexts: Vec<Rc<dyn Any>>,
}

#[derive(Default)]
struct Runtime {
    slots: RefCell<Vec<Slot>>,
    free: RefCell<Vec<u32>>,
    owner: Cell<Option<Id>>,
    observer: Cell<Option<Id>>,
    pending: RefCell<Vec<Id>>,
    scheduled: Cell<bool>,
    sequence: Cell<u64>,
}

thread_local! {
    static RT: Runtime = Runtime::default();
}

fn live(slots: &[Slot], id: Id) -> bool {
    slots.get(id.index as usize).is_some_and(|s| s.live && s.generation == id.generation)
}

/// Runs `f` on the node if it still exists.
fn slot<R>(id: Id, f: impl FnOnce(&mut Slot) -> R) -> Option<R> {
    RT.with(|rt| {
        let mut slots = rt.slots.borrow_mut();
        match slots.get_mut(id.index as usize) {
            Some(s) if s.live && s.generation == id.generation => Some(f(s)),
            _ => None,
        }
    })
}

fn create(value: Option<Rc<dyn Any>>, compute: Option<Compute>, effect: bool) -> Id {
    RT.with(|rt| {
        let parent = rt.owner.get();
        let order = rt.sequence.get() + 1;
        rt.sequence.set(order);
        let mut slots = rt.slots.borrow_mut();
        let index = match rt.free.borrow_mut().pop() {
            Some(index) => index,
            None => {
                slots.push(Slot::default());
                (slots.len() - 1) as u32
            }
        };
        let s = &mut slots[index as usize];
        s.live = true;
        s.effect = effect;
        s.state = if compute.is_some() { State::Dirty } else { State::Clean };
        s.order = order;
        s.value = value;
        s.compute = compute;
        s.parent = parent;
        let id = Id { index, generation: s.generation };
        if let Some(p) = parent.filter(|p| live(&slots, *p)) {
            // Disposed children stay listed until the list doubles, then go:
            // removing each at once would cost O(n²) for a thousand rows.
            let mut children = std::mem::take(&mut slots[p.index as usize].children);
            if children.len() >= 16 && children.len().is_power_of_two() {
                children.retain(|c| live(&slots, *c));
            }
            children.push(id);
            slots[p.index as usize].children = children;
        }
        id
    })
}

/// Runs `f` with `owner` and `observer` as the current ones.
fn with_context<R>(owner: Option<Id>, observer: Option<Id>, f: impl FnOnce() -> R) -> R {
    let (previous_owner, previous_observer) = RT.with(|rt| (rt.owner.replace(owner), rt.observer.replace(observer)));
    let result = f();
    RT.with(|rt| {
        rt.owner.set(previous_owner);
        rt.observer.set(previous_observer);
    });
    result
}

/// Disposes what the node made, runs its cleanups and forgets its sources,
/// ready for a re-run (or for the node to go).
fn reset(id: Id) {
    let Some((children, cleanups, sources)) = slot(id, |s| {
        (std::mem::take(&mut s.children), std::mem::take(&mut s.cleanups), std::mem::take(&mut s.sources))
    }) else {
        return;
    };
    with_context(None, None, || {
        // Cleanups first: they use what the node made (a stored request to
        // abort, a timer to clear), which disposing the children would take away.
        for cleanup in cleanups {
            cleanup();
        }
        for child in children.into_iter().rev() {
            dispose(child);
        }
    });
    RT.with(|rt| {
        let mut slots = rt.slots.borrow_mut();
        for source in sources {
            if live(&slots, source) {
                slots[source.index as usize].observers.retain(|o| *o != id);
            }
        }
    });
}

fn dispose(id: Id) {
    reset(id);
    let taken = RT.with(|rt| {
        let mut slots = rt.slots.borrow_mut();
        if !live(&slots, id) {
            return None;
        }
        let s = &mut slots[id.index as usize];
        s.live = false;
        s.generation = s.generation.wrapping_add(1);
        s.state = State::Clean;
        s.parent = None;
        s.observers = Vec::new();
        let taken = (s.value.take(), s.compute.take(), std::mem::take(&mut s.contexts));
        rt.free.borrow_mut().push(id.index);
        Some(taken)
    });
    // Values drop here, outside the borrow: their destructors may dispose more.
    drop(taken);
}

/// Records that the running memo or effect read `source`.
fn track(source: Id) {
    let Some(observer) = RT.with(|rt| rt.observer.get()) else { return };
    RT.with(|rt| {
        let mut slots = rt.slots.borrow_mut();
        if !live(&slots, source) || !live(&slots, observer) {
            return;
        }
        let sources = &mut slots[observer.index as usize].sources;
        if !sources.contains(&source) {
            sources.push(source);
            slots[source.index as usize].observers.push(observer);
        }
    });
}

fn observers(id: Id) -> Vec<Id> {
    slot(id, |s| s.observers.clone()).unwrap_or_default()
}

fn mark(id: Id, state: State) {
    let changed = slot(id, |s| {
        if s.state >= state {
            return None;
        }
        let queue = s.effect && s.state == State::Clean;
        s.state = state;
        Some(queue)
    })
    .flatten();
    match changed {
        Some(true) => queue(id),
        Some(false) => {
            for o in observers(id) {
                mark(o, State::Check);
            }
        }
        None => {}
    }
}

/// A value changed: its observers must update.
fn notify(id: Id) {
    for o in observers(id) {
        mark(o, State::Dirty);
    }
}

fn queue(id: Id) {
    RT.with(|rt| {
        rt.pending.borrow_mut().push(id);
        if !rt.scheduled.replace(true) {
            #[cfg(target_arch = "wasm32")]
            wasm_bindgen_futures::spawn_local(async { flush() });
        }
    });
}

/// Brings a memo or effect up to date, recomputing only if a source changed.
fn refresh(id: Id) {
    let Some((state, sources)) =
        slot(id, |s| (s.state, if s.state == State::Check { s.sources.clone() } else { Vec::new() }))
    else {
        return;
    };
    if state == State::Check {
        for source in sources {
            refresh(source);
            if slot(id, |s| s.state) == Some(State::Dirty) {
                break;
            }
        }
    }
    if slot(id, |s| s.state) == Some(State::Dirty) {
        run(id);
    }
    slot(id, |s| s.state = State::Clean);
}

fn run(id: Id) {
    let Some(compute) = slot(id, |s| s.compute.clone()).flatten() else { return };
    reset(id);
    if with_context(Some(id), Some(id), || compute()) {
        for o in observers(id) {
            slot(o, |s| {
                if s.state == State::Check {
                    s.state = State::Dirty
                }
            });
        }
    }
}

/// Runs the effects waiting for a re-run. In the browser this happens in a
/// microtask after the writes; native tests call it themselves.
pub fn flush() {
    loop {
        let batch = RT.with(|rt| std::mem::take(&mut *rt.pending.borrow_mut()));
        if batch.is_empty() {
            break;
        }
        for (_, id) in by_creation_order(batch) {
            refresh(id);
        }
    }
    RT.with(|rt| rt.scheduled.set(false));
}

/// The batch in creation order (parents before children), so an effect that
/// a parent's re-run disposes of never runs. An insertion sort: batches are
/// small and mostly in order already, and the standard library's sorts add
/// ~13 KB of code to the wasm.
fn by_creation_order(batch: Vec<Id>) -> Vec<(u64, Id)> {
    let mut keyed: Vec<(u64, Id)> = Vec::with_capacity(batch.len());
    for id in batch {
        let order = slot(id, |s| s.order).unwrap_or(u64::MAX);
        let at = keyed.iter().rposition(|(o, _)| *o <= order).map_or(0, |i| i + 1);
        keyed.insert(at, (order, id));
    }
    keyed
}

fn value_of<T: 'static>(id: Id) -> Option<Rc<RefCell<T>>> {
    slot(id, |s| s.value.clone()).flatten().and_then(|v| v.downcast::<RefCell<T>>().ok())
}

fn gone() -> ! {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen::throw_str("a reactive value was used after its owner was disposed");
    #[cfg(not(target_arch = "wasm32"))]
    panic!("a reactive value was used after its owner was disposed");
}

/// Runs `f` without recording what it reads.
pub fn untrack<R>(f: impl FnOnce() -> R) -> R {
    let owner = RT.with(|rt| rt.owner.get());
    with_context(owner, None, f)
}

/// Runs `f` when the current owner is disposed or re-runs.
pub fn on_cleanup(f: impl FnOnce() + 'static) {
    if let Some(owner) = RT.with(|rt| rt.owner.get()) {
        slot(owner, |s| s.cleanups.push(Box::new(f)));
    }
}

/// Makes `value` available to [`use_context`] below the current owner.
pub fn provide_context<T: 'static>(value: T) {
    if let Some(owner) = RT.with(|rt| rt.owner.get()) {
        slot(owner, |s| {
            s.contexts.retain(|c| !c.is::<T>());
            s.contexts.push(Rc::new(value));
        });
    }
}

/// The nearest value of type `T` provided by this owner or one above it.
pub fn use_context<T: Clone + 'static>() -> Option<T> {
    let mut at = RT.with(|rt| rt.owner.get());
    while let Some(id) = at {
        let (found, parent) = slot(id, |s| (s.contexts.iter().find_map(|c| c.downcast_ref::<T>().cloned()), s.parent))?;
        if found.is_some() {
            return found;
        }
        at = parent;
    }
    None
}

pub fn expect_context<T: Clone + 'static>() -> T {
    use_context().unwrap_or_else(|| {
        // A programming error, so the release build does not carry every
        // context's type name (~240 bytes) to say which.
        #[cfg(all(target_arch = "wasm32", debug_assertions))]
        wasm_bindgen::throw_str(std::any::type_name::<T>());
        #[cfg(all(target_arch = "wasm32", not(debug_assertions)))]
        wasm_bindgen::throw_str("missing context");
        #[cfg(not(target_arch = "wasm32"))]
        panic!("missing context {}", std::any::type_name::<T>());
    })
}

/// A scope: what is made while it is current goes when it is cleaned up.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Owner(Id);

impl Owner {
    /// A new owner under the current one (or a root).
    #[allow(clippy::new_without_default)] // each call makes a node: not a default value
    pub fn new() -> Owner {
        Owner(create(None, None, false))
    }

    pub fn current() -> Option<Owner> {
        RT.with(|rt| rt.owner.get()).map(Owner)
    }

    /// Runs `f` with this owner current (what is read is still tracked by
    /// the running effect).
    pub fn with<R>(&self, f: impl FnOnce() -> R) -> R {
        let observer = RT.with(|rt| rt.observer.get());
        with_context(Some(self.0), observer, f)
    }

    /// Disposes the owner and everything it owns.
    pub fn cleanup(self) {
        dispose(self.0);
    }

    /// Whether nothing was made under this owner (so it need not be kept).
    pub fn is_empty(&self) -> bool {
        slot(self.0, |s| s.children.is_empty() && s.cleanups.is_empty() && s.contexts.is_empty()).unwrap_or(true)
    }
}

/// A value owned by the reactive system, not tracked.
pub struct StoredValue<T: 'static>(Id, PhantomData<T>);

impl<T> Clone for StoredValue<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for StoredValue<T> {}

impl<T: 'static> StoredValue<T> {
    #[inline(always)]
    pub fn new(value: T) -> Self {
        StoredValue(create(Some(Rc::new(RefCell::new(value))), None, false), PhantomData)
    }

    pub fn new_local(value: T) -> Self {
        Self::new(value)
    }

    pub fn try_with_value<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        value_of::<T>(self.0).map(|v| f(&v.borrow()))
    }

    pub fn with_value<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.try_with_value(f).unwrap_or_else(|| gone())
    }

    pub fn try_update_value<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        value_of::<T>(self.0).map(|v| f(&mut v.borrow_mut()))
    }

    pub fn update_value(&self, f: impl FnOnce(&mut T)) {
        self.try_update_value(f);
    }

    pub fn set_value(&self, value: T) {
        self.try_update_value(|v| *v = value);
    }
}

impl<T: Clone + 'static> StoredValue<T> {
    pub fn try_get_value(&self) -> Option<T> {
        self.try_with_value(T::clone)
    }

    pub fn get_value(&self) -> T {
        self.with_value(T::clone)
    }
}

/// A value that notifies what read it when it is set.
pub struct RwSignal<T: 'static>(Id, PhantomData<T>);

impl<T> Clone for RwSignal<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for RwSignal<T> {}

impl<T: 'static> RwSignal<T> {
    #[inline(always)]
    pub fn new(value: T) -> Self {
        RwSignal(create(Some(Rc::new(RefCell::new(value))), None, false), PhantomData)
    }

    pub fn track(&self) {
        track(self.0);
    }

    pub fn try_with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        value_of::<T>(self.0).map(|v| f(&v.borrow()))
    }

    pub fn try_with<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        track(self.0);
        self.try_with_untracked(f)
    }

    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.try_with(f).unwrap_or_else(|| gone())
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.try_with_untracked(f).unwrap_or_else(|| gone())
    }

    /// Changes the value in place and notifies; `None` if the signal is gone.
    pub fn try_update<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        let result = value_of::<T>(self.0).map(|v| f(&mut v.borrow_mut()));
        if result.is_some() {
            notify(self.0);
        }
        result
    }

    pub fn update(&self, f: impl FnOnce(&mut T)) {
        self.try_update(f);
    }

    /// Sets the value and notifies; gives the value back if the signal is gone.
    pub fn try_set(&self, value: T) -> Option<T> {
        match value_of::<T>(self.0) {
            Some(v) => {
                *v.borrow_mut() = value;
                notify(self.0);
                None
            }
            None => Some(value),
        }
    }

    pub fn set(&self, value: T) {
        self.try_set(value);
    }
}

impl<T: Clone + 'static> RwSignal<T> {
    pub fn get(&self) -> T {
        self.with(T::clone)
    }

    pub fn get_untracked(&self) -> T {
        self.with_untracked(T::clone)
    }

    pub fn try_get(&self) -> Option<T> {
        self.try_with(T::clone)
    }

    pub fn try_get_untracked(&self) -> Option<T> {
        self.try_with_untracked(T::clone)
    }
}

/// A derived value, recomputed when read after a source changed; observers
/// are only told when it compares different.
pub struct Memo<T: 'static>(Id, PhantomData<T>);

impl<T> Clone for Memo<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Memo<T> {}

impl<T: PartialEq + 'static> Memo<T> {
    #[inline(always)]
    pub fn new(f: impl Fn(Option<&T>) -> T + 'static) -> Self {
        Self::new_boxed(Box::new(f))
    }

    // Compiled once per value type, not once per memo (see `effect_compute`).
    #[allow(clippy::type_complexity)] // one use; a type alias would say less
    fn new_boxed(f: Box<dyn Fn(Option<&T>) -> T>) -> Self {
        let cell: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
        let value = cell.clone();
        let compute = move || {
            let new = f(value.borrow().as_ref());
            let changed = value.borrow().as_ref() != Some(&new);
            if changed {
                *value.borrow_mut() = Some(new);
            }
            changed
        };
        Memo(create(Some(cell), Some(Rc::new(compute)), false), PhantomData)
    }
}

impl<T: 'static> Memo<T> {
    pub fn track(&self) {
        self.try_with(|_| ());
    }

    pub fn try_with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        refresh(self.0);
        let cell = value_of::<Option<T>>(self.0)?;
        let value = cell.borrow();
        value.as_ref().map(f)
    }

    pub fn try_with<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        let result = self.try_with_untracked(f);
        track(self.0);
        result
    }

    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.try_with(f).unwrap_or_else(|| gone())
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.try_with_untracked(f).unwrap_or_else(|| gone())
    }
}

impl<T: Clone + 'static> Memo<T> {
    pub fn get(&self) -> T {
        self.with(T::clone)
    }

    pub fn get_untracked(&self) -> T {
        self.with_untracked(T::clone)
    }

    pub fn try_get_untracked(&self) -> Option<T> {
        self.try_with_untracked(T::clone)
    }
}

// Boxed first, so the wrapper below is compiled once per value type (most
// effects return `()`), not once per effect.
#[inline(always)]
fn effect_compute<T: 'static>(f: impl Fn(Option<T>) -> T + 'static) -> Compute {
    effect_compute_boxed::<T>(Box::new(f))
}

fn effect_compute_boxed<T: 'static>(f: Box<dyn Fn(Option<T>) -> T>) -> Compute {
    let previous: RefCell<Option<T>> = RefCell::new(None);
    Rc::new(move || {
        let value = f(previous.borrow_mut().take());
        *previous.borrow_mut() = Some(value);
        true
    })
}

/// Runs a side effect in the microtask after it is made, and again after
/// what it read changes. Gets the value its previous run returned.
#[derive(Clone, Copy)]
pub struct Effect(Id);

impl Effect {
    #[inline(always)]
    pub fn new<T: 'static>(f: impl Fn(Option<T>) -> T + 'static) -> Effect {
        let id = create(None, Some(effect_compute(f)), true);
        queue(id);
        Effect(id)
    }

    /// Stops the effect before its owner goes.
    pub fn dispose(self) {
        dispose(self.0);
    }
}

/// Like [`Effect`], but the first run happens at once (it builds the DOM).
#[derive(Clone, Copy)]
pub struct RenderEffect(Id);

impl RenderEffect {
    #[inline(always)]
    pub fn new<T: 'static>(f: impl Fn(Option<T>) -> T + 'static) -> RenderEffect {
        let id = create(None, Some(effect_compute(f)), true);
        refresh(id);
        RenderEffect(id)
    }

    /// Stops the effect before its owner goes.
    pub fn dispose(self) {
        dispose(self.0);
    }
}

/// A read-only reactive value of any origin.
pub enum Signal<T: 'static> {
    Stored(StoredValue<T>),
    Rw(RwSignal<T>),
    Memo(Memo<T>),
    Derived(StoredValue<Rc<dyn Fn() -> T>>),
}

impl<T> Clone for Signal<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Signal<T> {}

impl<T: 'static> Signal<T> {
    pub fn derive(f: impl Fn() -> T + 'static) -> Self {
        Signal::Derived(StoredValue::new(Rc::new(f) as Rc<dyn Fn() -> T>))
    }

    pub fn stored(value: T) -> Self {
        Signal::Stored(StoredValue::new(value))
    }

    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        match self {
            Signal::Stored(v) => v.with_value(f),
            Signal::Rw(s) => s.with(f),
            Signal::Memo(m) => m.with(f),
            Signal::Derived(d) => f(&d.with_value(Rc::clone)()),
        }
    }
}

impl<T: Clone + 'static> Signal<T> {
    pub fn get(&self) -> T {
        self.with(T::clone)
    }

    pub fn get_untracked(&self) -> T {
        untrack(|| self.get())
    }
}

impl<T> From<RwSignal<T>> for Signal<T> {
    fn from(s: RwSignal<T>) -> Self {
        Signal::Rw(s)
    }
}

impl<T> From<Memo<T>> for Signal<T> {
    fn from(m: Memo<T>) -> Self {
        Signal::Memo(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter() -> (Rc<Cell<u32>>, impl Fn() + Clone) {
        let n = Rc::new(Cell::new(0));
        let m = n.clone();
        (n, move || m.set(m.get() + 1))
    }

    #[test]
    fn effects_rerun_once_per_batch_of_writes() {
        let root = Owner::new();
        let (runs, bump) = counter();
        let a = root.with(|| RwSignal::new(1));
        let seen = Rc::new(Cell::new(0));
        let seen2 = seen.clone();
        root.with(|| {
            Effect::new(move |_| {
                bump();
                seen2.set(a.get());
            })
        });
        assert_eq!(runs.get(), 0, "Effect::new waits for the flush");
        flush();
        assert_eq!((runs.get(), seen.get()), (1, 1));
        a.set(2);
        a.set(3);
        flush();
        assert_eq!((runs.get(), seen.get()), (2, 3));
        flush();
        assert_eq!(runs.get(), 2, "nothing changed, nothing runs");
        root.cleanup();
        a.set(4);
        flush();
        assert_eq!(runs.get(), 2, "a disposed effect never runs");
        assert_eq!(a.try_get_untracked(), None);
    }

    #[test]
    fn memos_are_lazy_and_stop_unchanged_values() {
        let root = Owner::new();
        let (memo_runs, bump_memo) = counter();
        let (effect_runs, bump_effect) = counter();
        let n = root.with(|| RwSignal::new(2));
        let even = root.with(|| {
            Memo::new(move |_| {
                bump_memo();
                n.get() % 2 == 0
            })
        });
        assert_eq!(memo_runs.get(), 0, "not read yet");
        root.with(|| {
            RenderEffect::new(move |_| {
                bump_effect();
                even.get();
            })
        });
        assert_eq!((memo_runs.get(), effect_runs.get()), (1, 1));
        n.set(4);
        flush();
        assert_eq!((memo_runs.get(), effect_runs.get()), (2, 1), "the memo's value did not change");
        n.set(5);
        flush();
        assert_eq!((memo_runs.get(), effect_runs.get()), (3, 2));
        assert!(!even.get_untracked());
        root.cleanup();
    }

    #[test]
    fn a_rerun_disposes_what_the_last_run_made() {
        let root = Owner::new();
        let show = root.with(|| RwSignal::new(true));
        let inner_value = root.with(|| RwSignal::new(0));
        let (inner_runs, bump) = counter();
        let cleaned = Rc::new(Cell::new(0));
        let cleaned2 = cleaned.clone();
        root.with(|| {
            RenderEffect::new(move |_| {
                if show.get() {
                    let bump = bump.clone();
                    RenderEffect::new(move |_| {
                        bump();
                        inner_value.get();
                    });
                    let cleaned = cleaned2.clone();
                    on_cleanup(move || cleaned.set(cleaned.get() + 1));
                }
            })
        });
        assert_eq!(inner_runs.get(), 1);
        // Both change: the outer effect runs first and disposes the inner one.
        inner_value.set(1);
        show.set(false);
        flush();
        assert_eq!(inner_runs.get(), 1, "the disposed inner effect did not run");
        assert_eq!(cleaned.get(), 1);
        inner_value.set(2);
        flush();
        assert_eq!(inner_runs.get(), 1);
        root.cleanup();
    }

    #[test]
    fn a_cleanup_still_has_what_its_owner_made() {
        let root = Owner::new();
        let seen = Rc::new(Cell::new(None));
        let seen2 = seen.clone();
        let show = root.with(|| RwSignal::new(true));
        root.with(|| {
            RenderEffect::new(move |_| {
                if show.get() {
                    // Like a request in flight that the cleanup must abort.
                    let in_flight = StoredValue::new(Some(42u32));
                    let seen = seen2.clone();
                    on_cleanup(move || seen.set(in_flight.try_update_value(Option::take).flatten()));
                }
            })
        });
        show.set(false);
        flush();
        assert_eq!(seen.get(), Some(42), "the cleanup found its stored value gone");
        root.cleanup();
    }

    #[test]
    fn contexts_come_from_the_nearest_owner_above() {
        let root = Owner::new();
        root.with(|| provide_context(7u32));
        let child = root.with(Owner::new);
        assert_eq!(child.with(use_context::<u32>), Some(7));
        child.with(|| provide_context(8u32));
        assert_eq!(child.with(use_context::<u32>), Some(8));
        assert_eq!(root.with(use_context::<u32>), Some(7));
        assert_eq!(root.with(use_context::<String>), None);
        root.cleanup();
        assert_eq!(child.with(use_context::<u32>), None, "disposed with its parent");
    }

    #[test]
    fn slots_are_reused_so_memory_stays_flat() {
        let root = Owner::new();
        let before = RT.with(|rt| rt.slots.borrow().len());
        for _ in 0..1000 {
            let page = root.with(Owner::new);
            page.with(|| {
                let s = RwSignal::new(1);
                let m = Memo::new(move |_| s.get() + 1);
                RenderEffect::new(move |_| {
                    m.get();
                });
            });
            page.cleanup();
        }
        let after = RT.with(|rt| rt.slots.borrow().len());
        assert!(after - before <= 4, "{before} -> {after} slots");
        let children = slot(root.0, |s| s.children.len()).unwrap_or(0);
        assert!(children <= 32, "disposed children are dropped from the list ({children})");
        root.cleanup();
    }

    #[test]
    fn untracked_reads_do_not_subscribe() {
        let root = Owner::new();
        let (runs, bump) = counter();
        let a = root.with(|| RwSignal::new(0));
        root.with(|| {
            RenderEffect::new(move |_| {
                bump();
                untrack(|| a.get());
            })
        });
        a.set(1);
        flush();
        assert_eq!(runs.get(), 1);
        root.cleanup();
    }
}
