//! `migrator.toml` environments, the precedence of flags, variables, file and defaults,
//! and the production guard, end to end through the CLI.

use std::path::Path;
use std::process::Command;
use tests::{TestDb, cli};

/// The CLI over `fixture`, run in `dir` (where it finds `migrator.toml`).
fn in_dir(dir: &Path, fixture: &str) -> Command {
    let mut command = cli::bare(fixture);
    command.current_dir(dir);
    command
}

fn ok(command: &mut Command, args: &[&str]) -> String {
    cli::succeeded(command.args(args).output().unwrap(), args)
}

fn fails(command: &mut Command, args: &[&str]) -> String {
    cli::failed(command.args(args).output().unwrap(), args)
}

fn settings_file(contents: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("migrator.toml"), contents).unwrap();
    dir
}

/// The `lock_timeout` the session of migration 2 of `lock_settings` ran under.
async fn seen_timeout(db: &TestDb) -> String {
    db.client()
        .await
        .query_one("SELECT value FROM seen WHERE id = 2", &[])
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn an_environment_takes_its_settings_from_the_file() {
    let (defaults_db, dev_db) = (TestDb::new().await, TestDb::new().await);
    let dir = settings_file(&format!(
        r#"
        [defaults]
        url = "{}"
        lock_timeout = "6s"

        [environments.dev]
        url = "{}"
        table = "dev_migrations"
        lock_timeout = "7s"
        "#,
        defaults_db.url(),
        dev_db.url()
    ));
    ok(
        &mut in_dir(dir.path(), "lock_settings"),
        &["--env", "dev", "up"],
    );
    assert_eq!(
        dev_db.tracking_in("dev_migrations").await.len(),
        2,
        "applied to the dev database, tracked in the dev table"
    );
    assert_eq!(seen_timeout(&dev_db).await, "7s");
    assert!(defaults_db.tables().await.is_empty());

    // MIGRATOR_ENV selects the environment as --env does.
    ok(
        in_dir(dir.path(), "lock_settings").env("MIGRATOR_ENV", "dev"),
        &["down"],
    );
    assert!(dev_db.tracking_in("dev_migrations").await.is_empty());
    assert!(!dev_db.tables().await.contains(&"seen".to_owned()));

    // Without an environment, [defaults] applies, from a subdirectory too.
    let sub = dir.path().join("some/where");
    std::fs::create_dir_all(&sub).unwrap();
    ok(&mut in_dir(&sub, "lock_settings"), &["up"]);
    assert_eq!(defaults_db.tracking().await.len(), 2);
    assert_eq!(seen_timeout(&defaults_db).await, "6s");
}

#[tokio::test]
async fn flags_beat_variables_beat_the_file_beats_defaults() {
    let db = TestDb::new().await;
    let dir = settings_file(&format!(
        "[defaults]\nurl = \"{}\"\ntable = \"file_table\"\nlock_timeout = \"7s\"\n",
        db.url()
    ));
    let with_vars = || {
        let mut command = in_dir(dir.path(), "lock_settings");
        command
            .env("MIGRATOR_TABLE", "var_table")
            .env("MIGRATOR_LOCK_TIMEOUT", "4s");
        command
    };
    // Flag over variable over file.
    ok(
        &mut with_vars(),
        &["--table", "flag_table", "--lock-timeout", "3s", "up"],
    );
    assert_eq!(db.tracking_in("flag_table").await.len(), 2);
    assert_eq!(seen_timeout(&db).await, "3s");
    ok(&mut with_vars(), &["--table", "flag_table", "down"]);
    assert!(db.tracking_in("flag_table").await.is_empty());

    // Variable over file.
    ok(&mut with_vars(), &["up"]);
    assert_eq!(db.tracking_in("var_table").await.len(), 2);
    assert_eq!(seen_timeout(&db).await, "4s");
    ok(&mut with_vars(), &["down"]);

    // File over default.
    ok(&mut in_dir(dir.path(), "lock_settings"), &["up"]);
    assert_eq!(db.tracking_in("file_table").await.len(), 2);
    assert_eq!(seen_timeout(&db).await, "7s");
    ok(&mut in_dir(dir.path(), "lock_settings"), &["down"]);

    // Defaults: no file here.
    ok(
        cli::command(&db, "lock_settings").current_dir(std::env::temp_dir()),
        &["up"],
    );
    assert_eq!(db.tracking().await.len(), 2);
    assert_eq!(seen_timeout(&db).await, "5s");

    // --verbose names each setting's origin.
    let output = with_vars()
        .args(["--table", "flag_table", "--verbose", "status"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("table: flag_table (from --table)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("lock_timeout: 4s (from MIGRATOR_LOCK_TIMEOUT)"),
        "{stderr}"
    );
    assert!(stderr.contains("migrator.toml [defaults])"), "{stderr}");
}

#[tokio::test]
async fn database_url_beats_the_file_and_the_flag_beats_both() {
    let (file_db, var_db, flag_db) = (
        TestDb::new().await,
        TestDb::new().await,
        TestDb::new().await,
    );
    let dir = settings_file(&format!("[defaults]\nurl = \"{}\"\n", file_db.url()));
    ok(
        in_dir(dir.path(), "three").env("DATABASE_URL", var_db.url()),
        &["up"],
    );
    assert_eq!(var_db.tracking().await.len(), 3);
    ok(
        in_dir(dir.path(), "three").env("DATABASE_URL", var_db.url()),
        &["--database-url", &flag_db.url(), "up"],
    );
    assert_eq!(flag_db.tracking().await.len(), 3);
    assert!(file_db.tables().await.is_empty());
    // An empty DATABASE_URL counts as unset: the file's URL applies.
    ok(in_dir(dir.path(), "three").env("DATABASE_URL", ""), &["up"]);
    assert_eq!(file_db.tracking().await.len(), 3);
}

#[tokio::test]
async fn a_url_can_take_its_secrets_from_the_environment() {
    let db = TestDb::new().await;
    let dir = settings_file(
        "[environments.staging]\nurl = \"${STAGING_URL}\"\n[environments.dev]\nurl = \"x\"\n",
    );
    let stderr = fails(
        &mut in_dir(dir.path(), "three"),
        &["--env", "staging", "up"],
    );
    assert!(
        stderr.contains("[environments.staging], `url`")
            && stderr.contains("the environment variable `STAGING_URL` is not set"),
        "{stderr}"
    );
    ok(
        in_dir(dir.path(), "three").env("STAGING_URL", db.url()),
        &["--env", "staging", "up"],
    );
    assert_eq!(db.tracking().await.len(), 3);

    let stderr = fails(
        &mut in_dir(dir.path(), "three"),
        &["--env", "stagin", "status"],
    );
    assert!(
        stderr.contains("no environment `stagin`") && stderr.contains("did you mean `staging`?"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_malformed_file_is_named_and_nothing_runs() {
    let db = TestDb::new().await;
    let dir = settings_file("[defaults]\nlock_timout = \"1s\"\n");
    let stderr = fails(cli::command(&db, "three").current_dir(dir.path()), &["up"]);
    assert!(
        stderr.contains("migrator.toml is not a valid settings file"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown field `lock_timout`"), "{stderr}");
    std::fs::write(
        dir.path().join("migrator.toml"),
        "[defaults]\nlock_timeout = \"soon\"\n",
    )
    .unwrap();
    let stderr = fails(cli::command(&db, "three").current_dir(dir.path()), &["up"]);
    assert!(
        stderr.contains("`lock_timeout`: `soon` is not a duration"),
        "{stderr}"
    );
    assert!(db.tables().await.is_empty());
}

#[tokio::test]
async fn production_refuses_to_revert_everything_without_force() {
    let db = TestDb::new().await;
    let dir = settings_file(&format!(
        "[environments.production]\nurl = \"{}\"\n[environments.staging]\nurl = \"{}\"\nprotected = true\n",
        db.url(),
        db.url()
    ));
    let prod = || in_dir(dir.path(), "three");
    ok(&mut prod(), &["--env", "production", "up", "--to", "1"]);
    ok(&mut prod(), &["--env", "production", "up"]);
    assert_eq!(db.tracking().await.len(), 3);
    // Protected: each batch was backed up first, beside migrator.toml.
    assert_eq!(
        std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .count(),
        2
    );

    for args in [
        &["--env", "production", "down", "--all"][..],
        &["--env", "production", "down", "--to", "0"],
        // Targets that happen to reach every migration are guarded too.
        &["--env", "production", "down", "--batches", "99", "--yes"],
        &["--env", "production", "down", "--batches", "2", "--yes"],
        &["--env", "production", "down", "--to", "0", "--yes"],
        &["--env", "production", "reset", "--yes"],
        &["--env", "staging", "reset", "--yes"],
    ] {
        let stderr = fails(&mut prod(), args);
        assert!(stderr.contains("protected environment"), "{stderr}");
        assert!(stderr.contains("pass --force"), "{stderr}");
        assert_eq!(db.tracking().await.len(), 3, "{args:?} changed something");
    }
    // One batch at a time is allowed, and so is a target that leaves some behind.
    ok(
        &mut prod(),
        &["--env", "production", "down", "--batches", "1", "--yes"],
    );
    assert_eq!(db.tracking().await, [(1, "create_a".to_owned(), 1)]);
    ok(&mut prod(), &["--env", "production", "up"]);
    ok(&mut prod(), &["--env", "production", "down"]);
    assert_eq!(db.tracking().await, [(1, "create_a".to_owned(), 1)]);
    ok(&mut prod(), &["--env", "production", "up"]);
    ok(
        &mut prod(),
        &["--env", "production", "down", "--all", "--force", "--yes"],
    );
    assert!(db.tracking().await.is_empty());
    assert_eq!(db.tables().await, ["migrations"]);
    ok(&mut prod(), &["--env", "production", "up"]);
    ok(
        &mut prod(),
        &["--env", "production", "reset", "--yes", "--force"],
    );
    assert!(db.tables().await.is_empty());
}

#[tokio::test]
async fn quiet_prints_nothing_but_still_works() {
    let db = TestDb::new().await;
    let stdout = cli::ok(&db, "three", &["--quiet", "up"]);
    assert_eq!(stdout, "");
    assert_eq!(db.tracking().await.len(), 3);
    let stdout = cli::ok(&db, "three", &["-q", "status"]);
    assert!(
        stdout.contains("Total: 3 | Executed: 3 | Pending: 0"),
        "{stdout}"
    );
}
