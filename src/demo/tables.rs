//! Every table of the demo, parsed once from the files compiled in from `src/demo/data/`.
//! Each stage's file says which tables it reads and checks them as it reads them, so a table
//! that is malformed fails `every_table_loads` (and `Demo::load` returns the error: nothing
//! panics in a user's hands).

use std::sync::LazyLock;

use super::closure::ClosureTables;
use super::enrichment::EnrichmentTables;
use super::flow::Roster;
use super::follow_up::FollowUpTables;
use super::intake::IntakeTables;
use super::joint_review::JointReviewTables;
use super::measures::MeasureTables;
use super::names::NameTables;
use super::person::PlaceTables;
use super::table::{TableError, table};

#[derive(Debug)]
pub struct Tables {
    pub names: NameTables,
    pub places: PlaceTables,
    /// The team's accounts and their share of the cases.
    pub coordinators: Vec<(&'static str, u32)>,
    pub roster: Roster,
    pub intake: IntakeTables,
    pub screening: super::screening::ScreeningTables,
    pub joint_review: JointReviewTables,
    pub enrichment: EnrichmentTables,
    pub measures: MeasureTables,
    pub closure: ClosureTables,
    pub follow_up: FollowUpTables,
    pub rounds: super::rounds::RoundTables,
}

static TABLES: LazyLock<Result<Tables, TableError>> = LazyLock::new(Tables::load);

impl Tables {
    /// The tables, parsed on first use.
    pub fn get() -> Result<&'static Tables, TableError> {
        TABLES.as_ref().map_err(Clone::clone)
    }

    fn load() -> Result<Tables, TableError> {
        let coordinators = table!("people/coordinators.txt");
        Ok(Tables {
            names: NameTables::load()?,
            places: PlaceTables::load()?,
            coordinators: coordinators
                .rows(2)?
                .iter()
                .map(|r| Ok((r.fields[0], coordinators.parse_number(r, 1)?)))
                .collect::<Result<_, TableError>>()?,
            roster: Roster::load()?,
            intake: IntakeTables::load()?,
            screening: super::screening::ScreeningTables::load()?,
            joint_review: JointReviewTables::load()?,
            enrichment: EnrichmentTables::load()?,
            measures: MeasureTables::load()?,
            closure: ClosureTables::load()?,
            follow_up: FollowUpTables::load()?,
            rounds: super::rounds::RoundTables::load()?,
        })
    }
}
