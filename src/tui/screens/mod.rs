//! One module per screen: its state, its `update`, its `render`.

mod assessment;
pub mod detail;
mod list;
mod meeting;
mod meetings;
mod queue;
pub mod stats;
pub mod trends;
mod viewer;

pub use assessment::AssessmentScreen;
pub use detail::DetailScreen;
pub use list::ListScreen;
pub use meeting::MeetingScreen;
pub use meetings::MeetingsScreen;
pub use queue::QueueScreen;
pub use stats::StatsScreen;
pub use trends::TrendsScreen;
pub use viewer::ViewerScreen;

use chrono::{NaiveDate, NaiveDateTime};

use super::theme::Theme;
use crate::i18n::Lang;

/// What drawing needs besides the screen's own state.
#[derive(Clone, Copy)]
pub struct View {
    pub lang: Lang,
    pub theme: Theme,
    pub today: NaiveDate,
    /// The moment the frame is drawn for (what "14:05" or "nu" in a form means).
    pub now: NaiveDateTime,
    /// Redacted mode (meetings, projectors): initials and case numbers, no CPR, no addresses,
    /// no reporter details.
    pub redacted: bool,
}
