//! `/signin`: asks for an API token, checks it with one request
//! (`GET /core/users/me/`) and only then stores it.

use crate::api::client;
use crate::api::error::ApiError;
use crate::api::models::SessionUser;
use crate::router::{use_router, Nav};
use crate::state::auth::use_auth;
use crate::state::config::{AppConfig, TokenStorage};
use crate::state::session::{normalise_api_base, safe_return_path, Persistence, Session};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SignInPage() -> impl IntoView {
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
    let remember = RwSignal::new(false);
    let token_error = RwSignal::new(None::<String>);
    let base_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let checking = RwSignal::new(false);
    let advanced_open = RwSignal::new(false);
    let token_input = NodeRef::<html::Input>::new();
    // The deployment may decide where tokens live; then there is nothing to choose.
    let forced = config.token_storage;
    let base_input = NodeRef::<html::Input>::new();

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if checking.get_untracked() {
            return;
        }
        token_error.set(None);
        base_error.set(None);
        form_error.set(None);
        let typed_token = token.get_untracked().trim().to_string();
        if typed_token.is_empty() {
            token_error.set(Some("Enter an API token.".into()));
            if let Some(input) = token_input.get_untracked() {
                let _ = input.focus();
            }
            return;
        }
        let base = match normalise_api_base(&api_base.get_untracked()) {
            Ok(base) => base,
            Err(message) => {
                base_error.set(Some(message));
                advanced_open.set(true);
                if let Some(input) = base_input.get_untracked() {
                    let _ = input.focus();
                }
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
                        leptos::logging::warn!("browser storage refused the session; it will last until reload");
                    }
                }
                Err(ApiError::SessionEnded(detail)) | Err(ApiError::Forbidden(detail)) => {
                    token_error.try_set(Some(format!("This token was not accepted: {detail}")));
                    if let Some(input) = token_input.get_untracked() {
                        let _ = input.focus();
                    }
                }
                Err(ApiError::Http { status: 404, .. }) | Err(ApiError::Decode(_)) => {
                    form_error.try_set(Some(format!(
                        "No authentik API answered at {base}. Check the API base URL under “Connection settings”."
                    )));
                }
                Err(e) => {
                    form_error.try_set(Some(e.message()));
                }
            }
        });
    };

    view! {
        <main class="signin" id="main">
            <form class="signin-card" on:submit=submit novalidate=true>
                <h1>{config.title.clone()}</h1>
                <p class="hint">
                    "Sign in with an authentik API token (Directory → Tokens and App passwords, intent “API”)."
                </p>
                {move || auth.notice.get().map(|notice| view! { <p class="notice" role="alert">{notice}</p> })}
                <div class="field">
                    <label for="signin-token">"API token"</label>
                    <input
                        id="signin-token"
                        node_ref=token_input
                        type="password"
                        autocomplete="off"
                        spellcheck="false"
                        bind:value=token
                        aria-invalid=move || token_error.with(|e| e.is_some()).to_string()
                        aria-describedby="signin-token-error"
                    />
                    <p id="signin-token-error" class="field-error" role="alert">
                        {move || token_error.get()}
                    </p>
                </div>
                {match forced {
                    None => view! {
                        <div class="field checkbox">
                            <input id="signin-remember" type="checkbox" bind:checked=remember />
                            <label for="signin-remember">"Remember on this device"</label>
                        </div>
                    }
                    .into_any(),
                    Some(TokenStorage::Local) => {
                        view! { <p class="hint">"The token is remembered on this device until you sign out."</p> }.into_any()
                    }
                    Some(TokenStorage::Session) => {
                        view! { <p class="hint">"The token is kept for this tab only."</p> }.into_any()
                    }
                    Some(TokenStorage::Host) => {
                        view! { <p class="hint">"The page embedding this app provides the token."</p> }.into_any()
                    }
                }}
                <details class="advanced" prop:open=move || advanced_open.get()>
                    <summary>"Connection settings"</summary>
                    <div class="field">
                        <label for="signin-api-base">"API base URL"</label>
                        <input
                            id="signin-api-base"
                            node_ref=base_input
                            type="text"
                            bind:value=api_base
                            aria-invalid=move || base_error.with(|e| e.is_some()).to_string()
                            aria-describedby="signin-api-base-error"
                        />
                        <p id="signin-api-base-error" class="field-error" role="alert">
                            {move || base_error.get()}
                        </p>
                    </div>
                </details>
                <p class="form-error" role="alert">{move || form_error.get()}</p>
                <button type="submit" class="primary" disabled=move || checking.get()>
                    {move || if checking.get() { "Checking the token…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}
