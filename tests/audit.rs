//! Identity, roles and the audit trail: who gets what, and that tampering with the log is found.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use infohus::domain::access::{Permission, Role};
use infohus::domain::audit::{AuditAction, AuditEntry, Viewer};
use infohus::domain::draft::FormKind;
use infohus::service::{AuditFilter, Notice, Service, ServiceError};
use infohus::store::audit::{AuditHead, audit_records_for_test, link, set_audit_record_for_test};
use infohus::store::records::{self, StoredAudit};

fn open_as(dir: &Path, user: &str) -> Result<Service, ServiceError> {
    let mut s = Service::open(&db_in(dir), true, user)?;
    s.set_now(now());
    Ok(s)
}

fn write_users(dir: &Path, text: &str) {
    std::fs::write(dir.join("users.toml"), text).unwrap();
}

/// A team database: anna coordinates, bo is a member, sif sees statistics, ib administers.
fn team() -> (tempfile::TempDir, u64) {
    let dir = tempfile::tempdir().unwrap();
    write_users(
        dir.path(),
        "[users]\nanna = [\"coordinator\"]\nbo = [\"member\"]\nsif = [\"viewer\"]\nib = [\"admin\"]\n",
    );
    let mut anna = open_as(dir.path(), "anna").unwrap();
    let no = file(&mut anna, "Søren Hansen", "", "Lærer ringer");
    (dir, no)
}

fn denied<T>(r: Result<T, ServiceError>) -> bool {
    matches!(r, Err(ServiceError::Denied(_)))
}

// ---- roles ---------------------------------------------------------------------------------

#[test]
fn the_first_account_on_a_new_data_directory_becomes_admin_and_coordinator() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = open_as(dir.path(), "mette").unwrap();
    assert_eq!(svc.roles(), &[Role::Coordinator, Role::Admin]);
    assert_eq!(
        svc.take_notice(),
        Some(Notice::FirstAdmin {
            account: "mette".into()
        })
    );
    assert_eq!(svc.take_notice(), None, "said once");
    drop(svc);
    let text = std::fs::read_to_string(dir.path().join("users.toml")).unwrap();
    assert!(
        text.contains("mette = [\"coordinator\", \"admin\"]"),
        "{text}"
    );
    // From now on the file decides: another account is not let in on its own say.
    assert!(matches!(
        open_as(dir.path(), "bo"),
        Err(ServiceError::UnknownAccount(u)) if u == "bo"
    ));
}

#[test]
fn an_unknown_account_is_refused_and_the_refusal_is_audited() {
    let (dir, _) = team();
    assert!(matches!(
        open_as(dir.path(), "mallory"),
        Err(ServiceError::UnknownAccount(_))
    ));
    let anna = open_as(dir.path(), "anna").unwrap();
    let tries = anna
        .audit_log(&AuditFilter {
            user: Some("mallory".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(tries.len(), 1);
    assert_eq!(tries[0].1.action, AuditAction::LoginRefused);
}

#[test]
fn a_viewer_gets_statistics_only() {
    let (dir, no) = team();
    let sif = open_as(dir.path(), "sif").unwrap();
    assert!(sif.may(Permission::Statistics));
    assert!(denied(sif.work_queue()));
    assert!(denied(sif.case(no)));
    assert!(denied(sif.list(&Default::default(), 0, 10)));
    assert!(denied(sif.commit_search("Søren")));
    assert!(denied(sif.new_draft(FormKind::Intake, None)));
    assert!(denied(sif.drafts()));
    assert!(denied(sif.add_note(no, "x")));
    assert!(denied(sif.reveal_cpr(no)));
    assert!(denied(sif.export(|_| {})));
    assert!(denied(sif.audit_log(&AuditFilter::default())));
    assert!(denied(sif.users()));
}

#[test]
fn a_member_works_on_cases_but_has_no_oversight_or_user_administration() {
    let (dir, no) = team();
    let mut bo = open_as(dir.path(), "bo").unwrap();
    assert_eq!(bo.work_queue().unwrap().open, 1);
    let view = bo.case(no).unwrap();
    assert_eq!(
        view.last_viewed, None,
        "'last viewed by' is for coordinators"
    );
    bo.add_note(no, "Talt med skolen").unwrap();
    assert_eq!(file(&mut bo, "Aisha Ali", "", "Nabo ringer"), no + 1);
    assert!(denied(bo.audit_log(&AuditFilter::default())));
    assert!(denied(bo.verify_audit()));
    assert!(denied(bo.export(|_| {})));
    assert!(denied(bo.users()));
    assert!(denied(bo.set_user("bo", &[Role::Admin], false)));
}

#[test]
fn a_coordinator_has_everything_on_cases_and_sees_who_looked_before() {
    let (dir, no) = team();
    {
        let bo = open_as(dir.path(), "bo").unwrap();
        bo.case(no).unwrap();
    }
    let anna = open_as(dir.path(), "anna").unwrap();
    let view = anna.case(no).unwrap();
    assert_eq!(
        view.last_viewed,
        Some(Viewer {
            user: "bo".into(),
            at: now()
        })
    );
    // Opening it again myself does not hide bo.
    assert_eq!(anna.case(no).unwrap().last_viewed.unwrap().user, "bo");
    anna.add_note(no, "Opfølgning aftalt").unwrap();
    assert!(anna.export(|_| {}).is_ok());
    assert!(anna.verify_audit().unwrap().problem.is_none());
    assert!(!anna.audit_log(&AuditFilter::default()).unwrap().is_empty());
    assert!(denied(anna.users()), "user administration is the admin's");
}

#[test]
fn an_admin_administers_accounts_but_sees_no_case() {
    let (dir, no) = team();
    let ib = open_as(dir.path(), "ib").unwrap();
    assert!(denied(ib.case(no)));
    ib.set_user("cille", &[Role::Member, Role::Viewer], true)
        .unwrap();
    ib.set_user("bo", &[Role::Coordinator], false).unwrap();
    ib.remove_user("sif").unwrap();
    assert!(matches!(
        ib.remove_user("ib"),
        Err(ServiceError::Users(
            infohus::service::users::UsersError::LastAdmin
        ))
    ));
    let users = ib.users().unwrap();
    assert_eq!(
        users.roles("cille"),
        Some(&[Role::Member, Role::Viewer][..])
    );
    assert_eq!(users.roles("bo"), Some(&[Role::Coordinator][..]));
    assert_eq!(users.roles("sif"), None);
    drop(ib);
    assert!(open_as(dir.path(), "sif").is_err());
    assert!(open_as(dir.path(), "cille").unwrap().case(no).is_ok());
}

// ---- what is audited -------------------------------------------------------------------------

fn actions(svc: &Service, case: Option<u64>) -> Vec<AuditAction> {
    svc.audit_log(&AuditFilter {
        case,
        ..AuditFilter::default()
    })
    .unwrap()
    .into_iter()
    .map(|(_, e)| e.action)
    .collect()
}

#[test]
fn every_change_view_summary_and_reveal_of_a_case_is_an_entry_with_user_and_case() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = open_as(dir.path(), "mette").unwrap();
    let no = file(&mut svc, "Søren Hansen", "010203-1234", "Lærer ringer");
    svc.case(no).unwrap();
    // Reloading the case the session has open is not another view.
    svc.reload_case(no).unwrap();
    svc.add_note(no, "Hemmelig note").unwrap();
    svc.reveal_cpr(no).unwrap();
    svc.case_summary(no).unwrap();
    assert_eq!(
        actions(&svc, Some(no)),
        vec![
            AuditAction::Changed {
                case: no,
                first_event: 0,
                events: 1
            },
            AuditAction::CaseViewed { case: no },
            AuditAction::Changed {
                case: no,
                first_event: 1,
                events: 1
            },
            AuditAction::CprRevealed { case: no },
            AuditAction::Summary { case: no },
        ]
    );
    // No case content in the log: neither the note nor the name nor the CPR number.
    let log = format!("{:?}", svc.audit_log(&AuditFilter::default()).unwrap());
    for secret in ["Hemmelig", "Søren", "010203", "Lærer"] {
        assert!(!log.contains(secret), "{secret} in {log}");
    }
}

#[test]
fn a_committed_search_is_audited_with_its_query_and_typing_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = open_as(dir.path(), "mette").unwrap();
    file(&mut svc, "Søren Hansen", "", "x");
    let before = actions(&svc, None).len();
    for prefix in ["S", "Sø", "Sør"] {
        let filter = infohus::service::ListFilter {
            text: prefix.into(),
            ..Default::default()
        };
        svc.list(&filter, 0, 10).unwrap();
    }
    assert_eq!(
        actions(&svc, None).len(),
        before,
        "keystrokes are not logged"
    );
    svc.commit_search("  Sør ").unwrap();
    svc.commit_search("").unwrap();
    assert_eq!(
        actions(&svc, None)[before..],
        [AuditAction::Searched {
            query: "Sør".into()
        }]
    );
}

#[test]
fn an_action_done_elsewhere_is_audited_through_the_service() {
    let dir = tempfile::tempdir().unwrap();
    let svc = open_as(dir.path(), "mette").unwrap();
    svc.audit(AuditAction::Minutes { meeting: 4 }).unwrap();
    let log = svc.audit_log(&AuditFilter::default()).unwrap();
    let (_, last) = log.last().unwrap();
    assert_eq!(
        last,
        &AuditEntry {
            at: now(),
            user: "mette".into(),
            action: AuditAction::Minutes { meeting: 4 }
        }
    );
}

// ---- the chain -----------------------------------------------------------------------------

fn run(args: &[&str], db: &Path) -> Output {
    infohus()
        .args(args)
        .arg("--db")
        .arg(db)
        .env("INFOHUS_LANG", "en")
        .output()
        .unwrap()
}

/// A database of the account running the tests with a few entries; returns its path.
fn logged_db(dir: &Path) -> PathBuf {
    let mut svc = os_service(dir);
    let no = file(&mut svc, "Søren Hansen", "", "Lærer ringer");
    svc.case(no).unwrap();
    svc.add_note(no, "Note").unwrap();
    svc.commit_search("Søren").unwrap();
    db_in(dir)
}

fn verify(db: &Path) -> Output {
    run(&["audit", "verify"], db)
}

fn tamper(db: &Path, f: impl FnOnce(&infohus::store::Store, &[(Vec<u8>, Vec<u8>)])) {
    let svc = Service::open(db, false, &infohus::user::os_user()).unwrap();
    let recs = audit_records_for_test(svc.store()).unwrap();
    f(svc.store(), &recs);
}

#[test]
fn verify_passes_on_a_fresh_and_on_a_demo_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    let demo = run(&["demo", "--cases", "30"], &db);
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let first = verify(&db);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("The log is intact"));
    let summary = run(&["case", "3", "--summary"], &db);
    assert!(summary.status.success());
    assert!(verify(&db).status.success());
    assert!(run(&["check"], &db).status.success());
}

#[test]
fn a_flipped_byte_in_an_entry_is_found_and_the_entry_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = logged_db(dir.path());
    tamper(&db, |store, recs| {
        let (key, value) = &recs[3];
        let mut v = value.clone();
        // A byte of the user name: the record still decodes, but no longer matches its link.
        let me = infohus::user::os_user().into_bytes();
        let i = v.windows(me.len()).position(|w| w == me).unwrap();
        v[i] ^= 0x01;
        set_audit_record_for_test(store, key, Some(&v)).unwrap();
    });
    let o = verify(&db);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("Audit entry 4 ("), "{e}");
    assert!(e.contains("altered"), "{e}");
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    assert!(
        !run(&["check"], &db).status.success(),
        "check reports it too"
    );
}

#[test]
fn every_single_flipped_byte_is_found() {
    let dir = tempfile::tempdir().unwrap();
    os_service(dir.path());
    let svc = Service::open(&db_in(dir.path()), false, &infohus::user::os_user()).unwrap();
    let recs = audit_records_for_test(svc.store()).unwrap();
    let (key, value) = recs.last().unwrap().clone();
    let n = recs.len() as u64;
    for i in 0..value.len() {
        let mut v = value.clone();
        v[i] ^= 0x40;
        set_audit_record_for_test(svc.store(), &key, Some(&v)).unwrap();
        let problem = svc.verify_audit().unwrap().problem;
        assert_eq!(problem.map(|p| p.no), Some(n), "byte {i}");
    }
    set_audit_record_for_test(svc.store(), &key, Some(&value)).unwrap();
    assert_eq!(svc.verify_audit().unwrap().problem, None);
}

#[test]
fn a_deleted_entry_is_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = logged_db(dir.path());
    tamper(&db, |store, recs| {
        set_audit_record_for_test(store, &recs[2].0, None).unwrap();
    });
    let o = verify(&db);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("Audit entry 3 "), "{e}");
    assert!(e.contains("missing or has been moved"), "{e}");
}

#[test]
fn two_swapped_entries_are_found_and_the_first_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = logged_db(dir.path());
    tamper(&db, |store, recs| {
        set_audit_record_for_test(store, &recs[4].0, Some(&recs[5].1)).unwrap();
        set_audit_record_for_test(store, &recs[5].0, Some(&recs[4].1)).unwrap();
    });
    let e = String::from_utf8_lossy(&verify(&db).stderr).into_owned();
    assert!(e.contains("Audit entry 5 "), "{e}");
}

#[test]
fn entries_cut_off_the_end_are_found() {
    let dir = tempfile::tempdir().unwrap();
    os_service(dir.path());
    let svc = Service::open(&db_in(dir.path()), false, &infohus::user::os_user()).unwrap();
    let recs = audit_records_for_test(svc.store()).unwrap();
    let (key, _) = recs.last().unwrap();
    set_audit_record_for_test(svc.store(), key, None).unwrap();
    let p = svc.verify_audit().unwrap().problem.unwrap();
    assert_eq!(p.no, recs.len() as u64);
    assert_eq!(p.kind, infohus::store::ProblemKind::Missing);
}

#[test]
fn audit_lists_entries_by_case_and_by_user_one_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = logged_db(dir.path());
    let o = run(&["audit", "--case", "1"], &db);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "filed, opened, changed: {text}");
    assert!(lines[1].contains("case 1 opened"), "{text}");
    let o = run(&["audit", "--user", &infohus::user::os_user()], &db);
    assert!(String::from_utf8_lossy(&o.stdout).contains("search: \"Søren\""));
    let none = run(&["audit", "--user", "nobody"], &db);
    assert!(String::from_utf8_lossy(&none.stdout).contains("No audit entries"));
}

#[test]
fn an_unlisted_account_is_refused_by_every_command_with_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = logged_db(dir.path());
    write_users(dir.path(), "[users]\nsomeone_else = [\"admin\"]\n");
    for args in [
        &["case", "1", "--summary"][..],
        &["export", "--json"],
        &["audit", "verify"],
        &["users"],
        &["check"],
    ] {
        let o = run(args, &db);
        assert!(!o.status.success(), "{args:?}");
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(e.contains("may not use infohus"), "{args:?}: {e}");
        assert_eq!(e.trim().lines().count(), 1, "{e}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn a_viewer_on_the_command_line_is_told_what_the_role_allows() {
    let dir = tempfile::tempdir().unwrap();
    let db = logged_db(dir.path());
    let me = infohus::user::os_user();
    write_users(
        dir.path(),
        &format!("[users]\n{me} = [\"viewer\"]\nboss = [\"admin\"]\n"),
    );
    let o = run(&["case", "1", "--summary"], &db);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("Your role does not give access to cases"), "{e}");
    assert!(o.stdout.is_empty());
}

#[test]
fn users_are_added_set_and_removed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = logged_db(dir.path());
    assert!(
        run(&["users", "add", "bo", "member", "viewer"], &db)
            .status
            .success()
    );
    assert!(
        run(&["users", "set", "bo", "coordinator"], &db)
            .status
            .success()
    );
    let bad = run(&["users", "add", "cille", "boss"], &db);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Unknown role \"boss\""));
    let list = run(&["users"], &db);
    let text = String::from_utf8_lossy(&list.stdout).into_owned();
    assert!(
        text.contains("bo") && text.contains("coordinator"),
        "{text}"
    );
    assert!(!text.contains("cille"));
    let me = infohus::user::os_user();
    let last = run(&["users", "remove", &me], &db);
    assert!(String::from_utf8_lossy(&last.stderr).contains("last admin"));
    assert!(run(&["users", "remove", "bo"], &db).status.success());
}

// ---- golden fixtures -------------------------------------------------------------------------

fn fixture(name: &str, bytes: Vec<u8>) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    if std::env::var_os("INFOHUS_BLESS").is_some() {
        std::fs::write(&path, &bytes).unwrap();
    }
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {} missing: {e}", path.display()))
}

#[test]
fn golden_fixtures_of_the_chained_audit_format_decode() {
    let entry = AuditEntry {
        at: now(),
        user: "mette".into(),
        action: AuditAction::Searched {
            query: "Søren".into(),
        },
    };
    // Version 2 (ISO-text dates) is no longer written: read only, its link over its own bytes.
    let old = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit_v2.bin"),
    )
    .unwrap();
    let old_link = link(&[0; 32], &old[..old.len() - 32]);
    assert_eq!(
        records::decode_audit(&old).unwrap(),
        StoredAudit::Chained {
            no: 7,
            entry: entry.clone(),
            link: old_link
        }
    );
    let mut bytes = records::encode_audit_body(7, &entry).unwrap();
    let l = link(&[0; 32], &bytes);
    bytes.extend_from_slice(&l);
    let stored = fixture("audit_v3.bin", bytes);
    assert_eq!(
        records::decode_audit(&stored).unwrap(),
        StoredAudit::Chained {
            no: 7,
            entry,
            link: l
        }
    );
    let head = AuditHead {
        entries: 7,
        link: old_link,
        next_key: 9,
    };
    let stored = fixture(
        "audit_head_v1.bin",
        records::encode_audit_head(&head).unwrap(),
    );
    assert_eq!(records::decode_audit_head(&stored).unwrap(), head);
    let viewers = vec![Viewer {
        user: "mette".into(),
        at: now(),
    }];
    let old = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/viewers_v1.bin"),
    )
    .unwrap();
    assert_eq!(records::decode_viewers(&old).unwrap(), viewers);
    let stored = fixture("viewers_v2.bin", records::encode_viewers(&viewers).unwrap());
    assert_eq!(records::decode_viewers(&stored).unwrap(), viewers);
}

#[test]
fn a_log_from_before_the_chain_is_taken_in_as_its_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    {
        // A database from before the chain: unchained (version-1) entries first.
        let store = infohus::store::Store::open(&db, &Default::default()).unwrap();
        let old = std::fs::read(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit_v1.bin"),
        )
        .unwrap();
        infohus::store::audit::append_raw_audit_for_test(&store, vec![old.clone(), old]).unwrap();
    }
    let svc = open_as(dir.path(), "mette").unwrap();
    let v = svc.verify_audit().unwrap();
    assert_eq!(v.problem, None);
    let log = svc.audit_log(&AuditFilter::default()).unwrap();
    assert_eq!(log[0].1.action, AuditAction::CprRevealed { case: 7 });
    assert_eq!(log[1].1.action, AuditAction::CprRevealed { case: 7 });
    assert!(log.len() > 2, "new entries follow the old ones");
    drop(svc);
    // Changing an old entry after the chain took it in is found.
    let svc = open_as(dir.path(), "mette").unwrap();
    let (key, mut old) = audit_records_for_test(svc.store()).unwrap()[1].clone();
    let last = old.len() - 1;
    old[last] ^= 1;
    set_audit_record_for_test(svc.store(), &key, Some(&old)).unwrap();
    assert!(svc.verify_audit().unwrap().problem.is_some());
}

// ---- the chain across export and import ------------------------------------------------------

/// An export of a database whose log has a CPR reveal and a search, as JSON.
fn exported_json(dir: &Path) -> serde_json::Value {
    let db = logged_db(dir);
    {
        let svc = Service::open(&db, false, &infohus::user::os_user()).unwrap();
        svc.reveal_cpr(1).unwrap();
    }
    let file = dir.join("export.json");
    let out = run(&["export", "--json", "-o", file.to_str().unwrap()], &db);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap()
}

/// Imports `doc` into a new database in a directory of its own.
fn import(doc: &serde_json::Value, lang: &str) -> (tempfile::TempDir, Output) {
    let target = tempfile::tempdir().unwrap();
    let file = target.path().join("in.json");
    std::fs::write(&file, serde_json::to_vec(doc).unwrap()).unwrap();
    let out = infohus()
        .args(["import", file.to_str().unwrap(), "--db"])
        .arg(db_in(target.path()))
        .env("INFOHUS_LANG", lang)
        .output()
        .unwrap();
    (target, out)
}

/// Where the first entry of `action` is in the exported log (from 1), and the log without
/// it — in the readable entries and, when the export carries them, in the stored records.
fn without(doc: &serde_json::Value, action: &str) -> (usize, serde_json::Value) {
    let mut doc = doc.clone();
    let at = doc["audit"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| e["action"].get(action).is_some())
        .unwrap_or_else(|| panic!("no {action} in the log"));
    doc["audit"].as_array_mut().unwrap().remove(at);
    if let Some(records) = doc.get_mut("audit_records").and_then(|r| r.as_array_mut()) {
        records.remove(at);
    }
    (at + 1, doc)
}

fn refused_naming(out: &Output, no: usize) -> String {
    let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
    assert!(!out.status.success(), "the import went through: {err}");
    assert_eq!(err.lines().count(), 1, "one sentence: {err}");
    assert!(err.contains(&format!(" {no} ")), "entry {no} named: {err}");
    err
}

#[test]
fn entries_deleted_from_an_export_are_found_on_import_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let doc = exported_json(dir.path());
    for action in ["CprRevealed", "Searched"] {
        let (no, laundered) = without(&doc, action);
        let (target, out) = import(&laundered, "en");
        let said = refused_naming(&out, no);
        assert!(said.contains("Audit entry"), "{said}");
        assert!(!db_in(target.path()).exists(), "nothing imported: {said}");
        let (_, out) = import(&laundered, "da");
        assert!(refused_naming(&out, no).contains("Logpost"));
    }
    // The readable entries changed while the stored records were left alone: the same.
    let mut edited = doc.clone();
    let (no, _) = without(&doc, "CprRevealed");
    edited["audit"][no - 1]["user"] = serde_json::Value::from("someone-else");
    let (_, out) = import(&edited, "en");
    refused_naming(&out, no);
}

#[test]
fn an_import_takes_the_log_in_as_it_was_and_audit_verify_walks_the_old_chain() {
    let dir = tempfile::tempdir().unwrap();
    let doc = exported_json(dir.path());
    let (target, out) = import(&doc, "en");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let db = db_in(target.path());
    let out = verify(&db);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The backup's entries are the start of the new log, in their places, byte for byte.
    let svc = Service::open(&db, false, &infohus::user::os_user()).unwrap();
    let before = doc["audit"].as_array().unwrap().len();
    let log = svc.store().audit_entries().unwrap();
    let original: Vec<AuditEntry> = serde_json::from_value(doc["audit"].clone()).unwrap();
    assert_eq!(log[..before], original[..]);
    assert!(
        log[before..]
            .iter()
            .any(|e| matches!(e.action, AuditAction::Imported { .. })),
        "the import itself follows"
    );
}

#[test]
fn check_names_an_altered_audit_entry_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = logged_db(dir.path());
    tamper(&db, |store, recs| {
        let (key, value) = &recs[3];
        let mut v = value.clone();
        let me = infohus::user::os_user().into_bytes();
        let i = v.windows(me.len()).position(|w| w == me).unwrap();
        v[i] ^= 0x01;
        set_audit_record_for_test(store, key, Some(&v)).unwrap();
    });
    let o = infohus()
        .args(["check", "--db"])
        .arg(&db)
        .env("INFOHUS_LANG", "da")
        .output()
        .unwrap();
    assert!(!o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Logpost 4"), "{out}");
    assert!(out.contains("er blevet ændret"), "{out}");
    assert!(
        !out.contains("audit entry"),
        "no English in the Danish report: {out}"
    );
}

#[test]
fn an_old_export_without_stored_records_imports_and_says_its_log_could_not_be_verified() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = exported_json(dir.path());
    if let Some(obj) = doc.as_object_mut() {
        obj.remove("audit_records");
        obj.remove("audit_link");
    }
    let (target, out) = import(&doc, "en");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("could not be verified") && said.contains("entries of this database"),
        "{said}"
    );
    assert!(verify(&db_in(target.path())).status.success());
}

#[test]
fn an_access_request_is_audited_as_its_own_action_not_as_a_view() {
    let dir = tempfile::tempdir().unwrap();
    let db = logged_db(dir.path());
    let o = run(&["case", "1", "--access-request"], &db);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&["audit", "--case", "1"], &db);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let last = text.lines().last().unwrap_or_default();
    assert!(last.contains("access request"), "{text}");
    assert!(!last.contains("opened"), "{text}");
}
