//! The service API: filing, linking, searching, backup and restore.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use infohus::domain::audit::AuditAction;
use infohus::domain::draft::FormKind;
use infohus::domain::stage::Stage;
use infohus::service::{Group, ImportError, ListFilter};

#[test]
fn export_then_import_round_trips_exactly() {
    let a = tempfile::tempdir().unwrap();
    let mut svc = service(a.path());
    let one = file(&mut svc, "Søren Hansen", "", "først");
    file(&mut svc, "Aisha Ali", "", "anden");
    svc.add_note(one, "Talt med skolen").unwrap();
    svc.link(one, 2).unwrap();
    let mut d = svc.new_draft(FormKind::Intake, None).unwrap();
    d.edit_intake(|f| f.person_name = "Halvfærdig".into());
    svc.save_draft(&d).unwrap();
    svc.reveal_cpr(one).unwrap();
    let exported = svc.export(|_| {}).unwrap();

    let b = tempfile::tempdir().unwrap();
    let mut restored = service(b.path());
    assert_eq!(restored.import(exported.clone(), |_| {}).unwrap(), 2);
    let mut again = restored.export(|_| {}).unwrap();
    // The restored log follows the restoring session's own entries (its login) and is
    // followed by the import itself: the audit trail is appended to, never replaced.
    let at = again
        .audit
        .windows(exported.audit.len())
        .position(|w| w == exported.audit.as_slice())
        .expect("the exported log is in the restored one, in order");
    assert_eq!(
        again.audit[at + exported.audit.len()].action,
        AuditAction::Imported { cases: 2 }
    );
    again.audit = exported.audit.clone();
    assert_eq!(
        serde_json::to_string(&exported).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
    assert!(restored.check(|_| {}).problems.is_empty());
    assert_eq!(
        restored.drafts().unwrap()[0].intake().person_name,
        "Halvfærdig"
    );
    // Numbering continues after the restored cases.
    assert_eq!(file(&mut restored, "Ny", "", "x"), 3);
}

#[test]
fn import_refuses_a_database_that_already_has_cases_and_changes_nothing() {
    let a = tempfile::tempdir().unwrap();
    let mut svc = service(a.path());
    file(&mut svc, "A", "", "x");
    let doc = svc.export(|_| {}).unwrap();
    let err = svc.import(doc, |_| {}).unwrap_err();
    assert!(matches!(err, ImportError::NotEmpty));
    assert_eq!(svc.case_count(), 1);
}

#[test]
fn an_inconsistent_export_is_refused_before_anything_is_written() {
    let a = tempfile::tempdir().unwrap();
    let mut svc = service(a.path());
    file(&mut svc, "A", "", "x");
    file(&mut svc, "B", "", "y");
    let mut doc = svc.export(|_| {}).unwrap();
    doc.cases[1].events[0].seq = 5;
    let b = tempfile::tempdir().unwrap();
    let target = service(b.path());
    assert!(matches!(
        target.import(doc, |_| {}),
        Err(ImportError::BadHistory { no: 2, .. })
    ));
    assert_eq!(target.case_count(), 0, "not even the good case was written");
}

#[test]
fn the_list_filters_by_stage_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    file(&mut svc, "Søren Hansen", "", "deler videoer");
    file(&mut svc, "Aisha Ali", "", "tvang");
    let all = svc.list(&ListFilter::default(), 0, 10).unwrap();
    assert_eq!(all.total, 2);
    assert_eq!(all.rows[0].no, 2, "newest first");
    let by_no = svc
        .list(
            &ListFilter {
                text: "1".into(),
                ..ListFilter::default()
            },
            0,
            10,
        )
        .unwrap();
    assert!(by_no.rows.iter().any(|r| r.no == 1));
    let closed = svc
        .list(
            &ListFilter {
                stage: Some(Stage::Closed),
                ..ListFilter::default()
            },
            0,
            10,
        )
        .unwrap();
    assert_eq!(closed.total, 0);
}

#[test]
fn the_work_queue_reads_open_cases_by_next_date_with_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let a = file(&mut svc, "A", "", "x");
    let b = file(&mut svc, "B", "", "y");
    svc.set_next_date(b, now().date(), "i dag").unwrap();
    let q = svc.work_queue().unwrap();
    assert_eq!(q.open, 2);
    let this_week = &q
        .groups
        .iter()
        .find(|g| g.group == Group::ThisWeek)
        .unwrap();
    assert_eq!(this_week.entries[0].line.no, b, "due today, this week");
    assert_eq!(q.total(Group::ThisWeek), 1);
    assert_eq!(q.total(Group::Overdue), 0);
    let later = &q.groups.iter().find(|g| g.group == Group::Later).unwrap();
    assert_eq!(later.entries[0].line.no, a);
    // Both are filed and not yet screened.
    assert_eq!(q.total(Group::AwaitingScreening), 2);
    // Tomorrow: nothing moved, but the case that was due today is now overdue.
    svc.set_now(now() + chrono::Days::new(1));
    assert_eq!(svc.work_queue().unwrap().total(Group::Overdue), 1);
}

#[test]
fn a_next_date_in_the_past_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let a = file(&mut svc, "A", "", "x");
    assert!(
        svc.set_next_date(a, now().date() - chrono::Days::new(1), "")
            .is_err()
    );
}
