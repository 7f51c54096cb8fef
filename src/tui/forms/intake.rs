//! The intake, made for typing while listening, as a model on the one form engine: fields in
//! any order, every change saved at once (the engine's draft), earlier cases about the same
//! person beside the form as the name is typed, and the call added to one of them with Ctrl-O
//! instead of a new case.

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::CaseNo;
use crate::domain::age::age_on;
use crate::domain::age::parse_age;
use crate::domain::cpr::{CprError, LegalSex, parse_cpr, partial_digits};
use crate::domain::dates::format_date;
use crate::domain::draft::FormKind;
use crate::domain::intake::{
    Channel, ConcernType, DANGER_KEY, FieldId, FieldProblem, IntakeForm, LINKS_KEY, SourceCategory,
};
use crate::domain::text::{DESCRIPTION_LIMIT, LINE_LIMIT};
use crate::i18n::live::{self as lv, Lc};
use crate::i18n::{self, Lang, T};
use crate::service::{Filed, PriorMatch, ServiceError};
use crate::tui::app::{Env, Nav, Screen};
use crate::tui::form::{
    Answer, Field, Form, FormModel, FormScreen, Handled, Key, Kind, Panel, PanelItem, Tone, Value,
};
use crate::tui::keymap::{Action, Ctx};
use crate::tui::overlay::Overlay;
use crate::tui::screens::DetailScreen;

/// Earlier cases listed beside the form.
const MATCH_LIMIT: usize = 8;
/// The question whether to move an invalid CPR number into the description.
const ASK_MOVE_CPR: u8 = 1;

fn key(f: FieldId) -> Key {
    f.key()
}

/// What saving the form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// File a new case (or save the edit).
    File,
    /// Add the call to earlier case `no` (Ctrl-O).
    Contact(CaseNo),
}

pub struct IntakeModel {
    /// The case whose intake is corrected, if any.
    editing: Option<CaseNo>,
    /// What the form opened with: a fresh form, or the filed intake.
    initial: IntakeForm,
    matches: Vec<PriorMatch>,
    /// The earlier case selected with Ctrl-N/Ctrl-P; none until the first Ctrl-N.
    sel: Option<usize>,
    /// Name, CPR and birth date the matches were found for.
    probe: (String, String, String),
    mode: Mode,
    /// The day the form opened (what the banner's age is counted on).
    today: NaiveDate,
}

/// Opens the intake: a new concern, or the correction of case `editing` (resuming a draft of
/// that correction if there is one).
pub fn open(env: &mut Env, editing: Option<CaseNo>) -> Nav {
    let model = match IntakeModel::new(env, editing) {
        Ok(m) => m,
        Err(e) => {
            env.fail(&e);
            return Nav::Stay;
        }
    };
    if editing.is_some()
        && let Some(d) = super::own_draft(env, FormKind::Intake, editing)
    {
        env.info(Lc::Resumed.get(env.lang));
        return Nav::Push(Screen::Form(Box::new(FormScreen::resume(
            Box::new(model),
            env,
            d,
        ))));
    }
    Nav::Push(Screen::Form(Box::new(FormScreen::new(
        Box::new(model),
        env,
    ))))
}

impl IntakeModel {
    pub fn new(env: &mut Env, editing: Option<CaseNo>) -> Result<IntakeModel, ServiceError> {
        let initial = match editing {
            Some(no) => IntakeForm::from_intake(&env.svc.reload_case(no)?.state.intake),
            None => IntakeForm::new(env.svc.now()),
        };
        Ok(IntakeModel {
            editing,
            initial,
            matches: Vec::new(),
            sel: None,
            probe: Default::default(),
            mode: Mode::File,
            today: env.svc.today(),
        })
    }

    fn rematch(&mut self, form: &Form, env: &mut Env) {
        let f = intake(form);
        let probe = (f.person_name.clone(), f.cpr.clone(), f.birth_date.clone());
        if probe == self.probe {
            return;
        }
        self.probe = probe;
        let before = self.selected().map(|m| m.case.no);
        match env.svc.prior_matches(&f, self.editing, MATCH_LIMIT) {
            Ok(m) => self.matches = m,
            Err(e) => env.fail(&e),
        }
        // The selection stays on its case while that is still listed.
        self.sel = before.and_then(|no| self.matches.iter().position(|m| m.case.no == no));
    }

    fn selected(&self) -> Option<&PriorMatch> {
        self.sel.and_then(|i| self.matches.get(i))
    }

    /// What a CPR number typed so far says: `Err` when it cannot be one.
    fn cpr_state(cpr: &str) -> Option<Result<crate::domain::cpr::CprInfo, CprError>> {
        if cpr.trim().is_empty() {
            return None;
        }
        let r = parse_cpr(cpr);
        // Half-typed numbers are not called invalid.
        let complete = partial_digits(cpr).len() >= 10 || cpr.chars().any(char::is_alphabetic);
        match r {
            Ok(info) => Some(Ok(info)),
            Err(e) if complete => Some(Err(e)),
            Err(_) => None,
        }
    }

    fn cpr_field(&self, f: &IntakeForm, lang: Lang, today: NaiveDate) -> Field {
        let field = Field::new(
            key(FieldId::Cpr),
            i18n::field(lang, FieldId::Cpr),
            Kind::Line { limit: LINE_LIMIT },
        );
        match Self::cpr_state(&f.cpr) {
            None if f.cpr.trim().is_empty() => field.hint(T::CprFormat.get(lang)),
            None => field.hint(T::CprFormat.get(lang)),
            Some(Ok(info)) => {
                let sex = match info.legal_sex {
                    LegalSex::Female => T::Female,
                    LegalSex::Male => T::Male,
                };
                let mut hint = format!(
                    "{} · {} {} · {}",
                    format_date(info.birth_date),
                    age_on(info.birth_date, today),
                    T::Age.get(lang),
                    sex.get(lang)
                );
                // Masked as soon as the field is left: the screen may be seen by others.
                let mut shown = info.cpr.masked();
                if info.modulus11_ok {
                    field.hint_in(hint, Tone::Ok).shown(shown, Tone::Dim)
                } else {
                    hint = format!("{hint} · {}", T::Mod11Warning.get(lang));
                    shown = format!("{shown}\n{}", T::Mod11Warning.get(lang));
                    field
                        .hint_in(hint, Tone::Warning)
                        .shown(shown, Tone::Warning)
                }
            }
            Some(Err(e)) => field
                .hint_in(
                    format!(
                        "{} {}",
                        i18n::cpr_error(lang, &e),
                        Lc::CprInvalidHint.get(lang)
                    ),
                    Tone::Error,
                )
                .shown(
                    format!("{}\n{}", f.cpr.trim(), Lc::CprInvalid.get(lang)),
                    Tone::Warning,
                ),
        }
    }

    fn age_field(f: &IntakeForm, lang: Lang) -> Field {
        let field = Field::new(
            key(FieldId::ApproxAge),
            i18n::field(lang, FieldId::ApproxAge),
            Kind::Line { limit: 40 },
        );
        match parse_age(&f.approx_age) {
            Ok(Some(r)) => {
                let minor = if r.band().is_minor() {
                    T::UnderretningTitle.get(lang)
                } else {
                    ""
                };
                field.hint_in(
                    format!("= [{}] {minor}", r.band().label())
                        .trim_end()
                        .to_string(),
                    Tone::Ok,
                )
            }
            Ok(None) => field.hint(Lc::AgeHint.get(lang)),
            Err(_) => field.hint_in(Lc::AgeNotUnderstood.get(lang), Tone::Warning),
        }
    }

    /// Problems of the intake before it is saved, on their fields. An invalid CPR number is
    /// not one of them: saving offers to move it into the description instead.
    fn problems(&self, f: &IntakeForm, now: NaiveDateTime, lang: Lang) -> Vec<(Key, String)> {
        let Err(problems) = f.validate(now, "") else {
            return Vec::new();
        };
        let was = self.editing.map(|_| &self.initial);
        problems
            .into_iter()
            .filter(|(_, p)| !matches!(p, FieldProblem::Cpr(_)))
            // A correction is not refused for what the filed intake already lacked.
            .filter(|(_, p)| match (p, was) {
                (FieldProblem::SourceNeeded, Some(w)) => w.source.is_some() || w.reporter_anonymous,
                (FieldProblem::DescriptionOrConcernNeeded, Some(w)) => {
                    !w.description.is_empty() || !w.concerns.is_empty()
                }
                _ => true,
            })
            .map(|(fid, p)| (key(fid), problem_text(lang, fid, &p)))
            .collect()
    }

    /// Ctrl-S or Ctrl-O: with nothing else in the way, an invalid CPR number is offered into
    /// the description first; otherwise the form saves (or shows what is missing).
    fn save_as(&mut self, mode: Mode, form: &Form, env: &Env) -> Handled {
        self.mode = mode;
        let f = intake(form);
        let now = env.svc.now();
        let clear = form.missing_required().is_empty()
            && form.bad_dates(now).is_empty()
            && self.problems(&f, now, env.lang).is_empty();
        if clear && matches!(Self::cpr_state(&f.cpr), Some(Err(_))) {
            return Handled::Ask(lv::move_cpr_question(env.lang, f.cpr.trim()), ASK_MOVE_CPR);
        }
        Handled::Submit
    }

    fn danger(&mut self, form: &mut Form, env: &mut Env) -> Handled {
        let on = !form.flag(DANGER_KEY);
        form.set_by_user(DANGER_KEY, Value::Flag(on));
        let fields = self.fields(form, env.lang, env.svc.today());
        form.set_fields(fields);
        if on {
            form.focus_on(key(FieldId::PoliceContactedBy));
            return Handled::Nav(Nav::Overlay(Overlay::DangerCard));
        }
        if !form.fields().iter().any(|x| x.key == form.focus()) {
            form.focus_on(key(FieldId::Description));
        }
        Handled::Changed
    }

    fn link(&mut self, form: &mut Form) -> Handled {
        let Some(no) = self.selected().map(|m| m.case.no) else {
            return Handled::Done;
        };
        let mut links: Vec<usize> = form.multi(LINKS_KEY).to_vec();
        let no = usize::try_from(no).unwrap_or(usize::MAX);
        match links.iter().position(|x| *x == no) {
            Some(i) => {
                links.remove(i);
            }
            None => links.push(no),
        }
        links.sort_unstable();
        form.set_by_user(LINKS_KEY, Value::Multi(links));
        Handled::Changed
    }
}

/// The intake the form holds.
fn intake(form: &Form) -> IntakeForm {
    IntakeForm::from_values(&form.stored_values())
}

/// A problem in the user's words; a date-and-time field explains the times it takes.
fn problem_text(lang: Lang, fid: FieldId, p: &FieldProblem) -> String {
    let moment = matches!(
        fid,
        FieldId::ReceivedAt | FieldId::PoliceContactedAt | FieldId::UnderretningAt
    );
    match p {
        FieldProblem::Date(e) if moment => lv::moment_error(lang, e).to_string(),
        FieldProblem::InFuture if moment => Lc::InFuture.get(lang).to_string(),
        FieldProblem::AgeNotANumber => Lc::AgeNotUnderstood.get(lang).to_string(),
        p => i18n::problem(lang, p),
    }
}

fn options<E: Copy>(all: &[E], lang: Lang, label: fn(Lang, E) -> &'static str) -> Vec<String> {
    all.iter().map(|v| label(lang, *v).to_string()).collect()
}

impl FormModel for IntakeModel {
    fn title(&self, lang: Lang) -> String {
        match self.editing {
            Some(no) => format!("{} #{no}", T::EditIntake.get(lang)),
            None => T::NewIntake.get(lang).to_string(),
        }
    }

    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::Intake, self.editing)
    }

    fn ctx(&self) -> Ctx {
        if self.editing.is_some() {
            Ctx::IntakeEdit
        } else {
            Ctx::Intake
        }
    }

    fn keeps_draft_on_leave(&self) -> bool {
        true
    }

    fn refusal(&self, lang: Lang) -> &'static str {
        if self.editing.is_some() {
            T::FormCannotSave.get(lang)
        } else {
            Lc::CannotFile.get(lang)
        }
    }

    fn prefill(&self, form: &mut Form, _today: NaiveDate) {
        form.load_values(&self.initial.to_values());
    }

    fn fields(&self, form: &Form, lang: Lang, today: NaiveDate) -> Vec<Field> {
        let f = intake(form);
        let minor = f.derived_age(today).is_some_and(|a| a.band.is_minor());
        let line = Kind::Line { limit: LINE_LIMIT };
        let label = |fid| i18n::field(lang, fid);
        f.visible_fields(today)
            .into_iter()
            .map(|fid| {
                let k = key(fid);
                match fid {
                    FieldId::PersonName => {
                        Field::new(k, label(fid), line.clone()).section(T::SectionPerson.get(lang))
                    }
                    FieldId::Cpr => self.cpr_field(&f, lang, today),
                    FieldId::BirthDate => Field::new(k, label(fid), Kind::Date)
                        .past()
                        .hint(Lc::BirthDateHint.get(lang)),
                    FieldId::ApproxAge => Self::age_field(&f, lang),
                    FieldId::Concerns => Field::new(
                        k,
                        label(fid),
                        Kind::Multi {
                            options: options(ConcernType::ALL, lang, i18n::concern),
                        },
                    )
                    .section(T::SectionConcern.get(lang)),
                    FieldId::Description => Field::new(
                        k,
                        label(fid),
                        Kind::Text {
                            limit: DESCRIPTION_LIMIT,
                        },
                    ),
                    FieldId::Channel => Field::new(
                        k,
                        label(fid),
                        Kind::Choice {
                            options: options(Channel::ALL, lang, i18n::channel),
                        },
                    ),
                    FieldId::Source => {
                        let s = Field::new(
                            k,
                            label(fid),
                            Kind::Choice {
                                options: options(SourceCategory::ALL, lang, i18n::source),
                            },
                        );
                        if f.reporter_anonymous {
                            s
                        } else {
                            s.required()
                        }
                    }
                    FieldId::ReporterAnonymous => {
                        Field::new(k, label(fid), Kind::Flag).section(T::SectionReporter.get(lang))
                    }
                    FieldId::ReceivedAt => Field::new(k, label(fid), Kind::DateTime).past(),
                    FieldId::PoliceContactedBy => {
                        Field::new(k, Lc::PoliceBy.get(lang), line.clone())
                            .section(T::DangerCardTitle.get(lang))
                            .hint(Lc::PoliceByHint.get(lang))
                    }
                    FieldId::PoliceContactedAt => {
                        Field::new(k, Lc::PoliceAt.get(lang), Kind::DateTime).past()
                    }
                    FieldId::UnderretningAt => Field::new(k, label(fid), Kind::DateTime)
                        .past()
                        .section(if minor {
                            T::UnderretningTitle.get(lang)
                        } else {
                            T::Underretning.get(lang)
                        })
                        .hint(Lc::UnderretningAtHint.get(lang)),
                    other => Field::new(k, label(other), line.clone()),
                }
            })
            .collect()
    }

    /// A minor whose underretning is not recorded yet: said at the top, where it is seen
    /// while the call goes on, not only in the fields at the bottom.
    fn banner(&self, form: &Form, lang: Lang) -> Option<(String, bool)> {
        let f = intake(form);
        let minor = f.derived_age(self.today).is_some_and(|a| a.band.is_minor());
        (minor && f.underretning_at.trim().is_empty())
            .then(|| (T::UnderretningText.get(lang).to_string(), true))
    }

    fn badges(&self, form: &Form, lang: Lang, today: NaiveDate) -> Vec<(String, bool)> {
        let f = intake(form);
        let mut out = Vec::new();
        if let Some(a) = f.derived_age(today) {
            out.push((format!("[{}]", a.band.label()), false));
        }
        if f.imminent_danger {
            out.push((T::ImminentDanger.get(lang).to_string(), true));
        }
        out
    }

    fn panel(&self, form: &Form, lang: Lang, today: NaiveDate) -> Option<Panel> {
        let links = form.multi(LINKS_KEY);
        let items = self
            .matches
            .iter()
            .map(|m| {
                let c = &m.case;
                let band = c.age_band(today).map_or("–", |b| b.label());
                let reasons: Vec<String> =
                    m.reasons.iter().map(|r| i18n::reason(lang, r)).collect();
                PanelItem {
                    head: format!("#{} {}", c.no, i18n::person_name(lang, &c.name)),
                    marked: links.contains(&usize::try_from(c.no).unwrap_or(usize::MAX)),
                    lines: vec![
                        format!(
                            "{} {} · {band}",
                            Lc::Received.get(lang),
                            format_date(c.received)
                        ),
                        format!("{} · {}", i18n::stage(lang, c.stage), reasons.join(", ")),
                    ],
                }
            })
            .collect();
        Some(Panel {
            title: T::PriorCases.get(lang).to_string(),
            items,
            selected: self.sel,
            empty: T::NoPriorCases.get(lang).to_string(),
            hint: if self.editing.is_some() {
                Lc::PanelHintEdit
            } else {
                Lc::PanelHintNew
            }
            .get(lang)
            .to_string(),
        })
    }

    fn opened(&mut self, form: &Form, env: &mut Env) {
        self.probe = Default::default();
        self.rematch(form, env);
    }

    fn changed(&mut self, k: Key, form: &Form, env: &mut Env) {
        if [FieldId::PersonName, FieldId::Cpr, FieldId::BirthDate]
            .iter()
            .any(|f| key(*f) == k)
        {
            self.rematch(form, env);
        }
    }

    fn on_action(&mut self, action: Action, form: &mut Form, env: &mut Env) -> Handled {
        match action {
            Action::ToggleDanger => self.danger(form, env),
            Action::MatchNext if !self.matches.is_empty() => {
                let last = self.matches.len() - 1;
                self.sel = Some(self.sel.map_or(0, |s| (s + 1).min(last)));
                Handled::Done
            }
            Action::MatchPrev if !self.matches.is_empty() => {
                self.sel = Some(self.sel.map_or(0, |s| s.saturating_sub(1)));
                Handled::Done
            }
            Action::MatchNext | Action::MatchPrev => Handled::Done,
            Action::MatchLink => self.link(form),
            Action::FollowUpCall if self.editing.is_some() => {
                env.info(Lc::ContactNotOnEdit.get(env.lang));
                Handled::Done
            }
            Action::FollowUpCall => match self.selected().map(|m| m.case.no) {
                Some(no) => self.save_as(Mode::Contact(no), form, env),
                None => {
                    env.info(Lc::SelectCaseFirst.get(env.lang));
                    Handled::Done
                }
            },
            Action::File | Action::Save => self.save_as(Mode::File, form, env),
            _ => Handled::No,
        }
    }

    fn answer(&mut self, answer: Answer, form: &mut Form, env: &mut Env) -> Handled {
        if answer.id != ASK_MOVE_CPR {
            return Handled::Done;
        }
        if !answer.yes {
            form.focus_on(key(FieldId::Cpr));
            return Handled::Done;
        }
        // Never silently dropped: what the caller said goes into the description.
        let f = intake(form);
        let note = format!("{}: {}", Lc::CprNoted.get(env.lang), f.cpr.trim());
        let description = if f.description.trim().is_empty() {
            note
        } else {
            format!("{} — {note}", f.description.trim_end())
        };
        form.set_by_user(key(FieldId::Description), Value::Text(description));
        form.set_by_user(key(FieldId::Cpr), Value::Text(String::new()));
        Handled::Submit
    }

    fn check(&self, form: &Form, now: NaiveDateTime, lang: Lang) -> Vec<(Key, String)> {
        self.problems(&intake(form), now, lang)
    }

    fn submit(&mut self, _form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let Some(d) = env.draft.clone() else {
            return Err(Vec::new());
        };
        let lang = env.lang;
        let result = match self.mode {
            Mode::File => env.svc.file(&d).map(Some),
            Mode::Contact(no) => env.svc.add_contact(&d, no).map(|_| None),
        };
        match result {
            Ok(Some(Filed::New(state))) => {
                env.info(format!("{} #{}", T::FiledAs.get(lang), state.no));
                Ok(open_case(env, state.no))
            }
            Ok(Some(Filed::Edited(state))) => {
                env.info(format!("{} #{}", T::EditSaved.get(lang), state.no));
                Ok(Nav::Pop)
            }
            Ok(Some(Filed::Unchanged(_))) => {
                env.info(T::NothingChanged.get(lang));
                Ok(Nav::Pop)
            }
            Ok(None) => {
                let Mode::Contact(no) = self.mode else {
                    return Ok(Nav::Pop);
                };
                env.info(format!("{} #{no}", Lc::ContactAdded.get(lang)));
                Ok(open_case(env, no))
            }
            Err(ServiceError::Invalid(problems)) => Err(problems
                .iter()
                .map(|(fid, p)| (key(*fid), problem_text(lang, *fid, p)))
                .collect()),
            Err(e) => {
                env.fail(&e);
                Err(Vec::new())
            }
        }
    }
}

/// The case just written, in place of the form.
fn open_case(env: &mut Env, no: CaseNo) -> Nav {
    match DetailScreen::open(env, no) {
        Ok(d) => Nav::Replace(Screen::Detail(Box::new(d))),
        Err(e) => {
            env.fail(&e);
            Nav::Pop
        }
    }
}
