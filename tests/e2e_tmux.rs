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

    /// As `start`, with more arguments on the command line.
    fn start_with(db: &Path, lang: &str, tag: &str, extra: &str) -> Tmux {
        let t = Tmux {
            socket: format!("infohus-test-{}-{tag}", std::process::id()),
            session: "t".into(),
        };
        t.spawn(None, &format!("--db {} {extra}", db.display()), lang);
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

    /// Waits until the screen shows one of `texts`, and returns it.
    fn wait_for_any(&self, texts: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if texts.iter().any(|t| s.contains(t)) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("screen never showed any of {texts:?}; it shows:\n{s}");
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
    // On to the description past the person fields and the concern types.
    for _ in 0..8 {
        t.keys(&["Tab"]);
    }
    t.type_text("Eleven deler ekstreme videoer i klassens");
    t.wait_for("kladde gemt");
    t.wait_for("i klassens");
    let pid = t.pid();
    signal("-9", &pid);
    t.wait_gone();

    let t = Tmux::start(&db, "da", "kill2");
    // The draft is offered first in the work queue; Enter resumes it.
    t.wait_for_all(&["Arbejdsliste", "kladde", "Søren Ålbæk"]);
    t.keys(&["Enter"]);
    t.wait_for_all(&["Ny henvendelse", "Eleven deler ekstreme videoer"]);
    // Typing goes on where it stopped, at the end of the description.
    t.type_text(" chat");
    t.wait_for("i klassens chat");
    t.keys(&["Tab", "Tab"]);
    t.type_text("skole");
    t.keys(&["Enter", "C-s"]);
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
            .any(|d| d.intake().person_name == "Lukket Terminal")
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
    for _ in 0..9 {
        t.keys(&["Tab"]);
    }
    t.type_text("Skolen ringer om elevens nye venner");
    t.keys(&["Tab", "Tab"]);
    t.type_text("skole");
    t.keys(&["Enter", "C-s"]);
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
        let mut case_names = vec![case.intake.person.name.clone()];
        if let infohus::domain::intake::Reporter::Known { name, .. } = &case.intake.reporter {
            case_names.push(name.clone());
        }
        for name in case_names {
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

/// The redaction dictionary of a database: every name and place its cases ever held.
fn dictionary(db: &Path) -> infohus::domain::redact::Dictionary {
    let svc = infohus::service::Service::open(db, false, &infohus::user::os_user()).unwrap();
    let mut d = infohus::domain::redact::Dictionary::new();
    for s in svc.store().summaries() {
        d.add_events(&svc.store().events(s.unwrap().no).unwrap());
    }
    d
}

/// No name or place of the dictionary on the screen, no CPR number; the participant whole.
fn assert_safe(
    text: &str,
    dict: &infohus::domain::redact::Dictionary,
    cprs: &[String],
    what: &str,
) {
    let roster =
        [infohus::domain::flow::Participant::parse("Anna Berg, SSP, koordinator").unwrap()];
    // The program's own §115 notice (on forms and in the minutes) is not the data's, even
    // where the demo has one of its words as a place ("selvstændig hjemmel" beside the
    // workplace "selvstændig"): read word by word without it, as a screen wraps it.
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let notice = words(infohus::i18n::T::Notice115.get(infohus::i18n::Lang::Da));
    let rest = words(text).replace(&notice, "");
    let leaks = infohus::domain::redact::Redactor::new(dict, &roster).leaks(&rest);
    assert!(leaks.is_empty(), "{what} shows {leaks:?}:\n{text}");
    for c in cprs {
        assert!(!text.contains(c.as_str()), "{what} shows CPR {c}:\n{text}");
    }
}

/// Opens the selected agenda item, writes the decision and saves it; a case awaiting its
/// §115 review asks for the review's outcome, which the chair gives ("videre").
fn decide(t: &Tmux, text: &str) {
    t.keys(&["Enter"]);
    t.wait_for("Beslutning *");
    t.type_text(text);
    t.keys(&["C-s"]);
    let s = t.wait_for_any(&["registreret", "Skal udfyldes"]);
    if s.contains("Skal udfyldes") {
        t.type_text("videre");
        t.keys(&["Enter", "C-s"]);
        t.wait_for("registreret");
    }
}

#[test]
fn a_meeting_on_a_projector_holds_through_a_correction_and_a_restart_and_its_record_travels() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (_, cprs) = identities(&db);
    let dict = dictionary(&db);
    let t = Tmux::start_with(&db, "da", "meeting", "--redacted");
    // Started with --redacted: the first screen is already redacted, and offers no intake.
    let s = t.wait_for_all(&["Arbejdsliste", "SKJULT"]);
    assert_safe(&s, &dict, &cprs, "the work queue");
    assert!(!s.contains("ny henvendelse"), "{s}");
    t.keys(&["m"]);
    t.wait_for("Møder (0)");
    t.keys(&["c"]);
    t.wait_for("Nyt møde");
    // A participant the roster does not know: "+ ny deltager", with organisation and role.
    t.keys(&["Tab", "Tab"]);
    t.type_text("ny delt");
    t.keys(&["Enter", "Tab"]);
    t.type_text("Anna Berg");
    t.keys(&["Tab"]);
    t.type_text("SSP");
    t.keys(&["Tab"]);
    t.type_text("koordinator");
    t.keys(&["C-s"]);
    let s = t.wait_for_all(&["SKJULT", "Møde 1 ·", "0/"]);
    assert_safe(&s, &dict, &cprs, "the agenda");

    // Six decisions: five case items, then the last item (Eventuelt).
    for i in 1..=5 {
        decide(&t, &format!("Beslutning {i}: skolen inddrages"));
        let s = t.wait_for(&format!(" {i}/"));
        assert_safe(&s, &dict, &cprs, "the agenda after a decision");
    }
    t.keys(&["G"]);
    decide(&t, "Ingen nye tendenser");
    t.wait_for(" 6/");

    // Correct the first decision: its recorded text, a correction on its case.
    t.keys(&["g", "Enter"]);
    let s = t.wait_for_all(&["rettelse", "Beslutning 1: skolen inddrages"]);
    assert_safe(&s, &dict, &cprs, "the correction form");
    t.keys(&["C-u"]);
    t.type_text("Beslutning 1 rettet: skolen og klubben inddrages");
    t.keys(&["C-s"]);
    let s = t.wait_for("Rettelse registreret · Sag #");
    assert_safe(&s, &dict, &cprs, "the agenda after the correction");
    t.keys(&["Down", "Down", "Escape"]);
    t.wait_for("Møder (1)");
    t.keys(&["Escape"]);
    t.wait_for("Arbejdsliste");
    t.keys(&["q"]);
    t.wait_gone();

    // Restarted without --redacted: still redacted (only R turns it off), and the meeting
    // resumes where the chair was.
    t.spawn(None, &format!("--db {}", db.display()), "da");
    let s = t.wait_for_all(&["Arbejdsliste", "SKJULT"]);
    assert_safe(&s, &dict, &cprs, "the work queue after a restart");
    t.keys(&["m"]);
    t.wait_for("Møder (1)");
    t.keys(&["Enter"]);
    let s = t.wait_for_all(&["Møde 1 ·", "6/", "SKJULT"]);
    assert_safe(&s, &dict, &cprs, "the agenda after a restart");
    // The side panel shows the third item's case: the one the chair left the meeting on.
    let third: String = s
        .lines()
        .find_map(|l| l.split("3. #").nth(1))
        .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default();
    assert!(
        !third.is_empty() && s.contains(&format!("Sag #{third} ·")),
        "{s}"
    );
    for _ in 0..6 {
        t.keys(&["Up"]);
        let s = t.screen();
        assert_safe(&s, &dict, &cprs, "an agenda item");
    }
    // Redaction off shows names (so the checks above mean something); on again hides them.
    t.keys(&["R"]);
    let shown = t.wait_for("Fuld visning");
    assert!(
        !infohus::domain::redact::Redactor::new(&dict, &[])
            .leaks(&shown)
            .is_empty(),
        "names should show without redaction:\n{shown}"
    );
    t.keys(&["R"]);
    let s = t.wait_for("SKJULT");
    assert_safe(&s, &dict, &cprs, "the agenda redacted again");
    t.keys(&["Escape"]);
    t.wait_for("Møder (1)");
    t.keys(&["Escape"]);
    t.wait_for("Arbejdsliste");
    t.keys(&["q"]);
    t.wait_gone();

    // The minutes were rewritten after every decision: the correction is in them, no name.
    let minutes = std::fs::read_to_string(dir.path().join("referater/moede-1.md")).unwrap();
    assert!(minutes.contains("§115"));
    assert!(
        minutes.contains("Beslutning 1 rettet: skolen og klubben inddrages"),
        "{minutes}"
    );
    for i in 2..=5 {
        assert!(minutes.contains(&format!("Beslutning {i}: skolen inddrages")));
    }
    assert!(minutes.contains("Ingen nye tendenser"));
    assert!(
        minutes.contains("- Anna Berg, SSP, koordinator"),
        "{minutes}"
    );
    assert_safe(&minutes, &dict, &cprs, "the minutes");
    let printed = |db: &Path| {
        let out = infohus()
            .args(["meeting", "1", "--minutes", "--db"])
            .arg(db)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(printed(&db), minutes);

    // The meeting's record travels: export → import, and backup → restore.
    let json = dir.path().join("export.json");
    let ok = |args: &[&str], db: &Path| {
        let out = infohus().args(args).arg("--db").arg(db).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    ok(&["export", "--json", "-o", json.to_str().unwrap()], &db);
    let imported = tempfile::tempdir().unwrap();
    let other = db_in(imported.path());
    ok(&["import", json.to_str().unwrap()], &other);
    assert_eq!(printed(&other), minutes);
    assert_eq!(
        std::fs::read_to_string(imported.path().join("referater/moede-1.md")).unwrap(),
        minutes
    );
    let backup = dir.path().join("backup");
    ok(&["backup", backup.to_str().unwrap()], &db);
    let restored = tempfile::tempdir().unwrap();
    let third = db_in(restored.path());
    ok(&["restore", backup.to_str().unwrap()], &third);
    assert_eq!(printed(&third), minutes);
    assert_eq!(
        std::fs::read_to_string(restored.path().join("referater/moede-1.md")).unwrap(),
        minutes
    );
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
        a.keys(&["Tab"]);
    }
    a.type_text("Bekymring fra skolen om radikalisering");
    a.wait_for("radikalisering");
    a.keys(&["Tab", "Tab"]);
    a.type_text("skole");
    a.keys(&["Enter", "C-s"]);
    a.wait_for("Oprettet som sag #");
    let now_open = format!("{} open cases", before + 1);
    b.wait_for(&now_open);

    // B opens the same case and starts a note; A adds one first.
    b.keys(&["/"]);
    b.wait_for("Search:");
    // The whole name: the search finds a person by the prior-case matcher too, and the demo
    // may hold a name a letter off ("Vigga").
    b.type_text("viggo testesen");
    b.wait_for_all(&["1 case ", "Viggo Testesen"]);
    // Enter opens the top hit.
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

/// Whether process `pid` still runs (a zombie waiting to be reaped has ended).
fn running(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(s) => {
            let state = s.rsplit(')').next().unwrap_or("").trim_start();
            !(state.starts_with('Z') || state.starts_with('X'))
        }
        Err(_) => false,
    }
}

/// A terminal that goes away in the middle of hostile input: a 50 KB paste, control
/// characters and a resize to 1×1, then the whole tmux server killed. The console must end
/// as a hang-up ends it — within a second, never spinning on a terminal that is gone — on
/// every screen it was on. Each round kills at another moment of the input.
#[test]
fn a_console_whose_terminal_dies_during_hostile_input_is_gone_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let paste_file = dir.path().join("paste.txt");
    let line = "Bekymring om eleven, der deler videoer i klassens chat; ";
    let mut paste = String::new();
    while paste.len() < 50 * 1024 {
        paste.push_str(line);
    }
    std::fs::write(&paste_file, &paste).unwrap();
    // (what to open first, what to do before the kill)
    let rounds: [(&[&str], &str); 6] = [
        (&["n"], "paste"),
        (&["n"], "paste+control"),
        (&["/"], "paste"),
        (&[], "control+resize"),
        (&["n"], "paste+resize"),
        (&[":"], "paste+control+resize"),
    ];
    for (round, (open, what)) in rounds.iter().enumerate() {
        let t = Tmux::start(&db, "en", &format!("hostile{round}"));
        t.wait_for("Work queue");
        t.keys(open);
        std::thread::sleep(Duration::from_millis(200));
        let pid = t.pid();
        if what.contains("paste") {
            t.tmux(&[
                "load-buffer",
                "-b",
                "hostile",
                &paste_file.display().to_string(),
            ]);
            t.tmux(&["paste-buffer", "-p", "-b", "hostile", "-t", &t.session]);
        }
        if what.contains("control") {
            // Every C0 control character, DEL, and a few broken escape sequences.
            let mut hex: Vec<String> = (0u8..0x20)
                .chain([0x7f])
                .map(|b| format!("{b:02x}"))
                .collect();
            hex.extend(["1b", "5b", "1b", "5b", "3f", "1b", "4f", "9b"].map(String::from));
            let mut args = vec!["send-keys", "-t", &t.session, "-H"];
            args.extend(hex.iter().map(String::as_str));
            t.tmux(&args);
        }
        if what.contains("resize") {
            t.tmux(&["resize-window", "-t", &t.session, "-x", "1", "-y", "1"]);
        }
        t.tmux(&["kill-server"]);
        let start = Instant::now();
        while running(&pid) && start.elapsed() < Duration::from_secs(1) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let gone = !running(&pid);
        if !gone {
            // Not left behind for the next test, whatever this one finds.
            let _ = Command::new("kill").args(["-9", &pid]).status();
        }
        assert!(
            gone,
            "round {round} ({what} after {open:?}): the console still ran a second after its \
             terminal was gone"
        );
    }
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
    // Filing needs a description (or a concern type) and a source.
    for _ in 0..9 {
        t.keys(&["Tab"]);
    }
    t.type_text("Skolen ringer om fravær og konflikter");
    t.wait_for("konflikter");
    t.keys(&["Tab", "Tab"]);
    t.type_text("skole");
    t.keys(&["Enter", "C-s"]);
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

/// Counts the keystrokes a scripted call sends: a key is one, a typed text one per character.
struct Counted<'a> {
    t: &'a Tmux,
    /// Every keystroke, typed characters included.
    keys: usize,
    /// Of them, characters of what was said (names, descriptions, times).
    typed: usize,
}

impl<'a> Counted<'a> {
    fn new(t: &'a Tmux) -> Self {
        Counted {
            t,
            keys: 0,
            typed: 0,
        }
    }
    fn keys(&mut self, keys: &[&str]) {
        self.keys += keys.len();
        self.t.keys(keys);
    }
    fn text(&mut self, text: &str) {
        let n = text.chars().count();
        self.keys += n;
        self.typed += n;
        self.t.type_text(text);
    }
}

/// A clock time a few minutes ago, as a coordinator says it ("i går" just after midnight).
fn minutes_ago(n: i64) -> String {
    let now = chrono::Local::now().naive_local();
    let then = now - chrono::Duration::minutes(n);
    if then.date() == now.date() {
        then.format("%H:%M").to_string()
    } else {
        then.format("i går %H:%M").to_string()
    }
}

/// The case number in "Oprettet som sag #N" / "Opkaldet er tilføjet sag #N".
fn case_no(screen: &str, after: &str) -> u64 {
    screen
        .split(after)
        .nth(1)
        .and_then(|s| {
            s.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no \"{after}N\" on the screen:\n{screen}"))
}

/// Four live calls as a coordinator takes them, at 80×24 in Danish, counting keystrokes: a
/// minor given as an age range with no underretning (chased at once in `due --json`), an
/// imminent danger with the police called at a clock time, a follow-up call added to the
/// first case with Ctrl-O (no new case, no draft left), an anonymous report about someone
/// with no name from social media.
#[test]
fn four_live_calls_at_80x24_counting_keystrokes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = infohus::service::Service::open(&db, false, &infohus::user::os_user())
        .unwrap()
        .case_count();
    let t = Tmux::start(&db, "da", "calls");
    t.wait_for("Arbejdsliste");
    let mut counts = Vec::new();

    // 1. A teacher: a boy of "15-16 år", wellbeing, no underretning sent yet.
    let mut c = Counted::new(&t);
    c.keys(&["n"]);
    t.wait_for("Ny henvendelse");
    c.text("Jonas Brandtvig");
    c.keys(&["Tab", "Tab", "Tab"]);
    c.text("15-16 år");
    t.wait_for_all(&["[15–17]", "Under 18"]);
    c.keys(&["Tab", "Tab", "Tab", "Tab", "Tab"]);
    c.keys(&["Down", "Down", "Down", "Down", "Space"]);
    c.keys(&["Tab"]);
    c.text(
        "Klasselæreren ringer: Jonas sover i timerne og er holdt op med at spise i frikvarteret",
    );
    c.keys(&["Tab", "Tab"]);
    c.text("skole");
    c.keys(&["Enter", "C-s"]);
    let s = t.wait_for_all(&["Oprettet som sag #", "underretning ikke sendt"]);
    let first = case_no(&s, "Oprettet som sag #");
    counts.push(("minor, age range, no underretning", c.keys, c.typed));
    let due = infohus()
        .args(["due", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let due = String::from_utf8_lossy(&due.stdout);
    let lines: Vec<serde_json::Value> = serde_json::from_str(&due).unwrap();
    assert!(
        lines.iter().any(|l| l["case"] == first
            && l["waiting_for"] == "underretning_not_sent"
            && l["overdue"] == true),
        "the chase is in due --json: {due}"
    );
    t.keys(&["Escape"]);
    t.wait_for("Arbejdsliste");

    // 2. Imminent danger: threats with a knife; the police were called a few minutes ago.
    let mut c = Counted::new(&t);
    c.keys(&["n"]);
    t.wait_for("Ny henvendelse");
    c.text("Omar Saidi");
    for _ in 0..9 {
        c.keys(&["Tab"]);
    }
    c.text("Truer med kniv uden for skolen");
    c.keys(&["Tab", "Tab"]);
    c.text("politi");
    c.keys(&["Enter", "C-d"]);
    t.wait_for("112");
    c.keys(&["Enter"]);
    c.text("Mette SSP");
    c.keys(&["Tab"]);
    c.text(&minutes_ago(5));
    c.keys(&["C-s"]);
    let s = t.wait_for_all(&["Oprettet som sag #", "Kronologi"]);
    let second = case_no(&s, "Oprettet som sag #");
    counts.push(("imminent danger, clock time", c.keys, c.typed));
    t.keys(&["Escape"]);
    t.wait_for("Arbejdsliste");

    // 3. The teacher calls back about Jonas: added to his case with Ctrl-O.
    let mut c = Counted::new(&t);
    c.keys(&["n"]);
    t.wait_for("Ny henvendelse");
    c.text("Jonas Brandtvig");
    t.wait_for(&format!("#{first} Jonas Brandtvig"));
    c.keys(&["C-n"]);
    for _ in 0..9 {
        c.keys(&["Tab"]);
    }
    c.text("Læreren ringer igen: Jonas var ikke i skole i dag");
    c.keys(&["Tab", "Tab"]);
    c.text("skole");
    c.keys(&["Enter", "C-o"]);
    let s = t.wait_for_all(&["Opkaldet er tilføjet sag #", "Kronologi"]);
    assert_eq!(case_no(&s, "Opkaldet er tilføjet sag #"), first);
    counts.push(("follow-up call, Ctrl-O", c.keys, c.typed));
    t.keys(&["5"]);
    t.wait_for("Jonas var ikke i skole");
    t.keys(&["Escape"]);
    t.wait_for("Arbejdsliste");

    // 4. Someone saw threats on social media; no name, the caller stays anonymous.
    let mut c = Counted::new(&t);
    c.keys(&["n"]);
    t.wait_for("Ny henvendelse");
    for _ in 0..8 {
        c.keys(&["Tab"]);
    }
    c.keys(&["Space", "Tab"]);
    c.text("Opslag på TikTok med trusler mod en skole i Vestbyen");
    c.keys(&["Tab", "Tab"]);
    c.text("sociale");
    c.keys(&["Enter", "Tab", "Space", "C-s"]);
    let s = t.wait_for_all(&["Oprettet som sag #", "(ukendt navn)"]);
    let fourth = case_no(&s, "Oprettet som sag #");
    counts.push(("unknown name, social media, anonymous", c.keys, c.typed));
    t.keys(&["Escape"]);
    t.wait_for("Arbejdsliste");
    t.keys(&["q"]);
    t.wait_gone();

    let svc = infohus::service::Service::open(&db, false, &infohus::user::os_user()).unwrap();
    assert_eq!(
        svc.case_count(),
        before + 3,
        "the follow-up call made no case"
    );
    assert!(svc.drafts().unwrap().is_empty(), "no draft is left");
    let jonas = svc.case(first).unwrap();
    assert_eq!(jonas.state.intake.person.approx_age, Some(15));
    assert_eq!(jonas.state.intake.person.approx_age_to, Some(16));
    assert!(matches!(
        jonas.events.last().map(|e| &e.payload),
        Some(infohus::domain::EventPayload::ContactAdded(i))
            if i.description.contains("ikke i skole")
    ));
    let omar = svc.case(second).unwrap().state.intake;
    let police = omar.police_contact.unwrap();
    assert_eq!(police.by, "Mette SSP");
    assert!(police.at <= chrono::Local::now().naive_local());
    let anon = svc.case(fourth).unwrap().state.intake;
    assert_eq!(anon.person.name, "");
    assert_eq!(anon.reporter, infohus::domain::intake::Reporter::Anonymous);
    assert_eq!(
        anon.source,
        Some(infohus::domain::intake::SourceCategory::SocialMedia)
    );
    for (call, keys, typed) in &counts {
        println!(
            "keystrokes: {call}: {keys} ({typed} typed characters, {} other keys)",
            keys - typed
        );
    }
}

#[test]
fn a_half_typed_joint_review_survives_kill_9_and_is_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let t = Tmux::start(&db, "da", "review");
    t.wait_for("Arbejdsliste");
    t.keys(&[":"]);
    t.type_text("1");
    t.keys(&["Enter"]);
    t.wait_for("1 Oversigt");
    t.keys(&["f"]);
    t.wait_for("§115");
    // The date is filled in; the first participant, then the summary.
    t.keys(&["Tab"]);
    t.type_text("Lars Holm, Østjyllands Politi, tovholder");
    t.keys(&["Tab"]);
    t.type_text("Politiet kender ham fra en sag om trusler mod en lærer");
    t.wait_for_all(&["kladde gemt", "mod en lærer"]);
    let pid = t.pid();
    signal("-9", &pid);
    t.wait_gone();
    drop(t);

    let t = Tmux::start(&db, "da", "review2");
    // Offered first in the work queue, as a §115 draft of case 1; Enter resumes it where
    // typing stopped.
    t.wait_for_all(&["Arbejdsliste", "§115-møde #1", "Politiet kender ham"]);
    t.keys(&["Enter"]);
    t.wait_for_all(&["genoptaget", "Lars Holm"]);
    t.type_text(" i skolen");
    t.wait_for("mod en lærer i skolen");
    t.keys(&["Escape"]);
    t.wait_for("behold kladden");
    t.keys(&["k"]);
    t.wait_for("Arbejdsliste");
    t.keys(&["q"]);
    t.wait_gone();
    let svc = infohus::service::Service::open(&db, false, &infohus::user::os_user()).unwrap();
    let drafts = svc.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(
        drafts[0].kind,
        infohus::domain::draft::FormKind::JointReview
    );
    assert_eq!(drafts[0].case, Some(1));
    assert!(drafts[0].headline().ends_with("mod en lærer i skolen"));
}
