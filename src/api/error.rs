//! Every way a request can fail, and the sentence a person reads for it.
//! Pure: classification from status + body text is unit-tested natively.

use crate::json::{parse, Json};
use std::collections::BTreeMap;

/// authentik's 403 bodies that mean "sign in again".
const SESSION_ENDED: &[&str] = &[
    "Token invalid/expired",
    "Authentication credentials were not provided.",
    "Unsupported authentication type",
    "Malformed header",
];

/// A 400 body: messages per field plus `non_field_errors`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    pub fields: BTreeMap<String, Vec<String>>,
    pub non_field: Vec<String>,
}

impl ValidationErrors {
    /// One line: `field: message` pairs, non-field messages first.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self.non_field.clone();
        for (field, messages) in &self.fields {
            parts.push(format!("{field}: {}", crate::text::sentences(messages)));
        }
        crate::text::sentences(&parts)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// Superseded by a newer request; never shown.
    Aborted,
    /// No answer: offline, DNS, connection refused or dropped.
    Network,
    /// No answer within [`crate::api::client::REQUEST_TIMEOUT_MS`].
    Timeout,
    /// The token is gone or no longer accepted; the detail says which, and
    /// the tag ([`token_tag`]) which token it was.
    SessionEnded(String, u32),
    /// A 403 for a valid token without the permission.
    Forbidden(String),
    /// A 400 with authentik's validation messages.
    Validation(ValidationErrors),
    /// Any other status, with authentik's `detail` when it sent one.
    Http { status: u16, detail: Option<String> },
    /// A 2xx whose body is not what the schema says.
    Decode(String),
}

/// The status's reason phrase after a space, or nothing for one not listed.
fn reason(status: u16) -> &'static str {
    match status {
        400 => " Bad Request",
        401 => " Unauthorized",
        403 => " Forbidden",
        404 => " Not Found",
        405 => " Method Not Allowed",
        408 => " Request Timeout",
        429 => " Too Many Requests",
        500 => " Internal Server Error",
        502 => " Bad Gateway",
        503 => " Service Unavailable",
        504 => " Gateway Timeout",
        _ => "",
    }
}

impl ApiError {
    /// Classifies a non-2xx answer from its status and body text.
    pub fn from_status(status: u16, body: &str) -> ApiError {
        let parsed = parse(body).ok();
        let detail = parsed.as_ref().and_then(|b| b.get("detail")).and_then(Json::as_str).map(str::to_string);
        match status {
            // authentik answers 403 for a token it refuses, but a proxy in
            // front of it (or a later authentik) may say 401: either way the
            // token no longer gets in, and signing in again is the way on.
            401 => ApiError::SessionEnded(detail.unwrap_or_else(|| "HTTP 401 Unauthorized".into()), 0),
            403 => match detail {
                Some(d) if SESSION_ENDED.contains(&d.as_str()) => ApiError::SessionEnded(d, 0),
                Some(d) => ApiError::Forbidden(d),
                None => ApiError::Forbidden("Access denied.".into()),
            },
            400 => match parsed {
                Some(Json::Object(members)) => {
                    let mut errors = ValidationErrors::default();
                    for (field, value) in members {
                        let messages = messages(&value);
                        if field == "non_field_errors" || field == "detail" {
                            errors.non_field.extend(messages);
                        } else {
                            errors.fields.entry(field.into_owned()).or_default().extend(messages);
                        }
                    }
                    ApiError::Validation(errors)
                }
                _ => ApiError::Http { status, detail },
            },
            _ => ApiError::Http { status, detail },
        }
    }

    /// The sentence shown where the data would have been.
    pub fn message(&self) -> String {
        match self {
            ApiError::Aborted => "The request was cancelled.".into(),
            ApiError::Network => {
                "Could not reach the authentik API: the connection failed or was dropped. Check the network and try again."
                    .into()
            }
            ApiError::Timeout => "authentik did not answer within 30 seconds. Try again in a moment.".into(),
            // Shown only for a token since replaced (`Auth::intercept`).
            ApiError::SessionEnded(detail, _) => format!("authentik refused the previous token ({detail}). Try again."),
            ApiError::Forbidden(detail) => format!("Not allowed: {detail}"),
            ApiError::Validation(errors) => format!("The server refused the request: {}", errors.summary()),
            ApiError::Http { status, detail: Some(detail) } => format!("{detail} (HTTP {status})"),
            ApiError::Http { status, detail: None } => match status {
                500..=599 => format!(
                    "The server had a problem (HTTP {status}{}). Try again in a moment.",
                    reason(*status)
                ),
                404 => "Not found (HTTP 404): is the API base URL right?".into(),
                _ => format!("The server answered HTTP {status}{}.", reason(*status)),
            },
            ApiError::Decode(why) => format!("The server sent a reply this app could not read ({why})."),
        }
    }

    /// A write that failed this way may have been carried out all the same:
    /// the connection dropped or the time ran out after authentik had it, a
    /// reply too damaged to read (2xx), a proxy that gave up waiting.
    pub fn write_may_have_landed(&self) -> bool {
        matches!(
            self,
            ApiError::Network | ApiError::Timeout | ApiError::Decode(_) | ApiError::Http { status: 502 | 504, .. }
        )
    }

    /// A refusal that sending the same request again cannot change: a 4xx
    /// without authentik's field messages (a 400 with a body that is not
    /// JSON, a 409, a proxy's 413), but not a timeout (408) or too many
    /// requests (429), which a later try may get past.
    pub fn resending_cannot_help(&self) -> bool {
        matches!(self, ApiError::Http { status, .. } if (400..500).contains(status) && !matches!(status, 408 | 429))
    }

    /// Marks a refusal with the tag of the token the request carried.
    pub fn with_tag(self, tag: u32) -> ApiError {
        match self {
            ApiError::SessionEnded(detail, _) => ApiError::SessionEnded(detail, tag),
            other => other,
        }
    }

    /// authentik's answer to a list request for a page number past the end.
    /// Told by its shape, not its words: a list sends no other 404 with a
    /// `detail` (an address it does not have gets Django's HTML page), and
    /// a brand with a default language sends "Invalid page." in that
    /// language whatever `Accept-Language` asks for.
    pub fn is_invalid_page(&self) -> bool {
        matches!(self, ApiError::Http { status: 404, detail: Some(_) })
    }
}

/// Tells tokens apart without keeping one in an error (32 bits: an error
/// with a wider field is larger everywhere it is moved).
pub fn token_tag(token: &str) -> u32 {
    crate::ui::dom::hash_str(token) as u32
}

fn messages(value: &Json) -> Vec<String> {
    match value {
        Json::String(s) => vec![s.to_string()],
        Json::Array(items) => items.iter().flat_map(messages).collect(),
        Json::Object(members) => {
            members.iter().flat_map(|(k, v)| messages(v).into_iter().map(move |m| format!("{k}: {m}"))).collect()
        }
        other => vec![other.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_carries_the_tag_of_the_token_it_refused() {
        let refused = ApiError::from_status(403, r#"{"detail":"Token invalid/expired"}"#).with_tag(token_tag("old"));
        assert_eq!(refused, ApiError::SessionEnded("Token invalid/expired".into(), token_tag("old")));
        assert_ne!(token_tag("old"), token_tag("new"));
        assert_eq!(ApiError::Network.with_tag(token_tag("old")), ApiError::Network);
        // What shows when a replaced token was refused: no "sign in again".
        assert_eq!(refused.message(), "authentik refused the previous token (Token invalid/expired). Try again.");
    }

    #[test]
    fn a_write_may_have_landed_only_when_its_answer_was_lost() {
        for lost in [ApiError::Network, ApiError::Timeout, ApiError::Decode("x".into()), ApiError::from_status(504, "")]
        {
            assert!(lost.write_may_have_landed(), "{lost:?}");
        }
        // authentik itself answered: the write did not happen.
        for refused in
            [ApiError::from_status(500, ""), ApiError::from_status(400, "{}"), ApiError::Forbidden("x".into())]
        {
            assert!(!refused.write_may_have_landed(), "{refused:?}");
        }
    }

    #[test]
    fn only_a_plain_4xx_cannot_be_helped_by_resending() {
        for refused in
            [ApiError::from_status(400, "oops"), ApiError::from_status(409, ""), ApiError::from_status(413, "")]
        {
            assert!(refused.resending_cannot_help(), "{refused:?}");
        }
        for passing in [
            ApiError::from_status(408, ""),
            ApiError::from_status(429, ""),
            ApiError::from_status(500, ""),
            ApiError::from_status(400, r#"{"order":["A valid integer is required."]}"#),
            ApiError::Network,
        ] {
            assert!(!passing.resending_cannot_help(), "{passing:?}");
        }
    }

    #[test]
    fn authentik_403_bodies() {
        assert_eq!(
            ApiError::from_status(403, r#"{"detail":"Token invalid/expired"}"#),
            ApiError::SessionEnded("Token invalid/expired".into(), 0)
        );
        assert_eq!(
            ApiError::from_status(403, r#"{"detail":"Authentication credentials were not provided."}"#),
            ApiError::SessionEnded("Authentication credentials were not provided.".into(), 0)
        );
        let forbidden =
            ApiError::from_status(403, r#"{"detail":"You do not have permission to perform this action."}"#);
        assert_eq!(forbidden, ApiError::Forbidden("You do not have permission to perform this action.".into()));
        assert_eq!(forbidden.message(), "Not allowed: You do not have permission to perform this action.");
    }

    #[test]
    fn a_401_ends_the_session_with_or_without_authentiks_body() {
        assert_eq!(
            ApiError::from_status(401, r#"{"detail":"Token invalid/expired"}"#),
            ApiError::SessionEnded("Token invalid/expired".into(), 0)
        );
        assert_eq!(
            ApiError::from_status(401, "<html>401 Authorization Required</html>"),
            ApiError::SessionEnded("HTTP 401 Unauthorized".into(), 0)
        );
    }

    #[test]
    fn validation_bodies_split_fields_and_non_field_errors() {
        let e = ApiError::from_status(
            400,
            r#"{"designation":["Select a valid choice. nope is not one of the available choices."],"non_field_errors":["The fields target, stage, order must make a unique set."]}"#,
        );
        let ApiError::Validation(v) = &e else { panic!("{e:?}") };
        assert_eq!(v.non_field, vec!["The fields target, stage, order must make a unique set."]);
        assert_eq!(v.fields["designation"], vec!["Select a valid choice. nope is not one of the available choices."]);
        assert!(e.message().contains("designation: Select a valid choice."));
    }

    #[test]
    fn html_error_pages_get_a_plain_sentence() {
        let e = ApiError::from_status(500, "<h1>Server Error (500)</h1>");
        assert_eq!(e, ApiError::Http { status: 500, detail: None });
        assert_eq!(e.message(), "The server had a problem (HTTP 500 Internal Server Error). Try again in a moment.");
        assert!(ApiError::from_status(502, "<html>nginx</html>").message().contains("502 Bad Gateway"));
        // A status with no phrase listed: no stray space before the bracket or full stop.
        assert_eq!(
            ApiError::from_status(599, "").message(),
            "The server had a problem (HTTP 599). Try again in a moment."
        );
        assert_eq!(ApiError::from_status(418, "").message(), "The server answered HTTP 418.");
        assert_eq!(ApiError::from_status(409, "").message(), "The server answered HTTP 409.");
    }

    #[test]
    fn invalid_page_is_recognised() {
        assert!(ApiError::from_status(404, r#"{"detail":"Invalid page."}"#).is_invalid_page());
        // A brand's default language wins over `Accept-Language: en`.
        assert!(ApiError::from_status(404, r#"{"detail":"Ungültige Seite."}"#).is_invalid_page());
        // An address the server does not have (a stage type it lacks): Django's HTML page.
        assert!(!ApiError::from_status(404, "<!DOCTYPE html><html>…</html>").is_invalid_page());
        assert!(!ApiError::from_status(500, r#"{"detail":"Invalid page."}"#).is_invalid_page());
        assert_eq!(
            ApiError::from_status(404, r#"{"detail":"No Flow matches the given query."}"#).message(),
            "No Flow matches the given query. (HTTP 404)"
        );
    }

    #[test]
    fn decode_errors_say_what_and_where() {
        let err =
            crate::api::decode_json::<crate::api::flows::Flow>(r#"{"pk":"c88f34e2-852d-453c-bf36-1e1fa0eec225"}"#)
                .unwrap_err();
        assert_eq!(err, ApiError::Decode("missing field `name`".into()));
        let err = crate::api::decode_json::<crate::api::models::Paginated<crate::api::flows::Flow>>(
            r#"{"pagination": {"next": 2,"#,
        )
        .unwrap_err();
        assert_eq!(err.message(), "The server sent a reply this app could not read (unexpected end of the data).");
        let err = crate::api::decode_json::<crate::api::models::Paginated<crate::api::flows::Flow>>(
            r#"{"pagination":{"next":0,"previous":0,"count":1,"current":1,"total_pages":1,"start_index":1,"end_index":1},"results":[{"pk":7}]}"#,
        )
        .unwrap_err();
        assert_eq!(err, ApiError::Decode("results[0].pk: expected a UUID, got a number".into()));
    }
}
