//! The work queue: what is due, grouped the way a coordinator works through it. Read from the
//! due and item indexes plus one summary per line shown, never from decoded cases.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::{Service, ServiceError};
use crate::domain::CaseNo;
use crate::domain::dates::end_of_week;
use crate::domain::draft::Draft;
use crate::domain::due::{DueItem, DueKind};
use crate::domain::summary::CaseLine;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Follow-ups and post-closure reviews whose date has passed.
    Overdue,
    /// Follow-ups and post-closure reviews due from today to the end of the week.
    ThisWeek,
    AwaitingScreening,
    AwaitingReview,
    RequestsOverdue,
    PoliceOverdue,
    /// The next follow-ups after this week, so a quiet week still shows what comes.
    Later,
}

impl Group {
    pub const ALL: [Group; 7] = [
        Group::Overdue,
        Group::ThisWeek,
        Group::AwaitingScreening,
        Group::AwaitingReview,
        Group::RequestsOverdue,
        Group::PoliceOverdue,
        Group::Later,
    ];

    /// The group an item belongs to on `today`, if it is shown at all (an open request or a
    /// police matter is work only once its date has passed).
    pub fn of(item: DueItem, today: NaiveDate, until: NaiveDate) -> Option<Group> {
        let past = item.date < today;
        match item.kind {
            DueKind::FollowUp | DueKind::PostReview(_) if past => Some(Group::Overdue),
            DueKind::FollowUp | DueKind::PostReview(_) if item.date < until => {
                Some(Group::ThisWeek)
            }
            DueKind::FollowUp | DueKind::PostReview(_) => Some(Group::Later),
            DueKind::AwaitingScreening => Some(Group::AwaitingScreening),
            DueKind::AwaitingReview => Some(Group::AwaitingReview),
            DueKind::Request(_) if past => Some(Group::RequestsOverdue),
            DueKind::PoliceFeedback if past => Some(Group::PoliceOverdue),
            DueKind::Request(_) | DueKind::PoliceFeedback => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct QueueEntry {
    pub line: CaseLine,
    pub item: DueItem,
}

#[derive(Debug, Clone)]
pub struct QueueGroup {
    pub group: Group,
    /// Every item of the group, also those beyond the lines listed.
    pub total: usize,
    pub entries: Vec<QueueEntry>,
}

pub struct WorkQueue {
    pub drafts: Vec<Draft>,
    /// The groups that have something in them, in `Group::ALL` order.
    pub groups: Vec<QueueGroup>,
    pub open: usize,
}

impl WorkQueue {
    pub fn total(&self, g: Group) -> usize {
        self.groups
            .iter()
            .find(|x| x.group == g)
            .map_or(0, |x| x.total)
    }
}

/// Lines listed per group; the counts in the headers are always complete.
pub const GROUP_LIMIT: usize = 200;

/// Items due before `until`, grouped; `later` follow-ups after it.
pub(super) fn build(
    svc: &Service,
    today: NaiveDate,
    until: NaiveDate,
    later: usize,
    limit: usize,
) -> Result<Vec<QueueGroup>, ServiceError> {
    let store = svc.store();
    let mut by_group: BTreeMap<Group, (usize, Vec<(DueItem, CaseNo)>)> = BTreeMap::new();
    // Awaiting items are dated by their filing or screening, which is never in the future,
    // so the range up to `until` holds all of them.
    let mut items = store.due_items_before(until)?;
    items.extend(
        store
            .follow_ups_from(until, later)?
            .into_iter()
            .map(|(date, no)| {
                (
                    DueItem {
                        date,
                        kind: DueKind::FollowUp,
                    },
                    no,
                )
            }),
    );
    for (item, no) in items {
        if let Some(g) = Group::of(item, today, until) {
            let e = by_group.entry(g).or_default();
            e.0 += 1;
            if e.1.len() < limit {
                e.1.push((item, no));
            }
        }
    }
    let mut groups = Vec::new();
    for (group, (total, items)) in by_group {
        let mut entries = Vec::with_capacity(items.len());
        for (item, no) in items {
            // A line whose summary is gone was purged or repaired away meanwhile: skip it
            // rather than fail the whole queue; `check` reports the index.
            if let Some(s) = store.summary(no)? {
                entries.push(QueueEntry {
                    line: CaseLine::from(&s),
                    item,
                });
            }
        }
        groups.push(QueueGroup {
            group,
            total,
            entries,
        });
    }
    Ok(groups)
}

/// The first day after this week: "due this week" runs to Sunday.
pub fn week_end(today: NaiveDate) -> NaiveDate {
    end_of_week(today) + Days::new(1)
}
