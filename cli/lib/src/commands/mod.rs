//! One module per command: each turns its arguments into engine calls and renders the
//! result on stdout.

pub(crate) mod completions;
pub(crate) mod create;
pub(crate) mod down;
pub(crate) mod drift;
pub(crate) mod dry_run;
pub(crate) mod fleet;
pub(crate) mod init;
pub(crate) mod mark;
pub(crate) mod redo;
pub(crate) mod repair;
pub(crate) mod reset;
mod scaffold;
pub(crate) mod schema;
pub(crate) mod seed;
pub(crate) mod show;
pub(crate) mod status;
pub(crate) mod up;
pub(crate) mod verify;

use crate::output::Paint;
use crate::settings::Settings;
use crate::{Command, Global};

/// Prints a line of a command's report on stdout, unless `--quiet`.
macro_rules! say {
    ($context:expr, $($arg:tt)*) => {
        if !$context.global.quiet {
            println!($($arg)*);
        }
    };
}
pub(crate) use say;

/// What every command may need besides its arguments.
#[derive(Debug)]
pub(crate) struct Context<'a> {
    pub(crate) migrations: &'static [pgbatch::Migration],
    pub(crate) migrations_dir: &'a str,
    pub(crate) paint: Paint,
    pub(crate) global: &'a Global,
    settings: std::cell::OnceCell<Settings>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        migrations: &'static [pgbatch::Migration],
        migrations_dir: &'a str,
        paint: Paint,
        global: &'a Global,
    ) -> Self {
        Context {
            migrations,
            migrations_dir,
            paint,
            global,
            settings: std::cell::OnceCell::new(),
        }
    }

    /// The settings, resolved on first use (commands that need no database never
    /// read them).
    pub(crate) fn settings(&self) -> anyhow::Result<&Settings> {
        if let Some(settings) = self.settings.get() {
            return Ok(settings);
        }
        let settings = self.resolve()?;
        Ok(self.settings.get_or_init(|| settings))
    }

    /// Resolves the settings; with `--verbose`, prints each with its origin on stderr.
    fn resolve(&self) -> anyhow::Result<Settings> {
        let settings = crate::settings::resolve(self.global, &|name| std::env::var(name).ok())?;
        if self.global.verbose {
            for (name, value, from) in &settings.origins {
                match from.as_str() {
                    "" => eprintln!("{name}: {value}"),
                    from => eprintln!("{name}: {value} (from {from})"),
                }
            }
        }
        Ok(settings)
    }

    /// Narrows the settings to the fleet's target `name` (`--target`): its connection
    /// and tracking table, and no fleet; every command then works on it alone.
    /// Runs before any command reads the settings.
    pub(crate) async fn pick_target(&self, name: &str) -> anyhow::Result<()> {
        let settings = self.resolve()?;
        let Some(spec) = &settings.fleet else {
            anyhow::bail!("--target {name}: the environment has no `targets` or `targets_query`");
        };
        let targets = spec.targets(&settings).await?;
        let Some(target) = targets.iter().find(|target| target.label == name) else {
            let labels: Vec<&str> = targets.iter().map(|target| target.label.as_str()).collect();
            let shown = labels
                .iter()
                .take(10)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            let more = labels.len().saturating_sub(10);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            anyhow::bail!("--target {name}: the fleet has no such target; it has {shown}{more}");
        };
        if self.global.verbose {
            eprintln!(
                "target: {} ({}, tracking table {})",
                target.label, target.connect, target.options.table
            );
        }
        let narrowed = Settings {
            connect: target.connect.clone(),
            options: target.options.clone(),
            fleet: None,
            ..settings
        };
        self.settings
            .set(narrowed)
            .map_err(|_| anyhow::anyhow!("--target: the settings were read before it"))
    }

    /// Refuses `action` (such as "revert every migration") in a protected environment
    /// unless `force`.
    pub(crate) fn guard(&self, force: bool, action: &str) -> anyhow::Result<()> {
        let settings = self.settings()?;
        if settings.protected && !force {
            anyhow::bail!(
                "refusing to {action} of {} in the protected environment `{}`; pass --force \
                 if that is really what you want",
                settings.connect,
                self.global.env.as_deref().unwrap_or_default()
            );
        }
        Ok(())
    }
}

pub(crate) async fn run(command: Command, context: &Context<'_>) -> anyhow::Result<()> {
    match command {
        Command::Up(args) => up::run(args, context).await,
        Command::Down(args) => down::run(args, context).await,
        Command::Status(args) => status::run(args, context).await,
        Command::Create(args) => create::run(args, context),
        Command::Init(args) => init::run(args, context).await,
        Command::Completions(args) => completions::run(&args),
        Command::Reset(args) => reset::run(args, context).await,
        Command::Show(args) => show::run(args, context),
        Command::Schema(args) => schema::run(args, context),
        Command::Redo(args) => redo::run(args, context).await,
        Command::Mark(args) => mark::mark(args, context).await,
        Command::Baseline(args) => mark::baseline(args, context).await,
        Command::Unmark(args) => mark::unmark(args, context).await,
        Command::Repair(args) => repair::run(args, context).await,
        Command::Seed(args) => seed::run(args, context).await,
        Command::Verify(args) => verify::run(args, context).await,
        Command::Drift(args) => drift::run(args, context).await,
        #[cfg(feature = "serve")]
        Command::Serve(args) => crate::serve::run(args, context).await,
    }
}

/// Where `verify` and `drift` create their scratch database.
#[derive(Debug, clap::Args)]
pub(crate) struct ScratchArgs {
    /// Create the scratch database on this server instead of the target's; the
    /// database the URL names is only connected to, never changed
    #[arg(long, value_name = "URL", env = "MIGRATOR_SCRATCH_URL")]
    scratch_url: Option<String>,
}

impl ScratchArgs {
    /// The server to create the scratch database on: `--scratch-url`, else the
    /// target's (the scratch database is a new one beside the target, never it).
    pub(crate) fn server(&self, settings: &Settings) -> anyhow::Result<pgbatch::ConnectOptions> {
        match &self.scratch_url {
            Some(url) => Ok(pgbatch::ConnectOptions::from_url(url)
                .map_err(|error| anyhow::anyhow!("--scratch-url: {error}"))?),
            None => Ok(settings.connect.clone()),
        }
    }
}

/// Unless `yes` (`--yes`), asks for `yes` at a terminal before `command` does
/// `action` ("revert every migration of …"); off a terminal, refuses instead.
pub(crate) fn confirm_unless(yes: bool, command: &str, action: &str) -> anyhow::Result<()> {
    use std::io::{BufRead, IsTerminal, Write};
    if yes {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        anyhow::bail!("{command} would {action}; pass --yes to confirm when not at a terminal");
    }
    let mut question = action.to_owned();
    if let Some(first) = question.get(..1) {
        question.replace_range(..1, &first.to_uppercase());
    }
    eprint!("{question}? Type `yes` to confirm: ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    if answer.trim() != "yes" {
        anyhow::bail!("{command} cancelled; nothing was changed");
    }
    Ok(())
}

/// A SQL step as a script statement: `;`-terminated, on a line of its own when the
/// step ends in a `--` comment (which would swallow it).
pub(crate) fn statement(sql: &str) -> String {
    let ends_in_comment = sql.lines().last().is_some_and(|line| line.contains("--"));
    if ends_in_comment {
        format!("{sql}\n;")
    } else {
        format!("{sql};")
    }
}

/// `, after 2 retries on lock_timeout`, or nothing.
pub(crate) fn retries(count: u32) -> String {
    match count {
        0 => String::new(),
        1 => ", after 1 retry on lock_timeout".to_owned(),
        n => format!(", after {n} retries on lock_timeout"),
    }
}

/// Prints the migrations a command ran, one line each.
pub(crate) fn print_runs(context: &Context<'_>, runs: &[pgbatch::MigrationRun], mark: &str) {
    for run in runs {
        let outside = match run.steps_outside_transaction {
            0 => String::new(),
            1 => ", 1 step outside a transaction".to_owned(),
            n => format!(", {n} steps outside a transaction"),
        };
        say!(
            context,
            "  {mark} {} ({}{outside})",
            run.label(),
            crate::output::duration(run.duration)
        );
    }
}
