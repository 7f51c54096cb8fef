//! Moving a database of format 3 or older (sled holding everything) to format 4 (the journal,
//! with sled as a view). sled never gives space back, so the new database is written beside the
//! old one, checked, and swapped in with two renames; the old one is kept aside, named with the
//! time, until the team deletes it. A crash at any point leaves the old database in place (and
//! a half-written `….migrating` directory that the next attempt starts afresh).

use std::fs;
use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::journal;
use super::keys;
use super::open::{Lock, OpenOptions};
use super::record::{Op, Record};
use super::records;
use super::{Change, History, Store};
use crate::domain::CaseNo;
use crate::domain::meeting::Meeting;

/// Number of acknowledged saves, mirrored in the seal file outside sled (format 3).
const SEAL_FILE: &str = "infohus.seal";

fn old_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Open {
        path: path.to_path_buf(),
        reason: format!("its old format cannot be read: {e}"),
    }
}

/// Where the old database is kept after the move.
fn aside_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "infohus.db".into());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    path.with_file_name(format!("{name}.format3-{stamp}"))
}

/// Migrates the format-3 database at `path` in place (see the module). Returns the lock on the
/// new database, which is then at `path`.
pub fn migrate(path: &Path, opts: &OpenOptions) -> Result<Lock, StoreError> {
    let sled_db = std::panic::catch_unwind(|| sled::Config::new().path(path).open());
    let old = match sled_db {
        Ok(Ok(db)) => db,
        Ok(Err(sled::Error::Io(e))) if e.to_string().contains("could not acquire lock") => {
            return Err(StoreError::Locked {
                path: path.to_path_buf(),
                holder: String::new(),
            });
        }
        Ok(Err(e)) => return Err(old_err(path, e)),
        Err(_) => return Err(old_err(path, "the files are damaged")),
    };
    let tree = |name: &str| old.open_tree(name).map_err(|e| old_err(path, e));
    let meta = tree("meta")?;
    let counter = |key: &[u8]| -> Result<Option<u64>, StoreError> {
        match meta.get(key).map_err(|e| old_err(path, e))? {
            Some(b) => Ok(Some(
                records::decode_counter(&b).map_err(|e| old_err(path, e))?,
            )),
            None => Ok(None),
        }
    };
    // The seal counted acknowledged saves; fewer in sled means the old store lost some.
    let saves = counter(b"saves")?.unwrap_or(0);
    let sealed = fs::read(path.join(SEAL_FILE))
        .ok()
        .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
        .map(u64::from_le_bytes);
    if let Some(sealed) = sealed
        && sealed > saves
        && !opts.accept_loss
    {
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            lost: sealed - saves,
        });
    }

    let new = path.with_extension("migrating");
    let _ = fs::remove_dir_all(&new);
    fs::create_dir(&new)?;
    let _ = fs::set_permissions(&new, std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let target = Store::open(
        &new,
        &OpenOptions {
            create: true,
            accept_loss: false,
            progress: None,
            ..opts.clone()
        },
    )?;

    // Cases: every history, in case order.
    let events = tree("events")?;
    let cases = tree("cases")?;
    let total = cases.len() as u64;
    let mut done = 0;
    let mut histories = Vec::new();
    let mut current: Option<History> = None;
    for r in events.iter() {
        let (k, v) = r.map_err(|e| old_err(path, e))?;
        let no = k
            .get(..8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(CaseNo::from_be_bytes)
            .ok_or_else(|| old_err(path, "an event key is malformed"))?;
        let e = records::decode_event(&v).map_err(|e| old_err(path, e))?;
        match &mut current {
            Some(h) if h.no == no => h.events.push(e),
            _ => {
                if let Some(h) = current.take() {
                    histories.push(h);
                }
                current = Some(History {
                    no,
                    events: vec![e],
                });
            }
        }
        if histories.len() >= 512 {
            done += histories.len() as u64;
            target.insert_histories(std::mem::take(&mut histories))?;
            opts.report("migrate", done, total);
        }
    }
    histories.extend(current);
    target.insert_histories(histories)?;

    // Meetings under their own numbers, then everything the old meta held.
    let mut ops = Vec::new();
    for r in tree("meetings")?.iter() {
        let (_, v) = r.map_err(|e| old_err(path, e))?;
        let m: Meeting = records::decode_meeting(&v).map_err(|e| old_err(path, e))?;
        ops.push(Op::MeetingCreated(m));
    }
    if let Some(b) = meta.get(b"topics").map_err(|e| old_err(path, e))? {
        ops.push(Op::Topics(
            records::decode_topics(&b).map_err(|e| old_err(path, e))?,
        ));
    }
    let mut stones = Vec::new();
    for r in tree("tombstones")?.iter() {
        let (_, v) = r.map_err(|e| old_err(path, e))?;
        stones.push(records::decode_tombstone(&v).map_err(|e| old_err(path, e))?);
    }
    if !stones.is_empty() {
        ops.push(Op::Tombstones(stones));
    }
    if let Some(n) = counter(b"next_case_no")? {
        ops.push(Op::NextCaseNo(n));
    }
    if meta.contains_key(b"demo").map_err(|e| old_err(path, e))? {
        ops.push(Op::DemoData);
    }
    for r in meta.scan_prefix(b"overdue/") {
        let (k, v) = r.map_err(|e| old_err(path, e))?;
        let day = k
            .get(8..)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .and_then(|b| keys::date_of_day(u32::from_be_bytes(b)));
        if let Some(day) = day {
            let count = records::decode_counter(&v).map_err(|e| old_err(path, e))?;
            ops.push(Op::OverdueNoted { day, count });
        }
    }
    target.write(false, |_| {
        Ok((
            Change {
                ops,
                ..Change::default()
            },
            (),
        ))
    })?;

    // The audit log, record for record as it was stored, so its chain goes on unbroken.
    let mut raw: Vec<Vec<u8>> = Vec::new();
    for r in tree("audit")?.iter() {
        let (_, v) = r.map_err(|e| old_err(path, e))?;
        raw.push(v.to_vec());
    }
    for chunk in raw.chunks(1024) {
        target.append_raw(
            Record {
                audit: chunk.to_vec(),
                ops: Vec::new(),
            },
            false,
        )?;
    }
    let mut drafts = Vec::new();
    for r in tree("drafts")?.iter() {
        let (_, v) = r.map_err(|e| old_err(path, e))?;
        drafts.push(records::decode_draft(&v).map_err(|e| old_err(path, e))?);
    }
    target.insert_drafts(&drafts)?;
    target.flush()?;

    let report = target.check(|_| {});
    if !report.problems.is_empty() {
        drop(target);
        return Err(old_err(
            path,
            format!(
                "the moved copy did not check out: {}",
                report
                    .problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        ));
    }
    drop(target);
    drop(old);
    let aside = aside_name(path);
    fs::rename(path, &aside)?;
    fs::rename(&new, path)?;
    if let Some(parent) = path.parent() {
        journal::sync_dir(parent)?;
    }
    opts.report(
        &format!("migrated; the old database is kept in {}", aside.display()),
        total,
        total,
    );
    Lock::take(path)
}
