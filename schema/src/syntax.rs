//! Small readers over squawk's syntax tree: children by kind, names as PostgreSQL
//! stores them, expression text, and the one identifier-quoting rule.
//!
//! The model walks the untyped tree (`SyntaxNode` and `SyntaxKind`) more than squawk's
//! typed AST: every accessor there returns an `Option` anyway, and the kinds read the
//! same as the grammar in `postgresql.ungram`, which is what these readers follow.

use crate::model::ObjectName;
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// The first child node of `kind`.
pub(crate) fn child(node: &SyntaxNode, kind: SyntaxKind) -> Option<SyntaxNode> {
    node.children().find(|child| child.kind() == kind)
}

/// The child nodes of `kind`, in order.
pub(crate) fn children(node: &SyntaxNode, kind: SyntaxKind) -> impl Iterator<Item = SyntaxNode> {
    node.children().filter(move |child| child.kind() == kind)
}

/// The first child node of any of `kinds`.
pub(crate) fn child_of(node: &SyntaxNode, kinds: &[SyntaxKind]) -> Option<SyntaxNode> {
    node.children().find(|child| kinds.contains(&child.kind()))
}

/// Whether `node` has a direct token or node child of `kind` (`IF_EXISTS`, `CASCADE`,
/// `UNIQUE_KW`…).
pub(crate) fn has(node: &SyntaxNode, kind: SyntaxKind) -> bool {
    node.children_with_tokens()
        .any(|element| element.kind() == kind)
}

/// Whether a statement or action ends with `CASCADE`.
pub(crate) fn cascades(node: &SyntaxNode) -> bool {
    has(node, SyntaxKind::CASCADE)
}

/// The node's text without the whitespace around it.
pub(crate) fn text(node: &SyntaxNode) -> String {
    node.text().to_string().trim().to_owned()
}

/// The text of the node after its first token (the keyword that introduced it), for
/// clauses stored "as written" without their keyword (`WHERE`, `CHECK`).
pub(crate) fn text_after_keyword(node: &SyntaxNode) -> String {
    let start = node
        .first_token()
        .map_or(node.text_range().start(), |token| token.text_range().end());
    let end = node.text_range().end();
    let whole = node.text().to_string();
    let offset = usize::from(start - node.text_range().start());
    let len = usize::from(end - node.text_range().start());
    whole.get(offset..len).unwrap_or_default().trim().to_owned()
}

/// An identifier as PostgreSQL stores it: unquoted names folded to lower case, quoted
/// ones without their quotes (a doubled `"` standing for one).
pub(crate) fn fold(text: &str) -> String {
    let text = text.trim();
    match text
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
    {
        Some(inner) => inner.replace("\"\"", "\""),
        None => text.to_ascii_lowercase(),
    }
}

/// The identifier a name node holds (`COLUMN_NAME`, `CONSTRAINT_NAME`, `SCHEMA_REF`…),
/// or the last segment of a path under it.
pub(crate) fn ident(node: &SyntaxNode) -> String {
    match path_segments(node).pop() {
        Some(last) => last,
        None => fold(&node.text().to_string()),
    }
}

/// The folded segments of the first path (`PATH` or `PATH_REF`) at or under `node`.
fn path_segments(node: &SyntaxNode) -> Vec<String> {
    let path = if matches!(node.kind(), SyntaxKind::PATH | SyntaxKind::PATH_REF) {
        Some(node.clone())
    } else {
        node.descendants()
            .find(|child| matches!(child.kind(), SyntaxKind::PATH | SyntaxKind::PATH_REF))
    };
    let Some(path) = path else {
        return Vec::new();
    };
    path.descendants()
        .filter(|segment| {
            matches!(
                segment.kind(),
                SyntaxKind::PATH_SEGMENT | SyntaxKind::PATH_SEGMENT_REF
            )
        })
        .map(|segment| fold(&segment.text().to_string()))
        .collect()
}

/// The schema-qualified name a name node holds (`TABLE_NAME`, `TABLE_NAME_REF`, `INDEX`,
/// `TYPE_NAME_REF`…): `public` when unqualified, the last two parts of a name that
/// also names the database.
pub(crate) fn object_name(node: &SyntaxNode) -> Option<ObjectName> {
    let mut segments = path_segments(node);
    let name = segments.pop()?;
    if name.is_empty() {
        return None;
    }
    Some(ObjectName::new(segments.pop().as_deref(), &name))
}

/// Every schema-qualified name a statement mentions, for a statement the model does not
/// follow: the outermost paths, so `a.b` is one name and not two.
pub(crate) fn mentioned_names(node: &SyntaxNode) -> Vec<ObjectName> {
    node.descendants()
        .filter(|path| {
            matches!(path.kind(), SyntaxKind::PATH | SyntaxKind::PATH_REF)
                && !path.parent().is_some_and(|parent| {
                    matches!(parent.kind(), SyntaxKind::PATH | SyntaxKind::PATH_REF)
                })
        })
        // A column's type is a name the statement uses, not one it touches.
        .filter(|path| {
            !path
                .ancestors()
                .any(|node| crate::types::is_type(node.kind()))
        })
        .filter_map(|path| object_name(&path))
        .collect()
}

/// The identifiers an expression mentions, folded, for "which columns does this check
/// or index expression read": a superset, since a function's name counts too.
pub(crate) fn mentioned_idents(node: &SyntaxNode) -> Vec<String> {
    node.descendants()
        .filter(|name| name.kind() == SyntaxKind::NAME_REF)
        .map(|name| fold(&name.text().to_string()))
        .collect()
}

/// The unquoted text of a string literal (`'a''b'` → `a'b`), or the text as is.
pub(crate) fn string_literal(node: &SyntaxNode) -> String {
    let text = text(node);
    match text
        .strip_prefix('\'')
        .and_then(|inner| inner.strip_suffix('\''))
    {
        Some(inner) => inner.replace("''", "'"),
        None => text,
    }
}

/// Quotes an identifier as PostgreSQL's `quote_ident` does: bare when it is lower-case
/// letters, digits and `_` (not leading with a digit) and not a keyword that cannot
/// stand bare, quoted otherwise.
pub(crate) fn quote_ident(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain && !is_restricted_keyword(name) {
        name.to_owned()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// `schema.name`, quoted, with `public.` left out (the model's default schema).
pub(crate) fn quote_name(name: &ObjectName) -> String {
    if name.schema == crate::model::DEFAULT_SCHEMA {
        quote_ident(&name.name)
    } else {
        format!("{}.{}", quote_ident(&name.schema), quote_ident(&name.name))
    }
}

/// A string literal, quoted.
pub(crate) fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Whether a lower-case word is a keyword that must be quoted to stand as a name
/// (reserved, column-name or type/function-name keywords), per squawk's keyword
/// categories, which are PostgreSQL's.
fn is_restricted_keyword(word: &str) -> bool {
    let file = squawk_syntax::SourceFile::parse(word).tree();
    let mut tokens = squawk_syntax::ast::AstNode::syntax(&file)
        .descendants_with_tokens()
        .filter_map(|element| element.into_token())
        .filter(|token| !token.kind().is_trivia());
    match (tokens.next(), tokens.next()) {
        (Some(token), None) => {
            let kind = token.kind();
            squawk_parser::is_reserved_keyword(kind)
                || squawk_parser::is_col_name_keyword(kind)
                || squawk_parser::is_type_func_name_keyword(kind)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_fold_unless_quoted() {
        assert_eq!(fold("Users"), "users");
        assert_eq!(fold("\"Users\""), "Users");
        assert_eq!(fold("\"a\"\"b\""), "a\"b");
    }

    #[test]
    fn quoting_follows_quote_ident() {
        assert_eq!(quote_ident("users"), "users");
        assert_eq!(quote_ident("Users"), "\"Users\"");
        assert_eq!(quote_ident("user"), "\"user\"");
        assert_eq!(quote_ident("char"), "\"char\"");
        assert_eq!(quote_ident("name"), "name");
        assert_eq!(quote_ident("1a"), "\"1a\"");
    }
}
