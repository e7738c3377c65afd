//! PostgreSQL's own parser (libpg_query through `pg_query`), for checking every piece
//! of SQL the user writes at compile time, and the keyword rule for quoting.

use crate::model::Statement;
use pg_query::NodeEnum;
use pg_query::protobuf::KeywordKind;

/// Parses raw SQL into its statements, each with whether PostgreSQL allows it inside
/// a transaction block. The error is PostgreSQL's message.
pub(crate) fn statements(sql: &str) -> Result<Vec<Statement>, String> {
    let parsed = pg_query::parse(sql, pg_query::ParserOptions::DEFAULT).map_err(message)?;
    let mut statements = Vec::new();
    for raw in &parsed.protobuf.stmts {
        let start = usize::try_from(raw.stmt_location).unwrap_or(0);
        let end = match usize::try_from(raw.stmt_len) {
            Ok(0) | Err(_) => sql.len(),
            Ok(len) => start + len,
        };
        let text = sql.get(start..end).unwrap_or(sql).trim();
        let node = raw.stmt.as_ref().and_then(|node| node.node.as_ref());
        statements.push(Statement {
            sql: text.to_owned(),
            transaction: !node.is_some_and(forbidden_in_transaction),
        });
    }
    Ok(statements)
}

/// Whether PostgreSQL refuses to run this statement inside a transaction block.
fn forbidden_in_transaction(node: &NodeEnum) -> bool {
    match node {
        NodeEnum::IndexStmt(stmt) => stmt.concurrent,
        NodeEnum::DropStmt(stmt) => stmt.concurrent,
        NodeEnum::ReindexStmt(stmt) => stmt.params.iter().any(|param| {
            matches!(&param.node, Some(NodeEnum::DefElem(def)) if def.defname == "concurrently")
        }),
        NodeEnum::VacuumStmt(stmt) => stmt.is_vacuumcmd,
        NodeEnum::CreatedbStmt(_)
        | NodeEnum::DropdbStmt(_)
        | NodeEnum::CreateTableSpaceStmt(_)
        | NodeEnum::DropTableSpaceStmt(_)
        | NodeEnum::AlterSystemStmt(_) => true,
        NodeEnum::AlterTableStmt(stmt) => stmt.cmds.iter().any(|cmd| {
            matches!(&cmd.node, Some(NodeEnum::AlterTableCmd(cmd))
                if matches!(&cmd.def.as_ref().and_then(|def| def.node.as_ref()),
                    Some(NodeEnum::PartitionCmd(partition)) if partition.concurrent))
        }),
        _ => false,
    }
}

/// Checks that `expr` is exactly one SQL expression, as in `SELECT <expr>`.
pub(crate) fn expression(expr: &str) -> Result<(), String> {
    if expr.trim().is_empty() {
        return Err("the expression is empty".to_owned());
    }
    let parsed = pg_query::parse(&format!("SELECT {expr}"), pg_query::ParserOptions::DEFAULT)
        .map_err(message)?;
    let one_target = match parsed.protobuf.stmts.as_slice() {
        [raw] => match raw.stmt.as_ref().and_then(|node| node.node.as_ref()) {
            Some(NodeEnum::SelectStmt(select)) => {
                select.target_list.len() == 1
                    && select.from_clause.is_empty()
                    && select.where_clause.is_none()
                    && select.group_clause.is_empty()
                    && select.sort_clause.is_empty()
                    && select.limit_count.is_none()
                    && select.values_lists.is_empty()
                    && select.op == pg_query::protobuf::SetOperation::SetopNone as i32
            }
            _ => false,
        },
        _ => false,
    };
    if one_target {
        Ok(())
    } else {
        Err("expected one SQL expression".to_owned())
    }
}

/// Parses a type name, returning its name parts (`["pg_catalog", "int4"]` for
/// `integer`, `["post_status"]`, `["public", "post_status"]`).
pub(crate) fn type_name(ty: &str) -> Result<Vec<String>, String> {
    let parsed = pg_query::parse(ty, pg_query::ParserOptions::TYPE_NAME).map_err(message)?;
    let names = match parsed
        .protobuf
        .stmts
        .first()
        .and_then(|raw| raw.stmt.as_ref())
        .and_then(|node| node.node.as_ref())
    {
        Some(NodeEnum::List(list)) => list
            .items
            .iter()
            .filter_map(|item| match &item.node {
                Some(NodeEnum::String(name)) => Some(name.sval.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    if names.is_empty() {
        Err("not a type name".to_owned())
    } else {
        Ok(names)
    }
}

/// Names of the types a raw statement creates (enums, composites, domains, ranges).
pub(crate) fn created_types(sql: &str) -> Vec<String> {
    let Ok(parsed) = pg_query::parse(sql, pg_query::ParserOptions::DEFAULT) else {
        return Vec::new();
    };
    let last = |names: &[pg_query::protobuf::Node]| {
        names.iter().rev().find_map(|node| match &node.node {
            Some(NodeEnum::String(name)) => Some(name.sval.clone()),
            _ => None,
        })
    };
    parsed
        .protobuf
        .stmts
        .iter()
        .filter_map(|raw| match raw.stmt.as_ref()?.node.as_ref()? {
            NodeEnum::CreateEnumStmt(stmt) => last(&stmt.type_name),
            NodeEnum::CreateDomainStmt(stmt) => last(&stmt.domainname),
            NodeEnum::CreateRangeStmt(stmt) => last(&stmt.type_name),
            NodeEnum::CompositeTypeStmt(stmt) => {
                stmt.typevar.as_ref().map(|var| var.relname.clone())
            }
            _ => None,
        })
        .collect()
}

/// Whether a lowercase identifier must be quoted because it is a keyword that cannot
/// be used as a bare name: PostgreSQL's own `quote_ident` rule (only unreserved
/// keywords may go bare).
pub(crate) fn is_restricted_keyword(ident: &str) -> bool {
    match pg_query::scan(ident) {
        Ok(scanned) => match scanned.tokens.as_slice() {
            [token] => !matches!(
                KeywordKind::try_from(token.keyword_kind),
                Ok(KeywordKind::NoKeyword | KeywordKind::UnreservedKeyword)
            ),
            _ => true,
        },
        Err(_) => true,
    }
}

fn message(error: pg_query::Error) -> String {
    match error {
        pg_query::Error::Parse(message) | pg_query::Error::Scan(message) => message,
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "VACUUM ANALYZE t",
            "CREATE DATABASE d",
            "ALTER TABLE p DETACH PARTITION c CONCURRENTLY",
        ] {
            assert!(!statements(sql).expect(sql)[0].transaction, "{sql}");
        }
        for sql in [
            "REFRESH MATERIALIZED VIEW CONCURRENTLY v",
            "ANALYZE t",
            "REINDEX INDEX i",
        ] {
            assert!(statements(sql).expect(sql)[0].transaction, "{sql}");
        }
    }

    #[test]
    fn syntax_errors_carry_postgresql_messages() {
        assert_eq!(
            statements("CREAT TABLE t ()").expect_err("bad"),
            "syntax error at or near \"CREAT\""
        );
        assert_eq!(
            expression("lower(email").expect_err("bad"),
            "syntax error at end of input"
        );
        assert!(expression("now()").is_ok());
        assert!(expression("price > 0 AND price < 100").is_ok());
        for bad in ["1, 2", "1 FROM t", "1; DROP TABLE t", ""] {
            assert!(expression(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn types_parse_to_their_names() {
        assert_eq!(type_name("integer").expect("valid"), ["pg_catalog", "int4"]);
        assert_eq!(
            type_name("varchar(255)[]").expect("valid"),
            ["pg_catalog", "varchar"]
        );
        assert_eq!(type_name("public.mood").expect("valid"), ["public", "mood"]);
        assert!(type_name("varchar(").is_err());
        assert_eq!(
            created_types("CREATE TYPE mood AS ENUM ('a'); CREATE DOMAIN public.email AS text"),
            ["mood", "email"]
        );
    }

    #[test]
    fn keywords_that_need_quotes() {
        for word in ["user", "order", "select", "int", "between"] {
            assert!(is_restricted_keyword(word), "{word}");
        }
        for word in ["users", "name", "type", "id", "email"] {
            assert!(!is_restricted_keyword(word), "{word}");
        }
    }
}
