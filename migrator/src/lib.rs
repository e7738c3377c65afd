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
//! The library never prints and never exits: it returns reports and [`Error`]s, whose
//! messages are complete and free of passwords.
//!
//! ```no_run
//! use migrator::{ConnectOptions, Migrator, Options};
//!
//! # async fn example(migrations: &[migrator::Migration]) -> Result<(), migrator::Error> {
//! let connect = ConnectOptions::from_url("postgres://postgres@localhost/app")?;
//! let mut migrator = Migrator::connect(&connect, Options::default()).await?;
//! let report = migrator.up(migrations).await?;
//! if let Some(batch) = report.batch {
//!     assert_eq!(report.applied.len(), migrator.status(migrations).await?.applied());
//!     let _ = batch;
//! }
//! migrator.close().await;
//! # Ok(())
//! # }
//! ```
#![deny(clippy::print_stdout, clippy::print_stderr)]
#![warn(missing_docs, clippy::unwrap_used)]

mod config;
mod error;
mod execute;
mod lock;
mod migration;
mod options;
mod plan;
mod preview;
mod report;
mod run;
mod table;
mod tls;

pub use config::{APPLICATION_NAME, ConnectOptions, ConnectParts};
pub use error::{Direction, Error, HistoryProblem, LockHolder, StepFailure};
pub use lock::advisory_lock_key;
pub use migration::{__private, Migration, Script, Step};
pub use options::{Allow, DownTo, Options, TableName, UpTo};
pub use preview::{Preview, PreviewSegment, PreviewStep};
pub use report::{
    DownReport, Drift, InitReport, MarkReport, MigrationRun, MigrationStatus, Recovered,
    ResetReport, Seed, SeedReport, State, Status, UpReport,
};
pub use run::Migrator;
pub use tls::SslMode;
