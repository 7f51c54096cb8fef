//! Application state and the one `update` that changes it. Rendering lives in `render.rs` and
//! the screens' `render` functions, which only read this state.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

use ratatui::layout::Rect;

use super::form::FormScreen;
use super::keymap::{self, Action, Ctx};
use super::lock::IdleLock;
use super::overlay::{Overlay, Prompt, PromptKind};
use super::screens::{DetailScreen, ListScreen, QueueScreen, View, ViewerScreen};
use super::theme::Theme;
use crate::api::Api;
use crate::domain::CaseNo;
use crate::domain::access::Permission;
use crate::i18n::follow::Fu;
use crate::i18n::{Lang, T, service_error};
use crate::service::ServiceError;

#[derive(Debug, Clone)]
pub enum AppEvent {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// Time passed without input (the event loop's poll timed out): the idle lock may lock,
    /// and the screen shows what other sessions changed (see `App::live_update`).
    Tick,
}

pub enum Screen {
    Queue(QueueScreen),
    List(ListScreen),
    Detail(Box<DetailScreen>),
    Assessment(Box<super::screens::AssessmentScreen>),
    /// Any form: the intake and every case and meeting form (`tui::form`).
    Form(Box<FormScreen>),
    Meetings(Box<super::screens::MeetingsScreen>),
    Meeting(Box<super::screens::MeetingScreen>),
    Stats(Box<super::screens::StatsScreen>),
    Trends(Box<super::screens::TrendsScreen>),
    /// An account that may see statistics only.
    Viewer(ViewerScreen),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// What a screen asks the app to do after handling a key.
pub enum Nav {
    Stay,
    Push(Screen),
    /// Leave this screen; the one below is refreshed.
    Pop,
    /// Replace this screen (e.g. filed intake → the new case).
    Replace(Screen),
    Overlay(Overlay),
    Quit,
}

/// How often an idle console asks whether another session changed anything: within a second
/// of a colleague's save, the list the user looks at shows it.
pub const LIVE_POLL: Duration = Duration::from_millis(500);

/// What screens may use while handling a key.
pub struct Env<'a> {
    pub svc: &'a mut Api,
    pub lang: Lang,
    pub theme: Theme,
    /// Where the current screen is drawn, as of the last frame.
    pub body: Rect,
    pub status: &'a mut Option<Status>,
    /// While a form saves: its draft, for a save that removes it in the same write.
    pub draft: Option<crate::domain::draft::Draft>,
    /// Set when a call found the server gone, so that the live update says when it is back
    /// (a form's draft save often finds it first, before the next poll).
    pub disconnected: &'a mut bool,
}

impl Env<'_> {
    pub fn view(&self) -> View {
        let now = self.svc.now();
        View {
            lang: self.lang,
            theme: self.theme,
            today: now.date(),
            now,
            redacted: self.svc.redacted(),
        }
    }

    /// Turns the redacted view on or off (and remembers it for the account), saying so.
    pub fn set_redacted(&mut self, on: bool) {
        match self.svc.set_redacted(on) {
            Ok(()) => {
                let text = if on { Fu::RedactedOn } else { Fu::RedactedOff };
                self.info(text.get(self.lang));
            }
            Err(e) => self.fail(&e),
        }
    }

    pub fn info(&mut self, text: impl Into<String>) {
        *self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }
    pub fn error(&mut self, text: impl Into<String>) {
        *self.status = Some(Status {
            text: text.into(),
            error: true,
        });
    }
    /// Names to offer for "responsible"; without the server, at least the user.
    pub fn people(&self) -> Vec<String> {
        self.svc
            .people()
            .unwrap_or_else(|_| vec![self.svc.user().to_string()])
    }

    /// The recommendations an assessment picks from; without the server, the defaults.
    pub fn recommendations(&self) -> Vec<String> {
        self.svc.recommendations().unwrap_or_else(|_| {
            crate::domain::flow::RECOMMENDATIONS
                .iter()
                .map(|s| s.to_string())
                .collect()
        })
    }

    pub fn fail(&mut self, e: &ServiceError) {
        if matches!(
            e,
            ServiceError::Server(
                crate::service::ServerError::Lost | crate::service::ServerError::NotRunning(_)
            )
        ) {
            *self.disconnected = true;
        }
        let text = service_error(self.lang, e);
        self.error(text);
    }
}

pub struct App {
    pub svc: Api,
    pub lang: Lang,
    pub theme: Theme,
    pub stack: Vec<Screen>,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub quit: bool,
    /// The screen's body area, kept current from resize events.
    pub body: Rect,
    pub lock: IdleLock,
    /// Where the lock and the live update get the time; tests put in a clock they move by hand.
    clock: Box<dyn Fn() -> Instant>,
    /// The service's change count (`Service::changes`) the screens were last read at.
    seen_changes: u64,
    /// Whether the database holds demo data (the badge), and the change count it was read at.
    pub demo: bool,
    demo_read_at: u64,
    /// A poll or a call found no server; the user has been told.
    disconnected: bool,
    /// When the live update last asked for the change count.
    last_poll: Option<Instant>,
    /// A tick changed what is shown (the lock, or a live update): the event loop redraws.
    redraw: bool,
    /// The account was removed from `users.toml`: the console shows that one sentence and
    /// nothing else, asks the server nothing more, and closes on the next key.
    pub removed: bool,
    /// The roles the screens were built for.
    roles: Vec<crate::domain::access::Role>,
}

impl App {
    pub fn redacted(&self) -> bool {
        self.svc.redacted()
    }

    pub fn new(svc: impl Into<Api>, lang: Lang, theme: Theme) -> App {
        let mut app = App {
            svc: svc.into(),
            lang,
            theme,
            stack: Vec::new(),
            overlay: None,
            status: None,
            quit: false,
            body: Rect::new(0, 1, 80, 21),
            lock: IdleLock::new(
                crate::service::config::LockConfig::default().idle_minutes,
                Instant::now(),
            ),
            clock: Box::new(Instant::now),
            seen_changes: 0,
            demo: false,
            demo_read_at: 0,
            disconnected: false,
            last_poll: None,
            redraw: false,
            removed: false,
            roles: Vec::new(),
        };
        app.roles = app.svc.roles();
        app.seen_changes = app.svc.changes().unwrap_or(0);
        app.demo = app.svc.is_demo().unwrap_or(false);
        app.demo_read_at = app.seen_changes;
        // A projector's console starts as it was left: redacted until an explicit `R`. If the
        // remembered view cannot be read, it starts redacted rather than show names.
        if app.svc.may(Permission::Cases) {
            let on = app.svc.console_redacted().unwrap_or(true);
            if on && !app.svc.redacted() {
                let _ = app.svc.set_redacted(true);
            }
        }
        let start = app.start_screen();
        app.stack.push(start);
        if let Some(n) = app.svc.take_notice() {
            app.status = Some(Status {
                text: crate::i18n::access::notice(app.lang, &n),
                error: false,
            });
        }
        app
    }

    /// The first screen, by role. The one place that decides what an account starts on: a
    /// viewer (statistics only) gets the viewer screen, which the statistics screen replaces.
    fn start_screen(&mut self) -> Screen {
        let (mut env, _, _) = self.env();
        if env.svc.may(Permission::Cases) {
            Screen::Queue(QueueScreen::load(&mut env))
        } else if env.svc.may(Permission::Statistics) {
            // A viewer's console is the statistics screen: anonymous counts, nothing else.
            Screen::Stats(Box::new(super::screens::StatsScreen::open_root(&mut env)))
        } else {
            Screen::Viewer(ViewerScreen)
        }
    }

    /// `[lock] idle_minutes` from the team's settings; 0 turns the lock off.
    pub fn set_idle_minutes(&mut self, minutes: u32) {
        self.lock = IdleLock::new(minutes, (self.clock)());
    }

    /// Replaces the clock the idle lock reads (tests).
    pub fn set_clock(&mut self, clock: Box<dyn Fn() -> Instant>) {
        self.clock = clock;
        self.lock = IdleLock::new(
            crate::service::config::LockConfig::default().idle_minutes,
            (self.clock)(),
        );
    }

    pub fn t(&self, t: T) -> &'static str {
        t.get(self.lang)
    }

    /// The key context of what has focus now.
    pub fn ctx(&self) -> Ctx {
        if self.lock.is_locked() {
            return Ctx::Locked;
        }
        if self.overlay.is_some() {
            return match self.overlay {
                Some(Overlay::Cards(_)) => Ctx::Cards,
                Some(Overlay::Clash(_)) => Ctx::Clash,
                Some(Overlay::Help { .. }) => Ctx::Help,
                _ => Ctx::Overlay,
            };
        }
        match self.stack.last() {
            Some(Screen::Queue(_)) | None => Ctx::Queue,
            Some(Screen::List(l)) if l.searching => Ctx::ListSearch,
            Some(Screen::List(_)) => Ctx::List,
            Some(Screen::Detail(_)) => Ctx::Detail,
            Some(Screen::Assessment(_)) => Ctx::Assessment,
            Some(Screen::Form(f)) => f.ctx(),
            Some(Screen::Meetings(_)) => Ctx::Meetings,
            Some(Screen::Meeting(_)) => Ctx::Meeting,
            Some(Screen::Stats(_)) => Ctx::Stats,
            Some(Screen::Trends(_)) => Ctx::Trends,
            Some(Screen::Viewer(_)) => Ctx::Viewer,
        }
    }

    pub fn update(&mut self, ev: AppEvent) {
        if self.removed {
            // Nothing more to show or ask: any key closes the console.
            if matches!(ev, AppEvent::Key(k) if k.kind != KeyEventKind::Release) {
                self.quit = true;
            }
            return;
        }
        self.on_event(ev);
        // Whatever call found the account gone, on any screen or overlay.
        if self.svc.removed() {
            self.account_removed();
        }
    }

    /// The account is no longer in `users.toml`: everything shown is dropped, so nothing of
    /// a case stays on the screen or in memory.
    fn account_removed(&mut self) {
        self.removed = true;
        self.overlay = None;
        self.stack.clear();
        self.status = None;
        self.redraw = true;
    }

    /// An administrator changed this account's roles (seen by the pulse). A right taken away
    /// takes with it every screen that used it: the console starts over on the first screen
    /// of the new roles (a half-typed intake is a saved draft). A right added only needs
    /// saying.
    fn roles_changed(&mut self, roles: &[crate::domain::access::Role]) {
        use crate::domain::access::allowed;
        let before = std::mem::replace(&mut self.roles, roles.to_vec());
        self.svc.refresh_roles(roles);
        let lost = [
            Permission::Statistics,
            Permission::Cases,
            Permission::Oversight,
            Permission::Users,
        ]
        .into_iter()
        .any(|p| allowed(&before, p) && !allowed(roles, p));
        if lost {
            self.overlay = None;
            self.stack.clear();
            let start = self.start_screen();
            self.stack.push(start);
        }
        self.status = Some(Status {
            text: crate::i18n::access::roles_changed(self.lang, roles, lost),
            error: lost,
        });
        self.redraw = true;
    }

    fn on_event(&mut self, ev: AppEvent) {
        match ev {
            AppEvent::Key(key) if key.kind != KeyEventKind::Release => self.on_key(key),
            AppEvent::Resize(w, h) => self.body = super::render::body_area(Rect::new(0, 0, w, h)),
            AppEvent::Key(_) => {}
            AppEvent::Paste(text) => {
                // Pasted text meant for a screen the user has not seen for a while is dropped.
                if !self.lock.on_key(None, (self.clock)()) {
                    self.on_paste(&text);
                }
            }
            AppEvent::Tick => {
                let now = (self.clock)();
                let locked = self.lock.tick(now);
                let refreshed = self.live_update(now);
                self.redraw |= locked || refreshed;
            }
        }
    }

    /// Whether a tick changed what is shown since the last call; the event loop redraws then
    /// (it draws after every key anyway).
    pub fn take_redraw(&mut self) -> bool {
        std::mem::take(&mut self.redraw)
    }

    /// Shows what other sessions saved: at most every `LIVE_POLL`, asks for the change count,
    /// and when it moved, reloads the top screen if that is a list or a case — keeping its
    /// filter, tab, scroll and selection. Forms, the intake and overlays are never touched (the
    /// user's text must not move under their hands); the change stays pending until the user
    /// is back on a screen that shows it. While locked nothing is read. Returns whether the
    /// screen was reloaded.
    fn live_update(&mut self, now: Instant) -> bool {
        if self.lock.is_locked() {
            return false;
        }
        if self
            .last_poll
            .is_some_and(|t| now.saturating_duration_since(t) < LIVE_POLL)
        {
            return false;
        }
        self.last_poll = Some(now);
        // The poll is also how a console notices a dead server: it says so once, keeps the
        // screen (and any text typed) as it is, and the next poll reconnects. It brings the
        // account's roles as they are now, and the refusal of a removed account.
        let changes = match self.svc.pulse() {
            Ok(p) => {
                if p.roles != self.roles {
                    self.roles_changed(&p.roles);
                }
                self.svc.forget_cards_unless(p.cards);
                p.changes
            }
            Err(ServiceError::UnknownAccount(_)) => return true,
            Err(e) => {
                if !self.disconnected {
                    self.disconnected = true;
                    self.status = Some(Status {
                        text: service_error(self.lang, &e),
                        error: true,
                    });
                    return true;
                }
                return false;
            }
        };
        if changes != self.demo_read_at {
            self.demo = self.svc.is_demo().unwrap_or(self.demo);
            self.demo_read_at = changes;
        }
        let back = std::mem::take(&mut self.disconnected);
        if back {
            self.status = Some(Status {
                text: crate::i18n::server::reconnected(self.lang).into(),
                error: false,
            });
        }
        if self.overlay.is_some() || !self.top_is_live() {
            return back;
        }
        if changes == self.seen_changes && !back {
            return false;
        }
        self.seen_changes = changes;
        let (mut env, stack, _) = self.env();
        match stack.last_mut() {
            Some(Screen::Queue(s)) => s.refresh(&mut env),
            Some(Screen::List(s)) => s.refresh(&mut env),
            // `reload` is `reload_case`: not a new view in the audit log.
            Some(Screen::Detail(s)) => s.reload(&mut env),
            Some(Screen::Meetings(s)) => s.refresh(&mut env),
            Some(Screen::Meeting(s)) => s.refresh(&mut env),
            Some(Screen::Stats(s)) => s.reload(&mut env),
            Some(Screen::Trends(s)) => s.reload(&mut env),
            _ => return false,
        }
        true
    }

    /// Whether the top screen is one the live update reloads.
    fn top_is_live(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(
                Screen::Queue(_)
                    | Screen::List(_)
                    | Screen::Detail(_)
                    | Screen::Meetings(_)
                    | Screen::Meeting(_)
                    | Screen::Stats(_)
                    | Screen::Trends(_)
            )
        )
    }

    /// Runs `f` with what a screen gets while handling a key (tests build screens this way).
    pub fn with_env<T>(&mut self, f: impl FnOnce(&mut Env) -> T) -> T {
        let (mut env, _, _) = self.env();
        f(&mut env)
    }

    fn env(&mut self) -> (Env<'_>, &mut Vec<Screen>, &mut Option<Overlay>) {
        (
            Env {
                svc: &mut self.svc,
                lang: self.lang,
                theme: self.theme,
                body: self.body,
                status: &mut self.status,
                draft: None,
                disconnected: &mut self.disconnected,
            },
            &mut self.stack,
            &mut self.overlay,
        )
    }

    fn on_key(&mut self, key: KeyEvent) {
        // A message answers the last key; the next key starts afresh.
        self.status = None;
        let now = (self.clock)();
        self.lock.tick(now);
        let ctx = self.ctx();
        let action = keymap::lookup(ctx, &key);
        if action == Some(Action::ForceQuit) {
            self.quit = true;
            return;
        }
        if self.lock.on_key(action, now) {
            return;
        }
        if self.overlay.is_some() {
            let nav = self.on_overlay_key(action, key);
            self.apply(nav);
            return;
        }
        // Actions that mean the same on every screen.
        // An account without case access (a viewer) has the statistics and nothing else: the
        // keys that lead to cases everywhere else do nothing.
        let case_key = matches!(
            action,
            Some(
                Action::NewIntake
                    | Action::Search
                    | Action::ActionCards
                    | Action::Command
                    | Action::ToggleRedacted
            )
        );
        if case_key && !self.svc.may(Permission::Cases) {
            return;
        }
        let nav = match action {
            Some(Action::NewIntake) if self.svc.redacted() => {
                self.status = Some(Status {
                    text: Fu::NoIntakeRedacted.get(self.lang).into(),
                    error: true,
                });
                Nav::Stay
            }
            Some(Action::ToggleRedacted) => {
                let (mut env, _, _) = self.env();
                let on = !env.svc.redacted();
                env.set_redacted(on);
                // Everything on screen was read in the other view: read it again.
                self.refresh_top();
                Nav::Stay
            }
            Some(Action::NewIntake) => self.new_intake(None),
            Some(Action::Help) => Nav::Overlay(Overlay::Help { ctx, first: 0 }),
            Some(Action::ActionCards) => self.action_cards(),
            Some(Action::Command) => {
                Nav::Overlay(Overlay::Prompt(Prompt::new(PromptKind::Command)))
            }
            Some(Action::Search) if !matches!(self.stack.last(), Some(Screen::List(_))) => {
                let (mut env, _, _) = self.env();
                Nav::Push(Screen::List(ListScreen::open(&mut env, true)))
            }
            _ => {
                let (mut env, stack, _) = self.env();
                match stack.last_mut() {
                    Some(Screen::Queue(s)) => s.update(&mut env, action, key),
                    Some(Screen::List(s)) => s.update(&mut env, action, key),
                    Some(Screen::Detail(s)) => s.update(&mut env, action, key),
                    Some(Screen::Assessment(s)) => s.update(&mut env, action, key),
                    Some(Screen::Form(s)) => s.update(&mut env, action, key),
                    Some(Screen::Meetings(s)) => s.update(&mut env, action, key),
                    Some(Screen::Meeting(s)) => s.update(&mut env, action, key),
                    Some(Screen::Stats(s)) => s.update(&mut env, action, key),
                    Some(Screen::Trends(s)) => s.update(&mut env, action, key),
                    Some(Screen::Viewer(_)) if action == Some(Action::Quit) => Nav::Quit,
                    Some(Screen::Viewer(_)) => Nav::Stay,
                    None => Nav::Quit,
                }
            }
        };
        self.apply(nav);
    }

    fn on_paste(&mut self, text: &str) {
        let (mut env, stack, overlay) = self.env();
        if let Some(Overlay::Prompt(p)) = overlay {
            p.paste(&mut env, text);
            return;
        }
        match stack.last_mut() {
            Some(Screen::List(s)) => s.paste(&mut env, text),
            Some(Screen::Form(s)) => s.paste(&mut env, text),
            _ => {}
        }
    }

    fn on_overlay_key(&mut self, action: Option<Action>, key: KeyEvent) -> Nav {
        let Some(overlay) = self.overlay.take() else {
            return Nav::Stay;
        };
        let (mut env, stack, _) = self.env();
        let (keep, nav) = overlay.on_key(&mut env, stack, action, key);
        self.overlay = keep;
        nav
    }

    /// The actioncards, with those for the open case (if one is open) first.
    fn action_cards(&mut self) -> Nav {
        let lang = self.lang;
        let today = self.svc.today();
        let ctx = match self.stack.last() {
            Some(Screen::Detail(d)) => {
                let s = &d.view.state;
                Some((
                    s.intake.concerns.clone(),
                    s.intake.imminent_danger,
                    s.intake.age(today),
                ))
            }
            _ => None,
        };
        let set = self.svc.cards();
        let case = ctx.as_ref().map(|(c, d, a)| super::cards::CaseContext {
            concerns: c,
            imminent_danger: *d,
            age: *a,
        });
        Nav::Overlay(Overlay::Cards(Box::new(super::cards::CardsOverlay::new(
            &set, case, lang,
        ))))
    }

    /// Opens the intake form: a new concern, or an edit of a filed case.
    pub fn new_intake(&mut self, editing: Option<CaseNo>) -> Nav {
        let (mut env, _, _) = self.env();
        super::forms::intake::open(&mut env, editing)
    }

    fn apply(&mut self, nav: Nav) {
        match nav {
            Nav::Stay => {}
            Nav::Push(s) => self.stack.push(s),
            Nav::Replace(s) => {
                self.stack.pop();
                self.stack.push(s);
            }
            Nav::Pop => {
                if self.stack.len() > 1 {
                    self.stack.pop();
                }
                self.refresh_top();
            }
            Nav::Overlay(o) => self.overlay = Some(o),
            Nav::Quit => self.quit = true,
        }
    }

    /// Reloads what the top screen shows, after something below or above it changed.
    pub fn refresh_top(&mut self) {
        // Read before the reload, so a change saved while it reads is still shown next tick.
        self.seen_changes = self.svc.changes().unwrap_or(self.seen_changes);
        let (mut env, stack, _) = self.env();
        match stack.last_mut() {
            Some(Screen::Queue(s)) => s.reload(&mut env),
            Some(Screen::List(s)) => s.reload(&mut env),
            Some(Screen::Detail(s)) => s.reload(&mut env),
            Some(Screen::Meetings(s)) => s.reload(&mut env),
            Some(Screen::Meeting(s)) => s.reload(&mut env),
            Some(Screen::Stats(s)) => s.reload(&mut env),
            Some(Screen::Trends(s)) => s.reload(&mut env),
            Some(Screen::Form(_) | Screen::Assessment(_) | Screen::Viewer(_)) | None => {}
        }
    }
}
