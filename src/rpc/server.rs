//! `infohus serve`: owns the database, accepts clients on a Unix socket, names each by the
//! uid the kernel reports for its end of the socket, and runs their requests on the shared
//! `Core`, each connection through a `Service` of its own (its session: account, roles, the
//! case on screen). Nothing of one connection's session is ever lent to another.
//!
//! Requests run one at a time (`Shared::turn`), a `poll` call beside them. One at a time is
//! deliberate: a save takes under a millisecond, so twenty coordinators never queue
//! noticeably, and the version check and the audit chain need no locking of their own.

use std::io::{self, BufWriter};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::ServerError;
use super::calls::Kind;
use super::socket::{self, Peer, ServeLock};
use super::wire::{self, FINGERPRINT, Hello, PROTOCOL, Request, Welcome, this_build};
use crate::i18n::{self, Lang};
use crate::service::config::data_dir;
use crate::service::{Build, Core, Service, ServiceError};

/// A server started for a client waits at least this long for it to connect.
const START_GRACE: Duration = Duration::from_secs(10);

/// How long a new connection may take to introduce itself.
const HELLO_TIMEOUT: Duration = Duration::from_secs(5);

/// How often the accept loop looks at the stop flag and the idle clock.
const TICK: Duration = Duration::from_millis(50);

#[derive(Clone)]
pub struct ServeOptions {
    pub db: PathBuf,
    /// The socket; `None` is single-account mode: the data directory's own socket.
    pub socket: Option<PathBuf>,
    pub create: bool,
    pub accept_loss: bool,
    /// Exit after no client has been connected for this long (single-account mode).
    pub idle_exit: Option<Duration>,
    /// Group members may connect (the shared host); otherwise only this account.
    pub group_access: bool,
    /// Told how a long open goes (a migration, a view rebuilt from the journal).
    pub progress: Option<crate::store::Progress>,
}

/// Why `serve` did not run.
#[derive(Debug)]
pub enum ServeError {
    /// Another server already serves this data directory.
    Busy,
    Service(ServiceError),
    Server(ServerError),
}

impl From<ServiceError> for ServeError {
    fn from(e: ServiceError) -> Self {
        ServeError::Service(e)
    }
}

impl From<ServerError> for ServeError {
    fn from(e: ServerError) -> Self {
        ServeError::Server(e)
    }
}

struct Shared {
    /// The store, the search catalog and the action cards every connection shares.
    core: Arc<Core>,
    /// Held while a request runs: requests run one at a time.
    gate: Mutex<()>,
    /// Clients connected right now, and when the last one left (for the idle exit).
    clients: AtomicUsize,
    /// Until the first client has come and gone: when the server started, plus the grace a
    /// starting client needs to connect.
    last_left: Mutex<Instant>,
    stop: Arc<AtomicBool>,
    /// A server a client started for its own account (single-account mode): it steps down
    /// for a client of another build when no one else is connected.
    may_step_down: bool,
    /// Set when it did, for the log.
    stepped_down: AtomicBool,
}

impl Shared {
    /// Waits for this request's turn. A panic inside one request must not take every other
    /// client down with the lock.
    fn turn(&self) -> MutexGuard<'_, ()> {
        self.gate.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A server that has its socket and database and is about to accept clients.
pub struct Ready {
    listener: UnixListener,
    socket: PathBuf,
    shared: Arc<Shared>,
    idle_exit: Option<Duration>,
    _lock: ServeLock,
}

/// Takes the lock, opens the database and binds the socket. Split from `run` so the caller
/// can say "ready" (or why not) before the server detaches from its terminal.
pub fn prepare(opts: &ServeOptions, stop: Arc<AtomicBool>) -> Result<Ready, ServeError> {
    let dir = socket::absolute(&data_dir(&opts.db));
    // The data directory is the team's to make (and to back up); a missing one is a mistake
    // in --db more often than a wish for a new place.
    if !dir.is_dir() {
        return Err(ServiceError::Store(crate::store::StoreError::MissingDir(dir)).into());
    }
    socket::check_dir(&dir)?;
    let lock = match ServeLock::acquire(&opts.db) {
        Ok(Some(l)) => l,
        Ok(None) => return Err(ServeError::Busy),
        Err(e) => return Err(ServerError::Io(format!("{}: {e}", dir.display())).into()),
    };
    let socket = match &opts.socket {
        Some(s) => socket::absolute(s),
        None => socket::auto_socket(&opts.db),
    };
    if let Some(parent) = socket.parent() {
        socket::check_dir(parent)?;
    }
    // The lock is the data directory's: on the shared host a server of another database may
    // answer at the same socket. One that answers is live and keeps it; one that does not
    // (killed, or the machine restarted) left a stale file to replace.
    if UnixStream::connect(&socket).is_ok() {
        return Err(ServerError::InUse(socket).into());
    }
    let core = Core::open_server(
        &opts.db,
        opts.create,
        opts.accept_loss,
        opts.progress.clone(),
    )?;
    let _ = std::fs::remove_file(&socket);
    let listener = UnixListener::bind(&socket).map_err(|e| {
        if e.kind() == io::ErrorKind::InvalidInput {
            ServerError::PathTooLong(socket.clone())
        } else {
            ServerError::Io(format!("{}: {e}", socket.display()))
        }
    })?;
    let mode = if opts.group_access { 0o660 } else { 0o600 };
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(mode))
        .map_err(|e| ServerError::Io(format!("{}: {e}", socket.display())))?;
    if opts.group_access {
        // The socket's group is its directory's: the group of the permitted users, which
        // the systemd unit gives /run/infohus. Only they can connect; nobody else can.
        let gid = socket
            .parent()
            .and_then(|d| std::fs::metadata(d).ok())
            .map(|m| std::os::unix::fs::MetadataExt::gid(&m));
        if let Some(gid) = gid {
            std::os::unix::fs::chown(&socket, None, Some(gid))
                .map_err(|e| ServerError::Io(format!("{}: {e}", socket.display())))?;
        }
    }
    listener
        .set_nonblocking(true)
        .map_err(|e| ServerError::Io(e.to_string()))?;
    Ok(Ready {
        listener,
        socket,
        shared: Arc::new(Shared {
            core: Arc::new(core),
            gate: Mutex::new(()),
            clients: AtomicUsize::new(0),
            last_left: Mutex::new(Instant::now() + START_GRACE),
            stop,
            may_step_down: opts.socket.is_none() && opts.idle_exit.is_some(),
            stepped_down: AtomicBool::new(false),
        }),
        idle_exit: opts.idle_exit,
        _lock: lock,
    })
}

impl Ready {
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Accepts clients until told to stop (SIGTERM) or, in single-account mode, until no
    /// client has been connected for the idle time. Then waits for the request in hand,
    /// flushes, and removes the socket.
    pub fn run(self) {
        let db_path = self.shared.core.store().path().to_path_buf();
        loop {
            if self.shared.stop.load(Ordering::Relaxed) {
                if self.shared.stepped_down.load(Ordering::SeqCst) {
                    log("stopping (a client of another build replaces this server)");
                } else {
                    log("stopping (signal)");
                }
                break;
            }
            match self.listener.accept() {
                Ok((stream, _)) => {
                    self.shared.clients.fetch_add(1, Ordering::SeqCst);
                    let shared = Arc::clone(&self.shared);
                    let spawned = std::thread::Builder::new()
                        .name("infohus-client".into())
                        .spawn(move || {
                            client(&shared, stream);
                            *shared.last_left.lock().unwrap_or_else(|p| p.into_inner()) =
                                Instant::now();
                            shared.clients.fetch_sub(1, Ordering::SeqCst);
                        });
                    if spawned.is_err() {
                        self.shared.clients.fetch_sub(1, Ordering::SeqCst);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => wait_for_client(&self.listener),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    log(&format!("accept failed: {e}"));
                    std::thread::sleep(TICK);
                }
            }
            if let Some(idle) = self.idle_exit
                && self.shared.clients.load(Ordering::SeqCst) == 0
                && self
                    .shared
                    .last_left
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .checked_add(idle)
                    .is_some_and(|t| Instant::now() >= t)
            {
                log("stopping (no clients)");
                break;
            }
            // A test's temporary directory, or a data directory moved away: nobody can reach
            // this server's data any more.
            if !db_path.exists() {
                log("stopping (database gone)");
                break;
            }
        }
        let _ = std::fs::remove_file(&self.socket);
        drop(self.listener);
        // Waits for the request being served, then makes sure everything is on disk.
        let _turn = self.shared.turn();
        let _ = self.shared.core.store().flush();
        log("stopped");
    }
}

/// Sleeps until a client knocks or a tick has passed (to look at the stop flag and the idle
/// clock), so a command's connection is taken at once rather than at the next tick.
fn wait_for_client(listener: &UnixListener) {
    let mut fds = libc::pollfd {
        fd: std::os::fd::AsRawFd::as_raw_fd(listener),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd; a signal only cuts the wait short.
    unsafe {
        libc::poll(&mut fds, 1, TICK.as_millis() as i32);
    }
}

fn log(what: &str) {
    eprintln!(
        "{} infohus serve[{}]: {what}",
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
        std::process::id()
    );
}

/// One client, from hello to hang-up.
fn client(shared: &Shared, stream: UnixStream) {
    let _ = stream.set_nonblocking(false);
    let peer = match socket::peer(&stream) {
        Ok(p) => p,
        Err(e) => {
            log(&format!("cannot identify a client: {e}"));
            return;
        }
    };
    let account = crate::user::account_name(peer.uid);
    let mut reader = match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    };
    let mut writer = BufWriter::new(stream);
    let Some(svc) = hello(shared, &mut reader, &mut writer, peer, &account) else {
        return;
    };
    // Ends when the client hangs up (or sends garbage, which ends its connection only).
    while let Ok(Request {
        expected,
        call,
        redacted,
    }) = wire::receive::<Request>(&mut reader)
    {
        let name = call.name();
        let turn = (call.kind() != Kind::Poll).then(|| shared.turn());
        let reply = catch_unwind(AssertUnwindSafe(|| {
            svc.redacting(redacted, |svc| {
                svc.expecting(expected, |svc| call.run_encoded(svc, &mut |_| {}, on_wire))
            })
        }))
        .unwrap_or_else(|_| {
            log(&format!(
                "a request ({name}) from {account} failed inside the server"
            ));
            wire::encode(&Err::<(), _>(internal()))
        });
        drop(turn);
        match reply {
            Ok(bytes) => {
                if wire::write_frame(&mut writer, &bytes).is_err() {
                    break;
                }
            }
            Err(e) => {
                log(&format!(
                    "a reply ({name}) to {account} could not be encoded: {e}"
                ));
                break;
            }
        }
    }
}

/// Reads the client's hello and answers it: a client of another build is refused with both
/// builds named (in single-account mode, a server no one else uses steps down for it); an
/// account `users.toml` does not list is refused and the refusal logged; anyone else gets a
/// session of their own.
fn hello(
    shared: &Shared,
    reader: &mut UnixStream,
    writer: &mut BufWriter<UnixStream>,
    peer: Peer,
    account: &str,
) -> Option<Service> {
    // A client that connects and says nothing must not hold a thread (and keep a
    // single-account server from ever idling out); a real one says hello at once.
    reader.set_read_timeout(Some(HELLO_TIMEOUT)).ok()?;
    let body = wire::read_frame(reader).ok()?;
    // After hello, a console may be quiet for hours: no limit.
    reader.set_read_timeout(None).ok()?;
    // The protocol number comes first in every hello there has been: a client from before
    // fingerprints is told in words it can read.
    let protocol: u32 = wire::decode(&body).ok()?;
    if protocol != PROTOCOL {
        log(&format!(
            "{account} refused: a client of protocol {protocol}"
        ));
        let e = ServerError::Version(this_build().to_string());
        let _ = wire::send(writer, &Err::<Welcome, _>(ServiceError::Server(e)));
        return None;
    }
    let hello: Hello = wire::decode(&body).ok()?;
    if hello.fingerprint != FINGERPRINT {
        let stepping_down = shared.may_step_down
            && peer.uid == socket::euid()
            && shared.clients.load(Ordering::SeqCst) == 1
            && !shared.stop.load(Ordering::SeqCst);
        log(&format!(
            "{account} refused: a client of another build ({} {}){}",
            hello.version,
            hello.fingerprint,
            if stepping_down { "; stepping down" } else { "" }
        ));
        let e = ServerError::OtherBuild {
            server: this_build(),
            client: Build {
                version: hello.version,
                fingerprint: hello.fingerprint,
            },
            stepping_down,
        };
        let _ = wire::send(writer, &Err::<Welcome, _>(ServiceError::Server(e)));
        if stepping_down {
            shared.stepped_down.store(true, Ordering::SeqCst);
            shared.stop.store(true, Ordering::SeqCst);
        }
        return None;
    }
    let turn = shared.turn();
    let login = Service::login(Arc::clone(&shared.core), account);
    drop(turn);
    match login {
        Ok(mut svc) => {
            let welcome = Welcome {
                user: svc.user().to_string(),
                roles: svc.roles().to_vec(),
                notice: svc.take_notice(),
                server_pid: std::process::id(),
                database: socket::canonical(shared.core.store().path()),
            };
            log(&format!("{account} connected (pid {})", peer.pid));
            wire::send(writer, &Ok::<_, ServiceError>(welcome)).ok()?;
            Some(svc)
        }
        Err(e) => {
            log(&format!("{account} refused"));
            let _ = wire::send(writer, &Err::<Welcome, _>(on_wire(e)));
            None
        }
    }
}

fn internal() -> ServiceError {
    ServiceError::Remote {
        da: "Serveren kunne ikke udføre handlingen (en intern fejl); intet er ændret af den."
            .into(),
        en: "The server could not carry out the request (an internal error); it changed nothing."
            .into(),
    }
}

/// Errors whose details are the server's own (its files, its database) travel as the
/// sentence they would have been, in both languages; the rest keep their shape, so the
/// console can still tell a missing field from a refused role.
pub fn on_wire(e: ServiceError) -> ServiceError {
    match e {
        ServiceError::Store(_)
        | ServiceError::Config(_)
        | ServiceError::Users(_)
        | ServiceError::Snapshot(_) => ServiceError::Remote {
            da: i18n::service_error(Lang::Da, &e),
            en: i18n::service_error(Lang::En, &e),
        },
        e => e,
    }
}
