//! Index operations: `createIndex` and `dropIndex`, their elements (a column, an
//! expression, or an object with sort order, nulls order, operator class and collation)
//! and the name PostgreSQL would give the index.

use super::Cx;
use crate::ast::{Value, ValueKind};
use crate::model::{
    DropOptions, Index, IndexElement, IndexTarget, Name, NullsOrder, OperationKind, QualifiedName,
    SortOrder,
};
use crate::value::{self, Options};
use proc_macro2::Span;

impl<'a> Cx<'a> {
    pub(super) fn create_index(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the columns"], &["options"])?;
        let table = self.table(args[0]);
        let elements = self.index_elements(args[1]?);
        let options = self.options(
            args[2],
            &[
                "name",
                "unique",
                "where",
                "method",
                "include",
                "concurrently",
                "ifNotExists",
                "nulls",
            ],
        );
        let given_name = options
            .get("name")
            .and_then(|value| value::name(value, "`name`", self.errors));
        let predicate = options
            .get("where")
            .and_then(|value| value::expr(value, "`where`", self.errors));
        let method = options
            .get("method")
            .and_then(|value| value::method(value, self.errors));
        let include = options
            .get("include")
            .and_then(|value| value::names(value, "`include`", self.errors))
            .unwrap_or_default();
        let unique = options.flag("unique", self.errors);
        let nulls_not_distinct = options.get("nulls").and_then(|value| {
            value::choice(value, "`nulls`", &["distinct", "not distinct"], self.errors)
        }) == Some("not distinct");
        if nulls_not_distinct
            && !unique
            && let Some(span) = options.key_span("nulls")
        {
            self.errors.push(
                span,
                "`nulls: \"not distinct\"` applies to a `unique` index",
            );
        }
        let concurrently = options.flag("concurrently", self.errors);
        let if_not_exists = options.flag("ifNotExists", self.errors);
        let (table, elements) = (table?, elements?);
        let name = match given_name {
            Some(name) => name,
            None => self.index_name(&table, &elements, args[1]?.span)?,
        };
        Some(OperationKind::CreateIndex(Index {
            table,
            name,
            elements,
            unique,
            predicate,
            method,
            include,
            concurrently,
            if_not_exists,
            nulls_not_distinct,
        }))
    }

    /// The name PostgreSQL would give: `table_col1_col2_idx`. Expressions need a name.
    fn index_name(
        &mut self,
        table: &QualifiedName,
        elements: &[IndexElement],
        span: Span,
    ) -> Option<Name> {
        let mut parts = vec![table.name.sql.clone()];
        for element in elements {
            match &element.target {
                IndexTarget::Column(column) => parts.push(column.sql.clone()),
                IndexTarget::Expr(expr) => {
                    self.errors
                        .push(expr.span, "an index on an expression needs a `name` option");
                    return None;
                }
            }
        }
        parts.push("idx".to_owned());
        value::ident(&parts.join("_"), span, self.errors).or_else(|| {
            self.errors.push(span, "give the index a shorter `name`");
            None
        })
    }

    /// The columns argument: one element or a non-empty array of them.
    fn index_elements(&mut self, value: &'a Value) -> Option<Vec<IndexElement>> {
        let items: Vec<&Value> = match &value.kind {
            ValueKind::Array(items) if !items.is_empty() => items.iter().collect(),
            ValueKind::Str(_) | ValueKind::Func(_) | ValueKind::Object(_) => vec![value],
            _ => {
                self.errors.push(
                    value.span,
                    "the columns must be a column name, `func(\"expression\")`, an object `{ name: …, sort: … }`, or a non-empty array of them",
                );
                return None;
            }
        };
        let elements: Vec<Option<IndexElement>> = items
            .into_iter()
            .map(|item| self.index_element(item))
            .collect();
        elements.into_iter().collect()
    }

    /// ```text
    /// element := name | func("expression")
    ///          | { (name: name | expression: func("…")), sort?, nulls?, opclass?, collate? }
    /// ```
    fn index_element(&mut self, item: &'a Value) -> Option<IndexElement> {
        let target = match &item.kind {
            ValueKind::Func(_) => {
                value::expr(item, "the index expression", self.errors).map(IndexTarget::Expr)?
            }
            ValueKind::Str(text) if !is_plain(text) => {
                self.errors.push(item.span, not_a_column(text));
                return None;
            }
            ValueKind::Object(_) => return self.index_element_object(item),
            _ => value::name(item, "the column", self.errors).map(IndexTarget::Column)?,
        };
        Some(IndexElement {
            target,
            collate: None,
            opclass: None,
            sort: None,
            nulls: None,
        })
    }

    /// `{ name: "createdAt", sort: "desc", nulls: "last", opclass: …, collate: … }`.
    fn index_element_object(&mut self, item: &'a Value) -> Option<IndexElement> {
        let options = Options::read(
            Some(item),
            "an index column",
            &["name", "expression", "sort", "nulls", "opclass", "collate"],
            self.errors,
        );
        let target = match (options.get("name"), options.get("expression")) {
            (Some(name), None) => {
                value::name(name, "the column", self.errors).map(IndexTarget::Column)
            }
            (None, Some(expression)) => {
                value::expr(expression, "the index expression", self.errors).map(IndexTarget::Expr)
            }
            (Some(_), Some(_)) => {
                if let Some(span) = options.key_span("expression") {
                    self.errors
                        .push(span, "give `name` or `expression`, not both");
                }
                None
            }
            (None, None) => {
                self.errors.push(
                    item.span,
                    "an index column needs `name` (a column) or `expression` (`func(\"…\")`)",
                );
                None
            }
        };
        let sort = options.get("sort").and_then(|value| {
            match value::choice(value, "`sort`", &["asc", "desc"], self.errors)? {
                "asc" => Some(SortOrder::Asc),
                _ => Some(SortOrder::Desc),
            }
        });
        let nulls = options.get("nulls").and_then(|value| {
            match value::choice(value, "`nulls`", &["first", "last"], self.errors)? {
                "first" => Some(NullsOrder::First),
                _ => Some(NullsOrder::Last),
            }
        });
        let opclass = options
            .get("opclass")
            .and_then(|value| value::as_written(value, "`opclass`", self.errors));
        let collate = options
            .get("collate")
            .and_then(|value| value::as_written(value, "`collate`", self.errors));
        Some(IndexElement {
            target: target?,
            collate,
            opclass,
            sort,
            nulls,
        })
    }

    pub(super) fn drop_index(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the columns"], &["options"])?;
        let table = self.table(args[0]);
        let elements = self.index_elements(args[1]?);
        let options = self.options(args[2], &["name", "concurrently", "ifExists", "cascade"]);
        let given_name = options
            .get("name")
            .and_then(|value| value::name(value, "`name`", self.errors));
        let concurrently = options.flag("concurrently", self.errors);
        let drop = DropOptions {
            if_exists: options.flag("ifExists", self.errors),
            cascade: options.flag("cascade", self.errors),
        };
        if concurrently
            && drop.cascade
            && let Some(span) = options.key_span("cascade")
        {
            self.errors.push(
                span,
                "`cascade` cannot be combined with `concurrently`; PostgreSQL refuses it",
            );
        }
        let (table, elements) = (table?, elements?);
        let name = match given_name {
            Some(name) => name,
            None => self.index_name(&table, &elements, args[1]?.span)?,
        };
        // The index lives in its table's schema.
        let index = QualifiedName {
            schema: table.schema,
            name,
        };
        Some(OperationKind::DropIndex {
            index,
            concurrently,
            drop,
        })
    }
}

/// Whether an index column string can only be a name: anything else (`createdAt DESC`,
/// `lower(email)`) would once have been turned into a name silently.
fn is_plain(text: &str) -> bool {
    !text.contains(|c: char| c.is_whitespace() || "()'\",;:".contains(c))
}

/// The refusal of a string that is not a column name, with the object to write instead
/// when the string reads as `name [ASC | DESC] [NULLS FIRST | LAST]`.
fn not_a_column(text: &str) -> String {
    match as_object(text) {
        Some(object) => {
            format!("index column `{text}` is not a column name; for a sort order write `{object}`")
        }
        None => format!(
            "index column `{text}` is not a column name; for an expression write `func(\"{text}\")`, for a sort order, operator class or collation an object such as `{{ name: \"createdAt\", sort: \"desc\" }}`"
        ),
    }
}

/// `createdAt DESC NULLS LAST` as `{ name: "createdAt", sort: "desc", nulls: "last" }`.
fn as_object(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let (name, mut rest) = text.split_whitespace().next().zip(words.get(1..))?;
    value::sql_name(name).ok()?;
    let mut object = format!("{{ name: \"{name}\"");
    if let Some(sort @ ("asc" | "desc")) = rest.first().map(String::as_str) {
        object.push_str(&format!(", sort: \"{sort}\""));
        rest = &rest[1..];
    }
    match rest {
        [] => {}
        [nulls, order] if nulls == "nulls" && (order == "first" || order == "last") => {
            object.push_str(&format!(", nulls: \"{order}\""));
        }
        _ => return None,
    }
    if object.len() == format!("{{ name: \"{name}\"").len() {
        return None;
    }
    object.push_str(" }");
    Some(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_words_read_as_the_object_to_write() {
        assert_eq!(
            as_object("createdAt DESC").as_deref(),
            Some(r#"{ name: "createdAt", sort: "desc" }"#)
        );
        assert_eq!(
            as_object("created_at asc nulls LAST").as_deref(),
            Some(r#"{ name: "created_at", sort: "asc", nulls: "last" }"#)
        );
        assert_eq!(
            as_object("score NULLS FIRST").as_deref(),
            Some(r#"{ name: "score", nulls: "first" }"#)
        );
        assert_eq!(
            not_a_column("lower(email)"),
            r#"index column `lower(email)` is not a column name; for an expression write `func("lower(email)")`, for a sort order, operator class or collation an object such as `{ name: "createdAt", sort: "desc" }`"#
        );
        for other in [
            "createdAt",
            "a b",
            "title text_pattern_ops",
            "x DESC DESC",
            "x NULLS",
        ] {
            assert_eq!(as_object(other), None, "{other}");
        }
    }
}
