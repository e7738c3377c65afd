//! The command line end to end: status, create, and clean failures on bad input.

use std::process::Stdio;
use tests::cluster::{Auth, Cluster};
use tests::{TestDb, cli, connection_string};

#[tokio::test(flavor = "multi_thread")]
async fn status_shows_each_migration_its_batch_and_the_totals() {
    let db = TestDb::new().await;
    let stdout = cli::ok(&db, "four", &["status"]);
    assert!(stdout.contains("○ 001_create_a  pending"), "{stdout}");
    assert!(
        stdout.ends_with("Total: 4 | Executed: 0 | Pending: 4\n"),
        "{stdout}"
    );
    // status reads only: it creates no tracking table.
    assert_eq!(db.tables().await, Vec::<String>::new());

    cli::ok(&db, "gap", &["up"]);
    cli::ok(&db, "four", &["up", "--allow-out-of-order"]);
    cli::ok(&db, "fifth_fails", &["down"]);
    let stdout = cli::ok(&db, "fifth_fails", &["status"]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 7, "{stdout}");
    assert!(lines[0].starts_with("Migrations of postgres@"), "{stdout}");
    assert!(
        lines[1].starts_with("  ✓ 001_create_a  batch 1  20"),
        "{stdout}"
    );
    assert!(lines[1].ends_with('Z'), "{stdout}");
    // Reverting batch 2 left migration 2 pending below the applied migration 3.
    assert_eq!(
        lines[2],
        "  ! 002_create_b  pending, numbered below an applied migration"
    );
    assert!(
        lines[3].starts_with("  ✓ 003_create_c  batch 1  "),
        "{stdout}"
    );
    assert_eq!(lines[4], "  ○ 004_create_d  pending");
    assert_eq!(lines[5], "  ○ 005_fill_c    pending");
    assert_eq!(lines[6], "Total: 5 | Executed: 2 | Pending: 3");
    let tracking: Vec<(i64, i32)> = db
        .tracking()
        .await
        .into_iter()
        .map(|(id, _, batch)| (id, batch))
        .collect();
    assert_eq!(tracking, [(1, 1), (3, 1)]);

    // An applied migration gone from the source is shown, not hidden.
    let stdout = cli::ok(&db, "missing", &["status"]);
    assert!(stdout.contains("! 003_create_c  batch 1  "), "{stdout}");
    assert!(
        stdout.contains("applied, missing from the source"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn status_json_matches_the_tracking_table() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    let stdout = cli::ok(&db, "four", &["status", "--json"]);
    let status: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(status["isUpToDate"], false);
    assert_eq!(
        status["appliedMigrations"],
        serde_json::json!(["001_create_a", "002_create_b", "003_create_c"])
    );
    assert_eq!(
        status["pendingMigrations"],
        serde_json::json!(["004_create_d"])
    );
    assert_eq!(status["table"], "migrations");
    assert_eq!(status["lastMigration"], "003_create_c");
    let (executed_at, checksum): (String, String) = {
        let row = db
            .client()
            .await
            .query_one(
                "SELECT to_char(executed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS'), checksum
                 FROM migrations WHERE id = 3",
                &[],
            )
            .await
            .unwrap();
        (row.get(0), row.get(1))
    };
    let last = &status["migrations"][2];
    assert_eq!(last["label"], "003_create_c");
    assert_eq!(last["batch"], 1);
    assert_eq!(last["checksum"], checksum.as_str());
    // Milliseconds, in UTC.
    let at = last["executedAt"].as_str().unwrap();
    assert!(
        at.starts_with(&executed_at) && at.ends_with('Z') && at.len() == 24,
        "{at}"
    );
    let migrations = status["migrations"].as_array().unwrap();
    let states: Vec<(u64, &str)> = migrations
        .iter()
        .map(|entry| {
            (
                entry["id"].as_u64().unwrap(),
                entry["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            (1, "applied"),
            (2, "applied"),
            (3, "applied"),
            (4, "pending")
        ]
    );
    assert_eq!(migrations[0]["reversible"], true);
    let tracked: Vec<i64> = db
        .tracking()
        .await
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    let applied: Vec<i64> = migrations
        .iter()
        .filter(|entry| entry["state"] == "applied")
        .map(|entry| entry["id"].as_i64().unwrap())
        .collect();
    assert_eq!(applied, tracked);
}

#[tokio::test(flavor = "multi_thread")]
async fn status_check_exits_non_zero_unless_up_to_date() {
    let db = TestDb::new().await;
    let check = |fixture: &str| {
        let output = cli::run(&db, fixture, &["status", "--check"]);
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    assert_eq!(check("three").0, Some(1), "pending");
    cli::ok(&db, "three", &["up"]);
    assert_eq!(check("three"), (Some(0), String::new()), "up to date");
    let (code, stderr) = check("four");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("is not up to date: 1 pending"), "{stderr}");
    let (code, stderr) = check("edited");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("1 changed, 1 pending"), "{stderr}");
    let (code, stderr) = check("gap");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("1 missing"), "{stderr}");
    db.client()
        .await
        .batch_execute("UPDATE migrations SET interrupted = '{\"next_step\": 0}' WHERE id = 3")
        .await
        .unwrap();
    let (code, stderr) = check("three");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("1 interrupted"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn status_flags_an_edited_migration() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    let stdout = cli::ok(&db, "edited", &["status"]);
    assert!(stdout.contains("! 002_create_b  batch 1  "), "{stdout}");
    assert!(stdout.contains("changed since applied"), "{stdout}");
    assert!(
        stdout.ends_with("Total: 4 | Executed: 3 | Pending: 1\n"),
        "{stdout}"
    );
}

fn create(dir: &std::path::Path, name: &[&str]) -> std::process::Output {
    cli::bare("db")
        .arg("create")
        .args(name)
        .arg("--dir")
        .arg(dir)
        .output()
        .unwrap()
}

fn files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn create_takes_the_next_number_and_a_snake_case_name() {
    let dir = tempfile::tempdir().unwrap();
    let output = create(dir.path(), &["CreateUsers"]);
    assert!(output.status.success());
    let path = dir.path().join("001_create_users.rs");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("{}\n", path.display())
    );

    std::fs::write(dir.path().join("007_add_posts.rs"), "").unwrap();
    std::fs::write(dir.path().join("README.md"), "").unwrap();
    assert!(
        create(dir.path(), &["add", "Avatar URL", "to-users"])
            .status
            .success()
    );
    assert_eq!(
        files(dir.path()),
        [
            "001_create_users.rs",
            "007_add_posts.rs",
            "008_add_avatar_url_to_users.rs",
            "README.md"
        ]
    );

    // The template fails the build until its up holds an operation, so a forgotten
    // one is never recorded as applied.
    let template = std::fs::read_to_string(&path).unwrap();
    let tokens: proc_macro2::TokenStream = template.parse().unwrap();
    let body = tokens
        .into_iter()
        .find_map(|tree| match tree {
            proc_macro2::TokenTree::Group(group) => Some(group.stream()),
            _ => None,
        })
        .unwrap();
    let error = pgbatch_dsl::parse_and_check(body, &[]).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("the migration has no up operations"),
        "{error}"
    );
}

#[test]
fn create_refuses_an_empty_or_clashing_name_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("001_create_users.rs"), "").unwrap();
    for (name, message) in [
        (&["!!!"][..], "has no letters or digits"),
        (
            &["create users"],
            "a migration named `create_users` already exists: 001_create_users.rs",
        ),
        (&["Create", "Users"], "already exists"),
        (&["9 lives"], "must start with a lowercase letter"),
        (&["crème"], "use lowercase ASCII letters"),
    ] {
        let stderr = cli::failed(create(dir.path(), name), name);
        assert!(stderr.contains(message), "{name:?}: {stderr}");
    }
    std::fs::write(dir.path().join("2_bad.rs"), "").unwrap();
    let stderr = cli::failed(create(dir.path(), &["next"]), &["next"]);
    assert!(
        stderr.contains("malformed migration file name `2_bad.rs`"),
        "{stderr}"
    );
    assert_eq!(files(dir.path()), ["001_create_users.rs", "2_bad.rs"]);
}

#[test]
fn a_bad_url_is_a_short_message_without_the_password() {
    for (url, message) in [
        (
            "postgres://app:hunter2@localhost:notaport/app",
            "invalid database URL: invalid value for option `port`",
        ),
        (
            "mysql://app:hunter2@localhost/app",
            "invalid database URL: unsupported scheme `mysql`",
        ),
    ] {
        let output = cli::bare("db")
            .args(["--database-url", url, "up"])
            .output()
            .unwrap();
        let stderr = cli::failed(output, &[url]);
        assert!(stderr.contains(message), "{stderr}");
        assert!(!stderr.contains("hunter2"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[test]
fn an_unreachable_server_is_a_short_message() {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    let output = cli::bare("db")
        .args([
            "--database-url",
            "postgres://app:hunter2@127.0.0.1:1/app",
            "status",
        ])
        .output()
        .unwrap();
    let stderr = cli::failed(output, &["status"]);
    assert!(
        stderr.contains("cannot connect to app@127.0.0.1:1/app: error connecting to server"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[test]
fn connection_comes_from_db_variables_when_there_is_no_url() {
    let output = cli::bare("db")
        .env("DB_HOST", "127.0.0.1")
        .env("DB_PORT", "1")
        .env("DB_USER", "app")
        .env("DB_NAME", "shop")
        .env("DB_PASSWORD", "hunter2")
        .arg("status")
        .output()
        .unwrap();
    let stderr = cli::failed(output, &["status"]);
    assert!(
        stderr.contains("cannot connect to app@127.0.0.1:1/shop"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_is_refused_cleanly_and_the_right_one_works() {
    let cluster = Cluster::start(Auth::Password("correct horse".into()));
    let right = cluster.connect_options();
    let wrong = connection_string(&right).replace("correct horse", "battery staple");
    let output = cli::bare("db")
        .args(["--database-url", &wrong, "up"])
        .output()
        .unwrap();
    let stderr = cli::failed(output, &["up"]);
    assert!(
        stderr.contains(&format!(
            "cannot connect to postgres@127.0.0.1:{}/postgres: password authentication failed for user \"postgres\" (SQLSTATE 28P01)",
            cluster.port()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("battery"), "{stderr}");

    let stdout = String::from_utf8(
        cli::bare("db")
            .args(["--database-url", &connection_string(&right), "up"])
            .stderr(Stdio::inherit())
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(stdout.contains("Applied batch 1"), "{stdout}");
    let client = tests::connect(&right).await;
    let applied: i64 = client
        .query_one("SELECT count(*) FROM migrations", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(applied, i64::try_from(db::MIGRATIONS.len()).unwrap());
}

#[test]
fn bad_flags_are_usage_errors() {
    let output = cli::bare("db")
        .args(["up", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("unexpected argument '--no-such-flag'"),
        "{stderr}"
    );
    let output = cli::bare("db")
        .args(["--lock-wait", "soon", "up"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = cli::bare("db")
        .args(["--table", "a.b.c", "status"])
        .output()
        .unwrap();
    let stderr = cli::failed(output, &["status"]);
    assert!(stderr.contains("tracking table `a.b.c`"), "{stderr}");
}

#[test]
fn show_prints_a_migrations_steps_without_a_database() {
    // No database settings at all: `show` reads only the compiled migrations.
    let output = cli::bare("three").args(["show", "003"]).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout,
        "-- 003_create_c\n\
         \n-- up step 1 of 2, in the batch's transaction\nCREATE TABLE c (id int PRIMARY KEY);\n\
         \n-- up step 2 of 2, in the batch's transaction\nINSERT INTO c VALUES (1), (2);\n\
         \n-- down step 1 of 1, in the batch's transaction\nDROP TABLE c;\n"
    );
    let by_name = cli::bare("three")
        .args(["show", "create_c"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(by_name.stdout).unwrap(), stdout);
    let stdout = String::from_utf8(
        cli::bare("no_down")
            .args(["show", "002_seed_a"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        stdout.ends_with("-- down: none; this migration cannot be reverted\n"),
        "{stdout}"
    );
    let stderr = cli::failed(
        cli::bare("three").args(["show", "9"]).output().unwrap(),
        &["show"],
    );
    assert!(stderr.contains("no migration `9`"), "{stderr}");
}

#[test]
fn help_lists_every_command() {
    let output = cli::bare("db").arg("help").output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    for command in [
        "up",
        "down",
        "status",
        "create",
        "init",
        "reset",
        "show",
        "redo",
        "mark",
        "baseline",
        "unmark",
        "repair",
        "seed",
        "completions",
        "help",
    ] {
        assert!(
            stdout.contains(&format!("\n  {command} ")),
            "{command}: {stdout}"
        );
    }
    assert!(stdout.contains("DATABASE_URL"), "{stdout}");
    // Every command's own help names what it does and the shared options.
    for command in ["up", "down", "status", "repair", "seed", "reset"] {
        let output = cli::bare("db").args([command, "--help"]).output().unwrap();
        assert!(output.status.success(), "{command} --help");
        let help = String::from_utf8(output.stdout).unwrap();
        for option in ["--env", "--quiet", "--verbose", "--lock-timeout"] {
            assert!(
                help.contains(option),
                "{command} --help lacks {option}: {help}"
            );
        }
    }
}

#[test]
fn the_binary_has_one_name_in_usage_version_and_completions() {
    // The fixture binary stands for any application's own: its file name is its name.
    let usage = cli::bare("db").arg("--help").output().unwrap();
    let usage = String::from_utf8(usage.stdout).unwrap();
    assert!(
        usage.contains("Usage: fixture [OPTIONS] <COMMAND>"),
        "{usage}"
    );
    let version = cli::bare("db").arg("--version").output().unwrap();
    assert!(version.status.success());
    assert_eq!(
        String::from_utf8(version.stdout).unwrap().trim(),
        concat!("fixture (pgbatch ", env!("CARGO_PKG_VERSION"), ")")
    );
    let completions = cli::bare("db")
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(completions.status.success());
    let script = String::from_utf8(completions.stdout).unwrap();
    assert!(script.contains("complete -F _fixture"), "{script}");
    for command in ["up", "down", "status", "create", "redo"] {
        assert!(
            script.contains(command),
            "{command} missing from the script"
        );
    }
    let bad = cli::bare("db")
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
