//! The command line as a script would use it: one sentence and a non-zero exit on failure.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Output;

use common::*;
use infohus::domain::stage::Stage;

fn run(args: &[&str], db: &std::path::Path) -> Output {
    infohus()
        .args(args)
        .arg("--db")
        .arg(db)
        .env("INFOHUS_LANG", "en")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_on_a_missing_database_says_so_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    let o = run(&["check"], &db);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o).trim(),
        format!("infohus: There is no database at {}.", db.display())
    );
    assert!(!db.exists());
}

#[test]
fn a_missing_data_directory_is_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no/such/dir/infohus.db");
    let o = run(&["demo", "--cases", "1"], &db);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("does not exist"), "{e}");
    assert_eq!(e.trim().lines().count(), 1);
}

#[test]
fn an_unknown_language_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let o = infohus()
        .args(["--lang", "fr", "check", "--db"])
        .arg(db_in(dir.path()))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("use da or en"));
}

#[test]
fn the_console_without_a_terminal_explains_itself() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&[], &db_in(dir.path()));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("needs a terminal"), "{}", stderr(&o));
}

#[test]
fn export_import_and_summary_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    {
        let mut svc = os_service(dir.path());
        file(&mut svc, "Søren Hansen", "", "Lærer ringer om elev");
    }
    let export = run(&["export", "--json"], &db);
    assert!(export.status.success(), "{}", stderr(&export));
    let json = dir.path().join("backup.json");
    std::fs::write(&json, &export.stdout).unwrap();

    let other = db_in(&dir.path().join("restored"));
    std::fs::create_dir(dir.path().join("restored")).unwrap();
    let import = run(&["import", json.to_str().unwrap()], &other);
    assert!(import.status.success(), "{}", stderr(&import));
    assert!(String::from_utf8_lossy(&import.stdout).contains("1 cases imported"));
    let again = run(&["import", json.to_str().unwrap()], &other);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("import only into a new database"));

    let summary = run(&["case", "1", "--summary"], &other);
    assert!(summary.status.success(), "{}", stderr(&summary));
    let text = String::from_utf8_lossy(&summary.stdout);
    assert!(text.contains("Søren Hansen"), "{text}");
    assert!(text.contains("§115"), "the notice is on every summary");
    assert!(text.contains("Lærer ringer om elev"));

    let missing = run(&["case", "9", "--summary"], &other);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("Case 9 does not exist"));

    let check = run(&["check"], &other);
    assert!(check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("0 problems"));
}

#[test]
fn importing_garbage_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{ not json").unwrap();
    let db = db_in(dir.path());
    let o = run(&["import", junk.to_str().unwrap()], &db);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("is not a valid infohus export"));
    assert!(!db.exists(), "no database was created for a bad file");
}

/// `due --json` on a known demo database, checked against the cases themselves: every open
/// case whose follow-up is past is listed as overdue, every listed item really is due, and no
/// name or CPR number leaves the program.
#[test]
fn due_json_lists_what_the_cases_say_is_due_and_no_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    assert!(
        run(&["demo", "--cases", "80", "--seed", "11"], &db)
            .status
            .success()
    );
    let o = run(&["due", "--days", "7", "--json"], &db);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();

    let svc = infohus::service::Service::open(&db, false, &infohus::user::os_user()).unwrap();
    let today = svc.today();
    let mut expected_overdue: Vec<u64> = Vec::new();
    let mut names = Vec::new();
    for s in svc.store().summaries() {
        let s = s.unwrap();
        if s.stage.is_open() && s.next_date < today {
            expected_overdue.push(s.no);
        }
        names.push(s.name.clone());
        if let Some(c) = s.cpr {
            names.push(c.formatted());
            names.push(c.masked());
        }
    }
    let mut overdue_follow_ups: Vec<u64> = lines
        .iter()
        .filter(|l| l["group"] == "overdue" && l["waiting_for"] == "follow_up")
        .map(|l| l["case"].as_u64().unwrap())
        .collect();
    overdue_follow_ups.sort_unstable();
    expected_overdue.sort_unstable();
    assert!(!expected_overdue.is_empty(), "the demo has overdue cases");
    assert_eq!(overdue_follow_ups, expected_overdue);

    let until = today + chrono::Days::new(7);
    for l in &lines {
        let date =
            chrono::NaiveDate::parse_from_str(l["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        let no = l["case"].as_u64().unwrap();
        let case = svc.case(no).unwrap().state;
        match l["group"].as_str().unwrap() {
            "overdue" | "requests_overdue" | "police_feedback_overdue" => {
                assert!(date < today, "{l}")
            }
            "due" => assert!(date >= today && date < until, "{l}"),
            "awaiting_screening" => {
                assert!(
                    matches!(case.stage, Stage::Intake | Stage::Screening),
                    "{l}"
                );
                assert!(case.flow.screening.is_none() || case.stage == Stage::Intake);
            }
            "awaiting_joint_review" => {
                assert_eq!(case.stage, Stage::JointReview, "{l}");
                assert!(case.flow.reviews.is_empty(), "{l}");
            }
            "legal_deadlines" => assert!(case.stage.is_open(), "{l}"),
            other => panic!("unexpected group {other}"),
        }
        assert_eq!(
            l["initials"].as_str().unwrap(),
            infohus::domain::text::initials(&case.intake.person.name)
        );
    }
    for n in names.iter().filter(|n| !n.is_empty()) {
        assert!(!out.contains(n.as_str()), "{n} is in the output");
    }
    // The text form lists the same groups.
    drop(svc);
    let o = run(&["due"], &db);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("Overdue ("), "{text}");
}

#[test]
fn minutes_of_a_meeting_that_does_not_exist_is_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    assert!(run(&["demo", "--cases", "5"], &db).status.success());
    let o = run(&["meeting", "9", "--minutes"], &db);
    assert!(!o.status.success());
    assert_eq!(stderr(&o).trim(), "infohus: Meeting 9 does not exist.");
    let o = run(&["meeting"], &db);
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "No meetings yet."
    );
}

/// Every read command answers `--json` with JSON a script can parse, with the keys it needs.
#[test]
fn every_read_command_speaks_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    assert!(
        run(&["demo", "--cases", "60", "--seed", "5"], &db)
            .status
            .success()
    );
    // A meeting to read back.
    {
        let svc = infohus::service::Service::open(&db, false, &infohus::user::os_user()).unwrap();
        svc.create_meeting(infohus::service::NewMeeting {
            kind: infohus::domain::meeting::MeetingKind::SspNetwork,
            date: svc.today(),
            participants: vec![
                infohus::domain::flow::Participant::parse("Anna Berg, SSP, koordinator").unwrap(),
            ],
            general: vec!["Tendenser".into()],
            topics: Vec::new(),
        })
        .unwrap();
    }
    let json = |args: &[&str]| -> serde_json::Value {
        let o = run(args, &db);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?} is not JSON ({e}):\n{}",
                String::from_utf8_lossy(&o.stdout)
            )
        })
    };
    let summary = json(&["case", "3", "--summary", "--json"]);
    assert_eq!(summary["case"], 3);
    assert!(summary["notice_115"].as_str().unwrap().contains("§115"));
    assert!(!summary["chronology"].as_array().unwrap().is_empty());
    assert!(summary["recorded"]["state"]["intake"]["description"].is_string());
    let text = summary.to_string();
    // CPR numbers leave the program masked, as in the text.
    assert!(
        !text.contains("\"cpr\":["),
        "a CPR number left unmasked: {text}"
    );
    let access = json(&["case", "3", "--access-request", "--json"]);
    assert_eq!(access["case"], 3);
    for key in [
        "may_disclose",
        "police_consult_first",
        "may_restrict",
        "recipients",
    ] {
        assert!(access[key].is_array(), "{key}: {access}");
    }
    let meetings = json(&["meeting", "--json"]);
    assert_eq!(meetings[0]["no"], 1);
    let meeting = json(&["meeting", "1", "--json"]);
    assert_eq!(meeting["meeting"]["no"], 1);
    let audit = json(&["audit", "--json"]);
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["text"].is_string() && e["at"].is_string())
    );
    let by_case = json(&["audit", "--case", "3", "--json"]);
    assert!(
        by_case.as_array().unwrap().iter().all(|e| e["case"] == 3),
        "{by_case}"
    );
    assert_eq!(json(&["audit", "verify", "--json"])["intact"], true);
    let users = json(&["users", "--json"]);
    assert_eq!(users[0]["account"], infohus::user::os_user());
    assert!(json(&["due", "--json"]).is_array());
    assert!(json(&["stats", "--json"])["total"].is_number());
    let trends = json(&["trends", "--months", "6", "--json"]);
    assert_eq!(trends["months"], 6);
    assert!(trends["by_district"]["rows"].is_array());
    assert!(trends["by_source"]["rows"].is_array());
}

#[test]
fn completions_and_the_manual_page_come_from_the_program_itself() {
    for shell in ["bash", "zsh", "fish"] {
        let o = infohus().args(["completions", shell]).output().unwrap();
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("infohus"), "{shell}");
        assert!(
            text.contains("trends") && text.contains("access-request"),
            "{shell}"
        );
    }
    let o = infohus().args(["completions", "tcsh"]).output().unwrap();
    assert!(!o.status.success());
    let o = infohus().arg("man").output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let roff = String::from_utf8_lossy(&o.stdout);
    assert!(
        roff.starts_with(".ie") || roff.contains(".TH infohus"),
        "{roff}"
    );
    assert!(
        roff.contains(".SH \"INFOHUS CASE\""),
        "a section per subcommand"
    );
    assert!(roff.contains("access\\-request"), "{roff}");
}

/// A command is a Unix tool: when the program reading its output stops (`| head -1`), it ends
/// quietly — by SIGPIPE, as `cat` does — never with a panic and a backtrace.
#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let db = common::db_in(dir.path());
    let made = common::infohus()
        .args(["--db"])
        .arg(&db)
        .args(["demo", "--cases", "30"])
        .output()
        .unwrap();
    assert!(made.status.success());
    for args in [
        &["due", "--json"][..],
        &["export", "--json"][..],
        &["stats"][..],
    ] {
        let mut child = common::infohus()
            .args(["--db"])
            .arg(&db)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the command writes anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        assert!(err.trim().is_empty(), "{args:?} said: {err}");
        assert!(
            out.status.success() || out.status.signal() == Some(libc::SIGPIPE),
            "{args:?}: {:?}",
            out.status
        );
    }
}
