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
});

labels!(short, LegalKind {
    Urgency => "Hastevurdering", "Urgency assessment";
    Receipt => "Kvittering", "Receipt";
    Feedback => "§137-tilbagemelding", "§137 feedback";
    AdultHandOver => "Fylder 18", "Turns 18";
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
        (true, _) => pick(lang, "overskredet", "overdue since"),
        (false, _) => pick(lang, "senest", "due"),
    };
    format!("{word} {when}")
}

/// One line for a due item: "Kvittering senest 01-12-2026 (K)".
pub fn line(lang: Lang, d: &LegalDue) -> String {
    format!("{} {} ({})", short(lang, d.kind), due(lang, d), key(d.kind))
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
}
