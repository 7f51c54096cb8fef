//! Several coordinators on one database: a save made against an older screen of a case is
//! refused with who changed it (the typed text stays), drafts are their author's own, and an
//! idle console shows other sessions' saves within a second without touching a form.
#![allow(clippy::unwrap_used)]

mod common;

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, NaiveDateTime};
use common::*;
use infohus::domain::EventPayload;
use infohus::domain::audit::AuditAction;
use infohus::domain::draft::Draft;
use infohus::domain::draft::FormKind;
use infohus::domain::flow::Participant;
use infohus::domain::flow::{Approach, Command, FollowUpDecision, Screening, ScreeningOutcome};
use infohus::domain::legal::LegalCommand;
use infohus::domain::meeting::MeetingKind;
use infohus::i18n::{Lang, service_error};
use infohus::service::{Filed, ItemDecision, NewMeeting, Service, ServiceError};
use infohus::store::StoreError;
use infohus::tui::app::Screen;
use infohus::tui::overlay::Overlay;
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn today() -> NaiveDate {
    now().date()
}

/// When jens saved in these tests.
fn jens_at() -> NaiveDateTime {
    today().and_hms_opt(14, 2, 0).unwrap()
}

const JENS_NOTE: &str = "Jens ringede til skolen.";

/// Another coordinator adds a note to case `no`, as the server would when serving jens.
fn jens_writes(svc: &Service, no: u64) {
    svc.store()
        .append(
            no,
            &[EventPayload::NoteAdded {
                text: JENS_NOTE.into(),
            }],
            None,
            "jens",
            jens_at(),
        )
        .unwrap();
}

/// The version of the case a screen reading it now would be based on.
fn version(svc: &Service, no: u64) -> u32 {
    svc.store().case(no).unwrap().unwrap().event_count
}

fn screening() -> Command {
    Command::Screen {
        screening: Screening {
            date: today(),
            approach: Approach::Internal,
            participants: "Mette (SSP)".into(),
            outcome: ScreeningOutcome::Stands,
            rationale: "Flere kilder.".into(),
        },
        joint: None,
    }
}

/// Files a case about a minor with an underretning sent on the day, so legal events apply.
fn file_minor(svc: &mut Service) -> u64 {
    let mut d = svc.new_draft(FormKind::Intake, None).unwrap();
    d.edit_intake(|f| f.person_name = "Ali Hansen".into());
    d.edit_intake(|f| f.birth_date = "01-03-2011".into());
    d.edit_intake(|f| f.description = "Lærer ringer om elev".into());
    d.edit_intake(|f| f.underretning_at = "23-11-2026 10:00".into());
    d.edit_intake(|f| f.underretning_to = "Børn og Unge".into());
    d.edit_intake(|f| f.reporter_anonymous = true);
    d = svc.save_draft(&d).unwrap();
    match svc.file(&d).unwrap() {
        Filed::New(s) => s.no,
        _ => panic!("expected a new case"),
    }
}

fn is_conflict_by_jens(r: Result<(), ServiceError>, no: u64) {
    match r {
        Err(ServiceError::Conflict { no: n, by, at }) => {
            assert_eq!((n, by.as_str(), at), (no, "jens", jens_at()));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// Runs `write` on a case jens changed after the user's screen read it: refused, naming jens
/// and when, and nothing is written; then, against the version after jens' change (as the
/// client does after a conflict), the same write goes through.
fn stale_refused_current_accepted(
    setup: impl FnOnce(&mut Service) -> u64,
    write: impl Fn(&mut Service, u64) -> Result<(), ServiceError>,
) {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = setup(&mut svc);
    let seen = version(&svc, no);
    jens_writes(&svc, no);
    let events = svc.store().events(no).unwrap();
    let changes = svc.changes();

    svc.set_expected(Some((no, seen)));
    is_conflict_by_jens(write(&mut svc, no), no);
    assert_eq!(svc.store().events(no).unwrap(), events, "nothing written");
    assert_eq!(svc.changes(), changes, "nothing for other screens to show");

    svc.set_expected(Some((no, seen + 1)));
    write(&mut svc, no).unwrap();
    assert!(version(&svc, no) > seen + 1, "recorded after jens' note");
    assert!(svc.check(|_| {}).problems.is_empty());
}

fn filed(svc: &mut Service) -> u64 {
    file(svc, "Ali Hansen", "", "Lærer ringer om elev")
}

#[test]
fn a_note_on_a_case_changed_since_the_screen_read_it_is_refused() {
    stale_refused_current_accepted(filed, |svc, no| {
        svc.add_note(no, "Talt med mor").map(|_| ())
    });
}

#[test]
fn a_next_date_on_a_changed_case_is_refused() {
    stale_refused_current_accepted(filed, |svc, no| {
        svc.set_next_date(no, today() + Days::new(10), "")
            .map(|_| ())
    });
}

#[test]
fn a_link_from_a_changed_case_is_refused() {
    stale_refused_current_accepted(
        |svc| {
            let a = filed(svc);
            file(svc, "Sara Nielsen", "", "Andet");
            a
        },
        |svc, no| svc.link(no, no + 1).map(|_| ()),
    );
}

#[test]
fn a_flow_step_on_a_changed_case_is_refused() {
    stale_refused_current_accepted(filed, |svc, no| {
        svc.record(no, screening(), None).map(|_| ())
    });
}

#[test]
fn a_legal_event_on_a_changed_case_is_refused() {
    stale_refused_current_accepted(file_minor, |svc, no| {
        let cmd = Command::Legal(LegalCommand::ConfirmReceipt {
            date: today(),
            note: String::new(),
        });
        svc.record(no, cmd, None).map(|_| ())
    });
}

#[test]
fn a_legal_hold_on_a_changed_case_is_refused() {
    stale_refused_current_accepted(filed, |svc, no| {
        svc.legal_hold(no, true, "Klagesag verserer").map(|_| ())
    });
}

#[test]
fn an_intake_edit_filed_against_a_changed_case_is_refused_and_its_draft_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = filed(&mut svc);
    let seen = version(&svc, no);
    let mut d = svc.new_draft(FormKind::Intake, Some(no)).unwrap();
    d.edit_intake(|f| f.description = "Lærer ringer om elev; mor ringer også".into());
    d = svc.save_draft(&d).unwrap();
    jens_writes(&svc, no);
    let events = svc.store().events(no).unwrap();

    svc.set_expected(Some((no, seen)));
    is_conflict_by_jens(svc.file(&d).map(|_| ()), no);
    assert_eq!(svc.store().events(no).unwrap(), events, "nothing written");
    assert_eq!(
        svc.draft(d.id).unwrap(),
        Some(d.clone()),
        "the draft is kept"
    );

    svc.set_expected(Some((no, seen + 1)));
    assert!(matches!(svc.file(&d).unwrap(), Filed::Edited(_)));
    assert_eq!(svc.draft(d.id).unwrap(), None);
}

#[test]
fn a_meeting_decision_on_a_changed_case_is_refused_and_the_minutes_keep_no_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = filed(&mut svc);
    svc.record(no, screening(), None).unwrap();
    svc.set_next_date(no, today() + Days::new(2), "").unwrap();
    let m = svc
        .create_meeting(NewMeeting {
            kind: MeetingKind::InfohusKommune,
            date: today() + Days::new(3),
            participants: vec![Participant::parse("Anna Berg, SSP, koordinator").unwrap()],
            general: Vec::new(),
            topics: Vec::new(),
        })
        .unwrap();
    let seen = version(&svc, no);
    jens_writes(&svc, no);
    let events = svc.store().events(no).unwrap();
    let decision = || ItemDecision {
        subject: m.items[0].subject.clone(),
        decision: "Fortsæt; mor inviteres.".into(),
        who_acts: "Anna".into(),
        follow: FollowUpDecision::Continue,
        next: None,
        // The case awaits its joint review: the meeting holds it, and the chair chooses.
        review: Some(infohus::domain::flow::ReviewDecision::Continue),
        feedback_due: None,
        closure: None,
    };

    svc.set_expected(Some((no, seen)));
    is_conflict_by_jens(svc.decide_item(m.no, 0, decision()).map(|_| ()), no);
    assert_eq!(svc.store().events(no).unwrap(), events, "nothing written");
    assert_eq!(svc.meeting(m.no).unwrap(), m, "the meeting is as it was");

    svc.set_expected(Some((no, seen + 1)));
    let m = svc.decide_item(m.no, 0, decision()).unwrap().meeting;
    assert!(m.items[0].outcome.is_some());
}

#[test]
fn without_an_expected_version_or_on_another_case_nothing_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let a = filed(&mut svc);
    let b = file(&mut svc, "Sara Nielsen", "", "Andet");
    let seen = version(&svc, a);
    jens_writes(&svc, a);

    svc.add_note(a, "Uden forventning").unwrap();
    svc.set_expected(Some((a, seen)));
    svc.add_note(b, "En anden sag").unwrap();
    svc.set_expected(None);
    svc.add_note(a, "Igen uden forventning").unwrap();
}

#[test]
fn the_conflict_says_who_when_that_the_text_is_kept_and_to_save_again() {
    let e = ServiceError::Conflict {
        no: 12,
        by: "jens".into(),
        at: jens_at(),
    };
    assert_eq!(
        service_error(Lang::Da, &e),
        "Sag 12 blev ændret af jens kl. 14:02, mens du skrev. Din tekst er bevaret; gem igen for at gemme efter ændringen."
    );
    assert_eq!(
        service_error(Lang::En, &e),
        "Case 12 was changed by jens at 14:02 while you were writing. Your text is kept; save again to record it after that change."
    );
}

// ---------------------------------------------------------------------------------------------
// Drafts are their author's own
// ---------------------------------------------------------------------------------------------

fn jens_draft(svc: &Service) -> Draft {
    let mut d = Draft::new(
        svc.store().new_draft_id().unwrap(),
        "jens",
        now(),
        FormKind::Intake,
    );
    d.set_intake(&form("Jens' halve henvendelse"));
    svc.store().save_draft(&d).unwrap();
    d
}

fn no_such_draft<T: std::fmt::Debug>(r: Result<T, ServiceError>, id: u64) {
    match r {
        Err(ServiceError::Store(StoreError::NoSuchDraft(n))) => assert_eq!(n, id),
        other => panic!("expected no such draft, got {other:?}"),
    }
}

#[test]
fn another_coordinators_draft_is_not_listed_opened_saved_discarded_or_filed() {
    let dir = tempfile::tempdir().unwrap();
    let svc = service(dir.path());
    let mut mine = svc.new_draft(FormKind::Intake, None).unwrap();
    mine.edit_intake(|f| f.person_name = "Min kladde".into());
    mine = svc.save_draft(&mine).unwrap();
    let theirs = jens_draft(&svc);

    let ids: Vec<u64> = svc.drafts().unwrap().iter().map(|d| d.id).collect();
    assert_eq!(ids, [mine.id]);
    let queued: Vec<u64> = svc
        .work_queue()
        .unwrap()
        .drafts
        .iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(
        queued,
        [mine.id],
        "the work queue lists the user's own drafts"
    );
    assert_eq!(svc.draft(theirs.id).unwrap(), None);

    no_such_draft(svc.discard_draft(theirs.id), theirs.id);
    let as_is = theirs.clone();
    no_such_draft(svc.save_draft(&as_is), theirs.id);
    let claimed = Draft {
        author: "mette".into(),
        ..theirs.clone()
    };
    no_such_draft(svc.save_draft(&claimed), theirs.id);
    no_such_draft(svc.file(&claimed).map(|_| ()), theirs.id);
    assert_eq!(
        svc.store().draft(theirs.id).unwrap(),
        Some(theirs),
        "jens' draft is untouched"
    );
    assert_eq!(svc.case_count(), 0, "nothing was filed");
}

#[test]
fn purge_still_removes_every_old_draft_whoever_wrote_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let mine = svc.new_draft(FormKind::Intake, None).unwrap();
    svc.save_draft(&mine).unwrap();
    jens_draft(&svc);
    svc.set_now(now() + Days::new(60));
    assert_eq!(svc.purge(|_| {}).unwrap().drafts, 2);
    assert_eq!(svc.store().drafts().unwrap(), []);
}

// ---------------------------------------------------------------------------------------------
// The change count
// ---------------------------------------------------------------------------------------------

#[test]
fn the_change_count_moves_with_shared_writes_and_not_with_drafts_views_or_reads() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let mut count = svc.changes();
    let mut moved = |svc: &Service, by_this: bool, what: &str| {
        let now = svc.changes();
        assert_eq!(now != count, by_this, "{what}: {count} → {now}");
        count = now;
    };

    let mut d = svc.new_draft(FormKind::Intake, None).unwrap();
    d.edit_intake(|f| f.person_name = "Ali Hansen".into());
    d.edit_intake(|f| f.cpr = "010110-4006".into());
    d.edit_intake(|f| f.description = "x".into());
    d.edit_intake(|f| f.reporter_anonymous = true);
    d = svc.save_draft(&d).unwrap();
    moved(&svc, false, "a draft");
    let Filed::New(s) = svc.file(&d).unwrap() else {
        panic!("filed")
    };
    moved(&svc, true, "filing");
    svc.case(s.no).unwrap();
    svc.reload_case(s.no).unwrap();
    svc.reveal_cpr(s.no).unwrap();
    svc.commit_search("Ali").unwrap();
    moved(&svc, false, "views and a search (audit only)");
    svc.work_queue().unwrap();
    svc.overdue_series().unwrap();
    moved(&svc, false, "the work queue's overdue count");
    svc.add_note(s.no, "Note").unwrap();
    moved(&svc, true, "a note");
    svc.legal_hold(s.no, true, "Klagesag").unwrap();
    moved(&svc, true, "a legal hold");
    svc.set_next_date(s.no, today() + Days::new(2), "").unwrap();
    let m = svc
        .create_meeting(NewMeeting {
            kind: MeetingKind::InfohusKommune,
            date: today() + Days::new(3),
            participants: vec![Participant::parse("Anna Berg, SSP").unwrap()],
            general: vec!["Tendenser".into()],
            topics: Vec::new(),
        })
        .unwrap();
    moved(&svc, true, "a meeting");
    svc.add_item(m.no, "Mere", false).unwrap();
    moved(&svc, true, "an agenda item");
    svc.decide_item(
        m.no,
        0,
        ItemDecision {
            subject: m.items[0].subject.clone(),
            decision: "Fortsæt".into(),
            who_acts: String::new(),
            follow: FollowUpDecision::Continue,
            next: None,
            review: None,
            feedback_due: None,
            closure: None,
        },
    )
    .unwrap();
    moved(&svc, true, "a decision");
    let old = svc.new_draft(FormKind::Intake, None).unwrap();
    svc.save_draft(&old).unwrap();
    moved(&svc, false, "another draft");
    svc.set_now(now() + Days::new(60));
    svc.purge(|_| {}).unwrap();
    moved(&svc, true, "a purge of old drafts");
}

// ---------------------------------------------------------------------------------------------
// The console
// ---------------------------------------------------------------------------------------------

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

/// The frame at 80×24, row by row without trailing blanks.
fn rows(app: &App) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// The frame as one line of words, so a sentence wrapped over rows reads whole.
fn words(app: &App) -> String {
    rows(app)
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text inside the frame's box (an overlay), as one line of words.
fn boxed(app: &App) -> String {
    rows(app)
        .iter()
        .filter_map(|r| Some(&r[r.find('│')? + '│'.len_utf8()..r.rfind('│')?]))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An app with the given cases, on a clock that moves only when the test says.
fn app_with(cases: &[&str]) -> (tempfile::TempDir, App, Rc<Cell<Instant>>) {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    for name in cases {
        file(&mut svc, name, "", "Lærer ringer om elev");
    }
    let mut app = App::new(svc, Lang::Da, Theme { color: false });
    let now = Rc::new(Cell::new(Instant::now()));
    let clock = Rc::clone(&now);
    app.set_clock(Box::new(move || clock.get()));
    (dir, app, now)
}

/// Time passes without a key: the event loop's tick.
fn idle(app: &mut App, now: &Cell<Instant>, ms: u64) {
    now.set(now.get() + Duration::from_millis(ms));
    app.update(AppEvent::Tick);
}

const CONFLICT_DA: &str = "Sag 1 blev ændret af jens kl. 14:02, mens du skrev. Din tekst er bevaret; gem igen for at gemme efter ændringen.";

#[test]
fn a_follow_up_saved_after_jens_changed_the_case_keeps_the_text_and_says_so() {
    let (_dir, mut app, _now) = app_with(&["Ali Hansen"]);
    press(&mut app, KeyCode::Enter); // case 1 from the queue
    let seen = version(here(&app), 1);
    press(&mut app, KeyCode::Char('F'));
    press(&mut app, KeyCode::Tab); // from the date to the summary
    type_text(&mut app, "Mor er bekymret for vennerne");
    jens_writes(here(&app), 1);
    ctrl(&mut app, 's');

    assert!(
        matches!(app.stack.last(), Some(Screen::Form(_))),
        "still open"
    );
    let s = words(&app);
    assert!(s.contains(CONFLICT_DA), "{}", rows(&app).join("\n"));
    assert!(s.contains("Mor er bekymret for vennerne"), "{s}");
    assert_eq!(version(here(&app), 1), seen + 1, "nothing written");

    ctrl(&mut app, 's');
    assert!(matches!(app.stack.last(), Some(Screen::Detail(_))));
    let state = here(&app).store().case(1).unwrap().unwrap();
    assert_eq!(
        state.flow.follow_ups.last().unwrap().summary,
        "Mor er bekymret for vennerne"
    );
}

#[test]
fn a_note_typed_after_jens_changed_the_case_stays_in_the_prompt() {
    let (_dir, mut app, _now) = app_with(&["Ali Hansen"]);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('o'));
    type_text(&mut app, "Talt med klasselæreren");
    jens_writes(here(&app), 1);
    press(&mut app, KeyCode::Enter);

    match &app.overlay {
        Some(Overlay::Prompt(p)) => assert_eq!(p.input.value(), "Talt med klasselæreren"),
        _ => panic!("the prompt closed"),
    }
    assert!(
        boxed(&app).contains(CONFLICT_DA),
        "{}",
        rows(&app).join("\n")
    );

    press(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none());
    let events = here(&app).store().events(1).unwrap();
    assert!(matches!(
        &events.last().unwrap().payload,
        EventPayload::NoteAdded { text } if text == "Talt med klasselæreren"
    ));
}

#[test]
fn an_intake_edit_after_jens_changed_the_case_stays_open_with_its_text() {
    let (_dir, mut app, _now) = app_with(&["Ali Hansen"]);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('e'));
    type_text(&mut app, " Jensen");
    jens_writes(here(&app), 1);
    ctrl(&mut app, 's');

    match app.stack.last() {
        Some(Screen::Form(i)) if i.is_intake() => assert_eq!(
            i.draft().map(|d| d.intake().person_name),
            Some("Ali Hansen Jensen".to_string())
        ),
        _ => panic!("the intake closed"),
    }
    assert!(
        words(&app).contains(CONFLICT_DA),
        "{}",
        rows(&app).join("\n")
    );
}

#[test]
fn a_case_filed_elsewhere_shows_in_the_work_queue_within_a_second() {
    let (_dir, mut app, now) = app_with(&["Ali Hansen"]);
    idle(&mut app, &now, 200);
    assert!(!app.take_redraw(), "nothing changed, nothing to draw");
    file(
        app.svc.local_service_mut().expect("in-process"),
        "Sara Nielsen",
        "",
        "Mor ringer",
    );
    idle(&mut app, &now, 200);
    assert!(!words(&app).contains("Sara"), "asked at most every 500 ms");
    idle(&mut app, &now, 400);
    assert!(app.take_redraw(), "the event loop draws the change");
    assert!(words(&app).contains("Sara"), "{}", rows(&app).join("\n"));
}

#[test]
fn the_queue_selection_stays_on_its_case_when_a_line_arrives_above_it() {
    let (_dir, mut app, now) = app_with(&["Ali Hansen", "Bo Jensen", "Carl Berg"]);
    press(&mut app, KeyCode::Down);
    let selected = |app: &App| match app.stack.last() {
        Some(Screen::Queue(q)) => (q.selected, q.selected_entry().unwrap().line.no),
        _ => panic!("queue"),
    };
    let (row, no) = selected(&app);
    // Jens moves case 3's follow-up into the past: it is now listed as overdue, above.
    here(&app)
        .store()
        .append(
            3,
            &[EventPayload::NextDateSet {
                date: today() - Days::new(1),
                reason: String::new(),
            }],
            None,
            "jens",
            jens_at(),
        )
        .unwrap();
    idle(&mut app, &now, 1000);
    assert!(
        words(&app).contains("Overskredet"),
        "{}",
        rows(&app).join("\n")
    );
    let (row_after, no_after) = selected(&app);
    assert!(row_after > row, "the line moved down");
    assert_eq!(no_after, no, "and the selection with it");
}

#[test]
fn the_case_screen_shows_a_colleagues_note_on_the_same_tab_without_a_new_view() {
    let (_dir, mut app, now) = app_with(&["Ali Hansen"]);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('5')); // the chronology
    let views = |app: &App| {
        here(app)
            .store()
            .audit_entries()
            .unwrap()
            .iter()
            .filter(|e| matches!(e.action, AuditAction::CaseViewed { .. }))
            .count()
    };
    let viewed = views(&app);
    jens_writes(here(&app), 1);
    idle(&mut app, &now, 600);
    assert!(words(&app).contains(JENS_NOTE), "{}", rows(&app).join("\n"));
    match app.stack.last() {
        Some(Screen::Detail(d)) => {
            assert_eq!(d.tab, infohus::tui::screens::detail::Tab::Chronology)
        }
        _ => panic!("case screen"),
    }
    assert_eq!(views(&app), viewed, "a live update is not a view");
}

#[test]
fn a_form_or_a_prompt_on_top_is_not_touched_and_the_case_catches_up_after() {
    let (_dir, mut app, now) = app_with(&["Ali Hansen"]);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('F'));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Halvt skrevet");
    let before = rows(&app);
    jens_writes(here(&app), 1);
    idle(&mut app, &now, 1000);
    assert!(!app.take_redraw());
    assert_eq!(rows(&app), before, "the form is as the user left it");
    match &app.stack[app.stack.len() - 2] {
        Screen::Detail(d) => assert_eq!(d.view.events.len(), 1, "not read under the form"),
        _ => panic!("case screen below"),
    }

    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('j')); // discard the half-written follow-up
    match app.stack.last() {
        Some(Screen::Detail(d)) => assert_eq!(d.view.events.len(), 2, "read on the way back"),
        _ => panic!("case screen"),
    }
    press(&mut app, KeyCode::Char('o'));
    type_text(&mut app, "En note");
    jens_writes(here(&app), 1);
    idle(&mut app, &now, 1000);
    match &app.overlay {
        Some(Overlay::Prompt(p)) => assert_eq!(p.input.value(), "En note"),
        _ => panic!("the prompt closed"),
    }
    match app.stack.last() {
        Some(Screen::Detail(d)) => assert_eq!(d.view.events.len(), 2, "not read under it"),
        _ => panic!("case screen"),
    }
    press(&mut app, KeyCode::Esc);
    idle(&mut app, &now, 1000);
    match app.stack.last() {
        Some(Screen::Detail(d)) => assert_eq!(d.view.events.len(), 3, "caught up"),
        _ => panic!("case screen"),
    }
}

#[test]
fn the_case_list_keeps_its_search_and_selection_when_a_case_arrives() {
    let (_dir, mut app, now) = app_with(&["Ali Hansen", "Ali Berg"]);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "ali");
    press(&mut app, KeyCode::Esc); // leave the search field, keep the search
    press(&mut app, KeyCode::Down);
    let selected = |app: &App| match app.stack.last() {
        Some(Screen::List(l)) => (l.input.value().to_string(), l.selected, l.total),
        _ => panic!("list"),
    };
    let (text, sel, total) = selected(&app);
    let filter = app_filter(&app);
    let no_before = app.svc.list(&filter, sel, 1).unwrap().rows[0].no;
    file(
        app.svc.local_service_mut().expect("in-process"),
        "Ali Aziz",
        "",
        "Ny",
    );
    idle(&mut app, &now, 1000);
    let (text_after, sel_after, total_after) = selected(&app);
    assert_eq!(text_after, text);
    assert_eq!(total_after, total + 1, "the new case is found");
    let filter = app_filter(&app);
    let no_after = app.svc.list(&filter, sel_after, 1).unwrap().rows[0].no;
    assert_eq!(no_after, no_before, "the selection stays on its case");
}

fn app_filter(app: &App) -> infohus::service::ListFilter {
    match app.stack.last() {
        Some(Screen::List(l)) => l.filter.clone(),
        _ => panic!("list"),
    }
}

/// The service behind the console (in-process in these tests).
fn here(app: &App) -> &Service {
    app.svc.local_service().expect("an in-process service")
}
