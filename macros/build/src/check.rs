//! The checks that need every migration: replays them in order over one schema model,
//! checking each against the schema the ones before it produce, and lints each one's
//! SQL for hazards. What it finds goes to the macro, which reports it at the token.

use crate::lint::{self, LintConfig, LintInput, LintStatement};
use pgbatch_dsl::findings::{Finding, Level};
use pgbatch_dsl::model::{Migration, Operation, OperationKind};
use pgbatch_files::MigrationFile;
use pgbatch_schema::{ObjectName, Schema};
use std::path::Path;

/// One migration file's source, read by the build.
#[derive(Debug)]
pub(crate) struct Source<'a> {
    /// Its name and number.
    pub(crate) file: &'a MigrationFile,
    /// Its text (`None` when it could not be read: the compiler will say why).
    pub(crate) text: Option<String>,
}

/// The findings of each file, in order. Files after one that does not parse or check
/// get none: their schema is not known until it is fixed, and the macro checks them
/// alone meanwhile.
pub(crate) fn check(sources: &[Source<'_>], config: &LintConfig) -> Vec<(String, Vec<Finding>)> {
    let migrations: Vec<Option<Migration>> = sources
        .iter()
        .map(|source| parse(source, sources))
        .collect();
    let later = later(sources, &migrations);
    let mut schema = Schema::default();
    let mut out = Vec::new();
    for (index, (source, migration)) in sources.iter().zip(&migrations).enumerate() {
        let Some(migration) = migration else {
            break;
        };
        let mut findings = Vec::new();
        if let Err(errors) = pgbatch_dsl::replay(migration, &mut schema, &later.at(index)) {
            findings.extend(
                errors
                    .into_iter()
                    .map(|error| Finding::at(Level::Error, error.span(), error.to_string())),
            );
        }
        findings.extend(hazards(migration, config));
        out.push((source.file.file_name.clone(), findings));
    }
    out
}

/// The migration in a file, parsed and checked alone (as the macro does), if it is.
fn parse(source: &Source<'_>, all: &[Source<'_>]) -> Option<Migration> {
    let text = source.text.as_deref()?;
    let file = syn::parse_file(text).ok()?;
    let tokens = file.items.into_iter().find_map(|item| match item {
        syn::Item::Macro(item) if item.mac.path.segments.last()?.ident == "migration" => {
            Some(item.mac.tokens)
        }
        _ => None,
    })?;
    let known_types: Vec<String> = all
        .iter()
        .filter_map(|source| source.text.as_deref())
        .flat_map(pgbatch_dsl::created_types)
        .collect();
    pgbatch_dsl::parse_and_check(tokens, &known_types).ok()
}

/// Which migration creates each table and type, to say "created only by a later
/// migration" of a name used too early.
struct Creators(Vec<(ObjectName, usize, String)>);

fn later(sources: &[Source<'_>], migrations: &[Option<Migration>]) -> Creators {
    let mut created = Vec::new();
    for (index, (source, migration)) in sources.iter().zip(migrations).enumerate() {
        let file = &source.file.file_name;
        let Some(migration) = migration else {
            continue;
        };
        for op in &migration.up {
            match &op.kind {
                OperationKind::CreateTable { table, .. } => {
                    created.push((pgbatch_dsl::object_name(table), index, file.clone()));
                }
                OperationKind::CreateType { name, .. } => {
                    created.push((pgbatch_dsl::object_name(name), index, file.clone()));
                }
                OperationKind::Sql { text, .. } => {
                    for name in pgbatch_dsl::created_types_in_sql(text) {
                        created.push((ObjectName::new(None, &name), index, file.clone()));
                    }
                }
                _ => {}
            }
        }
    }
    Creators(created)
}

impl Creators {
    /// What migrations after the `index`-th create.
    fn at(&self, index: usize) -> pgbatch_dsl::Later {
        let mut later = pgbatch_dsl::Later::default();
        for (name, creator, file) in &self.0 {
            if *creator > index {
                later
                    .created
                    .entry(name.clone())
                    .or_insert_with(|| file.clone());
            }
        }
        later
    }
}

/// squawk-linter's hazards in a migration's up, reported at the operation.
fn hazards(migration: &Migration, config: &LintConfig) -> Vec<Finding> {
    let forward: Vec<Vec<pgbatch_dsl::model::Statement>> =
        migration.up.iter().map(pgbatch_dsl::sql::forward).collect();
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
        let mut message = finding.message;
        if let Some(help) = finding.help {
            message = format!("{message}; {help}");
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

/// Whether the migration (`allow("rule")`) or the operation silences `rule`.
fn allows(migration: &Migration, op: Option<&Operation>, rule: &str) -> bool {
    migration.allow.iter().any(|allowed| allowed.value == rule)
        || op.is_some_and(|op| op.allow.iter().any(|allowed| allowed.value == rule))
}

/// Reads the lint settings of the `migrator.toml` above `dir`.
pub(crate) fn config(dir: &Path) -> Result<LintConfig, String> {
    LintConfig::find(dir).map_err(|error| error.to_string())
}
