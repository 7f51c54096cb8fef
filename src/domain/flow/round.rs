//! The forløbshjul (the Vejle seed's wheel): while measures run, work on a case goes round in
//! numbered rounds — **analysis** of the situation (background, earlier analyses and plans, the
//! cooperation with the parents) → **action plan** (goals, who does what, until when) →
//! **trial** (the round's measures run) → **evaluation** (did it help, against the plan's
//! goals) → **clarification with leadership on the next step** (continue, involve the external
//! support system / partners, intensify the cooperation with the parents, or close) → a new
//! round. The evaluation closes a round; the next-step decision opens the next one, or sends
//! the case to its closure. Each measure belongs to the round it was started in.
//!
//! `decide` records each step (`Command::Round`); this module holds what the steps carry, the
//! rounds as the events add them up, and the wheel as a screen shows it: where the case is and
//! what the next phase needs.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Flow;
use crate::domain::stage::Stage;

choice_enum!(
    /// The wheel's phases, in order.
    Phase { Analysis, Plan, Trial, Evaluation, NextStep }
);

choice_enum!(
    /// What the evaluation found, against the plan's goals.
    Effect { Helped, Partly, NotHelped }
);

choice_enum!(
    /// What leadership and the team agreed for the next step (the seed's four).
    NextStepChoice { Continue, ExternalSupport, Parents, Close }
);

/// The analysis that opens a round: the situation, on the background of earlier analyses and
/// plans and of how the cooperation with the parents has gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundAnalysis {
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub text: String,
}

/// The action plan (handleplan): what the round aims at, who does what, and when it is
/// evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionPlan {
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub goals: String,
    pub who: String,
    #[serde(with = "crate::domain::compact::date")]
    pub evaluate_by: NaiveDate,
}

/// The evaluation that closes a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundEvaluation {
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub effect: Effect,
    pub text: String,
}

/// The clarification with leadership on the next step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextStepDecision {
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub choice: NextStepChoice,
    /// Who in leadership it was agreed with.
    pub with: String,
    pub note: String,
}

/// One round of the wheel, as its events recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    /// From 1.
    pub no: u32,
    #[serde(with = "crate::domain::compact::date")]
    pub opened: NaiveDate,
    pub analysis: Option<RoundAnalysis>,
    pub plan: Option<ActionPlan>,
    pub evaluation: Option<RoundEvaluation>,
    pub decision: Option<NextStepDecision>,
}

impl Round {
    pub fn new(no: u32, opened: NaiveDate) -> Round {
        Round {
            no,
            opened,
            analysis: None,
            plan: None,
            evaluation: None,
            decision: None,
        }
    }

    /// The phase the round is in on `today`; `None` once the next step is decided. A trial
    /// whose evaluation date has come is in its evaluation.
    pub fn phase(&self, today: NaiveDate) -> Option<Phase> {
        Some(
            match (&self.analysis, &self.plan, &self.evaluation, &self.decision) {
                (_, _, _, Some(_)) => return None,
                (None, _, _, _) => Phase::Analysis,
                (Some(_), None, _, _) => Phase::Plan,
                (Some(_), Some(p), None, _) if today < p.evaluate_by => Phase::Trial,
                (Some(_), Some(_), None, _) => Phase::Evaluation,
                (Some(_), Some(_), Some(_), None) => Phase::NextStep,
            },
        )
    }

    /// The plan's evaluation date while the round waits for its evaluation.
    pub fn evaluation_due(&self) -> Option<NaiveDate> {
        match (&self.plan, &self.evaluation, &self.decision) {
            (Some(p), None, None) => Some(p.evaluate_by),
            _ => None,
        }
    }

    pub fn closes_case(&self) -> bool {
        self.decision
            .as_ref()
            .is_some_and(|d| d.choice == NextStepChoice::Close)
    }
}

/// What the next step of the wheel needs, as the screen says it (with its key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The analysis of the situation (`w`).
    Analysis,
    /// The action plan (`w`).
    Plan,
    /// A measure started in this round (`m`) before it can be evaluated.
    Measure,
    /// The evaluation, by the plan's date (`w`); `overdue` once it has passed.
    Evaluation { by: NaiveDate, overdue: bool },
    /// The clarification with leadership on the next step (`w`).
    Decision,
    /// The round decided to close the case: the closure (`c`).
    Closure,
}

/// Where a case stands on the wheel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wheel {
    pub round: u32,
    pub phase: Phase,
    /// Rounds finished (their next step decided).
    pub done: u32,
    pub need: Need,
}

impl Flow {
    /// The round the next step belongs to: the last one while it is undecided; otherwise a new
    /// one (the first, or after a decision to close that was not carried out and then
    /// reopened). `None` for the round itself when it is not recorded yet.
    pub fn current_round(&self) -> (u32, Option<&Round>) {
        match self.rounds.last() {
            None => (1, None),
            Some(r) if r.decision.is_none() => (r.no, Some(r)),
            Some(r) => (r.no + 1, None),
        }
    }

    /// Measures started in round `no`. Measures recorded before the case had rounds (round 0)
    /// are what its first round tries.
    pub fn round_measures(&self, no: u32) -> impl Iterator<Item = &super::Measure> + '_ {
        self.measures
            .iter()
            .filter(move |m| m.round == no || (no == 1 && m.round == 0))
    }

    /// The wheel while the case is in measures (or has rounds), `None` before.
    pub fn wheel(&self, stage: Stage, today: NaiveDate) -> Option<Wheel> {
        if stage != Stage::Measures {
            return None;
        }
        let done = self.rounds.iter().filter(|r| r.decision.is_some()).count();
        let done = u32::try_from(done).unwrap_or(u32::MAX);
        if let Some(last) = self.rounds.last().filter(|r| r.closes_case()) {
            return Some(Wheel {
                round: last.no,
                phase: Phase::NextStep,
                done,
                need: Need::Closure,
            });
        }
        let (no, round) = self.current_round();
        let phase = round
            .and_then(|r| r.phase(today))
            .unwrap_or(Phase::Analysis);
        let need = match phase {
            Phase::Analysis => Need::Analysis,
            Phase::Plan => Need::Plan,
            Phase::Trial | Phase::Evaluation if self.round_measures(no).next().is_none() => {
                Need::Measure
            }
            Phase::Trial | Phase::Evaluation => {
                let by = round.and_then(Round::evaluation_due).unwrap_or(today);
                Need::Evaluation {
                    by,
                    overdue: by < today,
                }
            }
            Phase::NextStep => Need::Decision,
        };
        Some(Wheel {
            round: no,
            phase,
            done,
            need,
        })
    }

    /// The evaluation date of the round in its trial, if it has one (for the agenda).
    pub fn evaluation_due(&self) -> Option<NaiveDate> {
        self.rounds.last().and_then(Round::evaluation_due)
    }

    /// Applies a step of round `no` (see `CaseState::apply`).
    pub(crate) fn apply_round(&mut self, no: u32, on: NaiveDate, f: impl FnOnce(&mut Round)) {
        if !self.rounds.iter().any(|r| r.no == no) {
            self.rounds.push(Round::new(no, on));
        }
        if let Some(r) = self.rounds.iter_mut().find(|r| r.no == no) {
            f(r);
        }
    }
}
