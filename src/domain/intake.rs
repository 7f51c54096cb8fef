//! The concern as it is taken down (`IntakeForm`, raw text exactly as typed, which is what a
//! draft stores) and as it is filed (`Intake`, validated and typed).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::age::{AgeBand, AgeRange, age_on, parse_age};
use super::cpr::{Cpr, CprError, parse_cpr};
use super::dates::{DateError, parse_date_input, parse_datetime_input};
use super::draft::{FieldKey, FieldValue};

choice_enum!(
    /// How the concern reached the team.
    Channel { Phone, Email, InPerson, Letter, Other }
);

choice_enum!(
    /// Who raised the concern, by kind of source (the 14 categories of DESIGN §3, "other", and
    /// the club).
    SourceCategory {
        PrimarySchool,
        YouthEducation,
        Association,
        Police,
        CitizenCentre,
        MunicipalCaseworker,
        PrisonProbation,
        ParentRelative,
        Neighbour,
        AsylumCentre,
        Psychiatry,
        PrivatePerson,
        SocialMedia,
        HousingSocial,
        Other,
        // Fritids- og ungdomsklub (SSP's "F"): after `Other`, so stored values keep their
        // numbers.
        Club,
    }
);

choice_enum!(
    /// What the concern is about; a case may carry several.
    ConcernType { Extremism, HonourConflict, NegativeSocialControl, CrimeGang, Wellbeing, Other }
);

/// Draft value keys of what the intake holds besides its fields (see `IntakeForm::to_values`).
pub const DANGER_KEY: FieldKey = 100;
pub const LINKS_KEY: FieldKey = 101;

/// Which editable field of the intake form is meant. The order here is the form's tab order:
/// the person first, because that is what the coordinator hears first and what drives the
/// prior-case search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FieldId {
    PersonName,
    Cpr,
    BirthDate,
    ApproxAge,
    Address,
    District,
    SchoolWork,
    Languages,
    Concerns,
    Description,
    Channel,
    Source,
    ReporterAnonymous,
    ReporterName,
    ReporterOrg,
    ReporterPhone,
    ReporterEmail,
    ReceivedAt,
    PoliceContactedBy,
    PoliceContactedAt,
    UnderretningAt,
    UnderretningTo,
}

impl FieldId {
    pub const ORDER: &'static [FieldId] = &[
        FieldId::PersonName,
        FieldId::Cpr,
        FieldId::BirthDate,
        FieldId::ApproxAge,
        FieldId::Address,
        FieldId::District,
        FieldId::SchoolWork,
        FieldId::Languages,
        FieldId::Concerns,
        FieldId::Description,
        FieldId::Channel,
        FieldId::Source,
        FieldId::ReporterAnonymous,
        FieldId::ReporterName,
        FieldId::ReporterOrg,
        FieldId::ReporterPhone,
        FieldId::ReporterEmail,
        FieldId::ReceivedAt,
        FieldId::PoliceContactedBy,
        FieldId::PoliceContactedAt,
        FieldId::UnderretningAt,
        FieldId::UnderretningTo,
    ];

    /// The field's key in a draft's values (`domain::draft`): its place in `ORDER`, which only
    /// ever grows at the end.
    pub fn key(self) -> u16 {
        let i = FieldId::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        u16::try_from(i).unwrap_or(u16::MAX)
    }

    pub fn from_key(key: u16) -> Option<FieldId> {
        FieldId::ORDER.get(usize::from(key)).copied()
    }

    /// Free-text fields are edited with the text cursor; the others are choices.
    pub fn is_text(self) -> bool {
        !matches!(
            self,
            FieldId::Concerns | FieldId::Channel | FieldId::Source | FieldId::ReporterAnonymous
        )
    }
}

/// The intake as typed. Every text is kept verbatim so that a half-typed CPR or date survives a
/// crash exactly as it was; validation happens on filing (and live, for hints).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IntakeForm {
    pub person_name: String,
    pub cpr: String,
    pub birth_date: String,
    pub approx_age: String,
    pub address: String,
    pub district: String,
    pub school_work: String,
    pub languages: String,
    pub concerns: Vec<ConcernType>,
    pub description: String,
    pub channel: Option<Channel>,
    pub source: Option<SourceCategory>,
    pub reporter_anonymous: bool,
    pub reporter_name: String,
    pub reporter_org: String,
    pub reporter_phone: String,
    pub reporter_email: String,
    pub received_at: String,
    pub imminent_danger: bool,
    pub police_contacted_by: String,
    pub police_contacted_at: String,
    pub underretning_at: String,
    pub underretning_to: String,
    /// Earlier cases the coordinator confirmed are about the same person.
    pub links: Vec<u64>,
}

impl IntakeForm {
    /// A fresh form: received now, by phone (the common case; one key changes it).
    pub fn new(now: NaiveDateTime) -> Self {
        IntakeForm {
            received_at: super::dates::format_datetime(now),
            channel: Some(Channel::Phone),
            ..IntakeForm::default()
        }
    }

    pub fn text(&self, f: FieldId) -> Option<&String> {
        Some(match f {
            FieldId::PersonName => &self.person_name,
            FieldId::Cpr => &self.cpr,
            FieldId::BirthDate => &self.birth_date,
            FieldId::ApproxAge => &self.approx_age,
            FieldId::Address => &self.address,
            FieldId::District => &self.district,
            FieldId::SchoolWork => &self.school_work,
            FieldId::Languages => &self.languages,
            FieldId::Description => &self.description,
            FieldId::ReporterName => &self.reporter_name,
            FieldId::ReporterOrg => &self.reporter_org,
            FieldId::ReporterPhone => &self.reporter_phone,
            FieldId::ReporterEmail => &self.reporter_email,
            FieldId::ReceivedAt => &self.received_at,
            FieldId::PoliceContactedBy => &self.police_contacted_by,
            FieldId::PoliceContactedAt => &self.police_contacted_at,
            FieldId::UnderretningAt => &self.underretning_at,
            FieldId::UnderretningTo => &self.underretning_to,
            FieldId::Concerns | FieldId::Channel | FieldId::Source | FieldId::ReporterAnonymous => {
                return None;
            }
        })
    }

    pub fn text_mut(&mut self, f: FieldId) -> Option<&mut String> {
        Some(match f {
            FieldId::PersonName => &mut self.person_name,
            FieldId::Cpr => &mut self.cpr,
            FieldId::BirthDate => &mut self.birth_date,
            FieldId::ApproxAge => &mut self.approx_age,
            FieldId::Address => &mut self.address,
            FieldId::District => &mut self.district,
            FieldId::SchoolWork => &mut self.school_work,
            FieldId::Languages => &mut self.languages,
            FieldId::Description => &mut self.description,
            FieldId::ReporterName => &mut self.reporter_name,
            FieldId::ReporterOrg => &mut self.reporter_org,
            FieldId::ReporterPhone => &mut self.reporter_phone,
            FieldId::ReporterEmail => &mut self.reporter_email,
            FieldId::ReceivedAt => &mut self.received_at,
            FieldId::PoliceContactedBy => &mut self.police_contacted_by,
            FieldId::PoliceContactedAt => &mut self.police_contacted_at,
            FieldId::UnderretningAt => &mut self.underretning_at,
            FieldId::UnderretningTo => &mut self.underretning_to,
            FieldId::Concerns | FieldId::Channel | FieldId::Source | FieldId::ReporterAnonymous => {
                return None;
            }
        })
    }

    /// Fields that are shown right now: police contact only once danger is flagged, the
    /// underretning fields only for a minor (or when something was already typed into them).
    pub fn visible_fields(&self, today: NaiveDate) -> Vec<FieldId> {
        let minor = self.derived_age(today).is_some_and(|a| a.band.is_minor());
        FieldId::ORDER
            .iter()
            .copied()
            .filter(|f| match f {
                FieldId::PoliceContactedBy | FieldId::PoliceContactedAt => {
                    self.imminent_danger
                        || !self.police_contacted_by.is_empty()
                        || !self.police_contacted_at.is_empty()
                }
                FieldId::UnderretningAt | FieldId::UnderretningTo => {
                    minor || !self.underretning_at.is_empty() || !self.underretning_to.is_empty()
                }
                FieldId::ReporterName
                | FieldId::ReporterOrg
                | FieldId::ReporterPhone
                | FieldId::ReporterEmail => !self.reporter_anonymous,
                _ => true,
            })
            .collect()
    }

    /// Age as far as it can be told from what is typed: CPR first, then birth date, then the
    /// approximate age.
    pub fn derived_age(&self, today: NaiveDate) -> Option<DerivedAge> {
        if let Ok(info) = parse_cpr(&self.cpr) {
            let age = age_on(info.birth_date, today);
            return Some(DerivedAge {
                age,
                band: AgeBand::from_age(age),
                birth_date: Some(info.birth_date),
                approximate: false,
                range: None,
            });
        }
        if let Ok(b) = parse_date_input(&self.birth_date, today) {
            let age = age_on(b, today);
            return Some(DerivedAge {
                age,
                band: AgeBand::from_age(age),
                birth_date: Some(b),
                approximate: false,
                range: None,
            });
        }
        let range = parse_age(&self.approx_age).ok().flatten()?;
        Some(DerivedAge {
            age: u32::from(range.from),
            band: range.band(),
            birth_date: None,
            approximate: true,
            range: Some(range),
        })
    }

    pub fn has_content(&self) -> bool {
        !self.person_name.trim().is_empty() || !self.description.trim().is_empty()
    }

    /// Checks everything and produces the typed intake, or every problem at once so the form can
    /// mark each field. What filing needs: a description or at least one concern type, and a
    /// source (or an anonymous reporter); the name may be unknown. Times of things that have
    /// happened (received, police called, underretning sent) may not lie in the future.
    pub fn validate(
        &self,
        now: NaiveDateTime,
        received_by: &str,
    ) -> Result<Intake, Vec<(FieldId, FieldProblem)>> {
        let mut problems = Vec::new();
        if self.description.trim().is_empty() && self.concerns.is_empty() {
            problems.push((FieldId::Concerns, FieldProblem::DescriptionOrConcernNeeded));
            problems.push((
                FieldId::Description,
                FieldProblem::DescriptionOrConcernNeeded,
            ));
        }
        if self.source.is_none() && !self.reporter_anonymous {
            problems.push((FieldId::Source, FieldProblem::SourceNeeded));
        }
        // A clock a few minutes fast on another machine is not "the future".
        let latest = now + chrono::Duration::minutes(5);
        let moment = |field: FieldId, text: &str, problems: &mut Vec<_>| match parse_datetime_input(
            text, now,
        ) {
            Ok(t) if t > latest => {
                problems.push((field, FieldProblem::InFuture));
                None
            }
            Ok(t) => Some(Ok(t)),
            Err(DateError::Empty) => Some(Err(())),
            Err(e) => {
                problems.push((field, FieldProblem::Date(e)));
                None
            }
        };
        let received_at = match moment(FieldId::ReceivedAt, &self.received_at, &mut problems) {
            Some(Ok(t)) => Some(t),
            Some(Err(())) => Some(now),
            None => None,
        };
        let cpr = if self.cpr.trim().is_empty() {
            None
        } else {
            match parse_cpr(&self.cpr) {
                Ok(info) => Some(info),
                Err(e) => {
                    problems.push((FieldId::Cpr, FieldProblem::Cpr(e)));
                    None
                }
            }
        };
        let birth_date = match parse_date_input(&self.birth_date, now.date()) {
            Ok(b) if b > now.date() => {
                problems.push((FieldId::BirthDate, FieldProblem::InFuture));
                None
            }
            Ok(b) => {
                if let Some(info) = &cpr
                    && info.birth_date != b
                {
                    problems.push((FieldId::BirthDate, FieldProblem::BirthDateDiffersFromCpr));
                }
                Some(b)
            }
            Err(DateError::Empty) => None,
            Err(e) => {
                problems.push((FieldId::BirthDate, FieldProblem::Date(e)));
                None
            }
        }
        .or(cpr.as_ref().map(|c| c.birth_date));
        let approx = match parse_age(&self.approx_age) {
            Ok(r) => r,
            Err(_) => {
                problems.push((FieldId::ApproxAge, FieldProblem::AgeNotANumber));
                None
            }
        };
        let police_contact = if self.imminent_danger {
            let by = self.police_contacted_by.trim();
            if by.is_empty() {
                problems.push((
                    FieldId::PoliceContactedBy,
                    FieldProblem::PoliceContactNeeded,
                ));
            }
            match moment(
                FieldId::PoliceContactedAt,
                &self.police_contacted_at,
                &mut problems,
            ) {
                Some(Ok(at)) if !by.is_empty() => Some(PoliceContact {
                    by: by.to_string(),
                    at,
                }),
                Some(Err(())) => {
                    problems.push((
                        FieldId::PoliceContactedAt,
                        FieldProblem::PoliceContactNeeded,
                    ));
                    None
                }
                _ => None,
            }
        } else {
            None
        };
        let underretning = match (self.underretning_at.trim(), self.underretning_to.trim()) {
            ("", "") => None,
            (at, to) => {
                let at = match moment(FieldId::UnderretningAt, at, &mut problems) {
                    Some(Ok(at)) => Some(at),
                    Some(Err(())) => {
                        problems.push((
                            FieldId::UnderretningAt,
                            FieldProblem::Date(DateError::Empty),
                        ));
                        None
                    }
                    None => None,
                };
                if to.is_empty() {
                    problems.push((FieldId::UnderretningTo, FieldProblem::UnderretningToNeeded));
                }
                at.filter(|_| !to.is_empty()).map(|at| Underretning {
                    at,
                    to: to.to_string(),
                })
            }
        };
        if !problems.is_empty() {
            // In the form's order, so the cursor goes to the first.
            problems.sort_by_key(|(f, _)| f.key());
            return Err(problems);
        }
        let trimmed = |s: &String| s.trim().to_string();
        Ok(Intake {
            received_at: received_at.unwrap_or(now),
            received_by: received_by.to_string(),
            channel: self.channel,
            source: self.source,
            reporter: if self.reporter_anonymous {
                Reporter::Anonymous
            } else {
                Reporter::Known {
                    name: trimmed(&self.reporter_name),
                    organisation: trimmed(&self.reporter_org),
                    phone: trimmed(&self.reporter_phone),
                    email: trimmed(&self.reporter_email),
                }
            },
            person: Person {
                name: trimmed(&self.person_name),
                cpr: cpr.map(|c| c.cpr),
                birth_date,
                approx_age: approx.map(|r| r.from),
                approx_age_to: approx.filter(|r| r.is_range()).map(|r| r.to),
                address: trimmed(&self.address),
                district: trimmed(&self.district),
                school_work: trimmed(&self.school_work),
                languages: trimmed(&self.languages),
            },
            concerns: self.concerns.clone(),
            description: self.description.trim().to_string(),
            imminent_danger: self.imminent_danger,
            police_contact,
            underretning,
        })
    }

    /// The form as a draft's values, by field key (`FieldId::key`), verbatim. Imminent danger
    /// and the confirmed links have keys of their own (`DANGER_KEY`, `LINKS_KEY`).
    pub fn to_values(&self) -> Vec<(FieldKey, FieldValue)> {
        let index = |i: Option<usize>| i.map(|i| i as u64);
        let mut out: Vec<(FieldKey, FieldValue)> = FieldId::ORDER
            .iter()
            .filter_map(|&f| {
                let v = match f {
                    FieldId::Concerns => FieldValue::Multi(
                        self.concerns
                            .iter()
                            .filter_map(|c| ConcernType::ALL.iter().position(|x| x == c))
                            .map(|i| i as u64)
                            .collect(),
                    ),
                    FieldId::Channel => FieldValue::Choice(index(
                        self.channel
                            .and_then(|c| Channel::ALL.iter().position(|x| *x == c)),
                    )),
                    FieldId::Source => FieldValue::Choice(index(
                        self.source
                            .and_then(|c| SourceCategory::ALL.iter().position(|x| *x == c)),
                    )),
                    FieldId::ReporterAnonymous => FieldValue::Flag(self.reporter_anonymous),
                    text => FieldValue::Text(self.text(text)?.clone()),
                };
                Some((f.key(), v))
            })
            .collect();
        out.push((DANGER_KEY, FieldValue::Flag(self.imminent_danger)));
        out.push((LINKS_KEY, FieldValue::Multi(self.links.clone())));
        out
    }

    /// The form from a draft's values; what is missing is empty, what does not fit is ignored.
    pub fn from_values(values: &[(FieldKey, FieldValue)]) -> IntakeForm {
        let mut f = IntakeForm::default();
        let pick = |all_len: usize, i: &u64| usize::try_from(*i).ok().filter(|i| *i < all_len);
        for (key, v) in values {
            match (*key, v) {
                (DANGER_KEY, FieldValue::Flag(b)) => f.imminent_danger = *b,
                (LINKS_KEY, FieldValue::Multi(l)) => f.links = l.clone(),
                (k, v) => match (FieldId::from_key(k), v) {
                    (Some(FieldId::Concerns), FieldValue::Multi(l)) => {
                        f.concerns = l
                            .iter()
                            .filter_map(|i| pick(ConcernType::ALL.len(), i))
                            .map(|i| ConcernType::ALL[i])
                            .collect();
                    }
                    (Some(FieldId::Channel), FieldValue::Choice(c)) => {
                        f.channel = c
                            .as_ref()
                            .and_then(|i| pick(Channel::ALL.len(), i))
                            .map(|i| Channel::ALL[i]);
                    }
                    (Some(FieldId::Source), FieldValue::Choice(c)) => {
                        f.source = c
                            .as_ref()
                            .and_then(|i| pick(SourceCategory::ALL.len(), i))
                            .map(|i| SourceCategory::ALL[i]);
                    }
                    (Some(FieldId::ReporterAnonymous), FieldValue::Flag(b)) => {
                        f.reporter_anonymous = *b;
                    }
                    (Some(id), FieldValue::Text(t)) => {
                        if let Some(slot) = f.text_mut(id) {
                            *slot = t.clone();
                        }
                    }
                    _ => {}
                },
            }
        }
        f
    }

    /// The form that edits an already filed intake.
    pub fn from_intake(i: &Intake) -> Self {
        let (anon, name, org, phone, email) = match &i.reporter {
            Reporter::Anonymous => (true, "", "", "", ""),
            Reporter::Known {
                name,
                organisation,
                phone,
                email,
            } => (
                false,
                name.as_str(),
                organisation.as_str(),
                phone.as_str(),
                email.as_str(),
            ),
        };
        use super::dates::{format_date, format_datetime};
        IntakeForm {
            person_name: i.person.name.clone(),
            cpr: i.person.cpr.map(|c| c.formatted()).unwrap_or_default(),
            birth_date: i.person.birth_date.map(format_date).unwrap_or_default(),
            approx_age: match (i.person.approx_age, i.person.approx_age_to) {
                (Some(a), Some(b)) if b != a => format!("{a}-{b}"),
                (Some(a), _) => a.to_string(),
                (None, _) => String::new(),
            },
            address: i.person.address.clone(),
            district: i.person.district.clone(),
            school_work: i.person.school_work.clone(),
            languages: i.person.languages.clone(),
            concerns: i.concerns.clone(),
            description: i.description.clone(),
            channel: i.channel,
            source: i.source,
            reporter_anonymous: anon,
            reporter_name: name.to_string(),
            reporter_org: org.to_string(),
            reporter_phone: phone.to_string(),
            reporter_email: email.to_string(),
            received_at: format_datetime(i.received_at),
            imminent_danger: i.imminent_danger,
            police_contacted_by: i
                .police_contact
                .as_ref()
                .map(|p| p.by.clone())
                .unwrap_or_default(),
            police_contacted_at: i
                .police_contact
                .as_ref()
                .map(|p| format_datetime(p.at))
                .unwrap_or_default(),
            underretning_at: i
                .underretning
                .as_ref()
                .map(|u| format_datetime(u.at))
                .unwrap_or_default(),
            underretning_to: i
                .underretning
                .as_ref()
                .map(|u| u.to.clone())
                .unwrap_or_default(),
            links: Vec::new(),
        }
    }
}

/// Age today from a birth date, or from an approximate age given when the concern came in
/// (which ages with the case). Computed each day, never stored.
pub fn person_age(
    birth_date: Option<NaiveDate>,
    approx_age: Option<u8>,
    received: NaiveDate,
    today: NaiveDate,
) -> Option<u32> {
    match (birth_date, approx_age) {
        (Some(b), _) => Some(age_on(b, today)),
        (None, Some(a)) => Some(u32::from(a) + today.years_since(received).unwrap_or(0)),
        (None, None) => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DerivedAge {
    pub age: u32,
    pub band: AgeBand,
    pub birth_date: Option<NaiveDate>,
    pub approximate: bool,
    /// The approximate age as given (a single age or a range).
    pub range: Option<AgeRange>,
}

/// Why a field cannot be filed as it is. The UI words each variant in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FieldProblem {
    /// No longer asked for (a name alone is not a concern); kept for the wire's numbering.
    NameOrDescriptionNeeded,
    Cpr(CprError),
    Date(DateError),
    InFuture,
    BirthDateDiffersFromCpr,
    AgeNotANumber,
    PoliceContactNeeded,
    UnderretningToNeeded,
    /// Neither a description nor a concern type.
    DescriptionOrConcernNeeded,
    /// No source category, and the reporter is not anonymous.
    SourceNeeded,
}

/// The filed concern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intake {
    #[serde(with = "crate::domain::compact::datetime")]
    pub received_at: NaiveDateTime,
    pub received_by: String,
    pub channel: Option<Channel>,
    pub source: Option<SourceCategory>,
    pub reporter: Reporter,
    pub person: Person,
    pub concerns: Vec<ConcernType>,
    pub description: String,
    pub imminent_danger: bool,
    pub police_contact: Option<PoliceContact>,
    pub underretning: Option<Underretning>,
}

impl Intake {
    pub fn age(&self, today: NaiveDate) -> Option<u32> {
        person_age(
            self.person.birth_date,
            self.person.approx_age,
            self.received_at.date(),
            today,
        )
    }

    pub fn age_band(&self, today: NaiveDate) -> Option<AgeBand> {
        self.age(today).map(AgeBand::from_age)
    }

    /// The oldest the person may be today, when only an age range was given.
    pub fn age_to(&self, today: NaiveDate) -> Option<u32> {
        if self.person.birth_date.is_some() {
            return None;
        }
        person_age(
            None,
            self.person.approx_age_to,
            self.received_at.date(),
            today,
        )
    }

    /// Names of the fields that differ, for the chronology of an edit.
    pub fn changed_fields(&self, newer: &Intake) -> Vec<FieldId> {
        let a = IntakeForm::from_intake(self);
        let b = IntakeForm::from_intake(newer);
        let mut changed: Vec<FieldId> = FieldId::ORDER
            .iter()
            .copied()
            .filter(|&f| match f {
                FieldId::Concerns => a.concerns != b.concerns,
                FieldId::Channel => a.channel != b.channel,
                FieldId::Source => a.source != b.source,
                FieldId::ReporterAnonymous => a.reporter_anonymous != b.reporter_anonymous,
                text => a.text(text) != b.text(text),
            })
            .collect();
        if a.imminent_danger != b.imminent_danger && !changed.contains(&FieldId::PoliceContactedBy)
        {
            changed.push(FieldId::PoliceContactedBy);
        }
        changed
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reporter {
    Anonymous,
    Known {
        name: String,
        organisation: String,
        phone: String,
        email: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub cpr: Option<Cpr>,
    #[serde(with = "crate::domain::compact::opt_date")]
    pub birth_date: Option<NaiveDate>,
    /// The approximate age given, or the youngest of a range ("16-17": 16).
    pub approx_age: Option<u8>,
    pub address: String,
    pub district: String,
    pub school_work: String,
    pub languages: String,
    /// The oldest of an approximate age range ("16-17": 17); `None` for a single age (issue
    /// 13; older intakes have none).
    #[serde(default)]
    pub approx_age_to: Option<u8>,
}

/// Who called the police about an imminent danger, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliceContact {
    pub by: String,
    #[serde(with = "crate::domain::compact::datetime")]
    pub at: NaiveDateTime,
}

/// The notification to the child-welfare unit (Barnets lov §133).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Underretning {
    #[serde(with = "crate::domain::compact::datetime")]
    pub at: NaiveDateTime,
    pub to: String,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, 30, 0)
            .unwrap()
    }

    /// A form with what filing needs: a description and a source.
    fn fileable() -> IntakeForm {
        let mut f = IntakeForm::new(now());
        f.description = "Lærer ringer om elev".into();
        f.source = Some(SourceCategory::PrimarySchool);
        f
    }

    #[test]
    fn a_description_and_a_source_are_enough_to_file() {
        let intake = fileable().validate(now(), "mette").unwrap();
        assert_eq!(intake.received_by, "mette");
        assert_eq!(intake.person.name, "");
        assert_eq!(intake.channel, Some(Channel::Phone));
    }

    #[test]
    fn a_concern_type_may_stand_for_the_description_and_anonymity_for_the_source() {
        let mut f = IntakeForm::new(now());
        f.concerns = vec![ConcernType::Wellbeing];
        f.reporter_anonymous = true;
        assert!(f.validate(now(), "mette").is_ok());
    }

    #[test]
    fn a_name_alone_is_not_a_concern() {
        let mut f = IntakeForm::new(now());
        f.person_name = "Ali Hansen".into();
        let errs = f.validate(now(), "mette").unwrap_err();
        assert_eq!(
            errs,
            vec![
                (FieldId::Concerns, FieldProblem::DescriptionOrConcernNeeded),
                (
                    FieldId::Description,
                    FieldProblem::DescriptionOrConcernNeeded
                ),
                (FieldId::Source, FieldProblem::SourceNeeded),
            ]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once_in_the_forms_order() {
        let mut f = fileable();
        f.person_name = "X".into();
        f.cpr = "320199-1234".into();
        f.birth_date = "31-02-2010".into();
        f.approx_age = "tolv".into();
        f.source = None;
        let errs = f.validate(now(), "m").unwrap_err();
        let fields: Vec<FieldId> = errs.iter().map(|e| e.0).collect();
        assert_eq!(
            fields,
            vec![
                FieldId::Cpr,
                FieldId::BirthDate,
                FieldId::ApproxAge,
                FieldId::Source
            ]
        );
    }

    #[test]
    fn an_age_range_is_filed_with_its_lower_bound_for_the_band() {
        let mut f = fileable();
        f.approx_age = "16-17 år".into();
        let age = f.derived_age(now().date()).unwrap();
        assert_eq!(age.band, AgeBand::From15To17);
        assert!(age.approximate);
        let intake = f.validate(now(), "m").unwrap();
        assert_eq!(intake.person.approx_age, Some(16));
        assert_eq!(intake.person.approx_age_to, Some(17));
        assert_eq!(IntakeForm::from_intake(&intake).approx_age, "16-17");
        f.approx_age = "ca. 16".into();
        assert_eq!(f.validate(now(), "m").unwrap().person.approx_age_to, None);
    }

    #[test]
    fn police_contact_and_underretning_take_clock_times_but_not_the_future() {
        let mut f = fileable();
        f.imminent_danger = true;
        f.police_contacted_by = "Mette, SSP".into();
        f.police_contacted_at = "kl. 10.05".into();
        f.approx_age = "14".into();
        f.underretning_at = "i dag 10:20".into();
        f.underretning_to = "Børn og Unge".into();
        let intake = f.validate(now(), "m").unwrap();
        let today = now().date();
        assert_eq!(
            intake.police_contact.unwrap().at,
            today.and_hms_opt(10, 5, 0).unwrap()
        );
        assert_eq!(
            intake.underretning.unwrap().at,
            today.and_hms_opt(10, 20, 0).unwrap()
        );
        f.police_contacted_at = "23:00".into();
        f.underretning_at = "i morgen".into();
        let errs = f.validate(now(), "m").unwrap_err();
        assert_eq!(
            errs,
            vec![
                (FieldId::PoliceContactedAt, FieldProblem::InFuture),
                (FieldId::UnderretningAt, FieldProblem::InFuture)
            ]
        );
    }

    #[test]
    fn imminent_danger_cannot_be_filed_without_the_police_contact() {
        let mut f = fileable();
        f.description = "Truer med at skade sig selv".into();
        f.imminent_danger = true;
        let errs = f.validate(now(), "m").unwrap_err();
        assert!(errs.contains(&(
            FieldId::PoliceContactedBy,
            FieldProblem::PoliceContactNeeded
        )));
        assert!(errs.contains(&(
            FieldId::PoliceContactedAt,
            FieldProblem::PoliceContactNeeded
        )));
        f.police_contacted_by = "Mette, SSP".into();
        f.police_contacted_at = "23-11-2026 10:20".into();
        let intake = f.validate(now(), "m").unwrap();
        assert_eq!(intake.police_contact.unwrap().by, "Mette, SSP");
    }

    #[test]
    fn the_cpr_gives_the_birth_date_and_the_age_band() {
        let mut f = fileable();
        f.person_name = "Ung".into();
        f.cpr = "010110-4000".into(); // 1 Jan 2010
        let age = f.derived_age(now().date()).unwrap();
        assert_eq!(age.age, 16);
        assert_eq!(age.band, AgeBand::From15To17);
        let intake = f.validate(now(), "m").unwrap();
        assert_eq!(
            intake.person.birth_date,
            NaiveDate::from_ymd_opt(2010, 1, 1)
        );
    }

    #[test]
    fn the_underretning_fields_appear_for_a_minor_only() {
        let mut f = IntakeForm::new(now());
        f.approx_age = "14".into();
        assert!(
            f.visible_fields(now().date())
                .contains(&FieldId::UnderretningAt)
        );
        f.approx_age = "30".into();
        assert!(
            !f.visible_fields(now().date())
                .contains(&FieldId::UnderretningAt)
        );
    }

    #[test]
    fn an_underretning_needs_both_when_and_to_whom() {
        let mut f = fileable();
        f.person_name = "Ung".into();
        f.underretning_at = "23-11-2026 10:00".into();
        let errs = f.validate(now(), "m").unwrap_err();
        assert_eq!(
            errs,
            vec![(FieldId::UnderretningTo, FieldProblem::UnderretningToNeeded)]
        );
        f.underretning_to = "Børn og Unge, modtagelsen".into();
        assert!(f.validate(now(), "m").unwrap().underretning.is_some());
    }

    #[test]
    fn a_birth_date_that_contradicts_the_cpr_is_refused() {
        let mut f = fileable();
        f.person_name = "Ung".into();
        f.cpr = "010110-4000".into();
        f.birth_date = "02-01-2010".into();
        let errs = f.validate(now(), "m").unwrap_err();
        assert_eq!(
            errs,
            vec![(FieldId::BirthDate, FieldProblem::BirthDateDiffersFromCpr)]
        );
    }

    #[test]
    fn a_filed_intake_round_trips_through_the_form() {
        let mut f = fileable();
        f.person_name = "Søren Ali".into();
        f.cpr = "010110-4000".into();
        f.concerns = vec![ConcernType::Extremism];
        f.description = "Bekymring".into();
        f.reporter_name = "Lærer".into();
        let intake = f.validate(now(), "m").unwrap();
        let again = IntakeForm::from_intake(&intake)
            .validate(now(), "m")
            .unwrap();
        assert_eq!(intake, again);
        assert!(intake.changed_fields(&again).is_empty());
    }

    #[test]
    fn changed_fields_names_what_an_edit_touched() {
        let mut f = fileable();
        f.description = "a".into();
        let before = f.validate(now(), "m").unwrap();
        f.description = "b".into();
        f.concerns.push(ConcernType::CrimeGang);
        let after = f.validate(now(), "m").unwrap();
        assert_eq!(
            before.changed_fields(&after),
            vec![FieldId::Concerns, FieldId::Description]
        );
    }
}
