//! `CREATE INDEX`, `DROP INDEX` and `ALTER INDEX`, with PostgreSQL's default index name.

use super::constraint::element_name;
use super::rename::rename_or_move;
use crate::model::{ConstraintKind, Index, IndexElement, ObjectName, Schema};
use crate::names::{choose_relation_name, index_column_names, name_addition};
use crate::syntax::{cascades, child, fold, has, ident, object_name, text, text_after_keyword};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] table [USING
/// method] (elements) [INCLUDE (…)] [WITH (…)] [WHERE …]`.
pub(crate) fn create(schema: &mut Schema, node: &SyntaxNode) {
    let Some(table) =
        child(node, SyntaxKind::TABLE_RELATION_NAME).and_then(|name| object_name(&name))
    else {
        schema.make_opaque();
        return;
    };
    let items = child(node, SyntaxKind::PARTITION_ITEM_LIST);
    let elements: Vec<(IndexElement, String)> = items
        .iter()
        .flat_map(|list| list.children())
        .filter(|item| item.kind() == SyntaxKind::PARTITION_ITEM)
        .filter_map(|item| item.first_child())
        .map(|expr| element(&expr))
        .collect();
    let mut element_options: Vec<String> = items
        .iter()
        .flat_map(|list| list.children())
        .filter(|item| item.kind() == SyntaxKind::PARTITION_ITEM)
        .map(|item| options(&item))
        .collect();
    if element_options.iter().all(String::is_empty) {
        element_options.clear();
    }
    let include: Vec<String> = child(node, SyntaxKind::INDEX_INCLUDE_CLAUSE)
        .iter()
        .flat_map(|clause| clause.descendants())
        .filter(|item| item.kind() == SyntaxKind::PARTITION_ITEM)
        .filter_map(|item| item.first_child())
        .map(|expr| element_name(&expr))
        .collect();
    // An index's name is never qualified: it lives in its table's schema.
    let given = child(node, SyntaxKind::INDEX).and_then(|name| object_name(&name));
    let mut uncertain = None;
    let name = match given {
        Some(given) => ObjectName::new(Some(&table.schema), &given.name),
        None => {
            let mut names: Vec<String> = elements.iter().map(|(_, name)| name.clone()).collect();
            names.extend(include.iter().cloned());
            let addition = name_addition(&index_column_names(&names));
            let chosen = choose_relation_name(
                schema,
                &table.schema,
                &table.name,
                Some(&addition),
                "idx",
                &[],
            );
            uncertain = crate::names::uncertain_next(
                schema,
                &table.schema,
                &table.name,
                Some(&addition),
                "idx",
                &chosen,
            );
            ObjectName::new(Some(&table.schema), &chosen)
        }
    };
    let on_known = (schema.tables.contains_key(&table) || schema.views.contains_key(&table))
        && !schema.unknown.contains(&table);
    if !on_known {
        schema.unknown.insert(name);
        return;
    }
    if has(node, SyntaxKind::IF_NOT_EXISTS)
        && schema.relation_exists(&name) != crate::Lookup::Missing
    {
        return;
    }
    let method = child(node, SyntaxKind::USING_METHOD)
        .and_then(|using| child(&using, SyntaxKind::ACCESS_METHOD_REF))
        .map(|method| fold(&text(&method)))
        .filter(|method| method != "btree");
    let predicate = child(node, SyntaxKind::WHERE_CLAUSE).map(|clause| text_after_keyword(&clause));
    let index = Index {
        table: table.clone(),
        elements: elements.into_iter().map(|(element, _)| element).collect(),
        unique: has(node, SyntaxKind::UNIQUE_KW),
        method,
        predicate,
        include,
        constraint: None,
        element_options,
    };
    clone_to_partitions(schema, &table, &index, None);
    match uncertain {
        // An unknown relation may hold the name: PostgreSQL may have taken the next.
        Some(next) => {
            schema
                .unknown
                .insert(ObjectName::new(Some(&name.schema), &next));
        }
        None => {
            schema.unknown.remove(&name);
        }
    }
    schema.indexes.insert(name, index);
}

/// An index on a partitioned table has a clone on each partition (and on theirs),
/// named as PostgreSQL names a new index there; the clone of a key's index backs a
/// constraint of the same kind on the partition.
pub(crate) fn clone_to_partitions(
    schema: &mut Schema,
    parent: &ObjectName,
    index: &Index,
    kind: Option<&ConstraintKind>,
) {
    // Only a partitioned table has partitions: the common case looks at no other table.
    if matches!(schema.tables.get(parent), Some(table) if table.partition_by.is_none()) {
        return;
    }
    let partitions: Vec<ObjectName> = schema
        .tables
        .iter()
        .filter(|(_, child)| child.partition_bound.is_some() && child.parents.contains(parent))
        .map(|(child, _)| child.clone())
        .collect();
    for partition in partitions {
        clone_to(schema, &partition, index, kind);
    }
}

/// Clones one index (and the key it backs) onto one partition.
pub(crate) fn clone_to(
    schema: &mut Schema,
    partition: &ObjectName,
    index: &Index,
    kind: Option<&ConstraintKind>,
) {
    let mut names: Vec<String> = index
        .elements
        .iter()
        .map(|element| match element {
            IndexElement::Column(column) => column.clone(),
            IndexElement::Expression(expression) => expression_name(expression),
        })
        .collect();
    names.extend(index.include.iter().cloned());
    let addition = name_addition(&index_column_names(&names));
    let (name2, label) = match kind {
        Some(ConstraintKind::PrimaryKey { .. }) => (None, "pkey"),
        Some(ConstraintKind::Unique { .. }) => (Some(addition), "key"),
        Some(ConstraintKind::Exclude { .. }) => (Some(addition), "excl"),
        _ => (Some(addition), "idx"),
    };
    let name = choose_relation_name(
        schema,
        &partition.schema,
        &partition.name,
        name2.as_deref(),
        label,
        &[],
    );
    let mut clone = index.clone();
    clone.table = partition.clone();
    clone.constraint = kind.map(|_| name.clone());
    if let (Some(kind), Some(table)) = (kind, schema.tables.get_mut(partition)) {
        if let ConstraintKind::PrimaryKey { columns } = kind {
            for column in table
                .columns
                .iter_mut()
                .filter(|c| columns.contains(&c.name))
            {
                column.not_null = true;
            }
        }
        schema.add_constraint(
            partition,
            crate::model::Constraint {
                name: name.clone(),
                kind: kind.clone(),
                not_valid: false,
            },
        );
    }
    let clone_name = ObjectName::new(Some(&partition.schema), &name);
    schema.unknown.remove(&clone_name);
    schema.indexes.insert(clone_name, clone);
    clone_to_partitions(schema, partition, index, kind);
}

/// The name PostgreSQL gives an expression in an index (`FigureColname`).
fn expression_name(expression: &str) -> String {
    let parse = squawk_syntax::SourceFile::parse(&format!("SELECT {expression}"));
    parse
        .syntax_node()
        .descendants()
        .find(|node| node.kind() == SyntaxKind::TARGET)
        .and_then(|target| target.first_child())
        .map_or_else(|| "expr".to_owned(), |expr| element_name(&expr))
}

/// What follows an element's column or expression (collation, operator class, order),
/// as written.
fn options(item: &SyntaxNode) -> String {
    let Some(first) = item.first_child() else {
        return String::new();
    };
    // squawk reads `column COLLATE "C"` as one collated expression.
    let expr = match first.kind() {
        SyntaxKind::COLLATE => first.first_child().unwrap_or(first),
        _ => first,
    };
    let whole = item.text().to_string();
    let from = usize::from(expr.text_range().end() - item.text_range().start());
    whole.get(from..).unwrap_or_default().trim().to_owned()
}

/// An index element: a column (bare, or in parentheses as PostgreSQL reads a lone
/// column), or an expression as written (without its outer parentheses); with the
/// name PostgreSQL gives it for the index's default name.
fn element(expr: &SyntaxNode) -> (IndexElement, String) {
    // `column COLLATE "C"`: squawk reads the collation as part of the expression.
    let expr = &match expr.kind() {
        SyntaxKind::COLLATE => expr.first_child().unwrap_or_else(|| expr.clone()),
        _ => expr.clone(),
    };
    let inner = if expr.kind() == SyntaxKind::PAREN_EXPR {
        expr.first_child().unwrap_or_else(|| expr.clone())
    } else {
        expr.clone()
    };
    let name = element_name(expr);
    if inner.kind() == SyntaxKind::NAME_REF {
        (IndexElement::Column(fold(&text(&inner))), name)
    } else {
        (IndexElement::Expression(text(&inner)), name)
    }
}

/// `DROP INDEX [CONCURRENTLY] [IF EXISTS] a, b [CASCADE]`: with `CASCADE`, the
/// constraint an index belongs to goes with it.
pub(crate) fn drop(schema: &mut Schema, node: &SyntaxNode) {
    let cascade = cascades(node);
    let names: Vec<ObjectName> = node
        .children()
        .filter(|child| child.kind() == SyntaxKind::INDEX_REF)
        .filter_map(|name| object_name(&name))
        .collect();
    for name in names {
        schema.unknown.remove(&name);
        let Some(index) = schema.indexes.remove(&name) else {
            continue;
        };
        if let Some(constraint) = index.constraint
            && cascade
            && schema.tables.contains_key(&index.table)
        {
            schema.retain_table_constraints(&index.table, |known| known.name != constraint);
            // Foreign keys that relied on the key's index go too.
            let key: Vec<String> = index
                .elements
                .iter()
                .filter_map(|element| match element {
                    IndexElement::Column(column) => Some(column.clone()),
                    IndexElement::Expression(_) => None,
                })
                .collect();
            schema.retain_constraints(|known| {
                !matches!(&known.kind, ConstraintKind::ForeignKey { table, ref_columns, .. }
                    if *table == index.table && *ref_columns == key)
            });
        }
    }
}

/// `ALTER INDEX [IF EXISTS] name RENAME TO …`; the other actions (tablespace, options,
/// statistics, `ATTACH PARTITION`, extension dependencies) change nothing the model keeps.
pub(crate) fn alter(schema: &mut Schema, node: &SyntaxNode) {
    let Some(name) = child(node, SyntaxKind::INDEX_REF).and_then(|name| object_name(&name)) else {
        return;
    };
    if schema.indexes.contains_key(&name) {
        rename_or_move(schema, node, &name);
    } else if let Some(target) = child(node, SyntaxKind::INDEX_RENAME_TO)
        .and_then(|rename| rename.children().next())
        .map(|target| ident(&target))
    {
        // An index the model does not know: whatever it is called now is unknown.
        schema
            .unknown
            .insert(ObjectName::new(Some(&name.schema), &target));
        schema.unknown.insert(name);
    }
}
