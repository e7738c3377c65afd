//! The static description of a migration, as `migration!` and the `db` build script
//! produce it.

/// One SQL step of a migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The SQL text, sent as written (it may hold several statements).
    pub sql: &'static str,
    /// Whether the step may run inside the batch's transaction.
    pub transaction: bool,
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
    use super::{Script, Step};

    /// Builds a [`Step`] in a constant.
    pub const fn step(sql: &'static str, transaction: bool) -> Step {
        Step { sql, transaction }
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
