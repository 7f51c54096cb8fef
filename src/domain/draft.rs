//! A half-typed form: a new concern, an edit of one, or any form of the assessment flow or a
//! meeting. Saved on every change so that nothing typed is lost, and offered back after a
//! crash, a closed terminal or a dropped connection.
//!
//! One shape for every form: which form it is (and on which case), what is typed in each field
//! by field key, verbatim, and where typing stopped. The form engine (`tui::form`) fills and
//! reads the values; the intake's are its `IntakeForm` (`IntakeForm::to_values`).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::case::CaseNo;
use super::flow::Phase;
use super::intake::{FieldId, IntakeForm};
use super::legal::LegalKind;
use super::meeting::MeetingNo;

pub type DraftId = u64;

/// A field's key within its form (`tui::form::Key`).
pub type FieldKey = u16;

/// What is in one field, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldValue {
    Text(String),
    /// The option's place in the field's list (the order of its choice enum's `ALL`).
    Choice(Option<u64>),
    /// Ticked options (or, for the intake's links, case numbers), ascending.
    Multi(Vec<u64>),
    Flag(bool),
}

/// Which form a draft is, with what it takes to open the form again. New variants only ever
/// go at the end: drafts are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormKind {
    /// A new concern, or (with `Draft::case`) an edit of a filed one.
    Intake,
    Screening,
    JointReview,
    InfoRequest,
    /// The answer to information request `request`.
    Answer {
        request: u32,
    },
    /// A new conversation (`id` 0) or an update of one.
    Conversation {
        id: u32,
    },
    Assessment,
    /// A new measure (`id` 0) or an update of one.
    Measure {
        id: u32,
    },
    Disclosure,
    Closure,
    MoveStage,
    /// The next post-closure review, or the one of `months`.
    PostReview {
        months: Option<u32>,
    },
    /// A follow-up, decided at meeting `meeting` when set.
    FollowUp {
        meeting: Option<MeetingNo>,
    },
    FollowUpPlan,
    PoliceFeedback,
    Legal(LegalKind),
    NewMeeting,
    /// The decision on agenda item `index` of meeting `meeting`.
    MeetingItem {
        meeting: MeetingNo,
        index: u32,
    },
    /// A general item added during meeting `meeting`.
    MeetingTopic {
        meeting: MeetingNo,
    },
    /// The underretning after filing: sent (when, to whom) or why not.
    Underretning,
    /// A step of round `round` of the forløbshjul: its analysis, action plan, evaluation or
    /// the next step agreed with leadership (`phase`).
    Round {
        round: u32,
        phase: Phase,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub id: DraftId,
    pub author: String,
    #[serde(with = "crate::domain::compact::datetime")]
    pub created_at: NaiveDateTime,
    #[serde(with = "crate::domain::compact::datetime")]
    pub updated_at: NaiveDateTime,
    /// The case the form writes to: the intake it edits, or the case of a flow form. `None`
    /// for a new concern and the meeting forms.
    pub case: Option<CaseNo>,
    pub kind: FormKind,
    /// Every field typed in, by key, in ascending key order.
    pub values: Vec<(FieldKey, FieldValue)>,
    /// Where typing stopped: the field, and the character position in it.
    pub focus: FieldKey,
    pub cursor: u32,
    /// For an edit of a filed intake: the version of the case (its number of events) the form
    /// was made from. Filing applies only the fields changed since that version, so a
    /// colleague's change in between is kept (`domain::edit::merge`).
    pub base: Option<u32>,
}

/// Today's draft as stored and sent: the same fields as `Draft`.
#[derive(Deserialize)]
struct Shape {
    id: DraftId,
    author: String,
    #[serde(with = "crate::domain::compact::datetime")]
    created_at: NaiveDateTime,
    #[serde(with = "crate::domain::compact::datetime")]
    updated_at: NaiveDateTime,
    case: Option<CaseNo>,
    kind: FormKind,
    values: Vec<(FieldKey, FieldValue)>,
    focus: FieldKey,
    cursor: u32,
    /// Absent from exports written before drafts knew their version.
    #[serde(default)]
    base: Option<u32>,
}

/// A draft as it was before it held any form: an intake and the case it edits. Read from JSON
/// only (exports, and the frozen format 3 on its way to today's types), never from bincode.
#[derive(Deserialize)]
struct IntakeShape {
    id: DraftId,
    author: String,
    #[serde(with = "crate::domain::compact::datetime")]
    created_at: NaiveDateTime,
    #[serde(with = "crate::domain::compact::datetime")]
    updated_at: NaiveDateTime,
    editing: Option<CaseNo>,
    form: IntakeForm,
}

impl From<Shape> for Draft {
    fn from(s: Shape) -> Draft {
        Draft {
            id: s.id,
            author: s.author,
            created_at: s.created_at,
            updated_at: s.updated_at,
            case: s.case,
            kind: s.kind,
            values: s.values,
            focus: s.focus,
            cursor: s.cursor,
            base: s.base,
        }
    }
}

impl<'de> Deserialize<'de> for Draft {
    /// In bincode today's shape only; in JSON also the intake draft of before (an old export,
    /// or a format-3 database being migrated), which reads as a draft of the intake.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Draft, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Any {
            Today(Shape),
            Intake(Box<IntakeShape>),
        }
        if !d.is_human_readable() {
            return Shape::deserialize(d).map(Draft::from);
        }
        Ok(match Any::deserialize(d)? {
            Any::Today(s) => s.into(),
            Any::Intake(i) => Draft::of_intake(
                i.id,
                &i.author,
                i.created_at,
                i.updated_at,
                i.editing,
                &i.form,
            ),
        })
    }
}

impl Draft {
    /// A draft of `kind` with nothing typed yet.
    pub fn new(id: DraftId, author: &str, now: NaiveDateTime, kind: FormKind) -> Draft {
        Draft {
            id,
            author: author.to_string(),
            created_at: now,
            updated_at: now,
            case: None,
            kind,
            values: Vec::new(),
            focus: 0,
            cursor: 0,
            base: None,
        }
    }

    /// An intake draft as drafts were before they held any form (an `IntakeForm` and the case
    /// it edits): typing resumes at the end of the name.
    pub fn of_intake(
        id: DraftId,
        author: &str,
        created_at: NaiveDateTime,
        updated_at: NaiveDateTime,
        editing: Option<CaseNo>,
        form: &IntakeForm,
    ) -> Draft {
        let mut d = Draft::new(id, author, created_at, FormKind::Intake);
        d.updated_at = updated_at;
        d.case = editing;
        d.set_intake(form);
        d.focus = FieldId::PersonName.key();
        d.cursor = u32::try_from(form.person_name.chars().count()).unwrap_or(0);
        d
    }

    /// The case whose intake this draft edits, if it is an intake edit.
    pub fn editing(&self) -> Option<CaseNo> {
        self.case.filter(|_| self.kind == FormKind::Intake)
    }

    pub fn value(&self, key: FieldKey) -> Option<&FieldValue> {
        self.values.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The text of a field; empty when it holds none.
    pub fn text(&self, key: FieldKey) -> &str {
        match self.value(key) {
            Some(FieldValue::Text(s)) => s,
            _ => "",
        }
    }

    /// The intake this draft holds (an empty one for a draft of another form).
    pub fn intake(&self) -> IntakeForm {
        if self.kind != FormKind::Intake {
            return IntakeForm::default();
        }
        IntakeForm::from_values(&self.values)
    }

    /// Replaces the values with an intake's.
    pub fn set_intake(&mut self, f: &IntakeForm) {
        self.values = f.to_values();
    }

    /// Changes the intake this draft holds (scripts and tests fill drafts this way).
    pub fn edit_intake(&mut self, change: impl FnOnce(&mut IntakeForm)) {
        let mut f = self.intake();
        change(&mut f);
        self.set_intake(&f);
    }

    /// One line that lets the coordinator recognise the draft in the work queue: for an
    /// intake the name and the description, for another form its first text.
    pub fn headline(&self) -> String {
        if self.kind == FormKind::Intake {
            let name = self.text(FieldId::PersonName.key()).trim();
            let desc = self.text(FieldId::Description.key()).trim();
            return match (name.is_empty(), desc.is_empty()) {
                (false, true) => name.to_string(),
                (false, false) => format!("{name} – {desc}"),
                (true, false) => desc.to_string(),
                (true, true) => String::new(),
            };
        }
        // The longest text typed says most about what the form was for.
        self.values
            .iter()
            .filter_map(|(_, v)| match v {
                FieldValue::Text(t) if !t.trim().is_empty() => Some(t.trim()),
                _ => None,
            })
            .max_by_key(|t| t.chars().count())
            .unwrap_or("")
            .to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::intake::{Channel, ConcernType, SourceCategory};

    fn now() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, 30, 0)
            .unwrap()
    }

    #[test]
    fn an_intake_round_trips_through_the_values_verbatim() {
        let mut f = IntakeForm::new(now());
        f.person_name = "  Søren Ali ".into();
        f.cpr = "0101".into();
        f.approx_age = "16-17".into();
        f.concerns = vec![ConcernType::Other, ConcernType::Extremism];
        f.channel = Some(Channel::Letter);
        f.source = Some(SourceCategory::Club);
        f.reporter_anonymous = true;
        f.imminent_danger = true;
        f.police_contacted_at = "03:10".into();
        f.links = vec![7, 12];
        let mut d = Draft::new(1, "mette", now(), FormKind::Intake);
        d.set_intake(&f);
        assert_eq!(d.intake(), f);
        assert_eq!(d.headline(), "Søren Ali");
    }

    #[test]
    fn a_flow_draft_is_recognised_by_its_longest_text() {
        let mut d = Draft::new(1, "mette", now(), FormKind::JointReview);
        d.values = vec![
            (0, FieldValue::Text("23-11-2026".into())),
            (1, FieldValue::Text("Politiet kender ham fra før".into())),
            (2, FieldValue::Choice(Some(1))),
        ];
        assert_eq!(d.headline(), "Politiet kender ham fra før");
        assert_eq!(d.intake(), IntakeForm::default());
    }
}
