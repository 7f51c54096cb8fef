//! Robustness: random and mutated bytes for every stored record kind and for the export
//! format, and random terminal input through the console, must give errors — never a panic.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use infohus::domain::audit::{AuditAction, AuditEntry};
use infohus::domain::draft::FormKind;
use infohus::domain::flow::Participant;
use infohus::domain::summary::CaseLine;
use infohus::i18n::Lang;
use infohus::rpc::calls::{Call, Case};
use infohus::rpc::wire::{self, Hello, Request, Welcome};
use infohus::service::ExportDoc;
use infohus::service::{CaseView, ServiceError};
use infohus::store::journal::{self, Loc};
use infohus::store::record::{self, DraftEntry};
use infohus::store::records;
use infohus::store::view::{self, Applied, CaseEntry};
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
    let _ = records::decode_meeting(bytes);
    let _ = records::decode_topics(bytes);
    let _ = records::decode_audit_head(bytes);
    let _ = records::decode_viewers(bytes);
    // Format 4: the journal's records, the drafts file, the view.
    let _ = record::decode(bytes);
    let _ = record::decode_audit(bytes);
    let _ = record::decode_draft_entry(bytes);
    let _ = view::decode_entry(bytes);
    let _ = view::decode_applied(bytes);
    let _ = view::decode_line(bytes);
    // The journal's framing: a scan, the search for footing and the one-byte mend.
    let _ = journal::parse(bytes);
    let _ = journal::resync(bytes, 0);
    let _ = journal::parse_segment_header(bytes);
    if bytes.len() <= 512 {
        let _ = journal::mend_one_byte(bytes);
    }
    // The wire: what a client or a server can be sent.
    let _ = wire::decode::<Hello>(bytes);
    let _ = wire::decode::<Welcome>(bytes);
    let _ = wire::decode::<Request>(bytes);
    let _ = wire::decode::<Result<CaseView, ServiceError>>(bytes);
    let _ = wire::read_frame(&mut &bytes[..]);
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
    // Format 4: every record the journal holds, as written (payloads inside their frames).
    let seg = std::fs::read(db_in(dir.path()).join("journal/00000001.log")).unwrap();
    let mut at = journal::SEGMENT_HEADER;
    while let journal::Parsed::Record { payload, len, .. } = journal::parse(&seg[at..]) {
        out.push(payload.to_vec());
        out.push(seg[at..at + len].to_vec());
        at += len;
    }
    assert!(at > journal::SEGMENT_HEADER, "the journal holds records");
    out.push(seg[..journal::SEGMENT_HEADER].to_vec());
    out.push(
        view::encode_entry(&CaseEntry {
            event_count: 3,
            locs: vec![Loc { seg: 1, off: 40 }, Loc { seg: 2, off: 4096 }],
            summary: summary.clone(),
        })
        .unwrap(),
    );
    out.push(view::encode_line(&CaseLine::from(&summary)).unwrap());
    out.push(
        view::encode_applied(&Applied {
            layout: 3,
            journal: [7; 16],
            lsn: 12,
            end: Some(Loc { seg: 1, off: 900 }),
            generations: vec![(1, 0), (2, 1)],
        })
        .unwrap(),
    );
    out.push(record::encode_draft_entry(&DraftEntry::Saved(Box::new(d))).unwrap());
    out.push(
        wire::encode(&Hello {
            protocol: wire::PROTOCOL,
            version: "0.1.0".into(),
            fingerprint: "abc".into(),
            client: 0x5eed,
        })
        .unwrap(),
    );
    out.push(
        wire::encode(&Request {
            id: 3,
            expected: Some((no, 2)),
            call: Call::Case(Case { no }),
            redacted: true,
        })
        .unwrap(),
    );
    out.push(wire::encode(&Ok::<CaseView, ServiceError>(svc.case(no).unwrap())).unwrap());
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
        for kind in (1u8..=10).chain([20, 21, 30, 31, 32, 33]) {
            for version in 1u8..=4 {
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
        if let Ok((svc, _)) = import_into(dir.path(), doc) {
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

/// A server sent garbage — bytes that are no frame, a frame longer than any allowed, a hello
/// of another build, valid frames with mutated requests — answers or hangs up on that one
/// connection, and goes on serving everyone else: no panic, no exit.
#[test]
fn a_server_sent_garbage_keeps_serving() {
    use std::io::{Read, Write};
    use std::os::unix::net::UnixStream;
    use std::time::Duration;

    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    {
        let mut svc = os_service(dir.path());
        file(&mut svc, "Ali Hansen", "", "Lærer ringer");
    }
    let log = dir.path().join("serve.err");
    let mut server = infohus()
        .arg("--db")
        .arg(&db)
        .arg("serve")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let sock = infohus::rpc::socket::beside(&db, "sock");
    let mut up = false;
    for _ in 0..200 {
        if UnixStream::connect(&sock).is_ok() {
            up = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        up,
        "the server answers: {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );

    let hello = wire::encode(&Hello {
        protocol: wire::PROTOCOL,
        version: env!("CARGO_PKG_VERSION").into(),
        fingerprint: infohus::rpc::wire::FINGERPRINT.into(),
        client: 7,
    })
    .unwrap();
    let request = wire::encode(&Request {
        id: 1,
        expected: None,
        call: Call::Case(Case { no: 1 }),
        redacted: false,
    })
    .unwrap();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let frame = |body: &[u8]| {
        let mut f = (body.len() as u32).to_be_bytes().to_vec();
        f.extend_from_slice(body);
        f
    };
    for round in 0..150 {
        let Ok(mut s) = UnixStream::connect(&sock) else {
            panic!(
                "round {round}: the server stopped answering: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        };
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let send: Vec<u8> = match round % 5 {
            0 => (0..(next() % 64)).map(|_| next() as u8).collect(),
            1 if round % 2 == 0 => [0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3].to_vec(),
            // A hello whose version claims to be some exabytes long.
            1 => frame(&[2, 0xFD, 0x7C, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55]),
            2 => {
                let mut h = hello.clone();
                let at = (next() as usize) % h.len();
                h[at] ^= (next() as u8) | 1;
                frame(&h)
            }
            _ => {
                let mut r = request.clone();
                for _ in 0..(1 + next() % 3) {
                    let at = (next() as usize) % r.len();
                    r[at] ^= (next() as u8) | 1;
                }
                [frame(&hello), frame(&r)].concat()
            }
        };
        let _ = s.write_all(&send);
        let _ = s.shutdown(std::net::Shutdown::Write);
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer);
    }
    assert!(
        server.try_wait().unwrap().is_none(),
        "the server exited: {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    // And it still serves a real client.
    let out = infohus()
        .arg("--db")
        .arg(&db)
        .args(["case", "1", "--summary"])
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    let err = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ali Hansen"));
    assert!(!err.contains("panicked"), "{err}");
}
