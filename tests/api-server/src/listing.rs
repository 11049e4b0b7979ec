//! The list machinery every authentik list endpoint shares: DRF's page-number
//! pagination as authentik configures it, `SearchFilter` and `OrderingFilter`.
//! Kept free of HTTP so each rule is unit-tested directly.

use serde_json::{json, Value};
use std::cmp::Ordering;

/// authentik's `Pagination.page_size` default.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// authentik's `Pagination.max_page_size`.
pub const DEFAULT_MAX_PAGE_SIZE: usize = 100;

/// The last value of a query parameter, as Django's `QueryDict.get` returns it.
pub fn param<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// A filter value as django-filter sees it: absent and empty both mean "no filter".
pub fn filter_param<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    param(query, name).filter(|v| !v.is_empty())
}

/// Python's `int(str)` for the cases that matter: surrounding whitespace and a
/// leading sign are accepted, anything else that is not an integer is refused.
fn python_int(s: &str) -> Option<i64> {
    s.trim().parse::<i64>().ok()
}

/// DRF `PageNumberPagination.get_page_size`: a strictly positive integer, capped;
/// anything else (0, negative, not a number) silently falls back to the default.
pub fn page_size(query: &[(String, String)], max: usize) -> usize {
    match param(query, "page_size").and_then(python_int) {
        Some(n) if n > 0 => (n as usize).min(max),
        _ => DEFAULT_PAGE_SIZE,
    }
}

/// The body authentik sends for any page it cannot serve.
pub fn invalid_page() -> Value {
    json!({ "detail": "Invalid page." })
}

/// One page of `items` in authentik's envelope, or `Err(body)` for a 404.
/// Only the rows of the page are serialized.
pub fn paginate<T>(
    items: Vec<T>,
    query: &[(String, String)],
    max_page_size: usize,
    to_json: impl Fn(&T) -> Value,
) -> Result<Value, Value> {
    let size = page_size(query, max_page_size);
    let count = items.len();
    // Django's Paginator with allow_empty_first_page: an empty list still has page 1.
    let total_pages = if count == 0 { 1 } else { count.div_ceil(size) };
    let raw = param(query, "page").unwrap_or("");
    let number = if raw.is_empty() {
        1
    } else if raw == "last" {
        total_pages as i64
    } else {
        python_int(raw).ok_or_else(invalid_page)?
    };
    if number < 1 || number as usize > total_pages {
        return Err(invalid_page());
    }
    let number = number as usize;
    let start = (number - 1) * size;
    let end = (start + size).min(count);
    let (start_index, end_index) = if count == 0 { (0, 0) } else { (start + 1, end) };
    let results: Vec<Value> = items.iter().skip(start).take(end - start).map(to_json).collect();
    Ok(json!({
        "pagination": {
            "next": if number < total_pages { number + 1 } else { 0 },
            "previous": number.saturating_sub(1),
            "count": count,
            "current": number,
            "total_pages": total_pages,
            "start_index": start_index,
            "end_index": end_index,
        },
        "results": results,
        "autocomplete": {},
    }))
}

/// DRF `SearchFilter` terms (`search_smart_split`): Django's `smart_split`
/// splits on whitespace, keeping quoted stretches inside a word together; a
/// word that is one quoted phrase is that phrase, without its quotes and
/// escapes; any other word is split on commas. A quote inside a word
/// (`o'brien`, `a"b c"d`) is part of the term, as in authentik.
pub fn search_terms(query: &[(String, String)]) -> Vec<String> {
    let raw = param(query, "search").unwrap_or("").replace('\0', "");
    let mut terms = Vec::new();
    for word in smart_split(&raw) {
        let word = word.trim_matches(',');
        let mut chars = word.chars();
        let (first, last) = (chars.next(), word.chars().next_back());
        match first {
            Some(q) if (q == '"' || q == '\'') && last == Some(q) => {
                // Django's `unescape_string_literal`.
                let inner = if word.len() > 1 { &word[1..word.len() - 1] } else { "" };
                terms.push(inner.replace(&format!("\\{q}"), &q.to_string()).replace("\\\\", "\\"));
            }
            _ => terms.extend(word.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)),
        }
    }
    terms
}

/// Django's `smart_split` regex, by hand: a word is a run of non-space
/// characters holding one or more closed quoted stretches (spaces allowed
/// inside them, backslash escapes honoured), else any run of non-space.
fn smart_split(text: &str) -> Vec<String> {
    let c: Vec<char> = text.chars().collect();
    let plain = |ch: char| !ch.is_whitespace() && ch != '"' && ch != '\'';
    let mut words = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c[i].is_whitespace() {
            i += 1;
            continue;
        }
        // `(?:[^\s'"]*(?:"…"|'…')[^\s'"]*)+`, ending after its last whole repeat.
        let mut quoted_end = None;
        let mut at = i;
        loop {
            let mut j = at;
            while j < c.len() && plain(c[j]) {
                j += 1;
            }
            let Some(&q) = c.get(j).filter(|ch| **ch == '"' || **ch == '\'') else { break };
            let mut k = j + 1;
            let mut closed = false;
            while k < c.len() {
                if c[k] == '\\' {
                    k += 2;
                } else if c[k] == q {
                    closed = true;
                    break;
                } else {
                    k += 1;
                }
            }
            if !closed {
                break;
            }
            k += 1;
            while k < c.len() && plain(c[k]) {
                k += 1;
            }
            quoted_end = Some(k);
            at = k;
        }
        let end = quoted_end.unwrap_or_else(|| {
            let mut j = i;
            while j < c.len() && !c[j].is_whitespace() {
                j += 1;
            }
            j
        });
        words.push(c[i..end].iter().collect());
        i = end;
    }
    words
}

/// Every term must occur (case-insensitively) in at least one of the fields.
pub fn matches_search(terms: &[String], fields: &[&str]) -> bool {
    let lowered: Vec<String> = fields.iter().map(|f| f.to_lowercase()).collect();
    terms.iter().all(|term| {
        let t = term.to_lowercase();
        lowered.iter().any(|f| f.contains(&t))
    })
}

/// A value a list can be ordered by. Strings compare bytewise, like the
/// `C` collation the recorded authentik database uses.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
pub enum SortValue {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
}

/// One `ordering` term: a field and a direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderTerm {
    pub field: String,
    pub descending: bool,
}

/// DRF `OrderingFilter`: comma-separated terms, `-` for descending; terms naming
/// fields that cannot be ordered by are dropped; if none survive, the default applies.
pub fn ordering(query: &[(String, String)], valid: &[&str], default: &[&str]) -> Vec<OrderTerm> {
    let parse = |t: &str| {
        let t = t.trim();
        let (field, descending) = match t.strip_prefix('-') {
            Some(f) => (f, true),
            None => (t, false),
        };
        OrderTerm { field: field.to_string(), descending }
    };
    let requested: Vec<OrderTerm> = param(query, "ordering")
        .map(|p| p.split(',').map(parse).filter(|t| valid.contains(&t.field.as_str())).collect())
        .unwrap_or_default();
    if requested.is_empty() {
        default.iter().map(|d| parse(d)).collect()
    } else {
        requested
    }
}

/// Whether `?ordering=` named at least one field that can be ordered by (else
/// the view's default ordering applies).
pub fn ordering_given(query: &[(String, String)], valid: &[&str]) -> bool {
    param(query, "ordering").is_some_and(|p| p.split(',').any(|t| valid.contains(&t.trim().trim_start_matches('-'))))
}

/// How rows whose sort keys are all equal come out. authentik's database
/// (PostgreSQL, `LIMIT`/`OFFSET`) returns them in no fixed order when the
/// `?ordering=` asked for names no unique field: recorded for `ordering=order`,
/// where bindings with equal orders came back in another order than the same
/// list without the parameter. Emulated by ordering such ties by a hash of the
/// row's key and the page asked for, so each page may see them in another
/// order: a client that pages such a sort without a unique last key of its
/// own sees some rows twice and others never. The default ordering (no
/// parameter) keeps the stable order the recordings show.
pub struct Ties {
    seed: Option<u64>,
}

impl Ties {
    pub fn new(query: &[(String, String)], valid: &[&str], terms: &[OrderTerm], unique: &[&str]) -> Ties {
        let ends_ties = terms.iter().any(|t| unique.contains(&t.field.as_str()));
        let seed = (ordering_given(query, valid) && !ends_ties).then(|| {
            let page = param(query, "page").unwrap_or("1");
            let size = param(query, "page_size").unwrap_or("");
            fnv1a(0xcbf2_9ce4_8422_2325, format!("{page}/{size}").as_bytes())
        });
        Ties { seed }
    }

    /// The value `sort_by_terms` breaks ties with: `stable` unless ties are unordered.
    pub fn value(&self, key: &str, stable: SortValue) -> SortValue {
        match self.seed {
            None => stable,
            Some(seed) => SortValue::Int((fnv1a(seed, key.as_bytes()) >> 1) as i64),
        }
    }
}

fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Sorts by the terms, then by `tiebreak` so equal keys keep a stable, repeatable order.
pub fn sort_by_terms<T>(
    items: &mut [T],
    terms: &[OrderTerm],
    value: impl Fn(&T, &str) -> SortValue,
    tiebreak: impl Fn(&T) -> SortValue,
) {
    items.sort_by(|a, b| {
        for term in terms {
            let ord = value(a, &term.field).partial_cmp(&value(b, &term.field)).unwrap_or(Ordering::Equal);
            let ord = if term.descending { ord.reverse() } else { ord };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        tiebreak(a).partial_cmp(&tiebreak(b)).unwrap_or(Ordering::Equal)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn items(n: usize) -> Vec<Value> {
        (0..n).map(|i| json!(i)).collect()
    }

    #[test]
    fn page_size_falls_back_and_caps() {
        assert_eq!(page_size(&q(&[]), 100), 20);
        assert_eq!(page_size(&q(&[("page_size", "0")]), 100), 20);
        assert_eq!(page_size(&q(&[("page_size", "-3")]), 100), 20);
        assert_eq!(page_size(&q(&[("page_size", "abc")]), 100), 20);
        assert_eq!(page_size(&q(&[("page_size", " 7 ")]), 100), 7);
        assert_eq!(page_size(&q(&[("page_size", "1000")]), 100), 100);
    }

    #[test]
    fn pagination_envelope_matches_django() {
        let page = paginate(items(263), &q(&[("page", "2")]), 100, Value::clone).unwrap();
        assert_eq!(
            page["pagination"],
            json!({"next": 3, "previous": 1, "count": 263, "current": 2,
                   "total_pages": 14, "start_index": 21, "end_index": 40})
        );
        let last = paginate(items(263), &q(&[("page", "last")]), 100, Value::clone).unwrap();
        assert_eq!(last["pagination"]["current"], 14);
        assert_eq!(last["pagination"]["next"], 0);
        assert_eq!(last["pagination"]["end_index"], 263);
        assert_eq!(last["results"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn empty_list_has_one_empty_page() {
        let page = paginate(Vec::<Value>::new(), &q(&[]), 100, Value::clone).unwrap();
        assert_eq!(
            page["pagination"],
            json!({"next": 0, "previous": 0, "count": 0, "current": 1,
                   "total_pages": 1, "start_index": 0, "end_index": 0})
        );
    }

    #[test]
    fn bad_pages_are_404() {
        for bad in ["0", "-1", "15", "abc", "2.0"] {
            assert_eq!(
                paginate(items(263), &q(&[("page", bad)]), 100, Value::clone),
                Err(invalid_page()),
                "page={bad}"
            );
        }
        assert!(paginate(items(263), &q(&[("page", "")]), 100, Value::clone).is_ok());
    }

    #[test]
    fn search_terms_split_like_drf() {
        assert_eq!(search_terms(&q(&[("search", " a  b,c ")])), vec!["a", "b", "c"]);
        assert_eq!(search_terms(&q(&[("search", "\"two words\" x")])), vec!["two words", "x"]);
        // A quote inside a word stays in the term, as DRF keeps it.
        assert_eq!(search_terms(&q(&[("search", "o'brien")])), vec!["o'brien"]);
        assert_eq!(search_terms(&q(&[("search", "a\"b c\"d e")])), vec!["a\"b c\"d", "e"]);
        assert_eq!(search_terms(&q(&[("search", "'it''s' \"x,y\",z")])), vec!["it''s", "\"x", "y\"", "z"]);
        assert_eq!(search_terms(&q(&[("search", "\"say \\\"hi\\\"\"")])), vec!["say \"hi\""]);
        assert_eq!(search_terms(&q(&[("search", "\"unclosed phrase")])), vec!["\"unclosed", "phrase"]);
        assert!(search_terms(&q(&[])).is_empty());
    }

    #[test]
    fn every_term_must_match_some_field() {
        let terms = vec!["DEFAULT".to_string(), "auth".to_string()];
        assert!(matches_search(&terms, &["default-authentication-flow", "x"]));
        assert!(matches_search(&terms, &["default", "Authorize"]));
        assert!(!matches_search(&terms, &["default-invalidation-flow", "Logout"]));
    }

    #[test]
    fn ordering_drops_unknown_fields() {
        let valid = ["name", "slug"];
        assert_eq!(
            ordering(&q(&[("ordering", "nonexistent")]), &valid, &["slug"]),
            vec![OrderTerm { field: "slug".into(), descending: false }]
        );
        assert_eq!(
            ordering(&q(&[("ordering", "-name, bogus ,slug")]), &valid, &["slug"]),
            vec![
                OrderTerm { field: "name".into(), descending: true },
                OrderTerm { field: "slug".into(), descending: false }
            ]
        );
    }

    #[test]
    fn ties_are_unordered_only_for_a_requested_sort_without_a_unique_field() {
        let valid = ["pk", "name", "order"];
        let tie = |query: &[(&str, &str)], page: &str| {
            let mut query = q(query);
            query.push(("page".into(), page.into()));
            let terms = ordering(&query, &valid, &["order"]);
            let ties = Ties::new(&query, &valid, &terms, &["pk"]);
            (0..20).map(|i| ties.value(&format!("row{i}"), SortValue::Int(i))).collect::<Vec<_>>()
        };
        let stable: Vec<SortValue> = (0..20).map(SortValue::Int).collect();
        assert_eq!(tie(&[], "1"), stable);
        assert_eq!(tie(&[("ordering", "bogus")], "1"), stable);
        assert_eq!(tie(&[("ordering", "order,pk")], "1"), stable);
        assert_eq!(tie(&[("ordering", "-pk")], "2"), stable);
        let page1 = tie(&[("ordering", "order")], "1");
        assert_ne!(page1, stable);
        assert_eq!(page1, tie(&[("ordering", "order")], "1"), "the same request, the same order");
        assert_ne!(page1, tie(&[("ordering", "order")], "2"), "another page, another order");
    }

    #[test]
    fn strings_sort_bytewise() {
        assert!(SortValue::Str("default".into()) > SortValue::Str("Welcome".into()));
        assert!(SortValue::Bool(true) > SortValue::Bool(false));
    }
}
