//! The case model and its rules. Pure: no I/O, no terminal, no database.

pub mod age;
pub mod audit;
pub mod case;
pub mod cpr;
pub mod dates;
pub mod draft;
pub mod intake;
pub mod matching;
pub mod names;
pub mod stage;
pub mod summary;
pub mod text;

pub use case::{CaseNo, CaseState, Event, EventPayload};
pub use intake::{Intake, IntakeForm};
pub use stage::Stage;
