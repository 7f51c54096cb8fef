//! The in-memory view of every case that search, filters and prior-case matching work on.
//! Built once from the summary tree (never from full cases) and kept current on every save.
//!
//! `/` search is the prior-case matcher (name variants, transliterations, typos, token order,
//! CPR one digit off) ranked by its score, then plain text in case number, name, district and
//! description, newest first — each hit with the reason it was found.

use std::collections::HashMap;

use chrono::NaiveDate;
use memchr::memmem;

use crate::domain::CaseNo;
use crate::domain::age::AgeBand;
use crate::domain::cpr::partial_digits;
use crate::domain::dates::parse_date;
use crate::domain::intake::ConcernType;
use crate::domain::matching::{MatchReason, PersonEntry, PersonIndex, Probe};
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

/// Text hits a search collects before it stops: nobody reads further down than this, and
/// the list says "or more" — the newest come first, so they are the ones shown.
pub const TEXT_HIT_CAP: usize = 1_000;

/// Bytes of case text the scan searches at a time, from the newest back (a few hundred
/// cases): small enough to stop soon after the cap, large enough for `memmem` to run at speed.
const SCAN_BLOCK: usize = 64 * 1024;

/// Name matches a search ranks.
const NAME_HIT_LIMIT: usize = 200;

/// Separates the fields of a case's search text; typed text never holds it.
const FIELD_SEP: char = '\u{1f}';

/// Why a case was found by `/` search.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SearchReason {
    /// The prior-case matcher found the person.
    Person(MatchReason),
    /// The text is in the case number, the name, the district or the description.
    Number,
    Name,
    District,
    Description,
}

/// The hits of one search.
#[derive(Debug, Clone, Default)]
struct Hits {
    /// Positions in `entries`, best first.
    order: Vec<usize>,
    /// How the matcher found each of the first hits (the rest are text hits).
    persons: Vec<Vec<MatchReason>>,
    /// The text scan stopped at `TEXT_HIT_CAP`.
    capped: bool,
}

pub struct Catalog {
    entries: Vec<Entry>,
    /// Where each case is in `entries`, kept only once a case was added out of number order
    /// (an import into a used catalog). Until then `entries` is in number order and a binary
    /// search finds a case, which spares a map of every case (2 MB at 100,000 cases).
    by_no: Option<HashMap<CaseNo, usize>>,
    pub persons: PersonIndex,
    last: Option<(ListFilter, NaiveDate, Hits)>,
    /// Every searchable text back to back. One buffer instead of 100,000 strings: the scan
    /// runs through memory in order, and there is no per-string overhead.
    text: Vec<u8>,
    /// Bytes of `text` left behind by edited cases; compacted when they make up half.
    garbage: usize,
    /// Where each piece of `text` begins and whose it is (a position in `entries`), in text
    /// order: text is only appended, so pushing keeps it sorted. A piece an edit left behind
    /// stays listed until compaction; it no longer matches its entry's `start`.
    pieces: Vec<(u32, u32)>,
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

/// A case's search text: its fields, and after them the separator, so that no term typed
/// can run from one case's text into the next.
fn haystack(s: &CaseSummary) -> String {
    fold(&format!(
        "{}{FIELD_SEP}{}{FIELD_SEP}{}{FIELD_SEP}{}{FIELD_SEP}",
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
        self.pieces.shrink_to_fit();
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
            pieces: Vec::new(),
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
        let at = pos.unwrap_or(self.entries.len());
        let (start, len) = match old {
            Some(e) if same_text => (e.start, e.len),
            _ => {
                let start = self.text.len();
                self.text.extend_from_slice(haystack.as_bytes());
                self.pieces.push((offset(start), offset(at)));
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
        self.pieces.clear();
        for (i, e) in self.entries.iter_mut().enumerate() {
            let start = text.len();
            text.extend_from_slice(&self.text[e.range()]);
            e.start = offset(start);
            self.pieces.push((e.start, offset(i)));
        }
        self.text = text;
        self.garbage = 0;
    }

    pub fn get(&self, no: CaseNo) -> Option<&CaseLine> {
        self.position(no).map(|i| &self.entries[i].summary)
    }

    /// Case positions matching the filter: with a search text the matcher's people first
    /// (best first), then text hits newest first; without one every case, newest first.
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
        self.last.as_ref().map_or(&[], |(_, _, h)| &h.order)
    }

    /// Whether the last search stopped collecting text hits (its count is a lower bound).
    pub fn capped(&self) -> bool {
        self.last.as_ref().is_some_and(|(_, _, h)| h.capped)
    }

    /// Why the hit at `rank` of the last search was found (nothing without a search text).
    pub fn reasons(&self, rank: usize) -> Vec<SearchReason> {
        let Some((f, _, h)) = &self.last else {
            return Vec::new();
        };
        if let Some(r) = h.persons.get(rank) {
            return r.iter().cloned().map(SearchReason::Person).collect();
        }
        let Some(e) = h.order.get(rank).and_then(|&i| self.entries.get(i)) else {
            return Vec::new();
        };
        let folded = fold(f.text.trim());
        let hay = &self.text[e.range()];
        let fields = [
            SearchReason::Number,
            SearchReason::Name,
            SearchReason::District,
            SearchReason::Description,
        ];
        let mut out = Vec::new();
        for (field, part) in fields.into_iter().zip(hay.split(|b| *b == FIELD_SEP as u8)) {
            if folded
                .split_whitespace()
                .any(|t| memmem::find(part, t.as_bytes()).is_some())
                && !out.contains(&field)
            {
                out.push(field);
            }
        }
        out
    }

    fn filtered(&self, f: &ListFilter, today: NaiveDate, i: usize) -> bool {
        let s = &self.entries[i].summary;
        f.stage.is_none_or(|st| s.stage == st)
            && f.concern.is_none_or(|c| s.has_concern(c))
            && f.age_band.is_none_or(|b| s.age_band(today) == Some(b))
    }

    fn compute(&self, f: &ListFilter, today: NaiveDate) -> Hits {
        let text = f.text.trim();
        if text.is_empty() {
            return Hits {
                order: self.scan(f, today, &[], usize::MAX),
                ..Hits::default()
            };
        }
        // The person first: the same matcher as the intake's earlier cases.
        let digits = partial_digits(text);
        let probe = Probe {
            name: text,
            cpr_digits: if digits.len() >= 6 { &digits } else { &[] },
            birth_date: parse_date(text).ok(),
            last_token_partial: !f.text.ends_with(' '),
        };
        let mut order = Vec::new();
        let mut persons = Vec::new();
        for m in self.persons.query(&probe, NAME_HIT_LIMIT) {
            if let Some(i) = self.position(m.id)
                && self.filtered(f, today, i)
            {
                order.push(i);
                persons.push(m.reasons);
            }
        }
        let folded = fold(text);
        let terms: Vec<&str> = folded.split_whitespace().collect();
        let mut text_hits = self.text_hits(f, today, &folded, &terms);
        let capped = text_hits.len() >= TEXT_HIT_CAP;
        text_hits.retain(|i| !order.contains(i));
        order.extend(text_hits);
        Hits {
            order,
            persons,
            capped,
        }
    }

    /// Text hits, newest first, at most `TEXT_HIT_CAP`. When only the text grew since the
    /// last search (one more letter typed) and that search was complete, only its hits can
    /// match, so only they are checked.
    fn text_hits(
        &self,
        f: &ListFilter,
        today: NaiveDate,
        folded: &str,
        terms: &[&str],
    ) -> Vec<usize> {
        if let Some((prev, day, hits)) = &self.last
            && *day == today
            && !hits.capped
            && prev.stage == f.stage
            && prev.concern == f.concern
            && prev.age_band == f.age_band
            && !prev.text.trim().is_empty()
            && folded.starts_with(&fold(prev.text.trim()))
        {
            let finders: Vec<memmem::Finder> = terms
                .iter()
                .map(|t| memmem::Finder::new(t.as_bytes()))
                .collect();
            let mut out: Vec<usize> = hits
                .order
                .iter()
                .copied()
                .filter(|&i| {
                    let hay = &self.text[self.entries[i].range()];
                    finders.iter().all(|fi| fi.find(hay).is_some())
                })
                .collect();
            // Earlier name matches came first; text hits are newest first.
            out.sort_unstable_by_key(|&i| std::cmp::Reverse(self.entries[i].summary.no));
            return out;
        }
        self.scan(f, today, terms, TEXT_HIT_CAP)
    }

    /// Every case passing the filters whose text holds every term, newest first, stopping at
    /// `cap` hits.
    fn scan(&self, f: &ListFilter, today: NaiveDate, terms: &[&str], cap: usize) -> Vec<usize> {
        let Some(driver) = terms.iter().max_by_key(|t| t.len()) else {
            // No text: every case passing the filters. Entries are in case-number order while
            // no import put one out of it, so walking backwards is newest first.
            let mut all: Vec<usize> = (0..self.entries.len())
                .rev()
                .filter(|&i| self.filtered(f, today, i))
                .collect();
            if self.by_no.is_some() {
                all.sort_unstable_by_key(|&i| std::cmp::Reverse(self.entries[i].summary.no));
            }
            return all;
        };
        // One pass through the text of every case (it lies in one buffer, in the order the
        // cases were added), block by block from the end: text hits come newest first, so the
        // pass stops at the cap. Within a block the search runs forwards, where `memmem` has
        // its vectorised prefilter (its reverse search is scalar, several times slower over
        // 100,000 cases). The longest term is searched for; each case it lands in is checked
        // for the other terms and the filters.
        let finder = memmem::Finder::new(driver.as_bytes());
        let others: Vec<memmem::Finder> = terms
            .iter()
            .filter(|t| *t != driver)
            .map(|t| memmem::Finder::new(t.as_bytes()))
            .collect();
        let piece_start = |k: usize| self.pieces.get(k).map_or(self.text.len(), |p| p.0 as usize);
        let mut hits = Vec::new();
        let mut landed = Vec::new();
        let mut hi = self.pieces.len();
        while hi > 0 && hits.len() < cap {
            let end = piece_start(hi);
            let mut lo = hi - 1;
            while lo > 0 && end - piece_start(lo) < SCAN_BLOCK {
                lo -= 1;
            }
            // The pieces of the block the term lands in, oldest first (each piece ends with
            // a separator no term holds, so a hit never spans two).
            landed.clear();
            let mut k = lo;
            let mut from = piece_start(lo);
            while from < end {
                let Some(at) = finder.find(&self.text[from..end]).map(|a| from + a) else {
                    break;
                };
                while k + 1 < hi && piece_start(k + 1) <= at {
                    k += 1;
                }
                landed.push(k);
                from = piece_start(k + 1);
            }
            for &k in landed.iter().rev() {
                if hits.len() >= cap {
                    break;
                }
                let (start, i) = self.pieces[k];
                let i = i as usize;
                // A piece an edit replaced, or a case already found: skipped.
                if let Some(e) = self.entries.get(i)
                    && e.start == start
                    && self.filtered(f, today, i)
                    && others
                        .iter()
                        .all(|o| o.find(&self.text[e.range()]).is_some())
                {
                    hits.push(i);
                }
            }
            hi = lo;
        }
        // An edited case's text was appended after newer ones: newest first by number.
        hits.sort_unstable_by_key(|&i| std::cmp::Reverse(self.entries[i].summary.no));
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
        f.reporter_anonymous = true;
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
    fn the_person_comes_first_by_the_matcher_then_text_hits_and_each_says_why() {
        let mut c = Catalog::new();
        c.upsert(summary(1, "Mohammad Abdallah", "videoer"));
        c.upsert(summary(2, "Ole Berg", "talte om Muhammed i klassen"));
        c.upsert(summary(3, "Aisha Ali", "x"));
        assert_eq!(search(&mut c, "Muhammed"), vec![1, 2]);
        assert!(matches!(
            c.reasons(0).as_slice(),
            [SearchReason::Person(MatchReason::NameVariant)]
        ));
        assert_eq!(c.reasons(1), vec![SearchReason::Description]);
        // Token order and a typo; the case number and the district as text.
        assert_eq!(search(&mut c, "Abdalah Mohammad"), vec![1]);
        assert_eq!(search(&mut c, "2"), vec![2]);
        assert_eq!(c.reasons(0), vec![SearchReason::Number]);
    }

    #[test]
    fn a_scan_over_many_blocks_finds_what_a_plain_search_finds_newest_first() {
        // Several blocks of text, with edited cases whose old text stays behind in the buffer.
        let mut c = Catalog::new();
        let words = ["rund", "firkant", "trekant", "cirkel", "spiral"];
        let mut desc = HashMap::new();
        let filler = "en lang tekst om en elev der fylder op i bufferen";
        for no in 1..=4000u64 {
            let d = format!("{filler} {} {filler}", words[(no % 5) as usize]);
            c.upsert(summary(no, "X", &d));
            desc.insert(no, d);
        }
        for no in (3..4000u64).step_by(97) {
            let d = format!("rettet {}", words[((no + 1) % 5) as usize]);
            c.upsert(summary(no, "X", &d));
            desc.insert(no, d);
        }
        assert!(c.text.len() > 4 * SCAN_BLOCK);
        let matching = |term: &str| {
            let mut nos: Vec<CaseNo> = desc
                .iter()
                .filter(|(_, d)| term.split(' ').all(|t| d.contains(t)))
                .map(|(no, _)| *no)
                .collect();
            nos.sort_unstable_by(|a, b| b.cmp(a));
            nos
        };
        for term in ["spiral", "rettet cirkel", "ingenting"] {
            assert_eq!(search(&mut c, term), matching(term), "{term}");
            assert!(!c.capped());
        }
        // More hits than the cap: the most recently written ones (the newest cases and the
        // edited ones), by number.
        let hits = search(&mut c, "kant");
        assert!(c.capped());
        assert_eq!(hits.len(), TEXT_HIT_CAP);
        assert!(hits.windows(2).all(|w| w[0] > w[1]));
        let all = matching("kant");
        assert!(hits.iter().all(|no| all.contains(no)));
        assert_eq!(hits[..10], all[..10]);
        assert!(hits.contains(&(3 + 97)), "an edited case counts as recent");
    }

    #[test]
    fn a_common_word_stops_at_the_cap_with_the_newest_and_narrows_from_there() {
        let mut c = Catalog::new();
        for no in 1..=(TEXT_HIT_CAP as u64 + 50) {
            c.upsert(summary(
                no,
                "X",
                if no == 7 { "elev sjælden" } else { "elev" },
            ));
        }
        let hits = search(&mut c, "elev");
        assert_eq!(hits.len(), TEXT_HIT_CAP);
        assert!(c.capped());
        assert_eq!(hits[0], TEXT_HIT_CAP as u64 + 50, "newest first");
        // A longer text after a capped search looks through every case again.
        assert_eq!(search(&mut c, "elev sj"), vec![7]);
        assert!(!c.capped());
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
