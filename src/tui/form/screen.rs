//! A form as a screen of the app: the component plus a [`FormModel`] that knows the fields and
//! how to save them.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::{Field, Form, FormEvent, Key};
use crate::i18n::{self, Lang, T};
use crate::tui::app::{Env, Nav};
use crate::tui::keymap::Action;
use crate::tui::overlay::{Confirm, Overlay};
use crate::tui::screens::View;

/// A concrete form (screening, info request, closure, …) on top of the component.
pub trait FormModel {
    fn title(&self, lang: Lang) -> String;
    /// The field list for the current values (called after every change).
    fn fields(&self, form: &Form, lang: Lang, today: NaiveDate) -> Vec<Field>;
    /// Validate and save through `env.svc`. `Ok(nav)` on success (usually `Nav::Pop` with a
    /// status message via `env.info`); `Err(problems)` keeps the form open with messages.
    /// Only called once required fields are filled and date fields read as dates.
    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>>;
    /// Shown above the fields (e.g. the §115 notice); `true` for the warning style.
    fn banner(&self, _form: &Form, _lang: Lang) -> Option<(String, bool)> {
        None
    }
    /// Fills in existing values when the form opens (does not make it dirty).
    fn prefill(&self, _form: &mut Form, _today: NaiveDate) {}
}

pub struct FormScreen {
    pub form: Form,
    pub model: Box<dyn FormModel>,
}

impl FormScreen {
    pub fn new(model: Box<dyn FormModel>, lang: Lang, today: NaiveDate) -> FormScreen {
        let mut form = Form::new(model.title(lang), Vec::new());
        model.prefill(&mut form, today);
        let mut s = FormScreen { form, model };
        s.refresh(lang, today);
        if let Some(first) = s.form.fields().first().map(|f| f.key) {
            s.form.focus_on(first);
        }
        s
    }

    /// Recomputes the field list (until it stops changing: a field that appears may itself
    /// decide what follows) and the banner.
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
    }

    pub fn update(&mut self, env: &mut Env, action: Option<Action>, key: KeyEvent) -> Nav {
        let today = env.svc.today();
        let event = self.form.update(action, key, today);
        self.refresh(env.lang, today);
        self.after(env, event)
    }

    pub fn paste(&mut self, env: &mut Env, text: &str) {
        let event = self.form.paste(text);
        self.refresh(env.lang, env.svc.today());
        self.after(env, event);
    }

    fn after(&mut self, env: &mut Env, event: FormEvent) -> Nav {
        let lang = env.lang;
        match event {
            FormEvent::Submit => return self.save(env),
            FormEvent::Cancel if self.form.is_dirty() => {
                return Nav::Overlay(Overlay::Confirm(Confirm::DiscardForm));
            }
            FormEvent::Cancel => return Nav::Pop,
            FormEvent::Truncated => env.error(T::Truncated.get(lang)),
            FormEvent::Full => env.error(T::FieldFull.get(lang)),
            FormEvent::ControlsRemoved(_) => env.info(T::ControlsRemoved.get(lang)),
            FormEvent::None | FormEvent::Changed(_) => {}
        }
        Nav::Stay
    }

    /// Ctrl-S: required fields and dates first, then the model's own checks and save.
    fn save(&mut self, env: &mut Env) -> Nav {
        let lang = env.lang;
        let today = env.svc.today();
        let missing = self.form.missing_required();
        let bad_dates = self.form.bad_dates(today);
        let mut problems: Vec<(Key, String)> = Vec::new();
        for f in self.form.fields() {
            if missing.contains(&f.key) {
                problems.push((f.key, T::FormRequired.get(lang).to_string()));
            } else if let Some((_, e)) = bad_dates.iter().find(|(k, _)| *k == f.key) {
                problems.push((f.key, i18n::form_date_error(lang, e).to_string()));
            }
        }
        let result = if problems.is_empty() {
            self.model.submit(&self.form, env)
        } else {
            Err(problems)
        };
        match result {
            Ok(nav) => {
                self.form.mark_clean();
                nav
            }
            Err(problems) => {
                let first = problems.first().map(|(k, msg)| {
                    let label = self
                        .form
                        .fields()
                        .iter()
                        .find(|f| f.key == *k)
                        .map_or("", |f| f.label.as_str());
                    format!("{} {}: {msg}", T::FormCannotSave.get(lang), label.trim())
                });
                self.form.set_problems(problems);
                if let Some(text) = first {
                    env.error(text);
                }
                Nav::Stay
            }
        }
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        self.form.render(view, f, area);
    }
}
