use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use super::progress::bar;
use super::{open, sentence};
use crate::i18n::Lang;
use crate::service::writeback::Writeback;
use crate::service::{ExportDoc, Service};

pub fn export(db: &Path, lang: Lang, output: Option<&Path>) -> anyhow::Result<ExitCode> {
    let svc = open(db, false, lang)?;
    let pb = bar(svc.case_count().unwrap_or(0) as u64, "export");
    // The server writes the JSON while it reads the cases; it arrives here in chunks and
    // goes straight to the file (or standard output), never whole in memory.
    match output {
        Some(path) => {
            // Written next to the target and renamed, so a failed export never leaves half a
            // file where a good backup was.
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot write in {}", dir.display()))?;
            {
                let mut w = BufWriter::with_capacity(1 << 20, Writeback::new(tmp.as_file()));
                svc.export_json(&mut w, |n| pb.set_position(n))
                    .map_err(|e| sentence(lang, &e))?;
                w.flush()?;
            }
            tmp.as_file().sync_all()?;
            tmp.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
            svc.export_json(&mut out, |n| pb.set_position(n))
                .map_err(|e| sentence(lang, &e))?;
            out.flush()?;
        }
    }
    pb.finish_and_clear();
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
        let pb = bar(doc.cases.len() as u64, "import");
        let minutes = doc.minutes.clone();
        let (mut svc, done) =
            Service::import_new(db, &crate::user::os_user(), doc, |n| pb.set_position(n))
                .map_err(|e| anyhow::anyhow!(crate::i18n::access::import_error(lang, &e)))?;
        pb.finish_and_clear();
        if let Some(n) = svc.take_notice() {
            eprintln!("{}", crate::i18n::access::notice(lang, &n));
        }
        // The minutes files go beside the new database once the import is in.
        svc.restore_minutes(&minutes)
            .map_err(|e| sentence(lang, &e))?;
        match lang {
            Lang::Da => println!("{} sager importeret til {}", done.cases, db.display()),
            Lang::En => println!("{} cases imported into {}", done.cases, db.display()),
        }
        if let Some(said) = crate::i18n::access::log_taken_in(lang, &done.log) {
            println!("{said}");
        }
        Ok(ExitCode::SUCCESS)
    })
}
