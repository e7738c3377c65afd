//! The commands of a connected [`Migrator`], each under the migration lock: the façade
//! over planning (`plan`), the executor (`execute`) and the rooms below.

mod compensate;
mod history;
mod outcome;
mod recovery;
mod seed;
mod status;

pub(crate) use outcome::with_outcome;

use crate::error::{Direction, Outcome, Partial};
use crate::execute::{self, Executor, Record, Unit};
use crate::preview::{self, Preview};
use crate::report::{DownReport, InitReport, MigrationRun, Recovered, ResetReport, UpReport};
use crate::table::{self, AppliedRow, Load};
use crate::{DownTo, Error, Migration, Options, Step, TableName, UpTo, lock, plan};
use recovery::revert_unit;
use std::borrow::Cow;
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;
use tokio_postgres::Client;

/// A connection to the database being migrated, and the options to migrate it with.
///
/// Each command that writes (`init`, `up`, `down`, `reset`) holds the migration lock
/// for its whole run and releases it before returning, so one `Migrator` can run
/// several commands in turn.
#[derive(Debug)]
pub struct Migrator {
    pub(crate) client: Client,
    /// The task driving a connection this `Migrator` opened; `None` for a client the
    /// application handed over (it drives its own connection).
    pub(crate) connection: Option<JoinHandle<()>>,
    /// What an application's client had before: restored by `into_client`.
    pub(crate) restore: Option<crate::session::Saved>,
    pub(crate) target: String,
    pub(crate) options: Options,
    pub(crate) lock_key: i64,
}

impl Migrator {
    /// Creates the tracking table if it does not exist.
    pub async fn init(&mut self) -> Result<InitReport, Error> {
        self.locked(async |this| {
            let table = &this.options.table;
            let created = match table::prepare(&this.client, table).await? {
                Some(_) => false,
                None => table::create(&this.client, table).await?,
            };
            Ok(InitReport {
                table: table.clone(),
                created,
            })
        })
        .await
    }

    /// Applies every pending migration of `migrations` as one batch. Without steps that
    /// must run outside a transaction, the batch is one transaction together with its
    /// tracking rows: all of it, or none. With such steps it runs in segments, and if a
    /// later part fails, the parts already committed are reverted with their downs.
    /// A batch an earlier runner left unfinished is finished first, and the new one
    /// continues it under its number.
    pub async fn up(&mut self, migrations: &[Migration]) -> Result<UpReport, Error> {
        self.up_to(migrations, UpTo::All).await
    }

    /// Like [`up`](Self::up), for the pending migrations up to `target` only.
    pub async fn up_to(
        &mut self,
        migrations: &[Migration],
        target: UpTo,
    ) -> Result<UpReport, Error> {
        plan::validate(migrations)?;
        let started = Instant::now();
        self.locked(async |this| this.up_locked(migrations, target, started).await)
            .await
    }

    /// Reverts the newest batch, then applies every pending migration again as a new
    /// batch, holding the lock throughout (`redo`). If it dies part-way, `up` takes the
    /// database to where `redo` would have.
    pub async fn redo(
        &mut self,
        migrations: &[Migration],
    ) -> Result<(DownReport, UpReport), Error> {
        plan::validate(migrations)?;
        let started = Instant::now();
        self.locked(async |this| {
            let down = this.down_locked(DownTo::LastBatch, started).await?;
            let up = this
                .up_locked(migrations, UpTo::All, Instant::now())
                .await?;
            Ok((down, up))
        })
        .await
    }

    async fn up_locked(
        &mut self,
        migrations: &[Migration],
        target: UpTo,
        started: Instant,
    ) -> Result<UpReport, Error> {
        let table = &self.options.table;
        let located = table::prepare(&self.client, table).await?;
        let exists = located.is_some();
        let mut finished = recovery::Finished::default();
        if let Some(located) = &located
            && table::up_to_date(&self.client, located, migrations).await?
        {
            // Nothing pending, nothing changed, nothing interrupted: `--to` is still
            // checked, and nothing else is read.
            plan::up_to(plan::UpPlan::default(), migrations, target)?;
            return Ok(UpReport {
                batch: None,
                lock_retries: 0,
                recovered: Vec::new(),
                applied: Vec::new(),
                duration: started.elapsed(),
            });
        }
        let applied = if exists {
            let rows = table::read_existing(&self.client, table, Load::Light).await?;
            finished = self.finish_for_up(&rows, migrations).await?;
            if finished.changed {
                table::read_existing(&self.client, table, Load::Light).await?
            } else {
                rows
            }
        } else {
            Vec::new()
        };
        let mut plan = plan::up_to(
            plan::up(&applied, migrations, self.options.allow)?,
            migrations,
            target,
        )?;
        if let Some(batch) = finished.batch {
            plan.batch = batch;
        }
        // The tracking table is created with the batch's first segment, so a failed
        // first batch leaves nothing at all; the lock keeps two runners from racing.
        let setup = (!exists).then(|| table::create_sql(table));
        let units: Vec<Unit<'_>> = plan
            .migrations
            .iter()
            .map(|migration| {
                unit(
                    migration,
                    migration.script.up().into(),
                    Record::Insert(migration),
                )
            })
            .collect();
        match self
            .executor()
            .run(plan.batch, Direction::Up, &units, setup)
            .await
        {
            Ok(done) => Ok(UpReport {
                batch: (!units.is_empty()).then_some(plan.batch),
                lock_retries: done.lock_retries,
                recovered: finished.recovered,
                applied: plan
                    .migrations
                    .iter()
                    .zip(done.durations.into_iter().zip(done.finished))
                    .map(|(migration, (duration, finished_at))| MigrationRun {
                        id: migration.id,
                        name: migration.name.to_owned(),
                        duration,
                        finished_at,
                        batch: plan.batch,
                        steps_outside_transaction: outside(&migration.script.up()),
                    })
                    .collect(),
                duration: started.elapsed(),
            }),
            Err(failure) => {
                let outcome = self
                    .compensate(plan.batch, &plan.migrations, &failure)
                    .await;
                Err(with_outcome(failure.error, outcome))
            }
        }
    }

    /// Reverts every migration of the newest batch, newest first, with the down steps
    /// recorded when they were applied: in one transaction, unless some must run
    /// outside one. Refuses, touching nothing, if any of them has no down steps. A
    /// revert an earlier runner left part-way is finished first, with the rest of its
    /// batch.
    pub async fn down(&mut self) -> Result<DownReport, Error> {
        self.down_to(DownTo::LastBatch).await
    }

    /// Reverts the migrations `target` covers, across batches, newest first, in the
    /// same way as [`down`](Self::down).
    pub async fn down_to(&mut self, target: DownTo) -> Result<DownReport, Error> {
        let started = Instant::now();
        self.locked(async |this| this.down_locked(target, started).await)
            .await
    }

    async fn down_locked(&mut self, target: DownTo, started: Instant) -> Result<DownReport, Error> {
        let applied = self
            .read_for_revert()
            .await?
            .map(|(_, rows)| rows)
            .unwrap_or_default();
        let (rows, resume) = self.plan_revert(&applied, Some(target)).await?;
        let batch = rows.first().map(|row| row.batch);
        let mut batches: Vec<i32> = rows.iter().map(|row| row.batch).collect();
        batches.dedup();
        let (reverted, lock_retries, recovered) =
            self.revert(&rows, resume, batch.unwrap_or(0)).await?;
        Ok(DownReport {
            batch,
            batches,
            reverted,
            recovered,
            lock_retries,
            duration: started.elapsed(),
        })
    }

    /// Reverts every batch, newest first, then drops the tracking table. Refuses,
    /// touching nothing, if any applied migration has no down steps.
    pub async fn reset(&mut self) -> Result<ResetReport, Error> {
        let started = Instant::now();
        self.locked(async |this| this.reset_locked(started).await)
            .await
    }

    async fn reset_locked(&mut self, started: Instant) -> Result<ResetReport, Error> {
        let Some((located, applied)) = self.read_for_revert().await? else {
            return Ok(ResetReport {
                batches: 0,
                reverted: Vec::new(),
                dropped_table: false,
                duration: started.elapsed(),
            });
        };
        let (rows, resume) = self.plan_revert(&applied, None).await?;
        let mut batches: Vec<i32> = rows.iter().map(|row| row.batch).collect();
        batches.dedup();
        let (reverted, _, _) = self.revert(&rows, resume, 0).await?;
        table::drop(&self.client, &located).await?;
        Ok(ResetReport {
            batches: batches.len(),
            reverted,
            dropped_table: true,
            duration: started.elapsed(),
        })
    }

    /// The rows a revert covers (`None`: all, for `reset`), in order, with where to
    /// resume the first if its revert was interrupted (read from the catalog: the
    /// step in flight may have completed).
    async fn plan_revert<'r>(
        &self,
        applied: &'r [AppliedRow],
        target: Option<DownTo>,
    ) -> Result<(Vec<&'r AppliedRow>, Option<recovery::Resume>), Error> {
        let marked = applied.iter().find(|row| {
            row.interrupted
                .as_ref()
                .is_some_and(|at| at.direction == Direction::Down)
        });
        let resuming = marked.map(|row| row.id);
        let rows = match target {
            Some(target) => plan::down(applied, target, resuming)?,
            None => plan::reset(applied, resuming)?,
        };
        let resume = match marked.and_then(|row| row.interrupted.as_ref()) {
            Some(at) => Some(self.resume(at).await?),
            None => None,
        };
        Ok((rows, resume))
    }

    /// Runs the recorded downs of `rows`, in the order given (the first from
    /// `resume`, if its revert was interrupted), removing each row as its migration is
    /// reverted. On failure, says what was reverted and what remains.
    async fn revert(
        &self,
        rows: &[&AppliedRow],
        resume: Option<recovery::Resume>,
        batch: i32,
    ) -> Result<(Vec<MigrationRun>, u32, Option<Recovered>), Error> {
        let first_step = resume.as_ref().map_or(0, |resume| resume.next_step);
        let units: Vec<Unit<'_>> = rows
            .iter()
            .enumerate()
            .map(|(index, row)| revert_unit(row, if index == 0 { first_step } else { 0 }))
            .collect();
        match self
            .executor()
            .run(batch, Direction::Down, &units, None)
            .await
        {
            Ok(done) => {
                let recovered = resume.zip(rows.first()).map(|(resume, row)| Recovered {
                    migration: row.label(),
                    direction: Direction::Down,
                    interrupted_at: row.interrupted.as_ref().map_or(0, |at| at.next_step) + 1,
                    steps: row.down.as_ref().map_or(0, Vec::len),
                    step_had_completed: resume.step_had_completed,
                    dropped_indexes: resume.dropped_indexes,
                });
                let reverted = rows
                    .iter()
                    .zip(done.durations.into_iter().zip(done.finished))
                    .map(|(row, (duration, finished_at))| MigrationRun {
                        id: row.id,
                        name: row.name.clone(),
                        duration,
                        finished_at,
                        batch: row.batch,
                        steps_outside_transaction: outside(row.down.as_deref().unwrap_or_default()),
                    })
                    .collect();
                Ok((reverted, done.lock_retries, recovered))
            }
            Err(failure) => {
                let label = |index: &usize| rows[*index].label();
                let mut outcome = Outcome {
                    direction: Direction::Down,
                    batch: rows.first().map(|row| row.batch),
                    planned: rows.len(),
                    reverted: failure.done.iter().map(label).collect(),
                    partial: failure.partial.map(|(index, committed)| Partial {
                        migration: rows[index].label(),
                        direction: Direction::Down,
                        next_step: units[index].first_step + committed + 1,
                        steps: rows[index].down.as_ref().map_or(0, Vec::len),
                    }),
                    dropped_indexes: failure.dropped_indexes.clone(),
                    ..Outcome::default()
                };
                let involved: Vec<(u32, String)> =
                    rows.iter().map(|row| (row.id, row.label())).collect();
                self.observe(&mut outcome, &involved).await;
                // What stays applied of those the command set out to revert is not news.
                outcome.applied.clear();
                Err(with_outcome(failure.error, outcome))
            }
        }
    }

    /// What `up` would run, without running or writing anything: the plan, checked
    /// like a real run's (history problems are the same errors), laid out in segments.
    pub async fn preview_up(
        &mut self,
        migrations: &[Migration],
        target: UpTo,
    ) -> Result<Preview, Error> {
        plan::validate(migrations)?;
        // An interrupted migration is finished first, in its own batch: for planning
        // the new batch it counts as present, as it will be by then.
        let rows = table::read(&self.client, &self.options.table, Load::Light).await?;
        let mut plan = plan::up_to(
            plan::up(&rows, migrations, self.options.allow)?,
            migrations,
            target,
        )?;
        if let Some(batch) = interrupted_batch(&rows) {
            plan.batch = batch;
        }
        let units: Vec<Unit<'_>> = plan
            .migrations
            .iter()
            .map(|migration| {
                unit(
                    migration,
                    migration.script.up().into(),
                    Record::Insert(migration),
                )
            })
            .collect();
        Ok(self.preview(
            (!units.is_empty()).then_some(plan.batch),
            rows.iter()
                .filter(|row| row.interrupted.is_some())
                .map(AppliedRow::label)
                .collect(),
            &units,
        ))
    }

    /// What `down` would run, without running or writing anything.
    pub async fn preview_down(&mut self, target: DownTo) -> Result<Preview, Error> {
        let applied = table::read(&self.client, &self.options.table, Load::Full).await?;
        refuse_interrupted_apply(&applied)?;
        let marked = applied.iter().find(|row| row.interrupted.is_some());
        let rows = plan::down(&applied, target, marked.map(|row| row.id))?;
        let first_step = marked
            .and_then(|row| row.interrupted.as_ref())
            .map_or(0, |at| at.next_step);
        let units: Vec<Unit<'_>> = rows
            .iter()
            .enumerate()
            .map(|(index, row)| revert_unit(row, if index == 0 { first_step } else { 0 }))
            .collect();
        Ok(self.preview(
            rows.first().map(|row| row.batch),
            marked.map(AppliedRow::label).into_iter().collect(),
            &units,
        ))
    }

    fn preview(
        &self,
        batch: Option<i32>,
        would_finish: Vec<String>,
        units: &[Unit<'_>],
    ) -> Preview {
        Preview {
            batch,
            lock_timeout_ms: self.settings().lock_timeout_ms,
            statement_timeout_ms: self.options.statement_timeout.map(crate::options::millis),
            would_finish,
            segments: preview::segments(units),
        }
    }

    /// The tracking table as [`table::prepare`] located it and its applied rows (`None`
    /// without a tracking table), for `down` and `reset`, which refuse while an apply
    /// is interrupted: reverting around a half-applied migration would lose track of
    /// it. An interrupted revert they finish.
    async fn read_for_revert(&self) -> Result<Option<(TableName, Vec<AppliedRow>)>, Error> {
        let table = &self.options.table;
        let Some(located) = table::prepare(&self.client, table).await? else {
            return Ok(None);
        };
        let rows = table::read_existing(&self.client, table, Load::Full).await?;
        refuse_interrupted_apply(&rows)?;
        Ok(Some((located, rows)))
    }

    /// The executor on this session, with this runner's tracking table and settings.
    fn executor(&self) -> Executor<'_> {
        Executor {
            client: &self.client,
            table: &self.options.table,
            settings: self.settings(),
        }
    }

    fn settings(&self) -> execute::Settings {
        execute::Settings {
            lock_timeout_ms: crate::options::millis(self.options.lock_timeout),
            lock_retries: self.options.lock_retries,
            retry_pause: Duration::from_millis(500),
        }
    }

    /// Runs `work` holding the migration lock, and releases it whatever the result.
    async fn locked<T>(
        &mut self,
        work: impl AsyncFnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        lock::acquire(&self.client, self.lock_key, self.options.lock_wait).await?;
        let result = work(self).await;
        lock::release(&self.client, self.lock_key).await;
        result
    }
}

/// Refuses a revert while an apply is interrupted.
fn refuse_interrupted_apply(rows: &[AppliedRow]) -> Result<(), Error> {
    match rows.iter().find(|row| {
        row.interrupted
            .as_ref()
            .is_some_and(|at| at.direction == Direction::Up)
    }) {
        Some(row) => Err(Error::Interrupted {
            migration: row.label(),
            reason: "run `up` to finish it first; nothing was reverted".to_owned(),
        }),
        None => Ok(()),
    }
}

/// The batch of an interrupted apply, which the next `up` continues.
fn interrupted_batch(rows: &[AppliedRow]) -> Option<i32> {
    rows.iter()
        .filter(|row| {
            row.interrupted
                .as_ref()
                .is_some_and(|at| at.direction == Direction::Up)
        })
        .map(|row| row.batch)
        .max()
}

/// How many of `steps` run outside a transaction.
fn outside(steps: &[Step]) -> usize {
    steps.iter().filter(|step| !step.transaction).count()
}

/// A migration's steps as a unit of work for the executor.
fn unit<'a>(migration: &Migration, steps: Cow<'a, [Step]>, record: Record<'a>) -> Unit<'a> {
    Unit {
        label: migration.label(),
        steps,
        first_step: 0,
        record,
        lock_timeout_ms: migration.script.lock_timeout_ms(),
    }
}
