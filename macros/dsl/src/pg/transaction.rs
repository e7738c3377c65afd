//! Statements and transactions: which statements PostgreSQL refuses inside a
//! transaction block, which ones are transaction control (refused in a migration), and
//! which add an enum value (the batch commits after them).

use super::message::Source;
use super::{first_token, offset, types};
use squawk_syntax::ast::{self, AstNode};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// The transaction control statements in raw SQL (`COMMIT`, `SAVEPOINT`…), each named
/// as written with its place: the engine runs each migration's steps in transactions of
/// its own, so an inner `COMMIT` would commit part of a batch the engine then reports
/// as rolled back. Only top-level statements count: `BEGIN … END` in a `DO` block or a
/// function body is PL/pgSQL, not transaction control. Empty when the SQL does not
/// parse (its syntax error is reported instead).
pub(crate) fn transaction_control(sql: &str) -> Vec<(&'static str, String)> {
    let source = Source::whole(sql, "SQL");
    let Ok(file) = source.parse() else {
        return Vec::new();
    };
    file.stmts()
        .filter_map(|statement| {
            let construct = transaction_statement(&statement)?;
            let start = first_token(statement.syntax())
                .map_or(0, |token| offset(token.text_range().start()));
            Some((construct, source.position(start)))
        })
        .collect()
}

/// The name of a statement that opens, ends, splits or configures a transaction, with
/// the keyword the user wrote (`END` for `COMMIT`, `ABORT` for `ROLLBACK`).
fn transaction_statement(statement: &ast::Stmt) -> Option<&'static str> {
    let first = first_token(statement.syntax()).map(|token| token.kind());
    Some(match statement {
        ast::Stmt::Begin(_) if first == Some(SyntaxKind::START_KW) => "START TRANSACTION",
        ast::Stmt::Begin(_) => "BEGIN",
        ast::Stmt::Commit(ast::Commit::CommitPrepared(_)) => "COMMIT PREPARED",
        ast::Stmt::Commit(_) if first == Some(SyntaxKind::END_KW) => "END",
        ast::Stmt::Commit(_) => "COMMIT",
        ast::Stmt::Rollback(ast::Rollback::RollbackPrepared(_)) => "ROLLBACK PREPARED",
        ast::Stmt::Rollback(ast::Rollback::RollbackToSavepoint(_)) => "ROLLBACK TO SAVEPOINT",
        ast::Stmt::Rollback(_) if first == Some(SyntaxKind::ABORT_KW) => "ABORT",
        ast::Stmt::Rollback(_) => "ROLLBACK",
        ast::Stmt::SavepointCreate(_) => "SAVEPOINT",
        ast::Stmt::ReleaseSavepoint(_) => "RELEASE SAVEPOINT",
        ast::Stmt::PrepareTransaction(_) => "PREPARE TRANSACTION",
        ast::Stmt::SetTransaction(set)
            if set
                .syntax()
                .children()
                .any(|child| child.kind() == SyntaxKind::SESSION_CHARACTERISTICS) =>
        {
            "SET SESSION CHARACTERISTICS"
        }
        ast::Stmt::SetTransaction(_) => "SET TRANSACTION",
        _ => return None,
    })
}

/// Whether `sql` adds an enum value (`ALTER TYPE … ADD VALUE`): PostgreSQL refuses to
/// use the new value in the transaction that added it (SQLSTATE 55P04), so the batch
/// commits after the step. Text without `ADD VALUE` in it is not parsed.
pub(crate) fn adds_enum_value(sql: &str) -> bool {
    let folded: String = sql
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                ' '
            }
        })
        .collect();
    let mentions = folded
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .any(|pair| pair == ["ADD", "VALUE"]);
    if !mentions {
        return false;
    }
    let Ok(file) = Source::whole(sql, "SQL").parse() else {
        return false;
    };
    file.syntax().descendants().any(|node| {
        node.kind() == SyntaxKind::ALTER_TYPE
            && node
                .children()
                .any(|action| action.kind() == SyntaxKind::ADD_VALUE)
    })
}

/// Whether PostgreSQL refuses to run this statement inside a transaction block (its
/// `PreventInTransactionBlock` calls). `ALTER TYPE … ADD VALUE` (since PostgreSQL 12)
/// and `REFRESH MATERIALIZED VIEW CONCURRENTLY` are allowed there.
pub(super) fn forbidden_in_transaction(statement: &ast::Stmt) -> bool {
    match statement {
        ast::Stmt::CreateIndex(create) => create.concurrently_token().is_some(),
        ast::Stmt::DropIndex(drop) => drop.concurrently_token().is_some(),
        ast::Stmt::Reindex(reindex) => reindex_forbidden(reindex),
        // `CLUSTER` without a table reclusters every table, one transaction each.
        ast::Stmt::Cluster(cluster) => {
            cluster.table_name_ref().is_none() && cluster.cluster_legacy().is_none()
        }
        ast::Stmt::AlterDatabase(alter) => {
            matches!(
                alter.action(),
                Some(ast::AlterDatabaseAction::SetTablespace(_))
            )
        }
        ast::Stmt::AlterTable(alter) => alter.actions().any(|action| {
            matches!(action, ast::AlterTableAction::DetachPartition(detach)
                if matches!(detach.detach_partition_option(),
                    Some(ast::DetachPartitionOption::DetachConcurrently(_))))
        }),
        ast::Stmt::Discard(discard) => {
            matches!(
                discard.discard_target(),
                Some(ast::DiscardTarget::DiscardAll(_))
            )
        }
        // With a replication slot to create (the default), or a publication change that
        // refreshes the subscription (the default), or a refresh.
        ast::Stmt::CreateSubscription(create) => {
            !option_is(create.syntax(), "connect", FALSE)
                && !option_is(create.syntax(), "create_slot", FALSE)
        }
        ast::Stmt::AlterSubscription(alter) => alter.syntax().children().any(|action| match action
            .kind()
        {
            SyntaxKind::REFRESH_PUBLICATION => true,
            SyntaxKind::ADD_PUBLICATION
            | SyntaxKind::SET_PUBLICATION
            | SyntaxKind::DROP_SUBSCRIPTION_PUBLICATION => !option_is(&action, "refresh", FALSE),
            _ => false,
        }),
        // Unless its slot was detached first (see `statements`).
        ast::Stmt::DropSubscription(_)
        | ast::Stmt::Vacuum(_)
        | ast::Stmt::CreateDatabase(_)
        | ast::Stmt::DropDatabase(_)
        | ast::Stmt::CreateTablespace(_)
        | ast::Stmt::DropTablespace(_)
        | ast::Stmt::AlterSystem(_) => true,
        _ => false,
    }
}

/// The spellings of a false boolean option.
const FALSE: &[&str] = &["false", "off", "no", "0"];

/// Whether a `WITH (…)` or `SET (…)` option in `node` is set to one of `values`
/// (lowercase, quotes removed). An option written without a value is `true`.
pub(super) fn option_is(node: &SyntaxNode, name: &str, values: &[&str]) -> bool {
    node.descendants()
        .filter(|option| option.kind() == SyntaxKind::ATTRIBUTE_OPTION)
        .any(|option| {
            let child = |kind| option.children().find(|child| child.kind() == kind);
            let named = child(SyntaxKind::ATTRIBUTE_NAME)
                .is_some_and(|key| key.text().to_string().trim().eq_ignore_ascii_case(name));
            let value = child(SyntaxKind::ATTRIBUTE_VALUE)
                .map_or_else(|| "true".to_owned(), |value| value.text().to_string());
            named
                && values.contains(
                    &value
                        .trim()
                        .trim_matches('\'')
                        .to_ascii_lowercase()
                        .as_str(),
                )
        })
}

/// The name of the subscription an `ALTER` or `DROP SUBSCRIPTION` names, as stored.
pub(super) fn subscription_name(statement: &SyntaxNode) -> Option<String> {
    statement
        .children()
        .find(|child| child.kind() == SyntaxKind::SUBSCRIPTION_REF)
        .map(|name| types::name(&name))
}

/// `REINDEX … CONCURRENTLY` (or `REINDEX (CONCURRENTLY) …`), and `REINDEX` of a whole
/// schema, database or system catalog, which commits once per table.
fn reindex_forbidden(reindex: &ast::Reindex) -> bool {
    // `CONCURRENTLY` alone, or with a value that is not false.
    let concurrently_option = reindex.reindex_option_list().is_some_and(|options| {
        options.reindex_options().any(|option| match option {
            ast::ReindexOption::ReindexOptionConcurrently(option) => {
                let text = option.syntax().text().to_string().to_ascii_lowercase();
                let value = text.trim_start_matches("concurrently").trim();
                !matches!(value.trim_matches('\''), "false" | "off" | "no" | "0")
            }
            _ => false,
        })
    });
    concurrently_option
        || match reindex.reindex_target() {
            Some(ast::ReindexTarget::ReindexTargetIndex(target)) => {
                target.concurrently_token().is_some()
            }
            Some(ast::ReindexTarget::ReindexTargetTable(target)) => {
                target.concurrently_token().is_some()
            }
            Some(
                ast::ReindexTarget::ReindexTargetSchema(_)
                | ast::ReindexTarget::ReindexTargetDatabase(_)
                | ast::ReindexTarget::ReindexTargetSystem(_),
            ) => true,
            None => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pg::statements;

    #[test]
    fn adding_an_enum_value_is_found_by_statement_kind() {
        for sql in [
            "ALTER TYPE mood ADD VALUE 'happy'",
            "alter type public.mood add value if not exists 'x' before 'y'",
            "CREATE TABLE t (a int);\nALTER TYPE \"Mood\"\n  ADD\tVALUE'happy'",
        ] {
            assert!(adds_enum_value(sql), "{sql}");
        }
        for sql in [
            "ALTER TYPE mood RENAME VALUE 'a' TO 'b'",
            "ALTER TYPE mood ADD ATTRIBUTE value int",
            "INSERT INTO log (note) VALUES ('add value')",
            "ALTER TABLE t ADD value int",
            "SELECT 'ALTER TYPE mood ADD VALUE x'",
        ] {
            assert!(!adds_enum_value(sql), "{sql}");
        }
    }

    #[test]
    fn transaction_control_is_found_by_statement_kind() {
        let found = |sql: &str| -> Vec<&str> {
            transaction_control(sql)
                .into_iter()
                .map(|(construct, _)| construct)
                .collect()
        };
        for (sql, construct) in [
            ("BEGIN", "BEGIN"),
            ("begin transaction isolation level serializable", "BEGIN"),
            ("START TRANSACTION", "START TRANSACTION"),
            ("COMMIT", "COMMIT"),
            ("COMMIT AND CHAIN", "COMMIT"),
            ("END", "END"),
            ("END WORK", "END"),
            ("ROLLBACK", "ROLLBACK"),
            ("ABORT", "ABORT"),
            ("ROLLBACK TO SAVEPOINT s", "ROLLBACK TO SAVEPOINT"),
            ("ROLLBACK TO s", "ROLLBACK TO SAVEPOINT"),
            ("SAVEPOINT s", "SAVEPOINT"),
            ("RELEASE SAVEPOINT s", "RELEASE SAVEPOINT"),
            ("RELEASE s", "RELEASE SAVEPOINT"),
            ("PREPARE TRANSACTION 'x'", "PREPARE TRANSACTION"),
            ("COMMIT PREPARED 'x'", "COMMIT PREPARED"),
            ("ROLLBACK PREPARED 'x'", "ROLLBACK PREPARED"),
            (
                "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
                "SET TRANSACTION",
            ),
            (
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
                "SET SESSION CHARACTERISTICS",
            ),
        ] {
            assert_eq!(found(sql), [construct], "{sql}");
        }
        assert_eq!(
            transaction_control("CREATE TABLE t (a int);\n  COMMIT;"),
            [("COMMIT", "line 2, column 3 of the SQL".to_owned())]
        );
        // PL/pgSQL's `BEGIN … END` and SQL function bodies are not transaction control.
        for sql in [
            "DO $$ BEGIN RAISE NOTICE 'a'; END $$",
            "DO $body$ BEGIN PERFORM 1; COMMIT; END $body$ LANGUAGE plpgsql",
            "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN NULL; END $$",
            "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT 1; END",
            "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$",
            "SET search_path = app",
            "SET LOCAL lock_timeout = '1s'",
            "PREPARE q AS SELECT 1",
            "SELECT 'COMMIT'",
        ] {
            assert!(statements(sql).is_ok(), "{sql}");
            assert!(found(sql).is_empty(), "{sql}");
        }
    }
}
