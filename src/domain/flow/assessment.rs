//! The structured assessment of the national vurderingsværktøj: describe the concern, analyse
//! it on nine dimensions (each both a risk and a possible resource), then an overall risk and
//! a recommendation.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

choice_enum!(Dimension {
    Attitudes,
    Personality,
    ViolenceReadiness,
    MentalVulnerability,
    CriminalHistory,
    Family,
    SocialRelations,
    NetworkLeisure,
    EducationWork,
});

choice_enum!(
    /// Ordered from "not known" to "high", so comparisons read naturally.
    Risk { Unknown, NoRisk, Low, Moderate, High }
);

/// The default recommendations (DESIGN §3); a team can replace the list with its own file.
pub const RECOMMENDATIONS: &[&str] = &[
    "Bekymringssamtale",
    "Gadeplansindsats",
    "Mentor",
    "Foranstaltning efter Barnets lov / serviceloven / LAB",
    "Exit-forløb",
    "Politisag",
    "Ingen yderligere indsats",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionRating {
    pub dimension: Dimension,
    pub risk: Risk,
    /// Seen as a resource or protective factor.
    pub resource: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub id: u32,
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    /// Step 1: the concern described.
    pub description: String,
    /// Step 2: one rating per dimension, in `Dimension::ALL` order.
    pub ratings: Vec<DimensionRating>,
    /// Step 3: overall risk, recommendation and why.
    pub overall: Risk,
    pub recommendation: String,
    pub rationale: String,
}

impl Assessment {
    pub fn rating(&self, d: Dimension) -> Option<&DimensionRating> {
        self.ratings.iter().find(|r| r.dimension == d)
    }

    /// Dimensions whose risk or resource marking differs from an earlier assessment.
    pub fn changed_since(&self, earlier: &Assessment) -> Vec<Dimension> {
        Dimension::ALL
            .iter()
            .copied()
            .filter(|d| {
                let a = self.rating(*d).map(|r| (r.risk, r.resource));
                let b = earlier.rating(*d).map(|r| (r.risk, r.resource));
                a != b
            })
            .collect()
    }
}
