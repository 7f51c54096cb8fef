//! The API the console and the command line use: plain requests in, plain results out. Only
//! this layer calls the store, so a later socket server is a change of transport, not a rewrite.

pub mod actioncards;
mod backup;
mod catalog;
pub mod config;
pub mod demo;
mod legal;
pub mod snapshot;

use std::path::Path;

use chrono::{Local, NaiveDate, NaiveDateTime};
use thiserror::Error;

pub use backup::{ExportDoc, ImportError};
use catalog::Catalog;
pub use catalog::ListFilter;
pub use legal::{LegalDueCase, LegalDuePage};

use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::case::first_next_date;
use crate::domain::cpr::partial_digits;
use crate::domain::dates::parse_date;
use crate::domain::draft::{Draft, DraftId};
use crate::domain::flow::{Command, FlowError, Participant, RECOMMENDATIONS, decide};

/// The team's own list of recommendations, beside the database.
pub const RECOMMENDATIONS_FILE: &str = "anbefalinger.txt";
use crate::domain::intake::{FieldId, FieldProblem, IntakeForm};
use crate::domain::matching::{MatchReason, Probe};
use crate::domain::summary::CaseSummary;
use crate::domain::{CaseNo, CaseState, Event, EventPayload};
use crate::store::{CheckReport, OpenOptions, Store, StoreError};

#[derive(Debug, Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the intake cannot be filed yet")]
    Invalid(Vec<(FieldId, FieldProblem)>),
    #[error("case {0} does not exist")]
    NoSuchCase(CaseNo),
    #[error("the text is empty")]
    EmptyText,
    #[error("the date lies in the past")]
    DateInPast,
    #[error("a case cannot be linked to itself")]
    SelfLink,
    #[error(transparent)]
    Flow(#[from] FlowError),
    /// `infohus.toml` is present but wrong: the message names the file and line.
    #[error("{0}")]
    Settings(String),
}

/// One line of the work queue or the case list.
pub use crate::domain::summary::CaseLine;

pub struct WorkQueue {
    pub drafts: Vec<Draft>,
    /// Open cases by next date, earliest first, at most `QUEUE_LIMIT`.
    pub due: Vec<CaseLine>,
    pub overdue: usize,
    pub due_this_week: usize,
    pub open: usize,
}

/// How many cases the start screen lists; the case list holds the rest.
pub const QUEUE_LIMIT: usize = 300;

pub struct CaseView {
    pub state: CaseState,
    pub events: Vec<Event>,
    /// Every case linked to this one, for showing repeat concerns together.
    pub linked: Vec<CaseLine>,
}

pub struct PriorMatch {
    pub case: CaseLine,
    pub reasons: Vec<MatchReason>,
}

pub struct ListPage {
    pub total: usize,
    pub rows: Vec<CaseLine>,
}

pub enum Filed {
    New(CaseState),
    Edited(CaseState),
    Unchanged(CaseNo),
}

pub struct Service {
    store: Store,
    user: String,
    catalog: Option<Catalog>,
    cards: Option<actioncards::CardSet>,
    fixed_now: Option<NaiveDateTime>,
}

impl Service {
    pub fn open(path: &Path, create: bool, user: &str) -> Result<Service, ServiceError> {
        Self::open_with(
            path,
            OpenOptions {
                create,
                user: user.to_string(),
                ..OpenOptions::default()
            },
        )
    }

    /// Opens a database whose last saves are known to be lost, to repair what is left.
    pub fn open_accepting_loss(path: &Path, user: &str) -> Result<Service, ServiceError> {
        Self::open_with(
            path,
            OpenOptions {
                create: false,
                user: user.to_string(),
                accept_loss: true,
                ..OpenOptions::default()
            },
        )
    }

    fn open_with(path: &Path, opts: OpenOptions) -> Result<Service, ServiceError> {
        Ok(Service {
            store: Store::open(path, &opts)?,
            user: opts.user,
            catalog: None,
            cards: None,
            fixed_now: None,
        })
    }

    /// Pins the clock (tests, and demo data that must be relative to a known day).
    pub fn set_now(&mut self, now: NaiveDateTime) {
        self.fixed_now = Some(now);
    }

    pub fn now(&self) -> NaiveDateTime {
        self.fixed_now.unwrap_or_else(|| Local::now().naive_local())
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn is_demo(&self) -> bool {
        self.store.is_demo()
    }

    pub fn work_queue(&self) -> Result<WorkQueue, ServiceError> {
        let today = self.today();
        let mut drafts = self.store.drafts()?;
        drafts.sort_by_key(|d| std::cmp::Reverse(d.updated_at));
        let week_end = crate::domain::dates::end_of_week(today) + chrono::Days::new(1);
        let counts = self.store.count_due_before(&[today, week_end])?;
        let (overdue, up_to_week_end) = (counts[0], counts[1]);
        Ok(WorkQueue {
            drafts,
            due: self
                .store
                .due(QUEUE_LIMIT)?
                .iter()
                .map(CaseLine::from)
                .collect(),
            overdue,
            due_this_week: up_to_week_end - overdue,
            open: self.store.open_case_count(),
        })
    }

    pub fn catalog_loaded(&self) -> bool {
        self.catalog.is_some()
    }

    /// Loads the search catalog from the summary index. The console calls this right after
    /// its first frame so that start-up stays fast and the first search is not.
    pub fn load_catalog(&mut self) -> Result<(), ServiceError> {
        if self.catalog.is_none() {
            let mut c = Catalog::new();
            for s in self.store.summaries() {
                c.upsert(s?);
            }
            self.catalog = Some(c);
        }
        Ok(())
    }

    fn catalog(&mut self) -> Result<&mut Catalog, ServiceError> {
        self.load_catalog()?;
        match self.catalog.as_mut() {
            Some(c) => Ok(c),
            None => Err(ServiceError::Store(StoreError::Db(
                "catalog not loaded".into(),
            ))),
        }
    }

    fn remember(&mut self, s: &CaseState) {
        if let Some(c) = self.catalog.as_mut() {
            c.upsert(CaseSummary::of(s));
        }
    }

    /// One page of the filtered case list.
    pub fn list(
        &mut self,
        filter: &ListFilter,
        offset: usize,
        limit: usize,
    ) -> Result<ListPage, ServiceError> {
        let today = self.today();
        let catalog = self.catalog()?;
        catalog.refresh(filter, today);
        let hits = catalog.hits();
        let rows = hits
            .iter()
            .skip(offset)
            .take(limit)
            .filter_map(|&i| catalog.summary_at(i).cloned())
            .collect();
        Ok(ListPage {
            total: hits.len(),
            rows,
        })
    }

    /// Number of hits only (used by the benchmark and tests).
    pub fn count(&mut self, filter: &ListFilter) -> Result<usize, ServiceError> {
        let today = self.today();
        Ok(self.catalog()?.search(filter, today).len())
    }

    /// Earlier cases that may be about the person being typed in.
    pub fn prior_matches(
        &mut self,
        form: &IntakeForm,
        exclude: Option<CaseNo>,
        limit: usize,
    ) -> Result<Vec<PriorMatch>, ServiceError> {
        let digits = partial_digits(&form.cpr);
        let birth = parse_date(&form.birth_date).ok();
        let probe = Probe {
            name: &form.person_name,
            cpr_digits: &digits,
            birth_date: birth,
            last_token_partial: !form.person_name.ends_with(' '),
        };
        let catalog = self.catalog()?;
        let found = catalog.persons.query(&probe, limit + 1);
        Ok(found
            .into_iter()
            .filter(|m| Some(m.id) != exclude)
            .take(limit)
            .filter_map(|m| {
                catalog.get(m.id).map(|s| PriorMatch {
                    case: s.clone(),
                    reasons: m.reasons,
                })
            })
            .collect())
    }

    pub fn case(&self, no: CaseNo) -> Result<CaseView, ServiceError> {
        let state = self.store.case(no)?.ok_or(ServiceError::NoSuchCase(no))?;
        let events = self.store.events(no)?;
        let mut linked = Vec::new();
        for &other in &state.links {
            if let Some(s) = self.store.summary(other)? {
                linked.push(CaseLine::from(&s));
            }
        }
        Ok(CaseView {
            state,
            events,
            linked,
        })
    }

    /// The unmasked CPR number; every reveal is written to the audit log first.
    pub fn reveal_cpr(&self, no: CaseNo) -> Result<Option<String>, ServiceError> {
        let state = self.store.case(no)?.ok_or(ServiceError::NoSuchCase(no))?;
        self.store.audit(&AuditEntry {
            at: self.now(),
            user: self.user.clone(),
            action: AuditAction::CprRevealed { case: no },
        })?;
        Ok(state.intake.person.cpr.map(|c| c.formatted()))
    }

    pub fn drafts(&self) -> Result<Vec<Draft>, ServiceError> {
        Ok(self.store.drafts()?)
    }

    pub fn draft(&self, id: DraftId) -> Result<Option<Draft>, ServiceError> {
        Ok(self.store.draft(id)?)
    }

    /// Starts a draft (a new concern, or an edit of case `editing`) and saves it at once.
    pub fn new_draft(&self, editing: Option<CaseNo>) -> Result<Draft, ServiceError> {
        let now = self.now();
        let form = match editing {
            Some(no) => {
                let s = self.store.case(no)?.ok_or(ServiceError::NoSuchCase(no))?;
                IntakeForm::from_intake(&s.intake)
            }
            None => IntakeForm::new(now),
        };
        let d = Draft {
            id: self.store.new_draft_id()?,
            author: self.user.clone(),
            created_at: now,
            updated_at: now,
            editing,
            form,
        };
        self.store.save_draft(&d)?;
        Ok(d)
    }

    /// Saves the draft durably; returns when it is on disk.
    pub fn save_draft(&self, d: &mut Draft) -> Result<(), ServiceError> {
        d.updated_at = self.now();
        Ok(self.store.save_draft(d)?)
    }

    pub fn discard_draft(&self, id: DraftId) -> Result<(), ServiceError> {
        Ok(self.store.discard_draft(id)?)
    }

    /// Files the draft: a new case, or a new version of the case it edits. Cases with the same
    /// CPR number are linked automatically; name matches only when the user confirmed them.
    pub fn file(&mut self, d: &Draft) -> Result<Filed, ServiceError> {
        let now = self.now();
        let intake = d
            .form
            .validate(now, &self.user)
            .map_err(ServiceError::Invalid)?;
        let mut links: Vec<CaseNo> = d.form.links.clone();
        if let Some(cpr) = &intake.person.cpr {
            links.extend(self.store.cases_by_cpr(cpr)?);
        }
        links.sort_unstable();
        links.dedup();
        let result = match d.editing {
            None => {
                let next_date = first_next_date(intake.received_at).max(self.today());
                let s = self.store.file_case(
                    EventPayload::Filed { intake, next_date },
                    &links,
                    Some(d.id),
                    &self.user,
                    now,
                )?;
                Filed::New(s)
            }
            Some(no) => {
                let old = self.store.case(no)?.ok_or(ServiceError::NoSuchCase(no))?;
                // The original reception is a fact of the filing; an edit keeps who took it.
                let intake = crate::domain::Intake {
                    received_by: old.intake.received_by.clone(),
                    ..intake
                };
                let changed = old.intake.changed_fields(&intake);
                let mut payloads = Vec::new();
                if !changed.is_empty() {
                    payloads.push(EventPayload::IntakeEdited { intake, changed });
                }
                for other in links {
                    if other != no && !old.links.contains(&other) {
                        payloads.push(EventPayload::Linked { other });
                    }
                }
                if payloads.is_empty() {
                    self.store.discard_draft(d.id)?;
                    return Ok(Filed::Unchanged(no));
                }
                Filed::Edited(
                    self.store
                        .append(no, &payloads, Some(d.id), &self.user, now)?,
                )
            }
        };
        let state = match &result {
            Filed::New(s) | Filed::Edited(s) => s.clone(),
            Filed::Unchanged(_) => return Ok(result),
        };
        self.remember(&state);
        for other in state.links.clone() {
            if let Some(s) = self.store.case(other)? {
                self.remember(&s);
            }
        }
        Ok(result)
    }

    pub fn add_note(&mut self, no: CaseNo, text: &str) -> Result<CaseState, ServiceError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ServiceError::EmptyText);
        }
        self.append(
            no,
            EventPayload::NoteAdded {
                text: text.to_string(),
            },
        )
    }

    pub fn set_next_date(
        &mut self,
        no: CaseNo,
        date: NaiveDate,
        reason: &str,
    ) -> Result<CaseState, ServiceError> {
        if date < self.today() {
            return Err(ServiceError::DateInPast);
        }
        self.append(
            no,
            EventPayload::NextDateSet {
                date,
                reason: reason.trim().to_string(),
            },
        )
    }

    pub fn link(&mut self, no: CaseNo, other: CaseNo) -> Result<CaseState, ServiceError> {
        if no == other {
            return Err(ServiceError::SelfLink);
        }
        let s = self.append(no, EventPayload::Linked { other })?;
        if let Some(o) = self.store.case(other)? {
            self.remember(&o);
        }
        Ok(s)
    }

    /// Carries out a step of the assessment flow. The rules in `domain::flow::decide` say what
    /// it records; a next follow-up date, when given, is recorded with it in the same save.
    pub fn record(
        &mut self,
        no: CaseNo,
        cmd: Command,
        next_date: Option<NaiveDate>,
    ) -> Result<CaseState, ServiceError> {
        let state = self.store.case(no)?.ok_or(ServiceError::NoSuchCase(no))?;
        let mut events = decide(&state, cmd, self.today())?;
        if let Some(date) = next_date {
            if date < self.today() {
                return Err(ServiceError::DateInPast);
            }
            if date != state.next_date {
                events.push(EventPayload::NextDateSet {
                    date,
                    reason: String::new(),
                });
            }
        }
        self.append_all(no, &events)
    }

    /// The recommendations an assessment picks from: the team's own list in
    /// `anbefalinger.txt` beside the database (one per line, `#` for comments), or the
    /// national tool's defaults. An unreadable file falls back to the defaults.
    pub fn recommendations(&self) -> Vec<String> {
        let file = self
            .store
            .path()
            .parent()
            .map(|d| d.join(RECOMMENDATIONS_FILE));
        let own: Vec<String> = file
            .and_then(|f| std::fs::read_to_string(f).ok())
            .map(|text| {
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(|l| {
                        crate::domain::text::clean_input(l, 0, crate::domain::text::LINE_LIMIT).text
                    })
                    .collect()
            })
            .unwrap_or_default();
        if own.is_empty() {
            RECOMMENDATIONS.iter().map(|s| s.to_string()).collect()
        } else {
            own
        }
    }

    /// The team's actioncards, read once from `actioncards/` beside the database.
    pub fn actioncards(&mut self) -> &actioncards::CardSet {
        let dir = self
            .store
            .path()
            .parent()
            .map(|d| d.join(actioncards::CARDS_DIR))
            .unwrap_or_else(|| actioncards::CARDS_DIR.into());
        self.cards.get_or_insert_with(|| actioncards::load(&dir))
    }

    /// Meeting participants met before, newest first.
    pub fn roster(&self) -> Result<Vec<Participant>, ServiceError> {
        Ok(self.store.roster()?)
    }

    fn append(&mut self, no: CaseNo, p: EventPayload) -> Result<CaseState, ServiceError> {
        self.append_all(no, std::slice::from_ref(&p))
    }

    fn append_all(&mut self, no: CaseNo, p: &[EventPayload]) -> Result<CaseState, ServiceError> {
        let s = self
            .store
            .append(no, p, None, &self.user, self.now())
            .map_err(|e| match e {
                StoreError::NoSuchCase(n) => ServiceError::NoSuchCase(n),
                e => ServiceError::Store(e),
            })?;
        self.remember(&s);
        Ok(s)
    }

    pub fn check(&self, progress: impl FnMut(u64)) -> CheckReport {
        self.store.check(progress)
    }

    pub fn repair(&mut self) -> Result<Vec<String>, ServiceError> {
        let bad = self.store.repair()?;
        self.store.audit(&AuditEntry {
            at: self.now(),
            user: self.user.clone(),
            action: AuditAction::Repaired,
        })?;
        self.catalog = None;
        Ok(bad)
    }

    pub fn case_count(&self) -> usize {
        self.store.case_count()
    }
}
