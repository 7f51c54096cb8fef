//! The one demo text a user could meet: a table of the demo that cannot be read. The tables are
//! compiled in and checked by the tests, so this would mean a broken build.

use super::Lang;
use crate::demo::{Problem, TableError};

pub fn table_error(lang: Lang, e: &TableError) -> String {
    let problem = problem(lang, &e.problem);
    match lang {
        Lang::Da => format!(
            "Programmets demodata kan ikke bruges ({}, linje {}: {problem}); intet er skrevet.",
            e.file, e.line
        ),
        Lang::En => format!(
            "The program's demo data cannot be used ({}, line {}: {problem}); nothing was written.",
            e.file, e.line
        ),
    }
}

fn problem(lang: Lang, p: &Problem) -> String {
    match (lang, p) {
        (Lang::Da, Problem::Empty) => "tabellen er tom".into(),
        (Lang::Da, Problem::EmptySection(s)) => format!("afsnit [{s}] er tomt"),
        (Lang::Da, Problem::Fields { expected, found }) => {
            format!("{expected} felter ventet, {found} fundet")
        }
        (Lang::Da, Problem::EmptyField) => "et felt er tomt".into(),
        (Lang::Da, Problem::OutsideSection) => "en linje uden for et afsnit".into(),
        (Lang::Da, Problem::UnexpectedSection) => "tabellen har ingen afsnit".into(),
        (Lang::Da, Problem::Duplicate(s)) => format!("{s} står der to gange"),
        (Lang::Da, Problem::Missing(s)) => format!("{s} mangler"),
        (Lang::Da, Problem::UnknownName(s)) => format!("«{s}» er ikke et kendt navn her"),
        (Lang::Da, Problem::NotANumber(s)) => format!("«{s}» er ikke et helt tal"),
        (Lang::Da, Problem::UnknownTag(s)) => format!("«{s}» er hverken minor, adult eller any"),
        (Lang::Da, Problem::UnknownPlaceholder(s)) => format!("ukendt pladsholder {{{s}}}"),
        (Lang::Da, Problem::UnclosedBrace) => "en klamme der ikke lukkes".into(),
        (Lang::Da, Problem::NoPlaceholdersHere) => {
            "teksten skrives som den står og kan ikke have pladsholdere".into()
        }
        (Lang::En, p) => p.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_error_names_the_file_and_line_in_both_languages() {
        let e = TableError {
            file: "intake/openers.txt",
            line: 7,
            problem: Problem::UnknownTag("barn".into()),
        };
        assert_eq!(
            table_error(Lang::Da, &e),
            "Programmets demodata kan ikke bruges (intake/openers.txt, linje 7: «barn» er \
             hverken minor, adult eller any); intet er skrevet."
        );
        assert_eq!(
            table_error(Lang::En, &e),
            "The program's demo data cannot be used (intake/openers.txt, line 7: \"barn\" is \
             neither minor, adult nor any); nothing was written."
        );
    }
}
