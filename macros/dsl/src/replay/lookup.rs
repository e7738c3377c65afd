//! Lookups in the schema that report what the model knows is missing, with a
//! did-you-mean, and stay silent about what it cannot tell.

use super::{Cx, object};
use crate::model::{Name, QualifiedName, Type};
use crate::pg;
use crate::value::{closest, is_builtin_type};
use pgbatch_schema::{Lookup, ObjectName, Schema};

impl<'a> Cx<'a> {
    /// The table, if the model knows it; an error (with a did-you-mean) if it knows it
    /// does not exist; `None` and silence if it cannot tell.
    pub(super) fn table(&mut self, name: &QualifiedName) -> Option<&'a pgbatch_schema::Table> {
        self.table_unless(name, false)
    }

    pub(super) fn table_unless(
        &mut self,
        name: &QualifiedName,
        if_exists: bool,
    ) -> Option<&'a pgbatch_schema::Table> {
        let schema = self.schema;
        let object = object(name);
        match schema.table(&object) {
            Lookup::Found(table) => Some(table),
            Lookup::Unknown => None,
            // `ALTER TABLE` also renames views and sets their column defaults: a view
            // is not the model's to refuse.
            Lookup::Missing if schema.views.contains_key(&object) => None,
            Lookup::Missing => {
                if !if_exists {
                    let candidates: Vec<&str> = schema
                        .tables
                        .keys()
                        .filter(|other| other.schema == object.schema)
                        .map(|other| other.name.as_str())
                        .collect();
                    self.missing(name.name.span, "table", &object, &candidates);
                }
                None
            }
        }
    }

    /// The table after the operation, silently.
    pub(super) fn found_table(&self, name: &QualifiedName) -> Option<&'a pgbatch_schema::Table> {
        let schema: &'a Schema = self.schema;
        match schema.table(&object(name)) {
            Lookup::Found(table) => Some(table),
            _ => None,
        }
    }

    pub(super) fn missing(
        &mut self,
        span: proc_macro2::Span,
        what: &str,
        name: &ObjectName,
        candidates: &[&str],
    ) {
        let hint = if let Some(file) = self.later.created.get(name) {
            format!(
                "it is created only by a later migration, `{file}`; migrations run in the order of their numbers"
            )
        } else if let Some(near) = closest(&name.name, candidates.iter().copied()) {
            format!("did you mean `{near}`?")
        } else {
            "no earlier migration creates it".to_owned()
        };
        self.errors
            .push(span, format!("unknown {what} `{name}`; {hint}"));
    }

    pub(super) fn column<'t>(
        &mut self,
        table: &'t pgbatch_schema::Table,
        column: &Name,
        table_name: &QualifiedName,
    ) -> Option<&'t pgbatch_schema::Column> {
        match table.column(&column.sql) {
            Lookup::Found(found) => Some(found),
            Lookup::Unknown => None,
            Lookup::Missing => {
                let hint = match closest(&column.sql, table.columns.iter().map(|c| c.name.as_str()))
                {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "its columns are {}",
                        table
                            .columns
                            .iter()
                            .map(|c| format!("`{}`", c.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.errors.push(
                    column.span,
                    format!(
                        "unknown column `{}` in table `{}`; {hint}",
                        column.sql,
                        object(table_name)
                    ),
                );
                None
            }
        }
    }

    pub(super) fn constraint<'t>(
        &mut self,
        table: &'t pgbatch_schema::Table,
        name: &Name,
        table_name: &QualifiedName,
    ) -> Option<&'t pgbatch_schema::Constraint> {
        match table.constraint(&name.sql) {
            Lookup::Found(found) => Some(found),
            Lookup::Unknown => None,
            Lookup::Missing => {
                let hint =
                    match closest(&name.sql, table.constraints.iter().map(|c| c.name.as_str())) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None if table.constraints.is_empty() => "it has no constraints".to_owned(),
                        None => format!(
                            "its constraints are {}",
                            table
                                .constraints
                                .iter()
                                .map(|c| format!("`{}`", c.name))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                self.errors.push(
                    name.span,
                    format!(
                        "unknown constraint `{}` on table `{}`; {hint}",
                        name.sql,
                        object(table_name)
                    ),
                );
                None
            }
        }
    }

    /// A name in a list of the columns being created.
    pub(super) fn in_list(&mut self, name: &Name, columns: &[&str], table: &str) {
        if !columns.contains(&name.sql.as_str()) {
            let hint = match closest(&name.sql, columns.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "name one of the table's columns".to_owned(),
            };
            self.errors.push(
                name.span,
                format!("unknown column `{}` in table `{table}`; {hint}", name.sql),
            );
        }
    }

    /// Tables, views, indexes, sequences and types share one namespace per schema.
    pub(super) fn not_taken(&mut self, name: &ObjectName, span: proc_macro2::Span, creating: &str) {
        if let Lookup::Found(kind) = self.schema.relation_exists(name) {
            let hint = if kind == creating {
                "choose another name, or drop it first".to_owned()
            } else {
                "tables, views, indexes, sequences and types share one namespace in a schema; choose another name".to_owned()
            };
            self.errors.push(
                span,
                format!("{kind} `{name}` already exists (an earlier operation or migration creates it); {hint}"),
            );
        }
    }

    pub(super) fn schema_exists(&mut self, table: &QualifiedName) {
        let Some(schema) = &table.schema else {
            return;
        };
        let known = schema.sql == pgbatch_schema::DEFAULT_SCHEMA
            || self.schema.schemas.contains(&schema.sql)
            || self.schema.opaque
            || self.schema.unknown.contains(&ObjectName::new(Some(&schema.sql), "*"))
            // System schemas and ones an extension or a raw statement may create.
            || schema.sql.starts_with("pg_")
            || schema.sql == "information_schema";
        if !known {
            let hint = match closest(&schema.sql, self.schema.schemas.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "create it first with `createSchema`".to_owned(),
            };
            self.errors.push(
                schema.span,
                format!("unknown schema `{}`; {hint}", schema.sql),
            );
        }
    }

    /// A column type naming a user-defined type must name one that exists by now.
    pub(super) fn column_type(&mut self, ty: &Type) {
        let Ok(parts) = pg::type_name(&ty.sql) else {
            return;
        };
        let name = match parts.as_slice() {
            [name] if !is_builtin_type(name) => ObjectName::new(None, name),
            [schema, name] if schema != "pg_catalog" => ObjectName::new(Some(schema), name),
            _ => return,
        };
        // A type of an extension (`citext`, `geometry`…) is known when its extension is,
        // and the macro already refuses names no migration creates.
        if matches!(self.schema.user_type(&name), Lookup::Missing)
            && let Some(file) = self.later.created.get(&name)
        {
            self.errors.push(
                ty.span,
                format!(
                    "type `{name}` is created only by a later migration, `{file}`; migrations run in the order of their numbers"
                ),
            );
        }
    }

    pub(super) fn type_names(&self, schema: &str) -> Vec<&'a str> {
        let model: &'a Schema = self.schema;
        model
            .types
            .keys()
            .filter(|name| name.schema == schema)
            .map(|name| name.name.as_str())
            .collect()
    }
}
