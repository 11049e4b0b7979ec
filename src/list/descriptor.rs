//! What a list endpoint looks like to the generic table: columns, sort keys,
//! filters, and how a reply becomes rows of cells. Each endpoint declares one
//! `static` [`ListDescriptor`]; the table component does the rest.

use crate::api::error::ApiError;
use crate::api::models::{Paginated, Pagination};
use crate::json::{DecodeError, Fields, FromJson, Json, ToJson};

/// One column header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub label: &'static str,
    /// The `ordering` key, if the column can be sorted.
    pub sort_key: Option<&'static str>,
    /// Numbers are right-aligned.
    pub numeric: bool,
    /// The cell that names the row (`<th scope="row">`): a screen reader
    /// reads it out when moving along a column.
    pub row_header: bool,
    /// The sort groups rows by this column without ordering them by what it
    /// shows (bindings by flow: authentik sorts by the flow's id, not its
    /// name), so it is not announced as ascending or descending.
    pub groups: bool,
    /// Holds identifiers (slugs, stage names such as
    /// `default-authentication-password`): wide enough to keep a usual one on
    /// one line, where a browser would break it after every hyphen.
    pub identifier: bool,
}

impl Column {
    pub const fn sortable(label: &'static str, sort_key: &'static str) -> Self {
        Column { label, sort_key: Some(sort_key), numeric: false, row_header: false, groups: false, identifier: false }
    }
    pub const fn plain(label: &'static str) -> Self {
        Column { label, sort_key: None, numeric: false, row_header: false, groups: false, identifier: false }
    }
    pub const fn number(label: &'static str) -> Self {
        Column { label, sort_key: None, numeric: true, row_header: false, groups: false, identifier: false }
    }
    /// See [`Column::groups`].
    pub const fn grouping(label: &'static str, sort_key: &'static str) -> Self {
        Column { groups: true, ..Column::sortable(label, sort_key) }
    }
    /// This column's cells name their rows.
    pub const fn row_header(self) -> Self {
        Column { row_header: true, ..self }
    }
    /// See [`Column::identifier`].
    pub const fn identifier(self) -> Self {
        Column { identifier: true, ..self }
    }
}

/// How a filter is edited and checked.
#[derive(Clone, Copy, Debug)]
pub enum FilterKind {
    /// A fixed set of `(value, label)` pairs.
    Choice(&'static [(&'static str, &'static str)]),
    /// All / Yes / No, sent as `true` / `false`.
    Boolean,
    /// Exact text.
    Text,
    /// A UUID, checked before it is sent.
    Uuid,
    /// A 32-bit integer, checked before it is sent.
    Integer,
    /// Choices fetched from the API.
    Remote(&'static RemoteChoices),
    /// An object chosen with a search picker; the value is its pk.
    Picker(&'static PickerSource),
}

/// `(value, label)` pairs for a select.
pub type Choices = Vec<(String, String)>;

/// Choices that come from an endpoint, e.g. stage types.
#[derive(Debug)]
pub struct RemoteChoices {
    pub endpoint: &'static str,
    /// Reply body → choices.
    pub decode: fn(&str) -> Result<Choices, ApiError>,
}

/// One object offered by a search picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickerItem {
    pub id: String,
    pub label: String,
    /// Secondary text (a slug, a type).
    pub detail: String,
}

impl ToJson for PickerItem {
    fn to_json(&self) -> Json<'_> {
        Json::object([
            ("id", self.id.as_str().into()),
            ("label", self.label.as_str().into()),
            ("detail", self.detail.as_str().into()),
        ])
    }
}

impl FromJson for PickerItem {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        Ok(PickerItem { id: f.req("id")?, label: f.req("label")?, detail: f.opt("detail")? })
    }
}

/// A page of picker results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickerPage {
    pub items: Vec<PickerItem>,
    pub count: u64,
    /// Next page number; 0 when this is the last.
    pub next: u64,
}

/// Where a search picker finds its objects.
#[derive(Debug)]
pub struct PickerSource {
    /// Lower-case singular ("flow", "stage").
    pub noun: &'static str,
    /// What an item's `detail` is ("Slug", "Type"), said under a chosen item.
    pub detail_label: &'static str,
    /// Path of the searchable list (with its trailing slash).
    pub endpoint: &'static str,
    /// Extra query for the list, e.g. an ordering.
    pub extra_query: &'static str,
    pub decode_page: fn(&str) -> Result<PickerPage, ApiError>,
    /// Path that fetches one object by pk, to show a preselected value.
    pub lookup: fn(&str) -> String,
    pub decode_one: fn(&str) -> Result<Option<PickerItem>, ApiError>,
}

impl PickerSource {
    /// The list request for a search term and page.
    pub fn search_path(&self, term: &str, page: u64) -> String {
        let mut query = format!("page={page}&page_size=20");
        if !self.extra_query.is_empty() {
            query.push('&');
            query.push_str(self.extra_query);
        }
        let term = term.trim();
        if !term.is_empty() {
            query.push_str("&search=");
            query.push_str(&super::query::encode_component(term));
        }
        format!("{}?{}", self.endpoint, query)
    }
}

/// A filter on one query parameter.
#[derive(Clone, Copy, Debug)]
pub struct Filter {
    pub param: &'static str,
    pub label: &'static str,
    pub kind: FilterKind,
    /// Shown under "More filters" unless set.
    pub advanced: bool,
    /// Instead of being sent as a parameter, the value picks the endpoint
    /// (the stages table lists one type from that type's own endpoint).
    pub endpoint: Option<fn(&str) -> String>,
}

impl Filter {
    pub const fn new(param: &'static str, label: &'static str, kind: FilterKind) -> Self {
        Filter { param, label, kind, advanced: false, endpoint: None }
    }

    pub const fn advanced(self) -> Self {
        Filter { advanced: true, ..self }
    }

    pub const fn selects_endpoint(self, endpoint: fn(&str) -> String) -> Self {
        Filter { endpoint: Some(endpoint), ..self }
    }

    /// Checks and normalises a typed value before it goes into the URL.
    pub fn check(&self, raw: &str) -> Result<String, String> {
        let value = raw.trim();
        if value.is_empty() {
            return Ok(String::new());
        }
        match self.kind {
            FilterKind::Uuid | FilterKind::Picker(_) => crate::json::parse_uuid(value)
                .map(|u| u.to_string())
                .ok_or_else(|| "Enter a UUID such as 6fa70650-8dde-4209-a49a-b11fc19bac7e.".to_string()),
            FilterKind::Integer => match value.parse::<i64>() {
                Ok(n) if n >= i32::MIN as i64 && n <= i32::MAX as i64 => Ok(n.to_string()),
                Ok(_) => Err("Enter a number between -2147483648 and 2147483647.".into()),
                Err(_) => Err("Enter a whole number, such as 20.".into()),
            },
            // authentik ignores any other value (the list comes back unfiltered).
            FilterKind::Boolean if value.eq_ignore_ascii_case("true") => Ok("true".into()),
            FilterKind::Boolean if value.eq_ignore_ascii_case("false") => Ok("false".into()),
            FilterKind::Boolean => Err("Choose Yes or No.".into()),
            _ => Ok(value.to_string()),
        }
    }
}

/// The content of one cell. Plain data, so descriptors stay testable natively;
/// the table turns it into DOM (always as text, never as markup).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// Text in a fixed-width font (slugs, identifiers).
    Code(String),
    /// An in-app link, and under it what tells it from others of the same
    /// name (a flow's slug; empty for none).
    Link {
        href: String,
        text: String,
        detail: String,
    },
    /// Several in-app links (a stage's flows), and a link to the rest.
    Links {
        links: Vec<(String, String)>,
        more: Option<(String, String)>,
    },
    /// Edit (a link) and Delete (a button: the table asks, then deletes the
    /// row through [`ListDescriptor::delete`]). `name` says which row both act
    /// on ("the binding of stage “x” in flow “y”", names isolated:
    /// `crate::text`); `consequence` is what deleting it does, for the question.
    EditDelete {
        href: String,
        name: String,
        consequence: String,
    },
    Bool(bool),
    Number(i64),
    /// Nothing to show (rendered as an em dash with a hidden "none").
    Empty,
}

impl Cell {
    pub fn text_or_empty(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }
}

/// One table row: a stable key plus its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The object's primary key: keyed rendering keeps a row's node while
    /// its id and cells stay equal (compared, not hashed: hashing every cell
    /// cost ~0.8 ms per 100 rows, and a crafted name could collide a hash).
    pub id: String,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn new(id: String, cells: Vec<Cell>) -> Self {
        Row { id, cells }
    }
}

/// A decoded page, ready for the table.
#[derive(Clone, Debug, PartialEq)]
pub struct ListPage {
    pub pagination: Pagination,
    /// Shared: the table reads the rows on every change without copying them.
    pub rows: std::rc::Rc<[Row]>,
}

/// A list endpoint as the generic table sees it.
pub struct ListDescriptor {
    /// Stable identifier, used for element ids.
    pub key: &'static str,
    /// Page heading.
    pub title: &'static str,
    /// Lower-case plural for sentences ("No flows match …").
    pub noun_plural: &'static str,
    /// The search box's label: what authentik's search looks through.
    pub search_label: &'static str,
    /// Path below the API base, with the trailing slash authentik requires.
    pub endpoint: &'static str,
    pub columns: &'static [Column],
    pub filters: &'static [Filter],
    /// The order when the address names none, shown on its column: the
    /// server's own, unless `sends_default_ordering`.
    pub default_ordering: Option<&'static str>,
    /// The server has no order of its own (rows come in database order), so
    /// the app asks for `default_ordering`.
    pub sends_default_ordering: bool,
    /// A "New …" link in the header: `(text, href)`.
    pub create: Option<(&'static str, &'static str)>,
    /// Reply body → rows.
    pub decode: fn(&str) -> Result<ListPage, ApiError>,
    /// How a row with an [`Cell::EditDelete`] is deleted.
    pub delete: Option<RowDelete>,
}

/// Deleting a row from the list.
#[derive(Clone, Copy)]
pub struct RowDelete {
    /// The object's path below the API base, from the row's id.
    pub endpoint: fn(&str) -> String,
    /// The question ("Delete this binding?") and its button ("Delete binding").
    pub title: &'static str,
    pub confirm_label: &'static str,
    /// Said when the server no longer has it.
    pub already_gone: &'static str,
}

impl ListDescriptor {
    pub fn is_sortable(&self, key: &str) -> bool {
        self.columns.iter().any(|c| c.sort_key == Some(key))
    }

    pub fn filter(&self, param: &str) -> Option<&Filter> {
        self.filters.iter().find(|f| f.param == param)
    }

    /// What a failed request means for this state. A 404 from an endpoint a
    /// filter chose is that filter's value, not the API address (a stale link
    /// with a stage type this authentik does not have).
    pub fn error_message(&self, query: &super::query::TableQuery, error: &ApiError) -> String {
        if let ApiError::Http { status: 404, .. } = error {
            if !error.is_invalid_page() {
                let chosen = self
                    .filters
                    .iter()
                    .find_map(|f| Some((f, query.filter(f.param).filter(|_| f.endpoint.is_some())?)));
                if let Some((filter, value)) = chosen {
                    return format!("There is no {} “{}” on this server.", filter.label.to_ascii_lowercase(), value);
                }
            }
        }
        error.message()
    }

    /// The list endpoint for a state: a filter that selects the endpoint wins.
    pub fn endpoint_for(&self, query: &super::query::TableQuery) -> String {
        self.filters
            .iter()
            .find_map(|f| Some((f.endpoint?)(query.filter(f.param)?)))
            .unwrap_or_else(|| self.endpoint.to_string())
    }
}

/// Decodes a paginated reply of `T` and maps each item to a row.
pub fn decode_rows<T: FromJson>(body: &str, row: impl Fn(&T) -> Row) -> Result<ListPage, ApiError> {
    let page: Paginated<T> = crate::api::decode_json(body)?;
    Ok(ListPage { rows: page.results.iter().map(row).collect(), pagination: page.pagination })
}

/// `"21–40 of 263"`, or `"0 of 0"` for an empty list.
pub fn range_text(p: &Pagination) -> String {
    if p.count == 0 {
        "0 of 0".to_string()
    } else {
        format!("{}–{} of {}", p.start_index, p.end_index, p.count)
    }
}

/// Which page buttons can be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PagerState {
    pub current: u64,
    pub total_pages: u64,
    pub has_previous: bool,
    pub has_next: bool,
}

impl PagerState {
    pub fn from_pagination(p: &Pagination) -> Self {
        let total_pages = p.total_pages.max(1);
        PagerState { current: p.current.max(1), total_pages, has_previous: p.previous > 0, has_next: p.next > 0 }
    }

    /// While the page the address asks for loads: that page, so the buttons
    /// agree with the address; with the last answer's page count when only
    /// the page has changed since it (a page flip), else none yet (0).
    pub fn pending(self, page: u32, flip: bool) -> Self {
        let current = page.max(1) as u64;
        let total_pages = if flip { self.total_pages } else { 0 };
        PagerState { current, total_pages, has_previous: current > 1, has_next: current < total_pages }
    }

    pub fn text(&self) -> String {
        match self.total_pages {
            0 => format!("Page {}", self.current),
            total => format!("Page {} of {total}", self.current),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pagination(count: u64, current: u64, size: u64) -> Pagination {
        let total_pages = if count == 0 { 1 } else { count.div_ceil(size) };
        Pagination {
            next: if current < total_pages { current + 1 } else { 0 },
            previous: current.saturating_sub(1),
            count,
            current,
            total_pages,
            start_index: if count == 0 { 0 } else { (current - 1) * size + 1 },
            end_index: if count == 0 { 0 } else { (current * size).min(count) },
        }
    }

    #[test]
    fn range_text_uses_an_en_dash() {
        assert_eq!(range_text(&pagination(263, 2, 20)), "21–40 of 263");
        assert_eq!(range_text(&pagination(263, 14, 20)), "261–263 of 263");
        assert_eq!(range_text(&pagination(0, 1, 20)), "0 of 0");
    }

    #[test]
    fn pager_state() {
        let first = PagerState::from_pagination(&pagination(263, 1, 20));
        assert!(!first.has_previous && first.has_next);
        assert_eq!(first.text(), "Page 1 of 14");
        let last = PagerState::from_pagination(&pagination(263, 14, 20));
        assert!(last.has_previous && !last.has_next);
        // Next from page 1, while page 2 loads: the buttons follow the address.
        let flipping = first.pending(2, true);
        assert!(flipping.has_previous && flipping.has_next);
        assert_eq!(flipping.text(), "Page 2 of 14");
        assert!(!first.pending(14, true).has_next);
        // A new search (back to page 1): its page count is not known yet.
        let searching = last.pending(1, false);
        assert!(!searching.has_previous && !searching.has_next);
        assert_eq!(searching.text(), "Page 1");
        let only = PagerState::from_pagination(&pagination(0, 1, 20));
        assert!(!only.has_previous && !only.has_next);
        assert_eq!(only.text(), "Page 1 of 1");
    }

    #[test]
    fn filters_check_typed_values() {
        let uuid = Filter::new("stage_uuid", "Stage UUID", FilterKind::Uuid);
        assert_eq!(
            uuid.check(" 6FA70650-8dde-4209-a49a-b11fc19bac7e "),
            Ok("6fa70650-8dde-4209-a49a-b11fc19bac7e".into())
        );
        assert!(uuid.check("6fa70650").unwrap_err().starts_with("Enter a UUID"));
        assert_eq!(uuid.check("  "), Ok(String::new()));
        let order = Filter::new("order", "Order", FilterKind::Integer);
        assert_eq!(order.check("-20"), Ok("-20".into()));
        assert!(order.check("2147483648").is_err());
        assert!(order.check("1.5").is_err());
        assert_eq!(Filter::new("name", "Name", FilterKind::Text).check(" a b "), Ok("a b".into()));
    }

    #[test]
    fn undecodable_bodies_are_decode_errors() {
        let err = decode_rows::<crate::api::flows::Flow>("{\"pagination\": {", |_| Row::new(String::new(), vec![]));
        assert!(matches!(err, Err(ApiError::Decode(_))));
    }
}
