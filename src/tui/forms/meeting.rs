//! Meeting forms: a new meeting (kind, date, participants from the remembered list, general
//! items and the topic bank), and the decision on one agenda item.

use chrono::NaiveDate;

use super::review::{ROWS, roster_names, shown};
use super::{TEXT, chosen, date, opt_date, options, text};
use crate::domain::CaseNo;
use crate::domain::dates::format_date;
use crate::domain::draft::FormKind;
use crate::domain::flow::{FollowUpDecision, Participant};
use crate::domain::meeting::{GENERAL_ITEMS, Meeting, MeetingKind, Subject};
use crate::i18n::Lang;
use crate::i18n::follow::{self as fo, Fu};
use crate::service::{ItemDecision, NewMeeting, ServiceError};
use crate::tui::app::{Env, Nav, Screen};
use crate::tui::form::{Field, Form, FormModel, Key, Kind};

const KIND: Key = 1;
const DATE: Key = 2;
const GENERAL: Key = 3;
const PART: Key = 10;

pub struct NewMeetingForm {
    pub roster: Vec<String>,
    /// The standing general items, then the topic bank.
    pub general: Vec<String>,
}

impl NewMeetingForm {
    pub fn new(env: &mut Env) -> NewMeetingForm {
        let mut general: Vec<String> = GENERAL_ITEMS.iter().map(|s| s.to_string()).collect();
        match env.svc.topics() {
            Ok(topics) => {
                for t in topics {
                    if !general.contains(&t) {
                        general.push(t);
                    }
                }
            }
            Err(e) => env.fail(&e),
        }
        NewMeetingForm {
            roster: roster_names(env),
            general,
        }
    }
}

impl FormModel for NewMeetingForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::NewMeeting, None)
    }

    fn title(&self, lang: Lang) -> String {
        Fu::NewMeetingTitle.get(lang).to_string()
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_choice(KIND, Some(0));
        form.set_text(DATE, &format_date(today));
        form.set_multi(GENERAL, (0..GENERAL_ITEMS.len()).collect());
    }

    fn fields(&self, form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let mut out = vec![
            Field::new(
                KIND,
                Fu::Kind.get(lang),
                Kind::Choice {
                    options: options(MeetingKind::ALL, lang, fo::meeting_kind),
                },
            )
            .required(),
            Field::new(DATE, Fu::Date.get(lang), Kind::Date).required(),
        ];
        for i in 0..shown(form, PART) {
            let mut f = Field::new(
                PART + i,
                format!("{} {}", Fu::Participants.get(lang), i + 1),
                Kind::Combo {
                    options: self.roster.clone(),
                },
            );
            if i == 0 {
                f = f.required();
            }
            out.push(f);
        }
        out.push(Field::new(
            GENERAL,
            Fu::GeneralItems.get(lang),
            Kind::Multi {
                options: self.general.clone(),
            },
        ));
        out
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let participants: Vec<Participant> = (0..ROWS)
            .filter_map(|i| Participant::parse(form.text(PART + i)))
            .collect();
        let general = form
            .multi(GENERAL)
            .iter()
            .filter_map(|i| self.general.get(*i).cloned())
            .collect();
        let m = NewMeeting {
            kind: chosen(form, KIND, MeetingKind::ALL).unwrap_or(MeetingKind::InfohusKommune),
            date: date(form, DATE, today),
            participants,
            general,
        };
        match env.svc.create_meeting(m) {
            Ok(m) => {
                env.info(format!(
                    "{} ({}).",
                    Fu::Created.get(env.lang),
                    m.items.len()
                ));
                Ok(Nav::Replace(Screen::Meeting(Box::new(
                    crate::tui::screens::MeetingScreen::open(env, m),
                ))))
            }
            Err(ServiceError::NoParticipants) => {
                Err(vec![(PART, Fu::NeedParticipants.get(env.lang).to_string())])
            }
            Err(e) => {
                env.fail(&e);
                Err(Vec::new())
            }
        }
    }
}

/// The decision form for item `index` of meeting `m`, as meeting mode opens it.
pub fn item_form(env: &mut Env, m: Meeting, index: usize) -> Result<ItemForm, ServiceError> {
    let case = match m.items.get(index).map(|i| &i.subject) {
        Some(Subject::Case { .. }) => env
            .svc
            .agenda_cases(&m, false)?
            .into_iter()
            .nth(index)
            .flatten(),
        _ => None,
    };
    let open_case = case.as_ref().is_some_and(|s| s.stage.is_open());
    let joint_review = case.as_ref().is_some_and(|s| {
        s.stage == crate::domain::Stage::JointReview
            && m.kind != crate::domain::meeting::MeetingKind::SteeringGroup
    });
    let mut people = env.people();
    for p in &m.participants {
        if !people.contains(&p.name) {
            people.push(p.name.clone());
        }
    }
    Ok(ItemForm {
        title: item_title(env.lang, &m, index),
        meeting: m,
        index,
        open_case,
        people,
        joint_review,
    })
}

const DECISION: Key = 1;
const FOLLOW: Key = 2;
const WHO: Key = 3;
const NEXT: Key = 4;

/// The decision on one agenda item, recorded without leaving meeting mode.
pub struct ItemForm {
    pub meeting: Meeting,
    pub index: usize,
    /// An open case item (a follow-up with a next date); closed cases hold their review,
    /// general items only need the decision and who acts.
    pub open_case: bool,
    pub people: Vec<String>,
    pub title: String,
    /// The item is the case's joint review with the police: the §115 notice applies.
    pub joint_review: bool,
}

impl FormModel for ItemForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (
            FormKind::MeetingItem {
                meeting: self.meeting.no,
                index: u32::try_from(self.index).unwrap_or(u32::MAX),
            },
            None,
        )
    }

    fn title(&self, _lang: Lang) -> String {
        self.title.clone()
    }

    fn banner(&self, _form: &Form, lang: Lang) -> Option<(String, bool)> {
        self.joint_review
            .then(|| (crate::i18n::T::Notice115.get(lang).to_string(), false))
    }

    fn prefill(&self, form: &mut Form, _today: NaiveDate) {
        form.set_choice(FOLLOW, Some(0));
        if let Some(o) = self
            .meeting
            .items
            .get(self.index)
            .and_then(|i| i.outcome.as_ref())
        {
            form.set_text(DECISION, &o.decision);
            form.set_text(WHO, &o.who_acts);
        }
    }

    fn fields(&self, _form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let mut out = vec![Field::new(DECISION, Fu::Decision.get(lang), TEXT).required()];
        if self.open_case {
            out.push(
                Field::new(
                    FOLLOW,
                    Fu::Outcome.get(lang),
                    Kind::Choice {
                        options: options(FollowUpDecision::ALL, lang, fo::decision),
                    },
                )
                .required(),
            );
        }
        out.push(
            Field::new(
                WHO,
                Fu::WhoActs.get(lang),
                Kind::Combo {
                    options: self.people.clone(),
                },
            )
            .hint(Fu::WhoActsHint.get(lang)),
        );
        if self.open_case {
            out.push(Field::new(NEXT, Fu::Next.get(lang), Kind::Date).hint(Fu::NextHint.get(lang)));
        }
        out
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let d = ItemDecision {
            decision: text(form, DECISION),
            who_acts: text(form, WHO),
            follow: chosen(form, FOLLOW, FollowUpDecision::ALL)
                .unwrap_or(FollowUpDecision::Continue),
            next: opt_date(form, NEXT, today),
        };
        match env.svc.decide_item(self.meeting.no, self.index, d) {
            Ok(_) => {
                env.info(Fu::DecisionSaved.get(env.lang));
                Ok(Nav::Pop)
            }
            Err(e) => Err(super::refusal(env, e, |r| match r {
                crate::domain::flow::decide::Required::Summary => Some(DECISION),
                crate::domain::flow::decide::Required::NextDate => Some(NEXT),
                _ => None,
            })),
        }
    }
}

/// The title of an item's form: the case number only (the meeting may be on a projector).
pub fn item_title(lang: Lang, m: &Meeting, index: usize) -> String {
    let what = match m.items.get(index).map(|i| &i.subject) {
        Some(Subject::Case { no, .. }) => format!("{} #{no}", Fu::CaseItem.get(lang)),
        Some(Subject::General(t)) => t.clone(),
        None => String::new(),
    };
    format!(
        "{} {} · {}. {what}",
        Fu::MeetingWord.get(lang),
        m.no,
        index + 1
    )
}

const ITEM_TEXT: Key = 1;
const TO_BANK: Key = 2;

/// A general item added during the meeting, and optionally kept in the topic bank for the next.
pub struct AddItemForm {
    pub meeting: u64,
}

impl FormModel for AddItemForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (
            FormKind::MeetingTopic {
                meeting: self.meeting,
            },
            None,
        )
    }

    fn title(&self, lang: Lang) -> String {
        format!(
            "{} · {} {}",
            Fu::AddItem.get(lang),
            Fu::MeetingWord.get(lang),
            self.meeting
        )
    }

    fn fields(&self, _form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        vec![
            Field::new(ITEM_TEXT, Fu::GeneralItem.get(lang), super::LINE).required(),
            Field::new(TO_BANK, Fu::TopicSaved.get(lang), Kind::Flag),
        ]
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let topic = text(form, ITEM_TEXT);
        if form.flag(TO_BANK)
            && let Err(e) = env.svc.save_topic(&topic)
        {
            env.fail(&e);
            return Err(Vec::new());
        }
        match env.svc.add_general_item(self.meeting, &topic) {
            Ok(_) => Ok(Nav::Pop),
            Err(e) => {
                env.fail(&e);
                Err(Vec::new())
            }
        }
    }
}
