//! What one journal record holds: everything one save changed, as facts the view can be
//! rebuilt from. Its audit entries come first, so the audit log can be read without decoding
//! the rest of each record.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codec::{self, CodecError, Kind};
use crate::domain::draft::{Draft, DraftId};
use crate::domain::meeting::Meeting;
use crate::domain::retention::Tombstone;
use crate::domain::{CaseNo, Event};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Record {
    /// Chained audit records, each as its bytes are hashed (`records::encode_audit_body` and
    /// the link after it).
    pub audit: Vec<Vec<u8>>,
    pub ops: Vec<Op>,
}

/// One change. New kinds go at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// Events appended to a case, numbered on from its last; a new case starts with `Filed`.
    Events { case: CaseNo, events: Vec<Event> },
    /// A meeting created under its number; its participants are remembered.
    MeetingCreated(Meeting),
    /// A meeting replaced, whole.
    MeetingSaved(Meeting),
    /// The topic bank, whole.
    Topics(Vec<String>),
    /// A case deleted by retention, leaving its tombstone. Its events are then cut out of the
    /// journal's records too (`Store::scrub`).
    Purged(Tombstone),
    /// Tombstones restored from a backup.
    Tombstones(Vec<Tombstone>),
    /// The database holds fictional demo cases.
    DemoData,
    /// The next case number, as a backup had it (purged numbers are never handed out again).
    NextCaseNo(CaseNo),
    /// Drafts that became cases (or lost their case): never to be offered again, even if the
    /// drafts file still holds them after a crash.
    DraftsConsumed(Vec<DraftId>),
    /// How many follow-ups were overdue on a day (the statistics' sparkline).
    OverdueNoted {
        #[serde(with = "crate::domain::compact::date")]
        day: NaiveDate,
        count: u64,
    },
    /// The remembered meeting participants, whole (restored from a backup).
    Roster(Vec<crate::domain::flow::Participant>),
    /// One console setting of one account (the redacted view, the meeting item last worked
    /// on); `None` forgets it.
    AccountSetting {
        account: String,
        name: String,
        value: Option<u64>,
    },
}

pub fn encode(r: &Record) -> Result<Vec<u8>, CodecError> {
    codec::encode(Kind::Record, r)
}

pub fn decode(bytes: &[u8]) -> Result<Record, CodecError> {
    let (version, payload) = codec::header(Kind::Record, bytes)?;
    match version {
        1 => codec::decode_payload(payload),
        v => Err(CodecError::UnknownVersion(v)),
    }
}

#[derive(Deserialize)]
struct AuditOnly {
    audit: Vec<Vec<u8>>,
}

/// Only the audit records of a journal record (the rest is not decoded).
pub fn decode_audit(bytes: &[u8]) -> Result<Vec<Vec<u8>>, CodecError> {
    let (version, payload) = codec::header(Kind::Record, bytes)?;
    match version {
        1 => Ok(codec::decode_prefix::<AuditOnly>(payload)?.audit),
        v => Err(CodecError::UnknownVersion(v)),
    }
}

/// One change to the drafts file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftEntry {
    Saved(Box<Draft>),
    Discarded(DraftId),
}

pub fn encode_draft_entry(e: &DraftEntry) -> Result<Vec<u8>, CodecError> {
    codec::encode(Kind::DraftEntry, e)
}

pub fn decode_draft_entry(bytes: &[u8]) -> Result<DraftEntry, CodecError> {
    let (version, payload) = codec::header(Kind::DraftEntry, bytes)?;
    match version {
        1 => codec::decode_payload(payload),
        v => Err(CodecError::UnknownVersion(v)),
    }
}
