//! Foreign keys against the schema: the target exists, its columns are a key, counts
//! and types agree; and a key others reference is not dropped from under them.

use super::{Cx, object};
use crate::model::{Action, Name, QualifiedName, Reference};
use pgbatch_schema::{ConstraintKind, IndexElement, Lookup, ObjectName, Table};

impl Cx<'_> {
    /// Checks a foreign key of `table` (already applied to the schema) on `columns`.
    pub(super) fn foreign_key(
        &mut self,
        table: &QualifiedName,
        columns: &[Name],
        target: &Reference,
    ) {
        let Some(referencing) = self.found_table(table) else {
            return;
        };
        let schema = self.schema;
        let target_name = object(&target.table);
        let referenced = match schema.table(&target_name) {
            Lookup::Found(found) => found,
            Lookup::Unknown => return,
            Lookup::Missing => {
                let candidates: Vec<&str> = schema
                    .tables
                    .keys()
                    .filter(|other| other.schema == target_name.schema)
                    .map(|other| other.name.as_str())
                    .collect();
                self.missing(target.table.name.span, "table", &target_name, &candidates);
                return;
            }
        };
        let ref_columns: Vec<String> = if target.columns.is_empty() {
            match referenced.primary_key() {
                Some(key) => key.to_vec(),
                None if referenced.incomplete => return,
                None => {
                    self.errors.push(
                        target.table.name.span,
                        format!(
                            "table `{target_name}` has no primary key for a foreign key to reference; name the referenced columns (`{}(column)`) or give it one",
                            target_name
                        ),
                    );
                    return;
                }
            }
        } else {
            let mut names = Vec::new();
            for column in &target.columns {
                if self.column(referenced, column, &target.table).is_none() {
                    return;
                }
                names.push(column.sql.clone());
            }
            names
        };
        let span = target.table.name.span;
        if ref_columns.len() != columns.len() {
            self.errors.push(
                span,
                format!(
                    "the foreign key has {} column(s) but references {} of `{target_name}` ({}); the counts must match",
                    columns.len(),
                    ref_columns.len(),
                    ref_columns.join(", ")
                ),
            );
            return;
        }
        if !referenced.incomplete && !is_key(schema, &target_name, referenced, &ref_columns) {
            self.errors.push(
                span,
                format!(
                    "`{target_name}({})` is not a primary key or unique; a foreign key must reference one (add a unique constraint or index on it first)",
                    ref_columns.join(", ")
                ),
            );
        }
        for (column, ref_column) in columns.iter().zip(&ref_columns) {
            let (Lookup::Found(from), Lookup::Found(to)) = (
                referencing.column(&column.sql),
                referenced.column(ref_column),
            ) else {
                continue;
            };
            if !comparable(&from.ty, &to.ty) {
                self.errors.push(
                    column.span,
                    format!(
                        "column `{}` is `{}` but references `{target_name}.{ref_column}`, which is `{}`; PostgreSQL cannot compare them in a foreign key",
                        column.sql, from.ty, to.ty
                    ),
                );
            }
        }
        if target.on_delete == Some(Action::SetNull) || target.on_update == Some(Action::SetNull) {
            for column in columns {
                if let Lookup::Found(from) = referencing.column(&column.sql)
                    && from.not_null
                {
                    self.errors.push(
                        column.span,
                        format!(
                            "column `{}` is NOT NULL, so `onDelete: \"set null\"` would fail when the referenced row goes; drop `notNull` or choose `cascade`/`restrict`",
                            column.sql
                        ),
                    );
                }
            }
        }
    }

    /// Dropping a table (or one of its columns) that another table's foreign key
    /// references fails without `CASCADE`.
    pub(super) fn not_referenced(&mut self, table: &QualifiedName, column: Option<&Name>) {
        let target = object(table);
        let Some((from, constraint)) = references_to(self.schema, &target, |ref_columns| {
            column.is_none_or(|column| ref_columns.contains(&column.sql))
        }) else {
            return;
        };
        let (span, what) = match column {
            Some(column) => (
                column.span,
                format!("column `{}` of `{target}`", column.sql),
            ),
            None => (table.name.span, format!("table `{target}`")),
        };
        self.errors.push(
            span,
            format!(
                "{what} is referenced by the foreign key `{constraint}` of table `{from}`; drop that constraint first, or pass `cascade: true`"
            ),
        );
    }

    /// Dropping a primary key or unique constraint that a foreign key relies on fails
    /// without `CASCADE`.
    pub(super) fn key_not_referenced(
        &mut self,
        table: &QualifiedName,
        constraint: &pgbatch_schema::Constraint,
        span: proc_macro2::Span,
    ) {
        let key = match &constraint.kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } => columns,
            _ => return,
        };
        let target = object(table);
        if let Some((from, foreign_key)) = references_to(self.schema, &target, |ref_columns| {
            same_set(ref_columns, key)
        }) {
            self.errors.push(
                span,
                format!(
                    "constraint `{}` is what the foreign key `{foreign_key}` of table `{from}` references; drop that first, or pass `cascade: true`",
                    constraint.name
                ),
            );
        }
    }
}

/// The first foreign key of another table into `target` whose referenced columns
/// satisfy `matches`.
fn references_to<'s>(
    schema: &'s pgbatch_schema::Schema,
    target: &ObjectName,
    matches: impl Fn(&[String]) -> bool,
) -> Option<(&'s ObjectName, &'s str)> {
    schema.tables.iter().find_map(|(name, table)| {
        // A table a statement the model does not follow touched may have lost the key.
        if name == target || schema.unknown.contains(name) {
            return None;
        }
        table
            .constraints
            .iter()
            .find_map(|constraint| match &constraint.kind {
                ConstraintKind::ForeignKey {
                    table: referenced,
                    ref_columns,
                    ..
                } if referenced == target && matches(ref_columns) => {
                    Some((name, constraint.name.as_str()))
                }
                _ => None,
            })
    })
}

/// Whether `columns` are exactly the columns of a primary key, a unique constraint, or
/// a unique index without predicate or expressions, in any order (PostgreSQL's rule).
fn is_key(
    schema: &pgbatch_schema::Schema,
    name: &ObjectName,
    table: &Table,
    columns: &[String],
) -> bool {
    let constraint = table
        .constraints
        .iter()
        .any(|constraint| match &constraint.kind {
            ConstraintKind::PrimaryKey { columns: key }
            | ConstraintKind::Unique { columns: key } => same_set(key, columns),
            _ => false,
        });
    constraint
        || schema.indexes.values().any(|index| {
            index.table == *name
                && index.unique
                && index.predicate.is_none()
                && index.elements.len() == columns.len()
                && index.elements.iter().all(|element| match element {
                    IndexElement::Column(column) => columns.contains(column),
                    IndexElement::Expression(_) => false,
                })
        })
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|column| b.contains(column))
}

/// Whether PostgreSQL can build a foreign key between columns of these types: both in
/// one family of types that cast to each other implicitly. Types outside the families
/// known here (domains, enums, arrays, extension types) are given the benefit of the
/// doubt.
fn comparable(a: &str, b: &str) -> bool {
    match (family(a), family(b)) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

fn family(ty: &str) -> Option<&'static str> {
    let base = ty.split('(').next().unwrap_or(ty).trim();
    Some(match base {
        "smallint" | "integer" | "bigint" | "numeric" | "real" | "double precision" => "number",
        "text" | "character varying" | "character" | "name" => "text",
        "uuid" => "uuid",
        "boolean" => "boolean",
        "date" | "timestamp without time zone" | "timestamp with time zone" => "timestamp",
        "bytea" => "bytea",
        "jsonb" => "jsonb",
        "inet" | "cidr" => "inet",
        _ => return None,
    })
}
