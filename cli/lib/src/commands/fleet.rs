//! `up` and `status` over a fleet: every target of the environment, a few at a time,
//! each under its own lock and batch; a table at the end, and the exit code of the
//! worst target.

use super::Context;
use super::up::{self, Backup};
use crate::fleet::{Board, Outcome, Spec, Target};
use crate::output::documents::{Summary, UpDocument};
use crate::output::{count, duration};
use anyhow::bail;
use serde_json::{Value, json};

/// How a fleet is run.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct FleetArgs {
    /// In an environment with `targets` or `targets_query`: how many targets to work
    /// on at once, each over its own connection
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
    jobs: u16,
}

/// The fleet's targets, or a note that it has none.
async fn targets(context: &Context<'_>, spec: &Spec) -> anyhow::Result<Vec<Target>> {
    let targets = spec.targets(context.settings()?).await?;
    if targets.is_empty() {
        eprintln!("The fleet has no targets ({}).", spec.describe());
    }
    Ok(targets)
}

/// Connects to `target` with its options (changed by `adjust`).
async fn open(
    target: &Target,
    adjust: impl FnOnce(&mut pgbatch::Options),
) -> Result<pgbatch::Migrator, pgbatch::Error> {
    let mut options = target.options.clone();
    adjust(&mut options);
    pgbatch::Migrator::connect(&target.connect, options).await
}

/// `up` on every target.
pub(crate) async fn up(
    args: &up::Args,
    fleet: &FleetArgs,
    context: &Context<'_>,
    spec: &Spec,
) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let targets = targets(context, spec).await?;
    let backup = settings.backup.clone().unwrap_or_default();
    if let (Some(_), Some(target)) = (&backup.dir, targets.iter().find(|t| t.schema.is_some())) {
        bail!(
            "backups of schema targets ({} and others) are not taken: pg_dump would dump the \
             whole database once per schema; back the database up first and pass --no-backup",
            target.label
        );
    }
    let board = Board::new(targets.len(), context.global.verbose, context.global.quiet);
    if args.dry_run {
        let outcomes = crate::fleet::run(
            &targets,
            fleet.jobs.into(),
            false,
            &board,
            async |target| {
                let mut migrator = open(target, |options| args.allow(options)).await?;
                let preview = migrator.preview_up(context.migrations, args.target()).await;
                migrator.close().await;
                Ok(preview?)
            },
            |_| ("previewed", String::new()),
        )
        .await;
        drop(board);
        for (target, outcome) in targets.iter().zip(&outcomes) {
            match outcome {
                Outcome::Done(preview) => {
                    print!("{}", super::dry_run::render("up", &target.label, preview));
                }
                Outcome::Failed(error) => {
                    let error = crate::render(error).replace('\n', "\n-- ");
                    println!("-- {}: {error}", target.label);
                }
                Outcome::Skipped => {}
            }
        }
        return verdict(&outcomes, "previewed");
    }
    let outcomes = crate::fleet::run(
        &targets,
        fleet.jobs.into(),
        args.fail_fast,
        &board,
        async |target| {
            let mut migrator = open(target, |options| args.allow(options)).await?;
            let result = async {
                let backup = up::back_up_first(
                    &mut migrator,
                    &backup,
                    &target.connect,
                    context.migrations,
                    args.target(),
                )
                .await?;
                let report = migrator.up_to(context.migrations, args.target()).await?;
                Ok::<_, pgbatch::Error>((report, backup))
            }
            .await;
            migrator.close().await;
            Ok(result?)
        },
        |(report, _)| match report.batch {
            None => ("up to date", "up to date".to_owned()),
            Some(batch) => (
                "applied",
                format!(
                    "batch {batch}: {} applied in {}",
                    count(report.applied.len(), "migration"),
                    duration(report.duration)
                ),
            ),
        },
    )
    .await;
    drop(board);
    if args.json {
        crate::output::json::print(&up_document(&targets, &outcomes))?;
    } else {
        print_up_table(&targets, &outcomes, fleet, context);
    }
    verdict(&outcomes, "applied")
}

/// `up --json` over a fleet: `success`, `message`, and per target its `result` and
/// the document `up --json` prints for one database (or its failure).
fn up_document(targets: &[Target], outcomes: &[Outcome<(pgbatch::UpReport, Backup)>]) -> Value {
    let documents: Vec<Value> = targets
        .iter()
        .zip(outcomes)
        .map(|(target, outcome)| {
            let (result, document) = match outcome {
                Outcome::Done((report, backup)) => (
                    match report.batch {
                        Some(_) => "applied",
                        None => "upToDate",
                    },
                    serde_json::to_value(UpDocument::of(report, &target.label, backup.taken()))
                        .unwrap_or_default(),
                ),
                Outcome::Failed(error) => (
                    "failed",
                    serde_json::to_value(crate::output::json::failure(error)).unwrap_or_default(),
                ),
                Outcome::Skipped => ("skipped", Value::Null),
            };
            json!({ "target": target.label, "result": result, "outcome": document })
        })
        .collect();
    json!({
        "success": failures(outcomes) == 0,
        "message": tally(outcomes, applied_or_not),
        "targets": documents,
    })
}

/// The final table of a fleet's `up` (not under `--quiet`), then each failure in full.
fn print_up_table(
    targets: &[Target],
    outcomes: &[Outcome<(pgbatch::UpReport, Backup)>],
    fleet: &FleetArgs,
    context: &Context<'_>,
) {
    if context.global.quiet {
        print_errors(targets, outcomes);
        return;
    }
    let paint = context.paint;
    let rows = targets.iter().zip(outcomes).map(|(target, outcome)| {
        let cells = match outcome {
            Outcome::Done((report, backup)) => {
                let mut result = match report.batch {
                    Some(_) => paint.green("applied"),
                    None => "up to date".to_owned(),
                };
                if !report.recovered.is_empty() {
                    result.push_str(" (after finishing an interrupted migration)");
                }
                if let Some(backup) = backup.taken() {
                    result.push_str(&format!(" (backup {})", backup.path.display()));
                }
                [
                    result,
                    report
                        .batch
                        .map_or_else(|| "-".to_owned(), |b| b.to_string()),
                    report.applied.len().to_string(),
                    duration(report.duration),
                ]
            }
            Outcome::Failed(_) => [paint.red("failed"), "-".into(), "-".into(), "-".into()],
            Outcome::Skipped => [
                paint.yellow("skipped (--fail-fast)"),
                "-".into(),
                "-".into(),
                "-".into(),
            ],
        };
        let [result, batch, applied, time] = cells;
        vec![target.label.clone(), result, batch, applied, time]
    });
    println!(
        "Fleet of {} ({} at a time):",
        count(targets.len(), "target"),
        targets.len().min(fleet.jobs.into())
    );
    print_table(&["TARGET", "RESULT", "BATCH", "APPLIED", "TIME"], rows);
    println!("{}", tally(outcomes, applied_or_not));
    print_errors(targets, outcomes);
}

/// `applied` or `up to date`: a target's `up` in the tally.
fn applied_or_not((report, _): &(pgbatch::UpReport, Backup)) -> &'static str {
    match report.batch {
        Some(_) => "applied",
        None => "up to date",
    }
}

/// `status` of every target.
pub(crate) async fn status(
    json: bool,
    check: bool,
    fleet: &FleetArgs,
    context: &Context<'_>,
    spec: &Spec,
) -> anyhow::Result<()> {
    let targets = targets(context, spec).await?;
    let board = Board::new(targets.len(), context.global.verbose, context.global.quiet);
    let outcomes = crate::fleet::run(
        &targets,
        fleet.jobs.into(),
        false,
        &board,
        async |target| {
            let mut migrator = open(target, |_| {}).await?;
            // Only the pending migrations are listed; the applied ones are counted
            // from the tracking table's summary when it vouches for them.
            let status = migrator.status_counted(context.migrations).await;
            migrator.close().await;
            Ok(status?)
        },
        |status| (standing(status), super::status::summary(status)),
    )
    .await;
    drop(board);
    if json {
        let documents: Vec<Value> = targets
            .iter()
            .zip(&outcomes)
            .map(|(target, outcome)| match outcome {
                Outcome::Done(status) => {
                    // Of a listing without the earlier applied migrations: their
                    // count is the status's, the rest the summary's.
                    let summary = Summary::of(status);
                    json!({
                        "target": target.label,
                        "state": standing(status),
                        "isUpToDate": summary.is_up_to_date,
                        "applied": status.applied(),
                        "pending": summary.pending_migrations.len(),
                        "lastMigration": summary.last_migration,
                        "pendingMigrations": summary.pending_migrations,
                    })
                }
                Outcome::Failed(error) => json!({
                    "target": target.label,
                    "state": "failed",
                    "isUpToDate": false,
                    "error": crate::output::json::failure(error),
                }),
                Outcome::Skipped => json!({ "target": target.label, "state": "skipped" }),
            })
            .collect();
        crate::output::json::print(&json!({
            "total": targets.len(),
            "upToDate": up_to_date(&outcomes),
            "message": tally(&outcomes, standing),
            "targets": documents,
        }))?;
    } else {
        let rows = targets.iter().zip(&outcomes).map(|(target, outcome)| {
            let paint = context.paint;
            match outcome {
                Outcome::Done(status) => {
                    let state = match standing(status) {
                        "up to date" => paint.green("up to date"),
                        other => paint.red(&format!("{other}: {}", super::status::summary(status))),
                    };
                    vec![
                        target.label.clone(),
                        state,
                        status.applied().to_string(),
                        status.pending().to_string(),
                        status.last.clone().unwrap_or_else(|| "-".into()),
                    ]
                }
                _ => vec![
                    target.label.clone(),
                    paint.red("failed"),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                ],
            }
        });
        println!("Status of {}:", count(targets.len(), "target"));
        print_table(&["TARGET", "STATE", "APPLIED", "PENDING", "LAST"], rows);
        println!("{}", tally(&outcomes, standing));
        print_errors(&targets, &outcomes);
    }
    verdict(&outcomes, "read")?;
    let behind = outcomes.len() - up_to_date(&outcomes);
    if check && behind > 0 {
        bail!(
            "{} of {} not up to date",
            behind,
            count(outcomes.len(), "target")
        );
    }
    Ok(())
}

/// A target's standing: `up to date`, `behind` (only pending migrations), or the
/// worst problem of its history (`interrupted`, `diverged`: changed, missing or
/// pending out of order).
fn standing(status: &pgbatch::Status) -> &'static str {
    use pgbatch::State;
    let states = || status.migrations.iter().map(|line| &line.state);
    if states().any(|state| matches!(state, State::Interrupted { .. })) {
        "interrupted"
    } else if states().any(|state| {
        matches!(
            state,
            State::Applied { changed: true, .. }
                | State::Missing { .. }
                | State::Pending { out_of_order: true }
        )
    }) {
        "diverged"
    } else if status.is_up_to_date() {
        "up to date"
    } else {
        "behind"
    }
}

fn up_to_date(outcomes: &[Outcome<pgbatch::Status>]) -> usize {
    outcomes
        .iter()
        .filter(|outcome| matches!(outcome, Outcome::Done(status) if status.is_up_to_date()))
        .count()
}

fn failures<T>(outcomes: &[Outcome<T>]) -> usize {
    outcomes
        .iter()
        .filter(|outcome| !matches!(outcome, Outcome::Done(_)))
        .count()
}

/// `3 targets: 1 applied, 1 up to date, 1 failed.`
fn tally<T>(outcomes: &[Outcome<T>], kind: impl Fn(&T) -> &'static str) -> String {
    let counts = crate::output::tally(outcomes.iter().map(|outcome| match outcome {
        Outcome::Done(done) => kind(done),
        Outcome::Failed(_) => "failed",
        Outcome::Skipped => "skipped",
    }));
    format!(
        "{}: {}.",
        count(outcomes.len(), "target"),
        if counts.is_empty() { "none" } else { &counts }
    )
}

/// Each failed target's error in full, under the table.
fn print_errors<T>(targets: &[Target], outcomes: &[Outcome<T>]) {
    for (target, outcome) in targets.iter().zip(outcomes) {
        if let Outcome::Failed(error) = outcome {
            println!(
                "{}: {}",
                target.label,
                crate::render(error).replace('\n', "\n  ")
            );
        }
    }
}

/// The command's exit: an error when a target failed or was skipped (`did`: what the
/// others were, for the message).
fn verdict<T>(outcomes: &[Outcome<T>], did: &str) -> anyhow::Result<()> {
    let failed = failures(outcomes);
    if failed > 0 {
        bail!(
            "{} of {} failed or skipped; the others were {did} (see the table)",
            failed,
            count(outcomes.len(), "target")
        );
    }
    Ok(())
}

/// Prints rows under a header, each column as wide as its widest cell (colour codes
/// not counted).
fn print_table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    let rows: Vec<Vec<String>> = rows.collect();
    let visible = |cell: &str| {
        let mut width = 0;
        let mut escape = false;
        for c in cell.chars() {
            match (escape, c) {
                (_, '\x1b') => escape = true,
                (true, 'm') => escape = false,
                (true, _) => {}
                (false, _) => width += 1,
            }
        }
        width
    };
    let widths: Vec<usize> = (0..header.len())
        .map(|column| {
            rows.iter()
                .map(|row| visible(&row[column]))
                .chain([header[column].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - visible(cell))))
            .collect();
        println!("  {}", padded.join("  ").trim_end());
    };
    line(header.iter().map(|cell| (*cell).to_owned()).collect());
    for row in rows {
        line(row);
    }
}
