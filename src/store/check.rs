//! Reading the whole journal, and what `infohus check [--repair]` does with it: verify that every
//! record is intact and that the view is exactly what the journal implies; mend a record with
//! one damaged byte, drop (and name) one that cannot be mended, and rebuild the view.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use super::error::StoreError;
use super::journal::{self, Journal, JournalError, JournalId, Loc, Parsed, SEGMENT_HEADER};
use super::keys::{self, IndexKeys};
use super::open::OpenOptions;
use super::record::{self, Op};
use super::view::{self, CASES, CPR, DUE, ITEMS, LEGAL, LINES, TREE_NAMES, events_of};
use super::{Store, queue_index};
use crate::domain::summary::{CaseLine, CaseSummary};
use crate::domain::{CaseNo, CaseState};

/// What `check` found.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckReport {
    pub cases: u64,
    pub events: u64,
    pub drafts: u64,
    pub audit_entries: u64,
    pub problems: Vec<Problem>,
}

/// One thing `check` found wrong. Typed, so the edge words it in the user's language; the
/// English here is for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Problem {
    /// The database itself reported an error (its own words).
    Unreadable(String),
    JournalDamaged {
        seg: u32,
        off: u32,
    },
    JournalUndecodable {
        seg: u32,
        off: u32,
    },
    ViewBehind,
    EntryUnreadable {
        case: CaseNo,
    },
    CaseUnreadable {
        case: CaseNo,
        why: String,
    },
    EventCount {
        case: CaseNo,
        view: u32,
        journal: u32,
    },
    Replay {
        case: CaseNo,
        why: String,
    },
    Version {
        case: CaseNo,
    },
    Summary {
        case: CaseNo,
    },
    NoNextDate {
        case: CaseNo,
    },
    MissingFromView {
        case: CaseNo,
    },
    Index {
        index: String,
        missing: usize,
        stray: usize,
    },
    DraftUnreadable {
        entry: u64,
    },
    DraftSkipped {
        at: u64,
    },
    Audit(super::AuditProblem),
    PurgedStillStored {
        case: CaseNo,
    },
    ScrubPending {
        cases: usize,
    },
    Counter {
        slot: usize,
        got: u64,
        want: u64,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Unreadable(e) => write!(f, "{e}"),
            Problem::JournalDamaged { seg, off } => write!(
                f,
                "journal record at segment {seg}, byte {off} is damaged (infohus check --repair mends or drops it)"
            ),
            Problem::JournalUndecodable { seg, off } => write!(
                f,
                "journal record at segment {seg}, byte {off} cannot be decoded by this program"
            ),
            Problem::ViewBehind => write!(f, "the view is not level with the journal"),
            Problem::EntryUnreadable { case } => {
                write!(f, "case {case}: its view entry does not decode")
            }
            Problem::CaseUnreadable { case, why } => write!(f, "case {case}: {why}"),
            Problem::EventCount {
                case,
                view,
                journal,
            } => write!(
                f,
                "case {case}: the view finds {view} events, the journal holds {journal}"
            ),
            Problem::Replay { case, why } => write!(f, "case {case}: {why}"),
            Problem::Version { case } => {
                write!(
                    f,
                    "case {case}: the view's version differs from its history"
                )
            }
            Problem::Summary { case } => write!(f, "case {case}: summary differs from the case"),
            Problem::NoNextDate { case } => {
                write!(
                    f,
                    "case {case} is open but has no next date in the work queue"
                )
            }
            Problem::MissingFromView { case } => {
                write!(f, "case {case} is in the journal but missing from the view")
            }
            Problem::Index {
                index,
                missing,
                stray,
            } => write!(
                f,
                "{index}: {missing} entries missing, {stray} entries that match no case"
            ),
            Problem::DraftUnreadable { entry } => {
                write!(f, "drafts: entry {entry} cannot be read")
            }
            Problem::DraftSkipped { at } => {
                write!(f, "drafts: a damaged entry at byte {at} was skipped")
            }
            Problem::Audit(p) => write!(f, "{p}"),
            Problem::PurgedStillStored { case } => {
                write!(f, "case {case}: purged but still stored")
            }
            Problem::ScrubPending { cases } => write!(
                f,
                "{cases} purged cases are still to be cut out of the journal"
            ),
            Problem::Counter { slot, got, want } => write!(
                f,
                "work queue counter {slot}: {got}, the index holds {want}"
            ),
        }
    }
}

/// One thing a repair did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Repaired {
    HeaderRewritten {
        seg: u32,
    },
    ForeignMovedAside {
        seg: u32,
        to: std::path::PathBuf,
    },
    /// A segment followed a missing one: renumbered, the missing one's records lost.
    Renumbered {
        from: u32,
        to: u32,
    },
    Mended {
        seg: u32,
        off: u32,
        lsn: u64,
    },
    TornCut {
        seg: u32,
        bytes: u64,
    },
    Dropped {
        seg: u32,
        off: u32,
        after: Option<chrono::NaiveDateTime>,
        before: Option<chrono::NaiveDateTime>,
    },
    /// Damaged beyond mending in a database a server has open: opened in repair mode, it is
    /// dropped and named.
    NeedsRepairMode {
        seg: u32,
        off: u32,
    },
    ViewRebuilt,
}

impl std::fmt::Display for Repaired {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t =
            |t: &Option<chrono::NaiveDateTime>| t.map(|t| t.format("%d-%m-%Y %H:%M").to_string());
        match self {
            Repaired::HeaderRewritten { seg } => {
                write!(f, "journal segment {seg}: its damaged header was rewritten")
            }
            Repaired::ForeignMovedAside { seg, to } => write!(
                f,
                "journal segment {seg} belongs to another database: moved aside to {}",
                to.display()
            ),
            Repaired::Renumbered { from, to } => write!(
                f,
                "journal segment {from} follows a missing one: renumbered {to}; the records of the missing segment are lost"
            ),
            Repaired::Mended { seg, off, lsn } => write!(
                f,
                "journal record {lsn} (segment {seg}, byte {off}) had one damaged byte: mended"
            ),
            Repaired::TornCut { seg, bytes } => write!(
                f,
                "journal segment {seg}: an unfinished last write ({bytes} bytes) was cut off"
            ),
            Repaired::Dropped {
                seg,
                off,
                after,
                before,
            } => write!(
                f,
                "journal record at segment {seg}, byte {off} was damaged beyond mending and dropped (written {})",
                match (t(after), t(before)) {
                    (Some(a), Some(b)) => format!("between {a} and {b}"),
                    (Some(a), None) => format!("after {a}"),
                    (None, Some(b)) => format!("before {b}"),
                    (None, None) => "at an unknown time".into(),
                }
            ),
            Repaired::NeedsRepairMode { seg, off } => write!(
                f,
                "journal segment {seg}, byte {off}: damaged beyond mending; stop the server and run infohus check --repair to drop it"
            ),
            Repaired::ViewRebuilt => write!(f, "the view was rebuilt from the journal"),
        }
    }
}

/// One record as a scan finds it.
pub struct Scanned {
    pub loc: Loc,
    pub lsn: u64,
    pub payload: Vec<u8>,
    /// Where the record after it starts.
    pub next: Loc,
}

/// Every record from `from` (the first record, when `None`) to the end, in order; a damaged
/// record ends the scan with an error.
pub fn records(
    journal: &Journal,
    from: Option<Loc>,
) -> impl Iterator<Item = Result<Scanned, JournalError>> + '_ {
    let start = from.unwrap_or(Loc {
        seg: 1,
        off: SEGMENT_HEADER as u32,
    });
    let segs: Vec<u32> = journal
        .segments()
        .into_iter()
        .filter(|s| *s >= start.seg)
        .collect();
    let mut segs = segs.into_iter();
    let mut current: Option<(u32, u64, Vec<u8>, usize)> = None;
    let mut failed = false;
    std::iter::from_fn(move || {
        loop {
            if failed {
                return None;
            }
            if current.is_none() {
                let seg = segs.next()?;
                let base = if seg == start.seg {
                    u64::from(start.off)
                } else {
                    SEGMENT_HEADER as u64
                };
                match journal.read_segment(seg, base) {
                    Ok(bytes) => current = Some((seg, base, bytes, 0)),
                    Err(e) => {
                        failed = true;
                        return Some(Err(e));
                    }
                }
            }
            let (seg, base, bytes, pos) = current.as_mut()?;
            let loc = Loc {
                seg: *seg,
                off: (*base + *pos as u64) as u32,
            };
            match journal::parse(&bytes[*pos..]) {
                Parsed::Record { lsn, payload, len } => {
                    let payload = payload.to_vec();
                    *pos += len;
                    let next = Loc {
                        seg: *seg,
                        off: (*base + *pos as u64) as u32,
                    };
                    return Some(Ok(Scanned {
                        loc,
                        lsn,
                        payload,
                        next,
                    }));
                }
                Parsed::End => current = None,
                Parsed::Short | Parsed::Bad => {
                    failed = true;
                    return Some(Err(JournalError::Damaged(loc)));
                }
            }
        }
    })
}

/// What mending the journal did.
#[derive(Default)]
pub struct JournalRepair {
    pub lines: Vec<Repaired>,
    /// Records that could not be mended and were dropped.
    pub lost: u64,
}

/// A damaged stretch of a segment: where it starts, and where the next intact record starts.
struct Damage {
    start: usize,
    next: Option<usize>,
}

/// The damaged stretches of a segment's bytes (header included in `bytes`).
fn damage_in(bytes: &[u8]) -> Vec<Damage> {
    let mut out = Vec::new();
    let mut pos = SEGMENT_HEADER.min(bytes.len());
    while pos < bytes.len() {
        match journal::parse(&bytes[pos..]) {
            Parsed::Record { len, .. } => pos += len,
            Parsed::End => break,
            Parsed::Short | Parsed::Bad => {
                let next = journal::resync(bytes, pos);
                out.push(Damage { start: pos, next });
                match next {
                    Some(n) => pos = n,
                    None => break,
                }
            }
        }
    }
    out
}

/// The intact records of a segment's bytes, with their offsets.
pub(super) fn intact_records(bytes: &[u8]) -> Vec<(usize, u64, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pos = SEGMENT_HEADER.min(bytes.len());
    while pos < bytes.len() {
        match journal::parse(&bytes[pos..]) {
            Parsed::Record { lsn, payload, len } => {
                out.push((pos, lsn, payload.to_vec()));
                pos += len;
            }
            Parsed::End => break,
            Parsed::Short | Parsed::Bad => match journal::resync(bytes, pos) {
                Some(n) => pos = n,
                None => break,
            },
        }
    }
    out
}

/// When the records around a dropped one were written, to say when what was lost was.
fn loss_span(
    records: &[(usize, u64, Vec<u8>)],
    at: usize,
) -> (Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>) {
    let before = records.iter().rev().find(|(off, ..)| *off < at);
    let after = records.iter().find(|(off, ..)| *off > at);
    let time = |r: Option<&(usize, u64, Vec<u8>)>, last: bool| {
        r.and_then(|(_, _, p)| record::decode(p).ok())
            .and_then(|rec| {
                let mut times = rec.ops.into_iter().filter_map(|op| match op {
                    Op::Events { events, .. } => events.first().map(|e| e.at),
                    _ => None,
                });
                if last {
                    times.next_back()
                } else {
                    times.next()
                }
            })
    };
    (time(before, true), time(after, false))
}

fn segment_no(name: &str) -> Option<u32> {
    name.strip_suffix(".log")?.parse().ok()
}

/// Mends the journal in `dir` before it is opened: a damaged segment header is rewritten,
/// a record with one damaged byte is mended in place, one that cannot be is dropped (and
/// named), a torn end of the last segment is cut off, and segments are renumbered to close a
/// gap. Everything it does is said in one line each.
pub fn repair_journal(dir: &Path, opts: &OpenOptions) -> Result<JournalRepair, StoreError> {
    let mut report = JournalRepair::default();
    let mut nos: Vec<u32> = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter_map(|e| segment_no(&e.file_name().to_string_lossy()))
        .collect();
    nos.sort_unstable();
    // The journal's id: the one most headers agree on.
    let mut ids: HashMap<JournalId, usize> = HashMap::new();
    for &seg in &nos {
        let bytes = fs::read(dir.join(format!("{seg:08}.log")))?;
        if let Some((id, _, _)) = journal::parse_segment_header(&bytes) {
            *ids.entry(id).or_default() += 1;
        }
    }
    let Some(id) = ids.into_iter().max_by_key(|(_, n)| *n).map(|(id, _)| id) else {
        return Err(StoreError::JournalDamaged {
            path: dir.to_path_buf(),
            seg: 1,
            off: None,
        });
    };
    let last = nos.last().copied().unwrap_or(0);
    for (i, &seg) in nos.iter().enumerate() {
        let want = i as u32 + 1;
        let path = dir.join(format!("{seg:08}.log"));
        let mut bytes = fs::read(&path)?;
        let header = journal::parse_segment_header(&bytes);
        let generation = match header {
            Some((hid, hseg, g)) if hid == id && hseg == want => g,
            Some((hid, _, _)) if hid != id => {
                let aside = dir.join(format!("{seg:08}.foreign"));
                fs::rename(&path, &aside)?;
                report
                    .lines
                    .push(Repaired::ForeignMovedAside { seg, to: aside });
                continue;
            }
            Some((_, _, g)) => g,
            None => 0,
        };
        if header.map(|(h, s, _)| (h, s)) != Some((id, want)) {
            journal::write_segment_header(dir, &id, seg, generation)?;
            bytes = fs::read(&path)?;
            report.lines.push(Repaired::HeaderRewritten { seg });
        }
        if seg != want {
            let to = dir.join(format!("{want:08}.log"));
            fs::rename(&path, &to)?;
            journal::write_segment_header(dir, &id, want, generation)?;
            journal::sync_dir(dir)?;
            report.lines.push(Repaired::Renumbered {
                from: seg,
                to: want,
            });
            report.lost += 1;
        }
        let seg = want;
        let path = dir.join(format!("{seg:08}.log"));
        let mut dropped = Vec::new();
        for d in damage_in(&bytes) {
            let end = d.next.unwrap_or(bytes.len());
            let region = &bytes[d.start..end];
            if let Some(mended) = journal::mend_one_byte(region) {
                journal::patch(dir, seg, d.start as u64, &mended)?;
                let lsn = match journal::parse(&mended) {
                    Parsed::Record { lsn, .. } => lsn,
                    _ => 0,
                };
                report.lines.push(Repaired::Mended {
                    seg,
                    off: d.start as u32,
                    lsn,
                });
            } else if d.next.is_none() && seg == last {
                // A write cut off by a crash: it was never acknowledged.
                journal::truncate(dir, seg, d.start as u64)?;
                report.lines.push(Repaired::TornCut {
                    seg,
                    bytes: (end - d.start) as u64,
                });
            } else {
                dropped.push(d.start);
            }
        }
        if !dropped.is_empty() {
            let bytes = fs::read(&path)?;
            let intact = intact_records(&bytes);
            for at in &dropped {
                let (after, before) = loss_span(&intact, *at);
                report.lines.push(Repaired::Dropped {
                    seg,
                    off: *at as u32,
                    after,
                    before,
                });
                report.lost += 1;
            }
            let mut out = bytes[..SEGMENT_HEADER].to_vec();
            for (_, lsn, payload) in &intact {
                out.extend_from_slice(&journal::frame(*lsn, payload)?);
            }
            let tmp = dir.join(format!("{seg:08}.log.new"));
            fs::write(&tmp, &out)?;
            fs::File::open(&tmp)?.sync_all()?;
            fs::rename(&tmp, &path)?;
            journal::sync_dir(dir)?;
        }
        opts.report("journal", u64::from(seg), nos.len() as u64);
    }
    Ok(report)
}

impl Store {
    /// Decodes every record and verifies that the view is exactly what the journal implies.
    pub fn check(&self, mut progress: impl FnMut(u64)) -> CheckReport {
        let mut report = CheckReport::default();
        let _layout = match self.read_layout() {
            Ok(l) => l,
            Err(e) => {
                report.problems.push(Problem::Unreadable(e.to_string()));
                return report;
            }
        };
        // The journal: every record intact and decodable; what it says of each case.
        let mut counts: BTreeMap<CaseNo, u32> = BTreeMap::new();
        let mut purged: BTreeSet<CaseNo> = BTreeSet::new();
        let mut last_end = None;
        for seg in self.journal.segments() {
            let bytes = match self.journal.read_segment(seg, 0) {
                Ok(b) => b,
                Err(e) => {
                    report
                        .problems
                        .push(Problem::Unreadable(format!("journal segment {seg}: {e}")));
                    continue;
                }
            };
            for d in damage_in(&bytes) {
                report.problems.push(Problem::JournalDamaged {
                    seg,
                    off: d.start as u32,
                });
            }
            for (off, _, payload) in intact_records(&bytes) {
                match record::decode(&payload) {
                    Ok(rec) => {
                        for op in rec.ops {
                            match op {
                                Op::Events { case, events } => {
                                    *counts.entry(case).or_default() += events.len() as u32;
                                }
                                Op::Purged(t) => {
                                    purged.insert(t.no);
                                }
                                _ => {}
                            }
                        }
                    }
                    Err(_) => report.problems.push(Problem::JournalUndecodable {
                        seg,
                        off: off as u32,
                    }),
                }
            }
            last_end = Some(Loc {
                seg,
                off: bytes.len() as u32,
            });
        }
        match self.view.applied() {
            Ok(Some(a)) if a.end == last_end || last_end.is_none() => {}
            Ok(_) => report.problems.push(Problem::ViewBehind),
            Err(e) => report.problems.push(Problem::Unreadable(e.to_string())),
        }
        // The view: each case's entry is what its events replay to.
        let mut expected: [BTreeSet<Vec<u8>>; 5] = Default::default();
        let mut seen = BTreeSet::new();
        // Cases whose entry cannot be read: their index keys cannot be checked either.
        let mut unreadable: BTreeSet<CaseNo> = BTreeSet::new();
        for r in self.view.trees[CASES].iter() {
            let (k, v) = match r {
                Ok(kv) => kv,
                Err(e) => {
                    report
                        .problems
                        .push(Problem::Unreadable(format!("cases: {e}")));
                    continue;
                }
            };
            report.cases += 1;
            progress(report.cases);
            let Some(no) = keys::case_no_of(&k) else {
                report.problems.push(Problem::Unreadable(format!(
                    "cases: malformed key {}",
                    view::hex(&k)
                )));
                continue;
            };
            seen.insert(no);
            let entry = match view::decode_entry(&v) {
                Ok(e) => e,
                Err(_) => {
                    report.problems.push(Problem::EntryUnreadable { case: no });
                    unreadable.insert(no);
                    continue;
                }
            };
            let events = match events_of(&self.journal, no, &entry.locs) {
                Ok(ev) => ev,
                Err(e) => {
                    report.problems.push(Problem::CaseUnreadable {
                        case: no,
                        why: e.to_string(),
                    });
                    unreadable.insert(no);
                    continue;
                }
            };
            report.events += events.len() as u64;
            if counts.get(&no).copied() != Some(events.len() as u32) {
                report.problems.push(Problem::EventCount {
                    case: no,
                    view: events.len() as u32,
                    journal: counts.get(&no).copied().unwrap_or(0),
                });
            }
            let replayed = match CaseState::replay(no, &events) {
                Ok(r) => r,
                Err(e) => {
                    report.problems.push(Problem::Replay {
                        case: no,
                        why: e.to_string(),
                    });
                    unreadable.insert(no);
                    continue;
                }
            };
            if entry.event_count != replayed.event_count {
                report.problems.push(Problem::Version { case: no });
            }
            let summary = CaseSummary::of(&replayed);
            // The list line is part of the summary as far as a reader can tell.
            let line = self.view.line(no).ok().flatten();
            if entry.summary != summary || line != Some(CaseLine::from(&summary)) {
                report.problems.push(Problem::Summary { case: no });
            }
            if replayed.stage.is_open()
                && !matches!(
                    self.view.trees[DUE].contains_key(keys::due_key(replayed.next_date, no)),
                    Ok(true)
                )
            {
                report.problems.push(Problem::NoNextDate { case: no });
            }
            let ix = IndexKeys::of(&replayed);
            expected[0].extend(ix.due);
            expected[1].extend(ix.cpr);
            expected[2].extend(ix.items);
            expected[3].extend(ix.legal);
            expected[4].insert(keys::case_key(no).to_vec());
        }
        for no in counts
            .keys()
            .filter(|n| !seen.contains(n) && !purged.contains(n))
        {
            report.problems.push(Problem::MissingFromView { case: *no });
        }
        for (i, tree) in [DUE, CPR, ITEMS, LEGAL, LINES].into_iter().enumerate() {
            let mut actual = BTreeSet::new();
            for r in self.view.trees[tree].iter() {
                match r {
                    Ok((k, _)) => {
                        let no = if tree == LEGAL {
                            keys::parse_legal_key(&k).map(|(_, no, _)| no)
                        } else {
                            keys::case_no_of(&k)
                        };
                        if !no.is_some_and(|n| unreadable.contains(&n)) {
                            actual.insert(k.to_vec());
                        }
                    }
                    Err(e) => report
                        .problems
                        .push(Problem::Unreadable(format!("{}: {e}", TREE_NAMES[tree]))),
                }
            }
            let missing = expected[i].difference(&actual).count();
            let stray = actual.difference(&expected[i]).count();
            if missing + stray > 0 {
                report.problems.push(Problem::Index {
                    index: TREE_NAMES[tree].to_string(),
                    missing,
                    stray,
                });
            }
        }
        match self.lock_drafts() {
            Ok(d) => {
                report.drafts = d.all().count() as u64;
                report.problems.extend(d.problems.iter().cloned());
            }
            Err(e) => report.problems.push(Problem::Unreadable(e.to_string())),
        }
        let chain = self.verify_audit();
        report.audit_entries = chain.entries;
        if let Some(bad) = chain.problem {
            report.problems.push(Problem::Audit(bad));
        }
        for r in self.tombstones() {
            match r {
                Ok(t) if seen.contains(&t.no) => {
                    report
                        .problems
                        .push(Problem::PurgedStillStored { case: t.no });
                }
                Ok(_) => {}
                Err(e) => report.problems.push(Problem::Unreadable(e.to_string())),
            }
        }
        let pending = self.view.trees[view::META]
            .scan_prefix(view::SCRUB_PREFIX)
            .count();
        if pending > 0 {
            report
                .problems
                .push(Problem::ScrubPending { cases: pending });
        }
        report.problems.extend(self.check_counters());
        report
    }

    /// Mends the journal where one byte is damaged and rebuilds the view from it. Returns what
    /// was done, one sentence each (a record damaged beyond mending needs the database opened in
    /// repair mode, which `infohus check --repair` does when no server holds it).
    pub fn repair(&self) -> Result<Vec<Repaired>, StoreError> {
        let _w = self.lock_writer()?;
        let _layout = self.layout.write().map_err(|_| super::poisoned("layout"))?;
        let mut lines: Vec<Repaired> = self.repaired.clone();
        for seg in self.journal.segments() {
            let bytes = self.journal.read_segment(seg, 0)?;
            for d in damage_in(&bytes) {
                let region = &bytes[d.start..d.next.unwrap_or(bytes.len())];
                match journal::mend_one_byte(region) {
                    Some(mended) => {
                        journal::patch(self.journal.dir(), seg, d.start as u64, &mended)?;
                        let lsn = match journal::parse(&mended) {
                            Parsed::Record { lsn, .. } => lsn,
                            _ => 0,
                        };
                        lines.push(Repaired::Mended {
                            seg,
                            off: d.start as u32,
                            lsn,
                        });
                    }
                    None => lines.push(Repaired::NeedsRepairMode {
                        seg,
                        off: d.start as u32,
                    }),
                }
            }
        }
        self.forget_folded();
        self.view.clear()?;
        let last = self.catch_up(None, &OpenOptions::default())?;
        let _ = last;
        self.changed();
        lines.push(Repaired::ViewRebuilt);
        Ok(lines)
    }

    /// Problems with the work-queue counters: each must equal its index's count.
    fn check_counters(&self) -> Vec<Problem> {
        queue_index::check_counters(self)
    }
}
