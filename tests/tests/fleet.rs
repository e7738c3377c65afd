//! A fleet: the same migrations on many databases or schemas (`targets`,
//! `targets_query`), with `--jobs`, `--fail-fast`, the final table, and
//! `status --fleet`; each target's state asserted in its own catalog.

use std::path::Path;
use std::process::{Command, Output};
use tests::{TestDb, cli};

/// The CLI over `fixture` in `dir` (whose `migrator.toml` defines the fleet).
fn in_dir(dir: &Path, fixture: &str, args: &[&str]) -> Output {
    let mut command: Command = cli::bare(fixture);
    command.current_dir(dir).args(args).output().unwrap()
}

fn settings_file(contents: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("migrator.toml"), contents).unwrap();
    dir
}

/// `[environments.fleet]` on `control`'s server with `body` (targets and the rest).
fn fleet_file(control: &TestDb, body: &str) -> tempfile::TempDir {
    settings_file(&format!(
        "[environments.fleet]\nurl = \"{}\"\n{body}\n",
        control.url()
    ))
}

/// The tables of `schema` (`public` for a database target) but the tracking table.
async fn tables_in(db: &TestDb, schema: &str) -> Vec<String> {
    db.client()
        .await
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = $1
             AND tablename NOT IN ('migrations', 'migrations_summary') ORDER BY 1",
            &[&schema],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

/// `count` fresh databases, and a settings file whose fleet lists them (the first is
/// also the control database).
async fn database_fleet(count: usize) -> (Vec<TestDb>, tempfile::TempDir) {
    let mut dbs = Vec::new();
    for _ in 0..count {
        dbs.push(TestDb::new().await);
    }
    let dir = fleet_file(&dbs[0], &format!("targets = [{}]", quoted_names(&dbs)));
    (dbs, dir)
}

/// `"db1", "db2"`: the databases' names as TOML strings.
fn quoted_names(dbs: &[TestDb]) -> String {
    let names: Vec<String> = dbs.iter().map(|db| format!("\"{}\"", db.name())).collect();
    names.join(", ")
}

/// Creates `table` in `db`, so the migration that creates it fails there.
async fn occupy(db: &TestDb, table: &str) {
    db.client()
        .await
        .batch_execute(&format!("CREATE TABLE {table} (id int)"))
        .await
        .unwrap();
}

fn names(count: u32) -> Vec<String> {
    (1..=count).map(|id| format!("gen_{id:05}")).collect()
}

#[tokio::test]
async fn a_fleet_of_databases_is_migrated_and_a_failed_target_leaves_the_others_applied() {
    let (dbs, dir) = database_fleet(4).await;
    // The third target already has migration 3's table, so its batch fails there.
    occupy(&dbs[2], "gen_00003").await;

    let output = in_dir(
        dir.path(),
        "generated:5",
        &["--env", "fleet", "up", "--jobs", "2"],
    );
    let stderr = cli::failed(output.clone(), &["up"]);
    assert!(
        stderr.contains("1 of 4 targets failed or skipped"),
        "{stderr}"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("Fleet of 4 targets (2 at a time):"),
        "{stdout}"
    );
    assert!(
        stdout.contains("4 targets: 3 applied, 1 failed."),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{}: ", dbs[2].name())) && stdout.contains("gen_00003"),
        "the failure is named under the table: {stdout}"
    );
    for (index, db) in dbs.iter().enumerate() {
        if index == 2 {
            // Nothing of the failed batch is left: no row, no table but the one it had.
            assert!(db.tracking().await.is_empty());
            assert_eq!(tables_in(db, "public").await, ["gen_00003"]);
        } else {
            let batches = db.batches().await;
            assert_eq!(batches, (1..=5).map(|id| (id, 1)).collect::<Vec<_>>());
            assert_eq!(tables_in(db, "public").await, names(5));
        }
    }

    // Status of the fleet: three up to date, one behind by five.
    let output = in_dir(
        dir.path(),
        "generated:5",
        &["--env", "fleet", "status", "--fleet", "--json"],
    );
    let document: serde_json::Value =
        serde_json::from_slice(&cli::succeeded(output, &["status"]).into_bytes()).unwrap();
    assert_eq!(document["total"], 4);
    assert_eq!(document["upToDate"], 3);
    let third = &document["targets"][2];
    assert_eq!(third["target"], dbs[2].name());
    assert_eq!(third["state"], "behind");
    assert_eq!(third["pending"], 5);
    assert_eq!(third["applied"], 0);
    assert_eq!(third["lastMigration"], serde_json::Value::Null);
    // The others' applied migrations are counted from the summary, not listed.
    let first = &document["targets"][0];
    assert_eq!(first["state"], "up to date");
    assert_eq!(first["applied"], 5);
    assert_eq!(first["pending"], 0);
    assert_eq!(first["lastMigration"], "005_create_gen_00005");
    let stderr = cli::failed(
        in_dir(
            dir.path(),
            "generated:5",
            &["--env", "fleet", "status", "--check"],
        ),
        &["status", "--check"],
    );
    assert!(stderr.contains("1 of 4 targets not up to date"), "{stderr}");

    // Mended, the next run applies the failed target and finds the others up to date.
    dbs[2]
        .client()
        .await
        .batch_execute("DROP TABLE gen_00003")
        .await
        .unwrap();
    let stdout = cli::succeeded(
        in_dir(dir.path(), "generated:5", &["--env", "fleet", "up"]),
        &["up"],
    );
    assert!(
        stdout.contains("4 targets: 3 up to date, 1 applied."),
        "{stdout}"
    );
    for db in &dbs {
        assert_eq!(db.tracking().await.len(), 5);
        assert_eq!(tables_in(db, "public").await, names(5));
    }
    // With a sixth migration in the source, every target is behind by one.
    let stdout = cli::succeeded(
        in_dir(dir.path(), "generated:6", &["--env", "fleet", "status"]),
        &["status"],
    );
    assert_eq!(stdout.matches("behind: 1 pending").count(), 4, "{stdout}");
    // Each row: five applied (counted, not listed), one pending, the last applied.
    for db in &dbs {
        let row = stdout
            .lines()
            .find(|line| line.trim_start().starts_with(db.name()))
            .unwrap_or_else(|| panic!("{stdout}"));
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cells[cells.len() - 3..],
            ["5", "1", "005_create_gen_00005"],
            "{row}"
        );
    }
}

#[tokio::test]
async fn one_schema_per_tenant_keeps_each_tenants_tables_and_tracking_in_its_schema() {
    let db = TestDb::new().await;
    db.client()
        .await
        .batch_execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b; CREATE SCHEMA other")
        .await
        .unwrap();
    // Two tenants from the query, one listed (whose schema does not exist yet, and
    // whose name needs quoting).
    let dir = fleet_file(
        &db,
        r#"targets = [{ schema = "Tenant C" }]
targets_query = "SELECT nspname AS schema FROM pg_namespace WHERE nspname LIKE 'tenant\\_%' ORDER BY 1""#,
    );
    let stdout = cli::succeeded(
        in_dir(
            dir.path(),
            "generated:3",
            &["--env", "fleet", "up", "--jobs", "3"],
        ),
        &["up"],
    );
    assert!(stdout.contains("3 targets: 3 applied."), "{stdout}");
    for schema in ["tenant_a", "tenant_b", "Tenant C"] {
        assert_eq!(tables_in(&db, schema).await, names(3), "{schema}");
        let table = format!("\"{schema}\".migrations");
        assert_eq!(db.tracking_in(&table).await.len(), 3, "{schema}");
    }
    assert!(
        tables_in(&db, "public").await.is_empty(),
        "nothing in public"
    );
    assert!(tables_in(&db, "other").await.is_empty());

    // A command that works on one database refuses the fleet's environment…
    let stderr = cli::failed(
        in_dir(dir.path(), "generated:3", &["--env", "fleet", "down"]),
        &["down"],
    );
    assert!(stderr.contains("is a fleet"), "{stderr}");
    assert!(stderr.contains("--target"), "{stderr}");
    assert_eq!(db.tracking_in("tenant_a.migrations").await.len(), 3);
    // … and works on the one target --target names: its schema, its tracking table.
    cli::succeeded(
        in_dir(
            dir.path(),
            "generated:3",
            &["--env", "fleet", "--target", "Tenant C", "down"],
        ),
        &["down"],
    );
    assert!(tables_in(&db, "Tenant C").await.is_empty());
    assert!(db.tracking_in("\"Tenant C\".migrations").await.is_empty());
    assert_eq!(tables_in(&db, "tenant_a").await, names(3));
    let stdout = cli::succeeded(
        in_dir(
            dir.path(),
            "generated:3",
            &["--env", "fleet", "--target", "tenant_b", "status"],
        ),
        &["status"],
    );
    assert!(stdout.contains("Executed: 3 | Pending: 0"), "{stdout}");
    let stderr = cli::failed(
        in_dir(
            dir.path(),
            "generated:3",
            &["--env", "fleet", "--target", "tenant_z", "down"],
        ),
        &["down"],
    );
    assert!(
        stderr.contains("no such target; it has Tenant C, tenant_a, tenant_b"),
        "{stderr}"
    );
    assert_eq!(tables_in(&db, "tenant_b").await, names(3));

    // A tracking table in a schema of its own cannot be one per tenant.
    let stderr = cli::failed(
        in_dir(
            dir.path(),
            "generated:3",
            &["--env", "fleet", "--table", "admin.migrations", "status"],
        ),
        &["status"],
    );
    assert!(stderr.contains("name it without one"), "{stderr}");
}

#[tokio::test]
async fn fail_fast_starts_no_target_after_a_failure() {
    let (dbs, dir) = database_fleet(3).await;
    occupy(&dbs[0], "gen_00002").await;
    let output = in_dir(
        dir.path(),
        "generated:3",
        &[
            "--env",
            "fleet",
            "up",
            "--jobs",
            "1",
            "--fail-fast",
            "--json",
        ],
    );
    cli::failed(output.clone(), &["up"]);
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["success"], false);
    let results: Vec<&str> = document["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|target| target["result"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["failed", "skipped", "skipped"]);
    assert_eq!(
        document["targets"][0]["outcome"]["error"]["kind"], "step",
        "{document}"
    );
    for db in &dbs {
        assert!(db.tracking().await.is_empty());
    }
    assert!(tables_in(&dbs[1], "public").await.is_empty());
    assert!(tables_in(&dbs[2], "public").await.is_empty());
}

#[tokio::test]
async fn a_wrong_fleet_is_a_clear_error_and_changes_nothing() {
    let db = TestDb::new().await;
    for (body, expected) in [
        (
            r#"targets = [{ schema = "a", bogus = "b" }]"#,
            "`targets[0]`: unknown key `bogus`",
        ),
        (
            r#"targets = [{ url = "postgres://x/y", database = "y" }]"#,
            "a `url` or a `database`, not both",
        ),
        (r#"targets = "tenant_a""#, "`targets` must be a list"),
        (
            r#"targets_query = "SELECT 1 AS id""#,
            "targets_query returns no column named url, database or schema (it returns id)",
        ),
        (
            r#"targets_query = "SELEC datname FROM pg_database""#,
            "targets_query failed on",
        ),
        (
            r#"targets_query = "SELECT 1 AS database""#,
            "the column `database` must be text",
        ),
        (r#"targets = ["a", "a"]"#, "names the target `a` twice"),
    ] {
        let dir = fleet_file(&db, body);
        let stderr = cli::failed(
            in_dir(dir.path(), "generated:1", &["--env", "fleet", "up"]),
            &["up", body],
        );
        assert!(stderr.contains(expected), "{body}: {stderr}");
    }
    // A target that cannot be reached fails alone, named in the table.
    let dir = fleet_file(
        &db,
        &format!(r#"targets = ["{}", "no_such_database_here"]"#, db.name()),
    );
    let output = in_dir(dir.path(), "generated:1", &["--env", "fleet", "up"]);
    cli::failed(output.clone(), &["up"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("no_such_database_here: "), "{stdout}");
    assert_eq!(db.tracking().await.len(), 1);
    // --fleet without a fleet.
    let dir = settings_file(&format!("[environments.one]\nurl = \"{}\"\n", db.url()));
    let stderr = cli::failed(
        in_dir(
            dir.path(),
            "generated:1",
            &["--env", "one", "status", "--fleet"],
        ),
        &["status", "--fleet"],
    );
    assert!(stderr.contains("no `targets`"), "{stderr}");
}

#[tokio::test]
async fn jobs_bounds_the_connections_a_fleet_holds() {
    let (dbs, _) = database_fleet(6).await;
    // The runner's sessions carry an application name of this test's own.
    let name = format!("fleet_{}", dbs[0].name());
    let dir = settings_file(&format!(
        "[environments.fleet]\nurl = \"{} application_name={name}\"\ntargets = [{}]\n",
        dbs[0].url(),
        quoted_names(&dbs)
    ));
    cli::succeeded(
        in_dir(
            dir.path(),
            "connections_seen",
            &["--env", "fleet", "up", "--jobs", "2"],
        ),
        &["up"],
    );
    for db in &dbs {
        let seen: i64 = db
            .client()
            .await
            .query_one("SELECT n FROM connections_seen", &[])
            .await
            .unwrap()
            .get(0);
        assert!((1..=2).contains(&seen), "{} saw {seen} sessions", db.name());
        assert_eq!(db.tracking().await.len(), 4);
    }
}

#[tokio::test]
async fn at_a_terminal_the_fleet_has_a_live_line_erased_before_the_table() {
    let (dbs, dir) = database_fleet(2).await;
    let mut fixture = cli::bare("three");
    fixture
        .current_dir(dir.path())
        .args(["--env", "fleet", "--verbose", "up", "--jobs", "1"]);
    let output = cli::at_a_terminal(&fixture);
    let screen = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{screen}");
    let live = format!("\r\x1b[2Kfleet: 0 of 2 done; running {}", dbs[0].name());
    assert!(screen.contains(&live), "{screen:?}");
    let done = format!(
        "\r\x1b[2Kfleet: 1 of 2 done (1 applied); running {}",
        dbs[1].name()
    );
    assert!(screen.contains(&done), "{screen:?}");
    // --verbose: a line per target as it ends, the live line erased before it.
    let said = format!(
        "\r\x1b[2K✓ {}: batch 1: 3 migrations applied in ",
        dbs[1].name()
    );
    assert!(screen.contains(&said), "{screen:?}");
    let table = screen.find("Fleet of 2 targets").unwrap();
    let last_erase = screen[..table].rfind("\r\x1b[2K").unwrap();
    assert!(
        !screen[last_erase..table].contains("fleet:"),
        "erased before the table: {screen:?}"
    );
    for db in &dbs {
        assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1)]);
    }
}

#[tokio::test]
async fn a_fleet_runner_killed_mid_batch_leaves_every_target_whole_and_runs_again() {
    let (dbs, dir) = database_fleet(3).await;
    let mut runner = cli::bare("slow_step");
    let mut child = runner
        .current_dir(dir.path())
        .args(["--env", "fleet", "up", "--jobs", "3"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed once every target is inside its batch, in migration 2's long step.
    let names: Vec<&str> = dbs.iter().map(|db| db.name()).collect();
    dbs[0]
        .wait_until(
            &format!(
                "SELECT count(DISTINCT datname) = 3 FROM pg_stat_activity
                 WHERE query LIKE 'SELECT pg_sleep%' AND datname IN ('{}')",
                names.join("', '")
            ),
            std::time::Duration::from_secs(60),
            "every target reached migration 2",
        )
        .await;
    child.kill().unwrap();
    child.wait().unwrap();
    // Each batch was one transaction: nothing of it is left on any target.
    for db in &dbs {
        assert!(db.tracking().await.is_empty(), "{}", db.name());
        assert!(tables_in(db, "public").await.is_empty(), "{}", db.name());
    }
    let stdout = cli::succeeded(
        in_dir(dir.path(), "slow_step", &["--env", "fleet", "status"]),
        &["status"],
    );
    assert_eq!(stdout.matches("behind: 2 pending").count(), 3, "{stdout}");
    let stdout = cli::succeeded(
        in_dir(
            dir.path(),
            "slow_step",
            &["--env", "fleet", "up", "--jobs", "3"],
        ),
        &["up"],
    );
    assert!(stdout.contains("3 targets: 3 applied."), "{stdout}");
    for db in &dbs {
        assert_eq!(db.batches().await, [(1, 1), (2, 1)]);
    }
}
