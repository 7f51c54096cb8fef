//! Measures (`data/measures/`): started when the assessment is made, evaluated when they end.

use chrono::{Months, NaiveDate};
use fastrand::Rng;

use super::flow::Track;
use super::random::pick;
use super::table::{TableError, table};
use crate::domain::case::EventPayload;
use crate::domain::flow::{MEASURE_TYPES, Measure, MeasureLevel, MeasureStatus};

#[derive(Debug)]
pub struct MeasureTables {
    /// The note while measures run.
    pub notes: Vec<&'static str>,
    goals: Vec<&'static str>,
    evaluations: Vec<&'static str>,
}

impl MeasureTables {
    pub fn load() -> Result<MeasureTables, TableError> {
        Ok(MeasureTables {
            notes: table!("measures/notes.txt").notes()?,
            goals: table!("measures/goals.txt").list()?,
            evaluations: table!("measures/evaluations.txt").list()?,
        })
    }
}

impl Track {
    pub(super) fn measure(&mut self, rng: &mut Rng, day: NaiveDate) -> EventPayload {
        self.measures += 1;
        let org = self.t.roster.organisation(rng);
        let m = Measure {
            id: self.measures,
            kind: pick(rng, MEASURE_TYPES).into(),
            organisation: org.into(),
            responsible: self.t.roster.participant(rng).name,
            start: day,
            planned_end: day.checked_add_months(Months::new(6)),
            goal: pick(rng, &self.t.measures.goals).into(),
            level: pick(rng, MeasureLevel::ALL),
            status: MeasureStatus::Active,
            evaluation: String::new(),
            // The round of the forløbshjul it is started in (the first on entering measures).
            round: self.wheel.round.max(1),
        };
        self.open_measures.push(m.clone());
        EventPayload::MeasureRecorded(m)
    }

    /// The running measures as they end: completed or stopped, each with its evaluation.
    pub(super) fn end_measures(&mut self, rng: &mut Rng, out: &mut Vec<EventPayload>) {
        for m in std::mem::take(&mut self.open_measures) {
            out.push(EventPayload::MeasureRecorded(Measure {
                status: pick(
                    rng,
                    &[
                        MeasureStatus::Completed,
                        MeasureStatus::Completed,
                        MeasureStatus::Stopped,
                    ],
                ),
                evaluation: pick(rng, &self.t.measures.evaluations).into(),
                ..m
            }));
        }
    }
}
