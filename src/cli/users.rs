//! `infohus users`: the accounts in `users.toml` and their roles (admin only).

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;

use super::{open, sentence};
use crate::i18n::Lang;
use crate::i18n::access::{self as tx, A};
use crate::service::ServiceError;
use crate::service::users::parse_roles;

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add an account with one or more roles (coordinator, member, viewer, admin).
    Add {
        name: String,
        #[arg(required = true, value_name = "ROLE")]
        roles: Vec<String>,
    },
    /// Remove an account (the last admin cannot be removed).
    Remove { name: String },
    /// Replace an account's roles.
    Set {
        name: String,
        #[arg(required = true, value_name = "ROLE")]
        roles: Vec<String>,
    },
}

pub fn run(
    db: &Path,
    lang: Lang,
    action: Option<UsersCommand>,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let svc = open(db, false, lang)?;
    let fail = |e: ServiceError| sentence(lang, &e);
    let roles = |words: &[String]| parse_roles(words).map_err(|e| fail(e.into()));
    match action {
        None => {}
        Some(UsersCommand::Add { name, roles: words }) => {
            svc.set_user(&name, &roles(&words)?, true).map_err(fail)?
        }
        Some(UsersCommand::Set { name, roles: words }) => {
            svc.set_user(&name, &roles(&words)?, false).map_err(fail)?
        }
        Some(UsersCommand::Remove { name }) => svc.remove_user(&name).map_err(fail)?,
    }
    let users = svc.users().map_err(fail)?;
    if as_json {
        let accounts: Vec<serde_json::Value> = users
            .accounts
            .iter()
            .map(|(name, roles)| serde_json::json!({ "account": name, "roles": roles }))
            .collect();
        println!("{}", serde_json::to_string_pretty(&accounts)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", A::UsersTitle.get(lang));
    for (name, roles) in &users.accounts {
        let names: Vec<&str> = roles.iter().map(|r| tx::role(lang, *r)).collect();
        println!("  {name:<16} {}", names.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}
