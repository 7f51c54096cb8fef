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

/// Version 1 is the record's bincode. Version 2 keeps the audit records as they are and
/// compresses the operations (one zstd frame, its size in the frame header): the audit log is
/// read without decompressing anything (`decode_audit`), and the events, mostly Danish text and
/// repeated structure, shrink to about half (the 100,000-case demo's journal: 158 → 91 MB).
/// Version 2 is written whenever it is smaller.
const PLAIN: u16 = 1;
const COMPRESSED: u16 = 2;
/// Level 3 (zstd's default): a 1.5 KB record compresses in tens of microseconds on a kept
/// context (`shims/zstd`), beside the hundreds the save's fdatasync takes.
const LEVEL: i32 = 3;
/// Operations this small are left plain: a frame's own header would eat what it saves.
const COMPRESS_FROM: usize = 128;

pub fn encode(r: &Record) -> Result<Vec<u8>, CodecError> {
    // bincode writes a struct as its fields one after the other: version 1's payload is the
    // audit records' bytes and then the operations', so each is encoded once and version 2
    // only swaps the operations for their frame.
    let audit = codec::encode_bare(&r.audit)?;
    let ops = codec::encode_bare(&r.ops)?;
    let frame = if ops.len() >= COMPRESS_FROM {
        zstd::block::compress(&ops, LEVEL)
            .map(|f| Some(f).filter(|f| f.len() < ops.len()))
            .map_err(|e| CodecError::Encode(e.to_string()))?
    } else {
        None
    };
    let (version, tail) = match &frame {
        Some(f) => (COMPRESSED, f),
        None => (PLAIN, &ops),
    };
    let mut out = Vec::with_capacity(3 + audit.len() + tail.len());
    out.push(Kind::Record as u8);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&audit);
    out.extend_from_slice(tail);
    Ok(out)
}

pub fn decode(bytes: &[u8]) -> Result<Record, CodecError> {
    let (version, payload) = codec::header(Kind::Record, bytes)?;
    match version {
        PLAIN => codec::decode_payload(payload),
        COMPRESSED => {
            let (audit, used) = codec::decode_prefix_len::<Vec<Vec<u8>>>(payload)?;
            let frame = payload.get(used..).unwrap_or_default();
            // Never more than a record may hold, whatever the frame claims.
            let ops = zstd::block::decompress(frame, codec::DECODE_LIMIT)
                .map_err(|e| CodecError::Decode(format!("compressed record: {e}")))?;
            Ok(Record {
                audit,
                ops: codec::decode_payload(&ops)?,
            })
        }
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
        PLAIN | COMPRESSED => Ok(codec::decode_prefix::<AuditOnly>(payload)?.audit),
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::EventPayload;
    use chrono::NaiveDateTime;

    fn notes(case: CaseNo, texts: &[&str]) -> Record {
        let at = NaiveDateTime::parse_from_str("2026-03-02 09:00", "%Y-%m-%d %H:%M").unwrap();
        Record {
            audit: vec![b"an audit record's bytes, kept as they are".to_vec()],
            ops: vec![Op::Events {
                case,
                events: texts
                    .iter()
                    .zip(0u32..)
                    .map(|(t, seq)| Event {
                        seq,
                        at,
                        author: "mette".into(),
                        payload: EventPayload::NoteAdded { text: (*t).into() },
                    })
                    .collect(),
            }],
        }
    }

    fn version(bytes: &[u8]) -> u16 {
        codec::header(Kind::Record, bytes).unwrap().0
    }

    #[test]
    fn a_record_of_text_is_stored_compressed_and_reads_back_whole() {
        let text = "Mor ringer igen; drengen har ikke været i skole siden mandag, og hun er bekymret \
                    for de nye venner fra klubben. Aftalt opfølgning med skolen torsdag.";
        let r = notes(7, &[text, text, text]);
        let bytes = encode(&r).unwrap();
        assert_eq!(version(&bytes), COMPRESSED);
        assert!(bytes.len() < codec::encode(Kind::Record, &r).unwrap().len() / 2);
        assert_eq!(decode(&bytes).unwrap(), r);
        assert_eq!(decode_audit(&bytes).unwrap(), r.audit);
    }

    #[test]
    fn a_small_record_stays_plain_and_plain_records_still_read() {
        let r = notes(7, &["ok"]);
        let bytes = encode(&r).unwrap();
        assert_eq!(version(&bytes), PLAIN);
        assert_eq!(
            bytes,
            codec::encode(Kind::Record, &r).unwrap(),
            "version 1 as before"
        );
        assert_eq!(decode(&bytes).unwrap(), r);
        let long = notes(8, &["en lang tekst om sagen ".repeat(20).as_str()]);
        let plain = codec::encode(Kind::Record, &long).unwrap();
        assert_eq!(version(&plain), PLAIN);
        assert_eq!(decode(&plain).unwrap(), long);
        assert_eq!(decode_audit(&plain).unwrap(), long.audit);
    }

    #[test]
    fn a_damaged_compressed_record_is_an_error_never_a_panic() {
        let r = notes(7, &["en lang tekst om sagen ".repeat(40).as_str()]);
        let bytes = encode(&r).unwrap();
        assert_eq!(version(&bytes), COMPRESSED);
        for i in 3..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x5a;
            // Either refused, or (a flip the frame cannot notice) some other record: the
            // journal's CRC is what catches damage; this only must not panic.
            let _ = decode(&bad);
            let _ = decode_audit(&bad);
        }
        assert!(decode(&bytes[..bytes.len() - 5]).is_err());
    }
}
