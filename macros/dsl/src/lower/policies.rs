//! Row-level security, as node-pg-migrate spells it: `createPolicy`, `dropPolicy`,
//! `renamePolicy`, and `alterTable(table, { levelSecurity })`.

use super::Cx;
use crate::ast::{Value, ValueKind};
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
            Some(value) => self.roles(value)?,
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

    /// `role`: a role name or an array of them, kept as written (`public`,
    /// `current_user` and `session_user` are keywords).
    fn roles(&mut self, value: &Value) -> Option<Vec<String>> {
        let items: Vec<&Value> = match &value.kind {
            ValueKind::Array(items) => items.iter().collect(),
            _ => vec![value],
        };
        items
            .into_iter()
            .map(|item| {
                let role = value::string(item, "a role", self.errors)?;
                let lower = role.value.to_ascii_lowercase();
                if ["public", "current_user", "session_user", "current_role"]
                    .contains(&lower.as_str())
                {
                    return Some(lower.to_uppercase());
                }
                value::ident(&role.value, role.span, self.errors)
                    .map(|name| crate::sql::ident(&name.sql))
            })
            .collect()
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
