//! The screening: approach, who took part, outcome and why — and, when the police tovholder
//! took part, the joint review in the same step.

use chrono::NaiveDate;

use super::{
    LINE, NEXT_DATE, TEXT, chosen, date, next_date_field, opt_date, options, review, text,
};
use crate::domain::CaseNo;
use crate::domain::CaseState;
use crate::domain::dates::format_date;
use crate::domain::draft::FormKind;
use crate::domain::flow::decide::Required;
use crate::domain::flow::{
    Approach, Command, PoliceMatterKind, Referral, Screening, ScreeningOutcome,
};
use crate::i18n::flow::{self as fl, F};
use crate::i18n::{Lang, T};
use crate::tui::app::{Env, Nav};
use crate::tui::form::{Field, Form, FormModel, Key, Kind};

const DATE: Key = 1;
const APPROACH: Key = 2;
const PARTICIPANTS: Key = 3;
const OUTCOME: Key = 4;
const REF_TO: Key = 5;
const REF_DETAIL: Key = 6;
const KEEP: Key = 7;
const PM_KIND: Key = 8;
const PM_DUE: Key = 9;
const RATIONALE: Key = 10;
const JOINT: Key = 11;
/// The joint review's keys start here.
const REVIEW: Key = 100;

// Outcome choices, in `fl::outcome_kinds` order.
const STANDS: usize = 0;
const REFERRED: usize = 2;
const POLICE: usize = 3;

pub struct ScreeningForm {
    state: CaseState,
    roster: Vec<String>,
}

impl ScreeningForm {
    pub fn new(state: CaseState, env: &mut Env) -> ScreeningForm {
        ScreeningForm {
            state,
            roster: review::roster_names(env),
        }
    }

    fn outcome(form: &Form, today: NaiveDate) -> ScreeningOutcome {
        match form.choice(OUTCOME) {
            Some(REFERRED) => ScreeningOutcome::Referred {
                to: chosen(form, REF_TO, Referral::ALL).unwrap_or(Referral::Other),
                detail: text(form, REF_DETAIL),
                keep_tracking: form.flag(KEEP),
            },
            Some(POLICE) => ScreeningOutcome::PoliceMatter {
                kind: chosen(form, PM_KIND, PoliceMatterKind::ALL)
                    .unwrap_or(PoliceMatterKind::Report),
                feedback_due: date(form, PM_DUE, today),
            },
            Some(STANDS) => ScreeningOutcome::Stands,
            _ => ScreeningOutcome::Unfounded,
        }
    }

    /// Whether the joint review is offered in this step: police present, concern going on.
    fn joint_possible(form: &Form) -> bool {
        chosen(form, APPROACH, Approach::ALL).is_some_and(Approach::includes_police)
            && matches!(form.choice(OUTCOME), Some(STANDS) | Some(POLICE))
    }
}

impl FormModel for ScreeningForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::Screening, Some(self.state.no))
    }

    fn title(&self, lang: Lang) -> String {
        super::title(lang, F::Screening, &self.state)
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(DATE, &format_date(today));
        form.set_text(PM_DUE, &format_date(today + chrono::Days::new(14)));
        super::prefill_next_date(form, &self.state, today);
    }

    fn fields(&self, form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let mut out = vec![
            Field::new(DATE, F::Date.get(lang), Kind::Date).required(),
            Field::new(
                APPROACH,
                F::Approach.get(lang),
                Kind::Choice {
                    options: options(Approach::ALL, lang, fl::approach),
                },
            )
            .required(),
            Field::new(PARTICIPANTS, F::Participants.get(lang), LINE).required(),
            Field::new(
                OUTCOME,
                F::Outcome.get(lang),
                Kind::Choice {
                    options: fl::outcome_kinds(lang),
                },
            )
            .required(),
        ];
        match form.choice(OUTCOME) {
            Some(REFERRED) => {
                out.push(
                    Field::new(
                        REF_TO,
                        F::ReferredTo.get(lang),
                        Kind::Choice {
                            options: options(Referral::ALL, lang, fl::referral),
                        },
                    )
                    .required(),
                );
                out.push(Field::new(REF_DETAIL, F::ReferredDetail.get(lang), LINE));
                out.push(Field::new(KEEP, F::KeepTracking.get(lang), Kind::Flag));
            }
            Some(POLICE) => {
                out.push(
                    Field::new(
                        PM_KIND,
                        F::PoliceKind.get(lang),
                        Kind::Choice {
                            options: options(PoliceMatterKind::ALL, lang, fl::police_matter),
                        },
                    )
                    .required(),
                );
                out.push(Field::new(PM_DUE, F::PoliceFeedback.get(lang), Kind::Date).required());
            }
            _ => {}
        }
        out.push(Field::new(RATIONALE, F::Rationale.get(lang), TEXT).required());
        if Self::joint_possible(form) {
            out.push(
                Field::new(JOINT, F::AlsoJoint.get(lang), Kind::Flag)
                    .hint(F::AlsoJointHint.get(lang)),
            );
            if form.flag(JOINT) {
                out.extend(review::fields(form, lang, &self.roster, REVIEW, false));
            }
        }
        out.push(next_date_field(lang));
        out
    }

    fn banner(&self, form: &Form, lang: Lang) -> Option<(String, bool)> {
        let s = &self.state;
        if s.intake.imminent_danger && s.intake.police_contact.is_none() {
            return Some((T::ImminentDanger.get(lang).to_string(), true));
        }
        // The notice belongs where joint-review information is recorded (DESIGN §7).
        (Self::joint_possible(form) && form.flag(JOINT))
            .then(|| (T::Notice115.get(lang).to_string(), false))
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let approach = chosen(form, APPROACH, Approach::ALL).unwrap_or(Approach::Internal);
        let screening = Screening {
            date: date(form, DATE, today),
            approach,
            participants: text(form, PARTICIPANTS),
            outcome: Self::outcome(form, today),
            rationale: text(form, RATIONALE),
        };
        let joint = (Self::joint_possible(form) && form.flag(JOINT))
            .then(|| review::read(form, REVIEW, today, Some(screening.date)));
        let lang = env.lang;
        let done = format!(
            "{} {}",
            F::Saved.get(lang),
            fl::outcome(lang, &screening.outcome)
        );
        super::record(
            env,
            self.state.no,
            Command::Screen { screening, joint },
            opt_date(form, NEXT_DATE, today),
            done,
            |r| match r {
                Required::Participants if form.flag(JOINT) => review::field_of(r, REVIEW),
                Required::Participants => Some(PARTICIPANTS),
                Required::Rationale => Some(RATIONALE),
                other => review::field_of(other, REVIEW),
            },
        )
    }
}
