//! Start screen: the work queue in groups — drafts (unfinished intakes come back first),
//! overdue, due this week, awaiting screening, awaiting joint review, info requests and police
//! feedback past due, then what comes later. Each group header carries its full count.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};

use super::View;
use crate::domain::dates::format_datetime;
use crate::domain::draft::FormKind;
use crate::i18n::T;
use crate::i18n::follow::{self as fo, Fu};
use crate::i18n::live as lv;
use crate::service::{Group, QueueEntry, WorkQueue};
use crate::tui::app::{Env, Nav, Screen};
use crate::tui::keymap::Action;
use crate::tui::overlay::{Confirm, Overlay};
use crate::tui::screens::{DetailScreen, ListScreen};
use crate::tui::widgets::{case_line_at, cell, fit};

/// One row of the queue as drawn; only drafts and entries can be selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    DraftsHeader,
    Draft(usize),
    Header(usize),
    Entry(usize, usize),
    More(usize),
}

impl Row {
    fn selectable(self) -> bool {
        matches!(self, Row::Draft(_) | Row::Entry(..))
    }
}

pub struct QueueScreen {
    pub queue: Option<WorkQueue>,
    rows: Vec<Row>,
    pub selected: usize,
}

impl QueueScreen {
    pub fn load(env: &mut Env) -> QueueScreen {
        let mut q = QueueScreen {
            queue: None,
            rows: Vec::new(),
            selected: 0,
        };
        q.reload(env);
        q
    }

    pub fn reload(&mut self, env: &mut Env) {
        match env.svc.work_queue() {
            Ok(q) => {
                self.rows = rows_of(&q);
                self.queue = Some(q);
            }
            Err(e) => env.fail(&e),
        }
        let last = self.rows.len().saturating_sub(1);
        self.selected = self.selected.min(last);
        self.settle(1);
    }

    /// Reloads because someone changed something (the console's live update): the selection
    /// stays on the draft or case it was on, wherever that line now is, so a line added
    /// above does not move the user to another case.
    pub fn refresh(&mut self, env: &mut Env) {
        let before = self.selected_identity();
        self.reload(env);
        if let Some(i) = before
            .and_then(|id| (0..self.rows.len()).find(|&i| self.identity(self.rows[i]) == Some(id)))
        {
            self.selected = i;
        }
    }

    /// What a selectable row stands for, across reloads: a draft, or a case in a group.
    fn identity(&self, row: Row) -> Option<(Option<Group>, u64)> {
        let q = self.queue.as_ref()?;
        match row {
            Row::Draft(i) => q.drafts.get(i).map(|d| (None, d.id)),
            Row::Entry(g, e) => {
                let group = q.groups.get(g)?;
                group.entries.get(e).map(|x| (Some(group.group), x.line.no))
            }
            _ => None,
        }
    }

    fn selected_identity(&self) -> Option<(Option<Group>, u64)> {
        self.identity(*self.rows.get(self.selected)?)
    }

    /// Moves the selection off a header, in direction `dir`, falling back the other way.
    fn settle(&mut self, dir: isize) {
        for d in [dir, -dir] {
            let mut i = self.selected as isize;
            while i >= 0 && (i as usize) < self.rows.len() {
                if self.rows[i as usize].selectable() {
                    self.selected = i as usize;
                    return;
                }
                i += d;
            }
        }
    }

    fn step(&mut self, by: isize) {
        let last = self.rows.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + by).clamp(0, last.max(0)) as usize;
        self.settle(if by < 0 { -1 } else { 1 });
    }

    /// The case entry under the selection.
    pub fn selected_entry(&self) -> Option<&QueueEntry> {
        let q = self.queue.as_ref()?;
        match self.rows.get(self.selected)? {
            Row::Entry(g, e) => q.groups.get(*g)?.entries.get(*e),
            _ => None,
        }
    }

    fn selected_draft(&self) -> Option<&crate::domain::draft::Draft> {
        let q = self.queue.as_ref()?;
        match self.rows.get(self.selected)? {
            Row::Draft(i) => q.drafts.get(*i),
            _ => None,
        }
    }

    pub fn update(&mut self, env: &mut Env, action: Option<Action>, _key: KeyEvent) -> Nav {
        if self.queue.is_none() {
            return match action {
                Some(Action::Quit) => Nav::Quit,
                Some(Action::Refresh) => {
                    self.reload(env);
                    Nav::Stay
                }
                _ => Nav::Stay,
            };
        }
        match action {
            Some(Action::Up) => self.step(-1),
            Some(Action::Down) => self.step(1),
            Some(Action::Top) => {
                self.selected = 0;
                self.settle(1);
            }
            Some(Action::Bottom) => {
                self.selected = self.rows.len().saturating_sub(1);
                self.settle(-1);
            }
            Some(Action::PageUp) => self.step(-10),
            Some(Action::PageDown) => self.step(10),
            Some(Action::Open) => {
                if self.selected_draft().is_some() && env.svc.redacted() {
                    // The draft was read redacted: typing into it would save initials.
                    env.error(crate::i18n::follow::Fu::NoIntakeRedacted.get(env.lang));
                    return Nav::Stay;
                }
                if let Some(d) = self.selected_draft() {
                    // Re-read it: another session may have filed or discarded it meanwhile.
                    return match env.svc.draft(d.id) {
                        Ok(Some(d)) => crate::tui::forms::resume(env, d),
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
                if let Some(s) = self.selected_entry() {
                    return match DetailScreen::open(env, s.line.no) {
                        Ok(d) => Nav::Push(Screen::Detail(Box::new(d))),
                        Err(e) => {
                            env.fail(&e);
                            Nav::Stay
                        }
                    };
                }
            }
            Some(Action::FollowUp) => {
                let Some(no) = self.selected_entry().map(|e| e.line.no) else {
                    return Nav::Stay;
                };
                return match env.svc.case(no) {
                    Ok(v) if v.state.stage.is_open() => {
                        crate::tui::forms::follow_up_form(env, v.state, None)
                    }
                    // A closed case's due item is its post-closure review.
                    Ok(v) => crate::tui::forms::post_review_form(env, v.state),
                    Err(e) => {
                        env.fail(&e);
                        Nav::Stay
                    }
                };
            }
            Some(Action::DiscardDraft) => match self.selected_draft() {
                Some(d) => return Nav::Overlay(Overlay::Confirm(Confirm::DiscardDraft(d.id))),
                None => env.error(T::NotADraft.get(env.lang)),
            },
            Some(Action::CaseList) => return Nav::Push(Screen::List(ListScreen::open(env, false))),
            Some(Action::Meetings) => {
                return Nav::Push(Screen::Meetings(Box::new(
                    crate::tui::screens::MeetingsScreen::load(env),
                )));
            }
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
        let overdue = q.overdue();
        let title = Line::from(vec![
            Span::raw(" "),
            Span::styled(
                format!("{overdue} {} ", T::Overdue.get(lang).to_lowercase()),
                if overdue > 0 {
                    view.theme.overdue()
                } else {
                    view.theme.dim()
                },
            ),
            Span::styled(
                format!(
                    "· {} {} ",
                    q.total(Group::ThisWeek),
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
        if self.rows.is_empty() {
            f.render_widget(Paragraph::new(Fu::NothingAtAll.get(lang)), inner);
            return;
        }
        let width = inner.width as usize;
        let items: Vec<ListItem> = self
            .rows
            .iter()
            .map(|r| ListItem::new(row_line(view, q, *r, width)))
            .collect();
        let mut state = ListState::default().with_selected(Some(self.selected));
        let list = List::new(items).highlight_style(view.theme.selected());
        f.render_stateful_widget(list, inner, &mut state);
    }
}

fn rows_of(q: &WorkQueue) -> Vec<Row> {
    let mut rows = Vec::new();
    if !q.drafts.is_empty() {
        rows.push(Row::DraftsHeader);
        rows.extend((0..q.drafts.len()).map(Row::Draft));
    }
    for (gi, g) in q.groups.iter().enumerate() {
        rows.push(Row::Header(gi));
        rows.extend((0..g.entries.len()).map(|e| Row::Entry(gi, e)));
        if g.total > g.entries.len() && g.group != Group::Later {
            rows.push(Row::More(gi));
        }
    }
    rows
}

fn row_line(view: &View, q: &WorkQueue, row: Row, width: usize) -> Line<'static> {
    let lang = view.lang;
    match row {
        Row::DraftsHeader => Line::styled(
            format!("{} ({})", Fu::GDrafts.get(lang), q.drafts.len()),
            view.theme.heading(),
        ),
        Row::Header(gi) => {
            let g = &q.groups[gi];
            let style = match g.group {
                Group::Overdue | Group::RequestsOverdue | Group::PoliceOverdue | Group::Legal => {
                    view.theme.overdue()
                }
                _ => view.theme.heading(),
            };
            Line::styled(
                format!("{} ({})", fo::group(g.group).get(lang), g.total),
                style,
            )
        }
        Row::More(gi) => {
            let g = &q.groups[gi];
            Line::styled(
                format!("   … {} {}", g.total - g.entries.len(), Fu::More.get(lang)),
                view.theme.dim(),
            )
        }
        Row::Draft(i) => {
            let d = &q.drafts[i];
            let what = match (d.kind, d.case) {
                (FormKind::Intake, Some(no)) => format!("{} #{no}", T::EditOfCase.get(lang)),
                (FormKind::Intake, None) => T::DraftWord.get(lang).to_string(),
                (kind, Some(no)) => format!("{} #{no}", lv::form_kind(lang, kind)),
                (kind, None) => lv::form_kind(lang, kind).to_string(),
            };
            let head = if view.redacted {
                Fu::Hidden.get(lang).to_string()
            } else {
                match d.headline() {
                    h if h.is_empty() => T::EmptyTitle.get(lang).to_string(),
                    h => h,
                }
            };
            let prefix = format!("✎ {} {} ", cell(&what, 14), format_datetime(d.updated_at));
            let rest = width.saturating_sub(prefix.chars().count() + d.author.len() + 3);
            Line::from(vec![
                Span::styled(prefix, view.theme.warning()),
                Span::raw(fit(&head, rest)),
                Span::styled(format!("  ({})", d.author), view.theme.dim()),
            ])
        }
        Row::Entry(gi, ei) => {
            let e = &q.groups[gi].entries[ei];
            let what = fo::due_kind(lang, e.item.kind);
            case_line_at(
                view,
                &e.line,
                width,
                e.item.date,
                Some(what),
                Some(e.overdue),
            )
        }
    }
}
