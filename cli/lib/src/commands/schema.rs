//! `schema`: the schema the migrations produce, replayed from their SQL without a
//! database (the build-time model of `pgbatch-schema`), as DDL or JSON.

use super::Context;
use anyhow::bail;
use pgbatch::Migration;

/// Print the schema the migrations produce, without a database: as SQL DDL, or JSON
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Stop after this migration (its number, name, or both) instead of the last
    #[arg(long, value_name = "MIGRATION")]
    at: Option<String>,
    /// Print the model as JSON instead of DDL
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let migrations = up_to(context.migrations, args.at.as_deref())?;
    let schema = replay(migrations);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&schema)?);
    } else {
        print!("{}", schema.to_ddl());
    }
    Ok(())
}

/// The migrations up to `at` (all of them when `None`).
fn up_to<'m>(migrations: &'m [Migration], at: Option<&str>) -> anyhow::Result<&'m [Migration]> {
    let Some(wanted) = at.map(str::trim) else {
        return Ok(migrations);
    };
    let position = migrations.iter().position(|migration| {
        wanted.parse::<u32>().ok() == Some(migration.id)
            || wanted == migration.name
            || wanted == migration.label()
    });
    match position {
        Some(index) => Ok(&migrations[..=index]),
        None => bail!("no migration `{wanted}`; `status` lists them"),
    }
}

/// Follows every up step of `migrations`, in order.
fn replay(migrations: &[Migration]) -> pgbatch_schema::Schema {
    let mut schema = pgbatch_schema::Schema::default();
    for migration in migrations {
        for step in migration.script.up() {
            schema.apply(&step.sql);
        }
    }
    schema
}
