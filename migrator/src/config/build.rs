//! From resolved keywords to tokio-postgres's configuration: the connection parts,
//! TLS and timeouts applied here, any other keyword handed to tokio-postgres's parser.

use super::{ConnectOptions, Source, conninfo};
use crate::Error;
use crate::tls::SslMode;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// Keywords applied here; any other goes to tokio-postgres as it is.
const OWN: [&str; 10] = [
    "host",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "sslmode",
    "sslrootcert",
    "application_name",
    "connect_timeout",
];

/// The client's configuration for `params`: the keywords of [`OWN`] applied here, the
/// rest handed to tokio-postgres's parser (which rejects unknown ones).
pub(super) fn build(params: BTreeMap<String, (String, Source)>) -> Result<ConnectOptions, Error> {
    let passthrough: Vec<String> = params
        .iter()
        .filter(|(keyword, _)| !OWN.contains(&keyword.as_str()))
        .map(|(keyword, (value, _))| conninfo::quote_pair(keyword, value))
        .collect();
    let mut config = tokio_postgres::Config::from_str(&passthrough.join(" ")).map_err(|error| {
        Error::InvalidUrl {
            reason: std::error::Error::source(&error)
                .map_or_else(|| error.to_string(), ToString::to_string),
        }
    })?;
    // A value read out of a URL is never echoed: a password with an unencoded `/`,
    // `@` or `:` splits the URL, and a piece of it may land in the port or the host.
    let invalid = |keyword: &str, value: &str, problem: &str| {
        let reason = match &params[keyword].1 {
            Source::Url => format!(
                "invalid value for option `{keyword}` in the URL: {problem}; \
                 percent-encode special characters in the password (`@` as `%40`, \
                 `/` as `%2F`, `:` as `%3A`)"
            ),
            Source::Variable(name) => {
                format!(
                    "invalid value for option `{keyword}` (from {name}): `{value}` is {problem}"
                )
            }
            _ => format!("invalid value for option `{keyword}`: `{value}` is {problem}"),
        };
        Error::InvalidUrl { reason }
    };
    let mut ssl_mode = SslMode::default();
    let mut ssl_root_cert = None;
    for (keyword, (value, _)) in &params {
        match keyword.as_str() {
            "host" => {
                for host in value.split(',') {
                    config.host(if host.is_empty() { "localhost" } else { host });
                }
            }
            "port" => {
                for port in value.split(',') {
                    let port = match port.trim() {
                        "" => 5432,
                        port => port.parse().map_err(|_| {
                            invalid(keyword, port, "not a number between 1 and 65535")
                        })?,
                    };
                    config.port(port);
                }
            }
            "dbname" => {
                config.dbname(value);
            }
            "user" => {
                config.user(value);
            }
            "password" => {
                config.password(value);
            }
            "application_name" => {
                config.application_name(value);
            }
            "connect_timeout" => {
                // libpq: whole seconds; zero or less waits forever.
                let seconds: i64 = value
                    .trim()
                    .parse()
                    .map_err(|_| invalid(keyword, value, "not a number of seconds"))?;
                if let Ok(seconds @ 1..) = u64::try_from(seconds) {
                    config.connect_timeout(Duration::from_secs(seconds));
                }
            }
            "sslmode" => {
                ssl_mode = value.parse().map_err(|error| match error {
                    Error::InvalidUrl { reason } => match &params[keyword].1 {
                        Source::Variable(name) => Error::InvalidUrl {
                            reason: format!("{name}: {reason}"),
                        },
                        _ => Error::InvalidUrl { reason },
                    },
                    error => error,
                })?;
            }
            "sslrootcert" => ssl_root_cert = Some(PathBuf::from(value)),
            _ => {}
        }
    }
    let mut options = ConnectOptions {
        params,
        config,
        ssl_mode,
        ssl_root_cert,
        passfile: None,
    };
    options.config.ssl_mode(options.ssl_mode().negotiation());
    Ok(options)
}
