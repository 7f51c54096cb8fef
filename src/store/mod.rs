//! The only code that knows sled and the stored bincode. Format 4:
//!
//! - **the journal** (`journal/`, `journal.rs`, `record.rs`): every save is one checksummed
//!   record, `fdatasync`'ed before the save is acknowledged. It is the source of truth and the
//!   only place a case's events are kept.
//! - **the view** (`view/`, a sled database; `view.rs`): summaries, where each case's events
//!   are in the journal, and the indexes, derived from the journal and caught up or rebuilt
//!   from it whenever it is behind, lost or damaged.
//! - **the drafts file** (`drafts.log`, `drafts.rs`): half-typed forms, synced on every key.
//!
//! Writers are serialised (`write`); readers never wait for them, except while a purged case's
//! events are cut out of the journal (`layout`). See ARCHITECTURE.md for the durability
//! argument.

pub mod audit;
mod check;
pub mod codec;
mod drafts;
mod error;
mod frozen;
pub mod journal;
mod keys;
mod migrate;
mod open;
pub mod queue_index;
pub mod record;
pub mod records;
mod retention;
pub mod view;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::cpr::Cpr;
use crate::domain::draft::{Draft, DraftId};
use crate::domain::flow::Participant;
use crate::domain::legal::LegalKind;
use crate::domain::meeting::{Meeting, MeetingNo};
use crate::domain::summary::{CaseLine, CaseSummary};
use crate::domain::{CaseNo, CaseState, Event, EventPayload};

pub use audit::{AuditHead, AuditProblem, AuditVerify, ProblemKind};
pub use check::{CheckReport, Problem, Repaired};
pub use codec::CodecError;
pub use error::StoreError;
pub use open::{OpenOptions, Progress};
pub use retention::PurgeRefused;
pub use view::ROSTER_LIMIT;

use drafts::Drafts;
use journal::{Journal, Loc};
use keys::case_key;
use record::{Op, Record};
use view::{CASES, CPR, Delta, LEGAL, MEETINGS, META, View, bad_key, corrupt, events_of};

/// Who holds the database at `path` when another process has it open (see `open::holder`).
pub fn holder(path: &Path) -> Option<String> {
    open::holder(path)
}

/// One remembered console setting of one account (e.g. redacted view on), as a number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AccountSetting {
    pub account: String,
    pub name: String,
    pub value: u64,
}

/// One case's full history, as exported and imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    pub no: CaseNo,
    pub events: Vec<Event>,
}

struct Writer {
    next_lsn: u64,
    /// A record reached the journal but not the view; the next write catches up first.
    behind: bool,
}

pub struct Store {
    path: PathBuf,
    journal: Journal,
    view: View,
    drafts: Mutex<Drafts>,
    writer: Mutex<Writer>,
    /// Readers of events hold it shared; cutting purged data out of the journal (which moves
    /// records) and rebuilding the view hold it alone.
    layout: RwLock<()>,
    /// Counts the committed writes other sessions would see differently (see `changes`). Kept
    /// in memory only: it tells open sessions that something moved, not what or since when.
    changes: Arc<AtomicU64>,
    /// What opening repaired or found missing (`check --repair`).
    repaired: Vec<Repaired>,
    lost: u64,
    /// Case states folded lately, each with the event count it was folded at: a case is
    /// folded from every event it has (one journal record a save), so a save or a view of a
    /// case with 500 notes read 500 records. A state is used only while the view still counts
    /// exactly its events (the journal is append-only per case; a purge or a rebuild of the
    /// view clears it).
    states: Mutex<HashMap<CaseNo, Arc<CaseState>>>,
    _lock: open::Lock,
}

/// How many folded states are kept (a few MB): the cases in today's work, not the database.
const STATES_KEPT: usize = 2048;

/// What one write puts into the journal.
#[derive(Default)]
struct Change {
    audit: Vec<AuditEntry>,
    ops: Vec<Op>,
    /// States of cases before this change, where the writer already has them.
    known: HashMap<CaseNo, CaseState>,
    /// Drafts to drop from the drafts file once the change is durable.
    consumed: Vec<DraftId>,
}

fn poisoned(what: &str) -> StoreError {
    StoreError::Db(format!("the {what} lock is poisoned"))
}

impl Store {
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Store, StoreError> {
        open::open(path, opts)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records lost to damage that opening in repair mode could not mend.
    pub fn lost_saves(&self) -> u64 {
        self.lost
    }

    /// What opening in repair mode did.
    pub fn repaired(&self) -> &[Repaired] {
        &self.repaired
    }

    /// The counter itself, for the server to answer "anything new?" without waiting for the
    /// request in hand.
    pub fn change_counter(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.changes)
    }

    /// How many shared writes this process has committed since the database was opened: a
    /// screen that read less is out of date. Drafts (private to their author), audit entries
    /// and the statistics' daily overdue count do not count, or screens that refresh on a
    /// change would set each other off for ever.
    pub fn changes(&self) -> u64 {
        self.changes.load(Ordering::Acquire)
    }

    fn changed(&self) {
        self.changes.fetch_add(1, Ordering::AcqRel);
    }

    /// Makes every record written so far durable (after unsynced batch writes: import, demo).
    pub fn flush(&self) -> Result<(), StoreError> {
        self.journal.sync()?;
        Ok(())
    }

    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        let drafts = self.lock_drafts()?.size();
        Ok(self.journal.size() + self.view.db.size_on_disk()? + drafts)
    }

    /// Bytes of the journal, the view and the drafts file, apart.
    pub fn sizes(&self) -> Result<(u64, u64, u64), StoreError> {
        let drafts = self.lock_drafts()?.size();
        Ok((self.journal.size(), self.view.db.size_on_disk()?, drafts))
    }

    fn lock_drafts(&self) -> Result<MutexGuard<'_, Drafts>, StoreError> {
        self.drafts.lock().map_err(|_| poisoned("drafts"))
    }

    fn lock_writer(&self) -> Result<MutexGuard<'_, Writer>, StoreError> {
        self.writer.lock().map_err(|_| poisoned("writer"))
    }

    /// Writes one change: built under the writer lock from the view as it stands, appended to
    /// the journal (and, with `sync`, on stable storage) before the view is updated. Returns
    /// the states of the cases it touched, after it.
    fn write<T>(
        &self,
        sync: bool,
        build: impl FnOnce(&Store) -> Result<(Change, T), StoreError>,
    ) -> Result<(T, HashMap<CaseNo, CaseState>), StoreError> {
        let mut w = self.lock_writer()?;
        if w.behind {
            // An earlier record reached the journal but not the view: take it in first.
            let from = self.view.applied()?.and_then(|a| a.end);
            self.catch_up(from, &OpenOptions::default())?;
            w.behind = false;
        }
        let (mut change, out) = build(self)?;
        if change.ops.is_empty() && change.audit.is_empty() {
            return Ok((out, HashMap::new()));
        }
        // The states the view's update starts from, where they are kept: otherwise it folds
        // each case's whole history from the journal again.
        for op in &change.ops {
            if let Op::Events { case, .. } = op
                && !change.known.contains_key(case)
                && let Some(entry) = self.view.entry(*case)?
                && let Some(state) = self.folded(*case, entry.event_count)
            {
                change.known.insert(*case, state);
            }
        }
        within_limits(&change)?;
        let mut head = self.view.audit_head()?;
        let mut audit = Vec::with_capacity(change.audit.len());
        for e in &change.audit {
            let body = records::encode_audit_body(head.entries + 1, e)?;
            let (bytes, link) = view::chain(&head.link, body);
            head.entries += 1;
            head.link = link;
            audit.push(bytes);
        }
        let rec = Record {
            audit,
            ops: change.ops,
        };
        let payload = record::encode(&rec)?;
        let lsn = w.next_lsn;
        let loc = self.journal.append(lsn, &payload, sync)?;
        w.next_lsn += 1;
        let end = self.journal.end();
        let applied = Delta::of(
            &self.view,
            &self.journal,
            &rec,
            lsn,
            loc,
            end,
            &change.known,
        )
        .and_then(|(delta, after)| self.view.commit(&delta).map(|()| after));
        let after = match applied {
            Ok(after) => after,
            Err(e) => {
                w.behind = true;
                return Err(StoreError::ViewBehind(e.to_string()));
            }
        };
        drop(w);
        self.keep_folded(after.values());
        if !change.consumed.is_empty() {
            let mut drafts = self.lock_drafts()?;
            for id in &change.consumed {
                drafts.discard(*id)?;
            }
        }
        Ok((out, after))
    }

    /// Appends a record as it is (audit bytes verbatim): a migration keeps an old database's
    /// audit records byte for byte, so their chain goes on unbroken.
    fn append_raw(&self, rec: Record, sync: bool) -> Result<(), StoreError> {
        let mut w = self.lock_writer()?;
        let payload = record::encode(&rec)?;
        let lsn = w.next_lsn;
        let loc = self.journal.append(lsn, &payload, sync)?;
        w.next_lsn += 1;
        let (delta, _) = Delta::of(
            &self.view,
            &self.journal,
            &rec,
            lsn,
            loc,
            self.journal.end(),
            &HashMap::new(),
        )?;
        self.view.commit(&delta)
    }

    #[doc(hidden)]
    pub fn append_raw_for_test(&self, rec: Record) -> Result<(), StoreError> {
        self.append_raw(rec, true)
    }

    /// Rewrites every journal record through `edit` (with a running count it may use), as an
    /// attacker able to write the journal could, and rebuilds the view. For tests only.
    #[doc(hidden)]
    pub fn rewrite_for_test(
        &self,
        mut edit: impl FnMut(&mut Record, &mut u64),
    ) -> Result<(), StoreError> {
        let _w = self.lock_writer()?;
        let _layout = self.layout.write().map_err(|_| poisoned("layout"))?;
        self.journal.start_new_segment()?;
        let mut seen = 0;
        let tail = self.journal.end().seg;
        for seg in self.journal.segments().into_iter().filter(|s| *s != tail) {
            let bytes = self.journal.read_segment(seg, 0)?;
            let mut out = Vec::new();
            for (off, lsn, payload) in check::intact_records(&bytes) {
                let mut rec = record::decode(&payload).map_err(|e| StoreError::Record {
                    loc: Loc {
                        seg,
                        off: off as u32,
                    },
                    source: e,
                })?;
                edit(&mut rec, &mut seen);
                out.push((lsn, record::encode(&rec)?));
            }
            self.journal.rewrite_segment(seg, &out)?;
        }
        self.forget_folded();
        self.view.clear()?;
        self.catch_up(None, &OpenOptions::default())?;
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.view.trees[CASES].is_empty()
            && self.lock_drafts().map(|d| d.is_empty()).unwrap_or(true)
    }

    /// Counts the cases by walking the view's keys: sled keeps no count. Not for hot paths.
    pub fn case_count(&self) -> usize {
        self.view.trees[CASES].len()
    }

    pub fn is_demo(&self) -> bool {
        matches!(self.view.trees[META].get(view::DEMO_FLAG), Ok(Some(_)))
    }

    pub fn mark_demo(&self) -> Result<(), StoreError> {
        self.write(true, |_| {
            Ok((
                Change {
                    ops: vec![Op::DemoData],
                    ..Change::default()
                },
                (),
            ))
        })?;
        Ok(())
    }

    pub fn next_case_no(&self) -> Result<CaseNo, StoreError> {
        Ok(self.view.counter(view::NEXT_CASE_NO)?.unwrap_or(1))
    }

    /// Raises the next case number (an import keeps the numbers its backup had handed out).
    /// Not durable until `flush`.
    pub fn set_next_case_no(&self, next: CaseNo) -> Result<(), StoreError> {
        self.write(false, |_| {
            Ok((
                Change {
                    ops: vec![Op::NextCaseNo(next)],
                    ..Change::default()
                },
                (),
            ))
        })?;
        Ok(())
    }

    /// Events appended to `no` (which must exist) and, for each `Linked`, the link back on the
    /// other case, with their audit entries.
    fn case_change(
        &self,
        change: &mut Change,
        no: CaseNo,
        first_seq: u32,
        payloads: &[EventPayload],
        author: &str,
        at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let events: Vec<Event> = (first_seq..)
            .zip(payloads)
            .map(|(seq, p)| Event {
                seq,
                at,
                author: author.to_string(),
                payload: p.clone(),
            })
            .collect();
        change
            .audit
            .push(changed_entry(no, first_seq, events.len(), author, at));
        change.ops.push(Op::Events { case: no, events });
        for p in payloads {
            if let EventPayload::Linked { other } = p {
                let entry = self
                    .view
                    .entry(*other)?
                    .ok_or(StoreError::NoSuchCase(*other))?;
                let seq = entry.event_count;
                change.ops.push(Op::Events {
                    case: *other,
                    events: vec![Event {
                        seq,
                        at,
                        author: author.to_string(),
                        payload: EventPayload::Linked { other: no },
                    }],
                });
                change.audit.push(changed_entry(*other, seq, 1, author, at));
            }
        }
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
        let (no, after) = self.write(true, |s| {
            let no = s.next_case_no()?;
            let mut payloads = vec![filed];
            payloads.extend(links.iter().map(|&other| EventPayload::Linked { other }));
            let mut change = Change::default();
            s.case_change(&mut change, no, 0, &payloads, author, at)?;
            if let Some(id) = draft {
                change.ops.push(Op::DraftsConsumed(vec![id]));
                change.consumed.push(id);
            }
            Ok((change, no))
        })?;
        self.changed();
        after.get(&no).cloned().ok_or(StoreError::NoSuchCase(no))
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
        let ((), after) = self.write(true, |s| {
            let entry = s.view.entry(no)?.ok_or(StoreError::NoSuchCase(no))?;
            let mut change = Change::default();
            s.case_change(&mut change, no, entry.event_count, payloads, author, at)?;
            if let Some(id) = draft {
                change.ops.push(Op::DraftsConsumed(vec![id]));
                change.consumed.push(id);
            }
            Ok((change, ()))
        })?;
        self.changed();
        after.get(&no).cloned().ok_or(StoreError::NoSuchCase(no))
    }

    /// Stores a new meeting under the next number; durable when this returns.
    pub fn create_meeting(&self, m: Meeting) -> Result<Meeting, StoreError> {
        let (m, _) = self.write(true, |s| {
            let mut m = m;
            m.no = s.view.counter(view::NEXT_MEETING_NO)?.unwrap_or(1);
            Ok((
                Change {
                    ops: vec![Op::MeetingCreated(m.clone())],
                    ..Change::default()
                },
                m,
            ))
        })?;
        self.changed();
        Ok(m)
    }

    /// Replaces a meeting record (a general item's outcome); durable when this returns.
    pub fn save_meeting(&self, m: &Meeting) -> Result<(), StoreError> {
        self.write(true, |_| {
            Ok((
                Change {
                    ops: vec![Op::MeetingSaved(m.clone())],
                    ..Change::default()
                },
                (),
            ))
        })?;
        self.changed();
        Ok(())
    }

    /// Appends a meeting's decision to a case and stores the meeting with the item's outcome,
    /// in one record: the case and the minutes never disagree.
    pub fn append_for_meeting(
        &self,
        no: CaseNo,
        payloads: &[EventPayload],
        meeting: &Meeting,
        author: &str,
        at: NaiveDateTime,
    ) -> Result<CaseState, StoreError> {
        let ((), after) = self.write(true, |s| {
            let entry = s.view.entry(no)?.ok_or(StoreError::NoSuchCase(no))?;
            let mut change = Change::default();
            s.case_change(&mut change, no, entry.event_count, payloads, author, at)?;
            change.ops.push(Op::MeetingSaved(meeting.clone()));
            Ok((change, ()))
        })?;
        self.changed();
        after.get(&no).cloned().ok_or(StoreError::NoSuchCase(no))
    }

    pub fn meeting(&self, no: MeetingNo) -> Result<Option<Meeting>, StoreError> {
        let key = no.to_be_bytes();
        match self.view.trees[MEETINGS].get(key)? {
            Some(b) => Ok(Some(
                records::decode_meeting(&b).map_err(|e| corrupt("meetings", &key, e))?,
            )),
            None => Ok(None),
        }
    }

    /// Every meeting, newest number first.
    pub fn meetings(&self) -> Result<Vec<Meeting>, StoreError> {
        let mut out = Vec::new();
        for r in self.view.trees[MEETINGS].iter() {
            let (k, v) = r?;
            out.push(records::decode_meeting(&v).map_err(|e| corrupt("meetings", &k, e))?);
        }
        out.reverse();
        Ok(out)
    }

    pub fn topics(&self) -> Result<Vec<String>, StoreError> {
        match self.view.trees[META].get(view::TOPICS)? {
            Some(b) => {
                Ok(records::decode_topics(&b).map_err(|e| corrupt("meta", view::TOPICS, e))?)
            }
            None => Ok(Vec::new()),
        }
    }

    pub fn save_topics(&self, topics: &[String]) -> Result<(), StoreError> {
        self.write(true, |_| {
            Ok((
                Change {
                    ops: vec![Op::Topics(topics.to_vec())],
                    ..Change::default()
                },
                (),
            ))
        })?;
        self.changed();
        Ok(())
    }

    /// A console setting the account saved (`None`: never saved).
    pub fn account_setting(&self, account: &str, name: &str) -> Result<Option<u64>, StoreError> {
        self.view.counter(&view::account_key(account, name))
    }

    /// Saves (or with `None` forgets) one console setting of an account; durable when this
    /// returns. Not a change other sessions' screens show, so the change count stays.
    pub fn set_account_setting(
        &self,
        account: &str,
        name: &str,
        value: Option<u64>,
    ) -> Result<(), StoreError> {
        self.write(true, |_| {
            Ok((
                Change {
                    ops: vec![Op::AccountSetting {
                        account: account.to_string(),
                        name: name.to_string(),
                        value,
                    }],
                    ..Change::default()
                },
                (),
            ))
        })?;
        Ok(())
    }

    /// Every account's saved console settings, by account and name (export).
    pub fn account_settings(&self) -> Result<Vec<AccountSetting>, StoreError> {
        self.view.trees[META]
            .scan_prefix(view::ACCOUNT_PREFIX)
            .map(|r| {
                let (k, v) = r?;
                let rest = &k[view::ACCOUNT_PREFIX.len()..];
                let split = rest
                    .iter()
                    .position(|b| *b == 0)
                    .ok_or_else(|| bad_key("meta", &k))?;
                let text =
                    |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|_| bad_key("meta", &k));
                Ok(AccountSetting {
                    account: text(&rest[..split])?,
                    name: text(&rest[split + 1..])?,
                    value: records::decode_counter(&v).map_err(|e| corrupt("meta", &k, e))?,
                })
            })
            .collect()
    }

    /// Restores meetings from a backup under their own numbers (the next new meeting gets a
    /// number after all of them). Not durable until `flush`.
    pub fn insert_meetings(&self, meetings: &[Meeting]) -> Result<(), StoreError> {
        if meetings.is_empty() {
            return Ok(());
        }
        self.write(false, |_| {
            Ok((
                Change {
                    ops: meetings.iter().cloned().map(Op::MeetingCreated).collect(),
                    ..Change::default()
                },
                (),
            ))
        })?;
        self.changed();
        Ok(())
    }

    /// Replaces the remembered participants (restoring a backup). Not durable until `flush`.
    pub fn set_roster(&self, roster: &[Participant]) -> Result<(), StoreError> {
        self.write(false, |_| {
            Ok((
                Change {
                    ops: vec![Op::Roster(roster.to_vec())],
                    ..Change::default()
                },
                (),
            ))
        })?;
        Ok(())
    }

    /// Every kind of record the database holds, with how many there are: each kind of change
    /// in the journal (`journal:<Op>`, and `journal:audit` for audit entries), the drafts, and
    /// each tree of the view (`view:<tree>`, all of it derived from the journal). A kind of
    /// change added later is listed by its own name, never invisible: the export test checks
    /// that every kind listed has a place in the export.
    pub fn record_kinds(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let mut kinds: std::collections::BTreeMap<String, u64> = Default::default();
        {
            let _layout = self.read_layout()?;
            for seg in self.journal.segments() {
                let bytes = self.journal.read_segment(seg, 0)?;
                for (off, _, payload) in check::intact_records(&bytes) {
                    let rec = record::decode(&payload).map_err(|e| StoreError::Record {
                        loc: Loc {
                            seg,
                            off: off as u32,
                        },
                        source: e,
                    })?;
                    if !rec.audit.is_empty() {
                        *kinds.entry("journal:audit".into()).or_default() += rec.audit.len() as u64;
                    }
                    for op in &rec.ops {
                        let name = format!("{op:?}");
                        let name = name
                            .split(|c: char| !c.is_alphanumeric())
                            .next()
                            .unwrap_or_default();
                        *kinds.entry(format!("journal:{name}")).or_default() += 1;
                    }
                }
            }
        }
        let drafts = self.lock_drafts()?.all().count() as u64;
        if drafts > 0 {
            kinds.insert("drafts".into(), drafts);
        }
        for (i, name) in view::TREE_NAMES.iter().enumerate() {
            let n = self.view.trees[i].len() as u64;
            if n > 0 {
                kinds.insert(format!("view:{name}"), n);
            }
        }
        Ok(kinds.into_iter().collect())
    }

    /// Writes whole histories (import, demo data), one record each, without a sync per case.
    /// Not durable until `flush` is called; the caller reports success only after that.
    pub fn insert_histories<I>(&self, histories: I) -> Result<u64, StoreError>
    where
        I: IntoIterator<Item = History>,
    {
        let mut count = 0;
        for h in histories {
            // A history that does not replay is refused before anything of it is written.
            CaseState::replay(h.no, &h.events)?;
            self.write(false, |s| {
                if s.view.entry(h.no)?.is_some() {
                    return Err(StoreError::CaseExists(h.no));
                }
                Ok((
                    Change {
                        ops: vec![Op::Events {
                            case: h.no,
                            events: h.events,
                        }],
                        ..Change::default()
                    },
                    (),
                ))
            })?;
            count += 1;
        }
        self.changed();
        Ok(count)
    }

    /// Meeting participants met before, newest first.
    pub fn roster(&self) -> Result<Vec<Participant>, StoreError> {
        self.view.roster()
    }

    fn read_layout(&self) -> Result<std::sync::RwLockReadGuard<'_, ()>, StoreError> {
        self.layout.read().map_err(|_| poisoned("layout"))
    }

    pub fn case(&self, no: CaseNo) -> Result<Option<CaseState>, StoreError> {
        let _layout = self.read_layout()?;
        let Some(entry) = self.view.entry(no)? else {
            return Ok(None);
        };
        if let Some(s) = self.folded(no, entry.event_count) {
            return Ok(Some(s));
        }
        let events = events_of(&self.journal, no, &entry.locs)?;
        if events.is_empty() {
            return Ok(None);
        }
        let state = CaseState::replay(no, &events)?;
        self.keep_folded(std::iter::once(&state));
        Ok(Some(state))
    }

    /// The kept state of case `no` if it was folded from exactly `count` events.
    fn folded(&self, no: CaseNo, count: u32) -> Option<CaseState> {
        let states = self.states.lock().ok()?;
        states
            .get(&no)
            .filter(|s| s.event_count == count)
            .map(|s| CaseState::clone(s))
    }

    fn keep_folded<'a>(&self, states: impl IntoIterator<Item = &'a CaseState>) {
        if let Ok(mut kept) = self.states.lock() {
            for s in states {
                if kept.len() >= STATES_KEPT && !kept.contains_key(&s.no) {
                    kept.clear();
                }
                kept.insert(s.no, Arc::new(s.clone()));
            }
        }
    }

    /// Forgets every kept state (the journal's records moved, or the view was rebuilt).
    pub(super) fn forget_folded(&self) {
        if let Ok(mut kept) = self.states.lock() {
            kept.clear();
        }
    }

    pub fn summary(&self, no: CaseNo) -> Result<Option<CaseSummary>, StoreError> {
        Ok(self.view.entry(no)?.map(|e| e.summary))
    }

    /// A case's list line (what a queue or list row shows), without reading its entry.
    pub fn line(&self, no: CaseNo) -> Result<Option<CaseLine>, StoreError> {
        self.view.line(no)
    }

    /// The lines of many cases, read in case order: each of the view's pages is then read
    /// once however small sled's cache is, where `due`'s 120,000 lines in date order would
    /// read most pages many times. A case without a line (purged meanwhile) is left out.
    pub fn lines(
        &self,
        nos: impl IntoIterator<Item = CaseNo>,
    ) -> Result<HashMap<CaseNo, CaseLine>, StoreError> {
        let mut nos: Vec<CaseNo> = nos.into_iter().collect();
        nos.sort_unstable();
        nos.dedup();
        let mut out = HashMap::with_capacity(nos.len());
        for no in nos {
            if let Some(line) = self.view.line(no)? {
                out.insert(no, line);
            }
        }
        Ok(out)
    }

    /// The version of a case (its number of events), from the view alone.
    pub fn event_count(&self, no: CaseNo) -> Result<Option<u32>, StoreError> {
        Ok(self.view.entry(no)?.map(|e| e.event_count))
    }

    pub fn events(&self, no: CaseNo) -> Result<Vec<Event>, StoreError> {
        let _layout = self.read_layout()?;
        match self.view.entry(no)? {
            Some(entry) => events_of(&self.journal, no, &entry.locs),
            None => Ok(Vec::new()),
        }
    }

    /// The newest event of case `no` (who changed it last, and when), reading one record.
    pub fn last_event(&self, no: CaseNo) -> Result<Option<Event>, StoreError> {
        let _layout = self.read_layout()?;
        let Some(entry) = self.view.entry(no)? else {
            return Ok(None);
        };
        let Some(last) = entry.locs.last() else {
            return Ok(None);
        };
        Ok(events_of(&self.journal, no, std::slice::from_ref(last))?.pop())
    }

    /// Every case summary, in case-number order. Used to build the in-memory search catalog.
    ///
    /// Read by seeking each key afresh rather than with one scan, so that sled can evict what
    /// it read. sled 0.34's cache acts on accesses in 256 shards, each only once 64 accesses
    /// have queued up in it; a scan touches each page once, which at 100,000 cases is about 40
    /// accesses per shard, so the cache never acts and every page read stays in memory. A seek
    /// touches the page once per key, and the cache keeps to its capacity.
    pub fn summaries(&self) -> impl Iterator<Item = Result<CaseSummary, StoreError>> + '_ {
        let mut from = Some(Vec::new());
        std::iter::from_fn(move || {
            let start = from.take()?;
            let (k, v) = match self.view.trees[CASES].range(start..).next()? {
                Ok(kv) => kv,
                Err(e) => return Some(Err(e.into())),
            };
            let mut next = k.to_vec();
            next.push(0);
            from = Some(next);
            Some(
                view::decode_entry(&v)
                    .map(|e| e.summary)
                    .map_err(|e| corrupt("cases", &k, e)),
            )
        })
    }

    /// Pending legal items whose anchor (underretning time or 18th birthday) lies before
    /// `until`, from the index alone: (anchor, case, kind), earliest anchor first.
    pub fn legal_pending(
        &self,
        until: NaiveDate,
    ) -> Result<Vec<(NaiveDateTime, CaseNo, LegalKind)>, StoreError> {
        let end = keys::legal_day_start(until);
        self.view.trees[LEGAL]
            .range(..end.as_slice())
            .map(|r| {
                let (k, _) = r?;
                keys::parse_legal_key(&k).ok_or_else(|| bad_key("legal", &k))
            })
            .collect()
    }

    /// Open cases, from the counter kept with the due index (sled's `len` would scan it).
    pub fn open_case_count(&self) -> usize {
        self.queue_total(queue_index::Source::FollowUps)
            .unwrap_or(0)
    }

    /// Cases recorded with exactly this CPR number, from the index.
    pub fn cases_by_cpr(&self, cpr: &Cpr) -> Result<Vec<CaseNo>, StoreError> {
        self.view.trees[CPR]
            .scan_prefix(keys::cpr_prefix(&cpr.digits()))
            .map(|r| {
                let (k, _) = r?;
                keys::case_no_of(&k).ok_or_else(|| bad_key("cpr", &k))
            })
            .collect()
    }

    pub fn new_draft_id(&self) -> Result<DraftId, StoreError> {
        let drafts = self.lock_drafts()?;
        let consumed = self.view.trees[META]
            .scan_prefix(view::CONSUMED_PREFIX)
            .keys()
            .next_back()
            .transpose()?
            .and_then(|k| {
                k.get(view::CONSUMED_PREFIX.len()..)
                    .and_then(|b| <[u8; 8]>::try_from(b).ok())
                    .map(u64::from_be_bytes)
            })
            .unwrap_or(0);
        Ok(drafts.max_id().max(consumed) + 1)
    }

    /// Saves a draft durably (`fdatasync`). Called on every change to a field.
    pub fn save_draft(&self, d: &Draft) -> Result<(), StoreError> {
        crate::domain::limits::check(d).map_err(|too_long| StoreError::TooLong {
            case: d.case,
            too_long,
        })?;
        self.lock_drafts()?.save(d)
    }

    pub fn discard_draft(&self, id: DraftId) -> Result<(), StoreError> {
        if self.lock_drafts()?.discard(id)? {
            Ok(())
        } else {
            Err(StoreError::NoSuchDraft(id))
        }
    }

    pub fn draft(&self, id: DraftId) -> Result<Option<Draft>, StoreError> {
        Ok(self.lock_drafts()?.get(id).cloned())
    }

    pub fn drafts(&self) -> Result<Vec<Draft>, StoreError> {
        Ok(self.lock_drafts()?.all().cloned().collect())
    }

    /// Restores drafts from a backup, each durable.
    pub fn insert_drafts(&self, drafts: &[Draft]) -> Result<(), StoreError> {
        let mut d = self.lock_drafts()?;
        for draft in drafts {
            d.save(draft)?;
        }
        drop(d);
        self.changed();
        Ok(())
    }

    /// The number (LSN) of the last record written: what a consistent read sees with
    /// `histories_at`, however many saves others make meanwhile.
    pub fn snapshot(&self) -> Result<u64, StoreError> {
        Ok(self.lock_writer()?.next_lsn.saturating_sub(1))
    }

    /// Every case history as it stood after record `lsn` (see `snapshot`), in case-number
    /// order: records written later are left out, and cases filed later do not appear. An
    /// export taken this way is consistent while other sessions keep saving.
    pub fn histories_at(&self, lsn: u64) -> impl Iterator<Item = Result<History, StoreError>> + '_ {
        self.view.trees[CASES].iter().filter_map(move |r| {
            let read = || -> Result<Option<History>, StoreError> {
                let (k, v) = r?;
                let no = keys::case_no_of(&k).ok_or_else(|| bad_key("cases", &k))?;
                let entry = view::decode_entry(&v).map_err(|e| corrupt("cases", &k, e))?;
                let _layout = self.read_layout()?;
                let mut events = Vec::new();
                for &loc in &entry.locs {
                    // Past the snapshot: not decoded at all.
                    let Some(rec) = self
                        .journal
                        .read_with(loc, |at, payload| {
                            (at <= lsn).then(|| record::decode(payload))
                        })?
                        .transpose()
                        .map_err(|e| StoreError::Record { loc, source: e })?
                    else {
                        break;
                    };
                    for op in rec.ops {
                        if let Op::Events { case, events: ev } = op
                            && case == no
                        {
                            events.extend(ev);
                        }
                    }
                }
                Ok((!events.is_empty()).then_some(History { no, events }))
            };
            read().transpose()
        })
    }

    /// All case histories in case-number order.
    pub fn histories(&self) -> impl Iterator<Item = Result<History, StoreError>> + '_ {
        self.view.trees[CASES].iter().map(move |r| {
            let (k, _) = r?;
            let no = keys::case_no_of(&k).ok_or_else(|| bad_key("cases", &k))?;
            Ok(History {
                no,
                events: self.events(no)?,
            })
        })
    }
}

/// One set of limits on every way in: whatever reaches the journal keeps to
/// `domain::limits`, so nothing accepted can later fail to decode.
fn within_limits(change: &Change) -> Result<(), StoreError> {
    use crate::domain::limits::check;
    let refuse = |case: Option<CaseNo>| move |too_long| StoreError::TooLong { case, too_long };
    for op in &change.ops {
        match op {
            Op::Events { case, events } => {
                for e in events {
                    check(&e.payload).map_err(refuse(Some(*case)))?;
                }
            }
            other => check(other).map_err(refuse(None))?,
        }
    }
    for e in &change.audit {
        check(e).map_err(refuse(None))?;
    }
    Ok(())
}

/// The audit entry for events appended to a case, written in the same record.
fn changed_entry(
    case: CaseNo,
    first_event: u32,
    events: usize,
    author: &str,
    at: NaiveDateTime,
) -> AuditEntry {
    AuditEntry {
        at,
        user: author.to_string(),
        action: AuditAction::Changed {
            case,
            first_event,
            events: u32::try_from(events).unwrap_or(u32::MAX),
        },
    }
}

/// Raw access for tests that damage records on purpose: makes case `no`'s view entry hold
/// `bytes` (the journal keeps the truth; `check` finds it, `check --repair` rebuilds it).
#[doc(hidden)]
pub fn corrupt_case_for_test(store: &Store, no: CaseNo, bytes: &[u8]) -> Result<(), StoreError> {
    store.view.trees[CASES].insert(case_key(no), bytes)?;
    store.view.db.flush()?;
    Ok(())
}
