//! Retention: deletion dates, legal holds, purge and the tombstones it leaves; statistics over
//! what remains.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::{Months, NaiveDateTime};
use common::*;
use infohus::domain::draft::FormKind;
use infohus::domain::flow::{Closure, ClosureReason, Command};
use infohus::domain::stats::{Cell, Period};
use infohus::service::Service;
use infohus::store::records;

fn close(svc: &mut Service, no: u64, reviews: bool) {
    let c = Closure {
        date: svc.today(),
        reason: ClosureReason::Unfounded,
        summary: "Bekymringen afkræftet.".into(),
        waivers: Vec::new(),
        no_reviews_because: (!reviews).then(|| "Fraflyttet.".into()),
    };
    svc.record(no, Command::Close(c), None).unwrap();
}

fn months_later(m: u32) -> NaiveDateTime {
    now().checked_add_months(Months::new(m)).unwrap()
}

/// A closed case with reviews done, one with a review pending, one on legal hold, one
/// closed later (date in the future) and one still open.
fn five_cases(svc: &mut Service) -> [u64; 5] {
    let done = file(
        svc,
        "Søren Ali Hansen",
        "010110-4006",
        "Deler ekstreme videoer.",
    );
    let pending = file(svc, "Muhammad Aly", "", "Trusler fra familien.");
    let held = file(svc, "Mette Holm", "", "Nabo hører råb.");
    let later = file(svc, "Jonas Berg", "", "Fravær og uro.");
    let open = file(svc, "Ali Jensen", "", "Stadig åben.");
    close(svc, done, false);
    close(svc, pending, true);
    close(svc, held, false);
    svc.legal_hold(held, true, "Klagesag verserer").unwrap();
    svc.set_now(months_later(6));
    close(svc, later, false);
    [done, pending, held, later, open]
}

#[test]
fn closing_sets_the_deletion_date_from_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("infohus.toml"),
        "[retention]\nmonths_after_closure = 36\n",
    )
    .unwrap();
    let mut svc = os_service(dir.path());
    let no = file(&mut svc, "Søren Ali Hansen", "", "x");
    close(&mut svc, no, false);
    let view = svc.case(no).unwrap();
    let expected = now().date().checked_add_months(Months::new(36)).unwrap();
    assert_eq!(view.state.retention.deletion_date, Some(expected));
    assert_eq!(view.deletion_date, Some(expected));
    drop(svc);
    let out = infohus()
        .args(["case", "1", "--summary", "--db"])
        .arg(db_in(dir.path()))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("Slettedato"))
        .unwrap_or("");
    assert!(
        line.contains(&infohus::domain::dates::format_date(expected)),
        "{text}"
    );
}

#[test]
fn only_closed_cases_past_their_date_with_reviews_done_and_no_hold_are_purged() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = os_service(dir.path());
    let [done, pending, held, later, open] = five_cases(&mut svc);
    svc.set_now(months_later(25));
    let plan = svc.purge_plan().unwrap();
    assert_eq!(plan.cases.iter().map(|c| c.no).collect::<Vec<_>>(), [done]);
    assert_eq!((plan.held, plan.reviews_pending), (1, 1));
    let report = svc.purge(|_| {}).unwrap();
    assert_eq!(report.purged.len(), 1);
    assert!(svc.case(done).is_err(), "the purged case is gone");
    assert!(
        svc.store().line(done).unwrap().is_none(),
        "no queue line is left of it"
    );
    for kept in [pending, held, later, open] {
        assert!(svc.case(kept).is_ok(), "case {kept} is kept");
        assert!(svc.store().line(kept).unwrap().is_some());
    }
    assert!(svc.store().events(done).unwrap().is_empty());
    assert!(
        svc.store()
            .cases_by_cpr(&infohus::domain::cpr::parse_cpr("010110-4006").unwrap().cpr)
            .unwrap()
            .is_empty()
    );
    let audit = svc.store().audit_entries().unwrap();
    assert!(audit.iter().any(|e| matches!(
        e.action,
        infohus::domain::audit::AuditAction::Purged { case } if case == done
    )));
    let report = svc.check(|_| {});
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // The number is never handed out again.
    let next = file(&mut svc, "Ny Person", "", "ny");
    assert!(next > open);
}

/// Purging must remove the person from the journal itself — the source of truth — not merely
/// hide the case: no byte of the purged case's name or description is left in any segment,
/// while the other cases' texts all are, and the database reopens clean.
#[test]
fn a_purged_case_leaves_no_trace_in_the_journal_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = os_service(dir.path());
    let [done, ..] = five_cases(&mut svc);
    let journal_text = |dir: &std::path::Path| -> Vec<u8> {
        let mut all = Vec::new();
        for e in std::fs::read_dir(db_in(dir).join("journal")).unwrap() {
            all.extend(std::fs::read(e.unwrap().path()).unwrap());
        }
        all
    };
    let holds =
        |hay: &[u8], needle: &str| hay.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(holds(&journal_text(dir.path()), "Søren Ali Hansen"));
    svc.set_now(months_later(25));
    let report = svc.purge(|_| {}).unwrap();
    assert_eq!(
        report.purged.iter().map(|p| p.no).collect::<Vec<_>>(),
        [done]
    );
    let after = journal_text(dir.path());
    assert!(
        !holds(&after, "Søren Ali Hansen"),
        "the name is still in the journal"
    );
    assert!(
        !holds(&after, "Deler ekstreme videoer."),
        "the description is still there"
    );
    for kept in ["Muhammad Aly", "Mette Holm", "Jonas Berg", "Ali Jensen"] {
        assert!(holds(&after, kept), "{kept} was lost");
    }
    drop(svc);
    let svc = os_service(dir.path());
    assert!(svc.check(|_| {}).problems.is_empty());
    assert!(svc.case(done).is_err());
}

#[test]
fn lifting_the_hold_and_holding_the_reviews_lets_the_case_go() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = os_service(dir.path());
    let [_, pending, held, ..] = five_cases(&mut svc);
    svc.set_now(months_later(25));
    svc.legal_hold(held, false, "Klagesagen er afgjort")
        .unwrap();
    for months in [6, 12] {
        svc.record(
            pending,
            Command::HoldPostReview {
                months,
                date: svc.today(),
                summary: "Ingen ny bekymring.".into(),
            },
            None,
        )
        .unwrap();
    }
    let purged: Vec<u64> = svc
        .purge(|_| {})
        .unwrap()
        .purged
        .iter()
        .map(|p| p.no)
        .collect();
    assert!(
        purged.contains(&pending) && purged.contains(&held),
        "{purged:?}"
    );
}

#[test]
fn a_hold_needs_a_reason_and_is_in_the_chronology() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = os_service(dir.path());
    let no = file(&mut svc, "Søren", "", "x");
    assert!(svc.legal_hold(no, true, "  ").is_err());
    assert!(svc.legal_hold(no, false, "ingen").is_err());
    svc.legal_hold(no, true, "Aktindsigtssag").unwrap();
    let view = svc.case(no).unwrap();
    let lines: Vec<String> = view
        .events
        .iter()
        .map(|e| infohus::i18n::event(infohus::i18n::Lang::Da, &e.payload))
        .collect();
    assert!(
        lines.iter().any(|l| l.contains("Aktindsigtssag")),
        "{lines:?}"
    );
}

#[test]
fn the_tombstone_keeps_dates_and_categories_and_nothing_that_names_anyone() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = os_service(dir.path());
    let mut d = svc.new_draft(FormKind::Intake, None).unwrap();
    d.edit_intake(|f| f.person_name = "Søren Ali Hansen".into());
    d.edit_intake(|f| f.cpr = "010110-4006".into());
    d.edit_intake(|f| f.address = "Nørregade 1".into());
    d.edit_intake(|f| f.district = "Centrum".into());
    d.edit_intake(|f| f.school_work = "Nørrebro Skole".into());
    d.edit_intake(|f| f.description = "Lærer ringer: eleven deler ekstreme videoer.".into());
    d.edit_intake(|f| f.reporter_name = "Mette Lærer".into());
    d.edit_intake(|f| f.concerns = vec![infohus::domain::intake::ConcernType::Extremism]);
    d.edit_intake(|f| f.source = Some(infohus::domain::intake::SourceCategory::PrimarySchool));
    d = svc.save_draft(&d).unwrap();
    let no = match svc.file(&d).unwrap() {
        infohus::service::Filed::New(s) => s.no,
        _ => panic!("new case"),
    };
    close(&mut svc, no, false);
    svc.set_now(months_later(30));
    svc.purge(|_| {}).unwrap();
    let t = svc.store().tombstone(no).unwrap().expect("tombstone kept");
    assert_eq!(t.received, now().date());
    assert_eq!(t.closed, Some(now().date()));
    assert_eq!(t.outcome, Some(ClosureReason::Unfounded));
    assert_eq!(
        t.age_band,
        Some(infohus::domain::age::AgeBand::From15To17),
        "16 at intake, 19 at the purge: the band is the one at intake"
    );
    let bytes = records::encode_tombstone(&t).unwrap();
    for secret in [
        "Søren",
        "Hansen",
        "0101104006",
        "010110",
        "Nørregade",
        "Centrum",
        "Nørrebro",
        "videoer",
        "Mette",
    ] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} in the tombstone"
        );
    }
    // Statistics still count the purged concern.
    let s = svc.stats(Period::default()).unwrap();
    assert_eq!(s.total, Cell::Small);
}

#[test]
fn old_drafts_go_and_recent_ones_stay() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = os_service(dir.path());
    let mut old = svc.new_draft(FormKind::Intake, None).unwrap();
    old.edit_intake(|f| f.person_name = "Gammel".into());
    svc.save_draft(&old).unwrap();
    svc.set_now(months_later(2));
    let mut recent = svc.new_draft(FormKind::Intake, None).unwrap();
    recent.edit_intake(|f| f.person_name = "Ny".into());
    recent = svc.save_draft(&recent).unwrap();
    let report = svc.purge(|_| {}).unwrap();
    assert_eq!(report.drafts, 1);
    let left: Vec<_> = svc.drafts().unwrap().iter().map(|d| d.id).collect();
    assert_eq!(left, [recent.id]);
}

#[test]
fn the_purged_case_stays_gone_after_export_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = os_service(dir.path());
    let [done, ..] = five_cases(&mut svc);
    svc.set_now(months_later(25));
    svc.purge(|_| {}).unwrap();
    let doc = svc.export(|_| {}).unwrap();
    assert_eq!(doc.tombstones.len(), 1);
    let other = tempfile::tempdir().unwrap();
    let (mut copy, _) = import_into(other.path(), doc).unwrap();
    assert!(copy.store().tombstone(done).unwrap().is_some());
    assert!(copy.check(|_| {}).problems.is_empty());
    assert!(file(&mut copy, "Ny", "", "ny") > 5);
}

#[test]
fn purge_dry_run_lists_numbers_and_dates_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    {
        let mut svc = os_service(dir.path());
        let no = file(&mut svc, "Søren Ali Hansen", "", "x");
        // Closed long ago: the date has passed by the real clock the command runs on.
        svc.set_now(now() - chrono::Days::new(3 * 366 + 800));
        close(&mut svc, no, false);
    }
    let out = infohus()
        .args(["purge", "--dry-run", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("#1"), "{text}");
    assert!(!text.contains("Søren"), "{text}");
    let svc = Service::open(&db, false, &infohus::user::os_user()).unwrap();
    assert!(svc.case(1).is_ok(), "a dry run deletes nothing");
    drop(svc);
    let out = infohus().args(["purge", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success());
    let svc = Service::open(&db, false, &infohus::user::os_user()).unwrap();
    assert!(svc.case(1).is_err());
    assert!(svc.check(|_| {}).problems.is_empty());
}

#[test]
fn stats_json_suppresses_small_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    {
        let mut svc = os_service(dir.path());
        for i in 0..7 {
            file(&mut svc, &format!("Person {i}"), "", "x");
        }
    }
    let out = infohus()
        .args(["stats", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 7);
    // Every case has the same concern and source (a school), so those cells are 7.
    assert_eq!(v["per_concern"]["rows"]["Extremism"], 7);
    assert_eq!(v["per_source"]["rows"]["PrimarySchool"], 7);
    let bad = infohus()
        .args(["stats", "--from", "31-02-2026", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let err = String::from_utf8(bad.stderr).unwrap();
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}
