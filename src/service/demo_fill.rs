//! The service's side of the demo data: it writes the case histories a generator makes, the way
//! it writes an import. The generator lives above the service (`crate::demo`, DESIGN §10), and
//! whoever asks for demo data passes it in.

use chrono::NaiveDateTime;

use super::{Service, ServiceError};
use crate::domain::CaseNo;
use crate::store::History;

/// Histories handed to the store at a time: big enough to amortise the call, small enough that
/// 100,000 cases never sit in memory at once.
const CHUNK: usize = 1_000;

/// Makes fictional case histories (`crate::demo::Demo` is the one the program uses).
pub trait DemoSource {
    /// `count` histories numbered from `first_no` with every time before `now`; the same seed
    /// gives the same histories.
    fn cases(
        &self,
        count: usize,
        first_no: CaseNo,
        now: NaiveDateTime,
        seed: u64,
    ) -> impl Iterator<Item = History>;
}

impl Service {
    /// Adds `count` demo cases from `source` after the existing ones, marks the database as
    /// demo data, flushes. Returns the number written. (The `FillDemo` call passes the
    /// program's own generator: `rpc::calls::WithDemo`.)
    pub fn fill_demo_with(
        &self,
        source: &impl DemoSource,
        count: usize,
        seed: u64,
        mut progress: impl FnMut(u64),
    ) -> Result<u64, ServiceError> {
        self.require(crate::domain::access::Permission::Oversight)?;
        // Dropped before writing, so that even a run that fails halfway never leaves a catalog
        // that disagrees with the database; the next search reloads it.
        self.forget_catalog();
        let now = self.now();
        let first_no = self.core.store.next_case_no()?;
        let mut cases = source.cases(count, first_no, now, seed).peekable();
        let mut written = 0u64;
        let mut seen = 0u64;
        while cases.peek().is_some() {
            written += self
                .core
                .store
                .insert_histories(cases.by_ref().take(CHUNK).inspect(|_| {
                    seen += 1;
                    progress(seen);
                }))?;
        }
        self.core.store.mark_demo()?;
        self.core.store.flush()?;
        self.forget_catalog();
        self.core.dictionary.forget();
        Ok(written)
    }
}
