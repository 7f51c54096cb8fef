//! Texts of identity, roles, the audit trail and the idle lock.

use super::{Lang, pick};
use crate::domain::access::{Permission, Role};
use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::dates::format_datetime;
use crate::service::users::UsersError;
use crate::service::{Notice, ServiceError};
use crate::store::{AuditProblem, ProblemKind};

/// Keys of the fixed texts of this part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum A {
    Locked,
    UnlockHint,
    ViewerOnly,
    LastViewed,
    NeverViewedByOthers,
    AuditIntact,
    LastLink,
    NoEntries,
    UsersTitle,
    StatisticsTitle,
}

impl A {
    pub fn get(self, lang: Lang) -> &'static str {
        match self {
            A::Locked => pick(lang, "Låst — tryk en tast", "Locked — press a key"),
            A::UnlockHint => pick(
                lang,
                "Enter låser op · Esc lader skærmen være låst",
                "Enter unlocks · Esc keeps the screen locked",
            ),
            A::ViewerOnly => pick(
                lang,
                "Din rolle giver kun adgang til anonym statistik. Brug infohus stats på kommandolinjen.",
                "Your role gives access to anonymous statistics only. Use infohus stats on the command line.",
            ),
            A::LastViewed => pick(lang, "Sidst set af", "Last viewed by"),
            A::NeverViewedByOthers => pick(lang, "ingen andre endnu", "nobody else yet"),
            A::AuditIntact => pick(lang, "Loggen er intakt", "The log is intact"),
            A::LastLink => pick(lang, "sidste kædeled", "last link"),
            A::NoEntries => pick(lang, "Ingen logposter.", "No audit entries."),
            A::UsersTitle => pick(lang, "Konti og roller", "Accounts and roles"),
            A::StatisticsTitle => pick(lang, "Statistik", "Statistics"),
        }
    }
}

/// "Lås op som NAME? Enter"
pub fn unlock_as(lang: Lang, user: &str) -> String {
    match lang {
        Lang::Da => format!("Lås op som {user}? Enter"),
        Lang::En => format!("Unlock as {user}? Enter"),
    }
}

pub fn notice(lang: Lang, n: &Notice) -> String {
    match (n, lang) {
        (Notice::FirstAdmin { account }, Lang::Da) => format!(
            "Første start: {account} er gjort til admin og koordinator i users.toml; tilføj de andre med infohus users add."
        ),
        (Notice::FirstAdmin { account }, Lang::En) => format!(
            "First start: {account} was made admin and coordinator in users.toml; add the others with infohus users add."
        ),
    }
}

pub fn role(lang: Lang, r: Role) -> &'static str {
    match r {
        Role::Coordinator => pick(lang, "koordinator", "coordinator"),
        Role::Member => pick(lang, "medlem", "member"),
        Role::Viewer => pick(lang, "læser (statistik)", "viewer (statistics)"),
        Role::Admin => pick(lang, "admin", "admin"),
    }
}

fn permission(lang: Lang, p: Permission) -> &'static str {
    match p {
        Permission::Statistics => pick(lang, "statistik", "statistics"),
        Permission::Cases => pick(lang, "sager", "cases"),
        Permission::Oversight => pick(
            lang,
            "overblik (log, fuld eksport, import, reparation)",
            "oversight (audit log, full export, import, repair)",
        ),
        Permission::Users => pick(lang, "brugeradministration", "user administration"),
    }
}

/// The sentence for the errors of this part; `None` for the others.
pub fn service_error(lang: Lang, e: &ServiceError) -> Option<String> {
    Some(match e {
        ServiceError::UnknownAccount(user) => match lang {
            Lang::Da => format!(
                "Kontoen {user} har ikke adgang til infohus. Bed en administrator om at tilføje den (infohus users add {user} member)."
            ),
            Lang::En => format!(
                "The account {user} may not use infohus. Ask an administrator to add it (infohus users add {user} member)."
            ),
        },
        ServiceError::Denied(p) => match lang {
            Lang::Da => format!("Din rolle giver ikke adgang til {}.", permission(lang, *p)),
            Lang::En => format!(
                "Your role does not give access to {}.",
                permission(lang, *p)
            ),
        },
        ServiceError::Users(e) => users_error(lang, e),
        _ => return None,
    })
}

fn users_error(lang: Lang, e: &UsersError) -> String {
    if lang == Lang::En {
        return crate::domain::text::capitalise(&e.to_string()) + ".";
    }
    match e {
        UsersError::Read { path, source } => {
            format!("{} kan ikke læses: {source}.", path.display())
        }
        UsersError::Invalid { path, message } => format!("{}: {message}.", path.display()),
        UsersError::Write { path, source } => {
            format!("{} kan ikke skrives: {source}.", path.display())
        }
        UsersError::UnknownRole(r) => {
            format!("Ukendt rolle \"{r}\"; brug coordinator, member, viewer eller admin.")
        }
        UsersError::BadAccount(a) => format!("\"{a}\" er ikke et gyldigt kontonavn."),
        UsersError::NoRoles => "Angiv mindst én rolle.".into(),
        UsersError::NoSuchAccount(a) => format!("Kontoen {a} står ikke i users.toml."),
        UsersError::AccountExists(a) => {
            format!("Kontoen {a} står allerede i users.toml; brug infohus users set.")
        }
        UsersError::LastAdmin => "Den sidste administrator kan ikke fjernes.".into(),
    }
}

/// One line of `infohus audit`: number, time, user, what, case. No case content.
pub fn entry_line(lang: Lang, no: u64, e: &AuditEntry) -> String {
    format!(
        "{no:>6}  {}  {:<12}  {}",
        format_datetime(e.at),
        e.user,
        action(lang, &e.action)
    )
}

pub fn action(lang: Lang, a: &AuditAction) -> String {
    let (da, en) = match a {
        AuditAction::CprRevealed { case } => (
            format!("CPR vist, sag {case}"),
            format!("CPR revealed, case {case}"),
        ),
        AuditAction::CaseViewed { case } => {
            (format!("sag {case} åbnet"), format!("case {case} opened"))
        }
        AuditAction::Exported => ("fuld eksport".into(), "full export".into()),
        AuditAction::Imported { cases } => (
            format!("import af {cases} sager"),
            format!("import of {cases} cases"),
        ),
        AuditAction::Repaired => ("database repareret".into(), "database repaired".into()),
        AuditAction::LogTakenIn {
            entries,
            verified: true,
        } => (
            format!("{entries} logposter fra sikkerhedskopien taget ind, kæden verificeret"),
            format!("{entries} audit entries taken in from the backup, their chain verified"),
        ),
        AuditAction::LogTakenIn {
            entries,
            verified: false,
        } => (
            format!(
                "{entries} logposter fra en ældre eksport taget ind som poster i denne database (kunne ikke verificeres)"
            ),
            format!(
                "{entries} audit entries from an older export taken in as entries of this database (could not be verified)"
            ),
        ),
        AuditAction::Purged { case } => (
            format!("sag {case} slettet (opbevaringsfrist), gravsten bevaret"),
            format!("case {case} deleted (retention), tombstone kept"),
        ),
        AuditAction::Searched { query } => (
            format!("søgning: \"{query}\""),
            format!("search: \"{query}\""),
        ),
        AuditAction::Changed {
            case,
            first_event,
            events,
        } => {
            let last = first_event + events.saturating_sub(1);
            (
                format!("sag {case} ændret (hændelse {first_event}–{last})"),
                format!("case {case} changed (events {first_event}–{last})"),
            )
        }
        AuditAction::AccessRequest { case } => (
            format!("udkast til svar på indsigtsanmodning, sag {case}"),
            format!("draft answer to an access request, case {case}"),
        ),
        AuditAction::Summary { case } => (
            format!("sagsresumé, sag {case}"),
            format!("case summary, case {case}"),
        ),
        AuditAction::Minutes { meeting } => (
            format!("referat, møde {meeting}"),
            format!("minutes, meeting {meeting}"),
        ),
        AuditAction::Login => ("logget ind".into(), "logged in".into()),
        AuditAction::LoginRefused => ("adgang nægtet".into(), "login refused".into()),
        AuditAction::UsersChanged { account, roles } if roles.is_empty() => (
            format!("konto {account} fjernet"),
            format!("account {account} removed"),
        ),
        AuditAction::UsersChanged { account, roles } => {
            let names: Vec<&str> = roles.iter().map(|r| r.name()).collect();
            (
                format!("konto {account}: {}", names.join(", ")),
                format!("account {account}: {}", names.join(", ")),
            )
        }
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// What a broken entry is, as the sentences about a broken chain say it.
fn broken(lang: Lang, kind: ProblemKind) -> &'static str {
    match (lang, kind) {
        (Lang::Da, ProblemKind::Unreadable) => "kan ikke læses",
        (Lang::Da, ProblemKind::Altered) => "er blevet ændret",
        (Lang::Da, ProblemKind::OutOfPlace) => "mangler eller er flyttet",
        (Lang::Da, ProblemKind::Unchained) => "er indsat uden for kæden",
        (Lang::Da, ProblemKind::Missing) => "og de følgende mangler",
        (Lang::En, ProblemKind::Unreadable) => "cannot be read",
        (Lang::En, ProblemKind::Altered) => "has been altered",
        (Lang::En, ProblemKind::OutOfPlace) => "is missing or has been moved",
        (Lang::En, ProblemKind::Unchained) => "was inserted outside the chain",
        (Lang::En, ProblemKind::Missing) => "and those after it are missing",
    }
}

fn problem_at(p: &AuditProblem) -> String {
    p.at.map(|t| format!(" ({})", format_datetime(t)))
        .unwrap_or_default()
}

/// The sentence `infohus audit verify` ends with when the chain is broken.
pub fn problem(lang: Lang, p: &AuditProblem) -> String {
    let (no, at, what) = (p.no, problem_at(p), broken(lang, p.kind));
    match lang {
        Lang::Da => format!("Logpost {no}{at} {what}: loggen er ikke intakt."),
        Lang::En => format!("Audit entry {no}{at} {what}: the log is not intact."),
    }
}

/// One sentence for an import that was refused; nothing was imported.
pub fn import_error(lang: Lang, e: &crate::service::ImportError) -> String {
    use crate::service::ImportError as E;
    match (lang, e) {
        (_, E::Service(e)) => super::service_error(lang, e),
        (_, E::TooLong { no, too_long }) => super::too_long_sentence(lang, Some(*no), too_long),
        (_, E::AuditBroken(p)) => {
            let (no, at, what) = (p.no, problem_at(p), broken(lang, p.kind));
            match lang {
                Lang::Da => format!(
                    "Logpost {no}{at} i filen {what}, så loggen er ikke intakt; intet er importeret."
                ),
                Lang::En => format!(
                    "Audit entry {no}{at} in the file {what}, so the log is not intact; nothing was imported."
                ),
            }
        }
        (Lang::Da, E::NotEmpty) => "Databasen indeholder allerede sager, kladder eller logposter; importér kun til en ny database.".into(),
        (Lang::Da, E::WrongFormat) => "Filen er ikke en infohus-eksport.".into(),
        (Lang::Da, E::UnknownVersion(v)) => {
            format!("Eksporten har formatversion {v}, som dette program ikke kender.")
        }
        (Lang::Da, E::Duplicate(no)) => format!("Sag {no} findes to gange i filen."),
        (Lang::Da, E::BadHistory { no, reason }) => {
            format!("Sag {no} i filen hænger ikke sammen: {reason}.")
        }
        (Lang::Da, E::DuplicateMeeting(n)) => {
            format!("Møde {n} findes to gange i filen; intet er importeret.")
        }
        (Lang::Da, E::BadMinutesName(n)) => {
            format!("Referatfilens navn {n:?} er ikke et almindeligt filnavn; intet er importeret.")
        }
        (Lang::En, e) => {
            let text = e.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(c) => format!("{}{}.", c.to_uppercase(), chars.as_str()),
                None => text,
            }
        }
    }
}

/// What an import says about the backup's audit log, when there is something to say: an
/// older export's log could not be verified.
pub fn log_taken_in(lang: Lang, log: &crate::service::LogTakenIn) -> Option<String> {
    match log {
        crate::service::LogTakenIn::Verified { .. } => None,
        crate::service::LogTakenIn::Unverified { entries } => Some(match lang {
            Lang::Da => format!(
                "Filens audit-log kunne ikke verificeres (en eksport fra før logpostens gemte bytes kom med): dens {entries} poster er taget ind som poster i denne database."
            ),
            Lang::En => format!(
                "The file's audit log could not be verified (an export from before the stored records were carried): its {entries} entries are taken in as entries of this database."
            ),
        }),
    }
}

/// "Last viewed by anna, 23-11-2026 10:30" for the case header.
pub fn last_viewed(lang: Lang, v: Option<&crate::domain::audit::Viewer>) -> String {
    match v {
        Some(v) => format!(
            "{} {}, {}",
            A::LastViewed.get(lang),
            v.user,
            format_datetime(v.at)
        ),
        None => format!(
            "{}: {}",
            A::LastViewed.get(lang),
            A::NeverViewedByOthers.get(lang)
        ),
    }
}

/// An administrator changed the account's roles while its console was open.
pub fn roles_changed(lang: Lang, roles: &[Role], lost: bool) -> String {
    let names: Vec<&str> = roles.iter().map(|r| r.name()).collect();
    let names = names.join(", ");
    match (lang, lost) {
        (Lang::Da, true) => format!(
            "En administrator har ændret dine roller til {names}; konsollen er startet forfra med det, de giver adgang til."
        ),
        (Lang::En, true) => format!(
            "An administrator changed your roles to {names}; the console starts over with what they allow."
        ),
        (Lang::Da, false) => format!("En administrator har ændret dine roller til {names}."),
        (Lang::En, false) => format!("An administrator changed your roles to {names}."),
    }
}

/// All a removed account's console shows.
pub fn account_removed(lang: Lang, user: &str) -> String {
    match lang {
        Lang::Da => format!(
            "Kontoen {user} er fjernet fra infohus af en administrator, så konsollen viser intet mere; tryk en tast for at lukke."
        ),
        Lang::En => format!(
            "The account {user} has been removed from infohus by an administrator, so the console shows nothing more; press any key to close."
        ),
    }
}
