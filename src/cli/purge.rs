//! `infohus purge [--dry-run]`: deletes closed cases past their deletion date (DESIGN §7).
//! The listing names case numbers and dates only, never a person.

use std::path::Path;
use std::process::ExitCode;

use super::progress::bar;
use super::{open, sentence};
use crate::domain::dates::format_date;
use crate::i18n::Lang;
use crate::i18n::retention::{self as rt, R};

pub fn run(db: &Path, lang: Lang, dry_run: bool) -> anyhow::Result<ExitCode> {
    let svc = open(db, false, lang)?;
    let plan = svc.purge_plan().map_err(|e| sentence(lang, &e))?;
    if dry_run {
        if plan.cases.is_empty() {
            println!("{}", R::NothingToPurge.get(lang));
        } else {
            println!("{}", R::DryRunHead.get(lang));
            for c in &plan.cases {
                println!(
                    "  #{:<8} {}  {}",
                    c.no,
                    c.closed.map(format_date).unwrap_or_default(),
                    format_date(c.deletion_date)
                );
            }
        }
        println!("{}", rt::kept(lang, plan.held, plan.reviews_pending));
        let days = svc
            .config()
            .map_err(|e| sentence(lang, &e))?
            .retention
            .draft_days;
        println!("{}", rt::old_drafts(lang, plan.drafts, days));
        return Ok(ExitCode::SUCCESS);
    }
    let pb = bar(plan.cases.len() as u64, "purge");
    let report = svc
        .purge(|n| pb.set_position(n))
        .map_err(|e| sentence(lang, &e))?;
    pb.finish_and_clear();
    println!(
        "{}",
        rt::purged(
            lang,
            report.purged.len(),
            report.skipped.len(),
            report.drafts
        )
    );
    println!("{}", rt::kept(lang, plan.held, plan.reviews_pending));
    Ok(ExitCode::SUCCESS)
}
