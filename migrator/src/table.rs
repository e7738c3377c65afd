//! The tracking table: its layout and every query the engine runs against it.

use crate::error::database_error;
use crate::options::{TableName, quote_ident};
use crate::{Error, Migration, Step};
use serde_json::{Value, json};
use std::time::{Duration, SystemTime};
use tokio_postgres::GenericClient;

/// A row of the tracking table: one applied migration.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AppliedRow {
    pub(crate) id: u32,
    pub(crate) name: String,
    pub(crate) batch: i32,
    pub(crate) checksum: String,
    /// The up steps as applied; `None` when a version before `up_sql` applied it.
    pub(crate) up: Option<Vec<StoredStep>>,
    /// The down steps recorded when it was applied; `None` when it had none.
    pub(crate) down: Option<Vec<StoredStep>>,
    pub(crate) executed_at: SystemTime,
    pub(crate) duration: Duration,
    /// Set when the migration was interrupted part-way; such a row is not applied.
    pub(crate) interrupted: Option<Interruption>,
}

/// Where an interrupted migration stopped: the first step not known to have committed,
/// and, if that step runs outside a transaction, the indexes as they were before it,
/// so the next run can tell what the step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Interruption {
    /// 0-based index of the step to run next.
    pub(crate) next_step: usize,
    /// `(index oid, valid)` of every index before that step started, if it had.
    pub(crate) indexes: Option<Vec<(u32, bool)>>,
}

impl AppliedRow {
    pub(crate) fn label(&self) -> String {
        crate::migration::label(self.id, &self.name)
    }
}

/// A step as stored in `up_sql` and `down_sql`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredStep {
    pub(crate) sql: String,
    pub(crate) transaction: bool,
}

/// A row to record for a migration just applied.
#[derive(Debug)]
pub(crate) struct NewRow<'a> {
    pub(crate) migration: &'a Migration,
    pub(crate) duration: Duration,
}

/// Whether the tracking table exists (as seen through the session's `search_path`).
pub(crate) async fn exists(client: &impl GenericClient, table: &TableName) -> Result<bool, Error> {
    let row = client
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&table.quoted()])
        .await
        .map_err(database_error("looking for the tracking table"))?;
    Ok(row.get(0))
}

/// The SQL that creates the tracking table (and its schema).
pub(crate) fn create_sql(table: &TableName) -> String {
    let schema = match &table.schema {
        Some(schema) => format!("CREATE SCHEMA IF NOT EXISTS {};\n", quote_ident(schema)),
        None => String::new(),
    };
    format!(
        "{schema}CREATE TABLE {table} (
            id bigint PRIMARY KEY,
            name text NOT NULL,
            batch integer NOT NULL,
            checksum text NOT NULL,
            up_sql jsonb,
            down_sql jsonb,
            executed_at timestamptz NOT NULL DEFAULT now(),
            duration_ms bigint NOT NULL,
            interrupted jsonb
        );
        COMMENT ON TABLE {table} IS 'Applied migrations, one row each; written by migrator.'",
        table = table.quoted()
    )
}

/// Creates the tracking table (and its schema) unless it exists; returns whether it
/// was created. Run under the migration lock, so two runners cannot race here.
pub(crate) async fn create(client: &impl GenericClient, table: &TableName) -> Result<bool, Error> {
    if exists(client, table).await? {
        return Ok(false);
    }
    client
        .batch_execute(&create_sql(table))
        .await
        .map_err(database_error("creating the tracking table"))?;
    Ok(true)
}

/// Whether the tracking table exists, bringing one of an older layout up to date (adds
/// `interrupted` and `up_sql`) on the way: one query in the usual case. Run by the commands that
/// write, under the migration lock.
pub(crate) async fn prepare(client: &impl GenericClient, table: &TableName) -> Result<bool, Error> {
    let row = client
        .query_one(
            "SELECT to_regclass($1) IS NOT NULL,
                    (SELECT count(*) = 2 FROM pg_attribute
                     WHERE attrelid = to_regclass($1) AND attname IN ('interrupted', 'up_sql')
                       AND NOT attisdropped)",
            &[&table.quoted()],
        )
        .await
        .map_err(database_error("looking for the tracking table"))?;
    let (exists, current): (bool, bool) = (row.get(0), row.get(1));
    if exists && !current {
        client
            .batch_execute(&format!(
                "ALTER TABLE {} ADD COLUMN IF NOT EXISTS interrupted jsonb,
                     ADD COLUMN IF NOT EXISTS up_sql jsonb",
                table.quoted()
            ))
            .await
            .map_err(database_error("upgrading the tracking table"))?;
    }
    Ok(exists)
}

/// Every recorded migration (applied or interrupted), by id; empty when the table does
/// not exist yet.
pub(crate) async fn read(
    client: &impl GenericClient,
    table: &TableName,
) -> Result<Vec<AppliedRow>, Error> {
    if !exists(client, table).await? {
        return Ok(Vec::new());
    }
    read_existing(client, table).await
}

/// Like [`read`], for a caller that knows the table exists.
pub(crate) async fn read_existing(
    client: &impl GenericClient,
    table: &TableName,
) -> Result<Vec<AppliedRow>, Error> {
    let sql = format!(
        // `to_jsonb(m) -> 'column'` reads NULL from a table of an older layout too.
        "SELECT id, name, batch, checksum, down_sql, executed_at, duration_ms,
                to_jsonb(m) -> 'interrupted', to_jsonb(m) -> 'up_sql'
         FROM {} AS m ORDER BY id",
        table.quoted()
    );
    let rows = client
        .query(&sql, &[])
        .await
        .map_err(database_error("reading the tracking table"))?;
    rows.iter()
        .map(|row| {
            let id: i64 = row.get(0);
            let id = u32::try_from(id).map_err(|_| Error::CorruptTracking {
                reason: format!("migration id {id} is out of range"),
            })?;
            let name: String = row.get(1);
            let down: Option<Value> = row.get(4);
            let duration_ms: i64 = row.get(6);
            let interrupted: Option<Value> = row.get(7);
            let up: Option<Value> = row.get(8);
            let interrupted = interrupted
                .filter(|value| !value.is_null())
                .map(|value| decode_interruption(&value))
                .transpose()
                .map_err(|reason| Error::CorruptTracking {
                    reason: format!(
                        "`interrupted` of {}: {reason}",
                        crate::migration::label(id, &name)
                    ),
                })?;
            let corrupt = |column: &str, reason: String| Error::CorruptTracking {
                reason: format!(
                    "`{column}` of {}: {reason}",
                    crate::migration::label(id, &name)
                ),
            };
            Ok(AppliedRow {
                interrupted,
                up: up
                    .filter(|value| !value.is_null())
                    .map(|value| decode_steps(&value))
                    .transpose()
                    .map_err(|reason| corrupt("up_sql", reason))?,
                down: down
                    .map(|value| decode_steps(&value))
                    .transpose()
                    .map_err(|reason| corrupt("down_sql", reason))?,
                id,
                name,
                batch: row.get(2),
                checksum: row.get(3),
                executed_at: row.get(5),
                duration: Duration::from_millis(u64::try_from(duration_ms).unwrap_or(0)),
            })
        })
        .collect()
}

/// Records a batch of applied migrations in one statement, whatever their number.
pub(crate) async fn insert(
    client: &impl GenericClient,
    table: &TableName,
    batch: i32,
    rows: &[NewRow<'_>],
) -> Result<(), Error> {
    let ids: Vec<i64> = rows.iter().map(|row| i64::from(row.migration.id)).collect();
    let names: Vec<&str> = rows.iter().map(|row| row.migration.name).collect();
    let checksums: Vec<&str> = rows
        .iter()
        .map(|row| row.migration.script.checksum)
        .collect();
    let ups: Vec<Value> = rows
        .iter()
        .map(|row| encode_steps(row.migration.script.up))
        .collect();
    let downs: Vec<Option<Value>> = rows
        .iter()
        .map(|row| row.migration.script.down.map(encode_steps))
        .collect();
    let durations: Vec<i64> = rows
        .iter()
        .map(|row| i64::try_from(row.duration.as_millis()).unwrap_or(i64::MAX))
        .collect();
    let sql = format!(
        "INSERT INTO {} (id, name, batch, checksum, up_sql, down_sql, duration_ms)
         SELECT id, name, $1, checksum, up_sql, down_sql, duration_ms
         FROM unnest($2::bigint[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[],
                     $7::bigint[])
              AS row(id, name, checksum, up_sql, down_sql, duration_ms)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, batch = excluded.batch,
             checksum = excluded.checksum, up_sql = excluded.up_sql,
             down_sql = excluded.down_sql,
             duration_ms = excluded.duration_ms, executed_at = now(), interrupted = NULL",
        table.quoted()
    );
    client
        .execute(
            &sql,
            &[&batch, &ids, &names, &checksums, &ups, &downs, &durations],
        )
        .await
        .map_err(database_error("recording the batch in the tracking table"))?;
    Ok(())
}

/// Makes the row of `migration` describe its current source (checksum, name, up and
/// down), if its checksum is still `recorded_checksum`; returns whether it did.
pub(crate) async fn realign(
    client: &impl GenericClient,
    table: &TableName,
    migration: &Migration,
    recorded_checksum: &str,
) -> Result<bool, Error> {
    let sql = format!(
        "UPDATE {} SET checksum = $2, name = $3, up_sql = $4, down_sql = $5
         WHERE id = $1 AND checksum = $6 AND interrupted IS NULL",
        table.quoted()
    );
    let up = encode_steps(migration.script.up);
    let down = migration.script.down.map(encode_steps);
    let updated = client
        .execute(
            &sql,
            &[
                &i64::from(migration.id),
                &migration.script.checksum,
                &migration.name,
                &up,
                &down,
                &recorded_checksum,
            ],
        )
        .await
        .map_err(database_error("repairing the tracking table"))?;
    Ok(updated == 1)
}

/// Records that `migration` (of `batch`) is part-way: the step `next_step` is the next
/// one to run, and `indexes` the index catalog before it, if it is about to run.
pub(crate) async fn mark(
    client: &impl GenericClient,
    table: &TableName,
    batch: i32,
    migration: &Migration,
    next_step: usize,
    indexes: Option<&[(u32, bool)]>,
) -> Result<(), Error> {
    let marker = json!({
        "next_step": next_step,
        "indexes": indexes.map(|indexes| indexes
            .iter()
            .map(|(oid, valid)| json!([oid, valid]))
            .collect::<Vec<_>>()),
    });
    let sql = format!(
        "INSERT INTO {} (id, name, batch, checksum, up_sql, down_sql, duration_ms, interrupted)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7)
         ON CONFLICT (id) DO UPDATE SET interrupted = excluded.interrupted",
        table.quoted()
    );
    let up = encode_steps(migration.script.up);
    let down = migration.script.down.map(encode_steps);
    client
        .execute(
            &sql,
            &[
                &i64::from(migration.id),
                &migration.name,
                &batch,
                &migration.script.checksum,
                &up,
                &down,
                &marker,
            ],
        )
        .await
        .map_err(database_error("recording progress in the tracking table"))?;
    Ok(())
}

fn decode_interruption(value: &Value) -> Result<Interruption, String> {
    let next_step = value
        .get("next_step")
        .and_then(Value::as_u64)
        .and_then(|step| usize::try_from(step).ok())
        .ok_or("no `next_step` number")?;
    let indexes = match value.get("indexes") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|item| {
                    let oid = item
                        .get(0)
                        .and_then(Value::as_u64)
                        .and_then(|oid| u32::try_from(oid).ok());
                    let valid = item.get(1).and_then(Value::as_bool);
                    oid.zip(valid).ok_or("an index entry is not `[oid, valid]`")
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(_) => return Err("`indexes` is not an array".to_owned()),
    };
    Ok(Interruption { next_step, indexes })
}

/// Forgets the given migrations, after their downs ran.
pub(crate) async fn delete(
    client: &impl GenericClient,
    table: &TableName,
    ids: &[i64],
) -> Result<(), Error> {
    let sql = format!("DELETE FROM {} WHERE id = ANY($1)", table.quoted());
    client.execute(&sql, &[&ids]).await.map_err(database_error(
        "removing reverted migrations from the tracking table",
    ))?;
    Ok(())
}

/// Drops the tracking table, for `reset`.
pub(crate) async fn drop(client: &impl GenericClient, table: &TableName) -> Result<(), Error> {
    client
        .batch_execute(&format!("DROP TABLE IF EXISTS {}", table.quoted()))
        .await
        .map_err(database_error("dropping the tracking table"))
}

fn encode_steps(steps: &[Step]) -> Value {
    Value::Array(
        steps
            .iter()
            .map(|step| json!({ "sql": step.sql, "transaction": step.transaction }))
            .collect(),
    )
}

fn decode_steps(value: &Value) -> Result<Vec<StoredStep>, String> {
    let steps = value.as_array().ok_or("expected a JSON array of steps")?;
    steps
        .iter()
        .map(|step| {
            let sql = step
                .get("sql")
                .and_then(Value::as_str)
                .ok_or("a step has no `sql` string")?;
            let transaction = step
                .get("transaction")
                .and_then(Value::as_bool)
                .ok_or("a step has no `transaction` boolean")?;
            Ok(StoredStep {
                sql: sql.to_owned(),
                transaction,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn down_steps_round_trip_through_json() {
        let steps = [
            Step {
                sql: "DROP INDEX CONCURRENTLY i",
                transaction: false,
            },
            Step {
                sql: "DROP TABLE \"t\"",
                transaction: true,
            },
        ];
        let encoded = encode_steps(&steps);
        expect_test::expect![[r#"[{"sql":"DROP INDEX CONCURRENTLY i","transaction":false},{"sql":"DROP TABLE \"t\"","transaction":true}]"#]]
            .assert_eq(&encoded.to_string());
        let decoded = decode_steps(&encoded).expect("valid");
        assert_eq!(decoded.len(), 2);
        assert_eq!(decoded[1].sql, "DROP TABLE \"t\"");
        assert!(!decoded[0].transaction);
        assert!(decode_steps(&json!({"sql": "x"})).is_err());
        assert!(decode_steps(&json!([{"sql": "x"}])).is_err());
    }
}
