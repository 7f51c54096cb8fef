//! Typed encoders and decoders for each stored kind. An older format version would be decoded
//! here by its frozen type and migrated to the current one; version 1 is the only one so far.

use super::codec::{self, CodecError, Kind};
use crate::domain::audit::AuditEntry;
use crate::domain::draft::Draft;
use crate::domain::summary::CaseSummary;
use crate::domain::{CaseState, Event};

macro_rules! record {
    ($enc:ident, $dec:ident, $ty:ty, $kind:expr) => {
        pub fn $enc(v: &$ty) -> Result<Vec<u8>, CodecError> {
            codec::encode($kind, v)
        }
        pub fn $dec(bytes: &[u8]) -> Result<$ty, CodecError> {
            let (version, payload) = codec::header($kind, bytes)?;
            match version {
                1 => codec::decode_payload(payload),
                v => Err(CodecError::UnknownVersion(v)),
            }
        }
    };
}

record!(encode_case, decode_case, CaseState, Kind::Case);
record!(encode_event, decode_event, Event, Kind::Event);
record!(encode_draft, decode_draft, Draft, Kind::Draft);
record!(encode_summary, decode_summary, CaseSummary, Kind::Summary);
record!(encode_audit, decode_audit, AuditEntry, Kind::Audit);
record!(encode_counter, decode_counter, u64, Kind::Counter);
