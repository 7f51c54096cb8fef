//! Nothing lost by export/import and backup/restore: meetings with their decisions, the topic
//! bank, the remembered participants, the accounts' console settings and the minutes files in
//! `referater/` travel with the cases — and every kind of record the store holds has a place
//! in the export, so the next new one cannot be forgotten.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Output;

use chrono::Days;
use common::*;
use infohus::domain::flow::{Closure, ClosureReason, Command, FollowUpDecision, Participant};
use infohus::domain::meeting::{Meeting, MeetingKind};
use infohus::i18n::Lang;
use infohus::rpc::calls::WithDemo;
use infohus::service::{ItemDecision, NewMeeting, Service};

fn run(args: &[&str], db: &Path) -> Output {
    infohus()
        .args(args)
        .arg("--db")
        .arg(db)
        .env("INFOHUS_LANG", "en")
        .output()
        .unwrap()
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn decision(m: &Meeting, index: usize, text: &str) -> ItemDecision {
    ItemDecision {
        subject: m.items[index].subject.clone(),
        decision: text.into(),
        who_acts: "Anna Berg".into(),
        follow: FollowUpDecision::Continue,
        next: None,
        review: None,
        feedback_due: None,
        closure: None,
    }
}

/// A database with a meeting of decided case and general items, a topic in the bank, the
/// participants remembered, an account in redacted view and the minutes written.
fn with_a_meeting(svc: &mut Service) -> Meeting {
    let a = file(svc, "Ali Hansen", "", "Ali er bekymret for.");
    svc.set_next_date(a, now().date(), "").unwrap();
    let b = file(svc, "Sara Nielsen", "", "Sara ringede.");
    svc.set_next_date(b, now().date(), "").unwrap();
    let m = svc
        .create_meeting(NewMeeting {
            kind: MeetingKind::SspNetwork,
            date: now().date(),
            participants: vec![
                Participant::parse("Anna Berg, SSP, koordinator").unwrap(),
                Participant::parse("Lars Holm, Politiet, tovholder").unwrap(),
            ],
            general: vec!["Tendenser".into()],
            topics: Vec::new(),
        })
        .unwrap();
    for i in 0..3 {
        svc.decide_item(m.no, i, decision(&m, i, &format!("Beslutning {i}.")))
            .unwrap();
    }
    svc.add_item(m.no, "Sociale medier", true).unwrap();
    svc.remember_redacted(true).unwrap();
    svc.set_redacted(false);
    let text = infohus::i18n::follow::minutes(Lang::Da, &svc.minutes(m.no).unwrap());
    svc.save_minutes(m.no, &text).unwrap();
    svc.meeting(m.no).unwrap()
}

fn minutes_file(db: &Path, no: u64) -> String {
    std::fs::read_to_string(
        db.parent()
            .unwrap()
            .join(format!("referater/moede-{no}.md")),
    )
    .unwrap_or_default()
}

#[test]
fn meetings_the_topic_bank_the_roster_and_the_minutes_survive_export_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    let (meeting, roster, minutes) = {
        let mut svc = os_service(dir.path());
        let m = with_a_meeting(&mut svc);
        (m, svc.roster().unwrap(), minutes_file(&db, 1))
    };
    assert!(minutes.contains("Beslutning 2."), "{minutes}");
    let json = dir.path().join("export.json");
    ok(run(
        &["export", "--json", "-o", json.to_str().unwrap()],
        &db,
    ));

    let other = tempfile::tempdir().unwrap();
    let restored = db_in(other.path());
    ok(run(&["import", json.to_str().unwrap()], &restored));
    let svc = Service::open(&restored, false, &infohus::user::os_user()).unwrap();
    let back = svc.meetings().unwrap();
    assert_eq!(
        back,
        vec![meeting.clone()],
        "the meeting, every decision and its record"
    );
    assert_eq!(svc.topics().unwrap(), vec!["Sociale medier".to_string()]);
    assert_eq!(svc.roster().unwrap(), roster);
    assert!(
        svc.console_redacted().unwrap(),
        "the account's redacted view"
    );
    assert_eq!(minutes_file(&restored, 1), minutes, "referater/ came along");
    drop(svc);
    assert_eq!(
        ok(run(&["meeting", "1", "--minutes"], &restored)),
        ok(run(&["meeting", "1", "--minutes"], &db))
    );
    // A new meeting continues the numbering.
    let svc = Service::open(&restored, false, &infohus::user::os_user()).unwrap();
    let next = svc
        .create_meeting(NewMeeting {
            kind: MeetingKind::Other,
            date: now().date(),
            participants: meeting.participants.clone(),
            general: Vec::new(),
            topics: Vec::new(),
        })
        .unwrap();
    assert_eq!(next.no, 2);
}

#[test]
fn a_backup_holds_the_meetings_topic_bank_and_minutes_and_restore_brings_them_back() {
    let src = tempfile::tempdir().unwrap();
    let db = db_in(src.path());
    let meeting = {
        let mut svc = os_service(src.path());
        with_a_meeting(&mut svc)
    };
    let minutes = minutes_file(&db, 1);
    let backup = src.path().join("backup");
    ok(run(&["backup", backup.to_str().unwrap()], &db));
    let manifest = std::fs::read_to_string(backup.join("MANIFEST.sha256")).unwrap();
    assert!(manifest.contains("referater/moede-1.md"), "{manifest}");

    let dst = tempfile::tempdir().unwrap();
    let restored = db_in(dst.path());
    ok(run(&["restore", backup.to_str().unwrap()], &restored));
    let svc = Service::open(&restored, false, &infohus::user::os_user()).unwrap();
    assert_eq!(svc.meetings().unwrap(), vec![meeting]);
    assert_eq!(svc.topics().unwrap(), vec!["Sociale medier".to_string()]);
    assert_eq!(minutes_file(&restored, 1), minutes);
    assert!(svc.check(|_| {}).problems.is_empty());
}

/// Where each kind of record goes in an export: `Some(field)`, or `None` for what is rebuilt
/// from the rest or is the store's own bookkeeping. The journal is the source of truth: every
/// kind of change in it must have its place; the view is derived from the journal.
fn place(kind: &str) -> Result<Option<&'static str>, String> {
    Ok(match kind {
        "journal:Events" => Some("cases"),
        "journal:audit" => Some("audit"),
        "journal:MeetingCreated" | "journal:MeetingSaved" => Some("meetings"),
        "journal:Topics" => Some("topics"),
        "journal:Roster" => Some("roster"),
        "journal:AccountSetting" => Some("account_settings"),
        "journal:OverdueNoted" => Some("overdue"),
        "journal:Purged" | "journal:Tombstones" => Some("tombstones"),
        "journal:DemoData" => Some("demo"),
        "journal:NextCaseNo" => Some("next_case_no"),
        "drafts" => Some("drafts"),
        // Which drafts became cases: the drafts file's own bookkeeping.
        "journal:DraftsConsumed" => None,
        // The view: states, summaries, indexes, counters — rebuilt from the journal.
        k if k.starts_with("view:") => None,
        other => return Err(other.to_string()),
    })
}

/// One of every kind of record: cases with legal items and a closed, purged one, a draft,
/// views, the overdue count, a meeting with the topic bank and participants, and an account's
/// console setting.
fn everything(dir: &Path) -> Service {
    let mut svc = service(dir);
    svc.fill_demo(20, 7, |_| {}).unwrap();
    let m = with_a_meeting(&mut svc);
    svc.set_meeting_position(m.no, 1).unwrap();
    let gone = file(&mut svc, "Bo Lund", "", "Kort sag.");
    svc.record(
        gone,
        Command::Close(Closure {
            date: now().date(),
            reason: ClosureReason::Unfounded,
            summary: "Ubegrundet.".into(),
            waivers: Vec::new(),
            no_reviews_because: Some("Ingen grund.".into()),
        }),
        None,
    )
    .unwrap();
    svc.case(1).unwrap();
    svc.work_queue().unwrap();
    svc.set_now(now() + Days::new(800));
    svc.purge(|_| {}).unwrap();
    svc.set_now(now());
    let mut d = svc
        .new_draft(infohus::domain::draft::FormKind::Intake, None)
        .unwrap();
    d.edit_intake(|f| f.person_name = "Halv Skrevet".into());
    svc.save_draft(&d).unwrap();
    svc
}

#[test]
fn every_kind_of_record_in_the_store_has_a_place_in_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let svc = everything(dir.path());
    let kinds = svc.store().record_kinds().unwrap();
    let mut unplaced = Vec::new();
    for (kind, _) in &kinds {
        if let Err(k) = place(kind) {
            unplaced.push(k);
        }
    }
    assert!(
        unplaced.is_empty(),
        "kinds of record with no place in the export: {unplaced:?} — add them to ExportDoc \
         (and import), or list them here as rebuilt on import"
    );
    for want in [
        "journal:Purged",
        "journal:MeetingCreated",
        "journal:Topics",
        "journal:AccountSetting",
        "journal:OverdueNoted",
        "drafts",
    ] {
        assert!(
            kinds.iter().any(|(k, _)| k == want),
            "the test database lacks {want}: {kinds:?}"
        );
    }

    // And what the export carries comes back: exported again, the same (but the audit log,
    // which the import adds to), and the view rebuilt to the same size.
    let doc = svc.export(|_| {}).unwrap();
    let other = tempfile::tempdir().unwrap();
    let back = Service::open(&db_in(other.path()), true, "mette").unwrap();
    back.import(doc.clone(), |_| {}).unwrap();
    let again = back.export(|_| {}).unwrap();
    assert_eq!(again.cases, doc.cases);
    assert_eq!(again.drafts, doc.drafts);
    assert_eq!(again.tombstones, doc.tombstones);
    assert_eq!(again.meetings, doc.meetings);
    assert_eq!(again.topics, doc.topics);
    assert_eq!(again.roster, doc.roster);
    assert_eq!(again.account_settings, doc.account_settings);
    assert_eq!(again.overdue, doc.overdue);
    assert_eq!(again.next_case_no, doc.next_case_no);
    assert_eq!(again.demo, doc.demo);
    assert!(
        again
            .audit
            .windows(doc.audit.len())
            .any(|w| w == doc.audit.as_slice()),
        "the backup's log is in the new one, whole and in order"
    );
    let view = |s: &Service| -> Vec<(String, u64)> {
        s.store()
            .record_kinds()
            .unwrap()
            .into_iter()
            .filter(|(k, _)| k.starts_with("view:") && k != "view:meta")
            .collect()
    };
    assert_eq!(view(&back), view(&svc));
}

/// An export whose case 1 holds a 5 MB name once imported with status 0, and the case then
/// read as damaged ("LimitExceeded"). The store's one set of limits refuses it before anything
/// is written, naming the case and the field in one sentence.
#[test]
fn an_import_with_a_text_longer_than_the_store_keeps_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    {
        let mut svc = os_service(dir.path());
        for i in 0..3 {
            file(&mut svc, &format!("Person {i}"), "", "Lærer ringer");
        }
    }
    let json = dir.path().join("export.json");
    ok(run(
        &["export", "--json", "-o", json.to_str().unwrap()],
        &db,
    ));
    let text = std::fs::read_to_string(&json).unwrap();
    let long = "A".repeat(5_000_000);
    let text = text.replacen("\"Person 0\"", &format!("\"{long}\""), 1);
    std::fs::write(&json, text).unwrap();

    let other = tempfile::tempdir().unwrap();
    let restored = db_in(other.path());
    let out = infohus()
        .args(["import", json.to_str().unwrap(), "--db"])
        .arg(&restored)
        .env("INFOHUS_LANG", "da")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    // (A first start on a new database also says who was made admin, on a line of its own.)
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("infohus:")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(err.contains("Sag 1") && err.contains("navn"), "{err}");
    assert!(err.contains("5000000") && err.contains("200"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // Nothing was imported: the new database holds no case.
    if restored.exists() {
        let svc = Service::open(&restored, false, &infohus::user::os_user()).unwrap();
        assert_eq!(svc.store().case_count(), 0);
    }
}

/// The same limit holds on the way in through the service: an over-long summary is refused in
/// one sentence and the case keeps what it had.
#[test]
fn an_over_long_closing_summary_is_refused_and_the_case_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = os_service(dir.path());
    let no = file(&mut svc, "Ali Hansen", "", "Lærer ringer");
    let before = svc.case(no).unwrap().events.len();
    let summary = "x".repeat(infohus::domain::limits::TEXT_CHARS + 1);
    let err = svc
        .record(
            no,
            Command::Close(Closure {
                date: now().date(),
                reason: ClosureReason::Unfounded,
                summary,
                waivers: Vec::new(),
                no_reviews_because: Some("Ingen grund.".into()),
            }),
            None,
        )
        .expect_err("an over-long summary must be refused");
    let sentence = infohus::i18n::service_error(Lang::Da, &err);
    assert!(sentence.contains("højst 20000 tegn"), "{sentence}");
    assert_eq!(svc.case(no).unwrap().events.len(), before);
}
