//! Texts of the follow-up schedule, the grouped work queue and meeting mode.

use super::{Lang, pick};
use crate::domain::due::DueKind;
use crate::domain::flow::{Cadence, FollowUpDecision};
use crate::service::Group;

pub fn cadence(lang: Lang, c: Cadence) -> String {
    match c {
        Cadence::Fortnightly => pick(lang, "hver 14. dag", "every 14 days").into(),
        Cadence::Monthly => pick(lang, "hver måned", "monthly").into(),
        Cadence::Quarterly => pick(lang, "hver 3. måned", "every 3 months").into(),
        Cadence::EveryDays(0) => pick(lang, "eget antal dage", "custom number of days").into(),
        Cadence::EveryDays(n) => match lang {
            Lang::Da => format!("hver {n}. dag"),
            Lang::En => format!("every {n} days"),
        },
        Cadence::AdHoc => pick(lang, "ad hoc (dato hver gang)", "ad hoc (date each time)").into(),
    }
}

pub fn decision(lang: Lang, d: FollowUpDecision) -> &'static str {
    match d {
        FollowUpDecision::Continue => pick(lang, "fortsæt", "continue"),
        FollowUpDecision::Adjust => pick(lang, "justér", "adjust"),
        FollowUpDecision::Close => pick(lang, "luk sagen", "close the case"),
    }
}

macro_rules! texts {
    ($($key:ident => $da:expr, $en:expr;)*) => {
        /// Fixed texts of the follow-up forms, the work queue groups and meeting mode.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Fu { $($key),* }
        impl Fu {
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(Fu::$key => pick(lang, $da, $en)),*
                }
            }
        }
    };
}

texts! {
    FollowUpTitle => "Opfølgning", "Follow-up";
    PlanTitle => "Opfølgningsplan", "Follow-up plan";
    FeedbackTitle => "Tilbagemelding fra politiet", "Police feedback";
    Date => "Dato", "Date";
    Summary => "Resumé", "Summary";
    Decision => "Beslutning", "Decision";
    WhoActs => "Hvem handler", "Who acts";
    WhoActsHint => "fx \"Anna (SSP) ringer til skolen\"", "e.g. \"Anna (SSP) calls the school\"";
    Next => "Næste opfølgning", "Next follow-up";
    NextHint => "tom = efter rytmen", "empty = by the rhythm";
    Rhythm => "Rytme", "Rhythm";
    Days => "Antal dage", "Number of days";
    DaysHint => "1–366, kun ved eget antal dage", "1–366, custom rhythm only";
    Responsible => "Ansvarlig", "Responsible";
    NextPlanHint => "tom = behold nuværende dato (ad hoc: påkrævet)", "empty = keep the current date (ad hoc: required)";
    Recorded => "Opfølgning registreret; næste", "Follow-up recorded; next";
    PlanSaved => "Opfølgningsplan gemt", "Follow-up plan saved";
    FeedbackSaved => "Tilbagemelding registreret", "Feedback recorded";
    CloseNow => "Beslutningen er at lukke: registrér afslutningen nu.", "The decision is to close: record the closure now.";
    NotANumber => "Skriv et tal fra 1 til 366.", "Type a number from 1 to 366.";
    RhythmNow => "Rytme", "Rhythm";
    // Work queue groups.
    GDrafts => "Kladder", "Drafts";
    GOverdue => "Overskredet", "Overdue";
    GThisWeek => "Forfalder denne uge", "Due this week";
    GAwaitingScreening => "Afventer indledende vurdering", "Awaiting screening";
    GAwaitingReview => "Afventer fælles vurdering (§115)", "Awaiting joint review (§115)";
    GRequests => "Oplysningsanmodninger over svarfrist", "Info requests past due";
    GPolice => "Politiets tilbagemelding over frist", "Police feedback past due";
    GLater => "Senere", "Later";
    GLegal => "Lovpligtige frister (underretning, 18 år)", "Legal deadlines (notification, turning 18)";
    GDue => "Forfalder i perioden", "Due in the period";
    DueHeading => "Forfaldent pr.", "Due as of";
    Within => "inden for", "within";
    DaysWord => "dage", "days";
    KindFollowUp => "opfølgning", "follow-up";
    KindReview => "mdr. efter lukning", "month review";
    KindScreening => "modtaget", "received";
    KindJoint => "screenet", "screened";
    KindRequest => "anmodning", "request";
    KindPolice => "politi", "police";
    More => "flere i sagslisten", "more in the case list";
    NothingAtAll => "Intet forfalder, og der er ingen kladder.", "Nothing is due and there are no drafts.";
    Redacted => "SKJULT", "REDACTED";
    RedactedOn => "Skjult visning: initialer og sagsnumre, intet CPR, ingen adresser.", "Redacted: initials and case numbers, no CPR, no addresses.";
    RedactedOff => "Fuld visning: navne vises igen.", "Full view: names are shown again.";
    NoIntakeRedacted => "Slå skjult visning fra (R) før en henvendelse tages eller rettes.", "Turn redaction off (R) before taking or editing a concern.";
    Hidden => "(skjult)", "(hidden)";
    NoRevealRedacted => "CPR vises ikke i skjult visning (R slår den fra).", "CPR is not shown in redacted view (R turns it off).";
    // Meetings.
    Meetings => "Møder", "Meetings";
    MeetingWord => "Møde", "Meeting";
    MinutesOf => "Referat af møde", "Minutes of meeting";
    Participants => "Deltagere", "Participants";
    Agenda => "Dagsorden", "Agenda";
    NotDiscussedHeading => "Ikke behandlet (videre til næste møde)", "Not discussed (carried to the next meeting)";
    Outcome => "Udfald", "Outcome";
    Kind => "Mødetype", "Kind of meeting";
    GeneralItems => "Generelle punkter og emnebank", "General items and topic bank";
    NewMeetingTitle => "Nyt møde", "New meeting";
    NoMeetingsCli => "Ingen møder endnu.", "No meetings yet.";
    MinutesFlag => "Brug --minutes for at skrive mødets referat.", "Use --minutes to print the meeting's minutes.";
    NoMeetings => "Ingen møder endnu. Tryk c for at oprette et.", "No meetings yet. Press c to create one.";
    Created => "Møde oprettet med dagsorden", "Meeting created with its agenda";
    ItemsDone => "punkter behandlet", "items done";
    DecisionSaved => "Beslutning registreret", "Decision recorded";
    MinutesSaved => "Referat gemt i", "Minutes saved to";
    TopicSaved => "Gem også i emnebanken", "Also keep in the topic bank";
    NeedParticipants => "Vælg eller skriv mindst én deltager.", "Pick or type at least one participant.";
    CaseItem => "Sag", "Case";
    Stage => "Fase", "Stage";
    NextDate => "Næste dato", "Next date";
    LastFollowUp => "Seneste opfølgning", "Last follow-up";
    Waiting => "Venter på", "Waiting for";
    GeneralItem => "Generelt punkt", "General item";
    Done => "behandlet", "done";
    AddItem => "Nyt punkt", "New item";
    PickItem => "Vælg et punkt på dagsordenen.", "Pick an item on the agenda.";
}

pub fn meeting_kind(lang: Lang, k: crate::domain::meeting::MeetingKind) -> &'static str {
    use crate::domain::meeting::MeetingKind as K;
    match k {
        K::InfohusKommune => pick(lang, "Infohus Kommune", "Infohus Kommune"),
        K::SspNetwork => pick(lang, "SSP-netværk", "SSP network"),
        K::SteeringGroup => pick(lang, "Styregruppe", "Steering group"),
        K::Other => pick(lang, "Andet møde", "Other meeting"),
    }
}

pub fn reason(lang: Lang, r: crate::domain::meeting::ItemReason) -> &'static str {
    use crate::domain::meeting::ItemReason as R;
    match r {
        R::AwaitingReview => pick(lang, "afventer fælles vurdering", "awaiting joint review"),
        R::FollowUpDue => pick(lang, "opfølgning", "follow-up due"),
        R::Overdue => pick(lang, "overskredet", "overdue"),
        R::RoundEvaluation => pick(
            lang,
            "rundens evaluering er forfalden",
            "the round's evaluation is due",
        ),
    }
}

/// The heading of a work-queue group.
pub fn group(g: Group) -> Fu {
    match g {
        Group::Overdue => Fu::GOverdue,
        Group::ThisWeek => Fu::GThisWeek,
        Group::AwaitingScreening => Fu::GAwaitingScreening,
        Group::AwaitingReview => Fu::GAwaitingReview,
        Group::RequestsOverdue => Fu::GRequests,
        Group::PoliceOverdue => Fu::GPolice,
        Group::Legal => Fu::GLegal,
        Group::Later => Fu::GLater,
    }
}

/// What a queue entry is waiting for, in a few characters, for the end of its line.
pub fn due_kind(lang: Lang, k: DueKind) -> String {
    match k {
        DueKind::FollowUp => Fu::KindFollowUp.get(lang).to_string(),
        DueKind::PostReview(m) => format!("{m} {}", Fu::KindReview.get(lang)),
        DueKind::AwaitingScreening => Fu::KindScreening.get(lang).to_string(),
        DueKind::AwaitingReview => Fu::KindJoint.get(lang).to_string(),
        DueKind::Request(id) => format!("{} {id}", Fu::KindRequest.get(lang)),
        DueKind::PoliceFeedback => Fu::KindPolice.get(lang).to_string(),
        DueKind::Legal(k) => crate::i18n::legal::short(lang, k).to_string(),
    }
}

/// The minutes of meeting `m` as Markdown: the §115 notice first, participants, and per item
/// the decision and who acts, with case numbers only. `m` is the meeting as
/// `Service::minutes` gives it, names in decisions already cut to initials.
pub fn minutes(lang: Lang, m: &crate::domain::meeting::Meeting) -> String {
    use std::fmt::Write as _;

    use crate::domain::dates::format_date;
    use crate::domain::meeting::Subject;
    let mut w = String::new();
    let _ = writeln!(
        w,
        "# {} {} — {}, {}\n",
        Fu::MinutesOf.get(lang),
        m.no,
        meeting_kind(lang, m.kind),
        format_date(m.date)
    );
    let _ = writeln!(w, "> {}\n", super::T::Notice115.get(lang));
    let _ = writeln!(w, "## {}\n", Fu::Participants.get(lang));
    for p in &m.participants {
        let _ = writeln!(w, "- {}", p.display());
    }
    let _ = writeln!(w, "\n## {}\n", Fu::Agenda.get(lang));
    let mut not_discussed = Vec::new();
    for (i, item) in m.items.iter().enumerate() {
        let title = match &item.subject {
            Subject::Case { no: case, reason } => format!(
                "{} #{case} ({})",
                super::T::CaseDetail.get(lang),
                self::reason(lang, *reason)
            ),
            Subject::General(text) => text.clone(),
        };
        let Some(o) = &item.outcome else {
            not_discussed.push(format!("{}. {title}", i + 1));
            continue;
        };
        let _ = writeln!(w, "### {}. {title}\n", i + 1);
        let _ = writeln!(w, "- {}: {}", Fu::Decision.get(lang), o.decision);
        if let Some(f) = o.follow {
            let _ = writeln!(w, "- {}: {}", Fu::Outcome.get(lang), decision(lang, f));
        }
        if !o.who_acts.is_empty() {
            let _ = writeln!(w, "- {}: {}", Fu::WhoActs.get(lang), o.who_acts);
        }
        if let Some(n) = o.next {
            let _ = writeln!(w, "- {}: {}", Fu::Next.get(lang), format_date(n));
        }
        let _ = writeln!(w);
    }
    if !not_discussed.is_empty() {
        let _ = writeln!(w, "## {}\n", Fu::NotDiscussedHeading.get(lang));
        for t in not_discussed {
            let _ = writeln!(w, "- {t}");
        }
    }
    w
}
