//! Texts of the assessment flow: the names of its choices, what is missing, why a step is
//! refused, and the chronology lines of its events.

use super::{Lang, pick, stage};
use crate::domain::EventPayload;
use crate::domain::dates::format_date;
use crate::domain::flow::decide::Required;
use crate::domain::flow::{
    Approach, Authority, ClosureReason, ConversationStatus, Dimension, FlowError, HeldBy, ItemRef,
    LegalBasis, MeasureLevel, MeasureStatus, Missing, PoliceMatterKind, Referral, RequestStatus,
    ReviewDecision, Risk, ScreeningOutcome, With,
};

macro_rules! labels {
    ($fn:ident, $ty:ty { $($v:ident => $da:expr, $en:expr;)* }) => {
        pub fn $fn(lang: Lang, v: $ty) -> &'static str {
            match v { $(<$ty>::$v => pick(lang, $da, $en)),* }
        }
    };
}

labels!(approach, Approach {
    Internal => "1 · Internt i kommunen", "1 · Internally in the municipality";
    SspMeeting => "2 · SSP-møde med lokalpolitiet", "2 · SSP meeting with local police";
    JointWithPolice => "3 · Sammen med politiets tovholder", "3 · Jointly with the police tovholder";
    ForwardedToPolice => "4 · Sendt til politiets tovholder", "4 · Forwarded to the police tovholder";
});

labels!(referral, Referral {
    ChildWelfare => "Børne- og familieafdelingen", "Child welfare";
    Jobcentre => "Jobcenter / voksenområdet", "Jobcentre / adult services";
    Psychiatry => "Psykiatrien (PSP)", "Psychiatry (PSP)";
    PrisonProbation => "Kriminalforsorgen (KSP)", "Prison and probation (KSP)";
    Other => "Andet", "Other";
});

labels!(police_matter, PoliceMatterKind {
    Report => "Anmeldelse", "Police report";
    Pet => "PET", "PET";
});

labels!(authority, Authority {
    ChildYouth => "Børne- og ungeforvaltning", "Children and youth services";
    Adult => "Voksenforvaltning", "Adult services";
    Jobcentre => "Jobcenter / beskæftigelse", "Jobcentre / employment";
    Education => "UU / uddannelse", "Youth guidance / education";
    School => "Skole", "School";
    ClubLeisure => "Klub / fritid", "Club / leisure";
    Psychiatry => "Psykiatri", "Psychiatry";
    PrisonProbation => "Kriminalforsorgen", "Prison and probation";
    LocalPolice => "Lokalpoliti", "Local police";
    Pet => "PET", "PET";
    Ssp => "SSP / Infohus", "SSP / Infohus";
    Other => "Andet", "Other";
});

labels!(decision, ReviewDecision {
    Continue => "Videre til kvalificering", "Continue to enrichment";
    Close => "Luk sagen", "Close the case";
    PoliceMatter => "Politisag", "Police matter";
});

labels!(request_status, RequestStatus {
    Sent => "Sendt", "Sent";
    Answered => "Besvaret", "Answered";
    Refused => "Afvist", "Refused";
    Waived => "Frafaldet", "Waived";
});

labels!(conversation_status, ConversationStatus {
    Planned => "Planlagt", "Planned";
    Held => "Afholdt", "Held";
    Cancelled => "Aflyst", "Cancelled";
});

labels!(held_by, HeldBy {
    Police => "Politiet alene", "Police alone";
    PoliceAndSocial => "Politi + socialrådgiver", "Police + social worker";
    Ssp => "SSP", "SSP";
});

labels!(with, With {
    Person => "Den unge / borgeren", "The person";
    Family => "Familien", "The family";
    PersonAndFamily => "Borger og familie", "Person and family";
});

labels!(dimension, Dimension {
    Attitudes => "Holdninger / retorik", "Attitudes / rhetoric";
    Personality => "Personlighed", "Personality";
    ViolenceReadiness => "Voldsparathed", "Readiness for violence";
    MentalVulnerability => "Mental sårbarhed", "Mental vulnerability";
    CriminalHistory => "Kriminel historik", "Criminal history";
    Family => "Familie", "Family";
    SocialRelations => "Socialisering og relationer", "Socialisation and relations";
    NetworkLeisure => "Netværk og fritid", "Network and leisure";
    EducationWork => "Uddannelse og beskæftigelse", "Education and employment";
});

labels!(risk, Risk {
    Unknown => "ukendt", "unknown";
    NoRisk => "ingen", "none";
    Low => "lav", "low";
    Moderate => "moderat", "moderate";
    High => "høj", "high";
});

labels!(measure_level, MeasureLevel {
    CrimePrevention => "Kriminalitetsforebyggende", "Crime prevention";
    Preventive => "Forebyggende", "Preventive";
    Building => "Opbyggende", "Building";
});

labels!(measure_status, MeasureStatus {
    Planned => "Planlagt", "Planned";
    Active => "I gang", "Running";
    Completed => "Afsluttet", "Completed";
    Stopped => "Stoppet", "Stopped";
    Waived => "Frafaldet", "Waived";
});

labels!(closure_reason, ClosureReason {
    Unfounded => "Ubegrundet", "Unfounded";
    MeasureCompleted => "Indsats afsluttet", "Measure completed";
    HandedOver => "Overdraget til anden myndighed", "Handed over to another authority";
    MovedAway => "Fraflyttet", "Moved away";
    PoliceMatter => "Politisag", "Police matter";
    Other => "Andet", "Other";
});

labels!(legal_basis, LegalBasis {
    Rpl115Nr1 => "Retsplejeloven §115, stk. 1, nr. 1", "Administration of Justice Act §115(1)(1)";
    Rpl115Nr2 => "Retsplejeloven §115, stk. 1, nr. 2", "Administration of Justice Act §115(1)(2)";
    Rpl115Nr3 => "Retsplejeloven §115, stk. 1, nr. 3", "Administration of Justice Act §115(1)(3)";
    Fvl28 => "Forvaltningsloven §28", "Public Administration Act §28";
    Dbl8Stk2 => "Databeskyttelsesloven §8, stk. 2", "Data Protection Act §8(2)";
    Consent => "Samtykke", "Consent";
    Bl133 => "Barnets lov §133 (underretning)", "Children's Act §133 (notification)";
});

pub fn outcome(lang: Lang, o: &ScreeningOutcome) -> String {
    match o {
        ScreeningOutcome::Stands => {
            pick(lang, "Bekymringen står ved magt", "The concern stands").into()
        }
        ScreeningOutcome::Unfounded => pick(lang, "Ubegrundet", "Unfounded").into(),
        ScreeningOutcome::Referred {
            to,
            detail,
            keep_tracking,
        } => {
            let mut s = format!(
                "{} {}",
                pick(lang, "Henvist til", "Referred to"),
                referral(lang, *to)
            );
            if !detail.is_empty() {
                s.push_str(&format!(" ({detail})"));
            }
            if *keep_tracking {
                s.push_str(pick(lang, ", følges fortsat", ", still followed"));
            }
            s
        }
        ScreeningOutcome::PoliceMatter { kind, feedback_due } => format!(
            "{}: {} · {} {}",
            pick(lang, "Politisag", "Police matter"),
            police_matter(lang, *kind),
            pick(lang, "svar fra politiet senest", "police feedback due"),
            format_date(*feedback_due)
        ),
    }
}

/// The outcome kinds as a pick list shows them, in `outcome_index` order.
pub fn outcome_kinds(lang: Lang) -> Vec<String> {
    vec![
        pick(lang, "Bekymringen står ved magt", "The concern stands").into(),
        pick(lang, "Ubegrundet", "Unfounded").into(),
        pick(lang, "Henvist til anden myndighed", "Referred elsewhere").into(),
        pick(
            lang,
            "Politisag (anmeldelse / PET)",
            "Police matter (report / PET)",
        )
        .into(),
    ]
}

pub fn missing(lang: Lang, m: Missing) -> &'static str {
    match m {
        Missing::PoliceContact => pick(
            lang,
            "kontakt til politiet (overhængende fare)",
            "police contact (imminent danger)",
        ),
        Missing::Screening => pick(lang, "indledende vurdering (s)", "screening (s)"),
        Missing::ScreeningCloses => pick(
            lang,
            "udfaldet lukker sagen (c)",
            "the outcome closes the case (c)",
        ),
        Missing::JointReview => pick(
            lang,
            "fælles vurdering med politiet (f)",
            "joint review with police (f)",
        ),
        Missing::ReviewCloses => pick(
            lang,
            "mødet besluttede at lukke (c)",
            "the meeting agreed to close (c)",
        ),
        Missing::Assessment => pick(lang, "en vurdering (v)", "an assessment (v)"),
        Missing::Closure => pick(
            lang,
            "afslutning med årsag og resumé (c)",
            "closure with reason and summary (c)",
        ),
    }
}

pub fn required(lang: Lang, r: Required) -> &'static str {
    match r {
        Required::Participants => pick(lang, "Skriv hvem der deltog.", "Say who took part."),
        Required::Rationale => pick(lang, "Skriv begrundelsen.", "Give the rationale."),
        Required::Summary => pick(lang, "Skriv et resumé.", "Write a summary."),
        Required::Question => pick(lang, "Skriv spørgsmålet.", "Write the question."),
        Required::Answer => pick(lang, "Skriv et resumé af svaret.", "Summarise the answer."),
        Required::Description => pick(
            lang,
            "Beskriv bekymringen (trin 1).",
            "Describe the concern (step 1).",
        ),
        Required::Recommendation => pick(lang, "Vælg en anbefaling.", "Pick a recommendation."),
        Required::Kind => pick(
            lang,
            "Vælg eller skriv indsatsens type.",
            "Pick or type the kind of measure.",
        ),
        Required::Goal => pick(
            lang,
            "Skriv målet med indsatsen.",
            "Write the measure's goal.",
        ),
        Required::Recipient => pick(
            lang,
            "Skriv hvem oplysningerne gik til.",
            "Say who received the information.",
        ),
        Required::What => pick(
            lang,
            "Skriv hvilke oplysninger der blev videregivet.",
            "Say what was passed on.",
        ),
        Required::WaiverReason => pick(
            lang,
            "Skriv hvorfor punktet frafaldes.",
            "Say why the item is waived.",
        ),
        Required::NoReviewsReason => pick(
            lang,
            "Skriv hvorfor der ikke skal være opfølgning efter lukning.",
            "Say why no post-closure reviews are needed.",
        ),
        Required::Responsible => pick(
            lang,
            "Skriv hvem der er ansvarlig for opfølgningen.",
            "Say who is responsible for the follow-up.",
        ),
        Required::NextDate => pick(
            lang,
            "Ad hoc-opfølgning kræver en næste dato.",
            "Ad hoc follow-up needs a next date.",
        ),
        Required::ReviewDecision => pick(
            lang,
            "Vælg udfaldet af den fælles vurdering (§115).",
            "Choose the outcome of the joint review (§115).",
        ),
        Required::FeedbackDate => pick(
            lang,
            "Skriv hvornår politiet senest melder tilbage.",
            "Say when the police are to report back.",
        ),
        Required::Analysis => pick(
            lang,
            "Skriv analysen af situationen.",
            "Write the analysis of the situation.",
        ),
        Required::Goals => pick(lang, "Skriv handleplanens mål.", "Write the plan's goals."),
        Required::WhoDoesWhat => pick(lang, "Skriv hvem der gør hvad.", "Say who does what."),
        Required::Evaluation => pick(
            lang,
            "Skriv hvad evalueringen fandt.",
            "Write what the evaluation found.",
        ),
        Required::Leadership => pick(
            lang,
            "Skriv hvem i ledelsen næste skridt er aftalt med.",
            "Say who in leadership the next step was agreed with.",
        ),
    }
}

pub fn item(lang: Lang, i: ItemRef) -> String {
    match i {
        ItemRef::Request(n) => format!("{} {n}", pick(lang, "anmodning", "request")),
        ItemRef::Measure(n) => format!("{} {n}", pick(lang, "indsats", "measure")),
        ItemRef::Conversation(n) => format!("{} {n}", pick(lang, "samtale", "conversation")),
    }
}

pub fn flow_error(lang: Lang, e: &FlowError) -> String {
    match e {
        FlowError::Legal(e) => super::legal::error(lang, e),
        FlowError::Stage(s) => super::stage_error(lang, s).into(),
        FlowError::Missing(m) => {
            let list: Vec<&str> = m.iter().map(|m| missing(lang, *m)).collect();
            format!(
                "{} {}.",
                pick(
                    lang,
                    "Sagen kan ikke gå videre endnu. Mangler:",
                    "The case cannot move on yet. Missing:"
                ),
                list.join(", ")
            )
        }
        FlowError::WrongStage { stage: s, allowed } => {
            let names: Vec<&str> = allowed.iter().map(|a| stage(lang, *a)).collect();
            match lang {
                Lang::Da => format!(
                    "Sagen er i fasen {}; det registreres i: {}.",
                    stage(lang, *s),
                    names.join(", ")
                ),
                Lang::En => format!(
                    "The case is in {}; this is recorded in: {}.",
                    stage(lang, *s),
                    names.join(", ")
                ),
            }
        }
        FlowError::UseClose => pick(
            lang,
            "En sag lukkes med c (årsag og resumé).",
            "A case is closed with c (reason and summary).",
        )
        .into(),
        FlowError::JointNeedsPolice => pick(
            lang,
            "Fælles vurdering i samme trin kræver tilgang 3 eller 4 (politiet med).",
            "Screening and joint review in one step needs approach 3 or 4 (police present).",
        )
        .into(),
        FlowError::Required(r) => required(lang, *r).into(),
        FlowError::EndBeforeStart => pick(
            lang,
            "Slutdatoen ligger før startdatoen.",
            "The end date is before the start date.",
        )
        .into(),
        FlowError::UnknownItem(i) => format!(
            "{} {}.",
            pick(lang, "Findes ikke på sagen:", "Not on this case:"),
            item(lang, *i)
        ),
        FlowError::NotWaived(items) => {
            let list: Vec<String> = items.iter().map(|i| item(lang, *i)).collect();
            format!(
                "{} {}.",
                pick(
                    lang,
                    "Åbne punkter skal løses eller frafaldes med begrundelse:",
                    "Open items must be resolved or waived with a reason:"
                ),
                list.join(", ")
            )
        }
        FlowError::IncompleteAssessment => pick(
            lang,
            "En vurdering tager stilling til alle ni dimensioner.",
            "An assessment rates all nine dimensions.",
        )
        .into(),
        FlowError::NoSuchReview => pick(
            lang,
            "Der er ingen udestående opfølgning efter lukning.",
            "There is no pending post-closure review.",
        )
        .into(),
        FlowError::BadCadence => pick(
            lang,
            "Et eget interval er 1 til 366 dage.",
            "A custom rhythm is 1 to 366 days.",
        )
        .into(),
        FlowError::NextBeforeFollowUp => pick(
            lang,
            "Næste dato ligger før opfølgningen.",
            "The next date is before the follow-up.",
        )
        .into(),
        FlowError::NoFeedbackAwaited => pick(
            lang,
            "Der afventes ingen tilbagemelding fra politiet på sagen.",
            "No feedback from the police is awaited on this case.",
        )
        .into(),
        FlowError::PoliceUnconfirmed => F::PoliceDisclosureRule.get(lang).into(),
        FlowError::RoundOutOfTurn { phase } => format!(
            "{} {}.",
            pick(
                lang,
                "Det trin kommer ikke nu i forløbshjulet: runden er i fasen",
                "That step does not come now on the case wheel: the round is in its"
            ),
            super::round::phase(lang, *phase)
        ),
        FlowError::RoundWithoutMeasure => pick(
            lang,
            "Runden har ingen indsats at evaluere: start mindst én med m.",
            "The round has no measure to evaluate: start at least one with m.",
        )
        .into(),
        FlowError::RoundClosesCase => pick(
            lang,
            "Runden besluttede at lukke sagen: luk den med c (eller træf en ny beslutning med w).",
            "The round decided to close the case: close it with c (or make a new decision with w).",
        )
        .into(),
    }
}

/// "[POLITI] " before a disclosure of police information.
pub fn police_mark(lang: Lang, d: &crate::domain::flow::Disclosure) -> String {
    if d.police_origin {
        format!("[{}] ", F::PoliceOrigin.get(lang))
    } else {
        String::new()
    }
}

/// Chronology lines of the flow's events.
pub fn event(lang: Lang, p: &EventPayload) -> String {
    match p {
        EventPayload::ScreeningRecorded(s) => format!(
            "{} ({}): {}",
            pick(lang, "Indledende vurdering", "Screening"),
            approach(lang, s.approach),
            outcome(lang, &s.outcome)
        ),
        EventPayload::JointReviewRecorded(r) => format!(
            "{} {}: {} · {} {}",
            pick(lang, "Fælles vurdering (§115)", "Joint review (§115)"),
            format_date(r.date),
            decision(lang, r.decision),
            r.participants.len(),
            pick(lang, "deltagere", "participants")
        ),
        EventPayload::RequestSent(r) => format!(
            "{} {} → {}: {} ({} {})",
            pick(lang, "Oplysningsanmodning", "Info request"),
            r.id,
            authority(lang, r.to),
            r.question,
            pick(lang, "svar senest", "due"),
            format_date(r.due)
        ),
        EventPayload::RequestUpdated {
            id, status, answer, ..
        } => {
            let mut s = format!(
                "{} {id}: {}",
                pick(lang, "Oplysningsanmodning", "Info request"),
                request_status(lang, *status)
            );
            if !answer.is_empty() {
                s.push_str(&format!(" – {answer}"));
            }
            s
        }
        EventPayload::ConversationRecorded(c) => format!(
            "{} {} ({}, {}): {} {}",
            pick(lang, "Bekymringssamtale", "Conversation"),
            c.id,
            held_by(lang, c.held_by),
            with(lang, c.with),
            conversation_status(lang, c.status).to_lowercase(),
            format_date(c.date)
        ),
        EventPayload::AssessmentRecorded(a) => format!(
            "{} {}: {} {} · {}",
            pick(lang, "Vurdering", "Assessment"),
            a.id,
            pick(lang, "samlet risiko", "overall risk"),
            risk(lang, a.overall),
            a.recommendation
        ),
        EventPayload::MeasureRecorded(m) => format!(
            "{} {}: {} ({}) · {}",
            pick(lang, "Indsats", "Measure"),
            m.id,
            m.kind,
            m.organisation,
            measure_status(lang, m.status).to_lowercase()
        ),
        EventPayload::DisclosureRecorded(d) => format!(
            "{}{} → {} ({}{})",
            police_mark(lang, d),
            pick(lang, "Videregivet", "Disclosed"),
            d.recipient,
            legal_basis(lang, d.basis),
            if d.police_confirmed {
                pick(lang, ", §115 bekræftet", ", §115 confirmed")
            } else {
                ""
            }
        ),
        EventPayload::Closed(c) => {
            let mut s = format!(
                "{}: {}",
                pick(lang, "Afsluttet", "Closed"),
                closure_reason(lang, c.reason)
            );
            if !c.waivers.is_empty() {
                s.push_str(&format!(
                    " · {} {}",
                    c.waivers.len(),
                    pick(lang, "frafaldet", "waived")
                ));
            }
            match &c.no_reviews_because {
                Some(r) => s.push_str(&format!(
                    " · {}: {r}",
                    pick(lang, "ingen opfølgning", "no reviews")
                )),
                None => s.push_str(pick(
                    lang,
                    " · opfølgning efter 6 og 12 mdr.",
                    " · reviews after 6 and 12 months",
                )),
            }
            s
        }
        EventPayload::PostReviewHeld {
            months, summary, ..
        } => format!(
            "{} {months} {}: {summary}",
            pick(lang, "Opfølgning efter", "Review after"),
            pick(lang, "mdr.", "months")
        ),
        EventPayload::FollowUpPlanned(p) => format!(
            "{}: {} · {} {}",
            pick(lang, "Opfølgningsplan", "Follow-up plan"),
            super::follow::cadence(lang, p.cadence),
            pick(lang, "ansvarlig", "responsible"),
            p.responsible
        ),
        EventPayload::FollowUpRecorded(f) => {
            let mut s = format!(
                "{}{} {}: {} · {}",
                pick(lang, "Opfølgning", "Follow-up"),
                f.meeting
                    .map(|m| format!(" ({} {m})", pick(lang, "møde", "meeting")))
                    .unwrap_or_default(),
                format_date(f.date),
                super::follow::decision(lang, f.decision),
                f.summary
            );
            if !f.who_acts.is_empty() {
                s.push_str(&format!(
                    " · {}: {}",
                    pick(lang, "handler", "acts"),
                    f.who_acts
                ));
            }
            s.push_str(&format!(
                " · {} {}",
                pick(lang, "næste", "next"),
                format_date(f.next)
            ));
            s
        }
        EventPayload::PoliceFeedbackReceived(f) => format!(
            "{} {}: {}",
            pick(lang, "Tilbagemelding fra politiet", "Police feedback"),
            format_date(f.date),
            f.summary
        ),
        EventPayload::MeetingDecided(d) => meeting_decision(lang, d, false),
        EventPayload::MeetingDecisionCorrected(d) => meeting_decision(lang, d, true),
        other => super::round::event(lang, other).unwrap_or_default(),
    }
}

/// A meeting's decision on the case (or its correction): the meeting and item, the decision,
/// its outcome, who acts, the stage it left the case in and the next date.
fn meeting_decision(
    lang: Lang,
    d: &crate::domain::meeting::MeetingDecision,
    corrected: bool,
) -> String {
    let what = if corrected {
        pick(lang, "Rettet mødebeslutning", "Meeting decision corrected")
    } else {
        pick(lang, "Mødebeslutning", "Meeting decision")
    };
    let mut s = format!(
        "{what} ({} {}, {} {}): {}",
        pick(lang, "møde", "meeting"),
        d.meeting,
        pick(lang, "punkt", "item"),
        d.item + 1,
        d.decision
    );
    if let Some(r) = d.review {
        s.push_str(&format!(" · §115: {}", decision(lang, r)));
    }
    if let Some(f) = d.follow {
        s.push_str(&format!(" · {}", super::follow::decision(lang, f)));
    }
    if let Some(m) = d.post_review {
        s.push_str(&format!(
            " · {} {m} {}",
            pick(lang, "opfølgning efter", "review after"),
            pick(lang, "mdr.", "months")
        ));
    }
    if !d.who_acts.is_empty() {
        s.push_str(&format!(
            " · {}: {}",
            pick(lang, "handler", "acts"),
            d.who_acts
        ));
    }
    s.push_str(&format!(
        " · {}: {}",
        pick(lang, "fase", "stage"),
        super::stage(lang, d.stage)
    ));
    if let Some(n) = d.next {
        s.push_str(&format!(
            " · {} {}",
            pick(lang, "næste", "next"),
            format_date(n)
        ));
    }
    s
}

macro_rules! flow_texts {
    ($($key:ident => $da:expr, $en:expr;)*) => {
        /// Fixed texts of the flow screens.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum F { $($key),* }
        impl F {
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(F::$key => pick(lang, $da, $en)),*
                }
            }
        }
    };
}

flow_texts! {
    TabOverview => "Oversigt", "Overview";
    TabReview => "Vurdering", "Screening";
    TabEnrichment => "Kvalificering", "Enrichment";
    TabMeasures => "Indsats", "Measures";
    TabChronology => "Kronologi", "Chronology";
    Stage => "Fase", "Stage";
    Missing => "Mangler", "Missing";
    ReadyFor => "Klar til", "Ready for";
    MoveKey => "tryk >", "press >";
    RiskLabel => "risiko", "risk";
    Next => "næste", "next";
    Screening => "Indledende vurdering", "Screening";
    NoScreening => "Ingen indledende vurdering endnu (s).", "No screening yet (s).";
    JointReviews => "Fælles vurdering med politiet (§115)", "Joint review with the police (§115)";
    NoJointReview => "Ingen fælles vurdering endnu (f).", "No joint review yet (f).";
    Approach => "Tilgang", "Approach";
    Participants => "Deltagere", "Participants";
    Outcome => "Udfald", "Outcome";
    Rationale => "Begrundelse", "Rationale";
    Date => "Dato", "Date";
    Summary => "Resumé", "Summary";
    Information => "Oplysninger", "Information";
    PoliceOrigin => "POLITI", "POLICE";
    Wheel => "Forløbshjul", "Case wheel";
    From => "fra", "from";
    NextSteps => "Aftalte næste skridt", "Agreed next steps";
    Decision => "Aftale", "Agreed";
    PoliceFeedback => "Svar fra politiet senest", "Police feedback due";
    Requests => "Oplysningsanmodninger", "Information requests";
    NoRequests => "Ingen anmodninger (i).", "No requests (i).";
    Conversations => "Bekymringssamtaler", "Conversations";
    NoConversations => "Ingen samtaler (b).", "No conversations (b).";
    Assessments => "Vurderinger", "Assessments";
    NoAssessments => "Ingen vurderinger (v).", "No assessments (v).";
    Overdue => "forfalden", "overdue";
    Due => "svar senest", "due";
    Measures => "Indsatser", "Measures";
    NoMeasures => "Ingen indsatser (m).", "No measures (m).";
    Disclosures => "Videregivelser uden for samarbejdet", "Disclosures outside the cooperation";
    NoDisclosures => "Ingen videregivelser (u).", "No disclosures (u).";
    Closure => "Afslutning", "Closure";
    PostReviews => "Opfølgning efter lukning", "Post-closure reviews";
    Held => "afholdt", "held";
    Pending => "udestår", "pending";
    Months => "mdr.", "months";
    EnterOpens => "Enter åbner det valgte punkt", "Enter opens the selected item";
    Resource => "ressource", "resource";
    Previous => "Forrige", "Previous";
    Newest => "Nyeste", "Newest";
    Changed => "ændret", "changed";
    Overall => "Samlet risiko", "Overall risk";
    Recommendation => "Anbefaling", "Recommendation";
    Step1 => "1 · Beskrivelse af bekymringen", "1 · The concern described";
    Step2 => "2 · Analyse på ni dimensioner", "2 · Analysis on nine dimensions";
    Step3 => "3 · Samlet vurdering og anbefaling", "3 · Overall assessment and recommendation";
    AssessmentTitle => "Vurdering", "Assessment";
    Planned => "planlagt slut", "planned end";
    Goal => "Mål", "Goal";
    Evaluation => "Evaluering", "Evaluation";
    Level => "Niveau", "Level";
    Responsible => "Ansvarlig", "Responsible";
    Basis => "Hjemmel", "Legal basis";
    Reason => "Årsag", "Reason";
    Waived => "Frafaldet", "Waived";
    NoReviewsBecause => "Ingen opfølgning efter lukning", "No post-closure reviews";
    Moved => "Sagen er flyttet til", "The case moved to";
    Saved => "Gemt", "Saved";
    NextFollowUp => "Opfølgning", "Follow-up";
    NextDateHint => "Næste opfølgningsdato for sagen (dd-mm-åååå, +14, i dag)", "The case's next follow-up date (dd-mm-yyyy, +14, today)";
    Journalise => "Husk at journalisere beslutningen i ESDH (offentlighedsloven §13): infohus case N --summary.", "Remember to journalise the decision in the case system (Access to Public Administration Files Act §13): infohus case N --summary.";
    AlsoJoint => "§115 i samme trin", "§115 in same step";
    AlsoJointHint => "Politiets tovholder deltog: vurdering og §115-møde i ét trin", "The police tovholder took part: screening and §115 review in one step";
    ReferredTo => "Henvist til", "Referred to";
    ReferredDetail => "Hvem / enhed", "Unit / person";
    KeepTracking => "Følges fortsat af teamet", "Still followed by the team";
    PoliceKind => "Politisag", "Police matter";
    Participant => "Deltager", "Participant";
    ParticipantHint => "Vælg fra listen eller skriv: navn, organisation, rolle", "Pick from the list or type: name, organisation, role";
    InfoItem => "Oplysning", "Information";
    InfoFrom => "Kilde", "Source";
    StepWhat => "Næste skridt", "Next step";
    StepWho => "Hvem handler", "Who acts";
    To => "Til", "To";
    Question => "Spørgsmål", "Question";
    Sent => "Sendt", "Sent";
    DueDate => "Svarfrist", "Answer due";
    Status => "Status", "Status";
    Answer => "Svar (resumé)", "Answer (summary)";
    AnswerTitle => "Svar på oplysningsanmodning", "Answer to information request";
    RequestTitle => "Oplysningsanmodning", "Information request";
    ConversationTitle => "Bekymringssamtale", "Conversation";
    HeldByLabel => "Afholdes af", "Held by";
    WithLabel => "Med", "With";
    Kind => "Type", "Type";
    Organisation => "Organisation", "Organisation";
    Start => "Start", "Start";
    PlannedEnd => "Planlagt slut", "Planned end";
    MeasureTitle => "Indsats", "Measure";
    DisclosureTitle => "Videregivelse uden for samarbejdet", "Disclosure outside the cooperation";
    Recipient => "Modtager", "Recipient";
    WhatPassed => "Hvilke oplysninger", "What information";
    BasisHint => "Ingen hjemmel – ingen videregivelse", "No legal basis – no disclosure";
    PoliceDisclosureRule => "[POLITI] Oplysninger fra politiet (retsplejelovens §115): de må kun videregives i kriminalpræventivt øjemed og aldrig til efterforskning af straffesager; uden for samarbejdet kræver det sin egen hjemmel, og politiet skal høres først. Bekræft det, før videregivelsen registreres.", "[POLICE] Information from the police (Administration of Justice Act §115): it may be passed on only for crime prevention and never for the investigation of criminal cases; outside the cooperation it needs its own legal basis, and the police must be consulted first. Confirm this before the disclosure is recorded.";
    PoliceInformation => "Oplysninger fra politiet [POLITI]", "Information from the police [POLICE]";
    PoliceFound => "Teksten indeholder oplysninger fra politiet", "The text holds information from the police";
    PoliceConfirm => "§115 bekræftet", "§115 confirmed";
    PoliceConfirmHint => "Mellemrum: politiet er hørt, og det er ikke til efterforskning", "Space: the police were consulted, and it is not for an investigation";
    CloseTitle => "Afslut sag", "Close case";
    WaiveHint => "Punktet er åbent: skriv hvorfor det frafaldes, eller løs det først (Enter på punktet)", "The item is open: say why it is waived, or resolve it first (Enter on the item)";
    OpenItems => "Åbne punkter: frafald med begrundelse", "Open items: waive with a reason";
    SkipReviews => "Ingen opfølgning efter 6 og 12 mdr.", "No reviews after 6 and 12 months";
    SkipReviewsWhy => "Begrundelse", "Reason";
    MoveTitle => "Flyt fase", "Change stage";
    ToStage => "Til fase", "To stage";
    MoveReasonHint => "Spring over, gå tilbage og genåbning kræver en begrundelse", "Skipping, going back and reopening need a reason";
    PostReviewTitle => "Opfølgning efter lukning", "Post-closure review";
    Which => "Hvilken", "Which";
    Step1Label => "Bekymringen", "The concern";
    RiskOf => "Risiko", "Risk";
    ResourceOf => "Ressource", "Resource";
    Note => "Note", "Note";
    Held2 => "Afholdt", "Held";
    DueBeforeSent => "Svarfristen ligger før afsendelsen.", "The answer is due before the request was sent.";
    EndBeforeStart => "Slutdatoen ligger før starten.", "The end date is before the start.";
}
