//! The statistics screen for the steering group: concerns per month as a bar chart, sources
//! and concern types as bars, overdue follow-ups over time as a sparkline. Counts only — no
//! name, CPR or case number is ever on it, so it is safe for the viewer role. Suppressed cells
//! ("<5", "x") are drawn without a bar: a bar's height would give the number away.

use chrono::{Datelike, Months, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, Paragraph, Sparkline, SparklineBar,
};

use super::View;
use crate::domain::dates::format_date;
use crate::domain::stats::{Cell, Period, Stats, Table};
use crate::i18n::retention::{self as rt, R};
use crate::i18n::{self, Lang};
use crate::tui::app::{Env, Nav};
use crate::tui::keymap::Action;
use crate::tui::widgets::{cell, fit};

/// The spans the screen counts over, in the order `p` steps through them: months back from
/// today (the current month and the ones before it), or everything (`None`).
pub const SPANS: [Option<u32>; 5] = [Some(12), Some(24), None, Some(3), Some(6)];

pub struct StatsScreen {
    pub stats: Option<Stats>,
    pub overdue: Vec<(NaiveDate, Option<Cell>)>,
    /// Position in `SPANS`: what the screen counts now.
    pub span: usize,
    /// The console's only screen (a viewer's): Esc quits instead of going back.
    root: bool,
}

/// The period of `months` calendar months up to today (the current month counts as one), or
/// everything.
pub fn span_period(today: NaiveDate, months: Option<u32>) -> Period {
    let Some(months) = months else {
        return Period::default();
    };
    let first = today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(months.saturating_sub(1))))
        .unwrap_or(today);
    Period {
        from: Some(first),
        to: Some(today),
    }
}

/// The first day of the month eleven months before today's, to today: what the screen counts
/// when it opens.
pub fn chart_period(today: NaiveDate) -> Period {
    span_period(today, SPANS[0])
}

impl StatsScreen {
    pub fn open(env: &mut Env) -> StatsScreen {
        let mut s = StatsScreen {
            stats: None,
            overdue: Vec::new(),
            span: 0,
            root: false,
        };
        s.reload(env);
        s
    }

    /// The statistics as the whole console of an account that may see nothing else (a
    /// viewer): leaving it quits.
    pub fn open_root(env: &mut Env) -> StatsScreen {
        StatsScreen {
            root: true,
            ..StatsScreen::open(env)
        }
    }

    pub fn reload(&mut self, env: &mut Env) {
        let period = span_period(env.svc.today(), SPANS[self.span % SPANS.len()]);
        match env.svc.stats(period) {
            Ok(s) => self.stats = Some(s),
            Err(e) => env.fail(&e),
        }
        match env.svc.overdue_series() {
            Ok(o) => self.overdue = o,
            Err(e) => env.fail(&e),
        }
    }

    pub fn update(&mut self, env: &mut Env, action: Option<Action>, _key: KeyEvent) -> Nav {
        match action {
            Some(Action::Back) if self.root => Nav::Quit,
            Some(Action::Back) => Nav::Pop,
            Some(Action::Refresh) => {
                self.reload(env);
                Nav::Stay
            }
            Some(Action::ChangePeriod) => {
                self.span = (self.span + 1) % SPANS.len();
                self.reload(env);
                Nav::Stay
            }
            Some(Action::Trends) => Nav::Push(crate::tui::app::Screen::Trends(Box::new(
                super::TrendsScreen::open(env),
            ))),
            _ => Nav::Stay,
        }
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let lang = view.lang;
        let Some(s) = &self.stats else {
            f.render_widget(Paragraph::new(i18n::T::Loading.get(lang)), area);
            return;
        };
        let [top, middle, spark, legend] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Min(4),
            Constraint::Length(3),
            Constraint::Length(1),
        ])
        .areas(area);
        let w = top.width as usize;
        let lines: Vec<Line> = headline(s, lang, SPANS[self.span % SPANS.len()])
            .into_iter()
            .map(|l| Line::raw(fit(&l, w)))
            .collect();
        f.render_widget(Paragraph::new(lines), top);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(middle);
        let concern_rows = u16::try_from(s.per_concern.rows.len()).unwrap_or(6) + 1;
        let [months, concerns] =
            Layout::vertical([Constraint::Min(4), Constraint::Length(concern_rows)]).areas(left);
        self.month_chart(view, s, f, months);
        bars(
            view,
            f,
            concerns,
            R::ConcernTypes.get(lang),
            &s.per_concern,
            |k| i18n::concern(lang, *k).to_string(),
        );
        bars(view, f, right, R::Sources.get(lang), &s.per_source, |k| {
            k.map_or(R::Unknown.get(lang), |k| i18n::source(lang, k))
                .to_string()
        });
        self.overdue_line(view, f, spark);
        f.render_widget(
            Paragraph::new(fit(R::Legend.get(lang), legend.width as usize)).style(view.theme.dim()),
            legend,
        );
    }

    fn month_chart(&self, view: &View, s: &Stats, f: &mut Frame, area: Rect) {
        let lang = view.lang;
        let max = s.per_month.rows.iter().filter_map(|(_, c)| c.count()).max();
        let title = match max {
            Some(m) => format!("{} (maks. {m})", R::PerMonth.get(lang)),
            None => R::PerMonth.get(lang).to_string(),
        };
        let title = if lang == Lang::En {
            title.replace("maks.", "max")
        } else {
            title
        };
        let block = Block::default().borders(Borders::TOP).title(Span::styled(
            fit(&title, area.width as usize),
            view.theme.section(),
        ));
        // The newest months that fit (a bar is two columns and a gap): a long period shows
        // its end.
        let fits = (usize::from(area.width) + 1) / 3;
        let skip = s.per_month.rows.len().saturating_sub(fits);
        let data: Vec<Bar> = s.per_month.rows[skip..]
            .iter()
            .map(|(m, c)| {
                let label = format!("{:02}", m.month);
                match c {
                    Cell::Count(n) => Bar::default()
                        .value(*n)
                        .label(Line::from(label))
                        .text_value(short(*n)),
                    other => Bar::default()
                        .value(0)
                        .label(Line::from(label))
                        .text_value(other.shown()),
                }
            })
            .collect();
        let chart = BarChart::default()
            .block(block)
            .data(BarGroup::default().bars(&data))
            .bar_width(2)
            .bar_gap(1)
            .value_style(view.theme.selected())
            .label_style(view.theme.dim());
        f.render_widget(chart, area);
    }

    fn overdue_line(&self, view: &View, f: &mut Frame, area: Rect) {
        let lang = view.lang;
        let now = self.overdue.last().and_then(|(_, c)| *c);
        let title = match now {
            Some(c) => format!("{} · {}", R::OverdueLine.get(lang), c.shown()),
            None => R::OverdueLine.get(lang).to_string(),
        };
        let block = Block::default().borders(Borders::TOP).title(Span::styled(
            fit(&title, area.width as usize),
            view.theme.section(),
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if self.overdue.iter().all(|(_, c)| c.is_none()) {
            f.render_widget(
                Paragraph::new(fit(R::NoSeries.get(lang), inner.width as usize))
                    .style(view.theme.dim()),
                inner,
            );
            return;
        }
        // The newest days, as many as fit; a suppressed day is drawn as absent.
        let width = inner.width as usize;
        let skip = self.overdue.len().saturating_sub(width);
        let data: Vec<SparklineBar> = self.overdue[skip..]
            .iter()
            .map(|(_, c)| SparklineBar::from(c.and_then(Cell::count)))
            .collect();
        f.render_widget(
            Sparkline::default().data(data).absent_value_symbol("·"),
            inner,
        );
    }
}

/// A count that fits a two-column bar.
fn short(n: u64) -> String {
    if n < 100 {
        n.to_string()
    } else {
        String::new()
    }
}

/// "Periode: 01-12-2025 – 23-11-2026 (12 mdr.) · p skifter".
pub fn period_line(lang: Lang, p: &Period, months: Option<u32>) -> String {
    let span = match (p.from, p.to) {
        (None, None) => R::AllTime.get(lang).to_string(),
        (f, t) => format!(
            "{} – {}",
            f.map(format_date).unwrap_or_default(),
            t.map(format_date).unwrap_or_default()
        ),
    };
    let months = months
        .map(|m| format!(" ({})", rt::months(lang, m)))
        .unwrap_or_default();
    format!(
        "{}: {span}{months} · {}",
        R::Period.get(lang),
        R::PeriodKey.get(lang)
    )
}

fn headline(s: &Stats, lang: Lang, months: Option<u32>) -> [String; 3] {
    [
        period_line(lang, &s.period, months),
        format!(
            "{} {} · {} {}",
            R::Concerns.get(lang),
            s.total.shown(),
            R::Overdue.get(lang),
            s.overdue.shown(),
        ),
        format!(
            "{}: {} {} · {} {} · {} {}",
            R::MedianDays.get(lang),
            R::ToScreening.get(lang),
            rt::median(lang, s.days_to_screening),
            R::ToReview.get(lang),
            rt::median(lang, s.days_to_review),
            R::ToClosure.get(lang),
            rt::median(lang, s.days_to_closure),
        ),
    ]
}

/// A table as horizontal text bars, largest first; empty rows are left out to make room.
fn bars<K>(
    view: &View,
    f: &mut Frame,
    area: Rect,
    title: &str,
    t: &Table<K>,
    label: impl Fn(&K) -> String,
) {
    let block = Block::default().borders(Borders::TOP).title(Span::styled(
        fit(title, area.width as usize),
        view.theme.section(),
    ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let mut rows: Vec<&(K, Cell)> = t
        .rows
        .iter()
        .filter(|(_, c)| *c != Cell::Count(0))
        .collect();
    // Published counts by size; suppressed ones after them, in table order.
    rows.sort_by_key(|(_, c)| std::cmp::Reverse(c.count()));
    let max = rows
        .iter()
        .filter_map(|(_, c)| c.count())
        .max()
        .unwrap_or(0);
    let w = inner.width as usize;
    let label_w = (w / 2).min(22);
    let value_w = 6;
    let bar_w = w.saturating_sub(label_w + value_w + 2);
    let lines: Vec<Line> = rows
        .iter()
        .take(inner.height as usize)
        .map(|(k, c)| {
            let len = match c.count() {
                Some(n) if max > 0 => {
                    usize::try_from(n.saturating_mul(bar_w as u64) / max).unwrap_or(0)
                }
                _ => 0,
            };
            Line::from(vec![
                Span::raw(cell(&label(k), label_w)),
                Span::raw(" "),
                Span::styled("█".repeat(len), view.theme.key()),
                Span::raw(format!(" {}", c.shown())),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
