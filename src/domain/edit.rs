//! An edit of a filed intake as what it changed, part by part, old → new
//! (`EventPayload::IntakeFieldsEdited`), and the merge of an edit with a colleague's made from
//! the same version.
//!
//! A part is a piece of the `Intake` that is set as a whole: the name, the CPR number, the
//! reporter, the imminent danger with its police contact. Applying an edit sets the parts it
//! names and nothing else, so replaying a case never needs the form or its validation.
//!
//! Merging works on the form (`IntakeForm`), field by field, as the user typed: a field this
//! user changed (from the version the edit started from) is taken from their form, any other
//! from the case as it is now. A field both changed, to different values, is a clash: the user
//! says which to keep.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::case::{CaseState, Event, EventPayload};
use super::cpr::Cpr;
use super::intake::{
    Channel, ConcernType, FieldId, Intake, IntakeForm, PoliceContact, Reporter, SourceCategory,
    Underretning,
};

/// One part of a filed intake, with its value. Stored in events: new parts go at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntakeValue {
    Name(String),
    Cpr(Option<Cpr>),
    BirthDate(#[serde(with = "crate::domain::compact::opt_date")] Option<NaiveDate>),
    /// The approximate age: one age (`to` empty) or a range ("16-17").
    ApproxAge {
        from: Option<u8>,
        to: Option<u8>,
    },
    Address(String),
    District(String),
    SchoolWork(String),
    Languages(String),
    Concerns(Vec<ConcernType>),
    Description(String),
    Channel(Option<Channel>),
    Source(Option<SourceCategory>),
    Reporter(Reporter),
    ReceivedAt(#[serde(with = "crate::domain::compact::datetime")] NaiveDateTime),
    /// Imminent danger, and who called the police when.
    Danger {
        imminent: bool,
        police: Option<PoliceContact>,
    },
    Underretning(Option<Underretning>),
}

impl IntakeValue {
    /// The form field the part is shown at (its first, for a part of several fields).
    pub fn field(&self) -> FieldId {
        match self {
            IntakeValue::Name(_) => FieldId::PersonName,
            IntakeValue::Cpr(_) => FieldId::Cpr,
            IntakeValue::BirthDate(_) => FieldId::BirthDate,
            IntakeValue::ApproxAge { .. } => FieldId::ApproxAge,
            IntakeValue::Address(_) => FieldId::Address,
            IntakeValue::District(_) => FieldId::District,
            IntakeValue::SchoolWork(_) => FieldId::SchoolWork,
            IntakeValue::Languages(_) => FieldId::Languages,
            IntakeValue::Concerns(_) => FieldId::Concerns,
            IntakeValue::Description(_) => FieldId::Description,
            IntakeValue::Channel(_) => FieldId::Channel,
            IntakeValue::Source(_) => FieldId::Source,
            IntakeValue::Reporter(_) => FieldId::ReporterName,
            IntakeValue::ReceivedAt(_) => FieldId::ReceivedAt,
            IntakeValue::Danger { .. } => FieldId::PoliceContactedBy,
            IntakeValue::Underretning(_) => FieldId::UnderretningAt,
        }
    }

    fn same_part(&self, other: &IntakeValue) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// One part an edit changed: what it was, what it became (the same part).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub old: IntakeValue,
    pub new: IntakeValue,
}

impl Intake {
    /// Every part, in the form's order.
    pub fn values(&self) -> Vec<IntakeValue> {
        let p = &self.person;
        vec![
            IntakeValue::Name(p.name.clone()),
            IntakeValue::Cpr(p.cpr),
            IntakeValue::BirthDate(p.birth_date),
            IntakeValue::ApproxAge {
                from: p.approx_age,
                to: p.approx_age_to,
            },
            IntakeValue::Address(p.address.clone()),
            IntakeValue::District(p.district.clone()),
            IntakeValue::SchoolWork(p.school_work.clone()),
            IntakeValue::Languages(p.languages.clone()),
            IntakeValue::Concerns(self.concerns.clone()),
            IntakeValue::Description(self.description.clone()),
            IntakeValue::Channel(self.channel),
            IntakeValue::Source(self.source),
            IntakeValue::Reporter(self.reporter.clone()),
            IntakeValue::ReceivedAt(self.received_at),
            IntakeValue::Danger {
                imminent: self.imminent_danger,
                police: self.police_contact.clone(),
            },
            IntakeValue::Underretning(self.underretning.clone()),
        ]
    }

    /// Sets one part.
    pub fn set(&mut self, v: IntakeValue) {
        let p = &mut self.person;
        match v {
            IntakeValue::Name(x) => p.name = x,
            IntakeValue::Cpr(x) => p.cpr = x,
            IntakeValue::BirthDate(x) => p.birth_date = x,
            IntakeValue::ApproxAge { from, to } => {
                p.approx_age = from;
                p.approx_age_to = to;
            }
            IntakeValue::Address(x) => p.address = x,
            IntakeValue::District(x) => p.district = x,
            IntakeValue::SchoolWork(x) => p.school_work = x,
            IntakeValue::Languages(x) => p.languages = x,
            IntakeValue::Concerns(x) => self.concerns = x,
            IntakeValue::Description(x) => self.description = x,
            IntakeValue::Channel(x) => self.channel = x,
            IntakeValue::Source(x) => self.source = x,
            IntakeValue::Reporter(x) => self.reporter = x,
            IntakeValue::ReceivedAt(x) => self.received_at = x,
            IntakeValue::Danger { imminent, police } => {
                self.imminent_danger = imminent;
                self.police_contact = police;
            }
            IntakeValue::Underretning(x) => self.underretning = x,
        }
    }
}

/// The parts that differ from `old` to `new`, old → new, in the form's order.
pub fn changes(old: &Intake, new: &Intake) -> Vec<FieldChange> {
    old.values()
        .into_iter()
        .zip(new.values())
        .filter(|(a, b)| a != b)
        .map(|(old, new)| FieldChange { old, new })
        .collect()
}

/// Applies an edit's changes (their new values) to the intake.
pub fn apply(intake: &mut Intake, changes: &[FieldChange]) {
    for c in changes {
        if c.old.same_part(&c.new) {
            intake.set(c.new.clone());
        }
    }
}

/// For every event of a case (in order), the parts it changed if it is an edit of the
/// intake: an edit of today's kind says so itself, one from before field-level edits
/// (`IntakeEdited`, which kept the whole new intake) is compared with the intake before it.
pub fn edits(no: super::CaseNo, events: &[Event]) -> Vec<Option<Vec<FieldChange>>> {
    let mut state: Option<CaseState> = None;
    let mut out = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        out.push(match &e.payload {
            EventPayload::IntakeFieldsEdited { changes } => Some(changes.clone()),
            EventPayload::IntakeEdited { intake, .. } => {
                state.as_ref().map(|s| self::changes(&s.intake, intake))
            }
            _ => None,
        });
        // The state before the next event (replayed from the start once, then step by step).
        match state.as_mut() {
            Some(s) => s.apply(e),
            None => state = CaseState::replay(no, &events[..=i]).ok(),
        }
    }
    out
}

/// Which of two values to keep for a field both users changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Keep {
    Mine,
    Theirs,
}

/// What merging an edit with the case as it is now gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The case's form with this user's changes in it (for a clash not yet settled, theirs).
    pub form: IntakeForm,
    /// Fields both changed, to different values, that `settled` did not settle.
    pub clashes: Vec<FieldId>,
}

/// Merges the form `mine`, edited from `base`, with `theirs` (the case as it is now): every
/// field this user changed from `base` is taken from `mine`, every other from `theirs`. A field
/// both changed to different values is settled by `settled` (keep mine or theirs) or listed as
/// a clash. The links the user confirmed are theirs to keep.
pub fn merge(
    base: &IntakeForm,
    mine: &IntakeForm,
    theirs: &IntakeForm,
    settled: &[(FieldId, Keep)],
) -> Merged {
    let mut form = theirs.clone();
    let mut clashes = Vec::new();
    for &f in FieldId::ORDER {
        if mine.same(base, f) {
            continue;
        }
        let they_changed = !theirs.same(base, f) && !theirs.same(mine, f);
        let keep = if they_changed {
            match settled.iter().find(|(s, _)| *s == f) {
                Some((_, k)) => *k,
                None => {
                    clashes.push(f);
                    Keep::Theirs
                }
            }
        } else {
            Keep::Mine
        };
        if keep == Keep::Mine {
            form.take(mine, f);
        }
    }
    form.links = mine.links.clone();
    Merged { form, clashes }
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

    fn form() -> IntakeForm {
        let mut f = IntakeForm::new(now());
        f.person_name = "Ali Hansen".into();
        f.description = "Lærer ringer".into();
        f.concerns = vec![ConcernType::Extremism];
        f.source = Some(SourceCategory::PrimarySchool);
        f
    }

    #[test]
    fn a_field_only_one_side_changed_is_taken_from_that_side() {
        let base = form();
        let mut mine = base.clone();
        mine.person_name = "Ali Hansen Yilmaz".into();
        let mut theirs = base.clone();
        theirs.description = "Lærer ringer; mor bekræfter".into();
        theirs.channel = Some(Channel::Email);
        let m = merge(&base, &mine, &theirs, &[]);
        assert!(m.clashes.is_empty());
        assert_eq!(m.form.person_name, "Ali Hansen Yilmaz");
        assert_eq!(m.form.description, "Lærer ringer; mor bekræfter");
        assert_eq!(m.form.channel, Some(Channel::Email));
    }

    #[test]
    fn a_field_both_changed_differently_clashes_until_settled_and_the_same_change_does_not() {
        let base = form();
        let mut mine = base.clone();
        mine.description = "mine".into();
        mine.concerns = vec![ConcernType::Wellbeing];
        let mut theirs = base.clone();
        theirs.description = "theirs".into();
        theirs.concerns = vec![ConcernType::Wellbeing];
        let m = merge(&base, &mine, &theirs, &[]);
        assert_eq!(m.clashes, vec![FieldId::Description]);
        let m = merge(&base, &mine, &theirs, &[(FieldId::Description, Keep::Mine)]);
        assert!(m.clashes.is_empty());
        assert_eq!(m.form.description, "mine");
        let m = merge(
            &base,
            &mine,
            &theirs,
            &[(FieldId::Description, Keep::Theirs)],
        );
        assert_eq!(m.form.description, "theirs");
    }

    #[test]
    fn changes_name_only_the_parts_that_differ_and_applying_them_gives_the_new_intake() {
        let old = form().validate(now(), "mette").unwrap();
        let mut f = form();
        f.description = "Lærer ringer igen".into();
        f.imminent_danger = true;
        f.police_contacted_by = "Mette".into();
        f.police_contacted_at = "23-11-2026 10:00".into();
        let new = f.validate(now(), "mette").unwrap();
        let c = changes(&old, &new);
        assert_eq!(
            c.iter().map(|c| c.new.field()).collect::<Vec<_>>(),
            vec![FieldId::Description, FieldId::PoliceContactedBy]
        );
        let mut replayed = old.clone();
        apply(&mut replayed, &c);
        assert_eq!(replayed, new);
    }

    #[test]
    fn an_age_range_is_one_part_and_an_edit_of_it_gives_the_range_back() {
        let mut f = form();
        f.approx_age = "16".into();
        let old = f.validate(now(), "mette").unwrap();
        f.approx_age = "16-17".into();
        let new = f.validate(now(), "mette").unwrap();
        let c = changes(&old, &new);
        assert_eq!(
            c,
            vec![FieldChange {
                old: IntakeValue::ApproxAge {
                    from: Some(16),
                    to: None
                },
                new: IntakeValue::ApproxAge {
                    from: Some(16),
                    to: Some(17)
                },
            }]
        );
        let mut replayed = old.clone();
        apply(&mut replayed, &c);
        assert_eq!(replayed, new);
        assert_eq!(IntakeForm::from_intake(&replayed).approx_age, "16-17");
    }
}
