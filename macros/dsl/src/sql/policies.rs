//! The SQL of row-level security operations, and their derived downs.

use super::{name, qualified, tx};
use crate::model::{Name, Policy, QualifiedName, Statement};

pub(super) fn create(policy: &Policy) -> Statement {
    let mut sql = format!(
        "CREATE POLICY {} ON {}",
        name(&policy.name),
        qualified(&policy.table)
    );
    if policy.restrictive {
        sql.push_str(" AS RESTRICTIVE");
    }
    sql.push_str(&format!(" FOR {}", policy.command.to_uppercase()));
    if !policy.roles.is_empty() {
        sql.push_str(&format!(" TO {}", policy.roles.join(", ")));
    }
    if let Some(using) = &policy.using {
        sql.push_str(&format!(" USING ({})", using.sql));
    }
    if let Some(check) = &policy.check {
        sql.push_str(&format!(" WITH CHECK ({})", check.sql));
    }
    tx(sql)
}

pub(super) fn drop(table: &QualifiedName, policy: &Name, if_exists: bool) -> Statement {
    tx(format!(
        "DROP POLICY {}{} ON {}",
        if if_exists { "IF EXISTS " } else { "" },
        name(policy),
        qualified(table)
    ))
}

pub(super) fn rename(table: &QualifiedName, policy: &Name, to: &Name) -> Statement {
    tx(format!(
        "ALTER POLICY {} ON {} RENAME TO {}",
        name(policy),
        qualified(table),
        name(to)
    ))
}
