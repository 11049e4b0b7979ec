//! Shapes shared by every authentik endpoint: the list envelope and enums that
//! keep values this build does not know yet (authentik adds them over time).

use serde::Deserialize;

/// authentik's pagination object. `next`/`previous` are page numbers, 0 = none.
/// Numbers are declared `number` in the schema, so floats are accepted too.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Pagination {
    #[serde(deserialize_with = "whole_number")]
    pub next: u64,
    #[serde(deserialize_with = "whole_number")]
    pub previous: u64,
    #[serde(deserialize_with = "whole_number")]
    pub count: u64,
    #[serde(deserialize_with = "whole_number")]
    pub current: u64,
    #[serde(deserialize_with = "whole_number")]
    pub total_pages: u64,
    #[serde(deserialize_with = "whole_number")]
    pub start_index: u64,
    #[serde(deserialize_with = "whole_number")]
    pub end_index: u64,
}

fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let n = f64::deserialize(d)?;
    if n.is_finite() && n >= 0.0 && n.fract() == 0.0 {
        Ok(n as u64)
    } else {
        Err(serde::de::Error::custom(format!("expected a whole, non-negative number, got {n}")))
    }
}

/// One page of a list endpoint. `autocomplete` is ignored.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Paginated<T> {
    pub pagination: Pagination,
    pub results: Vec<T>,
}

/// The signed-in user, from `GET /core/users/me/`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SessionUser {
    pub user: UserSelf,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct UserSelf {
    pub username: String,
    #[serde(default)]
    pub name: String,
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

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = std::borrow::Cow::<str>::deserialize(d)?;
                Ok(Self::parse(&value))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

pub(crate) use api_enum;

api_enum! {
    /// `PolicyEngineMode`.
    PolicyEngineMode {
        All = "all" => "All",
        Any = "any" => "Any",
    }
    default Any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_enum_values_are_kept_as_text() {
        let m: PolicyEngineMode = serde_json::from_str("\"majority\"").unwrap();
        assert_eq!(m, PolicyEngineMode::Unknown("majority".into()));
        assert_eq!(m.label(), "majority");
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"majority\"");
        let known: PolicyEngineMode = serde_json::from_str("\"all\"").unwrap();
        assert_eq!(known, PolicyEngineMode::All);
        assert_eq!(known.label(), "All");
    }

    #[test]
    fn pagination_accepts_numbers_written_as_floats() {
        let p: Pagination = serde_json::from_str(
            r#"{"next":2.0,"previous":0,"count":263,"current":1,"total_pages":14,"start_index":1,"end_index":20}"#,
        )
        .unwrap();
        assert_eq!(p.next, 2);
        assert!(serde_json::from_str::<Pagination>(
            r#"{"next":-1,"previous":0,"count":1,"current":1,"total_pages":1,"start_index":1,"end_index":1}"#
        )
        .is_err());
    }
}
