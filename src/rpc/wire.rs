//! What travels over the socket: one request frame, one reply frame. A frame is a 4-byte
//! big-endian length and a bincode body. The reply body is the method's own
//! `Result<T, ServiceError>`, so each call's result type is checked by the compiler on both
//! sides rather than by a second enum of replies.

use std::io::{self, Read, Write};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::domain::access::Role;
use crate::domain::draft::{Draft, DraftId, FormKind};
use crate::domain::flow::Command;
use crate::domain::intake::IntakeForm;
use crate::domain::meeting::{Meeting, MeetingNo};
use crate::domain::stats::Period;
use crate::domain::{CaseNo, CaseState};
use crate::i18n::Lang;
use crate::service::{AuditFilter, ItemDecision, ListFilter, NewMeeting, Notice};

/// Bumped whenever a call or a reply changes shape: a client and a server of different
/// builds refuse each other with a sentence instead of misreading bytes.
pub const PROTOCOL: u32 = 2;

/// The largest frame accepted. An export of 100,000 cases is a few hundred megabytes; anything
/// beyond this is a damaged or hostile length, refused before memory is allocated for it.
pub const MAX_FRAME: u32 = 1 << 30;

/// The first frame a client sends. The account is not in it: the server takes it from the
/// socket (SO_PEERCRED), so a client cannot claim to be someone else.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hello {
    pub protocol: u32,
    pub version: String,
}

/// The server's answer to `Hello`, when it accepts the account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Welcome {
    pub user: String,
    pub roles: Vec<Role>,
    pub notice: Option<Notice>,
    pub is_demo: bool,
    /// The server's process, for the logs and for the test harness that kills it.
    pub server_pid: u32,
}

/// One request. `expected` is the version of the case the user's screen was based on; a
/// write to that case on a newer version is refused as a conflict.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    pub expected: Option<(CaseNo, u32)>,
    pub call: Call,
}

/// Every service method a console or command may call, with its arguments owned.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Call {
    Changes,
    WorkQueue,
    Due {
        days: u32,
    },
    LoadCatalog,
    List {
        filter: ListFilter,
        offset: usize,
        limit: usize,
    },
    Count {
        filter: ListFilter,
    },
    PriorMatches {
        form: Box<IntakeForm>,
        exclude: Option<CaseNo>,
        limit: usize,
    },
    Case {
        no: CaseNo,
    },
    ReloadCase {
        no: CaseNo,
    },
    CaseSummary {
        no: CaseNo,
    },
    RevealCpr {
        no: CaseNo,
    },
    Drafts,
    Draft {
        id: DraftId,
    },
    NewDraft {
        kind: FormKind,
        case: Option<CaseNo>,
    },
    SaveDraft {
        draft: Draft,
    },
    DiscardDraft {
        id: DraftId,
    },
    File {
        draft: Draft,
    },
    AddNote {
        no: CaseNo,
        text: String,
    },
    SetNextDate {
        no: CaseNo,
        date: NaiveDate,
        reason: String,
    },
    Link {
        no: CaseNo,
        other: CaseNo,
    },
    Record {
        no: CaseNo,
        cmd: Command,
        next_date: Option<NaiveDate>,
        /// The form's draft, removed in the same save.
        draft: Option<DraftId>,
    },
    Recommendations,
    Actioncards,
    Roster,
    People,
    Check,
    Repair,
    LostSaves,
    CaseCount,
    CommitSearch {
        query: String,
    },
    AuditLog {
        filter: AuditFilter,
    },
    VerifyAudit,
    Users,
    SetUser {
        account: String,
        roles: Vec<Role>,
        create: bool,
    },
    RemoveUser {
        account: String,
    },
    Export,
    FillDemo {
        count: usize,
        seed: u64,
    },
    LegalRules,
    LegalDuePage {
        now: chrono::NaiveDateTime,
        limit: usize,
    },
    LegalItems {
        state: Box<CaseState>,
    },
    CreateMeeting {
        meeting: NewMeeting,
    },
    Meeting {
        no: MeetingNo,
    },
    Meetings,
    DecideItem {
        no: MeetingNo,
        index: usize,
        decision: ItemDecision,
    },
    AddGeneralItem {
        no: MeetingNo,
        text: String,
    },
    Topics,
    SaveTopic {
        topic: String,
    },
    WriteMinutes {
        no: MeetingNo,
        lang: Lang,
    },
    AuditMinutes {
        no: MeetingNo,
    },
    AgendaCases {
        meeting: Box<Meeting>,
        audit: bool,
    },
    Minutes {
        no: MeetingNo,
        lang: Lang,
    },
    Config,
    LegalHold {
        no: CaseNo,
        place: bool,
        reason: String,
    },
    PurgePlan,
    Purge,
    Stats {
        period: Period,
    },
    OverdueSeries,
    Backup {
        dir: std::path::PathBuf,
    },
    AddContact {
        draft: Draft,
        no: CaseNo,
    },
}

impl Call {
    /// Whether the call changes something. A write is never sent twice on its own: if the
    /// connection broke, the server may have saved it before it died.
    pub fn writes(&self) -> bool {
        matches!(
            self,
            Call::NewDraft { .. }
                | Call::DiscardDraft { .. }
                | Call::File { .. }
                | Call::AddNote { .. }
                | Call::SetNextDate { .. }
                | Call::Link { .. }
                | Call::Record { .. }
                | Call::Repair
                | Call::SetUser { .. }
                | Call::RemoveUser { .. }
                | Call::FillDemo { .. }
                | Call::CreateMeeting { .. }
                | Call::DecideItem { .. }
                | Call::AddGeneralItem { .. }
                | Call::SaveTopic { .. }
                | Call::WriteMinutes { .. }
                | Call::LegalHold { .. }
                | Call::Purge
                | Call::Backup { .. }
                | Call::AddContact { .. }
        )
    }

    /// The case a call writes to, if any: the one a version check applies to.
    pub fn target_case(&self) -> Option<CaseNo> {
        match self {
            Call::File { draft } => draft.editing(),
            Call::AddNote { no, .. }
            | Call::SetNextDate { no, .. }
            | Call::Link { no, .. }
            | Call::Record { no, .. }
            | Call::LegalHold { no, .. } => Some(*no),
            _ => None,
        }
    }
}

fn config() -> impl bincode::config::Config {
    bincode::config::standard()
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
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "frame length beyond the limit",
        ));
    }
    let mut body = vec![0u8; len as usize];
    r.read_exact(&mut body)?;
    Ok(body)
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

    #[test]
    fn a_frame_round_trips_and_a_huge_length_is_refused_before_allocating() {
        let mut buf = Vec::new();
        send(
            &mut buf,
            &Call::AddNote {
                no: 7,
                text: "hej".into(),
            },
        )
        .expect("send");
        let back: Call = receive(&mut buf.as_slice()).expect("receive");
        assert!(matches!(back, Call::AddNote { no: 7, ref text } if text == "hej"));

        let mut hostile = (MAX_FRAME + 1).to_be_bytes().to_vec();
        hostile.extend_from_slice(b"x");
        let err = read_frame(&mut hostile.as_slice()).expect_err("refused");
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn a_truncated_frame_is_an_error_not_a_panic() {
        let mut buf = Vec::new();
        send(&mut buf, &Call::Case { no: 1 }).expect("send");
        buf.truncate(buf.len() - 1);
        assert!(receive::<Call>(&mut buf.as_slice()).is_err());
    }
}
