//! `Form::update` and `Form::paste` as plain functions: keys in, values and events out.
#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::tui::keymap::{self, Action, Ctx};

const NAME: Key = 1;
const NOTE: Key = 2;
const WHEN: Key = 3;
const OUTCOME: Key = 4;
const TO_WHOM: Key = 5;
const TAGS: Key = 6;
const ORG: Key = 7;
const DONE: Key = 8;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(10, 30, 0).unwrap()
}

fn opts(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// A form like the concrete ones: "to whom" appears only when the outcome is "henvist".
fn fields(form: &Form) -> Vec<Field> {
    let mut v = vec![
        Field::new(NAME, "Navn", Kind::Line { limit: 20 }).required(),
        Field::new(NOTE, "Notat", Kind::Text { limit: 500 }),
        Field::new(WHEN, "Dato", Kind::Date),
        Field::new(
            OUTCOME,
            "Udfald",
            Kind::Choice {
                options: opts(&[
                    "bekymring består",
                    "ubegrundet",
                    "henvist",
                    "Politi (anmeldelse)",
                ]),
            },
        ),
    ];
    if form.choice(OUTCOME) == Some(2) {
        v.push(Field::new(TO_WHOM, "Til hvem", Kind::Line { limit: 100 }).required());
    }
    v.push(Field::new(
        TAGS,
        "Emner",
        Kind::Multi {
            options: opts(&["skole", "familie", "netværk"]),
        },
    ));
    v.push(Field::new(
        ORG,
        "Organisation",
        Kind::Combo {
            options: opts(&["Børne- og ungeforvaltningen", "Jobcenter", "Lokalpoliti"]),
        },
    ));
    v.push(Field::new(DONE, "Afsluttet", Kind::Flag));
    v
}

fn new_form() -> Form {
    let mut f = Form::new("Test".into(), Vec::new());
    let fl = fields(&f);
    f.set_fields(fl);
    f
}

/// Presses a key the way the app does: through the keymap, then the form, then the field list
/// is recomputed like `FormScreen` does.
fn press(f: &mut Form, code: KeyCode, mods: KeyModifiers) -> FormEvent {
    let key = KeyEvent::new(code, mods);
    let action = keymap::lookup(Ctx::Form, &key);
    let ev = f.update(action, key, now());
    let fl = fields(f);
    f.set_fields(fl);
    ev
}

fn k(f: &mut Form, code: KeyCode) -> FormEvent {
    press(f, code, KeyModifiers::NONE)
}

fn type_text(f: &mut Form, s: &str) {
    for c in s.chars() {
        k(f, KeyCode::Char(c));
    }
}

#[test]
fn tab_goes_round_the_fields_and_shift_tab_back() {
    let mut f = new_form();
    assert_eq!(f.focus(), NAME);
    let mut seen = vec![f.focus()];
    for _ in 0..6 {
        k(&mut f, KeyCode::Tab);
        seen.push(f.focus());
    }
    assert_eq!(seen, vec![NAME, NOTE, WHEN, OUTCOME, TAGS, ORG, DONE]);
    k(&mut f, KeyCode::Tab);
    assert_eq!(f.focus(), NAME, "wraps round");
    press(&mut f, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(f.focus(), DONE);
}

#[test]
fn a_field_that_appears_joins_the_tab_order_and_keeps_other_values() {
    let mut f = new_form();
    type_text(&mut f, "Ali");
    f.focus_on(OUTCOME);
    // ← from nothing goes to the last option, ← again to "henvist".
    k(&mut f, KeyCode::Left);
    k(&mut f, KeyCode::Left);
    assert_eq!(f.choice(OUTCOME), Some(2));
    k(&mut f, KeyCode::Tab);
    assert_eq!(f.focus(), TO_WHOM);
    type_text(&mut f, "Jobcentret");
    k(&mut f, KeyCode::Tab);
    assert_eq!(f.focus(), TAGS);
    // The field goes away, its value kept (nothing typed is dropped); it comes back with it.
    f.focus_on(OUTCOME);
    k(&mut f, KeyCode::Right);
    assert_eq!(f.choice(OUTCOME), Some(3));
    assert!(f.fields().iter().all(|x| x.key != TO_WHOM));
    assert_eq!(f.text(NAME), "Ali");
    k(&mut f, KeyCode::Left);
    assert!(f.fields().iter().any(|x| x.key == TO_WHOM));
    assert_eq!(f.text(TO_WHOM), "Jobcentret");
}

#[test]
fn focus_moves_on_when_its_field_disappears() {
    let mut f = new_form();
    f.set_choice(OUTCOME, Some(2));
    let fl = fields(&f);
    f.set_fields(fl);
    f.focus_on(TO_WHOM);
    f.set_choice(OUTCOME, Some(0));
    let fl = fields(&f);
    f.set_fields(fl);
    assert_eq!(f.focus(), TAGS, "the field now in its place");
}

#[test]
fn typing_into_line_text_and_date_fields() {
    let mut f = new_form();
    type_text(&mut f, "Søren");
    assert_eq!(k(&mut f, KeyCode::Backspace), FormEvent::Changed(NAME));
    assert_eq!(f.text(NAME), "Søre");
    k(&mut f, KeyCode::Enter);
    assert_eq!(f.focus(), NOTE, "Enter goes to the next field");
    type_text(&mut f, "lang tekst med q og ?");
    assert_eq!(f.text(NOTE), "lang tekst med q og ?");
    k(&mut f, KeyCode::Enter);
    assert_eq!(f.focus(), WHEN);
    type_text(&mut f, "+14");
    assert_eq!(
        f.date(WHEN, today()),
        Ok(NaiveDate::from_ymd_opt(2026, 12, 7))
    );
    k(&mut f, KeyCode::Tab);
    assert_eq!(f.text(WHEN), "07-12-2026", "written out when left");
    assert!(f.is_dirty());
}

#[test]
fn a_bad_date_stays_as_typed_and_reads_as_an_error() {
    let mut f = new_form();
    f.focus_on(WHEN);
    type_text(&mut f, "31-04-2026");
    k(&mut f, KeyCode::Tab);
    assert_eq!(f.text(WHEN), "31-04-2026");
    assert_eq!(f.date(WHEN, today()), Err(DateError::NoSuchDate));
    assert_eq!(
        f.bad_dates(now()),
        vec![(WHEN, DateProblem::Unreadable(DateError::NoSuchDate))]
    );
    f.set_text(WHEN, "");
    assert_eq!(f.date(WHEN, today()), Ok(None));
}

#[test]
fn typing_in_a_line_field_stops_at_its_limit() {
    let mut f = new_form();
    type_text(&mut f, &"x".repeat(20));
    assert_eq!(k(&mut f, KeyCode::Char('y')), FormEvent::Full);
    assert_eq!(f.text(NAME).chars().count(), 20);
}

#[test]
fn choice_filters_by_typing_and_enter_picks() {
    let mut f = new_form();
    f.focus_on(OUTCOME);
    type_text(&mut f, "pol");
    assert!(f.list_open());
    assert_eq!(f.choice(OUTCOME), None, "filtering alone chooses nothing");
    assert_eq!(k(&mut f, KeyCode::Enter), FormEvent::Changed(OUTCOME));
    assert_eq!(f.choice(OUTCOME), Some(3));
    assert!(!f.list_open());
    assert_eq!(f.focus(), OUTCOME);
    assert!(f.is_dirty());
}

#[test]
fn choice_list_moves_with_arrows_and_esc_closes_it_first() {
    let mut f = new_form();
    f.focus_on(OUTCOME);
    type_text(&mut f, "e");
    // "e" starts none; all hold it: order kept.
    k(&mut f, KeyCode::Down);
    k(&mut f, KeyCode::Down);
    assert_eq!(
        k(&mut f, KeyCode::Esc),
        FormEvent::None,
        "Esc closes the list"
    );
    assert!(!f.list_open());
    assert_eq!(f.choice(OUTCOME), None);
    k(&mut f, KeyCode::Char(' '));
    assert!(f.list_open(), "space opens the whole list");
    k(&mut f, KeyCode::Down);
    k(&mut f, KeyCode::Enter);
    assert_eq!(f.choice(OUTCOME), Some(1));
    assert_eq!(k(&mut f, KeyCode::Backspace), FormEvent::Changed(OUTCOME));
    assert_eq!(f.choice(OUTCOME), None, "Backspace clears the choice");
}

#[test]
fn choice_filter_folds_danish_letters() {
    let mut f = Form::new(
        "T".into(),
        vec![Field::new(
            1,
            "Myndighed",
            Kind::Choice {
                options: opts(&["Skole", "Børne- og ungeforvaltning"]),
            },
        )],
    );
    for c in "boe".chars() {
        f.update(
            None,
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            now(),
        );
    }
    f.update(Some(Action::Accept), KeyEvent::from(KeyCode::Enter), now());
    assert_eq!(f.choice(1), Some(1));
}

#[test]
fn combo_keeps_typed_text_unless_a_suggestion_is_taken() {
    let mut f = new_form();
    f.focus_on(ORG);
    type_text(&mut f, "Lokal SSP");
    assert_eq!(f.text(ORG), "Lokal SSP");
    k(&mut f, KeyCode::Enter);
    assert_eq!(f.text(ORG), "Lokal SSP", "typed text stands");
    assert_eq!(f.focus(), DONE);

    f.focus_on(ORG);
    k(&mut f, KeyCode::Char('x'));
    assert_eq!(f.text(ORG), "Lokal SSPx");
    f.set_text(ORG, "");
    type_text(&mut f, "børne");
    assert!(f.list_open());
    k(&mut f, KeyCode::Down);
    assert_eq!(k(&mut f, KeyCode::Enter), FormEvent::Changed(ORG));
    assert_eq!(f.text(ORG), "Børne- og ungeforvaltningen");
    assert_eq!(f.focus(), ORG);
    assert!(!f.list_open());
}

#[test]
fn combo_up_from_the_first_suggestion_returns_to_the_typed_text() {
    let mut f = new_form();
    f.focus_on(ORG);
    type_text(&mut f, "job");
    k(&mut f, KeyCode::Down);
    k(&mut f, KeyCode::Up);
    k(&mut f, KeyCode::Enter);
    assert_eq!(f.text(ORG), "job");
}

#[test]
fn multi_ticks_with_space_and_moves_with_arrows() {
    let mut f = new_form();
    f.focus_on(TAGS);
    k(&mut f, KeyCode::Char(' '));
    k(&mut f, KeyCode::Down);
    k(&mut f, KeyCode::Down);
    k(&mut f, KeyCode::Char(' '));
    assert_eq!(f.multi(TAGS), &[0, 2]);
    k(&mut f, KeyCode::Up);
    k(&mut f, KeyCode::Up);
    k(&mut f, KeyCode::Char(' '));
    assert_eq!(f.multi(TAGS), &[2]);
    k(&mut f, KeyCode::Up);
    assert_eq!(f.focus(), TAGS, "↑ past the first option stays in the list");
    for _ in 0..5 {
        k(&mut f, KeyCode::Down);
    }
    assert_eq!(f.focus(), TAGS, "↓ past the last too: Tab leaves it");
    k(&mut f, KeyCode::Char(' '));
    assert!(f.multi(TAGS).is_empty(), "the last option was unticked");
    k(&mut f, KeyCode::Tab);
    assert_eq!(f.focus(), ORG);
}

#[test]
fn letters_on_a_checkbox_or_checklist_change_nothing_and_ask_for_the_hint() {
    let mut f = new_form();
    f.focus_on(DONE);
    assert_eq!(k(&mut f, KeyCode::Char('j')), FormEvent::ToggleHint);
    assert_eq!(k(&mut f, KeyCode::Right), FormEvent::ToggleHint);
    assert!(!f.flag(DONE), "only Space ticks");
    f.focus_on(TAGS);
    assert_eq!(k(&mut f, KeyCode::Char('a')), FormEvent::ToggleHint);
    assert!(f.multi(TAGS).is_empty());
    assert_eq!(f.paste("familie"), FormEvent::ToggleHint);
    assert!(!f.is_dirty());
}

#[test]
fn leaving_a_choice_with_an_unused_filter_says_so_and_changes_nothing() {
    let mut f = new_form();
    f.set_choice(OUTCOME, Some(1));
    f.focus_on(OUTCOME);
    type_text(&mut f, "Lærer ringer om eleven");
    assert_eq!(k(&mut f, KeyCode::Tab), FormEvent::FilterDropped(OUTCOME));
    assert_eq!(f.dropped_filter(), "Lærer ringer om eleven");
    assert_eq!(f.choice(OUTCOME), Some(1));
    assert!(!f.is_dirty());
}

#[test]
fn a_moment_takes_a_clock_time_and_the_past_refuses_the_future() {
    let mut f = Form::new(
        "T".into(),
        vec![
            Field::new(1, "Ringet", Kind::DateTime).past(),
            Field::new(2, "Næste", Kind::Date),
        ],
    );
    for c in "kl. 9.05".chars() {
        f.update(None, KeyEvent::from(KeyCode::Char(c)), now());
    }
    f.update(Some(Action::NextField), KeyEvent::from(KeyCode::Tab), now());
    assert_eq!(f.text(1), "23-11-2026 09:05", "written out when left");
    assert!(f.bad_dates(now()).is_empty());
    f.set_text(1, "23:00");
    assert_eq!(f.bad_dates(now()), vec![(1, DateProblem::Future)]);
    f.set_text(1, "25:00");
    assert_eq!(
        f.bad_dates(now()),
        vec![(1, DateProblem::Unreadable(DateError::NoSuchTime))]
    );
}

#[test]
fn values_go_to_a_draft_and_come_back_with_the_cursor_where_it_was() {
    let mut f = new_form();
    type_text(&mut f, "Ali");
    f.focus_on(NOTE);
    type_text(&mut f, "eleven ringer");
    f.focus_on(TAGS);
    k(&mut f, KeyCode::Char(' '));
    let stored = f.stored_values();
    let mut g = new_form();
    g.load_values(&stored);
    assert!(!g.is_dirty());
    assert_eq!(g.text(NAME), "Ali");
    assert_eq!(g.multi(TAGS), &[0]);
    g.focus_at(NOTE, 6);
    k(&mut g, KeyCode::Char('!'));
    assert_eq!(g.text(NOTE), "eleven! ringer");
}

#[test]
fn flag_toggles_with_space() {
    let mut f = new_form();
    f.focus_on(DONE);
    assert!(!f.flag(DONE));
    assert_eq!(k(&mut f, KeyCode::Char(' ')), FormEvent::Changed(DONE));
    assert!(f.flag(DONE));
}

#[test]
fn esc_cancels_and_ctrl_s_submits() {
    let mut f = new_form();
    assert_eq!(k(&mut f, KeyCode::Esc), FormEvent::Cancel);
    assert_eq!(
        press(&mut f, KeyCode::Char('s'), KeyModifiers::CONTROL),
        FormEvent::Submit
    );
}

#[test]
fn prefill_does_not_make_the_form_dirty() {
    let mut f = new_form();
    f.set_text(NAME, "Ali");
    f.set_choice(OUTCOME, Some(1));
    f.set_multi(TAGS, vec![2, 0, 2]);
    f.set_flag(DONE, true);
    assert!(!f.is_dirty());
    assert_eq!(f.text(NAME), "Ali");
    assert_eq!(f.multi(TAGS), &[0, 2]);
    // Moving about is not a change either.
    k(&mut f, KeyCode::Tab);
    k(&mut f, KeyCode::Tab);
    assert!(!f.is_dirty());
    k(&mut f, KeyCode::Char('a'));
    assert!(f.is_dirty());
}

#[test]
fn problems_move_focus_to_the_first_and_clear_when_fixed() {
    let mut f = new_form();
    f.focus_on(DONE);
    assert_eq!(f.missing_required(), vec![NAME]);
    f.set_problems(vec![(WHEN, "bad".into()), (NAME, "missing".into())]);
    assert_eq!(f.focus(), WHEN);
    type_text(&mut f, "i dag");
    assert_eq!(f.problems(), &[(NAME, "missing".to_string())]);
}

#[test]
fn a_huge_paste_is_cut_to_the_limit() {
    let mut f = new_form();
    let big = "æ".repeat(50 * 1024);
    assert_eq!(f.paste(&big), FormEvent::Truncated);
    assert_eq!(f.text(NAME).chars().count(), 20);
    assert!(f.is_dirty());
}

#[test]
fn pasted_control_characters_are_removed() {
    let mut f = new_form();
    f.focus_on(NOTE);
    assert_eq!(
        f.paste("linje et\nlinje\u{1b}[31m to\u{7}"),
        FormEvent::ControlsRemoved(NOTE)
    );
    assert_eq!(f.text(NOTE), "linje et linje[31m to");
    f.focus_on(DONE);
    assert_eq!(f.paste("x"), FormEvent::ToggleHint, "no text to paste into");
}

#[test]
fn choice_beyond_new_options_is_dropped() {
    let mut f = Form::new(
        "T".into(),
        vec![Field::new(
            1,
            "V",
            Kind::Choice {
                options: opts(&["a", "b", "c"]),
            },
        )],
    );
    f.set_choice(1, Some(2));
    f.set_fields(vec![Field::new(
        1,
        "V",
        Kind::Choice {
            options: opts(&["a"]),
        },
    )]);
    assert_eq!(f.choice(1), None);
}
