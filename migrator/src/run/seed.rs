//! `seed`: the environment's seed files, once the schema is up to date.

use super::Migrator;
use crate::error::describe;
use crate::report::{Seed, SeedReport, State};
use crate::table::Load;
use crate::{Error, Migration, plan, table};
use std::time::Instant;

impl Migrator {
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
        self.locked(async |this| this.seed_locked(migrations, seeds).await)
            .await
    }

    async fn seed_locked(
        &mut self,
        migrations: &[Migration],
        seeds: &[Seed],
    ) -> Result<SeedReport, Error> {
        let applied = table::read(&self.client, &self.options.table, Load::Light).await?;
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
}
