//! The objects of the second wave of operations: types, domains, sequences, roles and
//! grants, policies, views, functions and triggers; and the third wave's statements,
//! rendered as they are read.

use super::{Default, Expr, Name, QualifiedName, Statement, Text, Type};

/// What `createType` makes.
#[derive(Debug, Clone)]
pub enum TypeDefinition {
    /// `AS ENUM ('a', 'b')`.
    Enum(Vec<Text>),
    /// `AS (name type, …)`.
    Composite(Vec<(Name, Type)>),
}

/// A domain to create.
#[derive(Debug, Clone)]
pub struct Domain {
    /// Its name.
    pub name: QualifiedName,
    /// Its base type.
    pub ty: Type,
    /// `COLLATE …`.
    pub collation: Option<QualifiedName>,
    /// `DEFAULT …`.
    pub default: Option<Default>,
    /// `NOT NULL`.
    pub not_null: bool,
    /// `CHECK (…)`, with its constraint name if given.
    pub check: Option<(Option<Name>, Expr)>,
}

/// A sequence to create, or the options to change on one.
#[derive(Debug, Clone)]
pub struct Sequence {
    /// Its name.
    pub name: QualifiedName,
    /// `AS type`.
    pub ty: Option<Type>,
    /// `INCREMENT BY 2`, `MINVALUE 1`, `NO MAXVALUE`, `START WITH 10`, `CACHE 5`,
    /// `CYCLE`, `OWNED BY t.c`…, rendered in order.
    pub options: Vec<String>,
    /// `TEMPORARY`.
    pub temporary: bool,
    /// `IF NOT EXISTS`.
    pub if_not_exists: bool,
}

/// A role to create.
#[derive(Debug, Clone)]
pub struct Role {
    /// Its name, as SQL.
    pub name: String,
    /// `LOGIN`, `CONNECTION LIMIT 5`, `IN ROLE a`…, rendered.
    pub options: Vec<String>,
}

/// What a grant is on.
#[derive(Debug, Clone)]
pub enum GrantTarget {
    /// Roles granted to roles.
    Roles(Vec<String>),
    /// `ON TABLE a, b`.
    Tables(Vec<QualifiedName>),
    /// `ON ALL TABLES IN SCHEMA s`.
    AllTablesIn(Name),
    /// `ON SCHEMA a, b`.
    Schemas(Vec<Name>),
}

/// A grant or a revoke: each is the other's down.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The privileges; empty is `ALL` (unused for roles).
    pub privileges: Vec<&'static str>,
    /// What on.
    pub target: GrantTarget,
    /// To (or from) whom, as SQL.
    pub roles: Vec<String>,
    /// Granting: `WITH GRANT|ADMIN OPTION`; revoking: `GRANT|ADMIN OPTION FOR` only.
    pub option: bool,
    /// `REVOKE` rather than `GRANT`.
    pub revoke: bool,
    /// `CASCADE`: a revoke's own, or a grant's for its derived revoke.
    pub cascade: bool,
    /// The other operation's option, for the derived down: a grant's `onlyGrantOption`
    /// (its revoke takes only the option), a revoke's `withGrantOption` (its grant
    /// gives the option too).
    pub reverse_option: bool,
}

/// A row-level security policy to create.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Its table.
    pub table: QualifiedName,
    /// Its name.
    pub name: Name,
    /// `all`, `select`, `insert`, `update` or `delete`.
    pub command: &'static str,
    /// The roles it applies to, as SQL (`PUBLIC` when empty).
    pub roles: Vec<String>,
    /// `USING (…)`.
    pub using: Option<Expr>,
    /// `WITH CHECK (…)`.
    pub check: Option<Expr>,
    /// `AS RESTRICTIVE`.
    pub restrictive: bool,
}

/// A view or materialized view to create.
#[derive(Debug, Clone)]
pub struct View {
    /// Its name.
    pub name: QualifiedName,
    /// `true`: `CREATE MATERIALIZED VIEW`.
    pub materialized: bool,
    /// The query, checked by the parser.
    pub definition: Expr,
    /// `(a, b)` after the name.
    pub columns: Vec<Name>,
    /// `OR REPLACE` (views).
    pub replace: bool,
    /// `TEMPORARY` (views).
    pub temporary: bool,
    /// `RECURSIVE` (views; needs `columns`).
    pub recursive: bool,
    /// `WITH CASCADED|LOCAL CHECK OPTION` (views).
    pub check_option: Option<String>,
    /// `IF NOT EXISTS` (materialized views).
    pub if_not_exists: bool,
    /// `WITH DATA` (`true`) or `WITH NO DATA` (materialized views).
    pub data: Option<bool>,
    /// `WITH (security_barrier = true)`, `WITH (fillfactor = 70)`: view options or
    /// storage parameters, rendered.
    pub parameters: Vec<String>,
    /// `TABLESPACE …` (materialized views).
    pub tablespace: Option<Name>,
}

/// A parameter of a function: `[mode] [name] type [DEFAULT expr]`.
#[derive(Debug, Clone)]
pub struct Param {
    /// `IN`, `OUT`, `INOUT` or `VARIADIC`; `None` is `IN`.
    pub mode: Option<&'static str>,
    /// Its name, if it has one.
    pub name: Option<Name>,
    /// Its type.
    pub ty: Type,
    /// Its default.
    pub default: Option<Expr>,
}

/// A function to create.
#[derive(Debug, Clone)]
pub struct Function {
    /// Its name.
    pub name: QualifiedName,
    /// Its parameters.
    pub params: Vec<Param>,
    /// What it returns, as written (`integer`, `trigger`, `SETOF text`, `TABLE (…)`);
    /// `None`: `void`, or what its `OUT` parameters make.
    pub returns: Option<String>,
    /// Its language (`sql`, `plpgsql`…).
    pub language: String,
    /// `OR REPLACE`.
    pub replace: bool,
    /// `WINDOW`.
    pub window: bool,
    /// `IMMUTABLE`, `STABLE` or `VOLATILE`.
    pub behavior: Option<&'static str>,
    /// `SECURITY INVOKER` or `SECURITY DEFINER`.
    pub security: Option<&'static str>,
    /// `true`: `RETURNS NULL ON NULL INPUT`; `false`: `CALLED ON NULL INPUT`.
    pub on_null: Option<bool>,
    /// `PARALLEL UNSAFE`, `RESTRICTED` or `SAFE`.
    pub parallel: Option<&'static str>,
    /// The body, sent dollar-quoted.
    pub definition: String,
}

/// A trigger to create.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// Its table.
    pub table: QualifiedName,
    /// Its name.
    pub name: Name,
    /// `BEFORE`, `AFTER` or `INSTEAD OF`.
    pub when: &'static str,
    /// `INSERT`, `UPDATE`, `DELETE`, `TRUNCATE`.
    pub operations: Vec<&'static str>,
    /// `ROW` or `STATEMENT`.
    pub level: &'static str,
    /// The function it runs.
    pub function: QualifiedName,
    /// Arguments to the function, as SQL literals.
    pub function_params: Vec<String>,
    /// `WHEN (…)`.
    pub condition: Option<Expr>,
    /// `CREATE CONSTRAINT TRIGGER`, with its deferral.
    pub constraint: bool,
    /// `DEFERRABLE`.
    pub deferrable: bool,
    /// `INITIALLY DEFERRED`.
    pub deferred: bool,
    /// The function, when the trigger defines it inline: created before it, named
    /// after it, dropped after it.
    pub inline: Option<Function>,
}

/// An operation of the third wave: node-pg-migrate's alters of views, domains,
/// policies and roles, the attributes and values of types, operators and casts. Each
/// is a fixed statement with a fixed inverse, so it is rendered as it is read; a typed
/// model would only repeat its SQL.
#[derive(Debug, Clone)]
pub struct Direct {
    /// The statements that perform it.
    pub up: Vec<Statement>,
    /// Its derived down; `None` when it has none, so the migration must write one.
    pub down: Option<Vec<Statement>>,
    /// What it needs to find in the schema before it.
    pub subject: Option<Subject>,
}

/// What a [`Direct`] operation alters, checked against the build's schema model.
#[derive(Debug, Clone)]
pub enum Subject {
    /// A table (`alterTable`).
    Table(QualifiedName),
    /// A policy of a table (`alterPolicy`).
    Policy(QualifiedName, Name),
    /// A view or materialized view.
    View(QualifiedName),
    /// A type or domain.
    Type(QualifiedName),
    /// An attribute of a composite type.
    Attribute(QualifiedName, Name),
    /// A value of an enum.
    Value(QualifiedName, Text),
}
