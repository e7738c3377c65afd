//! `init`: in an application's own binary, create the tracking table; in the `pgbatch`
//! binary, which has no migrations compiled in, scaffold the application.

use super::Context;
use super::say;
use super::scaffold;

/// Create the tracking table (up creates it too, on first use). In the pgbatch binary,
/// which has no migrations compiled in: scaffold the application in this Cargo project
/// instead (a migrations crate with its own migration binary, and migrator.toml)
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    scaffold: scaffold::ScaffoldArgs,
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    if context.migrations_dir.is_empty() {
        return scaffold::run(&args.scaffold, context);
    }
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
