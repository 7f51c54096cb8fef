//! Every call a console or command makes, declared once.
//!
//! `with_calls!` hands the list below to a macro of the layer that needs it:
//!
//! - here, `messages!` makes one message type per call (its arguments, owned), the `Message`
//!   impl that ties it to its reply type and runs it on a `Service`, and the `Call` enum that
//!   travels over the socket with its server dispatch (`Call::run_encoded`);
//! - in `crate::api`, `facade!` makes the `Api` method of the same name.
//!
//! The reply type is the message's `Message::Reply`: the server encodes exactly that and the
//! client decodes exactly that, so a mismatch does not compile. The list is also part of the
//! protocol fingerprint (see `wire::FINGERPRINT`).
//!
//! One line per call:
//!
//! ```text
//! /// What the call does (becomes the facade method's doc).
//! kind Message method(arg: Type, …) -> Reply [flag];
//! ```
//!
//! - `kind`: `poll` (answered at once beside everything: reads a counter only), `read`
//!   (changes no case, meeting or account, though it may write the audit log; sent again
//!   once after a reconnect), `idempotent` (changes something, but doing it twice is doing it
//!   once: sent again after a reconnect), `write` (never sent twice on its own: the server may
//!   have done it before the connection broke).
//! - `Message`: the wire message's name; `method`: the `Service` method it runs, and the `Api`
//!   method the console calls. The service method takes each argument as the type, a
//!   reference to it (`&str` for `String`, `&[T]` for `Vec<T>`) or a copy, and returns `Reply`
//!   or `Result<Reply, ServiceError>`.
//! - `Type`: the argument as it travels (owned). The facade takes it or a reference to it.
//! - flags: `[case field]` — a write to that case (`field` of the message, a `CaseNo` or an
//!   `Option<CaseNo>`): sent with the version of it the user's screen shows, refused as a
//!   conflict when the case has moved on; `[views]` — a read that shows the user a case,
//!   whose version is remembered from then on; `[progress]` — a long call: the service method
//!   takes a progress callback as its last argument, and so does the facade; `[stream]` — a
//!   long call whose output is a stream of bytes: the service method (and the facade) takes
//!   an `&mut dyn Write` before the progress callback, and the server sends what is written
//!   as it comes, in chunk frames, for the client to write to its own (never whole in memory).

use std::io;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use prelude::*;

/// Every type the list names, for the layers that expand it.
pub mod prelude {
    pub use super::AbsolutePath;
    pub use crate::domain::access::Role;
    pub use crate::domain::audit::AuditEntry;
    pub use crate::domain::draft::{Draft, DraftId, FormKind};
    pub use crate::domain::flow::{Command, Participant};
    pub use crate::domain::intake::IntakeForm;
    pub use crate::domain::legal::{LegalDue, LegalRules};
    pub use crate::domain::meeting::{Meeting, MeetingNo, MinutesDoc, Subject};
    pub use crate::domain::stats::{Cell, Period, Stats};
    pub use crate::domain::trends::Trends;
    pub use crate::domain::{CaseNo, CaseState};
    pub use crate::service::actioncards::CardSet;
    pub use crate::service::config::Config;
    pub use crate::service::retention::{PurgePlan, PurgeReport};
    pub use crate::service::users::Users;
    pub use crate::service::{
        AuditFilter, CaseView, DecisionSaved, ExportDoc, Filed, ItemCorrection, ItemDecision,
        LegalDuePage, ListFilter, ListPage, MinutesFile, NewMeeting, PriorMatch, Pulse, QueueGroup,
        Service, ServiceError, WorkQueue,
    };
    pub use crate::store::{AuditVerify, CheckReport, Repaired};
    pub use chrono::{NaiveDate, NaiveDateTime};
    pub use std::path::PathBuf;
}

/// Hands the list of calls to `$then!` (see the module's documentation).
macro_rules! with_calls {
    ($then:ident) => {
        $then! {
            // --- the console's poll, the work queue, the list and search -------------------
            /// A number that moves whenever a case or meeting changes, whoever changed it.
            poll Changes changes() -> u64;
            /// The change count and the account's roles as they are now: what an idle console
            /// asks twice a second (a removed account gets its refusal here).
            poll GetPulse pulse() -> Pulse;
            read GetWorkQueue work_queue() -> WorkQueue;
            /// What is due in the next `days` days (and everything overdue or awaiting).
            read Due due(days: u32) -> Vec<QueueGroup>;
            /// Loads the search catalog (right after the console's first frame).
            read LoadCatalog load_catalog() -> ();
            /// One page of the filtered case list.
            read List list(filter: ListFilter, offset: usize, limit: usize) -> ListPage;
            read Count count(filter: ListFilter) -> usize;
            /// Earlier cases that may be about the person being typed in.
            read PriorMatches prior_matches(form: IntakeForm, exclude: Option<CaseNo>, limit: usize) -> Vec<PriorMatch>;
            /// A search the user committed to (logged).
            read CommitSearch commit_search(query: String) -> ();
            // --- cases ----------------------------------------------------------------------
            /// Opens a case (a view in the audit log).
            read Case case(no: CaseNo) -> CaseView [views];
            /// Reloads the case on screen (no new view entry).
            read ReloadCase reload_case(no: CaseNo) -> CaseView [views];
            /// The case summary for journalising elsewhere (logged as a summary).
            read CaseSummary case_summary(no: CaseNo) -> CaseView;
            /// The case for a draft answer to a request for access (logged as that).
            read AccessRequest access_request(no: CaseNo) -> CaseView;
            /// The unmasked CPR number (logged).
            read RevealCpr reveal_cpr(no: CaseNo) -> Option<String>;
            read CaseCount case_count() -> usize;
            write AddNote add_note(no: CaseNo, text: String) -> CaseState [case no];
            write SetNextDate set_next_date(no: CaseNo, date: NaiveDate, reason: String) -> CaseState [case no];
            write Link link(no: CaseNo, other: CaseNo) -> CaseState [case no];
            /// A step of the assessment flow, with the next follow-up date when given.
            write Record record(no: CaseNo, cmd: Command, next_date: Option<NaiveDate>) -> CaseState [case no];
            /// As `record`, removing the form's draft in the same save.
            write RecordDraft record_draft(no: CaseNo, cmd: Command, next_date: Option<NaiveDate>, draft: Option<DraftId>) -> CaseState [case no];
            /// Places (`place`) or lifts a legal hold.
            write LegalHold legal_hold(no: CaseNo, place: bool, reason: String) -> CaseState [case no];
            // --- drafts and filing ----------------------------------------------------------
            read Drafts drafts() -> Vec<Draft>;
            read GetDraft draft(id: DraftId) -> Option<Draft>;
            /// A draft of form `kind` (on case `case`), saved at once.
            write NewDraft new_draft(kind: FormKind, case: Option<CaseNo>) -> Draft;
            /// Saves the draft durably; the reply is the draft as saved (the server's time).
            idempotent SaveDraft save_draft(draft: Draft) -> Draft;
            write DiscardDraft discard_draft(id: DraftId) -> ();
            /// Files the draft: a new case, or a new version of the case it edits.
            write File file(draft: Draft) -> Filed [case draft.case];
            /// A follow-up call: the concern in the draft added to earlier case `no`, the draft
            /// removed in the same save. Only adds to the case: no version check.
            write AddContact add_contact(draft: Draft, no: CaseNo) -> CaseState;
            // --- lists the forms offer ------------------------------------------------------
            read Recommendations recommendations() -> Vec<String>;
            read Actioncards actioncards() -> CardSet;
            read Roster roster() -> Vec<Participant>;
            /// Names to offer for "responsible": the user first, then everyone met.
            read People people() -> Vec<String>;
            // --- checking, audit, accounts --------------------------------------------------
            read Check check() -> CheckReport [progress];
            write Repair repair() -> Vec<Repaired>;
            /// Acknowledged saves the database lost in a crash (found when it was opened).
            read LostSaves lost_saves() -> u64;
            /// Whether the database holds demo data.
            read IsDemo is_demo() -> bool;
            read AuditLog audit_log(filter: AuditFilter) -> Vec<(u64, AuditEntry)>;
            read VerifyAudit verify_audit() -> AuditVerify;
            read GetUsers users() -> Users;
            write SetUser set_user(account: String, roles: Vec<Role>, create: bool) -> ();
            write RemoveUser remove_user(account: String) -> ();
            // --- export, backup, demo -------------------------------------------------------
            read ExportJson export_json() -> u64 [stream];
            /// Writes a backup into `dir` as the server's account; returns the number of files.
            write Backup backup(dir: AbsolutePath) -> usize [progress];
            write FillDemo fill_demo(count: usize, seed: u64) -> u64 [progress];
            // --- legal, retention, settings, statistics -------------------------------------
            read GetLegalRules legal_rules() -> LegalRules;
            read GetLegalDuePage legal_due_page(now: NaiveDateTime, limit: usize) -> LegalDuePage;
            read LegalItems legal_items(state: CaseState) -> Vec<LegalDue>;
            read GetConfig config() -> Config;
            read GetPurgePlan purge_plan() -> PurgePlan;
            write Purge purge() -> PurgeReport [progress];
            read GetStats stats(period: Period) -> Stats;
            read OverdueSeries overdue_series() -> Vec<(NaiveDate, Option<Cell>)>;
            /// Concerns by district × type and by source, the last `months` months against
            /// the ones before, suppressed like the statistics.
            read GetTrends trends(months: u32) -> Trends;
            // --- meetings -------------------------------------------------------------------
            write CreateMeeting create_meeting(meeting: NewMeeting) -> Meeting;
            read GetMeeting meeting(no: MeetingNo) -> Meeting;
            read Meetings meetings() -> Vec<Meeting>;
            /// Records an undecided item's decision (refused if the agenda changed under the
            /// screen, or the item is decided: that is a correction).
            write DecideItem decide_item(no: MeetingNo, index: usize, decision: ItemDecision) -> DecisionSaved;
            /// Corrects a decided item: the fields given replace what was recorded.
            write CorrectItem correct_item(no: MeetingNo, index: usize, shown: Subject, correction: ItemCorrection) -> DecisionSaved;
            /// An item on today's agenda, or (`bank`) kept in the topic bank for a later one.
            write AddItem add_item(no: MeetingNo, text: String, bank: bool) -> Meeting;
            /// How many cases due for the meeting are not on its agenda.
            read AgendaLeftOff agenda_left_off(no: MeetingNo) -> usize;
            /// Pulls the next cases that were left off onto the agenda.
            write PullInAgenda pull_in_agenda(no: MeetingNo) -> Meeting;
            /// The agenda item this account last worked on in the meeting.
            read MeetingPosition meeting_position(no: MeetingNo) -> Option<usize>;
            idempotent SetMeetingPosition set_meeting_position(no: MeetingNo, index: usize) -> ();
            read Topics topics() -> Vec<String>;
            write SaveTopic save_topic(topic: String) -> ();
            /// The meeting as its minutes show it (every text redacted) with each case item's
            /// decision record; `i18n::follow::minutes` writes the text.
            read Minutes minutes(no: MeetingNo) -> MinutesDoc;
            /// Writes minutes to `referater/moede-N.md` in the data directory (logged).
            write SaveMinutes save_minutes(no: MeetingNo, text: String) -> PathBuf;
            /// Logs that minutes were made elsewhere (written to a file or printed).
            read AuditMinutes audit_minutes(no: MeetingNo) -> ();
            /// The cases on a meeting's agenda; `audit` logs each as viewed.
            read AgendaCases agenda_cases(meeting: Meeting, audit: bool) -> Vec<Option<CaseState>>;
            /// Writes an import's minutes files beside the database.
            write RestoreMinutes restore_minutes(files: Vec<MinutesFile>) -> usize;
            // --- the projector's redacted view ----------------------------------------------
            /// Remembers the account's redacted view (on or off) for its next console.
            idempotent RememberRedacted remember_redacted(on: bool) -> ();
            /// The account's remembered view: whether its console starts redacted.
            read ConsoleRedacted console_redacted() -> bool;
        }
    };
}
pub(crate) use with_calls;

/// How a call may be run and resent (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Poll,
    Read,
    Idempotent,
    Write,
}

impl Kind {
    /// Whether the client may send the call again on a fresh connection after the first one
    /// broke mid-call.
    pub fn resend(self) -> bool {
        self != Kind::Write
    }
}

/// One call's message: its arguments, owned, and everything the client and the server need
/// to know about it. Made by `messages!` from the list, never by hand.
pub trait Message: Serialize + DeserializeOwned + Into<Call> {
    /// What the call answers; encoded by the server and decoded by the client as this type.
    type Reply: Serialize + DeserializeOwned;
    const NAME: &'static str;
    const KIND: Kind;
    /// A read that shows the user a case: the version in the reply is remembered.
    const VIEWS: bool = false;
    /// A long call (`[progress]`): it reports progress, and a long read yields to others.
    const LONG: bool = false;
    /// A call whose output is a stream of bytes (`[stream]`). It is never sent again after
    /// a broken connection: part of the output may already be written.
    const STREAM: bool = false;

    /// The case a write is based on the user's view of (`[case field]`).
    fn target_case(&self) -> Option<CaseNo> {
        None
    }

    /// The version of the case in a reply, for calls that write to or show one.
    fn version(_reply: &Self::Reply) -> Option<(CaseNo, u32)> {
        None
    }

    /// Runs the call on `svc`: the same code in-process and in the server.
    /// `out` takes a `[stream]` call's output.
    fn run(
        self,
        svc: &Service,
        out: &mut dyn io::Write,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Self::Reply, ServiceError>;
}

/// A reply that shows a case at a version.
pub trait Versioned {
    fn version(&self) -> Option<(CaseNo, u32)>;
}

impl Versioned for CaseState {
    fn version(&self) -> Option<(CaseNo, u32)> {
        Some((self.no, self.event_count))
    }
}

impl Versioned for CaseView {
    fn version(&self) -> Option<(CaseNo, u32)> {
        self.state.version()
    }
}

impl Versioned for Filed {
    fn version(&self) -> Option<(CaseNo, u32)> {
        match self {
            Filed::New(s) | Filed::Edited(s) => s.version(),
            Filed::Unchanged(_) => None,
        }
    }
}

/// A path the server is to use: made absolute where the user typed it, since the server may
/// run in another directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsolutePath(PathBuf);

impl AbsolutePath {
    pub fn new(p: &Path) -> AbsolutePath {
        AbsolutePath(super::socket::absolute(p))
    }
}

/// An argument as the facade takes it, made into the owned value that travels: the value
/// itself, or a reference to it (cloned), `&str` for a `String`, a slice for a `Vec`.
pub trait Arg<W> {
    fn into_wire(self) -> W;
}

impl<W> Arg<W> for W {
    fn into_wire(self) -> W {
        self
    }
}

impl<W: Clone> Arg<W> for &W {
    fn into_wire(self) -> W {
        self.clone()
    }
}

impl Arg<String> for &str {
    fn into_wire(self) -> String {
        self.to_owned()
    }
}

impl<T: Clone> Arg<Vec<T>> for &[T] {
    fn into_wire(self) -> Vec<T> {
        self.to_vec()
    }
}

impl<T: Clone, const N: usize> Arg<Vec<T>> for &[T; N] {
    fn into_wire(self) -> Vec<T> {
        self.to_vec()
    }
}

impl Arg<AbsolutePath> for &Path {
    fn into_wire(self) -> AbsolutePath {
        AbsolutePath::new(self)
    }
}

impl Arg<AbsolutePath> for &PathBuf {
    fn into_wire(self) -> AbsolutePath {
        AbsolutePath::new(self)
    }
}

/// A message's owned argument as its service method takes it: a reference, a copy, `&str`
/// for a `String`, a slice for a `Vec`, a `&Path` for an `AbsolutePath`.
pub trait Pass<'a, P> {
    fn pass(&'a mut self) -> P;
}

impl<'a, W> Pass<'a, &'a W> for W {
    fn pass(&'a mut self) -> &'a W {
        self
    }
}

impl<W: Clone> Pass<'_, W> for W {
    fn pass(&mut self) -> W {
        self.clone()
    }
}

impl<'a> Pass<'a, &'a str> for String {
    fn pass(&'a mut self) -> &'a str {
        self
    }
}

impl<'a, T> Pass<'a, &'a [T]> for Vec<T> {
    fn pass(&'a mut self) -> &'a [T] {
        self
    }
}

impl<'a> Pass<'a, &'a Path> for AbsolutePath {
    fn pass(&'a mut self) -> &'a Path {
        &self.0
    }
}

/// A service method's result as a call's reply: the reply itself, or a `Result` of it.
pub trait IntoReply<T> {
    fn into_reply(self) -> Result<T, ServiceError>;
}

impl<T> IntoReply<T> for T {
    fn into_reply(self) -> Result<T, ServiceError> {
        Ok(self)
    }
}

impl<T> IntoReply<T> for Result<T, ServiceError> {
    fn into_reply(self) -> Result<T, ServiceError> {
        self
    }
}

macro_rules! kind {
    (poll) => {
        Kind::Poll
    };
    (read) => {
        Kind::Read
    };
    (idempotent) => {
        Kind::Idempotent
    };
    (write) => {
        Kind::Write
    };
}

/// The `Message` items a flag adds.
macro_rules! flag_items {
    (case $($field:ident).+) => {
        fn target_case(&self) -> Option<CaseNo> {
            Option::<CaseNo>::from(self.$($field).+)
        }
        fn version(reply: &Self::Reply) -> Option<(CaseNo, u32)> {
            Versioned::version(reply)
        }
    };
    (views) => {
        const VIEWS: bool = true;
        fn version(reply: &Self::Reply) -> Option<(CaseNo, u32)> {
            Versioned::version(reply)
        }
    };
    (progress) => {
        const LONG: bool = true;
    };
    (stream) => {
        const LONG: bool = true;
        const STREAM: bool = true;
    };
}

/// The service method's call, with the progress callback for a `[progress]` call, and the
/// output and the callback for a `[stream]` one.
macro_rules! service_call {
    ($svc:ident . $name:ident ($($a:expr),*) $out:ident $progress:ident [progress]) => {{
        let _ = $out;
        $svc.$name($($a,)* $progress)
    }};
    ($svc:ident . $name:ident ($($a:expr),*) $out:ident $progress:ident [stream]) => {
        $svc.$name($($a,)* $out, $progress)
    };
    ($svc:ident . $name:ident ($($a:expr),*) $out:ident $progress:ident $([$($flag:tt)*])?) => {{
        let _ = ($out, $progress);
        $svc.$name($($a),*)
    }};
}

/// The messages, their `Message` impls, and the `Call` enum.
macro_rules! messages {
    ($(
        $(#[$doc:meta])*
        $kind:ident $msg:ident $name:ident ($($arg:ident: $ty:ty),* $(,)?) -> $reply:ty
            $([$($flag:tt)*])?;
    )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Serialize, Deserialize)]
            pub struct $msg {
                $(pub $arg: $ty,)*
            }

            impl Message for $msg {
                type Reply = $reply;
                const NAME: &'static str = stringify!($name);
                const KIND: Kind = kind!($kind);
                $(flag_items!($($flag)*);)?

                fn run(
                    self,
                    svc: &Service,
                    out: &mut dyn io::Write,
                    progress: &mut dyn FnMut(u64),
                ) -> Result<$reply, ServiceError> {
                    // Roles as users.toml says now: a change holds from the next request.
                    svc.refresh_roles()?;
                    #[allow(unused_mut)]
                    let $msg { $(mut $arg,)* } = self;
                    IntoReply::<$reply>::into_reply(service_call!(
                        svc.$name($(Pass::pass(&mut $arg)),*) out progress $([$($flag)*])?
                    ))
                }
            }

            impl From<$msg> for Call {
                fn from(m: $msg) -> Call {
                    Call::$msg(m)
                }
            }
        )*

        /// Every call, as it travels over the socket.
        #[derive(Debug, Clone, Serialize, Deserialize)]
        #[allow(clippy::large_enum_variant)] // one request at a time; boxing buys nothing
        pub enum Call {
            $($msg($msg),)*
        }

        impl Call {
            pub fn kind(&self) -> Kind {
                match self {
                    $(Call::$msg(_) => <$msg as Message>::KIND,)*
                }
            }

            pub fn name(&self) -> &'static str {
                match self {
                    $(Call::$msg(_) => <$msg as Message>::NAME,)*
                }
            }

            /// A `[progress]` or `[stream]` call.
            pub fn long(&self) -> bool {
                match self {
                    $(Call::$msg(_) => <$msg as Message>::LONG,)*
                }
            }

            pub fn target_case(&self) -> Option<CaseNo> {
                match self {
                    $(Call::$msg(m) => m.target_case(),)*
                }
            }

            /// Runs the call on `svc` and encodes its reply, `Result<Message::Reply,
            /// ServiceError>`, with errors as `on_wire` makes them fit to travel.
            pub fn run_encoded(
                self,
                svc: &Service,
                out: &mut dyn io::Write,
                progress: &mut dyn FnMut(u64),
                on_wire: fn(ServiceError) -> ServiceError,
            ) -> io::Result<Vec<u8>> {
                match self {
                    $(Call::$msg(m) => super::wire::encode(
                        &m.run(svc, out, progress).map_err(on_wire)
                    ),)*
                }
            }
        }

        /// Every call's method name, in the order of the list.
        pub const NAMES: &[&str] = &[$(stringify!($name),)*];
    };
}

with_calls!(messages);

/// The method the `FillDemo` call runs: the service writes demo cases, but the generator that
/// makes them sits above it (`crate::demo`, DESIGN §10), so the call passes the program's own
/// generator in — in the server and in-process alike.
pub trait WithDemo {
    fn fill_demo(
        &self,
        count: usize,
        seed: u64,
        progress: impl FnMut(u64),
    ) -> Result<u64, ServiceError>;
}

impl WithDemo for Service {
    fn fill_demo(
        &self,
        count: usize,
        seed: u64,
        progress: impl FnMut(u64),
    ) -> Result<u64, ServiceError> {
        // The tables are compiled in and checked by the tests: an error here is a broken build,
        // said in both languages like any error about the server's own files.
        let demo = crate::demo::Demo::load().map_err(|e| ServiceError::Remote {
            da: crate::i18n::demo::table_error(crate::i18n::Lang::Da, &e),
            en: crate::i18n::demo::table_error(crate::i18n::Lang::En, &e),
        })?;
        self.fill_demo_with(&demo, count, seed, progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_call_has_its_own_name() {
        let mut names = NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), NAMES.len());
    }

    #[test]
    fn a_write_is_never_resent_and_a_read_is() {
        assert!(!AddNote::KIND.resend());
        assert!(Case::KIND.resend());
        assert!(SaveDraft::KIND.resend());
        let mut draft = Draft::new(1, "mette", NaiveDateTime::default(), FormKind::Intake);
        draft.case = Some(7);
        draft.base = Some(1);
        let call: Call = File { draft }.into();
        assert_eq!(call.target_case(), Some(7));
        assert_eq!(call.name(), "file");
    }
}
