//! Trends for the network meeting's "Tendenser" item: concerns by district × concern type and
//! by source, the last N months against the N before, the change marked. Counts only, small
//! counts suppressed like the statistics (`domain::trends`); reached with `T` from the
//! meetings and the statistics.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::View;
use crate::domain::stats::Cell;
use crate::domain::trends::{Change, MONTH_CHOICES, Trends};
use crate::i18n::trends::{self as tt, Tr};
use crate::i18n::{self, Lang};
use crate::tui::app::{Env, Nav};
use crate::tui::keymap::Action;
use crate::tui::widgets::{cell, fit};

pub struct TrendsScreen {
    pub trends: Option<Trends>,
    /// Position in `MONTH_CHOICES`.
    pub choice: usize,
    pub scroll: u16,
}

impl TrendsScreen {
    pub fn open(env: &mut Env) -> TrendsScreen {
        let mut s = TrendsScreen {
            trends: None,
            choice: 0,
            scroll: 0,
        };
        s.reload(env);
        s
    }

    pub fn months(&self) -> u32 {
        MONTH_CHOICES[self.choice % MONTH_CHOICES.len()]
    }

    pub fn reload(&mut self, env: &mut Env) {
        match env.svc.trends(self.months()) {
            Ok(t) => self.trends = Some(t),
            Err(e) => env.fail(&e),
        }
    }

    pub fn update(&mut self, env: &mut Env, action: Option<Action>, _key: KeyEvent) -> Nav {
        match action {
            Some(Action::Back) => return Nav::Pop,
            Some(Action::Refresh) => self.reload(env),
            Some(Action::ChangePeriod) => {
                self.choice = (self.choice + 1) % MONTH_CHOICES.len();
                self.scroll = 0;
                self.reload(env);
            }
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::Down) => self.scroll = self.scroll.saturating_add(1),
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            Some(Action::PageDown) => self.scroll = self.scroll.saturating_add(10),
            Some(Action::Top) => self.scroll = 0,
            Some(Action::Bottom) => self.scroll = u16::MAX,
            _ => {}
        }
        Nav::Stay
    }

    fn lines(&self, view: &View, width: usize) -> Vec<Line<'static>> {
        let lang = view.lang;
        let Some(t) = &self.trends else {
            return vec![Line::raw(i18n::T::Loading.get(lang))];
        };
        let mut out = vec![
            Line::raw(fit(&tt::heading(lang, t), width)),
            Line::styled(fit(Tr::Legend.get(lang), width), view.theme.dim()),
        ];
        // Label columns, then three number columns of 6, 7 and 8.
        let numbers = 21;
        let first = (width.saturating_sub(numbers) * 2 / 5).min(22);
        let second = width.saturating_sub(numbers + first + 1);
        // Two label columns, or one as wide as both (sources, totals).
        let labels = |a: &str, b: &str| {
            if b.is_empty() {
                cell(a, first + 1 + second)
            } else {
                format!("{} {}", cell(a, first), cell(b, second))
            }
        };
        let header = |a: &str, b: &str| {
            Line::styled(
                format!(
                    "{}{:>6}{:>7}{:>8}",
                    labels(a, b),
                    Tr::Now.get(lang),
                    Tr::Before.get(lang),
                    Tr::Change.get(lang)
                ),
                view.theme.label(),
            )
        };
        let row = |a: &str, b: &str, now: Cell, before: Cell, c: Change| {
            let style = match c {
                Change::By(n) if n > 0 => view.theme.warning(),
                Change::Up => view.theme.warning(),
                _ => ratatui::style::Style::new(),
            };
            Line::from(vec![
                Span::raw(format!(
                    "{}{:>6}{:>7}",
                    labels(a, b),
                    now.shown(),
                    before.shown()
                )),
                Span::styled(format!("{:>8}", tt::change(c)), style),
            ])
        };
        let empty = tt::shown(&t.by_district).next().is_none();
        out.push(Line::raw(""));
        out.push(Line::styled(
            fit(Tr::ByDistrict.get(lang), width),
            view.theme.section(),
        ));
        if empty {
            out.push(Line::styled(Tr::Nothing.get(lang), view.theme.dim()));
        } else {
            out.push(header(Tr::District.get(lang), Tr::Concern.get(lang)));
            let mut last: Option<String> = None;
            for r in tt::shown(&t.by_district) {
                let (d, _) = tt::district(lang, &r.key);
                // The district is written once, on its first row.
                let label = if last.as_deref() == Some(d.as_str()) {
                    String::new()
                } else {
                    d.clone()
                };
                last = Some(d);
                out.push(row(
                    &label,
                    i18n::concern(lang, r.key.concern),
                    r.now,
                    r.before,
                    r.change,
                ));
            }
            let tb = &t.by_district;
            out.push(row(
                Tr::Total.get(lang),
                "",
                tb.now_total,
                tb.before_total,
                tb.change,
            ));
        }
        out.push(Line::raw(""));
        out.push(Line::styled(
            fit(Tr::BySource.get(lang), width),
            view.theme.section(),
        ));
        if tt::shown(&t.by_source).next().is_none() {
            out.push(Line::styled(Tr::Nothing.get(lang), view.theme.dim()));
        } else {
            out.push(header(Tr::Source.get(lang), ""));
            for r in tt::shown(&t.by_source) {
                out.push(row(
                    &tt::source(lang, &r.key),
                    "",
                    r.now,
                    r.before,
                    r.change,
                ));
            }
            let ts = &t.by_source;
            out.push(row(
                Tr::Total.get(lang),
                "",
                ts.now_total,
                ts.before_total,
                ts.change,
            ));
        }
        out
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let lines = self.lines(view, usize::from(area.width));
        let max = lines.len().saturating_sub(usize::from(area.height));
        let scroll = usize::from(self.scroll).min(max);
        f.render_widget(
            Paragraph::new(lines).scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
            area,
        );
    }

    pub fn title(lang: Lang) -> &'static str {
        Tr::Title.get(lang)
    }
}
