//! Sequences, domains and the renaming of types, as node-pg-migrate spells them:
//! `createSequence`, `alterSequence`, `dropSequence`, `renameSequence`,
//! `createDomain`, `dropDomain`, `renameDomain`, `renameType`.

use super::Cx;
use crate::ast::{Value, ValueKind};
use crate::model::{Domain, OperationKind, Sequence};
use crate::value::{self, KnownTypes, Options};

/// The options a sequence takes, besides `type`, `temporary` and `ifNotExists`.
const SEQUENCE_OPTIONS: &[&str] = &[
    "increment",
    "minValue",
    "maxValue",
    "start",
    "restart",
    "cache",
    "cycle",
    "owner",
];

impl<'a> Cx<'a> {
    pub(super) fn create_sequence(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the sequence name"], &["options"])?;
        let name = value::qualified(args[0]?, "the sequence name", self.errors);
        let mut allowed = vec!["type", "temporary", "ifNotExists"];
        allowed.extend(
            SEQUENCE_OPTIONS
                .iter()
                .filter(|option| **option != "restart"),
        );
        let options = self.options(args[1], &allowed);
        let sequence = self.sequence(name?, &options, known)?;
        Some(OperationKind::CreateSequence(Box::new(sequence)))
    }

    pub(super) fn alter_sequence(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the sequence name", "the changes"], &[])?;
        let name = value::qualified(args[0]?, "the sequence name", self.errors);
        let mut allowed = vec!["type"];
        allowed.extend(SEQUENCE_OPTIONS);
        let options = self.options(args[1], &allowed);
        let sequence = self.sequence(name?, &options, known)?;
        if sequence.ty.is_none() && sequence.options.is_empty() {
            self.errors
                .push(args[1]?.span, "`alterSequence` needs at least one change");
            return None;
        }
        Some(OperationKind::AlterSequence(Box::new(sequence)))
    }

    fn sequence(
        &mut self,
        name: crate::model::QualifiedName,
        options: &Options<'a>,
        known: &KnownTypes,
    ) -> Option<Sequence> {
        let ty = options
            .get("type")
            .and_then(|value| value::ty(value, known, self.errors));
        let mut rendered = Vec::new();
        for (key, words, none) in [
            ("increment", "INCREMENT BY", None),
            ("minValue", "MINVALUE", Some("NO MINVALUE")),
            ("maxValue", "MAXVALUE", Some("NO MAXVALUE")),
            ("start", "START WITH", None),
            ("restart", "RESTART WITH", None),
            ("cache", "CACHE", None),
        ] {
            let Some(value) = options.get(key) else {
                continue;
            };
            match (&value.kind, none) {
                (ValueKind::Number(number), _) => rendered.push(format!("{words} {number}")),
                (ValueKind::Null | ValueKind::Bool(false), Some(none)) => {
                    rendered.push(none.to_owned());
                }
                (ValueKind::Bool(true), _) if key == "restart" => {
                    rendered.push("RESTART".to_owned());
                }
                _ => self.errors.push(
                    value.span,
                    match none {
                        Some(_) => format!("`{key}` takes a number, or `null` for none"),
                        None => format!("`{key}` takes a number"),
                    },
                ),
            }
        }
        if let Some(cycle) = options.get("cycle") {
            match value::boolean(cycle, "`cycle`", self.errors)? {
                true => rendered.push("CYCLE".to_owned()),
                false => rendered.push("NO CYCLE".to_owned()),
            }
        }
        if let Some(owner) = options.get("owner") {
            rendered.push(self.owner(owner)?);
        }
        Some(Sequence {
            name,
            ty,
            options: rendered,
            temporary: options.flag("temporary", self.errors),
            if_not_exists: options.flag("ifNotExists", self.errors),
        })
    }

    /// `owner`: `"table.column"` or `null` (`OWNED BY NONE`).
    fn owner(&mut self, value: &Value) -> Option<String> {
        if let ValueKind::Null = value.kind {
            return Some("OWNED BY NONE".to_owned());
        }
        let text = value::string(value, "`owner`", self.errors)?;
        let parts: Vec<&str> = text.value.split('.').collect();
        let names: Option<Vec<String>> = match parts.len() {
            2 | 3 => parts
                .iter()
                .map(|part| {
                    value::ident(part, value.span, self.errors)
                        .map(|name| crate::sql::ident(&name.sql))
                })
                .collect(),
            _ => {
                self.errors
                    .push(value.span, "`owner` is `\"table.column\"`, or `null`");
                None
            }
        };
        Some(format!("OWNED BY {}", names?.join(".")))
    }

    pub(super) fn create_domain(&mut self, known: &mut KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the domain name", "the type"], &["options"])?;
        let name = value::qualified(args[0]?, "the domain name", self.errors);
        let ty = value::ty(args[1]?, known, self.errors);
        let options = self.options(
            args[2],
            &["default", "notNull", "check", "constraintName", "collation"],
        );
        let check = options
            .get("check")
            .and_then(|value| value::expr(value, "`check`", self.errors));
        let constraint = options
            .get("constraintName")
            .and_then(|value| value::name(value, "`constraintName`", self.errors));
        if let (None, Some(span)) = (&check, options.key_span("constraintName")) {
            self.errors
                .push(span, "`constraintName` names the `check`; give one");
        }
        let name = name?;
        known.add(&name.name.sql);
        Some(OperationKind::CreateDomain(Box::new(Domain {
            name,
            ty: ty?,
            collation: options
                .get("collation")
                .and_then(|value| value::as_written(value, "`collation`", self.errors)),
            default: options
                .get("default")
                .and_then(|value| value::default(value, self.errors)),
            not_null: options.flag("notNull", self.errors),
            check: check.map(|check| (constraint, check)),
        })))
    }

    /// `dropDomain`, `dropSequence`: the name and the drop options.
    pub(super) fn drop_named(&mut self, what: &str) -> Option<OperationKind> {
        let args = self.args(&[what], &["options"])?;
        let name = value::qualified(args[0]?, what, self.errors)?;
        let drop = self.drop_options(args[1]);
        Some(match self.name {
            "dropDomain" => OperationKind::DropDomain { name, drop },
            _ => OperationKind::DropSequence { name, drop },
        })
    }

    /// `renameDomain`, `renameSequence`, `renameType`, `renameIndex`: the name and the
    /// new name.
    /// A renamed type or domain is known under its new name from then on.
    pub(super) fn rename_named(
        &mut self,
        what: &str,
        known: &mut KnownTypes,
    ) -> Option<OperationKind> {
        let args = self.args(&[what, "the new name"], &[])?;
        let name = value::qualified(args[0]?, what, self.errors);
        let to = value::name(args[1]?, "the new name", self.errors);
        let (name, to) = (name?, to?);
        Some(match self.name {
            "renameSequence" => OperationKind::RenameSequence { name, to },
            "renameIndex" => OperationKind::RenameIndex { name, to },
            "renameDomain" => {
                known.add(&to.sql);
                OperationKind::RenameDomain { name, to }
            }
            _ => {
                known.add(&to.sql);
                OperationKind::RenameType { name, to }
            }
        })
    }
}
