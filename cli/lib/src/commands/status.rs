//! `status`: every migration, its batch and state, and the totals; as text or JSON,
//! and as an exit code for CI and readiness probes.

use super::Context;
use crate::output::documents::{Detail, StatusDocument, Summary, state_name};
use anyhow::bail;
use pgbatch::{State, Status};

/// Show every migration, its batch and state, and the totals.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print JSON for machines instead of text: appliedMigrations, pendingMigrations,
    /// lastMigration, isUpToDate, and each migration's detail under migrations
    #[arg(long)]
    json: bool,

    /// Exit with code 1 unless every migration is applied and unchanged (nothing
    /// pending, changed, missing or interrupted)
    #[arg(long)]
    check: bool,

    /// List every applied migration. Without it, when the tracking table records exactly
    /// the first migrations of the source, unchanged, only the newest ten applied ones
    /// are listed (and counted in the totals), and only their rows are read
    #[arg(long)]
    all: bool,

    /// Also compare the live schema with the one the applied migrations make (as
    /// `drift` does, on a scratch database); with --check, drift exits 1 too
    #[arg(long)]
    drift: bool,

    #[command(flatten)]
    scratch: super::ScratchArgs,

    /// Summarize every target of the environment's fleet (`targets`,
    /// `targets_query`): its standing, applied and pending counts, and errors; what
    /// `status` does in such an environment anyway, and an error in any other
    #[arg(long, visible_alias = "all-targets", conflicts_with = "drift")]
    fleet: bool,

    #[command(flatten)]
    jobs: super::fleet::FleetArgs,
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let spec = match context.settings() {
        Ok(settings) => settings.fleet.as_ref(),
        Err(_) if !args.fleet => None,
        Err(error) => return Err(error),
    };
    match (spec, args.fleet) {
        (Some(_), _) if args.drift => {
            bail!("`status --drift` works on one database, not a fleet: name it with --target")
        }
        (Some(spec), _) => {
            return super::fleet::status(args.json, args.check, &args.jobs, context, spec).await;
        }
        (None, true) => {
            bail!("--fleet: the environment has no `targets` or `targets_query` in migrator.toml")
        }
        (None, false) => {}
    }
    let mut up_to_date = None;
    crate::output::json::or_failure(args.json, async || {
        let (status, target) = crate::connect::with_migrator(
            context,
            |_| {},
            async |migrator| {
                if args.all || args.json {
                    migrator.status(context.migrations).await
                } else {
                    migrator.status_newest(context.migrations, NEWEST).await
                }
            },
        )
        .await?;
        let drift = match args.drift {
            true => Some(super::drift::measure(context, &args.scratch).await?.0),
            false => None,
        };
        if args.json {
            let table = context.settings()?.options.table.to_string();
            let mut document = serde_json::to_value(StatusDocument {
                summary: Summary::of(&status),
                detail: Detail::of(&status, &target, &table),
            })?;
            if let Some(drift) = &drift {
                document["drift"] = super::drift::document(drift);
            }
            crate::output::json::print(&document)?;
        } else {
            print_text(&status, &target, context);
            if let Some(drift) = &drift {
                super::drift::print_text(drift, &target, context);
            }
        }
        let mut problems = Vec::new();
        if !status.is_up_to_date() {
            problems.push(format!("{target} is not up to date: {}", summary(&status)));
        }
        if let Some(verdict) = drift
            .as_ref()
            .and_then(|drift| super::drift::verdict_of(drift, &target))
        {
            problems.push(verdict);
        }
        if !problems.is_empty() {
            up_to_date = Some(problems.join("; "));
        }
        Ok(())
    })
    .await?;
    // Not a failure of the command, whose document is printed: only its verdict.
    if args.check
        && let Some(problems) = up_to_date
    {
        bail!("{problems}");
    }
    Ok(())
}

/// How many applied migrations the text lists, when the others need no reading.
const NEWEST: usize = 10;

/// `2 pending, 1 changed`.
pub(crate) fn summary(status: &Status) -> String {
    crate::output::tally(
        status
            .migrations
            .iter()
            .map(state_name)
            .filter(|kind| *kind != "applied"),
    )
}

fn time(at: std::time::SystemTime) -> String {
    humantime::format_rfc3339_seconds(at).to_string()
}

fn print_text(status: &Status, target: &str, context: &Context<'_>) {
    let paint = context.paint;
    println!("Migrations of {target}:");
    if status.earlier > 0 {
        println!(
            "  {} {} earlier migrations applied, unchanged (`status --all` lists them)",
            paint.dim("…"),
            status.earlier
        );
    }
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
                let when = time(*executed_at);
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
            State::Interrupted {
                batch,
                direction,
                step,
                steps,
            } => {
                let of = steps
                    .map(|steps| format!(" of {steps}"))
                    .unwrap_or_default();
                let what = match direction {
                    pgbatch::Direction::Up => {
                        format!("interrupted at step {step}{of}; `up` finishes it")
                    }
                    pgbatch::Direction::Down => format!(
                        "revert interrupted at down step {step}{of}; `down` finishes it (or `up`, which applies it again)"
                    ),
                };
                format!(
                    "{} {label}  batch {batch}  {}",
                    paint.red("!"),
                    paint.red(&what)
                )
            }
            State::Missing {
                batch, executed_at, ..
            } => format!(
                "{} {label}  batch {batch}  {}  {}",
                paint.red("!"),
                time(*executed_at),
                paint.red("applied, missing from the source")
            ),
            _ => format!("? {label}"),
        };
        println!("  {text}");
    }
    println!(
        "Total: {} | Executed: {} | Pending: {}",
        status.earlier + status.migrations.len(),
        status.applied(),
        status.pending()
    );
}
