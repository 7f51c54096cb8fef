//! The concern as it is taken down (the tables of `data/intake/`): the intake put together
//! from who calls (`reporter`), what about (`description`) and what the reporter knows of the
//! person, and the edits made to it later.

use chrono::{Duration, NaiveDateTime};
use fastrand::Rng;

use super::generator::Cases;
use super::person::{PersonSeed, Shown};
use super::random::{Fits, pick, weighted};
use super::table::{Problem, Table, TableError, Text, table};
use super::tables::Tables;
use super::text::{Ctx, Relative};
use crate::domain::age::{AgeBand, age_on};
use crate::domain::cpr::Cpr;
use crate::domain::intake::{
    Channel, ConcernType, Intake, Person, PoliceContact, SourceCategory, Underretning,
};
use crate::domain::text::capitalise;

/// Sources whose reporter's organisation is drawn from `intake/organisations.txt`; for the
/// others it follows from the person (their school, the relative, the district).
const LISTED_ORGANISATIONS: &[SourceCategory] = &[
    SourceCategory::YouthEducation,
    SourceCategory::Association,
    SourceCategory::Police,
    SourceCategory::CitizenCentre,
    SourceCategory::MunicipalCaseworker,
    SourceCategory::PrisonProbation,
    SourceCategory::AsylumCentre,
    SourceCategory::Psychiatry,
    SourceCategory::SocialMedia,
    SourceCategory::HousingSocial,
    SourceCategory::Other,
];

#[derive(Debug)]
pub struct IntakeTables {
    /// Who calls, by age band: under 16, 16 to 19, 20 and over.
    sources: Vec<Vec<(SourceCategory, u32)>>,
    /// What about, for a male and a female person.
    concern_types: Vec<Vec<(ConcernType, u32)>>,
    /// By source category (in the order of `SourceCategory::ALL`).
    openers: Vec<Vec<(Fits, &'static str)>>,
    /// By concern type (in the order of `ConcernType::ALL`).
    concerns: Vec<Vec<(Fits, &'static str)>>,
    pub(super) danger: Vec<&'static str>,
    pub(super) context: Vec<(Fits, &'static str)>,
    pub(super) closing: Vec<(Fits, &'static str)>,
    pub(super) repeat: Vec<&'static str>,
    pub supplements: Vec<&'static str>,
    /// By source category; empty where the organisation follows from the person.
    organisations: Vec<Vec<&'static str>>,
    /// By source category.
    email_domains: Vec<&'static str>,
    pub(super) school_roles: Vec<&'static str>,
    pub underretning_to: Vec<&'static str>,
    pub police_contact_by: Vec<&'static str>,
    pub(super) reporter_first: Vec<&'static str>,
    pub(super) reporter_last: Vec<&'static str>,
    pub relatives: Vec<Relative>,
}

impl IntakeTables {
    pub fn load() -> Result<IntakeTables, TableError> {
        let orgs = table!("intake/organisations.txt");
        let organisations: Vec<Vec<&'static str>> = orgs
            .keyed(SourceCategory::ALL, 1, Text::Plain, false)?
            .into_iter()
            .map(|rows| rows.into_iter().map(|r| r.fields[0]).collect())
            .collect();
        if let Some(s) = LISTED_ORGANISATIONS
            .iter()
            .find(|s| organisations[**s as usize].is_empty())
        {
            return Err(orgs.error(0, Problem::Missing(format!("[{s:?}]"))));
        }
        let domains = table!("intake/email_domains.txt");
        let relatives = table!("intake/relatives.txt");
        let relatives = relatives
            .rows(3)?
            .into_iter()
            .map(|r| match r.fields[2] {
                "han" | "hun" => Ok(Relative {
                    word: r.fields[0],
                    opening: r.fields[1],
                    pronoun: r.fields[2],
                }),
                other => Err(relatives.error(r.line, Problem::UnknownName(other.into()))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(IntakeTables {
            sources: weights(
                &table!("intake/sources.txt"),
                &["under 16", "16 to 19", "20 and over"],
            )?,
            concern_types: weights(&table!("intake/concern_types.txt"), &["male", "female"])?,
            openers: tagged_sections(&table!("intake/openers.txt"), SourceCategory::ALL)?,
            concerns: tagged_sections(&table!("intake/concerns.txt"), ConcernType::ALL)?,
            danger: table!("intake/danger.txt").templates()?,
            context: table!("intake/context.txt").tagged(true)?,
            closing: table!("intake/closing.txt").tagged(false)?,
            repeat: table!("intake/repeat.txt").templates()?,
            supplements: table!("intake/supplements.txt").list()?,
            organisations,
            email_domains: domains
                .lookup(SourceCategory::ALL, 2)?
                .into_iter()
                .map(|r| r.fields[1])
                .collect(),
            school_roles: table!("intake/school_roles.txt").list()?,
            underretning_to: table!("intake/underretning_to.txt").list()?,
            police_contact_by: table!("intake/police_contact_by.txt").list()?,
            reporter_first: table!("intake/reporter_first_names.txt").list()?,
            reporter_last: table!("intake/reporter_surnames.txt").list()?,
            relatives,
        })
    }

    pub(super) fn sources_for(&self, age: u32) -> &[(SourceCategory, u32)] {
        match age {
            0..=15 => &self.sources[0],
            16..=19 => &self.sources[1],
            _ => &self.sources[2],
        }
    }

    pub(super) fn concern_types(&self, male: bool) -> &[(ConcernType, u32)] {
        &self.concern_types[usize::from(!male)]
    }

    pub(super) fn openers(&self, source: SourceCategory) -> &[(Fits, &'static str)] {
        // The tables are in the order of `ALL`, which is the order of declaration.
        &self.openers[source as usize]
    }

    pub(super) fn concern_sentences(&self, c: ConcernType) -> &[(Fits, &'static str)] {
        &self.concerns[c as usize]
    }

    pub(super) fn organisations(&self, source: SourceCategory) -> &[&'static str] {
        &self.organisations[source as usize]
    }

    pub(super) fn email_domain(&self, source: SourceCategory) -> &'static str {
        self.email_domains[source as usize]
    }
}

/// A table of weights in the sections `names` (all of them, no others): a domain value and its
/// weight a line.
fn weights<K: for<'de> serde::Deserialize<'de>>(
    t: &Table,
    names: &[&str],
) -> Result<Vec<Vec<(K, u32)>>, TableError> {
    let sections = t.sections(2)?;
    if let Some((other, rows)) = sections.iter().find(|(n, _)| !names.contains(n)) {
        let line = rows.first().map_or(0, |r| r.line.saturating_sub(1));
        return Err(t.error(line, Problem::UnknownName(format!("[{other}]"))));
    }
    names
        .iter()
        .map(|name| {
            t.section(&sections, name)?
                .iter()
                .map(|r| Ok((t.parse_name(r, 0)?, t.parse_number(r, 1)?)))
                .collect()
        })
        .collect()
}

/// Sentences with placeholders for some persons, in a section for every value of `K`.
fn tagged_sections<K: for<'de> serde::Deserialize<'de> + PartialEq + std::fmt::Debug>(
    t: &Table,
    all: &[K],
) -> Result<Vec<Vec<(Fits, &'static str)>>, TableError> {
    t.keyed(all, 2, Text::Template(1), true)?
        .iter()
        .map(|rows| t.tags(rows))
        .collect()
}

/// The intake as filed, and what the rest of the case needs to know of how it was taken down.
pub struct TakenDown {
    pub intake: Intake,
    /// Who took the call, and follows the case.
    pub coordinator: &'static str,
    /// An underretning is sent later, at the first follow-up (some minors' cases).
    pub underretning_later: bool,
    /// The person's first name as the description writes it.
    pub first_name: String,
}

impl Cases {
    /// The call: who reports, about whom and what, written down as the intake form has it.
    pub(super) fn take_down(
        &mut self,
        person: &PersonSeed,
        shown: Shown,
        name: String,
        received: NaiveDateTime,
        filed: NaiveDateTime,
        repeat: bool,
    ) -> TakenDown {
        let t = self.t;
        let age = age_on(person.born, received.date());
        let minor = AgeBand::from_age(age).is_minor();
        let district = person.district;

        let coordinator = weighted(&mut self.rng, &t.coordinators);
        let channel = weighted(
            &mut self.rng,
            &[
                (Channel::Phone, 65),
                (Channel::Email, 20),
                (Channel::InPerson, 10),
                (Channel::Letter, 2),
                (Channel::Other, 3),
            ],
        );
        let source = match self.source_for(age) {
            // A former primary school may call about a young adult, but then as education.
            SourceCategory::PrimarySchool if age >= 18 => SourceCategory::YouthEducation,
            s => s,
        };
        let school_work = self.school_or_work(age, district);
        let relative = pick(&mut self.rng, &t.intake.relatives);
        let org = self.organisation(source, &school_work, district, relative.word);
        let concerns = self.concerns(person.male);
        let danger = self.rng.f32() < 0.03;

        let rng = &mut self.rng;
        let home = &t.places.districts[district];
        let address = if rng.f32() < 0.15 {
            String::new()
        } else {
            let street = pick(rng, &home.streets);
            let number = rng.u32(1..120);
            if rng.f32() < 0.5 {
                let side = pick(rng, &["tv.", "th.", "mf."]);
                format!("{street} {number}, {}. {side}", rng.u32(..6))
            } else {
                format!("{street} {number}")
            }
        };
        let district_name = if rng.f32() < 0.08 { "" } else { home.name };
        let languages = if rng.f32() < 0.12 {
            ""
        } else {
            pick(rng, &t.names.origins[person.origin].languages)
        };
        let approx_age = match shown {
            Shown::ApproxAge => {
                let guess = if rng.f32() < 0.3 {
                    age + rng.u32(0..3) - 1
                } else {
                    age
                };
                u8::try_from(guess.max(1)).ok()
            }
            _ => None,
        };
        let birth_date = match shown {
            Shown::Cpr | Shown::BirthDate => Some(person.born),
            _ => None,
        };
        let minutes_to_filing = (filed - received).num_minutes().max(1);
        let police_contact = danger.then(|| PoliceContact {
            by: format!(
                "{}, SSP – {}",
                capitalise(coordinator),
                pick(rng, &t.intake.police_contact_by)
            ),
            at: received + Duration::minutes(rng.i64(1..=minutes_to_filing)),
        });
        // About 40% of minors' cases have an underretning: most recorded at filing, some later.
        let underretning_now = minor && rng.f32() < 0.28;
        let underretning_later = minor && !underretning_now && rng.f32() < 0.17;
        let underretning = underretning_now.then(|| Underretning {
            at: received + Duration::minutes(rng.i64(0..=minutes_to_filing)),
            to: pick(rng, &t.intake.underretning_to).to_string(),
        });

        // The description calls the person by the first name as written this time (a repeat may
        // spell it differently, or put the surname first).
        let first_name = if name.split(' ').any(|t| t == person.first) {
            person.first
        } else {
            let swapped = person.last.is_some_and(|l| name.starts_with(l));
            let mut tokens = name.split(' ');
            if swapped {
                tokens.next_back()
            } else {
                tokens.next()
            }
            .unwrap_or(person.first)
        };
        let school_name = school_work.split(',').next().unwrap_or("");
        let ctx = Ctx {
            first: first_name,
            male: person.male,
            age,
            school: if t.places.is_school(school_name) {
                school_name
            } else {
                ""
            },
            org: &org,
            relative,
        };
        let description = self.description(&ctx, source, &concerns, danger, repeat);
        let first_name = ctx.first.to_string();
        let reporter = self.reporter(source, org.clone(), person, relative.pronoun == "han");

        TakenDown {
            intake: Intake {
                received_at: received,
                received_by: coordinator.to_string(),
                channel: Some(channel),
                source: Some(source),
                reporter,
                person: Person {
                    name,
                    cpr: match shown {
                        Shown::Cpr => person.cpr.map(Cpr::from_digits),
                        _ => None,
                    },
                    birth_date,
                    approx_age,
                    address,
                    district: district_name.to_string(),
                    school_work,
                    languages: languages.to_string(),
                    approx_age_to: None,
                },
                concerns,
                description,
                imminent_danger: danger,
                police_contact,
                underretning,
            },
            coordinator,
            underretning_later,
            first_name,
        }
    }
}

/// The intake as a later edit leaves it: the underretning sent after all, or (`planned`) a
/// supplement to the description, wellbeing added to the concerns, or the person moved.
pub(super) fn edited(
    t: &Tables,
    rng: &mut Rng,
    intake: &Intake,
    at: NaiveDateTime,
    last: NaiveDateTime,
    underretning: bool,
) -> Intake {
    let mut edited = intake.clone();
    if underretning {
        edited.underretning = Some(Underretning {
            at: at - Duration::minutes(rng.i64(30..240)).min(at - last),
            to: pick(rng, &t.intake.underretning_to).to_string(),
        });
        return edited;
    }
    match rng.u8(0..3) {
        0 => {
            edited.description.push(' ');
            edited
                .description
                .push_str(pick(rng, &t.intake.supplements));
        }
        1 if !edited.concerns.contains(&ConcernType::Wellbeing) => {
            edited.concerns.push(ConcernType::Wellbeing);
            edited.concerns.sort_unstable();
        }
        _ => {
            let d = rng.usize(..t.places.districts.len());
            let district = &t.places.districts[d];
            edited.person.district = district.name.to_string();
            edited.person.address = format!("{} {}", pick(rng, &district.streets), rng.u32(1..120));
        }
    }
    edited
}
