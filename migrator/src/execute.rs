//! Running a batch in segments. Consecutive steps that may share a transaction run in
//! one, together with the tracking-table change of every migration they complete; a
//! step that may not (`CREATE INDEX CONCURRENTLY`, …) runs alone, in autocommit. A
//! batch without such steps (or new enum values) is therefore exactly one transaction.
//!
//! Where a batch of several segments stands is always in the tracking table: every
//! segment commits, with its steps, a marker on the migration the next segment works
//! on (the next step; before a step outside a transaction, the index catalog too). A
//! runner that dies anywhere leaves either a finished batch or a marker that the next
//! run finishes from (see `run::recovery`).
//!
//! A segment whose statement fails on `lock_timeout` is rolled back and retried after
//! a pause (see [`retry`]), so a migration queued behind a long transaction gives way
//! to the application's queries instead of blocking them. On any other failure the
//! open transaction is rolled back, an index left INVALID by a failed concurrent build
//! is dropped, and the caller learns which migrations had committed (recorded) and
//! which one was part-way, so it can compensate.

mod bookkeeping;
mod failure;
mod retry;
mod segments;

pub(crate) use failure::index_catalog;
use failure::{SegmentError, drop_new_invalid_indexes, lock_table, lock_table_full};
pub(crate) use segments::{Segment, segments, split};

use crate::error::{Direction, Outcome, StepFailure, database_error, describe, failed_origins};
use crate::events::{self, ms};
use crate::options::TableName;
use crate::{Error, Migration, Step};
use std::borrow::Cow;
use std::time::{Duration, Instant, SystemTime};
use tokio_postgres::Client;
use tokio_postgres::error::SqlState;
use tracing::Instrument as _;

/// One migration to run: its steps, how the tracking table records it when done, and
/// its own `lock_timeout` if it sets one.
#[derive(Debug)]
pub(crate) struct Unit<'a> {
    pub(crate) label: String,
    /// The steps still to run; `first_step` is the number of those already done.
    pub(crate) steps: Cow<'a, [Step]>,
    pub(crate) first_step: usize,
    pub(crate) record: Record<'a>,
    pub(crate) lock_timeout_ms: Option<u64>,
}

/// The tracking-table change that marks a unit done.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Record<'a> {
    /// Applied: insert its row.
    Insert(&'a Migration),
    /// Reverted: delete its row.
    Delete(u32),
}

/// How a run behaves: the session's `lock_timeout` and the retries after it fires.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    pub(crate) lock_timeout_ms: u64,
    pub(crate) lock_retries: u32,
    /// The first pause after a lock timeout; see [`retry::pause`].
    pub(crate) retry_pause: Duration,
}

/// A completed run: each unit's duration and when its record committed, and how many
/// segment retries lock timeouts cost.
#[derive(Debug)]
pub(crate) struct Done {
    pub(crate) durations: Vec<Duration>,
    pub(crate) finished: Vec<SystemTime>,
    pub(crate) lock_retries: u32,
}

/// How far a failed run got.
#[derive(Debug)]
pub(crate) struct Failure {
    /// The error, with an empty outcome for the caller to fill in.
    pub(crate) error: Error,
    /// Units whose steps and record committed, in the order they ran.
    pub(crate) done: Vec<usize>,
    /// A unit some of whose steps committed without its record: `(unit, steps)`. Its
    /// row carries a marker saying so.
    pub(crate) partial: Option<(usize, usize)>,
    /// Invalid indexes left by a failed concurrent build, dropped.
    pub(crate) dropped_indexes: Vec<String>,
}

/// Runs units on one connection: the session, the tracking table and the settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Executor<'c> {
    pub(crate) client: &'c Client,
    pub(crate) table: &'c TableName,
    pub(crate) settings: Settings,
}

impl Executor<'_> {
    /// Runs `units` in order as part of `batch`. `setup` (creating the tracking table)
    /// runs first, inside the first segment's transaction when there is one, so a
    /// failed first batch leaves nothing behind. Emits the batch's events (see
    /// [`events`]) in a `batch` span.
    pub(crate) async fn run(
        &self,
        batch: i32,
        direction: Direction,
        units: &[Unit<'_>],
        setup: Option<String>,
    ) -> Result<Done, Failure> {
        let span = tracing::info_span!("batch", batch, direction = %direction);
        async {
            let started = Instant::now();
            tracing::info!(
                batch,
                direction = %direction,
                migrations = units.len(),
                "{}",
                events::BATCH_STARTED
            );
            let mut run = Run::new(*self, batch, direction, units, setup);
            let result = run.all().await;
            match &result {
                Ok(_) => tracing::info!(
                    batch,
                    direction = %direction,
                    migrations = units.len(),
                    duration_ms = ms(started.elapsed()),
                    "{}",
                    events::BATCH_FINISHED
                ),
                Err(failure) => tracing::warn!(
                    batch,
                    direction = %direction,
                    error = %failure.error,
                    "{}",
                    events::BATCH_FAILED
                ),
            }
            result
        }
        .instrument(span)
        .await
    }
}

/// One run's state.
struct Run<'e, 'u, 'a> {
    executor: Executor<'e>,
    batch: i32,
    direction: Direction,
    units: &'u [Unit<'a>],
    /// SQL to run before anything else, until a segment holding it commits.
    setup: Option<String>,
    /// The `lock_timeout` the session has now.
    lock_timeout_ms: u64,
    /// Each unit's committed steps' time.
    durations: Vec<Duration>,
    /// When each unit's record committed.
    finished: Vec<Option<SystemTime>>,
    /// Whether each unit's start was announced.
    started: Vec<bool>,
    /// Steps of each unit that have committed.
    committed: Vec<usize>,
    done: Vec<usize>,
    lock_retries: u32,
    /// The unit whose marker this run wrote last, if any.
    marked: Option<usize>,
}

impl<'e, 'u, 'a> Run<'e, 'u, 'a> {
    fn new(
        executor: Executor<'e>,
        batch: i32,
        direction: Direction,
        units: &'u [Unit<'a>],
        setup: Option<String>,
    ) -> Self {
        Run {
            executor,
            batch,
            direction,
            units,
            setup,
            // Unknown until set: a previous command may have left a migration's own value.
            lock_timeout_ms: u64::MAX,
            durations: vec![Duration::ZERO; units.len()],
            finished: vec![None; units.len()],
            started: vec![false; units.len()],
            committed: vec![0; units.len()],
            done: Vec::new(),
            lock_retries: 0,
            marked: None,
        }
    }

    fn client(&self) -> &'e Client {
        self.executor.client
    }

    async fn all(&mut self) -> Result<Done, Failure> {
        let mut segments = segments(self.units);
        // A first segment outside a transaction gets its marker on its own; every
        // later one gets it from the segment before.
        if let Some(first) = segments.first().filter(|first| !first.transactional) {
            let marked = async {
                self.ensure_setup().await?;
                self.mark(first).await
            }
            .await;
            if let Err(error) = marked {
                return Err(self.failure(error.into()));
            }
        }
        let settings = self.executor.settings;
        let mut index = 0;
        while index < segments.len() {
            let mut retry = 0;
            loop {
                let attempt = Instant::now();
                let (segment, next) = (&segments[index], segments.get(index + 1));
                let result = self.segment(segment, next).await;
                let segment = &segments[index];
                // The transaction filled the server's lock table and was rolled back
                // whole: commit it in two parts, each with about half its locks.
                if let Err(failed) = &result
                    && failed.out_of_locks
                    && let Some((first, second)) = split(segment)
                {
                    tracing::warn!(
                        migrations = segment.completes.len(),
                        first = first.completes.len(),
                        "{}",
                        events::LOCK_TABLE_FULL
                    );
                    segments.splice(index..=index, [first, second]);
                    continue;
                }
                match result {
                    Ok(()) => break,
                    Err(failed) if failed.lock_timeout && retry < settings.lock_retries => {
                        retry += 1;
                        self.lock_retries += 1;
                        let attempted = attempt.elapsed();
                        let pause =
                            retry::pause(settings.retry_pause, retry, attempted, retry::jitter());
                        if let Error::Step(step) = &failed.error {
                            tracing::warn!(
                                migration = %step.migration,
                                step = step.step,
                                retry,
                                retries = settings.lock_retries,
                                attempt_ms = ms(attempted),
                                pause_ms = ms(pause),
                                "{}",
                                events::LOCK_TIMEOUT_RETRY
                            );
                        }
                        tokio::time::sleep(pause).await;
                    }
                    Err(mut failed) => {
                        if failed.lock_timeout
                            && let Error::Step(step) = &mut failed.error
                        {
                            step.message.push_str(&format!(
                                "\n  gave up after {} attempts, each waiting at most the lock_timeout",
                                retry + 1
                            ));
                        }
                        if failed.out_of_locks {
                            let capacity = lock_table(self.client()).await;
                            if let Error::Step(step) = &mut failed.error {
                                step.message.push_str(&capacity);
                            }
                        }
                        self.unmark_unstarted(segment).await;
                        return Err(self.failure(failed));
                    }
                }
            }
            index += 1;
        }
        if let Err(error) = self.ensure_setup().await {
            return Err(self.failure(error.into()));
        }
        self.restore_lock_timeout().await;
        let now = SystemTime::now();
        Ok(Done {
            durations: std::mem::take(&mut self.durations),
            finished: self.finished.iter().map(|at| at.unwrap_or(now)).collect(),
            lock_retries: self.lock_retries,
        })
    }

    /// Runs one segment to its commit, or rolls it back. `next` is the segment after,
    /// whose marker commits with this one.
    async fn segment(
        &mut self,
        segment: &Segment,
        next: Option<&Segment>,
    ) -> Result<(), SegmentError> {
        let mut timings = Vec::with_capacity(segment.steps.len());
        let result = if segment.transactional {
            self.transaction(segment, next, &mut timings).await
        } else {
            self.alone(segment, next, &mut timings).await
        };
        if result.is_err() {
            if segment.transactional {
                let _ = self.client().batch_execute("ROLLBACK").await;
                // SET inside the transaction is undone with it.
                self.lock_timeout_ms = u64::MAX;
            }
            return result;
        }
        for (&(unit, _), elapsed) in segment.steps.iter().zip(timings) {
            self.committed[unit] += 1;
            self.durations[unit] += elapsed;
        }
        self.done.extend(&segment.completes);
        let now = SystemTime::now();
        for &unit in &segment.completes {
            self.finished[unit] = Some(now);
            self.announce_start(unit);
            tracing::info!(
                migration = %self.units[unit].label,
                direction = %self.direction,
                duration_ms = ms(self.durations[unit]),
                "{}",
                events::MIGRATION_FINISHED
            );
        }
        Ok(())
    }

    async fn transaction(
        &mut self,
        segment: &Segment,
        next: Option<&Segment>,
        timings: &mut Vec<Duration>,
    ) -> Result<(), SegmentError> {
        self.client()
            .batch_execute("BEGIN")
            .await
            .map_err(database_error("starting a transaction"))?;
        if let Some(setup) = &self.setup {
            self.client()
                .batch_execute(setup)
                .await
                .map_err(database_error("creating the tracking table"))?;
        }
        for &(unit, step) in &segment.steps {
            timings.push(self.step(unit, step).await?);
        }
        self.bookkeeping(segment, next, timings).await?;
        self.client()
            .batch_execute("COMMIT")
            .await
            .map_err(database_error("committing the transaction"))?;
        self.setup = None;
        Ok(())
    }

    /// Runs a segment's one step in autocommit (its marker is in place); if it fails,
    /// drops any index it left invalid. Then records it in a transaction of its own.
    async fn alone(
        &mut self,
        segment: &Segment,
        next: Option<&Segment>,
        timings: &mut Vec<Duration>,
    ) -> Result<(), SegmentError> {
        self.ensure_setup().await?;
        let before: Vec<u32> = index_catalog(self.client())
            .await?
            .iter()
            .filter(|(_, valid)| !valid)
            .map(|(oid, _)| *oid)
            .collect();
        for &(unit, step) in &segment.steps {
            match self.step(unit, step).await {
                Ok(elapsed) => timings.push(elapsed),
                Err(mut failed) => {
                    failed.dropped_indexes = drop_new_invalid_indexes(self.client(), &before).await;
                    return Err(failed);
                }
            }
        }
        // The step has committed; a failure to record it leaves its migration part-way,
        // with the marker from before it, which the next run resolves from the catalog.
        let recorded = async {
            self.client()
                .batch_execute("BEGIN")
                .await
                .map_err(database_error("starting a transaction"))?;
            self.bookkeeping(segment, next, timings).await?;
            self.client()
                .batch_execute("COMMIT")
                .await
                .map_err(database_error("committing the transaction"))
        }
        .await;
        if let Err(error) = recorded {
            let _ = self.client().batch_execute("ROLLBACK").await;
            for &(unit, _) in &segment.steps {
                self.committed[unit] += 1;
            }
            return Err(error.into());
        }
        Ok(())
    }

    /// Runs one step under its unit's `lock_timeout`; returns how long it took.
    async fn step(&mut self, unit: usize, step: usize) -> Result<Duration, SegmentError> {
        let definition = &self.units[unit];
        let wanted = definition
            .lock_timeout_ms
            .unwrap_or(self.executor.settings.lock_timeout_ms);
        self.set_lock_timeout(wanted).await?;
        let definition = &self.units[unit];
        let Step {
            sql,
            transaction: transactional,
            origins,
            ..
        } = &definition.steps[step];
        let sql: &str = sql;
        let number = definition.first_step + step + 1;
        let steps = definition.first_step + definition.steps.len();
        let direction = self.direction;
        self.announce_start(unit);
        let span = tracing::debug_span!("step", migration = %definition.label, step = number);
        let started = Instant::now();
        let client = self.client();
        let result = async {
            tracing::debug!(
                migration = %definition.label,
                direction = %direction,
                step = number,
                steps,
                transactional,
                sql = %events::sql_summary(sql),
                "{}",
                events::STEP_STARTED
            );
            let result = client.batch_execute(sql).await;
            if result.is_ok() {
                tracing::debug!(
                    migration = %definition.label,
                    direction = %direction,
                    step = number,
                    steps,
                    duration_ms = ms(started.elapsed()),
                    "{}",
                    events::STEP_FINISHED
                );
            }
            result
        }
        .instrument(span)
        .await;
        match result {
            Ok(()) => Ok(started.elapsed()),
            Err(source) => Err(SegmentError {
                lock_timeout: source.code() == Some(&SqlState::LOCK_NOT_AVAILABLE),
                out_of_locks: lock_table_full(&source),
                error: Error::Step(Box::new(StepFailure {
                    migration: definition.label.clone(),
                    direction,
                    step: number,
                    steps,
                    sql: sql.to_string(),
                    message: describe(&source, Some(sql)),
                    origins: failed_origins(sql, origins, &source),
                    outcome: Outcome::default(),
                    source,
                })),
                dropped_indexes: Vec::new(),
            }),
        }
    }

    /// Emits a unit's `migration started` event, once.
    fn announce_start(&mut self, unit: usize) {
        if !self.started[unit] {
            self.started[unit] = true;
            tracing::info!(
                migration = %self.units[unit].label,
                direction = %self.direction,
                steps = self.units[unit].steps.len(),
                "{}",
                events::MIGRATION_STARTED
            );
        }
    }

    async fn set_lock_timeout(&mut self, ms: u64) -> Result<(), Error> {
        if self.lock_timeout_ms != ms {
            self.client()
                .batch_execute(&format!("SET lock_timeout = {ms}"))
                .await
                .map_err(database_error("setting lock_timeout"))?;
            self.lock_timeout_ms = ms;
        }
        Ok(())
    }

    /// Puts the session's `lock_timeout` back after a migration that set its own.
    async fn restore_lock_timeout(&mut self) {
        let _ = self
            .set_lock_timeout(self.executor.settings.lock_timeout_ms)
            .await;
    }

    /// Runs the setup SQL in autocommit if it has not run yet.
    async fn ensure_setup(&mut self) -> Result<(), Error> {
        if let Some(setup) = self.setup.take() {
            self.client()
                .batch_execute(&setup)
                .await
                .map_err(database_error("creating the tracking table"))?;
        }
        Ok(())
    }

    /// Describes how far the run got.
    fn failure(&self, failed: SegmentError) -> Failure {
        let partial = (0..self.units.len())
            .find(|index| !self.done.contains(index) && self.committed[*index] > 0)
            .map(|index| (index, self.committed[index]));
        Failure {
            error: failed.error,
            done: self.done.clone(),
            partial,
            dropped_indexes: failed.dropped_indexes,
        }
    }
}
