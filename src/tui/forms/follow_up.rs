//! Follow-up forms: record a follow-up (rolls the next date by the rhythm), choose the rhythm
//! and who is responsible, and record that the police reported back.

use chrono::NaiveDate;

use super::{LINE, TEXT, chosen, date, opt_date, options, text};
use crate::domain::CaseNo;
use crate::domain::CaseState;
use crate::domain::dates::format_date;
use crate::domain::draft::FormKind;
use crate::domain::flow::decide::Required;
use crate::domain::flow::{Cadence, Command, FollowUpDecision, FollowUpPlan, PoliceFeedback};
use crate::i18n::Lang;
use crate::i18n::follow::{self as fo, Fu};
use crate::tui::app::{Env, Nav};
use crate::tui::form::{Field, Form, FormModel, Key, Kind};

const DATE: Key = 1;
const SUMMARY: Key = 2;
const DECISION: Key = 3;
const WHO: Key = 4;
const NEXT: Key = 5;
const RHYTHM: Key = 6;
const DAYS: Key = 7;
const RESPONSIBLE: Key = 8;

fn title(lang: Lang, what: Fu, state: &CaseState) -> String {
    format!("{} · #{}", what.get(lang), state.no)
}

fn decisions(lang: Lang) -> Vec<String> {
    options(FollowUpDecision::ALL, lang, fo::decision)
}

/// A follow-up of one case, from the case screen or straight from the work queue.
pub struct FollowUpForm {
    pub state: CaseState,
    /// Set when the follow-up is decided at a meeting.
    pub meeting: Option<u64>,
}

impl FormModel for FollowUpForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (
            FormKind::FollowUp {
                meeting: self.meeting,
            },
            Some(self.state.no),
        )
    }

    fn title(&self, lang: Lang) -> String {
        title(lang, Fu::FollowUpTitle, &self.state)
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(DATE, &format_date(today));
        form.set_choice(DECISION, Some(0));
    }

    fn fields(&self, form: &Form, lang: Lang, today: NaiveDate) -> Vec<Field> {
        let cadence = self.state.flow.cadence(self.state.stage);
        let held = opt_date(form, DATE, today).unwrap_or(today);
        let by_rhythm = cadence
            .next_after(held)
            .map(|d| format!("{}: {}", Fu::NextHint.get(lang), format_date(d)))
            .unwrap_or_else(|| fo::cadence(lang, cadence));
        let mut next = Field::new(NEXT, Fu::Next.get(lang), Kind::Date).hint(by_rhythm);
        if cadence == Cadence::AdHoc {
            next = next.required();
        }
        vec![
            Field::new(DATE, Fu::Date.get(lang), Kind::Date).required(),
            Field::new(SUMMARY, Fu::Summary.get(lang), TEXT).required(),
            Field::new(
                DECISION,
                Fu::Decision.get(lang),
                Kind::Choice {
                    options: decisions(lang),
                },
            )
            .required(),
            Field::new(WHO, Fu::WhoActs.get(lang), LINE).hint(Fu::WhoActs.get(lang)),
            next,
        ]
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let decision =
            chosen(form, DECISION, FollowUpDecision::ALL).unwrap_or(FollowUpDecision::Continue);
        let cmd = Command::FollowUp {
            date: date(form, DATE, today),
            summary: text(form, SUMMARY),
            decision,
            who_acts: text(form, WHO),
            next: opt_date(form, NEXT, today),
            meeting: self.meeting,
        };
        let draft = env.draft.as_ref().map(|d| d.id);
        match env.svc.record_draft(self.state.no, cmd, None, draft) {
            Ok(s) => {
                env.info(format!(
                    "{} {}.",
                    Fu::Recorded.get(env.lang),
                    format_date(s.next_date)
                ));
                if decision == FollowUpDecision::Close && self.meeting.is_none() {
                    // The decision is recorded; the closure has its own requirements, so its
                    // form follows at once instead of the case silently staying open.
                    env.info(Fu::CloseNow.get(env.lang));
                    let model = super::closure::CloseForm {
                        state: s,
                        meeting: None,
                    };
                    return Ok(Nav::Replace(super::form_screen(env, Box::new(model))));
                }
                Ok(Nav::Pop)
            }
            Err(e) => Err(super::refusal(env, e, |r| match r {
                Required::Summary => Some(SUMMARY),
                Required::NextDate => Some(NEXT),
                _ => None,
            })),
        }
    }
}

/// The case's rhythm and who is responsible for it.
pub struct PlanForm {
    pub state: CaseState,
    pub people: Vec<String>,
}

fn rhythm_options(lang: Lang) -> Vec<String> {
    Cadence::KINDS
        .iter()
        .map(|c| fo::cadence(lang, *c))
        .collect()
}

impl FormModel for PlanForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::FollowUpPlan, Some(self.state.no))
    }

    fn title(&self, lang: Lang) -> String {
        title(lang, Fu::PlanTitle, &self.state)
    }

    fn prefill(&self, form: &mut Form, _today: NaiveDate) {
        let current = self.state.flow.cadence(self.state.stage);
        form.set_choice(
            RHYTHM,
            Cadence::KINDS.iter().position(|k| k.same_kind(current)),
        );
        if let Cadence::EveryDays(n) = current {
            form.set_text(DAYS, &n.to_string());
        }
        let responsible = self
            .state
            .flow
            .plan
            .as_ref()
            .map_or(self.state.intake.received_by.as_str(), |p| {
                p.responsible.as_str()
            });
        form.set_text(RESPONSIBLE, responsible);
    }

    fn fields(&self, form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let mut fields = vec![
            Field::new(
                RHYTHM,
                Fu::Rhythm.get(lang),
                Kind::Choice {
                    options: rhythm_options(lang),
                },
            )
            .required(),
        ];
        let custom = form.choice(RHYTHM) == Some(3);
        if custom {
            fields.push(
                Field::new(DAYS, Fu::Days.get(lang), Kind::Line { limit: 3 })
                    .required()
                    .hint(Fu::DaysHint.get(lang)),
            );
        }
        fields.push(
            Field::new(
                RESPONSIBLE,
                Fu::Responsible.get(lang),
                Kind::Combo {
                    options: self.people.clone(),
                },
            )
            .required(),
        );
        let mut next =
            Field::new(NEXT, Fu::Next.get(lang), Kind::Date).hint(Fu::NextPlanHint.get(lang));
        if form.choice(RHYTHM) == Some(4) {
            next = next.required();
        }
        fields.push(next);
        fields
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let cadence = match form
            .choice(RHYTHM)
            .and_then(|i| Cadence::KINDS.get(i).copied())
        {
            Some(Cadence::EveryDays(_)) => match form.text(DAYS).trim().parse::<u16>() {
                Ok(n) if (1..=366).contains(&n) => Cadence::EveryDays(n),
                _ => return Err(vec![(DAYS, Fu::NotANumber.get(env.lang).to_string())]),
            },
            Some(c) => c,
            None => Cadence::default_for(self.state.stage),
        };
        let cmd = Command::PlanFollowUp {
            plan: FollowUpPlan {
                cadence,
                responsible: text(form, RESPONSIBLE),
            },
            next: opt_date(form, NEXT, today),
        };
        super::record(
            env,
            self.state.no,
            cmd,
            None,
            Fu::PlanSaved.get(env.lang).into(),
            |r| match r {
                Required::Responsible => Some(RESPONSIBLE),
                Required::NextDate => Some(NEXT),
                _ => None,
            },
        )
    }
}

/// The police reported back on a police matter.
pub struct FeedbackForm {
    pub state: CaseState,
}

impl FormModel for FeedbackForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::PoliceFeedback, Some(self.state.no))
    }

    fn title(&self, lang: Lang) -> String {
        title(lang, Fu::FeedbackTitle, &self.state)
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(DATE, &format_date(today));
    }

    fn fields(&self, _form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        vec![
            Field::new(DATE, Fu::Date.get(lang), Kind::Date).required(),
            Field::new(SUMMARY, Fu::Summary.get(lang), TEXT).required(),
        ]
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let cmd = Command::PoliceFeedback(PoliceFeedback {
            date: date(form, DATE, today),
            summary: text(form, SUMMARY),
        });
        super::record(
            env,
            self.state.no,
            cmd,
            None,
            Fu::FeedbackSaved.get(env.lang).into(),
            |r| (r == Required::Summary).then_some(SUMMARY),
        )
    }
}
