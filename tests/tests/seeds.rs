//! `seed --env NAME`: an environment's seed files, in order, each in its own
//! transaction, only on an up-to-date schema.

use std::path::Path;
use tests::{TestDb, cli};

/// A seed directory: `files` are `(env/NNN_name.sql, sql)`.
fn seeds(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, sql) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, sql).unwrap();
    }
    dir
}

fn seed(db: &TestDb, dir: &Path, env: &str) -> std::process::Output {
    cli::run(
        db,
        "three",
        &["seed", "--env", env, "--dir", dir.to_str().unwrap()],
    )
}

async fn ids(db: &TestDb, table: &str) -> Vec<i32> {
    db.client()
        .await
        .query(&format!("SELECT id FROM {table} ORDER BY id"), &[])
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

#[tokio::test]
async fn each_environment_runs_its_own_files_in_order() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    let dir = seeds(&[
        // 002 needs 001's rows (a foreign key), so order matters.
        (
            "dev/002_b.sql",
            "INSERT INTO b VALUES (10, 1), (20, 2) ON CONFLICT DO NOTHING;",
        ),
        (
            "dev/001_a.sql",
            "INSERT INTO a VALUES (1), (2) ON CONFLICT DO NOTHING;",
        ),
        ("test/001_a.sql", "INSERT INTO a VALUES (100);"),
        ("dev/README.md", "not a seed"),
    ]);
    let output = seed(&db, dir.path(), "dev");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let first = stdout.find("✓ 001_a.sql").expect(&stdout);
    let second = stdout.find("✓ 002_b.sql").expect(&stdout);
    assert!(first < second, "{stdout}");
    assert!(stdout.contains("2 seed files run in"), "{stdout}");
    assert_eq!(ids(&db, "a").await, [1, 2]);
    assert_eq!(ids(&db, "b").await, [10, 20]);

    // Seeds are not recorded: they run again, and re-runnable ones change nothing.
    let output = seed(&db, dir.path(), "dev");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(ids(&db, "a").await, [1, 2]);

    // MIGRATOR_ENV picks the environment too.
    let output = cli::command(&db, "three")
        .env("MIGRATOR_ENV", "test")
        .args(["seed", "--dir", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(ids(&db, "a").await, [1, 2, 100]);
    assert_eq!(db.tracking().await.len(), 3, "seeding records nothing");
}

#[tokio::test]
async fn a_failing_file_is_rolled_back_and_the_rest_do_not_run() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    let dir = seeds(&[
        ("dev/001_a.sql", "INSERT INTO a VALUES (1);"),
        (
            "dev/002_c.sql",
            "INSERT INTO c VALUES (5);\nINSERT INTO c VALUES ('x');",
        ),
        ("dev/003_a.sql", "INSERT INTO a VALUES (3);"),
    ]);
    let stderr = cli::failed(seed(&db, dir.path(), "dev"), &["seed"]);
    assert!(
        stderr.contains("seed 002_c.sql failed and was rolled back: invalid input syntax"),
        "{stderr}"
    );
    assert!(
        stderr.contains("at line 2, column 23: INSERT INTO c VALUES ('x');"),
        "{stderr}"
    );
    assert!(
        stderr.contains("committed before it: 001_a.sql"),
        "{stderr}"
    );
    assert!(stderr.contains("not run: 003_a.sql"), "{stderr}");
    assert_eq!(ids(&db, "a").await, [1], "001 stays, 003 never ran");
    assert_eq!(ids(&db, "c").await, [1, 2], "002 was rolled back whole");
}

#[tokio::test]
async fn seeding_needs_an_up_to_date_schema_an_environment_and_good_names() {
    let db = TestDb::new().await;
    let dir = seeds(&[("dev/001_a.sql", "INSERT INTO a VALUES (1);")]);
    cli::ok(&db, "three", &["up", "--to", "1"]);
    let stderr = cli::failed(seed(&db, dir.path(), "dev"), &["seed"]);
    assert!(
        stderr.contains("is not up to date (2 pending)") && stderr.contains("run `up` first"),
        "{stderr}"
    );
    assert_eq!(ids(&db, "a").await, Vec::<i32>::new());

    cli::ok(&db, "three", &["up"]);
    let stderr = cli::fails(
        &db,
        "three",
        &["seed", "--dir", dir.path().to_str().unwrap()],
    );
    assert!(stderr.contains("seed needs an environment"), "{stderr}");
    let stderr = cli::failed(seed(&db, dir.path(), "staging"), &["seed"]);
    assert!(
        stderr.contains("cannot read the seed directory"),
        "{stderr}"
    );

    let bad = seeds(&[
        ("dev/1_a.sql", "SELECT 1;"),
        ("dev/002_a.sql", "SELECT 1;"),
        ("dev/002_b.sql", "SELECT 1;"),
    ]);
    let stderr = cli::failed(seed(&db, bad.path(), "dev"), &["seed"]);
    assert!(
        stderr.contains("malformed seed file name `1_a.sql`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("duplicate seed number 002: `002_a.sql` and `002_b.sql`"),
        "{stderr}"
    );
    assert_eq!(ids(&db, "a").await, Vec::<i32>::new());
}

#[tokio::test]
async fn the_example_seeds_fill_the_example_schema() {
    let db = TestDb::new().await;
    cli::ok(&db, "db", &["up"]);
    for _ in 0..2 {
        let stdout = cli::ok(&db, "db", &["--env", "dev", "seed"]);
        assert!(stdout.contains("✓ 002_posts.sql"), "{stdout}");
    }
    assert_eq!((db.count("users").await, db.count("posts").await), (2, 4));
    let stdout = cli::ok(&db, "db", &["--env", "production", "seed"]);
    assert!(stdout.contains("Nothing to seed"), "{stdout}");
}
