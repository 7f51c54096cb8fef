//! Used by the crash test: files cases as fast as it can and prints `ACK <case> <text>` only
//! after each save is durable, so a test that kills it can check nothing acknowledged was lost.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::{open, sentence};
use crate::domain::draft::Draft;
use crate::i18n::Lang;
use crate::service::Filed;

pub fn run(db: &Path, lang: Lang, count: u64) -> anyhow::Result<ExitCode> {
    let mut svc = open(db, true, lang)?;
    let stdout = std::io::stdout();
    for i in 0..count {
        let mut d: Draft = svc.new_draft(None).map_err(|e| sentence(lang, &e))?;
        d.form.person_name = format!("Person {i}");
        d.form.description = format!("write-loop {} {i}", std::process::id());
        svc.save_draft(&mut d).map_err(|e| sentence(lang, &e))?;
        if let Filed::New(s) = svc.file(&d).map_err(|e| sentence(lang, &e))? {
            let mut out = stdout.lock();
            writeln!(out, "ACK {} {}", s.no, d.form.description)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
