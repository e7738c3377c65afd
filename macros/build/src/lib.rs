//! Embeds an application's migrations from its build script, so nobody keeps a list.
//!
//! ```text
//! // build.rs
//! fn main() {
//!     pgbatch_build::embed_migrations("migrations");
//! }
//! ```
//!
//! and in the crate, `pgbatch::embed_migrations!();` includes what this generates: one
//! module per file (the `migration!` expansion of a file the checks found nothing in,
//! else `include!` of the file with `pgbatch::migration!` in scope, so the macro
//! reports what is wrong at its token), the ordered `MIGRATIONS` list and
//! `MIGRATIONS_DIR`. Adding, editing, renaming or removing
//! a file reruns the build. A malformed file name or a duplicated number fails the
//! build with a message naming the file, and one migration may use a type another
//! creates.
//!
//! `MIGRATOR_MIGRATIONS_DIR`, when set, points the build at another directory (the
//! benchmarks use it).

mod check;
mod lint;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The file that [`embed_migrations`] writes in `OUT_DIR` and `pgbatch::embed_migrations!`
/// includes.
pub const GENERATED_FILE: &str = "pgbatch_migrations.rs";

/// Discovers `dir/NNN_snake_case_name.rs` (relative to the crate's manifest directory)
/// and writes the generated module list to `OUT_DIR`. Call it from `build.rs`; problems
/// become build errors (`cargo::error=`), never a panic.
pub fn embed_migrations(dir: impl AsRef<Path>) {
    println!("cargo::rerun-if-env-changed=MIGRATOR_MIGRATIONS_DIR");
    // The generated code tells the compiler from rust-analyzer (see `generate`).
    println!("cargo::rustc-check-cfg=cfg(rust_analyzer)");
    // Relative paths (the argument, or the variable) are the package's: the generated
    // `include!`s sit in OUT_DIR, so they must name files absolutely.
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let dir = match std::env::var_os("MIGRATOR_MIGRATIONS_DIR") {
        Some(dir) => manifest_dir.join(dir),
        None => manifest_dir.join(dir.as_ref()),
    };
    if dir.to_str().is_none() {
        // The path goes into generated Rust source, which must hold it exactly.
        println!(
            "cargo::error=the migrations directory {} is not a UTF-8 path; move it",
            dir.display()
        );
        return;
    }
    // A directory is watched as a whole: adding, renaming or removing a file, or
    // editing one, reruns this script (the files compiled from their expansion are not
    // `include!`d, so this is what sees their edits).
    println!("cargo::rerun-if-changed={}", dir.display());
    let out = Path::new(&env("OUT_DIR")).join(GENERATED_FILE);
    let generated = match list(&dir).and_then(|names| {
        pgbatch_files::discover(&names).map_err(|errors| {
            errors
                .iter()
                .map(|error| format!("{error} (in {})", dir.display()))
                .collect()
        })
    }) {
        Ok(files) => {
            let out_dir = PathBuf::from(env("OUT_DIR"));
            let sources = check::read(&dir, &files, Some(&out_dir));
            // One migration may use a type another creates.
            let known_types = check::known_types(&sources);
            println!(
                "cargo::rustc-env=MIGRATOR_KNOWN_TYPES={}",
                known_types.join(",")
            );
            let checked = findings(&sources, &known_types, &manifest_dir);
            generate(&dir, &files, &checked)
        }
        Err(errors) => {
            for error in errors {
                println!("cargo::error={error}");
            }
            generate(&dir, &[], &[])
        }
    };
    if let Err(error) = std::fs::write(&out, generated) {
        println!("cargo::error=cannot write {}: {error}", out.display());
    }
}

/// The folder [`embed_migrations`] writes in `OUT_DIR` for the macro: a file per
/// migration the checks went through (`001_create_users.rs.txt`), with what they found
/// in it (see `pgbatch_dsl::findings`). Each expansion of the macro reads its own file
/// only: one file for the whole crate would be read once per migration, a cost that
/// grows with the square of the history.
pub const FINDINGS_DIR: &str = "pgbatch_findings";

/// Replays the migrations over one schema model, checks and lints each against the
/// schema before it, and hands the findings to the macro (through the folder named by
/// `PGBATCH_FINDINGS`), which reports each at its token. Returns what the checks made of
/// each file they reached.
fn findings(
    sources: &[check::Source<'_>],
    known_types: &[String],
    manifest_dir: &Path,
) -> Vec<check::Checked> {
    let config = match check::config(manifest_dir) {
        Ok(config) => config,
        Err(error) => {
            println!("cargo::error={}", error.replace('\n', " "));
            return Vec::new();
        }
    };
    if let Some(path) = config.path() {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    let out_dir = PathBuf::from(env("OUT_DIR"));
    let run = check::Run::Build {
        out_dir: &out_dir,
        manifest_dir,
    };
    let checked = check::check(sources, known_types, &config, run);
    let out = out_dir.join(FINDINGS_DIR);
    match write_findings(&out, &checked) {
        Ok(()) => println!("cargo::rustc-env=PGBATCH_FINDINGS={}", out.display()),
        Err(error) => println!("cargo::error=cannot write {}: {error}", out.display()),
    }
    checked
}

/// One file per checked migration in `dir`, written only when it changed; the files of
/// migrations the checks did not go through (after one that does not parse, or removed)
/// are deleted, so their macro checks them alone instead of trusting an old file. A
/// file compiled from its expansion, unchanged since the last build, is not even
/// compared: only rust-analyzer's macro reads its findings.
fn write_findings(dir: &Path, checked: &[check::Checked]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut present = std::collections::HashSet::new();
    for entry in std::fs::read_dir(dir)? {
        present.insert(entry?.file_name().to_string_lossy().into_owned());
    }
    let mut kept = std::collections::HashSet::new();
    for one in checked {
        let name = format!("{}.txt", one.file);
        let path = dir.join(&name);
        if one.fresh || one.expansion.is_none() || !present.contains(&name) {
            let text = pgbatch_dsl::findings::encode(&[(one.file.clone(), one.findings.clone())]);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                std::fs::write(&path, text)?;
            }
        }
        kept.insert(name);
    }
    for name in present.difference(&kept) {
        std::fs::remove_file(dir.join(name))?;
    }
    Ok(())
}

/// One finding of the checks over a migrations directory, for tools and tests: what
/// the build reports at a token, with the file, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The migration's file name.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// Whether it fails the build.
    pub error: bool,
    /// The lint rule, for hazards.
    pub rule: Option<String>,
    /// The message.
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = if self.error { "error" } else { "warning" };
        let rule = self
            .rule
            .as_deref()
            .map(|rule| format!("[{rule}] "))
            .unwrap_or_default();
        write!(
            f,
            "{level}: {rule}{}\n  --> {}:{}:{}",
            self.message, self.file, self.line, self.column
        )
    }
}

/// Runs the build's checks over the migrations in `dir` (and the `[lint]` settings of
/// the `migrator.toml` above `settings_dir`) without building: what `cargo build` would
/// report, as data. An error when the folder cannot be read, a file is misnamed or the
/// settings are wrong.
pub fn check(dir: &Path, settings_dir: &Path) -> Result<Vec<Diagnostic>, Vec<String>> {
    let names = list(dir)?;
    let files = pgbatch_files::discover(&names)
        .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let config = check::config(settings_dir).map_err(|error| vec![error])?;
    let sources = check::read(dir, &files, None);
    let known_types = check::known_types(&sources);
    Ok(
        check::check(&sources, &known_types, &config, check::Run::Tool)
            .into_iter()
            .flat_map(|check::Checked { file, findings, .. }| {
                findings.into_iter().map(move |finding| Diagnostic {
                    file: file.clone(),
                    line: finding.start.0,
                    column: finding.start.1 + 1,
                    error: finding.level == pgbatch_dsl::findings::Level::Error,
                    rule: finding.rule,
                    message: finding.message,
                })
            })
            .collect(),
    )
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        println!("cargo::error=cargo did not set {name}");
        String::new()
    })
}

fn list(dir: &Path) -> Result<Vec<String>, Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|error| {
        vec![format!(
            "cannot read the migrations directory {}: {error}",
            dir.display()
        )]
    })?;
    let mut names = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|error| vec![format!("cannot list {}: {error}", dir.display())])?;
        match entry.file_name().into_string() {
            Ok(name) => names.push(name),
            // A name that is not UTF-8 is an error only where it would be a migration.
            Err(name) if name.to_string_lossy().ends_with(".rs") => {
                return Err(vec![format!(
                    "migration file name {name:?} is not UTF-8 (in {})",
                    dir.display()
                )]);
            }
            Err(_) => {}
        }
    }
    Ok(names)
}

/// The code `pgbatch::embed_migrations!` includes: a module per file, `MIGRATIONS` and
/// `MIGRATIONS_DIR`. A module is the macro's expansion when the checks found nothing in
/// its file (`checked`), so the compiler does not run the macro once per migration of a
/// long history; else the file itself, `include!`d, so the macro reports what is wrong
/// at its token. rust-analyzer always reads the files themselves, to expand, check and
/// show each migration in the editor.
fn generate(
    dir: &Path,
    files: &[pgbatch_files::MigrationFile],
    checked: &[check::Checked],
) -> String {
    let expansions: std::collections::HashMap<&str, &str> = checked
        .iter()
        .filter_map(|one| Some((one.file.as_str(), one.expansion.as_deref()?)))
        .collect();
    let mut code = String::from(
        "// @generated by pgbatch_build::embed_migrations from the migrations directory.\n\n",
    );
    for file in files {
        let path = dir.join(&file.file_name);
        let doc = format!("`{}`", file.file_name);
        let module = file.module_name();
        let include = format!(
            "pub mod {module} {{\n    use ::pgbatch::migration;\n    include!({path:?});\n}}\n",
            path = path.display().to_string(),
        );
        match expansions.get(file.file_name.as_str()) {
            Some(expansion) => {
                let _ = writeln!(
                    code,
                    "#[doc = {doc:?}]\n#[cfg(not(rust_analyzer))]\npub mod {module} {{\n{expansion}\n}}\n#[doc = {doc:?}]\n#[cfg(rust_analyzer)]\n{include}",
                );
            }
            None => {
                let _ = writeln!(code, "#[doc = {doc:?}]\n{include}");
            }
        }
    }
    code.push_str("/// Every migration in the migrations directory, in order.\npub static MIGRATIONS: &[::pgbatch::Migration] = &[\n");
    for file in files {
        let _ = writeln!(
            code,
            "    ::pgbatch::Migration {{ id: {}, name: {:?}, script: {}::SCRIPT }},",
            file.id,
            file.name,
            file.module_name()
        );
    }
    code.push_str("];\n\n");
    let _ = writeln!(
        code,
        "/// The directory the migrations were read from, where `create` writes new ones.\npub const MIGRATIONS_DIR: &str = {:?};",
        dir.display().to_string()
    );
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use pgbatch_dsl::findings::{Finding, Level, decode};

    #[test]
    fn each_checked_migration_gets_its_own_findings_file_and_the_others_none() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join(FINDINGS_DIR);
        let warning = Finding {
            level: Level::Warning,
            rule: Some("ban-drop-column".into()),
            message: "dropping a column".into(),
            start: (2, 4),
            end: (2, 9),
        };
        let read = |name: &str| std::fs::read_to_string(out.join(format!("{name}.txt"))).ok();
        let checked = |file: &str, findings: Vec<Finding>| check::Checked {
            file: file.into(),
            findings,
            expansion: None,
            fresh: true,
        };
        write_findings(
            &out,
            &[
                checked("001_a.rs", Vec::new()),
                checked("002_b.rs", vec![warning.clone()]),
            ],
        )
        .expect("written");
        let b = read("002_b.rs").expect("002's file");
        assert_eq!(decode(&b, "002_b.rs"), Some(vec![warning]));
        assert_eq!(
            decode(&read("001_a.rs").expect("001's file"), "001_a.rs"),
            Some(vec![])
        );
        // 002 no longer checked (after a file that does not parse, say): its old file
        // goes, so its macro checks it alone.
        write_findings(&out, &[checked("001_a.rs", Vec::new())]).expect("written");
        assert_eq!(read("002_b.rs"), None);
        assert!(read("001_a.rs").is_some());
    }

    #[test]
    fn a_file_the_checks_found_nothing_in_is_compiled_from_its_expansion_and_the_others_by_the_macro()
     {
        let files: Vec<_> = ["001_a.rs", "002_b.rs", "003_c.rs"]
            .into_iter()
            .map(|name| pgbatch_files::parse_file_name(name).expect("a name"))
            .collect();
        let expansion = "pub const SCRIPT: ::pgbatch::Script = ::pgbatch::Script { __v1: \"x\" };";
        let checked = [
            check::Checked {
                file: "001_a.rs".into(),
                findings: Vec::new(),
                expansion: Some(expansion.into()),
                fresh: true,
            },
            // A warning: the macro reports it at its token.
            check::Checked {
                file: "002_b.rs".into(),
                findings: vec![Finding {
                    level: Level::Warning,
                    rule: None,
                    message: "w".into(),
                    start: (1, 0),
                    end: (1, 1),
                }],
                expansion: None,
                fresh: false,
            },
            // 003 was not reached (after a file that does not parse): the macro too.
        ];
        let code = generate(Path::new("/m"), &files, &checked);
        let module = |name: &str| -> Vec<&str> {
            code.split("\n#[doc")
                .filter(|part| part.contains(&format!("pub mod {name} ")))
                .collect()
        };
        let a = module("m001_a");
        assert_eq!(a.len(), 2, "{code}");
        assert!(a[0].contains("#[cfg(not(rust_analyzer))]") && a[0].contains(expansion));
        assert!(
            a[1].contains("#[cfg(rust_analyzer)]") && a[1].contains(r#"include!("/m/001_a.rs")"#)
        );
        for (name, file) in [("m002_b", "002_b.rs"), ("m003_c", "003_c.rs")] {
            let parts = module(name);
            assert_eq!(parts.len(), 1, "{code}");
            assert!(!parts[0].contains("cfg("), "{code}");
            assert!(
                parts[0].contains(&format!(r#"include!("/m/{file}")"#)),
                "{code}"
            );
        }
        assert!(
            code.contains("::pgbatch::Migration { id: 3, name: \"c\", script: m003_c::SCRIPT },")
        );
    }
}
