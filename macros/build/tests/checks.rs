//! The build's checks over whole migration sets: each folder of `tests/checks/` holds
//! the migrations that follow `base.rs` (which every set starts from, as
//! `001_base.rs`), with one mistake (or, in `pass/`, none), and `expected.txt` is what
//! the build reports, as `cargo build` shows it at the token. The files are generated
//! with `PGBATCH_BLESS=1 cargo test -p pgbatch-build --test checks`, then read.

use std::path::Path;

#[test]
fn each_migration_set_reports_what_its_expected_file_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/checks");
    let bless = std::env::var_os("PGBATCH_BLESS").is_some();
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/checks")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() > 30, "found only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("?");
        let set = with_base(case);
        let rendered = match pgbatch_build::check(set.path(), set.path()) {
            Ok(diagnostics) => diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            Err(problems) => format!("problems: {}", problems.join("\n")),
        };
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, format!("{rendered}\n")).expect("write expected.txt");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected.trim_end() != rendered.trim_end() {
            failures.push(format!(
                "{name}:\n--- expected\n{}\n--- found\n{rendered}",
                expected.trim_end()
            ));
        }
        // A mistake case reports exactly one error; the passing set reports none.
        let errors = rendered
            .lines()
            .filter(|line| line.starts_with("error"))
            .count();
        let wanted = if name.starts_with("pass") || name.starts_with("lint-") {
            0
        } else {
            1
        };
        if errors != wanted {
            failures.push(format!(
                "{name}: {errors} errors, expected {wanted}:\n{rendered}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The migrations of `case` (and its `migrator.toml`, if any) after the shared base, in
/// a directory of their own.
fn with_base(case: &Path) -> tempfile::TempDir {
    let set = tempfile::tempdir().expect("tempdir");
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/checks/base.rs");
    std::fs::copy(base, set.path().join("001_base.rs")).expect("copy the base");
    for entry in std::fs::read_dir(case).expect("case") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_owned();
        if name != "expected.txt" {
            std::fs::copy(&path, set.path().join(name)).expect("copy a migration");
        }
    }
    set
}
