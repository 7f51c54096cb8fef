//! The client end: finds the server (starting one in single-account mode, as tmux does),
//! introduces itself, sends calls and reads replies, and reconnects after the server died.

use std::io::{BufRead, BufReader};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use super::ServerError;
use super::calls::Message;
use super::socket;
use super::wire::{self, Answer, FINGERPRINT, Hello, PROTOCOL, Request, Welcome};
use crate::domain::CaseNo;
use crate::i18n::Lang;
use crate::service::ServiceError;

/// How long a client keeps trying to reach a server it (or a neighbour) is starting.
const START_DEADLINE: Duration = Duration::from_secs(15);

/// Where the server is.
#[derive(Debug, Clone)]
pub enum Target {
    /// Single-account mode: the data directory's socket; start a server if none answers.
    Auto {
        db: PathBuf,
        /// A server started for this client may create the database.
        create: bool,
        /// A server started for this client opens a database with known lost saves.
        accept_loss: bool,
        lang: Lang,
    },
    /// The shared host: a server run by the system; never started from here.
    Shared { socket: PathBuf },
}

impl Target {
    pub fn socket(&self) -> PathBuf {
        match self {
            Target::Auto { db, .. } => socket::auto_socket(db),
            Target::Shared { socket } => socket.clone(),
        }
    }

    fn shared(&self) -> bool {
        matches!(self, Target::Shared { .. })
    }
}

pub struct Client {
    target: Target,
    /// None after the connection broke; the next call reconnects.
    stream: Option<UnixStream>,
    server_pid: u32,
    /// This client's id, said in every hello: a server that still has its session gives it
    /// back after a reconnect.
    id: u64,
    /// The last request's number; a resend keeps it.
    seq: u64,
}

impl Client {
    pub fn connect(target: Target) -> Result<(Client, Welcome), ServiceError> {
        // Random, so that no two clients of one account share a session on the server.
        let id = fastrand::u64(..);
        let (stream, welcome) = open(&target, id)?;
        Ok((
            Client {
                target,
                stream: Some(stream),
                server_pid: welcome.server_pid,
                id,
                seq: 0,
            },
            welcome,
        ))
    }

    pub fn server_pid(&self) -> u32 {
        self.server_pid
    }

    /// Sends one call and reads its reply, decoded as the call's own reply type; the progress
    /// frames of a `[progress]` call go to `progress` as they come. A broken connection is
    /// `ServerError::Lost`, and the connection is dropped so the next call reconnects
    /// (restarting the server in single-account mode). A call whose kind allows it is sent
    /// again once on a fresh connection, with the same request id (so a read the server had
    /// already logged is not logged twice); a write is not, since the server may have saved
    /// it before it died: the user is told and decides.
    pub fn call<M: Message>(
        &mut self,
        expected: Option<(CaseNo, u32)>,
        redacted: bool,
        msg: M,
        out: &mut dyn std::io::Write,
        progress: &mut dyn FnMut(u64),
    ) -> Result<M::Reply, ServiceError> {
        self.seq += 1;
        let req = Request {
            id: self.seq,
            expected,
            call: msg.into(),
            redacted,
        };
        let fresh = self.stream.is_none();
        match self.exchange(&req, out, progress) {
            Ok(r) => r,
            Err(e) if fresh || !M::KIND.resend() || M::STREAM => Err(e),
            Err(_) => self.exchange(&req, out, progress).and_then(|r| r),
        }
    }

    /// The outer Result is the transport, the inner one the service's answer.
    fn exchange<T: DeserializeOwned>(
        &mut self,
        req: &Request,
        out: &mut dyn std::io::Write,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Result<T, ServiceError>, ServiceError> {
        let mut stream = match self.stream.take() {
            Some(s) => s,
            None => {
                let (stream, welcome) = open(&self.target, self.id)?;
                self.server_pid = welcome.server_pid;
                stream
            }
        };
        // A broken connection is not put back: the next call reconnects.
        wire::send(&mut wire::NoSignal(&stream), req).map_err(|_| ServerError::Lost)?;
        let mut frame = Vec::new();
        let reply = loop {
            wire::read_frame_into(&mut stream, &mut frame).map_err(|_| ServerError::Lost)?;
            match wire::answer(&frame).map_err(|_| ServerError::Lost)? {
                Answer::Progress(n) => progress(n),
                // Output that cannot be written ends the call; the connection goes with it,
                // which stops the server writing more.
                Answer::Chunk(bytes) => out
                    .write_all(bytes)
                    .map_err(|e| ServiceError::Io(e.to_string()))?,
                Answer::Reply(body) => break wire::decode(body).map_err(|_| ServerError::Lost)?,
            }
        };
        self.stream = Some(stream);
        Ok(reply)
    }
}

/// Connects and says hello; in single-account mode starts the server when none answers, or
/// when the one that answers is of another build and stepped down for this client.
fn open(target: &Target, client: u64) -> Result<(UnixStream, Welcome), ServiceError> {
    let r = find(target, client)?;
    // The server must serve the very database this command named, never a neighbour's.
    if let Target::Auto { db, .. } = target {
        let wanted = socket::canonical(db);
        if r.1.database != wanted {
            return Err(ServerError::OtherDatabase {
                served: r.1.database,
                wanted,
            }
            .into());
        }
    }
    Ok(r)
}

fn find(target: &Target, client: u64) -> Result<(UnixStream, Welcome), ServiceError> {
    let socket = target.socket();
    socket::check_socket(&socket, target.shared())?;
    match handshake(&socket, client) {
        Knock::Welcome(r) => return r,
        // Not "nothing answers": the socket or its directory is closed to this account, and
        // starting a server of our own would not change that.
        Knock::Nothing(e) if refused(&e) => return Err(ServerError::NoAccess(socket).into()),
        Knock::Nothing(_) | Knock::SteppingDown if !target.shared() => {}
        Knock::Nothing(_) | Knock::SteppingDown => {
            return Err(ServerError::NotRunning(socket).into());
        }
    }
    let Target::Auto {
        db,
        create,
        accept_loss,
        lang,
    } = target
    else {
        return Err(ServerError::NotRunning(socket).into());
    };
    loop {
        start(db, *create, *accept_loss, *lang)?;
        // Counted from when the server said ready: opening may have taken a migration.
        let deadline = Instant::now() + START_DEADLINE;
        // Started, or another client's server is starting (or one of another build is on
        // its way out): it binds within moments.
        let wait_until = (Instant::now() + Duration::from_secs(3)).min(deadline);
        while Instant::now() < wait_until {
            socket::check_socket(&socket, false)?;
            if let Knock::Welcome(r) = handshake(&socket, client) {
                return r;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if Instant::now() >= deadline {
            return Err(ServerError::CannotStart(format!(
                "no answer at {} after {} seconds",
                socket.display(),
                START_DEADLINE.as_secs()
            ))
            .into());
        }
    }
}

fn parse_progress(line: &str) -> Option<(u64, u64, String)> {
    let mut parts = line.trim().splitn(4, ' ');
    (parts.next()? == "progress").then_some(())?;
    let done = parts.next()?.parse().ok()?;
    let of = parts.next()?.parse().ok()?;
    Some((done, of, parts.next().unwrap_or("").to_string()))
}

/// Draws a long open's progress on standard error, when that is a terminal the console has not
/// taken over yet.
fn show_progress(
    bar: &mut Option<indicatif::ProgressBar>,
    lang: Lang,
    what: &str,
    done: u64,
    of: u64,
) {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let b = bar.get_or_insert_with(|| {
        let b = indicatif::ProgressBar::new(of);
        b.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {percent}%")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        b
    });
    b.set_length(of.max(1));
    b.set_position(done.min(of));
    b.set_message(crate::i18n::server::opening_progress(lang, what, done, of));
}

/// Set while the console owns the terminal: a server it restarts then opens without drawing.
pub static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The kernel's refusal to let this account reach the socket at all.
fn refused(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::PermissionDenied
        || matches!(e.raw_os_error(), Some(libc::EACCES | libc::EPERM))
}

/// What a knock on the socket found.
enum Knock {
    /// Nothing answers (or the connection broke during the hello).
    Nothing(std::io::Error),
    /// A server of another build that had no other client: it is leaving so that this
    /// client can start one of its own.
    SteppingDown,
    /// The server's answer: welcome, or its refusal.
    Welcome(Result<(UnixStream, Welcome), ServiceError>),
}

fn handshake(socket: &std::path::Path, client: u64) -> Knock {
    let attempt = || -> std::io::Result<Result<(UnixStream, Welcome), ServiceError>> {
        let mut stream = UnixStream::connect(socket)?;
        wire::send(
            &mut wire::NoSignal(&stream),
            &Hello {
                protocol: PROTOCOL,
                version: env!("CARGO_PKG_VERSION").into(),
                fingerprint: FINGERPRINT.into(),
                client,
            },
        )?;
        let welcome: Result<Welcome, ServiceError> = wire::receive(&mut stream)?;
        Ok(welcome.map(|w| (stream, w)))
    };
    match attempt() {
        Err(e) => Knock::Nothing(e),
        Ok(Err(ServiceError::Server(ServerError::OtherBuild {
            stepping_down: true,
            ..
        }))) => Knock::SteppingDown,
        Ok(r) => Knock::Welcome(r),
    }
}

/// Starts `infohus serve` for this data directory, detached from the terminal, and waits
/// for its first line: `ready`, `busy` (another server has it) or the reason it cannot run.
fn start(
    db: &std::path::Path,
    create: bool,
    accept_loss: bool,
    lang: Lang,
) -> Result<(), ServiceError> {
    let exe = std::env::current_exe()
        .map_err(|e| ServerError::CannotStart(format!("cannot find the infohus program: {e}")))?;
    let mut cmd = Command::new(exe);
    cmd.arg("--lang")
        .arg(lang.code())
        .arg("--db")
        .arg(socket::absolute(db))
        .arg("serve")
        .arg("--auto");
    if create {
        cmd.arg("--create");
    }
    if accept_loss {
        cmd.arg("--accept-loss");
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .env_remove("INFOHUS_SOCKET");
    // SAFETY: setsid is async-signal-safe. Its own session: the server outlives the terminal
    // (SIGHUP on a dropped SSH connection, Ctrl-C) of the console that happened to start it.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| ServerError::CannotStart(e.to_string()))?;
    // Progress lines come first while the server opens a database that takes a while (a
    // migration, a rebuilt view); then `ready`, `busy` or `error …`.
    let first = child
        .stdout
        .take()
        .map(|out| {
            let mut reader = BufReader::new(out);
            let mut bar: Option<indicatif::ProgressBar> = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break line;
                }
                match parse_progress(&line) {
                    Some((done, of, what)) => show_progress(&mut bar, lang, &what, done, of),
                    None => {
                        if let Some(b) = bar.take() {
                            b.finish_and_clear();
                        }
                        break line;
                    }
                }
            }
        })
        .unwrap_or_default();
    // Reaped in the background: the server runs on after this client exits.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    let first = first.trim();
    if first == "ready" || first == "busy" {
        Ok(())
    } else if let Some(why) = first.strip_prefix("error ") {
        Err(ServerError::CannotStart(why.to_string()).into())
    } else {
        Err(ServerError::CannotStart(if first.is_empty() {
            "the server exited without saying why".into()
        } else {
            first.to_string()
        })
        .into())
    }
}
