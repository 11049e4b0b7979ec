//! The app: one router signal decides the screen; signed-in screens share the shell.

use crate::components::data_table::{first_request, ListMemory};
use crate::components::fetch::send_early;
use crate::list::descriptor::ListDescriptor;
use crate::list::query::encode_component;
use crate::pages::binding_editor::{binding_create_page, binding_edit_page};
use crate::pages::bindings::bindings_page;
use crate::pages::stages::{source_stages_page, stages_page, user_login_stages_page};
use crate::pages::{flow_detail::flow_detail_page, flows::flows_page, not_found::not_found_page, signin::sign_in_page};
use crate::resources::bindings::BINDINGS;
use crate::resources::flows::FLOWS;
use crate::resources::stages::{SOURCE_STAGES, STAGES, USER_LOGIN_STAGES};
use crate::router::{use_router, Nav, Page, Router};
use crate::state::auth::{use_auth, Auth};
use crate::state::base::AppBase;
use crate::state::config::AppConfig;
use crate::state::flash::Flash;
use crate::state::guard::{use_leave_guard, LeaveGuard};
use crate::state::{first_request, session};
use crate::ui::dom::{el, focus_id, focus_is_lost, listen, El};
use crate::ui::prelude::*;
use wasm_bindgen::JsCast;

/// Which part of the app is on screen: the shell stays while its pages change.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Area {
    SignIn,
    App,
}

/// `standalone`: the app's own page (index.html), whose loader can send the
/// first list request again on the next load (`state::first_request`).
pub fn app(config: AppConfig, base: AppBase, auth: Auth, standalone: bool) -> El {
    if standalone {
        // The app's own page: its title. (An embedding page keeps its own,
        // whether it supplies the token or lets the app ask for one.)
        document().set_title(&config.title);
    }
    let warnings = config.warnings.clone();
    let config_scheme = config.color_scheme;
    // The leave guard's listeners must be registered before the router's: for
    // events on the window itself, Chrome runs listeners in registration order,
    // and the guard has to see a Back before the router acts on it.
    provide_context(LeaveGuard::install());
    let router = Router::install(base.clone(), standalone);
    provide_context(config);
    provide_context(base);
    provide_context(auth);
    provide_context(router);
    provide_context(ListMemory(StoredValue::new(Default::default())));
    provide_context(Flash::install());
    provide_context(crate::components::fetch::Written(RwSignal::new(0)));
    // What holds the page's content: `main` on the app's own page; in a host
    // page a plain `div`, since the host has its own `main` (one per page) and
    // usually puts the app inside a landmark of its own already.
    let main_tag = if standalone { "main" } else { "div" };

    send_first_list_request(router, &auth);
    if standalone && !auth.is_hosted() {
        let default_page_size = config_page_size();
        // On leaving (reload, another site, closing the tab), not on every
        // change: nothing is written while the tables are in use.
        listen(&window(), "pagehide", Box::new(move |_| remember_first_request(router, auth, default_page_size)));
    }

    if !auth.is_hosted() {
        // Signing out in another tab removes the device's session, and so does
        // authentik refusing it there: a tab using it ends too, rather than
        // going on with a token kept in memory. (A tab signed in for itself
        // only keeps its own.) A tab whose session ended so, or that was
        // signed out, goes on when another signs in for the device.
        listen(
            &window(),
            "storage",
            Box::new(move |_| match (auth.session.with_untracked(Option::is_some), session::load()) {
                (true, None) => auth.ended_elsewhere(),
                (false, Some((stored, _))) => auth.signed_in_elsewhere(stored),
                _ => {}
            }),
        );
    }

    let page = Memo::new(move |_| {
        router.signal().with(|u| {
            let mut page = Page::from_path(&u.path);
            if let Page::BindingNew(query) = &mut page {
                query.clone_from(&u.query);
            }
            page
        })
    });
    // An unknown address is shown inside the shell: header, navigation and main as on every page.
    let area = Memo::new(move |_| match page.get() {
        Page::SignIn => Area::SignIn,
        _ => Area::App,
    });
    if standalone {
        let title = expect_context::<AppConfig>().title;
        Effect::new(move |_| {
            let here = page.with(page_title);
            document().set_title(&match here {
                Some(here) => format!("{here} · {title}"),
                None => title.clone(),
            });
        });
    }
    // "/" has no screen of its own.
    Effect::new(move |_| {
        if page.get() == Page::Home {
            router.navigate("/flows", Nav::Replace);
        }
    });
    let root = el("div").class("akf-root");
    let root = match config_scheme {
        Some(scheme) => root.attr("data-color-scheme", scheme),
        None => root,
    };
    focus_heading_on_page_change(root.0.clone(), page);
    root.maybe((!warnings.is_empty()).then(|| {
        el("div")
            .class("config-warning")
            .attr("role", "alert")
            .child(el("p").text("The configuration has problems:"))
            .child(el("ul").children(warnings.iter().map(|w| el("li").text(w))))
    }))
    .region(move || {
        let area = area.get();
        untrack(|| {
            Some(match area {
                Area::SignIn => sign_in_page(main_tag),
                Area::App => shell(page, main_tag),
            })
        })
    })
}

/// The table a page shows, for pages that are one.
fn page_list(page: &Page) -> Option<&'static ListDescriptor> {
    Some(match page {
        Page::Flows => &FLOWS,
        Page::Stages => &STAGES,
        Page::UserLoginStages => &USER_LOGIN_STAGES,
        Page::SourceStages => &SOURCE_STAGES,
        Page::Bindings => &BINDINGS,
        _ => return None,
    })
}

/// Opening on a table: its rows are asked for now, before the screen is built.
fn send_first_list_request(router: Router, auth: &Auth) {
    let url = router.url_untracked();
    let (Some(list), Some(session)) = (page_list(&Page::from_path(&url.path)), auth.session.get_untracked()) else {
        return;
    };
    let default_page_size = config_page_size();
    send_early(&session, first_request(list, &url, default_page_size));
}

fn page_view(page: Page) -> Option<El> {
    Some(match page {
        Page::Flows => flows_page(),
        Page::FlowDetail(slug) => flow_detail_page(slug),
        Page::Stages => stages_page(),
        Page::UserLoginStages => user_login_stages_page(),
        Page::SourceStages => source_stages_page(),
        Page::Bindings => bindings_page(),
        Page::BindingNew(_) => binding_create_page(),
        Page::BindingEdit(pk) => binding_edit_page(pk),
        Page::NotFound => not_found_page(),
        Page::Home | Page::SignIn => return None,
    })
}

/// Titles the page by what it shows once it knows ("Edit binding: “x” in
/// “y”"), after the title of its kind set on arrival: tabs of several editors
/// can be told apart. Only on the app's own page: an embedding page keeps its title.
pub fn set_page_title(here: &str) {
    if let (Some(router), Some(config)) = (use_context::<Router>(), use_context::<AppConfig>()) {
        if router.standalone() {
            document().set_title(&format!("{here} · {}", config.title));
        }
    }
}

/// What the browser's tab and history call a page (before " · " and the app's title).
fn page_title(page: &Page) -> Option<String> {
    if let Some(list) = page_list(page) {
        return Some(list.title.to_string());
    }
    Some(match page {
        // A slug from a hand-made address may hold right-to-left text, which
        // would reorder " · authentik flows" after it in the tab.
        Page::FlowDetail(slug) => format!("Flow {}", crate::text::isolate_in_plain_text(slug)),
        Page::BindingNew(_) => "New binding".to_string(),
        Page::BindingEdit(_) => "Edit binding".to_string(),
        Page::SignIn => "Sign in".to_string(),
        Page::NotFound => "Page not found".to_string(),
        _ => return None,
    })
}

/// After the app moves to another page, focus goes to its heading (else to
/// the page's `main`), as a screen reader user expects of a new page; a page that put
/// focus in its own content (a form's first field) keeps it. Not on the
/// first page: the browser's own start is left alone.
fn focus_heading_on_page_change(root: web_sys::Element, page: Memo<Page>) {
    Effect::new(move |previous: Option<Page>| {
        let current = page.get();
        if previous.as_ref().is_some_and(|p| *p != current) {
            let root = root.clone();
            request_animation_frame(move || {
                let kept = !focus_is_lost()
                    && document()
                        .active_element()
                        .is_some_and(|a| root.contains(Some(&a)) && a.closest(".app-header").ok().flatten().is_none());
                if kept {
                    return;
                }
                focus_page_heading(&root);
            });
        }
        current
    });
}

/// Focus on the heading of the page in `root` (else on its `main`), made
/// focusable by script only.
fn focus_page_heading(root: &web_sys::Element) {
    let target = root.query_selector("h1").ok().flatten().or_else(|| root.query_selector("#akf-main").ok().flatten());
    if let Some(target) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        if !target.has_attribute("tabindex") {
            let _ = target.set_attribute("tabindex", "-1");
        }
        let _ = target.focus();
    }
}

/// A header link: `aria-current="page"` on its own page, `"true"` elsewhere in
/// its section (a flow's page is in Flows, but it is not the Flows page).
fn nav_link(base: &AppBase, page: Memo<Page>, section: Memo<&'static str>, href: &'static str, label: &str) -> El {
    let own = Page::from_path(href);
    el("a").attr("href", &base.href(href)).text(label).dyn_attr("aria-current", move || {
        if page.with(|p| *p == own) {
            Some("page".into())
        } else {
            (section.get() == href).then(|| "true".into())
        }
    })
}

fn config_page_size() -> u32 {
    expect_context::<AppConfig>().default_page_size
}

/// Remembers the request the table on screen would open with at this address,
/// for the loader to send on the next load of it.
fn remember_first_request(router: Router, auth: Auth, default_page_size: u32) {
    let url = router.url_untracked();
    let (Some(list), Some((session, persistence))) = (page_list(&Page::from_path(&url.path)), session::load()) else {
        return;
    };
    // Only for the session the app is using (not one another tab stored since).
    if auth.session.with_untracked(|s| s.as_ref() != Some(&session)) {
        return;
    }
    let location = window().location();
    let address = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    first_request::save(persistence, &address, &first_request(list, &url, default_page_size));
}

/// Header and navigation around every signed-in screen. Without a session it
/// sends the user to sign in, remembering where they were (or, when a host
/// page owns the token, says that the host must provide a new one).
fn shell(page: Memo<Page>, main_tag: &'static str) -> El {
    let auth = use_auth();
    let config = expect_context::<AppConfig>();
    let base = expect_context::<AppBase>();
    let router = use_router();
    let guard = use_leave_guard();
    let flash = expect_context::<Flash>();
    let signed_in = Memo::new(move |_| auth.session.with(|s| s.is_some()));
    let hosted = auth.is_hosted();

    Effect::new(move |_| {
        if !signed_in.get() && !hosted {
            let here = router.url_untracked().to_string_full();
            router.navigate(&format!("/signin?next={}", encode_component(&here)), Nav::Replace);
        }
    });
    let here = Memo::new(move |_| router.signal().with(|u| u.path.clone()));
    // The editor belongs to the part of the app it was opened from (and
    // returns to): the address is read only while an editor is on show.
    let section = Memo::new(move |_| {
        page.with(|p| {
            let from_editor = matches!(p, Page::BindingNew(_) | Page::BindingEdit(_));
            p.section(from_editor.then(|| router.signal().with(|u| u.get("return"))).flatten().as_deref())
        })
    });
    // A flash belongs to the page it was meant for; leaving that page drops it.
    Effect::new(move |_| {
        let here = here.get();
        if flash.0.with_untracked(|f| f.as_ref().is_some_and(|(path, _)| *path != here)) {
            flash.0.set(None);
        }
    });

    if hosted {
        // The host page's token refused, or a new one given: what had focus
        // went with the screen it was on. Focus goes to what replaced it (the
        // message, then the page's heading), not to the host page's body.
        Effect::new(move |before: Option<bool>| {
            let now = signed_in.get();
            if before.is_some_and(|b| b != now) {
                request_animation_frame(move || {
                    if !focus_is_lost() {
                        return;
                    }
                    if !now {
                        focus_id("akf-host-token");
                    } else if let Some(root) = document().query_selector(".akf-root").ok().flatten() {
                        focus_page_heading(&root);
                    }
                });
            }
            now
        });
    }

    el("div").class("akf-shell").region(move || {
        let signed_in = signed_in.get();
        untrack(|| {
            if !signed_in {
                return hosted.then(|| {
                    el("div")
                        .class("state error host-token")
                        .id("akf-host-token")
                        .attr("tabindex", "-1")
                        .attr("role", "alert")
                        .child(el("p").class("state-title").text("No usable token"))
                        .child(el("p").dyn_text(move || {
                            auth.notice
                                .get()
                                .unwrap_or_else(|| "The page embedding this app has not provided a token.".into())
                        }))
                        .child(el("p").text("The page that embeds this app needs to provide a new one."))
                });
            }
            let user = (!hosted).then(|| {
                el("div")
                    .class("user")
                    .child(el("span").class("username").attr("title", "Signed in as").dyn_text(move || {
                        auth.session.with(|s| s.as_ref().map(|s| s.username.clone()).unwrap_or_default())
                    }))
                    .child(el("button").attr("type", "button").class("link-button").text("Sign out").on(
                        "click",
                        move |_| {
                            if guard.confirm_leave() {
                                auth.sign_out();
                                // Not "?next=" this page: whoever signs in next starts afresh.
                                router.navigate("/signin", Nav::Replace);
                            }
                        },
                    ))
            });
            Some(
                el("div")
                    // With <base href>, "#akf-main" would resolve to the app's root, not
                    // this page: move focus by hand instead of following the link.
                    .child(el("a").class("skip-link").attr("href", "#akf-main").text("Skip to content").on(
                        "click",
                        |ev| {
                            ev.prevent_default();
                            focus_id("akf-main");
                        },
                    ))
                    .child(
                        el("header")
                            .class("app-header")
                            .child(el("a").attr("href", &base.href("/flows")).class("brand").text(&config.title))
                            .child(
                                el("nav")
                                    .attr("aria-label", "Main")
                                    .child(nav_link(&base, page, section, "/flows", "Flows"))
                                    .child(nav_link(&base, page, section, "/stages", "Stages"))
                                    .child(nav_link(&base, page, section, "/bindings", "Bindings")),
                            )
                            .maybe(user),
                    )
                    .child(
                        el(main_tag)
                            .id("akf-main")
                            .attr("tabindex", "-1")
                            .child(
                                el("p")
                                    .class("flash")
                                    .attr("role", "status")
                                    .dyn_class("settled", move || flash.settled())
                                    .dyn_class("failed", move || flash.failed())
                                    .dyn_text_isolated(move || {
                                        let here = here.get();
                                        flash.0.with(|f| {
                                            f.as_ref()
                                                .filter(|(path, _)| *path == here)
                                                .map(|(_, text)| text.clone())
                                                .unwrap_or_default()
                                        })
                                    }),
                            )
                            .region(move || {
                                let page = page.get();
                                untrack(|| page_view(page))
                            }),
                    ),
            )
        })
    })
}
