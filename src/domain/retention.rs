//! Retention (DESIGN §7): when a closed case is deleted, what may stop it, and the anonymous
//! tombstone that is all that remains of it for statistics. No statute fixes the period, so
//! the months come from the team's settings; the rules here only combine dates.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::age::AgeBand;
use super::case::{CaseNo, CaseState};
use super::flow::ClosureReason;
use super::intake::{ConcernType, SourceCategory, person_age};
use super::stage::Stage;

/// What the retention events add up to on a case.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Retention {
    /// Set when the case is closed; cleared when it is reopened.
    #[serde(with = "crate::domain::compact::opt_date")]
    pub deletion_date: Option<NaiveDate>,
    /// While a legal hold stands, the case is never deleted.
    pub hold: Option<LegalHold>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalHold {
    #[serde(with = "crate::domain::compact::date")]
    pub since: NaiveDate,
    pub reason: String,
}

/// The retention facts a case's history records. New variants go at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RetentionEvent {
    DeletionDateSet {
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
    },
    HoldPlaced {
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
        reason: String,
    },
    HoldLifted {
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
        reason: String,
    },
}

impl Retention {
    pub fn apply(&mut self, e: &RetentionEvent) {
        match e {
            RetentionEvent::DeletionDateSet { date } => self.deletion_date = Some(*date),
            RetentionEvent::HoldPlaced { date, reason } => {
                self.hold = Some(LegalHold {
                    since: *date,
                    reason: reason.clone(),
                })
            }
            RetentionEvent::HoldLifted { .. } => self.hold = None,
        }
    }
}

/// The deletion date of a case closed on `closed`.
pub fn deletion_date(closed: NaiveDate, months_after_closure: u32) -> NaiveDate {
    closed
        .checked_add_months(Months::new(months_after_closure))
        .unwrap_or(NaiveDate::MAX)
}

#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize, serde::Deserialize)]
pub enum HoldError {
    #[error("a legal hold needs a reason")]
    NoReason,
    #[error("the case already has a legal hold")]
    AlreadyHeld,
    #[error("the case has no legal hold to lift")]
    NotHeld,
}

/// A legal hold is placed (or lifted) with a reason, so the history says why a case outlived
/// its deletion date.
pub fn decide_hold(
    current: &Retention,
    place: bool,
    reason: &str,
    today: NaiveDate,
) -> Result<RetentionEvent, HoldError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(HoldError::NoReason);
    }
    match (place, current.hold.is_some()) {
        (true, true) => Err(HoldError::AlreadyHeld),
        (false, false) => Err(HoldError::NotHeld),
        (true, false) => Ok(RetentionEvent::HoldPlaced {
            date: today,
            reason: reason.to_string(),
        }),
        (false, true) => Ok(RetentionEvent::HoldLifted {
            date: today,
            reason: reason.to_string(),
        }),
    }
}

/// Why a case is kept, or that it may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Purge,
    Open,
    Held,
    /// Post-closure reviews scheduled but not held.
    ReviewsPending,
    NotYet(NaiveDate),
}

/// What the purge rule needs to know about a closed case; built from the case summary, so
/// deciding for 100,000 cases decodes no full case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionFacts {
    pub stage: Stage,
    pub closed: Option<NaiveDate>,
    pub deletion_date: Option<NaiveDate>,
    pub held: bool,
    pub reviews_pending: bool,
}

impl RetentionFacts {
    /// The recorded deletion date, or for cases closed before dates were recorded, the
    /// closure date plus the configured period.
    pub fn deletion_date(&self, months_after_closure: u32) -> Option<NaiveDate> {
        self.deletion_date
            .or_else(|| self.closed.map(|c| deletion_date(c, months_after_closure)))
    }

    pub fn verdict(&self, today: NaiveDate, months_after_closure: u32) -> Verdict {
        if self.stage.is_open() {
            return Verdict::Open;
        }
        if self.held {
            return Verdict::Held;
        }
        if self.reviews_pending {
            return Verdict::ReviewsPending;
        }
        match self.deletion_date(months_after_closure) {
            Some(d) if d > today => Verdict::NotYet(d),
            Some(_) => Verdict::Purge,
            // Closed without a closure record: nothing says when, so it is kept.
            None => Verdict::Open,
        }
    }
}

/// All that is kept of a deleted case: dates and categories for statistics, nothing that
/// names, describes or locates the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    pub no: CaseNo,
    #[serde(with = "crate::domain::compact::date")]
    pub received: NaiveDate,
    #[serde(with = "crate::domain::compact::opt_date")]
    pub screened: Option<NaiveDate>,
    #[serde(with = "crate::domain::compact::opt_date")]
    pub reviewed: Option<NaiveDate>,
    #[serde(with = "crate::domain::compact::opt_date")]
    pub closed: Option<NaiveDate>,
    pub source: Option<SourceCategory>,
    pub concerns: Vec<ConcernType>,
    /// The age band when the concern came in (the person's age is not kept).
    pub age_band: Option<AgeBand>,
    pub outcome: Option<ClosureReason>,
    #[serde(with = "crate::domain::compact::date")]
    pub purged: NaiveDate,
}

impl Tombstone {
    pub fn of(s: &CaseState, purged: NaiveDate) -> Tombstone {
        let i = &s.intake;
        let received = i.received_at.date();
        Tombstone {
            no: s.no,
            received,
            screened: s.flow.screening.as_ref().map(|x| x.date),
            reviewed: s.flow.reviews.first().map(|r| r.date),
            closed: s.flow.closure.as_ref().map(|c| c.date),
            source: i.source,
            concerns: i.concerns.clone(),
            age_band: person_age(i.person.birth_date, i.person.approx_age, received, received)
                .map(AgeBand::from_age),
            outcome: s.flow.closure.as_ref().map(|c| c.reason),
            purged,
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

    fn closed(on: NaiveDate) -> RetentionFacts {
        RetentionFacts {
            stage: Stage::Closed,
            closed: Some(on),
            deletion_date: Some(deletion_date(on, 24)),
            held: false,
            reviews_pending: false,
        }
    }

    #[test]
    fn the_deletion_date_is_the_closure_plus_the_months() {
        assert_eq!(deletion_date(d(2024, 2, 29), 24), d(2026, 2, 28));
        assert_eq!(deletion_date(d(2024, 1, 31), 1), d(2024, 2, 29));
    }

    #[test]
    fn a_closed_case_goes_on_its_deletion_date_and_not_before() {
        let f = closed(d(2024, 3, 1));
        assert_eq!(
            f.verdict(d(2026, 2, 28), 24),
            Verdict::NotYet(d(2026, 3, 1))
        );
        assert_eq!(f.verdict(d(2026, 3, 1), 24), Verdict::Purge);
    }

    #[test]
    fn a_hold_or_a_pending_review_keeps_the_case() {
        let today = d(2030, 1, 1);
        let held = RetentionFacts {
            held: true,
            ..closed(d(2024, 3, 1))
        };
        assert_eq!(held.verdict(today, 24), Verdict::Held);
        let pending = RetentionFacts {
            reviews_pending: true,
            ..closed(d(2024, 3, 1))
        };
        assert_eq!(pending.verdict(today, 24), Verdict::ReviewsPending);
        let open = RetentionFacts {
            stage: Stage::Measures,
            ..closed(d(2024, 3, 1))
        };
        assert_eq!(open.verdict(today, 24), Verdict::Open);
    }

    #[test]
    fn a_case_closed_before_dates_were_recorded_uses_the_configured_period() {
        let f = RetentionFacts {
            deletion_date: None,
            ..closed(d(2024, 3, 1))
        };
        assert_eq!(f.deletion_date(6), Some(d(2024, 9, 1)));
    }

    #[test]
    fn a_hold_needs_a_reason_and_is_lifted_only_when_placed() {
        let none = Retention::default();
        let today = d(2026, 1, 1);
        assert_eq!(
            decide_hold(&none, true, "  ", today),
            Err(HoldError::NoReason)
        );
        assert_eq!(
            decide_hold(&none, false, "done", today),
            Err(HoldError::NotHeld)
        );
        let e = decide_hold(&none, true, "klagesag", today).unwrap();
        let mut r = none.clone();
        r.apply(&e);
        assert_eq!(r.hold.as_ref().map(|h| h.reason.as_str()), Some("klagesag"));
        assert_eq!(
            decide_hold(&r, true, "igen", today),
            Err(HoldError::AlreadyHeld)
        );
        r.apply(&decide_hold(&r, false, "afgjort", today).unwrap());
        assert_eq!(r.hold, None);
    }
}
