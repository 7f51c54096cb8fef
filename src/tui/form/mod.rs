//! The one form component, for the intake and every case and meeting form: fields of a few
//! kinds, a label column, validation messages on the fields, `Tab`/`Shift-Tab`, `Ctrl-S`, `Esc`,
//! pick lists with type-to-filter, date fields that take "+14" and "i dag", date-and-time fields
//! that take "14:05" and "i går 22:15", a hint line, an optional side panel, and a draft of
//! everything typed saved on every change (`screen.rs`).
//!
//! The component knows nothing about screenings or intakes: a concrete form is a
//! [`FormModel`] that lists its fields for the current values and saves them. State and key
//! handling live here and in `keys.rs`, drawing in `render.rs`, the screen wrapper (models,
//! drafts) in `screen.rs`.

mod keys;
mod pick;
mod render;
mod screen;
pub mod wrap;

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use tui_input::Input;

use crate::domain::dates::{DateError, parse_date_input, parse_datetime_input};
use crate::domain::draft::FieldValue;

pub use pick::filter as filter_options;
pub use render::LABEL_WIDTH;
pub use screen::{Answer, FormModel, FormScreen, Handled};

/// A field's identity, chosen by each concrete form. Values are kept per key, so a field that
/// disappears and the fields around it keep their values when the list is recomputed.
pub type Key = u16;

/// Longest text a date field takes ("i morgen" and "31-12-2026" fit many times over).
const DATE_LIMIT: usize = 40;
/// Longest filter typed into a pick list.
const FILTER_LIMIT: usize = 80;
/// Longest free text in a combo field.
const COMBO_LIMIT: usize = crate::domain::text::LINE_LIMIT;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// One line of text, scrolled sideways when longer than the field.
    Line { limit: usize },
    /// A paragraph: wraps, shows 3 rows (up to 8 while focused) and scrolls to the cursor.
    /// Enter goes to the next field; a pasted line break becomes a space.
    Text { limit: usize },
    /// `dd-mm-åååå`, `+N`/`-N` days from today, `i dag`/`today`, `i morgen`/`tomorrow`.
    Date,
    /// A moment: what `Date` takes, with or without a time, a time alone ("14:05", "kl. 9"),
    /// or `nu`/`now`.
    DateTime,
    /// Exactly one option or none: ←/→ cycle, typing filters a list under the field.
    Choice { options: Vec<String> },
    /// Several options: ↑/↓ move, Space ticks.
    Multi { options: Vec<String> },
    /// Free text with suggestions: typing filters them, ↓ highlights one, Enter takes it.
    Combo { options: Vec<String> },
    /// Yes/no; Space toggles.
    Flag,
}

impl Kind {
    /// Kinds whose value is text edited in the field's input.
    fn is_text(&self) -> bool {
        matches!(
            self,
            Kind::Line { .. }
                | Kind::Text { .. }
                | Kind::Date
                | Kind::DateTime
                | Kind::Combo { .. }
        )
    }

    fn is_dated(&self) -> bool {
        matches!(self, Kind::Date | Kind::DateTime)
    }

    fn limit(&self) -> usize {
        match self {
            Kind::Line { limit } | Kind::Text { limit } => *limit,
            Kind::Date | Kind::DateTime => DATE_LIMIT,
            Kind::Combo { .. } => COMBO_LIMIT,
            Kind::Choice { .. } => FILTER_LIMIT,
            Kind::Multi { .. } | Kind::Flag => 0,
        }
    }

    fn options(&self) -> &[String] {
        match self {
            Kind::Choice { options } | Kind::Multi { options } | Kind::Combo { options } => options,
            _ => &[],
        }
    }

    /// Whether a stored value belongs to this kind of field.
    fn fits(&self, v: &Value) -> bool {
        match v {
            Value::Text(_) => self.is_text(),
            Value::Choice(_) => matches!(self, Kind::Choice { .. }),
            Value::Multi(_) => matches!(self, Kind::Multi { .. }),
            Value::Flag(_) => matches!(self, Kind::Flag),
        }
    }
}

/// How a hint or a shown value is drawn: quiet, good news, a warning, an error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Tone {
    #[default]
    Dim,
    Ok,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: Key,
    pub label: String,
    pub kind: Kind,
    pub required: bool,
    /// A heading drawn above the first field of each run of fields with the same section.
    pub section: Option<String>,
    /// Shown on the hint line while the field has focus.
    pub hint: Option<(String, Tone)>,
    /// A date or moment of something that has happened: the future is refused.
    pub past: bool,
    /// What the field shows when it does not have focus, instead of its value (a masked CPR
    /// number with its warning).
    pub shown: Option<(String, Tone)>,
}

impl Field {
    pub fn new(key: Key, label: impl Into<String>, kind: Kind) -> Field {
        Field {
            key,
            label: label.into(),
            kind,
            required: false,
            section: None,
            hint: None,
            past: false,
            shown: None,
        }
    }
    pub fn past(mut self) -> Field {
        self.past = true;
        self
    }
    /// A hint in a tone of its own (a warning about what was typed).
    pub fn hint_in(mut self, s: impl Into<String>, tone: Tone) -> Field {
        self.hint = Some((s.into(), tone));
        self
    }
    pub fn shown(mut self, s: impl Into<String>, tone: Tone) -> Field {
        self.shown = Some((s.into(), tone));
        self
    }
    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }
    pub fn section(mut self, s: impl Into<String>) -> Field {
        self.section = Some(s.into());
        self
    }
    pub fn hint(mut self, s: impl Into<String>) -> Field {
        self.hint = Some((s.into(), Tone::Dim));
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Choice(Option<usize>),
    /// Ticked option indexes, ascending.
    Multi(Vec<usize>),
    Flag(bool),
}

impl Value {
    /// As a draft stores it.
    pub fn to_stored(&self) -> FieldValue {
        let n = |i: &usize| *i as u64;
        match self {
            Value::Text(s) => FieldValue::Text(s.clone()),
            Value::Choice(c) => FieldValue::Choice(c.as_ref().map(n)),
            Value::Multi(v) => FieldValue::Multi(v.iter().map(n).collect()),
            Value::Flag(b) => FieldValue::Flag(*b),
        }
    }

    /// From a draft; `None` for an index this machine cannot hold.
    pub fn from_stored(v: &FieldValue) -> Option<Value> {
        let n = |i: &u64| usize::try_from(*i).ok();
        Some(match v {
            FieldValue::Text(s) => Value::Text(s.clone()),
            FieldValue::Choice(c) => Value::Choice(match c {
                Some(i) => Some(n(i)?),
                None => None,
            }),
            FieldValue::Multi(v) => Value::Multi(v.iter().map(n).collect::<Option<Vec<_>>>()?),
            FieldValue::Flag(b) => Value::Flag(*b),
        })
    }
}

/// What a key or paste did, for the owner to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    None,
    /// The value of this field changed (by the user).
    Changed(Key),
    /// Ctrl-S.
    Submit,
    /// Esc with nothing left to close: the owner asks before discarding if the form is dirty.
    Cancel,
    /// A paste was cut to the field's limit.
    Truncated,
    /// A typed character was refused: the field is full.
    Full,
    /// A paste into this field had control characters, which were removed.
    ControlsRemoved(Key),
    /// Letters were typed on a checkbox or a checklist: nothing changed; say how it works.
    ToggleHint,
    /// A choice field was left with a filter typed that picked nothing: nothing changed; say
    /// so, so the text is not thought saved.
    FilterDropped(Key),
}

/// The list beside a form (earlier cases beside the intake).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Panel {
    pub title: String,
    pub items: Vec<PanelItem>,
    pub selected: Option<usize>,
    /// Shown when there are no items.
    pub empty: String,
    /// The keys, under the items.
    pub hint: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PanelItem {
    /// Wrapped to a second line rather than cut.
    pub head: String,
    /// Marked (linked) items carry a sign before the head.
    pub marked: bool,
    pub lines: Vec<String>,
}

/// Why a date field cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    Unreadable(DateError),
    /// Something that has happened cannot have happened later.
    Future,
}

/// The pick list under a Choice or Combo field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct List {
    open: bool,
    /// Position in the filtered options, not an option index.
    sel: Option<usize>,
}

pub struct Form {
    title: String,
    fields: Vec<Field>,
    /// Every value set, also of fields not shown right now (a choice that hides them may
    /// change back; nothing typed is dropped) and hidden ones a model keeps (imminent danger).
    values: BTreeMap<Key, Value>,
    focus: Key,
    /// The focused field's text (Line, Text, Date, Combo) or a Choice's filter.
    input: Input,
    problems: Vec<(Key, String)>,
    dirty: bool,
    list: List,
    /// Highlighted option of a focused Multi field.
    multi_sel: usize,
    banner: Option<(String, bool)>,
    /// Badges after the title ("[15–17]", "IMMINENT DANGER"): text, and whether it alarms.
    badges: Vec<(String, bool)>,
    panel: Option<Panel>,
    /// Whether the last draft save went through (`None` while there is nothing to save).
    saved: Option<bool>,
    /// The filter last left in a choice without picking anything.
    dropped: String,
    /// Letters were just typed on the focused checkbox or checklist: a space among them is
    /// part of the typing, not a deliberate tick.
    typing_on_toggle: bool,
}

impl Form {
    pub fn new(title: String, fields: Vec<Field>) -> Form {
        let focus = fields.first().map_or(0, |f| f.key);
        let mut form = Form {
            title,
            fields: Vec::new(),
            values: BTreeMap::new(),
            focus,
            input: Input::default(),
            problems: Vec::new(),
            dirty: false,
            list: List::default(),
            multi_sel: 0,
            banner: None,
            badges: Vec::new(),
            panel: None,
            saved: None,
            dropped: String::new(),
            typing_on_toggle: false,
        };
        form.set_fields(fields);
        form
    }

    pub fn set_badges(&mut self, badges: Vec<(String, bool)>) {
        self.badges = badges;
    }
    pub fn set_panel(&mut self, panel: Option<Panel>) {
        self.panel = panel;
    }
    pub fn panel(&self) -> Option<&Panel> {
        self.panel.as_ref()
    }
    pub fn set_saved(&mut self, saved: Option<bool>) {
        self.saved = saved;
    }
    pub fn saved(&self) -> Option<bool> {
        self.saved
    }
    /// The filter text last left in a choice field without taking an option.
    pub fn dropped_filter(&self) -> &str {
        &self.dropped
    }

    /// Every value, as a draft stores it, by key.
    pub fn stored_values(&self) -> Vec<(Key, FieldValue)> {
        self.values
            .iter()
            .map(|(k, v)| (*k, v.to_stored()))
            .collect()
    }

    /// Puts a draft's values back (does not make the form dirty). Values of keys the draft
    /// does not hold stay as prefilled.
    pub fn load_values(&mut self, values: &[(Key, FieldValue)]) {
        for (k, v) in values {
            if let Some(v) = Value::from_stored(v) {
                self.values.insert(*k, v);
            }
        }
        let fields = std::mem::take(&mut self.fields);
        self.set_fields(fields);
        self.load_input();
    }

    /// The cursor's place in the focused field's text.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    /// Focus on `key` with the cursor at character `at` (where typing stopped).
    pub fn focus_at(&mut self, key: Key, at: usize) {
        if self.field(key).is_none() {
            return;
        }
        self.focus_on(key);
        let text = self.input.value().to_string();
        let at = at.min(text.chars().count());
        self.input = Input::new(text).with_cursor(at);
    }

    /// Sets a value the user changed by a key the model handles (Ctrl-D): the form is dirty.
    pub fn set_by_user(&mut self, key: Key, v: Value) {
        self.values.insert(key, v);
        self.dirty = true;
        if key == self.focus {
            self.load_input();
        }
    }

    pub fn title(&self) -> &str {
        &self.title
    }
    pub fn set_title(&mut self, title: String) {
        self.title = title;
    }
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }
    /// A notice above the fields; `true` draws it in the warning style.
    pub fn set_banner(&mut self, banner: Option<(String, bool)>) {
        self.banner = banner;
    }

    /// Replaces the field list (forms are dynamic). Values are kept, also of fields that go
    /// (they may come back); a shown field's value is kept if it fits its kind, and a choice
    /// beyond its options is cleared. Focus stays on its field if present, else goes to the
    /// field now at its place.
    pub fn set_fields(&mut self, fields: Vec<Field>) {
        let old_pos = self.focus_index();
        let old_kind = old_pos
            .and_then(|i| self.fields.get(i))
            .map(|f| f.kind.clone());
        self.fields = fields;
        let fields = &self.fields;
        self.values.retain(|k, v| {
            let Some(f) = fields.iter().find(|f| f.key == *k) else {
                return true;
            };
            let n = f.kind.options().len();
            match v {
                Value::Choice(Some(i)) if *i >= n => *v = Value::Choice(None),
                Value::Multi(list) => list.retain(|i| *i < n),
                _ => {}
            }
            f.kind.fits(v)
        });
        self.problems
            .retain(|(k, _)| fields.iter().any(|f| f.key == *k));
        match self.focus_index() {
            Some(i) if old_kind.as_ref() == Some(&self.fields[i].kind) => {
                // Same field, same kind: keep the cursor and any open list.
                let n = self.filtered().len();
                self.list.sel = self.list.sel.map(|s| s.min(n.saturating_sub(1)));
                if n == 0 {
                    self.list.sel = None;
                }
            }
            Some(_) => self.load_input(),
            None => {
                if let Some(f) = old_pos
                    .map(|p| p.min(self.fields.len().saturating_sub(1)))
                    .and_then(|p| self.fields.get(p))
                    .or_else(|| self.fields.first())
                {
                    self.focus = f.key;
                }
                self.load_input();
            }
        }
    }

    fn focus_index(&self) -> Option<usize> {
        self.fields.iter().position(|f| f.key == self.focus)
    }

    fn field(&self, key: Key) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    fn focused(&self) -> Option<&Field> {
        self.field(self.focus)
    }

    /// Puts the focused field's value into the input, cursor at the end; closes any list.
    fn load_input(&mut self) {
        let text = match self.focused() {
            Some(f) if f.kind.is_text() => self.text(self.focus).to_string(),
            _ => String::new(),
        };
        let end = text.chars().count();
        self.input = Input::new(text).with_cursor(end);
        self.list = List::default();
        self.multi_sel = 0;
        self.typing_on_toggle = false;
    }

    // Prefill: none of these makes the form dirty.

    pub fn set_text(&mut self, key: Key, s: &str) {
        self.values.insert(key, Value::Text(s.to_string()));
        if key == self.focus {
            self.load_input();
        }
    }
    pub fn set_choice(&mut self, key: Key, i: Option<usize>) {
        self.values.insert(key, Value::Choice(i));
    }
    pub fn set_multi(&mut self, key: Key, mut v: Vec<usize>) {
        v.sort_unstable();
        v.dedup();
        self.values.insert(key, Value::Multi(v));
    }
    pub fn set_flag(&mut self, key: Key, b: bool) {
        self.values.insert(key, Value::Flag(b));
    }

    pub fn text(&self, key: Key) -> &str {
        match self.values.get(&key) {
            Some(Value::Text(s)) => s,
            _ => "",
        }
    }
    pub fn choice(&self, key: Key) -> Option<usize> {
        match self.values.get(&key) {
            Some(Value::Choice(c)) => *c,
            _ => None,
        }
    }
    pub fn multi(&self, key: Key) -> &[usize] {
        match self.values.get(&key) {
            Some(Value::Multi(v)) => v,
            _ => &[],
        }
    }
    pub fn flag(&self, key: Key) -> bool {
        matches!(self.values.get(&key), Some(Value::Flag(true)))
    }
    pub fn value(&self, key: Key) -> Option<&Value> {
        self.values.get(&key)
    }

    /// The date in a date field; `None` when it is empty.
    pub fn date(&self, key: Key, today: NaiveDate) -> Result<Option<NaiveDate>, DateError> {
        let t = self.text(key);
        if t.trim().is_empty() {
            return Ok(None);
        }
        parse_date_input(t, today).map(Some)
    }

    /// The moment in a date-and-time field; `None` when it is empty.
    pub fn moment(&self, key: Key, now: NaiveDateTime) -> Result<Option<NaiveDateTime>, DateError> {
        let t = self.text(key);
        if t.trim().is_empty() {
            return Ok(None);
        }
        parse_datetime_input(t, now).map(Some)
    }

    /// Shows problems (`!`, the label in the error style, the message on the hint line) and
    /// moves focus to the first field with one.
    pub fn set_problems(&mut self, p: Vec<(Key, String)>) {
        self.problems = p;
        if let Some(k) = self
            .problems
            .iter()
            .map(|(k, _)| *k)
            .find(|k| self.field(*k).is_some())
        {
            self.focus_on(k);
        }
    }
    pub fn problems(&self) -> &[(Key, String)] {
        &self.problems
    }

    fn is_empty(&self, f: &Field) -> bool {
        match f.kind {
            Kind::Flag => false,
            Kind::Choice { .. } => self.choice(f.key).is_none(),
            Kind::Multi { .. } => self.multi(f.key).is_empty(),
            _ => self.text(f.key).trim().is_empty(),
        }
    }

    /// Required fields that are empty, in field order. A flag is never missing.
    pub fn missing_required(&self) -> Vec<Key> {
        self.fields
            .iter()
            .filter(|f| f.required && self.is_empty(f))
            .map(|f| f.key)
            .collect()
    }

    /// Date and moment fields whose text does not read as one, or (for something that has
    /// happened) lies in the future, in field order.
    pub fn bad_dates(&self, now: NaiveDateTime) -> Vec<(Key, DateProblem)> {
        // A clock a few minutes fast on another machine is not "the future".
        let latest = now + chrono::Duration::minutes(5);
        self.fields
            .iter()
            .filter_map(|f| {
                let problem = match f.kind {
                    Kind::Date => match self.date(f.key, now.date()) {
                        Ok(Some(d)) if f.past && d > now.date() => DateProblem::Future,
                        Ok(_) => return None,
                        Err(e) => DateProblem::Unreadable(e),
                    },
                    Kind::DateTime => match self.moment(f.key, now) {
                        Ok(Some(t)) if f.past && t > latest => DateProblem::Future,
                        Ok(_) => return None,
                        Err(e) => DateProblem::Unreadable(e),
                    },
                    _ => return None,
                };
                Some((f.key, problem))
            })
            .collect()
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }
    pub fn values_map(&self) -> &BTreeMap<Key, Value> {
        &self.values
    }
    /// After a save that keeps the form open.
    pub fn mark_clean(&mut self) {
        self.dirty = false;
    }
    pub fn focus(&self) -> Key {
        self.focus
    }
    pub fn focus_on(&mut self, key: Key) {
        if self.field(key).is_some() {
            self.focus = key;
            self.load_input();
        }
    }

    /// Whether the focused Choice or Combo field shows its list now.
    pub fn list_open(&self) -> bool {
        self.list.open
            && match self.focused().map(|f| &f.kind) {
                Some(Kind::Choice { .. }) => true,
                Some(Kind::Combo { .. }) => !self.filtered().is_empty(),
                _ => false,
            }
    }

    /// Option indexes the focused Choice/Combo list shows, for what is typed.
    fn filtered(&self) -> Vec<usize> {
        match self.focused().map(|f| &f.kind) {
            Some(Kind::Choice { options }) => pick::filter(options, self.input.value()),
            Some(Kind::Combo { options }) if !self.input.value().trim().is_empty() => {
                pick::filter(options, self.input.value())
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
