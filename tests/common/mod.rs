//! Shared test helpers: a pinned clock and ready-made intakes.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use infohus::domain::draft::Draft;
use infohus::domain::draft::FormKind;
use infohus::domain::intake::{ConcernType, IntakeForm, SourceCategory};
use infohus::service::{Filed, Service};

pub fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
}

pub fn db_in(dir: &Path) -> PathBuf {
    dir.join("infohus.db")
}

/// Imports `doc` into a new database in `dir`, as mette (with the pinned clock after).
pub fn import_into(
    dir: &Path,
    doc: infohus::service::ExportDoc,
) -> Result<(Service, infohus::service::Imported), infohus::service::ImportError> {
    let (mut svc, done) = Service::import_new(&db_in(dir), "mette", doc, |_| {})?;
    svc.set_now(now());
    Ok((svc, done))
}

pub fn service(dir: &Path) -> Service {
    let mut s = Service::open(&db_in(dir), true, "mette").unwrap();
    s.set_now(now());
    s
}

/// A service as the account running the tests: the one `infohus` subprocesses run as, so a
/// database made here is theirs too (the first account to open a database becomes its admin).
pub fn os_service(dir: &Path) -> Service {
    let mut s = Service::open(&db_in(dir), true, &infohus::user::os_user()).unwrap();
    s.set_now(now());
    s
}

/// Files an intake with the given person and description (a school called about extremism);
/// returns the case number.
pub fn file(svc: &mut Service, name: &str, cpr: &str, description: &str) -> u64 {
    let mut d: Draft = svc.new_draft(FormKind::Intake, None).unwrap();
    d.edit_intake(|f| {
        f.person_name = name.into();
        f.cpr = cpr.into();
        f.description = description.into();
        f.concerns = vec![ConcernType::Extremism];
        f.source = Some(SourceCategory::PrimarySchool);
    });
    d = svc.save_draft(&d).unwrap();
    match svc.file(&d).unwrap() {
        Filed::New(s) => s.no,
        _ => panic!("expected a new case"),
    }
}

/// An intake of `name` with what filing needs besides (a description and a source).
pub fn form(name: &str) -> IntakeForm {
    let mut f = IntakeForm::new(now());
    f.person_name = name.into();
    f.description = "Lærer ringer om en elev".into();
    f.source = Some(SourceCategory::PrimarySchool);
    f
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_infohus")
}

/// The infohus program, with the server it starts exiting as soon as its last client has
/// gone, so that a test can open the database in-process right after a command.
#[allow(dead_code)]
pub fn infohus() -> std::process::Command {
    let mut c = std::process::Command::new(bin());
    c.env("INFOHUS_SERVE_IDLE", "0");
    c
}

/// One step of a keyboard script, so the same flow can be driven through the TestBackend and
/// through tmux.
#[derive(Debug, Clone, Copy)]
pub enum K {
    Text(&'static str),
    Char(char),
    Tab,
    Enter,
    Esc,
    Save,
}

use K::{Enter, Save, Tab, Text};

fn tabs(n: usize) -> Vec<K> {
    vec![Tab; n]
}

/// Carries a case that was just filed (the case screen is showing) through every stage to
/// closed, with the keyboard only: screening, §115 review, an info request, a conversation,
/// an assessment, on to measures, a measure, a disclosure, the request answered, closed.
pub fn flow_script() -> Vec<Vec<K>> {
    vec![
        // Screening (approach 1, the concern stands).
        vec![
            K::Char('s'),
            Tab,
            Text("intern"),
            Enter,
            Tab,
            Text("Mette (SSP)"),
            Tab,
            Text("står"),
            Enter,
            Tab,
            Text("To uafhængige henvendelser."),
            Save,
        ],
        // Joint review with the police; continue to enrichment.
        vec![
            K::Char('f'),
            Tab,
            Text("Lars Holm, Østjyllands Politi, tovholder"),
            Tab,
            Tab,
            Text("Oplysninger udvekslet efter §115."),
            Tab,
            Text("Kendt af politiet for trusler"),
            Tab,
            Text("lokal"),
            Enter,
            Tab,
            Tab,
            Text("Bekymringssamtale"),
            Tab,
            Text("Politiet"),
            Tab,
            Tab,
            Text("videre"),
            Enter,
            Save,
        ],
        // An information request to the school.
        vec![
            K::Char('i'),
            Text("skole"),
            Enter,
            Tab,
            Tab,
            Text("Fravær det seneste halve år?"),
            Save,
        ],
        // A conversation held by SSP with the family.
        vec![
            K::Char('b'),
            Tab,
            Tab,
            Text("ssp"),
            Enter,
            Tab,
            Text("famil"),
            Enter,
            Save,
        ],
        // The assessment: step 1, every dimension left as "unknown", overall moderate.
        [
            vec![K::Char('v'), Tab, Text("Deler ekstremt materiale.")],
            tabs(28),
            vec![Text("moderat"), Enter, Tab, Text("Mentor"), Save],
        ]
        .concat(),
        // On to measures, and a mentor.
        vec![K::Char('>')],
        [
            vec![K::Char('m'), Text("Mentor")],
            tabs(5),
            vec![Text("Stabil skolegang"), Tab, Text("opbyg"), Enter, Save],
        ]
        .concat(),
        // A disclosure with its legal basis.
        vec![
            K::Char('u'),
            Tab,
            Text("Jobcenter Syd"),
            Tab,
            Text("Fravær fra skolen"),
            Tab,
            Text("samtykke"),
            Enter,
            Save,
        ],
        // The request answered, from the enrichment tab.
        vec![
            K::Char('3'),
            Enter,
            Text("besvar"),
            Enter,
            Tab,
            Text("30 % fravær"),
            Save,
        ],
        // Closed: the running measure is waived with a reason.
        vec![
            K::Char('c'),
            Tab,
            Tab,
            Text("Mentorforløbet fortsætter i skolens regi."),
            Tab,
            Text("Overdraget til skolen"),
            Save,
        ],
    ]
}

/// `infohus serve` in the foreground on a socket of its own, killed when dropped.
pub struct Server {
    child: std::process::Child,
    pub socket: PathBuf,
    log: PathBuf,
}

impl Server {
    /// Serves the database in `dir` (made first, with this account as its admin).
    pub fn start(dir: &Path) -> Server {
        let db = db_in(dir);
        if !db.exists() {
            drop(infohus::service::Service::open(&db, true, &infohus::user::os_user()).unwrap());
        }
        let socket = dir.join("test.sock");
        let log = dir.join("serve.log");
        let child = std::process::Command::new(bin())
            .arg("--db")
            .arg(&db)
            .arg("--socket")
            .arg(&socket)
            .args(["--lang", "en", "serve"])
            .env_remove("INFOHUS_SOCKET")
            .env_remove("INFOHUS_DB")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let mut server = Server { child, socket, log };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::os::unix::net::UnixStream::connect(&server.socket).is_err() {
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("infohus serve exited ({status}): {}", server.log_text());
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{}",
                server.log_text()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        server
    }

    pub fn api(&self) -> infohus::api::Api {
        connect(&self.socket)
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client of the server at `socket`, as the console on the shared host connects.
pub fn connect(socket: &Path) -> infohus::api::Api {
    infohus::api::Api::connect(infohus::rpc::client::Target::Shared {
        socket: socket.to_path_buf(),
    })
    .unwrap()
}

/// Takes a case in the measures stage (its first measure started) twice round the forløbshjul
/// with `w`: round 1 analysed, planned, evaluated ("helped partly") and decided with
/// leadership (intensify the cooperation with the parents); round 2 the same with a measure of
/// its own, decided "continue" — which opens round 3. The choices are picked by typing part of
/// their name, in the console's language.
pub fn wheel_script(lang: infohus::i18n::Lang) -> Vec<Vec<K>> {
    let en = lang == infohus::i18n::Lang::En;
    let say = |da: &'static str, english: &'static str| if en { english } else { da };
    let round =
        |analysis: &'static str, goals: &'static str, effect: &'static str, next: &'static str| {
            vec![
                vec![K::Char('w'), Tab, Text(analysis), Save],
                vec![
                    K::Char('w'),
                    Tab,
                    Text(goals),
                    Tab,
                    Text("Mentor ugentligt; skolen ringer ved fravær"),
                    Save,
                ],
                vec![
                    K::Char('w'),
                    Tab,
                    Text(effect),
                    Enter,
                    Tab,
                    Text("Fremmødet er steget, men ikke nok."),
                    Save,
                ],
                vec![
                    K::Char('w'),
                    Tab,
                    Text(next),
                    Enter,
                    Tab,
                    Text("Hanne (skoleleder)"),
                    Save,
                ],
            ]
        };
    let mut out = round(
        "Fravær og konflikter i klassen; forældrene vil gerne samarbejde.",
        "Fremmøde over 90 %",
        say("delvist", "partly"),
        say("forældre", "parents"),
    );
    let second = round(
        "Bedre fremmøde; stadig konflikter i frikvartererne.",
        "Ingen konflikter i to uger",
        say("hjalp ikke", "did not"),
        say("fortsæt", "continue"),
    );
    // Round 2 tries a measure of its own before it is evaluated.
    out.extend(second[..2].iter().cloned());
    out.push(
        [
            vec![K::Char('m'), Text("Kontaktperson")],
            tabs(5),
            vec![
                Text("Færre konflikter"),
                Tab,
                Text(say("forebyg", "preventive")),
                Enter,
                Save,
            ],
        ]
        .concat(),
    );
    out.extend(second[2..].iter().cloned());
    out
}

/// What `infohus __write-loop` acknowledged, by case: `ACK <case> <text>`, and with `--flow`
/// `NOTE <case>`, `CLOSED <case>`, `PURGED <case>` (the crash and power-cut harnesses).
#[derive(Default)]
pub struct Acked {
    pub filed: std::collections::BTreeMap<u64, String>,
    pub noted: std::collections::BTreeSet<u64>,
    pub closed: std::collections::BTreeSet<u64>,
    pub purged: std::collections::BTreeSet<u64>,
}

impl Acked {
    /// Takes one line of the writer's output (anything else is ignored).
    pub fn take(&mut self, line: &str) {
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
}
