//! Damage: any single flipped byte in any file of the store, and `check --repair` brings back
//! everything that was acknowledged — every case history, the audit log, meetings, topics,
//! tombstones and drafts — says what it mended, and leaves a database that opens and checks
//! clean. 200 trials, each on a fresh copy.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{bin, db_in, now};
use infohus::domain::draft::Draft;
use infohus::domain::meeting::Meeting;
use infohus::domain::retention::Tombstone;
use infohus::store::{History, OpenOptions, Store};

const TRIALS: usize = 200;

/// Everything acknowledged, as the store gives it back.
#[derive(Debug, PartialEq)]
struct Contents {
    histories: Vec<History>,
    audit: Vec<Vec<u8>>,
    meetings: Vec<Meeting>,
    topics: Vec<String>,
    tombstones: Vec<Tombstone>,
    drafts: Vec<Draft>,
}

fn contents(store: &Store) -> Contents {
    Contents {
        histories: store.histories().collect::<Result<_, _>>().unwrap(),
        audit: store.audit_records().unwrap(),
        meetings: store.meetings().unwrap(),
        topics: store.topics().unwrap(),
        tombstones: store.tombstones().collect::<Result<_, _>>().unwrap(),
        drafts: store.drafts().unwrap(),
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if std::fs::metadata(&p).unwrap().len() > 0 {
            out.push(p);
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    std::fs::set_permissions(to, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// A database of many small journal segments holding every kind of record.
fn build(dir: &Path) -> PathBuf {
    let db = db_in(dir);
    let ok = Command::new(bin())
        .env("INFOHUS_SERVE_IDLE", "0")
        .env("INFOHUS_JOURNAL_SEGMENT_BYTES", "16384")
        .args(["--lang", "en", "--db"])
        .arg(&db)
        .args(["demo", "--cases", "40"])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let mut svc = infohus::service::Service::open(&db, false, &infohus::user::os_user()).unwrap();
    svc.set_now(now());
    let _ = svc.case(1).unwrap();
    svc.commit_search("Søren").unwrap();
    svc.save_topic("Sommerferien").unwrap();
    let mut d: Draft = svc
        .new_draft(infohus::domain::draft::FormKind::Intake, None)
        .unwrap();
    d.edit_intake(|f| {
        f.person_name = "Halv Kladde".into();
        f.description = "halvskrevet".into();
    });
    svc.save_draft(&d).unwrap();
    drop(svc);
    db
}

#[test]
fn any_single_flipped_byte_is_repaired_with_nothing_acknowledged_lost() {
    // SAFETY: set before any thread of this test binary reads the environment.
    unsafe { std::env::set_var("INFOHUS_JOURNAL_SEGMENT_BYTES", "16384") };
    let dir = tempfile::tempdir().unwrap();
    let db = build(dir.path());
    let expected = {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        assert!(store.check(|_| {}).problems.is_empty());
        contents(&store)
    };
    assert!(expected.histories.len() == 40 && !expected.audit.is_empty());
    let segments = std::fs::read_dir(db.join("journal")).unwrap().count();
    assert!(segments >= 3, "{segments} journal segments");
    let mut all = Vec::new();
    files(&db, &mut all);
    let mut rng = fastrand::Rng::with_seed(0xf11b);
    let mut mended = 0;
    let mut hit: std::collections::BTreeMap<String, usize> = Default::default();
    for trial in 0..TRIALS {
        let work = tempfile::tempdir().unwrap();
        let copy = db_in(work.path());
        copy_dir(&db, &copy);
        // A file of the store, then a byte in it.
        let victim = &all[rng.usize(0..all.len())];
        let rel = victim.strip_prefix(&db).unwrap();
        let path = copy.join(rel);
        let mut bytes = std::fs::read(&path).unwrap();
        let at = rng.usize(0..bytes.len());
        bytes[at] ^= 0x5a;
        std::fs::write(&path, &bytes).unwrap();
        *hit.entry(
            rel.display()
                .to_string()
                .split('/')
                .next()
                .unwrap_or("")
                .to_string(),
        )
        .or_default() += 1;
        let what = format!("trial {trial}: byte {at} of {}", rel.display());

        // check --repair: opened in repair mode, the journal mended, the view rebuilt.
        let repaired = Store::open(
            &copy,
            &OpenOptions {
                create: false,
                accept_loss: true,
                ..OpenOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("{what}: repair cannot open it: {e}"));
        if repaired
            .repaired()
            .iter()
            .any(|l| matches!(l, infohus::store::Repaired::Mended { .. }))
        {
            mended += 1;
        }
        assert_eq!(
            repaired.lost_saves(),
            0,
            "{what}: {:?}",
            repaired.repaired()
        );
        assert_eq!(
            contents(&repaired),
            expected,
            "{what}: {:?}",
            repaired.repaired()
        );
        drop(repaired);
        // Afterwards it opens as any database does, and checks clean.
        let store = Store::open(&copy, &OpenOptions::default())
            .unwrap_or_else(|e| panic!("{what}: after repair it does not open: {e}"));
        let report = store.check(|_| {});
        assert!(report.problems.is_empty(), "{what}: {:?}", report.problems);
        assert_eq!(contents(&store), expected, "{what}");
    }
    eprintln!(
        "{TRIALS} flipped bytes repaired ({mended} records mended in place); files hit: {hit:?}"
    );
}

/// The command line: a damaged journal is refused with one sentence naming the repair, and
/// `check --repair` says what it mended.
#[test]
fn the_command_line_names_the_damage_and_the_repair_says_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let db = build(dir.path());
    let seg = db.join("journal/00000001.log");
    let mut bytes = std::fs::read(&seg).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x5a;
    std::fs::write(&seg, &bytes).unwrap();
    let run = |args: &[&str]| {
        Command::new(bin())
            .env("INFOHUS_SERVE_IDLE", "0")
            .args(["--lang", "en", "--db"])
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    // check names the damaged record and the way to mend it, and fails.
    let out = run(&["check"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("segment 1") && said.contains("check --repair"),
        "{said}"
    );
    let out = run(&["check", "--repair"]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{all}");
    assert!(all.contains("one damaged byte: mended"), "{all}");
    assert!(all.contains("0 problems"), "{all}");
    assert!(run(&["check"]).status.success());
}
