//! The JSON documents that both `--json` and the HTTP API (`serve`) answer with, as
//! types: the shapes of the seed API (`appliedMigrations`…, `results`…) and what they
//! add. One type per document, so the command line and the API cannot disagree, and
//! the API's OpenAPI document is generated from the same types.

use pgbatch::{Direction, MigrationRun, MigrationStatus, State, Status};
use serde::Serialize;
use std::time::SystemTime;

/// `2026-11-21T10:24:12.345Z`.
pub(crate) fn timestamp(at: SystemTime) -> String {
    humantime::format_rfc3339_millis(at).to_string()
}

/// The four members of the seed API's `status`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub(crate) struct Summary {
    /// Labels (`003_create_posts`) of the migrations recorded in the tracking table
    /// (changed and missing ones included), in id order.
    pub(crate) applied_migrations: Vec<String>,
    /// Labels of every other migration (interrupted ones included), in id order.
    pub(crate) pending_migrations: Vec<String>,
    /// The newest applied migration, by batch then id.
    #[cfg_attr(feature = "serve", schema(required = true))]
    pub(crate) last_migration: Option<String>,
    /// Every migration applied and unchanged: nothing pending, changed, missing or
    /// interrupted.
    pub(crate) is_up_to_date: bool,
}

impl Summary {
    /// The summary of `status`; of a `status_counted` one, which leaves the earlier
    /// applied migrations out, `applied_migrations` lacks them (`Status::applied`
    /// counts them).
    pub(crate) fn of(status: &Status) -> Self {
        let recorded = |line: &&MigrationStatus| {
            matches!(line.state, State::Applied { .. } | State::Missing { .. })
        };
        let labels = |applied: bool| {
            status
                .migrations
                .iter()
                .filter(|line| recorded(line) == applied)
                .map(MigrationStatus::label)
                .collect()
        };
        Summary {
            applied_migrations: labels(true),
            pending_migrations: labels(false),
            last_migration: status.last.clone(),
            is_up_to_date: status.is_up_to_date(),
        }
    }
}

/// What `status` adds to the seed's members: the database, the tracking table, and
/// one entry per migration.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub(crate) struct Detail {
    /// `user@host:port/dbname`, without the password.
    pub(crate) database: String,
    /// The tracking table, as the settings name it.
    pub(crate) table: String,
    /// How many migrations there are, applied or not.
    pub(crate) total: usize,
    pub(crate) migrations: Vec<MigrationEntry>,
}

impl Detail {
    pub(crate) fn of(status: &Status, target: &str, table: &str) -> Self {
        Detail {
            database: target.to_owned(),
            table: table.to_owned(),
            total: status.migrations.len(),
            migrations: status.migrations.iter().map(MigrationEntry::of).collect(),
        }
    }
}

/// `status --json`: the seed's members and the detail, side by side.
#[derive(Debug, Serialize)]
pub(crate) struct StatusDocument {
    #[serde(flatten)]
    pub(crate) summary: Summary,
    #[serde(flatten)]
    pub(crate) detail: Detail,
}

/// One migration's detail: what its state knows.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub(crate) struct MigrationEntry {
    pub(crate) id: u32,
    pub(crate) name: String,
    /// `003_create_posts`.
    pub(crate) label: String,
    /// `applied`, `changed`, `pending`, `outOfOrder`, `missing` or `interrupted`.
    pub(crate) state: &'static str,
    /// As recorded, else the source's.
    pub(crate) checksum: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) batch: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) executed_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) duration_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) reversible: Option<bool>,
    /// For an interrupted migration: `up` or `down`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) direction: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) interrupted_at_step: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) steps: Option<usize>,
}

impl MigrationEntry {
    pub(crate) fn of(line: &MigrationStatus) -> Self {
        let mut entry = MigrationEntry {
            id: line.id,
            name: line.name.clone(),
            label: line.label(),
            state: state_name(line),
            checksum: line.checksum.clone(),
            batch: None,
            executed_at: None,
            duration_ms: None,
            reversible: None,
            direction: None,
            interrupted_at_step: None,
            steps: None,
        };
        match &line.state {
            State::Applied {
                batch,
                executed_at,
                duration,
                reversible,
                ..
            } => {
                entry.batch = Some(*batch);
                entry.executed_at = Some(timestamp(*executed_at));
                entry.duration_ms = Some(millis(*duration));
                entry.reversible = Some(*reversible);
            }
            State::Missing {
                batch, executed_at, ..
            } => {
                entry.batch = Some(*batch);
                entry.executed_at = Some(timestamp(*executed_at));
            }
            State::Interrupted {
                batch,
                direction,
                step,
                steps,
            } => {
                entry.batch = Some(*batch);
                entry.direction = Some(direction.to_string());
                entry.interrupted_at_step = Some(*step);
                entry.steps = *steps;
            }
            _ => {}
        }
        entry
    }
}

/// The state's name in JSON and summaries.
pub(crate) fn state_name(line: &MigrationStatus) -> &'static str {
    match line.state {
        State::Applied { changed: false, .. } => "applied",
        State::Applied { changed: true, .. } => "changed",
        State::Pending {
            out_of_order: false,
        } => "pending",
        State::Pending { out_of_order: true } => "outOfOrder",
        State::Missing { .. } => "missing",
        State::Interrupted { .. } => "interrupted",
        _ => "unknown",
    }
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// One `results` entry: a migration applied or reverted.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub(crate) struct RunResult {
    /// `003_create_posts`.
    pub(crate) name: String,
    /// `up` or `down`.
    pub(crate) direction: String,
    /// When it committed.
    pub(crate) timestamp: String,
    pub(crate) success: bool,
    pub(crate) duration_ms: u64,
    pub(crate) batch: i32,
    pub(crate) steps_outside_transaction: usize,
}

impl RunResult {
    pub(crate) fn of(run: &MigrationRun, direction: Direction) -> Self {
        RunResult {
            name: run.label(),
            direction: direction.to_string(),
            timestamp: timestamp(run.finished_at),
            success: true,
            duration_ms: millis(run.duration),
            batch: run.batch,
            steps_outside_transaction: run.steps_outside_transaction,
        }
    }
}

/// An interrupted migration that `up` finished first.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub(crate) struct RecoveredEntry {
    pub(crate) name: String,
    pub(crate) interrupted_at_step: usize,
    pub(crate) steps: usize,
    pub(crate) step_had_completed: bool,
    pub(crate) dropped_indexes: Vec<String>,
}

/// `up`'s document: `success`, `message`, `results` (one entry per migration
/// applied), then `database`, `batch` (null when nothing was pending), `recovered`
/// (interrupted migrations finished first), `lockRetries`, `durationMs` and `backup`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub(crate) struct UpDocument {
    pub(crate) success: bool,
    pub(crate) message: String,
    pub(crate) results: Vec<RunResult>,
    /// `user@host:port/dbname`, without the password.
    pub(crate) database: String,
    #[cfg_attr(feature = "serve", schema(required = true))]
    pub(crate) batch: Option<i32>,
    pub(crate) recovered: Vec<RecoveredEntry>,
    pub(crate) lock_retries: u32,
    pub(crate) duration_ms: u64,
    /// The backup taken before the batch; null when none was asked for or nothing was
    /// pending.
    #[cfg_attr(feature = "serve", schema(required = true))]
    pub(crate) backup: Option<BackupEntry>,
}

/// A backup taken before a batch: where it is and how to restore it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub(crate) struct BackupEntry {
    pub(crate) path: String,
    pub(crate) bytes: u64,
    pub(crate) restore_command: String,
    pub(crate) pg_dump_version: String,
    pub(crate) duration_ms: u64,
}

impl BackupEntry {
    pub(crate) fn of(backup: &pgbatch::Backup) -> Self {
        BackupEntry {
            path: backup.path.display().to_string(),
            bytes: backup.bytes,
            restore_command: backup.restore_command.clone(),
            pg_dump_version: backup.pg_dump_version.clone(),
            duration_ms: millis(backup.duration),
        }
    }
}

impl UpDocument {
    pub(crate) fn of(
        report: &pgbatch::UpReport,
        target: &str,
        backup: Option<&pgbatch::Backup>,
    ) -> Self {
        UpDocument {
            success: true,
            message: crate::commands::up::summary(report, target),
            results: report
                .applied
                .iter()
                .map(|run| RunResult::of(run, Direction::Up))
                .collect(),
            database: target.to_owned(),
            batch: report.batch,
            recovered: report
                .recovered
                .iter()
                .map(|recovered| RecoveredEntry {
                    name: recovered.migration.clone(),
                    interrupted_at_step: recovered.interrupted_at,
                    steps: recovered.steps,
                    step_had_completed: recovered.step_had_completed,
                    dropped_indexes: recovered.dropped_indexes.clone(),
                })
                .collect(),
            lock_retries: report.lock_retries,
            duration_ms: millis(report.duration),
            backup: backup.map(BackupEntry::of),
        }
    }
}

/// `down`'s document: `success`, `message`, `results` (one entry per migration
/// reverted, in the order reverted), then `database`, `batches` (newest first),
/// `lockRetries` and `durationMs`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub(crate) struct DownDocument {
    pub(crate) success: bool,
    pub(crate) message: String,
    pub(crate) results: Vec<RunResult>,
    pub(crate) database: String,
    pub(crate) batches: Vec<i32>,
    pub(crate) lock_retries: u32,
    pub(crate) duration_ms: u64,
}

impl DownDocument {
    pub(crate) fn of(report: &pgbatch::DownReport, target: &str) -> Self {
        DownDocument {
            success: true,
            message: crate::commands::down::summary(report, target),
            results: report
                .reverted
                .iter()
                .map(|run| RunResult::of(run, Direction::Down))
                .collect(),
            database: target.to_owned(),
            batches: report.batches.clone(),
            lock_retries: report.lock_retries,
            duration_ms: millis(report.duration),
        }
    }
}

/// A failed command: `success` false, the message `main` prints on stderr, and the
/// error as data (see [`crate::output::json::failure`]).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "serve", derive(utoipa::ToSchema))]
pub(crate) struct Failure {
    pub(crate) success: bool,
    pub(crate) message: String,
    /// `{"kind": …, "message": …}` and what the kind adds: for a failed step, the
    /// migration, the statement, PostgreSQL's code and what became of the batch.
    #[cfg_attr(feature = "serve", schema(value_type = Object))]
    pub(crate) error: serde_json::Value,
}
