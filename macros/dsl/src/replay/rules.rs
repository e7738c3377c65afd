//! Policies and triggers against the schema: the one a statement names exists on its
//! table, the one it creates does not yet, and a trigger's function exists.

use super::{Cx, object};
use crate::model::{Name, QualifiedName};
use crate::value::closest;
use pgbatch_schema::{Lookup, ObjectName};

/// Built-in trigger functions (in `pg_catalog`), found without a migration.
const BUILTIN_TRIGGER_FUNCTIONS: &[&str] = &[
    "suppress_redundant_updates_trigger",
    "tsvector_update_trigger",
    "tsvector_update_trigger_column",
];

/// What belongs to a table by name.
#[derive(Debug, Clone, Copy)]
pub(super) enum Rule {
    Policy,
    Trigger,
}

impl Rule {
    fn what(self) -> &'static str {
        match self {
            Rule::Policy => "policy",
            Rule::Trigger => "trigger",
        }
    }
}

impl Cx<'_> {
    /// `exists`: the policy or trigger `name` must exist on `table` (else: must not).
    pub(super) fn rule(&mut self, table: &QualifiedName, rule: Rule, name: &Name, exists: bool) {
        let Some(found) = self.table(table) else {
            return;
        };
        let lookup = match rule {
            Rule::Policy => found.policy(&name.sql),
            Rule::Trigger => found.trigger(&name.sql),
        };
        let what = rule.what();
        let table = object(table);
        match (lookup, exists) {
            (Lookup::Found(()), false) => self.errors.push(
                name.span,
                format!(
                    "{what} `{}` already exists on table `{table}` (an earlier operation or migration creates it); choose another name, or drop it first",
                    name.sql
                ),
            ),
            (Lookup::Missing, true) => {
                let names = match rule {
                    Rule::Policy => &found.policies,
                    Rule::Trigger => &found.triggers,
                };
                let hint = match closest(&name.sql, names.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None if names.is_empty() => format!("table `{table}` has no {what}"),
                    None => format!(
                        "its {what}s are {}",
                        names
                            .iter()
                            .map(|name| format!("`{name}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.errors.push(
                    name.span,
                    format!("unknown {what} `{}` on table `{table}`; {hint}", name.sql),
                );
            }
            _ => {}
        }
    }

    /// A trigger's function must exist by now, unless it is a built-in one.
    pub(super) fn function(&mut self, function: &QualifiedName) {
        let name = object(function);
        let builtin = match &function.schema {
            None => BUILTIN_TRIGGER_FUNCTIONS.contains(&name.name.as_str()),
            Some(schema) => schema.sql == "pg_catalog",
        };
        if builtin {
            return;
        }
        if let Lookup::Missing = self.schema.function(&name) {
            let candidates: Vec<&str> = self
                .schema
                .functions
                .iter()
                .filter(|other: &&ObjectName| other.schema == name.schema)
                .map(|other| other.name.as_str())
                .collect();
            self.missing(function.name.span, "function", &name, &candidates);
        }
    }
}
