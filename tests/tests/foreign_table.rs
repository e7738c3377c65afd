//! A table of the tracking table's name that is not ours (another tool's `migrations`,
//! an application's own) is refused by every command, and left exactly as it was.

use tests::{TestDb, cli};

/// Everything a command could have changed about the table, and every other object.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    /// `name type [not null] [default …]` per column, dropped ones included.
    columns: Vec<String>,
    comment: Option<String>,
    /// Every row as JSON, in a stable order.
    rows: String,
    /// `schema.relation:kind` of every relation outside the system schemas.
    objects: Vec<String>,
}

async fn snapshot(db: &TestDb, table: &str) -> Snapshot {
    let client = db.client().await;
    let columns = client
        .query(
            "SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                    || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                    || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
             FROM pg_attribute a
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = $1::text::regclass AND a.attnum > 0 ORDER BY a.attnum",
            &[&table],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    // information_schema agrees with pg_attribute on the live columns.
    let live: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = $1",
            &[&table],
        )
        .await
        .unwrap()
        .get(0);
    let comment = client
        .query_one(
            "SELECT obj_description($1::text::regclass, 'pg_class')",
            &[&table],
        )
        .await
        .unwrap()
        .get(0);
    let rows = client
        .query_one(
            &format!("SELECT coalesce(json_agg(t ORDER BY t::text), '[]')::text FROM {table} t"),
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let objects = client
        .query(
            "SELECT n.nspname || '.' || c.relname || ':' || c.relkind::text
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
             ORDER BY 1",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    let snapshot = Snapshot {
        columns,
        comment,
        rows,
        objects,
    };
    assert_eq!(
        usize::try_from(live).unwrap(),
        snapshot
            .columns
            .iter()
            .filter(|column| !column.contains("pg.dropped"))
            .count()
    );
    snapshot
}

/// Every command that reads or writes the tracking table.
const COMMANDS: &[&[&str]] = &[
    &["init"],
    &["up"],
    &["up", "--to", "1"],
    &["up", "--dry-run"],
    &["status"],
    &["status", "--json"],
    &["down"],
    &["down", "--all", "--yes"],
    &["down", "--dry-run"],
    &["redo"],
    &["reset", "--yes", "--force"],
    &["baseline", "--yes"],
    &["mark", "1", "--yes"],
    &["unmark", "1", "--yes"],
];

/// Runs every command against the table made by `setup`, and checks that each fails
/// naming it, and that nothing changed.
async fn every_command_refuses(setup: &str, reason: &str) {
    let db = TestDb::new().await;
    db.client().await.batch_execute(setup).await.unwrap();
    let before = snapshot(&db, "migrations").await;
    for args in COMMANDS {
        let stderr = cli::fails(&db, "three", args);
        assert!(
            stderr.contains("`migrations` is not a pgbatch tracking table"),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
        assert!(
            stderr.contains(
                "it was left untouched and nothing was run; choose another tracking table (--table)"
            ),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            snapshot(&db, "migrations").await,
            before,
            "{args:?} changed something"
        );
    }
    // No migration ran: the only table is the foreign one.
    assert_eq!(db.tables().await, ["migrations"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_knex_migrations_table_is_refused_and_left_untouched() {
    every_command_refuses(
        "CREATE TABLE migrations (
             id serial PRIMARY KEY,
             name varchar(255),
             batch integer,
             migration_time timestamptz
         );
         INSERT INTO migrations (name, batch, migration_time) VALUES
             ('20240101_init.js', 1, '2024-01-01T00:00:00Z'),
             ('20240202_users.js', 2, '2024-02-02T00:00:00Z');
         COMMENT ON TABLE migrations IS 'knex'",
        "it has no `checksum`, `down_sql`, `executed_at`, `duration_ms` columns",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_applications_own_migrations_table_is_refused_and_left_untouched() {
    every_command_refuses(
        "CREATE TABLE migrations (id serial PRIMARY KEY, name text NOT NULL, run_on timestamp NOT NULL);
         INSERT INTO migrations (name, run_on) VALUES
             ('/20240101-init', '2024-01-01 00:00:00'),
             ('/20240202-users', '2024-02-02 00:00:00')",
        "it has no `batch`, `checksum`",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_table_lacking_one_of_our_columns_is_refused() {
    // Our layout without `checksum`: close, but not ours, and not one we ever made.
    every_command_refuses(
        "CREATE TABLE migrations (
             id bigint PRIMARY KEY, name text NOT NULL, batch integer NOT NULL,
             down_sql jsonb, executed_at timestamptz NOT NULL DEFAULT now(),
             duration_ms bigint NOT NULL
         );
         INSERT INTO migrations (id, name, batch, duration_ms) VALUES (1, 'create_a', 1, 5)",
        "it has no `checksum` column",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn status_json_reports_a_foreign_table_as_a_json_error() {
    let db = TestDb::new().await;
    db.client()
        .await
        .batch_execute("CREATE TABLE migrations (id int, name text, run_on timestamp)")
        .await
        .unwrap();
    let output = cli::run(&db, "three", &["status", "--json"]);
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    cli::failed(output, &["status", "--json"]);
    let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(document["success"], false);
    assert_eq!(document["error"]["kind"], "foreignTable");
    assert_eq!(document["error"]["table"], "migrations");
    assert!(
        document["error"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("it has no `batch`"),
        "{document}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn another_tracking_table_works_beside_a_foreign_one() {
    let db = TestDb::new().await;
    db.client()
        .await
        .batch_execute(
            "CREATE TABLE migrations (id serial PRIMARY KEY, name text, run_on timestamp);
             INSERT INTO migrations (name, run_on) VALUES ('/init', '2024-01-01')",
        )
        .await
        .unwrap();
    let before = snapshot(&db, "migrations").await;
    cli::ok(&db, "three", &["--table", "pgbatch_migrations", "up"]);
    assert_eq!(db.tracking_in("pgbatch_migrations").await.len(), 3);
    assert_eq!(
        db.tables().await,
        [
            "a",
            "b",
            "c",
            "migrations",
            "pgbatch_migrations",
            "pgbatch_migrations_summary"
        ]
    );
    let after = snapshot(&db, "migrations").await;
    assert_eq!(
        (&after.columns, &after.comment, &after.rows),
        (&before.columns, &before.comment, &before.rows)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn our_table_without_its_comment_and_with_a_column_of_the_users_is_still_ours() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up", "--to", "2"]);
    // A DBA dropped the comment and added a column of their own; the layout is still
    // recognised by its columns, so nothing is refused.
    db.client()
        .await
        .batch_execute(
            "COMMENT ON TABLE migrations IS NULL;
             ALTER TABLE migrations ADD COLUMN deployed_by text",
        )
        .await
        .unwrap();
    cli::ok(&db, "three", &["up"]);
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 2)]);
    cli::ok(&db, "three", &["down"]);
    assert_eq!(db.batches().await, [(1, 1), (2, 1)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_library_refuses_a_foreign_table_with_a_typed_error() {
    let db = TestDb::new().await;
    db.client()
        .await
        .batch_execute(
            "CREATE TABLE migrations (id serial PRIMARY KEY, name text, run_on timestamp);
             INSERT INTO migrations (name, run_on) VALUES ('/init', '2024-01-01')",
        )
        .await
        .unwrap();
    let before = snapshot(&db, "migrations").await;
    let migrations = tests::fixtures::by_name("three").unwrap();
    let mut migrator = pgbatch::Migrator::connect(db.options(), pgbatch::Options::default())
        .await
        .unwrap();
    let errors = [
        migrator.init().await.map(drop),
        migrator.up(migrations).await.map(drop),
        migrator.status(migrations).await.map(drop),
        migrator.down().await.map(drop),
        migrator.reset().await.map(drop),
    ];
    migrator.close().await;
    for error in errors {
        let error = error.unwrap_err();
        assert!(
            matches!(&error, pgbatch::Error::ForeignTable { table, reason }
                if table.name == "migrations" && reason.starts_with("it has no `batch`")),
            "{error:?}"
        );
        // The engine names no flag of the CLI's.
        let message = error.to_string();
        assert!(
            message.ends_with("; choose another tracking table"),
            "{message}"
        );
        assert!(!message.contains("--"), "{message}");
    }
    assert_eq!(snapshot(&db, "migrations").await, before);
}
