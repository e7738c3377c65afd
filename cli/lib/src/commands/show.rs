//! `show`: print a migration's generated SQL, step by step, without touching the database.

use super::Context;
use anyhow::bail;
use pgbatch::{Migration, Step};

/// Print a migration's up and down SQL, with its steps and transaction boundaries
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The migration: its number (`3`, `003`), its name, or both (`003_create_posts`)
    #[arg(value_name = "MIGRATION")]
    migration: String,
}

pub(crate) fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let wanted = args.migration.trim();
    let found = context.migrations.iter().find(|migration| {
        wanted.parse::<u32>().ok() == Some(migration.id)
            || wanted == migration.name
            || wanted == migration.label()
    });
    let Some(migration) = found else {
        bail!("no migration `{wanted}`; `status` lists them");
    };
    print!("{}", render(migration));
    Ok(())
}

/// The migration's SQL as a script: comments mark each step and whether it runs in the
/// batch's transaction.
fn render(migration: &Migration) -> String {
    let mut out = format!("-- {}\n", migration.label());
    out.push_str(&steps("up", &migration.script.up()));
    match migration.script.down().as_deref() {
        Some([]) => out.push_str("\n-- down: nothing to run\n"),
        Some(down) => out.push_str(&steps("down", down)),
        None => out.push_str("\n-- down: none; this migration cannot be reverted\n"),
    }
    out
}

fn steps(direction: &str, steps: &[Step]) -> String {
    let mut out = String::new();
    for (index, step) in steps.iter().enumerate() {
        let place = match (step.transaction, step.commit_after) {
            (true, false) => "in the batch's transaction",
            (true, true) => {
                "in the batch's transaction, which commits after it (a new enum value is usable only once committed)"
            }
            (false, _) => "alone, outside any transaction",
        };
        out.push_str(&format!(
            "\n-- {direction} step {} of {}, {place}\n{}\n",
            index + 1,
            steps.len(),
            super::statement(&step.sql)
        ));
    }
    out
}
