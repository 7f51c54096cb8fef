//! The case header: who, which stage, what is missing to move on, and the next date — on every
//! tab, so the coordinator never has to look for what to do next.

use crate::i18n::retention::R;
use ratatui::text::{Line, Span};

use super::DetailScreen;
use crate::domain::dates::format_date;
use crate::domain::flow::{Missing, missing_to_move_on, next_stage};
use crate::domain::stage::Stage;
use crate::i18n;
use crate::i18n::flow::{self as fl, F};
use crate::tui::screens::View;
use crate::tui::widgets::{due_marker, fit};

pub const HEIGHT: u16 = 2;

pub fn lines(d: &DetailScreen, view: &View, width: u16) -> Vec<Line<'static>> {
    let lang = view.lang;
    let s = &d.view.state;
    let w = usize::from(width);
    let name = crate::tui::widgets::shown_name(view, &s.intake.person.name);
    let band = s
        .intake
        .age_band(view.today)
        .map(i18n::age_band)
        .unwrap_or("–");
    let review_pending = s.flow.post_reviews.iter().any(|r| r.held.is_none());
    let (mark, due_style) = due_marker(view, s.next_date, s.stage.is_open() || review_pending);
    let mut first = vec![
        Span::styled(
            format!("#{} {} ", s.no, fit(&name, w / 3)),
            view.theme.title(),
        ),
        Span::raw(format!("[{band}] · ")),
        Span::styled(i18n::stage(lang, s.stage).to_string(), view.theme.key()),
    ];
    if let Some(r) = s.flow.risk() {
        first.push(Span::raw(format!(
            " · {} {}",
            F::RiskLabel.get(lang),
            fl::risk(lang, r)
        )));
    }
    if s.stage.is_open() || review_pending {
        first.push(Span::raw(" · "));
        first.push(Span::styled(
            format!(
                "{}{} {}",
                mark.trim(),
                F::Next.get(lang),
                format_date(s.next_date)
            ),
            due_style,
        ));
    }
    let mut first = Line::from(first);
    if first.width() > w {
        // Too long (English stage names, a long name): the short stage name, then cut.
        if let Some(span) = first.spans.get_mut(2) {
            span.content = i18n::stage_short(lang, s.stage).to_string().into();
        }
        let mut used = 0;
        first.spans.retain(|sp| {
            used += sp.width();
            used <= w
        });
    }
    vec![first, second_line(d, view, w)]
}

/// The nearest legal deadline first (it is the one that cannot wait), then what the flow
/// needs.
fn second_line(d: &DetailScreen, view: &View, w: usize) -> Line<'static> {
    let Some(item) = d.legal.first() else {
        return flow_line(d, view, w);
    };
    let style = if item.overdue {
        view.theme.warning()
    } else {
        view.theme.ok()
    };
    let text = fit(
        &format!("§ {} · ", crate::i18n::legal::line(view.lang, item)),
        w,
    );
    let rest = w.saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_str()));
    let mut spans = vec![Span::styled(text, style)];
    if rest > 0 {
        let flow = flow_line(d, view, rest);
        let style = flow.style;
        spans.extend(flow.spans.into_iter().map(|s| s.patch_style(style)));
    }
    Line::from(spans)
}

fn flow_line(d: &DetailScreen, view: &View, w: usize) -> Line<'static> {
    let lang = view.lang;
    let s = &d.view.state;
    if s.stage == Stage::Closed {
        let text = match &s.flow.closure {
            Some(c) => format!(
                "{} {}: {}",
                F::Closure.get(lang),
                format_date(c.date),
                fl::closure_reason(lang, c.reason)
            ),
            None => i18n::stage(lang, s.stage).to_string(),
        };
        let text = match (&s.retention.hold, d.view.deletion_date) {
            (Some(_), _) => format!("{text} · {}", R::HeldNotDeleted.get(lang)),
            (None, Some(date)) => {
                format!("{text} · {} {}", R::DeletedOn.get(lang), format_date(date))
            }
            (None, None) => text,
        };
        return Line::styled(fit(&text, w), view.theme.dim());
    }
    let missing: Vec<Missing> = missing_to_move_on(s);
    // While measures run, the next thing is the wheel's next step (closure is always open).
    if missing == [Missing::Closure]
        && let Some(wheel) = s.flow.wheel(s.stage, view.today)
    {
        let style = match wheel.need {
            crate::domain::flow::Need::Evaluation { overdue: true, .. }
            | crate::domain::flow::Need::Closure => view.theme.warning(),
            _ => view.theme.ok(),
        };
        return Line::styled(fit(&crate::i18n::round::line(lang, &wheel), w), style);
    }
    if missing.is_empty() && s.stage == Stage::Intake {
        // Recording the screening moves the case on by itself.
        let text = format!(
            "{}: {}",
            F::ReadyFor.get(lang),
            fl::missing(lang, Missing::Screening)
        );
        Line::styled(fit(&text, w), view.theme.ok())
    } else if missing.is_empty() {
        let next = next_stage(s.stage).map_or("", |n| i18n::stage(lang, n));
        let text = format!(
            "{}: {next} — {}",
            F::ReadyFor.get(lang),
            F::MoveKey.get(lang)
        );
        Line::styled(fit(&text, w), view.theme.ok())
    } else {
        let list: Vec<&str> = missing.iter().map(|m| fl::missing(lang, *m)).collect();
        let text = format!("{}: {}", F::Missing.get(lang), list.join(", "));
        Line::styled(fit(&text, w), view.theme.warning())
    }
}
