//! One case: a header with its stage, what it lacks to move on and its next date; tabs for the
//! intake, the screening and joint review, the enrichment, the measures and the chronology.

mod flow_tabs;
mod header;
mod overview;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::View;
use crate::domain::CaseNo;
use crate::i18n::flow::F;
use crate::service::{CaseView, ServiceError};
use crate::tui::app::{Env, Nav};
use crate::tui::keymap::Action;
use crate::tui::overlay::{Overlay, Prompt, PromptKind};
use crate::tui::widgets::fit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Review,
    Enrichment,
    Measures,
    Chronology,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Overview,
        Tab::Review,
        Tab::Enrichment,
        Tab::Measures,
        Tab::Chronology,
    ];

    fn title(self) -> F {
        match self {
            Tab::Overview => F::TabOverview,
            Tab::Review => F::TabReview,
            Tab::Enrichment => F::TabEnrichment,
            Tab::Measures => F::TabMeasures,
            Tab::Chronology => F::TabChronology,
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

fn card_hint(env: &mut Env, s: &crate::domain::CaseState) -> Option<String> {
    let today = env.svc.today();
    let set = env.svc.cards();
    let cards = &set.cards;
    crate::domain::actioncard::relevant(
        cards,
        &s.intake.concerns,
        s.intake.imminent_danger && s.intake.police_contact.is_none(),
        s.intake.age(today),
    )
    .first()
    .map(|c| c.title.clone())
}

/// A broken settings file is said once on the status line; the case still opens.
fn legal_items(env: &mut Env, s: &crate::domain::CaseState) -> Vec<crate::domain::legal::LegalDue> {
    env.svc.legal_items(s).unwrap_or_else(|e| {
        env.fail(&e);
        Vec::new()
    })
}

/// A recorded item a row of a tab stands for; Enter opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Request(u32),
    Conversation(u32),
    Assessment(u32),
    Measure(u32),
    PostReview(u32),
}

/// One line of a tab, and the item it stands for if it can be selected.
pub struct Row {
    pub line: Line<'static>,
    pub target: Option<Target>,
}

impl Row {
    pub fn text(line: Line<'static>) -> Row {
        Row { line, target: None }
    }
}

pub struct DetailScreen {
    pub no: CaseNo,
    pub view: CaseView,
    pub tab: Tab,
    pub scroll: u16,
    /// Index among the selectable rows of the tab.
    pub sel: usize,
    /// The CPR number in full, once the user asked for it (and the reveal was logged).
    pub revealed_cpr: Option<String>,
    /// The title of the actioncard most relevant to the case, offered on the overview.
    pub card_hint: Option<String>,
    /// Coordinators see who opened the case before them ("last viewed by").
    pub show_last_viewed: bool,
    /// The case's legal deadlines as of opening (or the last save), earliest first.
    pub legal: Vec<crate::domain::legal::LegalDue>,
}

impl DetailScreen {
    pub fn open(env: &mut Env, no: CaseNo) -> Result<DetailScreen, ServiceError> {
        let mut d = DetailScreen {
            no,
            view: env.svc.case(no)?,
            tab: Tab::Overview,
            scroll: 0,
            sel: 0,
            revealed_cpr: None,
            card_hint: None,
            show_last_viewed: env.svc.may(crate::domain::access::Permission::Oversight),
            legal: Vec::new(),
        };
        d.card_hint = card_hint(env, &d.view.state);
        d.legal = legal_items(env, &d.view.state);
        Ok(d)
    }

    pub fn reload(&mut self, env: &mut Env) {
        match env.svc.reload_case(self.no) {
            Ok(v) => {
                self.card_hint = card_hint(env, &v.state);
                self.legal = legal_items(env, &v.state);
                self.view = v;
            }
            Err(e) => env.fail(&e),
        }
    }

    /// The selected item of the current tab.
    pub fn selected(&self, view: &View) -> Option<Target> {
        self.rows(view, 80)
            .iter()
            .filter_map(|r| r.target)
            .nth(self.sel)
    }

    fn switch(&mut self, tab: Tab) {
        self.tab = tab;
        self.scroll = 0;
        self.sel = 0;
    }

    pub fn update(&mut self, env: &mut Env, action: Option<Action>, _key: KeyEvent) -> Nav {
        let view = env.view();
        let selectable = self
            .rows(&view, 80)
            .iter()
            .filter(|r| r.target.is_some())
            .count();
        match action {
            Some(Action::NextTab) => {
                self.switch(Tab::ALL[(self.tab.index() + 1) % Tab::ALL.len()]);
            }
            Some(Action::PrevTab) => {
                let n = Tab::ALL.len();
                self.switch(Tab::ALL[(self.tab.index() + n - 1) % n]);
            }
            Some(Action::Tab1) => self.switch(Tab::Overview),
            Some(Action::Tab2) => self.switch(Tab::Review),
            Some(Action::Tab3) => self.switch(Tab::Enrichment),
            Some(Action::Tab4) => self.switch(Tab::Measures),
            Some(Action::Tab5) => self.switch(Tab::Chronology),
            Some(Action::Up) if selectable > 0 => self.sel = self.sel.saturating_sub(1),
            Some(Action::Down) if selectable > 0 => {
                self.sel = (self.sel + 1).min(selectable - 1);
            }
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::Down) => self.scroll = self.scroll.saturating_add(1),
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            Some(Action::PageDown) => self.scroll = self.scroll.saturating_add(10),
            Some(Action::Top) => {
                self.scroll = 0;
                self.sel = 0;
            }
            Some(Action::Bottom) => {
                self.scroll = u16::MAX;
                self.sel = selectable.saturating_sub(1);
            }
            Some(Action::Back) => return Nav::Pop,
            Some(Action::AddNote) => {
                return Nav::Overlay(Overlay::Prompt(Prompt::new(PromptKind::Note(self.no))));
            }
            Some(Action::LegalHold) => {
                let place = self.view.state.retention.hold.is_none();
                return Nav::Overlay(Overlay::Prompt(Prompt::new(PromptKind::LegalHold {
                    no: self.no,
                    place,
                })));
            }
            Some(Action::SetNextDate) => {
                return Nav::Overlay(Overlay::Prompt(Prompt::new(PromptKind::NextDate(self.no))));
            }
            Some(Action::RevealCpr) if env.svc.redacted() => {
                env.error(crate::i18n::follow::Fu::NoRevealRedacted.get(env.lang));
            }
            Some(Action::RevealCpr) => match env.svc.reveal_cpr(self.no) {
                Ok(Some(c)) => {
                    self.revealed_cpr = Some(c);
                    env.info(crate::i18n::T::CprRevealed.get(env.lang));
                }
                Ok(None) => env.info(crate::i18n::T::NoCpr.get(env.lang)),
                Err(e) => env.fail(&e),
            },
            // The intake form shows everything about the person: not on a projector.
            Some(Action::EditCase) if env.svc.redacted() => {
                env.error(crate::i18n::follow::Fu::NoIntakeRedacted.get(env.lang));
            }
            Some(Action::EditCase) => {
                return crate::tui::forms::intake::open(env, Some(self.no));
            }
            Some(Action::MoveOn) => self.move_on(env),
            Some(a) => {
                if let Some(nav) = crate::tui::forms::for_case(env, self, a) {
                    return nav;
                }
            }
            None => {}
        }
        self.clamp_scroll(&env.view(), env.body);
        Nav::Stay
    }

    /// `>`: on to the next stage if nothing is missing; otherwise say what is.
    fn move_on(&mut self, env: &mut Env) {
        let state = &self.view.state;
        let Some(to) = crate::domain::flow::next_stage(state.stage) else {
            return;
        };
        // Measures → closed is refused by the rules themselves ("close with c").
        let cmd = crate::domain::flow::Command::Move { to, reason: None };
        match env.svc.record(self.no, cmd, None) {
            Ok(_) => {
                env.info(format!(
                    "{} {}.",
                    F::Moved.get(env.lang),
                    crate::i18n::stage(env.lang, to)
                ));
                self.reload(env);
            }
            Err(e) => env.fail(&e),
        }
    }

    /// Keeps the scroll within the text and the selected row in view.
    fn clamp_scroll(&mut self, view: &View, body: Rect) {
        let width = usize::from(body.width.max(1));
        let rows = self.rows(view, width);
        let heights: Vec<usize> = rows
            .iter()
            .map(|r| r.line.width().div_ceil(width).max(1))
            .collect();
        let body_h = usize::from(body.height.saturating_sub(header::HEIGHT + 1));
        let total: usize = heights.iter().sum();
        let max = total.saturating_sub(body_h);
        let mut scroll = usize::from(self.scroll).min(max);
        if let Some(pos) = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.target.is_some())
            .nth(self.sel)
            .map(|(i, _)| i)
        {
            let top: usize = heights[..pos].iter().sum();
            if top < scroll {
                scroll = top;
            } else if top + heights[pos] > scroll + body_h {
                scroll = (top + heights[pos]).saturating_sub(body_h);
            }
        }
        self.scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    }

    /// The rows of the current tab. In redacted view the case arrived redacted from the
    /// service (every name and place in its free text too); the rows leave out whole fields.
    fn rows(&self, view: &View, width: usize) -> Vec<Row> {
        match self.tab {
            Tab::Overview => overview::rows(self, view, width),
            Tab::Review => flow_tabs::review(self, view),
            Tab::Enrichment => flow_tabs::enrichment(self, view),
            Tab::Measures => flow_tabs::measures(self, view),
            Tab::Chronology => overview::chronology(self, view),
        }
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let [head, tabs, body] = Layout::vertical([
            Constraint::Length(header::HEIGHT),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(area);
        f.render_widget(Paragraph::new(header::lines(self, view, head.width)), head);
        f.render_widget(Paragraph::new(self.tab_bar(view, tabs.width)), tabs);
        let width = usize::from(body.width.max(1));
        let rows = self.rows(view, width);
        let selected = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.target.is_some())
            .nth(self.sel)
            .map(|(i, _)| i);
        let lines: Vec<Line> = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                if Some(i) == selected {
                    r.line.style(view.theme.selected())
                } else {
                    r.line
                }
            })
            .collect();
        let total: usize = lines.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
        let max = total.saturating_sub(usize::from(body.height));
        let scroll = usize::from(self.scroll).min(max);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
            body,
        );
    }

    fn tab_bar(&self, view: &View, width: u16) -> Line<'static> {
        let mut spans = Vec::new();
        for (i, t) in Tab::ALL.iter().enumerate() {
            let label = format!(" {} {} ", i + 1, t.title().get(view.lang));
            let style = if *t == self.tab {
                view.theme.header()
            } else {
                Style::new()
            };
            spans.push(Span::styled(label, style));
        }
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        if text.chars().count() > usize::from(width) {
            // Too narrow for all tab names: show the current one only.
            let label = format!(
                "‹ {}/{} {} ›",
                self.tab.index() + 1,
                Tab::ALL.len(),
                self.tab.title().get(view.lang)
            );
            return Line::styled(fit(&label, usize::from(width)), view.theme.header());
        }
        Line::from(spans)
    }
}
