//! A form as a screen of the app: the component plus a [`FormModel`] that knows the fields and
//! how to save them, and the form's draft.
//!
//! Every form keeps a draft the same way: on each change of a value the draft (which form, on
//! which case, every value by field key, where typing stopped) is saved durably, so that a
//! half-typed form survives kill -9, a closed terminal and a dropped SSH connection and is
//! offered back in the work queue. Saving the form removes its draft; a form opened and left
//! without typing leaves none.

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::{Field, Form, FormEvent, Key, Panel};
use crate::domain::CaseNo;
use crate::domain::draft::{Draft, FieldValue, FormKind};
use crate::i18n::live::{self as lv, Lc};
use crate::i18n::{self, Lang, T};
use crate::tui::app::{Env, Nav};
use crate::tui::keymap::{Action, Ctx};
use crate::tui::overlay::{Confirm, Overlay, Question};
use crate::tui::screens::View;

/// What a model did with a key of its own, or with the answer to its question.
pub enum Handled {
    /// Not the model's key: the form handles it.
    No,
    /// Handled; nothing typed changed.
    Done,
    /// Handled, and values changed (set with `Form::set_by_user`): the draft is saved.
    Changed,
    /// Go somewhere (after saving the draft, if values changed).
    Nav(Nav),
    /// Ask a yes/no question; the answer comes back to `FormModel::answer` with this id.
    Ask(String, u8),
    /// Save the form now, as Ctrl-S does.
    Submit,
}

/// The answer to a model's question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub id: u8,
    pub yes: bool,
}

/// A concrete form (the intake, a screening, an info request, a closure, …) on top of the
/// component.
pub trait FormModel {
    fn title(&self, lang: Lang) -> String;
    /// The field list for the current values (called after every change).
    fn fields(&self, form: &Form, lang: Lang, today: NaiveDate) -> Vec<Field>;
    /// Validate and save through `env.svc`. `Ok(nav)` on success (usually `Nav::Pop` with a
    /// status message via `env.info`); `Err(problems)` keeps the form open with messages.
    /// Only called once required fields are filled, date fields read as dates and `check`
    /// found nothing. `env.draft` is the form's draft: a save that can remove it in the same
    /// write does (`Api::record_draft`, `Api::file`).
    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>>;
    /// Shown above the fields (e.g. the §115 notice); `true` for the warning style.
    fn banner(&self, _form: &Form, _lang: Lang) -> Option<(String, bool)> {
        None
    }
    /// Fills in existing values when the form opens (does not make it dirty).
    fn prefill(&self, _form: &mut Form, _today: NaiveDate) {}
    /// Which form this is, and on which case, for its draft.
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>);
    /// The key context: which keys work besides the form's, and what Ctrl-S says.
    fn ctx(&self) -> Ctx {
        Ctx::Form
    }
    /// Badges after the title: text, and whether it alarms.
    fn badges(&self, _form: &Form, _lang: Lang, _today: NaiveDate) -> Vec<(String, bool)> {
        Vec::new()
    }
    /// A list beside the form.
    fn panel(&self, _form: &Form, _lang: Lang, _today: NaiveDate) -> Option<Panel> {
        None
    }
    /// The form opened (new or resumed).
    fn opened(&mut self, _form: &Form, _env: &mut Env) {}
    /// A key the model may handle itself, before the form does.
    fn on_action(&mut self, _action: Action, _form: &mut Form, _env: &mut Env) -> Handled {
        Handled::No
    }
    /// A value was changed by the user.
    fn changed(&mut self, _key: Key, _form: &Form, _env: &mut Env) {}
    /// Problems besides empty required fields and unreadable dates, found before saving so
    /// that all are shown at once.
    fn check(&self, _form: &Form, _now: NaiveDateTime, _lang: Lang) -> Vec<(Key, String)> {
        Vec::new()
    }
    /// The answer to a question the model asked.
    fn answer(&mut self, _answer: Answer, _form: &mut Form, _env: &mut Env) -> Handled {
        Handled::Done
    }
    /// Esc leaves at once and keeps the draft (the intake, taken down on the phone), instead
    /// of asking whether to discard the changes.
    fn keeps_draft_on_leave(&self) -> bool {
        false
    }
    /// What the status line says before the problems when the form cannot be saved.
    fn refusal(&self, lang: Lang) -> &'static str {
        T::FormCannotSave.get(lang)
    }
}

pub struct FormScreen {
    pub form: Form,
    pub model: Box<dyn FormModel>,
    /// The form's stored draft, once something was typed.
    draft: Option<Draft>,
    /// The values as the form opened: leaving with these means nothing was typed.
    initial: Vec<(Key, FieldValue)>,
}

impl FormScreen {
    pub fn new(model: Box<dyn FormModel>, env: &mut Env) -> FormScreen {
        let lang = env.lang;
        let now = env.svc.now();
        let mut form = Form::new(model.title(lang), Vec::new());
        model.prefill(&mut form, now.date());
        let mut s = FormScreen {
            form,
            model,
            draft: None,
            initial: Vec::new(),
        };
        s.refresh(lang, now.date());
        if let Some(first) = s.form.fields().first().map(|f| f.key) {
            s.form.focus_on(first);
        }
        s.initial = s.form.stored_values();
        s.model.opened(&s.form, env);
        s.refresh(lang, now.date());
        s
    }

    /// The form again with a draft's values, focused where typing stopped.
    pub fn resume(model: Box<dyn FormModel>, env: &mut Env, draft: Draft) -> FormScreen {
        let mut s = FormScreen::new(model, env);
        let today = env.svc.today();
        s.form.load_values(&draft.values);
        s.refresh(env.lang, today);
        s.form.focus_at(draft.focus, draft.cursor as usize);
        s.form.set_saved(Some(true));
        s.draft = Some(draft);
        s.model.opened(&s.form, env);
        s.refresh(env.lang, today);
        s
    }

    pub fn ctx(&self) -> Ctx {
        self.model.ctx()
    }

    pub fn is_intake(&self) -> bool {
        self.model.draft_kind().0 == FormKind::Intake
    }

    /// The stored draft, if anything was typed.
    pub fn draft(&self) -> Option<&Draft> {
        self.draft.as_ref()
    }

    /// Recomputes the field list (until it stops changing: a field that appears may itself
    /// decide what follows), the banner, badges and panel.
    pub fn refresh(&mut self, lang: Lang, today: NaiveDate) {
        for _ in 0..4 {
            let fields = self.model.fields(&self.form, lang, today);
            if fields == self.form.fields() {
                break;
            }
            self.form.set_fields(fields);
        }
        self.form.set_title(self.model.title(lang));
        let banner = self.model.banner(&self.form, lang);
        self.form.set_banner(banner);
        let badges = self.model.badges(&self.form, lang, today);
        self.form.set_badges(badges);
        let panel = self.model.panel(&self.form, lang, today);
        self.form.set_panel(panel);
    }

    pub fn update(&mut self, env: &mut Env, action: Option<Action>, key: KeyEvent) -> Nav {
        if let Some(a) = action {
            match self.model.on_action(a, &mut self.form, env) {
                Handled::No => {}
                h => return self.handled(env, h),
            }
        }
        let now = env.svc.now();
        let focus = self.form.focus();
        let event = self.form.update(action, key, now);
        self.refresh(env.lang, now.date());
        self.after(env, event, focus)
    }

    pub fn paste(&mut self, env: &mut Env, text: &str) {
        let focus = self.form.focus();
        let event = self.form.paste(text);
        self.refresh(env.lang, env.svc.today());
        self.after(env, event, focus);
    }

    /// The user answered the model's question.
    pub fn answer(&mut self, env: &mut Env, answer: Answer) -> Nav {
        let h = self.model.answer(answer, &mut self.form, env);
        self.handled(env, h)
    }

    fn handled(&mut self, env: &mut Env, h: Handled) -> Nav {
        self.refresh(env.lang, env.svc.today());
        match h {
            Handled::No | Handled::Done => Nav::Stay,
            Handled::Changed => {
                self.keep_draft(env);
                self.refresh(env.lang, env.svc.today());
                Nav::Stay
            }
            Handled::Nav(nav) => {
                self.keep_draft(env);
                nav
            }
            Handled::Ask(text, id) => Nav::Overlay(Overlay::Question(Question { text, id })),
            Handled::Submit => self.save(env),
        }
    }

    fn after(&mut self, env: &mut Env, event: FormEvent, was_focused: Key) -> Nav {
        let lang = env.lang;
        self.keep_draft(env);
        match event {
            FormEvent::Submit => return self.save(env),
            FormEvent::Cancel => return self.leave(env),
            FormEvent::Truncated => env.error(T::Truncated.get(lang)),
            FormEvent::Full => env.error(T::FieldFull.get(lang)),
            FormEvent::ControlsRemoved(_) => env.info(T::ControlsRemoved.get(lang)),
            FormEvent::ToggleHint => env.info(Lc::ToggleHint.get(lang)),
            FormEvent::FilterDropped(_) => {
                let label = self.label(was_focused);
                env.info(lv::filter_dropped(lang, self.form.dropped_filter(), &label));
            }
            FormEvent::Changed(k) => {
                self.model.changed(k, &self.form, env);
                self.refresh(lang, env.svc.today());
            }
            FormEvent::None => {}
        }
        Nav::Stay
    }

    fn label(&self, key: Key) -> String {
        self.form
            .fields()
            .iter()
            .find(|f| f.key == key)
            .map_or(String::new(), |f| f.label.trim().to_string())
    }

    /// Saves the draft when a value changed since it was last saved (or, with nothing saved
    /// yet, since the form opened), with where typing stopped. A failure is shown, never
    /// swallowed: the title says the typing is not safe.
    fn keep_draft(&mut self, env: &mut Env) -> bool {
        let values = self.form.stored_values();
        let unchanged = match &self.draft {
            Some(d) => d.values == values,
            None => values == self.initial,
        };
        unchanged || self.write_draft(env, values)
    }

    fn write_draft(&mut self, env: &mut Env, values: Vec<(Key, FieldValue)>) -> bool {
        if self.draft.is_none() {
            let (kind, case) = self.model.draft_kind();
            match env.svc.new_draft(kind, case) {
                Ok(d) => self.draft = Some(d),
                Err(e) => {
                    self.form.set_saved(Some(false));
                    env.fail(&e);
                    return false;
                }
            }
        }
        let focus = self.form.focus();
        let cursor = u32::try_from(self.form.cursor()).unwrap_or(0);
        let Some(d) = self.draft.as_mut() else {
            return false;
        };
        d.values = values;
        d.focus = focus;
        d.cursor = cursor;
        match env.svc.save_draft(&*d) {
            Ok(saved) => {
                *d = saved;
                self.form.set_saved(Some(true));
                true
            }
            Err(e) => {
                self.form.set_saved(Some(false));
                env.fail(&e);
                false
            }
        }
    }

    /// Esc: a form left as it opened leaves nothing; the intake leaves its draft in the work
    /// queue; another form asks before discarding what was typed (or keeps it as a draft).
    fn leave(&mut self, env: &mut Env) -> Nav {
        if self.form.stored_values() == self.initial {
            if let Some(d) = self.draft.take() {
                discard_left_over(env, d.id);
            }
            return Nav::Pop;
        }
        if self.model.keeps_draft_on_leave() {
            if self.draft.is_some() && self.form.saved() == Some(true) {
                env.info(T::DraftKept.get(env.lang));
            }
            return Nav::Pop;
        }
        Nav::Overlay(Overlay::Confirm(Confirm::DiscardForm(
            self.draft.as_ref().map(|d| d.id),
        )))
    }

    /// Ctrl-S: required fields, dates and the model's own checks first (all problems at
    /// once, the cursor on the first), then the model saves.
    fn save(&mut self, env: &mut Env) -> Nav {
        let lang = env.lang;
        let now = env.svc.now();
        let mut problems = self.problems(now, lang);
        if problems.is_empty() {
            // The draft goes with the save (or is removed after it): it must exist, and hold
            // what the form holds now (a model may have changed values just before).
            if !self.keep_draft(env) {
                return Nav::Stay;
            }
            let values = self.form.stored_values();
            if self.draft.is_none() && !self.write_draft(env, values) {
                return Nav::Stay;
            }
            env.draft = self.draft.clone();
            let result = self.model.submit(&self.form, env);
            env.draft = None;
            match result {
                Ok(nav) => {
                    if let Some(d) = self.draft.take() {
                        discard_left_over(env, d.id);
                    }
                    self.form.mark_clean();
                    return nav;
                }
                Err(p) => problems = p,
            }
        }
        if !problems.is_empty() {
            let names: Vec<String> = problems.iter().map(|(k, _)| self.label(*k)).collect();
            let mut names = names;
            names.dedup();
            self.form.set_problems(problems);
            env.error(format!("{} {}", self.model.refusal(lang), names.join(", ")));
        }
        Nav::Stay
    }

    /// Every problem the form can see before saving, in field order, one per field.
    fn problems(&self, now: NaiveDateTime, lang: Lang) -> Vec<(Key, String)> {
        let missing = self.form.missing_required();
        let bad_dates = self.form.bad_dates(now);
        let own = self.model.check(&self.form, now, lang);
        let mut out: Vec<(Key, String)> = Vec::new();
        for f in self.form.fields() {
            let message = if let Some((_, p)) = own.iter().find(|(k, _)| *k == f.key) {
                p.clone()
            } else if missing.contains(&f.key) {
                T::FormRequired.get(lang).to_string()
            } else if let Some((_, e)) = bad_dates.iter().find(|(k, _)| *k == f.key) {
                match e {
                    super::DateProblem::Future => Lc::InFuture.get(lang).to_string(),
                    super::DateProblem::Unreadable(e) => match f.kind {
                        super::Kind::DateTime => lv::moment_error(lang, e).to_string(),
                        _ => i18n::form_date_error(lang, e).to_string(),
                    },
                }
            } else {
                continue;
            };
            out.push((f.key, message));
        }
        out
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        self.form.render(view, f, area);
    }
}

/// Removes draft `id` if it is still stored (a save that took it along removed it already).
fn discard_left_over(env: &mut Env, id: crate::domain::draft::DraftId) {
    let r = match env.svc.draft(id) {
        Ok(Some(_)) => env.svc.discard_draft(id),
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    };
    if let Err(e) = r {
        env.fail(&e);
    }
}
