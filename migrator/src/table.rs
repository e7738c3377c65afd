//! The tracking table's rows: reading them (all, the newest, the last applied), recording a
//! batch, realigning and deleting; its layout and its summary have rooms of their own.

mod layout;
mod marker;
pub(crate) mod summary;

pub(crate) use layout::{Layout, create, create_sql, drop, layout, locate, prepare};
pub(crate) use marker::{Interruption, mark, set_marker};

use crate::error::database_error;
use crate::options::TableName;
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
    /// The up steps as applied; `None` when a version before `up_sql` applied it, or
    /// when a [`Load::Light`] read left them out.
    pub(crate) up: Option<Vec<Step>>,
    /// The down steps recorded when it was applied; `None` when it had none, or when a
    /// [`Load::Light`] read left them out (then a revert refuses it as irreversible:
    /// the safe side).
    pub(crate) down: Option<Vec<Step>>,
    /// Whether down steps were recorded, whatever the read.
    pub(crate) reversible: bool,
    pub(crate) executed_at: SystemTime,
    pub(crate) duration: Duration,
    /// Set while a batch is running through the migration, in either direction; a row
    /// that still has it after the run is part-way, and the next run finishes it.
    pub(crate) interrupted: Option<Interruption>,
}

impl AppliedRow {
    pub(crate) fn label(&self) -> String {
        crate::migration::label(self.id, &self.name)
    }
}

/// A row to record for a migration just applied.
#[derive(Debug)]
pub(crate) struct NewRow<'a> {
    pub(crate) migration: &'a Migration,
    pub(crate) duration: Duration,
}

/// How much of each row a read brings back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Load {
    /// Ids, names, batches, checksums, times, markers and whether each row has down
    /// steps; the recorded steps themselves only of an interrupted row. What `status`,
    /// `up` and the other commands that revert nothing need: it stays small as the
    /// history grows.
    Light,
    /// Every row's recorded steps too: for reverts and for comparing recorded SQL.
    Full,
}

/// Every recorded migration (applied or interrupted), by id; empty when the table does
/// not exist yet.
pub(crate) async fn read(
    client: &impl GenericClient,
    table: &TableName,
    load: Load,
) -> Result<Vec<AppliedRow>, Error> {
    read_laid_out(client, table, load, layout(client, table).await?).await
}

/// Like [`read`], for a caller that read the table's [`layout`] already.
pub(crate) async fn read_laid_out(
    client: &impl GenericClient,
    table: &TableName,
    load: Load,
    layout: Layout,
) -> Result<Vec<AppliedRow>, Error> {
    match layout {
        Layout::Absent => Ok(Vec::new()),
        Layout::Current => select(client, table, load, true, None).await,
        Layout::Older { added_columns } => select(client, table, load, added_columns, None).await,
        Layout::Foreign(reason) => Err(Error::ForeignTable {
            table: table.clone(),
            reason,
        }),
    }
}

/// Like [`read`], for a caller that ran [`prepare`]: the table exists in this
/// version's layout.
pub(crate) async fn read_existing(
    client: &impl GenericClient,
    table: &TableName,
    load: Load,
) -> Result<Vec<AppliedRow>, Error> {
    select(client, table, load, true, None).await
}

/// The `count` newest rows (light), by id; for a table in this version's layout.
pub(crate) async fn read_newest(
    client: &impl GenericClient,
    table: &TableName,
    count: usize,
) -> Result<Vec<AppliedRow>, Error> {
    let mut rows = select(client, table, Load::Light, true, Some(count)).await?;
    rows.reverse();
    Ok(rows)
}

/// The label of the newest applied migration (the greatest batch, then id), for a
/// table in this version's layout with no interrupted row: one row comes back,
/// whatever the history's length (the server scans the table twice, about a
/// millisecond at 10,000 rows, no index on `batch` being kept).
pub(crate) async fn read_last(
    client: &impl GenericClient,
    table: &TableName,
) -> Result<Option<String>, Error> {
    let sql = format!(
        "SELECT id, name FROM {table} WHERE batch = (SELECT max(batch) FROM {table})
         ORDER BY id DESC LIMIT 1",
        table = table.quoted()
    );
    let row = client
        .query_opt(&sql, &[])
        .await
        .map_err(database_error("reading the tracking table"))?;
    row.map(|row| {
        let id: i64 = row.get(0);
        let name: String = row.get(1);
        let id = u32::try_from(id).map_err(|_| Error::CorruptTracking {
            reason: format!("migration id {id} is out of range"),
        })?;
        Ok(crate::migration::label(id, &name))
    })
    .transpose()
}

/// The rows; `current`: the table has `interrupted` and `up_sql` (an older layout
/// reads them as NULL); `newest`: only that many, newest first.
async fn select(
    client: &impl GenericClient,
    table: &TableName,
    load: Load,
    current: bool,
    newest: Option<usize>,
) -> Result<Vec<AppliedRow>, Error> {
    let (interrupted, up) = if current {
        ("interrupted", "up_sql")
    } else {
        ("NULL::jsonb", "NULL::jsonb")
    };
    let (up, down) = match load {
        Load::Full => (up.to_owned(), "down_sql".to_owned()),
        Load::Light => (
            format!("CASE WHEN {interrupted} IS NOT NULL THEN {up} END"),
            format!("CASE WHEN {interrupted} IS NOT NULL THEN down_sql END"),
        ),
    };
    let order = match newest {
        Some(count) => format!("id DESC LIMIT {count}"),
        None => "id".to_owned(),
    };
    let sql = format!(
        "SELECT id, name, batch, checksum, {down}, executed_at, duration_ms,
                {interrupted}, {up}, down_sql IS NOT NULL
         FROM {} ORDER BY {order}",
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
                .map(|value| marker::decode_interruption(&value))
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
                reversible: row.get(9),
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

/// Whether the table records exactly `migrations` (each id with its checksum, and no
/// other) and no interrupted row: then an `up` has nothing to do. Reads the summary's
/// one row, so a no-op `up` costs the same however long the history; for a table
/// [`prepare`] brought up to date.
pub(crate) use summary::up_to_date;

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
        .map(|row| row.migration.script.checksum())
        .collect();
    let ups: Vec<Value> = rows
        .iter()
        .map(|row| encode_steps(&row.migration.script.up()))
        .collect();
    let downs: Vec<Option<Value>> = rows
        .iter()
        .map(|row| row.migration.script.down().as_deref().map(encode_steps))
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
    let up = encode_steps(&migration.script.up());
    let down = migration.script.down().as_deref().map(encode_steps);
    let updated = client
        .execute(
            &sql,
            &[
                &i64::from(migration.id),
                &migration.script.checksum(),
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

/// Steps as JSON: `sql` and `transaction`, and `commit_after` only where it is set, so
/// rows of earlier versions read the same.
fn encode_steps(steps: &[Step]) -> Value {
    Value::Array(
        steps
            .iter()
            .map(|step| {
                let mut encoded = json!({ "sql": step.sql, "transaction": step.transaction });
                if step.commit_after {
                    encoded["commit_after"] = Value::Bool(true);
                }
                encoded
            })
            .collect(),
    )
}

fn decode_steps(value: &Value) -> Result<Vec<Step>, String> {
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
            Ok(Step {
                sql: sql.to_owned().into(),
                transaction,
                commit_after: step
                    .get("commit_after")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                // The tracking table keeps no origins: the source may have moved on.
                origins: Vec::new(),
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
                sql: "DROP INDEX CONCURRENTLY i".into(),
                transaction: false,
                commit_after: false,
                origins: Vec::new(),
            },
            Step {
                sql: "ALTER TYPE mood ADD VALUE 'happy'".into(),
                transaction: true,
                commit_after: true,
                origins: Vec::new(),
            },
        ];
        let encoded = encode_steps(&steps);
        expect_test::expect![[r#"[{"sql":"DROP INDEX CONCURRENTLY i","transaction":false},{"commit_after":true,"sql":"ALTER TYPE mood ADD VALUE 'happy'","transaction":true}]"#]]
            .assert_eq(&encoded.to_string());
        let decoded = decode_steps(&encoded).expect("valid");
        assert_eq!(decoded, steps);
        assert!(decode_steps(&json!({"sql": "x"})).is_err());
        assert!(decode_steps(&json!([{"sql": "x"}])).is_err());
    }
}
