//! What the protocol promises a team beyond one request and its reply: a long read holds no
//! one else (reads run beside each other and beside writes), long calls report their progress
//! over the socket, and a read resent after a broken connection is not logged twice. Each
//! test runs the real `infohus serve` and talks to it as the console does, through `Api`.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;
use infohus::api::Api;
use infohus::domain::CaseNo;
use infohus::domain::audit::AuditAction;
use infohus::domain::draft::FormKind;
use infohus::domain::intake::SourceCategory;
use infohus::rpc::calls::WithDemo;
use infohus::service::{AuditFilter, ExportDoc, Filed, Service};

/// A database of `cases` demo cases, written in-process before the server starts.
fn demo_dir(cases: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let svc = Service::open(&db_in(dir.path()), true, &infohus::user::os_user()).unwrap();
    svc.fill_demo(cases, 7, |_| {}).unwrap();
    dir
}

fn file_case(api: &Api, name: &str) -> CaseNo {
    let mut d = api.new_draft(FormKind::Intake, None).unwrap();
    d.edit_intake(|f| {
        f.person_name = name.into();
        f.description = "Bekymring fra skolen".into();
        f.source = Some(SourceCategory::PrimarySchool);
    });
    d = api.save_draft(&d).unwrap();
    match api.file(&d).unwrap() {
        Filed::New(s) => s.no,
        _ => panic!("a new case"),
    }
}

// --- reads beside writes ----------------------------------------------------------------------

/// One coordinator exports the whole database; meanwhile a colleague opens cases. The
/// colleague's views must not wait for the export: each is in the audit log before the
/// export's own entry, which is written when the export has read everything.
#[test]
fn a_long_export_holds_no_one_else() {
    let dir = demo_dir(2000);
    let server = Server::start(dir.path());
    let exporter = server.api();
    let colleague = server.api();
    let started = Arc::new(AtomicBool::new(false));
    let export = {
        let started = Arc::clone(&started);
        std::thread::spawn(move || {
            exporter
                .export_json(&mut std::io::sink(), |_| {
                    started.store(true, Ordering::SeqCst)
                })
                .unwrap()
        })
    };
    // Until the server reports the export under way (or, without progress, a moment).
    let wait = Instant::now();
    while !started.load(Ordering::SeqCst) && wait.elapsed() < Duration::from_secs(3) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let viewed: Vec<CaseNo> = (1..=5).collect();
    for &no in &viewed {
        assert_eq!(colleague.case(no).unwrap().state.no, no);
    }
    assert_eq!(export.join().unwrap(), 2000);

    let log = colleague.audit_log(AuditFilter::default()).unwrap();
    let exported = log
        .iter()
        .position(|(_, e)| matches!(e.action, AuditAction::Exported))
        .expect("the export is logged");
    for &no in &viewed {
        let view = log
            .iter()
            .position(|(_, e)| matches!(e.action, AuditAction::CaseViewed { case } if case == no))
            .expect("the view is logged");
        assert!(
            view < exported,
            "case {no} was viewed only after the export had finished: it waited for it"
        );
    }
}

// --- progress over the socket -----------------------------------------------------------------

/// What a progress callback was told, in order.
#[derive(Default)]
struct Seen(std::sync::Mutex<Vec<u64>>);

impl Seen {
    fn note(&self) -> impl FnMut(u64) + '_ {
        move |n| self.0.lock().unwrap().push(n)
    }

    /// The counts told, which must never go back, ending at `total`.
    fn reached(&self, total: u64, what: &str) {
        let seen = self.0.lock().unwrap();
        assert!(
            !seen.is_empty(),
            "{what}: no progress arrived over the socket"
        );
        assert!(
            seen.windows(2).all(|w| w[0] <= w[1]),
            "{what}: progress went back: {seen:?}"
        );
        assert_eq!(seen.last().copied(), Some(total), "{what}: {seen:?}");
    }
}

/// An export's output as it arrives: the bytes, and the largest single write.
#[derive(Default)]
struct Arrivals {
    bytes: Vec<u8>,
    writes: usize,
    largest: usize,
}

impl Write for Arrivals {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writes += 1;
        self.largest = self.largest.max(buf.len());
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The export is the document the service builds, but it travels as it is written, in
/// pieces of at most a megabyte (a 100,000-case export built whole and sent as one reply
/// held the server's and the client's memory at a gigabyte each and took 9–12 s).
#[test]
fn an_export_arrives_in_pieces_and_is_the_whole_document() {
    let dir = demo_dir(2000);
    let whole = {
        let svc = Service::open(&db_in(dir.path()), false, &infohus::user::os_user()).unwrap();
        svc.export(|_| {}).unwrap()
    };
    let server = Server::start(dir.path());
    let api = server.api();
    let mut out = Arrivals::default();
    assert_eq!(api.export_json(&mut out, |_| {}).unwrap(), 2000);
    let doc: ExportDoc = serde_json::from_slice(&out.bytes).unwrap();
    assert_eq!(doc.cases, whole.cases, "the same cases, event for event");
    assert_eq!(doc.next_case_no, whole.next_case_no);
    assert_eq!(doc.meetings, whole.meetings);
    assert!(
        out.writes > 1 && out.largest <= 1 << 20,
        "{} bytes in {} writes, the largest {}",
        out.bytes.len(),
        out.writes,
        out.largest
    );
}

#[test]
fn long_calls_report_their_progress_over_the_socket() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let api = server.api();

    let seen = Seen::default();
    assert_eq!(api.fill_demo(300, 3, seen.note()).unwrap(), 300);
    seen.reached(300, "demo");

    let seen = Seen::default();
    let mut json = Vec::new();
    assert_eq!(api.export_json(&mut json, seen.note()).unwrap(), 300);
    seen.reached(300, "export");
    let doc: ExportDoc = serde_json::from_slice(&json).unwrap();
    assert_eq!(doc.cases.len(), 300);

    let seen = Seen::default();
    let report = api.check(seen.note()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    seen.reached(300, "check");

    let seen = Seen::default();
    let backup = dir.path().join("backup");
    api.backup(&backup, seen.note()).unwrap();
    seen.reached(300, "backup");
}

#[test]
fn a_command_whose_output_is_piped_draws_no_progress_bar() {
    let dir = demo_dir(50);
    let server = Server::start(dir.path());
    let out = Command::new(bin())
        .arg("--socket")
        .arg(&server.socket)
        .args(["--lang", "en", "check"])
        .env_remove("INFOHUS_DB")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// --- retries ----------------------------------------------------------------------------------

/// Sits between the client and the server and passes every frame on, except that it can be
/// told to break both connections once the server's next reply has arrived — so the server
/// has handled the request and the client never sees the answer.
struct Proxy {
    socket: PathBuf,
    drop_next_reply: Arc<AtomicBool>,
    connections: Arc<AtomicUsize>,
}

impl Proxy {
    fn start(dir: &Path, server: &Path) -> Proxy {
        let socket = dir.join("proxy.sock");
        let listener = UnixListener::bind(&socket).unwrap();
        let drop_next_reply = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(AtomicUsize::new(0));
        let server = server.to_path_buf();
        let (flag, count) = (Arc::clone(&drop_next_reply), Arc::clone(&connections));
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let Ok(upstream) = UnixStream::connect(&server) else {
                    return;
                };
                count.fetch_add(1, Ordering::SeqCst);
                let (c2, u2) = (client.try_clone().unwrap(), upstream.try_clone().unwrap());
                std::thread::spawn(move || relay(c2, u2, None));
                let flag = Arc::clone(&flag);
                std::thread::spawn(move || relay(upstream, client, Some(flag)));
            }
        });
        Proxy {
            socket,
            drop_next_reply,
            connections,
        }
    }

    fn drop_next_reply(&self) {
        self.drop_next_reply.store(true, Ordering::SeqCst);
    }
}

/// Copies frames from `from` to `to`; with `cut` set, the next frame is not passed on and
/// both connections are shut down instead.
fn relay(mut from: UnixStream, mut to: UnixStream, cut: Option<Arc<AtomicBool>>) {
    loop {
        let mut len = [0u8; 4];
        if from.read_exact(&mut len).is_err() {
            break;
        }
        let mut body = vec![0u8; u32::from_be_bytes(len) as usize];
        if from.read_exact(&mut body).is_err() {
            break;
        }
        if cut
            .as_ref()
            .is_some_and(|c| c.swap(false, Ordering::SeqCst))
        {
            break;
        }
        if to
            .write_all(&len)
            .and_then(|()| to.write_all(&body))
            .is_err()
        {
            break;
        }
    }
    let _ = from.shutdown(std::net::Shutdown::Both);
    let _ = to.shutdown(std::net::Shutdown::Both);
}

fn entries(api: &Api, pick: impl Fn(&AuditAction) -> bool) -> usize {
    api.audit_log(AuditFilter::default())
        .unwrap()
        .iter()
        .filter(|(_, e)| pick(&e.action))
        .count()
}

#[test]
fn a_read_resent_after_the_connection_broke_is_logged_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let proxy = Proxy::start(dir.path(), &server.socket);
    let api = connect(&proxy.socket);
    let no = file_case(&api, "Ali Hansen");

    // The server opens the case (and logs the view); the answer is lost on the way back.
    proxy.drop_next_reply();
    let view = api.case(no).unwrap();
    assert_eq!(view.state.intake.person.name, "Ali Hansen");
    assert_eq!(
        proxy.connections.load(Ordering::SeqCst),
        2,
        "the read was sent again on a new connection"
    );
    let views = entries(
        &api,
        |a| matches!(a, AuditAction::CaseViewed { case } if *case == no),
    );
    assert_eq!(views, 1, "one view, one entry");

    // The same for a committed search.
    proxy.drop_next_reply();
    api.commit_search("Ali").unwrap();
    assert_eq!(proxy.connections.load(Ordering::SeqCst), 3);
    let searches = entries(
        &api,
        |a| matches!(a, AuditAction::Searched { query } if query == "Ali"),
    );
    assert_eq!(searches, 1, "one search, one entry");

    // And the case on the screen is still the one open: reloading it after the reconnect is
    // no new view.
    proxy.drop_next_reply();
    api.reload_case(no).unwrap();
    let views = entries(
        &api,
        |a| matches!(a, AuditAction::CaseViewed { case } if *case == no),
    );
    assert_eq!(views, 1, "a reload is no view, before or after a reconnect");

    // A new request (not a resend) is logged as usual.
    api.case(no).unwrap();
    let views = entries(
        &api,
        |a| matches!(a, AuditAction::CaseViewed { case } if *case == no),
    );
    assert_eq!(views, 2);
    drop(server);
}
