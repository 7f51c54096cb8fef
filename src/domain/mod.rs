//! The case model and its rules. Pure: no I/O, no terminal, no database.

/// An enum of fixed choices with `ALL` in declaration order (the order lists show them in).
macro_rules! choice_enum {
    ($(#[$m:meta])* $name:ident { $($v:ident),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($v),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
        }
    };
}

pub mod access;
pub mod actioncard;
pub mod age;
pub mod audit;
pub mod case;
pub mod compact;
pub mod cpr;
pub mod dates;
pub mod draft;
pub mod due;
pub mod edit;
pub mod flow;
pub mod holidays;
pub mod intake;
pub mod legal;
pub mod limits;
pub mod matching;
pub mod meeting;
pub mod names;
pub mod redact;
pub mod retention;
pub mod stage;
pub mod stats;
pub mod summary;
pub mod text;
pub mod trends;

pub use case::{CaseNo, CaseState, Event, EventPayload};
pub use intake::{Intake, IntakeForm};
pub use stage::Stage;
