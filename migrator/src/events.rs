//! The engine's `tracing` events: how an application (or the CLI) follows a run.
//!
//! The engine never prints; it emits these events, and whoever installed a
//! [`tracing`](https://docs.rs/tracing) subscriber sees them. Each event's message is
//! one of the constants below, so a subscriber can tell them apart without parsing
//! text, and its fields are listed beside it. Durations are whole milliseconds
//! (`duration_ms`, `waited_ms`, `attempt_ms`, `pause_ms`); `direction` is `up` or `down`; `migration`
//! is a label such as `003_create_posts`. Every event's target starts with `pgbatch`.
//!
//! Events of a batch are emitted inside a `batch` span (fields `batch`, `direction`),
//! and a step's inside a `step` span (fields `migration`, `step`), so a subscriber that
//! records spans can time them too.
//!
//! ```
//! /// Whether `event` says that a migration finished, as a subscriber's `on_event`
//! /// would ask.
//! fn migration_finished(event: &tracing::Event<'_>) -> bool {
//!     struct Message(bool);
//!     impl tracing::field::Visit for Message {
//!         fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
//!             if field.name() == "message" {
//!                 self.0 = format!("{value:?}") == pgbatch::events::MIGRATION_FINISHED;
//!             }
//!         }
//!     }
//!     let mut message = Message(false);
//!     event.record(&mut message);
//!     message.0
//! }
//! ```
//!
//! The levels: `info` for batches and migrations, `debug` for steps and the lock,
//! `warn` for a retry after `lock_timeout`, for a failed batch and for giving up on
//! the migration lock.

/// A batch starts: `batch`, `direction`, `migrations` (how many).
pub const BATCH_STARTED: &str = "batch started";

/// A batch committed: `batch`, `direction`, `migrations`, `duration_ms`.
pub const BATCH_FINISHED: &str = "batch finished";

/// A batch stopped on an error (what became of it is in the returned error): `batch`,
/// `direction`, `error`.
pub const BATCH_FAILED: &str = "batch failed";

/// A migration's first step starts: `migration`, `direction`, `steps` (how many it runs).
pub const MIGRATION_STARTED: &str = "migration started";

/// A migration's steps and its tracking-table change committed: `migration`,
/// `direction`, `duration_ms` (its steps' time).
pub const MIGRATION_FINISHED: &str = "migration finished";

/// A step starts: `migration`, `direction`, `step` (1-based), `steps`, `transactional`
/// (whether it runs in the batch's transaction), `sql` (its first line, shortened).
pub const STEP_STARTED: &str = "step started";

/// A step's statement returned: `migration`, `direction`, `step`, `steps`, `duration_ms`.
/// In a transaction, it commits with its segment.
pub const STEP_FINISHED: &str = "step finished";

/// Another session holds the migration lock, so this runner waits: `holder_pid`,
/// `holder_application`, `holder_addr` (empty when unknown), `wait_ms` (the most it
/// will wait).
pub const LOCK_WAITING: &str = "waiting for the migration lock";

/// The migration lock was taken after a wait: `waited_ms`.
pub const LOCK_ACQUIRED: &str = "migration lock acquired";

/// The wait for the migration lock ran out; the run stops with
/// [`Error::LockTimeout`](crate::Error::LockTimeout): `waited_ms`. It ends the wait
/// that [`LOCK_WAITING`] began, as [`LOCK_ACQUIRED`] would have.
pub const LOCK_GAVE_UP: &str = "gave up waiting for the migration lock";

/// A segment hit `lock_timeout`, was rolled back, and runs again after a pause:
/// `migration`, `step`, `retry` (1-based), `retries` (the most allowed), `attempt_ms`
/// (how long the failed attempt took), `pause_ms` (at least four times `attempt_ms`).
pub const LOCK_TIMEOUT_RETRY: &str = "retrying after lock_timeout";

/// A transaction of the batch filled the server's lock table and was rolled back whole;
/// it runs again as two, committed one after the other under the same batch:
/// `migrations` (in the transaction), `first` (in its first part).
pub const LOCK_TABLE_FULL: &str = "lock table full: committing the transaction in two parts";

/// The first line of `sql`, at most 60 characters, with `…` when shortened: what a
/// progress line shows of a step.
pub(crate) fn sql_summary(sql: &str) -> String {
    let first = sql.trim().lines().next().unwrap_or_default().trim();
    let mut summary: String = first.chars().take(60).collect();
    if summary.len() < first.len() || sql.trim().lines().nth(1).is_some() {
        summary.push('…');
    }
    summary
}

/// Whole milliseconds, for the events' duration fields.
pub(crate) fn ms(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_summaries_keep_the_first_line_and_mark_what_they_cut() {
        assert_eq!(
            sql_summary("CREATE TABLE a (id int)"),
            "CREATE TABLE a (id int)"
        );
        assert_eq!(
            sql_summary("  INSERT INTO c (id)\n  SELECT id FROM nowhere"),
            "INSERT INTO c (id)…"
        );
        let long = format!("SELECT {}", "x".repeat(100));
        assert_eq!(sql_summary(&long).chars().count(), 61);
    }
}
