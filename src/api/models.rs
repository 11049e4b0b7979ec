//! Shapes shared by every authentik endpoint: the list envelope and enums that
//! keep values this build does not know yet (authentik adds them over time).

use crate::json::{DecodeError, Fields, FromJson, Json};

/// authentik's pagination object. `next`/`previous` are page numbers, 0 = none.
/// Numbers are declared `number` in the schema, so `2.0` is accepted too.
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    pub next: u64,
    pub previous: u64,
    pub count: u64,
    pub current: u64,
    pub total_pages: u64,
    pub start_index: u64,
    pub end_index: u64,
}

impl FromJson for Pagination {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        Ok(Pagination {
            next: f.req("next")?,
            previous: f.req("previous")?,
            count: f.req("count")?,
            current: f.req("current")?,
            total_pages: f.req("total_pages")?,
            start_index: f.req("start_index")?,
            end_index: f.req("end_index")?,
        })
    }
}

/// One page of a list endpoint. `autocomplete` is ignored.
#[derive(Clone, Debug, PartialEq)]
pub struct Paginated<T> {
    pub pagination: Pagination,
    pub results: Vec<T>,
}

impl<T: FromJson> FromJson for Paginated<T> {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        Ok(Paginated { pagination: f.req("pagination")?, results: f.req("results")? })
    }
}

/// The signed-in user, from `GET /core/users/me/`.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionUser {
    pub user: UserSelf,
}

impl FromJson for SessionUser {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        Ok(SessionUser { user: Fields::of(value)?.req("user")? })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct UserSelf {
    pub username: String,
    pub name: String,
}

impl FromJson for UserSelf {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let f = Fields::of(value)?;
        Ok(UserSelf { username: f.req("username")?, name: f.opt("name")? })
    }
}

/// Declares an authentik string enum that keeps unknown values as text.
///
/// `Unknown(String)` is the point: a newer authentik may send a value this
/// build has never seen, and the table must show it rather than fail.
macro_rules! api_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($variant:ident = $value:literal => $label:literal),+ $(,)? }
        default $default:ident
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value this build does not know, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// `(value, label)` for every known value, in the schema's order.
            pub const OPTIONS: &'static [(&'static str, &'static str)] = &[$(($value, $label)),+];

            pub fn parse(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)+
                    other => Self::Unknown(other.to_string()),
                }
            }

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)+
                    Self::Unknown(other) => other,
                }
            }

            /// What a person reads; unknown values are shown as sent.
            pub fn label(&self) -> &str {
                match self {
                    $(Self::$variant => $label,)+
                    Self::Unknown(other) => other,
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::$default
            }
        }

        impl $crate::json::FromJson for $name {
            fn from_json(value: &$crate::json::Json<'_>) -> Result<Self, $crate::json::DecodeError> {
                match value {
                    $crate::json::Json::String(s) => Ok(Self::parse(s)),
                    other => <String as $crate::json::FromJson>::from_json(other).map(|s| Self::parse(&s)),
                }
            }
        }

        impl<'a> From<&'a $name> for $crate::json::Json<'a> {
            fn from(value: &'a $name) -> Self {
                $crate::json::Json::from(value.as_str())
            }
        }
    };
}

pub(crate) use api_enum;

api_enum! {
    /// `PolicyEngineMode`.
    PolicyEngineMode {
        All = "all" => "All policies",
        Any = "any" => "Any policy",
    }
    default Any
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{decode, Json};

    #[test]
    fn unknown_enum_values_are_kept_as_text() {
        let m: PolicyEngineMode = decode("\"majority\"").unwrap();
        assert_eq!(m, PolicyEngineMode::Unknown("majority".into()));
        assert_eq!(m.label(), "majority");
        assert_eq!(Json::from(&m).to_string(), "\"majority\"");
        let known: PolicyEngineMode = decode("\"all\"").unwrap();
        assert_eq!(known, PolicyEngineMode::All);
        assert_eq!(known.label(), "All policies");
        assert!(decode::<PolicyEngineMode>("3").is_err());
    }

    #[test]
    fn pagination_accepts_numbers_written_as_floats() {
        let p: Pagination = decode(
            r#"{"next":2.0,"previous":0,"count":263,"current":1,"total_pages":14,"start_index":1,"end_index":20}"#,
        )
        .unwrap();
        assert_eq!(p.next, 2);
        assert!(decode::<Pagination>(
            r#"{"next":-1,"previous":0,"count":1,"current":1,"total_pages":1,"start_index":1,"end_index":1}"#
        )
        .is_err());
    }
}
