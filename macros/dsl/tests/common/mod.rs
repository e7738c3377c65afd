//! The snapshot helper the generation tests share.

use expect_test::Expect;

/// Renders a migration's generated steps, marking those outside a transaction.
fn render(input: &str) -> String {
    let tokens: proc_macro2::TokenStream = input.parse().expect("tokens");
    let migration =
        pgbatch_dsl::parse_and_check(tokens, &[]).unwrap_or_else(|error| panic!("{error}"));
    let script = pgbatch_dsl::sql::generate(&migration);
    let mut out = String::new();
    let mut section = |title: &str, steps: &[pgbatch_dsl::sql::Step]| {
        for (index, step) in steps.iter().enumerate() {
            let note = if step.transaction {
                ""
            } else {
                ", outside a transaction"
            };
            out.push_str(&format!(
                "-- {title} step {}{note}\n{}\n",
                index + 1,
                step.sql
            ));
        }
    };
    section("up", &script.up);
    match &script.down {
        Some(down) if down.is_empty() => out.push_str("-- down: nothing to do\n"),
        Some(down) => section("down", down),
        None => out.push_str("-- down: none (irreversible)\n"),
    }
    out
}

pub(crate) fn check(input: &str, expected: Expect) {
    expected.assert_eq(&render(input));
}
