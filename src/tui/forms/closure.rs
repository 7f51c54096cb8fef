//! Closing a case (reason, summary, every open item resolved or waived, reviews after 6 and 12
//! months or a reason why not), changing stage with a reason, and the post-closure review.

use chrono::NaiveDate;

use super::{LINE, TEXT, chosen, date, options, text};
use crate::domain::CaseNo;
use crate::domain::dates::format_date;
use crate::domain::draft::FormKind;
use crate::domain::flow::decide::Required;
use crate::domain::flow::{
    Closure, ClosureReason, Command, ItemRef, ReviewDecision, ScreeningOutcome, Waiver, next_stage,
};
use crate::domain::text::capitalise;
use crate::domain::{CaseState, Stage};
use crate::i18n::flow::{self as fl, F};
use crate::i18n::{self, Lang};
use crate::tui::app::{Env, Nav};
use crate::tui::form::{Field, Form, FormModel, Key, Kind};

const DATE: Key = 1;
const REASON: Key = 2;
const SUMMARY: Key = 3;
const SKIP_REVIEWS: Key = 4;
const SKIP_WHY: Key = 5;
/// Waiver reason for open item i.
const WAIVE: Key = 100;

pub struct CloseForm {
    pub state: CaseState,
    /// Closing as a meeting's decision ("close the case"): saved as the item's decision.
    pub meeting: Option<AtMeeting>,
}

/// The meeting item a closure decides, and the decision as the item form had it.
pub struct AtMeeting {
    pub meeting: u64,
    pub index: usize,
    pub decision: crate::service::ItemDecision,
}

impl CloseForm {
    fn open_items(&self) -> Vec<ItemRef> {
        self.state.flow.open_items()
    }

    fn describe(&self, lang: Lang, item: ItemRef) -> String {
        let f = &self.state.flow;
        let what = match item {
            ItemRef::Request(id) => f.request(id).map(|r| fl::authority(lang, r.to).to_string()),
            ItemRef::Measure(id) => f.measure(id).map(|m| m.kind.clone()),
            ItemRef::Conversation(_) => None,
        };
        format!("{} ({})", fl::item(lang, item), what.unwrap_or_default())
    }
}

fn key_of(i: usize) -> Key {
    WAIVE + u16::try_from(i).unwrap_or(0)
}

impl FormModel for CloseForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::Closure, Some(self.state.no))
    }

    fn title(&self, lang: Lang) -> String {
        match &self.meeting {
            Some(m) => format!(
                "{} · {} {} · {}. {} #{}",
                F::CloseTitle.get(lang),
                crate::i18n::follow::Fu::MeetingWord.get(lang),
                m.meeting,
                m.index + 1,
                crate::i18n::follow::Fu::CaseItem.get(lang),
                self.state.no
            ),
            None => super::title(lang, F::CloseTitle, &self.state),
        }
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(DATE, &format_date(today));
        if let Some(m) = &self.meeting {
            // The meeting's decision is the closing summary, unless the chair writes another.
            form.set_text(SUMMARY, &m.decision.decision);
        }
        // The obvious reason, when the flow already says it.
        let f = &self.state.flow;
        let reason = match (&f.screening, f.reviews.last()) {
            (_, Some(r)) if r.decision == ReviewDecision::PoliceMatter => {
                Some(ClosureReason::PoliceMatter)
            }
            (Some(s), _) if s.outcome == ScreeningOutcome::Unfounded => {
                Some(ClosureReason::Unfounded)
            }
            (Some(s), _) if matches!(s.outcome, ScreeningOutcome::Referred { .. }) => {
                Some(ClosureReason::HandedOver)
            }
            _ if !f.measures.is_empty() => Some(ClosureReason::MeasureCompleted),
            _ => None,
        };
        form.set_choice(
            REASON,
            reason.and_then(|r| super::index_of(ClosureReason::ALL, &r)),
        );
    }

    fn fields(&self, form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let mut out = vec![
            Field::new(DATE, F::Date.get(lang), Kind::Date).required(),
            Field::new(
                REASON,
                F::Reason.get(lang),
                Kind::Choice {
                    options: options(ClosureReason::ALL, lang, fl::closure_reason),
                },
            )
            .required(),
            Field::new(SUMMARY, F::Summary.get(lang), TEXT).required(),
        ];
        for (i, item) in self.open_items().into_iter().enumerate() {
            // The label names the item; the hint says what it is and what to do.
            let mut f = Field::new(key_of(i), capitalise(&fl::item(lang, item)), LINE)
                .required()
                .hint(format!(
                    "{} — {}",
                    self.describe(lang, item),
                    F::WaiveHint.get(lang)
                ));
            if i == 0 {
                f = f.section(F::OpenItems.get(lang));
            }
            out.push(f);
        }
        out.push(
            Field::new(SKIP_REVIEWS, F::SkipReviews.get(lang), Kind::Flag)
                .section(F::PostReviews.get(lang)),
        );
        if form.flag(SKIP_REVIEWS) {
            out.push(Field::new(SKIP_WHY, F::SkipReviewsWhy.get(lang), LINE).required());
        }
        out
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let waivers = self
            .open_items()
            .into_iter()
            .enumerate()
            .map(|(i, item)| Waiver {
                item,
                reason: text(form, key_of(i)),
            })
            .collect();
        let c = Closure {
            date: date(form, DATE, today),
            reason: chosen(form, REASON, ClosureReason::ALL).unwrap_or(ClosureReason::Other),
            summary: text(form, SUMMARY),
            waivers,
            no_reviews_because: form.flag(SKIP_REVIEWS).then(|| text(form, SKIP_WHY)),
        };
        let lang = env.lang;
        let on_field = |r| match r {
            Required::Summary => Some(SUMMARY),
            Required::NoReviewsReason => Some(SKIP_WHY),
            Required::WaiverReason => Some(WAIVE),
            _ => None,
        };
        if let Some(m) = &self.meeting {
            let mut d = m.decision.clone();
            d.follow = crate::domain::flow::FollowUpDecision::Close;
            d.closure = Some(c);
            return match env.svc.decide_item(m.meeting, m.index, d) {
                Ok(saved) => {
                    super::meeting::done(env, &saved, crate::i18n::follow::Fu::ClosedAtMeeting);
                    Ok(Nav::Pop)
                }
                Err(e) => Err(super::refusal(env, e, on_field)),
            };
        }
        let done = format!(
            "{} {} · {}",
            F::Saved.get(lang),
            fl::closure_reason(lang, c.reason),
            F::Journalise
                .get(lang)
                .replace(" N ", &format!(" {} ", self.state.no))
        );
        super::record(env, self.state.no, Command::Close(c), None, done, on_field)
    }
}

const TO: Key = 1;
const WHY: Key = 2;

pub struct MoveForm {
    pub state: CaseState,
}

impl MoveForm {
    /// Every open stage but the current one; closing has its own form.
    fn targets(&self) -> Vec<Stage> {
        Stage::ALL
            .iter()
            .copied()
            .filter(|s| *s != self.state.stage && s.is_open())
            .collect()
    }
}

impl FormModel for MoveForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (FormKind::MoveStage, Some(self.state.no))
    }

    fn title(&self, lang: Lang) -> String {
        super::title(lang, F::MoveTitle, &self.state)
    }

    fn banner(&self, _form: &Form, lang: Lang) -> Option<(String, bool)> {
        Some((
            format!(
                "{}: {}",
                F::Stage.get(lang),
                i18n::stage(lang, self.state.stage)
            ),
            false,
        ))
    }

    fn prefill(&self, form: &mut Form, _today: NaiveDate) {
        let suggested = next_stage(self.state.stage)
            .filter(|s| s.is_open())
            .or(Some(Stage::Enrichment));
        let i = suggested.and_then(|s| self.targets().iter().position(|t| *t == s));
        form.set_choice(TO, i);
    }

    fn fields(&self, form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let targets = self.targets();
        let to = form.choice(TO).and_then(|i| targets.get(i).copied());
        let needs_reason = to.is_some_and(|t| Some(t) != next_stage(self.state.stage));
        let mut why = Field::new(WHY, F::Reason.get(lang), TEXT).hint(F::MoveReasonHint.get(lang));
        if needs_reason {
            why = why.required();
        }
        vec![
            Field::new(
                TO,
                F::ToStage.get(lang),
                Kind::Choice {
                    options: targets
                        .iter()
                        .map(|s| i18n::stage(lang, *s).to_string())
                        .collect(),
                },
            )
            .required(),
            why,
        ]
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let Some(to) = form.choice(TO).and_then(|i| self.targets().get(i).copied()) else {
            return Err(Vec::new());
        };
        let reason = Some(text(form, WHY)).filter(|r| !r.is_empty());
        let done = format!("{} {}.", F::Moved.get(env.lang), i18n::stage(env.lang, to));
        super::record(
            env,
            self.state.no,
            Command::Move { to, reason },
            None,
            done,
            |_| None,
        )
    }
}

const WHICH: Key = 1;
const HELD: Key = 2;
const FINDINGS: Key = 3;

pub struct PostReviewForm {
    pub state: CaseState,
    /// The review picked in the list, if any.
    pub months: Option<u32>,
}

impl PostReviewForm {
    fn pending(&self) -> Vec<u32> {
        self.state
            .flow
            .post_reviews
            .iter()
            .filter(|r| r.held.is_none())
            .map(|r| r.months)
            .collect()
    }
}

impl FormModel for PostReviewForm {
    fn draft_kind(&self) -> (FormKind, Option<CaseNo>) {
        (
            FormKind::PostReview {
                months: self.months,
            },
            Some(self.state.no),
        )
    }

    fn title(&self, lang: Lang) -> String {
        super::title(lang, F::PostReviewTitle, &self.state)
    }

    fn prefill(&self, form: &mut Form, today: NaiveDate) {
        form.set_text(HELD, &format_date(today));
        let pending = self.pending();
        let i = self
            .months
            .and_then(|m| pending.iter().position(|p| *p == m))
            .or((!pending.is_empty()).then_some(0));
        form.set_choice(WHICH, i);
    }

    fn fields(&self, _form: &Form, lang: Lang, _today: NaiveDate) -> Vec<Field> {
        let due: Vec<String> = self
            .state
            .flow
            .post_reviews
            .iter()
            .filter(|r| r.held.is_none())
            .map(|r| {
                format!(
                    "{} {} ({})",
                    r.months,
                    F::Months.get(lang),
                    format_date(r.due)
                )
            })
            .collect();
        vec![
            Field::new(WHICH, F::Which.get(lang), Kind::Choice { options: due }).required(),
            Field::new(HELD, F::Held2.get(lang), Kind::Date).required(),
            Field::new(FINDINGS, F::Summary.get(lang), TEXT).required(),
        ]
    }

    fn submit(&mut self, form: &Form, env: &mut Env) -> Result<Nav, Vec<(Key, String)>> {
        let today = env.svc.today();
        let Some(months) = form
            .choice(WHICH)
            .and_then(|i| self.pending().get(i).copied())
        else {
            return Err(vec![(
                WHICH,
                fl::flow_error(env.lang, &crate::domain::flow::FlowError::NoSuchReview),
            )]);
        };
        let cmd = Command::HoldPostReview {
            months,
            date: date(form, HELD, today),
            summary: text(form, FINDINGS),
        };
        let done = format!(
            "{} {months} {}",
            F::Saved.get(env.lang),
            F::Months.get(env.lang)
        );
        super::record(env, self.state.no, cmd, None, done, |r| {
            (r == Required::Summary).then_some(FINDINGS)
        })
    }
}
