//! Keys and pastes into a single-line text input, with the cleaning every field needs.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::{Input, InputRequest};

use crate::domain::text::{Cleaned, clean_input};

/// The editing request for a key, if it is one.
pub fn request(key: &KeyEvent) -> Option<InputRequest> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    Some(match key.code {
        KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
        KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
        KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
        KeyCode::Char('u') if ctrl => InputRequest::DeleteFromStart,
        KeyCode::Char('k') if ctrl => InputRequest::DeleteTillEnd,
        KeyCode::Char(c) if !ctrl && !alt && !c.is_control() => InputRequest::InsertChar(c),
        KeyCode::Backspace if ctrl || alt => InputRequest::DeletePrevWord,
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left if ctrl || alt => InputRequest::GoToPrevWord,
        KeyCode::Right if ctrl || alt => InputRequest::GoToNextWord,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
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
    fn moving_the_cursor_is_not_a_change() {
        let mut i = Input::new("abc".into());
        assert_eq!(
            apply_key(&mut i, InputRequest::GoToStart, 10),
            (false, false)
        );
    }
}
