//! The console's idle lock, the viewer's console, "last viewed by" and the search audit, driven
//! with synthetic keys and a clock moved by hand (no real waiting).
#![allow(clippy::unwrap_used)]

mod common;

use std::cell::Cell;
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use common::*;
use infohus::domain::audit::AuditAction;
use infohus::i18n::Lang;
use infohus::service::{AuditFilter, Service};
use infohus::tui::app::Screen;
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, code: KeyCode) {
    app.update(AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
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

/// An app whose clock only moves when the test says so.
fn with_clock(svc: Service, lang: Lang) -> (App, Rc<Cell<Instant>>) {
    let now = Rc::new(Cell::new(Instant::now()));
    let mut app = App::new(svc, lang, Theme { color: false });
    let clock = Rc::clone(&now);
    app.set_clock(Box::new(move || clock.get()));
    app.set_idle_minutes(15);
    (app, now)
}

fn later(now: &Cell<Instant>, minutes: u64) {
    now.set(now.get() + Duration::from_secs(minutes * 60));
}

fn open_as(dir: &Path, user: &str) -> Service {
    let mut s = Service::open(&db_in(dir), true, user).unwrap();
    s.set_now(now());
    s
}

#[test]
fn the_idle_lock_hides_everything_and_keeps_a_half_typed_intake() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    file(&mut svc, "Søren Hansen", "", "x");
    let (mut app, now) = with_clock(svc, Lang::Da);
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Aisha Al");

    later(&now, 14);
    app.update(AppEvent::Tick);
    assert!(screen(&app).contains("Aisha Al"), "not yet");

    later(&now, 1);
    app.update(AppEvent::Tick);
    let locked = screen(&app);
    assert!(locked.contains("Låst — tryk en tast"), "{locked}");
    for hidden in ["Aisha", "Søren", "mette", "Ny henvendelse"] {
        assert!(!locked.contains(hidden), "{hidden} shown while locked");
    }

    // A key only asks who is there; it is not typed into the hidden form.
    press(&mut app, KeyCode::Char('i'));
    let asking = screen(&app);
    assert!(asking.contains("Lås op som mette? Enter"), "{asking}");
    assert!(
        !asking.contains("Aisha"),
        "case data stays hidden until Enter"
    );
    press(&mut app, KeyCode::Enter);

    let back = screen(&app);
    assert!(back.contains("Aisha Al"), "{back}");
    type_text(&mut app, "i");
    assert!(matches!(app.stack.last(), Some(Screen::Form(f)) if f.is_intake()));
    assert_eq!(
        app.svc.drafts().unwrap()[0].intake().person_name,
        "Aisha Ali"
    );
}

#[test]
fn esc_on_the_question_keeps_the_screen_locked() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, now) = with_clock(service(dir.path()), Lang::En);
    later(&now, 20);
    app.update(AppEvent::Tick);
    press(&mut app, KeyCode::Char('x'));
    assert!(screen(&app).contains("Unlock as mette? Enter"));
    press(&mut app, KeyCode::Esc);
    let s = screen(&app);
    assert!(s.contains("Locked — press a key"));
    assert!(!s.contains("Unlock as"));
}

#[test]
fn a_paste_while_locked_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, now) = with_clock(service(dir.path()), Lang::Da);
    press(&mut app, KeyCode::Char('n'));
    later(&now, 30);
    app.update(AppEvent::Paste("hemmelig tekst".into()));
    press(&mut app, KeyCode::Enter);
    assert!(!app.lock.is_locked());
    let drafts = app.svc.drafts().unwrap();
    assert!(drafts.iter().all(|d| d.intake().person_name.is_empty()));
}

#[test]
fn zero_idle_minutes_never_locks() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, now) = with_clock(service(dir.path()), Lang::Da);
    app.set_idle_minutes(0);
    later(&now, 24 * 60);
    app.update(AppEvent::Tick);
    assert!(!app.lock.is_locked());
}

#[test]
fn a_first_start_says_who_was_made_admin_in_the_console() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new(service(dir.path()), Lang::En, Theme { color: false });
    let s = screen(&app);
    assert!(s.contains("First start: mette was made admin"), "{s}");
}

#[test]
fn a_viewer_sees_the_statistics_and_no_case_data() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut anna = service(dir.path());
        file(&mut anna, "Søren Hansen", "", "x");
    }
    std::fs::write(
        dir.path().join("users.toml"),
        "[users]\nmette = [\"admin\", \"coordinator\"]\nsif = [\"viewer\"]\n",
    )
    .unwrap();
    let mut app = App::new(open_as(dir.path(), "sif"), Lang::En, Theme { color: false });
    let s = screen(&app);
    assert!(s.contains("Statistics"), "{s}");
    assert!(s.contains("Concerns per month"), "{s}");
    assert!(!s.contains("Søren"));
    assert!(!s.contains("#1"), "no case numbers either:\n{s}");
    // The keys that reach cases elsewhere do nothing here.
    for c in ['n', '/', 'a', ':', 'l'] {
        press(&mut app, KeyCode::Char(c));
        assert!(app.overlay.is_none(), "{c}");
        assert_eq!(app.stack.len(), 1, "{c}");
        assert!(!screen(&app).contains("Søren"));
    }
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn a_coordinator_sees_who_last_viewed_the_case_and_a_member_does_not() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut mette = service(dir.path());
        file(&mut mette, "Søren Hansen", "", "x");
    }
    std::fs::write(
        dir.path().join("users.toml"),
        "[users]\nmette = [\"admin\", \"coordinator\"]\nbo = [\"member\"]\n",
    )
    .unwrap();
    let mut bo = App::new(open_as(dir.path(), "bo"), Lang::En, Theme { color: false });
    press(&mut bo, KeyCode::Enter);
    assert!(matches!(bo.stack.last(), Some(Screen::Detail(_))));
    assert!(!screen(&bo).contains("Last viewed"));
    drop(bo);
    let mut mette = App::new(
        open_as(dir.path(), "mette"),
        Lang::En,
        Theme { color: false },
    );
    press(&mut mette, KeyCode::Enter);
    let s = screen(&mette);
    assert!(s.contains("Last viewed by bo, 23-11-2026 10:30"), "{s}");
}

#[test]
fn a_search_is_audited_once_when_a_result_is_opened_not_per_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    file(&mut svc, "Søren Hansen", "", "x");
    let mut app = App::new(svc, Lang::Da, Theme { color: false });
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "Søren");
    press(&mut app, KeyCode::Enter); // opens the top hit
    assert!(matches!(app.stack.last(), Some(Screen::Detail(_))));
    let searches: Vec<AuditAction> = app
        .svc
        .audit_log(AuditFilter::default())
        .unwrap()
        .into_iter()
        .map(|(_, e)| e.action)
        .filter(|a| matches!(a, AuditAction::Searched { .. }))
        .collect();
    assert_eq!(
        searches,
        vec![AuditAction::Searched {
            query: "Søren".into()
        }]
    );
}
