//! Retention in the store: deleting a case with every trace of its personal data, the
//! tombstones kept instead, and the daily count of overdue follow-ups the statistics draw.
//!
//! A purge is a journal record (`Op::Purged`) that takes the case out of the view at once; the
//! case's events are then cut out of the journal's records themselves (`scrub`): each segment
//! that held them is written anew without them and renamed over the old one. A crash between
//! the two leaves the case listed for scrubbing, and opening the database finishes the job.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::check;
use super::error::StoreError;
use super::journal::Loc;
use super::keys::{case_key, day_number};
use super::record::{self, Op};
use super::view::{self, CASES, Delta, META, OVERDUE_PREFIX, SCRUB_PREFIX, TOMBSTONES, corrupt};
use super::{Change, Store, events_of, records};
use crate::domain::audit::AuditEntry;
use crate::domain::retention::Tombstone;
use crate::domain::{CaseNo, CaseState};

/// Why a purge of one case did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PurgeRefused {
    /// Another session changed the case since the purge was decided: it no longer qualifies.
    NoLongerQualifies,
    Gone,
}

impl Store {
    /// Deletes case `no` — from the view at once, with its index entries and any draft that
    /// edits it — and keeps its tombstone in its place, with the `audit` entry that records
    /// the deletion, in one record, durable when this returns. Its events
    /// are cut out of the journal by `scrub`, which the caller runs after a batch of purges.
    /// `still_qualifies` is asked again under the writer lock with the stored state, so a hold
    /// placed meanwhile by another session wins.
    pub fn purge_case(
        &self,
        no: CaseNo,
        purged: NaiveDate,
        still_qualifies: impl Fn(&CaseState) -> bool,
        audit: AuditEntry,
    ) -> Result<Result<Tombstone, PurgeRefused>, StoreError> {
        let drafts: Vec<u64> = self
            .lock_drafts()?
            .all()
            .filter(|d| d.case == Some(no))
            .map(|d| d.id)
            .collect();
        let (result, _) = self.write(true, |s| {
            let Some(entry) = s.view.entry(no)? else {
                return Ok((Change::default(), Err(PurgeRefused::Gone)));
            };
            let state = CaseState::replay(no, &events_of(&s.journal, no, &entry.locs)?)?;
            if !still_qualifies(&state) {
                return Ok((Change::default(), Err(PurgeRefused::NoLongerQualifies)));
            }
            let stone = Tombstone::of(&state, purged);
            let mut change = Change {
                ops: vec![Op::Purged(stone.clone())],
                audit: vec![audit],
                ..Change::default()
            };
            if !drafts.is_empty() {
                change.ops.push(Op::DraftsConsumed(drafts.clone()));
                change.consumed = drafts.clone();
            }
            change.known.insert(no, state);
            Ok((change, Ok(stone)))
        })?;
        if result.is_ok() {
            self.changed();
        }
        Ok(result)
    }

    /// Cuts the events of purged cases out of the journal: every segment that holds some is
    /// written anew without them. Returns how many segments were rewritten.
    pub fn scrub(&self) -> Result<u64, StoreError> {
        let mut pending: BTreeMap<CaseNo, Vec<u32>> = BTreeMap::new();
        for r in self.view.trees[META].scan_prefix(SCRUB_PREFIX) {
            let (k, v) = r?;
            let Some(no) = k
                .get(SCRUB_PREFIX.len()..)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(u64::from_be_bytes)
            else {
                continue;
            };
            let segs = v
                .chunks_exact(4)
                .filter_map(|c| <[u8; 4]>::try_from(c).ok())
                .map(u32::from_be_bytes)
                .collect();
            pending.insert(no, segs);
        }
        if pending.is_empty() {
            return Ok(0);
        }
        let _w = self.lock_writer()?;
        let _layout = self.layout.write().map_err(|_| super::poisoned("layout"))?;
        self.forget_folded();
        let gone: BTreeSet<CaseNo> = pending.keys().copied().collect();
        let segments: BTreeSet<u32> = pending.values().flatten().copied().collect();
        if segments.contains(&self.journal.end().seg) {
            self.journal.start_new_segment()?;
        }
        let mut rewritten = 0;
        for seg in segments {
            let bytes = self.journal.read_segment(seg, 0)?;
            let mut kept: Vec<(u64, Vec<u8>)> = Vec::new();
            // Which kept record each old offset became, and the cases each kept record holds.
            let mut moved: Vec<(u32, usize, Vec<CaseNo>)> = Vec::new();
            let mut touched = false;
            for (off, lsn, payload) in check::intact_records(&bytes) {
                let mut rec = record::decode(&payload).map_err(|e| StoreError::Record {
                    loc: Loc {
                        seg,
                        off: off as u32,
                    },
                    source: e,
                })?;
                let before = rec.ops.len();
                rec.ops
                    .retain(|op| !matches!(op, Op::Events { case, .. } if gone.contains(case)));
                let cases: Vec<CaseNo> = rec
                    .ops
                    .iter()
                    .filter_map(|op| match op {
                        Op::Events { case, .. } => Some(*case),
                        _ => None,
                    })
                    .collect();
                if rec.ops.len() == before {
                    moved.push((off as u32, kept.len(), cases));
                    kept.push((lsn, payload));
                    continue;
                }
                touched = true;
                if rec.ops.is_empty() && rec.audit.is_empty() {
                    continue;
                }
                moved.push((off as u32, kept.len(), cases));
                kept.push((lsn, record::encode(&rec)?));
            }
            if !touched {
                continue;
            }
            let offsets = self.journal.rewrite_segment(seg, &kept)?;
            rewritten += 1;
            // Point every case with events in this segment at the records' new places.
            let mut remap: BTreeMap<u32, u32> = BTreeMap::new();
            let mut cases: BTreeSet<CaseNo> = BTreeSet::new();
            for (old, i, cs) in &moved {
                if let Some(new) = offsets.get(*i) {
                    remap.insert(*old, *new);
                }
                cases.extend(cs.iter().copied());
            }
            let mut delta = Delta::default();
            for no in cases {
                let Some(mut entry) = self.view.entry(no)? else {
                    continue;
                };
                for l in entry.locs.iter_mut().filter(|l| l.seg == seg) {
                    if let Some(new) = remap.get(&l.off) {
                        l.off = *new;
                    }
                }
                delta.writes.push((
                    CASES,
                    case_key(no).to_vec(),
                    Some(view::encode_entry(&entry)?),
                ));
            }
            let mut applied = self.view.applied()?.unwrap_or_default();
            applied.generations = self.journal.generations();
            if applied.end.is_some_and(|e| e.seg == seg) {
                applied.end = Some(self.journal.end());
            }
            delta.writes.push((
                META,
                view::APPLIED.to_vec(),
                Some(view::encode_applied(&applied)?),
            ));
            self.view.commit(&delta)?;
        }
        let mut done = Delta::default();
        for no in gone {
            let mut k = SCRUB_PREFIX.to_vec();
            k.extend_from_slice(&no.to_be_bytes());
            done.writes.push((META, k, None));
        }
        self.view.commit(&done)?;
        self.view.db.flush()?;
        Ok(rewritten)
    }

    pub fn tombstones(&self) -> impl Iterator<Item = Result<Tombstone, StoreError>> + '_ {
        self.view.trees[TOMBSTONES].iter().map(|r| {
            let (k, v) = r?;
            records::decode_tombstone(&v).map_err(|e| corrupt("tombstones", &k, e))
        })
    }

    pub fn tombstone(&self, no: CaseNo) -> Result<Option<Tombstone>, StoreError> {
        match self.view.trees[TOMBSTONES].get(case_key(no))? {
            Some(b) => Ok(Some(
                records::decode_tombstone(&b)
                    .map_err(|e| corrupt("tombstones", &case_key(no), e))?,
            )),
            None => Ok(None),
        }
    }

    /// Restores tombstones from a backup. Not durable until `flush`.
    pub fn insert_tombstones(&self, stones: &[Tombstone]) -> Result<(), StoreError> {
        if stones.is_empty() {
            return Ok(());
        }
        self.write(false, |_| {
            Ok((
                Change {
                    ops: vec![Op::Tombstones(stones.to_vec())],
                    ..Change::default()
                },
                (),
            ))
        })?;
        self.changed();
        Ok(())
    }

    /// Deletes drafts last changed before `before`; returns how many. Durable when it returns.
    pub fn purge_drafts(&self, before: chrono::NaiveDateTime) -> Result<u64, StoreError> {
        let mut drafts = self.lock_drafts()?;
        let old: Vec<u64> = drafts
            .all()
            .filter(|d| d.updated_at < before)
            .map(|d| d.id)
            .collect();
        for id in &old {
            drafts.discard(*id)?;
        }
        drop(drafts);
        if !old.is_empty() {
            self.changed();
        }
        Ok(old.len() as u64)
    }

    /// Records how many follow-ups were overdue on `day` (the last count of the day wins).
    /// Written only when the count changed, so reading the queue costs nothing most days.
    pub fn note_overdue(&self, day: NaiveDate, count: u64) -> Result<(), StoreError> {
        let mut key = OVERDUE_PREFIX.to_vec();
        key.extend_from_slice(&day_number(day).to_be_bytes());
        if self.view.counter(&key)? == Some(count) {
            return Ok(());
        }
        self.write(true, |_| {
            Ok((
                Change {
                    ops: vec![Op::OverdueNoted { day, count }],
                    ..Change::default()
                },
                (),
            ))
        })?;
        Ok(())
    }

    /// The recorded overdue counts from `from` on, oldest first.
    pub fn overdue_history(&self, from: NaiveDate) -> Result<Vec<(NaiveDate, u64)>, StoreError> {
        let mut start = OVERDUE_PREFIX.to_vec();
        start.extend_from_slice(&day_number(from).to_be_bytes());
        let mut out = Vec::new();
        for r in self.view.trees[META].range(start..) {
            let (k, v) = r?;
            let Some(tail) = k.strip_prefix(OVERDUE_PREFIX) else {
                break;
            };
            let Ok(day) = <[u8; 4]>::try_from(tail) else {
                continue;
            };
            let day = i32::try_from(u32::from_be_bytes(day))
                .ok()
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt);
            if let Some(day) = day {
                out.push((
                    day,
                    records::decode_counter(&v).map_err(|e| corrupt("meta", &k, e))?,
                ));
            }
        }
        Ok(out)
    }
}
