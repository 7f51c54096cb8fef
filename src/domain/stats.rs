//! Anonymous counts for the steering group (DESIGN §7): pure aggregation over case summaries
//! and the tombstones of purged cases, with small counts suppressed.
//!
//! Suppression rule, per table (a list of cells and their published total):
//! 1. Primary: a cell of 1–4 is shown as "<5". A table whose total is 1–4 shows "<5" as its
//!    total and in every non-zero cell.
//! 2. Secondary: a reader knows that a "<5" cell holds 1–4, that a hidden cell ("x") holds at
//!    least 5, and that all cells add up to the total. While any suppressed cell could be worked
//!    out from that (say, exactly one suppressed cell: total minus the published cells; or two
//!    "<5" cells whose sum is 2), the smallest published non-zero cell is hidden too.
//!    Zero cells stay published: hiding a zero would not protect anything, since a reader
//!    could still pin the others down when the suppressed sum is small. When no cell is left
//!    to hide and one is still derivable (two "<5" cells adding up to 8), the total is hidden.
//!
//! Medians over fewer than five cases are not shown.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::age::AgeBand;
use super::flow::ClosureReason;
use super::intake::{ConcernType, SourceCategory, person_age};
use super::retention::Tombstone;
use super::summary::CaseSummary;

/// Counts below this are suppressed.
pub const THRESHOLD: u64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Cell {
    Count(u64),
    /// 1–4, shown as "<5".
    Small,
    /// Hidden so that a small cell cannot be recovered by subtraction, shown as "x".
    Hidden,
}

impl Cell {
    pub fn shown(self) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Small => "<5".into(),
            Cell::Hidden => "x".into(),
        }
    }

    /// The count when published.
    pub fn count(self) -> Option<u64> {
        match self {
            Cell::Count(n) => Some(n),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Table<K> {
    pub rows: Vec<(K, Cell)>,
    pub total: Cell,
}

impl<K: Clone> Table<K> {
    fn new(rows: Vec<(K, u64)>) -> Table<K> {
        let counts: Vec<u64> = rows.iter().map(|(_, n)| *n).collect();
        let (cells, total) = suppress(&counts);
        Table {
            rows: rows.into_iter().map(|(k, _)| k).zip(cells).collect(),
            total,
        }
    }
}

/// Applies the rule in the module documentation to one table.
pub fn suppress(counts: &[u64]) -> (Vec<Cell>, Cell) {
    let total: u64 = counts.iter().sum();
    if (1..THRESHOLD).contains(&total) {
        let cells = counts
            .iter()
            .map(|&n| if n == 0 { Cell::Count(0) } else { Cell::Small })
            .collect();
        return (cells, Cell::Small);
    }
    let mut cells: Vec<Cell> = counts
        .iter()
        .map(|&n| {
            if (1..THRESHOLD).contains(&n) {
                Cell::Small
            } else {
                Cell::Count(n)
            }
        })
        .collect();
    while any_derivable(counts, &cells, total) {
        let next = counts
            .iter()
            .enumerate()
            .filter(|(i, n)| **n > 0 && matches!(cells[*i], Cell::Count(_)))
            .min_by_key(|(i, n)| (**n, *i))
            .map(|(i, _)| i);
        match next {
            Some(i) => cells[i] = Cell::Hidden,
            // Nothing left to hide (say "<5" and "<5" adding up to 8): the total goes instead.
            None => return (cells, Cell::Hidden),
        }
    }
    (cells, Cell::Count(total))
}

/// What a reader knows of a suppressed cell: its range.
fn range(c: Cell, total: u64) -> (u64, u64) {
    match c {
        Cell::Small => (1, THRESHOLD - 1),
        Cell::Hidden => (THRESHOLD, total.max(THRESHOLD)),
        Cell::Count(n) => (n, n),
    }
}

/// Whether some suppressed cell has only one value consistent with the published total, the
/// published cells and the known ranges. With one sum and a range per cell, each cell's
/// feasible values form exactly the interval computed here.
fn any_derivable(counts: &[u64], cells: &[Cell], total: u64) -> bool {
    let published: u64 = counts
        .iter()
        .zip(cells)
        .filter(|(_, c)| matches!(c, Cell::Count(_)))
        .map(|(n, _)| n)
        .sum();
    let hidden_sum = total - published;
    let suppressed: Vec<(u64, u64)> = cells
        .iter()
        .filter(|c| !matches!(c, Cell::Count(_)))
        .map(|c| range(*c, total))
        .collect();
    let lo_all: u64 = suppressed.iter().map(|r| r.0).sum();
    let hi_all: u64 = suppressed.iter().map(|r| r.1).sum();
    suppressed.iter().any(|&(lo, hi)| {
        let others_lo = lo_all - lo;
        let others_hi = hi_all - hi;
        let min = lo.max(hidden_sum.saturating_sub(others_hi));
        let max = hi.min(hidden_sum.saturating_sub(others_lo));
        min >= max
    })
}

/// A median in days, shown only when enough cases went into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Median {
    Days(u32),
    TooFew,
}

fn median(mut days: Vec<u32>) -> Median {
    if (days.len() as u64) < THRESHOLD {
        return Median::TooFew;
    }
    days.sort_unstable();
    let mid = days.len() / 2;
    if days.len() % 2 == 1 {
        Median::Days(days[mid])
    } else {
        Median::Days((days[mid - 1] + days[mid]).div_ceil(2))
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn label(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// What a case is now: still open, or closed and why.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Outcome {
    Open,
    Closed(Option<ClosureReason>),
}

impl Outcome {
    pub fn all() -> Vec<Outcome> {
        let mut v = vec![Outcome::Open];
        v.extend(ClosureReason::ALL.iter().map(|r| Outcome::Closed(Some(*r))));
        v.push(Outcome::Closed(None));
        v
    }
}

/// One case as statistics see it: dates and categories only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatCase {
    pub received: NaiveDate,
    pub screened: Option<NaiveDate>,
    pub reviewed: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub source: Option<SourceCategory>,
    pub concerns: Vec<ConcernType>,
    pub age_band: Option<AgeBand>,
    pub outcome: Outcome,
    pub overdue: bool,
}

impl StatCase {
    pub fn of_summary(s: &CaseSummary, today: NaiveDate) -> StatCase {
        let received = s.received_at.date();
        StatCase {
            received,
            screened: s.screened,
            reviewed: s.reviewed,
            closed: s.closed,
            source: s.source,
            concerns: s.concerns.clone(),
            age_band: person_age(s.birth_date, s.approx_age, received, received)
                .map(AgeBand::from_age),
            outcome: if s.stage.is_open() {
                Outcome::Open
            } else {
                Outcome::Closed(s.closure_reason)
            },
            overdue: s.stage.is_open() && s.next_date < today,
        }
    }

    pub fn of_tombstone(t: &Tombstone) -> StatCase {
        StatCase {
            received: t.received,
            screened: t.screened,
            reviewed: t.reviewed,
            closed: t.closed,
            source: t.source,
            concerns: t.concerns.clone(),
            age_band: t.age_band,
            outcome: Outcome::Closed(t.outcome),
            overdue: false,
        }
    }
}

/// The period counted: concerns received from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Period {
    #[serde(with = "crate::domain::compact::opt_date")]
    pub from: Option<NaiveDate>,
    #[serde(with = "crate::domain::compact::opt_date")]
    pub to: Option<NaiveDate>,
}

impl Period {
    fn holds(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    pub period: Period,
    pub total: Cell,
    pub per_month: Table<Month>,
    pub per_source: Table<Option<SourceCategory>>,
    /// A case may carry several concern types: this table counts mentions.
    pub per_concern: Table<ConcernType>,
    pub per_age_band: Table<Option<AgeBand>>,
    pub per_outcome: Table<Outcome>,
    pub days_to_screening: Median,
    pub days_to_review: Median,
    pub days_to_closure: Median,
    /// Open cases (of the period) whose follow-up date has passed.
    pub overdue: Cell,
}

/// A single count, suppressed when small.
pub fn single(n: u64) -> Cell {
    if (1..THRESHOLD).contains(&n) {
        Cell::Small
    } else {
        Cell::Count(n)
    }
}

#[derive(Default)]
struct Tally {
    total: u64,
    months: BTreeMap<Month, u64>,
    sources: BTreeMap<Option<SourceCategory>, u64>,
    concerns: BTreeMap<ConcernType, u64>,
    ages: BTreeMap<Option<AgeBand>, u64>,
    outcomes: BTreeMap<Outcome, u64>,
    to_screening: Vec<u32>,
    to_review: Vec<u32>,
    to_closure: Vec<u32>,
    overdue: u64,
}

fn count<K: Ord>(map: &BTreeMap<K, u64>, k: &K) -> u64 {
    map.get(k).copied().unwrap_or(0)
}

fn days(from: NaiveDate, to: Option<NaiveDate>) -> Option<u32> {
    to.and_then(|t| u32::try_from((t - from).num_days()).ok())
}

impl Tally {
    fn add(&mut self, c: &StatCase) {
        self.total += 1;
        *self.months.entry(Month::of(c.received)).or_default() += 1;
        *self.sources.entry(c.source).or_default() += 1;
        for k in &c.concerns {
            *self.concerns.entry(*k).or_default() += 1;
        }
        *self.ages.entry(c.age_band).or_default() += 1;
        *self.outcomes.entry(c.outcome).or_default() += 1;
        self.to_screening.extend(days(c.received, c.screened));
        self.to_review.extend(days(c.received, c.reviewed));
        self.to_closure.extend(days(c.received, c.closed));
        self.overdue += u64::from(c.overdue);
    }
}

/// Counts the cases received in the period. Every category is listed, empty ones as 0, so a
/// table's shape says nothing about the data.
pub fn compute(cases: impl IntoIterator<Item = StatCase>, period: Period) -> Stats {
    let mut t = Tally::default();
    for c in cases {
        if period.holds(c.received) {
            t.add(&c);
        }
    }
    let first = period
        .from
        .map(Month::of)
        .or_else(|| t.months.keys().next().copied());
    let last = period
        .to
        .map(Month::of)
        .or_else(|| t.months.keys().next_back().copied());
    let mut months = Vec::new();
    if let (Some(mut m), Some(last)) = (first, last) {
        while m <= last {
            months.push((m, t.months.get(&m).copied().unwrap_or(0)));
            m = m.next();
        }
    }
    let mut sources: Vec<(Option<SourceCategory>, u64)> = SourceCategory::ALL
        .iter()
        .map(|s| (Some(*s), count(&t.sources, &Some(*s))))
        .collect();
    sources.push((None, count(&t.sources, &None)));
    let mut ages: Vec<(Option<AgeBand>, u64)> = AgeBand::ALL
        .iter()
        .map(|a| (Some(*a), count(&t.ages, &Some(*a))))
        .collect();
    ages.push((None, count(&t.ages, &None)));
    Stats {
        period,
        total: single(t.total),
        per_month: Table::new(months),
        per_source: Table::new(sources),
        per_concern: Table::new(
            ConcernType::ALL
                .iter()
                .map(|c| (*c, count(&t.concerns, c)))
                .collect(),
        ),
        per_age_band: Table::new(ages),
        per_outcome: Table::new(
            Outcome::all()
                .into_iter()
                .map(|o| (o, count(&t.outcomes, &o)))
                .collect(),
        ),
        days_to_screening: median(t.to_screening),
        days_to_review: median(t.to_review),
        days_to_closure: median(t.to_closure),
        overdue: single(t.overdue),
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

    fn case(received: NaiveDate, source: SourceCategory) -> StatCase {
        StatCase {
            received,
            screened: Some(received + chrono::Days::new(3)),
            reviewed: None,
            closed: None,
            source: Some(source),
            concerns: vec![ConcernType::Extremism],
            age_band: Some(AgeBand::From15To17),
            outcome: Outcome::Open,
            overdue: false,
        }
    }

    #[test]
    fn small_cells_are_shown_as_under_five() {
        let (cells, total) = suppress(&[20, 3, 0, 9]);
        assert_eq!(cells[1], Cell::Small);
        assert_eq!(cells[2], Cell::Count(0));
        assert_eq!(total, Cell::Count(32));
        assert_eq!(cells[1].shown(), "<5");
    }

    #[test]
    fn a_lone_small_cell_takes_the_next_smallest_with_it() {
        // Otherwise 32 - 20 - 9 = 3 gives the small cell away.
        let (cells, _) = suppress(&[20, 3, 0, 9]);
        assert_eq!(
            cells,
            vec![Cell::Count(20), Cell::Small, Cell::Count(0), Cell::Hidden]
        );
    }

    #[test]
    fn two_small_cells_whose_sum_gives_them_away_take_a_third() {
        // Two "<5" cells adding up to 2 can only be 1 and 1.
        let (cells, _) = suppress(&[1, 1, 30, 40]);
        assert_eq!(
            cells,
            vec![Cell::Small, Cell::Small, Cell::Hidden, Cell::Count(40)]
        );
    }

    #[test]
    fn a_small_total_suppresses_the_whole_table() {
        let (cells, total) = suppress(&[2, 0, 1]);
        assert_eq!(total, Cell::Small);
        assert_eq!(cells, vec![Cell::Small, Cell::Count(0), Cell::Small]);
    }

    #[test]
    fn two_small_cells_at_the_top_of_their_range_hide_the_total() {
        let (cells, total) = suppress(&[4, 4]);
        assert_eq!(cells, vec![Cell::Small, Cell::Small]);
        assert_eq!(total, Cell::Hidden);
    }

    #[test]
    fn nothing_is_hidden_when_nothing_is_small() {
        let (cells, total) = suppress(&[5, 0, 12]);
        assert_eq!(cells, vec![Cell::Count(5), Cell::Count(0), Cell::Count(12)]);
        assert_eq!(total, Cell::Count(17));
    }

    #[test]
    fn cases_are_counted_per_month_source_and_period() {
        let mut cases = Vec::new();
        for i in 0..7 {
            cases.push(case(d(2026, 1, 1 + i), SourceCategory::PrimarySchool));
        }
        for i in 0..6 {
            cases.push(case(d(2026, 3, 1 + i), SourceCategory::Police));
        }
        cases.push(case(d(2025, 12, 31), SourceCategory::Police));
        let period = Period {
            from: Some(d(2026, 1, 1)),
            to: Some(d(2026, 3, 31)),
        };
        let s = compute(cases, period);
        assert_eq!(s.total, Cell::Count(13));
        let months: Vec<(String, Cell)> = s
            .per_month
            .rows
            .iter()
            .map(|(m, c)| (m.label(), *c))
            .collect();
        assert_eq!(
            months,
            vec![
                ("2026-01".into(), Cell::Count(7)),
                ("2026-02".into(), Cell::Count(0)),
                ("2026-03".into(), Cell::Count(6)),
            ]
        );
        let police = s
            .per_source
            .rows
            .iter()
            .find(|(k, _)| *k == Some(SourceCategory::Police))
            .map(|(_, c)| *c);
        assert_eq!(police, Some(Cell::Count(6)));
        assert_eq!(s.days_to_screening, Median::Days(3));
        assert_eq!(s.days_to_closure, Median::TooFew);
    }

    #[test]
    fn medians_take_the_middle_case() {
        assert_eq!(median(vec![9, 1, 5, 3, 7]), Median::Days(5));
        assert_eq!(median(vec![1, 2, 3, 4, 10, 20]), Median::Days(4));
        assert_eq!(median(vec![1, 2]), Median::TooFew);
    }

    /// Every value the suppressed cells could hold, given what is published: "<5" is 1–4,
    /// "x" is 5 or more, and the cells add up to the total. Brute force, independent of the
    /// interval reasoning in `any_derivable`.
    fn solutions(cells: &[Cell], total: u64, published: u64) -> Vec<Vec<u64>> {
        let suppressed: Vec<(u64, u64)> = cells
            .iter()
            .filter(|c| !matches!(c, Cell::Count(_)))
            .map(|c| match c {
                Cell::Small => (1, 4),
                _ => (5, total),
            })
            .collect();
        let target = total - published;
        let mut out = Vec::new();
        fn go(ranges: &[(u64, u64)], left: u64, acc: &mut Vec<u64>, out: &mut Vec<Vec<u64>>) {
            match ranges.split_first() {
                None if left == 0 => out.push(acc.clone()),
                None => {}
                Some((&(lo, hi), rest)) => {
                    for v in lo..=hi.min(left) {
                        acc.push(v);
                        go(rest, left - v, acc, out);
                        acc.pop();
                    }
                }
            }
        }
        go(&suppressed, target, &mut Vec::new(), &mut out);
        out
    }

    proptest! {
        #[test]
        fn no_suppressed_value_follows_from_the_total_and_the_published_cells(
            counts in proptest::collection::vec(prop_oneof![0u64..5, 0u64..40], 1..7)
        ) {
            let (cells, total_cell) = suppress(&counts);
            for (n, c) in counts.iter().zip(&cells) {
                match c {
                    Cell::Count(v) => prop_assert_eq!(v, n),
                    Cell::Small => prop_assert!((1..5).contains(n)),
                    Cell::Hidden => prop_assert!(*n >= 5),
                }
            }
            let Cell::Count(total) = total_cell else {
                // A small or hidden total hides every non-zero cell: nothing to subtract from.
                prop_assert!(cells.iter().zip(&counts).all(|(c, n)| *n == 0 || c.count().is_none()));
                return Ok(());
            };
            let published: u64 = cells.iter().filter_map(|c| c.count()).sum();
            let sols = solutions(&cells, total, published);
            prop_assert!(!sols.is_empty(), "the true values are a solution");
            let k = cells.iter().filter(|c| !matches!(c, Cell::Count(_))).count();
            for i in 0..k {
                let first = sols[0][i];
                prop_assert!(
                    sols.iter().any(|s| s[i] != first),
                    "suppressed cell {} of {:?} is derivable: {:?}", i, counts, cells
                );
            }
        }
    }
}
