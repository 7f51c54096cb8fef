//! Drawing a form: title with badges and the draft's state, optional banner, label column with
//! markers, values, pick lists, the side panel, and the hint line. Only reads the form.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::wrap::{skip_columns, wrap};
use super::{Field, Form, Kind, Panel, Tone};
use crate::domain::dates::{format_date, format_datetime, parse_date_input, parse_datetime_input};
use crate::i18n::{self, T};
use crate::tui::screens::View;
use crate::tui::widgets::{cell, fit};

/// The label column, as in the intake form; narrower on narrow screens.
pub const LABEL_WIDTH: usize = 19;
/// Rows of a paragraph shown when it does not have focus, and at most while it has.
const TEXT_ROWS: usize = 3;
const TEXT_ROWS_FOCUSED: usize = 8;
/// Options shown at once in a pick list.
const LIST_ROWS: usize = 6;
/// Width of the side panel, and the narrowest screen that still shows it beside the form.
const PANEL_WIDTH: u16 = 30;
const PANEL_MIN_SCREEN: u16 = 76;

fn tone(view: &View, t: Tone) -> Style {
    match t {
        Tone::Dim => view.theme.dim(),
        Tone::Ok => view.theme.ok(),
        Tone::Warning => view.theme.warning(),
        Tone::Error => view.theme.error(),
    }
}

/// The rows of the field part, with where the focused field is and where the cursor goes.
struct Rows {
    lines: Vec<Line<'static>>,
    focus: (usize, usize),
    cursor: Option<(usize, usize)>,
}

fn label_width(width: u16) -> usize {
    (width as usize / 4).clamp(8, LABEL_WIDTH)
}

impl Form {
    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let show_panel = self.panel.is_some() && area.width >= PANEL_MIN_SCREEN;
        // The hint runs under the panel too: a CPR number's line with its warning needs room.
        let [main, hint] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
        let [form_area, panel_area] = Layout::horizontal([
            Constraint::Min(20),
            Constraint::Length(if show_panel { PANEL_WIDTH } else { 0 }),
        ])
        .areas(main);
        let width = form_area.width as usize;
        let banner = self.banner_lines(width, form_area.height as usize);
        let [title, banner_area, body] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(u16::try_from(banner.len()).unwrap_or(0)),
            Constraint::Min(1),
        ])
        .areas(form_area);
        f.render_widget(
            Paragraph::new(self.title_line(view, width, show_panel)),
            title,
        );
        if !banner.is_empty() {
            let style = match &self.banner {
                Some((_, true)) => view.theme.warning(),
                _ => view.theme.dim(),
            };
            f.render_widget(Paragraph::new(banner).style(style), banner_area);
        }
        // The label column is as wide as on a form without a panel: labels are not cut.
        self.render_fields(view, f, body, label_width(area.width));
        if show_panel && let Some(p) = &self.panel {
            render_panel(p, view, f, panel_area);
        }
        if let Some((text, style)) = self.hint(view) {
            f.render_widget(
                Paragraph::new(fit(&format!(" {text}"), area.width as usize)).style(style),
                hint,
            );
        }
    }

    fn title_line(&self, view: &View, width: usize, show_panel: bool) -> Line<'static> {
        let lang = view.lang;
        let mut spans = vec![Span::styled(self.title.clone(), view.theme.title())];
        for (text, alarm) in &self.badges {
            spans.push(Span::raw(" "));
            if *alarm {
                spans.push(Span::styled(format!(" {text} "), view.theme.danger()));
            } else {
                spans.push(Span::raw(text.clone()));
            }
        }
        if !show_panel && let Some(p) = self.panel.as_ref().filter(|p| !p.items.is_empty()) {
            spans.push(Span::styled(
                format!(" {} {}", p.items.len(), p.title.to_lowercase()),
                view.theme.warning(),
            ));
        }
        match self.saved {
            Some(true) => spans.push(Span::styled(
                format!("  ✓ {}", T::DraftSaved.get(lang).to_lowercase()),
                view.theme.ok(),
            )),
            Some(false) => spans.push(Span::styled(
                format!("  ✗ {}", T::NotSaved.get(lang)),
                view.theme.error(),
            )),
            None if self.dirty => spans.push(Span::styled(
                format!("  {}", T::FormChanged.get(lang)),
                view.theme.warning(),
            )),
            None => {}
        }
        let used: usize = spans.iter().map(Span::width).sum();
        if self.fields.iter().any(|f| f.required) {
            let legend = T::FormRequiredLegend.get(lang);
            if used + legend.width() + 2 <= width {
                spans.push(Span::raw(" ".repeat(width - used - legend.width())));
                spans.push(Span::styled(legend.to_string(), view.theme.dim()));
            }
        }
        Line::from(spans)
    }

    /// The banner wrapped to the width, at most a third of the height (cut with "…").
    fn banner_lines(&self, width: usize, height: usize) -> Vec<Line<'static>> {
        let Some((text, _)) = &self.banner else {
            return Vec::new();
        };
        if text.trim().is_empty() {
            return Vec::new();
        }
        let (mut lines, _) = wrap(text, width, None);
        let max = (height.saturating_sub(2) / 3).max(1);
        if lines.len() > max {
            lines.truncate(max);
            if let Some(last) = lines.last_mut() {
                *last = format!(
                    "{}…",
                    skip_columns(last.trim_end(), 0, width.saturating_sub(1))
                );
            }
        }
        lines.into_iter().map(Line::raw).collect()
    }

    fn render_fields(&self, view: &View, f: &mut Frame, body: Rect, label_w: usize) {
        let rows = self.rows(view, body.width, label_w);
        let height = body.height as usize;
        let (start, end) = rows.focus;
        // Keep the focused field in the upper third, but all of it (list, paragraph) in view.
        let scroll = start
            .saturating_sub(height / 3)
            .max(end.saturating_sub(height))
            .min(start)
            .min(rows.lines.len().saturating_sub(height));
        let visible: Vec<Line> = rows.lines.into_iter().skip(scroll).take(height).collect();
        f.render_widget(Paragraph::new(visible), body);
        if let Some((r, c)) = rows.cursor
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

    fn rows(&self, view: &View, width: u16, label_w: usize) -> Rows {
        let label_w = label_w.min((width as usize / 2).max(8));
        let value_w = (width as usize).saturating_sub(label_w + 1).max(4);
        let mut out = Rows {
            lines: Vec::new(),
            focus: (0, 0),
            cursor: None,
        };
        let mut section: Option<&str> = None;
        for field in &self.fields {
            if let Some(s) = field.section.as_deref()
                && section != Some(s)
            {
                out.lines
                    .push(Line::styled(fit(s, width as usize), view.theme.section()));
            }
            section = field.section.as_deref();
            let focused = field.key == self.focus;
            let start = out.lines.len();
            let label = self.label(view, field, label_w);
            let pad = Span::raw(" ".repeat(label_w + 1));
            let lead = |i: usize| {
                if i == 0 { label.clone() } else { pad.clone() }
            };
            let mut values: Vec<Span<'static>> = Vec::new();
            match &field.kind {
                Kind::Text { .. } => {
                    let text = if focused {
                        self.input.value()
                    } else {
                        self.text(field.key)
                    };
                    let (lines, cur) = wrap(text, value_w, focused.then(|| self.input.cursor()));
                    let max = if focused {
                        TEXT_ROWS_FOCUSED
                    } else {
                        TEXT_ROWS
                    };
                    let first = match cur {
                        Some((row, _)) if row >= max => row + 1 - max,
                        _ => 0,
                    };
                    let more = lines.len() > first + max;
                    let shown: Vec<&String> = lines.iter().skip(first).take(max).collect();
                    for (i, l) in shown.iter().enumerate() {
                        let s = if more && i + 1 == shown.len() {
                            format!("{}…", skip_columns(l, 0, value_w.saturating_sub(1)))
                        } else {
                            (*l).clone()
                        };
                        values.push(Span::raw(s));
                    }
                    if let Some((r, c)) = cur {
                        out.cursor = Some((start + r.saturating_sub(first), label_w + 1 + c));
                    }
                }
                Kind::Line { .. } | Kind::Date | Kind::DateTime | Kind::Combo { .. } if focused => {
                    let scroll = self.input.visual_scroll(value_w);
                    values.push(Span::raw(skip_columns(self.input.value(), scroll, value_w)));
                    out.cursor = Some((
                        start,
                        label_w + 1 + self.input.visual_cursor().saturating_sub(scroll),
                    ));
                }
                Kind::Choice { .. } if focused && !self.input.value().is_empty() => {
                    let scroll = self.input.visual_scroll(value_w);
                    values.push(Span::raw(skip_columns(self.input.value(), scroll, value_w)));
                    out.cursor = Some((
                        start,
                        label_w + 1 + self.input.visual_cursor().saturating_sub(scroll),
                    ));
                }
                Kind::Choice { options } if focused => {
                    let name = self.choice(field.key).and_then(|i| options.get(i));
                    values.push(Span::raw(fit(
                        &format!("‹ {} ›", name.map_or("–", String::as_str)),
                        value_w,
                    )));
                }
                Kind::Multi { options } if focused => {
                    let ticked = self.multi(field.key);
                    for (i, o) in options.iter().enumerate() {
                        let mark = if ticked.contains(&i) { "x" } else { " " };
                        let style = if i == self.multi_sel {
                            view.theme.selected()
                        } else {
                            Style::new()
                        };
                        values.push(Span::styled(fit(&format!("[{mark}] {o}"), value_w), style));
                    }
                }
                _ => match &field.shown {
                    // A note on the value (an invalid CPR number) wraps rather than being cut.
                    Some((text, t)) => {
                        let rows = text.split('\n').flat_map(|l| wrap(l, value_w, None).0);
                        for row in rows.take(2) {
                            values.push(Span::styled(row, tone(view, *t)));
                        }
                    }
                    None => values.push(Span::raw(fit(&self.shown_value(view, field), value_w))),
                },
            }
            if values.is_empty() {
                values.push(Span::raw(""));
            }
            for (i, v) in values.into_iter().enumerate() {
                out.lines.push(Line::from(vec![lead(i), v]));
            }
            if focused && self.list_open() {
                self.list_rows(view, field, label_w, value_w, &mut out.lines);
            }
            if focused {
                out.focus = (start, out.lines.len());
            }
        }
        out
    }

    /// The label cell: marker (`›` focus, `!` a problem, `›!` both), the label, ` *` when
    /// required.
    fn label(&self, view: &View, field: &Field, width: usize) -> Span<'static> {
        let focused = field.key == self.focus;
        let problem = self.problems.iter().any(|(k, _)| *k == field.key);
        let (marker, style) = match (focused, problem) {
            (true, true) => ("›!", view.theme.error()),
            (false, true) => ("!", view.theme.error()),
            (true, false) => ("›", view.theme.focus_label()),
            (false, false) => (" ", view.theme.label()),
        };
        let req = if field.required { " *" } else { "" };
        let room = width.saturating_sub(marker.chars().count() + req.len());
        let name = fit(&field.label, room);
        Span::styled(cell(&format!("{marker}{name}{req}"), width + 1), style)
    }

    /// A value as shown when its field does not have focus (or never edits in place).
    fn shown_value(&self, view: &View, field: &Field) -> String {
        let lang = view.lang;
        match &field.kind {
            Kind::Choice { options } => self
                .choice(field.key)
                .and_then(|i| options.get(i))
                .cloned()
                .unwrap_or_else(|| "–".into()),
            Kind::Multi { options } => {
                let names: Vec<&str> = self
                    .multi(field.key)
                    .iter()
                    .filter_map(|i| options.get(*i).map(String::as_str))
                    .collect();
                if names.is_empty() {
                    "–".into()
                } else {
                    names.join(", ")
                }
            }
            Kind::Flag => {
                let on = self.flag(field.key);
                format!(
                    "[{}] {}",
                    if on { "x" } else { " " },
                    if on {
                        T::Yes2.get(lang)
                    } else {
                        T::No2.get(lang)
                    }
                )
            }
            _ => self.text(field.key).to_string(),
        }
    }

    /// The open pick list under a Choice or Combo field: a window of options round the
    /// highlighted one, and how many more there are.
    fn list_rows(
        &self,
        view: &View,
        field: &Field,
        label_w: usize,
        value_w: usize,
        lines: &mut Vec<Line<'static>>,
    ) {
        let options = field.kind.options();
        let shown = self.filtered();
        let pad = || Span::raw(" ".repeat(label_w + 1));
        if shown.is_empty() {
            lines.push(Line::from(vec![
                pad(),
                Span::styled(T::FormNoMatch.get(view.lang).to_string(), view.theme.dim()),
            ]));
            return;
        }
        let sel = self.list.sel.unwrap_or(0);
        let first = (sel + 1).saturating_sub(LIST_ROWS);
        let chosen = self.choice(field.key);
        for (pos, i) in shown.iter().enumerate().skip(first).take(LIST_ROWS) {
            let name = options.get(*i).map_or("", String::as_str);
            let mark = if chosen == Some(*i) { "•" } else { " " };
            let style = if self.list.sel == Some(pos) {
                view.theme.selected()
            } else {
                Style::new()
            };
            lines.push(Line::from(vec![
                pad(),
                Span::styled(cell(&format!("{mark}{name}"), value_w), style),
            ]));
        }
        let rest = shown.len().saturating_sub(first + LIST_ROWS);
        if rest > 0 {
            lines.push(Line::from(vec![
                pad(),
                Span::styled(
                    format!(" … +{rest} {}", T::FormMore.get(view.lang)),
                    view.theme.dim(),
                ),
            ]));
        }
    }

    /// The hint line: the focused field's problem, else (for a date or a moment) what the
    /// typed text means, else its own hint, else how the kind of field is used.
    fn hint(&self, view: &View) -> Option<(String, Style)> {
        let lang = view.lang;
        let field = self.focused()?;
        if let Some((_, p)) = self.problems.iter().find(|(k, _)| *k == field.key) {
            return Some((p.clone(), view.theme.error()));
        }
        let typed = self.input.value();
        if field.kind.is_dated() && !typed.trim().is_empty() {
            let now = view.now;
            let read = match field.kind {
                Kind::DateTime => parse_datetime_input(typed, now).map(|t| {
                    format!(
                        "= {} {}",
                        i18n::weekday(lang, t.date().weekday()),
                        format_datetime(t)
                    )
                }),
                _ => parse_date_input(typed, now.date())
                    .map(|d| format!("= {} {}", i18n::weekday(lang, d.weekday()), format_date(d))),
            };
            return Some(match read {
                Ok(text) => (text, view.theme.ok()),
                Err(e) => {
                    // Half-typed dates are not shouted at.
                    let style = if typed.trim().chars().count() >= 8 {
                        view.theme.error()
                    } else {
                        view.theme.dim()
                    };
                    let text = match field.kind {
                        Kind::DateTime => i18n::live::moment_error(lang, &e),
                        _ => i18n::form_date_error(lang, &e),
                    };
                    (text.to_string(), style)
                }
            });
        }
        if let Some((h, t)) = &field.hint {
            return Some((h.clone(), tone(view, *t)));
        }
        let t = match &field.kind {
            Kind::Choice { .. } | Kind::Combo { .. } if self.list_open() => T::FormListHint,
            Kind::Choice { .. } => T::FormChoiceHint,
            Kind::Combo { .. } => T::FormComboHint,
            Kind::Multi { .. } => T::FormMultiHint,
            Kind::Flag => T::FormFlagHint,
            Kind::Date => T::FormDateHint,
            Kind::DateTime => {
                return Some((
                    i18n::live::Lc::MomentHint.get(lang).into(),
                    view.theme.dim(),
                ));
            }
            Kind::Text { .. } => T::FormTextHint,
            Kind::Line { .. } => return None,
        };
        Some((t.get(lang).to_string(), view.theme.dim()))
    }
}

/// The side panel: a titled list beside the form, the selected item highlighted and kept in
/// view, each head wrapped to a second line rather than cut.
fn render_panel(p: &Panel, view: &View, f: &mut Frame, area: Rect) {
    let title = format!(" {} ({}) ", p.title, p.items.len());
    let block = Block::default()
        .borders(Borders::LEFT)
        .title(Span::styled(title, view.theme.title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut sel_rows = (0, 0);
    if p.items.is_empty() {
        lines.push(Line::styled(fit(&p.empty, w), view.theme.dim()));
    }
    for (i, item) in p.items.iter().enumerate() {
        let selected = p.selected == Some(i);
        let start = lines.len();
        let style = if selected {
            view.theme.selected()
        } else {
            Style::new()
        };
        let mark = if item.marked { "⛓" } else { " " };
        let (mut head, _) = wrap(&format!("{mark}{}", item.head), w, None);
        if head.len() > 2 {
            head.truncate(2);
            if let Some(last) = head.last_mut() {
                *last = fit(&format!("{last} …"), w);
            }
        }
        for (n, h) in head.into_iter().enumerate() {
            let text = if n == 0 { h } else { format!("  {h}") };
            lines.push(Line::styled(cell(&text, w), style));
        }
        for l in &item.lines {
            for row in wrap(l, w.saturating_sub(2).max(1), None).0 {
                lines.push(Line::styled(format!("  {row}"), view.theme.dim()));
            }
        }
        if selected {
            sel_rows = (start, lines.len());
        }
    }
    let height = inner.height as usize;
    let hint: Vec<String> = if p.items.is_empty() {
        Vec::new()
    } else {
        wrap(&p.hint, w, None).0.into_iter().take(2).collect()
    };
    let hint_rows = hint.len();
    let body_h = height.saturating_sub(hint_rows);
    let skip = sel_rows.1.saturating_sub(body_h).min(sel_rows.0);
    let mut shown: Vec<Line> = lines.into_iter().skip(skip).take(body_h).collect();
    if hint_rows > 0 {
        while shown.len() < body_h {
            shown.push(Line::raw(""));
        }
        for row in hint {
            shown.push(Line::styled(row, view.theme.dim()));
        }
    }
    f.render_widget(Paragraph::new(shown), inner);
}
