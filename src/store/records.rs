//! Typed encoders and decoders for each stored kind. An older format version is decoded here
//! by its frozen type and migrated to the current one.

use super::codec::{self, CodecError, Kind};
use crate::domain::audit::AuditEntry;
use crate::domain::draft::Draft;
use crate::domain::flow::Participant;
use crate::domain::retention::Tombstone;
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

/// Versions 2 and 3 only added event variants at the end, so older events read as they are.
pub fn decode_event(bytes: &[u8]) -> Result<Event, CodecError> {
    let (version, payload) = codec::header(Kind::Event, bytes)?;
    match version {
        1..=3 => codec::decode_payload(payload),
        v => Err(CodecError::UnknownVersion(v)),
    }
}

/// Format version 1, frozen. Its intake is still the current `Intake`; should that type change,
/// its version-1 shape must be frozen here too.
mod v1 {
    use chrono::{NaiveDate, NaiveDateTime};
    use serde::Deserialize;

    use crate::domain::flow::Flow;
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
                retention: Default::default(),
            }
        }
    }
}

/// Format version 2, frozen: the assessment flow, before retention.
mod v2 {
    use chrono::{NaiveDate, NaiveDateTime};
    use serde::Deserialize;

    use crate::domain::flow::Flow;
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
        /// Cases closed before version 3 have no recorded deletion date: retention falls back
        /// to the closure date plus the configured period.
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
                retention: Default::default(),
            }
        }
    }
}

pub fn encode_summary(v: &CaseSummary) -> Result<Vec<u8>, CodecError> {
    codec::encode(Kind::Summary, v)
}

/// A version-1 summary lacks what statistics and retention read; it decodes with those
/// unknown, and opening the store rebuilds every summary once (`Store::open`).
pub fn decode_summary(bytes: &[u8]) -> Result<CaseSummary, CodecError> {
    let (version, payload) = codec::header(Kind::Summary, bytes)?;
    match version {
        1 => codec::decode_payload::<summary_v1::CaseSummary>(payload)
            .map(summary_v1::CaseSummary::migrate),
        2 => codec::decode_payload(payload),
        v => Err(CodecError::UnknownVersion(v)),
    }
}

/// Summary format version 1, frozen.
mod summary_v1 {
    use chrono::{NaiveDate, NaiveDateTime};
    use serde::Deserialize;

    use crate::domain::cpr::Cpr;
    use crate::domain::intake::ConcernType;
    use crate::domain::{CaseNo, Stage};

    #[derive(Deserialize)]
    pub struct CaseSummary {
        no: CaseNo,
        name: String,
        cpr: Option<Cpr>,
        birth_date: Option<NaiveDate>,
        approx_age: Option<u8>,
        received_at: NaiveDateTime,
        stage: Stage,
        concerns: Vec<ConcernType>,
        next_date: NaiveDate,
        imminent_danger: bool,
        district: String,
        description: String,
        links: Vec<CaseNo>,
    }

    impl CaseSummary {
        pub fn migrate(self) -> crate::domain::summary::CaseSummary {
            crate::domain::summary::CaseSummary {
                no: self.no,
                name: self.name,
                cpr: self.cpr,
                birth_date: self.birth_date,
                approx_age: self.approx_age,
                received_at: self.received_at,
                stage: self.stage,
                concerns: self.concerns,
                next_date: self.next_date,
                imminent_danger: self.imminent_danger,
                district: self.district,
                description: self.description,
                links: self.links,
                source: None,
                screened: None,
                reviewed: None,
                closed: None,
                closure_reason: None,
                deletion_date: None,
                held: false,
                // Unknown: keep the case until the summary is rebuilt from it.
                reviews_pending: true,
            }
        }
    }
}
record!(encode_draft, decode_draft, Draft, Kind::Draft);
record!(encode_audit, decode_audit, AuditEntry, Kind::Audit);
record!(encode_counter, decode_counter, u64, Kind::Counter);
record!(encode_roster, decode_roster, Vec<Participant>, Kind::Roster);
record!(
    encode_tombstone,
    decode_tombstone,
    Tombstone,
    Kind::Tombstone
);
