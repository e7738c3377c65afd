//! The command-line front end: parses arguments, runs the engine, renders its result.
//!
//! A library so that other binaries (the integration tests' fixture runner) can run
//! the same commands over another list of migrations; `main.rs` passes `db`'s.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod commands;
mod connect;
mod output;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Apply, revert and inspect the PostgreSQL migrations compiled into this binary.
///
/// The database comes from --database-url, else DATABASE_URL, else DB_HOST, DB_PORT,
/// DB_NAME, DB_USER and DB_PASSWORD (defaults: localhost, 5432, the user's name,
/// postgres). A .env file in the current directory or above is read first; variables
/// already set win over it.
#[derive(Debug, Parser)]
#[command(name = "migrate", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,

    #[command(flatten)]
    global: Global,
}

/// Options shared by every command.
#[derive(Debug, clap::Args)]
struct Global {
    /// Database URL, such as postgres://user:password@localhost:5432/app
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,

    /// Tracking table, optionally schema-qualified
    #[arg(
        long,
        global = true,
        value_name = "[SCHEMA.]TABLE",
        default_value = "migrations"
    )]
    table: String,

    /// Seconds to wait for another runner's migration lock before giving up
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 60)]
    lock_wait: u64,

    /// PostgreSQL lock_timeout for migration statements, such as 5s or 500ms; a
    /// statement waiting longer for a lock gives up instead of blocking other queries
    #[arg(long, global = true, value_name = "DURATION", default_value = "5s", value_parser = humantime::parse_duration)]
    lock_timeout: std::time::Duration,

    /// How many times to retry a part of the batch that hit lock_timeout
    #[arg(long, global = true, value_name = "N", default_value_t = 3)]
    lock_retries: u32,

    /// PostgreSQL statement_timeout for migration statements, such as 10min [default: none]
    #[arg(long, global = true, value_name = "DURATION", value_parser = humantime::parse_duration)]
    statement_timeout: Option<std::time::Duration>,
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
    /// Revert the last batch, then apply every pending migration again
    Redo(commands::redo::Args),
    /// Record a pending migration as applied without running it
    Mark(commands::mark::MarkArgs),
    /// Record every pending migration (up to --to) as applied without running them
    Baseline(commands::mark::BaselineArgs),
    /// Forget a recorded migration without running its down
    Unmark(commands::mark::UnmarkArgs),
}

/// Runs the command line over `migrations`; `migrations_dir` is where `create` writes.
pub fn main(migrations: &'static [migrator::Migration], migrations_dir: &str) -> ExitCode {
    // Variables from .env never override the environment. A missing file is fine;
    // a malformed one is reported, since the settings in it would silently be lost.
    if let Err(error) = dotenvy::dotenv()
        && !error.not_found()
    {
        eprintln!("error: cannot read .env: {error}");
        return ExitCode::FAILURE;
    }
    let cli = match Cli::try_parse() {
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
    let context = commands::Context {
        migrations,
        migrations_dir,
        paint: output::Paint::for_stdout(),
    };
    match runtime.block_on(commands::run(cli.command, &cli.global, &context)) {
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

/// An engine error's message is complete on its own; other errors show their chain.
fn render(error: &anyhow::Error) -> String {
    match error.downcast_ref::<migrator::Error>() {
        Some(migrator::Error::History { problems }) => {
            // The engine cannot know this binary's flags; name the ones that apply.
            let mut flags: Vec<&str> = problems
                .iter()
                .map(|problem| match problem {
                    migrator::HistoryProblem::Changed { .. } => "--allow-changed",
                    migrator::HistoryProblem::Missing { .. } => "--allow-missing",
                    _ => "--allow-out-of-order",
                })
                .collect();
            flags.sort_unstable();
            flags.dedup();
            format!("{}\n(to run `up` anyway, pass {})", error, flags.join(" "))
        }
        Some(error) => error.to_string(),
        None => format!("{error:#}"),
    }
}
