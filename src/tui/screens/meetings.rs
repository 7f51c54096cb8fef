//! The list of meetings: newest first, with how far each agenda got; `c` creates one.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};

use super::View;
use crate::domain::dates::format_date;
use crate::domain::meeting::Meeting;
use crate::i18n::follow::{self as fo, Fu};
use crate::tui::app::{Env, Nav, Screen};
use crate::tui::forms::form_screen;
use crate::tui::forms::meeting::NewMeetingForm;
use crate::tui::keymap::Action;
use crate::tui::widgets::cell;

pub struct MeetingsScreen {
    pub meetings: Vec<Meeting>,
    pub selected: usize,
}

impl MeetingsScreen {
    pub fn load(env: &mut Env) -> MeetingsScreen {
        let mut s = MeetingsScreen {
            meetings: Vec::new(),
            selected: 0,
        };
        s.reload(env);
        s
    }

    pub fn reload(&mut self, env: &mut Env) {
        match env.svc.meetings() {
            Ok(m) => self.meetings = m,
            Err(e) => env.fail(&e),
        }
        self.selected = self.selected.min(self.meetings.len().saturating_sub(1));
    }

    /// Reloads because someone changed something: the selection stays on its meeting when a
    /// new one (listed first) arrives.
    pub fn refresh(&mut self, env: &mut Env) {
        let before = self.meetings.get(self.selected).map(|m| m.no);
        self.reload(env);
        if let Some(i) = before.and_then(|no| self.meetings.iter().position(|m| m.no == no)) {
            self.selected = i;
        }
    }

    pub fn update(&mut self, env: &mut Env, action: Option<Action>, _key: KeyEvent) -> Nav {
        let last = self.meetings.len().saturating_sub(1);
        match action {
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) => self.selected = (self.selected + 1).min(last),
            Some(Action::Top) => self.selected = 0,
            Some(Action::Bottom) => self.selected = last,
            Some(Action::Open) => {
                if let Some(m) = self.meetings.get(self.selected) {
                    return Nav::Push(Screen::Meeting(Box::new(super::MeetingScreen::open(
                        env,
                        m.clone(),
                    ))));
                }
            }
            Some(Action::NewMeeting) => {
                let model = NewMeetingForm::new(env);
                return Nav::Push(form_screen(env, Box::new(model)));
            }
            Some(Action::Back) => return Nav::Pop,
            Some(Action::Trends) => {
                return Nav::Push(crate::tui::app::Screen::Trends(Box::new(
                    super::TrendsScreen::open(env),
                )));
            }
            _ => {}
        }
        Nav::Stay
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let lang = view.lang;
        let block = Block::default().borders(Borders::TOP).title(format!(
            " {} ({}) ",
            Fu::Meetings.get(lang),
            self.meetings.len()
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if self.meetings.is_empty() {
            f.render_widget(Paragraph::new(Fu::NoMeetings.get(lang)), inner);
            return;
        }
        let items: Vec<ListItem> = self
            .meetings
            .iter()
            .map(|m| {
                ListItem::new(Line::from(format!(
                    "{}  {}  {}  {}/{} {}",
                    cell(&format!("{} {}", Fu::MeetingWord.get(lang), m.no), 9),
                    format_date(m.date),
                    cell(fo::meeting_kind(lang, m.kind), 18),
                    m.done(),
                    m.items.len(),
                    Fu::ItemsDone.get(lang)
                )))
            })
            .collect();
        let mut state = ListState::default().with_selected(Some(self.selected));
        f.render_stateful_widget(
            List::new(items).highlight_style(view.theme.selected()),
            inner,
            &mut state,
        );
    }
}
