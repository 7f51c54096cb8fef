use std::path::Path;
use std::process::ExitCode;

use super::progress::bar;
use super::{open, sentence};
use crate::demo::Demo;
use crate::i18n::{self, Lang};

/// The demo generator, or the sentence for a table that cannot be read.
pub fn generator(lang: Lang) -> anyhow::Result<Demo> {
    Demo::load().map_err(|e| anyhow::anyhow!(i18n::demo::table_error(lang, &e)))
}

pub fn run(db: &Path, lang: Lang, cases: usize, seed: u64) -> anyhow::Result<ExitCode> {
    let demo = generator(lang)?;
    let mut svc = open(db, true, lang)?;
    let pb = bar(cases as u64, "demo");
    let written = svc
        .fill_demo(&demo, cases, seed, |n| pb.set_position(n))
        .map_err(|e| sentence(lang, &e))?;
    pb.finish_and_clear();
    match lang {
        Lang::Da => println!("{written} demosager skrevet til {}", db.display()),
        Lang::En => println!("{written} demo cases written to {}", db.display()),
    }
    Ok(ExitCode::SUCCESS)
}
