//! Texts about the server and the connection to it, and about a colleague's change.

use super::Lang;
use crate::service::ServerError;

pub fn server_error(lang: Lang, e: &ServerError) -> String {
    match (lang, e) {
        (Lang::Da, ServerError::NotRunning(s)) => format!(
            "infohus-serveren svarer ikke på {}. Bed en administrator om at starte den (systemctl start infohus).",
            s.display()
        ),
        (Lang::En, ServerError::NotRunning(s)) => format!(
            "The infohus server does not answer at {}. Ask an administrator to start it (systemctl start infohus).",
            s.display()
        ),
        // The server's own sentence says it all (it was started in the user's language).
        (_, ServerError::CannotStart(why)) => why.clone(),
        (Lang::Da, ServerError::Lost) => {
            "Forbindelsen til infohus-serveren blev afbrudt. Det du har skrevet er bevaret; infohus forbinder igen, og du kan gemme igen om lidt.".into()
        }
        (Lang::En, ServerError::Lost) => {
            "The connection to the infohus server was lost. What you typed is kept; infohus reconnects, and you can save again in a moment.".into()
        }
        (Lang::Da, ServerError::ForeignOwner(p)) => format!(
            "{} tilhører en anden konto; infohus bruger den ikke.",
            p.display()
        ),
        (Lang::En, ServerError::ForeignOwner(p)) => format!(
            "{} belongs to another account; infohus will not use it.",
            p.display()
        ),
        (Lang::Da, ServerError::Unsafe(p)) => format!(
            "{} kan ændres af andre konti; infohus bruger den ikke (kør: chmod go-w {}).",
            p.display(),
            p.display()
        ),
        (Lang::En, ServerError::Unsafe(p)) => format!(
            "{} can be changed by other accounts; infohus will not use it (run: chmod go-w {}).",
            p.display(),
            p.display()
        ),
        (Lang::Da, ServerError::Version(v)) => format!(
            "Den kørende infohus-server er en anden version ({v}). Den stopper af sig selv et minut efter sidste bruger; prøv igen derefter."
        ),
        (Lang::En, ServerError::Version(v)) => format!(
            "The running infohus server is another version ({v}). It stops by itself a minute after the last user leaves; try again then."
        ),
        (Lang::Da, ServerError::PathTooLong(p)) => format!(
            "Stien {} er for lang til en Unix-socket; læg databasen i en kortere sti.",
            p.display()
        ),
        (Lang::En, ServerError::PathTooLong(p)) => format!(
            "The path {} is too long for a Unix socket; put the database in a shorter path.",
            p.display()
        ),
        (Lang::Da, ServerError::NoAccess(s)) => format!(
            "Du har ikke adgang til infohus-serveren ({}); bed en administrator om at føje din konto til gruppen, der må bruge den.",
            s.display()
        ),
        (Lang::En, ServerError::NoAccess(s)) => format!(
            "You have no access to the infohus server ({}); ask an administrator to add your account to the group that may use it.",
            s.display()
        ),
        (Lang::Da, ServerError::InUse(s)) => format!(
            "En anden infohus-server svarer allerede på {}; stop den først (systemctl stop infohus), eller brug en anden --socket.",
            s.display()
        ),
        (Lang::En, ServerError::InUse(s)) => format!(
            "Another infohus server already answers at {}; stop it first (systemctl stop infohus), or use another --socket.",
            s.display()
        ),
        (
            Lang::Da,
            ServerError::OtherBuild {
                server, client, ..
            },
        ) => format!(
            "infohus-serveren er en anden udgave end dette program (serveren {} protokol {}, programmet {} protokol {}); luk de andre infohus-vinduer på databasen, eller bed på en fælles server administratoren genstarte den (systemctl restart infohus).",
            server.version, server.fingerprint, client.version, client.fingerprint
        ),
        (
            Lang::En,
            ServerError::OtherBuild {
                server, client, ..
            },
        ) => format!(
            "The infohus server is another build than this program (server {} protocol {}, this program {} protocol {}); close the other infohus windows on this database, or on a shared host ask an administrator to restart the server (systemctl restart infohus).",
            server.version, server.fingerprint, client.version, client.fingerprint
        ),
        (Lang::Da, ServerError::OtherDatabase { served, wanted }) => format!(
            "infohus-serveren her bruger databasen {}, ikke {}; intet er læst eller ændret.",
            served.display(),
            wanted.display()
        ),
        (Lang::En, ServerError::OtherDatabase { served, wanted }) => format!(
            "The infohus server here serves the database {}, not {}; nothing was read or changed.",
            served.display(),
            wanted.display()
        ),
        (Lang::Da, ServerError::Io(m)) => format!("infohus-serveren kan ikke bruges: {m}."),
        (Lang::En, ServerError::Io(m)) => format!("The infohus server cannot be used: {m}."),
    }
}

pub fn server_running(lang: Lang, dir: &std::path::Path) -> String {
    match lang {
        Lang::Da => format!(
            "En infohus-server bruger databasen i {} lige nu. Luk alle infohus-vinduer; serveren stopper af sig selv et minut efter, og prøv så igen.",
            dir.display()
        ),
        Lang::En => format!(
            "An infohus server is using the database in {} right now. Close every infohus window; the server stops by itself a minute later. Then try again.",
            dir.display()
        ),
    }
}

pub fn offline_on_shared_host(lang: Lang) -> String {
    match lang {
        Lang::Da => "På den fælles server gøres dette af administratoren som tjenestekontoen, med serveren stoppet: systemctl stop infohus; sudo -u infohus infohus --db /var/lib/infohus/infohus.db ...".into(),
        Lang::En => "On the shared host an administrator does this as the service account, with the server stopped: systemctl stop infohus; sudo -u infohus infohus --db /var/lib/infohus/infohus.db ...".into(),
    }
}

pub fn reconnected(lang: Lang) -> &'static str {
    match lang {
        Lang::Da => "Forbundet til infohus-serveren igen.",
        Lang::En => "Connected to the infohus server again.",
    }
}

/// How a long open of the database goes: a migration to the current format, or the view
/// rebuilt from the journal.
pub fn opening_progress(lang: Lang, what: &str, done: u64, of: u64) -> String {
    let pct = done.saturating_mul(100).checked_div(of).unwrap_or(100);
    match (lang, what) {
        (Lang::Da, "migrate") => {
            format!("databasen flyttes til det nye format: {done} af {of} sager")
        }
        (Lang::En, "migrate") => {
            format!("moving the database to the new format: {done} of {of} cases")
        }
        (Lang::Da, "view") => format!("oversigten genopbygges fra journalen: {pct} %"),
        (Lang::En, "view") => format!("rebuilding the view from the journal: {pct}%"),
        (Lang::Da, "journal") => format!("journalen kontrolleres: segment {done} af {of}"),
        (Lang::En, "journal") => format!("checking the journal: segment {done} of {of}"),
        (Lang::Da, other) => format!("{other}: {done} af {of}"),
        (Lang::En, other) => format!("{other}: {done} of {of}"),
    }
}
