//! Test databases for an application's own tests: a fresh database per test, migrated
//! and seeded, dropped afterwards even when the test fails.
//!
//! Each [`TestDatabase`] is a [`ScratchDatabase`] of its own on the server that
//! `DATABASE_URL` and libpq's `PG*` variables name (or one given with
//! [`Builder::with_server`]), so tests run in parallel, in one process or several,
//! without seeing each other's rows. The database is migrated with the same engine
//! as production — to the latest migration or to a given one — and optionally seeded.
//! [`TestDatabase::apply_next`] then applies exactly one more migration, so a test can
//! put rows in place and check what a data migration does to them.
//!
//! ```no_run
//! use pgbatch::testing::TestDatabase;
//! use pgbatch::{Migration, Seed, UpTo};
//!
//! mod create_users {
//!     pgbatch::migration! {
//!         createTable("users", { id: "id", name: { type: "text", notNull: true } });
//!     }
//! }
//! mod add_users_initial {
//!     pgbatch::migration! {
//!         up {
//!             addColumn("users", { initial: "text" });
//!             sql("UPDATE users SET initial = left(name, 1)");
//!         }
//!         down { sql("ALTER TABLE users DROP COLUMN initial"); }
//!     }
//! }
//!
//! // In an application: `pgbatch::embed_migrations!();` and its `MIGRATIONS`.
//! static MIGRATIONS: &[Migration] = &[
//!     Migration::new(1, "create_users", create_users::SCRIPT),
//!     Migration::new(2, "add_users_initial", add_users_initial::SCRIPT),
//! ];
//!
//! #[tokio::test]
//! async fn counts_the_seeded_users() -> Result<(), Box<dyn std::error::Error>> {
//!     let seeds = [Seed { name: "001_users.sql".into(), sql: "INSERT INTO users (name) VALUES ('ada')".into() }];
//!     let db = TestDatabase::builder().migrations(MIGRATIONS).seeds(&seeds).create().await?;
//!     let client = db.client().await?;
//!     let users: i64 = client.query_one("SELECT count(*) FROM users", &[]).await?.get(0);
//!     assert_eq!(users, 1);
//!     Ok(())
//!     // `db` is dropped here, and its database with it, even if an assertion failed.
//! }
//!
//! #[tokio::test]
//! async fn fills_the_initial_of_existing_users() -> Result<(), Box<dyn std::error::Error>> {
//!     let db = TestDatabase::builder().migrations(MIGRATIONS).to(UpTo::Through(1)).create().await?;
//!     let client = db.client().await?;
//!     client.batch_execute("INSERT INTO users (name) VALUES ('grace')").await?;
//!     let report = db.apply_next().await?;
//!     assert_eq!(report.applied.len(), 1);
//!     let initial: String = client.query_one("SELECT initial FROM users", &[]).await?.get(0);
//!     assert_eq!(initial, "g");
//!     db.drop_database().await?; // optional: reports a failure to drop, where `Drop` cannot
//!     Ok(())
//! }
//! # fn main() {}
//! ```

mod seeds;

pub use seeds::read_seeds;

use crate::{ConnectOptions, Error, Migration, Migrator, Options, ScratchDatabase, Seed};
use crate::{UpReport, UpTo};
use tokio_postgres::Client;

/// The name a test database starts with unless [`Builder::prefix`] says otherwise.
pub const DEFAULT_PREFIX: &str = "pgbatch_test";

/// A database for one test: created, migrated and seeded by [`TestDatabase::builder`],
/// and dropped by [`drop_database`](Self::drop_database) or, failing that, when the
/// value is dropped — also when the test panics.
#[derive(Debug)]
pub struct TestDatabase {
    scratch: ScratchDatabase,
    migrations: Vec<Migration>,
    options: Options,
}

/// How to make a [`TestDatabase`]: where, which migrations, how far, which seeds.
/// Start from [`TestDatabase::builder`].
#[derive(Debug, Clone, Default)]
pub struct Builder {
    server: Option<ConnectOptions>,
    migrations: Vec<Migration>,
    to: UpTo,
    seeds: Vec<Seed>,
    options: Options,
    prefix: Option<String>,
}

impl TestDatabase {
    /// A builder with the defaults: the server from the environment, no migrations,
    /// no seeds, [`Options::default`], names starting with [`DEFAULT_PREFIX`].
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The database's name, `<prefix>_<process id>_<counter>_<clock>`.
    pub fn name(&self) -> &str {
        self.scratch.name()
    }

    /// Settings that connect to this database, for the application's own pool.
    pub fn options(&self) -> &ConnectOptions {
        self.scratch.options()
    }

    /// A new client connected to this database, its connection driven on a task of
    /// the current runtime.
    pub async fn client(&self) -> Result<Client, Error> {
        self.scratch.client().await
    }

    /// The migrations this database was built with.
    pub fn migrations(&self) -> &[Migration] {
        &self.migrations
    }

    /// A [`Migrator`] connected to this database with the builder's [`Options`], for
    /// the commands this type has no shortcut for (`down`, `status`…).
    pub async fn migrator(&self) -> Result<Migrator, Error> {
        Migrator::connect(self.options(), self.options.clone()).await
    }

    /// Applies the pending migrations up to `to` as one batch, as `up` does.
    pub async fn migrate(&self, to: UpTo) -> Result<UpReport, Error> {
        let mut migrator = self.migrator().await?;
        let report = migrator.up_to(&self.migrations, to).await;
        migrator.close().await;
        report
    }

    /// Applies exactly the next pending migration, for testing a data migration: build
    /// the database [`to`](Builder::to) the migration before it, insert rows, call
    /// this, then check the rows. With nothing pending, applies nothing (the report's
    /// `applied` is empty).
    pub async fn apply_next(&self) -> Result<UpReport, Error> {
        self.migrate(UpTo::Steps(1)).await
    }

    /// Drops the database now, ending any session still connected to it, and reports a
    /// failure to do so (which `Drop` can only ignore).
    pub async fn drop_database(self) -> Result<(), Error> {
        self.scratch.drop_database().await
    }
}

impl Builder {
    /// Creates the database on the server `server` connects to (it may name any
    /// database there) instead of the one the environment names.
    pub fn with_server(mut self, server: ConnectOptions) -> Self {
        self.server = Some(server);
        self
    }

    /// The migrations to apply, in order (usually `MIGRATIONS`).
    pub fn migrations(mut self, migrations: &[Migration]) -> Self {
        self.migrations = migrations.to_vec();
        self
    }

    /// How far to migrate: [`UpTo::All`] (the default), [`UpTo::Through`] an id, or
    /// [`UpTo::Steps`]. The migrations are applied as one batch.
    pub fn to(mut self, to: UpTo) -> Self {
        self.to = to;
        self
    }

    /// Seeds to run, in order and each in its own transaction, once the database is
    /// migrated (see [`read_seeds`] for a folder of seed files).
    pub fn seeds(mut self, seeds: &[Seed]) -> Self {
        self.seeds = seeds.to_vec();
        self
    }

    /// The engine's options (tracking table, timeouts) for migrating, seeding and
    /// [`TestDatabase::migrator`].
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// What the database's name starts with, so leftovers are recognisable; characters
    /// other than ASCII letters, digits and `_` become `_`.
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = Some(prefix.to_owned());
        self
    }

    /// Creates the database, applies the migrations and runs the seeds. If migrating
    /// or seeding fails, the database is dropped before the error is returned.
    pub async fn create(self) -> Result<TestDatabase, Error> {
        let server = match self.server {
            Some(server) => server,
            None => ConnectOptions::from_env(|name| std::env::var(name).ok())?,
        };
        let prefix = self.prefix.as_deref().unwrap_or(DEFAULT_PREFIX);
        let database = TestDatabase {
            scratch: ScratchDatabase::create(&server, prefix).await?,
            migrations: self.migrations,
            options: self.options,
        };
        match prepare(&database, self.to, &self.seeds).await {
            Ok(()) => Ok(database),
            Err(error) => {
                // The error matters more than a failure to clean up, which `Drop` of
                // the scratch database retries anyway.
                let _ = database.drop_database().await;
                Err(error)
            }
        }
    }
}

/// Migrates a fresh database to `to` and runs `seeds`. An empty database stays
/// untouched (no tracking table) when there is nothing to apply or seed.
async fn prepare(database: &TestDatabase, to: UpTo, seeds: &[Seed]) -> Result<(), Error> {
    if database.migrations.is_empty() && seeds.is_empty() {
        return Ok(());
    }
    let mut migrator = database.migrator().await?;
    let outcome = async {
        let report = migrator.up_to(&database.migrations, to).await?;
        if !seeds.is_empty() {
            // `seed` wants every migration it is given applied: give it the ones that
            // are, which on a fresh database are the first ones, in order.
            let applied = &database.migrations[..report.applied.len()];
            migrator.seed(applied, seeds).await?;
        }
        Ok(())
    }
    .await;
    migrator.close().await;
    outcome
}
