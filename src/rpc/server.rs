//! `infohus serve`: owns the database, accepts clients on a Unix socket, names each by the
//! uid the kernel reports for its end of the socket, and runs their requests on the shared
//! `Core`, each client through a `Service` of its own (its session: account, roles, the case
//! on screen, its last request). Nothing of one client's session is ever lent to another; a
//! client that reconnects (same account, same client id) gets its own session back.
//!
//! Reads and polls run at once, beside each other and beside writes: the store gives every
//! read a consistent view and serialises the audit entries reads write. Writes (`write`,
//! `idempotent`) run one at a time (`Shared::write_turn`), so a version check and the write it
//! guards are never split by another save, and two edits of `users.toml` never cross. A save
//! takes under a millisecond, so twenty coordinators never queue noticeably.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::ServerError;
use super::calls::Kind;
use super::socket::{self, Peer, ServeLock};
use super::wire::{self, FINGERPRINT, Hello, HelloHead, PROTOCOL, Request, Welcome, this_build};
use crate::i18n::{self, Lang};
use crate::service::config::data_dir;
use crate::service::{Asked, Build, Core, Service, ServiceError};

/// A server started for a client waits at least this long for it to connect.
const START_GRACE: Duration = Duration::from_secs(10);

/// How long a new connection may take to introduce itself.
const HELLO_TIMEOUT: Duration = Duration::from_secs(5);

/// How often the accept loop looks at the stop flag and the idle clock.
const TICK: Duration = Duration::from_millis(50);

/// How long the session of a client that went away is kept for it to reconnect to.
const SESSION_KEEP: Duration = Duration::from_secs(15 * 60);

/// At most this many sessions are kept for clients that went away (the oldest go first).
const SESSIONS_KEPT: usize = 256;

/// How long a reconnecting client waits for its old connection's thread to let go of its
/// session (it is finishing the request the client gave up on).
const RESUME_WAIT: Duration = Duration::from_secs(5);

/// At most one progress frame per this long; the last count always follows.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

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
    /// Held while a write runs: writes run one at a time (reads do not take it).
    writes: Mutex<()>,
    /// Every client's session, by account (uid) and client id: in use by a connection, or
    /// kept for the client to reconnect to.
    sessions: Mutex<HashMap<ClientKey, Slot>>,
    /// Told when a session is let go of.
    parked: Condvar,
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

/// A client: the account the kernel names (uid) and the id the client chose.
type ClientKey = (u32, u64);

enum Slot {
    /// A connection has the session now.
    InUse,
    /// The client went away at this time; its session waits for it to reconnect.
    Kept(Box<Service>, Instant),
}

impl Shared {
    /// Waits for this write's turn. A panic inside one request must not take every other
    /// client down with the lock.
    fn write_turn(&self) -> MutexGuard<'_, ()> {
        self.writes.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn sessions(&self) -> MutexGuard<'_, HashMap<ClientKey, Slot>> {
        self.sessions.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The session kept for this client, marked in use; None when there is none (the caller
    /// logs in, and the slot is marked in use already). A session still in use by the
    /// client's previous connection (its thread finishing the request the client gave up on)
    /// is waited for, a little.
    fn resume(&self, key: ClientKey) -> Option<Service> {
        let deadline = Instant::now() + RESUME_WAIT;
        let mut sessions = self.sessions();
        loop {
            match sessions.remove(&key) {
                Some(Slot::Kept(svc, at)) => {
                    sessions.insert(key, Slot::InUse);
                    return (at.elapsed() < SESSION_KEEP).then_some(*svc);
                }
                Some(Slot::InUse) => {
                    sessions.insert(key, Slot::InUse);
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        // Two connections of one client at once: the newcomer starts afresh
                        // (the other keeps its session, and replaces this one when it ends).
                        return None;
                    }
                    sessions = self
                        .parked
                        .wait_timeout(sessions, left)
                        .unwrap_or_else(|p| p.into_inner())
                        .0;
                }
                None => {
                    sessions.insert(key, Slot::InUse);
                    return None;
                }
            }
        }
    }

    /// Keeps the session of a client whose connection ended, for it to reconnect to (and
    /// lets go of the oldest beyond the limit); `None` only lets go of the slot.
    fn keep(&self, key: ClientKey, svc: Option<Service>) {
        let mut sessions = self.sessions();
        match svc {
            Some(svc) => {
                sessions.insert(key, Slot::Kept(Box::new(svc), Instant::now()));
            }
            None => {
                sessions.remove(&key);
            }
        }
        sessions.retain(|_, s| !matches!(s, Slot::Kept(_, at) if at.elapsed() >= SESSION_KEEP));
        while sessions
            .values()
            .filter(|s| matches!(s, Slot::Kept(..)))
            .count()
            > SESSIONS_KEPT
        {
            let oldest = sessions
                .iter()
                .filter_map(|(k, s)| match s {
                    Slot::Kept(_, at) => Some((*at, *k)),
                    Slot::InUse => None,
                })
                .min()
                .map(|(_, k)| k);
            match oldest {
                Some(k) => {
                    sessions.remove(&k);
                }
                None => break,
            }
        }
        drop(sessions);
        self.parked.notify_all();
    }
}

/// The session a connection has, handed back to `Shared` when the connection ends, however
/// it ends.
struct Checkout<'a> {
    shared: &'a Shared,
    key: ClientKey,
    svc: Option<Service>,
}

impl Drop for Checkout<'_> {
    fn drop(&mut self) {
        self.shared.keep(self.key, self.svc.take());
    }
}

/// Sends a `[progress]` call's counts as progress frames while it runs: at most one per
/// `PROGRESS_EVERY`, and the last count before the reply. A client that stopped reading is
/// not written to again; its reply will find the connection broken.
struct Progress<'a> {
    w: &'a mut BufWriter<UnixStream>,
    sent: Option<Instant>,
    pending: Option<u64>,
    broken: bool,
}

impl Progress<'_> {
    fn report(&mut self, done: u64) {
        self.pending = Some(done);
        if self.sent.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) {
            self.send();
        }
    }

    fn send(&mut self) {
        let Some(done) = self.pending.take() else {
            return;
        };
        if self.broken {
            return;
        }
        let sent =
            wire::encode(&done).and_then(|body| wire::write_tagged(self.w, wire::PROGRESS, &body));
        self.broken = sent.is_err();
        self.sent = Some(Instant::now());
    }
}

/// Sends a `[stream]` call's output as chunk frames, each write as it comes (the service
/// writes through a buffer of its own). Once the client is gone, writing fails, and the call
/// stops instead of producing what nobody reads.
struct Chunks<'a, 'w>(&'a RefCell<Progress<'w>>);

impl Write for Chunks<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut p = self.0.borrow_mut();
        if p.broken {
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        // At most a frame's worth at a time.
        let n = buf.len().min(CHUNK_MAX);
        if let Err(e) = wire::write_tagged(p.w, wire::CHUNK, &buf[..n]) {
            p.broken = true;
            return Err(e);
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The largest chunk frame.
const CHUNK_MAX: usize = 1 << 20;

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
            writes: Mutex::new(()),
            sessions: Mutex::new(HashMap::new()),
            parked: Condvar::new(),
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
        // Waits for the write being served, then makes sure everything is on disk.
        let _turn = self.shared.write_turn();
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
    let Some(mut session) = hello(shared, &mut reader, &mut writer, peer, &account) else {
        return;
    };
    // Ends when the client hangs up (or sends garbage, which ends its connection only).
    while let Ok(Request {
        id,
        expected,
        call,
        redacted,
    }) = wire::receive::<Request>(&mut reader)
    {
        let Some(svc) = session.svc.take() else {
            return;
        };
        let name = call.name();
        let kind = call.kind();
        // Reads and polls run beside everything; writes one at a time.
        let turn = matches!(kind, Kind::Write | Kind::Idempotent).then(|| shared.write_turn());
        let asked = Asked {
            expected,
            id: Some(id),
            read: kind == Kind::Read,
        };
        let aside = kind == Kind::Read && call.long();
        let run = move |writer: &mut BufWriter<UnixStream>| {
            if aside {
                // A long read (export, check) yields to everyone else's short ones.
                lower_priority();
            }
            let progress = RefCell::new(Progress {
                w: writer,
                sent: None,
                pending: None,
                broken: false,
            });
            let reply = catch_unwind(AssertUnwindSafe(|| {
                svc.redacting(redacted, |svc| {
                    svc.serving(asked, |svc| {
                        call.run_encoded(
                            svc,
                            &mut Chunks(&progress),
                            &mut |n| progress.borrow_mut().report(n),
                            on_wire,
                        )
                    })
                })
            }));
            progress.borrow_mut().send();
            (svc, reply)
        };
        let (svc, reply) = if aside {
            // On a thread of its own, whose priority is lowered and which ends with the
            // call: the connection's thread keeps its own.
            let done = std::thread::scope(|s| {
                std::thread::Builder::new()
                    .name("infohus-long-read".into())
                    .spawn_scoped(s, || run(&mut writer))
                    .map(|t| t.join())
            });
            match done {
                Ok(Ok(done)) => done,
                _ => {
                    log(&format!(
                        "a request ({name}) from {account} failed inside the server"
                    ));
                    return;
                }
            }
        } else {
            run(&mut writer)
        };
        session.svc = Some(svc);
        drop(turn);
        let reply = reply.unwrap_or_else(|_| {
            log(&format!(
                "a request ({name}) from {account} failed inside the server"
            ));
            wire::encode(&Err::<(), _>(internal()))
        });
        match reply {
            Ok(bytes) => {
                let big = aside || bytes.len() > RETURN_MEMORY_AFTER;
                if wire::write_tagged(&mut writer, wire::REPLY, &bytes).is_err() {
                    break;
                }
                drop(bytes);
                if big {
                    crate::user::trim_heap();
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

/// A reply at least this large (or any long read) gives its memory back to the system once
/// it is sent (`user::trim_heap`): glibc keeps freed memory in the process, and when the export
/// was still one reply the server stayed at 1.1 GB resident after one until it exited.
const RETURN_MEMORY_AFTER: usize = 8 << 20;

/// Keeps the server's freed memory where `malloc_trim` can give it back. glibc gives each
/// thread an arena of its own (up to 8 per core), and every long read runs on a new thread:
/// after one export at 100,000 cases the server held 130-160 MB, half of it free memory spread
/// over arenas that the export's threads had filled. Two arenas hold it to 85 MB (measured:
/// a cold command, 3 × `due --json`, an export). Two rather than one so that an export's two
/// threads do not also queue everyone's case views behind a single allocator lock.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before the server starts
    // any thread.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Lowers the calling thread's scheduling priority to the least there is (`SCHED_IDLE`, and
/// nice 10 where that is refused): the scheduler then runs everyone else's short requests the
/// moment they wake. At nice 10 alone an export, now two busy threads (reading and writing),
/// held both processors of a two-core server long enough to double the case views' p99
/// beside it (100k bench: 2.96 ms alone, 6.63 ms beside the export loop). A thread cannot
/// raise it again without privileges, so this is for a thread that ends with its work; the
/// threads it starts inherit it.
fn lower_priority() {
    // SAFETY: plain syscalls on the calling thread (pid 0 / its own tid), valid arguments.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 10);
        let param = libc::sched_param { sched_priority: 0 };
        libc::sched_setscheduler(0, libc::SCHED_IDLE, &param);
    }
}

/// Reads the client's hello and answers it: a client of another build is refused with both
/// builds named (in single-account mode, a server no one else uses steps down for it); an
/// account `users.toml` does not list is refused and the refusal logged; anyone else gets a
/// session of their own.
fn hello<'a>(
    shared: &'a Shared,
    reader: &mut UnixStream,
    writer: &mut BufWriter<UnixStream>,
    peer: Peer,
    account: &str,
) -> Option<Checkout<'a>> {
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
    // The first three fields are every hello's since fingerprints: a build whose hello has
    // other fields after them is still told, in words, that it is another build.
    let head: HelloHead = wire::decode(&body).ok()?;
    if head.fingerprint != FINGERPRINT {
        let hello = head;
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
    let hello: Hello = wire::decode(&body).ok()?;
    let key = (peer.uid, hello.client);
    let mut session = Checkout {
        shared,
        key,
        svc: None,
    };
    // A client that reconnects gets its session back (the case on its screen, its last
    // request), with its roles as users.toml says now; anyone else logs in.
    let login = match shared.resume(key) {
        Some(svc) => svc.refresh_roles().map(|()| svc),
        None => {
            let _turn = shared.write_turn();
            Service::login(Arc::clone(&shared.core), account)
        }
    };
    match login {
        Ok(mut svc) => {
            let welcome = Welcome {
                user: svc.user().to_string(),
                roles: svc.roles(),
                notice: svc.take_notice(),
                server_pid: std::process::id(),
                database: socket::canonical(shared.core.store().path()),
            };
            log(&format!("{account} connected (pid {})", peer.pid));
            session.svc = Some(svc);
            wire::send(writer, &Ok::<_, ServiceError>(welcome)).ok()?;
            Some(session)
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
