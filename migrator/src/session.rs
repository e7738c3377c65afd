//! A `Migrator`'s session: opening a connection, or adopting a client the application
//! already has; preparing the session's settings; and closing it, or handing the
//! client back as it was.

use crate::error::{database_error, describe};
use crate::tls::{self, SslMode};
use crate::{ConnectOptions, Error, Migrator, Options, lock};
use tokio::task::JoinHandle;
use tokio_postgres::{Client, NoTls};

/// An application's session settings as they were before the engine changed them.
#[derive(Debug)]
pub(crate) struct Saved {
    lock_timeout: String,
    statement_timeout: String,
    /// `None` before PostgreSQL 14, which has no such setting.
    check_interval: Option<String>,
}

impl Migrator {
    /// Connects and prepares the session.
    pub async fn connect(connect: &ConnectOptions, options: Options) -> Result<Self, Error> {
        let (client, connection) = open(connect).await?;
        prepare(&client, &options).await?;
        Ok(Migrator {
            lock_key: lock::advisory_lock_key(&options.table),
            client,
            connection: Some(connection),
            restore: None,
            target: connect.to_string(),
            options,
        })
    }

    /// Adopts a client the application already has (whose connection it drives), for
    /// migrating at start-up over the application's own pool or connection. The
    /// session's `lock_timeout`, `statement_timeout` and
    /// `client_connection_check_interval` are set for migrating;
    /// [`into_client`](Self::into_client) puts them back. The client must not be inside
    /// a transaction.
    pub async fn from_client(client: Client, options: Options) -> Result<Self, Error> {
        let row = client
            .query_one(
                "SELECT current_user::text || '@' ||
                        coalesce(host(inet_server_addr()), 'local socket') || ':' ||
                        coalesce(inet_server_port(), current_setting('port')::int) || '/' ||
                        current_database(),
                        current_setting('lock_timeout'),
                        current_setting('statement_timeout'),
                        current_setting('client_connection_check_interval', true)",
                &[],
            )
            .await
            .map_err(database_error("reading the application's session"))?;
        let saved = Saved {
            lock_timeout: row.get(1),
            statement_timeout: row.get(2),
            check_interval: row.get(3),
        };
        prepare(&client, &options).await?;
        Ok(Migrator {
            lock_key: lock::advisory_lock_key(&options.table),
            client,
            connection: None,
            restore: Some(saved),
            target: row.get(0),
            options,
        })
    }

    /// Gives the client back: an application's client with its session settings as
    /// they were before [`from_client`](Self::from_client); a connection this
    /// `Migrator` opened, as it is.
    pub async fn into_client(self) -> Result<Client, Error> {
        if let Some(saved) = &self.restore {
            // Before PostgreSQL 14 there is no check interval to restore.
            self.client
                .query(
                    "SELECT set_config('lock_timeout', $1, false),
                            set_config('statement_timeout', $2, false),
                            CASE WHEN $3::text IS NOT NULL
                                 THEN set_config('client_connection_check_interval', $3, false)
                            END",
                    &[
                        &saved.lock_timeout,
                        &saved.statement_timeout,
                        &saved.check_interval,
                    ],
                )
                .await
                .map_err(database_error("restoring the application's session"))?;
        }
        Ok(self.client)
    }

    /// `user@host:port/dbname` of the database, without the password.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The server's version and the session's encryption (`TLSv1.3`, or `None` when
    /// the connection is not encrypted), as the server sees them.
    pub async fn session(&self) -> Result<(String, Option<String>), Error> {
        let row = self
            .client
            .query_one(
                "SELECT current_setting('server_version'),
                        (SELECT version || ' ' || cipher FROM pg_stat_ssl
                         WHERE pid = pg_backend_pid() AND ssl)",
                &[],
            )
            .await
            .map_err(database_error("reading the session's settings"))?;
        Ok((row.get(0), row.get(1)))
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Closes the connection and waits for it to end (an application's client is
    /// dropped; use [`into_client`](Self::into_client) to keep it).
    pub async fn close(self) {
        drop(self.client);
        if let Some(connection) = self.connection {
            let _ = connection.await;
        }
    }
}

/// Opens a connection, with TLS as `sslmode` asks, and drives it on a task of its own.
/// tokio-postgres bounds only the TCP connect with `connect_timeout`; libpq bounds the
/// whole connection (TLS, authentication, start-up), and so does this: a proxy that
/// accepts and never answers must not hang a deploy.
pub(crate) async fn open(connect: &ConnectOptions) -> Result<(Client, JoinHandle<()>), Error> {
    match connect.as_config().get_connect_timeout().copied() {
        Some(after) => tokio::time::timeout(after, open_unbounded(connect))
            .await
            .map_err(|_| Error::ConnectTimeout {
                target: connect.to_string(),
                after,
            })?,
        None => open_unbounded(connect).await,
    }
}

async fn open_unbounded(connect: &ConnectOptions) -> Result<(Client, JoinHandle<()>), Error> {
    let failed = |source: tokio_postgres::Error| Error::Connect {
        target: connect.to_string(),
        reason: describe(&source, None),
        source,
    };
    // The connection task ends when the client is dropped or the server goes away; a
    // lost connection surfaces as the error of the query that needed it.
    if connect.ssl_mode() == SslMode::Disable {
        let (client, connection) = connect.as_config().connect(NoTls).await.map_err(failed)?;
        Ok((client, tokio::spawn(async move { drop(connection.await) })))
    } else {
        let tls = tls::connector(connect.ssl_mode(), connect.ssl_root_cert())?;
        let (client, connection) = connect.as_config().connect(tls).await.map_err(failed)?;
        Ok((client, tokio::spawn(async move { drop(connection.await) })))
    }
}

/// Prepares a session for migrating. From PostgreSQL 14, a backend notices within a
/// second that its client died even while a statement runs, so a killed runner's
/// transaction and lock go at once instead of when its statement ends. Every statement
/// waits at most `lock_timeout` for a lock (see `Options`).
async fn prepare(client: &Client, options: &Options) -> Result<(), Error> {
    let statement_timeout = options.statement_timeout.map_or(0, crate::options::millis);
    client
        .batch_execute(&format!(
            "SELECT set_config('client_connection_check_interval', '1000', false)
             WHERE current_setting('server_version_num')::int >= 140000;
             SET lock_timeout = {};
             SET statement_timeout = {statement_timeout}",
            crate::options::millis(options.lock_timeout)
        ))
        .await
        .map_err(database_error("preparing the session"))
}
