//! Execution: a connected [`Migrator`] runs each command under the migration lock.

use crate::error::{Direction, StepFailure, describe};
use crate::report::{DownReport, InitReport, MigrationRun, ResetReport, Status, UpReport};
use crate::table::{self, AppliedRow, NewRow};
use crate::{ConnectOptions, Error, Migration, Options, lock, plan};
use std::time::Instant;
use tokio::task::JoinHandle;
use tokio_postgres::{Client, NoTls, Transaction};

/// A connection to the database being migrated, and the options to migrate it with.
///
/// Each command that writes (`init`, `up`, `down`, `reset`) holds the migration lock
/// for its whole run and releases it before returning, so one `Migrator` can run
/// several commands in turn.
#[derive(Debug)]
pub struct Migrator {
    client: Client,
    connection: JoinHandle<()>,
    target: String,
    options: Options,
    lock_key: i64,
}

impl Migrator {
    /// Connects and prepares the session.
    pub async fn connect(connect: &ConnectOptions, options: Options) -> Result<Self, Error> {
        let target = connect.to_string();
        let (client, connection) =
            connect
                .as_config()
                .connect(NoTls)
                .await
                .map_err(|source| Error::Connect {
                    target: target.clone(),
                    reason: describe(&source, None),
                    source,
                })?;
        // The connection task ends when the client is dropped or the server goes away;
        // a lost connection surfaces as the error of the query that needed it.
        let connection = tokio::spawn(async move {
            let _ = connection.await;
        });
        // From PostgreSQL 14, a backend notices within a second that its client died
        // even while a statement runs, so a killed runner's transaction and lock go at
        // once instead of when its statement ends.
        client
            .batch_execute(
                "SELECT set_config('client_connection_check_interval', '1000', false)
                 WHERE current_setting('server_version_num')::int >= 140000",
            )
            .await
            .map_err(|source| Error::Database {
                action: "preparing the session",
                message: describe(&source, None),
                source,
            })?;
        let lock_key = lock::advisory_lock_key(&options.table);
        Ok(Migrator {
            client,
            connection,
            target,
            options,
            lock_key,
        })
    }

    /// `user@host:port/dbname` of the database, without the password.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Creates the tracking table if it does not exist.
    pub async fn init(&mut self) -> Result<InitReport, Error> {
        self.lock().await?;
        let created = table::create(&self.client, &self.options.table).await;
        self.unlock().await;
        Ok(InitReport {
            table: self.options.table.clone(),
            created: created?,
        })
    }

    /// Applies every pending migration of `migrations` as one batch, in one
    /// transaction together with its tracking rows: all of them, or none.
    pub async fn up(&mut self, migrations: &[Migration]) -> Result<UpReport, Error> {
        plan::validate(migrations)?;
        let started = Instant::now();
        self.lock().await?;
        let result = self.up_locked(migrations, started).await;
        self.unlock().await;
        result
    }

    async fn up_locked(
        &mut self,
        migrations: &[Migration],
        started: Instant,
    ) -> Result<UpReport, Error> {
        let table = &self.options.table;
        // The tracking table is created in the batch's transaction, so a failed first
        // batch leaves nothing at all; the lock keeps two runners from racing here.
        let transaction = begin(&mut self.client).await?;
        table::create(&transaction, table).await?;
        let applied = table::read(&transaction, table).await?;
        let plan = plan::up(&applied, migrations, self.options.allow)?;
        if plan.migrations.is_empty() {
            commit(transaction, "nothing was applied").await?;
            return Ok(UpReport {
                batch: None,
                applied: Vec::new(),
                duration: started.elapsed(),
            });
        }
        let outcome = match plan.migrations.len() {
            1 => format!(
                "batch {} was rolled back; its migration was not applied",
                plan.batch
            ),
            n => format!(
                "batch {} was rolled back; none of its {n} migrations was applied",
                plan.batch
            ),
        };
        let mut rows = Vec::with_capacity(plan.migrations.len());
        for migration in plan.migrations {
            let step_started = Instant::now();
            let steps: Vec<&str> = migration.script.up.iter().map(|step| step.sql).collect();
            run_steps(
                &transaction,
                &migration.label(),
                Direction::Up,
                &steps,
                &outcome,
            )
            .await?;
            rows.push(NewRow {
                migration,
                duration: step_started.elapsed(),
            });
        }
        table::insert(&transaction, table, plan.batch, &rows).await?;
        commit(transaction, &outcome).await?;
        Ok(UpReport {
            batch: Some(plan.batch),
            applied: rows
                .iter()
                .map(|row| MigrationRun {
                    id: row.migration.id,
                    name: row.migration.name.to_owned(),
                    duration: row.duration,
                })
                .collect(),
            duration: started.elapsed(),
        })
    }

    /// Reverts every migration of the newest batch, newest first, in one transaction,
    /// with the down steps recorded when they were applied. Refuses, touching nothing,
    /// if any of them has no down steps.
    pub async fn down(&mut self) -> Result<DownReport, Error> {
        let started = Instant::now();
        self.lock().await?;
        let result = self.down_locked(started).await;
        self.unlock().await;
        result
    }

    async fn down_locked(&mut self, started: Instant) -> Result<DownReport, Error> {
        let applied = table::read(&self.client, &self.options.table).await?;
        let rows = plan::down(&applied)?;
        let Some(batch) = rows.first().map(|row| row.batch) else {
            return Ok(DownReport {
                batch: None,
                reverted: Vec::new(),
                duration: started.elapsed(),
            });
        };
        let outcome = format!("the revert was rolled back; batch {batch} is still applied");
        let transaction = begin(&mut self.client).await?;
        let reverted = revert(&transaction, &rows, &outcome).await?;
        let ids: Vec<i64> = rows.iter().map(|row| i64::from(row.id)).collect();
        table::delete(&transaction, &self.options.table, &ids).await?;
        commit(transaction, &outcome).await?;
        Ok(DownReport {
            batch: Some(batch),
            reverted,
            duration: started.elapsed(),
        })
    }

    /// Reverts every batch, newest first, then drops the tracking table, all in one
    /// transaction. Refuses, touching nothing, if any applied migration has no down.
    pub async fn reset(&mut self) -> Result<ResetReport, Error> {
        let started = Instant::now();
        self.lock().await?;
        let result = self.reset_locked(started).await;
        self.unlock().await;
        result
    }

    async fn reset_locked(&mut self, started: Instant) -> Result<ResetReport, Error> {
        let table = &self.options.table;
        if !table::exists(&self.client, table).await? {
            return Ok(ResetReport {
                batches: 0,
                reverted: Vec::new(),
                dropped_table: false,
                duration: started.elapsed(),
            });
        }
        let applied = table::read(&self.client, table).await?;
        let rows = plan::reset(&applied)?;
        let mut batches: Vec<i32> = rows.iter().map(|row| row.batch).collect();
        batches.dedup();
        let outcome = "the reset was rolled back; every migration is still applied";
        let transaction = begin(&mut self.client).await?;
        let reverted = revert(&transaction, &rows, outcome).await?;
        table::drop(&transaction, table).await?;
        commit(transaction, outcome).await?;
        Ok(ResetReport {
            batches: batches.len(),
            reverted,
            dropped_table: true,
            duration: started.elapsed(),
        })
    }

    /// Every migration of the source and of the tracking table, and where each stands.
    /// Reads only: takes no lock and creates nothing.
    pub async fn status(&mut self, migrations: &[Migration]) -> Result<Status, Error> {
        plan::validate(migrations)?;
        let applied = table::read(&self.client, &self.options.table).await?;
        Ok(plan::status(&applied, migrations))
    }

    /// Closes the connection and waits for it to end.
    pub async fn close(self) {
        drop(self.client);
        let _ = self.connection.await;
    }

    async fn lock(&self) -> Result<(), Error> {
        lock::acquire(&self.client, self.lock_key, self.options.lock_wait).await
    }

    async fn unlock(&self) {
        lock::release(&self.client, self.lock_key).await;
    }
}

async fn begin(client: &mut Client) -> Result<Transaction<'_>, Error> {
    client
        .transaction()
        .await
        .map_err(|source| Error::Database {
            action: "starting the transaction",
            message: describe(&source, None),
            source,
        })
}

async fn commit(transaction: Transaction<'_>, outcome: &str) -> Result<(), Error> {
    transaction
        .commit()
        .await
        .map_err(|source| Error::Database {
            action: "committing the transaction",
            message: format!("{}\n{outcome}", describe(&source, None)),
            source,
        })
}

/// Runs each step with the simple query protocol: one round trip per step, and a
/// step may hold several statements.
async fn run_steps(
    transaction: &Transaction<'_>,
    label: &str,
    direction: Direction,
    steps: &[&str],
    outcome: &str,
) -> Result<(), Error> {
    for (index, sql) in steps.iter().enumerate() {
        transaction.batch_execute(sql).await.map_err(|source| {
            Error::Step(Box::new(StepFailure {
                migration: label.to_owned(),
                direction,
                step: index + 1,
                steps: steps.len(),
                sql: (*sql).to_owned(),
                message: describe(&source, Some(sql)),
                outcome: outcome.to_owned(),
                source,
            }))
        })?;
    }
    Ok(())
}

/// Runs the recorded down steps of `rows`, in the order given.
async fn revert(
    transaction: &Transaction<'_>,
    rows: &[&AppliedRow],
    outcome: &str,
) -> Result<Vec<MigrationRun>, Error> {
    let mut reverted = Vec::with_capacity(rows.len());
    for row in rows {
        let started = Instant::now();
        let steps: Vec<&str> = row
            .down
            .iter()
            .flatten()
            .map(|step| step.sql.as_str())
            .collect();
        run_steps(transaction, &row.label(), Direction::Down, &steps, outcome).await?;
        reverted.push(MigrationRun {
            id: row.id,
            name: row.name.clone(),
            duration: started.elapsed(),
        });
    }
    Ok(reverted)
}
