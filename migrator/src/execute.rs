//! Running a batch in segments. Consecutive steps that may share a transaction run in
//! one, together with the tracking-table change of every migration they complete; a
//! step that may not (`CREATE INDEX CONCURRENTLY`, …) runs alone, in autocommit. A
//! batch without such steps is therefore exactly one transaction.
//!
//! A segment whose statement fails on `lock_timeout` is rolled back and retried, with
//! growing pauses, so a migration queued behind a long transaction gives way to the
//! application's queries instead of blocking them. On any other failure the open
//! transaction is rolled back, an index left INVALID by a failed concurrent build is
//! dropped, and the caller learns which migrations had committed (recorded) and which
//! one was part-way, so it can compensate.

use crate::error::{Direction, Outcome, StepFailure, describe, failed_origins};
use crate::events::{self, ms};
use crate::options::TableName;
use crate::table::{self, NewRow};
use crate::{Error, Migration, Origin};
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
    pub(crate) steps: Vec<UnitStep<'a>>,
    pub(crate) first_step: usize,
    pub(crate) record: Record<'a>,
    pub(crate) lock_timeout_ms: Option<u64>,
}

/// A step of a [`Unit`]: a migration's [`Step`](crate::Step), or a down step read
/// back from the tracking table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnitStep<'a> {
    pub(crate) sql: &'a str,
    pub(crate) transaction: bool,
    /// Where its parts were written (see [`Step::origins`](crate::Step::origins));
    /// empty for steps read back from the tracking table, whose source may have moved.
    pub(crate) origins: &'static [(u32, Origin)],
}

/// The tracking-table change that marks a unit done.
#[derive(Debug)]
pub(crate) enum Record<'a> {
    /// Applied: insert its row.
    Insert(&'a Migration),
    /// Reverted: delete its row.
    Delete(u32),
    /// Nothing to record (reverting a migration that was never recorded).
    Nothing,
}

/// How a run behaves: the session's `lock_timeout` and the retries after it fires.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    pub(crate) lock_timeout_ms: u64,
    pub(crate) lock_retries: u32,
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
    /// A unit some of whose steps committed without its record: `(unit, steps)`.
    pub(crate) partial: Option<(usize, usize)>,
    /// Invalid indexes left by a failed concurrent build, dropped.
    pub(crate) dropped_indexes: Vec<String>,
}

/// A run of steps that commit together: in one transaction, or one step alone.
#[derive(Debug)]
pub(crate) struct Segment {
    pub(crate) transactional: bool,
    /// `(unit, step)` pairs, in order.
    pub(crate) steps: Vec<(usize, usize)>,
    /// Units whose last step is in this segment: their records commit with it.
    pub(crate) completes: Vec<usize>,
}

/// Splits units into segments.
pub(crate) fn segments(units: &[Unit<'_>]) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    for (unit, definition) in units.iter().enumerate() {
        for (step, &UnitStep { transaction, .. }) in definition.steps.iter().enumerate() {
            match segments.last_mut() {
                Some(open) if open.transactional && transaction => open.steps.push((unit, step)),
                _ => segments.push(Segment {
                    transactional: transaction,
                    steps: vec![(unit, step)],
                    completes: Vec::new(),
                }),
            }
        }
        match segments.last_mut() {
            Some(last) if last.transactional || !definition.steps.is_empty() => {
                last.completes.push(unit)
            }
            _ => segments.push(Segment {
                transactional: true,
                steps: Vec::new(),
                completes: vec![unit],
            }),
        }
    }
    segments
}

/// Runs `units` in order. `setup` (creating the tracking table) runs first, inside the
/// first segment's transaction when there is one, so a failed first batch leaves
/// nothing behind. Emits the batch's events (see [`events`]) in a `batch` span.
pub(crate) async fn run(
    client: &Client,
    table: &TableName,
    batch: i32,
    direction: Direction,
    units: &[Unit<'_>],
    setup: Option<String>,
    settings: Settings,
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
        let result = run_segments(client, table, batch, direction, units, setup, settings).await;
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

async fn run_segments(
    client: &Client,
    table: &TableName,
    batch: i32,
    direction: Direction,
    units: &[Unit<'_>],
    setup: Option<String>,
    settings: Settings,
) -> Result<Done, Failure> {
    let mut run = Run {
        client,
        table,
        batch,
        setup,
        settings,
        // Unknown until set: a previous command may have left a migration's own value.
        lock_timeout_ms: u64::MAX,
        durations: vec![Duration::ZERO; units.len()],
        finished: vec![None; units.len()],
        started: vec![false; units.len()],
        committed: vec![0; units.len()],
        done: Vec::new(),
        lock_retries: 0,
    };
    for segment in segments(units) {
        let mut attempt = 0;
        loop {
            match run.segment(units, &segment, direction).await {
                Ok(()) => break,
                Err(failed) if failed.lock_timeout && attempt < settings.lock_retries => {
                    attempt += 1;
                    run.lock_retries += 1;
                    let pause = settings.retry_pause * 2u32.saturating_pow(attempt - 1);
                    if let Error::Step(step) = &failed.error {
                        tracing::warn!(
                            migration = %step.migration,
                            step = step.step,
                            retry = attempt,
                            retries = settings.lock_retries,
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
                            attempt + 1
                        ));
                    }
                    return Err(run.failure(units, failed));
                }
            }
        }
    }
    if let Err(error) = run.ensure_setup().await {
        return Err(run.failure(units, SegmentError::new(error)));
    }
    run.restore_lock_timeout().await;
    let now = SystemTime::now();
    Ok(Done {
        durations: run.durations,
        finished: run
            .finished
            .into_iter()
            .map(|at| at.unwrap_or(now))
            .collect(),
        lock_retries: run.lock_retries,
    })
}

/// Why a segment did not commit.
struct SegmentError {
    error: Error,
    lock_timeout: bool,
    dropped_indexes: Vec<String>,
}

impl SegmentError {
    fn new(error: Error) -> Self {
        SegmentError {
            error,
            lock_timeout: false,
            dropped_indexes: Vec::new(),
        }
    }
}

struct Run<'c, 't> {
    client: &'c Client,
    table: &'t TableName,
    batch: i32,
    /// SQL to run before anything else, until a segment holding it commits.
    setup: Option<String>,
    settings: Settings,
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
}

impl Run<'_, '_> {
    /// Runs one segment to its commit, or rolls it back.
    async fn segment(
        &mut self,
        units: &[Unit<'_>],
        segment: &Segment,
        direction: Direction,
    ) -> Result<(), SegmentError> {
        let mut timings = Vec::with_capacity(segment.steps.len());
        let result = if segment.transactional {
            self.transaction(units, segment, direction, &mut timings)
                .await
        } else {
            self.alone(units, segment, direction, &mut timings).await
        };
        if result.is_err() {
            if segment.transactional {
                let _ = self.client.batch_execute("ROLLBACK").await;
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
            self.announce_start(units, unit, direction);
            tracing::info!(
                migration = %units[unit].label,
                direction = %direction,
                duration_ms = ms(self.durations[unit]),
                "{}",
                events::MIGRATION_FINISHED
            );
        }
        Ok(())
    }

    async fn transaction(
        &mut self,
        units: &[Unit<'_>],
        segment: &Segment,
        direction: Direction,
        timings: &mut Vec<Duration>,
    ) -> Result<(), SegmentError> {
        self.client
            .batch_execute("BEGIN")
            .await
            .map_err(|source| SegmentError::new(database("starting a transaction", source)))?;
        if let Some(setup) = &self.setup {
            self.client.batch_execute(setup).await.map_err(|source| {
                SegmentError::new(database("creating the tracking table", source))
            })?;
        }
        for &(unit, step) in &segment.steps {
            timings.push(self.step(units, unit, step, direction).await?);
        }
        self.record(units, segment, timings)
            .await
            .map_err(SegmentError::new)?;
        self.client
            .batch_execute("COMMIT")
            .await
            .map_err(|source| SegmentError::new(database("committing the transaction", source)))?;
        self.setup = None;
        Ok(())
    }

    /// Runs a segment's one step in autocommit; if it fails, drops any index it left
    /// invalid.
    async fn alone(
        &mut self,
        units: &[Unit<'_>],
        segment: &Segment,
        direction: Direction,
        timings: &mut Vec<Duration>,
    ) -> Result<(), SegmentError> {
        self.ensure_setup().await.map_err(SegmentError::new)?;
        let indexes = self.indexes().await.map_err(SegmentError::new)?;
        let before: Vec<u32> = indexes
            .iter()
            .filter(|(_, valid)| !valid)
            .map(|(oid, _)| *oid)
            .collect();
        for &(unit, step) in &segment.steps {
            // If this process dies during the step, the next run finds this marker and
            // the index catalog as it was, and can tell what the step did.
            let definition = &units[unit];
            if let Record::Insert(migration) = definition.record {
                let next = definition.first_step + step;
                table::mark(
                    self.client,
                    self.table,
                    self.batch,
                    migration,
                    next,
                    Some(&indexes),
                )
                .await
                .map_err(SegmentError::new)?;
            }
            match self.step(units, unit, step, direction).await {
                Ok(elapsed) => timings.push(elapsed),
                Err(mut failed) => {
                    failed.dropped_indexes = self.drop_new_invalid_indexes(&before).await;
                    // The step failed rather than being interrupted: with nothing of its
                    // migration committed, its marker would only mislead the next run.
                    if let Record::Insert(migration) = definition.record
                        && self.committed[unit] == 0
                    {
                        let _ = table::delete(self.client, self.table, &[i64::from(migration.id)])
                            .await;
                    }
                    return Err(failed);
                }
            }
            if let Record::Insert(migration) = definition.record
                && !segment.completes.contains(&unit)
            {
                let next = definition.first_step + step + 1;
                table::mark(self.client, self.table, self.batch, migration, next, None)
                    .await
                    .map_err(|error| {
                        self.committed[unit] += 1;
                        SegmentError::new(error)
                    })?;
            }
        }
        // The step has committed; a failure to record it leaves its migration part-way.
        if let Err(error) = self.record(units, segment, timings).await {
            for &(unit, _) in &segment.steps {
                self.committed[unit] += 1;
            }
            return Err(SegmentError::new(error));
        }
        Ok(())
    }

    /// Runs one step under its unit's `lock_timeout`; returns how long it took.
    async fn step(
        &mut self,
        units: &[Unit<'_>],
        unit: usize,
        step: usize,
        direction: Direction,
    ) -> Result<Duration, SegmentError> {
        let definition = &units[unit];
        let wanted = definition
            .lock_timeout_ms
            .unwrap_or(self.settings.lock_timeout_ms);
        self.set_lock_timeout(wanted)
            .await
            .map_err(SegmentError::new)?;
        let UnitStep {
            sql,
            transaction: transactional,
            origins,
        } = definition.steps[step];
        let number = definition.first_step + step + 1;
        let steps = definition.first_step + definition.steps.len();
        self.announce_start(units, unit, direction);
        let span = tracing::debug_span!("step", migration = %definition.label, step = number);
        let started = Instant::now();
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
            let result = self.client.batch_execute(sql).await;
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
            Err(source) => {
                let lock_timeout = source.code() == Some(&SqlState::LOCK_NOT_AVAILABLE);
                Err(SegmentError {
                    error: Error::Step(Box::new(StepFailure {
                        migration: definition.label.clone(),
                        direction,
                        step: number,
                        steps,
                        sql: sql.to_owned(),
                        message: describe(&source, Some(sql)),
                        origins: failed_origins(sql, origins, &source),
                        outcome: Outcome::default(),
                        source,
                    })),
                    lock_timeout,
                    dropped_indexes: Vec::new(),
                })
            }
        }
    }

    /// Emits a unit's `migration started` event, once.
    fn announce_start(&mut self, units: &[Unit<'_>], unit: usize, direction: Direction) {
        if !self.started[unit] {
            self.started[unit] = true;
            tracing::info!(
                migration = %units[unit].label,
                direction = %direction,
                steps = units[unit].steps.len(),
                "{}",
                events::MIGRATION_STARTED
            );
        }
    }

    async fn set_lock_timeout(&mut self, ms: u64) -> Result<(), Error> {
        if self.lock_timeout_ms != ms {
            self.client
                .batch_execute(&format!("SET lock_timeout = {ms}"))
                .await
                .map_err(|source| database("setting lock_timeout", source))?;
            self.lock_timeout_ms = ms;
        }
        Ok(())
    }

    /// Puts the session's `lock_timeout` back after a migration that set its own.
    async fn restore_lock_timeout(&mut self) {
        let _ = self.set_lock_timeout(self.settings.lock_timeout_ms).await;
    }

    /// Runs the setup SQL in autocommit if it has not run yet.
    async fn ensure_setup(&mut self) -> Result<(), Error> {
        if let Some(setup) = self.setup.take() {
            self.client
                .batch_execute(&setup)
                .await
                .map_err(|source| database("creating the tracking table", source))?;
        }
        Ok(())
    }

    /// Applies the tracking-table changes of the units `segment` completes (inserts in
    /// one statement), inside its transaction. Each unit's duration counts the steps of
    /// earlier segments and, from `timings`, those of this one, which has not committed.
    async fn record(
        &mut self,
        units: &[Unit<'_>],
        segment: &Segment,
        timings: &[Duration],
    ) -> Result<(), Error> {
        let mut rows = Vec::new();
        let mut deletes = Vec::new();
        for &index in &segment.completes {
            let this_segment: Duration = segment
                .steps
                .iter()
                .zip(timings)
                .filter(|((unit, _), _)| *unit == index)
                .map(|(_, elapsed)| *elapsed)
                .sum();
            match units[index].record {
                Record::Insert(migration) => rows.push(NewRow {
                    migration,
                    duration: self.durations[index] + this_segment,
                }),
                Record::Delete(id) => deletes.push(i64::from(id)),
                Record::Nothing => {}
            }
        }
        if !rows.is_empty() {
            table::insert(self.client, self.table, self.batch, &rows).await?;
        }
        if !deletes.is_empty() {
            table::delete(self.client, self.table, &deletes).await?;
        }
        Ok(())
    }

    async fn indexes(&self) -> Result<Vec<(u32, bool)>, Error> {
        index_catalog(self.client).await
    }

    /// Drops the invalid indexes that appeared since `before` (a failed concurrent
    /// build leaves one behind); returns their names.
    async fn drop_new_invalid_indexes(&self, before: &[u32]) -> Vec<String> {
        let Ok(rows) = self
            .client
            .query(
                "SELECT format('%I.%I', n.nspname, c.relname)
                 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE NOT i.indisvalid AND NOT (i.indexrelid = ANY($1))",
                &[&before],
            )
            .await
        else {
            return Vec::new();
        };
        let mut dropped = Vec::new();
        for row in rows {
            let name: String = row.get(0);
            if self
                .client
                .batch_execute(&format!("DROP INDEX CONCURRENTLY IF EXISTS {name}"))
                .await
                .is_ok()
            {
                dropped.push(name);
            }
        }
        dropped
    }

    /// Describes how far the run got.
    fn failure(&self, units: &[Unit<'_>], failed: SegmentError) -> Failure {
        let partial = (0..units.len())
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

/// `(oid, valid)` of every index in the database.
pub(crate) async fn index_catalog(client: &Client) -> Result<Vec<(u32, bool)>, Error> {
    let rows = client
        .query("SELECT indexrelid, indisvalid FROM pg_index", &[])
        .await
        .map_err(|source| database("listing indexes", source))?;
    Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
}

fn database(action: &'static str, source: tokio_postgres::Error) -> Error {
    Error::Database {
        action,
        message: describe(&source, None),
        source,
    }
}

/// Puts what happened to the batch into the error: as data into a step's failure, in
/// words into a failed query of the engine's own.
pub(crate) fn with_outcome(error: Error, outcome: Outcome) -> Error {
    match error {
        Error::Step(mut failure) => {
            failure.outcome = outcome;
            Error::Step(failure)
        }
        Error::Database {
            action,
            message,
            source,
        } => Error::Database {
            action,
            message: format!("{message}\n{}", outcome.account),
            source,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(steps: &[bool]) -> Unit<'static> {
        Unit {
            label: String::new(),
            steps: steps
                .iter()
                .map(|&transaction| UnitStep {
                    sql: "SELECT 1",
                    transaction,
                    origins: &[],
                })
                .collect(),
            first_step: 0,
            record: Record::Nothing,
            lock_timeout_ms: None,
        }
    }

    /// A segment as `(transactional, (unit, step) pairs, units completed)`.
    type Shape = (bool, Vec<(usize, usize)>, Vec<usize>);

    fn shape(units: &[Unit<'_>]) -> Vec<Shape> {
        segments(units)
            .into_iter()
            .map(|segment| (segment.transactional, segment.steps, segment.completes))
            .collect()
    }

    #[test]
    fn transactional_steps_share_a_segment_and_others_stand_alone() {
        // [create table, concurrent index], [add column], [], [concurrent index]
        let units = [
            unit(&[true, false]),
            unit(&[true]),
            unit(&[]),
            unit(&[false]),
        ];
        assert_eq!(
            shape(&units),
            [
                (true, vec![(0, 0)], vec![]),
                (false, vec![(0, 1)], vec![0]),
                (true, vec![(1, 0)], vec![1, 2]),
                (false, vec![(3, 0)], vec![3]),
            ]
        );
        let all_transactional = [unit(&[true, true]), unit(&[true])];
        assert_eq!(
            shape(&all_transactional),
            [(true, vec![(0, 0), (0, 1), (1, 0)], vec![0, 1])]
        );
        assert_eq!(shape(&[unit(&[])]), [(true, vec![], vec![0])]);
    }
}
