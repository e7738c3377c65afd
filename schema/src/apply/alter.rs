//! `ALTER TABLE` and its actions, and the renames and schema moves that `ALTER TABLE`,
//! `ALTER INDEX`, `ALTER VIEW` and `ALTER SEQUENCE` share (PostgreSQL lets each rename
//! any relation).

use super::constraint;
use super::drop::remove_column;
use super::rename::{rename_column, rename_or_move, rename_or_move_action};
use super::table::{add_column, identity_kind, read_column};
use crate::model::{Column, ConstraintKind, ObjectName, Schema, Sequence};
use crate::names::choose_relation_name;
use crate::syntax::{cascades, child, has, ident, mentioned_names, object_name};
use crate::types::{column_type, type_child};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// `ALTER TABLE [IF EXISTS] [ONLY] name action, …`.
pub(crate) fn alter_table(schema: &mut Schema, node: &SyntaxNode) {
    let Some(name) =
        child(node, SyntaxKind::TABLE_RELATION_NAME).and_then(|name| object_name(&name))
    else {
        // `ALTER TABLE ALL IN TABLESPACE …` moves storage only.
        return;
    };
    if !schema.tables.contains_key(&name) || schema.unknown.contains(&name) {
        // A view, index or sequence (`ALTER TABLE` renames and moves those too), or a
        // relation the model does not know.
        if schema.views.contains_key(&name)
            || schema.indexes.contains_key(&name)
            || schema.sequences.contains_key(&name)
        {
            rename_or_move(schema, node, &name);
        } else if !has(node, SyntaxKind::IF_EXISTS)
            || schema.unknown.contains(&name)
            || schema.opaque
        {
            mark_unknown(schema, node, &name);
        }
        return;
    }
    let only = child(node, SyntaxKind::TABLE_RELATION_NAME)
        .is_some_and(|relation| has(&relation, SyntaxKind::ONLY_KW));
    let mut current = name;
    for action in node.children() {
        current = alter_action(schema, &current, &action);
        if !only {
            recurse(schema, &current, &action);
        }
    }
}

/// What PostgreSQL applies to inheritance children and partitions too: new columns,
/// column changes, and check constraints (under the parent's constraint name).
fn recurse(schema: &mut Schema, table: &ObjectName, action: &SyntaxNode) {
    let children: Vec<ObjectName> = schema
        .tables
        .iter()
        .filter(|(_, child)| child.parents.contains(table))
        .map(|(name, _)| name.clone())
        .collect();
    if children.is_empty() {
        return;
    }
    let check = schema
        .tables
        .get(table)
        .and_then(|known| known.constraints.last().cloned())
        .filter(|constraint| matches!(constraint.kind, ConstraintKind::Check { .. }));
    for child_name in children {
        match action.kind() {
            SyntaxKind::ADD_COLUMN => {
                // The child gets the parent's column as added (a `serial`'s default
                // included); keys and foreign keys are not inherited, and a check is,
                // under the parent's name, which the child's lookups leave unknown.
                let Some(def) = read_column(action) else {
                    continue;
                };
                let added = schema.tables.get(table).and_then(|parent| {
                    parent
                        .columns
                        .iter()
                        .find(|c| c.name == def.column.name)
                        .cloned()
                });
                let checks = def
                    .constraints
                    .iter()
                    .any(|pending| matches!(pending.kind, ConstraintKind::Check { .. }));
                if let (Some(column), Some(known)) = (added, schema.tables.get_mut(&child_name)) {
                    match known.columns.iter_mut().find(|c| c.name == column.name) {
                        Some(existing) => existing.not_null |= column.not_null,
                        None => known.columns.push(Column {
                            identity: None,
                            ..column
                        }),
                    }
                    known.incomplete |= checks;
                }
            }
            SyntaxKind::ALTER_COLUMN => alter_column(schema, &child_name, action),
            SyntaxKind::ADD_CONSTRAINT => {
                if let Some(check) = &check
                    && schema.tables.get(&child_name).is_some_and(|known| {
                        !known.constraints.iter().any(|c| c.name == check.name)
                    })
                {
                    schema.add_constraint(&child_name, check.clone());
                }
            }
            _ => continue,
        }
        recurse(schema, &child_name, action);
    }
}

/// Marks what an `ALTER TABLE` of a relation the model does not know names as unknown,
/// the names it may rename or move it to included.
fn mark_unknown(schema: &mut Schema, node: &SyntaxNode, name: &ObjectName) {
    for mentioned in mentioned_names(node) {
        schema.unknown.insert(mentioned);
    }
    if let Some(target) =
        child(node, SyntaxKind::SET_SCHEMA).and_then(|set| child(&set, SyntaxKind::SCHEMA_REF))
    {
        schema
            .unknown
            .insert(ObjectName::new(Some(&ident(&target)), &name.name));
    }
}

/// One action on a table the model knows; returns the table's name after it.
fn alter_action(schema: &mut Schema, table: &ObjectName, action: &SyntaxNode) -> ObjectName {
    match action.kind() {
        SyntaxKind::ADD_COLUMN => {
            if let Some(def) = read_column(action) {
                let exists = schema
                    .tables
                    .get(table)
                    .is_some_and(|known| known.columns.iter().any(|c| c.name == def.column.name));
                if !(exists && has(action, SyntaxKind::IF_NOT_EXISTS)) {
                    let pending = add_column(schema, table, def);
                    constraint::add(schema, table, pending);
                }
            }
        }
        SyntaxKind::DROP_COLUMN => {
            if let Some(column) = child(action, SyntaxKind::COLUMN_NAME_REF) {
                remove_column(schema, table, &ident(&column), cascades(action));
            }
        }
        SyntaxKind::RENAME_COLUMN => {
            let from = child(action, SyntaxKind::COLUMN_NAME_REF).map(|name| ident(&name));
            let to = child(action, SyntaxKind::COLUMN_NAME).map(|name| ident(&name));
            if let (Some(from), Some(to)) = (from, to) {
                rename_column(schema, table, &from, &to);
            }
        }
        SyntaxKind::ALTER_COLUMN => alter_column(schema, table, action),
        SyntaxKind::ADD_CONSTRAINT => {
            if let Some(clause) = action.children().next() {
                if clause.kind() == SyntaxKind::NOT_NULL_CONSTRAINT {
                    set_incomplete(schema, table);
                } else {
                    constraint::add(
                        schema,
                        table,
                        constraint::read(&clause, None).into_iter().collect(),
                    );
                }
            }
        }
        SyntaxKind::DROP_CONSTRAINT => {
            if let Some(name) = child(action, SyntaxKind::CONSTRAINT_NAME_REF) {
                drop_constraint(schema, table, &ident(&name), cascades(action));
            }
        }
        SyntaxKind::RENAME_CONSTRAINT => {
            let from = child(action, SyntaxKind::CONSTRAINT_NAME_REF).map(|name| ident(&name));
            let to = child(action, SyntaxKind::CONSTRAINT_NAME).map(|name| ident(&name));
            if let (Some(from), Some(to)) = (from, to) {
                rename_constraint(schema, table, &from, &to);
            }
        }
        SyntaxKind::VALIDATE_CONSTRAINT => {
            let name = child(action, SyntaxKind::CONSTRAINT_NAME_REF).map(|name| ident(&name));
            if let Some(known) = schema.tables.get_mut(table) {
                for constraint in &mut known.constraints {
                    if Some(&constraint.name) == name.as_ref() {
                        constraint.not_valid = false;
                    }
                }
            }
        }
        SyntaxKind::TABLE_RENAME_TO | SyntaxKind::SET_SCHEMA => {
            return rename_or_move_action(schema, table, action).unwrap_or_else(|| table.clone());
        }
        SyntaxKind::ENABLE_RLS | SyntaxKind::DISABLE_RLS => {
            if let Some(known) = schema.tables.get_mut(table) {
                known.row_level_security = action.kind() == SyntaxKind::ENABLE_RLS;
            }
        }
        SyntaxKind::SET_LOGGED | SyntaxKind::SET_UNLOGGED => {
            if let Some(known) = schema.tables.get_mut(table) {
                known.unlogged = action.kind() == SyntaxKind::SET_UNLOGGED;
            }
        }
        SyntaxKind::ATTACH_PARTITION => {
            let partition =
                child(action, SyntaxKind::TABLE_NAME_REF).and_then(|name| object_name(&name));
            let bound = action
                .children()
                .find(|child| child.kind() != SyntaxKind::TABLE_NAME_REF)
                .map(|bound| crate::syntax::text(&bound));
            // PostgreSQL refuses a partition that is the table or one of its ancestors;
            // the model must not loop on it.
            let partition = partition.filter(|name| !is_ancestor(schema, name, table));
            if let Some(partition) = partition.and_then(|name| schema.tables.get_mut(&name)) {
                partition.parents = vec![table.clone()];
                partition.partition_bound = bound;
                partition.incomplete = true;
            }
        }
        SyntaxKind::DETACH_PARTITION => {
            let partition =
                child(action, SyntaxKind::TABLE_NAME_REF).and_then(|name| object_name(&name));
            if let Some(partition) = partition.and_then(|name| schema.tables.get_mut(&name)) {
                partition.parents.clear();
                partition.partition_bound = None;
            }
        }
        // Storage, ownership, triggers, rules, statistics, replica identity, options:
        // nothing the model keeps.
        SyntaxKind::TABLE_RELATION_NAME
        | SyntaxKind::IF_EXISTS
        | SyntaxKind::OWNER_TO
        | SyntaxKind::SET_TABLESPACE
        | SyntaxKind::SET_OPTIONS
        | SyntaxKind::RESET_OPTIONS
        | SyntaxKind::CLUSTER_ON
        | SyntaxKind::SET_WITHOUT_CLUSTER
        | SyntaxKind::SET_WITHOUT_OIDS
        | SyntaxKind::SET_ACCESS_METHOD
        | SyntaxKind::REPLICA_IDENTITY
        | SyntaxKind::FORCE_RLS
        | SyntaxKind::NO_FORCE_RLS
        | SyntaxKind::ENABLE_TRIGGER
        | SyntaxKind::ENABLE_REPLICA_TRIGGER
        | SyntaxKind::ENABLE_ALWAYS_TRIGGER
        | SyntaxKind::DISABLE_TRIGGER
        | SyntaxKind::ENABLE_RULE
        | SyntaxKind::ENABLE_REPLICA_RULE
        | SyntaxKind::ENABLE_ALWAYS_RULE
        | SyntaxKind::DISABLE_RULE
        | SyntaxKind::ALTER_CONSTRAINT => {}
        // Anything else (inheritance changes, typed tables, partition merges…): the
        // table's columns and constraints may have changed in ways not followed.
        _ => set_incomplete(schema, table),
    }
    table.clone()
}

/// Whether `candidate` is `table` or one of its ancestors.
fn is_ancestor(schema: &Schema, candidate: &ObjectName, table: &ObjectName) -> bool {
    let mut seen: Vec<&ObjectName> = Vec::new();
    let mut pending = vec![table];
    while let Some(current) = pending.pop() {
        if current == candidate {
            return true;
        }
        if seen.contains(&current) {
            continue;
        }
        seen.push(current);
        if let Some(known) = schema.tables.get(current) {
            pending.extend(known.parents.iter());
        }
    }
    false
}

fn set_incomplete(schema: &mut Schema, table: &ObjectName) {
    if let Some(known) = schema.tables.get_mut(table) {
        known.incomplete = true;
    }
}

/// `ALTER [COLUMN] name …`.
fn alter_column(schema: &mut Schema, table: &ObjectName, action: &SyntaxNode) {
    let Some(name) = child(action, SyntaxKind::COLUMN_NAME_REF).map(|name| ident(&name)) else {
        return;
    };
    let Some(option) = action
        .children()
        .find(|child| child.kind() != SyntaxKind::COLUMN_NAME_REF)
    else {
        return;
    };
    if option.kind() == SyntaxKind::ADD_GENERATED {
        let sequence =
            choose_relation_name(schema, &table.schema, &table.name, Some(&name), "seq", &[]);
        schema.sequences.insert(
            ObjectName::new(Some(&table.schema), &sequence),
            Sequence {
                owned_by: Some((table.clone(), name.clone())),
            },
        );
    }
    if option.kind() == SyntaxKind::DROP_IDENTITY {
        schema.sequences.retain(|_, sequence| {
            sequence
                .owned_by
                .as_ref()
                .is_none_or(|(owner, column)| !(owner == table && column == &name))
        });
    }
    let Some(known) = schema.tables.get_mut(table) else {
        return;
    };
    let incomplete = known.incomplete;
    let Some(column) = known.columns.iter_mut().find(|column| column.name == name) else {
        return;
    };
    match option.kind() {
        SyntaxKind::SET_TYPE => {
            if let Some(ty) = type_child(&option).and_then(|ty| column_type(&ty)) {
                column.ty = ty.name;
            }
            if let Some(collate) = child(&option, SyntaxKind::COLLATE) {
                column.collation =
                    child(&collate, SyntaxKind::COLLATION_REF).map(|c| crate::syntax::text(&c));
            }
        }
        SyntaxKind::SET_DEFAULT => {
            column.default = option
                .children()
                .next()
                .map(|expr| crate::syntax::text(&expr));
        }
        SyntaxKind::DROP_DEFAULT => column.default = None,
        SyntaxKind::SET_NOT_NULL => column.not_null = true,
        SyntaxKind::DROP_NOT_NULL => column.not_null = false,
        SyntaxKind::ADD_GENERATED => {
            column.identity = Some(identity_kind(&option));
            column.not_null = true;
        }
        SyntaxKind::DROP_IDENTITY => column.identity = None,
        SyntaxKind::DROP_EXPRESSION => column.generated = None,
        SyntaxKind::SET_STATISTICS
        | SyntaxKind::SET_STORAGE
        | SyntaxKind::SET_COMPRESSION
        | SyntaxKind::SET_OPTIONS
        | SyntaxKind::RESET_OPTIONS
        | SyntaxKind::SET_OPTIONS_LIST
        | SyntaxKind::RESTART
        | SyntaxKind::SET_SEQUENCE_OPTION => {}
        _ => {
            let _ = incomplete;
            known.incomplete = true;
        }
    }
}

/// `DROP CONSTRAINT name [CASCADE]`, with the index it owns and, for a key, the
/// foreign keys that need it.
fn drop_constraint(schema: &mut Schema, table: &ObjectName, name: &str, cascade: bool) {
    // A table's constraint names are unique.
    let Some(removed) = schema
        .retain_table_constraints(table, |c| c.name != name)
        .pop()
    else {
        return;
    };
    schema
        .indexes
        .retain(|_, index| !(&index.table == table && index.constraint.as_deref() == Some(name)));
    if let ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } =
        &removed.kind
        && cascade
    {
        schema.retain_constraints(|constraint| {
            !matches!(&constraint.kind, ConstraintKind::ForeignKey { table: target, ref_columns, .. }
                if target == table && ref_columns == columns)
        });
    }
}

/// Renames a constraint, and the index it owns with it.
fn rename_constraint(schema: &mut Schema, table: &ObjectName, from: &str, to: &str) {
    schema.rename_table_constraint(table, from, to);
    let old = ObjectName::new(Some(&table.schema), from);
    if schema
        .indexes
        .get(&old)
        .is_some_and(|index| index.constraint.as_deref() == Some(from))
        && let Some(mut index) = schema.indexes.remove(&old)
    {
        index.constraint = Some(to.to_owned());
        schema
            .indexes
            .insert(ObjectName::new(Some(&table.schema), to), index);
    }
}
