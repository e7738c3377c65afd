//! A history that disagrees with the source stops `up` before anything runs.

use tests::{TestDb, cli};

/// Applies `three`, then runs `up` over `fixture` and expects it refused with
/// `message`, leaving the schema and the tracking table exactly as they were.
async fn refused(fixture: &str, first: &str, message: &str, flag: &str) {
    let db = TestDb::new().await;
    cli::ok(&db, first, &["up"]);
    let tables = db.tables().await;
    let tracking = db.tracking().await;
    let stderr = cli::fails(&db, fixture, &["up"]);
    assert!(stderr.contains(message), "{stderr}");
    assert!(stderr.contains("nothing was run"), "{stderr}");
    assert!(
        stderr.ends_with(&format!("(to run `up` anyway, pass {flag})\n")),
        "{stderr}"
    );
    assert_eq!(db.tables().await, tables, "no migration ran");
    assert_eq!(db.tracking().await, tracking, "nothing was recorded");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edited_applied_migration_stops_up() {
    refused(
        "edited",
        "three",
        "migration 002_create_b was changed after it was applied (checksum differs)",
        "--allow-changed",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_applied_migration_missing_from_the_source_stops_up() {
    refused(
        "missing",
        "three",
        "migration 003_create_c is applied but missing from the source",
        "--allow-missing",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pending_migration_below_the_newest_applied_stops_up() {
    refused(
        "four",
        "gap",
        "migration 002_create_b is pending but numbered below the newest applied migration 003_create_c",
        "--allow-out-of-order",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_out_of_order_migration_runs_when_allowed_as_a_new_batch() {
    let db = TestDb::new().await;
    cli::ok(&db, "gap", &["up"]);
    let stdout = cli::ok(&db, "four", &["up", "--allow-out-of-order"]);
    assert!(stdout.contains("Applied batch 2"), "{stdout}");
    let batches: Vec<(i64, i32)> = db
        .tracking()
        .await
        .into_iter()
        .map(|(id, _, batch)| (id, batch))
        .collect();
    assert_eq!(batches, [(1, 1), (2, 2), (3, 1), (4, 2)]);
    assert_eq!(db.tables().await, ["a", "b", "c", "d", "migrations"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_migration_is_not_rerun_when_allowed() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    cli::ok(&db, "edited", &["up", "--allow-changed"]);
    // Migration 4 ran; migration 2 kept its original column type.
    assert_eq!(db.tables().await, ["a", "b", "c", "d", "migrations"]);
    let client = db.client().await;
    let id_type: String = client
        .query_one(
            "SELECT data_type::text FROM information_schema.columns
             WHERE table_name = 'b' AND column_name = 'id'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(id_type, "integer");
}
