//! Batches larger than the server's lock table, on a throwaway cluster with the
//! smallest one PostgreSQL allows (`max_locks_per_transaction = 10`): a batch whose
//! transaction fills it is committed in parts under its one batch number, and reverted
//! the same way; a migration that alone fills it is refused with the setting named, and
//! nothing of it is applied.

use std::sync::OnceLock;
use tests::cluster::{Auth, Cluster};
use tests::{TestDb, cli};

fn small_lock_table() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        Cluster::start_with(
            Auth::Trust,
            &["max_locks_per_transaction=10", "max_connections=20"],
        )
    })
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    db.client().await.query_one(sql, &[]).await.unwrap().get(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_that_fills_the_lock_table_commits_in_parts_under_one_batch() {
    let db = TestDb::on(&small_lock_table().connect_options()).await;
    let set = "generated:300";
    // The same tables in one transaction do not fit: the server refuses them.
    let client = db.client().await;
    client.batch_execute("BEGIN").await.unwrap();
    let whole = client
        .batch_execute(
            "DO $$ BEGIN FOR i IN 1..300 LOOP
                 EXECUTE format('CREATE TABLE probe_%s (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                     status text)', i);
                 EXECUTE format('CREATE INDEX ON probe_%s (status)', i);
             END LOOP; END $$",
        )
        .await
        .unwrap_err();
    assert_eq!(
        whole.code(),
        Some(&tokio_postgres::error::SqlState::OUT_OF_MEMORY),
        "{whole}"
    );
    client.batch_execute("ROLLBACK").await.unwrap();

    let output = cli::run(&db, set, &["up", "--verbose"]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    cli::succeeded(output, &["up", "--verbose"]);
    assert!(stderr.contains("lock table filled"), "{stderr}");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'gen\\_%'"
        )
        .await,
        300
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM migrations WHERE batch = 1 AND interrupted IS NULL"
        )
        .await,
        300
    );

    // The revert of the batch needs as many locks, and is split the same way.
    cli::ok(&db, set, &["down"]);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'gen\\_%'"
        )
        .await,
        0
    );
    assert_eq!(count(&db, "SELECT count(*) FROM migrations").await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_migration_that_alone_fills_the_lock_table_is_refused_and_leaves_nothing() {
    let db = TestDb::on(&small_lock_table().connect_options()).await;
    let error = cli::fails(&db, "lock_hungry", &["up"]);
    assert!(error.contains("max_locks_per_transaction = 10"), "{error}");
    assert!(error.contains("nothing of it was applied"), "{error}");
    assert!(!error.contains("panicked"), "{error}");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'hungry\\_%'"
        )
        .await,
        0
    );
    // The first migration committed in a part of its own, then was undone with its
    // down: nothing of the batch stays.
    assert!(
        error.contains("001_create_a had committed and was reverted"),
        "{error}"
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM pg_tables WHERE tablename = 'a'").await,
        0
    );
    assert_eq!(count(&db, "SELECT count(*) FROM migrations").await, 0);
}
