//! Placeholders for the consistency branch (versions, change counter) until it is merged.
use super::Service;
use crate::domain::CaseNo;

impl Service {
    pub fn set_expected(&mut self, _expected: Option<(CaseNo, u32)>) {}
    pub fn changes(&self) -> u64 {
        0
    }
}
