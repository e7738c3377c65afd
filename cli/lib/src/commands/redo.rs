//! `redo`: revert the last batch and apply again, under one lock.

use super::Context;

/// Revert the last batch, then apply every pending migration again as a new batch
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print JSON for machines instead of text: success, message, and results (the
    /// migrations reverted, then those applied); on failure, success false and the
    /// error
    #[arg(long)]
    json: bool,
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    crate::output::json::or_failure(args.json, async || {
        let progress = crate::output::progress::start(context.global.verbose, context.global.quiet);
        let result = crate::connect::with_migrator(
            context,
            |_| {},
            async |migrator| migrator.redo(context.migrations).await,
        )
        .await;
        // The live line is off the screen before the report, or the error (which
        // `or_failure` and `main` print), is.
        drop(progress);
        let ((down, up), target) = result?;
        if args.json {
            return crate::output::json::print(&json_document(&down, &up, &target));
        }
        super::down::print_report(&down, &target, context);
        super::up::print_report(&up, &target, context);
        Ok(())
    })
    .await
}

/// `redo --json`: `success`, `message` (both halves' summaries), `results` (the
/// reverted migrations, direction `down`, then the applied ones, direction `up`),
/// `durationMs` and `lockRetries` of both halves together, and the two halves'
/// documents under `down` and `up`.
fn json_document(
    down: &pgbatch::DownReport,
    up: &pgbatch::UpReport,
    target: &str,
) -> serde_json::Value {
    use crate::output::documents::{DownDocument, UpDocument};
    let down = DownDocument::of(down, target);
    let up = UpDocument::of(up, target, None);
    let results: Vec<_> = down.results.iter().chain(&up.results).collect();
    serde_json::json!({
        "success": true,
        "message": format!("{} {}", down.message, up.message),
        "results": results,
        "database": target,
        "durationMs": down.duration_ms + up.duration_ms,
        "lockRetries": down.lock_retries + up.lock_retries,
        "down": down,
        "up": up,
    })
}
