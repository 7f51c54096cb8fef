//! The first assessment: does the concern stand?

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

choice_enum!(
    /// The four ways teams screen a concern (the seeds list these as real practice).
    Approach { Internal, SspMeeting, JointWithPolice, ForwardedToPolice }
);

impl Approach {
    /// With the police tovholder present (or assessing), screening and joint review can be
    /// recorded as one step.
    pub fn includes_police(self) -> bool {
        matches!(
            self,
            Approach::JointWithPolice | Approach::ForwardedToPolice
        )
    }
}

choice_enum!(
    /// Where a concern that belongs elsewhere is referred.
    Referral { ChildWelfare, Jobcentre, Psychiatry, PrisonProbation, Other }
);

choice_enum!(PoliceMatterKind { Report, Pet });

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScreeningOutcome {
    /// The concern stands: on to the joint review.
    Stands,
    /// Unfounded: the case is closed.
    Unfounded,
    /// Belongs elsewhere; the team may keep tracking it or close it.
    Referred {
        to: Referral,
        detail: String,
        keep_tracking: bool,
    },
    /// A police matter (report or PET); the police report back by a date.
    PoliceMatter {
        kind: PoliceMatterKind,
        #[serde(with = "crate::domain::compact::date")]
        feedback_due: NaiveDate,
    },
}

impl ScreeningOutcome {
    /// Whether the case goes on to the joint review, rather than towards closure.
    pub fn continues(&self) -> bool {
        match self {
            ScreeningOutcome::Stands | ScreeningOutcome::PoliceMatter { .. } => true,
            ScreeningOutcome::Referred { keep_tracking, .. } => *keep_tracking,
            ScreeningOutcome::Unfounded => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screening {
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub approach: Approach,
    /// Who took part, as written ("Mette (SSP), Lars (politiet)").
    pub participants: String,
    pub outcome: ScreeningOutcome,
    pub rationale: String,
}
