//! The one place that knows bincode. Every stored value is `[kind][version u16 LE][payload]`:
//! the kind catches a value read from the wrong tree, the version lets old records be decoded
//! by frozen types and migrated, and the size limit keeps corrupt length prefixes from
//! allocating gigabytes.

use serde::Serialize;
use serde::de::DeserializeOwned;
use thiserror::Error;

/// Largest value we ever decode: a journal record (`journal::MAX_PAYLOAD`). Every text field
/// is limited far below (`domain::limits`), so a case's whole history fits many times over.
pub const DECODE_LIMIT: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Case = 1,
    Event = 2,
    Draft = 3,
    Summary = 4,
    Audit = 5,
    Counter = 6,
    Roster = 7,
    /// What is kept of a purged case (retention).
    Tombstone = 8,
    AuditHead = 9,
    Viewers = 10,
    Meeting = 20,
    Topics = 21,
    /// Format 4: a journal record (`store::record`).
    Record = 30,
    /// Format 4: the view's value for a case (summary and where its events are).
    CaseEntry = 31,
    /// Format 4: one entry of the drafts file.
    DraftEntry = 32,
    /// Format 4: where the view stands against the journal.
    Applied = 33,
    /// View layout 5: a case's list line, kept apart from its entry.
    CaseLine = 34,
}

/// Current format version per kind. Bump it when the type changes, keep the old type frozen
/// beside its decoder in `records.rs` with a migration, and add a golden fixture of the new
/// format to `tests/fixtures/`.
/// Format 4 (compact integer dates) bumped every kind that holds a date.
pub const fn current_version(kind: Kind) -> u16 {
    match kind {
        Kind::Case | Kind::Event => 4,
        Kind::Summary | Kind::Audit => 3,
        Kind::Draft | Kind::Viewers | Kind::Tombstone | Kind::Meeting => 2,
        Kind::AuditHead | Kind::Counter | Kind::Roster | Kind::Topics => 1,
        // A journal record is written as version 2 (its operations compressed) whenever that
        // is smaller; see `record::encode`.
        Kind::Record | Kind::CaseEntry | Kind::DraftEntry | Kind::Applied | Kind::CaseLine => 1,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CodecError {
    #[error("the record is too short to hold a header")]
    Truncated,
    #[error("expected a record of kind {expected}, found kind {found}")]
    WrongKind { expected: u8, found: u8 },
    #[error("record format version {0} is newer than this program understands")]
    UnknownVersion(u16),
    #[error("the record cannot be decoded: {0}")]
    Decode(String),
    #[error("the record has {0} unexpected trailing bytes")]
    TrailingBytes(usize),
    #[error("the record cannot be encoded: {0}")]
    Encode(String),
}

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<DECODE_LIMIT>()
}

pub fn encode<T: Serialize>(kind: Kind, value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::with_capacity(64);
    out.push(kind as u8);
    out.extend_from_slice(&current_version(kind).to_le_bytes());
    bincode::serde::encode_into_std_write(value, &mut out, config())
        .map_err(|e| CodecError::Encode(e.to_string()))?;
    Ok(out)
}

/// Splits off the header, checking the kind. Returns the version and the payload.
pub fn header(kind: Kind, bytes: &[u8]) -> Result<(u16, &[u8]), CodecError> {
    let [k, v0, v1, payload @ ..] = bytes else {
        return Err(CodecError::Truncated);
    };
    if *k != kind as u8 {
        return Err(CodecError::WrongKind {
            expected: kind as u8,
            found: *k,
        });
    }
    Ok((u16::from_le_bytes([*v0, *v1]), payload))
}

/// Decodes a payload of a known version with the size limit, refusing trailing bytes (they
/// would mean the record was written by a different type than the one reading it).
pub fn decode_payload<T: DeserializeOwned>(payload: &[u8]) -> Result<T, CodecError> {
    let (value, used) = bincode::serde::decode_from_slice::<T, _>(payload, config())
        .map_err(|e| CodecError::Decode(e.to_string()))?;
    if used != payload.len() {
        return Err(CodecError::TrailingBytes(payload.len() - used));
    }
    Ok(value)
}

/// A value's bincode without the kind-and-version header (a part of a record).
pub fn encode_bare<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    bincode::serde::encode_to_vec(value, config()).map_err(|e| CodecError::Encode(e.to_string()))
}

/// Decodes the start of a payload as `T`, and says how many bytes it took.
pub fn decode_prefix_len<T: DeserializeOwned>(payload: &[u8]) -> Result<(T, usize), CodecError> {
    bincode::serde::decode_from_slice::<T, _>(payload, config())
        .map_err(|e| CodecError::Decode(e.to_string()))
}

/// Decodes the start of a payload as `T`, ignoring what follows (the audit records at the
/// head of a journal record).
pub fn decode_prefix<T: DeserializeOwned>(payload: &[u8]) -> Result<T, CodecError> {
    decode_prefix_len(payload).map(|(v, _)| v)
}

/// Decodes a record that must be of the current version.
pub fn decode<T: DeserializeOwned>(kind: Kind, bytes: &[u8]) -> Result<T, CodecError> {
    let (version, payload) = header(kind, bytes)?;
    if version != current_version(kind) {
        return Err(CodecError::UnknownVersion(version));
    }
    decode_payload(payload)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_value_round_trips_with_its_header() {
        let bytes = encode(Kind::Counter, &42u64).unwrap();
        assert_eq!(&bytes[..3], &[6, 1, 0]);
        assert_eq!(decode::<u64>(Kind::Counter, &bytes), Ok(42));
    }

    #[test]
    fn a_value_from_the_wrong_tree_is_refused() {
        let bytes = encode(Kind::Counter, &42u64).unwrap();
        assert!(matches!(
            decode::<u64>(Kind::Case, &bytes),
            Err(CodecError::WrongKind { .. })
        ));
    }

    #[test]
    fn a_huge_length_prefix_is_an_error_not_an_allocation() {
        // A string claiming to be u64::MAX bytes long.
        let mut bytes = vec![Kind::Event as u8, 1, 0, 0xFF];
        bytes.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(decode::<String>(Kind::Event, &bytes).is_err());
    }

    #[test]
    fn future_versions_are_named() {
        let bytes = [Kind::Counter as u8, 9, 0, 1];
        assert_eq!(
            decode::<u64>(Kind::Counter, &bytes),
            Err(CodecError::UnknownVersion(9))
        );
    }

    #[test]
    fn trailing_garbage_is_refused() {
        let mut bytes = encode(Kind::Counter, &1u64).unwrap();
        bytes.push(0);
        assert_eq!(
            decode::<u64>(Kind::Counter, &bytes),
            Err(CodecError::TrailingBytes(1))
        );
    }

    #[test]
    fn empty_and_short_records_are_truncated() {
        assert_eq!(
            decode::<u64>(Kind::Counter, &[]),
            Err(CodecError::Truncated)
        );
        assert_eq!(
            decode::<u64>(Kind::Counter, &[6, 1]),
            Err(CodecError::Truncated)
        );
    }
}
