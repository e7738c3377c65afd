//! `down`: revert the last batch.

use super::say;
use super::{Context, print_runs};
use crate::output::{count, duration};

/// Revert the last batch, newest migration first, with the down steps recorded when it was
/// applied.
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
    if matches!(
        target_of,
        pgbatch::DownTo::All | pgbatch::DownTo::After(0)
    ) {
        context.guard(args.force, "revert every migration")?;
    }
    let (report, target) = crate::connect::with_migrator(
        context,
        |_| {},
        async |migrator| migrator.down_to(target_of).await,
    )
    .await?;
    print_report(&report, &target, context);
    Ok(())
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
    let batches = report
        .batches
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
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
