//! Keys: `createTable`'s table-level `constraints`, foreign keys and a column's
//! `references` with their actions and options (`onDelete`, `onUpdate`, `match`,
//! `deferrable`, `deferred`, the constraint's comment).

use super::Cx;
use crate::ast::{Value, ValueKind};
use crate::model::{Action, ForeignKey, Reference, TableConstraints};
use crate::value::{self, Options};
use proc_macro2::Span;

/// The options of a foreign key object, in `createTable`'s `constraints` (which also
/// take `name`) and in `addConstraint`.
pub(super) const FOREIGN_KEY_OPTIONS: &[&str] = &[
    "columns",
    "references",
    "onDelete",
    "onUpdate",
    "match",
    "deferrable",
    "deferred",
];

impl<'a> Cx<'a> {
    pub(super) fn table_constraints(&mut self, value: &'a Value) -> Option<TableConstraints> {
        let options = self.options(
            Some(value),
            &["primaryKey", "unique", "check", "foreignKeys", "foreignKey"],
        );
        let primary_key = options.get("primaryKey").and_then(|value| {
            Some((
                value::names(value, "`primaryKey`", self.errors)?,
                options.key_span("primaryKey")?,
            ))
        });
        let unique = match options.get("unique") {
            None => Vec::new(),
            Some(value) => match &value.kind {
                // `[["a", "b"], ["c"]]`: several unique sets.
                ValueKind::Array(items)
                    if !items.is_empty()
                        && items
                            .iter()
                            .all(|item| matches!(item.kind, ValueKind::Array(_))) =>
                {
                    items
                        .iter()
                        .filter_map(|item| value::names(item, "`unique`", self.errors))
                        .collect()
                }
                _ => value::names(value, "`unique`", self.errors)
                    .into_iter()
                    .collect(),
            },
        };
        let checks = match options.get("check").map(|value| (value, &value.kind)) {
            None => Vec::new(),
            Some((_, ValueKind::Array(items))) => items
                .iter()
                .filter_map(|item| value::expr(item, "`check`", self.errors))
                .collect(),
            Some((value, _)) => value::expr(value, "`check`", self.errors)
                .into_iter()
                .collect(),
        };
        // `foreignKey` is node-pg-migrate's other spelling, accepted as an alias.
        if let (Some(_), Some(span)) = (options.get("foreignKeys"), options.key_span("foreignKey"))
        {
            self.errors.push(
                span,
                "`foreignKey` and `foreignKeys` are the same option; give it once",
            );
        }
        let foreign_keys = options
            .get("foreignKeys")
            .or_else(|| options.get("foreignKey"));
        let foreign_keys = match foreign_keys.map(|value| (value, &value.kind)) {
            None => Vec::new(),
            Some((_, ValueKind::Array(items))) => items
                .iter()
                .filter_map(|item| self.foreign_key(item))
                .collect(),
            Some((value, _)) => self.foreign_key(value).into_iter().collect(),
        };
        Some(TableConstraints {
            primary_key,
            unique,
            checks,
            foreign_keys,
        })
    }

    pub(super) fn foreign_key(&mut self, value: &'a Value) -> Option<ForeignKey> {
        let mut allowed = vec!["name"];
        allowed.extend(FOREIGN_KEY_OPTIONS);
        let options = self.options(Some(value), &allowed);
        let name = options
            .get("name")
            .and_then(|value| value::name(value, "`name`", self.errors));
        let columns = match options.get("columns") {
            Some(columns) => value::names(columns, "`columns`", self.errors),
            None => {
                self.errors
                    .push(value.span, "a foreign key needs `columns`");
                None
            }
        };
        let references = self.references(&options, value.span);
        Some(ForeignKey {
            name,
            columns: columns?,
            references: references?,
        })
    }

    /// `onDelete` and `onUpdate` from an options object, each if given.
    pub(super) fn actions(&mut self, options: &Options<'a>) -> (Option<Action>, Option<Action>) {
        let mut action = |key: &str| {
            options
                .get(key)
                .and_then(|value| value::action(value, &format!("`{key}`"), self.errors))
        };
        (action("onDelete"), action("onUpdate"))
    }

    /// `references` with `onDelete`/`onUpdate` from an options object.
    pub(super) fn references(&mut self, options: &Options<'a>, span: Span) -> Option<Reference> {
        let (on_delete, on_update) = self.actions(options);
        let Some(target) = options.get("references") else {
            self.errors.push(span, "a foreign key needs `references`");
            return None;
        };
        let reference = value::reference(target, self.errors)?;
        Some(self.reference_options(
            options,
            Reference {
                on_delete,
                on_update,
                ..reference
            },
        ))
    }

    /// `match`, `deferrable` and `deferred` of a foreign key, from its options.
    pub(super) fn reference_options(
        &mut self,
        options: &Options<'a>,
        reference: Reference,
    ) -> Reference {
        let match_full = options
            .get("match")
            .and_then(|value| value::choice(value, "`match`", &["full", "simple"], self.errors))
            == Some("full");
        let deferred = options.flag("deferred", self.errors);
        Reference {
            match_full,
            // `INITIALLY DEFERRED` is only for a deferrable constraint.
            deferrable: options.flag("deferrable", self.errors) || deferred,
            deferred,
            ..reference
        }
    }

    /// `referencesConstraintComment`, which needs the constraint's name.
    pub(super) fn references_comment(
        &mut self,
        options: &Options<'a>,
    ) -> Option<crate::model::Text> {
        let comment = options.get("referencesConstraintComment")?;
        if options.get("referencesConstraintName").is_none() {
            self.errors.push(
                comment.span,
                "`referencesConstraintComment` needs `referencesConstraintName`, the constraint it comments",
            );
            return None;
        }
        value::string(comment, "`referencesConstraintComment`", self.errors)
    }
}
