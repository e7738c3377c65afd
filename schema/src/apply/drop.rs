//! What `DROP` removes, with what goes with it as PostgreSQL's dependencies say: a
//! table's indexes and owned sequences, foreign keys that point at it, partitions, and
//! (with `CASCADE`) views that read it, which become unknown because the model cannot
//! tell exactly which views PostgreSQL would drop.

use crate::model::{ConstraintKind, IndexElement, ObjectName, Schema};
use crate::syntax::{cascades, ident, mentioned_idents, object_name};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// `DROP TABLE [IF EXISTS] a, b [CASCADE]`.
pub(crate) fn drop_tables(schema: &mut Schema, node: &SyntaxNode) {
    let cascade = cascades(node);
    for name in names(node, SyntaxKind::TABLE_NAME_REF) {
        remove_table(schema, &name, cascade);
    }
}

/// The names a `DROP` lists.
fn names(node: &SyntaxNode, kind: SyntaxKind) -> Vec<ObjectName> {
    node.children()
        .filter(|child| child.kind() == kind)
        .filter_map(|name| object_name(&name))
        .collect()
}

/// Removes a table and what depends on it.
pub(crate) fn remove_table(schema: &mut Schema, name: &ObjectName, cascade: bool) {
    schema.unknown.remove(name);
    if schema.remove_table(name).is_none() {
        return;
    }
    schema.indexes.retain(|_, index| &index.table != name);
    schema.sequences.retain(|_, sequence| {
        sequence
            .owned_by
            .as_ref()
            .is_none_or(|(table, _)| table != name)
    });
    schema.retain_constraints(|constraint| {
        !matches!(&constraint.kind, ConstraintKind::ForeignKey { table, .. } if table == name)
    });
    // Partitions go with their parent; inheritance children only with `CASCADE`.
    let children: Vec<ObjectName> = schema
        .tables
        .iter()
        .filter(|(_, table)| {
            table.parents.contains(name) && (cascade || table.partition_bound.is_some())
        })
        .map(|(child, _)| child.clone())
        .collect();
    for child in children {
        remove_table(schema, &child, cascade);
    }
    if cascade {
        forget_views_reading(schema, name);
    }
}

/// Views that read `name` (by the relations their query names, a superset) are removed
/// and marked unknown, with the views that read them.
pub(crate) fn forget_views_reading(schema: &mut Schema, name: &ObjectName) {
    let readers: Vec<ObjectName> = schema
        .views
        .iter()
        .filter(|(_, view)| reads(&view.query, name))
        .map(|(view, _)| view.clone())
        .collect();
    for view in readers {
        schema.views.remove(&view);
        schema.indexes.retain(|_, index| index.table != view);
        schema.unknown.insert(view.clone());
        forget_views_reading(schema, &view);
    }
}

/// Whether a query names the relation `name` (qualified or not; an unqualified name
/// matches a relation in any schema, since the model cannot tell the search path's
/// effect at the view's creation).
fn reads(query: &str, name: &ObjectName) -> bool {
    let parse = squawk_syntax::SourceFile::parse(query);
    let root = parse.syntax_node();
    root.descendants()
        .filter(|node| node.kind() == SyntaxKind::RELATION_NAME_REF)
        .filter_map(|node| object_name(&node))
        .any(|read| read.name == name.name)
}

/// `DROP VIEW`/`DROP MATERIALIZED VIEW [IF EXISTS] a, b [CASCADE]`.
pub(crate) fn drop_views(schema: &mut Schema, node: &SyntaxNode) {
    let cascade = cascades(node);
    for name in names(node, SyntaxKind::VIEW_REF) {
        schema.unknown.remove(&name);
        if schema.views.remove(&name).is_some() {
            schema.indexes.retain(|_, index| index.table != name);
            if cascade {
                forget_views_reading(schema, &name);
            }
        }
    }
}

/// `DROP SEQUENCE [IF EXISTS] a, b [CASCADE]`: with `CASCADE`, defaults that call it go.
pub(crate) fn drop_sequences(schema: &mut Schema, node: &SyntaxNode) {
    let cascade = cascades(node);
    for name in names(node, SyntaxKind::SEQUENCE_REF) {
        schema.unknown.remove(&name);
        if schema.sequences.remove(&name).is_some() && cascade {
            for table in schema.tables.values_mut() {
                for column in &mut table.columns {
                    if column
                        .default
                        .as_ref()
                        .is_some_and(|default| default.contains(&name.name))
                    {
                        column.default = None;
                    }
                }
            }
        }
    }
}

/// `DROP SCHEMA [IF EXISTS] a, b [CASCADE]`: everything in it goes.
pub(crate) fn drop_schemas(schema: &mut Schema, node: &SyntaxNode) {
    let cascade = cascades(node);
    let dropped: Vec<String> = node
        .children()
        .filter(|child| child.kind() == SyntaxKind::SCHEMA_REF)
        .map(|name| ident(&name))
        .collect();
    for namespace in dropped {
        schema.schemas.remove(&namespace);
        let in_schema = |name: &ObjectName| name.schema == namespace;
        let tables: Vec<ObjectName> = schema
            .tables
            .keys()
            .filter(|n| in_schema(n))
            .cloned()
            .collect();
        for table in tables {
            remove_table(schema, &table, true);
        }
        let views: Vec<ObjectName> = schema
            .views
            .keys()
            .filter(|n| in_schema(n))
            .cloned()
            .collect();
        for view in views {
            schema.views.remove(&view);
            if cascade {
                forget_views_reading(schema, &view);
            }
        }
        let types: Vec<ObjectName> = schema
            .types
            .keys()
            .filter(|n| in_schema(n))
            .cloned()
            .collect();
        for ty in types {
            super::typedef::remove_type(schema, &ty, true);
        }
        schema.indexes.retain(|name, _| !in_schema(name));
        schema.sequences.retain(|name, _| !in_schema(name));
        schema.functions.retain(|name| !in_schema(name));
        schema
            .extensions
            .retain(|_, extension| extension.schema != namespace);
        schema.unknown.retain(|name| !in_schema(name));
    }
}

/// Removes a column and what depends on it: constraints and indexes on it, foreign keys
/// that reference it, its owned sequence, the same column of child tables, and (with
/// `CASCADE`) views that read the table.
pub(crate) fn remove_column(
    schema: &mut Schema,
    table_name: &ObjectName,
    column: &str,
    cascade: bool,
) {
    let Some(table) = schema.tables.get_mut(table_name) else {
        return;
    };
    let before = table.columns.len();
    table.columns.retain(|known| known.name != column);
    if table.columns.len() == before {
        return;
    }
    let gone_constraints: Vec<String> = schema
        .retain_table_constraints(table_name, |constraint| match &constraint.kind {
            ConstraintKind::PrimaryKey { columns }
            | ConstraintKind::Unique { columns }
            | ConstraintKind::ForeignKey { columns, .. } => !columns.iter().any(|c| c == column),
            ConstraintKind::Check { expression } => !mentions(expression, column),
            ConstraintKind::Exclude { definition } => !mentions(definition, column),
        })
        .into_iter()
        .map(|constraint| constraint.name)
        .collect();
    schema.indexes.retain(|_, index| {
        if &index.table != table_name {
            return true;
        }
        let owned_gone = index
            .constraint
            .as_ref()
            .is_some_and(|name| gone_constraints.contains(name));
        let uses = index.elements.iter().any(|element| match element {
            IndexElement::Column(name) => name == column,
            IndexElement::Expression(expr) => mentions(expr, column),
        }) || index.include.iter().any(|name| name == column)
            || index
                .predicate
                .as_ref()
                .is_some_and(|pred| mentions(pred, column));
        !(owned_gone || uses)
    });
    schema.retain_constraints(|constraint| {
        !matches!(&constraint.kind, ConstraintKind::ForeignKey { table, ref_columns, .. }
            if table == table_name && ref_columns.iter().any(|c| c == column))
    });
    schema.sequences.retain(|_, sequence| {
        sequence
            .owned_by
            .as_ref()
            .is_none_or(|(table, owner)| !(table == table_name && owner == column))
    });
    let children: Vec<ObjectName> = schema
        .tables
        .iter()
        .filter(|(_, child)| child.parents.contains(table_name))
        .map(|(name, _)| name.clone())
        .collect();
    for child in children {
        remove_column(schema, &child, column, cascade);
    }
    if cascade {
        forget_views_reading_column(schema, table_name, column);
    }
}

/// Views that read `table` and may read its `column` (they name it, or select `*`)
/// are removed and marked unknown, with the views that read them.
pub(crate) fn forget_views_reading_column(schema: &mut Schema, table: &ObjectName, column: &str) {
    let readers: Vec<ObjectName> = schema
        .views
        .iter()
        .filter(|(_, view)| {
            reads(&view.query, table)
                && (selects_star(&view.query) || mentions(&view.query, column))
        })
        .map(|(view, _)| view.clone())
        .collect();
    for view in readers {
        schema.views.remove(&view);
        schema.indexes.retain(|_, index| index.table != view);
        schema.unknown.insert(view.clone());
        forget_views_reading(schema, &view);
    }
}

/// Whether a query selects `*` or `t.*` (and so every column), as opposed to a `*`
/// inside `count(*)`.
fn selects_star(query: &str) -> bool {
    let parse = squawk_syntax::SourceFile::parse(query);
    parse
        .syntax_node()
        .descendants()
        .filter(|node| node.kind() == SyntaxKind::TARGET)
        .any(|target| {
            let text = target.text().to_string();
            let text = text.trim();
            text == "*" || text.ends_with(".*")
        })
}

/// Whether an expression, as written, names `column`.
pub(crate) fn mentions(expression: &str, column: &str) -> bool {
    let text = if expression
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("select")
    {
        expression.to_owned()
    } else {
        format!("SELECT {expression}")
    };
    let parse = squawk_syntax::SourceFile::parse(&text);
    mentioned_idents(&parse.syntax_node())
        .iter()
        .any(|name| name == column)
}
