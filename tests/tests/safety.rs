//! Production safety: a migration queued behind a long transaction gives up after its
//! lock_timeout and retries, instead of blocking every other query of the table, and
//! the application's data is untouched whatever happens.

use std::time::{Duration, Instant};
use tests::{TestDb, cli};

/// Holds an ACCESS SHARE lock on `big` (an open transaction that read it) for `hold`.
async fn block(db: &TestDb, hold: Duration) -> tokio::task::JoinHandle<()> {
    let client = db.client().await;
    client
        .batch_execute("BEGIN; SELECT count(*) FROM big")
        .await
        .unwrap();
    tokio::spawn(async move {
        tokio::time::sleep(hold).await;
        client.batch_execute("COMMIT").await.unwrap();
    })
}

/// Reads one row of `big` every 20 ms until `until`; returns the slowest read.
async fn read_until(db: &tests::TestDbRef, until: Instant) -> Duration {
    let client = db.client().await;
    let mut slowest = Duration::ZERO;
    while Instant::now() < until {
        let started = Instant::now();
        client
            .query_one("SELECT payload FROM big WHERE id = 4242", &[])
            .await
            .unwrap();
        slowest = slowest.max(started.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    slowest
}

fn has_note_column() -> &'static str {
    "SELECT count(*) FROM information_schema.columns WHERE table_name = 'big' AND column_name = 'note'"
}

#[tokio::test(flavor = "multi_thread")]
async fn a_blocked_migration_retries_without_blocking_readers() {
    let db = TestDb::new().await;
    let before = db.load_big().await;
    let blocker = block(&db, Duration::from_millis(2500)).await;
    let started = Instant::now();
    let reader = {
        let db_reader = TestDb::reader(&db);
        tokio::spawn(async move { read_until(&db_reader, started + Duration::from_secs(4)).await })
    };
    let output = tokio::task::spawn_blocking({
        let command = cli::command(&db, "note_big")
            .args(["--lock-timeout", "500ms", "--lock-retries", "6", "up"])
            .output();
        move || command
    })
    .await
    .unwrap()
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // One retry or more: each pause lasts at least four times the attempt (2 s).
    assert!(
        stdout.contains("retry on lock_timeout") || stdout.contains("retries on lock_timeout"),
        "{stdout}"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(2400),
        "it waited for the blocker"
    );
    blocker.await.unwrap();
    let slowest = reader.await.unwrap();
    // Each attempt queues for at most lock_timeout (500 ms), so no read waits much longer.
    assert!(
        slowest < Duration::from_millis(1000),
        "a read waited {slowest:?}"
    );
    let client = db.client().await;
    let columns: i64 = client
        .query_one(has_note_column(), &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(columns, 1);
    assert_eq!(db.tracking().await.len(), 1);
    assert_eq!(db.fingerprint().await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_migration_blocked_for_good_fails_cleanly_and_changes_nothing() {
    let db = TestDb::new().await;
    let before = db.load_big().await;
    let blocker = block(&db, Duration::from_secs(6)).await;
    let stderr = cli::fails(
        &db,
        "note_big",
        &["--lock-timeout", "200ms", "--lock-retries", "2", "up"],
    );
    assert!(
        stderr.contains("migration 001_note_big failed (up, step 1 of 1): canceling statement due to lock timeout (SQLSTATE 55P03)"),
        "{stderr}"
    );
    assert!(stderr.contains("gave up after 3 attempts"), "{stderr}");
    assert!(
        stderr.contains("batch 1 was rolled back; its migration was not applied"),
        "{stderr}"
    );
    blocker.abort();
    let client = db.client().await;
    let columns: i64 = client
        .query_one(has_note_column(), &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(columns, 0);
    assert_eq!(db.tracking().await, []);
    assert_eq!(db.fingerprint().await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_migration_can_set_its_own_lock_timeout() {
    let db = TestDb::new().await;
    cli::ok(&db, "lock_settings", &["--lock-timeout", "3s", "up"]);
    let rows: Vec<(i32, String)> = db
        .client()
        .await
        .query("SELECT id, value FROM seen ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    assert_eq!(rows, [(1, "42s".to_owned()), (2, "3s".to_owned())]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_statement_timeout_stops_a_runaway_statement_and_applies_nothing() {
    let db = TestDb::new().await;
    let started = Instant::now();
    let stderr = cli::fails(&db, "slow", &["--statement-timeout", "300ms", "up"]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert!(
        stderr.contains("migration 002_wait failed (up, step 1 of 1): canceling statement due to statement timeout (SQLSTATE 57014)"),
        "{stderr}"
    );
    assert_eq!(db.tables().await, Vec::<String>::new());
    assert_eq!(db.tracking().await, []);
}
