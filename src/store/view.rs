//! The view: sled trees that answer the program's questions quickly — each case's summary and
//! where its events are in the journal, the work-queue and search indexes, meetings, viewers,
//! tombstones — all derived from the journal. It is never the only copy of anything: lost,
//! behind or damaged, it is caught up or rebuilt from the journal, so sled's own (lazy) flush
//! is enough for it.
//!
//! A record is applied in two steps. `Delta::of` reads what the record changes (the view as it
//! is, and the journal for the states of the cases it touches) and works out every key to write
//! or remove; `View::commit` writes them in one sled transaction together with the position of
//! the record, so the view is always exactly "the journal up to a record".

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use super::audit::{AuditHead, Link, link as chain_link};
use super::codec::{self, CodecError, Kind};
use super::error::StoreError;
use super::journal::{Journal, JournalId, Loc};
use super::keys::{self, IndexKeys, case_key};
use super::queue_index;
use super::record::{self, Op, Record};
use super::records::{self, AUDIT_HASH_LEN};
use crate::domain::audit::{AuditAction, Viewer, remember_viewer};
use crate::domain::flow::Participant;
use crate::domain::summary::{CaseLine, CaseSummary};
use crate::domain::{CaseNo, CaseState, Event, EventPayload};

pub const META: usize = 0;
pub const CASES: usize = 1;
/// The follow-up date of each open case: `[day][case]`.
pub const DUE: usize = 2;
/// Cases by CPR number: `[10 digits][case]`.
pub const CPR: usize = 3;
/// What each case waits for, by kind and date (the work queue; see `queue_index.rs`).
pub const ITEMS: usize = 4;
/// Legal deadlines of open cases (underretning, the 18th birthday; see `domain::legal`).
pub const LEGAL: usize = 5;
pub const MEETINGS: usize = 6;
/// Each case's recent viewers (from the audit log).
pub const VIEWERS: usize = 7;
/// What is kept of purged cases.
pub const TOMBSTONES: usize = 8;
/// Each case's list line (`CaseLine`): what a queue or list row shows, so that `due` and the
/// work queue read a few dozen bytes per line instead of the whole case entry.
pub const LINES: usize = 9;
pub const TREE_COUNT: usize = 10;
pub const TREE_NAMES: [&str; TREE_COUNT] = [
    "meta",
    "cases",
    "due",
    "cpr",
    "items",
    "legal",
    "meetings",
    "viewers",
    "tombstones",
    "lines",
];
/// The shape of the view's trees and values, and the rules it derives them by (index keys,
/// due items, legal deadlines): a view of another layout is rebuilt from the journal on open.
/// Bump it whenever what a case's events imply for the view changes.
/// 4: the summary's `evaluation_due` (the forløbshjul's round waiting for its evaluation),
/// which the meeting agenda proposes by.
/// 5: the `lines` tree (each case's list line), which the work queue and `due` read.
pub const LAYOUT: u32 = 5;

pub const APPLIED: &[u8] = b"applied";
pub const NEXT_CASE_NO: &[u8] = b"next_case_no";
pub const NEXT_MEETING_NO: &[u8] = b"next_meeting_no";
pub const DEMO_FLAG: &[u8] = b"demo";
pub const AUDIT_HEAD: &[u8] = b"audit_head";
/// Meeting participants met before, newest first, offered when the next meeting is recorded.
pub const ROSTER: &[u8] = b"roster";
/// The topic bank (emnebank): general items saved for later meetings.
pub const TOPICS: &[u8] = b"topics";
/// `overdue/` + day number: the daily overdue counts the statistics draw.
pub const OVERDUE_PREFIX: &[u8] = b"overdue/";
/// `consumed/` + draft id: drafts that became cases.
pub const CONSUMED_PREFIX: &[u8] = b"consumed/";
/// `scrub/` + case number → the segments still holding a purged case's events.
pub const SCRUB_PREFIX: &[u8] = b"scrub/";
/// How many remembered participants are kept.
pub const ROSTER_LIMIT: usize = 200;
/// Each account's console settings: `acct\0<account>\0<name>` → a counter.
pub const ACCOUNT_PREFIX: &[u8] = b"acct\0";

pub fn account_key(account: &str, name: &str) -> Vec<u8> {
    let mut k = ACCOUNT_PREFIX.to_vec();
    k.extend_from_slice(account.as_bytes());
    k.push(0);
    k.extend_from_slice(name.as_bytes());
    k
}

/// The view's value for a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEntry {
    pub event_count: u32,
    /// Every journal record holding events of the case, in order.
    pub locs: Vec<Loc>,
    pub summary: CaseSummary,
}

/// Where the view stands: the journal it was built from, the last record applied and where the
/// next one starts, and the generation of every segment its locations point into.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Applied {
    /// `LAYOUT` of the program that built the view.
    pub layout: u32,
    pub journal: JournalId,
    pub lsn: u64,
    pub end: Option<Loc>,
    pub generations: Vec<(u32, u32)>,
}

pub fn encode_entry(e: &CaseEntry) -> Result<Vec<u8>, CodecError> {
    codec::encode(Kind::CaseEntry, e)
}

pub fn decode_entry(bytes: &[u8]) -> Result<CaseEntry, CodecError> {
    codec::decode(Kind::CaseEntry, bytes)
}

pub fn encode_line(l: &CaseLine) -> Result<Vec<u8>, CodecError> {
    codec::encode(Kind::CaseLine, l)
}

pub fn decode_line(bytes: &[u8]) -> Result<CaseLine, CodecError> {
    codec::decode(Kind::CaseLine, bytes)
}

pub fn encode_applied(a: &Applied) -> Result<Vec<u8>, CodecError> {
    codec::encode(Kind::Applied, a)
}

pub fn decode_applied(bytes: &[u8]) -> Result<Applied, CodecError> {
    codec::decode(Kind::Applied, bytes)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn corrupt(tree: &'static str, key: &[u8], source: CodecError) -> StoreError {
    StoreError::Corrupt {
        tree,
        key: hex(key),
        source,
    }
}

pub fn bad_key(tree: &'static str, key: &[u8]) -> StoreError {
    corrupt(tree, key, CodecError::Truncated)
}

pub struct View {
    pub db: sled::Db,
    pub trees: [sled::Tree; TREE_COUNT],
}

impl View {
    /// Opens (or creates) the view in `dir`. sled can panic on some kinds of damage; that is
    /// an error here, and the caller rebuilds the view.
    pub fn open(dir: &Path, cache_bytes: u64) -> Result<View, StoreError> {
        // Compressed (zstd): summaries and index keys shrink to less than half on disk, and
        // the view is read through sled's cache of decompressed pages.
        let config = sled::Config::new()
            .path(dir)
            .cache_capacity(cache_bytes)
            .use_compression(true)
            .mode(sled::Mode::HighThroughput);
        let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let db = config.open()?;
            let mut trees = Vec::with_capacity(TREE_COUNT);
            for name in TREE_NAMES {
                trees.push(db.open_tree(name)?);
            }
            Ok::<_, sled::Error>((db, trees))
        }));
        match opened {
            Ok(Ok((db, trees))) => {
                let trees: [sled::Tree; TREE_COUNT] = trees
                    .try_into()
                    .map_err(|_| StoreError::Db("the view has the wrong trees".into()))?;
                Ok(View { db, trees })
            }
            Ok(Err(e)) => Err(StoreError::from(e)),
            Err(_) => Err(StoreError::Db("the view's files are damaged".into())),
        }
    }

    pub fn applied(&self) -> Result<Option<Applied>, StoreError> {
        match self.trees[META].get(APPLIED)? {
            Some(b) => Ok(Some(
                decode_applied(&b).map_err(|e| corrupt("meta", APPLIED, e))?,
            )),
            None => Ok(None),
        }
    }

    pub fn counter(&self, key: &[u8]) -> Result<Option<u64>, StoreError> {
        match self.trees[META].get(key)? {
            Some(b) => Ok(Some(
                records::decode_counter(&b).map_err(|e| corrupt("meta", key, e))?,
            )),
            None => Ok(None),
        }
    }

    pub fn entry(&self, no: CaseNo) -> Result<Option<CaseEntry>, StoreError> {
        match self.trees[CASES].get(case_key(no))? {
            Some(b) => Ok(Some(
                decode_entry(&b).map_err(|e| corrupt("cases", &case_key(no), e))?,
            )),
            None => Ok(None),
        }
    }

    pub fn line(&self, no: CaseNo) -> Result<Option<CaseLine>, StoreError> {
        match self.trees[LINES].get(case_key(no))? {
            Some(b) => Ok(Some(
                decode_line(&b).map_err(|e| corrupt("lines", &case_key(no), e))?,
            )),
            None => Ok(None),
        }
    }

    pub fn audit_head(&self) -> Result<AuditHead, StoreError> {
        match self.trees[META].get(AUDIT_HEAD)? {
            Some(b) => records::decode_audit_head(&b).map_err(|e| corrupt("meta", AUDIT_HEAD, e)),
            None => Ok(AuditHead::default()),
        }
    }

    pub fn roster(&self) -> Result<Vec<Participant>, StoreError> {
        match self.trees[META].get(ROSTER)? {
            Some(b) => records::decode_roster(&b).map_err(|e| corrupt("meta", ROSTER, e)),
            None => Ok(Vec::new()),
        }
    }

    /// Writes a delta in one transaction.
    pub fn commit(&self, delta: &Delta) -> Result<(), StoreError> {
        let refs: Vec<&sled::Tree> = self.trees.iter().collect();
        refs[..]
            .transaction(|t| {
                for (tree, key, value) in &delta.writes {
                    match value {
                        Some(v) => t[*tree].insert(key.as_slice(), v.as_slice())?,
                        None => t[*tree].remove(key.as_slice())?,
                    };
                }
                Ok::<(), ConflictableTransactionError<StoreError>>(())
            })
            .map_err(|e| match e {
                TransactionError::Abort(e) => e,
                TransactionError::Storage(e) => StoreError::from(e),
            })
    }

    /// Empties every tree (before a rebuild in place).
    pub fn clear(&self) -> Result<(), StoreError> {
        for t in &self.trees {
            t.clear()?;
        }
        Ok(())
    }
}

/// Puts the participants first in the remembered list, without duplicates.
pub fn merge_roster(old: Vec<Participant>, new: &[Participant]) -> Vec<Participant> {
    let mut merged: Vec<Participant> = Vec::with_capacity(old.len() + new.len());
    for p in new.iter().cloned().chain(old) {
        if !merged.contains(&p) {
            merged.push(p);
        }
    }
    merged.truncate(ROSTER_LIMIT);
    merged
}

/// The events of case `no` in the records at `locs`.
pub fn events_of(journal: &Journal, no: CaseNo, locs: &[Loc]) -> Result<Vec<Event>, StoreError> {
    let mut out = Vec::new();
    for &loc in locs {
        let rec = journal
            .read_with(loc, |_, payload| record::decode(payload))?
            .map_err(|e| StoreError::Record { loc, source: e })?;
        for op in rec.ops {
            if let Op::Events { case, events } = op
                && case == no
            {
                out.extend(events);
            }
        }
    }
    Ok(out)
}

/// What a record changes in the view, worked out before anything is written.
#[derive(Default)]
pub struct Delta {
    pub writes: Vec<(usize, Vec<u8>, Option<Vec<u8>>)>,
}

impl Delta {
    fn put(&mut self, tree: usize, key: impl Into<Vec<u8>>, value: Vec<u8>) {
        self.writes.push((tree, key.into(), Some(value)));
    }

    fn remove(&mut self, tree: usize, key: impl Into<Vec<u8>>) {
        self.writes.push((tree, key.into(), None));
    }

    /// Works out what `rec` (number `lsn`, at `loc`, the next record starting at `end`)
    /// changes. `known` holds states of cases as they stand before the record, where the
    /// caller has them, so they need not be replayed from the journal again.
    pub fn of(
        view: &View,
        journal: &Journal,
        rec: &Record,
        lsn: u64,
        loc: Loc,
        end: Loc,
        known: &HashMap<CaseNo, CaseState>,
    ) -> Result<(Delta, HashMap<CaseNo, CaseState>), StoreError> {
        let mut d = Delta::default();
        let mut work = Work::default();
        d.audit(view, &mut work, &rec.audit)?;
        for op in &rec.ops {
            d.op(view, journal, &mut work, op, loc, known)?;
        }
        let after = work.finish(view, &mut d)?;
        let mut applied = view.applied()?.unwrap_or_default();
        applied.layout = LAYOUT;
        applied.journal = journal.id();
        applied.lsn = lsn;
        applied.end = Some(end);
        applied.generations = journal.generations();
        d.put(META, APPLIED, encode_applied(&applied)?);
        Ok((d, after))
    }

    fn audit(&mut self, view: &View, work: &mut Work, audit: &[Vec<u8>]) -> Result<(), StoreError> {
        if audit.is_empty() {
            return Ok(());
        }
        let mut head = view.audit_head()?;
        for bytes in audit {
            let stored = records::decode_audit(bytes);
            // A chained record ends with its link; one from before the chain (format 1) is
            // taken in by linking over all of it.
            let l: Link = match &stored {
                Ok(records::StoredAudit::Unchained(_)) => chain_link(&head.link, bytes),
                _ => bytes
                    .get(bytes.len().saturating_sub(AUDIT_HASH_LEN)..)
                    .and_then(|s| s.try_into().ok())
                    .unwrap_or([0; AUDIT_HASH_LEN]),
            };
            head = AuditHead {
                entries: head.entries + 1,
                link: l,
                next_key: head.next_key + 1,
            };
            if let Ok(stored) = stored
                && let AuditAction::CaseViewed { case } = stored.entry().action
            {
                let old = match work.viewers.remove(&case) {
                    Some(v) => v,
                    None => match view.trees[VIEWERS].get(case_key(case))? {
                        Some(b) => records::decode_viewers(&b)
                            .map_err(|e| corrupt("viewers", &case_key(case), e))?,
                        None => Vec::new(),
                    },
                };
                let e = stored.entry();
                let v = remember_viewer(
                    old,
                    Viewer {
                        user: e.user.clone(),
                        at: e.at,
                    },
                );
                work.viewers.insert(case, v);
            }
        }
        self.put(META, AUDIT_HEAD, records::encode_audit_head(&head)?);
        Ok(())
    }

    fn op(
        &mut self,
        view: &View,
        journal: &Journal,
        work: &mut Work,
        op: &Op,
        loc: Loc,
        known: &HashMap<CaseNo, CaseState>,
    ) -> Result<(), StoreError> {
        match op {
            Op::Events { case, events } => {
                let no = *case;
                if let std::collections::btree_map::Entry::Vacant(slot) = work.cases.entry(no) {
                    let before = match view.entry(no)? {
                        Some(entry) => {
                            let state = match known.get(&no) {
                                Some(s) => s.clone(),
                                None => {
                                    CaseState::replay(no, &events_of(journal, no, &entry.locs)?)?
                                }
                            };
                            Some((entry, state))
                        }
                        None => None,
                    };
                    slot.insert(CaseWork {
                        old_line: before.as_ref().map(|(e, _)| CaseLine::from(&e.summary)),
                        old_keys: before
                            .as_ref()
                            .map(|(_, s)| IndexKeys::of(s))
                            .unwrap_or_default(),
                        locs: before
                            .as_ref()
                            .map(|(e, _)| e.locs.clone())
                            .unwrap_or_default(),
                        state: before.map(|(_, s)| s),
                        purged: None,
                    });
                }
                let cw = work.cases.get_mut(&no).ok_or(StoreError::NoSuchCase(no))?;
                let mut met: Vec<Vec<Participant>> = Vec::new();
                for e in events {
                    match &mut cw.state {
                        Some(s) => s.apply(e),
                        None => cw.state = Some(CaseState::replay(no, std::slice::from_ref(e))?),
                    }
                    if let EventPayload::JointReviewRecorded(r) = &e.payload {
                        met.push(r.participants.clone());
                    }
                }
                if cw.locs.last() != Some(&loc) {
                    cw.locs.push(loc);
                }
                for m in met {
                    work.remember(view, &m)?;
                }
                work.next_case_no = Some(work.next_case_no(view)?.max(no + 1));
            }
            Op::MeetingCreated(m) => {
                self.put(MEETINGS, m.no.to_be_bytes(), records::encode_meeting(m)?);
                work.remember(view, &m.participants)?;
                let next = view.counter(NEXT_MEETING_NO)?.unwrap_or(1).max(m.no + 1);
                self.put(META, NEXT_MEETING_NO, records::encode_counter(&next)?);
            }
            Op::MeetingSaved(m) => {
                self.put(MEETINGS, m.no.to_be_bytes(), records::encode_meeting(m)?);
            }
            Op::Topics(t) => self.put(META, TOPICS, records::encode_topics(t)?),
            Op::Purged(stone) => {
                let no = stone.no;
                let entry = view.entry(no)?;
                let state = match (&entry, known.get(&no)) {
                    (_, Some(s)) => Some(s.clone()),
                    (Some(e), None) => {
                        Some(CaseState::replay(no, &events_of(journal, no, &e.locs)?)?)
                    }
                    (None, None) => None,
                };
                let segments: Vec<u32> = entry
                    .map(|e| e.locs.iter().map(|l| l.seg).collect())
                    .unwrap_or_default();
                work.cases.insert(
                    no,
                    CaseWork {
                        old_line: None,
                        old_keys: state.as_ref().map(IndexKeys::of).unwrap_or_default(),
                        locs: Vec::new(),
                        state: None,
                        purged: Some(segments),
                    },
                );
                self.put(TOMBSTONES, case_key(no), records::encode_tombstone(stone)?);
                self.remove(VIEWERS, case_key(no));
                work.viewers.remove(&no);
                work.next_case_no = Some(work.next_case_no(view)?.max(no + 1));
            }
            Op::Tombstones(stones) => {
                for s in stones {
                    self.put(TOMBSTONES, case_key(s.no), records::encode_tombstone(s)?);
                    work.next_case_no = Some(work.next_case_no(view)?.max(s.no + 1));
                }
            }
            Op::DemoData => self.put(META, DEMO_FLAG, records::encode_counter(&1)?),
            Op::NextCaseNo(n) => {
                work.next_case_no = Some(work.next_case_no(view)?.max(*n));
            }
            Op::DraftsConsumed(ids) => {
                for id in ids {
                    let mut k = CONSUMED_PREFIX.to_vec();
                    k.extend_from_slice(&id.to_be_bytes());
                    self.put(META, k, Vec::new());
                }
            }
            Op::OverdueNoted { day, count } => {
                let mut key = OVERDUE_PREFIX.to_vec();
                key.extend_from_slice(&keys::day_number(*day).to_be_bytes());
                self.put(META, key, records::encode_counter(count)?);
            }
            Op::Roster(r) => {
                work.roster = Some(r.iter().take(ROSTER_LIMIT).cloned().collect());
            }
            Op::AccountSetting {
                account,
                name,
                value,
            } => {
                let key = account_key(account, name);
                match value {
                    Some(v) => self.put(META, key, records::encode_counter(v)?),
                    None => self.remove(META, key),
                }
            }
        }
        Ok(())
    }
}

struct CaseWork {
    /// The line as the view holds it, to write it again only when it changes.
    old_line: Option<CaseLine>,
    old_keys: IndexKeys,
    locs: Vec<Loc>,
    /// The state after the record; `None` once purged.
    state: Option<CaseState>,
    /// Purged: the segments that still hold its events.
    purged: Option<Vec<u32>>,
}

/// What a record's ops add up to per case, written once at the end.
#[derive(Default)]
struct Work {
    cases: BTreeMap<CaseNo, CaseWork>,
    viewers: HashMap<CaseNo, Vec<Viewer>>,
    roster: Option<Vec<Participant>>,
    next_case_no: Option<CaseNo>,
}

impl Work {
    fn remember(&mut self, view: &View, new: &[Participant]) -> Result<(), StoreError> {
        let old = match self.roster.take() {
            Some(r) => r,
            None => view.roster()?,
        };
        self.roster = Some(merge_roster(old, new));
        Ok(())
    }

    fn next_case_no(&self, view: &View) -> Result<CaseNo, StoreError> {
        match self.next_case_no {
            Some(n) => Ok(n),
            None => Ok(view.counter(NEXT_CASE_NO)?.unwrap_or(1)),
        }
    }

    fn finish(self, view: &View, d: &mut Delta) -> Result<HashMap<CaseNo, CaseState>, StoreError> {
        let mut after = HashMap::new();
        let mut counts = [0i64; queue_index::SLOTS];
        // (tree, key, add?) in order.
        let mut index: Vec<(usize, Vec<u8>, bool)> = Vec::new();
        for (no, cw) in self.cases {
            let key = case_key(no);
            let new_keys = cw.state.as_ref().map(IndexKeys::of).unwrap_or_default();
            for (slot, delta) in queue_index::deltas(&cw.old_keys, &new_keys)
                .iter()
                .enumerate()
            {
                counts[slot] += delta;
            }
            for (tree, o, n) in [
                (DUE, &cw.old_keys.due, &new_keys.due),
                (CPR, &cw.old_keys.cpr, &new_keys.cpr),
            ] {
                if o != n {
                    if let Some(o) = o {
                        index.push((tree, o.clone(), false));
                    }
                    if let Some(n) = n {
                        index.push((tree, n.clone(), true));
                    }
                }
            }
            for (tree, old, new) in [
                (ITEMS, &cw.old_keys.items, &new_keys.items),
                (LEGAL, &cw.old_keys.legal, &new_keys.legal),
            ] {
                for o in old.iter().filter(|k| !new.contains(k)) {
                    index.push((tree, o.clone(), false));
                }
                for n in new.iter().filter(|k| !old.contains(k)) {
                    index.push((tree, n.clone(), true));
                }
            }
            match (cw.state, cw.purged) {
                (Some(state), _) => {
                    let entry = CaseEntry {
                        event_count: state.event_count,
                        locs: cw.locs,
                        summary: CaseSummary::of(&state),
                    };
                    let line = CaseLine::from(&entry.summary);
                    if cw.old_line.as_ref() != Some(&line) {
                        d.put(LINES, key, encode_line(&line)?);
                    }
                    d.put(CASES, key, encode_entry(&entry)?);
                    after.insert(no, state);
                }
                (None, Some(segments)) => {
                    d.remove(CASES, key);
                    d.remove(LINES, key);
                    let mut k = SCRUB_PREFIX.to_vec();
                    k.extend_from_slice(&no.to_be_bytes());
                    let mut v: Vec<u8> = Vec::with_capacity(segments.len() * 4);
                    let mut segments = segments;
                    segments.dedup();
                    for s in segments {
                        v.extend_from_slice(&s.to_be_bytes());
                    }
                    d.put(META, k, v);
                }
                (None, None) => {}
            }
        }
        for (tree, key, add) in index {
            if add {
                d.put(tree, key, Vec::new());
            } else {
                d.remove(tree, key);
            }
        }
        for (slot, delta) in counts.iter().enumerate().filter(|(_, d)| **d != 0) {
            let key = queue_index::counter_key(slot);
            let now = view.counter(&key)?.unwrap_or(0);
            d.put(
                META,
                key,
                records::encode_counter(&now.saturating_add_signed(*delta))?,
            );
        }
        for (case, viewers) in self.viewers {
            d.put(VIEWERS, case_key(case), records::encode_viewers(&viewers)?);
        }
        if let Some(r) = self.roster {
            d.put(META, ROSTER, records::encode_roster(&r)?);
        }
        if let Some(n) = self.next_case_no {
            d.put(META, NEXT_CASE_NO, records::encode_counter(&n)?);
        }
        Ok(after)
    }
}

/// The link an audit record's bytes end with, computed over the bytes before it.
pub fn chain(prev: &Link, body: Vec<u8>) -> (Vec<u8>, Link) {
    let l = chain_link(prev, &body);
    let mut bytes = body;
    bytes.extend_from_slice(&l);
    (bytes, l)
}
