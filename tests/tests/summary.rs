//! The summary beside the tracking table (row count, interrupted count, digest of every
//! `id:checksum`), kept by triggers: true after every kind of write, by us or by hand,
//! and enough for a no-op `up`, which then reads no row of the tracking table.

use std::time::Duration;
use tests::{TestDb, cli};

#[tokio::test(flavor = "multi_thread")]
async fn the_summary_follows_every_write_to_the_tracking_table() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    let (kept, counted) = db.summary().await;
    assert_eq!(kept, counted);
    assert!(kept.starts_with("(3,"), "{kept}");
    let client = db.client().await;

    // A checksum edited by hand: the summary changes with it, and `up` sees the change
    // (the summary no longer matches the source, so `up` reads the rows and names it).
    let original: String = client
        .query_one("SELECT checksum FROM migrations WHERE id = 2", &[])
        .await
        .unwrap()
        .get(0);
    client
        .batch_execute("UPDATE migrations SET checksum = 'edited by hand' WHERE id = 2")
        .await
        .unwrap();
    let (edited, counted) = db.summary().await;
    assert_eq!(edited, counted);
    assert_ne!(edited, kept);
    let stderr = cli::fails(&db, "three", &["up"]);
    assert!(stderr.contains("002_create_b was changed"), "{stderr}");
    client
        .execute(
            "UPDATE migrations SET checksum = $1 WHERE id = 2",
            &[&original],
        )
        .await
        .unwrap();
    assert_eq!(db.summary().await, (kept.clone(), kept.clone()));
    assert!(cli::ok(&db, "three", &["up"]).contains("Nothing to apply"));

    // A row deleted with triggers off for replication: the summary's triggers fire
    // anyway, so `up` still finds the migration pending (and here refuses to re-run it
    // below the newest applied one).
    client
        .batch_execute(
            "BEGIN; SET LOCAL session_replication_role = replica;
             DELETE FROM migrations WHERE id = 1; COMMIT",
        )
        .await
        .unwrap();
    let (deleted, counted) = db.summary().await;
    assert_eq!(deleted, counted);
    assert!(deleted.starts_with("(2,"), "{deleted}");
    let stderr = cli::fails(&db, "three", &["up"]);
    assert!(stderr.contains("001_create_a is pending"), "{stderr}");

    // Marked interrupted by hand: counted, and `up` does not take the short way.
    client
        .batch_execute(
            r#"UPDATE migrations SET interrupted = '{"direction": "up", "next_step": 0}' WHERE id = 3"#,
        )
        .await
        .unwrap();
    let (interrupted, counted) = db.summary().await;
    assert_eq!(interrupted, counted);
    assert!(interrupted.ends_with(",1)"), "{interrupted}");

    // A trigger disabled by hand leaves the summary behind the rows; the next command
    // that writes sees it, installs the triggers again and counts afresh.
    client
        .batch_execute(
            "ALTER TABLE migrations DISABLE TRIGGER migrator_summary_update;
             UPDATE migrations SET interrupted = NULL",
        )
        .await
        .unwrap();
    let (stale, counted) = db.summary().await;
    assert_ne!(stale, counted);
    cli::fails(&db, "three", &["up"]);
    let (kept, counted) = db.summary().await;
    assert_eq!(kept, counted);
    assert!(kept.ends_with(",0)"), "{kept}");
    let enabled: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_trigger
             WHERE tgrelid = 'migrations'::regclass AND tgenabled = 'A'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(enabled, 4);

    // Emptied: all zero.
    client.batch_execute("TRUNCATE migrations").await.unwrap();
    assert_eq!(
        db.summary().await,
        ("(0,0,0)".to_owned(), "(0,0,0)".to_owned())
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_no_op_up_reads_no_row_of_the_tracking_table() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    // Another session holds the tracking table so that nobody can read its rows.
    let holder = db.client().await;
    holder
        .batch_execute("BEGIN; LOCK TABLE migrations IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let reader = db.client().await;
    let blocked = reader
        .batch_execute("SET lock_timeout = '100ms'; SELECT count(*) FROM migrations")
        .await
        .expect_err("the rows are locked");
    assert_eq!(
        blocked.code(),
        Some(&tokio_postgres::error::SqlState::LOCK_NOT_AVAILABLE)
    );
    // The no-op `up` finishes regardless: it reads the summary only. (Reading the rows
    // would wait for the lock until the deadline.)
    let mut command = cli::command(&db, "three");
    let up = tokio::task::spawn_blocking(move || command.arg("up").output().unwrap());
    let output = tokio::time::timeout(Duration::from_secs(60), up)
        .await
        .expect("a no-op up finishes while the tracking table is locked")
        .unwrap();
    let stdout = cli::succeeded(output, &["up"]);
    assert!(stdout.contains("Nothing to apply"), "{stdout}");
    holder.batch_execute("ROLLBACK").await.unwrap();
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1)]);

    // With a migration pending the summary does not match, and `up` reads the rows.
    let stdout = cli::ok(&db, "four", &["up"]);
    assert!(stdout.contains("004_create_d"), "{stdout}");
    let (kept, counted) = db.summary().await;
    assert_eq!(kept, counted);
    assert!(kept.starts_with("(4,"), "{kept}");

    // `reset` drops the summary and its function with the tracking table.
    cli::ok(&db, "four", &["reset", "--yes"]);
    let left: i64 = db
        .client()
        .await
        .query_one(
            "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace)
                  + (SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace)",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0, "nothing of ours is left in public");
}

#[tokio::test(flavor = "multi_thread")]
async fn status_lists_the_newest_applied_when_the_rest_match_the_summary() {
    let db = TestDb::new().await;
    cli::ok(&db, "generated:30", &["up"]);
    let applied_lines = |stdout: &str| stdout.lines().filter(|l| l.starts_with("  ✓")).count();

    // The 20 older ones are counted, not listed (nor read).
    let stdout = cli::ok(&db, "generated:30", &["status"]);
    assert!(
        stdout.contains("… 20 earlier migrations applied, unchanged (`status --all` lists them)"),
        "{stdout}"
    );
    assert_eq!(applied_lines(&stdout), 10, "{stdout}");
    assert!(stdout.contains("✓ 021_"), "{stdout}");
    assert!(
        stdout.contains("Total: 30 | Executed: 30 | Pending: 0"),
        "{stdout}"
    );

    // Newer migrations pending: listed after the newest applied ones.
    let stdout = cli::ok(&db, "generated:33", &["status"]);
    assert_eq!(applied_lines(&stdout), 10, "{stdout}");
    assert_eq!(stdout.matches("  pending").count(), 3, "{stdout}");
    assert!(
        stdout.contains("Total: 33 | Executed: 30 | Pending: 3"),
        "{stdout}"
    );

    // --all lists them all.
    let stdout = cli::ok(&db, "generated:30", &["status", "--all"]);
    assert_eq!(applied_lines(&stdout), 30, "{stdout}");
    assert!(!stdout.contains("earlier migrations"), "{stdout}");

    // An old migration edited by hand is never hidden among the earlier ones: the
    // summary no longer matches, and every migration is listed.
    db.client()
        .await
        .batch_execute("UPDATE migrations SET checksum = 'edited' WHERE id = 2")
        .await
        .unwrap();
    let stdout = cli::ok(&db, "generated:30", &["status"]);
    assert!(!stdout.contains("earlier migrations"), "{stdout}");
    assert_eq!(applied_lines(&stdout), 29, "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|line| line.contains("002_") && line.contains("changed since applied")),
        "{stdout}"
    );
    assert!(
        stdout.contains("Total: 30 | Executed: 30 | Pending: 0"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_older_table_gets_its_summary_in_its_own_schema_whatever_the_search_path() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    // A table of the layout before the summary, in `public`; since then a schema that
    // comes first on the runner's `search_path` has appeared, holding an application's
    // table of the summary's name.
    db.client()
        .await
        .batch_execute(
            "DROP TABLE migrations_summary; DROP FUNCTION migrations_summarize() CASCADE;
             CREATE SCHEMA first;
             CREATE TABLE first.migrations_summary (note text);
             INSERT INTO first.migrations_summary VALUES ('the application''s')",
        )
        .await
        .unwrap();
    // `up` with `first` ahead of `public` on the runner's `search_path`.
    let up_through_first = || {
        let output = cli::bare("four")
            .arg("--database-url")
            .arg(format!(
                "{} options='-c search_path=first,public'",
                db.url()
            ))
            .arg("up")
            .output()
            .unwrap();
        cli::succeeded(output, &["up"])
    };
    let stdout = up_through_first();
    assert!(stdout.contains("004_create_d"), "{stdout}");
    // The summary and its function are beside the table, and true; nothing of ours went
    // to `first` (where the migration's own table went, by the `search_path`), and the
    // application's table there is as it was.
    let (kept, counted) = db.summary().await;
    assert_eq!(kept, counted);
    assert!(kept.starts_with("(4,"), "{kept}");
    let first: String = db
        .client()
        .await
        .query_one(
            "SELECT (SELECT string_agg(note, ',') FROM first.migrations_summary)
                    || (to_regprocedure('first.migrations_summarize()') IS NULL)::text",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(first, "the application'strue");
    // A no-op `up` through that `search_path` reads the summary beside the table, not
    // the application's table.
    let stdout = up_through_first();
    assert!(stdout.contains("Nothing to apply"), "{stdout}");
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1), (4, 2)]);
}

/// `(earlier, labels listed, last)` of the library's `status_counted` (`newest` None)
/// or `status_newest`.
async fn light(
    db: &TestDb,
    count: u32,
    newest: Option<usize>,
) -> (usize, Vec<String>, Option<String>) {
    let mut migrator = pgbatch::Migrator::connect(db.options(), pgbatch::Options::default())
        .await
        .unwrap();
    let migrations = tests::fixtures::generated(count);
    let status = match newest {
        None => migrator.status_counted(migrations).await,
        Some(newest) => migrator.status_newest(migrations, newest).await,
    }
    .unwrap();
    migrator.close().await;
    let labels = status.migrations.iter().map(|line| line.label()).collect();
    (status.earlier, labels, status.last)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_newest_applied_migration_is_found_by_batch_even_among_the_earlier_ones() {
    let db = TestDb::new().await;
    cli::ok(&db, "generated:8", &["up"]);
    // Nothing listed but the pending ones: every applied one is counted.
    assert_eq!(
        light(&db, 9, None).await,
        (
            8,
            vec!["009_create_gen_00009".to_owned()],
            Some("008_create_gen_00008".to_owned())
        )
    );
    // Migration 3 reverted by hand, then applied again out of order in a batch of its
    // own: it is the newest applied one, though five rows have a greater id.
    db.client()
        .await
        .batch_execute("DELETE FROM migrations WHERE id = 3; DROP TABLE gen_00003")
        .await
        .unwrap();
    cli::ok(&db, "generated:8", &["up", "--allow-out-of-order"]);
    assert_eq!(db.batches().await[2], (3, 2));
    let (_, counted) = db.summary().await;
    assert!(counted.starts_with("(8,"), "{counted}");
    let (earlier, labels, last) = light(&db, 8, None).await;
    assert_eq!((earlier, labels.len()), (8, 0));
    assert_eq!(last.as_deref(), Some("003_create_gen_00003"));
    // `status_newest` lists the newest two and does not read the last one, which its
    // rows could not tell.
    let (earlier, labels, last) = light(&db, 8, Some(2)).await;
    assert_eq!(labels, ["007_create_gen_00007", "008_create_gen_00008"]);
    assert_eq!((earlier, last), (6, None));
    // A full read finds it among its rows.
    let mut migrator = pgbatch::Migrator::connect(db.options(), pgbatch::Options::default())
        .await
        .unwrap();
    let status = migrator
        .status(tests::fixtures::generated(8))
        .await
        .unwrap();
    migrator.close().await;
    assert_eq!(
        (
            status.earlier,
            status.migrations.len(),
            status.last.as_deref()
        ),
        (0, 8, Some("003_create_gen_00003"))
    );
    // Nothing applied: no last one, and every migration listed as pending.
    let empty = TestDb::new().await;
    let (earlier, labels, last) = light(&empty, 2, None).await;
    assert_eq!((earlier, labels.len(), last), (0, 2, None));
}
