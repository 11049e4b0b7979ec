//! django-filter's query parameter filters, with its exact error messages.
//! Every filter is validated before any is applied, and all errors are
//! reported together keyed by parameter, as a `FilterSet` form does.

use crate::listing::{filter_param, param};
use serde_json::{Map, Value};
use uuid::Uuid;

/// Collects filter errors in declaration order.
#[derive(Default)]
pub struct FilterErrors(Map<String, Value>);

impl FilterErrors {
    fn add(&mut self, name: &str, message: String) {
        self.0.insert(name.to_string(), Value::Array(vec![Value::String(message)]));
    }

    /// `Err(body)` for a 400 when anything was invalid.
    pub fn finish(self) -> Result<(), Value> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Value::Object(self.0))
        }
    }
}

/// `ChoiceFilter`.
pub fn choice<'a>(
    q: &'a [(String, String)],
    name: &str,
    choices: &[&str],
    errors: &mut FilterErrors,
) -> Option<&'a str> {
    let value = filter_param(q, name)?;
    if choices.contains(&value) {
        Some(value)
    } else {
        errors.add(name, format!("Select a valid choice. {value} is not one of the available choices."));
        None
    }
}

/// `UUIDFilter` (a plain UUID column).
pub fn uuid(q: &[(String, String)], name: &str, errors: &mut FilterErrors) -> Option<Uuid> {
    let value = filter_param(q, name)?;
    match Uuid::parse_str(value.trim()) {
        Ok(u) => Some(u),
        Err(_) => {
            errors.add(name, "Enter a valid UUID.".into());
            None
        }
    }
}

/// `ModelChoiceFilter` on a foreign key with a UUID primary key.
pub fn foreign_key(
    q: &[(String, String)],
    name: &str,
    exists: impl Fn(Uuid) -> bool,
    errors: &mut FilterErrors,
) -> Option<Uuid> {
    let value = filter_param(q, name)?;
    match Uuid::parse_str(value.trim()) {
        Ok(u) if exists(u) => Some(u),
        Ok(_) => {
            errors.add(name, "Select a valid choice. That choice is not one of the available choices.".into());
            None
        }
        Err(_) => {
            errors.add(name, format!("“{value}” is not a valid UUID."));
            None
        }
    }
}

/// `ModelMultipleChoiceFilter` (`?policies=a&policies=b`): any of the values.
pub fn foreign_keys(
    q: &[(String, String)],
    name: &str,
    exists: impl Fn(Uuid) -> bool,
    errors: &mut FilterErrors,
) -> Option<Vec<Uuid>> {
    let values: Vec<&str> = q.iter().filter(|(k, v)| k == name && !v.is_empty()).map(|(_, v)| v.as_str()).collect();
    if values.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for value in values {
        match Uuid::parse_str(value.trim()) {
            Ok(u) if exists(u) => out.push(u),
            Ok(_) => {
                errors.add(name, format!("Select a valid choice. {value} is not one of the available choices."));
                return None;
            }
            Err(_) => {
                errors.add(name, format!("“{value}” is not a valid UUID."));
                return None;
            }
        }
    }
    Some(out)
}

/// `NumberFilter` on an integer column.
pub fn number(q: &[(String, String)], name: &str, errors: &mut FilterErrors) -> Option<f64> {
    let value = filter_param(q, name)?;
    match value.trim().parse::<f64>() {
        Ok(n) if n.is_finite() => Some(n),
        _ => {
            errors.add(name, "Enter a number.".into());
            None
        }
    }
}

/// `BooleanFilter`: Django's `NullBooleanField` reads true/false/1/0 and
/// silently ignores anything else.
pub fn boolean(q: &[(String, String)], name: &str) -> Option<bool> {
    match param(q, name)? {
        "true" | "True" | "1" => Some(true),
        "false" | "False" | "0" => Some(false),
        _ => None,
    }
}

/// An exact-match `CharFilter`.
pub fn text<'a>(q: &'a [(String, String)], name: &str) -> Option<&'a str> {
    filter_param(q, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn errors_are_collected_per_parameter() {
        let query = q(&[("target", "nope"), ("stage", "00000000-0000-0000-0000-000000000000"), ("order", "x")]);
        let mut errors = FilterErrors::default();
        assert_eq!(foreign_key(&query, "target", |_| true, &mut errors), None);
        assert_eq!(foreign_key(&query, "stage", |_| false, &mut errors), None);
        assert_eq!(number(&query, "order", &mut errors), None);
        assert_eq!(
            errors.finish().unwrap_err(),
            serde_json::json!({
                "target": ["“nope” is not a valid UUID."],
                "stage": ["Select a valid choice. That choice is not one of the available choices."],
                "order": ["Enter a number."],
            })
        );
    }

    #[test]
    fn booleans_ignore_garbage() {
        assert_eq!(boolean(&q(&[("x", "true")]), "x"), Some(true));
        assert_eq!(boolean(&q(&[("x", "0")]), "x"), Some(false));
        assert_eq!(boolean(&q(&[("x", "maybe")]), "x"), None);
    }

    #[test]
    fn multiple_values_are_all_checked() {
        let a = "48843e17-e16c-411a-b97b-49c2cd8380fc";
        let mut errors = FilterErrors::default();
        let got = foreign_keys(&q(&[("policies", a), ("policies", a)]), "policies", |_| true, &mut errors);
        assert_eq!(got.map(|v| v.len()), Some(2));
        assert!(errors.finish().is_ok());
    }
}
