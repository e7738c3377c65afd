//! Table constraints: read from a table or column constraint clause, named as
//! PostgreSQL names them when the statement does not, and added with the index that a
//! primary key, unique or exclusion constraint owns.

use crate::model::{Constraint, ConstraintKind, Index, IndexElement, ObjectName, Schema};
use crate::names::{
    choose_constraint_name, choose_relation_name, index_column_names, name_addition,
};
use crate::syntax::{
    child, children, fold, ident, mentioned_idents, object_name, text, text_after_keyword,
};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// A constraint as a statement writes it, before it is named and added.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    /// `CONSTRAINT name`, if given.
    pub(crate) name: Option<String>,
    pub(crate) kind: ConstraintKind,
    pub(crate) not_valid: bool,
    /// `INCLUDE (…)` of a primary key, unique or exclusion constraint.
    pub(crate) include: Vec<String>,
    /// `USING method` of an exclusion constraint.
    pub(crate) method: Option<String>,
    /// `WHERE (…)` of an exclusion constraint.
    pub(crate) predicate: Option<String>,
    /// `USING INDEX name`: the existing index becomes the constraint's.
    pub(crate) using_index: Option<String>,
    /// The names of an exclusion constraint's elements, for its default name.
    pub(crate) element_names: Vec<String>,
}

/// Reads a constraint clause (`PRIMARY_KEY_CONSTRAINT`, `CHECK_CONSTRAINT`…). `column`
/// is the column a column constraint is written on. `None` for the clauses that are
/// column properties rather than constraints (`NOT NULL`, `DEFAULT`, `GENERATED`).
pub(crate) fn read(node: &SyntaxNode, column: Option<&str>) -> Option<Pending> {
    let name = child(node, SyntaxKind::CONSTRAINT_NAME_CLAUSE)
        .and_then(|clause| child(&clause, SyntaxKind::CONSTRAINT_NAME))
        .map(|name| ident(&name));
    let not_valid = child(node, SyntaxKind::NOT_VALID).is_some();
    let mut pending = Pending {
        name,
        kind: ConstraintKind::Check {
            expression: String::new(),
        },
        not_valid,
        include: Vec::new(),
        method: None,
        predicate: None,
        using_index: None,
        element_names: Vec::new(),
    };
    pending.kind = match node.kind() {
        SyntaxKind::PRIMARY_KEY_CONSTRAINT | SyntaxKind::UNIQUE_CONSTRAINT => {
            let mut columns = Vec::new();
            if let Some(parameters) = child(node, SyntaxKind::INDEX_PARAMETERS) {
                if let Some(list) = child(&parameters, SyntaxKind::CONSTRAINT_COLUMN_REF_LIST) {
                    columns = column_refs(&list);
                }
                if let Some(include) = child(&parameters, SyntaxKind::CONSTRAINT_INCLUDE_CLAUSE) {
                    pending.include = column_refs(&include);
                }
            }
            if columns.is_empty()
                && let Some(column) = column
            {
                columns.push(column.to_owned());
            }
            pending.using_index = child(node, SyntaxKind::USING_INDEX_NAME)
                .and_then(|using| child(&using, SyntaxKind::INDEX_REF))
                .map(|index| ident(&index));
            if node.kind() == SyntaxKind::PRIMARY_KEY_CONSTRAINT {
                ConstraintKind::PrimaryKey { columns }
            } else {
                ConstraintKind::Unique { columns }
            }
        }
        SyntaxKind::CHECK_CONSTRAINT => ConstraintKind::Check {
            expression: expression(node).map(|expr| text(&expr)).unwrap_or_default(),
        },
        SyntaxKind::FOREIGN_KEY_CONSTRAINT | SyntaxKind::REFERENCES_CONSTRAINT => {
            let table =
                child(node, SyntaxKind::TABLE_NAME_REF).and_then(|name| object_name(&name))?;
            let lists: Vec<SyntaxNode> =
                children(node, SyntaxKind::FOREIGN_KEY_COLUMN_LIST).collect();
            let (columns, ref_columns) = if node.kind() == SyntaxKind::REFERENCES_CONSTRAINT {
                (
                    column.map(str::to_owned).into_iter().collect(),
                    child(node, SyntaxKind::COLUMN_NAME_REF)
                        .map(|name| ident(&name))
                        .into_iter()
                        .collect(),
                )
            } else {
                (
                    lists.first().map(column_refs).unwrap_or_default(),
                    lists.get(1).map(column_refs).unwrap_or_default(),
                )
            };
            ConstraintKind::ForeignKey {
                columns,
                table,
                ref_columns,
                on_delete: action(node, SyntaxKind::ON_DELETE_ACTION),
                on_update: action(node, SyntaxKind::ON_UPDATE_ACTION),
            }
        }
        SyntaxKind::EXCLUDE_CONSTRAINT => {
            pending.method = child(node, SyntaxKind::CONSTRAINT_INDEX_METHOD)
                .and_then(|method| child(&method, SyntaxKind::ACCESS_METHOD_REF))
                .map(|method| fold(&text(&method)));
            if let Some(include) = child(node, SyntaxKind::CONSTRAINT_INCLUDE_CLAUSE) {
                pending.include = column_refs(&include);
            }
            pending.predicate = child(node, SyntaxKind::WHERE_CONDITION_CLAUSE)
                .and_then(|clause| expression(&clause))
                .map(|expr| text(&expr));
            pending.element_names = child(node, SyntaxKind::CONSTRAINT_EXCLUSION_LIST)
                .map(|list| {
                    children(&list, SyntaxKind::CONSTRAINT_EXCLUSION)
                        .map(|element| match element.first_child() {
                            Some(expr) => element_name(&expr),
                            None => "expr".to_owned(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let start = node
                .children_with_tokens()
                .find(|element| element.kind() == SyntaxKind::EXCLUDE_KW)
                .map(|keyword| keyword.text_range().end());
            let definition = match start {
                Some(start) => {
                    let whole = node.text().to_string();
                    let from = usize::from(start - node.text_range().start());
                    whole.get(from..).unwrap_or_default().trim().to_owned()
                }
                None => text_after_keyword(node),
            };
            ConstraintKind::Exclude { definition }
        }
        _ => return None,
    };
    Some(pending)
}

/// The expression inside a clause: its first child that is not the constraint's name
/// or an option.
fn expression(node: &SyntaxNode) -> Option<SyntaxNode> {
    node.children().find(|child| {
        !matches!(
            child.kind(),
            SyntaxKind::CONSTRAINT_NAME_CLAUSE
                | SyntaxKind::NOT_VALID
                | SyntaxKind::NO_INHERIT
                | SyntaxKind::INITIALLY_DEFERRED_CONSTRAINT_OPTION
                | SyntaxKind::INITIALLY_IMMEDIATE_CONSTRAINT_OPTION
                | SyntaxKind::DEFERRABLE_CONSTRAINT_OPTION
                | SyntaxKind::NOT_DEFERRABLE_CONSTRAINT_OPTION
        )
    })
}

/// The column names in a parenthesised list.
pub(crate) fn column_refs(list: &SyntaxNode) -> Vec<String> {
    list.descendants()
        .filter(|name| {
            matches!(
                name.kind(),
                SyntaxKind::COLUMN_NAME_REF | SyntaxKind::COLUMN_NAME
            )
        })
        .map(|name| ident(&name))
        .collect()
}

/// `ON DELETE …`/`ON UPDATE …` as SQL, upper case, unless `NO ACTION` (the default).
fn action(node: &SyntaxNode, kind: SyntaxKind) -> Option<String> {
    let clause = child(node, kind)?;
    let words: Vec<String> = clause
        .text()
        .to_string()
        .split_whitespace()
        .skip(2)
        .map(str::to_ascii_uppercase)
        .collect();
    let action = words.join(" ");
    (action != "NO ACTION" && !action.is_empty()).then_some(action)
}

/// The name PostgreSQL gives an index or exclusion element (`FigureColname`): a
/// column's own, a function's name, a cast's argument or type, or `expr`.
pub(crate) fn element_name(expr: &SyntaxNode) -> String {
    match expr.kind() {
        SyntaxKind::NAME_REF => fold(&text(expr)),
        SyntaxKind::FIELD_EXPR => expr
            .children()
            .filter(|part| part.kind() == SyntaxKind::NAME_REF)
            .last()
            .map_or_else(|| "expr".to_owned(), |name| fold(&text(&name))),
        SyntaxKind::PAREN_EXPR => expr
            .first_child()
            .map_or_else(|| "expr".to_owned(), |inner| element_name(&inner)),
        SyntaxKind::CALL_EXPR => expr
            .first_child()
            .map_or_else(|| "expr".to_owned(), |name| ident(&name)),
        SyntaxKind::CAST_EXPR => {
            let inner = expr.first_child().map(|inner| element_name(&inner));
            match inner {
                Some(name) if name != "expr" => name,
                _ => expr
                    .children()
                    .find(|child| crate::types::is_type(child.kind()))
                    .and_then(|ty| {
                        ty.descendants()
                            .filter(|segment| segment.kind() == SyntaxKind::PATH_SEGMENT_REF)
                            .last()
                    })
                    .map_or_else(|| "expr".to_owned(), |name| fold(&text(&name))),
            }
        }
        _ => "expr".to_owned(),
    }
}

/// Adds constraints to `table` (which must be in the model) in PostgreSQL's order: the
/// others as written, then foreign keys, whose default referenced columns are the
/// primary key a constraint before may have just declared.
pub(crate) fn add(schema: &mut Schema, table: &ObjectName, pending: Vec<Pending>) {
    let mut taken: Vec<String> = Vec::new();
    let (foreign, others): (Vec<Pending>, Vec<Pending>) = pending
        .into_iter()
        .partition(|pending| matches!(pending.kind, ConstraintKind::ForeignKey { .. }));
    for pending in others.into_iter().chain(foreign) {
        add_one(schema, table, pending, &mut taken);
    }
}

fn add_one(schema: &mut Schema, table: &ObjectName, mut pending: Pending, taken: &mut Vec<String>) {
    let Some(columns) = schema.tables.get(table).map(|t| t.columns.clone()) else {
        return;
    };
    let namespace = table.schema.clone();
    let name = match (&pending.name, &pending.using_index, &pending.kind) {
        (Some(name), _, _) => name.clone(),
        (None, Some(index), _) => index.clone(),
        (None, None, ConstraintKind::PrimaryKey { .. }) => {
            choose_relation_name(schema, &namespace, &table.name, None, "pkey", taken)
        }
        (None, None, ConstraintKind::Unique { columns }) => {
            let mut names = columns.clone();
            names.extend(pending.include.iter().cloned());
            let addition = name_addition(&index_column_names(&names));
            choose_relation_name(
                schema,
                &namespace,
                &table.name,
                Some(&addition),
                "key",
                taken,
            )
        }
        (None, None, ConstraintKind::Exclude { .. }) => {
            let mut names = pending.element_names.clone();
            names.extend(pending.include.iter().cloned());
            let addition = name_addition(&index_column_names(&names));
            choose_relation_name(
                schema,
                &namespace,
                &table.name,
                Some(&addition),
                "excl",
                taken,
            )
        }
        (None, None, ConstraintKind::ForeignKey { columns, .. }) => {
            let addition = name_addition(columns);
            choose_constraint_name(
                schema,
                &namespace,
                &table.name,
                Some(&addition),
                "fkey",
                taken,
            )
        }
        (None, None, ConstraintKind::Check { .. }) => {
            let single = check_column(&pending, &columns);
            choose_constraint_name(
                schema,
                &namespace,
                &table.name,
                single.as_deref(),
                "check",
                taken,
            )
        }
    };
    taken.push(name.clone());
    // A key's default name may belong to a relation the model does not know, in which
    // case PostgreSQL took the next one: both stay unknown.
    let uncertain = pending.name.is_none()
        && pending.using_index.is_none()
        && !matches!(
            pending.kind,
            ConstraintKind::ForeignKey { .. } | ConstraintKind::Check { .. }
        )
        && (schema
            .unknown
            .contains(&ObjectName::new(Some(&namespace), &name))
            || schema
                .unknown
                .contains(&ObjectName::new(Some(&namespace), "*")));
    if uncertain {
        let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
        schema
            .unknown
            .insert(ObjectName::new(Some(&namespace), &format!("{base}1")));
        schema
            .unknown
            .insert(ObjectName::new(Some(&namespace), &name));
    }
    if let ConstraintKind::ForeignKey {
        table: target,
        ref_columns,
        ..
    } = &mut pending.kind
        && ref_columns.is_empty()
        && let Some(key) = schema
            .tables
            .get(target)
            .and_then(|target| target.primary_key())
    {
        *ref_columns = key.to_vec();
    }
    // `USING INDEX`: the index is renamed to the constraint and its columns are the key's.
    if let Some(index_name) = &pending.using_index {
        let old = ObjectName::new(Some(&namespace), index_name);
        if let Some(mut index) = schema.indexes.remove(&old) {
            let key: Vec<String> = index
                .elements
                .iter()
                .filter_map(|element| match element {
                    IndexElement::Column(column) => Some(column.clone()),
                    IndexElement::Expression(_) => None,
                })
                .collect();
            if let ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } =
                &mut pending.kind
            {
                *columns = key;
            }
            index.constraint = Some(name.clone());
            pending.include = index.include.clone();
            schema
                .indexes
                .insert(ObjectName::new(Some(&namespace), &name), index);
        }
    } else {
        let index = match &pending.kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } => {
                Some(Index {
                    table: table.clone(),
                    elements: columns.iter().cloned().map(IndexElement::Column).collect(),
                    unique: true,
                    method: None,
                    predicate: None,
                    include: pending.include.clone(),
                    constraint: Some(name.clone()),
                    element_options: Vec::new(),
                })
            }
            ConstraintKind::Exclude { .. } => Some(Index {
                table: table.clone(),
                elements: pending
                    .element_names
                    .iter()
                    .cloned()
                    .map(IndexElement::Column)
                    .collect(),
                unique: false,
                method: pending.method.clone().filter(|method| method != "btree"),
                predicate: pending.predicate.clone(),
                include: pending.include.clone(),
                constraint: Some(name.clone()),
                element_options: Vec::new(),
            }),
            _ => None,
        };
        if let Some(index) = index {
            super::index::clone_to_partitions(schema, table, &index, Some(&pending.kind));
            let index_name = ObjectName::new(Some(&namespace), &name);
            if !uncertain {
                schema.unknown.remove(&index_name);
            }
            schema.indexes.insert(index_name, index);
        }
    }
    let Some(target) = schema.tables.get_mut(table) else {
        return;
    };
    if let ConstraintKind::PrimaryKey { columns } = &pending.kind {
        for column in &mut target.columns {
            if columns.contains(&column.name) {
                column.not_null = true;
            }
        }
    }
    schema.add_constraint(
        table,
        Constraint {
            name,
            kind: pending.kind,
            not_valid: pending.not_valid,
        },
    );
}

/// The one column a check reads, if exactly one: PostgreSQL names the check after it.
fn check_column(pending: &Pending, columns: &[crate::model::Column]) -> Option<String> {
    let ConstraintKind::Check { expression } = &pending.kind else {
        return None;
    };
    let parsed = squawk_syntax::SourceFile::parse(&format!("SELECT {expression}"));
    let root = parsed.syntax_node();
    let mut read: Vec<String> = mentioned_idents(&root)
        .into_iter()
        .filter(|name| columns.iter().any(|column| &column.name == name))
        .collect();
    read.sort();
    read.dedup();
    match read.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}
