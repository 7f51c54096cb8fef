//! The coordinators' guide (`docs/vejledning.md`) checked against the program: every key
//! sequence it shows (its ```taster blocks) is pressed, and every `viser "…"` must be on the
//! screen at 80×24. The blocks start on a known database (`start arbejdslisten`) in the
//! console driven through ratatui's TestBackend, or in a real terminal (tmux) with the real
//! server when the walk-through is about the server (`start serveren`).
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command as Cmd;
use std::time::{Duration, Instant};

use chrono::Days;
use common::*;
use infohus::domain::flow::*;
use infohus::domain::stage::Stage;
use infohus::i18n::Lang;
use infohus::service::Service;
use infohus::tui::theme::Theme;
use infohus::tui::{App, AppEvent, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const GUIDE: &str = include_str!("../docs/vejledning.md");

/// One line of a block.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Start(String),
    Key(String, usize),
    Type(String),
    Shows(String),
    Event(String),
}

#[derive(Debug)]
struct Block {
    /// Line of the guide the block starts on, for messages.
    line: usize,
    steps: Vec<Step>,
}

/// The ```taster blocks of the guide, parsed; a line that is none of the forms the guide
/// explains fails the test (a block must be readable by the test as well as by people).
fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim_start().starts_with("```") {
            match current.take() {
                Some(b) => out.push(b),
                None if raw.trim() == "```taster" => {
                    current = Some(Block {
                        line,
                        steps: Vec::new(),
                    })
                }
                None => {}
            }
            continue;
        }
        let Some(b) = current.as_mut() else { continue };
        // A comment starts at " #" after the step (so "sag #5" in a text stays).
        let text = match raw.find("  #") {
            Some(p) => &raw[..p],
            None => raw,
        }
        .trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let step = if let Some(rest) = text.strip_prefix("start ") {
            Step::Start(rest.trim().into())
        } else if let Some(rest) = text.strip_prefix("skriv ") {
            Step::Type(rest.to_string())
        } else if let Some(rest) = text.strip_prefix("viser ") {
            let q = rest.trim();
            assert!(
                q.len() >= 2 && q.starts_with('"') && q.ends_with('"'),
                "line {line}: viser takes a quoted text: {raw}"
            );
            Step::Shows(q[1..q.len() - 1].to_string())
        } else if let Some(rest) = text.strip_prefix("hændelse ") {
            Step::Event(rest.trim().into())
        } else {
            let (key, times) = match text.split_once(" ×") {
                Some((k, n)) => (k.trim(), n.trim().parse().unwrap()),
                None => (text, 1),
            };
            assert!(
                key_code(key).is_some(),
                "line {line}: not a key the test knows: {raw}"
            );
            Step::Key(key.into(), times)
        };
        b.steps.push(step);
    }
    assert!(current.is_none(), "a ```taster block is not closed");
    out
}

/// A key as the guide writes it.
fn key_code(k: &str) -> Option<(KeyCode, KeyModifiers)> {
    let none = KeyModifiers::NONE;
    Some(match k {
        "Tab" => (KeyCode::Tab, none),
        "Shift-Tab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
        "Enter" => (KeyCode::Enter, none),
        "Esc" => (KeyCode::Esc, none),
        "Mellemrum" => (KeyCode::Char(' '), none),
        "↑" => (KeyCode::Up, none),
        "↓" => (KeyCode::Down, none),
        "←" => (KeyCode::Left, none),
        "→" => (KeyCode::Right, none),
        "PgUp" => (KeyCode::PageUp, none),
        "PgDn" => (KeyCode::PageDown, none),
        "F1" => (KeyCode::F(1), none),
        _ => {
            if let Some(c) = k.strip_prefix("Ctrl-") {
                let mut chars = c.chars();
                let (Some(ch), None) = (chars.next(), chars.next()) else {
                    return None;
                };
                (
                    KeyCode::Char(ch.to_ascii_lowercase()),
                    KeyModifiers::CONTROL,
                )
            } else {
                let mut chars = k.chars();
                let (Some(ch), None) = (chars.next(), chars.next()) else {
                    return None;
                };
                (KeyCode::Char(ch), none)
            }
        }
    })
}

/// The same key as tmux names it.
fn tmux_key(k: &str) -> String {
    match k {
        "Esc" => "Escape".into(),
        "Mellemrum" => "Space".into(),
        "Shift-Tab" => "BTab".into(),
        "↑" => "Up".into(),
        "↓" => "Down".into(),
        "←" => "Left".into(),
        "→" => "Right".into(),
        "PgUp" => "PPage".into(),
        "PgDn" => "NPage".into(),
        _ => match k.strip_prefix("Ctrl-") {
            Some(c) => format!("C-{}", c.to_ascii_lowercase()),
            None => k.into(),
        },
    }
}

fn today() -> chrono::NaiveDate {
    now().date()
}

/// The database every `start arbejdslisten` block begins on (the clock at 23-11-2026 10:30):
/// #1 screened and awaiting its joint review with the police; #2 in measures, its round on
/// the forløbshjul past its evaluation date; #3 a new concern; #4 with its follow-up overdue.
fn seed(svc: &mut Service) {
    // Of age unknown (no CPR): a minor filed without an underretning would have the chase
    // "underretning ikke sendt" at the head of the case, before what the §115 review needs.
    let one = file(svc, "Søren Ali Hansen", "", "Lærer ringer om trusler.");
    svc.record(
        one,
        Command::Screen {
            screening: Screening {
                date: today(),
                approach: Approach::Internal,
                participants: "Mette (SSP)".into(),
                outcome: ScreeningOutcome::Stands,
                rationale: "To uafhængige henvendelser.".into(),
            },
            joint: None,
        },
        None,
    )
    .unwrap();
    let two = file(
        svc,
        "Muhammad Aly",
        "",
        "Moderen fortæller om fravær og konflikter.",
    );
    let earlier = today() - Days::new(40);
    let steps = [
        Command::Screen {
            screening: Screening {
                date: earlier,
                approach: Approach::SspMeeting,
                participants: "Mette (SSP), Lars (politiet)".into(),
                outcome: ScreeningOutcome::Stands,
                rationale: "Bekymringen står.".into(),
            },
            joint: None,
        },
        Command::Review(JointReview {
            date: earlier,
            participants: vec![
                Participant::parse("Lars Holm, Østjyllands Politi, tovholder").unwrap(),
            ],
            summary: "Oplysninger udvekslet.".into(),
            items: Vec::new(),
            steps: Vec::new(),
            decision: ReviewDecision::Continue,
            police_feedback_due: None,
        }),
        Command::Assess(Assessment {
            id: 0,
            date: earlier,
            description: "Fravær og konflikter.".into(),
            ratings: Dimension::ALL
                .iter()
                .map(|d| DimensionRating {
                    dimension: *d,
                    risk: Risk::Low,
                    resource: false,
                    note: String::new(),
                })
                .collect(),
            overall: Risk::Moderate,
            recommendation: "Mentor".into(),
            rationale: "Mentor kan støtte skolegangen.".into(),
        }),
        Command::Move {
            to: Stage::Measures,
            reason: None,
        },
        Command::Measure(Measure {
            id: 0,
            kind: "Mentor".into(),
            organisation: "SSP".into(),
            responsible: "Jonas".into(),
            start: earlier,
            planned_end: None,
            goal: "Stabil skolegang".into(),
            level: MeasureLevel::Building,
            status: MeasureStatus::Active,
            evaluation: String::new(),
            round: 0,
        }),
        Command::Round(RoundStep::Analyse(RoundAnalysis {
            date: earlier,
            text: "Fravær og konflikter; forældrene vil gerne samarbejde.".into(),
        })),
        Command::Round(RoundStep::Plan(ActionPlan {
            date: earlier,
            goals: "Fremmøde over 90 %".into(),
            who: "Mentor ugentligt; skolen ringer ved fravær".into(),
            evaluate_by: today() - Days::new(2),
        })),
    ];
    for cmd in steps {
        svc.record(two, cmd, None).unwrap();
    }
    file(svc, "Mette Frederiksen", "", "Naboen hører råb og slag.");
    svc.set_now(now() - Days::new(30));
    file(svc, "Jonas Berg", "", "Klubben er bekymret.");
    svc.set_now(now());
}

fn draw(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    t.backend().to_string()
}

/// A block in the console through the TestBackend.
fn run_in_app(b: &Block) {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    seed(&mut svc);
    let mut app = App::new(svc, Lang::Da, Theme { color: false });
    let press = |app: &mut App, code, mods| app.update(AppEvent::Key(KeyEvent::new(code, mods)));
    for (i, step) in b.steps.iter().enumerate() {
        match step {
            Step::Start(_) => {}
            Step::Key(k, n) => {
                let (code, mods) = key_code(k).unwrap();
                for _ in 0..*n {
                    press(&mut app, code, mods);
                }
            }
            Step::Type(text) => {
                for c in text.chars() {
                    press(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
                }
            }
            Step::Shows(text) => {
                let s = draw(&app);
                assert!(
                    s.contains(text.as_str()),
                    "docs/vejledning.md, the block at line {}, step {}: the screen does not show {text:?}:\n{s}",
                    b.line,
                    i + 1
                );
            }
            Step::Event(e) => panic!("block at line {}: no event {e:?} in the console", b.line),
        }
    }
}

/// A server of the shared host's kind (`serve --socket`): the console cannot start one itself,
/// so when this one goes, the console says so until it is back.
struct Server(std::process::Child);

impl Server {
    fn start(db: &Path, socket: &Path) -> Server {
        let child = Cmd::new(bin())
            .arg("--db")
            .arg(db)
            .arg("--socket")
            .arg(socket)
            .arg("serve")
            .env_remove("INFOHUS_SOCKET")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while std::os::unix::net::UnixStream::connect(socket).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Server(child)
    }

    /// As a crash would: SIGKILL, then the process is reaped.
    fn kill(mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A block in a real terminal at 80×24: the program talking to a server over its socket.
fn run_in_tmux(b: &Block) {
    assert!(
        Cmd::new("tmux").arg("-V").output().is_ok(),
        "tmux is needed for the guide's server walk-through (scripts/test installs it)"
    );
    let dir = tempfile::tempdir().unwrap();
    {
        let mut svc = os_service(dir.path());
        seed(&mut svc);
    }
    let db = db_in(dir.path());
    let server_socket = dir.path().join("guide.sock");
    let mut server = Some(Server::start(&db, &server_socket));
    let socket = format!("infohus-guide-{}-{}", std::process::id(), b.line);
    let tmux = |args: &[&str]| {
        let out = Cmd::new("tmux")
            .args(["-L", &socket])
            .args(args)
            .stderr(std::process::Stdio::null())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    struct Kill(String);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = Cmd::new("tmux")
                .args(["-L", &self.0, "kill-server"])
                .stderr(std::process::Stdio::null())
                .status();
        }
    }
    let _kill = Kill(socket.clone());
    let cmd = format!(
        "exec env INFOHUS_LANG=da TERM=xterm-256color {} --socket {}",
        bin(),
        server_socket.display()
    );
    let ok = Cmd::new("tmux")
        .args([
            "-L",
            &socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "g",
        ])
        .args(["-x", "80", "-y", "24", &cmd])
        .status()
        .unwrap();
    assert!(ok.success());
    let wait_for = |text: &str, step: usize| {
        let start = Instant::now();
        loop {
            let s = tmux(&["capture-pane", "-p", "-t", "g"]);
            if s.contains(text) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "docs/vejledning.md, the block at line {}, step {step}: the screen never showed {text:?}:\n{s}",
                b.line
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for("Arbejdsliste", 0);
    for (i, step) in b.steps.iter().enumerate() {
        match step {
            Step::Start(_) => {}
            Step::Key(k, n) => {
                for _ in 0..*n {
                    tmux(&["send-keys", "-t", "g", &tmux_key(k)]);
                }
            }
            Step::Type(text) => {
                tmux(&["send-keys", "-t", "g", "-l", text]);
            }
            Step::Shows(text) => wait_for(text, i + 1),
            Step::Event(e) if e == "serveren stopper" => {
                if let Some(s) = server.take() {
                    s.kill();
                }
            }
            Step::Event(e) if e == "serveren starter igen" => {
                server = Some(Server::start(&db, &server_socket));
            }
            Step::Event(e) => panic!("block at line {}: no event {e:?}", b.line),
        }
    }
    tmux(&["send-keys", "-t", "g", "C-c"]);
}

#[test]
fn the_guide_has_a_walk_through_for_each_situation_it_promises() {
    let b = blocks(GUIDE);
    for heading in [
        "Den første telefonopringning",
        "Opfølgningsopkaldet",
        "§115-gennemgangen",
        "Netværksmødet på projektoren",
        "Morgenkøen",
        "Når skærmen siger, at serveren er væk",
    ] {
        assert!(GUIDE.contains(heading), "{heading}");
    }
    assert!(b.len() >= 6, "{} blocks", b.len());
    for block in &b {
        assert!(
            matches!(block.steps.first(), Some(Step::Start(_))),
            "the block at line {} says where it starts",
            block.line
        );
        assert!(
            block.steps.iter().any(|s| matches!(s, Step::Shows(_))),
            "the block at line {} checks what the screen shows",
            block.line
        );
    }
}

#[test]
fn every_key_sequence_in_the_guide_does_what_it_says() {
    for b in blocks(GUIDE) {
        match &b.steps[0] {
            Step::Start(s) if s == "arbejdslisten" => run_in_app(&b),
            Step::Start(s) if s == "serveren" => run_in_tmux(&b),
            other => panic!("the block at line {} starts at {other:?}", b.line),
        }
    }
}

#[test]
fn the_parser_reads_the_forms_the_guide_explains() {
    let b = blocks(
        "```taster\nstart arbejdslisten\nn   # ny\nskriv sag #5  # med #\nTab ×3\nCtrl-S\nviser \"Oprettet som sag #5\"\n```\n",
    );
    assert_eq!(
        b[0].steps,
        vec![
            Step::Start("arbejdslisten".into()),
            Step::Key("n".into(), 1),
            Step::Type("sag #5".into()),
            Step::Key("Tab".into(), 3),
            Step::Key("Ctrl-S".into(), 1),
            Step::Shows("Oprettet som sag #5".into()),
        ]
    );
}

#[test]
fn question_mark_names_the_guide_and_the_program_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    let svc = service(dir.path());
    let mut app = App::new(svc, Lang::Da, Theme { color: false });
    app.update(AppEvent::Key(KeyEvent::new(
        KeyCode::Char('?'),
        KeyModifiers::NONE,
    )));
    assert!(
        draw(&app).contains("Vejledning: infohus vejledning"),
        "{}",
        draw(&app)
    );
    let o = infohus().arg("vejledning").output().unwrap();
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout), GUIDE);
}
