use std::path::PathBuf;

use thiserror::Error;

use super::codec::CodecError;
use crate::domain::CaseNo;
use crate::domain::case::ReplayError;
use crate::domain::draft::DraftId;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("the database {path} is in use by another infohus process{holder}")]
    Locked { path: PathBuf, holder: String },
    #[error("the data directory {0} does not exist")]
    MissingDir(PathBuf),
    #[error("the data directory {0} cannot be written to")]
    NotWritable(PathBuf),
    #[error(
        "the database {0} can be read by other users on this machine (run: chmod -R go-rwx on it)"
    )]
    WorldReadable(PathBuf),
    #[error("there is no database at {0}")]
    NoDatabase(PathBuf),
    #[error("{0} is not an infohus database")]
    NotADatabase(PathBuf),
    #[error(
        "the database {path} is damaged: data from {lost} acknowledged saves is missing; restore the latest backup (infohus import) or accept the loss with infohus check --repair"
    )]
    Damaged { path: PathBuf, lost: u64 },
    #[error("the database {path} cannot be opened: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("a record in {tree} (key {key}) is damaged: {source}")]
    Corrupt {
        tree: &'static str,
        key: String,
        source: CodecError,
    },
    #[error("case {0} does not exist")]
    NoSuchCase(CaseNo),
    #[error("case {0} already exists")]
    CaseExists(CaseNo),
    #[error("draft {0} does not exist")]
    NoSuchDraft(DraftId),
    #[error("the history of a case is inconsistent: {0}")]
    Replay(ReplayError),
    #[error("a record could not be written: {0}")]
    Encode(CodecError),
    #[error("the database reported an error: {0}")]
    Db(String),
    /// Format 4: the journal cannot be read as it is; `infohus check --repair` mends it.
    #[error(
        "the database {path} is damaged (journal segment {seg}{}); run infohus check --repair, which mends what it can and names what it cannot",
        off.map(|o| format!(", byte {o}")).unwrap_or_default()
    )]
    JournalDamaged {
        path: PathBuf,
        seg: u32,
        off: Option<u32>,
    },
    #[error("{0}")]
    Journal(#[from] super::journal::JournalError),
    /// A journal record that is intact but does not decode: written by another program.
    #[error("the journal record at {loc} cannot be decoded: {source}")]
    Record {
        loc: super::journal::Loc,
        source: CodecError,
    },
    /// The save is in the journal (durable), but the view could not take it in.
    #[error(
        "the save is kept, but the database's view could not be updated ({0}); run infohus check --repair"
    )]
    ViewBehind(String),
    #[error("{0}")]
    Io(String),
    /// A text over its limit (`domain::limits`): refused before anything was written.
    #[error("{}{too_long}", case.map(|c| format!("case {c}: ")).unwrap_or_default())]
    TooLong {
        case: Option<CaseNo>,
        too_long: crate::domain::limits::TooLong,
    },
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Io(e.to_string())
    }
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        StoreError::Db(e.to_string())
    }
}

impl From<CodecError> for StoreError {
    fn from(e: CodecError) -> Self {
        StoreError::Encode(e)
    }
}

impl From<ReplayError> for StoreError {
    fn from(e: ReplayError) -> Self {
        StoreError::Replay(e)
    }
}
