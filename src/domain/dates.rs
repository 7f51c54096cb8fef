//! Dates as coordinators type them: "23-11-2026", "23.11.2026", "2026-11-23", optionally
//! followed by a time "14:05" or "14.05". Danish order (day first) is the default reading.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize, serde::Deserialize)]
pub enum DateError {
    #[error("no date given")]
    Empty,
    #[error("the date is not written as DD-MM-YYYY")]
    Format,
    #[error("that date does not exist")]
    NoSuchDate,
    #[error("that time does not exist")]
    NoSuchTime,
    #[error("that date is too far away")]
    OutOfRange,
}

/// How far a relative date ("+N", "-N") may reach: a hundred years either way.
const MAX_RELATIVE_DAYS: u64 = 36_600;

fn split_numbers(s: &str) -> Option<Vec<u32>> {
    s.split(['-', '.', '/'])
        .map(|p| {
            if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                p.parse::<u32>().ok()
            }
        })
        .collect()
}

/// Parses a calendar date. Two-digit years are not accepted: "05" could be 1905 or 2005 and a
/// birth date guessed wrong by a century is worse than a question.
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    let parts = split_numbers(s).ok_or(DateError::Format)?;
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] if s.find(['-', '.', '/']) == Some(4) => (*y, *m, *d),
        [d, m, y] if *y >= 1000 => (*y, *m, *d),
        _ => return Err(DateError::Format),
    };
    let year = i32::try_from(y).map_err(|_| DateError::Format)?;
    NaiveDate::from_ymd_opt(year, m, d).ok_or(DateError::NoSuchDate)
}

/// Parses a date as typed into a form's date field: a calendar date as [`parse_date`] reads
/// it, "+N" / "-N" days from `today`, or a word: "i dag"/"idag"/"today",
/// "i morgen"/"imorgen"/"tomorrow", "i går"/"igår"/"yesterday" (any case, any spacing).
pub fn parse_date_input(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let words: Vec<String> = input.split_whitespace().map(str::to_lowercase).collect();
    let joined = words.concat();
    match joined.as_str() {
        "" => return Err(DateError::Empty),
        "idag" | "today" => return Ok(today),
        "imorgen" | "tomorrow" => return Ok(today + chrono::Days::new(1)),
        "igår" | "igaar" | "yesterday" => return Ok(today - chrono::Days::new(1)),
        _ => {}
    }
    let (sign, digits) = match joined.as_bytes().first() {
        Some(b'+') => (true, &joined[1..]),
        Some(b'-') => (false, &joined[1..]),
        _ => return parse_date(input),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateError::Format);
    }
    let n: u64 = digits.parse().map_err(|_| DateError::OutOfRange)?;
    if n > MAX_RELATIVE_DAYS {
        return Err(DateError::OutOfRange);
    }
    let moved = if sign {
        today.checked_add_days(chrono::Days::new(n))
    } else {
        today.checked_sub_days(chrono::Days::new(n))
    };
    moved.ok_or(DateError::OutOfRange)
}

/// Parses "date [time]". Without a time, `default_time` is used.
pub fn parse_datetime(input: &str, default_time: NaiveTime) -> Result<NaiveDateTime, DateError> {
    let s = input.trim();
    let mut it = s.split_whitespace();
    let date = parse_date(it.next().ok_or(DateError::Empty)?)?;
    let time = match (it.next(), it.next()) {
        (None, _) => default_time,
        (Some(t), None) => parse_time(t)?,
        _ => return Err(DateError::Format),
    };
    Ok(date.and_time(time))
}

fn parse_time(t: &str) -> Result<NaiveTime, DateError> {
    let mut parts = t.split([':', '.']);
    let h = parts.next().and_then(|p| p.parse::<u32>().ok());
    let m = parts.next().and_then(|p| p.parse::<u32>().ok());
    match (h, m, parts.next()) {
        (Some(h), Some(m), None) => NaiveTime::from_hms_opt(h, m, 0).ok_or(DateError::NoSuchTime),
        _ => Err(DateError::Format),
    }
}

/// A clock time as typed: "14:05", "14.05", "9:30", or an hour alone ("14") when `hour_alone`.
fn parse_clock(t: &str, hour_alone: bool) -> Option<Result<NaiveTime, DateError>> {
    let parts: Vec<&str> = t.split([':', '.']).collect();
    let num = |p: &str| {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (h, m) = match parts.as_slice() {
        [h, m] if m.len() == 2 => (num(h)?, num(m)?),
        [h] if hour_alone => (num(h)?, 0),
        _ => return None,
    };
    Some(NaiveTime::from_hms_opt(h, m, 0).ok_or(DateError::NoSuchTime))
}

/// A moment as it is said on the phone: "nu"/"now", a clock time alone ("14:05", "kl. 14.05",
/// meaning today), a day word or date with or without a time ("i dag 14:05", "i går 22:15",
/// "+1 9:00", "23-11-2026 14:05"). A day without a time is `now` when it is today and its
/// start otherwise. Seconds are dropped.
pub fn parse_datetime_input(input: &str, now: NaiveDateTime) -> Result<NaiveDateTime, DateError> {
    let now = now
        .with_second(0)
        .unwrap_or(now)
        .with_nanosecond(0)
        .unwrap_or(now);
    let lower = input.trim().to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    match words.concat().as_str() {
        "" => return Err(DateError::Empty),
        "nu" | "now" | "ligenu" | "rightnow" => return Ok(now),
        _ => {}
    }
    // "kl." / "kl" / "klokken" / "at" announce the time that follows.
    let mut hour_alone = false;
    if let Some(i) = words
        .iter()
        .position(|w| matches!(*w, "kl." | "kl" | "klokken" | "at"))
    {
        words.remove(i);
        hour_alone = i == words.len().saturating_sub(1);
    }
    let time = match words.last().and_then(|w| parse_clock(w, hour_alone)) {
        Some(t) => {
            words.pop();
            Some(t?)
        }
        None => None,
    };
    let date = if words.is_empty() {
        if time.is_none() {
            return Err(DateError::Format);
        }
        now.date()
    } else {
        parse_date_input(&words.join(" "), now.date())?
    };
    Ok(match time {
        Some(t) => date.and_time(t),
        None if date == now.date() => now,
        None => date.and_time(NaiveTime::MIN),
    })
}

pub fn format_date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

pub fn format_datetime(d: NaiveDateTime) -> String {
    d.format("%d-%m-%Y %H:%M").to_string()
}

/// Sunday of the week holding `d`: "due this week" means up to and including Sunday.
pub fn end_of_week(d: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let days_to_sunday = 6 - d.weekday().num_days_from_monday();
    d + chrono::Days::new(u64::from(days_to_sunday))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn danish_and_iso_orders_are_both_read() {
        assert_eq!(parse_date("23-11-2026"), Ok(d(2026, 11, 23)));
        assert_eq!(parse_date("23.11.2026"), Ok(d(2026, 11, 23)));
        assert_eq!(parse_date("2026-11-23"), Ok(d(2026, 11, 23)));
        assert_eq!(parse_date(" 1/2/2010 "), Ok(d(2010, 2, 1)));
    }

    #[test]
    fn impossible_dates_are_named_as_such() {
        assert_eq!(parse_date("31-04-2026"), Err(DateError::NoSuchDate));
        assert_eq!(parse_date("29-02-2025"), Err(DateError::NoSuchDate));
        assert_eq!(parse_date("29-02-2024"), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date("00-01-2026"), Err(DateError::NoSuchDate));
    }

    #[test]
    fn two_digit_years_and_garbage_are_format_errors() {
        assert_eq!(parse_date("23-11-26"), Err(DateError::Format));
        assert_eq!(parse_date("i går"), Err(DateError::Format));
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert_eq!(parse_date("99999999999-1-1"), Err(DateError::Format));
    }

    #[test]
    fn a_time_may_follow_the_date() {
        let t = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let got = parse_datetime("23-11-2026 14:05", t).unwrap();
        assert_eq!(got, d(2026, 11, 23).and_hms_opt(14, 5, 0).unwrap());
        assert_eq!(
            parse_datetime("23-11-2026", t).unwrap(),
            d(2026, 11, 23).and_time(t)
        );
        assert_eq!(
            parse_datetime("23-11-2026 25:00", t),
            Err(DateError::NoSuchTime)
        );
    }

    #[test]
    fn form_dates_accept_calendar_dates() {
        let today = d(2026, 11, 23);
        assert_eq!(parse_date_input("07-12-2026", today), Ok(d(2026, 12, 7)));
        assert_eq!(parse_date_input("7-1-2027", today), Ok(d(2027, 1, 7)));
        assert_eq!(parse_date_input("29-02-2028", today), Ok(d(2028, 2, 29)));
        assert_eq!(
            parse_date_input("29-02-2027", today),
            Err(DateError::NoSuchDate)
        );
        assert_eq!(
            parse_date_input("31-04-2026", today),
            Err(DateError::NoSuchDate)
        );
    }

    #[test]
    fn form_dates_accept_days_from_today() {
        let today = d(2026, 11, 23);
        assert_eq!(parse_date_input("+14", today), Ok(d(2026, 12, 7)));
        assert_eq!(parse_date_input(" + 14 ", today), Ok(d(2026, 12, 7)));
        assert_eq!(parse_date_input("-3", today), Ok(d(2026, 11, 20)));
        assert_eq!(parse_date_input("+0", today), Ok(today));
        // Across a leap day.
        assert_eq!(parse_date_input("+1", d(2028, 2, 28)), Ok(d(2028, 2, 29)));
        assert_eq!(parse_date_input("+", today), Err(DateError::Format));
        assert_eq!(parse_date_input("+1x", today), Err(DateError::Format));
        assert_eq!(
            parse_date_input("+99999999999999999999999", today),
            Err(DateError::OutOfRange)
        );
        assert_eq!(
            parse_date_input("-40000", today),
            Err(DateError::OutOfRange)
        );
    }

    #[test]
    fn form_dates_accept_words_in_both_languages() {
        let today = d(2026, 11, 23);
        for s in ["i dag", "idag", "today", "I DAG", "  i   dag ", "Today"] {
            assert_eq!(parse_date_input(s, today), Ok(today), "{s:?}");
        }
        for s in ["i morgen", "imorgen", "tomorrow", "I Morgen"] {
            assert_eq!(parse_date_input(s, today), Ok(d(2026, 11, 24)), "{s:?}");
        }
        assert_eq!(parse_date_input("i går", today), Ok(d(2026, 11, 22)));
        assert_eq!(parse_date_input("yesterday", today), Ok(d(2026, 11, 22)));
    }

    #[test]
    fn form_dates_reject_garbage() {
        let today = d(2026, 11, 23);
        assert_eq!(parse_date_input("", today), Err(DateError::Empty));
        assert_eq!(parse_date_input("   ", today), Err(DateError::Empty));
        assert_eq!(parse_date_input("snart", today), Err(DateError::Format));
        assert_eq!(parse_date_input("i dag!", today), Err(DateError::Format));
        assert_eq!(parse_date_input("23-11-26", today), Err(DateError::Format));
        assert_eq!(parse_date_input("++3", today), Err(DateError::Format));
    }

    fn at(h: u32, m: u32) -> NaiveDateTime {
        d(2026, 11, 23).and_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn moments_are_read_as_people_say_them() {
        let now = d(2026, 11, 23).and_hms_opt(10, 30, 17).unwrap();
        let p = |s: &str| parse_datetime_input(s, now);
        assert_eq!(p("nu"), Ok(at(10, 30)));
        assert_eq!(p("Now"), Ok(at(10, 30)));
        assert_eq!(p("03:10"), Ok(at(3, 10)));
        assert_eq!(p("3.10"), Ok(at(3, 10)));
        assert_eq!(p("kl. 14.05"), Ok(at(14, 5)));
        assert_eq!(p("kl 9"), Ok(at(9, 0)));
        assert_eq!(p("i dag 14:05"), Ok(at(14, 5)));
        assert_eq!(p("idag kl. 14:05"), Ok(at(14, 5)));
        assert_eq!(p("i dag"), Ok(at(10, 30)));
        assert_eq!(
            p("i går 22:15"),
            Ok(d(2026, 11, 22).and_hms_opt(22, 15, 0).unwrap())
        );
        assert_eq!(
            p("yesterday at 22:15"),
            Ok(d(2026, 11, 22).and_hms_opt(22, 15, 0).unwrap())
        );
        assert_eq!(
            p("i går"),
            Ok(d(2026, 11, 22).and_hms_opt(0, 0, 0).unwrap())
        );
        assert_eq!(p("23-11-2026 14:05"), Ok(at(14, 5)));
        assert_eq!(
            p("20.11.2026"),
            Ok(d(2026, 11, 20).and_hms_opt(0, 0, 0).unwrap())
        );
    }

    #[test]
    fn impossible_or_unreadable_moments_are_named() {
        let now = at(10, 30);
        let p = |s: &str| parse_datetime_input(s, now);
        assert_eq!(p(""), Err(DateError::Empty));
        assert_eq!(p("25:00"), Err(DateError::NoSuchTime));
        assert_eq!(p("i dag 14:75"), Err(DateError::NoSuchTime));
        assert_eq!(p("snart"), Err(DateError::Format));
        assert_eq!(p("kl."), Err(DateError::Format));
        assert_eq!(p("14"), Err(DateError::Format), "a bare number is no time");
        assert_eq!(p("31-02-2026 10:00"), Err(DateError::NoSuchDate));
    }

    #[test]
    fn the_week_ends_on_sunday() {
        // 23 Nov 2026 is a Monday.
        assert_eq!(end_of_week(d(2026, 11, 23)), d(2026, 11, 29));
        assert_eq!(end_of_week(d(2026, 11, 29)), d(2026, 11, 29));
    }
}
