//! Functions and triggers, as node-pg-migrate spells them: `createFunction(name,
//! params, options, definition)`, `dropFunction`, `renameFunction`, and
//! `createTrigger(table, name, options[, definition])` (a definition makes the trigger
//! function inline, named after the trigger), `dropTrigger`, `renameTrigger`.

use super::Cx;
use crate::ast::{Value, ValueKind};
use crate::model::{Function, OperationKind, Param, Trigger};
use crate::value::{self, KnownTypes, Options};

/// What a function may return besides a type: written as is.
const PSEUDO_RETURNS: &[&str] = &["trigger", "event_trigger", "void"];

impl<'a> Cx<'a> {
    pub(super) fn create_function(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(
            &[
                "the function name",
                "the parameters",
                "the options",
                "the body",
            ],
            &[],
        )?;
        let name = value::qualified(args[0]?, "the function name", self.errors);
        let params = self.params(args[1]?, known);
        let options = self.options(
            args[2],
            &[
                "returns", "language", "replace", "window", "behavior", "security", "onNull",
                "parallel",
            ],
        );
        let body = value::string(args[3]?, "the body", self.errors);
        let function =
            self.function(name?, params?, &options, body?.value, args[2]?, known, None)?;
        Some(OperationKind::CreateFunction(Box::new(function)))
    }

    /// A function from its options (`returns` defaults to `void`; `language` is
    /// required, as node-pg-migrate requires it, unless `default_language` is given).
    #[allow(clippy::too_many_arguments)]
    fn function(
        &mut self,
        name: crate::model::QualifiedName,
        params: Vec<Param>,
        options: &Options<'a>,
        definition: String,
        options_value: &Value,
        known: &KnownTypes,
        default_language: Option<&str>,
    ) -> Option<Function> {
        let returns = match options.get("returns") {
            Some(value) => Some(self.returns(value, known)?),
            None => None,
        };
        let language = match options.get("language") {
            Some(value) => {
                value::ident(
                    &value::string(value, "`language`", self.errors)?.value,
                    value.span,
                    self.errors,
                )?
                .sql
            }
            None if default_language.is_some() => default_language?.to_owned(),
            None => {
                self.errors.push(
                    options_value.span,
                    "a function needs `language`, such as `\"plpgsql\"` or `\"sql\"`",
                );
                return None;
            }
        };
        let pick = |cx: &mut Self, key: &str, allowed: &[&'static str]| {
            options
                .get(key)
                .and_then(|value| value::choice(value, &format!("`{key}`"), allowed, cx.errors))
        };
        let behavior = pick(self, "behavior", &["immutable", "stable", "volatile"]);
        let security = pick(self, "security", &["invoker", "definer"]);
        let parallel = pick(self, "parallel", &["unsafe", "restricted", "safe"]);
        let on_null = options
            .get("onNull")
            .and_then(|value| value::boolean(value, "`onNull`", self.errors));
        Some(Function {
            name,
            params,
            returns,
            language,
            replace: options.flag("replace", self.errors),
            window: options.flag("window", self.errors),
            behavior,
            security,
            on_null,
            parallel,
            definition,
        })
    }

    /// `returns`: a type, one of the pseudo-types, or `SETOF type` / `TABLE (…)`.
    fn returns(&mut self, value: &Value, known: &KnownTypes) -> Option<String> {
        let text = value::string(value, "`returns`", self.errors)?;
        let written = text.value.trim();
        let lower = written.to_ascii_lowercase();
        if PSEUDO_RETURNS.contains(&lower.as_str()) || lower.starts_with("table") {
            return Some(written.to_owned());
        }
        if let Some(element) = lower.strip_prefix("setof ") {
            let element = Value {
                kind: ValueKind::Str(written[written.len() - element.len()..].to_owned()),
                span: value.span,
            };
            return value::ty(&element, known, self.errors).map(|ty| format!("SETOF {}", ty.sql));
        }
        value::ty(value, known, self.errors).map(|ty| ty.sql)
    }

    /// The parameters: `[]`, or types (`"integer"`), or objects `{ mode, name, type,
    /// default }`.
    fn params(&mut self, value: &'a Value, known: &KnownTypes) -> Option<Vec<Param>> {
        let ValueKind::Array(items) = &value.kind else {
            self.errors.push(
                value.span,
                "the parameters must be an array: `[]`, `[\"integer\"]` or `[{ name: \"id\", type: \"integer\" }]`",
            );
            return None;
        };
        let params: Vec<Option<Param>> = items
            .iter()
            .map(|item| match &item.kind {
                ValueKind::Str(_) => Some(Param {
                    mode: None,
                    name: None,
                    ty: value::ty(item, known, self.errors)?,
                    default: None,
                }),
                ValueKind::Object(_) => {
                    let options = self.options(Some(item), &["mode", "name", "type", "default"]);
                    let mode = options.get("mode").and_then(|mode| {
                        value::choice(
                            mode,
                            "`mode`",
                            &["in", "out", "inout", "variadic"],
                            self.errors,
                        )
                    });
                    let name = options
                        .get("name")
                        .and_then(|name| value::name(name, "the parameter name", self.errors));
                    let Some(ty) = options.get("type") else {
                        self.errors.push(item.span, "a parameter needs `type`");
                        return None;
                    };
                    let default = options
                        .get("default")
                        .and_then(|default| value::expr(default, "`default`", self.errors));
                    Some(Param {
                        mode,
                        name,
                        ty: value::ty(ty, known, self.errors)?,
                        default,
                    })
                }
                _ => {
                    self.errors
                        .push(item.span, "a parameter is a type string or an object");
                    None
                }
            })
            .collect();
        params.into_iter().collect()
    }

    pub(super) fn drop_function(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the function name", "the parameters"], &["options"])?;
        let name = value::qualified(args[0]?, "the function name", self.errors);
        let params = self.params(args[1]?, known);
        let drop = self.drop_options(args[2]);
        Some(OperationKind::DropFunction {
            name: name?,
            params: params?,
            drop,
        })
    }

    pub(super) fn rename_function(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(
            &["the function name", "the parameters", "the new name"],
            &[],
        )?;
        let name = value::qualified(args[0]?, "the function name", self.errors);
        let params = self.params(args[1]?, known);
        let to = value::name(args[2]?, "the new name", self.errors);
        Some(OperationKind::RenameFunction {
            name: name?,
            params: params?,
            to: to?,
        })
    }

    pub(super) fn create_trigger(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(
            &["the table name", "the trigger name", "the options"],
            &["the function body"],
        )?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the trigger name", self.errors);
        let mut allowed = vec![
            "when",
            "operation",
            "level",
            "function",
            "functionParams",
            "condition",
            "constraint",
            "deferrable",
            "deferred",
        ];
        if args[3].is_some() {
            // The inline function's options.
            allowed.extend(["language", "replace", "security", "behavior"]);
        }
        let options = self.options(args[2], &allowed);
        let when = options
            .get("when")
            .and_then(|value| {
                value::choice(
                    value,
                    "`when`",
                    &["before", "after", "instead of"],
                    self.errors,
                )
            })
            .or_else(|| {
                self.errors.push(
                    args[2]?.span,
                    "a trigger needs `when`: `\"before\"`, `\"after\"` or `\"instead of\"`",
                );
                None
            });
        let operations = self.trigger_operations(&options, args[2]?);
        let level = match options.get("level") {
            Some(value) => value::choice(value, "`level`", &["row", "statement"], self.errors)?,
            None => "statement",
        };
        let function_params = match options.get("functionParams") {
            None => Vec::new(),
            Some(Value {
                kind: ValueKind::Array(items),
                ..
            }) => items
                .iter()
                .filter_map(|item| match &item.kind {
                    ValueKind::Str(text) => Some(crate::sql::literal(text)),
                    ValueKind::Number(number) => Some(crate::sql::literal(number)),
                    _ => {
                        self.errors
                            .push(item.span, "a function argument is a string or a number");
                        None
                    }
                })
                .collect(),
            Some(other) => {
                self.errors
                    .push(other.span, "`functionParams` must be an array");
                Vec::new()
            }
        };
        let condition = options
            .get("condition")
            .and_then(|value| value::expr(value, "`condition`", self.errors));
        let name = name?;
        let table = table?;
        let (function, inline) = match (args[3], options.get("function")) {
            (Some(body), None) => {
                let body = value::string(body, "the function body", self.errors)?;
                let function_name = crate::model::QualifiedName {
                    schema: table.schema.clone(),
                    name: name.clone(),
                };
                let mut inline = self.function(
                    function_name.clone(),
                    Vec::new(),
                    &options,
                    body.value,
                    args[2]?,
                    known,
                    Some("plpgsql"),
                )?;
                inline.returns = Some("trigger".to_owned());
                (function_name, Some(inline))
            }
            (None, Some(function)) => {
                (value::qualified(function, "`function`", self.errors)?, None)
            }
            (Some(body), Some(_)) => {
                self.errors.push(
                    body.span,
                    "give the trigger's function by `function` or as a body, not both",
                );
                return None;
            }
            (None, None) => {
                self.errors.push(
                    args[2]?.span,
                    "a trigger needs `function`, or its function's body as a fourth argument",
                );
                return None;
            }
        };
        Some(OperationKind::CreateTrigger(Box::new(Trigger {
            table,
            name,
            when: when?,
            operations: operations?,
            level,
            function,
            function_params,
            condition,
            constraint: options.flag("constraint", self.errors),
            deferrable: options.flag("deferrable", self.errors),
            deferred: options.flag("deferred", self.errors),
            inline,
        })))
    }

    /// `operation`: one of `insert`, `update`, `delete`, `truncate`, or an array.
    fn trigger_operations(
        &mut self,
        options: &Options<'a>,
        at: &Value,
    ) -> Option<Vec<&'static str>> {
        const OPERATIONS: &[&str] = &["insert", "update", "delete", "truncate"];
        let Some(value) = options.get("operation") else {
            self.errors.push(
                at.span,
                "a trigger needs `operation`: `\"insert\"`, `\"update\"`, `\"delete\"`, `\"truncate\"` or an array of them",
            );
            return None;
        };
        let items: Vec<&Value> = match &value.kind {
            ValueKind::Array(items) => items.iter().collect(),
            _ => vec![value],
        };
        items
            .into_iter()
            .map(|item| value::choice(item, "`operation`", OPERATIONS, self.errors))
            .collect()
    }

    pub(super) fn drop_trigger(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the trigger name"], &["options"])?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the trigger name", self.errors);
        let drop = self.drop_options(args[2]);
        Some(OperationKind::DropTrigger {
            table: table?,
            name: name?,
            drop,
        })
    }

    pub(super) fn rename_trigger(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the trigger name", "the new name"], &[])?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the trigger name", self.errors);
        let to = value::name(args[2]?, "the new name", self.errors);
        Some(OperationKind::RenameTrigger {
            table: table?,
            name: name?,
            to: to?,
        })
    }
}
