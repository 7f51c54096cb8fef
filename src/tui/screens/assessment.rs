//! One assessment beside the one before it: the nine dimensions' risk and resource marking in
//! two columns, changed ratings marked, then the overall risk, recommendation and the texts of
//! the three steps. ←/→ step to older and newer assessments.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::View;
use crate::domain::CaseState;
use crate::domain::dates::format_date;
use crate::domain::flow::{Assessment, Dimension, DimensionRating};
use crate::i18n::Lang;
use crate::i18n::flow::{self as fl, F};
use crate::tui::app::{Env, Nav};
use crate::tui::keymap::Action;
use crate::tui::widgets::cell;

pub struct AssessmentScreen {
    pub state: CaseState,
    /// Position in the case's assessments (oldest first).
    pub pos: usize,
    pub scroll: u16,
}

impl AssessmentScreen {
    pub fn new(state: CaseState, id: u32) -> AssessmentScreen {
        let pos = state
            .flow
            .assessments
            .iter()
            .position(|a| a.id == id)
            .unwrap_or(state.flow.assessments.len().saturating_sub(1));
        AssessmentScreen {
            state,
            pos,
            scroll: 0,
        }
    }

    pub fn title(&self, lang: Lang) -> String {
        format!("{} · #{}", F::AssessmentTitle.get(lang), self.state.no)
    }

    pub fn update(&mut self, _env: &mut Env, action: Option<Action>, _key: KeyEvent) -> Nav {
        let n = self.state.flow.assessments.len();
        match action {
            Some(Action::Back) => return Nav::Pop,
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::Down) => self.scroll = self.scroll.saturating_add(1),
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            Some(Action::PageDown) => self.scroll = self.scroll.saturating_add(10),
            Some(Action::PrevTab) => self.pos = self.pos.saturating_sub(1),
            Some(Action::NextTab) => self.pos = (self.pos + 1).min(n.saturating_sub(1)),
            _ => {}
        }
        Nav::Stay
    }

    fn lines(&self, view: &View, width: usize) -> Vec<Line<'static>> {
        let lang = view.lang;
        let list = &self.state.flow.assessments;
        let Some(newest) = list.get(self.pos) else {
            return vec![Line::raw(F::NoAssessments.get(lang))];
        };
        let previous = self.pos.checked_sub(1).and_then(|i| list.get(i));
        let changed = previous
            .map(|p| newest.changed_since(p))
            .unwrap_or_default();
        // The right column is the newest only when it is the last one; stepped back with ←
        // it is just that assessment.
        let shown = if self.pos + 1 == list.len() {
            F::Newest
        } else {
            F::AssessmentTitle
        };
        let label_w = 28.min(width / 3);
        let col = width.saturating_sub(label_w + 2) / 2;
        let head = |a: Option<&Assessment>, t: F| match a {
            Some(a) => format!("{} {} · {}", t.get(lang), a.id, format_date(a.date)),
            None => format!("{} –", t.get(lang)),
        };
        let mut out = vec![
            Line::styled(
                format!(
                    "{}{}{}",
                    cell("", label_w + 2),
                    cell(&head(previous, F::Previous), col),
                    cell(&head(Some(newest), shown), col)
                ),
                view.theme.section(),
            ),
            Line::styled(F::Step2.get(lang).to_string(), view.theme.dim()),
        ];
        let rating = |r: Option<&DimensionRating>| match r {
            Some(r) => format!(
                "{}{}",
                fl::risk(lang, r.risk),
                if r.resource {
                    format!(" + {}", F::Resource.get(lang))
                } else {
                    String::new()
                }
            ),
            None => "–".into(),
        };
        for d in Dimension::ALL {
            let is_changed = changed.contains(d);
            // Marked with a sign as well as colour, so it shows without colour too.
            let mark = if is_changed { "≠ " } else { "  " };
            let style = if is_changed {
                view.theme.warning()
            } else {
                Style::new()
            };
            out.push(Line::from(vec![
                Span::styled(mark.to_string(), style),
                Span::styled(
                    format!(
                        "{} ",
                        cell(fl::dimension(lang, *d), label_w.saturating_sub(1))
                    ),
                    view.theme.label(),
                ),
                Span::raw(cell(&rating(previous.and_then(|p| p.rating(*d))), col)),
                Span::styled(cell(&rating(newest.rating(*d)), col), style),
            ]));
            if let Some(r) = newest.rating(*d)
                && !r.note.is_empty()
            {
                out.push(Line::styled(
                    format!("{}{}", " ".repeat(label_w + 2 + col), r.note),
                    view.theme.dim(),
                ));
            }
        }
        let overall_changed = previous.is_some_and(|p| p.overall != newest.overall);
        out.push(Line::from(vec![
            Span::raw(if overall_changed { "≠ " } else { "  " }),
            Span::styled(cell(F::Overall.get(lang), label_w), view.theme.key()),
            Span::raw(cell(
                previous.map_or("–", |p| fl::risk(lang, p.overall)),
                col,
            )),
            Span::styled(cell(fl::risk(lang, newest.overall), col), view.theme.key()),
        ]));
        if !changed.is_empty() || overall_changed {
            out.push(Line::styled(
                format!("≠ {}", F::Changed.get(lang)),
                view.theme.dim(),
            ));
        }
        let section = |out: &mut Vec<Line<'static>>, t: F, body: &str| {
            out.push(Line::raw(""));
            out.push(Line::styled(t.get(lang).to_string(), view.theme.section()));
            if !body.is_empty() {
                out.push(Line::raw(body.to_string()));
            }
        };
        section(&mut out, F::Step1, &newest.description);
        section(
            &mut out,
            F::Step3,
            &format!("{}: {}", F::Recommendation.get(lang), newest.recommendation),
        );
        if !newest.rationale.is_empty() {
            out.push(Line::raw(newest.rationale.clone()));
        }
        out
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let width = usize::from(area.width.max(1));
        // In redacted view the case arrived redacted from the service.
        let lines = self.lines(view, width);
        let total: usize = lines.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
        let max = u16::try_from(total.saturating_sub(usize::from(area.height))).unwrap_or(0);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll.min(max), 0)),
            area,
        );
    }
}
