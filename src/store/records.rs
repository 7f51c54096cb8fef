//! Typed encoders and decoders for each stored kind. An older format version is decoded here
//! by its frozen type and migrated to the current one.

use super::codec::{self, CodecError, Kind};
use super::frozen::v3::{self, to_current};
use crate::domain::audit::{AuditEntry, Viewer};
use crate::domain::draft::Draft;
use crate::domain::flow::Participant;
use crate::domain::meeting::Meeting;
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
        1 => to_current(&codec::decode_payload::<v1::CaseState>(payload)?.migrate()),
        2 => to_current(&codec::decode_payload::<v2::CaseState>(payload)?.migrate()),
        3 => to_current(&codec::decode_payload::<v3::CaseState>(payload)?),
        4 => codec::decode_payload(payload),
        v => Err(CodecError::UnknownVersion(v)),
    }
}

pub fn encode_event(v: &Event) -> Result<Vec<u8>, CodecError> {
    codec::encode(Kind::Event, v)
}

/// Versions 2 and 3 only added event variants at the end, so events of versions 1–3 read as
/// the frozen version 3; version 4 has compact dates.
pub fn decode_event(bytes: &[u8]) -> Result<Event, CodecError> {
    let (version, payload) = codec::header(Kind::Event, bytes)?;
    match version {
        1..=3 => to_current(&codec::decode_payload::<v3::Event>(payload)?),
        4 => codec::decode_payload(payload),
        v => Err(CodecError::UnknownVersion(v)),
    }
}

/// Format version 1, frozen: a case before the flow. Migrated to the frozen version 3.
mod v1 {
    use chrono::{NaiveDate, NaiveDateTime};
    use serde::Deserialize;

    use super::v3::{CaseState as V3, Flow, Intake, LegalState};
    use crate::domain::{CaseNo, Stage};

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
        pub fn migrate(self) -> V3 {
            V3 {
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
                legal: LegalState::default(),
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
        2 => to_current(&codec::decode_payload::<v3::CaseSummary>(payload)?),
        3 => codec::decode_payload(payload),
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
                evaluation_due: None,
            }
        }
    }
}
/// Format version 2, frozen: the flow before the follow-up schedule and retention. Its parts
/// are the frozen version 3's; it migrates to the frozen version 3.
mod v2 {
    use chrono::{NaiveDate, NaiveDateTime};
    use serde::Deserialize;

    use super::v3::{
        Assessment, CaseState as V3, Closure, Conversation, Disclosure, Flow as V3Flow,
        InfoRequest, Intake, JointReview, LegalState, Measure, PostReview, Screening,
    };
    use crate::domain::{CaseNo, Stage};

    #[derive(Deserialize)]
    struct Flow {
        screening: Option<Screening>,
        reviews: Vec<JointReview>,
        requests: Vec<InfoRequest>,
        conversations: Vec<Conversation>,
        assessments: Vec<Assessment>,
        measures: Vec<Measure>,
        disclosures: Vec<Disclosure>,
        closure: Option<Closure>,
        post_reviews: Vec<PostReview>,
        police_feedback_due: Option<NaiveDate>,
    }

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
        /// Version 2 had no follow-up schedule: the stage's default rhythm applies.
        pub fn migrate(self) -> V3 {
            let f = self.flow;
            V3 {
                no: self.no,
                intake: self.intake,
                stage: self.stage,
                next_date: self.next_date,
                created_at: self.created_at,
                updated_at: self.updated_at,
                links: self.links,
                event_count: self.event_count,
                flow: V3Flow {
                    screening: f.screening,
                    reviews: f.reviews,
                    requests: f.requests,
                    conversations: f.conversations,
                    assessments: f.assessments,
                    measures: f.measures,
                    disclosures: f.disclosures,
                    closure: f.closure,
                    post_reviews: f.post_reviews,
                    police_feedback_due: f.police_feedback_due,
                    ..V3Flow::default()
                },
                // Cases closed before version 3 have no recorded deletion date: retention
                // falls back to the closure date plus the configured period.
                retention: Default::default(),
                legal: LegalState::default(),
            }
        }
    }
}

/// A kind whose version 1 is the frozen version 3 shape (ISO-text dates) and whose version 2
/// is today's type.
macro_rules! record_v2 {
    ($enc:ident, $dec:ident, $ty:ty, $frozen:ty, $kind:expr) => {
        pub fn $enc(v: &$ty) -> Result<Vec<u8>, CodecError> {
            codec::encode($kind, v)
        }
        pub fn $dec(bytes: &[u8]) -> Result<$ty, CodecError> {
            let (version, payload) = codec::header($kind, bytes)?;
            match version {
                1 => to_current(&codec::decode_payload::<$frozen>(payload)?),
                2 => codec::decode_payload(payload),
                v => Err(CodecError::UnknownVersion(v)),
            }
        }
    };
}

record_v2!(encode_draft, decode_draft, Draft, v3::Draft, Kind::Draft);
record!(encode_counter, decode_counter, u64, Kind::Counter);
record!(encode_roster, decode_roster, Vec<Participant>, Kind::Roster);
record_v2!(
    encode_meeting,
    decode_meeting,
    Meeting,
    v3::Meeting,
    Kind::Meeting
);
record!(encode_topics, decode_topics, Vec<String>, Kind::Topics);
record_v2!(
    encode_tombstone,
    decode_tombstone,
    Tombstone,
    v3::Tombstone,
    Kind::Tombstone
);
record!(
    encode_audit_head,
    decode_audit_head,
    super::audit::AuditHead,
    Kind::AuditHead
);
record_v2!(
    encode_viewers,
    decode_viewers,
    Vec<Viewer>,
    Vec<v3::Viewer>,
    Kind::Viewers
);

/// Length of the SHA-256 link that ends every chained audit record.
pub const AUDIT_HASH_LEN: usize = 32;

/// An audit record as stored: either from before the chain (format version 1) or a link of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredAudit {
    Unchained(AuditEntry),
    Chained {
        /// Position in the log, from 1: a deleted or moved record shows as a wrong number.
        no: u64,
        entry: AuditEntry,
        /// SHA-256 over the previous record's link and this record's bytes before the link.
        link: [u8; AUDIT_HASH_LEN],
    },
}

impl StoredAudit {
    pub fn entry(&self) -> &AuditEntry {
        match self {
            StoredAudit::Unchained(e) | StoredAudit::Chained { entry: e, .. } => e,
        }
    }
}

#[derive(serde::Serialize)]
struct AuditBodyRef<'a> {
    no: u64,
    entry: &'a AuditEntry,
}

#[derive(serde::Deserialize)]
struct AuditBody<E> {
    no: u64,
    entry: E,
}

/// The bytes of a chained record up to its link; the chain appends the link it computes
/// over them (`store::audit`), so the hash covers exactly what is stored.
pub fn encode_audit_body(no: u64, entry: &AuditEntry) -> Result<Vec<u8>, CodecError> {
    codec::encode(Kind::Audit, &AuditBodyRef { no, entry })
}

pub fn decode_audit(bytes: &[u8]) -> Result<StoredAudit, CodecError> {
    let (version, payload) = codec::header(Kind::Audit, bytes)?;
    match version {
        1 => codec::decode_payload::<v1_audit::AuditEntry>(payload)
            .map(|e| StoredAudit::Unchained(e.migrate())),
        2 | 3 => {
            let split = payload
                .len()
                .checked_sub(AUDIT_HASH_LEN)
                .ok_or(CodecError::Truncated)?;
            let (body, link) = payload.split_at(split);
            let (no, entry) = if version == 2 {
                let b: AuditBody<v3::AuditEntry> = codec::decode_payload(body)?;
                (b.no, to_current(&b.entry)?)
            } else {
                let b: AuditBody<AuditEntry> = codec::decode_payload(body)?;
                (b.no, b.entry)
            };
            let link = <[u8; AUDIT_HASH_LEN]>::try_from(link).map_err(|_| CodecError::Truncated)?;
            Ok(StoredAudit::Chained { no, entry, link })
        }
        v => Err(CodecError::UnknownVersion(v)),
    }
}

/// Audit format version 1, frozen: entries without a chain, from before the roles and the
/// actions added with them.
mod v1_audit {
    use chrono::NaiveDateTime;
    use serde::Deserialize;

    use crate::domain::CaseNo;
    use crate::domain::audit::AuditAction as Current;

    #[derive(Deserialize)]
    pub struct AuditEntry {
        at: NaiveDateTime,
        user: String,
        action: AuditAction,
    }

    #[derive(Deserialize)]
    enum AuditAction {
        CprRevealed { case: CaseNo },
        CaseViewed { case: CaseNo },
        Exported,
        Imported { cases: u64 },
        Repaired,
    }

    impl AuditEntry {
        pub fn migrate(self) -> crate::domain::audit::AuditEntry {
            crate::domain::audit::AuditEntry {
                at: self.at,
                user: self.user,
                action: match self.action {
                    AuditAction::CprRevealed { case } => Current::CprRevealed { case },
                    AuditAction::CaseViewed { case } => Current::CaseViewed { case },
                    AuditAction::Exported => Current::Exported,
                    AuditAction::Imported { cases } => Current::Imported { cases },
                    AuditAction::Repaired => Current::Repaired,
                },
            }
        }
    }
}
