//! `reset`: revert every batch and drop the tracking table, after confirmation.

use super::say;
use super::{Context, print_runs};
use crate::output::{count, duration};

/// Revert every batch, newest first, and drop the tracking table, in one transaction.
///
/// Asks for confirmation when run from a terminal; elsewhere --yes is required. In a
/// protected environment (production) it also needs --force.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Do not ask for confirmation
    #[arg(long, short)]
    yes: bool,

    /// Allow it in a protected environment (production)
    #[arg(long)]
    force: bool,
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    context.guard(
        args.force,
        "revert every migration and drop the tracking table",
    )?;
    let connect = context.settings()?.connect.clone();
    super::confirm_unless(
        args.yes,
        "reset",
        &format!("revert every migration of {connect} and drop the tracking table"),
    )?;
    let _progress = crate::output::progress::start(context.global.verbose, context.global.quiet);
    let (report, target) =
        crate::connect::with_migrator(context, |_| {}, async |migrator| migrator.reset().await)
            .await?;
    if !report.dropped_table {
        say!(context, "Nothing to reset: {target} has no tracking table.");
        return Ok(());
    }
    say!(context, "Reset {target}:");
    print_runs(context, &report.reverted, &context.paint.yellow("↩"));
    say!(
        context,
        "{} in {} reverted and the tracking table dropped in {}.",
        count(report.reverted.len(), "migration"),
        count(report.batches, "batch"),
        duration(report.duration)
    );
    Ok(())
}
