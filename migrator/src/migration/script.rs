//! Reads the one string a [`Script`](super::Script) is compiled to (`pgbatch_dsl`'s
//! `encode` writes it). Every text is borrowed from that `'static` string, so reading
//! copies no SQL.
//!
//! The format (version 1, the `__v1` field): a sequence of fields, each its length in
//! bytes, in decimal, then `:` and the bytes:
//!
//! ```text
//! script := checksum lock_timeout_ms up down
//! up     := count step*                 down := "-" (irreversible) | count step*
//! step   := sql flags count origin*     flags: "t" in a transaction, "c" commit after
//! origin := offset operation file line_column statement
//!           (file, line_column ("3:5") and statement ("1:2") are empty when unknown)
//! ```

use super::{Origin, Step};
use std::borrow::Cow;

/// A script as read: what the accessors of `Script` return (the checksum and the
/// `lock_timeout` are read alone, without the steps).
pub(super) struct Read {
    pub(super) up: Vec<Step>,
    pub(super) down: Option<Vec<Step>>,
}

/// The script of a migration that failed to compile: no checksum, no steps, no down.
pub(super) const STUB: &str = "0:0:1:01:-";

/// Reads `text`, which `migration!` or the build script wrote.
pub(super) fn read(text: &'static str) -> Read {
    parse(text).unwrap_or_else(|| malformed(text))
}

/// The checksum alone, read without the steps: a no-op `up` compares every
/// migration's.
pub(super) fn checksum(text: &'static str) -> &'static str {
    Fields(text).next().unwrap_or_else(|| malformed(text))
}

/// The `lock_timeout` alone.
pub(super) fn lock_timeout_ms(text: &'static str) -> Option<u64> {
    let mut fields = Fields(text);
    fields
        .next()
        .and_then(|_| fields.optional(|field| field.parse().ok()))
        .unwrap_or_else(|| malformed(text))
}

fn malformed(text: &str) -> ! {
    panic!(
        "a migration's compiled script is malformed (written by hand, or by a `migration!` of another version of pgbatch): {text:?}"
    )
}

fn parse(text: &'static str) -> Option<Read> {
    let mut fields = Fields(text);
    // The checksum and the `lock_timeout`, read alone by `checksum` and
    // `lock_timeout_ms`, are checked here.
    fields.next()?;
    fields.optional(|field| field.parse::<u64>().ok())?;
    let up = fields.steps()?;
    let down = match fields.next()? {
        "-" => None,
        count => Some(fields.steps_of(count.parse().ok()?)?),
    };
    fields.0.is_empty().then_some(Read { up, down })
}

/// The fields left to read.
struct Fields(&'static str);

impl Fields {
    fn next(&mut self) -> Option<&'static str> {
        let (length, rest) = self.0.split_once(':')?;
        let length: usize = length.parse().ok()?;
        let field = rest.get(..length)?;
        self.0 = rest.get(length..)?;
        Some(field)
    }

    /// A field that may be empty, parsed when it is not.
    fn optional<T>(&mut self, parse: impl Fn(&'static str) -> Option<T>) -> Option<Option<T>> {
        match self.next()? {
            "" => Some(None),
            field => parse(field).map(Some),
        }
    }

    fn number(&mut self) -> Option<u32> {
        self.next()?.parse().ok()
    }

    fn steps(&mut self) -> Option<Vec<Step>> {
        let count = self.number()?;
        self.steps_of(count)
    }

    fn steps_of(&mut self, count: u32) -> Option<Vec<Step>> {
        (0..count).map(|_| self.step()).collect()
    }

    fn step(&mut self) -> Option<Step> {
        let sql = self.next()?;
        let flags = self.next()?;
        let origins = (0..self.number()?)
            .map(|_| self.origin())
            .collect::<Option<_>>()?;
        Some(Step {
            sql: Cow::Borrowed(sql),
            transaction: flags.contains('t'),
            commit_after: flags.contains('c'),
            origins,
        })
    }

    fn origin(&mut self) -> Option<(u32, Origin)> {
        let offset = self.number()?;
        let operation = self.next()?;
        let file = self.optional(Some)?;
        let line_column = self.optional(pair)?;
        let statement = self.optional(pair)?;
        Some((
            offset,
            Origin {
                operation,
                file,
                line_column,
                statement,
            },
        ))
    }
}

/// `3:5`.
fn pair(field: &str) -> Option<(u32, u32)> {
    let (a, b) = field.split_once(':')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// A script written field by field, as `pgbatch_dsl`'s encoder writes it (the tests
/// crate checks that the two agree on every migration of the examples and histories).
#[cfg(test)]
pub(crate) fn fields(fields: &[&str]) -> &'static str {
    let text: String = fields
        .iter()
        .map(|field| format!("{}:{field}", field.len()))
        .collect();
    Box::leak(text.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_reads_back_with_its_texts_borrowed() {
        let text = fields(&[
            "abc",
            "30000",
            "1",
            // The up: one step, one origin.
            "CREATE TABLE a()",
            "t",
            "1",
            "0",
            "createTable(\"a\", {})",
            "migrations/001_a.rs",
            "3:5",
            "",
            // The down: two steps, the second of two statements.
            "2",
            "ALTER TYPE e ADD VALUE 'x'",
            "tc",
            "0",
            "SELECT 1; SELECT 2;",
            "",
            "2",
            "0",
            "sql(…)",
            "",
            "",
            "1:2",
            "10",
            "sql(…)",
            "",
            "",
            "2:2",
        ]);
        assert_eq!(
            (checksum(text), lock_timeout_ms(text)),
            ("abc", Some(30000))
        );
        let read = read(text);
        assert_eq!(read.up.len(), 1);
        let up = &read.up[0];
        assert_eq!(up.sql, "CREATE TABLE a()");
        assert!(matches!(up.sql, Cow::Borrowed(_)));
        assert!(up.transaction && !up.commit_after);
        assert_eq!(
            up.origins,
            vec![(
                0,
                Origin {
                    operation: "createTable(\"a\", {})",
                    file: Some("migrations/001_a.rs"),
                    line_column: Some((3, 5)),
                    statement: None,
                }
            )]
        );
        let down = read.down.expect("a down");
        assert_eq!(down.len(), 2);
        assert!(down[0].transaction && down[0].commit_after && down[0].origins.is_empty());
        assert_eq!(down[1].sql, "SELECT 1; SELECT 2;");
        assert!(!down[1].transaction && !down[1].commit_after);
        assert_eq!(down[1].origins[1].0, 10);
        assert_eq!(down[1].origins[1].1.statement, Some((2, 2)));
        assert_eq!(down[1].origins[1].1.file, None);

        let stub = super::read(STUB);
        assert_eq!(
            (
                checksum(STUB),
                lock_timeout_ms(STUB),
                stub.up.len(),
                stub.down.is_none()
            ),
            ("", None, 0, true)
        );
    }

    #[test]
    fn a_damaged_script_is_refused_whole() {
        // Missing fields, a length beyond the text, a count not a number, text left over.
        for text in [
            "",
            "3:abc",
            "3:abc0:1:0",
            "9:abc0:1:01:-",
            "3:abc0:1:x1:-",
            "3:abc0:1:01:-x",
        ] {
            assert!(parse(text).is_none(), "{text:?}");
        }
    }
}
