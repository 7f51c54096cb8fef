//! The full-screen console.

pub mod app;
mod cards;
pub mod clash;
pub mod form;
pub mod forms;
pub mod keymap;
pub mod lock;
mod lock_screen;
pub mod overlay;
mod render;
pub mod screens;
pub mod terminal;
mod text_input;
pub mod theme;
mod widgets;

pub use app::{App, AppEvent};
pub use render::{MIN_HEIGHT, MIN_WIDTH, render};
pub use terminal::run;
