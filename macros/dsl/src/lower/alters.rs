//! The alters of views, materialized views, domains and roles, as node-pg-migrate
//! spells them: `alterView`, `alterViewColumn`, `alterMaterializedView`,
//! `renameMaterializedViewColumn`, `alterDomain`, `alterRole`. Only the column rename
//! has a derived down: the others change a state this migration does not write down.

use super::{Cx, direct};
use crate::ast::{Value, ValueKind};
use crate::model::{OperationKind, QualifiedName, Statement, Subject};
use crate::sql::{column_default, ident, literal, name, qualified, tx};
use crate::value;

/// What `alterDomain` may change.
const DOMAIN_CHANGES: &[&str] = &[
    "default",
    "notNull",
    "allowNull",
    "check",
    "constraintName",
    "collation",
];

/// The options of a view (`WITH (…)` of `CREATE VIEW` and `ALTER VIEW … SET`).
pub(super) const VIEW_OPTIONS: &[&str] = &["check_option", "security_barrier", "security_invoker"];

impl<'a> Cx<'a> {
    /// `alterView(view, { checkOption, options })`: `null` resets an option.
    pub(super) fn alter_view(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the view name", "the changes"], &[])?;
        let view = value::qualified(args[0]?, "the view name", self.errors);
        let options = self.options(args[1], &["checkOption", "options"]);
        let mut parameters = Vec::new();
        if let Some(check) = options.get("checkOption") {
            parameters.push(match check.kind {
                ValueKind::Null => ("check_option".to_owned(), None),
                _ => {
                    let check =
                        value::choice(check, "`checkOption`", &["cascaded", "local"], self.errors)?;
                    ("check_option".to_owned(), Some(check.to_owned()))
                }
            });
        }
        if let Some(more) = options.get("options") {
            parameters.extend(self.parameters(more, "`options`", Some(VIEW_OPTIONS))?);
        }
        let view = view?;
        let up = set_and_reset("VIEW", &view, &parameters);
        self.view_changes(view, up, args[1]?, "`checkOption` or `options`")
    }

    /// An alter of `view` that has no derived down: its statements, unless there are
    /// none (then `needs` says what to give).
    fn view_changes(
        &mut self,
        view: QualifiedName,
        up: Vec<Statement>,
        changes: &Value,
        needs: &str,
    ) -> Option<OperationKind> {
        if up.is_empty() {
            self.errors
                .push(changes.span, format!("`{}` needs {needs}", self.name));
            return None;
        }
        Some(direct(up, None, Some(Subject::View(view))))
    }

    /// `alterViewColumn(view, column, { default })`: `null` drops the default.
    pub(super) fn alter_view_column(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the view name", "the column", "the changes"], &[])?;
        let view = value::qualified(args[0]?, "the view name", self.errors);
        let column = value::name(args[1]?, "the column", self.errors);
        let options = self.options(args[2], &["default"]);
        let Some(default) = options.get("default") else {
            self.errors
                .push(args[2]?.span, "`alterViewColumn` needs `default`");
            return None;
        };
        let action = match default.kind {
            ValueKind::Null => "DROP DEFAULT".to_owned(),
            _ => format!(
                "SET DEFAULT {}",
                column_default(&value::default(default, self.errors)?)
            ),
        };
        let view = view?;
        let up = tx(format!(
            "ALTER VIEW {} ALTER COLUMN {} {action}",
            qualified(&view),
            name(&column?)
        ));
        Some(direct(vec![up], None, Some(Subject::View(view))))
    }

    /// `alterMaterializedView(view, { cluster, extension, storageParameters })`.
    pub(super) fn alter_materialized_view(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the view name", "the changes"], &[])?;
        let view = value::qualified(args[0]?, "the view name", self.errors);
        let options = self.options(args[1], &["cluster", "extension", "storageParameters"]);
        let cluster = options
            .get("cluster")
            .and_then(|value| value::name(value, "`cluster`", self.errors));
        let extension = options
            .get("extension")
            .and_then(|value| value::string(value, "`extension`", self.errors));
        let parameters = match options.get("storageParameters") {
            Some(value) => self.parameters(value, "`storageParameters`", None)?,
            None => Vec::new(),
        };
        let view = view?;
        let alter = |action: String| {
            tx(format!(
                "ALTER MATERIALIZED VIEW {} {action}",
                qualified(&view)
            ))
        };
        let mut up = Vec::new();
        if let Some(index) = cluster {
            up.push(alter(format!("CLUSTER ON {}", name(&index))));
        }
        if let Some(extension) = extension {
            up.push(alter(format!(
                "DEPENDS ON EXTENSION {}",
                ident(&extension.value)
            )));
        }
        up.extend(set_and_reset("MATERIALIZED VIEW", &view, &parameters));
        self.view_changes(
            view,
            up,
            args[1]?,
            "`cluster`, `extension` or `storageParameters`",
        )
    }

    /// `renameMaterializedViewColumn(view, column, newName)`; down: rename it back.
    pub(super) fn rename_materialized_view_column(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the view name", "the column", "the new name"], &[])?;
        let view = value::qualified(args[0]?, "the view name", self.errors);
        let from = value::name(args[1]?, "the column", self.errors);
        let to = value::name(args[2]?, "the new name", self.errors);
        let (view, from, to) = (view?, from?, to?);
        let rename = |from, to| {
            tx(format!(
                "ALTER MATERIALIZED VIEW {} RENAME COLUMN {} TO {}",
                qualified(&view),
                name(from),
                name(to)
            ))
        };
        let (up, down) = (rename(&from, &to), rename(&to, &from));
        Some(direct(
            vec![up],
            Some(vec![down]),
            Some(Subject::View(view)),
        ))
    }

    /// `alterDomain(domain, { default, notNull, allowNull, check, constraintName })`.
    pub(super) fn alter_domain(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the domain name", "the changes"], &[])?;
        let domain = value::qualified(args[0]?, "the domain name", self.errors);
        let options = self.options(args[1], DOMAIN_CHANGES);
        if let Some(span) = options.key_span("collation") {
            self.errors.push(
                span,
                "PostgreSQL cannot change a domain's collation; create a new domain with `createDomain`",
            );
        }
        let mut actions = Vec::new();
        if let Some(default) = options.get("default") {
            actions.push(match default.kind {
                ValueKind::Null => "DROP DEFAULT".to_owned(),
                _ => format!(
                    "SET DEFAULT {}",
                    column_default(&value::default(default, self.errors)?)
                ),
            });
        }
        match self.nullability(&options) {
            Some(true) => actions.push("SET NOT NULL".to_owned()),
            Some(false) => actions.push("DROP NOT NULL".to_owned()),
            None => {}
        }
        let constraint = options
            .get("constraintName")
            .and_then(|value| value::name(value, "`constraintName`", self.errors));
        match options.get("check") {
            Some(check) => {
                let check = value::expr(check, "`check`", self.errors)?;
                let named = constraint
                    .map(|constraint| format!("CONSTRAINT {} ", name(&constraint)))
                    .unwrap_or_default();
                actions.push(format!("ADD {named}CHECK ({})", check.sql));
            }
            None => {
                if let Some(span) = options.key_span("constraintName") {
                    self.errors
                        .push(span, "`constraintName` names the `check`; give one");
                }
            }
        }
        let domain = domain?;
        let asked = DOMAIN_CHANGES
            .iter()
            .any(|key| options.key_span(key).is_some());
        if actions.is_empty() && !asked {
            self.errors.push(
                args[1]?.span,
                "`alterDomain` needs at least one of `default`, `notNull`, `allowNull`, `check`",
            );
            return None;
        }
        if actions.is_empty() {
            return None;
        }
        let up = actions
            .iter()
            .map(|action| tx(format!("ALTER DOMAIN {} {action}", qualified(&domain))))
            .collect();
        Some(direct(up, None, Some(Subject::Type(domain))))
    }

    /// `alterRole(role, options)`: `createRole`'s options but membership.
    pub(super) fn alter_role(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the role name", "the changes"], &[])?;
        let role = self.role_list(args[0]?).and_then(|mut names| names.pop());
        let options = self.role_options(args[1], false)?;
        if matches!(&args[1]?.kind, ValueKind::Object(entries) if entries.is_empty()) {
            self.errors
                .push(args[1]?.span, "`alterRole` needs at least one change");
            return None;
        }
        if options.is_empty() {
            return None;
        }
        let up = tx(format!("ALTER ROLE {} WITH {}", role?, options.join(" ")));
        Some(direct(vec![up], None, None))
    }

    /// `notNull` or its opposite `allowNull` (node-pg-migrate takes either): whether
    /// the column or domain is to be `NOT NULL`, if either is given and they agree.
    pub(super) fn nullability(&mut self, options: &value::Options<'a>) -> Option<bool> {
        let not_null = options
            .get("notNull")
            .and_then(|value| value::boolean(value, "`notNull`", self.errors));
        let allow_null = options
            .get("allowNull")
            .and_then(|value| value::boolean(value, "`allowNull`", self.errors));
        match (not_null, allow_null) {
            (Some(not_null), Some(allow_null)) if not_null == allow_null => {
                if let Some(span) = options.key_span("allowNull") {
                    self.errors
                        .push(span, "`notNull` and `allowNull` contradict each other");
                }
                None
            }
            (Some(not_null), _) => Some(not_null),
            (None, allow_null) => allow_null.map(|allow| !allow),
        }
    }

    /// Key-value parameters (`{ securityBarrier: true, fillfactor: 70 }`), keys through
    /// the names rule and, where `known` is given, one of them; `null` resets one.
    pub(super) fn parameters(
        &mut self,
        value: &Value,
        what: &str,
        known: Option<&[&str]>,
    ) -> Option<Vec<(String, Option<String>)>> {
        let ValueKind::Object(entries) = &value.kind else {
            self.errors.push(
                value.span,
                format!(
                    "{what} takes an object of names and values, such as `{{ fillfactor: 70 }}`"
                ),
            );
            return None;
        };
        let mut parameters = Vec::new();
        let mut ok = true;
        for (written, value) in entries {
            let Some(key) = value::key_name(written, self.errors) else {
                ok = false;
                continue;
            };
            if let Some(known) = known
                && !known.contains(&key.sql.as_str())
            {
                let hint = match value::closest(&key.sql, known.iter().copied()) {
                    Some(near) => format!("did you mean `{}`?", heck::AsLowerCamelCase(near)),
                    None => format!(
                        "expected one of {}",
                        known
                            .iter()
                            .map(|known| format!("`{}`", heck::AsLowerCamelCase(known)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.errors.push(
                    key.span,
                    format!("unknown option `{}` in {what}; {hint}", written.name),
                );
                ok = false;
                continue;
            }
            let rendered = match &value.kind {
                ValueKind::Null => None,
                ValueKind::Bool(flag) => Some(flag.to_string()),
                ValueKind::Number(number) => Some(number.clone()),
                ValueKind::Str(text) => Some(literal(text)),
                _ => {
                    self.errors.push(
                        value.span,
                        format!("a value of {what} is a boolean, number, string or `null`"),
                    );
                    ok = false;
                    continue;
                }
            };
            parameters.push((key.sql, rendered));
        }
        ok.then_some(parameters)
    }
}

/// `ALTER {kind} v SET (a = 1)` for the values and `RESET (b)` for the `null`s.
fn set_and_reset(
    kind: &str,
    object: &QualifiedName,
    parameters: &[(String, Option<String>)],
) -> Vec<Statement> {
    let set: Vec<String> = parameters
        .iter()
        .filter_map(|(key, value)| Some(format!("{} = {}", ident(key), value.as_ref()?)))
        .collect();
    let reset: Vec<String> = parameters
        .iter()
        .filter(|(_, value)| value.is_none())
        .map(|(key, _)| ident(key))
        .collect();
    let mut statements = Vec::new();
    for (words, list) in [("SET", set), ("RESET", reset)] {
        if !list.is_empty() {
            statements.push(tx(format!(
                "ALTER {kind} {} {words} ({})",
                qualified(object),
                list.join(", ")
            )));
        }
    }
    statements
}
