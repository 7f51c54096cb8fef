use std::path::Path;
use std::process::ExitCode;

use super::progress::bar;
use super::{open, sentence};
use crate::i18n::Lang;

pub fn run(db: &Path, lang: Lang, cases: usize, seed: u64) -> anyhow::Result<ExitCode> {
    let svc = open(db, true, lang)?;
    let pb = bar(cases as u64, "demo");
    let written = svc
        .fill_demo(cases, seed, |n| pb.set_position(n))
        .map_err(|e| sentence(lang, &e))?;
    pb.finish_and_clear();
    match lang {
        Lang::Da => println!("{written} demosager skrevet til {}", db.display()),
        Lang::En => println!("{written} demo cases written to {}", db.display()),
    }
    Ok(ExitCode::SUCCESS)
}
