//! The migration engine: applies [`Migration`]s to PostgreSQL in numbered batches.
//!
//! A batch is all or nothing: `up` applies every pending migration in one transaction
//! together with its rows in the tracking table (steps that PostgreSQL forbids in a
//! transaction run alone, and a failure after them is undone with the downs), and
//! `down` reverts the newest batch the same way, with the down steps recorded when it
//! was applied. Statements wait at most `lock_timeout` for a lock, and a runner that
//! dies mid-way leaves a marker the next `up` uses to finish its work. Every command that
//! writes holds a PostgreSQL advisory lock, so concurrent runners take turns. The
//! history is checked before anything runs: a changed, missing or out-of-order
//! migration stops `up`.
//!
//! Before a batch, [`backup()`] can take a `pg_dump` of the database into a file it
//! checks with `pg_restore --list` (the CLI's `up --backup`).
//!
//! The library never prints and never exits: it returns reports and [`Error`]s, whose
//! messages are complete and free of passwords.
//!
//! An application can migrate its database at start-up with the same engine the CLI
//! uses: [`Migrator::connect`], then [`up`](Migrator::up) (node-pg-migrate's
//! `migrate`), [`status`](Migrator::status), [`down`](Migrator::down) (`rollback`) and
//! [`close`](Migrator::close). Pass the list that [`embed_migrations!`] generates, or a
//! list of your own:
//!
//! ```
//! use pgbatch::{ConnectOptions, Migration, Migrator, Options};
//!
//! mod create_notes {
//!     pgbatch::migration! {
//!         createTable("notes", { id: "id", body: { type: "text", notNull: true } });
//!     }
//! }
//!
//! static MIGRATIONS: &[Migration] = &[Migration::new(1, "create_notes", create_notes::SCRIPT)];
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let scratch = ScratchDb::create().await;
//! # let url = scratch.url.clone();
//! let connect = ConnectOptions::from_url(&url)?;
//! let mut migrator = Migrator::connect(&connect, Options::default()).await?;
//!
//! let report = migrator.up(MIGRATIONS).await?;
//! assert_eq!(report.batch, Some(1));
//! assert_eq!(report.applied[0].label(), "001_create_notes");
//!
//! let status = migrator.status(MIGRATIONS).await?;
//! assert!(status.is_up_to_date());
//!
//! let reverted = migrator.down().await?;
//! assert_eq!(reverted.batches, [1]);
//! assert_eq!(migrator.status(MIGRATIONS).await?.pending(), 1);
//!
//! migrator.close().await;
//! # scratch.drop_it().await;
//! # Ok(())
//! # }
//! #
//! # /// A database of its own on DATABASE_URL's server (else the local one), so the
//! # /// example runs for real in `cargo test`.
//! # struct ScratchDb { admin: String, name: String, url: String }
//! # impl ScratchDb {
//! #     async fn create() -> Self {
//! #         let admin = std::env::var("DATABASE_URL")
//! #             .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
//! #         let name = format!("migrator_doctest_{}", std::process::id());
//! #         Self::run(&admin, &format!("CREATE DATABASE {name}")).await;
//! #         let url = ConnectOptions::from_url(&admin).unwrap().with_dbname(&name);
//! #         let config = url.as_config();
//! #         let url = format!(
//! #             "host={} port={} user={} dbname={name}{}",
//! #             match &config.get_hosts()[0] {
//! #                 tokio_postgres::config::Host::Tcp(host) => host.clone(),
//! #                 tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
//! #             },
//! #             config.get_ports()[0],
//! #             config.get_user().unwrap(),
//! #             config.get_password().map_or(String::new(), |password| format!(
//! #                 " password='{}'",
//! #                 String::from_utf8_lossy(password).replace('\\', "\\\\").replace('\'', "\\'")
//! #             )),
//! #         );
//! #         ScratchDb { admin, name, url }
//! #     }
//! #     async fn drop_it(self) {
//! #         Self::run(&self.admin, &format!("DROP DATABASE {} WITH (FORCE)", self.name)).await;
//! #     }
//! #     async fn run(admin: &str, sql: &str) {
//! #         let (client, connection) = admin.parse::<tokio_postgres::Config>().unwrap()
//! #             .connect(tokio_postgres::NoTls).await.unwrap();
//! #         tokio::spawn(connection);
//! #         client.batch_execute(sql).await.unwrap();
//! #     }
//! # }
//! ```
#![deny(clippy::print_stdout, clippy::print_stderr)]
#![warn(missing_docs, clippy::unwrap_used)]

mod backup;
pub mod catalog;
mod config;
mod drift;
mod error;
pub mod events;
mod execute;
mod lock;
mod migration;
mod options;
mod plan;
mod preview;
mod report;
mod run;
mod scratch;
mod session;
mod table;
pub mod testing;
mod tls;
mod verify;

pub use backup::{Backup, BackupRequest, backup};
pub use config::{
    APPLICATION_NAME, ConnectOptions, ConnectParts, Part, PassFile, PassFileOutcome, Source,
};
pub use drift::SchemaDrift;
pub use error::{
    Direction, Error, HistoryProblem, LockHolder, Outcome, Partial, StepFailure, Undo,
};
pub use lock::advisory_lock_key;
pub use migration::{__private, Migration, Origin, Script, Step};
pub use options::{Allow, DownTo, Options, TableName, UpTo};
pub use preview::{Preview, PreviewSegment, PreviewStep};
pub use report::{
    DownReport, Drift, InitReport, MarkReport, MigrationRun, MigrationStatus, Recovered,
    ResetReport, Seed, SeedReport, State, Status, UpReport,
};
pub use run::Migrator;
pub use scratch::ScratchDatabase;
pub use tls::SslMode;
pub use verify::{Phase, Problem, RoundTripFailure, Verification, VerifyOptions, verify};

/// Declares a migration in the DSL: its up steps, and optionally its down steps.
/// Checked and turned into SQL at compile time; see the crate `pgbatch-macros`.
#[cfg(feature = "macros")]
pub use pgbatch_macros::migration;

/// Includes the migrations that `pgbatch_build::embed_migrations` found, from the
/// build script's output: a module per file, `MIGRATIONS` (every migration, in order,
/// a `&'static [Migration]`) and `MIGRATIONS_DIR` (where `create` writes new ones).
///
/// ```text
/// // build.rs: fn main() { pgbatch_build::embed_migrations("migrations"); }
/// pgbatch::embed_migrations!();
/// ```
#[macro_export]
macro_rules! embed_migrations {
    () => {
        ::core::include!(::core::concat!(
            ::core::env!("OUT_DIR"),
            "/pgbatch_migrations.rs"
        ));
    };
}
