//! `status`: every migration, its batch and state, and the totals.

use super::Context;
use crate::Global;
use migrator::State;

/// Show every migration, its batch and state, and the totals.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) async fn run(_args: Args, global: &Global, context: &Context<'_>) -> anyhow::Result<()> {
    let (status, target) = crate::connect::with_migrator(
        global,
        |_| {},
        async |migrator| migrator.status(context.migrations).await,
    )
    .await?;
    let paint = context.paint;
    println!("Migrations of {target}:");
    let width = status
        .migrations
        .iter()
        .map(|line| line.label().len())
        .max()
        .unwrap_or(0);
    for line in &status.migrations {
        let label = format!("{:width$}", line.label());
        let text = match &line.state {
            State::Applied {
                batch,
                executed_at,
                changed,
                ..
            } => {
                let when = humantime::format_rfc3339_seconds(*executed_at);
                if *changed {
                    format!(
                        "{} {label}  batch {batch}  {when}  {}",
                        paint.red("!"),
                        paint.red("changed since applied")
                    )
                } else {
                    format!("{} {label}  batch {batch}  {when}", paint.green("✓"))
                }
            }
            State::Pending { out_of_order } => {
                if *out_of_order {
                    format!(
                        "{} {label}  {}",
                        paint.red("!"),
                        paint.red("pending, numbered below an applied migration")
                    )
                } else {
                    format!("{} {label}  {}", paint.yellow("○"), paint.dim("pending"))
                }
            }
            State::Interrupted { batch, step, steps } => {
                let of = steps
                    .map(|steps| format!(" of {steps}"))
                    .unwrap_or_default();
                format!(
                    "{} {label}  batch {batch}  {}",
                    paint.red("!"),
                    paint.red(&format!("interrupted at step {step}{of}; `up` finishes it"))
                )
            }
            State::Missing {
                batch, executed_at, ..
            } => format!(
                "{} {label}  batch {batch}  {}  {}",
                paint.red("!"),
                humantime::format_rfc3339_seconds(*executed_at),
                paint.red("applied, missing from the source")
            ),
            _ => format!("? {label}"),
        };
        println!("  {text}");
    }
    println!(
        "Total: {} | Executed: {} | Pending: {}",
        status.migrations.len(),
        status.applied(),
        status.pending()
    );
    Ok(())
}
