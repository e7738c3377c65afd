//! The `db` build script: discovers migration files, rejects bad names and duplicate
//! numbers naming the file, and reruns when a file is added, edited or removed.
//!
//! Runs `cargo check -p db` over a temporary migrations directory (through
//! `MIGRATOR_MIGRATIONS_DIR`) in a target directory of its own, so it neither waits
//! for nor disturbs the build running these tests.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// `cargo check -p db` over `dir` (relative to `db/`, or absolute): success, and stderr.
fn check(dir: impl AsRef<std::ffi::OsStr>) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(workspace())
        .args(["check", "--offline", "--quiet", "-p", "db", "--target-dir"])
        .arg(workspace().join("target").join("build-script-test"))
        .env("MIGRATOR_MIGRATIONS_DIR", dir.as_ref())
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

const GOOD: &str =
    r#"migration! { up { sql("CREATE TABLE a ()"); } down { sql("DROP TABLE a"); } }"#;

#[test]
fn the_build_script_follows_the_migrations_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("001_create_a.rs"), GOOD).unwrap();
    let (ok, stderr) = check(dir.path());
    assert!(ok, "{stderr}");

    // A malformed name and a duplicated number fail the build, naming the files.
    std::fs::write(dir.path().join("2_create_b.rs"), GOOD).unwrap();
    std::fs::write(dir.path().join("001_create_b.rs"), GOOD).unwrap();
    let (ok, stderr) = check(dir.path());
    assert!(!ok);
    assert!(
        stderr.contains(
            "malformed migration file name `2_create_b.rs`: `2` is not a three-digit number"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("duplicate migration number 001: `001_create_a.rs` and `001_create_b.rs`"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    // Removing them fixes the build.
    std::fs::remove_file(dir.path().join("2_create_b.rs")).unwrap();
    std::fs::remove_file(dir.path().join("001_create_b.rs")).unwrap();
    let (ok, stderr) = check(dir.path());
    assert!(ok, "{stderr}");

    // An added file is compiled: a mistake in it is the macro's error, on its token.
    let added = dir.path().join("002_create_b.rs");
    std::fs::write(
        &added,
        r#"migration! { up { sqll("CREATE TABLE b ()"); } }"#,
    )
    .unwrap();
    let (ok, stderr) = check(dir.path());
    assert!(!ok);
    assert!(
        stderr.contains("unknown operation `sqll`; did you mean `sql`?"),
        "{stderr}"
    );
    assert!(stderr.contains("002_create_b.rs:1:19"), "{stderr}");

    // Editing it is seen too.
    std::fs::write(&added, GOOD.replace(" a", " b")).unwrap();
    let (ok, stderr) = check(dir.path());
    assert!(ok, "{stderr}");

    // A type created by one migration (in the DSL or in raw SQL) is known to the others,
    // while a typo still fails.
    std::fs::write(
        dir.path().join("003_create_types.rs"),
        r#"migration! {
            createType("mood", ["happy", "sad"]);
            sql("CREATE DOMAIN email_address AS text CHECK (VALUE LIKE '%@%')");
            down { sql("DROP DOMAIN email_address"); sql("DROP TYPE mood"); }
        }"#,
    )
    .unwrap();
    let uses = dir.path().join("004_use_types.rs");
    std::fs::write(
        &uses,
        r#"migration! { addColumns("b", { mood: "mood", email: "email_address" }); }"#,
    )
    .unwrap();
    let (ok, stderr) = check(dir.path());
    assert!(ok, "{stderr}");
    std::fs::write(&uses, r#"migration! { addColumns("b", { mood: "mod" }); }"#).unwrap();
    let (ok, stderr) = check(dir.path());
    assert!(!ok);
    assert!(
        stderr.contains("unknown type `mod`; did you mean `mood`?"),
        "{stderr}"
    );
}

#[test]
fn a_relative_directory_is_the_packages_and_stray_non_utf8_names_are_ignored() {
    use std::os::unix::ffi::OsStrExt;
    let dir = workspace().join("target").join("build-script-relative");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("001_create_a.rs"), GOOD).unwrap();
    // A file that is not a migration may have any name.
    std::fs::write(dir.join(std::ffi::OsStr::from_bytes(b"notes-\xff.txt")), "").unwrap();
    let (ok, stderr) = check("../target/build-script-relative");
    assert!(ok, "{stderr}");
    // A migration's name must be UTF-8, since it becomes Rust source.
    std::fs::write(dir.join(std::ffi::OsStr::from_bytes(b"002_\xff.rs")), GOOD).unwrap();
    let (ok, stderr) = check("../target/build-script-relative");
    assert!(!ok);
    assert!(stderr.contains("is not UTF-8"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_mistake_against_an_earlier_migration_fails_the_build_at_its_token_and_hazards_warn() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("001_create_users.rs"),
        r#"migration! { createTable("users", { id: "id", email: "text" }); }"#,
    )
    .unwrap();
    // Line 3, column 27 (from 1): the string `"emial"`.
    std::fs::write(
        dir.path().join("002_index_users.rs"),
        "// Index the login column.\nmigration! {\n    createIndex(\"users\", [\"emial\"]);\n}\n",
    )
    .unwrap();
    let (ok, stderr) = check(dir.path());
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("error: unknown column `emial` in table `users`; did you mean `email`?"),
        "{stderr}"
    );
    assert!(stderr.contains("002_index_users.rs:3:27"), "{stderr}");
    // The hazard is a warning on the operation, with squawk's rule name.
    assert!(
        stderr.contains("[require-concurrent-index-creation]"),
        "{stderr}"
    );
    assert!(stderr.contains("002_index_users.rs:3:5"), "{stderr}");

    // Fixing the earlier migration (not the one at fault) fixes the build: the checks
    // follow every file.
    std::fs::write(
        dir.path().join("001_create_users.rs"),
        r#"migration! { createTable("users", { id: "id", emial: "text" }); }"#,
    )
    .unwrap();
    let (ok, stderr) = check(dir.path());
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("[require-concurrent-index-creation]"),
        "{stderr}"
    );

    // `allow` silences the rule; building concurrently avoids it.
    std::fs::write(
        dir.path().join("002_index_users.rs"),
        "migration! {\n    createIndex(\"users\", [\"emial\"], { concurrently: true });\n}\n",
    )
    .unwrap();
    let (ok, stderr) = check(dir.path());
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}
