//! The checked model: what each operation means, with names converted and SQL checked.
//! Built from the syntax tree by `lower`; turned into SQL by `sql`.

use proc_macro2::Span;

mod objects;

pub use objects::{
    Direct, Domain, Function, Grant, GrantTarget, Param, Policy, Role, Sequence, Subject, Trigger,
    TypeDefinition, View,
};

/// An identifier, converted to snake_case, with the span of the string it came from.
#[derive(Debug, Clone)]
pub struct Name {
    /// The SQL name (unquoted).
    pub sql: String,
    /// Where the user wrote it.
    pub span: Span,
}

/// A possibly schema-qualified name.
#[derive(Debug, Clone)]
pub struct QualifiedName {
    /// The schema, if written.
    pub schema: Option<Name>,
    /// The object's own name.
    pub name: Name,
}

/// A string the user wrote, kept as written (enum values, comments, extension names).
#[derive(Debug, Clone)]
pub struct Text {
    /// The value.
    pub value: String,
    /// Where.
    pub span: Span,
}

/// A SQL expression checked with a PostgreSQL parser (`func`, `check`, `where`…).
#[derive(Debug, Clone)]
pub struct Expr {
    /// The expression as written.
    pub sql: String,
    /// Where.
    pub span: Span,
}

/// A column type checked with a PostgreSQL parser, as written.
#[derive(Debug, Clone)]
pub struct Type {
    /// The type as written (`varchar(255)`, `text[]`).
    pub sql: String,
    /// Where.
    pub span: Span,
}

/// A column default.
#[derive(Debug, Clone)]
pub enum Default {
    /// A string, quoted as a SQL literal.
    Str(String),
    /// A number, as written.
    Number(String),
    /// `true` or `false`.
    Bool(bool),
    /// `NULL` (for `alterColumn`, drops the default).
    Null,
    /// `[…]` or `{…}`: JSON text, for a `json` or `jsonb` column (an array column's
    /// is turned into an array literal when the column's type is known).
    Json(String),
    /// `func("…")`: an expression.
    Expr {
        /// The expression as written.
        expr: Expr,
        /// Whether a column's `DEFAULT` needs it in parentheses: PostgreSQL's grammar
        /// takes only a restricted expression there (`ALTER COLUMN … SET DEFAULT` takes
        /// any); see `pg::default_needs_parentheses`.
        parenthesize: bool,
    },
}

/// A referential action (`onDelete`, `onUpdate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `CASCADE`.
    Cascade,
    /// `RESTRICT`.
    Restrict,
    /// `NO ACTION`.
    NoAction,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

/// The target of a foreign key: `users(id)`, or `users` for its primary key.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The referenced table.
    pub table: QualifiedName,
    /// The referenced columns; empty for the primary key.
    pub columns: Vec<Name>,
    /// `ON DELETE`.
    pub on_delete: Option<Action>,
    /// `ON UPDATE`.
    pub on_update: Option<Action>,
    /// `MATCH FULL` (`false`: the default, `MATCH SIMPLE`).
    pub match_full: bool,
    /// `DEFERRABLE`.
    pub deferrable: bool,
    /// `INITIALLY DEFERRED`.
    pub deferred: bool,
}

/// A generated column: an identity, or a stored expression.
#[derive(Debug, Clone)]
pub enum Generated {
    /// `GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(sequence options)]`.
    Identity {
        /// `ALWAYS` (`true`) or `BY DEFAULT`.
        always: bool,
        /// `START WITH 10`, `INCREMENT BY 2`…, rendered.
        sequence: Vec<String>,
    },
    /// `GENERATED ALWAYS AS (expression) STORED`.
    Stored(Expr),
}

/// A column definition.
#[derive(Debug, Clone)]
pub struct Column {
    /// Its name (from the object key).
    pub name: Name,
    /// Its type.
    pub ty: Type,
    /// `PRIMARY KEY`, with the span that asked for it.
    pub primary_key: Option<Span>,
    /// `NOT NULL`.
    pub not_null: bool,
    /// `UNIQUE`.
    pub unique: bool,
    /// `DEFAULT …`.
    pub default: Option<Default>,
    /// Where the default was written.
    pub default_span: Option<Span>,
    /// `CHECK (…)`.
    pub check: Option<Expr>,
    /// `REFERENCES …`.
    pub references: Option<Reference>,
    /// `COMMENT ON COLUMN`.
    pub comment: Option<Text>,
    /// `COLLATE …`.
    pub collation: Option<QualifiedName>,
    /// `GENERATED …`.
    pub generated: Option<Generated>,
    /// The name of its foreign key (`CONSTRAINT name REFERENCES …`).
    pub references_constraint: Option<Name>,
    /// `referencesConstraintComment`: `COMMENT ON CONSTRAINT` of that foreign key.
    pub references_comment: Option<Text>,
}

impl Column {
    /// A column of `ty` with no option.
    pub fn plain(name: Name, ty: Type) -> Self {
        Column {
            name,
            ty,
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
            references_comment: None,
        }
    }
}

/// A table-level foreign key.
#[derive(Debug, Clone)]
pub struct ForeignKey {
    /// The constraint's name, if given.
    pub name: Option<Name>,
    /// The referencing columns.
    pub columns: Vec<Name>,
    /// The target.
    pub references: Reference,
}

/// Table-level constraints of `createTable`.
#[derive(Debug, Clone, std::default::Default)]
pub struct TableConstraints {
    /// A (composite) primary key, with the span that asked for it.
    pub primary_key: Option<(Vec<Name>, Span)>,
    /// Unique column sets.
    pub unique: Vec<Vec<Name>>,
    /// Check expressions.
    pub checks: Vec<Expr>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
}

/// What `addConstraint` adds.
#[derive(Debug, Clone)]
pub enum Constraint {
    /// `CHECK (…)`.
    Check(Expr),
    /// `UNIQUE (…)`.
    Unique(Vec<Name>),
    /// `PRIMARY KEY (…)`.
    PrimaryKey(Vec<Name>),
    /// `FOREIGN KEY (…) REFERENCES …`.
    ForeignKey {
        /// The referencing columns.
        columns: Vec<Name>,
        /// The target.
        references: Reference,
    },
    /// A constraint written as SQL (the string form of `addConstraint`, and
    /// `exclude`), checked by the parser.
    Sql(Expr),
}

/// One indexed element: a column or an expression, with how it is compared and sorted.
#[derive(Debug, Clone)]
pub struct IndexElement {
    /// What is indexed.
    pub target: IndexTarget,
    /// `COLLATE …`, as written (`"C"`, `"en-x-icu"`): collations are case-sensitive.
    pub collate: Option<QualifiedName>,
    /// The operator class (`text_pattern_ops`), as written.
    pub opclass: Option<QualifiedName>,
    /// `ASC` or `DESC`, if given.
    pub sort: Option<SortOrder>,
    /// `NULLS FIRST` or `NULLS LAST`, if given.
    pub nulls: Option<NullsOrder>,
}

/// What an [`IndexElement`] indexes.
#[derive(Debug, Clone)]
pub enum IndexTarget {
    /// A column, by name.
    Column(Name),
    /// `func("lower(email)")`.
    Expr(Expr),
}

/// An index element's sort order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    /// `ASC`.
    Asc,
    /// `DESC`.
    Desc,
}

/// Where an index element's nulls sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullsOrder {
    /// `NULLS FIRST`.
    First,
    /// `NULLS LAST`.
    Last,
}

/// `createIndex`.
#[derive(Debug, Clone)]
pub struct Index {
    /// The indexed table.
    pub table: QualifiedName,
    /// The index's name (given, or derived from the table and columns).
    pub name: Name,
    /// The indexed elements.
    pub elements: Vec<IndexElement>,
    /// `UNIQUE`.
    pub unique: bool,
    /// `WHERE …` (a partial index).
    pub predicate: Option<Expr>,
    /// `USING …`.
    pub method: Option<String>,
    /// `INCLUDE (…)`.
    pub include: Vec<Name>,
    /// `CONCURRENTLY`: built without blocking writes, outside a transaction.
    pub concurrently: bool,
    /// `IF NOT EXISTS`.
    pub if_not_exists: bool,
    /// `NULLS NOT DISTINCT` (a unique index: nulls count as equal).
    pub nulls_not_distinct: bool,
}

/// Where `addTypeValue` puts the new value.
#[derive(Debug, Clone)]
pub enum ValuePosition {
    /// `BEFORE 'x'`.
    Before(Text),
    /// `AFTER 'x'`.
    After(Text),
}

/// `IF EXISTS` and `CASCADE`, shared by the drop operations.
#[derive(Debug, Clone, Copy, std::default::Default)]
pub struct DropOptions {
    /// `IF EXISTS`.
    pub if_exists: bool,
    /// `CASCADE`.
    pub cascade: bool,
}

/// A raw SQL text, as written, and the statements in it.
#[derive(Debug, Clone)]
pub struct RawSql {
    /// The text, comments and all.
    pub text: String,
    /// Its statements, each with whether it may run in a transaction.
    pub statements: Vec<Statement>,
}

/// A raw SQL statement, with whether it may run inside a transaction.
#[derive(Debug, Clone)]
pub struct Statement {
    /// The statement's text.
    pub sql: String,
    /// `false` for statements PostgreSQL refuses inside a transaction block.
    pub transaction: bool,
}

/// One operation, interpreted.
#[derive(Debug, Clone)]
pub struct Operation {
    /// What it does.
    pub kind: OperationKind,
    /// The operation's name as written, for messages.
    pub name: &'static str,
    /// The span of the operation's name.
    pub span: Span,
    /// The operation as written, shortened to one line (`createIndex("users",
    /// ["emial"])`), for the steps to name at run time.
    pub origin: String,
    /// Lint rules this operation silences (its `allow: ["rule"]` option).
    pub allow: Vec<Text>,
}

/// Every operation the DSL knows.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub enum OperationKind {
    Direct(Box<Direct>),
    CreateView(Box<View>),
    CreatePolicy(Box<Policy>),
    RenameConstraint {
        table: QualifiedName,
        name: Name,
        to: Name,
    },
    RenameIndex {
        name: QualifiedName,
        to: Name,
    },
    RenameSchema {
        name: Name,
        to: Name,
    },
    CreateRole(Box<Role>),
    DropRole {
        name: String,
        if_exists: bool,
    },
    RenameRole {
        name: String,
        to: String,
    },
    Grant(Box<Grant>),
    DropPolicy {
        table: QualifiedName,
        name: Name,
        if_exists: bool,
    },
    RenamePolicy {
        table: QualifiedName,
        name: Name,
        to: Name,
    },
    CreateDomain(Box<Domain>),
    DropDomain {
        name: QualifiedName,
        drop: DropOptions,
    },
    RenameDomain {
        name: QualifiedName,
        to: Name,
    },
    CreateSequence(Box<Sequence>),
    AlterSequence(Box<Sequence>),
    DropSequence {
        name: QualifiedName,
        drop: DropOptions,
    },
    RenameSequence {
        name: QualifiedName,
        to: Name,
    },
    RenameType {
        name: QualifiedName,
        to: Name,
    },
    CreateFunction(Box<Function>),
    DropFunction {
        name: QualifiedName,
        params: Vec<Param>,
        drop: DropOptions,
    },
    RenameFunction {
        name: QualifiedName,
        params: Vec<Param>,
        to: Name,
    },
    CreateTrigger(Box<Trigger>),
    DropTrigger {
        table: QualifiedName,
        name: Name,
        drop: DropOptions,
    },
    RenameTrigger {
        table: QualifiedName,
        name: Name,
        to: Name,
    },
    DropView {
        name: QualifiedName,
        materialized: bool,
        drop: DropOptions,
    },
    RenameView {
        name: QualifiedName,
        materialized: bool,
        to: Name,
    },
    RefreshMaterializedView {
        name: QualifiedName,
        concurrently: bool,
        data: Option<bool>,
    },
    Sql {
        text: String,
        statements: Vec<Statement>,
        /// `sql(…, { down: "…" })`: the statement's own down, so the migration keeps
        /// a derived one.
        down: Option<RawSql>,
    },
    CreateTable {
        table: QualifiedName,
        columns: Vec<Column>,
        constraints: TableConstraints,
        if_not_exists: bool,
        inherits: Option<QualifiedName>,
        comment: Option<Text>,
        /// `TEMPORARY` or `UNLOGGED`.
        persistence: Option<&'static str>,
        /// `LIKE source INCLUDING …`, rendered: the first line of the body.
        like: Option<String>,
    },
    DropTable {
        table: QualifiedName,
        drop: DropOptions,
    },
    RenameTable {
        table: QualifiedName,
        to: Name,
    },
    AddColumns {
        table: QualifiedName,
        columns: Vec<Column>,
        if_not_exists: bool,
    },
    DropColumns {
        table: QualifiedName,
        columns: Vec<Name>,
        drop: DropOptions,
    },
    RenameColumn {
        table: QualifiedName,
        from: Name,
        to: Name,
    },
    AlterColumn {
        table: QualifiedName,
        column: Name,
        ty: Option<Type>,
        using: Option<Expr>,
        default: Option<Default>,
        not_null: Option<bool>,
        /// `COLLATE …` of the new type.
        collation: Option<QualifiedName>,
        /// `Some(Some(…))`: add an identity; `Some(None)`: drop it.
        identity: Option<Option<Generated>>,
        /// `Some(None)`: remove the comment.
        comment: Option<Option<Text>>,
    },
    AddConstraint {
        table: QualifiedName,
        name: Name,
        constraint: Constraint,
        not_valid: bool,
    },
    DropConstraint {
        table: QualifiedName,
        name: Name,
        drop: DropOptions,
        /// `ALTER TABLE IF EXISTS` (node-pg-migrate's `ifTableExists`).
        table_if_exists: bool,
    },
    ValidateConstraint {
        table: QualifiedName,
        name: Name,
    },
    CreateIndex(Index),
    DropIndex {
        index: QualifiedName,
        concurrently: bool,
        drop: DropOptions,
    },
    CreateType {
        name: QualifiedName,
        /// An enum's labels, or a composite type's attributes.
        definition: TypeDefinition,
    },
    DropType {
        name: QualifiedName,
        drop: DropOptions,
    },
    AddTypeValue {
        name: QualifiedName,
        value: Text,
        position: Option<ValuePosition>,
        if_not_exists: bool,
    },
    CreateExtension {
        name: Text,
        if_not_exists: bool,
        schema: Option<Name>,
    },
    DropExtension {
        name: Text,
        drop: DropOptions,
    },
    CreateSchema {
        name: Name,
        if_not_exists: bool,
        /// `AUTHORIZATION role`, as SQL.
        authorization: Option<String>,
    },
    DropSchema {
        name: Name,
        drop: DropOptions,
    },
}

/// A whole migration, interpreted and checked.
#[derive(Debug, Clone)]
pub struct Migration {
    /// The up operations, in order.
    pub up: Vec<Operation>,
    /// The down operations of a `down { … }` block, if written.
    pub down: Option<Vec<Operation>>,
    /// Whether the migration was marked `irreversible;`.
    pub irreversible: bool,
    /// `lockTimeout("30s")`: this migration's `lock_timeout`, in milliseconds.
    pub lock_timeout_ms: Option<u64>,
    /// Lint rules the whole migration silences (`allow("rule");`).
    pub allow: Vec<Text>,
}
