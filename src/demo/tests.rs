//! The generator as a whole: the same seed gives the same cases, and the cases keep the
//! proportions and the invariants the console and the benchmark rely on.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::*;
use crate::domain::CaseState;
use crate::domain::age::age_on;
use crate::domain::case::EventPayload;
use crate::domain::cpr::{modulus11_ok, parse_cpr};
use crate::domain::dates::end_of_week;
use crate::domain::intake::{Channel, Intake, Reporter};
use crate::domain::stage::Stage;
use crate::service::Service;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(10, 37, 12)
        .unwrap()
}

fn generate(count: usize, first_no: CaseNo, now: NaiveDateTime, seed: u64) -> Vec<History> {
    Demo::load()
        .unwrap()
        .cases(count, first_no, now, seed)
        .collect()
}

fn sample() -> Vec<History> {
    generate(2_000, 1, now(), 7)
}

fn intakes(h: &History) -> impl Iterator<Item = &Intake> {
    h.events.iter().filter_map(|e| match &e.payload {
        EventPayload::Filed { intake, .. } | EventPayload::IntakeEdited { intake, .. } => {
            Some(intake)
        }
        _ => None,
    })
}

fn links(h: &History) -> Vec<CaseNo> {
    h.events
        .iter()
        .filter_map(|e| match e.payload {
            EventPayload::Linked { other } => Some(other),
            _ => None,
        })
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_cases() {
    let a = generate(300, 1, now(), 42);
    let b = generate(300, 1, now(), 42);
    assert_eq!(a.len(), 300);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.no, y.no);
        assert_eq!(x.events, y.events);
    }
    let c = generate(300, 1, now(), 43);
    assert!(a.iter().zip(&c).any(|(x, y)| x.events != y.events));
}

#[test]
fn numbering_starts_after_the_existing_cases() {
    let h = generate(50, 101, now(), 1);
    let nos: Vec<CaseNo> = h.iter().map(|h| h.no).collect();
    assert_eq!(nos, (101..151).collect::<Vec<_>>());
    for h in &h {
        for other in links(h) {
            assert!((101..151).contains(&other));
        }
    }
}

#[test]
fn every_history_replays_in_order() {
    for h in sample() {
        let state = CaseState::replay(h.no, &h.events).unwrap();
        assert_eq!(state.event_count as usize, h.events.len());
        assert!(matches!(h.events[0].payload, EventPayload::Filed { .. }));
        for w in h.events.windows(2) {
            assert!(
                w[0].at < w[1].at,
                "case {}: times not increasing: {:?} {:?} then {:?} {:?}",
                h.no,
                w[0].at,
                w[0].payload,
                w[1].at,
                w[1].payload
            );
        }
        // Stage changes go forward one step, or straight to closed, never from closed.
        for e in &h.events {
            if let EventPayload::StageChanged { from, to, reason } = &e.payload {
                assert!(reason.is_none());
                assert!(*from != Stage::Closed);
                assert!(*to == Stage::Closed || *to as usize == *from as usize + 1);
            }
            if let EventPayload::IntakeEdited { changed, .. } = &e.payload {
                assert!(!changed.is_empty());
            }
        }
    }
}

#[test]
fn repeats_and_links_are_in_range_and_symmetric() {
    let mut cases = Demo::load().unwrap().cases(2_000, 1, now(), 7);
    let hs: Vec<History> = cases.by_ref().collect();
    // About 6% of the cases are repeat concerns, written differently each time.
    let repeats = cases.repeats.len();
    assert!((80..=160).contains(&repeats), "{repeats} repeats in 2,000");
    let name_of = |no: CaseNo| &intakes(&hs[(no - 1) as usize]).next().unwrap().person.name;
    for &(earlier, later) in &cases.repeats {
        assert!(earlier < later);
        assert_ne!(name_of(earlier), name_of(later));
    }
    let by_no: HashMap<CaseNo, &History> = hs.iter().map(|h| (h.no, h)).collect();
    let mut linked_cases = 0;
    for h in &hs {
        let ls = links(h);
        if !ls.is_empty() {
            linked_cases += 1;
        }
        for other in ls {
            assert_ne!(other, h.no);
            let o = by_no[&other];
            assert!(links(o).contains(&h.no), "{} → {other} not mirrored", h.no);
            let (a, b) = (intakes(h).next().unwrap(), intakes(o).next().unwrap());
            assert_eq!(a.person.cpr, b.person.cpr);
            assert!(a.person.cpr.is_some());
            assert_ne!(
                a.person.name, b.person.name,
                "a repeat is written differently"
            );
        }
    }
    // Each linked repeat makes a pair; pairs are about half of the repeats.
    let pairs = linked_cases / 2;
    assert!(
        pairs * 10 >= repeats * 3 && pairs * 10 <= repeats * 7,
        "{pairs} of {repeats}"
    );

    // Repeats without the same CPR: the same birth date under another name, or a name alone.
    let mut seen: HashMap<NaiveDate, Vec<&str>> = HashMap::new();
    let mut same_birth_other_spelling = 0;
    for h in &hs {
        let i = intakes(h).next().unwrap();
        if let Some(b) = i.person.birth_date {
            let names = seen.entry(b).or_default();
            if !names.is_empty() && links(h).is_empty() && !names.contains(&i.person.name.as_str())
            {
                same_birth_other_spelling += 1;
            }
            names.push(&i.person.name);
        }
    }
    assert!(same_birth_other_spelling >= 10);
}

#[test]
fn the_generator_keeps_its_proportions() {
    let hs = generate(10_000, 1, now(), 3);
    let n = hs.len() as f64;
    let first: Vec<&Intake> = hs.iter().map(|h| intakes(h).next().unwrap()).collect();
    let share = |f: &dyn Fn(&Intake) -> bool| first.iter().filter(|i| f(i)).count() as f64 / n;
    let cpr = share(&|i| i.person.cpr.is_some());
    let birth_only = share(&|i| i.person.cpr.is_none() && i.person.birth_date.is_some());
    let approx = share(&|i| i.person.approx_age.is_some());
    let anonymous = share(&|i| i.reporter == Reporter::Anonymous);
    let danger = share(&|i| i.imminent_danger);
    let phone = share(&|i| i.channel == Some(Channel::Phone));
    assert!((0.48..0.62).contains(&cpr), "cpr {cpr}");
    assert!(
        (0.2..0.33).contains(&birth_only),
        "birth date only {birth_only}"
    );
    assert!((0.1..0.2).contains(&approx), "approximate age {approx}");
    assert!((0.05..0.15).contains(&anonymous), "anonymous {anonymous}");
    assert!((0.015..0.045).contains(&danger), "danger {danger}");
    assert!(phone > 0.55);
    assert!(
        first
            .iter()
            .all(|i| !i.imminent_danger || i.police_contact.is_some())
    );

    let minors: Vec<&Intake> = hs
        .iter()
        .filter(|h| {
            let i = intakes(h).next().unwrap();
            i.person
                .birth_date
                .is_some_and(|b| age_on(b, i.received_at.date()) < 18)
        })
        .map(|h| intakes(h).last().unwrap())
        .collect();
    let notified =
        minors.iter().filter(|i| i.underretning.is_some()).count() as f64 / minors.len() as f64;
    assert!((0.25..0.5).contains(&notified), "underretning {notified}");

    let events: usize = hs.iter().map(|h| h.events.len()).sum();
    let avg = events as f64 / n;
    // The flow records screening, reviews, requests, assessments and measures as events.
    assert!((3.0..18.0).contains(&avg), "{avg} events per case");
}

#[test]
fn demo_cases_stand_in_every_stage_and_closed_ones_have_their_reviews() {
    let mut by_stage: HashMap<Stage, usize> = HashMap::new();
    let (mut held, mut pending, mut police_items, mut assessed_twice) = (0, 0, 0, 0);
    for h in sample() {
        let s = CaseState::replay(h.no, &h.events).unwrap();
        *by_stage.entry(s.stage).or_default() += 1;
        let f = &s.flow;
        if s.stage == Stage::Closed {
            let c = f.closure.as_ref().expect("a closed case has its closure");
            assert!(!c.summary.is_empty());
            assert!(
                f.open_items().is_empty(),
                "case {} closed with open items",
                h.no
            );
        }
        if s.stage >= Stage::JointReview && s.stage != Stage::Closed {
            assert!(f.screening.is_some(), "case {} unscreened", h.no);
        }
        if s.stage == Stage::Measures {
            assert!(!f.assessments.is_empty() && !f.measures.is_empty());
        }
        held += f.post_reviews.iter().filter(|r| r.held.is_some()).count();
        pending += f.post_reviews.iter().filter(|r| r.held.is_none()).count();
        police_items += f
            .reviews
            .iter()
            .flat_map(|r| &r.items)
            .filter(|i| i.origin.is_police())
            .count();
        assessed_twice += usize::from(f.assessments.len() > 1);
    }
    for stage in Stage::ALL {
        assert!(
            by_stage.get(stage).copied().unwrap_or(0) > 0,
            "no case in {stage:?}"
        );
    }
    assert!(held > 0 && pending > 0, "held {held}, pending {pending}");
    assert!(police_items > 0 && assessed_twice > 0);
}

#[test]
fn nothing_lies_after_now() {
    let now = now();
    for h in sample() {
        for e in &h.events {
            assert!(e.at <= now, "case {} event at {}", h.no, e.at);
        }
        for i in intakes(&h) {
            assert!(i.received_at <= now);
            assert!(i.received_at >= now - Duration::days(550));
            assert!(i.person.birth_date.is_none_or(|b| b < i.received_at.date()));
            assert!(
                i.police_contact
                    .as_ref()
                    .is_none_or(|p| p.at <= now && p.at >= i.received_at)
            );
            assert!(
                i.underretning
                    .as_ref()
                    .is_none_or(|u| u.at <= now && u.at >= i.received_at)
            );
        }
    }
}

#[test]
fn the_work_queue_has_overdue_due_this_week_and_closed_cases() {
    let today = now().date();
    let week_end = end_of_week(today);
    let (mut overdue, mut this_week, mut later, mut closed) = (0, 0, 0, 0);
    let hs = sample();
    for h in &hs {
        let s = CaseState::replay(h.no, &h.events).unwrap();
        if !s.stage.is_open() {
            closed += 1;
        } else if s.next_date < today {
            overdue += 1;
        } else if s.next_date <= week_end {
            this_week += 1;
        } else {
            later += 1;
        }
    }
    let n = hs.len();
    assert!(overdue > n / 50 && overdue < n / 4, "overdue {overdue}");
    assert!(this_week > n / 100, "this week {this_week}");
    assert!(later > overdue + this_week, "later {later}");
    assert!(closed > n / 8 && closed < n * 3 / 10, "closed {closed}");
}

#[test]
fn every_cpr_parses_to_the_intended_birth_date() {
    let mut failing_modulus = 0;
    let mut total = 0;
    for h in generate(5_000, 1, now(), 11) {
        for i in intakes(&h) {
            if let Some(c) = &i.person.cpr {
                total += 1;
                let info = parse_cpr(&c.formatted()).unwrap();
                assert_eq!(Some(info.birth_date), i.person.birth_date);
                if !info.modulus11_ok {
                    failing_modulus += 1;
                }
                assert_eq!(modulus11_ok(&c.digits()), info.modulus11_ok);
            }
        }
    }
    assert!(total > 2_000);
    assert!(failing_modulus > 0 && failing_modulus < total / 5);
}

#[test]
fn fill_demo_writes_and_marks_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = Service::open(&dir.path().join("db"), true, "mette").unwrap();
    svc.set_now(now());
    let mut last = 0;
    let demo = Demo::load().unwrap();
    let written = svc.fill_demo_with(&demo, 120, 1, |n| last = n).unwrap();
    assert_eq!(written, 120);
    assert_eq!(last, 120);
    assert!(svc.is_demo());
    assert_eq!(svc.case_count(), 120);
    let more = svc.fill_demo_with(&demo, 30, 2, |_| {}).unwrap();
    assert_eq!(more, 30);
    assert_eq!(svc.case_count(), 150);
    assert!(svc.case(150).is_ok());
}

#[test]
fn every_table_loads() {
    if let Err(e) = Demo::load() {
        panic!("{e}");
    }
}

#[test]
fn cases_stand_in_every_phase_of_the_wheel_and_some_have_gone_round_several_times() {
    use crate::domain::flow::{Command, Need, Phase, RoundStep, decide};
    let mut phases = std::collections::HashSet::new();
    let mut closing = 0;
    let mut several = 0;
    for h in sample() {
        let state = CaseState::replay(h.no, &h.events).unwrap();
        if let Some(w) = state.flow.wheel(state.stage, now().date()) {
            phases.insert(w.phase);
            closing += usize::from(w.need == Need::Closure);
        }
        several += usize::from(
            state
                .flow
                .rounds
                .iter()
                .filter(|r| r.decision.is_some())
                .count()
                >= 2,
        );
        // Every step of the wheel is one `decide` would have made on the case as it stood.
        for (i, e) in h.events.iter().enumerate() {
            let step = match &e.payload {
                EventPayload::RoundAnalysed { analysis, .. } => {
                    RoundStep::Analyse(analysis.clone())
                }
                EventPayload::RoundPlanned { plan, .. } => RoundStep::Plan(plan.clone()),
                EventPayload::RoundEvaluated { evaluation, .. } => {
                    RoundStep::Evaluate(evaluation.clone())
                }
                EventPayload::RoundDecided { decision, .. } => RoundStep::Decide(decision.clone()),
                _ => continue,
            };
            let before = CaseState::replay(h.no, &h.events[..i]).unwrap();
            let made = decide(&before, Command::Round(step), e.at.date())
                .unwrap_or_else(|err| panic!("case {} event {i}: {err:?}", h.no));
            assert_eq!(made.first(), Some(&e.payload), "case {} event {i}", h.no);
        }
    }
    for p in Phase::ALL {
        assert!(phases.contains(p), "no demo case stands in {p:?}");
    }
    assert!(
        several >= 10,
        "{several} cases have gone round twice or more"
    );
    assert!(
        closing >= 1,
        "a round that decided to close, not yet carried out"
    );
}
