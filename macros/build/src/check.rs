//! The checks that need every migration: replays them in order over one schema model,
//! checking each against the schema the ones before it produce, and lints each one's
//! SQL for hazards. What it finds goes to the macro, which reports it at the token.

use crate::lint::{self, LintConfig, LintInput, LintStatement};
use pgbatch_dsl::findings::{Finding, Level};
use pgbatch_dsl::model::{Migration, Operation, OperationKind};
use pgbatch_files::MigrationFile;
use pgbatch_schema::{ObjectName, Schema};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod cache;

/// One migration file's source, read by the build.
#[derive(Debug)]
pub(crate) struct Source<'a> {
    /// Its name and number.
    pub(crate) file: &'a MigrationFile,
    /// Its path, as the generated code `include!`s it.
    pub(crate) path: PathBuf,
    /// Its text (`None` when it could not be read: the compiler will say why).
    pub(crate) text: Option<String>,
    /// The types it creates, found without parsing it whole.
    pub(crate) types: Vec<String>,
}

/// Reads every migration file of `dir`. With a `cache` directory, the types a file
/// creates are found again only when its text changed (finding them parses the file).
pub(crate) fn read<'a>(
    dir: &Path,
    files: &'a [MigrationFile],
    cache: Option<&Path>,
) -> Vec<Source<'a>> {
    let known = cache.map(cache::load_types).unwrap_or_default();
    let seed = cache::seed("types");
    let mut found = std::collections::HashMap::new();
    let sources: Vec<Source<'a>> = files
        .iter()
        .map(|file| {
            let path = dir.join(&file.file_name);
            let text = std::fs::read_to_string(&path).ok();
            let types = text
                .as_deref()
                .map(|text| {
                    let hash = cache::text_hash(seed, text);
                    let types = known
                        .get(&hash)
                        .cloned()
                        .unwrap_or_else(|| pgbatch_dsl::created_types(text));
                    found.insert(hash, types.clone());
                    types
                })
                .unwrap_or_default();
            Source {
                file,
                path,
                text,
                types,
            }
        })
        .collect();
    if let Some(dir) = cache
        && found != known
    {
        cache::store_types(dir, &found);
    }
    sources
}

/// The types the migrations create, sorted, so one migration may use a type another
/// creates (the macro's own check of type names is not ordered; `check` is).
pub(crate) fn known_types(sources: &[Source<'_>]) -> Vec<String> {
    let mut types: Vec<String> = sources
        .iter()
        .flat_map(|source| source.types.iter().cloned())
        .collect();
    types.sort();
    types.dedup();
    types
}

/// Who runs the checks, which decides what they produce.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Run<'a> {
    /// A build: the macro reports each file's own errors itself; a cache in `out_dir`
    /// spares the files before the first change; a file without findings gets its
    /// expansion, its steps naming it relative to `manifest_dir`.
    Build {
        out_dir: &'a Path,
        manifest_dir: &'a Path,
    },
    /// A tool that runs the checks without building: each file's own errors too.
    Tool,
}

/// What the checks made of one file.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    /// The file's name.
    pub(crate) file: String,
    /// What they found in it.
    pub(crate) findings: Vec<Finding>,
    /// In a build, for a file without findings: the module body the macro would expand
    /// it to (see `pgbatch_dsl::expansion`), which the generated code holds in place of
    /// the macro.
    pub(crate) expansion: Option<String>,
    /// Checked by this run, not taken from the last build's.
    pub(crate) fresh: bool,
}

/// What the checks made of each file, in order. Files after one that does not parse or
/// check alone get nothing: their schema is not known until it is fixed, and the macro
/// checks them alone meanwhile.
pub(crate) fn check(
    sources: &[Source<'_>],
    known_types: &[String],
    config: &LintConfig,
    run: Run<'_>,
) -> Vec<Checked> {
    let (cached, manifest_dir) = match run {
        Run::Build {
            out_dir,
            manifest_dir,
        } => (cache::load(out_dir), Some(manifest_dir)),
        Run::Tool => (Vec::new(), None),
    };
    let types = TypesCreated::of(sources);
    // The crate's directory is in the key, and each file's path: the expansions name
    // the files relative to it.
    let mut key = cache::seed(&format!("{config:?} {manifest_dir:?}"));
    let keys: Vec<u64> = sources
        .iter()
        .map(|source| {
            key = cache::key(key, &source.path, source.text.as_deref());
            key
        })
        .collect();
    // The files before the first change keep what the last build found. The schema
    // after them is a model a build saved (see `cache::load_model`), else their SQL
    // replayed (much cheaper than checking them again).
    let reused = cached
        .iter()
        .zip(&keys)
        .take_while(|(entry, key)| {
            entry.key == **key && entry.findings.iter().all(|f| f.level != Level::Error)
        })
        .count();
    let mut entries: Vec<cache::Entry> = cached.into_iter().take(reused).collect();
    // Nothing changed: nothing to check, and the saved models stay as they are.
    let unchanged = reused == sources.len() && reused > 0;
    let saved = match (run, entries.last()) {
        _ if unchanged => Some(Schema::default()),
        (Run::Build { out_dir, .. }, Some(last)) => cache::load_model(out_dir, last.key),
        _ => None,
    };
    let mut schema = saved.unwrap_or_else(|| {
        let mut schema = Schema::default();
        for sql in entries.iter().flat_map(|entry| &entry.statements) {
            schema.apply(sql);
        }
        schema
    });
    let mut out: Vec<Checked> = entries.iter().map(cache::Entry::checked).collect();
    let mut complete = true;
    for (index, source) in sources.iter().enumerate().skip(reused) {
        let file = &source.file.file_name;
        let key = keys[index];
        let migration = match parse(source, known_types) {
            Ok(migration) => migration,
            Err(errors) => {
                if let Run::Tool = run {
                    out.push(Checked {
                        file: file.clone(),
                        findings: errors,
                        expansion: None,
                        fresh: true,
                    });
                }
                complete = false;
                break;
            }
        };
        // Each operation's SQL, generated once: linted now, replayed from the cache later.
        let forward: Vec<Vec<pgbatch_dsl::model::Statement>> =
            migration.up.iter().map(pgbatch_dsl::sql::forward).collect();
        let context = Context {
            prior: &entries,
            sources,
            index,
            known_types,
            later_types: types.after(index),
        };
        let mut findings = check_one(&migration, &mut schema, &context);
        findings.extend(hazards(&forward, &migration, config));
        let expansion = manifest_dir
            .filter(|_| findings.is_empty())
            .map(|dir| pgbatch_dsl::expansion(&migration, &source.path, dir).to_string());
        entries.push(cache::Entry {
            key,
            file: file.clone(),
            statements: forward
                .into_iter()
                .flatten()
                .map(|statement| statement.sql)
                .collect(),
            findings,
            expansion,
        });
        out.extend(entries.last().map(|entry| Checked {
            fresh: true,
            ..entry.checked()
        }));
    }
    if let Run::Build { out_dir, .. } = run
        && !unchanged
    {
        cache::store(out_dir, &entries);
        // The model after every file, for the next build, unless a file has errors
        // (the model after it is not the one a fixed file gives).
        let clean = entries
            .iter()
            .all(|entry| entry.findings.iter().all(|f| f.level != Level::Error));
        let last = entries.last().filter(|_| complete && clean);
        cache::store_model(out_dir, last.map(|entry| (entry.key, &schema)));
    }
    out
}

/// What checking the `index`-th migration needs besides the schema.
struct Context<'c, 's> {
    /// The entries of the files before it: their SQL rebuilds the schema before it.
    prior: &'c [cache::Entry],
    sources: &'c [Source<'s>],
    index: usize,
    known_types: &'c [String],
    /// The types later files create.
    later_types: pgbatch_dsl::Later,
}

/// Checks the `index`-th migration against `schema`, and applies it. Nothing is copied
/// for the usual case, a migration without errors: a copy of the schema per file would
/// make a history's check grow with its square.
fn check_one(
    migration: &Migration,
    schema: &mut Schema,
    context: &Context<'_, '_>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Err(errors) = pgbatch_dsl::replay(migration, schema, &context.later_types) {
        // The hints name the later migration that creates a missing table: finding it
        // means parsing every later file, so only now, on the schema as it was before
        // this migration, rebuilt from the SQL of the ones before it.
        let mut again = Schema::default();
        for sql in context.prior.iter().flat_map(|entry| &entry.statements) {
            again.apply(sql);
        }
        let later = later(&context.sources[context.index + 1..], context.known_types);
        let errors = pgbatch_dsl::replay(migration, &mut again, &later)
            .err()
            .unwrap_or(errors);
        *schema = again;
        findings.extend(errors_at(errors));
    }
    findings.extend(unknown_rules(migration));
    findings
}

/// Every type the migrations create, with the files that create it, in order: the
/// types created after a file are found without going through every later file.
struct TypesCreated(BTreeMap<ObjectName, Vec<(usize, String)>>);

impl TypesCreated {
    fn of(sources: &[Source<'_>]) -> Self {
        let mut created: BTreeMap<ObjectName, Vec<(usize, String)>> = BTreeMap::new();
        for (index, source) in sources.iter().enumerate() {
            for name in source.types.iter().filter(|name| *name != "*") {
                created
                    .entry(ObjectName::new(None, name))
                    .or_default()
                    .push((index, source.file.file_name.clone()));
            }
        }
        TypesCreated(created)
    }

    /// The types the files after the `index`-th create, with the first file creating
    /// each: a type used too early is an error, so every file needs it.
    fn after(&self, index: usize) -> pgbatch_dsl::Later {
        let mut later = pgbatch_dsl::Later::default();
        for (name, files) in &self.0 {
            if let Some((_, file)) = files.iter().find(|(at, _)| *at > index) {
                later.created.insert(name.clone(), file.clone());
            }
        }
        later
    }
}

fn errors_at(errors: syn::Error) -> impl Iterator<Item = Finding> {
    errors
        .into_iter()
        .map(|error| Finding::at(Level::Error, error.span(), error.to_string()))
}

/// The migration in a file, parsed and checked alone (as the macro does), or the
/// errors the macro will report.
fn parse(source: &Source<'_>, known_types: &[String]) -> Result<Migration, Vec<Finding>> {
    let whole = |message: &str| {
        vec![Finding {
            level: Level::Error,
            rule: None,
            message: message.to_owned(),
            start: (1, 0),
            end: (1, 0),
        }]
    };
    let text = source
        .text
        .as_deref()
        .ok_or_else(|| whole("cannot read the file"))?;
    let file = syn::parse_file(text).map_err(|error| errors_at(error).collect::<Vec<_>>())?;
    let tokens = file
        .items
        .into_iter()
        .find_map(|item| match item {
            syn::Item::Macro(item) if item.mac.path.segments.last()?.ident == "migration" => {
                Some(item.mac.tokens)
            }
            _ => None,
        })
        .ok_or_else(|| whole("no `migration! { … }` in the file"))?;
    pgbatch_dsl::parse_and_check(tokens, known_types).map_err(|error| errors_at(error).collect())
}

/// The tables and types the migrations of `sources` (the ones after a file) create,
/// with the file that creates each first.
fn later(sources: &[Source<'_>], known_types: &[String]) -> pgbatch_dsl::Later {
    let mut later = TypesCreated::of(sources).after(0);
    if let Some(first) = sources.first() {
        for name in first.types.iter().filter(|name| *name != "*") {
            later
                .created
                .insert(ObjectName::new(None, name), first.file.file_name.clone());
        }
    }
    for source in sources {
        let Ok(migration) = parse(source, known_types) else {
            continue;
        };
        for op in &migration.up {
            let name = match &op.kind {
                OperationKind::CreateTable { table, .. } => table,
                OperationKind::CreateType { name, .. } => name,
                _ => continue,
            };
            later
                .created
                .entry(pgbatch_dsl::object_name(name))
                .or_insert_with(|| source.file.file_name.clone());
        }
    }
    later
}

/// squawk-linter's hazards in a migration's up, reported at the operation.
fn hazards(
    forward: &[Vec<pgbatch_dsl::model::Statement>],
    migration: &Migration,
    config: &LintConfig,
) -> Vec<Finding> {
    let statements: Vec<LintStatement<'_>> = forward
        .iter()
        .enumerate()
        .flat_map(|(operation, statements)| {
            statements.iter().map(move |statement| LintStatement {
                sql: &statement.sql,
                operation,
                transaction: statement.transaction,
            })
        })
        .collect();
    let allowed =
        |operation: usize, rule: &str| allows(migration, migration.up.get(operation), rule);
    lint::lint(
        &LintInput {
            statements: &statements,
        },
        config,
        &allowed,
    )
    .into_iter()
    .filter_map(|finding| {
        let op: &Operation = migration.up.get(finding.operation)?;
        let mut message = house_style(&finding.message);
        if let Some(help) = finding.help {
            message = format!("{message}; {}", house_style(&help));
        }
        let level = if finding.deny {
            Level::Error
        } else {
            Level::Warning
        };
        let mut reported = Finding::at(level, op.span, message);
        reported.rule = Some(finding.rule);
        Some(reported)
    })
    .collect()
}

/// squawk's sentences in the DSL's message style: lowercase first, no final period.
fn house_style(sentence: &str) -> String {
    let sentence = sentence.trim().trim_end_matches('.');
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) if !chars.clone().next().is_some_and(char::is_uppercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => sentence.to_owned(),
    }
}

/// A rule named in `allow` must be one of squawk's, or the silence silences nothing.
fn unknown_rules(migration: &Migration) -> Vec<Finding> {
    migration
        .allow
        .iter()
        .chain(migration.up.iter().flat_map(|op| &op.allow))
        .filter(|rule| rule.value.parse::<squawk_linter::Rule>().is_err())
        .map(|rule| {
            Finding::at(
                Level::Error,
                rule.span,
                format!(
                    "unknown lint rule `{}`; {}",
                    rule.value,
                    lint::config::rule_hint(&rule.value)
                ),
            )
        })
        .collect()
}

/// Whether the migration (`allow("rule")`) or the operation silences `rule`.
fn allows(migration: &Migration, op: Option<&Operation>, rule: &str) -> bool {
    migration.allow.iter().any(|allowed| allowed.value == rule)
        || op.is_some_and(|op| op.allow.iter().any(|allowed| allowed.value == rule))
}

/// Reads the lint settings of the `migrator.toml` above `dir`.
pub(crate) fn config(dir: &Path) -> Result<LintConfig, String> {
    LintConfig::find(dir).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Build {
        migrations: tempfile::TempDir,
        out: tempfile::TempDir,
    }

    impl Build {
        fn new() -> Self {
            Build {
                migrations: tempfile::tempdir().expect("tempdir"),
                out: tempfile::tempdir().expect("tempdir"),
            }
        }

        fn write(&self, name: &str, text: &str) {
            std::fs::write(self.migrations.path().join(name), text).expect("write");
        }

        /// What a build finds in each file.
        fn run(&self) -> Vec<Checked> {
            let names: Vec<String> = std::fs::read_dir(self.migrations.path())
                .expect("list")
                .map(|entry| {
                    entry
                        .expect("entry")
                        .file_name()
                        .into_string()
                        .expect("utf-8")
                })
                .collect();
            let files = pgbatch_files::discover(&names).expect("names");
            let sources = read(self.migrations.path(), &files, Some(self.out.path()));
            let known_types = known_types(&sources);
            let config = config(self.migrations.path()).expect("settings");
            let run = Run::Build {
                out_dir: self.out.path(),
                manifest_dir: self.migrations.path(),
            };
            check(&sources, &known_types, &config, run)
        }
    }

    fn messages(checked: &Checked) -> Vec<&str> {
        checked
            .findings
            .iter()
            .map(|f| f.message.as_str())
            .collect()
    }

    #[test]
    fn an_added_or_edited_migration_is_checked_against_a_model_a_build_saved() {
        let build = Build::new();
        let model = build.out.path().join("pgbatch_check_model.json");
        build.write(
            "001_users.rs",
            r#"migration! { createTable("users", { id: "id", email: "text" }); }"#,
        );
        let first = build.run();
        assert!(first[0].findings.is_empty() && first[0].expansion.is_some());
        assert!(model.exists());

        // From now on the cached SQL of 001 does not create `users`: only a saved
        // model knows it, so checking a file that needs `users` without errors proves
        // that a saved model was used.
        let index = build.out.path().join("pgbatch_check_cache.txt");
        let damage = || {
            let cached = std::fs::read_to_string(&index).expect("the cache");
            std::fs::write(&index, cached.replace("TABLE users", "TABLE members")).expect("write");
        };
        let index_on = |column: &str| {
            format!(
                r#"migration! {{ createIndex("users", ["{column}"], {{ concurrently: true }}); }}"#
            )
        };
        // Added: the last build's final model.
        damage();
        build.write("002_index.rs", &index_on("email"));
        let second = build.run();
        assert!(!second[0].fresh && second[1].fresh);
        assert_eq!(messages(&second[1]), Vec::<&str>::new());
        // Edited: the model that build started from.
        damage();
        build.write("002_index.rs", &index_on("id"));
        let third = build.run();
        assert!(third[1].fresh);
        assert_eq!(messages(&third[1]), Vec::<&str>::new());
        // Nothing changed: nothing is checked.
        let fourth = build.run();
        assert!(fourth.iter().all(|checked| !checked.fresh));

        // Without a saved model for the files before the change, their SQL is
        // replayed: the damaged SQL, here.
        damage();
        for saved in [
            "pgbatch_check_model.json",
            "pgbatch_check_starting_model.json",
        ] {
            std::fs::remove_file(build.out.path().join(saved)).expect("a saved model");
        }
        build.write(
            "003_more.rs",
            r#"migration! { addColumn("users", { name: "text" }); }"#,
        );
        let fifth = build.run();
        assert_eq!(
            messages(&fifth[2]),
            ["unknown table `users`; no earlier migration creates it"]
        );
        // A file with errors: no final model is saved (fixing the file gives another).
        assert!(!model.exists());
    }
}
