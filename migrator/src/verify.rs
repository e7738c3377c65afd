//! `verify`: every down undoes its up, proven one migration at a time on a scratch
//! database, never the target.

use crate::catalog::{Difference, Snapshot};
use crate::{ConnectOptions, Error, Migration, Migrator, Options, ScratchDatabase, UpTo};
use std::time::{Duration, Instant};

/// What [`verify`] checks.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// Apply the migrations up to and including this one as one batch first, and
    /// check the round trips of the later ones only.
    pub from: Option<u32>,
}

/// Where a round trip went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Applying the migration failed.
    Apply,
    /// Its down failed, or left the schema other than before its up.
    Revert,
    /// Applying it again after its down failed, or gave another schema than the
    /// first time.
    Reapply,
}

/// What went wrong in a round trip.
#[derive(Debug)]
pub enum Problem {
    /// The schema differs: after the down, from the schema before the up (expected);
    /// after applying again, from the schema after the first up.
    Differences(Vec<Difference>),
    /// The command failed, with the engine's error.
    Failed(Box<Error>),
}

/// The first migration whose round trip is not exact.
#[derive(Debug)]
pub struct RoundTripFailure {
    /// `NNN_name` of the migration.
    pub migration: String,
    /// Which part of the round trip.
    pub phase: Phase,
    /// What happened.
    pub problem: Problem,
}

/// The result of [`verify`].
#[derive(Debug)]
pub struct Verification {
    /// The scratch database's name (dropped by the time this is returned).
    pub scratch: String,
    /// The migrations applied as one batch first (`from`).
    pub baseline: Vec<String>,
    /// The migrations whose round trip is exact.
    pub checked: Vec<String>,
    /// The irreversible migrations, applied and not reverted.
    pub irreversible: Vec<String>,
    /// The first round trip that is not exact; verification stops there.
    pub failure: Option<RoundTripFailure>,
    /// How long it took, the scratch database's creation and removal included.
    pub duration: Duration,
}

/// Creates a scratch database on the server `server` connects to, applies
/// `migrations` there one at a time, and after each reverts it and compares the
/// catalog with the state before it, then applies it again and compares with the
/// state after it. The scratch database is dropped afterwards, whatever happened.
/// Errors are the scratch database's (it could not be created, or dropped); a round
/// trip that fails, even with an SQL error, is a [`RoundTripFailure`].
pub async fn verify(
    server: &ConnectOptions,
    options: &Options,
    migrations: &[Migration],
    request: &VerifyOptions,
) -> Result<Verification, Error> {
    let started = Instant::now();
    crate::plan::validate(migrations)?;
    if let Some(from) = request.from
        && !migrations.iter().any(|migration| migration.id == from)
    {
        return Err(Error::InvalidTarget {
            reason: format!("there is no migration {from:03} in the source"),
        });
    }
    let scratch = ScratchDatabase::create(server, "pgbatch_verify").await?;
    let name = scratch.name().to_owned();
    let result = round_trips(&scratch, options, migrations, request).await;
    let dropped = scratch.drop_database().await;
    let mut verification = result?;
    dropped?;
    verification.scratch = name;
    verification.duration = started.elapsed();
    Ok(verification)
}

async fn round_trips(
    scratch: &ScratchDatabase,
    options: &Options,
    migrations: &[Migration],
    request: &VerifyOptions,
) -> Result<Verification, Error> {
    let mut migrator = Migrator::connect(scratch.options(), options.clone()).await?;
    let mut verification = Verification {
        scratch: String::new(),
        baseline: Vec::new(),
        checked: Vec::new(),
        irreversible: Vec::new(),
        failure: None,
        duration: Duration::ZERO,
    };
    migrator.init().await?;
    let mut rest = migrations;
    if let Some(from) = request.from {
        let report = migrator.up_to(migrations, UpTo::Through(from)).await?;
        verification.baseline = report
            .applied
            .iter()
            .map(|run| crate::migration::label(run.id, &run.name))
            .collect();
        rest = &migrations[migrations.iter().take_while(|m| m.id <= from).count()..];
    }
    // The schema after one round trip is the schema before the next.
    let mut schema = None;
    for migration in rest {
        let before = match schema.take() {
            Some(before) => before,
            None => snapshot(&migrator).await?,
        };
        let trip = round_trip(&mut migrator, migrations, migration, before).await?;
        let after = match trip {
            Err(failure) => {
                verification.failure = Some(failure);
                break;
            }
            Ok(after) => after,
        };
        schema = after;
        if migration.script.reversible() {
            verification.checked.push(migration.label());
        } else {
            verification.irreversible.push(migration.label());
        }
    }
    migrator.close().await;
    Ok(verification)
}

/// One migration's round trip from the schema `before` it: `Ok(Some(schema))` after
/// it when exact (`None` for an irreversible migration, applied only), the failure
/// otherwise; `Err` only when the catalog cannot be read.
async fn round_trip(
    migrator: &mut Migrator,
    migrations: &[Migration],
    migration: &Migration,
    before: Snapshot,
) -> Result<Result<Option<Snapshot>, RoundTripFailure>, Error> {
    let failure = |phase, problem| {
        Ok(Err(RoundTripFailure {
            migration: migration.label(),
            phase,
            problem,
        }))
    };
    if let Err(error) = migrator
        .up_to(migrations, UpTo::Through(migration.id))
        .await
    {
        return failure(Phase::Apply, Problem::Failed(Box::new(error)));
    }
    if migration.script.down().is_none() {
        return Ok(Ok(None));
    }
    let after = snapshot(migrator).await?;
    if let Err(error) = migrator.down().await {
        return failure(Phase::Revert, Problem::Failed(Box::new(error)));
    }
    let differences = before.differences(&snapshot(migrator).await?);
    if !differences.is_empty() {
        return failure(Phase::Revert, Problem::Differences(differences));
    }
    if let Err(error) = migrator
        .up_to(migrations, UpTo::Through(migration.id))
        .await
    {
        return failure(Phase::Reapply, Problem::Failed(Box::new(error)));
    }
    let again = snapshot(migrator).await?;
    let differences = after.differences(&again);
    if !differences.is_empty() {
        return failure(Phase::Reapply, Problem::Differences(differences));
    }
    Ok(Ok(Some(again)))
}

async fn snapshot(migrator: &Migrator) -> Result<Snapshot, Error> {
    Snapshot::read(&migrator.client, &migrator.options.table, &[]).await
}
