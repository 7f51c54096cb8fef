//! One database, one server: a command never gets answers from a database it did not name.
//! With `/x/a.db` served, the three commands the issue saw misdirected — `check`, `case 1
//! --summary` and `import`, each with `--db /x/b.db` — must each deal with b.db alone; and a
//! server that answers on a socket for another database is refused by the client's hello.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::bin;

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .env("INFOHUS_SERVE_IDLE", "30")
        .env_remove("INFOHUS_SOCKET")
        .env_remove("INFOHUS_DB")
        .args(["--lang", "en", "--db"])
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Stops the server of `db` if one runs.
fn stop(db: &Path) {
    if let Some(pid) = infohus::rpc::socket::server_pid_of(db) {
        // SAFETY: a plain syscall.
        unsafe { libc::kill(pid as i32, libc::SIGTERM) };
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(5) && infohus::rpc::socket::auto_socket(db).exists()
        {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

struct Cleanup<'a>(&'a [&'a Path]);
impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        for db in self.0 {
            stop(db);
        }
    }
}

#[test]
fn a_command_naming_another_database_in_the_same_folder_never_gets_the_served_ones_answers() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    let _cleanup = Cleanup(&[&a, &b]);
    let made = run(&a, &["demo", "--cases", "30"]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    // a.db's server is running (it stays 30 s after its last client).
    assert!(infohus::rpc::socket::server_pid_of(&a).is_some());
    assert!(infohus::rpc::socket::auto_socket(&a).exists());

    // check --db b.db: there is no b.db, and a.db's 30 cases are not reported.
    let out = run(&b, &["check"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("no database at") && err.contains("b.db"),
        "{err}"
    );
    assert!(
        !text(&out.stdout).contains("30 cases"),
        "{}",
        text(&out.stdout)
    );

    // case 1 --summary --db b.db: not a.db's case 1.
    let out = run(&b, &["case", "1", "--summary"]);
    assert!(!out.status.success());
    assert!(text(&out.stdout).is_empty(), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("b.db"), "{}", text(&out.stderr));

    // import FILE --db b.db: a.db's server is no obstacle to another database.
    let export = dir.path().join("a.json");
    let out = run(&a, &["export", "--json", "-o", export.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&b, &["import", export.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&b, &["check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("30 cases"),
        "{}",
        text(&out.stdout)
    );
    // Each has its own server now.
    assert_ne!(
        infohus::rpc::socket::server_pid_of(&a),
        infohus::rpc::socket::server_pid_of(&b)
    );
}

#[test]
fn a_server_answering_for_another_database_is_refused_by_the_hello() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    let _cleanup = Cleanup(&[&a, &b]);
    assert!(run(&a, &["demo", "--cases", "3"]).status.success());
    stop(&a);
    // A server of a.db listening where b.db's socket would be (a hand-made mistake).
    let mut server = Command::new(bin())
        .env("INFOHUS_SERVE_IDLE", "30")
        .args(["--lang", "en", "--db"])
        .arg(&a)
        .args(["--socket"])
        .arg(infohus::rpc::socket::auto_socket(&b))
        .arg("serve")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t = Instant::now();
    while !infohus::rpc::socket::auto_socket(&b).exists() && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = run(&b, &["case", "1", "--summary"]);
    let _ = server.kill();
    let _ = server.wait();
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("serves the database") && err.contains("a.db"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(text(&out.stdout).is_empty());
}
