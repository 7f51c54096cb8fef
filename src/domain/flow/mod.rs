//! The assessment flow after intake (DESIGN §3): screening, the joint review with the police,
//! enrichment, measures, disclosure and closure. The types here are what the events carry;
//! `decide` turns a user's command into events and is the only way a case moves between
//! stages, so the rules hold whatever screen or command line asks.

mod assessment;
mod closure;
pub mod decide;
mod enrichment;
mod follow_up;
mod measure;
mod review;
mod round;
mod screening;

pub use assessment::{Assessment, Dimension, DimensionRating, RECOMMENDATIONS, Risk};
pub use closure::{
    Closure, ClosureReason, Disclosure, ItemRef, LegalBasis, POLICE_MARKS, PostReview,
    REVIEW_MONTHS, Waiver,
};
pub use decide::{Command, FlowError, Missing, RoundStep, decide, missing_to_move_on, next_stage};
pub use enrichment::{
    Conversation, ConversationStatus, HeldBy, InfoRequest, REQUEST_DAYS, RequestStatus, With,
};
pub use follow_up::{Cadence, FollowUp, FollowUpDecision, FollowUpPlan, PoliceFeedback};
pub use measure::{MEASURE_TYPES, Measure, MeasureLevel, MeasureStatus};
pub use review::{InfoItem, JointReview, NextStep, Participant, ReviewDecision};
pub use round::{
    ActionPlan, Effect, Need, NextStepChoice, NextStepDecision, Phase, Round, RoundAnalysis,
    RoundEvaluation, Wheel,
};
pub use screening::{Approach, PoliceMatterKind, Referral, Screening, ScreeningOutcome};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

choice_enum!(
    /// The authorities a case involves: where information comes from and requests go to
    /// (DESIGN §3 enrichment (a)), plus the team itself and PET.
    Authority {
        ChildYouth,
        Adult,
        Jobcentre,
        Education,
        School,
        ClubLeisure,
        Psychiatry,
        PrisonProbation,
        LocalPolice,
        Pet,
        Ssp,
        Other,
    }
);

impl Authority {
    /// Police-origin information must be marked: the police are consulted before it is
    /// disclosed in an access request (DESIGN §7).
    pub fn is_police(self) -> bool {
        matches!(self, Authority::LocalPolice | Authority::Pet)
    }
}

/// Everything the flow has recorded on a case, as the events add it up.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Flow {
    /// The latest screening (a reopened case may be screened again).
    pub screening: Option<Screening>,
    pub reviews: Vec<JointReview>,
    pub requests: Vec<InfoRequest>,
    pub conversations: Vec<Conversation>,
    pub assessments: Vec<Assessment>,
    pub measures: Vec<Measure>,
    pub disclosures: Vec<Disclosure>,
    pub closure: Option<Closure>,
    pub post_reviews: Vec<PostReview>,
    /// When the police are due to report back on a police matter.
    #[serde(with = "crate::domain::compact::opt_date")]
    pub police_feedback_due: Option<NaiveDate>,
    /// The chosen follow-up rhythm; `None` means the stage's default.
    pub plan: Option<FollowUpPlan>,
    pub follow_ups: Vec<FollowUp>,
    pub police_feedback: Vec<PoliceFeedback>,
    /// The rounds of the forløbshjul, oldest first (`round`).
    #[serde(default)]
    pub rounds: Vec<Round>,
}

impl Flow {
    pub fn request(&self, id: u32) -> Option<&InfoRequest> {
        self.requests.iter().find(|r| r.id == id)
    }

    pub fn measure(&self, id: u32) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }

    /// Info requests and measures still running: closing must resolve or waive each.
    pub fn open_items(&self) -> Vec<ItemRef> {
        let reqs = self
            .requests
            .iter()
            .filter(|r| r.status.is_open())
            .map(|r| ItemRef::Request(r.id));
        let measures = self
            .measures
            .iter()
            .filter(|m| m.status.is_open())
            .map(|m| ItemRef::Measure(m.id));
        reqs.chain(measures).collect()
    }

    /// The overall risk of the newest assessment.
    /// The rhythm in force: the chosen one, else the stage's default.
    pub fn cadence(&self, stage: crate::domain::Stage) -> Cadence {
        self.plan
            .as_ref()
            .map_or_else(|| Cadence::default_for(stage), |p| p.cadence)
    }

    pub fn risk(&self) -> Option<Risk> {
        self.assessments.last().map(|a| a.overall)
    }

    /// Whether `text` passes on information from the police or PET: it carries the police
    /// mark, or the text of an item a joint review recorded as coming from them.
    pub fn mentions_police(&self, text: &str) -> bool {
        let text = text.to_lowercase();
        if POLICE_MARKS.iter().any(|m| text.contains(m)) {
            return true;
        }
        self.reviews
            .iter()
            .flat_map(|r| &r.items)
            .filter(|i| i.origin.is_police())
            .map(|i| i.text.trim().to_lowercase())
            // A word or two ("ja") would match anything.
            .filter(|t| t.chars().count() >= 8)
            .any(|t| text.contains(&t))
    }

    /// The next id for a new item of a kind: one more than the highest so far.
    pub fn next_id(ids: impl Iterator<Item = u32>) -> u32 {
        ids.max().map_or(1, |m| m + 1)
    }
}

#[cfg(test)]
mod tests;
