//! Retention in the store: deleting a case with every trace of its personal data in one
//! transaction, the tombstones kept instead, and the daily count of overdue follow-ups that
//! the statistics draw over time.

use chrono::NaiveDate;
use sled::Transactional;
use sled::transaction::TransactionError;

use super::keys::{IndexKeys, case_key, day_number, event_key};
use super::{
    CASES, CPR, DRAFTS, DUE, EVENTS, ITEMS, META, NAME, SUMMARIES, Store, StoreError, VIEWERS,
    abort, corrupt, records,
};
use crate::domain::retention::Tombstone;
use crate::domain::{CaseNo, CaseState};

/// Meta key: the summary format every stored summary has been rebuilt to.
const SUMMARY_FORMAT: &[u8] = b"summary_format";
/// Meta key prefix of the daily overdue counts: `overdue/` + day number (big-endian).
const OVERDUE_PREFIX: &[u8] = b"overdue/";

/// Why a purge of one case did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PurgeRefused {
    /// Another session changed the case since the purge was decided: it no longer qualifies.
    NoLongerQualifies,
    Gone,
}

impl Store {
    pub(super) fn open_tombstones(db: &sled::Db) -> Result<sled::Tree, StoreError> {
        Ok(db.open_tree("tombstones")?)
    }

    /// Deletes case `no` — state, summary, every event, its index entries and any draft that
    /// edits it — and keeps `tombstone` in its place, all in one transaction, durable when
    /// this returns. `still_qualifies` is asked again inside the transaction with the stored
    /// state, so a hold placed meanwhile by another session wins.
    pub fn purge_case(
        &self,
        no: CaseNo,
        purged: NaiveDate,
        still_qualifies: impl Fn(&CaseState) -> bool,
    ) -> Result<Result<Tombstone, PurgeRefused>, StoreError> {
        let drafts: Vec<Vec<u8>> = self
            .drafts()?
            .into_iter()
            .filter(|d| d.case == Some(no))
            .map(|d| d.id.to_be_bytes().to_vec())
            .collect();
        // Events are keyed 0..event_count; a stray key beyond that (none should exist) is
        // collected here so it goes too.
        let stray: Vec<Vec<u8>> = self.trees[EVENTS]
            .scan_prefix(case_key(no))
            .keys()
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|k| k.to_vec())
            .collect();
        let mut trees: Vec<&sled::Tree> = self.refs().to_vec();
        trees.push(&self.tombstones);
        let tomb = trees.len() - 1;
        let result = trees[..].transaction(|t| {
            let Some(bytes) = t[CASES].get(case_key(no))? else {
                return Ok(Err(PurgeRefused::Gone));
            };
            let state = records::decode_case(&bytes)
                .map_err(|e| abort(corrupt("cases", &case_key(no), e)))?;
            if !still_qualifies(&state) {
                return Ok(Err(PurgeRefused::NoLongerQualifies));
            }
            let keys = IndexKeys::of(&state);
            super::queue_index::tx_count(
                t,
                &super::queue_index::deltas(&keys, &IndexKeys::default()),
            )?;
            for k in &keys.items {
                t[ITEMS].remove(k.as_slice())?;
            }
            for k in &keys.legal {
                t[super::LEGAL].remove(k.as_slice())?;
            }
            for (tree, key) in [(DUE, keys.due), (NAME, keys.name), (CPR, keys.cpr)] {
                if let Some(k) = key {
                    t[tree].remove(k)?;
                }
            }
            for seq in 0..state.event_count {
                t[EVENTS].remove(&event_key(no, seq))?;
            }
            for k in &stray {
                t[EVENTS].remove(k.as_slice())?;
            }
            for d in &drafts {
                t[DRAFTS].remove(d.as_slice())?;
            }
            t[CASES].remove(&case_key(no))?;
            t[SUMMARIES].remove(&case_key(no))?;
            // Who viewed the case names team members, not the person, but it is about a case
            // that no longer exists.
            t[VIEWERS].remove(&case_key(no))?;
            let stone = Tombstone::of(&state, purged);
            t[tomb].insert(
                &case_key(no),
                records::encode_tombstone(&stone).map_err(abort)?,
            )?;
            Ok(Ok(stone))
        });
        let result = result.map_err(|e: TransactionError<StoreError>| match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => StoreError::from(e),
        })?;
        if result.is_ok() {
            self.flush()?;
            self.changed();
        }
        Ok(result)
    }

    pub fn tombstones(&self) -> impl Iterator<Item = Result<Tombstone, StoreError>> + '_ {
        super::decoded(
            self.tombstones.iter(),
            "tombstones",
            records::decode_tombstone,
        )
    }

    pub fn tombstone(&self, no: CaseNo) -> Result<Option<Tombstone>, StoreError> {
        match self.tombstones.get(case_key(no))? {
            Some(b) => Ok(Some(
                records::decode_tombstone(&b)
                    .map_err(|e| corrupt("tombstones", &case_key(no), e))?,
            )),
            None => Ok(None),
        }
    }

    /// Restores tombstones from a backup. Not flushed: the importer flushes once at the end.
    pub fn insert_tombstones(&self, stones: &[Tombstone]) -> Result<(), StoreError> {
        for s in stones {
            self.tombstones
                .insert(case_key(s.no), records::encode_tombstone(s)?)?;
        }
        self.changed();
        Ok(())
    }

    /// Deletes drafts last changed before `before`; returns how many. Durable when it returns.
    pub fn purge_drafts(&self, before: chrono::NaiveDateTime) -> Result<u64, StoreError> {
        let mut n = 0;
        for d in self.drafts()? {
            if d.updated_at < before {
                self.trees[DRAFTS].remove(d.id.to_be_bytes())?;
                n += 1;
            }
        }
        if n > 0 {
            self.flush()?;
            self.changed();
        }
        Ok(n)
    }

    /// Summaries written before format 2 lack what statistics and retention read. They are
    /// rebuilt once from the stored states; the marker is written last, so a crash part-way
    /// simply rebuilds again on the next open.
    pub(super) fn upgrade_summaries(&self) -> Result<(), StoreError> {
        let current = records::encode_counter(&2)?;
        if self.trees[META].get(SUMMARY_FORMAT)?.as_deref() == Some(current.as_slice()) {
            return Ok(());
        }
        for r in self.trees[CASES].iter() {
            let (k, v) = r?;
            // A damaged state is left for `check` to report and `check --repair` to rebuild.
            if let Ok(state) = records::decode_case(&v) {
                self.trees[SUMMARIES].insert(
                    k,
                    records::encode_summary(&crate::domain::summary::CaseSummary::of(&state))?,
                )?;
            }
        }
        self.trees[META].insert(SUMMARY_FORMAT, current)?;
        self.db.flush()?;
        Ok(())
    }

    /// Records how many follow-ups were overdue on `day` (the last count of the day wins).
    /// Not flushed on its own: a lost count is redrawn the next time the queue is read.
    pub fn note_overdue(&self, day: NaiveDate, count: u64) -> Result<(), StoreError> {
        let mut key = OVERDUE_PREFIX.to_vec();
        key.extend_from_slice(&day_number(day).to_be_bytes());
        self.trees[META].insert(key, records::encode_counter(&count)?)?;
        Ok(())
    }

    /// The recorded overdue counts from `from` on, oldest first.
    pub fn overdue_history(&self, from: NaiveDate) -> Result<Vec<(NaiveDate, u64)>, StoreError> {
        let mut start = OVERDUE_PREFIX.to_vec();
        start.extend_from_slice(&day_number(from).to_be_bytes());
        let mut out = Vec::new();
        for r in self.trees[META].range(start..) {
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
