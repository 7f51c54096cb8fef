//! Overlays above the screens: help, confirmations, one-line prompts, the danger actioncard.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tui_input::Input;

use super::app::{Env, Nav, Screen};
use super::keymap::{Action, Ctx};
use super::screens::{DetailScreen, QueueScreen};
use super::text_input;
use crate::domain::CaseNo;
use crate::domain::dates::parse_date;
use crate::domain::draft::DraftId;
use crate::domain::text::LINE_LIMIT;
use crate::i18n::{T, date_error};

pub enum Overlay {
    /// Every key of a context; it scrolls (`first` is the first row shown).
    Help {
        ctx: Ctx,
        first: usize,
    },
    Confirm(Confirm),
    /// A yes/no question of the form on top of the stack (`FormModel::answer`).
    Question(Question),
    Prompt(Prompt),
    DangerCard,
    Cards(Box<super::cards::CardsOverlay>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub text: String,
    pub id: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    DiscardDraft(DraftId),
    /// Leave the form on top of the stack without saving its changes: `j` discards its draft
    /// too, `k` leaves and keeps the draft in the work queue.
    DiscardForm(Option<DraftId>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Note(CaseNo),
    NextDate(CaseNo),
    Command,
    /// Place (`place`) or lift a legal hold on a case; the text is the reason.
    LegalHold {
        no: CaseNo,
        place: bool,
    },
}

pub struct Prompt {
    pub kind: PromptKind,
    pub input: Input,
    pub error: Option<String>,
}

/// Rows the help moves by with PgUp/PgDn.
const HELP_PAGE: usize = 10;

/// A longer note than a field, but still one paragraph.
const NOTE_LIMIT: usize = 4000;

impl Prompt {
    pub fn new(kind: PromptKind) -> Prompt {
        Prompt {
            kind,
            input: Input::default(),
            error: None,
        }
    }

    fn limit(&self) -> usize {
        match self.kind {
            PromptKind::Note(_) => NOTE_LIMIT,
            _ => LINE_LIMIT,
        }
    }

    pub fn title(&self) -> T {
        match self.kind {
            PromptKind::Note(_) => T::PromptNote,
            PromptKind::NextDate(_) => T::PromptNextDate,
            PromptKind::Command => T::PromptCommand,
            PromptKind::LegalHold { place: true, .. } => T::PromptHold,
            PromptKind::LegalHold { place: false, .. } => T::PromptLiftHold,
        }
    }

    pub fn paste(&mut self, env: &mut Env, text: &str) {
        let limit = self.limit();
        let c = text_input::paste(&mut self.input, text, limit);
        if c.truncated > 0 {
            env.error(T::Truncated.get(env.lang));
        }
    }

    /// Carries out the prompt. `Err` keeps it open with a message.
    fn submit(&mut self, env: &mut Env, stack: &mut Vec<Screen>) -> Result<Nav, String> {
        let value = self.input.value().trim().to_string();
        match self.kind {
            PromptKind::Note(no) => {
                env.svc
                    .add_note(no, &value)
                    .map_err(|e| crate::i18n::service_error(env.lang, &e))?;
                env.info(T::NoteAdded.get(env.lang));
                Ok(Nav::Stay)
            }
            PromptKind::NextDate(no) => {
                let date = parse_date(&value).map_err(|e| date_error(env.lang, &e).to_string())?;
                env.svc
                    .set_next_date(no, date, "")
                    .map_err(|e| crate::i18n::service_error(env.lang, &e))?;
                env.info(T::NextDateChanged.get(env.lang));
                Ok(Nav::Stay)
            }
            PromptKind::Command => run_command(env, stack, &value),
            PromptKind::LegalHold { no, place } => {
                env.svc
                    .legal_hold(no, place, &value)
                    .map_err(|e| crate::i18n::service_error(env.lang, &e))?;
                let done = if place {
                    crate::i18n::retention::R::HoldPlaced
                } else {
                    crate::i18n::retention::R::HoldLifted
                };
                env.info(done.get(env.lang));
                Ok(Nav::Stay)
            }
        }
        .inspect(|_| refresh_detail(env, stack))
    }
}

fn refresh_detail(env: &mut Env, stack: &mut [Screen]) {
    if let Some(Screen::Detail(d)) = stack.last_mut() {
        d.reload(env);
    }
}

/// The `:` command line: a case number opens the case; a few words do what the keys do.
fn run_command(env: &mut Env, stack: &mut Vec<Screen>, cmd: &str) -> Result<Nav, String> {
    let cmd = cmd.trim_start_matches(':').trim();
    let lower = cmd.to_lowercase();
    let number = ["sag", "case", "#"]
        .iter()
        .fold(lower.as_str(), |s, p| s.trim_start_matches(p).trim());
    if let Ok(no) = number.parse::<CaseNo>() {
        return match DetailScreen::open(env, no) {
            Ok(d) => Ok(Nav::Push(Screen::Detail(Box::new(d)))),
            Err(e) => Err(crate::i18n::service_error(env.lang, &e)),
        };
    }
    match lower.as_str() {
        "q" | "quit" | "afslut" => Ok(Nav::Quit),
        "" => Ok(Nav::Stay),
        "queue" | "kø" | "start" | "arbejdsliste" => {
            stack.truncate(1);
            if let Some(Screen::Queue(q)) = stack.first_mut() {
                *q = QueueScreen::load(env);
            }
            Ok(Nav::Stay)
        }
        _ => Err(T::UnknownCommand.get(env.lang).to_string()),
    }
}

impl Overlay {
    /// Handles a key. Returns the overlay to keep (None closes it) and what the app should do.
    pub fn on_key(
        self,
        env: &mut Env,
        stack: &mut Vec<Screen>,
        action: Option<Action>,
        key: KeyEvent,
    ) -> (Option<Overlay>, Nav) {
        match self {
            Overlay::Help { ctx, first } => {
                let first = match action {
                    Some(Action::Back) => return (None, Nav::Stay),
                    Some(Action::Up) => first.saturating_sub(1),
                    Some(Action::Down) => first + 1,
                    Some(Action::PageUp) => first.saturating_sub(HELP_PAGE),
                    Some(Action::PageDown) => first + HELP_PAGE,
                    Some(Action::Top) => 0,
                    Some(Action::Bottom) => usize::MAX,
                    _ => first,
                };
                // Drawing clamps it to the last page; keep it there so ↑ moves at once.
                let last = super::render::help_rows(ctx, env.lang, env.body)
                    .saturating_sub(super::render::help_height(env.body));
                let first = first.min(last);
                (Some(Overlay::Help { ctx, first }), Nav::Stay)
            }
            Overlay::DangerCard => match key.code {
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('?') | KeyCode::Char('q') => {
                    (None, Nav::Stay)
                }
                _ => (Some(self), Nav::Stay),
            },
            Overlay::Question(q) => {
                let yes = matches!(key.code, KeyCode::Char('j' | 'J' | 'y' | 'Y'));
                let no = matches!(key.code, KeyCode::Char('n' | 'N') | KeyCode::Esc);
                if !(yes || no) {
                    return (Some(Overlay::Question(q)), Nav::Stay);
                }
                let answer = crate::tui::form::Answer { id: q.id, yes };
                let nav = match stack.last_mut() {
                    Some(Screen::Form(f)) => f.answer(env, answer),
                    _ => Nav::Stay,
                };
                (None, nav)
            }
            Overlay::Cards(mut c) => {
                let keep = c.on_key(action);
                (keep.then_some(Overlay::Cards(c)), Nav::Stay)
            }
            Overlay::Confirm(c) => {
                let yes = matches!(key.code, KeyCode::Char('j' | 'J' | 'y' | 'Y'));
                let no = matches!(key.code, KeyCode::Char('n' | 'N') | KeyCode::Esc);
                if yes {
                    match c {
                        Confirm::DiscardDraft(id) => {
                            match env.svc.discard_draft(id) {
                                Ok(()) => env.info(T::DraftDiscarded.get(env.lang)),
                                Err(e) => env.fail(&e),
                            }
                            if let Some(Screen::Queue(q)) = stack.last_mut() {
                                q.reload(env);
                            }
                            (None, Nav::Stay)
                        }
                        Confirm::DiscardForm(draft) => {
                            if let Some(id) = draft
                                && let Err(e) = env.svc.discard_draft(id)
                            {
                                env.fail(&e);
                                return (None, Nav::Stay);
                            }
                            env.info(T::ChangesDiscarded.get(env.lang));
                            (None, Nav::Pop)
                        }
                    }
                } else if matches!(c, Confirm::DiscardForm(Some(_)))
                    && matches!(key.code, KeyCode::Char('k' | 'K'))
                {
                    env.info(T::DraftKept.get(env.lang));
                    (None, Nav::Pop)
                } else if no {
                    (None, Nav::Stay)
                } else {
                    (Some(Overlay::Confirm(c)), Nav::Stay)
                }
            }
            Overlay::Prompt(mut p) => {
                if action == Some(Action::Back) {
                    return (None, Nav::Stay);
                }
                if key.code == KeyCode::Enter {
                    return match p.submit(env, stack) {
                        Ok(nav) => (None, nav),
                        Err(msg) => {
                            p.error = Some(msg);
                            (Some(Overlay::Prompt(p)), Nav::Stay)
                        }
                    };
                }
                if let Some(req) = text_input::request(&key) {
                    let limit = p.limit();
                    let (changed, full) = text_input::apply_key(&mut p.input, req, limit);
                    if changed {
                        p.error = None;
                    }
                    if full {
                        p.error = Some(T::Truncated.get(env.lang).to_string());
                    }
                }
                (Some(Overlay::Prompt(p)), Nav::Stay)
            }
        }
    }
}
