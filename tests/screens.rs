//! Snapshots of whole screens at 80×24 without colour, on a pinned clock. A changed snapshot is
//! a changed screen: review it (`cargo insta review`) rather than accept it blindly.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use infohus::domain::draft::FormKind;
use infohus::i18n::Lang;
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    file(
        &mut svc,
        "Søren Ali Hansen",
        "010110-4006",
        "Lærer ringer: eleven deler ekstreme videoer.",
    );
    file(
        &mut svc,
        "Muhammad Aly",
        "",
        "Moderen fortæller om trusler fra familien.",
    );
    file(&mut svc, "Mette Frederiksen", "", "Nabo hører råb og slag.");
    svc.set_next_date(2, now().date(), "samtale i dag").unwrap();
    let mut d = svc.new_draft(FormKind::Intake, None).unwrap();
    d.edit_intake(|f| f.person_name = "Aisha".into());
    d.edit_intake(|f| f.description = "Halvt skrevet".into());
    svc.save_draft(&d).unwrap();
    let app = App::new(svc, lang, Theme { color: false });
    (dir, app)
}

fn keys(app: &mut App, keys: &[KeyCode]) {
    for k in keys {
        app.update(AppEvent::Key(KeyEvent::new(*k, KeyModifiers::NONE)));
    }
}

fn text(app: &mut App, s: &str) {
    for c in s.chars() {
        keys(app, &[KeyCode::Char(c)]);
    }
}

fn draw(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    t.backend().to_string()
}

#[test]
fn work_queue() {
    let (_d, app) = app(Lang::Da);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn work_queue_in_english() {
    let (_d, app) = app(Lang::En);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn intake_form_with_earlier_cases_beside_it() {
    let (_d, mut app) = app(Lang::Da);
    keys(&mut app, &[KeyCode::Char('n')]);
    text(&mut app, "Mohamed Ali");
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn intake_form_for_a_minor_asks_for_the_underretning() {
    let (_d, mut app) = app(Lang::Da);
    keys(&mut app, &[KeyCode::Char('n')]);
    text(&mut app, "Ung Person");
    keys(&mut app, &[KeyCode::Tab]);
    text(&mut app, "010112-4008");
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn case_detail() {
    let (_d, mut app) = app(Lang::Da);
    keys(&mut app, &[KeyCode::Char(':')]);
    text(&mut app, "1");
    keys(&mut app, &[KeyCode::Enter]);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn case_list_filtered_by_search() {
    let (_d, mut app) = app(Lang::Da);
    keys(&mut app, &[KeyCode::Char('/')]);
    text(&mut app, "fortæller");
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn help_overlay() {
    let (_d, mut app) = app(Lang::Da);
    keys(&mut app, &[KeyCode::Char('?')]);
    insta::assert_snapshot!(draw(&app));
}

/// A meeting with one decided case item, in redacted mode as it opens, in both languages.
fn meeting_screen(lang: Lang) -> String {
    let (_d, mut app) = app(lang);
    let m = app
        .svc
        .create_meeting(infohus::service::NewMeeting {
            kind: infohus::domain::meeting::MeetingKind::InfohusKommune,
            date: now().date(),
            participants: vec![
                infohus::domain::flow::Participant::parse("Anna Berg, SSP, koordinator").unwrap(),
            ],
            general: vec!["Tendenser".into()],
            topics: Vec::new(),
        })
        .unwrap();
    app.svc
        .decide_item(
            m.no,
            0,
            infohus::service::ItemDecision {
                subject: m.items[0].subject.clone(),
                decision: "Muhammad inviteres til samtale med skolen.".into(),
                who_acts: "Anna".into(),
                follow: infohus::domain::flow::FollowUpDecision::Continue,
                next: None,
                review: None,
                feedback_due: None,
                closure: None,
            },
        )
        .unwrap();
    keys(&mut app, &[KeyCode::Char('m')]);
    keys(&mut app, &[KeyCode::Enter]);
    keys(&mut app, &[KeyCode::Up]);
    draw(&app)
}

#[test]
fn meeting_mode_redacted() {
    insta::assert_snapshot!(meeting_screen(Lang::Da));
}

#[test]
fn meeting_mode_redacted_in_english() {
    insta::assert_snapshot!(meeting_screen(Lang::En));
}

/// A form whose title is longer than the header has room for.
struct LongTitle;

impl infohus::tui::form::FormModel for LongTitle {
    fn title(&self, _lang: Lang) -> String {
        "Indsats 12 · Indsatser og opfølgning · Sag #12345 · Uddannelses- eller jobforløb".into()
    }
    fn fields(
        &self,
        _form: &infohus::tui::form::Form,
        _lang: Lang,
        _today: chrono::NaiveDate,
    ) -> Vec<infohus::tui::form::Field> {
        Vec::new()
    }
    fn submit(
        &mut self,
        _form: &infohus::tui::form::Form,
        _env: &mut infohus::tui::app::Env,
    ) -> Result<infohus::tui::app::Nav, Vec<(infohus::tui::form::Key, String)>> {
        Ok(infohus::tui::app::Nav::Pop)
    }
    fn draft_kind(&self) -> (infohus::domain::draft::FormKind, Option<u64>) {
        (
            infohus::domain::draft::FormKind::Measure { id: 12 },
            Some(12345),
        )
    }
}

#[test]
fn a_long_form_title_is_cut_before_the_user_and_the_date() {
    let (_d, mut app) = app(Lang::Da);
    let form = app.with_env(|env| infohus::tui::form::FormScreen::new(Box::new(LongTitle), env));
    app.stack
        .push(infohus::tui::app::Screen::Form(Box::new(form)));
    let screen = draw(&app);
    let header = screen.lines().next().unwrap();
    assert!(header.ends_with("mette · 23-11-2026 \""), "{header}");
    assert!(
        header.contains('…'),
        "the title is shortened visibly: {header}"
    );
}
