//! Renders a dry run as the SQL script it stands for, transaction boundaries and
//! timeout settings included.

use pgbatch::Preview;
use std::fmt::Write as _;

/// The script for `command` (`up` or `down`) on `target`.
pub(crate) fn render(command: &str, target: &str, preview: &Preview) -> String {
    let mut out = String::new();
    let Some(batch) = preview.batch else {
        let nothing = if command == "up" {
            "nothing to apply"
        } else {
            "nothing to revert"
        };
        let _ = writeln!(out, "-- Dry run of `{command}` on {target}: {nothing}.");
        for migration in &preview.would_finish {
            let _ = writeln!(
                out,
                "-- `up` would first finish {migration}, interrupted part-way."
            );
        }
        return out;
    };
    let _ = writeln!(
        out,
        "-- Dry run of `{command}` on {target}: batch {batch}. Nothing was changed."
    );
    for migration in &preview.would_finish {
        let _ = writeln!(
            out,
            "-- It would first finish {migration}, interrupted part-way."
        );
    }
    let _ = writeln!(out, "SET lock_timeout = {};", preview.lock_timeout_ms);
    if let Some(timeout) = preview.statement_timeout_ms {
        let _ = writeln!(out, "SET statement_timeout = {timeout};");
    }
    let record = if command == "up" {
        "record"
    } else {
        "delete the row of"
    };
    let mut lock_timeout = preview.lock_timeout_ms;
    for segment in &preview.segments {
        out.push('\n');
        if segment.transactional {
            out.push_str("BEGIN;\n");
        }
        for step in &segment.steps {
            let wanted = step.lock_timeout_ms.unwrap_or(preview.lock_timeout_ms);
            if wanted != lock_timeout {
                let _ = writeln!(out, "SET lock_timeout = {wanted};");
                lock_timeout = wanted;
            }
            let alone = if segment.transactional {
                ""
            } else {
                ", alone, outside a transaction"
            };
            let _ = writeln!(
                out,
                "-- {}, step {} of {}{alone}\n{}",
                step.migration,
                step.number,
                step.steps,
                super::statement(&step.step.sql)
            );
        }
        if segment.commit_after {
            out.push_str(
                "-- commits here: the new enum value can be used only once it has committed\n",
            );
        }
        if !segment.records.is_empty() {
            let _ = writeln!(
                out,
                "-- then {record} {} in the tracking table",
                segment.records.join(", ")
            );
        }
        if segment.transactional {
            out.push_str("COMMIT;\n");
        }
    }
    out
}
