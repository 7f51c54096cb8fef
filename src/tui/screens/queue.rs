//! Start screen: drafts first (they are unfinished work), then open cases by next date.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};

use super::View;
use crate::domain::dates::format_datetime;
use crate::i18n::T;
use crate::service::WorkQueue;
use crate::tui::app::{Env, Nav, Screen};
use crate::tui::keymap::Action;
use crate::tui::overlay::{Confirm, Overlay};
use crate::tui::screens::{DetailScreen, IntakeScreen, ListScreen};
use crate::tui::widgets::{case_line, cell, fit};

pub struct QueueScreen {
    pub queue: Option<WorkQueue>,
    pub selected: usize,
}

impl QueueScreen {
    pub fn load(env: &mut Env) -> QueueScreen {
        let mut q = QueueScreen {
            queue: None,
            selected: 0,
        };
        q.reload(env);
        q
    }

    pub fn reload(&mut self, env: &mut Env) {
        match env.svc.work_queue() {
            Ok(q) => self.queue = Some(q),
            Err(e) => env.fail(&e),
        }
        self.selected = self.selected.min(self.len().saturating_sub(1));
    }

    fn len(&self) -> usize {
        self.queue
            .as_ref()
            .map_or(0, |q| q.drafts.len() + q.due.len())
    }

    pub fn update(&mut self, env: &mut Env, action: Option<Action>, _key: KeyEvent) -> Nav {
        let len = self.len();
        let Some(q) = &self.queue else {
            return match action {
                Some(Action::Quit) => Nav::Quit,
                Some(Action::Refresh) => {
                    self.reload(env);
                    Nav::Stay
                }
                _ => Nav::Stay,
            };
        };
        match action {
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) => self.selected = (self.selected + 1).min(len.saturating_sub(1)),
            Some(Action::Top) => self.selected = 0,
            Some(Action::Bottom) => self.selected = len.saturating_sub(1),
            Some(Action::PageUp) => self.selected = self.selected.saturating_sub(10),
            Some(Action::PageDown) => {
                self.selected = (self.selected + 10).min(len.saturating_sub(1))
            }
            Some(Action::Open) => {
                if let Some(d) = q.drafts.get(self.selected) {
                    // Re-read it: another session may have filed or discarded it meanwhile.
                    return match env.svc.draft(d.id) {
                        Ok(Some(d)) => {
                            env.info(T::Resumed.get(env.lang));
                            Nav::Push(Screen::Intake(Box::new(IntakeScreen::new(env, d))))
                        }
                        Ok(None) => {
                            self.reload(env);
                            Nav::Stay
                        }
                        Err(e) => {
                            env.fail(&e);
                            Nav::Stay
                        }
                    };
                }
                if let Some(s) = q.due.get(self.selected - q.drafts.len()) {
                    return match DetailScreen::open(env, s.no) {
                        Ok(d) => Nav::Push(Screen::Detail(Box::new(d))),
                        Err(e) => {
                            env.fail(&e);
                            Nav::Stay
                        }
                    };
                }
            }
            Some(Action::DiscardDraft) => match q.drafts.get(self.selected) {
                Some(d) => return Nav::Overlay(Overlay::Confirm(Confirm::DiscardDraft(d.id))),
                None => env.error(T::NotADraft.get(env.lang)),
            },
            Some(Action::CaseList) => return Nav::Push(Screen::List(ListScreen::open(env, false))),
            Some(Action::Refresh) => self.reload(env),
            Some(Action::Statistics) => {
                return Nav::Push(Screen::Stats(Box::new(super::StatsScreen::open(env))));
            }
            Some(Action::Quit) => return Nav::Quit,
            _ => {}
        }
        Nav::Stay
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let lang = view.lang;
        let Some(q) = &self.queue else {
            f.render_widget(Paragraph::new(T::Loading.get(lang)), area);
            return;
        };
        let title = Line::from(vec![
            Span::raw(" "),
            Span::styled(
                format!("{} {} ", q.overdue, T::Overdue.get(lang).to_lowercase()),
                if q.overdue > 0 {
                    view.theme.overdue()
                } else {
                    view.theme.dim()
                },
            ),
            Span::styled(
                format!(
                    "· {} {} ",
                    q.due_this_week,
                    T::DueThisWeek.get(lang).to_lowercase()
                ),
                view.theme.due_soon(),
            ),
            Span::raw(format!(
                "· {} {} ",
                q.open,
                T::OpenCases.get(lang).to_lowercase()
            )),
        ]);
        let block = Block::default().borders(Borders::TOP).title(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let width = inner.width as usize;
        let mut items: Vec<ListItem> = Vec::with_capacity(self.len() + 2);
        for d in &q.drafts {
            let what = match d.editing {
                Some(no) => format!("{} #{no}", T::EditOfCase.get(lang)),
                None => T::DraftWord.get(lang).to_string(),
            };
            let head = d.headline();
            let head = if head.is_empty() {
                T::EmptyTitle.get(lang).to_string()
            } else {
                head
            };
            let prefix = format!("✎ {} {} ", cell(&what, 14), format_datetime(d.updated_at));
            let rest = width.saturating_sub(prefix.chars().count() + d.author.len() + 3);
            items.push(ListItem::new(Line::from(vec![
                Span::styled(prefix, view.theme.warning()),
                Span::raw(fit(&head, rest)),
                Span::styled(format!("  ({})", d.author), view.theme.dim()),
            ])));
        }
        for s in &q.due {
            items.push(ListItem::new(case_line(view, s, width)));
        }
        if items.is_empty() {
            f.render_widget(Paragraph::new(T::NothingDue.get(lang)), inner);
            return;
        }
        let mut state = ListState::default().with_selected(Some(self.selected));
        let list = List::new(items).highlight_style(view.theme.selected());
        f.render_stateful_widget(list, inner, &mut state);
    }
}
