//! Where to connect: a database URL or `DB_*` parts, and how to name it without its
//! password.

use crate::Error;
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
        let config = tokio_postgres::Config::from_str(url).map_err(|error| Error::InvalidUrl {
            reason: std::error::Error::source(&error)
                .map_or_else(|| error.to_string(), ToString::to_string),
        })?;
        Ok(Self::finish(config))
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
        ConnectOptions { config }
    }

    /// The database name, as the server will see it.
    pub fn dbname(&self) -> Option<&str> {
        self.config.get_dbname()
    }

    /// Returns a copy that connects to another database on the same server.
    pub fn with_dbname(&self, dbname: &str) -> Self {
        let mut config = self.config.clone();
        config.dbname(dbname);
        ConnectOptions { config }
    }

    /// The underlying `tokio_postgres` settings.
    pub fn as_config(&self) -> &tokio_postgres::Config {
        &self.config
    }
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
            ("postgres://app:s3cret@host/db?sslmode=bogus", "`sslmode`"),
            ("", "it is empty"),
        ] {
            let error = ConnectOptions::from_url(url).expect_err(url).to_string();
            assert!(error.contains(expected), "{url}: {error}");
            assert!(!error.contains("s3cret"), "{error}");
        }
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
