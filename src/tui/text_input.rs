//! Keys and pastes into a single-line text input, with the cleaning every field needs.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::{Input, InputRequest};

use super::keymap::{self, Action, Ctx};
use crate::domain::text::{Cleaned, clean_input};

/// The editing request for a key, if it is one: a typed character, or an editing key of the
/// keymap's `Ctx::Text` (so the help lists exactly the keys that work).
pub fn request(key: &KeyEvent) -> Option<InputRequest> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if let KeyCode::Char(c) = key.code
        && !ctrl
        && !alt
        && !c.is_control()
    {
        return Some(InputRequest::InsertChar(c));
    }
    Some(match keymap::lookup(Ctx::Text, key)? {
        Action::TextLeft => InputRequest::GoToPrevChar,
        Action::TextRight => InputRequest::GoToNextChar,
        Action::TextWordLeft => InputRequest::GoToPrevWord,
        Action::TextWordRight => InputRequest::GoToNextWord,
        Action::TextStart => InputRequest::GoToStart,
        Action::TextEnd => InputRequest::GoToEnd,
        Action::TextBackspace => InputRequest::DeletePrevChar,
        Action::TextDelete => InputRequest::DeleteNextChar,
        Action::TextDeleteWord => InputRequest::DeletePrevWord,
        Action::TextDeleteToStart => InputRequest::DeleteFromStart,
        Action::TextDeleteToEnd => InputRequest::DeleteTillEnd,
        _ => return None,
    })
}

/// Applies a key to the input within `limit` characters. Returns whether the text changed and
/// whether the key was refused because the field is full.
pub fn apply_key(input: &mut Input, req: InputRequest, limit: usize) -> (bool, bool) {
    if let InputRequest::InsertChar(_) = req
        && input.value().chars().count() >= limit
    {
        return (false, true);
    }
    (input.handle(req).is_some_and(|c| c.value), false)
}

/// Inserts a paste at the cursor, cleaned of control characters and cut to `limit`.
pub fn paste(input: &mut Input, text: &str, limit: usize) -> Cleaned {
    let existing = input.value().chars().count();
    let cleaned = clean_input(text, existing, limit);
    let value = input.value();
    let cursor = input.cursor();
    let split = value
        .char_indices()
        .nth(cursor)
        .map_or(value.len(), |(i, _)| i);
    let mut new = String::with_capacity(value.len() + cleaned.text.len());
    new.push_str(&value[..split]);
    new.push_str(&cleaned.text);
    new.push_str(&value[split..]);
    let new_cursor = cursor + cleaned.text.chars().count();
    *input = Input::new(new).with_cursor(new_cursor);
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paste_lands_at_the_cursor_without_control_characters() {
        let mut i = Input::new("Ali Hansen".into()).with_cursor(4);
        paste(&mut i, "B.\u{1b}\n", 100);
        assert_eq!(i.value(), "Ali B. Hansen");
        assert_eq!(i.cursor(), 7);
    }

    #[test]
    fn typing_stops_at_the_limit() {
        let mut i = Input::new("abc".into());
        assert_eq!(
            apply_key(&mut i, InputRequest::InsertChar('d'), 3),
            (false, true)
        );
        assert_eq!(
            apply_key(&mut i, InputRequest::DeletePrevChar, 3),
            (true, false)
        );
        assert_eq!(i.value(), "ab");
    }

    #[test]
    fn editing_keys_are_the_keymaps() {
        let k = |code, mods| request(&KeyEvent::new(code, mods));
        assert_eq!(
            k(KeyCode::Char('w'), KeyModifiers::CONTROL),
            Some(InputRequest::DeletePrevWord)
        );
        assert_eq!(
            k(KeyCode::Char('u'), KeyModifiers::CONTROL),
            Some(InputRequest::DeleteFromStart)
        );
        assert_eq!(
            k(KeyCode::Char('k'), KeyModifiers::CONTROL),
            Some(InputRequest::DeleteTillEnd)
        );
        assert_eq!(
            k(KeyCode::Char('Å'), KeyModifiers::SHIFT),
            Some(InputRequest::InsertChar('Å'))
        );
        assert_eq!(k(KeyCode::Char('s'), KeyModifiers::CONTROL), None);
    }

    #[test]
    fn moving_the_cursor_is_not_a_change() {
        let mut i = Input::new("abc".into());
        assert_eq!(
            apply_key(&mut i, InputRequest::GoToStart, 10),
            (false, false)
        );
    }
}
