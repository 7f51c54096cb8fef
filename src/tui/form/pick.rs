//! Type-to-filter for pick lists: which options a typed filter keeps, in which order.

use crate::domain::names::fold_letters;

/// Lower case, Danish letters folded (æ → ae, ø → oe, å → aa), punctuation as single spaces.
fn fold(s: &str) -> String {
    fold_letters(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An option that starts with this is an action ("+ ny deltager"), not a value: every filter
/// keeps it, after the matches, so what is typed can always be taken as something new.
pub const ACTION_MARK: &str = "+ ";

/// Indexes of the options the filter keeps: those starting with it first, then those holding it
/// at the start of a later word, then anywhere; each group in the options' own order; then any
/// action option (`ACTION_MARK`). An empty filter keeps everything.
pub fn filter(options: &[String], typed: &str) -> Vec<usize> {
    let needle = fold(typed);
    if needle.is_empty() {
        return (0..options.len()).collect();
    }
    let word_start = format!(" {needle}");
    let mut ranked: Vec<(u8, usize)> = options
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let hay = fold(o);
            if hay.starts_with(&needle) {
                Some((0, i))
            } else if hay.contains(&word_start) {
                Some((1, i))
            } else if hay.contains(&needle) {
                Some((2, i))
            } else if o.starts_with(ACTION_MARK) {
                Some((3, i))
            } else {
                None
            }
        })
        .collect();
    ranked.sort();
    ranked.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn prefixes_come_first_and_case_is_ignored() {
        let o = opts(&[
            "Lokalpoliti",
            "Politi (anmeldelse/PET)",
            "Skole",
            "POL-test",
        ]);
        assert_eq!(filter(&o, "pol"), vec![1, 3, 0]);
        assert_eq!(filter(&o, ""), vec![0, 1, 2, 3]);
        assert!(filter(&o, "xyz").is_empty());
    }

    #[test]
    fn an_action_option_is_always_offered_after_the_matches() {
        let o = opts(&["Birgitte Nørby", "Anna Berg", "+ ny deltager"]);
        assert_eq!(filter(&o, "birg"), vec![0, 2]);
        assert_eq!(filter(&o, "Yusuf"), vec![2]);
        assert_eq!(filter(&o, "ny"), vec![2]);
    }

    #[test]
    fn danish_letters_fold_both_ways() {
        let o = opts(&["Børne- og ungeforvaltning", "Jobcenter", "Ældreområdet"]);
        assert_eq!(filter(&o, "bø"), vec![0]);
        assert_eq!(filter(&o, "boe"), vec![0]);
        assert_eq!(filter(&o, "AELD"), vec![2]);
        assert_eq!(filter(&o, "unge"), vec![0]);
    }
}
