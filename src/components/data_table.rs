//! The generic table: search, filters, sortable headers, pages and every state
//! (first load, refetch, empty, error). A list endpoint only supplies a
//! [`ListDescriptor`]; the URL query holds the state.

use crate::api::client::{self, Method};
use crate::api::error::ApiError;
use crate::components::confirm::{confirm_dialog, Confirm};
use crate::components::fetch::{use_fetch, Fetch, Written};
use crate::components::filters::filter_control;
use crate::list::descriptor::{range_text, Cell, Column, ListDescriptor, ListPage, PagerState, Row, RowDelete};
use crate::list::markup::delete_button_id;
use crate::list::query::{
    encode_component, page_size_choices, search_replaces_history, served_page_size, with_return_view, TableQuery,
};
use crate::router::{use_router, AppUrl, Nav, Router};
use crate::state::auth::use_auth;
use crate::state::base::AppBase;
use crate::state::config::AppConfig;
use crate::state::flash::use_flash;
use crate::ui::dom::{el, event_key, event_value, focus_id, focus_later, restore_focus_later, El};
use crate::ui::prelude::*;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// The last URL of each list, so "Back to flows" returns to the same view.
#[derive(Clone, Copy)]
pub struct ListMemory(pub StoredValue<HashMap<&'static str, String>>);

impl ListMemory {
    pub fn url_for(&self, list: &ListDescriptor, fallback: &str) -> String {
        self.0.with_value(|m| m.get(list.key).cloned()).unwrap_or_else(|| fallback.to_string())
    }
}

/// Moves the table to a new state by changing the URL (never by setting state directly).
#[derive(Clone, Copy)]
pub struct TableNav {
    /// The table's own in-app path, taken when it mounts: while the app moves
    /// to another screen the URL already points there.
    pathname: StoredValue<String>,
    router: Router,
    default_page_size: u32,
}

impl TableNav {
    pub fn go(&self, next: &TableQuery, replace: bool) {
        let url = format!("{}{}", self.pathname.get_value(), next.to_url_query(self.default_page_size));
        self.router.navigate(&url, if replace { Nav::ReplaceKeepScroll } else { Nav::PushKeepScroll });
    }
}

/// What the table body shows. The error and empty states carry their message,
/// so that a different error, or an empty reply to a different search, rebuilds
/// them (a state that only said "empty" kept the first search's message).
#[derive(Clone, PartialEq, Eq)]
enum BodyState {
    FirstLoad,
    /// The message, and whether the view it is for has filters: the same
    /// message for a view without them must not keep "Clear filters". Then
    /// the failure's number: a sort or a Retry that fails the same way builds
    /// the alert again, so it is said again (an unchanged one said nothing).
    Error(String, bool, u32),
    Empty(String),
    Rows,
}

/// The table state a URL asks for.
fn table_query(list: &'static ListDescriptor, url: &AppUrl, default_page_size: u32) -> TableQuery {
    let pairs = url.pairs();
    TableQuery::from_lookup(
        |k| pairs.iter().rev().find(|(name, _)| name == k).map(|(_, v)| v.clone()),
        list,
        default_page_size,
    )
}

/// The API path (relative to the API base) that fetches a table state.
fn api_path(list: &'static ListDescriptor, q: &TableQuery) -> String {
    format!("{}?{}", list.endpoint_for(q), q.to_api_query(list))
}

/// What the table for `list` at `url` will fetch first, so start-up can send
/// it before the screen is built (see `components::fetch::send_early`).
pub fn first_request(list: &'static ListDescriptor, url: &AppUrl, default_page_size: u32) -> String {
    api_path(list, &table_query(list, url, default_page_size))
}

/// The table for `list`; `extra` goes under the heading (sub-navigation).
pub fn data_table(list: &'static ListDescriptor, extra: Option<El>) -> El {
    let config = expect_context::<AppConfig>();
    let default_page_size = config.default_page_size;
    let router = use_router();
    let base = expect_context::<AppBase>();
    // Without a trailing slash: `/flows/` and `/flows` are the same screen,
    // and the table must follow the address whichever way it is written.
    let own_path = router.url_untracked().path.trim_end_matches('/').to_string();
    let nav = TableNav { pathname: StoredValue::new(own_path.clone()), router, default_page_size };
    let query = Memo::new(move |previous: Option<&TableQuery>| {
        router.signal().with(|url| {
            // While the app leaves this screen the URL already belongs to the
            // next one: keep the last state rather than fetch for a foreign query.
            if url.path.trim_end_matches('/') != own_path {
                if let Some(previous) = previous {
                    return previous.clone();
                }
            }
            table_query(list, url, default_page_size)
        })
    });

    if let Some(memory) = use_context::<ListMemory>() {
        Effect::new(move |_| {
            let url = format!("{}{}", nav.pathname.get_value(), query.with(|q| q.to_url_query(default_page_size)));
            memory.0.update_value(|m| {
                m.insert(list.key, url);
            });
        });
    }

    // What the address says is what the table shows: a value it could not use
    // (page=abc, an unknown sort, a parameter it does not have) is dropped from
    // the address too, so a copied link shows what is on screen.
    Effect::new(move |_| {
        let canonical = query.with(|q| q.to_url_query(default_page_size));
        let url = router.url();
        if url.path.trim_end_matches('/') == nav.pathname.get_value() && canonical.trim_start_matches('?') != url.query
        {
            nav.router.navigate(&format!("{}{canonical}", url.path), Nav::ReplaceKeepScroll);
        }
    });

    let written = use_context::<Written>();
    let fetch = use_fetch::<ListPage>(
        move || {
            Written::track(written);
            Some(query.with(|q| api_path(list, q)))
        },
        list.decode,
    );
    let finding_last_page = go_to_last_page_when_past_the_end(list, query, nav, fetch);

    let body_state = Memo::new(move |_| {
        if finding_last_page.get() {
            return BodyState::FirstLoad;
        }
        if let Some(message) =
            fetch.error.with(|e| e.as_ref().map(|e| query.with_untracked(|q| list.error_message(q, e))))
        {
            return BodyState::Error(message, query.with_untracked(TableQuery::has_filters), fetch.failures.get());
        }
        match fetch.data.with(|d| d.as_ref().map(|p| p.rows.is_empty())) {
            None => BodyState::FirstLoad,
            // Rows stay (dimmed) while the next reply is slow; "No flows match
            // “x”" would answer a search no longer in the box.
            Some(true) if fetch.slow.get() => BodyState::FirstLoad,
            // The state that asked for this reply (read when the reply lands, not tracked:
            // a new URL must not change the message before its own reply).
            Some(true) => BodyState::Empty(query.with_untracked(|q| q.empty_message(list.noun_plural))),
            Some(false) => BodyState::Rows,
        }
    });
    let ncols = list.columns.len().to_string();
    let base_for_rows = base.clone();

    let has_advanced = list.filters.iter().any(|f| f.advanced);
    let active_advanced =
        move || query.with(|q| list.filters.iter().filter(|f| f.advanced && q.filter(f.param).is_some()).count());
    let heading_id = format!("akf-{}-heading", list.key);
    let table_id = format!("akf-{}-table", list.key);
    let last_focus = keep_focus_in_table(&table_id, fetch.data, fetch.error);

    let tbody = el("tbody")
        .region(move || {
            let state = body_state.get();
            let cell =
                |content: El| Some(el("tr").class("state-row").child(el("td").attr("colspan", &ncols).child(content)));
            match state {
                BodyState::FirstLoad => cell(
                    // Not a live region: the status line above the table announces loading.
                    el("div").class("state loading").text(&format!("Loading {}…", list.noun_plural)),
                ),
                BodyState::Error(message, has_filters, _) => {
                    cell(error_state(list, query, nav, &message, has_filters, fetch.error, move || fetch.retry()))
                }
                BodyState::Empty(message) => cell(empty_state(list, query, nav, &message)),
                BodyState::Rows => None,
            }
        })
        .keyed_markup(
            move || {
                if body_state.get() == BodyState::Rows {
                    fetch.data.with(|d| d.as_ref().map(|p| p.rows.clone()).unwrap_or_default())
                } else {
                    Default::default()
                }
            },
            |row: &Row| crate::ui::dom::hash_str(&row.id),
            {
                let base = base_for_rows.clone();
                move |row: &Row, out: &mut String| crate::list::markup::write_row(out, list.columns, row, &base)
            },
            move |row: &Row| table_row(list.columns, row, &base_for_rows),
        );

    // A row's link back to this list (Edit's `?return=/bindings`) is given the
    // list's whole view (page, sort, filters) when it is about to be followed
    // (pressed with any button, or focused), so an editor opened in a new tab,
    // or reloaded, returns to that view too.
    let full_return = move |ev: web_sys::Event| {
        let link =
            ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("a").ok().flatten());
        let Some(link) = link else { return };
        let Some(href) = link.get_attribute("href") else { return };
        let own = nav.pathname.get_value();
        let view = format!("{own}{}", query.with_untracked(|q| q.to_url_query(default_page_size)));
        if let Some(href) = with_return_view(&href, &own, &view) {
            let _ = link.set_attribute("href", &href);
        }
    };
    let deletion = list.delete.as_ref().map(|delete| row_deletion(delete, fetch, &table_id));
    let (ask_delete, delete_dialog) = match deletion {
        Some((ask, dialog)) => (Some(ask), Some(dialog)),
        None => (None, None),
    };
    el("section")
        .class("list")
        .attr("aria-labelledby", &heading_id)
        // The rows' Delete buttons (markup, without listeners of their own).
        .on("click", move |ev| {
            let Some(ask) = &ask_delete else { return };
            let button = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("button[data-akf-delete]").ok().flatten());
            if let Some(id) = button.and_then(|b| b.get_attribute("data-akf-delete")) {
                ask(&id);
            }
        })
        .on("focusin", move |ev| {
            full_return(ev.clone());
            let target = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
            last_focus.set_value(target);
        })
        .on("mousedown", full_return)
        .child(
            el("div")
                .class("list-header")
                .child(el("h1").id(&heading_id).text(list.title))
                .child(
                    el("p")
                        .class("list-status")
                        .attr("role", "status")
                        .attr("aria-live", "polite")
                        // Read whole: after a sort that keeps the range, the order with it.
                        .attr("aria-atomic", "true")
                        // Empty, the line says what the table body says ("No flows
                        // match “x”.") so that it is announced, but only to screen
                        // readers: on screen the body already says it.
                        .dyn_class("visually-hidden", move || {
                            !fetch.slow.get() && matches!(body_state.get(), BodyState::Empty(_))
                        })
                        // (Isolated parts: the empty message holds the search.)
                        .child(el("span").dyn_text_isolated(move || {
                            if fetch.slow.get() {
                                format!("Loading {}…", list.noun_plural)
                            } else if let BodyState::Empty(message) = body_state.get() {
                                message
                            } else if matches!(body_state.get(), BodyState::Error(..)) {
                                // The error in the table says it; the last good range would contradict it.
                                String::new()
                            } else {
                                fetch.data.with(|d| d.as_ref().map(|p| range_text(&p.pagination))).unwrap_or_default()
                            }
                        }))
                        // The rows' order, heard after a sort with the new range (the
                        // arrows say it on screen). Read when the rows land, not tracked:
                        // a new sort is said with its rows, not before them.
                        .child(el("span").class("visually-hidden").dyn_text(move || {
                            if fetch.slow.get() || body_state.get() != BodyState::Rows {
                                String::new()
                            } else {
                                fetch.data.track();
                                query.with_untracked(|q| q.order_text(list))
                            }
                        })),
                )
                // After the count, so that the count stays next to the heading
                // (as on lists without this button) and the button goes right.
                .maybe(
                    // The list's filters go along: a new binding from a flow's
                    // bindings starts with that flow (the form takes what it knows).
                    list.create.map(|(label, href)| {
                        let base = base.clone();
                        el("a")
                            .class("button primary")
                            .dyn_attr("href", move || {
                                let mut href = base.href(href);
                                query.with(|q| {
                                    for (param, value) in &q.filters {
                                        href.push(if href.contains('?') { '&' } else { '?' });
                                        href.push_str(&format!("{param}={}", encode_component(value)));
                                    }
                                });
                                Some(href)
                            })
                            .text(label)
                    }),
                ),
        )
        .maybe(extra)
        .child(
            el("div")
                .class("toolbar")
                .child(search_box(list, query, nav))
                .children(list.filters.iter().filter(|f| !f.advanced).map(|f| filter_control(list, *f, query, nav))),
        )
        .maybe(has_advanced.then(|| {
            el("details")
                // Opens by itself when a link arrives with one of these filters set.
                .prop_bool("open", active_advanced() > 0)
                .class("more-filters")
                .child(el("summary").dyn_text(move || match active_advanced() {
                    0 => "More filters".to_string(),
                    n => format!("More filters ({n} set)"),
                }))
                .child(
                    el("div").class("toolbar").children(
                        list.filters.iter().filter(|f| f.advanced).map(|f| filter_control(list, *f, query, nav)),
                    ),
                )
        }))
        .child(
            el("div").class("table-scroll").child(
                el("table")
                    .id(&table_id)
                    // Focusable by script only: where focus goes when the control that had it goes.
                    .attr("tabindex", "-1")
                    .class("data-table")
                    .dyn_class("refetching", move || fetch.slow.get() && fetch.data.with(|d| d.is_some()))
                    .dyn_attr("aria-busy", move || Some(fetch.loading.get().to_string()))
                    .child(el("caption").class("visually-hidden").text(list.title))
                    .child(
                        el("thead")
                            .child(el("tr").children(list.columns.iter().map(|c| header_cell(list, *c, query, nav)))),
                    )
                    .child(tbody),
            ),
        )
        .child(pager(list, query, nav, fetch.data, fetch.error, fetch.loading))
        .maybe(delete_dialog)
}

/// Opens the question for the row with this id.
type AskDelete = Rc<dyn Fn(&str)>;

/// Deleting a row: the question (naming the row and what deleting it does),
/// the request, "Deleted …" at the top of the page, the page loaded again, and
/// focus on the next row's Delete (the previous row's after the last), so
/// several rows go without a Tab between them.
fn row_deletion(delete: &'static RowDelete, fetch: Fetch<ListPage>, table_id: &str) -> (AskDelete, El) {
    let auth = use_auth();
    let flash = use_flash();
    let router = use_router();
    // The id of the row asked about.
    let chosen = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // The chosen row's name and what deleting it does, from the page on show.
    let described = move |id: &str, consequence: bool| {
        fetch.data.with_untracked(|d| {
            d.as_ref()?.rows.iter().find(|r| r.id == id)?.cells.iter().find_map(|c| match c {
                Cell::EditDelete { name, consequence: then, .. } => Some(if consequence { then } else { name }.clone()),
                _ => None,
            })
        })
    };
    // Where focus goes once the page is loaded again (the rows are rebuilt).
    let focus_after = StoredValue::new(Vec::<String>::new());
    Effect::new(move |_| {
        fetch.data.track();
        fetch.error.track();
        let ids = focus_after.try_update_value(std::mem::take).unwrap_or_default();
        if !ids.is_empty() {
            restore_focus_later(ids);
        }
    });
    let ask = Rc::new(move |id: &str| {
        if described(id, false).is_some() {
            chosen.set(Some(id.to_string()));
            error.set(None);
            open.set(true);
        }
    });
    let table_id = table_id.to_string();
    let on_confirm = Rc::new(move || {
        let Some((id, session)) = chosen.get_untracked().zip(auth.session.get_untracked()) else { return };
        let name = described(&id, false).unwrap_or_default();
        busy.set(true);
        error.set(None);
        flash.clear();
        let table_id = table_id.clone();
        spawn_local(async move {
            let result = client::send(&session, Method::DELETE, &(delete.endpoint)(&id), None, None).await;
            busy.try_set(false);
            let said = match result {
                Ok(_) => format!("Deleted {name}."),
                Err(e) if auth.intercept(&e) => return,
                Err(ApiError::Http { status: 404, .. }) => delete.already_gone.to_string(),
                Err(e) => {
                    error.try_set(Some(e.message()));
                    return;
                }
            };
            open.try_set(false);
            let mut ids: Vec<String> = fetch
                .data
                .try_with_untracked(|d| {
                    let rows = d.as_ref().map(|p| p.rows.clone()).unwrap_or_default();
                    let Some(at) = rows.iter().position(|r| r.id == id) else { return Vec::new() };
                    let previous = at.checked_sub(1).and_then(|i| rows.get(i));
                    rows.get(at + 1).into_iter().chain(previous).map(|r| delete_button_id(&r.id)).collect()
                })
                .unwrap_or_default();
            ids.push(table_id);
            // Now, off the button about to go; and again once the rows are rebuilt.
            focus_later(ids.clone());
            focus_after.try_update_value(|after| *after = ids);
            flash.show_at(&router.url_untracked().path, said);
            fetch.retry();
        });
    });
    let dialog = confirm_dialog(Confirm {
        open,
        title: Signal::stored(delete.title.to_string()),
        message: Signal::derive(move || {
            chosen.with(|c| c.as_deref().and_then(|id| described(id, true))).unwrap_or_default()
        }),
        confirm_label: delete.confirm_label,
        on_confirm,
        busy: busy.into(),
        error: error.into(),
    });
    (ask, dialog)
}

fn table_row(columns: &'static [Column], row: &Row, base: &AppBase) -> El {
    el("tr")
        .children(row.cells.iter().zip(columns.iter()).map(|(cell, column)| table_cell(cell, column, &row.id, base)))
}

/// Cells are always text nodes: hostile names render as what they are.
/// The same markup as `list::markup::write_row`.
fn table_cell(cell: &Cell, column: &Column, row_id: &str, base: &AppBase) -> El {
    let cell_el = if column.row_header { el("th").attr("scope", "row") } else { el("td") };
    let td = match cell {
        Cell::EditDelete { .. } => cell_el.class("actions"),
        Cell::Number(_) => cell_el.class("num"),
        _ if column.numeric => cell_el.class("num"),
        _ if column.identifier => cell_el.class("id"),
        _ => cell_el,
    };
    match cell {
        Cell::Text(text) => td.text(text),
        Cell::Code(text) => td.child(el("code").text(text)),
        Cell::Link { href, text, detail } => td
            .child(el("a").attr("href", &base.href(href)).text(text))
            .maybe((!detail.is_empty()).then(|| el("code").class("detail").text(&format!(" {detail}")))),
        Cell::Links { links, more } => td.child(
            el("ul")
                .class("cell-links")
                .children(
                    links.iter().map(|(href, text)| el("li").child(el("a").attr("href", &base.href(href)).text(text))),
                )
                .maybe(more.as_ref().map(|(href, text)| {
                    el("li").class("more").child(el("a").attr("href", &base.href(href)).text(text))
                })),
        ),
        Cell::EditDelete { href, name, .. } => {
            let name = crate::text::unmarked(name);
            td.child(el("a").attr("href", &base.href(href)).attr("aria-label", &format!("Edit {name}")).text("Edit"))
                .child(
                    el("button")
                        .attr("type", "button")
                        .class("danger")
                        .id(&delete_button_id(row_id))
                        .attr("data-akf-delete", row_id)
                        .attr("aria-label", &format!("Delete {name}"))
                        .text("Delete"),
                )
        }
        Cell::Bool(b) => td.text(if *b { "Yes" } else { "No" }),
        Cell::Number(n) => td.text(&n.to_string()),
        Cell::Empty => td
            .child(el("span").attr("aria-hidden", "true").text("—"))
            .child(el("span").class("visually-hidden").text("none")),
    }
}

fn header_cell(list: &'static ListDescriptor, column: Column, query: Memo<TableQuery>, nav: TableNav) -> El {
    let th = el("th").attr("scope", "col");
    let Some(key) = column.sort_key else {
        return if column.numeric { th.class("num") } else { th }.text(column.label);
    };
    let direction =
        Memo::new(move |_| query.with(|q| q.effective_sort(list)).filter(|s| s.key == key).map(|s| s.descending));
    th.dyn_attr("aria-sort", move || {
        Some(
            match direction.get() {
                Some(_) if column.groups => "other",
                Some(true) => "descending",
                Some(false) => "ascending",
                None => "none",
            }
            .to_string(),
        )
    })
    .child(
        el("button")
            .attr("type", "button")
            .class("sort")
            .text(column.label)
            .child(el("span").class("sort-icon").attr("aria-hidden", "true").dyn_text(move || {
                match direction.get() {
                    // Not an arrow: the rows are grouped, not in the order of
                    // the names shown (aria-sort says "other" for the same reason).
                    Some(true) if column.groups => "grouped, reversed",
                    Some(false) if column.groups => "grouped",
                    Some(true) => "▼",
                    Some(false) => "▲",
                    None => "↕",
                }
                .to_string()
            }))
            .on("click", move |_| nav.go(&query.get_untracked().with_sort_toggled(list, key), false)),
    )
}

fn search_box(list: &'static ListDescriptor, query: Memo<TableQuery>, nav: TableNav) -> El {
    let input_id = format!("akf-{}-search", list.key);
    // What is in the box; the URL catches up after a pause in typing.
    let text = RwSignal::new(query.get_untracked().search);
    let typing = Debounce::new();
    let commit = move || {
        typing.cancel();
        let Some(typed) = text.try_get_untracked() else { return };
        let current = query.get_untracked();
        if current.search != typed {
            nav.go(&current.with_search(&typed), search_replaces_history(&current.search, &typed));
        }
    };
    // URL → box (back/forward, "Clear search"), unless the user is mid-typing.
    Effect::new(move |_| {
        let from_url = query.with(|q| q.search.clone());
        if !typing.is_pending() && text.get_untracked() != from_url {
            text.set(from_url);
        }
    });

    el("div").class("field search-field").child(el("label").attr("for", &input_id).text(list.search_label)).child(
        el("input")
            .id(&input_id)
            .attr("type", "search")
            .attr("autocomplete", "off")
            .attr("spellcheck", "false")
            .dyn_value(move || text.get())
            .on("input", move |ev| {
                text.set(event_value(&ev));
                typing.schedule(commit);
            })
            .on("keydown", move |ev| {
                if event_key(&ev) == "Enter" {
                    ev.prevent_default();
                    commit();
                }
            }),
    )
}

fn pager(
    list: &'static ListDescriptor,
    query: Memo<TableQuery>,
    nav: TableNav,
    data: RwSignal<Option<ListPage>>,
    error: RwSignal<Option<ApiError>>,
    loading: RwSignal<bool>,
) -> El {
    // While an error is shown, the last good page's numbers are not.
    let shown = move || data.with(|d| d.as_ref().map(|p| p.pagination.clone())).filter(|_| error.with(Option::is_none));
    // The query the rows on screen answer: a new one that differs only in
    // its page is a page flip, whose page count is known already.
    // (Compared as its API query on page 1: a String is cheaper to keep.)
    let answered = StoredValue::new(String::new());
    let but_page = move |q: &TableQuery| q.with_page(1).to_api_query(list);
    let pager = Memo::new(move |_| {
        let state = PagerState::from_pagination(&shown()?);
        if !loading.get() {
            answered.set_value(query.with_untracked(but_page));
            return Some(state);
        }
        let (page, asked) = query.with(|q| (q.page, but_page(q)));
        Some(state.pending(page, answered.with_value(|a| *a == asked)))
    });
    let size_id = format!("akf-{}-page-size", list.key);
    // What the box shows: the size asked for, or once the answer is in, the
    // size the server used if it gave fewer (a link asking authentik for 1,000).
    let size = move || {
        let asked = query.with(|q| q.page_size);
        if loading.get() {
            return asked;
        }
        data.with(|d| d.as_ref().and_then(|p| served_page_size(asked, &p.pagination))).unwrap_or(asked)
    };
    // The standard sizes, plus a different one a link asked for.
    let sizes = Memo::new(move |_| page_size_choices(size()));
    let go_to = move |page: u64| nav.go(&query.get_untracked().with_page(page.min(u32::MAX as u64) as u32), false);
    let has_previous = move || pager.get().is_some_and(|p| p.has_previous);
    let has_next = move || pager.get().is_some_and(|p| p.has_next);
    let button = |label: &str, enabled: Box<dyn Fn() -> bool>, go: Box<dyn Fn()>| {
        el("button")
            .attr("type", "button")
            .text(label)
            .dyn_bool("disabled", move || !enabled())
            .on("click", move |_| go())
    };
    el("nav")
        .class("pager")
        .attr("aria-label", &format!("{} pages", list.title))
        .child(
            el("div").class("field page-size").child(el("label").attr("for", &size_id).text("Rows per page")).child(
                el("select")
                    .id(&size_id)
                    .on("change", move |ev| {
                        if let Ok(new_size) = event_value(&ev).parse::<u32>() {
                            // From the size the rows on screen came in (their first stays in view).
                            let mut current = query.get_untracked();
                            current.page_size = untrack(size);
                            nav.go(&current.with_page_size(new_size), false);
                        }
                    })
                    // Options are rebuilt only when the set of sizes changes;
                    // a new page size just selects another one.
                    .region_many(move || {
                        let current = untrack(size);
                        sizes
                            .get()
                            .into_iter()
                            .map(|size| {
                                el("option")
                                    .attr("value", &size.to_string())
                                    .text(&size.to_string())
                                    .prop_bool("selected", size == current)
                            })
                            .collect()
                    })
                    .dyn_value(move || size().to_string()),
            ),
        )
        .child(
            // Empty, the status line above the table already says "0 of 0".
            el("span")
                .class("range")
                .dyn_text(move || shown().filter(|p| p.count > 0).map(|p| range_text(&p)).unwrap_or_default()),
        )
        .child(
            el("div")
                .class("page-buttons")
                .child(button("First", Box::new(has_previous), Box::new(move || go_to(1))))
                .child(button(
                    "Previous",
                    Box::new(has_previous),
                    Box::new(move || go_to((query.get_untracked().page as u64).saturating_sub(1).max(1))),
                ))
                .child(el("span").class("page-of").dyn_text(move || pager.get().map(|p| p.text()).unwrap_or_default()))
                .child(button(
                    "Next",
                    Box::new(has_next),
                    Box::new(move || go_to(query.get_untracked().page as u64 + 1)),
                ))
                .child(button(
                    "Last",
                    Box::new(has_next),
                    Box::new(move || {
                        if let Some(p) = pager.get_untracked() {
                            go_to(p.total_pages)
                        }
                    }),
                )),
        )
}

fn empty_state(list: &'static ListDescriptor, query: Memo<TableQuery>, nav: TableNav, message: &str) -> El {
    let q = query.get_untracked();
    let search = q.search.trim().to_string();
    el("div")
        .class("state empty")
        .child(el("p").dyn_text_isolated({
            let message = message.to_string();
            move || message.clone()
        }))
        .maybe((!search.is_empty()).then(|| {
            el("button").attr("type", "button").text("Clear search").on("click", move |_| {
                nav.go(&query.get_untracked().with_search(""), false);
                // The button goes with the empty state; the box is where a new search starts.
                focus_id(&format!("akf-{}-search", list.key));
            })
        }))
        .maybe(q.has_filters().then(|| clear_filters_button(query, nav)))
}

fn clear_filters_button(query: Memo<TableQuery>, nav: TableNav) -> El {
    el("button").attr("type", "button").text("Clear filters").on("click", move |_| {
        let q = query.get_untracked();
        nav.go(&TableQuery { filters: Vec::new(), page: 1, ..q }, false)
    })
}

/// A page past the end (its last row deleted, a link from when there were
/// more) goes to the last page there is with the same search, filters and page
/// size (asked for with page 1), instead of stopping at "Invalid page.".
/// Returns whether that is under way (until the next reply); if it fails, the
/// error shows.
fn go_to_last_page_when_past_the_end(
    list: &'static ListDescriptor,
    query: Memo<TableQuery>,
    nav: TableNav,
    fetch: Fetch<ListPage>,
) -> RwSignal<bool> {
    let finding = RwSignal::new(false);
    let auth = use_auth();
    Effect::new(move |_| {
        fetch.data.track();
        let past_the_end = fetch.error.with(|e| e.as_ref().is_some_and(ApiError::is_invalid_page));
        let q = query.get_untracked();
        let session = auth.session.get_untracked().filter(|_| past_the_end && q.page > 1);
        if finding.get_untracked() != session.is_some() {
            finding.set(session.is_some());
        }
        let Some(session) = session else { return };
        let path = api_path(list, &q.with_page(1));
        spawn_local(async move {
            let first = client::send(&session, Method::GET, &path, None, None).await.and_then(|b| (list.decode)(&b));
            if query.try_get_untracked().as_ref() != Some(&q) {
                return; // the table moved on meanwhile (or is gone)
            }
            let last = first.map(|f| f.pagination.total_pages.clamp(1, u32::MAX as u64) as u32);
            match last {
                Ok(last) if last < q.page => nav.go(&q.with_page(last), true),
                _ => finding.set(false),
            }
        });
    });
    finding
}

fn error_state(
    list: &'static ListDescriptor,
    query: Memo<TableQuery>,
    nav: TableNav,
    message: &str,
    has_filters: bool,
    error: RwSignal<Option<ApiError>>,
    retry: impl Fn() + 'static,
) -> El {
    let invalid_page = error.with_untracked(|e| e.as_ref().is_some_and(|e| e.is_invalid_page()));
    // A refused filter value (400) or one naming nothing (404) comes back the
    // same on a retry: then only Clear filters is offered.
    let futile = has_filters
        && error.with_untracked(|e| {
            matches!(e, Some(ApiError::Validation(_)) | Some(ApiError::Http { status: 404, .. })) && !invalid_page
        });
    el("div")
        .class("state error")
        // The alert is what failed and why; the buttons after it are not read out with it.
        .child(
            el("div")
                .attr("role", "alert")
                .child(el("p").class("state-title").text(&format!("Could not load {}", list.noun_plural)))
                .child(el("p").class("state-detail").text(message)),
        )
        .child(
            el("div")
                .class("state-actions")
                .maybe(
                    (!futile).then(|| el("button").attr("type", "button").text("Retry").on("click", move |_| retry())),
                )
                .maybe(invalid_page.then(|| {
                    el("button")
                        .attr("type", "button")
                        .text("Go to the first page")
                        .on("click", move |_| nav.go(&query.get_untracked().with_page(1), true))
                }))
                // A filter's value is often the cause (a stale link, a value the server refuses).
                .maybe(has_filters.then(|| clear_filters_button(query, nav))),
        )
}

/// When the control that had focus goes or is disabled by a table change (a
/// pager button at the first or last page, Retry, "Go to the first page"),
/// focus would fall to the page: it moves to the other direction's pager
/// button, else to the table. Returns where the section records its focus.
fn keep_focus_in_table(
    table_id: &str,
    data: RwSignal<Option<ListPage>>,
    error: RwSignal<Option<ApiError>>,
) -> StoredValue<Option<web_sys::HtmlElement>> {
    let last_focus = StoredValue::new(None::<web_sys::HtmlElement>);
    let table_id = table_id.to_string();
    Effect::new(move |_| {
        data.track();
        error.track();
        // Nothing in the table had focus (the usual case): no work per change.
        if last_focus.with_value(Option::is_none) {
            return;
        }
        let table_id = table_id.clone();
        // After the change is on screen (the effects that disable or remove have run).
        request_animation_frame(move || {
            let Some(lost) = last_focus.try_get_value().flatten() else { return };
            if lost.is_connected() && !lost.has_attribute("disabled") {
                return;
            }
            let document = document();
            let active = document.active_element();
            let body: Option<web_sys::Element> = document.body().map(Into::into);
            if active.is_some() && active != body && active.as_ref() != Some(lost.as_ref()) {
                return; // focus went somewhere on purpose
            }
            // A pager button: the enabled one next to it, across the page number
            // (First or Previous at page 1 → Next; Next or Last at the end → Previous).
            let neighbour = (lost.closest(".page-buttons").ok().flatten().is_some())
                .then(|| lost.parent_element()?.query_selector_all("button:not([disabled])").ok())
                .flatten()
                .and_then(|enabled| {
                    let backwards = matches!(lost.text_content().as_deref(), Some("First" | "Previous"));
                    enabled.item(if backwards { 0 } else { enabled.length().saturating_sub(1) })
                });
            // An error box built again (the same failure once more, so that it
            // is said again): its button of the same name, as if it had stayed.
            let table = document.get_element_by_id(&table_id);
            let again = (lost.closest(".state-actions").ok().flatten().is_some())
                .then(|| table.as_ref()?.query_selector_all(".state-actions button").ok())
                .flatten()
                .and_then(|buttons| {
                    (0..buttons.length())
                        .filter_map(|i| buttons.item(i))
                        .find(|b| b.text_content() == lost.text_content())
                });
            for target in neighbour.into_iter().chain(again).chain(table.map(web_sys::Node::from)) {
                if let Ok(target) = target.dyn_into::<web_sys::HtmlElement>() {
                    if target.is_connected() && target.focus().is_ok() {
                        last_focus.set_value(Some(target));
                        return;
                    }
                }
            }
        });
    });
    last_focus
}
