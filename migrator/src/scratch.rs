//! Scratch databases: created on a server under a name no one else uses, for as long
//! as a check or a test needs them, and dropped afterwards, even when it fails.

use crate::error::database_error;
use crate::session::open;
use crate::{ConnectOptions, Error};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use tokio_postgres::Client;

/// A database created for a while on a server, and dropped by
/// [`drop_database`](Self::drop_database) or, failing that, when the value is dropped
/// (a test that panics still drops its database). `verify` and `drift` work in one;
/// the test databases of `testing` wrap one each.
///
/// The name is `<prefix>_<process id>_<counter>_<clock>`: parallel tests of one process
/// and several processes on one server never collide.
#[derive(Debug)]
pub struct ScratchDatabase {
    name: String,
    options: ConnectOptions,
    server: ConnectOptions,
    dropped: bool,
}

impl ScratchDatabase {
    /// Creates an empty database (from `template1`, as `createdb` does) on the server
    /// `server` connects to; `server` may name any database there. `prefix` starts the
    /// name; characters other than ASCII letters, digits and `_` become `_`.
    pub async fn create(server: &ConnectOptions, prefix: &str) -> Result<Self, Error> {
        let name = unique_name(prefix);
        let (client, connection) = open(server).await?;
        let created = client
            .batch_execute(&format!(
                "CREATE DATABASE {}",
                crate::options::quote_ident(&name)
            ))
            .await
            .map_err(database_error("creating a scratch database"));
        drop(client);
        let _ = connection.await;
        created?;
        Ok(ScratchDatabase {
            options: server.with_dbname(&name),
            server: server.clone(),
            name,
            dropped: false,
        })
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Settings that connect to this database (the server's, with its name).
    pub fn options(&self) -> &ConnectOptions {
        &self.options
    }

    /// A new client connected to this database, its connection driven on a task of
    /// the current runtime.
    pub async fn client(&self) -> Result<Client, Error> {
        Ok(open(&self.options).await?.0)
    }

    /// Drops the database now, ending any session still connected to it. If this
    /// fails, or its future is dropped before it finishes (a test's timeout), `Drop`
    /// tries again.
    pub async fn drop_database(mut self) -> Result<(), Error> {
        // Marked only once the drop succeeded: a cancelled or failed attempt leaves the
        // value to its `Drop`, which must not believe the database already gone.
        drop_named(&self.server, &self.name).await?;
        self.dropped = true;
        Ok(())
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        let (server, name) = (self.server.clone(), self.name.clone());
        // `Drop` cannot await, and may run inside a runtime or outside any: a thread
        // with a runtime of its own can do both. A failure here has no one to report
        // to; the database keeps its recognisable name for a manual clean-up.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(runtime) = runtime {
                let _ = runtime.block_on(drop_named(&server, &name));
            }
        })
        .join();
    }
}

async fn drop_named(server: &ConnectOptions, name: &str) -> Result<(), Error> {
    let (client, connection) = open(server).await?;
    let quoted = crate::options::quote_ident(name);
    let version: i32 = client
        .query_one("SELECT current_setting('server_version_num')::int", &[])
        .await
        .map_err(database_error("dropping a scratch database"))?
        .get(0);
    let dropped = if version >= 130_000 {
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
            .await
    } else {
        // Before PostgreSQL 13 there is no `FORCE`: end the sessions first.
        client
            .query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = $1 AND pid <> pg_backend_pid()",
                &[&name],
            )
            .await
            .map_err(database_error("dropping a scratch database"))?;
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {quoted}"))
            .await
    };
    drop(client);
    let _ = connection.await;
    dropped.map_err(database_error("dropping a scratch database"))
}

fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let prefix: String = prefix
        .chars()
        .take(30)
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let clock = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    format!(
        "{prefix}_{}_{}_{clock:x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

#[cfg(test)]
mod tests {
    use super::unique_name;

    #[test]
    fn names_are_unique_lowercase_identifiers_within_the_length_limit() {
        let first = unique_name("Verify-Run.a_very_long_prefix_that_goes_on_and_on");
        let second = unique_name("Verify-Run.a_very_long_prefix_that_goes_on_and_on");
        assert_ne!(first, second);
        assert!(first.len() <= 63, "{first}");
        assert!(
            first.starts_with("verify_run_a_very_long_prefix_"),
            "{first}"
        );
        assert!(
            first
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{first}"
        );
    }
}
