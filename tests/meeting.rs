//! Meeting mode as a chair uses it: the agenda in order of urgency, decisions that land on the
//! case they name and can be corrected, outcomes that do what they say, the §115 review's
//! outcome chosen by the chair, the side panel at 80×24, the participant picker, the topic
//! bank, minutes kept current, and a meeting that reopens where the chair was — through the
//! service and through the console driven with key presses (ratatui's TestBackend).
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use chrono::{Days, NaiveDate};
use common::*;
use infohus::domain::EventPayload;

use infohus::domain::flow::*;

use infohus::domain::meeting::{ItemReason, Meeting, MeetingKind, Subject};
use infohus::domain::stage::Stage;
use infohus::i18n::Lang;
use infohus::service::{ItemDecision, NewMeeting, Service, ServiceError};
use infohus::tui::app::Screen;
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn today() -> NaiveDate {
    now().date()
}

fn days_ago(n: u64) -> NaiveDate {
    today() - Days::new(n)
}

fn anna() -> Participant {
    Participant::parse("Anna Berg, SSP, koordinator").unwrap()
}

fn lars() -> Participant {
    Participant::parse("Lars Holm, Politiet, tovholder").unwrap()
}

/// A case filed `ago` days before today, its next follow-up `next_in` days after that.
fn case_at(svc: &mut Service, name: &str, ago: u64, next_in: u64) -> u64 {
    svc.set_now(now() - Days::new(ago));
    let no = file(svc, name, "", &format!("{name} er bekymret for."));
    let filed = days_ago(ago);
    svc.set_next_date(no, filed + Days::new(next_in), "")
        .unwrap();
    svc.set_now(now());
    no
}

/// A case due today.
fn due(svc: &mut Service, name: &str) -> u64 {
    case_at(svc, name, 0, 0)
}

fn meeting(svc: &mut Service, kind: MeetingKind, general: &[&str]) -> Meeting {
    svc.create_meeting(NewMeeting {
        kind,
        date: today(),
        participants: vec![anna(), lars()],
        general: general.iter().map(|s| s.to_string()).collect(),
        topics: Vec::new(),
    })
    .unwrap()
}

fn decision(m: &Meeting, index: usize, text: &str) -> ItemDecision {
    ItemDecision {
        subject: m.items[index].subject.clone(),
        decision: text.into(),
        who_acts: String::new(),
        follow: FollowUpDecision::Continue,
        next: None,
        review: None,
        feedback_due: None,
        closure: None,
    }
}

fn screen_review(svc: &mut Service, no: u64) {
    svc.record(
        no,
        Command::Screen {
            screening: Screening {
                date: today(),
                approach: Approach::Internal,
                participants: "Mette (SSP)".into(),
                outcome: ScreeningOutcome::Stands,
                rationale: "Flere kilder.".into(),
            },
            joint: None,
        },
        None,
    )
    .unwrap();
}

fn app(svc: Service) -> App {
    App::new(svc, Lang::Da, Theme { color: false })
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

/// The meeting screen on top of the console.
fn selected(app: &App) -> usize {
    match app.stack.last() {
        Some(Screen::Meeting(m)) => m.selected,
        _ => panic!("not on the meeting screen:\n{}", screen(app)),
    }
}

fn open_meeting(app: &mut App) {
    press(app, KeyCode::Char('m'));
    press(app, KeyCode::Enter);
    assert!(matches!(app.stack.last(), Some(Screen::Meeting(_))));
}

fn minutes_file(dir: &Path, no: u64) -> String {
    std::fs::read_to_string(dir.join("referater").join(format!("moede-{no}.md")))
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// 3. A decision never lands on the wrong case; correcting one is a correction.
// ---------------------------------------------------------------------------------------------

#[test]
fn enter_on_a_decided_item_opens_its_recorded_decision_and_esc_keeps_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let esra = due(&mut svc, "Esra Celik");
    let other = due(&mut svc, "Omar Said");
    let m = meeting(&mut svc, MeetingKind::SspNetwork, &[]);
    let next = today() + Days::new(30);
    svc.decide_item(
        m.no,
        0,
        ItemDecision {
            follow: FollowUpDecision::Adjust,
            who_acts: "Anna Berg".into(),
            next: Some(next),
            ..decision(&m, 0, "Esra og mor inviteres til samtale.")
        },
    )
    .unwrap();
    let before_other = svc.store().events(other).unwrap();

    let mut app = app(svc);
    open_meeting(&mut app);
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(selected(&app), 0);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(
        s.contains(&format!("Sag #{esra}")),
        "the title names the case:\n{s}"
    );
    assert!(s.contains("rettelse"), "{s}");
    assert!(
        s.contains("E. og mor inviteres"),
        "recorded text, redacted:\n{s}"
    );
    assert!(!s.contains("Esra"), "{s}");
    assert!(
        s.contains("justér"),
        "the recorded outcome, not reset:\n{s}"
    );
    assert!(
        s.contains(&infohus::domain::dates::format_date(next)),
        "{s}"
    );

    // Esc from the unchanged form: the selection stays on the decided item.
    press(&mut app, KeyCode::Esc);
    assert_eq!(selected(&app), 0, "Esc never moves the selection");

    // Correct the date: a correction event on that case, nothing on the other.
    press(&mut app, KeyCode::Enter);
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    ctrl(&mut app, 'u');
    let corrected = today() + Days::new(21);
    type_text(&mut app, &infohus::domain::dates::format_date(corrected));
    ctrl(&mut app, 's');
    let s = screen(&app);
    assert!(
        s.contains(&format!("Rettelse registreret · Sag #{esra}")),
        "{s}"
    );
    assert_eq!(selected(&app), 0);
    // Read as stored (the console itself is in redacted view).
    let store = app.svc.local_service().unwrap().store();
    let events = store.events(esra).unwrap();
    let state = store.case(esra).unwrap().unwrap();
    let last = events.last().unwrap();
    match &last.payload {
        EventPayload::MeetingDecisionCorrected(d) => {
            assert_eq!(d.next, Some(corrected));
            assert_eq!(
                d.decision, "Esra og mor inviteres til samtale.",
                "a text left as shown (redacted) keeps what was recorded"
            );
        }
        other => panic!("expected a correction, got {other:?}"),
    }
    assert_eq!(state.next_date, corrected);
    let fu = state.flow.follow_ups.last().unwrap();
    assert_eq!(fu.decision, FollowUpDecision::Adjust);
    assert_eq!(fu.next, corrected);
    assert_eq!(fu.summary, "Esra og mor inviteres til samtale.");
    assert_eq!(
        store.events(other).unwrap(),
        before_other,
        "nothing on the other case"
    );
    assert!(
        app.svc
            .local_service()
            .unwrap()
            .check(|_| {})
            .problems
            .is_empty()
    );
}

#[test]
fn a_decision_meant_for_another_item_or_a_decided_one_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let a = due(&mut svc, "Ali Hansen");
    let b = due(&mut svc, "Sara Nielsen");
    let m = meeting(&mut svc, MeetingKind::SspNetwork, &["Tendenser"]);
    let events = |svc: &Service| {
        (
            svc.store().events(a).unwrap(),
            svc.store().events(b).unwrap(),
        )
    };
    let before = events(&svc);
    // The screen showed case b at item 0 (the agenda changed meanwhile): refused.
    let wrong = ItemDecision {
        subject: m.items[1].subject.clone(),
        ..decision(&m, 0, "12 mdr. efter lukning holdt")
    };
    assert!(matches!(
        svc.decide_item(m.no, 0, wrong),
        Err(ServiceError::AgendaChanged(_))
    ));
    assert_eq!(events(&svc), before);
    svc.decide_item(m.no, 0, decision(&m, 0, "Fortsæt"))
        .unwrap();
    let after = events(&svc);
    assert!(matches!(
        svc.decide_item(m.no, 0, decision(&m, 0, "Igen")),
        Err(ServiceError::AlreadyDecided(_))
    ));
    assert_eq!(
        events(&svc),
        after,
        "a decided item is corrected, never decided twice"
    );
}

// ---------------------------------------------------------------------------------------------
// 4. The agenda in order of urgency, with what was left off.
// ---------------------------------------------------------------------------------------------

#[test]
fn the_agenda_puts_the_most_urgent_first_and_says_how_many_were_left_off() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("infohus.toml"),
        "[meeting]\nagenda_length = 10\n",
    )
    .unwrap();
    let mut svc = service(dir.path());
    // Twelve cases due by the meeting, filed first (low numbers).
    let due_today: Vec<u64> = (0..12)
        .map(|i| due(&mut svc, &format!("Person Nummer{i}")))
        .collect();
    // Overdue follow-ups on high numbers, filed out of date order: overdue since 5, 10 and
    // 8 days. Oldest first is not case-number order.
    let numbers: Vec<u64> = [25, 30, 28]
        .iter()
        .map(|ago| case_at(&mut svc, "Kawa Mirza", *ago, 20))
        .collect();
    let overdue = [numbers[1], numbers[2], numbers[0]];
    // A closed case with police feedback long overdue: not on the agenda for that.
    svc.set_now(now() - Days::new(40));
    let closed = file(&mut svc, "Lukket Sag", "", "x");
    svc.record(
        closed,
        Command::Screen {
            screening: Screening {
                date: days_ago(40),
                approach: Approach::Internal,
                participants: "Mette".into(),
                outcome: ScreeningOutcome::PoliceMatter {
                    kind: PoliceMatterKind::Report,
                    feedback_due: days_ago(30),
                },
                rationale: "Anmeldt.".into(),
            },
            joint: None,
        },
        None,
    )
    .unwrap();
    svc.record(
        closed,
        Command::Close(Closure {
            date: days_ago(40),
            reason: ClosureReason::PoliceMatter,
            summary: "Politisag.".into(),
            waivers: Vec::new(),
            no_reviews_because: None,
        }),
        None,
    )
    .unwrap();
    svc.set_now(now());
    assert_eq!(svc.case(closed).unwrap().state.stage, Stage::Closed);

    let m = meeting(&mut svc, MeetingKind::SspNetwork, &["Tendenser"]);
    let cases: Vec<u64> = m.items.iter().filter_map(|i| i.subject.case()).collect();
    assert_eq!(cases.len(), 10, "the configured length");
    assert_eq!(
        cases[..3],
        overdue[..],
        "the overdue follow-ups lead, oldest first"
    );
    assert_eq!(
        m.items[0].subject,
        Subject::Case {
            no: overdue[0],
            reason: ItemReason::Overdue
        }
    );
    assert_eq!(cases[3..], due_today[..7]);
    assert!(
        !cases.contains(&closed),
        "a closed case only for its review"
    );
    assert_eq!(svc.agenda_left_off(m.no).unwrap(), 5);

    // The console says so, and `+` pulls them in before the general items.
    let mut app = app(svc);
    open_meeting(&mut app);
    let s = screen(&app);
    assert!(s.contains("+5 ikke på dagsordenen"), "{s}");
    press(&mut app, KeyCode::Char('+'));
    let m = app.svc.meeting(m.no).unwrap();
    let cases: Vec<u64> = m.items.iter().filter_map(|i| i.subject.case()).collect();
    assert_eq!(cases.len(), 15);
    assert_eq!(cases[10..], due_today[7..]);
    assert_eq!(
        m.items.last().unwrap().subject,
        Subject::General("Tendenser".into())
    );
    assert!(!screen(&app).contains("ikke på dagsordenen"));
}

// ---------------------------------------------------------------------------------------------
// 5. "Close the case" closes it.
// ---------------------------------------------------------------------------------------------

#[test]
fn close_the_case_at_a_meeting_goes_through_the_closure_and_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = due(&mut svc, "Ali Hansen");
    let m = meeting(&mut svc, MeetingKind::SspNetwork, &[]);
    // Without a closure the decision to close is refused, and nothing is recorded.
    let events = svc.store().events(no).unwrap();
    let close = ItemDecision {
        follow: FollowUpDecision::Close,
        ..decision(&m, 0, "Sagen lukkes; forløbet er slut.")
    };
    assert!(svc.decide_item(m.no, 0, close).is_err());
    assert_eq!(svc.store().events(no).unwrap(), events);

    let mut app = app(svc);
    open_meeting(&mut app);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Sagen lukkes; forløbet er slut.");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "luk");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(
        !s.contains("Næste opfølgning"),
        "closing has no next date:\n{s}"
    );
    ctrl(&mut app, 's');
    let s = screen(&app);
    assert!(s.contains(&format!("#{no}")) && s.contains("Afslut"), "{s}");
    // The closure form: the reason (the summary is the decision).
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "indsats");
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    let s = screen(&app);
    assert!(
        s.contains(&format!(
            "Sagen er afsluttet som mødets beslutning · Sag #{no}"
        )),
        "{s}"
    );
    let state = app.svc.case(no).unwrap().state;
    assert_eq!(state.stage, Stage::Closed);
    assert_eq!(
        state.flow.closure.as_ref().unwrap().summary,
        "Sagen lukkes; forløbet er slut."
    );
    let m = app.svc.meeting(m.no).unwrap();
    let o = m.items[0].outcome.as_ref().unwrap();
    assert_eq!(o.follow, Some(FollowUpDecision::Close));
    assert_eq!(o.next, None);
    let minutes = minutes_file(dir.path(), m.no);
    assert!(minutes.contains("luk sagen"), "{minutes}");
    assert!(minutes.contains("Fase: afsluttet"), "{minutes}");
    assert!(!minutes.contains("Næste opfølgning"), "{minutes}");
}

// ---------------------------------------------------------------------------------------------
// 6. The §115 review at the meeting has the outcome the chair chose.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_joint_review_at_the_meeting_records_the_outcome_the_chair_chose() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = file(&mut svc, "Sara Nielsen", "", "Sara ringede selv.");
    screen_review(&mut svc, no);
    let m = meeting(&mut svc, MeetingKind::InfohusKommune, &[]);
    assert_eq!(
        m.items[0].subject,
        Subject::Case {
            no,
            reason: ItemReason::AwaitingReview
        }
    );
    // Nobody chose an outcome: refused, not "on to enrichment".
    assert!(matches!(
        svc.decide_item(m.no, 0, decision(&m, 0, "Drøftet.")),
        Err(ServiceError::Flow(FlowError::Required(
            decide::Required::ReviewDecision
        )))
    ));

    let mut app = app(svc);
    open_meeting(&mut app);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("§115-udfald"), "{s}");
    type_text(&mut app, "Politiet anmelder; skolen orienteres.");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "politi");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Tab);
    let feedback = today() + Days::new(14);
    type_text(&mut app, &infohus::domain::dates::format_date(feedback));
    ctrl(&mut app, 's');
    let s = screen(&app);
    assert!(
        s.contains(&format!("Beslutning registreret · Sag #{no}")),
        "{s}"
    );
    let state = app.svc.case(no).unwrap().state;
    assert_eq!(
        state.flow.reviews.last().unwrap().decision,
        ReviewDecision::PoliceMatter
    );
    assert_eq!(state.flow.police_feedback_due, Some(feedback));
    // The panel shows the stage the case went to, and so do the minutes.
    press(&mut app, KeyCode::Char('g'));
    let s = screen(&app);
    assert!(s.contains("kvalificering"), "{s}");
    assert!(!s.contains("afventer fælles vurdering"), "{s}");
    let minutes = minutes_file(dir.path(), m.no);
    assert!(
        minutes.contains("Fælles vurdering (§115): Politisag"),
        "{minutes}"
    );
    assert!(minutes.contains("Fase: kvalificering"), "{minutes}");
}

// ---------------------------------------------------------------------------------------------
// 7. Nothing cut at 80×24.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_long_decision_is_read_to_its_end_with_the_panel_keys_and_long_titles_wrap() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    due(&mut svc, "Ali Hansen");
    let title = "Knivbæring blandt unge – oplæg ved lokalpolitiet og drøftelse af tiltag";
    let m = meeting(&mut svc, MeetingKind::SspNetwork, &[title]);
    let long = "Drøftelse: ".to_string() + &"skolen og klubben samarbejder om tryghed. ".repeat(14);
    svc.decide_item(
        m.no,
        0,
        ItemDecision {
            who_acts: "Anna Berg".into(),
            ..decision(&m, 0, &long)
        },
    )
    .unwrap();
    let mut app = app(svc);
    open_meeting(&mut app);
    press(&mut app, KeyCode::Char('g'));
    let s = screen(&app);
    assert!(s.contains("mere: PgDn"), "{s}");
    assert!(
        s.contains("PgUp/Dn panel"),
        "the footer lists the panel's keys:\n{s}"
    );
    assert!(!s.contains("Hvem handler"), "{s}");
    for _ in 0..4 {
        press(&mut app, KeyCode::PageDown);
    }
    let s = screen(&app);
    assert!(s.contains("Hvem handler: Anna Berg"), "{s}");
    assert!(s.contains("Næste opfølgning"), "{s}");
    assert_eq!(selected(&app), 0, "PgDn scrolls the panel, not the list");
    // The general item's long title wraps onto a second row.
    press(&mut app, KeyCode::Down);
    let s = screen(&app);
    assert!(s.contains("2. Knivbæring blandt unge – oplæg"), "{s}");
    assert!(s.contains("lokalpolitiet"), "{s}");
}

// ---------------------------------------------------------------------------------------------
// 8. The participant picker picks.
// ---------------------------------------------------------------------------------------------

fn new_meeting_form(app: &mut App) {
    press(app, KeyCode::Char('m'));
    press(app, KeyCode::Char('c'));
    press(app, KeyCode::Tab);
    press(app, KeyCode::Tab);
}

#[test]
fn the_participant_picker_takes_the_top_match_and_a_new_name_needs_new_participant() {
    let dir = tempfile::tempdir().unwrap();
    let svc = service(dir.path());
    // The roster knows Birgitte from an earlier meeting.
    let birgitte = Participant::parse("Birgitte Nørby, Nordskolen, AKT-vejleder").unwrap();
    svc.create_meeting(NewMeeting {
        kind: MeetingKind::SspNetwork,
        date: today(),
        participants: vec![birgitte.clone(), anna()],
        general: Vec::new(),
        topics: Vec::new(),
    })
    .unwrap();
    let mut app = app(svc);

    // A half-typed name is never a participant.
    new_meeting_form(&mut app);
    type_text(&mut app, "Birg");
    let s = screen(&app);
    assert!(
        s.contains("Birgitte Nørby"),
        "typing filters the roster:\n{s}"
    );
    ctrl(&mut app, 's');
    assert_eq!(
        app.svc.meetings().unwrap().len(),
        1,
        "nothing created:\n{}",
        screen(&app)
    );
    // The form engine names what is missing on the status line and the field's own problem
    // on the hint line.
    let s = screen(&app);
    assert!(
        s.contains("Kan ikke gemmes endnu: Deltager 1") && s.contains("Skal udfyldes"),
        "{s}"
    );
    // Enter takes the top match (the refusal put the cursor back in the field).
    type_text(&mut app, "Birg");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Tab);
    // A name not on the roster is not taken as typed: the only thing offered is
    // "+ ny deltager", which asks for the name, organisation and role.
    type_text(&mut app, "Yusuf");
    let s = screen(&app);
    assert!(s.contains("+ ny deltager"), "{s}");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Yusuf Demir");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Klub Nord");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "klubleder");
    ctrl(&mut app, 's');
    let meetings = app.svc.meetings().unwrap();
    assert_eq!(meetings.len(), 2, "{}", screen(&app));
    assert_eq!(
        meetings[0].participants,
        vec![
            birgitte,
            Participant::parse("Yusuf Demir, Klub Nord, klubleder").unwrap()
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// 9. The record is complete and current.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_topic_for_the_bank_stays_off_todays_agenda_and_both_kinds_are_marked_in_the_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let m = meeting(&mut svc, MeetingKind::SspNetwork, &["Tendenser"]);
    let mut app = app(svc);
    open_meeting(&mut app);
    press(&mut app, KeyCode::Char('i'));
    type_text(&mut app, "Sociale medier og vold");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char(' '));
    ctrl(&mut app, 's');
    let s = screen(&app);
    assert!(s.contains("Gemt i emnebanken"), "{s}");
    let m = app.svc.meeting(m.no).unwrap();
    assert_eq!(m.agenda().count(), 1, "not on today's agenda");
    assert_eq!(
        app.svc.topics().unwrap(),
        vec!["Sociale medier og vold".to_string()]
    );
    let minutes = infohus::i18n::follow::minutes(Lang::Da, &app.svc.minutes(m.no).unwrap());
    assert!(
        minutes.contains("## Gemt i emnebanken til et senere møde\n\n- Sociale medier og vold"),
        "{minutes}"
    );
    assert!(
        !minutes.contains("Ikke behandlet (videre til næste møde)\n\n- 2."),
        "{minutes}"
    );

    // The next meeting takes it from the bank: marked as such on the agenda and the minutes.
    let svc = app.svc.local_service_mut().unwrap();
    let next = svc
        .create_meeting(NewMeeting {
            kind: MeetingKind::SspNetwork,
            date: today(),
            participants: vec![anna()],
            general: Vec::new(),
            topics: vec!["Sociale medier og vold".into()],
        })
        .unwrap();
    assert_eq!(
        next.items[0].subject,
        Subject::Topic("Sociale medier og vold".into())
    );
    svc.decide_item(next.no, 0, decision(&next, 0, "Oplæg i januar."))
        .unwrap();
    let minutes = infohus::i18n::follow::minutes(Lang::Da, &svc.minutes(next.no).unwrap());
    assert!(
        minutes.contains("### 1. Sociale medier og vold (fra emnebanken)"),
        "{minutes}"
    );
}

#[test]
fn the_minutes_file_is_rewritten_after_every_decision_and_correction() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    due(&mut svc, "Ali Hansen");
    let m = meeting(&mut svc, MeetingKind::SspNetwork, &["Tendenser"]);
    let mut app = app(svc);
    open_meeting(&mut app);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Ali og mor inviteres.");
    ctrl(&mut app, 's');
    let text = minutes_file(dir.path(), m.no);
    assert!(text.contains("A. og mor inviteres."), "{text}");
    assert!(
        text.contains("- 2. Tendenser"),
        "not yet discussed:\n{text}"
    );
    // The next item is selected: the general one.
    assert_eq!(selected(&app), 1);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Mere uro i weekenderne.");
    ctrl(&mut app, 's');
    // A correction of the first decision rewrites it too.
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    type_text(&mut app, "Ali inviteres alene.");
    ctrl(&mut app, 's');
    let text = minutes_file(dir.path(), m.no);
    assert!(text.contains("A. inviteres alene."), "{text}");
    assert!(text.contains("Mere uro i weekenderne."), "{text}");
    assert!(!text.contains("Ikke behandlet"), "{text}");
    let doc = app.svc.minutes(m.no).unwrap();
    assert_eq!(text, infohus::i18n::follow::minutes(Lang::Da, &doc));
}

// ---------------------------------------------------------------------------------------------
// 10. Reopening, the chronology, holidays.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_reopened_meeting_resumes_at_the_item_the_chair_was_on_also_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    for name in ["Ali Hansen", "Sara Nielsen", "Omar Said", "Kawa Mirza"] {
        due(&mut svc, name);
    }
    let m = meeting(&mut svc, MeetingKind::SspNetwork, &[]);
    svc.decide_item(m.no, 0, decision(&m, 0, "Fortsæt."))
        .unwrap();
    let mut app = app(svc);
    open_meeting(&mut app);
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert_eq!(selected(&app), 2);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        selected(&app),
        2,
        "where the chair was, not the first undecided"
    );
    drop(app);
    let mut app = self::app(service(dir.path()));
    open_meeting(&mut app);
    assert_eq!(selected(&app), 2, "after a restart too");
}

#[test]
fn a_closed_cases_review_at_a_meeting_names_the_meeting_and_who_acts_in_its_chronology() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    // Closed seven months ago: its 6-month review is overdue.
    svc.set_now(now() - Days::new(213));
    let no = file(&mut svc, "Ali Hansen", "", "x");
    svc.record(
        no,
        Command::Close(Closure {
            date: days_ago(213),
            reason: ClosureReason::Unfounded,
            summary: "Ubegrundet.".into(),
            waivers: Vec::new(),
            no_reviews_because: None,
        }),
        None,
    )
    .unwrap();
    svc.set_now(now());
    let m = meeting(&mut svc, MeetingKind::SspNetwork, &[]);
    assert_eq!(
        m.items[0].subject,
        Subject::Case {
            no,
            reason: ItemReason::PostReview
        }
    );
    svc.decide_item(
        m.no,
        0,
        ItemDecision {
            who_acts: "Anna Berg".into(),
            ..decision(&m, 0, "Ingen nye henvendelser.")
        },
    )
    .unwrap();
    let view = svc.case(no).unwrap();
    assert!(view.state.flow.post_reviews[0].held.is_some());
    let lines: Vec<String> = view
        .events
        .iter()
        .map(|e| infohus::i18n::event(Lang::Da, &e.payload))
        .collect();
    let last = lines.last().unwrap();
    assert!(last.contains(&format!("møde {}", m.no)), "{lines:?}");
    assert!(last.contains("handler: Anna Berg"), "{lines:?}");
    assert!(last.contains("opfølgning efter 6 mdr."), "{lines:?}");
}

#[test]
fn a_next_date_on_a_holiday_is_warned_about_and_still_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = due(&mut svc, "Ali Hansen");
    meeting(&mut svc, MeetingKind::SspNetwork, &[]);
    let mut app = app(svc);
    open_meeting(&mut app);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Fortsæt.");
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "24-12-2026");
    press(&mut app, KeyCode::Tab);
    let s = screen(&app);
    assert!(s.contains("24-12-2026 er juleaftensdag"), "{s}");
    ctrl(&mut app, 's');
    assert_eq!(
        app.svc.case(no).unwrap().state.next_date,
        NaiveDate::from_ymd_opt(2026, 12, 24).unwrap()
    );
}

#[test]
fn a_topic_picked_in_redacted_view_goes_on_the_agenda_as_the_bank_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    file(&mut svc, "Kawa Mirza", "", "x");
    svc.save_topic("Kawa Mirzas klasse og sociale medier")
        .unwrap();
    svc.set_redacted(true);
    let shown = svc.topics().unwrap();
    assert_eq!(shown, vec!["K. M. klasse og sociale medier".to_string()]);
    let m = svc
        .create_meeting(NewMeeting {
            kind: MeetingKind::SspNetwork,
            date: today(),
            participants: vec![anna()],
            general: Vec::new(),
            topics: shown,
        })
        .unwrap();
    assert_eq!(
        m.items[0].subject,
        Subject::Topic("K. M. klasse og sociale medier".into()),
        "shown redacted"
    );
    svc.set_redacted(false);
    assert_eq!(
        svc.meeting(m.no).unwrap().items[0].subject,
        Subject::Topic("Kawa Mirzas klasse og sociale medier".into()),
        "stored as the bank holds it"
    );
}
