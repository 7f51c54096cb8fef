//! Meeting mode: the agenda on the left, the selected item on the right. `Enter` records the
//! item's decision, `Space` steps to the next undecided item, `x` saves the minutes. Opens in
//! redacted mode when the team's settings say so (the default): a projector shows initials and
//! case numbers only.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use super::View;
use crate::domain::CaseState;
use crate::domain::dates::format_date;
use crate::domain::due::due_items;
use crate::domain::meeting::{Meeting, Subject};
use crate::domain::text::redact;
use crate::i18n::follow::{self as fo, Fu};
use crate::i18n::{self, T};
use crate::service::person_names;
use crate::tui::app::{Env, Nav};
use crate::tui::forms::form_screen;
use crate::tui::forms::meeting::AddItemForm;
use crate::tui::keymap::Action;
use crate::tui::widgets::{fit, label_cell, shown_name};

pub struct MeetingScreen {
    pub meeting: Meeting,
    /// The case of each case item, read when the meeting opens or changes.
    cases: Vec<Option<CaseState>>,
    pub selected: usize,
}

impl MeetingScreen {
    pub fn open(env: &mut Env, meeting: Meeting) -> MeetingScreen {
        let redact_default = env
            .svc
            .config()
            .map(|c| c.meeting.redacted_by_default)
            .unwrap_or(true);
        if redact_default && !*env.redacted {
            *env.redacted = true;
            env.info(Fu::RedactedOn.get(env.lang));
        }
        let mut s = MeetingScreen {
            meeting,
            cases: Vec::new(),
            selected: 0,
        };
        s.read_cases(env, true);
        s.selected = s.next_open(0).unwrap_or(0);
        s
    }

    fn read_cases(&mut self, env: &mut Env, first: bool) {
        match env.svc.agenda_cases(&self.meeting, first) {
            Ok(c) => self.cases = c,
            Err(e) => env.fail(&e),
        }
    }

    pub fn reload(&mut self, env: &mut Env) {
        self.refresh(env);
        // Having just decided the selected item, the next one is what the meeting takes up.
        let decided = self
            .meeting
            .items
            .get(self.selected)
            .is_some_and(|i| i.outcome.is_some());
        if decided && let Some(n) = self.next_open(self.selected) {
            self.selected = n;
        }
    }

    /// Reads the meeting and its cases again, the selection where it was: what another
    /// session's decision needs (only the user's own decision moves on to the next item).
    pub fn refresh(&mut self, env: &mut Env) {
        match env.svc.meeting(self.meeting.no) {
            Ok(m) => self.meeting = m,
            Err(e) => env.fail(&e),
        }
        self.read_cases(env, false);
        self.selected = self
            .selected
            .min(self.meeting.items.len().saturating_sub(1));
    }

    /// The first undecided item from `from` on, wrapping around.
    fn next_open(&self, from: usize) -> Option<usize> {
        let n = self.meeting.items.len();
        (0..n)
            .map(|k| (from + k) % n)
            .find(|&i| self.meeting.items[i].outcome.is_none())
    }

    pub fn update(&mut self, env: &mut Env, action: Option<Action>, _key: KeyEvent) -> Nav {
        let last = self.meeting.items.len().saturating_sub(1);
        match action {
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) => self.selected = (self.selected + 1).min(last),
            Some(Action::Top) => self.selected = 0,
            Some(Action::Bottom) => self.selected = last,
            Some(Action::PageUp) => self.selected = self.selected.saturating_sub(10),
            Some(Action::PageDown) => self.selected = (self.selected + 10).min(last),
            Some(Action::NextItem) => {
                self.selected = self
                    .next_open((self.selected + 1) % (last + 1))
                    .unwrap_or(self.selected)
            }
            Some(Action::Decide) => {
                if self.meeting.items.get(self.selected).is_none() {
                    env.error(Fu::PickItem.get(env.lang));
                    return Nav::Stay;
                }
                let model = match crate::tui::forms::meeting::item_form(
                    env,
                    self.meeting.clone(),
                    self.selected,
                ) {
                    Ok(m) => m,
                    Err(e) => {
                        env.fail(&e);
                        return Nav::Stay;
                    }
                };
                return Nav::Push(form_screen(env, Box::new(model)));
            }
            Some(Action::AddTopic) => {
                let model = AddItemForm {
                    meeting: self.meeting.no,
                };
                return Nav::Push(form_screen(env, Box::new(model)));
            }
            Some(Action::Minutes) => match env.svc.minutes(self.meeting.no).and_then(|m| {
                env.svc
                    .save_minutes(self.meeting.no, fo::minutes(env.lang, &m))
            }) {
                Ok(path) => env.info(format!(
                    "{} {}",
                    Fu::MinutesSaved.get(env.lang),
                    path.display()
                )),
                Err(e) => env.fail(&e),
            },
            Some(Action::Back) => return Nav::Pop,
            _ => {}
        }
        Nav::Stay
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let lang = view.lang;
        let m = &self.meeting;
        let title = format!(
            " {} {} · {} · {} · {}/{} {} ",
            Fu::MeetingWord.get(lang),
            m.no,
            fo::meeting_kind(lang, m.kind),
            format_date(m.date),
            m.done(),
            m.items.len(),
            Fu::ItemsDone.get(lang)
        );
        let block = Block::default().borders(Borders::TOP).title(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(inner);
        let width = left.width as usize;
        let items: Vec<ListItem> = m
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let mark = if item.outcome.is_some() { "✓" } else { " " };
                let text = match (&item.subject, self.cases.get(i)) {
                    (Subject::Case { no, .. }, Some(Some(s))) => {
                        format!("#{no} {}", shown_name(view, &s.intake.person.name))
                    }
                    (Subject::Case { no, .. }, _) => format!("#{no}"),
                    (Subject::General(t), _) => t.clone(),
                };
                ListItem::new(Line::from(vec![
                    Span::styled(format!("{mark} "), view.theme.ok()),
                    Span::raw(fit(&format!("{}. {text}", i + 1), width.saturating_sub(2))),
                ]))
            })
            .collect();
        let mut state = ListState::default().with_selected(Some(self.selected));
        f.render_stateful_widget(
            List::new(items).highlight_style(view.theme.selected()),
            left,
            &mut state,
        );
        let detail = Paragraph::new(self.detail_lines(view))
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::LEFT));
        f.render_widget(detail, right);
    }

    fn detail_lines(&self, view: &View) -> Vec<Line<'static>> {
        let lang = view.lang;
        let Some(item) = self.meeting.items.get(self.selected) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut names: Vec<String> = Vec::new();
        match (&item.subject, self.cases.get(self.selected)) {
            (Subject::Case { no, reason }, Some(Some(s))) => {
                if view.redacted {
                    names = person_names(s);
                }
                let band = s
                    .intake
                    .age(view.today)
                    .map(|a| i18n::age_band(crate::domain::age::AgeBand::from_age(a)))
                    .unwrap_or("–");
                out.push(Line::styled(
                    format!(
                        "{} #{no} · {} · {band}",
                        Fu::CaseItem.get(lang),
                        shown_name(view, &s.intake.person.name)
                    ),
                    view.theme.heading(),
                ));
                out.push(Line::from(fo::reason(lang, *reason).to_string()));
                out.push(Line::from(format!(
                    "{}{}",
                    label_cell(Fu::Stage.get(lang)),
                    i18n::stage(lang, s.stage)
                )));
                out.push(Line::from(format!(
                    "{}{}",
                    label_cell(Fu::NextDate.get(lang)),
                    format_date(s.next_date)
                )));
                let waiting: Vec<String> = due_items(s)
                    .into_iter()
                    .map(|d| format!("{} {}", fo::due_kind(lang, d.kind), format_date(d.date)))
                    .collect();
                out.push(Line::from(format!(
                    "{}{}",
                    label_cell(Fu::Waiting.get(lang)),
                    waiting.join(", ")
                )));
                let concerns: Vec<&str> = s
                    .intake
                    .concerns
                    .iter()
                    .map(|c| i18n::concern(lang, *c))
                    .collect();
                out.push(Line::from(format!(
                    "{}{}",
                    label_cell(T::ConcernTypeLabel.get(lang)),
                    concerns.join(", ")
                )));
                if let Some(fu) = s.flow.follow_ups.last() {
                    out.push(Line::from(""));
                    out.push(Line::styled(
                        format!("{} {}", Fu::LastFollowUp.get(lang), format_date(fu.date)),
                        view.theme.label(),
                    ));
                    out.push(Line::from(shown_text(&fu.summary, &names, view.redacted)));
                }
            }
            (Subject::Case { no, .. }, _) => out.push(Line::from(format!("#{no}"))),
            (Subject::General(t), _) => {
                out.push(Line::styled(
                    Fu::GeneralItem.get(lang).to_string(),
                    view.theme.label(),
                ));
                out.push(Line::styled(t.clone(), view.theme.heading()));
            }
        }
        if let Some(o) = &item.outcome {
            out.push(Line::from(""));
            out.push(Line::styled(
                format!("✓ {}", Fu::Decision.get(lang)),
                view.theme.ok(),
            ));
            out.push(Line::from(shown_text(&o.decision, &names, view.redacted)));
            if let Some(d) = o.follow {
                out.push(Line::from(format!(
                    "{}{}",
                    label_cell(Fu::Outcome.get(lang)),
                    fo::decision(lang, d)
                )));
            }
            if !o.who_acts.is_empty() {
                out.push(Line::from(format!(
                    "{}{}",
                    label_cell(Fu::WhoActs.get(lang)),
                    shown_text(&o.who_acts, &names, view.redacted)
                )));
            }
            if let Some(n) = o.next {
                out.push(Line::from(format!(
                    "{}{}",
                    label_cell(Fu::Next.get(lang)),
                    format_date(n)
                )));
            }
        }
        out
    }
}

fn shown_text(text: &str, names: &[String], redacted: bool) -> String {
    if redacted {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        redact(text, &names)
    } else {
        text.to_string()
    }
}
