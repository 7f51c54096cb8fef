//! The command line: one file per subcommand. Every failure is one sentence and a non-zero
//! exit; nothing is changed by a command that fails.

mod access;
mod audit;
mod backup;
mod case;
mod check;
mod console;
mod demo;
mod due;
mod meeting;
mod progress;
mod purge;
mod serve;
mod shell;
mod snapshot;
pub mod stats;
mod trends;
mod users;
mod write_loop;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::api::Api;
use crate::i18n::{self, Lang};
use crate::rpc::client::Target;
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
    /// The shared host's server socket (e.g. /run/infohus/infohus.sock). Without it, infohus
    /// uses that socket when it exists and no --db is given; otherwise it talks to (and if
    /// needed starts) a server of its own for the database.
    #[arg(long, global = true, env = "INFOHUS_SOCKET", value_name = "PATH")]
    pub socket: Option<PathBuf>,
    /// Language of the interface: da (default) or en.
    #[arg(long, global = true, env = "INFOHUS_LANG", value_name = "da|en")]
    pub lang: Option<String>,
    /// Start the console in redacted view (projector): initials and case numbers, no names,
    /// places or CPR. It stays on, also for the next start, until `R` turns it off.
    #[arg(long)]
    pub redacted: bool,
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
        /// JSON for scripts instead of text (CPR numbers masked as in the text).
        #[arg(long)]
        json: bool,
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
    /// The work queue for scripts and morning mail: overdue, due within N days, awaiting
    /// screening or joint review, requests and police feedback past due. No names or CPR.
    Due {
        /// Days ahead to include (default 7).
        #[arg(long, default_value_t = 7)]
        days: u32,
        /// JSON for scripts instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List meetings, or print one meeting's minutes (Markdown, case numbers only).
    Meeting {
        /// Meeting number; without it, the meetings are listed.
        number: Option<u64>,
        /// Print the minutes.
        #[arg(long)]
        minutes: bool,
        /// Write the minutes to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// JSON for scripts: the meetings, or the meeting as its minutes show it.
        #[arg(long, conflicts_with_all = ["minutes", "output"])]
        json: bool,
    },
    /// Delete closed cases past their deletion date (their post-closure reviews done, no legal
    /// hold), keeping anonymous counts; also old drafts.
    Purge {
        /// List what would be deleted (case numbers and dates only) and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Anonymous counts for the steering group; counts of 1-4 are shown as "<5".
    Stats {
        /// First day counted (dd-mm-yyyy or yyyy-mm-dd).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day counted.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// JSON instead of a plain-text table.
        #[arg(long)]
        json: bool,
    },
    /// Trends for the network meeting: concerns by district × concern type and by source,
    /// the last N months against the N before; counts of 1-4 are shown as "<5".
    Trends {
        /// Months in each period (1-18).
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=18))]
        months: u32,
        /// JSON instead of a plain-text table.
        #[arg(long)]
        json: bool,
    },
    /// Run the server that owns the database. Every other infohus command talks to it over a
    /// Unix socket; without --socket it serves this account only, in the data directory.
    Serve {
        /// Started by a client (single-account mode): report on standard output, log to
        /// the data directory, and exit a while after the last client has gone.
        #[arg(long, hide = true)]
        auto: bool,
        /// Create the database if it does not exist (a new shared host's first start).
        #[arg(long)]
        create: bool,
        /// Open a database whose last saves are known to be lost (for check --repair).
        #[arg(long, hide = true)]
        accept_loss: bool,
    },
    /// Print completions for a shell (bash, zsh or fish) on standard output.
    Completions { shell: shell::Shell },
    /// Print the manual page (roff) on standard output: infohus man | man -l -
    Man,
    /// Print the coordinators' guide (Danish, Markdown): infohus vejledning | less
    #[command(name = "vejledning", alias = "guide")]
    Guide,
    /// Test helper: files cases in a loop, printing a line after each durable save.
    #[command(hide = true, name = "__write-loop")]
    WriteLoop {
        #[arg(long, default_value_t = u64::MAX)]
        count: u64,
        /// Also carry each case through flow events, closure and purge.
        #[arg(long)]
        flow: bool,
    },
    /// List the accounts and their roles; add, remove or set them (admin only).
    Users {
        #[command(subcommand)]
        action: Option<users::UsersCommand>,
        /// JSON for scripts instead of text.
        #[arg(long, global = true)]
        json: bool,
    },
    /// List audit entries (all, or --case N / --user U); `audit verify` checks the hash chain.
    Audit {
        #[command(subcommand)]
        action: Option<audit::AuditCommand>,
        /// Only entries about this case number.
        #[arg(long, value_name = "N")]
        case: Option<u64>,
        /// Only entries by this account.
        #[arg(long, value_name = "U")]
        user: Option<String>,
        /// JSON for scripts instead of one line per entry.
        #[arg(long, global = true)]
        json: bool,
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
    // Made from the definition alone: no database, no language.
    match args.command {
        Some(Command::Completions { shell }) => return shell::completions(shell),
        Some(Command::Man) => return shell::man(),
        Some(Command::Guide) => return shell::guide(),
        _ => {}
    }
    let lang = lang_of(&args)?;
    let explicit_db = args.db.is_some();
    let db = args.db.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_DB));
    let shared = args.socket.clone().or_else(|| {
        let default = Path::new(crate::rpc::socket::SHARED_SOCKET);
        (!explicit_db && default.exists()).then(|| default.to_path_buf())
    });
    if let Some(Command::Serve {
        auto,
        create,
        accept_loss,
    }) = args.command
    {
        return serve::run(&db, lang, args.socket.clone(), auto, create, accept_loss);
    }
    // Set once, before any command connects; commands ask `target` where the server is.
    let _ = SHARED_SOCKET.set(shared);
    if args.command.is_some() {
        // A command is a Unix tool: when what reads its output closes the pipe (`| head`), it
        // ends quietly by SIGPIPE (status 141), as `cat` does. Rust ignores SIGPIPE by default,
        // which turned the closed pipe into a panic. Socket writes never raise it
        // (`wire::NoSignal`); the console keeps it ignored.
        // SAFETY: setting a signal's disposition to its default is always sound.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    match args.command {
        Some(
            Command::Serve { .. } | Command::Completions { .. } | Command::Man | Command::Guide,
        ) => {
            unreachable!("handled above")
        }
        None => console::run(&db, explicit_db, lang, args.redacted),
        Some(Command::Demo { cases, seed }) => demo::run(&db, lang, cases, seed),
        Some(Command::Export { json: _, output }) => backup::export(&db, lang, output.as_deref()),
        Some(Command::Import { file }) => backup::import(&db, lang, &file),
        Some(Command::Case {
            number,
            access_request: true,
            json,
            ..
        }) => access::run(&db, lang, number, json),
        Some(Command::Case { number, json, .. }) => case::summary(&db, lang, number, json),
        Some(Command::Check { repair }) => check::run(&db, lang, repair),
        Some(Command::Due { days, json }) => due::run(&db, lang, days, json),
        Some(Command::Meeting {
            number,
            minutes,
            output,
            json,
        }) => meeting::run(&db, lang, number, minutes, output.as_deref(), json),
        Some(Command::WriteLoop { count, flow }) => write_loop::run(&db, lang, count, flow),
        Some(Command::Purge { dry_run }) => purge::run(&db, lang, dry_run),
        Some(Command::Stats { from, to, json }) => {
            stats::run(&db, lang, from.as_deref(), to.as_deref(), json)
        }
        Some(Command::Trends { months, json }) => trends::run(&db, lang, months, json),
        Some(Command::Users { action, json }) => users::run(&db, lang, action, json),
        Some(Command::Audit {
            action,
            case,
            user,
            json,
        }) => audit::run(&db, lang, action, case, user, json),
        Some(Command::Backup { dir }) => snapshot::backup(&db, lang, &dir),
        Some(Command::Restore { dir }) => snapshot::restore(&db, lang, &dir),
    }
}

/// The shared host's socket, when this invocation uses one (`--socket`, or the system's).
static SHARED_SOCKET: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();

/// Where this invocation's server is: the shared host's, or this account's own for `db`.
pub fn target(db: &Path, create: bool, accept_loss: bool, lang: Lang) -> Target {
    match SHARED_SOCKET.get().cloned().flatten() {
        Some(socket) => Target::Shared { socket },
        None => Target::Auto {
            db: db.to_path_buf(),
            create,
            accept_loss,
            lang,
        },
    }
}

/// Connects to the server (starting it in single-account mode), turning failure into the
/// user's sentence. A first start's notice goes to standard error, so piped output (export)
/// stays clean.
pub fn open(db: &Path, create: bool, lang: Lang) -> anyhow::Result<Api> {
    connect(target(db, create, false, lang), lang)
}

pub fn connect(target: Target, lang: Lang) -> anyhow::Result<Api> {
    let mut svc = Api::connect(target).map_err(|e| sentence(lang, &e))?;
    if let Some(n) = svc.take_notice() {
        eprintln!("{}", i18n::access::notice(lang, &n));
    }
    Ok(svc)
}

/// Opens the database in this process (inside `offline`).
pub fn open_here(db: &Path, create: bool, lang: Lang) -> anyhow::Result<Service> {
    let mut svc =
        Service::open(db, create, &crate::user::os_user()).map_err(|e| sentence(lang, &e))?;
    if let Some(n) = svc.take_notice() {
        eprintln!("{}", i18n::access::notice(lang, &n));
    }
    Ok(svc)
}

/// Runs `f` on the database in this process, with no server: for restoring into it, which
/// must not happen under a running server's feet. The server lock is held meanwhile, so
/// none can start.
pub fn offline<T>(
    db: &Path,
    lang: Lang,
    f: impl FnOnce() -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    if SHARED_SOCKET.get().cloned().flatten().is_some() {
        anyhow::bail!(i18n::server::offline_on_shared_host(lang));
    }
    let dir = crate::service::config::data_dir(db);
    // A server whose last client just left is on its way out: give it a moment.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    let _lock = loop {
        match crate::rpc::socket::ServeLock::acquire(db) {
            Ok(Some(l)) => break Some(l),
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Ok(None) => anyhow::bail!(i18n::server::server_running(lang, &dir)),
            // A missing data directory is the command's own sentence to give.
            Err(_) => break None,
        }
    };
    f()
}

pub fn sentence(lang: Lang, e: &ServiceError) -> anyhow::Error {
    anyhow::anyhow!(i18n::service_error(lang, e))
}
