//! Schema differences (`verify`, `drift`) in words that say what was compared with
//! what, and as JSON.

use pgbatch::catalog::{Change, Difference};
use serde_json::{Value, json};

/// What the expected and the actual schema of a comparison are.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Compared {
    /// The schema before a migration's up, and after its down.
    Revert,
    /// The schema after a migration's first up, and after applying it again.
    Reapply,
    /// The schema the applied migrations make, and the live database's.
    Drift,
}

impl Compared {
    /// (how a missing object is, how an unexpected one is, the two sides' names).
    fn words(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Compared::Revert => (
                "is gone after the down (it existed before the up)",
                "is left behind by the down",
                "before the up",
                "after the down",
            ),
            Compared::Reapply => (
                "is missing when applied again",
                "appears only when applied again",
                "after the first up",
                "applied again",
            ),
            Compared::Drift => (
                "is missing from the database",
                "is in the database but not made by the migrations",
                "from the migrations",
                "in the database",
            ),
        }
    }
}

/// One line: `index `public.users_email_idx` is left behind by the down (CREATE …)`,
/// `column `public.users.email`: default: before the up `'x'::text`, after the down
/// not set`.
pub(crate) fn line(difference: &Difference, compared: Compared) -> String {
    let (missing, unexpected, expected_side, actual_side) = compared.words();
    let Difference { kind, name, change } = difference;
    match change {
        Change::Missing(object) => format!("{kind} `{name}` {missing}{}", summary(object)),
        Change::Unexpected(object) => format!("{kind} `{name}` {unexpected}{}", summary(object)),
        Change::Changed {
            attribute,
            expected,
            actual,
        } => format!(
            "{kind} `{name}`: {attribute}: {expected_side} {}, {actual_side} {}",
            shown(expected.as_deref()),
            shown(actual.as_deref())
        ),
    }
}

/// ` (CREATE INDEX …)`: what the object is.
fn summary(object: &pgbatch::catalog::Object) -> String {
    object
        .summary()
        .map_or_else(String::new, |text| format!(" ({})", one_line(text)))
}

fn shown(value: Option<&str>) -> String {
    value.map_or_else(
        || "not set".to_owned(),
        |text| format!("`{}`", one_line(text)),
    )
}

/// Function bodies and view definitions span lines; a message shows them on one.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `{"kind", "name", "change": "missing" | "unexpected" | "changed", "attribute",
/// "expected", "actual"}`; a missing or unexpected object carries its attributes.
pub(crate) fn json(difference: &Difference) -> Value {
    let Difference { kind, name, change } = difference;
    match change {
        Change::Missing(object) => json!({
            "kind": kind.as_str(), "name": name, "change": "missing",
            "attributes": object.attributes,
        }),
        Change::Unexpected(object) => json!({
            "kind": kind.as_str(), "name": name, "change": "unexpected",
            "attributes": object.attributes,
        }),
        Change::Changed {
            attribute,
            expected,
            actual,
        } => json!({
            "kind": kind.as_str(), "name": name, "change": "changed",
            "attribute": attribute, "expected": expected, "actual": actual,
        }),
    }
}
