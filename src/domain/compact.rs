//! Dates and times as small integers in the stored and wire bincode, and as ISO text in JSON.
//!
//! chrono serialises a `NaiveDateTime` as a 20–30 byte string; the journal holds about three
//! dates per event, so at 100,000 cases text dates alone came to some 45 MB. bincode says it is
//! not human-readable, serde_json says it is, so the export stays readable ISO text while the
//! journal and the socket carry days and seconds. Use on every date field of a stored or wire
//! type: `#[serde(with = "crate::domain::compact::date")]` (and `datetime`, `opt_date`,
//! `opt_datetime`, `dates`); `tests/format.rs` fails when an ISO date shows up in stored bytes.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Day 0 and second 0 of the compact form: dates near it encode in 3 bytes (varint of the
/// zig-zagged day number), times in 5.
fn epoch_day() -> i32 {
    NaiveDate::from_ymd_opt(2000, 1, 1).map_or(730_120, |d| d.num_days_from_ce())
}

fn to_day(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - epoch_day()
}

fn from_day(n: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(n.checked_add(epoch_day())?)
}

/// Unix time of 2000-01-01 00:00:00.
const EPOCH_2000: i64 = 946_684_800;

/// Seconds since 2000-01-01 00:00 and the nanoseconds within the second (0 for times the
/// program makes: `Service::now` keeps whole seconds).
fn to_secs(t: NaiveDateTime) -> (i64, u32) {
    let utc = t.and_utc();
    (utc.timestamp() - EPOCH_2000, utc.timestamp_subsec_nanos())
}

fn from_secs(secs: i64, nanos: u32) -> Option<NaiveDateTime> {
    chrono::DateTime::from_timestamp(secs.checked_add(EPOCH_2000)?, nanos).map(|t| t.naive_utc())
}

pub mod date {
    use super::*;

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            d.serialize(s)
        } else {
            s.serialize_i32(to_day(*d))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        if d.is_human_readable() {
            NaiveDate::deserialize(d)
        } else {
            let n = i32::deserialize(d)?;
            from_day(n).ok_or_else(|| D::Error::custom(format!("day {n} is out of range")))
        }
    }
}

pub mod datetime {
    use super::*;

    pub fn serialize<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            t.serialize(s)
        } else {
            to_secs(*t).serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        if d.is_human_readable() {
            NaiveDateTime::deserialize(d)
        } else {
            let (secs, nanos) = <(i64, u32)>::deserialize(d)?;
            from_secs(secs, nanos)
                .ok_or_else(|| D::Error::custom(format!("time {secs}.{nanos} is out of range")))
        }
    }
}

/// `Option<NaiveDate>` (bincode: the option tag, then the day).
pub mod opt_date {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Day(#[serde(with = "super::date")] NaiveDate);

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        d.map(Day).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<Day>::deserialize(d)?.map(|Day(d)| d))
    }
}

pub mod opt_datetime {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Moment(#[serde(with = "super::datetime")] NaiveDateTime);

    pub fn serialize<S: Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
        t.map(Moment).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
        Ok(Option::<Moment>::deserialize(d)?.map(|Moment(t)| t))
    }
}

/// `Option<(NaiveDate, String)>`: a date with its text, e.g. when a review was held and what
/// it found.
pub mod opt_dated_text {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Dated(#[serde(with = "super::date")] NaiveDate, String);

    pub fn serialize<S: Serializer>(
        v: &Option<(NaiveDate, String)>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        v.clone().map(|(d, t)| Dated(d, t)).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<(NaiveDate, String)>, D::Error> {
        Ok(Option::<Dated>::deserialize(d)?.map(|Dated(d, t)| (d, t)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sample {
        #[serde(with = "date")]
        day: NaiveDate,
        #[serde(with = "datetime")]
        at: NaiveDateTime,
        #[serde(with = "opt_date")]
        maybe: Option<NaiveDate>,
        #[serde(with = "opt_datetime")]
        when: Option<NaiveDateTime>,
        #[serde(with = "opt_dated_text")]
        held: Option<(NaiveDate, String)>,
    }

    fn sample(nanos: u32) -> Sample {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let at = day.and_hms_nano_opt(14, 5, 9, nanos).unwrap();
        Sample {
            day,
            at,
            maybe: Some(NaiveDate::from_ymd_opt(1999, 2, 28).unwrap()),
            when: Some(
                NaiveDate::from_ymd_opt(1960, 1, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap(),
            ),
            held: Some((day, "holdt".into())),
        }
    }

    fn bincode_round_trip(v: &Sample) -> (Sample, usize) {
        let cfg = bincode::config::standard();
        let bytes = bincode::serde::encode_to_vec(v, cfg).unwrap();
        let (back, _) = bincode::serde::decode_from_slice::<Sample, _>(&bytes, cfg).unwrap();
        (back, bytes.len())
    }

    #[test]
    fn dates_are_small_integers_in_bincode_and_come_back_exactly() {
        for nanos in [0, 1, 999_999_999] {
            let v = sample(nanos);
            let (back, len) = bincode_round_trip(&v);
            assert_eq!(back, v);
            // 3 + 6..10 + 4 + 7 + 10: far below the ~80 bytes of ISO text.
            assert!(len <= 40, "{len} bytes");
        }
    }

    #[test]
    fn json_keeps_iso_text() {
        let v = sample(0);
        let json = serde_json::to_string(&v).unwrap();
        assert!(json.contains("\"2026-12-03\""), "{json}");
        assert!(json.contains("\"2026-12-03T14:05:09\""), "{json}");
        assert_eq!(serde_json::from_str::<Sample>(&json).unwrap(), v);
    }

    #[test]
    fn days_and_seconds_far_from_the_epoch_survive() {
        for (y, m, d) in [(1800, 1, 1), (1900, 3, 1), (2099, 12, 31), (2400, 2, 29)] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(from_day(to_day(day)), Some(day));
            let t = day.and_hms_nano_opt(23, 59, 59, 123).unwrap();
            let (s, n) = to_secs(t);
            assert_eq!(from_secs(s, n), Some(t));
            let t = day.and_hms_opt(0, 0, 0).unwrap();
            let (s, n) = to_secs(t);
            assert_eq!(from_secs(s, n), Some(t));
        }
    }

    #[test]
    fn an_impossible_day_is_an_error_not_a_panic() {
        let cfg = bincode::config::standard();
        let bytes = bincode::serde::encode_to_vec(i32::MAX, cfg).unwrap();
        #[derive(Debug, Deserialize)]
        struct D(
            #[serde(with = "date")]
            #[allow(dead_code)]
            NaiveDate,
        );
        assert!(bincode::serde::decode_from_slice::<D, _>(&bytes, cfg).is_err());
    }
}
