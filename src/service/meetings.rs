//! Meeting mode: create a meeting with its agenda in order of urgency, record each item's
//! decision on the case (ending with the meeting's decision record: meeting, item, who acts,
//! the stage the case went to), correct a decision, keep the topic bank, and keep the minutes
//! file current after every decision.

use chrono::{Days, NaiveDate};

use super::{Group, Service, ServiceError};
use crate::domain::access::Permission;
use crate::domain::due::DueKind;
use crate::domain::flow::decide::Required;
use crate::domain::flow::{
    Closure, Command, FlowError, FollowUpDecision, JointReview, Missing, NextStep, Participant,
    ReviewDecision, decide, missing_to_move_on,
};
use crate::domain::meeting::MinutesDoc;
use crate::domain::meeting::{
    AgendaItem, Candidate, ItemReason, Meeting, MeetingDecision, MeetingKind, MeetingNo, Outcome,
    Subject, in_agenda_order, propose,
};
use crate::domain::{CaseNo, CaseState, Event, EventPayload, Stage};
use crate::store::StoreError;

/// The account setting that remembers the agenda item a chair last worked on, per meeting.
fn position_setting(no: MeetingNo) -> String {
    format!("meeting:{no}")
}

/// A new meeting as the user filled it in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NewMeeting {
    pub kind: MeetingKind,
    pub date: NaiveDate,
    pub participants: Vec<Participant>,
    /// The standing general items, as they will stand on the agenda.
    pub general: Vec<String>,
    /// Topics taken from the topic bank onto this agenda (marked as such in the minutes).
    pub topics: Vec<String>,
}

/// What the meeting decided on one agenda item.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ItemDecision {
    /// The item as the chair's screen showed it: the decision is refused if the agenda has
    /// changed under it, so it never lands on another case.
    pub subject: Subject,
    pub decision: String,
    pub who_acts: String,
    /// An open case's follow-up decision. `Close` needs `closure`.
    pub follow: FollowUpDecision,
    pub next: Option<NaiveDate>,
    /// The §115 review's outcome, when the meeting holds the case's joint review: the chair's
    /// choice, required there.
    pub review: Option<ReviewDecision>,
    /// When the police are to report back, for a review that makes it a police matter.
    pub feedback_due: Option<NaiveDate>,
    /// "Close the case": the closure as its form recorded it.
    pub closure: Option<Closure>,
}

/// A decided item's corrected values; `None` keeps what was recorded (a redacted screen shows
/// initials, so a text left as shown is never written back).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ItemCorrection {
    pub decision: Option<String>,
    pub who_acts: Option<String>,
    pub follow: Option<FollowUpDecision>,
    pub next: Option<NaiveDate>,
}

/// A decision or correction saved.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct DecisionSaved {
    pub meeting: Meeting,
    /// The case the decision was recorded on.
    pub case: Option<CaseNo>,
}

/// Whether the chair's item is still the stored one at that place: the same kind, and for a
/// case item the same case (a general item's text may have reached the screen redacted).
fn same_item(stored: &Subject, shown: &Subject) -> bool {
    match (stored, shown) {
        (Subject::Case { no: a, .. }, Subject::Case { no: b, .. }) => a == b,
        (Subject::General(_), Subject::General(_))
        | (Subject::Topic(_), Subject::Topic(_))
        | (Subject::Banked(_), Subject::Banked(_)) => true,
        _ => false,
    }
}

/// Whether the meeting holds the case's §115 review: the case awaits it and the police sit at
/// the table (not at a steering group).
pub fn holds_review(state: &CaseState, kind: MeetingKind) -> bool {
    state.stage == Stage::JointReview
        && kind != MeetingKind::SteeringGroup
        && missing_to_move_on(state).contains(&Missing::JointReview)
}

/// The state after `events` (as the store will apply them).
fn after(state: &CaseState, events: &[EventPayload], svc: &Service) -> CaseState {
    let mut s = state.clone();
    for p in events {
        s.apply(&Event {
            seq: s.event_count,
            at: svc.now(),
            author: svc.session.user.clone(),
            payload: p.clone(),
        });
    }
    s
}

/// The meeting's last record of item `item` on a case: its decision, or its correction.
fn decision_record(events: &[Event], meeting: MeetingNo, item: usize) -> Option<&MeetingDecision> {
    events.iter().rev().find_map(|e| match &e.payload {
        EventPayload::MeetingDecided(d) | EventPayload::MeetingDecisionCorrected(d)
            if d.meeting == meeting && d.item as usize == item =>
        {
            Some(d)
        }
        _ => None,
    })
}

impl Service {
    /// The cases the work queue offers a meeting on `date`: legal deadlines, overdue
    /// follow-ups, requests and police feedback, cases awaiting their joint review, follow-ups
    /// due by the date; a closed case only for its post-closure review.
    fn agenda_candidates(&self, date: NaiveDate) -> Result<Vec<Candidate>, ServiceError> {
        let today = self.today();
        let until = date.max(today) + Days::new(1);
        let groups = super::queue::build(self, today, until, 0, usize::MAX)?.groups;
        let mut out = Vec::new();
        for g in &groups {
            for e in &g.entries {
                let post_review = matches!(e.item.kind, DueKind::PostReview(_));
                let reason = match g.group {
                    _ if post_review => ItemReason::PostReview,
                    Group::Legal => ItemReason::Legal,
                    Group::Overdue | Group::RequestsOverdue | Group::PoliceOverdue => {
                        ItemReason::Overdue
                    }
                    Group::ThisWeek => ItemReason::FollowUpDue,
                    Group::AwaitingReview => ItemReason::AwaitingReview,
                    Group::AwaitingScreening | Group::Later => continue,
                };
                // A closed case comes to a meeting for its post-closure review, nothing else.
                if !e.line.stage.is_open() && reason != ItemReason::PostReview {
                    continue;
                }
                out.push(Candidate {
                    no: e.line.no,
                    reason,
                    date: e.item.date,
                    overdue: e.item.date < today,
                });
            }
        }
        // The cases whose round on the forløbshjul is to be evaluated by the meeting: for a
        // case that is also overdue or due, this is the reason to give (a legal deadline or
        // the §115 review still is).
        let rounds: Vec<Candidate> = self
            .evaluations_due(date)?
            .into_iter()
            .map(|(by, no)| Candidate {
                no,
                reason: ItemReason::RoundEvaluation,
                date: by,
                overdue: by < today,
            })
            .collect();
        let evaluated: std::collections::HashSet<CaseNo> = rounds.iter().map(|c| c.no).collect();
        out.retain(|c| {
            !(evaluated.contains(&c.no)
                && matches!(c.reason, ItemReason::Overdue | ItemReason::FollowUpDue))
        });
        out.extend(rounds);
        Ok(out)
    }

    fn agenda_length(&self) -> Result<usize, ServiceError> {
        Ok(self.config()?.meeting.agenda_length)
    }

    /// Creates the meeting with its agenda: the cases in order of urgency, at most
    /// `[meeting] agenda_length` of them (the rest are counted and can be pulled in), then the
    /// general items and the topics taken from the bank.
    pub fn create_meeting(&self, m: NewMeeting) -> Result<Meeting, ServiceError> {
        self.require(Permission::Cases)?;
        if m.participants.is_empty() {
            return Err(ServiceError::NoParticipants);
        }
        let cases = self.agenda_candidates(m.date)?;
        let topics = self.stored_topics(&m.topics)?;
        let (items, _) = propose(cases, self.agenda_length()?, &m.general, &topics);
        let meeting = Meeting {
            no: 0,
            kind: m.kind,
            date: m.date,
            participants: m.participants,
            items,
            created_by: self.session.user.clone(),
            created_at: self.now(),
        };
        self.shown(self.core.store.create_meeting(meeting)?)
    }

    /// The topics as the bank holds them: a redacted console picked them as it was shown
    /// them (initials), and the agenda must carry what the bank says.
    fn stored_topics(&self, picked: &[String]) -> Result<Vec<String>, ServiceError> {
        let bank = self.core.store.topics()?;
        let mut out = Vec::with_capacity(picked.len());
        for p in picked {
            let stored = if bank.contains(p) {
                Some(p.clone())
            } else {
                let mut found = None;
                for t in &bank {
                    if self.redacted_always(t.clone())? == *p {
                        found = Some(t.clone());
                        break;
                    }
                }
                found
            };
            out.push(stored.unwrap_or_else(|| p.clone()));
        }
        Ok(out)
    }

    /// The cases the work queue would put on the meeting's agenda that are not on it.
    fn left_off(&self, m: &Meeting) -> Result<Vec<Candidate>, ServiceError> {
        let on: std::collections::HashSet<CaseNo> = m.case_nos().collect();
        let mut cases = in_agenda_order(self.agenda_candidates(m.date)?);
        cases.retain(|c| !on.contains(&c.no));
        Ok(cases)
    }

    /// How many cases due for the meeting are not on its agenda ("+N not on the agenda").
    pub fn agenda_left_off(&self, no: MeetingNo) -> Result<usize, ServiceError> {
        self.require(Permission::Cases)?;
        Ok(self.left_off(&self.stored_meeting(no)?)?.len())
    }

    /// Pulls the next cases that were left off onto the agenda (as many as the agenda length),
    /// after its case items, most urgent first.
    pub fn pull_in_agenda(&self, no: MeetingNo) -> Result<Meeting, ServiceError> {
        self.require(Permission::Cases)?;
        let mut m = self.stored_meeting(no)?;
        let next: Vec<AgendaItem> = self
            .left_off(&m)?
            .into_iter()
            .take(self.agenda_length()?)
            .map(|c| AgendaItem {
                subject: Subject::Case {
                    no: c.no,
                    reason: c.reason,
                },
                outcome: None,
            })
            .collect();
        if !next.is_empty() {
            let at = m.case_insert_at();
            m.items.splice(at..at, next);
            self.core.store.save_meeting(&m)?;
        }
        self.shown(m)
    }

    /// Open cases whose round on the forløbshjul is due for its evaluation by `date`, with
    /// that date, oldest first. Read from the summaries (no case is decoded).
    fn evaluations_due(&self, date: NaiveDate) -> Result<Vec<(NaiveDate, CaseNo)>, ServiceError> {
        let mut due = Vec::new();
        for s in self.core.store.summaries() {
            let s = s?;
            if let Some(by) = s.evaluation_due.filter(|by| *by <= date) {
                due.push((by, s.no));
            }
        }
        due.sort_unstable();
        Ok(due)
    }

    pub fn meeting(&self, no: MeetingNo) -> Result<Meeting, ServiceError> {
        self.require(Permission::Cases)?;
        self.shown(self.stored_meeting(no)?)
    }

    /// The meeting as stored, for the service's own changes to it.
    fn stored_meeting(&self, no: MeetingNo) -> Result<Meeting, ServiceError> {
        self.core
            .store
            .meeting(no)?
            .ok_or(ServiceError::NoSuchMeeting(no))
    }

    pub fn meetings(&self) -> Result<Vec<Meeting>, ServiceError> {
        self.require(Permission::Cases)?;
        self.shown(self.core.store.meetings()?)
    }

    /// The item of `meeting` at `index`, if it is still the one the chair's screen shows.
    fn item_at(meeting: &Meeting, index: usize, shown: &Subject) -> Result<Subject, ServiceError> {
        let stored = meeting
            .items
            .get(index)
            .map(|i| &i.subject)
            .ok_or(ServiceError::AgendaChanged(meeting.no))?;
        if !same_item(stored, shown) {
            return Err(ServiceError::AgendaChanged(meeting.no));
        }
        if !stored.on_agenda() {
            return Err(ServiceError::AgendaChanged(meeting.no));
        }
        Ok(stored.clone())
    }

    /// Records an undecided item's decision. On a case item it becomes events on the case —
    /// its follow-up, its §115 review (with the chair's choice of outcome), its post-closure
    /// review or its closure — ending with the meeting's decision record, in the same
    /// transaction as the meeting's record of it. The minutes file is rewritten after.
    pub fn decide_item(
        &self,
        no: MeetingNo,
        index: usize,
        d: ItemDecision,
    ) -> Result<DecisionSaved, ServiceError> {
        self.require(Permission::Cases)?;
        let mut meeting = self.stored_meeting(no)?;
        let subject = Self::item_at(&meeting, index, &d.subject)?;
        if meeting.items[index].outcome.is_some() {
            return Err(ServiceError::AlreadyDecided(no));
        }
        let decision = d.decision.trim().to_string();
        let who_acts = d.who_acts.trim().to_string();
        let case = match subject {
            Subject::General(_) | Subject::Topic(_) | Subject::Banked(_) => {
                if decision.is_empty() {
                    return Err(ServiceError::EmptyText);
                }
                meeting.items[index].outcome = Some(Outcome {
                    decision,
                    who_acts,
                    follow: None,
                    next: None,
                });
                self.core.store.save_meeting(&meeting)?;
                None
            }
            Subject::Case { no: case, .. } => {
                self.check_expected(case)?;
                let state = self
                    .core
                    .store
                    .case(case)?
                    .ok_or(ServiceError::NoSuchCase(case))?;
                let date = meeting.date.min(self.today());
                let follow_up = |decision: FollowUpDecision| Command::FollowUp {
                    date,
                    summary: d.decision.clone(),
                    decision,
                    who_acts: d.who_acts.clone(),
                    next: d.next,
                    meeting: Some(no),
                };
                let mut follow = None;
                let mut review = None;
                let mut post_review = None;
                let events = if state.stage == Stage::Closed {
                    let months = state
                        .flow
                        .post_reviews
                        .iter()
                        .find(|r| r.held.is_none())
                        .map(|r| r.months)
                        .ok_or(FlowError::NoSuchReview)?;
                    post_review = Some(months);
                    decide(
                        &state,
                        Command::HoldPostReview {
                            months,
                            date,
                            summary: d.decision.clone(),
                        },
                        self.today(),
                    )?
                } else if holds_review(&state, meeting.kind) {
                    // The police sit at the table: the decision is the §115 review itself,
                    // and its outcome is what the chair chose.
                    let rd = d
                        .review
                        .ok_or(FlowError::Required(Required::ReviewDecision))?;
                    if d.follow == FollowUpDecision::Close {
                        return Err(FlowError::UseClose.into());
                    }
                    let feedback = (rd == ReviewDecision::PoliceMatter)
                        .then(|| {
                            d.feedback_due
                                .ok_or(FlowError::Required(Required::FeedbackDate))
                        })
                        .transpose()?;
                    review = Some(rd);
                    let mut events = decide(
                        &state,
                        Command::Review(JointReview {
                            date,
                            participants: meeting.participants.clone(),
                            summary: d.decision.clone(),
                            items: Vec::new(),
                            steps: if who_acts.is_empty() {
                                Vec::new()
                            } else {
                                vec![NextStep {
                                    what: d.decision.clone(),
                                    who: d.who_acts.clone(),
                                }]
                            },
                            decision: rd,
                            police_feedback_due: feedback,
                        }),
                        self.today(),
                    )?;
                    if rd != ReviewDecision::Close {
                        // The review goes on as a follow-up decided at this meeting, so the
                        // next date follows from it.
                        let reviewed = after(&state, &events, self);
                        events.extend(decide(&reviewed, follow_up(d.follow), self.today())?);
                        follow = Some(d.follow);
                    }
                    events
                } else if d.follow == FollowUpDecision::Close {
                    // "Close the case" closes it: with the closure's reason and summary.
                    let closure = d.closure.clone().ok_or(FlowError::UseClose)?;
                    follow = Some(FollowUpDecision::Close);
                    self.with_deletion_date(decide(&state, Command::Close(closure), self.today())?)?
                } else {
                    follow = Some(d.follow);
                    decide(&state, follow_up(d.follow), self.today())?
                };
                let done = after(&state, &events, self);
                let next = done.stage.is_open().then_some(done.next_date);
                let mut events = events;
                events.push(EventPayload::MeetingDecided(MeetingDecision {
                    meeting: no,
                    item: u32::try_from(index).unwrap_or(u32::MAX),
                    decision: decision.clone(),
                    who_acts: who_acts.clone(),
                    follow,
                    review,
                    post_review,
                    next,
                    stage: done.stage,
                }));
                meeting.items[index].outcome = Some(Outcome {
                    decision,
                    who_acts,
                    follow,
                    next,
                });
                self.save_for_meeting(case, &events, &meeting)?;
                Some(case)
            }
        };
        self.position_at(no, index);
        Ok(DecisionSaved {
            meeting: self.shown(meeting)?,
            case,
        })
    }

    fn save_for_meeting(
        &self,
        case: CaseNo,
        events: &[EventPayload],
        meeting: &Meeting,
    ) -> Result<(), ServiceError> {
        let s = self
            .core
            .store
            .append_for_meeting(case, events, meeting, &self.session.user, self.now())
            .map_err(|e| match e {
                StoreError::NoSuchCase(n) => ServiceError::NoSuchCase(n),
                e => ServiceError::Store(e),
            })?;
        self.remember(&s);
        Ok(())
    }

    /// Corrects a decided item: the fields given replace what was recorded, the rest stay.
    /// On a case item the corrected decision is recorded as an event on the case (the first
    /// record stays in its history); a closure or a §115 review's outcome is not undone here
    /// (that is the case's own `M`).
    pub fn correct_item(
        &self,
        no: MeetingNo,
        index: usize,
        shown: &Subject,
        c: ItemCorrection,
    ) -> Result<DecisionSaved, ServiceError> {
        self.require(Permission::Cases)?;
        let mut meeting = self.stored_meeting(no)?;
        let subject = Self::item_at(&meeting, index, shown)?;
        let old = meeting.items[index]
            .outcome
            .clone()
            .ok_or(ServiceError::NotDecided(no))?;
        let text = |new: Option<String>, old: &str| {
            new.map(|t| t.trim().to_string())
                .unwrap_or_else(|| old.to_string())
        };
        let new = Outcome {
            decision: text(c.decision, &old.decision),
            who_acts: text(c.who_acts, &old.who_acts),
            follow: c.follow.or(old.follow),
            next: c.next.or(old.next),
        };
        if new.decision.is_empty() {
            return Err(ServiceError::EmptyText);
        }
        let closing = [new.follow, old.follow].contains(&Some(FollowUpDecision::Close));
        if closing && (new.follow != old.follow || new.next != old.next) {
            return Err(FlowError::UseClose.into());
        }
        if new == old {
            return Ok(DecisionSaved {
                meeting: self.shown(meeting)?,
                case: subject.case(),
            });
        }
        let case = match subject.case() {
            None => {
                meeting.items[index].outcome = Some(new);
                self.core.store.save_meeting(&meeting)?;
                None
            }
            Some(case) => {
                self.check_expected(case)?;
                let state = self
                    .core
                    .store
                    .case(case)?
                    .ok_or(ServiceError::NoSuchCase(case))?;
                let events = self.core.store.events(case)?;
                let first = decision_record(&events, no, index).cloned();
                let follow_up_date = state
                    .flow
                    .follow_ups
                    .iter()
                    .rev()
                    .find(|f| f.meeting == Some(no))
                    .map(|f| f.date);
                if let (Some(next), Some(date)) = (c.next, follow_up_date)
                    && next < date
                {
                    return Err(FlowError::NextBeforeFollowUp.into());
                }
                if c.next.is_some() && follow_up_date.is_none() {
                    // Nothing at this meeting set a next date to correct.
                    return Err(FlowError::UseClose.into());
                }
                let record = MeetingDecision {
                    meeting: no,
                    item: u32::try_from(index).unwrap_or(u32::MAX),
                    decision: new.decision.clone(),
                    who_acts: new.who_acts.clone(),
                    follow: new.follow,
                    review: first.as_ref().and_then(|f| f.review),
                    post_review: first.as_ref().and_then(|f| f.post_review),
                    next: new.next,
                    stage: state.stage,
                };
                meeting.items[index].outcome = Some(new);
                self.save_for_meeting(
                    case,
                    &[EventPayload::MeetingDecisionCorrected(record)],
                    &meeting,
                )?;
                Some(case)
            }
        };
        self.position_at(no, index);
        Ok(DecisionSaved {
            meeting: self.shown(meeting)?,
            case,
        })
    }

    /// Adds an item during the meeting: to today's agenda, or (`bank`) to the topic bank for a
    /// later meeting — then it is in this meeting's record as banked, not on today's agenda.
    pub fn add_item(&self, no: MeetingNo, text: &str, bank: bool) -> Result<Meeting, ServiceError> {
        self.require(Permission::Cases)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(ServiceError::EmptyText);
        }
        let mut m = self.stored_meeting(no)?;
        if bank {
            self.save_topic(text)?;
        }
        m.items.push(AgendaItem {
            subject: if bank {
                Subject::Banked(text.to_string())
            } else {
                Subject::General(text.to_string())
            },
            outcome: None,
        });
        self.core.store.save_meeting(&m)?;
        self.shown(m)
    }

    /// The topic bank (emnebank): topics saved for a later meeting.
    pub fn topics(&self) -> Result<Vec<String>, ServiceError> {
        self.require(Permission::Cases)?;
        self.shown(self.core.store.topics()?)
    }

    pub fn save_topic(&self, topic: &str) -> Result<(), ServiceError> {
        self.require(Permission::Cases)?;
        let topic = topic.trim();
        if topic.is_empty() {
            return Err(ServiceError::EmptyText);
        }
        let mut topics = self.core.store.topics()?;
        if !topics.iter().any(|t| t == topic) {
            topics.push(topic.to_string());
            self.core.store.save_topics(&topics)?;
        }
        Ok(())
    }

    /// The agenda item this account last worked on in the meeting (to reopen it there).
    pub fn meeting_position(&self, no: MeetingNo) -> Result<Option<usize>, ServiceError> {
        self.require(Permission::Cases)?;
        Ok(self
            .core
            .store
            .account_setting(&self.session.user, &position_setting(no))?
            .and_then(|v| usize::try_from(v).ok()))
    }

    /// Remembers the item the chair works on, so a reopened meeting resumes there.
    pub fn set_meeting_position(&self, no: MeetingNo, index: usize) -> Result<(), ServiceError> {
        self.require(Permission::Cases)?;
        Ok(self.core.store.set_account_setting(
            &self.session.user,
            &position_setting(no),
            Some(index as u64),
        )?)
    }

    /// As `set_meeting_position`, after a decision: a failure there loses only the place.
    fn position_at(&self, no: MeetingNo, index: usize) {
        let _ = self.set_meeting_position(no, index);
    }

    /// Writes minutes (`i18n::follow::minutes` of `minutes`) to `referater/moede-N.md` in the
    /// data directory (private to the account, replaced atomically), logs that they were made,
    /// and returns the path. The console does it after every decision, so the file is never
    /// behind the meeting.
    pub fn save_minutes(
        &self,
        no: MeetingNo,
        text: &str,
    ) -> Result<std::path::PathBuf, ServiceError> {
        self.require(Permission::Cases)?;
        self.stored_meeting(no)?;
        let dir = super::config::data_dir(self.core.store.path()).join(MINUTES_DIR);
        let path = dir.join(format!("moede-{no}.md"));
        let io = |e: std::io::Error| ServiceError::Io(format!("{}: {e}", path.display()));
        std::fs::create_dir_all(&dir).map_err(io)?;
        let tmp = dir.join(format!(".moede-{no}.md.tmp"));
        std::fs::write(&tmp, text.as_bytes()).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)?;
        self.audit_minutes(no)?;
        Ok(path)
    }

    /// Minutes are an export: the audit log records that they were made (not what they say).
    pub fn audit_minutes(&self, no: MeetingNo) -> Result<(), ServiceError> {
        self.audit(crate::domain::audit::AuditAction::Minutes { meeting: no })
    }

    /// The cases on a meeting's agenda, read for meeting mode. Opening the meeting counts as
    /// viewing each of them (`audit`); redrawing after a decision does not log them again.
    pub fn agenda_cases(
        &self,
        m: &Meeting,
        audit: bool,
    ) -> Result<Vec<Option<CaseState>>, ServiceError> {
        self.require(Permission::Cases)?;
        let mut out = Vec::with_capacity(m.items.len());
        for item in &m.items {
            out.push(match item.subject.case() {
                Some(no) => {
                    let s = self.core.store.case(no)?;
                    if audit && s.is_some() {
                        self.audit(crate::domain::audit::AuditAction::CaseViewed { case: no })?;
                    }
                    s
                }
                None => None,
            });
        }
        self.shown(out)
    }

    /// The meeting as its minutes show it — every text redacted with the whole dictionary,
    /// whoever asks — and each case item's decision record (the §115 outcome, the
    /// post-closure review, the stage the case went to). `i18n::follow::minutes` writes the
    /// text: the §115 notice first, participants, then per item the decision, its outcome,
    /// the stage, who acts and the next date; the items not discussed; the topics banked.
    pub fn minutes(&self, no: MeetingNo) -> Result<MinutesDoc, ServiceError> {
        self.require(Permission::Cases)?;
        let meeting = self.stored_meeting(no)?;
        let mut records = Vec::with_capacity(meeting.items.len());
        for (i, item) in meeting.items.iter().enumerate() {
            records.push(match (item.subject.case(), &item.outcome) {
                (Some(case), Some(_)) => {
                    let events = self.core.store.events(case)?;
                    decision_record(&events, no, i).cloned()
                }
                _ => None,
            });
        }
        self.redacted_always(MinutesDoc { meeting, records })
    }
}
/// Where the minutes files are, in the data directory.
pub const MINUTES_DIR: &str = "referater";
