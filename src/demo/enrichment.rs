//! Gathering information (`data/enrichment/`): requests to other authorities and their answers,
//! concern conversations, and the assessment that ends the stage (and is made again, now and
//! then, while measures run).

use chrono::{Days, NaiveDate};
use fastrand::Rng;

use super::flow::Track;
use super::random::pick;
use super::table::{TableError, table};
use crate::domain::case::EventPayload;
use crate::domain::flow::{
    Assessment, Authority, Conversation, ConversationStatus, Dimension, DimensionRating, HeldBy,
    InfoRequest, RECOMMENDATIONS, RequestStatus, Risk, With,
};

/// A request for information and the answer that comes back.
#[derive(Debug)]
struct Request {
    question: &'static str,
    to: Authority,
    answer: &'static str,
}

#[derive(Debug)]
pub struct EnrichmentTables {
    /// The note while information is gathered.
    pub notes: Vec<&'static str>,
    requests: Vec<Request>,
    conversations: Vec<&'static str>,
    assessments: Vec<&'static str>,
}

impl EnrichmentTables {
    pub fn load() -> Result<EnrichmentTables, TableError> {
        let requests = table!("enrichment/requests.txt");
        Ok(EnrichmentTables {
            notes: table!("enrichment/notes.txt").notes()?,
            requests: requests
                .rows(3)?
                .iter()
                .map(|r| {
                    Ok(Request {
                        question: r.fields[0],
                        to: requests.parse_name(r, 1)?,
                        answer: r.fields[2],
                    })
                })
                .collect::<Result<_, TableError>>()?,
            conversations: table!("enrichment/conversations.txt").list()?,
            assessments: table!("enrichment/assessments.txt").list()?,
        })
    }
}

impl Track {
    pub(super) fn request(&mut self, rng: &mut Rng, day: NaiveDate) -> EventPayload {
        let requests = &self.t.enrichment.requests;
        self.requests += 1;
        let q = rng.usize(..requests.len());
        self.open_requests.push((self.requests, q));
        let r = &requests[q];
        EventPayload::RequestSent(InfoRequest {
            id: self.requests,
            to: r.to,
            to_detail: String::new(),
            question: r.question.into(),
            sent: day,
            due: day + Days::new(14),
            status: RequestStatus::Sent,
            answer: String::new(),
            answered: None,
        })
    }

    /// The oldest open request answered (now and then refused).
    pub(super) fn answer(&mut self, rng: &mut Rng, day: NaiveDate) -> EventPayload {
        let requests = &self.t.enrichment.requests;
        let (id, question) = self.open_requests.remove(0);
        let refused = rng.f32() < 0.1;
        EventPayload::RequestUpdated {
            id,
            status: if refused {
                RequestStatus::Refused
            } else {
                RequestStatus::Answered
            },
            answer: if refused {
                "Kan ikke udleveres uden samtykke.".into()
            } else {
                requests
                    .get(question)
                    .map_or(requests[0].answer, |r| r.answer)
                    .into()
            },
            date: day,
        }
    }

    pub(super) fn conversation(&mut self, rng: &mut Rng, day: NaiveDate) -> EventPayload {
        self.conversations += 1;
        let held = rng.f32() < 0.7;
        EventPayload::ConversationRecorded(Conversation {
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
                pick(rng, &self.t.enrichment.conversations).into()
            } else {
                String::new()
            },
        })
    }

    pub(super) fn assessment(&mut self, rng: &mut Rng, day: NaiveDate) -> EventPayload {
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
            description: pick(rng, &self.t.enrichment.assessments).into(),
            ratings,
            overall,
            recommendation: pick(rng, RECOMMENDATIONS).into(),
            rationale: "Vurderet på baggrund af oplysninger fra skole, familie og politi.".into(),
        })
    }
}
