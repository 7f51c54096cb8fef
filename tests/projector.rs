//! The meeting on a projector: the console in redacted view, driven with key presses and
//! drawn at 80×24 (ratatui's TestBackend), checked against the redaction dictionary — every
//! person's and reporter's name and every school, workplace, address and district in the
//! database — and against the meeting's participants, who must stay readable.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::*;
use infohus::domain::draft::Draft;
use infohus::domain::flow::{FollowUpDecision, Participant, ReviewDecision};
use infohus::domain::intake::ConcernType;
use infohus::domain::meeting::MeetingKind;
use infohus::domain::redact::{Dictionary, Redactor};
use infohus::i18n::Lang;
use infohus::rpc::calls::WithDemo;
use infohus::service::{Filed, ItemDecision, NewMeeting, Service};
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A person on a case, with the places the intake names.
struct Person {
    name: &'static str,
    age: &'static str,
    school: &'static str,
    address: &'static str,
    district: &'static str,
    reporter: &'static str,
    description: &'static str,
}

const PEOPLE: &[Person] = &[
    Person {
        name: "Kawa Mirza",
        age: "13",
        school: "Nørrebro Skole, 7.b",
        address: "Lærkevej 12, 3. tv.",
        district: "Vestbyen",
        reporter: "Birgitte Nørby",
        description: "AKT-vejlederen på Nørrebro Skole ringede; Kawa er set med ældre drenge.",
    },
    Person {
        name: "Esra Celik",
        age: "16",
        school: "Centrum Gymnasium",
        address: "Birkevej 3",
        district: "Søndermarken",
        reporter: "",
        description: "Esras bror har fortalt klasselæreren om kontrol i hjemmet.",
    },
    Person {
        name: "Omar Ibrahim",
        age: "19",
        school: "lagerarbejder",
        address: "",
        district: "Havnen",
        reporter: "Per Kofoed",
        description: "O. Ibrahims mentorforløb er stoppet; Ibrahim-familien bor ved Asylcenter Havnen.",
    },
    Person {
        name: "Sigurd Holm",
        age: "14",
        school: "Østerbro Skole",
        address: "Tværgade 4",
        district: "Østerbro",
        reporter: "",
        description: "Sigurds skole ringede om trusler mod en lærer.",
    },
    Person {
        name: "Mikkel Brandt",
        age: "15",
        school: "",
        address: "",
        district: "",
        reporter: "",
        description: "Dorthes bostøtte har set Mikkel med kniv.",
    },
    Person {
        name: "Dorthe Lund",
        age: "34",
        school: "",
        address: "",
        district: "",
        reporter: "",
        description: "Bekymring for Dorthe efter flytning.",
    },
    Person {
        name: "Mahad Warsame",
        age: "12",
        school: "",
        address: "",
        district: "",
        reporter: "",
        description: "Mahad er meget alene om aftenen.",
    },
];

const GENERAL: &str = "klubben nævner Kawa Mirza og Mahads lillebror";

fn participants() -> Vec<Participant> {
    [
        "Jonas Brandt, Politiet, tovholder",
        "Anna Berg, SSP, koordinator",
        "Lise Holm Dahl, Skole, AKT-vejleder",
    ]
    .iter()
    .map(|p| Participant::parse(p).unwrap())
    .collect()
}

fn file_person(svc: &mut Service, p: &Person) -> u64 {
    let mut d: Draft = svc
        .new_draft(infohus::domain::draft::FormKind::Intake, None)
        .unwrap();
    d.edit_intake(|f| {
        f.person_name = p.name.into();
        f.approx_age = p.age.into();
        f.school_work = p.school.into();
        f.address = p.address.into();
        f.district = p.district.into();
        f.description = p.description.into();
        f.concerns = vec![ConcernType::CrimeGang];
        f.source = Some(infohus::domain::intake::SourceCategory::PrimarySchool);
        if !p.reporter.is_empty() {
            f.reporter_name = p.reporter.into();
        } else {
            f.reporter_anonymous = true;
        }
    });
    let d = svc.save_draft(&d).unwrap();
    match svc.file(&d).unwrap() {
        Filed::New(s) => s.no,
        _ => panic!("a new case"),
    }
}

/// Every case filed, a meeting on all of them with a general item naming two people, and a
/// decision on each case item that names its person.
fn database(dir: &Path) -> Service {
    let mut svc = service(dir);
    for p in PEOPLE {
        let no = file_person(&mut svc, p);
        // Due today: on the meeting's agenda.
        svc.set_next_date(no, now().date(), "").unwrap();
    }
    let m = svc
        .create_meeting(NewMeeting {
            kind: MeetingKind::SspNetwork,
            date: now().date(),
            participants: participants(),
            general: vec![GENERAL.into()],
            topics: Vec::new(),
        })
        .unwrap();
    for (i, item) in m.items.iter().enumerate() {
        if let infohus::domain::meeting::Subject::Case { no, .. } = item.subject {
            let p = &PEOPLE[(no - 1) as usize];
            svc.decide_item(
                m.no,
                i,
                ItemDecision {
                    subject: item.subject.clone(),
                    decision: format!(
                        "{} fortsætter; Jonas Brandt taler med {}s skole",
                        p.name, p.name
                    ),
                    who_acts: "Jonas Brandt".into(),
                    follow: FollowUpDecision::Continue,
                    next: None,
                    review: None,
                    feedback_due: None,
                    closure: None,
                },
            )
            .unwrap();
        }
    }
    svc
}

fn dictionary(svc: &Service) -> Dictionary {
    let mut d = Dictionary::new();
    for s in svc.store().summaries() {
        let no = s.unwrap().no;
        d.add_events(&svc.store().events(no).unwrap());
    }
    d
}

fn press(app: &mut App, code: KeyCode) {
    app.update(AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    t.backend().to_string()
}

/// The screen shows no name or place of the dictionary, and every participant's name in full
/// where it shows one.
fn assert_safe(dict: &Dictionary, text: &str, what: &str) {
    let r = Redactor::new(dict, &participants());
    let leaks = r.leaks(text);
    assert!(leaks.is_empty(), "{what} shows {leaks:?}:\n{text}");
    // And independently of the redactor: no part of a person's name as a word, once the
    // participants' names are taken out.
    let mut rest = text.to_string();
    for p in participants() {
        rest = rest.replace(&p.name, "");
    }
    for p in PEOPLE {
        for part in p.name.split(' ') {
            let shown = rest
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == part);
            assert!(!shown, "{what} shows {part}:\n{text}");
        }
    }
}

#[test]
fn redaction_survives_a_restart_of_the_console() {
    let dir = tempfile::tempdir().unwrap();
    let svc = database(dir.path());
    let dict = dictionary(&svc);
    let mut app = App::new(svc, Lang::Da, Theme { color: false });
    press(&mut app, KeyCode::Char('R'));
    assert!(screen(&app).contains("SKJULT"));
    drop(app);

    // The projector's console is started again, by the same account.
    let app = App::new(service(dir.path()), Lang::Da, Theme { color: false });
    let s = screen(&app);
    assert!(s.contains("SKJULT"), "the console starts redacted:\n{s}");
    assert_safe(&dict, &s, "the work queue after a restart");
}

#[test]
fn no_name_or_place_reaches_a_redacted_screen_and_participants_stay_whole() {
    let dir = tempfile::tempdir().unwrap();
    let svc = database(dir.path());
    let dict = dictionary(&svc);
    let mut app = App::new(svc, Lang::Da, Theme { color: false });
    press(&mut app, KeyCode::Char('m'));
    press(&mut app, KeyCode::Enter);
    let agenda = screen(&app);
    assert!(agenda.contains("SKJULT"), "meeting mode turns redaction on");
    let items = app.svc.meeting(1).unwrap().items.len();
    press(&mut app, KeyCode::Char('g'));
    for i in 0..items {
        let s = screen(&app);
        assert_safe(&dict, &s, &format!("agenda item {}", i + 1));
        if i + 1 < items {
            assert!(
                s.contains("Jonas Brandt"),
                "a participant's name is shown in full:\n{s}"
            );
        }
        press(&mut app, KeyCode::Down);
    }
    // The general item's text, as the agenda shows it.
    let s = screen(&app);
    assert!(s.contains("klubben nævner K. M. og M. lillebror"), "{s}");

    let minutes = infohus::i18n::follow::minutes(Lang::Da, &app.svc.minutes(1).unwrap());
    assert_safe(&dict, &minutes, "the minutes");
    assert!(minutes.contains("Jonas Brandt taler med"), "{minutes}");
    assert!(
        minutes.contains("Lise Holm Dahl, Skole, AKT-vejleder"),
        "{minutes}"
    );

    // Every case as the case screen shows it, tab by tab, and the case list.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('l'));
    assert_safe(&dict, &screen(&app), "the case list");
    for no in 1..=PEOPLE.len() {
        press(&mut app, KeyCode::Char(':'));
        for c in no.to_string().chars() {
            press(&mut app, KeyCode::Char(c));
        }
        press(&mut app, KeyCode::Enter);
        for tab in ['1', '2', '3', '4', '5'] {
            press(&mut app, KeyCode::Char(tab));
            assert_safe(&dict, &screen(&app), &format!("case {no}, tab {tab}"));
        }
        press(&mut app, KeyCode::Esc);
    }
}

#[test]
fn the_footer_offers_no_key_that_redacted_view_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let svc = database(dir.path());
    let mut app = App::new(svc, Lang::Da, Theme { color: false });
    let footer = |app: &App| screen(app).lines().last().unwrap_or_default().to_string();
    assert!(footer(&app).contains("ny henvendelse"), "{}", footer(&app));
    press(&mut app, KeyCode::Char('R'));
    assert!(!footer(&app).contains("ny henvendelse"), "{}", footer(&app));
    press(&mut app, KeyCode::Char('m'));
    press(&mut app, KeyCode::Enter);
    assert!(!footer(&app).contains("ny henvendelse"), "{}", footer(&app));
    // And the key itself is refused with a sentence, nothing opened.
    press(&mut app, KeyCode::Char('n'));
    assert!(screen(&app).contains("Slå skjult visning fra (R)"));
    assert!(app.svc.drafts().unwrap().is_empty());
}

/// Every demo case and a meeting on all that is due: decisions that name the person and the
/// school, a general item and a banked topic that name people, participants who share names
/// with the cases. No name or place of the dictionary on any redacted screen — the work queue,
/// the case list page by page, every tab of every case, every agenda item, the statistics —
/// nor in the minutes; every participant's name whole.
#[test]
fn over_every_demo_case_and_a_meeting_no_redacted_screen_or_minutes_shows_a_name_or_place() {
    let dir = tempfile::tempdir().unwrap();
    let svc = service(dir.path());
    svc.fill_demo(60, 16, |_| {}).unwrap();
    let dict = dictionary(&svc);
    // Participants who share a first name and a surname with the demo data's reporters.
    let participants: Vec<Participant> = ["Per Kofoed, Politiet, tovholder", "Anna Berg, SSP"]
        .iter()
        .map(|p| Participant::parse(p).unwrap())
        .collect();
    let m = svc
        .create_meeting(NewMeeting {
            kind: MeetingKind::InfohusKommune,
            date: now().date(),
            participants: participants.clone(),
            general: vec!["Tendenser".into()],
            topics: Vec::new(),
        })
        .unwrap();
    assert!(m.case_nos().count() >= 10, "a meeting with cases on it");
    let mut named_general = String::new();
    for (i, item) in m.items.iter().enumerate() {
        let (decision, review) = match item.subject.case() {
            Some(no) => {
                let s = svc.store().case(no).unwrap().unwrap();
                let p = &s.intake.person;
                if named_general.is_empty() {
                    named_general = format!("klubben nævner {} igen", p.name);
                }
                (
                    format!(
                        "{}s forløb drøftet; {} på {} orienteres. Per Kofoed følger op.",
                        p.name, p.name, p.school_work
                    ),
                    infohus::service::holds_review(&s, m.kind).then_some(ReviewDecision::Continue),
                )
            }
            None => ("Flere henvendelser.".to_string(), None),
        };
        svc.decide_item(
            m.no,
            i,
            ItemDecision {
                subject: item.subject.clone(),
                decision,
                who_acts: "Per Kofoed".into(),
                follow: FollowUpDecision::Continue,
                next: None,
                review,
                feedback_due: None,
                closure: None,
            },
        )
        .unwrap();
    }
    svc.add_item(m.no, &named_general, false).unwrap();
    svc.add_item(m.no, &named_general, true).unwrap();

    // The remembered participants (the demo's joint reviews and this meeting's) stay whole.
    let roster = svc.roster().unwrap();
    assert!(roster.contains(&participants[0]));
    // Words of the console's own labels that are also names in the demo data (the risk level
    // "høj" is a surname there): the label is the program's text, not the person's name.
    const UI_WORDS: &[&str] = &["høj", "Høj"];
    // A participant's name cut by a row's end or the screen's edge shows a part alone; a part
    // of a participant's name is theirs to show.
    let roster_words: Vec<String> = roster
        .iter()
        .flat_map(|p| {
            p.name
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    // The team's logins ("Modtaget … af ayse", who wrote an event) stay readable by design
    // (`domain::redact::wrap`: colleagues' logins, not the people the cases are about), also
    // where a person in the demo has the same first name.
    let mut accounts = std::collections::BTreeSet::new();
    for s in svc.store().summaries() {
        let no = s.unwrap().no;
        for e in svc.store().events(no).unwrap() {
            accounts.insert(e.author.to_lowercase());
        }
        let state = svc.store().case(no).unwrap().unwrap();
        accounts.insert(state.intake.received_by.to_lowercase());
    }
    // The program's own §115 notice, on forms and in the minutes: its words are not the
    // data's, even where the demo has one as a place ("selvstændig hjemmel" beside the
    // workplace "selvstændig").
    // Compared word by word: on a screen it is wrapped and padded (and each row quoted).
    let words = |t: &str| {
        t.split_whitespace()
            .map(|w| w.trim_matches('"'))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let notice = words(infohus::i18n::T::Notice115.get(Lang::Da));
    let safe = |text: &str, what: &str| {
        // Read as one run of words, so a participant's name wrapped over two rows is whole.
        let joined = words(text).replace(&notice, "");
        let leaks: Vec<String> = Redactor::new(&dict, &roster)
            .leaks(&joined)
            .into_iter()
            .filter(|w| {
                !UI_WORDS.contains(&w.as_str())
                    && !roster_words.contains(w)
                    && !accounts.contains(&w.to_lowercase())
            })
            .collect();
        assert!(leaks.is_empty(), "{what} shows {leaks:?}:\n{text}");
    };
    let minutes = infohus::i18n::follow::minutes(Lang::Da, &svc.minutes(m.no).unwrap());
    safe(&minutes, "the minutes");
    assert!(
        minutes.contains("- Per Kofoed, Politiet, tovholder"),
        "{minutes}"
    );
    assert!(minutes.contains("Per Kofoed følger op."), "{minutes}");

    let cases: Vec<u64> = svc.store().summaries().map(|s| s.unwrap().no).collect();
    let mut app = App::new(svc, Lang::Da, Theme { color: false });
    press(&mut app, KeyCode::Char('R'));
    safe(&screen(&app), "the work queue");
    for _ in 0..40 {
        press(&mut app, KeyCode::PageDown);
        safe(&screen(&app), "the work queue, further down");
    }
    press(&mut app, KeyCode::Char('S'));
    safe(&screen(&app), "the statistics");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('m'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('g'));
    let items = app.svc.meeting(m.no).unwrap().agenda().count();
    let mut per_kofoed_shown = false;
    for i in 0..items {
        let s = screen(&app);
        safe(&s, &format!("agenda item {}", i + 1));
        per_kofoed_shown |= s.contains("Hvem handler: Per Kofoed");
        for _ in 0..3 {
            press(&mut app, KeyCode::PageDown);
            safe(&screen(&app), "the side panel, scrolled");
        }
        press(&mut app, KeyCode::Down);
    }
    assert!(per_kofoed_shown, "the participant's name, whole");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('l'));
    for _ in 0..10 {
        safe(&screen(&app), "the case list");
        press(&mut app, KeyCode::PageDown);
    }
    press(&mut app, KeyCode::Esc);
    for no in cases {
        press(&mut app, KeyCode::Char(':'));
        for c in no.to_string().chars() {
            press(&mut app, KeyCode::Char(c));
        }
        press(&mut app, KeyCode::Enter);
        for tab in ['1', '2', '3', '4', '5'] {
            press(&mut app, KeyCode::Char(tab));
            safe(&screen(&app), &format!("case {no}, tab {tab}"));
            for _ in 0..4 {
                press(&mut app, KeyCode::PageDown);
                safe(
                    &screen(&app),
                    &format!("case {no}, tab {tab}, further down"),
                );
            }
        }
        press(&mut app, KeyCode::Esc);
    }
}
