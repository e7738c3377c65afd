//! Finishing what a runner that died left part-way. Every unfinished batch has a
//! marker in the tracking table (see `execute`): the migration it stopped in, the
//! direction, the next step and, before a step outside a transaction, the index
//! catalog. From it `up` finishes an interrupted apply in its own batch, and `down`
//! (or `up`, when nothing of it ran yet) finishes or drops an interrupted revert.

use super::{Migrator, unit};
use crate::error::{Direction, Outcome, Undo, database_error};
use crate::execute::{self, Record, Unit};
use crate::report::Recovered;
use crate::table::{self, AppliedRow, Interruption};
use crate::{Error, Migration};
use std::collections::HashMap;

/// Where to go on from a marker: the next step to run, whether the step in flight had
/// completed, and the invalid indexes it left, dropped.
#[derive(Debug)]
pub(super) struct Resume {
    pub(super) next_step: usize,
    pub(super) step_had_completed: bool,
    pub(super) dropped_indexes: Vec<String>,
}

/// What `up` found and finished before planning its batch.
#[derive(Debug, Default)]
pub(super) struct Finished {
    pub(super) recovered: Vec<Recovered>,
    /// The batch of an interrupted `up`: the new batch continues it.
    pub(super) batch: Option<i32>,
    /// Whether the tracking table changed (so it is read again).
    pub(super) changed: bool,
}

impl Migrator {
    /// For `up`: finishes the interrupted reverts (newest first) and applies (oldest
    /// first) that `rows` mark. A revert of which nothing ran is dropped: its
    /// migration stays applied.
    pub(super) async fn finish_for_up(
        &self,
        rows: &[AppliedRow],
        migrations: &[Migration],
    ) -> Result<Finished, Error> {
        let mut finished = Finished::default();
        for row in rows.iter().rev() {
            let Some(at) = row
                .interrupted
                .as_ref()
                .filter(|at| at.direction == Direction::Down)
            else {
                continue;
            };
            finished.changed = true;
            let resume = self.resume(at).await?;
            if resume.next_step == 0 {
                table::set_marker(&self.client, &self.options.table, row.id, None).await?;
                continue;
            }
            finished
                .recovered
                .push(self.finish_revert(row, at, resume).await?);
        }
        for row in rows {
            let Some(at) = row
                .interrupted
                .as_ref()
                .filter(|at| at.direction == Direction::Up)
            else {
                continue;
            };
            finished.changed = true;
            finished.batch = Some(finished.batch.map_or(row.batch, |b| b.max(row.batch)));
            if let Some(recovered) = self.finish_apply(row, at, migrations).await? {
                finished.recovered.push(recovered);
            }
        }
        Ok(finished)
    }

    /// Finishes an interrupted apply from the step it stopped at, in its own batch.
    /// `None` when nothing of it can have run (the batch stopped before its first,
    /// transactional, step) and its source is gone or changed: its marker is removed,
    /// and planning treats it as never started.
    async fn finish_apply(
        &self,
        row: &AppliedRow,
        at: &Interruption,
        migrations: &[Migration],
    ) -> Result<Option<Recovered>, Error> {
        let refuse = |reason: &str| Error::Interrupted {
            migration: row.label(),
            reason: reason.to_owned(),
        };
        let source = migrations.iter().find(|migration| migration.id == row.id);
        let Some(migration) = source.filter(|m| m.script.checksum() == row.checksum) else {
            // Before a transactional first step, nothing of it can have committed. Before
            // one outside a transaction, the step may have done what the catalog does
            // not show: that needs the source it ran from.
            if at.next_step == 0 && at.indexes.is_none() {
                table::delete(&self.client, &self.options.table, &[i64::from(row.id)]).await?;
                return Ok(None);
            }
            return Err(refuse(if source.is_none() {
                "it is no longer in the source, so it cannot be finished; restore its file and run `up` again, or finish it by hand and delete its row from the tracking table"
            } else {
                "its source changed since it started, so it cannot be finished safely; restore the file as it was, run `up` to finish it, then put the change in a new migration"
            }));
        };
        let resume = self.resume(at).await?;
        let mut steps = migration.script.up();
        let remaining = steps.split_off(resume.next_step.min(steps.len()));
        let mut unit = unit(migration, remaining.into(), Record::Insert(migration));
        unit.first_step = resume.next_step;
        if let Err(failure) = self
            .executor()
            .run(row.batch, Direction::Up, &[unit], None)
            .await
        {
            return Err(self.finishing_failed(failure, row).await);
        }
        Ok(Some(Recovered {
            migration: migration.label(),
            direction: Direction::Up,
            interrupted_at: at.next_step + 1,
            steps: migration.script.up().len(),
            step_had_completed: resume.step_had_completed,
            dropped_indexes: resume.dropped_indexes,
        }))
    }

    /// Finishes an interrupted revert with the rest of its recorded down steps.
    async fn finish_revert(
        &self,
        row: &AppliedRow,
        at: &Interruption,
        resume: Resume,
    ) -> Result<Recovered, Error> {
        let units = [revert_unit(row, resume.next_step)];
        if let Err(failure) = self
            .executor()
            .run(row.batch, Direction::Down, &units, None)
            .await
        {
            return Err(self.finishing_failed(failure, row).await);
        }
        Ok(Recovered {
            migration: row.label(),
            direction: Direction::Down,
            interrupted_at: at.next_step + 1,
            steps: row.down.as_ref().map_or(0, Vec::len),
            step_had_completed: resume.step_had_completed,
            dropped_indexes: resume.dropped_indexes,
        })
    }

    /// The error of a failed attempt to finish `row`, with where it stands now: still
    /// part-way (its marker says how far), or, if nothing of it had run, as before.
    async fn finishing_failed(&self, failure: execute::Failure, row: &AppliedRow) -> Error {
        let direction = row
            .interrupted
            .as_ref()
            .map_or(Direction::Up, |at| at.direction);
        let mut outcome = Outcome {
            direction,
            batch: Some(row.batch),
            planned: 1,
            dropped_indexes: failure.dropped_indexes,
            ..Outcome::default()
        };
        self.observe(&mut outcome, &[(row.id, row.label())]).await;
        if direction == Direction::Up && outcome.partial.is_none() && outcome.applied.is_empty() {
            outcome.undo = Some(Undo::RolledBack);
        }
        outcome.applied.clear();
        super::with_outcome(failure.error, outcome)
    }

    /// Tells what the step in flight did, from the index catalog saved before it (only
    /// a step outside a transaction has one; a transactional one rolled back): a new
    /// valid index, or a dropped one, means it completed; a new invalid index is the
    /// remains of an interrupted concurrent build, dropped so the step can run again.
    /// Nothing is run twice.
    pub(super) async fn resume(&self, at: &Interruption) -> Result<Resume, Error> {
        let mut resume = Resume {
            next_step: at.next_step,
            step_had_completed: false,
            dropped_indexes: Vec::new(),
        };
        let Some(before) = &at.indexes else {
            return Ok(resume);
        };
        let now = execute::index_catalog(&self.client).await?;
        let was: HashMap<u32, bool> = before.iter().copied().collect();
        let building = self.indexes_being_built().await?;
        for (oid, valid) in &now {
            match was.get(oid) {
                None if *valid => resume.step_had_completed = true,
                None if !building.contains(oid) => {
                    if let Some(name) = self.drop_index(*oid).await? {
                        resume.dropped_indexes.push(name);
                    }
                }
                _ => {}
            }
        }
        if before
            .iter()
            .any(|(oid, _)| !now.iter().any(|(current, _)| current == oid))
        {
            resume.step_had_completed = true;
        }
        if resume.step_had_completed {
            resume.next_step += 1;
        }
        Ok(resume)
    }

    /// Indexes a `CREATE INDEX` in some session is building now (PostgreSQL 12+).
    async fn indexes_being_built(&self) -> Result<Vec<u32>, Error> {
        let rows = self
            .client
            .query(
                "SELECT index_relid FROM pg_stat_progress_create_index
                 WHERE current_setting('server_version_num')::int >= 120000",
                &[],
            )
            .await
            .map_err(database_error("listing index builds in progress"))?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    /// Drops an index by oid (concurrently, as it may be on a busy table); its name.
    async fn drop_index(&self, oid: u32) -> Result<Option<String>, Error> {
        let Some(row) = self
            .client
            .query_opt(
                "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1",
                &[&oid],
            )
            .await
            .map_err(database_error("naming an invalid index"))?
        else {
            return Ok(None);
        };
        let name: String = row.get(0);
        self.client
            .batch_execute(&format!("DROP INDEX CONCURRENTLY IF EXISTS {name}"))
            .await
            .map_err(database_error("dropping an invalid index"))?;
        Ok(Some(name))
    }
}

/// The recorded down of `row` from step `first_step` on, as a unit that deletes its
/// row when done.
pub(super) fn revert_unit(row: &AppliedRow, first_step: usize) -> Unit<'_> {
    Unit {
        label: row.label(),
        steps: row
            .down
            .as_deref()
            .and_then(|steps| steps.get(first_step..))
            .unwrap_or_default()
            .into(),
        first_step,
        record: Record::Delete(row.id),
        // A migration's own lock_timeout is not recorded; the runner's applies.
        lock_timeout_ms: None,
    }
}
