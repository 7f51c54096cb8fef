//! The intake form, made for typing while listening: fields in any order, every change saved
//! at once, earlier cases about the same person shown beside the form as the name is typed.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use tui_input::Input;

use super::View;
use crate::domain::cpr::parse_cpr;
use crate::domain::dates::{format_date, parse_date, parse_datetime};
use crate::domain::draft::Draft;
use crate::domain::intake::{Channel, ConcernType, FieldId, FieldProblem, SourceCategory};
use crate::domain::text::{DESCRIPTION_LIMIT, LINE_LIMIT};
use crate::i18n::{self, T};
use crate::service::{Filed, PriorMatch, ServiceError};
use crate::tui::app::{Env, Nav, Screen};
use crate::tui::form::LABEL_WIDTH;
use crate::tui::form::wrap::{skip_columns, wrap};
use crate::tui::keymap::Action;
use crate::tui::overlay::Overlay;
use crate::tui::screens::DetailScreen;
use crate::tui::text_input;
use crate::tui::widgets::{cell, fit};

/// Earlier cases listed beside the form.
const MATCH_LIMIT: usize = 8;
/// Width of the prior-case panel, and the narrowest screen that still shows it.
const PANEL_WIDTH: u16 = 30;
const PANEL_MIN_SCREEN: u16 = 76;

pub struct IntakeScreen {
    pub draft: Draft,
    pub focus: FieldId,
    pub input: Input,
    /// Highlighted option while the concern types are focused.
    pub choice: usize,
    pub matches: Vec<PriorMatch>,
    pub match_sel: usize,
    /// Problems found by the last attempt to file.
    pub problems: Vec<(FieldId, FieldProblem)>,
    /// False when the last save failed: the user must know their typing is not safe.
    pub saved: bool,
}

fn limit(f: FieldId) -> usize {
    if f == FieldId::Description {
        DESCRIPTION_LIMIT
    } else {
        LINE_LIMIT
    }
}

fn cycle_option<T: Copy + PartialEq>(current: Option<T>, all: &[T], forward: bool) -> Option<T> {
    let n = all.len();
    let pos = current.and_then(|c| all.iter().position(|x| *x == c));
    let next = match (pos, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    all.get(next).copied()
}

impl IntakeScreen {
    pub fn new(env: &mut Env, draft: Draft) -> IntakeScreen {
        let mut s = IntakeScreen {
            draft,
            focus: FieldId::PersonName,
            input: Input::default(),
            choice: 0,
            matches: Vec::new(),
            match_sel: 0,
            problems: Vec::new(),
            saved: true,
        };
        s.load_input();
        s.rematch(env);
        s
    }

    fn load_input(&mut self) {
        let text = self
            .draft
            .form
            .text(self.focus)
            .cloned()
            .unwrap_or_default();
        let end = text.chars().count();
        self.input = Input::new(text).with_cursor(end);
    }

    fn visible(&self, env: &Env) -> Vec<FieldId> {
        self.draft.form.visible_fields(env.svc.today())
    }

    fn move_focus(&mut self, env: &Env, forward: bool) {
        let fields = self.visible(env);
        let pos = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = fields.len();
        let next = if forward {
            (pos + 1) % n
        } else {
            (pos + n - 1) % n
        };
        self.focus_on(fields[next]);
    }

    fn focus_on(&mut self, f: FieldId) {
        self.focus = f;
        self.choice = 0;
        self.load_input();
    }

    /// Saves the draft; a failure is shown, never swallowed.
    fn save(&mut self, env: &mut Env) {
        match env.svc.save_draft(&self.draft) {
            Ok(saved) => {
                self.draft.updated_at = saved.updated_at;
                self.saved = true;
            }
            Err(e) => {
                self.saved = false;
                env.fail(&e);
            }
        }
    }

    fn rematch(&mut self, env: &mut Env) {
        match env
            .svc
            .prior_matches(&self.draft.form, self.draft.editing, MATCH_LIMIT)
        {
            Ok(m) => self.matches = m,
            Err(e) => env.fail(&e),
        }
        self.match_sel = self.match_sel.min(self.matches.len().saturating_sub(1));
    }

    /// The focused text was changed: store it, save, and refresh what depends on it.
    fn text_changed(&mut self, env: &mut Env) {
        if let Some(t) = self.draft.form.text_mut(self.focus) {
            *t = self.input.value().to_string();
        }
        self.problems.retain(|(f, _)| *f != self.focus);
        self.save(env);
        if matches!(
            self.focus,
            FieldId::PersonName | FieldId::Cpr | FieldId::BirthDate
        ) {
            self.rematch(env);
        }
    }

    pub fn paste(&mut self, env: &mut Env, text: &str) {
        if !self.focus.is_text() {
            return;
        }
        let c = text_input::paste(&mut self.input, text, limit(self.focus));
        self.text_changed(env);
        if c.truncated > 0 {
            env.error(T::Truncated.get(env.lang));
        } else if c.removed_controls > 0 {
            env.info(T::ControlsRemoved.get(env.lang));
        }
    }

    fn choose(&mut self, env: &mut Env, forward: bool, toggle: bool) {
        let form = &mut self.draft.form;
        match self.focus {
            FieldId::Channel => form.channel = cycle_option(form.channel, Channel::ALL, forward),
            FieldId::Source => {
                form.source = cycle_option(form.source, SourceCategory::ALL, forward)
            }
            FieldId::ReporterAnonymous => form.reporter_anonymous = !form.reporter_anonymous,
            FieldId::Concerns if toggle => {
                if let Some(c) = ConcernType::ALL.get(self.choice) {
                    match form.concerns.iter().position(|x| x == c) {
                        Some(i) => {
                            form.concerns.remove(i);
                        }
                        None => form.concerns.push(*c),
                    }
                }
            }
            FieldId::Concerns => {
                let n = ConcernType::ALL.len();
                self.choice = if forward {
                    (self.choice + 1) % n
                } else {
                    (self.choice + n - 1) % n
                };
                return;
            }
            _ => return,
        }
        self.problems.retain(|(f, _)| *f != self.focus);
        self.save(env);
    }

    pub fn update(&mut self, env: &mut Env, action: Option<Action>, key: KeyEvent) -> Nav {
        let text_field = self.focus.is_text();
        match action {
            Some(Action::NextField) => self.move_focus(env, true),
            Some(Action::PrevField) => self.move_focus(env, false),
            Some(Action::File) => return self.file(env),
            Some(Action::Back) => return self.leave(env),
            Some(Action::ToggleDanger) => {
                self.draft.form.imminent_danger = !self.draft.form.imminent_danger;
                self.save(env);
                if self.draft.form.imminent_danger {
                    self.focus_on(FieldId::PoliceContactedBy);
                    return Nav::Overlay(Overlay::DangerCard);
                }
                if !self.visible(env).contains(&self.focus) {
                    self.focus_on(FieldId::Description);
                }
            }
            Some(Action::MatchNext) => {
                self.match_sel = (self.match_sel + 1).min(self.matches.len().saturating_sub(1));
            }
            Some(Action::MatchPrev) => self.match_sel = self.match_sel.saturating_sub(1),
            Some(Action::MatchLink) => {
                if let Some(m) = self.matches.get(self.match_sel) {
                    let no = m.case.no;
                    let links = &mut self.draft.form.links;
                    match links.iter().position(|x| *x == no) {
                        Some(i) => {
                            links.remove(i);
                        }
                        None => links.push(no),
                    }
                    self.save(env);
                }
            }
            Some(Action::ChoicePrev) if !text_field => self.choose(env, false, false),
            Some(Action::ChoiceNext) if !text_field => self.choose(env, true, false),
            Some(Action::ChoiceToggle) if !text_field => self.choose(env, true, true),
            _ if text_field => {
                if let Some(req) = text_input::request(&key) {
                    let (changed, full) =
                        text_input::apply_key(&mut self.input, req, limit(self.focus));
                    if changed {
                        self.text_changed(env);
                    }
                    if full {
                        env.error(T::FieldFull.get(env.lang));
                    }
                }
            }
            _ if key.code == KeyCode::Char(' ') => self.choose(env, true, true),
            _ => {}
        }
        Nav::Stay
    }

    fn file(&mut self, env: &mut Env) -> Nav {
        match env.svc.file(&self.draft) {
            Ok(Filed::New(state)) => {
                env.info(format!("{} #{}", T::FiledAs.get(env.lang), state.no));
                match DetailScreen::open(env, state.no) {
                    Ok(d) => Nav::Replace(Screen::Detail(Box::new(d))),
                    Err(e) => {
                        env.fail(&e);
                        Nav::Pop
                    }
                }
            }
            Ok(Filed::Edited(state)) => {
                env.info(format!("{} #{}", T::EditSaved.get(env.lang), state.no));
                Nav::Pop
            }
            Ok(Filed::Unchanged(_)) => {
                env.info(T::NothingChanged.get(env.lang));
                Nav::Pop
            }
            Err(ServiceError::Invalid(problems)) => {
                if let Some((f, _)) = problems.first() {
                    self.focus_on(*f);
                }
                let e = ServiceError::Invalid(problems.clone());
                self.problems = problems;
                env.fail(&e);
                if self.draft.form.imminent_danger
                    && self
                        .problems
                        .iter()
                        .any(|(_, p)| *p == FieldProblem::PoliceContactNeeded)
                {
                    return Nav::Overlay(Overlay::DangerCard);
                }
                Nav::Stay
            }
            Err(e) => {
                env.fail(&e);
                Nav::Stay
            }
        }
    }

    /// Leaves the form. The draft stays (it is already saved) unless nothing was typed at all.
    fn leave(&mut self, env: &mut Env) -> Nav {
        let untouched = match self.draft.editing {
            None => !self.draft.form.has_content() && self.draft.form.cpr.trim().is_empty(),
            Some(no) => env.svc.reload_case(no).is_ok_and(|v| {
                crate::domain::intake::IntakeForm::from_intake(&v.state.intake) == self.draft.form
            }),
        };
        if untouched {
            if let Err(e) = env.svc.discard_draft(self.draft.id) {
                env.fail(&e);
            }
        } else if self.saved {
            env.info(T::DraftKept.get(env.lang));
        }
        Nav::Pop
    }

    /// A line of help for the focused field: what the CPR number says, why a date is wrong.
    fn hint(&self, view: &View) -> Option<(String, Style)> {
        let lang = view.lang;
        let form = &self.draft.form;
        if let Some((_, p)) = self.problems.iter().find(|(f, _)| *f == self.focus) {
            return Some((i18n::problem(lang, p), view.theme.error()));
        }
        match self.focus {
            FieldId::Cpr if !form.cpr.trim().is_empty() => {
                let digits = crate::domain::cpr::partial_digits(&form.cpr).len();
                match parse_cpr(&form.cpr) {
                    Ok(info) => {
                        let age = crate::domain::age::age_on(info.birth_date, view.today);
                        let sex = match info.legal_sex {
                            crate::domain::cpr::LegalSex::Female => T::Female,
                            crate::domain::cpr::LegalSex::Male => T::Male,
                        };
                        // The age band is in the title already; the line stays short enough
                        // for the modulus-11 warning to fit beside it.
                        let mut s = format!(
                            "{} · {age} {} · {}",
                            format_date(info.birth_date),
                            T::Age.get(lang),
                            sex.get(lang)
                        );
                        let mut style = view.theme.ok();
                        if !info.modulus11_ok {
                            s = format!("{s} · {}", T::Mod11Warning.get(lang));
                            style = view.theme.warning();
                        }
                        Some((s, style))
                    }
                    Err(e) if digits >= 10 || form.cpr.chars().any(|c| c.is_alphabetic()) => {
                        Some((i18n::cpr_error(lang, &e).to_string(), view.theme.error()))
                    }
                    Err(_) => Some((T::CprFormat.get(lang).to_string(), view.theme.dim())),
                }
            }
            FieldId::BirthDate
            | FieldId::ReceivedAt
            | FieldId::PoliceContactedAt
            | FieldId::UnderretningAt => {
                let text = form.text(self.focus).map(|s| s.trim()).unwrap_or("");
                let parsed = if self.focus == FieldId::BirthDate {
                    parse_date(text).map(|_| ())
                } else {
                    parse_datetime(text, chrono::NaiveTime::MIN).map(|_| ())
                };
                match parsed {
                    Err(e) if !text.is_empty() && text.len() >= 8 => {
                        Some((i18n::date_error(lang, &e).to_string(), view.theme.error()))
                    }
                    _ => Some((T::DateFormat.get(lang).to_string(), view.theme.dim())),
                }
            }
            FieldId::Concerns => Some((T::ConcernHint.get(lang).to_string(), view.theme.dim())),
            FieldId::Channel | FieldId::Source => {
                Some((T::ChoiceHint.get(lang).to_string(), view.theme.dim()))
            }
            _ => None,
        }
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let show_panel = area.width >= PANEL_MIN_SCREEN;
        // The hint runs under both columns: a CPR line with its warning needs the width.
        let [main, hint] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
        let [form_area, panel_area] = Layout::horizontal([
            Constraint::Min(20),
            Constraint::Length(if show_panel { PANEL_WIDTH } else { 0 }),
        ])
        .areas(main);
        self.render_form(view, f, form_area, show_panel);
        if show_panel {
            self.render_panel(view, f, panel_area);
        }
        if let Some((text, style)) = self.hint(view) {
            f.render_widget(
                Paragraph::new(fit(&format!(" {text}"), hint.width as usize)).style(style),
                hint,
            );
        }
    }

    fn title_line(&self, view: &View, show_panel: bool) -> Line<'static> {
        let lang = view.lang;
        let form = &self.draft.form;
        let mut spans = vec![Span::styled(
            match self.draft.editing {
                Some(no) => format!("{} #{no} ", T::EditIntake.get(lang)),
                None => format!("{} ", T::NewIntake.get(lang)),
            },
            view.theme.title(),
        )];
        if let Some(age) = form.derived_age(view.today) {
            spans.push(Span::raw(format!("[{}] ", age.band.label())));
        }
        if form.imminent_danger {
            spans.push(Span::styled(
                format!(" {} ", T::ImminentDanger.get(lang)),
                view.theme.danger(),
            ));
            spans.push(Span::raw(" "));
        }
        if !show_panel && !self.matches.is_empty() {
            spans.push(Span::styled(
                format!(
                    "{} {} ",
                    self.matches.len(),
                    T::PriorCases.get(lang).to_lowercase()
                ),
                view.theme.warning(),
            ));
        }
        if self.saved {
            spans.push(Span::styled(
                format!("✓ {}", T::DraftSaved.get(lang).to_lowercase()),
                view.theme.ok(),
            ));
        } else {
            spans.push(Span::styled(
                format!("✗ {}", T::NotSaved.get(lang)),
                view.theme.error(),
            ));
        }
        Line::from(spans)
    }

    fn render_form(&self, view: &View, f: &mut Frame, area: Rect, show_panel: bool) {
        let lang = view.lang;
        let form = &self.draft.form;
        // A minor whose underretning is not recorded yet: say so at the top, where it is seen
        // while the call goes on, not only in the fields at the bottom.
        let remind = form
            .derived_age(view.today)
            .is_some_and(|a| a.band.is_minor())
            && form.underretning_at.trim().is_empty();
        let [title, reminder, body] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(u16::from(remind)),
            Constraint::Min(1),
        ])
        .areas(area);
        f.render_widget(Paragraph::new(self.title_line(view, show_panel)), title);
        if remind {
            f.render_widget(
                Paragraph::new(fit(T::UnderretningText.get(lang), reminder.width as usize))
                    .style(view.theme.warning()),
                reminder,
            );
        }

        let value_w = (body.width as usize).saturating_sub(LABEL_WIDTH + 1).max(4);
        let mut rows: Vec<Line<'static>> = Vec::new();
        let mut focus_row = 0usize;
        let mut cursor: Option<(usize, usize)> = None;
        let fields = form.visible_fields(view.today);
        let minor = form
            .derived_age(view.today)
            .is_some_and(|a| a.band.is_minor());
        for fid in fields {
            if let Some(sec) = section_before(fid, minor) {
                let style = if sec == T::UnderretningTitle {
                    view.theme.warning()
                } else {
                    view.theme.section()
                };
                rows.push(Line::styled(fit(sec.get(lang), body.width as usize), style));
            }
            let focused = fid == self.focus;
            let has_problem = self.problems.iter().any(|(p, _)| *p == fid);
            let label_style = if has_problem {
                view.theme.error()
            } else if focused {
                view.theme.focus_label()
            } else {
                view.theme.label()
            };
            let marker = if has_problem {
                "!"
            } else if focused {
                "›"
            } else {
                " "
            };
            let label = Span::styled(
                cell(&format!("{marker}{}", i18n::field(lang, fid)), LABEL_WIDTH),
                label_style,
            );
            if focused {
                focus_row = rows.len();
            }
            match fid {
                FieldId::Description => {
                    let text = if focused {
                        self.input.value()
                    } else {
                        form.description.as_str()
                    };
                    let (lines, cur) = wrap(text, value_w, focused.then(|| self.input.cursor()));
                    let max_lines = if focused { 6 } else { 3 };
                    let start = match cur {
                        Some((row, _)) if row >= max_lines => row + 1 - max_lines,
                        _ => 0,
                    };
                    let shown: Vec<&String> = lines.iter().skip(start).take(max_lines).collect();
                    for (i, l) in shown.iter().enumerate() {
                        let lead = if i == 0 {
                            label.clone()
                        } else {
                            Span::raw(" ".repeat(LABEL_WIDTH))
                        };
                        rows.push(Line::from(vec![
                            lead,
                            Span::raw(" "),
                            Span::raw((*l).clone()),
                        ]));
                    }
                    if shown.is_empty() {
                        rows.push(Line::from(vec![label.clone()]));
                    }
                    if let Some((r, c)) = cur {
                        cursor = Some((focus_row + r.saturating_sub(start), LABEL_WIDTH + 1 + c));
                    }
                }
                FieldId::Concerns if focused => {
                    for (i, c) in ConcernType::ALL.iter().enumerate() {
                        let ticked = form.concerns.contains(c);
                        let lead = if i == 0 {
                            label.clone()
                        } else {
                            Span::raw(" ".repeat(LABEL_WIDTH))
                        };
                        let style = if i == self.choice {
                            view.theme.selected()
                        } else {
                            Style::new()
                        };
                        rows.push(Line::from(vec![
                            lead,
                            Span::raw(" "),
                            Span::styled(
                                format!(
                                    "[{}] {}",
                                    if ticked { "x" } else { " " },
                                    i18n::concern(lang, *c)
                                ),
                                style,
                            ),
                        ]));
                    }
                }
                _ => {
                    let value = self.value_text(view, fid, focused);
                    if focused && fid.is_text() {
                        let scroll = self.input.visual_scroll(value_w);
                        let visible: String = skip_columns(self.input.value(), scroll, value_w);
                        cursor = Some((
                            rows.len(),
                            LABEL_WIDTH + 1 + self.input.visual_cursor().saturating_sub(scroll),
                        ));
                        rows.push(Line::from(vec![label, Span::raw(" "), Span::raw(visible)]));
                    } else {
                        rows.push(Line::from(vec![
                            label,
                            Span::raw(" "),
                            Span::raw(fit(&value, value_w)),
                        ]));
                    }
                }
            }
        }
        let height = body.height as usize;
        // Keep the focused field in the upper third, so the fields after it are visible too.
        let scroll = focus_row
            .saturating_sub(height / 3)
            .min(rows.len().saturating_sub(height));
        let visible: Vec<Line> = rows.into_iter().skip(scroll).take(height).collect();
        f.render_widget(Paragraph::new(visible), body);
        if let Some((r, c)) = cursor
            && r >= scroll
            && r < scroll + height
        {
            let x = body.x
                + u16::try_from(c)
                    .unwrap_or(0)
                    .min(body.width.saturating_sub(1));
            let y = body.y + u16::try_from(r - scroll).unwrap_or(0);
            f.set_cursor_position(Position::new(x, y));
        }
    }

    fn value_text(&self, view: &View, fid: FieldId, focused: bool) -> String {
        let lang = view.lang;
        let form = &self.draft.form;
        let around = |s: &str| {
            if focused {
                format!("‹ {s} ›")
            } else {
                s.to_string()
            }
        };
        match fid {
            FieldId::Channel => around(form.channel.map_or("–", |c| i18n::channel(lang, c))),
            FieldId::Source => around(form.source.map_or("–", |s| i18n::source(lang, s))),
            FieldId::ReporterAnonymous => format!(
                "[{}] {}",
                if form.reporter_anonymous { "x" } else { " " },
                if form.reporter_anonymous {
                    T::Yes2.get(lang)
                } else {
                    T::No2.get(lang)
                }
            ),
            FieldId::Concerns => {
                let names: Vec<&str> = form
                    .concerns
                    .iter()
                    .map(|c| i18n::concern(lang, *c))
                    .collect();
                if names.is_empty() {
                    "–".into()
                } else {
                    names.join(", ")
                }
            }
            FieldId::Cpr if !focused => match parse_cpr(&form.cpr) {
                // Masked as soon as the field is left: the screen may be seen by others.
                Ok(info) => info.cpr.masked(),
                Err(_) => form.cpr.clone(),
            },
            other => form.text(other).cloned().unwrap_or_default(),
        }
    }

    fn render_panel(&self, view: &View, f: &mut Frame, area: Rect) {
        let lang = view.lang;
        let title = format!(" {} ({}) ", T::PriorCases.get(lang), self.matches.len());
        let block = Block::default()
            .borders(Borders::LEFT)
            .title(Span::styled(title, view.theme.title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let w = inner.width as usize;
        let mut lines: Vec<Line> = Vec::new();
        if self.matches.is_empty() {
            lines.push(Line::styled(
                fit(T::NoPriorCases.get(lang), w),
                view.theme.dim(),
            ));
        }
        for (i, m) in self.matches.iter().enumerate() {
            let linked = self.draft.form.links.contains(&m.case.no);
            let head = format!(
                "{}#{} {}",
                if linked { "⛓" } else { " " },
                m.case.no,
                if m.case.name.is_empty() {
                    T::EmptyTitle.get(lang)
                } else {
                    &m.case.name
                }
            );
            let style = if i == self.match_sel {
                view.theme.selected()
            } else {
                Style::new()
            };
            lines.push(Line::styled(cell(&head, w), style));
            let band = m
                .case
                .age_band(view.today)
                .map(|b| b.label())
                .unwrap_or("–");
            let reasons: Vec<String> = m.reasons.iter().map(|r| i18n::reason(lang, r)).collect();
            lines.push(Line::styled(
                fit(&format!("  {band} · {}", reasons.join(", ")), w),
                view.theme.dim(),
            ));
        }
        let height = inner.height as usize;
        let hint_rows = usize::from(!self.matches.is_empty());
        let body_h = height.saturating_sub(hint_rows);
        // Keep the selected match (2 lines each) in view.
        let skip = (self.match_sel * 2 + 2).saturating_sub(body_h);
        let mut shown: Vec<Line> = lines.into_iter().skip(skip).take(body_h).collect();
        if hint_rows == 1 {
            while shown.len() < body_h {
                shown.push(Line::raw(""));
            }
            shown.push(Line::styled(
                fit(T::PriorHint.get(lang), w),
                view.theme.dim(),
            ));
        }
        f.render_widget(Paragraph::new(shown), inner);
    }
}

/// The heading shown above a field, if it starts a section.
fn section_before(f: FieldId, minor: bool) -> Option<T> {
    match f {
        FieldId::PersonName => Some(T::SectionPerson),
        FieldId::Concerns => Some(T::SectionConcern),
        FieldId::ReporterAnonymous => Some(T::SectionReporter),
        FieldId::PoliceContactedBy => Some(T::DangerCardTitle),
        FieldId::UnderretningAt if minor => Some(T::UnderretningTitle),
        FieldId::UnderretningAt => Some(T::Underretning),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_cycle_both_ways() {
        assert_eq!(cycle_option(None, Channel::ALL, true), Some(Channel::Phone));
        assert_eq!(
            cycle_option(Some(Channel::Phone), Channel::ALL, false),
            Some(Channel::Other)
        );
    }
}
