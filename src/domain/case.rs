//! A case is the ordered list of its events; `CaseState` is what those events add up to.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::flow::{
    ActionPlan, Assessment, Closure, Conversation, Disclosure, Flow, FollowUp, FollowUpPlan,
    InfoRequest, ItemRef, JointReview, Measure, MeasureStatus, NextStepChoice, NextStepDecision,
    PoliceFeedback, RequestStatus, Round, RoundAnalysis, RoundEvaluation, Screening,
    ScreeningOutcome,
};
use super::intake::{FieldId, Intake, Underretning};
use super::legal::{Confirmation, Feedback, HandOver, LegalState, NotNotified};
use super::meeting::MeetingDecision;
use super::retention::{Retention, RetentionEvent};
use super::stage::Stage;

/// Case number as the team says it: sequential from 1.
pub type CaseNo = u64;

/// Default time to the first follow-up while a concern is being assessed (DESIGN §3).
pub const ASSESSMENT_FOLLOW_UP_DAYS: u64 = 14;

/// One immutable entry in a case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Position in the case's history, from 0.
    pub seq: u32,
    #[serde(with = "crate::domain::compact::datetime")]
    pub at: NaiveDateTime,
    /// The operating-system user who did it.
    pub author: String,
    pub payload: EventPayload,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventPayload {
    /// The intake was filed as a case.
    Filed {
        intake: Intake,
        #[serde(with = "crate::domain::compact::date")]
        next_date: NaiveDate,
    },
    /// The intake was corrected or completed; the full new version is kept so every earlier
    /// version can be read back from the history.
    IntakeEdited {
        intake: Intake,
        changed: Vec<FieldId>,
    },
    NoteAdded {
        text: String,
    },
    NextDateSet {
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
        reason: String,
    },
    /// Marked as concerning the same person as another case (recorded on both cases).
    Linked {
        other: CaseNo,
    },
    StageChanged {
        from: Stage,
        to: Stage,
        reason: Option<String>,
    },
    // Format version 2: the assessment flow. New variants only ever go at the end, so that
    // version-1 events decode unchanged.
    ScreeningRecorded(Screening),
    JointReviewRecorded(JointReview),
    RequestSent(InfoRequest),
    RequestUpdated {
        id: u32,
        status: RequestStatus,
        answer: String,
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
    },
    /// A new conversation, or a new version of one (same id).
    ConversationRecorded(Conversation),
    AssessmentRecorded(Assessment),
    /// A new measure, or a new version of one (same id).
    MeasureRecorded(Measure),
    DisclosureRecorded(Disclosure),
    Closed(Closure),
    PostReviewHeld {
        months: u32,
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
        summary: String,
    },
    // Format version 3: the follow-up schedule.
    FollowUpPlanned(FollowUpPlan),
    /// A follow-up was held; its `next` is the case's new next date.
    FollowUpRecorded(FollowUp),
    /// The police reported back on a police matter; nothing is awaited from them any more.
    PoliceFeedbackReceived(PoliceFeedback),
    /// Format version 3: deletion date, legal hold (retention, DESIGN §7).
    Retention(RetentionEvent),
    /// Format version 3: legal deadlines (domain::legal).
    UrgencyConfirmed(Confirmation),
    ReceiptConfirmed(Confirmation),
    FeedbackReceived(Feedback),
    AdultHandOver(HandOver),
    /// What a meeting decided on the case, after the events the decision made in the same
    /// save (issue 16): the meeting, the item, who acts and the stage the case went to.
    MeetingDecided(MeetingDecision),
    /// A meeting's decision on the case, corrected at the meeting: the follow-up or the
    /// post-closure review it recorded now reads as corrected (the first record stays in
    /// the history).
    MeetingDecisionCorrected(MeetingDecision),
    /// A follow-up call about the case's person (issue 13): another concern taken down on the
    /// phone and added to this case instead of filed as a new one — when it came in, how, from
    /// whom, and what was said. The case's own intake is not changed.
    ContactAdded(Intake),
    /// The underretning about a minor, recorded after filing: the case's intake now has it,
    /// and its deadlines run from it.
    UnderretningSent(Underretning),
    /// Why no underretning is sent about the minor; it is no longer chased.
    UnderretningWaived(NotNotified),
    // The forløbshjul (`domain::flow::round`): each step of round `round`.
    /// The analysis that opens the round.
    RoundAnalysed {
        round: u32,
        analysis: RoundAnalysis,
    },
    /// The action plan; the measures run.
    RoundPlanned {
        round: u32,
        plan: ActionPlan,
    },
    /// The evaluation that closes the round.
    RoundEvaluated {
        round: u32,
        evaluation: RoundEvaluation,
    },
    /// The next step agreed with leadership: opens the next round, or sends the case to its
    /// closure.
    RoundDecided {
        round: u32,
        decision: NextStepDecision,
    },
    /// The intake was corrected or completed: the parts that changed, old → new (see
    /// `domain::edit`). Replaces `IntakeEdited`, which is still read in older histories.
    IntakeFieldsEdited {
        changes: Vec<super::edit::FieldChange>,
    },
}

/// The materialised state of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseState {
    pub no: CaseNo,
    pub intake: Intake,
    pub stage: Stage,
    #[serde(with = "crate::domain::compact::date")]
    pub next_date: NaiveDate,
    #[serde(with = "crate::domain::compact::datetime")]
    pub created_at: NaiveDateTime,
    #[serde(with = "crate::domain::compact::datetime")]
    pub updated_at: NaiveDateTime,
    pub links: Vec<CaseNo>,
    pub event_count: u32,
    pub flow: Flow,
    /// Format version 3.
    pub retention: Retention,
    /// What the legal events recorded.
    pub legal: LegalState,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReplayError {
    #[error("case {0} has no events")]
    NoEvents(CaseNo),
    #[error("case {0} does not start with its filing")]
    NotFiledFirst(CaseNo),
    #[error("case {0} is filed twice")]
    FiledTwice(CaseNo),
    #[error("case {no}: event {found} is out of order (expected {expected})")]
    OutOfOrder {
        no: CaseNo,
        expected: u32,
        found: u32,
    },
}

impl CaseState {
    /// Rebuilds the state from the full history, checking that it is well formed.
    pub fn replay(no: CaseNo, events: &[Event]) -> Result<CaseState, ReplayError> {
        let first = events.first().ok_or(ReplayError::NoEvents(no))?;
        let mut state = match &first.payload {
            EventPayload::Filed { intake, next_date } => CaseState {
                no,
                intake: intake.clone(),
                stage: Stage::Intake,
                next_date: *next_date,
                created_at: first.at,
                updated_at: first.at,
                links: Vec::new(),
                event_count: 0,
                flow: Flow::default(),
                retention: Retention::default(),
                legal: LegalState::default(),
            },
            _ => return Err(ReplayError::NotFiledFirst(no)),
        };
        for (i, e) in events.iter().enumerate() {
            let expected = u32::try_from(i).unwrap_or(u32::MAX);
            if e.seq != expected {
                return Err(ReplayError::OutOfOrder {
                    no,
                    expected,
                    found: e.seq,
                });
            }
            if i > 0 && matches!(e.payload, EventPayload::Filed { .. }) {
                return Err(ReplayError::FiledTwice(no));
            }
            state.apply(e);
        }
        Ok(state)
    }

    /// Applies one event. Events are facts: applying never fails.
    pub fn apply(&mut self, e: &Event) {
        match &e.payload {
            EventPayload::Filed { .. }
            | EventPayload::NoteAdded { .. }
            | EventPayload::ContactAdded(_) => {}
            EventPayload::IntakeEdited { intake, .. } => self.intake = intake.clone(),
            EventPayload::IntakeFieldsEdited { changes } => {
                super::edit::apply(&mut self.intake, changes);
            }
            EventPayload::NextDateSet { date, .. } => self.next_date = *date,
            EventPayload::Linked { other } => {
                if !self.links.contains(other) && *other != self.no {
                    self.links.push(*other);
                }
            }
            EventPayload::StageChanged { from, to, .. } => {
                self.stage = *to;
                if *from == Stage::Closed {
                    // Reopened: reviews not yet held are not needed while the case is open,
                    // and the deletion date is set again when it is closed again.
                    self.retention.deletion_date = None;
                    self.flow.closure = None;
                    self.flow.post_reviews.retain(|r| r.held.is_some());
                    // A round that sent the case to its closure is over: the wheel goes on
                    // with a new one.
                    if let Some(last) = self.flow.rounds.last().filter(|r| r.closes_case()) {
                        let next = Round::new(last.no + 1, e.at.date());
                        self.flow.rounds.push(next);
                    }
                }
            }
            EventPayload::ScreeningRecorded(s) => {
                if let ScreeningOutcome::PoliceMatter { feedback_due, .. } = &s.outcome {
                    self.flow.police_feedback_due = Some(*feedback_due);
                }
                self.flow.screening = Some(s.clone());
            }
            EventPayload::JointReviewRecorded(r) => {
                if let Some(d) = r.police_feedback_due {
                    self.flow.police_feedback_due = Some(d);
                }
                self.flow.reviews.push(r.clone());
            }
            EventPayload::RequestSent(r) => self.flow.requests.push(r.clone()),
            EventPayload::RequestUpdated {
                id,
                status,
                answer,
                date,
            } => {
                if let Some(r) = self.flow.requests.iter_mut().find(|r| r.id == *id) {
                    r.status = *status;
                    r.answer = answer.clone();
                    r.answered = (!status.is_open()).then_some(*date);
                }
            }
            EventPayload::ConversationRecorded(c) => {
                upsert(&mut self.flow.conversations, c.clone(), |x| x.id == c.id)
            }
            EventPayload::AssessmentRecorded(a) => self.flow.assessments.push(a.clone()),
            EventPayload::MeasureRecorded(m) => {
                upsert(&mut self.flow.measures, m.clone(), |x| x.id == m.id)
            }
            EventPayload::DisclosureRecorded(d) => self.flow.disclosures.push(d.clone()),
            EventPayload::Closed(c) => self.close(c),
            EventPayload::FollowUpPlanned(p) => self.flow.plan = Some(p.clone()),
            EventPayload::FollowUpRecorded(f) => {
                self.next_date = f.next;
                self.flow.follow_ups.push(f.clone());
            }
            EventPayload::PoliceFeedbackReceived(f) => {
                self.flow.police_feedback_due = None;
                self.flow.police_feedback.push(f.clone());
            }
            EventPayload::PostReviewHeld {
                months,
                date,
                summary,
            } => {
                let reviews = &mut self.flow.post_reviews;
                if let Some(r) = reviews.iter_mut().find(|r| r.months == *months) {
                    r.held = Some((*date, summary.clone()));
                }
                if let Some(next) = reviews
                    .iter()
                    .filter(|r| r.held.is_none())
                    .map(|r| r.due)
                    .min()
                {
                    self.next_date = next;
                }
            }
            EventPayload::Retention(r) => self.retention.apply(r),
            EventPayload::UrgencyConfirmed(_)
            | EventPayload::ReceiptConfirmed(_)
            | EventPayload::FeedbackReceived(_)
            | EventPayload::AdultHandOver(_)
            | EventPayload::UnderretningWaived(_) => self.legal.apply(&e.payload),
            EventPayload::UnderretningSent(u) => self.intake.underretning = Some(u.clone()),
            EventPayload::MeetingDecided(_) => {}
            EventPayload::MeetingDecisionCorrected(d) => self.correct(d),
            EventPayload::RoundAnalysed { round, analysis } => {
                self.flow.apply_round(*round, analysis.date, |r| {
                    r.analysis = Some(analysis.clone())
                })
            }
            EventPayload::RoundPlanned { round, plan } => {
                self.flow
                    .apply_round(*round, plan.date, |r| r.plan = Some(plan.clone()))
            }
            EventPayload::RoundEvaluated { round, evaluation } => {
                self.flow.apply_round(*round, evaluation.date, |r| {
                    r.evaluation = Some(evaluation.clone())
                })
            }
            EventPayload::RoundDecided { round, decision } => {
                self.flow.apply_round(*round, decision.date, |r| {
                    r.decision = Some(decision.clone())
                });
                // The decision opens the next round, unless it sends the case to its closure.
                if decision.choice != NextStepChoice::Close {
                    self.flow.apply_round(round + 1, decision.date, |_| {});
                }
            }
        }
        self.updated_at = self.updated_at.max(e.at);
        self.event_count = e.seq + 1;
    }

    /// A meeting's corrected decision replaces what its first decision recorded.
    fn correct(&mut self, d: &MeetingDecision) {
        let follow_ups = &mut self.flow.follow_ups;
        let last = follow_ups.len().checked_sub(1);
        if let Some(i) = follow_ups
            .iter()
            .rposition(|f| f.meeting == Some(d.meeting))
        {
            let f = &mut follow_ups[i];
            f.summary = d.decision.clone();
            f.who_acts = d.who_acts.clone();
            if let Some(decision) = d.follow {
                f.decision = decision;
            }
            if let Some(next) = d.next {
                f.next = next;
                // The latest follow-up sets the case's next date.
                if Some(i) == last && self.stage.is_open() {
                    self.next_date = next;
                }
            }
        }
        if let Some(months) = d.post_review
            && let Some(r) = self
                .flow
                .post_reviews
                .iter_mut()
                .find(|r| r.months == months)
            && let Some((date, _)) = r.held.clone()
        {
            r.held = Some((date, d.decision.clone()));
        }
    }

    fn close(&mut self, c: &Closure) {
        for w in &c.waivers {
            match w.item {
                ItemRef::Request(id) => {
                    if let Some(r) = self.flow.requests.iter_mut().find(|r| r.id == id) {
                        r.status = RequestStatus::Waived;
                        r.answer = w.reason.clone();
                        r.answered = Some(c.date);
                    }
                }
                ItemRef::Measure(id) => {
                    if let Some(m) = self.flow.measures.iter_mut().find(|m| m.id == id) {
                        m.status = MeasureStatus::Waived;
                        m.evaluation = w.reason.clone();
                    }
                }
                ItemRef::Conversation(_) => {}
            }
        }
        self.stage = Stage::Closed;
        self.flow.post_reviews = c.reviews();
        // A closed case's next date is its first review; without reviews, the closing day.
        self.next_date = self.flow.post_reviews.first().map_or(c.date, |r| r.due);
        self.flow.closure = Some(c.clone());
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.stage.is_open() && self.next_date < today
    }
}

fn upsert<T>(items: &mut Vec<T>, item: T, same: impl Fn(&T) -> bool) {
    match items.iter_mut().find(|x| same(x)) {
        Some(x) => *x = item,
        None => items.push(item),
    }
}

/// The first follow-up date of a newly filed concern.
pub fn first_next_date(received: NaiveDateTime) -> NaiveDate {
    received.date() + chrono::Days::new(ASSESSMENT_FOLLOW_UP_DAYS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::intake::IntakeForm;

    fn at(h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn intake(desc: &str) -> Intake {
        let mut f = IntakeForm::new(at(9));
        f.description = desc.into();
        f.reporter_anonymous = true;
        f.validate(at(9), "mette").unwrap()
    }

    fn ev(seq: u32, payload: EventPayload) -> Event {
        Event {
            seq,
            at: at(9 + seq),
            author: "mette".into(),
            payload,
        }
    }

    #[test]
    fn replaying_the_history_gives_the_current_state() {
        let events = vec![
            ev(
                0,
                EventPayload::Filed {
                    intake: intake("først"),
                    next_date: first_next_date(at(9)),
                },
            ),
            ev(
                1,
                EventPayload::IntakeEdited {
                    intake: intake("rettet"),
                    changed: vec![FieldId::Description],
                },
            ),
            ev(2, EventPayload::Linked { other: 7 }),
            ev(2 + 1, EventPayload::Linked { other: 7 }),
        ];
        let s = CaseState::replay(1, &events).unwrap();
        assert_eq!(s.intake.description, "rettet");
        assert_eq!(s.links, vec![7]);
        assert_eq!(s.event_count, 4);
        assert_eq!(s.updated_at, at(12));
        assert_eq!(s.next_date, NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
    }

    #[test]
    fn a_history_must_start_with_the_filing_and_be_in_order() {
        assert_eq!(CaseState::replay(1, &[]), Err(ReplayError::NoEvents(1)));
        let note = ev(0, EventPayload::NoteAdded { text: "x".into() });
        assert_eq!(
            CaseState::replay(1, &[note]),
            Err(ReplayError::NotFiledFirst(1))
        );
        let filed = ev(
            0,
            EventPayload::Filed {
                intake: intake("a"),
                next_date: first_next_date(at(9)),
            },
        );
        let gap = ev(2, EventPayload::NoteAdded { text: "x".into() });
        assert!(matches!(
            CaseState::replay(1, &[filed, gap]),
            Err(ReplayError::OutOfOrder { .. })
        ));
    }
}
