//! Retention for the console and the command line: the deletion date set at closure, legal
//! holds, and `purge` — which closed cases go, deleting them, and what stays (tombstones).

use chrono::{Days, NaiveDate};

use super::config::Config;
use super::{Service, ServiceError};
use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::case::EventPayload;
use crate::domain::retention::{RetentionEvent, Verdict, decide_hold, deletion_date};
use crate::domain::{CaseNo, CaseState};
use crate::store::PurgeRefused;

/// A closed case due for deletion, as `purge --dry-run` lists it: no names.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PurgeItem {
    pub no: CaseNo,
    pub closed: Option<NaiveDate>,
    pub deletion_date: NaiveDate,
}

/// What a purge would do (or did).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PurgePlan {
    pub cases: Vec<PurgeItem>,
    /// Closed cases past their date kept by a legal hold.
    pub held: usize,
    /// Closed cases past their date whose post-closure reviews are not done.
    pub reviews_pending: usize,
    /// Drafts older than the configured days.
    pub drafts: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PurgeReport {
    pub purged: Vec<PurgeItem>,
    /// Cases another session changed (a hold, a reopening) while the purge ran.
    pub skipped: Vec<CaseNo>,
    pub drafts: u64,
}

impl Service {
    /// The team's settings beside the database.
    pub fn config(&self) -> Result<Config, ServiceError> {
        Ok(Config::load(self.core.store.path())?)
    }

    /// The events that record a deletion date for a closure among `events`.
    pub(super) fn with_deletion_date(
        &self,
        mut events: Vec<EventPayload>,
    ) -> Result<Vec<EventPayload>, ServiceError> {
        let closed = events.iter().find_map(|e| match e {
            EventPayload::Closed(c) => Some(c.date),
            _ => None,
        });
        if let Some(date) = closed {
            let months = self.config()?.retention.months_after_closure;
            events.push(EventPayload::Retention(RetentionEvent::DeletionDateSet {
                date: deletion_date(date, months),
            }));
        }
        Ok(events)
    }

    /// When a closed case is to be deleted: the date set at closure, or for cases closed
    /// before dates were recorded, the closure date plus the configured period.
    pub fn deletion_date_of(&self, s: &CaseState) -> Option<NaiveDate> {
        if s.stage.is_open() {
            return None;
        }
        let months = self
            .config()
            .map(|c| c.retention.months_after_closure)
            .unwrap_or(crate::service::config::RetentionConfig::default().months_after_closure);
        s.retention.deletion_date.or_else(|| {
            s.flow
                .closure
                .as_ref()
                .map(|c| deletion_date(c.date, months))
        })
    }

    /// Places (`place`) or lifts a legal hold, with a reason.
    pub fn legal_hold(
        &self,
        no: CaseNo,
        place: bool,
        reason: &str,
    ) -> Result<CaseState, ServiceError> {
        // Before the hold rules, as `record` does: the conflict is the news.
        self.check_expected(no)?;
        let state = self
            .core
            .store
            .case(no)?
            .ok_or(ServiceError::NoSuchCase(no))?;
        let event = decide_hold(&state.retention, place, reason, self.today())?;
        self.append_all(no, &[EventPayload::Retention(event)])
    }

    /// What `purge` would delete today. Works from the summaries only.
    pub fn purge_plan(&self) -> Result<PurgePlan, ServiceError> {
        let config = self.config()?;
        let months = config.retention.months_after_closure;
        let today = self.today();
        let mut plan = PurgePlan::default();
        for s in self.core.store.summaries() {
            let s = s?;
            let facts = s.retention_facts();
            let past = facts.deletion_date(months).is_some_and(|d| d <= today);
            match facts.verdict(today, months) {
                Verdict::Purge => plan.cases.push(PurgeItem {
                    no: s.no,
                    closed: s.closed,
                    deletion_date: facts.deletion_date(months).unwrap_or(today),
                }),
                Verdict::Held if past => plan.held += 1,
                Verdict::ReviewsPending if past => plan.reviews_pending += 1,
                _ => {}
            }
        }
        let cutoff = self.draft_cutoff(config.retention.draft_days);
        plan.drafts = self
            .core
            .store
            .drafts()?
            .iter()
            .filter(|d| d.updated_at < cutoff)
            .count();
        Ok(plan)
    }

    fn draft_cutoff(&self, days: u32) -> chrono::NaiveDateTime {
        self.now()
            .checked_sub_days(Days::new(u64::from(days)))
            .unwrap_or(chrono::NaiveDateTime::MIN)
    }

    /// Deletes every case the plan lists, one transaction each, each durable and audited
    /// before the next; then the old drafts.
    pub fn purge(&self, mut progress: impl FnMut(u64)) -> Result<PurgeReport, ServiceError> {
        let plan = self.purge_plan()?;
        let config = self.config()?;
        let months = config.retention.months_after_closure;
        let today = self.today();
        let mut report = PurgeReport::default();
        for (i, item) in plan.cases.into_iter().enumerate() {
            let qualifies = |s: &CaseState| {
                crate::domain::summary::CaseSummary::of(s)
                    .retention_facts()
                    .verdict(today, months)
                    == Verdict::Purge
            };
            let entry = AuditEntry {
                at: self.now(),
                user: self.session.user.clone(),
                action: AuditAction::Purged { case: item.no },
            };
            match self
                .core
                .store
                .purge_case(item.no, today, qualifies, entry)?
            {
                Ok(_) => report.purged.push(item),
                Err(PurgeRefused::NoLongerQualifies | PurgeRefused::Gone) => {
                    report.skipped.push(item.no)
                }
            }
            progress(i as u64 + 1);
        }
        if !report.purged.is_empty() {
            // The purged cases' events are cut out of the journal itself, not just hidden.
            self.core.store.scrub()?;
            // The search catalog is rebuilt without the purged cases when next needed.
            self.forget_catalog();
        }
        report.drafts = self
            .core
            .store
            .purge_drafts(self.draft_cutoff(config.retention.draft_days))?;
        Ok(report)
    }
}
