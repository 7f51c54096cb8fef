//! A half-typed intake. Saved on every change so that nothing typed is lost.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::case::CaseNo;
use super::intake::IntakeForm;

pub type DraftId = u64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub id: DraftId,
    pub author: String,
    #[serde(with = "crate::domain::compact::datetime")]
    pub created_at: NaiveDateTime,
    #[serde(with = "crate::domain::compact::datetime")]
    pub updated_at: NaiveDateTime,
    /// Set when the draft edits an already filed case rather than a new concern.
    pub editing: Option<CaseNo>,
    pub form: IntakeForm,
}

impl Draft {
    /// One line that lets the coordinator recognise the draft in the work queue.
    pub fn headline(&self) -> String {
        let name = self.form.person_name.trim();
        let desc = self.form.description.trim();
        match (name.is_empty(), desc.is_empty()) {
            (false, true) => name.to_string(),
            (false, false) => format!("{name} – {desc}"),
            (true, false) => desc.to_string(),
            (true, true) => String::new(),
        }
    }
}
