//! A measure (new, or its status and evaluation later) and a disclosure outside the team.

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
    Command, Disclosure, LegalBasis, MEASURE_TYPES, Measure, MeasureLevel, MeasureStatus,
};
use crate::i18n::Lang;
use crate::i18n::flow::{self as fl, F};
use crate::tui::app::{Env, Nav};
use crate::tui::form::{Field, Form, FormModel, Key, Kind};

const KIND: Key = 1;
const ORG: Key = 2;
const RESPONSIBLE: Key = 3;
const START: Key = 4;
const END: Key = 5;
const GOAL: Key = 6;
const LEVEL: Key = 7;
const STATUS: Key = 8;
const EVALUATION: Key = 9;

/// Statuses a user sets; "waived" belongs to closing.
const STATUSES: [MeasureStatus; 4] = [
    MeasureStatus::Planned,
    MeasureStatus::Active,
    MeasureStatus::Completed,
    MeasureStatus::Stopped,
];

pub struct MeasureForm {
    pub state: CaseState,
    /// 0 for a new measure.
    pub id: u32,
}

impl FormModel for MeasureForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::Measure { id: self.id }, Some(self.state.no))
    }

    fn title(&self, lang: Lang) -> String {
        let what = if self.id == 0 {
            String::new()
        } else {
            format!(" {}", self.id)
        };
        format!(
            "{}{what} · {}",
            F::MeasureTitle.get(lang),
            super::title(lang, F::TabMeasures, &self.state)
        )
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(START, &format_date(today));
        form.set_choice(STATUS, Some(1));
        if let Some(m) = self.state.flow.measure(self.id) {
            form.set_text(KIND, &m.kind);
            form.set_text(ORG, &m.organisation);
            form.set_text(RESPONSIBLE, &m.responsible);
            form.set_text(START, &format_date(m.start));
            form.set_text(END, &m.planned_end.map(format_date).unwrap_or_default());
            form.set_text(GOAL, &m.goal);
            form.set_choice(LEVEL, index_of(MeasureLevel::ALL, &m.level));
            form.set_choice(STATUS, index_of(&STATUSES, &m.status));
            form.set_text(EVALUATION, &m.evaluation);
        }
        super::prefill_next_date(form, &self.state, today);
    }

    fn fields(&self, form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let ended = matches!(form.choice(STATUS), Some(2) | Some(3));
        let mut evaluation = Field::new(EVALUATION, F::Evaluation.get(lang), TEXT);
        if ended {
            evaluation = evaluation.required();
        }
        vec![
            Field::new(
                KIND,
                F::Kind.get(lang),
                Kind::Combo {
                    options: MEASURE_TYPES.iter().map(|s| s.to_string()).collect(),
                },
            )
            .required(),
            Field::new(ORG, F::Organisation.get(lang), LINE),
            Field::new(RESPONSIBLE, F::Responsible.get(lang), LINE),
            Field::new(START, F::Start.get(lang), Kind::Date).required(),
            Field::new(END, F::PlannedEnd.get(lang), Kind::Date),
            Field::new(GOAL, F::Goal.get(lang), TEXT).required(),
            Field::new(
                LEVEL,
                F::Level.get(lang),
                Kind::Choice {
                    options: options(MeasureLevel::ALL, lang, fl::measure_level),
                },
            )
            .required(),
            Field::new(
                STATUS,
                F::Status.get(lang),
                Kind::Choice {
                    options: STATUSES
                        .iter()
                        .map(|s| fl::measure_status(lang, *s).to_string())
                        .collect(),
                },
            )
            .required(),
            evaluation,
            next_date_field(lang),
        ]
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let m = Measure {
            id: self.id,
            kind: text(form, KIND),
            organisation: text(form, ORG),
            responsible: text(form, RESPONSIBLE),
            start: date(form, START, today),
            planned_end: opt_date(form, END, today),
            goal: text(form, GOAL),
            level: chosen(form, LEVEL, MeasureLevel::ALL).unwrap_or(MeasureLevel::Preventive),
            status: form
                .choice(STATUS)
                .and_then(|i| STATUSES.get(i).copied())
                .unwrap_or(MeasureStatus::Active),
            evaluation: text(form, EVALUATION),
            // The rules set it: the round it is started in, or the one it was started in.
            round: 0,
        };
        if m.planned_end.is_some_and(|e| e < m.start) {
            return Err(vec![(END, F::EndBeforeStart.get(env.lang).to_string())]);
        }
        let done = format!("{} {}", F::Saved.get(env.lang), m.kind);
        super::record(
            env,
            self.state.no,
            Command::Measure(m),
            opt_date(form, NEXT_DATE, today),
            done,
            |r| match r {
                Required::Kind => Some(KIND),
                Required::Goal => Some(GOAL),
                _ => None,
            },
        )
    }
}

const D_DATE: Key = 1;
const D_RECIPIENT: Key = 2;
const D_WHAT: Key = 3;
const D_BASIS: Key = 4;
const D_POLICE: Key = 5;
const D_CONFIRM: Key = 6;

pub struct DisclosureForm {
    pub state: CaseState,
}

impl DisclosureForm {
    /// Police information is passed on: the user says so, or what is passed on shows it (the
    /// `[POLITI]` mark, or a police item of the joint review) — the rule `decide` applies.
    fn police(&self, form: &Form) -> bool {
        form.flag(D_POLICE) || self.state.flow.mentions_police(form.text(D_WHAT))
    }
}

impl FormModel for DisclosureForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::Disclosure, Some(self.state.no))
    }

    fn title(&self, lang: Lang) -> String {
        super::title(lang, F::DisclosureTitle, &self.state)
    }

    fn banner(&self, form: &Form, lang: Lang) -> Option<(String, bool)> {
        if self.police(form) {
            // The §115 rule, where it applies: the user confirms it below.
            Some((F::PoliceDisclosureRule.get(lang).to_string(), true))
        } else {
            Some((F::BasisHint.get(lang).to_string(), true))
        }
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(D_DATE, &format_date(today));
    }

    fn fields(&self, form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        // Found in the text, it is police information whatever a flag would say: the banner
        // says so, and only the confirmation is asked for.
        let found = !form.flag(D_POLICE) && self.state.flow.mentions_police(form.text(D_WHAT));
        let mut out = vec![
            Field::new(D_DATE, F::Date.get(lang), Kind::Date).required(),
            Field::new(D_RECIPIENT, F::Recipient.get(lang), LINE).required(),
            Field::new(D_WHAT, F::WhatPassed.get(lang), TEXT).required(),
            Field::new(
                D_BASIS,
                F::Basis.get(lang),
                Kind::Choice {
                    options: options(LegalBasis::ALL, lang, fl::legal_basis),
                },
            )
            .required()
            .hint(F::BasisHint.get(lang)),
        ];
        if !found {
            out.push(Field::new(
                D_POLICE,
                F::PoliceInformation.get(lang),
                Kind::Flag,
            ));
        }
        if self.police(form) {
            let mut confirm = Field::new(D_CONFIRM, F::PoliceConfirm.get(lang), Kind::Flag)
                .hint(F::PoliceConfirmHint.get(lang));
            if found {
                confirm = confirm.hint(format!(
                    "{} · {}",
                    F::PoliceFound.get(lang),
                    F::PoliceConfirmHint.get(lang)
                ));
            }
            out.push(confirm);
        }
        out
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        // The field is required: without a basis the form never gets here.
        let Some(basis) = chosen(form, D_BASIS, LegalBasis::ALL) else {
            return Err(vec![(D_BASIS, F::BasisHint.get(env.lang).to_string())]);
        };
        let police = self.police(form);
        if police && !form.flag(D_CONFIRM) {
            return Err(vec![(
                D_CONFIRM,
                F::PoliceConfirmHint.get(env.lang).to_string(),
            )]);
        }
        let d = Disclosure {
            date: date(form, D_DATE, today),
            recipient: text(form, D_RECIPIENT),
            what: text(form, D_WHAT),
            basis,
            police_origin: police,
            police_confirmed: police && form.flag(D_CONFIRM),
        };
        let done = format!("{} → {}", F::Saved.get(env.lang), d.recipient);
        super::record(
            env,
            self.state.no,
            Command::Disclose(d),
            None,
            done,
            |r| match r {
                Required::Recipient => Some(D_RECIPIENT),
                Required::What => Some(D_WHAT),
                _ => None,
            },
        )
    }
}
