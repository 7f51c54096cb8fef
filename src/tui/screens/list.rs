//! Every case, with `/` incremental search and filters on stage, concern type and age band.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};
use tui_input::Input;

use super::View;
use crate::domain::age::AgeBand;
use crate::domain::intake::ConcernType;
use crate::domain::stage::Stage;
use crate::domain::text::LINE_LIMIT;
use crate::i18n::{self, T};
use crate::service::{CaseLine, ListFilter, SearchReason};
use crate::tui::app::{Env, Nav, Screen};
use crate::tui::keymap::Action;
use crate::tui::screens::DetailScreen;
use crate::tui::text_input;
use crate::tui::widgets::{case_line, case_line_at};

/// Rows fetched around the selection; the list scrolls through the rest page by page.
const WINDOW: usize = 200;

pub struct ListScreen {
    pub filter: ListFilter,
    pub input: Input,
    pub searching: bool,
    pub total: usize,
    pub selected: usize,
    window_start: usize,
    rows: Vec<CaseLine>,
    /// Why each row was found, when there is a search text.
    reasons: Vec<Vec<SearchReason>>,
    /// The search has more hits than it collected.
    more: bool,
    /// The query last written to the audit log, so leaving the field and then opening a
    /// result logs it once.
    committed: String,
}

/// Steps an optional filter through `None, all[0], all[1], …, None`.
fn cycle<T: Copy + PartialEq>(current: Option<T>, all: &[T]) -> Option<T> {
    match current {
        None => all.first().copied(),
        Some(c) => all
            .iter()
            .position(|x| *x == c)
            .and_then(|i| all.get(i + 1).copied()),
    }
}

impl ListScreen {
    pub fn open(env: &mut Env, searching: bool) -> ListScreen {
        let mut l = ListScreen {
            filter: ListFilter::default(),
            input: Input::default(),
            searching,
            total: 0,
            selected: 0,
            window_start: 0,
            rows: Vec::new(),
            reasons: Vec::new(),
            more: false,
            committed: String::new(),
        };
        l.reload(env);
        l
    }

    pub fn reload(&mut self, env: &mut Env) {
        self.filter.text = self.input.value().to_string();
        self.window_start = self.selected.saturating_sub(WINDOW / 4);
        match env.svc.list(&self.filter, self.window_start, WINDOW) {
            Ok(page) => {
                self.total = page.total;
                self.rows = page.rows;
                self.reasons = page.reasons;
                self.more = page.more;
            }
            Err(e) => env.fail(&e),
        }
        if self.selected >= self.total {
            self.selected = self.total.saturating_sub(1);
            if self.selected < self.window_start {
                self.window_start = 0;
                self.reload(env);
            }
        }
    }

    /// Reloads because someone changed something (the console's live update): same filter
    /// and search text, and the selection stays on its case if that is still in the window.
    pub fn refresh(&mut self, env: &mut Env) {
        let before = self.selected_case().map(|c| c.no);
        self.reload(env);
        if let Some(pos) = before.and_then(|no| self.rows.iter().position(|c| c.no == no)) {
            self.selected = self.window_start + pos;
        }
    }

    fn select(&mut self, env: &mut Env, to: usize) {
        self.selected = to.min(self.total.saturating_sub(1));
        if self.selected < self.window_start || self.selected >= self.window_start + self.rows.len()
        {
            self.reload(env);
        }
    }

    fn selected_case(&self) -> Option<&CaseLine> {
        self.rows.get(self.selected.checked_sub(self.window_start)?)
    }

    pub fn paste(&mut self, env: &mut Env, text: &str) {
        if self.searching {
            text_input::paste(&mut self.input, text, LINE_LIMIT);
            self.selected = 0;
            self.reload(env);
        }
    }

    pub fn update(&mut self, env: &mut Env, action: Option<Action>, key: KeyEvent) -> Nav {
        match action {
            Some(Action::Up) => self.select(env, self.selected.saturating_sub(1)),
            Some(Action::Down) => self.select(env, self.selected + 1),
            Some(Action::Top) => self.select(env, 0),
            Some(Action::Bottom) => self.select(env, self.total.saturating_sub(1)),
            Some(Action::PageUp) => self.select(env, self.selected.saturating_sub(20)),
            Some(Action::PageDown) => self.select(env, self.selected + 20),
            Some(Action::Search) => self.searching = true,
            Some(Action::EndSearch) => {
                self.searching = false;
                self.commit_search(env);
            }
            Some(Action::Open) if self.searching && self.selected_case().is_none() => {
                self.searching = false;
                self.commit_search(env);
            }
            Some(Action::Open) => {
                if let Some(no) = self.selected_case().map(|s| s.no) {
                    if !self.commit_search(env) {
                        return Nav::Stay;
                    }
                    // Back from the case, the list shows these hits, not the search field.
                    self.searching = false;
                    return match DetailScreen::open(env, no) {
                        Ok(d) => Nav::Push(Screen::Detail(Box::new(d))),
                        Err(e) => {
                            env.fail(&e);
                            Nav::Stay
                        }
                    };
                }
            }
            Some(Action::FilterStage) => {
                self.filter.stage = cycle(self.filter.stage, Stage::ALL);
                self.refilter(env);
            }
            Some(Action::FilterConcern) => {
                self.filter.concern = cycle(self.filter.concern, ConcernType::ALL);
                self.refilter(env);
            }
            Some(Action::FilterAge) => {
                self.filter.age_band = cycle(self.filter.age_band, &AgeBand::ALL);
                self.refilter(env);
            }
            Some(Action::ClearFilters) => {
                self.filter = ListFilter::default();
                self.input = Input::default();
                self.refilter(env);
            }
            Some(Action::Back) => return Nav::Pop,
            None if self.searching => {
                if let Some(req) = text_input::request(&key) {
                    let (changed, _) = text_input::apply_key(&mut self.input, req, LINE_LIMIT);
                    if changed {
                        self.refilter(env);
                    }
                }
            }
            _ => {}
        }
        Nav::Stay
    }

    /// Logs the search the user settled on: when a result is opened or the field is left,
    /// never per keystroke. Returns false (with the error shown) when it cannot be logged.
    fn commit_search(&mut self, env: &mut Env) -> bool {
        let query = self.input.value().trim();
        if query == self.committed {
            return true;
        }
        match env.svc.commit_search(query) {
            Ok(()) => {
                self.committed = query.to_string();
                true
            }
            Err(e) => {
                env.fail(&e);
                false
            }
        }
    }

    fn refilter(&mut self, env: &mut Env) {
        self.selected = 0;
        self.reload(env);
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let lang = view.lang;
        let [search_row, filter_row, list_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(area);
        let label = format!("{}: ", T::Search.get(lang));
        let label_w = label.chars().count() as u16;
        let field_w = search_row.width.saturating_sub(label_w + 1) as usize;
        let scroll = self.input.visual_scroll(field_w);
        let visible: String = self
            .input
            .value()
            .chars()
            .skip(scroll)
            .take(field_w)
            .collect();
        let style = if self.searching {
            view.theme.focus_label()
        } else {
            view.theme.label()
        };
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(label, style),
                Span::raw(visible),
            ])),
            search_row,
        );
        if self.searching {
            let x =
                search_row.x + label_w + (self.input.visual_cursor().saturating_sub(scroll)) as u16;
            f.set_cursor_position(Position::new(
                x.min(search_row.right().saturating_sub(1)),
                search_row.y,
            ));
        }
        let any = T::Any.get(lang);
        let stage = self.filter.stage.map_or(any, |s| i18n::stage(lang, s));
        let concern = self.filter.concern.map_or(any, |c| i18n::concern(lang, c));
        let band = self.filter.age_band.map_or(any, i18n::age_band);
        let filters = format!(
            "{}{} {} · {}: {stage} · {}: {concern} · {}: {band}",
            self.total,
            if self.more { "+" } else { "" },
            if self.total == 1 && !self.more {
                T::OneCase.get(lang)
            } else {
                T::Cases.get(lang)
            },
            T::Stage.get(lang),
            T::ConcernTypeLabel.get(lang),
            T::AgeBandLabel.get(lang),
        );
        f.render_widget(Paragraph::new(filters).style(view.theme.dim()), filter_row);
        if self.total == 0 {
            f.render_widget(Paragraph::new(T::NoCasesFound.get(lang)), list_area);
            return;
        }
        let width = list_area.width as usize;
        // With a search text, each row says why it was found instead of its concern types.
        let items: Vec<ListItem> = self
            .rows
            .iter()
            .enumerate()
            .map(
                |(i, s)| match self.reasons.get(i).filter(|r| !r.is_empty()) {
                    Some(r) => {
                        let why: Vec<String> =
                            r.iter().map(|r| i18n::live::search(lang, r)).collect();
                        ListItem::new(case_line_at(
                            view,
                            s,
                            width,
                            s.next_date,
                            Some(why.join(", ")),
                            None,
                        ))
                    }
                    None => ListItem::new(case_line(view, s, width)),
                },
            )
            .collect();
        let mut state =
            ListState::default().with_selected(self.selected.checked_sub(self.window_start));
        f.render_stateful_widget(
            List::new(items).highlight_style(view.theme.selected()),
            list_area,
            &mut state,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_cycles_through_every_value_and_back_to_any() {
        let mut f = None;
        let mut seen = Vec::new();
        for _ in 0..=Stage::ALL.len() {
            f = cycle(f, Stage::ALL);
            seen.push(f);
        }
        assert_eq!(seen.last(), Some(&None));
        assert_eq!(seen[0], Some(Stage::Intake));
    }
}
