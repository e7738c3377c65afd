//! Why a segment did not commit, and what is cleaned up and said after: the lock
//! table filling, and the invalid index a failed concurrent build leaves behind.

use crate::Error;
use crate::error::database_error;
use tokio_postgres::Client;
use tokio_postgres::error::SqlState;

/// Why a segment did not commit.
pub(super) struct SegmentError {
    pub(super) error: Error,
    pub(super) lock_timeout: bool,
    /// The server's lock table filled (`out of shared memory`): the transaction took
    /// more locks than `max_locks_per_transaction` allows.
    pub(super) out_of_locks: bool,
    pub(super) dropped_indexes: Vec<String>,
}

impl From<Error> for SegmentError {
    fn from(error: Error) -> Self {
        SegmentError {
            out_of_locks: matches!(&error, Error::Database { source, .. } if lock_table_full(source)),
            error,
            lock_timeout: false,
            dropped_indexes: Vec::new(),
        }
    }
}

/// Whether PostgreSQL refused a lock because its lock table is full: `out of shared
/// memory`, with the hint to raise `max_locks_per_transaction`.
pub(super) fn lock_table_full(source: &tokio_postgres::Error) -> bool {
    source.as_db_error().is_some_and(|error| {
        error.code() == &SqlState::OUT_OF_MEMORY
            && error
                .hint()
                .is_some_and(|hint| hint.contains("max_locks_per_transaction"))
    })
}

/// What a migration that alone fills the lock table is told: the table's size, and
/// what to do.
pub(super) async fn lock_table(client: &Client) -> String {
    let settings = client
        .query_one(
            "SELECT current_setting('max_locks_per_transaction'), current_setting('max_connections'),
                    current_setting('max_prepared_transactions')",
            &[],
        )
        .await
        .ok()
        .map(|row| -> (String, String, String) { (row.get(0), row.get(1), row.get(2)) });
    let size = settings.map_or_else(String::new, |(locks, connections, prepared)| {
        format!(
            " (max_locks_per_transaction = {locks}, shared by max_connections = {connections} and max_prepared_transactions = {prepared})"
        )
    });
    format!(
        "\n  this migration alone takes more locks than the server's lock table holds{size}; \
         nothing of it was applied: raise max_locks_per_transaction (it takes a restart), \
         or split the migration"
    )
}

/// Drops the invalid indexes that appeared since `before` (a failed concurrent
/// build leaves one behind); returns their names.
pub(super) async fn drop_new_invalid_indexes(client: &Client, before: &[u32]) -> Vec<String> {
    let Ok(rows) = client
        .query(
            "SELECT format('%I.%I', n.nspname, c.relname)
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE NOT i.indisvalid AND NOT (i.indexrelid = ANY($1))",
            &[&before],
        )
        .await
    else {
        return Vec::new();
    };
    let mut dropped = Vec::new();
    for row in rows {
        let name: String = row.get(0);
        if client
            .batch_execute(&format!("DROP INDEX CONCURRENTLY IF EXISTS {name}"))
            .await
            .is_ok()
        {
            dropped.push(name);
        }
    }
    dropped
}

/// `(oid, valid)` of every index in the database.
pub(crate) async fn index_catalog(client: &Client) -> Result<Vec<(u32, bool)>, Error> {
    let rows = client
        .query("SELECT indexrelid, indisvalid FROM pg_index", &[])
        .await
        .map_err(database_error("listing indexes"))?;
    Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
}
