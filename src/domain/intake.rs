//! The concern as it is taken down (`IntakeForm`, raw text exactly as typed, which is what a
//! draft stores) and as it is filed (`Intake`, validated and typed).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::age::{AgeBand, age_on};
use super::cpr::{Cpr, CprError, parse_cpr};
use super::dates::{DateError, parse_date, parse_datetime};

choice_enum!(
    /// How the concern reached the team.
    Channel { Phone, Email, InPerson, Letter, Other }
);

choice_enum!(
    /// Who raised the concern, by kind of source (the 14 categories of DESIGN §3 plus "other").
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
    }
);

choice_enum!(
    /// What the concern is about; a case may carry several.
    ConcernType { Extremism, HonourConflict, NegativeSocialControl, CrimeGang, Wellbeing, Other }
);

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
            });
        }
        if let Ok(b) = parse_date(&self.birth_date) {
            let age = age_on(b, today);
            return Some(DerivedAge {
                age,
                band: AgeBand::from_age(age),
                birth_date: Some(b),
                approximate: false,
            });
        }
        let approx = self.approx_age.trim().parse::<u32>().ok()?;
        (approx <= MAX_AGE).then(|| DerivedAge {
            age: approx,
            band: AgeBand::from_age(approx),
            birth_date: None,
            approximate: true,
        })
    }

    pub fn has_content(&self) -> bool {
        !self.person_name.trim().is_empty() || !self.description.trim().is_empty()
    }

    /// Checks everything and produces the typed intake, or every problem at once so the form can
    /// mark each field.
    pub fn validate(
        &self,
        now: NaiveDateTime,
        received_by: &str,
    ) -> Result<Intake, Vec<(FieldId, FieldProblem)>> {
        let mut problems = Vec::new();
        if !self.has_content() {
            problems.push((FieldId::Description, FieldProblem::NameOrDescriptionNeeded));
        }
        let midnight = NaiveTime::MIN;
        let received_at = match parse_datetime(&self.received_at, now.time()) {
            Ok(t) if t > now + chrono::Duration::minutes(5) => {
                problems.push((FieldId::ReceivedAt, FieldProblem::InFuture));
                None
            }
            Ok(t) => Some(t),
            Err(DateError::Empty) => Some(now),
            Err(e) => {
                problems.push((FieldId::ReceivedAt, FieldProblem::Date(e)));
                None
            }
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
        let birth_date = match parse_date(&self.birth_date) {
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
        let approx_age = match self.approx_age.trim() {
            "" => None,
            s => match s.parse::<u32>() {
                Ok(a) if a <= MAX_AGE => u8::try_from(a).ok(),
                _ => {
                    problems.push((FieldId::ApproxAge, FieldProblem::AgeNotANumber));
                    None
                }
            },
        };
        let police_contact = if self.imminent_danger {
            let by = self.police_contacted_by.trim();
            if by.is_empty() {
                problems.push((
                    FieldId::PoliceContactedBy,
                    FieldProblem::PoliceContactNeeded,
                ));
            }
            match parse_datetime(&self.police_contacted_at, midnight) {
                Ok(at) if !by.is_empty() => Some(PoliceContact {
                    by: by.to_string(),
                    at,
                }),
                Ok(_) => None,
                Err(DateError::Empty) => {
                    problems.push((
                        FieldId::PoliceContactedAt,
                        FieldProblem::PoliceContactNeeded,
                    ));
                    None
                }
                Err(e) => {
                    problems.push((FieldId::PoliceContactedAt, FieldProblem::Date(e)));
                    None
                }
            }
        } else {
            None
        };
        let underretning = match (self.underretning_at.trim(), self.underretning_to.trim()) {
            ("", "") => None,
            (at, to) => match parse_datetime(at, midnight) {
                Ok(at) if !to.is_empty() => Some(Underretning {
                    at,
                    to: to.to_string(),
                }),
                Ok(_) => {
                    problems.push((FieldId::UnderretningTo, FieldProblem::UnderretningToNeeded));
                    None
                }
                Err(e) => {
                    problems.push((FieldId::UnderretningAt, FieldProblem::Date(e)));
                    None
                }
            },
        };
        if !problems.is_empty() {
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
                approx_age,
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
            approx_age: i
                .person
                .approx_age
                .map(|a| a.to_string())
                .unwrap_or_default(),
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

/// Nobody on a case is older than this; a bigger "age" is a typo.
pub const MAX_AGE: u32 = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DerivedAge {
    pub age: u32,
    pub band: AgeBand,
    pub birth_date: Option<NaiveDate>,
    pub approximate: bool,
}

/// Why a field cannot be filed as it is. The UI words each variant in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FieldProblem {
    NameOrDescriptionNeeded,
    Cpr(CprError),
    Date(DateError),
    InFuture,
    BirthDateDiffersFromCpr,
    AgeNotANumber,
    PoliceContactNeeded,
    UnderretningToNeeded,
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
    pub approx_age: Option<u8>,
    pub address: String,
    pub district: String,
    pub school_work: String,
    pub languages: String,
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

    #[test]
    fn a_description_alone_is_enough_to_file() {
        let mut f = IntakeForm::new(now());
        f.description = "Lærer ringer om elev".into();
        let intake = f.validate(now(), "mette").unwrap();
        assert_eq!(intake.received_by, "mette");
        assert_eq!(intake.person.name, "");
        assert_eq!(intake.channel, Some(Channel::Phone));
    }

    #[test]
    fn a_name_alone_is_enough_to_file() {
        let mut f = IntakeForm::new(now());
        f.person_name = "Ali Hansen".into();
        assert!(f.validate(now(), "mette").is_ok());
    }

    #[test]
    fn an_empty_form_cannot_be_filed() {
        let f = IntakeForm::new(now());
        let errs = f.validate(now(), "mette").unwrap_err();
        assert_eq!(
            errs,
            vec![(FieldId::Description, FieldProblem::NameOrDescriptionNeeded)]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut f = IntakeForm::new(now());
        f.person_name = "X".into();
        f.cpr = "320199-1234".into();
        f.birth_date = "31-02-2010".into();
        f.approx_age = "tolv".into();
        let errs = f.validate(now(), "m").unwrap_err();
        let fields: Vec<FieldId> = errs.iter().map(|e| e.0).collect();
        assert_eq!(
            fields,
            vec![FieldId::Cpr, FieldId::BirthDate, FieldId::ApproxAge]
        );
    }

    #[test]
    fn imminent_danger_cannot_be_filed_without_the_police_contact() {
        let mut f = IntakeForm::new(now());
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
        let mut f = IntakeForm::new(now());
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
        let mut f = IntakeForm::new(now());
        f.person_name = "Ung".into();
        f.underretning_at = "23-11-2026 11:00".into();
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
        let mut f = IntakeForm::new(now());
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
        let mut f = IntakeForm::new(now());
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
        let mut f = IntakeForm::new(now());
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
