//! `up`: apply every pending migration as one batch.

use super::say;
use super::{Context, print_runs};
use crate::output::documents::{BackupEntry, UpDocument};
use crate::output::{count, duration, size};
use crate::settings::{BackupFlags, Given};
use std::path::PathBuf;

/// Apply every pending migration as one batch: all of it, or none.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Run even though an applied migration's source has changed since
    #[arg(long)]
    allow_changed: bool,

    /// Run even though an applied migration is missing from the source
    #[arg(long)]
    allow_missing: bool,

    /// Also apply pending migrations numbered below the newest applied one
    #[arg(long)]
    allow_out_of_order: bool,

    /// Print the SQL that would run, with the batch, transaction boundaries and
    /// timeouts, and change nothing
    #[arg(long)]
    pub(crate) dry_run: bool,

    /// Print JSON for machines instead of text: success, message, and results (one
    /// entry per migration applied); on failure, success false and the error
    #[arg(long, conflicts_with = "dry_run")]
    pub(crate) json: bool,

    /// Apply pending migrations up to and including this number only
    #[arg(long, value_name = "ID", conflicts_with = "step")]
    to: Option<u32>,

    /// Apply the next N pending migrations only
    #[arg(long, value_name = "N")]
    step: Option<usize>,

    /// Before applying, back the database up with pg_dump into this folder (one
    /// custom-format file per batch, checked with pg_restore --list); when nothing is
    /// pending, no backup is taken [default: the environment's `backup` setting, which
    /// for a protected environment is `backups` beside migrator.toml]
    #[arg(long, value_name = "DIR")]
    backup: Option<PathBuf>,

    /// Take no backup, even where the settings ask for one
    #[arg(long, conflicts_with = "backup")]
    no_backup: bool,

    /// The pg_dump to back up with (pg_restore is taken from its folder), for hosts
    /// with several PostgreSQL versions [default: pg_dump on the PATH, else the newest
    /// /usr/lib/postgresql/*/bin/pg_dump]
    #[arg(long, value_name = "PATH", env = "MIGRATOR_PG_DUMP")]
    pg_dump: Option<PathBuf>,

    #[command(flatten)]
    fleet: super::fleet::FleetArgs,

    /// In a fleet: start no further target once one fails (those running finish);
    /// by default every target is tried
    #[arg(long)]
    pub(crate) fail_fast: bool,
}

impl Args {
    /// Lets the history problems the flags allow through.
    pub(crate) fn allow(&self, options: &mut pgbatch::Options) {
        options.allow.changed = self.allow_changed;
        options.allow.missing = self.allow_missing;
        options.allow.out_of_order = self.allow_out_of_order;
    }

    pub(crate) fn target(&self) -> pgbatch::UpTo {
        match (self.to, self.step) {
            (Some(id), _) => pgbatch::UpTo::Through(id),
            (None, Some(steps)) => pgbatch::UpTo::Steps(steps),
            (None, None) => pgbatch::UpTo::All,
        }
    }

    /// The backup flags, for the settings to resolve (`given`: how `--pg-dump` was
    /// given, as a flag or its variable).
    pub(crate) fn backup_flags(&self, given: Given) -> BackupFlags {
        BackupFlags {
            dir: self.backup.clone(),
            off: self.no_backup,
            pg_dump: self.pg_dump.clone(),
            pg_dump_given: given,
        }
    }
}

/// What became of the backup asked for before the batch.
#[derive(Debug)]
pub(crate) enum Backup {
    /// None was asked for.
    NotAsked,
    /// None was taken: nothing was pending.
    NothingPending,
    /// Taken and verified.
    Taken(pgbatch::Backup),
}

/// Backs the database up into the folder the settings name (the `backup` setting,
/// `--backup`, on by default in a protected environment) if anything is pending;
/// whether it is, and the batch it will be, are checked as `up` checks them, so
/// history problems refuse here, before the dump. A failed or unverifiable dump stops
/// everything before the batch.
impl Backup {
    /// The backup, if one was taken.
    pub(crate) fn taken(&self) -> Option<&pgbatch::Backup> {
        match self {
            Backup::Taken(backup) => Some(backup),
            Backup::NotAsked | Backup::NothingPending => None,
        }
    }
}

pub(crate) async fn back_up_first(
    migrator: &mut pgbatch::Migrator,
    backup: &crate::settings::Backup,
    database: &pgbatch::ConnectOptions,
    migrations: &[pgbatch::Migration],
    target: pgbatch::UpTo,
) -> Result<Backup, pgbatch::Error> {
    let Some(dir) = &backup.dir else {
        return Ok(Backup::NotAsked);
    };
    let Some(batch) = migrator.preview_up(migrations, target).await?.batch else {
        return Ok(Backup::NothingPending);
    };
    let mut request = pgbatch::BackupRequest::new(dir, batch);
    if let Some(pg_dump) = &backup.pg_dump {
        request = request.with_pg_dump(pg_dump);
    }
    Ok(Backup::Taken(pgbatch::backup(database, &request).await?))
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    // A settings error is reported below, as a JSON document with `--json`.
    if let Some(spec) = context.settings().ok().and_then(|s| s.fleet.as_ref()) {
        return super::fleet::up(&args, &args.fleet, context, spec).await;
    }
    let allow = |options: &mut pgbatch::Options| args.allow(options);
    if args.dry_run {
        let (preview, target) = crate::connect::with_migrator(context, allow, async |migrator| {
            migrator.preview_up(context.migrations, args.target()).await
        })
        .await?;
        let backup = context.settings()?.backup.clone().unwrap_or_default();
        let script = super::dry_run::render("up", &target, &preview);
        // The backup's line right under the script's first line, which names the batch.
        let (head, rest) = script.split_once('\n').unwrap_or((&script, ""));
        println!("{head}");
        if let (Some(dir), Some(batch)) = (&backup.dir, preview.batch) {
            println!(
                "-- `up` would first back {target} up with pg_dump into {} (batch {batch}); \
                 no backup was taken.",
                dir.display()
            );
        }
        print!("{rest}");
        return Ok(());
    }
    // The backup, once taken, goes into the failure document too: it is what a failed
    // batch is restored from.
    let taken: std::cell::RefCell<Option<pgbatch::Backup>> = std::cell::RefCell::new(None);
    let backup_member = || {
        taken
            .borrow()
            .as_ref()
            .and_then(|backup| serde_json::to_value(BackupEntry::of(backup)).ok())
    };
    crate::output::json::or_failure_with(args.json, backup_member, async || {
        // Inside, so that with `--json` a settings error is a JSON document too.
        let settings = context.settings()?;
        let progress = crate::output::progress::start(context.global.verbose, context.global.quiet);
        let result = crate::connect::with_migrator(context, allow, async |migrator| {
            let outcome = back_up_first(
                migrator,
                &settings.backup.clone().unwrap_or_default(),
                &settings.connect,
                context.migrations,
                args.target(),
            )
            .await?;
            if let Backup::Taken(taken_now) = &outcome {
                if !args.json {
                    // Before applying, so a failed batch still shows it.
                    print_backup(taken_now, &settings.connect.to_string(), context);
                }
                *taken.borrow_mut() = Some(taken_now.clone());
            }
            let report = migrator.up_to(context.migrations, args.target()).await?;
            Ok((report, outcome))
        })
        .await;
        // The live line is off the screen before the report, or the error (which
        // `or_failure` and `main` print), is.
        drop(progress);
        let ((report, backup), target) = result?;
        if args.json {
            return crate::output::json::print(&UpDocument::of(&report, &target, backup.taken()));
        }
        if let Backup::NothingPending = backup {
            say!(context, "No backup taken: nothing to apply.");
        }
        print_recovered(&report, context);
        print_report(&report, &target, context);
        Ok(())
    })
    .await
}

/// Where the backup is, that it was verified, and how to restore it.
fn print_backup(backup: &pgbatch::Backup, target: &str, context: &Context<'_>) {
    say!(
        context,
        "Backed up {target} to {} ({}, pg_dump {}, {}); verified with pg_restore --list.",
        backup.path.display(),
        size(backup.bytes),
        backup.pg_dump_version,
        duration(backup.duration)
    );
    say!(context, "  To restore it: {}", backup.restore_command);
}

/// Says which interrupted migrations `up` finished first.
fn print_recovered(report: &pgbatch::UpReport, context: &Context<'_>) {
    for recovered in &report.recovered {
        say!(context, "{}", recovered_line(recovered));
    }
}

/// `Finished 002_index, interrupted at step 1 of 1: …` for an interrupted migration
/// finished, applied (by `up`) or reverted (by `down`, or `up` before it applies it
/// again).
pub(crate) fn recovered_line(recovered: &pgbatch::Recovered) -> String {
    let dropped = if recovered.dropped_indexes.is_empty() {
        String::new()
    } else {
        format!(
            "dropped the invalid index {} it left, ",
            recovered.dropped_indexes.join(", ")
        )
    };
    let step = if recovered.step_had_completed {
        "found that step complete and ran the rest"
    } else {
        "ran that step again and the rest"
    };
    let (what, steps) = match recovered.direction {
        pgbatch::Direction::Up => ("Finished", "step"),
        pgbatch::Direction::Down => ("Finished reverting", "down step"),
    };
    format!(
        "{what} {}, interrupted at {steps} {} of {}: {dropped}{step}.",
        recovered.migration, recovered.interrupted_at, recovered.steps
    )
}

/// The one-sentence summary of `up`, as the text report ends.
pub(crate) fn summary(report: &pgbatch::UpReport, target: &str) -> String {
    match report.batch {
        None => format!("Nothing to apply: {target} is up to date."),
        Some(batch) => format!(
            "Batch {batch}: {} applied to {target} in {}{}.",
            count(report.applied.len(), "migration"),
            duration(report.duration),
            super::retries(report.lock_retries)
        ),
    }
}

/// Prints what `up` (or the second half of `redo`) applied.
pub(crate) fn print_report(report: &pgbatch::UpReport, target: &str, context: &Context<'_>) {
    match report.batch {
        None => say!(context, "Nothing to apply: {target} is up to date."),
        Some(batch) => {
            say!(context, "Applied batch {batch} to {target}:");
            print_runs(context, &report.applied, &context.paint.green("✓"));
            say!(
                context,
                "Batch {batch}: {} applied in {}{}.",
                count(report.applied.len(), "migration"),
                duration(report.duration),
                super::retries(report.lock_retries)
            );
        }
    }
}
