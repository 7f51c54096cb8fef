//! `U` on a case about a minor filed without an underretning: it was sent after all (when, to
//! whom — its deadlines then run from it), or why the team does not notify. Either ends the
//! chase of "underretning ikke sendt".

use chrono::NaiveDate;

use super::{LINE, TEXT, date};
use crate::domain::CaseNo;
use crate::domain::CaseState;
use crate::domain::dates::format_date;
use crate::domain::draft::FormKind;
use crate::domain::flow::{Command, FlowError};
use crate::domain::legal::{LegalCommand, LegalError, minor_at_intake};
use crate::i18n::Lang;
use crate::i18n::legal as lt;
use crate::i18n::live::Lc;
use crate::service::ServiceError;
use crate::tui::app::{Env, Nav};
use crate::tui::form::{Field, Form, FormModel, Key, Kind};

const OUTCOME: Key = 1;
const AT: Key = 2;
const TO: Key = 3;
const DATE: Key = 4;
const REASON: Key = 5;

const SENT: usize = 0;

pub struct UnderretningForm {
    state: CaseState,
}

/// The form, or `None` (with the reason on the status line) when the case needs none.
pub fn form(env: &mut Env, state: CaseState) -> Option<Box<dyn FormModel>> {
    let refusal = if state.intake.underretning.is_some() {
        Some(LegalError::AlreadyNotified)
    } else if minor_at_intake(&state.intake).is_none() {
        Some(LegalError::NotAMinor)
    } else {
        None
    };
    if let Some(e) = refusal {
        env.info(lt::error(env.lang, &e));
        return None;
    }
    Some(Box::new(UnderretningForm { state }))
}

impl FormModel for UnderretningForm {
    fn title(&self, lang: Lang) -> String {
        format!(
            "{} · {} #{}",
            Lc::NotifiedOrWhyNot.get(lang),
            crate::i18n::T::CaseDetail.get(lang),
            self.state.no
        )
    }

    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::Underretning, Some(self.state.no))
    }

    fn banner(&self, _form: &Form, lang: Lang) -> Option<(String, bool)> {
        Some((
            lt::kind(lang, crate::domain::legal::LegalKind::NotSent).to_string(),
            true,
        ))
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_choice(OUTCOME, Some(SENT));
        form.set_text(DATE, &format_date(today));
    }

    fn fields(&self, form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let mut out = vec![
            Field::new(
                OUTCOME,
                Lc::Outcome.get(lang),
                Kind::Choice {
                    options: vec![
                        Lc::Sent.get(lang).to_string(),
                        Lc::NotSent.get(lang).to_string(),
                    ],
                },
            )
            .required(),
        ];
        if form.choice(OUTCOME) == Some(SENT) {
            out.push(
                Field::new(AT, Lc::SentAt.get(lang), Kind::DateTime)
                    .required()
                    .past()
                    .hint(Lc::UnderretningAtHint.get(lang)),
            );
            out.push(Field::new(TO, Lc::SentTo.get(lang), LINE).required());
        } else {
            out.push(
                Field::new(DATE, crate::i18n::legal::L::Date.get(lang), Kind::Date)
                    .required()
                    .past(),
            );
            out.push(Field::new(REASON, Lc::Reason.get(lang), TEXT).required());
        }
        out
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let now = env.svc.now();
        let sent = form.choice(OUTCOME) == Some(SENT);
        let cmd = if sent {
            LegalCommand::RecordUnderretning {
                at: form.moment(AT, now).ok().flatten().unwrap_or(now),
                to: form.text(TO).trim().to_string(),
            }
        } else {
            LegalCommand::NotNotifying {
                date: date(form, DATE, now.date()),
                reason: form.text(REASON).trim().to_string(),
            }
        };
        let draft = env.draft.as_ref().map(|d| d.id);
        match env
            .svc
            .record_draft(self.state.no, Command::Legal(cmd), None, draft)
        {
            Ok(_) => {
                let done = if sent {
                    Lc::UnderretningRecorded
                } else {
                    Lc::NotNotifiedRecorded
                };
                env.info(done.get(env.lang));
                Ok(Nav::Pop)
            }
            Err(ServiceError::Flow(FlowError::Legal(e))) => {
                let key = match e {
                    LegalError::RecipientRequired => TO,
                    LegalError::ReasonRequired => REASON,
                    _ if sent => AT,
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
