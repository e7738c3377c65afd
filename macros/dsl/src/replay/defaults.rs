//! Literal defaults against their column's type: text on a number, a number out of
//! range, a string longer than `varchar(n)`, a value outside the enum, a date that would
//! be frozen when the table is created.

use super::Cx;
use crate::model::Default;
use crate::value::closest;
use pgbatch_schema::{Lookup, ObjectName, TypeDef};
use proc_macro2::Span;

impl Cx<'_> {
    /// Checks a literal default against the column type `ty` (`format_type()`'s
    /// spelling). Expressions (`func(…)`) and `NULL` are PostgreSQL's to judge.
    pub(super) fn default_fits(&mut self, default: &Default, ty: &str, span: Span) {
        if let Some(message) = self.misfit(default, ty) {
            self.errors.push(span, message);
        }
    }

    fn misfit(&self, default: &Default, ty: &str) -> Option<String> {
        if ty.ends_with(']') {
            return None;
        }
        let (base, modifier) = match ty.split_once('(') {
            Some((base, rest)) => (base.trim(), rest.trim_end_matches(')').split(',').next()),
            None => (ty, None),
        };
        match default {
            Default::Str(text) => self.text_misfit(text, base, modifier, ty),
            Default::Number(number) => number_misfit(number, base, ty),
            Default::Bool(value) => match base {
                "smallint"
                | "integer"
                | "bigint"
                | "numeric"
                | "real"
                | "double precision"
                | "uuid"
                | "date"
                | "timestamp with time zone"
                | "timestamp without time zone" => Some(format!(
                    "default `{value}` is a boolean but the column is `{ty}`; PostgreSQL refuses it"
                )),
                _ => self.enum_labels(ty).map(|_| {
                    format!("default `{value}` is a boolean but the column is the enum `{ty}`")
                }),
            },
            Default::Null | Default::Expr { .. } | Default::Json(_) => None,
        }
    }

    fn text_misfit(
        &self,
        text: &str,
        base: &str,
        modifier: Option<&str>,
        ty: &str,
    ) -> Option<String> {
        let trimmed = text.trim();
        let lower = trimmed.to_ascii_lowercase();
        match base {
            "smallint" | "integer" | "bigint" => match trimmed.parse::<i128>() {
                Ok(value) => out_of_range(value, base, ty),
                Err(_) => Some(format!(
                    "default `\"{text}\"` is not an integer but the column is `{ty}`; write a number (`default: 0`)"
                )),
            },
            "numeric" | "real" | "double precision" => trimmed.parse::<f64>().is_err().then(|| {
                format!("default `\"{text}\"` is not a number but the column is `{ty}`; write a number")
            }),
            "boolean" => (!is_boolean(&lower)).then(|| {
                format!("default `\"{text}\"` is not a boolean but the column is `{ty}`; write `true` or `false`")
            }),
            "uuid" => (!is_uuid(trimmed)).then(|| {
                format!("default `\"{text}\"` is not a uuid; write one, or `func(\"gen_random_uuid()\")` for a new one per row")
            }),
            "character varying" | "character" => {
                let limit: usize = modifier?.trim().parse().ok()?;
                // PostgreSQL cuts trailing spaces beyond the limit and refuses the rest.
                let length = text.trim_end_matches(' ').chars().count();
                (length > limit).then(|| {
                    format!("default `\"{text}\"` is {length} characters long but the column is `{ty}`")
                })
            }
            "date"
            | "timestamp with time zone"
            | "timestamp without time zone"
            | "time with time zone"
            | "time without time zone" => matches!(lower.as_str(), "now" | "today" | "tomorrow" | "yesterday").then(|| {
                format!(
                    "default `\"{text}\"` is read once, when the migration runs, and every row would get that moment; write `func(\"now()\")` (or `func(\"current_date\")`) for the time of each insert"
                )
            }),
            _ => {
                let labels = self.enum_labels(ty)?;
                if labels.iter().any(|label| label == text) {
                    return None;
                }
                let hint = match closest(text, labels.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "its values are {}",
                        labels.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
                    ),
                };
                Some(format!("default `\"{text}\"` is not a value of the enum `{ty}`; {hint}"))
            }
        }
    }

    /// The labels of `ty` if the model knows it as an enum.
    fn enum_labels(&self, ty: &str) -> Option<&[String]> {
        let name = match ty.rsplit_once('.') {
            Some((schema, name)) => {
                ObjectName::new(Some(schema.trim_matches('"')), name.trim_matches('"'))
            }
            None => ObjectName::new(None, ty.trim_matches('"')),
        };
        match self.schema.user_type(&name) {
            Lookup::Found(TypeDef::Enum { labels }) => Some(labels),
            _ => None,
        }
    }
}

fn number_misfit(number: &str, base: &str, ty: &str) -> Option<String> {
    match base {
        "smallint" | "integer" | "bigint" => match number.parse::<i128>() {
            Ok(value) => out_of_range(value, base, ty),
            // `1e3` is a whole number; `1.5` would be rounded.
            Err(_)
                if number
                    .parse::<f64>()
                    .is_ok_and(|value| value.fract() == 0.0) =>
            {
                None
            }
            Err(_) => Some(format!(
                "default `{number}` has a fraction but the column is `{ty}`; PostgreSQL would round it silently — write an integer"
            )),
        },
        "boolean"
        | "uuid"
        | "date"
        | "timestamp with time zone"
        | "timestamp without time zone" => Some(format!(
            "default `{number}` is a number but the column is `{ty}`; PostgreSQL refuses it"
        )),
        _ => None,
    }
}

fn out_of_range(value: i128, base: &str, ty: &str) -> Option<String> {
    let (min, max) = match base {
        "smallint" => (i128::from(i16::MIN), i128::from(i16::MAX)),
        "integer" => (i128::from(i32::MIN), i128::from(i32::MAX)),
        _ => (i128::from(i64::MIN), i128::from(i64::MAX)),
    };
    (value < min || value > max)
        .then(|| format!("default `{value}` is out of range for `{ty}` ({min} to {max})"))
}

/// PostgreSQL's spellings of a boolean (`boolin`): a prefix of true/false/yes/no,
/// `on`, `off` (or `of`), `1`, `0`.
fn is_boolean(lower: &str) -> bool {
    !lower.is_empty()
        && (["true", "false", "yes", "no"]
            .iter()
            .any(|word| word.starts_with(lower))
            || matches!(lower, "on" | "off" | "of" | "1" | "0"))
}

/// 32 hex digits, with the hyphens and braces PostgreSQL accepts around them.
fn is_uuid(text: &str) -> bool {
    let digits: Vec<char> = text
        .trim_start_matches('{')
        .trim_end_matches('}')
        .chars()
        .filter(|c| *c != '-')
        .collect();
    digits.len() == 32 && digits.iter().all(char::is_ascii_hexdigit)
}
