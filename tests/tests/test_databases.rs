//! `pgbatch::testing::TestDatabase`: a database per test, migrated to the latest or a
//! given migration, seeded, one migration applied at a time for data migrations, and
//! dropped afterwards — also when the test panics, and with many at once.

use pgbatch::testing::{TestDatabase, read_seeds};
use pgbatch::{Error, Migration, Seed, UpTo};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tests::fixtures::{self, PEOPLE_NAMES};
use tests::{connect, server};

fn set(name: &str) -> &'static [Migration] {
    fixtures::by_name(name).unwrap()
}

/// A test database on the harness's server.
async fn create(migrations: &[Migration], to: UpTo, seeds: &[Seed]) -> TestDatabase {
    TestDatabase::builder()
        .with_server(server().clone())
        .migrations(migrations)
        .to(to)
        .seeds(seeds)
        .create()
        .await
        .unwrap()
}

/// The tracking table's `(id, name, batch)` rows, by id.
async fn tracking(db: &TestDatabase) -> Vec<(i64, String, i32)> {
    db.client()
        .await
        .unwrap()
        .query("SELECT id, name, batch FROM migrations ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect()
}

/// The tables of `public` other than the tracking table, sorted.
async fn tables(db: &TestDatabase) -> Vec<String> {
    db.client()
        .await
        .unwrap()
        .query(
            "SELECT tablename::text FROM pg_tables
             WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'migrations_summary')
             ORDER BY 1",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

/// The names of the server's databases that start with `prefix`.
async fn databases_starting_with(prefix: &str) -> Vec<String> {
    connect(server())
        .await
        .query(
            "SELECT datname::text FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1",
            &[&prefix],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

/// Waits until none of `names` is in `pg_database`; fails the test after 20 s.
async fn wait_until_dropped(names: &[String]) {
    let client = connect(server()).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let left: Vec<String> = client
            .query(
                "SELECT datname::text FROM pg_database WHERE datname = ANY($1) ORDER BY 1",
                &[&names],
            )
            .await
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
        if left.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "test databases still exist: {left:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn seed(name: &str, sql: &str) -> Seed {
    Seed {
        name: name.to_owned(),
        sql: sql.to_owned(),
    }
}

#[tokio::test]
async fn a_database_migrated_to_the_latest_has_every_tracking_row_and_table() {
    let db = create(set("three"), UpTo::All, &[]).await;
    assert!(db.name().starts_with("pgbatch_test_"), "{}", db.name());
    assert_eq!(
        tracking(&db).await,
        [
            (1, "create_a".to_owned(), 1),
            (2, "create_b".to_owned(), 1),
            (3, "create_c".to_owned(), 1),
        ]
    );
    assert_eq!(tables(&db).await, ["a", "b", "c"]);
    // The migrations' own data is there too.
    let rows = db.client().await.unwrap();
    let c: i64 = rows
        .query_one("SELECT count(*) FROM c", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(c, 2);
    let name = db.name().to_owned();
    db.drop_database().await.unwrap();
    assert!(
        !tests::database_exists(&name).await,
        "{name} was not dropped"
    );
}

#[tokio::test]
async fn a_database_migrated_to_a_given_migration_has_only_those() {
    let db = create(set("four"), UpTo::Through(2), &[]).await;
    assert_eq!(
        tracking(&db).await,
        [(1, "create_a".to_owned(), 1), (2, "create_b".to_owned(), 1)]
    );
    assert_eq!(tables(&db).await, ["a", "b"]);
    let status = db
        .migrator()
        .await
        .unwrap()
        .status(db.migrations())
        .await
        .unwrap();
    assert_eq!(status.pending(), 2);
}

#[tokio::test]
async fn seeds_read_from_a_folder_run_in_order_on_a_database_migrated_part_way() {
    let dir = tempfile::tempdir().unwrap();
    // `002` refers to the row `001` inserts: run out of order, it would fail.
    std::fs::write(dir.path().join("002_b.sql"), "INSERT INTO b VALUES (10, 2)").unwrap();
    std::fs::write(
        dir.path().join("001_a.sql"),
        "INSERT INTO a VALUES (1), (2)",
    )
    .unwrap();
    std::fs::write(dir.path().join("README.md"), "not a seed").unwrap();
    let seeds = read_seeds(dir.path()).unwrap();
    let names: Vec<_> = seeds.iter().map(|seed| seed.name.as_str()).collect();
    assert_eq!(names, ["001_a.sql", "002_b.sql"]);

    let db = create(set("four"), UpTo::Through(2), &seeds).await;
    let client = db.client().await.unwrap();
    let a: Vec<i32> = client
        .query("SELECT id FROM a ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(a, [1, 2]);
    let b = client
        .query_one("SELECT id, a_id FROM b", &[])
        .await
        .unwrap();
    assert_eq!((b.get::<_, i32>(0), b.get::<_, i32>(1)), (10, 2));
    // Seeds are not migrations: the tracking table holds only the two applied.
    assert_eq!(tracking(&db).await.len(), 2);
}

#[tokio::test]
async fn a_failing_seed_reports_its_file_and_leaves_no_database_behind() {
    // Names are `<prefix>_<process id>_…`: this process's attempts only.
    let prefix = format!("testdb_failing_seed_{}_", std::process::id());
    let created = TestDatabase::builder()
        .with_server(server().clone())
        .prefix("testdb_failing_seed")
        .migrations(set("three"))
        .seeds(&[
            seed("001_a.sql", "INSERT INTO a VALUES (1)"),
            seed("002_nowhere.sql", "INSERT INTO nowhere VALUES (1)"),
        ])
        .create()
        .await;
    match created {
        Err(Error::Seed {
            file, committed, ..
        }) => {
            assert_eq!(file, "002_nowhere.sql");
            assert_eq!(committed, ["001_a.sql"]);
        }
        other => panic!("expected a seed error, got {other:?}"),
    }
    assert_eq!(databases_starting_with(&prefix).await, Vec::<String>::new());
}

#[tokio::test]
async fn apply_next_runs_exactly_the_next_migration_over_the_rows_a_test_inserted() {
    let db = create(PEOPLE_NAMES, UpTo::Through(1), &[]).await;
    let client = db.client().await.unwrap();
    client
        .batch_execute(
            "INSERT INTO people VALUES (1, 'Ada Lovelace'), (2, 'Plato'), (3, 'Ursula K. Le Guin')",
        )
        .await
        .unwrap();

    let report = db.apply_next().await.unwrap();
    let applied: Vec<_> = report.applied.iter().map(|run| run.label()).collect();
    assert_eq!(applied, ["002_split_people_names"]);
    assert_eq!(report.batch, Some(2));

    let people: Vec<(i32, String, Option<String>)> = client
        .query(
            "SELECT id, first_name, last_name FROM people ORDER BY id",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect();
    assert_eq!(
        people,
        [
            (1, "Ada".to_owned(), Some("Lovelace".to_owned())),
            (2, "Plato".to_owned(), None),
            (3, "Ursula".to_owned(), Some("K. Le Guin".to_owned())),
        ]
    );
    // Migration 3 is still pending: `full_name` is there, and untracked.
    assert_eq!(
        tracking(&db).await,
        [
            (1, "create_people".to_owned(), 1),
            (2, "split_people_names".to_owned(), 2),
        ]
    );
    let full_name: String = client
        .query_one("SELECT full_name FROM people WHERE id = 1", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(full_name, "Ada Lovelace");

    // The rest, then nothing: `migrate` to the end, and `apply_next` with none pending.
    let rest = db.migrate(UpTo::All).await.unwrap();
    assert_eq!(rest.applied.len(), 1);
    assert!(db.apply_next().await.unwrap().applied.is_empty());
    assert_eq!(tracking(&db).await.len(), 3);
}

#[tokio::test]
async fn a_test_that_panics_in_a_task_still_drops_its_database() {
    let (sender, receiver) = std::sync::mpsc::channel();
    let failing_test = tokio::spawn(async move {
        let db = create(set("three"), UpTo::All, &[]).await;
        assert!(tests::database_exists(db.name()).await);
        // A session still connected when the test fails does not keep the database.
        let client = db.client().await.unwrap();
        client
            .batch_execute("INSERT INTO a VALUES (1)")
            .await
            .unwrap();
        sender.send((db.name().to_owned(), client)).unwrap();
        panic!("the test under test fails");
    });
    let failure = failing_test.await.unwrap_err();
    assert!(failure.is_panic(), "{failure}");
    let (name, client) = receiver.recv().unwrap();
    wait_until_dropped(std::slice::from_ref(&name)).await;
    assert!(
        client.simple_query("SELECT 1").await.is_err(),
        "the session in {name} survived its database"
    );
}

#[tokio::test]
async fn a_test_that_panics_on_a_thread_outside_any_runtime_still_drops_its_database() {
    let (sender, receiver) = std::sync::mpsc::channel();
    let failing_test = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let db = runtime.block_on(create(set("three"), UpTo::All, &[]));
        drop(runtime);
        sender.send(db.name().to_owned()).unwrap();
        // The panic unwinds with no runtime left: `Drop` brings its own.
        panic!("the test under test fails");
    });
    assert!(failing_test.join().is_err());
    let name = receiver.recv().unwrap();
    wait_until_dropped(&[name]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_test_databases_at_once_are_distinct_isolated_and_all_dropped() {
    const COUNT: usize = 16;
    let written = Arc::new(tokio::sync::Barrier::new(COUNT));
    let mut tests = tokio::task::JoinSet::new();
    for index in 0..COUNT {
        let written = Arc::clone(&written);
        tests.spawn(async move {
            let db = create(set("three"), UpTo::All, &[]).await;
            let own = i32::try_from(index).unwrap();
            // One session per database while all sixteen are open, so the test stays
            // well under `max_connections` on a server other suites share.
            let client = db.client().await.unwrap();
            client
                .execute("INSERT INTO a VALUES ($1)", &[&own])
                .await
                .unwrap();
            // Every database is written before any is read back.
            written.wait().await;
            let ids: Vec<i32> = client
                .query("SELECT id FROM a ORDER BY id", &[])
                .await
                .unwrap()
                .iter()
                .map(|row| row.get(0))
                .collect();
            assert_eq!(ids, [own], "{} sees another test's rows", db.name());
            let tracked: i64 = client
                .query_one("SELECT count(*) FROM migrations", &[])
                .await
                .unwrap()
                .get(0);
            assert_eq!(tracked, 3, "{}", db.name());
            let name = db.name().to_owned();
            // Half are dropped explicitly, half by `Drop`.
            if index % 2 == 0 {
                db.drop_database().await.unwrap();
            } else {
                drop(db);
            }
            name
        });
    }
    let names = tokio::time::timeout(Duration::from_secs(180), async {
        let mut names = Vec::new();
        while let Some(finished) = tests.join_next().await {
            match finished {
                Ok(name) => names.push(name),
                // The others may wait at the barrier for this one: stop them (their
                // databases go with them) and report the first failure.
                Err(failure) => {
                    tests.abort_all();
                    panic!("one of the sixteen tests failed: {failure}");
                }
            }
        }
        names
    })
    .await
    .expect("the sixteen tests did not finish within 180 s");
    let distinct: HashSet<_> = names.iter().collect();
    assert_eq!(distinct.len(), COUNT, "{names:?}");
    wait_until_dropped(&names).await;
}
