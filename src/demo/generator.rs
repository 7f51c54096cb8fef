//! The generator: `Cases` streams demo histories one case at a time. A case is drawn stage by
//! stage — who it is about (`person`), the call (`intake`), a later concern about the same
//! person (`repeat`), what happened after filing (`lifecycle`) and the child-welfare unit's
//! answers (`legal`) — and its events are put in time order.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use fastrand::Rng;

use super::calendar::{sub_days, whole_minute};
use super::legal;
use super::person::{PersonSeed, Shown};
use super::random::{mix, pick, unit, weighted};
use super::repeat::{Pending, RepeatKind};
use super::tables::Tables;
use crate::domain::case::{CaseNo, Event, EventPayload, first_next_date};
use crate::store::History;

/// Oldest concern, in days before today (a little under 18 months).
const HISTORY_DAYS: f64 = 540.0;
/// Exponent > 1 makes recent concerns more common than old ones.
const RECENCY: f64 = 2.0;

/// Streams demo histories one case at a time.
pub struct Cases {
    pub(super) t: &'static Tables,
    pub(super) rng: Rng,
    pub(super) seed: u64,
    pub(super) count: usize,
    pub(super) index: usize,
    pub(super) first_no: CaseNo,
    pub(super) now: NaiveDateTime,
    pub(super) today: NaiveDate,
    latest_received: NaiveDateTime,
    latest_filed: NaiveDateTime,
    /// Repeat concerns already decided, by position; their earlier case is already written.
    pub(super) pending: HashMap<usize, Pending>,
    pub(super) used_cprs: HashSet<[u8; 10]>,
    /// Repeat concerns generated so far, and the earlier case of each (for the tests).
    #[cfg(test)]
    pub(super) repeats: Vec<(CaseNo, CaseNo)>,
}

/// One event before its position in the history is known.
pub struct Entry {
    pub at: NaiveDateTime,
    pub author: &'static str,
    pub payload: EventPayload,
}

impl Cases {
    pub(super) fn new(
        t: &'static Tables,
        count: usize,
        first_no: CaseNo,
        now: NaiveDateTime,
        seed: u64,
    ) -> Self {
        let now_minute = whole_minute(now);
        Cases {
            t,
            rng: Rng::with_seed(seed),
            seed,
            count,
            index: 0,
            first_no,
            now,
            today: now.date(),
            latest_received: now_minute - Duration::minutes(15),
            // A link is recorded one second after its filing; both must stay before `now`.
            latest_filed: now_minute - Duration::minutes(1),
            pending: HashMap::new(),
            used_cprs: HashSet::new(),
            #[cfg(test)]
            repeats: Vec::new(),
        }
    }

    pub(super) fn remaining(&self) -> usize {
        self.count - self.index
    }

    pub(super) fn case_no(&self, index: usize) -> CaseNo {
        self.first_no + index as u64
    }

    /// When case `index` was received and filed. Case numbers follow time, with the recent
    /// months busier than the older ones.
    pub(super) fn times(&self, index: usize) -> (NaiveDateTime, NaiveDateTime) {
        let h = mix(self.seed ^ mix(index as u64 + 1));
        let u = (index as f64 + unit(h)) / self.count.max(1) as f64;
        let age = (HISTORY_DAYS * (1.0 - u).max(0.0).powf(RECENCY)) as u64;
        let mut day = sub_days(self.today, age);
        let h2 = mix(h);
        // Few concerns arrive at weekends; most of those that would are moved to Friday.
        if !h2.is_multiple_of(6) {
            match day.weekday() {
                Weekday::Sat => day = sub_days(day, 1),
                Weekday::Sun => day = sub_days(day, 2),
                _ => {}
            }
        }
        let minute = if h2.is_multiple_of(12) {
            16 * 60 + (h2 >> 20) % 300
        } else {
            8 * 60 + (h2 >> 20) % 510
        };
        let start = day.and_time(NaiveTime::MIN);
        let mut received = start + Duration::minutes(minute as i64);
        if received > self.latest_received {
            // Today's concerns that would lie in the future are spread over the part of today
            // that has passed, rather than piled up at one minute.
            let room = (self.latest_received - start).num_minutes().max(0);
            received = (start + Duration::minutes(room * minute as i64 / (24 * 60)))
                .min(self.latest_received);
        }
        let filed =
            (received + Duration::minutes(3 + ((h2 >> 40) % 55) as i64)).min(self.latest_filed);
        (received, filed)
    }

    /// Who the next case is about: a person reported before (written differently) or a new one.
    fn who(&mut self, day: NaiveDate, repeat: Option<Pending>) -> (PersonSeed, Shown, String) {
        match repeat {
            Some(p) => {
                let shown = match p.kind {
                    RepeatKind::SameCpr if p.person.cpr.is_some() => Shown::Cpr,
                    RepeatKind::SameCpr | RepeatKind::SameBirthDate => Shown::BirthDate,
                    RepeatKind::NameOnly => {
                        if self.rng.f32() < 0.6 {
                            Shown::ApproxAge
                        } else {
                            Shown::Nothing
                        }
                    }
                };
                let name = self.t.names.variant(&mut self.rng, &p.person.name());
                let mut person = p.person;
                // People move; most stay in the same part of town.
                if self.rng.f32() < 0.3 {
                    person.district = self.rng.usize(..self.t.places.districts.len());
                }
                (person, shown, name)
            }
            None => {
                let shown = weighted(
                    &mut self.rng,
                    &[
                        (Shown::Cpr, 55),
                        (Shown::BirthDate, 25),
                        (Shown::ApproxAge, 15),
                        (Shown::Nothing, 5),
                    ],
                );
                let person = self.new_person(day, shown);
                let name = person.name();
                (person, shown, name)
            }
        }
    }

    fn generate_case(&mut self) -> History {
        let i = self.index;
        self.index += 1;
        let no = self.case_no(i);
        let (received, filed) = self.times(i);
        let repeat = self.pending.remove(&i);
        #[cfg(test)]
        if let Some(p) = &repeat {
            self.repeats.push((p.earlier, no));
        }
        let (person, shown, name) = self.who(received.date(), repeat);
        let taken = self.take_down(&person, shown, name, received, filed, repeat.is_some());
        let coordinator = taken.coordinator;

        let mut drafts = Vec::with_capacity(8);
        drafts.push(Entry {
            at: filed,
            author: coordinator,
            payload: EventPayload::Filed {
                intake: taken.intake.clone(),
                next_date: first_next_date(received),
            },
        });
        let mut last = filed;
        if let Some(p) = repeat
            && p.kind == RepeatKind::SameCpr
        {
            last = filed + Duration::seconds(1);
            drafts.push(Entry {
                at: last,
                author: coordinator,
                payload: EventPayload::Linked { other: p.earlier },
            });
        }
        let link_back = if repeat.is_none() {
            self.schedule_repeat(i, &person, shown)
        } else {
            None
        };

        self.lifecycle(
            &mut drafts,
            taken.intake,
            last,
            coordinator,
            &taken.first_name,
            taken.underretning_later,
        );

        if let Some(mut link) = link_back {
            link.author = pick(&mut self.rng, &self.t.coordinators).0;
            drafts.push(link);
            drafts.sort_by_key(|d| d.at);
        }
        // The legal answers draw from a generator of their own, so the rest of the demo is the
        // same with or without them.
        let mut legal_rng =
            Rng::with_seed(self.seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let recorded: Vec<(NaiveDateTime, &EventPayload)> =
            drafts.iter().map(|d| (d.at, &d.payload)).collect();
        let answers = legal::answers(&mut legal_rng, &recorded, self.now);
        if !answers.is_empty() {
            drafts.extend(answers.into_iter().map(|(at, payload)| Entry {
                at,
                author: coordinator,
                payload,
            }));
            drafts.sort_by_key(|d| d.at);
        }
        // An answer placed in the very minute a sitting wrote something comes a minute after
        // it: a history's times increase.
        for i in 1..drafts.len() {
            if drafts[i].at <= drafts[i - 1].at {
                drafts[i].at = drafts[i - 1].at + chrono::Duration::minutes(1);
            }
        }

        let events = drafts
            .into_iter()
            .enumerate()
            .map(|(seq, d)| Event {
                seq: u32::try_from(seq).unwrap_or(u32::MAX),
                at: d.at,
                author: d.author.to_string(),
                payload: d.payload,
            })
            .collect();
        History { no, events }
    }
}

impl Iterator for Cases {
    type Item = History;

    fn next(&mut self) -> Option<History> {
        (self.index < self.count).then(|| self.generate_case())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining(), Some(self.remaining()))
    }
}

impl ExactSizeIterator for Cases {}
