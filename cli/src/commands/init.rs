//! `init`: create the tracking table.

use crate::Global;

/// Create the tracking table (up creates it too, on first use).
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) async fn run(_args: Args, global: &Global) -> anyhow::Result<()> {
    let (report, target) =
        crate::connect::with_migrator(global, |_| {}, async |migrator| migrator.init().await)
            .await?;
    if report.created {
        println!("Created the tracking table {} in {target}.", report.table);
    } else {
        println!(
            "The tracking table {} already exists in {target}.",
            report.table
        );
    }
    Ok(())
}
