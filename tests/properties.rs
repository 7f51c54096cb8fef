//! Whatever is typed or pasted, the parsers answer; they never panic.
#![allow(clippy::unwrap_used)]

use infohus::domain::cpr::{parse_cpr, partial_digits};
use infohus::domain::dates::parse_date;
use infohus::domain::names::name_key;
use infohus::domain::text::clean_input;
use proptest::prelude::*;

proptest! {
    #[test]
    fn cpr_parsing_never_panics(s in "\\PC{0,24}") {
        let _ = parse_cpr(&s);
        prop_assert!(partial_digits(&s).len() <= 10);
    }

    #[test]
    fn a_valid_cpr_round_trips_through_its_formatting(d in proptest::array::uniform10(0u8..10)) {
        let s: String = d.iter().map(|x| char::from(b'0' + x)).collect();
        if let Ok(info) = parse_cpr(&s) {
            prop_assert_eq!(parse_cpr(&info.cpr.formatted()).unwrap(), info);
        }
    }

    #[test]
    fn dates_never_panic(s in "\\PC{0,30}") {
        let _ = parse_date(&s);
    }

    #[test]
    fn name_keys_never_panic_and_have_no_empty_tokens(s in "\\PC{0,60}") {
        let k = name_key(&s);
        prop_assert!(k.tokens.iter().all(|t| !t.is_empty()));
        prop_assert_eq!(k.tokens.len(), k.folded.len());
    }

    #[test]
    fn cleaned_text_has_no_control_characters_and_respects_the_limit(
        s in "(?s).{0,300}", existing in 0usize..50, limit in 0usize..100
    ) {
        let c = clean_input(&s, existing, limit);
        prop_assert!(!c.text.chars().any(char::is_control));
        prop_assert!(c.text.chars().count() <= limit.saturating_sub(existing));
    }
}
