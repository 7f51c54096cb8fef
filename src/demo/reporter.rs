//! Who calls: the source category (by the person's age), the reporter's organisation and the
//! reporter — named, with a phone number and an e-mail address at an `example` domain — or
//! anonymous.

use std::fmt::Write as _;

use super::generator::Cases;
use super::person::PersonSeed;
use super::random::{pick, weighted};
use crate::domain::intake::{Reporter, SourceCategory};
use crate::domain::names::fold_letters;

/// Lower-case ASCII for e-mail addresses, the Danish letters spelt out: "Søren" → "soeren".
fn push_ascii_lower(out: &mut String, s: &str) {
    out.extend(
        fold_letters(s)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric()),
    );
}

impl Cases {
    pub(super) fn source_for(&mut self, age: u32) -> SourceCategory {
        weighted(&mut self.rng, self.t.intake.sources_for(age))
    }

    pub(super) fn organisation(
        &mut self,
        source: SourceCategory,
        school: &str,
        district: usize,
        relative: &'static str,
    ) -> String {
        use SourceCategory as S;
        let t = self.t;
        let rng = &mut self.rng;
        let district = &t.places.districts[district];
        let school_name = school.split(',').next().unwrap_or("").trim();
        match source {
            S::PrimarySchool => {
                let s = if !t.places.is_school(school_name) {
                    district.school
                } else {
                    school_name
                };
                format!("{s}, {}", pick(rng, &t.intake.school_roles))
            }
            S::YouthEducation => {
                if t.places.youth_education.contains(&school_name) && rng.f32() < 0.7 {
                    school_name.to_string()
                } else {
                    pick(rng, t.intake.organisations(source)).to_string()
                }
            }
            // The demo's sources never include the club (a later category); were they to, the
            // district's club is the one calling.
            S::Club => district.club.to_string(),
            S::Association => {
                if rng.bool() {
                    district.club.to_string()
                } else {
                    pick(rng, t.intake.organisations(source)).to_string()
                }
            }
            S::ParentRelative => relative.to_string(),
            S::Neighbour => format!("nabo, {}", district.name),
            S::PrivatePerson => "privatperson".to_string(),
            S::Police
            | S::CitizenCentre
            | S::MunicipalCaseworker
            | S::PrisonProbation
            | S::AsylumCentre
            | S::Psychiatry
            | S::SocialMedia
            | S::HousingSocial
            | S::Other => pick(rng, t.intake.organisations(source)).to_string(),
        }
    }

    pub(super) fn reporter(
        &mut self,
        source: SourceCategory,
        org: String,
        person: &PersonSeed,
        relative_male: bool,
    ) -> Reporter {
        use SourceCategory as S;
        let t = self.t;
        let anonymous_chance = match source {
            S::Neighbour | S::PrivatePerson | S::SocialMedia => 0.45,
            S::ParentRelative => 0.08,
            _ => 0.04,
        };
        let rng = &mut self.rng;
        if rng.f32() < anonymous_chance {
            return Reporter::Anonymous;
        }
        let (first, last) = if source == S::ParentRelative {
            let o = &t.names.origins[person.origin];
            let first = pick(
                rng,
                if relative_male {
                    &o.fathers
                } else {
                    &o.mothers
                },
            );
            (first, person.last.unwrap_or_else(|| pick(rng, &o.surnames)))
        } else {
            (
                pick(rng, &t.intake.reporter_first),
                pick(rng, &t.intake.reporter_last),
            )
        };
        let private = matches!(
            source,
            S::ParentRelative | S::Neighbour | S::PrivatePerson | S::SocialMedia
        );
        let first_digit = pick(rng, &[2u32, 3, 4, 5, 6, 7, 8, 9]);
        let phone = if rng.f32() < 0.9 {
            format!("{first_digit}{:07}", rng.u32(..10_000_000))
        } else {
            String::new()
        };
        let email = if rng.f32() < if private { 0.35 } else { 0.8 } {
            let mut e = String::with_capacity(40);
            if private {
                push_ascii_lower(&mut e, first);
                let _ = write!(e, "{}", rng.u32(10..100));
            } else if source == S::Police {
                push_ascii_lower(
                    &mut e,
                    &first[..first.char_indices().nth(2).map_or(first.len(), |(i, _)| i)],
                );
                push_ascii_lower(
                    &mut e,
                    &last[..last.char_indices().nth(2).map_or(last.len(), |(i, _)| i)],
                );
                let _ = write!(e, "{:03}", rng.u32(1..1000));
            } else {
                push_ascii_lower(&mut e, first);
                e.push('.');
                push_ascii_lower(&mut e, last);
            }
            e.push('@');
            e.push_str(t.intake.email_domain(source));
            e
        } else {
            String::new()
        };
        Reporter::Known {
            name: format!("{first} {last}"),
            organisation: org,
            phone,
            email,
        }
    }
}
