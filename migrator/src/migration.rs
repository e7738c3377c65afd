//! The static description of a migration, as `migration!` and the `db` build script
//! produce it.

use std::borrow::Cow;

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
    pub origins: &'static [(u32, Origin)],
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Script {
    /// The steps that apply the migration.
    pub up: &'static [Step],
    /// The steps that revert it; `None` when the migration cannot be reverted.
    pub down: Option<&'static [Step]>,
    /// Hex SHA-256 of the up steps, recorded when applied and compared afterwards.
    pub checksum: &'static str,
    /// This migration's `lock_timeout` in milliseconds (`lockTimeout("30s")`), in place
    /// of the runner's.
    pub lock_timeout_ms: Option<u64>,
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

/// Helpers that the `migration!` expansion calls; not part of the public API.
#[doc(hidden)]
pub mod __private {
    use super::{Cow, Origin, Script, Step};

    /// Builds a [`Step`] in a constant.
    pub const fn step(
        sql: &'static str,
        transaction: bool,
        commit_after: bool,
        origins: &'static [(u32, Origin)],
    ) -> Step {
        Step {
            sql: Cow::Borrowed(sql),
            transaction,
            commit_after,
            origins,
        }
    }

    /// Builds an [`Origin`] in a constant.
    pub const fn origin(
        operation: &'static str,
        file: Option<&'static str>,
        line_column: Option<(u32, u32)>,
        statement: Option<(u32, u32)>,
    ) -> Origin {
        Origin {
            operation,
            file,
            line_column,
            statement,
        }
    }

    /// Builds a [`Script`] in a constant.
    pub const fn script(
        up: &'static [Step],
        down: Option<&'static [Step]>,
        checksum: &'static str,
        lock_timeout_ms: Option<u64>,
    ) -> Script {
        Script {
            up,
            down,
            checksum,
            lock_timeout_ms,
        }
    }

    /// What a migration that failed to compile expands to, beside its errors.
    pub const STUB: Script = Script {
        up: &[],
        down: None,
        checksum: "",
        lock_timeout_ms: None,
    };
}
