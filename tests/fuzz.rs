//! Robustness: random and mutated bytes for every stored record kind and for the export
//! format, and random terminal input through the console, must give errors — never a panic.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use infohus::domain::audit::{AuditAction, AuditEntry};
use infohus::domain::draft::FormKind;
use infohus::domain::flow::Participant;
use infohus::i18n::Lang;
use infohus::service::ExportDoc;
use infohus::store::records;
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Feeds bytes to every decoder. Each may succeed or fail; none may panic.
fn decode_all(bytes: &[u8]) {
    let _ = records::decode_case(bytes);
    let _ = records::decode_event(bytes);
    let _ = records::decode_draft(bytes);
    let _ = records::decode_summary(bytes);
    let _ = records::decode_audit(bytes);
    let _ = records::decode_counter(bytes);
    let _ = records::decode_roster(bytes);
    let _ = records::decode_tombstone(bytes);
}

/// One valid record of each kind, from a real case carried to closure and purge.
fn valid_records() -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = file(
        &mut svc,
        "Søren Ali Hansen",
        "010110-4006",
        "Deler videoer.",
    );
    let d = svc.new_draft(FormKind::Intake, Some(no)).unwrap();
    let state = svc.case(no).unwrap().state;
    let events = svc.store().events(no).unwrap();
    let summary = infohus::domain::summary::CaseSummary::of(&state);
    let stone = infohus::domain::retention::Tombstone::of(&state, now().date());
    let mut out = vec![
        records::encode_case(&state).unwrap(),
        records::encode_draft(&d).unwrap(),
        records::encode_summary(&summary).unwrap(),
        records::encode_tombstone(&stone).unwrap(),
        records::encode_counter(&7).unwrap(),
        {
            // A chained audit record: its body and a 32-byte link.
            let mut b = records::encode_audit_body(
                1,
                &AuditEntry {
                    at: now(),
                    user: "mette".into(),
                    action: AuditAction::Purged { case: 3 },
                },
            )
            .unwrap();
            b.extend([0u8; 32]);
            b
        },
        records::encode_roster(&vec![Participant {
            name: "Lars".into(),
            organisation: "Politi".into(),
            role: "tovholder".into(),
        }])
        .unwrap(),
    ];
    out.extend(events.iter().map(|e| records::encode_event(e).unwrap()));
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
    /// A length prefix or count pushed to its largest value.
    Max(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Remove),
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::Max),
    ]
}

fn mutate(mut b: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let n = b.len().max(1);
        match *m {
            Mutation::Flip(i, x) if !b.is_empty() => b[i % n] ^= x,
            Mutation::Insert(i, x) => b.insert(i % (b.len() + 1), x),
            Mutation::Remove(i) if !b.is_empty() => {
                b.remove(i % n);
            }
            Mutation::Truncate(i) => b.truncate(i % n),
            Mutation::Max(i) if !b.is_empty() => {
                let at = i % n;
                let end = (at + 9).min(b.len());
                b[at] = 0xFD;
                for x in &mut b[at + 1..end] {
                    *x = 0xFF;
                }
            }
            _ => {}
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic_a_decoder(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        decode_all(&bytes);
        // With a valid header for each kind, so the payload decoder itself is exercised.
        for kind in 1u8..=8 {
            for version in 1u8..=3 {
                let mut b = vec![kind, version, 0];
                b.extend_from_slice(&bytes);
                decode_all(&b);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_records_never_panic_a_decoder(
        muts in proptest::collection::vec(mutation(), 1..6)
    ) {
        for r in valid_records_cached() {
            decode_all(&mutate(r.clone(), &muts));
        }
    }
}

fn valid_records_cached() -> &'static [Vec<u8>] {
    static RECORDS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    RECORDS.get_or_init(valid_records)
}

/// A small but complete export: a case, a draft, an audit entry.
fn export_json() -> &'static str {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut svc = service(dir.path());
        file(
            &mut svc,
            "Søren Ali Hansen",
            "010110-4006",
            "Deler videoer.",
        );
        file(&mut svc, "Muhammad Aly", "", "Trusler.");
        svc.new_draft(FormKind::Intake, None).unwrap();
        serde_json::to_string(&svc.export(|_| {}).unwrap()).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_mutated_export_is_refused_or_imported_never_a_panic(
        muts in proptest::collection::vec(mutation(), 1..4)
    ) {
        let bytes = mutate(export_json().as_bytes().to_vec(), &muts);
        let Ok(doc) = serde_json::from_slice::<ExportDoc>(&bytes) else {
            return Ok(());
        };
        let dir = tempfile::tempdir().unwrap();
        let svc = service(dir.path());
        if svc.import(doc, |_| {}).is_ok() {
            // Whatever was accepted is a consistent database.
            let report = svc.check(|_| {});
            prop_assert!(report.problems.is_empty(), "{:?}", report.problems);
        }
    }
}

#[derive(Debug, Clone)]
enum Input {
    Key(KeyCode, KeyModifiers),
    Paste(String),
    Resize(u16, u16),
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        4 => any::<char>().prop_map(KeyCode::Char),
        4 => proptest::sample::select(vec![
            'n', '/', '?', ':', 'a', 'q', 'S', 'l', 'j', 'k', 'x', 's', 'c', 'H', '>', 'M', 'e',
            'o', 'd', 'r', '1', '5', ' ',
        ])
        .prop_map(KeyCode::Char),
        3 => proptest::sample::select(vec![
            KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab, KeyCode::Backspace,
            KeyCode::Delete, KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right,
            KeyCode::Home, KeyCode::End, KeyCode::PageUp, KeyCode::PageDown, KeyCode::F(1),
        ]),
    ]
}

fn modifiers() -> impl Strategy<Value = KeyModifiers> {
    prop_oneof![
        6 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::SHIFT),
        // Ctrl-C quits: the sequence simply ends there.
        1 => proptest::sample::select(vec!['s', 'd', 'w', 'u', 'k', 'n', 'p', 'l'])
            .prop_map(|_| KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
    ]
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        10 => (key_code(), modifiers()).prop_map(|(c, m)| Input::Key(c, m)),
        1 => prop_oneof![
            "\\PC{0,40}",
            // Control characters, escapes, bidi overrides and newlines.
            proptest::collection::vec(
                proptest::sample::select(vec!['\u{0}', '\u{1b}', '\n', '\r', '\t', '\u{202e}', '\u{7f}', 'å', '字', '🙂']),
                0..40,
            )
            .prop_map(|v| v.into_iter().collect::<String>()),
            // A huge paste.
            (1usize..4).prop_map(|k| "Lærer ringer om eleven. ".repeat(k * 4000)),
        ]
        .prop_map(Input::Paste),
        1 => (1u16..200, 1u16..70).prop_map(|(w, h)| Input::Resize(w, h)),
        1 => Just(Input::Resize(1, 1)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn random_terminal_input_never_panics(inputs in proptest::collection::vec(input(), 1..60)) {
        let dir = tempfile::tempdir().unwrap();
        let mut svc = service(dir.path());
        file(&mut svc, "Søren Ali Hansen", "010110-4006", "Deler videoer.");
        let mut app = App::new(svc, Lang::Da, Theme { color: false });
        let (mut w, mut h) = (80u16, 24u16);
        for i in inputs {
            match i {
                Input::Key(c, m) => app.update(AppEvent::Key(KeyEvent::new(c, m))),
                Input::Paste(s) => app.update(AppEvent::Paste(s)),
                Input::Resize(nw, nh) => {
                    (w, h) = (nw, nh);
                    app.update(AppEvent::Resize(w, h));
                }
            }
            if app.quit {
                break;
            }
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| render(&app, f)).unwrap();
        }
    }
}
