//! Hazard lints over a migration's up SQL, by squawk's linter: pure, nothing printed.
//!
//! The build script calls [`lint`] once per migration with the statements its
//! operations expand to, in order, and renders the [`Finding`]s. The statements are
//! joined into one text, as squawk expects a migration file, with `BEGIN;`/`COMMIT;`
//! around each run of transactional statements: the engine runs consecutive
//! transactional steps in one transaction and each non-transactional step alone, and
//! squawk's rules about transactions (and its own allowance for tables created in the
//! same transaction) read exactly that. Each violation's text range then leads back
//! to the statement, and so the operation, it came from.
//!
//! Which rules run is [`rules`]' decision and [`config`]'s: hazards and mistakes by
//! default, style on request, the timeout rules never (the engine sets `lock_timeout`).
//! A hazard on a table the migration itself created is dropped ([`fresh`]).

pub(crate) mod config;
mod fresh;
pub(crate) mod rules;
#[cfg(test)]
mod tests;

pub(crate) use config::LintConfig;

use squawk_linter::{Linter, LinterSettings};
use squawk_syntax::SourceFile;

/// One migration's up, as the linter sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LintInput<'a> {
    /// The statements, in the order they run.
    pub(crate) statements: &'a [LintStatement<'a>],
}

/// One SQL statement (or a raw step holding several) of a migration's up.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LintStatement<'a> {
    /// The SQL, with or without its final `;`.
    pub(crate) sql: &'a str,
    /// The index of the DSL operation it came from, handed back in [`Finding`]s.
    pub(crate) operation: usize,
    /// Whether it runs inside the migration's transaction (`false` for a concurrent
    /// index build and the like, which runs alone).
    pub(crate) transaction: bool,
}

/// One rule's objection to one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// squawk's rule name, e.g. `require-concurrent-index-creation`.
    pub(crate) rule: String,
    /// squawk's message: what the statement does to a table in use.
    pub(crate) message: String,
    /// squawk's advice, when it has some.
    pub(crate) help: Option<String>,
    /// The operation whose statement drew the finding.
    pub(crate) operation: usize,
    /// Whether the configuration makes this rule an error.
    pub(crate) deny: bool,
}

/// Lints a migration's up: the configured rules' findings, in the order of the text,
/// except hazards on tables the migration created and those `allowed(operation, rule)`
/// silences (the DSL's per-operation allowances).
pub(crate) fn lint(
    input: &LintInput<'_>,
    config: &LintConfig,
    allowed: &dyn Fn(usize, &str) -> bool,
) -> Vec<Finding> {
    let script = Script::new(input.statements);
    let parse = SourceFile::parse(&script.text);
    let on_new_tables = fresh::OnNewTables::scan(&parse.tree());
    let mut linter = Linter::from(config.rules().iter().copied());
    linter.settings = LinterSettings {
        pg_version: config.pg_version(),
        // The text says where each transaction begins and ends.
        assume_in_transaction: false,
    };
    linter
        .lint(&parse, &script.text)
        .into_iter()
        .filter_map(|violation| {
            let offset = usize::from(violation.text_range.start());
            let statement = input.statements.get(script.statement_at(offset))?;
            if rules::kind(violation.code).spares_new_tables() && on_new_tables.contains(offset) {
                return None;
            }
            let rule = violation.code.to_string();
            if allowed(statement.operation, &rule) {
                return None;
            }
            Some(Finding {
                rule,
                message: violation.message,
                help: violation.help,
                operation: statement.operation,
                deny: config.is_denied(violation.code),
            })
        })
        .collect()
}

/// The migration as one text, and where each statement sits in it.
#[derive(Debug)]
struct Script {
    text: String,
    /// Each statement's byte range in `text`, in order.
    spans: Vec<(usize, usize)>,
}

impl Script {
    /// Joins the statements, each ended by `;` on a line of its own unless it ends with
    /// one (so a trailing `--` comment cannot swallow it), with `BEGIN;`/`COMMIT;`
    /// around each run of transactional statements.
    fn new(statements: &[LintStatement<'_>]) -> Script {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(statements.len());
        let mut in_transaction = false;
        for statement in statements {
            if statement.transaction != in_transaction {
                text.push_str(if statement.transaction {
                    "BEGIN;\n"
                } else {
                    "COMMIT;\n"
                });
                in_transaction = statement.transaction;
            }
            let start = text.len();
            text.push_str(statement.sql);
            spans.push((start, text.len()));
            if statement.sql.trim_end().ends_with(';') {
                text.push('\n');
            } else {
                text.push_str("\n;\n");
            }
        }
        if in_transaction {
            text.push_str("COMMIT;\n");
        }
        Script { text, spans }
    }

    /// The index of the statement holding byte `offset`; text between statements (our
    /// `BEGIN;`, `COMMIT;`) belongs to the next one, and text after the last to the
    /// last.
    fn statement_at(&self, offset: usize) -> usize {
        let index = self.spans.partition_point(|(_, end)| *end <= offset);
        index.min(self.spans.len().saturating_sub(1))
    }
}
