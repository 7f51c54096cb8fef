//! Full, lossless backup and restore: every event, draft and audit entry.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{Service, ServiceError};
use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::draft::Draft;
use crate::domain::flow::Participant;
use crate::domain::meeting::Meeting;
use crate::domain::retention::Tombstone;
use crate::domain::{CaseNo, CaseState, Event};
use crate::store::{AccountSetting, History};

pub const EXPORT_FORMAT: &str = "infohus-export";
pub const EXPORT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportDoc {
    pub format: String,
    pub version: u32,
    pub next_case_no: CaseNo,
    pub demo: bool,
    pub cases: Vec<CaseHistory>,
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

/// A minutes file name as it may be written back: a plain name, never a path.
fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0'])
        && std::path::Path::new(name).file_name() == Some(std::ffi::OsStr::new(name))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseHistory {
    pub no: CaseNo,
    pub events: Vec<Event>,
}

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("the database already holds cases or drafts; import only into a new database")]
    NotEmpty,
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
    /// that export → import → export gives identical files.
    pub fn export(&self, mut progress: impl FnMut(u64)) -> Result<ExportDoc, ServiceError> {
        self.require(crate::domain::access::Permission::Oversight)?;
        let mut cases = Vec::with_capacity(self.core.store.case_count());
        for h in self.core.store.histories() {
            let h = h?;
            cases.push(CaseHistory {
                no: h.no,
                events: h.events,
            });
            progress(cases.len() as u64);
        }
        let mut meetings = self.core.store.meetings()?;
        meetings.sort_by_key(|m| m.no);
        let since = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
        let doc = ExportDoc {
            format: EXPORT_FORMAT.to_string(),
            version: EXPORT_VERSION,
            next_case_no: self.core.store.next_case_no()?,
            demo: self.core.store.is_demo(),
            cases,
            drafts: self.core.store.drafts()?,
            audit: self.core.store.audit_entries()?,
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
        };
        self.audit(AuditAction::Exported)?;
        Ok(doc)
    }

    /// Restores an export into an empty database. Everything is checked before anything is
    /// written, so a bad file changes nothing.
    pub fn import(
        &self,
        doc: ExportDoc,
        mut progress: impl FnMut(u64),
    ) -> Result<u64, ImportError> {
        self.require(crate::domain::access::Permission::Oversight)?;
        if doc.format != EXPORT_FORMAT {
            return Err(ImportError::WrongFormat);
        }
        if doc.version != EXPORT_VERSION {
            return Err(ImportError::UnknownVersion(doc.version));
        }
        if !self.core.store.is_empty() {
            return Err(ImportError::NotEmpty);
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
        let store = &self.core.store;
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
        store.insert_audit(&doc.audit).map_err(ServiceError::from)?;
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
        self.forget_catalog();
        self.core.dictionary.forget();
        // The restored log is taken into this database's chain, after this session's own
        // entries; the import itself follows it.
        self.audit(AuditAction::Imported { cases: count })?;
        Ok(count)
    }
}
