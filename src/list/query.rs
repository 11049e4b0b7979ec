//! Table state ⇄ URL query ⇄ API query. The URL is the single source of truth:
//! reload, back/forward and pasted links all go through [`TableQuery::from_lookup`].

use super::descriptor::{FilterKind, ListDescriptor};

/// Page sizes offered by the picker.
pub const PAGE_SIZES: &[u32] = &[10, 20, 50, 100];

/// The page sizes to offer: the standard ones, plus a different one a link
/// asked for, in order.
pub fn page_size_choices(current: u32) -> Vec<u32> {
    let mut sizes = PAGE_SIZES.to_vec();
    if !sizes.contains(&current) {
        // An insert, not a sort: no sort code in the wasm.
        let at = sizes.iter().position(|s| *s > current).unwrap_or(sizes.len());
        sizes.insert(at, current);
    }
    sizes
}

/// The rows per page the server used, when its answer shows it used fewer
/// than `requested` (authentik caps pages at 100 whatever is asked): the
/// offset of a later page, or a full page that is not the last. `None` when
/// it used what was asked, or the answer cannot tell (one page of results).
pub fn served_page_size(requested: u32, p: &crate::api::models::Pagination) -> Option<u32> {
    let used = if p.current > 1 && p.start_index > 0 {
        (p.start_index - 1) / (p.current - 1)
    } else if p.current < p.total_pages && p.end_index >= p.start_index {
        p.end_index - p.start_index + 1
    } else {
        return None;
    };
    (used > 0 && used < requested as u64).then_some(used as u32)
}

/// The largest page size a URL may ask for. authentik caps pages at 100; a
/// larger value is still sent (the benchmarks' local API allows 1,000 rows).
pub const MAX_PAGE_SIZE: u32 = 1000;

/// A sort on one key, ascending unless `descending`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sort {
    pub key: String,
    pub descending: bool,
}

impl Sort {
    /// Parses authentik's `ordering` value (`name` or `-name`).
    pub fn parse(value: &str) -> Option<Sort> {
        let value = value.trim();
        let (key, descending) = match value.strip_prefix('-') {
            Some(k) => (k, true),
            None => (value, false),
        };
        (!key.is_empty()).then(|| Sort { key: key.to_string(), descending })
    }

    pub fn to_param(&self) -> String {
        if self.descending {
            format!("-{}", self.key)
        } else {
            self.key.clone()
        }
    }
}

/// Everything that decides which rows a table shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableQuery {
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
    pub search: String,
    /// `None`: the server's default order.
    pub sort: Option<Sort>,
    /// `(param, value)` for set filters, in the descriptor's order.
    pub filters: Vec<(String, String)>,
}

impl TableQuery {
    /// The default view of a table.
    pub fn new(default_page_size: u32) -> Self {
        TableQuery { page: 1, page_size: default_page_size, search: String::new(), sort: None, filters: Vec::new() }
    }

    /// Reads the state from URL query parameters. Anything malformed falls back to
    /// the default for that part only, so a hand-edited link still opens.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>, list: &ListDescriptor, default_page_size: u32) -> Self {
        let mut q = TableQuery::new(default_page_size);
        if let Some(page) = get("page").and_then(|p| p.trim().parse::<u32>().ok()).filter(|p| *p >= 1) {
            q.page = page;
        }
        if let Some(size) =
            get("page_size").and_then(|p| p.trim().parse::<u32>().ok()).filter(|s| (1..=MAX_PAGE_SIZE).contains(s))
        {
            q.page_size = size;
        }
        q.search = get("search").unwrap_or_default();
        q.sort = get("ordering").and_then(|o| Sort::parse(&o)).filter(|s| list.is_sortable(&s.key));
        for filter in list.filters {
            // Written as a typed value is (a UUID in capitals or braces as
            // authentik writes it, so the chosen item's name matches it);
            // kept as it is if malformed, for the server to refuse; but a yes/no
            // that is neither is dropped, as authentik would ignore it.
            let checked = |v: String| match filter.check(&v) {
                Err(_) if matches!(filter.kind, FilterKind::Boolean) => None,
                c => Some(c.unwrap_or(v)),
            };
            if let Some(value) = get(filter.param).and_then(checked).filter(|v| !v.is_empty()) {
                q.filters.push((filter.param.to_string(), value));
            }
        }
        q
    }

    /// The URL query for this state (with a leading `?`), leaving out defaults so
    /// links stay short; empty for the default view.
    pub fn to_url_query(&self, default_page_size: u32) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.search.is_empty() {
            pairs.push(("search", self.search.clone()));
        }
        for (param, value) in &self.filters {
            pairs.push((param, value.clone()));
        }
        if let Some(sort) = &self.sort {
            pairs.push(("ordering", sort.to_param()));
        }
        if self.page_size != default_page_size {
            pairs.push(("page_size", self.page_size.to_string()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", encode_pairs(&pairs))
        }
    }

    /// The API query string (no `?`) for this state. Filters that select the
    /// endpoint instead of being parameters are left out.
    pub fn to_api_query(&self, list: &ListDescriptor) -> String {
        let mut pairs: Vec<(&str, String)> =
            vec![("page", self.page.to_string()), ("page_size", self.page_size.to_string())];
        let sent = match &self.sort {
            Some(sort) => Some(sort.to_param()),
            None if list.sends_default_ordering => list.default_ordering.map(str::to_string),
            None => None,
        };
        if let Some(ordering) = sent {
            pairs.push(("ordering", api_ordering(&ordering)));
        }
        let search = self.search.trim();
        if !search.is_empty() {
            pairs.push(("search", search.to_string()));
        }
        for (param, value) in &self.filters {
            if list.filter(param).is_some_and(|f| f.endpoint.is_none()) {
                pairs.push((param, value.clone()));
            }
        }
        encode_pairs(&pairs)
    }

    pub fn filter(&self, param: &str) -> Option<&str> {
        self.filters.iter().find(|(p, _)| p == param).map(|(_, v)| v.as_str())
    }

    pub fn has_filters(&self) -> bool {
        !self.filters.is_empty()
    }

    /// What an empty reply means for this state ("No flows match “x”.").
    /// The search is isolated (`crate::text`): typed or from a link, it may
    /// hold right-to-left text that would reorder the sentence around it.
    pub fn empty_message(&self, noun_plural: &str) -> String {
        let trimmed = self.search.trim();
        let search = crate::text::isolate(trimmed);
        match (trimmed.is_empty(), self.has_filters()) {
            (true, false) => format!("There are no {noun_plural} yet."),
            (true, true) => format!("No {noun_plural} match the selected filters."),
            (false, false) => format!("No {noun_plural} match “{search}”."),
            (false, true) => format!("No {noun_plural} match “{search}” with the selected filters."),
        }
    }

    pub fn with_page(&self, page: u32) -> Self {
        TableQuery { page: page.max(1), ..self.clone() }
    }

    /// A new search starts again from page 1.
    pub fn with_search(&self, search: &str) -> Self {
        TableQuery { search: search.to_string(), page: 1, ..self.clone() }
    }

    /// Setting (or clearing, with "") a filter starts again from page 1.
    pub fn with_filter(&self, list: &ListDescriptor, param: &str, value: &str) -> Self {
        let mut next = TableQuery { page: 1, ..self.clone() };
        next.filters.retain(|(p, _)| p != param);
        if !value.is_empty() {
            // In the descriptor's order (the others already are), so equal states
            // give equal URLs. An insert, not a sort: no sort code in the wasm.
            let rank = |p: &str| list.filters.iter().position(|f| f.param == p).unwrap_or(usize::MAX);
            let at = next.filters.iter().position(|(p, _)| rank(p) > rank(param)).unwrap_or(next.filters.len());
            next.filters.insert(at, (param.to_string(), value.to_string()));
        }
        next
    }

    pub fn without_search_and_filters(&self) -> Self {
        TableQuery { search: String::new(), filters: Vec::new(), page: 1, ..self.clone() }
    }

    /// The sort currently in force, including the server's default order.
    pub fn effective_sort(&self, list: &ListDescriptor) -> Option<Sort> {
        self.sort.clone().or_else(|| list.default_ordering.and_then(Sort::parse))
    }

    /// The rows' order in words, for screen readers to hear with the range
    /// after a sort (", sorted by Name, descending"); empty when the order is
    /// not a column's.
    pub fn order_text(&self, list: &ListDescriptor) -> String {
        let Some(sort) = self.effective_sort(list) else { return String::new() };
        let Some(column) = list.columns.iter().find(|c| c.sort_key == Some(sort.key.as_str())) else {
            return String::new();
        };
        let (verb, direction) = match (column.groups, sort.descending) {
            (true, false) => ("grouped", ""),
            (true, true) => ("grouped", ", reversed"),
            (false, false) => ("sorted", ", ascending"),
            (false, true) => ("sorted", ", descending"),
        };
        format!(", {verb} by {}{direction}", column.label)
    }

    /// Clicking a column header: ascending first, then toggling. Stays on the
    /// current page number would show unrelated rows, so go back to page 1.
    pub fn with_sort_toggled(&self, list: &ListDescriptor, key: &str) -> Self {
        let descending = match self.effective_sort(list) {
            Some(current) if current.key == key => !current.descending,
            _ => false,
        };
        TableQuery { sort: Some(Sort { key: key.to_string(), descending }), page: 1, ..self.clone() }
    }

    /// A new page size keeps the first visible row on screen.
    pub fn with_page_size(&self, page_size: u32) -> Self {
        let first_row = (self.page.saturating_sub(1)) as u64 * self.page_size as u64;
        let page = (first_row / page_size.max(1) as u64) as u32 + 1;
        TableQuery { page_size, page, ..self.clone() }
    }
}

/// An `ordering` as sent to authentik: the chosen sort, then the primary key.
/// authentik (PostgreSQL, `LIMIT`/`OFFSET`) returns rows whose sort keys are
/// equal in no fixed order — recorded for `ordering=order`, where bindings with
/// the same order came back in another order than without the parameter — so
/// without a last, unique key a row can show on two pages and another on none.
/// Every serializer we list has `pk`, which DRF accepts as an ordering field.
pub fn api_ordering(ordering: &str) -> String {
    if ordering.split(',').any(|term| term.trim().trim_start_matches('-') == "pk") {
        ordering.to_string()
    } else {
        format!("{ordering},pk")
    }
}

/// Typing a search should not leave one history entry per pause: refining a
/// search replaces the entry, starting or clearing one adds an entry, so Back
/// returns to the view before the search.
pub fn search_replaces_history(old: &str, new: &str) -> bool {
    !old.trim().is_empty() && !new.trim().is_empty()
}

/// `application/x-www-form-urlencoded`-style encoding of one component, as
/// `URLSearchParams` would write it (space → `+`).
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// Decodes one `application/x-www-form-urlencoded` component (`+` is a space);
/// malformed escapes are kept as written.
pub fn decode_component(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = match bytes[i] {
            b'+' => Some((b' ', 1)),
            b'%' => bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .map(|b| (b, 3)),
            _ => None,
        };
        let (byte, width) = decoded.unwrap_or((bytes[i], 1));
        out.push(byte);
        i += width;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Path-segment encoding: like [`encode_component`] but spaces become `%20`.
pub fn encode_path_segment(value: &str) -> String {
    encode_component(value).replace('+', "%20")
}

fn encode_pairs(pairs: &[(&str, String)]) -> String {
    crate::text::join(
        &pairs.iter().map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v))).collect::<Vec<_>>(),
        "&",
    )
}

/// A link's `href` with its `return=` (back to the list at `list_path`,
/// bare or with an older view) set to the list's current `view`; `None` when
/// it does not return to that list.
pub fn with_return_view(href: &str, list_path: &str, view: &str) -> Option<String> {
    // (By hand rather than `find("?return=")`: a `&str` pattern brings in
    // core's two-way substring search, ~0.9 KB of the compressed wasm.)
    let start = href
        .char_indices()
        .find(|&(i, c)| matches!(c, '?' | '&') && href.get(i + 1..).is_some_and(|r| r.starts_with("return=")))?
        .0
        + 8;
    let (before, from) = href.split_at_checked(start)?;
    let (value, after) = from.split_at_checked(from.find('&').unwrap_or(from.len()))?;
    let current = decode_component(value);
    let same_list = current == list_path || current.strip_prefix(list_path).is_some_and(|rest| rest.starts_with('?'));
    same_list.then(|| format!("{before}{}{after}", encode_component(view)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_back_to_a_list_takes_its_whole_view() {
        let view = "/bindings?ordering=-order&page=2";
        let edit = "/admin/bindings/4d99?return=%2Fbindings";
        let full = with_return_view(edit, "/bindings", view).unwrap();
        assert_eq!(full, "/admin/bindings/4d99?return=%2Fbindings%3Fordering%3D-order%26page%3D2");
        // Again later, with another view: replaced, not appended.
        let again = with_return_view(&full, "/bindings", "/bindings?page=3").unwrap();
        assert_eq!(again, "/admin/bindings/4d99?return=%2Fbindings%3Fpage%3D3");
        assert_eq!(
            with_return_view("/b/1?return=%2Fbindings&x=1", "/bindings", "/bindings?page=3").as_deref(),
            Some("/b/1?return=%2Fbindings%3Fpage%3D3&x=1")
        );
        // Not this list, or no return at all: left alone.
        assert_eq!(with_return_view("/b/1?return=%2Fflows%2Fx", "/bindings", view), None);
        assert_eq!(with_return_view("/b/1?return=%2Fbindingsx", "/bindings", view), None);
        assert_eq!(with_return_view("/flows/x", "/bindings", view), None);
    }

    #[test]
    fn page_size_choices_add_a_linked_size_in_order() {
        assert_eq!(page_size_choices(20), vec![10, 20, 50, 100]);
        assert_eq!(page_size_choices(5), vec![5, 10, 20, 50, 100]);
        assert_eq!(page_size_choices(30), vec![10, 20, 30, 50, 100]);
        assert_eq!(page_size_choices(1000), vec![10, 20, 50, 100, 1000]);
    }

    #[test]
    fn empty_messages_name_the_search_and_filters() {
        let mut q = TableQuery { search: "  ab c ".into(), ..TableQuery::new(20) };
        assert_eq!(q.empty_message("flows"), "No flows match “\u{2068}ab c\u{2069}”.");
        q.filters.push(("designation".into(), "recovery".into()));
        assert_eq!(q.empty_message("flows"), "No flows match “\u{2068}ab c\u{2069}” with the selected filters.");
        q.search.clear();
        assert_eq!(q.empty_message("stages"), "No stages match the selected filters.");
        q.filters.clear();
        assert_eq!(q.empty_message("stages"), "There are no stages yet.");
    }
    use crate::list::descriptor::{Column, Filter, FilterKind, ListDescriptor};

    fn type_endpoint(value: &str) -> String {
        format!("things/{value}/")
    }
    use std::collections::HashMap;

    static LIST: ListDescriptor = ListDescriptor {
        key: "things",
        title: "Things",
        noun_plural: "things",
        search_label: "Search things",
        endpoint: "things/",
        columns: &[Column::sortable("Name", "name"), Column::sortable("Slug", "slug"), Column::plain("Count")],
        filters: &[
            Filter::new("designation", "Designation", FilterKind::Choice(&[("recovery", "Recovery")])),
            Filter::new("denied_action", "Denied action", FilterKind::Choice(&[("message", "Message")])),
            Filter::new("type", "Type", FilterKind::Text).selects_endpoint(type_endpoint),
            Filter::new("target", "Target", FilterKind::Uuid),
            Filter::new("evaluate_on_plan", "Evaluate on plan", FilterKind::Boolean),
        ],
        default_ordering: Some("slug"),
        sends_default_ordering: false,
        create: None,
        delete: None,
        decode: |_| Err(crate::api::error::ApiError::Network),
    };

    fn parse(url_query: &str) -> TableQuery {
        let map: HashMap<String, String> = url_query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        TableQuery::from_lookup(|k| map.get(k).cloned(), &LIST, 20)
    }

    fn decode(s: &str) -> String {
        let s = s.replace('+', " ");
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn order_text_names_the_column_and_direction() {
        // The default order (slug) when the address names none.
        assert_eq!(parse("").order_text(&LIST), ", sorted by Slug, ascending");
        assert_eq!(parse("?ordering=-name").order_text(&LIST), ", sorted by Name, descending");
        static GROUPED: ListDescriptor = ListDescriptor {
            columns: &[Column::grouping("Flow", "target"), Column::plain("Count")],
            default_ordering: Some("pk"),
            ..LIST
        };
        let sorted = |ordering: &str| TableQuery { sort: Sort::parse(ordering), ..TableQuery::new(20) };
        assert_eq!(sorted("-target").order_text(&GROUPED), ", grouped by Flow, reversed");
        assert_eq!(sorted("target").order_text(&GROUPED), ", grouped by Flow");
        // An order no column shows says nothing.
        assert_eq!(parse("").order_text(&GROUPED), "");
    }

    #[test]
    fn filter_values_from_the_url_are_normalised_as_typed_ones() {
        let q = parse("target=%7BC88F34E2-852D-453C-BF36-1E1FA0EEC225%7D&type=+login+");
        assert_eq!(q.filter("target"), Some("c88f34e2-852d-453c-bf36-1e1fa0eec225"));
        assert_eq!(q.filter("type"), Some("login"));
        // Malformed: left for the server to refuse, with its message.
        assert_eq!(parse("target=C88F").filter("target"), Some("C88F"));
        assert_eq!(parse("type=++").filter("type"), None);
    }

    #[test]
    fn default_view_has_an_empty_query() {
        let q = parse("");
        assert_eq!(q, TableQuery::new(20));
        assert_eq!(q.to_url_query(20), "");
        assert_eq!(q.to_api_query(&LIST), "page=1&page_size=20");
        assert_eq!(LIST.endpoint_for(&q), "things/");
    }

    #[test]
    fn url_round_trip_keeps_every_part() {
        let q = TableQuery {
            page: 3,
            page_size: 50,
            search: "acme & co/ü \"x\"".into(),
            sort: Some(Sort { key: "name".into(), descending: true }),
            filters: vec![("designation".into(), "recovery".into()), ("denied_action".into(), "message".into())],
        };
        let url = q.to_url_query(20);
        assert_eq!(
            url,
            "?search=acme+%26+co%2F%C3%BC+%22x%22&designation=recovery&denied_action=message&ordering=-name&page_size=50&page=3"
        );
        assert_eq!(parse(&url), q);
    }

    #[test]
    fn malformed_parts_fall_back_individually() {
        let q = parse("?page=0&page_size=5000&ordering=-bogus&search=x&designation=&unknown=1");
        assert_eq!(q.page, 1);
        assert_eq!(q.page_size, 20);
        assert_eq!(q.sort, None);
        assert_eq!(q.search, "x");
        assert!(q.filters.is_empty());
        assert_eq!(parse("?page=abc").page, 1);
        assert_eq!(parse("?page_size=0").page_size, 20);
        assert_eq!(parse("?page_size=37").page_size, 37);
        // Unknown filter *values* are kept: the server says what is wrong with them.
        assert_eq!(parse("?designation=nope").filter("designation"), Some("nope"));
        // But a yes/no that is neither is dropped: authentik would ignore it.
        assert_eq!(parse("?evaluate_on_plan=maybe").filter("evaluate_on_plan"), None);
        assert_eq!(parse("?evaluate_on_plan=True").filter("evaluate_on_plan"), Some("true"));
        assert_eq!(parse("?evaluate_on_plan=false").filter("evaluate_on_plan"), Some("false"));
    }

    #[test]
    fn api_query_has_every_parameter() {
        let q = parse("?search=%20two%20words%20&designation=recovery&ordering=name&page=2&page_size=10");
        assert_eq!(
            q.to_api_query(&LIST),
            "page=2&page_size=10&ordering=name%2Cpk&search=two+words&designation=recovery"
        );
        // The server's own order (no `ordering`) is left to the server.
        assert_eq!(parse("?page=2").to_api_query(&LIST), "page=2&page_size=20");
    }

    #[test]
    fn every_sort_sent_ends_with_the_primary_key() {
        assert_eq!(api_ordering("name"), "name,pk");
        assert_eq!(api_ordering("-designation"), "-designation,pk");
        assert_eq!(api_ordering("target,order"), "target,order,pk");
        assert_eq!(api_ordering("-pk"), "-pk");
        assert_eq!(api_ordering("order, pk"), "order, pk");
    }

    #[test]
    fn an_endpoint_filter_picks_the_endpoint_and_is_not_sent() {
        let q = parse("?type=quiz&designation=recovery");
        assert_eq!(q.to_url_query(20), "?designation=recovery&type=quiz");
        assert_eq!(LIST.endpoint_for(&q), "things/quiz/");
        assert_eq!(q.to_api_query(&LIST), "page=1&page_size=20&designation=recovery");
    }

    #[test]
    fn search_and_filters_return_to_page_one() {
        let q = parse("?page=5");
        assert_eq!(q.with_search("x").page, 1);
        assert_eq!(q.with_filter(&LIST, "designation", "recovery").page, 1);
        assert_eq!(q.with_page(4).page, 4);
    }

    #[test]
    fn filters_keep_descriptor_order_and_clear_with_empty() {
        let q = parse("").with_filter(&LIST, "denied_action", "message").with_filter(&LIST, "designation", "recovery");
        assert_eq!(q.to_url_query(20), "?designation=recovery&denied_action=message");
        assert_eq!(q.with_filter(&LIST, "designation", "").to_url_query(20), "?denied_action=message");
    }

    #[test]
    fn sort_toggles_from_the_effective_order() {
        let q = parse("");
        // Default order is slug ascending, so the first click on Slug sorts descending.
        assert_eq!(q.with_sort_toggled(&LIST, "slug").sort, Some(Sort { key: "slug".into(), descending: true }));
        let by_name = q.with_sort_toggled(&LIST, "name");
        assert_eq!(by_name.sort, Some(Sort { key: "name".into(), descending: false }));
        assert_eq!(by_name.with_sort_toggled(&LIST, "name").to_url_query(20), "?ordering=-name");
        assert_eq!(parse("?page=3").with_sort_toggled(&LIST, "name").page, 1);
    }

    #[test]
    fn page_size_change_keeps_the_first_row_visible() {
        let q = parse("?page=3"); // rows 41–60
        assert_eq!(q.with_page_size(50).page, 1); // rows 1–50 contain row 41
        assert_eq!(q.with_page_size(10).page, 5); // rows 41–50
        assert_eq!(parse("?page=7&page_size=10").with_page_size(20).page, 4); // row 61 → page 4
    }

    #[test]
    fn refining_a_search_replaces_history() {
        assert!(!search_replaces_history("", "a"));
        assert!(search_replaces_history("a", "ac"));
        assert!(!search_replaces_history("acme", ""));
    }

    #[test]
    fn encoding() {
        assert_eq!(encode_component("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
        assert_eq!(decode_component("a+b%26c%3Dd%2F%C3%A9"), "a b&c=d/é");
        assert_eq!(decode_component("100%"), "100%");
        assert_eq!(decode_component("%zz%4"), "%zz%4");
        assert_eq!(encode_path_segment("a b"), "a%20b");
    }
    #[test]
    fn a_page_size_the_server_capped_is_read_from_its_answer() {
        use crate::api::models::Pagination;
        let p = |current, total_pages, start_index, end_index| Pagination {
            next: 0,
            previous: 0,
            count: 264,
            current,
            total_pages,
            start_index,
            end_index,
        };
        // 1,000 asked, 100 given: the first page is full and not the last.
        assert_eq!(served_page_size(1000, &p(1, 3, 1, 100)), Some(100));
        // The last page: its offset says it.
        assert_eq!(served_page_size(1000, &p(3, 3, 201, 264)), Some(100));
        // As asked.
        assert_eq!(served_page_size(100, &p(1, 3, 1, 100)), None);
        assert_eq!(served_page_size(20, &p(14, 14, 261, 264)), None);
        // One page of everything: cannot tell, and it does not matter.
        assert_eq!(served_page_size(1000, &p(1, 1, 1, 264)), None);
        // An empty answer.
        assert_eq!(served_page_size(1000, &p(1, 1, 0, 0)), None);
    }
}
