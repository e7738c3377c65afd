//! Tables and their columns, as node-pg-migrate spells them: `createTable` (with
//! `temporary`, `unlogged`, `like`, `inherits`, `constraints`, `comment`), `dropTable`,
//! `renameTable`, `addColumns`, `dropColumns`, `renameColumn`, `alterColumn`.

use super::Cx;
use crate::ast::{Value, ValueKind};
use crate::model::OperationKind;
use crate::value::{self, KnownTypes, Options};
use proc_macro2::Span;

/// What `LIKE` may include or exclude.
const LIKE_PARTS: &[&str] = &[
    "all",
    "comments",
    "compression",
    "constraints",
    "defaults",
    "generated",
    "identity",
    "indexes",
    "statistics",
    "storage",
];

impl<'a> Cx<'a> {
    pub(super) fn create_table(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the columns"], &["options"])?;
        let table = self.table(args[0]);
        let options = self.options(
            args[2],
            &[
                "ifNotExists",
                "constraints",
                "inherits",
                "comment",
                "temporary",
                "unlogged",
                "like",
            ],
        );
        let like = options.get("like").and_then(|like| self.like(like));
        // With `like`, the columns may all come from the source: `{}`.
        let columns = match &args[1]?.kind {
            ValueKind::Object(entries) if entries.is_empty() && options.get("like").is_some() => {
                Some(Vec::new())
            }
            _ => self.columns(args[1]?, known),
        };
        let persistence = match (
            options.flag("temporary", self.errors),
            options.flag("unlogged", self.errors),
        ) {
            (true, true) => {
                if let Some(span) = options.key_span("unlogged") {
                    self.errors
                        .push(span, "a table is `temporary` or `unlogged`, not both");
                }
                None
            }
            (true, false) => Some("TEMPORARY"),
            (false, true) => Some("UNLOGGED"),
            (false, false) => None,
        };
        let constraints = options
            .get("constraints")
            .and_then(|value| self.table_constraints(value))
            .unwrap_or_default();
        let inherits = options
            .get("inherits")
            .and_then(|value| value::qualified(value, "`inherits`", self.errors));
        let comment = options
            .get("comment")
            .and_then(|value| value::string(value, "`comment`", self.errors));
        let if_not_exists = options.flag("ifNotExists", self.errors);
        let columns = columns?;
        let mut keys: Vec<Span> = columns
            .iter()
            .filter_map(|column| column.primary_key)
            .collect();
        if let Some((_, span)) = &constraints.primary_key {
            keys.push(*span);
        }
        if keys.is_empty() && like.is_none() {
            self.id_without_key(args[1]);
        }
        for extra in keys.iter().skip(1) {
            self.errors.push(
                *extra,
                "two primary keys; a table has one (for a composite key use `constraints: { primaryKey: [...] }`)",
            );
        }
        Some(OperationKind::CreateTable {
            table: table?,
            columns,
            constraints,
            if_not_exists,
            inherits,
            comment,
            persistence,
            like,
        })
    }

    pub(super) fn drop_table(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name"], &["options"])?;
        let table = self.table(args[0]);
        let drop = self.drop_options(args[1]);
        Some(OperationKind::DropTable {
            table: table?,
            drop,
        })
    }

    pub(super) fn rename_table(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the new name"], &[])?;
        let table = self.table(args[0]);
        let to = value::name(args[1]?, "the new name", self.errors);
        Some(OperationKind::RenameTable {
            table: table?,
            to: to?,
        })
    }

    pub(super) fn add_columns(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the columns"], &["options"])?;
        let table = self.table(args[0]);
        let columns = self.columns(args[1]?, known);
        let options = self.options(args[2], &["ifNotExists"]);
        let if_not_exists = options.flag("ifNotExists", self.errors);
        let columns = columns?;
        for extra in columns
            .iter()
            .filter_map(|column| column.primary_key)
            .skip(1)
        {
            self.errors.push(extra, "two primary keys; a table has one");
        }
        Some(OperationKind::AddColumns {
            table: table?,
            columns,
            if_not_exists,
        })
    }

    pub(super) fn drop_columns(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the columns"], &["options"])?;
        let table = self.table(args[0]);
        let columns = value::names(args[1]?, "the columns", self.errors);
        let drop = self.drop_options(args[2]);
        Some(OperationKind::DropColumns {
            table: table?,
            columns: columns?,
            drop,
        })
    }

    pub(super) fn rename_column(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the column", "the new name"], &[])?;
        let table = self.table(args[0]);
        let from = value::name(args[1]?, "the column", self.errors);
        let to = value::name(args[2]?, "the new name", self.errors);
        Some(OperationKind::RenameColumn {
            table: table?,
            from: from?,
            to: to?,
        })
    }

    /// `alterColumn(table, column, { type, using, collation, default, notNull,
    /// allowNull, comment, sequenceGenerated })`.
    pub(super) fn alter_column(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        const CHANGES: &[&str] = &[
            "type",
            "using",
            "collation",
            "default",
            "notNull",
            "allowNull",
            "comment",
            "sequenceGenerated",
        ];
        let args = self.args(&["the table name", "the column", "the changes"], &[])?;
        let table = self.table(args[0]);
        let column = value::name(args[1]?, "the column", self.errors);
        let options = self.options(args[2], CHANGES);
        let ty = options
            .get("type")
            .and_then(|value| value::ty(value, known, self.errors));
        let using = options
            .get("using")
            .and_then(|value| value::expr(value, "`using`", self.errors));
        let collation = options
            .get("collation")
            .and_then(|value| value::as_written(value, "`collation`", self.errors));
        for key in ["using", "collation"] {
            if let Some(span) = options.key_span(key)
                && options.get("type").is_none()
            {
                self.errors.push(span, format!("`{key}` needs `type`"));
            }
        }
        let default = options
            .get("default")
            .and_then(|value| value::default(value, self.errors));
        let not_null = self.nullability(&options);
        let comment = options.get("comment").and_then(|value| match value.kind {
            ValueKind::Null => Some(None),
            _ => value::string(value, "`comment`", self.errors).map(Some),
        });
        let identity = options
            .get("sequenceGenerated")
            .and_then(|value| match value.kind {
                ValueKind::Null | ValueKind::Bool(false) => Some(None),
                _ => self.generated(value, ty.as_ref()).map(Some),
            });
        if let (Some(Some(crate::model::Generated::Stored(_))), Some(span)) =
            (&identity, options.key_span("sequenceGenerated"))
        {
            self.errors.push(
                span,
                "`sequenceGenerated` makes an identity column; PostgreSQL cannot add a generated expression to an existing column",
            );
        }
        if !CHANGES.iter().any(|key| options.key_span(key).is_some()) {
            self.errors.push(
                args[2]?.span,
                "`alterColumn` needs at least one of `type`, `default`, `notNull`, `allowNull`, `comment`, `sequenceGenerated`",
            );
            return None;
        }
        Some(OperationKind::AlterColumn {
            table: table?,
            column: column?,
            ty,
            using,
            default,
            not_null,
            collation,
            identity,
            comment,
        })
    }

    /// `like: "source"` or `like: { table: "source", options: { including: [...],
    /// excluding: [...] } }`, rendered as `LIKE source INCLUDING …`.
    fn like(&mut self, value: &'a Value) -> Option<String> {
        if let ValueKind::Str(_) = value.kind {
            let source = value::qualified(value, "`like`", self.errors)?;
            return Some(format!("LIKE {}", crate::sql::qualified(&source)));
        }
        let options = Options::read(Some(value), "`like`", &["table", "options"], self.errors);
        let Some(source) = options.get("table") else {
            self.errors.push(
                value.span,
                "`like` is a table name, or `{ table, options: { including, excluding } }`",
            );
            return None;
        };
        let source = value::qualified(source, "`table`", self.errors)?;
        let mut sql = format!("LIKE {}", crate::sql::qualified(&source));
        let parts = Options::read(
            options.get("options"),
            "the options of `like`",
            &["including", "excluding"],
            self.errors,
        );
        for (key, words) in [("including", "INCLUDING"), ("excluding", "EXCLUDING")] {
            let Some(value) = parts.get(key) else {
                continue;
            };
            let items: Vec<&Value> = match &value.kind {
                ValueKind::Array(items) => items.iter().collect(),
                _ => vec![value],
            };
            for item in items {
                let part = value::choice(item, &format!("`{key}`"), LIKE_PARTS, self.errors)?;
                sql.push_str(&format!(" {words} {}", part.to_uppercase()));
            }
        }
        Some(sql)
    }
}
