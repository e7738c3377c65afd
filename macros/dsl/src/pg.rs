//! PostgreSQL's grammar through squawk's pure-Rust parser: checks every piece of SQL the
//! user writes at compile time, splits raw SQL into statements flagged for transactions,
//! reads type names, and holds the keyword rule for quoting.

mod message;
mod scan;
mod transaction;
mod types;

pub(crate) use scan::{column_refs, types_named_anywhere};

use crate::model::Statement;
use message::Source;
use squawk_syntax::ast::{self, AstNode};
use squawk_syntax::{SyntaxKind, SyntaxNode};

pub(crate) use transaction::{adds_enum_value, transaction_control};
use transaction::{forbidden_in_transaction, option_is, subscription_name};
pub(crate) use types::{refuse_modifiers, type_name};

/// Parses raw SQL into its statements, each with whether PostgreSQL allows it inside a
/// transaction block. The error names the offending token and where it is in `sql`.
pub(crate) fn statements(sql: &str) -> Result<Vec<Statement>, String> {
    let file = Source::whole(sql, "SQL").parse()?;
    let mut statements = Vec::new();
    // A statement's text runs from the end of the one before (so a comment above it
    // stays with it) to its end, without the `;` that ends it.
    let mut start = 0;
    // Subscriptions whose replication slot an earlier statement detached: dropping them
    // touches no slot, so PostgreSQL allows it in a transaction (the documented way to
    // drop a subscription whose publisher is gone).
    let mut slotless: Vec<String> = Vec::new();
    for element in file.syntax().children_with_tokens() {
        let end = offset(element.text_range().end());
        let Some(node) = element.as_node() else {
            if element.kind() == SyntaxKind::SEMICOLON {
                start = end;
            }
            continue;
        };
        if let Some(statement) = ast::Stmt::cast(node.clone())
            && !matches!(statement, ast::Stmt::EmptyStmt(_))
        {
            let text_end = match last_token(node) {
                Some(token) if token.kind() == SyntaxKind::SEMICOLON => {
                    offset(token.text_range().start())
                }
                _ => end,
            };
            let transaction = match &statement {
                ast::Stmt::AlterSubscription(alter) => {
                    if alter.syntax().children().any(|action| {
                        action.kind() == SyntaxKind::SET_OPTIONS
                            && option_is(&action, "slot_name", &["none"])
                    }) {
                        slotless.extend(subscription_name(alter.syntax()));
                    }
                    !forbidden_in_transaction(&statement)
                }
                ast::Stmt::DropSubscription(drop) => {
                    subscription_name(drop.syntax()).is_some_and(|name| slotless.contains(&name))
                }
                _ => !forbidden_in_transaction(&statement),
            };
            statements.push(Statement {
                sql: sql[start..text_end].trim().to_owned(),
                transaction,
            });
        }
        start = end;
    }
    Ok(statements)
}

/// Checks that `expr` is exactly one SQL expression, as in `SELECT <expr>`, with nothing
/// around it (no alias, no `FROM`, no second expression, no trailing comment), since it
/// is pasted into the SQL we generate.
pub(crate) fn expression(expr: &str) -> Result<(), String> {
    if expr.trim().is_empty() {
        return Err("the expression is empty".to_owned());
    }
    let source = Source::embedded("SELECT ", expr, "expression");
    let file = source.parse()?;
    // The outermost target: `SELECT (SELECT 1)` has two.
    let target = file.syntax().descendants().find_map(ast::Target::cast);
    let expr_range = target
        .as_ref()
        .and_then(|target| target.expr())
        .map(|expr| expr.syntax().text_range());
    let (start, end) = source.user_range();
    match expr_range {
        Some(range) if offset(range.start()) == start && offset(range.end()) == end => Ok(()),
        Some(range) if offset(range.start()) == start => {
            Err(source.unexpected("expected one SQL expression, found", offset(range.end())))
        }
        _ => Err(source.unexpected("expected one SQL expression, found", start)),
    }
}

/// Checks that `query` is exactly one query that can be a view's body, as in
/// `CREATE VIEW v AS <query>`, with no `;` and nothing after it, since it is pasted into
/// the SQL we generate.
pub(crate) fn query(query: &str) -> Result<(), String> {
    one_part("CREATE VIEW v AS ", query, "query")
}

/// Checks that `constraint` is one table constraint, as in `ALTER TABLE t ADD
/// CONSTRAINT c <constraint>` (after `EXCLUDE` if `exclude`), with no `;`.
pub(crate) fn constraint(constraint: &str, exclude: bool) -> Result<(), String> {
    if exclude {
        one_part(
            "ALTER TABLE t ADD CONSTRAINT c EXCLUDE ",
            constraint,
            "exclusion",
        )
    } else {
        one_part("ALTER TABLE t ADD CONSTRAINT c ", constraint, "constraint")
    }
}

/// `text`, parsed after `prefix`: valid, and without a `;` that would end the
/// statement it is pasted into.
fn one_part(prefix: &str, text: &str, what: &'static str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err(format!("the {what} is empty"));
    }
    let source = Source::embedded(prefix, text, what);
    let file = source.parse()?;
    // The parser hangs a statement's `;` inside it; in a string or a dollar-quoted
    // body it is part of that one token, so any `;` token ends the query.
    let semicolon = file
        .syntax()
        .descendants_with_tokens()
        .find(|element| element.kind() == SyntaxKind::SEMICOLON);
    if let Some(semicolon) = semicolon {
        return Err(source.unexpected(
            &format!("expected one {what} without `;`, found"),
            offset(semicolon.text_range().start()),
        ));
    }
    Ok(())
}

/// Whether SQL ends inside a `-- comment`, which runs to the end of its line: a split
/// statement's text can (`UPDATE t SET a = 1 -- backfill`), since it stops at its `;`.
pub(crate) fn ends_in_line_comment(sql: &str) -> bool {
    squawk_lexer::tokenize(sql)
        .filter(|token| token.kind != squawk_lexer::TokenKind::Whitespace)
        .last()
        .is_some_and(|token| token.kind == squawk_lexer::TokenKind::LineComment)
}

/// Whether a checked expression must be parenthesized after a column's `DEFAULT`.
/// PostgreSQL's grammar takes only a restricted expression there (`b_expr` in gram.y),
/// without the operators whose words could also begin the next column constraint:
/// `AND`, `OR`, `NOT`, `IS`, `IN`, `LIKE`, `BETWEEN`, `AT TIME ZONE`, `= ANY (…)`…
/// squawk's parser takes any expression there, so the operators are looked for here,
/// outside any parentheses, call or subquery (`(a AND b)` stands bare). Everything
/// PostgreSQL takes bare is left bare, so the SQL of migrations that work today does not
/// change: `IS [NOT] DISTINCT FROM` and `IS [NOT] DOCUMENT` are in `b_expr`, and a last
/// `COLLATE` reads as the column's collation.
pub(crate) fn default_needs_parentheses(expr: &str) -> bool {
    let Ok(file) = Source::embedded("SELECT ", expr, "expression").parse() else {
        return false;
    };
    file.syntax()
        .descendants()
        .find_map(ast::Target::cast)
        .and_then(|target| target.expr())
        .is_some_and(|expr| outside_b_expr(expr.syntax()))
}

/// The keywords of operators PostgreSQL's `b_expr` lacks.
const A_EXPR_ONLY: &[SyntaxKind] = &[
    SyntaxKind::AND_KW,
    SyntaxKind::OR_KW,
    SyntaxKind::NOT_KW,
    SyntaxKind::IS_KW,
    SyntaxKind::IN_KW,
    SyntaxKind::LIKE_KW,
    SyntaxKind::ILIKE_KW,
    SyntaxKind::SIMILAR_KW,
    SyntaxKind::BETWEEN_KW,
    SyntaxKind::AT_KW,
    SyntaxKind::ISNULL_KW,
    SyntaxKind::NOTNULL_KW,
    SyntaxKind::OVERLAPS_KW,
];

/// Whether an operator outside any parentheses makes `node` an `a_expr` only.
fn outside_b_expr(node: &SyntaxNode) -> bool {
    match node.kind() {
        SyntaxKind::BIN_EXPR
        | SyntaxKind::PREFIX_EXPR
        | SyntaxKind::POSTFIX_EXPR
        | SyntaxKind::BETWEEN_EXPR => {}
        // `x::type` and `x COLLATE c`: only the operand counts (`CAST(… AS …)` is a call).
        SyntaxKind::CAST_EXPR | SyntaxKind::COLLATE => {
            let postfix = node.kind() == SyntaxKind::COLLATE
                || node
                    .children()
                    .any(|child| child.kind() == SyntaxKind::COLON_COLON);
            return postfix
                && node
                    .first_child()
                    .is_some_and(|operand| outside_b_expr(&operand));
        }
        _ => return false,
    }
    // `x IS [NOT] DOCUMENT` is in `b_expr`.
    let document = node
        .children()
        .last()
        .and_then(|operand| first_token(&operand))
        .is_some_and(|token| token.kind() == SyntaxKind::DOCUMENT_KW);
    let restricted = |kind: SyntaxKind| {
        A_EXPR_ONLY.contains(&kind)
            && !(document && matches!(kind, SyntaxKind::IS_KW | SyntaxKind::NOT_KW))
    };
    node.children_with_tokens().any(|element| {
        let Some(child) = element.as_node() else {
            return restricted(element.kind());
        };
        if ast::Expr::can_cast(child.kind()) {
            // `x = ANY (…)`: the quantified comparison is `a_expr` only.
            let quantified = child.kind() == SyntaxKind::CALL_EXPR
                && child.first_child().is_some_and(|call| {
                    matches!(
                        call.kind(),
                        SyntaxKind::ANY_FN | SyntaxKind::ALL_FN | SyntaxKind::SOME_FN
                    )
                });
            return quantified || outside_b_expr(child);
        }
        // An operator written in words: `AT TIME ZONE`, `NOT IN`, `IS NOT`…
        !matches!(
            child.kind(),
            SyntaxKind::IS_DISTINCT_FROM | SyntaxKind::IS_NOT_DISTINCT_FROM
        ) && child
            .children_with_tokens()
            .any(|element| restricted(element.kind()))
    })
}

/// Names of the types a raw statement creates (enums, composites, ranges, domains); none
/// when the SQL does not parse.
pub(crate) fn created_types(sql: &str) -> Vec<String> {
    let Ok(file) = Source::whole(sql, "SQL").parse() else {
        return Vec::new();
    };
    file.stmts()
        .filter_map(|statement| {
            let path = match statement {
                ast::Stmt::CreateType(create) => match create.kind()? {
                    ast::CreateTypeKind::EnumType(_)
                    | ast::CreateTypeKind::CompositeType(_)
                    | ast::CreateTypeKind::RangeType(_) => create.type_name()?.path()?,
                    ast::CreateTypeKind::BaseType(_) => return None,
                },
                ast::Stmt::CreateDomain(create) => create.domain()?.path()?,
                _ => return None,
            };
            Some(types::name(path.segment()?.syntax()))
        })
        .collect()
}

/// Whether a lowercase identifier must be quoted because it is a keyword that cannot be
/// used as a bare name: PostgreSQL's own `quote_ident` rule (only unreserved keywords may
/// go bare), from the keyword categories of squawk's lexer, which are PostgreSQL's.
pub(crate) fn is_restricted_keyword(ident: &str) -> bool {
    let file = squawk_syntax::SourceFile::parse(ident).tree();
    let mut tokens = file
        .syntax()
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

fn first_token(node: &SyntaxNode) -> Option<squawk_syntax::SyntaxToken> {
    node.descendants_with_tokens()
        .filter_map(|element| element.into_token())
        .find(|token| !token.kind().is_trivia())
}

fn last_token(node: &SyntaxNode) -> Option<squawk_syntax::SyntaxToken> {
    node.descendants_with_tokens()
        .filter_map(|element| element.into_token())
        .filter(|token| !token.kind().is_trivia())
        .last()
}

/// A parser offset as an index into the parsed text.
fn offset(size: impl Into<u32>) -> usize {
    size.into() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_query_is_one_query_without_a_semicolon() {
        assert_eq!(query("SELECT id FROM users WHERE id > 1"), Ok(()));
        assert_eq!(query("VALUES (1) UNION ALL SELECT 2 -- a comment"), Ok(()));
        let error = query("SELECT 1; DROP TABLE users").unwrap_err();
        assert!(error.contains("without `;`"), "{error}");
        let error = query("SELECT 1;").unwrap_err();
        assert!(error.contains("without `;`"), "{error}");
        assert!(query("  ").is_err());
    }

    #[test]
    fn statements_are_split_and_flagged() {
        let split = statements(
            "CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY t_a_idx ON t (a);\nDO $$ BEGIN RAISE NOTICE 'a;b'; END $$",
        )
        .expect("valid");
        let flags: Vec<(&str, bool)> = split
            .iter()
            .map(|statement| (statement.sql.as_str(), statement.transaction))
            .collect();
        assert_eq!(
            flags,
            [
                ("CREATE TABLE t (a int)", true),
                ("CREATE INDEX CONCURRENTLY t_a_idx ON t (a)", false),
                ("DO $$ BEGIN RAISE NOTICE 'a;b'; END $$", true),
            ]
        );
        for sql in [
            "DROP INDEX CONCURRENTLY IF EXISTS i",
            "REINDEX INDEX CONCURRENTLY i",
            "REINDEX (CONCURRENTLY) TABLE t",
            "REINDEX SCHEMA public",
            "VACUUM ANALYZE t",
            "CREATE DATABASE d",
            "DROP DATABASE d",
            "CREATE TABLESPACE s LOCATION '/tmp/s'",
            "DROP TABLESPACE s",
            "ALTER SYSTEM SET work_mem = '64MB'",
            "ALTER TABLE p DETACH PARTITION c CONCURRENTLY",
            "ALTER DATABASE d SET TABLESPACE s",
            "CLUSTER",
            "DISCARD ALL",
            "CREATE SUBSCRIPTION s CONNECTION 'host=p' PUBLICATION p",
            "CREATE SUBSCRIPTION s CONNECTION 'host=p' PUBLICATION p WITH (connect, create_slot = true)",
            "DROP SUBSCRIPTION s",
            "DROP SUBSCRIPTION IF EXISTS s CASCADE",
            "ALTER SUBSCRIPTION s REFRESH PUBLICATION",
            "ALTER SUBSCRIPTION s REFRESH PUBLICATION WITH (copy_data = false)",
            "ALTER SUBSCRIPTION s ADD PUBLICATION p",
            "ALTER SUBSCRIPTION s SET PUBLICATION p WITH (refresh = true)",
            "ALTER SUBSCRIPTION s DROP PUBLICATION p",
        ] {
            assert!(!statements(sql).expect(sql)[0].transaction, "{sql}");
        }
        for sql in [
            "REFRESH MATERIALIZED VIEW CONCURRENTLY v",
            "ALTER TYPE mood ADD VALUE 'ok'",
            "ANALYZE t",
            "REINDEX INDEX i",
            "REINDEX (CONCURRENTLY false) TABLE t",
            "CLUSTER t USING t_pkey",
            "ALTER TABLE p DETACH PARTITION c",
            "ALTER DATABASE d SET work_mem = '64MB'",
            // No slot to create, no refresh: PostgreSQL allows these in a transaction.
            "CREATE SUBSCRIPTION s CONNECTION 'host=p' PUBLICATION p WITH (connect = false)",
            "CREATE SUBSCRIPTION s CONNECTION 'host=p' PUBLICATION p WITH (create_slot = 'off')",
            "ALTER SUBSCRIPTION s ADD PUBLICATION p WITH (refresh = false)",
            "ALTER SUBSCRIPTION s SET PUBLICATION p WITH (REFRESH = off)",
            "ALTER SUBSCRIPTION s DROP PUBLICATION p WITH (refresh = false)",
            "ALTER SUBSCRIPTION s DISABLE",
            "ALTER SUBSCRIPTION s SET (slot_name = NONE)",
        ] {
            assert!(statements(sql).expect(sql)[0].transaction, "{sql}");
        }
        // A subscription whose slot is detached first is dropped in a transaction.
        let flags = |sql: &str| -> Vec<bool> {
            statements(sql)
                .expect(sql)
                .iter()
                .map(|statement| statement.transaction)
                .collect()
        };
        assert_eq!(
            flags(
                "ALTER SUBSCRIPTION s DISABLE; ALTER SUBSCRIPTION s SET (slot_name = none); DROP SUBSCRIPTION s"
            ),
            [true, true, true]
        );
        assert_eq!(
            flags("ALTER SUBSCRIPTION s SET (slot_name = NONE); DROP SUBSCRIPTION t"),
            [true, false]
        );
    }

    #[test]
    fn comments_stay_with_the_statement_below_them() {
        let split = statements("-- one\nSELECT 1; ; /* two */ SELECT 2 -- end").expect("valid");
        let texts: Vec<&str> = split
            .iter()
            .map(|statement| statement.sql.as_str())
            .collect();
        assert_eq!(texts, ["-- one\nSELECT 1", "/* two */ SELECT 2"]);
        assert!(statements("-- nothing here").expect("valid").is_empty());
    }

    #[test]
    fn syntax_errors_name_the_token_and_its_place() {
        assert_eq!(
            statements("CREATE TABEL t ()").expect_err("bad"),
            "syntax error at or near `TABEL` (line 1, column 8 of the SQL)"
        );
        assert_eq!(
            statements("CREAT TABLE t ()").expect_err("bad"),
            "syntax error at or near `CREAT` (line 1, column 1 of the SQL)"
        );
        assert_eq!(
            statements("SELECT 1;\nCREATE TABLE t (\n  a int,\n)").expect_err("bad"),
            "syntax error at or near `,` (line 3, column 8 of the SQL); unexpected trailing comma"
        );
        assert_eq!(
            statements("SELECT 'abc").expect_err("bad"),
            "syntax error at or near `'abc` (line 1, column 8 of the SQL); missing trailing `'` symbol to terminate the string literal"
        );
        assert_eq!(
            expression("lower(email").expect_err("bad"),
            "syntax error at end of input (line 1, column 12 of the expression); expected `)`"
        );
        assert_eq!(
            expression("1, 2").expect_err("bad"),
            "expected one SQL expression, found `,` (line 1, column 2 of the expression)"
        );
        assert_eq!(
            expression("price > 0;").expect_err("bad"),
            "expected one SQL expression, found `;` (line 1, column 10 of the expression)"
        );
        assert_eq!(
            expression("price > 0 -- positive").expect_err("bad"),
            "expected one SQL expression, found `-- positive` (line 1, column 11 of the expression)"
        );
        assert!(expression("now()").is_ok());
        assert!(expression("price > 0 AND price < 100").is_ok());
        assert!(expression("(SELECT max(id) FROM t)").is_ok());
        for bad in [
            "1, 2",
            "1 FROM t",
            "1; DROP TABLE t",
            "",
            "a AS b",
            "DISTINCT a",
            "*",
            "1 UNION SELECT 2",
            "1 -- trailing comment",
            "now();",
            "price > 0 ;",
            "lower(email) --",
            "status <> '' -- not empty\n",
        ] {
            assert!(expression(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn column_defaults_need_parentheses_only_where_postgres_refuses_them_bare() {
        for expr in [
            "now() AT TIME ZONE 'utc'",
            "now() AT LOCAL",
            "NOT false",
            "1 IN (1)",
            "1 NOT IN (2)",
            "NULL IS NULL",
            "true IS NOT TRUE",
            "true AND false",
            "false OR true",
            "'a' LIKE 'b'",
            "'a' NOT ILIKE 'b'",
            "'a' SIMILAR TO 'b'",
            "2 BETWEEN 1 AND 3",
            "NULL ISNULL",
            "1 = ANY ('{1}')",
            "1 < ALL ('{2}')",
            "'a' || 'b' IS NULL",
            "1 + 1 IN (2)",
            "now()::timestamp AT TIME ZONE 'utc'",
        ] {
            assert!(default_needs_parentheses(expr), "{expr}");
        }
        for expr in [
            "now()",
            "0",
            "-1",
            "'x'",
            "gen_random_uuid()",
            "'{}'::jsonb",
            "CURRENT_TIMESTAMP",
            "1 + 2 * 3",
            "'a' || 'b'",
            "1 < 2",
            "@ -1",
            "1 IS DISTINCT FROM 2",
            "1 IS NOT DISTINCT FROM 1",
            "'<a/>'::xml IS DOCUMENT",
            "'<a/>'::xml IS NOT DOCUMENT",
            "(true AND false)",
            "coalesce(NULL OR true, false)",
            "CAST(true AND false AS bool)",
            "CASE WHEN 1 IN (1) THEN 1 END",
            "(SELECT 1 WHERE true AND false)",
            "'x' COLLATE \"C\"",
            "ARRAY[1 IN (1)]",
        ] {
            assert!(!default_needs_parentheses(expr), "{expr}");
        }
    }

    #[test]
    fn line_comments_are_found_only_at_the_end_outside_quotes() {
        for sql in [
            "SELECT 1 -- one",
            "SELECT 1 --",
            "SELECT 1 -- a\n  ",
            "-- only",
        ] {
            assert!(ends_in_line_comment(sql), "{sql:?}");
        }
        for sql in [
            "SELECT '--'",
            "SELECT $$ -- $$",
            "SELECT \"--\"",
            "SELECT 1 /* -- */",
            "-- one\nSELECT 1",
            "SELECT 1 - -1",
            "",
        ] {
            assert!(!ends_in_line_comment(sql), "{sql:?}");
        }
    }

    #[test]
    fn function_bodies_in_sql_are_checked() {
        let error = statements(
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\n  SELECT FROM WHERE\n$$",
        )
        .expect_err("bad body");
        assert!(error.contains("line 2"), "{error}");
    }

    #[test]
    fn types_parse_to_their_names() {
        assert_eq!(type_name("integer").expect("valid"), ["pg_catalog", "int4"]);
        assert_eq!(
            type_name("varchar(255)[]").expect("valid"),
            ["pg_catalog", "varchar"]
        );
        assert_eq!(type_name("public.mood").expect("valid"), ["public", "mood"]);
        assert_eq!(type_name("text").expect("valid"), ["text"]);
        assert!(type_name("varchar(").is_err());
        assert_eq!(
            created_types(
                "CREATE TYPE mood AS ENUM ('a'); CREATE DOMAIN public.email AS text; \
                 CREATE TYPE \"Pair\" AS (a int, b int); CREATE TYPE span AS RANGE (subtype = int4)"
            ),
            ["mood", "email", "Pair", "span"]
        );
    }

    #[test]
    fn keywords_that_need_quotes() {
        for word in ["user", "order", "select", "int", "between", "left"] {
            assert!(is_restricted_keyword(word), "{word}");
        }
        for word in ["users", "name", "type", "id", "email", "data"] {
            assert!(!is_restricted_keyword(word), "{word}");
        }
    }
}
