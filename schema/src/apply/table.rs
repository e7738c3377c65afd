//! `CREATE TABLE` and column definitions (shared with `ALTER TABLE … ADD COLUMN`):
//! types, `NOT NULL`, defaults, identity and generated columns, `serial` sequences,
//! partitions and inheritance.

use super::constraint::{self, Pending};
use crate::model::{Column, ConstraintKind, Identity, ObjectName, Schema, Sequence, Table};
use crate::names::choose_relation_name;
use crate::syntax::{child, children, has, ident, object_name, quote_name, text};
use crate::types::{column_type, type_child};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// A column definition as written, before it joins its table.
#[derive(Debug, Clone)]
pub(crate) struct ColumnDef {
    pub(crate) column: Column,
    /// Written without a type (`col WITH OPTIONS …` of a partition or typed table).
    pub(crate) typed: bool,
    /// `serial`, `bigserial`, `smallserial`.
    pub(crate) serial: bool,
    /// Its primary key, unique, check and references clauses.
    pub(crate) constraints: Vec<Pending>,
}

/// Reads a `COLUMN` (or the column part of `ADD COLUMN`).
pub(crate) fn read_column(node: &SyntaxNode) -> Option<ColumnDef> {
    let name = ident(&child(node, SyntaxKind::COLUMN_NAME)?);
    let ty = type_child(node).and_then(|ty| column_type(&ty));
    let mut def = ColumnDef {
        column: Column {
            name: name.clone(),
            ty: ty.as_ref().map(|ty| ty.name.clone()).unwrap_or_default(),
            not_null: false,
            default: None,
            identity: None,
            generated: None,
            collation: None,
        },
        typed: ty.is_some(),
        serial: ty.is_some_and(|ty| ty.serial),
        constraints: Vec::new(),
    };
    for clause in node.children() {
        match clause.kind() {
            SyntaxKind::COLLATE => def.column.collation = collation(&clause),
            SyntaxKind::NOT_NULL_CONSTRAINT => def.column.not_null = true,
            SyntaxKind::DEFAULT_CONSTRAINT => {
                let expr = clause
                    .children()
                    .find(|child| child.kind() != SyntaxKind::CONSTRAINT_NAME_CLAUSE);
                match expr {
                    // squawk reads `DEFAULT 'x' COLLATE "C"` as a collated default, where
                    // PostgreSQL's `b_expr` stops before `COLLATE`: the column's collation.
                    Some(expr) if expr.kind() == SyntaxKind::COLLATE => {
                        def.column.default = expr.first_child().map(|inner| text(&inner));
                        def.column.collation = collation(&expr);
                    }
                    Some(expr) => def.column.default = Some(text(&expr)),
                    None => {}
                }
            }
            SyntaxKind::GENERATED_CONSTRAINT => {
                if let Some(identity) = child(&clause, SyntaxKind::GENERATED_IDENTITY) {
                    def.column.identity = Some(identity_kind(&identity));
                    def.column.not_null = true;
                } else if let Some(stored) = child(&clause, SyntaxKind::GENERATED_STORED) {
                    def.column.generated = stored
                        .children()
                        .find(|child| {
                            !matches!(
                                child.kind(),
                                SyntaxKind::GENERATED_ALWAYS | SyntaxKind::STORED
                            )
                        })
                        .map(|expr| text(&expr));
                }
            }
            _ => def
                .constraints
                .extend(constraint::read(&clause, Some(&name))),
        }
    }
    if def.serial {
        def.column.not_null = true;
    }
    Some(def)
}

/// `ALWAYS` or `BY DEFAULT`.
pub(crate) fn identity_kind(node: &SyntaxNode) -> Identity {
    if node
        .descendants()
        .any(|part| part.kind() == SyntaxKind::GENERATED_BY_DEFAULT)
    {
        Identity::ByDefault
    } else {
        Identity::Always
    }
}

fn collation(node: &SyntaxNode) -> Option<String> {
    child(node, SyntaxKind::COLLATION_REF).map(|name| text(&name))
}

/// Adds a column to a table of the model, with the sequence a `serial` or identity
/// column owns; returns its constraints, to add once every column is there.
pub(crate) fn add_column(
    schema: &mut Schema,
    table: &ObjectName,
    mut def: ColumnDef,
) -> Vec<Pending> {
    if def.serial || def.column.identity.is_some() {
        let sequence = choose_relation_name(
            schema,
            &table.schema,
            &table.name,
            Some(&def.column.name),
            "seq",
            &[],
        );
        if let Some(next) = crate::names::uncertain_next(
            schema,
            &table.schema,
            &table.name,
            Some(&def.column.name),
            "seq",
            &sequence,
        ) {
            // An unknown relation may hold the name: PostgreSQL may have taken the next.
            schema
                .unknown
                .insert(ObjectName::new(Some(&table.schema), &next));
        }
        let sequence = ObjectName::new(Some(&table.schema), &sequence);
        if def.serial {
            def.column.default = Some(format!(
                "nextval({}::regclass)",
                crate::syntax::quote_literal(&quote_name(&sequence))
            ));
        }
        schema.sequences.insert(
            sequence,
            Sequence {
                owned_by: Some((table.clone(), def.column.name.clone())),
            },
        );
    }
    if let Some(target) = schema.tables.get_mut(table) {
        match target
            .columns
            .iter_mut()
            .find(|column| column.name == def.column.name)
        {
            // A column a parent already has: the definitions merge.
            Some(existing) => {
                existing.not_null |= def.column.not_null;
                if def.typed {
                    existing.ty = def.column.ty;
                }
                if def.column.default.is_some() {
                    existing.default = def.column.default;
                }
                if def.column.identity.is_some() {
                    existing.identity = def.column.identity;
                }
                if def.column.generated.is_some() {
                    existing.generated = def.column.generated;
                }
                if def.column.collation.is_some() {
                    existing.collation = def.column.collation;
                }
            }
            None => target.columns.push(def.column),
        }
    }
    def.constraints
}

/// `CREATE [UNLOGGED] TABLE [IF NOT EXISTS] name (…) [INHERITS (…)] [PARTITION BY …]`
/// and `CREATE TABLE name PARTITION OF parent …`.
pub(crate) fn create(schema: &mut Schema, node: &SyntaxNode) {
    let Some(name) = child(node, SyntaxKind::TABLE_NAME).and_then(|name| object_name(&name)) else {
        schema.make_opaque();
        return;
    };
    // A temporary table lives in the session's own schema, and only until it ends.
    if has(node, SyntaxKind::TEMP) {
        schema.unknown.insert(name);
        return;
    }
    if has(node, SyntaxKind::IF_NOT_EXISTS) {
        match schema.relation_exists(&name) {
            crate::Lookup::Found(_) => return,
            crate::Lookup::Unknown if schema.unknown.contains(&name) => return,
            _ => {}
        }
    }
    let mut table = Table {
        unlogged: has(node, SyntaxKind::UNLOGGED),
        ..Table::default()
    };
    if let Some(parent) = child(node, SyntaxKind::PARTITION_OF)
        .and_then(|clause| child(&clause, SyntaxKind::TABLE_NAME_REF))
        .and_then(|parent| object_name(&parent))
    {
        table.parents.push(parent);
        table.partition_bound = node
            .children()
            .find(|child| {
                matches!(
                    child.kind(),
                    SyntaxKind::PARTITION_FOR_VALUES_FROM
                        | SyntaxKind::PARTITION_FOR_VALUES_IN
                        | SyntaxKind::PARTITION_FOR_VALUES_WITH
                        | SyntaxKind::PARTITION_DEFAULT
                )
            })
            .map(|bound| text(&bound));
        // A partition also gets clones of its parent's indexes and foreign keys,
        // which the model does not follow.
        table.incomplete = true;
    }
    if let Some(inherits) = child(node, SyntaxKind::INHERITS) {
        table.parents.extend(
            children(&inherits, SyntaxKind::TABLE_NAME_REF)
                .filter_map(|parent| object_name(&parent)),
        );
    }
    // PostgreSQL refuses a table that is its own parent; the model must not loop on it.
    table.parents.retain(|parent| *parent != name);
    if child(node, SyntaxKind::OF_TYPE).is_some() {
        table.incomplete = true;
    }
    for parent in &table.parents {
        match schema.tables.get(parent) {
            Some(found) if !schema.unknown.contains(parent) => {
                table.incomplete |= found.incomplete;
                for column in &found.columns {
                    if !table.columns.iter().any(|known| known.name == column.name) {
                        table.columns.push(Column {
                            identity: None,
                            ..column.clone()
                        });
                    }
                }
                // Checks are inherited, under the same name.
                for inherited in &found.constraints {
                    if matches!(inherited.kind, ConstraintKind::Check { .. })
                        && !table
                            .constraints
                            .iter()
                            .any(|known| known.name == inherited.name)
                    {
                        table.constraints.push(inherited.clone());
                    }
                }
            }
            _ => table.incomplete = true,
        }
    }
    table.partition_by = child(node, SyntaxKind::PARTITION_BY).map(|clause| {
        let strategy = child(&clause, SyntaxKind::PARTITION_STRATEGY)
            .map(|s| text(&s))
            .unwrap_or_default();
        let items = child(&clause, SyntaxKind::PARTITION_ITEM_LIST)
            .map(|s| text(&s))
            .unwrap_or_default();
        format!("{} {items}", strategy.to_ascii_uppercase())
    });
    schema.unknown.remove(&name);
    schema.insert_table(name.clone(), table);
    let mut pending = Vec::new();
    if let Some(args) = child(node, SyntaxKind::TABLE_ARG_LIST) {
        for arg in args.children() {
            match arg.kind() {
                SyntaxKind::COLUMN => match read_column(&arg) {
                    Some(def) => pending.extend(add_column(schema, &name, def)),
                    None => set_incomplete(schema, &name),
                },
                SyntaxKind::LIKE_CLAUSE => like(schema, &name, &arg),
                SyntaxKind::NOT_NULL_CONSTRAINT => {
                    let column =
                        child(&arg, SyntaxKind::COLUMN_NAME_REF).map(|column| ident(&column));
                    if let Some(table) = schema.tables.get_mut(&name) {
                        for known in &mut table.columns {
                            if Some(&known.name) == column.as_ref() {
                                known.not_null = true;
                            }
                        }
                    }
                }
                _ => match constraint::read(&arg, None) {
                    Some(constraint) => pending.push(constraint),
                    None => set_incomplete(schema, &name),
                },
            }
        }
    }
    constraint::add(schema, &name, pending);
    // A new partition gets a clone of each of its parent's indexes.
    if let Some(parent) = schema
        .tables
        .get(&name)
        .filter(|table| table.partition_bound.is_some())
        .and_then(|table| table.parents.first().cloned())
    {
        let parent_indexes: Vec<crate::model::Index> = schema
            .indexes
            .values()
            .filter(|index| index.table == parent)
            .cloned()
            .collect();
        for index in parent_indexes {
            let kind = index.constraint.as_ref().and_then(|constraint| {
                schema
                    .tables
                    .get(&parent)
                    .and_then(|table| table.constraints.iter().find(|c| &c.name == constraint))
                    .map(|constraint| constraint.kind.clone())
            });
            super::index::clone_to(schema, &name, &index, kind.as_ref());
        }
    }
}

/// `LIKE source [INCLUDING …]`: the columns are copied (what `INCLUDING` adds is not
/// followed, so the table is incomplete).
fn like(schema: &mut Schema, name: &ObjectName, clause: &SyntaxNode) {
    let source =
        child(clause, SyntaxKind::RELATION_NAME_REF).and_then(|source| object_name(&source));
    let columns = source
        .as_ref()
        .and_then(|source| schema.tables.get(source))
        .map(|source| source.columns.clone())
        .unwrap_or_default();
    if let Some(table) = schema.tables.get_mut(name) {
        table.incomplete = true;
        for column in columns {
            table.columns.push(Column {
                default: None,
                identity: None,
                generated: None,
                not_null: column.not_null,
                ..column
            });
        }
    }
    // `INCLUDING INDEXES` (or `ALL`) copies the source's indexes under names chosen
    // for the new table, as a partition's clones are named.
    let options = text(clause).to_ascii_lowercase();
    let words: Vec<&str> = options.split_whitespace().collect();
    let copies_indexes = words
        .windows(2)
        .any(|pair| matches!(pair, ["including", "all" | "indexes"]))
        && !words
            .windows(2)
            .any(|pair| matches!(pair, ["excluding", "indexes"]));
    if let (true, Some(source)) = (copies_indexes, source) {
        let indexes: Vec<crate::model::Index> = schema
            .indexes
            .values()
            .filter(|index| index.table == source)
            .cloned()
            .collect();
        for index in indexes {
            let kind = index.constraint.as_ref().and_then(|constraint| {
                schema
                    .tables
                    .get(&source)
                    .and_then(|table| table.constraints.iter().find(|c| &c.name == constraint))
                    .map(|constraint| constraint.kind.clone())
            });
            super::index::clone_to(schema, name, &index, kind.as_ref());
        }
    }
}

fn set_incomplete(schema: &mut Schema, name: &ObjectName) {
    if let Some(table) = schema.tables.get_mut(name) {
        table.incomplete = true;
    }
}

/// `CREATE TABLE … AS query` and `SELECT … INTO name`: a table whose columns the model
/// does not know.
pub(crate) fn create_as(schema: &mut Schema, node: &SyntaxNode) {
    let name = node
        .descendants()
        .find(|name| name.kind() == SyntaxKind::TABLE_NAME)
        .and_then(|name| object_name(&name));
    let Some(name) = name else {
        return;
    };
    let temporary = has(node, SyntaxKind::TEMP)
        || child(node, SyntaxKind::INTO_CLAUSE).is_some_and(|into| {
            into.descendants_with_tokens()
                .any(|t| matches!(t.kind(), SyntaxKind::TEMP_KW | SyntaxKind::TEMPORARY_KW))
        });
    if temporary || (has(node, SyntaxKind::IF_NOT_EXISTS) && schema.tables.contains_key(&name)) {
        if temporary {
            schema.unknown.insert(name);
        }
        return;
    }
    schema.unknown.remove(&name);
    schema.insert_table(
        name,
        Table {
            unlogged: has(node, SyntaxKind::UNLOGGED),
            incomplete: true,
            ..Table::default()
        },
    );
}
