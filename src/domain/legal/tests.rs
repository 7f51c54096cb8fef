use chrono::{NaiveDate, NaiveDateTime};

use super::*;
use crate::domain::case::Event;
use crate::domain::intake::IntakeForm;
use crate::domain::stage::Stage;

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, 0, 0))
        .expect("valid time")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// A case about a 15-year-old, filed Monday 23 November 2026 10:00, with an underretning
/// sent at 11:00 the same day.
fn minor_case(birth: &str, underretning: bool) -> CaseState {
    let now = at(2026, 11, 23, 10);
    let mut f = IntakeForm::new(now);
    f.person_name = "Ali Hansen".into();
    f.birth_date = birth.into();
    f.description = "Lærer ringer".into();
    f.source = Some(crate::domain::intake::SourceCategory::PrimarySchool);
    if underretning {
        f.underretning_at = "23-11-2026 11:00".into();
        f.underretning_to = "Børn og Unge".into();
    }
    // Validated at noon: the underretning at 11:00 has been sent by then.
    let intake = f
        .validate(at(2026, 11, 23, 12), "mette")
        .expect("valid intake");
    let filed = Event {
        seq: 0,
        at: now,
        author: "mette".into(),
        payload: EventPayload::Filed {
            intake,
            next_date: day(2026, 12, 7),
        },
    };
    CaseState::replay(1, &[filed]).expect("replays")
}

fn record(state: &mut CaseState, cmd: LegalCommand, today: NaiveDate) {
    for p in decide(state, cmd, today).expect("recorded") {
        let e = Event {
            seq: state.event_count,
            at: today.and_hms_opt(12, 0, 0).expect("time"),
            author: "mette".into(),
            payload: p,
        };
        state.apply(&e);
    }
}

/// The team recorded why it does not notify: the chase of the underretning ends.
fn not_notified(state: &mut CaseState) {
    record(
        state,
        LegalCommand::NotNotifying {
            date: day(2026, 11, 23),
            reason: "Skolen har selv underrettet".into(),
        },
        day(2026, 11, 23),
    );
}

fn kinds(items: &[LegalDue]) -> Vec<LegalKind> {
    items.iter().map(|d| d.kind).collect()
}

#[test]
fn an_underretning_starts_three_deadlines() {
    let s = minor_case("01-03-2011", true);
    let rules = LegalRules::default();
    let items = due_items(&s, at(2026, 11, 23, 12), &rules);
    assert_eq!(
        kinds(&items),
        vec![LegalKind::Urgency, LegalKind::Receipt, LegalKind::Feedback]
    );
    assert_eq!(
        items[0].due,
        at(2026, 11, 24, 11),
        "24 hours after it was sent"
    );
    assert_eq!(items[1].due.date(), day(2026, 12, 1), "6 working days");
    assert_eq!(items[2].due.date(), day(2026, 12, 23), "30 days");
    assert!(items.iter().all(|d| !d.overdue));
}

#[test]
fn the_urgency_assessment_is_overdue_after_24_hours_to_the_minute() {
    let s = minor_case("01-03-2011", true);
    let rules = LegalRules::default();
    let just_in_time = due_items(&s, at(2026, 11, 24, 11), &rules);
    assert!(!just_in_time[0].overdue);
    let late = due_items(&s, at(2026, 11, 24, 12), &rules);
    assert_eq!(late[0].kind, LegalKind::Urgency);
    assert!(late[0].overdue);
    assert!(!late[1].overdue, "the receipt still has until 1 December");
}

#[test]
fn recorded_confirmations_leave_the_list() {
    let mut s = minor_case("01-03-2011", true);
    let today = day(2026, 11, 25);
    record(
        &mut s,
        LegalCommand::ConfirmUrgency {
            date: day(2026, 11, 23),
            note: String::new(),
        },
        today,
    );
    record(
        &mut s,
        LegalCommand::ConfirmReceipt {
            date: today,
            note: "kvittering på mail".into(),
        },
        today,
    );
    let rules = LegalRules::default();
    assert_eq!(
        kinds(&due_items(&s, at(2026, 11, 25, 13), &rules)),
        vec![LegalKind::Feedback]
    );
    record(
        &mut s,
        LegalCommand::RecordFeedback {
            date: today,
            support: SupportStarted::Yes,
            note: String::new(),
        },
        today,
    );
    assert!(due_items(&s, at(2026, 11, 25, 13), &rules).is_empty());
    assert_eq!(
        s.legal.feedback.as_ref().map(|f| f.support),
        Some(SupportStarted::Yes)
    );
}

#[test]
fn a_new_underretning_starts_its_deadlines_again() {
    let mut s = minor_case("01-03-2011", true);
    let today = day(2026, 11, 25);
    record(
        &mut s,
        LegalCommand::ConfirmReceipt {
            date: today,
            note: String::new(),
        },
        today,
    );
    let mut intake = s.intake.clone();
    if let Some(u) = intake.underretning.as_mut() {
        u.at = at(2027, 1, 4, 9);
    }
    s.apply(&Event {
        seq: s.event_count,
        at: at(2027, 1, 4, 9),
        author: "mette".into(),
        payload: EventPayload::IntakeEdited {
            intake,
            changed: vec![],
        },
    });
    let items = due_items(&s, at(2027, 1, 4, 10), &LegalRules::default());
    assert!(kinds(&items).contains(&LegalKind::Receipt));
}

#[test]
fn without_an_underretning_there_is_nothing_to_confirm() {
    let s = minor_case("01-03-2011", false);
    assert_eq!(
        kinds(&due_items(&s, at(2026, 11, 23, 12), &LegalRules::default())),
        vec![LegalKind::NotSent],
        "only the underretning itself is chased"
    );
    assert_eq!(
        decide(
            &s,
            LegalCommand::ConfirmReceipt {
                date: day(2026, 11, 23),
                note: String::new()
            },
            day(2026, 11, 23)
        ),
        Err(LegalError::NoUnderretning)
    );
}

#[test]
fn confirmation_dates_must_lie_between_the_underretning_and_today() {
    let s = minor_case("01-03-2011", true);
    let cmd = |date| LegalCommand::ConfirmUrgency {
        date,
        note: String::new(),
    };
    assert_eq!(
        decide(&s, cmd(day(2026, 11, 22)), day(2026, 11, 25)),
        Err(LegalError::BeforeUnderretning)
    );
    assert_eq!(
        decide(&s, cmd(day(2026, 11, 26)), day(2026, 11, 25)),
        Err(LegalError::InFuture)
    );
}

#[test]
fn a_case_is_flagged_from_n_days_before_the_18th_birthday() {
    // Turns 18 on 1 February 2027.
    let mut s = minor_case("01-02-2009", false);
    not_notified(&mut s);
    let rules = LegalRules {
        adult_warning_days: 30,
        ..LegalRules::default()
    };
    assert!(due_items(&s, at(2026, 12, 1, 9), &rules).is_empty());
    let soon = due_items(&s, at(2027, 1, 2, 9), &rules);
    assert_eq!(kinds(&soon), vec![LegalKind::AdultHandOver]);
    assert!(!soon[0].overdue);
    assert_eq!(soon[0].due.date(), day(2027, 2, 1));
    let turned = due_items(&s, at(2027, 2, 1, 9), &rules);
    assert!(turned[0].overdue, "has turned 18 while the case is open");
}

#[test]
fn a_recorded_hand_over_or_decision_to_keep_ends_the_flag() {
    let mut s = minor_case("01-02-2009", false);
    not_notified(&mut s);
    let today = day(2027, 1, 10);
    assert_eq!(
        decide(
            &s,
            LegalCommand::RecordHandOver {
                date: today,
                decision: HandOverDecision::Kept,
                detail: "  ".into()
            },
            today
        ),
        Err(LegalError::DetailRequired)
    );
    record(
        &mut s,
        LegalCommand::RecordHandOver {
            date: today,
            decision: HandOverDecision::Kept,
            detail: "Mentorforløbet afsluttes først i marts".into(),
        },
        today,
    );
    assert!(due_items(&s, at(2027, 3, 1, 9), &LegalRules::default()).is_empty());
}

#[test]
fn an_adult_at_intake_is_never_flagged() {
    let s = minor_case("01-02-2000", false);
    assert!(pending(&s).is_empty());
    assert_eq!(
        decide(
            &s,
            LegalCommand::RecordHandOver {
                date: day(2026, 11, 23),
                decision: HandOverDecision::HandedOver,
                detail: "Jobcenter".into()
            },
            day(2026, 11, 23)
        ),
        Err(LegalError::NotAMinor)
    );
}

#[test]
fn an_approximate_age_turns_18_when_the_shown_age_does() {
    let now = at(2026, 11, 23, 10);
    let mut f = IntakeForm::new(now);
    f.approx_age = "16".into();
    f.description = "x".into();
    f.source = Some(crate::domain::intake::SourceCategory::PrimarySchool);
    let intake = f.validate(now, "mette").expect("valid");
    assert_eq!(turns_18(&intake), Some(day(2028, 11, 23)));
    assert_eq!(intake.age(day(2028, 11, 23)), Some(18));
    assert_eq!(intake.age(day(2028, 11, 22)), Some(17));
}

#[test]
fn closed_cases_carry_no_legal_items() {
    let mut s = minor_case("01-03-2011", true);
    s.stage = Stage::Closed;
    assert!(pending(&s).is_empty());
}

#[test]
fn the_receipt_deadline_skips_christmas_by_the_teams_calendar() {
    let mut s = minor_case("01-03-2011", true);
    if let Some(u) = s.intake.underretning.as_mut() {
        u.at = at(2026, 12, 22, 9);
    }
    let receipt = |rules: &LegalRules| deadline(LegalKind::Receipt, at(2026, 12, 22, 9), rules);
    assert_eq!(receipt(&LegalRules::default()).date(), day(2027, 1, 5));
    let official = LegalRules {
        calendar: crate::domain::holidays::Calendar::official(),
        ..LegalRules::default()
    };
    assert_eq!(receipt(&official).date(), day(2026, 12, 31));
}

#[test]
fn a_minor_filed_without_an_underretning_is_chased_at_once_until_it_is_sent() {
    let mut s = minor_case("01-03-2011", false);
    let items = due_items(&s, at(2026, 11, 23, 10), &LegalRules::default());
    assert_eq!(kinds(&items), vec![LegalKind::NotSent]);
    assert!(items[0].overdue, "due at once");
    assert_eq!(items[0].due, at(2026, 11, 23, 10));
    assert_eq!(
        decide(
            &s,
            LegalCommand::RecordUnderretning {
                at: at(2026, 11, 23, 14),
                to: " ".into()
            },
            day(2026, 11, 23)
        ),
        Err(LegalError::RecipientRequired)
    );
    record(
        &mut s,
        LegalCommand::RecordUnderretning {
            at: at(2026, 11, 23, 14),
            to: "Børn og Unge".into(),
        },
        day(2026, 11, 23),
    );
    assert_eq!(
        kinds(&due_items(&s, at(2026, 11, 23, 15), &LegalRules::default())),
        vec![LegalKind::Urgency, LegalKind::Receipt, LegalKind::Feedback],
        "its own deadlines run from the underretning now"
    );
}

#[test]
fn a_reason_for_not_notifying_ends_the_chase() {
    let mut s = minor_case("01-03-2011", false);
    assert_eq!(
        decide(
            &s,
            LegalCommand::NotNotifying {
                date: day(2026, 11, 23),
                reason: "".into()
            },
            day(2026, 11, 23)
        ),
        Err(LegalError::ReasonRequired)
    );
    not_notified(&mut s);
    assert!(due_items(&s, at(2026, 11, 24, 9), &LegalRules::default()).is_empty());
    assert_eq!(
        s.legal.not_notified.as_ref().map(|n| n.reason.as_str()),
        Some("Skolen har selv underrettet")
    );
}

#[test]
fn an_adult_is_never_chased_for_an_underretning() {
    let s = minor_case("01-02-2000", false);
    assert!(due_items(&s, at(2026, 11, 24, 9), &LegalRules::default()).is_empty());
}
