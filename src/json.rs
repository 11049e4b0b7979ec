//! A small JSON reader and writer, and typed decoding on top of it.
//!
//! The app used serde and serde_json; in the wasm they and the code derived
//! for each model were about a fifth of the module. What the app needs is
//! narrower: read authentik's replies into a few models (ignoring unknown
//! fields, naming a missing one), and write small request bodies. Numbers
//! stay as the text the server sent: the app only needs whole numbers, and
//! this keeps float parsing and formatting out of the wasm.

use std::borrow::Cow;
use std::fmt;

/// A parsed JSON value. Object members keep their order; lookups are linear,
/// which is faster than hashing for objects of a few dozen members.
///
/// Names, numbers and strings without escapes borrow from the parsed text:
/// a page of 1,000 flows has some 40,000 of them, and allocating each (then
/// copying it again into the model) was most of the parsing time.
#[derive(Clone, Debug, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// A number as written (already checked against JSON's grammar).
    Number(Cow<'a, str>),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: u32 = 128;

/// Parses a complete JSON text.
pub fn parse(text: &str) -> Result<Json<'_>, String> {
    let mut p = Parser { s: text, b: text.as_bytes(), i: 0, depth: 0 };
    let value = p.value()?;
    p.ws();
    if p.i < p.b.len() {
        return Err("trailing characters after the JSON value".into());
    }
    Ok(value)
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    depth: u32,
}

impl<'a> Parser<'a> {
    /// `message`, unless the data simply ended: then say that.
    fn fail(&mut self, message: &str) -> String {
        self.ws();
        if self.i >= self.b.len() {
            "unexpected end of the data".into()
        } else {
            message.into()
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Result<Json<'a>, String> {
        self.ws();
        match self.b.get(self.i) {
            None => Err("unexpected end of the data".into()),
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err("expected a JSON value".into()),
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<Json<'a>, String>) -> Result<Json<'a>, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("nested too deeply".into());
        }
        let value = f(self);
        self.depth -= 1;
        value
    }

    fn literal(&mut self, word: &str, value: Json<'a>) -> Result<Json<'a>, String> {
        let rest = &self.b[self.i..];
        if rest.starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(value)
        } else if word.as_bytes().starts_with(rest) {
            Err("unexpected end of the data".into())
        } else {
            Err("expected a JSON value".into())
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.b.get(self.i) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Json<'a>, String> {
        let start = self.i;
        if self.b[self.i] == b'-' {
            self.i += 1;
        }
        let leading_zero = self.b.get(self.i) == Some(&b'0');
        let n = self.digits();
        if n == 0 || (leading_zero && n > 1) {
            return Err(self.fail("invalid number"));
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        Ok(Json::Number(Cow::Borrowed(self.s.get(start..self.i).unwrap_or_default())))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.b.get(self.i..self.i + 4).ok_or("unexpected end of the data")?;
        let mut n = 0;
        for &d in digits {
            let v = (d as char).to_digit(16).ok_or("invalid \\u escape")?;
            n = n * 16 + v;
        }
        self.i += 4;
        Ok(n)
    }

    fn string(&mut self) -> Result<Cow<'a, str>, String> {
        self.i += 1; // the opening quote
                     // Most strings have no escapes: those are a slice of the text.
        let start = self.i;
        while let Some(&c) = self.b.get(self.i) {
            if c == b'"' {
                self.i += 1;
                return Ok(Cow::Borrowed(self.s.get(start..self.i - 1).unwrap_or_default()));
            }
            if c == b'\\' || c < 0x20 {
                break;
            }
            self.i += 1;
        }
        self.i = start;
        self.string_with_escapes().map(Cow::Owned)
    }

    fn string_with_escapes(&mut self) -> Result<String, String> {
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(&c) = self.b.get(self.i) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // Splitting only at ASCII bytes keeps the slice on char boundaries.
            out.push_str(self.s.get(start..self.i).unwrap_or_default());
            match self.b.get(self.i) {
                None => return Err("unexpected end of the data in a string".into()),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let escape = *self.b.get(self.i).ok_or("unexpected end of the data in a string")?;
                    self.i += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let first = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&first)
                                && self.b.get(self.i) == Some(&b'\\')
                                && self.b.get(self.i + 1) == Some(&b'u')
                            {
                                let save = self.i;
                                self.i += 2;
                                let second = self.hex4()?;
                                if (0xDC00..0xE000).contains(&second) {
                                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                                } else {
                                    self.i = save;
                                    first
                                }
                            } else {
                                first
                            };
                            // A lone surrogate (which JavaScript allows) becomes U+FFFD.
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err("invalid escape in a string".into()),
                    }
                }
                Some(_) => return Err("control character in a string".into()),
            }
        }
    }

    fn expect_after_ws(&mut self, byte: u8) -> bool {
        self.ws();
        if self.b.get(self.i) == Some(&byte) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn array(&mut self) -> Result<Json<'a>, String> {
        self.i += 1;
        let mut items = Vec::new();
        if self.expect_after_ws(b']') {
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value()?);
            if self.expect_after_ws(b',') {
                continue;
            }
            if self.expect_after_ws(b']') {
                return Ok(Json::Array(items));
            }
            return Err(self.fail("expected `,` or `]` in an array"));
        }
    }

    fn object(&mut self) -> Result<Json<'a>, String> {
        self.i += 1;
        let mut members = Vec::new();
        if self.expect_after_ws(b'}') {
            return Ok(Json::Object(members));
        }
        loop {
            self.ws();
            match self.b.get(self.i) {
                Some(b'"') => {}
                None => return Err("unexpected end of the data".into()),
                Some(_) => return Err("expected a member name in an object".into()),
            }
            let key = self.string()?;
            if !self.expect_after_ws(b':') {
                return Err(self.fail("expected `:` in an object"));
            }
            let value = self.value()?;
            members.push((key, value));
            if self.expect_after_ws(b',') {
                continue;
            }
            if self.expect_after_ws(b'}') {
                return Ok(Json::Object(members));
            }
            return Err(self.fail("expected `,` or `}` in an object"));
        }
    }
}

impl<'a> Json<'a> {
    /// A member of an object (the first, if a name repeats).
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// What kind of value this is, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// An object from `(name, value)` pairs.
    pub fn object<const N: usize>(members: [(&'a str, Json<'a>); N]) -> Json<'a> {
        Json::Object(members.into_iter().map(|(k, v)| (Cow::Borrowed(k), v)).collect())
    }

    /// The same value, owning all its text.
    pub fn into_owned(self) -> Json<'static> {
        match self {
            Json::Null => Json::Null,
            Json::Bool(b) => Json::Bool(b),
            Json::Number(n) => Json::Number(Cow::Owned(n.into_owned())),
            Json::String(s) => Json::String(Cow::Owned(s.into_owned())),
            Json::Array(items) => Json::Array(items.into_iter().map(Json::into_owned).collect()),
            Json::Object(members) => {
                Json::Object(members.into_iter().map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned())).collect())
            }
        }
    }
}

impl<'a> From<&'a str> for Json<'a> {
    fn from(s: &'a str) -> Json<'a> {
        Json::String(Cow::Borrowed(s))
    }
}

impl From<String> for Json<'_> {
    fn from(s: String) -> Self {
        Json::String(Cow::Owned(s))
    }
}

impl From<bool> for Json<'_> {
    fn from(b: bool) -> Self {
        Json::Bool(b)
    }
}

impl From<i64> for Json<'_> {
    fn from(n: i64) -> Self {
        Json::Number(Cow::Owned(n.to_string()))
    }
}

impl<'a, T: Into<Json<'a>>> From<Option<T>> for Json<'a> {
    fn from(v: Option<T>) -> Json<'a> {
        v.map(Into::into).unwrap_or(Json::Null)
    }
}

/// Compact JSON text.
impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write(&mut out, self);
        f.write_str(&out)
    }
}

fn write(out: &mut String, value: &Json<'_>) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(n),
        Json::String(s) => write_str(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write(out, v);
            }
            out.push('}');
        }
    }
}

fn write_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Why a value could not become the type asked for, and where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// `results[3].pk`; empty at the top.
    pub path: String,
    pub message: String,
}

impl DecodeError {
    pub fn new(message: impl Into<String>) -> Self {
        DecodeError { path: String::new(), message: message.into() }
    }

    fn expected(what: &str, got: &Json<'_>) -> Self {
        DecodeError::new(format!("expected {what}, got {}", got.kind()))
    }

    /// The same error one level up, inside member `key`.
    fn in_member(mut self, key: &str) -> Self {
        self.path = match self.path.as_bytes().first() {
            None => key.to_string(),
            Some(b'[') => format!("{key}{}", self.path),
            Some(_) => format!("{key}.{}", self.path),
        };
        self
    }

    fn in_item(mut self, index: usize) -> Self {
        self.path = match self.path.as_bytes().first() {
            None | Some(b'[') => format!("[{index}]{}", self.path),
            Some(_) => format!("[{index}].{}", self.path),
        };
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A type that can be written as a JSON value.
pub trait ToJson {
    fn to_json(&self) -> Json<'_>;
}

/// A type that can be read from a JSON value.
pub trait FromJson: Sized {
    fn from_json(value: &Json<'_>) -> Result<Self, DecodeError>;
}

/// Parses `text` and reads a `T` from it.
pub fn decode<T: FromJson>(text: &str) -> Result<T, DecodeError> {
    let value = parse(text).map_err(DecodeError::new)?;
    T::from_json(&value)
}

impl FromJson for Json<'static> {
    fn from_json(value: &Json<'_>) -> Result<Self, DecodeError> {
        Ok(value.clone().into_owned())
    }
}

impl FromJson for String {
    fn from_json(value: &Json<'_>) -> Result<Self, DecodeError> {
        match value {
            Json::String(s) => Ok(s.to_string()),
            other => Err(DecodeError::expected("a string", other)),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        match value {
            Json::Bool(b) => Ok(*b),
            other => Err(DecodeError::expected("true or false", other)),
        }
    }
}

/// The value of a JSON number if it is whole (`20`, `2.0`, `1e2`), as sign and magnitude.
fn whole(text: &str) -> Option<(bool, u64)> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i32>().ok()?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{int}{frac}");
    let mut digits = all.trim_start_matches('0');
    if digits.is_empty() {
        // Zero whatever its exponent (`0e2000000000` must not loop 2e9 times).
        return Some((false, 0));
    }
    let mut shift = exponent.checked_sub(i32::try_from(frac.len()).ok()?)?;
    while shift < 0 {
        // Dropping a fractional digit is only exact when it is 0.
        digits = digits.strip_suffix('0')?;
        shift += 1;
    }
    // A non-zero u64 has at most 20 digits: a larger shift overflows anyway.
    if shift > 20 {
        return None;
    }
    let mut n: u64 = digits.parse().ok()?;
    for _ in 0..shift {
        n = n.checked_mul(10)?;
    }
    Some((negative && n != 0, n))
}

impl FromJson for u64 {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        match value {
            Json::Number(text) => match whole(text) {
                Some((false, n)) => Ok(n),
                _ => Err(DecodeError::new(format!("expected a whole, non-negative number, got {text}"))),
            },
            other => Err(DecodeError::expected("a number", other)),
        }
    }
}

impl FromJson for i64 {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        match value {
            Json::Number(text) => match whole(text) {
                Some((false, n)) if n <= i64::MAX as u64 => Ok(n as i64),
                Some((true, n)) if n <= i64::MAX as u64 + 1 => Ok((n as i64).wrapping_neg()),
                _ => Err(DecodeError::new(format!("expected a whole number, got {text}"))),
            },
            other => Err(DecodeError::expected("a number", other)),
        }
    }
}

impl FromJson for uuid::Uuid {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        match value {
            Json::String(s) => parse_uuid(s).ok_or_else(|| DecodeError::new(format!("expected a UUID, got “{s}”"))),
            other => Err(DecodeError::expected("a UUID", other)),
        }
    }
}

/// A UUID in the forms the `uuid` crate reads: `8-4-4-4-12` hex digits (what
/// authentik sends), 32 digits, either in braces or after `urn:uuid:`. Not the
/// crate's parser: a flow has a UUID for itself and each stage and policy, and
/// that parser was a quarter of the time spent decoding a page of flows; its
/// error type alone was over a kilobyte of the wasm.
pub fn parse_uuid(s: &str) -> Option<uuid::Uuid> {
    let s = s.strip_prefix("urn:uuid:").unwrap_or(s);
    let s = s.strip_prefix('{').and_then(|r| r.strip_suffix('}')).unwrap_or(s);
    let b = s.as_bytes();
    let hyphenated = b.len() == 36 && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-');
    if !hyphenated && b.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    // A hyphen anywhere else leaves too few digits.
    let mut digits = b.iter().filter(|c| **c != b'-');
    for byte in out.iter_mut() {
        let hi = (*digits.next()? as char).to_digit(16)?;
        let lo = (*digits.next()? as char).to_digit(16)?;
        *byte = (hi * 16 + lo) as u8;
    }
    Some(uuid::Uuid::from_bytes(out))
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        match value {
            Json::Array(items) => {
                items.iter().enumerate().map(|(i, item)| T::from_json(item).map_err(|e| e.in_item(i))).collect()
            }
            other => Err(DecodeError::expected("an array", other)),
        }
    }
}

/// An array of which only the length is read: a flow's stage and policy
/// UUIDs, of which the app shows how many. Reading each as a UUID took
/// ~1.7 ms of a page of 1,000 flows, for nothing shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count(pub usize);

impl FromJson for Count {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        match value {
            Json::Array(items) => Ok(Count(items.len())),
            other => Err(DecodeError::expected("an array", other)),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        match value {
            Json::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

/// The members of an object being decoded into a struct.
pub struct Fields<'a, 'j>(&'a [(Cow<'j, str>, Json<'j>)]);

impl<'a, 'j> Fields<'a, 'j> {
    pub fn of(value: &'a Json<'j>) -> Result<Self, DecodeError> {
        match value {
            Json::Object(members) => Ok(Fields(members)),
            other => Err(DecodeError::expected("an object", other)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&'a Json<'j>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A member the schema requires.
    pub fn req<T: FromJson>(&self, key: &str) -> Result<T, DecodeError> {
        match self.get(key) {
            None => Err(DecodeError::new(format!("missing field `{key}`"))),
            Some(v) => T::from_json(v).map_err(|e| e.in_member(key)),
        }
    }

    /// An optional member: absent or null gives `default`.
    pub fn or<T: FromJson>(&self, key: &str, default: T) -> Result<T, DecodeError> {
        match self.get(key) {
            None | Some(Json::Null) => Ok(default),
            Some(v) => T::from_json(v).map_err(|e| e.in_member(key)),
        }
    }

    /// An optional member with its type's default.
    pub fn opt<T: FromJson + Default>(&self, key: &str) -> Result<T, DecodeError> {
        self.or(key, T::default())
    }
}

#[cfg(test)]
mod uuid_tests {
    #[test]
    fn the_fast_uuid_parser_agrees_with_the_uuid_crate() {
        for s in [
            "d8a1f7b0-5e1c-4c3a-9f2e-0123456789ab",
            "D8A1F7B0-5E1C-4C3A-9F2E-0123456789AB",
            "00000000-0000-0000-0000-000000000000",
            "d8a1f7b0-5e1c-4c3a-9f2e-0123456789a",
            "d8a1f7b0-5e1c-4c3a-9f2e-0123456789ag",
            "d8a1f7b05e1c-4c3a-9f2e-0123456789abc",
            "d8a1f7b0+5e1c-4c3a-9f2e-0123456789ab",
            "d8a1f7b0-5e1c-4c3a-9f2e-0123456789ä",
            "d8a1f7b05e1c4c3a9f2e0123456789ab",
            "{d8a1f7b0-5e1c-4c3a-9f2e-0123456789ab}",
            "urn:uuid:d8a1f7b0-5e1c-4c3a-9f2e-0123456789ab",
            "{d8a1f7b0-5e1c-4c3a-9f2e-0123456789ab",
            "d8a1f7b0-5e1c-4c3a-9f2e0-123456789ab",
            "-d8a1f7b05e1c4c3a9f2e0123456789a",
            "",
            "not a uuid",
        ] {
            assert_eq!(super::parse_uuid(s), uuid::Uuid::parse_str(s).ok(), "{s}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        parse(text).unwrap().to_string()
    }

    #[test]
    fn parses_every_kind_of_value() {
        let v = parse(r#" {"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}, "e": ""} "#).unwrap();
        assert_eq!(
            v.get("a"),
            Some(&Json::Array(vec![
                Json::Number("1".into()),
                Json::Number("-2.5e3".into()),
                Json::Bool(true),
                Json::Bool(false),
                Json::Null,
            ]))
        );
        assert_eq!(v.get("b").and_then(|b| b.get("c")).and_then(Json::as_str), Some("d"));
        assert_eq!(v.get("e").and_then(Json::as_str), Some(""));
        assert_eq!(v.get("missing"), None);
        assert_eq!(parse("[]").unwrap(), Json::Array(vec![]));
        assert_eq!(parse("{}").unwrap(), Json::Object(vec![]));
    }

    #[test]
    fn a_count_reads_only_an_array_length() -> Result<(), String> {
        // Items of any kind, a malformed UUID included: none of them is read.
        let v = parse(r#"["6fa70650-8dde-4209-a49a-b11fc19bac7e", "not a uuid", 3]"#)?;
        assert_eq!(Count::from_json(&v), Ok(Count(3)));
        assert_eq!(Count::from_json(&parse("[]")?), Ok(Count(0)));
        assert!(Count::from_json(&parse(r#""a""#)?).is_err());
        assert!(Count::from_json(&Json::Null).is_err());
        Ok(())
    }

    #[test]
    fn strings_unescape_and_keep_unicode() {
        let v = parse(r#""q\"b\\s\/n\nt\tu\u00e9 \ud83d\ude00 é 😀 עברית""#).unwrap();
        assert_eq!(v.as_str(), Some("q\"b\\s/n\nt\tué 😀 é 😀 עברית"));
        // A lone surrogate, which JavaScript's JSON allows, does not fail the reply.
        assert_eq!(parse(r#""\ud800x""#).unwrap().as_str(), Some("\u{FFFD}x"));
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            "[1 2]",
            r#"{"a" 1}"#,
            r#"{"a":1,}"#,
            "01",
            "1.",
            "-",
            "1e",
            "tru",
            "\"abc",
            "\"a\u{1}b\"",
            r#""\x""#,
            "{} x",
            "[1]]",
            r#"{1:2}"#,
            "nul",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert_eq!(parse(&deep).unwrap_err(), "nested too deeply");
        assert!(parse(&("[".repeat(100) + &"]".repeat(100))).is_ok());
    }

    #[test]
    fn writes_compact_escaped_json() {
        assert_eq!(round_trip(r#" { "a" : [ 1 , "x\"y" ] , "b" : null } "#), r#"{"a":[1,"x\"y"],"b":null}"#);
        let hostile = "<script>\"'\\\n\u{1}";
        let written = Json::from(hostile).to_string();
        assert_eq!(written, r#""<script>\"'\\\n\u0001""#);
        assert_eq!(parse(&written).unwrap().as_str(), Some(hostile));
        assert_eq!(Json::object([("order", 5i64.into()), ("x", true.into())]).to_string(), r#"{"order":5,"x":true}"#);
    }

    #[test]
    fn whole_numbers_accept_float_spellings_only_when_exact() {
        let n = |t: &str| u64::from_json(&Json::Number(t.into()));
        assert_eq!(n("0"), Ok(0));
        assert_eq!(n("263"), Ok(263));
        assert_eq!(n("2.0"), Ok(2));
        assert_eq!(n("2.50e1"), Ok(25));
        assert_eq!(n("1e2"), Ok(100));
        assert_eq!(n("-0"), Ok(0));
        assert!(n("2.5").is_err());
        assert!(n("-1").is_err());
        assert!(n("1e30").is_err());
        // Zero with any exponent is zero, at once; an exponent that overflows is refused.
        assert_eq!(n("0e2000000000"), Ok(0));
        assert_eq!(n("0.0e-2147483648"), Ok(0));
        assert_eq!(n("00.00"), Ok(0));
        assert!(n("1e2000000000").is_err());
        assert!(n("1.5e-2147483648").is_err());
        assert_eq!(n("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(n("1.8446744073709551615e19"), Ok(u64::MAX));
        let i = |t: &str| i64::from_json(&Json::Number(t.into()));
        assert_eq!(i("-20"), Ok(-20));
        assert_eq!(i("-9223372036854775808"), Ok(i64::MIN));
        assert!(i("9223372036854775808").is_err());
        assert!(u64::from_json(&Json::String("1".into())).is_err());
    }

    #[derive(Debug, PartialEq)]
    struct Thing {
        id: String,
        tags: Vec<String>,
        count: u64,
        flag: bool,
    }

    impl FromJson for Thing {
        fn from_json(value: &Json) -> Result<Self, DecodeError> {
            let f = Fields::of(value)?;
            Ok(Thing { id: f.req("id")?, tags: f.opt("tags")?, count: f.opt("count")?, flag: f.or("flag", true)? })
        }
    }

    #[test]
    fn structs_decode_with_defaults_and_errors_say_where() {
        let things: Vec<Thing> =
            decode(r#"[{"id":"a","unknown":{"x":1}},{"id":"b","tags":["t"],"count":3,"flag":false,"tags2":null}]"#)
                .unwrap();
        assert_eq!(things[0], Thing { id: "a".into(), tags: vec![], count: 0, flag: true });
        assert_eq!(things[1], Thing { id: "b".into(), tags: vec!["t".into()], count: 3, flag: false });
        let err = decode::<Vec<Thing>>(r#"[{"id":"a"},{"tags":[]}]"#).unwrap_err();
        assert_eq!(err.to_string(), "[1]: missing field `id`");
        let err = decode::<Vec<Thing>>(r#"[{"id":"a","tags":["x",2]}]"#).unwrap_err();
        assert_eq!(err.to_string(), "[0].tags[1]: expected a string, got a number");
        assert_eq!(decode::<Thing>("[1]").unwrap_err().to_string(), "expected an object, got an array");
        assert_eq!(decode::<Thing>(r#"{"id":"#).unwrap_err().to_string(), "unexpected end of the data");
        for truncated in [r#"{"a""#, r#"{"a":1"#, "[1", "[1,", r#"{"a":1,"#, "-", "1.", "tr", "\"ab"] {
            let err = parse(truncated).unwrap_err();
            assert!(err.contains("end of the data"), "{truncated}: {err}");
        }
    }
}
