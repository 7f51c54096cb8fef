//! The forløbshjul (issue 17.1): rounds of analysis, action plan, trial, evaluation and the
//! next step agreed with leadership, driven by the keyboard in the console, on the meeting
//! agenda when a round's evaluation date has passed, and in the case summary.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::{Days, NaiveDate};
use common::K::{Enter, Save, Tab, Text};
use common::*;
use infohus::domain::flow::*;
use infohus::domain::meeting::{ItemReason, MeetingKind, Subject};
use infohus::domain::stage::Stage;
use infohus::i18n::Lang;
use infohus::service::{NewMeeting, Service};
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn today() -> NaiveDate {
    now().date()
}

fn run(app: &mut App, steps: &[K]) {
    let key = |app: &mut App, code, mods| app.update(AppEvent::Key(KeyEvent::new(code, mods)));
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

fn measure() -> Measure {
    Measure {
        id: 0,
        kind: "Mentor".into(),
        organisation: "SSP".into(),
        responsible: "Jonas".into(),
        start: today(),
        planned_end: None,
        goal: "Stabil skolegang".into(),
        level: MeasureLevel::Building,
        status: MeasureStatus::Active,
        evaluation: String::new(),
        round: 0,
    }
}

/// A case carried to measures through the service, its first measure started.
fn in_measures(svc: &mut Service, name: &str) -> u64 {
    let no = file(svc, name, "", "Læreren ringer.");
    let steps = [
        Command::Screen {
            screening: Screening {
                date: today(),
                approach: Approach::Internal,
                participants: "Mette (SSP)".into(),
                outcome: ScreeningOutcome::Stands,
                rationale: "To kilder.".into(),
            },
            joint: None,
        },
        Command::Review(JointReview {
            date: today(),
            participants: vec![Participant::parse("Lars Holm, Politiet, tovholder").unwrap()],
            summary: "Oplysninger udvekslet.".into(),
            items: Vec::new(),
            steps: Vec::new(),
            decision: ReviewDecision::Continue,
            police_feedback_due: None,
        }),
        Command::Assess(Assessment {
            id: 0,
            date: today(),
            description: "Fravær.".into(),
            ratings: Dimension::ALL
                .iter()
                .map(|d| DimensionRating {
                    dimension: *d,
                    risk: Risk::Low,
                    resource: false,
                    note: String::new(),
                })
                .collect(),
            overall: Risk::Moderate,
            recommendation: "Mentor".into(),
            rationale: "Mentor hjælper.".into(),
        }),
        Command::Move {
            to: Stage::Measures,
            reason: None,
        },
        Command::Measure(measure()),
    ];
    for cmd in steps {
        svc.record(no, cmd, None).unwrap();
    }
    no
}

fn round_step(svc: &mut Service, no: u64, step: RoundStep) {
    svc.record(no, Command::Round(step), None).unwrap();
}

/// Analysed and planned on `planned`, to be evaluated by `by`.
fn in_trial(svc: &mut Service, no: u64, planned: NaiveDate, by: NaiveDate) {
    round_step(
        svc,
        no,
        RoundStep::Analyse(RoundAnalysis {
            date: planned,
            text: "Fravær og konflikter.".into(),
        }),
    );
    round_step(
        svc,
        no,
        RoundStep::Plan(ActionPlan {
            date: planned,
            goals: "Fremmøde over 90 %".into(),
            who: "Mentor ugentligt".into(),
            evaluate_by: by,
        }),
    );
}

#[test]
fn a_round_whose_evaluation_date_has_passed_is_proposed_for_the_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let passed = in_measures(&mut svc, "Ali Hansen");
    in_trial(
        &mut svc,
        passed,
        today() - Days::new(30),
        today() - Days::new(2),
    );
    // Due by the meeting's date, two days from now.
    let by_meeting = in_measures(&mut svc, "Sara Nielsen");
    in_trial(&mut svc, by_meeting, today(), today() + Days::new(2));
    svc.set_next_date(by_meeting, today() + Days::new(60), "")
        .unwrap();
    // Not yet: the evaluation comes after the meeting.
    let later = in_measures(&mut svc, "Omar Said");
    in_trial(&mut svc, later, today(), today() + Days::new(40));
    // Evaluated already: the round is closed.
    let evaluated = in_measures(&mut svc, "Mads Berg");
    in_trial(
        &mut svc,
        evaluated,
        today() - Days::new(30),
        today() - Days::new(2),
    );
    round_step(
        &mut svc,
        evaluated,
        RoundStep::Evaluate(RoundEvaluation {
            date: today(),
            effect: Effect::Helped,
            text: "Målet er nået.".into(),
        }),
    );
    for no in [later, evaluated] {
        svc.set_next_date(no, today() + Days::new(60), "").unwrap();
    }
    let m = svc
        .create_meeting(NewMeeting {
            kind: MeetingKind::SspNetwork,
            date: today() + Days::new(2),
            participants: vec![Participant::parse("Anna Berg, SSP, koordinator").unwrap()],
            general: Vec::new(),
            topics: Vec::new(),
        })
        .unwrap();
    let reasons: Vec<(u64, ItemReason)> = m
        .items
        .iter()
        .filter_map(|i| match i.subject {
            Subject::Case { no, reason } => Some((no, reason)),
            _ => None,
        })
        .collect();
    assert!(
        reasons.contains(&(passed, ItemReason::RoundEvaluation)),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&(by_meeting, ItemReason::RoundEvaluation)),
        "{reasons:?}"
    );
    assert!(
        !reasons
            .iter()
            .any(|(no, _)| *no == later || *no == evaluated),
        "{reasons:?}"
    );
    // Each case once.
    assert_eq!(
        reasons.iter().filter(|(no, _)| *no == passed).count(),
        1,
        "{reasons:?}"
    );
}

fn app_in_measures(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    in_measures(&mut svc, "Ali Hansen");
    let mut app = App::new(svc, lang, Theme { color: false });
    run(&mut app, &[K::Char(':'), K::Char('1'), Enter, K::Char('4')]);
    (dir, app)
}

#[test]
fn the_wheel_goes_round_twice_by_keyboard_and_the_measures_tab_shows_where_it_stands() {
    for (lang, tag) in [(Lang::Da, "da"), (Lang::En, "en")] {
        let (_dir, mut app) = app_in_measures(lang);
        insta::assert_snapshot!(format!("wheel_round_1_{tag}"), screen(&app));
        for (i, step) in wheel_script(lang).iter().enumerate() {
            run(&mut app, step);
            assert!(
                matches!(app.stack.last(), Some(infohus::tui::app::Screen::Detail(_))),
                "step {i} ends on the case:\n{}",
                screen(&app)
            );
        }
        let s = app.svc.case(1).unwrap().state;
        assert_eq!(
            s.flow.rounds.len(),
            3,
            "two rounds decided, the third opened"
        );
        assert_eq!(
            s.flow.rounds[0].evaluation.as_ref().unwrap().effect,
            Effect::Partly
        );
        assert_eq!(
            s.flow.rounds[0].decision.as_ref().unwrap().choice,
            NextStepChoice::Parents
        );
        assert_eq!(
            s.flow.rounds[1].decision.as_ref().unwrap().choice,
            NextStepChoice::Continue
        );
        assert_eq!(s.flow.measures[0].round, 1);
        assert_eq!(s.flow.measures[1].round, 2, "round 2's own measure");
        insta::assert_snapshot!(format!("wheel_round_3_{tag}"), screen(&app));
    }
}

#[test]
fn evaluating_a_round_is_made_against_the_plans_goals() {
    let (_dir, mut app) = app_in_measures(Lang::Da);
    let script = wheel_script(Lang::Da);
    for step in &script[..2] {
        run(&mut app, step);
    }
    run(&mut app, &[K::Char('w')]);
    let s = screen(&app);
    assert!(s.contains("Handleplanens mål: Fremmøde over 90 %"), "{s}");
    assert!(s.contains("Evaluering · runde 1 · Sag #1"), "{s}");
}

#[test]
fn deciding_to_close_goes_on_to_the_closure_form() {
    let (_dir, mut app) = app_in_measures(Lang::Da);
    let script = wheel_script(Lang::Da);
    for step in &script[..3] {
        run(&mut app, step);
    }
    run(
        &mut app,
        &[
            K::Char('w'),
            Tab,
            Text("luk"),
            Enter,
            Tab,
            Text("Hanne (skoleleder)"),
            Save,
        ],
    );
    let s = screen(&app);
    assert!(s.contains("Afslut sag · Sag #1"), "{s}");
    assert!(
        matches!(app.stack.last(), Some(infohus::tui::app::Screen::Form(_))),
        "{s}"
    );
    // Back on the case without closing: the header says what the round decided.
    run(&mut app, &[K::Esc]);
    let s = screen(&app);
    assert!(s.contains("runden besluttede at lukke sagen (c)"), "{s}");
}

#[test]
fn the_summary_lists_the_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = os_service(dir.path());
    let no = in_measures(&mut svc, "Ali Hansen");
    in_trial(
        &mut svc,
        no,
        today() - Days::new(30),
        today() - Days::new(2),
    );
    round_step(
        &mut svc,
        no,
        RoundStep::Evaluate(RoundEvaluation {
            date: today(),
            effect: Effect::Partly,
            text: "Bedre.".into(),
        }),
    );
    round_step(
        &mut svc,
        no,
        RoundStep::Decide(NextStepDecision {
            date: today(),
            choice: NextStepChoice::ExternalSupport,
            with: "Hanne".into(),
            note: String::new(),
        }),
    );
    in_trial(&mut svc, no, today(), today() + Days::new(20));
    drop(svc);
    let out = infohus()
        .args(["case", &no.to_string(), "--summary", "--db"])
        .arg(db_in(dir.path()))
        .env("INFOHUS_LANG", "da")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Forløbshjul (runder):"), "{text}");
    let r1 = text
        .lines()
        .find(|l| l.contains("Runde 1 ·"))
        .unwrap_or_default();
    assert!(
        r1.contains("evaluering 23-11-2026: Det hjalp delvist"),
        "{r1}"
    );
    assert!(r1.contains("Inddrag det eksterne støttesystem"), "{r1}");
    let r2 = text
        .lines()
        .find(|l| l.contains("Runde 2 ·"))
        .unwrap_or_default();
    assert!(r2.contains("evaluering senest 13-12-2026"), "{r2}");
    assert!(r2.contains("nu: afprøvning"), "{r2}");
}

/// The round's form keeps a draft like every form on the one form engine: left with `k`, it
/// waits as a draft of that round's step, `w` resumes it where typing stopped, and saving
/// records the step and removes the draft in the same write.
#[test]
fn a_half_typed_round_step_is_kept_as_a_draft_and_resumed_by_w() {
    use infohus::domain::draft::FormKind;
    let (_dir, mut app) = app_in_measures(Lang::Da);
    run(&mut app, &[K::Char('w'), Tab, Text("Fravær og konflikter")]);
    run(&mut app, &[K::Esc, K::Char('k')]);
    let drafts = app.svc.drafts().unwrap();
    assert_eq!(drafts.len(), 1, "{}", screen(&app));
    assert_eq!(
        drafts[0].kind,
        FormKind::Round {
            round: 1,
            phase: Phase::Analysis
        }
    );
    let no = drafts[0].case.unwrap();
    run(&mut app, &[K::Char('w')]);
    let s = screen(&app);
    assert!(s.contains("Fravær og konflikter"), "{s}");
    run(&mut app, &[Save]);
    assert!(app.svc.drafts().unwrap().is_empty(), "{}", screen(&app));
    let state = app.svc.case(no).unwrap().state;
    assert_eq!(
        state.flow.rounds[0]
            .analysis
            .as_ref()
            .map(|a| a.text.as_str()),
        Some("Fravær og konflikter")
    );
}
