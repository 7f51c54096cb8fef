//! Redacted sessions: the projector's console asks for every reply redacted, and the service
//! redacts it before it leaves — in the server, so names never reach the client that draws
//! them, and no screen, form or list can forget a field.
//!
//! Why here and not in the console: the dictionary is every name and place in the database.
//! Sending it to the console to redact there would hand the projector's process the very list
//! it must not show; and a console that redacts must redact in every screen it ever gets,
//! while a reply redacted here carries nothing to forget. The console still hides whole fields
//! (CPR, birth date, reporter, address) in redacted view; the service blanks CPR numbers and
//! redacts every text, including free text, with the dictionary.
//!
//! Cost: the dictionary is built once per server (it lives in the shared `Core`), at the first
//! redacted request, from every case's state — at 100,000 cases one decode of each, as `check`
//! does — and then kept current by every save (`Service::remember`). It holds each distinct
//! name part and place once: tens of thousands of short strings, a few megabytes. A redacted
//! reply is re-encoded through the redactor: one pass over its text, a hash lookup per word.

use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Service, ServiceError};
use crate::domain::redact::{Dictionary, Redactor, wrap::Redacted};
use crate::domain::{CaseState, Event};

/// The account setting that remembers the redacted view.
pub const REDACTED_SETTING: &str = "redacted";

/// The dictionary, built on first use; shared by every connection.
#[derive(Default)]
pub(super) struct Dict(Mutex<Option<Dictionary>>);

impl Dict {
    fn lock(&self) -> MutexGuard<'_, Option<Dictionary>> {
        // A panic inside one request must not take redaction down for every later one.
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// After a change to many cases at once (import, repair, demo data): rebuilt when next
    /// needed.
    pub fn forget(&self) {
        *self.lock() = None;
    }

    /// Adds a saved case's names and places, once the dictionary exists (until then the
    /// build reads them from the store). It only grows: a name edited away stays hidden.
    pub fn remember(&self, s: &CaseState) {
        if let Some(d) = self.lock().as_mut() {
            d.add_intake(&s.intake);
        }
    }
}

impl Service {
    /// Whether replies are redacted for the projector. The server sets it for each request
    /// from the console's view (`redacting`); a test or script may set it for good.
    pub fn set_redacted(&self, on: bool) {
        self.session.redacted.set(on);
    }

    pub fn redacted(&self) -> bool {
        self.session.redacted.get()
    }

    /// Runs `f` with replies redacted as `on` says, then restores the session's own setting.
    pub fn redacting<T>(&self, on: bool, f: impl FnOnce(&Self) -> T) -> T {
        let before = self.session.redacted.replace(on);
        let r = f(self);
        self.session.redacted.set(before);
        r
    }

    /// The console's remembered view for this account: redacted until an explicit `R`.
    pub fn console_redacted(&self) -> Result<bool, ServiceError> {
        Ok(self
            .core
            .store
            .account_setting(&self.session.user, REDACTED_SETTING)?
            .is_some_and(|v| v != 0))
    }

    /// Remembers the account's view, so the next console starts in it.
    pub fn remember_redacted(&self, on: bool) -> Result<(), ServiceError> {
        self.set_redacted(on);
        Ok(self.core.store.set_account_setting(
            &self.session.user,
            REDACTED_SETTING,
            Some(u64::from(on)),
        )?)
    }

    /// The dictionary of every name and place in the database, built on first use.
    fn build_dictionary(&self) -> Result<Dictionary, ServiceError> {
        let store = &self.core.store;
        let mut d = Dictionary::new();
        for s in store.summaries() {
            let s = s?;
            d.add_name(&s.name);
            d.add_place(&s.district);
            if let Some(state) = store.case(s.no)? {
                d.add_intake(&state.intake);
            }
        }
        Ok(d)
    }

    /// Runs `f` with a redactor over the whole dictionary (and `extra`, e.g. the earlier
    /// names in one case's history), the remembered participants protected.
    fn with_redactor<R>(
        &self,
        extra: Option<&Dictionary>,
        f: impl FnOnce(&Redactor) -> R,
    ) -> Result<R, ServiceError> {
        let roster = self.core.store.roster()?;
        let mut guard = self.core.dictionary.lock();
        if guard.is_none() {
            *guard = Some(self.build_dictionary()?);
        }
        let base = guard
            .as_ref()
            .ok_or_else(|| ServiceError::Io("the redaction dictionary is missing".into()))?;
        Ok(f(&Redactor::with_extra(base, extra, &roster)))
    }

    /// A reply as this session may see it: unchanged, or for a redacted session with every
    /// text redacted and every CPR number blanked.
    pub(super) fn shown<T: Serialize + DeserializeOwned>(&self, v: T) -> Result<T, ServiceError> {
        self.shown_with(v, None)
    }

    /// `shown`, with a case's history: names it had before an edit are redacted too.
    pub(super) fn shown_case<T: Serialize + DeserializeOwned>(
        &self,
        v: T,
        events: &[Event],
    ) -> Result<T, ServiceError> {
        if !self.redacted() {
            return Ok(v);
        }
        let mut extra = Dictionary::new();
        extra.add_events(events);
        self.shown_with(v, Some(&extra))
    }

    fn shown_with<T: Serialize + DeserializeOwned>(
        &self,
        v: T,
        extra: Option<&Dictionary>,
    ) -> Result<T, ServiceError> {
        if !self.redacted() {
            return Ok(v);
        }
        self.redact_value(v, extra)
    }

    /// A value as the minutes write it: redacted whatever the session, since the minutes
    /// leave the database (a file, a printout, a projector).
    pub(super) fn redacted_always<T: Serialize + DeserializeOwned>(
        &self,
        v: T,
    ) -> Result<T, ServiceError> {
        self.redact_value(v, None)
    }

    fn redact_value<T: Serialize + DeserializeOwned>(
        &self,
        v: T,
        extra: Option<&Dictionary>,
    ) -> Result<T, ServiceError> {
        let config = bincode::config::standard();
        let bytes = self.with_redactor(extra, |r| {
            bincode::serde::encode_to_vec(Redacted::new(&v, r), config)
        })?;
        let bytes = bytes.map_err(|e| ServiceError::Io(format!("redaction: {e}")))?;
        bincode::serde::decode_from_slice(&bytes, config)
            .map(|(v, _)| v)
            .map_err(|e| ServiceError::Io(format!("redaction: {e}")))
    }

    /// A redacted session keeps drafts of every form but the intake: a decision typed at the
    /// meeting (and the case forms opened from it) is the chair's own fresh text, kept on every
    /// key like any other; the intake's text is what a redacted screen would write back.
    pub(super) fn refuse_redacted_draft(
        &self,
        kind: crate::domain::draft::FormKind,
    ) -> Result<(), ServiceError> {
        if kind == crate::domain::draft::FormKind::Intake {
            self.refuse_redacted()
        } else {
            Ok(())
        }
    }

    /// A redacted session may not write intake text: what it was shown is not what is stored.
    pub(super) fn refuse_redacted(&self) -> Result<(), ServiceError> {
        if self.redacted() {
            Err(ServiceError::Redacted)
        } else {
            Ok(())
        }
    }
}
