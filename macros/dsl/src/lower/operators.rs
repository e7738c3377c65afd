//! Operators, operator classes and families, and casts, as node-pg-migrate spells them:
//! `createOperator`, `dropOperator`, `createOperatorClass`, `dropOperatorClass`,
//! `renameOperatorClass`, `createOperatorFamily`, `dropOperatorFamily`,
//! `renameOperatorFamily`, `addToOperatorFamily`, `removeFromOperatorFamily`,
//! `createCast`, `dropCast`. Operator names are symbols (`<->`, `myschema.===`);
//! functions and classes follow the names rule; types are checked by the parser.

use super::{Cx, direct};
use crate::ast::{Value, ValueKind};
use crate::model::{DropOptions, Name, OperationKind, QualifiedName, Statement};
use crate::sql::{name, qualified, tx};
use crate::value::{self, KnownTypes};

/// The characters of an operator's name.
const OPERATOR_CHARACTERS: &str = "+-*/<>=~!@#%^&|`?";

/// An operator's name: its schema, if given, and its symbol.
struct Operator {
    schema: Option<Name>,
    symbol: String,
}

impl Operator {
    /// As the name of `CREATE OPERATOR` and `DROP OPERATOR`: `s.+`.
    fn sql(&self) -> String {
        match &self.schema {
            Some(schema) => format!("{}.{}", name(schema), self.symbol),
            None => self.symbol.clone(),
        }
    }

    /// As an operator named inside another clause: `+`, or `OPERATOR(s.+)`.
    fn reference(&self) -> String {
        match &self.schema {
            Some(_) => format!("OPERATOR({})", self.sql()),
            None => self.symbol.clone(),
        }
    }
}

/// One entry of an operator class or family: `OPERATOR 1 <` or `FUNCTION 1 f(int4, int4)`.
struct Member {
    number: String,
    /// `None`: a function.
    operator: Option<Operator>,
    function: Option<QualifiedName>,
    /// An operator's operand types, or a function's argument types.
    types: Vec<String>,
}

impl Member {
    /// As `CREATE OPERATOR CLASS … AS` and `ALTER OPERATOR FAMILY … ADD` write it.
    fn add(&self) -> String {
        let types = format!("({})", self.types.join(", "));
        match (&self.operator, &self.function) {
            (Some(operator), _) if self.types.is_empty() => {
                format!("OPERATOR {} {}", self.number, operator.reference())
            }
            (Some(operator), _) => {
                format!("OPERATOR {} {} {types}", self.number, operator.reference())
            }
            (None, Some(function)) => {
                format!("FUNCTION {} {}{types}", self.number, qualified(function))
            }
            (None, None) => unreachable!("a member is an operator or a function"),
        }
    }

    /// As `ALTER OPERATOR FAMILY … DROP` writes it: the number and the operand types.
    fn drop(&self) -> String {
        let kind = if self.operator.is_some() {
            "OPERATOR"
        } else {
            "FUNCTION"
        };
        format!("{kind} {} ({})", self.number, self.types.join(", "))
    }
}

impl<'a> Cx<'a> {
    /// `createOperator(name, { procedure, left, right, commutator, negator, restrict,
    /// join, hashes, merges })`; down: drop it.
    pub(super) fn create_operator(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the operator name", "the options"], &[])?;
        let operator = self.operator(args[0]?, "the operator name");
        let options = self.options(
            args[1],
            &[
                "procedure",
                "left",
                "right",
                "commutator",
                "negator",
                "restrict",
                "join",
                "hashes",
                "merges",
            ],
        );
        let Some(procedure) = options.get("procedure") else {
            self.errors.push(
                args[1]?.span,
                "`createOperator` needs `procedure`: the function that performs it",
            );
            return None;
        };
        let procedure = value::qualified(procedure, "`procedure`", self.errors);
        let (left, right) = self.operands(&options, known);
        let mut definition = vec![format!("FUNCTION = {}", qualified(&procedure?))];
        if let Some(left) = &left {
            definition.push(format!("LEFTARG = {left}"));
        }
        definition.push(format!("RIGHTARG = {}", right.as_deref()?));
        for (key, words) in [("commutator", "COMMUTATOR"), ("negator", "NEGATOR")] {
            if let Some(value) = options.get(key) {
                let other = self.operator(value, &format!("`{key}`"))?;
                definition.push(format!("{words} = {}", other.reference()));
            }
        }
        for (key, words) in [("restrict", "RESTRICT"), ("join", "JOIN")] {
            if let Some(value) = options.get(key) {
                let function = value::qualified(value, &format!("`{key}`"), self.errors)?;
                definition.push(format!("{words} = {}", qualified(&function)));
            }
        }
        for (key, word) in [("hashes", "HASHES"), ("merges", "MERGES")] {
            if options.flag(key, self.errors) {
                definition.push(word.to_owned());
            }
        }
        let operator = operator?;
        let up = tx(format!(
            "CREATE OPERATOR {} ({})",
            operator.sql(),
            definition.join(", ")
        ));
        let down = drop_operator(
            &operator,
            left.as_deref(),
            right.as_deref()?,
            DropOptions::default(),
        );
        Some(direct(vec![up], Some(vec![down]), None))
    }

    /// `dropOperator(name, { left, right, ifExists, cascade })`.
    pub(super) fn drop_operator(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the operator name", "the options"], &[])?;
        let operator = self.operator(args[0]?, "the operator name");
        let options = self.options(args[1], &["left", "right", "ifExists", "cascade"]);
        let (left, right) = self.operands(&options, known);
        let drop = DropOptions {
            if_exists: options.flag("ifExists", self.errors),
            cascade: options.flag("cascade", self.errors),
        };
        let up = drop_operator(&operator?, left.as_deref(), right.as_deref()?, drop);
        Some(direct(vec![up], None, None))
    }

    /// `left` (optional: a prefix operator has none) and `right` (required: PostgreSQL
    /// 14 removed postfix operators).
    fn operands(
        &mut self,
        options: &value::Options<'a>,
        known: &KnownTypes,
    ) -> (Option<String>, Option<String>) {
        let left = options
            .get("left")
            .and_then(|value| value::ty(value, known, self.errors))
            .map(|ty| ty.sql);
        let right = match options.get("right") {
            Some(value) => value::ty(value, known, self.errors).map(|ty| ty.sql),
            None => {
                self.errors.push(
                    self.op.args_span,
                    "give `right`, the type of the right operand (PostgreSQL has no postfix operators since 14)",
                );
                None
            }
        };
        (left, right)
    }

    /// `createOperatorClass(name, type, method, members, { default, family })`; down:
    /// drop it.
    pub(super) fn create_operator_class(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(
            &[
                "the class name",
                "the type",
                "the index method",
                "the members",
            ],
            &["options"],
        )?;
        let class = value::qualified(args[0]?, "the class name", self.errors);
        let ty = value::ty(args[1]?, known, self.errors);
        let method = value::method(args[2]?, self.errors);
        let members = self.members(args[3]?, known, false);
        let options = self.options(args[4], &["default", "family"]);
        let family = options
            .get("family")
            .and_then(|value| value::qualified(value, "`family`", self.errors));
        let default = options.flag("default", self.errors);
        let (class, method, members) = (class?, method?, members?);
        let up = tx(format!(
            "CREATE OPERATOR CLASS {}{} FOR TYPE {} USING {method}{} AS {}",
            qualified(&class),
            if default { " DEFAULT" } else { "" },
            ty?.sql,
            family
                .map(|family| format!(" FAMILY {}", qualified(&family)))
                .unwrap_or_default(),
            members
                .iter()
                .map(Member::add)
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let down = drop_grouping("CLASS", &class, &method, DropOptions::default());
        Some(direct(vec![up], Some(vec![down]), None))
    }

    /// `createOperatorFamily(name, method)`; down: drop it.
    pub(super) fn create_operator_family(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the family name", "the index method"], &[])?;
        let family = value::qualified(args[0]?, "the family name", self.errors);
        let method = value::method(args[1]?, self.errors);
        let (family, method) = (family?, method?);
        let up = tx(format!(
            "CREATE OPERATOR FAMILY {} USING {method}",
            qualified(&family)
        ));
        let down = drop_grouping("FAMILY", &family, &method, DropOptions::default());
        Some(direct(vec![up], Some(vec![down]), None))
    }

    /// `dropOperatorClass(name, method, { ifExists, cascade })` and
    /// `dropOperatorFamily`.
    pub(super) fn drop_operator_grouping(&mut self, kind: &str) -> Option<OperationKind> {
        let args = self.args(&["the name", "the index method"], &["options"])?;
        let grouping = value::qualified(args[0]?, "the name", self.errors);
        let method = value::method(args[1]?, self.errors);
        let drop = self.drop_options(args[2]);
        let up = drop_grouping(kind, &grouping?, &method?, drop);
        Some(direct(vec![up], None, None))
    }

    /// `renameOperatorClass(name, method, newName)` and `renameOperatorFamily`; down:
    /// rename it back.
    pub(super) fn rename_operator_grouping(&mut self, kind: &str) -> Option<OperationKind> {
        let args = self.args(&["the name", "the index method", "the new name"], &[])?;
        let grouping = value::qualified(args[0]?, "the name", self.errors);
        let method = value::method(args[1]?, self.errors);
        let to = value::name(args[2]?, "the new name", self.errors);
        let (grouping, method, to) = (grouping?, method?, to?);
        let renamed = QualifiedName {
            schema: grouping.schema.clone(),
            name: to.clone(),
        };
        let rename = |from: &QualifiedName, to: &Name| {
            tx(format!(
                "ALTER OPERATOR {kind} {} USING {method} RENAME TO {}",
                qualified(from),
                name(to)
            ))
        };
        let (up, down) = (rename(&grouping, &to), rename(&renamed, &grouping.name));
        Some(direct(vec![up], Some(vec![down]), None))
    }

    /// `addToOperatorFamily(family, method, members)` (down: remove them) and
    /// `removeFromOperatorFamily` (down: add them back, when each function is named).
    pub(super) fn alter_operator_family(
        &mut self,
        known: &KnownTypes,
        remove: bool,
    ) -> Option<OperationKind> {
        let args = self.args(&["the family name", "the index method", "the members"], &[])?;
        let family = value::qualified(args[0]?, "the family name", self.errors);
        let method = value::method(args[1]?, self.errors);
        let members = self.members(args[2]?, known, true);
        let (family, method, members) = (family?, method?, members?);
        let alter = |words: &str, items: Vec<String>| {
            tx(format!(
                "ALTER OPERATOR FAMILY {} USING {method} {words} {}",
                qualified(&family),
                items.join(", ")
            ))
        };
        let add = alter("ADD", members.iter().map(Member::add).collect());
        let drop = alter("DROP", members.iter().map(Member::drop).collect());
        Some(match remove {
            false => direct(vec![add], Some(vec![drop]), None),
            true => direct(vec![drop], Some(vec![add]), None),
        })
    }

    /// The members of a class or family: `[{ type: "operator", number: 1, name: "<",
    /// params: ["int4", "int4"] }, { type: "function", number: 1, name: "cmp", params:
    /// […] }]`. In a family (`operand_types`) an operator's operand types are required.
    fn members(
        &mut self,
        value: &'a Value,
        known: &KnownTypes,
        operand_types: bool,
    ) -> Option<Vec<Member>> {
        let ValueKind::Array(items) = &value.kind else {
            self.errors.push(
                value.span,
                "the members are an array of `{ type: \"operator\" | \"function\", number, name, params }`",
            );
            return None;
        };
        if items.is_empty() {
            self.errors.push(value.span, "give at least one member");
            return None;
        }
        let members: Vec<Option<Member>> = items
            .iter()
            .map(|item| self.member(item, known, operand_types))
            .collect();
        members.into_iter().collect()
    }

    fn member(
        &mut self,
        item: &'a Value,
        known: &KnownTypes,
        operand_types: bool,
    ) -> Option<Member> {
        let options = self.options(Some(item), &["type", "number", "name", "params"]);
        let kind = match options.get("type") {
            Some(kind) => value::choice(kind, "`type`", &["operator", "function"], self.errors)?,
            None => {
                self.errors.push(
                    item.span,
                    "a member needs `type`: `\"operator\"` or `\"function\"`",
                );
                return None;
            }
        };
        let number = match options.get("number") {
            Some(Value {
                kind: ValueKind::Number(number),
                ..
            }) if number.parse::<u16>().is_ok() => number.clone(),
            Some(other) => {
                self.errors.push(
                    other.span,
                    "`number` is a strategy or support number: 1, 2, …",
                );
                return None;
            }
            None => {
                self.errors.push(item.span, "a member needs `number`");
                return None;
            }
        };
        let Some(written) = options.get("name") else {
            self.errors.push(item.span, "a member needs `name`");
            return None;
        };
        let types: Vec<String> = match options.get("params") {
            Some(Value {
                kind: ValueKind::Array(params),
                ..
            }) => params
                .iter()
                .map(|param| value::ty(param, known, self.errors).map(|ty| ty.sql))
                .collect::<Option<_>>()?,
            Some(other) => {
                self.errors
                    .push(other.span, "`params` is an array of types");
                return None;
            }
            None => Vec::new(),
        };
        let (operator, function) = if kind == "operator" {
            if types.len() > 2 || (operand_types && types.len() != 2) {
                self.errors.push(
                    options.key_span("params").unwrap_or(item.span),
                    match operand_types {
                        true => "an operator of a family needs `params`: its two operand types",
                        false => "an operator's `params` are its operand types, at most two",
                    },
                );
                return None;
            }
            (Some(self.operator(written, "the operator")?), None)
        } else {
            if types.is_empty() {
                self.errors.push(
                    options.key_span("params").unwrap_or(item.span),
                    "a function member needs `params`: its argument types",
                );
                return None;
            }
            (
                None,
                Some(value::qualified(written, "the function", self.errors)?),
            )
        };
        Some(Member {
            number,
            operator,
            function,
            types,
        })
    }

    /// An operator's name: a symbol of `+-*/<>=~!@#%^&|`?`, optionally after a schema.
    fn operator(&mut self, value: &Value, what: &str) -> Option<Operator> {
        let text = value::string(value, what, self.errors)?;
        let (schema, symbol) = match text.value.rsplit_once('.') {
            Some((schema, symbol)) => {
                (Some(value::ident(schema, value.span, self.errors)?), symbol)
            }
            None => (None, text.value.as_str()),
        };
        let valid = !symbol.is_empty()
            && symbol.len() < 64
            && symbol.chars().all(|c| OPERATOR_CHARACTERS.contains(c))
            && !symbol.contains("--")
            && !symbol.contains("/*");
        if !valid {
            self.errors.push(
                value.span,
                format!(
                    "`{}` is not a valid operator: an operator is made of `{OPERATOR_CHARACTERS}` (up to 63, no `--` or `/*`), optionally after `schema.`",
                    text.value
                ),
            );
            return None;
        }
        Some(Operator {
            schema,
            symbol: symbol.to_owned(),
        })
    }

    /// `createCast(source, target, { functionName, argumentTypes, inout, as })`;
    /// down: drop it.
    pub(super) fn create_cast(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the source type", "the target type"], &["options"])?;
        let source = value::ty(args[0]?, known, self.errors);
        let target = value::ty(args[1]?, known, self.errors);
        let options = self.options(args[2], &["functionName", "argumentTypes", "inout", "as"]);
        let (source, target) = (source?.sql, target?.sql);
        let function = options
            .get("functionName")
            .and_then(|value| value::qualified(value, "`functionName`", self.errors));
        let inout = options.flag("inout", self.errors);
        let how = match (function, inout) {
            (Some(_), true) => {
                if let Some(span) = options.key_span("inout") {
                    self.errors
                        .push(span, "give `functionName` or `inout`, not both");
                }
                return None;
            }
            (Some(function), false) => {
                let types = match options.get("argumentTypes") {
                    Some(Value {
                        kind: ValueKind::Array(types),
                        ..
                    }) => types
                        .iter()
                        .map(|ty| value::ty(ty, known, self.errors).map(|ty| ty.sql))
                        .collect::<Option<Vec<_>>>()?,
                    Some(other) => {
                        self.errors
                            .push(other.span, "`argumentTypes` is an array of types");
                        return None;
                    }
                    None => vec![source.clone()],
                };
                format!(
                    "WITH FUNCTION {}({})",
                    qualified(&function),
                    types.join(", ")
                )
            }
            (None, true) => "WITH INOUT".to_owned(),
            (None, false) => {
                if let Some(span) = options.key_span("argumentTypes") {
                    self.errors
                        .push(span, "`argumentTypes` goes with `functionName`");
                }
                "WITHOUT FUNCTION".to_owned()
            }
        };
        let context = match options.get("as") {
            Some(value) => {
                let context =
                    value::choice(value, "`as`", &["assignment", "implicit"], self.errors)?;
                format!(" AS {}", context.to_uppercase())
            }
            None => String::new(),
        };
        let up = tx(format!("CREATE CAST ({source} AS {target}) {how}{context}"));
        let down = tx(format!("DROP CAST ({source} AS {target})"));
        Some(direct(vec![up], Some(vec![down]), None))
    }

    /// `dropCast(source, target, { ifExists })`.
    pub(super) fn drop_cast(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the source type", "the target type"], &["options"])?;
        let source = value::ty(args[0]?, known, self.errors);
        let target = value::ty(args[1]?, known, self.errors);
        let options = self.options(args[2], &["ifExists"]);
        let if_exists = options.flag("ifExists", self.errors);
        let up = tx(format!(
            "DROP CAST {}({} AS {})",
            if if_exists { "IF EXISTS " } else { "" },
            source?.sql,
            target?.sql
        ));
        Some(direct(vec![up], None, None))
    }
}

fn drop_operator(
    operator: &Operator,
    left: Option<&str>,
    right: &str,
    drop: DropOptions,
) -> Statement {
    tx(format!(
        "DROP OPERATOR {}{} ({}, {right}){}",
        if drop.if_exists { "IF EXISTS " } else { "" },
        operator.sql(),
        left.unwrap_or("NONE"),
        if drop.cascade { " CASCADE" } else { "" }
    ))
}

/// `DROP OPERATOR CLASS|FAMILY name USING method`.
fn drop_grouping(kind: &str, name: &QualifiedName, method: &str, drop: DropOptions) -> Statement {
    tx(format!(
        "DROP OPERATOR {kind} {}{} USING {method}{}",
        if drop.if_exists { "IF EXISTS " } else { "" },
        qualified(name),
        if drop.cascade { " CASCADE" } else { "" }
    ))
}
