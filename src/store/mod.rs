//! The only code that knows sled. Cases are append-only event lists plus a materialised state,
//! a summary and index trees, all written in one transaction and flushed before a save is
//! acknowledged (sled's own background flush runs only every 500 ms).

pub mod audit;
pub mod codec;
mod error;
mod frozen;
mod keys;
mod open;
pub mod queue_index;
pub mod records;
mod retention;
mod seal;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{NaiveDate, NaiveDateTime};
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::{Transactional, Tree};

use crate::domain::case::ReplayError;
use crate::domain::cpr::Cpr;
use crate::domain::draft::{Draft, DraftId};
use crate::domain::flow::Participant;
use crate::domain::legal::LegalKind;
use crate::domain::summary::CaseSummary;
use crate::domain::{CaseNo, CaseState, Event, EventPayload};

use crate::domain::meeting::{Meeting, MeetingNo};
pub use audit::{AuditHead, AuditProblem, AuditVerify, ProblemKind};
pub use codec::CodecError;
pub use error::StoreError;
use keys::{IndexKeys, case_key, event_key};
pub use open::OpenOptions;
pub use retention::PurgeRefused;

/// Who holds the database at `path` when another process has it open (see `open::holder`).
pub fn holder(path: &Path) -> Option<String> {
    open::holder(path)
}

// Positions of the trees in a transaction.
const META: usize = 0;
const CASES: usize = 1;
const EVENTS: usize = 2;
const SUMMARIES: usize = 3;
const DRAFTS: usize = 4;
const DUE: usize = 5;
const NAME: usize = 6;
const CPR: usize = 7;
/// What each case waits for, by kind and date (the work queue; see `queue_index.rs`).
const ITEMS: usize = 8;
const MEETINGS: usize = 9;
/// The hash-chained audit log, and each case's recent viewers (see `audit.rs`).
const AUDIT: usize = 10;
const VIEWERS: usize = 11;
/// Legal deadlines of open cases (underretning, the 18th birthday; see `domain::legal`).
const LEGAL: usize = 12;
const TREE_COUNT: usize = 13;
const TREE_NAMES: [&str; TREE_COUNT] = [
    "meta",
    "cases",
    "events",
    "summaries",
    "drafts",
    "idx_due",
    "idx_name",
    "idx_cpr",
    "idx_items",
    "meetings",
    "audit",
    "audit_viewers",
    "idx_legal",
];

const NEXT_CASE_NO: &[u8] = b"next_case_no";
/// Number of acknowledged saves, mirrored in the seal file outside sled.
const SAVES: &[u8] = b"saves";
const DEMO_FLAG: &[u8] = b"demo";
/// Set once the item index holds every case's due items (databases from before it existed
/// get it built on their first open).
const ITEMS_BUILT: &[u8] = b"items_v2";
/// Set once the legal index has been built for a database that predates it, to the version
/// of `domain::legal::pending` it was built with.
const LEGAL_INDEX_BUILT: &[u8] = b"legal_index";
/// 2: a minor filed without an underretning is chased (issue 13). Adding the items of a newer
/// version only inserts keys, so a database of an older one is brought up to date on open.
const LEGAL_INDEX_VERSION: u64 = 2;
/// Meeting participants met before, newest first, offered when the next meeting is recorded.
const ROSTER: &[u8] = b"roster";
const NEXT_MEETING_NO: &[u8] = b"next_meeting_no";
/// The topic bank (emnebank): general items saved for later meetings.
const TOPICS: &[u8] = b"topics";
/// How many remembered participants are kept.
pub const ROSTER_LIMIT: usize = 200;

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

fn abort<E: Into<StoreError>>(e: E) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(e.into())
}

pub struct Store {
    db: sled::Db,
    trees: [Tree; TREE_COUNT],
    /// What is kept of purged cases.
    tombstones: Tree,
    path: PathBuf,
    seal: std::sync::Mutex<seal::Seal>,
    /// Saves found missing on open and accepted (`OpenOptions::accept_loss`).
    lost_saves: u64,
    /// Counts the committed writes other sessions would see differently (see `changes`). Kept
    /// in memory only: it tells open sessions that something moved, not what or since when.
    changes: Arc<AtomicU64>,
}

/// One case's full history, as exported and imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    pub no: CaseNo,
    pub events: Vec<Event>,
}

/// What `check` found.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckReport {
    pub cases: u64,
    pub events: u64,
    pub drafts: u64,
    pub audit_entries: u64,
    pub problems: Vec<String>,
}

impl Store {
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Store, StoreError> {
        let db = open::open_db(path, opts)?;
        let tree = |name: &str| db.open_tree(name).map_err(StoreError::from);
        let trees = [
            tree(TREE_NAMES[0])?,
            tree(TREE_NAMES[1])?,
            tree(TREE_NAMES[2])?,
            tree(TREE_NAMES[3])?,
            tree(TREE_NAMES[4])?,
            tree(TREE_NAMES[5])?,
            tree(TREE_NAMES[6])?,
            tree(TREE_NAMES[7])?,
            tree(TREE_NAMES[8])?,
            tree(TREE_NAMES[9])?,
            tree(TREE_NAMES[10])?,
            tree(TREE_NAMES[11])?,
            tree(TREE_NAMES[12])?,
        ];
        let tombstones = Store::open_tombstones(&db)?;
        let (seal, sealed) = seal::Seal::open(path).map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let store = Store {
            db,
            trees,
            tombstones,
            path: path.to_path_buf(),
            seal: std::sync::Mutex::new(seal),
            lost_saves: 0,
            changes: Arc::new(AtomicU64::new(0)),
        };
        let saves = store.saves()?;
        store.ensure_audit_head()?;
        let mut store = store;
        store.build_legal_index()?;
        match sealed {
            Some(sealed) if sealed > saves && !opts.accept_loss => {
                return Err(StoreError::Damaged {
                    path: path.to_path_buf(),
                    lost: sealed - saves,
                });
            }
            Some(sealed) if sealed > saves => {
                store.lost_saves = sealed - saves;
                store.write_seal(saves)?;
            }
            // Sled may be ahead after a crash between its flush and the seal: nothing lost.
            Some(sealed) if sealed == saves => {}
            _ => store.write_seal(saves)?,
        }
        store.upgrade_summaries()?;
        store.build_item_index()?;
        Ok(store)
    }

    fn build_item_index(&self) -> Result<(), StoreError> {
        if self.trees[META].contains_key(ITEMS_BUILT)? {
            return Ok(());
        }
        self.trees[ITEMS].clear()?;
        for r in self.trees[CASES].iter() {
            let (k, v) = r?;
            let state = records::decode_case(&v).map_err(|e| corrupt("cases", &k, e))?;
            for key in IndexKeys::of(&state).items {
                self.trees[ITEMS].insert(key, &[])?;
            }
        }
        self.recount()?;
        self.trees[META].insert(ITEMS_BUILT, &[])?;
        self.flush()
    }

    /// A database written before the legal index existed gets it once, from the stored
    /// states (a one-off decode of every case); later the index moves with every save.
    fn build_legal_index(&self) -> Result<(), StoreError> {
        let built = match self.trees[META].get(LEGAL_INDEX_BUILT)? {
            Some(b) => records::decode_counter(&b).unwrap_or(0),
            None => 0,
        };
        if built >= LEGAL_INDEX_VERSION {
            return Ok(());
        }
        for r in self.trees[CASES].iter() {
            let (k, v) = r?;
            // A state that does not decode is reported by `check`; repair rebuilds it.
            let Ok(state) = records::decode_case(&v) else {
                continue;
            };
            if keys::case_no_of(&k) != Some(state.no) {
                continue;
            }
            for key in IndexKeys::of(&state).legal {
                self.trees[LEGAL].insert(key, &[])?;
            }
        }
        self.trees[META].insert(
            LEGAL_INDEX_BUILT,
            records::encode_counter(&LEGAL_INDEX_VERSION)?,
        )?;
        self.db.flush()?;
        Ok(())
    }

    fn saves(&self) -> Result<u64, StoreError> {
        match self.trees[META].get(SAVES)? {
            Some(b) => records::decode_counter(&b).map_err(|e| corrupt("meta", SAVES, e)),
            None => Ok(0),
        }
    }

    fn write_seal(&self, saves: u64) -> Result<(), StoreError> {
        let mut seal = self
            .seal
            .lock()
            .map_err(|_| StoreError::Db("the seal lock is poisoned".into()))?;
        seal.write(saves).map_err(|e| StoreError::Db(e.to_string()))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Saves that were missing when the database was opened with `accept_loss`.
    pub fn lost_saves(&self) -> u64 {
        self.lost_saves
    }

    /// How many shared writes this process has committed since the database was opened: a
    /// screen that read less is out of date. Drafts (private to their author), audit entries
    /// and the statistics' daily overdue count do not count, or screens that refresh on a
    /// change would set each other off for ever.
    /// The counter itself, for the server to answer "anything new?" without waiting for the
    /// request in hand.
    pub fn change_counter(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.changes)
    }

    pub fn changes(&self) -> u64 {
        self.changes.load(Ordering::Acquire)
    }

    /// Called after a shared write has been committed (and flushed, where it is flushed).
    fn changed(&self) {
        self.changes.fetch_add(1, Ordering::AcqRel);
    }

    /// Makes everything written so far durable. Called before any save is acknowledged.
    /// Makes a draft durable. Drafts change on every keystroke, so they skip the seal: its
    /// second sync would double the cost of each key, and the seal exists to catch lost cases.
    fn flush_draft(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    pub fn flush(&self) -> Result<(), StoreError> {
        let saves = self.saves()? + 1;
        self.trees[META].insert(SAVES, records::encode_counter(&saves)?)?;
        self.db.flush()?;
        self.write_seal(saves)?;
        Ok(())
    }

    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self.db.size_on_disk()?)
    }

    fn refs(&self) -> [&Tree; TREE_COUNT] {
        std::array::from_fn(|i| &self.trees[i])
    }

    fn transact<T>(
        &self,
        f: impl Fn(&[TransactionalTree]) -> TxResult<T>,
    ) -> Result<T, StoreError> {
        let refs = self.refs();
        refs[..]
            .transaction(|t: &Vec<TransactionalTree>| f(t))
            .map_err(|e| match e {
                TransactionError::Abort(e) => e,
                TransactionError::Storage(e) => StoreError::from(e),
            })
    }

    pub fn is_empty(&self) -> bool {
        self.trees[CASES].is_empty() && self.trees[DRAFTS].is_empty()
    }

    /// Counts the cases by reading every stored state: sled keeps no count. Not for hot
    /// paths or large databases (100 MB read at 100,000 cases).
    pub fn case_count(&self) -> usize {
        self.trees[CASES].len()
    }

    pub fn is_demo(&self) -> bool {
        matches!(self.trees[META].get(DEMO_FLAG), Ok(Some(_)))
    }

    pub fn mark_demo(&self) -> Result<(), StoreError> {
        self.trees[META].insert(DEMO_FLAG, records::encode_counter(&1)?)?;
        Ok(())
    }

    pub fn next_case_no(&self) -> Result<CaseNo, StoreError> {
        match self.trees[META].get(NEXT_CASE_NO)? {
            Some(b) => {
                Ok(records::decode_counter(&b).map_err(|e| corrupt("meta", NEXT_CASE_NO, e))?)
            }
            None => Ok(1),
        }
    }

    pub fn set_next_case_no(&self, next: CaseNo) -> Result<(), StoreError> {
        self.trees[META].insert(NEXT_CASE_NO, records::encode_counter(&next)?)?;
        Ok(())
    }

    /// Files a new case (allocating its number), links it to `links` on both sides, and removes
    /// the draft it came from — all or nothing, durable when this returns.
    pub fn file_case(
        &self,
        filed: EventPayload,
        links: &[CaseNo],
        draft: Option<DraftId>,
        author: &str,
        at: NaiveDateTime,
    ) -> Result<CaseState, StoreError> {
        let state = self.transact(|t| {
            let no = match t[META].get(NEXT_CASE_NO)? {
                Some(b) => records::decode_counter(&b).map_err(abort)?,
                None => 1,
            };
            t[META].insert(
                NEXT_CASE_NO,
                records::encode_counter(&(no + 1)).map_err(abort)?,
            )?;
            let mut payloads = vec![filed.clone()];
            for &other in links {
                if t[CASES].get(case_key(other))?.is_none() {
                    return Err(abort(StoreError::NoSuchCase(other)));
                }
                payloads.push(EventPayload::Linked { other });
                tx_append(t, other, &[EventPayload::Linked { other: no }], author, at)?;
            }
            let state = tx_append(t, no, &payloads, author, at)?;
            if let Some(id) = draft {
                t[DRAFTS].remove(&id.to_be_bytes())?;
            }
            Ok(state)
        })?;
        self.flush()?;
        self.changed();
        Ok(state)
    }

    /// Appends events to an existing case; durable when this returns.
    pub fn append(
        &self,
        no: CaseNo,
        payloads: &[EventPayload],
        draft: Option<DraftId>,
        author: &str,
        at: NaiveDateTime,
    ) -> Result<CaseState, StoreError> {
        let state = self.transact(|t| {
            if t[CASES].get(case_key(no))?.is_none() {
                return Err(abort(StoreError::NoSuchCase(no)));
            }
            let state = tx_append(t, no, payloads, author, at)?;
            for p in payloads {
                if let EventPayload::Linked { other } = p {
                    if t[CASES].get(case_key(*other))?.is_none() {
                        return Err(abort(StoreError::NoSuchCase(*other)));
                    }
                    tx_append(t, *other, &[EventPayload::Linked { other: no }], author, at)?;
                }
            }
            if let Some(id) = draft {
                t[DRAFTS].remove(&id.to_be_bytes())?;
            }
            Ok(state)
        })?;
        self.flush()?;
        self.changed();
        Ok(state)
    }

    /// Stores a new meeting under the next number; durable when this returns.
    pub fn create_meeting(&self, m: Meeting) -> Result<Meeting, StoreError> {
        let m = self.transact(|t| {
            let mut m = m.clone();
            let no = match t[META].get(NEXT_MEETING_NO)? {
                Some(b) => records::decode_counter(&b)
                    .map_err(|e| abort(corrupt("meta", NEXT_MEETING_NO, e)))?,
                None => 1,
            };
            m.no = no;
            t[META].insert(
                NEXT_MEETING_NO,
                records::encode_counter(&(no + 1)).map_err(abort)?,
            )?;
            t[MEETINGS].insert(
                &no.to_be_bytes(),
                records::encode_meeting(&m).map_err(abort)?,
            )?;
            tx_remember(t, &m.participants)?;
            Ok(m.clone())
        })?;
        self.flush()?;
        self.changed();
        Ok(m)
    }

    /// Replaces a meeting record (a general item's outcome); durable when this returns.
    pub fn save_meeting(&self, m: &Meeting) -> Result<(), StoreError> {
        self.transact(|t| {
            t[MEETINGS].insert(
                &m.no.to_be_bytes(),
                records::encode_meeting(m).map_err(abort)?,
            )?;
            Ok(())
        })?;
        self.flush()?;
        self.changed();
        Ok(())
    }

    /// Appends a meeting's decision to a case and stores the meeting with the item's outcome,
    /// in one transaction: the case and the minutes never disagree.
    pub fn append_for_meeting(
        &self,
        no: CaseNo,
        payloads: &[EventPayload],
        meeting: &Meeting,
        author: &str,
        at: NaiveDateTime,
    ) -> Result<CaseState, StoreError> {
        let state = self.transact(|t| {
            if t[CASES].get(case_key(no))?.is_none() {
                return Err(abort(StoreError::NoSuchCase(no)));
            }
            let state = tx_append(t, no, payloads, author, at)?;
            t[MEETINGS].insert(
                &meeting.no.to_be_bytes(),
                records::encode_meeting(meeting).map_err(abort)?,
            )?;
            Ok(state)
        })?;
        self.flush()?;
        self.changed();
        Ok(state)
    }

    pub fn meeting(&self, no: MeetingNo) -> Result<Option<Meeting>, StoreError> {
        let key = no.to_be_bytes();
        match self.trees[MEETINGS].get(key)? {
            Some(b) => Ok(Some(
                records::decode_meeting(&b).map_err(|e| corrupt("meetings", &key, e))?,
            )),
            None => Ok(None),
        }
    }

    /// Every meeting, newest number first.
    pub fn meetings(&self) -> Result<Vec<Meeting>, StoreError> {
        let mut out: Vec<Meeting> = decoded(
            self.trees[MEETINGS].iter(),
            "meetings",
            records::decode_meeting,
        )
        .collect::<Result<_, _>>()?;
        out.reverse();
        Ok(out)
    }

    pub fn topics(&self) -> Result<Vec<String>, StoreError> {
        match self.trees[META].get(TOPICS)? {
            Some(b) => Ok(records::decode_topics(&b).map_err(|e| corrupt("meta", TOPICS, e))?),
            None => Ok(Vec::new()),
        }
    }

    pub fn save_topics(&self, topics: &[String]) -> Result<(), StoreError> {
        self.trees[META].insert(TOPICS, records::encode_topics(&topics.to_vec())?)?;
        self.flush()?;
        self.changed();
        Ok(())
    }

    /// Writes whole histories (import, demo data) without a flush per case. Not durable until
    /// `flush` is called; the caller reports success only after that.
    pub fn insert_histories<I>(&self, histories: I) -> Result<u64, StoreError>
    where
        I: IntoIterator<Item = History>,
    {
        let mut count = 0;
        let mut max_no = self.next_case_no()?.saturating_sub(1);
        let mut roster = self.roster()?;
        for h in histories {
            let state = CaseState::replay(h.no, &h.events)?;
            for e in &h.events {
                if let EventPayload::JointReviewRecorded(r) = &e.payload {
                    roster = merge_roster(roster, &r.participants);
                }
            }
            let encoded_events = h
                .events
                .iter()
                .map(records::encode_event)
                .collect::<Result<Vec<_>, _>>()?;
            self.transact(|t| {
                if t[CASES].get(case_key(h.no))?.is_some() {
                    return Err(abort(StoreError::CaseExists(h.no)));
                }
                for (e, bytes) in h.events.iter().zip(&encoded_events) {
                    t[EVENTS].insert(&event_key(h.no, e.seq), bytes.as_slice())?;
                }
                tx_write_state(t, None, &state)
            })?;
            max_no = max_no.max(h.no);
            count += 1;
        }
        self.trees[META].insert(NEXT_CASE_NO, records::encode_counter(&(max_no + 1))?)?;
        self.trees[META].insert(ROSTER, records::encode_roster(&roster)?)?;
        self.changed();
        Ok(count)
    }

    /// Meeting participants met before, newest first.
    pub fn roster(&self) -> Result<Vec<Participant>, StoreError> {
        match self.trees[META].get(ROSTER)? {
            Some(b) => records::decode_roster(&b).map_err(|e| corrupt("meta", ROSTER, e)),
            None => Ok(Vec::new()),
        }
    }

    pub fn case(&self, no: CaseNo) -> Result<Option<CaseState>, StoreError> {
        match self.trees[CASES].get(case_key(no))? {
            Some(b) => Ok(Some(
                records::decode_case(&b).map_err(|e| corrupt("cases", &case_key(no), e))?,
            )),
            None => Ok(None),
        }
    }

    pub fn summary(&self, no: CaseNo) -> Result<Option<CaseSummary>, StoreError> {
        match self.trees[SUMMARIES].get(case_key(no))? {
            Some(b) => Ok(Some(
                records::decode_summary(&b).map_err(|e| corrupt("summaries", &case_key(no), e))?,
            )),
            None => Ok(None),
        }
    }

    pub fn events(&self, no: CaseNo) -> Result<Vec<Event>, StoreError> {
        decoded(
            self.trees[EVENTS].scan_prefix(case_key(no)),
            "events",
            records::decode_event,
        )
        .collect()
    }

    /// The newest event of case `no` (who changed it last, and when), without reading the rest.
    pub fn last_event(&self, no: CaseNo) -> Result<Option<Event>, StoreError> {
        match self.trees[EVENTS].scan_prefix(case_key(no)).next_back() {
            Some(r) => {
                let (k, v) = r?;
                Ok(Some(
                    records::decode_event(&v).map_err(|e| corrupt("events", &k, e))?,
                ))
            }
            None => Ok(None),
        }
    }

    /// Every case summary, in case-number order. Used to build the in-memory search catalog.
    ///
    /// Read by seeking each key afresh rather than with one scan, so that sled can evict what
    /// it read. sled 0.34's cache acts on accesses in 256 shards, each only once 64 accesses
    /// have queued up in it; a scan touches each page once, which at 100,000 cases is about 40
    /// accesses per shard, so the cache never acts and every summary page read stays in memory
    /// (measured: about 20 MB more resident after loading the catalog, whatever
    /// `cache_capacity` says). A seek touches the page once per key, and the cache keeps to its
    /// capacity. It costs one tree descent per case (about 1 µs).
    pub fn summaries(&self) -> impl Iterator<Item = Result<CaseSummary, StoreError>> + '_ {
        let mut from = Some(Vec::new());
        std::iter::from_fn(move || {
            let start = from.take()?;
            let (k, v) = match self.trees[SUMMARIES].range(start..).next()? {
                Ok(kv) => kv,
                Err(e) => return Some(Err(e.into())),
            };
            // The smallest key after `k`.
            let mut next = k.to_vec();
            next.push(0);
            from = Some(next);
            Some(records::decode_summary(&v).map_err(|e| corrupt("summaries", &k, e)))
        })
    }

    /// Pending legal items whose anchor (underretning time or 18th birthday) lies before
    /// `until`, from the index alone: (anchor, case, kind), earliest anchor first.
    pub fn legal_pending(
        &self,
        until: NaiveDate,
    ) -> Result<Vec<(NaiveDateTime, CaseNo, LegalKind)>, StoreError> {
        let end = keys::legal_day_start(until);
        self.trees[LEGAL]
            .range(..end.as_slice())
            .map(|r| {
                let (k, _) = r?;
                keys::parse_legal_key(&k).ok_or_else(|| bad_key("idx_legal", &k))
            })
            .collect()
    }

    /// Open cases, from the counter kept with the due index (sled's `len` would scan it).
    pub fn open_case_count(&self) -> usize {
        self.queue_total(queue_index::Source::FollowUps)
            .unwrap_or_else(|_| self.trees[DUE].len())
    }

    /// Cases recorded with exactly this CPR number, from the index.
    pub fn cases_by_cpr(&self, cpr: &Cpr) -> Result<Vec<CaseNo>, StoreError> {
        self.trees[CPR]
            .scan_prefix(keys::cpr_prefix(&cpr.digits()))
            .map(|r| {
                let (k, _) = r?;
                keys::case_no_of(&k).ok_or_else(|| bad_key("idx_cpr", &k))
            })
            .collect()
    }

    pub fn new_draft_id(&self) -> Result<DraftId, StoreError> {
        // generate_id is unique across restarts, which is all a draft id needs.
        Ok(self.db.generate_id()? + 1)
    }

    /// Saves a draft durably. Called on every change to a field.
    pub fn save_draft(&self, d: &Draft) -> Result<(), StoreError> {
        self.trees[DRAFTS].insert(d.id.to_be_bytes(), records::encode_draft(d)?)?;
        self.flush_draft()
    }

    pub fn discard_draft(&self, id: DraftId) -> Result<(), StoreError> {
        self.trees[DRAFTS]
            .remove(id.to_be_bytes())?
            .ok_or(StoreError::NoSuchDraft(id))?;
        self.flush_draft()
    }

    pub fn draft(&self, id: DraftId) -> Result<Option<Draft>, StoreError> {
        match self.trees[DRAFTS].get(id.to_be_bytes())? {
            Some(b) => Ok(Some(
                records::decode_draft(&b).map_err(|e| corrupt("drafts", &id.to_be_bytes(), e))?,
            )),
            None => Ok(None),
        }
    }

    pub fn drafts(&self) -> Result<Vec<Draft>, StoreError> {
        decoded(self.trees[DRAFTS].iter(), "drafts", records::decode_draft).collect()
    }

    /// Restores drafts from a backup. Not flushed: the importer flushes once at the end.
    pub fn insert_drafts(&self, drafts: &[Draft]) -> Result<(), StoreError> {
        for d in drafts {
            self.trees[DRAFTS].insert(d.id.to_be_bytes(), records::encode_draft(d)?)?;
        }
        self.changed();
        Ok(())
    }

    /// All case histories in case-number order.
    pub fn histories(&self) -> impl Iterator<Item = Result<History, StoreError>> + '_ {
        self.trees[CASES].iter().map(move |r| {
            let (k, _) = r?;
            let no = keys::case_no_of(&k).ok_or_else(|| bad_key("cases", &k))?;
            Ok(History {
                no,
                events: self.events(no)?,
            })
        })
    }

    /// Decodes every record and verifies that states, summaries and indexes are exactly what
    /// the event histories imply.
    pub fn check(&self, mut progress: impl FnMut(u64)) -> CheckReport {
        let mut report = CheckReport::default();
        let mut expected: [std::collections::BTreeSet<Vec<u8>>; 5] = Default::default();
        for r in self.trees[CASES].iter() {
            let (k, v) = match r {
                Ok(kv) => kv,
                Err(e) => {
                    report.problems.push(format!("cases: {e}"));
                    continue;
                }
            };
            report.cases += 1;
            progress(report.cases);
            let Some(no) = keys::case_no_of(&k) else {
                report
                    .problems
                    .push(format!("cases: malformed key {}", hex(&k)));
                continue;
            };
            let stored = records::decode_case(&v);
            if let Err(e) = &stored {
                report
                    .problems
                    .push(format!("case {no}: state does not decode: {e}"));
            }
            let events = match self.events(no) {
                Ok(ev) => ev,
                Err(e) => {
                    report.problems.push(format!("case {no}: {e}"));
                    continue;
                }
            };
            report.events += events.len() as u64;
            // The history is the truth: summaries and indexes are checked against its replay.
            let replayed = match CaseState::replay(no, &events) {
                Ok(r) => r,
                Err(e) => {
                    report.problems.push(format!("case {no}: {e}"));
                    continue;
                }
            };
            if stored.as_ref().is_ok_and(|s| *s != replayed) {
                report
                    .problems
                    .push(format!("case {no}: stored state differs from its history"));
            }
            match self.summary(no) {
                Ok(Some(s)) if s == CaseSummary::of(&replayed) => {}
                Ok(Some(_)) => report
                    .problems
                    .push(format!("case {no}: summary differs from the case")),
                Ok(None) => report.problems.push(format!("case {no}: summary missing")),
                Err(e) => report.problems.push(format!("case {no}: {e}")),
            }
            if replayed.stage.is_open()
                && !matches!(
                    self.trees[DUE].contains_key(keys::due_key(replayed.next_date, no)),
                    Ok(true)
                )
            {
                report.problems.push(format!(
                    "case {no} is open but has no next date in the work queue"
                ));
            }
            let ix = IndexKeys::of(&replayed);
            expected[3].extend(ix.items);
            for (set, key) in expected.iter_mut().zip([ix.due, ix.name, ix.cpr]) {
                if let Some(key) = key {
                    set.insert(key);
                }
            }
            expected[4].extend(ix.legal);
        }
        for (i, tree) in [DUE, NAME, CPR, ITEMS, LEGAL].into_iter().enumerate() {
            let mut actual = std::collections::BTreeSet::new();
            for r in self.trees[tree].iter() {
                match r {
                    Ok((k, _)) => {
                        actual.insert(k.to_vec());
                    }
                    Err(e) => report.problems.push(format!("{}: {e}", TREE_NAMES[tree])),
                }
            }
            let missing = expected[i].difference(&actual).count();
            let stray = actual.difference(&expected[i]).count();
            if missing + stray > 0 {
                report.problems.push(format!(
                    "{}: {missing} entries missing, {stray} entries that match no case",
                    TREE_NAMES[tree]
                ));
            }
        }
        let orphan_events = self.trees[EVENTS]
            .iter()
            .filter_map(Result::ok)
            .filter(|(k, _)| {
                let no = k.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok());
                no.is_none_or(|b| !matches!(self.trees[CASES].contains_key(b), Ok(true)))
            })
            .count();
        if orphan_events > 0 {
            report
                .problems
                .push(format!("events: {orphan_events} events belong to no case"));
        }
        for r in decoded(self.trees[DRAFTS].iter(), "drafts", records::decode_draft) {
            report.drafts += 1;
            if let Err(e) = r {
                report.problems.push(e.to_string());
            }
        }
        let chain = self.verify_audit();
        report.audit_entries = chain.entries;
        if let Some(bad) = chain.problem {
            report.problems.push(bad.to_string());
        }
        // A purged case's number stays taken by its tombstone; the case itself must be gone.
        for r in self.tombstones() {
            match r {
                Ok(t) if matches!(self.trees[CASES].contains_key(case_key(t.no)), Ok(true)) => {
                    report
                        .problems
                        .push(format!("case {}: purged but still stored", t.no));
                }
                Ok(_) => {}
                Err(e) => report.problems.push(e.to_string()),
            }
        }
        if let Err(e) = self.next_case_no() {
            report.problems.push(e.to_string());
        }
        report.problems.extend(self.check_counters());
        report
    }

    /// Rebuilds every state, summary and index from the event histories. Histories that do
    /// not replay are left untouched and reported.
    pub fn repair(&self) -> Result<Vec<String>, StoreError> {
        let mut unrepairable = Vec::new();
        for tree in [CASES, SUMMARIES, DUE, NAME, CPR, ITEMS, LEGAL] {
            // States are rebuilt below for every history that replays; keep a broken one's
            // stored state rather than lose the case from lists.
            if tree != CASES {
                self.trees[tree].clear()?;
            }
        }
        // The counters follow the rebuilt indexes from zero.
        self.recount()?;
        let mut nos = std::collections::BTreeSet::new();
        for r in self.trees[EVENTS].iter() {
            let (k, _) = r?;
            if let Some(no) = k.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok()) {
                nos.insert(CaseNo::from_be_bytes(no));
            }
        }
        let mut max_no = 0;
        for no in nos {
            max_no = max_no.max(no);
            let state = match self
                .events(no)
                .and_then(|ev| Ok(CaseState::replay(no, &ev)?))
            {
                Ok(s) => s,
                Err(e) => {
                    unrepairable.push(format!("case {no}: {e}"));
                    continue;
                }
            };
            self.transact(|t| tx_write_state(t, None, &state))?;
        }
        let next = self.next_case_no().unwrap_or(1).max(max_no + 1);
        self.trees[META].insert(NEXT_CASE_NO, records::encode_counter(&next)?)?;
        self.flush()?;
        self.changed();
        Ok(unrepairable)
    }
}

/// Appends events to case `no` inside a transaction and updates its state, summary and
/// indexes. A new case starts with its `Filed` event.
fn tx_append(
    t: &[TransactionalTree],
    no: CaseNo,
    payloads: &[EventPayload],
    author: &str,
    at: NaiveDateTime,
) -> TxResult<CaseState> {
    let old = match t[CASES].get(case_key(no))? {
        Some(b) => {
            Some(records::decode_case(&b).map_err(|e| abort(corrupt("cases", &case_key(no), e)))?)
        }
        None => None,
    };
    let mut state = old.clone();
    let first_seq = old.as_ref().map_or(0, |s| s.event_count);
    for (seq, p) in (first_seq..).zip(payloads) {
        let e = Event {
            seq,
            at,
            author: author.to_string(),
            payload: p.clone(),
        };
        match &mut state {
            Some(s) => s.apply(&e),
            None => state = Some(CaseState::replay(no, std::slice::from_ref(&e)).map_err(abort)?),
        }
        t[EVENTS].insert(
            &event_key(no, seq),
            records::encode_event(&e).map_err(abort)?,
        )?;
        if let EventPayload::JointReviewRecorded(r) = p {
            tx_remember(t, &r.participants)?;
        }
    }
    let state = state.ok_or_else(|| abort(StoreError::NoSuchCase(no)))?;
    tx_write_state(t, old.as_ref(), &state)?;
    audit::tx_changed(t, no, first_seq, payloads.len(), author, at)?;
    Ok(state)
}

/// Puts the participants first in the remembered list, without duplicates.
fn tx_remember(t: &[TransactionalTree], new: &[Participant]) -> TxResult<()> {
    let old = match t[META].get(ROSTER)? {
        Some(b) => records::decode_roster(&b).map_err(|e| abort(corrupt("meta", ROSTER, e)))?,
        None => Vec::new(),
    };
    let merged = merge_roster(old, new);
    t[META].insert(ROSTER, records::encode_roster(&merged).map_err(abort)?)?;
    Ok(())
}

fn merge_roster(old: Vec<Participant>, new: &[Participant]) -> Vec<Participant> {
    let mut merged: Vec<Participant> = Vec::with_capacity(old.len() + new.len());
    for p in new.iter().cloned().chain(old) {
        if !merged.contains(&p) {
            merged.push(p);
        }
    }
    merged.truncate(ROSTER_LIMIT);
    merged
}

/// Removes the keys only in `old` and inserts those only in `new` (a case's many-keyed index).
fn tx_move_keys(
    t: &[TransactionalTree],
    tree: usize,
    old: &[Vec<u8>],
    new: &[Vec<u8>],
) -> TxResult<()> {
    for o in old.iter().filter(|k| !new.contains(k)) {
        t[tree].remove(o.as_slice())?;
    }
    for n in new.iter().filter(|k| !old.contains(k)) {
        t[tree].insert(n.as_slice(), &[])?;
    }
    Ok(())
}

/// Writes state and summary and moves index entries from the old state's keys to the new one's.
fn tx_write_state(
    t: &[TransactionalTree],
    old: Option<&CaseState>,
    new: &CaseState,
) -> TxResult<()> {
    let old_keys = old.map(IndexKeys::of).unwrap_or_default();
    let new_keys = IndexKeys::of(new);
    queue_index::tx_count(t, &queue_index::deltas(&old_keys, &new_keys))?;
    for (tree, o, n) in [
        (DUE, old_keys.due, new_keys.due),
        (NAME, old_keys.name, new_keys.name),
        (CPR, old_keys.cpr, new_keys.cpr),
    ] {
        if o != n {
            if let Some(o) = o {
                t[tree].remove(o)?;
            }
            if let Some(n) = n {
                t[tree].insert(n, &[])?;
            }
        }
    }
    tx_move_keys(t, ITEMS, &old_keys.items, &new_keys.items)?;
    tx_move_keys(t, LEGAL, &old_keys.legal, &new_keys.legal)?;
    t[CASES].insert(&case_key(new.no), records::encode_case(new).map_err(abort)?)?;
    t[SUMMARIES].insert(
        &case_key(new.no),
        records::encode_summary(&CaseSummary::of(new)).map_err(abort)?,
    )?;
    Ok(())
}

/// Decodes every value of a tree scan, naming the tree and key of any that is damaged.
fn decoded<T>(
    iter: sled::Iter,
    tree: &'static str,
    decode: fn(&[u8]) -> Result<T, CodecError>,
) -> impl Iterator<Item = Result<T, StoreError>> {
    iter.map(move |r| {
        let (k, v) = r?;
        decode(&v).map_err(|e| corrupt(tree, &k, e))
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn corrupt(tree: &'static str, key: &[u8], source: CodecError) -> StoreError {
    StoreError::Corrupt {
        tree,
        key: hex(key),
        source,
    }
}

fn bad_key(tree: &'static str, key: &[u8]) -> StoreError {
    StoreError::Corrupt {
        tree,
        key: hex(key),
        source: CodecError::Truncated,
    }
}

impl From<ReplayError> for StoreError {
    fn from(e: ReplayError) -> Self {
        StoreError::Replay(e)
    }
}

/// Raw access for tests that damage records on purpose.
#[doc(hidden)]
pub fn corrupt_case_for_test(store: &Store, no: CaseNo, bytes: &[u8]) -> Result<(), StoreError> {
    store.trees[CASES].insert(case_key(no), bytes)?;
    store.flush()
}
