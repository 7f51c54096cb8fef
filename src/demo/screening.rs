//! Screening: a new concern is looked at within days (`data/screening/`), and goes on to the
//! §115 review, waits for more, or is closed at once.

use chrono::{Days, NaiveDate};
use fastrand::Rng;

use super::flow::Track;
use super::random::pick;
use super::table::{TableError, table};
use crate::domain::case::EventPayload;
use crate::domain::flow::{
    Approach, ClosureReason, PoliceMatterKind, Referral, Screening, ScreeningOutcome,
};

#[derive(Debug)]
pub struct ScreeningTables {
    /// The note when a new concern is screened.
    pub notes: Vec<&'static str>,
    /// The note on a screening that waits for more.
    pub waiting_notes: Vec<&'static str>,
    grounds: Vec<&'static str>,
    unfounded: Vec<&'static str>,
}

impl ScreeningTables {
    pub fn load() -> Result<ScreeningTables, TableError> {
        Ok(ScreeningTables {
            notes: table!("screening/notes.txt").notes()?,
            waiting_notes: table!("screening/waiting_notes.txt").notes()?,
            grounds: table!("screening/grounds.txt").list()?,
            unfounded: table!("screening/unfounded.txt").list()?,
        })
    }
}

impl Track {
    pub(super) fn screening(
        &mut self,
        rng: &mut Rng,
        day: NaiveDate,
        continues: bool,
    ) -> Screening {
        let t = &self.t.screening;
        let approach = pick(
            rng,
            &[
                Approach::Internal,
                Approach::Internal,
                Approach::SspMeeting,
                Approach::JointWithPolice,
                Approach::ForwardedToPolice,
            ],
        );
        let outcome = if continues {
            if rng.f32() < 0.12 {
                ScreeningOutcome::PoliceMatter {
                    kind: pick(rng, PoliceMatterKind::ALL),
                    feedback_due: day + Days::new(14),
                }
            } else {
                ScreeningOutcome::Stands
            }
        } else if rng.f32() < 0.4 {
            ScreeningOutcome::Referred {
                to: pick(rng, Referral::ALL),
                detail: String::new(),
                keep_tracking: false,
            }
        } else {
            ScreeningOutcome::Unfounded
        };
        let a = self.t.roster.participant(rng);
        let b = self.t.roster.participant(rng);
        Screening {
            date: day,
            approach,
            participants: format!(
                "{} ({}), {} ({})",
                a.name, a.organisation, b.name, b.organisation
            ),
            rationale: if continues {
                pick(rng, &t.grounds)
            } else {
                pick(rng, &t.unfounded)
            }
            .into(),
            outcome,
        }
    }

    /// A concern closed at screening: referred on, or unfounded.
    pub(super) fn closed_at_screening(
        &mut self,
        rng: &mut Rng,
        day: NaiveDate,
        out: &mut Vec<EventPayload>,
    ) {
        let s = self.screening(rng, day, false);
        let reason = match s.outcome {
            ScreeningOutcome::Referred { .. } => ClosureReason::HandedOver,
            _ => ClosureReason::Unfounded,
        };
        out.push(EventPayload::ScreeningRecorded(s));
        out.push(self.close(rng, day, reason));
    }
}
