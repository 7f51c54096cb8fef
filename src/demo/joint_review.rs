//! The §115 review with the police (`data/joint_review/`): who sat at the table, what each
//! authority knew, the next steps, and whether the case goes on or closes.

use chrono::NaiveDate;
use fastrand::Rng;

use super::flow::Track;
use super::random::pick;
use super::table::{TableError, table};
use crate::domain::case::EventPayload;
use crate::domain::flow::{
    Authority, ClosureReason, InfoItem, JointReview, NextStep, ReviewDecision,
};

#[derive(Debug)]
pub struct JointReviewTables {
    /// The note on a review.
    pub notes: Vec<&'static str>,
    summaries: Vec<&'static str>,
    /// Information shared, and the authority it comes from.
    items: Vec<(&'static str, Authority)>,
    /// What is to be done, and by whom.
    steps: Vec<(&'static str, &'static str)>,
}

impl JointReviewTables {
    pub fn load() -> Result<JointReviewTables, TableError> {
        let items = table!("joint_review/items.txt");
        Ok(JointReviewTables {
            notes: table!("joint_review/notes.txt").notes()?,
            summaries: table!("joint_review/summaries.txt").list()?,
            items: items
                .rows(2)?
                .iter()
                .map(|r| Ok((r.fields[0], items.parse_name(r, 1)?)))
                .collect::<Result<_, TableError>>()?,
            steps: table!("joint_review/steps.txt")
                .rows(2)?
                .into_iter()
                .map(|r| (r.fields[0], r.fields[1]))
                .collect(),
        })
    }
}

impl Track {
    pub(super) fn review(
        &mut self,
        rng: &mut Rng,
        day: NaiveDate,
        decision: ReviewDecision,
    ) -> JointReview {
        let t = &self.t.joint_review;
        let roster = &self.t.roster;
        let mut participants = vec![roster.participant(rng)];
        for _ in 0..rng.usize(1..4) {
            let p = roster.participant(rng);
            if !participants.contains(&p) {
                participants.push(p);
            }
        }
        let items = (0..rng.usize(1..4))
            .map(|_| {
                let (text, origin) = pick(rng, &t.items);
                InfoItem {
                    text: text.into(),
                    origin,
                }
            })
            .collect();
        let steps = (0..rng.usize(1..3))
            .map(|_| {
                let (what, who) = pick(rng, &t.steps);
                NextStep {
                    what: what.into(),
                    who: who.into(),
                }
            })
            .collect();
        JointReview {
            date: day,
            participants,
            summary: pick(rng, &t.summaries).into(),
            items,
            steps,
            decision,
            police_feedback_due: None,
        }
    }

    /// A case the review finds no ground for.
    pub(super) fn closed_at_review(
        &mut self,
        rng: &mut Rng,
        day: NaiveDate,
        out: &mut Vec<EventPayload>,
    ) {
        out.push(EventPayload::JointReviewRecorded(self.review(
            rng,
            day,
            ReviewDecision::Close,
        )));
        out.push(self.close(rng, day, ClosureReason::Unfounded));
    }
}
