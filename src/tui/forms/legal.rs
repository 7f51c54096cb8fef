//! Recording a legal deadline as met: the child-welfare unit's urgency assessment and receipt
//! of the underretning, its §137 feedback, and the hand-over (or not) when the person turns 18.

use chrono::NaiveDate;

use super::{LINE, TEXT, chosen, date, options, text};
use crate::domain::CaseNo;
use crate::domain::CaseState;
use crate::domain::dates::{format_date, format_datetime};
use crate::domain::draft::FormKind;
use crate::domain::legal::{
    self, HandOverDecision, LegalCommand, LegalKind, LegalRules, SupportStarted,
};
use crate::i18n::Lang;
use crate::i18n::legal::{self as lt, L};
use crate::tui::app::{Env, Nav};
use crate::tui::form::{Field, Form, FormModel, Key, Kind};

const DATE: Key = 1;
const NOTE: Key = 2;
const SUPPORT: Key = 3;
const DECISION: Key = 4;
const DETAIL: Key = 5;

pub struct LegalForm {
    pub state: CaseState,
    pub kind: LegalKind,
    /// Read when the form opens, for the banner's deadline.
    pub rules: LegalRules,
}

impl LegalForm {
    fn what(&self) -> L {
        match self.kind {
            // `NotSent` has a form of its own (`forms::underretning`).
            LegalKind::Urgency | LegalKind::NotSent => L::UrgencyTitle,
            LegalKind::Receipt => L::ReceiptTitle,
            LegalKind::Feedback => L::FeedbackTitle,
            LegalKind::AdultHandOver => L::HandOverTitle,
        }
    }
}

impl FormModel for LegalForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::Legal(self.kind), Some(self.state.no))
    }

    fn title(&self, lang: Lang) -> String {
        format!(
            "{} · {} #{}",
            self.what().get(lang),
            crate::i18n::T::CaseDetail.get(lang),
            self.state.no
        )
    }

    /// The deadline this records, so the coordinator sees whether it was met.
    fn banner(&self, _form: &Form, lang: Lang) -> Option<(String, bool)> {
        let anchor = match self.kind {
            LegalKind::AdultHandOver => {
                legal::turns_18(&self.state.intake)?.and_time(chrono::NaiveTime::MIN)
            }
            _ => self.state.intake.underretning.as_ref()?.at,
        };
        let due = legal::deadline(self.kind, anchor, &self.rules);
        let when = if self.kind.is_dated() {
            format_date(due.date())
        } else {
            format_datetime(due)
        };
        let text = match (&self.state.intake.underretning, self.kind) {
            (_, LegalKind::AdultHandOver) => format!("{} {when}", lt::kind(lang, self.kind)),
            (Some(u), _) => format!(
                "{} {} → {} · {}: {when}",
                L::UnderretningSent.get(lang),
                format_datetime(u.at),
                u.to,
                lt::short(lang, self.kind)
            ),
            (None, _) => return None,
        };
        Some((text, false))
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(DATE, &format_date(today));
    }

    fn fields(&self, _form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let date = Field::new(DATE, L::Date.get(lang), Kind::Date).required();
        match self.kind {
            LegalKind::Urgency | LegalKind::Receipt | LegalKind::NotSent => {
                vec![date, Field::new(NOTE, L::Note.get(lang), LINE)]
            }
            LegalKind::Feedback => vec![
                date,
                Field::new(
                    SUPPORT,
                    L::Support.get(lang),
                    Kind::Choice {
                        options: options(SupportStarted::ALL, lang, lt::support),
                    },
                )
                .required(),
                Field::new(NOTE, L::Note.get(lang), TEXT),
            ],
            LegalKind::AdultHandOver => vec![
                date,
                Field::new(
                    DECISION,
                    L::Decision.get(lang),
                    Kind::Choice {
                        options: options(HandOverDecision::ALL, lang, lt::decision),
                    },
                )
                .required(),
                Field::new(DETAIL, L::Detail.get(lang), TEXT)
                    .required()
                    .hint(L::DetailHint.get(lang)),
            ],
        }
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let date = date(form, DATE, today);
        let note = text(form, NOTE);
        let cmd = match self.kind {
            LegalKind::Urgency | LegalKind::NotSent => LegalCommand::ConfirmUrgency { date, note },
            LegalKind::Receipt => LegalCommand::ConfirmReceipt { date, note },
            LegalKind::Feedback => LegalCommand::RecordFeedback {
                date,
                support: chosen(form, SUPPORT, SupportStarted::ALL)
                    .unwrap_or(SupportStarted::Unknown),
                note,
            },
            LegalKind::AdultHandOver => LegalCommand::RecordHandOver {
                date,
                decision: chosen(form, DECISION, HandOverDecision::ALL)
                    .unwrap_or(HandOverDecision::HandedOver),
                detail: text(form, DETAIL),
            },
        };
        let done = format!(
            "{}: {}",
            L::Recorded.get(env.lang),
            lt::short(env.lang, self.kind)
        );
        let draft = env.draft.as_ref().map(|d| d.id);
        match env.svc.record_draft(
            self.state.no,
            crate::domain::flow::Command::Legal(cmd),
            None,
            draft,
        ) {
            Ok(_) => {
                env.info(done);
                Ok(Nav::Pop)
            }
            Err(crate::service::ServiceError::Flow(crate::domain::flow::FlowError::Legal(e))) => {
                let key = match e {
                    legal::LegalError::DetailRequired => DETAIL,
                    _ => DATE,
                };
                Err(vec![(key, lt::error(env.lang, &e))])
            }
            Err(e) => {
                env.fail(&e);
                Err(Vec::new())
            }
        }
    }
}
