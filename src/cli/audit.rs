//! `infohus audit`: the audit log, one entry per line, and `audit verify` for its hash chain.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;

use super::{open, sentence};
use crate::i18n::Lang;
use crate::i18n::access::{self as tx, A};
use crate::service::AuditFilter;
use crate::store::audit::hex;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain from the first entry; names the first bad entry (non-zero exit).
    Verify,
}

pub fn run(
    db: &Path,
    lang: Lang,
    action: Option<AuditCommand>,
    case: Option<u64>,
    user: Option<String>,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let svc = open(db, false, lang)?;
    if let Some(AuditCommand::Verify) = action {
        let v = svc.verify_audit().map_err(|e| sentence(lang, &e))?;
        if as_json {
            let problem = v.problem.as_ref().map(|p| {
                serde_json::json!({
                    "entry": p.no,
                    "at": p.at,
                    "kind": format!("{:?}", p.kind),
                    "text": tx::problem(lang, p),
                })
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "intact": problem.is_none(),
                    "entries": v.entries,
                    "last_link": hex(&v.link),
                    "problem": problem,
                }))?
            );
            return Ok(if v.problem.is_some() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            });
        }
        return Ok(match v.problem {
            Some(p) => {
                eprintln!("infohus: {}", tx::problem(lang, &p));
                ExitCode::FAILURE
            }
            None => {
                println!(
                    "{}: {} · {} {}",
                    A::AuditIntact.get(lang),
                    match lang {
                        Lang::Da => format!("{} poster", v.entries),
                        Lang::En => format!("{} entries", v.entries),
                    },
                    A::LastLink.get(lang),
                    hex(&v.link)
                );
                ExitCode::SUCCESS
            }
        });
    }
    let entries = svc
        .audit_log(&AuditFilter { case, user })
        .map_err(|e| sentence(lang, &e))?;
    if as_json {
        let list: Vec<serde_json::Value> = entries
            .iter()
            .map(|(no, e)| {
                serde_json::json!({
                    "no": no,
                    "at": e.at,
                    "user": e.user,
                    "case": e.action.case(),
                    "action": e.action,
                    "text": tx::action(lang, &e.action),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(ExitCode::SUCCESS);
    }
    if entries.is_empty() {
        println!("{}", A::NoEntries.get(lang));
    }
    for (no, e) in &entries {
        println!("{}", tx::entry_line(lang, *no, e));
    }
    Ok(ExitCode::SUCCESS)
}
