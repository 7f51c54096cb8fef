//! Gathering information: requests to other authorities and conversations with the person
//! or family (bekymringssamtaler).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Authority;

/// Days an authority has to answer unless another due date is set (DESIGN §3).
pub const REQUEST_DAYS: u64 = 14;

choice_enum!(
    /// Stored status. "Overdue" is not stored: it follows from the due date each day.
    RequestStatus { Sent, Answered, Refused, Waived }
);

impl RequestStatus {
    pub fn is_open(self) -> bool {
        self == RequestStatus::Sent
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoRequest {
    pub id: u32,
    pub to: Authority,
    /// Unit or person, as typed ("Jobcenter Syd, Lise Holm").
    pub to_detail: String,
    pub question: String,
    #[serde(with = "crate::domain::compact::date")]
    pub sent: NaiveDate,
    #[serde(with = "crate::domain::compact::date")]
    pub due: NaiveDate,
    pub status: RequestStatus,
    pub answer: String,
    #[serde(with = "crate::domain::compact::opt_date")]
    pub answered: Option<NaiveDate>,
}

impl InfoRequest {
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && self.due < today
    }
}

choice_enum!(ConversationStatus {
    Planned,
    Held,
    Cancelled
});

choice_enum!(
    /// Who holds a bekymringssamtale.
    HeldBy { Police, PoliceAndSocial, Ssp }
);

choice_enum!(
    /// Whom the conversation is with.
    With { Person, Family, PersonAndFamily }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: u32,
    pub status: ConversationStatus,
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub held_by: HeldBy,
    pub with: With,
    pub summary: String,
}
