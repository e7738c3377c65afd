//! The model printed back as DDL, in an order PostgreSQL accepts on an empty database:
//! schemas, extensions, types, sequences, tables (parents first), sequence ownership,
//! constraints added later (`NOT VALID` checks, foreign keys), indexes, views, and
//! indexes on materialized views.

use crate::model::{
    Column, Constraint, ConstraintKind, Identity, Index, IndexElement, ObjectName, Schema, Table,
    TypeDef,
};
use crate::syntax::{quote_ident, quote_literal, quote_name};
use std::collections::BTreeSet;
use std::fmt::Write as _;

pub(crate) fn to_ddl(schema: &Schema) -> String {
    let mut out = String::new();
    for name in &schema.schemas {
        line(&mut out, format!("CREATE SCHEMA {};", quote_ident(name)));
    }
    for (name, extension) in &schema.extensions {
        line(
            &mut out,
            format!(
                "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {};",
                quote_ident(name),
                quote_ident(&extension.schema)
            ),
        );
    }
    types(schema, &mut out);
    // Sequences before tables (defaults call them); an identity column's sequence is
    // created by the column itself.
    for (name, sequence) in &schema.sequences {
        if identity_column(schema, sequence.owned_by.as_ref()).is_none() {
            line(&mut out, format!("CREATE SEQUENCE {};", quote_name(name)));
        }
    }
    for name in table_order(schema) {
        if let Some(table) = schema.tables.get(&name) {
            out.push_str(&create_table(schema, &name, table));
        }
    }
    for (name, sequence) in &schema.sequences {
        if let Some((table, column)) = &sequence.owned_by
            && identity_column(schema, sequence.owned_by.as_ref()).is_none()
        {
            line(
                &mut out,
                format!(
                    "ALTER SEQUENCE {} OWNED BY {}.{};",
                    quote_name(name),
                    quote_name(table),
                    quote_ident(column)
                ),
            );
        }
    }
    // Constraints that cannot be written inside `CREATE TABLE`: foreign keys (their
    // targets may come later) and anything `NOT VALID`.
    for (name, table) in &schema.tables {
        for constraint in &table.constraints {
            let foreign = matches!(constraint.kind, ConstraintKind::ForeignKey { .. });
            if (foreign || constraint.not_valid) && !inherited(schema, table, constraint) {
                line(
                    &mut out,
                    format!(
                        "ALTER TABLE {} ADD {}{};",
                        quote_name(name),
                        constraint_sql(constraint),
                        if constraint.not_valid {
                            " NOT VALID"
                        } else {
                            ""
                        }
                    ),
                );
            }
        }
        if table.row_level_security {
            line(
                &mut out,
                format!(
                    "ALTER TABLE {} ENABLE ROW LEVEL SECURITY;",
                    quote_name(name)
                ),
            );
        }
    }
    for (name, index) in &schema.indexes {
        if index.constraint.is_none()
            && schema.tables.contains_key(&index.table)
            && !partition_clone(schema, index)
        {
            line(&mut out, create_index(name, index));
        }
    }
    let mut views: Vec<_> = schema.views.iter().collect();
    views.sort_by_key(|(name, view)| (view.order, (*name).clone()));
    for (name, view) in views {
        let columns = if view.columns.is_empty() {
            String::new()
        } else {
            format!(" ({})", idents(&view.columns))
        };
        line(
            &mut out,
            format!(
                "CREATE {}VIEW {}{columns} AS {};",
                if view.materialized {
                    "MATERIALIZED "
                } else {
                    ""
                },
                quote_name(name),
                view.query
            ),
        );
    }
    for (name, index) in &schema.indexes {
        if index.constraint.is_none() && schema.views.contains_key(&index.table) {
            line(&mut out, create_index(name, index));
        }
    }
    out
}

fn line(out: &mut String, text: String) {
    out.push_str(&text);
    out.push('\n');
}

fn idents(names: &[String]) -> String {
    names
        .iter()
        .map(|name| quote_ident(name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Enums, then domains (which may be over enums), then ranges, then composites (which
/// may hold any of them). Types an extension creates come with it.
fn types(schema: &Schema, out: &mut String) {
    let from_extension: BTreeSet<ObjectName> = schema
        .extensions
        .values()
        .flat_map(|extension| {
            extension
                .types
                .iter()
                .map(|ty| ObjectName::new(Some(&extension.schema), ty))
        })
        .collect();
    let own = || {
        schema
            .types
            .iter()
            .filter(|(name, _)| !from_extension.contains(name))
    };
    for (name, def) in own() {
        if let TypeDef::Enum { labels } = def {
            let labels: Vec<String> = labels.iter().map(|label| quote_literal(label)).collect();
            line(
                out,
                format!(
                    "CREATE TYPE {} AS ENUM ({});",
                    quote_name(name),
                    labels.join(", ")
                ),
            );
        }
    }
    for (name, def) in own() {
        if let TypeDef::Domain {
            base,
            not_null,
            default,
            checks,
        } = def
        {
            let mut sql = format!("CREATE DOMAIN {} AS {base}", quote_name(name));
            if let Some(default) = default {
                let _ = write!(sql, " DEFAULT {default}");
            }
            if *not_null {
                sql.push_str(" NOT NULL");
            }
            for check in checks {
                let _ = write!(sql, " CHECK ({check})");
            }
            sql.push(';');
            line(out, sql);
        }
    }
    for (name, definition) in &schema.type_definitions {
        if schema.types.contains_key(name) && !from_extension.contains(name) {
            line(
                out,
                format!("CREATE TYPE {} AS RANGE {definition};", quote_name(name)),
            );
        }
    }
    for (name, def) in own() {
        if let TypeDef::Composite { attributes } = def {
            let attributes: Vec<String> = attributes
                .iter()
                .map(|(attribute, ty)| format!("{} {ty}", quote_ident(attribute)))
                .collect();
            line(
                out,
                format!(
                    "CREATE TYPE {} AS ({});",
                    quote_name(name),
                    attributes.join(", ")
                ),
            );
        }
    }
}

/// The identity column a sequence belongs to, if it is one's.
fn identity_column<'a>(
    schema: &'a Schema,
    owner: Option<&(ObjectName, String)>,
) -> Option<&'a Column> {
    let (table, column) = owner?;
    schema
        .tables
        .get(table)?
        .columns
        .iter()
        .find(|known| &known.name == column && known.identity.is_some())
}

/// Tables by name, each after the tables it inherits from or partitions.
fn table_order(schema: &Schema) -> Vec<ObjectName> {
    let mut order = Vec::new();
    let mut placed = BTreeSet::new();
    fn visit(
        schema: &Schema,
        name: &ObjectName,
        order: &mut Vec<ObjectName>,
        placed: &mut BTreeSet<ObjectName>,
    ) {
        if !placed.insert(name.clone()) {
            return;
        }
        if let Some(table) = schema.tables.get(name) {
            for parent in &table.parents {
                visit(schema, parent, order, placed);
            }
            order.push(name.clone());
        }
    }
    for name in schema.tables.keys() {
        visit(schema, name, &mut order, &mut placed);
    }
    order
}

/// Whether an index on a partition is the clone of one on its parent, which the
/// parent's index creates (or the partition's creation, when it comes later).
fn partition_clone(schema: &Schema, index: &Index) -> bool {
    let Some(table) = schema.tables.get(&index.table) else {
        return false;
    };
    table.partition_bound.is_some()
        && table.parents.iter().any(|parent| {
            schema.indexes.values().any(|other| {
                &other.table == parent
                    && other.elements == index.elements
                    && other.unique == index.unique
                    && other.method == index.method
                    && other.include == index.include
                    && other.predicate == index.predicate
            })
        })
}

/// Whether a table has this constraint from a parent (a check with the same name).
fn inherited(schema: &Schema, table: &Table, constraint: &Constraint) -> bool {
    table.parents.iter().any(|parent| {
        schema
            .tables
            .get(parent)
            .is_some_and(|parent| parent.constraints.iter().any(|c| c.name == constraint.name))
    })
}

fn create_table(schema: &Schema, name: &ObjectName, table: &Table) -> String {
    let unlogged = if table.unlogged { "UNLOGGED " } else { "" };
    if let (Some(bound), [parent]) = (&table.partition_bound, table.parents.as_slice()) {
        let mut sql = format!(
            "CREATE {unlogged}TABLE {} PARTITION OF {} {bound}",
            quote_name(name),
            quote_name(parent)
        );
        if let Some(by) = &table.partition_by {
            let _ = write!(sql, " PARTITION BY {by}");
        }
        sql.push_str(";\n");
        return sql;
    }
    let mut items: Vec<String> = table
        .columns
        .iter()
        .map(|column| column_sql(schema, name, column))
        .collect();
    for constraint in &table.constraints {
        let later =
            matches!(constraint.kind, ConstraintKind::ForeignKey { .. }) || constraint.not_valid;
        if !later && !inherited(schema, table, constraint) {
            let mut sql = constraint_sql(constraint);
            if let ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. } =
                constraint.kind
                && let Some(index) = schema
                    .indexes
                    .get(&ObjectName::new(Some(&name.schema), &constraint.name))
                && !index.include.is_empty()
            {
                let _ = write!(sql, " INCLUDE ({})", idents(&index.include));
            }
            items.push(sql);
        }
    }
    let mut sql = if items.is_empty() {
        format!("CREATE {unlogged}TABLE {} ()", quote_name(name))
    } else {
        format!(
            "CREATE {unlogged}TABLE {} (\n    {}\n)",
            quote_name(name),
            items.join(",\n    ")
        )
    };
    if !table.parents.is_empty() {
        let parents: Vec<String> = table.parents.iter().map(quote_name).collect();
        let _ = write!(sql, " INHERITS ({})", parents.join(", "));
    }
    if let Some(by) = &table.partition_by {
        let _ = write!(sql, " PARTITION BY {by}");
    }
    sql.push_str(";\n");
    sql
}

fn column_sql(schema: &Schema, table: &ObjectName, column: &Column) -> String {
    let mut sql = format!("{} {}", quote_ident(&column.name), column.ty);
    if let Some(collation) = &column.collation {
        let _ = write!(sql, " COLLATE {collation}");
    }
    if let Some(expression) = &column.generated {
        let _ = write!(sql, " GENERATED ALWAYS AS ({expression}) STORED");
    }
    if let Some(identity) = column.identity {
        let kind = match identity {
            Identity::Always => "ALWAYS",
            Identity::ByDefault => "BY DEFAULT",
        };
        let _ = write!(sql, " GENERATED {kind} AS IDENTITY");
        // Name the sequence: the one PostgreSQL would choose now may differ from the
        // one it chose when the column was created.
        let owned = schema.sequences.iter().find(|(_, sequence)| {
            sequence
                .owned_by
                .as_ref()
                .is_some_and(|(owner, name)| owner == table && *name == column.name)
        });
        if let Some((sequence, _)) = owned {
            let _ = write!(sql, " (SEQUENCE NAME {})", quote_name(sequence));
        }
    }
    if let Some(default) = &column.default {
        let _ = write!(sql, " DEFAULT {default}");
    }
    if column.not_null && column.identity.is_none() {
        sql.push_str(" NOT NULL");
    }
    sql
}

fn constraint_sql(constraint: &Constraint) -> String {
    let body = match &constraint.kind {
        ConstraintKind::PrimaryKey { columns } => format!("PRIMARY KEY ({})", idents(columns)),
        ConstraintKind::Unique { columns } => format!("UNIQUE ({})", idents(columns)),
        ConstraintKind::Check { expression } => format!("CHECK ({expression})"),
        ConstraintKind::Exclude { definition } => format!("EXCLUDE {definition}"),
        ConstraintKind::ForeignKey {
            columns,
            table,
            ref_columns,
            on_delete,
            on_update,
        } => {
            let mut sql = format!(
                "FOREIGN KEY ({}) REFERENCES {}",
                idents(columns),
                quote_name(table)
            );
            if !ref_columns.is_empty() {
                let _ = write!(sql, " ({})", idents(ref_columns));
            }
            if let Some(action) = on_delete {
                let _ = write!(sql, " ON DELETE {action}");
            }
            if let Some(action) = on_update {
                let _ = write!(sql, " ON UPDATE {action}");
            }
            sql
        }
    };
    format!("CONSTRAINT {} {body}", quote_ident(&constraint.name))
}

fn create_index(name: &ObjectName, index: &Index) -> String {
    let elements: Vec<String> = index
        .elements
        .iter()
        .enumerate()
        .map(|(at, element)| {
            let written = match element {
                IndexElement::Column(column) => quote_ident(column),
                IndexElement::Expression(expression) => format!("({expression})"),
            };
            match index
                .element_options
                .get(at)
                .filter(|options| !options.is_empty())
            {
                Some(options) => format!("{written} {options}"),
                None => written,
            }
        })
        .collect();
    let mut sql = format!(
        "CREATE {}INDEX {} ON {}",
        if index.unique { "UNIQUE " } else { "" },
        quote_ident(&name.name),
        quote_name(&index.table)
    );
    if let Some(method) = &index.method {
        let _ = write!(sql, " USING {method}");
    }
    let _ = write!(sql, " ({})", elements.join(", "));
    if !index.include.is_empty() {
        let _ = write!(sql, " INCLUDE ({})", idents(&index.include));
    }
    if let Some(predicate) = &index.predicate {
        let _ = write!(sql, " WHERE {predicate}");
    }
    sql.push(';');
    sql
}
