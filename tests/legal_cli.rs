//! The command line of issue 6: the access-request draft and backup/restore, run as the
//! binary on real databases.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Output;

use common::*;
use infohus::service::Service;

fn run(args: &[&str], db: &Path) -> Output {
    infohus()
        .args(args)
        .arg("--db")
        .arg(db)
        .env("INFOHUS_LANG", "en")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The part of the draft between two numbered headings.
fn section<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text.find(from).unwrap();
    let end = text[start..].find(to).map_or(text.len(), |e| start + e);
    &text[start..end]
}

#[test]
fn the_access_request_draft_lists_police_information_apart_and_masks_the_cpr() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    assert!(run(&["demo", "--cases", "80"], &db).status.success());
    // A case with a CPR number and information from the police in its §115 review.
    let (no, police_item, cpr) = {
        let svc = Service::open(&db, false, &infohus::user::os_user()).unwrap();
        (1..=80u64)
            .find_map(|no| {
                let s = svc.case(no).ok()?.state;
                let cpr = s.intake.person.cpr?;
                let item = s
                    .flow
                    .reviews
                    .iter()
                    .flat_map(|r| &r.items)
                    .find(|i| i.origin.is_police())?;
                Some((no, item.text.clone(), cpr))
            })
            .expect("the demo has a case with police information and a CPR number")
    };
    let o = run(&["case", &no.to_string(), "--access-request"], &db);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("DRAFT – answer to a request for access"),
        "{text}"
    );
    let notice = text.find("§115: Information is exchanged only").unwrap();
    assert!(
        notice < text.find("1. The data subject").unwrap(),
        "notice at the top"
    );

    let police = section(&text, "4. Information from the police", "5. May need");
    assert!(
        police.contains(&format!(
            "[police must be consulted before disclosure] {police_item}"
        )),
        "{police}"
    );
    let disclose = section(&text, "3. Information about you", "4. Information");
    assert!(!disclose.contains(&police_item), "{disclose}");
    let restrict = section(&text, "5. May need restriction", "6. Recipients");
    assert!(restrict.contains("§22"), "{restrict}");

    assert!(text.contains(&cpr.masked()));
    assert!(
        !text.contains(&cpr.formatted()),
        "the full CPR never appears"
    );
}

#[test]
fn the_access_request_needs_an_existing_case() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    assert!(run(&["demo", "--cases", "3"], &db).status.success());
    let o = run(&["case", "99", "--access-request"], &db);
    assert!(!o.status.success());
    assert_eq!(stderr(&o).trim(), "infohus: Case 99 does not exist.");
}

// ---- backup and restore --------------------------------------------------------------------

/// A demo database with the team's files beside it.
fn team_database(dir: &Path, cases: &str) -> std::path::PathBuf {
    let db = db_in(dir);
    assert!(run(&["demo", "--cases", cases], &db).status.success());
    std::fs::write(dir.join("infohus.toml"), "[legal]\nfeedback_days = 21\n").unwrap();
    std::fs::write(dir.join("anbefalinger.txt"), "Mentor\nFamiliesamtale\n").unwrap();
    std::fs::create_dir_all(dir.join("actioncards")).unwrap();
    std::fs::write(
        dir.join("actioncards/egen.txt"),
        "# Eget kort\n## Telefon\nVagt: 1234\n",
    )
    .unwrap();
    db
}

fn cases_of(db: &Path) -> Vec<(u64, Vec<infohus::domain::Event>)> {
    let svc = Service::open(db, false, &infohus::user::os_user()).unwrap();
    let doc = svc.export(|_| {}).unwrap();
    doc.cases.into_iter().map(|c| (c.no, c.events)).collect()
}

#[test]
fn a_backup_restores_the_same_cases_and_team_files_elsewhere() {
    let src = tempfile::tempdir().unwrap();
    let db = team_database(src.path(), "25");
    let backup = src.path().join("backup");
    let o = run(&["backup", backup.to_str().unwrap()], &db);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Backup of 25 cases"), "{}", stdout(&o));
    let manifest = std::fs::read_to_string(backup.join("MANIFEST.sha256")).unwrap();
    for f in [
        "infohus-export.json",
        "infohus.toml",
        "anbefalinger.txt",
        "actioncards/",
    ] {
        assert!(manifest.contains(f), "{f} in {manifest}");
    }

    let dst = tempfile::tempdir().unwrap();
    let restored = db_in(dst.path());
    let o = run(&["restore", backup.to_str().unwrap()], &restored);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("25 cases restored"), "{}", stdout(&o));
    assert_eq!(cases_of(&restored), cases_of(&db));
    assert_eq!(
        std::fs::read_to_string(dst.path().join("infohus.toml")).unwrap(),
        "[legal]\nfeedback_days = 21\n"
    );
    assert!(dst.path().join("anbefalinger.txt").is_file());
    assert!(dst.path().join("actioncards/egen.txt").is_file());
    assert!(run(&["check"], &restored).status.success());
}

#[test]
fn restoring_over_a_database_keeps_the_old_one_aside() {
    let src = tempfile::tempdir().unwrap();
    let db = team_database(src.path(), "5");
    let backup = src.path().join("backup");
    assert!(
        run(&["backup", backup.to_str().unwrap()], &db)
            .status
            .success()
    );
    let dst = tempfile::tempdir().unwrap();
    let target = db_in(dst.path());
    assert!(run(&["demo", "--cases", "9"], &target).status.success());
    let o = run(&["restore", backup.to_str().unwrap()], &target);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(cases_of(&target).len(), 5);
    let aside: Vec<_> = std::fs::read_dir(dst.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("before-restore-")
        })
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(cases_of(&aside[0].path().join("infohus.db")).len(), 9);
}

#[test]
fn a_flipped_byte_is_refused_naming_the_file_and_nothing_is_replaced() {
    let src = tempfile::tempdir().unwrap();
    let db = team_database(src.path(), "5");
    let backup = src.path().join("backup");
    assert!(
        run(&["backup", backup.to_str().unwrap()], &db)
            .status
            .success()
    );
    let export = backup.join("infohus-export.json");
    let mut bytes = std::fs::read(&export).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&export, bytes).unwrap();

    let dst = tempfile::tempdir().unwrap();
    let target = db_in(dst.path());
    assert!(run(&["demo", "--cases", "3"], &target).status.success());
    let before = cases_of(&target);
    let o = run(&["restore", backup.to_str().unwrap()], &target);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    assert!(
        e.contains("infohus-export.json does not match its checksum"),
        "{e}"
    );
    assert_eq!(cases_of(&target), before);
    let entries: Vec<String> = std::fs::read_dir(dst.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!entries.iter().any(|n| n.contains("restor")), "{entries:?}");
}

#[test]
fn restoring_onto_a_database_in_use_is_refused() {
    let src = tempfile::tempdir().unwrap();
    let db = team_database(src.path(), "3");
    let backup = src.path().join("backup");
    assert!(
        run(&["backup", backup.to_str().unwrap()], &db)
            .status
            .success()
    );
    let dst = tempfile::tempdir().unwrap();
    let target = db_in(dst.path());
    assert!(run(&["demo", "--cases", "4"], &target).status.success());
    let holding = Service::open(&target, false, &infohus::user::os_user()).unwrap();
    let o = run(&["restore", backup.to_str().unwrap()], &target);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("is in use"), "{e}");
    assert!(
        e.contains(&infohus::user::os_user()),
        "names who holds it: {e}"
    );
    drop(holding);
    assert_eq!(cases_of(&target).len(), 4);
}

#[test]
fn a_backup_goes_only_into_an_empty_directory() {
    let src = tempfile::tempdir().unwrap();
    let db = team_database(src.path(), "2");
    let o = run(&["backup", src.path().to_str().unwrap()], &db);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
}
