//! What happened to a case after filing: screening within days, then a sitting around each next
//! date (a few of them late), stage by stage, until today or closure. Each sitting may edit the
//! intake, writes a note now and then, moves the case on or records a follow-up, and sets the
//! next date; the stage files say what each step records.

use chrono::{Duration, NaiveDateTime, NaiveTime};

use super::calendar::{add_days, weekday_on_or_after};
use super::flow::Track;
use super::follow_up;
use super::generator::{Cases, Entry};
use super::intake::edited;
use super::random::{pick, weighted};
use super::text::Ctx;
use crate::domain::intake::Intake;
use crate::domain::stage::Stage;

/// One sitting of a coordinator at a case: its events a minute apart, from `at`.
pub struct Sitting {
    pub at: NaiveDateTime,
    pub author: &'static str,
    step: i64,
}

impl Sitting {
    pub fn push(&mut self, drafts: &mut Vec<Entry>, payload: crate::domain::EventPayload) {
        drafts.push(Entry {
            at: self.at + Duration::minutes(self.step),
            author: self.author,
            payload,
        });
        self.step += 1;
    }

    /// Just after the sitting's last event.
    pub fn end(&self) -> NaiveDateTime {
        self.at + Duration::minutes(self.step)
    }
}

impl Cases {
    pub(super) fn lifecycle(
        &mut self,
        drafts: &mut Vec<Entry>,
        mut intake: Intake,
        mut last: NaiveDateTime,
        coordinator: &'static str,
        first_name: &str,
        mut underretning_later: bool,
    ) {
        let t = self.t;
        // Notes speak of the person by name only.
        let ctx = Ctx {
            first: first_name,
            male: true,
            age: 20,
            school: "",
            org: "",
            relative: t.intake.relatives[0],
        };
        let mut edit_planned = self.rng.f32() < 0.06;
        let mut stage = Stage::Intake;
        let mut follow_ups = 0u32;
        let mut track = Track::new(t);
        // New concerns are screened within a few working days.
        let mut when = add_days(
            last.date(),
            u64::from(weighted(
                &mut self.rng,
                &[(0u32, 20), (1, 30), (2, 20), (3, 15), (5, 10), (8, 5)],
            )),
        );
        loop {
            let rng = &mut self.rng;
            let day = weekday_on_or_after(when);
            let mut at = day.and_time(NaiveTime::MIN)
                + Duration::minutes(i64::from(8 * 60 + rng.u32(..480)));
            if at <= last {
                at = last + Duration::minutes(rng.i64(5..120));
            }
            // Room for the handful of events one sitting writes.
            if at + Duration::minutes(10) > self.now {
                return;
            }
            let author = if rng.f32() < 0.85 {
                coordinator
            } else {
                weighted(rng, &t.coordinators)
            };
            let mut sitting = Sitting {
                at,
                author,
                step: 0,
            };

            if underretning_later || (edit_planned && stage != Stage::Measures) {
                let edit = edited(t, rng, &intake, at, last, underretning_later);
                if underretning_later {
                    underretning_later = false;
                } else {
                    edit_planned = false;
                }
                let changed = intake.changed_fields(&edit);
                if !changed.is_empty() {
                    intake = edit.clone();
                    sitting.push(
                        drafts,
                        crate::domain::EventPayload::IntakeEdited {
                            intake: edit,
                            changed,
                        },
                    );
                }
            }

            // Where the case goes from here, and the note that goes with it.
            let roll = rng.u32(..100);
            let (notes, next_stage): (&[&str], Option<Stage>) = match stage {
                Stage::Intake => (&t.screening.notes, Some(Stage::Screening)),
                Stage::Screening => match roll {
                    0..=6 => (&t.closure.notes, Some(Stage::Closed)),
                    7..=64 => (&t.joint_review.notes, Some(Stage::JointReview)),
                    _ => (&t.screening.waiting_notes, None),
                },
                Stage::JointReview => match roll {
                    0..=4 => (&t.closure.notes, Some(Stage::Closed)),
                    5..=69 => (&t.enrichment.notes, Some(Stage::Enrichment)),
                    _ => (&t.joint_review.notes, None),
                },
                Stage::Enrichment => match roll {
                    0..=4 => (&t.closure.notes, Some(Stage::Closed)),
                    5..=59 => (&t.measures.notes, Some(Stage::Measures)),
                    _ => (&t.enrichment.notes, None),
                },
                // A round that decided to close is carried out at the next sitting.
                Stage::Measures if track.wheel.closing => (&t.closure.notes, Some(Stage::Closed)),
                Stage::Measures => match roll {
                    0..=4 if follow_ups >= 1 => (&t.closure.notes, Some(Stage::Closed)),
                    _ => (&t.measures.notes, None),
                },
                Stage::Closed => return,
            };
            let closing = next_stage == Some(Stage::Closed);
            let plain_follow_up = next_stage.is_none();
            // A stage change speaks for itself; a follow-up without one usually gets a note.
            let note_chance = if next_stage.is_some() { 0.3 } else { 0.65 };
            if closing || rng.f32() < note_chance {
                sitting.push(
                    drafts,
                    crate::domain::EventPayload::NoteAdded {
                        text: ctx.filled(pick(rng, notes)),
                    },
                );
            }
            match next_stage {
                Some(to) => {
                    for p in track.transition(rng, stage, to, day) {
                        sitting.push(drafts, p);
                    }
                    stage = to;
                }
                None => {
                    for p in track.follow_up(rng, stage, day) {
                        sitting.push(drafts, p);
                    }
                }
            }
            if stage == Stage::Closed {
                // The reviews after 6 and 12 months that have come due, most of them held.
                let mut last_at = sitting.end();
                for (held, p) in track.post_reviews(rng, day, self.now.date()) {
                    let t = (held.and_time(NaiveTime::MIN) + Duration::hours(10)).max(last_at);
                    if t >= self.now {
                        break;
                    }
                    drafts.push(Entry {
                        at: t,
                        author,
                        payload: p,
                    });
                    last_at = t + Duration::minutes(1);
                }
                return;
            }
            if stage == Stage::Measures {
                follow_ups += 1;
            }
            let (next, reason) = t.follow_up.next_date(rng, stage, day);
            // A round in its trial is followed up when it is to be evaluated.
            let next = match track.wheel.evaluation_due() {
                Some(by) if stage == Stage::Measures && by > day => next.min(by),
                _ => next,
            };
            follow_up::record(
                rng,
                &mut sitting,
                drafts,
                stage,
                day,
                next,
                reason,
                plain_follow_up,
            );
            last = sitting.end();
            when = follow_up::held_on(rng, next, day);
        }
    }
}
