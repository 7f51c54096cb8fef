//! Measures (indsatser): what is done, by whom, towards what goal — and how it went, so a case
//! can go round analysis → plan → trial → evaluation → new measures.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Measure types teams use most; the form also takes a typed one.
pub const MEASURE_TYPES: &[&str] = &[
    "Mentor",
    "Familiebehandling",
    "Gadeplansindsats",
    "Exit-forløb",
    "Kontaktperson",
    "Fritidsjob / fritidsaktivitet",
    "Uddannelses- eller jobforløb",
    "Forældresamtaler",
    "Psykologsamtaler",
];

choice_enum!(
    /// The prevention pyramid's levels as the seeds name them.
    MeasureLevel { CrimePrevention, Preventive, Building }
);

choice_enum!(MeasureStatus {
    Planned,
    Active,
    Completed,
    Stopped,
    Waived
});

impl MeasureStatus {
    pub fn is_open(self) -> bool {
        matches!(self, MeasureStatus::Planned | MeasureStatus::Active)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub id: u32,
    pub kind: String,
    pub organisation: String,
    pub responsible: String,
    #[serde(with = "crate::domain::compact::date")]
    pub start: NaiveDate,
    #[serde(with = "crate::domain::compact::opt_date")]
    pub planned_end: Option<NaiveDate>,
    pub goal: String,
    pub level: MeasureLevel,
    pub status: MeasureStatus,
    pub evaluation: String,
    /// The round of the forløbshjul it was started in (0: before rounds were recorded).
    #[serde(default)]
    pub round: u32,
}
