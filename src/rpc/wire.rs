//! What travels over the socket. A frame is a 4-byte big-endian length and a bincode body.
//! After the hello, the client sends one `Request` (an id, the version its screen shows, a
//! `Call`) at a time; the server answers with any number of progress frames (a `[progress]`
//! call) and then the reply, each led by one byte that says which (`PROGRESS`, `REPLY`). The
//! reply's body is that call's own `Result<Message::Reply, ServiceError>`, so each call's
//! result type is checked by the compiler on both sides rather than by a second enum.

use std::io::{self, Read, Write};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::calls::Call;
use crate::domain::CaseNo;
use crate::domain::access::Role;
use crate::service::{Build, Notice};

/// The shape of the hello itself. Builds before the fingerprint sent 1 and compare it, so a
/// server of such a build refuses this one (and this one refuses it) instead of misreading
/// the calls. `Hello` keeps its first two fields forever; everything else is the
/// fingerprint's to tell apart.
pub const PROTOCOL: u32 = 2;

// FINGERPRINT: made by build.rs from the source of the calls and of every type that crosses
// the socket or is stored. A client and a server of different fingerprints refuse each other
// with one sentence naming both, instead of misreading bytes.
include!(concat!(env!("OUT_DIR"), "/fingerprint.rs"));

/// This build, as the hello and the refusal name it.
pub fn this_build() -> Build {
    Build {
        version: env!("CARGO_PKG_VERSION").into(),
        fingerprint: FINGERPRINT.into(),
    }
}

/// The largest frame accepted. An export of 100,000 cases is a few hundred megabytes; anything
/// beyond this is a damaged or hostile length, refused before memory is allocated for it.
pub const MAX_FRAME: u32 = 1 << 30;

/// The first frame a client sends. The account is not in it: the server takes it from the
/// socket (SO_PEERCRED), so a client cannot claim to be someone else. Its first three fields
/// stay as they are (`HelloHead`); new ones go after them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hello {
    pub protocol: u32,
    pub version: String,
    /// `FINGERPRINT` of the client's build.
    pub fingerprint: String,
    /// Chosen by the client when it starts and kept across reconnects: a server that still
    /// has this client's session (account, case on screen, last request) gives it back, so a
    /// request resent after a broken connection is recognised (`Request::id`).
    pub client: u64,
}

/// The fields every hello has had since fingerprints, in their place: what the server reads
/// to refuse a client of another build in words it can read, whatever else its hello holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HelloHead {
    pub protocol: u32,
    pub version: String,
    pub fingerprint: String,
}

/// The server's answer to `Hello`, when it accepts the account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Welcome {
    pub user: String,
    pub roles: Vec<Role>,
    pub notice: Option<Notice>,
    /// The server's process, for the logs and for the test harness that kills it.
    pub server_pid: u32,
    /// The database it serves (`socket::canonical`): a client that named another refuses it.
    pub database: std::path::PathBuf,
}

/// One request. `id` numbers the client's requests (a resend keeps its number: the server
/// does not log a read twice); `expected` is the version of the case the user's screen was
/// based on; a write to that case on a newer version is refused as a conflict.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    pub id: u64,
    pub expected: Option<(CaseNo, u32)>,
    pub call: Call,
    /// The console is in redacted view (a projector): the reply is redacted before it is sent.
    pub redacted: bool,
}

/// Every length a message claims is held to the largest frame: without a limit, a length
/// prefix damaged or forged in a request made the server try to allocate exabytes and abort
/// (found by tests/fuzz.rs).
fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<{ MAX_FRAME as usize }>()
}

pub fn encode<T: Serialize>(value: &T) -> io::Result<Vec<u8>> {
    bincode::serde::encode_to_vec(value, config())
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> io::Result<T> {
    bincode::serde::decode_from_slice(bytes, config())
        .map(|(v, _)| v)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))
}

pub fn write_frame(w: &mut impl Write, body: &[u8]) -> io::Result<()> {
    let len = u32::try_from(body.len())
        .ok()
        .filter(|&n| n <= MAX_FRAME)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "frame too large"))?;
    w.write_all(&len.to_be_bytes())?;
    w.write_all(body)?;
    w.flush()
}

pub fn read_frame(r: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    read_frame_into(r, &mut body)?;
    Ok(body)
}

/// `read_frame` into a buffer kept from frame to frame: an export arrives as hundreds of
/// megabyte-sized frames, and a new buffer for each, grown from 64 KiB, was five
/// reallocations and a megabyte of fresh pages per frame.
pub fn read_frame_into(r: &mut impl Read, body: &mut Vec<u8>) -> io::Result<()> {
    body.clear();
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "frame length beyond the limit",
        ));
    }
    // Grown as the bytes arrive, not allocated from the claim: a peer that announces a large
    // frame and sends nothing costs nothing.
    body.reserve((len as usize).min(1 << 16));
    r.take(u64::from(len)).read_to_end(body)?;
    if body.len() < len as usize {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the frame ends early",
        ));
    }
    Ok(())
}

/// Leads a frame of the server's answer to a request: the reply (its body the call's result).
pub const REPLY: u8 = 0;
/// Leads a frame of the server's answer to a request: progress (its body a count, `u64`).
pub const PROGRESS: u8 = 1;

/// Leads a frame of the server's answer to a request: output of a `[stream]` call (its body
/// the bytes, to be written as they are).
pub const CHUNK: u8 = 2;

/// One frame of the server's answer to a request, as `tag` and `body`.
pub fn write_tagged(w: &mut impl Write, tag: u8, body: &[u8]) -> io::Result<()> {
    let len = u32::try_from(body.len() + 1)
        .ok()
        .filter(|&n| n <= MAX_FRAME)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "frame too large"))?;
    w.write_all(&len.to_be_bytes())?;
    w.write_all(&[tag])?;
    w.write_all(body)?;
    w.flush()
}

/// A frame of the server's answer to a request.
pub enum Answer<'a> {
    Progress(u64),
    /// Output of a `[stream]` call.
    Chunk(&'a [u8]),
    /// The reply's body, to decode as the call's result.
    Reply(&'a [u8]),
}

pub fn answer(frame: &[u8]) -> io::Result<Answer<'_>> {
    match frame.split_first() {
        Some((&REPLY, body)) => Ok(Answer::Reply(body)),
        Some((&PROGRESS, body)) => decode(body).map(Answer::Progress),
        Some((&CHUNK, body)) => Ok(Answer::Chunk(body)),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a frame that is neither reply, progress nor output",
        )),
    }
}

/// Writes to a socket without raising SIGPIPE when the other end is gone: a command run as a
/// Unix tool takes the default SIGPIPE (so `infohus due --json | head -1` ends quietly), and a
/// server that died must still be reported in a sentence, not by the signal.
pub struct NoSignal<'a>(pub &'a std::os::unix::net::UnixStream);

impl Write for NoSignal<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        use std::os::fd::AsRawFd;
        // SAFETY: a valid, open socket and a buffer of the length passed.
        let n = unsafe {
            libc::send(
                self.0.as_raw_fd(),
                buf.as_ptr().cast(),
                buf.len(),
                libc::MSG_NOSIGNAL,
            )
        };
        if n < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub fn send<T: Serialize>(w: &mut impl Write, value: &T) -> io::Result<()> {
    write_frame(w, &encode(value)?)
}

pub fn receive<T: DeserializeOwned>(r: &mut impl Read) -> io::Result<T> {
    decode(&read_frame(r)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::calls::{AddNote, Case};

    #[test]
    fn a_frame_round_trips_and_a_huge_length_is_refused_before_allocating() {
        let mut buf = Vec::new();
        let call: Call = AddNote {
            no: 7,
            text: "hej".into(),
        }
        .into();
        send(&mut buf, &call).expect("send");
        let back: Call = receive(&mut buf.as_slice()).expect("receive");
        assert!(matches!(back, Call::AddNote(AddNote { no: 7, ref text }) if text == "hej"));

        let mut hostile = (MAX_FRAME + 1).to_be_bytes().to_vec();
        hostile.extend_from_slice(b"x");
        let err = read_frame(&mut hostile.as_slice()).expect_err("refused");
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn a_truncated_frame_is_an_error_not_a_panic() {
        let mut buf = Vec::new();
        send(&mut buf, &Call::from(Case { no: 1 })).expect("send");
        buf.truncate(buf.len() - 1);
        assert!(receive::<Call>(&mut buf.as_slice()).is_err());
    }

    #[test]
    fn progress_and_reply_frames_are_told_apart() {
        let mut buf = Vec::new();
        write_tagged(&mut buf, PROGRESS, &encode(&41u64).expect("count")).expect("progress");
        write_tagged(&mut buf, REPLY, &encode(&"done").expect("reply")).expect("reply");
        let mut r = buf.as_slice();
        let first = read_frame(&mut r).expect("frame");
        assert!(matches!(answer(&first), Ok(Answer::Progress(41))));
        let second = read_frame(&mut r).expect("frame");
        let Ok(Answer::Reply(body)) = answer(&second) else {
            panic!("a reply")
        };
        assert_eq!(decode::<String>(body).expect("text"), "done");
        assert!(answer(&[7, 0]).is_err());
        assert!(answer(&[]).is_err());
    }

    #[test]
    fn the_fingerprint_is_made_by_the_build() {
        assert_eq!(FINGERPRINT.len(), 16);
        assert!(FINGERPRINT.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
