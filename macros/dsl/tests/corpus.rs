//! The SQL that real migrations use, checked against the parser `sql("…")` relies on:
//! every valid statement is accepted, as one statement with the right transaction flag,
//! and every invalid one is rejected. Its purpose: an upgrade of squawk that rejects
//! valid SQL, or stops flagging a statement that must run outside a transaction, fails
//! here rather than in a user's build.
//!
//! The cases live in `tests/corpus/` (see its README): `valid/`, `invalid/`, and `gaps/`,
//! where squawk is known to be wrong. A gap is asserted to still be one, so the upgrade
//! that fixes it says so and the case moves to `valid/` or `invalid/`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A line of its own that separates cases in a corpus file. It is a SQL comment, so the
/// files can be run as they are (`psql -f`).
const SEPARATOR: &str = "----";

/// Marks a valid case PostgreSQL refuses inside a transaction block.
const OUTSIDE: &str = "-- outside a transaction";

struct Case {
    /// `file:line` of the case's first line.
    place: String,
    sql: String,
}

/// The cases of every `.sql` file in `tests/corpus/{dir}`, in file order. A chunk with
/// nothing but comments (a file's header) is no case.
fn cases(dir: &str) -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
        .unwrap_or_else(|error| panic!("tests/corpus/{dir}: {error}"))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("corpus file");
        let name = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .display()
            .to_string();
        let mut chunk: Vec<&str> = Vec::new();
        let mut first_line = 1;
        for (index, line) in text.lines().chain([SEPARATOR]).enumerate() {
            if line != SEPARATOR {
                chunk.push(line);
                continue;
            }
            let only_comments = chunk
                .iter()
                .all(|line| line.trim().is_empty() || line.trim_start().starts_with("--"));
            if !only_comments {
                cases.push(Case {
                    place: format!("{name}:{first_line}"),
                    sql: chunk.join("\n"),
                });
            }
            chunk.clear();
            first_line = index + 2;
        }
    }
    cases
}

/// Fails with every problem at once, so one run shows the whole damage of an upgrade.
fn report(problems: &[String], what: &str) {
    if !problems.is_empty() {
        let mut message = format!("{} {what}:\n", problems.len());
        for problem in problems {
            writeln!(message, "\n{problem}").expect("string");
        }
        panic!("{message}");
    }
}

#[test]
fn every_valid_statement_is_accepted_as_one_statement_with_its_transaction_flag() {
    let cases = cases("valid");
    assert!(cases.len() >= 300, "only {} valid cases", cases.len());
    let mut problems = Vec::new();
    for case in &cases {
        let outside = case.sql.lines().any(|line| line.trim() == OUTSIDE);
        match pgbatch_dsl::statements(&case.sql) {
            Ok(statements) => match statements.as_slice() {
                [statement] if statement.transaction == outside => problems.push(format!(
                    "{}: flagged {}, expected {}\n{}",
                    case.place,
                    flag(statement.transaction),
                    flag(!outside),
                    case.sql
                )),
                [_] => {}
                more => problems.push(format!(
                    "{}: split into {} statements\n{}",
                    case.place,
                    more.len(),
                    case.sql
                )),
            },
            Err(message) => problems.push(format!("{}: {message}\n{}", case.place, case.sql)),
        }
    }
    report(&problems, "valid statements not accepted as they should be");
}

fn flag(transaction: bool) -> &'static str {
    if transaction {
        "for a transaction"
    } else {
        "outside a transaction"
    }
}

#[test]
fn every_invalid_statement_is_rejected() {
    let cases = cases("invalid");
    assert!(cases.len() >= 100, "only {} invalid cases", cases.len());
    let problems: Vec<String> = cases
        .iter()
        .filter(|case| pgbatch_dsl::statements(&case.sql).is_ok())
        .map(|case| format!("{}: accepted\n{}", case.place, case.sql))
        .collect();
    report(&problems, "invalid statements accepted");
}

#[test]
fn known_squawk_gaps_are_still_gaps() {
    let mut problems = Vec::new();
    let rejected = cases("gaps/rejected-valid");
    let accepted = cases("gaps/accepted-invalid");
    for case in &rejected {
        if pgbatch_dsl::statements(&case.sql).is_ok() {
            problems.push(format!(
                "{}: squawk accepts this valid statement now; move it to valid/\n{}",
                case.place, case.sql
            ));
        }
    }
    for case in &accepted {
        if pgbatch_dsl::statements(&case.sql).is_err() {
            problems.push(format!(
                "{}: squawk rejects this invalid statement now; move it to invalid/\n{}",
                case.place, case.sql
            ));
        }
    }
    report(&problems, "known gaps closed");
}
