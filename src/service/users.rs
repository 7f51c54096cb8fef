//! The team's accounts and their roles: `users.toml` in the data directory.
//!
//! ```toml
//! [users]
//! anna = ["admin", "coordinator"]
//! bo = ["member"]
//! ```
//!
//! The account is the operating-system login; an account not listed is refused. A data
//! directory without the file (a first run, or a database from before roles existed) makes
//! whoever opens it first admin and coordinator: someone must be able to add the others, and
//! the database is private to that account's OS user anyway (0700).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::config::data_dir;
use crate::domain::access::{Role, valid_account};

pub const USERS_FILE: &str = "users.toml";

#[derive(Debug, Error)]
pub enum UsersError {
    #[error("{path} cannot be read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("{path} cannot be written: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("unknown role \"{0}\"")]
    UnknownRole(String),
    #[error("\"{0}\" is not a valid account name")]
    BadAccount(String),
    #[error("no roles given")]
    NoRoles,
    #[error("the account {0} is not in users.toml")]
    NoSuchAccount(String),
    #[error("the account {0} is already in users.toml")]
    AccountExists(String),
    #[error("the last admin cannot be removed")]
    LastAdmin,
}

/// Accounts and their roles, in name order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Users {
    pub accounts: BTreeMap<String, Vec<Role>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    users: BTreeMap<String, Vec<String>>,
}

const HEADER: &str = "\
# infohus: the accounts that may use this database and their roles.
# Roles: coordinator (everything on cases), member (cases, no oversight),
#        viewer (statistics only), admin (user administration).
# Edit with `infohus users`, or by hand; an account not listed is refused.
";

pub fn path(db: &Path) -> PathBuf {
    data_dir(db).join(USERS_FILE)
}

/// Role words as typed on the command line or in the file, without duplicates.
pub fn parse_roles<S: AsRef<str>>(words: &[S]) -> Result<Vec<Role>, UsersError> {
    let mut roles = Vec::new();
    for w in words {
        let r =
            Role::parse(w.as_ref()).ok_or_else(|| UsersError::UnknownRole(w.as_ref().into()))?;
        if !roles.contains(&r) {
            roles.push(r);
        }
    }
    roles.sort();
    Ok(roles)
}

impl Users {
    /// Reads the file beside the database; `None` when there is none yet.
    pub fn load(db: &Path) -> Result<Option<Users>, UsersError> {
        let path = path(db);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(UsersError::Read { path, source }),
        };
        Users::parse(&text)
            .map(Some)
            .map_err(|message| UsersError::Invalid { path, message })
    }

    pub fn parse(text: &str) -> Result<Users, String> {
        let file: File = toml::from_str(text)
            .map_err(|e| e.to_string().lines().next().unwrap_or_default().to_string())?;
        let mut accounts = BTreeMap::new();
        for (name, words) in file.users {
            if !valid_account(&name) {
                return Err(format!("\"{name}\" is not a valid account name"));
            }
            let roles = parse_roles(&words).map_err(|e| format!("{name}: {e}"))?;
            accounts.insert(name, roles);
        }
        Ok(Users { accounts })
    }

    pub fn to_toml(&self) -> String {
        let mut out = String::from(HEADER);
        out.push_str("\n[users]\n");
        for (name, roles) in &self.accounts {
            let words: Vec<String> = roles.iter().map(|r| format!("\"{}\"", r.name())).collect();
            out.push_str(&format!("{name} = [{}]\n", words.join(", ")));
        }
        out
    }

    pub fn roles(&self, account: &str) -> Option<&[Role]> {
        self.accounts.get(account).map(Vec::as_slice)
    }

    fn admins(&self) -> usize {
        self.accounts
            .values()
            .filter(|r| r.contains(&Role::Admin))
            .count()
    }

    /// Gives an account exactly these roles. `create` says whether it must be new (add) or
    /// must exist (set). Taking admin from the last admin is refused: nobody could undo it.
    pub fn set(
        &mut self,
        account: &str,
        mut roles: Vec<Role>,
        create: bool,
    ) -> Result<(), UsersError> {
        roles.sort();
        roles.dedup();
        if !valid_account(account) {
            return Err(UsersError::BadAccount(account.into()));
        }
        if roles.is_empty() {
            return Err(UsersError::NoRoles);
        }
        match (self.accounts.contains_key(account), create) {
            (true, true) => return Err(UsersError::AccountExists(account.into())),
            (false, false) => return Err(UsersError::NoSuchAccount(account.into())),
            _ => {}
        }
        let mut next = self.clone();
        next.accounts.insert(account.to_string(), roles);
        if next.admins() == 0 {
            return Err(UsersError::LastAdmin);
        }
        *self = next;
        Ok(())
    }

    pub fn remove(&mut self, account: &str) -> Result<(), UsersError> {
        let mut next = self.clone();
        if next.accounts.remove(account).is_none() {
            return Err(UsersError::NoSuchAccount(account.into()));
        }
        if next.admins() == 0 {
            return Err(UsersError::LastAdmin);
        }
        *self = next;
        Ok(())
    }

    /// Writes the file atomically: a private temporary file beside it, synced, then renamed
    /// over the old one, so a crash leaves either the old or the new list, never half of one.
    pub fn save(&self, db: &Path) -> Result<(), UsersError> {
        let path = path(db);
        let dir = data_dir(db);
        let err = |source| UsersError::Write {
            path: path.clone(),
            source,
        };
        // tempfile creates the file 0600.
        let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(err)?;
        tmp.write_all(self.to_toml().as_bytes()).map_err(err)?;
        tmp.as_file().sync_all().map_err(err)?;
        tmp.persist(&path).map_err(|e| err(e.error))?;
        if let Ok(d) = std::fs::File::open(&dir) {
            // The rename is durable only once the directory is synced.
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// What identifies one version of the file without reading it: a save by `infohus users`
/// replaces the file (a new inode), an edit by hand changes its times or size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }
}

/// `users.toml` as last read, read again only when the file has changed: every request asks
/// (roles take effect on the next request of every connection), and asking costs one `stat`.
#[derive(Debug, Default)]
pub struct Current {
    /// The stamp of the file when it was read (`None`: there was no file), and what it said.
    last: Option<(Option<Stamp>, Option<Arc<Users>>)>,
}

impl Current {
    /// The accounts as the file says now; `None` when there is no file. A file that cannot be
    /// read or parsed is an error every time it is asked for, until it is mended: roles from
    /// before the mistake are not served on.
    pub fn get(&mut self, db: &Path) -> Result<Option<Arc<Users>>, UsersError> {
        let path = path(db);
        let stamp = match std::fs::metadata(&path) {
            Ok(m) => Some(Stamp::of(&m)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(UsersError::Read { path, source }),
        };
        if let Some((last, users)) = &self.last
            && *last == stamp
        {
            return Ok(users.clone());
        }
        self.last = None;
        let users = Users::load(db)?.map(Arc::new);
        // Read after the stamp: a change in between is seen (again) at the next request.
        self.last = Some((stamp, users.clone()));
        Ok(users)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_format_round_trips() {
        let users =
            Users::parse("[users]\nanna = [\"admin\", \"coordinator\"]\nbo = [\"member\"]\n")
                .expect("valid");
        assert_eq!(
            users.roles("anna"),
            Some(&[Role::Coordinator, Role::Admin][..])
        );
        assert_eq!(users.roles("bo"), Some(&[Role::Member][..]));
        assert_eq!(Users::parse(&users.to_toml()), Ok(users));
    }

    #[test]
    fn an_unknown_role_or_key_is_refused_with_one_line() {
        let err = Users::parse("[users]\nanna = [\"boss\"]\n").expect_err("unknown role");
        assert!(err.contains("boss"), "{err}");
        let err = Users::parse("[user]\nanna = [\"admin\"]\n").expect_err("unknown table");
        assert!(!err.contains('\n'), "{err}");
    }

    #[test]
    fn the_last_admin_cannot_be_removed_or_demoted() {
        let mut users = Users::default();
        users
            .set("anna", vec![Role::Admin], true)
            .expect("first admin");
        users.set("bo", vec![Role::Member], true).expect("member");
        assert!(matches!(users.remove("anna"), Err(UsersError::LastAdmin)));
        assert!(matches!(
            users.set("anna", vec![Role::Coordinator], false),
            Err(UsersError::LastAdmin)
        ));
        users
            .set("bo", vec![Role::Admin], false)
            .expect("second admin");
        users.remove("anna").expect("no longer the last admin");
        assert_eq!(users.roles("anna"), None);
    }

    #[test]
    fn the_file_is_written_private_and_whole() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("infohus.db");
        let mut users = Users::default();
        users.set("anna", vec![Role::Admin], true).expect("admin");
        users.save(&db).expect("saved");
        let meta = std::fs::metadata(path(&db)).expect("written");
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert_eq!(Users::load(&db).expect("readable"), Some(users));
    }

    #[test]
    fn the_current_list_follows_every_change_to_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("infohus.db");
        let mut current = Current::default();
        assert_eq!(current.get(&db).expect("no file"), None);
        let mut users = Users::default();
        users.set("anna", vec![Role::Admin], true).expect("admin");
        users.set("bo", vec![Role::Member], true).expect("member");
        users.save(&db).expect("saved");
        let read = current.get(&db).expect("read").expect("a file");
        assert_eq!(read.roles("bo"), Some(&[Role::Member][..]));
        // Saved again (a new file in its place), and edited by hand (the same file).
        users.remove("bo").expect("removed");
        users.save(&db).expect("saved");
        assert_eq!(
            current.get(&db).expect("read").expect("a file").roles("bo"),
            None
        );
        let text = std::fs::read_to_string(path(&db)).expect("text");
        std::fs::write(path(&db), format!("{text}bo = [\"viewer\"]\n")).expect("edited");
        let read = current.get(&db).expect("read").expect("a file");
        assert_eq!(read.roles("bo"), Some(&[Role::Viewer][..]));
        // A broken edit is an error, and stays one until it is mended.
        std::fs::write(path(&db), "[users]\nbo = [\"boss\"]\n").expect("broken");
        assert!(current.get(&db).is_err());
        assert!(current.get(&db).is_err());
    }
}
