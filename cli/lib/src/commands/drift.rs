//! `drift`: the live database's schema against the one its applied migrations make.

use super::{Context, ScratchArgs, say};
use crate::output::differences::{self, Compared};
use crate::output::{count, duration};
use anyhow::bail;
use pgbatch::SchemaDrift;
use serde_json::{Value, json};

/// Compare the live database's schema with the one its applied migrations make
///
/// Applies the migrations the target records as applied to a scratch database on the
/// same server (or --scratch-url's), compares the two catalogs, and prints every
/// difference: an object missing, added by hand, or altered. Only the schemas the
/// migrations create are compared; `ignore` in migrator.toml leaves out more. The
/// target is only read. Exits 1 when there is drift.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    scratch: ScratchArgs,

    /// Print JSON for machines instead of text: success, differences, and what was
    /// replayed
    #[arg(long)]
    json: bool,
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let mut verdict = None;
    crate::output::json::or_failure(args.json, async || {
        let (drift, target) = measure(context, &args.scratch).await?;
        if args.json {
            crate::output::json::print(&document(&drift))?;
        } else {
            print_text(&drift, &target, context);
        }
        verdict = verdict_of(&drift, &target);
        Ok(())
    })
    .await?;
    // Not a failure of the command, whose report is printed: only its verdict.
    match verdict {
        Some(verdict) => bail!("{verdict}"),
        None => Ok(()),
    }
}

/// The drift of the target, and the target's name.
pub(crate) async fn measure(
    context: &Context<'_>,
    scratch: &ScratchArgs,
) -> anyhow::Result<(SchemaDrift, String)> {
    let settings = context.settings()?;
    let server = scratch.server(settings)?;
    crate::connect::with_migrator(
        context,
        |_| {},
        async |migrator| {
            migrator
                .schema_drift(context.migrations, &server, &settings.ignore)
                .await
        },
    )
    .await
}

/// `… has drifted from its migrations: 3 differences`, or `None` without drift.
pub(crate) fn verdict_of(drift: &SchemaDrift, target: &str) -> Option<String> {
    (!drift.differences.is_empty()).then(|| {
        format!(
            "{target} has drifted from its migrations: {}",
            count(drift.differences.len(), "difference")
        )
    })
}

/// The differences and notes, one line each.
pub(crate) fn print_text(drift: &SchemaDrift, target: &str, context: &Context<'_>) {
    let paint = context.paint;
    let notes = [
        (
            &drift.missing_from_source,
            "is applied but missing from the source: what it made shows as not made by the migrations",
        ),
        (
            &drift.changed_since_applied,
            "changed since it was applied: compared with its current source",
        ),
        (
            &drift.interrupted,
            "is part-way (interrupted): not replayed",
        ),
    ];
    for (labels, note) in notes {
        for label in labels {
            say!(context, "  {} {label} {note}", paint.yellow("!"));
        }
    }
    for difference in &drift.differences {
        say!(
            context,
            "  {} {}",
            paint.red("✗"),
            differences::line(difference, Compared::Drift)
        );
    }
    let outside = match drift.unmanaged_schemas.as_slice() {
        [] => String::new(),
        schemas => format!(
            "; left out, as no migration creates them: {}",
            schemas
                .iter()
                .map(|schema| format!("schema `{schema}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let summary = if drift.differences.is_empty() {
        format!("no drift: {target} matches")
    } else {
        format!(
            "{} in {target}, compared with",
            count(drift.differences.len(), "difference")
        )
    };
    say!(
        context,
        "{summary} the schema of its {} ({}){outside}",
        count(drift.replayed.len(), "applied migration"),
        duration(drift.duration)
    );
}

/// The JSON document, also `status --drift --json`'s `drift` key.
pub(crate) fn document(drift: &SchemaDrift) -> Value {
    json!({
        "success": drift.differences.is_empty(),
        "differences": drift.differences.iter().map(differences::json).collect::<Vec<_>>(),
        "replayed": drift.replayed,
        "missingFromSource": drift.missing_from_source,
        "changedSinceApplied": drift.changed_since_applied,
        "interrupted": drift.interrupted,
        "unmanagedSchemas": drift.unmanaged_schemas,
        "durationMs": drift.duration.as_millis(),
    })
}
