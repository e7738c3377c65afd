//! A runner killed while a step runs outside a transaction leaves a record that says
//! so; `status` shows it, `down` refuses to revert around it, and the next `up`
//! cleans up what the step left and finishes the migration, running nothing twice.

use std::process::Stdio;
use std::time::Duration;
use tests::{TestDb, cli};

async fn scalar_bool(db: &TestDb, sql: &str) -> Option<bool> {
    db.client()
        .await
        .query_opt(sql, &[])
        .await
        .unwrap()
        .map(|row| row.get(0))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_runner_killed_during_a_concurrent_index_build_is_finished_by_the_next_up() {
    let db = TestDb::new().await;
    let data = db.load_big().await;
    // An open transaction with an old snapshot: the concurrent build waits for it, so
    // the runner is still inside CREATE INDEX CONCURRENTLY when it is killed.
    let snapshot = db.client().await;
    snapshot
        .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM pg_class")
        .await
        .unwrap();
    let mut child = cli::command(&db, "concurrent")
        .arg("up")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    db.wait_until(
        "SELECT (SELECT count(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND query LIKE 'CREATE INDEX CONCURRENTLY%') = 1
                AND to_regclass('t_email_idx') IS NOT NULL",
        Duration::from_secs(30),
        "the build never started",
    )
    .await;
    child.kill().unwrap();
    child.wait().unwrap();
    db.wait_until(
        "SELECT count(*) = 0 FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'CREATE INDEX CONCURRENTLY%'
           AND state = 'active'",
        Duration::from_secs(15),
        "the build outlived its runner",
    )
    .await;
    let client = db.client().await;
    snapshot.batch_execute("COMMIT").await.unwrap();

    // What the kill left: migration 1 applied, migration 2 marked, an invalid index.
    assert_eq!(
        scalar_bool(
            &db,
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_email_idx'::regclass"
        )
        .await,
        Some(false)
    );
    let marked: Vec<(i64, bool)> = client
        .query(
            "SELECT id, interrupted IS NOT NULL FROM migrations ORDER BY id",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    assert_eq!(marked, [(1, false), (2, true)]);

    let stdout = cli::ok(&db, "concurrent", &["status"]);
    assert!(
        stdout.contains(
            "! 002_index_t_concurrently  batch 1  interrupted at step 1 of 1; `up` finishes it"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("Total: 3 | Executed: 1 | Pending: 2"),
        "{stdout}"
    );
    let stderr = cli::fails(&db, "concurrent", &["down"]);
    assert!(
        stderr.contains("migration 002_index_t_concurrently was interrupted part-way: run `up` to finish it first; nothing was reverted"),
        "{stderr}"
    );

    // A dry run says it would finish 002 first, then apply 003 in the same batch 1:
    // the interrupted deploy is finished under its own number.
    let stdout = cli::ok(&db, "concurrent", &["up", "--dry-run"]);
    assert!(
        stdout.contains(": batch 1. Nothing was changed."),
        "{stdout}"
    );
    assert!(
        stdout.contains("-- It would first finish 002_index_t_concurrently, interrupted part-way."),
        "{stdout}"
    );
    assert!(
        stdout.contains("-- 003_add_t_note, step 1 of 1"),
        "{stdout}"
    );
    assert!(!stdout.contains("CREATE INDEX"), "{stdout}");

    // An interrupted migration whose file has changed cannot be finished safely.
    let stderr = cli::fails(&db, "concurrent_edited", &["up"]);
    assert!(
        stderr.contains("migration 002_index_t_concurrently was interrupted part-way: its source changed since it started, so it cannot be finished safely; restore the file as it was"),
        "{stderr}"
    );

    let stdout = cli::ok(&db, "concurrent", &["up"]);
    assert!(
        stdout.contains("Finished 002_index_t_concurrently, interrupted at step 1 of 1: dropped the invalid index public.t_email_idx it left, ran that step again and the rest."),
        "{stdout}"
    );
    assert!(stdout.contains("Applied batch 1"), "{stdout}");
    assert_eq!(
        scalar_bool(
            &db,
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_email_idx'::regclass"
        )
        .await,
        Some(true)
    );
    let rows: Vec<(i64, i32, bool)> = client
        .query(
            "SELECT id, batch, interrupted IS NULL FROM migrations ORDER BY id",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect();
    assert_eq!(rows, [(1, 1, true), (2, 1, true), (3, 1, true)]);
    assert_eq!(db.count("t").await, 1000);
    let stdout = cli::ok(&db, "concurrent", &["status"]);
    assert!(
        stdout.contains("Total: 3 | Executed: 3 | Pending: 0"),
        "{stdout}"
    );
    assert_eq!(
        db.fingerprint().await,
        data,
        "the application's data is untouched"
    );
}
