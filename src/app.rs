//! Routes and the signed-in shell.

use crate::components::data_table::ListMemory;
use crate::list::query::encode_component;
use crate::pages::binding_editor::{BindingCreatePage, BindingEditPage};
use crate::pages::bindings::BindingsPage;
use crate::pages::stages::{SourceStagesPage, StagesPage, UserLoginStagesPage};
use crate::pages::{flow_detail::FlowDetailPage, flows::FlowsPage, not_found::NotFoundPage, signin::SignInPage};
use crate::state::auth::{use_auth, Auth};
use crate::state::base::AppBase;
use crate::state::config::AppConfig;
use crate::state::flash::Flash;
use crate::state::guard::{use_leave_guard, LeaveGuard};
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, NavigateOptions};

#[component]
pub fn App(config: AppConfig, base: AppBase, auth: Auth) -> impl IntoView {
    if !auth.is_hosted() {
        // The app's own page: its title. (An embedding page keeps its own.)
        document().set_title(&config.title);
    }
    let warnings = config.warnings.clone();
    let router_base = base.as_str().to_string();
    provide_context(config);
    provide_context(base);
    provide_context(auth);
    provide_context(ListMemory(StoredValue::new(Default::default())));
    provide_context(LeaveGuard::install());
    provide_context(Flash(RwSignal::new(None)));
    view! {
        <div class="akf-root">
            {(!warnings.is_empty()).then(|| view! {
                <div class="config-warning" role="alert">
                    <p>"The configuration has problems:"</p>
                    <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                </div>
            })}
            <Router base=router_base>
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/signin") view=SignInPage />
                    <ParentRoute path=path!("") view=Shell>
                        <Route path=path!("") view=|| view! { <Redirect path="/flows" /> } />
                        <Route path=path!("flows") view=FlowsPage />
                        <Route path=path!("flows/:slug") view=FlowDetailPage />
                        <Route path=path!("stages") view=StagesPage />
                        <Route path=path!("stages/user_login") view=UserLoginStagesPage />
                        <Route path=path!("stages/source") view=SourceStagesPage />
                        <Route path=path!("bindings") view=BindingsPage />
                        <Route path=path!("bindings/new") view=BindingCreatePage />
                        <Route path=path!("bindings/:pk") view=BindingEditPage />
                    </ParentRoute>
                </Routes>
            </Router>
        </div>
    }
}

/// Header and navigation around every signed-in screen. Without a session it
/// sends the user to sign in, remembering where they were (or, when a host
/// page owns the token, says that the host must provide a new one).
#[component]
fn Shell() -> impl IntoView {
    let auth = use_auth();
    let config = expect_context::<AppConfig>();
    let base = expect_context::<AppBase>();
    let location = use_location();
    let navigate = use_navigate();
    let signed_in = Memo::new(move |_| auth.session.with(|s| s.is_some()));
    let hosted = auth.is_hosted();

    let strip = base.clone();
    let base = StoredValue::new(base);
    Effect::new(move |_| {
        if !signed_in.get() && !hosted {
            let search = location.search.get_untracked();
            let full = if search.is_empty() {
                location.pathname.get_untracked()
            } else {
                format!("{}?{}", location.pathname.get_untracked(), search)
            };
            let here = strip.strip(&full);
            navigate(
                &format!("/signin?next={}", encode_component(&here)),
                NavigateOptions { replace: true, ..Default::default() },
            );
        }
    });

    let title = StoredValue::new(config.title.clone());
    let guard = use_leave_guard();
    let flash = expect_context::<Flash>();
    let here = Memo::new(move |_| base.with_value(|b| b.strip(&location.pathname.get())));
    // A flash belongs to the page it was meant for; leaving that page drops it.
    Effect::new(move |_| {
        let here = here.get();
        if flash.0.with_untracked(|f| f.as_ref().is_some_and(|(path, _)| *path != here)) {
            flash.0.set(None);
        }
    });
    let flash_text = move || {
        let here = here.get();
        flash.0.with(|f| f.as_ref().filter(|(path, _)| *path == here).map(|(_, text)| text.clone()))
    };
    let username = move || auth.session.with(|s| s.as_ref().map(|s| s.username.clone()).unwrap_or_default());
    view! {
        <Show
            when=move || signed_in.get()
            fallback=move || {
                hosted.then(|| view! {
                    <div class="state error host-token" role="alert">
                        <p class="state-title">"No usable token"</p>
                        <p>
                            {move || auth.notice.get().unwrap_or_else(|| "The page embedding this app has not provided a token.".into())}
                        </p>
                        <p>"The page that embeds this app needs to provide a new one."</p>
                    </div>
                })
            }
        >
            // With <base href>, "#main" would resolve to the app's root, not this
            // page: move focus by hand instead of following the link.
            <a
                class="skip-link"
                href="#main"
                on:click=move |ev| {
                    ev.prevent_default();
                    if let Some(main) = document().get_element_by_id("main") {
                        use wasm_bindgen::JsCast;
                        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                            let _ = main.focus();
                        }
                    }
                }
            >
                "Skip to content"
            </a>
            <header class="app-header">
                // <A> resolves only relative paths against the router base; ours are absolute.
                <A href=base.with_value(|b| b.href("/flows")) attr:class="brand">{move || title.get_value()}</A>
                <nav aria-label="Main">
                    <A href=base.with_value(|b| b.href("/flows"))>"Flows"</A>
                    <A href=base.with_value(|b| b.href("/stages"))>"Stages"</A>
                    <A href=base.with_value(|b| b.href("/bindings"))>"Bindings"</A>
                </nav>
                {(!hosted).then(|| view! {
                    <div class="user">
                        <span class="username" title="Signed in as">{username}</span>
                        <button
                            type="button"
                            class="link-button"
                            on:click=move |_| {
                                if guard.confirm_leave() {
                                    auth.sign_out()
                                }
                            }
                        >
                            "Sign out"
                        </button>
                    </div>
                })}
            </header>
            <main id="main" tabindex="-1">
                <p class="flash" role="status">{flash_text}</p>
                <Outlet />
            </main>
        </Show>
    }
}
