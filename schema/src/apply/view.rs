//! `CREATE [OR REPLACE] [MATERIALIZED] VIEW` and `ALTER [MATERIALIZED] VIEW`, and the
//! rewrite of a view's text when a relation it reads is renamed.

use super::rename::rename_or_move;
use crate::model::{ObjectName, Schema, View};
use crate::syntax::{
    child, fold, has, mentioned_names, object_name, quote_ident, quote_name, text,
};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// `CREATE [OR REPLACE] [TEMP] VIEW name [(columns)] AS query` and `CREATE
/// MATERIALIZED VIEW [IF NOT EXISTS] name [(columns)] AS query [WITH [NO] DATA]`.
pub(crate) fn create(schema: &mut Schema, node: &SyntaxNode) {
    let Some(name) = child(node, SyntaxKind::VIEW).and_then(|name| object_name(&name)) else {
        schema.make_opaque();
        return;
    };
    if has(node, SyntaxKind::TEMP) {
        schema.unknown.insert(name);
        return;
    }
    let materialized = node.kind() == SyntaxKind::CREATE_MATERIALIZED_VIEW;
    if has(node, SyntaxKind::IF_NOT_EXISTS) && schema.views.contains_key(&name) {
        return;
    }
    // The query runs from the token after `AS` to the end, without `WITH [NO] DATA`,
    // `WITH CHECK OPTION` or the `;`.
    let query = node
        .children()
        .find(|child| {
            matches!(
                child.kind(),
                SyntaxKind::SELECT
                    | SyntaxKind::SELECT_INTO
                    | SyntaxKind::COMPOUND_SELECT
                    | SyntaxKind::PAREN_SELECT
                    | SyntaxKind::VALUES
                    | SyntaxKind::TABLE
            )
        })
        .map(|query| text(&query));
    let Some(query) = query else {
        schema.unknown.insert(name);
        return;
    };
    let columns = child(node, SyntaxKind::COLUMN_LIST)
        .map(|list| super::constraint::column_refs(&list))
        .unwrap_or_default();
    // `OR REPLACE` keeps the view's place in the order: views created since may read it.
    let order = match schema.views.get(&name) {
        Some(existing) => existing.order,
        None => schema
            .views
            .values()
            .map(|view| view.order + 1)
            .max()
            .unwrap_or(0),
    };
    schema.unknown.remove(&name);
    schema.views.insert(
        name,
        View {
            materialized,
            query,
            columns,
            order,
        },
    );
}

/// `ALTER [MATERIALIZED] VIEW name RENAME TO …/SET SCHEMA …`; `RENAME COLUMN` makes
/// the view unknown (the model does not keep a view's output columns); anything else
/// (owner, options) changes nothing the model keeps.
pub(crate) fn alter(schema: &mut Schema, node: &SyntaxNode) {
    let Some(name) = child(node, SyntaxKind::VIEW_REF).and_then(|name| object_name(&name)) else {
        return;
    };
    if !schema.views.contains_key(&name) {
        for mentioned in mentioned_names(node) {
            schema.unknown.insert(mentioned);
        }
        return;
    }
    if child(node, SyntaxKind::RENAME_COLUMN).is_some() {
        if let Some(view) = schema.views.get_mut(&name) {
            view.columns.clear();
        }
        schema.unknown.insert(name);
        return;
    }
    rename_or_move(schema, node, &name);
}

/// Rewrites a view's query after the relation `old` it reads is renamed to `new`, as
/// PostgreSQL's stored view (kept by OID) would now print: the relation's name in
/// `FROM`, and `old.column` references.
pub(crate) fn rewrite_reads(query: &str, old: &ObjectName, new: &ObjectName) -> String {
    let parse = squawk_syntax::SourceFile::parse(query);
    let root = parse.syntax_node();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for node in root.descendants() {
        let range = node.text_range();
        let (start, end) = (usize::from(range.start()), usize::from(range.end()));
        match node.kind() {
            SyntaxKind::RELATION_NAME_REF => {
                if let Some(read) = object_name(&node)
                    && read == *old
                {
                    edits.push((start, end, quote_name(new)));
                }
            }
            SyntaxKind::FIELD_EXPR => {
                if let Some(first) = node.first_child()
                    && first.kind() == SyntaxKind::NAME_REF
                    && fold(&first.text().to_string()) == old.name
                {
                    let range = first.text_range();
                    edits.push((
                        usize::from(range.start()),
                        usize::from(range.end()),
                        quote_ident(&new.name),
                    ));
                }
            }
            _ => {}
        }
    }
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut out = query.to_owned();
    for (start, end, replacement) in edits {
        if out.is_char_boundary(start)
            && out.is_char_boundary(end)
            && start <= end
            && end <= out.len()
        {
            out.replace_range(start..end, &replacement);
        }
    }
    out
}

/// Rewrites every view that reads `old`.
pub(crate) fn rename_reads(schema: &mut Schema, old: &ObjectName, new: &ObjectName) {
    for view in schema.views.values_mut() {
        view.query = rewrite_reads(&view.query, old, new);
    }
}
