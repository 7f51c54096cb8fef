//! The child-welfare unit's answers to a demo case's underretning, as a team records them:
//! most urgency assessments and receipts arrive in time, some late, some not yet; the §137
//! feedback comes weeks later, or not at all. Drawn from a generator of their own so that the
//! rest of the demo data is the same with or without them.

use chrono::{Duration, NaiveDateTime};
use fastrand::Rng;

use crate::domain::EventPayload;
use crate::domain::legal::{Confirmation, Feedback, SupportStarted};

/// The legal events for the latest underretning among `payloads`, each with the time it is
/// recorded (never after `now`).
pub fn answers(
    rng: &mut Rng,
    payloads: &[(NaiveDateTime, &EventPayload)],
    now: NaiveDateTime,
) -> Vec<(NaiveDateTime, EventPayload)> {
    let latest = payloads
        .iter()
        .rev()
        .find_map(|(_, p)| match p {
            EventPayload::Filed { intake, .. } | EventPayload::IntakeEdited { intake, .. } => {
                Some(intake.underretning.as_ref())
            }
            _ => None,
        })
        .flatten();
    let Some(u) = latest else {
        return Vec::new();
    };
    // Nothing is recorded before the case is filed (an underretning may precede the filing).
    let filed = payloads.first().map_or(u.at, |(at, _)| *at) + Duration::minutes(1);
    let mut out = Vec::new();
    let mut answer = |after: Duration, make: &dyn Fn(NaiveDateTime) -> EventPayload| {
        let at = (u.at + after).max(filed);
        if at <= now {
            out.push((at, make(at)));
        }
    };
    if rng.f32() < 0.9 {
        let late = rng.f32() >= 0.9;
        let after = Duration::hours(rng.i64(1..if late { 60 } else { 24 }));
        answer(after, &|at| {
            EventPayload::UrgencyConfirmed(Confirmation {
                underretning_at: u.at,
                date: at.date(),
                note: String::new(),
            })
        });
    }
    if rng.f32() < 0.85 {
        let late = rng.f32() >= 0.85;
        let after = Duration::days(rng.i64(1..if late { 14 } else { 8 }));
        answer(after, &|at| {
            EventPayload::ReceiptConfirmed(Confirmation {
                underretning_at: u.at,
                date: at.date(),
                note: String::new(),
            })
        });
    }
    if rng.f32() < 0.65 {
        let after = Duration::days(rng.i64(10..45));
        let support = match rng.u8(0..10) {
            0..=5 => SupportStarted::Yes,
            6..=8 => SupportStarted::No,
            _ => SupportStarted::Unknown,
        };
        answer(after, &|at| {
            EventPayload::FeedbackReceived(Feedback {
                underretning_at: u.at,
                date: at.date(),
                support,
                note: String::new(),
            })
        });
    }
    out
}
