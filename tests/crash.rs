//! Kill -9 at random moments while cases are being filed: every save that was acknowledged
//! must be there afterwards, and the database must pass `check`.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

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
