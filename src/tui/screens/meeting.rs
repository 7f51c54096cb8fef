//! Meeting mode: the agenda on the left, the selected item on the right. `Enter` records the
//! item's decision (or, on a decided item, corrects it), `Space` steps to the next undecided
//! item, `+` pulls in cases that were left off, `i` adds an item, `x` saves the minutes, and
//! `PgUp`/`PgDn` scroll the side panel. Opens in redacted view when the team's settings say so
//! (the default): a projector shows initials and case numbers only. Reopened, it resumes at the
//! item the chair last worked on.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};

use super::View;
use crate::domain::CaseState;
use crate::domain::dates::format_date;
use crate::domain::due::due_items;
use crate::domain::meeting::{AgendaItem, Meeting, Subject};
use crate::i18n::follow::{self as fo, Fu};
use crate::i18n::{self, T};
use crate::tui::app::{Env, Nav};
use crate::tui::form::wrap::wrap;
use crate::tui::forms::form_screen;
use crate::tui::forms::meeting::{AddItemForm, ItemForm};
use crate::tui::keymap::Action;
use crate::tui::widgets::{fit, label_cell, shown_name};

/// Rows an agenda line may take before it is cut (with "…").
const ITEM_ROWS: usize = 2;

pub struct MeetingScreen {
    pub meeting: Meeting,
    /// The case of each item (by position in `meeting.items`), read when the meeting opens or
    /// changes.
    cases: Vec<Option<CaseState>>,
    /// Position in `meeting.items` of the selected item (always an item on today's agenda).
    pub selected: usize,
    /// First row of the side panel shown.
    pub panel_scroll: usize,
    /// Cases due for the meeting that are not on its agenda.
    pub left_off: usize,
}

impl MeetingScreen {
    pub fn open(env: &mut Env, meeting: Meeting) -> MeetingScreen {
        let redact_default = env
            .svc
            .config()
            .map(|c| c.meeting.redacted_by_default)
            .unwrap_or(true);
        let mut meeting = meeting;
        if redact_default && !env.svc.redacted() {
            env.set_redacted(true);
            // What was read before is unredacted: read it again, redacted.
            match env.svc.meeting(meeting.no) {
                Ok(m) => meeting = m,
                Err(e) => env.fail(&e),
            }
        }
        let mut s = MeetingScreen {
            meeting,
            cases: Vec::new(),
            selected: 0,
            panel_scroll: 0,
            left_off: 0,
        };
        s.read_cases(env, true);
        s.read_left_off(env);
        let agenda = s.agenda();
        let remembered = env
            .svc
            .meeting_position(s.meeting.no)
            .ok()
            .flatten()
            .filter(|i| agenda.contains(i));
        s.selected = remembered
            .or_else(|| s.next_open(0))
            .or_else(|| agenda.first().copied())
            .unwrap_or(0);
        s
    }

    fn read_cases(&mut self, env: &mut Env, first: bool) {
        match env.svc.agenda_cases(&self.meeting, first) {
            Ok(c) => self.cases = c,
            Err(e) => env.fail(&e),
        }
    }

    fn read_left_off(&mut self, env: &mut Env) {
        match env.svc.agenda_left_off(self.meeting.no) {
            Ok(n) => self.left_off = n,
            Err(e) => env.fail(&e),
        }
    }

    /// Positions in `meeting.items` of today's agenda, in order.
    fn agenda(&self) -> Vec<usize> {
        self.meeting.agenda().map(|(i, _)| i).collect()
    }

    fn item(&self) -> Option<&AgendaItem> {
        self.meeting.items.get(self.selected)
    }

    /// After a form closed: the meeting is read again; if the selected item was just decided,
    /// the next undecided one is selected. Anything else — a correction, a form left with
    /// Esc — leaves the selection where it is.
    pub fn reload(&mut self, env: &mut Env) {
        let was_open = self.item().is_some_and(|i| i.outcome.is_none());
        self.refresh(env);
        let decided = self.item().is_some_and(|i| i.outcome.is_some());
        if was_open
            && decided
            && let Some(n) = self.next_open(self.selected)
        {
            self.select(n);
        }
    }

    /// Reads the meeting and its cases again, the selection on its item: what another
    /// session's change needs.
    pub fn refresh(&mut self, env: &mut Env) {
        match env.svc.meeting(self.meeting.no) {
            Ok(m) => self.meeting = m,
            Err(e) => env.fail(&e),
        }
        self.read_cases(env, false);
        self.read_left_off(env);
        let agenda = self.agenda();
        if !agenda.contains(&self.selected) {
            self.selected = agenda
                .iter()
                .copied()
                .rev()
                .find(|i| *i <= self.selected)
                .or_else(|| agenda.first().copied())
                .unwrap_or(0);
        }
    }

    fn select(&mut self, index: usize) {
        if index != self.selected {
            self.panel_scroll = 0;
        }
        self.selected = index;
    }

    /// The first undecided agenda item from `from` on, wrapping around.
    fn next_open(&self, from: usize) -> Option<usize> {
        let agenda = self.agenda();
        let start = agenda.iter().position(|i| *i >= from).unwrap_or(0);
        (0..agenda.len())
            .map(|k| agenda[(start + k) % agenda.len()])
            .find(|&i| self.meeting.items[i].outcome.is_none())
    }

    /// Remembers where the chair is, so the meeting reopens there.
    fn keep_position(&self, env: &mut Env) {
        if let Err(e) = env.svc.set_meeting_position(self.meeting.no, self.selected) {
            env.fail(&e);
        }
    }

    /// The side panel's size as last drawn (from the screen's body area).
    fn panel_size(body: Rect) -> (usize, usize) {
        let inner_h = usize::from(body.height.saturating_sub(1));
        let right_w = body.width.saturating_sub(body.width * 45 / 100);
        (
            usize::from(right_w.saturating_sub(1)).max(1),
            inner_h.max(1),
        )
    }

    pub fn update(&mut self, env: &mut Env, action: Option<Action>, _key: KeyEvent) -> Nav {
        let agenda = self.agenda();
        let pos = agenda.iter().position(|i| *i == self.selected).unwrap_or(0);
        let at = |p: usize| agenda.get(p).copied();
        match action {
            Some(Action::Up) => {
                if let Some(i) = at(pos.saturating_sub(1)) {
                    self.select(i)
                }
            }
            Some(Action::Down) => {
                if let Some(i) = at((pos + 1).min(agenda.len().saturating_sub(1))) {
                    self.select(i)
                }
            }
            Some(Action::Top) => {
                if let Some(i) = agenda.first().copied() {
                    self.select(i)
                }
            }
            Some(Action::Bottom) => {
                if let Some(i) = agenda.last().copied() {
                    self.select(i)
                }
            }
            Some(Action::PageUp | Action::PageDown) => {
                let (w, h) = Self::panel_size(env.body);
                let total = self.panel_lines(&env.view(), w).len();
                let step = h.saturating_sub(2).max(1);
                self.panel_scroll = if action == Some(Action::PageDown) {
                    (self.panel_scroll + step).min(total.saturating_sub(h))
                } else {
                    self.panel_scroll.saturating_sub(step)
                };
            }
            Some(Action::NextItem) => {
                let after = at(pos + 1).unwrap_or(0);
                if let Some(n) = self.next_open(after) {
                    self.select(n);
                }
            }
            Some(Action::Decide) => {
                let Some(item) = self.item() else {
                    env.error(Fu::PickItem.get(env.lang));
                    return Nav::Stay;
                };
                let case = match (&item.subject, self.cases.get(self.selected)) {
                    (Subject::Case { .. }, Some(Some(s))) => Some(s),
                    (Subject::Case { .. }, _) => {
                        env.error(Fu::PickItem.get(env.lang));
                        return Nav::Stay;
                    }
                    _ => None,
                };
                let model = ItemForm::new(&self.meeting, self.selected, case, env);
                self.keep_position(env);
                return Nav::Push(form_screen(env, Box::new(model)));
            }
            Some(Action::AddTopic) => {
                let model = AddItemForm {
                    meeting: self.meeting.no,
                };
                return Nav::Push(form_screen(env, Box::new(model)));
            }
            Some(Action::PullIn) if self.left_off == 0 => {}
            Some(Action::PullIn) => match env.svc.pull_in_agenda(self.meeting.no) {
                Ok(m) => {
                    let before = self.agenda().len();
                    self.meeting = m;
                    self.read_cases(env, true);
                    self.read_left_off(env);
                    env.info(format!(
                        "{} {}.",
                        self.agenda().len().saturating_sub(before),
                        Fu::PulledIn.get(env.lang)
                    ));
                }
                Err(e) => env.fail(&e),
            },
            Some(Action::Minutes) => {
                match crate::tui::forms::meeting::save_minutes(env, self.meeting.no) {
                    Ok(path) => env.info(format!(
                        "{} {}",
                        Fu::MinutesSaved.get(env.lang),
                        path.display()
                    )),
                    Err(e) => env.fail(&e),
                }
            }
            Some(Action::Back) => {
                self.keep_position(env);
                return Nav::Pop;
            }
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
            m.agenda().count(),
            Fu::ItemsDone.get(lang)
        );
        let block = Block::default().borders(Borders::TOP).title(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(inner);
        self.render_agenda(view, f, left);
        self.render_panel(view, f, right);
    }

    fn render_agenda(&self, view: &View, f: &mut Frame, area: Rect) {
        let lang = view.lang;
        let banked = self.meeting.banked().count();
        let notes: Vec<String> = [
            (self.left_off > 0).then(|| {
                format!(
                    "+{} {} (+ {})",
                    self.left_off,
                    Fu::NotOnAgenda.get(lang),
                    Fu::PullIn.get(lang)
                )
            }),
            (banked > 0).then(|| format!("{}: {banked}", Fu::BankedShort.get(lang))),
        ]
        .into_iter()
        .flatten()
        .collect();
        let rows = u16::try_from(notes.len()).unwrap_or(0);
        let [list_area, notes_area] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(rows)]).areas(area);
        let width = usize::from(area.width);
        let agenda = self.agenda();
        let items: Vec<ListItem> = agenda
            .iter()
            .map(|&i| {
                let item = &self.meeting.items[i];
                let mark = if item.outcome.is_some() { "✓" } else { " " };
                let text = match (&item.subject, self.cases.get(i)) {
                    (Subject::Case { no, .. }, Some(Some(s))) => {
                        format!("#{no} {}", shown_name(view, &s.intake.person.name))
                    }
                    (Subject::Case { no, .. }, _) => format!("#{no}"),
                    (Subject::Topic(t), _) => format!("{t} {}", Fu::FromTopicBankShort.get(lang)),
                    (Subject::General(t) | Subject::Banked(t), _) => t.clone(),
                };
                // A long title wraps onto a second row and is cut there, on purpose.
                let text = format!("{}. {text}", i + 1);
                let room = width.saturating_sub(2).max(1);
                let mut rows = wrap(&text, room, None).0;
                if rows.len() > ITEM_ROWS {
                    let rest = rows[ITEM_ROWS - 1..].join(" ");
                    rows.truncate(ITEM_ROWS - 1);
                    rows.push(fit(&rest, room));
                }
                let lines: Vec<Line> = rows
                    .into_iter()
                    .enumerate()
                    .map(|(k, r)| {
                        let lead = if k == 0 {
                            format!("{mark} ")
                        } else {
                            "  ".into()
                        };
                        Line::from(vec![
                            Span::styled(lead, view.theme.ok()),
                            Span::raw(r.trim_end().to_string()),
                        ])
                    })
                    .collect();
                ListItem::new(lines)
            })
            .collect();
        let pos = agenda.iter().position(|i| *i == self.selected);
        let mut state = ListState::default().with_selected(pos);
        f.render_stateful_widget(
            List::new(items).highlight_style(view.theme.selected()),
            list_area,
            &mut state,
        );
        let lines: Vec<Line> = notes
            .into_iter()
            .map(|n| Line::styled(fit(&n, width), view.theme.dim()))
            .collect();
        f.render_widget(Paragraph::new(lines), notes_area);
    }

    fn render_panel(&self, view: &View, f: &mut Frame, area: Rect) {
        let block = Block::default().borders(Borders::LEFT);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let width = usize::from(inner.width).max(1);
        let height = usize::from(inner.height);
        let lines = self.panel_lines(view, width);
        let total = lines.len();
        let scroll = self.panel_scroll.min(total.saturating_sub(height));
        let more_below = total > scroll + height;
        let mut shown: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
        // The panel says when it holds more than it shows, and which keys show it.
        if more_below && let Some(last) = shown.last_mut() {
            *last = Line::styled(
                format!("↓ {}", Fu::PanelMore.get(view.lang)),
                view.theme.dim(),
            );
        }
        if scroll > 0
            && let Some(first) = shown.first_mut()
        {
            *first = Line::styled(
                format!("↑ {}", Fu::PanelAbove.get(view.lang)),
                view.theme.dim(),
            );
        }
        f.render_widget(Paragraph::new(shown), inner);
    }

    /// The side panel, wrapped to `width`: what update counts to scroll it is what is drawn.
    fn panel_lines(&self, view: &View, width: usize) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        for (text, style) in self.detail(view) {
            let rows = wrap(&text, width, None).0;
            if rows.is_empty() {
                out.push(Line::raw(""));
            }
            for row in rows {
                out.push(Line::styled(row.trim_end().to_string(), style));
            }
        }
        out
    }

    /// The selected item's lines before wrapping, with their style.
    fn detail(&self, view: &View) -> Vec<(String, Style)> {
        let lang = view.lang;
        let th = view.theme;
        let Some(item) = self.item() else {
            return Vec::new();
        };
        let mut out: Vec<(String, Style)> = Vec::new();
        let mut push = |t: String| out.push((t, Style::new()));
        let labelled = |label: &str, value: &str| format!("{}{value}", label_cell(label));
        let mut head = Vec::new();
        match (&item.subject, self.cases.get(self.selected)) {
            (Subject::Case { no, reason }, Some(Some(s))) => {
                let band = s
                    .intake
                    .age(view.today)
                    .map(|a| i18n::age_band(crate::domain::age::AgeBand::from_age(a)))
                    .unwrap_or("–");
                head.push((
                    format!(
                        "{} #{no} · {} · {band}",
                        Fu::CaseItem.get(lang),
                        shown_name(view, &s.intake.person.name)
                    ),
                    th.heading(),
                ));
                if item.outcome.is_none() {
                    push(labelled(
                        Fu::OnAgendaFor.get(lang),
                        fo::reason(lang, *reason),
                    ));
                }
                push(labelled(Fu::Stage.get(lang), i18n::stage(lang, s.stage)));
                push(labelled(Fu::NextDate.get(lang), &format_date(s.next_date)));
                let waiting: Vec<String> = due_items(s)
                    .into_iter()
                    .map(|d| format!("{} {}", fo::due_kind(lang, d.kind), format_date(d.date)))
                    .collect();
                push(labelled(Fu::Waiting.get(lang), &waiting.join(", ")));
                let concerns: Vec<&str> = s
                    .intake
                    .concerns
                    .iter()
                    .map(|c| i18n::concern(lang, *c))
                    .collect();
                push(labelled(
                    T::ConcernTypeLabel.get(lang),
                    &concerns.join(", "),
                ));
                if let Some(fu) = s.flow.follow_ups.last() {
                    push(String::new());
                    out.push((
                        format!("{} {}", Fu::LastFollowUp.get(lang), format_date(fu.date)),
                        th.label(),
                    ));
                    out.push((fu.summary.clone(), Style::new()));
                }
            }
            (Subject::Case { no, .. }, _) => push(format!("#{no}")),
            (Subject::Topic(t), _) => {
                out.push((Fu::TopicItem.get(lang).to_string(), th.label()));
                head.push((t.clone(), th.heading()));
            }
            (Subject::General(t) | Subject::Banked(t), _) => {
                out.push((Fu::GeneralItem.get(lang).to_string(), th.label()));
                head.push((t.clone(), th.heading()));
            }
        }
        let mut lines = head;
        lines.append(&mut out);
        if let Some(o) = &item.outcome {
            lines.push((String::new(), Style::new()));
            lines.push((format!("✓ {}", Fu::Decision.get(lang)), th.ok()));
            lines.push((o.decision.clone(), Style::new()));
            if let Some(d) = o.follow {
                lines.push((
                    labelled(Fu::Outcome.get(lang), fo::decision(lang, d)),
                    Style::new(),
                ));
            }
            if !o.who_acts.is_empty() {
                lines.push((labelled(Fu::WhoActs.get(lang), &o.who_acts), Style::new()));
            }
            if let Some(n) = o.next {
                lines.push((labelled(Fu::Next.get(lang), &format_date(n)), Style::new()));
            }
            lines.push((Fu::EnterCorrects.get(lang).to_string(), th.dim()));
        }
        lines
    }
}
