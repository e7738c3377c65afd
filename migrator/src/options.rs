//! What a run may be told: the tracking table, how long to wait for the lock, and
//! which history problems to tolerate.

use crate::Error;
use std::time::Duration;

/// Engine options. Start from [`Options::default`] and change what you need.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The tracking table; `migrations` in the session's current schema by default.
    pub table: TableName,
    /// How long to wait for another runner's lock before giving up (default 60 s).
    pub lock_wait: Duration,
    /// History problems that `up` tolerates instead of refusing to run.
    pub allow: Allow,
    /// PostgreSQL's `lock_timeout` for migration statements (default 5 s): a statement
    /// that would wait longer for a lock fails instead of queueing every other query
    /// of the table behind it. A migration can set its own with `lockTimeout("…")`.
    pub lock_timeout: Duration,
    /// How many times a segment that failed on `lock_timeout` is retried (default 3),
    /// after pauses of 0.5 s, 1 s, 2 s…
    pub lock_retries: u32,
    /// PostgreSQL's `statement_timeout` for the session, if any (default: none).
    pub statement_timeout: Option<Duration>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            table: TableName {
                schema: None,
                name: "migrations".to_owned(),
            },
            lock_wait: Duration::from_secs(60),
            allow: Allow::default(),
            lock_timeout: Duration::from_secs(5),
            lock_retries: 3,
            statement_timeout: None,
        }
    }
}

/// History problems that `up` may be told to tolerate. All are refused by default,
/// because each usually means an environment and the source have drifted apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Allow {
    /// Run even though an applied migration's source has changed.
    pub changed: bool,
    /// Run even though an applied migration is missing from the source.
    pub missing: bool,
    /// Apply pending migrations numbered below the newest applied one.
    pub out_of_order: bool,
}

/// How far `up` goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum UpTo {
    /// Every pending migration.
    #[default]
    All,
    /// Pending migrations up to and including this id (`up --to ID`).
    Through(u32),
    /// The next N pending migrations (`up --step N`).
    Steps(usize),
}

/// How far `down` goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum DownTo {
    /// The newest batch.
    #[default]
    LastBatch,
    /// The newest N batches (`down --batches N`).
    Batches(usize),
    /// Every migration applied after this id, across batches (`down --to ID`; 0 for all).
    After(u32),
    /// Every batch (`down --all`).
    All,
}

/// A table name, optionally schema-qualified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableName {
    /// The schema; `None` resolves through the session's `search_path`.
    pub schema: Option<String>,
    /// The table.
    pub name: String,
}

impl TableName {
    /// Parses `table` or `schema.table`. Each part is taken literally (case kept) and
    /// must be 1 to 63 bytes, PostgreSQL's limit.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let (schema, name) = match text.split_once('.') {
            Some((schema, name)) => (Some(schema), name),
            None => (None, text),
        };
        for part in schema.iter().chain([&name]) {
            if part.is_empty() || part.len() > 63 || part.contains('.') || part.contains('\0') {
                return Err(Error::InvalidOptions {
                    reason: format!(
                        "tracking table `{text}`: expected `table` or `schema.table`, each 1 to 63 bytes"
                    ),
                });
            }
        }
        Ok(TableName {
            schema: schema.map(str::to_owned),
            name: name.to_owned(),
        })
    }

    /// The name quoted for SQL: `"schema"."table"`.
    pub(crate) fn quoted(&self) -> String {
        match &self.schema {
            Some(schema) => format!("{}.{}", quote_ident(schema), quote_ident(&self.name)),
            None => quote_ident(&self.name),
        }
    }
}

impl std::fmt::Display for TableName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.schema {
            Some(schema) => write!(f, "{schema}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// Quotes an identifier for SQL; the engine's only way of putting a name into SQL.
pub(crate) fn quote_ident(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// A timeout as PostgreSQL's whole milliseconds, rounded up: 0 means "no limit" to
/// PostgreSQL, so a non-zero duration under a millisecond must not become 0.
pub(crate) fn millis(duration: Duration) -> u64 {
    let millis = u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
    if millis == 0 && !duration.is_zero() {
        1
    } else {
        millis
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_parse_and_quote() {
        let plain = TableName::parse("migrations").expect("valid");
        assert_eq!(plain.quoted(), r#""migrations""#);
        let qualified = TableName::parse("ops.Schema\"History").expect("valid");
        assert_eq!(qualified.quoted(), r#""ops"."Schema""History""#);
        assert_eq!(qualified.to_string(), "ops.Schema\"History");
        for bad in ["", ".x", "x.", "a.b.c", &"x".repeat(64)] {
            assert!(TableName::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timeouts_under_a_millisecond_never_become_no_limit() {
        assert_eq!(millis(Duration::from_micros(500)), 1);
        assert_eq!(millis(Duration::ZERO), 0);
        assert_eq!(millis(Duration::from_millis(1500)), 1500);
    }
}
