//! The command line: one file per subcommand. Every failure is one sentence and a non-zero
//! exit; nothing is changed by a command that fails.

mod access;
mod backup;
mod case;
mod check;
mod console;
mod demo;
mod progress;
mod snapshot;
mod write_loop;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::i18n::{self, Lang};
use crate::service::{Service, ServiceError};

/// The database used when no --db is given, relative to where infohus is started.
pub const DEFAULT_DB: &str = "data/infohus.db";

#[derive(Debug, Parser)]
#[command(
    name = "infohus",
    version,
    about = "Sagskonsol for SSP / Infohus Kommune — case console for SSP teams",
    long_about = "Without a subcommand, infohus opens the full-screen console. \
                  When the default database does not exist yet, it is created with demo cases."
)]
pub struct Args {
    /// Database directory (default: data/infohus.db).
    #[arg(long, global = true, env = "INFOHUS_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Language of the interface: da (default) or en.
    #[arg(long, global = true, env = "INFOHUS_LANG", value_name = "da|en")]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill a database with realistic fictional cases (dates relative to today).
    Demo {
        /// How many cases to add.
        #[arg(long, default_value_t = 300)]
        cases: usize,
        /// Seed for the generator; the same seed gives the same cases.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Write a full, lossless backup as JSON to standard output (or --output).
    Export {
        /// JSON is the only format; the flag makes that explicit in scripts.
        #[arg(long, required = true)]
        json: bool,
        /// Write to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Restore a backup made with `export --json` into a new, empty database.
    Import {
        /// The JSON file to read.
        file: PathBuf,
    },
    /// Print one case as plain text: the summary (for the municipality's case system) or a
    /// draft answer to the person's request for access (GDPR art. 15).
    #[command(group(clap::ArgGroup::new("what").required(true).args(["summary", "access_request"])))]
    Case {
        /// Case number.
        number: u64,
        /// Print the plain-text summary.
        #[arg(long)]
        summary: bool,
        /// Print a draft answer to a request for access, for a jurist to review.
        #[arg(long)]
        access_request: bool,
    },
    /// Write a consistent snapshot of the database and the team's files into DIR, with a
    /// SHA-256 manifest (MANIFEST.sha256).
    Backup {
        /// A new or empty directory.
        dir: PathBuf,
    },
    /// Restore a backup made with `backup` into --db, after checking every file against its
    /// manifest; the replaced database and files are kept in before-restore-<time>/.
    Restore {
        /// The backup directory.
        dir: PathBuf,
    },
    /// Verify that every record decodes and every index matches; non-zero exit on problems.
    Check {
        /// Rebuild states, summaries and indexes from the event histories.
        #[arg(long)]
        repair: bool,
    },
    /// Test helper: files cases in a loop, printing a line after each durable save.
    #[command(hide = true, name = "__write-loop")]
    WriteLoop {
        #[arg(long, default_value_t = u64::MAX)]
        count: u64,
    },
}

pub fn lang_of(args: &Args) -> anyhow::Result<Lang> {
    match &args.lang {
        None => Ok(Lang::Da),
        Some(s) => Lang::parse(s).ok_or_else(|| {
            anyhow::anyhow!(
                "unknown language \"{s}\"; use da or en (ukendt sprog; brug da eller en)"
            )
        }),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let lang = lang_of(&args)?;
    let explicit_db = args.db.is_some();
    let db = args.db.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_DB));
    match args.command {
        None => console::run(&db, explicit_db, lang),
        Some(Command::Demo { cases, seed }) => demo::run(&db, lang, cases, seed),
        Some(Command::Export { json: _, output }) => backup::export(&db, lang, output.as_deref()),
        Some(Command::Import { file }) => backup::import(&db, lang, &file),
        Some(Command::Case {
            number,
            access_request: true,
            ..
        }) => access::run(&db, lang, number),
        Some(Command::Case { number, .. }) => case::summary(&db, lang, number),
        Some(Command::Check { repair }) => check::run(&db, lang, repair),
        Some(Command::Backup { dir }) => snapshot::backup(&db, lang, &dir),
        Some(Command::Restore { dir }) => snapshot::restore(&db, lang, &dir),
        Some(Command::WriteLoop { count }) => write_loop::run(&db, lang, count),
    }
}

/// Opens the service, turning failure into the user's sentence.
pub fn open(db: &Path, create: bool, lang: Lang) -> anyhow::Result<Service> {
    Service::open(db, create, &crate::user::os_user()).map_err(|e| sentence(lang, &e))
}

pub fn sentence(lang: Lang, e: &ServiceError) -> anyhow::Error {
    anyhow::anyhow!(i18n::service_error(lang, e))
}
