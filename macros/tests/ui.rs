//! Compile-fail tests: each mistake in `migration!` is an error on the token at fault.
//! The `.stderr` files are generated with `TRYBUILD=overwrite cargo test -p macros`
//! and then read.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
