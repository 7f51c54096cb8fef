//! Follow-ups (`data/follow_up/`): each sitting sets the next date — in 14 days or a month
//! while the case is looked into, monthly or quarterly while measures run — and most
//! follow-ups happen around that date, some late, which is what makes a queue overdue.

use chrono::{Duration, NaiveDate};
use fastrand::Rng;

use super::calendar::{add_days, add_months};
use super::generator::Entry;
use super::lifecycle::Sitting;
use super::random::pick;
use super::table::{TableError, table};
use crate::domain::case::EventPayload;
use crate::domain::flow::{Cadence, FollowUp, FollowUpDecision, FollowUpPlan};
use crate::domain::stage::Stage;

#[derive(Debug)]
pub struct FollowUpTables {
    in_14_days: Vec<&'static str>,
    in_a_month: Vec<&'static str>,
    in_a_quarter: Vec<&'static str>,
}

impl FollowUpTables {
    pub fn load() -> Result<FollowUpTables, TableError> {
        Ok(FollowUpTables {
            in_14_days: table!("follow_up/in_14_days.txt").list()?,
            in_a_month: table!("follow_up/in_a_month.txt").list()?,
            in_a_quarter: table!("follow_up/in_a_quarter.txt").list()?,
        })
    }

    /// The next date after a sitting on `day`, and why.
    pub fn next_date(
        &self,
        rng: &mut Rng,
        stage: Stage,
        day: NaiveDate,
    ) -> (NaiveDate, &'static str) {
        match (stage, rng.u32(..100)) {
            (Stage::Measures, 0..=74) => (add_months(day, 3), pick(rng, &self.in_a_quarter)),
            (Stage::Measures, _) => (add_months(day, 1), pick(rng, &self.in_a_month)),
            (_, 0..=39) => (add_days(day, 14), pick(rng, &self.in_14_days)),
            (_, _) => (add_months(day, 1), pick(rng, &self.in_a_month)),
        }
    }
}

/// The next date written down: a follow-up without a stage change is recorded as one (what
/// was found, what was decided and who acts, rolling the next date); after a stage change the
/// date is set, with a plan for the follow-ups once measures run.
#[allow(clippy::too_many_arguments)]
pub fn record(
    rng: &mut Rng,
    sitting: &mut Sitting,
    drafts: &mut Vec<Entry>,
    stage: Stage,
    day: NaiveDate,
    next: NaiveDate,
    reason: &str,
    plain_follow_up: bool,
) {
    let author = sitting.author;
    if plain_follow_up {
        sitting.push(
            drafts,
            EventPayload::FollowUpRecorded(FollowUp {
                date: day,
                summary: reason.to_string(),
                decision: if rng.u32(..100) < 80 {
                    FollowUpDecision::Continue
                } else {
                    FollowUpDecision::Adjust
                },
                who_acts: author.to_string(),
                next,
                meeting: None,
            }),
        );
    } else {
        if stage == Stage::Measures {
            sitting.push(
                drafts,
                EventPayload::FollowUpPlanned(FollowUpPlan {
                    cadence: if next > add_months(day, 2) {
                        Cadence::Quarterly
                    } else {
                        Cadence::Monthly
                    },
                    responsible: author.to_string(),
                }),
            );
        }
        sitting.push(
            drafts,
            EventPayload::NextDateSet {
                date: next,
                reason: reason.to_string(),
            },
        );
    }
}

/// When the follow-up due on `next` really happens (never before the day after `day`).
pub fn held_on(rng: &mut Rng, next: NaiveDate, day: NaiveDate) -> NaiveDate {
    let slip: i64 = match rng.u32(..100) {
        0..=64 => rng.i64(-4..=1),
        65..=86 => rng.i64(2..=6),
        87..=96 => rng.i64(7..=20),
        _ => rng.i64(21..=45),
    };
    next.checked_add_signed(Duration::days(slip))
        .unwrap_or(next)
        .max(add_days(day, 1))
}
