//! The generic table: search, filters, sortable headers, pages and every state
//! (first load, refetch, empty, error). A list endpoint only supplies a
//! [`ListDescriptor`]; the URL query holds the state.

use crate::api::error::ApiError;
use crate::components::fetch::use_fetch;
use crate::components::filters::FilterControl;
use crate::list::descriptor::{range_text, Cell, Column, ListDescriptor, ListPage, PagerState, Row};
use crate::list::query::{search_replaces_history, TableQuery, PAGE_SIZES};
use crate::router::{use_router, Nav, Router};
use crate::state::base::AppBase;
use crate::state::config::AppConfig;
use leptos::prelude::*;
use std::collections::HashMap;
use std::time::Duration;

/// How long typing must pause before a search is sent.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(250);

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

#[derive(Clone, Copy, PartialEq, Eq)]
enum BodyState {
    FirstLoad,
    Error,
    Empty,
    Rows,
}

#[component]
pub fn DataTable(
    list: &'static ListDescriptor,
    /// Extra header content (sub-navigation), shown under the heading.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let config = expect_context::<AppConfig>();
    let default_page_size = config.default_page_size;
    let router = use_router();
    let base = expect_context::<AppBase>();
    let own_path = router.url_untracked().path;
    let nav = TableNav { pathname: StoredValue::new(own_path.clone()), router, default_page_size };
    let query = Memo::new(move |previous: Option<&TableQuery>| {
        router.signal().with(|url| {
            // While the app leaves this screen the URL already belongs to the
            // next one: keep the last state rather than fetch for a foreign query.
            if url.path != own_path {
                if let Some(previous) = previous {
                    return previous.clone();
                }
            }
            let pairs = url.pairs();
            TableQuery::from_lookup(
                |k| pairs.iter().rev().find(|(name, _)| name == k).map(|(_, v)| v.clone()),
                list,
                default_page_size,
            )
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

    let fetch = use_fetch::<ListPage>(
        move || Some(query.with(|q| format!("{}?{}", list.endpoint_for(q), q.to_api_query(list)))),
        list.decode,
    );

    let body_state = Memo::new(move |_| {
        if fetch.error.with(|e| e.is_some()) {
            BodyState::Error
        } else {
            match fetch.data.with(|d| d.as_ref().map(|p| p.rows.is_empty())) {
                None => BodyState::FirstLoad,
                Some(true) => BodyState::Empty,
                Some(false) => BodyState::Rows,
            }
        }
    });
    let row_base = StoredValue::new(base.clone());
    let refetching = move || fetch.loading.get() && fetch.data.with(|d| d.is_some());
    let ncols = list.columns.len();

    let body = move || match body_state.get() {
        BodyState::FirstLoad => view! {
            <tr class="state-row">
                <td colspan=ncols>
                    <div class="state loading" role="status">{format!("Loading {}…", list.noun_plural)}</div>
                </td>
            </tr>
        }
        .into_any(),
        BodyState::Error => view! {
            <tr class="state-row">
                <td colspan=ncols>
                    <ErrorState list query nav error=fetch.error retry=move || fetch.retry() />
                </td>
            </tr>
        }
        .into_any(),
        BodyState::Empty => view! {
            <tr class="state-row">
                <td colspan=ncols>
                    <EmptyState list query nav />
                </td>
            </tr>
        }
        .into_any(),
        BodyState::Rows => view! {
            <For
                each=move || fetch.data.with(|d| d.as_ref().map(|p| p.rows.clone()).unwrap_or_default())
                key=|row: &Row| (row.id.clone(), row.version)
                children=move |row: Row| table_row(list.columns, row, &row_base.get_value())
            />
        }
        .into_any(),
    };

    let has_advanced = list.filters.iter().any(|f| f.advanced);
    let active_advanced =
        move || query.with(|q| list.filters.iter().filter(|f| f.advanced && q.filter(f.param).is_some()).count());
    // Opens by itself when a link arrives with one of these filters set.
    let advanced_open = active_advanced() > 0;
    let advanced_summary = move || match active_advanced() {
        0 => "More filters".to_string(),
        n => format!("More filters ({n} set)"),
    };
    let heading_id = format!("{}-heading", list.key);
    let labelled_by = heading_id.clone();
    view! {
        <section class="list" aria-labelledby=labelled_by>
            <div class="list-header">
                <h1 id=heading_id>{list.title}</h1>
                {list.create.map(|(text, href)| view! { <a class="button primary" href=base.href(href)>{text}</a> })}
                <p class="list-status" role="status" aria-live="polite">
                    {move || {
                        if fetch.loading.get() {
                            format!("Loading {}…", list.noun_plural)
                        } else {
                            fetch.data.with(|d| d.as_ref().map(|p| range_text(&p.pagination))).unwrap_or_default()
                        }
                    }}
                </p>
            </div>
            {children.map(|c| c())}
            <div class="toolbar">
                <SearchBox list query nav />
                {list
                    .filters
                    .iter()
                    .filter(|f| !f.advanced)
                    .map(|filter| view! { <FilterControl list filter=*filter query nav /> })
                    .collect_view()}
            </div>
            {has_advanced.then(|| view! {
                <details class="more-filters" prop:open=advanced_open>
                    <summary>{move || advanced_summary()}</summary>
                    <div class="toolbar">
                        {list
                            .filters
                            .iter()
                            .filter(|f| f.advanced)
                            .map(|filter| view! { <FilterControl list filter=*filter query nav /> })
                            .collect_view()}
                    </div>
                </details>
            })}
            <div class="table-scroll">
                <table class="data-table" class:refetching=refetching aria-busy=move || fetch.loading.get().to_string()>
                    <caption class="visually-hidden">{list.title}</caption>
                    <thead>
                        <tr>
                            {list.columns.iter().map(|column| view! { <HeaderCell list column=*column query nav /> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <Pager list query nav data=fetch.data />
        </section>
    }
}

fn table_row(columns: &'static [Column], row: Row, base: &AppBase) -> impl IntoView {
    view! {
        <tr>
            {row
                .cells
                .into_iter()
                .zip(columns.iter())
                .map(|(cell, column)| table_cell(cell, column.numeric, base))
                .collect_view()}
        </tr>
    }
}

/// Cells are always text nodes: hostile names render as what they are.
fn table_cell(cell: Cell, numeric: bool, base: &AppBase) -> AnyView {
    let class = if numeric { "num" } else { "" };
    match cell {
        Cell::Text(text) => view! { <td class=class>{text}</td> }.into_any(),
        Cell::Code(text) => view! { <td class=class><code>{text}</code></td> }.into_any(),
        // A plain anchor: the router handles the click; no per-row reactive link state.
        Cell::Link { href, text } => view! { <td class=class><a href=base.href(&href)>{text}</a></td> }.into_any(),
        Cell::Links { links, more } => view! {
            <td class=class>
                <ul class="cell-links">
                    {links
                        .into_iter()
                        .map(|(href, text)| view! { <li><a href=base.href(&href)>{text}</a></li> })
                        .collect_view()}
                    {more.map(|(href, text)| view! { <li class="more"><a href=base.href(&href)>{text}</a></li> })}
                </ul>
            </td>
        }
        .into_any(),
        Cell::Action { href, text, label } => {
            view! { <td class="actions"><a href=base.href(&href) aria-label=label>{text}</a></td> }.into_any()
        }
        Cell::Bool(b) => view! { <td class=class>{if b { "Yes" } else { "No" }}</td> }.into_any(),
        Cell::Number(n) => view! { <td class="num">{n}</td> }.into_any(),
        Cell::Empty => view! {
            <td class=class>
                <span aria-hidden="true">"—"</span>
                <span class="visually-hidden">"none"</span>
            </td>
        }
        .into_any(),
    }
}

#[component]
fn HeaderCell(list: &'static ListDescriptor, column: Column, query: Memo<TableQuery>, nav: TableNav) -> impl IntoView {
    let Some(key) = column.sort_key else {
        return view! { <th scope="col" class:num=column.numeric>{column.label}</th> }.into_any();
    };
    let direction = move || query.with(|q| q.effective_sort(list)).filter(|s| s.key == key).map(|s| s.descending);
    let aria_sort = move || match direction() {
        Some(true) => "descending",
        Some(false) => "ascending",
        None => "none",
    };
    let icon = move || match direction() {
        Some(true) => "▼",
        Some(false) => "▲",
        None => "↕",
    };
    view! {
        <th scope="col" aria-sort=aria_sort>
            <button
                type="button"
                class="sort"
                on:click=move |_| nav.go(&query.get_untracked().with_sort_toggled(list, key), false)
            >
                {column.label}
                <span class="sort-icon" aria-hidden="true">{icon}</span>
            </button>
        </th>
    }
    .into_any()
}

#[component]
fn SearchBox(list: &'static ListDescriptor, query: Memo<TableQuery>, nav: TableNav) -> impl IntoView {
    let input_id = format!("{}-search", list.key);
    // What is in the box; the URL catches up after a pause in typing.
    let text = RwSignal::new(query.get_untracked().search);
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    let cancel_pending = move || {
        pending.try_update_value(|p| {
            if let Some(handle) = p.take() {
                handle.clear();
            }
        });
    };
    let commit = move || {
        cancel_pending();
        let Some(typed) = text.try_get_untracked() else { return };
        let current = query.get_untracked();
        if current.search != typed {
            nav.go(&current.with_search(&typed), search_replaces_history(&current.search, &typed));
        }
    };
    // URL → box (back/forward, "Clear search"), unless the user is mid-typing.
    Effect::new(move |_| {
        let from_url = query.with(|q| q.search.clone());
        if pending.with_value(|p| p.is_none()) && text.get_untracked() != from_url {
            text.set(from_url);
        }
    });
    on_cleanup(cancel_pending);

    view! {
        <div class="field search-field">
            <label for=input_id.clone()>{format!("Search {}", list.noun_plural)}</label>
            <input
                id=input_id
                type="search"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    cancel_pending();
                    if let Ok(handle) = set_timeout_with_handle(commit, SEARCH_DEBOUNCE) {
                        pending.set_value(Some(handle));
                    }
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        commit();
                    }
                }
            />
        </div>
    }
}

#[component]
fn Pager(
    list: &'static ListDescriptor,
    query: Memo<TableQuery>,
    nav: TableNav,
    data: RwSignal<Option<ListPage>>,
) -> impl IntoView {
    let pager = Memo::new(move |_| data.with(|d| d.as_ref().map(|p| PagerState::from_pagination(&p.pagination))));
    let size_id = format!("{}-page-size", list.key);
    let go_to = move |page: u64| nav.go(&query.get_untracked().with_page(page.min(u32::MAX as u64) as u32), false);
    let has_previous = move || pager.get().is_some_and(|p| p.has_previous);
    let has_next = move || pager.get().is_some_and(|p| p.has_next);
    let label = format!("{} pages", list.title);
    view! {
        <nav class="pager" aria-label=label>
            <div class="field page-size">
                <label for=size_id.clone()>"Rows per page"</label>
                <select
                    id=size_id
                    on:change=move |ev| {
                        if let Ok(size) = event_target_value(&ev).parse::<u32>() {
                            nav.go(&query.get_untracked().with_page_size(size), false);
                        }
                    }
                >
                    {move || {
                        // The standard sizes, plus a different one a link asked for.
                        let current = query.with(|q| q.page_size);
                        let mut sizes = PAGE_SIZES.to_vec();
                        if !sizes.contains(&current) {
                            sizes.push(current);
                            sizes.sort_unstable();
                        }
                        sizes
                            .into_iter()
                            .map(|size| {
                                view! {
                                    <option value=size.to_string() prop:selected=size == current>
                                        {size.to_string()}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <span class="range">{move || data.with(|d| d.as_ref().map(|p| range_text(&p.pagination)))}</span>
            <div class="page-buttons">
                <button type="button" disabled=move || !has_previous() on:click=move |_| go_to(1)>
                    "First"
                </button>
                <button
                    type="button"
                    disabled=move || !has_previous()
                    on:click=move |_| go_to((query.get_untracked().page as u64).saturating_sub(1).max(1))
                >
                    "Previous"
                </button>
                <span class="page-of">{move || pager.get().map(|p| p.text())}</span>
                <button
                    type="button"
                    disabled=move || !has_next()
                    on:click=move |_| go_to(query.get_untracked().page as u64 + 1)
                >
                    "Next"
                </button>
                <button
                    type="button"
                    disabled=move || !has_next()
                    on:click=move |_| {
                        if let Some(p) = pager.get_untracked() {
                            go_to(p.total_pages)
                        }
                    }
                >
                    "Last"
                </button>
            </div>
        </nav>
    }
}

#[component]
fn EmptyState(list: &'static ListDescriptor, query: Memo<TableQuery>, nav: TableNav) -> impl IntoView {
    let message = move || {
        query.with(|q| {
            let search = q.search.trim();
            match (search.is_empty(), q.has_filters()) {
                (true, false) => format!("There are no {} yet.", list.noun_plural),
                (true, true) => format!("No {} match the selected filters.", list.noun_plural),
                (false, false) => format!("No {} match “{}”.", list.noun_plural, search),
                (false, true) => format!("No {} match “{}” with the selected filters.", list.noun_plural, search),
            }
        })
    };
    let has_search = move || query.with(|q| !q.search.trim().is_empty());
    let has_filters = move || query.with(|q| q.has_filters());
    view! {
        <div class="state empty">
            <p>{message}</p>
            <Show when=has_search>
                <button type="button" on:click=move |_| nav.go(&query.get_untracked().with_search(""), false)>
                    "Clear search"
                </button>
            </Show>
            <Show when=has_filters>
                <button
                    type="button"
                    on:click=move |_| {
                        let q = query.get_untracked();
                        let cleared = TableQuery { filters: Vec::new(), page: 1, ..q };
                        nav.go(&cleared, false)
                    }
                >
                    "Clear filters"
                </button>
            </Show>
        </div>
    }
}

#[component]
fn ErrorState(
    list: &'static ListDescriptor,
    query: Memo<TableQuery>,
    nav: TableNav,
    error: RwSignal<Option<ApiError>>,
    retry: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let message = move || error.with(|e| e.as_ref().map(|e| e.message()).unwrap_or_default());
    let invalid_page = move || error.with(|e| e.as_ref().is_some_and(|e| e.is_invalid_page()));
    view! {
        <div class="state error" role="alert">
            <p class="state-title">{format!("Could not load {}", list.noun_plural)}</p>
            <p class="state-detail">{message}</p>
            <div class="state-actions">
                <button type="button" on:click=move |_| retry()>
                    "Retry"
                </button>
                <Show when=invalid_page>
                    <button type="button" on:click=move |_| nav.go(&query.get_untracked().with_page(1), true)>
                        "Go to the first page"
                    </button>
                </Show>
            </div>
        </div>
    }
}
