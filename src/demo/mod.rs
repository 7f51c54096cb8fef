//! Realistic fictional demo data: the first thing a new user sees, and what the benchmark loads.
//!
//! Every person, reporter, address and story is invented; organisations belong to a fictional
//! municipality and e-mail addresses use `example` domains. The data is deliberately untidy in
//! the ways real intakes are: the same young person is reported again under a differently
//! written name, some with the same CPR number (and then linked), some with only a birth date,
//! some with nothing but the name — so the prior-case matcher has something to find.
//!
//! The words are data: one table a file under `src/demo/data/` (format in `table`), compiled in
//! and parsed once (`tables`). The generator is code, one file a stage: `person`, `names` and
//! `cpr` (who), `intake` (the call), `repeat` (a later concern about the same person),
//! `lifecycle` (each sitting after filing) with `screening`, `joint_review`, `enrichment`,
//! `measures`, `rounds` (the forløbshjul while measures run), `closure` and `follow_up` (what
//! each step records, and its tables), and `legal`
//! (the child-welfare unit's answers). `generator` puts a case together.
//!
//! The demo sits above the service (DESIGN §10) and imports only service, store and domain: it
//! makes histories, and the service writes them (`Service::fill_demo_with`, given a `Demo`).
//! The `FillDemo` call (`infohus demo`, the first start) passes the program's own `Demo`
//! through `rpc::calls::WithDemo`.
//!
//! To add a table: write the file under `data/` (a `#` header saying what a line holds), add a
//! field to the tables struct of the stage that uses it and read it in that struct's `load`
//! with `table!("stage/file.txt")` and the reader that checks its shape (`list`, `templates`,
//! `tagged`, `rows`, `keyed`, `lookup`, …). `every_table_loads` then checks it. To add a stage:
//! a file here with its tables struct (registered in `tables::Tables`) and its `impl Track` or
//! `impl Cases` methods, called from `lifecycle` (or `generator`). New draws change the data a
//! seed gives: re-bless `tests/demo_golden.rs` in a commit of its own.

mod calendar;
mod closure;
mod cpr;
mod description;
mod enrichment;
mod flow;
mod follow_up;
mod generator;
mod intake;
mod joint_review;
mod legal;
mod lifecycle;
mod measures;
mod names;
mod person;
mod random;
mod repeat;
mod reporter;
mod rounds;
mod screening;
pub mod table;
mod tables;
mod text;

#[cfg(test)]
mod tests;

use chrono::NaiveDateTime;

use crate::domain::CaseNo;
use crate::service::DemoSource;
use crate::store::History;
pub use generator::Cases;
pub use table::{Problem, TableError};
use tables::Tables;

/// The demo generator, its tables loaded and checked.
#[derive(Clone, Copy, Debug)]
pub struct Demo {
    tables: &'static Tables,
}

impl Demo {
    /// The generator. The tables are parsed on the first call; a malformed one (which the
    /// tests rule out) is an error, never a panic.
    pub fn load() -> Result<Demo, TableError> {
        Tables::get().map(|tables| Demo { tables })
    }

    /// `count` fictional case histories numbered from `first_no`, with all dates relative to
    /// `now`; the same seed gives the same cases.
    pub fn cases(&self, count: usize, first_no: CaseNo, now: NaiveDateTime, seed: u64) -> Cases {
        Cases::new(self.tables, count, first_no, now, seed)
    }
}

impl DemoSource for Demo {
    fn cases(
        &self,
        count: usize,
        first_no: CaseNo,
        now: NaiveDateTime,
        seed: u64,
    ) -> impl Iterator<Item = History> {
        Demo::cases(self, count, first_no, now, seed)
    }
}
