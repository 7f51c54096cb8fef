//! The audit log: append-only, each record chained to the one before by SHA-256 over the
//! previous link and the record's own stored bytes, so a changed, removed or moved record is
//! found by `verify_audit`. Records are written inside the same sled transaction as the change
//! they describe, so a change is never durable without its entry (and vice versa).
//!
//! Records from before the chain (format version 1) are taken in as its start: the first
//! chained record's link covers them all, in log order. Tampering with them before that first
//! chained record was written cannot be found; afterwards it can.
//!
//! The head (number of records, last link, next key) is kept in `meta`. An attacker who can
//! write the database can rebuild the whole chain; `infohus audit verify` prints the last link
//! so it can be written down elsewhere and compared later.

use std::fmt;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sled::transaction::TransactionalTree;

use super::records::{self, AUDIT_HASH_LEN, StoredAudit};
use super::{AUDIT, META, Store, StoreError, TxResult, VIEWERS, abort, case_key, corrupt};
use crate::domain::CaseNo;
use crate::domain::audit::{AuditAction, AuditEntry, Viewer, remember_viewer};

const AUDIT_HEAD: &[u8] = b"audit_head";

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

fn tx_head(t: &[TransactionalTree]) -> TxResult<AuditHead> {
    match t[META].get(AUDIT_HEAD)? {
        Some(b) => {
            records::decode_audit_head(&b).map_err(|e| abort(corrupt("meta", AUDIT_HEAD, e)))
        }
        // The head is written when the database is opened; without it the chain cannot go on.
        None => Err(abort(StoreError::Db("the audit log has no head".into()))),
    }
}

/// Appends entries to the chain inside a transaction, and remembers who viewed a case.
pub(super) fn tx_audit(t: &[TransactionalTree], entries: &[AuditEntry]) -> TxResult<()> {
    let mut head = tx_head(t)?;
    for entry in entries {
        let no = head.entries + 1;
        let mut bytes = records::encode_audit_body(no, entry).map_err(abort)?;
        let l = link(&head.link, &bytes);
        bytes.extend_from_slice(&l);
        t[AUDIT].insert(&head.next_key.to_be_bytes(), bytes)?;
        head = AuditHead {
            entries: no,
            link: l,
            next_key: head.next_key + 1,
        };
        if let AuditAction::CaseViewed { case } = entry.action {
            let key = case_key(case);
            let old = match t[VIEWERS].get(key)? {
                Some(b) => records::decode_viewers(&b)
                    .map_err(|e| abort(corrupt("audit_viewers", &key, e)))?,
                None => Vec::new(),
            };
            let viewers = remember_viewer(
                old,
                Viewer {
                    user: entry.user.clone(),
                    at: entry.at,
                },
            );
            t[VIEWERS].insert(&key, records::encode_viewers(&viewers).map_err(abort)?)?;
        }
    }
    t[META].insert(
        AUDIT_HEAD,
        records::encode_audit_head(&head).map_err(abort)?,
    )?;
    Ok(())
}

/// The entry for events appended to a case, in the transaction that appends them.
pub(super) fn tx_changed(
    t: &[TransactionalTree],
    case: CaseNo,
    first_event: u32,
    events: usize,
    author: &str,
    at: NaiveDateTime,
) -> TxResult<()> {
    tx_audit(
        t,
        &[AuditEntry {
            at,
            user: author.to_string(),
            action: AuditAction::Changed {
                case,
                first_event,
                events: u32::try_from(events).unwrap_or(u32::MAX),
            },
        }],
    )
}

impl Store {
    /// Writes the chain's head if the database has none yet (new, or from before the chain):
    /// it links every record already in the log, in order.
    pub(super) fn ensure_audit_head(&self) -> Result<(), StoreError> {
        if self.trees[META].get(AUDIT_HEAD)?.is_some() {
            return Ok(());
        }
        let mut head = AuditHead::default();
        for r in self.trees[AUDIT].iter() {
            let (k, v) = r?;
            head.entries += 1;
            head.link = link(&head.link, &v);
            head.next_key = super::keys::case_no_of(&k).map_or(head.next_key, |k| k + 1);
        }
        self.trees[META].insert(AUDIT_HEAD, records::encode_audit_head(&head)?)?;
        Ok(())
    }

    /// Appends entries to the audit log; durable when this returns.
    pub fn audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        self.audit_all(std::slice::from_ref(entry))
    }

    pub fn audit_all(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        self.transact(|t| tx_audit(t, entries))?;
        self.flush()
    }

    /// Restores audit entries from a backup, in order, as new links of this database's chain.
    /// Not flushed: the importer flushes once at the end.
    pub fn insert_audit(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        for chunk in entries.chunks(512) {
            self.transact(|t| tx_audit(t, chunk))?;
        }
        Ok(())
    }

    /// Every entry in log order, numbered from 1.
    pub fn audit_entries(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_log()
            .map(|r| r.map(|(_, e)| e))
            .collect::<Result<_, _>>()
    }

    /// Every entry in log order with its number (from 1).
    pub fn audit_log(&self) -> impl Iterator<Item = Result<(u64, AuditEntry), StoreError>> + '_ {
        self.trees[AUDIT].iter().zip(1..).map(|(r, no)| {
            let (k, v) = r?;
            let stored = records::decode_audit(&v).map_err(|e| corrupt("audit", &k, e))?;
            Ok((no, stored.entry().clone()))
        })
    }

    /// The most recent viewers of a case, newest first, one per account.
    pub fn viewers(&self, case: CaseNo) -> Result<Vec<Viewer>, StoreError> {
        let key = case_key(case);
        match self.trees[VIEWERS].get(key)? {
            Some(b) => records::decode_viewers(&b).map_err(|e| corrupt("audit_viewers", &key, e)),
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
        for r in self.trees[AUDIT].iter() {
            no += 1;
            let Ok((_, v)) = r else {
                return fail(no, None, ProblemKind::Unreadable, prev);
            };
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
        let head = match self.trees[META].get(AUDIT_HEAD) {
            Ok(Some(b)) => records::decode_audit_head(&b).ok(),
            _ => None,
        };
        match head {
            Some(h) if h.entries == no && h.link == prev => AuditVerify {
                entries: no,
                link: prev,
                problem: None,
            },
            // More records written than are left: the tail was cut off.
            Some(h) if h.entries > no => fail(no + 1, None, ProblemKind::Missing, prev),
            _ => fail(no.max(1), None, ProblemKind::Altered, prev),
        }
    }
}

/// Raw access for tests that tamper with the log on purpose: the stored records in order,
/// and a way to put them back changed.
/// A stored record as (key, value) bytes.
pub type RawRecord = (Vec<u8>, Vec<u8>);

#[doc(hidden)]
pub fn audit_records_for_test(store: &Store) -> Result<Vec<RawRecord>, StoreError> {
    store.trees[AUDIT]
        .iter()
        .map(|r| {
            let (k, v) = r?;
            Ok((k.to_vec(), v.to_vec()))
        })
        .collect()
}

#[doc(hidden)]
pub fn set_audit_record_for_test(
    store: &Store,
    key: &[u8],
    value: Option<&[u8]>,
) -> Result<(), StoreError> {
    match value {
        Some(v) => store.trees[AUDIT].insert(key, v)?,
        None => store.trees[AUDIT].remove(key)?,
    };
    store.db.flush()?;
    Ok(())
}

/// Removes the chain's head, as in a database from before the chain.
#[doc(hidden)]
pub fn forget_head_for_test(store: &Store) -> Result<(), StoreError> {
    store.trees[META].remove(AUDIT_HEAD)?;
    store.trees[AUDIT].clear()?;
    store.db.flush()?;
    Ok(())
}
