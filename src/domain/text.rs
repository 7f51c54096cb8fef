//! Cleaning of typed and pasted text before it reaches a form field.

/// Longest text a single-line field accepts. Longer pastes are cut, and the user is told.
pub const LINE_LIMIT: usize = 200;
/// Longest description. A phone note is rarely a page; 20,000 characters is a generous ceiling
/// that still keeps a pasted e-mail thread from bloating every draft save.
pub const DESCRIPTION_LIMIT: usize = 20_000;

/// Result of cleaning a piece of input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    /// Characters dropped because the field was full.
    pub truncated: usize,
    /// Control characters removed (escape sequences in a paste, bells, NULs).
    pub removed_controls: usize,
}

/// Strips control characters (newlines and tabs become spaces, since fields are one paragraph)
/// and cuts the text so that `existing_chars + result` stays within `limit`.
pub fn clean_input(input: &str, existing_chars: usize, limit: usize) -> Cleaned {
    let room = limit.saturating_sub(existing_chars);
    let mut text = String::new();
    let mut kept = 0usize;
    let mut truncated = 0usize;
    let mut removed_controls = 0usize;
    let mut last_was_space = false;
    for ch in input.chars() {
        let ch = match ch {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => {
                removed_controls += 1;
                continue;
            }
            // Unicode bidi overrides can make a name render as something else; never keep them.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                removed_controls += 1;
                continue;
            }
            c => c,
        };
        // Collapse runs of whitespace that came from line breaks in a paste.
        if ch == ' ' && last_was_space {
            continue;
        }
        last_was_space = ch == ' ';
        if kept < room {
            text.push(ch);
            kept += 1;
        } else {
            truncated += 1;
        }
    }
    Cleaned {
        text,
        truncated,
        removed_controls,
    }
}

/// The text with its first letter upper-cased ("anmodning 1" → "Anmodning 1").
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Initials for redacted displays: "Søren Ali Hansen" → "S.A.H.".
pub fn initials(name: &str) -> String {
    let mut out = String::new();
    for token in name.split_whitespace() {
        if let Some(c) = token.chars().next() {
            out.extend(c.to_uppercase());
            out.push('.');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_removed_and_newlines_become_spaces() {
        let c = clean_input("Ali\u{1b}[31m\nHansen\u{7}", 0, 100);
        assert_eq!(c.text, "Ali[31m Hansen");
        assert_eq!(c.removed_controls, 2);
    }

    #[test]
    fn a_huge_paste_is_cut_at_the_limit_and_the_cut_is_counted() {
        let paste = "x".repeat(50_000);
        let c = clean_input(&paste, 10, DESCRIPTION_LIMIT);
        assert_eq!(c.text.chars().count(), DESCRIPTION_LIMIT - 10);
        assert_eq!(c.truncated, 50_000 - (DESCRIPTION_LIMIT - 10));
    }

    #[test]
    fn bidi_overrides_never_reach_a_name() {
        assert_eq!(clean_input("a\u{202E}b", 0, 10).text, "ab");
    }

    #[test]
    fn initials_take_the_first_letter_of_each_name() {
        assert_eq!(initials("søren ali  Hansen"), "S.A.H.");
        assert_eq!(initials(""), "");
    }
}
