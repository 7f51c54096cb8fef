//! Commands and the rules that turn them into events. The UI cannot move a case in a way these
//! functions refuse, because the service records only what `decide` returns.

use chrono::{Days, NaiveDate};
use thiserror::Error;

use super::{
    ActionPlan, Assessment, Cadence, Closure, Conversation, Dimension, Disclosure, Flow, FollowUp,
    FollowUpDecision, FollowUpPlan, InfoRequest, ItemRef, JointReview, Measure, NextStepDecision,
    Phase, PoliceFeedback, RequestStatus, ReviewDecision, RoundAnalysis, RoundEvaluation,
    Screening, ScreeningOutcome,
};
use crate::domain::case::{ASSESSMENT_FOLLOW_UP_DAYS, CaseState, EventPayload};
use crate::domain::legal::{LegalCommand, LegalError};
use crate::domain::stage::{Stage, StageError, TransitionContext, check_transition};

/// What a user asks the flow to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Command {
    /// Move on one stage, skip ahead, step back or reopen (the last three need a reason).
    Move {
        to: Stage,
        reason: Option<String>,
    },
    /// Record the screening; with police present it may carry the joint review too.
    Screen {
        screening: Screening,
        joint: Option<JointReview>,
    },
    Review(JointReview),
    /// A new info request (its id is assigned here).
    SendRequest(InfoRequest),
    UpdateRequest {
        id: u32,
        status: RequestStatus,
        answer: String,
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
    },
    /// A new conversation (id 0) or a change to one (e.g. planned → held).
    Converse(Conversation),
    Assess(Assessment),
    /// A new measure (id 0) or a change to one (status, evaluation).
    Measure(Measure),
    Disclose(Disclosure),
    Close(Closure),
    HoldPostReview {
        months: u32,
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
        summary: String,
    },
    /// Choose the case's rhythm and who follows it up; `next` moves the next date now
    /// (required for ad hoc, which has no rule to compute it).
    PlanFollowUp {
        plan: FollowUpPlan,
        #[serde(with = "crate::domain::compact::opt_date")]
        next: Option<NaiveDate>,
    },
    /// Record a follow-up; without `next`, the next date follows from the rhythm.
    FollowUp {
        #[serde(with = "crate::domain::compact::date")]
        date: NaiveDate,
        summary: String,
        decision: FollowUpDecision,
        who_acts: String,
        #[serde(with = "crate::domain::compact::opt_date")]
        next: Option<NaiveDate>,
        meeting: Option<u64>,
    },
    PoliceFeedback(PoliceFeedback),
    /// A legal deadline met, or the hand-over at 18 (rules in `domain::legal`).
    Legal(LegalCommand),
    /// The next step of the forløbshjul (`domain::flow::round`).
    Round(RoundStep),
}

/// A step of the forløbshjul, in the order the wheel takes them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RoundStep {
    Analyse(RoundAnalysis),
    Plan(ActionPlan),
    Evaluate(RoundEvaluation),
    Decide(NextStepDecision),
}

/// What is still needed before the case can move on from its stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Missing {
    PoliceContact,
    Screening,
    /// The screening found the concern unfounded or referred it away: close the case.
    ScreeningCloses,
    JointReview,
    /// The joint review agreed to close.
    ReviewCloses,
    Assessment,
    /// Measures run until the case is closed.
    Closure,
}

/// A required text left empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Required {
    Participants,
    Rationale,
    Summary,
    Question,
    Answer,
    Description,
    Recommendation,
    Kind,
    Goal,
    Recipient,
    What,
    WaiverReason,
    NoReviewsReason,
    Responsible,
    /// Ad hoc follow-up names its next date itself.
    NextDate,
    /// A §115 review held at a meeting: its outcome is the chair's choice.
    ReviewDecision,
    /// A police matter names when the police are to report back.
    FeedbackDate,
    /// The round's analysis of the situation.
    Analysis,
    /// What the action plan aims at.
    Goals,
    /// Who does what in the action plan.
    WhoDoesWhat,
    /// What the round's evaluation found.
    Evaluation,
    /// Who in leadership the next step was agreed with.
    Leadership,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize, serde::Deserialize)]
pub enum FlowError {
    #[error("{0}")]
    Stage(#[from] StageError),
    #[error("the case cannot move on yet: {0:?} missing")]
    Missing(Vec<Missing>),
    #[error("this is recorded in another stage")]
    WrongStage { stage: Stage, allowed: Vec<Stage> },
    #[error("a case is closed by recording its closure")]
    UseClose,
    #[error("screening and joint review in one step needs the police present")]
    JointNeedsPolice,
    #[error("a required text is empty: {0:?}")]
    Required(Required),
    #[error("a due or end date lies before its start")]
    EndBeforeStart,
    #[error("no such item on the case: {0:?}")]
    UnknownItem(ItemRef),
    #[error("open items must be resolved or waived: {0:?}")]
    NotWaived(Vec<ItemRef>),
    #[error("an assessment rates all nine dimensions")]
    IncompleteAssessment,
    #[error("no such post-closure review")]
    NoSuchReview,
    #[error("a custom rhythm is 1 to 366 days")]
    BadCadence,
    #[error("the next date lies before the follow-up")]
    NextBeforeFollowUp,
    #[error("no feedback from the police is awaited on this case")]
    NoFeedbackAwaited,
    #[error(transparent)]
    Legal(#[from] LegalError),
    /// Police information passed on outside the team without the §115 confirmation.
    #[error("passing on police information needs the §115 confirmation")]
    PoliceUnconfirmed,
    /// A step of the wheel out of its turn: the round is in `phase`.
    #[error("this step of the wheel does not come now")]
    RoundOutOfTurn { phase: Phase },
    /// A round is evaluated on what was tried: at least one measure started in it.
    #[error("the round has no measure to evaluate")]
    RoundWithoutMeasure,
    /// The round decided to close the case: the next thing is the closure (or a new decision).
    #[error("the round decided to close the case")]
    RoundClosesCase,
}

/// The stage that follows in the normal flow.
pub fn next_stage(s: Stage) -> Option<Stage> {
    match s {
        Stage::Intake => Some(Stage::Screening),
        Stage::Screening => Some(Stage::JointReview),
        Stage::JointReview => Some(Stage::Enrichment),
        Stage::Enrichment => Some(Stage::Measures),
        Stage::Measures => Some(Stage::Closed),
        Stage::Closed => None,
    }
}

fn context(state: &CaseState) -> TransitionContext {
    TransitionContext {
        danger_without_police_contact: state.intake.imminent_danger
            && state.intake.police_contact.is_none(),
    }
}

/// What the case lacks to leave its stage forwards — shown in the case header, and checked on
/// every forward move.
pub fn missing_to_move_on(state: &CaseState) -> Vec<Missing> {
    let f = &state.flow;
    let mut m = Vec::new();
    if context(state).danger_without_police_contact {
        m.push(Missing::PoliceContact);
    }
    match state.stage {
        Stage::Intake | Stage::Closed => {}
        Stage::Screening => match &f.screening {
            None => m.push(Missing::Screening),
            Some(s) => match &s.outcome {
                ScreeningOutcome::Unfounded
                | ScreeningOutcome::Referred {
                    keep_tracking: false,
                    ..
                } => m.push(Missing::ScreeningCloses),
                _ => {}
            },
        },
        Stage::JointReview => match f.reviews.last() {
            None => m.push(Missing::JointReview),
            Some(r) if r.decision == ReviewDecision::Close => m.push(Missing::ReviewCloses),
            Some(_) => {}
        },
        Stage::Enrichment if f.assessments.is_empty() => m.push(Missing::Assessment),
        Stage::Enrichment => {}
        Stage::Measures => m.push(Missing::Closure),
    }
    m
}

fn require(text: &str, what: Required) -> Result<(), FlowError> {
    if text.trim().is_empty() {
        Err(FlowError::Required(what))
    } else {
        Ok(())
    }
}

fn in_stages(state: &CaseState, allowed: &[Stage]) -> Result<(), FlowError> {
    if allowed.contains(&state.stage) {
        Ok(())
    } else {
        Err(FlowError::WrongStage {
            stage: state.stage,
            allowed: allowed.to_vec(),
        })
    }
}

fn stage_change(from: Stage, to: Stage, reason: Option<String>) -> EventPayload {
    EventPayload::StageChanged { from, to, reason }
}

const GATHERING: &[Stage] = &[Stage::Enrichment, Stage::Measures];

/// Turns a command into the events that record it, or says why it cannot be done.
pub fn decide(
    state: &CaseState,
    cmd: Command,
    today: NaiveDate,
) -> Result<Vec<EventPayload>, FlowError> {
    let f = &state.flow;
    match cmd {
        Command::Move { to, reason } => move_to(state, to, reason, today),
        Command::Screen { screening, joint } => {
            in_stages(state, &[Stage::Intake, Stage::Screening])?;
            require(&screening.participants, Required::Participants)?;
            require(&screening.rationale, Required::Rationale)?;
            let mut out = Vec::new();
            if state.stage == Stage::Intake {
                check_transition(Stage::Intake, Stage::Screening, None, context(state))?;
                out.push(stage_change(Stage::Intake, Stage::Screening, None));
            }
            let continues = screening.outcome.continues();
            let approach = screening.approach;
            out.push(EventPayload::ScreeningRecorded(screening));
            if let Some(jr) = joint {
                if !approach.includes_police() {
                    return Err(FlowError::JointNeedsPolice);
                }
                if !continues {
                    return Err(FlowError::Missing(vec![Missing::ScreeningCloses]));
                }
                check_review(&jr)?;
                out.push(stage_change(Stage::Screening, Stage::JointReview, None));
                out.extend(review_events(jr, Stage::JointReview));
            } else if continues {
                out.push(stage_change(Stage::Screening, Stage::JointReview, None));
            }
            Ok(out)
        }
        Command::Review(jr) => {
            in_stages(
                state,
                &[Stage::JointReview, Stage::Enrichment, Stage::Measures],
            )?;
            check_review(&jr)?;
            Ok(review_events(jr, state.stage))
        }
        Command::SendRequest(mut r) => {
            in_stages(state, GATHERING)?;
            require(&r.question, Required::Question)?;
            if r.due < r.sent {
                return Err(FlowError::EndBeforeStart);
            }
            r.id = Flow::next_id(f.requests.iter().map(|r| r.id));
            r.status = RequestStatus::Sent;
            r.answered = None;
            Ok(vec![EventPayload::RequestSent(r)])
        }
        Command::UpdateRequest {
            id,
            status,
            answer,
            date,
        } => {
            if f.request(id).is_none() {
                return Err(FlowError::UnknownItem(ItemRef::Request(id)));
            }
            if status == RequestStatus::Answered {
                require(&answer, Required::Answer)?;
            }
            Ok(vec![EventPayload::RequestUpdated {
                id,
                status,
                answer,
                date,
            }])
        }
        Command::Converse(mut c) => {
            in_stages(state, GATHERING)?;
            if c.id == 0 {
                c.id = Flow::next_id(f.conversations.iter().map(|c| c.id));
            } else if !f.conversations.iter().any(|x| x.id == c.id) {
                return Err(FlowError::UnknownItem(ItemRef::Conversation(c.id)));
            }
            Ok(vec![EventPayload::ConversationRecorded(c)])
        }
        Command::Assess(mut a) => {
            in_stages(state, GATHERING)?;
            require(&a.description, Required::Description)?;
            require(&a.recommendation, Required::Recommendation)?;
            let complete = Dimension::ALL
                .iter()
                .all(|d| a.ratings.iter().filter(|r| r.dimension == *d).count() == 1);
            if !complete || a.ratings.len() != Dimension::ALL.len() {
                return Err(FlowError::IncompleteAssessment);
            }
            a.id = Flow::next_id(f.assessments.iter().map(|a| a.id));
            Ok(vec![EventPayload::AssessmentRecorded(a)])
        }
        Command::Measure(mut m) => {
            require(&m.kind, Required::Kind)?;
            require(&m.goal, Required::Goal)?;
            if m.planned_end.is_some_and(|e| e < m.start) {
                return Err(FlowError::EndBeforeStart);
            }
            if m.id == 0 {
                in_stages(state, &[Stage::Measures])?;
                m.id = Flow::next_id(f.measures.iter().map(|m| m.id));
                // It belongs to the round it is started in.
                m.round = f.current_round().0;
            } else if let Some(old) = f.measure(m.id) {
                m.round = old.round;
            } else {
                return Err(FlowError::UnknownItem(ItemRef::Measure(m.id)));
            }
            Ok(vec![EventPayload::MeasureRecorded(m)])
        }
        Command::Disclose(mut d) => {
            require(&d.recipient, Required::Recipient)?;
            require(&d.what, Required::What)?;
            // Police information is known by what is passed on, whatever the form said.
            d.police_origin |= f.mentions_police(&d.what);
            if d.police_origin && !d.police_confirmed {
                return Err(FlowError::PoliceUnconfirmed);
            }
            Ok(vec![EventPayload::DisclosureRecorded(d)])
        }
        Command::Close(c) => close(state, c),
        Command::PlanFollowUp { plan, next } => plan_follow_up(state, plan, next),
        Command::FollowUp {
            date,
            summary,
            decision,
            who_acts,
            next,
            meeting,
        } => {
            open_stage(state)?;
            require(&summary, Required::Summary)?;
            let next = next
                .or_else(|| f.cadence(state.stage).next_after(date))
                .ok_or(FlowError::Required(Required::NextDate))?;
            if next < date {
                return Err(FlowError::NextBeforeFollowUp);
            }
            Ok(vec![EventPayload::FollowUpRecorded(FollowUp {
                date,
                summary,
                decision,
                who_acts,
                next,
                meeting,
            })])
        }
        Command::PoliceFeedback(fb) => {
            if f.police_feedback_due.is_none() {
                return Err(FlowError::NoFeedbackAwaited);
            }
            require(&fb.summary, Required::Summary)?;
            Ok(vec![EventPayload::PoliceFeedbackReceived(fb)])
        }
        Command::Legal(cmd) => Ok(crate::domain::legal::decide(state, cmd, today)?),
        Command::Round(step) => round_step(state, step, today),
        Command::HoldPostReview {
            months,
            date,
            summary,
        } => {
            in_stages(state, &[Stage::Closed])?;
            require(&summary, Required::Summary)?;
            if !f
                .post_reviews
                .iter()
                .any(|r| r.months == months && r.held.is_none())
            {
                return Err(FlowError::NoSuchReview);
            }
            Ok(vec![EventPayload::PostReviewHeld {
                months,
                date,
                summary,
            }])
        }
    }
}

/// A step of the forløbshjul: each in its turn, in the measures stage.
fn round_step(
    state: &CaseState,
    step: RoundStep,
    today: NaiveDate,
) -> Result<Vec<EventPayload>, FlowError> {
    in_stages(state, &[Stage::Measures])?;
    let f = &state.flow;
    // A round that decided to close the case takes only a new decision (leadership changed
    // its mind); otherwise the case is closed with `c`.
    if let Some(last) = f.rounds.last().filter(|r| r.closes_case()) {
        return match step {
            RoundStep::Decide(d) => {
                require(&d.with, Required::Leadership)?;
                Ok(vec![EventPayload::RoundDecided {
                    round: last.no,
                    decision: d,
                }])
            }
            _ => Err(FlowError::RoundClosesCase),
        };
    }
    let (round, current) = f.current_round();
    let phase = current
        .and_then(|r| r.phase(today))
        .unwrap_or(Phase::Analysis);
    let turn = |allowed: &[Phase]| {
        if allowed.contains(&phase) {
            Ok(())
        } else {
            Err(FlowError::RoundOutOfTurn { phase })
        }
    };
    match step {
        RoundStep::Analyse(analysis) => {
            turn(&[Phase::Analysis])?;
            require(&analysis.text, Required::Analysis)?;
            Ok(vec![EventPayload::RoundAnalysed { round, analysis }])
        }
        RoundStep::Plan(plan) => {
            turn(&[Phase::Plan])?;
            require(&plan.goals, Required::Goals)?;
            require(&plan.who, Required::WhoDoesWhat)?;
            if plan.evaluate_by < plan.date {
                return Err(FlowError::EndBeforeStart);
            }
            let by = plan.evaluate_by;
            let mut out = vec![EventPayload::RoundPlanned { round, plan }];
            // The evaluation is the case's next follow-up when it comes first.
            if by >= today && by < state.next_date {
                out.push(EventPayload::NextDateSet {
                    date: by,
                    reason: String::new(),
                });
            }
            Ok(out)
        }
        RoundStep::Evaluate(evaluation) => {
            turn(&[Phase::Trial, Phase::Evaluation])?;
            if f.round_measures(round).next().is_none() {
                return Err(FlowError::RoundWithoutMeasure);
            }
            require(&evaluation.text, Required::Evaluation)?;
            Ok(vec![EventPayload::RoundEvaluated { round, evaluation }])
        }
        RoundStep::Decide(decision) => {
            turn(&[Phase::NextStep])?;
            require(&decision.with, Required::Leadership)?;
            Ok(vec![EventPayload::RoundDecided { round, decision }])
        }
    }
}

fn open_stage(state: &CaseState) -> Result<(), FlowError> {
    let open: Vec<Stage> = Stage::ALL.iter().copied().filter(|s| s.is_open()).collect();
    in_stages(state, &open)
}

fn plan_follow_up(
    state: &CaseState,
    plan: FollowUpPlan,
    next: Option<NaiveDate>,
) -> Result<Vec<EventPayload>, FlowError> {
    open_stage(state)?;
    require(&plan.responsible, Required::Responsible)?;
    if let Cadence::EveryDays(n) = plan.cadence
        && !(1..=366).contains(&n)
    {
        return Err(FlowError::BadCadence);
    }
    if plan.cadence == Cadence::AdHoc && next.is_none() {
        return Err(FlowError::Required(Required::NextDate));
    }
    let mut out = vec![EventPayload::FollowUpPlanned(plan)];
    if let Some(date) = next {
        out.push(EventPayload::NextDateSet {
            date,
            reason: String::new(),
        });
    }
    Ok(out)
}

fn check_review(jr: &JointReview) -> Result<(), FlowError> {
    if jr.participants.is_empty() {
        return Err(FlowError::Required(Required::Participants));
    }
    require(&jr.summary, Required::Summary)
}

/// The review itself, and the move to enrichment unless the meeting agreed to close.
fn review_events(jr: JointReview, stage: Stage) -> Vec<EventPayload> {
    let moves = stage == Stage::JointReview && jr.decision != ReviewDecision::Close;
    let mut out = vec![EventPayload::JointReviewRecorded(jr)];
    if moves {
        out.push(stage_change(Stage::JointReview, Stage::Enrichment, None));
    }
    out
}

fn move_to(
    state: &CaseState,
    to: Stage,
    reason: Option<String>,
    today: NaiveDate,
) -> Result<Vec<EventPayload>, FlowError> {
    if to == Stage::Closed {
        return Err(FlowError::UseClose);
    }
    let from = state.stage;
    let reason = reason.filter(|r| !r.trim().is_empty());
    check_transition(from, to, reason.as_deref(), context(state))?;
    if to > from {
        let missing = missing_to_move_on(state);
        if !missing.is_empty() {
            return Err(FlowError::Missing(missing));
        }
    }
    let mut out = vec![stage_change(from, to, reason)];
    // A reopened case needs a follow-up date of its own, not the post-closure review's.
    if from == Stage::Closed {
        out.push(EventPayload::NextDateSet {
            date: today + Days::new(ASSESSMENT_FOLLOW_UP_DAYS),
            reason: String::new(),
        });
    }
    Ok(out)
}

fn close(state: &CaseState, c: Closure) -> Result<Vec<EventPayload>, FlowError> {
    if !state.stage.is_open() {
        return Err(StageError::SameStage.into());
    }
    check_transition(state.stage, Stage::Closed, None, context(state))?;
    require(&c.summary, Required::Summary)?;
    if let Some(r) = &c.no_reviews_because {
        require(r, Required::NoReviewsReason)?;
    }
    let open = state.flow.open_items();
    for w in &c.waivers {
        if !open.contains(&w.item) {
            return Err(FlowError::UnknownItem(w.item));
        }
        require(&w.reason, Required::WaiverReason)?;
    }
    let unresolved: Vec<ItemRef> = open
        .into_iter()
        .filter(|i| !c.waivers.iter().any(|w| w.item == *i))
        .collect();
    if !unresolved.is_empty() {
        return Err(FlowError::NotWaived(unresolved));
    }
    Ok(vec![EventPayload::Closed(c)])
}
