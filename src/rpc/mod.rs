//! Several coordinators at once: `infohus serve` owns the database and every console and
//! command talks to it over a Unix socket, with the same service API they use in-process.
//!
//! - `wire`: the frames and the calls.
//! - `socket`: where the socket lives, who may use it, who is at the other end.
//! - `server`: the accept loop and one thread per client; requests run one at a time.
//! - `client`: connecting, starting a server in single-account mode, reconnecting.

pub mod client;
pub mod server;
pub mod socket;
pub mod wire;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What can go wrong between a client and the server (as opposed to inside the service).
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ServerError {
    /// Shared-host mode: nothing answers at the configured socket.
    #[error("no infohus server answers at {0}")]
    NotRunning(PathBuf),
    /// Single-account mode: the server this client started said why it could not run.
    #[error("the infohus server could not start: {0}")]
    CannotStart(String),
    /// The server went away in the middle of a request.
    #[error("the connection to the infohus server was lost")]
    Lost,
    #[error("{0} belongs to another account")]
    ForeignOwner(PathBuf),
    #[error("{0} can be changed by other accounts")]
    Unsafe(PathBuf),
    #[error("the server runs another version of infohus ({0})")]
    Version(String),
    #[error("the socket path {0} is too long for a Unix socket")]
    PathTooLong(PathBuf),
    #[error("{0}")]
    Io(String),
    /// The kernel refused the connection (EACCES/EPERM): on the shared host, an account
    /// outside the group the socket and its directory belong to.
    #[error("this account may not use the infohus server at {0}")]
    NoAccess(PathBuf),
    /// `serve`: a live server (of another data directory) already answers at the socket.
    #[error("another infohus server already answers at {0}")]
    InUse(PathBuf),
}
