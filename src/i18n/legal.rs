//! Texts of the legal deadlines (underretning, §137, turning 18), the access-request draft and
//! backup/restore.

use super::{Lang, pick};
use crate::domain::EventPayload;
use crate::domain::dates::{format_date, format_datetime};
use crate::domain::legal::{HandOverDecision, LegalDue, LegalError, LegalKind, SupportStarted};

macro_rules! labels {
    ($fn:ident, $ty:ty { $($v:ident => $da:expr, $en:expr;)* }) => {
        pub fn $fn(lang: Lang, v: $ty) -> &'static str {
            match v { $(<$ty>::$v => pick(lang, $da, $en)),* }
        }
    };
}

labels!(kind, LegalKind {
    Urgency => "Hastevurdering af underretning (24 timer)", "Urgency assessment of notification (24 hours)";
    Receipt => "Kvittering for underretning (6 hverdage)", "Receipt of notification (6 working days)";
    Feedback => "Tilbagemelding om støtte (§137)", "Feedback on support (§137)";
    AdultHandOver => "Fylder 18: overdragelse til voksenområdet/jobcenter", "Turns 18: hand-over to adult services/jobcentre";
    NotSent => "Underretning ikke sendt (under 18, Barnets lov §133)", "Underretning not sent (under 18, Barnets lov §133)";
});

labels!(short, LegalKind {
    Urgency => "Hastevurdering", "Urgency assessment";
    Receipt => "Kvittering", "Receipt";
    Feedback => "§137-tilbagemelding", "§137 feedback";
    AdultHandOver => "Fylder 18", "Turns 18";
    NotSent => "underretning ikke sendt", "underretning not sent";
});

labels!(support, SupportStarted {
    Yes => "Ja, støtte/undersøgelse iværksat", "Yes, support/investigation started";
    No => "Nej", "No";
    Unknown => "Ikke oplyst", "Not stated";
});

labels!(decision, HandOverDecision {
    HandedOver => "Overdraget til voksenområdet/jobcenter", "Handed over to adult services/jobcentre";
    Kept => "Beholdes i teamet", "Kept by the team";
});

/// The key that records an item, as shown next to it.
pub fn key(kind: LegalKind) -> char {
    match kind {
        LegalKind::Urgency => 'h',
        LegalKind::Receipt => 'K',
        LegalKind::Feedback => 't',
        LegalKind::AdultHandOver => 'V',
        LegalKind::NotSent => 'U',
    }
}

/// "senest 01-12-2026" / "overskredet 01-12-2026" (with the time for the 24-hour item).
pub fn due(lang: Lang, d: &LegalDue) -> String {
    let when = if d.kind.is_dated() {
        format_date(d.due.date())
    } else {
        format_datetime(d.due)
    };
    let word = match (d.overdue, d.kind) {
        (true, LegalKind::AdultHandOver) => pick(lang, "fyldte 18", "turned 18"),
        (false, LegalKind::AdultHandOver) => pick(lang, "fylder 18", "turns 18"),
        (_, LegalKind::NotSent) => pick(lang, "siden", "since"),
        (true, _) => pick(lang, "overskredet", "overdue since"),
        (false, _) => pick(lang, "senest", "due"),
    };
    format!("{word} {when}")
}

/// One line for a due item: "Kvittering senest 01-12-2026 (K)"; the 18th birthday is its
/// own word ("Fylder 18 01-12-2026 (V)"), not the label and the word again.
pub fn line(lang: Lang, d: &LegalDue) -> String {
    let due = due(lang, d);
    let text = match d.kind {
        LegalKind::AdultHandOver => {
            let mut c = due.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
        _ => format!("{} {due}", short(lang, d.kind)),
    };
    format!("{text} ({})", key(d.kind))
}

pub fn error(lang: Lang, e: &LegalError) -> String {
    match e {
        LegalError::NoUnderretning => pick(
            lang,
            "Der er ikke registreret en underretning på sagen (ret henvendelsen med e).",
            "No notification is recorded on the case (edit the intake with e).",
        ),
        LegalError::BeforeUnderretning => pick(
            lang,
            "Datoen ligger før underretningen blev sendt.",
            "The date is before the notification was sent.",
        ),
        LegalError::InFuture => pick(
            lang,
            "Datoen ligger i fremtiden.",
            "The date is in the future.",
        ),
        LegalError::NotAMinor => pick(
            lang,
            "Borgeren var ikke kendt som under 18 ved henvendelsen; der er intet at overdrage.",
            "The person was not known to be under 18 when the concern came in; there is nothing to hand over.",
        ),
        LegalError::DetailRequired => pick(
            lang,
            "Skriv hvem sagen er overdraget til, eller hvorfor teamet beholder den.",
            "Say to whom the case was handed over, or why the team keeps it.",
        ),
        LegalError::RecipientRequired => pick(
            lang,
            "Skriv hvem underretningen blev sendt til.",
            "Say to whom the underretning was sent.",
        ),
        LegalError::ReasonRequired => pick(
            lang,
            "Skriv hvorfor der ikke underrettes.",
            "Say why no underretning is sent.",
        ),
        LegalError::AlreadyNotified => pick(
            lang,
            "Sagen har allerede en underretning.",
            "The case already has an underretning.",
        ),
    }
    .to_string()
}

/// The chronology line of a legal event, or `None` for other events.
pub fn event(lang: Lang, p: &EventPayload) -> Option<String> {
    let with_note = |mut s: String, note: &str| {
        if !note.is_empty() {
            s.push_str(&format!(" – {note}"));
        }
        s
    };
    Some(match p {
        EventPayload::UrgencyConfirmed(c) => with_note(
            format!(
                "{} {}",
                pick(
                    lang,
                    "Hastevurdering af underretningen bekræftet",
                    "Urgency assessment of the notification confirmed"
                ),
                format_date(c.date)
            ),
            &c.note,
        ),
        EventPayload::ReceiptConfirmed(c) => with_note(
            format!(
                "{} {}",
                pick(
                    lang,
                    "Kvittering for underretningen modtaget",
                    "Receipt of the notification confirmed"
                ),
                format_date(c.date)
            ),
            &c.note,
        ),
        EventPayload::FeedbackReceived(f) => with_note(
            format!(
                "{} {}: {}",
                pick(lang, "§137-tilbagemelding", "§137 feedback"),
                format_date(f.date),
                support(lang, f.support)
            ),
            &f.note,
        ),
        EventPayload::AdultHandOver(h) => format!(
            "{} {}: {} – {}",
            pick(lang, "Fylder 18", "Turns 18"),
            format_date(h.date),
            decision(lang, h.decision),
            h.detail
        ),
        EventPayload::UnderretningSent(u) => format!(
            "{} {} → {}",
            pick(lang, "Underretning sendt", "Underretning sent"),
            format_datetime(u.at),
            u.to
        ),
        EventPayload::UnderretningWaived(n) => format!(
            "{} {}: {}",
            pick(lang, "Ingen underretning", "No underretning"),
            format_date(n.date),
            n.reason
        ),
        _ => return None,
    })
}

macro_rules! legal_texts {
    ($($key:ident => $da:expr, $en:expr;)*) => {
        /// Fixed texts of the legal deadlines, the access request and backup.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum L { $($key),* }
        impl L {
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(L::$key => pick(lang, $da, $en)),*
                }
            }
        }
    };
}

legal_texts! {
    Section => "Lovpligtige frister", "Legal deadlines";
    Done => "udført", "done";
    NotRecorded => "ikke registreret", "not recorded";
    UnderretningSent => "Underretning sendt", "Notification sent";
    Date => "Dato", "Date";
    Note => "Note", "Note";
    Support => "Støtte iværksat", "Support started";
    Decision => "Beslutning", "Decision";
    Detail => "Til hvem / hvorfor", "To whom / why";
    DetailHint => "Overdraget: enhed og person. Beholdes: begrundelse.", "Handed over: unit and person. Kept: the reason.";
    UrgencyTitle => "Hastevurdering bekræftet", "Urgency assessment confirmed";
    ReceiptTitle => "Kvittering for underretning", "Receipt of notification";
    FeedbackTitle => "Tilbagemelding efter §137", "Feedback under §137";
    HandOverTitle => "Overdragelse ved 18 år", "Hand-over at 18";
    Recorded => "Registreret", "Recorded";
    NothingDue => "Ingen lovpligtige frister på sagen.", "No legal deadlines on the case.";
    HandOverDone => "Overdragelse ved 18 år", "Hand-over at 18";
    // The access-request draft (GDPR art. 15).
    AccessTitle => "UDKAST – svar på anmodning om indsigt (databeskyttelsesforordningens art. 15)", "DRAFT – answer to a request for access (GDPR Article 15)";
    AccessWarning => "Må ikke udleveres, før en jurist har gennemgået udkastet, og politiet er hørt om oplysninger fra politiet.", "Not to be handed out until a jurist has reviewed the draft and the police have been consulted on police information.";
    AccessPerson => "1. Den registrerede", "1. The data subject";
    AccessPurpose => "2. Formål og retsgrundlag", "2. Purpose and legal basis";
    AccessPurposeText => "Oplysningerne behandles i det kriminalpræventive samarbejde mellem kommune og politi (SSP / Infohus Kommune) efter retsplejelovens §115 og, for børn og unge, barnets lov. Kategorier: almindelige personoplysninger, CPR-nummer, oplysninger om sociale forhold og eventuelt strafbare forhold (art. 9 og 10).", "The information is processed in the crime-prevention cooperation between the municipality and the police (SSP / Infohus Kommune) under the Administration of Justice Act §115 and, for children and young people, the Children's Act. Categories: ordinary personal data, CPR number, information on social circumstances and possibly criminal matters (Articles 9 and 10).";
    AccessRecorded => "3. Oplysninger om dig (kan udleveres efter gennemgang)", "3. Information about you (may be disclosed after review)";
    AccessPolice => "4. Oplysninger fra politiet/PET – POLITIET SKAL HØRES FØR UDLEVERING", "4. Information from the police/PET – THE POLICE MUST BE CONSULTED BEFORE DISCLOSURE";
    AccessRestrict => "5. Kan kræve begrænsning (databeskyttelseslovens §22) – en jurist tager stilling", "5. May need restriction (Danish Data Protection Act §22) – for a jurist to decide";
    AccessRecipients => "6. Modtagere uden for samarbejdet", "6. Recipients outside the cooperation";
    AccessRetention => "7. Opbevaring", "7. Retention";
    AccessRights => "8. Dine rettigheder", "8. Your rights";
    AccessRightsText => "Du kan bede om berigtigelse, sletning eller begrænsning af behandlingen og gøre indsigelse. Du kan klage til Datatilsynet (www.datatilsynet.dk).", "You may ask for rectification, erasure or restriction of processing, and object. You may complain to the Danish Data Protection Agency (www.datatilsynet.dk).";
    AccessNone => "(ingen)", "(none)";
    AccessNoRecipients => "Ingen videregivelser uden for samarbejdet er registreret.", "No disclosures outside the cooperation are recorded.";
    AccessOpenCase => "Sagen er åben; slettedatoen fastsættes ved afslutningen", "The case is open; the deletion date is set at closure";
    AccessRetentionText => "Oplysningerne slettes {months} måneder efter sagens afslutning (kommunens fastsatte frist)", "The information is deleted {months} months after the case is closed (the period set by the municipality)";
    PoliceConsult => "politiet skal høres før udlevering", "police must be consulted before disclosure";
    WhyReporter => "henvenderens identitet: hensyn til private interesser (§22, stk. 1)", "the reporter's identity: private interests (§22(1))";
    WhyPoliceMatter => "oplysning om politisag/PET: forebyggelse og efterforskning af strafbare forhold (§22, stk. 2)", "police matter/PET: prevention and investigation of criminal offences (§22(2))";
    WhyAssessment => "risikovurdering: kan skade det kriminalpræventive arbejde (§22, stk. 2)", "risk assessment: may harm the crime-prevention work (§22(2))";
    WhyNote => "intern arbejdsnote", "internal working note";
    WhyThirdParty => "oplysninger om tredjemand (familie): hensyn til private interesser (§22, stk. 1)", "information about third parties (family): private interests (§22(1))";
    WhyDanger => "politiets indsats ved overhængende fare", "police action on imminent danger";
    Received => "Henvendelse modtaget", "Concern received";
    ConcernTypes => "Bekymring", "Concern";
    Description => "Beskrivelse", "Description";
    Screening => "Indledende vurdering", "Screening";
    Review => "Fælles vurdering (§115)", "Joint review (§115)";
    Request => "Oplysninger indhentet fra", "Information obtained from";
    Conversation => "Bekymringssamtale", "Conversation";
    Measure => "Indsats", "Measure";
    Closure => "Afsluttet", "Closed";
    Reporter => "Henvender", "Reporter";
    NoteLabel => "Note", "Note";
    AssessmentLabel => "Vurdering", "Assessment";
    Danger => "Overhængende fare – politiet kontaktet", "Imminent danger – police contacted";
    From => "fra", "from";
}

/// One sentence for a failed backup or restore.
pub fn snapshot_error(lang: Lang, e: &crate::service::snapshot::SnapshotError) -> String {
    use crate::service::snapshot::SnapshotError as E;
    match (lang, e) {
        (_, E::Service(e)) => super::service_error(lang, e),
        (Lang::En, E::Import(e)) => format!(
            "The backup cannot be restored: {}",
            super::access::import_error(lang, e)
        ),
        (Lang::Da, E::Import(e)) => format!(
            "Sikkerhedskopien kan ikke genskabes: {}",
            super::access::import_error(lang, e)
        ),
        (Lang::En, e) => format!("{}.", capital(&e.to_string())),
        (Lang::Da, E::NotEmpty(p)) => format!("Mappen {} findes og er ikke tom.", p.display()),
        (Lang::Da, E::Io { path, source }) => {
            format!("Kan ikke bruge {}: {source}.", path.display())
        }
        (Lang::Da, E::NoManifest(p)) => format!(
            "Mappen {} har ingen manifestfil; det er ikke en fuldstændig sikkerhedskopi.",
            p.display()
        ),
        (Lang::Da, E::BadManifest { line }) => {
            format!("Linje {line} i manifestfilen kan ikke læses.")
        }
        (Lang::Da, E::Missing(p)) => {
            format!(
                "Sikkerhedskopien er ufuldstændig: {} står i manifestet, men mangler.",
                p.display()
            )
        }
        (Lang::Da, E::Damaged(p)) => format!(
            "Sikkerhedskopien er beskadiget: {} passer ikke med sin kontrolsum.",
            p.display()
        ),
        (Lang::Da, E::BadExport(p, m)) => {
            format!(
                "Sikkerhedskopiens {} er ikke en gyldig eksport: {m}.",
                p.display()
            )
        }
        (Lang::Da, E::InUse { path, holder }) => format!(
            "Databasen {} er i brug ({holder}); luk infohus dér før genskabelse.",
            path.display()
        ),
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn backed_up(lang: Lang, files: usize, cases: usize, dir: &std::path::Path) -> String {
    match lang {
        Lang::Da => format!(
            "Sikkerhedskopi af {cases} sager og {files} filer skrevet til {} (kontrolsummer i {}).",
            dir.display(),
            crate::service::snapshot::MANIFEST_FILE
        ),
        Lang::En => format!(
            "Backup of {cases} cases in {files} files written to {} (checksums in {}).",
            dir.display(),
            crate::service::snapshot::MANIFEST_FILE
        ),
    }
}

pub fn restored(
    lang: Lang,
    cases: u64,
    db: &std::path::Path,
    previous: Option<&std::path::Path>,
) -> String {
    let mut s = match lang {
        Lang::Da => format!("{cases} sager genskabt i {}.", db.display()),
        Lang::En => format!("{cases} cases restored into {}.", db.display()),
    };
    if let Some(p) = previous {
        s.push_str(&match lang {
            Lang::Da => format!(
                " Den tidligere database og teamets filer ligger i {}.",
                p.display()
            ),
            Lang::En => format!(
                " The previous database and team files are in {}.",
                p.display()
            ),
        });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_both_languages_and_a_key() {
        for k in LegalKind::ALL {
            for lang in [Lang::Da, Lang::En] {
                assert!(!kind(lang, *k).is_empty());
                assert!(!short(lang, *k).is_empty());
            }
            assert!(key(*k).is_ascii_alphabetic());
        }
    }

    #[test]
    fn the_eighteenth_birthday_is_named_once_on_its_line() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or_default();
        for overdue in [false, true] {
            let item = LegalDue {
                kind: LegalKind::AdultHandOver,
                anchor: at,
                due: at,
                overdue,
            };
            for lang in [Lang::Da, Lang::En] {
                let text = line(lang, &item).to_lowercase();
                assert_eq!(text.matches("18").count(), 1, "{text}");
                assert!(text.contains("01-12-2026"), "{text}");
            }
        }
    }
}
