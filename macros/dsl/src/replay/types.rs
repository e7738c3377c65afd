//! Operations on types and schemas against the schema: enum values, types still in
//! use, schemas that are not empty.

use super::{Cx, object};
use crate::model::{Name, QualifiedName};
use crate::value::closest;
use pgbatch_schema::{Lookup, ObjectName, TypeDef};

impl Cx<'_> {
    pub(super) fn add_type_value(
        &mut self,
        name: &QualifiedName,
        value: &crate::model::Text,
        position: Option<&crate::model::ValuePosition>,
        if_not_exists: bool,
    ) {
        let object = object(name);
        let labels = match self.schema.user_type(&object) {
            Lookup::Found(TypeDef::Enum { labels }) => labels,
            Lookup::Found(_) => {
                self.errors.push(
                    name.name.span,
                    format!("type `{object}` is not an enum; only enums take values"),
                );
                return;
            }
            Lookup::Unknown => return,
            Lookup::Missing => {
                let candidates = self.type_names(&object.schema);
                self.missing(name.name.span, "type", &object, &candidates);
                return;
            }
        };
        if !if_not_exists && labels.contains(&value.value) {
            self.errors.push(
                value.span,
                format!(
                    "enum `{object}` already has the value `{}`; pass `ifNotExists: true` if that is expected",
                    value.value
                ),
            );
        }
        if let Some(
            crate::model::ValuePosition::Before(anchor)
            | crate::model::ValuePosition::After(anchor),
        ) = position
            && !labels.contains(&anchor.value)
        {
            let hint = match closest(&anchor.value, labels.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("its values are {}", quoted_list(labels)),
            };
            self.errors.push(
                anchor.span,
                format!("enum `{object}` has no value `{}`; {hint}", anchor.value),
            );
        }
    }

    pub(super) fn drop_schema(&mut self, name: &Name, if_exists: bool, cascade: bool) {
        if self.schema.opaque || name.sql == pgbatch_schema::DEFAULT_SCHEMA {
            return;
        }
        if !self.schema.schemas.contains(&name.sql) {
            if !if_exists
                && !self
                    .schema
                    .unknown
                    .contains(&ObjectName::new(Some(&name.sql), "*"))
            {
                let hint = match closest(&name.sql, self.schema.schemas.iter().map(String::as_str))
                {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "no earlier migration creates it".to_owned(),
                };
                self.errors
                    .push(name.span, format!("unknown schema `{}`; {hint}", name.sql));
            }
            return;
        }
        if !cascade {
            let inside = self
                .schema
                .tables
                .keys()
                .chain(self.schema.types.keys())
                .chain(self.schema.views.keys())
                .find(|object| object.schema == name.sql && !self.schema.unknown.contains(object));
            if let Some(object) = inside {
                self.errors.push(
                    name.span,
                    format!(
                        "schema `{}` is not empty (`{object}` is in it); drop what it holds first, or pass `cascade: true`",
                        name.sql
                    ),
                );
            }
        }
    }

    /// A type still used by a column cannot be dropped without cascade.
    pub(super) fn type_unused(&mut self, name: &ObjectName, span: proc_macro2::Span) {
        let spelled = name.to_string();
        for (table, found) in &self.schema.tables {
            if self.schema.unknown.contains(table) {
                continue;
            }
            if let Some(column) = found
                .columns
                .iter()
                .find(|column| column.ty.trim_end_matches("[]") == spelled)
            {
                self.errors.push(
                    span,
                    format!(
                        "type `{spelled}` is still used by column `{}` of table `{table}`; drop or change that column first, or pass `cascade: true`",
                        column.name
                    ),
                );
                return;
            }
        }
    }
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
