//! Roles and privileges, as node-pg-migrate spells them: `createRole`, `dropRole`,
//! `renameRole`, `grantRoles`/`revokeRoles`, `grantOnTables`/`revokeOnTables` and
//! `grantOnSchemas`/`revokeOnSchemas`. Role names follow the names rule; `PUBLIC`,
//! `CURRENT_USER`, `SESSION_USER` and `CURRENT_ROLE` are keywords.

use super::Cx;
use crate::ast::{Value, ValueKind};
use crate::model::{Grant, GrantTarget, OperationKind, Role};
use crate::value::{self, Options};

const TABLE_PRIVILEGES: &[&str] = &[
    "select",
    "insert",
    "update",
    "delete",
    "truncate",
    "references",
    "trigger",
    "all",
];
const SCHEMA_PRIVILEGES: &[&str] = &["usage", "create", "all"];

impl<'a> Cx<'a> {
    /// One role or an array of them, as SQL.
    pub(super) fn role_list(&mut self, value: &Value) -> Option<Vec<String>> {
        let items: Vec<&Value> = match &value.kind {
            ValueKind::Array(items) if !items.is_empty() => items.iter().collect(),
            ValueKind::Array(_) => {
                self.errors.push(value.span, "give at least one role");
                return None;
            }
            _ => vec![value],
        };
        items
            .into_iter()
            .map(|item| {
                let role = value::string(item, "a role", self.errors)?;
                let upper = role.value.to_ascii_uppercase();
                if ["PUBLIC", "CURRENT_USER", "SESSION_USER", "CURRENT_ROLE"]
                    .contains(&upper.as_str())
                {
                    return Some(upper);
                }
                value::ident(&role.value, role.span, self.errors)
                    .map(|name| crate::sql::ident(&name.sql))
            })
            .collect()
    }

    pub(super) fn create_role(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the role name"], &["options"])?;
        let name = self.role_list(args[0]?).and_then(|mut names| names.pop());
        let options = self.role_options(args[1], true)?;
        Some(OperationKind::CreateRole(Box::new(Role {
            name: name?,
            options,
        })))
    }

    /// The options of `createRole` and `alterRole`, rendered (`LOGIN`, `CONNECTION
    /// LIMIT 5`…); `membership`: `inRole`, `role` and `admin` too, which only
    /// `CREATE ROLE` takes.
    pub(super) fn role_options(
        &mut self,
        value: Option<&'a Value>,
        membership: bool,
    ) -> Option<Vec<String>> {
        let flags: [(&str, &str); 7] = [
            ("superuser", "SUPERUSER"),
            ("createdb", "CREATEDB"),
            ("createrole", "CREATEROLE"),
            ("inherit", "INHERIT"),
            ("login", "LOGIN"),
            ("replication", "REPLICATION"),
            ("bypassrls", "BYPASSRLS"),
        ];
        let mut allowed: Vec<&str> = flags.iter().map(|(key, _)| *key).collect();
        allowed.extend(["limit", "password", "encrypted", "valid"]);
        if membership {
            allowed.extend(["inRole", "role", "admin"]);
        }
        let options = self.options(value, &allowed);
        let mut rendered = Vec::new();
        for (key, word) in flags {
            if let Some(value) = options.get(key) {
                match value::boolean(value, &format!("`{key}`"), self.errors) {
                    Some(true) => rendered.push(word.to_owned()),
                    Some(false) => rendered.push(format!("NO{word}")),
                    None => {}
                }
            }
        }
        if let Some(limit) = options.get("limit") {
            match &limit.kind {
                ValueKind::Number(number) => rendered.push(format!("CONNECTION LIMIT {number}")),
                _ => self.errors.push(limit.span, "`limit` takes a number"),
            }
        }
        // PostgreSQL 10 and later keep every password encrypted: `encrypted: true` is
        // node-pg-migrate's default and says nothing more; `false` cannot be done.
        if let Some(encrypted) = options.get("encrypted")
            && value::boolean(encrypted, "`encrypted`", self.errors) == Some(false)
        {
            self.errors.push(
                encrypted.span,
                "PostgreSQL keeps every password encrypted (`UNENCRYPTED PASSWORD` was removed in 10); leave `encrypted` out",
            );
        }
        if let Some(password) = options.get("password") {
            match &password.kind {
                ValueKind::Null => rendered.push("PASSWORD NULL".to_owned()),
                _ => {
                    let text = value::string(password, "`password`", self.errors)?;
                    let encrypted = if options.get("encrypted").is_some() {
                        "ENCRYPTED "
                    } else {
                        ""
                    };
                    rendered.push(format!(
                        "{encrypted}PASSWORD {}",
                        crate::sql::literal(&text.value)
                    ));
                }
            }
        }
        if let Some(valid) = options.get("valid") {
            let text = value::string(valid, "`valid`", self.errors)?;
            rendered.push(format!("VALID UNTIL {}", crate::sql::literal(&text.value)));
        }
        for (key, words) in [("inRole", "IN ROLE"), ("role", "ROLE"), ("admin", "ADMIN")] {
            if let Some(value) = options.get(key) {
                rendered.push(format!("{words} {}", self.role_list(value)?.join(", ")));
            }
        }
        Some(rendered)
    }

    pub(super) fn drop_role(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the role name"], &["options"])?;
        let name = self.role_list(args[0]?).and_then(|mut names| names.pop());
        let options = self.options(args[1], &["ifExists"]);
        Some(OperationKind::DropRole {
            name: name?,
            if_exists: options.flag("ifExists", self.errors),
        })
    }

    pub(super) fn rename_role(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the role name", "the new name"], &[])?;
        let name = self.role_list(args[0]?).and_then(|mut names| names.pop());
        let to = self.role_list(args[1]?).and_then(|mut names| names.pop());
        Some(OperationKind::RenameRole {
            name: name?,
            to: to?,
        })
    }

    /// `grantRoles(roles, grantees, { withAdminOption })` and `revokeRoles(roles,
    /// grantees, { onlyAdminOption, cascade })`; as in node-pg-migrate, each also takes
    /// the other's options, for its derived down.
    pub(super) fn grant_roles(&mut self, revoke: bool) -> Option<OperationKind> {
        let args = self.args(&["the roles", "the grantees"], &["options"])?;
        let roles = self.role_list(args[0]?);
        let grantees = self.role_list(args[1]?);
        let options = self.options(args[2], &["withAdminOption", "onlyAdminOption", "cascade"]);
        let (option, reverse) = self.grant_options(&options, revoke, "AdminOption");
        Some(OperationKind::Grant(Box::new(Grant {
            privileges: Vec::new(),
            target: GrantTarget::Roles(roles?),
            roles: grantees?,
            option,
            revoke,
            cascade: options.flag("cascade", self.errors),
            reverse_option: reverse,
        })))
    }

    /// A grant's `with…Option` and a revoke's `only…Option` (`kind`: `GrantOption` or
    /// `AdminOption`), and the other one, which shapes the derived down.
    fn grant_options(&mut self, options: &Options<'a>, revoke: bool, kind: &str) -> (bool, bool) {
        let with = options.flag(&format!("with{kind}"), self.errors);
        let only = options.flag(&format!("only{kind}"), self.errors);
        if revoke { (only, with) } else { (with, only) }
    }

    /// `grantOnTables({ privileges, tables, schema, roles, withGrantOption })`,
    /// `grantOnSchemas({ privileges, schemas, roles, withGrantOption })`, and their
    /// `revoke…` twins (`onlyGrantOption`, `cascade`).
    pub(super) fn grant_on(&mut self, revoke: bool, schemas: bool) -> Option<OperationKind> {
        let args = self.args(&["the options"], &[])?;
        let mut allowed = vec!["privileges", "roles"];
        allowed.push(if schemas { "schemas" } else { "tables" });
        if !schemas {
            allowed.push("schema");
        }
        allowed.extend(["withGrantOption", "onlyGrantOption", "cascade"]);
        let options = self.options(args[0], &allowed);
        let (option, reverse_option) = self.grant_options(&options, revoke, "GrantOption");
        let privileges = self.privileges(
            &options,
            args[0]?,
            if schemas {
                SCHEMA_PRIVILEGES
            } else {
                TABLE_PRIVILEGES
            },
        );
        let roles = match options.get("roles") {
            Some(roles) => self.role_list(roles),
            None => {
                self.errors.push(args[0]?.span, "a grant needs `roles`");
                None
            }
        };
        let target = if schemas {
            self.schemas_target(&options, args[0]?)
        } else {
            self.tables_target(&options, args[0]?)
        };
        Some(OperationKind::Grant(Box::new(Grant {
            privileges: privileges?,
            target: target?,
            roles: roles?,
            option,
            revoke,
            cascade: options.flag("cascade", self.errors),
            reverse_option,
        })))
    }

    /// `privileges`: `"ALL"`, one privilege, or an array; empty is `ALL`.
    fn privileges(
        &mut self,
        options: &Options<'a>,
        at: &Value,
        allowed: &[&'static str],
    ) -> Option<Vec<&'static str>> {
        let Some(value) = options.get("privileges") else {
            self.errors.push(at.span, "a grant needs `privileges`");
            return None;
        };
        let items: Vec<&Value> = match &value.kind {
            ValueKind::Array(items) => items.iter().collect(),
            _ => vec![value],
        };
        let privileges: Option<Vec<&'static str>> = items
            .into_iter()
            .map(|item| value::choice(item, "privilege", allowed, self.errors))
            .collect();
        let privileges = privileges?;
        Some(if privileges.contains(&"all") {
            Vec::new()
        } else {
            privileges
        })
    }

    fn tables_target(&mut self, options: &Options<'a>, at: &Value) -> Option<GrantTarget> {
        let Some(tables) = options.get("tables") else {
            self.errors.push(
                at.span,
                "a grant on tables needs `tables` (names, or `\"ALL\"`)",
            );
            return None;
        };
        if let ValueKind::Str(text) = &tables.kind
            && text.eq_ignore_ascii_case("all")
        {
            let Some(schema) = options.get("schema") else {
                self.errors
                    .push(tables.span, "`tables: \"ALL\"` needs `schema`");
                return None;
            };
            return value::name(schema, "`schema`", self.errors).map(GrantTarget::AllTablesIn);
        }
        let items: Vec<&Value> = match &tables.kind {
            ValueKind::Array(items) => items.iter().collect(),
            _ => vec![tables],
        };
        let schema = options
            .get("schema")
            .and_then(|schema| value::name(schema, "`schema`", self.errors));
        items
            .into_iter()
            .map(|item| {
                let mut table = value::qualified(item, "a table", self.errors)?;
                if table.schema.is_none() {
                    table.schema = schema.clone();
                }
                Some(table)
            })
            .collect::<Option<Vec<_>>>()
            .map(GrantTarget::Tables)
    }

    fn schemas_target(&mut self, options: &Options<'a>, at: &Value) -> Option<GrantTarget> {
        let Some(schemas) = options.get("schemas") else {
            self.errors
                .push(at.span, "a grant on schemas needs `schemas`");
            return None;
        };
        let items: Vec<&Value> = match &schemas.kind {
            ValueKind::Array(items) => items.iter().collect(),
            _ => vec![schemas],
        };
        items
            .into_iter()
            .map(|item| value::name(item, "a schema", self.errors))
            .collect::<Option<Vec<_>>>()
            .map(GrantTarget::Schemas)
    }
}
