//! A file writer that hands what it wrote to the disk as it goes, for the large files a
//! command writes and then `fsync`s (the export, a backup's export).
//!
//! Durability still comes from the caller's `fsync` (`File::sync_all`) at the end; this only
//! starts the disk on each stretch early (`sync_file_range`, which alone promises nothing after
//! a power cut) and waits for the one four stretches back, so the final `fsync` finds little
//! left to write and the dirty pages stay bounded (32 MB). At 100,000 cases the export file is
//! 449 MB: written whole and then synced, the `fsync` alone took 1.3 s of the 3.8 s the
//! command took; handed over as it goes, the command takes 2.3–3.3 s (the disk here writes
//! 262 MB/s, so 1.7 s of it is the disk's).

use std::fs::File;
use std::io::{self, Write};

/// How much is written before it is handed to the disk.
const STRETCH: u64 = 8 << 20;
/// How far behind the writing the disk may be before the writer waits for it.
const BEHIND: u64 = 4 * STRETCH;

pub struct Writeback<'a> {
    file: &'a File,
    /// Bytes written so far, and where the last stretch handed to the disk ended.
    written: u64,
    started: u64,
}

impl<'a> Writeback<'a> {
    pub fn new(file: &'a File) -> Writeback<'a> {
        Writeback {
            file,
            written: 0,
            started: 0,
        }
    }

    #[cfg(target_os = "linux")]
    fn hand_over(&mut self) {
        use std::os::fd::AsRawFd;
        let fd = self.file.as_raw_fd();
        let (from, len) = (self.started, self.written - self.started);
        // SAFETY: plain syscalls on an open descriptor; the ranges are within what was written.
        // Errors are ignored: the final fsync reports any the disk has.
        unsafe {
            libc::sync_file_range(
                fd,
                from as libc::off64_t,
                len as libc::off64_t,
                libc::SYNC_FILE_RANGE_WRITE,
            );
            if from >= BEHIND {
                libc::sync_file_range(
                    fd,
                    (from - BEHIND) as libc::off64_t,
                    STRETCH as libc::off64_t,
                    libc::SYNC_FILE_RANGE_WAIT_BEFORE
                        | libc::SYNC_FILE_RANGE_WRITE
                        | libc::SYNC_FILE_RANGE_WAIT_AFTER,
                );
            }
        }
        self.started = self.written;
    }

    #[cfg(not(target_os = "linux"))]
    fn hand_over(&mut self) {
        self.started = self.written;
    }
}

impl Write for Writeback<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = (&*self.file).write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= STRETCH {
            self.hand_over();
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn what_is_written_through_it_is_the_file() {
        let mut file = tempfile::tempfile().unwrap();
        let data: Vec<u8> = (0..(STRETCH as usize * 2 + 12_345))
            .map(|i| (i % 253) as u8)
            .collect();
        {
            let mut w = io::BufWriter::new(Writeback::new(&file));
            for piece in data.chunks(100_000) {
                w.write_all(piece).unwrap();
            }
            w.flush().unwrap();
        }
        file.sync_all().unwrap();
        use std::io::Seek;
        let mut back = Vec::new();
        file.rewind().unwrap();
        file.read_to_end(&mut back).unwrap();
        assert_eq!(back, data);
    }
}
