//! What an account with the viewer role sees in the console: one sentence, no case data.
//! The statistics screen replaces it once it exists (`App::start_screen` is the one place).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};

use super::View;
use crate::i18n::access::A;

pub struct ViewerScreen;

impl ViewerScreen {
    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let inner = Rect::new(
            area.x + 2,
            area.y + 1,
            area.width.saturating_sub(4),
            area.height.saturating_sub(1),
        );
        f.render_widget(
            Paragraph::new(A::ViewerOnly.get(view.lang)).wrap(Wrap { trim: true }),
            inner,
        );
    }
}
