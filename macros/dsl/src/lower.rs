//! Lowering: interprets each operation's arguments into the model, checking arity,
//! option names, value kinds, names, types and SQL as it goes.

use crate::ast::{self, Value, ValueKind};
use crate::model::{
    Column, Constraint, DropOptions, ForeignKey, Generated, Operation, OperationKind,
    QualifiedName, RawSql, Reference, TableConstraints, Text, TypeDefinition, ValuePosition,
};
use crate::pg;
use crate::value::{self, Errors, KnownTypes, Options};
use proc_macro2::Span;

mod functions;
mod grants;
mod index;
mod policies;
mod sequences;
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
    "createPolicy",
    "dropPolicy",
    "renamePolicy",
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
        "createPolicy" => cx.create_policy(),
        "dropPolicy" => cx.drop_policy(),
        "renamePolicy" => cx.rename_policy(),
        "alterTable" => cx.alter_table(),
        "renameConstraint" => cx.rename_constraint(),
        "renameIndex" => cx.rename_index(),
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
const COLUMN_OPTIONS: &[&str] = &[
    "type",
    "primaryKey",
    "notNull",
    "unique",
    "default",
    "check",
    "references",
    "onDelete",
    "onUpdate",
    "comment",
    "collation",
    "generated",
    "match",
    "deferrable",
    "deferred",
    "referencesConstraintName",
];

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

    fn create_table(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the columns"], &["options"])?;
        let table = self.table(args[0]);
        let columns = self.columns(args[1]?, known);
        let options = self.options(
            args[2],
            &["ifNotExists", "constraints", "inherits", "comment"],
        );
        let constraints = options
            .get("constraints")
            .and_then(|value| self.table_constraints(value))
            .unwrap_or_default();
        let inherits = options
            .get("inherits")
            .and_then(|value| value::qualified(value, "`inherits`", self.errors));
        let comment = options
            .get("comment")
            .and_then(|value| value::string(value, "`comment`", self.errors));
        let if_not_exists = options.flag("ifNotExists", self.errors);
        let columns = columns?;
        let mut keys: Vec<Span> = columns
            .iter()
            .filter_map(|column| column.primary_key)
            .collect();
        if let Some((_, span)) = &constraints.primary_key {
            keys.push(*span);
        }
        if keys.is_empty() {
            self.id_without_key(args[1]);
        }
        for extra in keys.iter().skip(1) {
            self.errors.push(
                *extra,
                "two primary keys; a table has one (for a composite key use `constraints: { primaryKey: [...] }`)",
            );
        }
        Some(OperationKind::CreateTable {
            table: table?,
            columns,
            constraints,
            if_not_exists,
            inherits,
            comment,
        })
    }

    /// `id: "uuid"` in a table without a primary key reads like the `id: "id"` shorthand
    /// but makes a plain column: the table silently gets no key.
    fn id_without_key(&mut self, columns: Option<&Value>) {
        let Some(ValueKind::Object(entries)) = columns.map(|value| &value.kind) else {
            return;
        };
        for (key, definition) in entries {
            if let ValueKind::Str(ty) = &definition.kind
                && key.name == "id"
                && ty != "id"
            {
                self.errors.push(
                    definition.span,
                    format!(
                        "`id: \"{ty}\"` makes a plain `{ty}` column and the table has no primary key; write `id: {{ type: \"{ty}\", primaryKey: true }}` (with a `default` if needed), or `id: \"id\"` for a bigserial key"
                    ),
                );
            }
        }
    }

    /// Reads `{ name: definition, … }`, rejecting duplicate column names.
    fn columns(&mut self, value: &'a Value, known: &KnownTypes) -> Option<Vec<Column>> {
        let ValueKind::Object(entries) = &value.kind else {
            self.errors.push(
                value.span,
                format!(
                    "the columns must be an object `{{ name: {{ type: … }} }}`, not {}",
                    value.kind.describe()
                ),
            );
            return None;
        };
        if entries.is_empty() {
            self.errors
                .push(value.span, "no columns; give at least one");
            return None;
        }
        let mut columns = Vec::new();
        let mut ok = true;
        for (key, definition) in entries {
            match self.column(key, definition, known) {
                Some(column) => {
                    if columns
                        .iter()
                        .any(|other: &Column| other.name.sql == column.name.sql)
                    {
                        self.errors.push(
                            key.span,
                            format!(
                                "duplicate column `{}`; columns must be unique",
                                column.name.sql
                            ),
                        );
                        ok = false;
                    }
                    columns.push(column);
                }
                None => ok = false,
            }
        }
        ok.then_some(columns)
    }

    /// One column: `"id"` (bigserial primary key), `"type"`, or `{ type, … }`.
    fn column(
        &mut self,
        key: &ast::Key,
        definition: &'a Value,
        known: &KnownTypes,
    ) -> Option<Column> {
        let name = value::key_name(key, self.errors);
        let mut column = match &definition.kind {
            ValueKind::Str(shorthand) if shorthand == "id" => {
                return Some(Column {
                    name: name?,
                    ty: crate::model::Type {
                        sql: "bigserial".to_owned(),
                        span: definition.span,
                    },
                    primary_key: Some(definition.span),
                    not_null: false,
                    unique: false,
                    default: None,
                    default_span: None,
                    check: None,
                    references: None,
                    comment: None,
                    collation: None,
                    generated: None,
                    references_constraint: None,
                });
            }
            ValueKind::Str(_) => Column {
                name: name?,
                ty: value::ty(definition, known, self.errors)?,
                primary_key: None,
                not_null: false,
                unique: false,
                default: None,
                default_span: None,
                check: None,
                references: None,
                comment: None,
                collation: None,
                generated: None,
                references_constraint: None,
            },
            ValueKind::Object(_) => {
                let options = Options::read(
                    Some(definition),
                    &format!("column `{}`", key.name),
                    COLUMN_OPTIONS,
                    self.errors,
                );
                let Some(ty) = options.get("type") else {
                    self.errors.push(
                        definition.span,
                        format!("column `{}` needs a `type`", key.name),
                    );
                    return None;
                };
                let ty = value::ty(ty, known, self.errors);
                let references = options
                    .get("references")
                    .and_then(|value| value::reference(value, self.errors));
                let on_delete = options
                    .get("onDelete")
                    .and_then(|value| value::action(value, "`onDelete`", self.errors));
                let on_update = options
                    .get("onUpdate")
                    .and_then(|value| value::action(value, "`onUpdate`", self.errors));
                for option in [
                    "onDelete",
                    "onUpdate",
                    "match",
                    "deferrable",
                    "deferred",
                    "referencesConstraintName",
                ] {
                    if let Some(span) = options.key_span(option)
                        && options.get("references").is_none()
                    {
                        self.errors
                            .push(span, format!("`{option}` needs `references`"));
                    }
                }
                let generated = options
                    .get("generated")
                    .and_then(|value| self.generated(value, ty.as_ref()));
                if let (Some(_), Some(span)) = (&generated, options.key_span("default")) {
                    self.errors.push(
                        span,
                        "a generated column has no default; drop `default` or `generated`",
                    );
                }
                let not_null = options.flag("notNull", self.errors);
                // A `NOT NULL` column cannot be set to null: deleting the referenced row
                // would fail at run time instead of doing what the option says.
                if matches!(on_delete, Some(crate::model::Action::SetNull))
                    && not_null
                    && let Some(span) = options.key_span("onDelete")
                {
                    self.errors.push(
                        span,
                        format!(
                            "`onDelete: \"set null\"` on `notNull` column `{}`; deleting the referenced row would fail — use `cascade` or `restrict`, or drop `notNull`",
                            key.name
                        ),
                    );
                }
                Column {
                    name: name?,
                    ty: ty?,
                    primary_key: options
                        .flag("primaryKey", self.errors)
                        .then(|| options.key_span("primaryKey"))
                        .flatten(),
                    not_null,
                    unique: options.flag("unique", self.errors),
                    default: options
                        .get("default")
                        .and_then(|value| value::default(value, self.errors)),
                    default_span: options.get("default").map(|value| value.span),
                    check: options
                        .get("check")
                        .and_then(|value| value::expr(value, "`check`", self.errors)),
                    references: references.map(|reference| {
                        self.reference_options(
                            &options,
                            Reference {
                                on_delete,
                                on_update,
                                ..reference
                            },
                        )
                    }),
                    comment: options
                        .get("comment")
                        .and_then(|value| value::string(value, "`comment`", self.errors)),
                    collation: options
                        .get("collation")
                        .and_then(|value| value::as_written(value, "`collation`", self.errors)),
                    generated,
                    references_constraint: options.get("referencesConstraintName").and_then(
                        |value| value::name(value, "`referencesConstraintName`", self.errors),
                    ),
                }
            }
            other => {
                self.errors.push(
                    definition.span,
                    format!(
                        "column `{}` must be a type string or an object `{{ type: … }}`, not {}",
                        key.name,
                        other.describe()
                    ),
                );
                return None;
            }
        };
        column.name.span = key.span;
        Some(column)
    }

    fn table_constraints(&mut self, value: &'a Value) -> Option<TableConstraints> {
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

    fn foreign_key(&mut self, value: &'a Value) -> Option<ForeignKey> {
        let options = self.options(
            Some(value),
            &[
                "name",
                "columns",
                "references",
                "onDelete",
                "onUpdate",
                "match",
                "deferrable",
                "deferred",
            ],
        );
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

    /// `references` with `onDelete`/`onUpdate` from an options object.
    fn references(&mut self, options: &Options<'a>, span: Span) -> Option<Reference> {
        let on_delete = options
            .get("onDelete")
            .and_then(|value| value::action(value, "`onDelete`", self.errors));
        let on_update = options
            .get("onUpdate")
            .and_then(|value| value::action(value, "`onUpdate`", self.errors));
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
    fn reference_options(&mut self, options: &Options<'a>, reference: Reference) -> Reference {
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

    /// `generated`: `"always"` or `"byDefault"` (an identity), `{ identity, start,
    /// increment, minValue, maxValue, cache, cycle }`, or `{ expression, stored }`.
    fn generated(
        &mut self,
        value: &'a Value,
        ty: Option<&crate::model::Type>,
    ) -> Option<Generated> {
        let identity = |cx: &mut Self, precedence: &Value, sequence: Vec<String>| {
            let always = value::choice(
                precedence,
                "`generated`",
                &["always", "bydefault", "by default"],
                cx.errors,
            )? == "always";
            let integer = ty.is_none_or(|ty| {
                [
                    "smallint", "int2", "integer", "int", "int4", "bigint", "int8",
                ]
                .contains(&ty.sql.to_ascii_lowercase().as_str())
            });
            if !integer {
                cx.errors.push(
                    precedence.span,
                    "an identity column is `smallint`, `integer` or `bigint`",
                );
                return None;
            }
            Some(Generated::Identity { always, sequence })
        };
        match &value.kind {
            ValueKind::Str(_) => identity(self, value, Vec::new()),
            ValueKind::Object(_) => {
                let options = self.options(
                    Some(value),
                    &[
                        "identity",
                        "start",
                        "increment",
                        "minValue",
                        "maxValue",
                        "cache",
                        "cycle",
                        "expression",
                        "stored",
                    ],
                );
                if let Some(expression) = options.get("expression") {
                    if options
                        .get("stored")
                        .and_then(|stored| value::boolean(stored, "`stored`", self.errors))
                        == Some(false)
                        && let Some(span) = options.key_span("stored")
                    {
                        self.errors.push(
                            span,
                            "PostgreSQL stores generated columns: `stored` is `true`",
                        );
                    }
                    return value::expr(expression, "`expression`", self.errors)
                        .map(Generated::Stored);
                }
                let Some(precedence) = options.get("identity") else {
                    self.errors.push(
                        value.span,
                        "`generated` needs `identity` (`\"always\"` or `\"byDefault\"`) or `expression`",
                    );
                    return None;
                };
                let mut sequence = Vec::new();
                for (key, words) in [
                    ("start", "START WITH"),
                    ("increment", "INCREMENT BY"),
                    ("minValue", "MINVALUE"),
                    ("maxValue", "MAXVALUE"),
                    ("cache", "CACHE"),
                ] {
                    if let Some(number) = options.get(key) {
                        match &number.kind {
                            ValueKind::Number(number) => sequence.push(format!("{words} {number}")),
                            _ => self
                                .errors
                                .push(number.span, format!("`{key}` takes a number")),
                        }
                    }
                }
                if options.flag("cycle", self.errors) {
                    sequence.push("CYCLE".to_owned());
                }
                identity(self, precedence, sequence)
            }
            _ => {
                self.errors.push(
                    value.span,
                    "`generated` is `\"always\"`, `\"byDefault\"`, or an object",
                );
                None
            }
        }
    }

    fn drop_table(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name"], &["options"])?;
        let table = self.table(args[0]);
        let drop = self.drop_options(args[1]);
        Some(OperationKind::DropTable {
            table: table?,
            drop,
        })
    }

    fn rename_table(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the new name"], &[])?;
        let table = self.table(args[0]);
        let to = value::name(args[1]?, "the new name", self.errors);
        Some(OperationKind::RenameTable {
            table: table?,
            to: to?,
        })
    }

    fn add_columns(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the columns"], &["options"])?;
        let table = self.table(args[0]);
        let columns = self.columns(args[1]?, known);
        let options = self.options(args[2], &["ifNotExists"]);
        let if_not_exists = options.flag("ifNotExists", self.errors);
        let columns = columns?;
        for extra in columns
            .iter()
            .filter_map(|column| column.primary_key)
            .skip(1)
        {
            self.errors.push(extra, "two primary keys; a table has one");
        }
        Some(OperationKind::AddColumns {
            table: table?,
            columns,
            if_not_exists,
        })
    }

    fn drop_columns(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the columns"], &["options"])?;
        let table = self.table(args[0]);
        let columns = value::names(args[1]?, "the columns", self.errors);
        let drop = self.drop_options(args[2]);
        Some(OperationKind::DropColumns {
            table: table?,
            columns: columns?,
            drop,
        })
    }

    fn rename_column(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the column", "the new name"], &[])?;
        let table = self.table(args[0]);
        let from = value::name(args[1]?, "the column", self.errors);
        let to = value::name(args[2]?, "the new name", self.errors);
        Some(OperationKind::RenameColumn {
            table: table?,
            from: from?,
            to: to?,
        })
    }

    fn alter_column(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the column", "the changes"], &[])?;
        let table = self.table(args[0]);
        let column = value::name(args[1]?, "the column", self.errors);
        let options = self.options(args[2], &["type", "using", "default", "notNull"]);
        let ty = options
            .get("type")
            .and_then(|value| value::ty(value, known, self.errors));
        let using = options
            .get("using")
            .and_then(|value| value::expr(value, "`using`", self.errors));
        if let Some(span) = options.key_span("using")
            && options.get("type").is_none()
        {
            self.errors.push(span, "`using` needs `type`");
        }
        let default = options
            .get("default")
            .and_then(|value| value::default(value, self.errors));
        let not_null = options
            .get("notNull")
            .and_then(|value| value::boolean(value, "`notNull`", self.errors));
        if options.get("type").is_none()
            && options.get("default").is_none()
            && options.get("notNull").is_none()
        {
            self.errors.push(
                args[2]?.span,
                "`alterColumn` needs at least one of `type`, `default`, `notNull`",
            );
            return None;
        }
        Some(OperationKind::AlterColumn {
            table: table?,
            column: column?,
            ty,
            using,
            default,
            not_null,
        })
    }

    fn add_constraint(&mut self) -> Option<OperationKind> {
        let args = self.args(
            &["the table name", "the constraint name", "the constraint"],
            &[],
        )?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the constraint name", self.errors);
        let spec = args[2]?;
        // node-pg-migrate's string form: the constraint as SQL.
        if let ValueKind::Str(text) = &spec.kind {
            let constraint = self.sql_constraint(text, spec.span, false);
            return Some(OperationKind::AddConstraint {
                table: table?,
                name: name?,
                constraint: constraint?,
                not_valid: false,
            });
        }
        let options = self.options(
            Some(spec),
            &[
                "check",
                "unique",
                "primaryKey",
                "foreignKeys",
                "foreignKey",
                "exclude",
                "notValid",
            ],
        );
        // `foreignKeys`, as in `createTable`, and `foreignKey`, its alias.
        let kinds: Vec<&str> = [
            "check",
            "unique",
            "primaryKey",
            "foreignKeys",
            "foreignKey",
            "exclude",
        ]
        .into_iter()
        .filter(|kind| options.get(kind).is_some())
        .map(|kind| {
            if kind == "foreignKeys" {
                "foreignKey"
            } else {
                kind
            }
        })
        .collect();
        let constraint = match kinds.as_slice() {
            ["check"] => options
                .get("check")
                .and_then(|value| value::expr(value, "`check`", self.errors))
                .map(Constraint::Check),
            ["unique"] => options
                .get("unique")
                .and_then(|value| value::names(value, "`unique`", self.errors))
                .map(Constraint::Unique),
            ["primaryKey"] => options
                .get("primaryKey")
                .and_then(|value| value::names(value, "`primaryKey`", self.errors))
                .map(Constraint::PrimaryKey),
            ["exclude"] => options.get("exclude").and_then(|value| {
                let text = value::string(value, "`exclude`", self.errors)?;
                self.sql_constraint(&text.value, text.span, true)
            }),
            ["foreignKey"] => {
                let value = options
                    .get("foreignKeys")
                    .or_else(|| options.get("foreignKey"))?;
                let fk = self.options(
                    Some(value),
                    &[
                        "columns",
                        "references",
                        "onDelete",
                        "onUpdate",
                        "match",
                        "deferrable",
                        "deferred",
                    ],
                );
                let columns = match fk.get("columns") {
                    Some(columns) => value::names(columns, "`columns`", self.errors),
                    None => {
                        self.errors.push(value.span, "`foreignKey` needs `columns`");
                        None
                    }
                };
                let references = self.references(&fk, value.span);
                Some(Constraint::ForeignKey {
                    columns: columns?,
                    references: references?,
                })
            }
            _ => {
                self.errors.push(spec.span, "`addConstraint` needs exactly one of `check`, `unique`, `primaryKey`, `foreignKeys`, `exclude`, or the constraint as a string");
                None
            }
        };
        let not_valid = options.flag("notValid", self.errors);
        if not_valid
            && matches!(
                constraint,
                Some(Constraint::Unique(_) | Constraint::PrimaryKey(_))
            )
            && let Some(span) = options.key_span("notValid")
        {
            self.errors.push(
                span,
                "`notValid` applies to `check` and `foreignKey` constraints only",
            );
        }
        Some(OperationKind::AddConstraint {
            table: table?,
            name: name?,
            constraint: constraint?,
            not_valid,
        })
    }

    /// A constraint written as SQL (after `EXCLUDE` if `exclude`), checked by the
    /// parser.
    fn sql_constraint(&mut self, text: &str, span: Span, exclude: bool) -> Option<Constraint> {
        match pg::constraint(text, exclude) {
            Ok(()) => Some(Constraint::Sql(crate::model::Expr {
                sql: match exclude {
                    true => format!("EXCLUDE {}", text.trim()),
                    false => text.trim().to_owned(),
                },
                span,
            })),
            Err(message) => {
                let what = if exclude { "`exclude`" } else { "constraint" };
                self.errors.push(span, format!("invalid {what}: {message}"));
                None
            }
        }
    }

    fn rename_constraint(&mut self) -> Option<OperationKind> {
        let args = self.args(
            &["the table name", "the constraint name", "the new name"],
            &[],
        )?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the constraint name", self.errors);
        let to = value::name(args[2]?, "the new name", self.errors);
        Some(OperationKind::RenameConstraint {
            table: table?,
            name: name?,
            to: to?,
        })
    }

    fn rename_index(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the index name", "the new name"], &[])?;
        let name = value::qualified(args[0]?, "the index name", self.errors);
        let to = value::name(args[1]?, "the new name", self.errors);
        Some(OperationKind::RenameIndex {
            name: name?,
            to: to?,
        })
    }

    fn rename_schema(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the schema name", "the new name"], &[])?;
        let name = value::name(args[0]?, "the schema name", self.errors);
        let to = value::name(args[1]?, "the new name", self.errors);
        Some(OperationKind::RenameSchema {
            name: name?,
            to: to?,
        })
    }

    fn drop_constraint(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the constraint name"], &["options"])?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the constraint name", self.errors);
        let drop = self.drop_options(args[2]);
        Some(OperationKind::DropConstraint {
            table: table?,
            name: name?,
            drop,
        })
    }

    fn validate_constraint(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the table name", "the constraint name"], &[])?;
        let table = self.table(args[0]);
        let name = value::name(args[1]?, "the constraint name", self.errors);
        Some(OperationKind::ValidateConstraint {
            table: table?,
            name: name?,
        })
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
        let options = self.options(args[1], &["ifNotExists"]);
        let if_not_exists = options.flag("ifNotExists", self.errors);
        Some(OperationKind::CreateSchema {
            name: name?,
            if_not_exists,
        })
    }

    fn drop_schema(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the schema name"], &["options"])?;
        let name = value::name(args[0]?, "the schema name", self.errors);
        let drop = self.drop_options(args[1]);
        Some(OperationKind::DropSchema { name: name?, drop })
    }
}
