//! Every text the user sees, in Danish (default) and English.

use crate::domain::EventPayload;
use crate::domain::age::AgeBand;
use crate::domain::cpr::CprError;
use crate::domain::dates::DateError;
use crate::domain::dates::format_date;
use crate::domain::intake::{Channel, ConcernType, FieldId, FieldProblem, SourceCategory};
use crate::domain::matching::MatchReason;
use crate::domain::stage::{Stage, StageError};
use crate::service::ServiceError;
use crate::store::StoreError;

pub mod access;
pub mod check;
pub mod demo;
pub mod flow;
pub mod follow;
pub mod legal;
pub mod live;
pub mod retention;
pub mod round;
pub mod server;
pub mod trends;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    #[default]
    Da,
    En,
}

impl Lang {
    /// What `--lang` takes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "da" | "dk" | "dansk" | "danish" => Some(Lang::Da),
            "en" | "english" | "engelsk" => Some(Lang::En),
            _ => None,
        }
    }
}

macro_rules! texts {
    ($($key:ident => $da:expr, $en:expr;)*) => {
        /// Keys of fixed texts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($key),* }
        impl T {
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(T::$key => match lang { Lang::Da => $da, Lang::En => $en }),*
                }
            }
        }
    };
}

texts! {
    AppTitle => "infohus", "infohus";
    DemoBadge => "DEMODATA", "DEMO DATA";
    WorkQueue => "Arbejdsliste", "Work queue";
    CaseList => "Sagsliste", "Case list";
    CaseDetail => "Sag", "Case";
    NewIntake => "Ny henvendelse", "New concern";
    EditIntake => "Ret henvendelse", "Edit concern";
    Drafts => "Kladder (ikke oprettet)", "Drafts (not filed)";
    NoDrafts => "Ingen kladder", "No drafts";
    Overdue => "Forfaldne", "Overdue";
    DueThisWeek => "Denne uge", "This week";
    OpenCases => "Åbne sager", "Open cases";
    Later => "Senere", "Later";
    NothingDue => "Ingen åbne sager. Tryk n for en ny henvendelse.", "No open cases. Press n for a new concern.";
    NoCasesFound => "Ingen sager passer til søgningen.", "No cases match the search.";
    Search => "Søg", "Search";
    Filters => "Filtre", "Filters";
    Any => "alle", "any";
    Stage => "Fase", "Stage";
    ConcernTypeLabel => "Bekymring", "Concern";
    AgeBandLabel => "Alder", "Age";
    NextDate => "Næste", "Next";
    Received => "Modtaget", "Received";
    ReceivedBy => "Modtaget af", "Received by";
    Reporter => "Henvender", "Reporter";
    Anonymous => "anonym", "anonymous";
    Person => "Borger", "Person";
    Description => "Beskrivelse", "Description";
    Chronology => "Kronologi", "Chronology";
    LinkedCases => "Sammenkædede sager (samme person)", "Linked cases (same person)";
    PriorCases => "Tidligere sager", "Earlier cases";
    NoPriorCases => "Ingen tidligere sager fundet.", "No earlier cases found.";
    PriorHint => "Ctrl-N/P vælg · Ctrl-L kæd", "Ctrl-N/P select · Ctrl-L link";
    Linked => "kædet", "linked";
    ImminentDanger => "OVERHÆNGENDE FARE", "IMMINENT DANGER";
    DangerShort => "FARE", "DANGER";
    DangerCardTitle => "Actioncard: overhængende sikkerhedsrisiko", "Action card: imminent danger";
    DangerCard1 => "Ring 112 ved akut fare for liv – ellers politiet på 114.", "Call 112 if life is in danger – otherwise the police on 114.";
    DangerCard2 => "Notér hvem der kontaktede politiet og hvornår.", "Record who contacted the police and when.";
    DangerCard3 => "Sagen kan ikke oprettes før politikontakten er noteret.", "The case cannot be filed until the police contact is recorded.";
    DangerCard4 => "Orientér SSP-koordinator/leder straks.", "Inform the SSP coordinator/lead at once.";
    UnderretningTitle => "Under 18: underretningspligt (Barnets lov §133)", "Under 18: duty to notify (Barnets lov §133)";
    UnderretningText => "Under 18: underretningspligt §133 – notér nederst", "Under 18: duty to notify (§133) – record below";
    Mod11Warning => "mod11 ✗ (ok efter 2007)", "mod11 ✗ (ok since 2007)";
    DraftSaved => "Kladde gemt", "Draft saved";
    Saved => "Gemt", "Saved";
    FiledAs => "Oprettet som sag", "Filed as case";
    EditSaved => "Ændringer gemt på sag", "Changes saved on case";
    NothingChanged => "Ingen ændringer – kladden er lukket.", "Nothing changed – the draft is closed.";
    CannotFile => "Kan ikke oprettes endnu:", "Cannot be filed yet:";
    DraftDiscarded => "Kladden er slettet.", "The draft was discarded.";
    ConfirmDiscard => "Slet kladden? Det kan ikke fortrydes. (j/n)", "Discard the draft? This cannot be undone. (y/n)";
    ConfirmQuit => "Afslut infohus? (j/n)", "Quit infohus? (y/n)";
    Yes => "j", "y";
    NoteAdded => "Notat tilføjet.", "Note added.";
    NextDateChanged => "Næste dato ændret.", "Next date changed.";
    PromptNote => "Notat", "Note";
    PromptNextDate => "Næste opfølgning (DD-MM-ÅÅÅÅ)", "Next follow-up (DD-MM-YYYY)";
    PromptCommand => "Kommando (sagsnummer, q, start)", "Command (case number, q, start)";
    UnknownCommand => "Ukendt kommando. Skriv et sagsnummer, q eller start.", "Unknown command. Type a case number, q or start.";
    HelpTitle => "Taster", "Keys";
    HelpClose => "Esc lukker", "Esc closes";
    TooSmall => "Gør vinduet større", "Make the window larger";
    Minimum => "mindst", "at least";
    Masked => "skjult", "hidden";
    CprRevealed => "CPR vist – visningen er logget.", "CPR shown – the view was logged.";
    Truncated => "Teksten var for lang og er afkortet.", "The text was too long and was cut.";
    ControlsRemoved => "Kontroltegn er fjernet.", "Control characters were removed.";
    Loading => "Indlæser…", "Loading…";
    Cases => "sager", "cases";
    OneCase => "sag", "case";
    Of => "af", "of";
    Events => "hændelser", "events";
    Yes2 => "ja", "yes";
    No2 => "nej", "no";
    Notes => "Notat", "Note";
    Age => "år", "years";
    AgeApprox => "ca.", "approx.";
    EditedFields => "Rettet", "Edited";
    FiledEvent => "Henvendelse oprettet", "Concern filed";
    LinkedEvent => "Kædet sammen med sag", "Linked to case";
    NextDateEvent => "Næste dato sat til", "Next date set to";
    StageEvent => "Fase ændret", "Stage changed";
    By => "af", "by";
    Police => "Politi kontaktet", "Police contacted";
    Underretning => "Underretning", "Notification";
    SectionPerson => "Borger", "Person";
    SectionConcern => "Henvendelse", "Concern";
    SectionReporter => "Henvender", "Reporter";
    SectionSafety => "Sikkerhed og underretning", "Safety and notification";
    DraftWord => "kladde", "draft";
    NotADraft => "Kun kladder kan slettes.", "Only drafts can be discarded.";
    NoCpr => "Der er ikke noteret noget CPR-nummer.", "No CPR number is recorded.";
    RevealHint => "r viser – logges", "r shows – logged";
    FieldFull => "Feltet er fuldt.", "The field is full.";
    DraftKept => "Kladden er gemt og ligger i arbejdslisten.", "The draft is saved and waits in the work queue.";
    NotSaved => "IKKE GEMT", "NOT SAVED";
    CprFormat => "DDMMÅÅ-XXXX", "DDMMYY-XXXX";
    DateFormat => "DD-MM-ÅÅÅÅ TT:MM", "DD-MM-YYYY HH:MM";
    ConcernHint => "↑↓ felt · ←→ vælg · mellemrum markerer", "↑↓ field · ←→ choose · space ticks";
    ChoiceHint => "←→ eller mellemrum skifter", "←→ or space changes";
    PressEnter => "Enter eller Esc lukker kortet.", "Enter or Esc closes the card.";
    TextKeysHelp => "I tekstfelter: ←→ Home End, Ctrl-W sletter ord, Ctrl-U sletter til start, indsæt virker.", "In text fields: ←→ Home End, Ctrl-W deletes a word, Ctrl-U deletes to the start, paste works.";
    KOlderNewer => "ældre / nyere vurdering", "older / newer assessment";
    KActionCards => "actioncards (hvem gør hvad, hvem ringer man til)", "actioncards (who does what, whom to call)";
    KCardOpen => "vis kortet", "show the card";
    KCardBack => "tilbage til listen / luk", "back to the list / close";
    CardsTitle => "Actioncards", "Actioncards";
    CardsKeys => "Enter åbn · Esc luk", "Enter open · Esc close";
    CardsBack => "Esc tilbage", "Esc back";
    CardsNone => "Ingen actioncards.", "No actioncards.";
    CardsSuggested => "anbefalet til sagen", "suggested for the case";
    KTabs => "skift faneblad", "switch tab";
    KTabNumber => "gå til faneblad", "go to tab";
    KOpenItem => "åbn / opdatér det valgte punkt", "open / update the selected item";
    KMoveOn => "videre til næste fase", "on to the next stage";
    KMoveStage => "spring over, gå tilbage eller genåbn (med begrundelse)", "skip, go back or reopen (with a reason)";
    KScreening => "indledende vurdering", "screening";
    KReview => "fælles vurdering med politiet (§115)", "joint review with the police (§115)";
    KRequest => "ny oplysningsanmodning", "new information request";
    KConversation => "bekymringssamtale", "conversation";
    KAssessment => "ny vurdering (9 dimensioner)", "new assessment (9 dimensions)";
    KMeasure => "ny indsats", "new measure";
    KDisclosure => "registrér videregivelse (med hjemmel)", "record a disclosure (with legal basis)";
    KCloseCase => "afslut sagen", "close the case";
    KPostReview => "opfølgning efter lukning", "post-closure review";
    KFollowUp => "registrér opfølgning (næste dato efter rytmen)", "record a follow-up (next date by the rhythm)";
    KFollowUpPlan => "opfølgningsplan: rytme og ansvarlig", "follow-up plan: rhythm and responsible";
    KPoliceFeedback => "politiets tilbagemelding modtaget", "police feedback received";
    KRedact => "skjult visning til/fra (initialer, intet CPR)", "redacted view on/off (initials, no CPR)";
    KMeetings => "møder (dagsorden, beslutninger, referat)", "meetings (agenda, decisions, minutes)";
    KNewMeeting => "nyt møde", "new meeting";
    KNextItem => "næste punkt", "next item";
    KDecide => "beslutning", "decision";
    KPanel => "panel", "panel";
    KPullIn => "tag udeladte sager med", "pull in cases left off";
    KMinutes => "referat", "minutes";
    KAddTopic => "nyt punkt (på dagsordenen eller i emnebanken)", "new item (on the agenda or in the topic bank)";
    KLegalUrgency => "underretning: hastevurdering bekræftet (24 timer)", "notification: urgency assessment confirmed (24 hours)";
    KLegalReceipt => "underretning: kvittering modtaget (6 hverdage)", "notification: receipt confirmed (6 working days)";
    KLegalFeedback => "underretning: tilbagemelding om støtte (§137)", "notification: feedback on support (§137)";
    KLegalHandOver => "fylder 18: overdraget eller beholdes", "turns 18: handed over or kept";
    Notice115 => "§115: Oplysningerne udveksles kun til kriminalitetsforebyggelse og kun i nødvendigt omfang; de må ikke videregives til efterforskning, videregivelse uden for samarbejdet kræver selvstændig hjemmel, og Infohus træffer ingen afgørelser – hver myndighed beslutter i eget system.", "§115: Information is exchanged only for crime prevention and only as far as necessary; it may not be passed on for criminal investigation, passing it outside the cooperation needs its own legal basis, and the Infohus decides nothing – each authority decides in its own system.";
    Resumed => "Kladden er genoptaget.", "The draft was resumed.";
    DraftOf => "kladde af", "draft by";
    EditOfCase => "rettelse til sag", "edit of case";
    NoSelection => "Intet valgt.", "Nothing selected.";
    EmptyTitle => "(intet navn)", "(no name)";
    ForCase => "for sag", "for case";
    Sex => "Juridisk køn", "Legal sex";
    Female => "kvinde", "female";
    Male => "mand", "male";
    KNew => "ny henvendelse", "new concern";
    KSearch => "søg", "search";
    KHelp => "hjælp", "help";
    KCommand => "kommando (:42 åbner sag 42, :q afslutter)", "command (:42 opens case 42, :q quits)";
    KForceQuit => "afslut straks (kladden er gemt)", "quit now (the draft is saved)";
    KMove => "flyt", "move";
    KTopBottom => "første/sidste", "first/last";
    KPage => "side op/ned", "page up/down";
    KOpenResume => "åbn", "open";
    KDiscard => "slet kladde", "discard draft";
    KCaseList => "sagsliste", "case list";
    KRefresh => "opdatér", "refresh";
    KQuit => "afslut", "quit";
    KOpen => "åbn", "open";
    KFilterStage => "filter: fase", "filter: stage";
    KFilterConcern => "filter: bekymring", "filter: concern";
    KFilterAge => "filter: alder", "filter: age";
    KClearFilters => "nulstil filtre", "clear filters";
    KBack => "tilbage", "back";
    KEndSearch => "afslut søgning", "end search";
    KScroll => "rul", "scroll";
    KEdit => "ret henvendelse", "edit concern";
    KNote => "notat", "note";
    KNextDate => "næste dato", "next date";
    KReveal => "vis CPR (logges)", "show CPR (logged)";
    KNextField => "næste felt", "next field";
    KPrevField => "forrige felt", "previous field";
    KFile => "opret sag", "file case";
    KSaveEdit => "gem rettelsen", "save the correction";
    KOpenHit => "åbn det valgte hit (øverst først)", "open the selected hit (the top one first)";
    KFollowUpCall => "tilføj opkaldet til den valgte sag", "add this call to the selected case";
    KUnderretning => "underretning: sendt, eller hvorfor ikke", "underretning: sent, or why not";
    KTextMove => "flyt markøren", "move the cursor";
    KTextWord => "et ord frem/tilbage", "a word back/forward";
    KTextStart => "til starten af feltet", "to the start of the field";
    KTextEnd => "til slutningen af feltet", "to the end of the field";
    KTextDelete => "slet tegn før/efter", "delete the character before/after";
    KTextDeleteWord => "slet ordet før markøren", "delete the word before the cursor";
    KTextDeleteToStart => "slet til starten", "delete to the start";
    KTextDeleteToEnd => "slet til slutningen", "delete to the end";
    KDanger => "overhængende fare", "imminent danger";
    KChoice => "vælg / markér", "choose / tick";
    KMatchSelect => "vælg tidligere sag", "select earlier case";
    KMatchLink => "kæd sammen (samme person)", "link (same person)";
    KLeaveForm => "luk (kladden gemmes)", "close (draft is kept)";
    KClose => "luk", "close";
    KKeepMine => "behold din", "keep yours";
    KKeepTheirs => "behold kollegaens", "keep colleague's";
    KClashSave => "gem", "save";
    KClashBack => "tilbage (intet gemt)", "back (nothing saved)";
    KClashMove => "forrige/næste felt", "previous/next field";
    ClashTitle => "Samme felt ændret af to", "The same field changed by two";
    ClashIntro => "Du og en kollega har ændret de samme felter; vælg for hvert felt, hvad der skal gemmes. Ændret af", "You and a colleague changed the same fields; choose for each field what to keep. Changed by";
    ClashMine => "Din tekst", "Your text";
    ClashTheirs => "Kollegaens tekst", "The colleague's text";
    ClashKept => "beholdes", "kept";
    ClashUnanswered => "Vælg 1 eller 2 for hvert felt, før der gemmes.", "Choose 1 or 2 for every field before saving.";
    FormChanged => "* ændret", "* changed";
    FormRequiredLegend => "* skal udfyldes", "* required";
    FormRequired => "Skal udfyldes.", "Required.";
    FormCannotSave => "Kan ikke gemmes endnu:", "Cannot be saved yet:";
    FormNoMatch => "(intet passer)", "(no match)";
    FormMore => "flere", "more";
    FormChoiceHint => "←→ vælg · skriv for at filtrere · mellemrum viser listen", "←→ choose · type to filter · space shows the list";
    FormListHint => "↑↓ flyt · Enter vælger · Esc lukker listen", "↑↓ move · Enter picks · Esc closes the list";
    FormMultiHint => "↑↓ flyt · mellemrum markerer", "↑↓ move · space ticks";
    FormFlagHint => "mellemrum skifter ja/nej", "space switches yes/no";
    FormComboHint => "skriv frit · ↓ vælger et forslag", "type freely · ↓ picks a suggestion";
    FormDateHint => "DD-MM-ÅÅÅÅ · +14 (dage fra i dag) · i dag", "DD-MM-YYYY · +14 (days from today) · today";
    FormTextHint => "Teksten ombrydes; Enter går til næste felt.", "The text wraps; Enter goes to the next field.";
    ConfirmDiscardChanges => "Kassér ændringerne i formularen? (j/n)", "Discard the changes in the form? (y/n)";
    ConfirmDiscardDraft => "Kassér det skrevne? j ja · n nej · k luk, behold kladden", "Discard what was typed? y yes · n no · k close, keep the draft";
    HelpText => "I tekstfelter", "In text fields";
    HelpThis => "Denne hjælp", "This help";
    ChangesDiscarded => "Ændringerne er kasseret.", "The changes were discarded.";
    FormKeysHelp => "I valglister: skriv for at filtrere, Enter tager valget, Backspace/Delete rydder. Afkrydsning: kun Mellemrum. Datoer: DD-MM-ÅÅÅÅ, +14, -3, i dag, i morgen. Tidspunkter: 14:05, kl. 9, nu, i går 22:15. Alder: 16, ca. 16, 16-17.", "In pick lists: type to filter, Enter takes the option, Backspace/Delete clears. Checkboxes: Space only. Dates: DD-MM-YYYY, +14, -3, today, tomorrow. Times: 14:05, at 9, now, yesterday 22:15. Ages: 16, about 16, 16-17.";
    Form => "Formular", "Form";
    KSave => "gem", "save";
    KFormAccept => "vælg / næste felt", "pick / next field";
    KFormUpDown => "flyt i liste / felt", "move in list / field";
    KFormCycle => "skift valg (valgfelter)", "change choice (choice fields)";
    KFormToggle => "markér / vis liste", "tick / show list";
    KCloseForm => "luk (spørger først)", "close (asks first)";
    KForceQuitForm => "afslut straks (det skrevne er gemt som kladde)", "quit at once (what is typed is kept as a draft)";
    Stopping => "infohus lukker – kladden er gemt.", "infohus is closing – the draft is saved.";
    KStatistics => "statistik (anonyme tal)", "statistics (anonymous counts)";
    KChangePeriod => "skift periode", "change the period";
    KTrends => "tendenser (mod perioden før)", "trends (against the period before)";
    KTrendMonths => "skift antal måneder", "change the months";
    GuideHint => "Vejledning: infohus vejledning (docs/vejledning.md)", "Guide (in Danish): infohus vejledning (docs/vejledning.md)";
    KRoundStep => "forløbshjul: rundens næste trin", "case wheel: the round's next step";
    KLegalHold => "retlig tilbageholdelse til/fra", "legal hold on/off";
    PromptHold => "Retlig tilbageholdelse – begrundelse", "Legal hold – reason";
    PromptLiftHold => "Ophæv retlig tilbageholdelse – begrundelse", "Lift legal hold – reason";
    KUnlock => "lås op (bekræft at det er dig)", "unlock (confirm it is you)";
    KStayLocked => "bliv låst", "stay locked";
    KViewerQuit => "afslut", "quit";
}

pub fn channel(lang: Lang, c: Channel) -> &'static str {
    let (da, en) = match c {
        Channel::Phone => ("telefon", "phone"),
        Channel::Email => ("mail", "e-mail"),
        Channel::InPerson => ("personligt", "in person"),
        Channel::Letter => ("brev", "letter"),
        Channel::Other => ("andet", "other"),
    };
    pick(lang, da, en)
}

pub fn source(lang: Lang, s: SourceCategory) -> &'static str {
    use SourceCategory::*;
    let (da, en) = match s {
        PrimarySchool => (
            "folkeskole (lærer, UU, pædagog)",
            "primary school (teacher, guidance, educator)",
        ),
        YouthEducation => ("ungdomsuddannelse/VUC", "youth education/VUC"),
        Association => ("forening/frivillig", "association/volunteer"),
        Police => ("politi/døgnrapport", "police/daily report"),
        CitizenCentre => ("borger-/integrationscenter", "citizen/integration centre"),
        MunicipalCaseworker => ("kommunal sagsbehandler", "municipal caseworker"),
        PrisonProbation => ("Kriminalforsorgen", "Prison and Probation Service"),
        ParentRelative => ("forælder/pårørende", "parent/relative"),
        Neighbour => ("nabo", "neighbour"),
        AsylumCentre => ("asylcenter", "asylum centre"),
        Psychiatry => ("psykiatri", "psychiatry"),
        PrivatePerson => ("privatperson", "private person"),
        SocialMedia => ("sociale medier", "social media"),
        HousingSocial => ("boligsocialt samarbejde", "housing social work"),
        Other => ("andet", "other"),
        Club => ("fritids-/ungdomsklub", "youth club / leisure club"),
    };
    pick(lang, da, en)
}

pub fn concern(lang: Lang, c: ConcernType) -> &'static str {
    let (da, en) = match c {
        ConcernType::Extremism => ("ekstremisme/radikalisering", "extremism/radicalisation"),
        ConcernType::HonourConflict => ("æresrelateret konflikt", "honour-related conflict"),
        ConcernType::NegativeSocialControl => ("negativ social kontrol", "negative social control"),
        ConcernType::CrimeGang => ("kriminalitet/bande", "crime/gang"),
        ConcernType::Wellbeing => ("mistrivsel", "poor wellbeing"),
        ConcernType::Other => ("andet", "other"),
    };
    pick(lang, da, en)
}

/// Two or three letters for narrow list columns.
pub fn concern_short(lang: Lang, c: ConcernType) -> &'static str {
    let (da, en) = match c {
        ConcernType::Extremism => ("EKS", "EXT"),
        ConcernType::HonourConflict => ("ÆRE", "HON"),
        ConcernType::NegativeSocialControl => ("NSK", "NSC"),
        ConcernType::CrimeGang => ("KRIM", "CRIM"),
        ConcernType::Wellbeing => ("MIST", "WELL"),
        ConcernType::Other => ("AND", "OTH"),
    };
    pick(lang, da, en)
}

pub fn stage(lang: Lang, s: Stage) -> &'static str {
    let (da, en) = match s {
        Stage::Intake => ("modtaget", "received"),
        Stage::Screening => ("indledende vurdering", "screening"),
        Stage::JointReview => ("§115-vurdering", "§115 review"),
        Stage::Enrichment => ("kvalificering", "enrichment"),
        Stage::Measures => ("indsats/opfølgning", "measures/follow-up"),
        Stage::Closed => ("afsluttet", "closed"),
    };
    pick(lang, da, en)
}

pub fn card_problem(lang: Lang, p: &crate::service::actioncards::LoadProblem) -> String {
    use crate::domain::actioncard::CardError as E;
    use crate::service::actioncards::LoadProblem;
    match p {
        LoadProblem::Io { file, message } => match lang {
            Lang::Da => format!("{file} kan ikke læses: {message}"),
            Lang::En => format!("{file} cannot be read: {message}"),
        },
        LoadProblem::Card { file, problem } => {
            let why = match &problem.error {
                E::TooLarge => pick(lang, "filen er over 64 KB", "the file is over 64 KB"),
                E::NotText => pick(
                    lang,
                    "filen er ikke tekst (UTF-8)",
                    "the file is not text (UTF-8)",
                ),
                E::NoTitle => pick(
                    lang,
                    "kortet mangler en titel (# Titel)",
                    "the card has no title (# Title)",
                ),
                E::BeforeTitle => pick(lang, "tekst før titlen", "text before the title"),
                E::SecondTitle => pick(lang, "en titel mere", "a second title"),
                E::UnknownApplies(_) => pick(
                    lang,
                    "ukendt situation efter gælder:",
                    "unknown situation after applies:",
                ),
                E::BadPhone => pick(
                    lang,
                    "en telefonlinje skal være Navn: nummer",
                    "a phone line must be Name: number",
                ),
                E::Empty => pick(lang, "kortet er tomt", "the card is empty"),
            };
            let extra = match &problem.error {
                E::UnknownApplies(w) => format!(" ({w})"),
                _ => String::new(),
            };
            match (lang, problem.line) {
                (_, 0) => format!("{file}: {why}{extra}"),
                (Lang::Da, n) => format!("{file} linje {n}: {why}{extra}"),
                (Lang::En, n) => format!("{file} line {n}: {why}{extra}"),
            }
        }
    }
}

pub fn stage_error(lang: Lang, e: &StageError) -> &'static str {
    match e {
        StageError::SameStage => pick(
            lang,
            "Sagen er allerede i den fase.",
            "The case is already in that stage.",
        ),
        StageError::SkipNeedsReason => pick(
            lang,
            "Et trin kan kun springes over med en begrundelse.",
            "Skipping a stage needs a reason.",
        ),
        StageError::BackNeedsReason => pick(
            lang,
            "At gå tilbage eller genåbne kræver en begrundelse.",
            "Going back or reopening needs a reason.",
        ),
        StageError::PoliceContactMissing => pick(
            lang,
            "Sagen kan ikke gå videre, før kontakten til politiet er registreret (overhængende fare).",
            "The case cannot move on until the police contact is recorded (imminent danger).",
        ),
    }
}

/// A stage's stable name for machine-readable output (JSON), independent of the language.
pub fn stage_key(s: Stage) -> &'static str {
    match s {
        Stage::Intake => "intake",
        Stage::Screening => "screening",
        Stage::JointReview => "joint_review",
        Stage::Enrichment => "enrichment",
        Stage::Measures => "measures",
        Stage::Closed => "closed",
    }
}

pub fn stage_short(lang: Lang, s: Stage) -> &'static str {
    let (da, en) = match s {
        Stage::Intake => ("modt.", "recv."),
        Stage::Screening => ("vurd.", "screen"),
        Stage::JointReview => ("§115", "§115"),
        Stage::Enrichment => ("kval.", "enrich"),
        Stage::Measures => ("indsats", "measure"),
        Stage::Closed => ("afsl.", "closed"),
    };
    pick(lang, da, en)
}

pub fn age_band(b: AgeBand) -> &'static str {
    b.label()
}

pub fn field(lang: Lang, f: FieldId) -> &'static str {
    use FieldId::*;
    let (da, en) = match f {
        PersonName => ("Navn", "Name"),
        Cpr => ("CPR", "CPR"),
        BirthDate => ("Fødselsdato", "Birth date"),
        ApproxAge => ("Ca. alder", "Approx. age"),
        Address => ("Adresse", "Address"),
        District => ("Bydel", "District"),
        SchoolWork => ("Skole/arbejde", "School/work"),
        Languages => ("Sprog", "Languages"),
        Concerns => ("Bekymring", "Concern"),
        Description => ("Beskrivelse", "Description"),
        Channel => ("Kanal", "Channel"),
        Source => ("Kilde", "Source"),
        ReporterAnonymous => ("Anonym", "Anonymous"),
        ReporterName => ("Henvender", "Reporter"),
        ReporterOrg => ("Organisation", "Organisation"),
        ReporterPhone => ("Telefon", "Phone"),
        ReporterEmail => ("E-mail", "E-mail"),
        ReceivedAt => ("Modtaget", "Received"),
        PoliceContactedBy => ("Politi kontaktet af", "Police called by"),
        PoliceContactedAt => ("Politi kontaktet", "Police called at"),
        UnderretningAt => ("Underretning sendt", "Notified at"),
        UnderretningTo => ("Underretning til", "Notified to"),
    };
    pick(lang, da, en)
}

/// The label of a part of the intake, as an edit's old → new names it.
pub fn part_label(lang: Lang, v: &crate::domain::edit::IntakeValue) -> &'static str {
    use crate::domain::edit::IntakeValue as V;
    match v {
        V::Danger { .. } => pick(lang, "Overhængende fare", "Imminent danger"),
        V::Underretning(_) => pick(lang, "Underretning", "Notification"),
        other => field(lang, other.field()),
    }
}

/// A part of the intake as the chronology shows it: the CPR number masked (revealing it is
/// logged, and done on the case screen), times as people write them, "–" for nothing.
pub fn intake_value(lang: Lang, v: &crate::domain::edit::IntakeValue) -> String {
    use crate::domain::dates::{format_date, format_datetime};
    use crate::domain::edit::IntakeValue as V;
    use crate::domain::intake::Reporter;
    let text = match v {
        V::Name(t)
        | V::Address(t)
        | V::District(t)
        | V::SchoolWork(t)
        | V::Languages(t)
        | V::Description(t) => t.clone(),
        V::Cpr(c) => c.map(|c| c.masked()).unwrap_or_default(),
        V::BirthDate(d) => d.map(format_date).unwrap_or_default(),
        V::ApproxAge { from, to } => match (from, to) {
            (Some(a), Some(b)) if b != a => format!("{a}-{b}"),
            (Some(a), _) => a.to_string(),
            (None, _) => String::new(),
        },
        V::Concerns(cs) => cs
            .iter()
            .map(|c| concern(lang, *c))
            .collect::<Vec<_>>()
            .join(", "),
        V::Channel(c) => c.map(|c| channel(lang, c).to_string()).unwrap_or_default(),
        V::Source(c) => c.map(|c| source(lang, c).to_string()).unwrap_or_default(),
        V::Reporter(Reporter::Anonymous) => pick(lang, "anonym", "anonymous").to_string(),
        V::Reporter(Reporter::Known {
            name,
            organisation,
            phone,
            email,
        }) => [name, organisation, phone, email]
            .into_iter()
            .filter(|t| !t.trim().is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        V::ReceivedAt(t) => format_datetime(*t),
        V::Danger { imminent, police } => match (imminent, police) {
            (false, _) => pick(lang, "nej", "no").to_string(),
            (true, None) => pick(lang, "ja", "yes").to_string(),
            (true, Some(p)) => match lang {
                Lang::Da => format!(
                    "ja, politiet kontaktet af {} {}",
                    p.by,
                    format_datetime(p.at)
                ),
                Lang::En => format!("yes, police called by {} {}", p.by, format_datetime(p.at)),
            },
        },
        V::Underretning(u) => u
            .as_ref()
            .map(|u| format!("{} {}", format_datetime(u.at), u.to))
            .unwrap_or_default(),
    };
    if text.trim().is_empty() {
        "–".into()
    } else {
        text
    }
}

/// An edit of the intake as the chronology says it, one text per part: "Description: old →
/// new". Without `values` (redacted mode, where old names and addresses must not show), the
/// parts' labels only.
pub fn edit_changes(
    lang: Lang,
    changes: &[crate::domain::edit::FieldChange],
    values: bool,
) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            let label = part_label(lang, &c.new);
            if values {
                format!(
                    "{label}: {} → {}",
                    intake_value(lang, &c.old),
                    intake_value(lang, &c.new)
                )
            } else {
                label.to_string()
            }
        })
        .collect()
}

/// A field of the intake form as the clash choice shows it: text as typed, a choice by its
/// name, "–" for nothing.
pub fn form_value(lang: Lang, form: &crate::domain::IntakeForm, f: FieldId) -> String {
    let text = match f {
        FieldId::Concerns => form
            .concerns
            .iter()
            .map(|c| concern(lang, *c))
            .collect::<Vec<_>>()
            .join(", "),
        FieldId::Channel => form
            .channel
            .map(|c| channel(lang, c).to_string())
            .unwrap_or_default(),
        FieldId::Source => form
            .source
            .map(|c| source(lang, c).to_string())
            .unwrap_or_default(),
        FieldId::ReporterAnonymous => pick(
            lang,
            if form.reporter_anonymous { "ja" } else { "nej" },
            if form.reporter_anonymous { "yes" } else { "no" },
        )
        .to_string(),
        FieldId::PoliceContactedBy if !form.imminent_danger => {
            pick(lang, "ingen overhængende fare", "no imminent danger").to_string()
        }
        text => form.text(text).cloned().unwrap_or_default(),
    };
    if text.trim().is_empty() {
        "–".into()
    } else {
        text
    }
}

pub fn problem(lang: Lang, p: &FieldProblem) -> String {
    let s = match p {
        FieldProblem::NameOrDescriptionNeeded | FieldProblem::DescriptionOrConcernNeeded => {
            live::Lc::DescriptionOrConcern.get(lang)
        }
        FieldProblem::SourceNeeded => live::Lc::SourceNeeded.get(lang),
        FieldProblem::Cpr(e) => return cpr_error(lang, e).to_string(),
        FieldProblem::Date(e) => return date_error(lang, e).to_string(),
        FieldProblem::InFuture => pick(
            lang,
            "Datoen ligger i fremtiden.",
            "The date is in the future.",
        ),
        FieldProblem::BirthDateDiffersFromCpr => pick(
            lang,
            "Fødselsdatoen passer ikke med CPR-nummeret.",
            "The birth date does not match the CPR number.",
        ),
        FieldProblem::AgeNotANumber => pick(
            lang,
            "Alderen skal være et tal fra 0 til 120.",
            "The age must be a number from 0 to 120.",
        ),
        FieldProblem::PoliceContactNeeded => pick(
            lang,
            "Overhængende fare: notér hvem der kontaktede politiet og hvornår.",
            "Imminent danger: record who contacted the police and when.",
        ),
        FieldProblem::UnderretningToNeeded => pick(
            lang,
            "Notér hvem underretningen gik til.",
            "Record whom the notification went to.",
        ),
    };
    s.to_string()
}

pub fn cpr_error(lang: Lang, e: &CprError) -> &'static str {
    match e {
        CprError::Empty => pick(lang, "Intet CPR-nummer.", "No CPR number."),
        CprError::WrongLength { .. } => pick(
            lang,
            "CPR-nummeret skal have 10 cifre (DDMMÅÅ-XXXX).",
            "A CPR number has 10 digits (DDMMYY-XXXX).",
        ),
        CprError::NotDigits => pick(
            lang,
            "CPR-nummeret må kun indeholde cifre.",
            "A CPR number holds digits only.",
        ),
        CprError::NoSuchDate => pick(
            lang,
            "CPR-nummerets dato findes ikke.",
            "The CPR number's date does not exist.",
        ),
        CprError::CenturyNotDefined => pick(
            lang,
            "CPR-nummerets århundrede kan ikke bestemmes.",
            "The CPR number's century cannot be determined.",
        ),
    }
}

pub fn date_error(lang: Lang, e: &DateError) -> &'static str {
    match e {
        DateError::Empty => pick(lang, "Ingen dato.", "No date."),
        DateError::Format => pick(
            lang,
            "Skriv datoen som DD-MM-ÅÅÅÅ (evt. TT:MM).",
            "Write the date as DD-MM-YYYY (optionally HH:MM).",
        ),
        DateError::NoSuchDate => pick(lang, "Den dato findes ikke.", "That date does not exist."),
        DateError::NoSuchTime => pick(
            lang,
            "Det klokkeslæt findes ikke.",
            "That time does not exist.",
        ),
        DateError::OutOfRange => pick(
            lang,
            "Den dato ligger for langt væk.",
            "That date is too far away.",
        ),
    }
}

/// A date field's error in a form, where "+14" and "i dag" are also accepted.
pub fn form_date_error(lang: Lang, e: &DateError) -> &'static str {
    match e {
        DateError::Format => pick(
            lang,
            "Skriv DD-MM-ÅÅÅÅ, +14 (dage fra i dag) eller i dag.",
            "Write DD-MM-YYYY, +14 (days from today) or today.",
        ),
        other => date_error(lang, other),
    }
}

pub fn weekday(lang: Lang, d: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    let (da, en) = match d {
        Mon => ("mandag", "Monday"),
        Tue => ("tirsdag", "Tuesday"),
        Wed => ("onsdag", "Wednesday"),
        Thu => ("torsdag", "Thursday"),
        Fri => ("fredag", "Friday"),
        Sat => ("lørdag", "Saturday"),
        Sun => ("søndag", "Sunday"),
    };
    pick(lang, da, en)
}

pub fn reason(lang: Lang, r: &MatchReason) -> String {
    match r {
        MatchReason::SameCpr => pick(lang, "samme CPR", "same CPR").into(),
        MatchReason::CprOneDigit => pick(lang, "CPR ~ 1 ciffer", "CPR ~ 1 digit").into(),
        MatchReason::CprSwapped => pick(lang, "CPR ~ byttede cifre", "CPR ~ swapped digits").into(),
        MatchReason::CprPrefix => pick(lang, "CPR begynder ens", "CPR starts the same").into(),
        MatchReason::SameBirthDate => pick(lang, "samme fødselsdato", "same birth date").into(),
        MatchReason::NameSame => pick(lang, "samme navn", "same name").into(),
        MatchReason::NameVariant => pick(lang, "navnevariant", "name variant").into(),
        MatchReason::NameTypos(n) => match lang {
            Lang::Da => format!("navn ~ {n} bogstav{}", if *n == 1 { "" } else { "er" }),
            Lang::En => format!("name ~ {n} letter{}", if *n == 1 { "" } else { "s" }),
        },
        MatchReason::NamePrefix => pick(lang, "navn begynder ens", "name starts the same").into(),
        MatchReason::NameTokensMatched { matched, of } => match lang {
            Lang::Da => format!("{matched} af {of} navne"),
            Lang::En => format!("{matched} of {of} names"),
        },
    }
}

pub fn store_error(lang: Lang, e: &StoreError) -> String {
    if let StoreError::TooLong { case, too_long } = e {
        return too_long_sentence(lang, *case, too_long);
    }
    if lang == Lang::En {
        return crate::domain::text::capitalise(&e.to_string()) + ".";
    }
    match e {
        StoreError::Locked { path, holder } => format!(
            "Databasen {} bruges af en anden infohus-proces{holder}. Luk den først, eller vent til kollegaen er færdig.",
            path.display()
        ),
        StoreError::MissingDir(p) => format!(
            "Datamappen {} findes ikke. Opret den, eller angiv en anden med --db.",
            p.display()
        ),
        StoreError::NotWritable(p) => format!(
            "Der kan ikke skrives i datamappen {}. Tjek rettighederne.",
            p.display()
        ),
        StoreError::WorldReadable(p) => format!(
            "Databasen {} kan læses af andre brugere på maskinen. Kør: chmod -R go-rwx {}",
            p.display(),
            p.display()
        ),
        StoreError::NoDatabase(p) => format!("Der er ingen database i {}.", p.display()),
        StoreError::NotADatabase(p) => format!("{} er ikke en infohus-database.", p.display()),
        StoreError::Damaged { path, lost } => format!(
            "Databasen {} er beskadiget: data fra {lost} bekræftede gemninger mangler. Genskab den seneste sikkerhedskopi (infohus import), eller acceptér tabet med infohus check --repair.",
            path.display()
        ),
        StoreError::Open { path, reason } => {
            format!("Databasen {} kan ikke åbnes: {reason}.", path.display())
        }
        StoreError::Corrupt { tree, key, source } => {
            format!(
                "En post i {tree} (nøgle {key}) er beskadiget: {source}. Kør infohus check --repair."
            )
        }
        StoreError::NoSuchCase(n) => format!("Sag {n} findes ikke."),
        StoreError::CaseExists(n) => format!("Sag {n} findes allerede."),
        StoreError::NoSuchDraft(n) => format!("Kladde {n} findes ikke (længere)."),
        StoreError::Replay(e) => format!("En sags historik hænger ikke sammen: {e}."),
        StoreError::Encode(e) => format!("En post kunne ikke skrives: {e}."),
        StoreError::Db(e) => format!("Databasen meldte en fejl: {e}."),
        StoreError::JournalDamaged { path, seg, off } => format!(
            "Databasen {} er beskadiget (journalsegment {seg}{}). Kør infohus check --repair: den reparerer, hvad der kan repareres, og nævner resten.",
            path.display(),
            off.map(|o| format!(", byte {o}")).unwrap_or_default()
        ),
        StoreError::Journal(e) => format!(
            "Journalen kunne ikke læses eller skrives: {}.",
            journal_error(e)
        ),
        StoreError::Record { loc, .. } => {
            format!("Journalposten ved {loc} kan ikke læses af denne version af infohus.")
        }
        StoreError::ViewBehind(e) => format!(
            "Gemt, men databasens oversigt kunne ikke opdateres ({e}). Kør infohus check --repair."
        ),
        StoreError::Io(e) => format!("Disken meldte en fejl: {e}."),
        StoreError::TooLong { case, too_long } => too_long_sentence(lang, *case, too_long),
    }
}

/// A text over its limit, naming the case and the field in the user's words.
pub fn too_long_sentence(
    lang: Lang,
    case: Option<crate::domain::CaseNo>,
    t: &crate::domain::limits::TooLong,
) -> String {
    let last = t.field.rsplit('.').next().unwrap_or(&t.field);
    let (da, en) = match last {
        "name" | "person_name" => ("navn", "name"),
        "description" => ("beskrivelse", "description"),
        "text" => ("tekst", "text"),
        "summary" => ("resumé", "summary"),
        "rationale" | "reason" => ("begrundelse", "reason"),
        "note" => ("note", "note"),
        "answer" => ("svar", "answer"),
        "question" => ("spørgsmål", "question"),
        "decision" => ("beslutning", "decision"),
        "who_acts" | "who" => ("hvem gør hvad", "who acts"),
        "goal" => ("mål", "goal"),
        "evaluation" => ("evaluering", "evaluation"),
        "recipient" => ("modtager", "recipient"),
        "address" => ("adresse", "address"),
        "district" => ("bydel", "district"),
        "school_work" => ("skole/arbejde", "school or work"),
        "organisation" => ("organisation", "organisation"),
        "query" => ("søgning", "search"),
        other => (other, other),
    };
    let max = t.max.to_string();
    match (lang, case) {
        (Lang::Da, Some(c)) => format!(
            "Sag {c}: feltet «{da}» er {} tegn langt; højst {max} tegn kan gemmes. Intet er gemt.",
            t.chars
        ),
        (Lang::Da, None) => format!(
            "Feltet «{da}» er {} tegn langt; højst {max} tegn kan gemmes. Intet er gemt.",
            t.chars
        ),
        (Lang::En, Some(c)) => format!(
            "Case {c}: the field \"{en}\" is {} characters long; at most {max} can be saved. Nothing was saved.",
            t.chars
        ),
        (Lang::En, None) => format!(
            "The field \"{en}\" is {} characters long; at most {max} can be saved. Nothing was saved.",
            t.chars
        ),
    }
}

/// The journal's own errors in Danish (their English is their `Display`).
fn journal_error(e: &crate::store::journal::JournalError) -> String {
    use crate::store::journal::JournalError as J;
    match e {
        J::Io(e) => format!("diskfejl: {e}"),
        J::BadSegment { seg } => format!("segment {seg} har et beskadiget hoved"),
        J::ForeignSegment { seg } => format!("segment {seg} hører til en anden database"),
        J::Gap { seg } => format!("segmenter mangler før segment {seg}"),
        J::Damaged(l) => format!("posten ved {l} er beskadiget"),
        J::Truncated(l) => format!("posten ved {l} er afkortet"),
        J::TooLarge(n) => format!("en post på {n} byte er større end en post må være"),
        J::TooFar(n) => format!("position {n} ligger uden for et segment"),
    }
}

pub fn service_error(lang: Lang, e: &ServiceError) -> String {
    if let Some(text) = access::service_error(lang, e) {
        return text;
    }
    match e {
        ServiceError::Store(e) => store_error(lang, e),
        ServiceError::Invalid(problems) => {
            let first = problems
                .first()
                .map(|(f, p)| format!("{}: {}", field(lang, *f), problem(lang, p)))
                .unwrap_or_default();
            format!("{} {first}", T::CannotFile.get(lang))
        }
        ServiceError::NotANewConcern => live::Lc::ContactNotOnEdit.get(lang).to_string(),
        ServiceError::NoSuchCase(n) => match lang {
            Lang::Da => format!("Sag {n} findes ikke."),
            Lang::En => format!("Case {n} does not exist."),
        },
        ServiceError::EmptyText => pick(lang, "Teksten er tom.", "The text is empty.").into(),
        ServiceError::DateInPast => pick(
            lang,
            "Datoen ligger før i dag.",
            "The date is before today.",
        )
        .into(),
        ServiceError::Flow(e) => flow::flow_error(lang, e),
        ServiceError::Settings(m) => match lang {
            Lang::Da => format!("Indstillingsfilen kan ikke bruges: {m}"),
            Lang::En => format!("The settings file cannot be used: {m}"),
        },
        ServiceError::SelfLink => pick(
            lang,
            "En sag kan ikke kædes sammen med sig selv.",
            "A case cannot be linked to itself.",
        )
        .into(),
        ServiceError::NoSuchMeeting(n) => match lang {
            Lang::Da => format!("Møde {n} findes ikke."),
            Lang::En => format!("Meeting {n} does not exist."),
        },
        ServiceError::NoParticipants => follow::Fu::NeedParticipants.get(lang).into(),
        ServiceError::Io(e) => match lang {
            Lang::Da => format!("Filen kunne ikke skrives: {e}."),
            Lang::En => format!("The file could not be written: {e}."),
        },
        ServiceError::Config(e) => retention::config_error(lang, e),
        ServiceError::Hold(e) => retention::hold_error(lang, e),
        ServiceError::Conflict { no, by, at } => conflict(lang, *no, by, *at),
        ServiceError::Redacted => follow::Fu::NoIntakeRedacted.get(lang).into(),
        ServiceError::AgendaChanged(_) => follow::Fu::AgendaChanged.get(lang).into(),
        ServiceError::AlreadyDecided(_) => follow::Fu::AlreadyDecided.get(lang).into(),
        ServiceError::NotDecided(_) => follow::Fu::NotDecided.get(lang).into(),
        ServiceError::Clash(c) => clash(lang, c),
        ServiceError::UnknownAccount(_) | ServiceError::Denied(_) | ServiceError::Users(_) => {
            e.to_string()
        }
        ServiceError::Remote { da, en } => match lang {
            Lang::Da => da.clone(),
            Lang::En => en.clone(),
        },
        ServiceError::Server(e) => server::server_error(lang, e),
        ServiceError::Snapshot(e) => legal::snapshot_error(lang, e),
    }
}

/// A save refused because someone else changed the case while the user wrote. The text is
/// still on the screen, and the next save records it after the other change: the sentence
/// says both, so the user neither retypes it nor wonders whether it was lost.
fn conflict(lang: Lang, no: crate::domain::CaseNo, by: &str, at: chrono::NaiveDateTime) -> String {
    let time = at.format("%H:%M");
    match lang {
        Lang::Da => format!(
            "Sag {no} blev ændret af {by} kl. {time}, mens du skrev. Din tekst er bevaret; gem igen for at gemme efter ændringen."
        ),
        Lang::En => format!(
            "Case {no} was changed by {by} at {time} while you were writing. Your text is kept; save again to record it after that change."
        ),
    }
}

/// A save of an intake edit that needs the user to choose, field by field.
pub fn clash(lang: Lang, c: &crate::service::Clash) -> String {
    let fields: Vec<&str> = c.fields.iter().map(|f| field(lang, *f)).collect();
    let (fields, time, by) = (fields.join(", "), c.at.format("%H:%M"), &c.by);
    match lang {
        Lang::Da => format!(
            "{by} ændrede også {fields} kl. {time}; vælg for hvert felt, hvad der skal gemmes."
        ),
        Lang::En => {
            format!("{by} also changed {fields} at {time}; choose for each field what to keep.")
        }
    }
}

/// One chronology line for an event.
pub fn event(lang: Lang, p: &EventPayload) -> String {
    match p {
        EventPayload::Filed { next_date, .. } => format!(
            "{} · {} {}",
            T::FiledEvent.get(lang),
            T::NextDate.get(lang).to_lowercase(),
            format_date(*next_date)
        ),
        EventPayload::IntakeEdited { changed, .. } => {
            let names: Vec<&str> = changed.iter().map(|f| field(lang, *f)).collect();
            format!("{}: {}", T::EditedFields.get(lang), names.join(", "))
        }
        EventPayload::IntakeFieldsEdited { changes } => format!(
            "{}: {}",
            T::EditedFields.get(lang),
            edit_changes(lang, changes, true).join(" · ")
        ),
        EventPayload::NoteAdded { text } => format!("{}: {text}", T::Notes.get(lang)),
        EventPayload::NextDateSet { date, reason } => {
            let mut s = format!("{} {}", T::NextDateEvent.get(lang), format_date(*date));
            if !reason.is_empty() {
                s.push_str(&format!(" – {reason}"));
            }
            s
        }
        EventPayload::Linked { other } => format!("{} #{other}", T::LinkedEvent.get(lang)),
        EventPayload::StageChanged { from, to, reason } => {
            let mut s = format!(
                "{}: {} → {}",
                T::StageEvent.get(lang),
                stage(lang, *from),
                stage(lang, *to)
            );
            if let Some(r) = reason {
                s.push_str(&format!(" – {r}"));
            }
            s
        }
        EventPayload::Retention(r) => retention::event(lang, r),
        EventPayload::ContactAdded(i) => {
            let mut parts = vec![crate::domain::dates::format_datetime(i.received_at)];
            if let Some(c) = i.channel {
                parts.push(channel(lang, c).to_string());
            }
            if let Some(s) = i.source {
                parts.push(source(lang, s).to_string());
            }
            parts.push(match &i.reporter {
                crate::domain::intake::Reporter::Anonymous => {
                    pick(lang, "anonym", "anonymous").to_string()
                }
                crate::domain::intake::Reporter::Known {
                    name, organisation, ..
                } => [name.as_str(), organisation.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
            });
            parts.retain(|p| !p.is_empty());
            let concerns: Vec<&str> = i.concerns.iter().map(|c| concern(lang, *c)).collect();
            let what = [concerns.join(", "), i.description.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" – ");
            format!(
                "{} ({}): {what}",
                live::Lc::Contact.get(lang),
                parts.join(" · ")
            )
        }
        other => legal::event(lang, other).unwrap_or_else(|| flow::event(lang, other)),
    }
}

fn pick(lang: Lang, da: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// A person's name as shown: "(ukendt navn)" when none was given, never a blank.
pub fn person_name<'a>(lang: Lang, name: &'a str) -> std::borrow::Cow<'a, str> {
    if name.trim().is_empty() {
        std::borrow::Cow::Borrowed(live::Lc::UnknownName.get(lang))
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}
