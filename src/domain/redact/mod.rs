//! Redaction for the projector and the minutes: every person's and reporter's name in the
//! database and every school, workplace, address and district the intakes name, found in free
//! text however it is written — any case, diacritics or not (Çelik/Celik, Søren/Soeren),
//! Danish genitive (Sigurds, Ali's, Thomas'), hyphen compounds (Ibrahim-familien), an initial
//! and a surname (O. Ibrahim) — and replaced: a name by its initial ("K."), a place by
//! [`PLACE_MARK`]. The names of the remembered meeting participants are protected: a
//! participant who shares a surname with a case is still shown in full.
//!
//! A CPR number written into free text is replaced too. The dictionary only grows (a name
//! removed by an edit stays redacted), which errs on the side of hiding.
//!
//! [`wrap::Redacted`] applies a [`Redactor`] to every text of any serialisable value, so a
//! reply to a redacted session cannot carry a field that was forgotten.

pub mod wrap;

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use super::flow::Participant;
use super::intake::{Intake, Reporter};
use super::{Event, EventPayload};

/// What a school, workplace, address or district becomes in redacted text.
pub const PLACE_MARK: &str = "[…]";
/// What a CPR number written in free text becomes.
pub const CPR_MARK: &str = "[CPR]";

/// Parts of names that are ordinary words in Danish or other languages' particles: as a
/// word of their own they are no name ("de" is "they", "af" is "of").
const PARTICLES: &[&str] = &[
    "af", "al", "bin", "bint", "da", "de", "del", "den", "der", "di", "du", "el", "ibn", "la",
    "le", "og", "van", "von",
];

/// The form words are compared in: lower case, accents removed, æ/ä → a, ø/ö → o, å → a, and
/// the written-out forms ae, oe, aa, ue folded the same way, so that every common spelling of
/// a Danish or transliterated name meets the others.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for ch in word.chars().flat_map(char::to_lowercase) {
        match ch {
            'æ' | 'ä' => out.push('a'),
            'ø' | 'ö' => out.push('o'),
            'å' => out.push('a'),
            'ü' => out.push('u'),
            'ß' => out.push_str("ss"),
            'ı' => out.push('i'),
            c if c.is_alphanumeric() => {
                // NFD splits é into e + a combining mark; keep the letter.
                out.extend(c.to_string().nfd().filter(|c| c.is_alphanumeric()));
            }
            _ => {}
        }
    }
    for (from, to) in [("aa", "a"), ("ae", "a"), ("oe", "o"), ("ue", "u")] {
        if out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out
}

/// The words of a text (runs of letters and digits), folded.
fn folded_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect()
}

/// Every name and place that redacted text must not show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dictionary {
    /// Folded name parts ("kawa", "mirza").
    names: HashSet<String>,
    /// Places as folded word sequences, by their first word.
    places: HashMap<String, Vec<Vec<String>>>,
}

impl Dictionary {
    pub fn new() -> Dictionary {
        Dictionary::default()
    }

    /// Adds one name: each part of two letters or more that is not a particle.
    pub fn add_name(&mut self, name: &str) {
        for w in folded_words(name) {
            if is_name_part(&w) {
                self.names.insert(w);
            }
        }
    }

    /// Adds one place text; commas separate places ("Nørrebro Skole, 7.b"). Words with digits
    /// (house numbers, classes) are left out, and so is a part of only one- or two-letter words
    /// (a floor's "th.").
    pub fn add_place(&mut self, text: &str) {
        for part in text.split([',', ';', '/']) {
            // An address's street is the words before the house number.
            let words: Vec<String> = part
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .take_while(|w| !w.chars().any(|c| c.is_ascii_digit()))
                .map(fold)
                .filter(|w| !w.is_empty())
                .collect();
            let words = if words.is_empty() {
                // "12 Lærkevej" or "2700 Brønshøj": the words after the number.
                part.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()))
                    .map(fold)
                    .filter(|w| !w.is_empty())
                    .collect()
            } else {
                words
            };
            if words.iter().all(|w| w.chars().count() <= 2) {
                continue;
            }
            let list = self.places.entry(words[0].clone()).or_default();
            if !list.contains(&words) {
                list.push(words);
            }
        }
    }

    /// The names and places of one intake: the person, a known reporter, the address, the
    /// district and the school or workplace.
    pub fn add_intake(&mut self, i: &Intake) {
        self.add_name(&i.person.name);
        if let Reporter::Known { name, .. } = &i.reporter {
            self.add_name(name);
        }
        self.add_place(&i.person.address);
        self.add_place(&i.person.district);
        self.add_place(&i.person.school_work);
    }

    /// Every intake version in a history (an edit may have changed the name).
    pub fn add_events(&mut self, events: &[Event]) {
        for e in events {
            match &e.payload {
                EventPayload::Filed { intake, .. } | EventPayload::IntakeEdited { intake, .. } => {
                    self.add_intake(intake)
                }
                _ => {}
            }
        }
    }

    pub fn merge(&mut self, other: &Dictionary) {
        self.names.extend(other.names.iter().cloned());
        for list in other.places.values() {
            for p in list {
                let mine = self.places.entry(p[0].clone()).or_default();
                if !mine.contains(p) {
                    mine.push(p.clone());
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.places.is_empty()
    }

    /// Folded name parts, for tests and measurements.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// Places as folded words joined by spaces, for tests and measurements.
    pub fn places(&self) -> impl Iterator<Item = String> + '_ {
        self.places.values().flatten().map(|p| p.join(" "))
    }

    pub fn len(&self) -> usize {
        self.names.len() + self.places.values().map(Vec::len).sum::<usize>()
    }

    fn is_name(&self, folded: &str) -> bool {
        self.names.contains(folded)
            || folded
                .strip_suffix('s')
                .is_some_and(|stem| stem.chars().count() >= 2 && self.names.contains(stem))
    }
}

fn is_name_part(folded: &str) -> bool {
    folded.chars().count() >= 2
        && !folded.chars().any(|c| c.is_ascii_digit())
        && !PARTICLES.contains(&folded)
}

/// One word of a text being redacted.
#[derive(Debug)]
struct Word {
    start: usize,
    end: usize,
    folded: String,
    /// Bytes after `end` of a genitive mark ('s, ’s, ' or ’) that go with the word.
    genitive: usize,
}

fn words_of(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let rest = &text[i..];
                let genitive = ["'s", "’s", "'", "’"]
                    .iter()
                    .find(|g| {
                        rest.starts_with(**g)
                            && !rest[g.len()..]
                                .chars()
                                .next()
                                .is_some_and(char::is_alphanumeric)
                    })
                    .map_or(0, |g| g.len());
                out.push(Word {
                    start: s,
                    end: i,
                    folded: fold(&text[s..i]),
                    genitive,
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The dictionary (and any extra one, e.g. a case's earlier names) with the names that must
/// stay readable: the meeting participants.
pub struct Redactor<'a> {
    dicts: Vec<&'a Dictionary>,
    /// Participants' names as folded word sequences.
    protected: Vec<Vec<String>>,
}

/// What a stretch of words is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Found {
    Protected,
    Name,
    Place,
    Cpr,
}

impl<'a> Redactor<'a> {
    pub fn new(dict: &'a Dictionary, roster: &[Participant]) -> Redactor<'a> {
        Redactor::with_extra(dict, None, roster)
    }

    /// A redactor over `dict` and `extra` together, without copying either.
    pub fn with_extra(
        dict: &'a Dictionary,
        extra: Option<&'a Dictionary>,
        roster: &[Participant],
    ) -> Redactor<'a> {
        let mut protected: Vec<Vec<String>> = roster
            .iter()
            .map(|p| folded_words(&p.name))
            .filter(|w| !w.is_empty())
            .collect();
        // The longest first, so "Jonas Brandt" wins over a roster entry "Jonas".
        protected.sort_by_key(|p| std::cmp::Reverse(p.len()));
        Redactor {
            dicts: std::iter::once(dict).chain(extra).collect(),
            protected,
        }
    }

    /// Whether words `at..` start with `phrase` (its last word may carry a genitive -s).
    fn starts_with(words: &[Word], at: usize, phrase: &[String]) -> bool {
        let Some(tail) = words.get(at..at + phrase.len()) else {
            return false;
        };
        tail.iter().zip(phrase).enumerate().all(|(k, (w, p))| {
            w.folded == *p
                || (k + 1 == phrase.len()
                    && w.folded.strip_suffix('s').is_some_and(|stem| stem == p))
        })
    }

    /// What the words from `at` on are, and how many words that takes.
    fn classify(&self, words: &[Word], text: &str, at: usize) -> Option<(Found, usize)> {
        if let Some(p) = self
            .protected
            .iter()
            .find(|p| Self::starts_with(words, at, p))
        {
            return Some((Found::Protected, p.len()));
        }
        if let Some(n) = cpr_at(words, text, at) {
            return Some((Found::Cpr, n));
        }
        let w = &words[at];
        let place = self
            .dicts
            .iter()
            .filter_map(|d| {
                d.places
                    .get(&w.folded)
                    .or_else(|| {
                        w.folded
                            .strip_suffix('s')
                            .and_then(|stem| d.places.get(stem))
                    })
                    .and_then(|list| {
                        list.iter()
                            .filter(|p| Self::starts_with(words, at, p))
                            .map(Vec::len)
                            .max()
                    })
            })
            .max();
        if let Some(n) = place {
            return Some((Found::Place, n));
        }
        self.dicts
            .iter()
            .any(|d| d.is_name(&w.folded))
            .then_some((Found::Name, 1))
    }

    /// The text with every name cut to its initial and every place and CPR number replaced.
    pub fn redact(&self, text: &str) -> String {
        if text.is_empty() {
            return String::new();
        }
        let words = words_of(text);
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut at = 0;
        while at < words.len() {
            let w = &words[at];
            let Some((found, n)) = self.classify(&words, text, at) else {
                at += 1;
                continue;
            };
            let last = &words[at + n - 1];
            match found {
                Found::Protected => {}
                Found::Name => {
                    out.push_str(&text[copied..w.start]);
                    let initial = text[w.start..w.end].chars().next().unwrap_or('?');
                    out.extend(initial.to_uppercase());
                    copied = w.end + w.genitive;
                    // "… om Kawa." gives "… om K.", not "K..".
                    if !text[copied..].starts_with('.') {
                        out.push('.');
                    }
                }
                Found::Place | Found::Cpr => {
                    out.push_str(&text[copied..w.start]);
                    out.push_str(if found == Found::Cpr {
                        CPR_MARK
                    } else {
                        PLACE_MARK
                    });
                    copied = last.end + last.genitive;
                }
            }
            at += n;
        }
        out.push_str(&text[copied..]);
        out
    }

    /// The names and places a text shows that redaction would have hidden — empty for text
    /// that is safe on a projector. For tests: the same reading of words as `redact`.
    pub fn leaks(&self, text: &str) -> Vec<String> {
        let words = words_of(text);
        let mut out = Vec::new();
        let mut at = 0;
        while at < words.len() {
            match self.classify(&words, text, at) {
                Some((Found::Protected, n)) => at += n,
                Some((_, n)) => {
                    let (s, e) = (words[at].start, words[at + n - 1].end);
                    out.push(text[s..e].to_string());
                    at += n;
                }
                None => at += 1,
            }
        }
        out
    }
}

/// A CPR number at word `at`: "DDMMYY-SSSS", "DDMMYYSSSS" or "DDMMYY SSSS"; the number of
/// words it takes.
fn cpr_at(words: &[Word], text: &str, at: usize) -> Option<usize> {
    let digits = |w: &Word, n: usize| {
        let s = &text[w.start..w.end];
        s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
    };
    let w = words.get(at)?;
    if digits(w, 10) {
        return Some(1);
    }
    let next = words.get(at + 1)?;
    let between = &text[w.end..next.start];
    (digits(w, 6) && digits(next, 4) && matches!(between, "-" | " " | "‐" | "–")).then_some(2)
}

#[cfg(test)]
mod tests;
