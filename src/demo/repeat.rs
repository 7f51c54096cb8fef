//! A later concern about the same person, decided when the first is generated: about 6% of the
//! cases, some with the same CPR number (then the two are linked), some with only the birth
//! date, some with nothing but a differently written name.

use chrono::Duration;

use super::generator::{Cases, Entry};
use super::person::{PersonSeed, Shown};
use super::random::weighted;
use crate::domain::case::{CaseNo, EventPayload};

/// Chance that a (non-repeat) case gets a later repeat concern about the same person. Cases late
/// in the sequence have little room for a repeat, so this is set above the ~6% wanted overall.
const REPEAT_CHANCE: f32 = 0.075;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RepeatKind {
    /// Same CPR: the cases are linked on both sides.
    SameCpr,
    /// Only the birth date is given this time.
    SameBirthDate,
    /// Nothing but a (differently written) name.
    NameOnly,
}

/// A repeat concern waiting for its position.
#[derive(Clone, Copy, Debug)]
pub struct Pending {
    pub person: PersonSeed,
    pub kind: RepeatKind,
    pub earlier: CaseNo,
}

impl Cases {
    /// Decides now whether this person will be reported again, and when. The later case's
    /// times are a pure function of its position, so the link can be written into this
    /// history before the later case exists.
    pub(super) fn schedule_repeat(
        &mut self,
        index: usize,
        person: &PersonSeed,
        shown: Shown,
    ) -> Option<Entry> {
        if self.rng.f32() >= REPEAT_CHANCE {
            return None;
        }
        let remaining = self.count - index - 1;
        if remaining == 0 {
            return None;
        }
        let span = remaining.min((self.count / 3).max(8));
        let mut j = index + 1 + self.rng.usize(..span);
        let mut tries = 0;
        while self.pending.contains_key(&j) && tries < 8 {
            j += 1;
            tries += 1;
        }
        if j >= self.count || self.pending.contains_key(&j) {
            return None;
        }
        let (_, filed_here) = self.times(index);
        let (_, filed_there) = self.times(j);
        if filed_there < filed_here + Duration::hours(1) {
            return None;
        }
        let kind = match shown {
            Shown::Cpr => weighted(
                &mut self.rng,
                &[
                    (RepeatKind::SameCpr, 90),
                    (RepeatKind::SameBirthDate, 5),
                    (RepeatKind::NameOnly, 5),
                ],
            ),
            Shown::BirthDate => {
                if self.rng.f32() < 0.6 {
                    RepeatKind::SameBirthDate
                } else {
                    RepeatKind::NameOnly
                }
            }
            Shown::ApproxAge | Shown::Nothing => {
                if self.rng.f32() < 0.4 {
                    RepeatKind::SameBirthDate
                } else {
                    RepeatKind::NameOnly
                }
            }
        };
        let earlier = self.case_no(index);
        self.pending.insert(
            j,
            Pending {
                person: *person,
                kind,
                earlier,
            },
        );
        (kind == RepeatKind::SameCpr).then(|| Entry {
            // One second after the later filing, as `Service::file` links both sides at once.
            at: filed_there + Duration::seconds(1),
            author: "",
            payload: EventPayload::Linked {
                other: self.case_no(j),
            },
        })
    }
}
