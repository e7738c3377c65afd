//! Running the real command line (through the fixture binary) against a test database.

use crate::TestDb;
use std::process::{Command, Output};

/// The command line over the fixture set `fixture`, pointed at `db`, without colour,
/// in a directory with no `.env`.
pub fn command(db: &TestDb, fixture: &str) -> Command {
    let mut command = bare(fixture);
    command.arg("--database-url").arg(db.url());
    command
}

/// The command line over the fixture set `fixture`, with no database settings.
pub fn bare(fixture: &str) -> Command {
    // Cargo builds the package's binaries before its integration tests run; the lookup
    // is by path because only the test targets themselves see CARGO_BIN_EXE_*.
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("fixture"));
    command
        .env("FIXTURE", fixture)
        .env("NO_COLOR", "1")
        .env_remove("DATABASE_URL")
        .env_remove("RUST_BACKTRACE")
        .current_dir(std::env::temp_dir());
    for name in [
        "DB_HOST",
        "DB_PORT",
        "DB_NAME",
        "DB_USER",
        "DB_PASSWORD",
        "MIGRATOR_ENV",
        "MIGRATOR_CONFIG",
        "MIGRATOR_TABLE",
        "MIGRATOR_LOCK_WAIT",
        "MIGRATOR_LOCK_TIMEOUT",
        "MIGRATOR_LOCK_RETRIES",
        "MIGRATOR_STATEMENT_TIMEOUT",
        "MIGRATOR_PG_DUMP",
        "MIGRATOR_TARGET",
        // A developer's libpq settings must not leak into the tests.
        "PGHOST",
        "PGPORT",
        "PGUSER",
        "PGPASSWORD",
        "PGDATABASE",
        "PGPASSFILE",
        "PGSSLMODE",
        "PGSSLROOTCERT",
        "PGAPPNAME",
        "PGCONNECT_TIMEOUT",
    ] {
        command.env_remove(name);
    }
    command
}

/// Runs `args` and returns the output, whatever the exit code.
pub fn run(db: &TestDb, fixture: &str, args: &[&str]) -> Output {
    command(db, fixture).args(args).output().unwrap()
}

/// Runs `args`, asserts success, and returns stdout.
pub fn ok(db: &TestDb, fixture: &str, args: &[&str]) -> String {
    succeeded(run(db, fixture, args), args)
}

/// Asserts that `output` (of `args`) is a success and returns its stdout.
pub fn succeeded(output: Output, args: &[&str]) -> String {
    assert!(
        output.status.success(),
        "`{}` failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs `args`, asserts exit code 1 and no panic, and returns stderr.
pub fn fails(db: &TestDb, fixture: &str, args: &[&str]) -> String {
    failed(run(db, fixture, args), args)
}

/// Asserts that `output` is a clean failure (exit code 1, one `error:` message, no
/// panic or backtrace) and returns its stderr.
pub fn failed(output: Output, args: &[&str]) -> String {
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

/// Starts `count` runners of `args` at once and returns, once all have finished, the
/// stdout of each, asserting that every one succeeded.
pub fn all_at_once(db: &TestDb, fixture: &str, args: &[&str], count: usize) -> Vec<String> {
    let children: Vec<_> = (0..count)
        .map(|_| {
            command(db, fixture)
                .args(args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            String::from_utf8(output.stdout).unwrap()
        })
        .collect()
}

/// Quotes `text` for `sh`.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Runs `fixture` on a pseudo-terminal: `script` runs the command line there and
/// copies what it shows (stdout and stderr both) to its own stdout.
pub fn at_a_terminal(fixture: &std::process::Command) -> std::process::Output {
    let mut line = shell_quote(&fixture.get_program().to_string_lossy());
    for arg in fixture.get_args() {
        line.push(' ');
        line.push_str(&shell_quote(&arg.to_string_lossy()));
    }
    let mut script = std::process::Command::new("script");
    script.args(["-qec", &line, "/dev/null"]);
    for (name, value) in fixture.get_envs() {
        match value {
            Some(value) => script.env(name, value),
            None => script.env_remove(name),
        };
    }
    if let Some(dir) = fixture.get_current_dir() {
        script.current_dir(dir);
    }
    script.output().unwrap()
}
