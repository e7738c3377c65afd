//! SQL generation: pure functions from the checked model to the steps that run, the
//! derived downs, and the checksum. Names and literals are quoted in exactly one place.

mod forward;
mod functions;
mod grants;
mod inverse;
pub mod origin;
mod policies;
mod sequences;
mod views;

use crate::model::{
    Action, Column, Default, DropOptions, Generated, Index, IndexElement, IndexTarget, Migration,
    Name, NullsOrder, Operation, OperationKind, QualifiedName, Reference, SortOrder, Statement,
};
pub use forward::forward;
pub(crate) use inverse::inverse;
pub use origin::{Location, Origin};
use sha2::{Digest, Sha256};

/// One SQL step as it will run, with whether it may run inside a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The SQL text, sent to the server as written.
    pub sql: String,
    /// Whether the step may share a transaction with its neighbours.
    pub transaction: bool,
    /// Whether the batch's transaction must commit after this step, because it adds an
    /// enum value that later steps may use (see `pgbatch::Step::commit_after`). Not
    /// part of the checksum.
    pub commit_after: bool,
    /// Where each part of `sql` was written: the byte offset at which the part starts,
    /// and its origin; in order, the first at 0. Not part of the checksum: moving an
    /// operation in its file changes no SQL.
    pub origins: Vec<(usize, Origin)>,
}

/// The generated form of a migration: its up steps, its down steps when it has a way
/// back, and the checksum of the up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// The steps that apply the migration, in order.
    pub up: Vec<Step>,
    /// The steps that revert it, in order; `None` when the migration has no down.
    pub down: Option<Vec<Step>>,
    /// Hex SHA-256 of the up steps; see [`checksum`].
    pub checksum: String,
    /// The migration's own `lock_timeout`, in milliseconds, if it sets one.
    pub lock_timeout_ms: Option<u64>,
}

/// Generates the steps of a checked migration. The down is the `down` block if
/// written, nothing if marked `irreversible`, and otherwise the inverse of each up
/// operation, last first.
pub fn generate(migration: &Migration) -> Script {
    let up: Vec<Step> = migration
        .up
        .iter()
        .flat_map(|op| steps(op, forward(op)))
        .collect();
    let down = match &migration.down {
        Some(operations) => Some(
            operations
                .iter()
                .flat_map(|op| steps(op, forward(op)))
                .collect(),
        ),
        None if migration.irreversible => None,
        None => migration
            .up
            .iter()
            .rev()
            .map(|op| inverse(op).map(|statements| steps(op, statements)))
            .collect::<Option<Vec<Vec<Step>>>>()
            .map(|steps| steps.into_iter().flatten().collect()),
    };
    let checksum = checksum(&up);
    Script {
        up,
        down,
        checksum,
        lock_timeout_ms: migration.lock_timeout_ms,
    }
}

/// Groups one operation's statements into steps: consecutive statements that may run in
/// a transaction form one step (one round trip); each other statement is its own step.
/// A step never holds statements of two operations, so each step's origin is `op`.
fn steps(op: &Operation, statements: Vec<Statement>) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    for statement in statements {
        match steps.last_mut() {
            Some(last) if last.transaction && statement.transaction => {
                // A `;` after a trailing `-- comment` would be part of the comment.
                if crate::pg::ends_in_line_comment(&last.sql) {
                    last.sql.push_str("\n;\n");
                } else {
                    last.sql.push_str(";\n");
                }
                last.sql.push_str(&statement.sql);
            }
            _ => steps.push(Step {
                sql: statement.sql,
                transaction: statement.transaction,
                commit_after: false,
                origins: Vec::new(),
            }),
        }
    }
    for step in &mut steps {
        step.commit_after = crate::pg::adds_enum_value(&step.sql);
    }
    attach_origins(op, &mut steps);
    steps
}

/// Gives each step the origin of `op`; for a `sql("…")` of several statements, one
/// origin per statement, found in order in the steps' text, so that an error's position
/// tells which statement failed.
fn attach_origins(op: &Operation, steps: &mut [Step]) {
    let origin = |statement| Origin {
        operation: op.origin.clone(),
        location: Location::of(op.span),
        statement,
    };
    if let OperationKind::Sql { statements, .. } = &op.kind
        && statements.len() > 1
    {
        let count = statements.len();
        // The step being searched, and where in its text the search goes on.
        let (mut step, mut from) = (0, 0);
        for (number, statement) in statements.iter().enumerate() {
            while let Some(current) = steps.get_mut(step) {
                if let Some(found) = current
                    .sql
                    .get(from..)
                    .and_then(|rest| rest.find(&statement.sql))
                {
                    current
                        .origins
                        .push((from + found, origin(Some((number + 1, count)))));
                    from += found + statement.sql.len();
                    break;
                }
                (step, from) = (step + 1, 0);
            }
        }
    }
    for step in steps {
        // Every position in a step has an origin: the whole operation where no
        // statement was found (which the split above does not leave).
        if step.origins.first().is_none_or(|(offset, _)| *offset > 0) {
            step.origins.insert(0, (0, origin(None)));
        }
    }
}

/// The checksum of a migration: hex SHA-256 over each up step's transaction flag and
/// SQL. Both matter: the same statement run outside a transaction behaves differently.
pub fn checksum(up: &[Step]) -> String {
    let mut hasher = Sha256::new();
    for step in up {
        hasher.update([u8::from(step.transaction)]);
        hasher.update((step.sql.len() as u64).to_le_bytes());
        hasher.update(step.sql.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Quotes an identifier when PostgreSQL needs it: anything but lowercase letters,
/// digits and `_` (not leading with a digit), or a keyword that cannot stand bare.
pub(crate) fn ident(name: &str) -> String {
    let plain = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain && !crate::pg::is_restricted_keyword(name) {
        name.to_owned()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// Quotes a string literal.
pub(crate) fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

pub(crate) fn name(name: &Name) -> String {
    ident(&name.sql)
}

pub(crate) fn qualified(name: &QualifiedName) -> String {
    match &name.schema {
        Some(schema) => format!("{}.{}", ident(&schema.sql), ident(&name.name.sql)),
        None => ident(&name.name.sql),
    }
}

fn list(names: &[Name]) -> String {
    names.iter().map(name).collect::<Vec<_>>().join(", ")
}

pub(crate) fn tx(sql: String) -> Statement {
    Statement {
        sql,
        transaction: true,
    }
}

/// `ALTER TABLE t` with one action per line.
fn alter_table(table: &QualifiedName, actions: &[String]) -> Statement {
    tx(format!(
        "ALTER TABLE {}\n  {}",
        qualified(table),
        actions.join(",\n  ")
    ))
}

fn rename_constraint(table: &QualifiedName, from: &Name, to: &Name) -> Statement {
    alter_table(
        table,
        &[format!("RENAME CONSTRAINT {} TO {}", name(from), name(to))],
    )
}

fn rename_column(table: &QualifiedName, from: &Name, to: &Name) -> Statement {
    tx(format!(
        "ALTER TABLE {} RENAME COLUMN {} TO {}",
        qualified(table),
        name(from),
        name(to)
    ))
}

/// Whether the operation was told `ifNotExists`.
pub(crate) fn if_not_exists(op: &Operation) -> bool {
    match &op.kind {
        OperationKind::CreateTable { if_not_exists, .. }
        | OperationKind::AddColumns { if_not_exists, .. }
        | OperationKind::CreateExtension { if_not_exists, .. }
        | OperationKind::CreateSchema { if_not_exists, .. } => *if_not_exists,
        OperationKind::CreateIndex(index) => index.if_not_exists,
        OperationKind::CreateView(view) => view.if_not_exists,
        OperationKind::CreateSequence(sequence) => sequence.if_not_exists,
        _ => false,
    }
}

fn drop_suffix(drop: DropOptions) -> &'static str {
    if drop.cascade { " CASCADE" } else { "" }
}

fn if_exists(drop: DropOptions) -> &'static str {
    if drop.if_exists { "IF EXISTS " } else { "" }
}

fn action(action: Action) -> &'static str {
    match action {
        Action::Cascade => "CASCADE",
        Action::Restrict => "RESTRICT",
        Action::NoAction => "NO ACTION",
        Action::SetNull => "SET NULL",
        Action::SetDefault => "SET DEFAULT",
    }
}

fn reference(target: &Reference) -> String {
    let mut sql = format!("REFERENCES {}", qualified(&target.table));
    if !target.columns.is_empty() {
        sql.push_str(&format!(" ({})", list(&target.columns)));
    }
    if target.match_full {
        sql.push_str(" MATCH FULL");
    }
    if let Some(on_delete) = target.on_delete {
        sql.push_str(&format!(" ON DELETE {}", action(on_delete)));
    }
    if let Some(on_update) = target.on_update {
        sql.push_str(&format!(" ON UPDATE {}", action(on_update)));
    }
    if target.deferrable {
        sql.push_str(" DEFERRABLE");
    }
    if target.deferred {
        sql.push_str(" INITIALLY DEFERRED");
    }
    sql
}

fn default(value: &Default) -> String {
    match value {
        Default::Str(text) => literal(text),
        Default::Number(number) => number.clone(),
        Default::Bool(flag) => flag.to_string(),
        Default::Null => "NULL".to_owned(),
        Default::Json(text) => literal(text),
        Default::Expr { expr, .. } => expr.sql.clone(),
    }
}

/// A default after a column's `DEFAULT`, where PostgreSQL takes fewer expressions than
/// after `SET DEFAULT`.
pub(crate) fn column_default(value: &Default) -> String {
    match value {
        Default::Expr {
            expr,
            parenthesize: true,
        } => format!("({})", expr.sql),
        value => default(value),
    }
}

fn column(column: &Column) -> String {
    let mut sql = format!("{} {}", name(&column.name), column.ty.sql);
    if let Some(collation) = &column.collation {
        sql.push_str(&format!(" COLLATE {}", qualified(collation)));
    }
    if let Some(generated) = &column.generated {
        sql.push_str(&generation(generated));
    }
    if column.primary_key.is_some() {
        sql.push_str(" PRIMARY KEY");
    }
    if column.not_null {
        sql.push_str(" NOT NULL");
    }
    if column.unique {
        sql.push_str(" UNIQUE");
    }
    if let Some(value) = &column.default {
        sql.push_str(&format!(" DEFAULT {}", column_default(value)));
    }
    if let Some(check) = &column.check {
        sql.push_str(&format!(" CHECK ({})", check.sql));
    }
    if let Some(target) = &column.references {
        if let Some(constraint) = &column.references_constraint {
            sql.push_str(&format!(" CONSTRAINT {}", name(constraint)));
        }
        sql.push(' ');
        sql.push_str(&reference(target));
    }
    sql
}

/// ` GENERATED … AS IDENTITY (…)` or ` GENERATED ALWAYS AS (…) STORED`.
fn generation(generated: &Generated) -> String {
    match generated {
        Generated::Identity { always, sequence } => {
            let mut sql = String::from(if *always {
                " GENERATED ALWAYS AS IDENTITY"
            } else {
                " GENERATED BY DEFAULT AS IDENTITY"
            });
            if !sequence.is_empty() {
                sql.push_str(&format!(" ({})", sequence.join(" ")));
            }
            sql
        }
        Generated::Stored(expression) => {
            format!(" GENERATED ALWAYS AS ({}) STORED", expression.sql)
        }
    }
}

/// The comments of new columns, and of the foreign keys they name.
fn column_comments(table: &QualifiedName, columns: &[Column]) -> Vec<Statement> {
    let mut statements = Vec::new();
    for column in columns {
        if let Some(comment) = &column.comment {
            statements.push(tx(format!(
                "COMMENT ON COLUMN {}.{} IS {}",
                qualified(table),
                name(&column.name),
                literal(&comment.value)
            )));
        }
        if let (Some(constraint), Some(comment)) =
            (&column.references_constraint, &column.references_comment)
        {
            statements.push(tx(format!(
                "COMMENT ON CONSTRAINT {} ON {} IS {}",
                name(constraint),
                qualified(table),
                literal(&comment.value)
            )));
        }
    }
    statements
}

/// `target [COLLATE c] [opclass] [ASC | DESC] [NULLS FIRST | LAST]`, PostgreSQL's order.
fn index_element(element: &IndexElement) -> String {
    let mut sql = match &element.target {
        IndexTarget::Column(column) => name(column),
        IndexTarget::Expr(expr) => format!("({})", expr.sql),
    };
    if let Some(collate) = &element.collate {
        sql.push_str(&format!(" COLLATE {}", qualified(collate)));
    }
    if let Some(opclass) = &element.opclass {
        sql.push_str(&format!(" {}", qualified(opclass)));
    }
    match element.sort {
        Some(SortOrder::Asc) => sql.push_str(" ASC"),
        Some(SortOrder::Desc) => sql.push_str(" DESC"),
        None => {}
    }
    match element.nulls {
        Some(NullsOrder::First) => sql.push_str(" NULLS FIRST"),
        Some(NullsOrder::Last) => sql.push_str(" NULLS LAST"),
        None => {}
    }
    sql
}

fn index(index: &Index) -> Statement {
    let elements: Vec<String> = index.elements.iter().map(index_element).collect();
    let mut sql = format!(
        "CREATE {}INDEX {}{}{} ON {}",
        if index.unique { "UNIQUE " } else { "" },
        if index.concurrently {
            "CONCURRENTLY "
        } else {
            ""
        },
        if index.if_not_exists {
            "IF NOT EXISTS "
        } else {
            ""
        },
        name(&index.name),
        qualified(&index.table)
    );
    if let Some(method) = &index.method {
        sql.push_str(&format!(" USING {method}"));
    }
    sql.push_str(&format!(" ({})", elements.join(", ")));
    if !index.include.is_empty() {
        sql.push_str(&format!(" INCLUDE ({})", list(&index.include)));
    }
    if index.nulls_not_distinct {
        sql.push_str(" NULLS NOT DISTINCT");
    }
    if let Some(predicate) = &index.predicate {
        sql.push_str(&format!(" WHERE {}", predicate.sql));
    }
    Statement {
        sql,
        transaction: !index.concurrently,
    }
}

/// Raw SQL as steps: sent as written, comments and all, as one step when every
/// statement may run in a transaction; else statement by statement.
fn raw(text: &str, statements: &[Statement]) -> Vec<Statement> {
    if statements.iter().all(|statement| statement.transaction) {
        vec![tx(text.trim().to_owned())]
    } else {
        statements.to_vec()
    }
}
