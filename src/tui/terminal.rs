//! Terminal setup and the event loop. Whatever is turned on here is turned off again on every
//! way out: normal quit, error, panic, SIGTERM and SIGHUP (a dropped SSH connection).
//!
//! A terminal that goes away ends the console as a hang-up does, whatever screen or overlay
//! is open: end-of-file or an error reading or drawing ends the loop, and a watcher thread
//! (`watch_terminal`) makes sure of it even while crossterm is inside its reader, which on a
//! hung-up terminal reads end-of-file in a loop that never returns.

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

/// After the terminal has gone, how long the loop has to end by itself before the watcher
/// ends the process. The loop needs at most one `SIGNAL_POLL_MS`.
const LAST_CHANCE: Duration = Duration::from_millis(600);

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

/// Watches the terminal from a thread of its own and, when it is gone (hung up, closed,
/// invalid), raises `stop` and takes the terminal away from crossterm: standard input becomes
/// an empty pipe that says "nothing yet", so a read in progress returns and the loop ends by
/// its usual way out. crossterm 0.29 loops on a read that returns end-of-file (a hung-up
/// terminal does, for ever) without returning to the loop; that is the spin this prevents.
/// Should the loop still not have ended after `LAST_CHANCE`, the process ends here: drafts are
/// saved on every key and the server acknowledges only durable saves, so nothing is lost.
fn watch_terminal(stop: Arc<AtomicBool>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("infohus-terminal".into())
        .spawn(move || {
            if !wait_for_hangup() {
                return;
            }
            stop.store(true, Ordering::SeqCst);
            detach_stdin();
            std::thread::sleep(LAST_CHANCE);
            std::process::exit(0);
        })
        .map(drop)
}

/// Blocks until standard input reports a hang-up, an error or an invalid descriptor (true),
/// without taking any input. False when it cannot be watched at all.
fn wait_for_hangup() -> bool {
    loop {
        // No events asked for: poll reports only the conditions that always wake it.
        let mut fds = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: 0,
            revents: 0,
        };
        // SAFETY: one valid pollfd; -1 waits until something happens to the descriptor.
        let n = unsafe { libc::poll(&mut fds, 1, -1) };
        if n < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return false;
        }
        if fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return true;
        }
    }
}

/// Puts the read end of an empty, non-blocking pipe on standard input, its write end kept
/// open for good: every later read says "nothing yet" (never end-of-file), and nothing is
/// left to wait for.
fn detach_stdin() {
    let mut pipe = [0; 2];
    // SAFETY: pipe2 fills two descriptors; dup2 replaces descriptor 0 atomically. The write
    // end is deliberately never closed (a closed one would make reads end-of-file again).
    unsafe {
        if libc::pipe2(pipe.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) == 0 {
            libc::dup2(pipe[0], libc::STDIN_FILENO);
            libc::close(pipe[0]);
        }
    }
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
    watch_terminal(Arc::clone(&stop)).context("cannot watch the terminal")?;
    // crossterm installs its SIGWINCH handler with its event reader, on the first poll: a
    // resize before that (during the first frame or the catalog load) was lost, and the screen
    // kept the old size until the next one (seen in e2e's tiny terminal under load). Start the
    // reader now, and compare the size on every quiet tick as well.
    let _ = event::poll(Duration::ZERO);
    let size = terminal.size().ok();
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
    // From here on, a terminal that cannot be read or drawn on has gone: the loop ends as on
    // a hang-up (drafts are saved on every key), not with an error nobody can see.
    let _ = event_loop(&mut app, &mut terminal, &stop, size);
    app.svc.flush();
    let _ = stdout().flush();
    Ok(())
}

/// Reads and handles input and draws until the user quits, a signal comes or the terminal is
/// gone (end-of-file, an error reading or drawing: returned as the error).
fn event_loop(
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    stop: &AtomicBool,
    mut size: Option<ratatui::layout::Size>,
) -> std::io::Result<()> {
    while !app.quit && !stop.load(Ordering::Relaxed) {
        // Everything crossterm already has (keys, pastes, resizes) is handled first; the
        // frame is drawn once the queue is empty, so a burst of keys costs one frame.
        while !stop.load(Ordering::Relaxed) && event::poll(Duration::ZERO)? {
            let ev = match event::read()? {
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
            if !event::poll(Duration::ZERO)? {
                terminal.draw(|f| render(app, f))?;
            }
        }
        if stop.load(Ordering::Relaxed) {
            break;
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
                    terminal.draw(|f| render(app, f))?;
                }
            }
            Tty::Input => {}
        }
    }
    Ok(())
}
