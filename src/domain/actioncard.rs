//! Actioncards: "who does what, whom to call" for a situation, kept as text files the team
//! edits itself. This module reads the text; finding and writing the files is the service's.
//!
//! The format, one card per file:
//! ```text
//! -- lines starting with two dashes are comments
//! # Title
//! gælder: ekstremisme, under 18          (optional; what the card is for)
//! ## Any heading                          (Situation, Første skridt, Hvem gør hvad, …)
//! free text lines, "- bullets", "1. steps"
//! ## Telefon
//! Name: number                            (in a "Telefon"/"Phone" section every line is one)
//! ```

use thiserror::Error;

use super::intake::ConcernType;

/// Largest card file read; a card is a page, not a manual.
pub const CARD_LIMIT: usize = 64 * 1024;

/// What a card is for: its concern types and situations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Applies {
    Concern(ConcernType),
    ImminentDanger,
    Minor,
    Adult,
}

impl Applies {
    fn parse(word: &str) -> Option<Applies> {
        let w = word.trim().to_lowercase();
        Some(match w.as_str() {
            "ekstremisme" | "radikalisering" | "extremism" => {
                Applies::Concern(ConcernType::Extremism)
            }
            "æresrelateret" | "æresrelateret konflikt" | "honour" | "honour conflict" => {
                Applies::Concern(ConcernType::HonourConflict)
            }
            "negativ social kontrol" | "social kontrol" | "negative social control" => {
                Applies::Concern(ConcernType::NegativeSocialControl)
            }
            "kriminalitet" | "bande" | "crime" => Applies::Concern(ConcernType::CrimeGang),
            "mistrivsel" | "wellbeing" => Applies::Concern(ConcernType::Wellbeing),
            "overhængende fare" | "fare" | "imminent danger" | "danger" => Applies::ImminentDanger,
            "under 18" | "minor" => Applies::Minor,
            "over 18" | "adult" => Applies::Adult,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Section {
    pub heading: String,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Card {
    /// The file name without extension.
    pub id: String,
    pub title: String,
    pub applies: Vec<Applies>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize, serde::Deserialize)]
pub enum CardError {
    #[error("the file is larger than 64 KB")]
    TooLarge,
    #[error("the file is not UTF-8 text")]
    NotText,
    #[error("the card has no title line (# Title)")]
    NoTitle,
    #[error("text before the title")]
    BeforeTitle,
    #[error("a second title")]
    SecondTitle,
    #[error("unknown situation {0:?} after gælder:")]
    UnknownApplies(String),
    #[error("a phone line needs a name and a number (Name: number)")]
    BadPhone,
    #[error("the card is empty")]
    Empty,
}

/// A problem and the line it is on (1-based; 0 for the whole file).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CardProblem {
    pub line: usize,
    pub error: CardError,
}

fn is_phone_heading(h: &str) -> bool {
    let h = h.to_lowercase();
    h.starts_with("telefon") || h.starts_with("phone")
}

/// Reads one card file's bytes.
pub fn parse(id: &str, bytes: &[u8]) -> Result<Card, CardProblem> {
    let fail = |line: usize, error: CardError| Err(CardProblem { line, error });
    if bytes.len() > CARD_LIMIT {
        return fail(0, CardError::TooLarge);
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return fail(0, CardError::NotText);
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut title: Option<String> = None;
    let mut applies = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_end_matches('\r').trim_end();
        let trimmed = line.trim();
        if trimmed.is_empty() && sections.is_empty() || trimmed.starts_with("--") {
            continue;
        }
        if let Some(h) = trimmed.strip_prefix("## ") {
            if title.is_none() {
                return fail(n, CardError::BeforeTitle);
            }
            sections.push(Section {
                heading: h.trim().to_string(),
                lines: Vec::new(),
            });
            continue;
        }
        if let Some(t) = trimmed.strip_prefix("# ") {
            if title.is_some() {
                return fail(n, CardError::SecondTitle);
            }
            title = Some(t.trim().to_string());
            continue;
        }
        if title.is_none() {
            return fail(n, CardError::BeforeTitle);
        }
        let lower = trimmed.to_lowercase();
        if sections.is_empty()
            && let Some(rest) = lower
                .strip_prefix("gælder:")
                .or_else(|| lower.strip_prefix("applies:"))
        {
            for w in rest.split(',').filter(|w| !w.trim().is_empty()) {
                match Applies::parse(w) {
                    Some(a) => applies.push(a),
                    None => return fail(n, CardError::UnknownApplies(w.trim().to_string())),
                }
            }
            continue;
        }
        if sections.is_empty() {
            sections.push(Section {
                heading: String::new(),
                lines: Vec::new(),
            });
        }
        if let Some(s) = sections.last_mut() {
            if is_phone_heading(&s.heading) && !trimmed.is_empty() {
                let entry = trimmed.trim_start_matches(['-', '•']).trim();
                match entry.split_once(':') {
                    Some((name, number))
                        if !name.trim().is_empty() && !number.trim().is_empty() => {}
                    _ => return fail(n, CardError::BadPhone),
                }
            }
            s.lines.push(line.to_string());
        }
    }
    let Some(title) = title.filter(|t| !t.is_empty()) else {
        return fail(0, CardError::NoTitle);
    };
    for s in &mut sections {
        while s.lines.last().is_some_and(|l| l.trim().is_empty()) {
            s.lines.pop();
        }
    }
    if sections.iter().all(|s| s.lines.is_empty()) {
        return fail(0, CardError::Empty);
    }
    Ok(Card {
        id: id.to_string(),
        title,
        applies,
        sections,
    })
}

/// The cards for a case, most relevant first: imminent danger before anything, then cards
/// matching more of the case's concern types and its age side. Cards that match nothing are
/// left out.
pub fn relevant<'c>(
    cards: &'c [Card],
    concerns: &[ConcernType],
    imminent_danger: bool,
    age: Option<u32>,
) -> Vec<&'c Card> {
    let mut scored: Vec<(u32, &Card)> = cards
        .iter()
        .map(|c| {
            let score = c
                .applies
                .iter()
                .map(|a| match a {
                    Applies::ImminentDanger if imminent_danger => 100,
                    Applies::Concern(t) if concerns.contains(t) => 10,
                    Applies::Minor if age.is_some_and(|a| a < 18) => 5,
                    Applies::Adult if age.is_some_and(|a| a >= 18) => 5,
                    _ => 0,
                })
                .sum();
            (score, c)
        })
        .filter(|(s, _)| *s > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.title.cmp(&b.1.title)));
    scored.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const GOOD: &str = "-- kommentar\n# Ekstremisme\ngælder: ekstremisme, under 18\n\n## Situation\nEn ung deler materiale.\n\n## Telefon\n- Politi: 114\nSSP-vagt: [indsæt nummer]\n";

    #[test]
    fn a_card_reads_title_situations_and_sections() {
        let c = parse("ekstremisme", GOOD.as_bytes()).unwrap();
        assert_eq!(c.title, "Ekstremisme");
        assert_eq!(
            c.applies,
            vec![Applies::Concern(ConcernType::Extremism), Applies::Minor]
        );
        assert_eq!(c.sections.len(), 2);
        assert_eq!(
            c.sections[1].lines,
            vec!["- Politi: 114", "SSP-vagt: [indsæt nummer]"]
        );
    }

    #[test]
    fn windows_line_ends_and_a_byte_order_mark_are_fine() {
        let text = format!("\u{feff}{}", GOOD.replace('\n', "\r\n"));
        let c = parse("x", text.as_bytes()).unwrap();
        assert_eq!(c.title, "Ekstremisme");
        assert!(c.sections[1].lines.iter().all(|l| !l.ends_with('\r')));
    }

    #[test]
    fn each_kind_of_mistake_names_its_line() {
        let cases: &[(&str, usize, CardError)] = &[
            ("tekst\n# T\n## A\nx", 1, CardError::BeforeTitle),
            ("# T\n# U\n## A\nx", 2, CardError::SecondTitle),
            (
                "# T\ngælder: ekstremisme, måneskin\n## A\nx",
                2,
                CardError::UnknownApplies("måneskin".into()),
            ),
            (
                "# T\n## Telefon\nPoliti: 114\nbare et navn\n",
                4,
                CardError::BadPhone,
            ),
            ("## A\nx", 1, CardError::BeforeTitle),
            ("# T\n## A\n\n", 0, CardError::Empty),
            ("-- kun kommentar\n", 0, CardError::NoTitle),
        ];
        for (text, line, error) in cases {
            let p = parse("x", text.as_bytes()).unwrap_err();
            assert_eq!((p.line, &p.error), (*line, error), "{text:?}");
        }
    }

    #[test]
    fn oversized_and_binary_files_are_refused() {
        let big = vec![b'a'; CARD_LIMIT + 1];
        assert_eq!(parse("x", &big).unwrap_err().error, CardError::TooLarge);
        assert_eq!(
            parse("x", &[0xff, 0xfe, 0x00]).unwrap_err().error,
            CardError::NotText
        );
    }

    #[test]
    fn imminent_danger_comes_first_then_matching_concerns() {
        let card = |id: &str, applies: Vec<Applies>| Card {
            id: id.into(),
            title: id.into(),
            applies,
            sections: vec![],
        };
        let cards = vec![
            card("voksen", vec![Applies::Adult]),
            card(
                "ekstremisme",
                vec![Applies::Concern(ConcernType::Extremism)],
            ),
            card("fare", vec![Applies::ImminentDanger]),
            card("aere", vec![Applies::Concern(ConcernType::HonourConflict)]),
            card("under18", vec![Applies::Minor]),
        ];
        let ids = |v: Vec<&Card>| v.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(relevant(&cards, &[ConcernType::Extremism], true, Some(16))),
            vec!["fare", "ekstremisme", "under18"]
        );
        assert_eq!(
            ids(relevant(
                &cards,
                &[ConcernType::HonourConflict],
                false,
                Some(30)
            )),
            vec!["aere", "voksen"]
        );
    }
}
