//! The assessment flow driven through the console with the keyboard only, checked against
//! what the service recorded after each step.
#![allow(clippy::unwrap_used)]

mod common;

use common::K::{Enter, Save, Tab, Text};
use common::*;
use infohus::domain::Stage;
use infohus::domain::flow::{MeasureStatus, RequestStatus};
use infohus::i18n::Lang;
use infohus::tui::app::Screen;
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    app.update(AppEvent::Key(KeyEvent::new(code, mods)));
}

fn run(app: &mut App, steps: &[K]) {
    for k in steps {
        match k {
            K::Text(t) => t
                .chars()
                .for_each(|c| key(app, KeyCode::Char(c), KeyModifiers::NONE)),
            K::Char(c) => key(app, KeyCode::Char(*c), KeyModifiers::NONE),
            K::Tab => key(app, KeyCode::Tab, KeyModifiers::NONE),
            K::Enter => key(app, KeyCode::Enter, KeyModifiers::NONE),
            K::Esc => key(app, KeyCode::Esc, KeyModifiers::NONE),
            K::Save => key(app, KeyCode::Char('s'), KeyModifiers::CONTROL),
        }
    }
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    t.backend().to_string()
}

fn opened_case() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    file(&mut svc, "Ali Hansen", "", "Lærer ringer om elev");
    let mut app = App::new(svc, Lang::Da, Theme { color: false });
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(matches!(app.stack.last(), Some(Screen::Detail(_))));
    (dir, app)
}

#[test]
fn a_case_is_carried_from_intake_to_closed_with_the_keyboard() {
    let (_dir, mut app) = opened_case();
    let expected = [
        Stage::JointReview,
        Stage::Enrichment,
        Stage::Enrichment,
        Stage::Enrichment,
        Stage::Enrichment,
        Stage::Measures,
        Stage::Measures,
        Stage::Measures,
        Stage::Measures,
        Stage::Closed,
    ];
    for (i, (step, stage)) in flow_script().iter().zip(expected).enumerate() {
        run(&mut app, step);
        let state = app.svc.case(1).unwrap().state;
        assert_eq!(
            state.stage,
            stage,
            "after step {i}, the screen shows:\n{}",
            screen(&app)
        );
        assert!(
            matches!(app.stack.last(), Some(Screen::Detail(_))),
            "step {i} left a form open:\n{}",
            screen(&app)
        );
    }
    let v = app.svc.case(1).unwrap();
    let f = &v.state.flow;
    assert_eq!(f.reviews[0].participants[0].name, "Lars Holm");
    assert!(f.reviews[0].items[0].origin.is_police());
    assert_eq!(f.reviews[0].steps[0].who, "Politiet");
    assert_eq!(f.requests[0].status, RequestStatus::Answered);
    assert_eq!(f.requests[0].answer, "30 % fravær");
    assert_eq!(f.assessments.len(), 1);
    assert_eq!(f.measures[0].status, MeasureStatus::Waived);
    assert_eq!(f.disclosures.len(), 1);
    assert_eq!(f.post_reviews.len(), 2, "reviews after 6 and 12 months");
    assert_eq!(
        f.closure.as_ref().unwrap().summary,
        "Mentorforløbet fortsætter i skolens regi."
    );
    // The chronology tells the whole story, newest first.
    run(&mut app, &[K::Char('5')]);
    let s = screen(&app);
    assert!(s.contains("Afsluttet: Indsats afsluttet"), "{s}");
}

#[test]
fn moving_on_without_the_stage_done_says_what_is_missing() {
    let (_dir, mut app) = opened_case();
    run(&mut app, &[K::Char('>')]);
    run(&mut app, &[K::Char('>')]);
    assert_eq!(app.svc.case(1).unwrap().state.stage, Stage::Screening);
    let s = screen(&app);
    assert!(s.contains("Mangler: indledende vurdering (s)"), "{s}");
}

#[test]
fn a_skip_needs_a_reason_and_the_reason_is_in_the_chronology() {
    let (_dir, mut app) = opened_case();
    // M: change stage; the suggestion is the next stage, Tab to the reason.
    run(&mut app, &[K::Char('M'), Text("§115"), Enter, Save]);
    assert!(
        screen(&app).contains("Skal udfyldes"),
        "a skip without a reason is refused:\n{}",
        screen(&app)
    );
    // The refused save put the cursor in the reason.
    run(&mut app, &[Text("Politiet tog sagen med det samme"), Save]);
    let v = app.svc.case(1).unwrap();
    assert_eq!(v.state.stage, Stage::JointReview);
    run(&mut app, &[K::Char('5')]);
    assert!(screen(&app).contains("Politiet tog"), "{}", screen(&app));
}

#[test]
fn esc_on_a_changed_form_asks_before_anything_is_lost() {
    let (_dir, mut app) = opened_case();
    run(&mut app, &[K::Char('s'), Tab, Tab, Text("Mette"), K::Esc]);
    assert!(screen(&app).contains("j ja · n nej"), "{}", screen(&app));
    run(&mut app, &[K::Char('n')]);
    assert!(matches!(app.stack.last(), Some(Screen::Form(_))));
    run(&mut app, &[K::Esc, K::Char('j')]);
    assert!(matches!(app.stack.last(), Some(Screen::Detail(_))));
    assert!(app.svc.case(1).unwrap().state.flow.screening.is_none());
}

// ---- snapshots of each stage's screens, Danish and English ----------------------------------

use infohus::domain::flow::*;

fn day(d: u32, m: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// Case 1 through `upto` steps of the flow, recorded through the service as the forms would.
fn case_at(upto: usize, lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    file(
        &mut svc,
        "Ali Hansen",
        "010110-4006",
        "Lærer ringer om elev",
    );
    let assessment = |risk: Risk, overall: Risk| Assessment {
        id: 0,
        date: day(23, 11),
        description: "Deler ekstremt materiale i klassens chat.".into(),
        ratings: Dimension::ALL
            .iter()
            .map(|d| DimensionRating {
                dimension: *d,
                risk: if *d == Dimension::Attitudes {
                    risk
                } else {
                    Risk::Low
                },
                resource: *d == Dimension::Family,
                note: String::new(),
            })
            .collect(),
        overall,
        recommendation: "Mentor".into(),
        rationale: "Familien er en ressource.".into(),
    };
    let steps: Vec<Command> = vec![
        Command::Screen {
            screening: Screening {
                date: day(23, 11),
                approach: Approach::SspMeeting,
                participants: "Mette (SSP), Lars (politiet)".into(),
                outcome: ScreeningOutcome::Stands,
                rationale: "To uafhængige henvendelser.".into(),
            },
            joint: None,
        },
        Command::Review(JointReview {
            date: day(23, 11),
            participants: vec![
                Participant::parse("Lars Holm, Østjyllands Politi, tovholder").unwrap(),
            ],
            summary: "Oplysninger udvekslet efter §115.".into(),
            items: vec![
                InfoItem {
                    text: "Kendt af politiet for trusler".into(),
                    origin: Authority::LocalPolice,
                },
                InfoItem {
                    text: "Højt fravær".into(),
                    origin: Authority::School,
                },
            ],
            steps: vec![NextStep {
                what: "Bekymringssamtale".into(),
                who: "Politiet".into(),
            }],
            decision: ReviewDecision::Continue,
            police_feedback_due: None,
        }),
        Command::SendRequest(InfoRequest {
            id: 0,
            to: Authority::School,
            to_detail: "Nørrebro Skole".into(),
            question: "Fravær det seneste halve år?".into(),
            sent: day(10, 11),
            due: day(20, 11),
            status: RequestStatus::Sent,
            answer: String::new(),
            answered: None,
        }),
        Command::Converse(Conversation {
            id: 0,
            status: ConversationStatus::Held,
            date: day(23, 11),
            held_by: HeldBy::PoliceAndSocial,
            with: With::PersonAndFamily,
            summary: "Familien samarbejder.".into(),
        }),
        Command::Assess(assessment(Risk::Moderate, Risk::Moderate)),
        Command::Assess(assessment(Risk::High, Risk::High)),
        Command::Move {
            to: Stage::Measures,
            reason: None,
        },
        Command::Measure(Measure {
            id: 0,
            kind: "Mentor".into(),
            organisation: "SSP".into(),
            responsible: "Jonas".into(),
            start: day(23, 11),
            planned_end: None,
            goal: "Stabil skolegang".into(),
            level: MeasureLevel::Building,
            status: MeasureStatus::Active,
            evaluation: String::new(),
            round: 0,
        }),
        Command::Disclose(Disclosure {
            date: day(23, 11),
            recipient: "Jobcenter Syd".into(),
            what: "Fravær".into(),
            basis: LegalBasis::Consent,
            police_origin: false,
            police_confirmed: false,
        }),
        Command::Close(Closure {
            date: day(23, 11),
            reason: ClosureReason::MeasureCompleted,
            summary: "Forløbet er afsluttet.".into(),
            waivers: vec![
                Waiver {
                    item: ItemRef::Request(1),
                    reason: "Ikke længere nødvendig".into(),
                },
                Waiver {
                    item: ItemRef::Measure(1),
                    reason: "Fortsætter i skolens regi".into(),
                },
            ],
            no_reviews_because: None,
        }),
    ];
    for cmd in steps.into_iter().take(upto) {
        svc.record(1, cmd, None).unwrap();
    }
    let mut app = App::new(svc, lang, Theme { color: false });
    // By number from the command line: a closed case is not in the work queue.
    run(&mut app, &[K::Char(':'), K::Char('1'), Enter]);
    (dir, app)
}

fn snap(name: &str, upto: usize, keys: &[K]) {
    for (lang, tag) in [(Lang::Da, "da"), (Lang::En, "en")] {
        let (_dir, mut app) = case_at(upto, lang);
        run(&mut app, keys);
        insta::assert_snapshot!(format!("{name}_{tag}"), screen(&app));
    }
}

#[test]
fn snapshot_screening_form() {
    snap("screening_form", 0, &[K::Char('s')]);
}

#[test]
fn snapshot_review_tab_after_the_joint_review() {
    snap("review_tab", 2, &[K::Char('2')]);
}

#[test]
fn snapshot_enrichment_tab_with_an_overdue_request() {
    snap("enrichment_tab", 6, &[K::Char('3')]);
}

#[test]
fn snapshot_assessments_side_by_side_with_changes_marked() {
    // Requests, conversations, then assessments newest first: the third item.
    snap(
        "assessment_compare",
        6,
        &[K::Char('3'), K::Char('j'), K::Char('j'), Enter],
    );
}

#[test]
fn snapshot_close_form_with_open_items_to_waive() {
    snap("close_form", 9, &[K::Char('c')]);
}

#[test]
fn snapshot_measures_tab_of_a_closed_case() {
    snap("measures_tab_closed", 10, &[K::Char('4')]);
}

#[test]
fn an_older_assessment_is_not_labelled_the_newest() {
    for (lang, newest) in [(Lang::Da, "Nyeste"), (Lang::En, "Newest")] {
        let (_dir, mut app) = case_at(6, lang);
        run(&mut app, &[K::Char('3'), K::Char('j'), K::Char('j'), Enter]);
        assert!(
            screen(&app).contains(&format!("{newest} 2")),
            "{}",
            screen(&app)
        );
        // ← steps to the older assessment: it stands alone, and it is not the newest.
        key(&mut app, KeyCode::Left, KeyModifiers::NONE);
        let s = screen(&app);
        assert!(!s.contains(&format!("{newest} 1")), "{s}");
        assert!(s.contains(" 1 · 23-11-2026"), "{s}");
    }
}

#[test]
fn passing_on_police_information_warns_with_115_and_waits_for_the_confirmation() {
    // Case 1 in measures; its joint review recorded "Kendt af politiet for trusler" from the
    // local police.
    let (_dir, mut app) = case_at(8, Lang::Da);
    run(
        &mut app,
        &[
            K::Char('u'),
            Tab,
            Text("Jobcenter Syd"),
            Tab,
            Text("At han er kendt af politiet for trusler"),
            Tab,
            Text("samtykke"),
            Enter,
        ],
    );
    let s = screen(&app);
    assert!(s.contains("[POLITI] Oplysninger fra politiet"), "{s}");
    assert!(s.contains("§115 bekræftet"), "{s}");
    run(&mut app, &[Save]);
    assert!(
        matches!(app.stack.last(), Some(Screen::Form(_))),
        "not saved without the confirmation"
    );
    assert!(app.svc.case(1).unwrap().state.flow.disclosures.is_empty());
    // The refusal put the cursor on the confirmation: Space ticks it, then save.
    run(&mut app, &[K::Char(' '), Save]);
    let d = app.svc.case(1).unwrap().state.flow.disclosures;
    assert_eq!(d.len(), 1, "{}", screen(&app));
    assert!(d[0].police_origin && d[0].police_confirmed);
}
