//! The statistics screen at 80×24 without colour, in Danish and English: counts only, small
//! counts suppressed, nothing that names a person or a case.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use infohus::domain::draft::FormKind;
use infohus::domain::intake::{ConcernType, SourceCategory};
use infohus::i18n::Lang;
use infohus::service::Filed;
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Eleven concerns from schools and three from the police, this month and the last.
fn app(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    for i in 0..14 {
        if i == 6 {
            svc.set_now(now() - chrono::Days::new(31));
        }
        let mut d = svc.new_draft(FormKind::Intake, None).unwrap();
        d.edit_intake(|f| f.person_name = format!("Hemmelig Person {i}"));
        d.edit_intake(|f| f.cpr = "010110-4006".into());
        d.edit_intake(|f| f.description = "x".into());
        d.edit_intake(|f| {
            f.concerns = vec![if i % 2 == 0 {
                ConcernType::Extremism
            } else {
                ConcernType::CrimeGang
            }];
            f.source = Some(if i < 11 {
                SourceCategory::PrimarySchool
            } else {
                SourceCategory::Police
            });
        });
        d = svc.save_draft(&d).unwrap();
        assert!(matches!(svc.file(&d).unwrap(), Filed::New(_)));
    }
    svc.set_now(now());
    let mut app = App::new(svc, lang, Theme { color: false });
    app.update(AppEvent::Key(KeyEvent::new(
        KeyCode::Char('S'),
        KeyModifiers::NONE,
    )));
    (dir, app)
}

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    t.backend().to_string()
}

#[test]
fn statistics_screen_da() {
    let (_d, app) = app(Lang::Da);
    let screen = draw(&app, 80, 24);
    assert!(!screen.contains("Hemmelig"), "no names");
    assert!(!screen.contains("010110"), "no CPR");
    assert!(!screen.contains('#'), "no case numbers");
    insta::assert_snapshot!(screen);
}

#[test]
fn statistics_screen_en() {
    let (_d, app) = app(Lang::En);
    insta::assert_snapshot!(draw(&app, 80, 24));
}

#[test]
fn a_single_small_source_takes_the_next_smallest_with_it() {
    let (_d, app) = app(Lang::En);
    let screen = draw(&app, 80, 24);
    // 11 from schools, 3 from the police, 14 in all: the 3 is "<5" and the 11 must be hidden.
    let row = |what: &str| {
        screen
            .lines()
            .find(|l| l.contains(what))
            .unwrap_or_else(|| panic!("{what} missing: {screen}"))
            .trim_end_matches(['"', ' '])
            .to_string()
    };
    assert!(row("police/daily").ends_with("<5"), "{screen}");
    assert!(row("primary school").ends_with(" x"), "{screen}");
}

#[test]
fn esc_goes_back_to_the_work_queue() {
    let (_d, mut app) = app(Lang::Da);
    app.update(AppEvent::Key(KeyEvent::new(
        KeyCode::Esc,
        KeyModifiers::NONE,
    )));
    assert_eq!(app.ctx(), infohus::tui::keymap::Ctx::Queue);
}

#[test]
fn the_statistics_screen_states_the_period_it_counts() {
    for (lang, word) in [(Lang::Da, "Periode"), (Lang::En, "Period")] {
        let (_d, app) = app(lang);
        let screen = draw(&app, 80, 24);
        let line = screen
            .lines()
            .find(|l| l.contains(word))
            .unwrap_or_else(|| panic!("no period on the screen:\n{screen}"));
        assert!(line.contains("01-12-2025 – 23-11-2026"), "{line}");
    }
}

#[test]
fn p_steps_the_period_and_the_screen_says_which() {
    let (_d, mut app) = app(Lang::Da);
    let press = |app: &mut App, c: char| {
        app.update(AppEvent::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )))
    };
    press(&mut app, 'p');
    assert!(draw(&app, 80, 24).contains("Periode: 01-12-2024 – 23-11-2026 (24 mdr.)"));
    press(&mut app, 'p');
    let all = draw(&app, 80, 24);
    assert!(all.contains("Periode: hele perioden"), "{all}");
    assert!(all.contains("Henvendelser 14"), "{all}");
    press(&mut app, 'p');
    let three = draw(&app, 80, 24);
    assert!(
        three.contains("Periode: 01-09-2026 – 23-11-2026 (3 mdr.)"),
        "{three}"
    );
}

#[test]
fn t_opens_the_trends_with_counts_only() {
    for lang in [Lang::Da, Lang::En] {
        let (_d, mut app) = app(lang);
        app.update(AppEvent::Key(KeyEvent::new(
            KeyCode::Char('T'),
            KeyModifiers::NONE,
        )));
        let screen = draw(&app, 80, 24);
        assert!(!screen.contains("Hemmelig"), "no names");
        assert!(!screen.contains('#'), "no case numbers");
        let tag = if lang == Lang::Da {
            "trends_da"
        } else {
            "trends_en"
        };
        insta::assert_snapshot!(tag, screen);
        // Esc goes back to the statistics.
        app.update(AppEvent::Key(KeyEvent::new(
            KeyCode::Esc,
            KeyModifiers::NONE,
        )));
        assert!(draw(&app, 80, 24).contains(if lang == Lang::Da {
            "Statistik"
        } else {
            "Statistics"
        }));
    }
}
