//! The `migration!` DSL as a plain library: parse → check → generate.
//!
//! The proc-macro crate `pgbatch-macros` is a thin shell over [`expand`]; the build
//! script helper `pgbatch-build` uses [`created_types`] to learn which types the
//! migrations create. Nothing here does I/O or talks to a database,
//! and everything depends on `proc-macro2` rather than `proc_macro`, so it can be
//! unit-tested and called from build scripts. SQL is checked with squawk's pure-Rust
//! PostgreSQL parser, in process.
#![warn(clippy::unwrap_used)]

pub mod ast;
mod check;
pub mod encode;
mod expand;
pub mod findings;
mod lower;
pub mod model;
mod parse;
mod pg;
mod replay;
pub mod sql;
mod value;

pub use expand::{expand, expansion};
pub use replay::Later;

/// What a `migration!` invocation knows beyond its own tokens: the proc macro gathers
/// it (from variables the build script sets, and the compiler's spans) and hands it to
/// [`expand`], so this crate stays free of I/O.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Types created by the build's migrations, usable in column types (the build
    /// script lists them).
    pub known_types: Vec<String>,
    /// The directory of the crate being compiled (`CARGO_MANIFEST_DIR`), to name the
    /// migration's file relative to it in messages.
    pub manifest_dir: Option<std::path::PathBuf>,
    /// What the build script found in this migration against the schema of the
    /// migrations before it (`None` when the build did not check this file: the macro
    /// then checks the migration against the schema it builds itself).
    pub findings: Option<Vec<findings::Finding>>,
}

use proc_macro2::TokenStream;

/// Parses and checks a `migration!` body, returning the model or every error found.
/// `known_types` are types created by other migrations, usable in column types.
pub fn parse_and_check(
    input: TokenStream,
    known_types: &[String],
) -> syn::Result<model::Migration> {
    let migration: ast::Migration = syn::parse2(input)?;
    check::check(&migration, known_types)
}

/// Checks a migration's up against `schema`, the schema the migrations before it
/// produce, operation by operation (unknown tables, columns, types, constraints, enum
/// values; objects created twice; foreign keys; literal defaults against their column's
/// type), and applies it to `schema`. `later` names what later migrations create.
pub fn replay(
    migration: &model::Migration,
    schema: &mut pgbatch_schema::Schema,
    later: &Later,
) -> syn::Result<()> {
    let mut errors = value::Errors::default();
    replay::replay(migration, schema, later, &mut errors);
    errors.finish()
}

/// The schema model's name for a DSL name (`public` when unqualified).
pub fn object_name(name: &model::QualifiedName) -> pgbatch_schema::ObjectName {
    replay::object(name)
}

/// Splits raw SQL into its statements as `sql("…")` does, each flagged with whether
/// PostgreSQL allows it inside a transaction block; the error is the message `sql("…")`
/// reports, naming the offending token and its line and column in `sql`.
pub fn statements(sql: &str) -> Result<Vec<model::Statement>, String> {
    pg::statements(sql)
}

/// The types a migration file's `migration! { … }` creates (`createType`, and
/// `CREATE TYPE`/`DOMAIN` in `sql`), best effort: a file that does not parse creates
/// nothing here and gets its errors when it is compiled.
pub fn created_types(file_source: &str) -> Vec<String> {
    let Ok(file) = syn::parse_file(file_source) else {
        return Vec::new();
    };
    let mut types = Vec::new();
    for item in file.items {
        let syn::Item::Macro(item) = item else {
            continue;
        };
        let Ok(migration) = syn::parse2::<ast::Migration>(item.mac.tokens) else {
            continue;
        };
        for operation in migration.up.iter().flat_map(|section| &section.operations) {
            match (
                lower::canonical(&operation.name),
                operation.args.first().map(|arg| &arg.kind),
            ) {
                ("createType" | "createDomain", Some(ast::ValueKind::Str(name))) => {
                    if let Some(Ok(name)) = name.rsplit('.').next().map(value::sql_name) {
                        types.push(name);
                    }
                }
                ("renameType" | "renameDomain", _) => {
                    if let Some(ast::ValueKind::Str(to)) =
                        operation.args.get(1).map(|arg| &arg.kind)
                        && let Ok(to) = value::sql_name(to)
                    {
                        types.push(to);
                    }
                }
                ("sql", Some(ast::ValueKind::Str(sql))) => {
                    types.extend(pg::created_types(sql));
                    types.extend(pg::types_named_anywhere(sql));
                }
                ("createExtension", Some(ast::ValueKind::Str(name))) => {
                    types.extend(pg::types_named_anywhere(&format!(
                        "CREATE EXTENSION \"{name}\""
                    )));
                }
                _ => {}
            }
        }
    }
    types
}
