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
    NoEditRedacted => "Slå skjult visning fra (R) for at rette en registrering: dens tekst vises forkortet.", "Turn redaction off (R) to change a record: its text is shown shortened.";
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
    GeneralItems => "Faste punkter", "Standing items";
    NewMeetingTitle => "Nyt møde", "New meeting";
    NoMeetingsCli => "Ingen møder endnu.", "No meetings yet.";
    MinutesFlag => "Brug --minutes for at skrive mødets referat.", "Use --minutes to print the meeting's minutes.";
    NoMeetings => "Ingen møder endnu. Tryk c for at oprette et.", "No meetings yet. Press c to create one.";
    Created => "Møde oprettet med dagsorden", "Meeting created with its agenda";
    ItemsDone => "punkter behandlet", "items done";
    DecisionSaved => "Beslutning registreret", "Decision recorded";
    MinutesSaved => "Referat gemt i", "Minutes saved to";
    TopicSaved => "Til emnebanken", "To the topic bank";
    TopicSavedHint => "Gemmes til et senere møde, ikke på dagens dagsorden", "Kept for a later meeting, not on today's agenda";
    FromTopicBank => "(fra emnebanken)", "(from the topic bank)";
    BankedHeading => "Gemt i emnebanken til et senere møde", "Kept in the topic bank for a later meeting";
    ReviewOutcome => "Fælles vurdering (§115)", "Joint review (§115)";
    PostReviewHeld => "Opfølgning efter lukning holdt", "Post-closure review held";
    MonthsAfterClosure => "mdr.", "months";
    Corrected => "Rettelse registreret", "Correction recorded";
    ClosedAtMeeting => "Sagen er afsluttet som mødets beslutning", "The case is closed as the meeting's decision";
    NewParticipant => "+ ny deltager", "+ new participant";
    Participant => "Deltager", "Participant";
    ParticipantPickHint => "skriv for at søge, Enter vælger; \"+ ny deltager\" for en ny", "type to search, Enter picks; \"+ new participant\" for someone new";
    Name => "Navn", "Name";
    Organisation => "Organisation", "Organisation";
    Role => "Rolle", "Role";
    TopicsLabel => "Fra emnebanken", "From the bank";
    TopicsHint => "emner gemt til et senere møde; Space sætter på dagsordenen", "topics kept for a later meeting; Space puts one on the agenda";
    ReviewShort => "§115-udfald", "§115 outcome";
    ReviewChoiceHint => "den fælles vurdering afgør ikke noget: hver myndighed beslutter selv", "the joint review decides nothing: each authority decides in its own system";
    FeedbackShort => "Tilbagemelding", "Police report by";
    TopicBanked => "Gemt i emnebanken til et senere møde.", "Kept in the topic bank for a later meeting.";
    ItemAdded => "Punktet er sat på dagsordenen.", "The item is on the agenda.";
    CorrectTitle => "rettelse", "correction";
    NotOnAgenda => "ikke på dagsordenen", "not on the agenda";
    PullIn => "tag med", "pull in";
    PulledIn => "sager taget med på dagsordenen", "cases pulled onto the agenda";
    BankedShort => "Gemt i emnebanken", "Kept in the topic bank";
    FromTopicBankShort => "(emnebank)", "(topic bank)";
    TopicItem => "Emne fra emnebanken", "Topic from the topic bank";
    OnAgendaFor => "På dagsorden", "On the agenda";
    FollowEmptyHint => "tom = fortsæt", "empty = continue";
    EnterCorrects => "Enter retter beslutningen.", "Enter corrects the decision.";
    PanelMore => "mere: PgDn", "more: PgDn";
    PanelAbove => "PgUp", "PgUp";
    Unchanged => "Intet ændret.", "Nothing changed.";
    MinutesBehind => "Beslutningen er gemt, men referatet kunne ikke skrives:", "The decision is saved, but the minutes could not be written:";
    AgendaChanged => "Dagsordenen er ændret imens; intet er registreret. Vælg punktet igen.", "The agenda changed meanwhile; nothing was recorded. Pick the item again.";
    AlreadyDecided => "Punktet er allerede behandlet; Enter på det retter beslutningen.", "The item is decided already; Enter on it corrects the decision.";
    NotDecided => "Punktet har ingen beslutning at rette.", "The item has no decision to correct.";
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
        R::Legal => pick(lang, "lovpligtig frist", "legal deadline"),
        R::PostReview => pick(lang, "opfølgning efter lukning", "post-closure review"),
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

/// The minutes as Markdown: the §115 notice first, the participants, then per item the
/// decision, its outcome (and a §115 review's), the stage the case went to, who acts and the
/// next date — case numbers only, the texts as the service redacted them; then the items not
/// discussed and the topics kept in the topic bank for a later meeting.
pub fn minutes(lang: Lang, doc: &crate::domain::meeting::MinutesDoc) -> String {
    use std::fmt::Write as _;

    use crate::domain::dates::format_date;
    use crate::domain::meeting::Subject;
    let m = &doc.meeting;
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
    for (i, item) in m.agenda() {
        let title = match &item.subject {
            Subject::Case { no: case, reason } => format!(
                "{} #{case} ({})",
                super::T::CaseDetail.get(lang),
                self::reason(lang, *reason)
            ),
            Subject::Topic(text) => format!("{text} {}", Fu::FromTopicBank.get(lang)),
            Subject::General(text) | Subject::Banked(text) => text.clone(),
        };
        let Some(o) = &item.outcome else {
            not_discussed.push(format!("{}. {title}", i + 1));
            continue;
        };
        let record = doc.records.get(i).and_then(Option::as_ref);
        let _ = writeln!(w, "### {}. {title}\n", i + 1);
        let _ = writeln!(w, "- {}: {}", Fu::Decision.get(lang), o.decision);
        if let Some(rd) = record.and_then(|r| r.review) {
            let _ = writeln!(
                w,
                "- {}: {}",
                Fu::ReviewOutcome.get(lang),
                super::flow::decision(lang, rd)
            );
        }
        if let Some(f) = o.follow {
            let _ = writeln!(w, "- {}: {}", Fu::Outcome.get(lang), decision(lang, f));
        }
        if let Some(months) = record.and_then(|r| r.post_review) {
            let _ = writeln!(
                w,
                "- {}: {months} {}",
                Fu::PostReviewHeld.get(lang),
                Fu::MonthsAfterClosure.get(lang)
            );
        }
        if let Some(r) = record {
            let _ = writeln!(
                w,
                "- {}: {}",
                Fu::Stage.get(lang),
                super::stage(lang, r.stage)
            );
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
        let _ = writeln!(w);
    }
    let banked: Vec<&str> = m.banked().collect();
    if !banked.is_empty() {
        let _ = writeln!(w, "## {}\n", Fu::BankedHeading.get(lang));
        for t in banked {
            let _ = writeln!(w, "- {t}");
        }
    }
    w
}

/// A warning that a date falls on a weekend, a holiday or a closing day ("24-12-2026 er
/// juleaftensdag"); `None` for a working day. A warning, never a refusal: the team may meet
/// or act on such a day.
pub fn off_day_warning(lang: Lang, date: chrono::NaiveDate) -> Option<String> {
    use crate::domain::holidays::{ClosingDay as C, Holiday as H, OffDay, off_day};
    use chrono::Weekday;
    let what = match off_day(date)? {
        OffDay::Weekend(Weekday::Sat) => pick(lang, "en lørdag", "a Saturday"),
        OffDay::Weekend(_) => pick(lang, "en søndag", "a Sunday"),
        OffDay::Holiday(h) => match h {
            H::NewYearsDay => pick(lang, "nytårsdag", "New Year's Day"),
            H::MaundyThursday => pick(lang, "skærtorsdag", "Maundy Thursday"),
            H::GoodFriday => pick(lang, "langfredag", "Good Friday"),
            H::EasterSunday => pick(lang, "påskedag", "Easter Sunday"),
            H::EasterMonday => pick(lang, "2. påskedag", "Easter Monday"),
            H::GreatPrayerDay => pick(lang, "store bededag", "Great Prayer Day"),
            H::AscensionDay => pick(lang, "Kristi himmelfartsdag", "Ascension Day"),
            H::WhitSunday => pick(lang, "pinsedag", "Whit Sunday"),
            H::WhitMonday => pick(lang, "2. pinsedag", "Whit Monday"),
            H::ChristmasDay => pick(lang, "juledag", "Christmas Day"),
            H::BoxingDay => pick(lang, "2. juledag", "Boxing Day"),
        },
        OffDay::Closed(c) => match c {
            C::ConstitutionDay => pick(lang, "grundlovsdag", "Constitution Day"),
            C::ChristmasEve => pick(lang, "juleaftensdag", "Christmas Eve"),
            C::NewYearsEve => pick(lang, "nytårsaftensdag", "New Year's Eve"),
        },
    };
    let d = crate::domain::dates::format_date(date);
    Some(match lang {
        Lang::Da => format!("Bemærk: {d} er {what}."),
        Lang::En => format!("Note: {d} is {what}."),
    })
}
