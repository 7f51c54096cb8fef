//! `infohus backup DIR` and `infohus restore DIR`: a consistent snapshot with a checksum
//! manifest, verified in full before anything is replaced.

use std::path::Path;
use std::process::ExitCode;

use super::open;
use super::progress::bar;
use crate::i18n::Lang;
use crate::i18n::legal::{backed_up, restored, snapshot_error};
use crate::service::snapshot;

pub fn backup(db: &Path, lang: Lang, dir: &Path) -> anyhow::Result<ExitCode> {
    let svc = open(db, false, lang)?;
    let cases = svc.case_count().map_err(|e| super::sentence(lang, &e))?;
    let pb = bar(cases as u64, "backup");
    // Written by the server: on the shared host, DIR must be writable by its account.
    let files = svc
        .backup(dir, |n| pb.set_position(n))
        .map_err(|e| super::sentence(lang, &e))?;
    pb.finish_and_clear();
    println!("{}", backed_up(lang, files, cases, dir));
    Ok(ExitCode::SUCCESS)
}

pub fn restore(db: &Path, lang: Lang, dir: &Path) -> anyhow::Result<ExitCode> {
    super::offline(db, lang, || restore_here(db, lang, dir))
}

/// Replaces the database's files, so no server may have them open.
fn restore_here(db: &Path, lang: Lang, dir: &Path) -> anyhow::Result<ExitCode> {
    let fail = |e: snapshot::SnapshotError| anyhow::anyhow!(snapshot_error(lang, &e));
    let files = snapshot::read_manifest(dir).map_err(fail)?.len();
    let pb = bar(files as u64, "verify");
    let verified = snapshot::verify(dir, |n| pb.set_position(n)).map_err(fail)?;
    pb.finish_and_clear();
    let pb = bar(verified.1.cases.len() as u64, "restore");
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let done = snapshot::restore(dir, db, &crate::user::os_user(), &stamp, verified, |n| {
        pb.set_position(n)
    })
    .map_err(fail)?;
    pb.finish_and_clear();
    println!(
        "{}",
        restored(lang, done.cases, db, done.previous.as_deref())
    );
    Ok(ExitCode::SUCCESS)
}
