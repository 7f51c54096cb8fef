//! Kill -9 at random moments while cases are being filed: every save that was acknowledged
//! must be there afterwards, and the database must pass `check`.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use infohus::service::Service;

const ROUNDS: usize = 20;

#[test]
fn acknowledged_saves_survive_sigkill_at_random_points() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    let mut acked: Vec<(u64, String)> = Vec::new();
    for round in 0..ROUNDS {
        let mut child = infohus()
            .arg("__write-loop")
            .arg("--db")
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Let it start (open + recovery) before the random part, so every round saves something.
        let first = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the writer starts");
        let wait = rng.u64(0..120);
        std::thread::sleep(Duration::from_millis(wait));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        let lines: Vec<String> = std::iter::once(first).chain(rx.try_iter()).collect();
        let before = acked.len();
        for line in lines {
            // A line cut by the kill is not an acknowledgement the test can rely on.
            let mut parts = line.splitn(3, ' ');
            if let (Some("ACK"), Some(no), Some(text)) = (parts.next(), parts.next(), parts.next())
                && let Ok(no) = no.parse()
            {
                acked.push((no, text.to_string()));
            }
        }
        assert!(acked.len() > before, "round {round} acknowledged nothing");
    }
    let svc = Service::open(&db, false, &infohus::user::os_user()).unwrap();
    for (no, text) in &acked {
        let view = svc
            .case(*no)
            .unwrap_or_else(|e| panic!("acknowledged case {no} lost: {e}"));
        assert_eq!(&view.state.intake.description, text);
    }
    let report = svc.check(|_| {});
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.cases >= acked.len() as u64);
    drop(svc);
    assert!(
        cli_passes(&db, &["check"]),
        "infohus check passes after {ROUNDS} kills"
    );
}

/// Rounds of the flow harness: with the 20 above, well over 200 kills in all.
const FLOW_ROUNDS: usize = 190;

/// What the writer acknowledged, by case.
#[derive(Default)]
struct Acked {
    filed: std::collections::BTreeMap<u64, String>,
    noted: std::collections::BTreeSet<u64>,
    closed: std::collections::BTreeSet<u64>,
    purged: std::collections::BTreeSet<u64>,
}

impl Acked {
    fn take(&mut self, line: &str) {
        let mut parts = line.splitn(3, ' ');
        let (Some(tag), Some(no)) = (parts.next(), parts.next()) else {
            return;
        };
        let Ok(no) = no.parse::<u64>() else { return };
        match (tag, parts.next()) {
            ("ACK", Some(text)) => {
                self.filed.insert(no, text.to_string());
            }
            ("NOTE", _) => {
                self.noted.insert(no);
            }
            ("CLOSED", _) => {
                self.closed.insert(no);
            }
            ("PURGED", _) => {
                self.purged.insert(no);
            }
            _ => {}
        }
    }

    /// Every acknowledged step is in the database, and it passes `check`.
    fn verify(&self, db: &std::path::Path, round: usize) {
        let svc = Service::open(db, false, &infohus::user::os_user())
            .unwrap_or_else(|e| panic!("round {round}: the database does not open: {e}"));
        for (no, text) in &self.filed {
            match svc.case(*no) {
                Ok(view) => {
                    assert!(
                        !self.purged.contains(no),
                        "round {round}: purged {no} is back"
                    );
                    assert_eq!(&view.state.intake.description, text, "round {round}");
                    if self.noted.contains(no) {
                        assert!(view.events.len() >= 2, "round {round}: note on {no} lost");
                    }
                    if self.closed.contains(no) {
                        assert!(
                            !view.state.stage.is_open(),
                            "round {round}: closure of {no} lost"
                        );
                    }
                }
                // Gone is allowed only as a purge: the tombstone says so.
                Err(_) => assert!(
                    svc.store().tombstone(*no).unwrap().is_some(),
                    "round {round}: acknowledged case {no} lost"
                ),
            }
        }
        for no in &self.purged {
            assert!(
                svc.store().tombstone(*no).unwrap().is_some(),
                "round {round}"
            );
        }
        let report = svc.check(|_| {});
        assert!(
            report.problems.is_empty(),
            "round {round}: {:?}",
            report.problems
        );
        // The audit chain survives the kill too: every entry written with its change.
        let audit = svc.verify_audit().unwrap();
        assert!(
            audit.problem.is_none(),
            "round {round}: audit verify: {:?}",
            audit.problem
        );
    }
}

#[test]
fn acknowledged_flow_events_and_purges_survive_sigkill_at_random_points() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    // Closed cases are due for deletion at once, so purges run in every round.
    std::fs::write(
        dir.path().join("infohus.toml"),
        "[retention]\nmonths_after_closure = 0\n",
    )
    .unwrap();
    let mut rng = fastrand::Rng::with_seed(0xdead);
    let mut acked = Acked::default();
    for round in 0..FLOW_ROUNDS {
        let mut child = infohus()
            .args(["__write-loop", "--flow", "--db"])
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the writer starts");
        std::thread::sleep(Duration::from_millis(rng.u64(0..60)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        for line in std::iter::once(first).chain(rx.try_iter()) {
            acked.take(&line);
        }
        acked.verify(&db, round);
    }
    assert!(!acked.purged.is_empty(), "purges were acknowledged");
    assert!(
        cli_passes(&db, &["check"]),
        "infohus check passes after {FLOW_ROUNDS} kills"
    );
    assert!(
        cli_passes(&db, &["audit", "verify"]),
        "infohus audit verify passes after {FLOW_ROUNDS} kills"
    );
}

/// Rounds in which the server itself is killed mid-save (and in some, its client too).
const SERVER_ROUNDS: usize = 60;

/// Whether a server holds the data directory's lock (tried without taking it).
fn lock_held(dir: &std::path::Path) -> bool {
    use std::os::fd::AsRawFd;
    let Ok(f) = std::fs::File::open(dir.join(infohus::rpc::socket::LOCK_FILE)) else {
        return false;
    };
    // SAFETY: a valid descriptor; LOCK_NB returns at once, and closing the file lets go.
    unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) != 0 }
}

fn sigkill(pid: u32) {
    // SAFETY: a plain syscall.
    unsafe {
        libc::kill(pid as i32, libc::SIGKILL);
    }
}

/// Polls `f` every 10 ms for up to `limit`; true when it held.
fn wait_for(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + limit;
    while !f() {
        if Instant::now() >= end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    true
}

#[test]
fn acknowledged_saves_survive_sigkill_of_the_server_mid_save() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    std::fs::write(
        dir.path().join("infohus.toml"),
        "[retention]\nmonths_after_closure = 0\n",
    )
    .unwrap();
    let mut rng = fastrand::Rng::with_seed(0x5e4e4);
    let mut acked = Acked::default();
    let started = Instant::now();
    let (mut server_kills, mut client_kills, mut client_exits) = (0, 0, 0);
    for round in 0..SERVER_ROUNDS {
        let mut child = infohus()
            .arg("__write-loop")
            .args((round % 2 == 1).then_some("--flow"))
            .arg("--db")
            .arg(&db)
            .args(["--lang", "en"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut stderr = child.stderr.take().unwrap();
        let errors = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
            s
        });
        // The first acknowledgement: the client started its server, which is saving now.
        let first = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("round {round}: the writer starts"));
        assert!(
            lock_held(dir.path()),
            "round {round}: a server holds the lock"
        );
        let server = infohus::rpc::socket::server_pid(dir.path()).unwrap();
        std::thread::sleep(Duration::from_millis(rng.u64(0..40)));
        sigkill(server);
        server_kills += 1;
        let stops_itself = rng.u8(0..4) != 0;
        if !stops_itself {
            child.kill().unwrap();
            client_kills += 1;
            child.wait().unwrap();
        } else {
            // The writer notices its server has gone, says so and stops: it neither hangs
            // nor carries on with a server it did not start with.
            let mut status = None;
            let stopped = wait_for(Duration::from_secs(10), || {
                status = child.try_wait().unwrap();
                status.is_some()
            });
            if !stopped {
                child.kill().unwrap();
                child.wait().unwrap();
                panic!("round {round}: the writer still runs 10 s after its server was killed");
            }
            assert!(
                !status.unwrap().success(),
                "round {round}: the writer reports the loss"
            );
            client_exits += 1;
        }
        reader.join().unwrap();
        let said = errors.join().unwrap();
        if stops_itself {
            let sentences: Vec<&str> = said.lines().filter(|l| l.starts_with("infohus:")).collect();
            assert!(
                sentences.len() == 1 && sentences[0].contains("infohus server"),
                "round {round}: one sentence about the server: {said}"
            );
        }
        for line in std::iter::once(first).chain(rx.try_iter()) {
            acked.take(&line);
        }
        // A server started by a read's reconnect leaves with its last client; one whose
        // client was killed before it connected waits out its start grace: kill it too.
        if !wait_for(Duration::from_secs(1), || !lock_held(dir.path()))
            && let Some(pid) = infohus::rpc::socket::server_pid(dir.path())
        {
            sigkill(pid);
            server_kills += 1;
            assert!(
                wait_for(Duration::from_secs(5), || !lock_held(dir.path())),
                "round {round}: the extra server {pid} dies"
            );
        }
        acked.verify(&db, round);
    }
    let elapsed = started.elapsed();
    eprintln!(
        "{SERVER_ROUNDS} rounds: {server_kills} servers and {client_kills} clients killed, \
         {client_exits} clients stopped by themselves, {} cases acknowledged, {elapsed:?}",
        acked.filed.len()
    );
    assert!(
        acked.filed.len() >= SERVER_ROUNDS,
        "every round saved something"
    );
    assert!(
        cli_passes(&db, &["check"]),
        "infohus check passes after {server_kills} server kills"
    );
    assert!(
        cli_passes(&db, &["audit", "verify"]),
        "infohus audit verify passes after {server_kills} server kills"
    );
}

/// Runs an `infohus` command on the database, as a script would; true when it exits 0.
fn cli_passes(db: &std::path::Path, args: &[&str]) -> bool {
    infohus()
        .args(args)
        .arg("--db")
        .arg(db)
        .stdout(Stdio::null())
        .status()
        .unwrap()
        .success()
}
