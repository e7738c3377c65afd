//! `up --backup`: a pg_dump of the database taken before the batch, verified, and
//! restorable to the state before it; every refusal (no pg_dump, one too old, a dump
//! that fails, a folder that cannot be made) stops `up` before anything changes; and
//! protected environments back up by default.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use tests::{TestDb, cli, pg_bin};

/// A password the server (trust authentication) ignores, but that `pg_dump` is
/// handed, so the tests can see where it goes.
const PASSWORD: &str = "s3cret-backup-pw";

/// The `.dump` files in `dir`, sorted; asserts that no `.partial` file is left.
fn dumps(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|entry| entry.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    assert!(
        files
            .iter()
            .all(|file| file.extension().is_some_and(|e| e == "dump")),
        "{files:?}"
    );
    files
}

/// Whether `name` is `<dbname>-<YYYYMMDDTHHMMSSZ>-batch<batch>.dump`.
fn named_after(name: &str, dbname: &str, batch: i32) -> bool {
    let Some(stamp) = name
        .strip_prefix(&format!("{dbname}-"))
        .and_then(|rest| rest.strip_suffix(&format!("-batch{batch}.dump")))
    else {
        return false;
    };
    let bytes = stamp.as_bytes();
    bytes.len() == 16
        && bytes[..8].iter().all(u8::is_ascii_digit)
        && bytes[8] == b'T'
        && bytes[9..15].iter().all(u8::is_ascii_digit)
        && bytes[15] == b'Z'
}

/// `pg_dump --schema-only` of `db`, without what differs between two dumps of one
/// schema: the random key of `\restrict`/`\unrestrict` (newer pg_dump), and comments.
fn schema(db: &TestDb) -> String {
    let output = Command::new(pg_bin("pg_dump"))
        .args(["--schema-only", "--no-owner", "--dbname"])
        .arg(db.url())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter(|line| {
            !line.starts_with("\\restrict")
                && !line.starts_with("\\unrestrict")
                && !line.starts_with("--")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every row of `query`'s result as text, in its order.
async fn rows(db: &TestDb, query: &str) -> Vec<String> {
    db.client()
        .await
        .query(&format!("SELECT r::text FROM ({query}) AS r"), &[])
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

/// Writes an executable script from another process, so no process this test binary
/// forks meanwhile inherits it open for writing (which makes running it fail with
/// "text file busy").
fn script(path: &Path, text: &str) {
    let status = Command::new("sh")
        .args(["-c", "printf '%s' \"$2\" > \"$1\" && chmod +x \"$1\"", "sh"])
        .arg(path)
        .arg(text)
        .status()
        .unwrap();
    assert!(status.success());
}

/// The real pg_dump's `--version` line.
fn real_version() -> String {
    let output = Command::new(pg_bin("pg_dump"))
        .arg("--version")
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[tokio::test]
async fn a_backup_restores_the_database_as_it_was_before_the_batch() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up", "--to", "2"]);
    db.client()
        .await
        .batch_execute(
            "INSERT INTO a VALUES (1), (2), (3);
             INSERT INTO b VALUES (10, 1), (20, 3);
             CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL, at timestamptz);
             INSERT INTO notes SELECT g, 'note ' || g || ' ''quoted''', now() FROM generate_series(1, 500) AS g",
        )
        .await
        .unwrap();
    let before_schema = schema(&db);
    let tracking = "SELECT * FROM migrations ORDER BY id";
    let notes = "SELECT * FROM notes ORDER BY id";
    let b = "SELECT * FROM b ORDER BY id";
    let (before_tracking, before_notes, before_b) = (
        rows(&db, tracking).await,
        rows(&db, notes).await,
        rows(&db, b).await,
    );
    assert_eq!(before_tracking.len(), 2);

    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("nested/backups");
    let stdout = cli::ok(&db, "three", &["up", "--backup", backups.to_str().unwrap()]);
    assert_eq!(db.tracking().await.len(), 3);
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 2)]);
    let files = dumps(&backups);
    assert_eq!(files.len(), 1, "{files:?}");
    let file = &files[0];
    let name = file.file_name().unwrap().to_str().unwrap();
    assert!(named_after(name, db.name(), 2), "{name}");
    let metadata = std::fs::metadata(file).unwrap();
    assert!(metadata.len() > 0);
    // It holds every row: its owner's alone.
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&metadata.permissions()) & 0o777,
        0o600
    );
    assert!(
        stdout.contains(&format!("to {}", file.display())),
        "{stdout}"
    );
    assert!(
        stdout.contains("verified with pg_restore --list"),
        "{stdout}"
    );
    let config = db.options().as_config();
    let host = match &config.get_hosts()[0] {
        tokio_postgres::config::Host::Tcp(host) => host.clone(),
        tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
    };
    assert!(
        stdout.contains(&format!(
            "  To restore it: pg_restore --clean --if-exists --no-owner --host {host} --port {} \
             --username {} --dbname {} {}\n",
            config.get_ports()[0],
            config.get_user().unwrap(),
            db.name(),
            file.display()
        )),
        "{stdout}"
    );
    // The backup is reported before the batch's own report.
    let backed_up = stdout.find("Backed up").unwrap();
    assert!(
        backed_up < stdout.find("Applied batch 2").unwrap(),
        "{stdout}"
    );

    let restored = TestDb::new().await;
    let output = Command::new(pg_bin("pg_restore"))
        .args(["--no-owner", "--exit-on-error", "--dbname"])
        .arg(restored.url())
        .arg(file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(schema(&restored), before_schema);
    assert_eq!(rows(&restored, tracking).await, before_tracking);
    assert_eq!(rows(&restored, notes).await, before_notes);
    assert_eq!(rows(&restored, b).await, before_b);
    // Migration 3's table came after the backup.
    assert_eq!(restored.tables().await, ["a", "b", "migrations", "notes"]);
}

#[tokio::test]
async fn each_refusal_stops_up_before_anything_changes() {
    let db = TestDb::new().await;
    let server_major: i32 = db
        .client()
        .await
        .query_one(
            "SELECT current_setting('server_version_num')::int / 10000",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let tools = tempfile::tempdir().unwrap();
    let old = tools.path().join("old/pg_dump");
    std::fs::create_dir_all(old.parent().unwrap()).unwrap();
    script(
        &old,
        "#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\nexit 0\n",
    );
    // Reports the real version, writes a little of its file, records its arguments,
    // then fails with a message that holds the password it was handed.
    let failing = tools.path().join("failing/pg_dump");
    let arguments = tools.path().join("arguments.txt");
    std::fs::create_dir_all(failing.parent().unwrap()).unwrap();
    script(
        &failing,
        &format!(
            "#!/bin/sh\n\
             if [ \"$1\" = --version ]; then echo '{}'; exit 0; fi\n\
             echo \"$*\" > '{}'\n\
             while [ $# -gt 0 ]; do if [ \"$1\" = --file ]; then echo partial > \"$2\"; fi; shift; done\n\
             echo \"pg_dump: error: disk on fire (password $PGPASSWORD)\" >&2\n\
             exit 1\n",
            real_version(),
            arguments.display()
        ),
    );
    let blocker = tools.path().join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let under_a_file = blocker.join("backups");

    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    let url = format!("{} password={PASSWORD}", db.url());
    let cases: [(&[&str], String); 4] = [
        (
            &["--pg-dump", "/nonexistent/pg_dump"],
            "pg_dump was not found at /nonexistent/pg_dump".to_owned(),
        ),
        (
            &["--pg-dump", old.to_str().unwrap()],
            format!(
                "is pg_dump 9.6.24 (PostgreSQL 9.6), older than the server (PostgreSQL {server_major})"
            ),
        ),
        (
            &["--pg-dump", failing.to_str().unwrap()],
            "pg_dump failed: pg_dump: error: disk on fire (password ********) (exit code 1)"
                .to_owned(),
        ),
        (
            &["--backup", under_a_file.to_str().unwrap()],
            format!("cannot create the backup folder {}", under_a_file.display()),
        ),
    ];
    for (flags, message) in cases {
        let mut args = vec!["--database-url", &url, "up"];
        if flags[0] != "--backup" {
            args.extend(["--backup", backups.to_str().unwrap()]);
        }
        args.extend(flags);
        let output = cli::bare("three").args(&args).output().unwrap();
        let stderr = cli::failed(output, &args);
        assert!(stderr.contains(&message), "{flags:?}: {stderr}");
        assert!(
            stderr.starts_with("error: no backup was taken: "),
            "{stderr}"
        );
        assert!(
            stderr.trim_end().ends_with("; nothing was applied"),
            "{stderr}"
        );
        assert!(!stderr.contains(PASSWORD), "{stderr}");
        // No tracking table, no migration's table, no file (not even a partial one).
        assert!(db.tables().await.is_empty(), "{flags:?}");
        assert!(dumps(&backups).is_empty(), "{flags:?}");
    }
    // The failing pg_dump wrote a partial file; it is gone. It had the password in its
    // environment, never on its command line.
    let partials: Vec<_> = std::fs::read_dir(&backups).unwrap().collect();
    assert!(partials.is_empty(), "{partials:?}");
    let arguments = std::fs::read_to_string(&arguments).unwrap();
    assert!(
        arguments.starts_with("--format=custom --no-password --file "),
        "{arguments}"
    );
    assert!(!arguments.contains(PASSWORD), "{arguments}");
}

#[tokio::test]
async fn a_protected_environment_backs_up_beside_migrator_toml_unless_told_not_to() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("migrator.toml"),
        format!(
            "[environments.production]\nurl = \"{0}\"\n[environments.dev]\nurl = \"{0}\"\n",
            db.url()
        ),
    )
    .unwrap();
    let run = |args: &[&str]| {
        cli::succeeded(
            cli::bare("three")
                .current_dir(dir.path())
                .args(args)
                .output()
                .unwrap(),
            args,
        )
    };
    let backups = dir.path().join("backups");

    // Not protected: no backup unless asked.
    let stdout = run(&["--env", "dev", "up", "--to", "1"]);
    assert!(!stdout.contains("Backed up"), "{stdout}");
    assert!(!backups.exists());
    assert_eq!(db.tracking().await.len(), 1);

    let stdout = run(&["--env", "production", "up", "--to", "2"]);
    assert!(stdout.contains("Backed up"), "{stdout}");
    let files = dumps(&backups);
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_str().unwrap();
    assert!(named_after(name, db.name(), 2), "{name}");
    assert_eq!(db.tracking().await.len(), 2);

    let stdout = run(&["--env", "production", "up", "--no-backup"]);
    assert!(!stdout.contains("Backed up"), "{stdout}");
    assert_eq!(dumps(&backups).len(), 1);
    assert_eq!(db.tracking().await.len(), 3);

    // Nothing pending: no backup, and `up` says so.
    let stdout = run(&["--env", "production", "up"]);
    assert!(
        stdout.contains("No backup taken: nothing to apply."),
        "{stdout}"
    );
    assert_eq!(dumps(&backups).len(), 1);

    // `--verbose` names where the setting came from.
    let output = cli::bare("three")
        .current_dir(dir.path())
        .args(["--env", "production", "--verbose", "up"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "backup: {} (from default for a protected environment)",
            backups.display()
        )),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_dry_run_only_says_it_would_back_up_and_json_describes_the_backup() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    let backups_arg = backups.to_str().unwrap();
    let url = format!("{} password={PASSWORD}", db.url());

    let args = [
        "--database-url",
        &url,
        "up",
        "--dry-run",
        "--backup",
        backups_arg,
    ];
    let stdout = cli::succeeded(cli::bare("three").args(args).output().unwrap(), &args);
    let said: Vec<&str> = stdout
        .lines()
        .filter(|line| line.contains("back"))
        .collect();
    assert_eq!(said.len(), 1, "{stdout}");
    assert!(said[0].starts_with("-- `up` would first back "), "{stdout}");
    assert!(said[0].contains("no backup was taken"), "{stdout}");
    assert!(!backups.exists());
    assert!(db.tables().await.is_empty());

    let args = [
        "--database-url",
        &url,
        "up",
        "--json",
        "--backup",
        backups_arg,
    ];
    let output = cli::bare("three").args(args).output().unwrap();
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains(PASSWORD),
        "{output:?}"
    );
    let stdout = cli::succeeded(output, &args);
    assert!(!stdout.contains(PASSWORD), "{stdout}");
    let document: Value = serde_json::from_str(&stdout).unwrap();
    let files = dumps(&backups);
    assert_eq!(files.len(), 1, "{files:?}");
    let backup = &document["backup"];
    assert_eq!(backup["path"], files[0].display().to_string());
    assert_eq!(backup["bytes"], std::fs::metadata(&files[0]).unwrap().len());
    let restore = backup["restoreCommand"].as_str().unwrap();
    assert!(
        restore.starts_with("pg_restore --clean --if-exists --no-owner --host "),
        "{restore}"
    );
    assert!(
        restore.ends_with(&format!("--dbname {} {}", db.name(), files[0].display())),
        "{restore}"
    );
    assert!(!restore.contains("password"), "{restore}");
    assert_eq!(db.tracking().await.len(), 3);

    // Nothing pending: no backup, `backup` is null.
    let stdout = cli::succeeded(cli::bare("three").args(args).output().unwrap(), &args);
    let document: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(document["backup"], Value::Null);
    assert_eq!(dumps(&backups).len(), 1);
}

#[tokio::test]
async fn a_failed_batch_still_names_its_backup() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    let backups_arg = backups.to_str().unwrap();

    // Text: the backup is reported before the batch runs, so a failure still shows it.
    let output = cli::run(&db, "third_fails", &["up", "--backup", backups_arg]);
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    cli::failed(output, &["up"]);
    assert_eq!(dumps(&backups).len(), 1);
    assert!(
        stdout.contains(&format!("to {}", dumps(&backups)[0].display())),
        "{stdout}"
    );
    assert!(db.tables().await.is_empty());

    // JSON: the failure document carries it.
    let output = cli::run(
        &db,
        "third_fails",
        &["up", "--json", "--backup", backups_arg],
    );
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    cli::failed(output, &["up", "--json"]);
    assert_eq!(document["success"], false);
    assert_eq!(document["error"]["kind"], "step");
    let files = dumps(&backups);
    assert_eq!(files.len(), 2, "{files:?}");
    let path = document["backup"]["path"].as_str().unwrap();
    assert!(
        files.iter().any(|file| file.display().to_string() == path),
        "{path}"
    );
    assert!(db.tables().await.is_empty());

    // A refusal is an error of its own kind, with no backup.
    let output = cli::run(
        &db,
        "third_fails",
        &[
            "up",
            "--json",
            "--backup",
            backups_arg,
            "--pg-dump",
            "/nonexistent/pg_dump",
        ],
    );
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    cli::failed(output, &["up", "--json"]);
    assert_eq!(document["error"]["kind"], "backup");
    assert_eq!(document["backup"], Value::Null);
    assert_eq!(dumps(&backups).len(), 2);
    assert!(db.tables().await.is_empty());
}
