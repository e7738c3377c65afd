//! The command-line front end: parses arguments, runs the engine, renders its result.
//!
//! A library so that other binaries (the integration tests' fixture runner) can run
//! the same commands over another list of migrations; `main.rs` passes `db`'s.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod commands;
mod connect;
mod fleet;
mod output;
mod project;
#[cfg(feature = "serve")]
mod serve;
mod settings;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Apply, revert and inspect the PostgreSQL migrations compiled into this binary.
///
/// Each setting comes from its flag, else its environment variable, else the section of
/// migrator.toml chosen with --env (or MIGRATOR_ENV), else that file's [defaults], else
/// the default shown. The database is found as psql finds it: each part the URL leaves
/// out comes from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE, PGAPPNAME,
/// PGCONNECT_TIMEOUT, then ~/.pgpass (or PGPASSFILE) for the password; with no URL at
/// all, DB_HOST, DB_PORT, DB_NAME, DB_USER and DB_PASSWORD come first (defaults:
/// localhost, 5432, postgres, the user's name as database). A .env file in the current
/// directory or above is read first; variables already set win over it. --verbose shows
/// where each setting came from.
#[derive(Debug, Parser)]
#[command(name = "pgbatch", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,

    #[command(flatten)]
    global: Global,
}

/// Options shared by every command. Each setting comes from its flag, else its
/// environment variable, else the selected environment of `migrator.toml`, else that
/// file's `[defaults]`, else the default shown.
#[derive(Debug, clap::Args)]
struct Global {
    /// Database URL, such as postgres://user:password@localhost:5432/app?sslmode=require
    /// [default: the DB_* and PG* variables, else postgres@localhost:5432/postgres]
    #[arg(
        long,
        global = true,
        value_name = "URL",
        env = "DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,

    /// Environment of migrator.toml to use, such as dev, test, staging or production
    #[arg(long, global = true, value_name = "NAME", env = "MIGRATOR_ENV")]
    env: Option<String>,

    /// Settings file [default: migrator.toml in this directory or the nearest parent]
    #[arg(long, global = true, value_name = "PATH", env = "MIGRATOR_CONFIG")]
    config: Option<std::path::PathBuf>,

    /// Tracking table, optionally schema-qualified [default: migrations]
    #[arg(
        long,
        global = true,
        value_name = "[SCHEMA.]TABLE",
        env = "MIGRATOR_TABLE"
    )]
    table: Option<String>,

    /// How long to wait for another runner's migration lock before giving up, such as
    /// 60s or 5min (a bare number is seconds) [default: 60s]
    #[arg(long, global = true, value_name = "DURATION", env = "MIGRATOR_LOCK_WAIT", value_parser = settings::parse_duration)]
    lock_wait: Option<std::time::Duration>,

    /// PostgreSQL lock_timeout for migration statements, such as 5s or 500ms; a
    /// statement waiting longer for a lock gives up instead of blocking other queries
    /// [default: 5s]
    #[arg(long, global = true, value_name = "DURATION", env = "MIGRATOR_LOCK_TIMEOUT", value_parser = settings::parse_duration)]
    lock_timeout: Option<std::time::Duration>,

    /// How many times to retry a part of the batch that hit lock_timeout [default: 3]
    #[arg(long, global = true, value_name = "N", env = "MIGRATOR_LOCK_RETRIES")]
    lock_retries: Option<u32>,

    /// PostgreSQL statement_timeout for migration statements, such as 10min [default: none]
    #[arg(long, global = true, value_name = "DURATION", env = "MIGRATOR_STATEMENT_TIMEOUT", value_parser = settings::parse_duration)]
    statement_timeout: Option<std::time::Duration>,

    /// In an environment with a fleet (`targets`, `targets_query`), work on this one
    /// target only (its database, or `schema`, or `database/schema`), with any command
    #[arg(long, global = true, value_name = "NAME", env = "MIGRATOR_TARGET")]
    target: Option<String>,

    /// Print nothing but errors (and the output of status, show and dry runs)
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,

    /// Also print, on stderr, every setting in force and where it came from
    #[arg(long, short, global = true)]
    verbose: bool,

    /// Which settings came from the command line or the environment, filled in after
    /// parsing.
    #[arg(skip)]
    given: std::collections::HashMap<&'static str, settings::Given>,

    /// `up`'s backup flags, copied here after parsing (`None` for other commands), so
    /// they resolve with the rest of the settings.
    #[arg(skip)]
    backup: Option<settings::BackupFlags>,

    /// Whether the command works on every target of a fleet (`up`, `status`), set
    /// after parsing; other commands in a fleet's environment need --target (or
    /// --database-url).
    #[arg(skip)]
    fleet_command: bool,
}

impl Global {
    /// Whether the setting `id` (a field name) was given as a flag or a variable.
    fn given(&self, id: &str) -> settings::Given {
        self.given
            .get(id)
            .copied()
            .unwrap_or(settings::Given::Nowhere)
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply every pending migration as one batch: all of it, or none
    Up(commands::up::Args),
    /// Revert the last batch
    Down(commands::down::Args),
    /// Show every migration, its batch and state
    Status(commands::status::Args),
    /// Write the next numbered migration file
    Create(commands::create::Args),
    /// Create the tracking table
    Init(commands::init::Args),
    /// Revert every batch, newest first, and drop the tracking table
    Reset(commands::reset::Args),
    /// Print a migration's generated SQL, step by step
    Show(commands::show::Args),
    /// Print the schema the migrations produce, without a database (DDL, or --json)
    Schema(commands::schema::Args),
    /// Revert the last batch, then apply every pending migration again
    Redo(commands::redo::Args),
    /// Record a pending migration as applied without running it
    Mark(commands::mark::MarkArgs),
    /// Record every pending migration (up to --to) as applied without running them
    Baseline(commands::mark::BaselineArgs),
    /// Forget a recorded migration without running its down
    Unmark(commands::mark::UnmarkArgs),
    /// Accept the edited source of applied migrations, after showing the SQL diff
    Repair(commands::repair::Args),
    /// Run the environment's seed files (db/seeds/<env>/NNN_name.sql) in order
    Seed(commands::seed::Args),
    /// Check on a scratch database that every migration's down undoes its up
    Verify(commands::verify::Args),
    /// Compare the live database's schema with the one its applied migrations make
    Drift(commands::drift::Args),
    /// Serve the HTTP API (with bearer tokens and rate limits) and the studio page
    #[cfg(feature = "serve")]
    Serve(serve::Args),
    /// Print a completion script for a shell, e.g. `completions bash > /etc/bash_completion.d/NAME`
    Completions(commands::completions::Args),
}

/// Runs the command line over `migrations`; `migrations_dir` is where `create` writes.
pub fn main(migrations: &'static [pgbatch::Migration], migrations_dir: &str) -> ExitCode {
    // Variables from .env never override the environment. A missing file is fine;
    // a malformed one is reported, since the settings in it would silently be lost.
    if let Err(error) = settings::load_dotenv()
        && !error.not_found()
    {
        eprintln!("error: cannot read .env: {error}");
        return ExitCode::FAILURE;
    }
    let cli = match parse() {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let context = commands::Context::new(
        migrations,
        migrations_dir,
        output::Paint::for_stdout(),
        &cli.global,
    );
    let result = runtime.block_on(async {
        if let Some(name) = &cli.global.target {
            context.pick_target(name).await?;
        }
        commands::run(cli.command, &context).await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "{} {}",
                output::Paint::for_stderr().red("error:"),
                render(&error)
            );
            ExitCode::FAILURE
        }
    }
}

/// The command as this binary presents itself: named after the executable (`cli`,
/// `migrate`, `pgbatch`), in the usage line and in `--version` alike, with the version
/// of pgbatch it runs.
pub(crate) fn command() -> clap::Command {
    use clap::CommandFactory;
    let name = std::env::args_os()
        .next()
        .as_deref()
        .map(std::path::Path::new)
        .and_then(std::path::Path::file_stem)
        .and_then(|stem| stem.to_str())
        .map_or_else(|| "pgbatch".to_owned(), str::to_owned);
    Cli::command()
        .name(name.clone())
        .bin_name(name)
        .version(concat!("(pgbatch ", env!("CARGO_PKG_VERSION"), ")"))
}

/// Parses the command line, noting which settings came from a flag or a variable.
fn parse() -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    use clap::parser::ValueSource;
    let matches = command().try_get_matches()?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    for id in [
        "database_url",
        "env",
        "table",
        "lock_wait",
        "lock_timeout",
        "lock_retries",
        "statement_timeout",
    ] {
        // Global arguments are visible from the subcommand's matches too.
        let source = matches
            .subcommand()
            .and_then(|(_, sub)| sub.value_source(id))
            .or_else(|| matches.value_source(id));
        let given = match source {
            Some(ValueSource::CommandLine) => settings::Given::Flag,
            Some(ValueSource::EnvVariable) => settings::Given::Variable,
            _ => continue,
        };
        cli.global.given.insert(id, given);
    }
    if let Command::Up(args) = &cli.command {
        let given = match matches
            .subcommand()
            .and_then(|(_, sub)| sub.value_source("pg_dump"))
        {
            Some(ValueSource::CommandLine) => settings::Given::Flag,
            Some(ValueSource::EnvVariable) => settings::Given::Variable,
            _ => settings::Given::Nowhere,
        };
        cli.global.backup = Some(args.backup_flags(given));
    }
    cli.global.fleet_command = matches!(cli.command, Command::Up(_) | Command::Status(_));
    // `serve` applies batches too: with the backup settings of the file (and the
    // default of a protected environment).
    #[cfg(feature = "serve")]
    if let Command::Serve(_) = &cli.command {
        cli.global.backup = Some(settings::BackupFlags::default());
    }
    Ok(cli)
}

/// An engine error's message is complete on its own; other errors show their chain.
fn render(error: &anyhow::Error) -> String {
    match error.downcast_ref::<pgbatch::Error>() {
        Some(pgbatch::Error::History { problems }) => {
            // The engine cannot know this binary's flags; name the ones that apply.
            let mut flags: Vec<&str> = problems
                .iter()
                .map(|problem| match problem {
                    pgbatch::HistoryProblem::Changed { .. } => "--allow-changed",
                    pgbatch::HistoryProblem::Missing { .. } => "--allow-missing",
                    _ => "--allow-out-of-order",
                })
                .collect();
            flags.sort_unstable();
            flags.dedup();
            format!("{}\n(to run `up` anyway, pass {})", error, flags.join(" "))
        }
        Some(error @ pgbatch::Error::ForeignTable { .. }) => format!("{error} (--table)"),
        Some(error) => error.to_string(),
        None => format!("{error:#}"),
    }
}
