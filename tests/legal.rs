//! Legal deadlines through the service: the index moves with every save, and the list over
//! all open cases reads it.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::NaiveDate;
use common::*;
use infohus::domain::draft::FormKind;
use infohus::domain::flow::Command;
use infohus::domain::intake::SourceCategory;
use infohus::domain::legal::{HandOverDecision, LegalCommand, LegalKind, SupportStarted};
use infohus::rpc::calls::WithDemo;
use infohus::service::{Filed, Service};

/// Files a case about a minor born on `birth`, with an underretning sent at 11:00 on the day
/// of filing (23 November 2026) when `notified`.
fn file_minor(svc: &mut Service, name: &str, birth: &str, notified: bool) -> u64 {
    let mut d = svc.new_draft(FormKind::Intake, None).unwrap();
    d.edit_intake(|f| f.person_name = name.into());
    d.edit_intake(|f| f.birth_date = birth.into());
    d.edit_intake(|f| f.description = "Lærer ringer om elev".into());
    d.edit_intake(|f| f.source = Some(SourceCategory::PrimarySchool));
    if notified {
        d.edit_intake(|f| f.underretning_at = "23-11-2026 11:00".into());
        d.edit_intake(|f| f.underretning_to = "Børn og Unge".into());
    }
    d = svc.save_draft(&d).unwrap();
    // Filed at noon, once the underretning has gone (the service's clock is back after).
    let clock = svc.now();
    svc.set_now(clock.max(now().date().and_hms_opt(12, 0, 0).unwrap()));
    let filed = svc.file(&d);
    svc.set_now(clock);
    match filed.unwrap() {
        Filed::New(s) => s.no,
        _ => panic!("expected a new case"),
    }
}

/// The team records why it does not notify: the underretning is no longer chased.
fn not_notified(svc: &mut Service, no: u64) {
    svc.record(
        no,
        Command::Legal(LegalCommand::NotNotifying {
            date: now().date(),
            reason: "Forældrene og skolen har allerede underrettet".into(),
        }),
        None,
    )
    .unwrap();
}

#[test]
fn a_minor_without_an_underretning_is_chased_in_the_queue_and_due_until_one_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = file_minor(&mut svc, "Ali Hansen", "01-03-2011", false);
    let due = svc.legal_due(now()).unwrap();
    assert_eq!(kinds_of(&svc, no), vec![LegalKind::NotSent]);
    assert!(due[0].item.overdue, "due at once");
    let queue = svc.work_queue().unwrap();
    let legal = queue
        .groups
        .iter()
        .find(|g| g.group == infohus::service::Group::Legal)
        .unwrap();
    assert_eq!((legal.total, legal.overdue), (1, 1));
    assert_eq!(queue.overdue(), 1, "the header counts it");
    svc.record(
        no,
        Command::Legal(LegalCommand::RecordUnderretning {
            at: now(),
            to: "Børn og Unge".into(),
        }),
        None,
    )
    .unwrap();
    assert_eq!(
        kinds_of(&svc, no),
        vec![LegalKind::Urgency, LegalKind::Receipt, LegalKind::Feedback]
    );
    assert!(svc.check(|_| {}).problems.is_empty(), "the index follows");
}

fn kinds_of(svc: &Service, no: u64) -> Vec<LegalKind> {
    svc.legal_due(now())
        .unwrap()
        .into_iter()
        .filter(|d| d.case.no == no)
        .map(|d| d.item.kind)
        .collect()
}

#[test]
fn the_work_queue_list_follows_what_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let notified = file_minor(&mut svc, "Ali Hansen", "01-03-2011", true);
    let adult = file(&mut svc, "Bo Jensen", "", "Voksen");
    assert_eq!(
        kinds_of(&svc, notified),
        vec![LegalKind::Urgency, LegalKind::Receipt, LegalKind::Feedback]
    );
    assert!(kinds_of(&svc, adult).is_empty());

    let today = now().date();
    svc.record(
        notified,
        Command::Legal(LegalCommand::ConfirmReceipt {
            date: today,
            note: String::new(),
        }),
        None,
    )
    .unwrap();
    svc.record(
        notified,
        Command::Legal(LegalCommand::RecordFeedback {
            date: today,
            support: SupportStarted::Unknown,
            note: String::new(),
        }),
        None,
    )
    .unwrap();
    assert_eq!(kinds_of(&svc, notified), vec![LegalKind::Urgency]);
    assert!(
        svc.check(|_| {}).problems.is_empty(),
        "index matches the cases"
    );

    // After a restart the index is still there.
    drop(svc);
    let svc = service(dir.path());
    assert_eq!(kinds_of(&svc, notified), vec![LegalKind::Urgency]);
}

#[test]
fn a_minor_turning_18_soon_is_listed_until_the_hand_over_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    // Turns 18 on 1 January 2027, within the default 90 days of 23 November 2026.
    let soon = file_minor(&mut svc, "Sara Nielsen", "01-01-2009", false);
    let later = file_minor(&mut svc, "Emil Holm", "01-01-2012", false);
    // Filed without an underretning, each is chased for one first.
    assert_eq!(kinds_of(&svc, later), vec![LegalKind::NotSent]);
    for no in [soon, later] {
        not_notified(&mut svc, no);
    }
    let due = svc.legal_due(now()).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].case.no, soon);
    assert_eq!(due[0].item.kind, LegalKind::AdultHandOver);
    assert_eq!(
        due[0].item.due.date(),
        NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
    );
    assert!(!due[0].item.overdue);
    assert!(kinds_of(&svc, later).is_empty());

    svc.record(
        soon,
        Command::Legal(LegalCommand::RecordHandOver {
            date: now().date(),
            decision: HandOverDecision::HandedOver,
            detail: "Jobcenter Syd, ungeteamet".into(),
        }),
        None,
    )
    .unwrap();
    assert!(svc.legal_due(now()).unwrap().is_empty());
    let view = svc.case(soon).unwrap();
    assert!(view.state.legal.handover.is_some());
}

#[test]
fn the_teams_settings_change_the_deadlines_and_a_wrong_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = file_minor(&mut svc, "Ali Hansen", "01-03-2011", true);
    std::fs::write(
        dir.path().join("infohus.toml"),
        "[legal]\nfeedback_days = 10\n",
    )
    .unwrap();
    let feedback = svc
        .legal_due(now())
        .unwrap()
        .into_iter()
        .find(|d| d.case.no == no && d.item.kind == LegalKind::Feedback)
        .unwrap();
    assert_eq!(
        feedback.item.due.date(),
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    );
    std::fs::write(dir.path().join("infohus.toml"), "[legal]\nfeedback = 10\n").unwrap();
    assert!(svc.legal_due(now()).is_err());
}

#[test]
fn demo_cases_have_most_underretning_answers_recorded_and_some_still_due() {
    let dir = tempfile::tempdir().unwrap();
    let svc = service(dir.path());
    svc.fill_demo(400, 7, |_| {}).unwrap();
    assert!(svc.check(|_| {}).problems.is_empty());
    let (mut answered, mut notified) = (0, 0);
    for no in 1..=400 {
        let s = svc.case(no).unwrap().state;
        if s.intake.underretning.is_some() {
            notified += 1;
            if s.legal.receipt.is_some() {
                answered += 1;
            }
        }
    }
    assert!(notified > 10, "{notified} cases with an underretning");
    assert!(
        answered * 2 > notified,
        "{answered} of {notified} receipts recorded"
    );
    assert!(answered < notified, "some receipts are still awaited");
    assert!(!svc.legal_due(now()).unwrap().is_empty());
}

// ---- the case screen -----------------------------------------------------------------------

mod console {
    use super::*;
    use infohus::i18n::Lang;
    use infohus::tui::theme::Theme;
    use infohus::tui::{App, AppEvent, render};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) {
        app.update(AppEvent::Key(KeyEvent::new(code, mods)));
    }

    fn key(app: &mut App, c: char) {
        press(app, KeyCode::Char(c), KeyModifiers::NONE);
    }

    fn screen(app: &App) -> String {
        let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
        t.draw(|f| render(app, f)).unwrap();
        t.backend().to_string()
    }

    #[test]
    fn the_header_names_the_nearest_deadline_and_its_key_records_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut svc = service(dir.path());
        let no = file_minor(&mut svc, "Ali Hansen", "01-03-2011", true);
        let mut app = App::new(svc, Lang::Da, Theme { color: false });
        key(&mut app, ':');
        for c in no.to_string().chars() {
            key(&mut app, c);
        }
        press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
        let shown = screen(&app);
        assert!(
            shown.contains("§ Hastevurdering senest 24-11-2026 11:00 (h)"),
            "{shown}"
        );
        assert!(shown.contains("Lovpligtige frister"), "{shown}");

        key(&mut app, 'K');
        assert!(screen(&app).contains("Kvittering for underretning"));
        press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
        let state = app.svc.case(no).unwrap().state;
        assert_eq!(state.legal.receipt.map(|c| c.date), Some(now().date()));
        assert!(screen(&app).contains("✓ Kvittering for underretningen modtaget 23-11-2026"));

        // The §137 feedback needs an answer to "support started?".
        key(&mut app, 't');
        press(&mut app, KeyCode::Tab, KeyModifiers::NONE);
        press(&mut app, KeyCode::Right, KeyModifiers::NONE);
        press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
        let state = app.svc.case(no).unwrap().state;
        assert!(state.legal.feedback.is_some());
    }

    #[test]
    fn a_case_without_an_underretning_says_so_instead_of_opening_a_form() {
        let dir = tempfile::tempdir().unwrap();
        let mut svc = service(dir.path());
        file(&mut svc, "Bo Jensen", "", "Voksen");
        let mut app = App::new(svc, Lang::En, Theme { color: false });
        press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
        key(&mut app, 'h');
        assert!(screen(&app).contains("No notification is recorded on the case"));
        key(&mut app, 'V');
        assert!(screen(&app).contains("was not known to be under 18"));
    }
}

#[test]
fn a_page_of_legal_items_counts_them_all_and_lists_the_earliest() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    for name in ["A", "B", "C"] {
        file_minor(&mut svc, name, "01-03-2011", true);
    }
    let later = now() + chrono::Duration::days(2);
    let page = svc.legal_due_page(later, 2).unwrap();
    assert_eq!(page.total, 9);
    assert_eq!(page.overdue, 3, "the three urgency assessments");
    assert_eq!(page.rows.len(), 2);
    assert!(page.rows.iter().all(|r| r.item.kind == LegalKind::Urgency));
    assert_eq!(svc.legal_due(later).unwrap().len(), 9);
}
