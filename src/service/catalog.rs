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
use crate::domain::summary::{CaseLine, CaseSummary};

/// Filters of the case list. `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ListFilter {
    pub text: String,
    pub stage: Option<Stage>,
    pub concern: Option<ConcernType>,
    pub age_band: Option<AgeBand>,
}

/// Catalog size from which a full scan is split over two threads.
const PARALLEL_FROM: usize = 20_000;

pub struct Catalog {
    entries: Vec<Entry>,
    /// Where each case is in `entries`, kept only once a case was added out of number order
    /// (an import into a used catalog). Until then `entries` is in number order and a binary
    /// search finds a case, which spares a map of every case (2 MB at 100,000 cases).
    by_no: Option<HashMap<CaseNo, usize>>,
    pub persons: PersonIndex,
    last: Option<(ListFilter, NaiveDate, Vec<usize>)>,
    /// Every searchable text back to back. One buffer instead of 100,000 strings: the scan
    /// runs through memory in order, and there is no per-string overhead.
    text: Vec<u8>,
    /// Bytes of `text` left behind by edited cases; compacted when they make up half.
    garbage: usize,
}

struct Entry {
    summary: CaseLine,
    /// Where this case's lower-cased "no name district description" — what `/` searches —
    /// lies in `Catalog::text`. The text is compacted when half of it is garbage, so it stays
    /// far below 4 GB.
    start: u32,
    len: u32,
}

impl Entry {
    fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }
}

/// An offset or length in `Catalog::text`.
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
    /// After the bulk load: the text buffer and the vectors doubled as they grew, and at
    /// 100,000 cases the slack is megabytes.
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
        self.text.shrink_to_fit();
        if let Some(m) = &mut self.by_no {
            m.shrink_to_fit();
        }
        self.persons.shrink_to_fit();
    }

    pub fn new() -> Self {
        Catalog {
            entries: Vec::new(),
            by_no: None,
            persons: PersonIndex::new(),
            last: None,
            text: Vec::new(),
            garbage: 0,
        }
    }

    /// Where case `no` is in `entries`.
    fn position(&self, no: CaseNo) -> Option<usize> {
        match &self.by_no {
            Some(m) => m.get(&no).copied(),
            None => self
                .entries
                .binary_search_by_key(&no, |e| e.summary.no)
                .ok(),
        }
    }

    pub fn upsert(&mut self, s: CaseSummary) {
        let pos = self.position(s.no);
        let haystack = haystack(&s);
        // The description lives on only in the search text: lists never show it.
        let line = CaseLine::from(&s);
        // Most saves (a note, a follow-up) change nothing that search or the name matcher
        // sees: they keep the text and the person entry they had, or the catalog of a server
        // that runs for weeks would grow with every save.
        let old = pos.map(|i| &self.entries[i]);
        let same_text = old.is_some_and(|e| self.text[e.range()] == *haystack.as_bytes());
        let same_person = old.is_some_and(|e| {
            e.summary.name == line.name && e.summary.birth_date == line.birth_date
        }) && self.persons.cpr(s.no) == Some(s.cpr.map(|c| c.digits()));
        if !same_person {
            self.persons.upsert(person(&s));
        }
        let (start, len) = match old {
            Some(e) if same_text => (e.start, e.len),
            _ => {
                let start = self.text.len();
                self.text.extend_from_slice(haystack.as_bytes());
                (offset(start), offset(haystack.len()))
            }
        };
        let entry = Entry {
            start,
            len,
            summary: line,
        };
        match pos {
            Some(i) => {
                if !same_text {
                    self.garbage += self.entries[i].len as usize;
                }
                self.entries[i] = entry;
                if self.garbage > self.text.len() / 2 {
                    self.compact();
                }
            }
            None => {
                let no = entry.summary.no;
                if self.by_no.is_none() && self.entries.last().is_some_and(|e| e.summary.no > no) {
                    self.by_no = Some(
                        self.entries
                            .iter()
                            .enumerate()
                            .map(|(i, e)| (e.summary.no, i))
                            .collect(),
                    );
                }
                if let Some(m) = &mut self.by_no {
                    m.insert(no, self.entries.len());
                }
                self.entries.push(entry);
            }
        }
        self.last = None;
    }

    fn compact(&mut self) {
        let mut text = Vec::with_capacity(self.text.len() - self.garbage);
        for e in &mut self.entries {
            let start = text.len();
            text.extend_from_slice(&self.text[e.range()]);
            e.start = offset(start);
        }
        self.text = text;
        self.garbage = 0;
    }

    pub fn get(&self, no: CaseNo) -> Option<&CaseLine> {
        self.position(no).map(|i| &self.entries[i].summary)
    }

    /// Case positions matching the filter, newest case first.
    pub fn search(&mut self, f: &ListFilter, today: NaiveDate) -> &[usize] {
        self.refresh(f, today);
        self.hits()
    }

    /// Runs the search unless its result for this filter and day is kept already.
    pub fn refresh(&mut self, f: &ListFilter, today: NaiveDate) {
        let cached = matches!(&self.last, Some((prev, day, _)) if prev == f && *day == today);
        if !cached {
            let hits = self.compute(f, today);
            self.last = Some((f.clone(), today, hits));
        }
    }

    /// The result of the last search.
    pub fn hits(&self) -> &[usize] {
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
                && f.concern.is_none_or(|c| s.has_concern(c))
                && f.age_band.is_none_or(|b| s.age_band(today) == Some(b))
                && {
                    let hay = &self.text[e.range()];
                    finders.iter().all(|fi| fi.find(hay).is_some())
                }
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
        // Entries are kept in case-number order (cases are numbered as they are filed), so
        // walking backwards gives newest first without a sort.
        let n = self.entries.len();
        let mut hits: Vec<usize> = if n >= PARALLEL_FROM {
            // The first letter of a search scans every case; two cores halve that wait.
            let mid = n / 2;
            std::thread::scope(|scope| {
                let upper = scope.spawn(|| (mid..n).rev().filter(matches).collect::<Vec<_>>());
                let lower: Vec<usize> = (0..mid).rev().filter(matches).collect();
                let mut upper = upper
                    .join()
                    .unwrap_or_else(|_| (mid..n).rev().filter(matches).collect());
                upper.extend(lower);
                upper
            })
        } else {
            (0..n).rev().filter(matches).collect()
        };
        if self.by_no.is_some() {
            hits.sort_unstable_by_key(|&i| std::cmp::Reverse(self.entries[i].summary.no));
        }
        hits
    }

    pub fn summary_at(&self, pos: usize) -> Option<&CaseLine> {
        self.entries.get(pos).map(|e| &e.summary)
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::intake::IntakeForm;
    use crate::domain::{CaseState, Event, EventPayload};

    fn summary(no: CaseNo, name: &str, description: &str) -> CaseSummary {
        let now = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let mut f = IntakeForm::new(now);
        f.person_name = name.into();
        f.description = description.into();
        let intake = f.validate(now, "m").unwrap();
        let e = Event {
            seq: 0,
            at: now,
            author: "m".into(),
            payload: EventPayload::Filed {
                intake,
                next_date: now.date(),
            },
        };
        CaseSummary::of(&CaseState::replay(no, &[e]).unwrap())
    }

    fn search(c: &mut Catalog, text: &str) -> Vec<CaseNo> {
        let f = ListFilter {
            text: text.into(),
            ..ListFilter::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let hits = c.search(&f, today).to_vec();
        hits.iter().map(|&i| c.summary_at(i).unwrap().no).collect()
    }

    #[test]
    fn every_word_must_match_and_the_newest_case_comes_first() {
        let mut c = Catalog::new();
        c.upsert(summary(1, "Ali Hansen", "videoer på nettet"));
        c.upsert(summary(2, "Aisha Ali", "tvang i familien"));
        assert_eq!(search(&mut c, "ali"), vec![2, 1]);
        assert_eq!(search(&mut c, "ali tvang"), vec![2]);
        assert_eq!(search(&mut c, "ALI VIDEO"), vec![1]);
        assert_eq!(search(&mut c, "ingen"), Vec::<CaseNo>::new());
    }

    #[test]
    fn an_edited_case_is_found_by_its_new_text_only_even_after_compaction() {
        let mut c = Catalog::new();
        c.upsert(summary(1, "Ali Hansen", "første"));
        c.upsert(summary(2, "Omar Berg", "anden"));
        for i in 0..50 {
            c.upsert(summary(1, "Ali Hansen", &format!("version {i}")));
        }
        assert_eq!(search(&mut c, "version 49"), vec![1]);
        assert!(search(&mut c, "første").is_empty());
        assert_eq!(search(&mut c, "anden"), vec![2]);
        assert!(c.garbage <= c.text.len() / 2);
    }

    #[test]
    fn a_case_added_out_of_order_is_still_listed_newest_first() {
        let mut c = Catalog::new();
        c.upsert(summary(5, "A", "x"));
        c.upsert(summary(3, "B", "x"));
        assert_eq!(search(&mut c, "x"), vec![5, 3]);
    }

    #[test]
    fn cases_are_found_by_number_before_and_after_one_comes_out_of_order() {
        let mut c = Catalog::new();
        for no in [2, 4, 9] {
            c.upsert(summary(no, "A", "x"));
        }
        assert!(c.by_no.is_none(), "in number order no map is kept");
        assert_eq!(c.get(4).unwrap().no, 4);
        assert!(c.get(3).is_none());
        c.upsert(summary(3, "B", "y"));
        c.upsert(summary(4, "C", "z"));
        for no in [2, 3, 4, 9] {
            assert_eq!(c.get(no).unwrap().no, no);
        }
        assert_eq!(&*c.get(4).unwrap().name, "C");
        assert_eq!(search(&mut c, "z"), vec![4]);
        assert!(search(&mut c, "x").iter().all(|&no| no != 4));
    }

    fn probe_cpr(c: &Catalog, digits: &[u8]) -> Vec<CaseNo> {
        let p = crate::domain::matching::Probe {
            name: "",
            cpr_digits: digits,
            birth_date: None,
            last_token_partial: false,
        };
        c.persons.query(&p, 10).into_iter().map(|m| m.id).collect()
    }

    #[test]
    fn a_save_that_changes_nothing_searchable_adds_nothing_to_the_catalog() {
        let mut c = Catalog::new();
        c.upsert(summary(1, "Ali Hansen", "videoer"));
        let (text, people) = (c.text.len(), c.persons.stored());
        let mut later = summary(1, "Ali Hansen", "videoer");
        later.stage = Stage::Screening;
        c.upsert(later);
        assert_eq!((c.text.len(), c.persons.stored()), (text, people));
        assert_eq!(c.get(1).unwrap().stage, Stage::Screening);
        assert_eq!(search(&mut c, "videoer"), vec![1]);
    }

    #[test]
    fn a_new_cpr_number_reaches_the_name_matcher() {
        let mut c = Catalog::new();
        c.upsert(summary(1, "Ali Hansen", "x"));
        let digits = [0, 1, 0, 1, 1, 0, 4, 0, 0, 6];
        assert!(probe_cpr(&c, &digits).is_empty());
        let mut with_cpr = summary(1, "Ali Hansen", "x");
        with_cpr.cpr = Some(crate::domain::cpr::parse_cpr("010110-4006").unwrap().cpr);
        c.upsert(with_cpr);
        assert_eq!(probe_cpr(&c, &digits), vec![1]);
        assert_eq!(
            c.persons.stored(),
            2,
            "the old entry is replaced, not edited"
        );
    }
}
