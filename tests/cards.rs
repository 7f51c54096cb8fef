//! Actioncards in the console: `a` anywhere outside a form, the case's cards first.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use infohus::i18n::Lang;
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, code: KeyCode) {
    app.update(AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    t.backend().to_string()
}

fn app(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    // Extremism (see `file`), 16 years old.
    file(&mut svc, "Søren Ali Hansen", "010110-4006", "Deler videoer");
    (dir, App::new(svc, lang, Theme { color: false }))
}

#[test]
fn a_lists_the_shipped_cards_and_enter_shows_one() {
    let (_d, mut app) = app(Lang::Da);
    press(&mut app, KeyCode::Char('a'));
    let s = screen(&app);
    for title in [
        "Overhængende fare",
        "Ekstremisme og udrejse til konfliktzone",
        "Borger under 18: underretning",
        "Borger over 18",
        "Æresrelateret konflikt",
    ] {
        assert!(s.contains(title), "{title} missing:\n{s}");
    }
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Første skridt"), "{s}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app).contains("Actioncards"));
}

#[test]
fn on_a_case_the_cards_for_its_concern_and_age_come_first() {
    let (_d, mut app) = app(Lang::Da);
    press(&mut app, KeyCode::Enter); // the case
    press(&mut app, KeyCode::Char('a'));
    let s = screen(&app);
    let line_of = |t: &str| s.lines().position(|l| l.contains(t)).unwrap();
    assert!(
        line_of("Ekstremisme og udrejse") < line_of("Overhængende fare"),
        "{s}"
    );
    assert!(
        s.contains("Ekstremisme og udrejse til konfliktzone ★"),
        "{s}"
    );
    assert!(s.contains("Borger under 18: underretning ★"), "{s}");
    insta::assert_snapshot!("cards_on_a_case_da", s);
    let (_d, mut app) = self::app(Lang::En);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("card_text_en", screen(&app));
}

#[test]
fn a_broken_card_file_is_named_with_its_line_and_the_rest_still_load() {
    let (d, mut app) = app(Lang::Da);
    let cards = d.path().join("actioncards");
    // The folder is written on first use; break one file before the console reads them.
    infohus::service::actioncards::load(&cards);
    std::fs::write(cards.join("egen.txt"), "# Egen\n## Telefon\nbare et navn\n").unwrap();
    press(&mut app, KeyCode::Char('a'));
    let s = screen(&app);
    assert!(s.contains("egen.txt linje 3"), "{s}");
    assert!(s.contains("Overhængende fare"), "{s}");
}

/// The team edits a card while the server runs: a console opened afterwards shows the new
/// text, and so does one that was open all along (after its next look at the server).
#[test]
fn an_edited_card_shows_in_a_fresh_and_in_an_open_console_without_a_restart() {
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let console = |lang| {
        let mut app = App::new(server.api(), lang, Theme { color: false });
        let now = Rc::new(Cell::new(Instant::now()));
        let clock = Rc::clone(&now);
        app.set_clock(Box::new(move || clock.get()));
        (app, now)
    };
    let (mut open, now) = console(Lang::Da);
    press(&mut open, KeyCode::Char('a'));
    assert!(screen(&open).contains("Ekstremisme og udrejse til konfliktzone"));
    press(&mut open, KeyCode::Esc);

    let card = dir.path().join("actioncards").join("ekstremisme.txt");
    let text = std::fs::read_to_string(&card).unwrap();
    std::fs::write(
        &card,
        text.replace(
            "# Ekstremisme og udrejse til konfliktzone",
            "# Ekstremisme: ring til Lise først",
        ),
    )
    .unwrap();

    let (mut fresh, _) = console(Lang::Da);
    press(&mut fresh, KeyCode::Char('a'));
    let s = screen(&fresh);
    assert!(s.contains("Ekstremisme: ring til Lise først"), "{s}");
    assert!(!s.contains("udrejse til konfliktzone"), "{s}");

    // The open console looks at the server while idle, and its next `a` shows the edit.
    now.set(now.get() + Duration::from_secs(1));
    open.update(AppEvent::Tick);
    press(&mut open, KeyCode::Char('a'));
    let s = screen(&open);
    assert!(s.contains("Ekstremisme: ring til Lise først"), "{s}");

    // A card removed is gone, too.
    std::fs::remove_file(&card).unwrap();
    now.set(now.get() + Duration::from_secs(1));
    press(&mut open, KeyCode::Esc);
    open.update(AppEvent::Tick);
    press(&mut open, KeyCode::Char('a'));
    assert!(!screen(&open).contains("Ekstremisme"), "{}", screen(&open));
}

#[test]
fn a_new_database_has_the_team_files_to_edit_before_first_use() {
    let dir = tempfile::tempdir().unwrap();
    let _svc = service(dir.path());
    // Before anyone has pressed `a` or written an assessment: the files are there to edit.
    let cards = dir.path().join("actioncards");
    let n = std::fs::read_dir(&cards)
        .map(|d| d.filter_map(Result::ok).count())
        .unwrap_or(0);
    assert_eq!(n, infohus::service::actioncards::DEFAULT_CARDS.len());
    let recs = std::fs::read_to_string(dir.path().join("anbefalinger.txt")).unwrap_or_default();
    for r in infohus::domain::flow::RECOMMENDATIONS {
        assert!(recs.lines().any(|l| l == *r), "{r} missing from:\n{recs}");
    }
    // Edited before first use, the team's own lists are what the program reads.
    std::fs::write(dir.path().join("anbefalinger.txt"), "# vores\nMentor\n").unwrap();
    drop(_svc);
    let svc = service(dir.path());
    assert_eq!(svc.recommendations(), vec!["Mentor".to_string()]);
}
