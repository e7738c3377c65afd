//! The integration-test harness: a real PostgreSQL server, a fresh database per test,
//! fixture migration sets, and helpers to read the database's state.
//!
//! The server is `DATABASE_URL` when set, else the local one at
//! `postgres://postgres@127.0.0.1:5432/postgres`, else a throwaway cluster started in
//! a temporary directory with the installed PostgreSQL binaries.
#![allow(clippy::unwrap_used, clippy::print_stderr, unreachable_pub)]

pub mod cli;
pub mod cluster;
pub mod dump;
pub mod fixtures;
pub mod proxy;
pub mod round_trip;
pub mod serve;

use pgbatch::ConnectOptions;
use pgbatch::testing::TestDatabase;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tokio_postgres::{Client, NoTls};

/// The server the tests use, found or started once per test process.
pub fn server() -> &'static ConnectOptions {
    static SERVER: OnceLock<ConnectOptions> = OnceLock::new();
    SERVER.get_or_init(|| {
        // Finding the server needs async I/O; do it on a runtime of its own so this
        // works from any test, async or not.
        std::thread::spawn(find_server).join().unwrap()
    })
}

fn find_server() -> ConnectOptions {
    if let Ok(url) = std::env::var("DATABASE_URL") {
        return patient(&url).expect("DATABASE_URL is not a valid URL");
    }
    let local = patient("postgres://postgres@127.0.0.1:5432/postgres").expect("valid URL");
    let forced = std::env::var("MIGRATOR_TEST_SERVER").is_ok_and(|value| value == "cluster");
    if !forced && runtime().block_on(local.as_config().connect(NoTls)).is_ok() {
        return local;
    }
    eprintln!("no PostgreSQL at DATABASE_URL or 127.0.0.1:5432; starting a throwaway cluster");
    let cluster = cluster::Cluster::start(cluster::Auth::Trust);
    let options =
        patient(&connection_string(&cluster.connect_options())).expect("a valid connection string");
    // The cluster lives as long as the test process, which stops it on exit.
    std::mem::forget(cluster);
    options
}

/// The server `url` names, waiting up to 60 s for a connection to start unless the
/// URL says otherwise: on a loaded machine, sixteen `CREATE DATABASE`s at once can hold
/// a new connection's start-up past the engine's default 10 s. Test databases, and the
/// command lines the tests run (through [`connection_string`]), inherit it.
fn patient(url: &str) -> Result<ConnectOptions, pgbatch::Error> {
    let options = ConnectOptions::from_url(url)?;
    if options.as_config().get_connect_timeout().is_some() {
        return Ok(options);
    }
    let patient = match (url.contains("://"), url.contains('?')) {
        (true, true) => format!("{url}&connect_timeout=60"),
        (true, false) => format!("{url}?connect_timeout=60"),
        (false, _) => format!("{url} connect_timeout=60"),
    };
    ConnectOptions::from_url(&patient)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A PostgreSQL client program (`pg_dump`, `psql`…): on the `PATH`, else from the
/// newest installed version.
pub fn pg_bin(name: &str) -> std::path::PathBuf {
    cluster::find_bin(name)
}

/// Connects a client, driving its connection on the current runtime.
pub async fn connect(options: &ConnectOptions) -> Client {
    let (client, connection) = options
        .as_config()
        .connect(NoTls)
        .await
        .unwrap_or_else(|error| panic!("cannot connect to {options}: {error}"));
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
}

/// Whether a database of that name exists on the test server.
pub async fn database_exists(name: &str) -> bool {
    connect(server())
        .await
        .query_one(
            "SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)",
            &[&name],
        )
        .await
        .unwrap()
        .get(0)
}

/// A database created for one test and dropped when the test ends (even when it
/// panics): an empty [`TestDatabase`] named `migrator_test_…`, with the readers the
/// tests share.
#[derive(Debug)]
pub struct TestDb {
    database: TestDatabase,
}

impl TestDb {
    /// Creates a fresh, empty database on the test server.
    pub async fn new() -> TestDb {
        Self::on(server()).await
    }

    /// Creates a fresh, empty database on another server (`admin` connects to it).
    pub async fn on(admin: &ConnectOptions) -> TestDb {
        let database = TestDatabase::builder()
            .with_server(admin.clone())
            .prefix("migrator_test")
            .create()
            .await
            .unwrap_or_else(|error| panic!("cannot create a test database on {admin}: {error}"));
        TestDb { database }
    }

    /// Another handle on the same database that does not drop it (for tasks).
    pub fn reader(db: &TestDb) -> TestDbRef {
        TestDbRef {
            options: db.options().clone(),
        }
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        self.database.name()
    }

    /// Connection settings for this database.
    pub fn options(&self) -> &ConnectOptions {
        self.database.options()
    }

    /// A libpq `key=value` connection string for this database, for the CLI.
    pub fn url(&self) -> String {
        connection_string(self.options())
    }

    /// Takes the migration lock of the default tracking table from a session named
    /// `blocker`, as another runner would hold it; returns that session and its pid.
    pub async fn hold_migration_lock(&self) -> (Client, i32) {
        let options =
            ConnectOptions::from_url(&format!("{} application_name=blocker", self.url())).unwrap();
        let blocker = connect(&options).await;
        let key = pgbatch::advisory_lock_key(&pgbatch::TableName::parse("migrations").unwrap());
        let pid: i32 = blocker
            .query_one("SELECT pg_backend_pid()", &[])
            .await
            .unwrap()
            .get(0);
        blocker
            .execute("SELECT pg_advisory_lock($1)", &[&key])
            .await
            .unwrap();
        (blocker, pid)
    }

    /// A new client connected to this database.
    pub async fn client(&self) -> Client {
        connect(self.options()).await
    }

    /// Polls `condition` (a query returning one boolean) every 20 ms until it holds;
    /// fails the test with `what` once `within` has passed.
    pub async fn wait_until(&self, condition: &str, within: Duration, what: &str) {
        let client = self.client().await;
        let deadline = Instant::now() + within;
        loop {
            let holds: bool = client.query_one(condition, &[]).await.unwrap().get(0);
            if holds {
                return;
            }
            assert!(Instant::now() < deadline, "{what}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Loads `big` with 200,000 rows of application data; returns its fingerprint.
    /// Fault tests check afterwards that whatever happened did not touch it.
    pub async fn load_big(&self) -> (i64, String) {
        self.client()
            .await
            .batch_execute(
                "CREATE TABLE big (id int PRIMARY KEY, payload text NOT NULL);
                 INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, 200000) AS g;
                 ANALYZE big",
            )
            .await
            .unwrap();
        self.fingerprint().await
    }

    /// Row count and a checksum of every row of `big`.
    pub async fn fingerprint(&self) -> (i64, String) {
        let row = self
            .client()
            .await
            .query_one(
                "SELECT count(*), md5(string_agg(id::text || ':' || payload, ',' ORDER BY id)) FROM big",
                &[],
            )
            .await
            .unwrap();
        (row.get(0), row.get(1))
    }

    /// The tables of the `public` schema other than `big` and the tracking table's
    /// summary (which `tests/summary.rs` checks), sorted.
    pub async fn tables(&self) -> Vec<String> {
        self.client()
            .await
            .query(
                "SELECT tablename::text FROM pg_tables
                 WHERE schemaname = 'public' AND tablename NOT IN ('big', 'migrations_summary')
                 ORDER BY 1",
                &[],
            )
            .await
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect()
    }

    /// The rows of the tracking table `migrations` as `(id, name, batch)`, by id; empty
    /// when the table does not exist.
    pub async fn tracking(&self) -> Vec<(i64, String, i32)> {
        self.tracking_in("migrations").await
    }

    /// The summary beside the tracking table `migrations` as `(rows, digest,
    /// interrupted)`, and the same three counted afresh from the tracking table's rows:
    /// equal while the summary is true.
    pub async fn summary(&self) -> (String, String) {
        let row = self
            .client()
            .await
            .query_one(
                "SELECT (SELECT row(rows, digest, interrupted)::text FROM migrations_summary),
                        (SELECT row(count(*), mod(coalesce(sum(
                                    CASE WHEN checksum ~ '^[0-9a-f]{15}'
                                         THEN ('x' || substr(checksum, 1, 15))::bit(60)::bigint
                                         ELSE ('x' || substr(md5(checksum), 1, 15))::bit(60)::bigint
                                    END::numeric * (2 * id + 1)), 0), 18446744073709551616),
                                    count(interrupted))::text
                         FROM migrations)",
                &[],
            )
            .await
            .unwrap();
        (row.get(0), row.get(1))
    }

    /// `(id, batch)` of each tracking row, by id.
    pub async fn batches(&self) -> Vec<(i64, i32)> {
        self.tracking()
            .await
            .into_iter()
            .map(|(id, _, batch)| (id, batch))
            .collect()
    }

    /// How many rows `table` holds.
    pub async fn count(&self, table: &str) -> i64 {
        self.client()
            .await
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .await
            .unwrap()
            .get(0)
    }

    /// Like [`tracking`](Self::tracking), for a tracking table with another name.
    pub async fn tracking_in(&self, table: &str) -> Vec<(i64, String, i32)> {
        let client = self.client().await;
        let exists: bool = client
            .query_one("SELECT to_regclass($1) IS NOT NULL", &[&table])
            .await
            .unwrap()
            .get(0);
        if !exists {
            return Vec::new();
        }
        client
            .query(
                &format!("SELECT id, name, batch FROM {table} ORDER BY id"),
                &[],
            )
            .await
            .unwrap()
            .iter()
            .map(|row| (row.get(0), row.get(1), row.get(2)))
            .collect()
    }
}

/// A handle on a [`TestDb`] that can move into a task; the database belongs to the
/// `TestDb`.
#[derive(Debug, Clone)]
pub struct TestDbRef {
    options: ConnectOptions,
}

impl TestDbRef {
    /// A new client connected to the database.
    pub async fn client(&self) -> Client {
        connect(&self.options).await
    }
}

/// Renders settings as a libpq `key=value` string, quoting every value.
pub fn connection_string(options: &ConnectOptions) -> String {
    use tokio_postgres::config::Host;
    let config = options.as_config();
    let quote = |value: &str| format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"));
    let mut parts = Vec::new();
    if let Some(host) = config.get_hosts().first() {
        let host = match host {
            Host::Tcp(name) => name.clone(),
            Host::Unix(path) => path.display().to_string(),
        };
        parts.push(format!("host={}", quote(&host)));
    }
    if let Some(port) = config.get_ports().first() {
        parts.push(format!("port={port}"));
    }
    if let Some(user) = config.get_user() {
        parts.push(format!("user={}", quote(user)));
    }
    if let Some(password) = config.get_password() {
        parts.push(format!(
            "password={}",
            quote(&String::from_utf8_lossy(password))
        ));
    }
    if let Some(dbname) = config.get_dbname() {
        parts.push(format!("dbname={}", quote(dbname)));
    }
    if let Some(timeout) = config.get_connect_timeout() {
        parts.push(format!("connect_timeout={}", timeout.as_secs()));
    }
    parts.join(" ")
}
