//! The one facade the console and the command line call: the same methods whether the
//! `Service` runs in this process (tests, the bench) or in `infohus serve` behind a socket.
//! Screens call `Api` and never learn which.
//!
//! Every call's method is made from the list in `rpc::calls` (`facade!` below): it builds the
//! call's message and runs it — in-process by `Message::run` on the local service, the very
//! code the server runs for it; remotely by the client, which decodes the reply as the
//! message's own reply type. Besides those, only what is the client's own: who is logged in,
//! the clock, the action cards it keeps, the server's process.
//!
//! It also remembers, per case, the version the user last saw, and sends it with a write to
//! that case: a colleague's change in between makes the server refuse the save as a conflict
//! instead of silently writing over what the user never saw.

use std::cell::{self, RefCell};
use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Local, NaiveDate, NaiveDateTime};

use crate::domain::access::{Permission, Role, allowed};
use crate::rpc::calls::prelude::*;
use crate::rpc::calls::{self, Arg, Message, with_calls};
use crate::rpc::client::{Client, Target};
use crate::service::{Asked, Notice};

pub struct Api {
    backend: Backend,
    /// The version of each case as this user last saw it.
    seen: RefCell<HashMap<CaseNo, u32>>,
    /// The team's action cards, fetched when first shown and again after the pulse reports
    /// that their files changed (`forget_cards_unless`).
    cards: RefCell<Option<Arc<CardSet>>>,
    /// A call was refused because the account is no longer in `users.toml`.
    removed: cell::Cell<bool>,
    /// Every reply redacted, for the projector (see `service::redaction`). Sent with each
    /// request, so a reconnected server redacts from its first reply.
    redacted: cell::Cell<bool>,
}

enum Backend {
    Local(Box<Service>),
    Remote(Box<Remote>),
}

struct Remote {
    client: RefCell<Client>,
    user: String,
    /// As the server last said (at the hello, then every pulse); the server checks again on
    /// every call.
    roles: RefCell<Vec<Role>>,
    notice: Option<Notice>,
    fixed_now: Option<NaiveDateTime>,
}

impl From<Service> for Api {
    fn from(svc: Service) -> Api {
        Api::local(svc)
    }
}

/// The facade method of every call in the list: takes the arguments (each as the type that
/// travels or a reference to it), and a progress callback for a `[progress]` call.
macro_rules! facade {
    ($(
        $(#[$doc:meta])*
        $kind:ident $msg:ident $name:ident ($($arg:ident: $ty:ty),* $(,)?) -> $reply:ty
            $([$($flag:tt)*])?;
    )*) => {
        impl Api {
            $(facade_method! {
                $(#[$doc])* $msg $name ($($arg: $ty),*) -> $reply $([$($flag)*])?
            })*
        }
    };
}

macro_rules! facade_method {
    ($(#[$doc:meta])* $msg:ident $name:ident ($($arg:ident: $ty:ty),*) -> $reply:ty [progress]) => {
        $(#[$doc])*
        pub fn $name(
            &self,
            $($arg: impl Arg<$ty>,)*
            mut progress: impl FnMut(u64),
        ) -> Result<$reply, ServiceError> {
            self.call(calls::$msg { $($arg: $arg.into_wire(),)* }, &mut std::io::sink(), &mut progress)
        }
    };
    ($(#[$doc:meta])* $msg:ident $name:ident ($($arg:ident: $ty:ty),*) -> $reply:ty [stream]) => {
        $(#[$doc])*
        pub fn $name(
            &self,
            $($arg: impl Arg<$ty>,)*
            out: &mut dyn std::io::Write,
            mut progress: impl FnMut(u64),
        ) -> Result<$reply, ServiceError> {
            self.call(calls::$msg { $($arg: $arg.into_wire(),)* }, out, &mut progress)
        }
    };
    ($(#[$doc:meta])* $msg:ident $name:ident ($($arg:ident: $ty:ty),*) -> $reply:ty
        $([$($flag:tt)*])?) => {
        $(#[$doc])*
        pub fn $name(&self, $($arg: impl Arg<$ty>),*) -> Result<$reply, ServiceError> {
            self.call(calls::$msg { $($arg: $arg.into_wire(),)* }, &mut std::io::sink(), &mut |_| {})
        }
    };
}

with_calls!(facade);

impl Api {
    pub fn local(svc: Service) -> Api {
        Api {
            backend: Backend::Local(Box::new(svc)),
            seen: RefCell::new(HashMap::new()),
            cards: RefCell::new(None),
            removed: cell::Cell::new(false),
            redacted: cell::Cell::new(false),
        }
    }

    /// Connects to the server for `target`, starting it first in single-account mode.
    pub fn connect(target: Target) -> Result<Api, ServiceError> {
        let (client, welcome) = Client::connect(target)?;
        Ok(Api {
            backend: Backend::Remote(Box::new(Remote {
                client: RefCell::new(client),
                user: welcome.user,
                roles: RefCell::new(welcome.roles),
                notice: welcome.notice,
                fixed_now: None,
            })),
            seen: RefCell::new(HashMap::new()),
            cards: RefCell::new(None),
            removed: cell::Cell::new(false),
            redacted: cell::Cell::new(false),
        })
    }

    /// Runs one call: on the local service, or on the server. The version of the case the
    /// call writes to goes with it, as the user last saw it; the reply's version is noted.
    fn call<M: Message>(
        &self,
        msg: M,
        out: &mut dyn std::io::Write,
        progress: &mut dyn FnMut(u64),
    ) -> Result<M::Reply, ServiceError> {
        let expected = msg
            .target_case()
            .and_then(|no| self.seen.borrow().get(&no).map(|&v| (no, v)));
        let r = match &self.backend {
            Backend::Local(s) => {
                let asked = Asked {
                    expected,
                    id: None,
                    read: M::KIND == calls::Kind::Read,
                };
                s.redacting(self.redacted.get(), |s| {
                    s.serving(asked, |s| msg.run(s, out, progress))
                })
            }
            Backend::Remote(r) => {
                r.client
                    .borrow_mut()
                    .call(expected, self.redacted.get(), msg, out, progress)
            }
        };
        self.note::<M>(&r);
        r
    }

    /// Remembers the version a case on screen shows the user (a `[views]` call), or moves it
    /// on after the user's own write; and forgets it after a conflict: the user has been
    /// told, and saving again records the text after the change. A write to a case the user
    /// never opened (from the work queue, a meeting, a script) starts no tracking: there was
    /// no screen to be out of date.
    fn note<M: Message>(&self, r: &Result<M::Reply, ServiceError>) {
        match r {
            Ok(reply) => {
                if let Some((no, ver)) = M::version(reply) {
                    let mut seen = self.seen.borrow_mut();
                    if M::VIEWS || seen.contains_key(&no) {
                        seen.insert(no, ver);
                    }
                }
            }
            Err(ServiceError::Conflict { no, .. }) => {
                self.seen.borrow_mut().remove(no);
            }
            Err(ServiceError::UnknownAccount(_)) => self.removed.set(true),
            Err(_) => {}
        }
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

    // --- the projector's redacted view ---------------------------------------------------

    /// Whether every reply is redacted (the console's redacted view).
    pub fn redacted(&self) -> bool {
        self.redacted.get()
    }

    /// Turns the redacted view on or off for this console, and remembers it for the account:
    /// the next console it starts is in the same view. The view changes even if remembering
    /// fails (the error says so).
    pub fn set_redacted(&self, on: bool) -> Result<(), ServiceError> {
        self.redacted.set(on);
        self.remember_redacted(on)
    }

    // --- identity and clock -----------------------------------------------------------

    pub fn user(&self) -> &str {
        match &self.backend {
            Backend::Local(s) => s.user(),
            Backend::Remote(r) => &r.user,
        }
    }

    /// The account's roles as last heard (see `refresh_roles`).
    pub fn roles(&self) -> Vec<Role> {
        match &self.backend {
            Backend::Local(s) => s.roles(),
            Backend::Remote(r) => r.roles.borrow().clone(),
        }
    }

    /// Whether the account's roles allow `p`; the server checks again on every call.
    pub fn may(&self, p: Permission) -> bool {
        allowed(&self.roles(), p)
    }

    /// Takes in the roles a pulse reported (`users.toml` as it is now); in-process the
    /// service has already read them.
    pub fn refresh_roles(&self, roles: &[Role]) {
        if let Backend::Remote(r) = &self.backend {
            *r.roles.borrow_mut() = roles.to_vec();
        }
    }

    /// Whether a call was refused because the account was removed from `users.toml`: the
    /// console then shows that and nothing more.
    pub fn removed(&self) -> bool {
        self.removed.get()
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

    /// Makes every acknowledged save durable before the console exits. Over the socket the
    /// server acknowledges only durable saves, so there is nothing left to do.
    pub fn flush(&self) {
        if let Backend::Local(s) = &self.backend {
            let _ = s.store().flush();
        }
    }

    /// Forgets the cards held unless they are of `version` (as the pulse reported the files):
    /// the next look at them asks the server.
    pub fn forget_cards_unless(&self, version: u64) {
        let mut cards = self.cards.borrow_mut();
        if cards.as_ref().is_some_and(|c| c.version != version) {
            *cards = None;
        }
    }

    /// The team's action cards, asked for when not held; none when they cannot be had.
    pub fn cards(&self) -> Arc<CardSet> {
        let mut cards = self.cards.borrow_mut();
        Arc::clone(cards.get_or_insert_with(|| Arc::new(self.actioncards().unwrap_or_default())))
    }
}
