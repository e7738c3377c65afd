//! The migration lock: a session-level advisory lock, one per tracking table.
//!
//! Waiting is a loop of `pg_try_advisory_lock` in autocommit, never a blocking
//! `pg_advisory_lock` inside a transaction: a waiter then holds no snapshot between
//! attempts, so a `CREATE INDEX CONCURRENTLY` run by the holder never waits on it
//! (the deadlock of Flyway's issue #1654). The lock belongs to the session, so a
//! runner that crashes or loses its connection releases it with its backend.

use crate::Error;
use crate::error::{LockHolder, database_error};
use crate::events::{self, ms};
use crate::options::TableName;
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};
use tokio_postgres::Client;

/// The advisory lock key for a tracking table: the first eight bytes of SHA-256 over
/// a fixed prefix and the table's name, so runners that share a table share a lock
/// and runners of different tables (or other users of advisory locks) do not collide.
pub fn advisory_lock_key(table: &TableName) -> i64 {
    let digest = Sha256::digest(format!("migrator lock\0{table}").as_bytes());
    let mut bytes = [0; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

/// Takes the lock, retrying with growing pauses (up to a second) until `wait` has
/// passed; then reports who holds it. A wait is announced as an event naming the
/// holder, and its end too.
pub(crate) async fn acquire(client: &Client, key: i64, wait: Duration) -> Result<(), Error> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(20);
    let mut announced = false;
    loop {
        let row = client
            .query_one("SELECT pg_try_advisory_lock($1)", &[&key])
            .await
            .map_err(database_error("taking the migration lock"))?;
        if row.get::<_, bool>(0) {
            if announced {
                tracing::debug!(
                    waited_ms = ms(started.elapsed()),
                    "{}",
                    events::LOCK_ACQUIRED
                );
            }
            return Ok(());
        }
        if !announced {
            // One look at the holder, so a subscriber can say whom this runner waits for.
            announced = true;
            let holder = holder(client, key).await;
            tracing::debug!(
                holder_pid = holder.as_ref().map_or(0, |holder| holder.pid),
                holder_application = holder
                    .as_ref()
                    .map_or("", |holder| holder.application_name.as_str()),
                holder_addr = holder
                    .as_ref()
                    .and_then(|holder| holder.client_addr.as_deref())
                    .unwrap_or_default(),
                wait_ms = ms(wait),
                "{}",
                events::LOCK_WAITING
            );
        }
        let waited = started.elapsed();
        if waited >= wait {
            // Ends the announced wait, so a subscriber's "waiting…" line goes away
            // before the error is shown.
            tracing::warn!(waited_ms = ms(waited), "{}", events::LOCK_GAVE_UP);
            return Err(Error::LockTimeout {
                waited,
                holder: holder(client, key).await,
            });
        }
        tokio::time::sleep(pause.min(wait - waited)).await;
        pause = (pause * 2).min(Duration::from_secs(1));
    }
}

/// Releases the lock. A failure here is harmless (the lock goes with the session,
/// which the caller is about to close), so it is not reported.
pub(crate) async fn release(client: &Client, key: i64) {
    let _ = client
        .query_one("SELECT pg_advisory_unlock($1)", &[&key])
        .await;
}

/// The session holding the lock, if it can be seen. A bigint advisory key shows in
/// `pg_locks` as its high half in `classid`, its low half in `objid`, and `objsubid` 1.
async fn holder(client: &Client, key: i64) -> Option<LockHolder> {
    let row = client
        .query_opt(
            "SELECT a.pid, coalesce(a.application_name, ''), host(a.client_addr)
             FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.locktype = 'advisory' AND l.granted
               AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND l.classid = (($1::bigint >> 32) & 4294967295)::oid
               AND l.objid = ($1::bigint & 4294967295)::oid
               AND l.objsubid = 1
             LIMIT 1",
            &[&key],
        )
        .await
        .ok()??;
    Some(LockHolder {
        pid: row.get(0),
        application_name: row.get(1),
        client_addr: row.get(2),
    })
}
