//! A database of format 3 (sled holding everything), written by the format-3 program with every
//! kind of record, is moved to format 4 on open: nothing lost, the audit chain unbroken, the old
//! database kept aside.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::db_in;
use infohus::domain::EventPayload;
use infohus::service::{AuditFilter, Service};

fn unpack(dir: &Path) {
    let tarball =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format3/infohus-db.tar.gz");
    let ok = Command::new("tar")
        .arg("xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(dir)
        .status()
        .unwrap()
        .success();
    assert!(ok, "the fixture unpacks");
}

#[test]
fn a_format_3_database_moves_to_format_4_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    unpack(dir.path());
    let db = db_in(dir.path());
    assert!(db.join("conf").exists(), "the fixture is sled's own layout");
    let svc = Service::open(&db, false, "mette").unwrap();
    let store = svc.store();
    assert!(db.join("FORMAT").exists());
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("infohus.db.format3-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "the old database is kept aside");
    assert!(aside[0].path().join("conf").exists());

    // 12 demo cases and two filed by hand; a third was purged and left its tombstone.
    assert_eq!(store.case_count(), 14);
    let stones: Vec<_> = store.tombstones().collect::<Result<_, _>>().unwrap();
    assert_eq!(stones.len(), 1);
    let purged = stones[0].no;
    assert!(
        store.next_case_no().unwrap() > purged,
        "a purged number is not handed out again"
    );
    let hansen = store
        .summaries()
        .map(Result::unwrap)
        .find(|s| s.name == "Søren Ali Hansen")
        .unwrap();
    let events = store.events(hansen.no).unwrap();
    assert!(events.iter().any(|e| matches!(&e.payload,
        EventPayload::NoteAdded { text } if text == "Skolen ringede igen.")));
    assert_eq!(
        store.cases_by_cpr(&hansen.cpr.unwrap()).unwrap(),
        vec![hansen.no]
    );
    for s in store.summaries() {
        let s = s.unwrap();
        let state = store.case(s.no).unwrap().unwrap();
        assert_eq!(infohus::domain::summary::CaseSummary::of(&state), s);
    }

    let meetings = store.meetings().unwrap();
    assert_eq!(meetings.len(), 1);
    assert!(
        meetings[0].items.iter().any(|i| i.outcome.is_some()),
        "the decision survived"
    );
    assert_eq!(store.topics().unwrap(), vec!["Sommerferien".to_string()]);
    assert!(!store.roster().unwrap().is_empty());
    let drafts = store.drafts().unwrap();
    assert_eq!(drafts.len(), 2);
    assert!(
        drafts
            .iter()
            .any(|d| d.intake().person_name == "Halv Kladde")
    );
    assert!(drafts.iter().any(|d| d.editing().is_some()));
    assert!(store.is_demo());

    // The old log's records are the new log's start, and the chain holds across.
    let v = svc.verify_audit().unwrap();
    assert_eq!(v.problem, None);
    let log = svc.audit_log(&AuditFilter::default()).unwrap();
    let text = format!("{log:?}");
    for action in ["CprRevealed", "CaseViewed", "Searched", "Purged", "Changed"] {
        assert!(text.contains(action), "{action} is in the migrated log");
    }
    assert!(
        svc.check(|_| {}).problems.is_empty(),
        "{:?}",
        svc.check(|_| {}).problems
    );
    drop(svc);

    // Opened again: format 4 already, nothing moved twice.
    let svc = Service::open(&db, false, "mette").unwrap();
    assert_eq!(svc.store().case_count(), 14);
    let aside_now = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("infohus.db.format3-")
        })
        .count();
    assert_eq!(aside_now, 1);
}

#[test]
fn a_format_3_database_that_lost_saves_is_not_migrated_without_consent() {
    let dir = tempfile::tempdir().unwrap();
    unpack(dir.path());
    let db = db_in(dir.path());
    // The seal says more saves were acknowledged than sled holds.
    std::fs::write(db.join("infohus.seal"), 1_000_000u64.to_le_bytes()).unwrap();
    let err = Service::open(&db, false, "mette").err().unwrap();
    assert!(
        err.to_string().contains("acknowledged saves is missing"),
        "{err}"
    );
    assert!(db.join("conf").exists(), "nothing was moved");
    assert!(!db.join("FORMAT").exists());
}
