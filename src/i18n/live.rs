//! Texts of the live call (issue 13): moments and ages as people say them, the follow-up call,
//! the underretning chased, CPR numbers kept as typed, drafts of every form, search reasons.

use super::{Lang, pick};
use crate::domain::dates::DateError;
use crate::domain::draft::FormKind;

macro_rules! texts {
    ($($key:ident => $da:expr, $en:expr;)*) => {
        /// Fixed texts of the intake, the form drafts and search.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Lc { $($key),* }
        impl Lc {
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(Lc::$key => pick(lang, $da, $en)),*
                }
            }
        }
    };
}

texts! {
    MomentHint => "Tid: 14:05, kl. 9, nu, i dag 14:05, i går 22:15 eller DD-MM-ÅÅÅÅ TT:MM",
        "Time: 14:05, at 9, now, today 14:05, yesterday 22:15 or DD-MM-YYYY HH:MM";
    InFuture => "Tidspunktet ligger i fremtiden – det er sket, så det kan ikke være senere end nu.",
        "The time is in the future – it has happened, so it cannot be later than now.";
    ToggleHint => "Mellemrum sætter eller fjerner krydset; bogstaver skrives ikke her (Tab går videre).",
        "Space ticks or unticks; letters are not typed here (Tab moves on).";
    UnknownName => "(ukendt navn)", "(unknown name)";
    BirthDateHint => "Fødselsdato: DD-MM-ÅÅÅÅ", "Birth date: DD-MM-YYYY";
    AgeHint => "Alder som sagt: 16, ca. 16, 16 år eller 16-17", "Age as said: 16, about 16, 16 years or 16-17";
    AgeNotUnderstood => "Skriv alderen som 16, ca. 16 eller 16-17 (0–120).",
        "Write the age as 16, about 16 or 16-17 (0–120).";
    CprInvalid => "ugyldigt — gemmes ikke som CPR", "invalid — not kept as a CPR number";
    CprInvalidHint => "Ugyldigt CPR-nummer — gemmes ikke som CPR; ved oprettelse kan det flyttes til beskrivelsen.",
        "Invalid CPR number — not kept as one; on filing it can be moved into the description.";
    CprNoted => "Oplyst CPR (ugyldigt)", "CPR number given (invalid)";
    PoliceBy => "Kontaktet af", "Called by";
    PoliceAt => "Kontaktet kl.", "Called at";
    PoliceByHint => "Hvem ringede til politiet (112/114)?", "Who called the police (112/114)?";
    UnderretningAtHint => "Hvornår underretningen blev sendt: 14:05, i dag, i går 15:30…",
        "When the notification was sent: 14:05, today, yesterday 15:30…";
    CannotFile => "Kan ikke oprettes endnu:", "Cannot be filed yet:";
    DescriptionOrConcern => "Skriv en beskrivelse eller mindst én bekymringstype.",
        "Write a description or tick at least one concern type.";
    SourceNeeded => "Vælg en kilde (skriv for at søge), eller markér henvenderen som anonym.",
        "Choose a source (type to search), or mark the reporter anonymous.";
    PanelHintNew => "Ctrl-N/P vælg · Ctrl-O opkald · Ctrl-L kæd",
        "Ctrl-N/P select · Ctrl-O add call · Ctrl-L link";
    PanelHintEdit => "Ctrl-N/P vælg · Ctrl-L kæd", "Ctrl-N/P select · Ctrl-L link";
    Received => "modt.", "recv.";
    SelectCaseFirst => "Vælg først den tidligere sag i panelet med Ctrl-N.",
        "First select the earlier case in the panel with Ctrl-N.";
    ContactAdded => "Opkaldet er tilføjet sag", "The call was added to case";
    ContactNotOnEdit => "Et opkald tilføjes fra en ny henvendelse, ikke fra en rettelse.",
        "A call is added from a new concern, not from a correction.";
    Contact => "Opkald/henvendelse", "Call/contact";
    UnderretningMissing => "underretning ikke sendt", "underretning not sent";
    DraftOf => "Kladde", "Draft";
    Resumed => "Kladden er genoptaget – der skrives videre, hvor du slap.",
        "The draft was resumed – typing goes on where it stopped.";
    CaseGone => "Sagen til kladden findes ikke længere; kladden kan kasseres med x.",
        "The draft's case no longer exists; x discards the draft.";
    SearchName => "navn", "name";
    SearchNumber => "sagsnr.", "case no.";
    SearchDistrict => "bydel", "district";
    SearchText => "beskrivelse", "description";
    SearchMore => "eller flere – skriv mere for at indsnævre", "or more – type more to narrow it down";
    NotifiedOrWhyNot => "Underretning", "Underretning";
    Sent => "Sendt", "Sent";
    NotSent => "Ikke sendt – begrundelse", "Not sent – reason";
    Outcome => "Underretning", "Underretning";
    SentAt => "Sendt", "Sent at";
    SentTo => "Sendt til", "Sent to";
    Reason => "Hvorfor ikke", "Why not";
    UnderretningRecorded => "Underretningen er noteret; fristerne løber fra den.",
        "The underretning is recorded; its deadlines run from it.";
    NotNotifiedRecorded => "Begrundelsen er noteret; underretningen jagtes ikke længere.",
        "The reason is recorded; the underretning is no longer chased.";
    UnderretningNotNeeded => "Sagen har allerede en underretning.", "The case already has an underretning.";
}

/// A date-and-time field's error.
pub fn moment_error(lang: Lang, e: &DateError) -> &'static str {
    match e {
        DateError::Format => pick(
            lang,
            "Skriv et klokkeslæt (14:05), nu, i går 22:15 eller DD-MM-ÅÅÅÅ TT:MM.",
            "Write a time (14:05), now, yesterday 22:15 or DD-MM-YYYY HH:MM.",
        ),
        other => super::date_error(lang, other),
    }
}

/// Letters typed into a choice that matched nothing were not kept.
pub fn filter_dropped(lang: Lang, typed: &str, field: &str) -> String {
    match lang {
        Lang::Da => format!("«{typed}» passede ikke til et valg i {field} og er ikke gemt."),
        Lang::En => format!("“{typed}” matched no option of {field} and was not kept."),
    }
}

/// Asks before filing with a CPR number that cannot be one.
pub fn move_cpr_question(lang: Lang, cpr: &str) -> String {
    match lang {
        Lang::Da => format!(
            "CPR-nummeret «{cpr}» er ugyldigt og kan ikke gemmes som CPR. Flyt det ind i beskrivelsen og fortsæt? (j/n)"
        ),
        Lang::En => format!(
            "The CPR number “{cpr}” is invalid and cannot be kept as one. Move it into the description and go on? (y/n)"
        ),
    }
}

/// What a draft in the work queue is a draft of.
pub fn form_kind(lang: Lang, k: FormKind) -> &'static str {
    match k {
        FormKind::Intake => pick(lang, "henvendelse", "concern"),
        FormKind::Screening => pick(lang, "indl. vurdering", "screening"),
        FormKind::JointReview => pick(lang, "§115-møde", "§115 review"),
        FormKind::InfoRequest => pick(lang, "oplysningsanm.", "info request"),
        FormKind::Answer { .. } => pick(lang, "svar", "answer"),
        FormKind::Conversation { .. } => pick(lang, "samtale", "conversation"),
        FormKind::Assessment => pick(lang, "vurdering", "assessment"),
        FormKind::Measure { .. } => pick(lang, "indsats", "measure"),
        FormKind::Disclosure => pick(lang, "videregivelse", "disclosure"),
        FormKind::Closure => pick(lang, "afslutning", "closure"),
        FormKind::MoveStage => pick(lang, "fase", "stage"),
        FormKind::PostReview { .. } => pick(lang, "efterkontrol", "post review"),
        FormKind::FollowUp { .. } => pick(lang, "opfølgning", "follow-up"),
        FormKind::FollowUpPlan => pick(lang, "opfølgningsplan", "follow-up plan"),
        FormKind::PoliceFeedback => pick(lang, "politiets svar", "police feedback"),
        FormKind::Legal(_) => pick(lang, "lovpligtig frist", "legal deadline"),
        FormKind::NewMeeting => pick(lang, "nyt møde", "new meeting"),
        FormKind::MeetingItem { .. } => pick(lang, "mødebeslutning", "meeting decision"),
        FormKind::MeetingTopic { .. } => pick(lang, "mødepunkt", "meeting item"),
        FormKind::Underretning => pick(lang, "underretning", "underretning"),
        FormKind::Round { .. } => pick(lang, "forløbshjul", "forløbshjul"),
    }
}

/// Why `/` search found a case.
pub fn search(lang: Lang, r: &crate::service::SearchReason) -> String {
    use crate::service::SearchReason as S;
    match r {
        S::Person(m) => super::reason(lang, m),
        S::Number => Lc::SearchNumber.get(lang).into(),
        S::Name => Lc::SearchName.get(lang).into(),
        S::District => Lc::SearchDistrict.get(lang).into(),
        S::Description => Lc::SearchText.get(lang).into(),
    }
}
