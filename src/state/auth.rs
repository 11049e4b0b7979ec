//! The reactive session: who is signed in, and why they were sent to sign in.
//! When a host page owns the token, the app never stores it and tells the
//! host (a DOM event) when authentik stops accepting it.

use super::session::{self, Cleared, Persistence, Session};
use crate::api::error::{token_tag, ApiError};
use crate::ui::prelude::*;

/// The event dispatched on the mount element when a host-supplied token is refused.
pub const SESSION_ENDED_EVENT: &str = "authentik-flows:session-ended";

#[derive(Clone, Copy)]
pub struct Auth {
    pub session: RwSignal<Option<Session>>,
    /// Shown once on the sign-in screen (session ended, signed out).
    pub notice: RwSignal<Option<String>>,
    /// The mount element, when the host page supplies the token.
    host: StoredValue<Option<web_sys::HtmlElement>>,
    /// The session ended without the user signing out here (refused token,
    /// signed out in another tab): an editor then keeps its unsaved changes.
    ended: StoredValue<bool>,
    /// The session authentik refused was remembered on this device: signing
    /// in again offers the same (it quietly became this tab's only).
    remembered: StoredValue<bool>,
}

impl Auth {
    /// Picks up a stored session, if any.
    pub fn restore() -> Self {
        Auth {
            session: RwSignal::new(session::load().map(|(s, _)| s)),
            notice: RwSignal::new(None),
            host: StoredValue::new_local(None),
            ended: StoredValue::new(false),
            remembered: StoredValue::new(false),
        }
    }

    /// A session owned by the host page mounted at `root`.
    pub fn hosted(root: web_sys::HtmlElement, session: Option<Session>) -> Self {
        Auth {
            session: RwSignal::new(session),
            notice: RwSignal::new(None),
            host: StoredValue::new_local(Some(root)),
            ended: StoredValue::new(false),
            remembered: StoredValue::new(false),
        }
    }

    /// Whether the session ended other than by signing out here.
    pub fn has_ended(&self) -> bool {
        self.session.with_untracked(Option::is_none) && self.ended.get_value()
    }

    /// Whether the session that authentik refused was remembered on this device.
    pub fn was_remembered(&self) -> bool {
        self.remembered.get_value()
    }

    pub fn is_hosted(&self) -> bool {
        self.host.with_value(|h| h.is_some())
    }

    /// The host page gives a (new) token.
    pub fn set_host_token(&self, session: Session) {
        self.notice.set(None);
        self.session.set(Some(session));
    }

    /// Returns false if the browser refused to store the session.
    pub fn sign_in(&self, session: Session, persistence: Persistence) -> bool {
        let stored = session::save(&session, persistence);
        self.notice.set(None);
        self.session.set(Some(session));
        stored
    }

    pub fn sign_out(&self) {
        session::clear(Some(Cleared::SignedOut));
        self.ended.set_value(false);
        self.notice.set(Some("You have signed out.".into()));
        self.session.set(None);
    }

    /// The device's session, which this tab used, was removed by another
    /// tab: signed out there, or refused by authentik there (said as here,
    /// with *Remember on this device* offered again).
    pub fn ended_elsewhere(&self) {
        self.ended.set_value(true);
        let notice = match session::refused_on_device() {
            Some(detail) => {
                self.remembered.set_value(true);
                ended_notice(&detail)
            }
            None => "You signed out in another tab.".into(),
        };
        self.notice.set(Some(notice));
        self.session.set(None);
    }

    /// Another tab signed in to the device's session while this one was at
    /// the sign-in screen after its own ended: it goes on with it too.
    pub fn signed_in_elsewhere(&self, session: Session) {
        self.notice.set(None);
        self.session.set(Some(session));
    }

    /// Handles what every screen handles the same way. Returns true when the
    /// error ended the session (the app then shows the sign-in screen, or asks
    /// the host page for a new token). A refusal of a token this page has
    /// since replaced (signed in again, or a new one from the host while the
    /// request was out) ends nothing: the caller shows it as a failure.
    pub fn intercept(&self, error: &ApiError) -> bool {
        let ApiError::SessionEnded(detail, tag) = error else { return false };
        if self.session.get_untracked().map(|s| token_tag(&s.token)) != Some(*tag) {
            return false;
        }
        self.ended.set_value(true);
        if let Some(root) = self.host.get_value() {
            self.notice.set(Some(format!("authentik refused the token this page provided ({detail}).")));
            self.session.set(None);
            let init = web_sys::CustomEventInit::new();
            init.set_bubbles(true);
            init.set_detail(&wasm_bindgen::JsValue::from_str(detail));
            if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(SESSION_ENDED_EVENT, &init) {
                let _ = root.dispatch_event(&event);
            }
        } else {
            self.remembered.set_value(session::load().is_some_and(|(_, p)| p == Persistence::Device));
            session::clear(Some(Cleared::Refused(detail)));
            self.notice.set(Some(ended_notice(detail)));
            self.session.set(None);
        }
        true
    }
}

fn ended_notice(detail: &str) -> String {
    format!("Your session has ended ({detail}). Sign in again to continue where you were.")
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
