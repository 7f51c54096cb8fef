//! The forløbshjul's next step (`w` on a case): the form of the phase the round is in — the
//! analysis, the action plan, the evaluation (against the plan's goals), or the clarification
//! with leadership on the next step. A decision to close goes on to the closure form.

use chrono::{Days, NaiveDate};

use super::{LINE, TEXT, chosen, date, options, text};
use crate::domain::dates::format_date;
use crate::domain::draft::FormKind;
use crate::domain::flow::decide::Required;
use crate::domain::flow::{
    ActionPlan, Command, Effect, NextStepChoice, NextStepDecision, Phase, RoundAnalysis,
    RoundEvaluation, RoundStep,
};
use crate::domain::{CaseNo, CaseState};
use crate::i18n::Lang;
use crate::i18n::round::{self as rd, W};
use crate::tui::app::{Env, Nav};
use crate::tui::form::{Field, Form, FormModel, Key, Kind};

const DATE: Key = 1;
const TEXT_1: Key = 2;
const TEXT_2: Key = 3;
const BY: Key = 4;
const CHOICE: Key = 5;

/// Weeks from the plan to its evaluation, as the form suggests it.
pub const TRIAL_WEEKS: u64 = 8;

/// The step of the wheel the form records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Analysis,
    Plan,
    Evaluation,
    Decision,
}

impl Step {
    /// The step a round in `phase` takes next.
    pub fn of(phase: Phase) -> Step {
        match phase {
            Phase::Analysis => Step::Analysis,
            Phase::Plan => Step::Plan,
            Phase::Trial | Phase::Evaluation => Step::Evaluation,
            Phase::NextStep => Step::Decision,
        }
    }

    /// The phase a draft of this step is kept under.
    pub fn phase(self) -> Phase {
        match self {
            Step::Analysis => Phase::Analysis,
            Step::Plan => Phase::Plan,
            Step::Evaluation => Phase::Evaluation,
            Step::Decision => Phase::NextStep,
        }
    }
}

pub struct RoundForm {
    pub state: CaseState,
    pub round: u32,
    pub step: Step,
}

impl FormModel for RoundForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (
            FormKind::Round {
                round: self.round,
                phase: self.step.phase(),
            },
            Some(self.state.no),
        )
    }

    fn title(&self, lang: Lang) -> String {
        let what = match self.step {
            Step::Analysis => W::AnalysisTitle,
            Step::Plan => W::PlanTitle,
            Step::Evaluation => W::EvaluationTitle,
            Step::Decision => W::DecisionTitle,
        };
        format!(
            "{} · {} {} · {} #{}",
            what.get(lang),
            W::Round.get(lang).to_lowercase(),
            self.round,
            crate::i18n::T::CaseDetail.get(lang),
            self.state.no
        )
    }

    /// The evaluation is made against the plan's goals: they stand above its fields.
    fn banner(&self, _form: &Form, lang: Lang) -> Option<(String, bool)> {
        let plan = self
            .state
            .flow
            .rounds
            .iter()
            .find(|r| r.no == self.round)
            .and_then(|r| r.plan.as_ref())?;
        match self.step {
            Step::Evaluation | Step::Decision => Some((
                format!("{}: {}", W::PlanGoalsBanner.get(lang), plan.goals),
                false,
            )),
            _ => None,
        }
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(DATE, &format_date(today));
        match self.step {
            Step::Plan => form.set_text(BY, &format_date(today + Days::new(TRIAL_WEEKS * 7))),
            Step::Evaluation => form.set_choice(CHOICE, None),
            Step::Analysis | Step::Decision => {}
        }
    }

    fn fields(&self, _form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let date = Field::new(DATE, W::Date.get(lang), Kind::Date).required();
        match self.step {
            Step::Analysis => vec![
                date,
                Field::new(TEXT_1, W::Analysis.get(lang), TEXT)
                    .required()
                    .hint(W::AnalysisHint.get(lang)),
            ],
            Step::Plan => vec![
                date,
                Field::new(TEXT_1, W::Goals.get(lang), TEXT).required(),
                Field::new(TEXT_2, W::Who.get(lang), TEXT).required(),
                Field::new(BY, W::EvaluateBy.get(lang), Kind::Date).required(),
            ],
            Step::Evaluation => vec![
                date,
                Field::new(
                    CHOICE,
                    W::Effect.get(lang),
                    Kind::Choice {
                        options: options(Effect::ALL, lang, rd::effect),
                    },
                )
                .required(),
                Field::new(TEXT_1, W::EvaluationText.get(lang), TEXT)
                    .required()
                    .hint(W::EvaluationHint.get(lang)),
            ],
            Step::Decision => vec![
                date,
                Field::new(
                    CHOICE,
                    W::Choice.get(lang),
                    Kind::Choice {
                        options: options(NextStepChoice::ALL, lang, rd::choice),
                    },
                )
                .required(),
                Field::new(TEXT_1, W::With.get(lang), LINE)
                    .required()
                    .hint(W::WithHint.get(lang)),
                Field::new(TEXT_2, W::Note.get(lang), TEXT),
            ],
        }
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let on = date(form, DATE, today);
        let step = match self.step {
            Step::Analysis => RoundStep::Analyse(RoundAnalysis {
                date: on,
                text: text(form, TEXT_1),
            }),
            Step::Plan => RoundStep::Plan(ActionPlan {
                date: on,
                goals: text(form, TEXT_1),
                who: text(form, TEXT_2),
                evaluate_by: date(form, BY, today),
            }),
            Step::Evaluation => RoundStep::Evaluate(RoundEvaluation {
                date: on,
                effect: chosen(form, CHOICE, Effect::ALL).unwrap_or(Effect::Partly),
                text: text(form, TEXT_1),
            }),
            Step::Decision => RoundStep::Decide(NextStepDecision {
                date: on,
                choice: chosen(form, CHOICE, NextStepChoice::ALL)
                    .unwrap_or(NextStepChoice::Continue),
                with: text(form, TEXT_1),
                note: text(form, TEXT_2),
            }),
        };
        let closes = matches!(&step, RoundStep::Decide(d) if d.choice == NextStepChoice::Close);
        let draft = env.draft.as_ref().map(|d| d.id);
        match env
            .svc
            .record_draft(self.state.no, Command::Round(step), None, draft)
        {
            Ok(s) => {
                let line = s
                    .flow
                    .wheel(s.stage, today)
                    .map(|w| rd::line(env.lang, &w))
                    .unwrap_or_default();
                env.info(format!("{}: {line}", W::Saved.get(env.lang)));
                if closes {
                    // The round sends the case to its closure, which has its own
                    // requirements: its form follows at once.
                    env.info(W::ThenClose.get(env.lang));
                    let model = super::closure::CloseForm {
                        state: s,
                        meeting: None,
                    };
                    return Ok(Nav::Replace(super::form_screen(env, Box::new(model))));
                }
                Ok(Nav::Pop)
            }
            Err(e) => Err(super::refusal(env, e, |r| match r {
                Required::Analysis | Required::Goals | Required::Evaluation => Some(TEXT_1),
                Required::Leadership => Some(TEXT_1),
                Required::WhoDoesWhat => Some(TEXT_2),
                _ => None,
            })),
        }
    }
}

/// The form for the wheel's next step on `state`, or `None` with the reason on the status line
/// (not in measures yet; nothing tried in the round to evaluate). After a decision to close,
/// the decision again: leadership may change its mind before the case is closed with `c`.
pub fn next_step(env: &mut Env, state: CaseState) -> Option<Box<dyn FormModel>> {
    use crate::domain::flow::Need;
    let today = env.svc.today();
    let Some(wheel) = state.flow.wheel(state.stage, today) else {
        env.info(W::NotStarted.get(env.lang));
        return None;
    };
    let step = match wheel.need {
        Need::Measure => {
            env.info(crate::i18n::flow::flow_error(
                env.lang,
                &crate::domain::flow::FlowError::RoundWithoutMeasure,
            ));
            return None;
        }
        Need::Closure => Step::Decision,
        _ => Step::of(wheel.phase),
    };
    Some(Box::new(RoundForm {
        round: wheel.round,
        step,
        state,
    }))
}

/// The form a draft of round `round`'s `phase` was typed into, if that is still the wheel's
/// next step on `state`; otherwise `None`, with the reason on the status line (the draft stays
/// in the work queue until it is discarded).
pub fn resume(
    env: &mut Env,
    state: CaseState,
    round: u32,
    phase: Phase,
) -> Option<Box<dyn FormModel>> {
    let model = next_step(env, state)?;
    let (kind, _) = model.draft_kind();
    if kind
        != (FormKind::Round {
            round,
            phase: Step::of(phase).phase(),
        })
    {
        env.info(W::DraftStale.get(env.lang));
        return None;
    }
    Some(model)
}
