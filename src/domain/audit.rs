//! Who looked at or changed what. Kept apart from case histories: reading a CPR number is not
//! an event in the person's case, but it must be answerable later. An entry names the case by
//! number only; the one piece of content it may hold is a search query, because what was
//! searched for is itself what must be answerable.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::access::Role;
use super::case::CaseNo;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    #[serde(with = "crate::domain::compact::datetime")]
    pub at: NaiveDateTime,
    pub user: String,
    pub action: AuditAction,
}

/// New variants go at the end: stored entries refer to variants by position.
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
    /// A search the user committed to (opened a result or left the search field).
    Searched {
        query: String,
    },
    /// Events `first_event..first_event + events` were appended to the case.
    Changed {
        case: CaseNo,
        first_event: u32,
        events: u32,
    },
    /// A plain-text summary of the case was printed for journalising elsewhere.
    Summary {
        case: CaseNo,
    },
    /// Minutes of a meeting were produced.
    Minutes {
        meeting: u64,
    },
    Login,
    /// An account not in `users.toml` tried to open the database.
    LoginRefused,
    /// An account's roles were set; no roles means it was removed.
    UsersChanged {
        account: String,
        roles: Vec<Role>,
    },
    /// A closed case was deleted by retention; only its tombstone remains.
    Purged {
        case: CaseNo,
    },
    /// An import took in a backup's audit log: `entries` records, their chain verified and
    /// kept as it was (`verified`), or — from an export that did not carry the stored
    /// records — taken in as entries of this database, unverified.
    LogTakenIn {
        entries: u64,
        verified: bool,
    },
    /// A draft answer to the person's request for access was made (`case N --access-request`).
    AccessRequest {
        case: CaseNo,
    },
}

impl AuditAction {
    /// The case the entry is about, if any.
    pub fn case(&self) -> Option<CaseNo> {
        match self {
            AuditAction::CprRevealed { case }
            | AuditAction::CaseViewed { case }
            | AuditAction::Changed { case, .. }
            | AuditAction::Summary { case }
            | AuditAction::Purged { case }
            | AuditAction::AccessRequest { case } => Some(*case),
            _ => None,
        }
    }
}

/// Someone who opened a case, as the case screen shows it ("last viewed by").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user: String,
    #[serde(with = "crate::domain::compact::datetime")]
    pub at: NaiveDateTime,
}

/// How many distinct recent viewers a case remembers: two, so that the last one who is not
/// yourself is always at hand.
pub const VIEWERS_KEPT: usize = 2;

/// The recent viewers with `v` put first, one entry per account.
pub fn remember_viewer(mut viewers: Vec<Viewer>, v: Viewer) -> Vec<Viewer> {
    viewers.retain(|o| o.user != v.user);
    viewers.insert(0, v);
    viewers.truncate(VIEWERS_KEPT);
    viewers
}

/// The last viewer who is not `me`.
pub fn last_other_viewer<'a>(viewers: &'a [Viewer], me: &str) -> Option<&'a Viewer> {
    viewers.iter().find(|v| v.user != me)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .expect("valid")
    }

    fn viewer(user: &str, h: u32) -> Viewer {
        Viewer {
            user: user.into(),
            at: at(h),
        }
    }

    #[test]
    fn my_own_repeated_views_do_not_hide_the_previous_viewer() {
        let mut vs = Vec::new();
        vs = remember_viewer(vs, viewer("bo", 8));
        vs = remember_viewer(vs, viewer("anna", 9));
        vs = remember_viewer(vs, viewer("anna", 10));
        assert_eq!(last_other_viewer(&vs, "anna"), Some(&viewer("bo", 8)));
        assert_eq!(last_other_viewer(&vs, "bo"), Some(&viewer("anna", 10)));
        assert_eq!(vs.len(), 2);
    }

    #[test]
    fn nobody_else_has_looked_at_a_case_only_i_opened() {
        let vs = remember_viewer(Vec::new(), viewer("anna", 9));
        assert_eq!(last_other_viewer(&vs, "anna"), None);
    }
}
