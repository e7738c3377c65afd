//! `redo`: revert the last batch and apply again, under one lock.

use super::Context;

/// Revert the last batch, then apply every pending migration again as a new batch
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) async fn run(_args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let ((down, up), target) = crate::connect::with_migrator(
        context,
        |_| {},
        async |migrator| migrator.redo(context.migrations).await,
    )
    .await?;
    super::down::print_report(&down, &target, context);
    super::up::print_report(&up, &target, context);
    Ok(())
}
