//! The joint review with the police (§115 meeting): participants from the remembered list,
//! what was shared and where it came from, agreed steps and who acts on each.

use chrono::NaiveDate;

use super::{LINE, NEXT_DATE, TEXT, chosen, date, next_date_field, opt_date, options, text};
use crate::domain::CaseNo;
use crate::domain::CaseState;
use crate::domain::dates::format_date;
use crate::domain::draft::FormKind;
use crate::domain::flow::decide::Required;
use crate::domain::flow::{
    Authority, Command, InfoItem, JointReview, NextStep, Participant, ReviewDecision,
};
use crate::i18n::flow::{self as fl, F};
use crate::i18n::{Lang, T};
use crate::tui::app::{Env, Nav};
use crate::tui::form::{Field, Form, FormModel, Key, Kind};

/// Rows of each repeated group a review can hold.
pub const ROWS: u16 = 8;

// Keys relative to a base, so the screening form can carry a review too.
const DATE: Key = 0;
const SUMMARY: Key = 1;
const DECISION: Key = 2;
const FEEDBACK: Key = 3;
const PART: Key = 10;
const ITEM: Key = 20;
const ITEM_FROM: Key = 30;
const STEP: Key = 40;
const STEP_WHO: Key = 50;

/// Rows shown of a repeated group: the filled ones and one empty to type into.
pub fn shown(form: &Form, first: Key) -> u16 {
    let filled = (0..ROWS)
        .rev()
        .find(|i| !form.text(first + i).trim().is_empty())
        .map_or(0, |i| i + 1);
    (filled + 1).min(ROWS)
}

/// The review's fields from key `base` on. `with_date` is false when the screening's date is
/// the meeting's date.
pub fn fields(
    form: &Form,
    lang: Lang,
    roster: &[String],
    base: Key,
    with_date: bool,
) -> Vec<Field> {
    let mut out = Vec::new();
    let section = F::JointReviews.get(lang);
    if with_date {
        out.push(
            Field::new(base + DATE, F::Date.get(lang), Kind::Date)
                .required()
                .section(section),
        );
    }
    for i in 0..shown(form, base + PART) {
        let mut f = Field::new(
            base + PART + i,
            format!("{} {}", F::Participant.get(lang), i + 1),
            Kind::Combo {
                options: roster.to_vec(),
            },
        )
        .hint(F::ParticipantHint.get(lang));
        if i == 0 {
            f = f.required();
            if !with_date {
                f = f.section(section);
            }
        }
        out.push(f);
    }
    out.push(Field::new(base + SUMMARY, F::Summary.get(lang), TEXT).required());
    let authorities = options(Authority::ALL, lang, fl::authority);
    for i in 0..shown(form, base + ITEM) {
        out.push(Field::new(
            base + ITEM + i,
            format!("{} {}", F::InfoItem.get(lang), i + 1),
            LINE,
        ));
        if !form.text(base + ITEM + i).trim().is_empty() {
            out.push(
                Field::new(
                    base + ITEM_FROM + i,
                    format!("  {}", F::InfoFrom.get(lang)),
                    Kind::Choice {
                        options: authorities.clone(),
                    },
                )
                .required(),
            );
        }
    }
    let who: Vec<String> = authorities
        .iter()
        .cloned()
        .chain(roster.iter().cloned())
        .collect();
    for i in 0..shown(form, base + STEP) {
        out.push(Field::new(
            base + STEP + i,
            format!("{} {}", F::StepWhat.get(lang), i + 1),
            LINE,
        ));
        if !form.text(base + STEP + i).trim().is_empty() {
            out.push(
                Field::new(
                    base + STEP_WHO + i,
                    format!("  {}", F::StepWho.get(lang)),
                    Kind::Combo {
                        options: who.clone(),
                    },
                )
                .required(),
            );
        }
    }
    out.push(
        Field::new(
            base + DECISION,
            F::Decision.get(lang),
            Kind::Choice {
                options: options(ReviewDecision::ALL, lang, fl::decision),
            },
        )
        .required(),
    );
    if chosen(form, base + DECISION, ReviewDecision::ALL) == Some(ReviewDecision::PoliceMatter) {
        out.push(Field::new(base + FEEDBACK, F::PoliceFeedback.get(lang), Kind::Date).required());
    }
    out
}

/// Reads the review from the form. `meeting` is the date when the form has no date field.
pub fn read(form: &Form, base: Key, today: NaiveDate, meeting: Option<NaiveDate>) -> JointReview {
    let participants = (0..ROWS)
        .filter_map(|i| Participant::parse(form.text(base + PART + i)))
        .collect();
    let items = (0..ROWS)
        .filter(|i| !form.text(base + ITEM + i).trim().is_empty())
        .map(|i| InfoItem {
            text: text(form, base + ITEM + i),
            origin: chosen(form, base + ITEM_FROM + i, Authority::ALL).unwrap_or(Authority::Other),
        })
        .collect();
    let steps = (0..ROWS)
        .filter(|i| !form.text(base + STEP + i).trim().is_empty())
        .map(|i| NextStep {
            what: text(form, base + STEP + i),
            who: text(form, base + STEP_WHO + i),
        })
        .collect();
    let decision =
        chosen(form, base + DECISION, ReviewDecision::ALL).unwrap_or(ReviewDecision::Continue);
    JointReview {
        date: meeting.unwrap_or_else(|| date(form, base + DATE, today)),
        participants,
        summary: text(form, base + SUMMARY),
        items,
        steps,
        decision,
        police_feedback_due: (decision == ReviewDecision::PoliceMatter)
            .then(|| opt_date(form, base + FEEDBACK, today))
            .flatten(),
    }
}

/// Where a refused review's message belongs.
pub fn field_of(r: Required, base: Key) -> Option<Key> {
    match r {
        Required::Participants => Some(base + PART),
        Required::Summary => Some(base + SUMMARY),
        _ => None,
    }
}

pub fn roster_names(env: &mut Env) -> Vec<String> {
    match env.svc.roster() {
        Ok(r) => r.iter().map(Participant::display).collect(),
        Err(e) => {
            env.fail(&e);
            Vec::new()
        }
    }
}

pub struct ReviewForm {
    state: CaseState,
    roster: Vec<String>,
}

impl ReviewForm {
    pub fn new(state: CaseState, env: &mut Env) -> ReviewForm {
        ReviewForm {
            state,
            roster: roster_names(env),
        }
    }
}

impl FormModel for ReviewForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::JointReview, Some(self.state.no))
    }

    fn title(&self, lang: Lang) -> String {
        super::title(lang, F::JointReviews, &self.state)
    }

    fn banner(&self, _form: &Form, lang: Lang) -> Option<(String, bool)> {
        Some((T::Notice115.get(lang).to_string(), false))
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(DATE, &format_date(today));
        super::prefill_next_date(form, &self.state, today);
    }

    fn fields(&self, form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let mut out = fields(form, lang, &self.roster, 0, true);
        out.push(next_date_field(lang));
        out
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let review = read(form, 0, today, None);
        let done = format!(
            "{} {} · {}",
            F::Saved.get(env.lang),
            fl::decision(env.lang, review.decision),
            F::Journalise
                .get(env.lang)
                .replace(" N ", &format!(" {} ", self.state.no))
        );
        super::record(
            env,
            self.state.no,
            Command::Review(review),
            opt_date(form, NEXT_DATE, today),
            done,
            |r| field_of(r, 0),
        )
    }
}
