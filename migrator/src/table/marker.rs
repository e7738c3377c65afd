//! Markers: where a running batch stands in a migration, kept in its row's
//! `interrupted` column so that a runner that dies leaves a state the next one can
//! finish.

use super::encode_steps;
use crate::error::{Direction, database_error};
use crate::options::TableName;
use crate::{Error, Migration};
use serde_json::{Value, json};
use tokio_postgres::GenericClient;

/// Where a running batch stands in a migration: the direction, the first step not
/// known to have committed, and, if that step runs outside a transaction, the indexes
/// as they were before it, so the next run can tell what the step did. Written in the
/// same transaction as the steps before it, so the tracking table always says how far
/// an unfinished batch got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Interruption {
    /// Applying (`up`) or reverting (`down`, `reset`, undoing a failed batch).
    pub(crate) direction: Direction,
    /// 0-based index of the step to run next, in that direction's steps.
    pub(crate) next_step: usize,
    /// `(index oid, valid)` of every index before that step started, if it had.
    pub(crate) indexes: Option<Vec<(u32, bool)>>,
}

/// Records where the batch stands in `migration` (of `batch`), which it is applying:
/// inserts its row as a marker, or moves the marker of its row on.
pub(crate) async fn mark(
    client: &impl GenericClient,
    table: &TableName,
    batch: i32,
    migration: &Migration,
    at: &Interruption,
) -> Result<(), Error> {
    let sql = format!(
        "INSERT INTO {} (id, name, batch, checksum, up_sql, down_sql, duration_ms, interrupted)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7)
         ON CONFLICT (id) DO UPDATE SET interrupted = excluded.interrupted",
        table.quoted()
    );
    let up = encode_steps(&migration.script.up());
    let down = migration.script.down().as_deref().map(encode_steps);
    client
        .execute(
            &sql,
            &[
                &i64::from(migration.id),
                &migration.name,
                &batch,
                &migration.script.checksum(),
                &up,
                &down,
                &encode_interruption(at),
            ],
        )
        .await
        .map_err(database_error("recording progress in the tracking table"))?;
    Ok(())
}

/// Sets (`Some`) or clears (`None`) the marker of the recorded migration `id`: where a
/// revert stands in it, or that none is under way.
pub(crate) async fn set_marker(
    client: &impl GenericClient,
    table: &TableName,
    id: u32,
    at: Option<&Interruption>,
) -> Result<(), Error> {
    let sql = format!(
        "UPDATE {} SET interrupted = $2 WHERE id = $1",
        table.quoted()
    );
    client
        .execute(&sql, &[&i64::from(id), &at.map(encode_interruption)])
        .await
        .map_err(database_error("recording progress in the tracking table"))?;
    Ok(())
}

fn encode_interruption(at: &Interruption) -> Value {
    json!({
        "direction": at.direction.to_string(),
        "next_step": at.next_step,
        "indexes": at.indexes.as_ref().map(|indexes| indexes
            .iter()
            .map(|(oid, valid)| json!([oid, valid]))
            .collect::<Vec<_>>()),
    })
}

pub(super) fn decode_interruption(value: &Value) -> Result<Interruption, String> {
    let next_step = value
        .get("next_step")
        .and_then(Value::as_u64)
        .and_then(|step| usize::try_from(step).ok())
        .ok_or("no `next_step` number")?;
    // Markers written before reverts had them are all of `up`.
    let direction = match value.get("direction").and_then(Value::as_str) {
        None | Some("up") => Direction::Up,
        Some("down") => Direction::Down,
        Some(_) => return Err("`direction` is neither \"up\" nor \"down\"".to_owned()),
    };
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
    Ok(Interruption {
        direction,
        next_step,
        indexes,
    })
}
