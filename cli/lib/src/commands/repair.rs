//! `repair`: accept the current source of applied migrations that were edited, after
//! showing how their SQL changed.

use super::{Context, say, statement};
use crate::output::{Paint, count};
use similar::{ChangeTag, TextDiff};

/// Accept the edited source of applied migrations: record their new checksum and SQL
/// without running anything, after printing the old and new SQL
///
/// For an edit that changed nothing in the database (a comment, formatting), or whose
/// effect was applied by hand. Asks for confirmation when run from a terminal;
/// elsewhere --yes is required.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Only these migrations [default: every applied migration whose source changed]
    #[arg(value_name = "ID")]
    ids: Vec<u32>,

    /// Do not ask for confirmation
    #[arg(long, short)]
    yes: bool,
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let (mut drift, target) = crate::connect::with_migrator(
        context,
        |_| {},
        async |migrator| migrator.drift(context.migrations).await,
    )
    .await?;
    if let Some(id) = args
        .ids
        .iter()
        .find(|id| !drift.iter().any(|entry| entry.id == **id))
    {
        anyhow::bail!(
            "migration {id:03} is not an applied migration whose source changed; nothing was \
             repaired"
        );
    }
    if !args.ids.is_empty() {
        drift.retain(|entry| args.ids.contains(&entry.id));
    }
    if drift.is_empty() {
        say!(
            context,
            "Nothing to repair: every applied migration of {target} matches its source."
        );
        return Ok(());
    }
    if !context.global.quiet {
        for entry in &drift {
            print!("{}", render(entry, context.paint));
        }
    }
    super::confirm_unless(
        args.yes,
        "repair",
        &format!(
            "record the current source of {} in {target}, without running any SQL",
            count(drift.len(), "migration")
        ),
    )?;
    let (repaired, target) = crate::connect::with_migrator(
        context,
        |_| {},
        async |migrator| migrator.repair(context.migrations, &drift).await,
    )
    .await?;
    say!(
        context,
        "Repaired {} in {target}: the tracking table now records their current source; no SQL \
         was run.",
        repaired.join(", ")
    );
    Ok(())
}

/// One migration's checksums and the diff of its up (and down, if it changed).
fn render(entry: &pgbatch::Drift, paint: Paint) -> String {
    let short = |checksum: &str| checksum.get(..12).unwrap_or(checksum).to_owned();
    let mut out = format!(
        "{}: checksum {} (applied) → {} (source)\n",
        entry.label,
        short(&entry.recorded_checksum),
        short(&entry.checksum)
    );
    let script = |steps: &[String]| -> String {
        steps
            .iter()
            .map(|sql| statement(sql) + "\n")
            .collect::<String>()
    };
    let new_up = script(&entry.up);
    match &entry.recorded_up {
        Some(old_up) => out.push_str(&diff(&script(old_up), &new_up, "up", paint)),
        None => {
            out.push_str(
                "The up SQL applied was not recorded (an older version applied it); the \
                 source's is:\n",
            );
            out.push_str(&new_up);
        }
    }
    let old_down = entry
        .recorded_down
        .as_deref()
        .map(script)
        .unwrap_or_default();
    let new_down = entry.down.as_deref().map(script).unwrap_or_default();
    if old_down != new_down {
        out.push_str(&diff(&old_down, &new_down, "down", paint));
    }
    out.push('\n');
    out
}

/// A unified diff of two scripts, `-` lines red and `+` lines green on a terminal.
fn diff(old: &str, new: &str, what: &str, paint: Paint) -> String {
    let diff = TextDiff::from_lines(old, new);
    let mut out = format!("--- {what}, as applied\n+++ {what}, in the source\n");
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&paint.dim(&hunk.header().to_string()));
        out.push('\n');
        for change in hunk.iter_changes() {
            let line = change.to_string_lossy();
            let line = line.trim_end_matches('\n');
            out.push_str(&match change.tag() {
                ChangeTag::Delete => paint.red(&format!("-{line}")),
                ChangeTag::Insert => paint.green(&format!("+{line}")),
                ChangeTag::Equal => format!(" {line}"),
            });
            out.push('\n');
        }
    }
    out
}
