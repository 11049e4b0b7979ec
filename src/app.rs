//! The app: one router signal decides the screen; signed-in screens share the shell.

use crate::components::data_table::ListMemory;
use crate::list::query::encode_component;
use crate::pages::binding_editor::{BindingCreatePage, BindingEditPage};
use crate::pages::bindings::BindingsPage;
use crate::pages::stages::{SourceStagesPage, StagesPage, UserLoginStagesPage};
use crate::pages::{flow_detail::FlowDetailPage, flows::FlowsPage, not_found::NotFoundPage, signin::SignInPage};
use crate::router::{use_router, Nav, Page, Router};
use crate::state::auth::{use_auth, Auth};
use crate::state::base::AppBase;
use crate::state::config::AppConfig;
use crate::state::flash::Flash;
use crate::state::guard::{use_leave_guard, LeaveGuard};
use leptos::prelude::*;

/// Which part of the app is on screen: the shell stays mounted while its pages change.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Area {
    SignIn,
    NotFound,
    App,
}

#[component]
pub fn App(config: AppConfig, base: AppBase, auth: Auth) -> impl IntoView {
    if !auth.is_hosted() {
        // The app's own page: its title. (An embedding page keeps its own.)
        document().set_title(&config.title);
    }
    let warnings = config.warnings.clone();
    // The leave guard's listeners must be registered before the router's: for
    // events on the window itself, Chrome runs listeners in registration order,
    // and the guard has to see a Back before the router acts on it.
    provide_context(LeaveGuard::install());
    let router = Router::install(base.clone());
    provide_context(config);
    provide_context(base);
    provide_context(auth);
    provide_context(router);
    provide_context(ListMemory(StoredValue::new(Default::default())));
    provide_context(Flash(RwSignal::new(None)));

    let page = Memo::new(move |_| router.signal().with(|u| Page::from_path(&u.path)));
    let area = Memo::new(move |_| match page.get() {
        Page::SignIn => Area::SignIn,
        Page::NotFound => Area::NotFound,
        _ => Area::App,
    });
    // "/" has no screen of its own.
    Effect::new(move |_| {
        if page.get() == Page::Home {
            router.navigate("/flows", Nav::Replace);
        }
    });
    view! {
        <div class="akf-root">
            {(!warnings.is_empty()).then(|| view! {
                <div class="config-warning" role="alert">
                    <p>"The configuration has problems:"</p>
                    <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                </div>
            })}
            {move || match area.get() {
                Area::SignIn => view! { <SignInPage /> }.into_any(),
                Area::NotFound => view! { <NotFoundPage /> }.into_any(),
                Area::App => view! { <Shell page /> }.into_any(),
            }}
        </div>
    }
}

fn page_view(page: Page) -> AnyView {
    match page {
        Page::Flows => view! { <FlowsPage /> }.into_any(),
        Page::FlowDetail(slug) => view! { <FlowDetailPage slug /> }.into_any(),
        Page::Stages => view! { <StagesPage /> }.into_any(),
        Page::UserLoginStages => view! { <UserLoginStagesPage /> }.into_any(),
        Page::SourceStages => view! { <SourceStagesPage /> }.into_any(),
        Page::Bindings => view! { <BindingsPage /> }.into_any(),
        Page::BindingNew => view! { <BindingCreatePage /> }.into_any(),
        Page::BindingEdit(pk) => view! { <BindingEditPage pk /> }.into_any(),
        Page::Home | Page::SignIn | Page::NotFound => ().into_any(),
    }
}

/// A link in the header that says when it is the current section.
fn nav_link(
    base: &AppBase,
    page: Memo<Page>,
    href: &'static str,
    text: &'static str,
    section: fn(&Page) -> bool,
) -> impl IntoView {
    view! {
        <a href=base.href(href) aria-current=move || page.with(section).then_some("page")>
            {text}
        </a>
    }
}

/// Header and navigation around every signed-in screen. Without a session it
/// sends the user to sign in, remembering where they were (or, when a host
/// page owns the token, says that the host must provide a new one).
#[component]
fn Shell(page: Memo<Page>) -> impl IntoView {
    let auth = use_auth();
    let config = expect_context::<AppConfig>();
    let base = expect_context::<AppBase>();
    let router = use_router();
    let signed_in = Memo::new(move |_| auth.session.with(|s| s.is_some()));
    let hosted = auth.is_hosted();

    Effect::new(move |_| {
        if !signed_in.get() && !hosted {
            let here = router.url_untracked().to_string_full();
            router.navigate(&format!("/signin?next={}", encode_component(&here)), Nav::Replace);
        }
    });

    let guard = use_leave_guard();
    let flash = expect_context::<Flash>();
    let here = Memo::new(move |_| router.signal().with(|u| u.path.clone()));
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
    let content = move || signed_in.get().then(|| page_view(page.get()));
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
                <a href=base.href("/flows") class="brand">{config.title.clone()}</a>
                <nav aria-label="Main">
                    {nav_link(&base, page, "/flows", "Flows", |p| matches!(p, Page::Flows | Page::FlowDetail(_)))}
                    {nav_link(&base, page, "/stages", "Stages", |p| matches!(p, Page::Stages | Page::UserLoginStages | Page::SourceStages))}
                    {nav_link(&base, page, "/bindings", "Bindings", |p| matches!(p, Page::Bindings | Page::BindingNew | Page::BindingEdit(_)))}
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
                {content}
            </main>
        </Show>
    }
}
