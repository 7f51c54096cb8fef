//! Trends for the network meeting's standing item "Tendenser" (the Brøndby seed: "kortlægge
//! tendenser og strømninger"): concerns by district × concern type and by source, the last N
//! months against the N months before, with the change marked.
//!
//! Anonymous like the statistics (DESIGN §7), and by the same rule: each period's table is
//! suppressed with `stats::suppress` (1–4 shown as "<5"; while a small cell could be worked
//! out from the table's total and the published cells, more is hidden as "x"). Only the cells
//! and each table's total are published — no row or column sums — so that rule is the whole
//! of what a reader can subtract. The change between the periods is a number only when both
//! counts are published; otherwise it is a direction only when the published ranges already
//! say it ("<5" then, 30 now: up), and unknown when they do not.

use std::collections::BTreeMap;

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::intake::{ConcernType, SourceCategory};
use super::retention::Tombstone;
use super::stats::{Cell, Period, THRESHOLD, suppress};
use super::summary::CaseSummary;

/// The spans the meeting can compare, in months.
pub const MONTH_CHOICES: [u32; 4] = [3, 6, 12, 1];

/// The longest span: two of them reach three years back.
pub const MAX_MONTHS: u32 = 18;

/// One concern as trends see it: when, where and what, nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendCase {
    pub received: NaiveDate,
    /// The district as grouped (see `district_key`); `None` when not recorded.
    pub district: Option<String>,
    pub concerns: Vec<ConcernType>,
    pub source: Option<SourceCategory>,
}

impl TrendCase {
    pub fn of_summary(s: &CaseSummary) -> TrendCase {
        TrendCase {
            received: s.received_at.date(),
            district: district_key(&s.district),
            concerns: s.concerns.clone(),
            source: s.source,
        }
    }

    /// A purged case keeps no district: it counts as an unknown one.
    pub fn of_tombstone(t: &Tombstone) -> TrendCase {
        TrendCase {
            received: t.received,
            district: None,
            concerns: t.concerns.clone(),
            source: t.source,
        }
    }
}

/// Districts are typed freely: "gellerup", " Gellerup " and "GELLERUP" are one district,
/// shown with capital initials ("Gellerup", "Aarhus Vest").
pub fn district_key(typed: &str) -> Option<String> {
    let words: Vec<String> = typed
        .split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// How a count moved from the earlier period to the later one, as far as the published cells
/// tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// Both counts are published: the difference (0: unchanged).
    By(i64),
    /// At least one is suppressed, but the ranges say it rose / fell.
    Up,
    Down,
    /// The ranges overlap: no direction can be given without giving a small count away.
    Unknown,
}

impl Change {
    /// What a reader can know of the change from two published cells and their tables' totals.
    pub fn of(now: Cell, now_total: Cell, before: Cell, before_total: Cell) -> Change {
        if let (Cell::Count(a), Cell::Count(b)) = (now, before) {
            let diff = i128::from(a) - i128::from(b);
            return Change::By(i64::try_from(diff).unwrap_or(0));
        }
        let (now_lo, now_hi) = range(now, now_total);
        let (before_lo, before_hi) = range(before, before_total);
        if now_lo > before_hi {
            Change::Up
        } else if now_hi < before_lo {
            Change::Down
        } else {
            Change::Unknown
        }
    }
}

/// The values a published cell leaves possible.
fn range(c: Cell, total: Cell) -> (u64, u64) {
    match c {
        Cell::Count(n) => (n, n),
        Cell::Small => (1, THRESHOLD - 1),
        Cell::Hidden => (THRESHOLD, total.count().unwrap_or(u64::MAX).max(THRESHOLD)),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendRow<K> {
    pub key: K,
    pub now: Cell,
    pub before: Cell,
    pub change: Change,
}

/// One table in both periods. Every key is listed, also those that are 0 in both, so a
/// table's shape says nothing; a screen may leave the empty ones out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendTable<K> {
    pub rows: Vec<TrendRow<K>>,
    pub now_total: Cell,
    pub before_total: Cell,
    pub change: Change,
}

impl<K: Clone> TrendTable<K> {
    fn new(rows: Vec<(K, u64, u64)>) -> TrendTable<K> {
        let now: Vec<u64> = rows.iter().map(|r| r.1).collect();
        let before: Vec<u64> = rows.iter().map(|r| r.2).collect();
        let (now_cells, now_total) = suppress(&now);
        let (before_cells, before_total) = suppress(&before);
        TrendTable {
            rows: rows
                .into_iter()
                .zip(now_cells.into_iter().zip(before_cells))
                .map(|((key, _, _), (n, b))| TrendRow {
                    key,
                    now: n,
                    before: b,
                    change: Change::of(n, now_total, b, before_total),
                })
                .collect(),
            now_total,
            before_total,
            change: Change::of(now_total, Cell::Hidden, before_total, Cell::Hidden),
        }
    }
}

/// A district × concern-type cell's key. A case with several concern types counts once in each.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DistrictConcern {
    pub district: Option<String>,
    pub concern: ConcernType,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trends {
    /// The length of each period in months.
    pub months: u32,
    /// The last `months` months, up to today.
    pub now: Period,
    /// The `months` months before that.
    pub before: Period,
    /// Concern types mentioned, by district (a case with two types counts twice).
    pub by_district: TrendTable<DistrictConcern>,
    /// Concerns by who raised them.
    pub by_source: TrendTable<Option<SourceCategory>>,
}

/// The two periods: the last `months` months up to and including `today`, and the `months`
/// months before them, adjoining and not overlapping.
pub fn periods(today: NaiveDate, months: u32) -> (Period, Period) {
    let months = Months::new(months.clamp(1, MAX_MONTHS));
    let now_from = today
        .checked_sub_months(months)
        .and_then(|d| d.checked_add_days(Days::new(1)))
        .unwrap_or(today);
    let before_to = now_from.pred_opt().unwrap_or(now_from);
    let before_from = now_from.checked_sub_months(months).unwrap_or(before_to);
    (
        Period {
            from: Some(now_from),
            to: Some(today),
        },
        Period {
            from: Some(before_from),
            to: Some(before_to),
        },
    )
}

fn holds(p: &Period, d: NaiveDate) -> bool {
    p.from.is_none_or(|f| d >= f) && p.to.is_none_or(|t| d <= t)
}

/// Counts the cases received in the two periods.
pub fn compute(
    cases: impl IntoIterator<Item = TrendCase>,
    today: NaiveDate,
    months: u32,
) -> Trends {
    let months = months.clamp(1, MAX_MONTHS);
    let (now, before) = periods(today, months);
    // (now, before) per key.
    let mut districts: BTreeMap<DistrictConcern, (u64, u64)> = BTreeMap::new();
    let mut sources: BTreeMap<Option<SourceCategory>, (u64, u64)> = BTreeMap::new();
    let mut seen: Vec<Option<String>> = Vec::new();
    for c in cases {
        let slot = if holds(&now, c.received) {
            0
        } else if holds(&before, c.received) {
            1
        } else {
            continue;
        };
        let bump = |pair: &mut (u64, u64)| {
            if slot == 0 {
                pair.0 += 1;
            } else {
                pair.1 += 1;
            }
        };
        if !seen.contains(&c.district) {
            seen.push(c.district.clone());
        }
        for k in &c.concerns {
            bump(
                districts
                    .entry(DistrictConcern {
                        district: c.district.clone(),
                        concern: *k,
                    })
                    .or_default(),
            );
        }
        bump(sources.entry(c.source).or_default());
    }
    // Known districts in alphabetical order, the unknown one last; every concern type each.
    seen.sort_by(|a, b| match (a, b) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
        (Some(a), Some(b)) => a.cmp(b),
    });
    let mut district_rows = Vec::new();
    for d in &seen {
        for k in ConcernType::ALL {
            let key = DistrictConcern {
                district: d.clone(),
                concern: *k,
            };
            let (n, b) = districts.get(&key).copied().unwrap_or_default();
            district_rows.push((key, n, b));
        }
    }
    let mut source_rows: Vec<(Option<SourceCategory>, u64, u64)> = SourceCategory::ALL
        .iter()
        .map(|s| {
            let (n, b) = sources.get(&Some(*s)).copied().unwrap_or_default();
            (Some(*s), n, b)
        })
        .collect();
    let (n, b) = sources.get(&None).copied().unwrap_or_default();
    source_rows.push((None, n, b));
    Trends {
        months,
        now,
        before,
        by_district: TrendTable::new(district_rows),
        by_source: TrendTable::new(source_rows),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn case(received: NaiveDate, district: &str, concern: ConcernType) -> TrendCase {
        TrendCase {
            received,
            district: district_key(district),
            concerns: vec![concern],
            source: Some(SourceCategory::PrimarySchool),
        }
    }

    #[test]
    fn the_periods_adjoin_and_end_today() {
        let (now, before) = periods(d(2026, 11, 23), 3);
        assert_eq!(now.from, Some(d(2026, 8, 24)));
        assert_eq!(now.to, Some(d(2026, 11, 23)));
        assert_eq!(before.to, Some(d(2026, 8, 23)));
        assert_eq!(before.from, Some(d(2026, 5, 24)));
    }

    #[test]
    fn districts_typed_differently_are_one() {
        assert_eq!(district_key("  gellerup "), Some("Gellerup".into()));
        assert_eq!(district_key("AARHUS  vest"), Some("Aarhus Vest".into()));
        assert_eq!(district_key("   "), None);
    }

    #[test]
    fn a_district_that_grew_is_marked_with_its_change() {
        let today = d(2026, 11, 23);
        let mut cases = Vec::new();
        for i in 0..12 {
            cases.push(case(d(2026, 10, 1 + i), "Gellerup", ConcernType::CrimeGang));
        }
        for i in 0..6 {
            cases.push(case(d(2026, 6, 1 + i), "gellerup", ConcernType::CrimeGang));
        }
        for i in 0..7 {
            cases.push(case(d(2026, 9, 1 + i), "Hasle", ConcernType::Extremism));
            cases.push(case(d(2026, 7, 1 + i), "Hasle", ConcernType::Extremism));
        }
        // Outside both periods: not counted.
        cases.push(case(d(2025, 1, 1), "Gellerup", ConcernType::CrimeGang));
        let t = compute(cases, today, 3);
        let row = |district: &str, concern| {
            t.by_district
                .rows
                .iter()
                .find(|r| r.key.district.as_deref() == Some(district) && r.key.concern == concern)
                .unwrap()
                .clone()
        };
        let g = row("Gellerup", ConcernType::CrimeGang);
        assert_eq!(
            (g.now, g.before, g.change),
            (Cell::Count(12), Cell::Count(6), Change::By(6))
        );
        let h = row("Hasle", ConcernType::Extremism);
        assert_eq!(h.change, Change::By(0));
        assert_eq!(t.by_district.now_total, Cell::Count(19));
        assert_eq!(t.by_district.change, Change::By(6));
        assert_eq!(
            t.by_district.rows.len(),
            2 * ConcernType::ALL.len(),
            "every concern type of every district seen"
        );
    }

    #[test]
    fn a_change_against_a_small_count_is_a_direction_at_most() {
        let t = Cell::Count(100);
        assert_eq!(Change::of(Cell::Count(30), t, Cell::Small, t), Change::Up);
        assert_eq!(Change::of(Cell::Small, t, Cell::Count(9), t), Change::Down);
        assert_eq!(Change::of(Cell::Small, t, Cell::Small, t), Change::Unknown);
        assert_eq!(
            Change::of(Cell::Count(5), t, Cell::Hidden, t),
            Change::Unknown
        );
        assert_eq!(Change::of(Cell::Small, t, Cell::Hidden, t), Change::Down);
    }

    /// What a reader can tell about one period's table: each cell's possible values from what
    /// is published. A suppressed cell can be worked out exactly when no other suppressed cell
    /// can give or take one from it — on a box cut by one sum, any other solution can be
    /// reached from the true one by such a step, so this is independent of how `suppress`
    /// reasons about intervals.
    fn derivable(truth: &[u64], cells: &[Cell], total: Cell) -> Option<usize> {
        let Cell::Count(total) = total else {
            // No total to subtract from: only the ranges are known, and every non-zero cell is
            // suppressed (checked by the caller), so nothing is pinned unless its range is.
            return None;
        };
        let ranges: Vec<(u64, u64)> = cells
            .iter()
            .map(|c| match c {
                Cell::Count(n) => (*n, *n),
                Cell::Small => (1, THRESHOLD - 1),
                Cell::Hidden => (THRESHOLD, total),
            })
            .collect();
        let suppressed: Vec<usize> = (0..cells.len())
            .filter(|i| !matches!(cells[*i], Cell::Count(_)))
            .collect();
        suppressed.iter().copied().find(|&i| {
            let (lo_i, hi_i) = ranges[i];
            !suppressed.iter().any(|&j| {
                let (lo_j, hi_j) = ranges[j];
                j != i
                    && ((truth[i] < hi_i && truth[j] > lo_j)
                        || (truth[i] > lo_i && truth[j] < hi_j))
            })
        })
    }

    fn check_period<K>(
        t: &TrendTable<K>,
        truth: &[u64],
        pick: impl Fn(&TrendRow<K>) -> Cell,
        total: Cell,
    ) -> Result<(), TestCaseError> {
        let cells: Vec<Cell> = t.rows.iter().map(&pick).collect();
        for (c, n) in cells.iter().zip(truth) {
            match c {
                Cell::Count(v) => prop_assert_eq!(v, n),
                Cell::Small => prop_assert!((1..THRESHOLD).contains(n)),
                Cell::Hidden => prop_assert!(*n >= THRESHOLD),
            }
        }
        if total.count().is_none() {
            prop_assert!(
                cells
                    .iter()
                    .zip(truth)
                    .all(|(c, n)| *n == 0 || c.count().is_none()),
                "a suppressed total leaves no count to subtract from"
            );
        }
        prop_assert_eq!(
            derivable(truth, &cells, total),
            None,
            "{:?} {:?}",
            truth,
            cells
        );
        Ok(())
    }

    fn check_changes<K>(
        t: &TrendTable<K>,
        now: &[u64],
        before: &[u64],
    ) -> Result<(), TestCaseError> {
        for ((r, n), b) in t.rows.iter().zip(now).zip(before) {
            match r.change {
                Change::By(x) => {
                    prop_assert!(r.now.count().is_some() && r.before.count().is_some());
                    prop_assert_eq!(x, *n as i64 - *b as i64);
                }
                Change::Up => {
                    prop_assert!(n > b);
                    prop_assert!(r.now.count().is_none() || r.before.count().is_none());
                }
                Change::Down => {
                    prop_assert!(n < b);
                    prop_assert!(r.now.count().is_none() || r.before.count().is_none());
                }
                Change::Unknown => {
                    prop_assert!(r.now.count().is_none() || r.before.count().is_none());
                }
            }
        }
        Ok(())
    }

    fn arb_case(today: NaiveDate) -> impl Strategy<Value = TrendCase> {
        (
            0u64..200,
            prop_oneof![Just(""), Just("Gellerup"), Just("hasle"), Just("Vest")],
            proptest::sample::subsequence(ConcernType::ALL.to_vec(), 1..3),
            proptest::sample::select(vec![
                Some(SourceCategory::PrimarySchool),
                Some(SourceCategory::Police),
                Some(SourceCategory::ParentRelative),
                None,
            ]),
        )
            .prop_map(move |(back, district, concerns, source)| TrendCase {
                received: today - Days::new(back),
                district: district_key(district),
                concerns,
                source,
            })
    }

    proptest! {
        #[test]
        fn no_small_cell_can_be_worked_out_and_no_change_gives_one_away(
            cases in proptest::collection::vec(arb_case(d(2026, 11, 23)), 0..120),
            months in prop_oneof![Just(1u32), Just(3), Just(6)],
        ) {
            let today = d(2026, 11, 23);
            let t = compute(cases.clone(), today, months);
            // The true counts, from the cases themselves.
            let (now_p, before_p) = periods(today, months);
            let count = |p: &Period, f: &dyn Fn(&TrendCase) -> u64| -> u64 {
                cases.iter().filter(|c| holds(p, c.received)).map(f).sum()
            };
            let truth_d = |p: &Period| -> Vec<u64> {
                t.by_district.rows.iter().map(|r| {
                    count(p, &|c| u64::from(c.district == r.key.district && c.concerns.contains(&r.key.concern)))
                }).collect()
            };
            let truth_s = |p: &Period| -> Vec<u64> {
                t.by_source.rows.iter().map(|r| count(p, &|c| u64::from(c.source == r.key))).collect()
            };
            let (dn, db) = (truth_d(&now_p), truth_d(&before_p));
            let (sn, sb) = (truth_s(&now_p), truth_s(&before_p));
            check_period(&t.by_district, &dn, |r| r.now, t.by_district.now_total)?;
            check_period(&t.by_district, &db, |r| r.before, t.by_district.before_total)?;
            check_period(&t.by_source, &sn, |r| r.now, t.by_source.now_total)?;
            check_period(&t.by_source, &sb, |r| r.before, t.by_source.before_total)?;
            check_changes(&t.by_district, &dn, &db)?;
            check_changes(&t.by_source, &sn, &sb)?;
        }
    }
}
