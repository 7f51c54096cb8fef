//! The flow tabs of a case: screening and joint review; enrichment (requests, conversations,
//! assessments); measures, disclosures and closure.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{DetailScreen, Row, Target};
use crate::domain::dates::format_date;
use crate::domain::flow::{ConversationStatus, ScreeningOutcome};
use crate::i18n::flow::{self as fl, F};
use crate::i18n::{Lang, T};
use crate::tui::screens::View;
use crate::tui::widgets::label_cell;

struct Out<'v> {
    rows: Vec<Row>,
    view: &'v View,
}

impl Out<'_> {
    fn lang(&self) -> Lang {
        self.view.lang
    }

    fn section(&mut self, f: F) {
        if !self.rows.is_empty() {
            self.rows.push(Row::text(Line::raw("")));
        }
        self.rows.push(Row::text(Line::styled(
            f.get(self.lang()).to_string(),
            self.view.theme.section(),
        )));
    }

    fn field(&mut self, label: F, value: impl Into<String>) {
        let value = value.into();
        if value.trim().is_empty() {
            return;
        }
        self.rows.push(Row::text(Line::from(vec![
            Span::styled(label_cell(label.get(self.lang())), self.view.theme.label()),
            Span::raw(value),
        ])));
    }

    fn dim(&mut self, text: impl Into<String>) {
        self.rows
            .push(Row::text(Line::styled(text.into(), self.view.theme.dim())));
    }

    fn item(&mut self, target: Target, spans: Vec<Span<'static>>) {
        self.rows.push(Row {
            line: Line::from(spans),
            target: Some(target),
        });
    }

    fn indent(&mut self, text: impl Into<String>) {
        let text = text.into();
        if !text.trim().is_empty() {
            self.rows.push(Row::text(Line::raw(format!("    {text}"))));
        }
    }
}

pub fn review(d: &DetailScreen, view: &View) -> Vec<Row> {
    let flow = &d.view.state.flow;
    let mut o = Out {
        rows: Vec::new(),
        view,
    };
    let lang = view.lang;
    o.section(F::Screening);
    match &flow.screening {
        None => o.dim(F::NoScreening.get(lang)),
        Some(s) => {
            o.field(F::Date, format_date(s.date));
            o.field(F::Approach, fl::approach(lang, s.approach));
            o.field(F::Participants, s.participants.clone());
            o.field(F::Outcome, fl::outcome(lang, &s.outcome));
            o.field(F::Rationale, s.rationale.clone());
        }
    }
    if let Some(due) = flow.police_feedback_due {
        let late = due < view.today
            && matches!(
                flow.screening.as_ref().map(|s| &s.outcome),
                Some(ScreeningOutcome::PoliceMatter { .. })
            );
        o.field(
            F::PoliceFeedback,
            format!(
                "{}{}",
                format_date(due),
                if late {
                    format!(" ({})", F::Overdue.get(lang))
                } else {
                    String::new()
                }
            ),
        );
    }
    o.section(F::JointReviews);
    o.rows.push(Row::text(Line::styled(
        T::Notice115.get(lang).to_string(),
        view.theme.dim(),
    )));
    if flow.reviews.is_empty() {
        o.dim(F::NoJointReview.get(lang));
    }
    for r in flow.reviews.iter().rev() {
        o.rows.push(Row::text(Line::raw("")));
        o.rows.push(Row::text(Line::styled(
            format!(
                "{} · {}",
                format_date(r.date),
                fl::decision(lang, r.decision)
            ),
            view.theme.key(),
        )));
        let people: Vec<String> = r.participants.iter().map(|p| p.display()).collect();
        o.field(F::Participants, people.join("; "));
        o.field(F::Summary, r.summary.clone());
        if !r.items.is_empty() {
            o.rows.push(Row::text(Line::styled(
                format!("{}:", F::Information.get(lang)),
                view.theme.label(),
            )));
            for i in &r.items {
                let mut spans = vec![Span::raw("  • ")];
                if i.origin.is_police() {
                    // Police-origin information is marked: the police must be consulted before
                    // it is disclosed (DESIGN §7).
                    spans.push(Span::styled(
                        format!("[{}] ", F::PoliceOrigin.get(lang)),
                        view.theme.warning(),
                    ));
                }
                spans.push(Span::raw(format!(
                    "{} ({} {})",
                    i.text,
                    F::From.get(lang),
                    fl::authority(lang, i.origin)
                )));
                o.rows.push(Row::text(Line::from(spans)));
            }
        }
        if !r.steps.is_empty() {
            o.rows.push(Row::text(Line::styled(
                format!("{}:", F::NextSteps.get(lang)),
                view.theme.label(),
            )));
            for s in &r.steps {
                o.rows
                    .push(Row::text(Line::raw(format!("  • {} → {}", s.what, s.who))));
            }
        }
        if let Some(due) = r.police_feedback_due {
            o.field(F::PoliceFeedback, format_date(due));
        }
    }
    o.rows
}

pub fn enrichment(d: &DetailScreen, view: &View) -> Vec<Row> {
    let flow = &d.view.state.flow;
    let lang = view.lang;
    let mut o = Out {
        rows: Vec::new(),
        view,
    };
    o.section(F::Requests);
    if flow.requests.is_empty() {
        o.dim(F::NoRequests.get(lang));
    }
    for r in &flow.requests {
        let overdue = r.is_overdue(view.today);
        let status = if overdue {
            F::Overdue.get(lang).to_string()
        } else {
            fl::request_status(lang, r.status).to_lowercase()
        };
        let style = if overdue {
            view.theme.overdue()
        } else {
            Style::new()
        };
        let to = if r.to_detail.is_empty() {
            fl::authority(lang, r.to).to_string()
        } else {
            format!("{} ({})", fl::authority(lang, r.to), r.to_detail)
        };
        o.item(
            Target::Request(r.id),
            vec![
                Span::raw(format!("{:>2}. ", r.id)),
                Span::styled(format!("{status:<10}"), style),
                Span::raw(format!(
                    " {to} · {} {}",
                    F::Due.get(lang),
                    format_date(r.due)
                )),
            ],
        );
        o.indent(format!("? {}", r.question));
        if !r.answer.is_empty() {
            o.indent(format!("→ {}", r.answer));
        }
    }
    o.section(F::Conversations);
    if flow.conversations.is_empty() {
        o.dim(F::NoConversations.get(lang));
    }
    for c in &flow.conversations {
        let style = if c.status == ConversationStatus::Planned && c.date < view.today {
            view.theme.overdue()
        } else {
            Style::new()
        };
        o.item(
            Target::Conversation(c.id),
            vec![
                Span::raw(format!("{:>2}. ", c.id)),
                Span::styled(
                    format!(
                        "{:<10}",
                        fl::conversation_status(lang, c.status).to_lowercase()
                    ),
                    style,
                ),
                Span::raw(format!(
                    " {} · {} · {}",
                    format_date(c.date),
                    fl::held_by(lang, c.held_by),
                    fl::with(lang, c.with)
                )),
            ],
        );
        o.indent(c.summary.clone());
    }
    o.section(F::Assessments);
    if flow.assessments.is_empty() {
        o.dim(F::NoAssessments.get(lang));
    }
    for a in flow.assessments.iter().rev() {
        o.item(
            Target::Assessment(a.id),
            vec![Span::raw(format!(
                "{:>2}. {} · {} {} · {}",
                a.id,
                format_date(a.date),
                F::RiskLabel.get(lang),
                fl::risk(lang, a.overall),
                a.recommendation
            ))],
        );
    }
    if !flow.assessments.is_empty() {
        o.dim(F::EnterOpens.get(lang));
    }
    o.rows
}

/// The forløbshjul: the current round's phase on the wheel and what the next phase needs,
/// the round's plan, and the rounds before it.
fn wheel(d: &DetailScreen, o: &mut Out) {
    use crate::i18n::round::{self as rd, W};
    let s = &d.view.state;
    let lang = o.lang();
    let today = o.view.today;
    let Some(w) = s.flow.wheel(s.stage, today) else {
        if s.flow.rounds.is_empty() {
            return;
        }
        // Closed (or moved back): the rounds it went through.
        o.section(F::Wheel);
        for r in s.flow.rounds.iter().rev() {
            o.dim(format!("  {}", rd::compact_line(lang, r)));
        }
        return;
    };
    o.section(F::Wheel);
    let head = format!(
        "{} {}{}",
        W::Round.get(lang),
        w.round,
        if w.done > 0 {
            format!(" ({} {})", w.done, W::Done.get(lang))
        } else {
            String::new()
        }
    );
    o.rows
        .push(Row::text(Line::styled(head, o.view.theme.key())));
    o.rows
        .push(Row::text(Line::raw(format!("  {}", rd::ring(lang, &w)))));
    let style = match w.need {
        crate::domain::flow::Need::Evaluation { overdue: true, .. } => o.view.theme.overdue(),
        _ => o.view.theme.ok(),
    };
    o.rows.push(Row::text(Line::styled(
        format!("  {}: {}", W::Next.get(lang), rd::need(lang, w.need)),
        style,
    )));
    let current = s.flow.rounds.iter().find(|r| r.no == w.round);
    if let Some(a) = current.and_then(|r| r.analysis.as_ref()) {
        o.indent(format!("{}: {}", W::Analysis.get(lang), a.text));
    }
    if let Some(p) = current.and_then(|r| r.plan.as_ref()) {
        o.indent(format!("{}: {}", W::Goals.get(lang), p.goals));
        o.indent(format!("{}: {}", W::Who.get(lang), p.who));
    }
    if let Some(e) = current.and_then(|r| r.evaluation.as_ref()) {
        o.indent(format!(
            "{}: {} · {}",
            W::EvaluationTitle.get(lang),
            rd::effect(lang, e.effect),
            e.text
        ));
    }
    for r in s.flow.rounds.iter().rev().filter(|r| r.no != w.round) {
        o.dim(format!("  {}", rd::compact_line(lang, r)));
    }
}

pub fn measures(d: &DetailScreen, view: &View) -> Vec<Row> {
    let flow = &d.view.state.flow;
    let lang = view.lang;
    let mut o = Out {
        rows: Vec::new(),
        view,
    };
    wheel(d, &mut o);
    o.section(F::Measures);
    if flow.measures.is_empty() {
        o.dim(F::NoMeasures.get(lang));
    }
    for m in &flow.measures {
        let end = m
            .planned_end
            .map(|e| format!(" – {}", format_date(e)))
            .unwrap_or_default();
        let round = if m.round > 0 {
            format!("R{} ", m.round)
        } else {
            String::new()
        };
        o.item(
            Target::Measure(m.id),
            vec![Span::raw(format!(
                "{:>2}. {round}{:<10} {} · {} {}{end}",
                m.id,
                fl::measure_status(lang, m.status).to_lowercase(),
                m.kind,
                m.organisation,
                format_date(m.start),
            ))],
        );
        o.indent(format!(
            "{}: {} · {}: {}",
            F::Goal.get(lang),
            m.goal,
            F::Level.get(lang),
            fl::measure_level(lang, m.level)
        ));
        if !m.responsible.is_empty() {
            o.indent(format!("{}: {}", F::Responsible.get(lang), m.responsible));
        }
        if !m.evaluation.is_empty() {
            o.indent(format!("{}: {}", F::Evaluation.get(lang), m.evaluation));
        }
    }
    o.section(F::Disclosures);
    if flow.disclosures.is_empty() {
        o.dim(F::NoDisclosures.get(lang));
    }
    for x in &flow.disclosures {
        o.rows.push(Row::text(Line::raw(format!(
            "{}{} → {}: {}",
            fl::police_mark(lang, x),
            format_date(x.date),
            x.recipient,
            x.what
        ))));
        o.indent(format!(
            "{}: {}",
            F::Basis.get(lang),
            fl::legal_basis(lang, x.basis)
        ));
    }
    if let Some(c) = &flow.closure {
        o.section(F::Closure);
        o.field(F::Date, format_date(c.date));
        o.field(F::Reason, fl::closure_reason(lang, c.reason));
        o.field(F::Summary, c.summary.clone());
        for w in &c.waivers {
            o.field(
                F::Waived,
                format!("{}: {}", fl::item(lang, w.item), w.reason),
            );
        }
        if let Some(r) = &c.no_reviews_because {
            o.field(F::NoReviewsBecause, r.clone());
        }
    }
    if !flow.post_reviews.is_empty() {
        o.section(F::PostReviews);
        for r in &flow.post_reviews {
            let (state, style) = match &r.held {
                Some((date, _)) => (
                    format!("{} {}", F::Held.get(lang), format_date(*date)),
                    Style::new(),
                ),
                None if r.due < view.today => {
                    (F::Overdue.get(lang).to_string(), view.theme.overdue())
                }
                None => (F::Pending.get(lang).to_string(), Style::new()),
            };
            o.item(
                Target::PostReview(r.months),
                vec![
                    Span::raw(format!(
                        "{:>2} {} · {} · ",
                        r.months,
                        F::Months.get(lang),
                        format_date(r.due)
                    )),
                    Span::styled(state, style),
                ],
            );
            if let Some((_, summary)) = &r.held {
                o.indent(summary.clone());
            }
        }
    }
    o.rows
}
