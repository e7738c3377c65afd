//! `reset`: revert every batch and drop the tracking table, after confirmation.

use super::{Context, print_runs};
use crate::Global;
use crate::output::{count, duration};

/// Revert every batch, newest first, and drop the tracking table, in one transaction.
///
/// Asks for confirmation when run from a terminal; elsewhere --yes is required.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Do not ask for confirmation
    #[arg(long, short)]
    yes: bool,
}

pub(crate) async fn run(args: Args, global: &Global, context: &Context<'_>) -> anyhow::Result<()> {
    let connect = crate::connect::connect_options(global)?;
    super::confirm_unless(
        args.yes,
        "reset",
        &format!("revert every migration of {connect} and drop the tracking table"),
    )?;
    let (report, target) =
        crate::connect::with_migrator(global, |_| {}, async |migrator| migrator.reset().await)
            .await?;
    if !report.dropped_table {
        println!("Nothing to reset: {target} has no tracking table.");
        return Ok(());
    }
    println!("Reset {target}:");
    print_runs(&report.reverted, &context.paint.yellow("↩"));
    println!(
        "{} in {} reverted and the tracking table dropped in {}.",
        count(report.reverted.len(), "migration"),
        count(report.batches, "batch"),
        duration(report.duration)
    );
    Ok(())
}
