//! Meeting forms: a new meeting (kind, date, participants picked from the remembered roster —
//! or added explicitly as new, with organisation and role — general items, topics from the
//! bank), the decision on one agenda item or its correction, and an item added during the
//! meeting.

use chrono::NaiveDate;

use super::{LINE, TEXT, chosen, date, index_of, opt_date, options, text};
use crate::domain::CaseNo;
use crate::domain::CaseState;
use crate::domain::dates::format_date;
use crate::domain::draft::FormKind;
use crate::domain::flow::decide::Required;
use crate::domain::flow::{FollowUpDecision, Participant, ReviewDecision};
use crate::domain::meeting::{GENERAL_ITEMS, Meeting, MeetingKind, Outcome, Subject};
use crate::i18n::Lang;
use crate::i18n::flow as fl;
use crate::i18n::follow::{self as fo, Fu};
use crate::service::{DecisionSaved, ItemCorrection, ItemDecision, NewMeeting, ServiceError};
use crate::tui::app::{Env, Nav, Screen};
use crate::tui::form::{Field, Form, FormModel, Key, Kind};

const KIND: Key = 1;
const DATE: Key = 2;
const GENERAL: Key = 3;
const TOPICS: Key = 4;
/// Participant row i: the pick list (the roster, then "new participant").
const PART: Key = 10;
/// A new participant's name, organisation and role, in row i.
const P_NAME: Key = 30;
const P_ORG: Key = 50;
const P_ROLE: Key = 70;
/// Participant rows a meeting can hold.
const ROWS: u16 = 12;

pub struct NewMeetingForm {
    roster: Vec<Participant>,
    /// The roster as the pick list shows it, then "+ new participant".
    choices: Vec<String>,
    topics: Vec<String>,
}

impl NewMeetingForm {
    pub fn new(env: &mut Env) -> NewMeetingForm {
        let roster = match env.svc.roster() {
            Ok(r) => r,
            Err(e) => {
                env.fail(&e);
                Vec::new()
            }
        };
        let topics = match env.svc.topics() {
            Ok(t) => t,
            Err(e) => {
                env.fail(&e);
                Vec::new()
            }
        };
        let mut choices: Vec<String> = roster.iter().map(Participant::display).collect();
        choices.push(Fu::NewParticipant.get(env.lang).to_string());
        NewMeetingForm {
            roster,
            choices,
            topics,
        }
    }

    /// The "new participant" option of row `i`'s list.
    fn is_new(&self, form: &Form, i: u16) -> bool {
        form.choice(PART + i) == Some(self.roster.len())
    }

    /// Rows shown: the picked ones and one more to pick into.
    fn rows(&self, form: &Form) -> u16 {
        let filled = (0..ROWS)
            .rev()
            .find(|i| form.choice(PART + i).is_some())
            .map_or(0, |i| i + 1);
        (filled + 1).min(ROWS)
    }

    fn participant(&self, form: &Form, i: u16) -> Option<Participant> {
        if self.is_new(form, i) {
            let name = text(form, P_NAME + i);
            return (!name.is_empty()).then(|| Participant {
                name,
                organisation: text(form, P_ORG + i),
                role: text(form, P_ROLE + i),
            });
        }
        form.choice(PART + i)
            .and_then(|c| self.roster.get(c))
            .cloned()
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
        for i in 0..self.rows(form) {
            let mut f = Field::new(
                PART + i,
                format!("{} {}", Fu::Participant.get(lang), i + 1),
                Kind::Choice {
                    options: self.choices.clone(),
                },
            )
            .hint(Fu::ParticipantPickHint.get(lang));
            if i == 0 {
                f = f.required();
            }
            out.push(f);
            if self.is_new(form, i) {
                out.push(
                    Field::new(P_NAME + i, format!("  {}", Fu::Name.get(lang)), LINE).required(),
                );
                out.push(Field::new(
                    P_ORG + i,
                    format!("  {}", Fu::Organisation.get(lang)),
                    LINE,
                ));
                out.push(Field::new(
                    P_ROLE + i,
                    format!("  {}", Fu::Role.get(lang)),
                    LINE,
                ));
            }
        }
        out.push(Field::new(
            GENERAL,
            Fu::GeneralItems.get(lang),
            Kind::Multi {
                options: GENERAL_ITEMS.iter().map(|s| s.to_string()).collect(),
            },
        ));
        if !self.topics.is_empty() {
            out.push(
                Field::new(
                    TOPICS,
                    Fu::TopicsLabel.get(lang),
                    Kind::Multi {
                        options: self.topics.clone(),
                    },
                )
                .hint(Fu::TopicsHint.get(lang)),
            );
        }
        out
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let participants: Vec<Participant> = (0..ROWS)
            .filter_map(|i| self.participant(form, i))
            .collect();
        let ticked = |key: Key, list: &[String]| -> Vec<String> {
            form.multi(key)
                .iter()
                .filter_map(|i| list.get(*i).cloned())
                .collect()
        };
        let general: Vec<String> = GENERAL_ITEMS.iter().map(|s| s.to_string()).collect();
        let m = NewMeeting {
            kind: chosen(form, KIND, MeetingKind::ALL).unwrap_or(MeetingKind::InfohusKommune),
            date: date(form, DATE, today),
            participants,
            general: ticked(GENERAL, &general),
            topics: ticked(TOPICS, &self.topics),
        };
        match env.svc.create_meeting(m) {
            Ok(m) => {
                env.info(format!(
                    "{} ({}).",
                    Fu::Created.get(env.lang),
                    m.agenda().count()
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

/// The decision form for item `index` of meeting `m`, as a resumed draft opens it (meeting
/// mode builds it from the case it already holds).
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
    Ok(ItemForm::new(&m, index, case.as_ref(), env))
}

const DECISION: Key = 1;
const FOLLOW: Key = 2;
const WHO: Key = 3;
const NEXT: Key = 4;
const REVIEW: Key = 5;
const FEEDBACK: Key = 6;

/// What kind of item a decision is for, which decides its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A general item or a topic: the decision and who acts.
    General,
    /// An open case: a follow-up (or closing it).
    OpenCase,
    /// A case awaiting its §115 review, held by this meeting.
    Review,
    /// A closed case: its post-closure review.
    ClosedCase,
}

/// The decision on one agenda item — or, on a decided item, its correction with the recorded
/// values filled in — recorded without leaving meeting mode.
pub struct ItemForm {
    pub meeting: Meeting,
    pub index: usize,
    pub kind: ItemKind,
    pub people: Vec<String>,
    /// The recorded outcome when the item is decided: the form corrects it.
    pub recorded: Option<Outcome>,
    pub today: NaiveDate,
}

impl ItemForm {
    pub fn new(
        meeting: &Meeting,
        index: usize,
        case: Option<&CaseState>,
        env: &mut Env,
    ) -> ItemForm {
        let item = meeting.items.get(index);
        let kind = match case {
            None => ItemKind::General,
            Some(s) if !s.stage.is_open() => ItemKind::ClosedCase,
            Some(s) if crate::service::holds_review(s, meeting.kind) => ItemKind::Review,
            Some(_) => ItemKind::OpenCase,
        };
        let mut people = env.people();
        for p in &meeting.participants {
            if !people.contains(&p.name) {
                people.push(p.name.clone());
            }
        }
        ItemForm {
            meeting: meeting.clone(),
            index,
            kind,
            people,
            recorded: item.and_then(|i| i.outcome.clone()),
            today: env.svc.today(),
        }
    }

    fn subject(&self) -> Option<&Subject> {
        self.meeting.items.get(self.index).map(|i| &i.subject)
    }

    fn correcting(&self) -> bool {
        self.recorded.is_some()
    }

    /// The follow-up outcomes offered: a correction does not close a case (that is its own
    /// form), nor does a review item (its outcome is the review's).
    fn follow_options(&self) -> &'static [FollowUpDecision] {
        if self.correcting() || self.kind == ItemKind::Review {
            &FollowUpDecision::ALL[..2]
        } else {
            FollowUpDecision::ALL
        }
    }

    /// Whether the form records a next follow-up (and so has its outcome and date).
    fn follows_up(&self, form: &Form) -> bool {
        match self.kind {
            ItemKind::OpenCase => {
                let recorded_close = self
                    .recorded
                    .as_ref()
                    .is_some_and(|o| o.follow == Some(FollowUpDecision::Close));
                !recorded_close
            }
            ItemKind::Review if !self.correcting() => chosen(form, REVIEW, ReviewDecision::ALL)
                .is_some_and(|d| d != ReviewDecision::Close),
            ItemKind::Review => self.recorded.as_ref().is_some_and(|o| o.next.is_some()),
            ItemKind::General | ItemKind::ClosedCase => false,
        }
    }
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

    fn title(&self, lang: Lang) -> String {
        let mut t = item_title(lang, &self.meeting, self.index);
        if self.correcting() {
            t.push_str(&format!(" — {}", Fu::CorrectTitle.get(lang)));
        }
        t
    }

    fn banner(&self, form: &Form, lang: Lang) -> Option<(String, bool)> {
        let mut lines = Vec::new();
        let mut warn = false;
        if self.kind == ItemKind::Review {
            lines.push(crate::i18n::T::Notice115.get(lang).to_string());
        }
        if let Ok(Some(d)) = form.date(NEXT, self.today)
            && let Some(w) = fo::off_day_warning(lang, d)
        {
            lines.push(w);
            warn = true;
        }
        if let Ok(Some(d)) = form.date(FEEDBACK, self.today)
            && let Some(w) = fo::off_day_warning(lang, d)
        {
            lines.push(w);
            warn = true;
        }
        (!lines.is_empty()).then(|| (lines.join("\n"), warn))
    }

    fn prefill(&self, form: &mut Form, _today: NaiveDate) {
        form.set_choice(FOLLOW, Some(0));
        if let Some(o) = &self.recorded {
            form.set_text(DECISION, &o.decision);
            form.set_text(WHO, &o.who_acts);
            if let Some(f) = o.follow {
                form.set_choice(FOLLOW, index_of(self.follow_options(), &f));
            }
            if let Some(n) = o.next {
                form.set_text(NEXT, &format_date(n));
            }
        }
    }

    fn fields(&self, form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let mut out = vec![Field::new(DECISION, Fu::Decision.get(lang), TEXT).required()];
        if self.kind == ItemKind::Review && !self.correcting() {
            out.push(
                Field::new(
                    REVIEW,
                    Fu::ReviewShort.get(lang),
                    Kind::Choice {
                        options: options(ReviewDecision::ALL, lang, fl::decision),
                    },
                )
                .required()
                .hint(Fu::ReviewChoiceHint.get(lang)),
            );
            if chosen(form, REVIEW, ReviewDecision::ALL) == Some(ReviewDecision::PoliceMatter) {
                out.push(Field::new(FEEDBACK, Fu::FeedbackShort.get(lang), Kind::Date).required());
            }
        }
        let follows = self.follows_up(form);
        if follows {
            let f = Field::new(
                FOLLOW,
                Fu::Outcome.get(lang),
                Kind::Choice {
                    options: options(self.follow_options(), lang, fo::decision),
                },
            );
            // A review's follow-up appears with the review's outcome: empty means continue.
            out.push(if self.kind == ItemKind::Review {
                f.hint(Fu::FollowEmptyHint.get(lang))
            } else {
                f.required()
            });
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
        let closing = chosen(form, FOLLOW, self.follow_options()) == Some(FollowUpDecision::Close);
        if follows && !closing {
            out.push(Field::new(NEXT, Fu::Next.get(lang), Kind::Date).hint(Fu::NextHint.get(lang)));
        }
        out
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let Some(subject) = self.subject().cloned() else {
            env.error(Fu::PickItem.get(env.lang));
            return Err(Vec::new());
        };
        let follow = if self.follows_up(form) {
            chosen(form, FOLLOW, self.follow_options()).unwrap_or(FollowUpDecision::Continue)
        } else {
            FollowUpDecision::Continue
        };
        let on_field = |r: Required| match r {
            Required::Summary => Some(DECISION),
            Required::NextDate => Some(NEXT),
            Required::ReviewDecision => Some(REVIEW),
            Required::FeedbackDate => Some(FEEDBACK),
            _ => None,
        };
        if let Some(o) = self.recorded.clone() {
            // Only what the chair changed is sent: text shown redacted and left alone is never
            // written back over what is stored.
            let changed = |key: Key, old: &str| {
                let now = text(form, key);
                (now != old.trim()).then_some(now)
            };
            let next = opt_date(form, NEXT, today).filter(|n| Some(*n) != o.next);
            let c = ItemCorrection {
                decision: changed(DECISION, &o.decision),
                who_acts: changed(WHO, &o.who_acts),
                follow: self
                    .follows_up(form)
                    .then_some(follow)
                    .filter(|f| Some(*f) != o.follow),
                next,
            };
            return match env
                .svc
                .correct_item(self.meeting.no, self.index, &subject, c)
            {
                Ok(saved) => {
                    done(env, &saved, Fu::Corrected);
                    Ok(Nav::Pop)
                }
                Err(e) => Err(super::refusal(env, e, on_field)),
            };
        }
        let d = ItemDecision {
            subject: subject.clone(),
            decision: text(form, DECISION),
            who_acts: text(form, WHO),
            follow,
            next: opt_date(form, NEXT, today),
            review: (self.kind == ItemKind::Review)
                .then(|| chosen(form, REVIEW, ReviewDecision::ALL))
                .flatten(),
            feedback_due: opt_date(form, FEEDBACK, today),
            closure: None,
        };
        let case = self
            .meeting
            .items
            .get(self.index)
            .and_then(|i| i.subject.case());
        if follow == FollowUpDecision::Close
            && let Some(no) = case
        {
            // "Close the case" closes it: the closure form, with its reason and summary,
            // records the decision and the closure together. Nothing is recorded before.
            return match env.svc.reload_case(no) {
                Ok(view) => {
                    let model = super::closure::CloseForm {
                        state: view.state,
                        meeting: Some(super::closure::AtMeeting {
                            meeting: self.meeting.no,
                            index: self.index,
                            decision: d,
                        }),
                    };
                    Ok(Nav::Replace(super::form_screen(env, Box::new(model))))
                }
                Err(e) => {
                    env.fail(&e);
                    Err(Vec::new())
                }
            };
        }
        let review = d.review;
        match env.svc.decide_item(self.meeting.no, self.index, d) {
            Ok(saved) => {
                done(env, &saved, Fu::DecisionSaved);
                if review == Some(ReviewDecision::Close)
                    && let Some(no) = case
                    && let Ok(view) = env.svc.reload_case(no)
                {
                    // The review agreed to close: the closure follows at once (Esc leaves the
                    // case waiting for it, as its header then says).
                    let model = super::closure::CloseForm {
                        state: view.state,
                        meeting: None,
                    };
                    return Ok(Nav::Replace(super::form_screen(env, Box::new(model))));
                }
                Ok(Nav::Pop)
            }
            Err(e) => Err(super::refusal(env, e, on_field)),
        }
    }
}

/// After a decision or correction: the minutes file is written again, so it is never behind
/// the meeting, and the status line names the case (or says the minutes could not be kept
/// current — the decision itself is saved either way).
pub fn done(env: &mut Env, saved: &DecisionSaved, what: Fu) {
    let lang = env.lang;
    let mut text = what.get(lang).to_string();
    if let Some(no) = saved.case {
        text.push_str(&format!(" · {} #{no}", Fu::CaseItem.get(lang)));
    }
    match save_minutes(env, saved.meeting.no) {
        Ok(_) => {
            text.push('.');
            env.info(text);
        }
        Err(e) => {
            let e = crate::i18n::service_error(lang, &e);
            env.error(format!("{text}. {} {e}", Fu::MinutesBehind.get(lang)));
        }
    }
}

/// Writes the meeting's minutes to `referater/moede-N.md` (the service's redacted minutes, in
/// the console's language); returns the path.
pub fn save_minutes(env: &Env, no: u64) -> Result<std::path::PathBuf, ServiceError> {
    let doc = env.svc.minutes(no)?;
    env.svc.save_minutes(no, fo::minutes(env.lang, &doc))
}

/// The title of an item's form: the meeting, the item and its case number (never a name: the
/// meeting may be on a projector).
pub fn item_title(lang: Lang, m: &Meeting, index: usize) -> String {
    let what = match m.items.get(index).map(|i| &i.subject) {
        Some(Subject::Case { no, .. }) => format!("{} #{no}", Fu::CaseItem.get(lang)),
        Some(Subject::General(t) | Subject::Topic(t) | Subject::Banked(t)) => t.clone(),
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

/// An item added during the meeting: on today's agenda, or kept in the topic bank for a later
/// meeting (then only the minutes' topic-bank list mentions it).
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
            Field::new(TO_BANK, Fu::TopicSaved.get(lang), Kind::Flag)
                .hint(Fu::TopicSavedHint.get(lang)),
        ]
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let topic = text(form, ITEM_TEXT);
        let bank = form.flag(TO_BANK);
        match env.svc.add_item(self.meeting, &topic, bank) {
            Ok(_) => {
                env.info(if bank {
                    Fu::TopicBanked.get(env.lang)
                } else {
                    Fu::ItemAdded.get(env.lang)
                });
                Ok(Nav::Pop)
            }
            Err(e) => {
                env.fail(&e);
                Err(Vec::new())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::meeting::{AgendaItem, ItemReason};
    use crate::tui::form::LABEL_WIDTH;

    fn meeting() -> Meeting {
        Meeting {
            no: 1,
            kind: MeetingKind::SspNetwork,
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default(),
            participants: Vec::new(),
            items: vec![AgendaItem {
                subject: Subject::Case {
                    no: 7,
                    reason: ItemReason::AwaitingReview,
                },
                outcome: None,
            }],
            created_by: "mette".into(),
            created_at: NaiveDate::from_ymd_opt(2026, 11, 23)
                .and_then(|d| d.and_hms_opt(9, 0, 0))
                .unwrap_or_default(),
        }
    }

    fn assert_fit(fields: &[Field]) {
        for f in fields {
            let room = LABEL_WIDTH - 1 - if f.required { 2 } else { 0 };
            assert!(
                f.label.chars().count() <= room,
                "{:?} is cut in the label column",
                f.label
            );
        }
    }

    /// Every label the meeting forms show fits the label column with its marker and the
    /// required star, with every optional field showing: shortened on purpose, never cut.
    #[test]
    fn meeting_form_labels_fit_the_label_column() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        for lang in [Lang::Da, Lang::En] {
            let new = NewMeetingForm {
                roster: Vec::new(),
                choices: vec![Fu::NewParticipant.get(lang).to_string()],
                topics: vec!["Knivbæring".into()],
            };
            let mut form = Form::new(String::new(), Vec::new());
            for i in 0..ROWS {
                form.set_choice(PART + i, Some(0));
            }
            assert_fit(&new.fields(&form, lang, today));

            let item = ItemForm {
                meeting: meeting(),
                index: 0,
                kind: ItemKind::Review,
                people: Vec::new(),
                recorded: None,
                today,
            };
            let mut form = Form::new(String::new(), Vec::new());
            form.set_choice(REVIEW, Some(2));
            let fields = item.fields(&form, lang, today);
            assert!(fields.iter().any(|f| f.key == FEEDBACK));
            assert_fit(&fields);
            let add = AddItemForm { meeting: 1 };
            assert_fit(&add.fields(&form, lang, today));
        }
    }
}
