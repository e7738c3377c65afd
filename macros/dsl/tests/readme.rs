//! The README's operation tables: each row `| `DSL` | `SQL` |` is generated here, and
//! the SQL must be what the row says (statements of a step joined by `; `; a row may
//! add `; down: …`, which is then the derived down's first step, or `the rename back`).

use std::path::Path;

/// Each step's statements joined by `; `, steps joined by `; ` too.
fn flat(steps: &[pgbatch_dsl::sql::Step]) -> String {
    steps
        .iter()
        .map(|step| {
            step.sql
                .trim_end_matches(';')
                .split(";\n")
                .map(|statement| statement.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn every_dsl_to_sql_row_of_the_readme_is_what_the_macro_generates() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .expect("README.md");
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in readme.lines() {
        let Some(row) = line.strip_prefix("| `") else {
            continue;
        };
        let Some((dsl, rest)) = row.split_once("` | `") else {
            continue;
        };
        if !dsl.ends_with(';') || !dsl.contains('(') {
            continue;
        }
        let Some(expected) = rest.strip_suffix(" |") else {
            continue;
        };
        let (up, down) = match expected.split_once("`; down: ") {
            Some((up, down)) => (up.to_owned(), Some(down.trim_matches('`').to_owned())),
            None => (expected.trim_end_matches('`').to_owned(), None),
        };
        let tokens: proc_macro2::TokenStream = match dsl.parse() {
            Ok(tokens) => tokens,
            Err(error) => {
                failures.push(format!("{dsl}: {error}"));
                continue;
            }
        };
        // Rows may name types and functions other rows create.
        let known = ["mood".to_owned(), "address".to_owned()];
        let migration = match pgbatch_dsl::parse_and_check(tokens, &known) {
            Ok(migration) => migration,
            Err(error) => {
                // Irreversible rows need a down block to check; retry with one.
                let with_down = format!("{dsl} down {{ noop; }}");
                match pgbatch_dsl::parse_and_check(with_down.parse().expect("tokens"), &known) {
                    Ok(migration) => migration,
                    Err(_) => {
                        failures.push(format!("{dsl}: {error}"));
                        continue;
                    }
                }
            }
        };
        let script = pgbatch_dsl::sql::generate(&migration);
        let generated = flat(&script.up);
        if generated != up {
            failures.push(format!(
                "{dsl}\n  README:    {up}\n  generated: {generated}"
            ));
        }
        if let Some(down) = down {
            let derived = script.down.as_deref().map(flat).unwrap_or_default();
            let renamed_back = down == "the rename back" && derived.contains("RENAME");
            if !renamed_back && !derived.starts_with(down.trim_end_matches("`")) {
                failures.push(format!(
                    "{dsl}\n  README down: {down}\n  derived:     {derived}"
                ));
            }
        }
        checked += 1;
    }
    assert!(checked > 40, "found only {checked} rows");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
