//! Draws the idle lock: a blank screen with one line, then the question who is there.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::app::App;
use super::lock::LockState;
use super::screens::View;
use crate::i18n::access::{self as tx, A};

pub fn render(app: &App, view: &View, f: &mut Frame, area: Rect) {
    f.render_widget(Clear, area);
    let lang = view.lang;
    let mut lines = vec![Line::styled(A::Locked.get(lang), view.theme.title())];
    if app.lock.state() == LockState::Confirm {
        lines.push(Line::raw(""));
        lines.push(Line::raw(tx::unlock_as(lang, app.svc.user())));
        lines.push(Line::styled(A::UnlockHint.get(lang), view.theme.dim()));
    }
    let h = u16::try_from(lines.len()).unwrap_or(1).min(area.height);
    let r = Rect::new(
        area.x,
        area.y + area.height.saturating_sub(h) / 2,
        area.width,
        h,
    );
    f.render_widget(Paragraph::new(lines).alignment(Alignment::Center), r);
}
