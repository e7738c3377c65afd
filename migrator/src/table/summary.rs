//! The tracking table's summary: a one-row table beside it holding how many rows it
//! has, how many are interrupted, and a digest of every `id:checksum`, kept true by
//! statement triggers on the tracking table (ours and anyone's writes alike, `TRUNCATE`
//! included, and under `session_replication_role = replica` too). A no-op `up` reads
//! that one row instead of every row, so it costs the same at 10,000 migrations as at
//! 100.
//!
//! The digest is the sum, modulo 2⁶⁴, of `h × (2·id + 1)` over the rows, where `h` is
//! the checksum's first 15 hex digits (a 60-bit number; a checksum that does not start
//! with them counts by its md5 instead, which no source checksum matches). A sum can be
//! kept by adding what a statement inserts and subtracting what it deletes, whatever
//! order concurrent writers commit in; the product with the id makes two migrations
//! that swapped checksums differ.

use crate::error::database_error;
use crate::options::{TableName, quote_ident};
use crate::{Error, Migration};
use tokio_postgres::GenericClient;

/// PostgreSQL's longest name, in bytes.
const MAX_NAME: usize = 63;

/// The summary's columns, with their types as `format_type` spells them: what it is
/// created with, and what the layout check expects of it.
pub(crate) const COLUMNS: [(&str, &str); 3] = [
    ("rows", "bigint"),
    ("digest", "numeric"),
    ("interrupted", "bigint"),
];

/// The triggers that keep it: the event and the transition tables each reads
/// (PostgreSQL allows them on triggers of one event only).
const TRIGGERS: [(&str, &str); 4] = [
    ("INSERT", "REFERENCING NEW TABLE AS new_rows"),
    (
        "UPDATE",
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    ),
    ("DELETE", "REFERENCING OLD TABLE AS old_rows"),
    ("TRUNCATE", ""),
];

/// The names of the triggers on the tracking table that keep the summary.
pub(crate) fn trigger_names() -> Vec<String> {
    TRIGGERS
        .iter()
        .map(|(event, _)| format!("migrator_summary_{}", event.to_ascii_lowercase()))
        .collect()
}

/// The summary table's name beside `table`.
pub(crate) fn summary_table(table: &TableName) -> TableName {
    TableName {
        schema: table.schema.clone(),
        name: suffixed(&table.name, "_summary"),
    }
}

/// The trigger function's name beside `table`.
pub(crate) fn function(table: &TableName) -> TableName {
    TableName {
        schema: table.schema.clone(),
        name: suffixed(&table.name, "_summarize"),
    }
}

/// `name` + `suffix`, `name` cut (on a character boundary) so the whole fits 63 bytes.
fn suffixed(name: &str, suffix: &str) -> String {
    let mut end = name.len().min(MAX_NAME - suffix.len());
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{suffix}", &name[..end])
}

/// What the trigger function adds for a set of rows `rows`: their count, their
/// digest's sum (not yet reduced) and how many are interrupted.
fn aggregate(rows: &str) -> String {
    format!(
        "SELECT count(*), coalesce(sum(CASE WHEN checksum ~ '^[0-9a-f]{{15}}'
                    THEN ('x' || substr(checksum, 1, 15))::bit(60)::bigint
                    ELSE ('x' || substr(md5(checksum), 1, 15))::bit(60)::bigint
                 END::numeric * (2 * id + 1)), 0),
                count(interrupted)
         FROM {rows}"
    )
}

/// Creates (or, for a tracking table of an older layout, adds) the summary, its trigger
/// function and the triggers, and fills the row from the rows already there. Runs in
/// the caller's transaction, under the migration lock; the tracking table is locked
/// against other writers first, so no write falls between the count and the triggers.
pub(crate) fn install_sql(table: &TableName) -> String {
    let tracking = table.quoted();
    let summary = summary_table(table);
    let function = function(table).quoted();
    let name = quote_ident(&summary.name).replace('\'', "''");
    let inserted = aggregate("new_rows");
    let deleted = aggregate("old_rows");
    let counted = aggregate(&tracking);
    let triggers: String = TRIGGERS
        .iter()
        .zip(trigger_names())
        .map(|((event, referencing), trigger)| {
            format!(
                "DROP TRIGGER IF EXISTS {trigger} ON {tracking};
             CREATE TRIGGER {trigger} AFTER {event} ON {tracking} {referencing}
                 FOR EACH STATEMENT EXECUTE FUNCTION {function}();
             ALTER TABLE {tracking} ENABLE ALWAYS TRIGGER {trigger};\n"
            )
        })
        .collect();
    let summary = summary.quoted();
    let columns = COLUMNS
        .map(|(column, kind)| format!("{column} {kind} NOT NULL"))
        .join(", ");
    format!(
        "LOCK TABLE {tracking} IN SHARE ROW EXCLUSIVE MODE;
         CREATE TABLE IF NOT EXISTS {summary} ({columns});
         COMMENT ON TABLE {summary} IS 'Row count, interrupted count and digest of the tracking table beside it, kept by its triggers; written by migrator.';
         CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql
         SET search_path = pg_catalog AS $summarize$
         DECLARE
             n bigint := 0; d numeric := 0; i bigint := 0;
             n2 bigint; d2 numeric; i2 bigint;
         BEGIN
             IF TG_OP = 'TRUNCATE' THEN
                 EXECUTE format('UPDATE %I.{name} SET rows = 0, digest = 0, interrupted = 0',
                                TG_TABLE_SCHEMA);
                 RETURN NULL;
             END IF;
             IF TG_OP IN ('INSERT', 'UPDATE') THEN
                 {inserted} INTO n, d, i;
             END IF;
             IF TG_OP IN ('UPDATE', 'DELETE') THEN
                 {deleted} INTO n2, d2, i2;
                 n := n - n2; d := d - d2; i := i - i2;
             END IF;
             EXECUTE format('UPDATE %I.{name} SET rows = rows + $1,
                                 digest = mod(mod(digest + $2, 18446744073709551616) + 18446744073709551616,
                                              18446744073709551616),
                                 interrupted = interrupted + $3', TG_TABLE_SCHEMA)
                 USING n, d, i;
             RETURN NULL;
         END $summarize$;
         {triggers}
         DELETE FROM {summary};
         INSERT INTO {summary} (rows, digest, interrupted)
             SELECT n, mod(d, 18446744073709551616), i FROM ({counted}) AS counted(n, d, i);"
    )
}

/// Whether the summary says the table records exactly `migrations` (each id with its
/// checksum, no other) and no interrupted row. One row read, whatever the history's
/// length.
pub(crate) async fn up_to_date(
    client: &impl GenericClient,
    table: &TableName,
    migrations: &[Migration],
) -> Result<bool, Error> {
    Ok(applied_prefix(client, table, migrations).await? == Some(migrations.len()))
}

/// How many migrations the table records when the summary says they are exactly the
/// first ones of `migrations` (by id), unchanged, none interrupted: then `status` needs
/// to read only the newest rows. `None` in any other state.
pub(crate) async fn applied_prefix(
    client: &impl GenericClient,
    table: &TableName,
    migrations: &[Migration],
) -> Result<Option<usize>, Error> {
    let Some((rows, digest, interrupted)) = read(client, table).await? else {
        return Ok(None);
    };
    let prefix = usize::try_from(rows)
        .ok()
        .and_then(|rows| migrations.get(..rows));
    Ok(prefix
        .filter(|prefix| interrupted == 0 && self::digest(prefix) == Some(digest))
        .map(<[Migration]>::len))
}

/// The summary's row: rows, digest, interrupted.
async fn read(
    client: &impl GenericClient,
    table: &TableName,
) -> Result<Option<(i64, u64, i64)>, Error> {
    let row = client
        .query_opt(
            &format!(
                "SELECT rows, digest::text, interrupted FROM {}",
                summary_table(table).quoted()
            ),
            &[],
        )
        .await
        .map_err(database_error("reading the tracking table's summary"))?;
    Ok(row.and_then(|row| {
        let digest: String = row.get(1);
        Some((row.get(0), digest.parse().ok()?, row.get(2)))
    }))
}

/// The digest of `migrations`, as the summary computes it of rows; `None` if a
/// checksum is not this version's hex (none is).
pub(crate) fn digest(migrations: &[Migration]) -> Option<u64> {
    migrations.iter().try_fold(0u64, |sum, migration| {
        let head = migration.script.checksum().get(..15)?;
        if !head
            .bytes()
            .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
        {
            return None;
        }
        let h = u64::from_str_radix(head, 16).ok()?;
        Some(sum.wrapping_add(h.wrapping_mul(2 * u64::from(migration.id) + 1)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_beside_the_table_fit_63_bytes() {
        let table = TableName::parse("ops.migrations").expect("valid");
        assert_eq!(
            summary_table(&table).quoted(),
            r#""ops"."migrations_summary""#
        );
        assert_eq!(function(&table).quoted(), r#""ops"."migrations_summarize""#);
        let long = TableName::parse(&"é".repeat(31)).expect("valid");
        let name = summary_table(&long).name;
        assert!(name.len() <= 63 && name.ends_with("_summary"), "{name}");
    }
}
