//! Legal deadlines the flow carries (DESIGN §3, §7).
//!
//! **Underretning** (Barnets lov §133) about a person under 18: the receiving child-welfare unit
//! must assess within 24 hours whether the child's health or development is in danger (urgent
//! measures), and confirm receipt to a professional reporter within 6 working days (§137
//! stk. 1; Danish public holidays excluded, see `holidays`). The professional reporter is also
//! told whether an assessment, a child-welfare investigation or support was started (§137
//! stk. 2). That duty has no fixed deadline in the act (the information is given when it is
//! relevant to the reporter's further work with the child); the team chases it after
//! `feedback_days` (default 30: by then the unit has decided whether to investigate), set in
//! `infohus.toml` under `[legal]`.
//!
//! **Underretning not sent**: a case about a minor filed without an underretning is chased at
//! once ("underretning ikke sendt") until one is recorded, or the reason for not notifying.
//!
//! **Turning 18**: an open case about someone who was a minor when the concern came in is
//! flagged for hand-over to adult services / the jobcentre from `adult_warning_days` before the
//! 18th birthday until a hand-over, or the decision to keep the case, is recorded.
//!
//! Items are tracked while the case is open. Each confirmation names the underretning it
//! answers (its time), so a new underretning recorded later starts its own deadlines.

use chrono::{Days, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::age::turns_18_on;
use super::case::{CaseState, EventPayload};
use super::holidays::Calendar;
use super::intake::{Intake, Underretning};

/// The receiving unit's urgency assessment (Barnets lov §136-137 guidance: within 24 hours).
pub const URGENCY_HOURS: i64 = 24;
/// Receipt is confirmed within this many working days (Barnets lov §137 stk. 1).
pub const RECEIPT_WORKING_DAYS: u32 = 6;
/// Default days until the §137 stk. 2 feedback is chased.
pub const FEEDBACK_DAYS: u32 = 30;
/// Default days before the 18th birthday that a hand-over is flagged.
pub const ADULT_WARNING_DAYS: u32 = 90;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LegalRules {
    pub calendar: Calendar,
    pub feedback_days: u32,
    pub adult_warning_days: u32,
}

impl Default for LegalRules {
    fn default() -> Self {
        LegalRules {
            calendar: Calendar::default(),
            feedback_days: FEEDBACK_DAYS,
            adult_warning_days: ADULT_WARNING_DAYS,
        }
    }
}

choice_enum!(
    /// A legal due item. `NotSent` (issue 13) is last: stored codes and indexes keep their
    /// meaning.
    LegalKind { Urgency, Receipt, Feedback, AdultHandOver, NotSent }
);

impl LegalKind {
    /// The byte that names the kind in the index key. Never renumber.
    pub fn code(self) -> u8 {
        match self {
            LegalKind::Urgency => 1,
            LegalKind::Receipt => 2,
            LegalKind::Feedback => 3,
            LegalKind::AdultHandOver => 4,
            LegalKind::NotSent => 5,
        }
    }

    pub fn from_code(b: u8) -> Option<LegalKind> {
        LegalKind::ALL.iter().copied().find(|k| k.code() == b)
    }

    /// Items whose deadline is a day, not a moment.
    pub fn is_dated(self) -> bool {
        !matches!(self, LegalKind::Urgency | LegalKind::NotSent)
    }
}

choice_enum!(
    /// What the child-welfare unit said about support (§137 stk. 2).
    SupportStarted { Yes, No, Unknown }
);

choice_enum!(
    /// What was decided when the person turned (or is about to turn) 18.
    HandOverDecision { HandedOver, Kept }
);

/// The unit's urgency assessment or receipt confirmation, as the team learnt of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    /// The underretning this answers (its `at`).
    #[serde(with = "crate::domain::compact::datetime")]
    pub underretning_at: NaiveDateTime,
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub note: String,
}

/// The §137 stk. 2 feedback: was support started?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    #[serde(with = "crate::domain::compact::datetime")]
    pub underretning_at: NaiveDateTime,
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub support: SupportStarted,
    pub note: String,
}

/// Hand-over to adult services / the jobcentre, or the decision to keep the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandOver {
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub decision: HandOverDecision,
    /// To whom it was handed over, or why the team keeps it.
    pub detail: String,
}

/// Why no underretning was sent about a minor (it ends the chase).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotNotified {
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub reason: String,
}

/// What the legal events have recorded on a case (the latest of each).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LegalState {
    pub urgency: Option<Confirmation>,
    pub receipt: Option<Confirmation>,
    pub feedback: Option<Feedback>,
    pub handover: Option<HandOver>,
    /// The reason recorded for not notifying (issue 13; older states have none).
    #[serde(default)]
    pub not_notified: Option<NotNotified>,
}

impl LegalState {
    /// Applies a legal event; other events leave it unchanged.
    pub fn apply(&mut self, p: &EventPayload) {
        match p {
            EventPayload::UrgencyConfirmed(c) => self.urgency = Some(c.clone()),
            EventPayload::ReceiptConfirmed(c) => self.receipt = Some(c.clone()),
            EventPayload::FeedbackReceived(f) => self.feedback = Some(f.clone()),
            EventPayload::AdultHandOver(h) => self.handover = Some(h.clone()),
            EventPayload::UnderretningWaived(n) => self.not_notified = Some(n.clone()),
            _ => {}
        }
    }
}

/// The day the person turns 18: from the birth date (or CPR), or, with only an approximate
/// age, the day the age the case shows reaches 18. `None` when nothing is known.
pub fn turns_18(intake: &Intake) -> Option<NaiveDate> {
    let p = &intake.person;
    match (p.birth_date, p.approx_age) {
        (Some(b), _) => Some(turns_18_on(b)),
        (None, Some(a)) => {
            let years = 18u32.checked_sub(u32::from(a))?;
            intake
                .received_at
                .date()
                .checked_add_months(Months::new(years * 12))
        }
        (None, None) => None,
    }
}

/// Was the person under 18 when the concern came in (so adult services may have to take over)?
pub fn minor_at_intake(intake: &Intake) -> Option<NaiveDate> {
    turns_18(intake).filter(|t| *t > intake.received_at.date())
}

/// An item that is still to be done, with the moment its deadline counts from: the
/// underretning's time, or the 18th birthday. Depends on the case only, so it can be indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pending {
    pub anchor: NaiveDateTime,
    pub kind: LegalKind,
}

pub fn pending(state: &CaseState) -> Vec<Pending> {
    let mut out = Vec::new();
    if !state.stage.is_open() {
        return out;
    }
    let l = &state.legal;
    if let Some(u) = &state.intake.underretning {
        let answers = |at: Option<NaiveDateTime>| at == Some(u.at);
        for (kind, done) in [
            (
                LegalKind::Urgency,
                answers(l.urgency.as_ref().map(|c| c.underretning_at)),
            ),
            (
                LegalKind::Receipt,
                answers(l.receipt.as_ref().map(|c| c.underretning_at)),
            ),
            (
                LegalKind::Feedback,
                answers(l.feedback.as_ref().map(|f| f.underretning_at)),
            ),
        ] {
            if !done {
                out.push(Pending { anchor: u.at, kind });
            }
        }
    }
    // A minor filed without an underretning: chased from the moment the concern came in.
    if state.intake.underretning.is_none()
        && l.not_notified.is_none()
        && minor_at_intake(&state.intake).is_some()
    {
        out.push(Pending {
            anchor: state.intake.received_at,
            kind: LegalKind::NotSent,
        });
    }
    if l.handover.is_none()
        && let Some(t) = minor_at_intake(&state.intake)
    {
        out.push(Pending {
            anchor: t.and_time(NaiveTime::MIN),
            kind: LegalKind::AdultHandOver,
        });
    }
    out
}

/// A legal item due (or shown ahead of its due date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LegalDue {
    pub kind: LegalKind,
    /// The underretning's time, or the 18th birthday.
    #[serde(with = "crate::domain::compact::datetime")]
    pub anchor: NaiveDateTime,
    /// The deadline: a moment for the urgency assessment, the end of a day for the others
    /// (the 18th birthday itself for the hand-over).
    #[serde(with = "crate::domain::compact::datetime")]
    pub due: NaiveDateTime,
    pub overdue: bool,
}

fn end_of(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN))
}

/// The deadline of a pending item under the rules.
pub fn deadline(kind: LegalKind, anchor: NaiveDateTime, rules: &LegalRules) -> NaiveDateTime {
    match kind {
        LegalKind::Urgency => anchor
            .checked_add_signed(TimeDelta::hours(URGENCY_HOURS))
            .unwrap_or(anchor),
        LegalKind::Receipt => end_of(
            rules
                .calendar
                .add_working_days(anchor.date(), RECEIPT_WORKING_DAYS),
        ),
        LegalKind::Feedback => end_of(
            anchor
                .date()
                .checked_add_days(Days::new(u64::from(rules.feedback_days)))
                .unwrap_or(anchor.date()),
        ),
        LegalKind::AdultHandOver | LegalKind::NotSent => anchor,
    }
}

/// The item as of `now`, or `None` while it is not yet to be shown (a hand-over more than
/// `adult_warning_days` ahead).
pub fn due_item(
    kind: LegalKind,
    anchor: NaiveDateTime,
    rules: &LegalRules,
    now: NaiveDateTime,
) -> Option<LegalDue> {
    let due = deadline(kind, anchor, rules);
    if kind == LegalKind::AdultHandOver {
        let shown_from = anchor
            .date()
            .checked_sub_days(Days::new(u64::from(rules.adult_warning_days)))
            .unwrap_or(NaiveDate::MIN);
        if now.date() < shown_from {
            return None;
        }
    }
    let overdue = match kind {
        LegalKind::AdultHandOver | LegalKind::NotSent => now >= due,
        _ => now > due,
    };
    Some(LegalDue {
        kind,
        anchor,
        due,
        overdue,
    })
}

/// A case's legal items as of `now`, earliest deadline first.
pub fn due_items(state: &CaseState, now: NaiveDateTime, rules: &LegalRules) -> Vec<LegalDue> {
    let mut out: Vec<LegalDue> = pending(state)
        .into_iter()
        .filter_map(|p| due_item(p.kind, p.anchor, rules, now))
        .collect();
    out.sort_by_key(|d| (d.due, d.kind));
    out
}

/// Recording a legal item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LegalCommand {
    ConfirmUrgency {
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
        note: String,
    },
    ConfirmReceipt {
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
        note: String,
    },
    RecordFeedback {
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
        support: SupportStarted,
        note: String,
    },
    RecordHandOver {
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
        decision: HandOverDecision,
        detail: String,
    },
    /// The underretning about a minor was sent after the case was filed.
    RecordUnderretning {
        #[serde(with = "crate::domain::compact::datetime")]
        at: NaiveDateTime,
        to: String,
    },
    /// Why the team does not notify (another authority did, it was already known…).
    NotNotifying {
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize, serde::Deserialize)]
pub enum LegalError {
    #[error("no underretning is recorded on the case")]
    NoUnderretning,
    #[error("the date lies before the underretning was sent")]
    BeforeUnderretning,
    #[error("the date lies in the future")]
    InFuture,
    #[error("the person was not known to be under 18 when the concern came in")]
    NotAMinor,
    #[error("say to whom the case was handed over, or why it is kept")]
    DetailRequired,
    #[error("say to whom the underretning was sent")]
    RecipientRequired,
    #[error("say why no underretning is sent")]
    ReasonRequired,
    #[error("the case already has an underretning")]
    AlreadyNotified,
}

/// Turns a legal command into its event, or says why it cannot be recorded.
pub fn decide(
    state: &CaseState,
    cmd: LegalCommand,
    today: NaiveDate,
) -> Result<Vec<EventPayload>, LegalError> {
    let underretning = || {
        state
            .intake
            .underretning
            .as_ref()
            .map(|u| u.at)
            .ok_or(LegalError::NoUnderretning)
    };
    let check_date = |date: NaiveDate, from: Option<NaiveDateTime>| {
        if date > today {
            Err(LegalError::InFuture)
        } else if from.is_some_and(|f| date < f.date()) {
            Err(LegalError::BeforeUnderretning)
        } else {
            Ok(())
        }
    };
    let note = |s: String| s.trim().to_string();
    let event = match cmd {
        LegalCommand::ConfirmUrgency { date, note: n } => {
            let at = underretning()?;
            check_date(date, Some(at))?;
            EventPayload::UrgencyConfirmed(Confirmation {
                underretning_at: at,
                date,
                note: note(n),
            })
        }
        LegalCommand::ConfirmReceipt { date, note: n } => {
            let at = underretning()?;
            check_date(date, Some(at))?;
            EventPayload::ReceiptConfirmed(Confirmation {
                underretning_at: at,
                date,
                note: note(n),
            })
        }
        LegalCommand::RecordFeedback {
            date,
            support,
            note: n,
        } => {
            let at = underretning()?;
            check_date(date, Some(at))?;
            EventPayload::FeedbackReceived(Feedback {
                underretning_at: at,
                date,
                support,
                note: note(n),
            })
        }
        LegalCommand::RecordHandOver {
            date,
            decision,
            detail,
        } => {
            if minor_at_intake(&state.intake).is_none() {
                return Err(LegalError::NotAMinor);
            }
            check_date(date, None)?;
            let detail = note(detail);
            if detail.is_empty() {
                return Err(LegalError::DetailRequired);
            }
            EventPayload::AdultHandOver(HandOver {
                date,
                decision,
                detail,
            })
        }
        LegalCommand::RecordUnderretning { at, to } => {
            if state.intake.underretning.is_some() {
                return Err(LegalError::AlreadyNotified);
            }
            check_date(at.date(), None)?;
            let to = note(to);
            if to.is_empty() {
                return Err(LegalError::RecipientRequired);
            }
            EventPayload::UnderretningSent(Underretning { at, to })
        }
        LegalCommand::NotNotifying { date, reason } => {
            if state.intake.underretning.is_some() {
                return Err(LegalError::AlreadyNotified);
            }
            check_date(date, None)?;
            let reason = note(reason);
            if reason.is_empty() {
                return Err(LegalError::ReasonRequired);
            }
            EventPayload::UnderretningWaived(NotNotified { date, reason })
        }
    };
    Ok(vec![event])
}

#[cfg(test)]
mod tests;
