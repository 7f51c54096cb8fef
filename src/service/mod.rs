//! The service: requests in, typed results and typed errors out. A shared `Core` (the store,
//! the search catalog, the action cards) and one `Session` per connection (account, roles,
//! the case on screen) make a `Service`; every call the console and the command line make runs
//! on one (`rpc::calls` lists them). Only this layer calls the store. It never produces
//! visible text: `i18n` translates its results and errors at the edges.

mod access;
pub mod actioncards;
mod backup;
mod catalog;
pub mod config;
mod demo_fill;
mod legal;
mod meetings;
mod queue;
mod redaction;
pub mod retention;
pub mod snapshot;
pub mod stats;
pub mod users;
pub mod writeback;

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{Local, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use access::{AuditFilter, Notice};
pub use backup::{ExportDoc, ImportError, Imported, LogTakenIn};
use catalog::Catalog;
pub use catalog::{ListFilter, SearchReason, TEXT_HIT_CAP};
pub use demo_fill::DemoSource;
pub use legal::{LegalDueCase, LegalDuePage};

use crate::domain::access::{Permission, Role};
use crate::domain::audit::{AuditAction, Viewer};
use crate::domain::case::first_next_date;
use crate::domain::cpr::partial_digits;
use crate::domain::dates::parse_date;
use crate::domain::draft::{Draft, DraftId, FormKind};
use crate::domain::flow::{Command, FlowError, Participant, RECOMMENDATIONS, decide};

/// The team's own list of recommendations, beside the database.
pub const RECOMMENDATIONS_FILE: &str = "anbefalinger.txt";
use crate::domain::intake::{FieldId, FieldProblem, IntakeForm};
use crate::domain::matching::{MatchReason, Probe};
use crate::domain::summary::CaseSummary;
use crate::domain::{CaseNo, CaseState, Event, EventPayload};
use crate::store::{CheckReport, OpenOptions, Store, StoreError};

/// What can go wrong between a client and the server (as opposed to inside the service). A
/// call's error is a `ServiceError` wherever it ran, so these travel inside it; the client and
/// server that raise them are in `rpc`.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ServerError {
    /// Shared-host mode: nothing answers at the configured socket.
    #[error("no infohus server answers at {0}")]
    NotRunning(PathBuf),
    /// Single-account mode: the server this client started said why it could not run.
    #[error("the infohus server could not start: {0}")]
    CannotStart(String),
    /// The server went away in the middle of a request.
    #[error("the connection to the infohus server was lost")]
    Lost,
    #[error("{0} belongs to another account")]
    ForeignOwner(PathBuf),
    #[error("{0} can be changed by other accounts")]
    Unsafe(PathBuf),
    /// A client whose hello the server cannot read (a build from before fingerprints).
    #[error("the server runs another version of infohus ({0})")]
    Version(String),
    #[error("the socket path {0} is too long for a Unix socket")]
    PathTooLong(PathBuf),
    #[error("{0}")]
    Io(String),
    /// The kernel refused the connection (EACCES/EPERM): on the shared host, an account
    /// outside the group the socket and its directory belong to.
    #[error("this account may not use the infohus server at {0}")]
    NoAccess(PathBuf),
    /// `serve`: a live server (of another data directory) already answers at the socket.
    #[error("another infohus server already answers at {0}")]
    InUse(PathBuf),
    /// The server and the client were built from different calls or wire types (their
    /// protocol fingerprints differ): neither could read the other's requests.
    #[error("the server is infohus {server}, this program is infohus {client}")]
    OtherBuild {
        server: Build,
        client: Build,
        /// Single-account mode: the server had no other client and is stepping down, so the
        /// client may start one of its own build.
        stepping_down: bool,
    },
    /// The server at the socket serves another database than the one the command named.
    #[error("the infohus server at hand serves {served}, not {wanted}")]
    OtherDatabase { served: PathBuf, wanted: PathBuf },
}

/// Which build of infohus is at one end of the socket: its package version and its protocol
/// fingerprint (a hash of the calls and of the source of every type that crosses the socket
/// or is stored; see `rpc::wire::FINGERPRINT`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Build {
    pub version: String,
    pub fingerprint: String,
}

impl std::fmt::Display for Build {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.version, self.fingerprint)
    }
}

/// Variants marked `skip` carry the server's own details (paths, I/O errors); the server
/// sends them as `Remote`, their sentence in both languages (`rpc::server::on_wire`).
#[derive(Debug, Error, serde::Serialize, serde::Deserialize)]
pub enum ServiceError {
    #[error("the intake cannot be filed yet")]
    Invalid(Vec<(FieldId, FieldProblem)>),
    #[error("case {0} does not exist")]
    NoSuchCase(CaseNo),
    #[error("the text is empty")]
    EmptyText,
    #[error("the date lies in the past")]
    DateInPast,
    #[error("a case cannot be linked to itself")]
    SelfLink,
    #[error(transparent)]
    Flow(#[from] FlowError),
    #[error("meeting {0} does not exist")]
    NoSuchMeeting(u64),
    #[error("a meeting needs at least one participant")]
    NoParticipants,
    #[error("{0}")]
    Io(String),
    #[error(transparent)]
    Hold(#[from] crate::domain::retention::HoldError),
    #[error("the account {0} may not use infohus")]
    UnknownAccount(String),
    #[error("the account's roles do not allow this ({0:?})")]
    Denied(Permission),
    /// `infohus.toml` is present but wrong: the message names the file and line.
    #[error("{0}")]
    Settings(String),
    /// An error inside the server, as the sentence it would have been here.
    #[error("{en}")]
    Remote { da: String, en: String },
    /// The server could not be reached, or went away.
    #[error(transparent)]
    Server(#[from] ServerError),
    /// A field of an intake edit was changed by someone else too, to something else, since
    /// the version the edit was made from; nothing was written. The user says which to keep.
    #[error("a field of case {} was changed by someone else too", .0.no)]
    Clash(Box<Clash>),
    /// Someone else changed the case after the version the user's screen shows (see
    /// `Service::set_expected`); nothing was written. Plain data, so it can cross a socket.
    #[error("case {no} was changed by {by} at {at} after the user's screen read it")]
    Conflict {
        no: CaseNo,
        by: String,
        at: NaiveDateTime,
    },
    /// The meeting's agenda changed under the chair's screen (another session added items):
    /// nothing was recorded, the screen is read again.
    #[error("the agenda of meeting {0} changed; nothing was recorded")]
    AgendaChanged(u64),
    /// A decided item is corrected, not decided again.
    #[error("the item of meeting {0} is decided already")]
    AlreadyDecided(u64),
    #[error("the item of meeting {0} has no decision to correct")]
    NotDecided(u64),
    /// A redacted session was shown initials, not what is stored: it may not write intakes.
    #[error("redacted view is on; turn it off before taking or editing a concern")]
    Redacted,
    /// Only a new concern can be added to an earlier case as a follow-up call.
    #[error("only a new concern can be added to an earlier case")]
    NotANewConcern,
    // Last, so that the variants on the wire keep the same numbers whether or not these are
    // counted (serde leaves skipped variants out when decoding).
    #[error(transparent)]
    #[serde(skip)]
    Store(#[from] StoreError),
    #[error(transparent)]
    #[serde(skip)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    #[serde(skip)]
    Users(#[from] users::UsersError),
    /// A backup that could not be written (its directory, a file, the export).
    #[error(transparent)]
    #[serde(skip)]
    Snapshot(Box<snapshot::SnapshotError>),
}

/// One line of the work queue or the case list.
pub use crate::domain::summary::CaseLine;

pub use backup::{MinutesFile, OverdueDay};
pub use meetings::{
    DecisionSaved, ItemCorrection, ItemDecision, MINUTES_DIR, NewMeeting, holds_review,
};
pub use queue::{GROUP_LIMIT, Group, QueueEntry, QueueGroup, WorkQueue, week_end};

/// How many later follow-ups the start screen lists; the case list holds the rest.
pub const LATER_LIMIT: usize = 100;

#[derive(serde::Serialize, serde::Deserialize)]
pub struct CaseView {
    pub state: CaseState,
    pub events: Vec<Event>,
    /// Every case linked to this one, for showing repeat concerns together.
    pub linked: Vec<CaseLine>,
    /// When a closed case is to be deleted (retention).
    pub deletion_date: Option<NaiveDate>,
    /// Who opened the case before, other than the user (shown to coordinators only).
    pub last_viewed: Option<Viewer>,
}

/// What an idle console asks for twice a second (`Service::pulse`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pulse {
    /// See `Service::changes`.
    pub changes: u64,
    /// The account's roles as `users.toml` lists them now.
    pub roles: Vec<Role>,
    /// The actioncards' files as they are now (`actioncards::stamp`): a console holding
    /// cards of another version asks for them again.
    pub cards: u64,
}

#[derive(serde::Serialize, serde::Deserialize)]
pub struct PriorMatch {
    pub case: CaseLine,
    pub reasons: Vec<MatchReason>,
}

#[derive(serde::Serialize, serde::Deserialize)]
pub struct ListPage {
    pub total: usize,
    pub rows: Vec<CaseLine>,
    /// Why each row was found by the search text (empty without one).
    pub reasons: Vec<Vec<SearchReason>>,
    /// The search stopped collecting text hits: `total` is at least this many.
    pub more: bool,
}

/// Fields of an intake edit that the user and a colleague both changed (`ServiceError::Clash`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Clash {
    pub no: CaseNo,
    /// The case's version now: the base of the draft once the user has chosen.
    pub version: u32,
    /// Who changed the case last, and when.
    pub by: String,
    pub at: NaiveDateTime,
    /// The clashing fields, in the form's order.
    pub fields: Vec<FieldId>,
    /// The case as the user's edit started from it, and as it is now.
    pub base: IntakeForm,
    pub theirs: IntakeForm,
}

#[derive(serde::Serialize, serde::Deserialize)]
pub enum Filed {
    New(CaseState),
    Edited(CaseState),
    Unchanged(CaseNo),
}

/// Writes the national tool's recommendations as the team's list, for the team to edit; a
/// file that exists is left as it is.
fn write_recommendations(path: &Path) -> Result<(), ServiceError> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let io = |e: std::io::Error| ServiceError::Io(format!("{}: {e}", path.display()));
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => return Err(io(e)),
    };
    let mut text = String::from(
        "# Anbefalinger efter en vurdering: én pr. linje; linjer med # springes over.\n\
         # Recommendations after an assessment: one per line; lines starting with # are skipped.\n",
    );
    for r in RECOMMENDATIONS {
        text.push_str(r);
        text.push('\n');
    }
    f.write_all(text.as_bytes()).map_err(io)?;
    f.sync_all().map_err(io)
}

/// What every connection shares: the store, the search catalog and the team's action cards.
/// The server holds one behind an `Arc` and gives each connection a `Service` of its own over
/// it; in-process (tests, the bench) a `Service` has it alone. Everything in it is safe to use
/// from several threads at once.
pub struct Core {
    store: Store,
    /// Built from the summary index on first use; `None` again after anything that rewrites
    /// many cases at once (import, repair, purge, demo data), so the next search rebuilds it.
    catalog: Mutex<Option<Catalog>>,
    /// The redaction dictionary (every name and place in the database), built at the first
    /// redacted request and kept current by every save (see `redaction.rs`).
    dictionary: redaction::Dict,
    /// From `actioncards/` beside the database, read again when the files change.
    cards: Mutex<actioncards::Current>,
    /// `users.toml` as last read; every request asks it for the account's roles.
    users: Mutex<users::Current>,
}

impl Core {
    fn open(path: &Path, opts: &OpenOptions) -> Result<Core, ServiceError> {
        let fresh = opts.create && !path.exists();
        let store = Store::open(path, opts)?;
        if fresh {
            // The team's own lists, written when the database is made so they can be edited
            // before anyone needs them; an existing file is never overwritten.
            let dir = config::data_dir(path);
            let cards = dir.join(actioncards::CARDS_DIR);
            actioncards::write_defaults(&cards)
                .map_err(|e| ServiceError::Io(format!("{}: {e}", cards.display())))?;
            write_recommendations(&dir.join(RECOMMENDATIONS_FILE))?;
        }
        Ok(Core {
            store,
            catalog: Mutex::new(None),
            dictionary: redaction::Dict::default(),
            cards: Mutex::new(actioncards::Current::default()),
            users: Mutex::new(users::Current::default()),
        })
    }

    /// Opens the database for `infohus serve`: no one is logged in until a client connects
    /// (`Service::login`), so the server's own account gets no role from opening it.
    pub fn open_server(
        path: &Path,
        create: bool,
        accept_loss: bool,
        progress: Option<crate::store::Progress>,
    ) -> Result<Core, ServiceError> {
        Core::open(
            path,
            &OpenOptions {
                create,
                user: crate::user::os_user(),
                accept_loss,
                progress,
                ..OpenOptions::default()
            },
        )
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// See `Service::changes`.
    pub fn changes(&self) -> u64 {
        self.store.changes()
    }

    /// The accounts as `users.toml` says now (read again only when the file changed).
    fn users(&self) -> Result<Option<Arc<users::Users>>, users::UsersError> {
        self.users
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(self.store.path())
    }

    fn catalog(&self) -> MutexGuard<'_, Option<Catalog>> {
        // A panic inside one request must not take every later search down with the lock.
        self.catalog.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One connection's side of the service: who is asking (account and roles, read from
/// `users.toml` at login and again before every request), what the user must be told once,
/// the case on the user's screen and the version of it a write is based on. Never shared
/// between connections.
#[derive(Debug, Default)]
pub struct Session {
    user: String,
    roles: RefCell<Vec<Role>>,
    /// The account was taken out of `users.toml` while this session ran (logged once).
    removed: Cell<bool>,
    /// Something the user must be told once after opening (e.g. made the first admin).
    notice: Option<Notice>,
    /// A pinned clock (tests, and demo data that must be relative to a known day).
    fixed_now: Option<NaiveDateTime>,
    /// The case this session has open: reloading it is not a new view in the audit log.
    viewing: Cell<Option<CaseNo>>,
    /// Replies are redacted for a projector, for the request in hand (see `redaction.rs`).
    redacted: Cell<bool>,
    /// The version (`event_count`) of a case the user's screen is based on, for the request
    /// in hand; a write to that case is refused while the stored case has moved on (see
    /// `set_expected`).
    expected: Cell<Option<(CaseNo, u32)>>,
    /// The id of the request in hand (over the socket), and of the last one that wrote audit
    /// entries; `resent` when the request in hand is a read sent again with that id.
    request: Cell<Option<u64>>,
    audited: Cell<Option<u64>>,
    resent: Cell<bool>,
}

/// How a request is to be run (see `Service::serving`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Asked {
    /// The version of a case the user's screen is based on (see `Service::set_expected`).
    pub expected: Option<(CaseNo, u32)>,
    /// The client's number for the request; a resend keeps it. None in-process.
    pub id: Option<u64>,
    /// A read (`calls::Kind::Read`): the only kind the client sends again on its own.
    pub read: bool,
}

/// The service as one connection uses it: the shared core and this connection's session.
/// Every request runs on it; nothing of one session is ever lent to another.
pub struct Service {
    core: Arc<Core>,
    session: Session,
}

impl Service {
    pub fn open(path: &Path, create: bool, user: &str) -> Result<Service, ServiceError> {
        Self::open_with(
            path,
            OpenOptions {
                create,
                user: user.to_string(),
                ..OpenOptions::default()
            },
        )
    }

    /// Opens a database whose last saves are known to be lost, to repair what is left.
    pub fn open_accepting_loss(path: &Path, user: &str) -> Result<Service, ServiceError> {
        Self::open_with(
            path,
            OpenOptions {
                create: false,
                user: user.to_string(),
                accept_loss: true,
                ..OpenOptions::default()
            },
        )
    }

    fn open_with(path: &Path, opts: OpenOptions) -> Result<Service, ServiceError> {
        let core = Core::open(path, &opts)?;
        Service::login(Arc::new(core), &opts.user)
    }

    /// A session for `account` on a shared core: roles from `users.toml` (the first account
    /// of a data directory without one is made admin), the login or the refusal audited.
    pub fn login(core: Arc<Core>, account: &str) -> Result<Service, ServiceError> {
        let mut svc = Service {
            core,
            session: Session {
                user: account.to_string(),
                ..Session::default()
            },
        };
        svc.log_in()?;
        Ok(svc)
    }

    /// The shared core this session works on.
    pub fn core(&self) -> &Arc<Core> {
        &self.core
    }

    /// Pins the clock (tests, and demo data that must be relative to a known day).
    pub fn set_now(&mut self, now: NaiveDateTime) {
        self.session.fixed_now = Some(now);
    }

    pub fn now(&self) -> NaiveDateTime {
        self.session
            .fixed_now
            .unwrap_or_else(|| Local::now().naive_local())
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    pub fn user(&self) -> &str {
        &self.session.user
    }

    pub fn store(&self) -> &Store {
        &self.core.store
    }

    /// How many shared writes (cases, meetings, purges, imports) have been committed since the
    /// database was opened. A screen that read at a smaller number may be out of date; the
    /// number itself means nothing across restarts. Any logged-in account may ask.
    pub fn changes(&self) -> u64 {
        self.core.changes()
    }

    /// The change count and the roles the account has now (read before every request).
    pub fn pulse(&self) -> Pulse {
        Pulse {
            changes: self.changes(),
            roles: self.roles(),
            cards: actioncards::stamp(&self.cards_dir()),
        }
    }

    /// Acknowledged saves the database lost in a crash (found when it was opened).
    pub fn lost_saves(&self) -> u64 {
        self.core.store.lost_saves()
    }

    /// Says which version of case `no` (its `CaseState::event_count`) the user's screen shows.
    /// While set, a write that appends to that case is refused with `Conflict` if the case has
    /// changed since, and writes nothing; writes to other cases are not checked (nor the
    /// counterpart a link writes on the other case, or the links of a new filing). `None` turns
    /// the check off. It stays set until changed, so whoever sets it sets it for every write.
    pub fn set_expected(&self, expected: Option<(CaseNo, u32)>) {
        self.session.expected.set(expected);
    }

    /// Runs one request as `asked` says (the version of a case the user's screen is based on,
    /// the request's id and whether it is a read), and forgets it afterwards: the next request
    /// says its own. A read with the id of the last request that wrote audit entries is that
    /// request sent again after a broken connection: it runs again, but is not logged again.
    pub fn serving<T>(&self, asked: Asked, f: impl FnOnce(&Self) -> T) -> T {
        self.set_expected(asked.expected);
        self.session.request.set(asked.id);
        let resent = asked.read && asked.id.is_some() && self.session.audited.get() == asked.id;
        self.session.resent.set(resent);
        let r = f(self);
        self.set_expected(None);
        self.session.request.set(None);
        self.session.resent.set(false);
        r
    }

    /// The one place the expected version is compared: refuses a write to case `no` that the
    /// user made against an older screen of it, naming who changed it last and when. A case
    /// that does not exist is left for the write itself to report.
    fn check_expected(&self, no: CaseNo) -> Result<(), ServiceError> {
        let Some((case, version)) = self.session.expected.get() else {
            return Ok(());
        };
        if case != no {
            return Ok(());
        }
        let Some(state) = self.core.store.case(no)? else {
            return Ok(());
        };
        if state.event_count == version {
            return Ok(());
        }
        let (by, at) = self
            .core
            .store
            .last_event(no)?
            .map(|e| (e.author, e.at))
            .unwrap_or_default();
        Err(ServiceError::Conflict { no, by, at })
    }

    pub fn is_demo(&self) -> bool {
        self.core.store.is_demo()
    }

    pub fn work_queue(&self) -> Result<WorkQueue, ServiceError> {
        self.require(Permission::Cases)?;
        let today = self.today();
        let mut drafts = self.own_drafts()?;
        drafts.sort_by_key(|d| std::cmp::Reverse(d.updated_at));
        let built = queue::build(self, today, week_end(today), LATER_LIMIT, GROUP_LIMIT)?;
        let q = WorkQueue {
            drafts,
            groups: built.groups,
            open: self.core.store.open_case_count(),
        };
        // The day's count feeds the statistics' overdue-over-time line: follow-ups of open
        // cases, as the statistics count them.
        let follow_ups = built.overdue_follow_ups;
        self.core.store.note_overdue(today, follow_ups as u64)?;
        self.shown(q)
    }

    /// What is due in the next `days` days (and everything overdue or awaiting), grouped as
    /// the work queue groups it — for `infohus due` and morning mail.
    pub fn due(&self, days: u32) -> Result<Vec<QueueGroup>, ServiceError> {
        self.require(Permission::Cases)?;
        let today = self.today();
        let until = today + chrono::Days::new(u64::from(days));
        self.shown(queue::build(self, today, until, 0, usize::MAX)?.groups)
    }

    pub fn catalog_loaded(&self) -> bool {
        self.core.catalog().is_some()
    }

    /// Loads the search catalog from the summary index. The console calls this right after
    /// its first frame so that start-up stays fast and the first search is not.
    pub fn load_catalog(&self) -> Result<(), ServiceError> {
        // Nothing to prepare for an account that may not search; every search refuses it.
        if !self.may(Permission::Cases) {
            return Ok(());
        }
        let mut catalog = self.core.catalog();
        if catalog.is_none() {
            let mut c = Catalog::new();
            for s in self.core.store.summaries() {
                c.upsert(s?);
            }
            c.shrink_to_fit();
            *catalog = Some(c);
            crate::user::trim_heap();
        }
        Ok(())
    }

    /// Runs `f` on the search catalog, loading it first when needed.
    fn with_catalog<T>(&self, f: impl FnOnce(&mut Catalog) -> T) -> Result<T, ServiceError> {
        self.require(Permission::Cases)?;
        self.load_catalog()?;
        match self.core.catalog().as_mut() {
            Some(c) => Ok(f(c)),
            None => Err(ServiceError::Store(StoreError::Db(
                "catalog not loaded".into(),
            ))),
        }
    }

    fn remember(&self, s: &CaseState) {
        if let Some(c) = self.core.catalog().as_mut() {
            c.upsert(CaseSummary::of(s));
        }
        self.core.dictionary.remember(s);
    }

    /// Drops the search catalog after a change to many cases at once; the next search
    /// rebuilds it from the summary index.
    pub fn forget_catalog(&self) {
        *self.core.catalog() = None;
    }

    /// One page of the filtered case list.
    pub fn list(
        &self,
        filter: &ListFilter,
        offset: usize,
        limit: usize,
    ) -> Result<ListPage, ServiceError> {
        self.require(Permission::Cases)?;
        let today = self.today();
        let page = self.with_catalog(|catalog| {
            catalog.refresh(filter, today);
            let hits = catalog.hits();
            let mut rows = Vec::new();
            let mut reasons = Vec::new();
            for (rank, &i) in hits.iter().enumerate().skip(offset).take(limit) {
                if let Some(line) = catalog.summary_at(i) {
                    rows.push(line.clone());
                    reasons.push(catalog.reasons(rank));
                }
            }
            ListPage {
                total: hits.len(),
                rows,
                reasons,
                more: catalog.capped(),
            }
        })?;
        self.shown(page)
    }

    /// Number of hits only (used by the benchmark and tests).
    pub fn count(&self, filter: &ListFilter) -> Result<usize, ServiceError> {
        self.require(Permission::Cases)?;
        let today = self.today();
        self.with_catalog(|c| c.search(filter, today).len())
    }

    /// Earlier cases that may be about the person being typed in.
    pub fn prior_matches(
        &self,
        form: &IntakeForm,
        exclude: Option<CaseNo>,
        limit: usize,
    ) -> Result<Vec<PriorMatch>, ServiceError> {
        self.require(Permission::Cases)?;
        let digits = partial_digits(&form.cpr);
        let birth = parse_date(&form.birth_date).ok();
        let probe = Probe {
            name: &form.person_name,
            cpr_digits: &digits,
            birth_date: birth,
            last_token_partial: !form.person_name.ends_with(' '),
        };
        let matches: Vec<PriorMatch> = self.with_catalog(|catalog| {
            let found = catalog.persons.query(&probe, limit + 1);
            found
                .into_iter()
                .filter(|m| Some(m.id) != exclude)
                .take(limit)
                .filter_map(|m| {
                    catalog.get(m.id).map(|s| PriorMatch {
                        case: s.clone(),
                        reasons: m.reasons,
                    })
                })
                .collect()
        })?;
        self.shown(matches)
    }

    /// Opens a case: every call is a view in the audit log (written before the case is
    /// returned), except a reload of the case this session already has open (`reload_case`).
    pub fn case(&self, no: CaseNo) -> Result<CaseView, ServiceError> {
        self.require(Permission::Cases)?;
        let last_viewed = self.last_viewed_by_other(no)?;
        let mut view = self.case_unaudited(no)?;
        self.audit(AuditAction::CaseViewed { case: no })?;
        self.session.viewing.set(Some(no));
        view.last_viewed = last_viewed;
        self.shown_view(view)
    }

    /// A case view as this session may see it: redacted with every name the case ever had.
    fn shown_view(&self, view: CaseView) -> Result<CaseView, ServiceError> {
        if !self.redacted() {
            return Ok(view);
        }
        let events = view.events.clone();
        self.shown_case(view, &events)
    }

    fn case_unaudited(&self, no: CaseNo) -> Result<CaseView, ServiceError> {
        // The state from the very events shown: a save by another session in between cannot
        // make the two disagree.
        let events = self.core.store.events(no)?;
        if events.is_empty() {
            return Err(ServiceError::NoSuchCase(no));
        }
        let state = CaseState::replay(no, &events).map_err(StoreError::from)?;
        let mut linked = Vec::new();
        for &other in &state.links {
            if let Some(line) = self.core.store.line(other)? {
                linked.push(line);
            }
        }
        Ok(CaseView {
            deletion_date: self.deletion_date_of(&state),
            state,
            events,
            linked,
            last_viewed: None,
        })
    }

    /// The unmasked CPR number; every reveal is written to the audit log first.
    pub fn reveal_cpr(&self, no: CaseNo) -> Result<Option<String>, ServiceError> {
        self.require(Permission::Cases)?;
        self.refuse_redacted()?;
        let state = self
            .core
            .store
            .case(no)?
            .ok_or(ServiceError::NoSuchCase(no))?;
        self.audit(AuditAction::CprRevealed { case: no })?;
        Ok(state.intake.person.cpr.map(|c| c.formatted()))
    }

    /// The user's own drafts. A draft is a half-typed intake: it belongs to whoever typed it,
    /// and other coordinators neither see it nor resume it (`purge` still removes old ones).
    pub fn drafts(&self) -> Result<Vec<Draft>, ServiceError> {
        self.require(Permission::Cases)?;
        self.shown(self.own_drafts()?)
    }

    fn own_drafts(&self) -> Result<Vec<Draft>, ServiceError> {
        let mut drafts = self.core.store.drafts()?;
        drafts.retain(|d| d.author == self.session.user);
        Ok(drafts)
    }

    /// One of the user's drafts; another user's draft is `None`, as if it did not exist.
    pub fn draft(&self, id: DraftId) -> Result<Option<Draft>, ServiceError> {
        self.require(Permission::Cases)?;
        self.shown(
            self.core
                .store
                .draft(id)?
                .filter(|d| d.author == self.session.user),
        )
    }

    /// Refuses to write or remove draft `id` for a user who does not own it: to them it does
    /// not exist. A stored draft that no longer decodes is left to be overwritten, as before.
    fn own_draft_id(&self, d: &Draft) -> Result<(), ServiceError> {
        let foreign = d.author != self.session.user
            || matches!(self.core.store.draft(d.id), Ok(Some(stored)) if stored.author != self.session.user);
        if foreign {
            return Err(ServiceError::Store(StoreError::NoSuchDraft(d.id)));
        }
        Ok(())
    }

    /// Starts a draft of `kind` and saves it at once: a new concern (filled with "received
    /// now, by phone"), an edit of case `case`'s intake (filled with it, and remembering the
    /// version it was made from), or another form on case `case` (empty: the form fills it).
    pub fn new_draft(&self, kind: FormKind, case: Option<CaseNo>) -> Result<Draft, ServiceError> {
        self.require(Permission::Cases)?;
        self.refuse_redacted_draft(kind)?;
        let now = self.now();
        let mut d = Draft::new(
            self.core.store.new_draft_id()?,
            &self.session.user,
            now,
            kind,
        );
        d.case = case;
        if let Some(no) = case {
            let s = self
                .core
                .store
                .case(no)?
                .ok_or(ServiceError::NoSuchCase(no))?;
            if kind == FormKind::Intake {
                d.set_intake(&IntakeForm::from_intake(&s.intake));
                d.base = Some(s.event_count);
            }
        } else if kind == FormKind::Intake {
            d.set_intake(&IntakeForm::new(now));
        }
        self.core.store.save_draft(&d)?;
        Ok(d)
    }

    /// Saves the draft durably and returns it as saved (its `updated_at` is now); returns when
    /// it is on disk.
    pub fn save_draft(&self, d: &Draft) -> Result<Draft, ServiceError> {
        self.require(Permission::Cases)?;
        self.refuse_redacted_draft(d.kind)?;
        self.own_draft_id(d)?;
        let d = Draft {
            updated_at: self.now(),
            ..d.clone()
        };
        self.core.store.save_draft(&d)?;
        Ok(d)
    }

    pub fn discard_draft(&self, id: DraftId) -> Result<(), ServiceError> {
        self.require(Permission::Cases)?;
        if self.draft(id)?.is_none() {
            return Err(ServiceError::Store(StoreError::NoSuchDraft(id)));
        }
        Ok(self.core.store.discard_draft(id)?)
    }

    /// Files the draft: a new case, or a new version of the case it edits. Cases with the same
    /// CPR number are linked automatically; name matches only when the user confirmed them.
    ///
    /// An edit applies only the fields the user changed since the version the draft was made
    /// from (`Draft::base`), onto the case as it is now, and is recorded as the parts that
    /// changed, old → new. A field a colleague changed meanwhile to something else is not
    /// written over: the save is refused with `Clash`, naming the fields, for the user to say
    /// which to keep (and save the draft settled, `domain::edit::merge`, with the new base).
    pub fn file(&self, d: &Draft) -> Result<Filed, ServiceError> {
        self.require(Permission::Cases)?;
        self.refuse_redacted()?;
        // Filing removes the draft: only its author's own.
        self.own_draft_id(d)?;
        let Some(no) = d.editing() else {
            return self.file_new(d);
        };
        self.check_expected(no)?;
        let now = self.now();
        let events = self.core.store.events(no)?;
        if events.is_empty() {
            return Err(ServiceError::NoSuchCase(no));
        }
        let old = CaseState::replay(no, &events).map_err(StoreError::from)?;
        let theirs = IntakeForm::from_intake(&old.intake);
        let base = match d.base {
            Some(v) if v < old.event_count => IntakeForm::from_intake(
                &CaseState::replay(no, &events[..v as usize])
                    .map_err(StoreError::from)?
                    .intake,
            ),
            // The case has not moved since the draft was made (or the draft is from before
            // drafts knew their version): every difference is the user's.
            _ => theirs.clone(),
        };
        let merged = crate::domain::edit::merge(&base, &d.intake(), &theirs, &[]);
        if !merged.clashes.is_empty() {
            let (by, at) = events
                .last()
                .map(|e| (e.author.clone(), e.at))
                .unwrap_or_default();
            return Err(ServiceError::Clash(Box::new(Clash {
                no,
                version: old.event_count,
                by,
                at,
                fields: merged.clashes,
                base,
                theirs,
            })));
        }
        let intake = match merged.form.validate(now, &self.session.user) {
            Ok(i) => i,
            Err(problems) => return Err(ServiceError::Invalid(self.edit_problems(d, problems)?)),
        };
        // The original reception is a fact of the filing; an edit keeps who took it.
        let intake = crate::domain::Intake {
            received_by: old.intake.received_by.clone(),
            ..intake
        };
        let mut links: Vec<CaseNo> = merged.form.links.clone();
        if let Some(cpr) = &intake.person.cpr {
            links.extend(self.core.store.cases_by_cpr(cpr)?);
        }
        links.sort_unstable();
        links.dedup();
        let changes = crate::domain::edit::changes(&old.intake, &intake);
        let mut payloads = Vec::new();
        if !changes.is_empty() {
            payloads.push(EventPayload::IntakeFieldsEdited { changes });
        }
        for other in links {
            if other != no && !old.links.contains(&other) {
                payloads.push(EventPayload::Linked { other });
            }
        }
        if payloads.is_empty() {
            self.core.store.discard_draft(d.id)?;
            return Ok(Filed::Unchanged(no));
        }
        let state = self
            .core
            .store
            .append(no, &payloads, Some(d.id), &self.session.user, now)?;
        self.filed(Filed::Edited(state))
    }

    fn file_new(&self, d: &Draft) -> Result<Filed, ServiceError> {
        let now = self.now();
        let form = d.intake();
        let intake = match form.validate(now, &self.session.user) {
            Ok(i) => i,
            Err(problems) => return Err(ServiceError::Invalid(self.edit_problems(d, problems)?)),
        };
        let mut links: Vec<CaseNo> = form.links.clone();
        if let Some(cpr) = &intake.person.cpr {
            links.extend(self.core.store.cases_by_cpr(cpr)?);
        }
        links.sort_unstable();
        links.dedup();
        let next_date = first_next_date(intake.received_at).max(self.today());
        let s = self.core.store.file_case(
            EventPayload::Filed { intake, next_date },
            &links,
            Some(d.id),
            &self.session.user,
            now,
        )?;
        self.filed(Filed::New(s))
    }

    /// Takes a filed case (and the cases it links) into the search catalog and the redaction
    /// dictionary.
    fn filed(&self, result: Filed) -> Result<Filed, ServiceError> {
        let state = match &result {
            Filed::New(s) | Filed::Edited(s) => s.clone(),
            Filed::Unchanged(_) => return Ok(result),
        };
        self.remember(&state);
        for other in state.links.clone() {
            if let Some(s) = self.core.store.case(other)? {
                self.remember(&s);
            }
        }
        Ok(result)
    }

    /// An edit is not refused for what the filed intake already lacked (cases filed before a
    /// source or a description was asked for): it never makes a case worse.
    fn edit_problems(
        &self,
        d: &Draft,
        problems: Vec<(FieldId, FieldProblem)>,
    ) -> Result<Vec<(FieldId, FieldProblem)>, ServiceError> {
        let Some(no) = d.editing() else {
            return Ok(problems);
        };
        let old = self
            .core
            .store
            .case(no)?
            .ok_or(ServiceError::NoSuchCase(no))?;
        let lacked = |p: &FieldProblem| match p {
            FieldProblem::SourceNeeded => old.intake.source.is_none(),
            FieldProblem::DescriptionOrConcernNeeded => {
                old.intake.description.is_empty() && old.intake.concerns.is_empty()
            }
            _ => false,
        };
        Ok(problems.into_iter().filter(|(_, p)| !lacked(p)).collect())
    }

    /// A follow-up call: the concern typed in draft `d` is added to the earlier case `no` as a
    /// contact (when, how, from whom, what), instead of becoming a new case. The draft goes in
    /// the same save. What it needs is what filing needs, but no name.
    pub fn add_contact(&self, d: &Draft, no: CaseNo) -> Result<CaseState, ServiceError> {
        self.require(Permission::Cases)?;
        self.own_draft_id(d)?;
        if d.kind != FormKind::Intake || d.editing().is_some() {
            return Err(ServiceError::NotANewConcern);
        }
        let now = self.now();
        let intake = d
            .intake()
            .validate(now, &self.session.user)
            .map_err(ServiceError::Invalid)?;
        let s = self
            .core
            .store
            .append(
                no,
                &[EventPayload::ContactAdded(intake)],
                Some(d.id),
                &self.session.user,
                now,
            )
            .map_err(|e| match e {
                StoreError::NoSuchCase(n) => ServiceError::NoSuchCase(n),
                e => ServiceError::Store(e),
            })?;
        self.remember(&s);
        Ok(s)
    }

    pub fn add_note(&self, no: CaseNo, text: &str) -> Result<CaseState, ServiceError> {
        self.require(Permission::Cases)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(ServiceError::EmptyText);
        }
        self.append(
            no,
            EventPayload::NoteAdded {
                text: text.to_string(),
            },
        )
    }

    pub fn set_next_date(
        &self,
        no: CaseNo,
        date: NaiveDate,
        reason: &str,
    ) -> Result<CaseState, ServiceError> {
        self.require(Permission::Cases)?;
        if date < self.today() {
            return Err(ServiceError::DateInPast);
        }
        self.append(
            no,
            EventPayload::NextDateSet {
                date,
                reason: reason.trim().to_string(),
            },
        )
    }

    pub fn link(&self, no: CaseNo, other: CaseNo) -> Result<CaseState, ServiceError> {
        self.require(Permission::Cases)?;
        if no == other {
            return Err(ServiceError::SelfLink);
        }
        let s = self.append(no, EventPayload::Linked { other })?;
        if let Some(o) = self.core.store.case(other)? {
            self.remember(&o);
        }
        Ok(s)
    }

    /// Carries out a step of the assessment flow. The rules in `domain::flow::decide` say what
    /// it records; a next follow-up date, when given, is recorded with it in the same save.
    pub fn record(
        &self,
        no: CaseNo,
        cmd: Command,
        next_date: Option<NaiveDate>,
    ) -> Result<CaseState, ServiceError> {
        self.record_draft(no, cmd, next_date, None)
    }

    /// As `record`, and the user's draft `draft` of the form (if any) is removed in the same
    /// save: a form that was saved is never offered back.
    pub fn record_draft(
        &self,
        no: CaseNo,
        cmd: Command,
        next_date: Option<NaiveDate>,
        draft: Option<DraftId>,
    ) -> Result<CaseState, ServiceError> {
        self.require(Permission::Cases)?;
        // Someone else's draft is not this user's to remove; a draft already gone is fine.
        let draft = match draft {
            Some(id) => self.draft(id)?.map(|d| d.id),
            None => None,
        };
        // Before the flow rules: a refusal they give on a case changed meanwhile would hide
        // that it changed.
        self.check_expected(no)?;
        let state = self
            .core
            .store
            .case(no)?
            .ok_or(ServiceError::NoSuchCase(no))?;
        let mut events = self.with_deletion_date(decide(&state, cmd, self.today())?)?;
        if let Some(date) = next_date {
            if date < self.today() {
                return Err(ServiceError::DateInPast);
            }
            if date != state.next_date {
                events.push(EventPayload::NextDateSet {
                    date,
                    reason: String::new(),
                });
            }
        }
        self.append_all_with(no, &events, draft)
    }

    /// The recommendations an assessment picks from: the team's own list in
    /// `anbefalinger.txt` beside the database (one per line, `#` for comments), or the
    /// national tool's defaults. An unreadable file falls back to the defaults.
    pub fn recommendations(&self) -> Vec<String> {
        let file = self
            .core
            .store
            .path()
            .parent()
            .map(|d| d.join(RECOMMENDATIONS_FILE));
        let own: Vec<String> = file
            .and_then(|f| std::fs::read_to_string(f).ok())
            .map(|text| {
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(|l| {
                        crate::domain::text::clean_input(l, 0, crate::domain::text::LINE_LIMIT).text
                    })
                    .collect()
            })
            .unwrap_or_default();
        if own.is_empty() {
            RECOMMENDATIONS.iter().map(|s| s.to_string()).collect()
        } else {
            own
        }
    }

    /// The team's actioncards (a copy) from `actioncards/` beside the database, as the files
    /// are now: an edit shows in the next console that asks, without a restart.
    pub fn actioncards(&self) -> actioncards::CardSet {
        let dir = self.cards_dir();
        self.core
            .cards
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&dir)
    }

    fn cards_dir(&self) -> PathBuf {
        self.core
            .store
            .path()
            .parent()
            .map(|d| d.join(actioncards::CARDS_DIR))
            .unwrap_or_else(|| actioncards::CARDS_DIR.into())
    }

    /// Meeting participants met before, newest first.
    pub fn roster(&self) -> Result<Vec<Participant>, ServiceError> {
        self.require(Permission::Cases)?;
        Ok(self.core.store.roster()?)
    }

    /// Names to offer for "responsible" and "who acts": the user first, then everyone met at
    /// a joint review. A roster that cannot be read only means fewer suggestions.
    pub fn people(&self) -> Vec<String> {
        let mut out = vec![self.session.user.clone()];
        for p in self.core.store.roster().unwrap_or_default() {
            if !out.contains(&p.name) {
                out.push(p.name);
            }
        }
        out
    }

    fn append(&self, no: CaseNo, p: EventPayload) -> Result<CaseState, ServiceError> {
        self.append_all(no, std::slice::from_ref(&p))
    }

    /// Every write to an existing case but a filed edit and a meeting's decision comes here.
    fn append_all(&self, no: CaseNo, p: &[EventPayload]) -> Result<CaseState, ServiceError> {
        self.append_all_with(no, p, None)
    }

    /// As `append_all`, removing draft `draft` in the same transaction.
    fn append_all_with(
        &self,
        no: CaseNo,
        p: &[EventPayload],
        draft: Option<DraftId>,
    ) -> Result<CaseState, ServiceError> {
        self.check_expected(no)?;
        let s = self
            .core
            .store
            .append(no, p, draft, &self.session.user, self.now())
            .map_err(|e| match e {
                StoreError::NoSuchCase(n) => ServiceError::NoSuchCase(n),
                e => ServiceError::Store(e),
            })?;
        self.remember(&s);
        self.shown(s)
    }

    pub fn check(&self, progress: impl FnMut(u64)) -> CheckReport {
        self.core.store.check(progress)
    }

    pub fn repair(&self) -> Result<Vec<crate::store::Repaired>, ServiceError> {
        self.require(Permission::Oversight)?;
        let bad = self.core.store.repair()?;
        self.audit(AuditAction::Repaired)?;
        self.forget_catalog();
        self.core.dictionary.forget();
        Ok(bad)
    }

    pub fn case_count(&self) -> usize {
        self.core.store.case_count()
    }
}
