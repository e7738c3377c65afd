//! The engine's one error type; every message names the migration it concerns.

mod outcome;

pub use outcome::{Outcome, Partial, Undo};

use crate::migration::Origin;
use std::fmt::Write as _;
use std::time::Duration;

/// Everything that can go wrong; the `Display` of each variant is a complete,
/// password-free paragraph that a command-line tool can print as it is.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database URL or connection parts could not be understood.
    #[error("invalid database URL: {reason}")]
    InvalidUrl {
        /// What is wrong, without the URL itself.
        reason: String,
    },

    /// An engine option is unusable, such as a malformed tracking table name.
    #[error("invalid option: {reason}")]
    InvalidOptions {
        /// What is wrong.
        reason: String,
    },

    /// A target (`--to`, `--step`…) names nothing that can be reached.
    #[error("invalid target: {reason}")]
    InvalidTarget {
        /// What is wrong.
        reason: String,
    },

    /// The list of migrations handed to the engine is unusable.
    #[error("invalid migration list: {reason}")]
    InvalidMigrations {
        /// What is wrong.
        reason: String,
    },

    /// The server could not be reached or refused the login.
    #[error("cannot connect to {target}: {reason}")]
    Connect {
        /// `user@host:port/dbname`, without the password.
        target: String,
        /// Why, as the server or the network said.
        reason: String,
        /// The client's error.
        #[source]
        source: tokio_postgres::Error,
    },

    /// The connection did not complete within `connect_timeout`: the server (or
    /// something in front of it) accepted, or did not refuse, and then did not answer.
    #[error(
        "cannot connect to {target}: timed out after {}s without an answer (connect_timeout); the server, or a proxy in front of it, accepted the connection and never answered",
        after.as_secs()
    )]
    ConnectTimeout {
        /// `user@host:port/dbname`, without the password.
        target: String,
        /// The `connect_timeout` that ran out.
        after: std::time::Duration,
    },

    /// `seed` refused because the schema is not the one the seeds were written for.
    #[error(
        "{target} is not up to date ({problems}); seeds run against the migrated schema, so \
         run `up` first; no seed was run"
    )]
    NotUpToDate {
        /// `user@host:port/dbname`.
        target: String,
        /// What differs, such as `2 pending, 003_create_posts changed`.
        problems: String,
    },

    /// A seed file failed; it was rolled back, the files before it stay committed.
    #[error("{}", seed_failed(file, message, committed, not_run))]
    Seed {
        /// The file that failed.
        file: String,
        /// What PostgreSQL said, with the position in the file.
        message: String,
        /// The files that ran before it and stay committed.
        committed: Vec<String>,
        /// The files after it, which did not run.
        not_run: Vec<String>,
    },

    /// TLS could not be set up as asked (an unreadable root certificate, say).
    #[error("TLS: {reason}")]
    Tls {
        /// What is wrong.
        reason: String,
    },

    /// Another runner held the migration lock for longer than the allowed wait.
    #[error("{}", lock_timeout(*waited, holder.as_ref()))]
    LockTimeout {
        /// How long this runner waited.
        waited: Duration,
        /// The session holding the lock, when it could be seen.
        holder: Option<LockHolder>,
    },

    /// The applied history disagrees with the migrations in the source.
    #[error("{}", history(problems))]
    History {
        /// Every disagreement found, in migration order.
        problems: Vec<HistoryProblem>,
    },

    /// `down` or `reset` would have to revert migrations that have no down steps.
    #[error(
        "cannot revert {}: {} no down steps; nothing was reverted{}",
        migrations.join(", "),
        if migrations.len() == 1 { "it has" } else { "they have" },
        "; write a `down { … }` block for new migrations, or revert by hand with a new migration"
    )]
    Irreversible {
        /// The labels (`003_create_posts`) of the migrations without downs.
        migrations: Vec<String>,
    },

    /// A migration was interrupted part-way and cannot be finished automatically, or
    /// must be finished before this command.
    #[error("migration {migration} was interrupted part-way: {reason}")]
    Interrupted {
        /// `002_index_posts`.
        migration: String,
        /// Why it cannot go on, and what to do.
        reason: String,
    },

    /// A step of a migration failed; the transaction was rolled back.
    #[error("{0}")]
    Step(Box<StepFailure>),

    /// A query of the engine's own (tracking table, lock) failed.
    #[error("{action} failed: {message}")]
    Database {
        /// What the engine was doing, such as "reading the tracking table".
        action: &'static str,
        /// The server's message, with its detail and hint.
        message: String,
        /// The client's error.
        #[source]
        source: tokio_postgres::Error,
    },

    /// A query of the engine's own failed while a batch ran (most often: the connection
    /// was lost), with what became of the batch.
    #[error("{action} failed: {message}\n{outcome}")]
    Batch {
        /// What the engine was doing, such as "committing the transaction".
        action: &'static str,
        /// The server's or the client's message.
        message: String,
        /// What became of the batch.
        outcome: Box<Outcome>,
        /// The client's error.
        #[source]
        source: tokio_postgres::Error,
    },

    /// A relation of the tracking table's name exists but is not a tracking table of
    /// ours (another tool's `migrations`, an application's own table): no command reads
    /// or writes it.
    #[error(
        "`{table}` is not a pgbatch tracking table ({reason}); it was left untouched and \
         nothing was run; choose another tracking table"
    )]
    ForeignTable {
        /// The tracking table's name, as configured.
        table: crate::options::TableName,
        /// What tells it apart from ours, such as "it has no `checksum` column".
        reason: String,
    },

    /// Reading the database's schema gave something this version does not know.
    #[error("reading the catalog: {reason}")]
    Catalog {
        /// What was wrong.
        reason: String,
    },

    /// The backup taken before migrating could not be taken or verified: no `pg_dump`,
    /// a `pg_dump` older than the server, or a dump that failed. Nothing was applied.
    #[error("no backup was taken: {reason}; nothing was applied")]
    Backup {
        /// What went wrong, with `pg_dump`'s own message (never the password).
        reason: String,
    },

    /// A row of the tracking table could not be understood.
    #[error("the tracking table is damaged: {reason}")]
    CorruptTracking {
        /// What is wrong, naming the row.
        reason: String,
    },
}

/// The session that holds the migration lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockHolder {
    /// Its backend process id, for `pg_terminate_backend` if it is stuck.
    pub pid: i32,
    /// Its `application_name`.
    pub application_name: String,
    /// Its client address, when it connected over TCP.
    pub client_addr: Option<String>,
}

/// One way the applied history disagrees with the source.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HistoryProblem {
    /// An applied migration's up SQL has changed since it was applied.
    Changed {
        /// `003_create_posts`.
        migration: String,
    },
    /// An applied migration is no longer in the source.
    Missing {
        /// The label recorded when it was applied.
        migration: String,
    },
    /// A pending migration is numbered below the newest applied one.
    OutOfOrder {
        /// The pending migration.
        migration: String,
        /// The newest applied migration.
        newest_applied: String,
    },
}

impl std::fmt::Display for HistoryProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HistoryProblem::Changed { migration } => write!(
                f,
                "migration {migration} was changed after it was applied (checksum differs)"
            ),
            HistoryProblem::Missing { migration } => write!(
                f,
                "migration {migration} is applied but missing from the source"
            ),
            HistoryProblem::OutOfOrder {
                migration,
                newest_applied,
            } => write!(
                f,
                "migration {migration} is pending but numbered below the newest applied migration {newest_applied}"
            ),
        }
    }
}

/// Which way a migration was running.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Direction {
    /// Applying.
    #[default]
    Up,
    /// Reverting.
    Down,
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Direction::Up => "up",
            Direction::Down => "down",
        })
    }
}

/// A failed step: which migration, which statement, what PostgreSQL said, and what
/// became of the batch.
#[derive(Debug)]
pub struct StepFailure {
    /// `003_create_posts`.
    pub migration: String,
    /// Applying or reverting.
    pub direction: Direction,
    /// 1-based index of the step within the migration's steps.
    pub step: usize,
    /// How many steps the migration has in that direction.
    pub steps: usize,
    /// The step's SQL.
    pub sql: String,
    /// The server's message, with its code, position, detail and hint.
    pub message: String,
    /// Where the failed SQL was written in the migration's source: the operation the
    /// error's position points at, or the step's one operation; when PostgreSQL gives
    /// no position and the step holds several, each of them. Empty for steps without
    /// origins (downs read back from the tracking table).
    pub origins: Vec<Origin>,
    /// What happened to the batch: what stays applied, what was reverted, and the same
    /// in words ("batch 3 was rolled back; nothing was applied").
    pub outcome: Outcome,
    /// The client's error.
    pub source: tokio_postgres::Error,
}

impl StepFailure {
    /// What failed, without the batch's outcome: `003_add_index failed (up, step 2 of
    /// 2): <message>`, and on a line of its own the operation as written with its file,
    /// line and column.
    pub(crate) fn headline(&self) -> String {
        let mut text = format!(
            "{} failed ({}, step {} of {}): {}",
            self.migration, self.direction, self.step, self.steps, self.message
        );
        match self.origins.as_slice() {
            [] => {}
            [origin] => {
                let _ = write!(text, "\n  in {origin}");
            }
            several => {
                let _ = write!(text, "\n  in one of the step's operations:");
                for origin in several {
                    let _ = write!(text, "\n    {origin}");
                }
            }
        }
        text
    }
}

impl std::fmt::Display for StepFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "migration {}\n{}", self.headline(), self.outcome)
    }
}

/// The origins a failed step's error points at: from PostgreSQL's position (a 1-based
/// character position in `sql`, the text sent) when it gives one, else the step's
/// origin when it has one, else each operation it holds once.
pub(crate) fn failed_origins(
    sql: &str,
    origins: &[(u32, Origin)],
    error: &tokio_postgres::Error,
) -> Vec<Origin> {
    let position = match error.as_db_error().and_then(|db| db.position()) {
        Some(tokio_postgres::error::ErrorPosition::Original(position)) => {
            byte_offset(sql, *position as usize)
        }
        _ => None,
    };
    if let Some(offset) = position
        && let Some((_, origin)) = origins
            .iter()
            .rev()
            .find(|(start, _)| *start as usize <= offset)
    {
        return vec![*origin];
    }
    if let [(_, origin)] = origins {
        return vec![*origin];
    }
    // Statements of one `sql("…")` without a position: the operation, not a statement.
    let mut operations: Vec<Origin> = Vec::new();
    for (_, origin) in origins {
        let operation = Origin {
            statement: None,
            ..*origin
        };
        if !operations.contains(&operation) {
            operations.push(operation);
        }
    }
    operations
}

impl std::error::Error for StepFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Renders a client error as one paragraph: PostgreSQL's message and SQLSTATE, the
/// position in `sql` as line, column and the line itself, then detail and hint.
pub(crate) fn describe(error: &tokio_postgres::Error, sql: Option<&str>) -> String {
    let Some(db) = error.as_db_error() else {
        // Not a server error: the connection dropped, timed out, or the like.
        return match std::error::Error::source(error) {
            Some(cause) => format!("{error}: {cause}"),
            None => error.to_string(),
        };
    };
    let mut text = format!("{} (SQLSTATE {})", db.message(), db.code().code());
    if let (Some(sql), Some(tokio_postgres::error::ErrorPosition::Original(position))) =
        (sql, db.position())
        && let Some((line, column, source_line)) = locate(sql, *position as usize)
    {
        let _ = write!(
            text,
            "\n  at line {line}, column {column}: {}",
            source_line.trim()
        );
    }
    if let Some(detail) = db.detail() {
        let _ = write!(text, "\n  detail: {detail}");
    }
    if let Some(hint) = db.hint() {
        let _ = write!(text, "\n  hint: {hint}");
    }
    if let Some(where_) = db.where_() {
        let _ = write!(text, "\n  where: {where_}");
    }
    text
}

/// Wraps a client error of `action` ("reading the tracking table") as [`Error::Database`].
pub(crate) fn database_error(action: &'static str) -> impl FnOnce(tokio_postgres::Error) -> Error {
    move |source| Error::Database {
        action,
        message: describe(&source, None),
        source,
    }
}

fn seed_failed(file: &str, message: &str, committed: &[String], not_run: &[String]) -> String {
    let mut text = format!("seed {file} failed and was rolled back: {message}");
    if !committed.is_empty() {
        let _ = write!(text, "\n  committed before it: {}", committed.join(", "));
    }
    if !not_run.is_empty() {
        let _ = write!(text, "\n  not run: {}", not_run.join(", "));
    }
    text
}

/// Turns PostgreSQL's 1-based character position into a 1-based line and column and
/// the text of that line.
fn locate(sql: &str, position: usize) -> Option<(usize, usize, &str)> {
    let offset = byte_offset(sql, position)?;
    let before = &sql[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = sql[line_start..offset].chars().count() + 1;
    let line_end = sql[offset..]
        .find('\n')
        .map_or(sql.len(), |index| offset + index);
    Some((line, column, &sql[line_start..line_end]))
}

/// The byte offset of PostgreSQL's 1-based character `position` in `sql`.
fn byte_offset(sql: &str, position: usize) -> Option<usize> {
    Some(sql.char_indices().nth(position.checked_sub(1)?)?.0)
}

fn lock_timeout(waited: Duration, holder: Option<&LockHolder>) -> String {
    let who = match holder {
        Some(holder) => {
            let name = if holder.application_name.is_empty() {
                "no application name".to_owned()
            } else {
                format!("application `{}`", holder.application_name)
            };
            let from = holder
                .client_addr
                .as_deref()
                .map(|addr| format!(" from {addr}"))
                .unwrap_or_default();
            format!("pid {}, {name}{from}", holder.pid)
        }
        None => "a session that has since ended".to_owned(),
    };
    format!(
        "another migrator holds the migration lock ({who}); gave up after waiting {:.1}s; \
         nothing was changed. Wait for it to finish and try again, or stop it with \
         `SELECT pg_terminate_backend(pid)` if it is stuck",
        waited.as_secs_f64()
    )
}

fn history(problems: &[HistoryProblem]) -> String {
    let mut text = String::from(
        "the applied history does not match the migrations in the source; nothing was run:",
    );
    for problem in problems {
        let _ = write!(text, "\n  - {problem}");
    }
    text.push_str(
        "\nrestore the original migration files, or write a new migration for a further change",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_line_and_column_by_characters() {
        let sql = "CREATE TABLE é (\n  id int,\n  bad typo\n)";
        // After the two-byte `é`: PostgreSQL counts characters, not bytes.
        let position = sql[..sql.find("typo").expect("typo")].chars().count() + 1;
        assert_eq!(locate(sql, position), Some((3, 7, "  bad typo")));
        assert_eq!(locate(sql, 1), Some((1, 1, "CREATE TABLE é (")));
        assert_eq!(locate(sql, 0), None);
        assert_eq!(locate(sql, 1000), None);
    }
}
