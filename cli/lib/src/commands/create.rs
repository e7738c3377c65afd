//! `create`: write the next numbered migration file from a template.

use super::Context;
use super::say;
use anyhow::{Context as _, bail};
use heck::ToSnakeCase;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Write the next numbered migration file, such as db/migrations/004_add_avatar.rs
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The migration's name, in any case; words may be separate arguments
    #[arg(required = true, value_name = "NAME")]
    name: Vec<String>,

    /// The migrations directory [default: the one this binary was built from]
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub(crate) fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let dir = args
        .dir
        .unwrap_or_else(|| PathBuf::from(context.migrations_dir));
    let written = args.name.join(" ");
    let name = written.to_snake_case();
    if name.is_empty() {
        bail!(
            "the name `{written}` has no letters or digits; give the migration a name such as `create_users`"
        );
    }
    if let Err(why) = pgbatch_files::check_name(&name) {
        bail!("cannot name a migration `{name}`: {why}");
    }
    let path = next_path(&dir, &name)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(template(&written).as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    say!(context, "{}", path.display());
    Ok(())
}

/// The path for the next number in `dir`; refuses a name that is taken.
fn next_path(dir: &Path, name: &str) -> anyhow::Result<PathBuf> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the migrations directory {}", dir.display()))?
    {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    let files = match pgbatch_files::discover(&names) {
        Ok(files) => files,
        Err(errors) => bail!("{}; fix it before adding another", errors.join("; ")),
    };
    if let Some(taken) = files.iter().find(|file| file.name == name) {
        bail!(
            "a migration named `{name}` already exists: {}; choose another name",
            taken.file_name
        );
    }
    let next = files.last().map_or(1, |file| file.id + 1);
    // Three digits, then as many as it takes: 998, 999, 1000.
    Ok(dir.join(format!("{next:03}_{name}.rs")))
}

fn template(title: &str) -> String {
    format!(
        r#"// {title}
migration! {{
    up {{
        // sql("CREATE TABLE …");
    }}
    down {{
        // sql("DROP TABLE …");
    }}
}}
"#
    )
}
