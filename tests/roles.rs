//! Roles live: a change to `users.toml` — by `infohus users` or by hand — holds from the next
//! request of every session already open. A removed account's console says so in one sentence
//! and shows nothing more; a demoted one loses its rights at once. (With real accounts over
//! the shared-host socket: `tests/server.rs`, as root.)
#![allow(clippy::unwrap_used)]

mod common;

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use infohus::domain::access::{Permission, Role};
use infohus::i18n::Lang;
use infohus::service::users::{self, Users};
use infohus::service::{Service, ServiceError};
use infohus::tui::app::Screen;
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

/// The words on the screen, whatever the line breaks.
fn words(app: &App) -> String {
    screen(app)
        .replace('"', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Mette (admin and coordinator) with one case; Bo, a coordinator, logged in on the same core
/// as a second connection would be.
fn team(dir: &std::path::Path) -> (Service, Service) {
    let mut mette = service(dir);
    file(
        &mut mette,
        "Ali Hansen",
        "010110-4006",
        "Bekymring fra skolen",
    );
    mette.set_user("bo", &[Role::Coordinator], true).unwrap();
    let mut bo = Service::login(Arc::clone(mette.core()), "bo").unwrap();
    bo.set_now(now());
    (mette, bo)
}

/// Bo's console, on a clock the test moves.
fn console(bo: Service, lang: Lang) -> (App, Rc<Cell<Instant>>) {
    let mut app = App::new(bo, lang, Theme { color: false });
    let now = Rc::new(Cell::new(Instant::now()));
    let clock = Rc::clone(&now);
    app.set_clock(Box::new(move || clock.get()));
    (app, now)
}

/// Time passes without a key: the event loop's tick, which asks for the pulse.
fn idle(app: &mut App, now: &Cell<Instant>) {
    now.set(now.get() + Duration::from_secs(1));
    app.update(AppEvent::Tick);
}

#[test]
fn a_removed_account_is_refused_on_its_next_request_in_a_session_already_open() {
    let dir = tempfile::tempdir().unwrap();
    let (mette, bo) = team(dir.path());
    assert_eq!(bo.case(1).unwrap().state.intake.person.name, "Ali Hansen");
    mette.remove_user("bo").unwrap();
    let call = |m: infohus::rpc::calls::Case| {
        use infohus::rpc::calls::Message;
        m.run(&bo, &mut std::io::sink(), &mut |_| {})
    };
    match call(infohus::rpc::calls::Case { no: 1 }) {
        Err(ServiceError::UnknownAccount(a)) => assert_eq!(a, "bo"),
        other => panic!("expected the refusal, got {:?}", other.map(|v| v.state.no)),
    }
    // Logged once as a refused login of the session, not on every later request.
    let _ = call(infohus::rpc::calls::Case { no: 1 });
    let refused = mette
        .store()
        .audit_entries()
        .unwrap()
        .into_iter()
        .filter(|e| {
            e.user == "bo" && matches!(e.action, infohus::domain::audit::AuditAction::LoginRefused)
        })
        .count();
    assert_eq!(refused, 1);
}

#[test]
fn a_removed_accounts_console_says_so_in_one_sentence_and_shows_nothing_more() {
    for lang in [Lang::En, Lang::Da] {
        let dir = tempfile::tempdir().unwrap();
        let (mette, bo) = team(dir.path());
        let (mut app, now) = console(bo, lang);
        press(&mut app, KeyCode::Enter); // case 1 from the work queue
        assert!(matches!(app.stack.last(), Some(Screen::Detail(_))));
        assert!(words(&app).contains("Ali Hansen"));

        mette.remove_user("bo").unwrap();
        idle(&mut app, &now);
        let s = words(&app);
        let sentence = match lang {
            Lang::En => {
                "The account bo has been removed from infohus by an administrator, so the \
                 console shows nothing more; press any key to close."
            }
            Lang::Da => {
                "Kontoen bo er fjernet fra infohus af en administrator, så konsollen viser \
                 intet mere; tryk en tast for at lukke."
            }
        };
        assert_eq!(s, sentence, "{}", screen(&app));
        assert!(
            app.stack.is_empty() && app.overlay.is_none(),
            "nothing kept"
        );
        // Nothing more is asked for; any key closes.
        press(&mut app, KeyCode::Char('/'));
        assert!(app.quit);
        assert_eq!(words(&app), sentence);
    }
}

#[test]
fn a_console_that_opens_a_case_after_the_removal_shows_the_sentence_not_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let (mette, bo) = team(dir.path());
    let (mut app, _now) = console(bo, Lang::En);
    mette.remove_user("bo").unwrap();
    // No tick in between: the key's own request is refused.
    press(&mut app, KeyCode::Enter);
    let s = words(&app);
    assert!(!s.contains("Ali Hansen"), "{s}");
    assert!(s.starts_with("The account bo has been removed"), "{s}");
}

#[test]
fn a_demoted_account_loses_its_rights_at_once_and_its_console_starts_over() {
    let dir = tempfile::tempdir().unwrap();
    let (mette, bo) = team(dir.path());
    let (mut app, now) = console(bo, Lang::En);
    press(&mut app, KeyCode::Enter);
    assert!(words(&app).contains("Ali Hansen"));

    mette.set_user("bo", &[Role::Viewer], false).unwrap();
    idle(&mut app, &now);
    let s = words(&app);
    assert!(!s.contains("Ali Hansen"), "{s}");
    assert!(
        s.contains("An administrator changed your roles to viewer; the console starts over"),
        "{s}"
    );
    assert!(matches!(app.stack.last(), Some(Screen::Stats(_))));
    assert!(!app.svc.may(Permission::Cases));
    // And the service refuses what the console no longer offers.
    assert!(matches!(
        app.svc.case(1),
        Err(ServiceError::Denied(Permission::Cases))
    ));
}

#[test]
fn an_edit_of_users_toml_by_hand_holds_from_the_next_request() {
    let dir = tempfile::tempdir().unwrap();
    let (mette, bo) = team(dir.path());
    let db = db_in(dir.path());
    let run = |svc: &Service| {
        use infohus::rpc::calls::{CaseSummary, Message};
        CaseSummary { no: 1 }
            .run(svc, &mut std::io::sink(), &mut |_| {})
            .map(|v| v.state.no)
    };
    assert_eq!(run(&bo).unwrap(), 1);
    // A member may still see cases; a viewer may not.
    let text = std::fs::read_to_string(users::path(&db)).unwrap();
    std::fs::write(
        users::path(&db),
        text.replace("bo = [\"coordinator\"]", "bo = [\"viewer\"]"),
    )
    .unwrap();
    assert!(matches!(
        run(&bo),
        Err(ServiceError::Denied(Permission::Cases))
    ));
    let mut u = Users::load(&db).unwrap().unwrap();
    u.set("bo", vec![Role::Member], false).unwrap();
    u.save(&db).unwrap();
    assert_eq!(run(&bo).unwrap(), 1);
    // A file broken by hand refuses every request until it is mended; it never falls back
    // to roles read before.
    std::fs::write(users::path(&db), "[users]\nbo = [\"boss\"]\n").unwrap();
    assert!(run(&bo).is_err());
    assert!(run(&mette).is_err());
    u.save(&db).unwrap();
    assert_eq!(run(&bo).unwrap(), 1);
}
