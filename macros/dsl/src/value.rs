//! Reading typed values out of the syntax tree's JSON-like values: names, types,
//! expressions, references. Each reader records an error on the value's span and
//! returns `None` when the value is not what it should be.

use crate::ast::{Key, Value, ValueKind};
use crate::model::{Action, Default, Expr, Name, QualifiedName, Reference, Text};
use crate::pg;
use heck::{ToLowerCamelCase, ToSnakeCase};
use proc_macro2::Span;

/// PostgreSQL's limit on identifier length, in bytes; longer names are truncated.
const MAX_IDENT: usize = 63;

mod options;
mod types;
pub(crate) use options::Options;
pub(crate) use types::{KnownTypes, is_builtin_type, ty};

/// Errors collected while reading a migration.
#[derive(Debug, std::default::Default)]
pub(crate) struct Errors(Vec<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, span: Span, message: impl std::fmt::Display) {
        self.0.push(syn::Error::new(span, message));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// All errors combined into one, so the user sees every mistake at once.
    pub(crate) fn finish(self) -> syn::Result<()> {
        let mut errors = self.0.into_iter();
        match errors.next() {
            None => Ok(()),
            Some(mut first) => {
                first.extend(errors);
                Err(first)
            }
        }
    }
}

/// The candidate closest to `written`, if close enough to be a likely typo: one edit
/// for short words, two for longer ones (so `mood` does not suggest `bool`).
pub(crate) fn closest<'c>(
    written: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    let limit = if written.chars().count() <= 4 { 1 } else { 2 };
    candidates
        .map(|candidate| (strsim::damerau_levenshtein(written, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Reads a string value.
pub(crate) fn string(value: &Value, what: &str, errors: &mut Errors) -> Option<Text> {
    match &value.kind {
        ValueKind::Str(text) => Some(Text {
            value: text.clone(),
            span: value.span,
        }),
        other => {
            errors.push(
                value.span,
                format!("{what} must be a string, not {}", other.describe()),
            );
            None
        }
    }
}

/// Reads a boolean value.
pub(crate) fn boolean(value: &Value, what: &str, errors: &mut Errors) -> Option<bool> {
    match value.kind {
        ValueKind::Bool(flag) => Some(flag),
        ref other => {
            errors.push(
                value.span,
                format!("{what} must be `true` or `false`, not {}", other.describe()),
            );
            None
        }
    }
}

/// A name's SQL form, or why it has none. A camelCase name (letters and digits only) is
/// converted to snake_case; a snake_case name (lowercase letters, digits, `_`, `$`) is
/// kept exactly as written, leading and doubled underscores included. Anything else
/// (`first-name`, `user_Id`) is refused rather than silently rewritten, since the user
/// would then look for a column that has another name than the one they wrote.
pub(crate) fn sql_name(written: &str) -> Result<String, String> {
    if !written.chars().any(char::is_alphanumeric) {
        let shown = if written.is_empty() {
            String::new()
        } else {
            format!(" `{written}`")
        };
        return Err(format!("empty name{shown}; a name needs a letter or digit"));
    }
    if written.chars().all(char::is_alphanumeric) {
        return Ok(written.to_snake_case());
    }
    let snake = |c: char| !c.is_uppercase() && (c.is_alphanumeric() || c == '_' || c == '$');
    if written.chars().all(snake) {
        return Ok(written.to_owned());
    }
    Err(format!(
        "the name `{written}` is neither camelCase nor snake_case; write `{}` or `{}`",
        written.to_lower_camel_case(),
        written.to_snake_case()
    ))
}

/// Converts a name as written to its SQL form ([`sql_name`]) and checks its length.
pub(crate) fn ident(written: &str, span: Span, errors: &mut Errors) -> Option<Name> {
    let sql = match sql_name(written) {
        Ok(sql) => sql,
        Err(message) => {
            errors.push(span, message);
            return None;
        }
    };
    if sql.len() > MAX_IDENT {
        errors.push(
            span,
            format!(
                "name `{sql}` is {} bytes long; PostgreSQL names are at most {MAX_IDENT} bytes and longer ones are silently truncated",
                sql.len()
            ),
        );
        return None;
    }
    Some(Name { sql, span })
}

/// Reads a name from a string value.
pub(crate) fn name(value: &Value, what: &str, errors: &mut Errors) -> Option<Name> {
    let text = string(value, what, errors)?;
    if text.value.contains('.') {
        errors.push(
            value.span,
            format!("{what} `{}` cannot have a schema", text.value),
        );
        return None;
    }
    ident(&text.value, value.span, errors)
}

/// Reads a name from an object key.
pub(crate) fn key_name(key: &Key, errors: &mut Errors) -> Option<Name> {
    ident(&key.name, key.span, errors)
}

/// Reads `name` or `schema.name`.
pub(crate) fn qualified(value: &Value, what: &str, errors: &mut Errors) -> Option<QualifiedName> {
    let text = string(value, what, errors)?;
    qualified_text(&text.value, value.span, what, errors)
}

fn qualified_text(
    text: &str,
    span: Span,
    what: &str,
    errors: &mut Errors,
) -> Option<QualifiedName> {
    match text.split('.').collect::<Vec<_>>().as_slice() {
        [name] => Some(QualifiedName {
            schema: None,
            name: ident(name, span, errors)?,
        }),
        [schema, name] => Some(QualifiedName {
            schema: Some(ident(schema, span, errors)?),
            name: ident(name, span, errors)?,
        }),
        _ => {
            errors.push(
                span,
                format!("{what} `{text}`: expected `name` or `schema.name`"),
            );
            None
        }
    }
}

/// Reads one name or an array of names (`"userId"` or `["userId", "createdAt"]`).
pub(crate) fn names(value: &Value, what: &str, errors: &mut Errors) -> Option<Vec<Name>> {
    match &value.kind {
        ValueKind::Str(_) => Some(vec![name(value, what, errors)?]),
        ValueKind::Array(items) if !items.is_empty() => {
            let names: Vec<Option<Name>> =
                items.iter().map(|item| name(item, what, errors)).collect();
            names.into_iter().collect()
        }
        ValueKind::Array(_) => {
            errors.push(value.span, format!("{what} needs at least one name"));
            None
        }
        other => {
            errors.push(
                value.span,
                format!(
                    "{what} must be a name or an array of names, not {}",
                    other.describe()
                ),
            );
            None
        }
    }
}

/// Reads a SQL expression (a string or `func("…")`) and checks it with a PostgreSQL parser.
pub(crate) fn expr(value: &Value, what: &str, errors: &mut Errors) -> Option<Expr> {
    let sql = match &value.kind {
        ValueKind::Str(sql) | ValueKind::Func(sql) => sql,
        other => {
            errors.push(
                value.span,
                format!(
                    "{what} must be a SQL expression string, not {}",
                    other.describe()
                ),
            );
            return None;
        }
    };
    match pg::expression(sql) {
        Ok(()) => Some(Expr {
            sql: sql.trim().to_owned(),
            span: value.span,
        }),
        Err(message) => {
            errors.push(value.span, format!("invalid SQL in {what}: {message}"));
            None
        }
    }
}

/// Reads a column default: a literal, `null`, or `func("…")`.
/// An array or object value as JSON text (keys as written, strings escaped).
fn json(value: &Value, errors: &mut Errors) -> Option<String> {
    Some(match &value.kind {
        ValueKind::Str(text) => {
            let mut quoted = String::from('"');
            for c in text.chars() {
                match c {
                    '"' => quoted.push_str("\\\""),
                    '\\' => quoted.push_str("\\\\"),
                    '\n' => quoted.push_str("\\n"),
                    '\t' => quoted.push_str("\\t"),
                    '\r' => quoted.push_str("\\r"),
                    c if (c as u32) < 0x20 => quoted.push_str(&format!("\\u{:04x}", c as u32)),
                    c => quoted.push(c),
                }
            }
            quoted.push('"');
            quoted
        }
        ValueKind::Number(number) => number.clone(),
        ValueKind::Bool(flag) => flag.to_string(),
        ValueKind::Null => "null".to_owned(),
        ValueKind::Array(items) => {
            let items: Option<Vec<String>> = items.iter().map(|item| json(item, errors)).collect();
            format!("[{}]", items?.join(", "))
        }
        ValueKind::Object(entries) => {
            let entries: Option<Vec<String>> = entries
                .iter()
                .map(|(key, item)| {
                    Some(format!(
                        "{}: {}",
                        json(
                            &Value {
                                kind: ValueKind::Str(key.name.clone()),
                                span: key.span,
                            },
                            errors
                        )?,
                        json(item, errors)?
                    ))
                })
                .collect();
            format!("{{{}}}", entries?.join(", "))
        }
        ValueKind::Func(_) => {
            errors.push(
                value.span,
                "`func(\"…\")` cannot be inside an array or object default",
            );
            return None;
        }
    })
}

pub(crate) fn default(value: &Value, errors: &mut Errors) -> Option<Default> {
    Some(match &value.kind {
        ValueKind::Str(text) => Default::Str(text.clone()),
        ValueKind::Number(number) => Default::Number(number.clone()),
        ValueKind::Bool(flag) => Default::Bool(*flag),
        ValueKind::Null => Default::Null,
        ValueKind::Array(_) | ValueKind::Object(_) => Default::Json(json(value, errors)?),
        ValueKind::Func(_) => {
            let expr = expr(value, "`default`", errors)?;
            Default::Expr {
                parenthesize: pg::default_needs_parentheses(&expr.sql),
                expr,
            }
        }
    })
}

/// Reads `onDelete`/`onUpdate`.
pub(crate) fn action(value: &Value, what: &str, errors: &mut Errors) -> Option<Action> {
    let text = string(value, what, errors)?;
    let action = match text.value.to_ascii_lowercase().as_str() {
        "cascade" => Action::Cascade,
        "restrict" => Action::Restrict,
        "no action" => Action::NoAction,
        "set null" => Action::SetNull,
        "set default" => Action::SetDefault,
        _ => {
            errors.push(
                value.span,
                format!(
                    "bad {what} `{}`; expected one of `cascade`, `restrict`, `no action`, `set null`, `set default`",
                    text.value
                ),
            );
            return None;
        }
    };
    Some(action)
}

/// Reads a `references` target: `table`, `table(column, …)`, `schema.table(column)`.
pub(crate) fn reference(value: &Value, errors: &mut Errors) -> Option<Reference> {
    let text = string(value, "`references`", errors)?;
    let written = text.value.trim();
    let bad = |errors: &mut Errors| {
        errors.push(
            value.span,
            format!(
                "bad `references` target `{written}`; expected `table`, `table(column)` or `schema.table(column, …)`"
            ),
        );
    };
    let (table, columns) = match written.split_once('(') {
        None => (written, None),
        Some((table, rest)) => match rest.strip_suffix(')') {
            Some(columns) if !columns.contains(['(', ')']) => (table.trim(), Some(columns)),
            _ => {
                bad(errors);
                return None;
            }
        },
    };
    if table.is_empty() || table.contains(char::is_whitespace) {
        bad(errors);
        return None;
    }
    let table = qualified_text(table, value.span, "`references` table", errors)?;
    let mut names = Vec::new();
    if let Some(columns) = columns {
        for column in columns.split(',') {
            let column = column.trim();
            if column.is_empty() || column.contains(char::is_whitespace) {
                bad(errors);
                return None;
            }
            names.push(ident(column, value.span, errors)?);
        }
    }
    Some(Reference {
        table,
        columns: names,
        on_delete: None,
        on_update: None,
        match_full: false,
        deferrable: false,
        deferred: false,
    })
}

/// Reads one of a few words (`"asc"`, `"desc"`), in any case; a likely typo gets a
/// did-you-mean.
pub(crate) fn choice(
    value: &Value,
    what: &str,
    allowed: &[&'static str],
    errors: &mut Errors,
) -> Option<&'static str> {
    let text = string(value, what, errors)?;
    let written = text.value.to_ascii_lowercase();
    if let Some(found) = allowed.iter().find(|allowed| **allowed == written) {
        return Some(found);
    }
    let hint = match closest(&written, allowed.iter().copied()) {
        Some(known) => format!("did you mean `{known}`?"),
        None => {
            let quoted: Vec<String> = allowed.iter().map(|word| format!("`{word}`")).collect();
            match quoted.split_last() {
                Some((last, [first])) => format!("expected {first} or {last}"),
                _ => format!("expected one of {}", quoted.join(", ")),
            }
        }
    };
    errors.push(value.span, format!("bad {what} `{}`; {hint}", text.value));
    None
}

/// Reads `name` or `schema.name` used exactly as written, not converted: collations
/// (`"C"`, `"en-US-x-icu"`) and operator classes are looked up case-sensitively.
pub(crate) fn as_written(value: &Value, what: &str, errors: &mut Errors) -> Option<QualifiedName> {
    let text = string(value, what, errors)?;
    let parts: Vec<&str> = text.value.split('.').collect();
    let part_ok = |part: &&str| !part.trim().is_empty() && part.trim() == *part;
    if parts.len() > 2 || !parts.iter().all(part_ok) {
        errors.push(
            value.span,
            format!(
                "bad {what} `{}`; expected a name or `schema.name`",
                text.value
            ),
        );
        return None;
    }
    let name = |sql: &str| -> Option<Name> {
        (sql.len() <= MAX_IDENT).then(|| Name {
            sql: sql.to_owned(),
            span: value.span,
        })
    };
    let names: Option<Vec<Name>> = parts.iter().map(|part| name(part)).collect();
    let Some(mut names) = names else {
        errors.push(
            value.span,
            format!("{what} `{}` is longer than {MAX_IDENT} bytes", text.value),
        );
        return None;
    };
    let name = names.pop()?;
    Some(QualifiedName {
        schema: names.pop(),
        name,
    })
}

/// Index access methods: PostgreSQL's own and those of common extensions.
pub(crate) fn method(value: &Value, errors: &mut Errors) -> Option<String> {
    const METHODS: &[&str] = &[
        "btree", "hash", "gist", "spgist", "gin", "brin", "bloom", "hnsw", "ivfflat", "rum",
    ];
    let text = string(value, "`method`", errors)?;
    let method = text.value.to_ascii_lowercase();
    if METHODS.contains(&method.as_str()) {
        Some(method)
    } else {
        errors.push(
            value.span,
            format!(
                "bad `method` `{}`; expected one of {}",
                text.value,
                METHODS
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::sql_name;

    #[test]
    fn camel_case_is_converted_and_snake_case_kept_as_written() {
        for (written, sql) in [
            ("userId", "user_id"),
            ("userID", "user_id"),
            ("HTTPStatus", "http_status"),
            ("Posts", "posts"),
            ("posts", "posts"),
            ("2fa", "2fa"),
            ("version2", "version2"),
            ("naïve", "naïve"),
            ("user_id", "user_id"),
            ("_internal", "_internal"),
            ("internal_", "internal_"),
            ("a__b", "a__b"),
            ("a$b", "a$b"),
            ("posts_2024", "posts_2024"),
        ] {
            assert_eq!(sql_name(written).as_deref(), Ok(sql), "{written}");
        }
    }

    #[test]
    fn other_names_are_refused_with_both_spellings() {
        assert_eq!(
            sql_name("first-name").expect_err("refused"),
            "the name `first-name` is neither camelCase nor snake_case; write `firstName` or `first_name`"
        );
        assert_eq!(
            sql_name("user_Id").expect_err("refused"),
            "the name `user_Id` is neither camelCase nor snake_case; write `userId` or `user_id`"
        );
        for written in ["a b", "Snake_Case", "price%", "x-y-z"] {
            assert!(sql_name(written).is_err(), "{written}");
        }
        assert_eq!(
            sql_name("").expect_err("empty"),
            "empty name; a name needs a letter or digit"
        );
        assert_eq!(
            sql_name("__").expect_err("empty"),
            "empty name `__`; a name needs a letter or digit"
        );
    }
}
