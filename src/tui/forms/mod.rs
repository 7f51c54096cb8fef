//! The case forms of the assessment flow, each a `FormModel` on the shared form component.
//! A form turns its fields into a domain command and hands it to the service; the rules of
//! `domain::flow::decide` say whether it is recorded, and a refusal comes back as a message on
//! the field it concerns.

pub mod closure;
mod enrichment;
pub mod follow_up;
pub mod intake;
mod legal;
mod measure;
pub mod meeting;
pub mod review;
pub mod round;
mod screening;
mod underretning;

use chrono::NaiveDate;

use crate::domain::dates::format_date;
use crate::domain::draft::{Draft, FormKind};
use crate::domain::flow::Command;
use crate::domain::flow::FlowError;
use crate::domain::flow::decide::Required;
use crate::domain::legal::LegalKind;
use crate::domain::{CaseNo, CaseState};
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
        Action::CloseCase => Box::new(closure::CloseForm {
            state,
            meeting: None,
        }),
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
        // A record's text comes back redacted in redacted view; saving it again would write
        // initials over what is stored.
        Action::OpenItem
            if view.redacted
                && matches!(
                    d.selected(&view)?,
                    Target::Request(_) | Target::Conversation(_) | Target::Measure(_)
                ) =>
        {
            env.error(crate::i18n::follow::Fu::NoEditRedacted.get(env.lang));
            return Some(Nav::Stay);
        }
        Action::RecordUnderretning => underretning::form(env, state)?,
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

/// A form on its own screen: its draft resumed, if the user left one of this form on this
/// case (or meeting item), else new.
pub fn form_screen(env: &mut Env, model: Box<dyn FormModel>) -> Screen {
    let (kind, case) = model.draft_kind();
    match own_draft(env, kind, case) {
        Some(d) => {
            env.info(crate::i18n::live::Lc::Resumed.get(env.lang));
            Screen::Form(Box::new(FormScreen::resume(model, env, d)))
        }
        None => Screen::Form(Box::new(FormScreen::new(model, env))),
    }
}

/// The user's newest draft of form `kind` on `case`. A new concern is never resumed this way:
/// each `n` is a new call.
pub fn own_draft(env: &mut Env, kind: FormKind, case: Option<CaseNo>) -> Option<Draft> {
    if kind == FormKind::Intake && case.is_none() {
        return None;
    }
    match env.svc.drafts() {
        Ok(ds) => ds
            .into_iter()
            .filter(|d| d.kind == kind && d.case == case)
            .max_by_key(|d| d.updated_at),
        Err(e) => {
            env.fail(&e);
            None
        }
    }
}

/// Opens a draft from the work queue: its form, with what was typed, where typing stopped.
pub fn resume(env: &mut Env, d: Draft) -> Nav {
    match model_of(env, &d) {
        Ok(Some(model)) => {
            env.info(crate::i18n::live::Lc::Resumed.get(env.lang));
            Nav::Push(Screen::Form(Box::new(FormScreen::resume(model, env, d))))
        }
        Ok(None) => Nav::Stay,
        Err(ServiceError::NoSuchCase(_) | ServiceError::NoSuchMeeting(_)) => {
            env.error(crate::i18n::live::Lc::CaseGone.get(env.lang));
            Nav::Stay
        }
        Err(e) => {
            env.fail(&e);
            Nav::Stay
        }
    }
}

/// The form a draft was typed into. `Ok(None)` when the form cannot be opened now (the
/// reason is on the status line).
fn model_of(env: &mut Env, d: &Draft) -> Result<Option<Box<dyn FormModel>>, ServiceError> {
    let state = |env: &mut Env| -> Result<CaseState, ServiceError> {
        let no = d.case.ok_or(ServiceError::NoSuchCase(0))?;
        Ok(env.svc.case(no)?.state)
    };
    Ok(Some(match d.kind {
        FormKind::Intake => Box::new(intake::IntakeModel::new(env, d.editing())?),
        FormKind::Screening => Box::new(screening::ScreeningForm::new(state(env)?, env)),
        FormKind::JointReview => Box::new(review::ReviewForm::new(state(env)?, env)),
        FormKind::InfoRequest => Box::new(enrichment::RequestForm { state: state(env)? }),
        FormKind::Answer { request } => Box::new(enrichment::AnswerForm {
            state: state(env)?,
            id: request,
        }),
        FormKind::Conversation { id } => Box::new(enrichment::ConversationForm {
            state: state(env)?,
            id,
        }),
        FormKind::Assessment => Box::new(enrichment::AssessmentForm::new(state(env)?, env)),
        FormKind::Measure { id } => Box::new(measure::MeasureForm {
            state: state(env)?,
            id,
        }),
        FormKind::Disclosure => Box::new(measure::DisclosureForm { state: state(env)? }),
        FormKind::Closure => Box::new(closure::CloseForm {
            state: state(env)?,
            meeting: None,
        }),
        FormKind::MoveStage => Box::new(closure::MoveForm { state: state(env)? }),
        FormKind::PostReview { months } => Box::new(closure::PostReviewForm {
            state: state(env)?,
            months,
        }),
        FormKind::FollowUp { meeting } => Box::new(follow_up::FollowUpForm {
            state: state(env)?,
            meeting,
        }),
        FormKind::FollowUpPlan => Box::new(follow_up::PlanForm {
            state: state(env)?,
            people: env.people(),
        }),
        FormKind::PoliceFeedback => Box::new(follow_up::FeedbackForm { state: state(env)? }),
        FormKind::Legal(kind) => {
            let s = state(env)?;
            match legal_form(env, s, kind) {
                Some(m) => m,
                None => return Ok(None),
            }
        }
        FormKind::Underretning => {
            let s = state(env)?;
            match underretning::form(env, s) {
                Some(m) => m,
                None => return Ok(None),
            }
        }
        FormKind::NewMeeting => Box::new(meeting::NewMeetingForm::new(env)),
        FormKind::MeetingItem { meeting, index } => {
            let m = env.svc.meeting(meeting)?;
            Box::new(meeting::item_form(env, m, index as usize)?)
        }
        FormKind::MeetingTopic { meeting } => Box::new(meeting::AddItemForm { meeting }),
        FormKind::Round { round, phase } => {
            let s = state(env)?;
            match round::resume(env, s, round, phase) {
                Some(m) => m,
                None => return Ok(None),
            }
        }
    }))
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
    if kind == LegalKind::NotSent {
        return underretning::form(env, state);
    }
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
    let draft = env.draft.as_ref().map(|d| d.id);
    match env.svc.record_draft(no, cmd, next, draft) {
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
