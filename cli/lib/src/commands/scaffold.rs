//! `init` without compiled-in migrations: scaffold an application's migrations crate
//! (a migrations folder, the embedding, a three-line binary) and `migrator.toml`.

use super::Context;
use super::say;
use anyhow::{Context as _, bail};
use std::path::{Path, PathBuf};

/// What `init` writes into an application's Cargo project.
#[derive(Debug, clap::Args)]
pub(crate) struct ScaffoldArgs {
    /// Name of the crate (and folder) to create, which holds the migrations and the
    /// application's migration binary (`cargo run -p NAME -- up`)
    #[arg(long = "crate", value_name = "NAME", default_value = "migrate")]
    crate_name: String,

    /// Depend on a local checkout of pgbatch (its workspace folder) instead of crates.io
    #[arg(long, value_name = "DIR")]
    pgbatch_path: Option<PathBuf>,
}

pub(crate) fn run(args: &ScaffoldArgs, context: &Context<'_>) -> anyhow::Result<()> {
    if pgbatch_files::check_name(&args.crate_name.replace('-', "_")).is_err() {
        bail!(
            "`{}` is not a crate name to scaffold; use lowercase letters, digits, `_` or `-`",
            args.crate_name
        );
    }
    let here = std::env::current_dir().context("cannot read the current directory")?;
    let Some(root) = crate::project::root_of(&here) else {
        bail!(
            "no Cargo.toml in {} or above; run `init` in your application's folder \
             (create one with `cargo new`)",
            here.display()
        );
    };
    let folder = root.join(&args.crate_name);
    if folder.exists() {
        bail!(
            "{} already exists; choose another crate name with --crate",
            folder.display()
        );
    }
    let dependencies = dependencies(args.pgbatch_path.as_deref())?;
    let name = &args.crate_name;
    let lib = name.replace('-', "_");
    let files = [
        ("Cargo.toml", manifest(name, &dependencies)),
        (
            "build.rs",
            "//! Embeds migrations/: one module per file, and the ordered list.\n\n\
             fn main() {\n    pgbatch_build::embed_migrations(\"migrations\");\n}\n"
                .to_owned(),
        ),
        (
            "src/lib.rs",
            "//! The application's migrations, from migrations/, checked when this crate \
             builds.\n\npgbatch::embed_migrations!();\n"
                .to_owned(),
        ),
        (
            "src/main.rs",
            format!(
                "fn main() -> std::process::ExitCode {{\n    \
                 pgbatch_cli::main({lib}::MIGRATIONS, {lib}::MIGRATIONS_DIR)\n}}\n"
            ),
        ),
        ("migrations/.gitkeep", String::new()),
    ];
    // Everything that can be refused is checked before anything is written; a write
    // that fails part-way removes the folder, so `init` can simply run again.
    let manifest_path = root.join("Cargo.toml");
    let edited = with_member(&manifest_path, name)?;
    let written = write_files(&folder, &files).and_then(|()| match &edited {
        Some(text) => std::fs::write(&manifest_path, text)
            .with_context(|| format!("cannot write {}", manifest_path.display())),
        None => Ok(()),
    });
    if let Err(error) = written {
        let _ = std::fs::remove_dir_all(&folder);
        return Err(error);
    }
    let joined = edited.is_some();
    let config = root.join("migrator.toml");
    let wrote_config = !config.exists();
    if wrote_config {
        std::fs::write(&config, settings_file(name))
            .with_context(|| format!("cannot write {}", config.display()))?;
    }
    say!(context, "Created {}:", folder.display());
    for (path, _) in &files {
        say!(context, "  {name}/{path}");
    }
    if joined {
        say!(
            context,
            "Added `{name}` to the workspace in {}.",
            root.join("Cargo.toml").display()
        );
    }
    if wrote_config {
        say!(context, "Wrote {}.", config.display());
    }
    say!(context, "\nNext:");
    say!(
        context,
        "  cargo run -p {name} -- create create users   # write a migration"
    );
    say!(
        context,
        "  cargo run -p {name} -- up                    # apply it"
    );
    say!(
        context,
        "To migrate from your own code at start-up, depend on `{name} = {{ path = \"{name}\" }}` \
         and pass `{lib}::MIGRATIONS` to `pgbatch::Migrator::up`."
    );
    Ok(())
}

/// The `[dependencies]` and `[build-dependencies]` lines for the pgbatch crates.
struct Dependencies {
    engine: String,
    cli: String,
    build: String,
}

fn dependencies(local: Option<&Path>) -> anyhow::Result<Dependencies> {
    let version = env!("CARGO_PKG_VERSION");
    let Some(local) = local else {
        return Ok(Dependencies {
            engine: format!("\"{version}\""),
            cli: format!("\"{version}\""),
            build: format!("\"{version}\""),
        });
    };
    let local = local
        .canonicalize()
        .with_context(|| format!("cannot find the pgbatch checkout {}", local.display()))?;
    if !local.join("migrator/Cargo.toml").exists() {
        bail!(
            "{} is not a pgbatch checkout (no migrator/Cargo.toml there)",
            local.display()
        );
    }
    let path = |folder: &str| {
        format!(
            "{{ version = \"{version}\", path = {:?} }}",
            local.join(folder).display().to_string()
        )
    };
    Ok(Dependencies {
        engine: path("migrator"),
        cli: path("cli/lib"),
        build: path("macros/build"),
    })
}

fn manifest(name: &str, dependencies: &Dependencies) -> String {
    let Dependencies { engine, cli, build } = dependencies;
    format!(
        "[package]\n\
         name = \"{name}\"\n\
         description = \"The application's database migrations, and its migration command.\"\n\
         version = \"0.1.0\"\n\
         edition = \"2024\"\n\
         publish = false\n\n\
         [dependencies]\n\
         pgbatch = {engine}\n\
         pgbatch-cli = {cli}\n\n\
         [build-dependencies]\n\
         pgbatch-build = {build}\n"
    )
}

fn settings_file(name: &str) -> String {
    format!(
        "# pgbatch settings: flags and environment variables win over this file.\n\n\
         [defaults]\n\
         # Where `create` writes new migrations.\n\
         migrations_dir = \"{name}/migrations\"\n\
         lock_timeout = \"5s\"\n\n\
         [environments.dev]\n\
         url = \"postgres://postgres@localhost:5432/postgres\"\n\n\
         [environments.production]\n\
         # The password comes from the environment, never from this file.\n\
         url = \"postgres://app:${{APP_DB_PASSWORD}}@db.internal:5432/app\"\n\
         # Protected, so `up` backs the database up with pg_dump first, into `backups`\n\
         # beside this file; `backup = \"/var/backups/app\"` or `backup = false` changes it.\n"
    )
}

/// Writes `files` under `folder`.
fn write_files(folder: &Path, files: &[(&str, String)]) -> anyhow::Result<()> {
    for (path, text) in files {
        let path = folder.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// The manifest at `path` with `name` added to the workspace's members, keeping its
/// formatting and comments (a single package becomes a workspace of itself and the new
/// crate); `None` when it is a member already. Writes nothing.
fn with_member(path: &Path, name: &str) -> anyhow::Result<Option<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut manifest: toml_edit::DocumentMut = text
        .parse()
        .with_context(|| format!("cannot parse {}", path.display()))?;
    let workspace = manifest
        .entry("workspace")
        .or_insert_with(toml_edit::table)
        .as_table_like_mut()
        .with_context(|| format!("`workspace` in {} is not a table", path.display()))?;
    let members = workspace
        .entry("members")
        .or_insert_with(|| toml_edit::value(toml_edit::Array::new()))
        .as_array_mut()
        .with_context(|| format!("`workspace.members` in {} is not an array", path.display()))?;
    if members.iter().any(|member| member.as_str() == Some(name)) {
        return Ok(None);
    }
    members.push(name);
    Ok(Some(manifest.to_string()))
}
