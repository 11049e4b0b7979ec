//! The reactive session: who is signed in, and why they were sent to sign in.

use super::session::{self, Persistence, Session};
use crate::api::error::ApiError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Auth {
    pub session: RwSignal<Option<Session>>,
    /// Shown once on the sign-in screen (session ended, signed out).
    pub notice: RwSignal<Option<String>>,
}

impl Auth {
    /// Picks up a stored session, if any.
    pub fn restore() -> Self {
        Auth { session: RwSignal::new(session::load().map(|(s, _)| s)), notice: RwSignal::new(None) }
    }

    /// Returns false if the browser refused to store the session.
    pub fn sign_in(&self, session: Session, persistence: Persistence) -> bool {
        let stored = session::save(&session, persistence);
        self.notice.set(None);
        self.session.set(Some(session));
        stored
    }

    pub fn sign_out(&self) {
        session::clear();
        self.notice.set(Some("You have signed out.".into()));
        self.session.set(None);
    }

    /// Handles what every screen handles the same way. Returns true when the
    /// error ended the session (the app then shows the sign-in screen).
    pub fn intercept(&self, error: &ApiError) -> bool {
        if let ApiError::SessionEnded(detail) = error {
            session::clear();
            self.notice
                .set(Some(format!("Your session has ended ({detail}). Sign in again to continue where you were.")));
            self.session.set(None);
            true
        } else {
            false
        }
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
