//! The one keymap. Key handling, the footer hints and the `?` overlay all read this table, so
//! the help can never disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::{Lang, T};

/// Where a key is pressed. Text-entry contexts (intake form, search field, prompts) do not get
/// the global letter keys: there `q` and `n` are just letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    Global,
    Queue,
    List,
    ListSearch,
    Detail,
    Assessment,
    /// The actioncards overlay.
    Cards,
    /// Choosing between the user's and a colleague's value of fields both changed.
    Clash,
    /// The intake of a new concern (a form: its own keys, then `IntakeKeys`, then `Form`).
    Intake,
    /// The intake of a filed case, being corrected.
    IntakeEdit,
    /// Keys the new and the edited intake share: danger, earlier cases.
    IntakeKeys,
    /// Any form built on the shared form component.
    Form,
    /// Editing keys in any text field or input (forms, search, prompts).
    Text,
    /// The help overlay.
    Help,
    Overlay,
    Meetings,
    Meeting,
    Stats,
    /// The trends (`T` from the meetings and the statistics).
    Trends,
    /// An account that may see statistics only (see `App::start_screen`).
    Viewer,
    /// The idle lock: nothing of the screen below is shown or reachable.
    Locked,
}

impl Ctx {
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Ctx::Intake | Ctx::IntakeEdit | Ctx::IntakeKeys | Ctx::Form | Ctx::ListSearch
        )
    }

    /// Contexts where only their own keys work: the global ones would reach cases.
    fn closed(self) -> bool {
        matches!(
            self,
            Ctx::Overlay
                | Ctx::Cards
                | Ctx::Clash
                | Ctx::Viewer
                | Ctx::Locked
                | Ctx::Help
                | Ctx::Text
        )
    }

    /// Contexts whose keys also work here, after this context's own (which win).
    pub fn parents(self) -> &'static [Ctx] {
        match self {
            Ctx::Intake | Ctx::IntakeEdit => &[Ctx::IntakeKeys, Ctx::Form],
            _ => &[],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    Search,
    NewIntake,
    Help,
    Quit,
    ForceQuit,
    Command,
    CaseList,
    Refresh,
    DiscardDraft,
    NextField,
    PrevField,
    File,
    ToggleDanger,
    ChoicePrev,
    ChoiceNext,
    ChoiceToggle,
    MatchNext,
    MatchPrev,
    MatchLink,
    EditCase,
    AddNote,
    SetNextDate,
    RevealCpr,
    FilterStage,
    FilterConcern,
    FilterAge,
    ClearFilters,
    EndSearch,
    NextTab,
    PrevTab,
    Tab1,
    Tab2,
    Tab3,
    Tab4,
    Tab5,
    OpenItem,
    MoveOn,
    MoveStage,
    RecordScreening,
    RecordReview,
    NewRequest,
    NewConversation,
    NewAssessment,
    NewMeasure,
    RecordDisclosure,
    CloseCase,
    PostReview,
    ActionCards,
    FollowUp,
    FollowUpPlan,
    PoliceFeedback,
    ToggleRedacted,
    Meetings,
    NewMeeting,
    NextItem,
    Decide,
    Minutes,
    AddTopic,
    /// Pull the cases left off a meeting's agenda onto it.
    PullIn,
    /// Ctrl-S in a form.
    Save,
    /// Enter in a form: pick from an open list, else go to the next field.
    Accept,
    Statistics,
    LegalHold,
    /// Enter on the idle lock's question.
    Unlock,
    ConfirmUrgency,
    /// The clash choice: keep the user's value, or the colleague's.
    KeepMine,
    KeepTheirs,
    ConfirmReceipt,
    RecordFeedback,
    RecordHandOver,
    /// Ctrl-O in the intake: add this call to the earlier case selected in the side panel.
    FollowUpCall,
    /// `U` on a case: the underretning was sent after all, or why it is not.
    RecordUnderretning,
    // Editing keys of a text field (`Ctx::Text`).
    TextLeft,
    TextRight,
    TextWordLeft,
    TextWordRight,
    TextStart,
    TextEnd,
    TextBackspace,
    TextDelete,
    TextDeleteWord,
    TextDeleteToStart,
    TextDeleteToEnd,
    /// The statistics' and trends' period.
    ChangePeriod,
    Trends,
    /// The forløbshjul's next step on a case.
    RoundStep,
}

pub struct Binding {
    pub ctx: Ctx,
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub action: Action,
    /// How the key is written in the footer and help.
    pub keys: &'static str,
    pub help: T,
    pub footer: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

macro_rules! b {
    ($ctx:ident, $code:expr, $mods:expr, $action:ident, $keys:expr, $help:ident, $footer:expr) => {
        Binding {
            ctx: Ctx::$ctx,
            code: $code,
            mods: $mods,
            action: Action::$action,
            keys: $keys,
            help: T::$help,
            footer: $footer,
        }
    };
}

use KeyCode::{
    BackTab, Backspace, Char, Delete, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp,
    Right, Tab, Up,
};

const ALT: KeyModifiers = KeyModifiers::ALT;

/// Several rows may share an action (arrow and letter); the first row of an action carries the
/// text shown, later rows with the same `keys` text are folded in the help.
pub static BINDINGS: &[Binding] = &[
    // Everywhere outside text entry.
    b!(Global, Char('n'), NONE, NewIntake, "n", KNew, true),
    b!(Global, Char('/'), NONE, Search, "/", KSearch, true),
    b!(Global, Char('?'), NONE, Help, "?", KHelp, true),
    b!(Global, Char(':'), NONE, Command, ":", KCommand, false),
    b!(
        Global,
        Char('a'),
        NONE,
        ActionCards,
        "a",
        KActionCards,
        false
    ),
    b!(Global, F(1), NONE, Help, "?", KHelp, false),
    b!(Global, Char('R'), NONE, ToggleRedacted, "R", KRedact, false),
    b!(
        Global,
        Char('c'),
        CTRL,
        ForceQuit,
        "Ctrl-C",
        KForceQuit,
        false
    ),
    // Work queue.
    b!(Queue, Up, NONE, Up, "↑↓/jk", KMove, false),
    b!(Queue, Char('k'), NONE, Up, "↑↓/jk", KMove, false),
    b!(Queue, Down, NONE, Down, "↑↓/jk", KMove, false),
    b!(Queue, Char('j'), NONE, Down, "↑↓/jk", KMove, false),
    b!(Queue, Char('g'), NONE, Top, "g/G", KTopBottom, false),
    b!(Queue, Home, NONE, Top, "g/G", KTopBottom, false),
    b!(Queue, Char('G'), NONE, Bottom, "g/G", KTopBottom, false),
    b!(Queue, End, NONE, Bottom, "g/G", KTopBottom, false),
    b!(Queue, PageUp, NONE, PageUp, "PgUp/PgDn", KPage, false),
    b!(Queue, PageDown, NONE, PageDown, "PgUp/PgDn", KPage, false),
    b!(Queue, Enter, NONE, Open, "Enter", KOpenResume, true),
    b!(Queue, Char('x'), NONE, DiscardDraft, "x", KDiscard, false),
    b!(Queue, Delete, NONE, DiscardDraft, "x", KDiscard, false),
    b!(Queue, Char('l'), NONE, CaseList, "l", KCaseList, true),
    b!(Queue, Char('F'), NONE, FollowUp, "F", KFollowUp, true),
    b!(Queue, Char('m'), NONE, Meetings, "m", KMeetings, true),
    b!(Queue, Char('r'), NONE, Refresh, "r", KRefresh, false),
    b!(Queue, Char('q'), NONE, Quit, "q", KQuit, true),
    b!(Queue, Char('S'), NONE, Statistics, "S", KStatistics, false),
    // Case list.
    b!(List, Up, NONE, Up, "↑↓/jk", KMove, false),
    b!(List, Char('k'), NONE, Up, "↑↓/jk", KMove, false),
    b!(List, Down, NONE, Down, "↑↓/jk", KMove, false),
    b!(List, Char('j'), NONE, Down, "↑↓/jk", KMove, false),
    b!(List, Char('g'), NONE, Top, "g/G", KTopBottom, false),
    b!(List, Home, NONE, Top, "g/G", KTopBottom, false),
    b!(List, Char('G'), NONE, Bottom, "g/G", KTopBottom, false),
    b!(List, End, NONE, Bottom, "g/G", KTopBottom, false),
    b!(List, PageUp, NONE, PageUp, "PgUp/PgDn", KPage, false),
    b!(List, PageDown, NONE, PageDown, "PgUp/PgDn", KPage, false),
    b!(List, Enter, NONE, Open, "Enter", KOpen, true),
    b!(List, Char('s'), NONE, FilterStage, "s", KFilterStage, true),
    b!(
        List,
        Char('t'),
        NONE,
        FilterConcern,
        "t",
        KFilterConcern,
        true
    ),
    b!(List, Char('A'), NONE, FilterAge, "A", KFilterAge, true),
    b!(
        List,
        Char('c'),
        NONE,
        ClearFilters,
        "c",
        KClearFilters,
        false
    ),
    b!(List, Esc, NONE, Back, "Esc", KBack, true),
    b!(List, Char('q'), NONE, Back, "Esc", KBack, false),
    // Typing in the list's search field.
    b!(ListSearch, Enter, NONE, Open, "Enter", KOpenHit, true),
    b!(ListSearch, Esc, NONE, EndSearch, "Esc", KEndSearch, true),
    b!(ListSearch, Up, NONE, Up, "↑↓", KMove, false),
    b!(ListSearch, Down, NONE, Down, "↑↓", KMove, false),
    b!(
        ListSearch,
        Char('c'),
        CTRL,
        ForceQuit,
        "Ctrl-C",
        KForceQuit,
        false
    ),
    b!(ListSearch, F(1), NONE, Help, "F1", KHelp, false),
    // Case detail.
    b!(Detail, Up, NONE, Up, "↑↓/jk", KScroll, false),
    b!(Detail, Char('k'), NONE, Up, "↑↓/jk", KScroll, false),
    b!(Detail, Down, NONE, Down, "↑↓/jk", KScroll, false),
    b!(Detail, Char('j'), NONE, Down, "↑↓/jk", KScroll, false),
    b!(Detail, PageUp, NONE, PageUp, "PgUp/PgDn", KPage, false),
    b!(Detail, PageDown, NONE, PageDown, "PgUp/PgDn", KPage, false),
    b!(Detail, Char(' '), NONE, PageDown, "PgUp/PgDn", KPage, false),
    b!(Detail, Char('g'), NONE, Top, "g/G", KTopBottom, false),
    b!(Detail, Char('G'), NONE, Bottom, "g/G", KTopBottom, false),
    b!(Detail, Char('e'), NONE, EditCase, "e", KEdit, false),
    b!(Detail, Char('o'), NONE, AddNote, "o", KNote, false),
    b!(Detail, Char('d'), NONE, SetNextDate, "d", KNextDate, false),
    b!(Detail, Char('r'), NONE, RevealCpr, "r", KReveal, false),
    // The assessment comparison.
    b!(Assessment, Up, NONE, Up, "↑↓/jk", KScroll, false),
    b!(Assessment, Char('k'), NONE, Up, "↑↓/jk", KScroll, false),
    b!(Assessment, Down, NONE, Down, "↑↓/jk", KScroll, false),
    b!(Assessment, Char('j'), NONE, Down, "↑↓/jk", KScroll, false),
    b!(Assessment, PageUp, NONE, PageUp, "PgUp/PgDn", KPage, false),
    b!(
        Assessment,
        PageDown,
        NONE,
        PageDown,
        "PgUp/PgDn",
        KPage,
        false
    ),
    b!(Assessment, Left, NONE, PrevTab, "←→", KOlderNewer, true),
    b!(Assessment, Right, NONE, NextTab, "←→", KOlderNewer, true),
    b!(Assessment, Esc, NONE, Back, "Esc", KBack, true),
    b!(Assessment, Char('q'), NONE, Back, "Esc", KBack, false),
    b!(Detail, Tab, NONE, NextTab, "Tab/←→", KTabs, true),
    b!(Detail, BackTab, SHIFT, PrevTab, "Tab/←→", KTabs, false),
    b!(Detail, Right, NONE, NextTab, "Tab/←→", KTabs, false),
    b!(Detail, Left, NONE, PrevTab, "Tab/←→", KTabs, false),
    b!(Detail, Char('1'), NONE, Tab1, "1–5", KTabNumber, false),
    b!(Detail, Char('2'), NONE, Tab2, "1–5", KTabNumber, false),
    b!(Detail, Char('3'), NONE, Tab3, "1–5", KTabNumber, false),
    b!(Detail, Char('4'), NONE, Tab4, "1–5", KTabNumber, false),
    b!(Detail, Char('5'), NONE, Tab5, "1–5", KTabNumber, false),
    b!(Detail, Enter, NONE, OpenItem, "Enter", KOpenItem, false),
    b!(Detail, Char('>'), NONE, MoveOn, ">", KMoveOn, true),
    b!(Detail, Char('M'), NONE, MoveStage, "M", KMoveStage, false),
    b!(
        Detail,
        Char('s'),
        NONE,
        RecordScreening,
        "s",
        KScreening,
        false
    ),
    b!(Detail, Char('f'), NONE, RecordReview, "f", KReview, false),
    b!(Detail, Char('i'), NONE, NewRequest, "i", KRequest, false),
    b!(
        Detail,
        Char('b'),
        NONE,
        NewConversation,
        "b",
        KConversation,
        false
    ),
    b!(
        Detail,
        Char('v'),
        NONE,
        NewAssessment,
        "v",
        KAssessment,
        false
    ),
    b!(Detail, Char('m'), NONE, NewMeasure, "m", KMeasure, false),
    b!(Detail, Char('w'), NONE, RoundStep, "w", KRoundStep, false),
    b!(
        Detail,
        Char('u'),
        NONE,
        RecordDisclosure,
        "u",
        KDisclosure,
        false
    ),
    b!(Detail, Char('c'), NONE, CloseCase, "c", KCloseCase, false),
    b!(Detail, Char('p'), NONE, PostReview, "p", KPostReview, false),
    b!(Detail, Char('F'), NONE, FollowUp, "F", KFollowUp, false),
    b!(
        Detail,
        Char('P'),
        NONE,
        FollowUpPlan,
        "P",
        KFollowUpPlan,
        false
    ),
    b!(
        Detail,
        Char('T'),
        NONE,
        PoliceFeedback,
        "T",
        KPoliceFeedback,
        false
    ),
    b!(Detail, Char('H'), NONE, LegalHold, "H", KLegalHold, false),
    b!(
        Detail,
        Char('U'),
        NONE,
        RecordUnderretning,
        "U",
        KUnderretning,
        false
    ),
    // The legal deadlines (domain::legal); the keys are also shown next to each item.
    b!(
        Detail,
        Char('h'),
        NONE,
        ConfirmUrgency,
        "h",
        KLegalUrgency,
        false
    ),
    b!(
        Detail,
        Char('K'),
        NONE,
        ConfirmReceipt,
        "K",
        KLegalReceipt,
        false
    ),
    b!(
        Detail,
        Char('t'),
        NONE,
        RecordFeedback,
        "t",
        KLegalFeedback,
        false
    ),
    b!(
        Detail,
        Char('V'),
        NONE,
        RecordHandOver,
        "V",
        KLegalHandOver,
        false
    ),
    b!(Detail, Esc, NONE, Back, "Esc", KBack, true),
    b!(Detail, Char('q'), NONE, Back, "Esc", KBack, false),
    // Meetings.
    b!(Meetings, Up, NONE, Up, "↑↓/jk", KMove, false),
    b!(Meetings, Char('k'), NONE, Up, "↑↓/jk", KMove, false),
    b!(Meetings, Down, NONE, Down, "↑↓/jk", KMove, false),
    b!(Meetings, Char('j'), NONE, Down, "↑↓/jk", KMove, false),
    b!(Meetings, Char('g'), NONE, Top, "g/G", KTopBottom, false),
    b!(Meetings, Char('G'), NONE, Bottom, "g/G", KTopBottom, false),
    b!(Meetings, Enter, NONE, Open, "Enter", KOpen, true),
    b!(
        Meetings,
        Char('c'),
        NONE,
        NewMeeting,
        "c",
        KNewMeeting,
        true
    ),
    b!(Meetings, Char('T'), NONE, Trends, "T", KTrends, false),
    b!(Meetings, Esc, NONE, Back, "Esc", KBack, true),
    b!(Meetings, Char('q'), NONE, Back, "Esc", KBack, false),
    b!(Meeting, Up, NONE, Up, "↑↓/jk", KMove, false),
    b!(Meeting, Char('k'), NONE, Up, "↑↓/jk", KMove, false),
    b!(Meeting, Down, NONE, Down, "↑↓/jk", KMove, false),
    b!(Meeting, Char('j'), NONE, Down, "↑↓/jk", KMove, false),
    b!(Meeting, Char('g'), NONE, Top, "g/G", KTopBottom, false),
    b!(Meeting, Home, NONE, Top, "g/G", KTopBottom, false),
    b!(Meeting, Char('G'), NONE, Bottom, "g/G", KTopBottom, false),
    b!(Meeting, End, NONE, Bottom, "g/G", KTopBottom, false),
    b!(Meeting, Enter, NONE, Decide, "Enter", KDecide, true),
    b!(Meeting, Char(' '), NONE, NextItem, "Space", KNextItem, true),
    // The side panel scrolls with its own keys: a long decision is never cut off.
    b!(Meeting, PageDown, NONE, PageDown, "PgUp/Dn", KPanel, true),
    b!(Meeting, PageUp, NONE, PageUp, "PgUp/Dn", KPanel, false),
    b!(Meeting, Char('x'), NONE, Minutes, "x", KMinutes, true),
    b!(Meeting, Char('i'), NONE, AddTopic, "i", KAddTopic, false),
    b!(Meeting, Char('+'), NONE, PullIn, "+", KPullIn, false),
    b!(Meeting, Char('R'), NONE, ToggleRedacted, "R", KRedact, true),
    b!(Meeting, Esc, NONE, Back, "Esc", KBack, true),
    b!(Meeting, Char('q'), NONE, Back, "Esc", KBack, false),
    // The intake: a form (the `Form` keys below apply) with keys of its own. Letters are text.
    b!(Intake, Char('s'), CTRL, File, "Ctrl-S", KFile, true),
    b!(
        Intake,
        Char('o'),
        CTRL,
        FollowUpCall,
        "Ctrl-O",
        KFollowUpCall,
        false
    ),
    b!(Intake, Esc, NONE, Back, "Esc", KLeaveForm, true),
    b!(IntakeEdit, Char('s'), CTRL, Save, "Ctrl-S", KSaveEdit, true),
    b!(IntakeEdit, Esc, NONE, Back, "Esc", KLeaveForm, true),
    b!(
        IntakeKeys,
        Char('d'),
        CTRL,
        ToggleDanger,
        "Ctrl-D",
        KDanger,
        true
    ),
    b!(
        IntakeKeys,
        Char('n'),
        CTRL,
        MatchNext,
        "Ctrl-N/P",
        KMatchSelect,
        false
    ),
    b!(
        IntakeKeys,
        Char('p'),
        CTRL,
        MatchPrev,
        "Ctrl-N/P",
        KMatchSelect,
        false
    ),
    b!(
        IntakeKeys,
        Char('l'),
        CTRL,
        MatchLink,
        "Ctrl-L",
        KMatchLink,
        false
    ),
    // Forms built on the shared component: letters are text here too.
    b!(Form, Tab, NONE, NextField, "Tab", KNextField, true),
    b!(Form, BackTab, NONE, PrevField, "S-Tab", KPrevField, false),
    b!(Form, Enter, NONE, Accept, "Enter", KFormAccept, false),
    b!(Form, Up, NONE, Up, "↑↓", KFormUpDown, false),
    b!(Form, Down, NONE, Down, "↑↓", KFormUpDown, false),
    b!(Form, Left, NONE, ChoicePrev, "←→", KFormCycle, false),
    b!(Form, Right, NONE, ChoiceNext, "←→", KFormCycle, false),
    b!(
        Form,
        Char(' '),
        NONE,
        ChoiceToggle,
        "Space",
        KFormToggle,
        false
    ),
    b!(Form, Char('s'), CTRL, Save, "Ctrl-S", KSave, true),
    b!(Form, Esc, NONE, Back, "Esc", KCloseForm, true),
    b!(Form, F(1), NONE, Help, "F1", KHelp, true),
    b!(
        Form,
        Char('c'),
        CTRL,
        ForceQuit,
        "Ctrl-C",
        KForceQuitForm,
        false
    ),
    // Editing a text field (forms, the search field, prompts). Letters are typed as they are.
    b!(Text, Left, NONE, TextLeft, "←→", KTextMove, false),
    b!(Text, Right, NONE, TextRight, "←→", KTextMove, false),
    b!(Text, Left, CTRL, TextWordLeft, "Ctrl-←→", KTextWord, false),
    b!(
        Text,
        Right,
        CTRL,
        TextWordRight,
        "Ctrl-←→",
        KTextWord,
        false
    ),
    b!(Text, Left, ALT, TextWordLeft, "Ctrl-←→", KTextWord, false),
    b!(Text, Right, ALT, TextWordRight, "Ctrl-←→", KTextWord, false),
    b!(
        Text,
        Home,
        NONE,
        TextStart,
        "Home/Ctrl-A",
        KTextStart,
        false
    ),
    b!(
        Text,
        Char('a'),
        CTRL,
        TextStart,
        "Home/Ctrl-A",
        KTextStart,
        false
    ),
    b!(Text, End, NONE, TextEnd, "End/Ctrl-E", KTextEnd, false),
    b!(
        Text,
        Char('e'),
        CTRL,
        TextEnd,
        "End/Ctrl-E",
        KTextEnd,
        false
    ),
    b!(
        Text,
        Backspace,
        NONE,
        TextBackspace,
        "Backspace/Del",
        KTextDelete,
        false
    ),
    b!(
        Text,
        Delete,
        NONE,
        TextDelete,
        "Backspace/Del",
        KTextDelete,
        false
    ),
    b!(
        Text,
        Char('w'),
        CTRL,
        TextDeleteWord,
        "Ctrl-W",
        KTextDeleteWord,
        false
    ),
    b!(
        Text,
        Backspace,
        CTRL,
        TextDeleteWord,
        "Ctrl-W",
        KTextDeleteWord,
        false
    ),
    b!(
        Text,
        Backspace,
        ALT,
        TextDeleteWord,
        "Ctrl-W",
        KTextDeleteWord,
        false
    ),
    b!(
        Text,
        Char('u'),
        CTRL,
        TextDeleteToStart,
        "Ctrl-U",
        KTextDeleteToStart,
        false
    ),
    b!(
        Text,
        Char('k'),
        CTRL,
        TextDeleteToEnd,
        "Ctrl-K",
        KTextDeleteToEnd,
        false
    ),
    // The help overlay scrolls; these keys close it.
    b!(Help, Up, NONE, Up, "↑↓/jk", KScroll, false),
    b!(Help, Char('k'), NONE, Up, "↑↓/jk", KScroll, false),
    b!(Help, Down, NONE, Down, "↑↓/jk", KScroll, false),
    b!(Help, Char('j'), NONE, Down, "↑↓/jk", KScroll, false),
    b!(Help, PageUp, NONE, PageUp, "PgUp/PgDn", KPage, false),
    b!(Help, PageDown, NONE, PageDown, "PgUp/PgDn", KPage, false),
    b!(Help, Char(' '), NONE, PageDown, "PgUp/PgDn", KPage, false),
    b!(Help, Char('g'), NONE, Top, "g/G", KTopBottom, false),
    b!(Help, Home, NONE, Top, "g/G", KTopBottom, false),
    b!(Help, Char('G'), NONE, Bottom, "g/G", KTopBottom, false),
    b!(Help, End, NONE, Bottom, "g/G", KTopBottom, false),
    b!(Help, Esc, NONE, Back, "Esc/?/q", KClose, true),
    b!(Help, Char('?'), NONE, Back, "Esc/?/q", KClose, false),
    b!(Help, Char('q'), NONE, Back, "Esc/?/q", KClose, false),
    b!(Help, F(1), NONE, Back, "Esc/?/q", KClose, false),
    b!(Help, Enter, NONE, Back, "Esc/?/q", KClose, false),
    b!(
        Help,
        Char('c'),
        CTRL,
        ForceQuit,
        "Ctrl-C",
        KForceQuit,
        false
    ),
    // The statistics screen.
    b!(Stats, Char('r'), NONE, Refresh, "r", KRefresh, false),
    b!(
        Stats,
        Char('p'),
        NONE,
        ChangePeriod,
        "p",
        KChangePeriod,
        false
    ),
    b!(Stats, Char('T'), NONE, Trends, "T", KTrends, true),
    b!(Stats, Esc, NONE, Back, "Esc", KBack, true),
    b!(Stats, Char('q'), NONE, Back, "Esc", KBack, false),
    // The trends.
    b!(Trends, Up, NONE, Up, "↑↓/jk", KScroll, false),
    b!(Trends, Char('k'), NONE, Up, "↑↓/jk", KScroll, false),
    b!(Trends, Down, NONE, Down, "↑↓/jk", KScroll, false),
    b!(Trends, Char('j'), NONE, Down, "↑↓/jk", KScroll, false),
    b!(Trends, PageUp, NONE, PageUp, "PgUp/PgDn", KPage, false),
    b!(Trends, PageDown, NONE, PageDown, "PgUp/PgDn", KPage, false),
    b!(Trends, Char('g'), NONE, Top, "g/G", KTopBottom, false),
    b!(Trends, Char('G'), NONE, Bottom, "g/G", KTopBottom, false),
    b!(
        Trends,
        Char('p'),
        NONE,
        ChangePeriod,
        "p",
        KTrendMonths,
        true
    ),
    b!(Trends, Char('r'), NONE, Refresh, "r", KRefresh, false),
    b!(Trends, Esc, NONE, Back, "Esc", KBack, true),
    b!(Trends, Char('q'), NONE, Back, "Esc", KBack, false),
    // Help, confirmations, prompts.
    b!(Overlay, Esc, NONE, Back, "Esc", KClose, true),
    // The actioncards overlay.
    b!(Cards, Up, NONE, Up, "↑↓/jk", KMove, true),
    b!(Cards, Char('k'), NONE, Up, "↑↓/jk", KMove, false),
    b!(Cards, Down, NONE, Down, "↑↓/jk", KMove, false),
    b!(Cards, Char('j'), NONE, Down, "↑↓/jk", KMove, false),
    b!(Cards, Char(' '), NONE, PageDown, "PgUp/PgDn", KPage, false),
    b!(Cards, PageDown, NONE, PageDown, "PgUp/PgDn", KPage, false),
    b!(Cards, PageUp, NONE, PageUp, "PgUp/PgDn", KPage, false),
    b!(Cards, Enter, NONE, Open, "Enter/→", KCardOpen, true),
    b!(Cards, Right, NONE, Open, "Enter/→", KCardOpen, false),
    b!(Cards, Esc, NONE, Back, "Esc/←", KCardBack, true),
    b!(Cards, Left, NONE, Back, "Esc/←", KCardBack, false),
    b!(Cards, Char('q'), NONE, Back, "Esc/←", KCardBack, false),
    b!(Cards, Char('a'), NONE, Quit, "a", KClose, false),
    b!(
        Cards,
        Char('c'),
        CTRL,
        ForceQuit,
        "Ctrl-C",
        KForceQuit,
        false
    ),
    b!(
        Overlay,
        Char('c'),
        CTRL,
        ForceQuit,
        "Ctrl-C",
        KForceQuit,
        false
    ),
    // Choosing between two changes of the same field.
    b!(Clash, Char('1'), NONE, KeepMine, "1/←", KKeepMine, true),
    b!(Clash, Left, NONE, KeepMine, "1/←", KKeepMine, false),
    b!(Clash, Char('2'), NONE, KeepTheirs, "2/→", KKeepTheirs, true),
    b!(Clash, Right, NONE, KeepTheirs, "2/→", KKeepTheirs, false),
    b!(Clash, Up, NONE, Up, "↑↓", KClashMove, false),
    b!(Clash, BackTab, NONE, Up, "↑↓", KClashMove, false),
    b!(Clash, Down, NONE, Down, "↑↓", KClashMove, false),
    b!(Clash, Tab, NONE, Down, "↑↓", KClashMove, false),
    b!(Clash, Enter, NONE, Accept, "Enter", KClashSave, true),
    b!(Clash, Esc, NONE, Back, "Esc", KClashBack, true),
    b!(
        Clash,
        Char('c'),
        CTRL,
        ForceQuit,
        "Ctrl-C",
        KForceQuit,
        false
    ),
    // A viewer's console: statistics only.
    b!(Viewer, Char('q'), NONE, Quit, "q", KViewerQuit, true),
    b!(Viewer, Char('?'), NONE, Help, "?", KHelp, true),
    b!(
        Viewer,
        Char('c'),
        CTRL,
        ForceQuit,
        "Ctrl-C",
        KForceQuit,
        false
    ),
    // The idle lock. Any other key only wakes it to ask who is there.
    b!(Locked, Enter, NONE, Unlock, "Enter", KUnlock, true),
    b!(Locked, Esc, NONE, Back, "Esc", KStayLocked, true),
    b!(
        Locked,
        Char('c'),
        CTRL,
        ForceQuit,
        "Ctrl-C",
        KForceQuit,
        false
    ),
];

fn matches(b: &Binding, key: &KeyEvent) -> bool {
    // Shift is part of the character itself ('G'), and terminals disagree on whether they also
    // report the SHIFT flag for it (and for Shift-Tab), so it is ignored there.
    let strip = |m: KeyModifiers| match key.code {
        Char(_) | BackTab => m - SHIFT,
        _ => m,
    };
    b.code == key.code && strip(b.mods) == strip(key.modifiers)
}

/// Actions refused while the view is redacted (they would show or write what is hidden); the
/// footer does not offer them then.
pub fn refused_when_redacted(a: Action) -> bool {
    matches!(a, Action::NewIntake | Action::EditCase | Action::RevealCpr)
}

/// The action for a key in a context: the context's own bindings first, then the global ones
/// (never in a text-entry context).
pub fn lookup(ctx: Ctx, key: &KeyEvent) -> Option<Action> {
    let own = std::iter::once(ctx)
        .chain(ctx.parents().iter().copied())
        .find_map(|c| BINDINGS.iter().find(|b| b.ctx == c && matches(b, key)));
    let global = || {
        (!ctx.takes_text() && !ctx.closed())
            .then(|| {
                BINDINGS
                    .iter()
                    .find(|b| b.ctx == Ctx::Global && matches(b, key))
            })
            .flatten()
    };
    own.or_else(global).map(|b| b.action)
}

/// One row per distinct key text in a context (with its parents'), in table order, for help
/// and footer.
pub fn entries(ctx: Ctx, footer_only: bool) -> Vec<&'static Binding> {
    let mut out: Vec<&'static Binding> = Vec::new();
    // The global keys first: `n` and `/` are what a coordinator reaches for most.
    let mut scopes: Vec<Ctx> = Vec::new();
    if !(ctx.takes_text() || ctx.closed()) {
        scopes.push(Ctx::Global);
    }
    scopes.push(ctx);
    scopes.extend_from_slice(ctx.parents());
    for scope in scopes {
        for b in BINDINGS.iter().filter(|b| b.ctx == scope) {
            if footer_only && !b.footer {
                continue;
            }
            if !out.iter().any(|o| o.keys == b.keys) {
                out.push(b);
            }
        }
    }
    out
}

pub fn describe(b: &Binding, lang: Lang) -> (&'static str, &'static str) {
    (b.keys, b.help.get(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn letters_are_text_in_the_intake_form() {
        assert_eq!(lookup(Ctx::Intake, &key(Char('q'), NONE)), None);
        assert_eq!(lookup(Ctx::Intake, &key(Char('n'), NONE)), None);
        assert_eq!(
            lookup(Ctx::Queue, &key(Char('n'), NONE)),
            Some(Action::NewIntake)
        );
    }

    #[test]
    fn ctrl_s_files_and_ctrl_c_quits_everywhere() {
        assert_eq!(
            lookup(Ctx::Intake, &key(Char('s'), CTRL)),
            Some(Action::File)
        );
        assert_eq!(
            lookup(Ctx::IntakeEdit, &key(Char('s'), CTRL)),
            Some(Action::Save)
        );
        for ctx in [
            Ctx::Queue,
            Ctx::List,
            Ctx::ListSearch,
            Ctx::Detail,
            Ctx::Intake,
            Ctx::IntakeEdit,
            Ctx::Form,
            Ctx::Overlay,
            Ctx::Cards,
            Ctx::Help,
        ] {
            assert_eq!(
                lookup(ctx, &key(Char('c'), CTRL)),
                Some(Action::ForceQuit),
                "{ctx:?}"
            );
        }
    }

    #[test]
    fn letters_and_question_marks_are_text_in_forms() {
        for c in ['q', 'n', '?', '/', ':', 'j'] {
            assert_eq!(lookup(Ctx::Form, &key(Char(c), NONE)), None, "{c}");
        }
        assert_eq!(lookup(Ctx::Form, &key(F(1), NONE)), Some(Action::Help));
        assert_eq!(lookup(Ctx::Form, &key(Char('s'), CTRL)), Some(Action::Save));
        assert_eq!(lookup(Ctx::Form, &key(Esc, NONE)), Some(Action::Back));
        assert_eq!(
            lookup(Ctx::Form, &key(BackTab, SHIFT)),
            Some(Action::PrevField)
        );
    }

    #[test]
    fn capital_g_works_with_or_without_the_shift_flag() {
        assert_eq!(
            lookup(Ctx::List, &key(Char('G'), SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            lookup(Ctx::List, &key(Char('G'), NONE)),
            Some(Action::Bottom)
        );
    }

    #[test]
    fn the_intake_has_the_form_keys_and_its_own() {
        assert_eq!(
            lookup(Ctx::Intake, &key(Tab, NONE)),
            Some(Action::NextField)
        );
        assert_eq!(
            lookup(Ctx::IntakeEdit, &key(Char('d'), CTRL)),
            Some(Action::ToggleDanger)
        );
        assert_eq!(lookup(Ctx::IntakeEdit, &key(Char('o'), CTRL)), None);
        let footer: Vec<&str> = entries(Ctx::IntakeEdit, true)
            .iter()
            .map(|b| b.help.get(Lang::Da))
            .collect();
        assert!(!footer.contains(&T::KFile.get(Lang::Da)), "{footer:?}");
        assert!(footer.contains(&T::KSaveEdit.get(Lang::Da)), "{footer:?}");
    }

    #[test]
    fn text_editing_keys_come_from_the_table() {
        assert_eq!(
            lookup(Ctx::Text, &key(Char('w'), CTRL)),
            Some(Action::TextDeleteWord)
        );
        assert_eq!(lookup(Ctx::Text, &key(Home, NONE)), Some(Action::TextStart));
        assert_eq!(lookup(Ctx::Text, &key(Char('x'), NONE)), None);
    }

    #[test]
    fn every_binding_has_help_text_in_both_languages() {
        for b in BINDINGS {
            assert!(!b.help.get(Lang::Da).is_empty());
            assert!(!b.help.get(Lang::En).is_empty());
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                assert!(
                    !(a.ctx == b.ctx && a.code == b.code && a.mods == b.mods),
                    "{:?} {:?} bound twice",
                    a.ctx,
                    a.code
                );
            }
        }
    }
}
