//! Full, lossless backup and restore: every event, draft and audit entry, the meetings, the
//! topic bank, the roster, the account settings, the overdue history and the minutes files.
//!
//! The audit log travels as its stored records, byte for byte (`ExportDoc::audit_records`),
//! since its hash chain is over those bytes and numbers records by their place. An import
//! verifies the chain and refuses a broken one, naming the first bad entry; it takes the
//! records in as they are, as the start of the new database's log, so `audit verify` there
//! walks the old chain on into the new. It never chains them anew. An export from before the
//! records were carried has only the readable entries: those are taken in as entries of the
//! new database (chained there), and the import says so.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::users::Users;
use super::{Core, Service, ServiceError};
use crate::domain::access::{Permission, allowed};
use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::draft::Draft;
use crate::domain::flow::Participant;
use crate::domain::meeting::Meeting;
use crate::domain::retention::Tombstone;
use crate::domain::{CaseNo, CaseState, Event};
use crate::store::audit::{hex, verify_chain};
use crate::store::records::decode_audit;
use crate::store::{AccountSetting, AuditProblem, History, OpenOptions, ProblemKind};

pub const EXPORT_FORMAT: &str = "infohus-export";
pub const EXPORT_VERSION: u32 = 1;

/// The export file. `C` is how the cases are held: a list once read, or (`export_json`) a
/// stream the file is written from while they are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportDoc<C = Vec<CaseHistory>> {
    pub format: String,
    pub version: u32,
    pub next_case_no: CaseNo,
    pub demo: bool,
    pub cases: C,
    /// Exports written before drafts held any form have intake drafts; they import as such
    /// (`Draft`'s JSON reads both).
    pub drafts: Vec<Draft>,
    pub audit: Vec<AuditEntry>,
    /// What is kept of purged cases (older exports have none).
    #[serde(default)]
    pub tombstones: Vec<Tombstone>,
    /// Meetings with their agendas and decisions, by number (older exports have none).
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    /// The topic bank.
    #[serde(default)]
    pub topics: Vec<String>,
    /// The remembered meeting participants, newest first.
    #[serde(default)]
    pub roster: Vec<Participant>,
    /// Each account's remembered console settings (the redacted view, where a chair was).
    #[serde(default)]
    pub account_settings: Vec<AccountSetting>,
    /// The daily count of overdue follow-ups the statistics draw over time.
    #[serde(default)]
    pub overdue: Vec<OverdueDay>,
    /// The minutes files of `referater/` beside the database.
    #[serde(default)]
    pub minutes: Vec<MinutesFile>,
    /// Every audit record's stored bytes, in log order: the chain `audit verify` walks (hex
    /// in the JSON file). `audit` is what they say, for reading. None in older exports.
    #[serde(default, with = "stored_records")]
    pub audit_records: Option<Vec<Vec<u8>>>,
    /// The log's last link when the export was taken (hex): a log cut short in the file no
    /// longer ends in it.
    #[serde(default)]
    pub audit_link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueDay {
    #[serde(with = "crate::domain::compact::date")]
    pub day: chrono::NaiveDate,
    pub count: u64,
}

/// One minutes file: its name in `referater/` and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesFile {
    pub name: String,
    pub text: String,
}

/// Cases per batch from the reading thread to the writing one, and batches in flight.
const STREAM_BATCH: usize = 64;
const STREAM_BATCHES: usize = 4;
/// The JSON writer's buffer.
const STREAM_BUFFER: usize = 256 << 10;

type Batch = Result<Vec<CaseHistory>, crate::store::StoreError>;

/// The cases of an export as they arrive from the reading thread, written as a JSON list.
/// A read error ends the list with an error and is kept in `failed` for the caller.
struct Streamed<P> {
    batches: RefCell<Option<Receiver<Batch>>>,
    /// Written batches go back to the reading thread, which frees the cases there and fills
    /// the emptied vector again: freed here, each case's many small strings went back to the
    /// reader's allocator arena under its lock, and the two threads queued on it.
    spent: SyncSender<Vec<CaseHistory>>,
    failed: RefCell<Option<crate::store::StoreError>>,
    progress: RefCell<P>,
    count: Cell<u64>,
}

impl<P: FnMut(u64)> Serialize for Streamed<P> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq};
        let mut seq = s.serialize_seq(None)?;
        let Some(batches) = self.batches.borrow_mut().take() else {
            return Err(S::Error::custom("the cases were already written"));
        };
        for batch in batches {
            match batch {
                Ok(cases) => {
                    for case in &cases {
                        seq.serialize_element(case)?;
                        self.count.set(self.count.get() + 1);
                        (self.progress.borrow_mut())(self.count.get());
                    }
                    // Full or gone: freed here after all.
                    let _ = self.spent.try_send(cases);
                }
                Err(e) => {
                    let said = e.to_string();
                    *self.failed.borrow_mut() = Some(e);
                    return Err(S::Error::custom(said));
                }
            }
        }
        seq.end()
    }
}

/// A minutes file name as it may be written back: a plain name, never a path.
fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0'])
        && std::path::Path::new(name).file_name() == Some(std::ffi::OsStr::new(name))
}

/// The audit records as hex text in a human-readable format (the JSON file), as bytes in
/// bincode (over the socket).
mod stored_records {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    type Records = Option<Vec<Vec<u8>>>;

    pub fn serialize<S: Serializer>(v: &Records, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            v.as_ref()
                .map(|r| {
                    r.iter()
                        .map(|b| crate::store::audit::hex_bytes(b))
                        .collect::<Vec<_>>()
                })
                .serialize(s)
        } else {
            v.serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Records, D::Error> {
        if d.is_human_readable() {
            let v: Option<Vec<String>> = Option::deserialize(d)?;
            v.map(|r| {
                r.iter()
                    .map(|h| unhex(h).ok_or_else(|| D::Error::custom("an audit record is not hex")))
                    .collect()
            })
            .transpose()
        } else {
            Option::deserialize(d)
        }
    }

    fn unhex(h: &str) -> Option<Vec<u8>> {
        if !h.len().is_multiple_of(2) {
            return None;
        }
        (0..h.len())
            .step_by(2)
            .map(|i| h.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
            .collect()
    }
}

/// What an import did with the backup's audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogTakenIn {
    /// The chain was verified and the records taken in as they were: `audit verify` on the
    /// new database walks on from them.
    Verified { entries: u64 },
    /// An export from before the records were carried: its entries could not be verified and
    /// were taken in as entries of this database.
    Unverified { entries: u64 },
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub cases: u64,
    pub log: LogTakenIn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseHistory {
    pub no: CaseNo,
    pub events: Vec<Event>,
}

impl From<History> for CaseHistory {
    fn from(h: History) -> CaseHistory {
        CaseHistory {
            no: h.no,
            events: h.events,
        }
    }
}

#[derive(Debug, Error)]
pub enum ImportError {
    #[error(
        "the database already holds cases, drafts or audit entries; import only into a new database"
    )]
    NotEmpty,
    /// The backup's audit log is not intact: the first bad entry. Nothing was imported.
    #[error("{0} in the file")]
    AuditBroken(AuditProblem),
    #[error("the file is not an infohus export")]
    WrongFormat,
    #[error("the export has format version {0}, which this program does not know")]
    UnknownVersion(u32),
    #[error("case {0} appears twice in the file")]
    Duplicate(CaseNo),
    #[error("case {no} in the file is inconsistent: {reason}")]
    BadHistory { no: CaseNo, reason: String },
    #[error("meeting {0} appears twice in the file")]
    DuplicateMeeting(u64),
    #[error("the minutes file name {0:?} is not a plain file name")]
    BadMinutesName(String),
    /// A text longer than any way in accepts (`domain::limits`): nothing is imported.
    #[error("case {no}: {too_long}")]
    TooLong {
        no: CaseNo,
        too_long: crate::domain::limits::TooLong,
    },
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl Service {
    /// The minutes files of `referater/` beside the database, by name.
    fn minutes_files(&self) -> Result<Vec<MinutesFile>, ServiceError> {
        let dir = super::config::data_dir(self.core.store.path()).join(super::MINUTES_DIR);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(ServiceError::Io(format!("{}: {e}", dir.display()))),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| ServiceError::Io(format!("{}: {e}", dir.display())))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !entry.path().is_file() || !safe_name(&name) {
                continue;
            }
            let text = std::fs::read_to_string(entry.path())
                .map_err(|e| ServiceError::Io(format!("{}: {e}", entry.path().display())))?;
            out.push(MinutesFile { name, text });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Writes an import's minutes files into `referater/` beside this database (after the
    /// import itself succeeded); returns how many.
    pub fn restore_minutes(&self, files: &[MinutesFile]) -> Result<usize, ServiceError> {
        self.require(crate::domain::access::Permission::Oversight)?;
        let dir = super::config::data_dir(self.core.store.path()).join(super::MINUTES_DIR);
        let io = |p: &std::path::Path, e: std::io::Error| {
            ServiceError::Io(format!("{}: {e}", p.display()))
        };
        if !files.is_empty() {
            std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        }
        for f in files {
            if !safe_name(&f.name) {
                return Err(ServiceError::Io(format!("{:?}", f.name)));
            }
            let path = dir.join(&f.name);
            let tmp = dir.join(format!(".{}.tmp", f.name));
            std::fs::write(&tmp, f.text.as_bytes()).map_err(|e| io(&tmp, e))?;
            std::fs::rename(&tmp, &path).map_err(|e| io(&path, e))?;
        }
        Ok(files.len())
    }

    /// Everything, in a stable order (cases by number, drafts by id, audit in log order), so
    /// that export → import → export gives identical files. The cases are read as they stood
    /// when the export began (`Store::snapshot`): others go on saving meanwhile, and what
    /// they save after that point is left for the next export.
    pub fn export(&self, mut progress: impl FnMut(u64)) -> Result<ExportDoc, ServiceError> {
        self.require(crate::domain::access::Permission::Oversight)?;
        let at = self.core.store.snapshot()?;
        let mut cases = Vec::with_capacity(self.core.store.case_count());
        for h in self.core.store.histories_at(at) {
            cases.push(CaseHistory::from(h?));
            progress(cases.len() as u64);
        }
        let doc = self.export_doc(at, cases)?;
        self.audit(AuditAction::Exported)?;
        Ok(doc)
    }

    /// `export` written to `out` as JSON (one line) while it is read, never whole in memory:
    /// one thread reads the cases from the journal while this one writes those before them.
    /// At 100,000 cases the document is half a gigabyte; built whole it took 1 GB of memory
    /// and, sent as one reply and written by the client, 9–12 s. Returns the number of cases.
    pub fn export_json(
        &self,
        out: &mut dyn Write,
        progress: impl FnMut(u64),
    ) -> Result<u64, ServiceError> {
        self.require(crate::domain::access::Permission::Oversight)?;
        let at = self.core.store.snapshot()?;
        let store = &self.core.store;
        let written = std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel(STREAM_BATCHES);
            let (spent, back) = std::sync::mpsc::sync_channel::<Vec<CaseHistory>>(STREAM_BATCHES);
            let reader = std::thread::Builder::new()
                .name("infohus-export-read".into())
                .spawn_scoped(scope, move || {
                    let next = || match back.try_recv() {
                        Ok(mut written) => {
                            written.clear();
                            written
                        }
                        Err(_) => Vec::with_capacity(STREAM_BATCH),
                    };
                    let mut batch = next();
                    for h in store.histories_at(at) {
                        match h {
                            Ok(h) => batch.push(CaseHistory::from(h)),
                            Err(e) => {
                                let _ = tx.send(Err(e));
                                return;
                            }
                        }
                        if batch.len() == STREAM_BATCH {
                            let full = std::mem::replace(&mut batch, next());
                            // The writer stopped (an error, a closed pipe): stop reading.
                            if tx.send(Ok(full)).is_err() {
                                return;
                            }
                        }
                    }
                    if !batch.is_empty() {
                        let _ = tx.send(Ok(batch));
                    }
                })
                .map_err(|e| ServiceError::Io(format!("export: {e}")))?;
            let cases = Streamed {
                batches: RefCell::new(Some(rx)),
                spent,
                failed: RefCell::new(None),
                progress: RefCell::new(progress),
                count: Cell::new(0),
            };
            let doc = self.export_doc(at, cases)?;
            let mut w = std::io::BufWriter::with_capacity(STREAM_BUFFER, out);
            let written = serde_json::to_writer(&mut w, &doc)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(w))
                .and_then(|()| w.flush());
            // The reader ends as soon as nobody takes its batches.
            drop(w);
            let ExportDoc { cases, .. } = doc;
            drop(cases.batches.take());
            let _ = reader.join();
            if let Some(e) = cases.failed.take() {
                return Err(ServiceError::from(e));
            }
            written.map_err(|e| ServiceError::Io(format!("export: {e}")))?;
            Ok(cases.count.get())
        })?;
        self.audit(AuditAction::Exported)?;
        Ok(written)
    }

    /// Everything but the cases, as the database stood after record `at`.
    fn export_doc<C>(&self, at: u64, cases: C) -> Result<ExportDoc<C>, ServiceError> {
        // The log as it stood at the same point, record by record, and what it says.
        let records = self.core.store.audit_records_at(at)?;
        let audit = records
            .iter()
            .zip(1u64..)
            .map(|(r, no)| {
                decode_audit(r).map(|s| s.entry().clone()).map_err(|e| {
                    crate::store::StoreError::Corrupt {
                        tree: "audit",
                        key: no.to_string(),
                        source: e,
                    }
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut meetings = self.core.store.meetings()?;
        meetings.sort_by_key(|m| m.no);
        let since = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
        Ok(ExportDoc {
            format: EXPORT_FORMAT.to_string(),
            version: EXPORT_VERSION,
            next_case_no: self.core.store.next_case_no()?,
            demo: self.core.store.is_demo(),
            cases,
            drafts: self.core.store.drafts()?,
            audit,
            tombstones: self.core.store.tombstones().collect::<Result<_, _>>()?,
            meetings,
            topics: self.core.store.topics()?,
            roster: self.core.store.roster()?,
            account_settings: self.core.store.account_settings()?,
            overdue: self
                .core
                .store
                .overdue_history(since)?
                .into_iter()
                .map(|(day, count)| OverdueDay { day, count })
                .collect(),
            minutes: self.minutes_files()?,
            audit_link: Some(hex(&verify_chain(&records).link)),
            audit_records: Some(records),
        })
    }

    /// Restores an export into a new database at `path`, made here, and opens it for `user`.
    /// Everything is checked before anything is written, so a bad file changes nothing — the
    /// audit chain included. The backup's audit records come first in the new log, then this
    /// account's login, the cases, drafts and tombstones, and the import's own entries.
    pub fn import_new(
        path: &Path,
        user: &str,
        doc: ExportDoc,
        mut progress: impl FnMut(u64),
    ) -> Result<(Service, Imported), ImportError> {
        if doc.format != EXPORT_FORMAT {
            return Err(ImportError::WrongFormat);
        }
        if doc.version != EXPORT_VERSION {
            return Err(ImportError::UnknownVersion(doc.version));
        }
        let mut seen = HashSet::new();
        for c in &doc.cases {
            if !seen.insert(c.no) {
                return Err(ImportError::Duplicate(c.no));
            }
            CaseState::replay(c.no, &c.events).map_err(|e| ImportError::BadHistory {
                no: c.no,
                reason: e.to_string(),
            })?;
            // The limits the store holds every save to, checked before anything is written.
            for e in &c.events {
                crate::domain::limits::check(&e.payload)
                    .map_err(|too_long| ImportError::TooLong { no: c.no, too_long })?;
            }
        }
        let mut meeting_nos = HashSet::new();
        for m in &doc.meetings {
            if !meeting_nos.insert(m.no) {
                return Err(ImportError::DuplicateMeeting(m.no));
            }
        }
        if let Some(f) = doc.minutes.iter().find(|f| !safe_name(&f.name)) {
            return Err(ImportError::BadMinutesName(f.name.clone()));
        }
        let log = check_log(&doc)?;
        // The account must be one that may import: checked before the database is made (a
        // data directory without users.toml makes this account its admin).
        if let Some(users) = Users::load(path).map_err(ServiceError::from)?
            && !users
                .roles(user)
                .is_some_and(|r| allowed(r, Permission::Oversight))
        {
            return Err(match users.roles(user) {
                Some(_) => ServiceError::Denied(Permission::Oversight),
                None => ServiceError::UnknownAccount(user.to_string()),
            }
            .into());
        }
        let core = Core::open(
            path,
            &OpenOptions {
                create: true,
                user: user.to_string(),
                ..OpenOptions::default()
            },
        )?;
        let store = &core.store;
        let log_empty = store
            .audit_records()
            .map_err(ServiceError::from)?
            .is_empty();
        if !store.is_empty() || !log_empty {
            return Err(ImportError::NotEmpty);
        }
        if let Some(records) = &doc.audit_records {
            store
                .take_in_audit_records(records)
                .map_err(ServiceError::from)?;
        }
        let svc = Service::login(Arc::new(core), user)?;
        svc.require(Permission::Oversight)?;
        let store = &svc.core.store;
        if doc.audit_records.is_none() {
            store.insert_audit(&doc.audit).map_err(ServiceError::from)?;
        }
        let mut n = 0;
        let count = store
            .insert_histories(doc.cases.into_iter().map(|c| {
                n += 1;
                progress(n);
                History {
                    no: c.no,
                    events: c.events,
                }
            }))
            .map_err(ServiceError::from)?;
        store
            .insert_drafts(&doc.drafts)
            .map_err(ServiceError::from)?;
        store
            .insert_tombstones(&doc.tombstones)
            .map_err(ServiceError::from)?;
        store
            .insert_meetings(&doc.meetings)
            .map_err(ServiceError::from)?;
        if !doc.topics.is_empty() {
            store.save_topics(&doc.topics).map_err(ServiceError::from)?;
        }
        if !doc.roster.is_empty() {
            store.set_roster(&doc.roster).map_err(ServiceError::from)?;
        }
        for s in &doc.account_settings {
            store
                .set_account_setting(&s.account, &s.name, Some(s.value))
                .map_err(ServiceError::from)?;
        }
        for d in &doc.overdue {
            store
                .note_overdue(d.day, d.count)
                .map_err(ServiceError::from)?;
        }
        let next = store.next_case_no().map_err(ServiceError::from)?;
        store
            .set_next_case_no(next.max(doc.next_case_no))
            .map_err(ServiceError::from)?;
        if doc.demo {
            store.mark_demo().map_err(ServiceError::from)?;
        }
        store.flush().map_err(ServiceError::from)?;
        svc.forget_catalog();
        svc.core.dictionary.forget();
        let (entries, verified) = match log {
            LogTakenIn::Verified { entries } => (entries, true),
            LogTakenIn::Unverified { entries } => (entries, false),
        };
        svc.audit(AuditAction::LogTakenIn { entries, verified })?;
        svc.audit(AuditAction::Imported { cases: count })?;
        Ok((svc, Imported { cases: count, log }))
    }
}

/// Checks the backup's audit log before anything is written: the stored records' chain
/// (the first bad one named), that they end where the export said, and that the readable
/// entries are what the records say.
fn check_log(doc: &ExportDoc) -> Result<LogTakenIn, ImportError> {
    let Some(records) = &doc.audit_records else {
        return Ok(LogTakenIn::Unverified {
            entries: doc.audit.len() as u64,
        });
    };
    let walked = verify_chain(records);
    if let Some(p) = walked.problem {
        return Err(ImportError::AuditBroken(p));
    }
    let problem = |no: u64, kind| {
        let at = records
            .get(no.saturating_sub(1) as usize)
            .and_then(|r| decode_audit(r).ok())
            .map(|s| s.entry().at);
        ImportError::AuditBroken(AuditProblem { no, at, kind })
    };
    if doc
        .audit_link
        .as_deref()
        .is_some_and(|l| l != hex(&walked.link))
    {
        return Err(problem(walked.entries + 1, ProblemKind::Missing));
    }
    for (i, record) in records.iter().enumerate() {
        let no = i as u64 + 1;
        let said = decode_audit(record).map_err(|_| problem(no, ProblemKind::Unreadable))?;
        if doc.audit.get(i) != Some(said.entry()) {
            return Err(problem(no, ProblemKind::Altered));
        }
    }
    if doc.audit.len() > records.len() {
        return Err(problem(records.len() as u64 + 1, ProblemKind::Unchained));
    }
    Ok(LogTakenIn::Verified {
        entries: walked.entries,
    })
}
