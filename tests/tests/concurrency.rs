//! One runner at a time: concurrent runners take turns, a waiting runner gives up
//! naming the holder, and a killed runner leaves nothing of its batch behind.

use std::process::Stdio;
use std::time::{Duration, Instant};
use tests::{TestDb, cli};

#[tokio::test(flavor = "multi_thread")]
async fn eight_runners_at_once_apply_each_migration_exactly_once() {
    let db = TestDb::new().await;
    let outputs = cli::all_at_once(&db, "db", &["up"], 8);
    let applied = outputs
        .iter()
        .filter(|out| out.contains("Applied batch 1"))
        .count();
    let nothing = outputs
        .iter()
        .filter(|out| out.contains("Nothing to apply"))
        .count();
    assert_eq!((applied, nothing), (1, 7));
    let tracking = db.tracking().await;
    let expected: Vec<(i64, String, i32)> = db::MIGRATIONS
        .iter()
        .map(|m| (i64::from(m.id), m.name.to_owned(), 1))
        .collect();
    assert_eq!(tracking, expected);
    assert_eq!(
        db.tables().await,
        ["migrations", "posts", "user_sessions", "users"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn eight_runners_on_a_batch_with_a_concurrent_index_do_not_deadlock() {
    // The waiters poll the advisory lock in autocommit and hold no snapshot between
    // attempts, so the holder's CREATE INDEX CONCURRENTLY never waits on them.
    let db = TestDb::new().await;
    let data = db.load_big().await;
    let started = Instant::now();
    let outputs = cli::all_at_once(&db, "concurrent", &["up"], 8);
    let applied = outputs
        .iter()
        .filter(|out| out.contains("Applied batch 1"))
        .count();
    assert_eq!(applied, 1);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1)]);
    let valid: bool = db
        .client()
        .await
        .query_one(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_email_idx'::regclass",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(valid);
    assert_eq!(
        db.fingerprint().await,
        data,
        "the application's data is untouched"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_terminated_connection_is_a_clean_error_and_leaves_nothing() {
    let db = TestDb::new().await;
    let data = db.load_big().await;
    let child = cli::command(&db, "slow")
        .arg("up")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    db.wait_until(
        "SELECT count(pg_terminate_backend(pid)) = 1 FROM pg_stat_activity
         WHERE datname = current_database() AND query = 'SELECT pg_sleep(120)'",
        Duration::from_secs(30),
        "the runner never reached migration 2",
    )
    .await;
    let output = child.wait_with_output().unwrap();
    let stderr = cli::failed(output, &["up"]);
    assert!(
        stderr.contains("migration 002_wait failed (up, step 1 of 1): terminating connection due to administrator command (SQLSTATE 57P01)"),
        "{stderr}"
    );
    // The step failed, so its transaction did not commit; the tracking table could not
    // be read back to confirm it, and the message says what to do.
    assert!(
        stderr.contains("batch 1 was rolled back; none of its 2 migrations was applied; the tracking table could not be read back after the failure: `status` shows where each migration stands, and `up` finishes a part-way migration"),
        "{stderr}"
    );
    assert_eq!(
        stderr
            .lines()
            .filter(|line| line.starts_with("error:"))
            .count(),
        1,
        "{stderr}"
    );
    assert_eq!(db.tables().await, Vec::<String>::new());
    assert_eq!(db.tracking().await, []);
    assert_eq!(
        db.fingerprint().await,
        data,
        "the application's data is untouched"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_runner_gives_up_waiting_for_the_lock_naming_its_holder() {
    let db = TestDb::new().await;
    let (blocker, pid) = db.hold_migration_lock().await;

    let started = Instant::now();
    let stderr = cli::fails(&db, "three", &["--lock-wait", "1", "up"]);
    let waited = started.elapsed();
    assert!(
        stderr.contains(&format!(
            "another migrator holds the migration lock (pid {pid}, application `blocker`"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    assert!(waited < Duration::from_secs(10), "{waited:?}");
    assert_eq!(db.tables().await, Vec::<String>::new());

    // Once the holder lets go, the next runner goes ahead.
    blocker
        .execute("SELECT pg_advisory_unlock_all()", &[])
        .await
        .unwrap();
    cli::ok(&db, "three", &["up"]);
    assert_eq!(db.tracking().await.len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_runner_killed_mid_batch_leaves_nothing_and_releases_the_lock() {
    let db = TestDb::new().await;
    let data = db.load_big().await;
    let client = db.client().await;
    let mut child = cli::command(&db, "slow")
        .arg("up")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    // Wait until the runner is inside migration 2, after migration 1 ran in the batch.
    db.wait_until(
        // The runner names itself in pg_stat_activity.
        "SELECT count(*) = 1 FROM pg_stat_activity
         WHERE datname = current_database() AND state = 'active'
           AND query = 'SELECT pg_sleep(120)' AND application_name = 'migrator'",
        Duration::from_secs(30),
        "the runner never reached migration 2",
    )
    .await;
    child.kill().unwrap(); // SIGKILL: no cleanup code runs.
    child.wait().unwrap();

    // The server notices the dead client (client_connection_check_interval) and ends
    // its backend, which rolls the batch back and drops the lock.
    db.wait_until(
        "SELECT count(*) = 0 FROM pg_stat_activity
         WHERE datname = current_database() AND query = 'SELECT pg_sleep(120)'",
        Duration::from_secs(15),
        "the killed runner's backend is still there",
    )
    .await;
    assert_eq!(db.tables().await, Vec::<String>::new());
    assert_eq!(db.tracking().await, []);
    let locks: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(locks, 0);

    // The next runner starts from a clean slate without waiting.
    cli::ok(&db, "three", &["--lock-wait", "0", "up"]);
    assert_eq!(db.tables().await, ["a", "b", "c", "migrations"]);
    assert_eq!(
        db.fingerprint().await,
        data,
        "the application's data is untouched"
    );
}
