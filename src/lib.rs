//! infohus: a case console for Danish municipal SSP / Infohus Kommune teams.

pub mod api;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod rpc;
pub mod service;
pub mod store;
pub mod tui;
pub mod user;
