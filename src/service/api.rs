//! The service as the console and the command line see it: the same methods whether the
//! `Service` runs in this process (tests, the server itself) or in `infohus serve` behind a
//! socket. Screens call `Api` and never learn which.
//!
//! It also remembers, per case, the version the user last saw, and sends it with a write to
//! that case: a colleague's change in between makes the server refuse the save as a conflict
//! instead of silently writing over what the user never saw.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDate, NaiveDateTime};
use serde::de::DeserializeOwned;

use super::actioncards::CardSet;
use super::config::Config;
use super::retention::{PurgePlan, PurgeReport};
use super::{
    AuditFilter, CaseView, ExportDoc, Filed, ItemDecision, LegalDuePage, ListFilter, ListPage,
    NewMeeting, Notice, PriorMatch, QueueGroup, Service, ServiceError, WorkQueue,
};
use crate::domain::access::{Permission, Role, allowed};
use crate::domain::audit::AuditEntry;
use crate::domain::draft::{Draft, DraftId, FormKind};
use crate::domain::flow::{Command, Participant};
use crate::domain::intake::IntakeForm;
use crate::domain::legal::{LegalDue, LegalRules};
use crate::domain::meeting::{Meeting, MeetingNo};
use crate::domain::stats::{Cell, Period, Stats};
use crate::domain::{CaseNo, CaseState};
use crate::i18n::Lang;
use crate::rpc::client::{Client, Target};
use crate::rpc::wire::{Call, Request};
use crate::store::{AuditVerify, CheckReport};

pub struct Api {
    backend: Backend,
    /// The version of each case as this user last saw it.
    seen: RefCell<HashMap<CaseNo, u32>>,
}

enum Backend {
    Local(Box<Service>),
    Remote(Box<Remote>),
}

struct Remote {
    client: RefCell<Client>,
    user: String,
    roles: Vec<Role>,
    notice: Option<Notice>,
    is_demo: bool,
    /// Fetched once: cards change only when the team edits their files.
    cards: Option<CardSet>,
    fixed_now: Option<NaiveDateTime>,
}

impl From<Service> for Api {
    fn from(svc: Service) -> Api {
        Api::local(svc)
    }
}

/// Calls the method on the local service, or sends the call to the server.
macro_rules! via {
    ($self:ident, $local:ident => $e:expr, $call:expr) => {
        match &mut $self.backend {
            Backend::Local($local) => $e,
            Backend::Remote(_) => $self.remote($call),
        }
    };
}

/// As `via!` for methods that only read (`&self`).
macro_rules! via_ref {
    ($self:ident, $local:ident => $e:expr, $call:expr) => {
        match &$self.backend {
            Backend::Local($local) => $e,
            Backend::Remote(_) => $self.remote($call),
        }
    };
}

impl Api {
    pub fn local(svc: Service) -> Api {
        Api {
            backend: Backend::Local(Box::new(svc)),
            seen: RefCell::new(HashMap::new()),
        }
    }

    /// Connects to the server for `target`, starting it first in single-account mode.
    pub fn connect(target: Target) -> Result<Api, ServiceError> {
        let (client, welcome) = Client::connect(target)?;
        Ok(Api {
            backend: Backend::Remote(Box::new(Remote {
                client: RefCell::new(client),
                user: welcome.user,
                roles: welcome.roles,
                notice: welcome.notice,
                is_demo: welcome.is_demo,
                cards: None,
                fixed_now: None,
            })),
            seen: RefCell::new(HashMap::new()),
        })
    }

    /// The in-process service, when there is one (tests reach behind the console with it).
    pub fn local_service(&self) -> Option<&Service> {
        match &self.backend {
            Backend::Local(s) => Some(s),
            Backend::Remote(_) => None,
        }
    }

    pub fn local_service_mut(&mut self) -> Option<&mut Service> {
        match &mut self.backend {
            Backend::Local(s) => Some(s),
            Backend::Remote(_) => None,
        }
    }

    /// The server process this console talks to (None in-process).
    pub fn server_pid(&self) -> Option<u32> {
        match &self.backend {
            Backend::Local(_) => None,
            Backend::Remote(r) => Some(r.client.borrow().server_pid()),
        }
    }

    fn remote<T: DeserializeOwned>(&self, call: Call) -> Result<T, ServiceError> {
        let Backend::Remote(r) = &self.backend else {
            unreachable!("remote() is only called for the remote backend")
        };
        let expected = self.expected(&call);
        r.client.borrow_mut().call(&Request { expected, call })
    }

    fn expected(&self, call: &Call) -> Option<(CaseNo, u32)> {
        let no = call.target_case()?;
        self.seen.borrow().get(&no).map(|&v| (no, v))
    }

    /// Remembers the version a case on screen shows the user (`viewed`), or moves it on after
    /// the user's own write; and forgets it after a conflict: the user has been told, and
    /// saving again records the text after the change. A write to a case the user never
    /// opened (from the work queue, a meeting, a script) starts no tracking: there was no
    /// screen to be out of date.
    fn note<T>(
        &self,
        r: Result<T, ServiceError>,
        viewed: bool,
        version: impl Fn(&T) -> Option<(CaseNo, u32)>,
    ) -> Result<T, ServiceError> {
        match &r {
            Ok(v) => {
                if let Some((no, ver)) = version(v) {
                    let mut seen = self.seen.borrow_mut();
                    if viewed || seen.contains_key(&no) {
                        seen.insert(no, ver);
                    }
                }
            }
            Err(ServiceError::Conflict { no, .. }) => {
                self.seen.borrow_mut().remove(no);
            }
            Err(_) => {}
        }
        r
    }

    fn noted_state(&self, r: Result<CaseState, ServiceError>) -> Result<CaseState, ServiceError> {
        self.note(r, false, |s| Some((s.no, s.event_count)))
    }

    fn noted_view(&self, r: Result<CaseView, ServiceError>) -> Result<CaseView, ServiceError> {
        self.note(r, true, |v| Some((v.state.no, v.state.event_count)))
    }

    // --- identity and clock -----------------------------------------------------------

    pub fn user(&self) -> &str {
        match &self.backend {
            Backend::Local(s) => s.user(),
            Backend::Remote(r) => &r.user,
        }
    }

    pub fn roles(&self) -> &[Role] {
        match &self.backend {
            Backend::Local(s) => s.roles(),
            Backend::Remote(r) => &r.roles,
        }
    }

    /// Whether the account's roles allow `p`; the server checks again on every call.
    pub fn may(&self, p: Permission) -> bool {
        allowed(self.roles(), p)
    }

    pub fn take_notice(&mut self) -> Option<Notice> {
        match &mut self.backend {
            Backend::Local(s) => s.take_notice(),
            Backend::Remote(r) => r.notice.take(),
        }
    }

    pub fn set_now(&mut self, now: NaiveDateTime) {
        match &mut self.backend {
            Backend::Local(s) => s.set_now(now),
            Backend::Remote(r) => r.fixed_now = Some(now),
        }
    }

    pub fn now(&self) -> NaiveDateTime {
        match &self.backend {
            Backend::Local(s) => s.now(),
            Backend::Remote(r) => r.fixed_now.unwrap_or_else(|| Local::now().naive_local()),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    pub fn is_demo(&self) -> bool {
        match &self.backend {
            Backend::Local(s) => s.is_demo(),
            Backend::Remote(r) => r.is_demo,
        }
    }

    /// Makes every acknowledged save durable before the console exits. Over the socket the
    /// server acknowledges only durable saves, so there is nothing left to do.
    pub fn flush(&self) {
        if let Backend::Local(s) = &self.backend {
            let _ = s.store().flush();
        }
    }

    /// A number that moves whenever a case or meeting changes, whoever changed it.
    pub fn changes(&self) -> Result<u64, ServiceError> {
        via_ref!(self, s => Ok(s.changes()), Call::Changes)
    }

    // --- work queue, list, search -----------------------------------------------------

    pub fn work_queue(&self) -> Result<WorkQueue, ServiceError> {
        via_ref!(self, s => s.work_queue(), Call::WorkQueue)
    }

    pub fn due(&self, days: u32) -> Result<Vec<QueueGroup>, ServiceError> {
        via_ref!(self, s => s.due(days), Call::Due { days })
    }

    pub fn load_catalog(&mut self) -> Result<(), ServiceError> {
        via!(self, s => s.load_catalog(), Call::LoadCatalog)
    }

    pub fn list(
        &mut self,
        filter: &ListFilter,
        offset: usize,
        limit: usize,
    ) -> Result<ListPage, ServiceError> {
        via!(self, s => s.list(filter, offset, limit), Call::List {
            filter: filter.clone(),
            offset,
            limit,
        })
    }

    pub fn count(&mut self, filter: &ListFilter) -> Result<usize, ServiceError> {
        via!(self, s => s.count(filter), Call::Count { filter: filter.clone() })
    }

    pub fn prior_matches(
        &mut self,
        form: &IntakeForm,
        exclude: Option<CaseNo>,
        limit: usize,
    ) -> Result<Vec<PriorMatch>, ServiceError> {
        via!(self, s => s.prior_matches(form, exclude, limit), Call::PriorMatches {
            form: Box::new(form.clone()),
            exclude,
            limit,
        })
    }

    pub fn commit_search(&self, query: &str) -> Result<(), ServiceError> {
        via_ref!(self, s => s.commit_search(query), Call::CommitSearch {
            query: query.to_string(),
        })
    }

    // --- cases ------------------------------------------------------------------------

    pub fn case(&self, no: CaseNo) -> Result<CaseView, ServiceError> {
        let r = via_ref!(self, s => s.case(no), Call::Case { no });
        self.noted_view(r)
    }

    pub fn reload_case(&self, no: CaseNo) -> Result<CaseView, ServiceError> {
        let r = via_ref!(self, s => s.reload_case(no), Call::ReloadCase { no });
        self.noted_view(r)
    }

    pub fn case_summary(&self, no: CaseNo) -> Result<CaseView, ServiceError> {
        via_ref!(self, s => s.case_summary(no), Call::CaseSummary { no })
    }

    pub fn reveal_cpr(&self, no: CaseNo) -> Result<Option<String>, ServiceError> {
        via_ref!(self, s => s.reveal_cpr(no), Call::RevealCpr { no })
    }

    pub fn case_count(&self) -> Result<usize, ServiceError> {
        via_ref!(self, s => Ok(s.case_count()), Call::CaseCount)
    }

    pub fn add_note(&mut self, no: CaseNo, text: &str) -> Result<CaseState, ServiceError> {
        let r = self.write(
            Call::AddNote {
                no,
                text: text.to_string(),
            },
            |s| s.add_note(no, text),
        );
        self.noted_state(r)
    }

    pub fn set_next_date(
        &mut self,
        no: CaseNo,
        date: NaiveDate,
        reason: &str,
    ) -> Result<CaseState, ServiceError> {
        let r = self.write(
            Call::SetNextDate {
                no,
                date,
                reason: reason.to_string(),
            },
            |s| s.set_next_date(no, date, reason),
        );
        self.noted_state(r)
    }

    pub fn link(&mut self, no: CaseNo, other: CaseNo) -> Result<CaseState, ServiceError> {
        let r = self.write(Call::Link { no, other }, |s| s.link(no, other));
        self.noted_state(r)
    }

    pub fn record(
        &mut self,
        no: CaseNo,
        cmd: Command,
        next_date: Option<NaiveDate>,
    ) -> Result<CaseState, ServiceError> {
        self.record_draft(no, cmd, next_date, None)
    }

    /// As `record`, removing the form's draft in the same save.
    pub fn record_draft(
        &mut self,
        no: CaseNo,
        cmd: Command,
        next_date: Option<NaiveDate>,
        draft: Option<DraftId>,
    ) -> Result<CaseState, ServiceError> {
        let call = Call::Record {
            no,
            cmd: cmd.clone(),
            next_date,
            draft,
        };
        let r = self.write(call, move |s| s.record_draft(no, cmd, next_date, draft));
        self.noted_state(r)
    }

    pub fn legal_hold(
        &mut self,
        no: CaseNo,
        place: bool,
        reason: &str,
    ) -> Result<CaseState, ServiceError> {
        let r = self.write(
            Call::LegalHold {
                no,
                place,
                reason: reason.to_string(),
            },
            |s| s.legal_hold(no, place, reason),
        );
        self.noted_state(r)
    }

    /// A write: in-process, the version the user saw is checked as the server would.
    fn write<T: DeserializeOwned>(
        &mut self,
        call: Call,
        local: impl FnOnce(&mut Service) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        let expected = self.expected(&call);
        match &mut self.backend {
            Backend::Local(s) => {
                s.set_expected(expected);
                let r = local(s);
                s.set_expected(None);
                r
            }
            Backend::Remote(_) => self.remote(call),
        }
    }

    // --- drafts and filing --------------------------------------------------------------

    pub fn drafts(&self) -> Result<Vec<Draft>, ServiceError> {
        via_ref!(self, s => s.drafts(), Call::Drafts)
    }

    pub fn draft(&self, id: DraftId) -> Result<Option<Draft>, ServiceError> {
        via_ref!(self, s => s.draft(id), Call::Draft { id })
    }

    pub fn new_draft(&self, kind: FormKind, case: Option<CaseNo>) -> Result<Draft, ServiceError> {
        via_ref!(self, s => s.new_draft(kind, case), Call::NewDraft { kind, case })
    }

    /// Saves the draft durably; its `updated_at` is the server's.
    pub fn save_draft(&self, d: &mut Draft) -> Result<(), ServiceError> {
        match &self.backend {
            Backend::Local(s) => s.save_draft(d),
            Backend::Remote(_) => {
                let saved: Draft = self.remote(Call::SaveDraft { draft: d.clone() })?;
                d.updated_at = saved.updated_at;
                Ok(())
            }
        }
    }

    pub fn discard_draft(&self, id: DraftId) -> Result<(), ServiceError> {
        via_ref!(self, s => s.discard_draft(id), Call::DiscardDraft { id })
    }

    pub fn file(&mut self, d: &Draft) -> Result<Filed, ServiceError> {
        let r = self.write(Call::File { draft: d.clone() }, |s| s.file(d));
        self.note(r, false, |f| match f {
            Filed::New(s) | Filed::Edited(s) => Some((s.no, s.event_count)),
            Filed::Unchanged(_) => None,
        })
    }

    /// Adds the concern typed in draft `d` to case `no` as a follow-up call (see
    /// `Service::add_contact`). No version check: a contact only adds to the case.
    pub fn add_contact(&mut self, d: &Draft, no: CaseNo) -> Result<CaseState, ServiceError> {
        let r = self.write(
            Call::AddContact {
                draft: d.clone(),
                no,
            },
            |s| s.add_contact(d, no),
        );
        self.noted_state(r)
    }

    // --- lists the forms offer ----------------------------------------------------------

    pub fn recommendations(&self) -> Vec<String> {
        match &self.backend {
            Backend::Local(s) => s.recommendations(),
            Backend::Remote(_) => self.remote(Call::Recommendations).unwrap_or_else(|_| {
                crate::domain::flow::RECOMMENDATIONS
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            }),
        }
    }

    pub fn actioncards(&mut self) -> &CardSet {
        if let Backend::Remote(r) = &self.backend
            && r.cards.is_none()
        {
            let cards = self
                .remote::<CardSet>(Call::Actioncards)
                .unwrap_or_default();
            if let Backend::Remote(r) = &mut self.backend {
                r.cards = Some(cards);
            }
        }
        match &mut self.backend {
            Backend::Local(s) => s.actioncards(),
            Backend::Remote(r) => r.cards.get_or_insert_with(CardSet::default),
        }
    }

    pub fn roster(&self) -> Result<Vec<Participant>, ServiceError> {
        via_ref!(self, s => s.roster(), Call::Roster)
    }

    /// Names to offer for "responsible"; without the server, at least the user.
    pub fn people(&self) -> Vec<String> {
        match &self.backend {
            Backend::Local(s) => s.people(),
            Backend::Remote(r) => self
                .remote(Call::People)
                .unwrap_or_else(|_| vec![r.user.clone()]),
        }
    }

    // --- checking, audit, accounts ------------------------------------------------------

    pub fn check(&self, progress: impl FnMut(u64)) -> Result<CheckReport, ServiceError> {
        via_ref!(self, s => Ok(s.check(progress)), Call::Check)
    }

    pub fn repair(&mut self) -> Result<Vec<String>, ServiceError> {
        via!(self, s => s.repair(), Call::Repair)
    }

    /// Acknowledged saves the database lost in a crash (found when it was opened).
    pub fn lost_saves(&self) -> Result<u64, ServiceError> {
        via_ref!(self, s => Ok(s.store().lost_saves()), Call::LostSaves)
    }

    pub fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<(u64, AuditEntry)>, ServiceError> {
        via_ref!(self, s => s.audit_log(filter), Call::AuditLog { filter: filter.clone() })
    }

    pub fn verify_audit(&self) -> Result<AuditVerify, ServiceError> {
        via_ref!(self, s => s.verify_audit(), Call::VerifyAudit)
    }

    pub fn users(&self) -> Result<super::users::Users, ServiceError> {
        via_ref!(self, s => s.users(), Call::Users)
    }

    pub fn set_user(
        &self,
        account: &str,
        roles: &[Role],
        create: bool,
    ) -> Result<(), ServiceError> {
        via_ref!(self, s => s.set_user(account, roles, create), Call::SetUser {
            account: account.to_string(),
            roles: roles.to_vec(),
            create,
        })
    }

    pub fn remove_user(&self, account: &str) -> Result<(), ServiceError> {
        via_ref!(self, s => s.remove_user(account), Call::RemoveUser {
            account: account.to_string(),
        })
    }

    // --- export, backup, demo -------------------------------------------------------------

    pub fn export(&self, progress: impl FnMut(u64)) -> Result<ExportDoc, ServiceError> {
        via_ref!(self, s => s.export(progress), Call::Export)
    }

    /// Writes a backup into `dir` as the server's account; returns the number of files.
    pub fn backup(&self, dir: &Path, progress: impl FnMut(u64)) -> Result<usize, ServiceError> {
        via_ref!(self, s => s.backup_files(dir, progress),
            // The server may run in another directory: the path it is given must not be relative.
            Call::Backup { dir: crate::rpc::socket::absolute(dir) })
    }

    pub fn fill_demo(
        &mut self,
        count: usize,
        seed: u64,
        progress: impl FnMut(u64),
    ) -> Result<u64, ServiceError> {
        let r = via!(self, s => s.fill_demo(count, seed, progress), Call::FillDemo { count, seed });
        // The server marked the database as demo data; the badge must say so from now on.
        if r.is_ok()
            && let Backend::Remote(remote) = &mut self.backend
        {
            remote.is_demo = true;
        }
        r
    }

    // --- legal, retention, settings ---------------------------------------------------------

    pub fn legal_rules(&self) -> Result<LegalRules, ServiceError> {
        via_ref!(self, s => s.legal_rules(), Call::LegalRules)
    }

    pub fn legal_due_page(
        &self,
        now: NaiveDateTime,
        limit: usize,
    ) -> Result<LegalDuePage, ServiceError> {
        via_ref!(self, s => s.legal_due_page(now, limit), Call::LegalDuePage { now, limit })
    }

    pub fn legal_items(&self, state: &CaseState) -> Result<Vec<LegalDue>, ServiceError> {
        via_ref!(self, s => s.legal_items(state), Call::LegalItems {
            state: Box::new(state.clone()),
        })
    }

    pub fn config(&self) -> Result<Config, ServiceError> {
        via_ref!(self, s => s.config(), Call::Config)
    }

    pub fn purge_plan(&self) -> Result<PurgePlan, ServiceError> {
        via_ref!(self, s => s.purge_plan(), Call::PurgePlan)
    }

    pub fn purge(&mut self, progress: impl FnMut(u64)) -> Result<PurgeReport, ServiceError> {
        via!(self, s => s.purge(progress), Call::Purge)
    }

    // --- statistics -------------------------------------------------------------------------

    pub fn stats(&self, period: Period) -> Result<Stats, ServiceError> {
        via_ref!(self, s => s.stats(period), Call::Stats { period })
    }

    pub fn overdue_series(&self) -> Result<Vec<(NaiveDate, Option<Cell>)>, ServiceError> {
        via_ref!(self, s => s.overdue_series(), Call::OverdueSeries)
    }

    // --- meetings ---------------------------------------------------------------------------

    pub fn create_meeting(&mut self, m: NewMeeting) -> Result<Meeting, ServiceError> {
        via!(self, s => s.create_meeting(m), Call::CreateMeeting { meeting: m })
    }

    pub fn meeting(&self, no: MeetingNo) -> Result<Meeting, ServiceError> {
        via_ref!(self, s => s.meeting(no), Call::Meeting { no })
    }

    pub fn meetings(&self) -> Result<Vec<Meeting>, ServiceError> {
        via_ref!(self, s => s.meetings(), Call::Meetings)
    }

    pub fn decide_item(
        &mut self,
        no: MeetingNo,
        index: usize,
        d: ItemDecision,
    ) -> Result<Meeting, ServiceError> {
        via!(self, s => s.decide_item(no, index, d), Call::DecideItem {
            no,
            index,
            decision: d,
        })
    }

    pub fn add_general_item(&mut self, no: MeetingNo, text: &str) -> Result<Meeting, ServiceError> {
        via!(self, s => s.add_general_item(no, text), Call::AddGeneralItem {
            no,
            text: text.to_string(),
        })
    }

    pub fn topics(&self) -> Result<Vec<String>, ServiceError> {
        via_ref!(self, s => s.topics(), Call::Topics)
    }

    pub fn save_topic(&mut self, topic: &str) -> Result<(), ServiceError> {
        via!(self, s => s.save_topic(topic), Call::SaveTopic {
            topic: topic.to_string(),
        })
    }

    pub fn write_minutes(&self, no: MeetingNo, lang: Lang) -> Result<PathBuf, ServiceError> {
        via_ref!(self, s => s.write_minutes(no, lang), Call::WriteMinutes { no, lang })
    }

    pub fn audit_minutes(&self, no: MeetingNo) -> Result<(), ServiceError> {
        via_ref!(self, s => s.audit_minutes(no), Call::AuditMinutes { no })
    }

    pub fn agenda_cases(
        &self,
        m: &Meeting,
        audit: bool,
    ) -> Result<Vec<Option<CaseState>>, ServiceError> {
        via_ref!(self, s => s.agenda_cases(m, audit), Call::AgendaCases {
            meeting: Box::new(m.clone()),
            audit,
        })
    }

    pub fn minutes(&self, no: MeetingNo, lang: Lang) -> Result<String, ServiceError> {
        via_ref!(self, s => s.minutes(no, lang), Call::Minutes { no, lang })
    }
}
