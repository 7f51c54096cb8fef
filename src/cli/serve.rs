//! `infohus serve`: the process that owns the database.

use std::io::Write;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::Context;

use crate::i18n::{self, Lang};
use crate::rpc::server::{self, ServeError, ServeOptions};
use crate::rpc::socket;
use crate::service::ServiceError;

/// How long a server started by a client waits after the last client left. Long enough that
/// a coordinator's next command finds it warm; `INFOHUS_SERVE_IDLE` (seconds) overrides it.
const IDLE_EXIT: Duration = Duration::from_secs(60);

pub fn run(
    db: &Path,
    lang: Lang,
    socket: Option<PathBuf>,
    auto: bool,
    create: bool,
    accept_loss: bool,
) -> anyhow::Result<ExitCode> {
    server::tune_allocator();
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .context("cannot install the signal handlers")?;
    }
    // No terminal to lose: a hang-up is not a reason to stop serving.
    signal_hook::flag::register(
        signal_hook::consts::SIGHUP,
        Arc::new(AtomicBool::new(false)),
    )
    .context("cannot install the signal handlers")?;
    let idle_exit = auto.then(|| {
        std::env::var("INFOHUS_SERVE_IDLE")
            .ok()
            .and_then(|s| s.parse().ok())
            .map(Duration::from_secs)
            .unwrap_or(IDLE_EXIT)
    });
    // A migration or a rebuilt view can take a minute at 100,000 cases: the client that started
    // this server shows how it goes (a line each on the pipe it reads); by hand, a line on
    // standard error now and then.
    let progress: crate::store::Progress = if auto {
        Arc::new(|what: &str, done: u64, of: u64| {
            println!("progress {done} {of} {what}");
            let _ = std::io::stdout().flush();
        })
    } else {
        Arc::new(move |what: &str, done: u64, of: u64| {
            eprintln!(
                "infohus serve: {}",
                i18n::server::opening_progress(lang, what, done, of)
            );
        })
    };
    let opts = ServeOptions {
        db: db.to_path_buf(),
        group_access: socket.is_some(),
        socket,
        create,
        accept_loss,
        idle_exit,
        progress: Some(progress),
    };
    let ready = match server::prepare(&opts, stop) {
        Ok(r) => r,
        Err(ServeError::Busy) if auto => {
            println!("busy");
            return Ok(ExitCode::SUCCESS);
        }
        Err(e) => {
            let text = match e {
                ServeError::Busy => {
                    i18n::server::server_running(lang, &crate::service::config::data_dir(db))
                }
                ServeError::Service(e) => i18n::service_error(lang, &e),
                ServeError::Server(e) => i18n::service_error(lang, &ServiceError::Server(e)),
            };
            if auto {
                println!("error {text}");
                return Ok(ExitCode::FAILURE);
            }
            anyhow::bail!(text);
        }
    };
    if auto {
        println!("ready");
        let _ = std::io::stdout().flush();
        detach(&socket::log_file(db));
    } else {
        eprintln!("infohus serve: {}", ready.socket().display());
    }
    ready.run();
    Ok(ExitCode::SUCCESS)
}

/// A server started by a client has no terminal of its own: what it has to say goes to its
/// log in the data directory (private, like everything there).
fn detach(log: &Path) {
    let target = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(log)
        .or_else(|_| std::fs::OpenOptions::new().write(true).open("/dev/null"));
    if let Ok(f) = target {
        // SAFETY: dup2 onto the standard descriptors with a valid, open descriptor.
        unsafe {
            libc::dup2(f.as_raw_fd(), libc::STDOUT_FILENO);
            libc::dup2(f.as_raw_fd(), libc::STDERR_FILENO);
        }
    }
}
