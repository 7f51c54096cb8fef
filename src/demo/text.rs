//! Filling in a sentence from the tables: `{navn}`, `{han}`, `{skole}` … become the words about
//! this person and this reporter.

use super::table::Problem;

/// A relative who calls: the word, the same word opening a sentence, and the pronoun.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relative {
    pub word: &'static str,
    pub opening: &'static str,
    pub pronoun: &'static str,
}

/// The placeholders a sentence may use (`{navns}` is the genitive of `{navn}`).
pub const PLACEHOLDERS: &[&str] = &[
    "navn", "navns", "han", "Han", "ham", "hans", "Hans", "ung", "Ung", "skole", "org", "Slægt",
    "sp",
];

/// The placeholders of a note: notes speak of the person by name only.
pub const NOTE_PLACEHOLDERS: &[&str] = &["navn", "navns"];

/// Whether `template` uses only known placeholders, each closed.
pub fn check_template(template: &str) -> Result<(), Problem> {
    check_template_with(template, PLACEHOLDERS)
}

/// Whether `template` uses only the placeholders `allowed`, each closed.
pub fn check_template_with(template: &str, allowed: &[&str]) -> Result<(), Problem> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(Problem::UnclosedBrace)?;
        let key = &after[..close];
        if !allowed.contains(&key) {
            return Err(Problem::UnknownPlaceholder(key.into()));
        }
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(Problem::UnclosedBrace);
    }
    Ok(())
}

/// Whether `text`, written as it stands, is free of placeholders.
pub fn check_plain(text: &str) -> Result<(), Problem> {
    if text.contains(['{', '}']) {
        Err(Problem::NoPlaceholdersHere)
    } else {
        Ok(())
    }
}

/// The words a template may use about the person and the reporter.
pub struct Ctx<'a> {
    pub first: &'a str,
    pub male: bool,
    pub age: u32,
    pub school: &'a str,
    pub org: &'a str,
    pub relative: Relative,
}

impl Ctx<'_> {
    fn word(&self, key: &str) -> &str {
        let m = self.male;
        match key {
            "navn" => self.first,
            "han" => {
                if m {
                    "han"
                } else {
                    "hun"
                }
            }
            "Han" => {
                if m {
                    "Han"
                } else {
                    "Hun"
                }
            }
            "ham" => {
                if m {
                    "ham"
                } else {
                    "hende"
                }
            }
            "hans" => {
                if m {
                    "hans"
                } else {
                    "hendes"
                }
            }
            "Hans" => {
                if m {
                    "Hans"
                } else {
                    "Hendes"
                }
            }
            "ung" | "Ung" => {
                let w = match (self.age, m) {
                    (0..=17, true) => "drengen",
                    (0..=17, false) => "pigen",
                    (18..=25, _) => "den unge",
                    (_, true) => "manden",
                    (_, false) => "kvinden",
                };
                if key == "Ung" {
                    match w {
                        "drengen" => "Drengen",
                        "pigen" => "Pigen",
                        "den unge" => "Den unge",
                        "manden" => "Manden",
                        _ => "Kvinden",
                    }
                } else {
                    w
                }
            }
            "skole" => {
                if self.school.is_empty() {
                    "skolen"
                } else {
                    self.school
                }
            }
            "org" => self.org,
            "Slægt" => self.relative.opening,
            "sp" => self.relative.pronoun,
            _ => "",
        }
    }

    /// Appends `template` with each `{key}` replaced.
    pub fn fill(&self, out: &mut String, template: &str) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) if &after[..close] == "navns" => {
                    // Danish genitive: "Omars", but "Anas'".
                    out.push_str(self.first);
                    out.push(if self.first.ends_with(['s', 'x', 'z']) {
                        '\''
                    } else {
                        's'
                    });
                    rest = &after[close + 1..];
                }
                Some(close) => {
                    out.push_str(self.word(&after[..close]));
                    rest = &after[close + 1..];
                }
                None => {
                    rest = after;
                }
            }
        }
        out.push_str(rest);
    }

    pub fn filled(&self, template: &str) -> String {
        let mut s = String::with_capacity(template.len() + 16);
        self.fill(&mut s, template);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOTHER: Relative = Relative {
        word: "mor",
        opening: "Moderen",
        pronoun: "hun",
    };

    #[test]
    fn the_genitive_of_a_name_ending_in_s_takes_an_apostrophe() {
        let mut ctx = Ctx {
            first: "Anas",
            male: true,
            age: 16,
            school: "",
            org: "",
            relative: MOTHER,
        };
        assert_eq!(
            ctx.filled("{navns} lærer ringer om {ham}."),
            "Anas' lærer ringer om ham."
        );
        ctx.first = "Omar";
        assert_eq!(
            ctx.filled("{Hans} bror og {navns} far"),
            "Hans bror og Omars far"
        );
        assert_eq!(
            ctx.filled("{Slægt} ringer, fordi {sp} er bekymret."),
            "Moderen ringer, fordi hun er bekymret."
        );
    }

    #[test]
    fn every_placeholder_has_a_word_and_an_unknown_one_is_refused() {
        let ctx = Ctx {
            first: "Ida",
            male: false,
            age: 30,
            school: "Havneskolen",
            org: "Klub Havnen",
            relative: MOTHER,
        };
        for key in PLACEHOLDERS {
            let t = format!("{{{key}}}");
            assert!(check_template(&t).is_ok());
            assert!(!ctx.filled(&t).is_empty(), "{{{key}}} gives no word");
        }
        assert_eq!(
            check_template("{navn} og {hende}"),
            Err(Problem::UnknownPlaceholder("hende".into()))
        );
        assert_eq!(check_template("{navn"), Err(Problem::UnclosedBrace));
        assert_eq!(check_template("navn}"), Err(Problem::UnclosedBrace));
        assert_eq!(
            check_plain("Opfølgning om {navn}"),
            Err(Problem::NoPlaceholdersHere)
        );
    }
}
