//! Drafts: half-typed forms, saved on every keystroke. They change far too often for the
//! journal (a record per key would bury the cases), so they have a file of their own with the
//! same framing: each save appends the whole draft and is `fdatasync`'ed, so what was typed
//! survives kill -9 and a power cut alike. On open the file is read into memory (the last entry
//! per draft wins) and, when it holds mostly superseded entries, written anew and renamed over.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::journal::{self, Parsed};
use super::record::{self, DraftEntry};
use crate::domain::draft::{Draft, DraftId};

pub const DRAFTS_FILE: &str = "drafts.log";
/// Rewritten on open once this much of the file is superseded.
const COMPACT_SLACK: u64 = 1 << 20;

pub struct Drafts {
    path: PathBuf,
    file: File,
    end: u64,
    seq: u64,
    live: BTreeMap<DraftId, Draft>,
    /// What loading found wrong (damaged entries skipped), for `check`.
    pub problems: Vec<super::check::Problem>,
}

fn open_file(path: &Path) -> Result<File, StoreError> {
    Ok(OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)?)
}

impl Drafts {
    /// Reads the drafts file in `dir` (creating it if need be). A torn last entry is cut off;
    /// a damaged entry with intact ones after it is skipped and reported (a draft is at most a
    /// few keystrokes behind), a single flipped byte mended.
    pub fn open(dir: &Path) -> Result<Drafts, StoreError> {
        let path = dir.join(DRAFTS_FILE);
        let file = open_file(&path)?;
        let len = file.metadata()?.len();
        let mut buf = vec![0u8; len as usize];
        file.read_exact_at(&mut buf, 0)?;
        let mut live = BTreeMap::new();
        let mut problems = Vec::new();
        let mut pos = 0usize;
        let mut seq = 0;
        let mut sizes: BTreeMap<DraftId, usize> = BTreeMap::new();
        let mut mended_any = false;
        let mut end = 0usize;
        while pos < buf.len() {
            match journal::parse(&buf[pos..]) {
                Parsed::Record { lsn, payload, len } => {
                    seq = seq.max(lsn);
                    match record::decode_draft_entry(payload) {
                        Ok(DraftEntry::Saved(d)) => {
                            sizes.insert(d.id, len);
                            live.insert(d.id, *d);
                        }
                        Ok(DraftEntry::Discarded(id)) => {
                            sizes.remove(&id);
                            live.remove(&id);
                        }
                        Err(_) => {
                            problems.push(super::check::Problem::DraftUnreadable { entry: lsn })
                        }
                    }
                    pos += len;
                    end = pos;
                }
                Parsed::End => break,
                Parsed::Short | Parsed::Bad => {
                    let next = journal::resync(&buf, pos);
                    let region = &buf[pos..next.unwrap_or(buf.len())];
                    if let Some(mended) = journal::mend_one_byte(region) {
                        let n = region.len();
                        buf.splice(pos..pos + n, mended);
                        mended_any = true;
                        continue;
                    }
                    match next {
                        Some(n) => {
                            problems.push(super::check::Problem::DraftSkipped { at: pos as u64 });
                            pos = n;
                        }
                        // A write cut off by a crash: nothing after it.
                        None => break,
                    }
                }
            }
        }
        let live_bytes: usize = sizes.values().sum();
        let mut drafts = Drafts {
            path,
            file,
            end: end as u64,
            seq,
            live,
            problems,
        };
        if mended_any
            || !drafts.problems.is_empty()
            || end > 2 * live_bytes + COMPACT_SLACK as usize
        {
            drafts.rewrite()?;
        } else if (end as u64) < len {
            // Only a torn tail: cutting it off is enough.
            drafts.file.set_len(end as u64)?;
            drafts.file.sync_all()?;
        }
        Ok(drafts)
    }

    /// Writes the live drafts into a new file and renames it over the old one.
    fn rewrite(&mut self) -> Result<(), StoreError> {
        let tmp = self.path.with_extension("log.new");
        let _ = fs::remove_file(&tmp);
        let f = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        let mut buf = Vec::new();
        let mut seq = 0;
        for d in self.live.values() {
            seq += 1;
            let payload = record::encode_draft_entry(&DraftEntry::Saved(Box::new(d.clone())))?;
            buf.extend_from_slice(&journal::frame(seq, &payload)?);
        }
        f.write_all_at(&buf, 0)?;
        f.sync_all()?;
        fs::rename(&tmp, &self.path)?;
        if let Some(dir) = self.path.parent() {
            journal::sync_dir(dir)?;
        }
        self.file = f;
        self.end = buf.len() as u64;
        self.seq = seq;
        Ok(())
    }

    fn append(&mut self, e: &DraftEntry) -> Result<(), StoreError> {
        let payload = record::encode_draft_entry(e)?;
        self.seq += 1;
        let bytes = journal::frame(self.seq, &payload)?;
        self.file.write_all_at(&bytes, self.end)?;
        self.file.sync_data()?;
        self.end += bytes.len() as u64;
        Ok(())
    }

    pub fn save(&mut self, d: &Draft) -> Result<(), StoreError> {
        self.append(&DraftEntry::Saved(Box::new(d.clone())))?;
        self.live.insert(d.id, d.clone());
        Ok(())
    }

    pub fn discard(&mut self, id: DraftId) -> Result<bool, StoreError> {
        if !self.live.contains_key(&id) {
            return Ok(false);
        }
        self.append(&DraftEntry::Discarded(id))?;
        self.live.remove(&id);
        Ok(true)
    }

    pub fn get(&self, id: DraftId) -> Option<&Draft> {
        self.live.get(&id)
    }

    pub fn all(&self) -> impl Iterator<Item = &Draft> {
        self.live.values()
    }

    pub fn max_id(&self) -> DraftId {
        self.live.keys().next_back().copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    pub fn size(&self) -> u64 {
        self.end
    }
}
