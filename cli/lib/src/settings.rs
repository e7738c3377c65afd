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

mod backup;
mod expand;
mod file;

use backup::resolve_backup;
pub(crate) use backup::{Backup, BackupFlags};
pub(crate) use expand::expand;
pub(crate) use file::migrations_dir;
use file::{Section, find_file, unknown_env};

use crate::Global;
use anyhow::{Context as _, anyhow, bail};
use pgbatch::{ConnectOptions, Options, Source, SslMode, TableName};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
