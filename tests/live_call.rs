//! Issue 13, "the live call": each observed trap of the intake as a test through the whole
//! console (synthetic key presses, TestBackend at 80×24, a pinned clock).
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use common::*;
use infohus::domain::draft::FormKind;
use infohus::domain::intake::{Channel, ConcernType, IntakeForm};
use infohus::i18n::Lang;
use infohus::service::{Group, Service};
use infohus::tui::app::Screen;
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{TerminalOptions, Viewport};

struct Fixture {
    dir: tempfile::TempDir,
    app: App,
}

fn fixture(lang: Lang, setup: impl FnOnce(&mut Service)) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    setup(&mut svc);
    let app = App::new(svc, lang, Theme { color: false });
    Fixture { dir, app }
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

fn tabs(app: &mut App, n: usize) {
    for _ in 0..n {
        press(app, KeyCode::Tab);
    }
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

/// The intake as the form on screen holds it.
fn on_screen(app: &App) -> IntakeForm {
    match app.stack.last() {
        Some(Screen::Form(f)) => IntakeForm::from_values(&f.form.stored_values()),
        _ => panic!("no form on screen"),
    }
}

/// The intake as the user's only draft holds it.
fn draft(app: &App) -> IntakeForm {
    let drafts = app.svc.drafts().unwrap();
    assert_eq!(drafts.len(), 1, "one draft");
    drafts[0].intake()
}

fn on_intake(app: &App) -> bool {
    matches!(app.stack.last(), Some(Screen::Form(f)) if f.is_intake())
}

fn on_case(app: &App) -> bool {
    matches!(app.stack.last(), Some(Screen::Detail(_)))
}

// Tab order of the intake: name, CPR, birth date, approx. age, address, district, school/work,
// languages, concern types, description, channel, source, anonymous, …
const TO_APPROX_AGE: usize = 3;
const TO_CONCERNS: usize = 8;
const TO_DESCRIPTION: usize = 9;
const TO_CHANNEL: usize = 10;

/// Types a description and picks a source by typing its name, as a coordinator would.
fn describe_and_source(app: &mut App, description: &str, source: &str) {
    type_text(app, description);
    tabs(app, 2);
    type_text(app, source);
    press(app, KeyCode::Enter);
}

// ---- 1. Nothing typed is ever dropped ---------------------------------------------------

#[test]
fn text_typed_into_a_choice_filters_it_and_changes_nothing() {
    let mut f = fixture(Lang::Da, |_| {});
    press(&mut f.app, KeyCode::Char('n'));
    tabs(&mut f.app, TO_CHANNEL);
    type_text(&mut f.app, "Lærer ringer om en elev der");
    let s = screen(&f.app);
    assert!(s.contains("Lærer ringer om en elev der"), "{s}");
    tabs(&mut f.app, 2);
    type_text(&mut f.app, "ja tak");
    let d = on_screen(&f.app);
    assert_eq!(d.channel, Some(Channel::Phone), "Kanal kept its value");
    assert!(!d.reporter_anonymous, "Anonym was not flipped by a space");
    assert!(
        screen(&f.app).contains("Mellemrum"),
        "typing on a checkbox says how it is ticked"
    );
}

#[test]
fn arrows_move_inside_the_concern_checklist() {
    let mut f = fixture(Lang::Da, |_| {});
    press(&mut f.app, KeyCode::Char('n'));
    tabs(&mut f.app, TO_CONCERNS);
    press(&mut f.app, KeyCode::Down);
    press(&mut f.app, KeyCode::Char(' '));
    for _ in 0..10 {
        press(&mut f.app, KeyCode::Down);
    }
    press(&mut f.app, KeyCode::Char(' '));
    assert_eq!(
        draft(&f.app).concerns,
        vec![ConcernType::HonourConflict, ConcernType::Other],
        "↓ stays in the list, down to its last item"
    );
}

// ---- 2. What filing needs ---------------------------------------------------------------

#[test]
fn a_name_alone_is_not_filed_and_each_missing_field_is_named() {
    let mut f = fixture(Lang::Da, |_| {});
    press(&mut f.app, KeyCode::Char('n'));
    type_text(&mut f.app, "Ali Hansen");
    ctrl(&mut f.app, 's');
    assert!(on_intake(&f.app), "not filed");
    assert_eq!(f.app.svc.case_count().unwrap(), 0);
    let s = screen(&f.app);
    assert!(s.contains("Kan ikke oprettes endnu"), "{s}");
    // The cursor is on the first missing field, which says what it needs.
    assert!(s.contains("›!Bekymring"), "{s}");
    assert!(
        s.contains("beskrivelse eller mindst én bekymringstype"),
        "{s}"
    );
    // With a description and a source it is filed; the name may be unknown.
    tabs(&mut f.app, 1);
    describe_and_source(&mut f.app, "Eleven er bange", "skole");
    ctrl(&mut f.app, 's');
    assert!(on_case(&f.app), "{}", screen(&f.app));
}

#[test]
fn imminent_danger_with_police_contact_still_needs_a_description_and_a_source() {
    let mut f = fixture(Lang::Da, |_| {});
    press(&mut f.app, KeyCode::Char('n'));
    type_text(&mut f.app, "Omar");
    ctrl(&mut f.app, 'd');
    press(&mut f.app, KeyCode::Enter); // closes the actioncard; focus on who called
    type_text(&mut f.app, "Mette SSP");
    press(&mut f.app, KeyCode::Tab);
    type_text(&mut f.app, "23-11-2026 10:05");
    ctrl(&mut f.app, 's');
    assert!(on_intake(&f.app), "not filed: {}", screen(&f.app));
    assert_eq!(f.app.svc.case_count().unwrap(), 0);
}

// ---- 3. Times as people say them ----------------------------------------------------------

#[test]
fn the_police_contact_takes_a_clock_time_and_the_two_labels_differ() {
    let mut f = fixture(Lang::Da, |_| {});
    press(&mut f.app, KeyCode::Char('n'));
    tabs(&mut f.app, TO_DESCRIPTION);
    describe_and_source(&mut f.app, "Truer med kniv", "politi");
    ctrl(&mut f.app, 'd');
    press(&mut f.app, KeyCode::Enter);
    type_text(&mut f.app, "Mette SSP");
    press(&mut f.app, KeyCode::Tab);
    type_text(&mut f.app, "03:10");
    let s = screen(&f.app);
    assert!(
        s.contains("Kontaktet af") && s.contains("Kontaktet kl."),
        "{s}"
    );
    ctrl(&mut f.app, 's');
    assert!(on_case(&f.app), "{}", screen(&f.app));
    let v = f.app.svc.case(1).unwrap();
    let p = v.state.intake.police_contact.unwrap();
    assert_eq!(p.at, now().date().and_hms_opt(3, 10, 0).unwrap());
}

#[test]
fn an_underretning_sent_in_the_future_is_refused() {
    let mut f = fixture(Lang::Da, |_| {});
    press(&mut f.app, KeyCode::Char('n'));
    type_text(&mut f.app, "Ung");
    tabs(&mut f.app, TO_APPROX_AGE);
    type_text(&mut f.app, "14");
    tabs(&mut f.app, TO_DESCRIPTION - TO_APPROX_AGE);
    describe_and_source(&mut f.app, "Mistrivsel", "skole");
    // Received at, then the underretning's time and recipient.
    for _ in 0..7 {
        press(&mut f.app, KeyCode::Tab);
    }
    type_text(&mut f.app, "23:00");
    press(&mut f.app, KeyCode::Tab);
    type_text(&mut f.app, "Børn og Unge");
    ctrl(&mut f.app, 's');
    assert!(on_intake(&f.app), "{}", screen(&f.app));
    assert!(screen(&f.app).contains("fremtiden"), "{}", screen(&f.app));
}

// ---- 4. Ages as people say them -------------------------------------------------------------

#[test]
fn an_age_range_gives_the_band_and_the_under_18_reminder() {
    for typed in ["16-17", "15–16 år", "ca. 16", "16 år"] {
        let mut f = fixture(Lang::Da, |_| {});
        press(&mut f.app, KeyCode::Char('n'));
        tabs(&mut f.app, TO_APPROX_AGE);
        type_text(&mut f.app, typed);
        let s = screen(&f.app);
        assert!(s.contains("[15–17]"), "{typed}: {s}");
        assert!(s.contains("Under 18"), "{typed}: {s}");
    }
}

// ---- 5. The underretning is chased -----------------------------------------------------------

#[test]
fn a_minor_filed_without_an_underretning_is_chased_at_once() {
    let mut f = fixture(Lang::Da, |_| {});
    press(&mut f.app, KeyCode::Char('n'));
    type_text(&mut f.app, "Ung Person");
    tabs(&mut f.app, TO_APPROX_AGE);
    type_text(&mut f.app, "15");
    tabs(&mut f.app, TO_DESCRIPTION - TO_APPROX_AGE);
    describe_and_source(&mut f.app, "Mistrivsel", "skole");
    ctrl(&mut f.app, 's');
    assert!(on_case(&f.app), "{}", screen(&f.app));
    assert!(
        screen(&f.app).contains("underretning ikke sendt"),
        "the case header: {}",
        screen(&f.app)
    );
    let groups = f.app.svc.due(0).unwrap();
    let legal = groups.iter().find(|g| g.group == Group::Legal).unwrap();
    assert_eq!(legal.entries[0].line.no, 1);
    press(&mut f.app, KeyCode::Esc);
    assert!(
        screen(&f.app).contains("underretning ikke sendt"),
        "the work queue: {}",
        screen(&f.app)
    );
}

// ---- 6. The follow-up call --------------------------------------------------------------------

#[test]
fn ctrl_o_adds_the_call_to_the_selected_earlier_case() {
    let mut f = fixture(Lang::Da, |svc| {
        file(&mut *svc, "Søren Ali Hansen", "", "Første henvendelse");
    });
    press(&mut f.app, KeyCode::Char('n'));
    type_text(&mut f.app, "Søren Ali Hansen");
    ctrl(&mut f.app, 'n');
    tabs(&mut f.app, TO_DESCRIPTION);
    describe_and_source(&mut f.app, "Læreren ringer igen med mere", "skole");
    ctrl(&mut f.app, 'o');
    assert!(on_case(&f.app), "the case opens: {}", screen(&f.app));
    assert_eq!(f.app.svc.case_count().unwrap(), 1, "no new case");
    assert_eq!(f.app.svc.case(1).unwrap().events.len(), 2);
    assert!(f.app.svc.drafts().unwrap().is_empty(), "no draft left");
}

// ---- 7. The side panel -----------------------------------------------------------------------

#[test]
fn ctrl_n_starts_at_the_top_match_and_the_panel_shows_full_names_and_when_they_came_in() {
    let mut f = fixture(Lang::Da, |svc| {
        file(&mut *svc, "Jørgen Mikkelsen Abdirahman", "", "a");
        file(&mut *svc, "Jørgen Mikkelsen", "", "b");
    });
    press(&mut f.app, KeyCode::Char('n'));
    type_text(&mut f.app, "Jørgen Mikkelsen");
    let s = screen(&f.app);
    assert!(s.contains("Abdirahman"), "the whole name, wrapped: {s}");
    assert!(
        s.contains("23-11-2026"),
        "the earlier case's received date: {s}"
    );
    ctrl(&mut f.app, 'n');
    ctrl(&mut f.app, 'l');
    assert_eq!(draft(&f.app).links, vec![2], "the top match is linked");
}

// ---- 8. `/` search ---------------------------------------------------------------------------

#[test]
fn slash_search_finds_name_variants_and_enter_opens_the_top_hit() {
    let mut f = fixture(Lang::Da, |svc| {
        file(&mut *svc, "Mohammad Abdallah", "", "x");
        file(&mut *svc, "Ahmad Karimi", "", "y");
    });
    press(&mut f.app, KeyCode::Char('/'));
    type_text(&mut f.app, "Muhammed");
    assert!(
        screen(&f.app).contains("Mohammad Abdallah"),
        "{}",
        screen(&f.app)
    );
    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Char('/'));
    type_text(&mut f.app, "Ahmad");
    press(&mut f.app, KeyCode::Enter);
    assert!(on_case(&f.app), "{}", screen(&f.app));
    assert!(screen(&f.app).contains("Ahmad Karimi"));
}

// ---- 9. Help -----------------------------------------------------------------------------------

#[test]
fn help_on_a_case_scrolls_to_every_key() {
    let mut f = fixture(Lang::En, |svc| {
        file(&mut *svc, "Ali Hansen", "", "x");
    });
    press(&mut f.app, KeyCode::Enter);
    assert!(on_case(&f.app));
    press(&mut f.app, KeyCode::Char('?'));
    let mut seen = screen(&f.app);
    for _ in 0..6 {
        press(&mut f.app, KeyCode::PageDown);
        seen.push_str(&screen(&f.app));
    }
    for b in infohus::tui::keymap::entries(infohus::tui::keymap::Ctx::Detail, false) {
        let (_, help) = infohus::tui::keymap::describe(b, Lang::En);
        assert!(seen.contains(help), "{help:?} never shown:\n{seen}");
    }
}

// ---- 10. CPR ---------------------------------------------------------------------------------------

#[test]
fn a_cpr_failing_modulus_11_keeps_a_warning_after_the_field_is_left() {
    let mut f = fixture(Lang::Da, |_| {});
    press(&mut f.app, KeyCode::Char('n'));
    press(&mut f.app, KeyCode::Tab);
    type_text(&mut f.app, "120398-1235");
    press(&mut f.app, KeyCode::Tab);
    assert!(screen(&f.app).contains("mod11"), "{}", screen(&f.app));
}

#[test]
fn an_impossible_cpr_is_offered_into_the_description_on_filing() {
    let mut f = fixture(Lang::Da, |_| {});
    press(&mut f.app, KeyCode::Char('n'));
    type_text(&mut f.app, "Ali");
    press(&mut f.app, KeyCode::Tab);
    type_text(&mut f.app, "310298-1234");
    press(&mut f.app, KeyCode::Tab);
    let s = screen(&f.app);
    assert!(s.contains("ugyldigt — gemmes ikke som CPR"), "{s}");
    tabs(&mut f.app, TO_DESCRIPTION - 2);
    describe_and_source(&mut f.app, "Bekymring", "skole");
    ctrl(&mut f.app, 's');
    assert!(on_intake(&f.app), "asks first");
    assert!(screen(&f.app).contains("310298-1234"));
    press(&mut f.app, KeyCode::Char('j'));
    assert!(on_case(&f.app), "{}", screen(&f.app));
    let v = f.app.svc.case(1).unwrap();
    assert_eq!(v.state.intake.person.cpr, None);
    assert!(v.state.intake.description.contains("310298-1234"));
}

// ---- 11. Resume where typing stopped --------------------------------------------------------

#[test]
fn a_resumed_draft_continues_where_typing_stopped() {
    let mut f = fixture(Lang::Da, |_| {});
    press(&mut f.app, KeyCode::Char('n'));
    type_text(&mut f.app, "Ali");
    tabs(&mut f.app, TO_DESCRIPTION);
    type_text(&mut f.app, "Eleven deler videoer");
    for _ in 0.."videoer".len() {
        press(&mut f.app, KeyCode::Left);
    }
    type_text(&mut f.app, "ofte ");
    press(&mut f.app, KeyCode::Esc);
    press(&mut f.app, KeyCode::Enter);
    type_text(&mut f.app, "meget ");
    assert_eq!(draft(&f.app).description, "Eleven deler ofte meget videoer");
    assert_eq!(draft(&f.app).person_name, "Ali");
}

// ---- 12. The small things ----------------------------------------------------------------------

#[test]
fn the_birth_date_hint_asks_for_a_date_only() {
    let mut f = fixture(Lang::Da, |_| {});
    press(&mut f.app, KeyCode::Char('n'));
    tabs(&mut f.app, 2);
    let s = screen(&f.app);
    assert!(s.contains("DD-MM-ÅÅÅÅ"), "{s}");
    assert!(!s.contains("TT:MM"), "{s}");
}

#[test]
fn the_edit_form_saves_rather_than_files() {
    let mut f = fixture(Lang::Da, |svc| {
        file(&mut *svc, "Ali Hansen", "", "x");
    });
    press(&mut f.app, KeyCode::Enter);
    press(&mut f.app, KeyCode::Char('e'));
    let s = screen(&f.app);
    let footer = s.lines().last().unwrap();
    assert!(!footer.contains("opret sag"), "{footer}");
    assert!(footer.contains("Ctrl-S"), "{footer}");
}

#[test]
fn a_field_with_a_problem_keeps_the_focus_marker() {
    let mut f = fixture(Lang::Da, |_| {});
    press(&mut f.app, KeyCode::Char('n'));
    type_text(&mut f.app, "Ali");
    tabs(&mut f.app, TO_DESCRIPTION);
    type_text(&mut f.app, "x");
    ctrl(&mut f.app, 's');
    let s = screen(&f.app);
    assert!(s.contains("›!Kilde"), "{s}");
}

#[test]
fn the_queue_header_counts_overdue_legal_deadlines() {
    let f = fixture(Lang::Da, |svc| {
        let mut d = svc.new_draft(FormKind::Intake, None).unwrap();
        let mut i = d.intake();
        i.person_name = "Ung".into();
        i.birth_date = "01-03-2012".into();
        i.description = "x".into();
        i.source = Some(infohus::domain::intake::SourceCategory::PrimarySchool);
        i.underretning_at = "20-11-2026 09:00".into();
        i.underretning_to = "Børn og Unge".into();
        d.set_intake(&i);
        d = svc.save_draft(&d).unwrap();
        svc.file(&d).unwrap();
    });
    let s = screen(&f.app);
    assert!(!s.contains(" 0 forfaldne"), "{s}");
}

#[test]
fn a_club_is_a_source() {
    let mut f = fixture(Lang::Da, |_| {});
    press(&mut f.app, KeyCode::Char('n'));
    tabs(&mut f.app, TO_CHANNEL + 1);
    type_text(&mut f.app, "klub");
    assert!(
        screen(&f.app).contains("fritids-/ungdomsklub"),
        "{}",
        screen(&f.app)
    );
}

#[test]
fn a_case_without_a_name_says_the_name_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = os_service(dir.path());
    file(&mut svc, "", "", "Anonym bekymring");
    let f = Fixture {
        dir,
        app: App::new(svc, Lang::Da, Theme { color: false }),
    };
    let s = screen(&f.app);
    assert!(s.contains("(ukendt navn)"), "{s}");
    drop(f.app);
    let out = infohus()
        .args(["case", "1", "--summary", "--db"])
        .arg(db_in(f.dir.path()))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Sag #1 — (ukendt navn)"),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---- Light over SSH ---------------------------------------------------------------------------

/// Counts the bytes a real terminal would be sent.
#[derive(Default, Clone)]
struct Counter(Arc<AtomicU64>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(buf.len() as u64, Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Average bytes written to the terminal per character typed.
fn bytes_per_char(app: &mut App, text: &str) -> u64 {
    let counter = Counter::default();
    let mut term = Terminal::with_options(
        CrosstermBackend::new(counter.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
        },
    )
    .unwrap();
    term.draw(|f| render(app, f)).unwrap();
    let before = counter.0.load(Ordering::Relaxed);
    for c in text.chars() {
        press(app, KeyCode::Char(c));
        term.draw(|f| render(app, f)).unwrap();
    }
    (counter.0.load(Ordering::Relaxed) - before) / text.chars().count() as u64
}

#[test]
fn a_keystroke_sends_few_bytes_while_the_matches_stay_the_same() {
    let mut f = fixture(Lang::Da, |svc| {
        file(&mut *svc, "Søren Ali Hansen", "", "x");
    });
    press(&mut f.app, KeyCode::Char('n'));
    // A name no earlier case has: the panel says so and stays as it is while it is typed.
    let name = bytes_per_char(&mut f.app, "Xavier Quist");
    eprintln!("name {name}");
    assert!(name <= 96, "{name} bytes per character in the name field");
    tabs(&mut f.app, TO_DESCRIPTION);
    let description = bytes_per_char(
        &mut f.app,
        "Laereren ringer og fortaeller at eleven deler videoer fra ekstreme grupper",
    );
    eprintln!("desc {description}");
    assert!(
        description <= 64,
        "{description} bytes per character in the description"
    );
}
