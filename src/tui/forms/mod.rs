//! The case forms of the assessment flow, each a `FormModel` on the shared form component.

use crate::tui::app::{Env, Nav};
use crate::tui::keymap::Action;
use crate::tui::screens::DetailScreen;

/// Opens the form an action on a case asks for, if it is a form action.
pub fn for_case(_env: &mut Env, _d: &mut DetailScreen, _action: Action) -> Option<Nav> {
    None
}
