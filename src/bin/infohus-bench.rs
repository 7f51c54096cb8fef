//! The benchmark of DESIGN §9: builds a database of N demo cases in a temporary directory (with
//! the real `infohus demo`, so this process's memory is only what a console would use) and
//! prints its figures as a table and as JSON.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{TerminalOptions, Viewport};

use infohus::api::Api;
use infohus::domain::intake::IntakeForm;
use infohus::i18n::Lang;
use infohus::rpc::client::Target;
use infohus::rpc::server::{ServeOptions, prepare};
use infohus::rpc::socket::ServeLock;
use infohus::service::{ListFilter, Service};
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};

#[derive(Parser)]
#[command(about = "Measure infohus against the targets of DESIGN §9")]
struct Args {
    /// Number of demo cases in the benchmark database.
    #[arg(long, default_value_t = 10_000)]
    cases: usize,
    /// Samples per latency figure.
    #[arg(long, default_value_t = 2_000)]
    samples: usize,
    /// Keep the demo database in DIR and reuse it on later runs (it is built there when DIR
    /// holds none). Each run works on a fresh copy, so runs stay comparable; "building them"
    /// then times the copy.
    #[arg(long, value_name = "DIR")]
    keep: Option<std::path::PathBuf>,
    /// Seconds of case views over the socket, alone and then beside a client exporting the
    /// whole database in a loop (each run).
    #[arg(long, default_value_t = 10)]
    export_secs: u64,
}

/// Counts what would be written to the terminal (it goes over SSH).
#[derive(Default, Clone)]
struct Counter {
    bytes: Arc<AtomicU64>,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.fetch_add(buf.len() as u64, Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

type Term = Terminal<CrosstermBackend<Counter>>;

fn terminal(counter: &Counter) -> anyhow::Result<Term> {
    Ok(Terminal::with_options(
        CrosstermBackend::new(counter.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
        },
    )?)
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    samples.sort_unstable();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i].as_secs_f64() * 1e6
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    kb("VmRSS:") / 1024.0
}

fn dir_size(p: &Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(p) else {
        return 0;
    };
    rd.filter_map(Result::ok)
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

fn key(c: char) -> AppEvent {
    AppEvent::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn open_app(db: &Path) -> anyhow::Result<(App, Term, Counter, Duration)> {
    let start = Instant::now();
    let svc =
        Service::open(db, false, &infohus::user::os_user()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let app = App::new(svc, Lang::Da, Theme { color: true });
    let counter = Counter::default();
    let mut term = terminal(&counter)?;
    term.draw(|f| render(&app, f))?;
    Ok((app, term, counter, start.elapsed()))
}

/// Waits until no server holds the data directory of `db` (the one `infohus demo` started).
fn wait_for_no_server(db: &Path) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if ServeLock::acquire(db)
            .with_context(|| format!("{}", db.display()))?
            .is_some()
        {
            return Ok(());
        }
        if Instant::now() >= deadline {
            bail!("the server infohus demo started did not exit");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// What was measured through `infohus serve`.
struct OverSocket {
    saves: Vec<Duration>,
    /// Case views by `VIEWERS` clients, alone and beside a client exporting in a loop.
    views_alone: Vec<Duration>,
    views_beside: Vec<Duration>,
    exports: Vec<Duration>,
}

/// Clients opening cases at once in the export measure.
const VIEWERS: usize = 4;

fn connect(db: &Path) -> anyhow::Result<Api> {
    Api::connect(Target::Auto {
        db: db.to_path_buf(),
        create: false,
        accept_loss: false,
        lang: Lang::Da,
    })
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// `VIEWERS` clients opening random cases until `until`; every view's latency.
fn views(db: &Path, cases: usize, until: Instant) -> anyhow::Result<Vec<Duration>> {
    let threads: Vec<_> = (0..VIEWERS)
        .map(|i| {
            let db = db.to_path_buf();
            std::thread::spawn(move || -> anyhow::Result<Vec<Duration>> {
                let api = connect(&db)?;
                let mut rng = fastrand::Rng::with_seed(i as u64);
                let mut out = Vec::new();
                while Instant::now() < until {
                    let t = Instant::now();
                    api.case(rng.u64(1..=cases.max(1) as u64))
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    out.push(t.elapsed());
                }
                Ok(out)
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in threads {
        match t.join() {
            Ok(r) => all.extend(r?),
            Err(_) => bail!("a viewing client panicked"),
        }
    }
    Ok(all)
}

/// Durable saves over the socket, as a console on the shared host makes them (`infohus serve`
/// in a thread of this process, one client connection, `n` notes on case 1); then case views
/// by several clients for `secs` seconds, alone and beside one more client exporting the whole
/// database in a loop. The database must not be open elsewhere in this process (the server
/// opens it itself).
fn over_socket(db: &Path, n: usize, cases: usize, secs: u64) -> anyhow::Result<OverSocket> {
    let stop = Arc::new(AtomicBool::new(false));
    let opts = ServeOptions {
        db: db.to_path_buf(),
        socket: None,
        create: false,
        accept_loss: false,
        idle_exit: None,
        group_access: false,
        progress: None,
    };
    let ready = prepare(&opts, Arc::clone(&stop))
        .map_err(|e| anyhow::anyhow!("cannot start the server: {e:?}"))?;
    let server = std::thread::spawn(move || ready.run());
    // The socket is bound already, so this connects rather than starting a server.
    let measured = (|| -> anyhow::Result<OverSocket> {
        let api = connect(db)?;
        let mut saves = Vec::with_capacity(n);
        for i in 0..n {
            let t = Instant::now();
            api.add_note(1, format!("benchmark note over the socket {i}"))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            saves.push(t.elapsed());
        }
        let secs = Duration::from_secs(secs);
        let views_alone = views(db, cases, Instant::now() + secs)?;
        let until = Instant::now() + secs;
        let exporter = {
            let db = db.to_path_buf();
            std::thread::spawn(move || -> anyhow::Result<Vec<Duration>> {
                let api = connect(&db)?;
                let mut runs = Vec::new();
                while Instant::now() < until {
                    let t = Instant::now();
                    api.export_json(&mut std::io::sink(), |_| {})
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    runs.push(t.elapsed());
                }
                Ok(runs)
            })
        };
        let views_beside = views(db, cases, until)?;
        let exports = match exporter.join() {
            Ok(r) => r?,
            Err(_) => bail!("the exporting client panicked"),
        };
        Ok(OverSocket {
            saves,
            views_alone,
            views_beside,
            exports,
        })
    })();
    stop.store(true, Ordering::Relaxed);
    if server.join().is_err() {
        bail!("the benchmark's server thread panicked");
    }
    measured
}

/// What a coordinator's shell sees: whole processes against `infohus serve`, which the first
/// command starts (`--auto`) as on a console host.
struct Processes {
    /// The first command with no server running: the server's spawn and open included.
    cold_ms: f64,
    /// `infohus due --json` with the server up, best of 3.
    due_json_ms: f64,
    /// `infohus export --json -o FILE`, whole process.
    export_ms: f64,
    /// The server's resident memory after those.
    server_rss_mb: f64,
}

fn run_timed(infohus: &Path, db: &Path, args: &[&str]) -> anyhow::Result<Duration> {
    let t = Instant::now();
    let out = Command::new(infohus)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("INFOHUS_SOCKET")
        .env("INFOHUS_SERVE_IDLE", "600")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .output()
        .with_context(|| format!("cannot run infohus {}", args.join(" ")))?;
    let took = t.elapsed();
    if !out.status.success() {
        bail!(
            "infohus {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(took)
}

fn processes(infohus: &Path, db: &Path) -> anyhow::Result<Processes> {
    let cold = run_timed(infohus, db, &["case", "1", "--summary"])?;
    let mut due = Vec::new();
    for _ in 0..3 {
        due.push(run_timed(infohus, db, &["due", "--json"])?);
    }
    let file = db.with_extension("export.json");
    let export = run_timed(
        infohus,
        db,
        &["export", "--json", "-o", &file.to_string_lossy()],
    )?;
    let _ = std::fs::remove_file(&file);
    let server_rss_mb = infohus::rpc::socket::server_pid_of(db)
        .and_then(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok())
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0);
    if let Some(pid) = infohus::rpc::socket::server_pid_of(db) {
        let _ = Command::new("kill").arg(pid.to_string()).status();
    }
    wait_for_no_server(db)?;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    Ok(Processes {
        cold_ms: ms(cold),
        due_json_ms: due.iter().min().map_or(0.0, |d| ms(*d)),
        export_ms: ms(export),
        server_rss_mb,
    })
}

/// Fills a new database at `db` with `cases` demo cases, with the real `infohus demo`.
fn build_demo(infohus: &Path, db: &Path, cases: usize) -> anyhow::Result<()> {
    eprintln!("building {cases} demo cases…");
    // `infohus demo` fills the database through a server it starts; with no idle time that
    // server exits as soon as demo is done, and the database is this process's to open.
    let out = Command::new(infohus)
        .args(["demo", "--cases", &cases.to_string(), "--db"])
        .arg(db)
        .env("INFOHUS_SERVE_IDLE", "0")
        .env_remove("INFOHUS_SOCKET")
        .output()
        .context("cannot run infohus demo")?;
    if !out.status.success() {
        bail!(
            "infohus demo failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    wait_for_no_server(db)
}

/// Copies a directory tree into `to` (created if missing), keeping each directory's mode
/// (a database directory must not be readable by others).
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    if !to.exists() {
        std::fs::create_dir(to)?;
    }
    std::fs::set_permissions(to, std::fs::metadata(from)?.permissions())?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), target)?;
        }
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("infohus.db");
    let exe = std::env::current_exe()?;
    let infohus = exe.with_file_name("infohus");
    if !infohus.exists() {
        bail!("build the console first: cargo build --release --bins");
    }
    let t = Instant::now();
    match &args.keep {
        Some(keep) => {
            // A data directory of its own per size: the database and what demo put beside it.
            let kept = keep.join(format!("cases-{}", args.cases));
            let kept_db = kept.join("infohus.db");
            if !kept_db.exists() {
                std::fs::create_dir_all(&kept)
                    .with_context(|| format!("cannot create {}", kept.display()))?;
                build_demo(&infohus, &kept_db, args.cases)?;
            }
            eprintln!("copying the kept database {}…", kept_db.display());
            copy_dir(&kept, dir.path())
                .with_context(|| format!("cannot copy {}", kept.display()))?;
        }
        None => build_demo(&infohus, &db, args.cases)?,
    }
    let build_s = t.elapsed().as_secs_f64();

    // Start to first frame: open, read the work queue from the index, draw. Best of 5 cold
    // opens of the same files (the page cache is warm, as on a server in use).
    let mut first_frames = Vec::new();
    for _ in 0..5 {
        let (app, _, _, took) = open_app(&db)?;
        first_frames.push(took);
        drop(app);
    }
    let (mut app, mut term, counter, _) = open_app(&db)?;
    let bytes = || counter.bytes.load(Ordering::Relaxed);
    let rss_open = rss_mb();
    let t = Instant::now();
    app.svc.load_catalog().map_err(|e| anyhow::anyhow!("{e}"))?;
    let catalog_ms = t.elapsed().as_secs_f64() * 1e3;
    let rss_catalog = rss_mb();

    // Names and words as they would be typed, taken from the data. The intake is opened on
    // the name field further down; make room for it first.
    let mut rng = fastrand::Rng::with_seed(7);
    let mut names = Vec::new();
    let mut words = Vec::new();
    for _ in 0..200 {
        let no = rng.u64(1..=args.cases as u64);
        let Ok(v) = app.svc.case(no) else { continue };
        let intake = &v.state.intake;
        if !intake.person.name.is_empty() {
            names.push(intake.person.name.clone());
        }
        let long_words = intake
            .description
            .split_whitespace()
            .filter(|w| w.len() > 4);
        if let Some(w) = long_words.clone().nth(rng.usize(0..5)) {
            words.push(w.to_lowercase());
        }
    }

    // Prior-case match while a name is typed, one keystroke at a time, with one typo.
    let mut matches = Vec::new();
    'outer: loop {
        for name in &names {
            let mut typed = String::new();
            for (i, ch) in name.chars().enumerate() {
                typed.push(if i == 3 { 'x' } else { ch });
                let f = IntakeForm {
                    person_name: typed.clone(),
                    ..IntakeForm::default()
                };
                let t = Instant::now();
                let _ = app.svc.prior_matches(&f, None, 8);
                matches.push(t.elapsed());
                if matches.len() >= args.samples {
                    break 'outer;
                }
            }
        }
        if names.is_empty() {
            break;
        }
    }

    // List search while a word is typed.
    let mut searches = Vec::new();
    'outer2: loop {
        for w in &words {
            let mut typed = String::new();
            for ch in w.chars() {
                typed.push(ch);
                let filter = ListFilter {
                    text: typed.clone(),
                    ..ListFilter::default()
                };
                let t = Instant::now();
                let _ = app.svc.list(&filter, 0, 200);
                searches.push(t.elapsed());
                if searches.len() >= args.samples {
                    break 'outer2;
                }
            }
        }
        if words.is_empty() {
            break;
        }
    }

    // Keystrokes in the intake form: handled (including the durable draft save) and drawn.
    app.update(key('n'));
    term.draw(|f| render(&app, f))?;
    let mut keystrokes = Vec::new();
    let mut name_keys = Vec::new();
    let mut name_bytes = 0;
    // Keystrokes after which the earlier cases beside the form are the same as before, and
    // the bytes they wrote: the panel is not drawn again for them.
    let (mut steady_keys, mut steady_bytes) = (0u64, 0u64);
    let panel = |app: &App| match app.stack.last() {
        Some(infohus::tui::app::Screen::Form(f)) => f.form.panel().map(|p| p.items.clone()),
        _ => None,
    };
    let name = "Mohammed Ali Hansen";
    for ch in name.chars() {
        let before = bytes();
        let shown = panel(&app);
        let t = Instant::now();
        app.update(key(ch));
        term.draw(|f| render(&app, f))?;
        keystrokes.push(t.elapsed());
        name_keys.push(t.elapsed());
        name_bytes += bytes() - before;
        if panel(&app) == shown {
            steady_keys += 1;
            steady_bytes += bytes() - before;
        }
    }
    // And a name no case has: the panel says so and stays.
    for ch in "Xaverius Quistgaard-Wzolek".chars() {
        let before = bytes();
        let shown = panel(&app);
        app.update(key(ch));
        term.draw(|f| render(&app, f))?;
        if panel(&app) == shown {
            steady_keys += 1;
            steady_bytes += bytes() - before;
        }
    }
    // To the description: Tab past the person's fields and the concern types.
    for _ in 0..9 {
        app.update(AppEvent::Key(KeyEvent::new(
            KeyCode::Tab,
            KeyModifiers::NONE,
        )));
    }
    term.draw(|f| render(&app, f))?;
    let text = "Laereren ringer og fortaeller at eleven deler videoer fra ekstreme grupper ";
    let typed: String = text.chars().cycle().take(200).collect();
    let mut desc_bytes = 0;
    for ch in typed.chars() {
        let before = bytes();
        let t = Instant::now();
        app.update(key(ch));
        term.draw(|f| render(&app, f))?;
        keystrokes.push(t.elapsed());
        desc_bytes += bytes() - before;
    }

    // Durable saves: a note on a case, acknowledged after flush.
    let mut saves = Vec::new();
    let no = 1;
    for i in 0..500 {
        let t = Instant::now();
        app.svc
            .add_note(no, format!("benchmark note {i}"))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        saves.push(t.elapsed());
    }
    let rss = rss_mb();

    // Statistics for the steering group: every summary and tombstone aggregated, and the
    // statistics screen opened (which also reads the overdue line).
    let t = Instant::now();
    let stats = app
        .svc
        .stats(infohus::domain::stats::Period::default())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let stats_ms = t.elapsed().as_secs_f64() * 1e3;
    std::hint::black_box(&stats);
    // The legal deadlines over all open cases, a work queue's page of them (best of 5).
    let mut legal = Vec::new();
    let mut legal_items = 0;
    for _ in 0..5 {
        let t = Instant::now();
        legal_items = app
            .svc
            .legal_due_page(app.svc.now(), infohus::service::GROUP_LIMIT)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .total;
        legal.push(t.elapsed());
    }
    let legal_ms = legal.iter().min().map_or(0.0, |d| d.as_secs_f64() * 1e3);

    let t = Instant::now();
    let mut sink = Counter::default();
    app.svc
        .export_json(&mut sink, |_| {})
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let export_ms = t.elapsed().as_secs_f64() * 1e3;
    let db_mb = dir_size(&db) as f64 / 1e6;
    let journal_mb = dir_size(&db.join("journal")) as f64 / 1e6;
    let view_mb = dir_size(&db.join("view")) as f64 / 1e6;

    // The same saves through `infohus serve`, which needs the database to itself.
    drop(term);
    drop(app);
    let procs = processes(&infohus, &db)?;
    let OverSocket {
        saves: mut socket_saves,
        mut views_alone,
        mut views_beside,
        mut exports,
    } = over_socket(&db, 500, args.cases, args.export_secs)?;
    let views_alone_p99 = percentile(&mut views_alone, 0.99);
    let views_beside_p99 = percentile(&mut views_beside, 0.99);
    let export_loop_ms = percentile(&mut exports, 0.50) / 1e3;

    let first_frame_ms = first_frames
        .iter()
        .min()
        .map_or(0.0, |d| d.as_secs_f64() * 1e3);
    let name_chars = name.chars().count() as f64;
    // (measure, value, unit, DESIGN §9 target if it has one)
    let rows: Vec<(&str, f64, &str, Option<f64>)> = vec![
        ("cases", args.cases as f64, "", None),
        ("building them (infohus demo)", build_s, "s", None),
        ("open + first frame", first_frame_ms, "ms", Some(100.0)),
        ("search catalog load (after frame)", catalog_ms, "ms", None),
        (
            "prior-case match p50",
            percentile(&mut matches, 0.50),
            "µs",
            None,
        ),
        (
            "prior-case match p99",
            percentile(&mut matches, 0.99),
            "µs",
            Some(5000.0),
        ),
        (
            "list search p50",
            percentile(&mut searches, 0.50),
            "µs",
            None,
        ),
        (
            "list search p99 (matcher + text)",
            percentile(&mut searches, 0.99),
            "µs",
            Some(5000.0),
        ),
        (
            "keystroke handle+render p50",
            percentile(&mut keystrokes, 0.50),
            "µs",
            None,
        ),
        (
            "keystroke handle+render p99",
            percentile(&mut keystrokes, 0.99),
            "µs",
            Some(2000.0),
        ),
        (
            "keystroke in name field p99",
            percentile(&mut name_keys, 0.99),
            "µs",
            None,
        ),
        ("durable save p50", percentile(&mut saves, 0.50), "µs", None),
        ("legal deadlines, queue page", legal_ms, "ms", None),
        ("legal deadline items listed", legal_items as f64, "", None),
        (
            "durable save p99",
            percentile(&mut saves, 0.99),
            "µs",
            Some(1000.0),
        ),
        (
            "durable save over socket p50",
            percentile(&mut socket_saves, 0.50),
            "µs",
            None,
        ),
        (
            "durable save over socket p99",
            percentile(&mut socket_saves, 0.99),
            "µs",
            None,
        ),
        (
            "case view over socket p99, alone",
            views_alone_p99,
            "µs",
            None,
        ),
        (
            "case view p99 beside export loop",
            views_beside_p99,
            "µs",
            Some((2.0 * views_alone_p99).round()),
        ),
        (
            "export over socket in the loop p50",
            export_loop_ms,
            "ms",
            None,
        ),
        ("statistics (all cases)", stats_ms, "ms", None),
        ("full export (JSON), in-process", export_ms, "ms", None),
        ("resident memory after open", rss_open, "MB", None),
        ("resident memory with catalog", rss_catalog, "MB", None),
        ("resident memory at the end", rss, "MB", Some(150.0)),
        ("database on disk", db_mb, "MB", Some(250.0)),
        ("  of which the journal", journal_mb, "MB", None),
        ("  of which the view", view_mb, "MB", None),
        (
            "cold start (server spawn, case 1)",
            procs.cold_ms,
            "ms",
            Some(150.0),
        ),
        (
            "due --json, whole process",
            procs.due_json_ms,
            "ms",
            Some(400.0),
        ),
        (
            "export --json, whole process",
            procs.export_ms,
            "ms",
            Some(3000.0),
        ),
        (
            "server resident memory",
            procs.server_rss_mb,
            "MB",
            Some(100.0),
        ),
        (
            "bytes/char, description field",
            desc_bytes as f64 / 200.0,
            "B",
            Some(64.0),
        ),
        (
            "bytes/char, name field (panel)",
            name_bytes as f64 / name_chars,
            "B",
            None,
        ),
        (
            "bytes/char, name, matches unchanged",
            steady_bytes as f64 / steady_keys.max(1) as f64,
            "B",
            Some(96.0),
        ),
    ];
    println!("{:<36} {:>12}      target", "measure", "value");
    for (what, v, unit, target) in &rows {
        let t = match target {
            Some(t) if v <= t => format!("≤ {t} {unit}  ok"),
            Some(t) => format!("≤ {t} {unit}  MISSED"),
            None => String::new(),
        };
        println!("{what:<36} {v:>12.1} {unit:<4} {t}");
    }
    let json = serde_json::json!({
        "cases": args.cases,
        "build_s": build_s,
        "open_first_frame_ms": first_frame_ms,
        "catalog_load_ms": catalog_ms,
        "prior_match_p50_us": percentile(&mut matches, 0.50),
        "prior_match_p99_us": percentile(&mut matches, 0.99),
        "list_search_p50_us": percentile(&mut searches, 0.50),
        "list_search_p99_us": percentile(&mut searches, 0.99),
        "keystroke_p50_us": percentile(&mut keystrokes, 0.50),
        "keystroke_p99_us": percentile(&mut keystrokes, 0.99),
        "keystroke_name_field_p99_us": percentile(&mut name_keys, 0.99),
        "durable_save_p50_us": percentile(&mut saves, 0.50),
        "durable_save_p99_us": percentile(&mut saves, 0.99),
        "durable_save_socket_p50_us": percentile(&mut socket_saves, 0.50),
        "durable_save_socket_p99_us": percentile(&mut socket_saves, 0.99),
        "case_view_socket_p99_us": views_alone_p99,
        "case_view_beside_export_p99_us": views_beside_p99,
        "exports_in_loop": exports.len(),
        "export_socket_p50_ms": export_loop_ms,
        "stats_ms": stats_ms,
        "export_ms": export_ms,
        "legal_due_ms": legal_ms,
        "legal_due_items": legal_items,
        "rss_mb": rss,
        "db_mb": db_mb,
        "journal_mb": journal_mb,
        "view_mb": view_mb,
        "cold_start_ms": procs.cold_ms,
        "due_json_ms": procs.due_json_ms,
        "export_process_ms": procs.export_ms,
        "server_rss_mb": procs.server_rss_mb,
        "bytes_per_char_description": desc_bytes as f64 / 200.0,
        "bytes_per_char_name": name_bytes as f64 / name_chars,
        "bytes_per_char_name_steady": steady_bytes as f64 / steady_keys.max(1) as f64,
        "name_keys_steady": steady_keys,
    });
    println!("{json}");
    Ok(())
}
