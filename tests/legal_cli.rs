//! The command line of issue 6: the access-request draft and backup/restore, run as the
//! binary on real databases.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use infohus::service::Service;

fn run(args: &[&str], db: &Path) -> Output {
    Command::new(bin())
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
        let svc = Service::open(&db, false, "mette").unwrap();
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
