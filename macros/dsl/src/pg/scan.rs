//! Names read out of SQL for the schema checks, erring towards silence: the columns an
//! expression names, and the types raw SQL may create out of the parser's sight.

use super::message::Source;
use squawk_syntax::SyntaxKind;
use squawk_syntax::ast::{self, AstNode};

/// The bare column names an expression (a check, an index predicate or expression)
/// refers to, or `None` when it cannot tell for sure (it does not parse, or holds a
/// subquery). Function names, type names, qualified names (`t.c`) and the SQL value
/// functions (`current_date`…) are not columns.
pub(crate) fn column_refs(expr: &str) -> Option<Vec<String>> {
    let file = Source::embedded("SELECT ", expr, "expression")
        .parse()
        .ok()?;
    let root = file
        .syntax()
        .descendants()
        .find_map(ast::Target::cast)?
        .expr()?
        .syntax()
        .clone();
    if root
        .descendants()
        .any(|node| matches!(node.kind(), SyntaxKind::SELECT | SyntaxKind::SELECT_CLAUSE))
    {
        return None;
    }
    let mut columns = Vec::new();
    for node in root
        .descendants()
        .filter(|node| node.kind() == SyntaxKind::NAME_REF)
    {
        let inside = |kinds: &[SyntaxKind]| {
            node.ancestors()
                .take_while(|ancestor| *ancestor != root)
                .any(|ancestor| kinds.contains(&ancestor.kind()))
        };
        // Types (casts), and anything qualified or called.
        if inside(&[
            SyntaxKind::PATH_TYPE,
            SyntaxKind::ARRAY_TYPE,
            SyntaxKind::PERCENT_TYPE,
            SyntaxKind::FIELD_EXPR,
        ]) {
            continue;
        }
        let path = node
            .ancestors()
            .skip(1)
            .take_while(|ancestor| *ancestor != root)
            .find(|ancestor| ancestor.kind() == SyntaxKind::PATH);
        if let Some(path) = &path {
            let qualified = path
                .children()
                .any(|child| child.kind() == SyntaxKind::PATH);
            let qualifier = path
                .parent()
                .is_some_and(|parent| parent.kind() == SyntaxKind::PATH);
            let called = path
                .ancestors()
                .skip(1)
                .take_while(|ancestor| *ancestor != root)
                .next()
                .or_else(|| path.parent())
                .is_some_and(|parent| parent.kind() == SyntaxKind::CALL_EXPR);
            if qualified || qualifier || called {
                continue;
            }
        } else if node
            .parent()
            .is_some_and(|parent| parent.kind() == SyntaxKind::CALL_EXPR)
        {
            continue;
        }
        let Some(token) = node.first_token() else {
            continue;
        };
        let text = token.text();
        let name = match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(quoted) => quoted.replace("\"\"", "\""),
            None => text.to_lowercase(),
        };
        if token.kind() != SyntaxKind::IDENT && VALUE_FUNCTIONS.contains(&name.as_str()) {
            continue;
        }
        columns.push(name);
    }
    Some(columns)
}

/// SQL value functions that read like names but are keywords.
const VALUE_FUNCTIONS: &[&str] = &[
    "current_date",
    "current_time",
    "current_timestamp",
    "localtime",
    "localtimestamp",
    "current_user",
    "session_user",
    "user",
    "current_role",
    "current_catalog",
    "current_schema",
    "system_user",
];

/// Extensions whose types are all in the built-in list of extension types, or that
/// create none a column would use.
const EXTENSIONS_KNOWN: &[&str] = &[
    "citext",
    "cube",
    "hstore",
    "isn",
    "ltree",
    "seg",
    "postgis",
    "vector",
    "pgcrypto",
    "uuid-ossp",
    "pg_trgm",
    "btree_gin",
    "btree_gist",
    "unaccent",
    "fuzzystrmatch",
    "pg_stat_statements",
    "tablefunc",
    "intarray",
    "plpgsql",
];

/// The type names raw SQL may create that its statements do not show plainly: in `DO`
/// blocks and `EXECUTE` strings (`CREATE TYPE x …`, `CREATE DOMAIN x …`), and by
/// `ALTER TYPE … RENAME TO x`; and `*` when it creates an extension whose types are not
/// listed. A plain scan of the words, so it errs towards more names: the list only
/// keeps a type the macro cannot see from being refused.
pub(crate) fn types_named_anywhere(sql: &str) -> Vec<String> {
    let lower = sql.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ';' | ',' | '\''))
        .filter(|word| !word.is_empty())
        .collect();
    let bare = |word: &str| {
        word.rsplit('.')
            .next()
            .unwrap_or(word)
            .trim_matches('"')
            .to_owned()
    };
    let mut names = Vec::new();
    for (index, pair) in words.windows(2).enumerate() {
        let next = |offset: usize| words.get(index + offset).copied();
        match pair {
            ["create", "type" | "domain"] => {
                let name = match (next(2), next(3), next(4)) {
                    (Some("if"), Some("not"), Some("exists")) => next(5),
                    (name, _, _) => name,
                };
                names.extend(name.map(bare));
            }
            ["rename", "to"] if words[..index].iter().rev().take(8).any(|w| *w == "type") => {
                names.extend(next(2).map(bare));
            }
            ["create", "extension"] => {
                let name = match (next(2), next(3), next(4)) {
                    (Some("if"), Some("not"), Some("exists")) => next(5),
                    (name, _, _) => name,
                };
                if let Some(name) = name
                    && !EXTENSIONS_KNOWN.contains(&name.trim_matches('"'))
                {
                    names.push("*".to_owned());
                }
            }
            _ => {}
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::column_refs;

    #[test]
    fn only_bare_column_names_count() {
        let cases: &[(&str, &[&str])] = &[
            ("price > 0", &["price"]),
            ("char_length(name) < 10 AND name <> ''", &["name", "name"]),
            ("status IN ('draft', 'published')", &["status"]),
            ("deleted_at IS NULL", &["deleted_at"]),
            ("created_at < now() + interval '1 day'", &["created_at"]),
            ("created_at < now() + interval '1' day", &["created_at"]),
            ("starts_on < date '2030-01-01'", &["starts_on"]),
            ("extract(year FROM born_on) > 1900", &["born_on"]),
            (
                "extract(epoch FROM ends_at - starts_at) > 0",
                &["ends_at", "starts_at"],
            ),
            (
                "lower(email) = lower(email COLLATE \"C\")",
                &["email", "email"],
            ),
            (
                "(ends_at AT TIME ZONE 'UTC') > starts_at",
                &["ends_at", "starts_at"],
            ),
            (
                "kind::text <> 'x' AND CAST(qty AS numeric) > 0",
                &["kind", "qty"],
            ),
            ("position('@' IN email) > 1", &["email"]),
            ("substring(code FROM 1 FOR 2) = 'AB'", &["code"]),
            ("trim(both ' ' FROM title) <> ''", &["title"]),
            (
                "current_date > starts_on AND current_timestamp > created_at",
                &["starts_on", "created_at"],
            ),
            ("coalesce(a, b) IS NOT NULL", &["a", "b"]),
            ("tags && ARRAY['x']::text[]", &["tags"]),
            ("t.col > 0", &[]),
            ("\"Mixed\" > 0", &["Mixed"]),
            (
                "doc ->> 'kind' = 'a' AND doc @> '{}'::jsonb",
                &["doc", "doc"],
            ),
            ("round(amount, 2) = amount", &["amount", "amount"]),
            ("make_interval(days => 3) > interval '1 day'", &[]),
        ];
        let mut wrong = Vec::new();
        for (expr, expected) in cases {
            let found = column_refs(expr);
            if found.as_deref()
                != Some(&expected.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>()[..])
            {
                wrong.push(format!("{expr}: {found:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        assert_eq!(column_refs("a > (SELECT max(b) FROM t)"), None);
    }
}
