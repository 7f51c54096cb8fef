//! Full, lossless backup and restore: every event, draft and audit entry.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{Service, ServiceError};
use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::draft::Draft;
use crate::domain::retention::Tombstone;
use crate::domain::{CaseNo, CaseState, Event};
use crate::store::History;

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
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl Service {
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
        let doc = ExportDoc {
            format: EXPORT_FORMAT.to_string(),
            version: EXPORT_VERSION,
            next_case_no: self.core.store.next_case_no()?,
            demo: self.core.store.is_demo(),
            cases,
            drafts: self.core.store.drafts()?,
            audit: self.core.store.audit_entries()?,
            tombstones: self.core.store.tombstones().collect::<Result<_, _>>()?,
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
        let next = store.next_case_no().map_err(ServiceError::from)?;
        store
            .set_next_case_no(next.max(doc.next_case_no))
            .map_err(ServiceError::from)?;
        if doc.demo {
            store.mark_demo().map_err(ServiceError::from)?;
        }
        store.flush().map_err(ServiceError::from)?;
        self.forget_catalog();
        // The restored log is taken into this database's chain, after this session's own
        // entries; the import itself follows it.
        self.audit(AuditAction::Imported { cases: count })?;
        Ok(count)
    }
}
