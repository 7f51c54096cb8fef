//! Statistics for the steering group: anonymous counts from the case summaries and the
//! tombstones of purged cases. No full case is decoded, so it stays cheap at 100,000 cases.

use chrono::{Days, NaiveDate};

use super::{Service, ServiceError};
use crate::domain::stats::{self, Cell, Period, StatCase, Stats};
use crate::domain::trends::{self, TrendCase, Trends};

/// How many days the overdue line in the statistics covers.
pub const OVERDUE_DAYS: u64 = 90;

impl Service {
    pub fn stats(&self, period: Period) -> Result<Stats, ServiceError> {
        self.require(crate::domain::access::Permission::Statistics)?;
        let today = self.today();
        // No capacity from `case_count`: sled counts a tree by reading all of it, and reading
        // every full case (100 MB at 100,000 cases) only to size this vector held on to the
        // memory afterwards.
        let mut cases = Vec::new();
        for s in self.core.store.summaries() {
            cases.push(StatCase::of_summary(&s?, today));
        }
        for t in self.core.store.tombstones() {
            cases.push(StatCase::of_tombstone(&t?));
        }
        // Counts only; a redacted session gets them through the redactor all the same, so a
        // text added to the statistics later cannot reach a projector unredacted.
        self.shown(stats::compute(cases, period))
    }

    /// Concerns by district × concern type and by source, the last `months` months against
    /// the `months` before (1–18), suppressed like the statistics. Read from the summaries and
    /// tombstones, like them: no case is decoded.
    pub fn trends(&self, months: u32) -> Result<Trends, ServiceError> {
        self.require(crate::domain::access::Permission::Statistics)?;
        let today = self.today();
        let mut cases = Vec::new();
        for s in self.core.store.summaries() {
            cases.push(TrendCase::of_summary(&s?));
        }
        for t in self.core.store.tombstones() {
            cases.push(TrendCase::of_tombstone(&t?));
        }
        Ok(trends::compute(cases, today, months))
    }

    /// Overdue follow-ups per day for the last `OVERDUE_DAYS` days, as counted when the work
    /// queue was read that day; `None` for days nobody did. Small counts are suppressed.
    pub fn overdue_series(&self) -> Result<Vec<(NaiveDate, Option<Cell>)>, ServiceError> {
        self.require(crate::domain::access::Permission::Statistics)?;
        let today = self.today();
        let from = today
            .checked_sub_days(Days::new(OVERDUE_DAYS - 1))
            .unwrap_or(today);
        let recorded = self.core.store.overdue_history(from)?;
        Ok(from
            .iter_days()
            .take_while(|d| *d <= today)
            .map(|d| {
                let n = recorded.iter().find(|(day, _)| *day == d).map(|(_, n)| *n);
                (d, n.map(stats::single))
            })
            .collect())
    }
}
