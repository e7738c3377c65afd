//! Constraint operations (`addConstraint` in its object and string forms, with
//! `exclude`; `dropConstraint`, `validateConstraint`, `renameConstraint`) and the
//! renames of indexes and schemas.

use super::Cx;
use crate::ast::ValueKind;
use crate::model::{Constraint, OperationKind};
use crate::pg;
use crate::value;
use proc_macro2::Span;

impl<'a> Cx<'a> {
    pub(super) fn add_constraint(&mut self) -> Option<OperationKind> {
        let args = self.args(
            &["the table name", "the constraint name", "the constraint"],
            &[],
        )?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the constraint name", self.errors);
        let spec = args[2]?;
        // node-pg-migrate's string form: the constraint as SQL.
        if let ValueKind::Str(text) = &spec.kind {
            let constraint = self.sql_constraint(text, spec.span, false);
            return Some(OperationKind::AddConstraint {
                table: table?,
                name: name?,
                constraint: constraint?,
                not_valid: false,
            });
        }
        let options = self.options(
            Some(spec),
            &[
                "check",
                "unique",
                "primaryKey",
                "foreignKeys",
                "foreignKey",
                "exclude",
                "notValid",
            ],
        );
        // `foreignKeys`, as in `createTable`, and `foreignKey`, its alias.
        let kinds: Vec<&str> = [
            "check",
            "unique",
            "primaryKey",
            "foreignKeys",
            "foreignKey",
            "exclude",
        ]
        .into_iter()
        .filter(|kind| options.get(kind).is_some())
        .map(|kind| {
            if kind == "foreignKeys" {
                "foreignKey"
            } else {
                kind
            }
        })
        .collect();
        let constraint = match kinds.as_slice() {
            ["check"] => options
                .get("check")
                .and_then(|value| value::expr(value, "`check`", self.errors))
                .map(Constraint::Check),
            ["unique"] => options
                .get("unique")
                .and_then(|value| value::names(value, "`unique`", self.errors))
                .map(Constraint::Unique),
            ["primaryKey"] => options
                .get("primaryKey")
                .and_then(|value| value::names(value, "`primaryKey`", self.errors))
                .map(Constraint::PrimaryKey),
            ["exclude"] => options.get("exclude").and_then(|value| {
                let text = value::string(value, "`exclude`", self.errors)?;
                self.sql_constraint(&text.value, text.span, true)
            }),
            ["foreignKey"] => {
                let value = options
                    .get("foreignKeys")
                    .or_else(|| options.get("foreignKey"))?;
                let fk = self.options(Some(value), super::keys::FOREIGN_KEY_OPTIONS);
                let columns = match fk.get("columns") {
                    Some(columns) => value::names(columns, "`columns`", self.errors),
                    None => {
                        self.errors.push(value.span, "`foreignKey` needs `columns`");
                        None
                    }
                };
                let references = self.references(&fk, value.span);
                Some(Constraint::ForeignKey {
                    columns: columns?,
                    references: references?,
                })
            }
            _ => {
                self.errors.push(spec.span, "`addConstraint` needs exactly one of `check`, `unique`, `primaryKey`, `foreignKeys`, `exclude`, or the constraint as a string");
                None
            }
        };
        let not_valid = options.flag("notValid", self.errors);
        if not_valid
            && matches!(
                constraint,
                Some(Constraint::Unique(_) | Constraint::PrimaryKey(_))
            )
            && let Some(span) = options.key_span("notValid")
        {
            self.errors.push(
                span,
                "`notValid` applies to `check` and `foreignKey` constraints only",
            );
        }
        Some(OperationKind::AddConstraint {
            table: table?,
            name: name?,
            constraint: constraint?,
            not_valid,
        })
    }

    /// A constraint written as SQL (after `EXCLUDE` if `exclude`), checked by the
    /// parser.
    pub(super) fn sql_constraint(
        &mut self,
        text: &str,
        span: Span,
        exclude: bool,
    ) -> Option<Constraint> {
        match pg::constraint(text, exclude) {
            Ok(()) => Some(Constraint::Sql(crate::model::Expr {
                sql: match exclude {
                    true => format!("EXCLUDE {}", text.trim()),
                    false => text.trim().to_owned(),
                },
                span,
            })),
            Err(message) => {
                let what = if exclude { "`exclude`" } else { "constraint" };
                self.errors.push(span, format!("invalid {what}: {message}"));
                None
            }
        }
    }

    pub(super) fn rename_constraint(&mut self) -> Option<OperationKind> {
        let args = self.args(
            &["the table name", "the constraint name", "the new name"],
            &[],
        )?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the constraint name", self.errors);
        let to = value::name(args[2]?, "the new name", self.errors);
        Some(OperationKind::RenameConstraint {
            table: table?,
            name: name?,
            to: to?,
        })
    }

    pub(super) fn rename_schema(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the schema name", "the new name"], &[])?;
        let name = value::name(args[0]?, "the schema name", self.errors);
        let to = value::name(args[1]?, "the new name", self.errors);
        Some(OperationKind::RenameSchema {
            name: name?,
            to: to?,
        })
    }

    pub(super) fn drop_constraint(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the constraint name"], &["options"])?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the constraint name", self.errors);
        let options = self.options(args[2], &["ifExists", "cascade", "ifTableExists"]);
        Some(OperationKind::DropConstraint {
            table: table?,
            name: name?,
            drop: crate::model::DropOptions {
                if_exists: options.flag("ifExists", self.errors),
                cascade: options.flag("cascade", self.errors),
            },
            table_if_exists: options.flag("ifTableExists", self.errors),
        })
    }

    pub(super) fn validate_constraint(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the constraint name"], &[])?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the constraint name", self.errors);
        Some(OperationKind::ValidateConstraint {
            table: table?,
            name: name?,
        })
    }
}
