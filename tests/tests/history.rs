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
    assert_eq!(db.batches().await, [(1, 1), (2, 2), (3, 1), (4, 2)]);
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

#[tokio::test(flavor = "multi_thread")]
async fn baseline_mark_and_unmark_fix_history_without_running_sql() {
    let db = TestDb::new().await;
    // A schema made by hand: running the migrations' SQL now would fail (tables exist).
    db.client()
        .await
        .batch_execute(
            "CREATE TABLE a (id int PRIMARY KEY);
             CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));
             CREATE TABLE c (id int PRIMARY KEY);",
        )
        .await
        .unwrap();
    // Off a terminal, each needs --yes and changes nothing without it.
    let stderr = tests::cli::fails(&db, "four", &["baseline", "--to", "3"]);
    assert!(stderr.contains("pass --yes to confirm"), "{stderr}");
    assert_eq!(db.tracking().await, []);

    let stdout = tests::cli::ok(&db, "four", &["baseline", "--to", "3", "--yes"]);
    assert!(
        stdout.contains("Marked as applied in batch 1 of postgres@"),
        "{stdout}"
    );
    assert!(
        stdout.contains("without running: 001_create_a, 002_create_b, 003_create_c."),
        "{stdout}"
    );
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1)]);
    assert_eq!(db.count("c").await, 0, "migration 3's INSERT did not run");

    // The history is now consistent: `up` applies only migration 4.
    cli::ok(&db, "four", &["up"]);
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1), (4, 2)]);

    // unmark forgets 4 without running its down; mark records it again, without running.
    let stdout = cli::ok(&db, "four", &["unmark", "4", "--yes"]);
    assert!(stdout.contains("Unmarked 004_create_d"), "{stdout}");
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1)]);
    assert_eq!(db.tables().await, ["a", "b", "c", "d", "migrations"]);
    cli::ok(&db, "four", &["mark", "4", "--yes"]);
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1), (4, 2)]);

    // Marking what is recorded, or what does not exist, is refused.
    let stderr = cli::fails(&db, "four", &["mark", "4", "--yes"]);
    assert!(
        stderr.contains("migration 004_create_d is already recorded"),
        "{stderr}"
    );
    let stderr = cli::fails(&db, "four", &["mark", "9", "--yes"]);
    assert!(
        stderr.contains("there is no migration 009 in the source"),
        "{stderr}"
    );
    let stderr = cli::fails(&db, "four", &["unmark", "9", "--yes"]);
    assert!(stderr.contains("migration 009 is not recorded"), "{stderr}");
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1), (4, 2)]);
}

/// `(checksum, up_sql)` of a tracking row.
async fn recorded(db: &TestDb, id: i64) -> (String, Option<serde_json::Value>) {
    let row = db
        .client()
        .await
        .query_one(
            "SELECT checksum, up_sql FROM migrations WHERE id = $1",
            &[&id],
        )
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

#[tokio::test(flavor = "multi_thread")]
async fn repair_shows_the_diff_then_accepts_the_edited_source() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    let before = recorded(&db, 2).await;
    assert_eq!(before.0, tests::fixtures::create_b::SCRIPT.checksum());
    let up_sql = before.1.clone().expect("up_sql is recorded");
    assert_eq!(
        up_sql[0]["sql"],
        "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id))"
    );

    // Off a terminal, without --yes: the diff, then a refusal that changes nothing.
    let output = cli::run(&db, "edited", &["repair"]);
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    let stderr = cli::failed(output, &["repair"]);
    assert!(stderr.contains("pass --yes to confirm"), "{stderr}");
    assert!(stdout.contains("002_create_b: checksum"), "{stdout}");
    assert!(
        stdout.contains("-CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+CREATE TABLE b (id bigint PRIMARY KEY, a_id int REFERENCES a (id));"),
        "{stdout}"
    );
    assert_eq!(recorded(&db, 2).await, before);

    let stdout = cli::ok(&db, "edited", &["repair", "--yes"]);
    assert!(stdout.contains("Repaired 002_create_b"), "{stdout}");
    let (checksum, up_sql) = recorded(&db, 2).await;
    assert_eq!(
        checksum,
        tests::fixtures::create_b_edited::SCRIPT.checksum()
    );
    assert_eq!(
        up_sql.unwrap()[0]["sql"],
        "CREATE TABLE b (id bigint PRIMARY KEY, a_id int REFERENCES a (id))"
    );
    // The history is whole again: up runs without --allow-changed, status --check passes.
    cli::ok(&db, "edited", &["up"]);
    assert_eq!(db.tracking().await.len(), 4);
    cli::ok(&db, "edited", &["status", "--check"]);
    let stdout = cli::ok(&db, "edited", &["repair"]);
    assert!(stdout.contains("Nothing to repair"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn repair_names_what_it_cannot_repair_and_handles_older_rows() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    let stderr = cli::fails(&db, "edited", &["repair", "1", "--yes"]);
    assert!(
        stderr.contains("migration 001 is not an applied migration whose source changed"),
        "{stderr}"
    );
    assert_eq!(
        recorded(&db, 2).await.0,
        tests::fixtures::create_b::SCRIPT.checksum()
    );

    // A tracking table from before `up_sql`: the column comes back, the old SQL is
    // reported as not recorded.
    db.client()
        .await
        .batch_execute("ALTER TABLE migrations DROP COLUMN up_sql")
        .await
        .unwrap();
    let stdout = cli::ok(&db, "edited", &["repair", "2", "--yes"]);
    assert!(stdout.contains("was not recorded"), "{stdout}");
    assert!(stdout.contains("CREATE TABLE b (id bigint"), "{stdout}");
    let (checksum, up_sql) = recorded(&db, 2).await;
    assert_eq!(
        checksum,
        tests::fixtures::create_b_edited::SCRIPT.checksum()
    );
    assert!(up_sql.is_some());
    assert_eq!(recorded(&db, 1).await.1, None, "other rows are left alone");
}
