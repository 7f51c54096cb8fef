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
        let bad = svc.repair().map_err(|e| sentence(lang, &e))?;
        for b in &bad {
            eprintln!("{b}");
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
    // The audit chain's problem in the user's words; the others are the store's technical
    // findings, named by case and record.
    let audit = report.audit.as_ref().map(|a| (a.to_string(), a));
    for p in &report.problems {
        match &audit {
            Some((english, typed)) if english == p => {
                println!("{}", crate::i18n::access::problem(lang, typed))
            }
            _ => println!("{p}"),
        }
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
