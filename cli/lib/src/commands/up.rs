//! `up`: apply every pending migration as one batch.

use super::say;
use super::{Context, print_runs};
use crate::output::{count, duration};

/// Apply every pending migration as one batch: all of it, or none.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Run even though an applied migration's source has changed since
    #[arg(long)]
    allow_changed: bool,

    /// Run even though an applied migration is missing from the source
    #[arg(long)]
    allow_missing: bool,

    /// Also apply pending migrations numbered below the newest applied one
    #[arg(long)]
    allow_out_of_order: bool,

    /// Print the SQL that would run, with the batch, transaction boundaries and
    /// timeouts, and change nothing
    #[arg(long)]
    dry_run: bool,

    /// Print JSON for machines instead of text: success, message, and results (one
    /// entry per migration applied); on failure, success false and the error
    #[arg(long, conflicts_with = "dry_run")]
    json: bool,

    /// Apply pending migrations up to and including this number only
    #[arg(long, value_name = "ID", conflicts_with = "step")]
    to: Option<u32>,

    /// Apply the next N pending migrations only
    #[arg(long, value_name = "N")]
    step: Option<usize>,
}

impl Args {
    fn target(&self) -> pgbatch::UpTo {
        match (self.to, self.step) {
            (Some(id), _) => pgbatch::UpTo::Through(id),
            (None, Some(steps)) => pgbatch::UpTo::Steps(steps),
            (None, None) => pgbatch::UpTo::All,
        }
    }
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let allow = |options: &mut pgbatch::Options| {
        options.allow.changed = args.allow_changed;
        options.allow.missing = args.allow_missing;
        options.allow.out_of_order = args.allow_out_of_order;
    };
    if args.dry_run {
        let (preview, target) = crate::connect::with_migrator(context, allow, async |migrator| {
            migrator.preview_up(context.migrations, args.target()).await
        })
        .await?;
        print!("{}", super::dry_run::render("up", &target, &preview));
        return Ok(());
    }
    crate::output::json::or_failure(args.json, async || {
        let progress = crate::output::progress::start(context.global.verbose, context.global.quiet);
        let result = crate::connect::with_migrator(context, allow, async |migrator| {
            migrator.up_to(context.migrations, args.target()).await
        })
        .await;
        // The live line is off the screen before the report, or the error (which
        // `or_failure` and `main` print), is.
        drop(progress);
        let (report, target) = result?;
        if args.json {
            return crate::output::json::print(&json_document(&report, &target));
        }
        print_recovered(&report, context);
        print_report(&report, &target, context);
        Ok(())
    })
    .await
}

/// Says which interrupted migrations `up` finished first.
fn print_recovered(report: &pgbatch::UpReport, context: &Context<'_>) {
    for recovered in &report.recovered {
        say!(context, "{}", recovered_line(recovered));
    }
}

/// `Finished 002_index, interrupted at step 1 of 1: …` for an interrupted migration
/// finished, applied (by `up`) or reverted (by `down`, or `up` before it applies it
/// again).
pub(crate) fn recovered_line(recovered: &pgbatch::Recovered) -> String {
    let dropped = if recovered.dropped_indexes.is_empty() {
        String::new()
    } else {
        format!(
            "dropped the invalid index {} it left, ",
            recovered.dropped_indexes.join(", ")
        )
    };
    let step = if recovered.step_had_completed {
        "found that step complete and ran the rest"
    } else {
        "ran that step again and the rest"
    };
    let (what, steps) = match recovered.direction {
        pgbatch::Direction::Up => ("Finished", "step"),
        pgbatch::Direction::Down => ("Finished reverting", "down step"),
    };
    format!(
        "{what} {}, interrupted at {steps} {} of {}: {dropped}{step}.",
        recovered.migration, recovered.interrupted_at, recovered.steps
    )
}

/// The one-sentence summary of `up`, as the text report ends.
pub(crate) fn summary(report: &pgbatch::UpReport, target: &str) -> String {
    match report.batch {
        None => format!("Nothing to apply: {target} is up to date."),
        Some(batch) => format!(
            "Batch {batch}: {} applied to {target} in {}{}.",
            count(report.applied.len(), "migration"),
            duration(report.duration),
            super::retries(report.lock_retries)
        ),
    }
}

/// `up --json`: `success`, `message`, `results` (one entry per migration applied),
/// then `database`, `batch` (null when nothing was pending), `recovered` (interrupted
/// migrations finished first), `lockRetries` and `durationMs`.
pub(crate) fn json_document(report: &pgbatch::UpReport, target: &str) -> serde_json::Value {
    use crate::output::json::result;
    serde_json::json!({
        "success": true,
        "message": summary(report, target),
        "results": report
            .applied
            .iter()
            .map(|run| result(run, pgbatch::Direction::Up))
            .collect::<Vec<_>>(),
        "database": target,
        "batch": report.batch,
        "recovered": report
            .recovered
            .iter()
            .map(|recovered| serde_json::json!({
                "name": recovered.migration,
                "interruptedAtStep": recovered.interrupted_at,
                "steps": recovered.steps,
                "stepHadCompleted": recovered.step_had_completed,
                "droppedIndexes": recovered.dropped_indexes,
            }))
            .collect::<Vec<_>>(),
        "lockRetries": report.lock_retries,
        "durationMs": report.duration.as_millis(),
    })
}

/// Prints what `up` (or the second half of `redo`) applied.
pub(crate) fn print_report(report: &pgbatch::UpReport, target: &str, context: &Context<'_>) {
    match report.batch {
        None => say!(context, "Nothing to apply: {target} is up to date."),
        Some(batch) => {
            say!(context, "Applied batch {batch} to {target}:");
            print_runs(context, &report.applied, &context.paint.green("✓"));
            say!(
                context,
                "Batch {batch}: {} applied in {}{}.",
                count(report.applied.len(), "migration"),
                duration(report.duration),
                super::retries(report.lock_retries)
            );
        }
    }
}
