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
//! module per file (`include!` of the file, with `pgbatch::migration!` in scope), the
//! ordered `MIGRATIONS` list and `MIGRATIONS_DIR`. Adding, editing, renaming or removing
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
    // editing one, reruns this script. (Edits are also tracked by `include!`.)
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
            let sources = check::read(&dir, &files);
            // One migration may use a type another creates.
            let known_types = check::known_types(&sources);
            println!(
                "cargo::rustc-env=MIGRATOR_KNOWN_TYPES={}",
                known_types.join(",")
            );
            findings(&sources, &known_types, &manifest_dir);
            generate(&dir, &files)
        }
        Err(errors) => {
            for error in errors {
                println!("cargo::error={error}");
            }
            generate(&dir, &[])
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
/// `PGBATCH_FINDINGS`), which reports each at its token.
fn findings(sources: &[check::Source<'_>], known_types: &[String], manifest_dir: &Path) {
    let config = match check::config(manifest_dir) {
        Ok(config) => config,
        Err(error) => {
            println!("cargo::error={}", error.replace('\n', " "));
            return;
        }
    };
    if let Some(path) = config.path() {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    let out_dir = PathBuf::from(env("OUT_DIR"));
    let found = check::check(sources, known_types, &config, false, Some(&out_dir));
    let out = out_dir.join(FINDINGS_DIR);
    match write_findings(&out, &found) {
        Ok(()) => println!("cargo::rustc-env=PGBATCH_FINDINGS={}", out.display()),
        Err(error) => println!("cargo::error=cannot write {}: {error}", out.display()),
    }
}

/// One file per checked migration in `dir`, written only when it changed; the files of
/// migrations the checks did not go through (after one that does not parse, or removed)
/// are deleted, so their macro checks them alone instead of trusting an old file.
fn write_findings(
    dir: &Path,
    found: &[(String, Vec<pgbatch_dsl::findings::Finding>)],
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut kept = std::collections::HashSet::new();
    for one in found {
        let name = format!("{}.txt", one.0);
        let text = pgbatch_dsl::findings::encode(std::slice::from_ref(one));
        let path = dir.join(&name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text)?;
        }
        kept.insert(name);
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if !kept.contains(entry.file_name().to_string_lossy().as_ref()) {
            std::fs::remove_file(entry.path())?;
        }
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
    let sources = check::read(dir, &files);
    let known_types = check::known_types(&sources);
    Ok(check::check(&sources, &known_types, &config, true, None)
        .into_iter()
        .flat_map(|(file, findings)| {
            findings.into_iter().map(move |finding| Diagnostic {
                file: file.clone(),
                line: finding.start.0,
                column: finding.start.1 + 1,
                error: finding.level == pgbatch_dsl::findings::Level::Error,
                rule: finding.rule,
                message: finding.message,
            })
        })
        .collect())
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

fn generate(dir: &Path, files: &[pgbatch_files::MigrationFile]) -> String {
    let mut code = String::from(
        "// @generated by pgbatch_build::embed_migrations from the migrations directory.\n\n",
    );
    for file in files {
        let path = dir.join(&file.file_name);
        let _ = writeln!(
            code,
            "#[doc = {doc:?}]\npub mod {module} {{\n    use ::pgbatch::migration;\n    include!({path:?});\n}}\n",
            doc = format!("`{}`", file.file_name),
            module = file.module_name(),
            path = path.display().to_string(),
        );
    }
    code.push_str("/// Every migration in the migrations directory, in order.\npub static MIGRATIONS: &[::pgbatch::Migration] = &[\n");
    for file in files {
        let _ = writeln!(
            code,
            "    ::pgbatch::Migration::new({}, {:?}, {}::SCRIPT),",
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
        write_findings(
            &out,
            &[
                ("001_a.rs".into(), Vec::new()),
                ("002_b.rs".into(), vec![warning.clone()]),
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
        write_findings(&out, &[("001_a.rs".into(), Vec::new())]).expect("written");
        assert_eq!(read("002_b.rs"), None);
        assert!(read("001_a.rs").is_some());
    }
}
