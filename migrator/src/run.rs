//! Execution: a connected [`Migrator`] runs each command under the migration lock.

use crate::error::{Direction, Outcome, database_error, describe};
use crate::execute::{self, Failure, Record, Unit, UnitStep};
use crate::preview::{self, Preview};
use crate::report::{
    DownReport, Drift, InitReport, MarkReport, MigrationRun, Recovered, ResetReport, Seed,
    SeedReport, State, Status, UpReport,
};
use crate::table::{self, AppliedRow};
use crate::{DownTo, Error, Migration, Options, Step, UpTo, lock, plan};
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
        self.lock().await?;
        let table = &self.options.table;
        let created = match table::prepare(&self.client, table).await {
            Ok(true) => Ok(false),
            Ok(false) => table::create(&self.client, table).await,
            Err(error) => Err(error),
        };
        self.unlock().await;
        Ok(InitReport {
            table: self.options.table.clone(),
            created: created?,
        })
    }

    /// Applies every pending migration of `migrations` as one batch. Without steps that
    /// must run outside a transaction, the batch is one transaction together with its
    /// tracking rows: all of it, or none. With such steps it runs in segments, and if a
    /// later part fails, the parts already committed are reverted with their downs.
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
        self.lock().await?;
        let result = self.up_locked(migrations, target, started).await;
        self.unlock().await;
        result
    }

    /// Reverts the newest batch, then applies every pending migration again as a new
    /// batch, holding the lock throughout (`redo`).
    pub async fn redo(
        &mut self,
        migrations: &[Migration],
    ) -> Result<(DownReport, UpReport), Error> {
        plan::validate(migrations)?;
        let started = Instant::now();
        self.lock().await?;
        let result = match self.down_locked(DownTo::LastBatch, started).await {
            Ok(down) => self
                .up_locked(migrations, UpTo::All, Instant::now())
                .await
                .map(|up| (down, up)),
            Err(error) => Err(error),
        };
        self.unlock().await;
        result
    }

    async fn up_locked(
        &mut self,
        migrations: &[Migration],
        target: UpTo,
        started: Instant,
    ) -> Result<UpReport, Error> {
        let table = &self.options.table;
        let exists = table::prepare(&self.client, table).await?;
        let mut recovered = Vec::new();
        let applied = if exists {
            let rows = table::read_existing(&self.client, table).await?;
            for row in rows.iter().filter(|row| row.interrupted.is_some()) {
                recovered.push(self.recover(row, migrations).await?);
            }
            if recovered.is_empty() {
                rows
            } else {
                table::read_existing(&self.client, table).await?
            }
        } else {
            Vec::new()
        };
        let plan = plan::up_to(
            plan::up(&applied, migrations, self.options.allow)?,
            migrations,
            target,
        )?;
        // The tracking table is created with the batch's first segment, so a failed
        // first batch leaves nothing at all; the lock keeps two runners from racing.
        let setup = (!exists).then(|| table::create_sql(table));
        let units: Vec<Unit<'_>> = plan
            .migrations
            .iter()
            .map(|migration| unit(migration, migration.script.up, Record::Insert(migration)))
            .collect();
        match self.execute(plan.batch, Direction::Up, &units, setup).await {
            Ok(done) => Ok(UpReport {
                batch: (!units.is_empty()).then_some(plan.batch),
                lock_retries: done.lock_retries,
                recovered,
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
                        steps_outside_transaction: migration
                            .script
                            .up
                            .iter()
                            .filter(|step| !step.transaction)
                            .count(),
                    })
                    .collect(),
                duration: started.elapsed(),
            }),
            Err(failure) => {
                let outcome = self
                    .compensate(plan.batch, &plan.migrations, &failure)
                    .await;
                Err(execute::with_outcome(failure.error, outcome))
            }
        }
    }

    /// Finishes a migration whose runner died part-way, from the step it stopped at.
    /// If that step ran outside a transaction, the index catalog saved before it tells
    /// what it did: a new valid index (or a dropped one) means it completed; a new
    /// invalid index is the remains of an interrupted concurrent build, and is dropped
    /// before the step runs again. Nothing is run twice.
    async fn recover(
        &self,
        row: &AppliedRow,
        migrations: &[Migration],
    ) -> Result<Recovered, Error> {
        let Some(interruption) = &row.interrupted else {
            return Err(Error::CorruptTracking {
                reason: format!("{} is not interrupted", row.label()),
            });
        };
        let refuse = |reason: &str| Error::Interrupted {
            migration: row.label(),
            reason: reason.to_owned(),
        };
        let Some(migration) = migrations.iter().find(|migration| migration.id == row.id) else {
            return Err(refuse(
                "it is no longer in the source, so it cannot be finished; restore its file and run `up` again, or finish it by hand and delete its row from the tracking table",
            ));
        };
        if migration.script.checksum != row.checksum {
            return Err(refuse(
                "its source changed since it started, so it cannot be finished safely; restore the file as it was, run `up` to finish it, then put the change in a new migration",
            ));
        }
        let mut resume = interruption.next_step;
        let mut completed = false;
        let mut dropped = Vec::new();
        if let Some(before) = &interruption.indexes {
            let now = execute::index_catalog(&self.client).await?;
            let was: std::collections::HashMap<u32, bool> = before.iter().copied().collect();
            let building = self.indexes_being_built().await?;
            for (oid, valid) in &now {
                match was.get(oid) {
                    None if *valid => completed = true,
                    None if !building.contains(oid) => {
                        if let Some(name) = self.drop_index(*oid).await? {
                            dropped.push(name);
                        }
                    }
                    _ => {}
                }
            }
            if before
                .iter()
                .any(|(oid, _)| !now.iter().any(|(current, _)| current == oid))
            {
                completed = true;
            }
            if completed {
                resume += 1;
            }
        }
        let steps = migration.script.up.get(resume..).unwrap_or_default();
        let mut unit = unit(migration, steps, Record::Insert(migration));
        unit.first_step = resume;
        self.execute(row.batch, Direction::Up, &[unit], None)
            .await
            .map_err(|failure| {
                execute::with_outcome(
                    failure.error,
                    Outcome {
                        partial: Some(migration.label()),
                        ..Outcome::told(format!(
                            "{} was interrupted earlier and is still marked so; fix the cause and run `up` again",
                            migration.label()
                        ))
                    },
                )
            })?;
        Ok(Recovered {
            migration: migration.label(),
            interrupted_at: interruption.next_step + 1,
            steps: migration.script.up.len(),
            step_had_completed: completed,
            dropped_indexes: dropped,
        })
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
        let database = |action| {
            move |source| Error::Database {
                action,
                message: describe(&source, None),
                source,
            }
        };
        let Some(row) = self
            .client
            .query_opt(
                "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1",
                &[&oid],
            )
            .await
            .map_err(database("naming an invalid index"))?
        else {
            return Ok(None);
        };
        let name: String = row.get(0);
        self.client
            .batch_execute(&format!("DROP INDEX CONCURRENTLY IF EXISTS {name}"))
            .await
            .map_err(database("dropping an invalid index"))?;
        Ok(Some(name))
    }

    /// Undoes what a failed `up` had committed: the part-way migration, then the
    /// completed ones, newest first, with their downs. Returns what became of them.
    async fn compensate(
        &self,
        batch: i32,
        migrations: &[&Migration],
        failure: &Failure,
    ) -> Outcome {
        let mut outcome = Outcome {
            dropped_indexes: failure.dropped_indexes.clone(),
            ..Outcome::default()
        };
        let mut account = Vec::new();
        if !failure.dropped_indexes.is_empty() {
            account.push(format!(
                "the invalid index {} left by the failed build was dropped",
                failure.dropped_indexes.join(", ")
            ));
        }
        let partial = failure.partial.map(|(index, _)| migrations[index].label());
        let mut to_revert: Vec<(&Migration, Record<'_>)> = Vec::new();
        if let Some((index, _)) = failure.partial {
            // Its row, if any, is a progress marker: delete it with the revert.
            to_revert.push((migrations[index], Record::Delete(migrations[index].id)));
        }
        for &index in failure.done.iter().rev() {
            to_revert.push((migrations[index], Record::Delete(migrations[index].id)));
        }
        // What stays if nothing more is undone: the completed ones applied, in the order
        // they ran, and the part-way one part-way.
        let remain = |entries: &[(&Migration, Record<'_>)], outcome: &mut Outcome| {
            let mut applied: Vec<String> = entries
                .iter()
                .map(|(migration, _)| migration.label())
                .filter(|label| Some(label) != partial.as_ref())
                .collect();
            applied.reverse();
            outcome.applied = applied;
            outcome.partial = partial
                .clone()
                .filter(|label| entries.iter().any(|(m, _)| m.label() == *label));
        };
        if to_revert.is_empty() {
            account.insert(
                0,
                match migrations.len() {
                    1 => format!("batch {batch} was rolled back; its migration was not applied"),
                    n => format!(
                        "batch {batch} was rolled back; none of its {n} migrations was applied"
                    ),
                },
            );
            outcome.account = account.join("; ");
            return outcome;
        }
        let labels = |list: &[(&Migration, Record<'_>)]| {
            list.iter()
                .map(|(migration, _)| migration.label())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some((without, _)) = to_revert
            .iter()
            .find(|(migration, _)| migration.script.down.is_none())
        {
            account.push(format!(
                "batch {batch} cannot be undone: {} has no down steps; still applied: {}",
                without.label(),
                labels(&to_revert)
            ));
            remain(&to_revert, &mut outcome);
            outcome.account = account.join("; ");
            return outcome;
        }
        let units: Vec<Unit<'_>> = to_revert
            .iter()
            .map(|(migration, record)| {
                let record = match record {
                    Record::Delete(id) => Record::Delete(*id),
                    _ => Record::Nothing,
                };
                unit(migration, migration.script.down.unwrap_or_default(), record)
            })
            .collect();
        match self.execute(batch, Direction::Down, &units, None).await {
            Ok(_) => {
                account.push(format!(
                    "batch {batch} was undone: {} had committed and {} reverted with {} down steps; nothing of the batch remains",
                    labels(&to_revert),
                    if to_revert.len() == 1 { "was" } else { "were" },
                    if to_revert.len() == 1 { "its" } else { "their" },
                ));
                outcome.reverted = to_revert.iter().map(|(m, _)| m.label()).collect();
            }
            Err(undo) => {
                let (reverted, still): (Vec<_>, Vec<_>) = to_revert
                    .into_iter()
                    .enumerate()
                    .partition(|(index, _)| undo.done.contains(index));
                let reverted: Vec<_> = reverted.into_iter().map(|(_, entry)| entry).collect();
                let still: Vec<_> = still.into_iter().map(|(_, entry)| entry).collect();
                if !reverted.is_empty() {
                    account.push(format!(
                        "undoing batch {batch} reverted {}",
                        labels(&reverted)
                    ));
                }
                let why = match &undo.error {
                    Error::Step(step) => step.headline(),
                    other => other.to_string(),
                };
                account.push(format!(
                    "then undoing failed too, at {why}\nstill applied: {}; the tracking table lists exactly the migrations that remain",
                    labels(&still)
                ));
                outcome.reverted = reverted.iter().map(|(m, _)| m.label()).collect();
                remain(&still, &mut outcome);
            }
        }
        outcome.account = account.join("; ");
        outcome
    }

    /// Reverts every migration of the newest batch, newest first, with the down steps
    /// recorded when they were applied: in one transaction, unless some must run
    /// outside one. Refuses, touching nothing, if any of them has no down steps.
    pub async fn down(&mut self) -> Result<DownReport, Error> {
        self.down_to(DownTo::LastBatch).await
    }

    /// Reverts the migrations `target` covers, across batches, newest first, in the
    /// same way as [`down`](Self::down).
    pub async fn down_to(&mut self, target: DownTo) -> Result<DownReport, Error> {
        let started = Instant::now();
        self.lock().await?;
        let result = self.down_locked(target, started).await;
        self.unlock().await;
        result
    }

    async fn down_locked(&mut self, target: DownTo, started: Instant) -> Result<DownReport, Error> {
        let applied = self.read_for_revert().await?.unwrap_or_default();
        let rows = plan::down(&applied, target)?;
        let batch = rows.first().map(|row| row.batch);
        let mut batches: Vec<i32> = rows.iter().map(|row| row.batch).collect();
        batches.dedup();
        let (reverted, lock_retries) = self.revert(&rows, batch.unwrap_or(0)).await?;
        Ok(DownReport {
            batch,
            batches,
            reverted,
            lock_retries,
            duration: started.elapsed(),
        })
    }

    /// Reverts every batch, newest first, then drops the tracking table. Refuses,
    /// touching nothing, if any applied migration has no down steps.
    pub async fn reset(&mut self) -> Result<ResetReport, Error> {
        let started = Instant::now();
        self.lock().await?;
        let result = self.reset_locked(started).await;
        self.unlock().await;
        result
    }

    async fn reset_locked(&mut self, started: Instant) -> Result<ResetReport, Error> {
        let Some(applied) = self.read_for_revert().await? else {
            return Ok(ResetReport {
                batches: 0,
                reverted: Vec::new(),
                dropped_table: false,
                duration: started.elapsed(),
            });
        };
        let rows = plan::reset(&applied)?;
        let mut batches: Vec<i32> = rows.iter().map(|row| row.batch).collect();
        batches.dedup();
        let (reverted, _) = self.revert(&rows, 0).await?;
        table::drop(&self.client, &self.options.table).await?;
        Ok(ResetReport {
            batches: batches.len(),
            reverted,
            dropped_table: true,
            duration: started.elapsed(),
        })
    }

    /// Runs the recorded downs of `rows`, in the order given, removing each row as its
    /// migration is reverted. On failure, says what was reverted and what remains.
    async fn revert(
        &self,
        rows: &[&AppliedRow],
        batch: i32,
    ) -> Result<(Vec<MigrationRun>, u32), Error> {
        let units = revert_units(rows);
        match self.execute(batch, Direction::Down, &units, None).await {
            Ok(done) => Ok((
                rows.iter()
                    .zip(done.durations.into_iter().zip(done.finished))
                    .map(|(row, (duration, finished_at))| MigrationRun {
                        id: row.id,
                        name: row.name.clone(),
                        duration,
                        finished_at,
                        batch: row.batch,
                        steps_outside_transaction: row
                            .down
                            .iter()
                            .flatten()
                            .filter(|step| !step.transaction)
                            .count(),
                    })
                    .collect(),
                done.lock_retries,
            )),
            Err(failure) => {
                let label = |index: &usize| rows[*index].label();
                let mut outcome = Outcome {
                    reverted: failure.done.iter().map(label).collect(),
                    partial: failure.partial.map(|(index, _)| rows[index].label()),
                    dropped_indexes: failure.dropped_indexes.clone(),
                    ..Outcome::default()
                };
                let mut account = if failure.done.is_empty() {
                    "the revert was rolled back; nothing was reverted".to_owned()
                } else {
                    format!(
                        "reverted before the failure: {}",
                        outcome.reverted.join(", ")
                    )
                };
                if let Some((index, steps)) = failure.partial {
                    account.push_str(&format!(
                        "; {} was part-way reverted ({steps} of its down steps committed) and is still recorded as applied: finish its down by hand, then remove its row",
                        rows[index].label()
                    ));
                }
                outcome.account = account;
                Err(execute::with_outcome(failure.error, outcome))
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
        let rows = table::read(&self.client, &self.options.table).await?;
        let plan = plan::up_to(
            plan::up(&rows, migrations, self.options.allow)?,
            migrations,
            target,
        )?;
        let units: Vec<Unit<'_>> = plan
            .migrations
            .iter()
            .map(|migration| unit(migration, migration.script.up, Record::Insert(migration)))
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
        let applied = table::read(&self.client, &self.options.table).await?;
        if let Some(row) = applied.iter().find(|row| row.interrupted.is_some()) {
            return Err(Error::Interrupted {
                migration: row.label(),
                reason: "run `up` to finish it first".to_owned(),
            });
        }
        let rows = plan::down(&applied, target)?;
        let units = revert_units(&rows);
        Ok(self.preview(rows.first().map(|row| row.batch), Vec::new(), &units))
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

    /// Records pending migrations as applied without running them, as one new batch:
    /// `Some(id)` for that migration only (`mark`), `None` for every pending one up to
    /// `target` (`baseline`, for a database whose schema already exists). History is
    /// checked as for `up`.
    pub async fn mark(
        &mut self,
        migrations: &[Migration],
        only: Option<u32>,
        target: UpTo,
    ) -> Result<MarkReport, Error> {
        plan::validate(migrations)?;
        self.lock().await?;
        let result = self.mark_locked(migrations, only, target).await;
        self.unlock().await;
        result
    }

    async fn mark_locked(
        &mut self,
        migrations: &[Migration],
        only: Option<u32>,
        target: UpTo,
    ) -> Result<MarkReport, Error> {
        let table = &self.options.table;
        if !table::prepare(&self.client, table).await? {
            table::create(&self.client, table).await?;
        }
        let rows = table::read_existing(&self.client, table).await?;
        let mut allow = self.options.allow;
        if only.is_some() {
            // Marking one migration is how a gap is filled on purpose.
            allow.out_of_order = true;
        }
        let mut plan = plan::up_to(plan::up(&rows, migrations, allow)?, migrations, target)?;
        if let Some(id) = only {
            if let Some(row) = rows.iter().find(|row| row.id == id) {
                return Err(Error::InvalidTarget {
                    reason: format!(
                        "migration {} is already recorded; nothing was marked",
                        row.label()
                    ),
                });
            }
            plan.migrations.retain(|migration| migration.id == id);
            if plan.migrations.is_empty() {
                return Err(Error::InvalidTarget {
                    reason: format!("there is no migration {id:03} in the source"),
                });
            }
        }
        if plan.migrations.is_empty() {
            return Ok(MarkReport {
                batch: None,
                marked: Vec::new(),
            });
        }
        let new_rows: Vec<table::NewRow<'_>> = plan
            .migrations
            .iter()
            .map(|migration| table::NewRow {
                migration,
                duration: Duration::ZERO,
            })
            .collect();
        table::insert(&self.client, table, plan.batch, &new_rows).await?;
        Ok(MarkReport {
            batch: Some(plan.batch),
            marked: plan
                .migrations
                .iter()
                .map(|migration| migration.label())
                .collect(),
        })
    }

    /// Forgets a recorded migration without running its down (`unmark`): for a change
    /// undone by hand. Returns its label.
    pub async fn unmark(&mut self, id: u32) -> Result<String, Error> {
        self.lock().await?;
        let result = async {
            let table = &self.options.table;
            let rows = table::read(&self.client, table).await?;
            let Some(row) = rows.iter().find(|row| row.id == id) else {
                return Err(Error::InvalidTarget {
                    reason: format!("migration {id:03} is not recorded; nothing was unmarked"),
                });
            };
            table::delete(&self.client, table, &[i64::from(id)]).await?;
            Ok(row.label())
        }
        .await;
        self.unlock().await;
        result
    }

    /// The applied migrations whose source changed since they were applied, with the
    /// SQL recorded then and the SQL of the source now. Reads only.
    pub async fn drift(&mut self, migrations: &[Migration]) -> Result<Vec<Drift>, Error> {
        plan::validate(migrations)?;
        let rows = table::read(&self.client, &self.options.table).await?;
        let texts = |steps: &[Step]| steps.iter().map(|step| step.sql.to_owned()).collect();
        let stored = |steps: &Vec<table::StoredStep>| {
            steps
                .iter()
                .map(|step| step.sql.clone())
                .collect::<Vec<_>>()
        };
        Ok(rows
            .iter()
            .filter(|row| row.interrupted.is_none())
            .filter_map(|row| {
                let migration = migrations.iter().find(|m| m.id == row.id)?;
                (migration.script.checksum != row.checksum).then(|| Drift {
                    id: row.id,
                    label: migration.label(),
                    recorded_checksum: row.checksum.clone(),
                    checksum: migration.script.checksum.to_owned(),
                    recorded_up: row.up.as_ref().map(stored),
                    up: texts(migration.script.up),
                    recorded_down: row.down.as_ref().map(stored),
                    down: migration.script.down.map(texts),
                })
            })
            .collect())
    }

    /// Accepts the current source of each migration in `drift` (from
    /// [`drift`](Self::drift)): its checksum, name, up and down are recorded in place
    /// of those applied, in one transaction, without running any SQL. Refuses, changing
    /// nothing, if the tracking table no longer matches `drift`.
    pub async fn repair(
        &mut self,
        migrations: &[Migration],
        drift: &[Drift],
    ) -> Result<Vec<String>, Error> {
        plan::validate(migrations)?;
        self.lock().await?;
        let result = async {
            let table = &self.options.table;
            table::prepare(&self.client, table).await?;
            let transaction = self
                .client
                .transaction()
                .await
                .map_err(database_error("starting the repair"))?;
            let mut repaired = Vec::new();
            for entry in drift {
                let migration = migrations
                    .iter()
                    .find(|m| m.id == entry.id && m.script.checksum == entry.checksum);
                let realigned = match migration {
                    Some(migration) => {
                        table::realign(&transaction, table, migration, &entry.recorded_checksum)
                            .await?
                    }
                    None => false,
                };
                if !realigned {
                    return Err(Error::InvalidTarget {
                        reason: format!(
                            "{} changed while repair ran; nothing was repaired (run it again)",
                            entry.label
                        ),
                    });
                }
                repaired.push(entry.label.clone());
            }
            transaction
                .commit()
                .await
                .map_err(database_error("committing the repair"))?;
            Ok(repaired)
        }
        .await;
        self.unlock().await;
        result
    }

    /// Runs `seeds` in order, each in its own transaction, once every migration of
    /// `migrations` is applied and unchanged (else [`Error::NotUpToDate`], running
    /// nothing). A failing seed is rolled back; those before it stay committed. Holds
    /// the migration lock, so it never runs beside an `up`.
    pub async fn seed(
        &mut self,
        migrations: &[Migration],
        seeds: &[Seed],
    ) -> Result<SeedReport, Error> {
        plan::validate(migrations)?;
        self.lock().await?;
        let result = self.seed_locked(migrations, seeds).await;
        self.unlock().await;
        result
    }

    async fn seed_locked(
        &mut self,
        migrations: &[Migration],
        seeds: &[Seed],
    ) -> Result<SeedReport, Error> {
        let applied = table::read(&self.client, &self.options.table).await?;
        let status = plan::status(&applied, migrations);
        if !status.is_up_to_date() {
            let mut problems = Vec::new();
            if status.pending() > 0 {
                problems.push(format!("{} pending", status.pending()));
            }
            for line in &status.migrations {
                match line.state {
                    State::Applied { changed: true, .. } => {
                        problems.push(format!("{} changed", line.label()));
                    }
                    State::Missing { .. } => problems.push(format!("{} missing", line.label())),
                    State::Interrupted { .. } => {
                        problems.push(format!("{} interrupted", line.label()));
                    }
                    _ => {}
                }
            }
            return Err(Error::NotUpToDate {
                target: self.target.clone(),
                problems: problems.join(", "),
            });
        }
        let mut seeded = Vec::new();
        for (index, seed) in seeds.iter().enumerate() {
            let started = Instant::now();
            let outcome = async {
                let transaction = self.client.transaction().await?;
                transaction.batch_execute(&seed.sql).await?;
                transaction.commit().await
            }
            .await;
            if let Err(source) = outcome {
                return Err(Error::Seed {
                    file: seed.name.clone(),
                    message: describe(&source, Some(&seed.sql)),
                    committed: seeded.into_iter().map(|(name, _)| name).collect(),
                    not_run: seeds[index + 1..]
                        .iter()
                        .map(|seed| seed.name.clone())
                        .collect(),
                });
            }
            seeded.push((seed.name.clone(), started.elapsed()));
        }
        Ok(SeedReport { seeded })
    }

    /// Every migration of the source and of the tracking table, and where each stands.
    /// Reads only: takes no lock and creates nothing.
    pub async fn status(&mut self, migrations: &[Migration]) -> Result<Status, Error> {
        plan::validate(migrations)?;
        let applied = table::read(&self.client, &self.options.table).await?;
        Ok(plan::status(&applied, migrations))
    }

    /// The applied rows (`None` without a tracking table), for `down` and `reset`, which
    /// refuse while a migration is interrupted: reverting around a half-applied
    /// migration would lose track of it.
    async fn read_for_revert(&self) -> Result<Option<Vec<AppliedRow>>, Error> {
        let table = &self.options.table;
        if !table::prepare(&self.client, table).await? {
            return Ok(None);
        }
        let rows = table::read_existing(&self.client, table).await?;
        if let Some(row) = rows.iter().find(|row| row.interrupted.is_some()) {
            return Err(Error::Interrupted {
                migration: row.label(),
                reason: "run `up` to finish it first; nothing was reverted".to_owned(),
            });
        }
        Ok(Some(rows))
    }

    /// Runs `units` as part of batch `batch` on this session, with this runner's
    /// tracking table and retry settings.
    async fn execute(
        &self,
        batch: i32,
        direction: Direction,
        units: &[Unit<'_>],
        setup: Option<String>,
    ) -> Result<execute::Done, Failure> {
        execute::run(
            &self.client,
            &self.options.table,
            batch,
            direction,
            units,
            setup,
            self.settings(),
        )
        .await
    }

    fn settings(&self) -> execute::Settings {
        execute::Settings {
            lock_timeout_ms: crate::options::millis(self.options.lock_timeout),
            lock_retries: self.options.lock_retries,
            retry_pause: Duration::from_millis(500),
        }
    }

    async fn lock(&self) -> Result<(), Error> {
        lock::acquire(&self.client, self.lock_key, self.options.lock_wait).await
    }

    async fn unlock(&self) {
        lock::release(&self.client, self.lock_key).await;
    }
}

/// A migration's steps as a unit of work for `execute`.
fn unit<'a>(migration: &Migration, steps: &'a [crate::Step], record: Record<'a>) -> Unit<'a> {
    Unit {
        label: migration.label(),
        steps: steps
            .iter()
            .map(|step| UnitStep {
                sql: step.sql,
                transaction: step.transaction,
                origins: step.origins,
            })
            .collect(),
        first_step: 0,
        record,
        lock_timeout_ms: migration.script.lock_timeout_ms,
    }
}

/// The recorded downs of `rows` as units of work, each deleting its row when done.
fn revert_units<'a>(rows: &[&'a AppliedRow]) -> Vec<Unit<'a>> {
    rows.iter()
        .map(|row| Unit {
            label: row.label(),
            steps: row
                .down
                .iter()
                .flatten()
                .map(|step| UnitStep {
                    sql: &step.sql,
                    transaction: step.transaction,
                    // The tracking table keeps no origins: the source may have moved on.
                    origins: &[],
                })
                .collect(),
            first_step: 0,
            record: Record::Delete(row.id),
            // A migration's own lock_timeout is not recorded; the runner's applies.
            lock_timeout_ms: None,
        })
        .collect()
}
