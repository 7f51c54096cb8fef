//! Enrichment forms: a request to another authority and its answer, a bekymringssamtale, and
//! the nine-dimension assessment.

use chrono::NaiveDate;

use super::{
    LINE, NEXT_DATE, TEXT, chosen, date, index_of, next_date_field, opt_date, options, text,
};
use crate::domain::CaseNo;
use crate::domain::CaseState;
use crate::domain::dates::format_date;
use crate::domain::draft::FormKind;
use crate::domain::flow::decide::Required;
use crate::domain::flow::{
    Assessment, Authority, Command, Conversation, ConversationStatus, Dimension, DimensionRating,
    HeldBy, InfoRequest, REQUEST_DAYS, RequestStatus, Risk, With,
};
use crate::i18n::Lang;
use crate::i18n::flow::{self as fl, F};
use crate::tui::app::{Env, Nav};
use crate::tui::form::{Field, Form, FormModel, Key, Kind};

const TO: Key = 1;
const TO_DETAIL: Key = 2;
const QUESTION: Key = 3;
const SENT: Key = 4;
const DUE: Key = 5;

pub struct RequestForm {
    pub state: CaseState,
}

impl FormModel for RequestForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::InfoRequest, Some(self.state.no))
    }

    fn title(&self, lang: Lang) -> String {
        super::title(lang, F::RequestTitle, &self.state)
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(SENT, &format_date(today));
        form.set_text(DUE, &format_date(today + chrono::Days::new(REQUEST_DAYS)));
    }

    fn fields(&self, _form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        vec![
            Field::new(
                TO,
                F::To.get(lang),
                Kind::Choice {
                    options: options(Authority::ALL, lang, fl::authority),
                },
            )
            .required(),
            Field::new(TO_DETAIL, F::ReferredDetail.get(lang), LINE),
            Field::new(QUESTION, F::Question.get(lang), TEXT).required(),
            Field::new(SENT, F::Sent.get(lang), Kind::Date).required(),
            Field::new(DUE, F::DueDate.get(lang), Kind::Date).required(),
        ]
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let r = InfoRequest {
            id: 0,
            to: chosen(form, TO, Authority::ALL).unwrap_or(Authority::Other),
            to_detail: text(form, TO_DETAIL),
            question: text(form, QUESTION),
            sent: date(form, SENT, today),
            due: date(form, DUE, today),
            status: RequestStatus::Sent,
            answer: String::new(),
            answered: None,
        };
        if r.due < r.sent {
            return Err(vec![(DUE, F::DueBeforeSent.get(env.lang).to_string())]);
        }
        let done = format!(
            "{} → {}",
            F::Saved.get(env.lang),
            fl::authority(env.lang, r.to)
        );
        super::record(
            env,
            self.state.no,
            Command::SendRequest(r),
            None,
            done,
            |r| (r == Required::Question).then_some(QUESTION),
        )
    }
}

const STATUS: Key = 1;
const ANSWER: Key = 2;
const ANSWERED: Key = 3;
/// The statuses a user sets on a request; "waived" belongs to closing.
const ANSWER_STATUSES: [RequestStatus; 3] = [
    RequestStatus::Answered,
    RequestStatus::Refused,
    RequestStatus::Sent,
];

pub struct AnswerForm {
    pub state: CaseState,
    pub id: u32,
}

impl FormModel for AnswerForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::Answer { request: self.id }, Some(self.state.no))
    }

    fn title(&self, lang: Lang) -> String {
        let to = self
            .state
            .flow
            .request(self.id)
            .map(|r| fl::authority(lang, r.to))
            .unwrap_or("");
        format!("{} {} ({to})", F::AnswerTitle.get(lang), self.id)
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(ANSWERED, &format_date(today));
        if let Some(r) = self.state.flow.request(self.id) {
            form.set_choice(STATUS, index_of(&ANSWER_STATUSES, &r.status).or(Some(0)));
            form.set_text(ANSWER, &r.answer);
        }
    }

    fn fields(&self, form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let question = self
            .state
            .flow
            .request(self.id)
            .map(|r| r.question.clone())
            .unwrap_or_default();
        let answered = form.choice(STATUS) == Some(0);
        let mut answer = Field::new(ANSWER, F::Answer.get(lang), TEXT).hint(question);
        if answered {
            answer = answer.required();
        }
        vec![
            Field::new(
                STATUS,
                F::Status.get(lang),
                Kind::Choice {
                    options: ANSWER_STATUSES
                        .iter()
                        .map(|s| fl::request_status(lang, *s).to_string())
                        .collect(),
                },
            )
            .required(),
            answer,
            Field::new(ANSWERED, F::Date.get(lang), Kind::Date).required(),
        ]
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let status = form
            .choice(STATUS)
            .and_then(|i| ANSWER_STATUSES.get(i).copied())
            .unwrap_or(RequestStatus::Answered);
        let cmd = Command::UpdateRequest {
            id: self.id,
            status,
            answer: text(form, ANSWER),
            date: date(form, ANSWERED, today),
        };
        let done = format!(
            "{} {}",
            F::Saved.get(env.lang),
            fl::request_status(env.lang, status)
        );
        super::record(env, self.state.no, cmd, None, done, |r| {
            (r == Required::Answer).then_some(ANSWER)
        })
    }
}

const C_STATUS: Key = 1;
const C_DATE: Key = 2;
const C_BY: Key = 3;
const C_WITH: Key = 4;
const C_SUMMARY: Key = 5;

pub struct ConversationForm {
    pub state: CaseState,
    /// 0 for a new conversation.
    pub id: u32,
}

impl FormModel for ConversationForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::Conversation { id: self.id }, Some(self.state.no))
    }

    fn title(&self, lang: Lang) -> String {
        super::title(lang, F::ConversationTitle, &self.state)
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(C_DATE, &format_date(today));
        form.set_choice(C_STATUS, Some(0));
        if let Some(c) = self
            .state
            .flow
            .conversations
            .iter()
            .find(|c| c.id == self.id)
        {
            form.set_choice(C_STATUS, index_of(ConversationStatus::ALL, &c.status));
            form.set_text(C_DATE, &format_date(c.date));
            form.set_choice(C_BY, index_of(HeldBy::ALL, &c.held_by));
            form.set_choice(C_WITH, index_of(With::ALL, &c.with));
            form.set_text(C_SUMMARY, &c.summary);
        }
    }

    fn fields(&self, _form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        vec![
            Field::new(
                C_STATUS,
                F::Status.get(lang),
                Kind::Choice {
                    options: options(ConversationStatus::ALL, lang, fl::conversation_status),
                },
            )
            .required(),
            Field::new(C_DATE, F::Date.get(lang), Kind::Date).required(),
            Field::new(
                C_BY,
                F::HeldByLabel.get(lang),
                Kind::Choice {
                    options: options(HeldBy::ALL, lang, fl::held_by),
                },
            )
            .required(),
            Field::new(
                C_WITH,
                F::WithLabel.get(lang),
                Kind::Choice {
                    options: options(With::ALL, lang, fl::with),
                },
            )
            .required(),
            Field::new(C_SUMMARY, F::Summary.get(lang), TEXT),
        ]
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let c = Conversation {
            id: self.id,
            status: chosen(form, C_STATUS, ConversationStatus::ALL)
                .unwrap_or(ConversationStatus::Planned),
            date: date(form, C_DATE, today),
            held_by: chosen(form, C_BY, HeldBy::ALL).unwrap_or(HeldBy::Ssp),
            with: chosen(form, C_WITH, With::ALL).unwrap_or(With::Person),
            summary: text(form, C_SUMMARY),
        };
        let done = format!(
            "{} {}",
            F::Saved.get(env.lang),
            fl::conversation_status(env.lang, c.status).to_lowercase()
        );
        super::record(env, self.state.no, Command::Converse(c), None, done, |_| {
            None
        })
    }
}

const A_DATE: Key = 1;
const A_DESCRIPTION: Key = 2;
const A_OVERALL: Key = 3;
const A_RECOMMENDATION: Key = 4;
const A_RATIONALE: Key = 5;
/// Per dimension i: risk at 10 + 3i, resource at 11 + 3i, note at 12 + 3i.
const A_DIM: Key = 10;

fn dim_key(i: usize, part: Key) -> Key {
    A_DIM + 3 * u16::try_from(i).unwrap_or(0) + part
}

pub struct AssessmentForm {
    /// Opened in redacted view: the previous assessment's texts are not copied.
    redacted: bool,
    state: CaseState,
    recommendations: Vec<String>,
}

impl AssessmentForm {
    pub fn new(state: CaseState, env: &mut Env) -> AssessmentForm {
        AssessmentForm {
            state,
            recommendations: env.recommendations(),
            redacted: env.svc.redacted(),
        }
    }
}

impl FormModel for AssessmentForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::Assessment, Some(self.state.no))
    }

    fn title(&self, lang: Lang) -> String {
        super::title(lang, F::AssessmentTitle, &self.state)
    }

    /// A new assessment starts from the previous one, so a reassessment changes only what
    /// changed — and the comparison shows exactly that.
    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(A_DATE, &format_date(today));
        for i in 0..Dimension::ALL.len() {
            form.set_choice(dim_key(i, 0), Some(0));
        }
        if let Some(prev) = self.state.flow.assessments.last() {
            // In redacted view the previous texts arrived redacted: the ratings carry over,
            // the texts are written anew rather than saved with initials in them.
            if !self.redacted {
                form.set_text(A_DESCRIPTION, &prev.description);
            }
            for (i, d) in Dimension::ALL.iter().enumerate() {
                if let Some(r) = prev.rating(*d) {
                    form.set_choice(dim_key(i, 0), index_of(Risk::ALL, &r.risk));
                    form.set_flag(dim_key(i, 1), r.resource);
                    if !self.redacted {
                        form.set_text(dim_key(i, 2), &r.note);
                    }
                }
            }
            form.set_choice(A_OVERALL, index_of(Risk::ALL, &prev.overall));
        }
        super::prefill_next_date(form, &self.state, today);
    }

    fn fields(&self, _form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let risks = options(Risk::ALL, lang, fl::risk);
        let mut out = vec![
            Field::new(A_DATE, F::Date.get(lang), Kind::Date).required(),
            Field::new(A_DESCRIPTION, F::Step1Label.get(lang), TEXT)
                .required()
                .section(F::Step1.get(lang)),
        ];
        for (i, d) in Dimension::ALL.iter().enumerate() {
            let mut risk = Field::new(
                dim_key(i, 0),
                fl::dimension(lang, *d),
                Kind::Choice {
                    options: risks.clone(),
                },
            )
            .required();
            if i == 0 {
                risk = risk.section(F::Step2.get(lang));
            }
            out.push(risk);
            out.push(Field::new(
                dim_key(i, 1),
                format!("  {}", F::ResourceOf.get(lang)),
                Kind::Flag,
            ));
            out.push(Field::new(
                dim_key(i, 2),
                format!("  {}", F::Note.get(lang)),
                LINE,
            ));
        }
        out.push(
            Field::new(
                A_OVERALL,
                F::Overall.get(lang),
                Kind::Choice {
                    options: risks.clone(),
                },
            )
            .required()
            .section(F::Step3.get(lang)),
        );
        out.push(
            Field::new(
                A_RECOMMENDATION,
                F::Recommendation.get(lang),
                Kind::Combo {
                    options: self.recommendations.clone(),
                },
            )
            .required(),
        );
        out.push(Field::new(A_RATIONALE, F::Rationale.get(lang), TEXT));
        out.push(next_date_field(lang));
        out
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let ratings = Dimension::ALL
            .iter()
            .enumerate()
            .map(|(i, d)| DimensionRating {
                dimension: *d,
                risk: chosen(form, dim_key(i, 0), Risk::ALL).unwrap_or(Risk::Unknown),
                resource: form.flag(dim_key(i, 1)),
                note: text(form, dim_key(i, 2)),
            })
            .collect();
        let a = Assessment {
            id: 0,
            date: date(form, A_DATE, today),
            description: text(form, A_DESCRIPTION),
            ratings,
            overall: chosen(form, A_OVERALL, Risk::ALL).unwrap_or(Risk::Unknown),
            recommendation: text(form, A_RECOMMENDATION),
            rationale: text(form, A_RATIONALE),
        };
        let done = format!(
            "{} {} {} · {}",
            F::Saved.get(env.lang),
            F::RiskLabel.get(env.lang),
            fl::risk(env.lang, a.overall),
            a.recommendation
        );
        super::record(
            env,
            self.state.no,
            Command::Assess(a),
            opt_date(form, NEXT_DATE, today),
            done,
            |r| match r {
                Required::Description => Some(A_DESCRIPTION),
                Required::Recommendation => Some(A_RECOMMENDATION),
                _ => None,
            },
        )
    }
}
