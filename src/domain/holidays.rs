//! Danish public holidays (helligdage) and working days, for the legal deadlines that count
//! "hverdage" (Barnets lov §137: receipt of an underretning is confirmed within 6 working days).
//!
//! Official holidays are computed for any year from the Gregorian Easter. Store bededag was an
//! official holiday up to and including 2023 and was abolished from 2024 (lov nr. 20 af
//! 24.2.2023).
//!
//! Grundlovsdag (5 June), juleaftensdag (24 December) and nytårsaftensdag (31 December) are
//! not official holidays, but most municipal offices are closed, and the courts' deadline rule
//! (retsplejeloven §148 a) skips them like holidays. By default they therefore do not count as
//! working days, so a deadline is never computed shorter than the receiving office can meet.
//! A team that counts them as working days says so in `infohus.toml`:
//! `[holidays] closed_days = []`.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The official Danish holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holiday {
    NewYearsDay,
    MaundyThursday,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    /// Store bededag: the fourth Friday after Easter, until 2023.
    GreatPrayerDay,
    AscensionDay,
    WhitSunday,
    WhitMonday,
    ChristmasDay,
    BoxingDay,
}

/// Last year in which store bededag was a public holiday.
pub const LAST_GREAT_PRAYER_DAY: i32 = 2023;

/// Days that are not official holidays but on which municipal offices usually close. Which of
/// them count as closed is the team's setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ClosingDay {
    #[serde(rename = "grundlovsdag")]
    ConstitutionDay,
    #[serde(rename = "juleaftensdag")]
    ChristmasEve,
    #[serde(rename = "nytårsaftensdag", alias = "nytaarsaftensdag")]
    NewYearsEve,
}

impl ClosingDay {
    pub const ALL: [ClosingDay; 3] = [
        ClosingDay::ConstitutionDay,
        ClosingDay::ChristmasEve,
        ClosingDay::NewYearsEve,
    ];

    fn date(self, year: i32) -> Option<NaiveDate> {
        let (m, d) = match self {
            ClosingDay::ConstitutionDay => (6, 5),
            ClosingDay::ChristmasEve => (12, 24),
            ClosingDay::NewYearsEve => (12, 31),
        };
        NaiveDate::from_ymd_opt(year, m, d)
    }
}

/// Easter Sunday by the Gregorian computus (the anonymous "Meeus/Jones/Butcher" algorithm).
/// `None` only for years chrono cannot represent.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The official holidays of a year, in date order.
pub fn holidays(year: i32) -> Vec<(NaiveDate, Holiday)> {
    let mut out = Vec::with_capacity(11);
    let fixed = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    if let Some(d) = fixed(1, 1) {
        out.push((d, Holiday::NewYearsDay));
    }
    if let Some(easter) = easter_sunday(year) {
        let rel = |days: i64| easter.checked_add_signed(chrono::Duration::days(days));
        let mut moving = vec![
            (-3, Holiday::MaundyThursday),
            (-2, Holiday::GoodFriday),
            (0, Holiday::EasterSunday),
            (1, Holiday::EasterMonday),
        ];
        if year <= LAST_GREAT_PRAYER_DAY {
            moving.push((26, Holiday::GreatPrayerDay));
        }
        moving.extend([
            (39, Holiday::AscensionDay),
            (49, Holiday::WhitSunday),
            (50, Holiday::WhitMonday),
        ]);
        out.extend(
            moving
                .into_iter()
                .filter_map(|(days, h)| rel(days).map(|d| (d, h))),
        );
    }
    if let Some(d) = fixed(12, 25) {
        out.push((d, Holiday::ChristmasDay));
    }
    if let Some(d) = fixed(12, 26) {
        out.push((d, Holiday::BoxingDay));
    }
    out
}

pub fn holiday_on(date: NaiveDate) -> Option<Holiday> {
    holidays(date.year())
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, h)| h)
}

/// The closing day (grundlovsdag, juleaftensdag, nytårsaftensdag) that `date` is, if any.
pub fn closing_day_on(date: NaiveDate) -> Option<ClosingDay> {
    ClosingDay::ALL
        .iter()
        .copied()
        .find(|c| c.date(date.year()) == Some(date))
}

/// Why `date` is a poor day for something to be due: a weekend, an official holiday or a
/// day municipal offices usually close. `None` for an ordinary working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffDay {
    Weekend(Weekday),
    Holiday(Holiday),
    Closed(ClosingDay),
}

pub fn off_day(date: NaiveDate) -> Option<OffDay> {
    if let Some(h) = holiday_on(date) {
        return Some(OffDay::Holiday(h));
    }
    if let Some(c) = closing_day_on(date) {
        return Some(OffDay::Closed(c));
    }
    match date.weekday() {
        w @ (Weekday::Sat | Weekday::Sun) => Some(OffDay::Weekend(w)),
        _ => None,
    }
}

/// Which days count as working days: Monday to Friday, except official holidays and the
/// closing days the team has chosen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Calendar {
    closed: Vec<ClosingDay>,
}

impl Default for Calendar {
    /// Grundlovsdag, juleaftensdag and nytårsaftensdag closed (see the module comment).
    fn default() -> Self {
        Calendar {
            closed: ClosingDay::ALL.to_vec(),
        }
    }
}

impl Calendar {
    pub fn new(closed: &[ClosingDay]) -> Calendar {
        Calendar {
            closed: closed.to_vec(),
        }
    }

    /// Official holidays only: grundlovsdag and the two eves are working days.
    pub fn official() -> Calendar {
        Calendar::new(&[])
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            && holiday_on(d).is_none()
            && !self.closed.iter().any(|c| c.date(d.year()) == Some(d))
    }

    /// The day `n` working days after `d`, not counting `d` itself: the last day of a
    /// deadline of "n hverdage" from `d`. With `n` = 0 it is `d`.
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut day = d;
        let mut left = n;
        while left > 0 {
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => return day,
            }
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }
}

/// Working day by the default calendar.
pub fn is_working_day(d: NaiveDate) -> bool {
    Calendar::default().is_working_day(d)
}

/// `add_working_days` by the default calendar.
pub fn add_working_days(d: NaiveDate, n: u32) -> NaiveDate {
    Calendar::default().add_working_days(d, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn an_off_day_is_named_a_working_day_is_not() {
        assert_eq!(
            off_day(d(2026, 12, 24)),
            Some(OffDay::Closed(ClosingDay::ChristmasEve))
        );
        assert_eq!(
            off_day(d(2026, 12, 25)),
            Some(OffDay::Holiday(Holiday::ChristmasDay))
        );
        assert_eq!(
            off_day(d(2026, 11, 28)),
            Some(OffDay::Weekend(Weekday::Sat))
        );
        assert_eq!(off_day(d(2026, 11, 26)), None);
    }

    #[test]
    fn easter_falls_on_the_known_dates() {
        assert_eq!(easter_sunday(2024), Some(d(2024, 3, 31)));
        assert_eq!(easter_sunday(2025), Some(d(2025, 4, 20)));
        assert_eq!(easter_sunday(2026), Some(d(2026, 4, 5)));
        assert_eq!(easter_sunday(2027), Some(d(2027, 3, 28)));
        // The extremes of the Gregorian range: 22 March and 25 April.
        assert_eq!(easter_sunday(1818), Some(d(1818, 3, 22)));
        assert_eq!(easter_sunday(2038), Some(d(2038, 4, 25)));
    }

    #[test]
    fn store_bededag_is_a_holiday_until_2023_only() {
        assert_eq!(holiday_on(d(2023, 5, 5)), Some(Holiday::GreatPrayerDay));
        assert_eq!(holiday_on(d(2024, 4, 26)), None);
        assert!(is_working_day(d(2024, 4, 26)), "a Friday like any other");
        assert!(!is_working_day(d(2023, 5, 5)));
    }

    #[test]
    fn the_moving_holidays_of_2026_follow_easter() {
        let days: Vec<NaiveDate> = holidays(2026).into_iter().map(|(d, _)| d).collect();
        assert_eq!(
            days,
            vec![
                d(2026, 1, 1),
                d(2026, 4, 2),
                d(2026, 4, 3),
                d(2026, 4, 5),
                d(2026, 4, 6),
                d(2026, 5, 14),
                d(2026, 5, 24),
                d(2026, 5, 25),
                d(2026, 12, 25),
                d(2026, 12, 26),
            ]
        );
    }

    #[test]
    fn the_closing_days_are_the_teams_choice() {
        let grundlovsdag = d(2026, 6, 5); // a Friday
        assert!(!Calendar::default().is_working_day(grundlovsdag));
        assert!(Calendar::official().is_working_day(grundlovsdag));
        let only_christmas_eve = Calendar::new(&[ClosingDay::ChristmasEve]);
        assert!(only_christmas_eve.is_working_day(grundlovsdag));
        assert!(!only_christmas_eve.is_working_day(d(2026, 12, 24)));
    }

    #[test]
    fn six_working_days_skip_weekends_and_easter() {
        // An underretning on Monday 23 November 2026: six working days is Tuesday 1 December.
        assert_eq!(add_working_days(d(2026, 11, 23), 6), d(2026, 12, 1));
        // Sent the Wednesday before Easter 2026: Maundy Thursday to Easter Monday are closed.
        assert_eq!(add_working_days(d(2026, 4, 1), 6), d(2026, 4, 14));
        // Sent on a Saturday: counting starts on Monday.
        assert_eq!(add_working_days(d(2026, 11, 21), 1), d(2026, 11, 23));
        // Over Christmas and New Year with the eves closed.
        assert_eq!(add_working_days(d(2026, 12, 22), 6), d(2027, 1, 5));
        assert_eq!(add_working_days(d(2026, 11, 23), 0), d(2026, 11, 23));
    }

    proptest! {
        #[test]
        fn adding_working_days_lands_on_a_working_day_after_exactly_n_of_them(
            offset in 0i64..(365 * 30),
            n in 1u32..60,
            official in any::<bool>(),
        ) {
            let cal = if official { Calendar::official() } else { Calendar::default() };
            let start = d(2000, 1, 1) + chrono::Duration::days(offset);
            let end = cal.add_working_days(start, n);
            prop_assert!(cal.is_working_day(end));
            let counted = start
                .iter_days()
                .skip(1)
                .take_while(|x| *x <= end)
                .filter(|x| cal.is_working_day(*x))
                .count();
            prop_assert_eq!(counted, n as usize);
        }
    }
}
