//! Who may do what. The roles come from the team's `users.toml`; the rules live here so the
//! service (and a later socket server behind it) applies the same ones everywhere.

use serde::{Deserialize, Serialize};

choice_enum!(
    /// A role an account holds; an account may hold several. Audit entries store roles by
    /// position: new roles go at the end.
    Role {
        Coordinator,
        Member,
        Viewer,
        Admin,
    }
);

/// What a request needs. Each service method asks for exactly one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Permission {
    /// Anonymous statistics: the one thing a viewer may see.
    Statistics,
    /// Reading and working on cases: lists, search, intake, the flow.
    Cases,
    /// Oversight of the whole database: who viewed a case, the audit log, full export,
    /// import and repair.
    Oversight,
    /// Editing `users.toml`.
    Users,
}

impl Role {
    /// The word used in `users.toml` and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::Member => "member",
            Role::Viewer => "viewer",
            Role::Admin => "admin",
        }
    }

    /// Reads a role word; the Danish words are accepted too, as a team would type them.
    pub fn parse(word: &str) -> Option<Role> {
        match word.trim().to_lowercase().as_str() {
            "coordinator" | "koordinator" => Some(Role::Coordinator),
            "member" | "medlem" => Some(Role::Member),
            "viewer" | "læser" | "laeser" => Some(Role::Viewer),
            "admin" | "administrator" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn grants(self, p: Permission) -> bool {
        match self {
            Role::Viewer => p == Permission::Statistics,
            Role::Member => matches!(p, Permission::Statistics | Permission::Cases),
            Role::Coordinator => p != Permission::Users,
            // An admin administers accounts and reads the audit log (to see what an account
            // did before it is changed), but sees no case unless also given a case role.
            Role::Admin => matches!(p, Permission::Users | Permission::Oversight),
        }
    }
}

/// Whether any of the roles grants the permission.
pub fn allowed(roles: &[Role], p: Permission) -> bool {
    roles.iter().any(|r| r.grants(p))
}

/// An account name as `users.toml` and the OS know it: no spaces, quotes or control
/// characters, so it prints unambiguously in the audit log.
pub fn valid_account(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '$'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_viewer_gets_statistics_and_nothing_else() {
        assert!(allowed(&[Role::Viewer], Permission::Statistics));
        for p in [Permission::Cases, Permission::Oversight, Permission::Users] {
            assert!(!allowed(&[Role::Viewer], p), "{p:?}");
        }
    }

    #[test]
    fn a_member_works_on_cases_but_oversees_nothing() {
        assert!(allowed(&[Role::Member], Permission::Cases));
        assert!(!allowed(&[Role::Member], Permission::Oversight));
        assert!(!allowed(&[Role::Member], Permission::Users));
    }

    #[test]
    fn a_coordinator_has_everything_on_cases_but_not_user_administration() {
        for p in [
            Permission::Statistics,
            Permission::Cases,
            Permission::Oversight,
        ] {
            assert!(allowed(&[Role::Coordinator], p), "{p:?}");
        }
        assert!(!allowed(&[Role::Coordinator], Permission::Users));
    }

    #[test]
    fn roles_add_up() {
        let both = [Role::Admin, Role::Coordinator];
        assert!(allowed(&both, Permission::Users));
        assert!(allowed(&both, Permission::Cases));
        assert!(!allowed(&[Role::Admin], Permission::Cases));
        assert!(!allowed(&[], Permission::Statistics));
    }

    #[test]
    fn role_words_read_in_both_languages() {
        assert_eq!(Role::parse("Koordinator"), Some(Role::Coordinator));
        assert_eq!(Role::parse("viewer"), Some(Role::Viewer));
        assert_eq!(Role::parse("boss"), None);
        for r in Role::ALL {
            assert_eq!(Role::parse(r.name()), Some(*r));
        }
    }

    #[test]
    fn account_names_are_plain_words() {
        assert!(valid_account("anna.k"));
        assert!(!valid_account("anna k"));
        assert!(!valid_account(""));
        assert!(!valid_account("a\"b"));
    }
}
