//! `mark`, `baseline` and `unmark`: fix the recorded history without running SQL, for
//! changes made by hand.

use super::Context;
use super::say;

/// Record a pending migration as applied without running it, for a change already
/// made by hand
#[derive(Debug, clap::Args)]
pub(crate) struct MarkArgs {
    /// The migration's number
    #[arg(value_name = "ID")]
    id: u32,

    /// Do not ask for confirmation
    #[arg(long, short)]
    yes: bool,
}

/// Record every pending migration as applied without running them, for a database
/// whose schema already exists
#[derive(Debug, clap::Args)]
pub(crate) struct BaselineArgs {
    /// Only up to and including this number
    #[arg(long, value_name = "ID")]
    to: Option<u32>,

    /// Do not ask for confirmation
    #[arg(long, short)]
    yes: bool,
}

/// Forget a recorded migration without running its down, for a change undone by hand
#[derive(Debug, clap::Args)]
pub(crate) struct UnmarkArgs {
    /// The migration's number
    #[arg(value_name = "ID")]
    id: u32,

    /// Do not ask for confirmation
    #[arg(long, short)]
    yes: bool,
}

pub(crate) async fn mark(args: MarkArgs, context: &Context<'_>) -> anyhow::Result<()> {
    let connect = context.settings()?.connect.clone();
    super::confirm_unless(
        args.yes,
        "mark",
        &format!(
            "record migration {:03} as applied to {connect} without running it",
            args.id
        ),
    )?;
    let (report, target) = crate::connect::with_migrator(
        context,
        |_| {},
        async |migrator| {
            migrator
                .mark(context.migrations, Some(args.id), pgbatch::UpTo::All)
                .await
        },
    )
    .await?;
    print_marked(context, &report, &target);
    Ok(())
}

pub(crate) async fn baseline(args: BaselineArgs, context: &Context<'_>) -> anyhow::Result<()> {
    let connect = context.settings()?.connect.clone();
    super::confirm_unless(
        args.yes,
        "baseline",
        &format!("record the pending migrations as applied to {connect} without running them"),
    )?;
    let upto = args.to.map_or(pgbatch::UpTo::All, pgbatch::UpTo::Through);
    let (report, target) = crate::connect::with_migrator(
        context,
        |_| {},
        async |migrator| migrator.mark(context.migrations, None, upto).await,
    )
    .await?;
    print_marked(context, &report, &target);
    Ok(())
}

pub(crate) async fn unmark(args: UnmarkArgs, context: &Context<'_>) -> anyhow::Result<()> {
    let connect = context.settings()?.connect.clone();
    super::confirm_unless(
        args.yes,
        "unmark",
        &format!(
            "forget migration {:03} in {connect} without running its down",
            args.id
        ),
    )?;
    let (label, target) = crate::connect::with_migrator(
        context,
        |_| {},
        async |migrator| migrator.unmark(args.id).await,
    )
    .await?;
    say!(
        context,
        "Unmarked {label} in {target}: it is pending again; nothing was run."
    );
    Ok(())
}

fn print_marked(context: &Context<'_>, report: &pgbatch::MarkReport, target: &str) {
    match report.batch {
        None => say!(
            context,
            "Nothing to mark: no pending migration in {target}."
        ),
        Some(batch) => say!(
            context,
            "Marked as applied in batch {batch} of {target}, without running: {}.",
            report.marked.join(", ")
        ),
    }
}
