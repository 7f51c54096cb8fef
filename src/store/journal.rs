//! The journal: the source of truth. Every save is one record appended to the tail segment and
//! `fdatasync`'ed before the save is acknowledged; sled (the view) is built from it and may lag
//! or be lost. A record is framed so that a torn tail, a damaged byte and a record from another
//! database can each be told apart:
//!
//! ```text
//! segment  [magic 16][journal id 16][segment no u32][generation u32]  then records
//! record   [magic 4 "ihj4"][payload len u32][lsn u64][crc32 u32][payload]
//! ```
//!
//! The CRC covers length, LSN and payload. Segments are numbered from 1 and read in number
//! order; compaction (purging a case's data) rewrites a segment under the same number with the
//! next generation and swaps it in with one rename, so a segment is always either the old or
//! the new one. Records keep their LSN across compaction, so LSNs only ever increase along the
//! journal.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use serde::{Deserialize, Serialize};

pub const RECORD_MAGIC: [u8; 4] = *b"ihj4";
pub const FRAME_HEADER: usize = 20;
/// The first read of a record: its header and, for most records, all of it.
const FIRST_READ: usize = 4096;
/// The largest read buffer a thread keeps between reads.
const KEPT_READ_BUFFER: usize = 256 << 10;
pub const SEGMENT_MAGIC: [u8; 16] = *b"infohus journal4";
pub const SEGMENT_HEADER: usize = 40;
/// The largest record: an imported case history with every text at its limit fits many times.
pub const MAX_PAYLOAD: usize = 16 << 20;
/// A new segment is begun once the tail holds this much; compaction rewrites one segment.
pub const SEGMENT_TARGET: u64 = 16 << 20;

/// The segment size in force: `SEGMENT_TARGET`, or `INFOHUS_JOURNAL_SEGMENT_BYTES` (at least
/// 4 KiB) so that tests can make journals of many segments from a few cases.
fn segment_target() -> u64 {
    static TARGET: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *TARGET.get_or_init(|| {
        std::env::var("INFOHUS_JOURNAL_SEGMENT_BYTES")
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .map_or(SEGMENT_TARGET, |n| n.max(4096))
    })
}

pub type JournalId = [u8; 16];

/// Where a record starts: segment and byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Loc {
    pub seg: u32,
    pub off: u32,
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seg, self.off)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("journal segment {seg} has a damaged header")]
    BadSegment { seg: u32 },
    #[error("journal segment {seg} belongs to another database")]
    ForeignSegment { seg: u32 },
    #[error("journal segments are missing before segment {seg}")]
    Gap { seg: u32 },
    #[error("the journal record at {0} is damaged")]
    Damaged(Loc),
    #[error("the journal record at {0} is cut short")]
    Truncated(Loc),
    #[error("a record of {0} bytes is larger than a record may be")]
    TooLarge(usize),
    #[error("offset {0} lies beyond what a segment can address")]
    TooFar(u64),
}

fn crc(len: u32, lsn: u64, payload: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(&len.to_le_bytes());
    h.update(&lsn.to_le_bytes());
    h.update(payload);
    h.finalize()
}

/// The bytes of one record.
pub fn frame(lsn: u64, payload: &[u8]) -> Result<Vec<u8>, JournalError> {
    if payload.len() > MAX_PAYLOAD {
        return Err(JournalError::TooLarge(payload.len()));
    }
    let len = payload.len() as u32;
    let mut out = Vec::with_capacity(FRAME_HEADER + payload.len());
    out.extend_from_slice(&RECORD_MAGIC);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&lsn.to_le_bytes());
    out.extend_from_slice(&crc(len, lsn, payload).to_le_bytes());
    out.extend_from_slice(payload);
    Ok(out)
}

/// What the bytes at a position hold.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed<'a> {
    Record {
        lsn: u64,
        payload: &'a [u8],
        /// Header and payload: where the next record starts.
        len: usize,
    },
    /// Nothing more: the segment ends here.
    End,
    /// A record begins but the bytes end before it does (a write cut off by a crash).
    Short,
    /// Not a whole, intact record.
    Bad,
}

pub fn parse(buf: &[u8]) -> Parsed<'_> {
    if buf.is_empty() {
        return Parsed::End;
    }
    let Some(header) = buf.get(..FRAME_HEADER) else {
        return if RECORD_MAGIC.starts_with(&buf[..buf.len().min(4)]) {
            Parsed::Short
        } else {
            Parsed::Bad
        };
    };
    if header[..4] != RECORD_MAGIC {
        return Parsed::Bad;
    }
    let le32 =
        |r: std::ops::Range<usize>| u32::from_le_bytes(header[r].try_into().unwrap_or_default());
    let len = le32(4..8);
    let lsn = u64::from_le_bytes(header[8..16].try_into().unwrap_or_default());
    let sum = le32(16..20);
    if len as usize > MAX_PAYLOAD {
        return Parsed::Bad;
    }
    let end = FRAME_HEADER + len as usize;
    let Some(payload) = buf.get(FRAME_HEADER..end) else {
        return Parsed::Short;
    };
    if crc(len, lsn, payload) != sum {
        return Parsed::Bad;
    }
    Parsed::Record {
        lsn,
        payload,
        len: end,
    }
}

/// The next offset after `from` at which an intact record starts, if any: how a scan finds
/// its footing again after a damaged record.
pub fn resync(buf: &[u8], from: usize) -> Option<usize> {
    let mut at = from + 1;
    while let Some(i) = buf
        .get(at..)
        .and_then(|rest| memchr::memmem::find(rest, &RECORD_MAGIC))
    {
        let pos = at + i;
        if matches!(parse(&buf[pos..]), Parsed::Record { .. }) {
            return Some(pos);
        }
        at = pos + 1;
    }
    None
}

/// The CRC-32 (IEEE, reflected) table, for mending: crc32fast does the hashing itself but does
/// not expose its table.
fn crc_table() -> [u32; 256] {
    let mut t = [0u32; 256];
    for (i, slot) in t.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *slot = c;
    }
    t
}

/// Where one changed byte of a message of `n` bytes hides, given the XOR of the CRC it has
/// and the CRC it should have (`syndrome`): the byte's position and the XOR that undoes it.
/// CRC-32 is linear, so a single byte `d` at position `i` changes the CRC by the table entry
/// for `d` carried through the `n - 1 - i` bytes after it; walking the syndrome back one byte
/// at a time finds the position in one pass. Every position and value gives a different
/// syndrome for messages far shorter than 2^32 bits, so the answer is unique.
fn locate_one_byte(n: usize, syndrome: u32) -> Option<(usize, u8)> {
    let t = crc_table();
    let mut by_top = [0u8; 256];
    let mut index = std::collections::HashMap::with_capacity(256);
    for (d, &v) in t.iter().enumerate() {
        by_top[(v >> 24) as usize] = d as u8;
        index.insert(v, d as u8);
    }
    let mut s = syndrome;
    for j in 0..n {
        if let Some(&d) = index.get(&s)
            && d != 0
        {
            return Some((n - 1 - j, d));
        }
        // One zero byte backwards: the step was r' = (r >> 8) ^ T[r & 0xff], and the top byte
        // of T[k] names k.
        let k = by_top[(s >> 24) as usize];
        s = ((s ^ t[k as usize]) << 8) | u32::from(k);
    }
    None
}

fn differs_in_one_byte(a: &[u8], b: &[u8]) -> Option<usize> {
    let mut diff = a.iter().zip(b).enumerate().filter(|(_, (x, y))| x != y);
    let first = diff.next()?.0;
    diff.next().is_none().then_some(first)
}

/// Mends a record with one changed byte anywhere in it — magic, length, LSN, checksum or
/// payload — and returns it whole, or `None` when it is not a single-byte change. `region`
/// runs from the record's start to where the next intact record starts (or the segment ends),
/// which is what tells a damaged length from a true one. One flipped byte (the commonest
/// damage of a disk or of memory) is thus mended, not merely found.
pub fn mend_one_byte(region: &[u8]) -> Option<Vec<u8>> {
    let payload_len = region.len().checked_sub(FRAME_HEADER)?;
    if payload_len > MAX_PAYLOAD {
        return None;
    }
    let mut work = region.to_vec();
    let intact = |w: &[u8]| matches!(parse(w), Parsed::Record { len, .. } if len == w.len());
    let true_len = (payload_len as u32).to_le_bytes();
    // A changed magic or length is the one change, if there is one: the rest must be intact.
    for (range, want) in [(0..4, RECORD_MAGIC), (4..8, true_len)] {
        if work[range.clone()] != want {
            differs_in_one_byte(&work[range.clone()], &want)?;
            work[range].copy_from_slice(&want);
            return intact(&work).then_some(work);
        }
    }
    let stored = u32::from_le_bytes(work[16..20].try_into().ok()?);
    let lsn = u64::from_le_bytes(work[8..16].try_into().ok()?);
    let actual = crc(payload_len as u32, lsn, &work[FRAME_HEADER..]);
    if differs_in_one_byte(&stored.to_le_bytes(), &actual.to_le_bytes()).is_some() {
        work[16..20].copy_from_slice(&actual.to_le_bytes());
        return intact(&work).then_some(work);
    }
    // The hashed message is length (4) + LSN (8) + payload; the length is known good.
    let n = 12 + payload_len;
    let (i, d) = locate_one_byte(n, actual ^ stored)?;
    let at = match i {
        0..4 => return None,
        4..12 => 8 + (i - 4),
        _ => FRAME_HEADER + (i - 12),
    };
    work[at] ^= d;
    intact(&work).then_some(work)
}

fn segment_name(seg: u32) -> String {
    format!("{seg:08}.log")
}

fn segment_header(id: &JournalId, seg: u32, generation: u32) -> [u8; SEGMENT_HEADER] {
    let mut h = [0u8; SEGMENT_HEADER];
    h[..16].copy_from_slice(&SEGMENT_MAGIC);
    h[16..32].copy_from_slice(id);
    h[32..36].copy_from_slice(&seg.to_le_bytes());
    h[36..40].copy_from_slice(&generation.to_le_bytes());
    h
}

/// Journal id, segment number and generation from a segment's header.
pub fn parse_segment_header(h: &[u8]) -> Option<(JournalId, u32, u32)> {
    if h.len() < SEGMENT_HEADER || h[..16] != SEGMENT_MAGIC {
        return None;
    }
    let id: JournalId = h[16..32].try_into().ok()?;
    let seg = u32::from_le_bytes(h[32..36].try_into().ok()?);
    let generation = u32::from_le_bytes(h[36..40].try_into().ok()?);
    Some((id, seg, generation))
}

/// Makes a directory entry (a new or renamed file) durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

struct Segment {
    file: Arc<File>,
    generation: u32,
}

struct Tail {
    seg: u32,
    file: Arc<File>,
    end: u64,
    /// Written since the last `fdatasync`.
    dirty: bool,
}

pub struct Journal {
    dir: PathBuf,
    id: JournalId,
    segments: RwLock<BTreeMap<u32, Segment>>,
    tail: Mutex<Tail>,
}

/// A new segment, visible under its name only once its header is on disk: it is written under
/// a temporary name, synced and renamed, and the folder synced. A process killed halfway (an
/// owner kill -9 between creating the file and writing its header once left an empty last
/// segment that made the database refuse to open) leaves only a `.new` file, which `open`
/// removes. The name must also survive a power cut before anything is acknowledged from it.
fn new_segment_file(dir: &Path, seg: u32, header: &[u8]) -> io::Result<File> {
    let path = dir.join(segment_name(seg));
    let tmp = dir.join(format!("{}.new", segment_name(seg)));
    let mut f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    f.write_all(header)?;
    f.sync_all()?;
    if path.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists", path.display()),
        ));
    }
    fs::rename(&tmp, &path)?;
    sync_dir(dir)?;
    Ok(f)
}

/// Removes what a process killed while starting a segment can leave behind: `.new` files, and
/// a last segment shorter than its header (written by builds before segments were renamed into
/// place). Only a *short* last segment is taken as torn; a full-length header that does not
/// parse is damage, for check and repair to name.
pub fn clear_torn_rotation(dir: &Path) -> io::Result<()> {
    let mut last: Option<u32> = None;
    let mut count = 0u32;
    for e in fs::read_dir(dir)? {
        let name = e?.file_name();
        let name = name.to_string_lossy().into_owned();
        if name.ends_with(".log.new") {
            fs::remove_file(dir.join(&name))?;
            continue;
        }
        if let Some(n) = name
            .strip_suffix(".log")
            .and_then(|s| s.parse::<u32>().ok())
        {
            count += 1;
            last = Some(last.map_or(n, |l: u32| l.max(n)));
        }
    }
    if let Some(seg) = last.filter(|&s| s > 1 && count == s) {
        let path = dir.join(segment_name(seg));
        if fs::metadata(&path)?.len() < SEGMENT_HEADER as u64 {
            fs::remove_file(&path)?;
            sync_dir(dir)?;
        }
    }
    Ok(())
}

fn open_rw(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).write(true).open(path)
}

/// A segment found on disk when the journal is opened.
#[derive(Debug, Clone)]
pub struct SegmentInfo {
    pub seg: u32,
    pub generation: u32,
    pub len: u64,
}

impl Journal {
    /// A new, empty journal in `dir` (which must not hold one).
    pub fn create(dir: &Path, id: JournalId) -> Result<Journal, JournalError> {
        fs::create_dir_all(dir)?;
        let f = new_segment_file(dir, 1, &segment_header(&id, 1, 0))?;
        if let Some(parent) = dir.parent() {
            sync_dir(parent)?;
        }
        let file = Arc::new(f);
        let mut segments = BTreeMap::new();
        segments.insert(
            1,
            Segment {
                file: Arc::clone(&file),
                generation: 0,
            },
        );
        Ok(Journal {
            dir: dir.to_path_buf(),
            id,
            segments: RwLock::new(segments),
            tail: Mutex::new(Tail {
                seg: 1,
                file,
                end: SEGMENT_HEADER as u64,
                dirty: false,
            }),
        })
    }

    /// The segments in `dir`, checked: each header intact, all of one journal, numbered without
    /// gaps. Returns the journal id and the segments in order.
    pub fn survey(dir: &Path) -> Result<(JournalId, Vec<SegmentInfo>), JournalError> {
        let mut nos: Vec<u32> = Vec::new();
        for e in fs::read_dir(dir)? {
            let name = e?.file_name();
            let name = name.to_string_lossy();
            if let Some(n) = name
                .strip_suffix(".log")
                .and_then(|s| s.parse::<u32>().ok())
            {
                nos.push(n);
            }
        }
        nos.sort_unstable();
        let mut id: Option<JournalId> = None;
        let mut out = Vec::new();
        for (i, &seg) in nos.iter().enumerate() {
            if seg != i as u32 + 1 {
                return Err(JournalError::Gap { seg });
            }
            let f = File::open(dir.join(segment_name(seg)))?;
            let len = f.metadata()?.len();
            let mut h = [0u8; SEGMENT_HEADER];
            let n = f.read_at(&mut h, 0)?;
            let Some((sid, hseg, generation)) = parse_segment_header(&h[..n]) else {
                return Err(JournalError::BadSegment { seg });
            };
            if hseg != seg {
                return Err(JournalError::BadSegment { seg });
            }
            match id {
                Some(known) if known != sid => return Err(JournalError::ForeignSegment { seg }),
                _ => id = Some(sid),
            }
            out.push(SegmentInfo {
                seg,
                generation,
                len,
            });
        }
        match id {
            Some(id) => Ok((id, out)),
            None => Err(JournalError::BadSegment { seg: 1 }),
        }
    }

    /// Opens the journal with its tail ending at `tail_end` (the end of the last intact record
    /// of the last segment, found by the caller's scan): anything after it is cut off.
    pub fn open(dir: &Path, tail_end: u64) -> Result<Journal, JournalError> {
        let (id, infos) = Self::survey(dir)?;
        let mut segments = BTreeMap::new();
        for info in &infos {
            let f = open_rw(&dir.join(segment_name(info.seg)))?;
            segments.insert(
                info.seg,
                Segment {
                    file: Arc::new(f),
                    generation: info.generation,
                },
            );
        }
        let last = infos.last().map_or(1, |i| i.seg);
        let file = segments
            .get(&last)
            .map(|s| Arc::clone(&s.file))
            .ok_or(JournalError::BadSegment { seg: last })?;
        if file.metadata()?.len() > tail_end {
            file.set_len(tail_end)?;
            file.sync_all()?;
        }
        Ok(Journal {
            dir: dir.to_path_buf(),
            id,
            segments: RwLock::new(segments),
            tail: Mutex::new(Tail {
                seg: last,
                file,
                end: tail_end,
                dirty: false,
            }),
        })
    }

    pub fn id(&self) -> JournalId {
        self.id
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn segment_path(&self, seg: u32) -> PathBuf {
        self.dir.join(segment_name(seg))
    }

    /// Segment numbers with their generations, in order.
    pub fn generations(&self) -> Vec<(u32, u32)> {
        self.segments
            .read()
            .map(|s| s.iter().map(|(k, v)| (*k, v.generation)).collect())
            .unwrap_or_default()
    }

    /// Where the next record will go.
    pub fn end(&self) -> Loc {
        match self.tail.lock() {
            Ok(t) => Loc {
                seg: t.seg,
                off: u32::try_from(t.end).unwrap_or(u32::MAX),
            },
            Err(_) => Loc { seg: 0, off: 0 },
        }
    }

    fn poisoned() -> JournalError {
        JournalError::Io(io::Error::other("the journal lock is poisoned"))
    }

    /// Appends one record; with `sync`, returns only once it is on stable storage.
    pub fn append(&self, lsn: u64, payload: &[u8], sync: bool) -> Result<Loc, JournalError> {
        let bytes = frame(lsn, payload)?;
        let mut tail = self.tail.lock().map_err(|_| Self::poisoned())?;
        if tail.end >= segment_target() {
            self.rotate(&mut tail)?;
        }
        let off = tail.end;
        if off + bytes.len() as u64 > u64::from(u32::MAX) {
            return Err(JournalError::TooFar(off));
        }
        tail.file.write_all_at(&bytes, off)?;
        tail.end += bytes.len() as u64;
        tail.dirty = true;
        if sync {
            tail.file.sync_data()?;
            tail.dirty = false;
        }
        Ok(Loc {
            seg: tail.seg,
            off: off as u32,
        })
    }

    /// Makes every record appended so far durable.
    pub fn sync(&self) -> Result<(), JournalError> {
        let mut tail = self.tail.lock().map_err(|_| Self::poisoned())?;
        if tail.dirty {
            tail.file.sync_data()?;
            tail.dirty = false;
        }
        Ok(())
    }

    fn rotate(&self, tail: &mut Tail) -> Result<(), JournalError> {
        if tail.dirty {
            tail.file.sync_data()?;
        }
        let seg = tail.seg + 1;
        let f = new_segment_file(&self.dir, seg, &segment_header(&self.id, seg, 0))?;
        let file = Arc::new(f);
        self.segments.write().map_err(|_| Self::poisoned())?.insert(
            seg,
            Segment {
                file: Arc::clone(&file),
                generation: 0,
            },
        );
        *tail = Tail {
            seg,
            file,
            end: SEGMENT_HEADER as u64,
            dirty: false,
        };
        Ok(())
    }

    fn file(&self, seg: u32) -> Result<Arc<File>, JournalError> {
        self.segments
            .read()
            .map_err(|_| Self::poisoned())?
            .get(&seg)
            .map(|s| Arc::clone(&s.file))
            .ok_or(JournalError::BadSegment { seg })
    }

    /// The record at `loc`: its LSN and payload, checked, as an owned copy (the program reads
    /// through `read_with`).
    #[cfg(test)]
    pub fn read(&self, loc: Loc) -> Result<(u64, Vec<u8>), JournalError> {
        self.read_with(loc, |lsn, payload| (lsn, payload.to_vec()))
    }

    /// Reads the record at `loc` and hands its LSN and payload to `f`, through a buffer the
    /// thread keeps: an export reads 100,000 records in a row, and a fresh zeroed buffer for
    /// each (and a second read for its header) was a tenth of its reading thread's time in
    /// the allocator. Most records fit the first read.
    pub fn read_with<T>(
        &self,
        loc: Loc,
        f: impl FnOnce(u64, &[u8]) -> T,
    ) -> Result<T, JournalError> {
        thread_local! {
            static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BUF.with(|cell| match cell.try_borrow_mut() {
            Ok(mut buf) => {
                let out = self.read_into(loc, &mut buf, f);
                // A rare large record does not stay with the thread.
                if buf.capacity() > KEPT_READ_BUFFER {
                    *buf = Vec::new();
                }
                out
            }
            // `f` itself reads a record: it gets a buffer of its own.
            Err(_) => self.read_into(loc, &mut Vec::new(), f),
        })
    }

    fn read_into<T>(
        &self,
        loc: Loc,
        buf: &mut Vec<u8>,
        f: impl FnOnce(u64, &[u8]) -> T,
    ) -> Result<T, JournalError> {
        let file = self.file(loc.seg)?;
        if buf.len() < FIRST_READ {
            buf.resize(FIRST_READ, 0);
        }
        let off = u64::from(loc.off);
        let n = file.read_at(&mut buf[..FIRST_READ], off)?;
        if n < FRAME_HEADER {
            return Err(JournalError::Truncated(loc));
        }
        if buf[..4] != RECORD_MAGIC {
            return Err(JournalError::Damaged(loc));
        }
        let len = u32::from_le_bytes(buf[4..8].try_into().unwrap_or_default()) as usize;
        if len > MAX_PAYLOAD {
            return Err(JournalError::Damaged(loc));
        }
        let total = FRAME_HEADER + len;
        if n < total {
            if buf.len() < total {
                buf.resize(total, 0);
            }
            let more = file.read_at(&mut buf[n..total], off + n as u64)?;
            if n + more < total {
                return Err(JournalError::Truncated(loc));
            }
        }
        match parse(&buf[..total]) {
            Parsed::Record { lsn, payload, .. } => Ok(f(lsn, payload)),
            _ => Err(JournalError::Damaged(loc)),
        }
    }

    /// The bytes of segment `seg` from `from` to its end as it is now.
    pub fn read_segment(&self, seg: u32, from: u64) -> Result<Vec<u8>, JournalError> {
        let file = self.file(seg)?;
        let len = file.metadata()?.len();
        let mut buf = vec![0u8; len.saturating_sub(from) as usize];
        let mut at = 0;
        while at < buf.len() {
            let n = file.read_at(&mut buf[at..], from + at as u64)?;
            if n == 0 {
                buf.truncate(at);
                break;
            }
            at += n;
        }
        Ok(buf)
    }

    /// Every segment number, in order.
    pub fn segments(&self) -> Vec<u32> {
        self.segments
            .read()
            .map(|s| s.keys().copied().collect())
            .unwrap_or_default()
    }

    /// Replaces segment `seg` by `records` (its surviving records, in order, with their LSNs)
    /// as the next generation: written beside it, synced, and renamed over it in one step.
    /// Returns the new offset of each record, in order. The tail segment is never rewritten
    /// in place: the caller rotates first.
    pub fn rewrite_segment(
        &self,
        seg: u32,
        records: &[(u64, Vec<u8>)],
    ) -> Result<Vec<u32>, JournalError> {
        let generation = {
            let segs = self.segments.read().map_err(|_| Self::poisoned())?;
            segs.get(&seg)
                .map(|s| s.generation + 1)
                .ok_or(JournalError::BadSegment { seg })?
        };
        if self.tail.lock().map_err(|_| Self::poisoned())?.seg == seg {
            return Err(JournalError::BadSegment { seg });
        }
        let tmp = self.dir.join(format!("{}.new", segment_name(seg)));
        let _ = fs::remove_file(&tmp);
        let mut f = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        let mut out = Vec::with_capacity(records.len());
        let mut buf = segment_header(&self.id, seg, generation).to_vec();
        for (lsn, payload) in records {
            out.push(u32::try_from(buf.len()).map_err(|_| JournalError::TooFar(buf.len() as u64))?);
            buf.extend_from_slice(&frame(*lsn, payload)?);
        }
        f.write_all(&buf)?;
        f.sync_all()?;
        fs::rename(&tmp, self.segment_path(seg))?;
        sync_dir(&self.dir)?;
        let mut segs = self.segments.write().map_err(|_| Self::poisoned())?;
        segs.insert(
            seg,
            Segment {
                file: Arc::new(f),
                generation,
            },
        );
        Ok(out)
    }

    /// Begins a new tail segment, so that every earlier one can be rewritten.
    pub fn start_new_segment(&self) -> Result<(), JournalError> {
        let mut tail = self.tail.lock().map_err(|_| Self::poisoned())?;
        if tail.end > SEGMENT_HEADER as u64 {
            self.rotate(&mut tail)?;
        }
        Ok(())
    }

    /// Bytes of every segment.
    pub fn size(&self) -> u64 {
        self.segments()
            .iter()
            .filter_map(|s| fs::metadata(self.segment_path(*s)).ok())
            .map(|m| m.len())
            .sum()
    }
}

/// Writes `bytes` over segment `seg` of the journal in `dir` in place, as a repair does for a
/// mended record (the journal must not be open for writing).
pub fn patch(dir: &Path, seg: u32, off: u64, bytes: &[u8]) -> io::Result<()> {
    let f = open_rw(&dir.join(segment_name(seg)))?;
    f.write_all_at(bytes, off)?;
    f.sync_data()
}

/// Cuts segment `seg` short at `len` (a torn tail), durably.
pub fn truncate(dir: &Path, seg: u32, len: u64) -> io::Result<()> {
    let f = open_rw(&dir.join(segment_name(seg)))?;
    f.set_len(len)?;
    f.sync_all()
}

/// Writes a mended segment header.
pub fn write_segment_header(
    dir: &Path,
    id: &JournalId,
    seg: u32,
    generation: u32,
) -> io::Result<()> {
    patch(dir, seg, 0, &segment_header(id, seg, generation))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_record_round_trips_and_every_cut_is_short() {
        let f = frame(7, b"hello").unwrap();
        assert_eq!(
            parse(&f),
            Parsed::Record {
                lsn: 7,
                payload: b"hello",
                len: f.len()
            }
        );
        for cut in 1..f.len() {
            assert_eq!(parse(&f[..cut]), Parsed::Short, "cut at {cut}");
        }
        assert_eq!(parse(&[]), Parsed::End);
    }

    #[test]
    fn every_single_flipped_byte_is_found_and_mended() {
        let f = frame(42, "En lærer ringer om eleven.".as_bytes()).unwrap();
        for i in 0..f.len() {
            for x in [0x01u8, 0x5a, 0xff] {
                let mut bad = f.clone();
                bad[i] ^= x;
                assert!(
                    !matches!(parse(&bad), Parsed::Record { .. }),
                    "flip {x:#x} at {i} went unnoticed"
                );
                assert_eq!(mend_one_byte(&bad).as_deref(), Some(f.as_slice()), "at {i}");
            }
        }
    }

    #[test]
    fn the_crc_table_is_crc32fasts() {
        let msg = b"Sag 12 blev \xc3\xa6ndret";
        let t = crc_table();
        let mut r = !0u32;
        for &b in msg {
            r = (r >> 8) ^ t[((r ^ u32::from(b)) & 0xff) as usize];
        }
        assert_eq!(!r, crc32fast::hash(msg));
    }

    #[test]
    fn a_long_record_is_mended_too() {
        let payload: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let f = frame(9, &payload).unwrap();
        for i in [0, 3, 5, 9, 17, 20, 1000, f.len() - 1] {
            let mut bad = f.clone();
            bad[i] ^= 0x5a;
            assert_eq!(mend_one_byte(&bad).as_deref(), Some(f.as_slice()), "at {i}");
        }
        let mut two = f.clone();
        two[100] ^= 1;
        two[200] ^= 1;
        assert_eq!(mend_one_byte(&two), None);
    }

    #[test]
    fn a_scan_finds_its_footing_after_a_damaged_record() {
        let a = frame(1, b"first").unwrap();
        let b = frame(2, b"second").unwrap();
        let c = frame(3, b"third").unwrap();
        let mut buf = [a.clone(), b.clone(), c.clone()].concat();
        buf[a.len() + 2] ^= 0xff;
        assert_eq!(parse(&buf[a.len()..]), Parsed::Bad);
        assert_eq!(resync(&buf, a.len()), Some(a.len() + b.len()));
    }

    #[test]
    fn appended_records_read_back_and_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let jdir = dir.path().join("journal");
        let j = Journal::create(&jdir, [9; 16]).unwrap();
        let l1 = j.append(1, b"one", true).unwrap();
        let l2 = j.append(2, b"two", false).unwrap();
        j.sync().unwrap();
        assert_eq!(j.read(l1).unwrap(), (1, b"one".to_vec()));
        assert_eq!(j.read(l2).unwrap(), (2, b"two".to_vec()));
        let end = u64::from(j.end().off);
        drop(j);
        // A torn write after the last record is cut off on open.
        patch(&jdir, 1, end, b"ihj4\x05\x00").unwrap();
        let j = Journal::open(&jdir, end).unwrap();
        assert_eq!(j.read(l2).unwrap(), (2, b"two".to_vec()));
        assert_eq!(u64::from(j.end().off), end);
        let (id, segs) = Journal::survey(&jdir).unwrap();
        assert_eq!(id, [9; 16]);
        assert_eq!(segs.len(), 1);
    }

    #[test]
    fn a_rewritten_segment_replaces_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let jdir = dir.path().join("journal");
        let j = Journal::create(&jdir, [1; 16]).unwrap();
        j.append(1, b"keep", true).unwrap();
        j.append(2, b"drop", true).unwrap();
        j.start_new_segment().unwrap();
        let l3 = j.append(3, b"later", true).unwrap();
        assert_eq!(l3.seg, 2);
        let offs = j.rewrite_segment(1, &[(1, b"keep".to_vec())]).unwrap();
        let (lsn, payload) = j
            .read(Loc {
                seg: 1,
                off: offs[0],
            })
            .unwrap();
        assert_eq!((lsn, payload.as_slice()), (1, b"keep".as_slice()));
        assert_eq!(j.generations(), vec![(1, 1), (2, 0)]);
        let bytes = j.read_segment(1, SEGMENT_HEADER as u64).unwrap();
        assert!(!bytes.windows(4).any(|w| w == b"drop"));
    }
}
