//! The real binary in a real terminal (tmux, 80×24): take a concern, lose the process, get the
//! draft back, file it, find it again.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

struct Tmux {
    socket: String,
    session: String,
}

impl Tmux {
    fn start(db: &Path, lang: &str, tag: &str) -> Tmux {
        assert!(
            Command::new("tmux").arg("-V").output().is_ok(),
            "tmux is needed for the terminal tests (.ci/run installs it)"
        );
        let t = Tmux {
            socket: format!("infohus-test-{}-{tag}", std::process::id()),
            session: "t".into(),
        };
        t.spawn(None, &format!("--db {}", db.display()), lang);
        t
    }

    /// As a new user runs it: in `dir`, with no --db (the default `data/infohus.db`).
    fn start_in(dir: &Path, lang: &str, tag: &str) -> Tmux {
        let t = Tmux {
            socket: format!("infohus-test-{}-{tag}", std::process::id()),
            session: "t".into(),
        };
        t.spawn(Some(dir), "", lang);
        t
    }

    fn spawn(&self, dir: Option<&Path>, args: &str, lang: &str) {
        let cd = dir
            .map(|d| format!("cd {} && ", d.display()))
            .unwrap_or_default();
        // `exec` so that the pane's process is infohus itself and can be killed precisely.
        let cmd = format!(
            "{cd}exec env INFOHUS_SERVE_IDLE=0 INFOHUS_LANG={lang} TERM=xterm-256color {} {args}",
            bin(),
        );
        let ok = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                &self.session,
                "-x",
                "80",
                "-y",
                "24",
                &cmd,
            ])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .stderr(std::process::Stdio::null())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", &self.session, k]);
        }
    }

    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", &self.session, "-l", text]);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.session])
    }

    fn pid(&self) -> String {
        self.tmux(&["display-message", "-p", "-t", &self.session, "#{pane_pid}"])
            .trim()
            .to_string()
    }

    /// Waits until the screen shows `text`. The limit only keeps a broken build from hanging.
    fn wait_for(&self, text: &str) -> String {
        self.wait_for_all(&[text])
    }

    /// Waits until the screen shows all of `texts` at once (a capture can catch a frame that
    /// is only half written).
    fn wait_for_all(&self, texts: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if texts.iter().all(|t| s.contains(t)) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("screen never showed {texts:?}; it shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_gone(&self) {
        let start = Instant::now();
        while Command::new("tmux")
            .args(["-L", &self.socket, "has-session", "-t", &self.session])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
        {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "infohus did not exit"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// Sends a signal (`-9`, `-HUP`, `-TERM`) to a process, as a user or the system would.
fn signal(sig: &str, pid: &str) {
    assert!(
        Command::new("kill")
            .args([sig, pid])
            .status()
            .unwrap()
            .success()
    );
}

fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = db_in(dir);
    let ok = infohus()
        .args(["demo", "--cases", "30", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    db
}

#[test]
fn a_draft_survives_kill_9_and_is_filed_and_found_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let t = Tmux::start(&db, "da", "kill");
    t.wait_for("Arbejdsliste");
    t.keys(&["n"]);
    t.wait_for("Ny henvendelse");
    t.type_text("Søren Ålbæk");
    t.keys(&["Tab"]);
    t.type_text("010110-4006");
    // Jump to the description with ↓ through the person fields.
    for _ in 0..8 {
        t.keys(&["Down"]);
    }
    t.type_text("Eleven deler ekstreme videoer i klassens chat");
    t.wait_for("kladde gemt");
    t.wait_for("klassens chat");
    let pid = t.pid();
    signal("-9", &pid);
    t.wait_gone();

    let t = Tmux::start(&db, "da", "kill2");
    // The draft is offered first in the work queue; Enter resumes it.
    t.wait_for_all(&["Arbejdsliste", "kladde", "Søren Ålbæk"]);
    t.keys(&["Enter"]);
    t.wait_for_all(&["Ny henvendelse", "Eleven deler ekstreme videoer"]);
    t.keys(&["C-s"]);
    // The new case is shown, with the CPR number masked.
    t.wait_for_all(&["Oprettet som sag #", "Kronologi", "010110-XXXX"]);
    t.keys(&["Escape"]);
    t.wait_for("Arbejdsliste");
    t.keys(&["/"]);
    t.wait_for("Søg:");
    t.type_text("ålbæk");
    t.wait_for_all(&["1 sag ", "Søren Ålbæk"]);
    // Esc ends the search, Esc again leaves the list, q quits from the work queue. Each Esc
    // waits for its screen: two at once reach the program as one Alt-Esc.
    t.keys(&["Escape"]);
    t.wait_for("filter: fase");
    t.keys(&["Escape"]);
    t.wait_for("forfaldne");
    t.keys(&["q"]);
    t.wait_gone();
}

#[test]
fn sighup_from_a_dropped_connection_keeps_the_draft_and_english_works() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let t = Tmux::start(&db, "en", "hup");
    t.wait_for("Work queue");
    t.keys(&["n"]);
    t.wait_for("New concern");
    t.type_text("Aisha Hussain");
    t.wait_for("Aisha Hussain");
    t.wait_for("draft saved");
    let pid = t.pid();
    signal("-HUP", &pid);
    t.wait_gone();
    let t = Tmux::start(&db, "en", "hup2");
    t.wait_for_all(&["Work queue", "Aisha Hussain"]);
    // The draft can also be discarded, after a confirmation.
    t.keys(&["x"]);
    t.wait_for("Discard the draft?");
    t.keys(&["y"]);
    let s = t.wait_for("The draft was discarded");
    assert!(!s.contains("Aisha Hussain"), "{s}");
}

#[test]
fn a_tiny_terminal_gets_a_notice_not_garbage() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let t = Tmux::start(&db, "en", "tiny");
    t.wait_for("Work queue");
    t.tmux(&["resize-window", "-t", &t.session, "-x", "20", "-y", "5"]);
    t.wait_for_all(&["Make the", "larger"]);
    t.tmux(&["resize-window", "-t", &t.session, "-x", "80", "-y", "24"]);
    t.wait_for("Work queue");
    let pid = t.pid();
    signal("-TERM", &pid);
    t.wait_gone();
}

#[test]
fn closing_the_terminal_ends_infohus_and_keeps_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let t = Tmux::start(&db, "da", "close");
    t.wait_for("Arbejdsliste");
    t.keys(&["n"]);
    t.type_text("Lukket Terminal");
    t.wait_for_all(&["Lukket Terminal", "kladde gemt"]);
    let pid = t.pid();
    // The whole terminal goes away, as when an SSH client window is closed.
    t.tmux(&["kill-server"]);
    let start = Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "infohus kept running after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let svc = infohus::service::Service::open(&db, false, &infohus::user::os_user()).unwrap();
    let drafts = svc.drafts().unwrap();
    assert!(
        drafts
            .iter()
            .any(|d| d.form.person_name == "Lukket Terminal")
    );
}

#[test]
fn a_new_concern_is_carried_through_every_stage_to_closed_with_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let t = Tmux::start(&db, "da", "flow");
    t.wait_for("Arbejdsliste");
    t.keys(&["n"]);
    t.wait_for("Ny henvendelse");
    t.type_text("Ali Flowtest");
    t.keys(&["C-s"]);
    let s = t.wait_for_all(&["Oprettet som sag #", "1 Oversigt"]);
    let no: String = s
        .split("Oprettet som sag #")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    for (i, step) in flow_script().iter().enumerate() {
        for k in step {
            match k {
                K::Text(text) => t.type_text(text),
                K::Char(c) => t.type_text(&c.to_string()),
                K::Tab => t.keys(&["Tab"]),
                K::Enter => t.keys(&["Enter"]),
                K::Esc => t.keys(&["Escape"]),
                K::Save => t.keys(&["C-s"]),
            }
        }
        // Every step ends back on the case.
        let s = t.wait_for_all(&["1 Oversigt", "5 Kronologi"]);
        assert!(!s.contains("Kan ikke gemmes"), "step {i}:\n{s}");
    }
    t.wait_for_all(&["afsluttet", "Afslutning"]);
    t.keys(&["5"]);
    t.wait_for_all(&[
        "Afsluttet: Indsats afsluttet",
        "Oplysningsanmodning 1: Besvaret",
    ]);
    t.keys(&["Escape"]);
    t.wait_for("Arbejdsliste");
    t.keys(&["q"]);
    t.wait_gone();

    let out = infohus()
        .args(["case", &no, "--summary", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let summary = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "§115",
        "Indledende vurdering",
        "Lars Holm, Østjyllands Politi, tovholder",
        "[POLITI] Kendt af politiet for trusler",
        "Besvaret",
        "Mentor",
        "Samtykke",
        "Indsats afsluttet",
        "Mentorforløbet fortsætter i skolens regi.",
    ] {
        assert!(
            summary.contains(expected),
            "{expected:?} missing:\n{summary}"
        );
    }
}

/// Names and CPR numbers of every case in the database, to prove that a screen shows none.
fn identities(db: &Path) -> (Vec<String>, Vec<String>) {
    let svc = infohus::service::Service::open(db, false, &infohus::user::os_user()).unwrap();
    let mut names = Vec::new();
    let mut cprs = Vec::new();
    for s in svc.store().summaries() {
        let s = s.unwrap();
        let case = svc.case(s.no).unwrap().state;
        for name in infohus::service::person_names(&case) {
            // Whole names, and each part long enough not to occur inside ordinary words.
            names.extend(
                name.split_whitespace()
                    .filter(|w| w.chars().count() >= 4)
                    .map(str::to_string),
            );
            names.push(name);
        }
        if let Some(c) = s.cpr {
            cprs.push(c.formatted());
            cprs.push(c.masked());
        }
    }
    names.retain(|n| !n.trim().is_empty());
    (names, cprs)
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect()
}

fn assert_anonymous(text: &str, names: &[String], cprs: &[String], what: &str) {
    let seen = words(text);
    for n in names {
        let found = if n.contains(' ') {
            text.contains(n.as_str())
        } else {
            seen.contains(&n.as_str())
        };
        assert!(!found, "{what} shows the name {n}:\n{text}");
    }
    for c in cprs {
        assert!(!text.contains(c.as_str()), "{what} shows CPR {c}:\n{text}");
    }
}

#[test]
fn a_meeting_on_a_projector_shows_no_names_and_its_minutes_name_no_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (names, cprs) = identities(&db);
    let t = Tmux::start(&db, "da", "meeting");
    t.wait_for("Arbejdsliste");
    t.keys(&["m"]);
    t.wait_for("Møder (0)");
    t.keys(&["c"]);
    t.wait_for("Nyt møde");
    t.keys(&["Tab", "Tab"]);
    t.type_text("Anna Berg, SSP, koordinator");
    t.keys(&["C-s"]);
    // Meeting mode opens redacted.
    let s = t.wait_for_all(&["SKJULT", "Møde 1 ·", "0/"]);
    assert_anonymous(&s, &names, &cprs, "the agenda");

    for i in 1..=3 {
        t.keys(&["Enter"]);
        t.wait_for("Beslutning *");
        t.type_text(&format!("Beslutning {i}: skolen inddrages"));
        t.keys(&["C-s"]);
        let s = t.wait_for(&format!(" {i}/"));
        assert_anonymous(&s, &names, &cprs, "the agenda after a decision");
    }
    // The last item is a general one (Eventuelt).
    t.keys(&["G", "Enter"]);
    t.wait_for("Beslutning *");
    t.type_text("Ingen nye tendenser");
    t.keys(&["C-s"]);
    let s = t.wait_for(" 4/");
    assert_anonymous(&s, &names, &cprs, "the agenda");

    // Redaction off shows names (so the check above means something); on again hides them.
    t.keys(&["g", "R"]);
    let shown = t.wait_for("Fuld visning");
    assert!(
        names.iter().any(|n| words(&shown).contains(&n.as_str())),
        "names should show without redaction:\n{shown}"
    );
    t.keys(&["R"]);
    let s = t.wait_for("SKJULT");
    assert_anonymous(&s, &names, &cprs, "the agenda redacted again");

    // The case list and a case, redacted too.
    t.keys(&["/"]);
    t.wait_for("Sagsliste");
    let s = t.screen();
    assert_anonymous(&s, &names, &cprs, "the case list");
    t.keys(&["Escape"]);
    t.wait_for("filter: fase");
    t.keys(&["Enter"]);
    let s = t.wait_for("1 Oversigt");
    assert_anonymous(&s, &names, &cprs, "a case");
    t.keys(&["5"]);
    let s = t.wait_for("Kronologi");
    assert_anonymous(&s, &names, &cprs, "a chronology");
    t.keys(&["Escape"]);
    t.wait_for("filter: fase");
    t.keys(&["Escape"]);
    t.wait_for("Møde 1 ·");

    t.keys(&["x"]);
    t.wait_for("Referat gemt i");
    let minutes = std::fs::read_to_string(dir.path().join("referater/moede-1.md")).unwrap();
    assert!(minutes.contains("§115"));
    for i in 1..=3 {
        assert!(
            minutes.contains(&format!("Beslutning {i}: skolen inddrages")),
            "{minutes}"
        );
    }
    assert!(minutes.contains("Ingen nye tendenser"));
    assert_anonymous(&minutes, &names, &cprs, "the minutes");
    t.keys(&["Escape"]);
    t.wait_for("Møder (1)");
    t.keys(&["Escape"]);
    t.wait_for("Arbejdsliste");
    t.keys(&["q"]);
    t.wait_gone();

    let out = infohus()
        .args(["meeting", "1", "--minutes", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), minutes);
}

/// The number in "N open cases" / "N åbne sager" on the work queue's summary line.
fn open_cases(screen: &str, word: &str) -> usize {
    screen
        .lines()
        .find_map(|l| {
            let at = l.find(word)?;
            l[..at].split_whitespace().last()?.parse().ok()
        })
        .unwrap_or_else(|| panic!("no \"{word}\" on the screen:\n{screen}"))
}

#[test]
fn two_consoles_share_one_server_see_each_others_intake_and_a_stale_note_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let a = Tmux::start(&db, "da", "two-a");
    let b = Tmux::start(&db, "en", "two-b");
    a.wait_for("Arbejdsliste");
    let before = open_cases(&b.wait_for("open cases"), "open cases");

    // A takes a new concern; B, on its work queue, is not touched.
    a.keys(&["n"]);
    a.wait_for("Ny henvendelse");
    a.type_text("Viggo Testesen");
    a.keys(&["Tab"]);
    a.type_text("010110-4006");
    for _ in 0..8 {
        a.keys(&["Down"]);
    }
    a.type_text("Bekymring fra skolen om radikalisering");
    a.wait_for("radikalisering");
    a.keys(&["C-s"]);
    a.wait_for("Oprettet som sag #");
    let now_open = format!("{} open cases", before + 1);
    b.wait_for(&now_open);

    // B opens the same case and starts a note; A adds one first.
    b.keys(&["/"]);
    b.wait_for("Search:");
    b.type_text("viggo");
    b.wait_for_all(&["1 case ", "Viggo Testesen"]);
    b.keys(&["Enter"]);
    b.wait_for("filter: stage");
    b.keys(&["Enter"]);
    b.wait_for_all(&["Viggo Testesen", "Overview"]);
    b.keys(&["o"]);
    b.wait_for("Note");
    b.type_text("Talked to the school");
    b.wait_for("Talked to the school");
    a.keys(&["o"]);
    a.wait_for("Notat");
    a.type_text("Ringet til far");
    a.wait_for("Ringet til far");
    a.keys(&["Enter"]);
    a.wait_for("Notat tilføjet");

    // B's save is refused with who and when, and B's text is still there.
    b.keys(&["Enter"]);
    let s = b.wait_for_all(&["was changed by", "Talked to the school"]);
    assert!(s.contains(&infohus::user::os_user()), "{s}");
    // Saving again records it after A's note.
    b.keys(&["Enter"]);
    b.wait_for("Note added");
    b.keys(&["5"]);
    let chronology = b.wait_for_all(&["Talked to the school", "Ringet til far"]);
    let at = |t: &str| chronology.find(t).unwrap();
    assert!(
        at("Talked to the school") < at("Ringet til far"),
        "newest first: {chronology}"
    );
    a.keys(&["Escape"]);
    a.wait_for("Arbejdsliste");
    // B came through the case list; each Esc waits for its screen.
    b.keys(&["Escape"]);
    b.wait_for("filter: stage");
    b.keys(&["Escape"]);
    b.wait_for("Work queue");
    a.keys(&["q"]);
    b.keys(&["q"]);
    a.wait_gone();
    b.wait_gone();
}

#[test]
fn a_draft_survives_the_server_and_then_the_console_being_killed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let data = db.parent().unwrap().to_path_buf();
    let t = Tmux::start(&db, "da", "srvkill");
    t.wait_for("Arbejdsliste");
    t.keys(&["n"]);
    t.wait_for("Ny henvendelse");
    t.type_text("Karla Krak");
    t.wait_for("kladde gemt");
    let first = infohus::rpc::socket::server_pid(&data).expect("a server runs");
    signal("-9", &first.to_string());
    // Typing on: the next save finds no server, starts a new one and saves there.
    t.type_text("owski");
    t.wait_for("Karla Krakowski");
    let start = Instant::now();
    loop {
        match infohus::rpc::socket::server_pid(&data) {
            Some(p) if p != first && Path::new(&format!("/proc/{p}")).exists() => break,
            _ => {}
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no new server");
        std::thread::sleep(Duration::from_millis(50));
    }
    t.wait_for("kladde gemt");
    // Now the console dies too.
    let pid = t.pid();
    signal("-9", &pid);
    t.wait_gone();
    drop(t);

    let t = Tmux::start(&db, "da", "srvkill2");
    t.wait_for_all(&["Arbejdsliste", "kladde", "Karla Krakowski"]);
    t.keys(&["q"]);
    t.wait_gone();
}

#[test]
fn the_first_start_without_a_database_shows_demo_data_marked_as_such() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let t = Tmux::start_in(dir.path(), "da", "first");
    t.wait_for_all(&["Arbejdsliste", "DEMODATA", "åbne sager"]);
    t.keys(&["q"]);
    t.wait_gone();
    assert!(dir.path().join("data/infohus.db").is_dir());
}

#[test]
fn the_forlobshjul_goes_round_twice_with_the_keyboard_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let t = Tmux::start(&db, "da", "wheel");
    t.wait_for("Arbejdsliste");
    t.keys(&["n"]);
    t.wait_for("Ny henvendelse");
    t.type_text("Ali Hjultest");
    t.keys(&["C-s"]);
    let s = t.wait_for_all(&["Oprettet som sag #", "1 Oversigt"]);
    let no: String = s
        .split("Oprettet som sag #")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let send = |step: &[K]| {
        for k in step {
            match k {
                K::Text(text) => t.type_text(text),
                K::Char(c) => t.type_text(&c.to_string()),
                K::Tab => t.keys(&["Tab"]),
                K::Enter => t.keys(&["Enter"]),
                K::Esc => t.keys(&["Escape"]),
                K::Save => t.keys(&["C-s"]),
            }
        }
    };
    // Screening, joint review, request, conversation, assessment, on to measures, a mentor.
    for step in &flow_script()[..7] {
        send(step);
        t.wait_for_all(&["1 Oversigt", "5 Kronologi"]);
    }
    t.keys(&["4"]);
    t.wait_for_all(&[
        "Forløbshjul",
        "[analyse] → handleplan",
        "Runde 1 · næste: analyse",
    ]);
    for (i, step) in wheel_script(infohus::i18n::Lang::Da).iter().enumerate() {
        send(step);
        let s = t.wait_for_all(&["1 Oversigt", "5 Kronologi"]);
        assert!(!s.contains("Kan ikke gemmes"), "step {i}:\n{s}");
        if i == 1 {
            // Planned: the measures run, and the header says what the evaluation needs.
            t.wait_for_all(&[
                "analyse ✓ → handleplan ✓ → [afprøvning]",
                "evaluering senest",
            ]);
        }
    }
    // Two rounds decided: the wheel stands at round 3's analysis.
    let s = t.wait_for_all(&["Runde 3 (2 afsluttede runder)", "[analyse]"]);
    assert!(s.contains("R2 "), "round 2's measure is marked:\n{s}");
    t.keys(&["Escape"]);
    t.wait_for("Arbejdsliste");
    t.keys(&["q"]);
    t.wait_gone();

    let out = infohus()
        .args(["case", &no, "--summary", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let summary = String::from_utf8_lossy(&out.stdout);
    let today = chrono::Local::now().format("%d-%m-%Y").to_string();
    for expected in [
        "Forløbshjul (runder):",
        "Runde 1 · analyse",
        &format!("evaluering {today}: Det hjalp delvist"),
        "næste skridt: Intensivér samarbejdet med forældrene (aftalt med Hanne (skoleleder))",
        "Runde 2 · analyse",
        "Det hjalp ikke",
        "Runde 3 · nu: analyse",
        "Kontaktperson",
    ] {
        assert!(
            summary.contains(expected),
            "{expected:?} missing:\n{summary}"
        );
    }
}
