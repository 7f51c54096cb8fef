//! Several coordinators at once: `infohus serve` owns the database and every console and
//! command talks to it over a Unix socket, with the same service API they use in-process.
//!
//! - `calls`: every call, declared once: the messages, their replies, how each runs.
//! - `wire`: the frames, the hello and the protocol fingerprint.
//! - `socket`: where the socket lives, who may use it, who is at the other end.
//! - `server`: the accept loop and one thread per client, each with its own session over the
//!   shared core; requests run one at a time.
//! - `client`: connecting, starting a server in single-account mode, reconnecting.

pub mod calls;
pub mod client;
pub mod server;
pub mod socket;
pub mod wire;

/// The transport's errors travel inside `ServiceError`, so they are the service's type.
pub use crate::service::ServerError;
