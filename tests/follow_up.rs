//! The follow-up schedule, the grouped work queue and meeting mode, through the service API.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::{Days, NaiveDate};
use common::*;
use infohus::domain::due::DueKind;
use infohus::domain::flow::*;
use infohus::domain::meeting::{ItemReason, MeetingKind, Subject};
use infohus::domain::stage::Stage;
use infohus::service::{Group, ItemDecision, NewMeeting, Service};

fn today() -> NaiveDate {
    now().date()
}

fn screen(svc: &mut Service, no: u64, outcome: ScreeningOutcome) {
    svc.record(
        no,
        Command::Screen {
            screening: Screening {
                date: today(),
                approach: Approach::Internal,
                participants: "Mette (SSP)".into(),
                outcome,
                rationale: "Flere kilder.".into(),
            },
            joint: None,
        },
        None,
    )
    .unwrap();
}

fn review(svc: &mut Service, no: u64) {
    svc.record(
        no,
        Command::Review(JointReview {
            date: today(),
            participants: vec![Participant::parse("Lars Holm, Politiet, tovholder").unwrap()],
            summary: "Vi fortsætter.".into(),
            items: Vec::new(),
            steps: Vec::new(),
            decision: ReviewDecision::Continue,
            police_feedback_due: None,
        }),
        None,
    )
    .unwrap();
}

fn participants() -> Vec<Participant> {
    vec![Participant::parse("Anna Berg, SSP, koordinator").unwrap()]
}

#[test]
fn the_queue_groups_what_each_case_waits_for() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let fresh = file(&mut svc, "Ali Hansen", "", "ny");
    let screened = file(&mut svc, "Sara Nielsen", "", "screenet");
    screen(&mut svc, screened, ScreeningOutcome::Stands);
    let police = file(&mut svc, "Omar Said", "", "politisag");
    screen(
        &mut svc,
        police,
        ScreeningOutcome::PoliceMatter {
            kind: PoliceMatterKind::Report,
            feedback_due: today() + Days::new(3),
        },
    );
    let asking = file(&mut svc, "Lise Holm", "", "anmodning");
    screen(&mut svc, asking, ScreeningOutcome::Stands);
    review(&mut svc, asking);
    svc.record(
        asking,
        Command::SendRequest(InfoRequest {
            id: 0,
            to: Authority::School,
            to_detail: String::new(),
            question: "Fravær?".into(),
            sent: today(),
            due: today() + Days::new(2),
            status: RequestStatus::Sent,
            answer: String::new(),
            answered: None,
        }),
        None,
    )
    .unwrap();

    let q = svc.work_queue().unwrap();
    let nos = |g: Group| -> Vec<u64> {
        q.groups
            .iter()
            .find(|x| x.group == g)
            .map(|x| x.entries.iter().map(|e| e.line.no).collect())
            .unwrap_or_default()
    };
    assert_eq!(nos(Group::AwaitingScreening), vec![fresh]);
    assert_eq!(nos(Group::AwaitingReview), vec![screened, police]);
    assert!(nos(Group::RequestsOverdue).is_empty(), "not past due yet");
    assert!(nos(Group::PoliceOverdue).is_empty());

    // A week later the request and the police feedback are past due; the follow-ups of the
    // cases filed today are due the week after.
    svc.set_now(now() + Days::new(7));
    let q = svc.work_queue().unwrap();
    let group = |g: Group| q.groups.iter().find(|x| x.group == g).unwrap();
    assert_eq!(group(Group::RequestsOverdue).entries[0].line.no, asking);
    assert_eq!(
        group(Group::RequestsOverdue).entries[0].item.kind,
        DueKind::Request(1)
    );
    assert_eq!(group(Group::PoliceOverdue).entries[0].line.no, police);
    assert_eq!(q.total(Group::Later), 4);

    // The police report back: the item leaves the queue.
    svc.record(
        police,
        Command::PoliceFeedback(PoliceFeedback {
            date: today() + Days::new(7),
            summary: "Ingen sigtelse.".into(),
        }),
        None,
    )
    .unwrap();
    assert_eq!(svc.work_queue().unwrap().total(Group::PoliceOverdue), 0);
    assert!(svc.check(|_| {}).problems.is_empty());
}

#[test]
fn a_follow_up_rolls_the_next_date_and_the_queue_follows() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = file(&mut svc, "Ali Hansen", "", "x");
    svc.record(
        no,
        Command::PlanFollowUp {
            plan: FollowUpPlan {
                cadence: Cadence::Monthly,
                responsible: "Mette".into(),
            },
            next: Some(today()),
        },
        None,
    )
    .unwrap();
    assert_eq!(svc.work_queue().unwrap().total(Group::ThisWeek), 1);
    let s = svc
        .record(
            no,
            Command::FollowUp {
                date: today(),
                summary: "Talt med skolen.".into(),
                decision: FollowUpDecision::Continue,
                who_acts: "Mette".into(),
                next: None,
                meeting: None,
            },
            None,
        )
        .unwrap();
    assert_eq!(s.next_date, NaiveDate::from_ymd_opt(2026, 12, 23).unwrap());
    let q = svc.work_queue().unwrap();
    assert_eq!(q.total(Group::ThisWeek), 0);
    assert_eq!(q.total(Group::Later), 1);
    assert!(svc.check(|_| {}).problems.is_empty());
}

#[test]
fn a_closed_cases_reviews_come_back_to_the_queue_when_due() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let no = file(&mut svc, "Ali Hansen", "", "x");
    screen(&mut svc, no, ScreeningOutcome::Unfounded);
    svc.record(
        no,
        Command::Close(Closure {
            date: today(),
            reason: ClosureReason::Unfounded,
            summary: "Ubegrundet.".into(),
            waivers: Vec::new(),
            no_reviews_because: None,
        }),
        None,
    )
    .unwrap();
    assert_eq!(svc.work_queue().unwrap().open, 0);
    svc.set_now(now() + Days::new(185));
    let q = svc.work_queue().unwrap();
    let overdue = q.groups.iter().find(|g| g.group == Group::Overdue).unwrap();
    assert_eq!(overdue.entries[0].line.no, no);
    assert_eq!(overdue.entries[0].item.kind, DueKind::PostReview(6));
}

#[test]
fn a_meeting_proposes_its_agenda_and_records_decisions_on_the_cases() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = service(dir.path());
    let awaiting = file(
        &mut svc,
        "Sara Nielsen",
        "010110-4006",
        "Sara ringede selv.",
    );
    screen(&mut svc, awaiting, ScreeningOutcome::Stands);
    let due = file(&mut svc, "Ali Hansen", "", "x");
    svc.set_next_date(due, today() + Days::new(2), "").unwrap();
    let later = file(&mut svc, "Omar Said", "", "y");
    svc.set_next_date(later, today() + Days::new(30), "")
        .unwrap();

    let m = svc
        .create_meeting(NewMeeting {
            kind: MeetingKind::InfohusKommune,
            date: today() + Days::new(3),
            participants: participants(),
            general: vec!["Tendenser".into()],
            topics: Vec::new(),
        })
        .unwrap();
    let subjects: Vec<&Subject> = m.items.iter().map(|i| &i.subject).collect();
    assert_eq!(
        subjects,
        [
            // Sara is 16 and no underretning is recorded: that legal deadline (the chase of
            // issue 13) is her most urgent reason, before the §115 review she also awaits.
            &Subject::Case {
                no: awaiting,
                reason: ItemReason::Legal
            },
            &Subject::Case {
                no: due,
                reason: ItemReason::FollowUpDue
            },
            &Subject::General("Tendenser".into()),
        ],
        "the case due after the meeting is not on its agenda"
    );

    // The case awaiting its joint review gets it from this meeting (the police are there).
    svc.decide_item(
        m.no,
        0,
        ItemDecision {
            review: Some(ReviewDecision::Continue),
            next: Some(today() + Days::new(14)),
            who_acts: "Politiets tovholder".into(),
            ..decision(&m.items[0].subject, "Sara skal indkaldes til samtale.")
        },
    )
    .unwrap();
    let s = svc.case(awaiting).unwrap().state;
    assert_eq!(s.flow.reviews.len(), 1);
    assert_eq!(s.flow.reviews[0].participants, participants());
    assert_eq!(s.stage, Stage::Enrichment);
    assert_eq!(s.next_date, today() + Days::new(14));
    assert_eq!(
        s.flow.follow_ups[0].meeting,
        Some(m.no),
        "the meeting is the context"
    );

    // A follow-up item becomes a follow-up with the meeting as its context.
    svc.decide_item(
        m.no,
        1,
        ItemDecision {
            who_acts: "Anna".into(),
            follow: FollowUpDecision::Adjust,
            ..decision(&m.items[1].subject, "Fortsæt; Ali og mor inviteres.")
        },
    )
    .unwrap();
    let s = svc.case(due).unwrap().state;
    let fu = s.flow.follow_ups.last().unwrap();
    assert_eq!(fu.meeting, Some(m.no));
    assert_eq!(fu.decision, FollowUpDecision::Adjust);
    assert_eq!(
        s.next_date,
        today() + Days::new(14),
        "by the default rhythm"
    );

    // A general item needs only its decision.
    let general = m.items[2].subject.clone();
    assert!(svc.decide_item(m.no, 2, decision(&general, "")).is_err());
    let m = svc
        .decide_item(
            m.no,
            2,
            decision(&general, "Flere henvendelser fra skolerne."),
        )
        .unwrap()
        .meeting;
    assert_eq!(m.done(), 3);
    assert!(svc.check(|_| {}).problems.is_empty());

    let minutes =
        infohus::i18n::follow::minutes(infohus::i18n::Lang::Da, &svc.minutes(m.no).unwrap());
    assert!(minutes.contains("§115"), "{minutes}");
    assert!(
        minutes.contains("S. skal indkaldes til samtale."),
        "{minutes}"
    );
    assert!(
        minutes.contains("Fortsæt; A. og mor inviteres."),
        "{minutes}"
    );
    assert!(minutes.contains("Flere henvendelser fra skolerne."));
    assert!(minutes.contains("Anna Berg, SSP, koordinator"));
    for name in ["Sara", "Nielsen", "Ali", "Hansen", "Omar", "010110"] {
        assert!(!minutes.contains(name), "{name} in the minutes:\n{minutes}");
    }
}

fn decision(subject: &Subject, text: &str) -> ItemDecision {
    ItemDecision {
        subject: subject.clone(),
        decision: text.into(),
        who_acts: String::new(),
        follow: FollowUpDecision::Continue,
        next: None,
        review: None,
        feedback_due: None,
        closure: None,
    }
}

#[test]
fn a_meeting_needs_participants_and_the_topic_bank_keeps_topics_once() {
    let dir = tempfile::tempdir().unwrap();
    let svc = service(dir.path());
    assert!(
        svc.create_meeting(NewMeeting {
            kind: MeetingKind::SspNetwork,
            date: today(),
            participants: Vec::new(),
            general: Vec::new(),
            topics: Vec::new(),
        })
        .is_err()
    );
    svc.save_topic("Sommerferien").unwrap();
    svc.save_topic(" Sommerferien ").unwrap();
    assert!(svc.save_topic("  ").is_err());
    assert_eq!(svc.topics().unwrap(), vec!["Sommerferien".to_string()]);
}
