//! Adoption as an application team does it: `examples/app` (a workspace of its own with
//! crates named `db` and `cli`, depending on pgbatch by path as it would from
//! crates.io) builds, migrates, reports and reverts; `create` writes into the
//! application's folder; and `init` scaffolds a fresh application that then builds and
//! migrates.
//!
//! Both builds share a target directory of their own (`target/example-app`), so they
//! neither wait for nor disturb the build running these tests; a lock keeps them apart.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;
use tests::TestDb;

/// One cargo build at a time in the shared target directory.
static BUILD: Mutex<()> = Mutex::new(());

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn app() -> PathBuf {
    workspace().join("examples").join("app")
}

fn target() -> PathBuf {
    workspace().join("target").join("example-app")
}

/// `cargo build` of `package` in the workspace at `root`; panics with cargo's output.
fn build(root: &Path, package: &str) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--quiet", "-p", package, "--target-dir"])
        .arg(target())
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo build -p {package} in {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs the application binary `bin` in `dir` with `args`, with no settings from the
/// environment but the database URL (when given).
fn run(bin: &str, dir: &Path, url: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(target().join("debug").join(bin));
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("DATABASE_URL")
        .env_remove("MIGRATOR_ENV")
        .env_remove("MIGRATOR_CONFIG")
        .env_remove("MIGRATOR_TABLE");
    if let Some(url) = url {
        command.arg("--database-url").arg(url);
    }
    command.args(args).output().unwrap()
}

fn ok(output: Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "`{what}` failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Removes a file when dropped, so a failing test leaves no stray migration behind.
struct Remove(PathBuf);

impl Drop for Remove {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Runs `body` on a runtime of its own, so the build lock (a plain mutex) is never
/// held across an `.await` of the test's own.
fn block_on<F: std::future::Future>(body: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(body)
}

#[test]
fn the_example_application_migrates_reports_and_reverts_with_its_own_binary() {
    let _build = BUILD
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    build(&app(), "cli");
    block_on(migrate_report_revert());
}

async fn migrate_report_revert() {
    let db = TestDb::new().await;
    let url = db.url();

    ok(run("cli", &app(), Some(&url), &["up"]), "up");
    // The application's migrator.toml names its tracking table.
    let tracking = db.tracking_in("schema_migrations").await;
    let names: Vec<&str> = tracking.iter().map(|(_, name, _)| name.as_str()).collect();
    assert_eq!(names, ["create_mood", "create_diary_entries"]);
    assert!(tracking.iter().all(|(_, _, batch)| *batch == 1));
    // The second migration uses the type the first one creates.
    let client = db.client().await;
    let mood: String = client
        .query_one(
            "SELECT udt_name::text FROM information_schema.columns
             WHERE table_name = 'diary_entries' AND column_name = 'mood'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(mood, "mood");

    let status = ok(
        run("cli", &app(), Some(&url), &["status", "--json"]),
        "status",
    );
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status["isUpToDate"], true, "{status}");

    ok(run("cli", &app(), Some(&url), &["down"]), "down");
    assert_eq!(db.tracking_in("schema_migrations").await, []);
    let tables: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_class WHERE relname = 'diary_entries'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(tables, 0);
}

#[test]
fn create_writes_into_the_application_that_runs_it_and_never_into_another() {
    let _build = BUILD
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    build(&app(), "cli");
    let migrations = app().join("db").join("migrations");
    let ours = workspace().join("db").join("migrations");
    let expected = migrations.join("003_add_weather.rs");
    let _cleanup = [
        Remove(expected.clone()),
        Remove(migrations.join("003_stray.rs")),
        Remove(ours.join("004_stray.rs")),
    ];

    // The application's binary writes where its migrator.toml says.
    let printed = ok(
        run("cli", &app(), None, &["create", "add", "weather"]),
        "create",
    );
    assert_eq!(printed.trim(), expected.display().to_string());
    let text = std::fs::read_to_string(&expected).unwrap();
    assert!(text.contains("migration!"), "{text}");
    std::fs::remove_file(&expected).unwrap();

    // Without a migrations_dir setting, it writes where its migrations were embedded
    // from, which is inside the application.
    let empty = tempfile::NamedTempFile::new().unwrap();
    let printed = ok(
        run(
            "cli",
            &app().join("db"),
            None,
            &[
                "--config",
                empty.path().to_str().unwrap(),
                "create",
                "add",
                "weather",
            ],
        ),
        "create",
    );
    assert_eq!(printed.trim(), expected.display().to_string());

    // This repository's own binary, run from the application's folder without a
    // migrations_dir setting, refuses: its migrations live in this repository, not in
    // the application. Nothing is written anywhere.
    let (before_ours, before_app) = (listing(&ours), listing(&migrations));
    let output = tests::cli::bare("db")
        .current_dir(app())
        .arg("--config")
        .arg(empty.path())
        .args(["create", "stray"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("outside the project at"), "{stderr}");
    assert_eq!(listing(&ours), before_ours);
    assert_eq!(listing(&migrations), before_app);
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn init_scaffolds_an_application_that_builds_creates_and_migrates() {
    let _build = BUILD
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let shop = tempfile::tempdir().unwrap();
    let root = shop.path();
    std::fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"shop\"\nversion = \"0.1.0\"\nedition = \"2024\"\n# kept as written\n",
    )
    .unwrap();
    std::fs::create_dir(root.join("src")).unwrap();
    std::fs::write(root.join("src").join("lib.rs"), "").unwrap();

    let output = tests::cli::bare("none")
        .current_dir(root)
        .args(["init", "--pgbatch-path"])
        .arg(workspace())
        .output()
        .unwrap();
    ok(output, "init");
    for file in [
        "migrate/Cargo.toml",
        "migrate/build.rs",
        "migrate/src/lib.rs",
        "migrate/src/main.rs",
        "migrate/migrations/.gitkeep",
        "migrator.toml",
    ] {
        assert!(root.join(file).exists(), "{file} was not written");
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("# kept as written"), "{manifest}");
    assert!(manifest.contains("members = [\"migrate\"]"), "{manifest}");
    let main = std::fs::read_to_string(root.join("migrate/src/main.rs")).unwrap();
    assert_eq!(main.lines().count(), 3, "{main}");

    // A second `init` refuses rather than overwrite.
    let again = tests::cli::bare("none")
        .current_dir(root)
        .args(["init"])
        .output()
        .unwrap();
    assert!(!again.status.success());

    // The same dependency versions as the example application, so the shared target
    // directory already holds them.
    std::fs::copy(app().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    build(root, "migrate");
    let created = ok(
        run(
            "migrate",
            &root.join("src"),
            None,
            &["create", "create", "notes"],
        ),
        "create",
    );
    let file = root.join("migrate/migrations/001_create_notes.rs");
    assert_eq!(created.trim(), file.display().to_string());
    std::fs::write(
        &file,
        "migration! {\n    createTable(\"notes\", { id: \"id\", body: \"text\" });\n}\n",
    )
    .unwrap();
    build(root, "migrate");

    block_on(async {
        let db = TestDb::new().await;
        ok(run("migrate", root, Some(&db.url()), &["up"]), "up");
        assert_eq!(db.tracking().await, [(1, "create_notes".to_owned(), 1)]);
        assert_eq!(db.count("notes").await, 0);
    });
}

#[test]
fn init_that_cannot_join_the_workspace_writes_nothing() {
    let broken = tempfile::tempdir().unwrap();
    let manifest = "[workspace]\nmembers = \"oops\"\n";
    std::fs::write(broken.path().join("Cargo.toml"), manifest).unwrap();
    let output = tests::cli::bare("none")
        .current_dir(broken.path())
        .arg("init")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`workspace.members`"), "{stderr}");
    assert_eq!(listing(broken.path()), ["Cargo.toml"]);
    assert_eq!(
        std::fs::read_to_string(broken.path().join("Cargo.toml")).unwrap(),
        manifest
    );
}

#[test]
fn create_outside_any_cargo_project_refuses_to_write_into_the_binarys_sources() {
    let elsewhere = tempfile::tempdir().unwrap();
    let ours = workspace().join("db").join("migrations");
    let before = listing(&ours);
    let output = tests::cli::bare("db")
        .current_dir(elsewhere.path())
        .args(["create", "stray"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not inside a Cargo project"), "{stderr}");
    assert_eq!(listing(&ours), before);
    assert!(listing(elsewhere.path()).is_empty());
}
