//! What the third wave's operations alter, against the schema: the view, the type, the
//! attribute of a composite type or the value of an enum must exist by then.

use super::{Cx, object};
use crate::model::{QualifiedName, Subject};
use crate::value::closest;
use pgbatch_schema::{Lookup, TypeDef};

impl<'a> Cx<'a> {
    pub(super) fn subject(&mut self, subject: &Subject) {
        match subject {
            Subject::Table(table) => {
                self.table(table);
            }
            Subject::Policy(table, policy) => {
                self.rule(table, super::Rule::Policy, policy, true);
            }
            Subject::View(view) => self.view(view),
            Subject::Type(name) => {
                self.user_type(name);
            }
            Subject::Attribute(name, attribute) => {
                let Some(TypeDef::Composite { attributes }) = self.user_type(name) else {
                    return;
                };
                let names: Vec<&str> = attributes.iter().map(|(name, _)| name.as_str()).collect();
                self.member(name, "attribute", &attribute.sql, attribute.span, &names);
            }
            Subject::Value(name, value) => {
                let Some(TypeDef::Enum { labels }) = self.user_type(name) else {
                    return;
                };
                let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
                self.member(name, "value", &value.value, value.span, &labels);
            }
        }
    }

    /// The type, if the model knows it; an error if it knows it does not exist.
    fn user_type(&mut self, name: &QualifiedName) -> Option<&'a TypeDef> {
        let object = object(name);
        let schema: &'a pgbatch_schema::Schema = self.schema;
        match schema.user_type(&object) {
            Lookup::Found(found) => Some(found),
            Lookup::Unknown => None,
            Lookup::Missing => {
                let candidates = self.type_names(&object.schema);
                self.missing(name.name.span, "type", &object, &candidates);
                None
            }
        }
    }

    /// A view or materialized view must exist; a table of that name is another
    /// mistake PostgreSQL names itself.
    fn view(&mut self, name: &QualifiedName) {
        let object = object(name);
        if let Lookup::Missing = self.schema.relation_exists(&object) {
            let candidates: Vec<&str> = self
                .schema
                .views
                .keys()
                .filter(|other| other.schema == object.schema)
                .map(|other| other.name.as_str())
                .collect();
            self.missing(name.name.span, "view", &object, &candidates);
        }
    }

    /// `written` must be one of the type's `members` (its attributes or its values).
    fn member(
        &mut self,
        name: &QualifiedName,
        what: &str,
        written: &str,
        span: proc_macro2::Span,
        members: &[&str],
    ) {
        if members.contains(&written) {
            return;
        }
        let hint = match closest(written, members.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "its {what}s are {}",
                members
                    .iter()
                    .map(|member| format!("`{member}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.errors.push(
            span,
            format!("type `{}` has no {what} `{written}`; {hint}", object(name)),
        );
    }
}
