//! Names from the server inside the app's own sentences (and a plain `join`).
//!
//! A name may hold right-to-left text or bidi control characters (an
//! unterminated U+202E RIGHT-TO-LEFT OVERRIDE reverses everything after it in
//! the paragraph). [`isolate`] wraps a name in FIRST STRONG ISOLATE … POP
//! DIRECTIONAL ISOLATE, and the UI draws each such part as a `<bdi>`
//! (`ui::dom::El::dyn_text_isolated`), so a name can never reorder, or spoof,
//! the sentence around it ("Delete the binding of stage “…”?").

/// Starts an isolated name.
pub const ISOLATE_START: char = '\u{2068}';
/// Ends it.
pub const ISOLATE_END: char = '\u{2069}';

/// `name`, marked as isolated. Isolate marks inside the name are dropped: one
/// there could end the isolation early.
pub fn isolate(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 6);
    out.push(ISOLATE_START);
    out.extend(name.chars().filter(|c| !('\u{2066}'..='\u{2069}').contains(c)));
    out.push(ISOLATE_END);
    out
}

/// `name` for plain text that is never drawn as parts (a tab's title): isolated
/// only when it could reorder what follows (ASCII holds no right-to-left text),
/// so that a bookmark of an ordinary page keeps no invisible marks.
pub fn isolate_in_plain_text(name: &str) -> String {
    if name.is_ascii() {
        name.to_string()
    } else {
        isolate(name)
    }
}

/// Marked text without its marks, for where it is not drawn as parts (an
/// accessible name).
pub fn unmarked(text: &str) -> String {
    text.chars().filter(|&c| c != ISOLATE_START && c != ISOLATE_END).collect()
}

/// Splits marked text into (text, isolated) parts, in order; empty parts left out.
pub fn parts(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((before, after)) = rest.split_once(ISOLATE_START) {
        let (name, next) = after.split_once(ISOLATE_END).unwrap_or((after, ""));
        out.push((before, false));
        out.push((name, true));
        rest = next;
    }
    out.push((rest, false));
    out.retain(|(p, _)| !p.is_empty());
    out
}

/// `parts` with `separator` between them: one copy of the loop for every
/// caller (the standard `join` is instantiated per element type, ~1 KB).
pub fn join<S: AsRef<str>>(parts: &[S], separator: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(part.as_ref());
    }
    out
}

/// Messages read as sentences: one space between them, and a full stop after
/// any that ends without one (some of authentik's have none, and two of them
/// ran on as one line). Blank messages are left out. Bytes, not chars: no
/// UTF-8 decoding or Unicode tables in the wasm for it.
pub fn sentences(messages: &[String]) -> String {
    let mut out = String::new();
    for message in messages {
        let Some(&last) = message.as_bytes().last() else { continue };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(message);
        // Compared as bytes: "…" and CJK's "。" end a sentence too (a brand's
        // language may outrank the English asked for), but a last byte alone
        // would also take "æ" (C3 A6) for "…" (E2 80 A6).
        let bytes = message.as_bytes();
        let ended =
            matches!(last, b'.' | b'!' | b'?') || bytes.ends_with("…".as_bytes()) || bytes.ends_with("。".as_bytes());
        if !ended {
            out.push('.');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_isolates_only_what_could_reorder_it() {
        assert_eq!(isolate_in_plain_text("default-authentication-flow"), "default-authentication-flow");
        assert_eq!(isolate_in_plain_text("\u{202E}abc"), "\u{2068}\u{202E}abc\u{2069}");
        assert_eq!(isolate_in_plain_text("שלום"), "\u{2068}שלום\u{2069}");
    }

    #[test]
    fn names_are_isolated_and_cannot_break_out() {
        let sentence = format!("Delete {} now?", isolate("\u{202E}resu-eteled"));
        assert_eq!(parts(&sentence), vec![("Delete ", false), ("\u{202E}resu-eteled", true), (" now?", false)]);
        // An isolate end inside the name cannot end the isolation early.
        let hostile = format!("A {} B", isolate("x\u{2069}\u{202E}y"));
        assert_eq!(parts(&hostile), vec![("A ", false), ("x\u{202E}y", true), (" B", false)]);
        assert_eq!(parts("plain"), vec![("plain", false)]);
        assert_eq!(parts(&isolate("")), vec![]);
    }

    #[test]
    fn join_puts_the_separator_between_parts_only() {
        assert_eq!(join::<String>(&[], ", "), "");
        assert_eq!(join(&["a".to_string()], ", "), "a");
        assert_eq!(join(&["a", "b", "c"], " & "), "a & b & c");
    }

    #[test]
    fn messages_without_a_full_stop_get_one_so_they_do_not_run_on() {
        let owned = |m: &[&str]| m.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(sentences(&owned(&["Must be a valid boolean", "Required"])), "Must be a valid boolean. Required.");
        assert_eq!(sentences(&owned(&["Done.", "Really?", "", "Wait…"])), "Done. Really? Wait…");
        assert_eq!(sentences(&[]), "");
        // Not every character whose last byte is that of "…": "æ" ends in the same byte.
        assert_eq!(
            sentences(&owned(&["Ugyldig værdi: æ", "Ungültiger Wert…", "無効な値です。"])),
            "Ugyldig værdi: æ. Ungültiger Wert… 無効な値です。"
        );
    }
}
