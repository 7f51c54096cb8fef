//! The forløbshjul in the demo (`data/rounds/`): while measures run, a case goes round —
//! analysis, action plan, trial, evaluation, the next step agreed with leadership — a step or
//! two a sitting, so a case that has been in measures a while has finished rounds behind it and
//! stands somewhere on the current one. The records are the shapes `decide` makes.

use chrono::{Days, NaiveDate};
use fastrand::Rng;

use super::flow::Track;
use super::random::{pick, weighted};
use super::table::{TableError, Text, table};
use crate::domain::case::EventPayload;
use crate::domain::flow::{
    ActionPlan, Effect, NextStepChoice, NextStepDecision, RoundAnalysis, RoundEvaluation,
};

#[derive(Debug)]
pub struct RoundTables {
    analyses: Vec<&'static str>,
    /// (goals, who does what)
    plans: Vec<(&'static str, &'static str)>,
    /// By `Effect::ALL`.
    evaluations: Vec<Vec<&'static str>>,
    leaders: Vec<&'static str>,
    /// By `NextStepChoice::ALL`.
    decisions: Vec<Vec<&'static str>>,
}

impl RoundTables {
    pub fn load() -> Result<RoundTables, TableError> {
        let texts = |rows: Vec<Vec<super::table::Row>>| -> Vec<Vec<&'static str>> {
            rows.into_iter()
                .map(|rs| rs.into_iter().map(|r| r.fields[0]).collect())
                .collect()
        };
        Ok(RoundTables {
            analyses: table!("rounds/analyses.txt").list()?,
            plans: table!("rounds/plans.txt")
                .rows(2)?
                .into_iter()
                .map(|r| (r.fields[0], r.fields[1]))
                .collect(),
            evaluations: texts(table!("rounds/evaluations.txt").keyed(
                Effect::ALL,
                1,
                Text::Plain,
                true,
            )?),
            leaders: table!("rounds/leaders.txt").list()?,
            decisions: texts(table!("rounds/decisions.txt").keyed(
                NextStepChoice::ALL,
                1,
                Text::Plain,
                true,
            )?),
        })
    }
}

/// Where a demo case stands on the wheel.
#[derive(Debug, Clone, Copy, Default)]
pub struct WheelTrack {
    /// The current round (0 until the case reaches measures).
    pub round: u32,
    analysed: bool,
    /// The plan's evaluation date, once planned.
    evaluate_by: Option<NaiveDate>,
    evaluated: bool,
    /// The last round decided to close the case.
    pub closing: bool,
}

impl WheelTrack {
    /// The evaluation date of the round in its trial.
    pub fn evaluation_due(&self) -> Option<NaiveDate> {
        self.evaluate_by.filter(|_| !self.evaluated)
    }
}

impl Track {
    /// The wheel's next step or two at a sitting on `day` while measures run.
    pub(super) fn wheel_step(
        &mut self,
        rng: &mut Rng,
        day: NaiveDate,
        out: &mut Vec<EventPayload>,
    ) {
        if self.wheel.closing {
            return;
        }
        self.wheel.round = self.wheel.round.max(1);
        if !self.wheel.analysed {
            if rng.f32() < 0.8 {
                self.analyse(rng, day, out);
                // The plan is often made at the same sitting.
                if rng.f32() < 0.7 {
                    self.plan(rng, day, out);
                }
            }
            return;
        }
        let Some(by) = self.wheel.evaluate_by else {
            self.plan(rng, day, out);
            return;
        };
        if !self.wheel.evaluated {
            // Evaluated around its date, now and then early.
            if day >= by || rng.f32() < 0.1 {
                self.evaluate(rng, day, out);
                if rng.f32() < 0.7 {
                    self.decide(rng, day, out);
                }
            }
            return;
        }
        self.decide(rng, day, out);
    }

    fn analyse(&mut self, rng: &mut Rng, day: NaiveDate, out: &mut Vec<EventPayload>) {
        out.push(EventPayload::RoundAnalysed {
            round: self.wheel.round,
            analysis: RoundAnalysis {
                date: day,
                text: pick(rng, &self.t.rounds.analyses).into(),
            },
        });
        self.wheel.analysed = true;
    }

    fn plan(&mut self, rng: &mut Rng, day: NaiveDate, out: &mut Vec<EventPayload>) {
        let (goals, who) = pick(rng, &self.t.rounds.plans);
        let by = day
            .checked_add_days(Days::new(7 * u64::from(rng.u32(6..=12))))
            .unwrap_or(day);
        out.push(EventPayload::RoundPlanned {
            round: self.wheel.round,
            plan: ActionPlan {
                date: day,
                goals: goals.into(),
                who: who.into(),
                evaluate_by: by,
            },
        });
        self.wheel.evaluate_by = Some(by);
        // What the round tries: a measure of its own, unless one of it is running already.
        let round = self.wheel.round;
        if !self.open_measures.iter().any(|m| m.round == round) {
            out.push(self.measure(rng, day));
        }
    }

    fn evaluate(&mut self, rng: &mut Rng, day: NaiveDate, out: &mut Vec<EventPayload>) {
        let effect = weighted(
            rng,
            &[
                (Effect::Helped, 35),
                (Effect::Partly, 45),
                (Effect::NotHelped, 20),
            ],
        );
        let i = Effect::ALL.iter().position(|e| *e == effect).unwrap_or(0);
        out.push(EventPayload::RoundEvaluated {
            round: self.wheel.round,
            evaluation: RoundEvaluation {
                date: day,
                effect,
                text: pick(rng, &self.t.rounds.evaluations[i]).into(),
            },
        });
        self.wheel.evaluated = true;
        // Half the time the round's measures end with it, evaluated.
        if rng.f32() < 0.5 {
            self.end_measures(rng, out);
        }
    }

    fn decide(&mut self, rng: &mut Rng, day: NaiveDate, out: &mut Vec<EventPayload>) {
        // A round that did not help is seldom closed on.
        let choice = weighted(
            rng,
            &[
                (NextStepChoice::Continue, 30),
                (NextStepChoice::ExternalSupport, 25),
                (NextStepChoice::Parents, 30),
                (NextStepChoice::Close, 15),
            ],
        );
        let i = NextStepChoice::ALL
            .iter()
            .position(|c| *c == choice)
            .unwrap_or(0);
        out.push(EventPayload::RoundDecided {
            round: self.wheel.round,
            decision: NextStepDecision {
                date: day,
                choice,
                with: pick(rng, &self.t.rounds.leaders).into(),
                note: pick(rng, &self.t.rounds.decisions[i]).into(),
            },
        });
        if choice == NextStepChoice::Close {
            self.wheel.closing = true;
        } else {
            self.wheel = WheelTrack {
                round: self.wheel.round + 1,
                ..WheelTrack::default()
            };
        }
    }
}
