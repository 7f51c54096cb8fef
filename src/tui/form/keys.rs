//! What keys and pastes do to a form. Pure: no service, no terminal; `now` comes in.
//!
//! A value changes only by a deliberate key: letters are text in text fields and a filter in
//! choice fields (the value changes when an option is taken with Enter, or stepped with ←→);
//! a checkbox or checklist changes only with Space, and letters typed on one change nothing
//! but bring a hint. ↑↓ move inside an open list or a checklist; Tab leaves it.

use chrono::NaiveDateTime;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tui_input::InputRequest;

use super::{Form, FormEvent, Key, Kind, List, Value};
use crate::domain::dates::{format_date, format_datetime, parse_date_input, parse_datetime_input};
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
        Kind::Date | Kind::DateTime => Tag::Date,
        Kind::Choice { .. } => Tag::Choice,
        Kind::Multi { .. } => Tag::Multi,
        Kind::Combo { .. } => Tag::Combo,
        Kind::Flag => Tag::Flag,
    }
}

impl Form {
    /// Handles one key. `action` is the keymap's reading of it in the form's context.
    pub fn update(
        &mut self,
        action: Option<Action>,
        key: KeyEvent,
        now: NaiveDateTime,
    ) -> FormEvent {
        let Some(t) = self.focused().map(|f| tag(&f.kind)) else {
            return match action {
                Some(Action::Save | Action::File) => FormEvent::Submit,
                Some(Action::Back) => FormEvent::Cancel,
                _ => FormEvent::None,
            };
        };
        let list = self.list_open();
        if matches!(t, Tag::Multi | Tag::Flag) {
            let typed =
                matches!(text_input::request(&key), Some(InputRequest::InsertChar(c)) if c != ' ');
            let space = action == Some(Action::ChoiceToggle);
            if typed || (space && self.typing_on_toggle) {
                // Words typed here by mistake, spaces and all: nothing changes.
                self.typing_on_toggle = true;
                return FormEvent::ToggleHint;
            }
            self.typing_on_toggle = false;
        }
        match action {
            Some(Action::Save | Action::File) => FormEvent::Submit,
            Some(Action::Back) if list => {
                self.close_list();
                FormEvent::None
            }
            Some(Action::Back) => FormEvent::Cancel,
            Some(Action::NextField) => self.move_focus(true, now),
            Some(Action::PrevField) => self.move_focus(false, now),
            Some(Action::Accept) if list => self.take_from_list(),
            Some(Action::Accept) => self.move_focus(true, now),
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
            // A checklist keeps ↑↓ to itself, down to its last item: Tab leaves it.
            Some(Action::Up) if t == Tag::Multi => {
                self.multi_sel = self.multi_sel.saturating_sub(1);
                FormEvent::None
            }
            Some(Action::Down) if t == Tag::Multi => {
                self.multi_sel = (self.multi_sel + 1).min(self.option_count().saturating_sub(1));
                FormEvent::None
            }
            Some(Action::Up) => self.move_focus(false, now),
            Some(Action::Down) => self.move_focus(true, now),
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
                    // A checkbox changes with Space only.
                    Tag::Flag => FormEvent::ToggleHint,
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
    /// Into a Choice field it goes to the filter; on a checkbox it changes nothing.
    pub fn paste(&mut self, text: &str) -> FormEvent {
        let Some(f) = self.focused() else {
            return FormEvent::None;
        };
        let (t, limit, key) = (tag(&f.kind), f.kind.limit(), f.key);
        if matches!(t, Tag::Multi | Tag::Flag) {
            return FormEvent::ToggleHint;
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

    /// A key that edits text: the field's own text, or a Choice's filter. On a checkbox or a
    /// checklist a typed character changes nothing and asks for the hint.
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
        let Some(req) = text_input::request(key) else {
            return FormEvent::None;
        };
        if matches!(t, Tag::Multi | Tag::Flag) {
            return match req {
                InputRequest::InsertChar(_) => FormEvent::ToggleHint,
                _ => FormEvent::None,
            };
        }
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
    /// "+14" or "i dag", or a moment typed as "14:05", is written out as what it means when its
    /// field is left. A choice left with a filter that picked nothing says so.
    fn move_focus(&mut self, forward: bool, now: NaiveDateTime) -> FormEvent {
        let dropped = self
            .focused()
            .is_some_and(|f| matches!(f.kind, Kind::Choice { .. }))
            && !self.input.value().trim().is_empty();
        let event = if dropped {
            self.dropped = self.input.value().trim().to_string();
            FormEvent::FilterDropped(self.focus)
        } else {
            self.settle_date(now)
        };
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

    fn settle_date(&mut self, now: NaiveDateTime) -> FormEvent {
        let typed = self.text(self.focus).to_string();
        let written = match self.focused().map(|f| &f.kind) {
            Some(Kind::Date) => parse_date_input(&typed, now.date()).map(format_date),
            Some(Kind::DateTime) => parse_datetime_input(&typed, now).map(format_datetime),
            _ => return FormEvent::None,
        };
        match written {
            Ok(w) if w != typed.trim() => {
                self.values.insert(self.focus, Value::Text(w));
                self.touched()
            }
            _ => FormEvent::None,
        }
    }
}
