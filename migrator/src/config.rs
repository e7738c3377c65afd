//! Where to connect, resolved as libpq resolves it: a URL (or the `DB_*` parts), then
//! libpq's `PG*` variables for what it leaves out, then defaults, then the password
//! file; and how to name the target without its password.

mod build;
mod conninfo;
mod pgpass;

pub use pgpass::{PassFile, PassFileOutcome};

use crate::Error;
use crate::tls::SslMode;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tokio_postgres::config::Host;

/// The application name the migrator's sessions carry in `pg_stat_activity`, unless
/// the URL or `PGAPPNAME` names another (libpq's `fallback_application_name`).
pub const APPLICATION_NAME: &str = "migrator";

/// Seconds to wait for each connection attempt unless the URL or `PGCONNECT_TIMEOUT`
/// says otherwise, so an unreachable host fails in seconds, not after the operating
/// system's TCP timeout. (libpq waits forever by default.)
const CONNECT_TIMEOUT: &str = "10";

/// libpq's environment variable for each keyword read from the environment.
const LIBPQ_VARIABLES: [(&str, &str); 10] = [
    ("host", "PGHOST"),
    ("port", "PGPORT"),
    ("dbname", "PGDATABASE"),
    ("user", "PGUSER"),
    ("password", "PGPASSWORD"),
    ("passfile", "PGPASSFILE"),
    ("sslmode", "PGSSLMODE"),
    ("sslrootcert", "PGSSLROOTCERT"),
    ("application_name", "PGAPPNAME"),
    ("connect_timeout", "PGCONNECT_TIMEOUT"),
];

/// This tool's older variables, read only when there is no URL at all, before libpq's.
const DB_VARIABLES: [(&str, &str); 5] = [
    ("host", "DB_HOST"),
    ("port", "DB_PORT"),
    ("dbname", "DB_NAME"),
    ("user", "DB_USER"),
    ("password", "DB_PASSWORD"),
];

/// The keywords [`ConnectOptions::parts`] reports, in order.
const SHOWN: [&str; 10] = [
    "host",
    "hostaddr",
    "port",
    "user",
    "dbname",
    "password",
    "sslmode",
    "sslrootcert",
    "application_name",
    "connect_timeout",
];

/// Connection settings for the database to migrate.
///
/// Built from a URL (`postgres://user:password@host:port/dbname?…`, or libpq's
/// `key=value` form) read as libpq reads it, or from parts; [`resolve`](Self::resolve)
/// also reads libpq's `PG*` variables and the password file. Each part remembers its
/// [`Source`]. Its [`Display`](std::fmt::Display) names the target without the
/// password, so it is safe to print.
#[derive(Clone)]
pub struct ConnectOptions {
    /// Every keyword set, with its value and where it came from.
    params: BTreeMap<String, (String, Source)>,
    config: tokio_postgres::Config,
    /// The mode asked for; see [`ConnectOptions::ssl_mode`] for the one in force.
    ssl_mode: SslMode,
    ssl_root_cert: Option<PathBuf>,
    passfile: Option<PassFile>,
}

impl std::fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("ConnectOptions")
            .field(&self.to_string())
            .finish()
    }
}

/// The pieces of a connection, as in the `DB_HOST`/`DB_PORT`/`DB_NAME`/`DB_USER`/
/// `DB_PASSWORD` variables. Missing pieces take the defaults of [`ConnectOptions::from_parts`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConnectParts {
    /// Host name, IP address, or the directory of a Unix socket.
    pub host: Option<String>,
    /// TCP port.
    pub port: Option<String>,
    /// Database name.
    pub dbname: Option<String>,
    /// Role to log in as.
    pub user: Option<String>,
    /// Password, when the server asks for one.
    pub password: Option<String>,
}

/// Where a connection part came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// The URL or connection string (a query parameter included).
    Url,
    /// An environment variable, such as `PGHOST` or `DB_HOST`.
    Variable(&'static str),
    /// A line of the password file.
    PassFile {
        /// The file.
        path: PathBuf,
        /// The line, counting from 1.
        line: usize,
    },
    /// The program: [`ConnectOptions::from_parts`], [`ConnectOptions::set_ssl_mode`]…
    Set,
    /// The built-in default.
    Default,
}

/// One part of the connection as resolved, for showing where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Part {
    /// libpq's keyword: `host`, `port`, `user`, `dbname`, `password`, `sslmode`…
    pub keyword: &'static str,
    /// The value in force; `None` for the password, which is never shown.
    pub value: Option<String>,
    /// Where it came from.
    pub source: Source,
}

impl ConnectOptions {
    /// Parses a database URL or `key=value` string as libpq does, without reading the
    /// environment: a query parameter (`?host=/run/postgresql`, `?port=`, `?user=`,
    /// `?dbname=`, `?password=`) replaces what the URL's authority or path said, and
    /// what the URL leaves out takes the defaults of [`from_parts`](Self::from_parts).
    /// Errors name what is wrong but never echo the URL, which may hold a password.
    ///
    /// Besides tokio-postgres's parameters, the URL may set `sslmode` (`disable`,
    /// `prefer`, `require`, `verify-ca`, `verify-full`; see [`SslMode`]), `ssl=true`
    /// (`sslmode=require`), `sslrootcert` (a PEM file of trusted root certificates) and
    /// `passfile` (read by [`resolve`](Self::resolve)).
    pub fn from_url(url: &str) -> Result<Self, Error> {
        let mut params = Params::default();
        params.extend(parse(url)?, &Source::Url);
        Self::finish(params)
    }

    /// Builds settings from parts; the defaults are host `localhost`, port 5432, user
    /// `postgres`, and a database named after the user.
    pub fn from_parts(parts: ConnectParts) -> Result<Self, Error> {
        let mut params = Params::default();
        let ConnectParts {
            host,
            port,
            dbname,
            user,
            password,
        } = parts;
        for (keyword, value) in [
            ("host", host),
            ("port", port),
            ("dbname", dbname),
            ("user", user),
            ("password", password),
        ] {
            if let Some(value) = value {
                params.set(keyword, value, Source::Set);
            }
        }
        Self::finish(params)
    }

    /// Reads `DATABASE_URL` through `lookup` (usually `|name| std::env::var(name).ok()`)
    /// and completes it as [`resolve`](Self::resolve) does; an empty `DATABASE_URL`
    /// counts as unset.
    pub fn from_env(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let url = lookup("DATABASE_URL").filter(|url| !url.trim().is_empty());
        Self::resolve(url.as_deref(), lookup)
    }

    /// The settings a libpq program would use, reading variables through `lookup`:
    ///
    /// 1. every part the URL gives (its query parameters override its authority);
    ///    with no URL at all, the `DB_HOST`, `DB_PORT`, `DB_NAME`, `DB_USER` and
    ///    `DB_PASSWORD` variables;
    /// 2. for each part still missing, libpq's variable: `PGHOST` (a host, an IP
    ///    address, or a socket directory starting with `/`), `PGPORT`, `PGDATABASE`,
    ///    `PGUSER`, `PGPASSWORD`, `PGPASSFILE`, `PGSSLMODE`, `PGSSLROOTCERT`,
    ///    `PGAPPNAME`, `PGCONNECT_TIMEOUT` (seconds; 0 waits forever);
    /// 3. the defaults: host `localhost` (not libpq's socket directory: a socket
    ///    usually means `peer` authentication as the operating-system user, which the
    ///    default user `postgres` would not pass), port 5432, user `postgres`, the
    ///    database named after the user, `sslmode=prefer`, application name
    ///    [`APPLICATION_NAME`], a 10 s connect timeout;
    /// 4. with no password (or an empty one), the password file: `passfile`, else
    ///    `PGPASSFILE`, else `~/.pgpass` (see [`PassFile`]), matched against the first
    ///    host and its port.
    ///
    /// Empty variables count as unset.
    pub fn resolve(
        url: Option<&str>,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, Error> {
        let lookup = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let mut params = Params::default();
        match url {
            Some(url) => params.extend(parse(url)?, &Source::Url),
            None => {
                for (keyword, variable) in DB_VARIABLES {
                    if let Some(value) = lookup(variable) {
                        params.set(keyword, value, Source::Variable(variable));
                    }
                }
            }
        }
        for (keyword, variable) in LIBPQ_VARIABLES {
            if !params.0.contains_key(keyword)
                && let Some(value) = lookup(variable)
            {
                params.set(keyword, value, Source::Variable(variable));
            }
        }
        let mut options = Self::finish(params)?;
        if options.config.get_password().is_none() {
            options.read_passfile(&lookup);
        }
        Ok(options)
    }

    /// Fills in the defaults and builds the client's configuration.
    fn finish(mut params: Params) -> Result<Self, Error> {
        let has = |params: &Params, keyword: &str| params.0.contains_key(keyword);
        if !has(&params, "host") && !has(&params, "hostaddr") {
            params.set("host", "localhost".to_owned(), Source::Default);
        }
        if !has(&params, "port") {
            params.set("port", "5432".to_owned(), Source::Default);
        }
        if !has(&params, "user") {
            params.set("user", "postgres".to_owned(), Source::Default);
        }
        if !has(&params, "dbname") {
            let user = params.value("user").unwrap_or_default().to_owned();
            params.set("dbname", user, Source::Default);
        }
        for (keyword, value) in [
            ("sslmode", SslMode::default().to_string().as_str()),
            ("application_name", APPLICATION_NAME),
            ("connect_timeout", CONNECT_TIMEOUT),
        ] {
            if !has(&params, keyword) {
                params.set(keyword, value.to_owned(), Source::Default);
            }
        }
        build::build(params.0)
    }

    /// Looks the password up in the password file, noting what came of it.
    fn read_passfile(&mut self, lookup: &dyn Fn(&str) -> Option<String>) {
        let path = match self.params.get("passfile") {
            Some((path, _)) => PathBuf::from(path),
            None => match lookup("HOME")
                .map(PathBuf::from)
                .or_else(std::env::home_dir)
            {
                Some(home) => home.join(".pgpass"),
                None => return,
            },
        };
        let host = match (self.params.get("host"), self.params.get("hostaddr")) {
            (Some((hosts, _)), _) | (None, Some((hosts, _))) => first(hosts),
            (None, None) => "",
        };
        let port = self
            .params
            .get("port")
            .map_or("", |(ports, _)| first(ports));
        let key = pgpass::Key {
            host: if host.is_empty() { "localhost" } else { host },
            port: if port.is_empty() { "5432" } else { port },
            dbname: self.config.get_dbname().unwrap_or_default(),
            user: self.config.get_user().unwrap_or_default(),
        };
        let (password, file) = pgpass::lookup(&path, &key);
        if let (Some(password), pgpass::PassFileOutcome::Used { line }) = (password, &file.outcome)
        {
            self.config.password(password.as_str());
            let source = Source::PassFile {
                path: path.clone(),
                line: *line,
            };
            self.params
                .insert("password".to_owned(), (password, source));
        }
        self.passfile = Some(file);
    }

    /// How the connection uses TLS: as set, else [`SslMode::Prefer`]; but always
    /// [`SslMode::Disable`] when every host is a Unix socket, which PostgreSQL never
    /// encrypts (libpq ignores `sslmode` there too, so `sslmode=require` with
    /// `host=/run/postgresql` connects as psql does).
    pub fn ssl_mode(&self) -> SslMode {
        if self.sockets_only() {
            SslMode::Disable
        } else {
            self.ssl_mode
        }
    }

    /// Whether every host is a Unix-socket directory.
    fn sockets_only(&self) -> bool {
        let hosts = self.config.get_hosts();
        !hosts.is_empty() && hosts.iter().all(|host| matches!(host, Host::Unix(_)))
    }

    /// Whether the TLS mode was set (by the URL, `PGSSLMODE` or
    /// [`set_ssl_mode`](Self::set_ssl_mode)), rather than left to the default.
    pub fn ssl_mode_is_set(&self) -> bool {
        self.source("sslmode") != Some(&Source::Default)
    }

    /// Sets how the connection uses TLS.
    pub fn set_ssl_mode(&mut self, mode: SslMode) {
        self.ssl_mode = mode;
        self.config.ssl_mode(self.ssl_mode().negotiation());
        self.params
            .insert("sslmode".to_owned(), (mode.to_string(), Source::Set));
    }

    /// The PEM file of trusted root certificates, if one is set.
    pub fn ssl_root_cert(&self) -> Option<&Path> {
        self.ssl_root_cert.as_deref()
    }

    /// Trusts the root certificates in this PEM file instead of the system's.
    pub fn set_ssl_root_cert(&mut self, path: impl Into<PathBuf>) {
        let path = path.into();
        let shown = path.display().to_string();
        self.ssl_root_cert = Some(path);
        self.params
            .insert("sslrootcert".to_owned(), (shown, Source::Set));
    }

    /// The database name, as the server will see it.
    pub fn dbname(&self) -> Option<&str> {
        self.config.get_dbname()
    }

    /// Returns a copy that connects to another database on the same server (with the
    /// same password, even one the password file gave for the first database).
    pub fn with_dbname(&self, dbname: &str) -> Self {
        let mut options = self.clone();
        options.config.dbname(dbname);
        options
            .params
            .insert("dbname".to_owned(), (dbname.to_owned(), Source::Set));
        options
    }

    /// Returns a copy whose sessions start with `search_path` set to `schema` alone
    /// (through the start-up `options`, after any the URL gave), so unqualified names
    /// are created and found in that schema, and in no other: with the schema missing,
    /// a `CREATE TABLE` fails instead of landing in `public`. For one schema per tenant.
    pub fn with_search_path(&self, schema: &str) -> Self {
        let mut options = self.clone();
        // The value is a quoted identifier; in `options`, a backslash escapes a space
        // or a backslash.
        let quoted = format!("\"{}\"", schema.replace('"', "\"\""));
        let escaped = quoted.replace('\\', "\\\\").replace(' ', "\\ ");
        let setting = format!("-c search_path={escaped}");
        let all = match options.config.get_options() {
            Some(given) if !given.trim().is_empty() => format!("{given} {setting}"),
            _ => setting,
        };
        options.config.options(all.as_str());
        options
            .params
            .insert("options".to_owned(), (all, Source::Set));
        options
    }

    /// Where the part named by libpq's `keyword` (`host`, `port`, `sslmode`…) came
    /// from; `None` when it is not set.
    pub fn source(&self, keyword: &str) -> Option<&Source> {
        self.params.get(keyword).map(|(_, source)| source)
    }

    /// The main parts in force, each with its source: `host` (and `hostaddr` if set),
    /// `port`, `user`, `dbname`, `password` (if set; its value is never given),
    /// `sslmode`, `sslrootcert` (if set), `application_name`, `connect_timeout`.
    pub fn parts(&self) -> Vec<Part> {
        SHOWN
            .iter()
            .filter_map(|&keyword| {
                let (value, source) = self.params.get(keyword)?;
                let value = match keyword {
                    "password" => None,
                    "sslmode" if self.ssl_mode() != self.ssl_mode => Some(format!(
                        "{} (not used: a Unix socket is never encrypted)",
                        self.ssl_mode
                    )),
                    "sslmode" => Some(self.ssl_mode.to_string()),
                    "connect_timeout" => Some(match self.config.get_connect_timeout() {
                        Some(timeout) => format!("{}s", timeout.as_secs()),
                        None => "none".to_owned(),
                    }),
                    _ => Some(value.clone()),
                };
                Some(Part {
                    keyword,
                    value,
                    source: source.clone(),
                })
            })
            .collect()
    }

    /// What came of looking the password up in the password file; `None` when a
    /// password was given (the file is then not read) or the settings were not
    /// [`resolve`](Self::resolve)d.
    pub fn passfile(&self) -> Option<&PassFile> {
        self.passfile.as_ref()
    }

    /// The underlying `tokio_postgres` settings.
    pub fn as_config(&self) -> &tokio_postgres::Config {
        &self.config
    }
}

/// Keywords and their values, each with its source; a later value replaces an
/// earlier one, and an empty one unsets it (so its variable or default applies).
#[derive(Debug, Default)]
struct Params(BTreeMap<String, (String, Source)>);

impl Params {
    fn set(&mut self, keyword: &str, value: String, source: Source) {
        if value.is_empty() {
            self.0.remove(keyword);
        } else {
            self.0.insert(keyword.to_owned(), (value, source));
        }
    }

    fn extend(&mut self, pairs: Vec<conninfo::Pair>, source: &Source) {
        for (keyword, value) in pairs {
            self.set(&keyword, value, source.clone());
        }
    }

    fn value(&self, keyword: &str) -> Option<&str> {
        self.0.get(keyword).map(|(value, _)| value.as_str())
    }
}

fn parse(url: &str) -> Result<Vec<conninfo::Pair>, Error> {
    conninfo::parse(url).map_err(|reason| Error::InvalidUrl { reason })
}

/// The first entry of a comma-separated list.
fn first(list: &str) -> &str {
    list.split(',').next().unwrap_or_default()
}

impl ConnectOptions {
    /// The hosts (names, addresses or socket folders), comma-separated as libpq
    /// reads them; `localhost` when none is set.
    pub(crate) fn hosts(&self) -> String {
        let hosts: Vec<String> = self
            .config
            .get_hosts()
            .iter()
            .map(|host| match host {
                Host::Tcp(name) => name.clone(),
                Host::Unix(path) => path.display().to_string(),
            })
            .collect();
        if hosts.is_empty() {
            "localhost".to_owned()
        } else {
            hosts.join(",")
        }
    }
}

/// `user@host:port/dbname`, never the password.
impl std::fmt::Display for ConnectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let config = &self.config;
        if let Some(user) = config.get_user() {
            write!(f, "{user}@")?;
        }
        let host = self.hosts();
        let port = config.get_ports().first().copied().unwrap_or(5432);
        write!(f, "{host}:{port}/{}", config.get_dbname().unwrap_or(""))
    }
}

#[cfg(test)]
mod tests;
