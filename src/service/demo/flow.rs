//! The assessment flow in the demo: what each stage change records (screening, joint review,
//! requests, conversations, assessments, measures, closure) and the reviews after closure, in
//! the shapes `domain::flow::decide` produces, so demo cases look like a team's real work.

use chrono::{Days, Months, NaiveDate};
use fastrand::Rng;

use crate::domain::case::EventPayload;
use crate::domain::flow::{
    Approach, Assessment, Authority, Closure, ClosureReason, Conversation, ConversationStatus,
    Dimension, DimensionRating, Disclosure, HeldBy, InfoItem, InfoRequest, ItemRef, JointReview,
    LegalBasis, MEASURE_TYPES, Measure, MeasureLevel, MeasureStatus, NextStep, Participant,
    PoliceMatterKind, RECOMMENDATIONS, REVIEW_MONTHS, Referral, RequestStatus, ReviewDecision,
    Risk, Screening, ScreeningOutcome, Waiver, With,
};
use crate::domain::stage::Stage;

/// The fictional people who sit in the demo's meetings.
const ROSTER: &[(&str, &str, &str)] = &[
    ("Lars Holm", "Østjyllands Politi", "tovholder"),
    (
        "Birgitte Dahl",
        "Østjyllands Politi",
        "forebyggelsesbetjent",
    ),
    ("Kasper Nør", "Østjyllands Politi", "efterforsker"),
    ("Mette Kjær", "SSP", "SSP-konsulent"),
    ("Jonas Brandt", "SSP", "SSP-koordinator"),
    ("Ayse Demir", "SSP", "SSP-konsulent"),
    ("Hanne Lind", "Børn og Familie", "sagsbehandler"),
    ("Peter Skov", "Børn og Familie", "teamleder"),
    ("Rikke Vang", "Jobcenter", "ungerådgiver"),
    ("Omar Said", "Socialpsykiatrien", "koordinator"),
    ("Signe Bach", "Kriminalforsorgen", "tilsynsførende"),
    ("Tina Holt", "UU-vejledningen", "vejleder"),
];

const SCREEN_WHY: &[&str] = &[
    "Flere uafhængige henvendelser peger i samme retning.",
    "Konkrete udsagn og adfærd, ikke kun rygter.",
    "Skolen og familien beskriver den samme udvikling.",
    "Bekymringen er tydelig, men der mangler viden om netværket.",
];
const UNFOUNDED_WHY: &[&str] = &[
    "Henvendelsen bygger på en misforståelse; ingen tegn på bekymring ved opfølgning.",
    "Skolen bekræfter ikke oplysningerne; ingen yderligere handling.",
    "Forholdet er afklaret med familien.",
];
const REVIEW_SUMMARIES: &[&str] = &[
    "Oplysninger udvekslet efter §115. Politiet kender personen fra tidligere episoder.",
    "Politiet har ingen oplysninger ud over henvendelsen; skolen beskriver øget fravær.",
    "Fælles billede af bekymringen; der aftales bekymringssamtale og oplysninger fra skolen.",
    "Politiet bekræfter kontakt til et kriminelt miljø; socialforvaltningen kender familien.",
];
const ITEMS: &[(&str, Authority)] = &[
    ("Kendt af politiet for trusler", Authority::LocalPolice),
    (
        "Set sammen med personer fra et kriminelt miljø",
        Authority::LocalPolice,
    ),
    ("Højt fravær det seneste halve år", Authority::School),
    ("Familien har tidligere haft en sag", Authority::ChildYouth),
    ("Har afbrudt sit uddannelsesforløb", Authority::Education),
    ("Går i klubben to gange om ugen", Authority::ClubLeisure),
    ("Henvist til psykiatrien sidste år", Authority::Psychiatry),
];
const STEPS: &[(&str, &str)] = &[
    ("Bekymringssamtale", "Politiet"),
    ("Oplysninger om skolegang", "SSP"),
    ("Vurdering af støttebehov", "Børn og Familie"),
    ("Kontakt til jobcentret", "Jobcenter"),
    ("Tilbud om mentor", "SSP"),
];
const QUESTIONS: &[(&str, Authority)] = &[
    ("Fravær og trivsel det seneste halve år?", Authority::School),
    (
        "Er familien kendt, og er der en aktuel sag?",
        Authority::ChildYouth,
    ),
    (
        "Er der et aktivt forløb i jobcentret?",
        Authority::Jobcentre,
    ),
    ("Deltager personen i fritidstilbud?", Authority::ClubLeisure),
    ("Er der en aktuel tilsynssag?", Authority::PrisonProbation),
];
/// One answer per question above, in the same order.
const ANSWERS: &[&str] = &[
    "Fravær på 25 %, trives dårligt i klassen.",
    "Familien er kendt; der er ingen aktuel sag.",
    "Ingen aktivt forløb; tilbud om samtale er sendt.",
    "Kommer i klubben en gang om ugen.",
    "Ja, tilsyn til og med næste sommer.",
];
const CONVERSATIONS: &[&str] = &[
    "Samtalen forløb roligt; familien er bekymret og vil samarbejde.",
    "Den unge afviser bekymringen, men vil gerne have hjælp til skolen.",
    "Forældrene kendte ikke til opslagene; aftalt ny samtale om en måned.",
];
const ASSESS_DESCRIPTIONS: &[&str] = &[
    "Deler ekstremt materiale og taler nedsættende om andre grupper.",
    "Begrænses af familien i valg af venner og fritid.",
    "Tiltagende kriminalitet og kontakt til ældre i et kriminelt miljø.",
    "Mistrivsel, isolation og stigende fravær.",
];
const GOALS: &[&str] = &[
    "Stabil skolegang og fremmøde over 90 %",
    "Nyt netværk gennem fritidsaktivitet",
    "Afklaring af uddannelsesvej",
    "Ro i familien og fælles aftaler",
];
const EVALUATIONS: &[&str] = &[
    "Målet er nået; fremmødet er stabilt.",
    "Delvist nået; forløbet fortsætter i skolens regi.",
    "Borgeren ønskede ikke at fortsætte.",
];
const CLOSE_SUMMARIES: &[&str] = &[
    "Bekymringen er ikke længere aktuel efter forløbet.",
    "Sagen er overdraget; den modtagende myndighed følger op.",
    "Familien er fraflyttet kommunen; oplysninger videregivet med samtykke.",
    "Indsatsen er afsluttet som planlagt.",
];
const REVIEWS_HELD: &[&str] = &[
    "Ingen ny bekymring; skolen melder god trivsel.",
    "Ingen nye henvendelser. Sagen forbliver lukket.",
    "Kort kontakt til familien; alt er roligt.",
];

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.usize(..items.len())]
}

/// A running measure as it ends: completed or stopped, with its evaluation.
fn end_measure(rng: &mut Rng, m: Measure) -> EventPayload {
    EventPayload::MeasureRecorded(Measure {
        status: pick(
            rng,
            &[
                MeasureStatus::Completed,
                MeasureStatus::Completed,
                MeasureStatus::Stopped,
            ],
        ),
        evaluation: pick(rng, EVALUATIONS).into(),
        ..m
    })
}

fn participant(rng: &mut Rng) -> Participant {
    let (name, organisation, role) = pick(rng, ROSTER);
    Participant {
        name: name.into(),
        organisation: organisation.into(),
        role: role.into(),
    }
}

/// What the flow has open on a demo case, so closing resolves or waives each.
#[derive(Default)]
pub struct Track {
    requests: u32,
    /// Open requests and the question each asked.
    open_requests: Vec<(u32, usize)>,
    measures: u32,
    open_measures: Vec<Measure>,
    conversations: u32,
    assessments: u32,
    last_risk: Option<Risk>,
}

impl Track {
    /// The events of a move from `from` to `to` on `day`.
    pub fn transition(
        &mut self,
        rng: &mut Rng,
        from: Stage,
        to: Stage,
        day: NaiveDate,
    ) -> Vec<EventPayload> {
        let mut out = Vec::new();
        let change = |from: Stage, to: Stage| EventPayload::StageChanged {
            from,
            to,
            reason: None,
        };
        match (from, to) {
            (Stage::Screening, Stage::JointReview) => {
                out.push(EventPayload::ScreeningRecorded(
                    self.screening(rng, day, true),
                ));
                out.push(change(from, to));
            }
            (Stage::Screening, Stage::Closed) => {
                let s = self.screening(rng, day, false);
                let reason = match s.outcome {
                    ScreeningOutcome::Referred { .. } => ClosureReason::HandedOver,
                    _ => ClosureReason::Unfounded,
                };
                out.push(EventPayload::ScreeningRecorded(s));
                out.push(self.close(rng, day, reason));
            }
            (Stage::JointReview, Stage::Enrichment) => {
                out.push(EventPayload::JointReviewRecorded(self.review(
                    rng,
                    day,
                    ReviewDecision::Continue,
                )));
                out.push(change(from, to));
                for _ in 0..rng.u32(1..=2) {
                    out.push(self.request(rng, day));
                }
            }
            (Stage::JointReview, Stage::Closed) => {
                out.push(EventPayload::JointReviewRecorded(self.review(
                    rng,
                    day,
                    ReviewDecision::Close,
                )));
                out.push(self.close(rng, day, ClosureReason::Unfounded));
            }
            (Stage::Enrichment, Stage::Measures) => {
                out.push(self.assessment(rng, day));
                out.push(change(from, to));
                out.push(self.measure(rng, day));
            }
            (Stage::Enrichment | Stage::Measures, Stage::Closed) => {
                // Measures that ran are evaluated before the case closes.
                for m in std::mem::take(&mut self.open_measures) {
                    out.push(end_measure(rng, m));
                }
                if rng.f32() < 0.15 {
                    out.push(EventPayload::DisclosureRecorded(Disclosure {
                        date: day,
                        recipient: "Jobcenter, ungeindsatsen".into(),
                        what: "Resumé af forløbet og aftalte næste skridt".into(),
                        basis: pick(rng, &[LegalBasis::Consent, LegalBasis::Fvl28]),
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
            _ => out.push(change(from, to)),
        }
        out
    }

    /// What a follow-up without a stage change records now and then: an answer, a
    /// conversation, a reassessment.
    pub fn follow_up(&mut self, rng: &mut Rng, stage: Stage, day: NaiveDate) -> Vec<EventPayload> {
        let mut out = Vec::new();
        if !matches!(stage, Stage::Enrichment | Stage::Measures) {
            return out;
        }
        if !self.open_requests.is_empty() && rng.f32() < 0.6 {
            let (id, question) = self.open_requests.remove(0);
            let refused = rng.f32() < 0.1;
            out.push(EventPayload::RequestUpdated {
                id,
                status: if refused {
                    RequestStatus::Refused
                } else {
                    RequestStatus::Answered
                },
                answer: if refused {
                    "Kan ikke udleveres uden samtykke.".into()
                } else {
                    ANSWERS.get(question).copied().unwrap_or(ANSWERS[0]).into()
                },
                date: day,
            });
        }
        if rng.f32() < 0.25 {
            self.conversations += 1;
            let held = rng.f32() < 0.7;
            out.push(EventPayload::ConversationRecorded(Conversation {
                id: self.conversations,
                status: if held {
                    ConversationStatus::Held
                } else {
                    ConversationStatus::Planned
                },
                date: if held { day } else { day + Days::new(7) },
                held_by: pick(rng, HeldBy::ALL),
                with: pick(rng, With::ALL),
                summary: if held {
                    pick(rng, CONVERSATIONS).into()
                } else {
                    String::new()
                },
            }));
        }
        if stage == Stage::Measures && self.assessments > 0 && rng.f32() < 0.12 {
            out.push(self.assessment(rng, day));
        }
        out
    }

    /// Post-closure reviews that have come due by `today`: most are held near their date.
    pub fn post_reviews(
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
                    summary: pick(rng, REVIEWS_HELD).into(),
                },
            ));
        }
        out
    }

    fn screening(&mut self, rng: &mut Rng, day: NaiveDate, continues: bool) -> Screening {
        let approach = pick(
            rng,
            &[
                Approach::Internal,
                Approach::Internal,
                Approach::SspMeeting,
                Approach::JointWithPolice,
                Approach::ForwardedToPolice,
            ],
        );
        let outcome = if continues {
            if rng.f32() < 0.12 {
                ScreeningOutcome::PoliceMatter {
                    kind: pick(rng, PoliceMatterKind::ALL),
                    feedback_due: day + Days::new(14),
                }
            } else {
                ScreeningOutcome::Stands
            }
        } else if rng.f32() < 0.4 {
            ScreeningOutcome::Referred {
                to: pick(rng, Referral::ALL),
                detail: String::new(),
                keep_tracking: false,
            }
        } else {
            ScreeningOutcome::Unfounded
        };
        let a = participant(rng);
        let b = participant(rng);
        Screening {
            date: day,
            approach,
            participants: format!(
                "{} ({}), {} ({})",
                a.name, a.organisation, b.name, b.organisation
            ),
            rationale: if continues {
                pick(rng, SCREEN_WHY)
            } else {
                pick(rng, UNFOUNDED_WHY)
            }
            .into(),
            outcome,
        }
    }

    fn review(&mut self, rng: &mut Rng, day: NaiveDate, decision: ReviewDecision) -> JointReview {
        let mut participants = vec![participant(rng)];
        for _ in 0..rng.usize(1..4) {
            let p = participant(rng);
            if !participants.contains(&p) {
                participants.push(p);
            }
        }
        let items = (0..rng.usize(1..4))
            .map(|_| {
                let (text, origin) = pick(rng, ITEMS);
                InfoItem {
                    text: text.into(),
                    origin,
                }
            })
            .collect();
        let steps = (0..rng.usize(1..3))
            .map(|_| {
                let (what, who) = pick(rng, STEPS);
                NextStep {
                    what: what.into(),
                    who: who.into(),
                }
            })
            .collect();
        JointReview {
            date: day,
            participants,
            summary: pick(rng, REVIEW_SUMMARIES).into(),
            items,
            steps,
            decision,
            police_feedback_due: None,
        }
    }

    fn request(&mut self, rng: &mut Rng, day: NaiveDate) -> EventPayload {
        self.requests += 1;
        let q = rng.usize(..QUESTIONS.len());
        self.open_requests.push((self.requests, q));
        let (question, to) = QUESTIONS[q];
        EventPayload::RequestSent(InfoRequest {
            id: self.requests,
            to,
            to_detail: String::new(),
            question: question.into(),
            sent: day,
            due: day + Days::new(14),
            status: RequestStatus::Sent,
            answer: String::new(),
            answered: None,
        })
    }

    fn assessment(&mut self, rng: &mut Rng, day: NaiveDate) -> EventPayload {
        self.assessments += 1;
        let base = self
            .last_risk
            .unwrap_or(pick(rng, &[Risk::Low, Risk::Moderate, Risk::High]));
        let ratings = Dimension::ALL
            .iter()
            .map(|d| DimensionRating {
                dimension: *d,
                risk: pick(
                    rng,
                    &[Risk::Unknown, Risk::NoRisk, Risk::Low, Risk::Low, base],
                ),
                resource: rng.f32() < 0.25,
                note: String::new(),
            })
            .collect();
        // A reassessment usually finds the risk the same or lower.
        let overall = match (self.last_risk, rng.u32(..10)) {
            (Some(Risk::High), 0..=5) => Risk::Moderate,
            (Some(Risk::Moderate), 0..=5) => Risk::Low,
            _ => base,
        };
        self.last_risk = Some(overall);
        EventPayload::AssessmentRecorded(Assessment {
            id: self.assessments,
            date: day,
            description: pick(rng, ASSESS_DESCRIPTIONS).into(),
            ratings,
            overall,
            recommendation: pick(rng, RECOMMENDATIONS).into(),
            rationale: "Vurderet på baggrund af oplysninger fra skole, familie og politi.".into(),
        })
    }

    fn measure(&mut self, rng: &mut Rng, day: NaiveDate) -> EventPayload {
        self.measures += 1;
        let (_, org, _) = pick(rng, ROSTER);
        let m = Measure {
            id: self.measures,
            kind: pick(rng, MEASURE_TYPES).into(),
            organisation: org.into(),
            responsible: participant(rng).name,
            start: day,
            planned_end: day.checked_add_months(Months::new(6)),
            goal: pick(rng, GOALS).into(),
            level: pick(rng, MeasureLevel::ALL),
            status: MeasureStatus::Active,
            evaluation: String::new(),
        };
        self.open_measures.push(m.clone());
        EventPayload::MeasureRecorded(m)
    }

    fn close(&mut self, rng: &mut Rng, day: NaiveDate, reason: ClosureReason) -> EventPayload {
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
            summary: pick(rng, CLOSE_SUMMARIES).into(),
            waivers,
            no_reviews_because,
        })
    }
}
