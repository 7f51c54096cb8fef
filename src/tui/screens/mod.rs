//! One module per screen: its state, its `update`, its `render`.

mod assessment;
pub mod detail;
mod intake;
mod list;
mod queue;
mod viewer;

pub use assessment::AssessmentScreen;
pub use detail::DetailScreen;
pub use intake::IntakeScreen;
pub use list::ListScreen;
pub use queue::QueueScreen;
pub use viewer::ViewerScreen;

use chrono::NaiveDate;

use super::theme::Theme;
use crate::i18n::Lang;

/// What drawing needs besides the screen's own state.
#[derive(Clone, Copy)]
pub struct View {
    pub lang: Lang,
    pub theme: Theme,
    pub today: NaiveDate,
}
