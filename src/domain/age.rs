//! Age from a birth date, and the age bands shown on every case line.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Completed years on `today`. Someone born on 29 February turns a year older on 1 March in
/// years without that day (as Danish practice counts it). A future birth date gives 0.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    if today <= birth {
        return 0;
    }
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The day someone turns 18 (the child/adult boundary for underretning and routing).
pub fn turns_18_on(birth: NaiveDate) -> NaiveDate {
    let year = birth.year() + 18;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .unwrap_or(birth)
}

/// An approximate age as the caller gave it: one age ("16", "ca. 16", "16 år") or a range
/// ("16-17", "15–16 år"). `from == to` for a single age.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct AgeRange {
    pub from: u8,
    pub to: u8,
}

impl AgeRange {
    /// The band the case is shown in: the youngest the person may be, so that a range with
    /// any part under 18 is treated as a minor (the duty to notify is not missed).
    pub fn band(self) -> AgeBand {
        AgeBand::from_age(u32::from(self.from))
    }

    pub fn is_range(self) -> bool {
        self.from != self.to
    }
}

/// No one on a case is older than this; a larger "age" is a typo.
pub const MAX_AGE: u8 = 120;

/// Words around an age that carry no number: "ca.", "omkring", "år", "years old".
const AGE_WORDS: &[&str] = &[
    "ca.", "ca", "cirka", "circa", "omkring", "ungefær", "ungefaer", "måske", "år", "aar", "årig",
    "årige", "gammel", "about", "approx.", "approx", "around", "roughly", "maybe", "years", "year",
    "yrs", "yr", "old", "y", "eller", "or", "til", "to",
];

/// Text that holds no age, more than two numbers, or one over 120.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an age")]
pub struct NotAnAge;

/// Reads an approximate age as people say it. `Ok(None)` for an empty field.
pub fn parse_age(input: &str) -> Result<Option<AgeRange>, NotAnAge> {
    let lower = input.trim().to_lowercase();
    if lower.is_empty() {
        return Ok(None);
    }
    // Dashes of every kind, slashes and the words between two ages separate them.
    let spaced: String = lower
        .chars()
        .map(|c| match c {
            '-' | '–' | '—' | '/' | '~' | ',' => ' ',
            c => c,
        })
        .collect();
    let mut numbers = Vec::new();
    for word in spaced.split_whitespace() {
        if AGE_WORDS.contains(&word) {
            continue;
        }
        // "16år", "16y": the number with a unit glued on.
        let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
        let rest = &word[digits.len()..];
        if digits.is_empty() || !(rest.is_empty() || AGE_WORDS.contains(&rest)) {
            return Err(NotAnAge);
        }
        numbers.push(digits.parse::<u8>().map_err(|_| NotAnAge)?);
    }
    let (from, to) = match numbers.as_slice() {
        [a] => (*a, *a),
        [a, b] => (*a.min(b), *a.max(b)),
        _ => return Err(NotAnAge),
    };
    if to > MAX_AGE {
        return Err(NotAnAge);
    }
    Ok(Some(AgeRange { from, to }))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AgeBand {
    Under15,
    From15To17,
    From18To22,
    From23To25,
    Over25,
}

impl AgeBand {
    pub const ALL: [AgeBand; 5] = [
        AgeBand::Under15,
        AgeBand::From15To17,
        AgeBand::From18To22,
        AgeBand::From23To25,
        AgeBand::Over25,
    ];

    pub fn from_age(age: u32) -> AgeBand {
        match age {
            0..=14 => AgeBand::Under15,
            15..=17 => AgeBand::From15To17,
            18..=22 => AgeBand::From18To22,
            23..=25 => AgeBand::From23To25,
            _ => AgeBand::Over25,
        }
    }

    pub fn is_minor(self) -> bool {
        matches!(self, AgeBand::Under15 | AgeBand::From15To17)
    }

    /// Language-neutral labels.
    pub fn label(self) -> &'static str {
        match self {
            AgeBand::Under15 => "<15",
            AgeBand::From15To17 => "15–17",
            AgeBand::From18To22 => "18–22",
            AgeBand::From23To25 => "23–25",
            AgeBand::Over25 => ">25",
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn age_counts_completed_years() {
        assert_eq!(age_on(d(2010, 11, 23), d(2026, 11, 22)), 15);
        assert_eq!(age_on(d(2010, 11, 23), d(2026, 11, 23)), 16);
        assert_eq!(age_on(d(2030, 1, 1), d(2026, 11, 23)), 0);
    }

    #[test]
    fn a_leap_day_birthday_counts_on_1_march_in_other_years() {
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28)), 17);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 3, 1)), 18);
        assert_eq!(turns_18_on(d(2008, 2, 29)), d(2026, 3, 1));
        assert_eq!(turns_18_on(d(2008, 5, 2)), d(2026, 5, 2));
    }

    #[test]
    fn ages_are_read_as_people_say_them() {
        let r = |from, to| Ok(Some(AgeRange { from, to }));
        assert_eq!(parse_age("16"), r(16, 16));
        assert_eq!(parse_age("16-17"), r(16, 17));
        assert_eq!(parse_age("15–16 år"), r(15, 16));
        assert_eq!(parse_age("ca. 16"), r(16, 16));
        assert_eq!(parse_age("16 år"), r(16, 16));
        assert_eq!(parse_age("16år"), r(16, 16));
        assert_eq!(parse_age("omkring 15 eller 16"), r(15, 16));
        assert_eq!(parse_age("17 - 16"), r(16, 17));
        assert_eq!(parse_age("about 16 years old"), r(16, 16));
        assert_eq!(parse_age("  "), Ok(None));
        assert_eq!(parse_age("tolv"), Err(NotAnAge));
        assert_eq!(parse_age("16-17-18"), Err(NotAnAge));
        assert_eq!(parse_age("130"), Err(NotAnAge));
        assert_eq!(parse_age("999"), Err(NotAnAge));
    }

    #[test]
    fn a_range_with_any_part_under_18_is_a_minor() {
        let band = |s: &str| parse_age(s).unwrap().unwrap().band();
        assert_eq!(band("16-17"), AgeBand::From15To17);
        assert!(band("17-19").is_minor());
        assert!(!band("18-19").is_minor());
    }

    #[test]
    fn bands_have_the_design_boundaries() {
        let cases = [
            (14, AgeBand::Under15),
            (15, AgeBand::From15To17),
            (17, AgeBand::From15To17),
            (18, AgeBand::From18To22),
            (22, AgeBand::From18To22),
            (23, AgeBand::From23To25),
            (25, AgeBand::From23To25),
            (26, AgeBand::Over25),
        ];
        for (age, band) in cases {
            assert_eq!(AgeBand::from_age(age), band, "{age}");
        }
        assert!(AgeBand::From15To17.is_minor());
        assert!(!AgeBand::From18To22.is_minor());
    }
}
