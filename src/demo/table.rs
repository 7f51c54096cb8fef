//! The format of the demo's data files, and what can be wrong with one.
//!
//! A table is UTF-8 text, one entry a line. Blank lines and lines starting with `#` are
//! ignored; a line `[name]` starts a section (in tables that have sections); an entry with
//! several fields separates them with `|`. Surrounding spaces are trimmed. Every entry keeps
//! its line number, so an error names the file and the line.

use serde::Deserialize;

use super::random::{ADULT, ANY, Fits, MINOR};
use super::text::{NOTE_PLACEHOLDERS, check_plain, check_template, check_template_with};
use serde::de::value::{Error as ValueError, StrDeserializer};
use thiserror::Error;

/// A table that cannot be used: the file, the line (0: the file as a whole) and the problem.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("demo table {file}, line {line}: {problem}")]
pub struct TableError {
    pub file: &'static str,
    pub line: usize,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Problem {
    #[error("the table has no entries")]
    Empty,
    #[error("section [{0}] has no entries")]
    EmptySection(String),
    #[error("{expected} fields expected, found {found}")]
    Fields { expected: usize, found: usize },
    #[error("a field is empty")]
    EmptyField,
    #[error("an entry outside a section")]
    OutsideSection,
    #[error("this table has no sections")]
    UnexpectedSection,
    #[error("{0} appears twice")]
    Duplicate(String),
    #[error("{0} is missing")]
    Missing(String),
    #[error("\"{0}\" is not a known name here")]
    UnknownName(String),
    #[error("\"{0}\" is not a whole number")]
    NotANumber(String),
    #[error("\"{0}\" is neither minor, adult nor any")]
    UnknownTag(String),
    #[error("unknown placeholder {{{0}}}")]
    UnknownPlaceholder(String),
    #[error("a brace that does not close")]
    UnclosedBrace,
    #[error("this text is written as it stands and cannot hold placeholders")]
    NoPlaceholdersHere,
}

/// One entry: its line and its fields.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub fields: Vec<&'static str>,
}

/// A run of entries under one `[name]` (or before any, with no name).
#[derive(Debug, Clone)]
pub struct Section {
    pub name: Option<&'static str>,
    pub line: usize,
    pub rows: Vec<Row>,
}

/// How the texts of a table are written: as they stand, or with placeholders in one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Plain,
    /// Field `n` is a sentence with placeholders (`{navn}`); the others stand as written.
    Template(usize),
    /// A note: its one field may name the person (`{navn}`, `{navns}`), nothing more.
    Note,
}

/// A parsed data file. The text is `'static` (it is compiled in), so every field borrows it.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: &'static str,
    pub sections: Vec<Section>,
}

impl Table {
    /// Splits `text` into sections and entries; never fails (the shape is checked by the
    /// readers below, which know what the table should hold).
    pub fn parse(file: &'static str, text: &'static str) -> Table {
        let mut sections = vec![Section {
            name: None,
            line: 0,
            rows: Vec::new(),
        }];
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                sections.push(Section {
                    name: Some(name.trim()),
                    line: i + 1,
                    rows: Vec::new(),
                });
                continue;
            }
            let fields = line.split('|').map(str::trim).collect();
            if let Some(s) = sections.last_mut() {
                s.rows.push(Row {
                    line: i + 1,
                    fields,
                });
            }
        }
        if sections.len() > 1 && sections[0].rows.is_empty() {
            sections.remove(0);
        }
        Table { file, sections }
    }

    pub fn error(&self, line: usize, problem: Problem) -> TableError {
        TableError {
            file: self.file,
            line,
            problem,
        }
    }

    /// The entries of a table without sections, each with `fields` fields written as they
    /// stand.
    pub fn rows(&self, fields: usize) -> Result<Vec<Row>, TableError> {
        self.rows_with(fields, Text::Plain)
    }

    /// As `rows`, with the texts written as `text` says.
    pub fn rows_with(&self, fields: usize, text: Text) -> Result<Vec<Row>, TableError> {
        self.check_rows(self.unsectioned()?, fields, None, text)
    }

    /// The entries of a table that must have no sections.
    fn unsectioned(&self) -> Result<&[Row], TableError> {
        match self.sections.as_slice() {
            [s] if s.name.is_none() => Ok(&s.rows),
            _ => {
                let line = self.sections.iter().find_map(|s| s.name.map(|_| s.line));
                Err(self.error(line.unwrap_or(0), Problem::UnexpectedSection))
            }
        }
    }

    /// The entries of a table of single texts, written as they stand.
    pub fn list(&self) -> Result<Vec<&'static str>, TableError> {
        Ok(self.rows(1)?.into_iter().map(|r| r.fields[0]).collect())
    }

    /// The entries of a table of groups: two or more texts a line, written as they stand.
    pub fn groups(&self) -> Result<Vec<Vec<&'static str>>, TableError> {
        let rows = self.unsectioned()?;
        if rows.is_empty() {
            return Err(self.error(0, Problem::Empty));
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            // A group of one is two fields expected and one found.
            let width = r.fields.len().max(2);
            let checked = self.check_rows(std::slice::from_ref(r), width, None, Text::Plain)?;
            out.extend(checked.into_iter().map(|r| r.fields));
        }
        Ok(out)
    }

    /// The entries of a table of single sentences with placeholders.
    pub fn templates(&self) -> Result<Vec<&'static str>, TableError> {
        Ok(self
            .rows_with(1, Text::Template(0))?
            .into_iter()
            .map(|r| r.fields[0])
            .collect())
    }

    /// The entries of a table of notes, which may name the person.
    pub fn notes(&self) -> Result<Vec<&'static str>, TableError> {
        Ok(self
            .rows_with(1, Text::Note)?
            .into_iter()
            .map(|r| r.fields[0])
            .collect())
    }

    /// The entries of a table of sentences for some persons: `minor`, `adult` or `any`, then
    /// the sentence (with placeholders when `templated`).
    pub fn tagged(&self, templated: bool) -> Result<Vec<(Fits, &'static str)>, TableError> {
        let text = if templated {
            Text::Template(1)
        } else {
            Text::Plain
        };
        let rows = self.rows_with(2, text)?;
        self.tags(&rows)
    }

    /// `rows` (of two fields: tag and sentence) as sentences for some persons.
    pub fn tags(&self, rows: &[Row]) -> Result<Vec<(Fits, &'static str)>, TableError> {
        rows.iter()
            .map(|r| {
                let fits = match r.fields[0] {
                    "minor" => MINOR,
                    "adult" => ADULT,
                    "any" => ANY,
                    other => return Err(self.error(r.line, Problem::UnknownTag(other.into()))),
                };
                Ok((fits, r.fields[1]))
            })
            .collect()
    }

    /// The sections of a table that has them, each with its entries of `fields` fields. Every
    /// section must have entries, and no name may appear twice.
    pub fn sections(&self, fields: usize) -> Result<Vec<(&'static str, Vec<Row>)>, TableError> {
        self.sections_with(fields, Text::Plain)
    }

    /// As `sections`, with the texts written as `text` says.
    pub fn sections_with(
        &self,
        fields: usize,
        text: Text,
    ) -> Result<Vec<(&'static str, Vec<Row>)>, TableError> {
        let mut out: Vec<(&'static str, Vec<Row>)> = Vec::with_capacity(self.sections.len());
        for s in &self.sections {
            let Some(name) = s.name else {
                let line = s.rows.first().map_or(0, |r| r.line);
                return Err(self.error(line, Problem::OutsideSection));
            };
            if out.iter().any(|(n, _)| *n == name) {
                return Err(self.error(s.line, Problem::Duplicate(format!("[{name}]"))));
            }
            let rows = self.check_rows(&s.rows, fields, Some((name, s.line)), text)?;
            out.push((name, rows));
        }
        if out.is_empty() {
            return Err(self.error(0, Problem::Empty));
        }
        Ok(out)
    }

    /// The one section called `name`, from the output of `sections`.
    pub fn section(
        &self,
        sections: &[(&'static str, Vec<Row>)],
        name: &str,
    ) -> Result<Vec<Row>, TableError> {
        sections
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, rows)| rows.clone())
            .ok_or_else(|| self.error(0, Problem::Missing(format!("[{name}]"))))
    }

    /// Sections named after the values of `K` (as `K` spells them: `Police`, `CrimeGang`), in
    /// the order of `all`; a missing value is an error when `every` is set, an empty list
    /// otherwise. A section no value of `K` is called is an error.
    pub fn keyed<K: for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>(
        &self,
        all: &[K],
        fields: usize,
        text: Text,
        every: bool,
    ) -> Result<Vec<Vec<Row>>, TableError> {
        let mut out = vec![Vec::new(); all.len()];
        let mut seen = vec![false; all.len()];
        for (s, (name, rows)) in self.sections.iter().zip(self.sections_with(fields, text)?) {
            let unknown = || self.error(s.line, Problem::UnknownName(format!("[{name}]")));
            let key: K = variant(name).ok_or_else(unknown)?;
            let i = all.iter().position(|k| *k == key).ok_or_else(unknown)?;
            out[i] = rows;
            seen[i] = true;
        }
        match seen.iter().position(|s| !s) {
            Some(i) if every => Err(self.error(0, Problem::Missing(format!("[{:?}]", all[i])))),
            _ => Ok(out),
        }
    }

    /// Entries keyed by their first field (a value of `K`), one for every value, in the order
    /// of `all`.
    pub fn lookup<K: for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>(
        &self,
        all: &[K],
        fields: usize,
    ) -> Result<Vec<Row>, TableError> {
        let mut out: Vec<Option<Row>> = vec![None; all.len()];
        for row in self.rows(fields)? {
            let key: K = self.parse_name(&row, 0)?;
            let Some(i) = all.iter().position(|k| *k == key) else {
                return Err(self.error(row.line, Problem::UnknownName(row.fields[0].into())));
            };
            if out[i].is_some() {
                return Err(self.error(row.line, Problem::Duplicate(row.fields[0].into())));
            }
            out[i] = Some(row);
        }
        out.into_iter()
            .enumerate()
            .map(|(i, r)| r.ok_or_else(|| self.error(0, Problem::Missing(format!("{:?}", all[i])))))
            .collect()
    }

    /// Field `i` of `row` as a value of an enum of the domain, spelt as its variant.
    pub fn parse_name<K: for<'de> Deserialize<'de>>(
        &self,
        row: &Row,
        i: usize,
    ) -> Result<K, TableError> {
        let field = row.fields[i];
        variant(field).ok_or_else(|| self.error(row.line, Problem::UnknownName(field.into())))
    }

    /// Field `i` of `row` as a whole number.
    pub fn parse_number(&self, row: &Row, i: usize) -> Result<u32, TableError> {
        let field = row.fields[i];
        field
            .parse()
            .map_err(|_| self.error(row.line, Problem::NotANumber(field.into())))
    }

    fn check_rows(
        &self,
        rows: &[Row],
        fields: usize,
        section: Option<(&str, usize)>,
        text: Text,
    ) -> Result<Vec<Row>, TableError> {
        if rows.is_empty() {
            return Err(match section {
                Some((name, line)) => self.error(line, Problem::EmptySection(name.into())),
                None => self.error(0, Problem::Empty),
            });
        }
        for r in rows {
            if r.fields.len() != fields {
                return Err(self.error(
                    r.line,
                    Problem::Fields {
                        expected: fields,
                        found: r.fields.len(),
                    },
                ));
            }
            for (i, f) in r.fields.iter().enumerate() {
                if f.is_empty() {
                    return Err(self.error(r.line, Problem::EmptyField));
                }
                let checked = match text {
                    Text::Template(t) if t == i => check_template(f),
                    Text::Note => check_template_with(f, NOTE_PLACEHOLDERS),
                    _ => check_plain(f),
                };
                checked.map_err(|p| self.error(r.line, p))?;
            }
        }
        Ok(rows.to_vec())
    }
}

/// The value of `K` spelt `name`, if there is one.
fn variant<K: for<'de> Deserialize<'de>>(name: &str) -> Option<K> {
    K::deserialize(StrDeserializer::<ValueError>::new(name)).ok()
}

/// Parses a table compiled in from `src/demo/data/`: `table!("intake/openers.txt")`.
macro_rules! table {
    ($path:literal) => {
        $crate::demo::table::Table::parse($path, include_str!(concat!("data/", $path)))
    };
}
pub(crate) use table;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::intake::{ConcernType, SourceCategory};

    fn t(text: &'static str) -> Table {
        Table::parse("test.txt", text)
    }

    fn problem<T: std::fmt::Debug>(r: Result<T, TableError>) -> (usize, Problem) {
        let e = r.unwrap_err();
        assert_eq!(e.file, "test.txt");
        (e.line, e.problem)
    }

    #[test]
    fn entries_skip_comments_and_blank_lines_and_keep_their_lines() {
        let table = t("# a comment\n\n  Søren \nÅse\n# end\n");
        assert_eq!(table.list().unwrap(), ["Søren", "Åse"]);
        let rows = t("mor | Moderen | hun\n\nfar|Faderen|han").rows(3).unwrap();
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].fields, ["far", "Faderen", "han"]);
    }

    #[test]
    fn a_malformed_table_is_an_error_naming_its_line() {
        assert_eq!(problem(t("# only a comment\n").list()), (0, Problem::Empty));
        assert_eq!(
            problem(t("a | b\nc\n").rows(2)),
            (
                2,
                Problem::Fields {
                    expected: 2,
                    found: 1
                }
            )
        );
        assert_eq!(problem(t("a |  \n").rows(2)), (1, Problem::EmptyField));
        assert_eq!(
            problem(t("a\n[male]\nb\n").list()),
            (2, Problem::UnexpectedSection)
        );
        assert_eq!(
            problem(t("a\n[male]\nb\n").sections(1)),
            (1, Problem::OutsideSection)
        );
        assert_eq!(
            problem(t("[male]\n[female]\nb\n").sections(1)),
            (1, Problem::EmptySection("male".into()))
        );
        assert_eq!(
            problem(t("[male]\na\n[male]\nb\n").sections(1)),
            (3, Problem::Duplicate("[male]".into()))
        );
        assert_eq!(
            problem(t("barn | Drengen græder.\n").tagged(false)),
            (1, Problem::UnknownTag("barn".into()))
        );
        let row = &t("x | 5x\n").rows(2).unwrap()[0];
        assert_eq!(
            problem(t("x | 5x\n").parse_number(row, 1)),
            (1, Problem::NotANumber("5x".into()))
        );
    }

    #[test]
    fn placeholders_are_checked_where_sentences_are_filled_in_and_refused_elsewhere() {
        assert!(t("{Han} ringer om {navn}.\n").templates().is_ok());
        assert_eq!(
            problem(t("ok\n{Hun} ringer.\n").templates()),
            (2, Problem::UnknownPlaceholder("Hun".into()))
        );
        assert_eq!(
            problem(t("any | {navn ringer\n").tagged(true)),
            (1, Problem::UnclosedBrace)
        );
        assert_eq!(
            problem(t("Opfølgning om {navn}\n").list()),
            (1, Problem::NoPlaceholdersHere)
        );
        // A note knows the person by name only.
        assert!(t("Talt med {navn} og {navns} mor.\n").notes().is_ok());
        assert_eq!(
            problem(t("Talt med {ham}.\n").notes()),
            (1, Problem::UnknownPlaceholder("ham".into()))
        );
        // Only the sentence field of a tagged table may hold placeholders.
        assert_eq!(
            problem(t("{any} | tekst\n").tagged(true)),
            (1, Problem::NoPlaceholdersHere)
        );
    }

    #[test]
    fn sections_named_after_the_domain_must_all_be_there_and_known() {
        let all = "[Extremism]\nany | a\n[HonourConflict]\nany | b\n\
                   [NegativeSocialControl]\nany | c\n[CrimeGang]\nany | d\n\
                   [Wellbeing]\nany | e\n[Other]\nany | f\n";
        let keyed = t(all)
            .keyed(ConcernType::ALL, 2, Text::Template(1), true)
            .unwrap();
        assert_eq!(keyed[ConcernType::CrimeGang as usize][0].fields[1], "d");
        assert_eq!(
            problem(t("[Extremism]\nany | a\n").keyed(ConcernType::ALL, 2, Text::Plain, true)),
            (0, Problem::Missing("[HonourConflict]".into()))
        );
        assert!(
            t("[Extremism]\nany | a\n")
                .keyed(ConcernType::ALL, 2, Text::Plain, false)
                .is_ok()
        );
        assert_eq!(
            problem(t("[Extremism]\nany | a\n[Terror]\nany | b\n").keyed(
                ConcernType::ALL,
                2,
                Text::Plain,
                false
            )),
            (3, Problem::UnknownName("[Terror]".into()))
        );
        assert_eq!(
            problem(t("Police | politi.example.dk\n").lookup(SourceCategory::ALL, 2)),
            (0, Problem::Missing("PrimarySchool".into()))
        );
        assert_eq!(
            problem(t("Police | a\nPolice | b\n").lookup(SourceCategory::ALL, 2)),
            (2, Problem::Duplicate("Police".into()))
        );
    }

    #[test]
    fn groups_need_two_spellings_a_line() {
        assert_eq!(
            t("Omar | Umar\nHassan | Hasan | Hasen\n").groups().unwrap(),
            [vec!["Omar", "Umar"], vec!["Hassan", "Hasan", "Hasen"]]
        );
        assert_eq!(
            problem(t("Omar | Umar\nBo\n").groups()),
            (
                2,
                Problem::Fields {
                    expected: 2,
                    found: 1
                }
            )
        );
    }

    proptest::proptest! {
        /// Whatever a table holds, reading it gives entries or an error, never a panic.
        #[test]
        fn no_text_makes_a_reader_panic(text in "([a-z{}\\[\\]|# ]{0,12}\n){0,8}") {
            let text: &'static str = Box::leak(text.into_boxed_str());
            let table = Table::parse("test.txt", text);
            let _ = table.list();
            let _ = table.templates();
            let _ = table.tagged(true);
            let _ = table.groups();
            let _ = table.rows(2);
            let _ = table.sections(1);
            let _ = table.keyed(ConcernType::ALL, 2, Text::Template(1), true);
            let _ = table.lookup(SourceCategory::ALL, 2);
        }
    }
}
