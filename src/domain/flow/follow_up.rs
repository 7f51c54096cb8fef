//! The follow-up rhythm of an open case. The seeds' teams follow up every 14 days while a
//! concern is being assessed and every 3 months once measures run, or ad hoc; whatever the
//! rhythm, recording a follow-up rolls the next date forward, so no open case is left without one.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::stage::Stage;

/// How often an open case is followed up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Cadence {
    Fortnightly,
    Monthly,
    Quarterly,
    /// Every N days (1–366).
    EveryDays(u16),
    /// No rhythm: every follow-up names the next date itself.
    AdHoc,
}

impl Cadence {
    /// The choices as a form lists them; `EveryDays` carries its number separately.
    pub const KINDS: [Cadence; 5] = [
        Cadence::Fortnightly,
        Cadence::Monthly,
        Cadence::Quarterly,
        Cadence::EveryDays(0),
        Cadence::AdHoc,
    ];

    /// The default while nobody has chosen one: 14 days while the concern is assessed,
    /// 3 months once measures run (DESIGN §3).
    pub fn default_for(stage: Stage) -> Cadence {
        if stage == Stage::Measures {
            Cadence::Quarterly
        } else {
            Cadence::Fortnightly
        }
    }

    /// The next date after a follow-up held on `from`. Months are calendar months: 31 January
    /// + 1 month is the last day of February. Ad hoc has no rule, so no date.
    pub fn next_after(self, from: NaiveDate) -> Option<NaiveDate> {
        match self {
            Cadence::Fortnightly => from.checked_add_days(Days::new(14)),
            Cadence::Monthly => from.checked_add_months(Months::new(1)),
            Cadence::Quarterly => from.checked_add_months(Months::new(3)),
            Cadence::EveryDays(n) if (1..=366).contains(&n) => {
                from.checked_add_days(Days::new(u64::from(n)))
            }
            Cadence::EveryDays(_) | Cadence::AdHoc => None,
        }
    }

    pub fn same_kind(self, other: Cadence) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

/// The case's chosen rhythm and the person responsible for following it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpPlan {
    pub cadence: Cadence,
    pub responsible: String,
}

choice_enum!(
    /// What a follow-up decided. "Close" is recorded here and then done with the closure,
    /// which has its own requirements (reason, summary, open items).
    FollowUpDecision { Continue, Adjust, Close }
);

/// One follow-up of an open case, at a meeting or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub summary: String,
    pub decision: FollowUpDecision,
    /// Who acts on what was decided (free text: "Anna (SSP) ringer til skolen").
    pub who_acts: String,
    /// The next follow-up; always set once recorded.
    #[serde(with = "crate::domain::compact::date")]
    pub next: NaiveDate,
    /// The meeting it was decided at, if any.
    pub meeting: Option<u64>,
}

/// The police have reported back on a police matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliceFeedback {
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub summary: String,
}
