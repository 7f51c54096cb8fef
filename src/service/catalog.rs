//! The in-memory view of every case that search, filters and prior-case matching work on.
//! Built once from the summary tree (never from full cases) and kept current on every save.

use std::collections::HashMap;

use chrono::NaiveDate;
use memchr::memmem;

use crate::domain::CaseNo;
use crate::domain::age::AgeBand;
use crate::domain::intake::ConcernType;
use crate::domain::matching::{PersonEntry, PersonIndex};
use crate::domain::stage::Stage;
use crate::domain::summary::CaseSummary;

/// Filters of the case list. `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub text: String,
    pub stage: Option<Stage>,
    pub concern: Option<ConcernType>,
    pub age_band: Option<AgeBand>,
}

pub struct Catalog {
    entries: Vec<Entry>,
    by_no: HashMap<CaseNo, usize>,
    pub persons: PersonIndex,
    last: Option<(ListFilter, NaiveDate, Vec<usize>)>,
}

struct Entry {
    summary: CaseSummary,
    /// Lower-cased "no name district description", what `/` searches.
    haystack: String,
}

/// Lower case plus the folding that lets "soren" find "Søren" is done by the name matcher;
/// free-text search stays literal apart from case, which is what people expect of `/`.
pub fn fold(s: &str) -> String {
    s.to_lowercase()
}

fn haystack(s: &CaseSummary) -> String {
    fold(&format!(
        "{} {} {} {}",
        s.no, s.name, s.district, s.description
    ))
}

fn person(s: &CaseSummary) -> PersonEntry {
    PersonEntry {
        id: s.no,
        name: s.name.clone(),
        cpr: s.cpr.map(|c| c.digits()),
        birth_date: s.birth_date,
    }
}

impl Catalog {
    pub fn new() -> Self {
        Catalog {
            entries: Vec::new(),
            by_no: HashMap::new(),
            persons: PersonIndex::new(),
            last: None,
        }
    }

    pub fn upsert(&mut self, s: CaseSummary) {
        self.persons.upsert(person(&s));
        let entry = Entry {
            haystack: haystack(&s),
            summary: s,
        };
        match self.by_no.get(&entry.summary.no) {
            Some(&i) => self.entries[i] = entry,
            None => {
                self.by_no.insert(entry.summary.no, self.entries.len());
                self.entries.push(entry);
            }
        }
        self.last = None;
    }

    pub fn get(&self, no: CaseNo) -> Option<&CaseSummary> {
        self.by_no.get(&no).map(|&i| &self.entries[i].summary)
    }

    /// Case positions matching the filter, newest case first.
    pub fn search(&mut self, f: &ListFilter, today: NaiveDate) -> &[usize] {
        let cached = matches!(&self.last, Some((prev, day, _)) if prev == f && *day == today);
        if !cached {
            let hits = self.compute(f, today);
            self.last = Some((f.clone(), today, hits));
        }
        self.last.as_ref().map_or(&[], |(_, _, hits)| hits)
    }

    /// When only the search text grew since the last call (the user typed one more letter),
    /// only the previous hits can match, so only they are re-checked.
    fn compute(&self, f: &ListFilter, today: NaiveDate) -> Vec<usize> {
        let folded = fold(f.text.trim());
        let finders: Vec<memmem::Finder> = folded
            .split_whitespace()
            .map(|t| memmem::Finder::new(t.as_bytes()))
            .collect();
        let matches = |i: &usize| {
            let e = &self.entries[*i];
            let s = &e.summary;
            f.stage.is_none_or(|st| s.stage == st)
                && f.concern.is_none_or(|c| s.concerns.contains(&c))
                && f.age_band.is_none_or(|b| s.age_band(today) == Some(b))
                && finders
                    .iter()
                    .all(|fi| fi.find(e.haystack.as_bytes()).is_some())
        };
        if let Some((prev, day, hits)) = &self.last
            && *day == today
            && prev.stage == f.stage
            && prev.concern == f.concern
            && prev.age_band == f.age_band
            && folded.starts_with(&fold(prev.text.trim()))
        {
            return hits.iter().copied().filter(matches).collect();
        }
        let mut hits: Vec<usize> = (0..self.entries.len()).filter(matches).collect();
        hits.sort_unstable_by_key(|&i| std::cmp::Reverse(self.entries[i].summary.no));
        hits
    }

    pub fn summary_at(&self, pos: usize) -> Option<&CaseSummary> {
        self.entries.get(pos).map(|e| &e.summary)
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Self::new()
    }
}
