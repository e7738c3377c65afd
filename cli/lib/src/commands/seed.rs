//! `seed`: run an environment's seed files, each in its own transaction.

use super::{Context, say};
use crate::output::{count, duration};
use anyhow::{Context as _, bail};
use std::path::{Path, PathBuf};

/// Run the seed files of the environment (--env or MIGRATOR_ENV) in order, each in its
/// own transaction, once every migration is applied
///
/// Seed files are DIR/<env>/NNN_name.sql, such as db/seeds/dev/001_users.sql. They are
/// not recorded and run every time, so write them to be re-runnable (INSERT … ON
/// CONFLICT DO NOTHING). A failing file is rolled back; the files before it stay.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Directory with one folder of seed files per environment [default: db/seeds]
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let root = args.dir.unwrap_or_else(|| {
        Path::new(context.migrations_dir)
            .parent()
            .unwrap_or(Path::new("."))
            .join("seeds")
    });
    let Some(env) = context.global.env.as_deref() else {
        bail!(
            "seed needs an environment: pass --env NAME or set MIGRATOR_ENV; its seed files \
             are in {}/NAME/",
            root.display()
        );
    };
    let seeds = read(&root.join(env))?;
    if seeds.is_empty() {
        say!(
            context,
            "Nothing to seed: {} holds no seed file.",
            root.join(env).display()
        );
        return Ok(());
    }
    let (report, target) = crate::connect::with_migrator(
        context,
        |_| {},
        async |migrator| migrator.seed(context.migrations, &seeds).await,
    )
    .await?;
    say!(context, "Seeded {target} for `{env}`:");
    let mark = context.paint.green("✓");
    for (name, took) in &report.seeded {
        say!(context, "  {mark} {name} ({})", duration(*took));
    }
    let total = report.seeded.iter().map(|(_, took)| *took).sum();
    say!(
        context,
        "{} run in {}.",
        count(report.seeded.len(), "seed file"),
        duration(total)
    );
    Ok(())
}

/// The seed files of `dir`, in order; every malformed name or reused number is an error.
fn read(dir: &Path) -> anyhow::Result<Vec<pgbatch::Seed>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the seed directory {}", dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    let files = match pgbatch_files::discover_kind(pgbatch_files::SEEDS, &names) {
        Ok(files) => files,
        Err(errors) => bail!("{}: {}", dir.display(), errors.join("; ")),
    };
    files
        .into_iter()
        .map(|file| {
            let path = dir.join(&file.file_name);
            let sql = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Ok(pgbatch::Seed {
                name: file.file_name,
                sql,
            })
        })
        .collect()
}
