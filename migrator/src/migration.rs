//! The static description of a migration, as `migration!` and the `db` build script
//! produce it.

use std::borrow::Cow;

mod script;
#[cfg(test)]
pub(crate) use script::fields;

/// One SQL step of a migration: what `migration!` generates (borrowed, in a constant),
/// what the tracking table stores for a later revert (owned), what the executor runs
/// and what dry runs show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The SQL text, sent as written (it may hold several statements).
    pub sql: Cow<'static, str>,
    /// Whether the step may run inside the batch's transaction.
    pub transaction: bool,
    /// Whether what the step does can be used only once it has committed: it adds an
    /// enum value (`ALTER TYPE … ADD VALUE`), which PostgreSQL refuses to use in the
    /// transaction that added it (SQLSTATE 55P04). The batch's transaction commits
    /// after such a step. Not part of the checksum.
    pub commit_after: bool,
    /// Where each part of `sql` was written in the migration's source: the byte offset
    /// at which the part starts, and its origin; in order, the first at 0. A step holds
    /// one operation's statements, so the parts differ only for a `sql("…")` of several
    /// statements. Not part of the checksum.
    pub origins: Vec<(u32, Origin)>,
}

/// Where a part of a step's SQL was written: a DSL operation (for a `sql("…")` of
/// several statements, one of them) and its place in the migration's file, displayed
/// as in: `` `createIndex("users", ["emial"])` at migrations/003_add_index.rs:12:5 ``.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Origin {
    /// The operation as written, shortened to one line: `createIndex("users", ["emial"])`.
    pub operation: &'static str,
    /// The migration's file, relative to its crate's directory, when the compiler told.
    pub file: Option<&'static str>,
    /// The 1-based line and column of the operation's name, when the compiler told.
    pub line_column: Option<(u32, u32)>,
    /// For a `sql("…")` of several statements: this statement's 1-based number, and how
    /// many there are.
    pub statement: Option<(u32, u32)>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some((number, count)) = self.statement {
            write!(f, "statement {number} of {count} of ")?;
        }
        write!(f, "`{}`", self.operation)?;
        match (self.file, self.line_column) {
            (Some(file), Some((line, column))) => write!(f, " at {file}:{line}:{column}"),
            (Some(file), None) => write!(f, " in {file}"),
            (None, Some((line, column))) => write!(f, " at line {line}, column {column}"),
            (None, None) => Ok(()),
        }
    }
}

/// What `migration!` generates for one file: the up, the down if any, the checksum.
///
/// It is one string, read when the engine needs it: a history of thousands of
/// migrations compiles as thousands of string constants, which the compiler handles
/// about twenty times faster than the same steps as nested constant slices (see
/// `bench/scale_build.sh`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Script {
    /// The script as `migration!` writes it (see `script.rs`). The field's name carries
    /// the encoding's version: code written by a `migration!` or a `pgbatch-build` of
    /// another encoding fails to compile rather than being misread.
    #[doc(hidden)]
    pub __v1: &'static str,
}

impl Script {
    /// Hex SHA-256 of the up steps, recorded when applied and compared afterwards.
    pub fn checksum(&self) -> &'static str {
        script::checksum(self.__v1)
    }

    /// This migration's `lock_timeout` in milliseconds (`lockTimeout("30s")`), in place
    /// of the runner's.
    pub fn lock_timeout_ms(&self) -> Option<u64> {
        script::lock_timeout_ms(self.__v1)
    }

    /// The steps that apply the migration.
    pub fn up(&self) -> Vec<Step> {
        self.read().up
    }

    /// The steps that revert it; `None` when the migration cannot be reverted.
    pub fn down(&self) -> Option<Vec<Step>> {
        self.read().down
    }

    /// Whether the migration can be reverted.
    pub fn reversible(&self) -> bool {
        self.read().down.is_some()
    }

    fn read(&self) -> script::Read {
        script::read(self.__v1)
    }
}

/// A numbered, named migration: what `db::MIGRATIONS` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migration {
    /// The number, unique within a list; migrations apply in increasing order.
    pub id: u32,
    /// The snake_case name from the file name.
    pub name: &'static str,
    /// The generated steps.
    pub script: Script,
}

impl Migration {
    /// Pairs a script with its number and name.
    pub const fn new(id: u32, name: &'static str, script: Script) -> Self {
        Migration { id, name, script }
    }

    /// `003_create_posts`: how messages and `status` name a migration.
    pub fn label(&self) -> String {
        label(self.id, self.name)
    }
}

/// How a migration is named in messages: its three-digit number and its name.
pub(crate) fn label(id: u32, name: &str) -> String {
    format!("{id:03}_{name}")
}

/// Helpers for the engine's own steps and for tests; not part of the public API.
#[doc(hidden)]
pub mod __private {
    use super::{Cow, Script, Step};

    /// A [`Step`] without origins.
    pub const fn step(sql: &'static str, transaction: bool, commit_after: bool) -> Step {
        Step {
            sql: Cow::Borrowed(sql),
            transaction,
            commit_after,
            origins: Vec::new(),
        }
    }

    /// What a migration that failed to compile expands to, beside its errors: no steps,
    /// irreversible, no checksum.
    pub const STUB: Script = Script {
        __v1: super::script::STUB,
    };
}
