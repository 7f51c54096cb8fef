//! The case forms of the assessment flow, each a `FormModel` on the shared form component.
//! A form turns its fields into a domain command and hands it to the service; the rules of
//! `domain::flow::decide` say whether it is recorded, and a refusal comes back as a message on
//! the field it concerns.

mod closure;
mod enrichment;
pub mod follow_up;
mod legal;
mod measure;
pub mod meeting;
pub mod review;
pub mod round;
mod screening;

use chrono::NaiveDate;

use crate::domain::CaseState;
use crate::domain::dates::format_date;
use crate::domain::flow::Command;
use crate::domain::flow::FlowError;
use crate::domain::flow::decide::Required;
use crate::domain::legal::LegalKind;
use crate::i18n::flow::{self as fl, F};
use crate::i18n::{Lang, T};
use crate::service::ServiceError;
use crate::tui::app::{Env, Nav, Screen};
use crate::tui::form::{Field, Form, FormModel, FormScreen, Key, Kind};
use crate::tui::keymap::Action;
use crate::tui::screens::DetailScreen;
use crate::tui::screens::detail::Target;

/// Opens the form an action on a case asks for, if it is a form action.
pub fn for_case(env: &mut Env, d: &mut DetailScreen, action: Action) -> Option<Nav> {
    let state = d.view.state.clone();
    let view = env.view();
    let model: Box<dyn FormModel> = match action {
        Action::RecordScreening => Box::new(screening::ScreeningForm::new(state, env)),
        Action::RecordReview => Box::new(review::ReviewForm::new(state, env)),
        Action::NewRequest => Box::new(enrichment::RequestForm { state }),
        Action::NewConversation => Box::new(enrichment::ConversationForm { state, id: 0 }),
        Action::NewAssessment => Box::new(enrichment::AssessmentForm::new(state, env)),
        Action::NewMeasure => Box::new(measure::MeasureForm { state, id: 0 }),
        Action::RecordDisclosure => Box::new(measure::DisclosureForm { state }),
        Action::RoundStep => round::next_step(env, state)?,
        Action::CloseCase => Box::new(closure::CloseForm { state }),
        Action::MoveStage => Box::new(closure::MoveForm { state }),
        Action::FollowUp => Box::new(follow_up::FollowUpForm {
            state,
            meeting: None,
        }),
        Action::FollowUpPlan => Box::new(follow_up::PlanForm {
            state,
            people: env.people(),
        }),
        Action::PoliceFeedback => Box::new(follow_up::FeedbackForm { state }),
        Action::PostReview => Box::new(closure::PostReviewForm {
            state,
            months: None,
        }),
        Action::ConfirmUrgency => legal_form(env, state, LegalKind::Urgency)?,
        Action::ConfirmReceipt => legal_form(env, state, LegalKind::Receipt)?,
        Action::RecordFeedback => legal_form(env, state, LegalKind::Feedback)?,
        Action::RecordHandOver => legal_form(env, state, LegalKind::AdultHandOver)?,
        Action::OpenItem => match d.selected(&view)? {
            Target::Request(id) => Box::new(enrichment::AnswerForm { state, id }),
            Target::Conversation(id) => Box::new(enrichment::ConversationForm { state, id }),
            Target::Assessment(id) => {
                return Some(Nav::Push(Screen::Assessment(Box::new(
                    crate::tui::screens::AssessmentScreen::new(state, id),
                ))));
            }
            Target::Measure(id) => Box::new(measure::MeasureForm { state, id }),
            Target::PostReview(months) => Box::new(closure::PostReviewForm {
                state,
                months: Some(months),
            }),
        },
        _ => return None,
    };
    Some(Nav::Push(form_screen(env, model)))
}

/// A form on its own screen, opened on today's date.
pub fn form_screen(env: &Env, model: Box<dyn FormModel>) -> Screen {
    Screen::Form(Box::new(FormScreen::new(model, env.lang, env.svc.today())))
}

/// A follow-up of `state`, as its own form screen (from the queue, or for a meeting).
pub fn follow_up_form(env: &mut Env, state: CaseState, meeting: Option<u64>) -> Nav {
    Nav::Push(form_screen(
        env,
        Box::new(follow_up::FollowUpForm { state, meeting }),
    ))
}

/// The next post-closure review of a closed case.
pub fn post_review_form(env: &mut Env, state: CaseState) -> Nav {
    Nav::Push(form_screen(
        env,
        Box::new(closure::PostReviewForm {
            state,
            months: None,
        }),
    ))
}

/// The form for a legal item, or `None` (with the reason on the status line) when the case has
/// nothing of that kind to record.
fn legal_form(env: &mut Env, state: CaseState, kind: LegalKind) -> Option<Box<dyn FormModel>> {
    use crate::domain::legal::{LegalError, minor_at_intake};
    let refusal = match kind {
        LegalKind::AdultHandOver if minor_at_intake(&state.intake).is_none() => {
            Some(LegalError::NotAMinor)
        }
        LegalKind::AdultHandOver => None,
        _ if state.intake.underretning.is_none() => Some(LegalError::NoUnderretning),
        _ => None,
    };
    if let Some(e) = refusal {
        env.info(crate::i18n::legal::error(env.lang, &e));
        return None;
    }
    let rules = match env.svc.legal_rules() {
        Ok(r) => r,
        Err(e) => {
            env.fail(&e);
            return None;
        }
    };
    Some(Box::new(legal::LegalForm { state, kind, rules }))
}

/// The names of a choice enum's values, in `ALL` order.
fn options<E: Copy>(all: &[E], lang: Lang, label: fn(Lang, E) -> &'static str) -> Vec<String> {
    all.iter().map(|v| label(lang, *v).to_string()).collect()
}

fn chosen<E: Copy>(form: &Form, key: Key, all: &[E]) -> Option<E> {
    form.choice(key).and_then(|i| all.get(i).copied())
}

fn index_of<E: PartialEq>(all: &[E], v: &E) -> Option<usize> {
    all.iter().position(|x| x == v)
}

/// A required date; the form checked that it is filled and readable before calling submit.
fn date(form: &Form, key: Key, today: NaiveDate) -> NaiveDate {
    form.date(key, today).ok().flatten().unwrap_or(today)
}

fn opt_date(form: &Form, key: Key, today: NaiveDate) -> Option<NaiveDate> {
    form.date(key, today).ok().flatten()
}

fn text(form: &Form, key: Key) -> String {
    form.text(key).trim().to_string()
}

const LINE: Kind = Kind::Line {
    limit: crate::domain::text::LINE_LIMIT,
};
const TEXT: Kind = Kind::Text {
    limit: crate::domain::text::DESCRIPTION_LIMIT,
};

/// The next follow-up date field most forms end with.
const NEXT_DATE: Key = 999;

fn next_date_field(lang: Lang) -> Field {
    Field::new(NEXT_DATE, T::NextDate.get(lang), Kind::Date)
        .section(F::NextFollowUp.get(lang))
        .hint(F::NextDateHint.get(lang))
}

/// Pre-fills the next date: the case's own, or two weeks on if that has passed.
fn prefill_next_date(form: &mut Form, state: &CaseState, today: NaiveDate) {
    let d = if state.next_date >= today {
        state.next_date
    } else {
        today + chrono::Days::new(crate::domain::case::ASSESSMENT_FOLLOW_UP_DAYS)
    };
    form.set_text(NEXT_DATE, &format_date(d));
}

/// Records a command and reports the result: on success the form closes with a message; a
/// refusal is shown on the field it concerns (`on_field`), or as a message.
fn record(
    env: &mut Env,
    no: u64,
    cmd: Command,
    next: Option<NaiveDate>,
    done: String,
    on_field: impl Fn(Required) -> Option<Key>,
) -> Result<Nav, Vec<(Key, String)>> {
    match env.svc.record(no, cmd, next) {
        Ok(_) => {
            env.info(done);
            Ok(Nav::Pop)
        }
        Err(e) => Err(refusal(env, e, on_field)),
    }
}

/// A refusal as messages on the fields it concerns, or as the status line's message.
fn refusal(
    env: &mut Env,
    e: ServiceError,
    on_field: impl Fn(Required) -> Option<Key>,
) -> Vec<(Key, String)> {
    match e {
        ServiceError::Flow(FlowError::Required(r)) if on_field(r).is_some() => {
            let key = on_field(r).unwrap_or(0);
            vec![(key, fl::required(env.lang, r).to_string())]
        }
        ServiceError::DateInPast => vec![(
            NEXT_DATE,
            crate::i18n::service_error(env.lang, &ServiceError::DateInPast),
        )],
        e => {
            env.fail(&e);
            Vec::new()
        }
    }
}

fn title(lang: Lang, what: F, state: &CaseState) -> String {
    format!(
        "{} · {} #{}",
        what.get(lang),
        T::CaseDetail.get(lang),
        state.no
    )
}
