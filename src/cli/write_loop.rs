//! Used by the crash test: files cases as fast as it can and prints `ACK <case> <text>` only
//! after each save is durable, so a test that kills it can check nothing acknowledged was lost.
//! With `--flow` each case also gets a note and is closed, and closed cases are purged; those
//! steps are acknowledged as `NOTE <case>`, `CLOSED <case>` and `PURGED <case>`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::{open, sentence};
use crate::api::Api;
use crate::domain::draft::{Draft, FormKind};
use crate::domain::flow::{Closure, ClosureReason, Command};
use crate::domain::intake::SourceCategory;
use crate::i18n::Lang;
use crate::rpc::ServerError;
use crate::service::{Filed, ServiceError};

pub fn run(db: &Path, lang: Lang, count: u64, flow: bool) -> anyhow::Result<ExitCode> {
    let svc = open(db, true, lang)?;
    // The harness kills the server too. A read is retried on a fresh connection, which in
    // single-account mode starts a new server; this loop stops instead, with the loss, so a
    // killed server always ends the run that was using it.
    let server = svc.server_pid();
    let same = |svc: &Api| -> anyhow::Result<()> {
        if svc.server_pid() == server {
            Ok(())
        } else {
            Err(sentence(lang, &ServiceError::Server(ServerError::Lost)))
        }
    };
    let stdout = std::io::stdout();
    let ack = |line: String| -> anyhow::Result<()> {
        let mut out = stdout.lock();
        writeln!(out, "{line}")?;
        out.flush()?;
        Ok(())
    };
    for i in 0..count {
        let mut d: Draft = svc
            .new_draft(FormKind::Intake, None)
            .map_err(|e| sentence(lang, &e))?;
        let mut form = d.intake();
        form.person_name = format!("Person {i}");
        form.description = format!("write-loop {} {i}", std::process::id());
        form.source = Some(SourceCategory::Other);
        d.set_intake(&form);
        d = svc.save_draft(&d).map_err(|e| sentence(lang, &e))?;
        same(&svc)?;
        let Filed::New(s) = svc.file(&d).map_err(|e| sentence(lang, &e))? else {
            continue;
        };
        ack(format!("ACK {} {}", s.no, form.description))?;
        if !flow {
            continue;
        }
        svc.add_note(s.no, format!("note {i}"))
            .map_err(|e| sentence(lang, &e))?;
        ack(format!("NOTE {}", s.no))?;
        let closure = Closure {
            date: svc.today(),
            reason: ClosureReason::Unfounded,
            summary: "write-loop".into(),
            waivers: Vec::new(),
            no_reviews_because: Some("write-loop".into()),
        };
        svc.record(s.no, Command::Close(closure), None)
            .map_err(|e| sentence(lang, &e))?;
        ack(format!("CLOSED {}", s.no))?;
        if i % 2 == 1 {
            let report = svc.purge(|_| {}).map_err(|e| sentence(lang, &e))?;
            for p in report.purged {
                ack(format!("PURGED {}", p.no))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
