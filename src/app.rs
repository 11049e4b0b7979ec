//! Routes and the signed-in shell.

use crate::components::data_table::ListMemory;
use crate::list::query::encode_component;
use crate::pages::binding_editor::{BindingCreatePage, BindingEditPage};
use crate::pages::bindings::BindingsPage;
use crate::pages::stages::{SourceStagesPage, StagesPage, UserLoginStagesPage};
use crate::pages::{flow_detail::FlowDetailPage, flows::FlowsPage, not_found::NotFoundPage, signin::SignInPage};
use crate::state::auth::{use_auth, Auth};
use crate::state::config::AppConfig;
use crate::state::flash::Flash;
use crate::state::guard::{use_leave_guard, LeaveGuard};
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, NavigateOptions};

#[component]
pub fn App() -> impl IntoView {
    provide_context(AppConfig::default());
    provide_context(Auth::restore());
    provide_context(ListMemory(StoredValue::new(Default::default())));
    provide_context(LeaveGuard::install());
    provide_context(Flash(RwSignal::new(None)));
    view! {
        <Router>
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
    }
}

/// Header and navigation around every signed-in screen. Without a session it
/// sends the user to sign in, remembering where they were.
#[component]
fn Shell() -> impl IntoView {
    let auth = use_auth();
    let config = expect_context::<AppConfig>();
    let location = use_location();
    let navigate = use_navigate();
    let signed_in = Memo::new(move |_| auth.session.with(|s| s.is_some()));

    Effect::new(move |_| {
        if !signed_in.get() {
            let search = location.search.get_untracked();
            let here = if search.is_empty() {
                location.pathname.get_untracked()
            } else {
                format!("{}?{}", location.pathname.get_untracked(), search)
            };
            navigate(
                &format!("/signin?next={}", encode_component(&here)),
                NavigateOptions { replace: true, ..Default::default() },
            );
        }
    });

    let title = StoredValue::new(config.title.clone());
    let guard = use_leave_guard();
    let flash = expect_context::<Flash>();
    // A flash belongs to the page it was meant for; leaving that page drops it.
    Effect::new(move |_| {
        let here = location.pathname.get();
        if flash.0.with_untracked(|f| f.as_ref().is_some_and(|(path, _)| *path != here)) {
            flash.0.set(None);
        }
    });
    let flash_text = move || {
        let here = location.pathname.get();
        flash.0.with(|f| f.as_ref().filter(|(path, _)| *path == here).map(|(_, text)| text.clone()))
    };
    let username = move || auth.session.with(|s| s.as_ref().map(|s| s.username.clone()).unwrap_or_default());
    view! {
        <Show when=move || signed_in.get()>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="app-header">
                <A href="/flows" attr:class="brand">{move || title.get_value()}</A>
                <nav aria-label="Main">
                    <A href="/flows">"Flows"</A>
                    <A href="/stages">"Stages"</A>
                    <A href="/bindings">"Bindings"</A>
                </nav>
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
            </header>
            <main id="main" tabindex="-1">
                <p class="flash" role="status">{flash_text}</p>
                <Outlet />
            </main>
        </Show>
    }
}
