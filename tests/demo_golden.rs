//! The demo database, pinned: a fixed seed and a fixed "now" give exactly these cases.
//!
//! The first start's database (300 cases, seed 2026) is kept as a digest of its export, one
//! JSON line per case, and its first 100 cases readable in `tests/golden/demo_first_start.jsonl`,
//! so a change to the demo shows in review as a diff of the cases it changes; a larger run is
//! kept as a digest too. A change to the
//! demo data — or to the shape of an event — is made deliberately: re-bless with
//! `INFOHUS_BLESS=1 cargo test --test demo_golden` and commit the new files on their own.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use infohus::domain::CaseState;
use infohus::domain::stage::Stage;
use infohus::rpc::calls::WithDemo;
use infohus::service::{ExportDoc, Service};

/// Not a whole minute, so the generator's rounding of "now" is part of what is pinned.
fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(10, 37, 12)
        .unwrap()
}

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn blessing() -> bool {
    std::env::var_os("INFOHUS_BLESS").is_some_and(|v| v == "1")
}

/// Fills a new database with `count` demo cases and returns it as the export shows it: one
/// header line, then one JSON line per case history.
fn demo_lines(count: usize, seed: u64) -> (Service, ExportDoc, Vec<String>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = Service::open(&dir.path().join("infohus.db"), true, "mette").unwrap();
    svc.set_now(now());
    let written = svc.fill_demo(count, seed, |_| {}).unwrap();
    assert_eq!(written as usize, count);
    let doc = svc.export(|_| {}).unwrap();
    let mut lines = Vec::with_capacity(count + 1);
    lines.push(
        serde_json::json!({
            "demo": doc.demo,
            "next_case_no": doc.next_case_no,
            "cases": doc.cases.len(),
        })
        .to_string(),
    );
    for case in &doc.cases {
        lines.push(serde_json::to_string(case).unwrap());
    }
    (svc, doc, lines, dir)
}

/// FNV-1a, 64 bits: stable across Rust releases, unlike `DefaultHasher`.
fn digest(lines: &[String]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for line in lines {
        for b in line.bytes().chain([b'\n']) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The invariants every demo database keeps, whatever its content.
fn check_invariants(svc: &Service, doc: &ExportDoc, count: usize) {
    assert!(svc.is_demo() && doc.demo);
    assert_eq!(svc.case_count(), count);
    assert!(svc.check(|_| {}).problems.is_empty());
    let mut stages: HashMap<Stage, usize> = HashMap::new();
    for (i, case) in doc.cases.iter().enumerate() {
        assert_eq!(case.no, i as u64 + 1, "cases are numbered from 1 in order");
        let state = CaseState::replay(case.no, &case.events).unwrap();
        *stages.entry(state.stage).or_default() += 1;
        for w in case.events.windows(2) {
            assert!(w[0].at < w[1].at, "case {}: times not increasing", case.no);
        }
        assert!(case.events.iter().all(|e| e.at <= now()));
    }
    for stage in Stage::ALL {
        assert!(stages.contains_key(stage), "no demo case in {stage:?}");
    }
}

fn first_difference(expected: &str, actual: &[String]) -> Option<String> {
    let expected: Vec<&str> = expected.lines().collect();
    if expected.len() != actual.len() {
        return Some(format!(
            "{} lines expected, {} generated",
            expected.len(),
            actual.len()
        ));
    }
    expected
        .iter()
        .zip(actual)
        .position(|(e, a)| *e != a.as_str())
        .map(|i| {
            format!(
                "line {} differs (line 1 is the header, line n+1 is case n):\nexpected {}\n     got {}",
                i + 1,
                expected[i],
                actual[i]
            )
        })
}

/// Compares `got` with the golden file `name`, or writes it when blessing.
fn same_as_golden(name: &str, got: &str, what: &str) {
    let path = golden(name);
    if blessing() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    if expected != got {
        let lines: Vec<String> = got.lines().map(str::to_string).collect();
        let diff = first_difference(&expected, &lines).unwrap_or_default();
        panic!("{what} changed ({diff}); if that is meant, re-bless with INFOHUS_BLESS=1");
    }
}

/// Cases kept readable in the golden file; the rest of the database is kept as a digest.
const READABLE: usize = 100;

#[test]
fn the_first_start_database_is_the_same_case_for_case() {
    let (svc, doc, lines, _dir) = demo_lines(300, 2026);
    check_invariants(&svc, &doc, 300);
    let readable = lines[..=READABLE].join("\n") + "\n";
    same_as_golden(
        "demo_first_start.jsonl",
        &readable,
        "the first 100 cases of the first start's demo database",
    );
    same_as_golden(
        "demo_first_start.digest",
        &format!("{}\n", digest(&lines)),
        "the first start's demo database",
    );
}

#[test]
fn a_larger_demo_database_has_the_same_digest() {
    let (svc, doc, lines, _dir) = demo_lines(4_000, 3);
    check_invariants(&svc, &doc, 4_000);
    same_as_golden(
        "demo_4000_seed_3.digest",
        &format!("{}\n", digest(&lines)),
        "the 4,000-case demo database",
    );
}

#[test]
fn small_runs_added_to_a_database_have_the_same_digest() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = Service::open(&dir.path().join("infohus.db"), true, "mette").unwrap();
    // Each run numbers its cases after the ones before; the last at a whole minute.
    let runs: [(usize, u64, NaiveDateTime); 4] = [
        (1, 0, now()),
        (7, 1, now()),
        (50, 99, now() + chrono::Duration::days(40)),
        (
            2,
            u64::MAX,
            NaiveDate::from_ymd_opt(2027, 3, 1)
                .unwrap()
                .and_hms_opt(8, 0, 0)
                .unwrap(),
        ),
    ];
    for (count, seed, at) in runs {
        svc.set_now(at);
        assert_eq!(svc.fill_demo(count, seed, |_| {}).unwrap() as usize, count);
    }
    let doc = svc.export(|_| {}).unwrap();
    assert_eq!(doc.cases.len(), 60);
    let lines: Vec<String> = doc
        .cases
        .iter()
        .map(|c| serde_json::to_string(c).unwrap())
        .collect();
    same_as_golden(
        "demo_small_runs.digest",
        &format!("{}\n", digest(&lines)),
        "the small demo runs",
    );
}
