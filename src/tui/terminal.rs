//! Terminal setup and the event loop. Whatever is turned on here is turned off again on every
//! way out: normal quit, error, panic, SIGTERM and SIGHUP (a dropped SSH connection).

use std::io::{Write, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;

use super::app::{App, AppEvent};
use super::render::render;

/// How long the loop sleeps without input before it looks at the signal flag again.
const SIGNAL_POLL_MS: i32 = 200;

/// Restores the terminal when dropped, so an early return or `?` cannot leave it raw.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        // The terminal may already be gone (SIGHUP); nothing useful can be done about errors.
        let _ = execute!(stdout(), DisableBracketedPaste);
        ratatui::restore();
    }
}

fn register_signals() -> anyhow::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .context("cannot install the signal handlers")?;
    }
    Ok(stop)
}

/// What the terminal descriptor says after waiting up to `timeout_ms` for input.
#[derive(PartialEq, Eq)]
enum Tty {
    Quiet,
    Input,
    /// The terminal is gone (SSH connection dropped, window closed). A SIGHUP does not always
    /// arrive, and crossterm then reads end-of-file in a busy loop; so infohus asks the
    /// descriptor itself before it lets crossterm read.
    HungUp,
}

fn wait_for_tty(timeout_ms: i32) -> Tty {
    let mut fds = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd. A signal (SIGWINCH, SIGTERM) interrupts the wait, which is
    // what we want: the loop then looks at the signal flag and crossterm's resize events.
    let n = unsafe { libc::poll(&mut fds, 1, timeout_ms) };
    if n > 0 && fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        Tty::HungUp
    } else if n > 0 {
        Tty::Input
    } else {
        Tty::Quiet
    }
}

pub fn run(mut app: App) -> anyhow::Result<()> {
    let stop = register_signals()?;
    // A server this console restarts must not draw its progress over the screen.
    crate::rpc::client::QUIET.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut terminal = ratatui::init();
    let _restore = Restore;
    // ratatui's panic hook restores raw mode and the screen, but not bracketed paste.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste);
        previous(info);
    }));
    execute!(stdout(), EnableBracketedPaste).context("cannot set up the terminal")?;
    // crossterm installs its SIGWINCH handler with its event reader, on the first poll: a
    // resize before that (during the first frame or the catalog load) was lost, and the screen
    // kept the old size until the next one (seen in e2e's tiny terminal under load). Start the
    // reader now, and compare the size on every quiet tick as well.
    let _ = event::poll(Duration::ZERO);
    let mut size = terminal.size().ok();
    if let Some(size) = size {
        app.update(AppEvent::Resize(size.width, size.height));
    }
    terminal.draw(|f| render(&app, f)).context("cannot draw")?;
    // Loaded after the first frame: start-up stays fast, the first search does not wait.
    if let Err(e) = app.svc.load_catalog() {
        app.status = Some(super::app::Status {
            text: crate::i18n::service_error(app.lang, &e),
            error: true,
        });
    }
    while !app.quit && !stop.load(Ordering::Relaxed) {
        // Everything crossterm already has (keys, pastes, resizes) is handled first; the
        // frame is drawn once the queue is empty, so a burst of keys costs one frame.
        while event::poll(Duration::ZERO).context("cannot read the terminal")? {
            let ev = match event::read().context("cannot read the terminal")? {
                Event::Key(k) => AppEvent::Key(k),
                Event::Paste(p) => AppEvent::Paste(p),
                Event::Resize(w, h) => {
                    size = Some(ratatui::layout::Size::new(w, h));
                    AppEvent::Resize(w, h)
                }
                _ => continue,
            };
            app.update(ev);
            if app.quit || stop.load(Ordering::Relaxed) {
                break;
            }
            if !event::poll(Duration::ZERO).unwrap_or(false) {
                terminal.draw(|f| render(&app, f)).context("cannot draw")?;
            }
        }
        match wait_for_tty(SIGNAL_POLL_MS) {
            Tty::HungUp => break,
            Tty::Quiet => {
                // A quiet terminal is only redrawn when the tick changed something: the lock
                // came down, another session's save was read into the screen, or the terminal
                // has another size than the last resize said.
                app.update(AppEvent::Tick);
                let now = terminal.size().ok();
                let resized = now.is_some() && now != size;
                if let Some(s) = now.filter(|_| resized) {
                    app.update(AppEvent::Resize(s.width, s.height));
                }
                size = now.or(size);
                if app.take_redraw() || resized {
                    terminal.draw(|f| render(&app, f)).context("cannot draw")?;
                }
            }
            Tty::Input => {}
        }
    }
    app.svc.flush();
    let _ = stdout().flush();
    Ok(())
}
