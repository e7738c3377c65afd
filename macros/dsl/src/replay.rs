//! Replays a checked migration over the schema the earlier migrations produce: each
//! operation is checked against the schema as it stands (before, for what it names;
//! after, for the types of what it made), then applied to it through its own SQL, so
//! the next operation sees it.
//!
//! Every check here answers only on what the model knows: an object a statement the
//! model does not follow may have touched is `Lookup::Unknown`, and nothing is said
//! about it. A false rejection of a valid history is worse than a missed mistake.

mod defaults;
mod expressions;
mod references;

use crate::model::{
    Column, Constraint, Migration, Name, Operation, OperationKind, QualifiedName, Type,
};
use crate::value::{Errors, closest, is_builtin_type};
use crate::{pg, sql};
use pgbatch_schema::{Lookup, ObjectName, Schema, TypeDef};
use std::collections::BTreeMap;

/// What later migrations create: a name used before its migration gets a precise hint.
#[derive(Debug, Clone, Default)]
pub struct Later {
    /// Tables and types created by a later migration, with that migration's file name.
    pub created: BTreeMap<ObjectName, String>,
}

/// Checks `migration`'s up against `schema`, operation by operation, and leaves in
/// `schema` what the migration produces. Errors are pushed in the order found.
pub(crate) fn replay(
    migration: &Migration,
    schema: &mut Schema,
    later: &Later,
    errors: &mut Errors,
) {
    for op in &migration.up {
        let mut cx = Cx {
            schema,
            later,
            errors,
        };
        cx.before(op);
        for statement in sql::forward(op) {
            schema.apply(&statement.sql);
        }
        let mut cx = Cx {
            schema,
            later,
            errors,
        };
        cx.after(op);
    }
}

/// The qualified name of a DSL name.
pub(crate) fn object(name: &QualifiedName) -> ObjectName {
    ObjectName::new(
        name.schema.as_ref().map(|schema| schema.sql.as_str()),
        &name.name.sql,
    )
}

struct Cx<'a> {
    schema: &'a Schema,
    later: &'a Later,
    errors: &'a mut Errors,
}

impl<'a> Cx<'a> {
    /// The checks on what an operation names, against the schema before it.
    fn before(&mut self, op: &Operation) {
        match &op.kind {
            OperationKind::Sql { .. } => {}
            OperationKind::CreateTable {
                table,
                columns,
                constraints,
                if_not_exists,
                inherits,
                ..
            } => {
                if !if_not_exists {
                    self.not_taken(&object(table), table.name.span, "table");
                }
                self.schema_exists(table);
                if let Some(parent) = inherits {
                    self.table(parent);
                }
                let names: Vec<&str> = columns
                    .iter()
                    .map(|column| column.name.sql.as_str())
                    .collect();
                for column in columns {
                    self.column_type(&column.ty);
                }
                let keys = constraints
                    .primary_key
                    .iter()
                    .map(|(columns, _)| columns)
                    .chain(&constraints.unique)
                    .chain(constraints.foreign_keys.iter().map(|fk| &fk.columns));
                for key in keys {
                    for name in key {
                        self.in_list(name, &names, &table.name.sql);
                    }
                }
            }
            OperationKind::DropTable { table, drop } => {
                if let Some(found) = self.table_unless(table, drop.if_exists)
                    && !drop.cascade
                {
                    let _ = found;
                    self.not_referenced(table, None);
                }
            }
            OperationKind::RenameTable { table, to } => {
                if self.table(table).is_some() {
                    let target = ObjectName::new(Some(&object(table).schema), &to.sql);
                    self.not_taken(&target, to.span, "table");
                }
            }
            OperationKind::AddColumns {
                table,
                columns,
                if_not_exists,
            } => {
                for column in columns {
                    self.column_type(&column.ty);
                }
                if let Some(found) = self.table(table)
                    && !if_not_exists
                {
                    for column in columns {
                        if let Lookup::Found(_) = found.column(&column.name.sql) {
                            self.errors.push(
                                column.name.span,
                                format!(
                                    "column `{}` already exists in table `{}`; pass `ifNotExists: true` if that is expected",
                                    column.name.sql, table.name.sql
                                ),
                            );
                        }
                    }
                }
            }
            OperationKind::DropColumns {
                table,
                columns,
                drop,
            } => {
                if let Some(found) = self.table(table) {
                    for column in columns {
                        if !drop.if_exists {
                            self.column(found, column, table);
                        }
                        if !drop.cascade {
                            self.not_referenced(table, Some(column));
                        }
                    }
                }
            }
            OperationKind::RenameColumn { table, from, to } => {
                if let Some(found) = self.table(table) {
                    self.column(found, from, table);
                    if let Lookup::Found(_) = found.column(&to.sql) {
                        self.errors.push(
                            to.span,
                            format!(
                                "column `{}` already exists in table `{}`; choose another name or drop it first",
                                to.sql, table.name.sql
                            ),
                        );
                    }
                }
            }
            OperationKind::AlterColumn {
                table, column, ty, ..
            } => {
                if let Some(ty) = ty {
                    self.column_type(ty);
                }
                if let Some(found) = self.table(table) {
                    self.column(found, column, table);
                }
            }
            OperationKind::AddConstraint {
                table,
                name,
                constraint,
                ..
            } => {
                if let Some(found) = self.table(table) {
                    if let Lookup::Found(_) = found.constraint(&name.sql) {
                        self.errors.push(
                            name.span,
                            format!(
                                "constraint `{}` already exists on table `{}`; choose another name or drop it first",
                                name.sql, table.name.sql
                            ),
                        );
                    } else if matches!(
                        constraint,
                        Constraint::Unique(_) | Constraint::PrimaryKey(_)
                    ) {
                        // Their index takes the constraint's name among the relations.
                        let index = ObjectName::new(Some(&object(table).schema), &name.sql);
                        self.not_taken(&index, name.span, "index");
                    }
                    let columns = match constraint {
                        Constraint::Unique(columns)
                        | Constraint::PrimaryKey(columns)
                        | Constraint::ForeignKey { columns, .. } => columns.as_slice(),
                        Constraint::Check(_) => &[],
                    };
                    for column in columns {
                        self.column(found, column, table);
                    }
                }
            }
            OperationKind::DropConstraint { table, name, drop } => {
                if let Some(found) = self.table(table) {
                    let constraint = if drop.if_exists {
                        match found.constraint(&name.sql) {
                            Lookup::Found(constraint) => Some(constraint),
                            _ => None,
                        }
                    } else {
                        self.constraint(found, name, table)
                    };
                    if let Some(constraint) = constraint
                        && !drop.cascade
                    {
                        self.key_not_referenced(table, constraint, name.span);
                    }
                }
            }
            OperationKind::ValidateConstraint { table, name } => {
                if let Some(found) = self.table(table) {
                    self.constraint(found, name, table);
                }
            }
            OperationKind::CreateIndex(index) => {
                if !index.if_not_exists {
                    let name = ObjectName::new(Some(&object(&index.table).schema), &index.name.sql);
                    self.not_taken(&name, index.name.span, "index");
                }
                // Materialized views take indexes too; their columns are not modelled.
                let view = self.schema.views.contains_key(&object(&index.table));
                if !view && let Some(found) = self.table(&index.table) {
                    for element in &index.elements {
                        match &element.target {
                            crate::model::IndexTarget::Column(column) => {
                                self.column(found, column, &index.table);
                            }
                            crate::model::IndexTarget::Expr(expr) => {
                                self.expression_columns(found, &expr.sql, expr.span, &index.table);
                            }
                        }
                    }
                    for column in &index.include {
                        self.column(found, column, &index.table);
                    }
                    if let Some(predicate) = &index.predicate {
                        self.expression_columns(
                            found,
                            &predicate.sql,
                            predicate.span,
                            &index.table,
                        );
                    }
                }
            }
            OperationKind::DropIndex { index, drop, .. } => {
                let name = object(index);
                match self.schema.index(&name) {
                    Lookup::Found(found) => {
                        if let Some(constraint) = &found.constraint {
                            self.errors.push(
                                index.name.span,
                                format!(
                                    "index `{}` belongs to constraint `{constraint}` of table `{}`; drop the constraint instead (`dropConstraint`)",
                                    index.name.sql, found.table
                                ),
                            );
                        }
                    }
                    Lookup::Missing if !drop.if_exists => {
                        let candidates: Vec<&str> = self
                            .schema
                            .indexes
                            .keys()
                            .filter(|other| other.schema == name.schema)
                            .map(|other| other.name.as_str())
                            .collect();
                        self.missing(index.name.span, "index", &name, &candidates);
                    }
                    _ => {}
                }
            }
            OperationKind::CreateType { name, .. } => {
                self.not_taken(&object(name), name.name.span, "type");
            }
            OperationKind::DropType { name, drop } => {
                let object = object(name);
                match self.schema.user_type(&object) {
                    Lookup::Found(_) if !drop.cascade => self.type_unused(&object, name.name.span),
                    Lookup::Missing if !drop.if_exists => {
                        let candidates = self.type_names(&object.schema);
                        self.missing(name.name.span, "type", &object, &candidates);
                    }
                    _ => {}
                }
            }
            OperationKind::AddTypeValue {
                name,
                value,
                position,
                if_not_exists,
            } => self.add_type_value(name, value, position.as_ref(), *if_not_exists),
            OperationKind::CreateExtension {
                name,
                if_not_exists,
                ..
            } => {
                if !if_not_exists
                    && !self.schema.opaque
                    && self.schema.extensions.contains_key(&name.value)
                {
                    self.errors.push(
                        name.span,
                        format!(
                            "extension `{}` is already created by an earlier migration; pass `ifNotExists: true` if that is expected",
                            name.value
                        ),
                    );
                }
            }
            OperationKind::DropExtension { name, drop } => {
                if !drop.if_exists
                    && !self.schema.opaque
                    && !self.schema.extensions.contains_key(&name.value)
                {
                    self.errors.push(
                        name.span,
                        format!(
                            "extension `{}` is not created by any earlier migration",
                            name.value
                        ),
                    );
                }
            }
            OperationKind::CreateSchema {
                name,
                if_not_exists,
            } => {
                if !if_not_exists && !self.schema.opaque && self.schema.schemas.contains(&name.sql)
                {
                    self.errors.push(
                        name.span,
                        format!(
                            "schema `{}` is already created by an earlier migration; pass `ifNotExists: true` if that is expected",
                            name.sql
                        ),
                    );
                }
            }
            OperationKind::DropSchema { name, drop } => {
                self.drop_schema(name, drop.if_exists, drop.cascade)
            }
        }
    }

    /// The checks on what an operation made, against the schema after it: literal
    /// defaults against the column's type, foreign keys against their target.
    fn after(&mut self, op: &Operation) {
        match &op.kind {
            OperationKind::CreateTable {
                table,
                columns,
                constraints,
                ..
            } => {
                self.columns_after(table, columns);
                for fk in &constraints.foreign_keys {
                    self.foreign_key(table, &fk.columns, &fk.references);
                }
            }
            OperationKind::AddColumns { table, columns, .. } => self.columns_after(table, columns),
            OperationKind::AlterColumn {
                table,
                column,
                default: Some(default),
                ..
            } => {
                if let Some(found) = self.found_table(table)
                    && let Lookup::Found(found) = found.column(&column.sql)
                {
                    let ty = found.ty.clone();
                    self.default_fits(default, &ty, column.span);
                }
            }
            OperationKind::AddConstraint {
                table, constraint, ..
            } => match constraint {
                Constraint::ForeignKey {
                    columns,
                    references,
                } => self.foreign_key(table, columns, references),
                Constraint::Check(expr) => {
                    if let Some(found) = self.found_table(table) {
                        self.expression_columns(found, &expr.sql, expr.span, table);
                    }
                }
                Constraint::Unique(_) | Constraint::PrimaryKey(_) => {}
            },
            _ => {}
        }
    }

    fn columns_after(&mut self, table: &QualifiedName, columns: &[Column]) {
        let Some(found) = self.found_table(table) else {
            return;
        };
        for column in columns {
            if let Some(default) = &column.default
                && let Lookup::Found(model) = found.column(&column.name.sql)
            {
                let ty = model.ty.clone();
                self.default_fits(
                    default,
                    &ty,
                    column.default_span.unwrap_or(column.name.span),
                );
            }
            if let Some(check) = &column.check {
                self.expression_columns(found, &check.sql, check.span, table);
            }
            if let Some(references) = &column.references {
                self.foreign_key(table, std::slice::from_ref(&column.name), references);
            }
        }
    }

    /// The table, if the model knows it; an error (with a did-you-mean) if it knows it
    /// does not exist; `None` and silence if it cannot tell.
    fn table(&mut self, name: &QualifiedName) -> Option<&'a pgbatch_schema::Table> {
        self.table_unless(name, false)
    }

    fn table_unless(
        &mut self,
        name: &QualifiedName,
        if_exists: bool,
    ) -> Option<&'a pgbatch_schema::Table> {
        let schema = self.schema;
        let object = object(name);
        match schema.table(&object) {
            Lookup::Found(table) => Some(table),
            Lookup::Unknown => None,
            Lookup::Missing => {
                if !if_exists {
                    let candidates: Vec<&str> = schema
                        .tables
                        .keys()
                        .filter(|other| other.schema == object.schema)
                        .map(|other| other.name.as_str())
                        .collect();
                    let what = if schema.views.contains_key(&object) {
                        "view"
                    } else {
                        "table"
                    };
                    if what == "view" {
                        self.errors
                            .push(name.name.span, format!("`{object}` is a view, not a table"));
                    } else {
                        self.missing(name.name.span, "table", &object, &candidates);
                    }
                }
                None
            }
        }
    }

    /// The table after the operation, silently.
    fn found_table(&self, name: &QualifiedName) -> Option<&'a pgbatch_schema::Table> {
        let schema: &'a Schema = self.schema;
        match schema.table(&object(name)) {
            Lookup::Found(table) => Some(table),
            _ => None,
        }
    }

    fn missing(
        &mut self,
        span: proc_macro2::Span,
        what: &str,
        name: &ObjectName,
        candidates: &[&str],
    ) {
        let hint = if let Some(file) = self.later.created.get(name) {
            format!(
                "it is created only by a later migration, `{file}`; migrations run in the order of their numbers"
            )
        } else if let Some(near) = closest(&name.name, candidates.iter().copied()) {
            format!("did you mean `{near}`?")
        } else {
            "no earlier migration creates it".to_owned()
        };
        self.errors
            .push(span, format!("unknown {what} `{name}`; {hint}"));
    }

    fn column<'t>(
        &mut self,
        table: &'t pgbatch_schema::Table,
        column: &Name,
        table_name: &QualifiedName,
    ) -> Option<&'t pgbatch_schema::Column> {
        match table.column(&column.sql) {
            Lookup::Found(found) => Some(found),
            Lookup::Unknown => None,
            Lookup::Missing => {
                let hint = match closest(&column.sql, table.columns.iter().map(|c| c.name.as_str()))
                {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "its columns are {}",
                        table
                            .columns
                            .iter()
                            .map(|c| format!("`{}`", c.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.errors.push(
                    column.span,
                    format!(
                        "unknown column `{}` in table `{}`; {hint}",
                        column.sql,
                        object(table_name)
                    ),
                );
                None
            }
        }
    }

    fn constraint<'t>(
        &mut self,
        table: &'t pgbatch_schema::Table,
        name: &Name,
        table_name: &QualifiedName,
    ) -> Option<&'t pgbatch_schema::Constraint> {
        match table.constraint(&name.sql) {
            Lookup::Found(found) => Some(found),
            Lookup::Unknown => None,
            Lookup::Missing => {
                let hint =
                    match closest(&name.sql, table.constraints.iter().map(|c| c.name.as_str())) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None if table.constraints.is_empty() => "it has no constraints".to_owned(),
                        None => format!(
                            "its constraints are {}",
                            table
                                .constraints
                                .iter()
                                .map(|c| format!("`{}`", c.name))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                self.errors.push(
                    name.span,
                    format!(
                        "unknown constraint `{}` on table `{}`; {hint}",
                        name.sql,
                        object(table_name)
                    ),
                );
                None
            }
        }
    }

    /// A name in a list of the columns being created.
    fn in_list(&mut self, name: &Name, columns: &[&str], table: &str) {
        if !columns.contains(&name.sql.as_str()) {
            let hint = match closest(&name.sql, columns.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "name one of the table's columns".to_owned(),
            };
            self.errors.push(
                name.span,
                format!("unknown column `{}` in table `{table}`; {hint}", name.sql),
            );
        }
    }

    /// Tables, views, indexes, sequences and types share one namespace per schema.
    fn not_taken(&mut self, name: &ObjectName, span: proc_macro2::Span, creating: &str) {
        if let Lookup::Found(kind) = self.schema.relation_exists(name) {
            let hint = if kind == creating {
                "choose another name, or drop it first".to_owned()
            } else {
                "tables, views, indexes, sequences and types share one namespace in a schema; choose another name".to_owned()
            };
            self.errors.push(
                span,
                format!("{kind} `{name}` already exists (an earlier operation or migration creates it); {hint}"),
            );
        }
    }

    fn schema_exists(&mut self, table: &QualifiedName) {
        let Some(schema) = &table.schema else {
            return;
        };
        let known = schema.sql == pgbatch_schema::DEFAULT_SCHEMA
            || self.schema.schemas.contains(&schema.sql)
            || self.schema.opaque
            || self.schema.unknown.contains(&ObjectName::new(Some(&schema.sql), "*"))
            // System schemas and ones an extension or a raw statement may create.
            || schema.sql.starts_with("pg_")
            || schema.sql == "information_schema";
        if !known {
            let hint = match closest(&schema.sql, self.schema.schemas.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "create it first with `createSchema`".to_owned(),
            };
            self.errors.push(
                schema.span,
                format!("unknown schema `{}`; {hint}", schema.sql),
            );
        }
    }

    /// A column type naming a user-defined type must name one that exists by now.
    fn column_type(&mut self, ty: &Type) {
        let Ok(parts) = pg::type_name(&ty.sql) else {
            return;
        };
        let name = match parts.as_slice() {
            [name] if !is_builtin_type(name) => ObjectName::new(None, name),
            [schema, name] if schema != "pg_catalog" => ObjectName::new(Some(schema), name),
            _ => return,
        };
        // A type of an extension (`citext`, `geometry`…) is known when its extension is,
        // and the macro already refuses names no migration creates.
        if matches!(self.schema.user_type(&name), Lookup::Missing)
            && let Some(file) = self.later.created.get(&name)
        {
            self.errors.push(
                ty.span,
                format!(
                    "type `{name}` is created only by a later migration, `{file}`; migrations run in the order of their numbers"
                ),
            );
        }
    }

    fn type_names(&self, schema: &str) -> Vec<&'a str> {
        let model: &'a Schema = self.schema;
        model
            .types
            .keys()
            .filter(|name| name.schema == schema)
            .map(|name| name.name.as_str())
            .collect()
    }

    fn add_type_value(
        &mut self,
        name: &QualifiedName,
        value: &crate::model::Text,
        position: Option<&crate::model::ValuePosition>,
        if_not_exists: bool,
    ) {
        let object = object(name);
        let labels = match self.schema.user_type(&object) {
            Lookup::Found(TypeDef::Enum { labels }) => labels,
            Lookup::Found(_) => {
                self.errors.push(
                    name.name.span,
                    format!("type `{object}` is not an enum; only enums take values"),
                );
                return;
            }
            Lookup::Unknown => return,
            Lookup::Missing => {
                let candidates = self.type_names(&object.schema);
                self.missing(name.name.span, "type", &object, &candidates);
                return;
            }
        };
        if !if_not_exists && labels.contains(&value.value) {
            self.errors.push(
                value.span,
                format!(
                    "enum `{object}` already has the value `{}`; pass `ifNotExists: true` if that is expected",
                    value.value
                ),
            );
        }
        if let Some(
            crate::model::ValuePosition::Before(anchor)
            | crate::model::ValuePosition::After(anchor),
        ) = position
            && !labels.contains(&anchor.value)
        {
            let hint = match closest(&anchor.value, labels.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("its values are {}", quoted_list(labels)),
            };
            self.errors.push(
                anchor.span,
                format!("enum `{object}` has no value `{}`; {hint}", anchor.value),
            );
        }
    }

    fn drop_schema(&mut self, name: &Name, if_exists: bool, cascade: bool) {
        if self.schema.opaque || name.sql == pgbatch_schema::DEFAULT_SCHEMA {
            return;
        }
        if !self.schema.schemas.contains(&name.sql) {
            if !if_exists
                && !self
                    .schema
                    .unknown
                    .contains(&ObjectName::new(Some(&name.sql), "*"))
            {
                let hint = match closest(&name.sql, self.schema.schemas.iter().map(String::as_str))
                {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "no earlier migration creates it".to_owned(),
                };
                self.errors
                    .push(name.span, format!("unknown schema `{}`; {hint}", name.sql));
            }
            return;
        }
        if !cascade {
            let inside = self
                .schema
                .tables
                .keys()
                .chain(self.schema.types.keys())
                .chain(self.schema.views.keys())
                .find(|object| object.schema == name.sql && !self.schema.unknown.contains(object));
            if let Some(object) = inside {
                self.errors.push(
                    name.span,
                    format!(
                        "schema `{}` is not empty (`{object}` is in it); drop what it holds first, or pass `cascade: true`",
                        name.sql
                    ),
                );
            }
        }
    }

    /// A type still used by a column cannot be dropped without cascade.
    fn type_unused(&mut self, name: &ObjectName, span: proc_macro2::Span) {
        let spelled = name.to_string();
        for (table, found) in &self.schema.tables {
            if self.schema.unknown.contains(table) {
                continue;
            }
            if let Some(column) = found
                .columns
                .iter()
                .find(|column| column.ty.trim_end_matches("[]") == spelled)
            {
                self.errors.push(
                    span,
                    format!(
                        "type `{spelled}` is still used by column `{}` of table `{table}`; drop or change that column first, or pass `cascade: true`",
                        column.name
                    ),
                );
                return;
            }
        }
    }
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
