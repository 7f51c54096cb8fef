//! Texts of retention (deletion dates, legal holds, purge) and of the statistics.

use super::{Lang, flow, pick};
use crate::domain::dates::format_date;
use crate::domain::retention::{HoldError, RetentionEvent};
use crate::domain::stats::{Median, Outcome};
use crate::service::config::ConfigError;

macro_rules! retention_texts {
    ($($key:ident => $da:expr, $en:expr;)*) => {
        /// Fixed texts of retention and statistics.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum R { $($key),* }
        impl R {
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(R::$key => pick(lang, $da, $en)),*
                }
            }
        }
    };
}

retention_texts! {
    DeletedOn => "slettes", "deleted on";
    DeletionDate => "Slettedato", "Deletion date";
    LegalHold => "Retlig tilbageholdelse", "Legal hold";
    HeldNotDeleted => "tilbageholdt – slettes ikke", "on legal hold – not deleted";
    HoldPlaced => "Retlig tilbageholdelse registreret: sagen slettes ikke.", "Legal hold placed: the case will not be deleted.";
    HoldLifted => "Retlig tilbageholdelse ophævet.", "Legal hold lifted.";
    DryRunHead => "Sager der ville blive slettet (sagsnr., lukket, slettedato):", "Cases that would be deleted (case no., closed, deletion date):";
    NothingToPurge => "Ingen sager skal slettes.", "No cases are due for deletion.";
    StatsTitle => "Statistik", "Statistics";
    PerMonth => "Henvendelser pr. måned", "Concerns per month";
    Sources => "Kilder", "Sources";
    ConcernTypes => "Bekymringstyper", "Concern types";
    AgeBands => "Aldersgrupper ved henvendelsen", "Age bands at intake";
    Outcomes => "Udfald", "Outcomes";
    Total => "I alt", "Total";
    Concerns => "Henvendelser", "Concerns";
    Unknown => "ukendt", "unknown";
    StillOpen => "Åben", "Open";
    MedianDays => "Median dage fra modtagelse til", "Median days from intake to";
    ToScreening => "vurdering", "screening";
    ToReview => "§115-møde", "§115 review";
    ToClosure => "lukning", "closure";
    TooFew => "<5", "<5";
    Overdue => "Forfaldne opfølgninger", "Overdue follow-ups";
    OverdueLine => "Forfaldne opfølgninger, seneste 90 dage", "Overdue follow-ups, last 90 days";
    Legend => "<5 = 1–4 sager · x = skjult, så et lille tal ikke kan regnes ud", "<5 = 1–4 cases · x = hidden so a small count cannot be worked out";
    Period => "Periode", "Period";
    AllTime => "hele perioden", "all time";
    PeriodKey => "p skifter", "p changes it";
    Mentions => "(en sag kan have flere typer)", "(a case may have several types)";
    NoSeries => "Ingen tal endnu: tallet gemmes hver dag arbejdslisten åbnes.", "No counts yet: the count is kept each day the work queue is opened.";
}

/// "12 mdr." / "12 months".
pub fn months(lang: Lang, n: u32) -> String {
    match (lang, n) {
        (Lang::Da, 1) => "1 md.".into(),
        (Lang::Da, n) => format!("{n} mdr."),
        (Lang::En, 1) => "1 month".into(),
        (Lang::En, n) => format!("{n} months"),
    }
}

pub fn event(lang: Lang, e: &RetentionEvent) -> String {
    match e {
        RetentionEvent::DeletionDateSet { date } => match lang {
            Lang::Da => format!("Slettedato sat: {}", format_date(*date)),
            Lang::En => format!("Deletion date set: {}", format_date(*date)),
        },
        RetentionEvent::HoldPlaced { reason, .. } => {
            format!("{}: {reason}", R::LegalHold.get(lang))
        }
        RetentionEvent::HoldLifted { reason, .. } => match lang {
            Lang::Da => format!("Retlig tilbageholdelse ophævet: {reason}"),
            Lang::En => format!("Legal hold lifted: {reason}"),
        },
    }
}

pub fn hold_error(lang: Lang, e: &HoldError) -> String {
    match e {
        HoldError::NoReason => pick(
            lang,
            "Skriv en begrundelse for den retlige tilbageholdelse.",
            "Give a reason for the legal hold.",
        ),
        HoldError::AlreadyHeld => pick(
            lang,
            "Sagen er allerede retligt tilbageholdt.",
            "The case already has a legal hold.",
        ),
        HoldError::NotHeld => pick(
            lang,
            "Sagen har ingen retlig tilbageholdelse at ophæve.",
            "The case has no legal hold to lift.",
        ),
    }
    .into()
}

pub fn config_error(lang: Lang, e: &ConfigError) -> String {
    match (lang, e) {
        (Lang::En, e) => format!("The settings file {e}."),
        (Lang::Da, ConfigError::Read { path, source }) => {
            format!(
                "Indstillingsfilen {} kan ikke læses: {source}.",
                path.display()
            )
        }
        (Lang::Da, ConfigError::Invalid { path, message }) => format!(
            "Indstillingsfilen {} er forkert: {message}. Ret den, eller slet linjen for at bruge standarden.",
            path.display()
        ),
    }
}

pub fn outcome(lang: Lang, o: Outcome) -> &'static str {
    match o {
        Outcome::Open => R::StillOpen.get(lang),
        Outcome::Closed(Some(r)) => flow::closure_reason(lang, r),
        Outcome::Closed(None) => R::Unknown.get(lang),
    }
}

pub fn median(lang: Lang, m: Median) -> String {
    match m {
        Median::Days(d) => d.to_string(),
        Median::TooFew => R::TooFew.get(lang).into(),
    }
}

/// `purge` on the command line.
pub fn purged(lang: Lang, cases: usize, skipped: usize, drafts: u64) -> String {
    match lang {
        Lang::Da => format!(
            "{cases} sager slettet (kun anonyme tal er gemt), {drafts} gamle kladder slettet{}.",
            if skipped > 0 {
                format!(", {skipped} sprunget over fordi de blev ændret imens")
            } else {
                String::new()
            }
        ),
        Lang::En => format!(
            "{cases} cases deleted (only anonymous counts are kept), {drafts} old drafts deleted{}.",
            if skipped > 0 {
                format!(", {skipped} skipped because they changed meanwhile")
            } else {
                String::new()
            }
        ),
    }
}

pub fn kept(lang: Lang, held: usize, pending: usize) -> String {
    match lang {
        Lang::Da => format!(
            "Efter slettedatoen men beholdt: {held} med retlig tilbageholdelse, {pending} afventer opfølgning efter lukning."
        ),
        Lang::En => format!(
            "Past their deletion date but kept: {held} on legal hold, {pending} awaiting post-closure reviews."
        ),
    }
}

pub fn old_drafts(lang: Lang, n: usize, days: u32) -> String {
    match lang {
        Lang::Da => format!("{n} kladder ældre end {days} dage ville blive slettet."),
        Lang::En => format!("{n} drafts older than {days} days would be deleted."),
    }
}

pub fn bad_date(lang: Lang, input: &str) -> String {
    match lang {
        Lang::Da => format!("\"{input}\" er ikke en dato; skriv dd-mm-åååå eller åååå-mm-dd."),
        Lang::En => format!("\"{input}\" is not a date; write dd-mm-yyyy or yyyy-mm-dd."),
    }
}
