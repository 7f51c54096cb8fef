//! The audit log: append-only, each record chained to the one before by SHA-256 over the
//! previous link and the record's own stored bytes, so a changed, removed or moved record is
//! found by `verify_audit`. Records travel in the journal record of the change they describe,
//! so a change is never durable without its entry (and vice versa).
//!
//! Records from before the chain (format version 1) are taken in as its start: the first
//! chained record's link covers them all, in log order. Tampering with them before that first
//! chained record was written cannot be found; afterwards it can.
//!
//! The head (number of records, last link) is kept in the view. An attacker who can
//! write the database can rebuild the whole chain; `infohus audit verify` prints the last link
//! so it can be written down elsewhere and compared later.

use std::fmt;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::check;
use super::error::StoreError;
use super::keys::case_key;
use super::record::{self, Record};
use super::records::{self, AUDIT_HASH_LEN, StoredAudit};
use super::view::{VIEWERS, corrupt};
use super::{Change, Store};
use crate::domain::CaseNo;
use crate::domain::audit::{AuditEntry, Viewer};

pub type Link = [u8; AUDIT_HASH_LEN];

/// Where the chain ends: what the next record links to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    /// Records in the log, chained or not.
    pub entries: u64,
    /// The link of the last record (all zeros for an empty log).
    pub link: Link,
    /// Key of the next record. Version-1 records had keys from sled's id generator, so the
    /// next key follows the last one rather than the count.
    pub next_key: u64,
}

/// The first record that breaks the chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditProblem {
    /// Position in the log, from 1.
    pub no: u64,
    /// When the record says it was written, if it can still be read.
    pub at: Option<NaiveDateTime>,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ProblemKind {
    /// The record's bytes do not decode.
    Unreadable,
    /// The record's bytes do not hash to its link: it was changed.
    Altered,
    /// A different record stands here: the one before it was removed or records were moved.
    OutOfPlace,
    /// A record without a link after the chain started: it was inserted.
    Unchained,
    /// The log ends before the last record written: records at the end were removed.
    Missing,
}

impl fmt::Display for AuditProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ProblemKind::Unreadable => "cannot be read",
            ProblemKind::Altered => "has been altered",
            ProblemKind::OutOfPlace => "is missing or out of order",
            ProblemKind::Unchained => "was inserted outside the chain",
            ProblemKind::Missing => "and those after it are missing",
        };
        write!(f, "audit entry {} {what}", self.no)
    }
}

/// What `verify_audit` found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditVerify {
    /// Records read before the first problem (all of them when there is none).
    pub entries: u64,
    /// The last link: note it down to catch a rebuilt chain later.
    pub link: Link,
    pub problem: Option<AuditProblem>,
}

pub fn link(prev: &Link, body: &[u8]) -> Link {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(body);
    h.finalize().into()
}

pub fn hex(link: &Link) -> String {
    link.iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// Appends entries to the audit log; durable when this returns.
    pub fn audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        self.audit_all(std::slice::from_ref(entry))
    }

    pub fn audit_all(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        self.write(true, |_| {
            Ok((
                Change {
                    audit: entries.to_vec(),
                    ..Change::default()
                },
                (),
            ))
        })?;
        Ok(())
    }

    /// Restores audit entries from a backup, in order, as new links of this database's chain.
    /// Not durable until `flush`.
    pub fn insert_audit(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        for chunk in entries.chunks(512) {
            self.write(false, |_| {
                Ok((
                    Change {
                        audit: chunk.to_vec(),
                        ..Change::default()
                    },
                    (),
                ))
            })?;
        }
        Ok(())
    }

    /// Every audit record's stored bytes, in log order, from the journal (records damaged
    /// beyond reading are skipped: the chain then breaks there, and `verify_audit` says so).
    pub fn audit_records(&self) -> Result<Vec<Vec<u8>>, StoreError> {
        let _layout = self.read_layout()?;
        let mut out = Vec::new();
        for seg in self.journal.segments() {
            let bytes = self.journal.read_segment(seg, 0)?;
            for (_, _, payload) in check::intact_records(&bytes) {
                if let Ok(audit) = record::decode_audit(&payload) {
                    out.extend(audit);
                }
            }
        }
        Ok(out)
    }

    /// Every entry in log order, numbered from 1.
    pub fn audit_entries(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_log()
            .map(|r| r.map(|(_, e)| e))
            .collect::<Result<_, _>>()
    }

    /// Every entry in log order with its number (from 1).
    pub fn audit_log(&self) -> impl Iterator<Item = Result<(u64, AuditEntry), StoreError>> + '_ {
        let records = self.audit_records();
        let (ok, err) = match records {
            Ok(r) => (r, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        err.map(Err)
            .into_iter()
            .chain(ok.into_iter().zip(1u64..).map(|(v, no)| {
                let stored = records::decode_audit(&v)
                    .map_err(|e| corrupt("audit", &no.to_be_bytes(), e))?;
                Ok((no, stored.entry().clone()))
            }))
    }

    /// The most recent viewers of a case, newest first, one per account.
    pub fn viewers(&self, case: CaseNo) -> Result<Vec<Viewer>, StoreError> {
        let key = case_key(case);
        match self.view.trees[VIEWERS].get(key)? {
            Some(b) => records::decode_viewers(&b).map_err(|e| corrupt("viewers", &key, e)),
            None => Ok(Vec::new()),
        }
    }

    /// Walks the chain from the start and names the first record that breaks it.
    pub fn verify_audit(&self) -> AuditVerify {
        let mut prev: Link = [0; AUDIT_HASH_LEN];
        let mut chained = false;
        let mut no = 0;
        let fail = |no: u64, at: Option<NaiveDateTime>, kind, prev: Link| AuditVerify {
            entries: no - 1,
            link: prev,
            problem: Some(AuditProblem { no, at, kind }),
        };
        let Ok(all) = self.audit_records() else {
            return fail(1, None, ProblemKind::Unreadable, prev);
        };
        for v in all {
            no += 1;
            let Ok(stored) = records::decode_audit(&v) else {
                return fail(no, None, ProblemKind::Unreadable, prev);
            };
            let at = Some(stored.entry().at);
            match stored {
                StoredAudit::Unchained(_) if chained => {
                    return fail(no, at, ProblemKind::Unchained, prev);
                }
                StoredAudit::Unchained(_) => prev = link(&prev, &v),
                StoredAudit::Chained {
                    no: said, link: l, ..
                } => {
                    chained = true;
                    if said != no {
                        return fail(no, at, ProblemKind::OutOfPlace, prev);
                    }
                    let body = &v[..v.len() - AUDIT_HASH_LEN];
                    if link(&prev, body) != l {
                        return fail(no, at, ProblemKind::Altered, prev);
                    }
                    prev = l;
                }
            }
        }
        match self.view.audit_head() {
            Ok(h) if h.entries == no && h.link == prev => AuditVerify {
                entries: no,
                link: prev,
                problem: None,
            },
            // More records written than are left: the tail was cut off.
            Ok(h) if h.entries > no => fail(no + 1, None, ProblemKind::Missing, prev),
            _ => fail(no.max(1), None, ProblemKind::Altered, prev),
        }
    }
}

/// Raw access for tests that tamper with the log on purpose: the stored records in order, and
/// a way to put them back changed, as an attacker able to rewrite the journal could.
/// A stored record as (key, value) bytes: the key is its position in the log.
pub type RawRecord = (Vec<u8>, Vec<u8>);

#[doc(hidden)]
pub fn audit_records_for_test(store: &Store) -> Result<Vec<RawRecord>, StoreError> {
    Ok(store
        .audit_records()?
        .into_iter()
        .zip(1u64..)
        .map(|(v, no)| (no.to_be_bytes().to_vec(), v))
        .collect())
}

/// Replaces (or with `None` removes) audit record number `key` in the journal, keeping every
/// record's checksum right, then rebuilds the view.
#[doc(hidden)]
pub fn set_audit_record_for_test(
    store: &Store,
    key: &[u8],
    value: Option<&[u8]>,
) -> Result<(), StoreError> {
    let target = <[u8; 8]>::try_from(key)
        .map(u64::from_be_bytes)
        .map_err(|_| StoreError::Db("an audit key is 8 bytes".into()))?;
    // The attacker rewrites the journal; the view's head (how many entries, the last link)
    // stays as the log was, which is how cut-off entries are noticed.
    let head = store.view.audit_head()?;
    store.rewrite_for_test(|rec: &mut Record, seen: &mut u64| {
        let mut kept = Vec::with_capacity(rec.audit.len());
        for bytes in rec.audit.drain(..) {
            *seen += 1;
            if *seen == target {
                if let Some(v) = value {
                    kept.push(v.to_vec());
                }
            } else {
                kept.push(bytes);
            }
        }
        rec.audit = kept;
    })?;
    store.view.trees[super::view::META]
        .insert(super::view::AUDIT_HEAD, records::encode_audit_head(&head)?)?;
    Ok(())
}

/// Appends raw audit records to the journal, as a database of an older format would hold them.
#[doc(hidden)]
pub fn append_raw_audit_for_test(store: &Store, raw: Vec<Vec<u8>>) -> Result<(), StoreError> {
    store.append_raw_for_test(Record {
        audit: raw,
        ops: Vec::new(),
    })
}
