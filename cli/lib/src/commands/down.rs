//! `down`: revert the last batch.

use super::say;
use super::{Context, print_runs};
use crate::output::{count, duration};

/// Revert the last batch, newest migration first, with the down steps recorded when it was
/// applied.
///
/// --all, --to and --batches (which may revert more than one batch) ask for
/// confirmation when run from a terminal; elsewhere --yes is required. Reverting every
/// migration in a protected environment (production) also needs --force.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print the SQL that would run, with the batch, transaction boundaries and
    /// timeouts, and change nothing
    #[arg(long)]
    dry_run: bool,

    /// Revert every migration applied after this number, across batches (0 for all)
    #[arg(long, value_name = "ID", conflicts_with_all = ["batches", "all"])]
    to: Option<u32>,

    /// Revert the newest N batches
    #[arg(long, value_name = "N", conflicts_with = "all")]
    batches: Option<usize>,

    /// Revert every batch
    #[arg(long)]
    all: bool,

    /// Allow --all (or --to 0) in a protected environment (production)
    #[arg(long)]
    force: bool,

    /// Do not ask for confirmation of --all, --to or --batches
    #[arg(long, short)]
    yes: bool,

    /// Print JSON for machines instead of text: success, message, and results (one
    /// entry per migration reverted); on failure, success false and the error
    #[arg(long, conflicts_with = "dry_run")]
    json: bool,
}

impl Args {
    fn target(&self) -> pgbatch::DownTo {
        match (self.to, self.batches, self.all) {
            (Some(id), _, _) => pgbatch::DownTo::After(id),
            (None, Some(batches), _) => pgbatch::DownTo::Batches(batches),
            (None, None, true) => pgbatch::DownTo::All,
            (None, None, false) => pgbatch::DownTo::LastBatch,
        }
    }
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    if args.dry_run {
        let (preview, target) = crate::connect::with_migrator(
            context,
            |_| {},
            async |migrator| migrator.preview_down(args.target()).await,
        )
        .await?;
        print!("{}", super::dry_run::render("down", &target, &preview));
        return Ok(());
    }
    let target_of = args.target();
    crate::output::json::or_failure(args.json, async || {
        if matches!(target_of, pgbatch::DownTo::All | pgbatch::DownTo::After(0)) {
            context.guard(args.force, "revert every migration")?;
        }
        if let Some(what) = reach(target_of) {
            let connect = &context.settings()?.connect;
            super::confirm_unless(args.yes, "down", &format!("revert {what} of {connect}"))?;
        }
        // `--batches N` and `--to ID` may reach every migration too; in a protected
        // environment, that needs --force as --all does. The check reads the status on
        // the connection that then reverts.
        let guarded = !matches!(target_of, pgbatch::DownTo::LastBatch)
            && context.settings()?.protected
            && !args.force;
        let progress = crate::output::progress::start(context.global.verbose, context.global.quiet);
        let result = crate::connect::with_migrator(
            context,
            |_| {},
            async |migrator| {
                if guarded {
                    let status = migrator.status(context.migrations).await?;
                    if reverts_everything(&status, target_of) {
                        return Ok(None);
                    }
                }
                migrator.down_to(target_of).await.map(Some)
            },
        )
        .await;
        // The live line is off the screen before the report, or the error, is.
        drop(progress);
        let (report, target) = result?;
        let Some(report) = report else {
            context.guard(args.force, "revert every migration")?;
            anyhow::bail!("refused to revert every migration");
        };
        if args.json {
            return crate::output::json::print(&crate::output::documents::DownDocument::of(
                &report, &target,
            ));
        }
        print_report(&report, &target, context);
        Ok(())
    })
    .await
}

/// Whether `target` would revert every recorded migration (every batch).
fn reverts_everything(status: &pgbatch::Status, target: pgbatch::DownTo) -> bool {
    let recorded: Vec<(u32, i32)> = status
        .migrations
        .iter()
        .filter_map(|migration| match migration.state {
            pgbatch::State::Applied { batch, .. }
            | pgbatch::State::Missing { batch, .. }
            | pgbatch::State::Interrupted { batch, .. } => Some((migration.id, batch)),
            // Pending, or a state this CLI does not know: nothing recorded to revert.
            _ => None,
        })
        .collect();
    if recorded.is_empty() {
        return false;
    }
    match target {
        pgbatch::DownTo::All => true,
        // Plain `down` reverts the last batch, even when it is the only one.
        pgbatch::DownTo::LastBatch => false,
        pgbatch::DownTo::Batches(n) => {
            let mut batches: Vec<i32> = recorded.iter().map(|(_, batch)| *batch).collect();
            batches.sort_unstable();
            batches.dedup();
            n >= batches.len()
        }
        pgbatch::DownTo::After(id) => recorded.iter().all(|(recorded_id, _)| *recorded_id > id),
        // A target this CLI does not know: guard it.
        _ => true,
    }
}

/// What a target beyond the last batch reverts, for the confirmation question; `None`
/// for the last batch, which `down` reverts without asking.
fn reach(target: pgbatch::DownTo) -> Option<String> {
    match target {
        pgbatch::DownTo::LastBatch => None,
        pgbatch::DownTo::All | pgbatch::DownTo::After(0) => Some("every migration".to_owned()),
        pgbatch::DownTo::After(id) => Some(format!("every migration applied after {id:03}")),
        pgbatch::DownTo::Batches(n) => Some(format!("the newest {}", count(n, "batch"))),
        _ => Some("the migrations asked for".to_owned()),
    }
}

/// `3` or `2, 3`: the batches a `down` reverted.
fn batch_list(batches: &[i32]) -> String {
    batches
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The one-sentence summary of `down`.
pub(crate) fn summary(report: &pgbatch::DownReport, target: &str) -> String {
    if report.batch.is_none() {
        return format!("Nothing to revert: no migration is applied to {target}.");
    }
    let batches = batch_list(&report.batches);
    let title = if report.batches.len() == 1 {
        "Batch"
    } else {
        "Batches"
    };
    format!(
        "{title} {batches}: {} reverted from {target} in {}{}.",
        count(report.reverted.len(), "migration"),
        duration(report.duration),
        super::retries(report.lock_retries)
    )
}

/// Prints what `down` (or the first half of `redo`) reverted.
pub(crate) fn print_report(report: &pgbatch::DownReport, target: &str, context: &Context<'_>) {
    if report.batch.is_none() {
        say!(
            context,
            "Nothing to revert: no migration is applied to {target}."
        );
        return;
    }
    if let Some(recovered) = &report.recovered {
        say!(context, "{}", super::up::recovered_line(recovered));
    }
    let batches = batch_list(&report.batches);
    let (noun, title) = if report.batches.len() == 1 {
        ("batch", "Batch")
    } else {
        ("batches", "Batches")
    };
    say!(context, "Reverted {noun} {batches} of {target}:");
    print_runs(context, &report.reverted, &context.paint.yellow("↩"));
    say!(
        context,
        "{title} {batches}: {} reverted in {}{}.",
        count(report.reverted.len(), "migration"),
        duration(report.duration),
        super::retries(report.lock_retries)
    );
}
