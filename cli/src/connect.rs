//! Turns the global options into engine settings and a connected `Migrator`.

use crate::Global;
use migrator::{ConnectOptions, Migrator, Options, TableName};
use std::time::Duration;

/// Connection settings: `--database-url`, else the environment.
pub(crate) fn connect_options(global: &Global) -> Result<ConnectOptions, migrator::Error> {
    match &global.database_url {
        Some(url) => ConnectOptions::from_url(url),
        None => ConnectOptions::from_env(|name| std::env::var(name).ok()),
    }
}

/// Engine options from the global flags.
pub(crate) fn options(global: &Global) -> Result<Options, migrator::Error> {
    let mut options = Options::default();
    options.table = TableName::parse(&global.table)?;
    options.lock_wait = Duration::from_secs(global.lock_wait);
    options.lock_timeout = global.lock_timeout;
    options.lock_retries = global.lock_retries;
    options.statement_timeout = global.statement_timeout;
    Ok(options)
}

/// Connects with the global flags (the options changed by `adjust`), runs `command`,
/// and closes the connection whatever the outcome. Returns the result and the target
/// (`user@host:port/dbname`) for the caller to print.
pub(crate) async fn with_migrator<T>(
    global: &Global,
    adjust: impl FnOnce(&mut Options),
    command: impl AsyncFnOnce(&mut Migrator) -> Result<T, migrator::Error>,
) -> Result<(T, String), migrator::Error> {
    let connect = connect_options(global)?;
    let mut options = options(global)?;
    adjust(&mut options);
    let mut migrator = Migrator::connect(&connect, options).await?;
    let result = command(&mut migrator).await;
    migrator.close().await;
    Ok((result?, connect.to_string()))
}
