//! The shared form component driven through the whole app: a sample form pushed on the screen
//! stack, keys through the keymap, snapshots at 80×24 without colour on a pinned clock.
#![allow(clippy::unwrap_used)]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use chrono::NaiveDate;
use common::*;
use infohus::domain::draft::FormKind;
use infohus::i18n::Lang;
use infohus::tui::app::{Env, Nav, Screen};
use infohus::tui::form::{Field, Form, FormModel, FormScreen, Key, Kind};
use infohus::tui::overlay::{Confirm, Overlay};
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const PERSON: Key = 1;
const SUMMARY: Key = 2;
const MEETING: Key = 3;
const OUTCOME: Key = 4;
const TO_WHOM: Key = 5;
const AREAS: Key = 6;
const ORG: Key = 7;
const NOTICE_GIVEN: Key = 8;

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// What a saved sample form held.
#[derive(Debug, Default, Clone, PartialEq)]
struct Saved {
    person: String,
    meeting: Option<NaiveDate>,
    outcome: Option<usize>,
    to_whom: String,
    org: String,
}

/// A form of every kind, in the shape the real case forms take.
struct Sample {
    saved: Rc<RefCell<Option<Saved>>>,
}

impl FormModel for Sample {
    fn draft_kind(&self) -> (FormKind, Option<u64>) {
        (FormKind::NewMeeting, None)
    }

    fn title(&self, lang: Lang) -> String {
        match lang {
            Lang::Da => "Indledende vurdering · sag #12".into(),
            Lang::En => "Screening · case #12".into(),
        }
    }

    fn fields(&self, form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let da = lang == Lang::Da;
        let t = |d: &str, e: &str| if da { d.to_string() } else { e.to_string() };
        let outcomes = if da {
            s(&[
                "bekymringen består",
                "ubegrundet",
                "henvist til anden myndighed",
                "Politisag (anmeldelse/PET)",
            ])
        } else {
            s(&[
                "concern stands",
                "unfounded",
                "referred elsewhere",
                "Police matter (report/PET)",
            ])
        };
        let mut v = vec![
            Field::new(PERSON, t("Borger", "Person"), Kind::Line { limit: 100 })
                .required()
                .section(t("Sagen", "The case")),
            Field::new(SUMMARY, t("Resumé", "Summary"), Kind::Text { limit: 4000 })
                .section(t("Sagen", "The case")),
            Field::new(MEETING, t("Mødedato", "Meeting date"), Kind::Date)
                .required()
                .section(t("Beslutning", "Decision")),
            Field::new(
                OUTCOME,
                t("Udfald", "Outcome"),
                Kind::Choice { options: outcomes },
            )
            .required()
            .section(t("Beslutning", "Decision")),
        ];
        if form.choice(OUTCOME) == Some(2) {
            v.push(
                Field::new(
                    TO_WHOM,
                    t("Henvist til", "Referred to"),
                    Kind::Line { limit: 100 },
                )
                .required()
                .section(t("Beslutning", "Decision")),
            );
        }
        v.push(
            Field::new(
                AREAS,
                t("Områder", "Areas"),
                Kind::Multi {
                    options: if da {
                        s(&["skole", "familie", "fritid"])
                    } else {
                        s(&["school", "family", "leisure"])
                    },
                },
            )
            .section(t("Beslutning", "Decision")),
        );
        v.push(
            Field::new(
                ORG,
                t("Ansvarlig", "Responsible"),
                Kind::Combo {
                    options: s(&["Børne- og ungeforvaltningen", "Jobcenter", "Lokalpoliti"]),
                },
            )
            .section(t("Beslutning", "Decision"))
            .hint(t(
                "Skriv frit eller vælg en kendt enhed",
                "Type freely or pick a known unit",
            )),
        );
        v.push(
            Field::new(NOTICE_GIVEN, t("§115 læst op", "§115 read out"), Kind::Flag)
                .section(t("Beslutning", "Decision")),
        );
        v
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let meeting = form
            .date(MEETING, today)
            .map_err(|_| vec![(MEETING, "?".into())])?;
        if meeting.is_some_and(|d| d > today) {
            return Err(vec![(
                MEETING,
                match env.lang {
                    Lang::Da => "Mødet kan ikke ligge i fremtiden.".into(),
                    Lang::En => "The meeting cannot be in the future.".into(),
                },
            )]);
        }
        *self.saved.borrow_mut() = Some(Saved {
            person: form.text(PERSON).into(),
            meeting,
            outcome: form.choice(OUTCOME),
            to_whom: form.text(TO_WHOM).into(),
            org: form.text(ORG).into(),
        });
        env.info("Gemt");
        Ok(Nav::Pop)
    }

    fn banner(&self, _form: &Form, lang: Lang) -> Option<(String, bool)> {
        Some((
            match lang {
                Lang::Da => "§115: kun til kriminalitetsforebyggelse; hver myndighed beslutter i eget system.".into(),
                Lang::En => "§115: for crime prevention only; each authority decides in its own system.".into(),
            },
            true,
        ))
    }
}

fn app_with_form(lang: Lang) -> (tempfile::TempDir, App, Rc<RefCell<Option<Saved>>>) {
    let dir = tempfile::tempdir().unwrap();
    let svc = service(dir.path());
    let mut app = App::new(svc, lang, Theme { color: false });
    let saved = Rc::new(RefCell::new(None));
    let model = Sample {
        saved: saved.clone(),
    };
    let screen = app.with_env(|env| FormScreen::new(Box::new(model), env));
    app.stack.push(Screen::Form(Box::new(screen)));
    (dir, app, saved)
}

fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    app.update(AppEvent::Key(KeyEvent::new(code, mods)));
}

fn keys(app: &mut App, codes: &[KeyCode]) {
    for c in codes {
        press(app, *c, KeyModifiers::NONE);
    }
}

fn text(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

fn save(app: &mut App) {
    press(app, KeyCode::Char('s'), KeyModifiers::CONTROL);
}

fn form(app: &App) -> &Form {
    match app.stack.last() {
        Some(Screen::Form(s)) => &s.form,
        _ => panic!("no form on top"),
    }
}

fn draw(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    t.backend().to_string()
}

/// Fills every field: name, a long summary, "+14"… no: "-3" (the meeting was), an outcome by
/// filter, an area, a responsible unit as free text, the flag.
fn fill(app: &mut App) {
    text(app, "Ali Hansen");
    keys(app, &[KeyCode::Tab]);
    text(
        app,
        "Skolen beskriver en elev, der i flere uger har delt voldelige videoer i klassens chat, \
         og som har trukket sig fra sine venner. Forældrene er kontaktet og samarbejder.",
    );
    keys(app, &[KeyCode::Tab]);
    text(app, "-3");
}

#[test]
fn a_filled_form_saves_and_closes() {
    let (_d, mut app, saved) = app_with_form(Lang::Da);
    fill(&mut app);
    keys(&mut app, &[KeyCode::Tab]);
    text(&mut app, "henv");
    keys(&mut app, &[KeyCode::Enter, KeyCode::Tab]);
    assert_eq!(
        form(&app).focus(),
        TO_WHOM,
        "the field appears after the choice"
    );
    text(&mut app, "Børnefamilieenheden");
    keys(&mut app, &[KeyCode::Tab, KeyCode::Tab]);
    text(&mut app, "lokal");
    keys(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    save(&mut app);
    assert_eq!(
        *saved.borrow(),
        Some(Saved {
            person: "Ali Hansen".into(),
            meeting: NaiveDate::from_ymd_opt(2026, 11, 20),
            outcome: Some(2),
            to_whom: "Børnefamilieenheden".into(),
            org: "Lokalpoliti".into(),
        })
    );
    assert!(matches!(app.stack.last(), Some(Screen::Queue(_))));
    assert_eq!(app.status.as_ref().unwrap().text, "Gemt");
}

#[test]
fn required_fields_are_checked_before_the_model_is_asked() {
    let (_d, mut app, saved) = app_with_form(Lang::Da);
    keys(&mut app, &[KeyCode::Tab, KeyCode::Tab]);
    text(&mut app, "31-04-2026");
    save(&mut app);
    assert!(saved.borrow().is_none());
    let f = form(&app);
    assert_eq!(f.focus(), PERSON, "focus on the first field with a problem");
    let keys_with_problems: Vec<Key> = f.problems().iter().map(|(k, _)| *k).collect();
    assert_eq!(keys_with_problems, vec![PERSON, MEETING, OUTCOME]);
    assert!(app.status.as_ref().unwrap().error);
}

#[test]
fn esc_on_a_changed_form_asks_first() {
    let (_d, mut app, _) = app_with_form(Lang::Da);
    text(&mut app, "A");
    keys(&mut app, &[KeyCode::Esc]);
    assert!(matches!(
        app.overlay,
        Some(Overlay::Confirm(Confirm::DiscardForm(Some(_))))
    ));
    assert!(draw(&app).contains("Kassér det skrevne?"));
    keys(&mut app, &[KeyCode::Char('n')]);
    assert!(app.overlay.is_none());
    assert!(matches!(app.stack.last(), Some(Screen::Form(_))));
    assert_eq!(
        app.svc.drafts().unwrap().len(),
        1,
        "what is typed is a draft"
    );
    keys(&mut app, &[KeyCode::Esc, KeyCode::Char('j')]);
    assert!(matches!(app.stack.last(), Some(Screen::Queue(_))));
    assert!(app.svc.drafts().unwrap().is_empty(), "discarded with it");
}

#[test]
fn esc_then_k_closes_the_form_and_keeps_its_draft() {
    let (_d, mut app, _) = app_with_form(Lang::Da);
    text(&mut app, "Ali");
    keys(&mut app, &[KeyCode::Esc, KeyCode::Char('k')]);
    assert!(matches!(app.stack.last(), Some(Screen::Queue(_))));
    let drafts = app.svc.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].text(PERSON), "Ali");
    assert!(draw(&app).contains("nyt møde"), "offered in the work queue");
}

#[test]
fn esc_on_an_unchanged_form_just_closes_it() {
    let (_d, mut app, _) = app_with_form(Lang::Da);
    keys(&mut app, &[KeyCode::Tab, KeyCode::Tab]);
    keys(&mut app, &[KeyCode::Esc]);
    assert!(app.overlay.is_none());
    assert!(matches!(app.stack.last(), Some(Screen::Queue(_))));
}

#[test]
fn letters_are_text_and_f1_is_help() {
    let (_d, mut app, _) = app_with_form(Lang::Da);
    text(&mut app, "q?n/:");
    assert_eq!(form(&app).text(PERSON), "q?n/:");
    assert!(app.overlay.is_none());
    assert!(!app.quit);
    keys(&mut app, &[KeyCode::F(1)]);
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    let screen = draw(&app);
    assert!(screen.contains("Ctrl-S"), "{screen}");
    keys(&mut app, &[KeyCode::Esc]);
    press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.quit);
}

#[test]
fn a_paste_goes_into_the_focused_field_cut_to_its_limit() {
    let (_d, mut app, _) = app_with_form(Lang::Da);
    app.update(AppEvent::Paste("x".repeat(50 * 1024)));
    assert_eq!(form(&app).text(PERSON).chars().count(), 100);
    assert!(app.status.as_ref().unwrap().error);
}

#[test]
fn snapshot_sample_form_da() {
    let (_d, mut app, _) = app_with_form(Lang::Da);
    fill(&mut app);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn snapshot_sample_form_en() {
    let (_d, mut app, _) = app_with_form(Lang::En);
    fill(&mut app);
    // The last outcome by ←, then the areas: ↓ to the second, Space ticks it.
    keys(&mut app, &[KeyCode::Tab, KeyCode::Left, KeyCode::Tab]);
    keys(&mut app, &[KeyCode::Down, KeyCode::Char(' ')]);
    assert_eq!(form(&app).multi(AREAS), &[1]);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn snapshot_validation_problem() {
    let (_d, mut app, _) = app_with_form(Lang::Da);
    fill(&mut app);
    keys(&mut app, &[KeyCode::Tab]);
    text(&mut app, "best");
    keys(&mut app, &[KeyCode::Enter]);
    // The model refuses a meeting in the future.
    keys(&mut app, &[KeyCode::BackTab, KeyCode::End]);
    press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    text(&mut app, "+14");
    save(&mut app);
    assert_eq!(form(&app).focus(), MEETING);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn snapshot_choice_dropdown_open() {
    let (_d, mut app, _) = app_with_form(Lang::Da);
    fill(&mut app);
    keys(&mut app, &[KeyCode::Tab]);
    text(&mut app, "i");
    keys(&mut app, &[KeyCode::Down]);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn a_narrow_screen_shrinks_the_label_column() {
    let (_d, mut app, _) = app_with_form(Lang::Da);
    fill(&mut app);
    let mut t = Terminal::new(TestBackend::new(60, 15)).unwrap();
    t.draw(|f| render(&app, f)).unwrap();
    let screen = t.backend().to_string();
    // 60 / 4 = 15 columns of label, then the value.
    assert!(screen.contains("\"›Mødedato *     -3"), "{screen}");
    assert!(screen.contains("= fredag 20-11-2026"), "{screen}");
    keys(&mut app, &[KeyCode::Tab]);
    text(&mut app, "p");
    t.draw(|f| render(&app, f)).unwrap();
    let screen = t.backend().to_string();
    assert!(
        screen.contains("Politisag"),
        "the list stays in view: {screen}"
    );
}

#[test]
fn snapshot_help_in_a_form() {
    let (_d, mut app, _) = app_with_form(Lang::Da);
    keys(&mut app, &[KeyCode::F(1)]);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn a_long_paragraph_shows_eight_rows_when_focused_and_follows_the_cursor() {
    use infohus::tui::screens::View;
    let mut form = Form::new(
        "T".into(),
        vec![
            Field::new(1, "Resumé", Kind::Text { limit: 20_000 }),
            Field::new(2, "Næste", Kind::Line { limit: 10 }),
        ],
    );
    let words: Vec<String> = (1..=200).map(|i| format!("ord{i}")).collect();
    form.paste(&words.join(" "));
    let view = View {
        lang: Lang::Da,
        theme: Theme { color: false },
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        now: now(),
        redacted: false,
    };
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| form.render(&view, f, f.area())).unwrap();
    let screen = t.backend().to_string();
    let rows: Vec<&str> = screen.lines().collect();
    // Title, then 8 rows of the paragraph ending with the last word, then the next field.
    assert!(rows[1].starts_with("\"›Resumé"), "{screen}");
    assert!(rows[8].contains("ord200"), "{screen}");
    assert!(rows[9].starts_with("\" Næste"), "{screen}");
    // The cursor sits after the last word.
    let end = rows[8].find("ord200").unwrap() - 1 + "ord200".len();
    t.backend_mut()
        .assert_cursor_position((u16::try_from(end).unwrap(), 8));
    // Unfocused: three rows, cut with "…".
    form.focus_on(2);
    t.draw(|f| form.render(&view, f, f.area())).unwrap();
    let screen = t.backend().to_string();
    let rows: Vec<&str> = screen.lines().collect();
    assert!(rows[1].contains("ord1 ord2"), "{screen}");
    assert!(
        rows[3].trim_end_matches('"').trim_end().ends_with('…'),
        "{screen}"
    );
    assert!(rows[4].starts_with("\"›Næste"), "{screen}");
}
