//! Closing a case, the reviews after closure, and disclosures outside the team.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

choice_enum!(ClosureReason {
    Unfounded,
    MeasureCompleted,
    HandedOver,
    MovedAway,
    PoliceMatter,
    Other
});

/// An open info request or measure, named so a closure can waive it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemRef {
    Request(u32),
    Measure(u32),
    Conversation(u32),
}

/// An open item closed without being resolved, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiver {
    pub item: ItemRef,
    pub reason: String,
}

/// Months after closure at which the case is looked at again (DESIGN §3).
pub const REVIEW_MONTHS: [u32; 2] = [6, 12];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub reason: ClosureReason,
    pub summary: String,
    pub waivers: Vec<Waiver>,
    /// Why no post-closure reviews are scheduled; `None` schedules them.
    pub no_reviews_because: Option<String>,
}

impl Closure {
    /// The post-closure reviews this closure schedules.
    pub fn reviews(&self) -> Vec<PostReview> {
        if self.no_reviews_because.is_some() {
            return Vec::new();
        }
        REVIEW_MONTHS
            .iter()
            .map(|&m| PostReview {
                months: m,
                due: self
                    .date
                    .checked_add_months(Months::new(m))
                    .unwrap_or(self.date),
                held: None,
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostReview {
    pub months: u32,
    #[serde(with = "crate::domain::compact::date")]
    pub due: NaiveDate,
    /// When it was held and what it found.
    #[serde(with = "crate::domain::compact::opt_dated_text")]
    pub held: Option<(NaiveDate, String)>,
}

choice_enum!(
    /// The legal bases that allow passing information outside the team (DESIGN §7).
    LegalBasis { Rpl115Nr1, Rpl115Nr2, Rpl115Nr3, Fvl28, Dbl8Stk2, Consent, Bl133 }
);

/// Information passed to someone outside the team. There is no disclosure without a basis,
/// and no disclosure of police information without the §115 confirmation besides it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub recipient: String,
    pub what: String,
    pub basis: LegalBasis,
    /// What is passed on came from the police or PET (marked `[POLITI]`): said by the user,
    /// or found by `decide` in what is passed on.
    #[serde(default)]
    pub police_origin: bool,
    /// The user confirmed the §115 rule for police information: the police were consulted,
    /// and it is passed on for crime prevention, never for the investigation of a criminal
    /// case.
    #[serde(default)]
    pub police_confirmed: bool,
}

/// The marks police information carries on screen and in summaries ("[POLITI]"), in both
/// languages: a disclosure whose text carries one passes on police information.
pub const POLICE_MARKS: [&str; 2] = ["[politi]", "[police]"];
