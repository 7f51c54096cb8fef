//! Shared test helpers: a pinned clock and ready-made intakes.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use infohus::domain::draft::Draft;
use infohus::domain::intake::{ConcernType, IntakeForm};
use infohus::service::{Filed, Service};

pub fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
}

pub fn db_in(dir: &Path) -> PathBuf {
    dir.join("infohus.db")
}

pub fn service(dir: &Path) -> Service {
    let mut s = Service::open(&db_in(dir), true, "mette").unwrap();
    s.set_now(now());
    s
}

/// Files an intake with the given person and description; returns the case number.
pub fn file(svc: &mut Service, name: &str, cpr: &str, description: &str) -> u64 {
    let mut d: Draft = svc.new_draft(None).unwrap();
    d.form.person_name = name.into();
    d.form.cpr = cpr.into();
    d.form.description = description.into();
    d.form.concerns = vec![ConcernType::Extremism];
    svc.save_draft(&mut d).unwrap();
    match svc.file(&d).unwrap() {
        Filed::New(s) => s.no,
        _ => panic!("expected a new case"),
    }
}

pub fn form(name: &str) -> IntakeForm {
    let mut f = IntakeForm::new(now());
    f.person_name = name.into();
    f
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_infohus")
}
