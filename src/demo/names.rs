//! Names: the family backgrounds a person is drawn from (`data/names/`), and the ways a later
//! concern writes the same name differently — another transliteration, Danish letters spelt
//! out, the names in another order, a typo — so the prior-case matcher has something to find.

use fastrand::Rng;

use super::random::pick;
use super::table::{Problem, Table, TableError, table};

/// One family background: the names and languages that go together.
#[derive(Debug)]
pub struct Origin {
    pub male: Vec<&'static str>,
    pub female: Vec<&'static str>,
    pub surnames: Vec<&'static str>,
    pub fathers: Vec<&'static str>,
    pub mothers: Vec<&'static str>,
    pub languages: Vec<&'static str>,
    pub weight: u32,
}

#[derive(Debug)]
pub struct NameTables {
    /// The first is the majority (Danish) background.
    pub origins: Vec<Origin>,
    /// Each origin's position and weight, for a weighted draw.
    pub origin_weights: Vec<(usize, u32)>,
    /// Spellings of one name.
    pub transliterations: Vec<Vec<&'static str>>,
}

impl NameTables {
    pub fn load() -> Result<NameTables, TableError> {
        // The majority background first; add a background by adding its file here.
        let origins = [
            table!("names/danish.txt"),
            table!("names/arabic.txt"),
            table!("names/somali.txt"),
            table!("names/turkish.txt"),
            table!("names/kurdish.txt"),
            table!("names/pakistani.txt"),
            table!("names/bosnian.txt"),
            table!("names/afghan.txt"),
        ]
        .iter()
        .map(origin)
        .collect::<Result<Vec<_>, _>>()?;
        Ok(NameTables {
            origin_weights: origins.iter().map(|o| o.weight).enumerate().collect(),
            origins,
            transliterations: table!("names/transliterations.txt").groups()?,
        })
    }

    pub fn majority(&self) -> &Origin {
        &self.origins[0]
    }
}

fn origin(t: &Table) -> Result<Origin, TableError> {
    let sections = t.sections(1)?;
    let list = |name: &str| -> Result<Vec<&'static str>, TableError> {
        Ok(t.section(&sections, name)?
            .into_iter()
            .map(|r| r.fields[0])
            .collect())
    };
    for (name, rows) in &sections {
        let known = [
            "weight",
            "languages",
            "male",
            "female",
            "surnames",
            "fathers",
            "mothers",
        ];
        if !known.contains(name) {
            let line = rows.first().map_or(0, |r| r.line);
            return Err(t.error(line, Problem::UnknownName(format!("[{name}]"))));
        }
    }
    let weight_rows = t.section(&sections, "weight")?;
    if let [_, second, ..] = weight_rows.as_slice() {
        return Err(t.error(
            second.line,
            Problem::Fields {
                expected: 1,
                found: 2,
            },
        ));
    }
    Ok(Origin {
        weight: t.parse_number(&weight_rows[0], 0)?,
        languages: list("languages")?,
        male: list("male")?,
        female: list("female")?,
        surnames: list("surnames")?,
        fathers: list("fathers")?,
        mothers: list("mothers")?,
    })
}

fn transliteration(
    rng: &mut Rng,
    groups: &[Vec<&'static str>],
    token: &str,
) -> Option<&'static str> {
    let group = groups
        .iter()
        .find(|g| g.iter().any(|n| n.eq_ignore_ascii_case(token)))?;
    for _ in 0..8 {
        let other = pick(rng, group);
        if !other.eq_ignore_ascii_case(token) {
            return Some(other);
        }
    }
    None
}

fn has_special_letters(s: &str) -> bool {
    s.chars().any(|c| "æøåÆØÅöüÖÜ".contains(c))
}

/// "Søren" → "Soeren" or "Soren"; "Åse" → "Aase" or "Ase".
fn without_special_letters(s: &str, digraphs: bool) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        let r = match (c, digraphs) {
            ('æ', true) => "ae",
            ('ø', true) => "oe",
            ('å', true) => "aa",
            ('Æ', true) => "Ae",
            ('Ø', true) => "Oe",
            ('Å', true) => "Aa",
            ('ö', true) => "oe",
            ('ü', true) => "ue",
            ('Ö', true) => "Oe",
            ('Ü', true) => "Ue",
            ('æ', false) => "e",
            ('ø' | 'ö', false) => "o",
            ('å', false) => "a",
            ('Æ', false) => "E",
            ('Ø' | 'Ö', false) => "O",
            ('Å', false) => "A",
            ('ü', false) => "u",
            ('Ü', false) => "U",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(r);
    }
    out
}

/// One or two letters wrong in one name token, the way names are misheard on the phone.
fn with_typos(rng: &mut Rng, name: &str) -> String {
    let mut tokens: Vec<Vec<char>> = name.split(' ').map(|t| t.chars().collect()).collect();
    let long: Vec<usize> = (0..tokens.len())
        .filter(|&i| tokens[i].len() >= 4)
        .collect();
    let ti = if long.is_empty() {
        rng.usize(..tokens.len())
    } else {
        pick(rng, &long)
    };
    let typos = if rng.f32() < 0.25 { 2 } else { 1 };
    let t = &mut tokens[ti];
    for _ in 0..typos {
        if t.len() < 3 {
            t.push('h');
            continue;
        }
        // Never touch the first letter: that is the one people get right.
        let i = 1 + rng.usize(..t.len() - 1);
        match rng.u8(0..4) {
            0 => {
                t.remove(i);
            }
            1 => {
                let c = t[i];
                t.insert(i, c);
            }
            2 if i + 1 < t.len() && t[i] != t[i + 1] => t.swap(i, i + 1),
            _ => {
                let vowels = ['a', 'e', 'i', 'o', 'u', 'y'];
                let current = t[i];
                t[i] = if vowels.contains(&current) {
                    let mut v = pick(rng, &vowels);
                    if v == current {
                        v = if current == 'e' { 'a' } else { 'e' };
                    }
                    v
                } else {
                    match current {
                        'k' => 'c',
                        'c' => 'k',
                        's' => 'z',
                        'z' => 's',
                        'd' => 't',
                        't' => 'd',
                        'n' => 'm',
                        'm' => 'n',
                        _ => 'e',
                    }
                };
            }
        }
    }
    let mut out = String::with_capacity(name.len() + 2);
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.extend(t.iter());
    }
    out
}

impl NameTables {
    /// The same name written differently: another transliteration, Danish letters spelt out,
    /// the tokens in another order, or a typo. Always differs from `name`.
    pub fn variant(&self, rng: &mut Rng, name: &str) -> String {
        let groups = &self.transliterations;
        let tokens: Vec<&str> = name.split(' ').collect();
        let mut choice = rng.u8(0..10);
        for _ in 0..4 {
            let v = match choice {
                // Transliteration is tried first and most often: it is what defeats plain
                // matching.
                0..=3 => {
                    let hits: Vec<usize> = (0..tokens.len())
                        .filter(|&i| groups.iter().any(|g| g.contains(&tokens[i])))
                        .collect();
                    if hits.is_empty() {
                        None
                    } else {
                        let i = pick(rng, &hits);
                        transliteration(rng, groups, tokens[i]).map(|other| {
                            let mut t = tokens.clone();
                            t[i] = other;
                            t.join(" ")
                        })
                    }
                }
                4..=5 if has_special_letters(name) => {
                    Some(without_special_letters(name, rng.bool()))
                }
                6..=7 if tokens.len() >= 2 => {
                    let mut t = tokens.clone();
                    if rng.bool() {
                        t.rotate_right(1);
                    } else {
                        t.swap(0, 1);
                    }
                    Some(t.join(" "))
                }
                8..=9 => Some(with_typos(rng, name)),
                _ => None,
            };
            if let Some(v) = v
                && v != name
            {
                return v;
            }
            choice = (choice + 2) % 10;
        }
        let v = with_typos(rng, name);
        if v == name { format!("{name}h") } else { v }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn name_variants_differ_in_the_expected_ways() {
        let names = NameTables::load().unwrap();
        let mut rng = Rng::with_seed(9);
        assert_eq!(
            without_special_letters("Søren Bækgaard", true),
            "Soeren Baekgaard"
        );
        assert_eq!(
            without_special_letters("Åse Østergaard", false),
            "Ase Ostergaard"
        );
        for name in [
            "Mohammed Ali Hassan",
            "Søren Møller",
            "Åse Jensen",
            "Abdullah Omar",
            "Bo",
            "Hussein",
        ] {
            for _ in 0..50 {
                let v = names.variant(&mut rng, name);
                assert_ne!(v, name);
                assert!(!v.is_empty());
            }
        }
        assert_eq!(
            transliteration(&mut rng, &names.transliterations, "Abdullah").map(|s| s != "Abdullah"),
            Some(true)
        );
    }

    #[test]
    fn the_vocabulary_is_as_wide_as_promised() {
        let names = NameTables::load().unwrap();
        let danish = names.majority();
        assert!(danish.male.len() + danish.female.len() >= 120);
        let mut immigrant: HashSet<&str> = HashSet::new();
        let mut surnames: HashSet<&str> = danish.surnames.iter().copied().collect();
        for o in &names.origins[1..] {
            immigrant.extend(o.male.iter().chain(o.female.iter()));
            surnames.extend(o.surnames.iter());
        }
        assert!(immigrant.len() >= 60);
        assert!(surnames.len() >= 100);
    }
}
