//! The compact projection of a case that lists, the work queue and search work from, so that
//! they never decode full cases.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::age::AgeBand;
use super::case::{CaseNo, CaseState};
use super::cpr::Cpr;
use super::intake::{ConcernType, person_age};
use super::stage::Stage;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.stage.is_open() && self.next_date < today
    }
}
