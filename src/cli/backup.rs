use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use super::progress::bar;
use super::{open, sentence};
use crate::i18n::Lang;
use crate::service::{ExportDoc, ImportError};

pub fn export(db: &Path, lang: Lang, output: Option<&Path>) -> anyhow::Result<ExitCode> {
    let svc = open(db, false, lang)?;
    let pb = bar(svc.case_count().unwrap_or(0) as u64, "export");
    let doc = svc
        .export(|n| pb.set_position(n))
        .map_err(|e| sentence(lang, &e))?;
    pb.finish_and_clear();
    match output {
        Some(path) => {
            // Written next to the target and renamed, so a failed export never leaves half a
            // file where a good backup was.
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let mut tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot write in {}", dir.display()))?;
            serde_json::to_writer_pretty(BufWriter::new(&mut tmp), &doc)?;
            tmp.as_file().sync_all()?;
            tmp.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn import(db: &Path, lang: Lang, file: &Path) -> anyhow::Result<ExitCode> {
    let f = File::open(file).map_err(|e| match lang {
        Lang::Da => anyhow::anyhow!("filen {} kan ikke åbnes: {e}", file.display()),
        Lang::En => anyhow::anyhow!("cannot open {}: {e}", file.display()),
    })?;
    let doc: ExportDoc = serde_json::from_reader(BufReader::new(f)).map_err(|e| match lang {
        // serde's own words are English: the place is what a Danish reader needs.
        Lang::Da => anyhow::anyhow!(
            "{} er ikke en gyldig infohus-eksport (fejl ved linje {}, kolonne {}); intet er importeret",
            file.display(),
            e.line(),
            e.column()
        ),
        Lang::En => anyhow::anyhow!(
            "{} is not a valid infohus export ({e}); nothing was imported",
            file.display()
        ),
    })?;
    // Into a new database only, so no server can be using it: done here, with the server
    // lock held so that none starts meanwhile.
    super::offline(db, lang, || {
        let svc = super::open_here(db, true, lang)?;
        let pb = bar(doc.cases.len() as u64, "import");
        let minutes = doc.minutes.clone();
        let n = svc
            .import(doc, |n| pb.set_position(n))
            .map_err(|e| match e {
                ImportError::Service(e) => sentence(lang, &e),
                e => anyhow::anyhow!(crate::i18n::import_error(lang, db, &e)),
            })?;
        pb.finish_and_clear();
        // The minutes files go beside the new database once the import is in.
        svc.restore_minutes(&minutes)
            .map_err(|e| sentence(lang, &e))?;
        match lang {
            Lang::Da => println!("{n} sager importeret til {}", db.display()),
            Lang::En => println!("{n} cases imported into {}", db.display()),
        }
        Ok(ExitCode::SUCCESS)
    })
}
