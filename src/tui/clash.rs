//! Choosing, field by field, between the user's value and a colleague's when both changed the
//! same fields of a form since the user began (`ServiceError::Clash`). Both texts are shown,
//! one field at a time, over the form (as much of each as half the box holds, the rest
//! counted); the keyboard chooses (1 or ← for the user's,
//! 2 or → for the colleague's), ↑↓ move between the fields, Enter saves with the choices, Esc
//! goes back to the form and saves nothing. It knows only labels and texts, so any form can
//! ask with it; the form gets the choices back (`Choice::keeps`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::form::wrap::wrap;
use super::keymap::Action;
use super::screens::View;
use crate::domain::edit::Keep;
use crate::i18n::T;

/// One field both changed.
#[derive(Debug, Clone)]
pub struct Field {
    pub label: String,
    pub mine: String,
    pub theirs: String,
    pub keep: Option<Keep>,
}

/// The question, and the answers so far.
#[derive(Debug, Clone)]
pub struct Choice {
    /// Who else changed the fields, and when: "jens at 14:02".
    pub who: String,
    pub fields: Vec<Field>,
    pub sel: usize,
    /// Enter before every field had an answer.
    pub unanswered: bool,
}

/// What a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Stay,
    /// Every field answered: save with the choices.
    Done,
    /// Back to the form, nothing saved.
    Cancel,
}

impl Choice {
    pub fn new(who: String, fields: Vec<Field>) -> Choice {
        Choice {
            who,
            fields,
            sel: 0,
            unanswered: false,
        }
    }

    pub fn on_key(&mut self, action: Option<Action>) -> Step {
        let n = self.fields.len();
        match action {
            Some(Action::Back) => return Step::Cancel,
            Some(Action::Up) => self.sel = self.sel.saturating_sub(1),
            Some(Action::Down) => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            Some(Action::KeepMine) => self.answer(Keep::Mine),
            Some(Action::KeepTheirs) => self.answer(Keep::Theirs),
            Some(Action::Accept) => {
                if let Some(i) = self.fields.iter().position(|f| f.keep.is_none()) {
                    self.sel = i;
                    self.unanswered = true;
                } else {
                    return Step::Done;
                }
            }
            _ => {}
        }
        Step::Stay
    }

    /// Answers the field in view and moves on to the next one without an answer.
    fn answer(&mut self, keep: Keep) {
        if let Some(f) = self.fields.get_mut(self.sel) {
            f.keep = Some(keep);
        }
        self.unanswered = false;
        let n = self.fields.len();
        if let Some(next) = (1..n)
            .map(|d| (self.sel + d) % n)
            .find(|&i| self.fields[i].keep.is_none())
        {
            self.sel = next;
        }
    }

    /// The answers, in the order of the fields (only once every field has one).
    pub fn keeps(&self) -> Option<Vec<Keep>> {
        self.fields.iter().map(|f| f.keep).collect()
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let lang = view.lang;
        let th = view.theme;
        let r = area;
        f.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.error())
            .title(format!(" {} ", T::ClashTitle.get(lang)));
        let inner = block.inner(r);
        f.render_widget(block, r);
        let w = usize::from(inner.width.max(1));
        let mut lines: Vec<Line<'static>> = Vec::new();
        for l in wrap(
            &format!("{} {}", T::ClashIntro.get(lang), self.who),
            w,
            None,
        )
        .0
        {
            lines.push(Line::raw(l));
        }
        // The fields, each with its answer so far.
        let mut tabs: Vec<Span<'static>> = Vec::new();
        for (i, fld) in self.fields.iter().enumerate() {
            let mark = match fld.keep {
                None => "?",
                Some(Keep::Mine) => "1",
                Some(Keep::Theirs) => "2",
            };
            let pointer = if i == self.sel { '›' } else { ' ' };
            let text = format!("{pointer}{} [{mark}] ", fld.label);
            tabs.push(if i == self.sel {
                Span::styled(text, th.selected())
            } else {
                Span::raw(text)
            });
        }
        lines.push(Line::from(tabs));
        lines.push(Line::raw(""));
        let Some(fld) = self.fields.get(self.sel) else {
            f.render_widget(Paragraph::new(lines), inner);
            return;
        };
        // The two texts share what is left, the rest of the box, half each at most.
        let footer = 1;
        let left = usize::from(inner.height).saturating_sub(lines.len() + footer);
        let per = (left / 2).max(2);
        for (key, head, text, keep) in [
            ("1", T::ClashMine, &fld.mine, Keep::Mine),
            ("2", T::ClashTheirs, &fld.theirs, Keep::Theirs),
        ] {
            let chosen = fld.keep == Some(keep);
            let title = format!(
                "{key} {}{}",
                head.get(lang),
                if chosen {
                    format!(" ✓ {}", T::ClashKept.get(lang))
                } else {
                    String::new()
                }
            );
            lines.push(Line::styled(
                title,
                if chosen { th.title() } else { th.dim() },
            ));
            let body = wrap(text, w.saturating_sub(2).max(1), None).0;
            let shown = body.len().min(per.saturating_sub(1).max(1));
            for l in body.iter().take(shown) {
                lines.push(Line::raw(format!("  {l}")));
            }
            if body.len() > shown {
                lines.push(Line::styled(
                    format!("  … (+{})", body.len() - shown),
                    th.dim(),
                ));
            }
        }
        if self.unanswered {
            lines.push(Line::styled(T::ClashUnanswered.get(lang), th.error()));
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}
