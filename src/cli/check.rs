use std::path::Path;
use std::process::ExitCode;

use super::progress::bar;
use super::sentence;
use crate::i18n::Lang;

pub fn run(db: &Path, lang: Lang, repair: bool) -> anyhow::Result<ExitCode> {
    let svc = super::connect(super::target(db, false, repair, lang), lang)?;
    let lost = svc.lost_saves().map_err(|e| sentence(lang, &e))?;
    if lost > 0 {
        eprintln!(
            "{}",
            match lang {
                Lang::Da => format!(
                    "{lost} gemninger var tabt og kan ikke genskabes herfra; resten repareres."
                ),
                Lang::En => format!(
                    "{lost} saves were lost and cannot be recovered from here; repairing the rest."
                ),
            }
        );
    }
    if repair {
        let done = svc.repair().map_err(|e| sentence(lang, &e))?;
        for d in &done {
            eprintln!("{}", crate::i18n::check::repaired(lang, d));
        }
    }
    let pb = bar(
        svc.case_count().map_err(|e| sentence(lang, &e))? as u64,
        "check",
    );
    let report = svc
        .check(|n| pb.set_position(n))
        .map_err(|e| sentence(lang, &e))?;
    pb.finish_and_clear();
    for p in &report.problems {
        println!("{}", crate::i18n::check::problem(lang, p));
    }
    let line = match lang {
        Lang::Da => format!(
            "{} sager, {} hændelser, {} kladder, {} logposter kontrolleret: {} {}",
            report.cases,
            report.events,
            report.drafts,
            report.audit_entries,
            report.problems.len(),
            if report.problems.len() == 1 {
                "problem"
            } else {
                "problemer"
            }
        ),
        Lang::En => format!(
            "{} cases, {} events, {} drafts, {} audit entries checked: {} problems",
            report.cases,
            report.events,
            report.drafts,
            report.audit_entries,
            report.problems.len()
        ),
    };
    println!("{line}");
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
