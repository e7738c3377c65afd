//! The SQL of role and privilege operations, and their derived downs.

use super::{list, name, qualified, tx};
use crate::model::{Grant, GrantTarget, Role, Statement};

pub(super) fn create_role(role: &Role) -> Statement {
    let mut sql = format!("CREATE ROLE {}", role.name);
    if !role.options.is_empty() {
        sql.push_str(" WITH ");
        sql.push_str(&role.options.join(" "));
    }
    tx(sql)
}

pub(super) fn drop_role(role: &str, if_exists: bool) -> Statement {
    tx(format!(
        "DROP ROLE {}{role}",
        if if_exists { "IF EXISTS " } else { "" }
    ))
}

pub(super) fn rename_role(role: &str, to: &str) -> Statement {
    tx(format!("ALTER ROLE {role} RENAME TO {to}"))
}

pub(super) fn grant(grant: &Grant) -> Statement {
    let privileges = if grant.privileges.is_empty() {
        "ALL".to_owned()
    } else {
        grant
            .privileges
            .iter()
            .map(|privilege| privilege.to_uppercase())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (what, option) = match &grant.target {
        GrantTarget::Roles(roles) => (roles.join(", "), "ADMIN OPTION"),
        GrantTarget::Tables(tables) => (
            format!(
                "{privileges} ON TABLE {}",
                tables.iter().map(qualified).collect::<Vec<_>>().join(", ")
            ),
            "GRANT OPTION",
        ),
        GrantTarget::AllTablesIn(schema) => (
            format!("{privileges} ON ALL TABLES IN SCHEMA {}", name(schema)),
            "GRANT OPTION",
        ),
        GrantTarget::Schemas(schemas) => (
            format!("{privileges} ON SCHEMA {}", list(schemas)),
            "GRANT OPTION",
        ),
    };
    let roles = grant.roles.join(", ");
    tx(if grant.revoke {
        format!(
            "REVOKE {}{what} FROM {roles}{}",
            if grant.option {
                format!("{option} FOR ")
            } else {
                String::new()
            },
            if grant.cascade { " CASCADE" } else { "" }
        )
    } else {
        format!(
            "GRANT {what} TO {roles}{}",
            if grant.option {
                format!(" WITH {option}")
            } else {
                String::new()
            }
        )
    })
}

/// A grant's down revokes it (only its option with `onlyGrantOption`, cascading with
/// `cascade`); a revoke's down grants back what it took (with the option if it took
/// only that, or with `withGrantOption`).
pub(super) fn grant_inverse(grant: &Grant) -> Statement {
    let inverse = Grant {
        revoke: !grant.revoke,
        option: if grant.revoke {
            grant.option || grant.reverse_option
        } else {
            grant.reverse_option
        },
        cascade: !grant.revoke && grant.cascade,
        reverse_option: false,
        ..grant.clone()
    };
    self::grant(&inverse)
}
