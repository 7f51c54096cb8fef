//! Meetings: Infohus Kommune, SSP network, steering group. A meeting has an agenda proposed
//! from the work queue (cases awaiting joint review, follow-ups due by the meeting date, overdue
//! items) plus general items; what is decided on a case item becomes an event on the case with
//! the meeting as its context, so the case history and the minutes tell the same story.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::case::CaseNo;
use super::flow::{FollowUpDecision, Participant};

pub type MeetingNo = u64;

choice_enum!(MeetingKind {
    InfohusKommune,
    SspNetwork,
    SteeringGroup,
    Other,
});

choice_enum!(
    /// Why a case is on the agenda; `RoundEvaluation`: the evaluation date of the case's
    /// round on the forløbshjul has passed. (Stored: new reasons go at the end.)
    ItemReason {
        AwaitingReview,
        FollowUpDue,
        Overdue,
        RoundEvaluation,
    }
);

/// The general items the seeds' meetings always have, in the team's language (they are
/// stored as text and appear in the minutes as written).
pub const GENERAL_ITEMS: [&str; 5] = [
    "Kortlægning",
    "Tendenser",
    "Status på proaktive indsatser",
    "Aktuelt emne",
    "Eventuelt",
];

/// How many case items a proposed agenda holds; the rest stay in the work queue.
pub const CASE_ITEM_LIMIT: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subject {
    Case { no: CaseNo, reason: ItemReason },
    General(String),
}

/// What the meeting recorded for one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub decision: String,
    pub who_acts: String,
    /// Case items: the follow-up decision and the next date it set.
    pub follow: Option<FollowUpDecision>,
    #[serde(with = "crate::domain::compact::opt_date")]
    pub next: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub subject: Subject,
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub no: MeetingNo,
    pub kind: MeetingKind,
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub participants: Vec<Participant>,
    pub items: Vec<AgendaItem>,
    pub created_by: String,
    #[serde(with = "crate::domain::compact::datetime")]
    pub created_at: NaiveDateTime,
}

impl Meeting {
    pub fn done(&self) -> usize {
        self.items.iter().filter(|i| i.outcome.is_some()).count()
    }

    pub fn case_nos(&self) -> impl Iterator<Item = CaseNo> + '_ {
        self.items.iter().filter_map(|i| match i.subject {
            Subject::Case { no, .. } => Some(no),
            Subject::General(_) => None,
        })
    }
}

/// The proposed agenda: each case once (its most pressing reason first: awaiting joint review,
/// then overdue, then due by the meeting date), at most `CASE_ITEM_LIMIT`, then the general
/// items and the chosen topics from the topic bank.
pub fn propose(mut cases: Vec<(CaseNo, ItemReason)>, general: &[String]) -> Vec<AgendaItem> {
    let rank = |r: ItemReason| match r {
        ItemReason::AwaitingReview => 0,
        // As pressing as an overdue follow-up, and the more telling reason for the same case
        // (its candidates come first, and the sort keeps the order of equals).
        ItemReason::Overdue | ItemReason::RoundEvaluation => 1,
        ItemReason::FollowUpDue => 2,
    };
    cases.sort_by_key(|(no, r)| (rank(*r), *no));
    let mut seen = std::collections::HashSet::new();
    let mut items: Vec<AgendaItem> = cases
        .into_iter()
        .filter(|(no, _)| seen.insert(*no))
        .take(CASE_ITEM_LIMIT)
        .map(|(no, reason)| AgendaItem {
            subject: Subject::Case { no, reason },
            outcome: None,
        })
        .collect();
    items.extend(
        general
            .iter()
            .filter(|g| !g.trim().is_empty())
            .map(|g| AgendaItem {
                subject: Subject::General(g.trim().to_string()),
                outcome: None,
            }),
    );
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_agenda_lists_each_case_once_most_pressing_first_then_general_items() {
        let cases = vec![
            (7, ItemReason::FollowUpDue),
            (3, ItemReason::Overdue),
            (7, ItemReason::AwaitingReview),
            (5, ItemReason::FollowUpDue),
        ];
        let general: Vec<String> = GENERAL_ITEMS.iter().map(|s| s.to_string()).collect();
        let items = propose(cases, &general);
        let subjects: Vec<&Subject> = items.iter().map(|i| &i.subject).collect();
        assert_eq!(
            subjects[..3],
            [
                &Subject::Case {
                    no: 7,
                    reason: ItemReason::AwaitingReview
                },
                &Subject::Case {
                    no: 3,
                    reason: ItemReason::Overdue
                },
                &Subject::Case {
                    no: 5,
                    reason: ItemReason::FollowUpDue
                },
            ]
        );
        assert_eq!(items.len(), 3 + GENERAL_ITEMS.len());
        assert_eq!(items[3].subject, Subject::General("Kortlægning".into()));
    }

    #[test]
    fn a_long_queue_is_cut_to_what_a_meeting_can_take() {
        let cases = (1..=100).map(|n| (n, ItemReason::FollowUpDue)).collect();
        let items = propose(cases, &[]);
        assert_eq!(items.len(), CASE_ITEM_LIMIT);
    }
}
