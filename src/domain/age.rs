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
