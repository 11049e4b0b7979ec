//! A one-time message shown on the page an action returns to ("Saved …").

use crate::ui::prelude::*;

#[derive(Clone, Copy)]
pub struct Flash(pub RwSignal<Option<(String, String)>>);

impl Flash {
    /// Shows `text` once the app is at `path` (a pathname).
    pub fn show_at(&self, path: &str, text: String) {
        let path = path.split('?').next().unwrap_or(path).to_string();
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
