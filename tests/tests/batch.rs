//! A batch is all or nothing; `down` reverts exactly the newest batch.

use tests::{TestDb, cli};

fn ids(rows: &[(i64, String, i32)]) -> Vec<(i64, i32)> {
    rows.iter().map(|(id, _, batch)| (*id, *batch)).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_third_migration_leaves_nothing_of_the_batch() {
    let db = TestDb::new().await;
    let stderr = cli::fails(&db, "third_fails", &["up"]);
    assert!(
        stderr.contains("migration 003_create_c failed (up, step 2 of 2): relation \"nowhere\" does not exist (SQLSTATE 42P01)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("at line 2, column 32: SELECT id FROM nowhere"),
        "{stderr}"
    );
    assert!(
        stderr.contains("batch 1 was rolled back; none of its 3 migrations was applied"),
        "{stderr}"
    );
    // Not even the tracking table: it is created in the batch's transaction.
    assert_eq!(db.tables().await, Vec::<String>::new());
    assert_eq!(db.tracking().await, []);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failure_after_earlier_batches_keeps_them_and_adds_nothing() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    let before = db.tracking().await;
    let stderr = cli::fails(&db, "fifth_fails", &["up"]);
    assert!(
        stderr.contains("migration 005_fill_c failed (up, step 2 of 2): duplicate key value violates unique constraint \"c_pkey\" (SQLSTATE 23505)\n  detail: Key (id)=(1) already exists."),
        "{stderr}"
    );
    assert!(
        stderr.contains("batch 2 was rolled back; none of its 2 migrations was applied"),
        "{stderr}"
    );
    assert_eq!(db.tables().await, ["a", "b", "c", "migrations"]);
    assert_eq!(db.tracking().await, before);
    let client = db.client().await;
    let rows: Vec<i32> = client
        .query("SELECT id FROM c ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(rows, [1, 2], "the data of the failed batch is gone too");
}

#[tokio::test(flavor = "multi_thread")]
async fn two_ups_make_two_batches_and_down_reverts_one_batch_at_a_time() {
    let db = TestDb::new().await;
    let stdout = cli::ok(&db, "three", &["up"]);
    assert!(stdout.contains("Applied batch 1"), "{stdout}");
    let stdout = cli::ok(&db, "four", &["up"]);
    assert!(stdout.contains("Applied batch 2"), "{stdout}");
    assert_eq!(ids(&db.tracking().await), [(1, 1), (2, 1), (3, 1), (4, 2)]);
    assert_eq!(db.tables().await, ["a", "b", "c", "d", "migrations"]);

    let stdout = cli::ok(&db, "four", &["down"]);
    assert!(stdout.contains("Reverted batch 2"), "{stdout}");
    assert_eq!(ids(&db.tracking().await), [(1, 1), (2, 1), (3, 1)]);
    assert_eq!(db.tables().await, ["a", "b", "c", "migrations"]);

    let stdout = cli::ok(&db, "four", &["down"]);
    assert!(stdout.contains("Reverted batch 1"), "{stdout}");
    assert!(
        stdout.find("003_create_c").unwrap() < stdout.find("001_create_a").unwrap(),
        "reverted newest first: {stdout}"
    );
    assert_eq!(db.tracking().await, []);
    assert_eq!(db.tables().await, ["migrations"]);

    let stdout = cli::ok(&db, "four", &["down"]);
    assert!(stdout.contains("Nothing to revert"), "{stdout}");

    // And up again brings everything back as a new batch 1.
    cli::ok(&db, "four", &["up"]);
    assert_eq!(ids(&db.tracking().await), [(1, 1), (2, 1), (3, 1), (4, 1)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn up_with_nothing_pending_changes_nothing() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    let before = db.tracking().await;
    let stdout = cli::ok(&db, "three", &["up"]);
    assert!(stdout.contains("Nothing to apply"), "{stdout}");
    assert_eq!(db.tracking().await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn down_uses_the_down_recorded_when_applied() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    // The source no longer has migration 2 (nor its down), yet the batch reverts.
    cli::ok(&db, "gap", &["down"]);
    assert_eq!(db.tables().await, ["migrations"]);
    assert_eq!(db.tracking().await, []);
}

#[tokio::test(flavor = "multi_thread")]
async fn down_refuses_a_batch_holding_a_migration_without_down() {
    let db = TestDb::new().await;
    cli::ok(&db, "no_down", &["up"]);
    let before = db.tracking().await;
    let stderr = cli::fails(&db, "no_down", &["down"]);
    assert!(
        stderr.contains("cannot revert 002_seed_a: it has no down steps; nothing was reverted"),
        "{stderr}"
    );
    assert_eq!(db.tables().await, ["a", "b", "migrations"]);
    assert_eq!(db.tracking().await, before);
    assert_eq!(db.count("a").await, 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn reset_reverts_every_batch_and_drops_the_tracking_table() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    cli::ok(&db, "four", &["up"]);

    // Without --yes and without a terminal, reset refuses and changes nothing.
    let stderr = cli::fails(&db, "four", &["reset"]);
    assert!(stderr.contains("pass --yes"), "{stderr}");
    assert_eq!(db.tracking().await.len(), 4);

    let stdout = cli::ok(&db, "four", &["reset", "--yes"]);
    assert!(
        stdout.contains("4 migrations in 2 batches reverted"),
        "{stdout}"
    );
    assert_eq!(db.tables().await, Vec::<String>::new());

    let stdout = cli::ok(&db, "four", &["reset", "--yes"]);
    assert!(stdout.contains("Nothing to reset"), "{stdout}");
}

/// Runs `reset` at a pseudo-terminal (util-linux `script`), typing `answer`.
fn reset_at_a_terminal(db: &TestDb, answer: &str) -> std::process::Output {
    use std::io::Write;
    let fixture = assert_cmd::cargo::cargo_bin("fixture");
    let mut child = std::process::Command::new("script")
        .args(["--quiet", "--return", "--command"])
        .arg(format!("{} reset", fixture.display()))
        .arg("/dev/null")
        .env("FIXTURE", "three")
        .env("DATABASE_URL", db.url())
        .env("NO_COLOR", "1")
        .current_dir(std::env::temp_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs the command at a pseudo-terminal");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{answer}\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn reset_at_a_terminal_asks_first() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);

    let output = reset_at_a_terminal(&db, "no");
    let screen = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{screen}");
    assert!(screen.contains("Type `yes` to confirm"), "{screen}");
    assert!(
        screen.contains("reset cancelled; nothing was changed"),
        "{screen}"
    );
    assert_eq!(db.tracking().await.len(), 3);

    let output = reset_at_a_terminal(&db, "yes");
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{screen}");
    assert_eq!(db.tables().await, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn reset_refuses_when_any_migration_has_no_down() {
    let db = TestDb::new().await;
    cli::ok(&db, "no_down", &["up"]);
    let stderr = cli::fails(&db, "no_down", &["reset", "--yes"]);
    assert!(stderr.contains("cannot revert 002_seed_a"), "{stderr}");
    assert_eq!(db.tables().await, ["a", "b", "migrations"]);
    assert_eq!(db.tracking().await.len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn init_creates_the_tracking_table_once_in_the_schema_asked_for() {
    let db = TestDb::new().await;
    let stdout = cli::ok(&db, "three", &["--table", "ops.schema_history", "init"]);
    assert!(
        stdout.contains("Created the tracking table ops.schema_history"),
        "{stdout}"
    );
    let stdout = cli::ok(&db, "three", &["--table", "ops.schema_history", "init"]);
    assert!(stdout.contains("already exists"), "{stdout}");
    cli::ok(&db, "three", &["--table", "ops.schema_history", "up"]);
    assert_eq!(db.tracking_in("ops.schema_history").await.len(), 3);
    assert_eq!(db.tracking().await, []);
    let client = db.client().await;
    let columns: Vec<String> = client
        .query(
            "SELECT column_name::text || ' ' || data_type::text FROM information_schema.columns
             WHERE table_schema = 'ops' AND table_name = 'schema_history' ORDER BY ordinal_position",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(
        columns,
        [
            "id bigint",
            "name text",
            "batch integer",
            "checksum text",
            "up_sql jsonb",
            "down_sql jsonb",
            "executed_at timestamp with time zone",
            "duration_ms bigint",
            "interrupted jsonb"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tracking_table_of_the_first_layout_is_upgraded_in_place() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    // The first layout had neither `interrupted` nor `up_sql`, nor the summary.
    db.client()
        .await
        .batch_execute(
            "ALTER TABLE migrations DROP COLUMN interrupted, DROP COLUMN up_sql;
             DROP TABLE migrations_summary; DROP FUNCTION migrations_summarize() CASCADE",
        )
        .await
        .unwrap();
    let before = db.tracking().await;
    let stdout = cli::ok(&db, "three", &["status"]);
    assert!(
        stdout.contains("Total: 3 | Executed: 3 | Pending: 0"),
        "{stdout}"
    );
    cli::ok(&db, "four", &["up"]);
    let upgraded: i64 = db
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM information_schema.columns
             WHERE table_name = 'migrations' AND column_name IN ('interrupted', 'up_sql')",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(upgraded, 2);
    // The summary is added, counting the rows that were there and the new one.
    let (kept, counted) = db.summary().await;
    assert_eq!(kept, counted);
    assert!(kept.starts_with("(4,"), "{kept}");
    let after = db.tracking().await;
    assert_eq!(after[..3], before[..]);
    assert_eq!(after.len(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn up_and_down_targets_move_across_batches() {
    let db = TestDb::new().await;
    // up --to 2: migrations 1 and 2 only, as batch 1.
    let stdout = cli::ok(&db, "four", &["up", "--to", "2"]);
    assert!(stdout.contains("Applied batch 1"), "{stdout}");
    assert_eq!(db.batches().await, [(1, 1), (2, 1)]);
    // up --step 1: the next one, as batch 2; then the rest as batch 3.
    cli::ok(&db, "four", &["up", "--step", "1"]);
    cli::ok(&db, "four", &["up"]);
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 2), (4, 3)]);
    assert_eq!(db.tables().await, ["a", "b", "c", "d", "migrations"]);

    // down --to 1: everything applied after 1, across batches 3, 2 and 1, newest first.
    let stdout = cli::ok(&db, "four", &["down", "--to", "1", "--yes"]);
    assert!(stdout.contains("Reverted batches 3, 2, 1"), "{stdout}");
    let order: Vec<usize> = ["004_create_d", "003_create_c", "002_create_b"]
        .iter()
        .map(|label| stdout.find(label).unwrap())
        .collect();
    assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "{stdout}");
    assert_eq!(db.batches().await, [(1, 1)]);
    assert_eq!(db.tables().await, ["a", "migrations"]);

    // down --batches 2 over batches 1..3, then down --all.
    cli::ok(&db, "four", &["up", "--step", "1"]);
    cli::ok(&db, "four", &["up"]);
    assert_eq!(db.batches().await, [(1, 1), (2, 2), (3, 3), (4, 3)]);
    cli::ok(&db, "four", &["down", "--batches", "2", "--yes"]);
    assert_eq!(db.batches().await, [(1, 1)]);
    cli::ok(&db, "four", &["up"]);
    let stdout = cli::ok(&db, "four", &["down", "--all", "--yes"]);
    assert!(stdout.contains("Reverted batches 2, 1"), "{stdout}");
    assert_eq!(db.tracking().await, []);
    assert_eq!(db.tables().await, ["migrations"]);

    // Targets that name nothing are refused, touching nothing.
    let stderr = cli::fails(&db, "four", &["up", "--to", "9"]);
    assert!(
        stderr.contains("invalid target: `--to 9`: there is no migration 009 in the source"),
        "{stderr}"
    );
    cli::ok(&db, "four", &["up", "--to", "2"]);
    let stderr = cli::fails(&db, "four", &["down", "--to", "3", "--yes"]);
    assert!(stderr.contains("migration 003 is not applied"), "{stderr}");
    assert_eq!(db.batches().await, [(1, 1), (2, 1)]);
    let output = cli::run(&db, "four", &["down", "--all", "--batches", "1"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "conflicting targets are a usage error"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn redo_reverts_the_last_batch_and_applies_it_again() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up", "--to", "1"]);
    cli::ok(&db, "three", &["up"]);
    db.client()
        .await
        .batch_execute("INSERT INTO c VALUES (99)")
        .await
        .unwrap();
    let stdout = cli::ok(&db, "three", &["redo"]);
    assert!(stdout.contains("Reverted batch 2"), "{stdout}");
    assert!(stdout.contains("Applied batch 2"), "{stdout}");
    assert_eq!(db.batches().await, [(1, 1), (2, 2), (3, 2)]);
    // Table c was dropped and created again: the row added by hand is gone.
    let rows: Vec<i32> = db
        .client()
        .await
        .query("SELECT id FROM c ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(rows, [1, 2]);
}
