//! `pg_dump --schema-only` of a test database, as a second opinion on its schema.

use crate::TestDb;

/// `pg_dump --schema-only --no-owner --no-privileges` of `db`, with `extra` arguments
/// (`--no-comments`, `--exclude-table=…`), without the random fence of recent pg_dump
/// versions (`\restrict KEY`), which is not schema.
pub fn schema(db: &TestDb, extra: &[&str]) -> String {
    let output = std::process::Command::new(crate::pg_bin("pg_dump"))
        .args(["--schema-only", "--no-owner", "--no-privileges"])
        .args(extra)
        .arg("-d")
        .arg(db.url())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with("\\restrict") && !line.starts_with("\\unrestrict"))
        .collect::<Vec<_>>()
        .join("\n")
}
