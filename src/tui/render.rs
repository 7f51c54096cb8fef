//! Draws the whole frame from the app state. Never changes state, never does I/O.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Screen};
use super::form::wrap::wrap;
use super::keymap::{self, Ctx};
use super::overlay::{Confirm, Overlay};
use super::screens::View;
use super::widgets::fit;
use crate::i18n::T;
use crate::i18n::follow::Fu;

/// Smallest terminal the console draws in; below it a notice asks for a larger window.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// Most rows a long status message takes (it takes one when it fits).
const STATUS_ROWS: usize = 3;

/// The area screens draw in: all but the header, status and footer rows.
pub fn body_area(area: Rect) -> Rect {
    Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(3),
    )
}

pub fn render(app: &App, f: &mut Frame) {
    let area = f.area();
    let now = app.svc.now();
    let view = View {
        lang: app.lang,
        theme: app.theme,
        today: now.date(),
        now,
        redacted: app.redacted(),
    };
    if app.removed {
        // The account was removed: one sentence, nothing of what was on the screen.
        f.render_widget(Clear, area);
        let text = crate::i18n::access::account_removed(app.lang, app.svc.user());
        let width = area.width.saturating_sub(4).max(1);
        let lines = wrap(&text, width as usize, None).0;
        let h = u16::try_from(lines.len()).unwrap_or(1).min(area.height);
        let r = Rect::new(
            area.x + 2.min(area.width),
            area.y + area.height.saturating_sub(h) / 2,
            width.min(area.width),
            h,
        );
        f.render_widget(
            Paragraph::new(Text::from(
                lines.into_iter().map(Line::from).collect::<Vec<_>>(),
            )),
            r,
        );
        return;
    }
    if app.lock.is_locked() {
        // Nothing of the screens below: no case data, no names, not even the header.
        super::lock_screen::render(app, &view, f, area);
        return;
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(&view, f, area);
        return;
    }
    // A message wider than the screen wraps onto up to three rows instead of losing its end:
    // the end is often what to do next ("save again").
    let status_lines = match &app.status {
        Some(st) if st.text.width() > area.width as usize => {
            let mut lines = wrap(&st.text, area.width as usize, None).0;
            lines.truncate(STATUS_ROWS);
            lines
        }
        _ => Vec::new(),
    };
    let status_rows = u16::try_from(status_lines.len().max(1)).unwrap_or(1);
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(status_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, &view, f, header);
    match app.stack.last() {
        Some(Screen::Queue(s)) => s.render(&view, f, body),
        Some(Screen::List(s)) => s.render(&view, f, body),
        Some(Screen::Detail(s)) => s.render(&view, f, body),
        Some(Screen::Assessment(s)) => s.render(&view, f, body),
        Some(Screen::Form(s)) => s.render(&view, f, body),
        Some(Screen::Meetings(s)) => s.render(&view, f, body),
        Some(Screen::Meeting(s)) => s.render(&view, f, body),
        Some(Screen::Stats(s)) => s.render(&view, f, body),
        Some(Screen::Trends(s)) => s.render(&view, f, body),
        Some(Screen::Viewer(s)) => s.render(&view, f, body),
        None => {}
    }
    if let Some(st) = &app.status {
        let style = if st.error {
            view.theme.error()
        } else {
            view.theme.ok()
        };
        let text = if status_lines.is_empty() {
            Text::raw(fit(&st.text, status.width as usize))
        } else {
            Text::from(status_lines.into_iter().map(Line::raw).collect::<Vec<_>>())
        };
        f.render_widget(Paragraph::new(text).style(style), status);
    }
    render_footer(app, &view, f, footer);
    if let Some(o) = &app.overlay {
        render_overlay(o, &view, f, area);
    }
}

fn render_header(app: &App, view: &View, f: &mut Frame, area: Rect) {
    let lang = view.lang;
    let screen = match app.stack.last() {
        Some(Screen::Queue(_)) | None => T::WorkQueue.get(lang),
        Some(Screen::List(_)) => T::CaseList.get(lang),
        Some(Screen::Detail(_)) => T::CaseDetail.get(lang),
        Some(Screen::Assessment(s)) => &s.title(lang),
        Some(Screen::Form(s)) => s.form.title(),
        Some(Screen::Meetings(_) | Screen::Meeting(_)) => Fu::Meetings.get(lang),
        Some(Screen::Stats(_)) => crate::i18n::retention::R::StatsTitle.get(lang),
        Some(Screen::Trends(_)) => super::screens::TrendsScreen::title(lang),
        Some(Screen::Viewer(_)) => crate::i18n::access::A::StatisticsTitle.get(lang),
    };
    let mut badges = Vec::new();
    if app.demo {
        badges.push(Span::raw(format!("· {} ", T::DemoBadge.get(lang))));
    }
    if app.redacted() {
        // Bold-reversed so it reads without colour too: the projector must show the mode.
        badges.push(Span::styled(
            format!(" {} ", Fu::Redacted.get(lang)),
            view.theme.danger(),
        ));
        badges.push(Span::raw(" "));
    }
    let right = format!("{} · {} ", app.svc.user(), view.today.format("%d-%m-%Y"));
    // A long title (a form about a measure of a case) is cut, never the badges, the user or
    // the date at the right.
    let app_title = format!(" {} · ", T::AppTitle.get(lang));
    let fixed =
        app_title.width() + badges.iter().map(|s| s.width()).sum::<usize>() + right.width() + 1;
    let room = (area.width as usize).saturating_sub(fixed);
    let mut spans = vec![Span::raw(format!("{app_title}{} ", fit(screen, room)))];
    spans.extend(badges);
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let pad = (area.width as usize).saturating_sub(used + right.chars().count());
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::raw(right));
    f.render_widget(
        Paragraph::new(Line::from(spans)).style(view.theme.header()),
        area,
    );
}

/// The footer: the current screen's main keys, and always the key to the full help.
fn render_footer(app: &App, view: &View, f: &mut Frame, area: Rect) {
    let ctx = app.ctx();
    let help = keymap::entries(ctx, true)
        .into_iter()
        .find(|b| b.action == keymap::Action::Help);
    let hint = |b: &keymap::Binding| {
        let (keys, text) = keymap::describe(b, view.lang);
        (keys, text, keys.chars().count() + text.chars().count() + 3)
    };
    let reserved = help.map_or(0, |b| hint(b).2);
    let mut spans: Vec<Span> = Vec::new();
    let mut width = 0usize;
    for b in keymap::entries(ctx, true) {
        if b.action == keymap::Action::Help
            || (app.redacted() && keymap::refused_when_redacted(b.action))
        {
            continue;
        }
        let (keys, text, w) = hint(b);
        if width + w + reserved > area.width as usize {
            break;
        }
        width += w;
        spans.push(Span::styled(keys.to_string(), view.theme.key()));
        spans.push(Span::styled(format!(" {text}  "), view.theme.dim()));
    }
    if let Some(b) = help {
        let (keys, text, _) = hint(b);
        spans.push(Span::styled(keys.to_string(), view.theme.key()));
        spans.push(Span::styled(format!(" {text}"), view.theme.dim()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn too_small(view: &View, f: &mut Frame, area: Rect) {
    let text = format!(
        "{} ({} {MIN_WIDTH}×{MIN_HEIGHT})",
        T::TooSmall.get(view.lang),
        T::Minimum.get(view.lang)
    );
    f.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .alignment(Alignment::Center),
        area,
    );
}

/// Where the help is drawn on a screen of `area`: as tall as the screen allows.
fn help_box(area: Rect) -> Rect {
    centered(area, 72, area.height.saturating_sub(2))
}

/// Every key of a context as help rows, wrapped to `width`: the context's own keys (and its
/// parents'), the text-editing keys where text is typed, and the help's own keys — all from
/// the one keymap.
fn help_lines(
    ctx: Ctx,
    lang: crate::i18n::Lang,
    width: usize,
    th: super::theme::Theme,
) -> Vec<Line<'static>> {
    const KEY_W: usize = 14;
    let text_w = width.saturating_sub(KEY_W).max(8);
    // The guide in the coordinators' language, for what the keys are for.
    let mut out: Vec<Line<'static>> = wrap(T::GuideHint.get(lang), width, None)
        .0
        .into_iter()
        .map(|row| Line::styled(row, th.dim()))
        .collect();
    let section = |out: &mut Vec<Line<'static>>, title: Option<&str>, ctx: Ctx| {
        if let Some(t) = title {
            out.push(Line::raw(""));
            out.push(Line::styled(t.to_string(), th.section()));
        }
        for b in keymap::entries(ctx, false) {
            let (keys, help) = keymap::describe(b, lang);
            let (rows, _) = wrap(help, text_w, None);
            for (i, row) in rows.into_iter().enumerate() {
                let k = if i == 0 { keys } else { "" };
                out.push(Line::from(vec![
                    Span::styled(format!("{k:<KEY_W$}"), th.key()),
                    Span::raw(row),
                ]));
            }
        }
    };
    section(&mut out, None, ctx);
    if ctx.takes_text() {
        section(&mut out, Some(T::HelpText.get(lang)), Ctx::Text);
    }
    if matches!(ctx, Ctx::Form | Ctx::Intake | Ctx::IntakeEdit) {
        out.push(Line::raw(""));
        for row in wrap(T::FormKeysHelp.get(lang), width, None).0 {
            out.push(Line::styled(row, th.dim()));
        }
    }
    section(&mut out, Some(T::HelpThis.get(lang)), Ctx::Help);
    out
}

/// How many rows the help of `ctx` has on a screen whose body is `body`.
pub fn help_rows(ctx: Ctx, lang: crate::i18n::Lang, body: Rect) -> usize {
    let r = help_box(screen_of(body));
    let th = super::theme::Theme { color: false };
    help_lines(ctx, lang, usize::from(r.width.saturating_sub(2)), th).len()
}

/// How many help rows show at once on a screen whose body is `body`.
pub fn help_height(body: Rect) -> usize {
    usize::from(help_box(screen_of(body)).height.saturating_sub(2))
}

/// The whole screen, from the body area (`body_area` in reverse).
fn screen_of(body: Rect) -> Rect {
    Rect::new(0, 0, body.width, body.height + 3)
}

/// A centred box of at most `w`×`h` inside `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn render_overlay(o: &Overlay, view: &View, f: &mut Frame, area: Rect) {
    let lang = view.lang;
    let th = view.theme;
    match o {
        Overlay::Help { ctx, first } => {
            let r = help_box(area);
            let inner_w = usize::from(r.width.saturating_sub(2));
            let lines = help_lines(*ctx, lang, inner_w, th);
            let visible = usize::from(r.height.saturating_sub(2));
            let first = (*first).min(lines.len().saturating_sub(visible));
            let more_below = lines.len() > first + visible;
            let shown: Vec<Line> = lines.into_iter().skip(first).take(visible).collect();
            f.render_widget(Clear, r);
            let mut block = Block::default().borders(Borders::ALL).title(format!(
                " {} — {} ",
                T::HelpTitle.get(lang),
                T::HelpClose.get(lang)
            ));
            if first > 0 || more_below {
                let arrows = match (first > 0, more_below) {
                    (true, true) => "↑↓",
                    (true, false) => "↑",
                    _ => "↓",
                };
                block = block
                    .title_bottom(Line::from(format!(" {arrows} PgUp PgDn g G ")).right_aligned());
            }
            f.render_widget(Paragraph::new(shown).block(block), r);
        }
        Overlay::Cards(c) => c.render(view, f, area),
        // Over the form's body: the header still says which case and form this is.
        Overlay::Clash(c) => c.choice.render(view, f, body_area(area)),
        Overlay::DangerCard => {
            let lines = vec![
                Line::styled(T::DangerCard1.get(lang).to_string(), th.danger()),
                Line::raw(""),
                Line::raw(T::DangerCard2.get(lang).to_string()),
                Line::raw(T::DangerCard3.get(lang).to_string()),
                Line::raw(T::DangerCard4.get(lang).to_string()),
                Line::raw(""),
                Line::styled(T::PressEnter.get(lang).to_string(), th.dim()),
            ];
            let r = centered(area, 66, 10);
            f.render_widget(Clear, r);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(th.error())
                .title(format!(" {} ", T::DangerCardTitle.get(lang)));
            f.render_widget(
                Paragraph::new(lines)
                    .block(block)
                    .wrap(Wrap { trim: false }),
                r,
            );
        }
        Overlay::Confirm(c) => {
            let text = match c {
                Confirm::DiscardDraft(_) => T::ConfirmDiscard.get(lang),
                Confirm::DiscardForm(None) => T::ConfirmDiscardChanges.get(lang),
                Confirm::DiscardForm(Some(_)) => T::ConfirmDiscardDraft.get(lang),
            };
            let r = centered(area, 60, 3);
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(text).block(Block::default().borders(Borders::ALL)),
                r,
            );
        }
        Overlay::Question(q) => {
            let w = 70.min(area.width);
            let rows = wrap(&q.text, usize::from(w.saturating_sub(2)), None).0;
            let r = centered(area, w, u16::try_from(rows.len()).unwrap_or(1) + 2);
            f.render_widget(Clear, r);
            let lines: Vec<Line> = rows.into_iter().map(Line::raw).collect();
            f.render_widget(
                Paragraph::new(lines).block(Block::default().borders(Borders::ALL)),
                r,
            );
        }
        Overlay::Prompt(p) => {
            // The message wraps below the input, so a refusal is read to its end.
            let error: Vec<String> = p
                .error
                .as_deref()
                .map(|e| wrap(e, usize::from(70.min(area.width).saturating_sub(2)), None).0)
                .unwrap_or_default();
            let rows = u16::try_from(error.len().saturating_sub(1)).unwrap_or(0);
            let r = centered(area, 70, 4 + rows);
            f.render_widget(Clear, r);
            let block = Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", p.title().get(lang)));
            let inner = block.inner(r);
            f.render_widget(block, r);
            let w = inner.width as usize;
            let scroll = p.input.visual_scroll(w.saturating_sub(1));
            let shown: String = p.input.value().chars().skip(scroll).take(w).collect();
            let mut lines = vec![Line::raw(shown)];
            for e in error {
                lines.push(Line::styled(fit(&e, w), th.error()));
            }
            f.render_widget(Paragraph::new(lines), inner);
            let x = inner.x
                + u16::try_from(p.input.visual_cursor().saturating_sub(scroll)).unwrap_or(0);
            f.set_cursor_position((x.min(inner.right().saturating_sub(1)), inner.y));
        }
    }
}
