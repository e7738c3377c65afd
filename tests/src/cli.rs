//! Running the real command line (through the fixture binary) against a test database.

use crate::TestDb;
use std::process::Output;

/// The command line over the fixture set `fixture`, pointed at `db`, without colour,
/// in a directory with no `.env`.
pub fn command(db: &TestDb, fixture: &str) -> assert_cmd::Command {
    // Cargo builds the package's binaries before its integration tests run; the lookup
    // is by path because only the test targets themselves see CARGO_BIN_EXE_*.
    let mut command = assert_cmd::Command::cargo_bin("fixture").unwrap();
    command
        .env("FIXTURE", fixture)
        .env("NO_COLOR", "1")
        .env_remove("DATABASE_URL")
        .current_dir(std::env::temp_dir())
        .arg("--database-url")
        .arg(db.url());
    command
}

/// Runs `args` and returns the output, whatever the exit code.
pub fn run(db: &TestDb, fixture: &str, args: &[&str]) -> Output {
    command(db, fixture).args(args).output().unwrap()
}

/// Runs `args`, asserts success, and returns stdout.
pub fn ok(db: &TestDb, fixture: &str, args: &[&str]) -> String {
    let output = run(db, fixture, args);
    assert!(
        output.status.success(),
        "`{}` failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs `args`, asserts exit code 1 with nothing on stdout and no panic, and returns stderr.
pub fn fails(db: &TestDb, fixture: &str, args: &[&str]) -> String {
    let output = run(db, fixture, args);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "`{}`: {stderr}",
        args.join(" ")
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    stderr
}
