//! The three zstd functions sled 0.34.7 calls (`block::compress`, `block::decompress`,
//! `stream::decode_all`), with the frames the real `zstd` 0.9.2 crate makes, but on one
//! context per thread.
//!
//! Why: the real crate creates a fresh zstd context for every call, and zstd 1.5 runs the
//! `cpuid` instruction (twice) to initialise each one. sled decompresses every page fragment
//! it reads from disk, so opening a 100,000-case view and drawing the work queue made 14,500
//! contexts; on a virtual machine, where `cpuid` traps to the hypervisor (4.2 µs each here),
//! that was over 40 % of the time to the first frame and a quarter of `due --json`.

use std::cell::RefCell;
use std::io::{self, Read};

use zstd_safe::{CCtx, DCtx, InBuffer, OutBuffer};

thread_local! {
    static COMPRESSOR: RefCell<Option<CCtx<'static>>> = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<DCtx<'static>>> = const { RefCell::new(None) };
}

fn error(code: usize) -> io::Error {
    io::Error::other(zstd_safe::get_error_name(code))
}

fn with_dctx<T>(f: impl FnOnce(&mut DCtx<'static>) -> io::Result<T>) -> io::Result<T> {
    DECOMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let dctx = slot.get_or_insert_with(DCtx::create);
        // A call that failed half-way leaves the context mid-frame; start each call clean.
        dctx.reset().map_err(error)?;
        f(dctx)
    })
}

/// A frame's decompressed size when its header states one that fits in memory.
fn content_size(frame: &[u8]) -> Option<usize> {
    let size = zstd_safe::get_frame_content_size(frame);
    if size == zstd_safe::CONTENTSIZE_UNKNOWN || size == zstd_safe::CONTENTSIZE_ERROR {
        return None;
    }
    usize::try_from(size).ok()
}

pub mod block {
    use super::*;

    /// One whole frame holding `data`, as `ZSTD_compress` at `level` makes it.
    pub fn compress(data: &[u8], level: i32) -> io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(zstd_safe::compress_bound(data.len()));
        COMPRESSOR.with(|cell| {
            let mut slot = cell.borrow_mut();
            let cctx = slot.get_or_insert_with(CCtx::create);
            // ZSTD_compressCCtx ignores any parameter left on the context: same output as
            // ZSTD_compress with a fresh one.
            cctx.compress(&mut out, data, level).map_err(error)
        })?;
        Ok(out)
    }

    /// The contents of one frame, at most `capacity` bytes.
    pub fn decompress(data: &[u8], capacity: usize) -> io::Result<Vec<u8>> {
        let capacity = content_size(data).unwrap_or(capacity).min(capacity);
        let mut out = Vec::with_capacity(capacity);
        with_dctx(|dctx| dctx.decompress(&mut out, data).map_err(error))?;
        Ok(out)
    }
}

pub mod stream {
    use super::*;

    /// Everything `source` decompresses to (one or more frames).
    pub fn decode_all<R: Read>(mut source: R) -> io::Result<Vec<u8>> {
        let mut input = Vec::new();
        source.read_to_end(&mut input)?;
        if input.is_empty() {
            return Ok(Vec::new());
        }
        let guess = content_size(&input).unwrap_or(input.len().saturating_mul(4));
        let mut out = Vec::with_capacity(guess.clamp(64, 1 << 26));
        with_dctx(|dctx| {
            let mut src = InBuffer::around(&input);
            loop {
                if out.len() == out.capacity() {
                    out.reserve(out.capacity().max(4096));
                }
                let pos = out.len();
                let hint = {
                    let mut dst = OutBuffer::around_pos(&mut out, pos);
                    dctx.decompress_stream(&mut dst, &mut src).map_err(error)?
                };
                let input_done = src.pos() == input.len();
                let output_full = out.len() == out.capacity();
                if input_done && hint == 0 {
                    return Ok(());
                }
                if input_done && !output_full && out.len() == pos {
                    // No input left and no progress: the last frame is cut short.
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "incomplete zstd frame",
                    ));
                }
            }
        })?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i % 251) as u8 ^ (i / 1000) as u8).collect()
    }

    #[test]
    fn frames_round_trip_through_both_decoders() {
        for n in [0, 1, 100, 70_000, 300_000] {
            let data = sample(n);
            let frame = block::compress(&data, 3).unwrap();
            assert_eq!(block::decompress(&frame, n).unwrap(), data);
            assert_eq!(stream::decode_all(&mut &frame[..]).unwrap(), data);
        }
    }

    #[test]
    fn concatenated_frames_decode_to_both_contents() {
        let (a, b) = (sample(5_000), sample(9_000));
        let mut frames = block::compress(&a, 3).unwrap();
        frames.extend(block::compress(&b, 1).unwrap());
        let mut both = a.clone();
        both.extend(&b);
        assert_eq!(stream::decode_all(&frames[..]).unwrap(), both);
    }

    #[test]
    fn a_cut_or_damaged_frame_is_an_error_and_the_next_call_still_works() {
        let data = sample(50_000);
        let frame = block::compress(&data, 3).unwrap();
        assert!(stream::decode_all(&frame[..frame.len() / 2]).is_err());
        let mut bad = frame.clone();
        bad[0] ^= 0xff;
        assert!(stream::decode_all(&bad[..]).is_err());
        assert!(block::decompress(&bad, data.len()).is_err());
        assert_eq!(stream::decode_all(&frame[..]).unwrap(), data);
    }
}
