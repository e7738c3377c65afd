//! `down`: revert the last batch.

use super::{Context, print_runs};
use crate::Global;
use crate::output::{count, duration};

/// Revert the last batch, newest migration first, with the down steps recorded when it was
/// applied.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print the SQL that would run, with the batch, transaction boundaries and
    /// timeouts, and change nothing
    #[arg(long)]
    dry_run: bool,
}

pub(crate) async fn run(args: Args, global: &Global, context: &Context<'_>) -> anyhow::Result<()> {
    if args.dry_run {
        let (preview, target) = crate::connect::with_migrator(
            global,
            |_| {},
            async |migrator| migrator.preview_down().await,
        )
        .await?;
        print!("{}", super::dry_run::render("down", &target, &preview));
        return Ok(());
    }
    let (report, target) =
        crate::connect::with_migrator(global, |_| {}, async |migrator| migrator.down().await)
            .await?;
    match report.batch {
        None => println!("Nothing to revert: no migration is applied to {target}."),
        Some(batch) => {
            println!("Reverted batch {batch} of {target}:");
            print_runs(&report.reverted, &context.paint.yellow("↩"));
            println!(
                "Batch {batch}: {} reverted in {}{}.",
                count(report.reverted.len(), "migration"),
                duration(report.duration),
                super::retries(report.lock_retries)
            );
        }
    }
    Ok(())
}
