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
//! Cost: the dictionary is built once per server, at the first redacted request, from every
//! case's state (at 100,000 cases one decode of each, as `check` does), then kept current by
//! every save (`Service::remember`). It holds each distinct name part and place once: a few
//! tens of thousands of short strings. A redacted reply is re-encoded through the redactor:
//! one pass over its text, a hash lookup per word.

use std::cell::RefCell;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Service, ServiceError};
use crate::domain::redact::{Dictionary, Redactor, wrap::Redacted};
use crate::domain::{CaseState, Event};

/// The account setting that remembers the redacted view.
pub const REDACTED_SETTING: &str = "redacted";

/// The dictionary, built on first use.
#[derive(Default)]
pub(super) struct Dict(RefCell<Option<Dictionary>>);

impl Dict {
    pub fn forget(&self) {
        self.0.replace(None);
    }

    /// Adds a saved case's names and places, once the dictionary exists (until then the
    /// build reads them from the store).
    pub fn remember(&self, s: &CaseState) {
        if let Some(d) = self.0.borrow_mut().as_mut() {
            d.add_intake(&s.intake);
        }
    }
}

impl Service {
    /// Whether replies are redacted for the projector (set per request by the server, from
    /// the console's view).
    pub fn set_redacted(&mut self, on: bool) {
        self.redacted = on;
    }

    pub fn redacted(&self) -> bool {
        self.redacted
    }

    /// The console's remembered view for this account: redacted until an explicit `R`.
    pub fn console_redacted(&self) -> Result<bool, ServiceError> {
        Ok(self
            .store
            .account_setting(&self.user, REDACTED_SETTING)?
            .is_some_and(|v| v != 0))
    }

    /// Remembers the account's view, so the next console starts in it.
    pub fn remember_redacted(&mut self, on: bool) -> Result<(), ServiceError> {
        self.redacted = on;
        Ok(self
            .store
            .set_account_setting(&self.user, REDACTED_SETTING, Some(u64::from(on)))?)
    }

    /// Builds the dictionary if this is its first use.
    fn ensure_dictionary(&self) -> Result<(), ServiceError> {
        if self.dictionary.0.borrow().is_some() {
            return Ok(());
        }
        let mut d = Dictionary::new();
        for s in self.store.summaries() {
            let s = s?;
            d.add_name(&s.name);
            d.add_place(&s.district);
            if let Some(state) = self.store.case(s.no)? {
                d.add_intake(&state.intake);
            }
        }
        self.dictionary.0.replace(Some(d));
        Ok(())
    }

    /// Runs `f` with a redactor over the whole dictionary (and `extra`, e.g. the earlier
    /// names in one case's history), the remembered participants protected.
    pub(super) fn with_redactor<R>(
        &self,
        extra: Option<&Dictionary>,
        f: impl FnOnce(&Redactor) -> R,
    ) -> Result<R, ServiceError> {
        self.ensure_dictionary()?;
        let roster = self.store.roster()?;
        let guard = self.dictionary.0.borrow();
        let base = guard
            .as_ref()
            .ok_or_else(|| ServiceError::Io("no dictionary".into()))?;
        let merged;
        let dict = match extra {
            Some(e) => {
                merged = {
                    let mut d = base.clone();
                    d.merge(e);
                    d
                };
                &merged
            }
            None => base,
        };
        Ok(f(&Redactor::new(dict, &roster)))
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
        if !self.redacted {
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
        if !self.redacted {
            return Ok(v);
        }
        let config = bincode::config::standard();
        let bytes = self.with_redactor(extra, |r| {
            bincode::serde::encode_to_vec(Redacted::new(&v, r), config)
        })?;
        let bytes = bytes.map_err(|e| ServiceError::Io(format!("redaction: {e}")))?;
        bincode::serde::decode_from_slice(&bytes, config)
            .map(|(v, _)| v)
            .map_err(|e| ServiceError::Io(format!("redaction: {e}")))
    }

    /// Text as the minutes and other redacted exports write it: always redacted.
    pub(super) fn redact_text(&self, text: &str) -> Result<String, ServiceError> {
        self.with_redactor(None, |r| r.redact(text))
    }

    /// A redacted session may not write intake text: what it was shown is not what is stored.
    pub(super) fn refuse_redacted(&self) -> Result<(), ServiceError> {
        if self.redacted {
            Err(ServiceError::Redacted)
        } else {
            Ok(())
        }
    }
}
