//! The console driven with synthetic key presses, as a user would, checked against what it
//! saves and what it draws (ratatui's TestBackend).
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use infohus::i18n::Lang;
use infohus::tui::app::Screen;
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
}

fn app_with(cases: &[(&str, &str, &str)], lang: Lang) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    for (name, cpr, desc) in cases {
        file(&mut svc, name, cpr, desc);
    }
    let app = App::new(svc, lang, Theme { color: false });
    Fixture { _dir: dir, app }
}

fn press(app: &mut App, code: KeyCode) {
    app.update(AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn ctrl(app: &mut App, c: char) {
    app.update(AppEvent::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// From the name: Tab to the description, type it, and pick a source by typing its name.
fn describe(app: &mut App, description: &str, source: &str) {
    for _ in 0..9 {
        press(app, KeyCode::Tab);
    }
    type_text(app, description);
    press(app, KeyCode::Tab);
    press(app, KeyCode::Tab);
    type_text(app, source);
    press(app, KeyCode::Enter);
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    t.backend().to_string()
}

#[test]
fn n_opens_an_intake_with_the_cursor_in_the_name_and_every_letter_is_saved() {
    let mut f = app_with(&[], Lang::Da);
    press(&mut f.app, KeyCode::Char('n'));
    type_text(&mut f.app, "qn Ali");
    let drafts = f.app.svc.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(
        drafts[0].intake().person_name,
        "qn Ali",
        "q and n are text in a form"
    );
}

#[test]
fn esc_keeps_the_draft_and_an_untouched_form_leaves_no_draft() {
    let mut f = app_with(&[], Lang::Da);
    press(&mut f.app, KeyCode::Char('n'));
    press(&mut f.app, KeyCode::Esc);
    assert!(
        f.app.svc.drafts().unwrap().is_empty(),
        "nothing typed, nothing kept"
    );
    press(&mut f.app, KeyCode::Char('n'));
    type_text(&mut f.app, "Ali");
    press(&mut f.app, KeyCode::Esc);
    assert_eq!(f.app.svc.drafts().unwrap().len(), 1);
    assert!(
        screen(&f.app, 80, 24).contains("Ali"),
        "the queue offers the draft"
    );
}

#[test]
fn ctrl_s_files_the_intake_and_shows_the_new_case() {
    let mut f = app_with(&[], Lang::Da);
    press(&mut f.app, KeyCode::Char('n'));
    type_text(&mut f.app, "Fatima Yilmaz");
    describe(&mut f.app, "Skolen ringer", "skole");
    ctrl(&mut f.app, 's');
    assert!(matches!(f.app.stack.last(), Some(Screen::Detail(_))));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Oprettet som sag #1"), "{s}");
    assert!(s.contains("Kronologi"), "{s}");
    assert!(f.app.svc.drafts().unwrap().is_empty());
}

#[test]
fn filing_without_name_or_description_says_what_is_missing() {
    let mut f = app_with(&[], Lang::En);
    press(&mut f.app, KeyCode::Char('n'));
    press(&mut f.app, KeyCode::Tab);
    type_text(&mut f.app, "0101");
    ctrl(&mut f.app, 's');
    assert!(matches!(f.app.stack.last(), Some(Screen::Form(f)) if f.is_intake()));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Cannot be filed yet"), "{s}");
}

#[test]
fn imminent_danger_shows_the_actioncard_and_blocks_filing_until_police_contact_is_recorded() {
    let mut f = app_with(&[], Lang::Da);
    press(&mut f.app, KeyCode::Char('n'));
    type_text(&mut f.app, "Omar");
    describe(&mut f.app, "Truer med kniv", "politi");
    ctrl(&mut f.app, 'd');
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("112"), "{s}");
    assert!(s.contains("114"), "{s}");
    press(&mut f.app, KeyCode::Enter);
    ctrl(&mut f.app, 's');
    assert!(
        matches!(f.app.stack.last(), Some(Screen::Form(f)) if f.is_intake()),
        "not filed"
    );
    // Focus is on "police contacted by" after the failed attempt.
    type_text(&mut f.app, "Mette SSP");
    press(&mut f.app, KeyCode::Tab);
    type_text(&mut f.app, "23-11-2026 10:20");
    ctrl(&mut f.app, 's');
    assert!(
        matches!(f.app.stack.last(), Some(Screen::Detail(_))),
        "{}",
        screen(&f.app, 80, 24)
    );
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("OVERHÆNGENDE FARE"), "{s}");
}

#[test]
fn a_50_kb_paste_is_cut_with_a_message_and_control_characters_never_land() {
    let mut f = app_with(&[], Lang::En);
    press(&mut f.app, KeyCode::Char('n'));
    let paste = format!("Ali\u{1b}[2J{}", "x".repeat(50_000));
    f.app.update(AppEvent::Paste(paste));
    let d = &f.app.svc.drafts().unwrap()[0];
    assert_eq!(
        d.intake().person_name.chars().count(),
        infohus::domain::text::LINE_LIMIT
    );
    assert!(d.intake().person_name.starts_with("Ali[2J"));
    assert!(screen(&f.app, 80, 24).contains("too long"));
}

#[test]
fn slash_searches_names_descriptions_and_case_numbers_as_you_type() {
    let mut f = app_with(
        &[
            ("Søren Hansen", "", "deler videoer"),
            ("Aisha Ali", "", "tvangsægteskab"),
            ("Jonas Berg", "", "bandetilknytning"),
        ],
        Lang::Da,
    );
    press(&mut f.app, KeyCode::Char('/'));
    type_text(&mut f.app, "søren");
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("1 sag "), "{s}");
    assert!(s.contains("Søren Hansen"));
    for _ in 0..5 {
        press(&mut f.app, KeyCode::Backspace);
    }
    type_text(&mut f.app, "tvang");
    assert!(screen(&f.app, 80, 24).contains("Aisha Ali"));
    press(&mut f.app, KeyCode::Enter); // opens the top hit
    assert!(matches!(f.app.stack.last(), Some(Screen::Detail(_))));
}

#[test]
fn an_edit_from_the_case_is_a_new_event() {
    let mut f = app_with(&[("Ali Hansen", "", "først")], Lang::Da);
    press(&mut f.app, KeyCode::Enter); // open case 1 from the queue
    press(&mut f.app, KeyCode::Char('e'));
    for _ in 0..9 {
        press(&mut f.app, KeyCode::Tab);
    }
    type_text(&mut f.app, " og mere");
    ctrl(&mut f.app, 's');
    let v = f.app.svc.case(1).unwrap();
    assert_eq!(v.events.len(), 2);
    assert_eq!(v.state.intake.description, "først og mere");
    press(&mut f.app, KeyCode::Char('5')); // the chronology tab
    assert!(screen(&f.app, 80, 40).contains("Rettet: Beskrivelse"));
}

#[test]
fn a_note_and_a_next_date_are_recorded_from_the_case() {
    let mut f = app_with(&[("Ali Hansen", "", "x")], Lang::Da);
    press(&mut f.app, KeyCode::Enter);
    press(&mut f.app, KeyCode::Char('o'));
    type_text(&mut f.app, "Talt med skolen");
    press(&mut f.app, KeyCode::Enter);
    press(&mut f.app, KeyCode::Char('d'));
    type_text(&mut f.app, "31-02-2027");
    press(&mut f.app, KeyCode::Enter);
    assert!(screen(&f.app, 80, 24).contains("Den dato findes ikke"));
    for _ in 0..10 {
        press(&mut f.app, KeyCode::Backspace);
    }
    type_text(&mut f.app, "01-03-2027");
    press(&mut f.app, KeyCode::Enter);
    let v = f.app.svc.case(1).unwrap();
    assert_eq!(v.events.len(), 3);
    assert_eq!(v.state.next_date.to_string(), "2027-03-01");
}

#[test]
fn help_lists_the_keys_of_the_current_screen() {
    let mut f = app_with(&[], Lang::En);
    press(&mut f.app, KeyCode::Char('?'));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("new concern"), "{s}");
    assert!(s.contains("discard draft"), "{s}");
    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Char('n'));
    // In the form, `?` is text; the help is not reachable by a letter there.
    press(&mut f.app, KeyCode::Char('?'));
    assert_eq!(f.app.svc.drafts().unwrap()[0].intake().person_name, "?");
}

#[test]
fn a_tiny_terminal_shows_a_notice() {
    let f = app_with(&[], Lang::Da);
    let s = screen(&f.app, 20, 5);
    assert!(s.contains("Gør vinduet"), "{s}");
}

#[test]
fn colon_opens_a_case_by_number_and_names_an_unknown_one() {
    let mut f = app_with(&[("Ali Hansen", "", "x")], Lang::En);
    press(&mut f.app, KeyCode::Char(':'));
    type_text(&mut f.app, "99");
    press(&mut f.app, KeyCode::Enter);
    assert!(screen(&f.app, 80, 24).contains("Case 99 does not exist"));
    for _ in 0..2 {
        press(&mut f.app, KeyCode::Backspace);
    }
    type_text(&mut f.app, "1");
    press(&mut f.app, KeyCode::Enter);
    assert!(matches!(f.app.stack.last(), Some(Screen::Detail(_))));
}

#[test]
fn redacted_view_hides_names_and_refuses_to_open_an_intake() {
    let mut f = app_with(
        &[("Søren Ali Hansen", "010110-4006", "Søren ringede")],
        Lang::Da,
    );
    press(&mut f.app, KeyCode::Char('R'));
    assert!(f.app.redacted());
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("SKJULT"), "{s}");
    assert!(s.contains("S.A.H."), "{s}");
    assert!(!s.contains("Søren"), "{s}");
    press(&mut f.app, KeyCode::Char('n'));
    assert!(!matches!(f.app.stack.last(), Some(Screen::Form(f)) if f.is_intake()));
    assert!(screen(&f.app, 80, 24).contains("Slå skjult visning fra"));
    // On the case: no CPR (not even masked), no reveal, no intake edit.
    press(&mut f.app, KeyCode::Char('j'));
    press(&mut f.app, KeyCode::Enter);
    let s = screen(&f.app, 80, 40);
    assert!(s.contains("1 Oversigt"), "{s}");
    assert!(!s.contains("Søren") && !s.contains("010110"), "{s}");
    assert!(s.contains("S. ringede"), "{s}");
    press(&mut f.app, KeyCode::Char('r'));
    assert!(!screen(&f.app, 80, 40).contains("010110"));
    press(&mut f.app, KeyCode::Char('e'));
    assert!(!matches!(f.app.stack.last(), Some(Screen::Form(f)) if f.is_intake()));
    // Off again: the name is back.
    press(&mut f.app, KeyCode::Char('R'));
    assert!(screen(&f.app, 80, 40).contains("Søren Ali Hansen"));
}
