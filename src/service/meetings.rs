//! Meeting mode: create a meeting with a proposed agenda, record each item's decision (on the
//! case, with the meeting as context), keep the topic bank, and write the minutes.

use chrono::{Days, NaiveDate};

use super::{Group, Service, ServiceError};
use crate::domain::access::Permission;
use crate::domain::flow::{
    Command, FollowUpDecision, JointReview, NextStep, Participant, ReviewDecision, decide,
};
use crate::domain::meeting::{
    AgendaItem, CASE_ITEM_LIMIT, ItemReason, Meeting, MeetingKind, MeetingNo, Outcome, Subject,
    propose,
};
use crate::domain::text::redact;
use crate::domain::{CaseNo, EventPayload, Stage};
use crate::store::StoreError;

/// A new meeting as the user filled it in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NewMeeting {
    pub kind: MeetingKind,
    pub date: NaiveDate,
    pub participants: Vec<Participant>,
    /// General items and topics from the bank, as they will stand on the agenda.
    pub general: Vec<String>,
}

/// What the meeting decided on one agenda item.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ItemDecision {
    pub decision: String,
    pub who_acts: String,
    pub follow: FollowUpDecision,
    pub next: Option<NaiveDate>,
}

impl Service {
    /// Creates the meeting with its proposed agenda: cases awaiting joint review, follow-ups due
    /// up to the meeting date, overdue items; then the general items.
    pub fn create_meeting(&self, m: NewMeeting) -> Result<Meeting, ServiceError> {
        self.require(Permission::Cases)?;
        if m.participants.is_empty() {
            return Err(ServiceError::NoParticipants);
        }
        let today = self.today();
        let until = m.date.max(today) + Days::new(1);
        // The agenda takes what is due by the meeting: the work queue as of then, read the
        // same way (a few dozen lines per group at most are ever proposed).
        let groups = super::queue::build(self, today, until, 0, CASE_ITEM_LIMIT)?.groups;
        // First the cases whose round on the forløbshjul is to be evaluated by the meeting:
        // for a case that is also overdue, this is the reason to give.
        let mut cases: Vec<(CaseNo, ItemReason)> = self
            .evaluations_due(m.date)?
            .into_iter()
            .map(|no| (no, ItemReason::RoundEvaluation))
            .collect();
        for g in &groups {
            let reason = match g.group {
                Group::AwaitingReview => ItemReason::AwaitingReview,
                Group::Overdue | Group::RequestsOverdue | Group::PoliceOverdue => {
                    ItemReason::Overdue
                }
                Group::ThisWeek => ItemReason::FollowUpDue,
                Group::AwaitingScreening | Group::Legal | Group::Later => continue,
            };
            cases.extend(g.entries.iter().map(|e| (e.line.no, reason)));
        }
        let meeting = Meeting {
            no: 0,
            kind: m.kind,
            date: m.date,
            participants: m.participants,
            items: propose(cases, &m.general),
            created_by: self.session.user.clone(),
            created_at: self.now(),
        };
        Ok(self.core.store.create_meeting(meeting)?)
    }

    /// Open cases whose round on the forløbshjul is due for its evaluation by `date`, oldest
    /// date first. Read from the summaries (no case is decoded).
    fn evaluations_due(&self, date: NaiveDate) -> Result<Vec<CaseNo>, ServiceError> {
        let mut due = Vec::new();
        for s in self.core.store.summaries() {
            let s = s?;
            if let Some(by) = s.evaluation_due.filter(|by| *by <= date) {
                due.push((by, s.no));
            }
        }
        due.sort_unstable();
        Ok(due.into_iter().map(|(_, no)| no).collect())
    }

    pub fn meeting(&self, no: MeetingNo) -> Result<Meeting, ServiceError> {
        self.require(Permission::Cases)?;
        self.core
            .store
            .meeting(no)?
            .ok_or(ServiceError::NoSuchMeeting(no))
    }

    pub fn meetings(&self) -> Result<Vec<Meeting>, ServiceError> {
        self.require(Permission::Cases)?;
        Ok(self.core.store.meetings()?)
    }

    /// Records an item's decision. On a case item it becomes an event on the case — a
    /// follow-up, or for a closed case its post-closure review — in the same transaction as
    /// the meeting's record of it.
    pub fn decide_item(
        &self,
        no: MeetingNo,
        index: usize,
        d: ItemDecision,
    ) -> Result<Meeting, ServiceError> {
        self.require(Permission::Cases)?;
        let mut meeting = self.meeting(no)?;
        let subject = meeting
            .items
            .get(index)
            .map(|i| i.subject.clone())
            .ok_or(ServiceError::NoSuchMeeting(no))?;
        let outcome = |next| Outcome {
            decision: d.decision.trim().to_string(),
            who_acts: d.who_acts.trim().to_string(),
            follow: Some(d.follow),
            next,
        };
        match subject {
            Subject::General(_) => {
                if d.decision.trim().is_empty() {
                    return Err(ServiceError::EmptyText);
                }
                meeting.items[index].outcome = Some(Outcome {
                    follow: None,
                    ..outcome(None)
                });
                self.core.store.save_meeting(&meeting)?;
            }
            Subject::Case { no: case, .. } => {
                self.check_expected(case)?;
                let state = self
                    .core
                    .store
                    .case(case)?
                    .ok_or(ServiceError::NoSuchCase(case))?;
                let review_here = state.stage == Stage::JointReview
                    && meeting.kind != MeetingKind::SteeringGroup
                    && crate::domain::flow::missing_to_move_on(&state)
                        .contains(&crate::domain::flow::Missing::JointReview);
                let today = self.today();
                let follow_up = || Command::FollowUp {
                    date: meeting.date.min(today),
                    summary: d.decision.clone(),
                    decision: d.follow,
                    who_acts: d.who_acts.clone(),
                    next: d.next,
                    meeting: Some(no),
                };
                let cmd = if review_here {
                    // A case awaiting its joint review is reviewed by this meeting: the police
                    // sit at the table, so the decision is recorded as the §115 review itself.
                    Command::Review(JointReview {
                        date: meeting.date.min(self.today()),
                        participants: meeting.participants.clone(),
                        summary: d.decision.clone(),
                        items: Vec::new(),
                        steps: if d.who_acts.trim().is_empty() {
                            Vec::new()
                        } else {
                            vec![NextStep {
                                what: d.decision.clone(),
                                who: d.who_acts.clone(),
                            }]
                        },
                        decision: match d.follow {
                            FollowUpDecision::Close => ReviewDecision::Close,
                            _ => ReviewDecision::Continue,
                        },
                        police_feedback_due: None,
                    })
                } else if state.stage == Stage::Closed {
                    let months = state
                        .flow
                        .post_reviews
                        .iter()
                        .find(|r| r.held.is_none())
                        .map(|r| r.months)
                        .unwrap_or(0);
                    Command::HoldPostReview {
                        months,
                        date: meeting.date,
                        summary: d.decision.clone(),
                    }
                } else {
                    follow_up()
                };
                let mut events = decide(&state, cmd, self.today())?;
                if review_here && d.follow != FollowUpDecision::Close {
                    // The review goes on as a follow-up decided at this meeting, so the case's
                    // history names the meeting and the next date follows its rhythm.
                    let mut after = state.clone();
                    for p in &events {
                        after.apply(&crate::domain::Event {
                            seq: after.event_count,
                            at: self.now(),
                            author: self.session.user.clone(),
                            payload: p.clone(),
                        });
                    }
                    events.extend(decide(&after, follow_up(), self.today())?);
                }
                let next = events
                    .iter()
                    .find_map(|e| match e {
                        EventPayload::FollowUpRecorded(f) => Some(f.next),
                        EventPayload::NextDateSet { date, .. } => Some(*date),
                        _ => None,
                    })
                    .or((state.stage != Stage::Closed).then_some(state.next_date));
                meeting.items[index].outcome = Some(Outcome {
                    follow: (state.stage != Stage::Closed).then_some(d.follow),
                    ..outcome(next)
                });
                let s = self
                    .core
                    .store
                    .append_for_meeting(case, &events, &meeting, &self.session.user, self.now())
                    .map_err(|e| match e {
                        StoreError::NoSuchCase(n) => ServiceError::NoSuchCase(n),
                        e => ServiceError::Store(e),
                    })?;
                self.remember(&s);
            }
        }
        Ok(meeting)
    }

    /// Adds a general item to an existing meeting's agenda.
    pub fn add_general_item(&self, no: MeetingNo, text: &str) -> Result<Meeting, ServiceError> {
        self.require(Permission::Cases)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(ServiceError::EmptyText);
        }
        let mut m = self.meeting(no)?;
        m.items.push(AgendaItem {
            subject: Subject::General(text.to_string()),
            outcome: None,
        });
        self.core.store.save_meeting(&m)?;
        Ok(m)
    }

    /// The topic bank (emnebank): topics saved for a later meeting.
    pub fn topics(&self) -> Result<Vec<String>, ServiceError> {
        self.require(Permission::Cases)?;
        Ok(self.core.store.topics()?)
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

    /// Writes minutes (`i18n::follow::minutes` of `minutes`) to `referater/moede-N.md` in the
    /// data directory (private to the account, replaced atomically), logs that they were made,
    /// and returns the path.
    pub fn save_minutes(
        &self,
        no: MeetingNo,
        text: &str,
    ) -> Result<std::path::PathBuf, ServiceError> {
        self.require(Permission::Cases)?;
        self.meeting(no)?;
        let dir = super::config::data_dir(self.core.store.path()).join("referater");
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
    ) -> Result<Vec<Option<crate::domain::CaseState>>, ServiceError> {
        self.require(Permission::Cases)?;
        let mut out = Vec::with_capacity(m.items.len());
        for item in &m.items {
            out.push(match item.subject {
                Subject::Case { no, .. } => {
                    let s = self.core.store.case(no)?;
                    if audit && s.is_some() {
                        self.audit(crate::domain::audit::AuditAction::CaseViewed { case: no })?;
                    }
                    s
                }
                Subject::General(_) => None,
            });
        }
        Ok(out)
    }

    /// The meeting as its minutes show it: with case numbers only, and a person's name written
    /// into a decision or "who acts" cut to initials. `i18n::follow::minutes` writes the text
    /// (the §115 notice first, participants, and per item the decision and who acts).
    pub fn minutes(&self, no: MeetingNo) -> Result<Meeting, ServiceError> {
        self.require(Permission::Cases)?;
        let mut m = self.meeting(no)?;
        for item in &mut m.items {
            let (Subject::Case { no: case, .. }, Some(o)) = (&item.subject, item.outcome.as_mut())
            else {
                continue;
            };
            let names = match self.core.store.case(*case)? {
                Some(s) => person_names(&s),
                None => Vec::new(),
            };
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            o.decision = redact(&o.decision, &names);
            o.who_acts = redact(&o.who_acts, &names);
        }
        Ok(m)
    }
}

/// The names a redacted text must not show: the person's and a known reporter's.
pub fn person_names(s: &crate::domain::CaseState) -> Vec<String> {
    let mut names = vec![s.intake.person.name.clone()];
    if let crate::domain::intake::Reporter::Known { name, .. } = &s.intake.reporter {
        names.push(name.clone());
    }
    names
}
