//! Closure (`data/closure/`): open requests waived, the reason and summary, sometimes a
//! disclosure of the course to a partner, and the reviews 6 and 12 months after.

use chrono::{Days, Months, NaiveDate};
use fastrand::Rng;

use super::flow::Track;
use super::random::pick;
use super::table::{TableError, table};
use crate::domain::case::EventPayload;
use crate::domain::flow::{
    Closure, ClosureReason, Disclosure, ItemRef, LegalBasis, REVIEW_MONTHS, Waiver,
};
use crate::domain::stage::Stage;

#[derive(Debug)]
pub struct ClosureTables {
    /// The note when a case is closed.
    pub notes: Vec<&'static str>,
    summaries: Vec<&'static str>,
    post_reviews: Vec<&'static str>,
}

impl ClosureTables {
    pub fn load() -> Result<ClosureTables, TableError> {
        Ok(ClosureTables {
            notes: table!("closure/notes.txt").notes()?,
            summaries: table!("closure/summaries.txt").list()?,
            post_reviews: table!("closure/post_reviews.txt").list()?,
        })
    }
}

impl Track {
    pub(super) fn close(
        &mut self,
        rng: &mut Rng,
        day: NaiveDate,
        reason: ClosureReason,
    ) -> EventPayload {
        let waivers = std::mem::take(&mut self.open_requests)
            .into_iter()
            .map(|(id, _)| Waiver {
                item: ItemRef::Request(id),
                reason: "Ikke længere nødvendig efter lukning.".into(),
            })
            .collect();
        let no_reviews_because = (rng.f32() < 0.1).then(|| "Fraflyttet kommunen.".to_string());
        EventPayload::Closed(Closure {
            date: day,
            reason,
            summary: pick(rng, &self.t.closure.summaries).into(),
            waivers,
            no_reviews_because,
        })
    }

    /// A case closed from enrichment or measures (its measures already evaluated): now and
    /// then the course is disclosed to a partner first.
    pub(super) fn closed_after_work(
        &mut self,
        rng: &mut Rng,
        from: Stage,
        day: NaiveDate,
        out: &mut Vec<EventPayload>,
    ) {
        if rng.f32() < 0.15 {
            out.push(EventPayload::DisclosureRecorded(Disclosure {
                date: day,
                recipient: "Jobcenter, ungeindsatsen".into(),
                what: "Resumé af forløbet og aftalte næste skridt".into(),
                basis: pick(rng, &[LegalBasis::Consent, LegalBasis::Fvl28]),
                police_origin: false,
                police_confirmed: false,
            }));
        }
        let reason = if from == Stage::Measures {
            pick(
                rng,
                &[
                    ClosureReason::MeasureCompleted,
                    ClosureReason::MeasureCompleted,
                    ClosureReason::HandedOver,
                    ClosureReason::MovedAway,
                ],
            )
        } else {
            pick(
                rng,
                &[ClosureReason::HandedOver, ClosureReason::PoliceMatter],
            )
        };
        out.push(self.close(rng, day, reason));
    }

    /// Post-closure reviews that have come due by `today`: most are held near their date.
    pub fn post_reviews(
        &self,
        rng: &mut Rng,
        closed: NaiveDate,
        today: NaiveDate,
    ) -> Vec<(NaiveDate, EventPayload)> {
        let mut out = Vec::new();
        for m in REVIEW_MONTHS {
            let due = closed.checked_add_months(Months::new(m)).unwrap_or(closed);
            let held = due + Days::new(rng.u64(0..10));
            // Reviews that came due in the last month may still be waiting; older ones were held.
            let recent = due + Days::new(30) >= today;
            if held >= today || (recent && rng.f32() < 0.5) {
                break;
            }
            out.push((
                held,
                EventPayload::PostReviewHeld {
                    months: m,
                    date: held,
                    summary: pick(rng, &self.t.closure.post_reviews).into(),
                },
            ));
        }
        out
    }
}
