//! Row-level security, as node-pg-migrate spells it: `createPolicy`, `dropPolicy`,
//! `renamePolicy`, and `alterTable(table, { levelSecurity })`.

use super::Cx;
use crate::model::{OperationKind, Policy};
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

    /// `alterTable(table, { levelSecurity })`: `enable`, `disable`, `force` or
    /// `noForce` (node-pg-migrate's `"NO FORCE"` too).
    pub(super) fn alter_table(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the changes"], &[])?;
        let table = self.table(args[0]);
        let options = self.options(args[1], &["levelSecurity"]);
        let Some(level) = options.get("levelSecurity") else {
            self.errors.push(
                args[1]?.span,
                "`alterTable` needs `levelSecurity`: `\"enable\"`, `\"disable\"`, `\"force\"` or `\"noForce\"`",
            );
            return None;
        };
        let level = value::choice(
            level,
            "`levelSecurity`",
            &["enable", "disable", "force", "noforce", "no force"],
            self.errors,
        )?;
        Some(OperationKind::RowLevelSecurity {
            table: table?,
            level: if level == "noforce" {
                "no force"
            } else {
                level
            },
        })
    }
}
