//! Who looked at or changed what. Kept apart from case histories: reading a CPR number is not
//! an event in the person's case, but it must be answerable later.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::case::CaseNo;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: NaiveDateTime,
    pub user: String,
    pub action: AuditAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditAction {
    CprRevealed {
        case: CaseNo,
    },
    CaseViewed {
        case: CaseNo,
    },
    Exported,
    Imported {
        cases: u64,
    },
    Repaired,
    /// A closed case was deleted by retention; only its tombstone remains.
    Purged {
        case: CaseNo,
    },
}
