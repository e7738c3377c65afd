//! The tracking table's layout: telling ours (of this version or an older one) from
//! another relation of the same name, creating it, bringing an older one up to date,
//! and dropping it.

use super::summary;
use crate::Error;
use crate::error::database_error;
use crate::options::{TableName, quote_ident};
use tokio_postgres::GenericClient;

/// What stands at the tracking table's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Nothing: the table is created on first use.
    Absent,
    /// Our table, as this version creates it, with its summary.
    Current,
    /// Our table of an older layout (without `interrupted` and `up_sql` unless
    /// `added_columns`, or without its summary): upgraded in place by the next command
    /// that writes.
    Older {
        /// Whether it has the columns later versions added.
        added_columns: bool,
    },
    /// A relation that is not ours (another tool's `migrations`, an application's
    /// table): never written to. Why, in words.
    Foreign(String),
}

/// The columns every layout of ours has had, with their types as `format_type`
/// names them. Another tool's table of the same name (knex's has `id`, `name`,
/// `batch` and `migration_time`; many applications have `id`, `name`, `run_on`) lacks
/// at least `checksum` and `down_sql`.
const CORE_COLUMNS: &[(&str, &str)] = &[
    ("id", "bigint"),
    ("name", "text"),
    ("batch", "integer"),
    ("checksum", "text"),
    ("down_sql", "jsonb"),
    ("executed_at", "timestamp with time zone"),
    ("duration_ms", "bigint"),
];

/// Columns later versions added; an older table of ours lacks some of them.
const ADDED_COLUMNS: &[(&str, &str)] = &[("up_sql", "jsonb"), ("interrupted", "jsonb")];

/// Tells our tracking table from anything else of that name. The rule: a plain (or
/// partitioned) table with every core column at its exact type, any later column
/// present at its type, and `id` unique (our writes rely on `ON CONFLICT (id)`).
/// Extra columns of the user's are tolerated. The table's comment is not required:
/// it is ours, but a DBA may have changed it, and the columns alone already rule out
/// every other tool's layout we know of.
pub(crate) fn classify(relkind: &str, columns: &[(String, String)], id_unique: bool) -> Layout {
    let kind = match relkind {
        "r" | "p" => None,
        "v" => Some("a view"),
        "m" => Some("a materialized view"),
        "f" => Some("a foreign table"),
        "S" => Some("a sequence"),
        "i" | "I" => Some("an index"),
        _ => Some("not a table"),
    };
    if let Some(kind) = kind {
        return Layout::Foreign(format!("it is {kind}"));
    }
    let type_of = |name: &str| {
        columns
            .iter()
            .find(|(column, _)| column == name)
            .map(|(_, kind)| kind.as_str())
    };
    let mut missing = Vec::new();
    let mut mistyped = Vec::new();
    for (name, wanted) in CORE_COLUMNS {
        match type_of(name) {
            None => missing.push(format!("`{name}`")),
            Some(found) if found != *wanted => {
                mistyped.push(format!("`{name}` is {found}, not {wanted}"));
            }
            Some(_) => {}
        }
    }
    for (name, wanted) in ADDED_COLUMNS {
        if let Some(found) = type_of(name)
            && found != *wanted
        {
            mistyped.push(format!("`{name}` is {found}, not {wanted}"));
        }
    }
    let mut reasons = Vec::new();
    match missing.len() {
        0 => {}
        1 => reasons.push(format!("it has no {} column", missing[0])),
        _ => reasons.push(format!("it has no {} columns", missing.join(", "))),
    }
    reasons.extend(mistyped);
    if type_of("id").is_some() && !id_unique {
        reasons.push("its `id` is not unique".to_owned());
    }
    if !reasons.is_empty() {
        return Layout::Foreign(reasons.join("; "));
    }
    if ADDED_COLUMNS
        .iter()
        .all(|(name, _)| type_of(name).is_some())
    {
        Layout::Current
    } else {
        Layout::Older {
            added_columns: false,
        }
    }
}

/// The tracking table's layout (as [`classify`] tells it) with its summary's:
/// `summary` is the summary's columns (`None` when nothing has its name) and
/// `triggers` how many of the summary's triggers the table has, always enabled. A
/// summary missing or short of triggers is added by the next command that writes; a
/// relation of that name that is not ours makes the table one we do not write to.
fn with_summary(layout: Layout, summary: Option<&[String]>, triggers: usize) -> Layout {
    let ours = summary::COLUMNS.map(|(column, kind)| format!("{column} {kind}"));
    match (layout, summary) {
        (Layout::Foreign(reason), _) => Layout::Foreign(reason),
        (_, Some(columns)) if columns != ours => Layout::Foreign(
            "the relation beside it where migrator keeps its summary is not migrator's".to_owned(),
        ),
        (Layout::Current, Some(_)) if triggers == summary::trigger_names().len() => Layout::Current,
        (Layout::Current, _) => Layout::Older {
            added_columns: true,
        },
        (layout, _) => layout,
    }
}

/// What stands at the tracking table's name (as seen through the session's
/// `search_path`): one catalog query.
pub(crate) async fn layout(
    client: &impl GenericClient,
    table: &TableName,
) -> Result<Layout, Error> {
    Ok(locate(client, table).await?.0)
}

/// Like [`layout`], with the table named in its own schema (as given while it does not
/// exist): its summary is looked for, and kept, beside it there, whatever schema the
/// `search_path` would find a relation of the summary's name in first.
pub(crate) async fn locate(
    client: &impl GenericClient,
    table: &TableName,
) -> Result<(Layout, TableName), Error> {
    let row = client
        .query_opt(
            "SELECT c.relkind::text,
                    coalesce(array_agg(a.attname::text ORDER BY a.attnum)
                             FILTER (WHERE a.attnum IS NOT NULL), '{}'),
                    coalesce(array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)
                             FILTER (WHERE a.attnum IS NOT NULL), '{}'),
                    EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute k
                              ON k.attrelid = i.indrelid AND k.attname = 'id'
                            WHERE i.indrelid = c.oid AND i.indisunique AND i.indpred IS NULL
                              AND i.indnkeyatts = 1 AND i.indkey[0] = k.attnum),
                    ARRAY(SELECT s.attname::text || ' ' || format_type(s.atttypid, s.atttypmod)
                          FROM pg_class r JOIN pg_attribute s ON s.attrelid = r.oid
                          WHERE r.relname = $2 AND r.relnamespace = c.relnamespace
                            AND s.attnum > 0 AND NOT s.attisdropped
                          ORDER BY s.attnum),
                    (SELECT r.relkind = 'r' FROM pg_class r
                     WHERE r.relname = $2 AND r.relnamespace = c.relnamespace),
                    (SELECT count(*) FROM pg_trigger t
                     WHERE t.tgrelid = c.oid AND t.tgname = ANY($3) AND t.tgenabled = 'A'),
                    (SELECT n.nspname::text FROM pg_namespace n WHERE n.oid = c.relnamespace)
             FROM pg_class c
             LEFT JOIN pg_attribute a
               ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE c.oid = to_regclass($1)
             GROUP BY c.oid, c.relkind, c.relnamespace",
            &[
                &table.quoted(),
                &summary::summary_table(table).name,
                &summary::trigger_names(),
            ],
        )
        .await
        .map_err(database_error("looking for the tracking table"))?;
    let Some(row) = row else {
        return Ok((Layout::Absent, table.clone()));
    };
    let relkind: String = row.get(0);
    let names: Vec<String> = row.get(1);
    let types: Vec<String> = row.get(2);
    let columns: Vec<(String, String)> = names.into_iter().zip(types).collect();
    // A relation of the summary's name that is not a table counts as one without
    // columns: not ours.
    let summary: Option<Vec<String>> = match row.get::<_, Option<bool>>(5) {
        None => None,
        Some(true) => Some(row.get(4)),
        Some(false) => Some(Vec::new()),
    };
    let triggers: i64 = row.get(6);
    let layout = with_summary(
        classify(&relkind, &columns, row.get(3)),
        summary.as_deref(),
        usize::try_from(triggers).unwrap_or(0),
    );
    let located = TableName {
        schema: Some(row.get(7)),
        name: table.name.clone(),
    };
    Ok((layout, located))
}

/// Whether the tracking table exists; refuses a table that is not ours.
pub(crate) async fn exists(client: &impl GenericClient, table: &TableName) -> Result<bool, Error> {
    match layout(client, table).await? {
        Layout::Absent => Ok(false),
        Layout::Current | Layout::Older { .. } => Ok(true),
        Layout::Foreign(reason) => Err(Error::ForeignTable {
            table: table.clone(),
            reason,
        }),
    }
}

/// The SQL that creates the tracking table (and its schema) with its summary.
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
        COMMENT ON TABLE {table} IS 'Applied migrations, one row each; written by migrator.';
        {summary}",
        table = table.quoted(),
        summary = summary::install_sql(table),
    )
}

/// Creates the tracking table (and its schema) unless it exists; returns whether it
/// was created. Run under the migration lock, so two runners cannot race here, and
/// after [`prepare`], which refuses a table that is not ours.
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

/// The tracking table named in its own schema (see [`locate`]) if it exists, bringing
/// one of an older layout up to date (adds `interrupted` and `up_sql`, and the summary)
/// on the way, in one transaction: one query in the usual case. Refuses, before
/// anything is written, a table of that name that is not ours. Run by the commands
/// that write, under the migration lock.
pub(crate) async fn prepare(
    client: &impl GenericClient,
    table: &TableName,
) -> Result<Option<TableName>, Error> {
    let (layout, located) = locate(client, table).await?;
    match layout {
        Layout::Absent => Ok(None),
        Layout::Current => Ok(Some(located)),
        Layout::Older { .. } => {
            // The summary goes beside the table, in its schema, not wherever the
            // `search_path` would create a table now (the trigger function finds the
            // summary in the schema of the table that fired it).
            client
                .batch_execute(&format!(
                    "ALTER TABLE {} ADD COLUMN IF NOT EXISTS interrupted jsonb,
                         ADD COLUMN IF NOT EXISTS up_sql jsonb;
                     {}",
                    located.quoted(),
                    summary::install_sql(&located)
                ))
                .await
                .map_err(database_error("upgrading the tracking table"))?;
            Ok(Some(located))
        }
        Layout::Foreign(reason) => Err(Error::ForeignTable {
            table: table.clone(),
            reason,
        }),
    }
}

/// Drops the tracking table with its summary, for `reset`; `table` as [`prepare`]
/// located it.
pub(crate) async fn drop(client: &impl GenericClient, table: &TableName) -> Result<(), Error> {
    client
        .batch_execute(&format!(
            "DROP TABLE IF EXISTS {}, {}; DROP FUNCTION IF EXISTS {}()",
            table.quoted(),
            summary::summary_table(table).quoted(),
            summary::function(table).quoted()
        ))
        .await
        .map_err(database_error("dropping the tracking table"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(name, kind)| ((*name).to_owned(), (*kind).to_owned()))
            .collect()
    }

    #[test]
    fn a_missing_or_untriggered_summary_is_added_and_a_foreign_one_refused() {
        let ours: Vec<String> = summary::COLUMNS
            .map(|(column, kind)| format!("{column} {kind}"))
            .to_vec();
        let added = Layout::Older {
            added_columns: true,
        };
        assert_eq!(
            with_summary(Layout::Current, Some(&ours), 4),
            Layout::Current
        );
        assert_eq!(with_summary(Layout::Current, None, 0), added);
        assert_eq!(with_summary(Layout::Current, Some(&ours), 3), added);
        let older = Layout::Older {
            added_columns: false,
        };
        assert_eq!(with_summary(older.clone(), None, 0), older);
        for foreign in [vec![], vec!["rows bigint".to_owned()]] {
            assert!(matches!(
                with_summary(Layout::Current, Some(&foreign), 4),
                Layout::Foreign(_)
            ));
        }
    }

    #[test]
    fn our_layouts_are_told_from_other_tables_of_the_same_name() {
        let first: Vec<(&str, &str)> = CORE_COLUMNS.to_vec();
        let mut current = first.clone();
        current.extend(ADDED_COLUMNS);
        let mut with_extra = current.clone();
        with_extra.push(("deployed_by", "text"));
        let knex = [
            ("id", "integer"),
            ("name", "character varying(255)"),
            ("batch", "integer"),
            ("migration_time", "timestamp with time zone"),
        ];
        let app = [
            ("id", "integer"),
            ("name", "character varying"),
            ("run_on", "timestamp without time zone"),
        ];
        let mut no_checksum = current.clone();
        no_checksum.retain(|(name, _)| *name != "checksum");
        let mut text_up_sql = first.clone();
        text_up_sql.push(("up_sql", "text"));
        let cases = [
            ("r", columns(&current), true),
            ("r", columns(&first), true),
            ("p", columns(&with_extra), true),
            ("r", columns(&knex), true),
            ("r", columns(&app), true),
            ("r", columns(&no_checksum), true),
            ("r", columns(&text_up_sql), true),
            ("r", columns(&current), false),
            ("v", columns(&current), true),
            ("r", Vec::new(), false),
        ];
        let verdicts: Vec<String> = cases
            .iter()
            .map(|(kind, columns, unique)| format!("{:?}", classify(kind, columns, *unique)))
            .collect();
        expect_test::expect![[r#"
            Current
            Older { added_columns: false }
            Current
            Foreign("it has no `checksum`, `down_sql`, `executed_at`, `duration_ms` columns; `id` is integer, not bigint; `name` is character varying(255), not text")
            Foreign("it has no `batch`, `checksum`, `down_sql`, `executed_at`, `duration_ms` columns; `id` is integer, not bigint; `name` is character varying, not text")
            Foreign("it has no `checksum` column")
            Foreign("`up_sql` is text, not jsonb")
            Foreign("its `id` is not unique")
            Foreign("it is a view")
            Foreign("it has no `id`, `name`, `batch`, `checksum`, `down_sql`, `executed_at`, `duration_ms` columns")"#]]
        .assert_eq(&verdicts.join("\n"));
    }
}
