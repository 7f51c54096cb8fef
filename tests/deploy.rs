//! The shipped systemd unit, run as systemd would run it (paths moved into a temporary
//! directory): the server starts on an empty state directory, serves the group socket, and
//! stops cleanly on SIGTERM.
#![allow(clippy::unwrap_used)]

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

const UNIT: &str = include_str!("../deploy/infohus.service");

fn setting<'a>(key: &str) -> &'a str {
    UNIT.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("the unit has no {key}="))
}

#[test]
fn the_unit_keeps_the_data_private_the_socket_to_its_group_and_no_core_dumps() {
    assert_eq!(setting("User"), "infohus");
    assert_eq!(setting("Group"), "infohus-users");
    assert_eq!(setting("StateDirectoryMode"), "0700");
    assert_eq!(setting("RuntimeDirectoryMode"), "0750");
    assert_eq!(setting("UMask"), "0077");
    assert_eq!(setting("LimitCORE"), "0");
    assert_eq!(setting("KillSignal"), "SIGTERM");
}

#[test]
fn the_units_command_line_serves_a_new_database_and_stops_cleanly_on_sigterm() {
    let root = tempfile::tempdir().unwrap();
    let state = root.path().join("lib");
    let run = root.path().join("run");
    std::fs::create_dir(&state).unwrap();
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::create_dir(&run).unwrap();
    std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o750)).unwrap();
    let exec = setting("ExecStart")
        .replace("/var/lib/infohus", state.to_str().unwrap())
        .replace("/run/infohus", run.to_str().unwrap());
    let mut words = exec.split_whitespace();
    assert_eq!(words.next(), Some("/usr/local/bin/infohus"));
    let args: Vec<&str> = words.collect();
    let mut server = Command::new(bin())
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let socket = run.join("infohus.sock");
    let start = Instant::now();
    while !socket.exists() {
        assert!(start.elapsed() < Duration::from_secs(20), "no socket");
        std::thread::sleep(Duration::from_millis(20));
    }
    let meta = std::fs::metadata(&socket).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o660, "group may connect, others not");
    assert_eq!(meta.gid(), std::fs::metadata(&run).unwrap().gid());

    // A user on the host: only the socket, no --db.
    let client = |args: &[&str]| {
        Command::new(bin())
            .env("INFOHUS_SOCKET", &socket)
            .env("INFOHUS_LANG", "en")
            .args(args)
            .output()
            .unwrap()
    };
    let users = client(&["users"]);
    assert!(
        users.status.success(),
        "{}",
        String::from_utf8_lossy(&users.stderr)
    );
    let due = client(&["due", "--json"]);
    assert!(
        due.status.success(),
        "{}",
        String::from_utf8_lossy(&due.stderr)
    );
    assert!(
        state.join("infohus.db").is_dir(),
        "created in the state directory"
    );

    // What `systemctl stop` does.
    let pid = server.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    let status = loop {
        if let Some(s) = server.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    assert!(!socket.exists(), "the socket is removed");

    // With the server stopped, a user is told so (and no server is started for them).
    let down = client(&["due"]);
    assert!(!down.status.success());
    let e = String::from_utf8_lossy(&down.stderr);
    assert!(e.contains("does not answer"), "{e}");
    assert_eq!(e.trim().lines().count(), 1, "{e}");
}
