//! Renames and schema moves: of relations (`ALTER TABLE`, `ALTER INDEX`, `ALTER
//! VIEW` and `ALTER SEQUENCE` may each rename any relation) and of columns, with every
//! reference the model keeps to the old name.

use crate::model::{ConstraintKind, IndexElement, ObjectName, Schema};
use crate::syntax::{child, child_of, ident, object_name};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// Renames a column everywhere the model names it by name: keys, indexes, foreign keys
/// that reference it, the sequence it owns.
pub(crate) fn rename_column(schema: &mut Schema, table: &ObjectName, from: &str, to: &str) {
    let rename = |name: &mut String| {
        if name == from {
            *name = to.to_owned();
        }
    };
    if let Some(known) = schema.tables.get_mut(table) {
        known
            .columns
            .iter_mut()
            .for_each(|column| rename(&mut column.name));
        for constraint in &mut known.constraints {
            match &mut constraint.kind {
                ConstraintKind::PrimaryKey { columns }
                | ConstraintKind::Unique { columns }
                | ConstraintKind::ForeignKey { columns, .. } => columns.iter_mut().for_each(rename),
                ConstraintKind::Check { expression } => {
                    *expression = rewrite_column(expression, from, to);
                }
                ConstraintKind::Exclude { .. } => {}
            }
        }
        // Generated columns read other columns by name too.
        for column in &mut known.columns {
            if let Some(generated) = &mut column.generated {
                *generated = rewrite_column(generated, from, to);
            }
        }
    }
    for other in schema.tables.values_mut() {
        for constraint in &mut other.constraints {
            if let ConstraintKind::ForeignKey {
                table: target,
                ref_columns,
                ..
            } = &mut constraint.kind
                && target == table
            {
                ref_columns.iter_mut().for_each(rename);
            }
        }
    }
    for index in schema
        .indexes
        .values_mut()
        .filter(|index| &index.table == table)
    {
        for element in &mut index.elements {
            match element {
                IndexElement::Column(name) => rename(name),
                IndexElement::Expression(expression) => {
                    *expression = rewrite_column(expression, from, to);
                }
            }
        }
        index.include.iter_mut().for_each(rename);
        if let Some(predicate) = &mut index.predicate {
            *predicate = rewrite_column(predicate, from, to);
        }
    }
    for sequence in schema.sequences.values_mut() {
        if let Some((owner, column)) = &mut sequence.owned_by
            && owner == table
        {
            rename(column);
        }
    }
    let children: Vec<ObjectName> = schema
        .tables
        .iter()
        .filter(|(_, child)| child.parents.contains(table))
        .map(|(name, _)| name.clone())
        .collect();
    for child in children {
        rename_column(schema, &child, from, to);
    }
    // A view that reads the column keeps working (PostgreSQL stores it by column
    // number), but its text as written names the old column.
    super::drop::forget_views_reading_column(schema, table, from);
}

/// The `RENAME TO`/`SET SCHEMA` among a statement's children, applied to `name`.
pub(crate) fn rename_or_move(schema: &mut Schema, node: &SyntaxNode, name: &ObjectName) {
    let action = child_of(
        node,
        &[
            SyntaxKind::TABLE_RENAME_TO,
            SyntaxKind::VIEW_RENAME_TO,
            SyntaxKind::INDEX_RENAME_TO,
            SyntaxKind::SEQUENCE_RENAME_TO,
            SyntaxKind::SET_SCHEMA,
        ],
    );
    if let Some(action) = action {
        rename_or_move_action(schema, name, &action);
    }
}

/// Applies one `RENAME TO`/`SET SCHEMA`; returns the new name.
pub(crate) fn rename_or_move_action(
    schema: &mut Schema,
    name: &ObjectName,
    action: &SyntaxNode,
) -> Option<ObjectName> {
    let new = if action.kind() == SyntaxKind::SET_SCHEMA {
        ObjectName::new(
            Some(&ident(&child(action, SyntaxKind::SCHEMA_REF)?)),
            &name.name,
        )
    } else {
        let target = action
            .children()
            .next()
            .and_then(|target| object_name(&target))?;
        ObjectName::new(Some(&name.schema), &target.name)
    };
    rename_relation(schema, name, &new);
    if action.kind() == SyntaxKind::SET_SCHEMA {
        // A table's indexes and owned sequences move with it.
        let indexes: Vec<ObjectName> = schema
            .indexes
            .iter()
            .filter(|(_, index)| index.table == new)
            .map(|(index, _)| index.clone())
            .collect();
        for index in indexes {
            rename_relation(
                schema,
                &index,
                &ObjectName::new(Some(&new.schema), &index.name),
            );
        }
        let sequences: Vec<ObjectName> = schema
            .sequences
            .iter()
            .filter(|(_, sequence)| {
                sequence
                    .owned_by
                    .as_ref()
                    .is_some_and(|(owner, _)| owner == &new)
            })
            .map(|(sequence, _)| sequence.clone())
            .collect();
        for sequence in sequences {
            rename_relation(
                schema,
                &sequence,
                &ObjectName::new(Some(&new.schema), &sequence.name),
            );
        }
    }
    Some(new)
}

/// Renames a relation of any kind, and every reference the model keeps to it.
pub(crate) fn rename_relation(schema: &mut Schema, old: &ObjectName, new: &ObjectName) {
    if old == new {
        return;
    }
    if schema.unknown.remove(old) {
        schema.unknown.insert(new.clone());
    } else if schema.relation_exists(old) != crate::Lookup::Missing {
        // The model's own relation now holds the name, whatever was unknown about it.
        schema.unknown.remove(new);
    }
    if let Some(table) = schema.remove_table(old) {
        schema.insert_table(new.clone(), table);
        for index in schema
            .indexes
            .values_mut()
            .filter(|index| &index.table == old)
        {
            index.table = new.clone();
        }
        for table in schema.tables.values_mut() {
            for parent in table.parents.iter_mut().filter(|parent| *parent == old) {
                *parent = new.clone();
            }
            for constraint in &mut table.constraints {
                if let ConstraintKind::ForeignKey { table: target, .. } = &mut constraint.kind
                    && target == old
                {
                    *target = new.clone();
                }
            }
        }
        for sequence in schema.sequences.values_mut() {
            if let Some((owner, _)) = &mut sequence.owned_by
                && owner == old
            {
                *owner = new.clone();
            }
        }
        // Views that read it keep working (PostgreSQL stores them by OID) and now
        // print the new name.
        super::view::rename_reads(schema, old, new);
    } else if let Some(view) = schema.views.remove(old) {
        schema.views.insert(new.clone(), view);
        for index in schema
            .indexes
            .values_mut()
            .filter(|index| &index.table == old)
        {
            index.table = new.clone();
        }
        super::view::rename_reads(schema, old, new);
    } else if let Some(mut index) = schema.indexes.remove(old) {
        // Renaming a constraint's index renames the constraint.
        if let Some(constraint) = &index.constraint
            && old.schema == new.schema
        {
            schema.rename_table_constraint(&index.table, constraint, &new.name);
            index.constraint = Some(new.name.clone());
        }
        schema.indexes.insert(new.clone(), index);
    } else if let Some(sequence) = schema.sequences.remove(old) {
        schema.sequences.insert(new.clone(), sequence);
    }
}

/// An expression as written, with the column `from` now called `to`: what PostgreSQL,
/// which stores the expression by column number, prints after the rename.
pub(crate) fn rewrite_column(expression: &str, from: &str, to: &str) -> String {
    const PREFIX: &str = "SELECT ";
    let parse = squawk_syntax::SourceFile::parse(&format!("{PREFIX}{expression}"));
    let mut edits: Vec<(usize, usize)> = parse
        .syntax_node()
        .descendants()
        .filter(|node| node.kind() == SyntaxKind::NAME_REF)
        // A function's name is not a column.
        .filter(|node| {
            node.parent()
                .is_none_or(|parent| parent.kind() != SyntaxKind::CALL_EXPR)
        })
        .filter(|node| crate::syntax::fold(&node.text().to_string()) == from)
        .map(|node| {
            let range = node.text_range();
            (usize::from(range.start()), usize::from(range.end()))
        })
        .collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut out = expression.to_owned();
    for (start, end) in edits {
        let (Some(start), Some(end)) = (
            start.checked_sub(PREFIX.len()),
            end.checked_sub(PREFIX.len()),
        ) else {
            continue;
        };
        if start <= end
            && end <= out.len()
            && out.is_char_boundary(start)
            && out.is_char_boundary(end)
        {
            out.replace_range(start..end, &crate::syntax::quote_ident(to));
        }
    }
    out
}
