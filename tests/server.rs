//! `infohus serve` as it is deployed: the shared host, where several OS accounts talk to one
//! server run by a service account, and single-account mode, where the first command starts a
//! private server in the data directory. Run as root, the shared-host test creates real
//! accounts and a group (and removes them again); as anyone else it is skipped.
#![allow(clippy::unwrap_used)]

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;
use infohus::api::Api;
use infohus::domain::draft::FormKind;
use infohus::i18n::Lang;
use infohus::rpc::ServerError;
use infohus::rpc::client::Target;
use infohus::rpc::socket::{self, LOCK_FILE, SOCKET_FILE};
use infohus::rpc::wire::{self, FINGERPRINT, Hello, PROTOCOL, Welcome};
use infohus::service::{Filed, Service, ServiceError};

// --- helpers --------------------------------------------------------------------------------

fn is_root() -> bool {
    socket::euid() == 0
}

/// Polls `f` every 20 ms until it holds or `limit` has passed; true when it held.
fn wait_for(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + limit;
    loop {
        if f() {
            return true;
        }
        if Instant::now() >= end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether the process runs (a zombie nobody reaped has died: it holds no lock, no socket).
fn alive(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(s) => {
            let state = s.rsplit(')').next().unwrap_or("").trim_start();
            !(state.starts_with('Z') || state.starts_with('X'))
        }
        Err(_) => false,
    }
}

/// Whether a server holds the data directory's lock, tried without taking it for good.
fn lock_held(dir: &Path) -> bool {
    let Ok(f) = fs::File::open(dir.join(LOCK_FILE)) else {
        return false;
    };
    use std::os::fd::AsRawFd;
    // SAFETY: a valid descriptor; LOCK_NB returns at once, and closing the file lets go.
    let rc = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    rc != 0
}

fn sigkill(pid: u32) {
    // SAFETY: a plain syscall.
    unsafe {
        libc::kill(pid as i32, libc::SIGKILL);
    }
}

fn sigterm(pid: u32) {
    // SAFETY: a plain syscall.
    unsafe {
        libc::kill(pid as i32, libc::SIGTERM);
    }
}

/// The data directory's server, killed if one runs (so a test leaves none behind).
fn stop_server_of(dir: &Path) {
    if lock_held(dir)
        && let Some(pid) = socket::server_pid(dir)
    {
        sigkill(pid);
        wait_for(Duration::from_secs(5), || !alive(pid));
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The command failed with exactly one sentence on standard error, and printed nothing.
fn one_sentence(out: &Output) -> String {
    let err = text(&out.stderr);
    assert!(
        !out.status.success(),
        "expected a refusal, got success: {}",
        text(&out.stdout)
    );
    assert_eq!(
        err.trim().lines().count(),
        1,
        "one sentence on stderr, got: {err:?}"
    );
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout: {:?}",
        text(&out.stdout)
    );
    err.trim().to_string()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "command failed: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// Case numbers from `ACK <case> <text>` lines.
fn acked(stdout: &str) -> Vec<u64> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("ACK "))
        .filter_map(|l| l.split(' ').next()?.parse().ok())
        .collect()
}

/// A server this test started itself; killed when the test ends, however it ends.
struct ServerChild(Child);

impl ServerChild {
    fn pid(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for ServerChild {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `infohus serve` in the foreground (not `--auto`), and waits until it answers.
fn start_server(
    bin: &Path,
    db: &Path,
    socket_path: &Path,
    shared: bool,
    log: &Path,
) -> ServerChild {
    let mut cmd = Command::new(bin);
    cmd.arg("--db").arg(db).args(["--lang", "en"]);
    if shared {
        cmd.arg("--socket").arg(socket_path);
    }
    cmd.args(["serve", "--create"])
        .env_remove("INFOHUS_SOCKET")
        .env_remove("INFOHUS_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(log).unwrap());
    let mut child = ServerChild(cmd.spawn().unwrap());
    let up = wait_for(Duration::from_secs(20), || {
        if let Ok(Some(status)) = child.0.try_wait() {
            panic!(
                "the server exited ({status}): {}",
                fs::read_to_string(log).unwrap_or_default()
            );
        }
        UnixStream::connect(socket_path).is_ok()
    });
    assert!(
        up,
        "the server answers: {}",
        fs::read_to_string(log).unwrap_or_default()
    );
    child
}

/// Runs a `serve` that must refuse to start: its output, or a failed test (with the server
/// stopped) when it serves instead.
fn refused_serve(mut cmd: Command) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = ServerChild(child);
    let exited = wait_for(Duration::from_secs(20), || {
        child.0.try_wait().unwrap().is_some()
    });
    assert!(exited, "the server started instead of refusing");
    let done = std::mem::replace(&mut child.0, Command::new("true").spawn().unwrap());
    done.wait_with_output().unwrap()
}

// --- the shared host ------------------------------------------------------------------------

/// Accounts and a group made for one test, removed again when it ends, however it ends.
struct Accounts {
    users: Vec<String>,
    group: String,
}

impl Drop for Accounts {
    fn drop(&mut self) {
        for u in &self.users {
            retry(|| Command::new("userdel").arg(u).status());
        }
        retry(|| Command::new("groupdel").arg(&self.group).status());
    }
}

/// Runs an account tool, retrying while another process holds /etc/passwd or /etc/group.
fn retry(mut f: impl FnMut() -> std::io::Result<std::process::ExitStatus>) -> bool {
    for _ in 0..20 {
        match f() {
            Ok(s) if s.success() => return true,
            // 10: cannot lock or update the group file; 1: the password file.
            Ok(s) if matches!(s.code(), Some(1 | 10)) => {
                std::thread::sleep(Duration::from_millis(250));
            }
            _ => return false,
        }
    }
    false
}

fn id_of(flag: &str, name: &str) -> u32 {
    let out = Command::new("id").args([flag, name]).output().unwrap();
    assert!(out.status.success(), "id {flag} {name}");
    text(&out.stdout).trim().parse().unwrap()
}

/// A command run as `account`, with its groups, keeping this process's environment (so the
/// test can show that what is in the environment does not matter).
fn as_user(account: &str, program: &Path) -> Command {
    let mut c = Command::new("setpriv");
    c.arg(format!("--reuid={}", id_of("-u", account)))
        .arg(format!("--regid={}", id_of("-g", account)))
        .arg("--init-groups")
        .arg("--")
        .arg(program)
        .current_dir("/")
        .env_remove("INFOHUS_SOCKET")
        .env_remove("INFOHUS_DB")
        .env_remove("INFOHUS_LANG")
        .stdin(Stdio::null());
    c
}

/// `infohus --socket S --lang en ARGS` as `account` (None: this process, root).
fn client(bin: &Path, account: Option<&str>, sock: &Path, args: &[&str]) -> Output {
    let mut c = match account {
        Some(a) => as_user(a, bin),
        None => {
            let mut c = Command::new(bin);
            c.current_dir("/")
                .env_remove("INFOHUS_SOCKET")
                .env_remove("INFOHUS_DB")
                .stdin(Stdio::null());
            c
        }
    };
    c.arg("--socket")
        .arg(sock)
        .args(["--lang", "en"])
        .args(args)
        .output()
        .unwrap()
}

/// The infohus program where every test account can run it: the build's own when its
/// directories are open to all (as cargo leaves them), else a copy in a directory that is.
fn runnable_binary(account: &str, keep: &Path) -> PathBuf {
    let built = PathBuf::from(bin());
    let runs = |p: &Path| {
        as_user(account, p)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if runs(&built) {
        return built;
    }
    fs::set_permissions(keep, fs::Permissions::from_mode(0o755)).unwrap();
    let copy = keep.join("infohus");
    fs::copy(&built, &copy).unwrap();
    fs::set_permissions(&copy, fs::Permissions::from_mode(0o755)).unwrap();
    assert!(runs(&copy), "{account} can run {}", copy.display());
    copy
}

/// A console run as `account` in a tmux of its own (80×24), for the shared-host test.
struct Console {
    socket: String,
}

impl Console {
    fn start(account: &str, bin: &Path, sock: &Path) -> Console {
        let c = Console {
            socket: format!("infohus-server-test-{}", std::process::id()),
        };
        let cmd = format!(
            "exec setpriv --reuid={} --regid={} --init-groups -- env -u INFOHUS_SOCKET \
             -u INFOHUS_DB TERM=xterm-256color {} --socket {} --lang en",
            id_of("-u", account),
            id_of("-g", account),
            bin.display(),
            sock.display()
        );
        let started = Command::new("tmux")
            .args([
                "-L",
                &c.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
            ])
            .args(["-x", "80", "-y", "24", "-c", "/", &cmd])
            .status()
            .unwrap();
        assert!(started.success(), "tmux starts");
        c
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .stderr(Stdio::null())
            .output()
            .unwrap();
        text(&out.stdout)
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "t", k]);
        }
    }

    fn type_text(&self, t: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", t]);
    }

    fn pid(&self) -> u32 {
        self.tmux(&["display-message", "-p", "-t", "t", "#{pane_pid}"])
            .trim()
            .parse()
            .unwrap()
    }

    /// Waits until the screen shows all of `texts`; the limit only keeps a broken build from
    /// hanging.
    fn wait_for(&self, texts: &[&str]) -> String {
        let mut s = String::new();
        let seen = wait_for(Duration::from_secs(20), || {
            s = self.tmux(&["capture-pane", "-p", "-t", "t"]);
            texts.iter().all(|t| s.contains(t))
        });
        assert!(seen, "the console never showed {texts:?}; it shows:\n{s}");
        s
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .stderr(Stdio::null())
            .status();
    }
}

#[test]
fn shared_host_names_each_account_by_its_socket_and_applies_its_roles() {
    if !is_root() {
        eprintln!("skipped: creating test accounts and a group needs root");
        return;
    }
    let tag = format!("ih{}", std::process::id());
    let group = tag.clone();
    let (a, b, c, x) = (
        format!("{tag}a"),
        format!("{tag}b"),
        format!("{tag}c"),
        format!("{tag}x"),
    );
    assert!(
        retry(|| Command::new("groupadd").arg(&group).status()),
        "groupadd {group}"
    );
    let mut accounts = Accounts {
        users: Vec::new(),
        group: group.clone(),
    };
    for (name, in_group) in [(&a, true), (&b, true), (&c, true), (&x, false)] {
        let mut cmd = Command::new("useradd");
        cmd.args(["--system", "--no-create-home", "--shell", "/bin/false"]);
        if in_group {
            cmd.args(["-G", &group]);
        }
        cmd.arg(name);
        assert!(retry(|| cmd.status()), "useradd {name}");
        accounts.users.push(name.clone());
    }

    // The service account's data: root's alone. The socket's directory: root's, open to the
    // group for connecting, closed to everyone else.
    let data = tempfile::tempdir().unwrap();
    fs::set_permissions(data.path(), fs::Permissions::from_mode(0o700)).unwrap();
    let db = db_in(data.path());
    let run = tempfile::tempdir().unwrap();
    fs::set_permissions(run.path(), fs::Permissions::from_mode(0o750)).unwrap();
    let gid = text(
        &Command::new("getent")
            .args(["group", &group])
            .output()
            .unwrap()
            .stdout,
    )
    .split(':')
    .nth(2)
    .and_then(|g| g.trim().parse::<u32>().ok())
    .expect("the group's id");
    std::os::unix::fs::chown(run.path(), Some(0), Some(gid)).unwrap();
    let sock = run.path().join("infohus.sock");
    let keep = tempfile::tempdir().unwrap();
    let bin = runnable_binary(&a, keep.path());
    let log = keep.path().join("serve.log");
    let server = start_server(&bin, &db, &sock, true, &log);

    let m = fs::metadata(&sock).unwrap();
    assert_eq!(m.mode() & 0o777, 0o660, "the socket is the group's");
    assert_eq!(m.gid(), gid, "the socket has its directory's group");

    // Root (here the service account, and the first to connect) becomes the admin.
    let users = ok(client(&bin, None, &sock, &["users"]));
    assert!(users.contains("root"), "{users}");
    ok(client(
        &bin,
        None,
        &sock,
        &["users", "add", &a, "coordinator"],
    ));
    ok(client(&bin, None, &sock, &["users", "add", &b, "viewer"]));

    // A coordinator files cases and reads the work queue.
    let out = ok(client(
        &bin,
        Some(&a),
        &sock,
        &["__write-loop", "--count", "3"],
    ));
    let filed = acked(&out);
    assert_eq!(filed.len(), 3, "{out}");
    ok(client(&bin, Some(&a), &sock, &["due"]));

    // A viewer sees statistics and nothing else, whatever its environment claims.
    ok(client(&bin, Some(&b), &sock, &["stats"]));
    let refusal = "Your role does not give access to cases.";
    let case = filed[0].to_string();
    for args in [vec!["due"], vec!["case", &case, "--summary"]] {
        let out = client(&bin, Some(&b), &sock, &args);
        let said = one_sentence(&out);
        assert!(said.ends_with(refusal), "{args:?}: {said}");
    }
    let root_entries = |bin: &Path| -> Vec<String> {
        ok(client(bin, None, &sock, &["audit", "--user", "root"]))
            .lines()
            .map(str::to_string)
            .collect()
    };
    let roots_before = root_entries(&bin);
    for (var, value) in [
        ("INFOHUS_USER", "root"),
        ("USER", "root"),
        ("LOGNAME", "root"),
    ] {
        let out = as_user(&b, &bin)
            .env(var, value)
            .arg("--socket")
            .arg(&sock)
            .args(["--lang", "en", "due"])
            .output()
            .unwrap();
        let said = one_sentence(&out);
        assert!(said.ends_with(refusal), "{var}={value}: {said}");
        let out = as_user(&b, &bin)
            .env(var, value)
            .arg("--socket")
            .arg(&sock)
            .args(["--lang", "en", "users", "add", &b, "admin"])
            .output()
            .unwrap();
        let said = one_sentence(&out);
        assert!(
            said.ends_with("Your role does not give access to user administration."),
            "{var}={value}: {said}"
        );
    }
    // Root's own new entry is the login of the `audit` command that lists them.
    let roots_after = root_entries(&bin);
    let new: Vec<&String> = roots_after[roots_before.len()..].iter().collect();
    assert!(
        new.len() == 1 && new[0].ends_with("logged in"),
        "nothing B did was logged as root: {new:?}"
    );

    // An account of the group that users.toml does not list is refused, and that is logged.
    let out = client(&bin, Some(&c), &sock, &["stats"]);
    let said = one_sentence(&out);
    assert!(
        said.contains(&format!("The account {c} may not use infohus")),
        "{said}"
    );

    // The audit log names every account by the socket's uid: A's logins and changes are A's.
    let by_a = ok(client(&bin, None, &sock, &["audit", "--user", &a]));
    assert!(by_a.contains("logged in"), "{by_a}");
    for no in &filed {
        assert!(
            by_a.contains(&format!("case {no} changed")),
            "case {no} by {a}: {by_a}"
        );
    }
    let all = ok(client(&bin, None, &sock, &["audit"]));
    for line in all.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if filed
            .iter()
            .any(|no| line.contains(&format!("case {no} changed")))
        {
            assert!(words.contains(&a.as_str()), "by {a}: {line}");
            assert!(!words.contains(&"root"), "not by root: {line}");
        }
    }
    let by_b = ok(client(&bin, None, &sock, &["audit", "--user", &b]));
    assert!(by_b.contains("logged in"), "{by_b}");
    let by_c = ok(client(&bin, None, &sock, &["audit", "--user", &c]));
    assert!(by_c.contains("login refused"), "{by_c}");

    // A removed account is refused from its next connection on.
    ok(client(&bin, None, &sock, &["users", "remove", &b]));
    let said = one_sentence(&client(&bin, Some(&b), &sock, &["stats"]));
    assert!(
        said.contains(&format!("The account {b} may not use infohus")),
        "{said}"
    );
    let by_b = ok(client(&bin, None, &sock, &["audit", "--user", &b]));
    assert!(by_b.contains("login refused"), "{by_b}");

    // The database is the service account's: a coordinator reaches it through the server only.
    for (tool, path) in [
        ("ls", data.path().to_path_buf()),
        ("cat", data.path().join("users.toml")),
        ("ls", db.clone()),
    ] {
        let out = as_user(&a, Path::new(tool)).arg(&path).output().unwrap();
        assert!(
            !out.status.success(),
            "{a} must not {tool} {}: {}",
            path.display(),
            text(&out.stdout)
        );
    }

    // An account outside the group cannot connect at all, and is told so in one sentence.
    let out = client(&bin, Some(&x), &sock, &["stats"]);
    let said = one_sentence(&out);
    assert!(
        said.contains("You have no access to the infohus server")
            && said.contains(&sock.display().to_string()),
        "{said}"
    );
    let out = as_user(&x, &bin)
        .arg("--socket")
        .arg(&sock)
        .args(["--lang", "da", "stats"])
        .output()
        .unwrap();
    let said = one_sentence(&out);
    assert!(
        said.contains("Du har ikke adgang til infohus-serveren"),
        "{said}"
    );

    // Roles live: a change holds from the next request of a connection already open. A
    // coordinator's writer, demoted to viewer while it writes, has its next save refused.
    let mut writer = as_user(&a, &bin)
        .arg("--socket")
        .arg(&sock)
        .args(["--lang", "en", "__write-loop"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(writer.stdout.take().unwrap()).lines();
    for _ in 0..3 {
        assert!(lines.next().unwrap().unwrap().starts_with("ACK "));
    }
    ok(client(&bin, None, &sock, &["users", "set", &a, "viewer"]));
    let mut exited = None;
    let stopped = wait_for(Duration::from_secs(10), || {
        exited = writer.try_wait().unwrap();
        exited.is_some()
    });
    if !stopped {
        let _ = writer.kill();
    }
    assert!(
        stopped,
        "the demoted writer is refused on its open connection"
    );
    let mut err = String::new();
    std::io::Read::read_to_string(&mut writer.stderr.take().unwrap(), &mut err).unwrap();
    assert!(
        err.trim().ends_with(refusal) && err.trim().lines().count() == 1,
        "{err}"
    );
    ok(client(
        &bin,
        None,
        &sock,
        &["users", "set", &a, "coordinator"],
    ));

    // A's console has a case open when A is removed: it says so in one sentence and shows
    // nothing of the case any more.
    let console = Console::start(&a, &bin, &sock);
    console.wait_for(&["Work queue"]);
    console.keys(&[":"]);
    console.type_text(&filed[0].to_string());
    console.keys(&["Enter"]);
    console.wait_for(&["Person 0", "Overview"]);
    let console_pid = console.pid();
    ok(client(&bin, None, &sock, &["users", "remove", &a]));
    let shown = console.wait_for(&["has been removed from infohus"]);
    let shown = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        shown,
        format!(
            "The account {a} has been removed from infohus by an administrator, so the console \
             shows nothing more; press any key to close."
        ),
        "one sentence and nothing more"
    );
    console.keys(&["Enter"]);
    assert!(
        wait_for(Duration::from_secs(10), || !alive(console_pid)),
        "the console closes on a key"
    );
    drop(console);

    // The service account's SIGTERM stops the server cleanly.
    sigterm(server.pid());
    let mut server = server;
    let stopped = wait_for(Duration::from_secs(10), || {
        server.0.try_wait().ok().flatten().is_some()
    });
    assert!(stopped, "the server stops on SIGTERM");
    assert!(!sock.exists(), "the socket is removed");
    drop(server);
    // The server's log named the accounts as they came.
    let log = fs::read_to_string(&log).unwrap();
    assert!(log.contains(&format!("{a} connected")), "{log}");
    assert!(log.contains(&format!("{c} refused")), "{log}");
    drop(accounts);
}

// --- single-account mode --------------------------------------------------------------------

/// `infohus --db <dir>/infohus.db ARGS` with the given idle time for a server it starts.
fn single(dir: &Path, idle: &str, args: &[&str]) -> Output {
    Command::new(bin())
        .env("INFOHUS_SERVE_IDLE", idle)
        .env_remove("INFOHUS_SOCKET")
        .args(["--lang", "en", "--db"])
        .arg(db_in(dir))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn the_first_command_starts_a_private_server_that_leaves_when_idle() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(single(dir.path(), "1", &["__write-loop", "--count", "2"]));
    let ended = Instant::now();
    assert_eq!(acked(&out).len(), 2);
    let sock = dir.path().join(SOCKET_FILE);
    let m = fs::symlink_metadata(&sock).expect("the socket is in the data directory");
    assert!(m.file_type().is_socket(), "a socket");
    assert_eq!(
        m.mode() & 0o777,
        0o600,
        "the socket is this account's alone"
    );
    assert_eq!(m.uid(), socket::euid());
    let pid = socket::server_pid(dir.path()).expect("the lock names the server");
    assert!(alive(pid), "the server {pid} runs after the command");
    assert!(lock_held(dir.path()), "and holds the lock");

    // Idle for a second, it goes, and takes its socket with it.
    let gone = wait_for(Duration::from_secs(5), || !alive(pid) && !sock.exists());
    let after = ended.elapsed();
    assert!(gone, "the idle server exits");
    assert!(
        after >= Duration::from_millis(500),
        "not before its idle time: {after:?}"
    );
    assert!(!lock_held(dir.path()));
    let log = fs::read_to_string(dir.path().join(socket::LOG_FILE)).unwrap();
    assert!(log.contains("stopping (no clients)"), "{log}");
}

#[test]
fn a_stale_socket_file_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join(SOCKET_FILE);
    drop(UnixListener::bind(&sock).unwrap());
    assert!(sock.exists(), "a socket nobody listens on");
    assert!(UnixStream::connect(&sock).is_err());
    let out = ok(single(dir.path(), "0", &["__write-loop", "--count", "1"]));
    assert_eq!(acked(&out).len(), 1);
    let out = ok(single(dir.path(), "0", &["stats"]));
    assert!(!out.is_empty());
    stop_server_of(dir.path());
}

#[test]
fn a_data_directory_others_can_change_is_refused_and_left_alone() {
    for mode in [0o777, 0o770, 0o707] {
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(mode)).unwrap();
        let out = single(dir.path(), "0", &["__write-loop", "--count", "1"]);
        let said = one_sentence(&out);
        assert!(
            said.contains("can be changed by other accounts") && said.contains("chmod go-w"),
            "{mode:o}: {said}"
        );
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{mode:o}: nothing created: {left:?}");
    }
}

#[test]
fn a_socket_of_another_account_is_refused() {
    if !is_root() {
        eprintln!("skipped: giving a file to another account needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join(SOCKET_FILE);
    drop(UnixListener::bind(&sock).unwrap());
    std::os::unix::fs::chown(&sock, Some(65534), Some(65534)).unwrap();
    let out = single(dir.path(), "0", &["__write-loop", "--count", "1"]);
    let said = one_sentence(&out);
    assert!(
        said.contains("belongs to another account") && said.contains(SOCKET_FILE),
        "{said}"
    );
    assert_eq!(fs::metadata(&sock).unwrap().uid(), 65534, "left as it was");
    assert!(!db_in(dir.path()).exists(), "no database made");
    assert!(!dir.path().join(LOCK_FILE).exists(), "no server started");
}

#[test]
fn sigterm_stops_the_server_cleanly_and_keeps_every_acknowledged_save() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    let sock = dir.path().join(SOCKET_FILE);
    let log = dir.path().join("foreground.log");
    let mut server = start_server(Path::new(bin()), &db, &sock, false, &log);
    // The writer names the socket, so it cannot start a server of its own once this one
    // has gone: it must stop and say why.
    let mut writer = Command::new(bin())
        .env_remove("INFOHUS_SOCKET")
        .args(["--lang", "en", "--socket"])
        .arg(&sock)
        .arg("__write-loop")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(writer.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    while seen.len() < 20 {
        seen.push(lines.next().unwrap().unwrap());
    }
    sigterm(server.pid());
    let start = Instant::now();
    let mut status = None;
    wait_for(Duration::from_secs(5), || {
        status = server.0.try_wait().unwrap();
        status.is_some()
    });
    let status = status.expect("the server exits within seconds of SIGTERM");
    assert!(status.success(), "exit status {status}");
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(!sock.exists(), "the socket is removed");
    let log = fs::read_to_string(&log).unwrap();
    assert!(
        log.contains("stopping (signal)") && log.contains("stopped"),
        "{log}"
    );
    // The writer notices, says so, and stops.
    seen.extend(lines.map_while(Result::ok));
    let mut exited = None;
    assert!(
        wait_for(Duration::from_secs(10), || {
            exited = writer.try_wait().unwrap();
            exited.is_some()
        }),
        "the writer stops when its server has gone"
    );
    let _ = writer.kill();
    assert!(!exited.unwrap().success());
    let mut err = String::new();
    std::io::Read::read_to_string(&mut writer.stderr.take().unwrap(), &mut err).unwrap();
    // (After the first start's notice) one sentence, about the server.
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("infohus:")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(errors[0].contains("infohus server"), "{err}");
    drop(server);
    let svc = Service::open(&db, false, &infohus::user::os_user()).unwrap();
    let acks = acked(&seen.join("\n"));
    assert!(acks.len() >= 20);
    for no in &acks {
        svc.case(*no)
            .unwrap_or_else(|e| panic!("acknowledged case {no} lost: {e}"));
    }
    assert!(svc.check(|_| {}).problems.is_empty());
    assert!(svc.verify_audit().unwrap().problem.is_none());
}

#[test]
fn after_kill_9_the_next_command_starts_a_new_server_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let first = acked(&ok(single(
        dir.path(),
        "30",
        &["__write-loop", "--count", "3"],
    )));
    let pid = socket::server_pid(dir.path()).unwrap();
    assert!(alive(pid) && lock_held(dir.path()));
    sigkill(pid);
    assert!(wait_for(Duration::from_secs(5), || !alive(pid)));
    assert!(
        dir.path().join(SOCKET_FILE).exists(),
        "a killed server leaves its socket file"
    );
    let second = acked(&ok(single(
        dir.path(),
        "0",
        &["__write-loop", "--count", "3"],
    )));
    let pid2 = socket::server_pid(dir.path()).unwrap();
    assert_ne!(pid, pid2, "a new server");
    assert_eq!(first.len() + second.len(), 6);
    let stats = ok(single(dir.path(), "0", &["check"]));
    assert!(!stats.is_empty());
    assert!(wait_for(Duration::from_secs(5), || !lock_held(dir.path())));
    let svc = Service::open(&db_in(dir.path()), false, &infohus::user::os_user()).unwrap();
    for no in first.iter().chain(&second) {
        svc.case(*no).unwrap();
    }
    assert_eq!(svc.case_count(), 6);
}

#[test]
fn a_connected_client_sees_the_loss_on_a_write_and_reconnects_for_a_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    let sock = dir.path().join(SOCKET_FILE);
    let log = dir.path().join("foreground.log");
    // Started here with the real program: a client of the test process would start the test
    // binary as its server.
    let server = start_server(Path::new(bin()), &db, &sock, false, &log);
    let target = Target::Auto {
        db: db.clone(),
        create: false,
        accept_loss: false,
        lang: Lang::En,
    };
    let api = Api::connect(target).unwrap();
    assert_eq!(api.server_pid(), Some(server.pid()));
    assert_eq!(api.user(), infohus::user::os_user());
    let mut d = api.new_draft(FormKind::Intake, None).unwrap();
    d.edit_intake(|f| f.person_name = "Ada".into());
    d.edit_intake(|f| f.description = "before the kill".into());
    d.edit_intake(|f| f.reporter_anonymous = true);
    d = api.save_draft(&d).unwrap();
    let Filed::New(s) = api.file(&d).unwrap() else {
        panic!("a new case")
    };
    let events = api.case(s.no).unwrap().events.len();

    let mut server = server;
    server.0.kill().unwrap();
    server.0.wait().unwrap();
    drop(server);
    // A write is not retried: the server may have saved it before it died.
    match api.add_note(s.no, "after the kill") {
        Err(ServiceError::Server(ServerError::Lost)) => {}
        other => panic!("expected Lost, got {other:?}"),
    }

    let server = start_server(Path::new(bin()), &db, &sock, false, &log);
    // A read reconnects without being asked to.
    let view = api.case(s.no).unwrap();
    assert_eq!(view.state.intake.description, "before the kill");
    assert_eq!(api.server_pid(), Some(server.pid()));
    assert_eq!(view.events.len(), events, "the lost note was not saved");
    // And writes work again on the new connection.
    api.add_note(s.no, "on the new server").unwrap();
    drop(api);
    drop(server);
}

#[test]
fn a_redacted_console_gets_redacted_replies_from_the_server_also_after_it_restarted() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    let sock = dir.path().join(SOCKET_FILE);
    let log = dir.path().join("foreground.log");
    let server = start_server(Path::new(bin()), &db, &sock, false, &log);
    let target = Target::Auto {
        db: db.clone(),
        create: false,
        accept_loss: false,
        lang: Lang::En,
    };
    let api = Api::connect(target.clone()).unwrap();
    let mut d = api
        .new_draft(infohus::domain::draft::FormKind::Intake, None)
        .unwrap();
    d.edit_intake(|f| {
        f.person_name = "Kawa Mirza".into();
        f.school_work = "Nørrebro Skole".into();
        f.description = "AKT-vejlederen på Nørrebro Skole ringede om Kawa.".into();
        f.source = Some(infohus::domain::intake::SourceCategory::PrimarySchool);
    });
    d = api.save_draft(&d).unwrap();
    let Filed::New(s) = api.file(&d).unwrap() else {
        panic!("a new case")
    };
    api.set_redacted(true).unwrap();
    let view = api.case(s.no).unwrap();
    assert_eq!(view.state.intake.person.name, "K. M.");
    assert_eq!(
        view.state.intake.description,
        "AKT-vejlederen på […] ringede om K."
    );
    // A redacted session writes no intake: what it was shown is not what is stored.
    assert!(matches!(
        api.new_draft(infohus::domain::draft::FormKind::Intake, None),
        Err(ServiceError::Redacted)
    ));

    // The server dies and another starts: the first reply of the new one is redacted too.
    let mut server = server;
    server.0.kill().unwrap();
    server.0.wait().unwrap();
    drop(server);
    let server = start_server(Path::new(bin()), &db, &sock, false, &log);
    let line = api
        .list(infohus::service::ListFilter::default(), 0, 10)
        .unwrap();
    assert_eq!(&*line.rows[0].name, "K. M.");
    // A console started later by the same account starts redacted.
    let other = Api::connect(target).unwrap();
    assert!(other.console_redacted().unwrap());
    drop((api, other));
    drop(server);
}

#[test]
fn a_second_server_does_not_take_over_a_socket_another_server_answers_on() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let run = tempfile::tempdir().unwrap();
    fs::set_permissions(run.path(), fs::Permissions::from_mode(0o750)).unwrap();
    let sock = run.path().join("infohus.sock");
    let log = run.path().join("one.log");
    let first = start_server(Path::new(bin()), &db_in(one.path()), &sock, true, &log);
    // An administrator starts a second server, for another database, on the same socket.
    let mut second = Command::new(bin());
    second
        .env_remove("INFOHUS_SOCKET")
        .args(["--lang", "en", "--db"])
        .arg(db_in(two.path()))
        .arg("--socket")
        .arg(&sock)
        .args(["serve", "--create"]);
    let out = refused_serve(second);
    let said = one_sentence(&out);
    assert!(
        said.contains("Another infohus server already answers at")
            && said.contains(&sock.display().to_string()),
        "{said}"
    );
    assert!(!lock_held(two.path()), "the second server is gone");
    assert!(!db_in(two.path()).exists(), "and made no database");
    // The first still has its socket and its clients.
    assert_eq!(
        socket::server_pid(one.path()),
        Some(first.pid()),
        "the first server runs on"
    );
    let out = Command::new(bin())
        .env_remove("INFOHUS_SOCKET")
        .arg("--socket")
        .arg(&sock)
        .args(["--lang", "en", "users"])
        .output()
        .unwrap();
    ok(out);
    let log = fs::read_to_string(&log).unwrap();
    assert!(
        log.contains("connected"),
        "the client reached the first server: {log}"
    );
    drop(first);
}

/// On the shared host every group member may connect, so none may be able to write in the
/// socket's directory: one who could would put a socket of its own in the server's place and
/// read what colleagues send.
#[test]
fn a_socket_directory_the_group_can_write_is_refused_by_server_and_client() {
    let data = tempfile::tempdir().unwrap();
    let run = tempfile::tempdir().unwrap();
    let sock = run.path().join("infohus.sock");
    fs::set_permissions(run.path(), fs::Permissions::from_mode(0o770)).unwrap();
    let mut serve = Command::new(bin());
    serve
        .env_remove("INFOHUS_SOCKET")
        .args(["--lang", "en", "--db"])
        .arg(db_in(data.path()))
        .arg("--socket")
        .arg(&sock)
        .args(["serve", "--create"]);
    let out = refused_serve(serve);
    let said = one_sentence(&out);
    assert!(
        said.contains("can be changed by other accounts")
            && said.contains(&run.path().display().to_string()),
        "{said}"
    );
    assert!(!sock.exists());

    // A server started while the directory was safe: a client checks again before talking.
    fs::set_permissions(run.path(), fs::Permissions::from_mode(0o750)).unwrap();
    let log = data.path().join("serve.log");
    let server = start_server(Path::new(bin()), &db_in(data.path()), &sock, true, &log);
    fs::set_permissions(run.path(), fs::Permissions::from_mode(0o770)).unwrap();
    let out = Command::new(bin())
        .env_remove("INFOHUS_SOCKET")
        .arg("--socket")
        .arg(&sock)
        .args(["--lang", "en", "users"])
        .output()
        .unwrap();
    let said = one_sentence(&out);
    assert!(said.contains("can be changed by other accounts"), "{said}");
    drop(server);
}

#[test]
fn a_server_whose_database_is_removed_leaves() {
    let dir = tempfile::tempdir().unwrap();
    ok(single(dir.path(), "60", &["__write-loop", "--count", "1"]));
    let pid = socket::server_pid(dir.path()).unwrap();
    assert!(alive(pid));
    fs::remove_dir_all(db_in(dir.path())).unwrap();
    let gone = wait_for(Duration::from_secs(5), || !alive(pid));
    if !gone {
        sigkill(pid);
    }
    assert!(gone, "the server of a removed database exits");
    assert!(!dir.path().join(SOCKET_FILE).exists());
}

#[test]
fn a_connection_that_never_says_hello_is_closed_and_does_not_block_others() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    let sock = dir.path().join(SOCKET_FILE);
    let log = dir.path().join("foreground.log");
    let _server = start_server(Path::new(bin()), &db, &sock, false, &log);
    let mut silent = UnixStream::connect(&sock).unwrap();
    // Meanwhile a real command is served.
    ok(infohus()
        .arg("--db")
        .arg(&db)
        .args(["due"])
        .output()
        .unwrap());
    silent
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut buf = [0u8; 1];
    // Hung up: an orderly end of stream, or a reset if the close raced the read.
    match std::io::Read::read(&mut silent, &mut buf) {
        Ok(n) => assert_eq!(n, 0, "the server hung up on the silent connection"),
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
    }
}

/// Says hello as a client of the build `fingerprint` would, and returns the server's answer.
fn hello_as(sock: &Path, fingerprint: &str) -> (UnixStream, Result<Welcome, ServiceError>) {
    let mut stream = UnixStream::connect(sock).unwrap();
    wire::send(
        &mut stream,
        &Hello {
            protocol: PROTOCOL,
            version: if fingerprint == FINGERPRINT {
                env!("CARGO_PKG_VERSION").into()
            } else {
                "0.0.9-other".into()
            },
            fingerprint: fingerprint.into(),
            client: fastrand::u64(..),
        },
    )
    .unwrap();
    let answer = wire::receive(&mut stream).unwrap();
    (stream, answer)
}

const OTHER_BUILD: &str = "0123456789abcdef";

#[test]
fn a_client_of_another_build_is_refused_with_a_sentence_naming_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    let sock = dir.path().join(SOCKET_FILE);
    let log = dir.path().join("foreground.log");
    let server = start_server(Path::new(bin()), &db, &sock, false, &log);
    let (_, answer) = hello_as(&sock, OTHER_BUILD);
    let err = answer.expect_err("a client of another build is refused");
    assert!(
        matches!(
            err,
            ServiceError::Server(ServerError::OtherBuild {
                stepping_down: false,
                ..
            })
        ),
        "{err:?}"
    );
    for lang in [Lang::En, Lang::Da] {
        let sentence = infohus::i18n::service_error(lang, &err);
        for part in [
            "0.0.9-other",
            OTHER_BUILD,
            env!("CARGO_PKG_VERSION"),
            FINGERPRINT,
        ] {
            assert!(sentence.contains(part), "{part} in {sentence}");
        }
        assert_eq!(
            sentence.matches(". ").count(),
            0,
            "one sentence: {sentence}"
        );
    }
    // A server started by hand does not step down: it stays for clients of its own build.
    assert!(alive(server.pid()));
    let (_, welcome) = hello_as(&sock, FINGERPRINT);
    assert!(welcome.is_ok(), "{:?}", welcome.err());
}

#[test]
fn a_private_server_of_another_build_steps_down_when_no_one_else_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    ok(single(dir.path(), "60", &["__write-loop", "--count", "1"]));
    let sock = dir.path().join(SOCKET_FILE);
    let pid = socket::server_pid(dir.path()).expect("the lock names the server");
    // While a console of its own build is connected, it stays and says why it refuses.
    let (console, welcome) = hello_as(&sock, FINGERPRINT);
    assert!(welcome.is_ok());
    let (_, answer) = hello_as(&sock, OTHER_BUILD);
    assert!(
        matches!(
            answer,
            Err(ServiceError::Server(ServerError::OtherBuild {
                stepping_down: false,
                ..
            }))
        ),
        "{:?}",
        answer.err()
    );
    assert!(alive(pid), "a server in use is not replaced");
    // Alone, it steps down for the client of another build, which starts its own.
    drop(console);
    let mut stepped_down = false;
    let asked = wait_for(Duration::from_secs(10), || {
        let (_, answer) = hello_as(&sock, OTHER_BUILD);
        stepped_down = matches!(
            answer,
            Err(ServiceError::Server(ServerError::OtherBuild {
                stepping_down: true,
                ..
            }))
        );
        stepped_down
    });
    assert!(asked && stepped_down);
    assert!(
        wait_for(Duration::from_secs(5), || !alive(pid) && !sock.exists()),
        "the server leaves"
    );
    let log = fs::read_to_string(dir.path().join(socket::LOG_FILE)).unwrap();
    assert!(log.contains("another build"), "{log}");
    // And the next command of this build has a server again.
    ok(single(dir.path(), "0", &["due"]));
}

/// A build from before client ids said hello with three fields only; it is still refused in
/// words, not cut off.
#[test]
fn a_hello_of_three_fields_from_another_build_is_refused_with_the_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    let sock = dir.path().join(SOCKET_FILE);
    let log = dir.path().join("foreground.log");
    let _server = start_server(Path::new(bin()), &db, &sock, false, &log);
    let mut stream = UnixStream::connect(&sock).unwrap();
    wire::send(
        &mut stream,
        &wire::HelloHead {
            protocol: PROTOCOL,
            version: "0.0.9-other".into(),
            fingerprint: OTHER_BUILD.into(),
        },
    )
    .unwrap();
    let answer: Result<Welcome, ServiceError> = wire::receive(&mut stream).unwrap();
    assert!(
        matches!(
            answer,
            Err(ServiceError::Server(ServerError::OtherBuild { .. }))
        ),
        "{:?}",
        answer.err()
    );
}

/// A console whose form finds the server gone (the draft saved on a key, before the next
/// poll) says so, and says when the server is back — also when it is back before any poll
/// found it missing (the guide promises "Forbundet til infohus-serveren igen").
#[test]
fn a_console_says_the_server_is_back_also_when_a_form_found_it_gone() {
    use infohus::tui::theme::Theme;
    use infohus::tui::{App, AppEvent};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::cell::Cell;
    use std::rc::Rc;
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    let sock = dir.path().join("shared.sock");
    let log = dir.path().join("foreground.log");
    let server = start_server(Path::new(bin()), &db, &sock, true, &log);
    let api = Api::connect(Target::Shared {
        socket: sock.clone(),
    })
    .unwrap();
    let mut app = App::new(api, Lang::En, Theme { color: false });
    let clock = Rc::new(Cell::new(Instant::now()));
    let c = clock.clone();
    app.set_clock(Box::new(move || c.get()));
    let key = |app: &mut App, code| {
        app.update(AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    };
    app.update(AppEvent::Tick);
    key(&mut app, KeyCode::Char('n'));
    for ch in "Ada".chars() {
        key(&mut app, KeyCode::Char(ch));
    }
    assert_eq!(app.svc.drafts().unwrap().len(), 1, "the draft is saved");

    let mut server = server;
    server.0.kill().unwrap();
    server.0.wait().unwrap();
    drop(server);
    // The key's draft save finds the server gone: said at once.
    key(&mut app, KeyCode::Char('m'));
    let told = app.status.as_ref().map(|s| (s.text.clone(), s.error));
    assert!(matches!(&told, Some((_, true))), "{told:?}");

    // Back before the next poll: the poll finds it and says so.
    let server = start_server(Path::new(bin()), &db, &sock, true, &log);
    clock.set(clock.get() + Duration::from_secs(1));
    app.update(AppEvent::Tick);
    let status = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert_eq!(status, "Connected to the infohus server again.");
    drop(app);
    drop(server);
}
