//! Where to connect: a database URL or `DB_*` parts, and how to name it without its
//! password.

use crate::Error;
use crate::tls::SslMode;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;
use tokio_postgres::config::Host;

/// The application name the migrator's sessions carry in `pg_stat_activity`, unless
/// the connection settings name another.
pub const APPLICATION_NAME: &str = "migrator";

/// Connection settings for the database to migrate.
///
/// Built from a URL (`postgres://user:password@host:port/dbname?…`, or libpq's
/// `key=value` form) or from parts. Its [`Display`](std::fmt::Display) names the
/// target without the password, so it is safe to print.
#[derive(Clone)]
pub struct ConnectOptions {
    config: tokio_postgres::Config,
    ssl_mode: Option<SslMode>,
    ssl_root_cert: Option<PathBuf>,
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

impl ConnectOptions {
    /// Parses a database URL. Errors name what is wrong but never echo the URL, which
    /// may hold a password.
    ///
    /// Besides tokio-postgres's parameters, the URL may set `sslmode` (`disable`,
    /// `prefer`, `require`, `verify-ca`, `verify-full`; see [`SslMode`]) and
    /// `sslrootcert` (a PEM file of trusted root certificates).
    pub fn from_url(url: &str) -> Result<Self, Error> {
        let url = url.trim();
        if url.is_empty() {
            return Err(Error::InvalidUrl {
                reason: "it is empty".to_owned(),
            });
        }
        if let Some((scheme, _)) = url.split_once("://")
            && scheme != "postgres"
            && scheme != "postgresql"
        {
            return Err(Error::InvalidUrl {
                reason: format!(
                    "unsupported scheme `{scheme}`; expected `postgres://` or `postgresql://`"
                ),
            });
        }
        let (url, tls) = take_tls_parameters(url);
        let config = tokio_postgres::Config::from_str(&url).map_err(|error| Error::InvalidUrl {
            reason: std::error::Error::source(&error)
                .map_or_else(|| error.to_string(), ToString::to_string),
        })?;
        let mut options = Self::finish(config);
        if let Some(mode) = tls.mode {
            options.set_ssl_mode(mode.parse()?);
        }
        if let Some(path) = tls.root_cert {
            options.set_ssl_root_cert(path);
        }
        Ok(options)
    }

    /// Builds settings from parts; the defaults are host `localhost`, port 5432, user
    /// `postgres`, and a database named after the user.
    pub fn from_parts(parts: ConnectParts) -> Result<Self, Error> {
        let mut config = tokio_postgres::Config::new();
        config.host(parts.host.as_deref().unwrap_or("localhost"));
        let port = match parts.port.as_deref() {
            None => 5432,
            Some(port) => port.trim().parse().map_err(|_| Error::InvalidUrl {
                reason: format!("the port `{port}` is not a number between 1 and 65535"),
            })?,
        };
        config.port(port);
        let user = parts.user.as_deref().unwrap_or("postgres");
        config.user(user);
        config.dbname(parts.dbname.as_deref().unwrap_or(user));
        if let Some(password) = &parts.password {
            config.password(password);
        }
        Ok(Self::finish(config))
    }

    /// Reads `DATABASE_URL`, or else the `DB_*` variables, through `lookup` (usually
    /// `|name| std::env::var(name).ok()`). With neither, the defaults of
    /// [`from_parts`](Self::from_parts) apply.
    pub fn from_env(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        if let Some(url) = lookup("DATABASE_URL").filter(|url| !url.trim().is_empty()) {
            return Self::from_url(&url);
        }
        Self::from_parts(ConnectParts {
            host: lookup("DB_HOST"),
            port: lookup("DB_PORT"),
            dbname: lookup("DB_NAME"),
            user: lookup("DB_USER"),
            password: lookup("DB_PASSWORD"),
        })
    }

    fn finish(mut config: tokio_postgres::Config) -> Self {
        if config.get_application_name().is_none() {
            config.application_name(APPLICATION_NAME);
        }
        if config.get_connect_timeout().is_none() {
            // An unreachable host should fail in seconds, not after the OS's TCP timeout.
            config.connect_timeout(Duration::from_secs(10));
        }
        ConnectOptions {
            config,
            ssl_mode: None,
            ssl_root_cert: None,
        }
    }

    /// How the connection uses TLS: as set, else [`SslMode::Prefer`].
    pub fn ssl_mode(&self) -> SslMode {
        self.ssl_mode.unwrap_or_default()
    }

    /// Whether the TLS mode was set (by the URL or [`set_ssl_mode`](Self::set_ssl_mode)),
    /// rather than left to the default.
    pub fn ssl_mode_is_set(&self) -> bool {
        self.ssl_mode.is_some()
    }

    /// Sets how the connection uses TLS.
    pub fn set_ssl_mode(&mut self, mode: SslMode) {
        self.ssl_mode = Some(mode);
        self.config.ssl_mode(mode.negotiation());
    }

    /// The PEM file of trusted root certificates, if one is set.
    pub fn ssl_root_cert(&self) -> Option<&Path> {
        self.ssl_root_cert.as_deref()
    }

    /// Trusts the root certificates in this PEM file instead of the system's.
    pub fn set_ssl_root_cert(&mut self, path: impl Into<PathBuf>) {
        self.ssl_root_cert = Some(path.into());
    }

    /// The database name, as the server will see it.
    pub fn dbname(&self) -> Option<&str> {
        self.config.get_dbname()
    }

    /// Returns a copy that connects to another database on the same server.
    pub fn with_dbname(&self, dbname: &str) -> Self {
        let mut options = self.clone();
        options.config.dbname(dbname);
        options
    }

    /// The underlying `tokio_postgres` settings.
    pub fn as_config(&self) -> &tokio_postgres::Config {
        &self.config
    }
}

/// The TLS parameters of a URL, which tokio-postgres does not know (`verify-ca`,
/// `verify-full`, `sslrootcert`), taken out of it.
#[derive(Debug, Default, PartialEq, Eq)]
struct TlsParameters {
    mode: Option<String>,
    root_cert: Option<String>,
}

/// Splits `sslmode` and `sslrootcert` off a URL (`…?sslmode=require&…`) or a
/// `key=value` string, returning the rest as it was.
fn take_tls_parameters(url: &str) -> (String, TlsParameters) {
    let mut tls = TlsParameters::default();
    let mut take = |key: &str, value: String| match key {
        "sslmode" => {
            tls.mode = Some(value);
            true
        }
        "sslrootcert" => {
            tls.root_cert = Some(value);
            true
        }
        _ => false,
    };
    if url.contains("://") {
        let Some((base, query)) = url.split_once('?') else {
            return (url.to_owned(), tls);
        };
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                let value = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
                !take(key, value.into_owned())
            })
            .collect();
        let rest = if kept.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        return (rest, tls);
    }
    // libpq's `key=value key='quoted value'` form: whitespace outside quotes separates.
    let mut kept = Vec::new();
    let mut token = String::new();
    let mut quoted = false;
    let mut chars = url.chars().peekable();
    let mut flush = |token: &mut String, kept: &mut Vec<String>| {
        if token.is_empty() {
            return;
        }
        let (key, value) = token.split_once('=').unwrap_or((token.as_str(), ""));
        let unquoted = value.trim_matches('\'').replace("\\'", "'");
        if !take(key.trim(), unquoted) {
            kept.push(std::mem::take(token));
        }
        token.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                token.push(c);
                if let Some(next) = chars.next() {
                    token.push(next);
                }
            }
            '\'' => {
                quoted = !quoted;
                token.push(c);
            }
            c if c.is_whitespace() && !quoted => flush(&mut token, &mut kept),
            c => token.push(c),
        }
    }
    flush(&mut token, &mut kept);
    (kept.join(" "), tls)
}

/// `user@host:port/dbname`, never the password.
impl std::fmt::Display for ConnectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let config = &self.config;
        if let Some(user) = config.get_user() {
            write!(f, "{user}@")?;
        }
        let hosts: Vec<String> = config
            .get_hosts()
            .iter()
            .map(|host| match host {
                Host::Tcp(name) => name.clone(),
                Host::Unix(path) => path.display().to_string(),
            })
            .collect();
        let host = if hosts.is_empty() {
            "localhost".to_owned()
        } else {
            hosts.join(",")
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        write!(f, "{host}:{port}/{}", config.get_dbname().unwrap_or(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn url_is_displayed_without_its_password() {
        let options = ConnectOptions::from_url("postgres://app:s3cret@db.internal:6543/shop")
            .expect("valid url");
        assert_eq!(options.to_string(), "app@db.internal:6543/shop");
        assert!(!format!("{options:?}").contains("s3cret"));
        assert_eq!(
            options.as_config().get_application_name(),
            Some(APPLICATION_NAME)
        );
    }

    #[test]
    fn bad_urls_are_explained_without_echoing_them() {
        for (url, expected) in [
            (
                "postgres://app:s3cret@host:notaport/db",
                "invalid value for option `port`",
            ),
            ("mysql://app:s3cret@host/db", "unsupported scheme `mysql`"),
            (
                "postgres://app:s3cret@host/db?sslmode=bogus",
                "invalid sslmode `bogus`",
            ),
            ("", "it is empty"),
        ] {
            let error = ConnectOptions::from_url(url).expect_err(url).to_string();
            assert!(error.contains(expected), "{url}: {error}");
            assert!(!error.contains("s3cret"), "{error}");
        }
    }

    #[test]
    fn tls_parameters_are_read_from_either_form() {
        let options = ConnectOptions::from_url(
            "postgres://app@db/shop?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&connect_timeout=3",
        )
        .expect("valid url");
        assert_eq!(options.ssl_mode(), SslMode::VerifyFull);
        assert_eq!(options.ssl_root_cert(), Some(Path::new("/etc/ca.pem")));
        assert_eq!(
            options.as_config().get_connect_timeout(),
            Some(&Duration::from_secs(3))
        );
        let options = ConnectOptions::from_url(
            "host=db user=app sslmode=verify-ca sslrootcert='/my certs/ca.pem' dbname=shop",
        )
        .expect("valid key=value string");
        assert_eq!(options.ssl_mode(), SslMode::VerifyCa);
        assert_eq!(options.ssl_root_cert(), Some(Path::new("/my certs/ca.pem")));
        assert_eq!(options.to_string(), "app@db:5432/shop");
        let options = ConnectOptions::from_url("postgres://app@db/shop").expect("valid url");
        assert_eq!(options.ssl_mode(), SslMode::Prefer);
        assert!(!options.ssl_mode_is_set());
        assert_eq!(
            options.as_config().get_ssl_mode(),
            tokio_postgres::config::SslMode::Prefer
        );
        let options =
            ConnectOptions::from_url("postgres://app@db/shop?sslmode=require").expect("valid url");
        assert_eq!(
            options.as_config().get_ssl_mode(),
            tokio_postgres::config::SslMode::Require
        );
        let error = ConnectOptions::from_url("postgres://app:s3cret@db/shop?sslmode=verify")
            .expect_err("bad mode");
        assert!(
            error.to_string().contains("invalid sslmode `verify`"),
            "{error}"
        );
    }

    #[test]
    fn database_url_wins_over_parts() {
        let options = ConnectOptions::from_env(env(&[
            ("DATABASE_URL", "postgres://a@h1/d1"),
            ("DB_HOST", "h2"),
        ]))
        .expect("valid");
        assert_eq!(options.to_string(), "a@h1:5432/d1");
    }

    #[test]
    fn parts_fill_in_defaults() {
        let options = ConnectOptions::from_env(env(&[
            ("DB_HOST", "db"),
            ("DB_PORT", "6000"),
            ("DB_USER", "app"),
            ("DB_PASSWORD", "pw"),
        ]))
        .expect("valid");
        assert_eq!(options.to_string(), "app@db:6000/app");
        assert_eq!(options.as_config().get_password(), Some(&b"pw"[..]));
        let defaults = ConnectOptions::from_env(env(&[])).expect("valid");
        assert_eq!(defaults.to_string(), "postgres@localhost:5432/postgres");
        let error = ConnectOptions::from_env(env(&[("DB_PORT", "x")])).expect_err("bad port");
        assert!(error.to_string().contains("`x`"), "{error}");
    }
}
