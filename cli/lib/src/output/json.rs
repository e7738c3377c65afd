//! `--json` documents of `up`, `down` and `redo`, in the shape of the seed API's
//! `POST /api/migrations` answer: `success`, `message`, and one `results` entry per
//! migration run. A failure is `{"success": false, "message", "error": {…}}`, where
//! `error` says what kind of failure it was and, for a failed step, where its SQL was
//! written (`operations`) and what became of the batch (`applied`, `reverted`,
//! `partial`); the exit code stays non-zero.

use super::documents::Failure;
use serde_json::{Value, json};

/// The document of a failed command: the message `main` prints on stderr, and the
/// error as data.
pub(crate) fn failure(error: &anyhow::Error) -> Failure {
    Failure {
        success: false,
        message: crate::render(error),
        error: error_object(error),
    }
}

/// `{"kind": …, "message": …}` and what the kind adds: for a failed step, the
/// migration, the statement, PostgreSQL's code and what became of the batch.
fn error_object(error: &anyhow::Error) -> Value {
    let message = crate::render(error);
    let Some(engine) = error.downcast_ref::<pgbatch::Error>() else {
        return json!({ "kind": "other", "message": message });
    };
    let mut object = json!({ "message": message });
    let (kind, fields) = match engine {
        pgbatch::Error::Step(step) => (
            "step",
            json!({
                "migration": step.migration,
                "direction": step.direction.to_string(),
                "step": step.step,
                "steps": step.steps,
                "sql": step.sql,
                "operations": step.origins.iter().map(origin).collect::<Vec<_>>(),
                "sqlstate": step.source.code().map(|code| code.code()),
                "postgres": step.message,
            }),
        ),
        pgbatch::Error::History { problems } => (
            "history",
            json!({
                "problems": problems.iter().map(|problem| match problem {
                    pgbatch::HistoryProblem::Changed { migration } =>
                        json!({ "kind": "changed", "migration": migration }),
                    pgbatch::HistoryProblem::Missing { migration } =>
                        json!({ "kind": "missing", "migration": migration }),
                    pgbatch::HistoryProblem::OutOfOrder { migration, newest_applied } =>
                        json!({ "kind": "outOfOrder", "migration": migration,
                                "newestApplied": newest_applied }),
                    other => json!({ "kind": "other", "message": other.to_string() }),
                }).collect::<Vec<_>>(),
            }),
        ),
        pgbatch::Error::ForeignTable { table, reason } => (
            "foreignTable",
            json!({ "table": table.to_string(), "reason": reason }),
        ),
        pgbatch::Error::LockTimeout { waited, holder } => (
            "lockTimeout",
            json!({
                "waitedMs": waited.as_millis(),
                "holder": holder.as_ref().map(|holder| json!({
                    "pid": holder.pid,
                    "applicationName": holder.application_name,
                    "clientAddr": holder.client_addr,
                })),
            }),
        ),
        pgbatch::Error::Irreversible { migrations } => {
            ("irreversible", json!({ "migrations": migrations }))
        }
        pgbatch::Error::Interrupted { migration, .. } => {
            ("interrupted", json!({ "migration": migration }))
        }
        pgbatch::Error::InvalidTarget { .. } => ("invalidTarget", json!({})),
        pgbatch::Error::Connect { .. } => ("connect", json!({})),
        pgbatch::Error::ConnectTimeout { after, .. } => {
            ("connect", json!({ "timeoutSeconds": after.as_secs() }))
        }
        pgbatch::Error::Database { action, .. } => ("database", json!({ "action": action })),
        pgbatch::Error::Batch { action, .. } => ("database", json!({ "action": action })),
        pgbatch::Error::Backup { .. } => ("backup", json!({})),
        _ => ("other", json!({})),
    };
    object["kind"] = json!(kind);
    if let (Value::Object(object), Value::Object(fields)) = (&mut object, fields) {
        object.extend(fields);
    }
    let outcome = match engine {
        pgbatch::Error::Step(step) => Some(&step.outcome),
        pgbatch::Error::Batch { outcome, .. } => Some(&**outcome),
        _ => None,
    };
    if let (Value::Object(object), Some(outcome)) = (&mut object, outcome) {
        object.extend([
            ("applied".to_owned(), json!(outcome.applied)),
            ("reverted".to_owned(), json!(outcome.reverted)),
            (
                "partial".to_owned(),
                json!(outcome.partial.as_ref().map(|partial| &partial.migration)),
            ),
            (
                "partialAt".to_owned(),
                json!(outcome.partial.as_ref().map(|partial| json!({
                    "direction": partial.direction.to_string(),
                    "nextStep": partial.next_step,
                    "steps": partial.steps,
                }))),
            ),
            ("droppedIndexes".to_owned(), json!(outcome.dropped_indexes)),
            ("confirmed".to_owned(), json!(outcome.confirmed)),
            ("outcome".to_owned(), json!(outcome.to_string())),
        ]);
    }
    object
}

/// `{"operation", "file", "line", "column", "statement", "statements"}`: where a failed
/// step's SQL was written; the members the compiler did not tell are `null`.
fn origin(origin: &pgbatch::Origin) -> Value {
    json!({
        "operation": origin.operation,
        "file": origin.file,
        "line": origin.line_column.map(|(line, _)| line),
        "column": origin.line_column.map(|(_, column)| column),
        "statement": origin.statement.map(|(number, _)| number),
        "statements": origin.statement.map(|(_, count)| count),
    })
}

/// Prints `document` on stdout, pretty, as the command's only output.
pub(crate) fn print(document: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(document)?);
    Ok(())
}

/// Runs a command's body; with `--json`, a failure is also printed as its JSON
/// document before it goes on to `main`, which prints it on stderr and exits 1. The
/// body owns any live progress line and drops it before it returns, so the line is off
/// the screen before the document is printed.
pub(crate) async fn or_failure(
    json: bool,
    body: impl AsyncFnOnce() -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    or_failure_with(json, || None, body).await
}

/// Like [`or_failure`], with `backup` (the backup `up` took before it failed, if
/// any) as a member of the failure document.
pub(crate) async fn or_failure_with(
    json: bool,
    backup: impl FnOnce() -> Option<Value>,
    body: impl AsyncFnOnce() -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let result = body().await;
    if json && let Err(error) = &result {
        let mut document = serde_json::to_value(failure(error))?;
        if let Some(backup) = backup() {
            document["backup"] = backup;
        }
        print(&document)?;
    }
    result
}
