//! The assessment flow in the demo: what each stage change records, in the shapes
//! `domain::flow::decide` produces, so demo cases look like a team's real work. `Track` keeps
//! what a case has open; the stage files (`screening`, `joint_review`, `enrichment`,
//! `measures`, `closure`) make each stage's records.

use chrono::NaiveDate;
use fastrand::Rng;

use super::random::pick;
use super::table::{TableError, table};
use super::tables::Tables;
use crate::domain::case::EventPayload;
use crate::domain::flow::{Measure, Participant, Risk};
use crate::domain::stage::Stage;

/// The fictional people who sit in the demo's meetings (`data/people/roster.txt`).
#[derive(Debug)]
pub struct Roster(Vec<(&'static str, &'static str, &'static str)>);

impl Roster {
    pub fn load() -> Result<Roster, TableError> {
        let rows = table!("people/roster.txt").rows(3)?;
        Ok(Roster(
            rows.into_iter()
                .map(|r| (r.fields[0], r.fields[1], r.fields[2]))
                .collect(),
        ))
    }

    /// Someone from the roster.
    pub fn participant(&self, rng: &mut Rng) -> Participant {
        let (name, organisation, role) = pick(rng, &self.0);
        Participant {
            name: name.into(),
            organisation: organisation.into(),
            role: role.into(),
        }
    }

    /// The organisation of someone from the roster.
    pub fn organisation(&self, rng: &mut Rng) -> &'static str {
        pick(rng, &self.0).1
    }
}

/// What the flow has open on a demo case, so closing resolves or waives each.
pub struct Track {
    pub(super) t: &'static Tables,
    pub(super) requests: u32,
    /// Open requests and the question each asked.
    pub(super) open_requests: Vec<(u32, usize)>,
    pub(super) measures: u32,
    pub(super) open_measures: Vec<Measure>,
    pub(super) conversations: u32,
    pub(super) assessments: u32,
    pub(super) last_risk: Option<Risk>,
    /// Where the case stands on the forløbshjul.
    pub(super) wheel: super::rounds::WheelTrack,
}

impl Track {
    pub fn new(t: &'static Tables) -> Track {
        Track {
            t,
            requests: 0,
            open_requests: Vec::new(),
            measures: 0,
            open_measures: Vec::new(),
            conversations: 0,
            assessments: 0,
            last_risk: None,
            wheel: super::rounds::WheelTrack::default(),
        }
    }

    /// The events of a move from `from` to `to` on `day`.
    pub fn transition(
        &mut self,
        rng: &mut Rng,
        from: Stage,
        to: Stage,
        day: NaiveDate,
    ) -> Vec<EventPayload> {
        let mut out = Vec::new();
        let change = |from: Stage, to: Stage| EventPayload::StageChanged {
            from,
            to,
            reason: None,
        };
        match (from, to) {
            (Stage::Screening, Stage::JointReview) => {
                out.push(EventPayload::ScreeningRecorded(
                    self.screening(rng, day, true),
                ));
                out.push(change(from, to));
            }
            (Stage::Screening, Stage::Closed) => self.closed_at_screening(rng, day, &mut out),
            (Stage::JointReview, Stage::Enrichment) => {
                out.push(EventPayload::JointReviewRecorded(self.review(
                    rng,
                    day,
                    crate::domain::flow::ReviewDecision::Continue,
                )));
                out.push(change(from, to));
                for _ in 0..rng.u32(1..=2) {
                    out.push(self.request(rng, day));
                }
            }
            (Stage::JointReview, Stage::Closed) => self.closed_at_review(rng, day, &mut out),
            (Stage::Enrichment, Stage::Measures) => {
                out.push(self.assessment(rng, day));
                out.push(change(from, to));
                out.push(self.measure(rng, day));
            }
            (Stage::Enrichment | Stage::Measures, Stage::Closed) => {
                // Measures that ran are evaluated before the case closes.
                self.end_measures(rng, &mut out);
                self.closed_after_work(rng, from, day, &mut out);
            }
            _ => out.push(change(from, to)),
        }
        out
    }

    /// What a follow-up without a stage change records now and then: an answer, a
    /// conversation, a reassessment.
    pub fn follow_up(&mut self, rng: &mut Rng, stage: Stage, day: NaiveDate) -> Vec<EventPayload> {
        let mut out = Vec::new();
        if !matches!(stage, Stage::Enrichment | Stage::Measures) {
            return out;
        }
        if !self.open_requests.is_empty() && rng.f32() < 0.6 {
            out.push(self.answer(rng, day));
        }
        if rng.f32() < 0.25 {
            out.push(self.conversation(rng, day));
        }
        if stage == Stage::Measures && self.assessments > 0 && rng.f32() < 0.12 {
            out.push(self.assessment(rng, day));
        }
        if stage == Stage::Measures {
            self.wheel_step(rng, day, &mut out);
        }
        out
    }
}
