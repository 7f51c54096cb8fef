//! Two coordinators edit one intake at once. The second is told of the conflict; saving again
//! applies only the fields that coordinator changed, so the colleague's change stays; a field
//! both changed is asked about, with both texts shown, in the form, with the keyboard, at
//! 80×24. Every edit is kept as the fields it changed, old → new, and the chronology says so.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;

use common::*;
use infohus::domain::draft::FormKind;
use infohus::i18n::Lang;
use infohus::service::{Filed, Service, ServiceError};
use infohus::tui::app::Screen;
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Mette (with one case) and Jens, logged in on the same database as two consoles are.
fn two() -> (tempfile::TempDir, Service, Service) {
    let dir = tempfile::tempdir().unwrap();
    let mut mette = service(dir.path());
    file(&mut mette, "Ali Hansen", "", "Lærer ringer om fravær");
    mette
        .set_user("jens", &[infohus::domain::access::Role::Coordinator], true)
        .unwrap();
    let mut jens = Service::login(Arc::clone(mette.core()), "jens").unwrap();
    jens.set_now(now());
    (dir, mette, jens)
}

/// An edit of case 1 by `svc`: its draft with `change` applied, saved, filed.
fn edit(svc: &Service, change: impl FnOnce(&mut infohus::domain::IntakeForm)) -> Filed {
    let mut d = svc.new_draft(FormKind::Intake, Some(1)).unwrap();
    d.edit_intake(change);
    let d = svc.save_draft(&d).unwrap();
    svc.file(&d).unwrap()
}

#[test]
fn a_save_after_a_conflict_applies_only_the_fields_this_user_changed() {
    let (_dir, mette, jens) = two();
    // Mette starts an edit of case 1 as her screen shows it.
    let seen = mette.case(1).unwrap().state.event_count;
    let mut mine = mette.new_draft(FormKind::Intake, Some(1)).unwrap();
    mine.edit_intake(|f| f.person_name = "Ali Hansen Yilmaz".into());
    let mine = mette.save_draft(&mine).unwrap();
    // Jens completes the description meanwhile.
    edit(&jens, |f| {
        f.description = "Lærer ringer om fravær; mor bekræfter".into()
    });

    // Mette's save is refused once, with who and when.
    mette.set_expected(Some((1, seen)));
    assert!(matches!(
        mette.file(&mine),
        Err(ServiceError::Conflict { by, .. }) if by == "jens"
    ));
    // Saving again records her change, and only hers.
    mette.set_expected(None);
    assert!(matches!(mette.file(&mine).unwrap(), Filed::Edited(_)));
    let state = mette.store().case(1).unwrap().unwrap();
    assert_eq!(state.intake.person.name, "Ali Hansen Yilmaz");
    assert_eq!(
        state.intake.description, "Lærer ringer om fravær; mor bekræfter",
        "the colleague's description is kept"
    );
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

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    t.backend().to_string()
}

/// The screen's words, whatever the line breaks and borders.
fn words(app: &App) -> String {
    screen(app)
        .replace(['"', '│', '┌', '┐', '└', '┘', '─'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn on_the_intake(app: &App) -> bool {
    matches!(app.stack.last(), Some(Screen::Form(f)) if f.is_intake())
}

/// Mette's console on case 1's intake form, with the description focused.
fn editing(mette: Service) -> App {
    let mut app = App::new(mette, Lang::En, Theme { color: false });
    press(&mut app, KeyCode::Enter); // case 1 from the work queue
    press(&mut app, KeyCode::Char('e'));
    assert!(on_the_intake(&app));
    for _ in 0..9 {
        press(&mut app, KeyCode::Tab);
    }
    app
}

#[test]
fn a_field_both_changed_is_asked_about_with_both_texts_and_the_choice_is_kept() {
    for keep_mine in [false, true] {
        let (_dir, mette, jens) = two();
        let mut app = editing(mette);
        type_text(&mut app, " – far ringer også");
        edit(&jens, |f| f.description = "Skolen: fravær 30 %".into());

        ctrl(&mut app, 's');
        assert!(
            words(&app).contains("was changed by jens"),
            "{}",
            screen(&app)
        );
        ctrl(&mut app, 's');
        // Both texts, side by side in the form, and how to choose.
        let s = words(&app);
        assert!(
            s.contains("Lærer ringer om fravær – far ringer også"),
            "{}",
            screen(&app)
        );
        assert!(s.contains("Skolen: fravær 30 %"), "{}", screen(&app));
        assert!(s.contains("jens"), "{}", screen(&app));
        let expected = if keep_mine {
            "Lærer ringer om fravær – far ringer også"
        } else {
            "Skolen: fravær 30 %"
        };
        if keep_mine {
            press(&mut app, KeyCode::Char('1'));
        } else {
            press(&mut app, KeyCode::Char('2'));
        }
        press(&mut app, KeyCode::Enter);
        let v = app.svc.case(1).unwrap();
        assert_eq!(
            v.state.intake.description, expected,
            "keep mine: {keep_mine}"
        );
        assert!(!on_the_intake(&app), "saved and closed: {}", screen(&app));
    }
}

#[test]
fn the_chronology_shows_old_and_new_for_every_edit() {
    let (_dir, mette, _jens) = two();
    let mut app = editing(mette);
    type_text(&mut app, " og mere");
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Char('5')); // the chronology tab
    let s = words(&app);
    assert!(
        s.contains("Lærer ringer om fravær → Lærer ringer om fravær og mere"),
        "{}",
        screen(&app)
    );
}

#[test]
fn the_choice_at_80x24() {
    let (_dir, mette, jens) = two();
    let mut app = editing(mette);
    type_text(
        &mut app,
        " – far ringer også, og skolen har sendt en lang beskrivelse af forløbet i klassen, som fylder flere linjer på skærmen end der er plads til",
    );
    // Back past the concerns to the languages.
    for _ in 0..2 {
        press(&mut app, KeyCode::BackTab);
    }
    type_text(&mut app, "x");
    edit(&jens, |f| {
        f.description = "Skolen: fravær 30 %".into();
        f.languages = "dansk, arabisk".into();
    });
    ctrl(&mut app, 's');
    ctrl(&mut app, 's');
    insta::assert_snapshot!("clash_choice_en", screen(&app));
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("clash_choice_unanswered_en", screen(&app));
}

/// The draft of an edit is made at the first key typed, but the form was filled when it
/// opened: a colleague's save in between must count as theirs, not as something this user
/// typed back (the draft is based on the version the form was filled from).
#[test]
fn a_colleagues_save_before_the_first_key_is_kept() {
    let (_dir, mette, jens) = two();
    let mut app = editing(mette);
    edit(&jens, |f| f.languages = "dansk, arabisk".into());
    // Back to the name, and typed there.
    for _ in 0..9 {
        press(&mut app, KeyCode::BackTab);
    }
    type_text(&mut app, " Yilmaz");
    ctrl(&mut app, 's');
    assert!(
        words(&app).contains("was changed by jens"),
        "{}",
        screen(&app)
    );
    ctrl(&mut app, 's');
    assert!(!on_the_intake(&app), "saved and closed: {}", screen(&app));
    let v = app.svc.case(1).unwrap();
    assert_eq!(v.state.intake.person.name, "Ali Hansen Yilmaz");
    assert_eq!(
        v.state.intake.person.languages, "dansk, arabisk",
        "the colleague's change is kept"
    );
}
