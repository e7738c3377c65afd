//! Columns: `createTable`'s and `addColumn`'s column definitions (type, keys,
//! default, check, references, collation, identity and generated columns).

use super::Cx;
use crate::ast::{self, Value, ValueKind};
use crate::model::{Column, Default, Generated, Reference};
use crate::value::{self, KnownTypes, Options};
use proc_macro2::Span;

const COLUMN_OPTIONS: &[&str] = &[
    "type",
    "primaryKey",
    "notNull",
    "unique",
    "default",
    "check",
    "references",
    "onDelete",
    "onUpdate",
    "comment",
    "collation",
    "generated",
    "match",
    "deferrable",
    "deferred",
    "referencesConstraintName",
    "referencesConstraintComment",
    "array",
    "expressionGenerated",
    "sequenceGenerated",
];

impl<'a> Cx<'a> {
    /// `id: "uuid"` in a table without a primary key reads like the `id: "id"` shorthand
    /// but makes a plain column: the table silently gets no key.
    pub(super) fn id_without_key(&mut self, columns: Option<&Value>) {
        let Some(ValueKind::Object(entries)) = columns.map(|value| &value.kind) else {
            return;
        };
        for (key, definition) in entries {
            if let ValueKind::Str(ty) = &definition.kind
                && key.name == "id"
                && ty != "id"
            {
                self.errors.push(
                    definition.span,
                    format!(
                        "`id: \"{ty}\"` makes a plain `{ty}` column and the table has no primary key; write `id: {{ type: \"{ty}\", primaryKey: true }}` (with a `default` if needed), or `id: \"id\"` for a bigserial key"
                    ),
                );
            }
        }
    }

    /// Reads `{ name: definition, … }`, rejecting duplicate column names.
    pub(super) fn columns(&mut self, value: &'a Value, known: &KnownTypes) -> Option<Vec<Column>> {
        let ValueKind::Object(entries) = &value.kind else {
            self.errors.push(
                value.span,
                format!(
                    "the columns must be an object `{{ name: {{ type: … }} }}`, not {}",
                    value.kind.describe()
                ),
            );
            return None;
        };
        if entries.is_empty() {
            self.errors
                .push(value.span, "no columns; give at least one");
            return None;
        }
        let mut columns = Vec::new();
        let mut ok = true;
        for (key, definition) in entries {
            match self.column(key, definition, known) {
                Some(column) => {
                    if columns
                        .iter()
                        .any(|other: &Column| other.name.sql == column.name.sql)
                    {
                        self.errors.push(
                            key.span,
                            format!(
                                "duplicate column `{}`; columns must be unique",
                                column.name.sql
                            ),
                        );
                        ok = false;
                    }
                    columns.push(column);
                }
                None => ok = false,
            }
        }
        ok.then_some(columns)
    }

    /// One column: `"id"` (bigserial primary key), `"type"`, or `{ type, … }`.
    pub(super) fn column(
        &mut self,
        key: &ast::Key,
        definition: &'a Value,
        known: &KnownTypes,
    ) -> Option<Column> {
        let name = value::key_name(key, self.errors);
        let mut column = match &definition.kind {
            ValueKind::Str(shorthand) if shorthand == "id" => {
                let ty = crate::model::Type {
                    sql: "bigserial".to_owned(),
                    span: definition.span,
                };
                return Some(Column {
                    primary_key: Some(definition.span),
                    ..Column::plain(name?, ty)
                });
            }
            ValueKind::Str(_) => Column::plain(name?, value::ty(definition, known, self.errors)?),
            ValueKind::Object(_) => {
                let options = Options::read(
                    Some(definition),
                    &format!("column `{}`", key.name),
                    COLUMN_OPTIONS,
                    self.errors,
                );
                let Some(ty) = options.get("type") else {
                    self.errors.push(
                        definition.span,
                        format!("column `{}` needs a `type`", key.name),
                    );
                    return None;
                };
                let ty = value::ty(ty, known, self.errors)
                    .and_then(|ty| self.array_of(ty, options.get("array")));
                let references = options
                    .get("references")
                    .and_then(|value| value::reference(value, self.errors));
                let (on_delete, on_update) = self.actions(&options);
                for option in [
                    "onDelete",
                    "onUpdate",
                    "match",
                    "deferrable",
                    "deferred",
                    "referencesConstraintName",
                    "referencesConstraintComment",
                ] {
                    if let Some(span) = options.key_span(option)
                        && options.get("references").is_none()
                    {
                        self.errors
                            .push(span, format!("`{option}` needs `references`"));
                    }
                }
                let generated = self.column_generated(&options, ty.as_ref());
                if let (Some(_), Some(span)) = (&generated, options.key_span("default")) {
                    self.errors.push(
                        span,
                        "a generated column has no default; drop `default` or `generated`",
                    );
                }
                let not_null = options.flag("notNull", self.errors);
                // A `NOT NULL` column cannot be set to null: deleting the referenced row
                // would fail at run time instead of doing what the option says.
                if matches!(on_delete, Some(crate::model::Action::SetNull))
                    && not_null
                    && let Some(span) = options.key_span("onDelete")
                {
                    self.errors.push(
                        span,
                        format!(
                            "`onDelete: \"set null\"` on `notNull` column `{}`; deleting the referenced row would fail — use `cascade` or `restrict`, or drop `notNull`",
                            key.name
                        ),
                    );
                }
                let default = options.get("default").and_then(|value| {
                    let default = value::default(value, self.errors)?;
                    self.structured_default(default, ty.as_ref(), value.span)
                });
                Column {
                    name: name?,
                    ty: ty?,
                    primary_key: options
                        .flag("primaryKey", self.errors)
                        .then(|| options.key_span("primaryKey"))
                        .flatten(),
                    not_null,
                    unique: options.flag("unique", self.errors),
                    default,
                    default_span: options.get("default").map(|value| value.span),
                    check: options
                        .get("check")
                        .and_then(|value| value::expr(value, "`check`", self.errors)),
                    references: references.map(|reference| {
                        self.reference_options(
                            &options,
                            Reference {
                                on_delete,
                                on_update,
                                ..reference
                            },
                        )
                    }),
                    comment: options
                        .get("comment")
                        .and_then(|value| value::string(value, "`comment`", self.errors)),
                    collation: options
                        .get("collation")
                        .and_then(|value| value::as_written(value, "`collation`", self.errors)),
                    generated,
                    references_constraint: options.get("referencesConstraintName").and_then(
                        |value| value::name(value, "`referencesConstraintName`", self.errors),
                    ),
                    references_comment: self.references_comment(&options),
                }
            }
            other => {
                self.errors.push(
                    definition.span,
                    format!(
                        "column `{}` must be a type string or an object `{{ type: … }}`, not {}",
                        key.name,
                        other.describe()
                    ),
                );
                return None;
            }
        };
        column.name.span = key.span;
        Some(column)
    }

    /// An array or object default as the column's type takes it: JSON text for
    /// `json` and `jsonb`, an array literal (`'{a,b}'`) for an array type; refused
    /// for any other type. Other defaults are returned as they are.
    fn structured_default(
        &mut self,
        default: Default,
        ty: Option<&crate::model::Type>,
        span: Span,
    ) -> Option<Default> {
        let (Default::Json(text), Some(ty)) = (&default, ty) else {
            return Some(default);
        };
        let lower = ty.sql.to_ascii_lowercase();
        if lower == "json" || lower == "jsonb" {
            return Some(default);
        }
        if lower.ends_with("[]")
            && let Some(literal) = array_literal(text)
        {
            return Some(Default::Str(literal));
        }
        self.errors.push(
            span,
            format!(
                "an array or object default needs a `json`, `jsonb` or array column (of scalars), not `{}`",
                ty.sql
            ),
        );
        None
    }

    /// A column's generation: `generated`, or node-pg-migrate's `expressionGenerated`
    /// (an expression) and `sequenceGenerated` (an identity's options) — one of them.
    fn column_generated(
        &mut self,
        options: &Options<'a>,
        ty: Option<&crate::model::Type>,
    ) -> Option<Generated> {
        let given: Vec<&str> = ["generated", "expressionGenerated", "sequenceGenerated"]
            .into_iter()
            .filter(|key| options.get(key).is_some())
            .collect();
        if let [_, second, ..] = given.as_slice() {
            if let Some(span) = options.key_span(second) {
                self.errors
                    .push(span, format!("give one of `{}` and `{second}`", given[0]));
            }
            return None;
        }
        if let Some(expression) = options.get("expressionGenerated") {
            return value::expr(expression, "`expressionGenerated`", self.errors)
                .map(Generated::Stored);
        }
        let value = options
            .get("generated")
            .or(options.get("sequenceGenerated"))?;
        self.generated(value, ty)
    }

    /// `array: true` (`type[]`) or `array: 4` (`type[4]`).
    fn array_of(
        &mut self,
        mut ty: crate::model::Type,
        array: Option<&Value>,
    ) -> Option<crate::model::Type> {
        match array.map(|value| &value.kind) {
            None | Some(ValueKind::Bool(false)) => {}
            Some(ValueKind::Bool(true)) => ty.sql.push_str("[]"),
            Some(ValueKind::Number(size)) if size.parse::<u32>().is_ok() => {
                ty.sql.push_str(&format!("[{size}]"));
            }
            Some(_) => {
                self.errors.push(
                    array.map_or(ty.span, |value| value.span),
                    "`array` is `true` (`type[]`) or a size (`type[4]`)",
                );
                return None;
            }
        }
        Some(ty)
    }

    /// `generated`: `"always"` or `"byDefault"` (an identity), `{ identity, start,
    /// increment, minValue, maxValue, cache, cycle }`, or `{ expression, stored }`.
    pub(super) fn generated(
        &mut self,
        value: &'a Value,
        ty: Option<&crate::model::Type>,
    ) -> Option<Generated> {
        let identity = |cx: &mut Self, precedence: &Value, sequence: Vec<String>| {
            let always = value::choice(
                precedence,
                "`generated`",
                &["always", "bydefault", "by default"],
                cx.errors,
            )? == "always";
            let integer = ty.is_none_or(|ty| {
                [
                    "smallint", "int2", "integer", "int", "int4", "bigint", "int8",
                ]
                .contains(&ty.sql.to_ascii_lowercase().as_str())
            });
            if !integer {
                cx.errors.push(
                    precedence.span,
                    "an identity column is `smallint`, `integer` or `bigint`",
                );
                return None;
            }
            Some(Generated::Identity { always, sequence })
        };
        match &value.kind {
            ValueKind::Str(_) => identity(self, value, Vec::new()),
            ValueKind::Object(_) => {
                let options = self.options(
                    Some(value),
                    &[
                        "identity",
                        "start",
                        "increment",
                        "minValue",
                        "maxValue",
                        "cache",
                        "cycle",
                        "expression",
                        "stored",
                        "precedence",
                    ],
                );
                if let Some(expression) = options.get("expression") {
                    if options
                        .get("stored")
                        .and_then(|stored| value::boolean(stored, "`stored`", self.errors))
                        == Some(false)
                        && let Some(span) = options.key_span("stored")
                    {
                        self.errors.push(
                            span,
                            "PostgreSQL stores generated columns: `stored` is `true`",
                        );
                    }
                    return value::expr(expression, "`expression`", self.errors)
                        .map(Generated::Stored);
                }
                // `precedence` is node-pg-migrate's name for it in `sequenceGenerated`.
                let Some(precedence) = options.get("identity").or(options.get("precedence")) else {
                    self.errors.push(
                        value.span,
                        "`generated` needs `identity` (`\"always\"` or `\"byDefault\"`) or `expression`",
                    );
                    return None;
                };
                let mut sequence = Vec::new();
                for (key, words) in [
                    ("start", "START WITH"),
                    ("increment", "INCREMENT BY"),
                    ("minValue", "MINVALUE"),
                    ("maxValue", "MAXVALUE"),
                    ("cache", "CACHE"),
                ] {
                    if let Some(number) = options.get(key) {
                        match &number.kind {
                            ValueKind::Number(number) => sequence.push(format!("{words} {number}")),
                            _ => self
                                .errors
                                .push(number.span, format!("`{key}` takes a number")),
                        }
                    }
                }
                if options.flag("cycle", self.errors) {
                    sequence.push("CYCLE".to_owned());
                }
                identity(self, precedence, sequence)
            }
            _ => {
                self.errors.push(
                    value.span,
                    "`generated` is `\"always\"`, `\"byDefault\"`, or an object",
                );
                None
            }
        }
    }
}

/// A JSON array of scalars (as [`value::default`] renders one) as PostgreSQL's array
/// literal: `[]` is `{}`, `["a b", 1, null]` is `{"a b",1,NULL}`; `None` for
/// anything nested.
fn array_literal(json: &str) -> Option<String> {
    let inner = json.strip_prefix('[')?.strip_suffix(']')?.trim();
    if inner.is_empty() {
        return Some("{}".to_owned());
    }
    let mut items = Vec::new();
    let mut rest = inner;
    while !rest.is_empty() {
        let (item, after) = if let Some(string) = rest.strip_prefix('"') {
            // The JSON string's end: a quote not escaped.
            let mut escaped = false;
            let end = string.char_indices().find(|&(_, c)| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end
            })?;
            let raw = &string[..end.0];
            let text = raw.replace("\\\"", "\"").replace("\\\\", "\\");
            let quoted = text.replace('\\', "\\\\").replace('"', "\\\"");
            (format!("\"{quoted}\""), &string[end.0 + 1..])
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            let scalar = rest[..end].trim();
            if scalar.starts_with(['[', '{']) {
                return None;
            }
            let scalar = if scalar == "null" { "NULL" } else { scalar };
            (scalar.to_owned(), &rest[end..])
        };
        items.push(item);
        rest = after
            .trim_start()
            .strip_prefix(',')
            .unwrap_or(after)
            .trim_start();
        if after.trim_start().starts_with(['[', '{']) {
            return None;
        }
    }
    Some(format!("{{{}}}", items.join(",")))
}

#[cfg(test)]
mod tests {
    use super::array_literal;

    #[test]
    fn json_arrays_of_scalars_become_array_literals() {
        assert_eq!(array_literal("[]").as_deref(), Some("{}"));
        assert_eq!(
            array_literal(r#"["a b", 1, null, true]"#).as_deref(),
            Some(r#"{"a b",1,NULL,true}"#)
        );
        assert_eq!(
            array_literal(r#"["say \"hi\"", "back\\slash"]"#).as_deref(),
            Some(r#"{"say \"hi\"","back\\slash"}"#)
        );
        assert_eq!(array_literal("[[1], [2]]"), None);
        assert_eq!(array_literal(r#"[{"a": 1}]"#), None);
    }
}
