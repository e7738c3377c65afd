//! A fleet: the same migrations on many targets — databases (names on the
//! environment's server, or URLs) and schemas (one per tenant, each with its own
//! tracking table and `search_path`) — listed in `migrator.toml` (`targets`) or read
//! from a control database (`targets_query`), and run a few at a time, each under its
//! own lock and batch.
//!
//! ```toml
//! [environments.tenants]
//! url = "postgres://app@db.internal/control"   # the server, and where the query runs
//! targets = ["tenant_a", "postgres://app@db2.internal/tenant_b", { schema = "tenant_c" }]
//! targets_query = "SELECT datname AS database FROM pg_database WHERE datname LIKE 'tenant\\_%'"
//! ```

use crate::output::Paint;
use crate::settings::Settings;
use anyhow::{Context as _, anyhow, bail};
use futures_util::StreamExt as _;
use pgbatch::{ConnectOptions, Options};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal as _, Write as _};

/// The fleet as the settings file describes it.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    listed: Vec<Entry>,
    query: Option<String>,
}

/// One target as written: a database on the environment's server, a URL, a schema, or
/// a schema in another database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Entry {
    url: Option<String>,
    database: Option<String>,
    schema: Option<String>,
}

/// A target, resolved: how to connect, and where its tracking table is.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// How the target is named in every line about it: the database, `schema`, or
    /// `database/schema`.
    pub(crate) label: String,
    pub(crate) connect: ConnectOptions,
    pub(crate) options: Options,
    /// The tenant's schema, for schema targets.
    pub(crate) schema: Option<String>,
}

/// The columns a `targets_query` may return.
const COLUMNS: [&str; 3] = ["url", "database", "schema"];

impl Spec {
    /// The fleet of a section (`targets`, `targets_query`; `from`: where they were
    /// written, for errors), or `None` when it has neither.
    pub(crate) fn read(
        targets: Option<&toml::Value>,
        query: Option<&str>,
        from: &str,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Option<Spec>> {
        if targets.is_none() && query.is_none() {
            return Ok(None);
        }
        let listed = match targets {
            None => Vec::new(),
            Some(toml::Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    entry(item, lookup).with_context(|| format!("in {from}, `targets[{index}]`"))
                })
                .collect::<anyhow::Result<_>>()?,
            Some(_) => bail!(
                "in {from}, `targets` must be a list of database names, URLs or \
                 {{ database, schema, url }} tables"
            ),
        };
        let query = query.map(str::trim).map(str::to_owned);
        if query.as_deref() == Some("") {
            bail!("in {from}, `targets_query` is empty");
        }
        Ok(Some(Spec { listed, query }))
    }

    /// `3 targets listed and the rows of targets_query`.
    pub(crate) fn describe(&self) -> String {
        let listed = crate::output::count(self.listed.len(), "target");
        match (&self.query, self.listed.is_empty()) {
            (Some(_), true) => "the rows of targets_query".to_owned(),
            (Some(_), false) => format!("{listed} listed and the rows of targets_query"),
            (None, _) => format!("{listed} listed"),
        }
    }

    /// Every target: those listed, then the query's rows (run on the settings'
    /// database), each resolved against the settings. Refuses a target named twice.
    pub(crate) async fn targets(&self, settings: &Settings) -> anyhow::Result<Vec<Target>> {
        let mut entries = self.listed.clone();
        if let Some(query) = &self.query {
            entries.extend(run_query(query, settings).await?);
        }
        let mut seen = BTreeSet::new();
        let mut targets = Vec::with_capacity(entries.len());
        for entry in entries {
            let target = resolve(&entry, settings)?;
            if !seen.insert(target.label.clone()) {
                bail!("the fleet names the target `{}` twice", target.label);
            }
            targets.push(target);
        }
        Ok(targets)
    }
}

/// One item of `targets`: a string (a URL when it has `://` or `=`, else a database
/// name) or a table of `url`, `database` and `schema`.
fn entry(item: &toml::Value, lookup: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Entry> {
    let text = |value: &toml::Value, key: &str| match value {
        toml::Value::String(text) if !text.trim().is_empty() => {
            crate::settings::expand(text, lookup).with_context(|| format!("`{key}`"))
        }
        _ => Err(anyhow!("`{key}` must be a non-empty string")),
    };
    let entry = match item {
        toml::Value::String(name) if name.contains("://") || name.contains('=') => Entry {
            url: Some(text(item, "url")?),
            ..Entry::default()
        },
        toml::Value::String(_) => Entry {
            database: Some(text(item, "database")?),
            ..Entry::default()
        },
        toml::Value::Table(table) => {
            let mut entry = Entry::default();
            for (key, value) in table {
                let slot = match key.as_str() {
                    "url" => &mut entry.url,
                    "database" => &mut entry.database,
                    "schema" => &mut entry.schema,
                    other => bail!("unknown key `{other}`; expected url, database or schema"),
                };
                *slot = Some(text(value, key)?);
            }
            entry
        }
        _ => bail!("expected a database name, a URL or a {{ database, schema, url }} table"),
    };
    check(&entry)?;
    Ok(entry)
}

/// A target names at most one of `url` and `database`, and something.
fn check(entry: &Entry) -> anyhow::Result<()> {
    match entry {
        Entry {
            url: Some(_),
            database: Some(_),
            ..
        } => bail!("a target has a `url` or a `database`, not both"),
        Entry {
            url: None,
            database: None,
            schema: None,
        } => bail!("a target needs a `url`, a `database` or a `schema`"),
        _ => Ok(()),
    }
}

/// The rows of `targets_query`, run on the settings' database.
async fn run_query(query: &str, settings: &Settings) -> anyhow::Result<Vec<Entry>> {
    let control = settings.connect.to_string();
    let migrator = pgbatch::Migrator::connect(&settings.connect, settings.options.clone())
        .await
        .with_context(|| "running targets_query")?;
    let client = migrator.into_client().await?;
    let rows = client.query(query, &[]).await.map_err(|error| {
        let reason = error
            .as_db_error()
            .map_or_else(|| error.to_string(), |db| db.message().to_owned());
        anyhow!("targets_query failed on {control}: {reason}")
    })?;
    let Some(first) = rows.first() else {
        return Ok(Vec::new());
    };
    let names: Vec<&str> = first.columns().iter().map(|column| column.name()).collect();
    if !names.iter().any(|name| COLUMNS.contains(name)) {
        bail!(
            "targets_query returns no column named url, database or schema (it returns {})",
            names.join(", ")
        );
    }
    rows.iter()
        .enumerate()
        .map(|(index, row)| {
            let mut entry = Entry::default();
            for (slot, name) in [
                (&mut entry.url, "url"),
                (&mut entry.database, "database"),
                (&mut entry.schema, "schema"),
            ] {
                if names.contains(&name) {
                    *slot = row
                        .try_get::<_, Option<String>>(name)
                        .map_err(|_| anyhow!("targets_query: the column `{name}` must be text"))?;
                }
            }
            check(&entry).with_context(|| format!("targets_query, row {}", index + 1))?;
            Ok(entry)
        })
        .collect()
}

/// A target's connection and tracking table: a database target connects to that
/// database of the settings' server (a URL target to its URL, read as `--database-url`
/// is); a schema target sets `search_path` to its schema alone and keeps its tracking
/// table there.
fn resolve(entry: &Entry, settings: &Settings) -> anyhow::Result<Target> {
    let mut connect = match (&entry.url, &entry.database) {
        (Some(url), _) => ConnectOptions::resolve(Some(url), |name| std::env::var(name).ok())
            .context("a target's url")?,
        (None, Some(database)) => settings.connect.with_dbname(database),
        (None, None) => settings.connect.clone(),
    };
    let mut options = settings.options.clone();
    let database = connect.dbname().unwrap_or_default().to_owned();
    let label = match &entry.schema {
        None if entry.url.is_some() => connect.to_string(),
        None => database,
        Some(schema) => {
            if let Some(table_schema) = &options.table.schema {
                bail!(
                    "the tracking table is `{}`, in the schema {table_schema}; with schema \
                     targets it is kept in each target's schema, so name it without one",
                    options.table
                );
            }
            options.table.schema = Some(schema.clone());
            connect = connect.with_search_path(schema);
            match (&entry.url, &entry.database) {
                (None, None) => schema.clone(),
                _ => format!("{database}/{schema}"),
            }
        }
    };
    Ok(Target {
        label,
        connect,
        options,
        schema: entry.schema.clone(),
    })
}

/// What became of one target.
#[derive(Debug)]
pub(crate) enum Outcome<T> {
    Done(T),
    Failed(anyhow::Error),
    /// Not started: an earlier target failed under `--fail-fast`.
    Skipped,
}

/// Runs `work` on every target, at most `jobs` at a time, and returns each target's
/// outcome in the targets' order. With `fail_fast`, a failure starts no further
/// target; the ones running finish. `kind` names a result for the live line's counts
/// (`applied`, `up to date`, `behind`) and says it in a `--verbose` line.
pub(crate) async fn run<T>(
    targets: &[Target],
    jobs: usize,
    fail_fast: bool,
    board: &Board,
    work: impl AsyncFn(&Target) -> anyhow::Result<T>,
    kind: impl Fn(&T) -> (&'static str, String),
) -> Vec<Outcome<T>> {
    let stop = std::cell::Cell::new(false);
    let mut outcomes: Vec<(usize, Outcome<T>)> =
        futures_util::stream::iter(targets.iter().enumerate())
            .map(|(index, target)| {
                let (work, kind, stop) = (&work, &kind, &stop);
                async move {
                    if stop.get() {
                        board.finish(&target.label, "skipped", None);
                        return (index, Outcome::Skipped);
                    }
                    board.start(&target.label);
                    let outcome = match work(target).await {
                        Ok(done) => {
                            let (name, said) = kind(&done);
                            board.finish(&target.label, name, Some(&said));
                            Outcome::Done(done)
                        }
                        Err(error) => {
                            stop.set(fail_fast);
                            board.finish(&target.label, "failed", Some(&crate::render(&error)));
                            Outcome::Failed(error)
                        }
                    };
                    (index, outcome)
                }
            })
            .buffer_unordered(jobs.max(1))
            .collect()
            .await;
    outcomes.sort_by_key(|(index, _)| *index);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

/// The fleet's progress on stderr: at a terminal, a live line (targets done of all,
/// counts by result, the ones running), erased at the end; with `--verbose`, a line
/// per target as it ends. Nothing under `--quiet`.
#[derive(Debug)]
pub(crate) struct Board {
    total: usize,
    live: bool,
    verbose: bool,
    paint: Paint,
    state: RefCell<BoardState>,
}

#[derive(Debug, Default)]
struct BoardState {
    done: usize,
    counts: BTreeMap<&'static str, usize>,
    running: Vec<String>,
}

impl Board {
    pub(crate) fn new(total: usize, verbose: bool, quiet: bool) -> Board {
        Board {
            total,
            live: !quiet && std::io::stderr().is_terminal(),
            verbose: verbose && !quiet,
            paint: Paint::for_stderr(),
            state: RefCell::new(BoardState::default()),
        }
    }

    fn start(&self, label: &str) {
        self.state.borrow_mut().running.push(label.to_owned());
        self.draw();
    }

    fn finish(&self, label: &str, kind: &'static str, said: Option<&str>) {
        {
            let mut state = self.state.borrow_mut();
            state.running.retain(|running| running != label);
            state.done += 1;
            *state.counts.entry(kind).or_default() += 1;
        }
        if self.verbose
            && let Some(said) = said
        {
            self.erase();
            let said = said.lines().next().unwrap_or_default();
            let mark = match kind {
                "failed" => self.paint.red("✗"),
                _ => self.paint.green("✓"),
            };
            eprintln!("{mark} {label}: {said}");
        }
        self.draw();
    }

    fn draw(&self) {
        if !self.live {
            return;
        }
        let state = self.state.borrow();
        let counts: Vec<String> = state
            .counts
            .iter()
            .map(|(kind, count)| format!("{count} {kind}"))
            .collect();
        let mut line = format!("fleet: {} of {} done", state.done, self.total);
        if !counts.is_empty() {
            line.push_str(&format!(" ({})", counts.join(", ")));
        }
        if !state.running.is_empty() {
            line.push_str(&format!("; running {}", state.running.join(", ")));
        }
        let width = terminal_size::terminal_size().map_or(80, |(width, _)| usize::from(width.0));
        let line: String = line.chars().take(width.saturating_sub(1)).collect();
        eprint!("\r\x1b[2K{line}");
        let _ = std::io::stderr().flush();
    }

    fn erase(&self) {
        if self.live {
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
        }
    }
}

impl Drop for Board {
    fn drop(&mut self) {
        self.erase();
    }
}
