//! The legal deadlines over all open cases, for the work queue, and per case, for its screen.

use chrono::{Days, NaiveDateTime};

use super::config::Config;
use super::{CaseLine, Service, ServiceError};
use crate::domain::legal::{self, LegalDue, LegalRules};
use crate::domain::{CaseNo, CaseState};

/// A page of legal items and the counts of all of them.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LegalDuePage {
    pub total: usize,
    pub overdue: usize,
    pub rows: Vec<LegalDueCase>,
}

/// One legal item of one case.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LegalDueCase {
    pub case: CaseLine,
    pub item: LegalDue,
}

impl Service {
    /// The deadline rules from the team's `infohus.toml` (defaults without one); a file that
    /// is present but wrong is an error, never a silent default.
    pub fn legal_rules(&self) -> Result<LegalRules, ServiceError> {
        Config::load(self.core.store.path())
            .map(|c| c.legal_rules())
            .map_err(|e| ServiceError::Settings(e.to_string()))
    }

    /// Every open case's legal items as of `now` (overdue is to the minute for the 24-hour
    /// urgency assessment), earliest deadline first. Read from the legal index: only the cases
    /// that have an item are looked at, and only their summaries are decoded.
    pub fn legal_due(&self, now: NaiveDateTime) -> Result<Vec<LegalDueCase>, ServiceError> {
        Ok(self.legal_due_lines(now, usize::MAX)?.rows)
    }

    /// The first `limit` legal items (earliest deadline first) with the counts of all of them:
    /// what a work queue shows. Summaries are decoded for the listed rows only.
    pub fn legal_due_page(
        &self,
        now: NaiveDateTime,
        limit: usize,
    ) -> Result<LegalDuePage, ServiceError> {
        self.shown(self.legal_due_lines(now, limit)?)
    }

    /// `legal_due_page` as the service itself reads it (the work queue redacts its lines).
    pub(super) fn legal_due_lines(
        &self,
        now: NaiveDateTime,
        limit: usize,
    ) -> Result<LegalDuePage, ServiceError> {
        let rules = self.legal_rules()?;
        // Hand-overs are indexed by the 18th birthday and shown `adult_warning_days` ahead;
        // underretning items are indexed by their (past) sending time.
        let until = now
            .date()
            .checked_add_days(Days::new(u64::from(rules.adult_warning_days) + 1))
            .unwrap_or(now.date());
        let mut items: Vec<(CaseNo, LegalDue)> = self
            .core
            .store
            .legal_pending(until)?
            .into_iter()
            .filter_map(|(anchor, no, kind)| {
                legal::due_item(kind, anchor, &rules, now).map(|item| (no, item))
            })
            .collect();
        items.sort_by_key(|(no, d)| (d.due, *no, d.kind));
        let total = items.len();
        let overdue = items.iter().filter(|(_, d)| d.overdue).count();
        // The first `limit` whose case still has a line (a case purged meanwhile has none).
        let mut rows = Vec::with_capacity(limit.min(total));
        let mut rest = items.into_iter().peekable();
        while rows.len() < limit && rest.peek().is_some() {
            let batch: Vec<(CaseNo, LegalDue)> = rest.by_ref().take(limit - rows.len()).collect();
            let lines = self.core.store.lines(batch.iter().map(|(no, _)| *no))?;
            rows.extend(batch.into_iter().filter_map(|(no, item)| {
                lines.get(&no).map(|case| LegalDueCase {
                    case: case.clone(),
                    item,
                })
            }));
        }
        Ok(LegalDuePage {
            total,
            overdue,
            rows,
        })
    }

    /// One case's legal items as of now (for its screen).
    pub fn legal_items(&self, state: &CaseState) -> Result<Vec<LegalDue>, ServiceError> {
        self.shown(legal::due_items(state, self.now(), &self.legal_rules()?))
    }
}
