//! The flow's rules, tested where they live: a case moves only as `decide` allows.

#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, NaiveDateTime};

use super::decide::Required;
use super::*;
use crate::domain::case::{CaseState, Event, EventPayload, first_next_date};
use crate::domain::intake::IntakeForm;
use crate::domain::stage::{Stage, StageError};

fn day(d: u32, m: u32, y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn now() -> NaiveDateTime {
    day(23, 11, 2026).and_hms_opt(10, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    now().date()
}

fn filed(danger: bool) -> CaseState {
    let mut f = IntakeForm::new(now());
    f.person_name = "Ali Hansen".into();
    f.description = "Læreren er bekymret.".into();
    f.source = Some(crate::domain::intake::SourceCategory::PrimarySchool);
    if danger {
        f.imminent_danger = true;
        f.police_contacted_by = String::new();
    }
    let intake = match f.validate(now(), "mette") {
        Ok(i) => i,
        // Imminent danger without police contact does not validate as an intake; build the
        // state as an older filing would have it.
        Err(_) => {
            f.imminent_danger = false;
            let mut i = f.validate(now(), "mette").unwrap();
            i.imminent_danger = true;
            i
        }
    };
    let ev = Event {
        seq: 0,
        at: now(),
        author: "mette".into(),
        payload: EventPayload::Filed {
            intake,
            next_date: first_next_date(now()),
        },
    };
    CaseState::replay(1, &[ev]).unwrap()
}

/// Applies what `decide` returns, as the service would.
fn run(state: &mut CaseState, cmd: Command) -> Result<Vec<EventPayload>, FlowError> {
    let events = decide(state, cmd, today())?;
    for p in &events {
        let e = Event {
            seq: state.event_count,
            at: now(),
            author: "mette".into(),
            payload: p.clone(),
        };
        state.apply(&e);
    }
    Ok(events)
}

fn screening(approach: Approach, outcome: ScreeningOutcome) -> Screening {
    Screening {
        date: today(),
        approach,
        participants: "Mette (SSP)".into(),
        outcome,
        rationale: "Flere uafhængige kilder.".into(),
    }
}

fn review(decision: ReviewDecision) -> JointReview {
    JointReview {
        date: today(),
        participants: vec![Participant::parse("Lars Holm, Politiet, tovholder").unwrap()],
        summary: "Oplysninger udvekslet.".into(),
        items: vec![InfoItem {
            text: "Kendt af politiet".into(),
            origin: Authority::LocalPolice,
        }],
        steps: vec![NextStep {
            what: "Bekymringssamtale".into(),
            who: "Politiet".into(),
        }],
        decision,
        police_feedback_due: None,
    }
}

fn assessment() -> Assessment {
    Assessment {
        id: 0,
        date: today(),
        description: "Deler ekstreme videoer.".into(),
        ratings: Dimension::ALL
            .iter()
            .map(|d| DimensionRating {
                dimension: *d,
                risk: Risk::Low,
                resource: *d == Dimension::Family,
                note: String::new(),
            })
            .collect(),
        overall: Risk::Moderate,
        recommendation: RECOMMENDATIONS[2].into(),
        rationale: "Mentor kan støtte skolegangen.".into(),
    }
}

fn request() -> InfoRequest {
    InfoRequest {
        id: 0,
        to: Authority::School,
        to_detail: "Nørrebro Skole".into(),
        question: "Fravær?".into(),
        sent: today(),
        due: today() + chrono::Days::new(REQUEST_DAYS),
        status: RequestStatus::Sent,
        answer: String::new(),
        answered: None,
    }
}

fn measure() -> Measure {
    Measure {
        id: 0,
        kind: "Mentor".into(),
        organisation: "SSP".into(),
        responsible: "Jonas".into(),
        start: today(),
        planned_end: Some(day(23, 5, 2027)),
        goal: "Stabil skolegang".into(),
        level: MeasureLevel::Preventive,
        status: MeasureStatus::Active,
        evaluation: String::new(),
        round: 0,
    }
}

fn closure(waivers: Vec<Waiver>) -> Closure {
    Closure {
        date: today(),
        reason: ClosureReason::MeasureCompleted,
        summary: "Forløbet er afsluttet.".into(),
        waivers,
        no_reviews_because: None,
    }
}

/// A case carried to the measures stage the normal way.
fn in_measures() -> CaseState {
    let mut s = filed(false);
    run(
        &mut s,
        Command::Screen {
            screening: screening(Approach::Internal, ScreeningOutcome::Stands),
            joint: None,
        },
    )
    .unwrap();
    run(&mut s, Command::Review(review(ReviewDecision::Continue))).unwrap();
    run(&mut s, Command::Assess(assessment())).unwrap();
    run(
        &mut s,
        Command::Move {
            to: Stage::Measures,
            reason: None,
        },
    )
    .unwrap();
    s
}

#[test]
fn a_case_goes_through_every_stage_to_closed() {
    let mut s = filed(false);
    assert_eq!(s.stage, Stage::Intake);
    run(
        &mut s,
        Command::Screen {
            screening: screening(Approach::Internal, ScreeningOutcome::Stands),
            joint: None,
        },
    )
    .unwrap();
    assert_eq!(s.stage, Stage::JointReview);
    run(&mut s, Command::Review(review(ReviewDecision::Continue))).unwrap();
    assert_eq!(s.stage, Stage::Enrichment);
    assert_eq!(missing_to_move_on(&s), vec![Missing::Assessment]);
    run(&mut s, Command::SendRequest(request())).unwrap();
    run(&mut s, Command::Assess(assessment())).unwrap();
    assert!(missing_to_move_on(&s).is_empty());
    run(
        &mut s,
        Command::Move {
            to: Stage::Measures,
            reason: None,
        },
    )
    .unwrap();
    run(&mut s, Command::Measure(measure())).unwrap();
    assert_eq!(missing_to_move_on(&s), vec![Missing::Closure]);
    run(
        &mut s,
        Command::UpdateRequest {
            id: 1,
            status: RequestStatus::Answered,
            answer: "Højt fravær".into(),
            date: today(),
        },
    )
    .unwrap();
    let mut done = measure();
    done.id = 1;
    done.status = MeasureStatus::Completed;
    done.evaluation = "Målet nået".into();
    run(&mut s, Command::Measure(done)).unwrap();
    run(&mut s, Command::Close(closure(vec![]))).unwrap();
    assert_eq!(s.stage, Stage::Closed);
    assert_eq!(s.flow.post_reviews.len(), 2);
    assert_eq!(s.next_date, day(23, 5, 2027));
}

#[test]
fn screening_from_intake_moves_through_screening_in_the_same_step() {
    let mut s = filed(false);
    let events = run(
        &mut s,
        Command::Screen {
            screening: screening(Approach::Internal, ScreeningOutcome::Stands),
            joint: None,
        },
    )
    .unwrap();
    let moves: Vec<(Stage, Stage)> = events
        .iter()
        .filter_map(|e| match e {
            EventPayload::StageChanged { from, to, .. } => Some((*from, *to)),
            _ => None,
        })
        .collect();
    assert_eq!(
        moves,
        vec![
            (Stage::Intake, Stage::Screening),
            (Stage::Screening, Stage::JointReview)
        ]
    );
}

#[test]
fn an_unfounded_concern_stays_in_screening_and_asks_to_be_closed() {
    let mut s = filed(false);
    run(
        &mut s,
        Command::Screen {
            screening: screening(Approach::Internal, ScreeningOutcome::Unfounded),
            joint: None,
        },
    )
    .unwrap();
    assert_eq!(s.stage, Stage::Screening);
    assert_eq!(missing_to_move_on(&s), vec![Missing::ScreeningCloses]);
    assert_eq!(
        run(
            &mut s,
            Command::Move {
                to: Stage::JointReview,
                reason: None
            }
        ),
        Err(FlowError::Missing(vec![Missing::ScreeningCloses]))
    );
    let mut c = closure(vec![]);
    c.reason = ClosureReason::Unfounded;
    run(&mut s, Command::Close(c)).unwrap();
    assert_eq!(s.stage, Stage::Closed);
}

#[test]
fn a_police_matter_records_when_the_police_report_back() {
    let mut s = filed(false);
    let due = day(7, 12, 2026);
    run(
        &mut s,
        Command::Screen {
            screening: screening(
                Approach::SspMeeting,
                ScreeningOutcome::PoliceMatter {
                    kind: PoliceMatterKind::Report,
                    feedback_due: due,
                },
            ),
            joint: None,
        },
    )
    .unwrap();
    assert_eq!(s.flow.police_feedback_due, Some(due));
    assert_eq!(s.stage, Stage::JointReview);
}

#[test]
fn with_the_police_present_screening_and_joint_review_are_one_step() {
    let mut s = filed(false);
    run(
        &mut s,
        Command::Screen {
            screening: screening(Approach::JointWithPolice, ScreeningOutcome::Stands),
            joint: Some(review(ReviewDecision::Continue)),
        },
    )
    .unwrap();
    assert_eq!(s.stage, Stage::Enrichment);
    assert!(s.flow.screening.is_some());
    assert_eq!(s.flow.reviews.len(), 1);

    let mut internal = filed(false);
    assert_eq!(
        run(
            &mut internal,
            Command::Screen {
                screening: screening(Approach::Internal, ScreeningOutcome::Stands),
                joint: Some(review(ReviewDecision::Continue)),
            }
        ),
        Err(FlowError::JointNeedsPolice)
    );
    assert_eq!(internal.stage, Stage::Intake, "nothing recorded");
}

#[test]
fn moving_on_says_exactly_what_is_missing() {
    let mut s = filed(false);
    run(
        &mut s,
        Command::Move {
            to: Stage::Screening,
            reason: None,
        },
    )
    .unwrap();
    assert_eq!(
        run(
            &mut s,
            Command::Move {
                to: Stage::JointReview,
                reason: None
            }
        ),
        Err(FlowError::Missing(vec![Missing::Screening]))
    );
}

#[test]
fn skipping_a_stage_needs_a_reason_and_the_current_stage_done() {
    let mut s = filed(false);
    assert_eq!(
        run(
            &mut s,
            Command::Move {
                to: Stage::JointReview,
                reason: None
            }
        ),
        Err(FlowError::Stage(StageError::SkipNeedsReason))
    );
    run(
        &mut s,
        Command::Move {
            to: Stage::JointReview,
            reason: Some("Politiet tog sagen straks".into()),
        },
    )
    .unwrap();
    assert_eq!(s.stage, Stage::JointReview);
}

#[test]
fn imminent_danger_keeps_the_case_in_intake_until_police_contact() {
    let mut s = filed(true);
    assert_eq!(missing_to_move_on(&s), vec![Missing::PoliceContact]);
    assert_eq!(
        run(
            &mut s,
            Command::Screen {
                screening: screening(Approach::Internal, ScreeningOutcome::Stands),
                joint: None,
            }
        ),
        Err(FlowError::Stage(StageError::PoliceContactMissing))
    );
    assert!(matches!(
        run(&mut s, Command::Close(closure(vec![]))),
        Err(FlowError::Stage(StageError::PoliceContactMissing))
    ));
}

#[test]
fn closing_needs_every_open_item_resolved_or_waived_with_a_reason() {
    let mut s = in_measures();
    run(&mut s, Command::SendRequest(request())).unwrap();
    run(&mut s, Command::Measure(measure())).unwrap();
    assert_eq!(
        run(&mut s, Command::Close(closure(vec![]))),
        Err(FlowError::NotWaived(vec![
            ItemRef::Request(1),
            ItemRef::Measure(1)
        ]))
    );
    let blank = vec![
        Waiver {
            item: ItemRef::Request(1),
            reason: " ".into(),
        },
        Waiver {
            item: ItemRef::Measure(1),
            reason: "Flyttet".into(),
        },
    ];
    assert_eq!(
        run(&mut s, Command::Close(closure(blank))),
        Err(FlowError::Required(Required::WaiverReason))
    );
    let waived = vec![
        Waiver {
            item: ItemRef::Request(1),
            reason: "Ikke længere relevant".into(),
        },
        Waiver {
            item: ItemRef::Measure(1),
            reason: "Flyttet".into(),
        },
    ];
    run(&mut s, Command::Close(closure(waived))).unwrap();
    assert_eq!(s.flow.requests[0].status, RequestStatus::Waived);
    assert_eq!(s.flow.measures[0].status, MeasureStatus::Waived);
    assert!(s.flow.open_items().is_empty());
}

#[test]
fn closing_needs_a_summary() {
    let mut s = in_measures();
    let mut c = closure(vec![]);
    c.summary = "  ".into();
    assert_eq!(
        run(&mut s, Command::Close(c)),
        Err(FlowError::Required(Required::Summary))
    );
}

#[test]
fn post_closure_reviews_are_created_at_six_and_twelve_months_unless_opted_out() {
    let mut s = in_measures();
    run(&mut s, Command::Close(closure(vec![]))).unwrap();
    let dues: Vec<NaiveDate> = s.flow.post_reviews.iter().map(|r| r.due).collect();
    assert_eq!(dues, vec![day(23, 5, 2027), day(23, 11, 2027)]);
    run(
        &mut s,
        Command::HoldPostReview {
            months: 6,
            date: day(24, 5, 2027),
            summary: "Ingen ny bekymring".into(),
        },
    )
    .unwrap();
    assert_eq!(
        s.next_date,
        day(23, 11, 2027),
        "rolls on to the 12-month review"
    );
    assert_eq!(
        run(
            &mut s,
            Command::HoldPostReview {
                months: 6,
                date: today(),
                summary: "igen".into()
            }
        ),
        Err(FlowError::NoSuchReview)
    );

    let mut o = in_measures();
    let mut c = closure(vec![]);
    c.no_reviews_because = Some(String::new());
    assert_eq!(
        run(&mut o, Command::Close(c.clone())),
        Err(FlowError::Required(Required::NoReviewsReason))
    );
    c.no_reviews_because = Some("Fraflyttet kommunen".into());
    run(&mut o, Command::Close(c)).unwrap();
    assert!(o.flow.post_reviews.is_empty());
}

#[test]
fn a_review_at_the_end_of_august_falls_on_the_last_day_of_february() {
    let c = Closure {
        date: day(31, 8, 2027),
        ..closure(vec![])
    };
    let dues: Vec<NaiveDate> = c.reviews().iter().map(|r| r.due).collect();
    assert_eq!(dues, vec![day(29, 2, 2028), day(31, 8, 2028)]);
}

#[test]
fn a_closed_case_reopens_only_with_a_reason_and_gets_a_new_date() {
    let mut s = in_measures();
    run(&mut s, Command::Close(closure(vec![]))).unwrap();
    assert_eq!(
        run(
            &mut s,
            Command::Move {
                to: Stage::Enrichment,
                reason: None
            }
        ),
        Err(FlowError::Stage(StageError::BackNeedsReason))
    );
    run(
        &mut s,
        Command::Move {
            to: Stage::Enrichment,
            reason: Some("Ny henvendelse fra skolen".into()),
        },
    )
    .unwrap();
    assert_eq!(s.stage, Stage::Enrichment);
    assert!(s.flow.closure.is_none());
    assert!(s.flow.post_reviews.is_empty());
    assert_eq!(s.next_date, day(7, 12, 2026));
}

#[test]
fn moving_to_closed_goes_through_the_closure() {
    let mut s = in_measures();
    assert_eq!(
        run(
            &mut s,
            Command::Move {
                to: Stage::Closed,
                reason: Some("x".into())
            }
        ),
        Err(FlowError::UseClose)
    );
}

#[test]
fn enrichment_items_belong_to_enrichment_and_measures_to_the_measures_stage() {
    let mut s = filed(false);
    assert!(matches!(
        run(&mut s, Command::SendRequest(request())),
        Err(FlowError::WrongStage { .. })
    ));
    assert!(matches!(
        run(&mut s, Command::Assess(assessment())),
        Err(FlowError::WrongStage { .. })
    ));
    let mut e = in_measures();
    e.stage = Stage::Enrichment;
    assert!(matches!(
        run(&mut e, Command::Measure(measure())),
        Err(FlowError::WrongStage { .. })
    ));
}

#[test]
fn an_assessment_rates_all_nine_dimensions_and_ids_count_up() {
    let mut s = in_measures();
    let mut a = assessment();
    a.ratings.pop();
    assert_eq!(
        run(&mut s, Command::Assess(a)),
        Err(FlowError::IncompleteAssessment)
    );
    let mut second = assessment();
    second.ratings[0].risk = Risk::High;
    run(&mut s, Command::Assess(second)).unwrap();
    let ids: Vec<u32> = s.flow.assessments.iter().map(|a| a.id).collect();
    assert_eq!(ids, vec![1, 2]);
    let changed = s.flow.assessments[1].changed_since(&s.flow.assessments[0]);
    assert_eq!(changed, vec![Dimension::Attitudes]);
}

#[test]
fn a_conversation_is_planned_then_held() {
    let mut s = in_measures();
    let planned = Conversation {
        id: 0,
        status: ConversationStatus::Planned,
        date: day(1, 12, 2026),
        held_by: HeldBy::PoliceAndSocial,
        with: With::PersonAndFamily,
        summary: String::new(),
    };
    run(&mut s, Command::Converse(planned.clone())).unwrap();
    let held = Conversation {
        id: 1,
        status: ConversationStatus::Held,
        summary: "God samtale".into(),
        ..planned
    };
    run(&mut s, Command::Converse(held)).unwrap();
    assert_eq!(s.flow.conversations.len(), 1);
    assert_eq!(s.flow.conversations[0].status, ConversationStatus::Held);
}

#[test]
fn a_disclosure_needs_a_recipient_and_what_was_passed_on() {
    let mut s = in_measures();
    let d = Disclosure {
        date: today(),
        recipient: String::new(),
        what: "Skolefravær".into(),
        basis: LegalBasis::Fvl28,
        police_origin: false,
        police_confirmed: false,
    };
    assert_eq!(
        run(&mut s, Command::Disclose(d.clone())),
        Err(FlowError::Required(Required::Recipient))
    );
    run(
        &mut s,
        Command::Disclose(Disclosure {
            recipient: "Jobcenter Syd".into(),
            ..d
        }),
    )
    .unwrap();
    assert_eq!(s.flow.disclosures.len(), 1);
}

#[test]
fn passing_on_police_information_needs_the_115_confirmation_besides_the_basis() {
    let mut s = in_measures();
    // "Kendt af politiet" came from the local police at the joint review.
    let d = Disclosure {
        date: today(),
        recipient: "Jobcenter Syd".into(),
        what: "At han er kendt af politiet".into(),
        basis: LegalBasis::Fvl28,
        police_origin: false,
        police_confirmed: false,
    };
    assert_eq!(
        run(&mut s, Command::Disclose(d.clone())),
        Err(FlowError::PoliceUnconfirmed),
        "a police item's text in what is passed on marks it, whatever the form said"
    );
    let marked = Disclosure {
        what: "[POLITI] oplysning fra døgnrapporten".into(),
        ..d.clone()
    };
    assert_eq!(
        run(&mut s, Command::Disclose(marked)),
        Err(FlowError::PoliceUnconfirmed)
    );
    let said = Disclosure {
        what: "Fravær".into(),
        police_origin: true,
        ..d.clone()
    };
    assert_eq!(
        run(&mut s, Command::Disclose(said)),
        Err(FlowError::PoliceUnconfirmed)
    );
    assert!(s.flow.disclosures.is_empty());
    run(
        &mut s,
        Command::Disclose(Disclosure {
            police_confirmed: true,
            ..d
        }),
    )
    .unwrap();
    assert!(
        s.flow.disclosures[0].police_origin,
        "recorded as police information"
    );
    // Information from elsewhere needs only the basis.
    let plain = Disclosure {
        what: "Skolefravær".into(),
        police_origin: false,
        police_confirmed: false,
        ..s.flow.disclosures[0].clone()
    };
    run(&mut s, Command::Disclose(plain)).unwrap();
    assert!(!s.flow.disclosures[1].police_origin);
}

#[test]
fn police_origin_is_known_from_the_authority() {
    assert!(Authority::LocalPolice.is_police());
    assert!(Authority::Pet.is_police());
    assert!(!Authority::School.is_police());
}

#[test]
fn a_participant_is_typed_as_name_organisation_role() {
    let p = Participant::parse(" Lars Holm , Politiet, tovholder ").unwrap();
    assert_eq!(p.name, "Lars Holm");
    assert_eq!(p.organisation, "Politiet");
    assert_eq!(p.role, "tovholder");
    assert_eq!(p.display(), "Lars Holm, Politiet, tovholder");
    assert!(Participant::parse(" , x").is_none());
}

// ---- the follow-up schedule -------------------------------------------------------------

fn follow_up(date: NaiveDate, next: Option<NaiveDate>) -> Command {
    Command::FollowUp {
        date,
        summary: "Talt med skolen; trivslen er bedre.".into(),
        decision: FollowUpDecision::Continue,
        who_acts: "Mette (SSP)".into(),
        next,
        meeting: None,
    }
}

fn plan(cadence: Cadence) -> FollowUpPlan {
    FollowUpPlan {
        cadence,
        responsible: "Mette".into(),
    }
}

#[test]
fn cadences_count_calendar_months_and_clamp_to_the_month_end() {
    assert_eq!(
        Cadence::Fortnightly.next_after(day(23, 12, 2026)),
        Some(day(6, 1, 2027))
    );
    assert_eq!(
        Cadence::Monthly.next_after(day(31, 1, 2027)),
        Some(day(28, 2, 2027))
    );
    assert_eq!(
        Cadence::Monthly.next_after(day(31, 1, 2028)),
        Some(day(29, 2, 2028)),
        "2028 is a leap year"
    );
    assert_eq!(
        Cadence::Quarterly.next_after(day(30, 11, 2026)),
        Some(day(28, 2, 2027))
    );
    assert_eq!(
        Cadence::Quarterly.next_after(day(31, 5, 2027)),
        Some(day(31, 8, 2027))
    );
    assert_eq!(
        Cadence::EveryDays(10).next_after(day(25, 12, 2026)),
        Some(day(4, 1, 2027))
    );
    assert_eq!(Cadence::EveryDays(0).next_after(today()), None);
    assert_eq!(Cadence::AdHoc.next_after(today()), None);
}

#[test]
fn the_default_rhythm_is_fortnightly_until_measures_run_then_quarterly() {
    let mut s = filed(false);
    assert_eq!(s.flow.cadence(s.stage), Cadence::Fortnightly);
    s = in_measures();
    assert_eq!(s.flow.cadence(s.stage), Cadence::Quarterly);
}

#[test]
fn recording_a_follow_up_rolls_the_next_date_forward_by_the_rhythm() {
    let mut s = filed(false);
    run(&mut s, follow_up(today(), None)).unwrap();
    assert_eq!(s.next_date, day(7, 12, 2026));
    run(
        &mut s,
        Command::PlanFollowUp {
            plan: plan(Cadence::Monthly),
            next: None,
        },
    )
    .unwrap();
    assert_eq!(
        s.next_date,
        day(7, 12, 2026),
        "choosing a rhythm keeps the date"
    );
    run(&mut s, follow_up(day(7, 12, 2026), None)).unwrap();
    assert_eq!(s.next_date, day(7, 1, 2027));
    run(&mut s, follow_up(day(8, 1, 2027), Some(day(20, 1, 2027)))).unwrap();
    assert_eq!(s.next_date, day(20, 1, 2027), "an explicit date wins");
    assert_eq!(s.flow.follow_ups.len(), 3);
    assert_eq!(s.flow.follow_ups[2].next, day(20, 1, 2027));
}

#[test]
fn ad_hoc_follow_up_always_names_its_next_date() {
    let mut s = filed(false);
    assert_eq!(
        run(
            &mut s,
            Command::PlanFollowUp {
                plan: plan(Cadence::AdHoc),
                next: None
            }
        ),
        Err(FlowError::Required(Required::NextDate))
    );
    run(
        &mut s,
        Command::PlanFollowUp {
            plan: plan(Cadence::AdHoc),
            next: Some(day(1, 2, 2027)),
        },
    )
    .unwrap();
    assert_eq!(s.next_date, day(1, 2, 2027));
    assert_eq!(
        run(&mut s, follow_up(today(), None)),
        Err(FlowError::Required(Required::NextDate)),
        "no open case is left without a next date"
    );
    assert_eq!(s.next_date, day(1, 2, 2027));
}

#[test]
fn a_follow_up_plan_needs_someone_responsible_and_a_sane_rhythm() {
    let mut s = filed(false);
    let mut nobody = plan(Cadence::Monthly);
    nobody.responsible = "  ".into();
    assert_eq!(
        run(
            &mut s,
            Command::PlanFollowUp {
                plan: nobody,
                next: None
            }
        ),
        Err(FlowError::Required(Required::Responsible))
    );
    for n in [0, 367] {
        assert_eq!(
            run(
                &mut s,
                Command::PlanFollowUp {
                    plan: plan(Cadence::EveryDays(n)),
                    next: None
                }
            ),
            Err(FlowError::BadCadence)
        );
    }
    assert!(
        run(
            &mut s,
            Command::PlanFollowUp {
                plan: plan(Cadence::EveryDays(366)),
                next: None
            }
        )
        .is_ok()
    );
}

#[test]
fn a_follow_up_needs_a_summary_and_a_next_date_not_before_it() {
    let mut s = filed(false);
    let Command::FollowUp {
        date,
        decision,
        who_acts,
        next,
        meeting,
        ..
    } = follow_up(today(), None)
    else {
        unreachable!()
    };
    assert_eq!(
        run(
            &mut s,
            Command::FollowUp {
                date,
                summary: " ".into(),
                decision,
                who_acts,
                next,
                meeting
            }
        ),
        Err(FlowError::Required(Required::Summary))
    );
    assert_eq!(
        run(&mut s, follow_up(today(), Some(day(1, 11, 2026)))),
        Err(FlowError::NextBeforeFollowUp)
    );
}

#[test]
fn closed_cases_are_not_followed_up_but_reviewed() {
    let mut s = in_measures();
    run(&mut s, Command::Close(closure(Vec::new()))).unwrap();
    assert!(matches!(
        run(&mut s, follow_up(today(), None)),
        Err(FlowError::WrongStage { .. })
    ));
    // The next date of a closed case is its first post-closure review.
    assert_eq!(s.next_date, s.flow.post_reviews[0].due);
}

#[test]
fn police_feedback_clears_what_was_awaited() {
    let mut s = filed(false);
    assert_eq!(
        run(
            &mut s,
            Command::PoliceFeedback(PoliceFeedback {
                date: today(),
                summary: "x".into()
            })
        ),
        Err(FlowError::NoFeedbackAwaited)
    );
    run(
        &mut s,
        Command::Screen {
            screening: screening(
                Approach::ForwardedToPolice,
                ScreeningOutcome::PoliceMatter {
                    kind: PoliceMatterKind::Report,
                    feedback_due: day(7, 12, 2026),
                },
            ),
            joint: None,
        },
    )
    .unwrap();
    assert_eq!(s.flow.police_feedback_due, Some(day(7, 12, 2026)));
    run(
        &mut s,
        Command::PoliceFeedback(PoliceFeedback {
            date: day(1, 12, 2026),
            summary: "Politiet har afsluttet sagen.".into(),
        }),
    )
    .unwrap();
    assert_eq!(s.flow.police_feedback_due, None);
    assert_eq!(s.flow.police_feedback.len(), 1);
}

// ---- the forløbshjul ----------------------------------------------------------------------

fn analyse() -> Command {
    Command::Round(RoundStep::Analyse(RoundAnalysis {
        date: today(),
        text: "Fravær og konflikter i klassen; forældrene samarbejder.".into(),
    }))
}

fn action_plan(by: NaiveDate) -> Command {
    Command::Round(RoundStep::Plan(ActionPlan {
        date: today(),
        goals: "Fremmøde over 90 %".into(),
        who: "Mentor ugentligt; skolen ringer ved fravær".into(),
        evaluate_by: by,
    }))
}

fn evaluate(effect: Effect) -> Command {
    Command::Round(RoundStep::Evaluate(RoundEvaluation {
        date: today(),
        effect,
        text: "Fremmødet er steget til 80 %.".into(),
    }))
}

fn next_step(choice: NextStepChoice) -> Command {
    Command::Round(RoundStep::Decide(NextStepDecision {
        date: today(),
        choice,
        with: "Hanne (leder)".into(),
        note: String::new(),
    }))
}

#[test]
fn the_wheel_goes_round_analysis_plan_trial_evaluation_next_step_and_a_new_round() {
    let mut s = in_measures();
    let wheel = |s: &CaseState| s.flow.wheel(s.stage, today()).unwrap();
    assert_eq!(wheel(&s).round, 1);
    assert_eq!(wheel(&s).phase, Phase::Analysis);
    assert_eq!(wheel(&s).need, Need::Analysis);
    // Out of turn: the plan comes after the analysis.
    assert_eq!(
        run(&mut s, action_plan(day(1, 2, 2027))),
        Err(FlowError::RoundOutOfTurn {
            phase: Phase::Analysis
        })
    );
    run(&mut s, analyse()).unwrap();
    assert_eq!(wheel(&s).phase, Phase::Plan);
    run(&mut s, action_plan(day(1, 2, 2027))).unwrap();
    assert_eq!(wheel(&s).phase, Phase::Trial);
    // An evaluation after the next follow-up leaves the follow-up where it was.
    assert_eq!(s.next_date, first_next_date(now()));
    assert_eq!(wheel(&s).need, Need::Measure, "nothing tried yet");
    assert_eq!(
        run(&mut s, evaluate(Effect::Helped)),
        Err(FlowError::RoundWithoutMeasure)
    );
    run(&mut s, Command::Measure(measure())).unwrap();
    assert_eq!(
        s.flow.measures[0].round, 1,
        "a measure belongs to its round"
    );
    assert_eq!(
        wheel(&s).need,
        Need::Evaluation {
            by: day(1, 2, 2027),
            overdue: false
        }
    );
    assert_eq!(s.flow.evaluation_due(), Some(day(1, 2, 2027)));
    run(&mut s, evaluate(Effect::Partly)).unwrap();
    assert_eq!(wheel(&s).phase, Phase::NextStep);
    assert_eq!(
        s.flow.evaluation_due(),
        None,
        "the evaluation closed the round"
    );
    assert_eq!(
        run(&mut s, analyse()),
        Err(FlowError::RoundOutOfTurn {
            phase: Phase::NextStep
        })
    );
    run(&mut s, next_step(NextStepChoice::Parents)).unwrap();
    // The decision opened round 2.
    assert_eq!(wheel(&s).round, 2);
    assert_eq!(wheel(&s).phase, Phase::Analysis);
    assert_eq!(wheel(&s).done, 1);
    assert_eq!(s.flow.rounds.len(), 2);
    run(&mut s, analyse()).unwrap();
    run(&mut s, action_plan(today())).unwrap();
    // Due today: in its evaluation, and the new measure is round 2's.
    run(&mut s, Command::Measure(measure())).unwrap();
    assert_eq!(s.flow.measures[1].round, 2);
    assert_eq!(wheel(&s).phase, Phase::Evaluation);
    // Changing round 1's measure keeps it in round 1.
    let mut done = s.flow.measures[0].clone();
    done.status = MeasureStatus::Completed;
    done.round = 7;
    run(&mut s, Command::Measure(done)).unwrap();
    assert_eq!(s.flow.measures[0].round, 1);
    run(&mut s, evaluate(Effect::Helped)).unwrap();
    run(&mut s, next_step(NextStepChoice::Close)).unwrap();
    assert_eq!(wheel(&s).need, Need::Closure);
    assert_eq!(run(&mut s, analyse()), Err(FlowError::RoundClosesCase));
    assert_eq!(s.flow.rounds.len(), 2, "closing opens no round");
}

#[test]
fn a_decision_to_close_can_be_changed_and_a_reopened_case_starts_a_new_round() {
    let mut s = in_measures();
    for cmd in [analyse(), action_plan(day(1, 2, 2027))] {
        run(&mut s, cmd).unwrap();
    }
    run(&mut s, Command::Measure(measure())).unwrap();
    run(&mut s, evaluate(Effect::NotHelped)).unwrap();
    run(&mut s, next_step(NextStepChoice::Close)).unwrap();
    // Leadership changed its mind before the case was closed.
    run(&mut s, next_step(NextStepChoice::ExternalSupport)).unwrap();
    assert_eq!(s.flow.wheel(s.stage, today()).unwrap().round, 2);
    assert_eq!(
        s.flow.rounds[0].decision.as_ref().map(|d| d.choice),
        Some(NextStepChoice::ExternalSupport)
    );
    // Round 2 ends in closure; the case is closed, then reopened into measures.
    for cmd in [analyse(), action_plan(day(1, 2, 2027))] {
        run(&mut s, cmd).unwrap();
    }
    run(&mut s, Command::Measure(measure())).unwrap();
    run(&mut s, evaluate(Effect::Helped)).unwrap();
    run(&mut s, next_step(NextStepChoice::Close)).unwrap();
    let waivers = s
        .flow
        .open_items()
        .into_iter()
        .map(|item| Waiver {
            item,
            reason: "Afsluttet".into(),
        })
        .collect();
    run(&mut s, Command::Close(closure(waivers))).unwrap();
    assert_eq!(
        s.flow.wheel(s.stage, today()),
        None,
        "no wheel on a closed case"
    );
    run(
        &mut s,
        Command::Move {
            to: Stage::Measures,
            reason: Some("Ny bekymring".into()),
        },
    )
    .unwrap();
    let w = s.flow.wheel(s.stage, today()).unwrap();
    assert_eq!((w.round, w.phase), (3, Phase::Analysis));
}

#[test]
fn the_wheel_turns_only_in_the_measures_stage() {
    let mut s = filed(false);
    assert_eq!(s.flow.wheel(s.stage, today()), None);
    assert!(matches!(
        run(&mut s, analyse()),
        Err(FlowError::WrongStage { .. })
    ));
}

#[test]
fn a_plan_due_before_the_next_follow_up_brings_it_forward() {
    let mut s = in_measures();
    run(&mut s, analyse()).unwrap();
    let by = today() + chrono::Days::new(7);
    assert!(by < s.next_date);
    run(&mut s, action_plan(by)).unwrap();
    assert_eq!(s.next_date, by);
    // An evaluation date before the plan is refused.
    let mut t = in_measures();
    run(&mut t, analyse()).unwrap();
    assert_eq!(
        run(
            &mut t,
            Command::Round(RoundStep::Plan(ActionPlan {
                date: today(),
                goals: "x".into(),
                who: "y".into(),
                evaluate_by: day(1, 1, 2026),
            }))
        ),
        Err(FlowError::EndBeforeStart)
    );
}
