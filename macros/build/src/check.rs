//! The checks that need every migration: replays them in order over one schema model,
//! checking each against the schema the ones before it produce, and lints each one's
//! SQL for hazards. What it finds goes to the macro, which reports it at the token.

use crate::lint::{self, LintConfig, LintInput, LintStatement};
use pgbatch_dsl::findings::{Finding, Level};
use pgbatch_dsl::model::{Migration, Operation, OperationKind};
use pgbatch_files::MigrationFile;
use pgbatch_schema::{ObjectName, Schema};
use std::collections::BTreeMap;
use std::path::Path;

mod cache;

/// One migration file's source, read by the build.
#[derive(Debug)]
pub(crate) struct Source<'a> {
    /// Its name and number.
    pub(crate) file: &'a MigrationFile,
    /// Its text (`None` when it could not be read: the compiler will say why).
    pub(crate) text: Option<String>,
    /// The types it creates, found without parsing it whole.
    pub(crate) types: Vec<String>,
}

/// Reads every migration file of `dir`.
pub(crate) fn read<'a>(dir: &Path, files: &'a [MigrationFile]) -> Vec<Source<'a>> {
    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(dir.join(&file.file_name)).ok();
            let types = text
                .as_deref()
                .map(pgbatch_dsl::created_types)
                .unwrap_or_default();
            Source { file, text, types }
        })
        .collect()
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

/// The findings of each file, in order. Files after one that does not parse or check
/// alone get none: their schema is not known until it is fixed, and the macro checks
/// them alone meanwhile. `own_errors` adds that file's own errors (which the macro
/// reports itself in a build) for tools that run the checks without building. With a
/// `cache` directory, the files before the first change are not checked again.
pub(crate) fn check(
    sources: &[Source<'_>],
    known_types: &[String],
    config: &LintConfig,
    own_errors: bool,
    cache: Option<&Path>,
) -> Vec<(String, Vec<Finding>)> {
    let cached = cache.map(cache::load).unwrap_or_default();
    let types = TypesCreated::of(sources);
    let mut key = cache::seed(&format!("{config:?}"));
    let mut reusing = true;
    let mut entries = Vec::new();
    let mut schema = Schema::default();
    let mut out = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        let file = &source.file.file_name;
        key = cache::key(key, file, source.text.as_deref());
        if reusing
            && let Some(entry) = cached.get(index).filter(|entry| {
                entry.key == key && entry.findings.iter().all(|f| f.level != Level::Error)
            })
        {
            for sql in &entry.statements {
                schema.apply(sql);
            }
            out.push((file.clone(), entry.findings.clone()));
            entries.push(entry.clone());
            continue;
        }
        reusing = false;
        let migration = match parse(source, known_types) {
            Ok(migration) => migration,
            Err(errors) => {
                if own_errors {
                    out.push((file.clone(), errors));
                }
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
        entries.push(cache::Entry {
            key,
            file: file.clone(),
            statements: forward
                .into_iter()
                .flatten()
                .map(|statement| statement.sql)
                .collect(),
            findings: findings.clone(),
        });
        out.push((file.clone(), findings));
    }
    if let Some(dir) = cache {
        cache::store(dir, &entries);
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
