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

/// [`schema`] without the tracking table `migrations` and its summary (the table, its
/// trigger function), which are the engine's.
pub fn schema_of_migrations(db: &TestDb, extra: &[&str]) -> String {
    let dump = schema(
        db,
        &[
            extra,
            &[
                "--exclude-table=migrations",
                "--exclude-table=migrations_summary",
            ],
        ]
        .concat(),
    );
    // pg_dump cannot leave out a function: its header and definition go here.
    let start = dump.find("\n--\n-- Name: migrations_summarize()");
    let end = start.and_then(|start| {
        // The end of its dollar-quoted body, whatever quote pg_dump chose.
        let close = "$;\n\n";
        dump[start..].find(close).map(|at| start + at + close.len())
    });
    match (start, end) {
        (Some(start), Some(end)) => format!("{}{}", &dump[..start], &dump[end..]),
        _ => dump,
    }
}
