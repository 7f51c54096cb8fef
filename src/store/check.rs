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
use super::view::{self, CASES, CPR, DUE, ITEMS, LEGAL, NAME, TREE_NAMES, events_of};
use super::{Store, queue_index};
use crate::domain::summary::CaseSummary;
use crate::domain::{CaseNo, CaseState};

/// What `check` found.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckReport {
    pub cases: u64,
    pub events: u64,
    pub drafts: u64,
    pub audit_entries: u64,
    pub problems: Vec<String>,
    /// The audit chain's problem, typed, so the command line can say it in the user's
    /// language; its English sentence is in `problems` too.
    #[serde(default)]
    pub audit: Option<super::audit::AuditProblem>,
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
    pub lines: Vec<String>,
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

/// The cases and time span of the records around a dropped one, to name what was lost.
fn describe_loss(records: &[(usize, u64, Vec<u8>)], at: usize) -> String {
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
            .map(|t| t.format("%d-%m-%Y %H:%M").to_string())
    };
    match (time(before, true), time(after, false)) {
        (Some(a), Some(b)) => format!("written between {a} and {b}"),
        (Some(a), None) => format!("written after {a}"),
        (None, Some(b)) => format!("written before {b}"),
        (None, None) => "of unknown time".to_string(),
    }
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
                report.lines.push(format!(
                    "journal segment {seg} belongs to another database: moved aside to {}",
                    aside.display()
                ));
                continue;
            }
            Some((_, _, g)) => g,
            None => 0,
        };
        if header.map(|(h, s, _)| (h, s)) != Some((id, want)) {
            journal::write_segment_header(dir, &id, seg, generation)?;
            bytes = fs::read(&path)?;
            report.lines.push(format!(
                "journal segment {seg}: its damaged header was rewritten"
            ));
        }
        if seg != want {
            let to = dir.join(format!("{want:08}.log"));
            fs::rename(&path, &to)?;
            journal::write_segment_header(dir, &id, want, generation)?;
            journal::sync_dir(dir)?;
            report.lines.push(format!(
                "journal segment {seg} follows a missing one: renumbered {want}; the records of the missing segment are lost"
            ));
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
                report.lines.push(format!(
                    "journal record {lsn} (segment {seg}, byte {}) had one damaged byte: mended",
                    d.start
                ));
            } else if d.next.is_none() && seg == last {
                // A write cut off by a crash: it was never acknowledged.
                journal::truncate(dir, seg, d.start as u64)?;
                report.lines.push(format!(
                    "journal segment {seg}: an unfinished last write ({} bytes) was cut off",
                    end - d.start
                ));
            } else {
                dropped.push(d.start);
            }
        }
        if !dropped.is_empty() {
            let bytes = fs::read(&path)?;
            let intact = intact_records(&bytes);
            for at in &dropped {
                report.lines.push(format!(
                    "journal record at segment {seg}, byte {at} is damaged beyond mending and was dropped ({})",
                    describe_loss(&intact, *at)
                ));
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
                report.problems.push(e.to_string());
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
                    report.problems.push(format!("journal segment {seg}: {e}"));
                    continue;
                }
            };
            for d in damage_in(&bytes) {
                report.problems.push(format!(
                    "journal record at segment {seg}, byte {} is damaged (infohus check --repair mends or drops it)",
                    d.start
                ));
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
                    Err(e) => report.problems.push(format!(
                        "journal record at segment {seg}, byte {off} cannot be decoded: {e}"
                    )),
                }
            }
            last_end = Some(Loc {
                seg,
                off: bytes.len() as u32,
            });
        }
        match self.view.applied() {
            Ok(Some(a)) if a.end == last_end || last_end.is_none() => {}
            Ok(_) => report
                .problems
                .push("the view is not level with the journal".to_string()),
            Err(e) => report.problems.push(e.to_string()),
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
                    report.problems.push(format!("cases: {e}"));
                    continue;
                }
            };
            report.cases += 1;
            progress(report.cases);
            let Some(no) = keys::case_no_of(&k) else {
                report
                    .problems
                    .push(format!("cases: malformed key {}", view::hex(&k)));
                continue;
            };
            seen.insert(no);
            let entry = match view::decode_entry(&v) {
                Ok(e) => e,
                Err(e) => {
                    report
                        .problems
                        .push(format!("case {no}: its view entry does not decode: {e}"));
                    unreadable.insert(no);
                    continue;
                }
            };
            let events = match events_of(&self.journal, no, &entry.locs) {
                Ok(ev) => ev,
                Err(e) => {
                    report.problems.push(format!("case {no}: {e}"));
                    continue;
                }
            };
            report.events += events.len() as u64;
            if counts.get(&no).copied() != Some(events.len() as u32) {
                report.problems.push(format!(
                    "case {no}: the view finds {} events, the journal holds {}",
                    events.len(),
                    counts.get(&no).copied().unwrap_or(0)
                ));
            }
            let replayed = match CaseState::replay(no, &events) {
                Ok(r) => r,
                Err(e) => {
                    report.problems.push(format!("case {no}: {e}"));
                    continue;
                }
            };
            if entry.event_count != replayed.event_count {
                report.problems.push(format!(
                    "case {no}: the view's version differs from its history"
                ));
            }
            if entry.summary != CaseSummary::of(&replayed) {
                report
                    .problems
                    .push(format!("case {no}: summary differs from the case"));
            }
            if replayed.stage.is_open()
                && !matches!(
                    self.view.trees[DUE].contains_key(keys::due_key(replayed.next_date, no)),
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
        for no in counts
            .keys()
            .filter(|n| !seen.contains(n) && !purged.contains(n))
        {
            report.problems.push(format!(
                "case {no} is in the journal but missing from the view"
            ));
        }
        for (i, tree) in [DUE, NAME, CPR, ITEMS, LEGAL].into_iter().enumerate() {
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
        match self.lock_drafts() {
            Ok(d) => {
                report.drafts = d.all().count() as u64;
                report.problems.extend(d.problems.iter().cloned());
            }
            Err(e) => report.problems.push(e.to_string()),
        }
        let chain = self.verify_audit();
        report.audit_entries = chain.entries;
        if let Some(bad) = chain.problem {
            report.problems.push(bad.to_string());
            report.audit = Some(bad);
        }
        for r in self.tombstones() {
            match r {
                Ok(t) if seen.contains(&t.no) => {
                    report
                        .problems
                        .push(format!("case {}: purged but still stored", t.no));
                }
                Ok(_) => {}
                Err(e) => report.problems.push(e.to_string()),
            }
        }
        let pending = self.view.trees[view::META]
            .scan_prefix(view::SCRUB_PREFIX)
            .count();
        if pending > 0 {
            report.problems.push(format!(
                "{pending} purged cases are still to be cut out of the journal"
            ));
        }
        report.problems.extend(self.check_counters());
        report
    }

    /// Mends the journal where one byte is damaged and rebuilds the view from it. Returns what
    /// was done, one sentence each (a record damaged beyond mending needs the database opened in
    /// repair mode, which `infohus check --repair` does when no server holds it).
    pub fn repair(&self) -> Result<Vec<String>, StoreError> {
        let _w = self.lock_writer()?;
        let _layout = self.layout.write().map_err(|_| super::poisoned("layout"))?;
        let mut lines: Vec<String> = self.repaired.clone();
        for seg in self.journal.segments() {
            let bytes = self.journal.read_segment(seg, 0)?;
            for d in damage_in(&bytes) {
                let region = &bytes[d.start..d.next.unwrap_or(bytes.len())];
                match journal::mend_one_byte(region) {
                    Some(mended) => {
                        journal::patch(self.journal.dir(), seg, d.start as u64, &mended)?;
                        lines.push(format!(
                            "journal segment {seg}, byte {}: one damaged byte mended",
                            d.start
                        ));
                    }
                    None => lines.push(format!(
                        "journal segment {seg}, byte {}: damaged beyond mending; stop the server and run infohus check --repair to drop it",
                        d.start
                    )),
                }
            }
        }
        self.view.clear()?;
        let last = self.catch_up(None, &OpenOptions::default())?;
        let _ = last;
        self.changed();
        lines.push("the view was rebuilt from the journal".to_string());
        Ok(lines)
    }

    /// Problems with the work-queue counters: each must equal its index's count.
    fn check_counters(&self) -> Vec<String> {
        queue_index::check_counters(self)
    }
}
