//! Who a concern is about: a person drawn from a family background, born 12 to 60 years
//! before the concern, living in one of the municipality's districts (`data/places/`), at a
//! school, in education or at work — and what of it the reporter knows.

use chrono::{Datelike, NaiveDate};

use super::cpr::build_cpr;
use super::generator::Cases;
use super::random::{pick, weighted};
use super::table::{Problem, TableError, table};

/// A district of the fictional municipality, with its streets, school and club.
#[derive(Debug)]
pub struct District {
    pub name: &'static str,
    pub streets: Vec<&'static str>,
    pub school: &'static str,
    pub club: &'static str,
}

#[derive(Debug)]
pub struct PlaceTables {
    pub districts: Vec<District>,
    pub other_schools: Vec<&'static str>,
    pub youth_education: Vec<&'static str>,
    pub work: Vec<&'static str>,
}

impl PlaceTables {
    pub fn load() -> Result<PlaceTables, TableError> {
        let t = table!("places/districts.txt");
        let mut districts = Vec::new();
        for row in t.rows(4)? {
            let streets: Vec<&'static str> = row.fields[3].split(',').map(str::trim).collect();
            if streets.iter().any(|s| s.is_empty()) {
                return Err(t.error(row.line, Problem::EmptyField));
            }
            districts.push(District {
                name: row.fields[0],
                school: row.fields[1],
                club: row.fields[2],
                streets,
            });
        }
        Ok(PlaceTables {
            districts,
            other_schools: table!("places/other_schools.txt").list()?,
            youth_education: table!("places/youth_education.txt").list()?,
            work: table!("places/work.txt").list()?,
        })
    }

    /// Whether `name` is one of the municipality's schools or youth educations.
    pub fn is_school(&self, name: &str) -> bool {
        self.districts.iter().any(|d| d.school == name)
            || self.other_schools.contains(&name)
            || self.youth_education.contains(&name)
    }
}

/// What the reporter knows of who the person is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shown {
    Cpr,
    BirthDate,
    ApproxAge,
    Nothing,
}

/// Who a concern is about, compact enough to keep for a later repeat concern.
#[derive(Clone, Copy, Debug)]
pub struct PersonSeed {
    pub first: &'static str,
    pub middle: Option<&'static str>,
    pub last: Option<&'static str>,
    pub male: bool,
    pub origin: usize,
    pub born: NaiveDate,
    pub cpr: Option<[u8; 10]>,
    pub district: usize,
}

impl PersonSeed {
    pub fn name(&self) -> String {
        let mut s = String::with_capacity(32);
        s.push_str(self.first);
        for part in [self.middle, self.last].into_iter().flatten() {
            s.push(' ');
            s.push_str(part);
        }
        s
    }
}

impl Cases {
    pub(super) fn new_person(&mut self, received: NaiveDate, shown: Shown) -> PersonSeed {
        let t = self.t;
        let names = &t.names;
        let rng = &mut self.rng;
        let origin_ix = weighted(rng, &names.origin_weights);
        let origin = &names.origins[origin_ix];
        let majority = names.majority();
        let male = rng.f32() < 0.6;
        let firsts = if male { &origin.male } else { &origin.female };
        let first = pick(rng, firsts);
        // Some families mix backgrounds: a Danish first name with another surname, or the reverse.
        let surnames = if rng.f32() < 0.05 {
            if origin_ix == 0 {
                &names.origins[1 + rng.usize(..names.origins.len() - 1)].surnames
            } else {
                &majority.surnames
            }
        } else {
            &origin.surnames
        };
        let mut last = Some(pick(rng, surnames));
        let middle = if rng.f32() < 0.2 {
            if origin_ix == 0 {
                // Danish middle names are usually a second surname, sometimes a second first name.
                Some(if rng.bool() {
                    pick(rng, &majority.surnames)
                } else {
                    pick(rng, firsts)
                })
            } else {
                // Elsewhere often the father's name.
                Some(pick(rng, &origin.male))
            }
        } else {
            None
        };
        let middle = middle.filter(|m| *m != first && Some(*m) != last);
        if shown == Shown::Nothing && rng.bool() {
            last = None;
        }
        let age: u32 = match rng.u32(..100) {
            0..=44 => rng.u32(12..18),
            45..=79 => rng.u32(18..26),
            80..=92 => rng.u32(26..40),
            _ => rng.u32(40..61),
        };
        let born = super::calendar::sub_days(
            received,
            u64::from(age) * 365 + u64::from(age / 4) + rng.u64(1..365),
        );
        let cpr = if shown == Shown::Cpr {
            // Numbers from 2007 on need not pass modulus 11; some of the young ones do not.
            let modulus = born.year() < 2007 || rng.f32() < 0.7;
            let mut digits = build_cpr(rng, born, male, modulus);
            for _ in 0..16 {
                if !self.used_cprs.contains(&digits) {
                    break;
                }
                digits = build_cpr(&mut self.rng, born, male, modulus);
            }
            self.used_cprs.insert(digits);
            Some(digits)
        } else {
            None
        };
        PersonSeed {
            first,
            middle,
            last,
            male,
            origin: origin_ix,
            born,
            cpr,
            district: self.rng.usize(..t.places.districts.len()),
        }
    }

    pub(super) fn school_or_work(&mut self, age: u32, district: usize) -> String {
        let places = &self.t.places;
        let rng = &mut self.rng;
        if rng.f32() < 0.1 {
            return String::new();
        }
        match age {
            0..=15 => {
                let school = if rng.f32() < 0.85 {
                    places.districts[district].school
                } else {
                    pick(rng, &places.other_schools)
                };
                let grade = age.saturating_sub(6).clamp(5, 9);
                let letter = pick(rng, &['a', 'b', 'c', 'd']);
                format!("{school}, {grade}.{letter}")
            }
            16..=19 => pick(rng, &places.youth_education).to_string(),
            20..=24 if rng.f32() < 0.4 => pick(rng, &places.youth_education).to_string(),
            _ => pick(rng, &places.work).to_string(),
        }
    }
}
