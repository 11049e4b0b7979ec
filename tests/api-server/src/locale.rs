//! Django's `LocaleMiddleware` as the app meets it: authentik answers in the
//! language a request's `Accept-Language` prefers among those it has (the
//! recorded answers carry `Vary: Accept-Language`). Emulated for German only,
//! and only for the messages of Django REST framework's own catalogue that the
//! app can meet, so that a browser set to German sees what a real authentik
//! would send it.

use serde_json::Value;

/// The language Django picks: the tag with the highest `q` among those known
/// (`en`, `de`, by primary subtag); English when none is.
pub fn language(accept_language: Option<&str>) -> &'static str {
    let mut best = ("en", -1.0_f32);
    for part in accept_language.unwrap_or("").split(',') {
        let mut bits = part.split(';');
        let tag = bits.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = bits.find_map(|b| b.trim().strip_prefix("q=")?.parse::<f32>().ok()).unwrap_or(1.0);
        let known = match tag.split('-').next() {
            Some("de") => "de",
            Some("en") => "en",
            _ => continue,
        };
        if q > best.1 {
            best = (known, q);
        }
    }
    best.0
}

/// The language a request is answered in. A brand with a default locale
/// (authentik's `BrandMiddleware`, which runs inside `LocaleMiddleware`)
/// overrides whatever the browser asks for.
pub fn language_for(brand_default: Option<&str>, accept_language: Option<&str>) -> &'static str {
    match brand_default.filter(|l| !l.is_empty()) {
        Some(brand) => language(Some(brand)),
        None => language(accept_language),
    }
}

/// Django REST framework's German catalogue (`rest_framework/locale/de`).
const GERMAN: &[(&str, &str)] = &[
    ("Invalid page.", "Ungültige Seite."),
    ("Authentication credentials were not provided.", "Anmeldedaten fehlen."),
    ("You do not have permission to perform this action.", "Sie sind nicht berechtigt diese Aktion durchzuführen."),
    ("This field is required.", "Dieses Feld ist zu befüllen."),
    ("Not found.", "Nicht gefunden."),
];

/// An error body with its catalogued messages in `language`.
pub fn translate(language: &str, body: Vec<u8>) -> Vec<u8> {
    if language != "de" {
        return body;
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(mut value) => {
            translate_value(&mut value);
            serde_json::to_vec(&value).unwrap_or(body)
        }
        Err(_) => body,
    }
}

fn translate_value(value: &mut Value) {
    match value {
        Value::String(s) => {
            if let Some((_, german)) = GERMAN.iter().find(|(english, _)| english == s) {
                *s = german.to_string();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(translate_value),
        Value::Object(members) => members.values_mut().for_each(translate_value),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_preferred_known_language() {
        assert_eq!(language(None), "en");
        assert_eq!(language(Some("de-DE,de;q=0.9")), "de");
        assert_eq!(language(Some("fr-FR,de;q=0.8,en;q=0.9")), "en");
        assert_eq!(language(Some("fr-FR,en;q=0.5,de;q=0.8")), "de");
        assert_eq!(language(Some("en")), "en");
        assert_eq!(language(Some("fr")), "en");
    }

    #[test]
    fn a_brand_default_locale_wins_over_the_browser() {
        assert_eq!(language_for(Some("de"), Some("en")), "de");
        assert_eq!(language_for(Some(""), Some("de")), "de");
        assert_eq!(language_for(None, Some("en")), "en");
    }

    #[test]
    fn translates_drf_messages_in_error_bodies() {
        let body = br#"{"detail":"Invalid page."}"#.to_vec();
        assert_eq!(translate("de", body.clone()), r#"{"detail":"Ungültige Seite."}"#.as_bytes());
        assert_eq!(translate("en", body.clone()), body);
        let body = br#"{"order":["This field is required."],"stage":["Other."]}"#.to_vec();
        assert_eq!(
            translate("de", body),
            r#"{"order":["Dieses Feld ist zu befüllen."],"stage":["Other."]}"#.as_bytes()
        );
    }
}
