//! Row-level security, as node-pg-migrate spells it: `createPolicy`, `dropPolicy`,
//! `renamePolicy`, `alterPolicy`, and `alterTable(table, { levelSecurity, unlogged })`.

use super::{Cx, direct};
use crate::model::{OperationKind, Policy, Subject};
use crate::sql::{name, qualified, tx};
use crate::value;

impl<'a> Cx<'a> {
    pub(super) fn create_policy(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the policy name"], &["options"])?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the policy name", self.errors);
        let options = self.options(
            args[2],
            &["command", "role", "using", "check", "restrictive"],
        );
        let command = match options.get("command") {
            Some(value) => value::choice(
                value,
                "`command`",
                &["all", "select", "insert", "update", "delete"],
                self.errors,
            )?,
            None => "all",
        };
        let roles = match options.get("role") {
            Some(value) => self.role_list(value)?,
            None => Vec::new(),
        };
        let using = options
            .get("using")
            .and_then(|value| value::expr(value, "`using`", self.errors));
        let check = options
            .get("check")
            .and_then(|value| value::expr(value, "`check`", self.errors));
        // PostgreSQL's rules: a SELECT or DELETE policy has no WITH CHECK, an INSERT
        // policy no USING.
        if let (Some(span), "select" | "delete") = (options.key_span("check"), command) {
            self.errors.push(
                span,
                format!("a `{command}` policy has no `check` (WITH CHECK); use `using`"),
            );
        }
        if let (Some(span), "insert") = (options.key_span("using"), command) {
            self.errors.push(
                span,
                "an `insert` policy has no `using`; use `check` (WITH CHECK)",
            );
        }
        Some(OperationKind::CreatePolicy(Box::new(Policy {
            table: table?,
            name: name?,
            command,
            roles,
            using,
            check,
            restrictive: options.flag("restrictive", self.errors),
        })))
    }

    pub(super) fn drop_policy(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the policy name"], &["options"])?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the policy name", self.errors);
        let options = self.options(args[2], &["ifExists"]);
        Some(OperationKind::DropPolicy {
            table: table?,
            name: name?,
            if_exists: options.flag("ifExists", self.errors),
        })
    }

    pub(super) fn rename_policy(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the policy name", "the new name"], &[])?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the policy name", self.errors);
        let to = value::name(args[2]?, "the new name", self.errors);
        Some(OperationKind::RenamePolicy {
            table: table?,
            name: name?,
            to: to?,
        })
    }

    /// `alterPolicy(table, policy, { role, using, check })`: no derived down (the
    /// policy's earlier roles and expressions are not written here).
    pub(super) fn alter_policy(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the policy name", "the changes"], &[])?;
        let table = self.table(args[0]);
        let policy = value::name(args[1]?, "the policy name", self.errors);
        let options = self.options(args[2], &["role", "using", "check"]);
        let mut changes = Vec::new();
        if let Some(roles) = options.get("role") {
            changes.push(format!("TO {}", self.role_list(roles)?.join(", ")));
        }
        for (key, words) in [("using", "USING"), ("check", "WITH CHECK")] {
            if let Some(value) = options.get(key) {
                let expr = value::expr(value, &format!("`{key}`"), self.errors)?;
                changes.push(format!("{words} ({})", expr.sql));
            }
        }
        if changes.is_empty() {
            self.errors.push(
                args[2]?.span,
                "`alterPolicy` needs at least one of `role`, `using`, `check`",
            );
            return None;
        }
        let (table, policy) = (table?, policy?);
        let up = tx(format!(
            "ALTER POLICY {} ON {} {}",
            name(&policy),
            qualified(&table),
            changes.join(" ")
        ));
        Some(direct(vec![up], None, Some(Subject::Policy(table, policy))))
    }

    /// `alterTable(table, { levelSecurity, unlogged })`: `levelSecurity` is `enable`,
    /// `disable`, `force` or `noForce` (node-pg-migrate's `"NO FORCE"` too); each
    /// change's down is its opposite.
    pub(super) fn alter_table(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the changes"], &[])?;
        let table = self.table(args[0]);
        let options = self.options(args[1], &["levelSecurity", "unlogged"]);
        // (the change, its opposite)
        let mut changes: Vec<(String, String)> = Vec::new();
        if let Some(unlogged) = options.get("unlogged") {
            let (up, down) = match value::boolean(unlogged, "`unlogged`", self.errors)? {
                true => ("SET UNLOGGED", "SET LOGGED"),
                false => ("SET LOGGED", "SET UNLOGGED"),
            };
            changes.push((up.to_owned(), down.to_owned()));
        }
        if let Some(level) = options.get("levelSecurity") {
            let level = value::choice(
                level,
                "`levelSecurity`",
                &["enable", "disable", "force", "noforce", "no force"],
                self.errors,
            )?;
            let (up, down) = match level {
                "enable" => ("ENABLE", "DISABLE"),
                "disable" => ("DISABLE", "ENABLE"),
                "force" => ("FORCE", "NO FORCE"),
                _ => ("NO FORCE", "FORCE"),
            };
            changes.push((
                format!("{up} ROW LEVEL SECURITY"),
                format!("{down} ROW LEVEL SECURITY"),
            ));
        }
        if changes.is_empty() {
            self.errors.push(
                args[1]?.span,
                "`alterTable` needs `levelSecurity` (`\"enable\"`, `\"disable\"`, `\"force\"` or `\"noForce\"`) or `unlogged`",
            );
            return None;
        }
        let table = table?;
        let alter = |action: &String| tx(format!("ALTER TABLE {} {action}", qualified(&table)));
        let up = changes.iter().map(|(up, _)| alter(up)).collect();
        let down = changes.iter().rev().map(|(_, down)| alter(down)).collect();
        Some(direct(up, Some(down), Some(Subject::Table(table))))
    }
}
