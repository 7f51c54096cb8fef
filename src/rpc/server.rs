//! `infohus serve`: owns the database, accepts clients on a Unix socket, names each by the
//! uid the kernel reports for its end of the socket, and runs their requests one at a time
//! against the one `Service`.
//!
//! One at a time is deliberate: a save takes under a millisecond, so twenty coordinators never
//! queue noticeably, and the version check, the search catalog and the audit chain need no
//! locking of their own.

use std::io::{self, BufWriter};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::ServerError;
use super::socket::{self, Peer, ServeLock};
use super::wire::{self, Call, Hello, PROTOCOL, Request, Welcome};
use crate::i18n::{self, Lang};
use crate::service::config::data_dir;
use crate::service::{Service, ServiceError, Session};

/// A server started for a client waits at least this long for it to connect.
const START_GRACE: Duration = Duration::from_secs(10);

/// How long a new connection may take to introduce itself.
const HELLO_TIMEOUT: Duration = Duration::from_secs(5);

/// How often the accept loop looks at the stop flag and the idle clock.
const TICK: Duration = Duration::from_millis(50);

#[derive(Debug, Clone)]
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
    svc: Mutex<Service>,
    /// Clients connected right now, and when the last one left (for the idle exit).
    clients: AtomicUsize,
    /// Until the first client has come and gone: when the server started, plus the grace a
    /// starting client needs to connect.
    last_left: Mutex<Instant>,
    stop: Arc<AtomicBool>,
    /// The store's change count, read without the lock: a console's twice-a-second "anything
    /// new?" must not wait behind a colleague's long export.
    changes: Arc<AtomicU64>,
}

impl Shared {
    /// A panic inside one request must not take every other client down with the lock.
    fn service(&self) -> MutexGuard<'_, Service> {
        self.svc.lock().unwrap_or_else(|p| p.into_inner())
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
    let lock = match ServeLock::acquire(&dir) {
        Ok(Some(l)) => l,
        Ok(None) => return Err(ServeError::Busy),
        Err(e) => return Err(ServerError::Io(format!("{}: {e}", dir.display())).into()),
    };
    let socket = match &opts.socket {
        Some(s) => socket::absolute(s),
        None => dir.join(socket::SOCKET_FILE),
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
    let svc = Service::open_server(&opts.db, opts.create, opts.accept_loss)?;
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
    let changes = svc.store().change_counter();
    Ok(Ready {
        listener,
        socket,
        shared: Arc::new(Shared {
            svc: Mutex::new(svc),
            clients: AtomicUsize::new(0),
            last_left: Mutex::new(Instant::now() + START_GRACE),
            stop,
            changes,
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
        let db_path = self.shared.service().store().path().to_path_buf();
        loop {
            if self.shared.stop.load(Ordering::Relaxed) {
                log("stopping (signal)");
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
        let svc = self.shared.service();
        let _ = svc.store().flush();
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
    let mut session = match hello(shared, &mut reader, &mut writer, peer, &account) {
        Some(s) => s,
        None => return,
    };
    // Ends when the client hangs up (or sends garbage, which ends its connection only).
    while let Ok(req) = wire::receive::<Request>(&mut reader) {
        let reply = if matches!(req.call, Call::Changes) {
            encode(Ok(shared.changes.load(Ordering::Acquire)))
        } else {
            let mut svc = shared.service();
            svc.swap_session(&mut session);
            svc.set_expected(req.expected);
            let reply = catch_unwind(AssertUnwindSafe(|| dispatch(&mut svc, req.call)))
                .unwrap_or_else(|_| {
                    log(&format!(
                        "a request from {account} failed inside the server"
                    ));
                    encode(Err::<(), _>(internal()))
                });
            svc.set_expected(None);
            svc.swap_session(&mut session);
            reply
        };
        match reply {
            Ok(bytes) => {
                if wire::write_frame(&mut writer, &bytes).is_err() {
                    break;
                }
            }
            Err(e) => {
                log(&format!("a reply to {account} could not be encoded: {e}"));
                break;
            }
        }
    }
}

fn hello(
    shared: &Shared,
    reader: &mut UnixStream,
    writer: &mut BufWriter<UnixStream>,
    peer: Peer,
    account: &str,
) -> Option<Session> {
    // A client that connects and says nothing must not hold a thread (and keep a
    // single-account server from ever idling out); a real one says hello at once.
    reader.set_read_timeout(Some(HELLO_TIMEOUT)).ok()?;
    let hello: Hello = wire::receive(reader).ok()?;
    // After hello, a console may be quiet for hours: no limit.
    reader.set_read_timeout(None).ok()?;
    if hello.protocol != PROTOCOL {
        let e = ServiceError::Server(ServerError::Version(env!("CARGO_PKG_VERSION").into()));
        let _ = wire::send(writer, &Err::<Welcome, _>(e));
        return None;
    }
    let mut svc = shared.service();
    match svc.login_session(account) {
        Ok(mut session) => {
            let welcome = Welcome {
                user: session.user().to_string(),
                roles: session.roles().to_vec(),
                notice: session.take_notice(),
                is_demo: svc.is_demo(),
                server_pid: std::process::id(),
            };
            drop(svc);
            log(&format!("{account} connected (pid {})", peer.pid));
            wire::send(writer, &Ok::<_, ServiceError>(welcome)).ok()?;
            Some(session)
        }
        Err(e) => {
            drop(svc);
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
        ServiceError::Store(_) | ServiceError::Config(_) | ServiceError::Users(_) => {
            ServiceError::Remote {
                da: i18n::service_error(Lang::Da, &e),
                en: i18n::service_error(Lang::En, &e),
            }
        }
        e => e,
    }
}

fn encode<T: Serialize>(r: Result<T, ServiceError>) -> io::Result<Vec<u8>> {
    wire::encode(&r.map_err(on_wire))
}

fn dispatch(svc: &mut Service, call: Call) -> io::Result<Vec<u8>> {
    let none = |_: u64| {};
    match call {
        Call::Changes => encode(Ok(svc.changes())),
        Call::WorkQueue => encode(svc.work_queue()),
        Call::Due { days } => encode(svc.due(days)),
        Call::LoadCatalog => encode(svc.load_catalog()),
        Call::List {
            filter,
            offset,
            limit,
        } => encode(svc.list(&filter, offset, limit)),
        Call::Count { filter } => encode(svc.count(&filter)),
        Call::PriorMatches {
            form,
            exclude,
            limit,
        } => encode(svc.prior_matches(&form, exclude, limit)),
        Call::Case { no } => encode(svc.case(no)),
        Call::ReloadCase { no } => encode(svc.reload_case(no)),
        Call::CaseSummary { no } => encode(svc.case_summary(no)),
        Call::RevealCpr { no } => encode(svc.reveal_cpr(no)),
        Call::Drafts => encode(svc.drafts()),
        Call::Draft { id } => encode(svc.draft(id)),
        Call::NewDraft { kind, case } => encode(svc.new_draft(kind, case)),
        Call::SaveDraft { mut draft } => encode(svc.save_draft(&mut draft).map(|()| draft)),
        Call::DiscardDraft { id } => encode(svc.discard_draft(id)),
        Call::File { draft } => encode(svc.file(&draft)),
        Call::AddNote { no, text } => encode(svc.add_note(no, &text)),
        Call::SetNextDate { no, date, reason } => encode(svc.set_next_date(no, date, &reason)),
        Call::Link { no, other } => encode(svc.link(no, other)),
        Call::Record {
            no,
            cmd,
            next_date,
            draft,
        } => encode(svc.record_draft(no, cmd, next_date, draft)),
        Call::AddContact { draft, no } => encode(svc.add_contact(&draft, no)),
        Call::Recommendations => encode(Ok(svc.recommendations())),
        Call::Actioncards => encode(Ok(svc.actioncards().clone())),
        Call::Roster => encode(svc.roster()),
        Call::People => encode(Ok(svc.people())),
        Call::Check => encode(Ok(svc.check(none))),
        Call::Repair => encode(svc.repair()),
        Call::LostSaves => encode(Ok(svc.store().lost_saves())),
        Call::CaseCount => encode(Ok(svc.case_count())),
        Call::CommitSearch { query } => encode(svc.commit_search(&query)),
        Call::AuditLog { filter } => encode(svc.audit_log(&filter)),
        Call::VerifyAudit => encode(svc.verify_audit()),
        Call::Users => encode(svc.users()),
        Call::SetUser {
            account,
            roles,
            create,
        } => encode(svc.set_user(&account, &roles, create)),
        Call::RemoveUser { account } => encode(svc.remove_user(&account)),
        Call::Export => encode(svc.export(none)),
        Call::FillDemo { count, seed } => encode(svc.fill_demo(count, seed, none)),
        Call::LegalRules => encode(svc.legal_rules()),
        Call::LegalDuePage { now, limit } => encode(svc.legal_due_page(now, limit)),
        Call::LegalItems { state } => encode(svc.legal_items(&state)),
        Call::CreateMeeting { meeting } => encode(svc.create_meeting(meeting)),
        Call::Meeting { no } => encode(svc.meeting(no)),
        Call::Meetings => encode(svc.meetings()),
        Call::DecideItem {
            no,
            index,
            decision,
        } => encode(svc.decide_item(no, index, decision)),
        Call::AddGeneralItem { no, text } => encode(svc.add_general_item(no, &text)),
        Call::Topics => encode(svc.topics()),
        Call::SaveTopic { topic } => encode(svc.save_topic(&topic)),
        Call::WriteMinutes { no, lang } => encode(svc.write_minutes(no, lang)),
        Call::AuditMinutes { no } => encode(svc.audit_minutes(no)),
        Call::AgendaCases { meeting, audit } => encode(svc.agenda_cases(&meeting, audit)),
        Call::Minutes { no, lang } => encode(svc.minutes(no, lang)),
        Call::Config => encode(svc.config()),
        Call::LegalHold { no, place, reason } => encode(svc.legal_hold(no, place, &reason)),
        Call::PurgePlan => encode(svc.purge_plan()),
        Call::Purge => encode(svc.purge(none)),
        Call::Stats { period } => encode(svc.stats(period)),
        Call::OverdueSeries => encode(svc.overdue_series()),
        Call::Backup { dir } => encode(svc.backup_files(&dir, none)),
    }
}
