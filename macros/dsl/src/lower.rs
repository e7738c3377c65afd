//! Lowering: interprets each operation's arguments into the model, checking arity,
//! option names, value kinds, names, types and SQL as it goes.

use crate::ast::{self, Value, ValueKind};
use crate::model::{
    Direct, DropOptions, Operation, OperationKind, QualifiedName, RawSql, Statement, Subject, Text,
    TypeDefinition, ValuePosition,
};
use crate::pg;
use crate::value::{self, Errors, KnownTypes, Options};

mod alters;
mod columns;
mod constraints;
mod functions;
mod grants;
mod index;
mod keys;
mod operators;
mod policies;
mod sequences;
mod tables;
mod types;
mod views;

/// Every operation the DSL knows, for "did you mean" hints.
pub(crate) const OPERATIONS: &[&str] = &[
    "sql",
    "createTable",
    "dropTable",
    "renameTable",
    "addColumn",
    "addColumns",
    "dropColumn",
    "dropColumns",
    "renameColumn",
    "alterColumn",
    "addConstraint",
    "dropConstraint",
    "validateConstraint",
    "createIndex",
    "dropIndex",
    "createType",
    "dropType",
    "addTypeValue",
    "createExtension",
    "dropExtension",
    "createSchema",
    "dropSchema",
    "createView",
    "dropView",
    "renameView",
    "createMaterializedView",
    "dropMaterializedView",
    "renameMaterializedView",
    "refreshMaterializedView",
    "createFunction",
    "dropFunction",
    "renameFunction",
    "createTrigger",
    "dropTrigger",
    "renameTrigger",
    "createSequence",
    "alterSequence",
    "dropSequence",
    "renameSequence",
    "createDomain",
    "dropDomain",
    "renameDomain",
    "renameType",
    "addTypeAttribute",
    "dropTypeAttribute",
    "setTypeAttribute",
    "renameTypeAttribute",
    "renameTypeValue",
    "createPolicy",
    "dropPolicy",
    "renamePolicy",
    "alterPolicy",
    "alterView",
    "alterViewColumn",
    "alterMaterializedView",
    "renameMaterializedViewColumn",
    "alterDomain",
    "alterRole",
    "alterTable",
    "renameConstraint",
    "renameIndex",
    "renameSchema",
    "createRole",
    "dropRole",
    "renameRole",
    "grantRoles",
    "revokeRoles",
    "grantOnTables",
    "revokeOnTables",
    "grantOnSchemas",
    "revokeOnSchemas",
    "createOperator",
    "dropOperator",
    "createOperatorClass",
    "dropOperatorClass",
    "renameOperatorClass",
    "createOperatorFamily",
    "dropOperatorFamily",
    "renameOperatorFamily",
    "addToOperatorFamily",
    "removeFromOperatorFamily",
    "createCast",
    "dropCast",
    "lockTimeout",
];

/// node-pg-migrate's other names for operations, and ours.
pub(crate) const ALIASES: &[(&str, &str)] = &[
    ("addIndex", "createIndex"),
    ("createConstraint", "addConstraint"),
    ("addType", "createType"),
    ("addExtension", "createExtension"),
];

/// The operation `written` stands for: itself, or what its alias names.
pub(crate) fn canonical(written: &str) -> &str {
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == written)
        .map_or(written, |(_, name)| name)
}

/// Interprets one operation; `None` (with errors recorded) when it is not valid.
pub(crate) fn operation(
    op: &ast::Operation,
    known: &mut KnownTypes,
    errors: &mut Errors,
) -> Option<Operation> {
    let (stripped, allow) = allow_option(op, errors);
    let op = stripped.as_ref().unwrap_or(op);
    let written = canonical(&op.name);
    let Some(&name) = OPERATIONS.iter().find(|known| **known == written) else {
        errors.push(op.span, unknown_operation(&op.name));
        return None;
    };
    let mut cx = Cx { op, name, errors };
    let kind = match name {
        "sql" => cx.sql(known),
        "createTable" => cx.create_table(known),
        "dropTable" => cx.drop_table(),
        "renameTable" => cx.rename_table(),
        "addColumn" | "addColumns" => cx.add_columns(known),
        "dropColumn" | "dropColumns" => cx.drop_columns(),
        "renameColumn" => cx.rename_column(),
        "alterColumn" => cx.alter_column(known),
        "addConstraint" => cx.add_constraint(),
        "dropConstraint" => cx.drop_constraint(),
        "validateConstraint" => cx.validate_constraint(),
        "createIndex" => cx.create_index(),
        "dropIndex" => cx.drop_index(),
        "createType" => cx.create_type(known),
        "dropType" => cx.drop_type(),
        "addTypeValue" => cx.add_type_value(),
        "createExtension" => cx.create_extension(),
        "dropExtension" => cx.drop_extension(),
        "createSchema" => cx.create_schema(),
        "dropSchema" => cx.drop_schema(),
        "createView" => cx.create_view(false),
        "dropView" => cx.drop_view(false),
        "renameView" => cx.rename_view(false),
        "createMaterializedView" => cx.create_view(true),
        "dropMaterializedView" => cx.drop_view(true),
        "renameMaterializedView" => cx.rename_view(true),
        "refreshMaterializedView" => cx.refresh_materialized_view(),
        "createFunction" => cx.create_function(known),
        "dropFunction" => cx.drop_function(known),
        "renameFunction" => cx.rename_function(known),
        "createTrigger" => cx.create_trigger(known),
        "dropTrigger" => cx.drop_trigger(),
        "renameTrigger" => cx.rename_trigger(),
        "createSequence" => cx.create_sequence(known),
        "alterSequence" => cx.alter_sequence(known),
        "dropSequence" => cx.drop_named("the sequence name"),
        "renameSequence" => cx.rename_named("the sequence name", known),
        "createDomain" => cx.create_domain(known),
        "dropDomain" => cx.drop_named("the domain name"),
        "renameDomain" => cx.rename_named("the domain name", known),
        "renameType" => cx.rename_named("the type name", known),
        "addTypeAttribute" => cx.add_type_attribute(known),
        "dropTypeAttribute" => cx.drop_type_attribute(),
        "setTypeAttribute" => cx.set_type_attribute(known),
        "renameTypeAttribute" => cx.rename_type_attribute(),
        "renameTypeValue" => cx.rename_type_value(),
        "createPolicy" => cx.create_policy(),
        "dropPolicy" => cx.drop_policy(),
        "renamePolicy" => cx.rename_policy(),
        "alterPolicy" => cx.alter_policy(),
        "alterView" => cx.alter_view(),
        "alterViewColumn" => cx.alter_view_column(),
        "alterMaterializedView" => cx.alter_materialized_view(),
        "renameMaterializedViewColumn" => cx.rename_materialized_view_column(),
        "alterDomain" => cx.alter_domain(),
        "alterRole" => cx.alter_role(),
        "alterTable" => cx.alter_table(),
        "renameConstraint" => cx.rename_constraint(),
        "renameIndex" => cx.rename_named("the index name", known),
        "renameSchema" => cx.rename_schema(),
        "createRole" => cx.create_role(),
        "dropRole" => cx.drop_role(),
        "renameRole" => cx.rename_role(),
        "grantRoles" => cx.grant_roles(false),
        "revokeRoles" => cx.grant_roles(true),
        "grantOnTables" => cx.grant_on(false, false),
        "revokeOnTables" => cx.grant_on(true, false),
        "grantOnSchemas" => cx.grant_on(false, true),
        "revokeOnSchemas" => cx.grant_on(true, true),
        "createOperator" => cx.create_operator(known),
        "dropOperator" => cx.drop_operator(known),
        "createOperatorClass" => cx.create_operator_class(known),
        "dropOperatorClass" => cx.drop_operator_grouping("CLASS"),
        "renameOperatorClass" => cx.rename_operator_grouping("CLASS"),
        "createOperatorFamily" => cx.create_operator_family(),
        "dropOperatorFamily" => cx.drop_operator_grouping("FAMILY"),
        "renameOperatorFamily" => cx.rename_operator_grouping("FAMILY"),
        "addToOperatorFamily" => cx.alter_operator_family(known, false),
        "removeFromOperatorFamily" => cx.alter_operator_family(known, true),
        "createCast" => cx.create_cast(known),
        "dropCast" => cx.drop_cast(known),
        _ => None,
    }?;
    Some(Operation {
        kind,
        name,
        span: op.span,
        origin: crate::sql::origin::render(op),
        allow,
    })
}

/// Takes `allow: ["rule", …]` out of an operation's last argument, an options object:
/// every operation may silence lints on itself, including those that take no options
/// otherwise (`renameColumn("users", "email", "login", { allow: ["renaming-column"] })`).
/// The operation is returned without it (and without the object, if nothing else was
/// in it), so each operation's own reading is unchanged.
fn allow_option(op: &ast::Operation, errors: &mut Errors) -> (Option<ast::Operation>, Vec<Text>) {
    let Some(ast::Value {
        kind: ast::ValueKind::Object(entries),
        span,
    }) = op.args.last()
    else {
        return (None, Vec::new());
    };
    let Some(position) = entries.iter().position(|(key, _)| key.name == "allow") else {
        return (None, Vec::new());
    };
    let rules = match &entries[position].1.kind {
        ast::ValueKind::Array(items) => items
            .iter()
            .filter_map(|item| value::string(item, "a rule name", errors))
            .collect(),
        _ => {
            errors.push(
                entries[position].1.span,
                "`allow` takes a list of lint rule names, such as `[\"renaming-column\"]`",
            );
            Vec::new()
        }
    };
    let mut stripped = op.clone();
    let mut rest = entries.clone();
    rest.remove(position);
    stripped.args.pop();
    if !rest.is_empty() {
        stripped.args.push(ast::Value {
            kind: ast::ValueKind::Object(rest),
            span: *span,
        });
    }
    (Some(stripped), rules)
}

fn unknown_operation(written: &str) -> String {
    if written == "noTransaction" {
        return "`noTransaction` is not needed here: a statement PostgreSQL refuses in a transaction (`createIndex` with `concurrently`, `sql(\"VACUUM …\")`) runs as a step of its own, and the rest of the migration keeps its transaction".to_owned();
    }
    let names = OPERATIONS
        .iter()
        .copied()
        .chain(ALIASES.iter().map(|(alias, _)| *alias));
    match value::closest(written, names) {
        Some(known) => format!("unknown operation `{written}`; did you mean `{known}`?"),
        None => format!(
            "unknown operation `{written}`; expected one of {}",
            OPERATIONS
                .iter()
                .map(|known| format!("`{known}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

const DROP_OPTIONS: &[&str] = &["ifExists", "cascade"];

/// A third-wave operation: its statements, its derived down if it has one, and what it
/// needs to find.
fn direct(
    up: Vec<Statement>,
    down: Option<Vec<Statement>>,
    subject: Option<Subject>,
) -> OperationKind {
    OperationKind::Direct(Box::new(Direct { up, down, subject }))
}

/// One operation being interpreted.
struct Cx<'a> {
    op: &'a ast::Operation,
    name: &'static str,
    errors: &'a mut Errors,
}

impl<'a> Cx<'a> {
    /// Checks the number of arguments: `required` first, then up to `optional` more.
    /// Returns the arguments, absent ones as `None`.
    fn args(&mut self, required: &[&str], optional: &[&str]) -> Option<Vec<Option<&'a Value>>> {
        let given = self.op.args.len();
        if given < required.len() {
            self.errors.push(
                self.op.args_span,
                format!(
                    "`{}` needs {}; missing {}",
                    self.name,
                    required.join(", "),
                    required[given..].join(", ")
                ),
            );
            return None;
        }
        if given > required.len() + optional.len() {
            let extra = &self.op.args[required.len() + optional.len()];
            self.errors.push(
                extra.span,
                format!(
                    "too many arguments to `{}`; it takes {}",
                    self.name,
                    required
                        .iter()
                        .chain(optional)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            return None;
        }
        Some(
            (0..required.len() + optional.len())
                .map(|index| self.op.args.get(index))
                .collect(),
        )
    }

    fn options(&mut self, value: Option<&'a Value>, allowed: &[&str]) -> Options<'a> {
        Options::read(value, &format!("`{}`", self.name), allowed, self.errors)
    }

    fn drop_options(&mut self, value: Option<&'a Value>) -> DropOptions {
        let options = self.options(value, DROP_OPTIONS);
        DropOptions {
            if_exists: options.flag("ifExists", self.errors),
            cascade: options.flag("cascade", self.errors),
        }
    }

    fn table(&mut self, value: Option<&Value>) -> Option<QualifiedName> {
        value::qualified(value?, "the table name", self.errors)
    }

    /// `sql("…")`: raw SQL, checked by a PostgreSQL parser and split where a statement
    /// must run outside a transaction.
    fn sql(&mut self, known: &mut KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the SQL"], &["options"])?;
        let up = self.raw_sql(
            args[0]?,
            "`sql` takes one string literal; write `sql(\"CREATE TABLE …\")`",
        );
        let options = self.options(args[1], &["down"]);
        let down = options.get("down").and_then(|value| {
            self.raw_sql(
                value,
                "`down` of `sql` takes one string literal: the SQL that undoes it",
            )
        });
        let up = up?;
        for created in pg::created_types(&up.text) {
            known.add(&created);
        }
        Some(OperationKind::Sql {
            text: up.text,
            statements: up.statements,
            down,
        })
    }

    /// A string literal of SQL: not empty, valid, and opening or ending no
    /// transaction; `what` is the message for a value that is not a string.
    fn raw_sql(&mut self, value: &Value, what: &str) -> Option<RawSql> {
        let ValueKind::Str(text) = &value.kind else {
            self.errors.push(value.span, what);
            return None;
        };
        if text.trim().is_empty() {
            self.errors.push(
                value.span,
                "empty `sql`; write the statement to run, or remove the call",
            );
            return None;
        }
        match pg::statements(text) {
            Ok(statements) if statements.is_empty() => {
                self.errors
                    .push(value.span, "`sql` holds no statement, only comments");
                None
            }
            Ok(statements) => {
                let control = pg::transaction_control(text);
                for (construct, position) in &control {
                    self.errors.push(
                        value.span,
                        format!(
                            "`{construct}` inside `sql` ({position}); the engine runs each migration's steps in its own transactions, so a migration must not open, end or alter one"
                        ),
                    );
                }
                control.is_empty().then(|| RawSql {
                    text: text.clone(),
                    statements,
                })
            }
            Err(message) => {
                self.errors
                    .push(value.span, format!("invalid SQL: {message}"));
                None
            }
        }
    }

    /// `createType(name, ["a", "b"])` (an enum) or `createType(name, { field: type })`
    /// (a composite type).
    fn create_type(&mut self, known: &mut KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the type name", "the values"], &[])?;
        let name = value::qualified(args[0]?, "the type name", self.errors);
        let definition = match &args[1]?.kind {
            ValueKind::Array(items) if !items.is_empty() => {
                let values: Vec<_> = items
                    .iter()
                    .map(|item| value::string(item, "an enum value", self.errors))
                    .collect();
                let values = values.into_iter().collect::<Option<Vec<_>>>();
                if let Some(values) = &values {
                    for (index, value) in values.iter().enumerate() {
                        if values[..index]
                            .iter()
                            .any(|earlier| earlier.value == value.value)
                        {
                            self.errors.push(
                                value.span,
                                format!("duplicate enum value `{}`", value.value),
                            );
                        }
                    }
                }
                values.map(TypeDefinition::Enum)
            }
            ValueKind::Object(entries) if !entries.is_empty() => {
                let attributes: Vec<_> = entries
                    .iter()
                    .map(|(key, ty)| {
                        Some((
                            value::key_name(key, self.errors)?,
                            value::ty(ty, known, self.errors)?,
                        ))
                    })
                    .collect();
                attributes
                    .into_iter()
                    .collect::<Option<Vec<_>>>()
                    .map(TypeDefinition::Composite)
            }
            _ => {
                self.errors.push(
                    args[1]?.span,
                    "a type is an enum, `[\"a\", \"b\"]`, or a composite type, `{ field: \"type\" }`",
                );
                None
            }
        };
        let name = name?;
        known.add(&name.name.sql);
        Some(OperationKind::CreateType {
            name,
            definition: definition?,
        })
    }

    fn drop_type(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the type name"], &["options"])?;
        let name = value::qualified(args[0]?, "the type name", self.errors);
        let drop = self.drop_options(args[1]);
        Some(OperationKind::DropType { name: name?, drop })
    }

    fn add_type_value(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the type name", "the value"], &["options"])?;
        let name = value::qualified(args[0]?, "the type name", self.errors);
        let value = value::string(args[1]?, "the value", self.errors);
        let options = self.options(args[2], &["before", "after", "ifNotExists"]);
        let position = match (options.get("before"), options.get("after")) {
            (Some(_), Some(_)) => {
                if let Some(span) = options.key_span("after") {
                    self.errors.push(span, "give `before` or `after`, not both");
                }
                None
            }
            (Some(before), None) => {
                value::string(before, "`before`", self.errors).map(ValuePosition::Before)
            }
            (None, Some(after)) => {
                value::string(after, "`after`", self.errors).map(ValuePosition::After)
            }
            (None, None) => None,
        };
        let if_not_exists = options.flag("ifNotExists", self.errors);
        Some(OperationKind::AddTypeValue {
            name: name?,
            value: value?,
            position,
            if_not_exists,
        })
    }

    fn create_extension(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the extension name"], &["options"])?;
        let name = value::string(args[0]?, "the extension name", self.errors);
        let options = self.options(args[1], &["ifNotExists", "schema"]);
        let schema = options
            .get("schema")
            .and_then(|value| value::name(value, "`schema`", self.errors));
        let if_not_exists = options.flag("ifNotExists", self.errors);
        Some(OperationKind::CreateExtension {
            name: name?,
            if_not_exists,
            schema,
        })
    }

    fn drop_extension(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the extension name"], &["options"])?;
        let name = value::string(args[0]?, "the extension name", self.errors);
        let drop = self.drop_options(args[1]);
        Some(OperationKind::DropExtension { name: name?, drop })
    }

    fn create_schema(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the schema name"], &["options"])?;
        let name = value::name(args[0]?, "the schema name", self.errors);
        let options = self.options(args[1], &["ifNotExists", "authorization"]);
        let if_not_exists = options.flag("ifNotExists", self.errors);
        let authorization = match options.get("authorization") {
            Some(role) => Some(self.role_list(role)?.pop()?),
            None => None,
        };
        Some(OperationKind::CreateSchema {
            name: name?,
            if_not_exists,
            authorization,
        })
    }

    fn drop_schema(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the schema name"], &["options"])?;
        let name = value::name(args[0]?, "the schema name", self.errors);
        let drop = self.drop_options(args[1]);
        Some(OperationKind::DropSchema { name: name?, drop })
    }
}
