//! The compact projection of a case that lists, the work queue and search work from, so that
//! they never decode full cases.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::age::AgeBand;
use super::case::{CaseNo, CaseState};
use super::cpr::Cpr;
use super::flow::ClosureReason;
use super::intake::{ConcernType, SourceCategory, person_age};
use super::retention::RetentionFacts;
use super::stage::Stage;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub no: CaseNo,
    pub name: String,
    pub cpr: Option<Cpr>,
    #[serde(with = "crate::domain::compact::opt_date")]
    pub birth_date: Option<NaiveDate>,
    pub approx_age: Option<u8>,
    #[serde(with = "crate::domain::compact::datetime")]
    pub received_at: NaiveDateTime,
    pub stage: Stage,
    pub concerns: Vec<ConcernType>,
    #[serde(with = "crate::domain::compact::date")]
    pub next_date: NaiveDate,
    pub imminent_danger: bool,
    pub district: String,
    pub description: String,
    pub links: Vec<CaseNo>,
    // Format version 2: what statistics and retention read, so neither decodes full cases.
    pub source: Option<SourceCategory>,
    #[serde(with = "crate::domain::compact::opt_date")]
    pub screened: Option<NaiveDate>,
    /// The first joint review with the police.
    #[serde(with = "crate::domain::compact::opt_date")]
    pub reviewed: Option<NaiveDate>,
    #[serde(with = "crate::domain::compact::opt_date")]
    pub closed: Option<NaiveDate>,
    pub closure_reason: Option<ClosureReason>,
    #[serde(with = "crate::domain::compact::opt_date")]
    pub deletion_date: Option<NaiveDate>,
    pub held: bool,
    pub reviews_pending: bool,
    /// The evaluation date of the forløbshjul's round in its trial, while the case is open
    /// (the meeting agenda proposes the case once it has passed).
    #[serde(default, with = "crate::domain::compact::opt_date")]
    pub evaluation_due: Option<NaiveDate>,
}

impl CaseSummary {
    pub fn of(state: &CaseState) -> CaseSummary {
        let i = &state.intake;
        CaseSummary {
            no: state.no,
            name: i.person.name.clone(),
            cpr: i.person.cpr,
            birth_date: i.person.birth_date,
            approx_age: i.person.approx_age,
            received_at: i.received_at,
            stage: state.stage,
            concerns: i.concerns.clone(),
            next_date: state.next_date,
            imminent_danger: i.imminent_danger && i.police_contact.is_none(),
            district: i.person.district.clone(),
            description: i.description.clone(),
            links: state.links.clone(),
            source: i.source,
            screened: state.flow.screening.as_ref().map(|x| x.date),
            reviewed: state.flow.reviews.first().map(|r| r.date),
            closed: state.flow.closure.as_ref().map(|c| c.date),
            closure_reason: state.flow.closure.as_ref().map(|c| c.reason),
            deletion_date: state.retention.deletion_date,
            held: state.retention.hold.is_some(),
            reviews_pending: state.flow.post_reviews.iter().any(|r| r.held.is_none()),
            evaluation_due: state
                .stage
                .is_open()
                .then(|| state.flow.evaluation_due())
                .flatten(),
        }
    }

    pub fn retention_facts(&self) -> RetentionFacts {
        RetentionFacts {
            stage: self.stage,
            closed: self.closed,
            deletion_date: self.deletion_date,
            held: self.held,
            reviews_pending: self.reviews_pending,
        }
    }

    /// Age computed from the birth date each day, never stored (DESIGN §3).
    pub fn age(&self, today: NaiveDate) -> Option<u32> {
        person_age(
            self.birth_date,
            self.approx_age,
            self.received_at.date(),
            today,
        )
    }

    pub fn age_band(&self, today: NaiveDate) -> Option<AgeBand> {
        self.age(today).map(AgeBand::from_age)
    }
}

/// One case as a list row shows it. Compact on purpose: the search catalog keeps one per case
/// in memory, and at 100,000 cases every field counts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CaseLine {
    pub no: CaseNo,
    pub name: Box<str>,
    #[serde(with = "crate::domain::compact::opt_date")]
    pub birth_date: Option<NaiveDate>,
    pub approx_age: Option<u8>,
    #[serde(with = "crate::domain::compact::date")]
    pub received: NaiveDate,
    pub stage: Stage,
    /// Concern types as bits in `ConcernType::ALL` order.
    concern_bits: u8,
    #[serde(with = "crate::domain::compact::date")]
    pub next_date: NaiveDate,
    /// Imminent danger without a recorded police contact.
    pub imminent_danger: bool,
}

impl From<&CaseSummary> for CaseLine {
    fn from(s: &CaseSummary) -> CaseLine {
        let concern_bits = ConcernType::ALL
            .iter()
            .enumerate()
            .filter(|(_, c)| s.concerns.contains(c))
            .fold(0u8, |bits, (i, _)| bits | (1 << i));
        CaseLine {
            no: s.no,
            name: s.name.clone().into_boxed_str(),
            birth_date: s.birth_date,
            approx_age: s.approx_age,
            received: s.received_at.date(),
            stage: s.stage,
            concern_bits,
            next_date: s.next_date,
            imminent_danger: s.imminent_danger,
        }
    }
}

impl CaseLine {
    pub fn concerns(&self) -> impl Iterator<Item = ConcernType> + '_ {
        ConcernType::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| self.concern_bits & (1 << i) != 0)
            .map(|(_, c)| *c)
    }

    pub fn has_concern(&self, c: ConcernType) -> bool {
        self.concerns().any(|x| x == c)
    }

    pub fn age_band(&self, today: NaiveDate) -> Option<AgeBand> {
        person_age(self.birth_date, self.approx_age, self.received, today).map(AgeBand::from_age)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::IntakeForm;

    #[test]
    fn a_case_line_keeps_what_a_list_row_shows() {
        let now = NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default();
        let mut f = IntakeForm::new(now);
        f.person_name = "Ali".into();
        f.approx_age = "16".into();
        f.concerns = vec![ConcernType::CrimeGang, ConcernType::Extremism];
        f.reporter_anonymous = true;
        let Ok(intake) = f.validate(now, "m") else {
            panic!("valid form")
        };
        let e = super::super::case::Event {
            seq: 0,
            at: now,
            author: "m".into(),
            payload: super::super::case::EventPayload::Filed {
                intake,
                next_date: now.date(),
            },
        };
        let Ok(state) = CaseState::replay(4, &[e]) else {
            panic!("replays")
        };
        let line = CaseLine::from(&CaseSummary::of(&state));
        assert_eq!(
            line.concerns().collect::<Vec<_>>(),
            vec![ConcernType::Extremism, ConcernType::CrimeGang]
        );
        assert!(line.has_concern(ConcernType::CrimeGang));
        assert!(!line.has_concern(ConcernType::Wellbeing));
        assert_eq!(line.age_band(now.date()), Some(AgeBand::From15To17));
        assert_eq!(&*line.name, "Ali");
    }
}
