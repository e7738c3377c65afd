//! `verify`: on a scratch database, every migration's down undoes its up, and applying
//! it again gives the same schema.

use super::{Context, say};
use crate::output::differences::{self, Compared};
use crate::output::{count, duration};
use anyhow::bail;
use pgbatch::{Phase, Problem, RoundTripFailure, Verification, VerifyOptions};
use serde_json::{Value, json};

/// Check on a scratch database that every migration's down undoes its up
///
/// Creates a database on the target's server (or --scratch-url's), applies the
/// migrations one at a time, reverts each and compares the catalog with the state
/// before it, applies it again and compares with the state after it, and drops the
/// database. The target database is never changed. Exits 1 at the first migration
/// whose round trip is not exact, naming the difference.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Apply the migrations up to and including this one as one batch first, and check
    /// the later ones only
    #[arg(long, value_name = "ID")]
    from: Option<u32>,

    #[command(flatten)]
    scratch: super::ScratchArgs,

    /// Print JSON for machines instead of text: success, checked, irreversible, and the
    /// failure with its differences
    #[arg(long)]
    json: bool,
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let mut verdict = None;
    crate::output::json::or_failure(args.json, async || {
        let settings = context.settings()?;
        let server = args.scratch.server(settings)?;
        let request = VerifyOptions { from: args.from };
        let verification =
            pgbatch::verify(&server, &settings.options, context.migrations, &request).await?;
        if args.json {
            crate::output::json::print(&document(&verification))?;
        } else {
            print_text(&verification, context);
        }
        verdict = verification.failure.as_ref().map(headline);
        Ok(())
    })
    .await?;
    // Not a failure of the command, whose report is printed: only its verdict.
    match verdict {
        Some(headline) => bail!("verify failed: {headline}"),
        None => Ok(()),
    }
}

fn print_text(verification: &Verification, context: &Context<'_>) {
    let paint = context.paint;
    if !verification.baseline.is_empty() {
        say!(
            context,
            "applied {} first, as one batch",
            count(verification.baseline.len(), "migration")
        );
    }
    for label in &verification.checked {
        say!(context, "  {} {label}", paint.green("✓"));
    }
    for label in &verification.irreversible {
        say!(
            context,
            "  {} {label}: irreversible, applied and not reverted",
            paint.yellow("-")
        );
    }
    if let Some(failure) = &verification.failure {
        say!(context, "  {} {}", paint.red("✗"), headline(failure));
        if let Problem::Differences(found) = &failure.problem {
            for difference in found {
                say!(
                    context,
                    "      {}",
                    differences::line(difference, compared(failure.phase))
                );
            }
        }
    }
    say!(
        context,
        "{} {} on a scratch database in {}",
        if verification.failure.is_some() {
            "checked"
        } else {
            "verified"
        },
        count(
            verification.checked.len() + verification.irreversible.len(),
            "migration"
        ),
        duration(verification.duration)
    );
}

/// `006_add_index: its down leaves the schema other than before its up`.
fn headline(failure: &RoundTripFailure) -> String {
    let what = match (&failure.problem, failure.phase) {
        (Problem::Failed(error), Phase::Apply) => format!("applying it failed: {error}"),
        (Problem::Failed(error), Phase::Revert) => format!("its down failed: {error}"),
        (Problem::Failed(error), Phase::Reapply) => {
            format!("applying it again after its down failed: {error}")
        }
        (Problem::Differences(found), Phase::Revert) => format!(
            "its down does not undo its up ({})",
            count(found.len(), "difference")
        ),
        (Problem::Differences(found), _) => format!(
            "applying it again after its down gives another schema ({})",
            count(found.len(), "difference")
        ),
    };
    format!("{}: {what}", failure.migration)
}

fn compared(phase: Phase) -> Compared {
    match phase {
        Phase::Revert => Compared::Revert,
        Phase::Apply | Phase::Reapply => Compared::Reapply,
    }
}

fn phase_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Apply => "apply",
        Phase::Revert => "revert",
        Phase::Reapply => "reapply",
    }
}

fn document(verification: &Verification) -> Value {
    let failure = verification.failure.as_ref().map(|failure| {
        let mut object = json!({
            "migration": failure.migration,
            "phase": phase_name(failure.phase),
            "message": headline(failure),
        });
        if let Problem::Differences(found) = &failure.problem {
            object["differences"] = found.iter().map(differences::json).collect();
        }
        object
    });
    json!({
        "success": verification.failure.is_none(),
        "scratch": verification.scratch,
        "baseline": verification.baseline,
        "checked": verification.checked,
        "irreversible": verification.irreversible,
        "failure": failure,
        "durationMs": verification.duration.as_millis(),
    })
}
