//! What each command returns: plain data for the caller to render.

use crate::options::TableName;
use std::time::{Duration, SystemTime};

/// A migration that a command applied or reverted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MigrationRun {
    /// Its number.
    pub id: u32,
    /// Its name.
    pub name: String,
    /// How long its steps took.
    pub duration: Duration,
    /// When its steps and its tracking-table change committed.
    pub finished_at: SystemTime,
    /// The batch it was applied in (for `up`) or reverted from (for `down`).
    pub batch: i32,
    /// How many of its steps ran alone, outside the batch's transaction.
    pub steps_outside_transaction: usize,
}

impl MigrationRun {
    /// `003_create_posts`.
    pub fn label(&self) -> String {
        crate::migration::label(self.id, &self.name)
    }
}

/// A migration found interrupted (its runner died mid-way) and finished: applied by
/// `up`, or reverted by `down` (or by `up` before it applies it again).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Recovered {
    /// `002_index_posts`.
    pub migration: String,
    /// Whether it was being applied or reverted, and so how it was finished.
    pub direction: crate::Direction,
    /// The step (1-based) that was running or next when it was interrupted.
    pub interrupted_at: usize,
    /// Its number of steps in that direction.
    pub steps: usize,
    /// Whether that step turned out to have completed (so it was not run again).
    pub step_had_completed: bool,
    /// Invalid indexes the interrupted step left behind, dropped.
    pub dropped_indexes: Vec<String>,
}

/// The result of `up`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UpReport {
    /// The batch number given to the applied migrations; `None` when nothing was pending.
    pub batch: Option<i32>,
    /// The migrations applied, in order.
    pub applied: Vec<MigrationRun>,
    /// How many times a segment was retried after hitting `lock_timeout`.
    pub lock_retries: u32,
    /// Interrupted migrations finished before the batch (usually none).
    pub recovered: Vec<Recovered>,
    /// Wall time of the whole command, lock wait included.
    pub duration: Duration,
}

/// The result of `mark` and `baseline`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MarkReport {
    /// The batch the marked migrations were recorded in; `None` when none was pending.
    pub batch: Option<i32>,
    /// The migrations recorded as applied without running, in order.
    pub marked: Vec<String>,
}

/// An applied migration whose source changed after it was applied: what the tracking
/// table recorded, and what the source says now. `repair` accepts the latter.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Drift {
    /// The migration's number.
    pub id: u32,
    /// `003_create_posts`, as the source names it.
    pub label: String,
    /// The checksum recorded when it was applied.
    pub recorded_checksum: String,
    /// The checksum of the source now.
    pub checksum: String,
    /// The up SQL as applied, one entry per step; `None` when the version that applied
    /// it did not record it.
    pub recorded_up: Option<Vec<String>>,
    /// The up SQL of the source now.
    pub up: Vec<String>,
    /// The down SQL recorded when it was applied; `None` when it had none.
    pub recorded_down: Option<Vec<String>>,
    /// The down SQL of the source now; `None` when it has none.
    pub down: Option<Vec<String>>,
}

/// The result of `down`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DownReport {
    /// The newest batch reverted; `None` when nothing was applied.
    pub batch: Option<i32>,
    /// Every batch reverted from (newest first); more than one with a target.
    pub batches: Vec<i32>,
    /// The migrations reverted, in the order they were reverted (newest first).
    pub reverted: Vec<MigrationRun>,
    /// A revert that an earlier runner left part-way, finished first (its migration is
    /// also the first in `reverted`).
    pub recovered: Option<Recovered>,
    /// How many times a segment was retried after hitting `lock_timeout`.
    pub lock_retries: u32,
    /// Wall time of the whole command.
    pub duration: Duration,
}

/// The result of `reset`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResetReport {
    /// How many batches were reverted.
    pub batches: usize,
    /// The migrations reverted, newest first.
    pub reverted: Vec<MigrationRun>,
    /// Whether a tracking table existed and was dropped.
    pub dropped_table: bool,
    /// Wall time of the whole command.
    pub duration: Duration,
}

/// A seed file's contents: SQL that fills the schema with data for one environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seed {
    /// How messages name it, such as `001_users.sql`.
    pub name: String,
    /// The SQL, sent as written (it may hold several statements).
    pub sql: String,
}

/// The result of `seed`: each file run, in order, with how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SeedReport {
    /// `(name, duration)` of each seed, in the order run.
    pub seeded: Vec<(String, Duration)>,
}

/// The result of `init`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InitReport {
    /// The tracking table.
    pub table: TableName,
    /// Whether it was created now (`false`: it already existed).
    pub created: bool,
}

/// Every migration known to the source or the database, in id order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Status {
    /// One entry per migration (after the `earlier` ones).
    pub migrations: Vec<MigrationStatus>,
    /// How many applied migrations, all before the first of `migrations`, are left out
    /// of it ([`Migrator::status_newest`](crate::Migrator::status_newest)): each
    /// unchanged in the source, none interrupted. 0 for a full status.
    pub earlier: usize,
    /// The label (`003_create_posts`) of the newest applied migration: of the greatest
    /// batch, the greatest id (a migration applied out of order can be it, even among
    /// the `earlier` ones). `None` when nothing is applied, and when
    /// [`Migrator::status_newest`](crate::Migrator::status_newest) left applied
    /// migrations out, which does not read it.
    pub last: Option<String>,
}

impl Status {
    /// How many migrations are recorded as applied (including changed and missing ones).
    pub fn applied(&self) -> usize {
        self.earlier
            + self
                .migrations
                .iter()
                .filter(|migration| {
                    matches!(
                        migration.state,
                        State::Applied { .. } | State::Missing { .. }
                    )
                })
                .count()
    }

    /// How many migrations are pending.
    pub fn pending(&self) -> usize {
        self.earlier + self.migrations.len() - self.applied()
    }

    /// Whether nothing is pending and the history matches the source.
    pub fn is_up_to_date(&self) -> bool {
        self.migrations
            .iter()
            .all(|migration| matches!(migration.state, State::Applied { changed: false, .. }))
    }
}

/// One line of [`Status`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MigrationStatus {
    /// Its number.
    pub id: u32,
    /// Its name: from the source, or as recorded when it is missing from the source.
    pub name: String,
    /// The checksum of its up steps: as recorded when it was applied (or started),
    /// else the source's.
    pub checksum: String,
    /// Where it stands.
    pub state: State,
}

impl MigrationStatus {
    /// `003_create_posts`.
    pub fn label(&self) -> String {
        crate::migration::label(self.id, &self.name)
    }
}

/// Where a migration stands.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum State {
    /// Recorded in the tracking table.
    Applied {
        /// Its batch.
        batch: i32,
        /// When its batch committed.
        executed_at: SystemTime,
        /// How long its up took.
        duration: Duration,
        /// Whether its source changed since (the checksum differs).
        changed: bool,
        /// Whether it has recorded down steps, so `down` can revert it.
        reversible: bool,
    },
    /// In the source, not applied.
    Pending {
        /// Whether it is numbered below the newest applied migration.
        out_of_order: bool,
    },
    /// A batch was running through it when its runner died (or a step failed and could
    /// not be undone): applying it, which the next `up` finishes, or reverting it,
    /// which the next `down` finishes (`up` too, and applies it again).
    Interrupted {
        /// Its batch.
        batch: i32,
        /// Whether it was being applied or reverted.
        direction: crate::Direction,
        /// The step (1-based) that was running or next.
        step: usize,
        /// Its number of steps in that direction, when known (up steps of a migration
        /// still in the source; recorded down steps).
        steps: Option<usize>,
    },
    /// Recorded as applied, but no longer in the source.
    Missing {
        /// Its batch.
        batch: i32,
        /// When its batch committed.
        executed_at: SystemTime,
    },
}
