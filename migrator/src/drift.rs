//! `drift`: the live database's schema against the schema its applied migrations
//! produce on a scratch database. Reads the target only.

use crate::catalog::{Difference, Snapshot};
use crate::{ConnectOptions, Error, Migration, Migrator, ScratchDatabase, table};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// The result of [`Migrator::schema_drift`].
#[derive(Debug)]
#[non_exhaustive]
pub struct SchemaDrift {
    /// Every difference of the live database from the schema its applied migrations
    /// produce (expected): objects missing, added by hand, or altered.
    pub differences: Vec<Difference>,
    /// The migrations replayed on the scratch database: those the target records as
    /// applied, in order.
    pub replayed: Vec<String>,
    /// Applied migrations whose source is gone: what they made shows as unexpected.
    pub missing_from_source: Vec<String>,
    /// Applied migrations whose source changed since (checksum): replayed as the
    /// source is now.
    pub changed_since_applied: Vec<String>,
    /// Migrations the target records as part-way (a runner died): not replayed.
    pub interrupted: Vec<String>,
    /// Schemas of the live database that the migrations do not create, left out.
    pub unmanaged_schemas: Vec<String>,
    /// How long it took, the scratch database included.
    pub duration: Duration,
}

impl Migrator {
    /// This database's schema, read from its catalog in one read-only transaction,
    /// without the tracking table and the objects whose names match a pattern of
    /// `ignore` (see [`Snapshot::read`]). Takes no lock.
    pub async fn schema(&self, ignore: &[String]) -> Result<Snapshot, Error> {
        Snapshot::read(&self.client, &self.options.table, ignore).await
    }

    /// Compares this database's schema with the one its applied migrations produce:
    /// they are applied, from `migrations`, to a scratch database created on the
    /// server `server` connects to (and dropped afterwards), and the two catalogs
    /// compared. Only the schemas the migrations create are compared, and objects
    /// whose names match a pattern of `ignore` are left out (see
    /// [`Snapshot::read`]). Writes nothing to this database: it reads the tracking
    /// table and the catalog in a read-only transaction, and takes no lock.
    pub async fn schema_drift(
        &mut self,
        migrations: &[Migration],
        server: &ConnectOptions,
        ignore: &[String],
    ) -> Result<SchemaDrift, Error> {
        let started = Instant::now();
        crate::plan::validate(migrations)?;
        let rows = table::read(&self.client, &self.options.table, table::Load::Light).await?;
        let mut drift = SchemaDrift {
            differences: Vec::new(),
            replayed: Vec::new(),
            missing_from_source: Vec::new(),
            changed_since_applied: Vec::new(),
            interrupted: Vec::new(),
            unmanaged_schemas: Vec::new(),
            duration: Duration::ZERO,
        };
        let mut applied = Vec::new();
        for row in &rows {
            if row.interrupted.is_some() {
                drift.interrupted.push(row.label());
                continue;
            }
            match migrations.iter().find(|migration| migration.id == row.id) {
                None => drift.missing_from_source.push(row.label()),
                Some(migration) => {
                    if migration.script.checksum() != row.checksum {
                        drift.changed_since_applied.push(row.label());
                    }
                    drift.replayed.push(migration.label());
                    applied.push(*migration);
                }
            }
        }
        let live = self.schema(ignore).await?;
        let tracking = self.options.table.clone();
        let scratch = ScratchDatabase::create(server, "pgbatch_drift").await?;
        let expected = replay(&scratch, self.options.clone(), &applied, &tracking, ignore).await;
        scratch.drop_database().await?;
        let expected = expected?;
        let managed = expected.schemas();
        drift.unmanaged_schemas = live
            .schemas()
            .difference(&managed)
            .map(|schema| (*schema).to_owned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        drift.differences = expected.differences(&live.within(&managed));
        drift.duration = started.elapsed();
        Ok(drift)
    }
}

/// The schema `applied` produce, applied as one batch on the scratch database.
async fn replay(
    scratch: &ScratchDatabase,
    options: crate::Options,
    applied: &[Migration],
    tracking: &crate::TableName,
    ignore: &[String],
) -> Result<Snapshot, Error> {
    let mut migrator = Migrator::connect(scratch.options(), options).await?;
    migrator.init().await?;
    if !applied.is_empty() {
        migrator.up(applied).await?;
    }
    let snapshot = Snapshot::read(&migrator.client, tracking, ignore).await;
    migrator.close().await;
    snapshot
}
