//! What keys and pastes do to a form. Pure: no service, no terminal; `today` comes in.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tui_input::InputRequest;

use super::{Form, FormEvent, Key, Kind, List, Value};
use crate::domain::dates::{format_date, parse_date_input};
use crate::tui::keymap::Action;
use crate::tui::text_input;

/// The kind of the focused field without its options, so handling can borrow the form freely.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    Line,
    Date,
    Choice,
    Multi,
    Combo,
    Flag,
}

fn tag(k: &Kind) -> Tag {
    match k {
        Kind::Line { .. } | Kind::Text { .. } => Tag::Line,
        Kind::Date => Tag::Date,
        Kind::Choice { .. } => Tag::Choice,
        Kind::Multi { .. } => Tag::Multi,
        Kind::Combo { .. } => Tag::Combo,
        Kind::Flag => Tag::Flag,
    }
}

impl Form {
    /// Handles one key. `action` is the keymap's reading of it in `Ctx::Form`.
    pub fn update(&mut self, action: Option<Action>, key: KeyEvent, today: NaiveDate) -> FormEvent {
        let Some(t) = self.focused().map(|f| tag(&f.kind)) else {
            return match action {
                Some(Action::Save) => FormEvent::Submit,
                Some(Action::Back) => FormEvent::Cancel,
                _ => FormEvent::None,
            };
        };
        let list = self.list_open();
        match action {
            Some(Action::Save) => FormEvent::Submit,
            Some(Action::Back) if list => {
                self.close_list();
                FormEvent::None
            }
            Some(Action::Back) => FormEvent::Cancel,
            Some(Action::NextField) => self.move_focus(true, today),
            Some(Action::PrevField) => self.move_focus(false, today),
            Some(Action::Accept) if list => self.take_from_list(),
            Some(Action::Accept) => self.move_focus(true, today),
            Some(Action::Up) if list => {
                self.list.sel = match self.list.sel {
                    Some(0) if t == Tag::Combo => None,
                    Some(s) => Some(s.saturating_sub(1)),
                    None if t == Tag::Combo => None,
                    None => Some(0),
                };
                FormEvent::None
            }
            Some(Action::Down) if list => {
                let n = self.filtered().len();
                self.list.sel = Some(
                    self.list
                        .sel
                        .map_or(0, |s| (s + 1).min(n.saturating_sub(1))),
                );
                FormEvent::None
            }
            Some(Action::Up) if t == Tag::Multi && self.multi_sel > 0 => {
                self.multi_sel -= 1;
                FormEvent::None
            }
            Some(Action::Down) if t == Tag::Multi && self.multi_sel + 1 < self.option_count() => {
                self.multi_sel += 1;
                FormEvent::None
            }
            Some(Action::Up) => self.move_focus(false, today),
            Some(Action::Down) => self.move_focus(true, today),
            Some(Action::ChoicePrev | Action::ChoiceNext) => {
                let forward = action == Some(Action::ChoiceNext);
                match t {
                    Tag::Choice if !list => self.cycle(forward),
                    Tag::Multi => {
                        let n = self.option_count();
                        self.multi_sel = if forward {
                            (self.multi_sel + 1).min(n.saturating_sub(1))
                        } else {
                            self.multi_sel.saturating_sub(1)
                        };
                        FormEvent::None
                    }
                    Tag::Flag => self.toggle_flag(),
                    _ => self.edit(t, &key),
                }
            }
            Some(Action::ChoiceToggle) => match t {
                Tag::Multi => self.toggle_multi(),
                Tag::Flag => self.toggle_flag(),
                Tag::Choice if self.input.value().is_empty() => {
                    self.list = if list {
                        List::default()
                    } else {
                        self.open_list()
                    };
                    FormEvent::None
                }
                _ => self.edit(t, &key),
            },
            _ => self.edit(t, &key),
        }
    }

    /// Inserts a paste at the cursor: cleaned of control characters, cut to the field's limit.
    /// Into a Choice field it goes to the filter.
    pub fn paste(&mut self, text: &str) -> FormEvent {
        let Some(f) = self.focused() else {
            return FormEvent::None;
        };
        let (t, limit, key) = (tag(&f.kind), f.kind.limit(), f.key);
        if !matches!(t, Tag::Line | Tag::Date | Tag::Combo | Tag::Choice) {
            return FormEvent::None;
        }
        let before = self.input.value().to_string();
        let c = text_input::paste(&mut self.input, text, limit);
        let changed = self.input.value() != before;
        if t == Tag::Choice {
            self.list = self.open_list();
        } else if changed {
            self.store_input(t == Tag::Combo);
        }
        if c.truncated > 0 {
            FormEvent::Truncated
        } else if c.removed_controls > 0 {
            FormEvent::ControlsRemoved(key)
        } else if changed && t != Tag::Choice {
            FormEvent::Changed(key)
        } else {
            FormEvent::None
        }
    }

    fn option_count(&self) -> usize {
        self.focused().map_or(0, |f| f.kind.options().len())
    }

    /// The user changed the focused field's value.
    fn touched(&mut self) -> FormEvent {
        self.dirty = true;
        let key = self.focus;
        self.problems.retain(|(k, _)| *k != key);
        FormEvent::Changed(key)
    }

    fn store_input(&mut self, combo: bool) {
        self.values
            .insert(self.focus, Value::Text(self.input.value().to_string()));
        if combo {
            self.list = List {
                open: true,
                sel: None,
            };
        }
        self.touched();
    }

    /// A key that edits text: the field's own text, or a Choice's filter.
    fn edit(&mut self, t: Tag, key: &KeyEvent) -> FormEvent {
        if t == Tag::Choice
            && self.input.value().is_empty()
            && matches!(key.code, KeyCode::Backspace | KeyCode::Delete)
        {
            if self.choice(self.focus).is_none() {
                return FormEvent::None;
            }
            self.values.insert(self.focus, Value::Choice(None));
            return self.touched();
        }
        if !matches!(t, Tag::Line | Tag::Date | Tag::Combo | Tag::Choice) {
            return FormEvent::None;
        }
        let Some(req) = text_input::request(key) else {
            return FormEvent::None;
        };
        let limit = self.focused().map_or(0, |f| f.kind.limit());
        let (changed, full) = text_input::apply_key(&mut self.input, req, limit);
        if full {
            return FormEvent::Full;
        }
        if !changed {
            return FormEvent::None;
        }
        if t == Tag::Choice {
            self.list = self.open_list();
            if matches!(req, InputRequest::InsertChar(_)) || self.list.sel.is_none() {
                self.list.sel = (!self.filtered().is_empty()).then_some(0);
            }
            return FormEvent::None;
        }
        self.store_input(t == Tag::Combo);
        FormEvent::Changed(self.focus)
    }

    /// The list of a Choice field, opened on the current choice if it is among the shown.
    fn open_list(&self) -> List {
        let shown = self.filtered();
        let current = self.choice(self.focus);
        let sel = current
            .and_then(|c| shown.iter().position(|i| *i == c))
            .or((!shown.is_empty()).then_some(0));
        List { open: true, sel }
    }

    fn close_list(&mut self) {
        if self
            .focused()
            .is_some_and(|f| matches!(f.kind, Kind::Choice { .. }))
        {
            self.input = tui_input::Input::default();
        }
        self.list = List::default();
    }

    /// Enter in an open list: a Choice takes the highlighted option; a Combo takes the
    /// highlighted suggestion as its text, or (none highlighted) goes on to the next field.
    fn take_from_list(&mut self) -> FormEvent {
        let shown = self.filtered();
        let Some(f) = self.focused() else {
            return FormEvent::None;
        };
        let picked = self.list.sel.and_then(|s| shown.get(s)).copied();
        match (&f.kind, picked) {
            (Kind::Choice { .. }, Some(i)) => {
                self.values.insert(self.focus, Value::Choice(Some(i)));
                self.close_list();
                self.touched()
            }
            (Kind::Combo { options }, Some(i)) => {
                let text = options.get(i).cloned().unwrap_or_default();
                let end = text.chars().count();
                self.input = tui_input::Input::new(text).with_cursor(end);
                self.store_input(false);
                self.list = List::default();
                FormEvent::Changed(self.focus)
            }
            (Kind::Combo { .. }, None) => {
                self.list = List::default();
                FormEvent::None
            }
            _ => FormEvent::None,
        }
    }

    fn cycle(&mut self, forward: bool) -> FormEvent {
        let n = self.option_count();
        if n == 0 {
            return FormEvent::None;
        }
        let next = match (self.choice(self.focus), forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.values.insert(self.focus, Value::Choice(Some(next)));
        self.touched()
    }

    fn toggle_flag(&mut self) -> FormEvent {
        let v = !self.flag(self.focus);
        self.values.insert(self.focus, Value::Flag(v));
        self.touched()
    }

    fn toggle_multi(&mut self) -> FormEvent {
        if self.multi_sel >= self.option_count() {
            return FormEvent::None;
        }
        let mut v = self.multi(self.focus).to_vec();
        match v.iter().position(|i| *i == self.multi_sel) {
            Some(p) => {
                v.remove(p);
            }
            None => {
                v.push(self.multi_sel);
                v.sort_unstable();
            }
        }
        self.values.insert(self.focus, Value::Multi(v));
        self.touched()
    }

    /// Leaves the focused field for the next or previous one (wrapping round). A date typed as
    /// "+14" or "i dag" is written out as the date it means when its field is left.
    fn move_focus(&mut self, forward: bool, today: NaiveDate) -> FormEvent {
        let event = self.settle_date(today);
        let n = self.fields.len();
        if let Some(pos) = self.focus_index()
            && n > 0
        {
            let next = if forward {
                (pos + 1) % n
            } else {
                (pos + n - 1) % n
            };
            let key: Key = self.fields[next].key;
            self.focus_on(key);
        }
        event
    }

    fn settle_date(&mut self, today: NaiveDate) -> FormEvent {
        if !self.focused().is_some_and(|f| f.kind == Kind::Date) {
            return FormEvent::None;
        }
        let typed = self.text(self.focus).to_string();
        match parse_date_input(&typed, today) {
            Ok(d) if format_date(d) != typed.trim() => {
                self.values.insert(self.focus, Value::Text(format_date(d)));
                self.touched()
            }
            _ => FormEvent::None,
        }
    }
}
