//! Running a batch in segments. Consecutive steps that may share a transaction run in
//! one, together with the tracking-table change of every migration they complete; a
//! step that may not (`CREATE INDEX CONCURRENTLY`, …) runs alone, in autocommit. A
//! batch without such steps is therefore exactly one transaction.
//!
//! On failure the open transaction is rolled back, an index left INVALID by a failed
//! concurrent build is dropped, and the caller learns which migrations had committed
//! (recorded) and which one was part-way, so it can compensate.

use crate::error::{Direction, StepFailure, describe};
use crate::options::TableName;
use crate::table::{self, NewRow};
use crate::{Error, Migration};
use std::time::{Duration, Instant};
use tokio_postgres::Client;

/// One migration to run: its steps, and how the tracking table records it when done.
#[derive(Debug)]
pub(crate) struct Unit<'a> {
    pub(crate) label: String,
    pub(crate) steps: Vec<(&'a str, bool)>,
    pub(crate) record: Record<'a>,
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

/// Runs `units` in order; returns each unit's duration, or how far it got. `setup`
/// (creating the tracking table) runs first, inside the first segment's transaction
/// when there is one, so a failed first batch leaves nothing behind.
pub(crate) async fn run(
    client: &Client,
    table: &TableName,
    batch: i32,
    direction: Direction,
    units: &[Unit<'_>],
    setup: Option<String>,
) -> Result<Vec<Duration>, Failure> {
    let mut run = Run {
        client,
        table,
        batch,
        setup,
        in_transaction: false,
        pending: Vec::new(),
        done: Vec::new(),
        executed: vec![0; units.len()],
        committed: vec![0; units.len()],
        durations: Vec::with_capacity(units.len()),
    };
    for (index, unit) in units.iter().enumerate() {
        let started = Instant::now();
        for (number, (sql, transaction)) in unit.steps.iter().enumerate() {
            let result = if *transaction {
                run.step_in_transaction(sql).await
            } else {
                run.step_alone(units, sql).await
            };
            if let Err(failure) = result {
                return Err(run.fail(units, failure, unit, direction, number, sql).await);
            }
            run.executed[index] += 1;
        }
        run.durations.push(started.elapsed());
        if run.in_transaction {
            run.pending.push(index);
        } else if let Err(error) = run.record(units, &[index]).await {
            return Err(run.failed(units, error).await);
        } else {
            run.done.push(index);
        }
    }
    let finished = if run.in_transaction {
        run.commit(units).await
    } else {
        run.ensure_setup().await
    };
    if let Err(error) = finished {
        return Err(run.failed(units, error).await);
    }
    Ok(run.durations)
}

/// Why a step did not complete.
enum StepError {
    /// The step's own SQL failed.
    Sql(tokio_postgres::Error, Vec<String>),
    /// Committing the segment before it, or recording, failed.
    Engine(Error),
}

struct Run<'c, 't> {
    client: &'c Client,
    table: &'t TableName,
    batch: i32,
    /// SQL to run before anything else, once.
    setup: Option<String>,
    in_transaction: bool,
    /// Units completed inside the open transaction, recorded at its commit.
    pending: Vec<usize>,
    done: Vec<usize>,
    executed: Vec<usize>,
    committed: Vec<usize>,
    durations: Vec<Duration>,
}

impl Run<'_, '_> {
    /// Runs the setup SQL if it has not run yet (in the open transaction, if any).
    async fn ensure_setup(&mut self) -> Result<(), Error> {
        if let Some(setup) = self.setup.take() {
            self.client
                .batch_execute(&setup)
                .await
                .map_err(|source| database("creating the tracking table", source))?;
        }
        Ok(())
    }

    async fn step_in_transaction(&mut self, sql: &str) -> Result<(), StepError> {
        if !self.in_transaction {
            self.client
                .batch_execute("BEGIN")
                .await
                .map_err(|source| StepError::Engine(database("starting a transaction", source)))?;
            self.in_transaction = true;
        }
        self.ensure_setup().await.map_err(StepError::Engine)?;
        self.client
            .batch_execute(sql)
            .await
            .map_err(|error| StepError::Sql(error, Vec::new()))
    }

    /// Commits the open segment, then runs `sql` alone; if it fails, drops any index
    /// it left invalid.
    async fn step_alone(&mut self, units: &[Unit<'_>], sql: &str) -> Result<(), StepError> {
        if self.in_transaction {
            self.commit(units).await.map_err(StepError::Engine)?;
        }
        self.ensure_setup().await.map_err(StepError::Engine)?;
        let before = self.invalid_indexes().await.map_err(StepError::Engine)?;
        match self.client.batch_execute(sql).await {
            Ok(()) => Ok(()),
            Err(error) => {
                let dropped = self.drop_new_invalid_indexes(&before).await;
                Err(StepError::Sql(error, dropped))
            }
        }
    }

    /// Records the units completed in the open transaction and commits it.
    async fn commit(&mut self, units: &[Unit<'_>]) -> Result<(), Error> {
        let pending = std::mem::take(&mut self.pending);
        self.record(units, &pending).await?;
        self.client
            .batch_execute("COMMIT")
            .await
            .map_err(|source| database("committing the transaction", source))?;
        self.in_transaction = false;
        self.committed.clone_from(&self.executed);
        self.done.extend(pending);
        Ok(())
    }

    /// Applies the tracking-table changes of `indexes` (inserts in one statement).
    async fn record(&mut self, units: &[Unit<'_>], indexes: &[usize]) -> Result<(), Error> {
        self.ensure_setup().await?;
        let mut rows = Vec::new();
        let mut deletes = Vec::new();
        for &index in indexes {
            match units[index].record {
                Record::Insert(migration) => rows.push(NewRow {
                    migration,
                    duration: self.durations[index],
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
        if !self.in_transaction {
            self.committed.clone_from(&self.executed);
        }
        Ok(())
    }

    async fn invalid_indexes(&self) -> Result<Vec<u32>, Error> {
        let rows = self
            .client
            .query("SELECT indexrelid FROM pg_index WHERE NOT indisvalid", &[])
            .await
            .map_err(|source| database("listing invalid indexes", source))?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
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

    /// Rolls back the open segment and describes how far the run got.
    async fn failed(&mut self, units: &[Unit<'_>], error: Error) -> Failure {
        if self.in_transaction {
            let _ = self.client.batch_execute("ROLLBACK").await;
            self.in_transaction = false;
        }
        self.executed.clone_from(&self.committed);
        let partial = (0..units.len())
            .find(|index| !self.done.contains(index) && self.committed[*index] > 0)
            .map(|index| (index, self.committed[index]));
        Failure {
            error,
            done: self.done.clone(),
            partial,
            dropped_indexes: Vec::new(),
        }
    }

    async fn fail(
        &mut self,
        units: &[Unit<'_>],
        failure: StepError,
        unit: &Unit<'_>,
        direction: Direction,
        number: usize,
        sql: &str,
    ) -> Failure {
        match failure {
            StepError::Engine(error) => self.failed(units, error).await,
            StepError::Sql(source, dropped) => {
                let error = Error::Step(Box::new(StepFailure {
                    migration: unit.label.clone(),
                    direction,
                    step: number + 1,
                    steps: unit.steps.len(),
                    sql: sql.to_owned(),
                    message: describe(&source, Some(sql)),
                    outcome: String::new(),
                    source,
                }));
                let mut failure = self.failed(units, error).await;
                failure.dropped_indexes = dropped;
                failure
            }
        }
    }
}

fn database(action: &'static str, source: tokio_postgres::Error) -> Error {
    Error::Database {
        action,
        message: describe(&source, None),
        source,
    }
}

/// Puts the account of what happened to the batch into the error.
pub(crate) fn with_outcome(error: Error, outcome: String) -> Error {
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
            message: format!("{message}\n{outcome}"),
            source,
        },
        other => other,
    }
}
