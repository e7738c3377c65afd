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

    /// The migrations directory [default: migrations_dir in migrator.toml, else the
    /// one this binary's migrations were embedded from]
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub(crate) fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let dir = match args.dir {
        Some(dir) => dir,
        None => match crate::settings::migrations_dir(context.global)? {
            Some(dir) => dir,
            None => embedded_dir(context)?,
        },
    };
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

/// The directory this binary's migrations were embedded from, if the current directory
/// belongs to the project that holds it: a binary built for one application (or
/// installed with `cargo install`) must not write into its own source tree when run
/// from another application's folder, or from outside any project.
fn embedded_dir(context: &Context<'_>) -> anyhow::Result<PathBuf> {
    if context.migrations_dir.is_empty() {
        bail!(
            "this binary has no migrations compiled in, so it does not know where they live; \
             set migrations_dir in migrator.toml, pass --dir, or run your application's own \
             migration binary (`pgbatch init` creates one)"
        );
    }
    let embedded = PathBuf::from(context.migrations_dir);
    let here = std::env::current_dir().context("cannot read the current directory")?;
    match crate::project::root_of(&here) {
        Some(root) if crate::project::contains(&root, &embedded) => {}
        Some(root) => bail!(
            "this binary's migrations live in {}, outside the project at {}; run that \
             project's own migration binary, set migrations_dir in migrator.toml, or pass --dir",
            embedded.display(),
            root.display()
        ),
        None => bail!(
            "{} is not inside a Cargo project, so `create` will not write into this \
             binary's migrations at {}; run it in the project, set migrations_dir in \
             migrator.toml, or pass --dir",
            here.display(),
            embedded.display()
        ),
    }
    Ok(embedded)
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

/// A new migration's text: an empty `up`, which fails the build until the user writes
/// the change, so a forgotten template is never recorded as applied.
fn template(title: &str) -> String {
    format!(
        r#"// {title}
migration! {{
    up {{
        // Write the change here, e.g.:
        // createTable("notes", {{ id: "id", body: {{ type: "text", notNull: true }} }});
    }}
    // The down is derived from the up when every operation has an inverse; otherwise
    // write it in `down {{ … }}`, or say `irreversible;`.
}}
"#
    )
}
