//! Identity, roles and the audit trail as the service applies them. Every request checks its
//! permission here, in the service, so that the console, the command line and a later socket
//! server refuse the same things.

use super::users::Users;
use super::{Service, ServiceError};
use crate::domain::CaseNo;
use crate::domain::access::{Permission, Role, allowed};
use crate::domain::audit::{AuditAction, AuditEntry, Viewer, last_other_viewer};
use crate::store::AuditVerify;

/// Told to the user once, right after opening.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Notice {
    /// There was no `users.toml`: this account was made admin and coordinator.
    FirstAdmin { account: String },
}

/// Which entries `audit_log` lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditFilter {
    pub case: Option<CaseNo>,
    pub user: Option<String>,
}

impl Service {
    /// Reads the account's roles. An account not listed is refused, and the refusal is in
    /// the audit log before the error is returned; every accepted opening is a login there.
    pub(super) fn log_in(&mut self) -> Result<(), ServiceError> {
        let db = self.core.store.path().to_path_buf();
        if Users::load(&db)?.is_none() {
            let mut u = Users::default();
            let first = vec![Role::Admin, Role::Coordinator];
            u.set(&self.session.user, first.clone(), true)?;
            u.save(&db)?;
            self.audit_unchecked(AuditAction::UsersChanged {
                account: self.session.user.clone(),
                roles: first,
            })?;
            self.session.notice = Some(Notice::FirstAdmin {
                account: self.session.user.clone(),
            });
        }
        match self.listed_roles()? {
            Some(roles) => {
                *self.session.roles.borrow_mut() = roles;
                self.audit_unchecked(AuditAction::Login)
            }
            None => {
                self.audit_unchecked(AuditAction::LoginRefused)?;
                Err(ServiceError::UnknownAccount(self.session.user.clone()))
            }
        }
    }

    /// The account's roles as `users.toml` lists them now; `None` when it is not listed.
    fn listed_roles(&self) -> Result<Option<Vec<Role>>, ServiceError> {
        let users = self.core.users()?;
        Ok(users
            .as_deref()
            .and_then(|u| u.roles(&self.session.user))
            .map(<[Role]>::to_vec))
    }

    /// Takes the account's roles from `users.toml` as it is now, before a request: a change
    /// (by `infohus users` or by hand) holds from the next request of every connection. An
    /// account no longer listed is refused — the first refusal of a session is logged as a
    /// refused login — and a demoted one has only its new roles.
    pub fn refresh_roles(&self) -> Result<(), ServiceError> {
        match self.listed_roles()? {
            Some(roles) => {
                let mut current = self.session.roles.borrow_mut();
                if *current != roles {
                    *current = roles;
                }
                self.session.removed.set(false);
                Ok(())
            }
            None => {
                self.session.roles.borrow_mut().clear();
                if !self.session.removed.replace(true) {
                    self.audit_unchecked(AuditAction::LoginRefused)?;
                }
                Err(ServiceError::UnknownAccount(self.session.user.clone()))
            }
        }
    }

    /// The account's roles, as of this session's last request.
    pub fn roles(&self) -> Vec<Role> {
        self.session.roles.borrow().clone()
    }

    pub fn may(&self, p: Permission) -> bool {
        allowed(&self.session.roles.borrow(), p)
    }

    /// Refuses the request unless the account's roles allow it.
    pub fn require(&self, p: Permission) -> Result<(), ServiceError> {
        if self.may(p) {
            Ok(())
        } else {
            Err(ServiceError::Denied(p))
        }
    }

    /// What to tell the user once after opening, taken so it is told only once.
    pub fn take_notice(&mut self) -> Option<Notice> {
        self.session.notice.take()
    }

    fn audit_unchecked(&self, action: AuditAction) -> Result<(), ServiceError> {
        Ok(self.core.store.audit(&AuditEntry {
            at: self.now(),
            user: self.session.user.clone(),
            action,
        })?)
    }

    /// Writes an entry for an action done elsewhere (e.g. `AuditAction::Minutes` when minutes
    /// are produced); durable when this returns, so call it before handing the result out.
    /// Changes to cases need no call: the store writes their entries with the change.
    /// A read sent again after a broken connection (see `Service::serving`) has been logged
    /// already and is not logged twice.
    pub fn audit(&self, action: AuditAction) -> Result<(), ServiceError> {
        if self.session.resent.get() {
            return Ok(());
        }
        self.audit_unchecked(action)?;
        if let Some(id) = self.session.request.get() {
            self.session.audited.set(Some(id));
        }
        Ok(())
    }

    /// A search the user committed to: the console calls this when a result is opened or the
    /// search field is left, not on every keystroke (that would log every prefix typed).
    pub fn commit_search(&self, query: &str) -> Result<(), ServiceError> {
        self.require(Permission::Cases)?;
        let query = query.trim();
        if query.is_empty() {
            return Ok(());
        }
        self.audit(AuditAction::Searched {
            query: query.to_string(),
        })
    }

    /// Reloads the case this session has open without a new view entry; any other case is
    /// opened (and logged) as `case` does.
    pub fn reload_case(&self, no: CaseNo) -> Result<super::CaseView, ServiceError> {
        if self.session.viewing.get() != Some(no) {
            return self.case(no);
        }
        self.require(Permission::Cases)?;
        let mut view = self.case_unaudited(no)?;
        view.last_viewed = self.last_viewed_by_other(no)?;
        self.shown_view(view)
    }

    /// The case summary for journalising elsewhere; logged as a summary, not as a view.
    pub fn case_summary(&self, no: CaseNo) -> Result<super::CaseView, ServiceError> {
        self.require(Permission::Cases)?;
        let view = self.case_unaudited(no)?;
        self.audit(AuditAction::Summary { case: no })?;
        self.shown_view(view)
    }

    /// The case for a draft answer to the person's request for access (GDPR art. 15): logged
    /// as that, its own action, not as a view of the case.
    pub fn access_request(&self, no: CaseNo) -> Result<super::CaseView, ServiceError> {
        self.require(Permission::Cases)?;
        let view = self.case_unaudited(no)?;
        self.audit(AuditAction::AccessRequest { case: no })?;
        Ok(view)
    }

    /// Who opened the case last, other than this user; only for those with oversight.
    pub(super) fn last_viewed_by_other(&self, no: CaseNo) -> Result<Option<Viewer>, ServiceError> {
        if !self.may(Permission::Oversight) {
            return Ok(None);
        }
        let viewers = self.core.store.viewers(no)?;
        Ok(last_other_viewer(&viewers, &self.session.user).cloned())
    }

    /// Entries of the audit log, numbered from 1, oldest first.
    pub fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<(u64, AuditEntry)>, ServiceError> {
        self.require(Permission::Oversight)?;
        let mut out = Vec::new();
        for r in self.core.store.audit_log() {
            let (no, e) = r?;
            let case_ok = filter.case.is_none_or(|c| e.action.case() == Some(c));
            let user_ok = filter.user.as_deref().is_none_or(|u| e.user == u);
            if case_ok && user_ok {
                out.push((no, e));
            }
        }
        Ok(out)
    }

    /// Checks the audit log's hash chain from the start.
    pub fn verify_audit(&self) -> Result<AuditVerify, ServiceError> {
        self.require(Permission::Oversight)?;
        Ok(self.core.store.verify_audit())
    }

    /// The accounts in `users.toml` (admin only).
    pub fn users(&self) -> Result<Users, ServiceError> {
        self.require(Permission::Users)?;
        Ok(Users::load(self.core.store.path())?.unwrap_or_default())
    }

    /// Adds an account (`create`) or replaces an account's roles; written, then logged.
    pub fn set_user(
        &self,
        account: &str,
        roles: &[Role],
        create: bool,
    ) -> Result<(), ServiceError> {
        self.require(Permission::Users)?;
        let mut users = self.users()?;
        users.set(account, roles.to_vec(), create)?;
        users.save(self.core.store.path())?;
        self.audit(AuditAction::UsersChanged {
            account: account.to_string(),
            roles: users
                .roles(account)
                .map(<[Role]>::to_vec)
                .unwrap_or_default(),
        })
    }

    pub fn remove_user(&self, account: &str) -> Result<(), ServiceError> {
        self.require(Permission::Users)?;
        let mut users = self.users()?;
        users.remove(account)?;
        users.save(self.core.store.path())?;
        self.audit(AuditAction::UsersChanged {
            account: account.to_string(),
            roles: Vec::new(),
        })
    }
}
