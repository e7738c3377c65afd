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
mod lookup;
mod references;
mod rules;
mod subjects;
mod types;

use crate::model::{Column, Constraint, Migration, Operation, OperationKind, QualifiedName};
use crate::sql;
use crate::value::Errors;
use pgbatch_schema::{Lookup, ObjectName, Schema};
use rules::Rule;
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
            OperationKind::Direct(direct) => {
                if let Some(subject) = &direct.subject {
                    self.subject(subject);
                }
            }
            OperationKind::CreateView(view) if !view.replace && !view.if_not_exists => {
                self.not_taken(&object(&view.name), view.name.name.span, "view");
            }
            OperationKind::RenameView { name, to, .. } => {
                let renamed = QualifiedName {
                    schema: name.schema.clone(),
                    name: to.clone(),
                };
                self.not_taken(&object(&renamed), to.span, "view");
            }
            OperationKind::CreateTrigger(trigger) => {
                self.rule(&trigger.table, Rule::Trigger, &trigger.name, false);
                if trigger.inline.is_none() {
                    self.function(&trigger.function);
                }
            }
            OperationKind::CreatePolicy(policy) => {
                self.rule(&policy.table, Rule::Policy, &policy.name, false);
            }
            OperationKind::DropPolicy {
                table,
                name,
                if_exists,
            } => {
                if !if_exists {
                    self.rule(table, Rule::Policy, name, true);
                }
            }
            OperationKind::DropTrigger { table, name, drop } => {
                if !drop.if_exists {
                    self.rule(table, Rule::Trigger, name, true);
                }
            }
            OperationKind::RenamePolicy { table, name, to } => {
                self.rule(table, Rule::Policy, name, true);
                self.rule(table, Rule::Policy, to, false);
            }
            OperationKind::RenameTrigger { table, name, to } => {
                self.rule(table, Rule::Trigger, name, true);
                self.rule(table, Rule::Trigger, to, false);
            }
            OperationKind::RenameIndex { name, to } => {
                let renamed = QualifiedName {
                    schema: name.schema.clone(),
                    name: to.clone(),
                };
                self.not_taken(&object(&renamed), to.span, "index");
            }
            OperationKind::RenameConstraint { table, .. } => {
                self.table(table);
            }
            OperationKind::RenameSchema { .. }
            | OperationKind::CreateRole(_)
            | OperationKind::DropRole { .. }
            | OperationKind::RenameRole { .. }
            | OperationKind::Grant(_) => {}
            OperationKind::CreateSequence(sequence) if !sequence.if_not_exists => {
                self.not_taken(&object(&sequence.name), sequence.name.name.span, "sequence");
            }
            OperationKind::CreateDomain(domain) => {
                self.not_taken(&object(&domain.name), domain.name.name.span, "type");
            }
            OperationKind::RenameSequence { name, to }
            | OperationKind::RenameDomain { name, to }
            | OperationKind::RenameType { name, to } => {
                let renamed = QualifiedName {
                    schema: name.schema.clone(),
                    name: to.clone(),
                };
                self.not_taken(&object(&renamed), to.span, "type");
            }
            OperationKind::CreateSequence(_)
            | OperationKind::AlterSequence(_)
            | OperationKind::DropSequence { .. }
            | OperationKind::DropDomain { .. }
            | OperationKind::CreateView(_)
            | OperationKind::CreateFunction(_)
            | OperationKind::DropFunction { .. }
            | OperationKind::RenameFunction { .. }
            | OperationKind::DropView { .. }
            | OperationKind::RefreshMaterializedView { .. } => {}
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
                if self.table_unless(table, drop.if_exists).is_some() && !drop.cascade {
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
                        Constraint::Check(_) | Constraint::Sql(_) => &[],
                    };
                    for column in columns {
                        self.column(found, column, table);
                    }
                }
            }
            OperationKind::DropConstraint {
                table,
                name,
                drop,
                table_if_exists,
            } => {
                if let Some(found) = self.table_unless(table, *table_if_exists) {
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
                ..
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
                Constraint::Unique(_) | Constraint::PrimaryKey(_) | Constraint::Sql(_) => {}
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
}
