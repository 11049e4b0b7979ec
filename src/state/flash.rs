//! A one-time message shown on the page an action returns to ("Saved …").

use crate::ui::dom::listen;
use crate::ui::prelude::*;

/// The message and the page it is for; whether the reader has moved on
/// since it came (see `install`); and whether it says something failed.
#[derive(Clone, Copy)]
pub struct Flash(pub RwSignal<Option<(String, String)>>, RwSignal<bool>, RwSignal<bool>);

impl Flash {
    /// The message sticks to the top of the window, so that it is seen
    /// wherever the page returns to; once the reader moves on (a key, the
    /// wheel, a touch) it settles at the top of the page, where it can no
    /// longer cover what they move to (a focused button, say).
    pub fn install() -> Flash {
        let flash = Flash(RwSignal::new(None), RwSignal::new(false), RwSignal::new(false));
        for kind in ["keydown", "wheel", "touchstart"] {
            listen(
                &window(),
                kind,
                Box::new(move |_| {
                    if !flash.1.get_untracked() {
                        flash.1.set(true);
                    }
                }),
            );
        }
        flash
    }

    /// Whether the reader has moved on since the message came (tracked).
    pub fn settled(&self) -> bool {
        self.1.get()
    }

    /// Whether the message says something failed (tracked).
    pub fn failed(&self) -> bool {
        self.2.get()
    }

    /// Shows `text` once the app is at `path` (a pathname).
    pub fn show_at(&self, path: &str, text: String) {
        self.show(path, text, false);
    }

    /// Shows `text`, about something that failed, once the app is at `path`.
    pub fn show_failure_at(&self, path: &str, text: String) {
        self.show(path, text, true);
    }

    fn show(&self, path: &str, text: String, failed: bool) {
        let path = path.split('?').next().unwrap_or(path).to_string();
        self.1.set(false);
        self.2.set(failed);
        self.0.set(Some((path, text)));
    }

    /// Drops the message: the page's own next message ("Moved …") is about
    /// what was done since, and two at once would read as one state.
    pub fn clear(&self) {
        if self.0.with_untracked(|f| f.is_some()) {
            self.0.set(None);
        }
    }
}

pub fn use_flash() -> Flash {
    expect_context::<Flash>()
}
