//! The store: durable round trips, golden fixtures of the on-disk format, damaged bytes, locks.
#![allow(clippy::unwrap_used)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use common::*;
use infohus::domain::audit::{AuditAction, AuditEntry};
use infohus::domain::case::Event;
use infohus::domain::draft::{Draft, FieldValue, FormKind};
use infohus::domain::flow::*;
use infohus::domain::intake::{Channel, ConcernType, IntakeForm, SourceCategory};
use infohus::domain::legal::{
    Confirmation, Feedback, HandOver, HandOverDecision, LegalState, SupportStarted,
};
use infohus::domain::meeting::{AgendaItem, ItemReason, Meeting, MeetingKind, Outcome, Subject};
use infohus::domain::retention::{RetentionEvent, Tombstone};
use infohus::domain::summary::CaseSummary;
use infohus::domain::{CaseState, EventPayload, Stage};
use infohus::store::{OpenOptions, Store, StoreError, records};

#[test]
fn a_filed_case_is_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let no = {
        let mut svc = service(dir.path());
        file(&mut svc, "Ali Hansen", "", "Lærer ringer om elev")
    };
    let svc = service(dir.path());
    let view = svc.case(no).unwrap();
    assert_eq!(view.state.intake.person.name, "Ali Hansen");
    assert_eq!(view.events.len(), 1);
    assert!(svc.check(|_| {}).problems.is_empty());
}

#[test]
fn an_accounts_console_settings_survive_reopening_and_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    {
        let svc = service(dir.path());
        let st = svc.store();
        st.set_account_setting("mette", "redacted", Some(1))
            .unwrap();
        st.set_account_setting("jonas", "redacted", Some(0))
            .unwrap();
        st.set_account_setting("jonas", "gone", Some(5)).unwrap();
        st.set_account_setting("jonas", "gone", None).unwrap();
    }
    let svc = service(dir.path());
    let st = svc.store();
    assert_eq!(st.account_setting("mette", "redacted").unwrap(), Some(1));
    assert_eq!(st.account_setting("jonas", "gone").unwrap(), None);
    assert_eq!(st.account_setting("lars", "redacted").unwrap(), None);
    let all: Vec<(String, String, u64)> = st
        .account_settings()
        .unwrap()
        .into_iter()
        .map(|s| (s.account, s.name, s.value))
        .collect();
    assert_eq!(
        all,
        vec![
            ("jonas".into(), "redacted".into(), 0),
            ("mette".into(), "redacted".into(), 1)
        ]
    );
    assert!(svc.check(|_| {}).problems.is_empty());
}

#[test]
fn case_numbers_continue_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let first = file(&mut service(dir.path()), "A", "", "x");
    let second = file(&mut service(dir.path()), "B", "", "y");
    assert_eq!((first, second), (1, 2));
}

#[test]
fn an_edit_is_a_new_event_and_the_old_version_stays_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = file(&mut svc, "Ali Hansen", "", "først");
    let mut d = svc.new_draft(FormKind::Intake, Some(no)).unwrap();
    d.edit_intake(|f| f.description = "rettet".into());
    d = svc.save_draft(&d).unwrap();
    svc.file(&d).unwrap();
    let view = svc.case(no).unwrap();
    assert_eq!(view.state.intake.description, "rettet");
    assert_eq!(view.events.len(), 2);
    match &view.events[0].payload {
        EventPayload::Filed { intake, .. } => assert_eq!(intake.description, "først"),
        other => panic!("{other:?}"),
    }
    assert!(
        svc.drafts().unwrap().is_empty(),
        "the edit draft is gone once filed"
    );
}

/// `due` and the work queue read each case's line from its own index: an edit of the name
/// must reach it, or a morning mail names the case by what it was once called.
#[test]
fn the_queue_line_of_a_case_follows_an_edit_of_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = file(&mut svc, "Ali Hansen", "", "først");
    let other = file(&mut svc, "Mette Holm", "", "uro");
    let mut d = svc.new_draft(FormKind::Intake, Some(no)).unwrap();
    d.edit_intake(|f| f.person_name = "Omar Nielsen".into());
    d = svc.save_draft(&d).unwrap();
    svc.file(&d).unwrap();
    let names: Vec<(u64, String)> = svc
        .due(7)
        .unwrap()
        .iter()
        .flat_map(|g| g.entries.iter())
        .map(|e| (e.line.no, e.line.name.to_string()))
        .collect();
    assert!(names.contains(&(no, "Omar Nielsen".into())), "{names:?}");
    assert!(names.contains(&(other, "Mette Holm".into())), "{names:?}");
    assert!(!names.iter().any(|(_, n)| n == "Ali Hansen"), "{names:?}");
    drop(svc);
    let svc = service(dir.path());
    assert_eq!(
        svc.store().line(no).unwrap().map(|l| l.name.to_string()),
        Some("Omar Nielsen".into())
    );
    assert!(svc.check(|_| {}).problems.is_empty());
}

// ---- golden fixtures -------------------------------------------------------------------

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn sample_form() -> IntakeForm {
    let mut f = IntakeForm::new(now());
    f.person_name = "Søren Ali Hansen".into();
    f.cpr = "010110-4006".into();
    f.address = "Nørregade 1".into();
    f.district = "Centrum".into();
    f.concerns = vec![ConcernType::Extremism, ConcernType::CrimeGang];
    f.description = "Lærer ringer: eleven deler ekstreme videoer.".into();
    f.channel = Some(Channel::Phone);
    f.source = Some(SourceCategory::PrimarySchool);
    f.reporter_name = "Mette Lærer".into();
    f.reporter_org = "Nørrebro Skole".into();
    f.underretning_at = "23-11-2026 11:00".into();
    f.underretning_to = "Børn og Unge".into();
    f
}

fn sample_event() -> Event {
    Event {
        seq: 0,
        at: now(),
        author: "mette".into(),
        payload: EventPayload::Filed {
            // Validated an hour on: the underretning (11:00) had been sent by then.
            intake: sample_form()
                .validate(now() + chrono::Duration::hours(1), "mette")
                .unwrap(),
            next_date: now().date() + chrono::Days::new(14),
        },
    }
}

fn sample_state() -> CaseState {
    CaseState::replay(7, &[sample_event()]).unwrap()
}

/// The version-1 draft fixture (an intake) as it reads today: an intake draft, typing resumed
/// at the end of the name.
fn sample_draft() -> Draft {
    let mut d = Draft::new(3, "mette", now(), FormKind::Intake);
    d.set_intake(&sample_form());
    d.focus = infohus::domain::intake::FieldId::PersonName.key();
    d.cursor = 16;
    d
}

fn sample_audit() -> AuditEntry {
    AuditEntry {
        at: now(),
        user: "mette".into(),
        action: AuditAction::CprRevealed { case: 7 },
    }
}

/// Writes the fixtures when `INFOHUS_BLESS=1`; otherwise reads them. A failure here means the
/// stored format changed: bump the version and keep the old fixture, never re-bless silently.
fn golden(name: &str, bytes: Vec<u8>) -> Vec<u8> {
    let path = fixture_dir().join(name);
    if std::env::var_os("INFOHUS_BLESS").is_some() {
        std::fs::create_dir_all(fixture_dir()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
    }
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {} missing: {e}", path.display()))
}

/// A fixture of a format that is no longer written: read only, never re-blessed.
fn frozen(name: &str) -> Vec<u8> {
    let path = fixture_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {} missing: {e}", path.display()))
}

#[test]
fn a_draft_of_any_form_round_trips_and_an_old_intake_draft_still_reads() {
    let mut review = Draft::new(9, "mette", now(), FormKind::JointReview);
    review.case = Some(7);
    review.values = vec![
        (1, FieldValue::Text("Politiet kender ham fra før".into())),
        (2, FieldValue::Choice(Some(1))),
        (10, FieldValue::Text("Lars Holm, Østjyllands Politi".into())),
    ];
    review.focus = 1;
    review.cursor = 8;
    let bytes = records::encode_draft(&review).unwrap();
    assert_eq!(records::decode_draft(&bytes).unwrap(), review);
    let intake = sample_draft();
    let bytes = records::encode_draft(&intake).unwrap();
    assert_eq!(records::decode_draft(&bytes).unwrap(), intake);
}

#[test]
fn golden_fixtures_of_format_version_1_still_decode() {
    assert_eq!(
        records::decode_event(&frozen("event_v1.bin")).unwrap(),
        sample_event()
    );
    // A version-1 case knew no assessment flow: it migrates with an empty one.
    let case = records::decode_case(&frozen("case_v1.bin")).unwrap();
    assert_eq!(case, sample_state());
    assert_eq!(case.flow, Flow::default());
    // A version-1 summary knows nothing of retention: it keeps its case until rebuilt.
    let summary = records::decode_summary(&frozen("summary_v1.bin")).unwrap();
    assert_eq!(summary.name, "Søren Ali Hansen");
    assert_eq!(summary.source, None);
    assert!(summary.reviews_pending);
    // A version-1 draft held an intake only; it reads as the general draft of an intake.
    assert_eq!(
        records::decode_draft(&frozen("draft_v1.bin")).unwrap(),
        sample_draft()
    );
    // Version-1 audit entries have no chain; they are read as the chain's start.
    assert_eq!(
        records::decode_audit(&frozen("audit_v1.bin")).unwrap(),
        records::StoredAudit::Unchained(sample_audit())
    );
    let counter = golden("counter_v1.bin", records::encode_counter(&42).unwrap());
    assert_eq!(records::decode_counter(&counter).unwrap(), 42);
}

/// One event of every kind the assessment flow adds, in an order a case could have them.
fn flow_payloads() -> Vec<EventPayload> {
    let d = |day: u32, month: u32| chrono::NaiveDate::from_ymd_opt(2026, month, day).unwrap();
    let participant = Participant {
        name: "Lars Holm".into(),
        organisation: "Østjyllands Politi".into(),
        role: "tovholder".into(),
    };
    vec![
        EventPayload::StageChanged {
            from: Stage::Intake,
            to: Stage::Screening,
            reason: None,
        },
        EventPayload::ScreeningRecorded(Screening {
            date: d(24, 11),
            approach: Approach::JointWithPolice,
            participants: "Mette (SSP), Lars (politiet)".into(),
            outcome: ScreeningOutcome::PoliceMatter {
                kind: PoliceMatterKind::Pet,
                feedback_due: d(8, 12),
            },
            rationale: "Konkrete udrejseplaner.".into(),
        }),
        EventPayload::JointReviewRecorded(JointReview {
            date: d(24, 11),
            participants: vec![participant],
            summary: "Oplysninger udvekslet efter §115.".into(),
            items: vec![InfoItem {
                text: "Kendt for vold".into(),
                origin: Authority::LocalPolice,
            }],
            steps: vec![NextStep {
                what: "Bekymringssamtale".into(),
                who: "Politiet".into(),
            }],
            decision: ReviewDecision::Continue,
            police_feedback_due: Some(d(8, 12)),
        }),
        EventPayload::RequestSent(InfoRequest {
            id: 1,
            to: Authority::School,
            to_detail: "Nørrebro Skole".into(),
            question: "Fravær det seneste halve år?".into(),
            sent: d(25, 11),
            due: d(9, 12),
            status: RequestStatus::Sent,
            answer: String::new(),
            answered: None,
        }),
        EventPayload::RequestUpdated {
            id: 1,
            status: RequestStatus::Answered,
            answer: "30 % fravær".into(),
            date: d(1, 12),
        },
        EventPayload::ConversationRecorded(Conversation {
            id: 1,
            status: ConversationStatus::Held,
            date: d(2, 12),
            held_by: HeldBy::PoliceAndSocial,
            with: With::PersonAndFamily,
            summary: "Familien samarbejder.".into(),
        }),
        EventPayload::AssessmentRecorded(Assessment {
            id: 1,
            date: d(3, 12),
            description: "Deler ekstremt materiale.".into(),
            ratings: Dimension::ALL
                .iter()
                .map(|dim| DimensionRating {
                    dimension: *dim,
                    risk: Risk::Moderate,
                    resource: *dim == Dimension::Family,
                    note: "note".into(),
                })
                .collect(),
            overall: Risk::Moderate,
            recommendation: "Mentor".into(),
            rationale: "Skolegang og familie er ressourcer.".into(),
        }),
        EventPayload::MeasureRecorded(Measure {
            id: 1,
            kind: "Mentor".into(),
            organisation: "SSP".into(),
            responsible: "Jonas".into(),
            start: d(4, 12),
            planned_end: None,
            goal: "Stabil skolegang".into(),
            level: MeasureLevel::Preventive,
            status: MeasureStatus::Active,
            evaluation: String::new(),
            round: 0,
        }),
        EventPayload::DisclosureRecorded(Disclosure {
            date: d(5, 12),
            recipient: "Jobcenter Syd".into(),
            what: "Fravær".into(),
            basis: LegalBasis::Fvl28,
            police_origin: false,
            police_confirmed: false,
        }),
        EventPayload::Closed(Closure {
            date: d(6, 12),
            reason: ClosureReason::MeasureCompleted,
            summary: "Forløbet afsluttet.".into(),
            waivers: vec![Waiver {
                item: ItemRef::Measure(1),
                reason: "Flyttet".into(),
            }],
            no_reviews_because: None,
        }),
        EventPayload::PostReviewHeld {
            months: 6,
            date: chrono::NaiveDate::from_ymd_opt(2027, 6, 6).unwrap(),
            summary: "Ingen ny bekymring.".into(),
        },
    ]
}

fn flow_events() -> Vec<Event> {
    let mut events = vec![sample_event()];
    for (seq, payload) in (1..).zip(flow_payloads()) {
        events.push(Event {
            seq,
            at: now(),
            author: "mette".into(),
            payload,
        });
    }
    events
}

#[test]
fn golden_fixtures_of_format_version_2_still_decode() {
    let events = flow_events();
    for e in &events[1..] {
        let name = format!("event_v2_{}.bin", e.seq);
        assert_eq!(&records::decode_event(&frozen(&name)).unwrap(), e, "{name}");
    }
    // A version-2 case knew no follow-up schedule and no retention: it migrates with the
    // stage's default rhythm, no deletion date and no hold.
    let state = CaseState::replay(7, &events).unwrap();
    assert_eq!(state.stage, Stage::Closed);
    let old = records::decode_case(&frozen("case_v2.bin")).unwrap();
    assert_eq!(old, state);
    assert_eq!(old.flow.plan, None);
    assert!(old.flow.follow_ups.is_empty());
    assert_eq!(old.retention, Default::default());
    assert_eq!(old.legal, LegalState::default());
}

/// One event of every legal kind.
fn legal_payloads() -> Vec<EventPayload> {
    let d = |day: u32, month: u32| chrono::NaiveDate::from_ymd_opt(2026, month, day).unwrap();
    let underretning_at = d(23, 11).and_hms_opt(11, 0, 0).unwrap();
    vec![
        EventPayload::UrgencyConfirmed(Confirmation {
            underretning_at,
            date: d(23, 11),
            note: "Ingen akutte foranstaltninger".into(),
        }),
        EventPayload::ReceiptConfirmed(Confirmation {
            underretning_at,
            date: d(26, 11),
            note: String::new(),
        }),
        EventPayload::FeedbackReceived(Feedback {
            underretning_at,
            date: d(15, 12),
            support: SupportStarted::Yes,
            note: "Børnefaglig undersøgelse".into(),
        }),
        EventPayload::AdultHandOver(HandOver {
            date: d(16, 12),
            decision: HandOverDecision::HandedOver,
            detail: "Jobcenter Syd, ungeteamet".into(),
        }),
    ]
}

fn follow_up_payloads() -> Vec<EventPayload> {
    let d = |day| chrono::NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
    vec![
        EventPayload::FollowUpPlanned(FollowUpPlan {
            cadence: Cadence::EveryDays(21),
            responsible: "Mette".into(),
        }),
        EventPayload::FollowUpRecorded(FollowUp {
            date: d(1),
            summary: "Skolen melder bedre trivsel.".into(),
            decision: FollowUpDecision::Adjust,
            who_acts: "Anna (SSP) ringer til mor".into(),
            next: d(22),
            meeting: Some(4),
        }),
        EventPayload::PoliceFeedbackReceived(PoliceFeedback {
            date: d(2),
            summary: "Politiet har afsluttet deres del.".into(),
        }),
    ]
}

fn retention_payloads() -> Vec<EventPayload> {
    let d = |y: i32, m: u32, day: u32| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    vec![
        RetentionEvent::DeletionDateSet {
            date: d(2028, 12, 6),
        },
        RetentionEvent::HoldPlaced {
            date: d(2027, 1, 4),
            reason: "Klagesag".into(),
        },
        RetentionEvent::HoldLifted {
            date: d(2027, 3, 1),
            reason: "Afgjort".into(),
        },
    ]
    .into_iter()
    .map(EventPayload::Retention)
    .collect()
}

/// Every event format version 3 added, after the flow's events.
fn v3_events() -> Vec<Event> {
    let mut events = flow_events();
    for payload in follow_up_payloads()
        .into_iter()
        .chain(retention_payloads())
        .chain(legal_payloads())
    {
        events.push(Event {
            seq: events.len() as u32,
            at: now(),
            author: "mette".into(),
            payload,
        });
    }
    events
}

fn sample_meeting() -> Meeting {
    Meeting {
        no: 4,
        kind: MeetingKind::InfohusKommune,
        date: now().date(),
        participants: vec![Participant {
            name: "Mette".into(),
            organisation: "SSP".into(),
            role: "koordinator".into(),
        }],
        items: vec![
            AgendaItem {
                subject: Subject::Case {
                    no: 7,
                    reason: ItemReason::AwaitingReview,
                },
                outcome: Some(Outcome {
                    decision: "Fortsæt; skolen inddrages.".into(),
                    who_acts: "Anna".into(),
                    follow: Some(FollowUpDecision::Continue),
                    next: Some(now().date()),
                }),
            },
            AgendaItem {
                subject: Subject::General("Tendenser".into()),
                outcome: None,
            },
        ],
        created_by: "mette".into(),
        created_at: now(),
    }
}

#[test]
fn golden_fixtures_of_format_version_3_still_decode() {
    let events = v3_events();
    let first = flow_events().len();
    for e in &events[first..] {
        let name = format!("event_v3_{}.bin", e.seq);
        assert_eq!(&records::decode_event(&frozen(&name)).unwrap(), e, "{name}");
    }
    let state = CaseState::replay(7, &events).unwrap();
    assert_eq!(state.flow.follow_ups.len(), 1);
    assert!(state.retention.deletion_date.is_some());
    assert!(state.legal.handover.is_some());
    assert_eq!(records::decode_case(&frozen("case_v3.bin")).unwrap(), state);
    let summary = CaseSummary::of(&state);
    assert_eq!(
        records::decode_summary(&frozen("summary_v2.bin")).unwrap(),
        summary
    );
    let stone = Tombstone::of(&state, chrono::NaiveDate::from_ymd_opt(2029, 1, 2).unwrap());
    assert_eq!(
        records::decode_tombstone(&frozen("tombstone_v1.bin")).unwrap(),
        stone
    );
    assert_eq!(
        records::decode_meeting(&frozen("meeting_v1.bin")).unwrap(),
        sample_meeting()
    );
}

/// Format 4: the forløbshjul's events (after format 3), each as written today.
#[test]
fn golden_fixtures_of_the_round_events_decode() {
    let d = |day| chrono::NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
    let payloads = vec![
        EventPayload::RoundAnalysed {
            round: 2,
            analysis: RoundAnalysis {
                date: d(1),
                text: "Fravær og konflikter; forældrene samarbejder.".into(),
            },
        },
        EventPayload::RoundPlanned {
            round: 2,
            plan: ActionPlan {
                date: d(2),
                goals: "Fremmøde over 90 %".into(),
                who: "Mentor ugentligt".into(),
                evaluate_by: d(30),
            },
        },
        EventPayload::RoundEvaluated {
            round: 2,
            evaluation: RoundEvaluation {
                date: d(30),
                effect: Effect::Partly,
                text: "Fremmødet er steget.".into(),
            },
        },
        EventPayload::RoundDecided {
            round: 2,
            decision: NextStepDecision {
                date: d(31),
                choice: NextStepChoice::Parents,
                with: "Hanne Kjær, skoleleder".into(),
                note: "Forældresamtaler hver anden uge.".into(),
            },
        },
    ];
    for (i, payload) in payloads.into_iter().enumerate() {
        let e = Event {
            seq: 22 + u32::try_from(i).unwrap(),
            at: chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                .unwrap()
                .and_hms_opt(10, 0, 0)
                .unwrap(),
            author: "mette".into(),
            payload,
        };
        let name = format!("event_v4_{}.bin", e.seq);
        let bytes = golden(&name, records::encode_event(&e).unwrap());
        assert_eq!(records::decode_event(&bytes).unwrap(), e, "{name}");
    }
}

/// Format 4: dates as integers. Every event kind, the state, summary, draft, tombstone,
/// meeting and topics, as written today.
#[test]
fn golden_fixtures_of_format_version_4_decode() {
    let events = v3_events();
    for e in &events {
        let name = format!("event_v4_{}.bin", e.seq);
        let bytes = golden(&name, records::encode_event(e).unwrap());
        assert_eq!(&records::decode_event(&bytes).unwrap(), e, "{name}");
    }
    let state = CaseState::replay(7, &events).unwrap();
    let bytes = golden("case_v4.bin", records::encode_case(&state).unwrap());
    assert_eq!(records::decode_case(&bytes).unwrap(), state);
    let summary = CaseSummary::of(&state);
    let bytes = golden("summary_v3.bin", records::encode_summary(&summary).unwrap());
    assert_eq!(records::decode_summary(&bytes).unwrap(), summary);
    let stone = Tombstone::of(&state, chrono::NaiveDate::from_ymd_opt(2029, 1, 2).unwrap());
    let bytes = golden(
        "tombstone_v2.bin",
        records::encode_tombstone(&stone).unwrap(),
    );
    assert_eq!(records::decode_tombstone(&bytes).unwrap(), stone);
    let m = sample_meeting();
    let bytes = golden("meeting_v2.bin", records::encode_meeting(&m).unwrap());
    assert_eq!(records::decode_meeting(&bytes).unwrap(), m);
    let bytes = golden(
        "draft_v2.bin",
        records::encode_draft(&sample_draft()).unwrap(),
    );
    assert_eq!(records::decode_draft(&bytes).unwrap(), sample_draft());
    let topics = vec!["Sommerferien".to_string(), "Nye grupperinger".to_string()];
    let bytes = golden("topics_v1.bin", records::encode_topics(&topics).unwrap());
    assert_eq!(records::decode_topics(&bytes).unwrap(), topics);
}

#[test]
fn the_current_encoding_matches_the_golden_bytes() {
    // Catches an accidental format change (a reordered field) before it reaches a database.
    let state = CaseState::replay(7, &v3_events()).unwrap();
    assert_eq!(
        records::encode_case(&state).unwrap(),
        golden("case_v4.bin", records::encode_case(&state).unwrap())
    );
}

/// Dates travel as integers in stored bytes (`domain::compact`): a date field that forgot its
/// attribute would put chrono's ISO text into every record again.
#[test]
fn no_stored_record_holds_a_date_as_text() {
    let events = v3_events();
    let state = CaseState::replay(7, &events).unwrap();
    let stone = Tombstone::of(&state, chrono::NaiveDate::from_ymd_opt(2029, 1, 2).unwrap());
    let mut records: Vec<(String, Vec<u8>)> = events
        .iter()
        .map(|e| {
            (
                format!("event {}", e.seq),
                records::encode_event(e).unwrap(),
            )
        })
        .collect();
    records.push(("case".into(), records::encode_case(&state).unwrap()));
    // An edit kept as the parts it changed, with dates in it.
    {
        use infohus::domain::edit::{FieldChange, IntakeValue};
        let day = |d| chrono::NaiveDate::from_ymd_opt(2011, 3, d).unwrap();
        let edit = infohus::domain::Event {
            seq: 9,
            at: now(),
            author: "mette".into(),
            payload: EventPayload::IntakeFieldsEdited {
                changes: vec![
                    FieldChange {
                        old: IntakeValue::BirthDate(Some(day(4))),
                        new: IntakeValue::BirthDate(Some(day(5))),
                    },
                    FieldChange {
                        old: IntakeValue::ReceivedAt(day(6).and_hms_opt(9, 0, 0).unwrap()),
                        new: IntakeValue::ReceivedAt(day(7).and_hms_opt(9, 0, 0).unwrap()),
                    },
                ],
            },
        };
        records.push(("field edit".into(), records::encode_event(&edit).unwrap()));
    }
    records.push((
        "summary".into(),
        records::encode_summary(&CaseSummary::of(&state)).unwrap(),
    ));
    records.push((
        "draft".into(),
        records::encode_draft(&sample_draft()).unwrap(),
    ));
    records.push((
        "tombstone".into(),
        records::encode_tombstone(&stone).unwrap(),
    ));
    records.push((
        "meeting".into(),
        records::encode_meeting(&sample_meeting()).unwrap(),
    ));
    for (what, bytes) in records {
        let iso = bytes.windows(10).any(|w| {
            w[4] == b'-'
                && w[7] == b'-'
                && [0, 1, 2, 3, 5, 6, 8, 9]
                    .iter()
                    .all(|&i| w[i].is_ascii_digit())
        });
        assert!(
            !iso,
            "{what} holds a date as text: {}",
            String::from_utf8_lossy(&bytes)
        );
    }
}

// ---- damage ------------------------------------------------------------------------------

#[test]
fn every_truncation_of_a_record_is_an_error_not_a_panic() {
    let bytes = records::encode_case(&sample_state()).unwrap();
    for len in 0..bytes.len() {
        assert!(records::decode_case(&bytes[..len]).is_err(), "length {len}");
    }
}

#[test]
fn flipped_bytes_never_panic() {
    let bytes = records::encode_event(&sample_event()).unwrap();
    for i in 0..bytes.len() {
        for flip in [0x01u8, 0x80, 0xFF] {
            let mut b = bytes.clone();
            b[i] ^= flip;
            let _ = records::decode_event(&b);
        }
    }
}

#[test]
fn a_damaged_case_record_is_reported_and_repaired_from_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = file(&mut svc, "Ali Hansen", "", "x");
    infohus::store::corrupt_case_for_test(svc.store(), no, &[1, 1, 0, 0xFF, 0xFF]).unwrap();
    assert!(matches!(
        svc.store().case(no),
        Err(StoreError::Corrupt { tree: "cases", .. })
    ));
    let report = svc.check(|_| {});
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let done = svc.repair().unwrap();
    assert!(
        done.contains(&infohus::store::Repaired::ViewRebuilt),
        "{done:?}"
    );
    assert!(svc.check(|_| {}).problems.is_empty());
    assert_eq!(svc.case(no).unwrap().state.intake.person.name, "Ali Hansen");
}

// ---- opening -----------------------------------------------------------------------------

#[test]
fn a_missing_data_directory_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere/infohus.db");
    let err = Store::open(&path, &OpenOptions::default()).err().unwrap();
    assert!(matches!(err, StoreError::MissingDir(_)), "{err}");
    assert!(err.to_string().contains("does not exist"));
}

#[test]
fn a_database_other_users_can_read_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(service(dir.path()));
    let db = db_in(dir.path());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = Store::open(&db, &OpenOptions::default()).err().unwrap();
    assert!(matches!(err, StoreError::WorldReadable(_)), "{err}");
}

#[test]
fn a_new_database_is_private_to_its_owner() {
    let dir = tempfile::tempdir().unwrap();
    drop(service(dir.path()));
    let mode = std::fs::metadata(db_in(dir.path()))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700);
}

#[test]
fn a_plain_file_is_not_taken_for_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(dir.path());
    std::fs::write(&db, b"hello").unwrap();
    let err = Store::open(&db, &OpenOptions::default()).err().unwrap();
    assert!(matches!(err, StoreError::NotADatabase(_)), "{err}");
}

#[test]
fn a_second_process_gets_one_clear_sentence_while_the_database_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let _held = service(dir.path());
    let out = infohus()
        .args(["check", "--db"])
        .arg(db_in(dir.path()))
        .env("INFOHUS_LANG", "en")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is in use by another infohus process"),
        "stderr: {err}"
    );
    assert!(err.contains("pid"), "the holder is named: {err}");
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn the_lock_message_is_danish_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let _held = service(dir.path());
    let out = infohus()
        .args(["check", "--db"])
        .arg(db_in(dir.path()))
        .env_remove("INFOHUS_LANG")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bruges af en anden infohus-proces"), "{err}");
}

#[test]
fn a_damaged_view_is_rebuilt_from_the_journal_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut svc = service(dir.path());
        for i in 0..40 {
            file(&mut svc, &format!("Person {i}"), "", "x");
        }
    }
    // One flipped byte in the middle of sled's log: sled cuts its log there, or refuses to
    // open. The view is only ever a copy of what the journal holds.
    let log = db_in(dir.path()).join("view/db");
    let mut bytes = std::fs::read(&log).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xFF;
    std::fs::write(&log, bytes).unwrap();

    let svc = infohus::service::Service::open(&db_in(dir.path()), false, "mette").unwrap();
    assert_eq!(svc.store().case_count(), 40);
    for no in 1..=40 {
        let s = svc.store().case(no).unwrap().unwrap();
        assert_eq!(s.intake.person.name, format!("Person {}", no - 1));
    }
    assert!(svc.check(|_| {}).problems.is_empty());
}

#[test]
fn every_summary_is_read_in_number_order_across_gaps_in_the_numbering() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db"), &OpenOptions::default()).unwrap();
    let nos = [1, 2, 7, 255, 256, 257, 70_000];
    store
        .insert_histories(nos.iter().rev().map(|&no| infohus::store::History {
            no,
            events: vec![sample_event()],
        }))
        .unwrap();
    let read: Vec<u64> = store.summaries().map(|s| s.unwrap().no).collect();
    assert_eq!(read, nos);
}

#[test]
fn a_snapshot_sees_the_cases_as_they_stood_however_much_is_saved_after() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let a = file(&mut svc, "Ali Hansen", "", "først");
    let snap = svc.store().snapshot().unwrap();
    svc.store()
        .append(
            a,
            &[EventPayload::NoteAdded {
                text: "senere".into(),
            }],
            None,
            "mette",
            now(),
        )
        .unwrap();
    let b = file(&mut svc, "Esra Celik", "", "senere sag");
    let then: Vec<_> = svc
        .store()
        .histories_at(snap)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(then.len(), 1, "case {b} was filed after the snapshot");
    assert_eq!(then[0].no, a);
    assert_eq!(then[0].events.len(), 1, "the note came after the snapshot");
    let now_: Vec<_> = svc.store().histories().collect::<Result<_, _>>().unwrap();
    assert_eq!(now_.len(), 2);
    assert_eq!(now_[0].events.len(), 2);
}

#[test]
fn an_owner_killed_while_starting_a_journal_segment_leaves_a_database_that_opens() {
    // kill -9 of the server between creating a new segment file and writing its header left an
    // empty last segment, and the database refused to open ("damaged (journal segment 6)").
    let dir = tempfile::tempdir().unwrap();
    {
        let mut svc = service(dir.path());
        for i in 0..5 {
            file(&mut svc, &format!("Person {i}"), "", "x");
        }
    }
    let jdir = db_in(dir.path()).join("journal");
    std::fs::write(jdir.join("00000002.log"), b"").unwrap();
    std::fs::write(jdir.join("00000003.log.new"), b"infohus").unwrap();

    let mut svc = infohus::service::Service::open(&db_in(dir.path()), false, "mette").unwrap();
    assert_eq!(svc.store().case_count(), 5);
    file(&mut svc, "Person 5", "", "x");
    drop(svc);
    let svc = infohus::service::Service::open(&db_in(dir.path()), false, "mette").unwrap();
    assert_eq!(svc.store().case_count(), 6);
    assert!(svc.check(|_| {}).problems.is_empty());
    assert!(!jdir.join("00000003.log.new").exists());
}

/// A case's state is kept after it is folded (a save or a view of a long history would read
/// every record again); what is kept must always be what the history folds to — after saves,
/// after a purge of another case, after the database is opened again.
#[test]
fn a_kept_case_state_is_always_what_its_history_folds_to() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = file(&mut svc, "Ali Hansen", "", "Lærer ringer");
    let other = file(&mut svc, "Bo Lund", "", "Kort sag.");
    let folds_to = |svc: &infohus::service::Service, no| {
        let events = svc.store().events(no).unwrap();
        CaseState::replay(no, &events).unwrap()
    };
    for i in 0..40 {
        svc.add_note(no, &format!("note {i}")).unwrap();
        let kept = svc.store().case(no).unwrap().unwrap();
        assert_eq!(kept, folds_to(&svc, no), "after note {i}");
        assert_eq!(kept.event_count, i + 2);
    }
    svc.store().case(other).unwrap();
    drop(svc);
    let svc = service(dir.path());
    assert_eq!(svc.store().case(no).unwrap().unwrap(), folds_to(&svc, no));
    assert_eq!(svc.store().case(no).unwrap().unwrap().event_count, 41);
}
