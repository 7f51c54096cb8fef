//! Format version 3 (and, since versions 1–3 only appended variants, the events of versions 1
//! and 2), frozen: the stored shapes as they were before format 4, with chrono's ISO-text
//! dates. Decoded only to migrate a database of format 3 or older. Do not edit: these types
//! are what old bytes mean.
//!
//! Converting to today's types goes through JSON (`to_current`): both sides name their fields
//! alike and today's date helpers read ISO text in human-readable formats, so a field added
//! since needs only `#[serde(default)]` on today's type, not a conversion by hand here.
//! Fieldless enums are today's own: variants are only ever appended, so their positions hold.

#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::domain::CaseNo;
use crate::domain::access::Role;
use crate::domain::age::AgeBand;
use crate::domain::cpr::Cpr;
use crate::domain::flow::{
    Approach, Authority, ClosureReason, ConversationStatus, Dimension, FollowUpDecision, HeldBy,
    LegalBasis, MeasureLevel, MeasureStatus, PoliceMatterKind, Referral, RequestStatus,
    ReviewDecision, Risk, With,
};
use crate::domain::intake::{Channel, ConcernType, FieldId, SourceCategory};
use crate::domain::legal::{HandOverDecision, SupportStarted};
use crate::domain::meeting::{ItemReason, MeetingKind, MeetingNo};
use crate::domain::stage::Stage;

use super::super::codec::CodecError;

type DraftId = u64;

/// Today's value of a frozen one.
pub fn to_current<F: Serialize, T: DeserializeOwned>(frozen: &F) -> Result<T, CodecError> {
    let json = serde_json::to_value(frozen).map_err(|e| CodecError::Decode(e.to_string()))?;
    serde_json::from_value(json).map_err(|e| CodecError::Decode(e.to_string()))
}

// src/domain/case.rs
#[derive(Serialize, Deserialize)]
pub struct Event {
    pub seq: u32,
    pub at: NaiveDateTime,
    pub author: String,
    pub payload: EventPayload,
}

// src/domain/case.rs
#[derive(Serialize, Deserialize)]
pub enum EventPayload {
    Filed {
        intake: Intake,
        next_date: NaiveDate,
    },
    IntakeEdited {
        intake: Intake,
        changed: Vec<FieldId>,
    },
    NoteAdded {
        text: String,
    },
    NextDateSet {
        date: NaiveDate,
        reason: String,
    },
    Linked {
        other: CaseNo,
    },
    StageChanged {
        from: Stage,
        to: Stage,
        reason: Option<String>,
    },
    ScreeningRecorded(Screening),
    JointReviewRecorded(JointReview),
    RequestSent(InfoRequest),
    RequestUpdated {
        id: u32,
        status: RequestStatus,
        answer: String,
        date: NaiveDate,
    },
    ConversationRecorded(Conversation),
    AssessmentRecorded(Assessment),
    MeasureRecorded(Measure),
    DisclosureRecorded(Disclosure),
    Closed(Closure),
    PostReviewHeld {
        months: u32,
        date: NaiveDate,
        summary: String,
    },
    FollowUpPlanned(FollowUpPlan),
    FollowUpRecorded(FollowUp),
    PoliceFeedbackReceived(PoliceFeedback),
    Retention(RetentionEvent),
    UrgencyConfirmed(Confirmation),
    ReceiptConfirmed(Confirmation),
    FeedbackReceived(Feedback),
    AdultHandOver(HandOver),
}

// src/domain/case.rs
#[derive(Serialize, Deserialize)]
pub struct CaseState {
    pub no: CaseNo,
    pub intake: Intake,
    pub stage: Stage,
    pub next_date: NaiveDate,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub links: Vec<CaseNo>,
    pub event_count: u32,
    pub flow: Flow,
    pub retention: Retention,
    pub legal: LegalState,
}

// src/domain/intake.rs
#[derive(Serialize, Deserialize)]
pub struct IntakeForm {
    pub person_name: String,
    pub cpr: String,
    pub birth_date: String,
    pub approx_age: String,
    pub address: String,
    pub district: String,
    pub school_work: String,
    pub languages: String,
    pub concerns: Vec<ConcernType>,
    pub description: String,
    pub channel: Option<Channel>,
    pub source: Option<SourceCategory>,
    pub reporter_anonymous: bool,
    pub reporter_name: String,
    pub reporter_org: String,
    pub reporter_phone: String,
    pub reporter_email: String,
    pub received_at: String,
    pub imminent_danger: bool,
    pub police_contacted_by: String,
    pub police_contacted_at: String,
    pub underretning_at: String,
    pub underretning_to: String,
    pub links: Vec<u64>,
}

// src/domain/intake.rs
#[derive(Serialize, Deserialize)]
pub struct Intake {
    pub received_at: NaiveDateTime,
    pub received_by: String,
    pub channel: Option<Channel>,
    pub source: Option<SourceCategory>,
    pub reporter: Reporter,
    pub person: Person,
    pub concerns: Vec<ConcernType>,
    pub description: String,
    pub imminent_danger: bool,
    pub police_contact: Option<PoliceContact>,
    pub underretning: Option<Underretning>,
}

// src/domain/intake.rs
#[derive(Serialize, Deserialize)]
pub enum Reporter {
    Anonymous,
    Known {
        name: String,
        organisation: String,
        phone: String,
        email: String,
    },
}

// src/domain/intake.rs
#[derive(Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub cpr: Option<Cpr>,
    pub birth_date: Option<NaiveDate>,
    pub approx_age: Option<u8>,
    pub address: String,
    pub district: String,
    pub school_work: String,
    pub languages: String,
}

// src/domain/intake.rs
#[derive(Serialize, Deserialize)]
pub struct PoliceContact {
    pub by: String,
    pub at: NaiveDateTime,
}

// src/domain/intake.rs
#[derive(Serialize, Deserialize)]
pub struct Underretning {
    pub at: NaiveDateTime,
    pub to: String,
}

// src/domain/flow/mod.rs
#[derive(Default, Serialize, Deserialize)]
pub struct Flow {
    pub screening: Option<Screening>,
    pub reviews: Vec<JointReview>,
    pub requests: Vec<InfoRequest>,
    pub conversations: Vec<Conversation>,
    pub assessments: Vec<Assessment>,
    pub measures: Vec<Measure>,
    pub disclosures: Vec<Disclosure>,
    pub closure: Option<Closure>,
    pub post_reviews: Vec<PostReview>,
    pub police_feedback_due: Option<NaiveDate>,
    pub plan: Option<FollowUpPlan>,
    pub follow_ups: Vec<FollowUp>,
    pub police_feedback: Vec<PoliceFeedback>,
}

// src/domain/flow/screening.rs
#[derive(Serialize, Deserialize)]
pub enum ScreeningOutcome {
    Stands,
    Unfounded,
    Referred {
        to: Referral,
        detail: String,
        keep_tracking: bool,
    },
    PoliceMatter {
        kind: PoliceMatterKind,
        feedback_due: NaiveDate,
    },
}

// src/domain/flow/screening.rs
#[derive(Serialize, Deserialize)]
pub struct Screening {
    pub date: NaiveDate,
    pub approach: Approach,
    pub participants: String,
    pub outcome: ScreeningOutcome,
    pub rationale: String,
}

// src/domain/flow/review.rs
#[derive(Serialize, Deserialize)]
pub struct Participant {
    pub name: String,
    pub organisation: String,
    pub role: String,
}

// src/domain/flow/review.rs
#[derive(Serialize, Deserialize)]
pub struct InfoItem {
    pub text: String,
    pub origin: Authority,
}

// src/domain/flow/review.rs
#[derive(Serialize, Deserialize)]
pub struct NextStep {
    pub what: String,
    pub who: String,
}

// src/domain/flow/review.rs
#[derive(Serialize, Deserialize)]
pub struct JointReview {
    pub date: NaiveDate,
    pub participants: Vec<Participant>,
    pub summary: String,
    pub items: Vec<InfoItem>,
    pub steps: Vec<NextStep>,
    pub decision: ReviewDecision,
    pub police_feedback_due: Option<NaiveDate>,
}

// src/domain/flow/enrichment.rs
#[derive(Serialize, Deserialize)]
pub struct InfoRequest {
    pub id: u32,
    pub to: Authority,
    pub to_detail: String,
    pub question: String,
    pub sent: NaiveDate,
    pub due: NaiveDate,
    pub status: RequestStatus,
    pub answer: String,
    pub answered: Option<NaiveDate>,
}

// src/domain/flow/enrichment.rs
#[derive(Serialize, Deserialize)]
pub struct Conversation {
    pub id: u32,
    pub status: ConversationStatus,
    pub date: NaiveDate,
    pub held_by: HeldBy,
    pub with: With,
    pub summary: String,
}

// src/domain/flow/assessment.rs
#[derive(Serialize, Deserialize)]
pub struct DimensionRating {
    pub dimension: Dimension,
    pub risk: Risk,
    pub resource: bool,
    pub note: String,
}

// src/domain/flow/assessment.rs
#[derive(Serialize, Deserialize)]
pub struct Assessment {
    pub id: u32,
    pub date: NaiveDate,
    pub description: String,
    pub ratings: Vec<DimensionRating>,
    pub overall: Risk,
    pub recommendation: String,
    pub rationale: String,
}

// src/domain/flow/measure.rs
#[derive(Serialize, Deserialize)]
pub struct Measure {
    pub id: u32,
    pub kind: String,
    pub organisation: String,
    pub responsible: String,
    pub start: NaiveDate,
    pub planned_end: Option<NaiveDate>,
    pub goal: String,
    pub level: MeasureLevel,
    pub status: MeasureStatus,
    pub evaluation: String,
}

// src/domain/flow/closure.rs
#[derive(Serialize, Deserialize)]
pub enum ItemRef {
    Request(u32),
    Measure(u32),
    Conversation(u32),
}

// src/domain/flow/closure.rs
#[derive(Serialize, Deserialize)]
pub struct Waiver {
    pub item: ItemRef,
    pub reason: String,
}

// src/domain/flow/closure.rs
#[derive(Serialize, Deserialize)]
pub struct Closure {
    pub date: NaiveDate,
    pub reason: ClosureReason,
    pub summary: String,
    pub waivers: Vec<Waiver>,
    pub no_reviews_because: Option<String>,
}

// src/domain/flow/closure.rs
#[derive(Serialize, Deserialize)]
pub struct PostReview {
    pub months: u32,
    pub due: NaiveDate,
    pub held: Option<(NaiveDate, String)>,
}

// src/domain/flow/closure.rs
#[derive(Serialize, Deserialize)]
pub struct Disclosure {
    pub date: NaiveDate,
    pub recipient: String,
    pub what: String,
    pub basis: LegalBasis,
}

// src/domain/flow/follow_up.rs
#[derive(Serialize, Deserialize)]
pub enum Cadence {
    Fortnightly,
    Monthly,
    Quarterly,
    EveryDays(u16),
    AdHoc,
}

// src/domain/flow/follow_up.rs
#[derive(Serialize, Deserialize)]
pub struct FollowUpPlan {
    pub cadence: Cadence,
    pub responsible: String,
}

// src/domain/flow/follow_up.rs
#[derive(Serialize, Deserialize)]
pub struct FollowUp {
    pub date: NaiveDate,
    pub summary: String,
    pub decision: FollowUpDecision,
    pub who_acts: String,
    pub next: NaiveDate,
    pub meeting: Option<u64>,
}

// src/domain/flow/follow_up.rs
#[derive(Serialize, Deserialize)]
pub struct PoliceFeedback {
    pub date: NaiveDate,
    pub summary: String,
}

// src/domain/retention.rs
#[derive(Default, Serialize, Deserialize)]
pub struct Retention {
    pub deletion_date: Option<NaiveDate>,
    pub hold: Option<LegalHold>,
}

// src/domain/retention.rs
#[derive(Serialize, Deserialize)]
pub struct LegalHold {
    pub since: NaiveDate,
    pub reason: String,
}

// src/domain/retention.rs
#[derive(Serialize, Deserialize)]
pub enum RetentionEvent {
    DeletionDateSet { date: NaiveDate },
    HoldPlaced { date: NaiveDate, reason: String },
    HoldLifted { date: NaiveDate, reason: String },
}

// src/domain/retention.rs
#[derive(Serialize, Deserialize)]
pub struct Tombstone {
    pub no: CaseNo,
    pub received: NaiveDate,
    pub screened: Option<NaiveDate>,
    pub reviewed: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub source: Option<SourceCategory>,
    pub concerns: Vec<ConcernType>,
    pub age_band: Option<AgeBand>,
    pub outcome: Option<ClosureReason>,
    pub purged: NaiveDate,
}

// src/domain/legal.rs
#[derive(Serialize, Deserialize)]
pub struct Confirmation {
    pub underretning_at: NaiveDateTime,
    pub date: NaiveDate,
    pub note: String,
}

// src/domain/legal.rs
#[derive(Serialize, Deserialize)]
pub struct Feedback {
    pub underretning_at: NaiveDateTime,
    pub date: NaiveDate,
    pub support: SupportStarted,
    pub note: String,
}

// src/domain/legal.rs
#[derive(Serialize, Deserialize)]
pub struct HandOver {
    pub date: NaiveDate,
    pub decision: HandOverDecision,
    pub detail: String,
}

// src/domain/legal.rs
#[derive(Default, Serialize, Deserialize)]
pub struct LegalState {
    pub urgency: Option<Confirmation>,
    pub receipt: Option<Confirmation>,
    pub feedback: Option<Feedback>,
    pub handover: Option<HandOver>,
}

// src/domain/meeting.rs
#[derive(Serialize, Deserialize)]
pub enum Subject {
    Case { no: CaseNo, reason: ItemReason },
    General(String),
}

// src/domain/meeting.rs
#[derive(Serialize, Deserialize)]
pub struct Outcome {
    pub decision: String,
    pub who_acts: String,
    pub follow: Option<FollowUpDecision>,
    pub next: Option<NaiveDate>,
}

// src/domain/meeting.rs
#[derive(Serialize, Deserialize)]
pub struct AgendaItem {
    pub subject: Subject,
    pub outcome: Option<Outcome>,
}

// src/domain/meeting.rs
#[derive(Serialize, Deserialize)]
pub struct Meeting {
    pub no: MeetingNo,
    pub kind: MeetingKind,
    pub date: NaiveDate,
    pub participants: Vec<Participant>,
    pub items: Vec<AgendaItem>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

// src/domain/audit.rs
#[derive(Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: NaiveDateTime,
    pub user: String,
    pub action: AuditAction,
}

// src/domain/audit.rs
#[derive(Serialize, Deserialize)]
pub enum AuditAction {
    CprRevealed {
        case: CaseNo,
    },
    CaseViewed {
        case: CaseNo,
    },
    Exported,
    Imported {
        cases: u64,
    },
    Repaired,
    Searched {
        query: String,
    },
    Changed {
        case: CaseNo,
        first_event: u32,
        events: u32,
    },
    Summary {
        case: CaseNo,
    },
    Minutes {
        meeting: u64,
    },
    Login,
    LoginRefused,
    UsersChanged {
        account: String,
        roles: Vec<Role>,
    },
    Purged {
        case: CaseNo,
    },
}

// src/domain/audit.rs
#[derive(Serialize, Deserialize)]
pub struct Viewer {
    pub user: String,
    pub at: NaiveDateTime,
}

// src/domain/draft.rs
#[derive(Serialize, Deserialize)]
pub struct Draft {
    pub id: DraftId,
    pub author: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub editing: Option<CaseNo>,
    pub form: IntakeForm,
}

// src/domain/summary.rs
#[derive(Serialize, Deserialize)]
pub struct CaseSummary {
    pub no: CaseNo,
    pub name: String,
    pub cpr: Option<Cpr>,
    pub birth_date: Option<NaiveDate>,
    pub approx_age: Option<u8>,
    pub received_at: NaiveDateTime,
    pub stage: Stage,
    pub concerns: Vec<ConcernType>,
    pub next_date: NaiveDate,
    pub imminent_danger: bool,
    pub district: String,
    pub description: String,
    pub links: Vec<CaseNo>,
    pub source: Option<SourceCategory>,
    pub screened: Option<NaiveDate>,
    pub reviewed: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub closure_reason: Option<ClosureReason>,
    pub deletion_date: Option<NaiveDate>,
    pub held: bool,
    pub reviews_pending: bool,
}
