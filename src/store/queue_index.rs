//! Reading the work queue from the due and item indexes, and the counters kept beside them.
//!
//! At 100,000 cases a queue group can hold tens of thousands of items, and the start screen
//! must still draw in well under 100 ms. So the store keeps a count per index (open cases, and
//! items per kind) in the same transaction as the keys, and a group's total is a counter, or a
//! counter minus a short range (the items not yet due), or a short range (overdue and this
//! week); only the lines shown are read.

use chrono::NaiveDate;

use super::keys::{self, IndexKeys};
use super::view::{DUE, ITEMS, bad_key};
use super::{Store, StoreError};
use crate::domain::CaseNo;
use crate::domain::due::{DueItem, DueKind};

/// Where queue items are read from: the due index (follow-ups of open cases) or one kind's run
/// in the item index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    FollowUps,
    Kind(u8),
}

/// Counter slots: 0 = open cases (due index entries), 1 + tag = items of that kind.
pub(super) const SLOTS: usize = 7;

pub(super) fn counter_key(slot: usize) -> Vec<u8> {
    format!("count_{slot}").into_bytes()
}

fn slot_of(source: Source) -> usize {
    match source {
        Source::FollowUps => 0,
        Source::Kind(tag) => 1 + usize::from(tag),
    }
}

/// How each index's count changes when a case's keys go from `old` to `new`.
pub(super) fn deltas(old: &IndexKeys, new: &IndexKeys) -> [i64; SLOTS] {
    let mut d = [0i64; SLOTS];
    d[0] = i64::from(new.due.is_some()) - i64::from(old.due.is_some());
    for k in new.items.iter().filter(|k| !old.items.contains(k)) {
        if let Some(&tag) = k.first() {
            d[slot_of(Source::Kind(tag)).min(SLOTS - 1)] += 1;
        }
    }
    for k in old.items.iter().filter(|k| !new.items.contains(k)) {
        if let Some(&tag) = k.first() {
            d[slot_of(Source::Kind(tag)).min(SLOTS - 1)] -= 1;
        }
    }
    d
}

impl Store {
    pub(super) fn counter(&self, source: Source) -> Result<u64, StoreError> {
        self.counter_at(slot_of(source))
    }

    fn counter_at(&self, slot: usize) -> Result<u64, StoreError> {
        Ok(self.view.counter(&counter_key(slot))?.unwrap_or(0))
    }

    /// What each counter should say: the indexes counted key by key.
    fn index_counts(&self) -> Result<[u64; SLOTS], StoreError> {
        let mut counts = [0u64; SLOTS];
        counts[0] = self.view.trees[DUE].iter().count() as u64;
        for r in self.view.trees[ITEMS].iter() {
            let (k, _) = r?;
            let tag = *k.first().ok_or_else(|| bad_key("items", &k))?;
            counts[slot_of(Source::Kind(tag)).min(SLOTS - 1)] += 1;
        }
        Ok(counts)
    }

    /// How many items `source` holds, all of them (a counter; no scan).
    pub fn queue_total(&self, source: Source) -> Result<usize, StoreError> {
        Ok(usize::try_from(self.counter(source)?).unwrap_or(usize::MAX))
    }

    fn bounds(
        source: Source,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> (Vec<u8>, Vec<u8>) {
        match source {
            Source::FollowUps => (
                from.map_or_else(Vec::new, |d| keys::day_number(d).to_be_bytes().to_vec()),
                to.map_or_else(
                    || vec![0xFF; 13],
                    |d| keys::day_number(d).to_be_bytes().to_vec(),
                ),
            ),
            Source::Kind(tag) => (
                keys::item_bound(tag, from),
                to.map_or_else(|| vec![tag + 1], |d| keys::item_bound(tag, Some(d))),
            ),
        }
    }

    fn tree(&self, source: Source) -> &sled::Tree {
        match source {
            Source::FollowUps => &self.view.trees[DUE],
            Source::Kind(_) => &self.view.trees[ITEMS],
        }
    }

    /// Items of `source` dated in `[from, to)`, counted (keys only, nothing decoded).
    pub fn queue_count(
        &self,
        source: Source,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<usize, StoreError> {
        let (lo, hi) = Self::bounds(source, from, to);
        let mut n = 0;
        for r in self.tree(source).range(lo..hi) {
            r?;
            n += 1;
        }
        Ok(n)
    }

    /// The first `limit` items of `source` dated in `[from, to)`, earliest first.
    pub fn queue_items(
        &self,
        source: Source,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        limit: usize,
    ) -> Result<Vec<(DueItem, CaseNo)>, StoreError> {
        let (lo, hi) = Self::bounds(source, from, to);
        let mut out = Vec::new();
        for r in self.tree(source).range(lo..hi).take(limit) {
            let (k, _) = r?;
            out.push(match source {
                Source::FollowUps => {
                    let day = k.get(..4).and_then(|d| <[u8; 4]>::try_from(d).ok());
                    let date = day.and_then(|d| keys::date_of_day(u32::from_be_bytes(d)));
                    match (date, keys::case_no_of(&k)) {
                        (Some(date), Some(no)) => (
                            DueItem {
                                date,
                                kind: DueKind::FollowUp,
                            },
                            no,
                        ),
                        _ => return Err(bad_key("due", &k)),
                    }
                }
                Source::Kind(_) => keys::item_of(&k).ok_or_else(|| bad_key("items", &k))?,
            });
        }
        Ok(out)
    }
}

/// Problems with the counters: each must equal its index's count.
pub(super) fn check_counters(store: &Store) -> Vec<super::check::Problem> {
    use super::check::Problem;
    let actual = match store.index_counts() {
        Ok(a) => a,
        Err(e) => return vec![Problem::Unreadable(e.to_string())],
    };
    let mut problems = Vec::new();
    for (slot, want) in actual.iter().enumerate() {
        match store.counter_at(slot) {
            Ok(got) if got == *want => {}
            Ok(got) => problems.push(Problem::Counter {
                slot,
                got,
                want: *want,
            }),
            Err(e) => problems.push(Problem::Unreadable(e.to_string())),
        }
    }
    problems
}
