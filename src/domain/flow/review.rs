//! The joint review with the police under Retsplejeloven §115. The meeting decides nothing:
//! each authority decides in its own system, so every agreed step names who acts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Authority;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Participant {
    pub name: String,
    pub organisation: String,
    pub role: String,
}

impl Participant {
    /// "Name, organisation, role" — also how a participant is typed in a form.
    pub fn display(&self) -> String {
        [&self.name, &self.organisation, &self.role]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Reads "name, organisation, role"; organisation and role may be left out.
    pub fn parse(text: &str) -> Option<Participant> {
        let mut parts = text.split(',').map(str::trim);
        let name = parts.next().filter(|n| !n.is_empty())?.to_string();
        let organisation = parts.next().unwrap_or("").to_string();
        let role = parts.collect::<Vec<_>>().join(", ");
        Some(Participant {
            name,
            organisation,
            role,
        })
    }
}

/// One piece of information shared at the meeting, with the authority it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoItem {
    pub text: String,
    pub origin: Authority,
}

/// An agreed next step and who acts on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextStep {
    pub what: String,
    pub who: String,
}

choice_enum!(
    /// What the meeting agreed the case does next.
    ReviewDecision { Continue, Close, PoliceMatter }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JointReview {
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub participants: Vec<Participant>,
    pub summary: String,
    pub items: Vec<InfoItem>,
    pub steps: Vec<NextStep>,
    pub decision: ReviewDecision,
    /// For a police matter: when the police report back.
    #[serde(with = "crate::domain::compact::opt_date")]
    pub police_feedback_due: Option<NaiveDate>,
}
