//! The work queue: what is due, grouped the way a coordinator works through it. Read from the
//! due and item indexes plus one summary per line shown, never from decoded cases.

use chrono::{Days, NaiveDate};

use super::{Service, ServiceError};
use crate::domain::CaseNo;
use crate::domain::dates::end_of_week;
use crate::domain::draft::Draft;
use crate::domain::due::{DueItem, DueKind};
use crate::domain::summary::CaseLine;
use crate::store::queue_index::Source;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Group {
    /// Follow-ups and post-closure reviews whose date has passed.
    Overdue,
    /// Follow-ups and post-closure reviews due from today to the end of the week.
    ThisWeek,
    AwaitingScreening,
    AwaitingReview,
    RequestsOverdue,
    PoliceOverdue,
    /// Underretning deadlines and the 18th birthday (Barnets lov §133, §137; see `domain::legal`).
    Legal,
    /// The next follow-ups after this week, so a quiet week still shows what comes.
    Later,
}

impl Group {
    pub const ALL: [Group; 8] = [
        Group::Overdue,
        Group::ThisWeek,
        Group::Legal,
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
            DueKind::Legal(_) => Some(Group::Legal),
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct QueueEntry {
    pub line: CaseLine,
    pub item: DueItem,
    /// Past its deadline (a legal item to the minute, the others by the day): marked `!`.
    pub overdue: bool,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct QueueGroup {
    pub group: Group,
    /// Every item of the group, also those beyond the lines listed.
    pub total: usize,
    /// How many of them are past their deadline (what the header's "overdue" counts).
    pub overdue: usize,
    pub entries: Vec<QueueEntry>,
}

#[derive(serde::Serialize, serde::Deserialize)]
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

    /// Every item past its deadline, in every group: each line marked `!` is counted.
    pub fn overdue(&self) -> usize {
        self.groups.iter().map(|g| g.overdue).sum()
    }
}

/// A built queue, and the count of overdue follow-ups of open cases that came with it (the
/// statistics' overdue line notes it; the overdue group also holds post-closure reviews).
pub(super) struct Built {
    pub groups: Vec<QueueGroup>,
    pub overdue_follow_ups: usize,
}

/// Lines listed per group; the counts in the headers are always complete.
pub const GROUP_LIMIT: usize = 100;

/// The queue on `today`: follow-ups and post-closure reviews due before `until` split into
/// overdue and due, every awaiting item, requests and police feedback past due, and `later`
/// follow-ups after `until`. At most `limit` lines per group; the totals are complete.
pub(super) fn build(
    svc: &Service,
    today: NaiveDate,
    until: NaiveDate,
    later: usize,
    limit: usize,
) -> Result<Built, ServiceError> {
    let store = svc.store();
    let reviews = Source::Kind(DueKind::PostReview(0).encode().0);
    let kind = |k: DueKind| Source::Kind(k.encode().0);
    let (from_today, until_opt) = (Some(today), Some(until));
    // Follow-ups and reviews come from two runs in date order: merge, keep the first `limit`.
    let dated = |from: Option<NaiveDate>, to: Option<NaiveDate>| -> Result<_, ServiceError> {
        let mut items = store.queue_items(Source::FollowUps, from, to, limit)?;
        items.extend(store.queue_items(reviews, from, to, limit)?);
        items.sort();
        items.truncate(limit);
        let follow_ups = store.queue_count(Source::FollowUps, from, to)?;
        let total = follow_ups + store.queue_count(reviews, from, to)?;
        Ok((total, follow_ups, items))
    };
    // Requests and police feedback are work once past due: all of them minus those still
    // ahead (a short run), listed from the oldest.
    let past_due = |source: Source| -> Result<_, ServiceError> {
        let total = store
            .queue_total(source)?
            .saturating_sub(store.queue_count(source, from_today, None)?);
        Ok((total, store.queue_items(source, None, from_today, limit)?))
    };
    let awaiting = |source: Source| -> Result<_, ServiceError> {
        Ok((
            store.queue_total(source)?,
            store.queue_items(source, None, None, limit)?,
        ))
    };
    let (overdue_total, overdue_follow_ups, overdue) = dated(None, from_today)?;
    let (due_total, due_follow_ups, due) = dated(from_today, until_opt)?;
    let later_items = store.queue_items(Source::FollowUps, until_opt, None, later)?;
    let later_total = if later == 0 {
        0
    } else {
        store
            .open_case_count()
            .saturating_sub(overdue_follow_ups + due_follow_ups)
    };
    // Legal deadlines have their own index and rules (working days, the team's closed days);
    // their page comes with its lines already read.
    let legal = svc.legal_due_lines(svc.now(), limit)?;
    let legal_entries = legal
        .rows
        .into_iter()
        .map(|r| QueueEntry {
            item: DueItem {
                date: r.item.due.date(),
                kind: DueKind::Legal(r.item.kind),
            },
            overdue: r.item.overdue,
            line: r.case,
        })
        .collect();
    let (screening_total, screening) = awaiting(kind(DueKind::AwaitingScreening))?;
    let (review_total, review) = awaiting(kind(DueKind::AwaitingReview))?;
    let (requests_total, requests) = past_due(kind(DueKind::Request(0)))?;
    let (police_total, police) = past_due(kind(DueKind::PoliceFeedback))?;
    // Every group's lines, read at once in case order (see `Store::lines`). A line whose
    // case is gone was purged or repaired away meanwhile: skipped rather than failing the
    // whole queue; `check` reports the index.
    let lines = store.lines(
        [
            &overdue,
            &due,
            &screening,
            &review,
            &requests,
            &police,
            &later_items,
        ]
        .into_iter()
        .flatten()
        .map(|(_, no)| *no),
    )?;
    let entries = |items: Vec<(DueItem, CaseNo)>| -> Vec<QueueEntry> {
        items
            .into_iter()
            .filter_map(|(item, no)| {
                lines.get(&no).map(|line| QueueEntry {
                    line: line.clone(),
                    overdue: item.date < today,
                    item,
                })
            })
            .collect()
    };
    // What each group has past its deadline: all of the overdue, request and police groups,
    // the legal items to the minute, and (awaiting screening or review) nothing: they are
    // dated from when they began, not due.
    let parts = [
        (
            Group::Overdue,
            overdue_total,
            overdue_total,
            entries(overdue),
        ),
        (Group::ThisWeek, due_total, 0, entries(due)),
        (Group::Legal, legal.total, legal.overdue, legal_entries),
        (
            Group::AwaitingScreening,
            screening_total,
            0,
            entries(screening),
        ),
        (Group::AwaitingReview, review_total, 0, entries(review)),
        (
            Group::RequestsOverdue,
            requests_total,
            requests_total,
            entries(requests),
        ),
        (
            Group::PoliceOverdue,
            police_total,
            police_total,
            entries(police),
        ),
        (Group::Later, later_total, 0, entries(later_items)),
    ];
    let groups = parts
        .into_iter()
        .filter(|(_, total, _, entries)| *total > 0 || !entries.is_empty())
        .map(|(group, total, overdue, mut entries)| {
            // Waiting since a date is not being late.
            if matches!(group, Group::AwaitingScreening | Group::AwaitingReview) {
                for e in &mut entries {
                    e.overdue = false;
                }
            }
            QueueGroup {
                group,
                total: total.max(entries.len()),
                overdue,
                entries,
            }
        })
        .collect();
    Ok(Built {
        groups,
        overdue_follow_ups,
    })
}

/// The first day after this week: "due this week" runs to Sunday.
pub fn week_end(today: NaiveDate) -> NaiveDate {
    end_of_week(today) + Days::new(1)
}
