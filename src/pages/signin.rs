//! `/signin`: asks for an API token, checks it with one request
//! (`GET /core/users/me/`) and only then stores it.

use crate::api::client;
use crate::api::error::ApiError;
use crate::api::models::SessionUser;
use crate::components::states::screen_notice;
use crate::router::{use_router, Nav};
use crate::state::auth::use_auth;
use crate::state::config::{AppConfig, TokenStorage};
use crate::state::session::{normalise_api_base, safe_return_path, Persistence, Session};
use crate::ui::dom::{el, event_checked, event_value, focus_id, focus_later, El};
use crate::ui::prelude::*;

/// `main_tag`: the element that holds the page (`main`, or `div` in a host page).
pub fn sign_in_page(main_tag: &'static str) -> El {
    let auth = use_auth();
    let config = expect_context::<AppConfig>();
    let router = use_router();

    // Signed in (now, or already): go back where the user was.
    Effect::new(move |_| {
        if auth.session.with(|s| s.is_some()) {
            let next = safe_return_path(router.url_untracked().get("next").as_deref());
            router.navigate(&next, Nav::Replace);
        }
    });

    let token = RwSignal::new(String::new());
    let api_base = RwSignal::new(config.api_base.clone());
    let remember = RwSignal::new(auth.was_remembered());
    let token_error = RwSignal::new(None::<String>);
    let base_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let checking = RwSignal::new(false);
    let advanced_open = RwSignal::new(false);
    // The deployment may decide where tokens live; then there is nothing to choose.
    let forced = config.token_storage;

    let submit = move |ev: web_sys::Event| {
        ev.prevent_default();
        if checking.get_untracked() {
            return;
        }
        token_error.set(None);
        base_error.set(None);
        form_error.set(None);
        let typed_token = token.get_untracked().trim().to_string();
        // A token is printable ASCII: a space, line break or typographic
        // character (pasted from a document) cannot go into the header, and
        // the request would leave without one.
        let problem = if typed_token.is_empty() {
            Some("Enter an API token.")
        } else if typed_token.chars().any(|c| !c.is_ascii_graphic()) {
            Some("An API token has no spaces, line breaks or characters such as “ or …: check what was pasted.")
        } else {
            None
        };
        if let Some(problem) = problem {
            token_error.set(Some(problem.into()));
            focus_id("akf-signin-token");
            return;
        }
        let base = match normalise_api_base(&api_base.get_untracked()) {
            Ok(base) => base,
            Err(message) => {
                base_error.set(Some(message));
                advanced_open.set(true);
                focus_id("akf-signin-api-base");
                return;
            }
        };
        let persistence = match forced {
            Some(TokenStorage::Local) => Persistence::Device,
            Some(TokenStorage::Session) => Persistence::Tab,
            _ if remember.get_untracked() => Persistence::Device,
            _ => Persistence::Tab,
        };
        let candidate = Session { api_base: base.clone(), token: typed_token, username: String::new() };
        checking.set(true);
        spawn_local(async move {
            let result = client::get_json::<SessionUser>(&candidate, "core/users/me/", None).await;
            checking.try_set(false);
            match result {
                Ok(me) => {
                    let session = Session { username: me.user.username, ..candidate };
                    if !auth.sign_in(session, persistence) {
                        // Still signed in for this page's lifetime; say why a reload will ask again.
                        web_sys::console::warn_1(
                            &"browser storage refused the session; it will last until reload".into(),
                        );
                    }
                }
                Err(ApiError::SessionEnded(detail, _)) | Err(ApiError::Forbidden(detail)) => {
                    token_error.try_set(Some(format!("This token was not accepted: {detail}")));
                    focus_id("akf-signin-token");
                }
                Err(ApiError::Http { status: 404, .. }) | Err(ApiError::Decode(_)) => {
                    form_error.try_set(Some(format!(
                        "No authentik API answered at {base}. Check the API base URL under “Connection settings”."
                    )));
                }
                // A fetch to another origin that the browser blocks (no CORS
                // headers, the page's connect-src) looks the same as no network.
                Err(ApiError::Network) if !base.starts_with('/') => {
                    form_error.try_set(Some(format!(
                        "{} Another origin's API also needs CORS and this page's connect-src to allow {base}.",
                        ApiError::Network.message()
                    )));
                }
                Err(e) => {
                    form_error.try_set(Some(e.message()));
                }
            }
        });
    };

    let field_error = |id: &str, error: RwSignal<Option<String>>| {
        el("p").id(id).class("field-error").attr("role", "alert").dyn_text(move || error.get().unwrap_or_default())
    };
    let storage_choice = match forced {
        None => el("div")
            .class("field checkbox")
            .child(
                el("input")
                    .id("akf-signin-remember")
                    .attr("type", "checkbox")
                    .dyn_bool("checked", move || remember.get())
                    .on("change", move |ev| remember.set(event_checked(&ev))),
            )
            .child(el("label").attr("for", "akf-signin-remember").text("Remember on this device")),
        Some(TokenStorage::Local) => {
            el("p").class("hint").text("The token is remembered on this device until you sign out.")
        }
        Some(TokenStorage::Session) => el("p").class("hint").text("The token is kept for this tab only."),
        Some(TokenStorage::Host) => el("p").class("hint").text("The page embedding this app provides the token."),
    };

    // The one thing to do here: the token field has focus from the start.
    focus_later(vec!["akf-signin-token".to_string()]);
    el(main_tag).class("signin").id("akf-main").child(
        el("form")
            .class("signin-card")
            .prop_bool("noValidate", true)
            .on("submit", submit)
            .child(el("h1").text(&config.title))
            .child(
                el("p")
                    .class("hint")
                    .text("Sign in with an authentik API token (Directory → Tokens and App passwords, intent “API”)."),
            )
            // A status, not an alert: "You have signed out." is no error, and
            // an ended session is news, not something to fix in this form.
            .region(move || auth.notice.get().map(|notice| screen_notice("akf-signin-notice", notice)))
            .child(
                el("div")
                    .class("field")
                    .child(el("label").attr("for", "akf-signin-token").text("API token"))
                    .child(
                        el("input")
                            .id("akf-signin-token")
                            .attr("type", "password")
                            .attr("autocomplete", "off")
                            .attr("spellcheck", "false")
                            // The notice too: focus comes here with the screen it is on.
                            .attr("aria-describedby", "akf-signin-notice akf-signin-token-error")
                            .dyn_value(move || token.get())
                            // What is being checked is what the box shows.
                            .dyn_bool("readOnly", move || checking.get())
                            .dyn_attr("aria-invalid", move || Some(token_error.with(|e| e.is_some()).to_string()))
                            .on("input", move |ev| token.set(event_value(&ev))),
                    )
                    .child(field_error("akf-signin-token-error", token_error)),
            )
            .child(storage_choice)
            .child(
                el("details")
                    .class("advanced")
                    // A group named as its summary is (Chrome gives it no name).
                    .attr("aria-labelledby", "akf-signin-advanced")
                    .dyn_bool("open", move || advanced_open.get())
                    .child(el("summary").id("akf-signin-advanced").text("Connection settings"))
                    .child(
                        el("div")
                            .class("field")
                            .child(el("label").attr("for", "akf-signin-api-base").text("API base URL"))
                            .child(
                                el("input")
                                    .id("akf-signin-api-base")
                                    .attr("type", "text")
                                    .attr("aria-describedby", "akf-signin-api-base-error")
                                    .dyn_value(move || api_base.get())
                                    .dyn_bool("readOnly", move || checking.get())
                                    .dyn_attr("aria-invalid", move || {
                                        Some(base_error.with(|e| e.is_some()).to_string())
                                    })
                                    .on("input", move |ev| api_base.set(event_value(&ev))),
                            )
                            .child(field_error("akf-signin-api-base-error", base_error)),
                    ),
            )
            .child(
                el("p")
                    .class("form-error")
                    .attr("role", "alert")
                    .dyn_text(move || form_error.get().unwrap_or_default()),
            )
            .child(
                el("button")
                    .attr("type", "submit")
                    .class("primary")
                    // Not `disabled`: focus would fall to the page (`submit` ignores it while checking).
                    .dyn_attr("aria-disabled", move || checking.get().then(|| "true".to_string()))
                    .dyn_text(move || if checking.get() { "Checking the token…" } else { "Sign in" }.to_string()),
            ),
    )
}
