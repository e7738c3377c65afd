//! `init`: create the tracking table.

use super::Context;
use super::say;

/// Create the tracking table (up creates it too, on first use).
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) async fn run(_args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let (report, target) =
        crate::connect::with_migrator(context, |_| {}, async |migrator| migrator.init().await)
            .await?;
    if report.created {
        say!(
            context,
            "Created the tracking table {} in {target}.",
            report.table
        );
    } else {
        say!(
            context,
            "The tracking table {} already exists in {target}.",
            report.table
        );
    }
    Ok(())
}
