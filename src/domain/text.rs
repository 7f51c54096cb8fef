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

/// Free text with the given names' words replaced by their initial ("Ali ringede" → "A.
/// ringede"), for redacted screens and minutes. Whole words only, any case; words of one
/// letter are left alone. It cannot know every way a name is written (nicknames, misspellings),
/// which is why redacted views also leave out reporter details and addresses entirely.
pub fn redact(text: &str, names: &[&str]) -> String {
    let words: Vec<String> = names
        .iter()
        .flat_map(|n| n.split_whitespace())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w.chars().count() > 1)
        .collect();
    if words.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if words.contains(&word.to_lowercase()) {
            out.extend(word.chars().next().into_iter().flat_map(char::to_uppercase));
            out.push('.');
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '-' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_replaces_the_names_words_with_initials() {
        assert_eq!(
            redact(
                "Ali Hansen (15) ringede; ALI's mor og Alibi",
                &["Ali Hansen"]
            ),
            "A. H. (15) ringede; A.'s mor og Alibi"
        );
        assert_eq!(redact("Søren så Åse", &["åse"]), "Søren så Å.");
        assert_eq!(redact("intet navn", &[]), "intet navn");
    }

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
