//! What a case is waiting for, with the date it is due: the work queue and `infohus due` are
//! built from these, read from an index rather than from decoded cases.

use chrono::NaiveDate;

use super::case::CaseState;
use super::flow::Missing;
use super::flow::missing_to_move_on;
use super::stage::Stage;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum DueKind {
    /// The next follow-up of an open case.
    FollowUp,
    /// A post-closure review (6 or 12 months).
    PostReview(u32),
    /// Filed, not screened yet; dated from the filing.
    AwaitingScreening,
    /// Screened, the joint review with the police not held yet; dated from the screening.
    AwaitingReview,
    /// An open information request, by its answer date.
    Request(u32),
    /// A police matter whose feedback is awaited, by its due date.
    PoliceFeedback,
    /// A legal deadline (underretning, the 18th birthday; `domain::legal`). Kept in its own
    /// index, not the item index, because its deadline depends on the team's holiday settings.
    Legal(super::legal::LegalKind),
}

impl DueKind {
    /// Stable tag and number for index keys.
    pub fn encode(self) -> (u8, u32) {
        match self {
            DueKind::FollowUp => (0, 0),
            DueKind::PostReview(m) => (1, m),
            DueKind::AwaitingScreening => (2, 0),
            DueKind::AwaitingReview => (3, 0),
            DueKind::Request(id) => (4, id),
            DueKind::PoliceFeedback => (5, 0),
            DueKind::Legal(k) => (6, u32::from(k.code())),
        }
    }

    pub fn decode(tag: u8, n: u32) -> Option<DueKind> {
        Some(match tag {
            0 => DueKind::FollowUp,
            1 => DueKind::PostReview(n),
            2 => DueKind::AwaitingScreening,
            3 => DueKind::AwaitingReview,
            4 => DueKind::Request(n),
            5 => DueKind::PoliceFeedback,
            6 => DueKind::Legal(
                super::legal::LegalKind::ALL
                    .iter()
                    .copied()
                    .find(|k| u32::from(k.code()) == n)?,
            ),
            _ => return None,
        })
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct DueItem {
    #[serde(with = "crate::domain::compact::date")]
    pub date: NaiveDate,
    pub kind: DueKind,
}

/// Everything the case is waiting for. An open case always has its follow-up here: that is
/// how "no open case without a next date" is kept visible.
pub fn due_items(s: &CaseState) -> Vec<DueItem> {
    let mut out = Vec::new();
    let mut push = |date, kind| out.push(DueItem { date, kind });
    if s.stage.is_open() {
        push(s.next_date, DueKind::FollowUp);
        let received = s.intake.received_at.date();
        let missing = missing_to_move_on(s);
        if s.stage == Stage::Intake
            || (s.stage == Stage::Screening && missing.contains(&Missing::Screening))
        {
            push(received, DueKind::AwaitingScreening);
        }
        if s.stage == Stage::JointReview && missing.contains(&Missing::JointReview) {
            let since = s.flow.screening.as_ref().map_or(received, |x| x.date);
            push(since, DueKind::AwaitingReview);
        }
        for r in s.flow.requests.iter().filter(|r| r.status.is_open()) {
            push(r.due, DueKind::Request(r.id));
        }
    } else {
        for r in s.flow.post_reviews.iter().filter(|r| r.held.is_none()) {
            push(r.due, DueKind::PostReview(r.months));
        }
    }
    if let Some(d) = s.flow.police_feedback_due {
        push(d, DueKind::PoliceFeedback);
    }
    out
}
