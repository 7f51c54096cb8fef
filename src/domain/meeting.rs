//! Meetings: Infohus Kommune, SSP network, steering group. A meeting has an agenda proposed
//! from the work queue in order of urgency (legal deadlines and overdue items, oldest first;
//! then cases awaiting their joint review; then what falls due by the meeting date) plus general
//! items and topics from the topic bank; what is decided on a case item becomes events on the
//! case ending with the meeting's decision record, so the case history and the minutes tell the
//! same story.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::case::CaseNo;
use super::flow::{FollowUpDecision, Participant, ReviewDecision};
use super::stage::Stage;

pub type MeetingNo = u64;

choice_enum!(MeetingKind {
    InfohusKommune,
    SspNetwork,
    SteeringGroup,
    Other,
});

choice_enum!(
    /// Why a case is on the agenda: awaiting its §115 review, a follow-up due by the meeting,
    /// something overdue, a legal deadline (underretning, the 18th birthday), a closed case's
    /// post-closure review, the evaluation date of the case's round on the forløbshjul passed.
    /// (Stored: new reasons go at the end.)
    ItemReason {
        AwaitingReview,
        FollowUpDue,
        Overdue,
        Legal,
        PostReview,
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

/// How many case items a proposed agenda holds by default (`[meeting] agenda_length`); the
/// rest are counted on the agenda's last line and can be pulled in.
pub const CASE_ITEM_LIMIT: usize = 40;

/// What an agenda item is about. (Stored: new kinds go at the end.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subject {
    Case {
        no: CaseNo,
        reason: ItemReason,
    },
    General(String),
    /// A topic taken from the topic bank onto this agenda.
    Topic(String),
    /// A topic saved to the topic bank at this meeting for a later one: part of the record,
    /// not of today's agenda.
    Banked(String),
}

impl Subject {
    /// Whether the item is on today's agenda (a banked topic is kept for a later meeting).
    pub fn on_agenda(&self) -> bool {
        !matches!(self, Subject::Banked(_))
    }

    pub fn case(&self) -> Option<CaseNo> {
        match self {
            Subject::Case { no, .. } => Some(*no),
            _ => None,
        }
    }

    /// The text of a general item or topic.
    pub fn text(&self) -> Option<&str> {
        match self {
            Subject::General(t) | Subject::Topic(t) | Subject::Banked(t) => Some(t),
            Subject::Case { .. } => None,
        }
    }
}

/// What a meeting decided on a case, recorded on the case after the events the decision made
/// (a follow-up, a §115 review, a post-closure review, a closure), in the same save: the
/// chronology shows the meeting, who acts and the stage the case went to. A correction at the
/// meeting records the corrected decision the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingDecision {
    pub meeting: MeetingNo,
    /// Position of the item on the meeting's agenda (0-based).
    pub item: u32,
    pub decision: String,
    pub who_acts: String,
    /// The follow-up decision, for an open case.
    pub follow: Option<FollowUpDecision>,
    /// The §115 review's decision, when the meeting held the case's joint review.
    pub review: Option<ReviewDecision>,
    /// The post-closure review held (months after closure), for a closed case.
    pub post_review: Option<u32>,
    /// The next follow-up the decision set.
    #[serde(with = "crate::domain::compact::opt_date")]
    pub next: Option<NaiveDate>,
    /// The case's stage after the decision.
    pub stage: Stage,
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
    /// Items of today's agenda that have a decision.
    pub fn done(&self) -> usize {
        self.agenda().filter(|(_, i)| i.outcome.is_some()).count()
    }

    /// Today's agenda with each item's position in `items` (banked topics left out).
    pub fn agenda(&self) -> impl Iterator<Item = (usize, &AgendaItem)> + '_ {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.subject.on_agenda())
    }

    pub fn case_nos(&self) -> impl Iterator<Item = CaseNo> + '_ {
        self.items.iter().filter_map(|i| i.subject.case())
    }

    /// Topics saved to the topic bank at this meeting.
    pub fn banked(&self) -> impl Iterator<Item = &str> + '_ {
        self.items.iter().filter_map(|i| match &i.subject {
            Subject::Banked(t) => Some(t.as_str()),
            _ => None,
        })
    }

    /// Where new case items go: after the last case item, before the general items.
    pub fn case_insert_at(&self) -> usize {
        self.items
            .iter()
            .rposition(|i| i.subject.case().is_some())
            .map_or(0, |p| p + 1)
    }
}

/// A meeting as its minutes show it: the meeting (its texts redacted) and, per item, the
/// decision record its case holds (`None` for general items and undecided ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesDoc {
    pub meeting: Meeting,
    pub records: Vec<Option<MeetingDecision>>,
}

/// A case the work queue offers a meeting: why, and the date that makes it urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub no: CaseNo,
    pub reason: ItemReason,
    pub date: NaiveDate,
    /// The date has passed (overdue items and legal deadlines come first).
    pub overdue: bool,
}

impl Candidate {
    /// Legal deadlines and overdue items first, then cases awaiting their §115 review, then
    /// what falls due by the meeting date; oldest first within each.
    fn rank(&self) -> (u8, NaiveDate, CaseNo) {
        let tier = match self.reason {
            // A round past its evaluation date is as pressing as an overdue follow-up.
            ItemReason::Legal | ItemReason::Overdue | ItemReason::RoundEvaluation => 0,
            _ if self.overdue => 0,
            ItemReason::AwaitingReview => 1,
            ItemReason::FollowUpDue | ItemReason::PostReview => 2,
        };
        (tier, self.date, self.no)
    }
}

/// The candidates in agenda order, each case once (at its most urgent).
pub fn in_agenda_order(mut cases: Vec<Candidate>) -> Vec<Candidate> {
    cases.sort_by_key(Candidate::rank);
    let mut seen = std::collections::HashSet::new();
    cases.retain(|c| seen.insert(c.no));
    cases
}

/// The proposed agenda: the first `limit` cases in agenda order, then the general items and
/// the topics taken from the topic bank. Returns the items and how many cases were left off.
pub fn propose(
    cases: Vec<Candidate>,
    limit: usize,
    general: &[String],
    topics: &[String],
) -> (Vec<AgendaItem>, usize) {
    let ordered = in_agenda_order(cases);
    let left_off = ordered.len().saturating_sub(limit);
    let mut items: Vec<AgendaItem> = ordered
        .into_iter()
        .take(limit)
        .map(|c| AgendaItem {
            subject: Subject::Case {
                no: c.no,
                reason: c.reason,
            },
            outcome: None,
        })
        .collect();
    let texts = |list: &[String], make: fn(String) -> Subject| -> Vec<AgendaItem> {
        list.iter()
            .map(|g| g.trim())
            .filter(|g| !g.is_empty())
            .map(|g| AgendaItem {
                subject: make(g.to_string()),
                outcome: None,
            })
            .collect()
    };
    items.extend(texts(general, Subject::General));
    items.extend(texts(topics, Subject::Topic));
    (items, left_off)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
    }

    fn c(no: CaseNo, reason: ItemReason, d: u32, overdue: bool) -> Candidate {
        Candidate {
            no,
            reason,
            date: day(d),
            overdue,
        }
    }

    #[test]
    fn deadlines_and_overdue_items_lead_oldest_first_then_reviews_then_what_is_due() {
        let cases = vec![
            c(1, ItemReason::FollowUpDue, 24, false),
            c(2, ItemReason::AwaitingReview, 2, false),
            c(90, ItemReason::Overdue, 16, true),
            c(77, ItemReason::Overdue, 10, true),
            c(50, ItemReason::Legal, 12, false),
            c(2, ItemReason::Overdue, 20, true),
            c(60, ItemReason::PostReview, 1, true),
        ];
        let general: Vec<String> = GENERAL_ITEMS.iter().map(|s| s.to_string()).collect();
        let (items, left_off) = propose(cases, 40, &general, &["Knivbæring".to_string()]);
        let order: Vec<CaseNo> = items.iter().filter_map(|i| i.subject.case()).collect();
        assert_eq!(order, vec![60, 77, 50, 90, 2, 1]);
        assert_eq!(
            items[4].subject,
            Subject::Case {
                no: 2,
                reason: ItemReason::Overdue
            },
            "a case comes once, at its most urgent"
        );
        assert_eq!(left_off, 0);
        assert_eq!(items[6].subject, Subject::General("Kortlægning".into()));
        assert_eq!(
            items.last().map(|i| &i.subject),
            Some(&Subject::Topic("Knivbæring".into()))
        );
    }

    #[test]
    fn a_long_queue_is_cut_to_the_agenda_length_and_says_how_many_were_left_off() {
        let cases = (1..=100)
            .map(|n| c(n, ItemReason::FollowUpDue, 24, false))
            .collect();
        let (items, left_off) = propose(cases, 40, &[], &[]);
        assert_eq!(items.len(), 40);
        assert_eq!(left_off, 60);
    }
}
