//! A connected `Migrator` with the resolved settings.

use crate::commands::Context;
use pgbatch::{Migrator, Options};

/// Connects with the settings (the options changed by `adjust`), runs `command`, and
/// closes the connection whatever the outcome. Returns the result and the target
/// (`user@host:port/dbname`) for the caller to print.
pub(crate) async fn with_migrator<T>(
    context: &Context<'_>,
    adjust: impl FnOnce(&mut Options),
    command: impl AsyncFnOnce(&mut Migrator) -> Result<T, pgbatch::Error>,
) -> anyhow::Result<(T, String)> {
    let settings = context.settings()?;
    let mut options = settings.options.clone();
    adjust(&mut options);
    let mut migrator = Migrator::connect(&settings.connect, options).await?;
    if context.global.verbose {
        match migrator.session().await {
            Ok((version, tls)) => eprintln!(
                "connected: PostgreSQL {version}, {}",
                tls.map_or_else(
                    || "not encrypted".to_owned(),
                    |tls| format!("encrypted ({tls})")
                )
            ),
            Err(error) => eprintln!("connected; {error}"),
        }
    }
    let result = command(&mut migrator).await;
    migrator.close().await;
    Ok((result?, settings.connect.to_string()))
}
