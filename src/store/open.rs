//! Opening the database: the checks that turn every way it can fail into one clear sentence.

use std::fs;
use std::io::ErrorKind;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::error::StoreError;

/// Marker file sled writes into every database directory.
const SLED_CONF: &str = "conf";
/// Who holds the database, written after the lock is taken, read when the lock is refused.
const OWNER_FILE: &str = "infohus.owner";
/// How often (50 ms apart) a refused lock is tried again before the holder is named.
const LOCK_RETRIES: u32 = 20;

#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Create the database when there is none (the data directory itself must exist).
    pub create: bool,
    /// Upper bound of sled's page cache. sled defaults to 1 GB; 100k cases need far less.
    pub cache_bytes: u64,
    /// Written into the owner file so a second process can say who holds the lock.
    pub user: String,
    /// Open even when saves are known to be missing (`check --repair` after damage).
    pub accept_loss: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            create: true,
            cache_bytes: 8 * 1024 * 1024,
            user: String::new(),
            accept_loss: false,
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

pub fn open_db(path: &Path, opts: &OpenOptions) -> Result<sled::Db, StoreError> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(StoreError::MissingDir(parent));
    }
    match fs::metadata(path) {
        Ok(m) if !m.is_dir() => return Err(StoreError::NotADatabase(path.to_path_buf())),
        Ok(m) => {
            if !path.join(SLED_CONF).exists()
                && fs::read_dir(path).is_ok_and(|mut d| d.next().is_some())
            {
                return Err(StoreError::NotADatabase(path.to_path_buf()));
            }
            if m.permissions().mode() & 0o007 != 0 {
                return Err(StoreError::WorldReadable(path.to_path_buf()));
            }
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {
            if !opts.create {
                return Err(StoreError::NoDatabase(path.to_path_buf()));
            }
            fs::create_dir(path).map_err(|e| io_error(path, &parent, &e))?;
            // Case data is personal data: only the owning account may read it.
            let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o700));
        }
        Err(e) => return Err(io_error(path, &parent, &e)),
    }
    let config = sled::Config::new()
        .path(path)
        .cache_capacity(opts.cache_bytes)
        .mode(sled::Mode::HighThroughput);
    // sled can panic on some kinds of damage; a damaged database must give a sentence, not a
    // crash that leaves the terminal in raw mode.
    let try_open = || std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open()));
    let mut opened = try_open();
    // sled lets go of its lock only when its flusher thread notices the database was dropped
    // (up to half a second later), so a reopen in the same process right after a close would
    // be refused. Waiting a little tells that apart from another process holding it.
    for _ in 0..LOCK_RETRIES {
        match &opened {
            Ok(Err(sled::Error::Io(e))) if e.to_string().contains("could not acquire lock") => {
                std::thread::sleep(std::time::Duration::from_millis(50));
                opened = try_open();
            }
            _ => break,
        }
    }
    let db = match opened {
        Ok(Ok(db)) => db,
        Ok(Err(sled::Error::Io(e))) if e.to_string().contains("could not acquire lock") => {
            let holder = fs::read_to_string(path.join(OWNER_FILE))
                .map(|s| format!(" ({})", s.trim()))
                .unwrap_or_default();
            return Err(StoreError::Locked {
                path: path.to_path_buf(),
                holder,
            });
        }
        Ok(Err(sled::Error::Io(e))) if e.kind() == ErrorKind::PermissionDenied => {
            return Err(StoreError::NotWritable(path.to_path_buf()));
        }
        Ok(Err(e)) => {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: e.to_string(),
            });
        }
        Err(_) => {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: "the database files are damaged".to_string(),
            });
        }
    };
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
    Ok(db)
}

/// Whether another process holds the database, and who (from the owner file). Takes sled's
/// lock on its `db` file for a moment, the same way sled does, so it never disturbs a
/// database that is in use. `None` when the database is free or does not exist.
pub fn holder(path: &Path) -> Option<String> {
    use std::os::fd::AsRawFd;
    let file = fs::File::open(path.join("db")).ok()?;
    // SAFETY: flock on a file descriptor this function owns for the duration of the call.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        // Closing the file releases the lock.
        return None;
    }
    Some(
        fs::read_to_string(path.join(OWNER_FILE))
            .map(|s| s.trim().to_string())
            .unwrap_or_default(),
    )
}
