//! Batches with steps PostgreSQL forbids in a transaction (concurrent index builds):
//! they run alone, and a failure undoes what the batch had committed.

use tests::{TestDb, cli};

/// `(relname, indisvalid)` of every index on `table`, by name.
async fn indexes(db: &TestDb, table: &str) -> Vec<(String, bool)> {
    db.client()
        .await
        .query(
            "SELECT c.relname::text, i.indisvalid FROM pg_index i
             JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indrelid = to_regclass($1) ORDER BY 1",
            &[&table],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_with_a_concurrent_index_applies_and_reverts() {
    let db = TestDb::new().await;
    let data = db.load_big().await;
    let stdout = cli::ok(&db, "concurrent", &["up"]);
    assert!(stdout.contains("Applied batch 1"), "{stdout}");
    assert!(stdout.contains("✓ 002_index_t_concurrently ("), "{stdout}");
    assert!(
        stdout.contains(" ms, 1 step outside a transaction)"),
        "{stdout}"
    );
    // PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction block, so a
    // valid index proves the step ran alone.
    assert_eq!(
        indexes(&db, "t").await,
        [
            ("t_email_idx".to_owned(), true),
            ("t_pkey".to_owned(), true)
        ]
    );
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1)]);
    assert_eq!(db.count("t").await, 1000);

    cli::ok(&db, "concurrent", &["down"]);
    assert_eq!(db.tables().await, ["migrations"]);
    assert_eq!(db.tracking().await, []);
    assert_eq!(
        db.fingerprint().await,
        data,
        "the application's data is untouched"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failure_after_a_concurrent_step_undoes_the_whole_batch() {
    let db = TestDb::new().await;
    let data = db.load_big().await;
    let stderr = cli::fails(&db, "concurrent_fails", &["up"]);
    assert!(
        stderr.contains("migration 004_break_t failed (up, step 1 of 1): duplicate key value violates unique constraint \"t_pkey\""),
        "{stderr}"
    );
    // Migrations 1 and 2 had committed (the index build commits what came before it);
    // migration 3 was rolled back with the failing segment.
    assert!(
        stderr.contains("batch 1 was undone: 002_index_t_concurrently, 001_create_t had committed and were reverted with their down steps; nothing of the batch remains"),
        "{stderr}"
    );
    assert_eq!(db.tables().await, ["migrations"]);
    assert_eq!(db.tracking().await, []);
    assert_eq!(indexes(&db, "t").await, []);
    assert_eq!(
        db.fingerprint().await,
        data,
        "the application's data is untouched"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_concurrent_unique_index_leaves_no_invalid_index() {
    let db = TestDb::new().await;
    let data = db.load_big().await;
    let stderr = cli::fails(&db, "unique_fails", &["up"]);
    assert!(
        stderr.contains("migration 002_unique_dup_concurrently failed (up, step 1 of 1): could not create unique index \"dup_email_idx\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("detail: Key (email)=(a) is duplicated."),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "the invalid index public.dup_email_idx left by the failed build was dropped"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("001_create_dup had committed and was reverted"),
        "{stderr}"
    );
    let invalid: i64 = db
        .client()
        .await
        .query_one("SELECT count(*) FROM pg_index WHERE NOT indisvalid", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(invalid, 0);
    assert_eq!(db.tables().await, ["migrations"]);
    assert_eq!(db.tracking().await, []);
    assert_eq!(
        db.fingerprint().await,
        data,
        "the application's data is untouched"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn when_undoing_fails_too_the_tracking_table_still_matches_the_schema() {
    let db = TestDb::new().await;
    let data = db.load_big().await;
    let stderr = cli::fails(&db, "undo_fails", &["up"]);
    assert!(
        stderr.contains("migration 003_divide_by_zero failed (up, step 1 of 1): division by zero (SQLSTATE 22012)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("undoing batch 1 reverted 002_index_u_concurrently; then undoing failed too, at 001_create_u failed (down, step 1 of 1): table \"no_such_table\" does not exist (SQLSTATE 42P01)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("still applied: 001_create_u; the tracking table lists exactly the migrations that remain"),
        "{stderr}"
    );
    // Migration 2 was undone (its index dropped, its row deleted); migration 1 could
    // not be, and its table and its row are both still there.
    assert_eq!(db.tables().await, ["migrations", "u"]);
    assert_eq!(indexes(&db, "u").await, [("u_pkey".to_owned(), true)]);
    let rows: Vec<i64> = db
        .tracking()
        .await
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    assert_eq!(rows, [1]);
    assert_eq!(db.fingerprint().await, data);
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_runs_show_the_segments_and_change_nothing() {
    let db = TestDb::new().await;
    let stdout = cli::ok(
        &db,
        "concurrent",
        &["--lock-timeout", "2s", "up", "--dry-run"],
    );
    let script = stdout.split_once('\n').map(|(_, rest)| rest).unwrap();
    assert!(
        stdout.starts_with("-- Dry run of `up` on postgres@"),
        "{stdout}"
    );
    assert!(
        stdout.contains(": batch 1. Nothing was changed."),
        "{stdout}"
    );
    assert_eq!(
        script,
        "SET lock_timeout = 2000;\n\
         \nBEGIN;\n\
         -- 001_create_t, step 1 of 2\nCREATE TABLE t (\n  id bigserial PRIMARY KEY,\n  email text\n);\n\
         -- 001_create_t, step 2 of 2\nINSERT INTO t (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 1000) AS g;\n\
         -- then record 001_create_t in the tracking table\n\
         COMMIT;\n\
         \n-- 002_index_t_concurrently, step 1 of 1, alone, outside a transaction\n\
         CREATE INDEX CONCURRENTLY t_email_idx ON t (email);\n\
         -- then record 002_index_t_concurrently in the tracking table\n\
         \nBEGIN;\n\
         -- 003_add_t_note, step 1 of 1\nALTER TABLE t\n  ADD COLUMN note text;\n\
         -- then record 003_add_t_note in the tracking table\n\
         COMMIT;\n"
    );
    // Nothing was created, not even the tracking table.
    assert_eq!(db.tables().await, Vec::<String>::new());

    cli::ok(&db, "concurrent", &["up"]);
    let tracking = db.tracking().await;
    let stdout = cli::ok(&db, "concurrent", &["down", "--dry-run"]);
    assert!(
        stdout.contains(": batch 1. Nothing was changed."),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "-- 002_index_t_concurrently, step 1 of 1, alone, outside a transaction\n\
             DROP INDEX CONCURRENTLY IF EXISTS t_email_idx;\n\
             -- then delete the row of 002_index_t_concurrently in the tracking table\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("-- 001_create_t, step 1 of 1\nDROP TABLE t;\n"),
        "{stdout}"
    );
    assert_eq!(db.tracking().await, tracking);
    assert_eq!(db.tables().await, ["migrations", "t"]);
    assert_eq!(indexes(&db, "t").await.len(), 2);

    let stdout = cli::ok(&db, "concurrent", &["up", "--dry-run"]);
    assert!(stdout.contains(": nothing to apply."), "{stdout}");
}
