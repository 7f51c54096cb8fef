//! Typed encoders and decoders for each stored kind. An older format version is decoded here
//! by its frozen type and migrated to the current one.

use super::codec::{self, CodecError, Kind};
use crate::domain::audit::AuditEntry;
use crate::domain::draft::Draft;
use crate::domain::flow::Participant;
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

pub fn encode_case(v: &CaseState) -> Result<Vec<u8>, CodecError> {
    codec::encode(Kind::Case, v)
}

pub fn decode_case(bytes: &[u8]) -> Result<CaseState, CodecError> {
    let (version, payload) = codec::header(Kind::Case, bytes)?;
    match version {
        1 => codec::decode_payload::<v1::CaseState>(payload).map(v1::CaseState::migrate),
        2 => codec::decode_payload::<v2::CaseState>(payload).map(v2::CaseState::migrate),
        3 => codec::decode_payload(payload),
        v => Err(CodecError::UnknownVersion(v)),
    }
}

pub fn encode_event(v: &Event) -> Result<Vec<u8>, CodecError> {
    codec::encode(Kind::Event, v)
}

/// Version 2 only added event variants at the end, so a version-1 event reads as it is.
pub fn decode_event(bytes: &[u8]) -> Result<Event, CodecError> {
    let (version, payload) = codec::header(Kind::Event, bytes)?;
    match version {
        1 | 2 => codec::decode_payload(payload),
        v => Err(CodecError::UnknownVersion(v)),
    }
}

/// Format version 1, frozen. Its intake is still the current `Intake`; should that type change,
/// its version-1 shape must be frozen here too.
mod v1 {
    use chrono::{NaiveDate, NaiveDateTime};
    use serde::Deserialize;

    use crate::domain::flow::Flow;
    use crate::domain::legal::LegalState;
    use crate::domain::{CaseNo, Intake, Stage};

    #[derive(Deserialize)]
    pub struct CaseState {
        no: CaseNo,
        intake: Intake,
        stage: Stage,
        next_date: NaiveDate,
        created_at: NaiveDateTime,
        updated_at: NaiveDateTime,
        links: Vec<CaseNo>,
        event_count: u32,
    }

    impl CaseState {
        /// Version 1 knew no flow beyond intake, so its flow is empty.
        pub fn migrate(self) -> crate::domain::CaseState {
            crate::domain::CaseState {
                no: self.no,
                intake: self.intake,
                stage: self.stage,
                next_date: self.next_date,
                created_at: self.created_at,
                updated_at: self.updated_at,
                links: self.links,
                event_count: self.event_count,
                flow: Flow::default(),
                legal: LegalState::default(),
            }
        }
    }
}

/// Format version 2, frozen: the assessment flow without the legal deadlines. Its intake and
/// flow are still the current types; should either change, its version-2 shape must be
/// frozen here too.
mod v2 {
    use chrono::{NaiveDate, NaiveDateTime};
    use serde::Deserialize;

    use crate::domain::flow::Flow;
    use crate::domain::legal::LegalState;
    use crate::domain::{CaseNo, Intake, Stage};

    #[derive(Deserialize)]
    pub struct CaseState {
        no: CaseNo,
        intake: Intake,
        stage: Stage,
        next_date: NaiveDate,
        created_at: NaiveDateTime,
        updated_at: NaiveDateTime,
        links: Vec<CaseNo>,
        event_count: u32,
        flow: Flow,
    }

    impl CaseState {
        /// Version 2 knew no legal events, so nothing was recorded.
        pub fn migrate(self) -> crate::domain::CaseState {
            crate::domain::CaseState {
                no: self.no,
                intake: self.intake,
                stage: self.stage,
                next_date: self.next_date,
                created_at: self.created_at,
                updated_at: self.updated_at,
                links: self.links,
                event_count: self.event_count,
                flow: self.flow,
                legal: LegalState::default(),
            }
        }
    }
}
record!(encode_draft, decode_draft, Draft, Kind::Draft);
record!(encode_summary, decode_summary, CaseSummary, Kind::Summary);
record!(encode_audit, decode_audit, AuditEntry, Kind::Audit);
record!(encode_counter, decode_counter, u64, Kind::Counter);
record!(encode_roster, decode_roster, Vec<Participant>, Kind::Roster);
