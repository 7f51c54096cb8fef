//! Opening the database: the checks that turn every way it can fail into one clear sentence,
//! the lock, a new database's layout, the migration of an older format, and bringing the view
//! level with the journal (caught up, or rebuilt when it is lost, damaged or from elsewhere).

use std::collections::HashMap;
use std::fs;
use std::io::ErrorKind;
use std::os::fd::AsRawFd;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, RwLock};

use super::check;
use super::drafts::Drafts;
use super::error::StoreError;
use super::journal::{self, Journal, Loc, Parsed, SEGMENT_HEADER};
use super::view::{self, View};
use super::{Store, Writer};

/// Marks a directory as an infohus database of format 4.
pub const FORMAT_FILE: &str = "FORMAT";
const FORMAT_TEXT: &str = "infohus 4\n";
pub const JOURNAL_DIR: &str = "journal";
pub const VIEW_DIR: &str = "view";
const LOCK_FILE: &str = "LOCK";
/// Who holds the database, written after the lock is taken, read when the lock is refused.
const OWNER_FILE: &str = "infohus.owner";
/// How often (50 ms apart) a refused lock is tried again before the holder is named.
const LOCK_RETRIES: u32 = 20;

/// Reports progress of a long open (a migration or a rebuild): what, done, of how many.
pub type Progress = Arc<dyn Fn(&str, u64, u64) + Send + Sync>;

/// sled's page cache for the view. sled counts it in the pages' stored (zstd-compressed) size,
/// and a page takes five to ten times that in memory once read: 8 MB holds about 50 MB of the
/// view. At 100,000 cases that is the pages `due` reads (its 120,000 lines, read in case
/// order so that each page is read once); a full export streams through the rest. At 48 MB
/// the server kept every page an export had read, 60 MB more than the 100 MB it may hold.
pub const VIEW_CACHE_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Clone)]
pub struct OpenOptions {
    /// Create the database when there is none (the data directory itself must exist).
    pub create: bool,
    /// Upper bound of sled's page cache for the view.
    pub cache_bytes: u64,
    /// Written into the owner file so a second process can say who holds the lock.
    pub user: String,
    /// Repair mode (`check --repair`): open a damaged database by mending what can be mended,
    /// dropping what cannot (and saying so), and rebuilding the view from the journal.
    pub accept_loss: bool,
    pub progress: Option<Progress>,
}

impl std::fmt::Debug for OpenOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenOptions")
            .field("create", &self.create)
            .field("cache_bytes", &self.cache_bytes)
            .field("user", &self.user)
            .field("accept_loss", &self.accept_loss)
            .finish()
    }
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            create: true,
            cache_bytes: VIEW_CACHE_BYTES,
            user: String::new(),
            accept_loss: false,
            progress: None,
        }
    }
}

impl OpenOptions {
    pub fn report(&self, what: &str, done: u64, of: u64) {
        if let Some(p) = &self.progress {
            p(what, done, of);
        }
    }
}

/// A refused permission is about the directory; anything else is named as it is.
fn io_error(path: &Path, parent: &Path, e: &std::io::Error) -> StoreError {
    if e.kind() == ErrorKind::PermissionDenied {
        StoreError::NotWritable(parent.to_path_buf())
    } else {
        StoreError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }
    }
}

/// The exclusive lock on a database directory, held while the store is open.
pub struct Lock {
    _file: fs::File,
}

impl Lock {
    pub fn take(path: &Path) -> Result<Lock, StoreError> {
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path.join(LOCK_FILE))
            .map_err(|e| io_error(path, path, &e))?;
        for attempt in 0..=LOCK_RETRIES {
            // SAFETY: flock on a descriptor owned by `file`, which outlives the call.
            let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
            if rc == 0 {
                return Ok(Lock { _file: file });
            }
            if attempt < LOCK_RETRIES {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        }
        let holder = fs::read_to_string(path.join(OWNER_FILE))
            .map(|s| format!(" ({})", s.trim()))
            .unwrap_or_default();
        Err(StoreError::Locked {
            path: path.to_path_buf(),
            holder,
        })
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What is at `path`.
enum Found {
    Missing,
    Empty,
    Format4,
    /// A sled database of format 3 or older (sled's files directly in the directory).
    Format3,
}

fn inspect(path: &Path, opts: &OpenOptions) -> Result<Found, StoreError> {
    let parent = parent_of(path);
    if !parent.is_dir() {
        return Err(StoreError::MissingDir(parent));
    }
    match fs::metadata(path) {
        Ok(m) if !m.is_dir() => Err(StoreError::NotADatabase(path.to_path_buf())),
        Ok(m) => {
            if m.permissions().mode() & 0o007 != 0 {
                return Err(StoreError::WorldReadable(path.to_path_buf()));
            }
            if let Ok(text) = fs::read(path.join(FORMAT_FILE)) {
                return if text == FORMAT_TEXT.as_bytes() {
                    Ok(Found::Format4)
                } else if opts.accept_loss && path.join(JOURNAL_DIR).is_dir() {
                    // A damaged marker beside a journal: repair writes it anew.
                    lay_out_marker(path)?;
                    Ok(Found::Format4)
                } else {
                    let text = String::from_utf8_lossy(&text);
                    Err(StoreError::Open {
                        path: path.to_path_buf(),
                        reason: format!(
                            "its format ({}) is not one this program knows",
                            text.trim()
                        ),
                    })
                };
            }
            if path.join("conf").exists() {
                return Ok(Found::Format3);
            }
            let listed: Vec<_> = fs::read_dir(path)
                .map_err(|e| io_error(path, &parent, &e))?
                .filter_map(Result::ok)
                .map(|e| e.file_name())
                .collect();
            // A crash while a new database was being laid out leaves only these behind.
            let known = [LOCK_FILE, OWNER_FILE, JOURNAL_DIR, VIEW_DIR, "FORMAT.new"];
            if listed.iter().all(|n| known.iter().any(|k| n == *k)) {
                Ok(Found::Empty)
            } else {
                Err(StoreError::NotADatabase(path.to_path_buf()))
            }
        }
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(Found::Missing),
        Err(e) => Err(io_error(path, &parent, &e)),
    }
}

fn write_owner(path: &Path, opts: &OpenOptions) {
    let owner = format!(
        "{}, pid {}, {}",
        if opts.user.is_empty() {
            "?"
        } else {
            &opts.user
        },
        std::process::id(),
        chrono::Local::now().format("%d-%m-%Y %H:%M")
    );
    // Informational only; failing to write it must not stop anyone from working.
    let _ = fs::write(path.join(OWNER_FILE), owner);
}

/// Lays out a new, empty database in the (existing, empty) directory `path`.
pub(super) fn lay_out(path: &Path) -> Result<(), StoreError> {
    let jdir = path.join(JOURNAL_DIR);
    let _ = fs::remove_dir_all(&jdir);
    let _ = fs::remove_dir_all(path.join(VIEW_DIR));
    let id: journal::JournalId = std::array::from_fn(|_| fastrand::u8(..));
    Journal::create(&jdir, id)?;
    // The format file is written last: a directory without it is taken for an unfinished
    // new database and laid out again.
    lay_out_marker(path)
}

/// Writes the format marker, atomically and durably.
fn lay_out_marker(path: &Path) -> Result<(), StoreError> {
    let tmp = path.join(format!("{FORMAT_FILE}.new"));
    fs::write(&tmp, FORMAT_TEXT)?;
    fs::File::open(&tmp)?.sync_all()?;
    fs::rename(&tmp, path.join(FORMAT_FILE))?;
    journal::sync_dir(path)?;
    Ok(())
}

pub fn open(path: &Path, opts: &OpenOptions) -> Result<Store, StoreError> {
    let parent = parent_of(path);
    match inspect(path, opts)? {
        Found::Missing => {
            if !opts.create {
                return Err(StoreError::NoDatabase(path.to_path_buf()));
            }
            fs::create_dir(path).map_err(|e| io_error(path, &parent, &e))?;
            // Case data is personal data: only the owning account may read it.
            let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o700));
            journal::sync_dir(&parent).map_err(|e| io_error(path, &parent, &e))?;
            let lock = Lock::take(path)?;
            lay_out(path)?;
            open_format4(path, opts, lock)
        }
        Found::Empty => {
            let lock = Lock::take(path)?;
            if !opts.create {
                return Err(StoreError::NoDatabase(path.to_path_buf()));
            }
            lay_out(path)?;
            open_format4(path, opts, lock)
        }
        Found::Format4 => {
            let lock = Lock::take(path)?;
            open_format4(path, opts, lock)
        }
        Found::Format3 => {
            let lock = super::migrate::migrate(path, opts)?;
            open_format4(path, opts, lock)
        }
    }
}

/// Where the journal's last intact record ends, scanning the last segment from `from`; or the
/// damaged record that stops the scan (a torn last write is not damage: it was never
/// acknowledged, and is cut off).
fn tail_end(journal_dir: &Path, seg: u32, from: u64) -> Result<Result<u64, Loc>, StoreError> {
    let path = journal_dir.join(format!("{seg:08}.log"));
    let bytes = fs::read(&path)?;
    let mut pos = from as usize;
    if pos > bytes.len() {
        // The view says more was applied than the segment holds.
        return Ok(Err(Loc {
            seg,
            off: bytes.len() as u32,
        }));
    }
    loop {
        match journal::parse(&bytes[pos..]) {
            Parsed::Record { len, .. } => pos += len,
            Parsed::End => return Ok(Ok(pos as u64)),
            Parsed::Short | Parsed::Bad => {
                let next = journal::resync(&bytes, pos);
                let region = &bytes[pos..next.unwrap_or(bytes.len())];
                if next.is_some() || journal::mend_one_byte(region).is_some() {
                    return Ok(Err(Loc {
                        seg,
                        off: pos as u32,
                    }));
                }
                return Ok(Ok(pos as u64));
            }
        }
    }
}

fn open_format4(path: &Path, opts: &OpenOptions, lock: Lock) -> Result<Store, StoreError> {
    write_owner(path, opts);
    let jdir = path.join(JOURNAL_DIR);
    journal::clear_torn_rotation(&jdir)?;
    let mut repaired = Vec::new();
    let mut lost = 0;
    if opts.accept_loss {
        let report = check::repair_journal(&jdir, opts)?;
        lost += report.lost;
        repaired.extend(report.lines);
    }
    let (id, segs) = Journal::survey(&jdir).map_err(|e| damaged(path, e))?;
    let view_dir = path.join(VIEW_DIR);
    let mut view = if opts.accept_loss {
        None
    } else {
        View::open(&view_dir, opts.cache_bytes).ok()
    };
    let mut applied = match &view {
        Some(v) => v.applied().ok().flatten(),
        None => None,
    };
    let generations: Vec<(u32, u32)> = segs.iter().map(|s| (s.seg, s.generation)).collect();
    let usable = applied.as_ref().is_some_and(|a| {
        a.layout == view::LAYOUT
            && a.journal == id
            && a.generations.iter().all(|g| generations.contains(g))
    });
    if !usable {
        applied = None;
    }
    let last = segs.last().map_or(1, |s| s.seg);
    let from = match applied.as_ref().and_then(|a| a.end) {
        Some(loc) if loc.seg == last => u64::from(loc.off),
        Some(loc) if loc.seg > last => u64::MAX,
        _ => SEGMENT_HEADER as u64,
    };
    let end = if from == u64::MAX {
        Err(Loc { seg: last, off: 0 })
    } else {
        tail_end(&jdir, last, from)?
    };
    let end = match end {
        Ok(end) => end,
        // The view is ahead of the journal (it was built from writes that never reached the
        // disk): start it again from the journal as it is.
        Err(_) if applied.is_some() && from != SEGMENT_HEADER as u64 => {
            applied = None;
            match tail_end(&jdir, last, SEGMENT_HEADER as u64)? {
                Ok(end) => end,
                Err(at) => return Err(journal_damaged(path, at)),
            }
        }
        Err(at) => return Err(journal_damaged(path, at)),
    };
    let journal = Journal::open(&jdir, end).map_err(|e| damaged(path, e))?;
    if applied.is_none() {
        // Lost, damaged, behind a compaction or from another journal: built anew.
        view = None;
        let _ = fs::remove_dir_all(&view_dir);
    }
    let view = match view {
        Some(v) => v,
        None => {
            let _ = fs::remove_dir_all(&view_dir);
            View::open(&view_dir, opts.cache_bytes)?
        }
    };
    let drafts = Drafts::open(path)?;
    let store = Store {
        path: path.to_path_buf(),
        journal,
        view,
        drafts: Mutex::new(drafts),
        writer: Mutex::new(Writer {
            next_lsn: 1,
            behind: false,
        }),
        layout: RwLock::new(()),
        changes: Arc::new(AtomicU64::new(0)),
        repaired,
        lost,
        states: Mutex::new(HashMap::new()),
        _lock: lock,
    };
    let start = applied.as_ref().and_then(|a| a.end);
    let last_lsn = store.catch_up(start, opts)?;
    let next = last_lsn
        .max(applied.as_ref().map_or(0, |a| a.lsn))
        .max(store.view.applied()?.map_or(0, |a| a.lsn))
        + 1;
    store.lock_writer()?.next_lsn = next;
    store.drop_consumed_drafts()?;
    store.scrub()?;
    Ok(store)
}

fn damaged(path: &Path, e: journal::JournalError) -> StoreError {
    use journal::JournalError as J;
    let (seg, off) = match e {
        J::Damaged(l) | J::Truncated(l) => (l.seg, Some(l.off)),
        J::BadSegment { seg } | J::ForeignSegment { seg } | J::Gap { seg } => (seg, None),
        other => return StoreError::Journal(other),
    };
    StoreError::JournalDamaged {
        path: path.to_path_buf(),
        seg,
        off,
    }
}

fn journal_damaged(path: &Path, at: Loc) -> StoreError {
    damaged(path, journal::JournalError::Damaged(at))
}

impl Store {
    /// Applies every record after `from` (or every record, when the view is new) to the view.
    /// Returns the LSN of the last record seen.
    pub(super) fn catch_up(
        &self,
        from: Option<Loc>,
        opts: &OpenOptions,
    ) -> Result<u64, StoreError> {
        let mut last = 0;
        let mut known: HashMap<crate::domain::CaseNo, crate::domain::CaseState> = HashMap::new();
        let total = self.journal.size();
        let mut done = 0u64;
        let mut records = 0u64;
        for r in check::records(&self.journal, from) {
            let r = r.map_err(|e| damaged(&self.path, e))?;
            let rec = super::record::decode(&r.payload).map_err(|e| StoreError::Record {
                loc: r.loc,
                source: e,
            })?;
            let (delta, after) = view::Delta::of(
                &self.view,
                &self.journal,
                &rec,
                r.lsn,
                r.loc,
                r.next,
                &known,
            )?;
            self.view.commit(&delta)?;
            // A bounded memory of states, so a rebuild does not replay a busy case from the
            // start for every record of it.
            if known.len() > 20_000 {
                known.clear();
            }
            known.extend(after);
            last = r.lsn;
            done += (super::journal::FRAME_HEADER + r.payload.len()) as u64;
            records += 1;
            if from.is_none() && records.is_multiple_of(4096) {
                opts.report("view", done, total);
            }
        }
        Ok(last)
    }

    /// Drops drafts the journal says became cases (a crash between the two writes).
    fn drop_consumed_drafts(&self) -> Result<(), StoreError> {
        let mut drafts = self.lock_drafts()?;
        let ids: Vec<u64> = drafts.all().map(|d| d.id).collect();
        for id in ids {
            let mut k = view::CONSUMED_PREFIX.to_vec();
            k.extend_from_slice(&id.to_be_bytes());
            if self.view.trees[view::META].contains_key(&k)? {
                drafts.discard(id)?;
            }
        }
        Ok(())
    }
}

/// Whether another process holds the database, and who (from the owner file). Takes the lock
/// for a moment, the way the store does, so it never disturbs a database in use. `None` when
/// the database is free or does not exist.
pub fn holder(path: &Path) -> Option<String> {
    // Format 4 locks `LOCK`; format 3 (sled's own lock) locks `db`.
    let file = fs::File::open(path.join(LOCK_FILE))
        .or_else(|_| fs::File::open(path.join("db")))
        .ok()?;
    // SAFETY: flock on a file descriptor this function owns for the duration of the call.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        return None;
    }
    Some(
        fs::read_to_string(path.join(OWNER_FILE))
            .map(|s| s.trim().to_string())
            .unwrap_or_default(),
    )
}
