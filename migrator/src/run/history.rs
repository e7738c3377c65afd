//! Commands that change the history without running migrations: `mark` (and
//! `baseline`), `unmark`, `drift` and `repair`.

use super::Migrator;
use crate::error::database_error;
use crate::report::{Drift, MarkReport};
use crate::table::{self, Load};
use crate::{Error, Migration, Step, UpTo, plan};
use std::time::Duration;

impl Migrator {
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
        self.locked(async |this| this.mark_locked(migrations, only, target).await)
            .await
    }

    async fn mark_locked(
        &mut self,
        migrations: &[Migration],
        only: Option<u32>,
        target: UpTo,
    ) -> Result<MarkReport, Error> {
        let table = &self.options.table;
        if table::prepare(&self.client, table).await?.is_none() {
            table::create(&self.client, table).await?;
        }
        let rows = table::read_existing(&self.client, table, Load::Light).await?;
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
        self.locked(async |this| {
            let table = &this.options.table;
            let rows = table::read(&this.client, table, Load::Light).await?;
            let Some(row) = rows.iter().find(|row| row.id == id) else {
                return Err(Error::InvalidTarget {
                    reason: format!("migration {id:03} is not recorded; nothing was unmarked"),
                });
            };
            table::delete(&this.client, table, &[i64::from(id)]).await?;
            Ok(row.label())
        })
        .await
    }

    /// The applied migrations whose source changed since they were applied, with the
    /// SQL recorded then and the SQL of the source now. Reads only.
    pub async fn drift(&mut self, migrations: &[Migration]) -> Result<Vec<Drift>, Error> {
        plan::validate(migrations)?;
        let rows = table::read(&self.client, &self.options.table, Load::Full).await?;
        let texts = |steps: &[Step]| steps.iter().map(|step| step.sql.to_string()).collect();
        Ok(rows
            .iter()
            .filter(|row| row.interrupted.is_none())
            .filter_map(|row| {
                let migration = migrations.iter().find(|m| m.id == row.id)?;
                (migration.script.checksum() != row.checksum).then(|| Drift {
                    id: row.id,
                    label: migration.label(),
                    recorded_checksum: row.checksum.clone(),
                    checksum: migration.script.checksum().to_owned(),
                    recorded_up: row.up.as_ref().map(|steps| texts(steps)),
                    up: texts(&migration.script.up()),
                    recorded_down: row.down.as_ref().map(|steps| texts(steps)),
                    down: migration.script.down().as_deref().map(texts),
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
        self.locked(async |this| {
            let table = &this.options.table;
            table::prepare(&this.client, table).await?;
            let transaction = this
                .client
                .transaction()
                .await
                .map_err(database_error("starting the repair"))?;
            let mut repaired = Vec::new();
            for entry in drift {
                let migration = migrations
                    .iter()
                    .find(|m| m.id == entry.id && m.script.checksum() == entry.checksum);
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
        })
        .await
    }
}
