//! `backup DIR` / `restore DIR`: a consistent snapshot of the database and the team's files
//! beside it, with a SHA-256 manifest that is checked before anything is replaced.
//!
//! The database part is the lossless export document (every event, draft and audit entry):
//! this process holds the database's lock while it is written, so nothing changes under it.
//! The manifest is written last, so an interrupted backup has none and is never restored.

use std::fs;
use std::io::{BufReader, BufWriter, Read, Write};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};
use thiserror::Error;

use super::config::{CONFIG_FILE, data_dir};
use super::{ExportDoc, ImportError, RECOMMENDATIONS_FILE, Service, ServiceError};

/// The export document inside a backup.
pub const EXPORT_FILE: &str = "infohus-export.json";
/// `sha256sum -c` reads it too: "<hex>  <path>" per line.
pub const MANIFEST_FILE: &str = "MANIFEST.sha256";
/// The team's files beside the database that a backup carries when present.
pub const TEAM_FILES: [&str; 3] = ["users.toml", CONFIG_FILE, RECOMMENDATIONS_FILE];
pub const TEAM_DIRS: [&str; 2] = [super::actioncards::CARDS_DIR, super::MINUTES_DIR];

#[derive(Debug, Error)]
pub enum SnapshotError {
    #[error("the directory {0} exists and is not empty")]
    NotEmpty(PathBuf),
    #[error("cannot use {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the directory {0} has no manifest; it is not a complete backup")]
    NoManifest(PathBuf),
    #[error("line {line} of the manifest cannot be read")]
    BadManifest { line: usize },
    #[error("the backup is incomplete: {0} is listed in its manifest but missing")]
    Missing(PathBuf),
    #[error("the backup is damaged: {0} does not match its checksum")]
    Damaged(PathBuf),
    #[error("the backup's {0} is not a valid export: {1}")]
    BadExport(PathBuf, String),
    #[error("the database {path} is in use ({holder})")]
    InUse { path: PathBuf, holder: String },
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SnapshotError + '_ {
    move |source| SnapshotError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// One file of a backup: its path inside the backup and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    pub sha256: String,
}

pub fn sha256_of(path: &Path) -> Result<String, SnapshotError> {
    let mut f = BufReader::new(fs::File::open(path).map_err(io(path))?);
    let mut h = Sha256::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(io(path))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The team's files present beside the database, as paths relative to the data directory.
pub fn team_files(db: &Path) -> Vec<PathBuf> {
    let dir = data_dir(db);
    let mut out: Vec<PathBuf> = TEAM_FILES
        .iter()
        .map(PathBuf::from)
        .filter(|p| dir.join(p).is_file())
        .collect();
    for d in TEAM_DIRS {
        let Ok(entries) = fs::read_dir(dir.join(d)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().is_file())
            .map(|e| Path::new(d).join(e.file_name()))
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

fn private_dir(path: &Path) -> Result<(), SnapshotError> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .map_err(io(path))
}

fn write_synced(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), SnapshotError> {
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io(path))?;
    let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
    let mut w = BufWriter::with_capacity(1 << 20, super::writeback::Writeback::new(&file));
    write(&mut w).map_err(io(path))?;
    w.flush().map_err(io(path))?;
    drop(w);
    file.sync_all().map_err(io(path))
}

/// Writes the backup into `dir` (created; must be empty if it exists). `progress` gets the
/// number of cases exported. Returns the manifest's entries.
pub fn backup(
    svc: &Service,
    dir: &Path,
    progress: impl FnMut(u64),
) -> Result<Vec<Entry>, SnapshotError> {
    if fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(SnapshotError::NotEmpty(dir.to_path_buf()));
    }
    private_dir(dir)?;
    let export = dir.join(EXPORT_FILE);
    let mut exported = Ok(0);
    write_synced(&export, |w| {
        exported = svc.export_json(w, progress);
        Ok(())
    })?;
    exported?;
    let mut files = vec![PathBuf::from(EXPORT_FILE)];
    let source = data_dir(svc.store().path());
    for rel in team_files(svc.store().path()) {
        let to = dir.join(&rel);
        if let Some(parent) = to.parent() {
            private_dir(parent)?;
        }
        let from = source.join(&rel);
        let bytes = fs::read(&from).map_err(io(&from))?;
        write_synced(&to, |w| w.write_all(&bytes))?;
        files.push(rel);
    }
    let mut entries = Vec::with_capacity(files.len());
    for rel in files {
        // Hashed as written, so the manifest vouches for what is on the backup's disk.
        entries.push(Entry {
            sha256: sha256_of(&dir.join(&rel))?,
            path: rel,
        });
    }
    let manifest = dir.join(MANIFEST_FILE);
    write_synced(&manifest, |w| {
        for e in &entries {
            writeln!(w, "{}  {}", e.sha256, e.path.display())?;
        }
        Ok(())
    })?;
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(entries)
}

/// A path from a manifest: relative, and never leaving the backup.
fn safe_relative(p: &str) -> Option<PathBuf> {
    let path = PathBuf::from(p);
    let ok = !p.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then_some(path)
}

pub fn read_manifest(dir: &Path) -> Result<Vec<Entry>, SnapshotError> {
    let path = dir.join(MANIFEST_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(SnapshotError::NoManifest(dir.to_path_buf()));
        }
        Err(e) => return Err(io(&path)(e)),
    };
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = || SnapshotError::BadManifest { line: i + 1 };
        let (hash, file) = line.split_once("  ").ok_or_else(bad)?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        entries.push(Entry {
            sha256: hash.to_ascii_lowercase(),
            path: safe_relative(file).ok_or_else(bad)?,
        });
    }
    if !entries.iter().any(|e| e.path == Path::new(EXPORT_FILE)) {
        return Err(SnapshotError::Missing(PathBuf::from(EXPORT_FILE)));
    }
    Ok(entries)
}

/// Checks every file of the backup against the manifest; `progress` gets the files checked.
/// Returns the entries and the export document, parsed.
pub fn verify(
    dir: &Path,
    mut progress: impl FnMut(u64),
) -> Result<(Vec<Entry>, ExportDoc), SnapshotError> {
    let entries = read_manifest(dir)?;
    for (n, e) in (1..).zip(&entries) {
        let path = dir.join(&e.path);
        if !path.is_file() {
            return Err(SnapshotError::Missing(e.path.clone()));
        }
        if sha256_of(&path)? != e.sha256 {
            return Err(SnapshotError::Damaged(e.path.clone()));
        }
        progress(n);
    }
    let export = dir.join(EXPORT_FILE);
    let f = fs::File::open(&export).map_err(io(&export))?;
    let doc: ExportDoc = serde_json::from_reader(BufReader::new(f))
        .map_err(|e| SnapshotError::BadExport(PathBuf::from(EXPORT_FILE), e.to_string()))?;
    Ok((entries, doc))
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub cases: u64,
    /// Where the replaced database and team files were moved, if there were any.
    pub previous: Option<PathBuf>,
}

fn in_use(db: &Path) -> Result<(), SnapshotError> {
    match crate::store::holder(db) {
        Some(holder) => Err(SnapshotError::InUse {
            path: db.to_path_buf(),
            holder,
        }),
        None => Ok(()),
    }
}

/// Restores a verified backup into `db`. Nothing is replaced until the backup has been
/// verified and imported in full into a new database beside the old one; the old database
/// and team files are then moved into `before-restore-<time>/` in the data directory, never
/// deleted. A database in use by another process is refused.
pub fn restore(
    dir: &Path,
    db: &Path,
    user: &str,
    stamp: &str,
    verified: (Vec<Entry>, ExportDoc),
    progress: impl FnMut(u64),
) -> Result<Restored, SnapshotError> {
    let (entries, doc) = verified;
    in_use(db)?;
    let data = data_dir(db);
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "infohus.db".into());
    let staging = data.join(format!(".{name}.restoring"));
    if staging.exists() {
        // Left by a restore that was interrupted: it never replaced anything.
        fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    let cases = match Service::import_new(&staging, user, doc, progress) {
        Ok((svc, done)) => {
            drop(svc);
            done.cases
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e.into());
        }
    };
    // Checked again: the import took a while, and someone may have started the console.
    in_use(db)?;
    let team: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.path != Path::new(EXPORT_FILE))
        .collect();
    let replaced: Vec<PathBuf> = std::iter::once(PathBuf::from(&name))
        .chain(team.iter().map(|e| e.path.clone()))
        .chain(team_files(db))
        .filter(|p| data.join(p).exists())
        .collect();
    let previous = if replaced.is_empty() {
        None
    } else {
        let aside = data.join(format!("before-restore-{stamp}"));
        private_dir(&aside)?;
        for p in &replaced {
            let (from, to) = (data.join(p), aside.join(p));
            if !from.exists() {
                continue; // listed twice (in the backup and beside the database)
            }
            if let Some(parent) = to.parent() {
                private_dir(parent)?;
            }
            fs::rename(&from, &to).map_err(io(&from))?;
        }
        Some(aside)
    };
    fs::rename(&staging, db).map_err(io(db))?;
    for e in team {
        let (from, to) = (dir.join(&e.path), data.join(&e.path));
        if let Some(parent) = to.parent() {
            private_dir(parent)?;
        }
        let bytes = fs::read(&from).map_err(io(&from))?;
        write_synced(&to, |w| w.write_all(&bytes))?;
    }
    Ok(Restored { cases, previous })
}

impl Service {
    /// `backup` as a service call (the console's and the server's): the number of files
    /// written.
    pub fn backup(&self, dir: &Path, progress: impl FnMut(u64)) -> Result<usize, ServiceError> {
        backup(self, dir, progress)
            .map(|entries| entries.len())
            .map_err(|e| ServiceError::Snapshot(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_never_leave_the_backup() {
        assert_eq!(
            safe_relative("actioncards/a.txt"),
            Some(PathBuf::from("actioncards/a.txt"))
        );
        assert_eq!(safe_relative("../etc/passwd"), None);
        assert_eq!(safe_relative("/etc/passwd"), None);
        assert_eq!(safe_relative("a/./b"), Some(PathBuf::from("a/b")));
        assert_eq!(safe_relative(""), None);
    }

    #[test]
    fn a_malformed_manifest_line_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join(MANIFEST_FILE), "abc  infohus-export.json\n").expect("write");
        assert!(matches!(
            read_manifest(dir.path()),
            Err(SnapshotError::BadManifest { line: 1 })
        ));
    }
}
