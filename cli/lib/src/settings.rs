//! Where each setting comes from: a flag, else an environment variable, else the
//! selected environment of `migrator.toml`, else that file's `[defaults]`, else the
//! built-in default.
//!
//! The database is a URL (`--database-url`, `DATABASE_URL`, the file's `url`) read as
//! libpq reads it; the parts it leaves out come from libpq's `PG*` variables (with no
//! URL at all, from `DB_*` first), then the defaults, and a missing password from the
//! password file ([`ConnectOptions::resolve`]). Two exceptions to "a variable beats the
//! file": the file's `sslmode` and `sslrootcert` beat `PGSSLMODE` and `PGSSLROOTCERT`
//! (they belong to its url), and a `DATABASE_URL` that only `.env` set yields to the
//! url of an environment chosen with `--env` or a real `MIGRATOR_ENV`.
//!
//! A `${NAME}` in the file's `url` is the environment variable `NAME`; inside the URL's
//! user information (as below) its value is percent-encoded, so a password may hold
//! `@`, `/`, `:`, `?` or `#`.
//!
//! ```toml
//! [defaults]
//! lock_timeout = "5s"
//!
//! [environments.dev]
//! url = "postgres://postgres@localhost:5432/app_dev"
//!
//! [environments.production]
//! url = "postgres://app:${APP_DB_PASSWORD}@db.internal:5432/app"
//! sslmode = "verify-full"
//! sslrootcert = "certs/root.pem"
//! lock_timeout = "2s"
//! backup = "/var/backups/app"   # protected: `backups` beside this file unless set
//! pg_dump = "/usr/lib/postgresql/16/bin/pg_dump"
//!
//! [environments.tenants]         # a fleet: see `crate::fleet`
//! url = "postgres://app@db.internal/control"
//! targets = ["tenant_a", { schema = "tenant_b" }]
//! ```

use crate::Global;
use anyhow::{Context as _, anyhow, bail};
use pgbatch::{ConnectOptions, Options, Source, SslMode, TableName};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// The file looked for in the current directory and its ancestors.
pub(crate) const FILE_NAME: &str = "migrator.toml";

/// Environments that are protected unless their section says `protected = false`.
const PRODUCTION_NAMES: [&str; 2] = ["production", "prod"];

/// The settings of one run, resolved.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) connect: ConnectOptions,
    pub(crate) options: Options,
    /// Whether commands that revert everything need `--force`.
    pub(crate) protected: bool,
    /// Patterns of object names `drift` leaves out (`audit.*`, `public.tmp_*`).
    pub(crate) ignore: Vec<String>,
    /// Where `up` backs the database up first; `None` unless the command is `up`.
    pub(crate) backup: Option<Backup>,
    /// The file of `serve`'s API tokens, resolved against migrator.toml's folder.
    #[cfg_attr(not(feature = "serve"), allow(dead_code))]
    pub(crate) api_tokens_file: Option<PathBuf>,
    /// The environment's fleet (`targets`, `targets_query`), for `up` and `status`;
    /// the database above is then the control database the query runs on, and the
    /// server whose databases the listed names are.
    pub(crate) fleet: Option<crate::fleet::Spec>,
    /// Each setting with its value and origin, for `--verbose`.
    pub(crate) origins: Vec<(&'static str, String, String)>,
}

/// `up`'s backup settings, resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Backup {
    /// The folder to back up into before a batch; `None`: no backup.
    pub(crate) dir: Option<PathBuf>,
    /// The `pg_dump` to run; `None`: found on the system.
    pub(crate) pg_dump: Option<PathBuf>,
}

/// `up`'s backup flags, as given: copied from its arguments after parsing, so they
/// resolve here with the file's keys and appear in `--verbose` with their origin.
#[derive(Debug, Clone, Default)]
pub(crate) struct BackupFlags {
    /// `--backup DIR`.
    pub(crate) dir: Option<PathBuf>,
    /// `--no-backup`.
    pub(crate) off: bool,
    /// `--pg-dump PATH` or `MIGRATOR_PG_DUMP`, and which of them.
    pub(crate) pg_dump: Option<PathBuf>,
    pub(crate) pg_dump_given: Given,
}

/// The file's `backup`: a folder, or `false` (`true`: the default folder, `backups`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum BackupKey {
    Switch(bool),
    Dir(PathBuf),
}

/// The folder a protected environment backs up into unless its `backup` says
/// otherwise, relative to `migrator.toml`.
const DEFAULT_BACKUP_DIR: &str = "backups";

/// `migrator.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    defaults: Section,
    #[serde(default)]
    environments: BTreeMap<String, Section>,
    /// `[lint]`, read by `pgbatch-build` when it checks the migrations; the CLI ignores
    /// it, but accepts it only as a table.
    #[serde(default, rename = "lint")]
    _lint: Option<toml::Table>,
}

/// One environment's settings (or the defaults of all).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    url: Option<String>,
    sslmode: Option<String>,
    sslrootcert: Option<PathBuf>,
    table: Option<String>,
    lock_wait: Option<String>,
    lock_timeout: Option<String>,
    lock_retries: Option<u32>,
    statement_timeout: Option<String>,
    protected: Option<bool>,
    /// Where `create` writes new migrations, relative to the file.
    migrations_dir: Option<PathBuf>,
    /// Patterns of object names `drift` leaves out.
    ignore: Option<Vec<String>>,
    /// Where `up` backs up first, relative to the file, or `false`.
    backup: Option<BackupKey>,
    /// The `pg_dump` `up` runs for its backup.
    pg_dump: Option<PathBuf>,
    /// `serve`'s API tokens: a TOML file of `admin = [...]` and `read = [...]`,
    /// relative to the file (never the tokens themselves).
    api_tokens_file: Option<PathBuf>,
    /// The fleet: database names, URLs or `{ database, schema, url }` tables.
    targets: Option<toml::Value>,
    /// A query on the database `url` names, returning a row per target (columns
    /// `url`, `database`, `schema`).
    targets_query: Option<String>,
}

impl Section {
    /// `self`, with `over`'s settings taking precedence.
    fn overlaid(self, over: Section) -> Section {
        Section {
            url: over.url.or(self.url),
            sslmode: over.sslmode.or(self.sslmode),
            sslrootcert: over.sslrootcert.or(self.sslrootcert),
            table: over.table.or(self.table),
            lock_wait: over.lock_wait.or(self.lock_wait),
            lock_timeout: over.lock_timeout.or(self.lock_timeout),
            lock_retries: over.lock_retries.or(self.lock_retries),
            statement_timeout: over.statement_timeout.or(self.statement_timeout),
            protected: over.protected.or(self.protected),
            migrations_dir: over.migrations_dir.or(self.migrations_dir),
            ignore: over.ignore.or(self.ignore),
            backup: over.backup.or(self.backup),
            pg_dump: over.pg_dump.or(self.pg_dump),
            api_tokens_file: over.api_tokens_file.or(self.api_tokens_file),
            targets: over.targets.or(self.targets),
            targets_query: over.targets_query.or(self.targets_query),
        }
    }
}

/// Where a value came from: `--flag` or `VARIABLE` (from clap), the file, or neither.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Given {
    Flag,
    Variable,
    #[default]
    Nowhere,
}

/// The variables that `.env` set, because the environment did not have them.
static FROM_DOTENV: OnceLock<BTreeSet<String>> = OnceLock::new();

/// Reads `.env` from the current directory or the nearest parent that has one,
/// without overriding variables already set, and remembers which variables it set:
/// a `DATABASE_URL` from `.env` yields to an explicit `--env`, and `--verbose` says
/// which settings came from the file.
pub(crate) fn load_dotenv() -> Result<(), dotenvy::Error> {
    let before: BTreeSet<_> = std::env::vars_os().map(|(name, _)| name).collect();
    let loaded = dotenvy::dotenv().map(drop);
    let set = std::env::vars_os()
        .filter(|(name, _)| !before.contains(name))
        .filter_map(|(name, _)| name.into_string().ok())
        .collect();
    let _ = FROM_DOTENV.set(set);
    loaded
}

/// Whether the variable `name` came from `.env` rather than the environment.
fn from_dotenv(name: &str) -> bool {
    FROM_DOTENV.get().is_some_and(|names| names.contains(name))
}

/// `NAME`, or `NAME in .env` when `.env` set it.
fn variable(name: &str) -> String {
    if from_dotenv(name) {
        format!("{name} in .env")
    } else {
        name.to_owned()
    }
}

/// Resolves every setting, reading the environment through `lookup`.
pub(crate) fn resolve(
    global: &Global,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<Settings> {
    let file = find_file(global)?;
    // The merged settings, and where each came from: the environment's section or
    // the defaults.
    let (section, env_section, env_label, defaults_label, base) = match &file {
        None => (
            Section::default(),
            None,
            String::new(),
            String::new(),
            PathBuf::new(),
        ),
        Some((path, file)) => {
            let env_section = match &global.env {
                None => None,
                Some(env) => match file.environments.get(env) {
                    Some(section) => Some(section.clone()),
                    None if file.environments.is_empty() => None,
                    None => bail!("{}", unknown_env(env, path, file)),
                },
            };
            let section = match &env_section {
                Some(over) => file.defaults.clone().overlaid(over.clone()),
                None => file.defaults.clone(),
            };
            let env_label = format!(
                "{} [environments.{}]",
                path.display(),
                global.env.as_deref().unwrap_or_default()
            );
            let defaults_label = format!("{} [defaults]", path.display());
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (section, env_section, env_label, defaults_label, base)
        }
    };
    let label = |has: fn(&Section) -> bool| match &env_section {
        Some(env) if has(env) => env_label.clone(),
        _ => defaults_label.clone(),
    };
    let mut origins = Vec::new();
    let mut origin = |name: &'static str, value: String, from: String| {
        origins.push((name, value, from));
    };
    let flag_or_var = |given: Given, flag: &str, var: &str| match given {
        Given::Flag => flag.to_owned(),
        Given::Variable => var.to_owned(),
        Given::Nowhere => String::new(),
    };

    // The database URL: --database-url or DATABASE_URL, else the file's url. A
    // DATABASE_URL that only `.env` set yields to the url of an environment chosen
    // explicitly (--env, or a MIGRATOR_ENV not from `.env`): `.env` usually holds the
    // developer's own database, and `--env production` must not quietly mean it.
    // An empty DATABASE_URL (as a `.env` template leaves it) counts as unset.
    let url_given = global.given("database_url");
    let given_url = global
        .database_url
        .as_ref()
        .filter(|url| !(url.trim().is_empty() && url_given == Given::Variable));
    let url_in_dotenv = url_given == Given::Variable && from_dotenv("DATABASE_URL");
    let env_chosen = global.env.is_some()
        && !(global.given("env") == Given::Variable && from_dotenv("MIGRATOR_ENV"));
    let file_url_wins = given_url.is_some() && url_in_dotenv && env_chosen && section.url.is_some();
    let (url, url_from) = match (given_url, &section.url) {
        (Some(url), _) if !file_url_wins => {
            let from = flag_or_var(url_given, "--database-url", &variable("DATABASE_URL"));
            (Some(url.clone()), from)
        }
        (_, Some(url)) => {
            let file_label = label(|s| s.url.is_some());
            let url = expand(url, lookup).with_context(|| format!("in {file_label}, `url`"))?;
            (Some(url), file_label)
        }
        (_, None) => (None, String::new()),
    };
    // Then libpq's PG* variables for the parts the URL leaves out (with no URL, the
    // DB_* variables first), the defaults, and the password file.
    let resolved = ConnectOptions::resolve(url.as_deref(), lookup);
    let mut connect = match (given_url, &section.url) {
        (Some(_), _) if !file_url_wins => resolved?,
        (_, Some(_)) => resolved.with_context(|| format!("in {url_from}, `url`"))?,
        (_, None) => resolved?,
    };
    if file_url_wins {
        origin(
            "DATABASE_URL",
            format!(
                "set in .env, not used: --env {} chooses the url of {url_from}",
                global.env.as_deref().unwrap_or_default()
            ),
            String::new(),
        );
    }
    let summary_from = if url.is_some() {
        url_from.clone()
    } else {
        String::new()
    };
    origin("database", connect.to_string(), summary_from);

    // The file's sslmode and sslrootcert count as part of its url: the URL's own win
    // over them, and they win over PGSSLMODE and PGSSLROOTCERT, so a variable left
    // over in a shell cannot weaken what the file asks for.
    let mut set_by_file: Vec<(&str, String)> = Vec::new();
    if connect.source("sslmode") != Some(&Source::Url)
        && let Some(mode) = &section.sslmode
    {
        let file_label = label(|s| s.sslmode.is_some());
        let mode: SslMode = mode
            .parse()
            .with_context(|| format!("in {file_label}, `sslmode`"))?;
        connect.set_ssl_mode(mode);
        set_by_file.push(("sslmode", file_label));
    }
    if connect.source("sslrootcert") != Some(&Source::Url)
        && let Some(path) = &section.sslrootcert
    {
        // Relative to the file, so the setting means the same from any directory.
        connect.set_ssl_root_cert(base.join(path));
        set_by_file.push(("sslrootcert", label(|s| s.sslrootcert.is_some())));
    }
    for part in connect.parts() {
        if part.keyword == "sslmode" {
            // After the user and database, what became of the password.
            if connect.source("password").is_none() {
                origin("password", "none".to_owned(), String::new());
            }
            if let Some(passfile) = connect.passfile() {
                origin("passfile", passfile.to_string(), String::new());
            }
        }
        let from = match &part.source {
            Source::Url => url_from.clone(),
            Source::Variable(name) => variable(name),
            Source::PassFile { path, line } => format!("{}, line {line}", path.display()),
            Source::Default => "default".to_owned(),
            _ => set_by_file
                .iter()
                .find(|(keyword, _)| *keyword == part.keyword)
                .map_or_else(String::new, |(_, from)| from.clone()),
        };
        // Never the password: only whether there is one.
        let value = part.value.unwrap_or_else(|| "set".to_owned());
        origin(part.keyword, value, from);
    }

    let mut options = Options::default();
    let table = pick(
        global.table.clone(),
        global.given("table"),
        ("--table", "MIGRATOR_TABLE"),
        section.table.clone(),
        &label(|s| s.table.is_some()),
    );
    if let Some((table, _)) = &table {
        options.table = TableName::parse(table)?;
    }
    origin("table", options.table.to_string(), from_of(&table));

    let lock_wait = duration_setting(
        global.lock_wait,
        global.given("lock_wait"),
        ("--lock-wait", "MIGRATOR_LOCK_WAIT"),
        section.lock_wait.as_deref(),
        "lock_wait",
        &label(|s| s.lock_wait.is_some()),
    )?;
    if let Some((wait, _)) = &lock_wait {
        options.lock_wait = *wait;
    }
    origin("lock_wait", human(options.lock_wait), from_of(&lock_wait));

    let lock_timeout = duration_setting(
        global.lock_timeout,
        global.given("lock_timeout"),
        ("--lock-timeout", "MIGRATOR_LOCK_TIMEOUT"),
        section.lock_timeout.as_deref(),
        "lock_timeout",
        &label(|s| s.lock_timeout.is_some()),
    )?;
    if let Some((timeout, _)) = &lock_timeout {
        options.lock_timeout = *timeout;
    }
    origin(
        "lock_timeout",
        human(options.lock_timeout),
        from_of(&lock_timeout),
    );

    let retries = pick(
        global.lock_retries,
        global.given("lock_retries"),
        ("--lock-retries", "MIGRATOR_LOCK_RETRIES"),
        section.lock_retries,
        &label(|s| s.lock_retries.is_some()),
    );
    if let Some((retries, _)) = &retries {
        options.lock_retries = *retries;
    }
    origin(
        "lock_retries",
        options.lock_retries.to_string(),
        from_of(&retries),
    );

    let statement_timeout = duration_setting(
        global.statement_timeout,
        global.given("statement_timeout"),
        ("--statement-timeout", "MIGRATOR_STATEMENT_TIMEOUT"),
        section.statement_timeout.as_deref(),
        "statement_timeout",
        &label(|s| s.statement_timeout.is_some()),
    )?;
    options.statement_timeout = statement_timeout.as_ref().map(|(timeout, _)| *timeout);
    origin(
        "statement_timeout",
        options
            .statement_timeout
            .map_or_else(|| "none".to_owned(), human),
        from_of(&statement_timeout),
    );

    let protected = section.protected.unwrap_or_else(|| {
        global
            .env
            .as_deref()
            .is_some_and(|env| PRODUCTION_NAMES.contains(&env))
    });
    if let Some(env) = &global.env {
        let from = flag_or_var(global.given("env"), "--env", &variable("MIGRATOR_ENV"));
        let value = if protected {
            format!("{env} (protected)")
        } else {
            env.clone()
        };
        origin("environment", value, from);
    }
    let ignore = section.ignore.clone().unwrap_or_default();
    if !ignore.is_empty() {
        origin("ignore", ignore.join(", "), label(|s| s.ignore.is_some()));
    }
    let backup = global.backup.as_ref().map(|flags| {
        let (backup, dir_from, pg_dump_from) = resolve_backup(
            flags,
            &section,
            protected,
            &base,
            &label(|s| s.backup.is_some()),
            &label(|s| s.pg_dump.is_some()),
        );
        let dir = backup
            .dir
            .as_ref()
            .map_or_else(|| "none".to_owned(), |dir| dir.display().to_string());
        origin("backup", dir, dir_from);
        let pg_dump = backup.pg_dump.as_ref().map_or_else(
            || "on the PATH, else the newest in /usr/lib/postgresql".to_owned(),
            |path| path.display().to_string(),
        );
        origin("pg_dump", pg_dump, pg_dump_from);
        backup
    });
    let api_tokens_file = section.api_tokens_file.as_ref().map(|path| base.join(path));
    if let Some(path) = &api_tokens_file {
        origin(
            "api_tokens_file",
            path.display().to_string(),
            label(|s| s.api_tokens_file.is_some()),
        );
    }
    let fleet = crate::fleet::Spec::read(
        section.targets.as_ref(),
        section.targets_query.as_deref(),
        &label(|s| s.targets.is_some() || s.targets_query.is_some()),
        lookup,
    )?;
    if let Some(fleet) = &fleet {
        if !global.fleet_command
            && global.target.is_none()
            && (given_url.is_none() || file_url_wins)
        {
            bail!(
                "the environment `{}` is a fleet ({}): `up` and `status` work on all of its \
                 targets, other commands on one, named with --target (or --database-url)",
                global.env.as_deref().unwrap_or_default(),
                fleet.describe()
            );
        }
        origin(
            "targets",
            fleet.describe(),
            label(|s| s.targets.is_some() || s.targets_query.is_some()),
        );
    }
    Ok(Settings {
        connect,
        options,
        protected,
        ignore,
        backup,
        api_tokens_file,
        fleet,
        origins,
    })
}

/// `up`'s backup settings and the origin of each: `--no-backup` or `--backup`, else
/// the file's `backup` (relative to the file), else `backups` beside the file for a
/// protected environment and none otherwise; `--pg-dump` or `MIGRATOR_PG_DUMP`, else
/// the file's `pg_dump` (a path relative to the file, or a bare name for the `PATH`).
fn resolve_backup(
    flags: &BackupFlags,
    section: &Section,
    protected: bool,
    base: &Path,
    dir_label: &str,
    pg_dump_label: &str,
) -> (Backup, String, String) {
    let (dir, dir_from) = match (&flags.dir, &section.backup) {
        _ if flags.off => (None, "--no-backup".to_owned()),
        (Some(dir), _) => (Some(dir.clone()), "--backup".to_owned()),
        (None, Some(BackupKey::Switch(false))) => (None, dir_label.to_owned()),
        (None, Some(BackupKey::Switch(true))) => {
            (Some(base.join(DEFAULT_BACKUP_DIR)), dir_label.to_owned())
        }
        (None, Some(BackupKey::Dir(dir))) => (Some(base.join(dir)), dir_label.to_owned()),
        (None, None) if protected => (
            Some(base.join(DEFAULT_BACKUP_DIR)),
            "default for a protected environment".to_owned(),
        ),
        (None, None) => (None, "default".to_owned()),
    };
    let (pg_dump, pg_dump_from) = match (&flags.pg_dump, &section.pg_dump) {
        (Some(path), _) => (
            Some(path.clone()),
            if flags.pg_dump_given == Given::Variable {
                variable("MIGRATOR_PG_DUMP")
            } else {
                "--pg-dump".to_owned()
            },
        ),
        // A bare name stays one, to be looked up on the PATH.
        (None, Some(path)) if path.components().count() == 1 && !path.is_absolute() => {
            (Some(path.clone()), pg_dump_label.to_owned())
        }
        (None, Some(path)) => (Some(base.join(path)), pg_dump_label.to_owned()),
        (None, None) => (None, "default".to_owned()),
    };
    (Backup { dir, pg_dump }, dir_from, pg_dump_from)
}

/// A value and its origin: the flag or variable, else the file, else none (default).
fn pick<T>(
    given: Option<T>,
    how: Given,
    (flag, var): (&str, &str),
    in_file: Option<T>,
    file_label: &str,
) -> Option<(T, String)> {
    match (given, in_file) {
        (Some(value), _) => Some((
            value,
            if how == Given::Variable {
                variable(var)
            } else {
                flag.to_owned()
            },
        )),
        (None, Some(value)) => Some((value, file_label.to_owned())),
        (None, None) => None,
    }
}

/// Like [`pick`], parsing the file's value as a duration.
fn duration_setting(
    given: Option<Duration>,
    how: Given,
    names: (&str, &str),
    in_file: Option<&str>,
    key: &str,
    file_label: &str,
) -> anyhow::Result<Option<(Duration, String)>> {
    let in_file = in_file
        .map(|text| {
            parse_duration(text).map_err(|error| anyhow!("in {file_label}, `{key}`: {error}"))
        })
        .transpose()?;
    Ok(pick(given, how, names, in_file, file_label))
}

fn from_of<T>(picked: &Option<(T, String)>) -> String {
    picked
        .as_ref()
        .map_or_else(|| "default".to_owned(), |(_, from)| from.clone())
}

fn human(duration: Duration) -> String {
    humantime::format_duration(duration).to_string()
}

/// A duration such as `5s`, `500ms` or `2min`; a bare number is seconds.
///
/// PostgreSQL counts `lock_timeout` and `statement_timeout` in whole milliseconds and
/// reads 0 as "no limit", so a duration under a millisecond (`500us`) would silently
/// turn a limit into none: it is refused. Zero is accepted and means no limit.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let duration = match text.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => humantime::parse_duration(text).map_err(|error| {
            format!("`{text}` is not a duration such as 5s, 500ms or 2min ({error})")
        })?,
    };
    if !duration.is_zero() && duration < Duration::from_millis(1) {
        return Err(format!(
            "`{text}` is less than a millisecond, which PostgreSQL would read as 0, meaning \
             no limit; give at least 1ms, or 0 for no limit"
        ));
    }
    Ok(duration)
}

/// `--config`/`MIGRATOR_CONFIG`, else `migrator.toml` in the current directory or the
/// nearest ancestor that has one.
/// The `migrations_dir` of the settings file (the chosen environment's, else
/// `[defaults]`'), relative to the file; `None` without a file or the key. Reads
/// nothing else, so `create` works without database settings.
pub(crate) fn migrations_dir(global: &Global) -> anyhow::Result<Option<PathBuf>> {
    let Some((path, file)) = find_file(global)? else {
        return Ok(None);
    };
    let in_env = global
        .env
        .as_ref()
        .and_then(|env| file.environments.get(env))
        .and_then(|section| section.migrations_dir.clone());
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(in_env
        .or(file.defaults.migrations_dir)
        .map(|dir| base.join(dir)))
}

fn find_file(global: &Global) -> anyhow::Result<Option<(PathBuf, File)>> {
    let path = match &global.config {
        Some(path) => path.clone(),
        None => {
            let cwd = std::env::current_dir().context("cannot read the current directory")?;
            match cwd
                .ancestors()
                .map(|dir| dir.join(FILE_NAME))
                .find(|candidate| candidate.is_file())
            {
                Some(path) => path,
                None => return Ok(None),
            }
        }
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let file: File = toml::from_str(&text).map_err(|error| {
        anyhow!(
            "{} is not a valid settings file: {}",
            path.display(),
            error.to_string().trim_end()
        )
    })?;
    Ok(Some((path, file)))
}

fn unknown_env(env: &str, path: &Path, file: &File) -> String {
    let names: Vec<&str> = file.environments.keys().map(String::as_str).collect();
    let suggestion = names
        .iter()
        .map(|name| (strsim::jaro_winkler(env, name), *name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| format!("; did you mean `{name}`?"))
        .unwrap_or_default();
    format!(
        "no environment `{env}` in {}; it defines {}{suggestion}",
        path.display(),
        names
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Replaces each `${NAME}` in `text` with the environment variable `NAME`, so a file
/// can name a password without holding it. A variable inside a URL's user information
/// (after `scheme://`, before the `@` that ends it) is percent-encoded, so a password
/// with `@`, `/`, `:`, `?` or `#` stays in its place instead of splitting the URL and
/// showing up as a host or a port; anywhere else (a whole url, a host, a database
/// name) the value is inserted as it is.
pub(crate) fn expand(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<String> {
    let user_info = user_info(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let position = text.len() - rest.len() + start;
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| anyhow!("`${{` without a closing `}}`"))?;
        let name = &after[..end];
        let value =
            lookup(name).ok_or_else(|| anyhow!("the environment variable `{name}` is not set"))?;
        if user_info.contains(&position) {
            out.extend(percent_encoding::utf8_percent_encode(&value, USER_INFO));
        } else {
            out.push_str(&value);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// What a value in a URL's user information is encoded with: everything but RFC 3986's
/// unreserved characters. A superset of the URL standard's user-info set that also
/// encodes `%`, since the URL's parser decodes what it reads.
const USER_INFO: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The byte range of `template`'s user information (from after `://` to its last `@`
/// before the path, query or fragment), judged on the literal text with each
/// `${NAME}` blanked out; empty when it has none.
fn user_info(template: &str) -> std::ops::Range<usize> {
    let mut literal = template.as_bytes().to_vec();
    let mut from = 0;
    while let Some(start) = template[from..].find("${").map(|start| from + start) {
        let end = template[start..]
            .find('}')
            .map_or(template.len(), |end| start + end + 1);
        literal[start..end].fill(b'x');
        from = end;
    }
    let Some(scheme_end) = literal.windows(3).position(|window| window == b"://") else {
        return 0..0;
    };
    let authority_start = scheme_end + 3;
    let authority_end = literal[authority_start..]
        .iter()
        .position(|byte| matches!(byte, b'/' | b'?' | b'#'))
        .map_or(literal.len(), |end| authority_start + end);
    match literal[authority_start..authority_end]
        .iter()
        .rposition(|byte| *byte == b'@')
    {
        Some(at) => authority_start..authority_start + at,
        None => 0..0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_expanded_and_missing_ones_named() {
        let lookup = |name: &str| (name == "PW").then(|| "s3cret".to_owned());
        assert_eq!(
            expand("postgres://app:${PW}@db/app", &lookup).unwrap(),
            "postgres://app:s3cret@db/app"
        );
        let error = expand("postgres://app:${NOPE}@db/app", &lookup).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the environment variable `NOPE` is not set"
        );
        assert!(expand("postgres://${PW", &lookup).is_err());
    }

    #[test]
    fn a_variable_in_a_urls_user_information_is_percent_encoded() {
        let lookup = |name: &str| match name {
            "PW" => Some("a/b@c:d?e#f%g".to_owned()),
            "USER" => Some("me@corp".to_owned()),
            "HOST" => Some("db:6000".to_owned()),
            "URL" => Some("postgres://x:y@h/d".to_owned()),
            _ => None,
        };
        assert_eq!(
            expand("postgres://app:${PW}@db:5432/app", &lookup).unwrap(),
            "postgres://app:a%2Fb%40c%3Ad%3Fe%23f%25g@db:5432/app"
        );
        assert_eq!(
            expand("postgresql://${USER}:${PW}@${HOST}/app?x=${USER}", &lookup).unwrap(),
            "postgresql://me%40corp:a%2Fb%40c%3Ad%3Fe%23f%25g@db:6000/app?x=me@corp"
        );
        // Elsewhere, or with no user information, a value is inserted as it is.
        assert_eq!(expand("${URL}", &lookup).unwrap(), "postgres://x:y@h/d");
        assert_eq!(
            expand("postgres://${HOST}/${USER}", &lookup).unwrap(),
            "postgres://db:6000/me@corp"
        );
        assert_eq!(
            expand("host=h password=${USER}", &lookup).unwrap(),
            "host=h password=me@corp"
        );
        // Encoded, the password comes back whole.
        let url = expand("postgres://app:${PW}@db:5432/app", &lookup).unwrap();
        let options = ConnectOptions::from_url(&url).unwrap();
        assert_eq!(
            options.as_config().get_password(),
            Some("a/b@c:d?e#f%g".as_bytes())
        );
        assert_eq!(options.to_string(), "app@db:5432/app");
    }

    #[test]
    fn durations_accept_bare_seconds() {
        assert_eq!(parse_duration("60"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert!(parse_duration("soon").unwrap_err().contains("`soon`"));
    }

    #[test]
    fn durations_under_a_millisecond_are_refused_but_zero_means_no_limit() {
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("0ms"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("1ms"), Ok(Duration::from_millis(1)));
        for text in ["500us", "999us", "1ns"] {
            let error = parse_duration(text).unwrap_err();
            assert!(
                error.contains(&format!("`{text}` is less than a millisecond")),
                "{error}"
            );
        }
    }

    #[test]
    fn environment_sections_override_defaults() {
        let file: File = toml::from_str(
            r#"
            [defaults]
            table = "schema_history"
            lock_timeout = "5s"
            [environments.production]
            lock_timeout = "2s"
            "#,
        )
        .unwrap();
        let section = file
            .defaults
            .clone()
            .overlaid(file.environments["production"].clone());
        assert_eq!(section.table.as_deref(), Some("schema_history"));
        assert_eq!(section.lock_timeout.as_deref(), Some("2s"));
        let error = toml::from_str::<File>("[defaults]\nlock_timout = \"1s\"\n").unwrap_err();
        assert!(
            error.to_string().contains("unknown field `lock_timout`"),
            "{error}"
        );
    }

    #[test]
    fn backups_are_on_for_protected_environments_unless_turned_off() {
        let base = Path::new("/srv/app");
        let file = |text: &str| -> Section { toml::from_str::<File>(text).unwrap().defaults };
        let resolve = |flags: &BackupFlags, section: &Section, protected: bool| {
            let (backup, dir_from, _) =
                resolve_backup(flags, section, protected, base, "file", "file");
            (backup.dir, dir_from)
        };
        let none = BackupFlags::default();
        let empty = Section::default();
        assert_eq!(
            resolve(&none, &empty, true),
            (
                Some(base.join("backups")),
                "default for a protected environment".to_owned()
            )
        );
        assert_eq!(resolve(&none, &empty, false), (None, "default".to_owned()));
        let off = file("[defaults]\nbackup = false\n");
        assert_eq!(resolve(&none, &off, true), (None, "file".to_owned()));
        let on = file("[defaults]\nbackup = true\n");
        assert_eq!(resolve(&none, &on, false).0, Some(base.join("backups")));
        let dir = file("[defaults]\nbackup = \"dumps\"\n");
        assert_eq!(resolve(&none, &dir, false).0, Some(base.join("dumps")));
        let flag = BackupFlags {
            dir: Some("here".into()),
            ..BackupFlags::default()
        };
        assert_eq!(resolve(&flag, &off, false).0, Some("here".into()));
        let no = BackupFlags {
            off: true,
            ..BackupFlags::default()
        };
        assert_eq!(resolve(&no, &dir, true), (None, "--no-backup".to_owned()));
        // pg_dump: a bare name stays one; a path is relative to the file.
        let bare = file("[defaults]\npg_dump = \"pg_dump16\"\n");
        let (resolved, _, _) = resolve_backup(&none, &bare, false, base, "file", "file");
        assert_eq!(resolved.pg_dump, Some("pg_dump16".into()));
        let relative = file("[defaults]\npg_dump = \"bin/pg_dump\"\n");
        let (resolved, _, _) = resolve_backup(&none, &relative, false, base, "file", "file");
        assert_eq!(resolved.pg_dump, Some(base.join("bin/pg_dump")));
        assert!(toml::from_str::<File>("[defaults]\nbackup = 3\n").is_err());
    }

    #[test]
    fn the_lint_table_is_left_to_the_build() {
        let file: File = toml::from_str(
            r#"
            [defaults]
            table = "schema_history"
            [lint]
            pg_version = "15"
            deny = ["ban-drop-table"]
            "#,
        )
        .unwrap();
        assert_eq!(file.defaults.table.as_deref(), Some("schema_history"));
        assert!(toml::from_str::<File>("lint = 3\n").is_err());
        let error = toml::from_str::<File>("[lints]\n").unwrap_err();
        assert!(
            error.to_string().contains("unknown field `lints`"),
            "{error}"
        );
    }
}
