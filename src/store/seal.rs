//! A count of acknowledged saves kept outside sled's log. sled recovers a damaged log by
//! cutting it at the first bad entry, silently: the database then opens with fewer cases and
//! would hand out their numbers again. Comparing sled's own count with this one on open turns
//! that into a clear refusal instead of quiet data loss.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

const SEAL_FILE: &str = "infohus.seal";

pub struct Seal {
    file: File,
}

impl Seal {
    /// Opens (or creates) the seal and returns it with the count it holds; a missing or
    /// unreadable seal counts as unknown (`None`), which the caller treats as "trust sled".
    pub fn open(dir: &Path) -> std::io::Result<(Seal, Option<u64>)> {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(SEAL_FILE))?;
        let mut buf = Vec::new();
        file.read_to_end(&mut buf)?;
        let count = <[u8; 8]>::try_from(buf.as_slice())
            .ok()
            .map(u64::from_le_bytes);
        Ok((Seal { file }, count))
    }

    /// Records `count` durably. Eight bytes at offset 0 are written in one sector, so a crash
    /// leaves either the old or the new count.
    pub fn write(&mut self, count: u64) -> std::io::Result<()> {
        self.file.seek(SeekFrom::Start(0))?;
        self.file.write_all(&count.to_le_bytes())?;
        self.file.set_len(8)?;
        self.file.sync_data()
    }
}
