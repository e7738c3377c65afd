//! `status`: every migration, its batch and state, and the totals; as text or JSON,
//! and as an exit code for CI and readiness probes.

use super::Context;
use anyhow::bail;
use pgbatch::{MigrationStatus, State, Status};
use serde_json::{Value, json};

/// Show every migration, its batch and state, and the totals.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print JSON for machines instead of text
    #[arg(long)]
    json: bool,

    /// Exit with code 1 unless every migration is applied and unchanged (nothing
    /// pending, changed, missing or interrupted)
    #[arg(long)]
    check: bool,
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let (status, target) = crate::connect::with_migrator(
        context,
        |_| {},
        async |migrator| migrator.status(context.migrations).await,
    )
    .await?;
    if args.json {
        let document = json_document(
            &status,
            &target,
            &context.settings()?.options.table.to_string(),
        );
        println!("{}", serde_json::to_string_pretty(&document)?);
    } else {
        print_text(&status, &target, context);
    }
    if args.check && !status.is_up_to_date() {
        bail!("{target} is not up to date: {}", summary(&status));
    }
    Ok(())
}

/// `2 pending, 1 changed`.
fn summary(status: &Status) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for line in &status.migrations {
        let kind = state_name(line);
        if kind == "applied" {
            continue;
        }
        match counts.iter_mut().find(|(name, _)| *name == kind) {
            Some((_, count)) => *count += 1,
            None => counts.push((kind, 1)),
        }
    }
    counts
        .iter()
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The state's name in JSON and summaries.
fn state_name(line: &MigrationStatus) -> &'static str {
    match line.state {
        State::Applied { changed: false, .. } => "applied",
        State::Applied { changed: true, .. } => "changed",
        State::Pending {
            out_of_order: false,
        } => "pending",
        State::Pending { out_of_order: true } => "outOfOrder",
        State::Missing { .. } => "missing",
        State::Interrupted { .. } => "interrupted",
        _ => "unknown",
    }
}

fn time(at: std::time::SystemTime) -> String {
    humantime::format_rfc3339_seconds(at).to_string()
}

/// The JSON document: the seed API's `appliedMigrations`, `pendingMigrations`,
/// `lastMigration` and `isUpToDate`, then one entry per migration.
fn json_document(status: &Status, target: &str, table: &str) -> Value {
    let last = status
        .migrations
        .iter()
        .filter_map(|line| match line.state {
            State::Applied {
                batch, executed_at, ..
            } => Some((line, batch, executed_at)),
            _ => None,
        })
        .max_by_key(|(line, batch, _)| (*batch, line.id))
        .map(|(line, batch, executed_at)| {
            json!({ "id": line.id, "name": line.name, "batch": batch, "executedAt": time(executed_at) })
        });
    let migrations: Vec<Value> = status
        .migrations
        .iter()
        .map(|line| {
            let mut entry = json!({ "id": line.id, "name": line.name, "state": state_name(line) });
            match &line.state {
                State::Applied {
                    batch,
                    executed_at,
                    duration,
                    changed,
                    reversible,
                } => {
                    entry["batch"] = json!(batch);
                    entry["executedAt"] = json!(time(*executed_at));
                    entry["durationMs"] = json!(duration.as_millis());
                    entry["checksum"] = json!(if *changed { "changed" } else { "match" });
                    entry["reversible"] = json!(reversible);
                }
                State::Missing {
                    batch, executed_at, ..
                } => {
                    entry["batch"] = json!(batch);
                    entry["executedAt"] = json!(time(*executed_at));
                }
                State::Interrupted { batch, step, steps } => {
                    entry["batch"] = json!(batch);
                    entry["interruptedAtStep"] = json!(step);
                    entry["steps"] = json!(steps);
                }
                _ => {}
            }
            entry
        })
        .collect();
    json!({
        "database": target,
        "table": table,
        "isUpToDate": status.is_up_to_date(),
        "appliedMigrations": status.applied(),
        "pendingMigrations": status.pending(),
        "lastMigration": last,
        "migrations": migrations,
    })
}

fn print_text(status: &Status, target: &str, context: &Context<'_>) {
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
                time(*executed_at),
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
}
