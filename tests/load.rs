//! Twenty coordinators at once: each a thread with its own connection to one `infohus serve`,
//! filing intakes, adding notes to their own cases and to one shared case, searching and
//! viewing, for a minute (`INFOHUS_LOAD_SECS`, default 60). Afterwards every acknowledged save
//! must be there exactly once, and `check` and `audit verify` must be clean. Meanwhile two
//! more clients keep running into each other on one case, and the second must be told who
//! changed it first.
//!
//! The shared case is never opened by the clients, so their notes on it carry no version and
//! are never refused: nothing was on a screen to be out of date. Twenty writers on one case
//! then test that no update is lost.
//!
//! The figures (operations, throughput, latency per kind of operation) go to standard output:
//! `cargo test --test load -- --nocapture`. They are reported, never asserted: this checks
//! behaviour, and a loaded CI machine is no place for wall-clock limits.
//!
//! A second test puts 20,000 cases in the database and has coordinators open cases, first
//! alone and then while one more client exports the whole database in a loop; it reports the
//! case views' latency in both runs (`INFOHUS_EXPORT_LOAD_SECS` per run, default 20). Reads
//! run beside each other, so the export should hold no one: the target is a p99 within twice
//! that of the run without it.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use infohus::api::Api;
use infohus::domain::draft::FormKind;
use infohus::domain::intake::ConcernType;
use infohus::domain::{CaseNo, EventPayload};
use infohus::i18n::Lang;
use infohus::rpc::client::Target;
use infohus::rpc::socket;
use infohus::service::{Filed, ListFilter, Service, ServiceError};

const CLIENTS: usize = 20;

/// Filed before the clients start; every client adds notes to it without viewing it.
const SHARED: CaseNo = 1;

const FIRST_NAMES: [&str; 8] = [
    "Ali", "Sara", "Omar", "Freja", "Yusuf", "Maja", "Emil", "Aisha",
];

fn load_secs() -> u64 {
    std::env::var("INFOHUS_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60)
}

/// `infohus --db DB serve`, in the foreground: single-account mode without the idle exit.
struct Server {
    child: Option<Child>,
    db: PathBuf,
    log: PathBuf,
}

impl Server {
    fn start(db: &Path) -> Server {
        let log = db.with_file_name("serve.log");
        let child = Command::new(common::bin())
            .arg("--db")
            .arg(db)
            .arg("serve")
            .env_remove("INFOHUS_SOCKET")
            .env_remove("INFOHUS_DB")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let mut server = Server {
            child: Some(child),
            db: db.to_path_buf(),
            log,
        };
        // Connecting through `Api` before the server answers would start one: this test
        // binary, not infohus. So wait for the socket to take a connection first.
        let sock = socket::auto_socket(db);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if UnixStream::connect(&sock).is_ok() {
                break;
            }
            if let Some(status) = server.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("infohus serve exited with {status}: {}", server.log_text());
            }
            assert!(
                Instant::now() < deadline,
                "infohus serve did not answer at {}: {}",
                sock.display(),
                server.log_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    /// A client of its own: its own socket, its own versions of the cases it has seen.
    fn api(&self) -> Api {
        connect(&self.db)
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGTERM, as systemd stops it; waits for it to exit.
    fn stop(mut self) -> ExitStatus {
        let mut child = self.child.take().unwrap();
        let pid = libc::pid_t::try_from(child.id()).unwrap();
        // SAFETY: kill with a valid signal number and our own child's pid.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("infohus serve did not stop on SIGTERM: {}", self.log_text());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn connect(db: &Path) -> Api {
    Api::connect(Target::Auto {
        db: db.to_path_buf(),
        create: false,
        accept_loss: false,
        lang: Lang::En,
    })
    .unwrap()
}

/// Files an intake as the intake screen does: a draft, filled in, saved, filed.
fn file_over(api: &mut Api, name: &str, description: &str) -> CaseNo {
    let mut d = api.new_draft(FormKind::Intake, None).unwrap();
    d.edit_intake(|f| f.person_name = name.into());
    d.edit_intake(|f| f.description = description.into());
    d.edit_intake(|f| f.concerns = vec![ConcernType::Extremism]);
    d.edit_intake(|f| f.reporter_anonymous = true);
    d = api.save_draft(&d).unwrap();
    match api.file(&d).unwrap() {
        Filed::New(s) => s.no,
        _ => panic!("expected a new case"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Op {
    NewDraft,
    SaveDraft,
    File,
    View,
    OwnNote,
    SharedNote,
    List,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::NewDraft => "new draft",
            Op::SaveDraft => "save draft",
            Op::File => "file intake",
            // Both the opening before an own note and the look at any case.
            Op::View => "case view",
            Op::OwnNote => "note, own case",
            Op::SharedNote => "note, shared case",
            Op::List => "list search",
        }
    }

    /// An acknowledged durable write (a case view writes its audit entry too, but it is a
    /// read to the user).
    fn is_save(self) -> bool {
        matches!(
            self,
            Op::NewDraft | Op::SaveDraft | Op::File | Op::OwnNote | Op::SharedNote
        )
    }
}

struct Filing {
    no: CaseNo,
    name: String,
    description: String,
}

#[derive(Default)]
struct ClientLog {
    samples: Vec<(Op, Duration)>,
    filed: Vec<Filing>,
    own_notes: HashMap<CaseNo, Vec<String>>,
    shared_notes: Vec<String>,
}

fn timed<T>(samples: &mut Vec<(Op, Duration)>, op: Op, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let r = f();
    samples.push((op, t.elapsed()));
    r
}

/// A surname only client `i` uses, so its list search finds its own cases and no others.
/// The search is the prior-case matcher: it forgives two typos, collapses double letters
/// and folds spellings that sound alike (c/k/q, w/v, z/s, ph/f, th/t), so the part that
/// tells clients apart is three separate letters from a set none of those folds touch.
fn surname(i: usize) -> String {
    const LETTERS: &[u8] = b"abdefgijklmnoprstuvxy";
    let letter = |n: usize| char::from(LETTERS[n % LETTERS.len()]);
    let l = letter(i);
    format!("Prøvesen{}{l}o{l}u{l}", letter(i / LETTERS.len()))
}

fn client(i: usize, db: &Path, deadline: Instant) -> ClientLog {
    let api = connect(db);
    let mut rng = fastrand::Rng::with_seed(i as u64);
    let surname = surname(i);
    // What a coordinator types to find them again: part of the name.
    let fragment: String = surname.to_lowercase().chars().skip(2).collect();
    let mut log = ClientLog::default();
    let s = &mut log.samples;
    let mut k = 0;
    while Instant::now() < deadline {
        k += 1;

        // A new intake.
        let name = format!("{} {surname}", FIRST_NAMES[k % FIRST_NAMES.len()]);
        let description = format!("Klient {i} ringer om henvendelse {k}: bekymring for eleven.");
        let mut d = timed(s, Op::NewDraft, || api.new_draft(FormKind::Intake, None)).unwrap();
        d.edit_intake(|f| f.person_name = name.clone());
        d.edit_intake(|f| f.description = description.clone());
        d.edit_intake(|f| f.concerns = vec![ConcernType::Extremism]);
        d.edit_intake(|f| f.reporter_anonymous = true);
        d = timed(s, Op::SaveDraft, || api.save_draft(&d)).unwrap();
        let newest = match timed(s, Op::File, || api.file(&d)).unwrap() {
            Filed::New(state) => {
                assert_eq!(state.intake.person.name, name);
                state.no
            }
            _ => panic!("client {i}: expected a new case"),
        };
        log.filed.push(Filing {
            no: newest,
            name,
            description,
        });

        // A note on one of its own cases, after opening it: the note carries that version,
        // and nobody else writes to the case, so it is never stale.
        let own = &log.filed[rng.usize(..log.filed.len())];
        let view = timed(s, Op::View, || api.case(own.no)).unwrap();
        assert_eq!(view.state.intake.person.name, own.name);
        let text = format!("Klient {i}, notat {k} på sag {}", own.no);
        let r = timed(s, Op::OwnNote, || api.add_note(own.no, &text));
        if let Err(e) = r {
            panic!("client {i}: note on its own case {} refused: {e:?}", own.no);
        }
        log.own_notes.entry(own.no).or_default().push(text);

        // A note on the shared case, never opened by this client.
        let text = format!("Klient {i}, fælles notat {k}");
        let r = timed(s, Op::SharedNote, || api.add_note(SHARED, &text));
        if let Err(e) = r {
            panic!("client {i}: a note on a case it never opened failed: {e:?}");
        }
        log.shared_notes.push(text);

        // A search by part of the name: exactly this client's cases, newest first.
        let filter = ListFilter {
            text: fragment.clone(),
            ..ListFilter::default()
        };
        let page = timed(s, Op::List, || api.list(&filter, 0, 50)).unwrap();
        assert_eq!(
            page.total,
            log.filed.len(),
            "client {i}: search '{fragment}'"
        );
        assert_eq!(page.rows.first().map(|r| r.no), Some(newest));

        // A look at any case but the shared one (opening it would give the Api its version).
        let any = rng.u64(SHARED + 1..=newest);
        let view = timed(s, Op::View, || api.case(any)).unwrap();
        assert_eq!(view.state.no, any);
    }
    log
}

/// One round of two coordinators running into each other.
struct Round {
    /// The first one's note, and when the refusal said it was saved.
    first: String,
    refused_at: NaiveDateTime,
    /// The second one's note, refused and then saved again.
    second: String,
}

/// Two coordinators open the same case; the first adds a note, the second's note is refused
/// naming the first, and saving it again records it.
fn conflict_round(a: &mut Api, b: &mut Api, no: CaseNo, round: usize) -> Round {
    let first = format!("Runde {round}: første koordinators notat");
    let second = format!("Runde {round}: anden koordinators notat");
    a.case(no).unwrap();
    b.case(no).unwrap();
    a.add_note(no, &first).unwrap();
    let refused_at = match b.add_note(no, &second) {
        Err(ServiceError::Conflict { no: n, by, at }) => {
            assert_eq!((n, by.as_str()), (no, a.user()));
            at
        }
        other => panic!("round {round}: expected a conflict, got {other:?}"),
    };
    b.add_note(no, &second).unwrap();
    Round {
        first,
        refused_at,
        second,
    }
}

fn notes(svc: &Service, no: CaseNo) -> Vec<String> {
    svc.store()
        .events(no)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.payload {
            EventPayload::NoteAdded { text } => Some(text),
            _ => None,
        })
        .collect()
}

/// Each of `acknowledged` once, and nothing else: the case's notes as a multiset.
fn assert_same_notes(svc: &Service, no: CaseNo, acknowledged: &[String]) {
    let mut stored = notes(svc, no);
    let mut expected = acknowledged.to_vec();
    stored.sort();
    expected.sort();
    assert_eq!(
        stored.len(),
        expected.len(),
        "case {no}: {} notes stored, {} acknowledged",
        stored.len(),
        expected.len()
    );
    assert_eq!(stored, expected, "case {no}");
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e3
}

fn print_figures(logs: &[ClientLog], elapsed: Duration, conflict_rounds: usize) {
    let mut by_op: BTreeMap<Op, Vec<Duration>> = BTreeMap::new();
    for (op, d) in logs.iter().flat_map(|l| &l.samples) {
        by_op.entry(*op).or_default().push(*d);
    }
    let total: usize = by_op.values().map(Vec::len).sum();
    let saves: usize = by_op
        .iter()
        .filter(|(op, _)| op.is_save())
        .map(|(_, v)| v.len())
        .sum();
    let secs = elapsed.as_secs_f64();
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!();
    println!("load: {CLIENTS} clients for {secs:.1} s against one infohus serve ({build} build)");
    println!(
        "{:<24} {:>8} {:>9} {:>9} {:>9} {:>9}",
        "operation", "count", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    let mut all = Vec::with_capacity(total);
    for (op, v) in &mut by_op {
        v.sort_unstable();
        all.extend_from_slice(v);
        println!(
            "{:<24} {:>8} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
            op.name(),
            v.len(),
            percentile(v, 0.50),
            percentile(v, 0.95),
            percentile(v, 0.99),
            percentile(v, 1.0),
        );
    }
    all.sort_unstable();
    println!(
        "{:<24} {:>8} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
        "all",
        total,
        percentile(&all, 0.50),
        percentile(&all, 0.95),
        percentile(&all, 0.99),
        percentile(&all, 1.0),
    );
    println!("clients                  {CLIENTS:>8}");
    println!("operations               {total:>8}");
    println!("throughput, ops/s        {:>8.1}", total as f64 / secs);
    println!(
        "throughput, saves/s      {:>8.1}   (drafts started and saved, filings, notes)",
        saves as f64 / secs
    );
    println!(
        "intakes filed            {:>8}",
        logs.iter().map(|l| l.filed.len()).sum::<usize>()
    );
    println!("conflict rounds          {conflict_rounds:>8}   (two more clients, one case)");
    println!();
}

#[test]
fn twenty_clients_save_and_search_at_once_and_every_acknowledged_save_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::db_in(dir.path());
    // The database, with this account as its first admin (and coordinator).
    drop(Service::open(&db, true, &infohus::user::os_user()).unwrap());
    let server = Server::start(&db);

    let mut admin = server.api();
    let account = admin.user().to_string();
    let shared = file_over(&mut admin, "Delt Fællesen", "Sagen alle skriver i.");
    assert_eq!(shared, SHARED);
    let mut a = server.api();
    let mut b = server.api();
    let contested = file_over(&mut a, "Konflikt Hansen", "To koordinatorer på samme sag.");

    let start = Instant::now();
    let deadline = start + Duration::from_secs(load_secs());
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let db = db.clone();
            std::thread::Builder::new()
                .name(format!("client-{i}"))
                .spawn(move || client(i, &db, deadline))
                .unwrap()
        })
        .collect();

    let mut rounds = Vec::new();
    // Until the clients stop (or one of them has failed, which ends its thread early).
    while Instant::now() < deadline && !clients.iter().any(|h| h.is_finished()) {
        let round = conflict_round(&mut a, &mut b, contested, rounds.len() + 1);
        rounds.push(round);
        std::thread::sleep(Duration::from_millis(250));
    }
    let logs: Vec<ClientLog> = clients
        .into_iter()
        .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        .collect();
    let elapsed = start.elapsed();
    print_figures(&logs, elapsed, rounds.len());

    // Checked through the running server, as a coordinator would run them.
    for args in [&["check"][..], &["audit", "verify"][..]] {
        let out = Command::new(common::bin())
            .args(["--lang", "en", "--db"])
            .arg(&db)
            .args(args)
            .env_remove("INFOHUS_SOCKET")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "infohus {args:?}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if args == ["check"] {
            assert!(stdout.contains("checked: 0 problems"), "{stdout}");
        } else {
            assert!(stdout.contains("The log is intact"), "{stdout}");
        }
    }
    drop((admin, a, b));
    let status = server.stop();
    let log = std::fs::read_to_string(dir.path().join("serve.log")).unwrap();
    assert!(
        status.success(),
        "infohus serve exited with {status}: {log}"
    );
    for bad in [
        "failed inside the server",
        "could not be encoded",
        "accept failed",
    ] {
        assert!(!log.contains(bad), "the server said '{bad}': {log}");
    }

    // What is on disk once the server has gone.
    let svc = Service::open(&db, false, &infohus::user::os_user()).unwrap();
    let filed: Vec<&Filing> = logs.iter().flat_map(|l| &l.filed).collect();
    let numbers: HashSet<CaseNo> = filed.iter().map(|f| f.no).collect();
    assert_eq!(numbers.len(), filed.len(), "a case number given out twice");
    assert!(!numbers.contains(&SHARED) && !numbers.contains(&contested));
    assert_eq!(svc.case_count(), filed.len() + 2);
    for f in &filed {
        let state = svc.store().case(f.no).unwrap().expect("filed case");
        assert_eq!(state.intake.person.name, f.name, "case {}", f.no);
        assert_eq!(state.intake.description, f.description, "case {}", f.no);
        assert_eq!(state.intake.concerns, vec![ConcernType::Extremism]);
    }
    let mut own_notes: HashMap<CaseNo, Vec<String>> = HashMap::new();
    for l in &logs {
        for (no, texts) in &l.own_notes {
            own_notes
                .entry(*no)
                .or_default()
                .extend(texts.iter().cloned());
        }
    }
    for f in &filed {
        let acknowledged = own_notes.get(&f.no).map_or(&[][..], Vec::as_slice);
        assert_same_notes(&svc, f.no, acknowledged);
    }
    // No lost update on the case everyone wrote to at once.
    let shared_notes: Vec<String> = logs.iter().flat_map(|l| l.shared_notes.clone()).collect();
    assert_same_notes(&svc, SHARED, &shared_notes);
    let contested_notes: Vec<String> = rounds
        .iter()
        .flat_map(|r| [r.first.clone(), r.second.clone()])
        .collect();
    assert_same_notes(&svc, contested, &contested_notes);
    // Each refusal named the time of the note it was refused after.
    let events = svc.store().events(contested).unwrap();
    for r in &rounds {
        let note = events
            .iter()
            .find(|e| matches!(&e.payload, EventPayload::NoteAdded { text } if *text == r.first))
            .unwrap();
        assert_eq!(
            (note.at, note.author.as_str()),
            (r.refused_at, account.as_str())
        );
    }
    assert!(
        svc.store().drafts().unwrap().is_empty(),
        "every draft filed"
    );
    let report = svc.check(|_| {});
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(svc.verify_audit().unwrap().problem.is_none());
}

fn export_load_secs() -> u64 {
    std::env::var("INFOHUS_EXPORT_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
}

/// Coordinators opening cases at random until `deadline`; each view's latency.
fn viewers(db: &Path, count: usize, cases: u64, deadline: Instant) -> Vec<Duration> {
    let threads: Vec<_> = (0..count)
        .map(|i| {
            let db = db.to_path_buf();
            std::thread::spawn(move || {
                let api = connect(&db);
                let mut rng = fastrand::Rng::with_seed(1000 + i as u64);
                let mut samples = Vec::new();
                while Instant::now() < deadline {
                    let no = rng.u64(1..=cases);
                    let t = Instant::now();
                    let view = api.case(no).unwrap();
                    samples.push(t.elapsed());
                    assert_eq!(view.state.no, no);
                }
                samples
            })
        })
        .collect();
    let mut all: Vec<Duration> = threads
        .into_iter()
        .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        .collect();
    all.sort_unstable();
    all
}

fn latency_line(what: &str, sorted: &[Duration]) {
    println!(
        "{:<30} {:>8} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
        what,
        sorted.len(),
        percentile(sorted, 0.50),
        percentile(sorted, 0.95),
        percentile(sorted, 0.99),
        percentile(sorted, 1.0),
    );
}

#[test]
fn coordinators_opening_cases_are_not_held_by_an_export_in_a_loop() {
    const CASES: usize = 20_000;
    const VIEWERS: usize = 8;
    let dir = tempfile::tempdir().unwrap();
    let db = common::db_in(dir.path());
    {
        use infohus::rpc::calls::WithDemo;
        let svc = Service::open(&db, true, &infohus::user::os_user()).unwrap();
        assert_eq!(svc.fill_demo(CASES, 11, |_| {}).unwrap(), CASES as u64);
    }
    let server = Server::start(&db);
    let secs = Duration::from_secs(export_load_secs());

    // Alone.
    let alone = viewers(&db, VIEWERS, CASES as u64, Instant::now() + secs);

    // With one more client exporting the whole database, again and again.
    let deadline = Instant::now() + secs;
    let exporter = {
        let db = db.clone();
        std::thread::spawn(move || {
            let api = connect(&db);
            let mut runs = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                let cases = api.export_json(&mut std::io::sink(), |_| {}).unwrap();
                runs.push(t.elapsed());
                assert_eq!(cases, CASES as u64);
            }
            runs
        })
    };
    let beside = viewers(&db, VIEWERS, CASES as u64, deadline);
    let mut exports = exporter
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p));
    exports.sort_unstable();

    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!();
    println!(
        "export load: {VIEWERS} coordinators opening cases among {CASES}, {} s each run ({build} build)",
        secs.as_secs()
    );
    println!(
        "{:<30} {:>8} {:>9} {:>9} {:>9} {:>9}",
        "", "count", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    latency_line("case view, alone", &alone);
    latency_line("case view, beside an export", &beside);
    latency_line("export (the exporter's)", &exports);
    println!(
        "p99 beside the export / alone: {:.2} (target: at most 2)",
        percentile(&beside, 0.99) / percentile(&alone, 0.99).max(f64::MIN_POSITIVE)
    );
    println!();

    // Every view and every export was logged, and the log is intact.
    let status = server.stop();
    assert!(status.success(), "infohus serve exited with {status}");
    let svc = Service::open(&db, false, &infohus::user::os_user()).unwrap();
    let log = svc
        .audit_log(&infohus::service::AuditFilter::default())
        .unwrap();
    let views = log
        .iter()
        .filter(|(_, e)| {
            matches!(
                e.action,
                infohus::domain::audit::AuditAction::CaseViewed { .. }
            )
        })
        .count();
    let exported = log
        .iter()
        .filter(|(_, e)| matches!(e.action, infohus::domain::audit::AuditAction::Exported))
        .count();
    assert_eq!(views, alone.len() + beside.len());
    assert_eq!(exported, exports.len());
    assert!(svc.verify_audit().unwrap().problem.is_none());
}
