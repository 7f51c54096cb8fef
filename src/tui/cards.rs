//! The actioncards overlay: the list of cards (the ones for the open case first, marked), and
//! one card's text, scrollable. Opened with `a` from any screen that is not a form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::screens::View;
use crate::domain::actioncard::{Card, relevant};
use crate::domain::intake::ConcernType;
use crate::i18n::{self, T};
use crate::service::actioncards::CardSet;
use crate::tui::keymap::Action;
use crate::tui::widgets::fit;

pub struct CardsOverlay {
    /// Suggested cards first.
    pub cards: Vec<Card>,
    /// How many of `cards` are suggested for the case.
    pub suggested: usize,
    /// The problems of unreadable card files, as sentences.
    pub problems: Vec<String>,
    pub sel: usize,
    /// Showing the selected card's text rather than the list.
    pub open: bool,
    pub scroll: u16,
}

/// What the overlay knows about the case it was opened from.
pub struct CaseContext<'a> {
    pub concerns: &'a [ConcernType],
    pub imminent_danger: bool,
    pub age: Option<u32>,
}

impl CardsOverlay {
    pub fn new(set: &CardSet, case: Option<CaseContext>, lang: i18n::Lang) -> CardsOverlay {
        let first: Vec<Card> = match &case {
            Some(c) => relevant(&set.cards, c.concerns, c.imminent_danger, c.age)
                .into_iter()
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        let suggested = first.len();
        let rest: Vec<Card> = set
            .cards
            .iter()
            .filter(|c| !first.iter().any(|f| f.id == c.id))
            .cloned()
            .collect();
        CardsOverlay {
            cards: first.into_iter().chain(rest).collect(),
            suggested,
            problems: set
                .problems
                .iter()
                .map(|p| i18n::card_problem(lang, p))
                .collect(),
            sel: 0,
            open: false,
            scroll: 0,
        }
    }

    /// Handles a keymap action; false closes the overlay.
    pub fn on_key(&mut self, action: Option<Action>) -> bool {
        let n = self.cards.len();
        match action {
            Some(Action::Back) if self.open => {
                self.open = false;
                self.scroll = 0;
            }
            Some(Action::Back | Action::Quit) => return false,
            Some(Action::Up) if self.open => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::Down) if self.open => self.scroll = self.scroll.saturating_add(1),
            Some(Action::PageUp) if self.open => self.scroll = self.scroll.saturating_sub(10),
            Some(Action::PageDown) if self.open => self.scroll = self.scroll.saturating_add(10),
            Some(Action::Up) => self.sel = self.sel.saturating_sub(1),
            Some(Action::Down) => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            Some(Action::Open) if n > 0 => self.open = true,
            _ => {}
        }
        true
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let lang = view.lang;
        let th = view.theme;
        let r = Rect::new(
            area.x + area.width.saturating_sub(area.width.min(76)) / 2,
            area.y + 1,
            area.width.min(76),
            area.height.saturating_sub(2),
        );
        f.render_widget(Clear, r);
        let title = match (self.open, self.cards.get(self.sel)) {
            (true, Some(c)) => format!(" {} — {} ", c.title, T::CardsBack.get(lang)),
            _ => format!(" {} — {} ", T::CardsTitle.get(lang), T::CardsKeys.get(lang)),
        };
        let block = Block::default().borders(Borders::ALL).title(title);
        let inner = block.inner(r);
        f.render_widget(block, r);
        let w = usize::from(inner.width);
        let mut lines: Vec<Line> = Vec::new();
        for p in &self.problems {
            lines.push(Line::styled(fit(&format!("! {p}"), w), th.error()));
        }
        match (self.open, self.cards.get(self.sel)) {
            (true, Some(card)) => {
                for s in &card.sections {
                    if !s.heading.is_empty() {
                        lines.push(Line::raw(""));
                        lines.push(Line::styled(s.heading.clone(), th.section()));
                    }
                    for l in &s.lines {
                        lines.push(Line::raw(l.clone()));
                    }
                }
                let total: usize = lines
                    .iter()
                    .map(|l| l.width().div_ceil(w.max(1)).max(1))
                    .sum();
                let max = total.saturating_sub(usize::from(inner.height));
                let scroll = usize::from(self.scroll).min(max);
                f.render_widget(
                    Paragraph::new(lines)
                        .wrap(Wrap { trim: false })
                        .scroll((u16::try_from(scroll).unwrap_or(0), 0)),
                    inner,
                );
            }
            _ => {
                if self.cards.is_empty() {
                    lines.push(Line::styled(T::CardsNone.get(lang).to_string(), th.dim()));
                }
                for (i, c) in self.cards.iter().enumerate() {
                    let mark = if i < self.suggested {
                        format!("★ {} ", T::CardsSuggested.get(lang))
                    } else {
                        String::new()
                    };
                    let style = if i == self.sel {
                        th.selected()
                    } else {
                        Style::new()
                    };
                    lines.push(Line::from(vec![Span::styled(
                        fit(&format!(" {} {mark}", c.title), w),
                        style,
                    )]));
                }
                f.render_widget(Paragraph::new(lines), inner);
            }
        }
    }
}
