//! `status`: every migration, its batch and state, and the totals; as text or JSON,
//! and as an exit code for CI and readiness probes.

use super::Context;
use anyhow::bail;
use pgbatch::{MigrationStatus, State, Status};
use serde_json::{Value, json};

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

    /// Also compare the live schema with the one the applied migrations make (as
    /// `drift` does, on a scratch database); with --check, drift exits 1 too
    #[arg(long)]
    drift: bool,

    #[command(flatten)]
    scratch: super::ScratchArgs,
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let mut up_to_date = None;
    crate::output::json::or_failure(args.json, async || {
        let (status, target) = crate::connect::with_migrator(
            context,
            |_| {},
            async |migrator| migrator.status(context.migrations).await,
        )
        .await?;
        let drift = match args.drift {
            true => Some(super::drift::measure(context, &args.scratch).await?.0),
            false => None,
        };
        if args.json {
            let table = context.settings()?.options.table.to_string();
            let mut document = json_document(&status, &target, &table);
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

/// The JSON document, in the seed API's shape: `appliedMigrations` and
/// `pendingMigrations` (labels, in id order), `lastMigration` (the label of the newest
/// applied migration, by batch then id, or null) and `isUpToDate`; then the database,
/// the table, and under `migrations` one entry per migration with its detail.
///
/// Applied means recorded in the tracking table (missing and changed ones included);
/// pending means everything else (interrupted ones included), as in the text totals.
fn json_document(status: &Status, target: &str, table: &str) -> Value {
    let recorded = |line: &&MigrationStatus| {
        matches!(line.state, State::Applied { .. } | State::Missing { .. })
    };
    let applied: Vec<String> = status
        .migrations
        .iter()
        .filter(recorded)
        .map(MigrationStatus::label)
        .collect();
    let pending: Vec<String> = status
        .migrations
        .iter()
        .filter(|line| !recorded(line))
        .map(MigrationStatus::label)
        .collect();
    let last = status
        .migrations
        .iter()
        .filter_map(|line| match line.state {
            State::Applied { batch, .. } | State::Missing { batch, .. } => Some((batch, line)),
            _ => None,
        })
        .max_by_key(|(batch, line)| (*batch, line.id))
        .map(|(_, line)| line.label());
    let migrations: Vec<Value> = status.migrations.iter().map(json_entry).collect();
    json!({
        "appliedMigrations": applied,
        "pendingMigrations": pending,
        "lastMigration": last,
        "isUpToDate": status.is_up_to_date(),
        "database": target,
        "table": table,
        "total": status.migrations.len(),
        "migrations": migrations,
    })
}

/// One migration's detail: always `id`, `name`, `label`, `state` and `checksum` (as
/// recorded, else the source's); then what its state knows.
fn json_entry(line: &MigrationStatus) -> Value {
    let mut entry = json!({
        "id": line.id,
        "name": line.name,
        "label": line.label(),
        "state": state_name(line),
        "checksum": line.checksum,
    });
    match &line.state {
        State::Applied {
            batch,
            executed_at,
            duration,
            reversible,
            ..
        } => {
            entry["batch"] = json!(batch);
            entry["executedAt"] = json!(crate::output::json::timestamp(*executed_at));
            entry["durationMs"] = json!(duration.as_millis());
            entry["reversible"] = json!(reversible);
        }
        State::Missing {
            batch, executed_at, ..
        } => {
            entry["batch"] = json!(batch);
            entry["executedAt"] = json!(crate::output::json::timestamp(*executed_at));
        }
        State::Interrupted {
            batch,
            direction,
            step,
            steps,
        } => {
            entry["batch"] = json!(batch);
            entry["direction"] = json!(direction.to_string());
            entry["interruptedAtStep"] = json!(step);
            entry["steps"] = json!(steps);
        }
        _ => {}
    }
    entry
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
        status.migrations.len(),
        status.applied(),
        status.pending()
    );
}
