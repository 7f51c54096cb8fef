//! Where the socket is, who may use it, and who is on the other end.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

use super::ServerError;
use crate::service::config::data_dir;

/// The socket in single-account mode, beside the default database `infohus.db`. Every
/// database has its own, named after it (`beside`).
pub const SOCKET_FILE: &str = "infohus.sock";
/// Held (flock) by the one server of the default database; holds its process id.
pub const LOCK_FILE: &str = "infohus.serve.lock";
/// What a server started in single-account mode writes about itself (start, stop, logins).
pub const LOG_FILE: &str = "infohus.serve.log";
/// The shared host's socket, as the shipped systemd unit creates it.
pub const SHARED_SOCKET: &str = "/run/infohus/infohus.sock";

/// A single-account server's file beside its database, named after the database: `infohus.db`
/// has `infohus.sock`, `infohus.serve.lock` and `infohus.serve.log`; `b.db` has `b.sock` and so
/// on. So two databases in one folder each have a server of their own, and a command naming
/// one never reaches the other's.
pub fn beside(db: &Path, suffix: &str) -> PathBuf {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "infohus".into());
    absolute(&data_dir(db)).join(format!("{stem}.{suffix}"))
}

pub fn auto_socket(db: &Path) -> PathBuf {
    beside(db, "sock")
}

pub fn lock_file(db: &Path) -> PathBuf {
    beside(db, "serve.lock")
}

pub fn log_file(db: &Path) -> PathBuf {
    beside(db, "serve.log")
}

/// The database's one name, however the user wrote it (relative, `..`, a symlinked folder):
/// what the server says it serves and what the client checks it against.
pub fn canonical(db: &Path) -> PathBuf {
    let abs = absolute(db);
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or(abs.clone()),
        _ => abs,
    }
}

pub fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The process and account at the other end of a connection, as the kernel reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peer {
    pub pid: i32,
    pub uid: u32,
}

pub fn peer(stream: &UnixStream) -> io::Result<Peer> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: a valid socket descriptor and a buffer of the size passed.
    let rc = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(Peer {
        pid: cred.pid,
        uid: cred.uid,
    })
}

pub fn euid() -> u32 {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() }
}

/// Refuses a directory another account could use to put its own socket in our place.
/// Single-account mode wants it ours and writable by us alone; the shared host's runtime
/// directory may be root's and readable by the group of users, but writable by neither them
/// nor others: a user who could write there could replace the server's socket with one of
/// their own and read what colleagues send.
pub fn check_dir(dir: &Path) -> Result<(), ServerError> {
    let m = fs::metadata(dir).map_err(|e| ServerError::Io(format!("{}: {e}", dir.display())))?;
    let me = euid();
    if m.uid() != me && m.uid() != 0 {
        return Err(ServerError::ForeignOwner(dir.to_path_buf()));
    }
    if m.mode() & 0o022 != 0 {
        return Err(ServerError::Unsafe(dir.to_path_buf()));
    }
    Ok(())
}

/// A client's check of the socket before it talks to it: in single-account mode it must be
/// this account's own; in either mode, no one else may be able to replace it (its directory
/// writable by group or others).
pub fn check_socket(socket: &Path, shared: bool) -> Result<(), ServerError> {
    if let Some(dir) = socket.parent() {
        match fs::metadata(dir) {
            Ok(m) if m.mode() & 0o022 != 0 => return Err(ServerError::Unsafe(dir.to_path_buf())),
            _ => {}
        }
    }
    if let Ok(m) = fs::symlink_metadata(socket)
        && !shared
        && m.uid() != euid()
    {
        return Err(ServerError::ForeignOwner(socket.to_path_buf()));
    }
    Ok(())
}

/// The one-server-per-database lock. Held for the server's whole life; the kernel lets go
/// of it when the process dies, however it dies, so a stale lock cannot exist.
pub struct ServeLock {
    _file: File,
}

impl ServeLock {
    /// `Ok(None)`: another server holds it (running, or starting right now).
    pub fn acquire(db: &Path) -> io::Result<Option<ServeLock>> {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(lock_file(db))?;
        // SAFETY: a valid descriptor; LOCK_NB makes this return at once.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            let e = io::Error::last_os_error();
            return if e.kind() == io::ErrorKind::WouldBlock {
                Ok(None)
            } else {
                Err(e)
            };
        }
        file.set_len(0)?;
        file.rewind()?;
        writeln!(file, "{}", std::process::id())?;
        file.sync_all()?;
        Ok(Some(ServeLock { _file: file }))
    }
}

/// The process id of the server of the default database in `dir`, while one holds the lock
/// (tests kill it with this).
pub fn server_pid(dir: &Path) -> Option<u32> {
    server_pid_of(&dir.join("infohus.db"))
}

/// The process id of the server of database `db`, while one holds the lock.
pub fn server_pid_of(db: &Path) -> Option<u32> {
    let mut s = String::new();
    File::open(lock_file(db))
        .ok()?
        .read_to_string(&mut s)
        .ok()?;
    s.trim().parse().ok()
}
