//! SQL generation: pure functions from the checked model to the steps that run, the
//! derived downs, and the checksum. Names and literals are quoted in exactly one place.

mod functions;
mod grants;
pub mod origin;
mod policies;
mod sequences;
mod views;

use crate::model::{
    Action, Column, Constraint, Default, DropOptions, Generated, Index, IndexElement, IndexTarget,
    Migration, Name, NullsOrder, Operation, OperationKind, QualifiedName, Reference, SortOrder,
    Statement, TypeDefinition, ValuePosition,
};
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

/// The statements that perform an operation.
pub fn forward(op: &Operation) -> Vec<Statement> {
    match &op.kind {
        OperationKind::Direct(direct) => direct.up.clone(),
        OperationKind::RenameConstraint { table, name, to } => {
            vec![rename_constraint(table, name, to)]
        }
        OperationKind::RenameIndex { name, to } => {
            vec![sequences::rename("INDEX", name, to, false)]
        }
        OperationKind::RenameSchema { name: schema, to } => vec![tx(format!(
            "ALTER SCHEMA {} RENAME TO {}",
            name(schema),
            name(to)
        ))],
        OperationKind::CreateRole(role) => vec![grants::create_role(role)],
        OperationKind::DropRole { name, if_exists } => vec![grants::drop_role(name, *if_exists)],
        OperationKind::RenameRole { name, to } => vec![grants::rename_role(name, to)],
        OperationKind::Grant(grant) => vec![grants::grant(grant)],
        OperationKind::CreatePolicy(policy) => vec![policies::create(policy)],
        OperationKind::DropPolicy {
            table,
            name,
            if_exists,
        } => vec![policies::drop(table, name, *if_exists)],
        OperationKind::RenamePolicy { table, name, to } => {
            vec![policies::rename(table, name, to)]
        }
        OperationKind::CreateSequence(sequence) => vec![sequences::create_sequence(sequence)],
        OperationKind::AlterSequence(sequence) => vec![sequences::alter_sequence(sequence)],
        OperationKind::DropSequence { name, drop } => {
            vec![sequences::drop("SEQUENCE", name, *drop)]
        }
        OperationKind::RenameSequence { name, to } => {
            vec![sequences::rename("SEQUENCE", name, to, false)]
        }
        OperationKind::CreateDomain(domain) => vec![sequences::create_domain(domain)],
        OperationKind::DropDomain { name, drop } => vec![sequences::drop("DOMAIN", name, *drop)],
        OperationKind::RenameDomain { name, to } => {
            vec![sequences::rename("DOMAIN", name, to, false)]
        }
        OperationKind::RenameType { name, to } => vec![sequences::rename("TYPE", name, to, false)],
        OperationKind::CreateFunction(function) => vec![functions::create(function)],
        OperationKind::DropFunction { name, params, drop } => {
            vec![functions::drop(name, params, *drop)]
        }
        OperationKind::RenameFunction { name, params, to } => {
            vec![functions::rename(name, params, to)]
        }
        OperationKind::CreateTrigger(trigger) => functions::create_trigger(trigger),
        OperationKind::DropTrigger { table, name, drop } => {
            vec![functions::drop_trigger(table, name, *drop)]
        }
        OperationKind::RenameTrigger { table, name, to } => {
            vec![functions::rename_trigger(table, name, to)]
        }
        OperationKind::CreateView(view) => vec![views::create(view)],
        OperationKind::DropView {
            name,
            materialized,
            drop,
        } => vec![views::drop(name, *materialized, *drop)],
        OperationKind::RenameView {
            name,
            materialized,
            to,
        } => vec![views::rename(name, *materialized, to)],
        OperationKind::RefreshMaterializedView {
            name,
            concurrently,
            data,
        } => vec![views::refresh(name, *concurrently, *data)],
        OperationKind::Sql {
            text, statements, ..
        } => raw(text, statements),
        OperationKind::CreateTable {
            table,
            columns,
            constraints,
            if_not_exists,
            inherits,
            comment,
            persistence,
            like,
        } => {
            let mut lines: Vec<String> = like.iter().cloned().collect();
            lines.extend(columns.iter().map(column));
            if let Some((key, _)) = &constraints.primary_key {
                lines.push(format!("PRIMARY KEY ({})", list(key)));
            }
            for unique in &constraints.unique {
                lines.push(format!("UNIQUE ({})", list(unique)));
            }
            for check in &constraints.checks {
                lines.push(format!("CHECK ({})", check.sql));
            }
            for fk in &constraints.foreign_keys {
                let constraint = fk
                    .name
                    .as_ref()
                    .map(|fk_name| format!("CONSTRAINT {} ", name(fk_name)))
                    .unwrap_or_default();
                lines.push(format!(
                    "{constraint}FOREIGN KEY ({}) {}",
                    list(&fk.columns),
                    reference(&fk.references)
                ));
            }
            let mut sql = format!(
                "CREATE {}TABLE {}{} (\n  {}\n)",
                persistence
                    .map(|persistence| format!("{persistence} "))
                    .unwrap_or_default(),
                if *if_not_exists { "IF NOT EXISTS " } else { "" },
                qualified(table),
                lines.join(",\n  ")
            );
            if let Some(parent) = inherits {
                sql.push_str(&format!(" INHERITS ({})", qualified(parent)));
            }
            let mut statements = vec![tx(sql)];
            if let Some(comment) = comment {
                statements.push(tx(format!(
                    "COMMENT ON TABLE {} IS {}",
                    qualified(table),
                    literal(&comment.value)
                )));
            }
            statements.extend(column_comments(table, columns));
            statements
        }
        OperationKind::DropTable { table, drop } => vec![tx(format!(
            "DROP TABLE {}{}{}",
            if_exists(*drop),
            qualified(table),
            drop_suffix(*drop)
        ))],
        OperationKind::RenameTable { table, to } => vec![tx(format!(
            "ALTER TABLE {} RENAME TO {}",
            qualified(table),
            name(to)
        ))],
        OperationKind::AddColumns {
            table,
            columns,
            if_not_exists,
        } => {
            let adds: Vec<String> = columns
                .iter()
                .map(|definition| {
                    format!(
                        "ADD COLUMN {}{}",
                        if *if_not_exists { "IF NOT EXISTS " } else { "" },
                        column(definition)
                    )
                })
                .collect();
            let mut statements = vec![alter_table(table, &adds)];
            statements.extend(column_comments(table, columns));
            statements
        }
        OperationKind::DropColumns {
            table,
            columns,
            drop,
        } => {
            let drops: Vec<String> = columns
                .iter()
                .map(|column| {
                    format!(
                        "DROP COLUMN {}{}{}",
                        if_exists(*drop),
                        name(column),
                        drop_suffix(*drop)
                    )
                })
                .collect();
            vec![alter_table(table, &drops)]
        }
        OperationKind::RenameColumn { table, from, to } => vec![rename_column(table, from, to)],
        OperationKind::AlterColumn {
            table,
            column,
            ty,
            using,
            default: new_default,
            not_null,
            collation,
            identity,
            comment,
        } => {
            let target = name(column);
            let mut actions = Vec::new();
            if let Some(ty) = ty {
                let collation = collation
                    .as_ref()
                    .map(|collation| format!(" COLLATE {}", qualified(collation)))
                    .unwrap_or_default();
                let using = using
                    .as_ref()
                    .map(|expr| format!(" USING {}", expr.sql))
                    .unwrap_or_default();
                actions.push(format!(
                    "ALTER COLUMN {target} TYPE {}{collation}{using}",
                    ty.sql
                ));
            }
            match new_default {
                Some(Default::Null) => actions.push(format!("ALTER COLUMN {target} DROP DEFAULT")),
                Some(value) => actions.push(format!(
                    "ALTER COLUMN {target} SET DEFAULT {}",
                    default(value)
                )),
                None => {}
            }
            match not_null {
                Some(true) => actions.push(format!("ALTER COLUMN {target} SET NOT NULL")),
                Some(false) => actions.push(format!("ALTER COLUMN {target} DROP NOT NULL")),
                None => {}
            }
            match identity {
                Some(Some(generated)) => {
                    actions.push(format!(
                        "ALTER COLUMN {target} ADD{}",
                        generation(generated)
                    ));
                }
                Some(None) => actions.push(format!("ALTER COLUMN {target} DROP IDENTITY")),
                None => {}
            }
            let mut statements = Vec::new();
            if !actions.is_empty() {
                statements.push(alter_table(table, &actions));
            }
            if let Some(comment) = comment {
                statements.push(tx(format!(
                    "COMMENT ON COLUMN {}.{target} IS {}",
                    qualified(table),
                    comment
                        .as_ref()
                        .map_or("NULL".to_owned(), |comment| literal(&comment.value))
                )));
            }
            statements
        }
        OperationKind::AddConstraint {
            table,
            name: constraint_name,
            constraint,
            not_valid,
        } => {
            let body = match constraint {
                Constraint::Check(expr) => format!("CHECK ({})", expr.sql),
                Constraint::Unique(columns) => format!("UNIQUE ({})", list(columns)),
                Constraint::PrimaryKey(columns) => format!("PRIMARY KEY ({})", list(columns)),
                Constraint::ForeignKey {
                    columns,
                    references,
                } => format!("FOREIGN KEY ({}) {}", list(columns), reference(references)),
                Constraint::Sql(sql) => sql.sql.clone(),
            };
            vec![tx(format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {body}{}",
                qualified(table),
                name(constraint_name),
                if *not_valid { " NOT VALID" } else { "" }
            ))]
        }
        OperationKind::DropConstraint {
            table,
            name: constraint_name,
            drop,
            table_if_exists,
        } => vec![tx(format!(
            "ALTER TABLE {}{} DROP CONSTRAINT {}{}{}",
            if *table_if_exists { "IF EXISTS " } else { "" },
            qualified(table),
            if_exists(*drop),
            name(constraint_name),
            drop_suffix(*drop)
        ))],
        OperationKind::ValidateConstraint {
            table,
            name: constraint_name,
        } => vec![tx(format!(
            "ALTER TABLE {} VALIDATE CONSTRAINT {}",
            qualified(table),
            name(constraint_name)
        ))],
        OperationKind::CreateIndex(definition) => vec![index(definition)],
        OperationKind::DropIndex {
            index: index_name,
            concurrently,
            drop,
        } => vec![Statement {
            sql: format!(
                "DROP INDEX {}{}{}{}",
                if *concurrently { "CONCURRENTLY " } else { "" },
                if_exists(*drop),
                qualified(index_name),
                drop_suffix(*drop)
            ),
            transaction: !concurrently,
        }],
        OperationKind::CreateType {
            name: type_name,
            definition: TypeDefinition::Enum(values),
        } => vec![tx(format!(
            "CREATE TYPE {} AS ENUM ({})",
            qualified(type_name),
            values
                .iter()
                .map(|value| literal(&value.value))
                .collect::<Vec<_>>()
                .join(", ")
        ))],
        OperationKind::CreateType {
            name: type_name,
            definition: TypeDefinition::Composite(attributes),
        } => vec![tx(format!(
            "CREATE TYPE {} AS ({})",
            qualified(type_name),
            attributes
                .iter()
                .map(|(attribute, ty)| format!("{} {}", name(attribute), ty.sql))
                .collect::<Vec<_>>()
                .join(", ")
        ))],
        OperationKind::DropType {
            name: type_name,
            drop,
        } => vec![tx(format!(
            "DROP TYPE {}{}{}",
            if_exists(*drop),
            qualified(type_name),
            drop_suffix(*drop)
        ))],
        OperationKind::AddTypeValue {
            name: type_name,
            value,
            position,
            if_not_exists,
        } => {
            let position = match position {
                Some(ValuePosition::Before(other)) => format!(" BEFORE {}", literal(&other.value)),
                Some(ValuePosition::After(other)) => format!(" AFTER {}", literal(&other.value)),
                None => String::new(),
            };
            vec![tx(format!(
                "ALTER TYPE {} ADD VALUE {}{}{position}",
                qualified(type_name),
                if *if_not_exists { "IF NOT EXISTS " } else { "" },
                literal(&value.value)
            ))]
        }
        OperationKind::CreateExtension {
            name: extension,
            if_not_exists,
            schema,
        } => vec![tx(format!(
            "CREATE EXTENSION {}{}{}",
            if *if_not_exists { "IF NOT EXISTS " } else { "" },
            ident(&extension.value),
            schema
                .as_ref()
                .map(|schema| format!(" SCHEMA {}", name(schema)))
                .unwrap_or_default()
        ))],
        OperationKind::DropExtension {
            name: extension,
            drop,
        } => vec![tx(format!(
            "DROP EXTENSION {}{}{}",
            if_exists(*drop),
            ident(&extension.value),
            drop_suffix(*drop)
        ))],
        OperationKind::CreateSchema {
            name: schema,
            if_not_exists,
            authorization,
        } => vec![tx(format!(
            "CREATE SCHEMA {}{}{}",
            if *if_not_exists { "IF NOT EXISTS " } else { "" },
            name(schema),
            authorization
                .as_ref()
                .map(|role| format!(" AUTHORIZATION {role}"))
                .unwrap_or_default()
        ))],
        OperationKind::DropSchema { name: schema, drop } => vec![tx(format!(
            "DROP SCHEMA {}{}{}",
            if_exists(*drop),
            name(schema),
            drop_suffix(*drop)
        ))],
    }
}

/// The statements that undo an operation, or `None` when it cannot be undone
/// automatically (its prior state is unknown, or PostgreSQL cannot undo it). With
/// `ifNotExists` the object may have existed before, and dropping it would lose it.
pub(crate) fn inverse(op: &Operation) -> Option<Vec<Statement>> {
    if if_not_exists(op) {
        return None;
    }
    let in_schema_of = |table: &QualifiedName, renamed: &Name| QualifiedName {
        schema: table.schema.clone(),
        name: renamed.clone(),
    };
    Some(match &op.kind {
        OperationKind::Sql {
            down: Some(down), ..
        } => raw(&down.text, &down.statements),
        OperationKind::Direct(direct) => direct.down.clone()?,
        OperationKind::CreateView(view) => views::create_inverse(view)?,
        OperationKind::CreatePolicy(policy) => {
            vec![policies::drop(&policy.table, &policy.name, false)]
        }
        OperationKind::CreateRole(role) => vec![grants::drop_role(&role.name, false)],
        OperationKind::RenameConstraint { table, name, to } => {
            vec![rename_constraint(table, to, name)]
        }
        OperationKind::RenameIndex { name, to } => vec![sequences::rename("INDEX", name, to, true)],
        OperationKind::RenameSchema { name: schema, to } => vec![tx(format!(
            "ALTER SCHEMA {} RENAME TO {}",
            name(to),
            name(schema)
        ))],
        OperationKind::RenameRole { name, to } => vec![grants::rename_role(to, name)],
        OperationKind::Grant(grant) => vec![grants::grant_inverse(grant)],
        OperationKind::RenamePolicy { table, name, to } => {
            vec![policies::rename(table, to, name)]
        }
        OperationKind::CreateSequence(sequence) => vec![sequences::drop(
            "SEQUENCE",
            &sequence.name,
            DropOptions::default(),
        )],
        OperationKind::RenameSequence { name, to } => {
            vec![sequences::rename("SEQUENCE", name, to, true)]
        }
        OperationKind::CreateDomain(domain) => vec![sequences::drop(
            "DOMAIN",
            &domain.name,
            DropOptions::default(),
        )],
        OperationKind::RenameDomain { name, to } => {
            vec![sequences::rename("DOMAIN", name, to, true)]
        }
        OperationKind::RenameType { name, to } => vec![sequences::rename("TYPE", name, to, true)],
        OperationKind::CreateFunction(function) => vec![functions::create_inverse(function)?],
        OperationKind::RenameFunction { name, params, to } => {
            vec![functions::rename_inverse(name, params, to)]
        }
        OperationKind::CreateTrigger(trigger) => functions::create_trigger_inverse(trigger),
        OperationKind::RenameTrigger { table, name, to } => {
            vec![functions::rename_trigger(table, to, name)]
        }
        OperationKind::RenameView {
            name,
            materialized,
            to,
        } => vec![views::rename_inverse(name, *materialized, to)],
        // A refresh changes no schema: nothing to undo.
        OperationKind::RefreshMaterializedView { .. } => Vec::new(),
        // A temporary table may be gone with its session: the down drops it if it is
        // still there, in the session's own schema only.
        OperationKind::CreateTable {
            table,
            persistence: Some("TEMPORARY"),
            ..
        } => vec![tx(format!(
            "DROP TABLE IF EXISTS pg_temp.{}",
            name(&table.name)
        ))],
        OperationKind::CreateTable { table, .. } => {
            vec![tx(format!("DROP TABLE {}", qualified(table)))]
        }
        OperationKind::RenameTable { table, to } => vec![tx(format!(
            "ALTER TABLE {} RENAME TO {}",
            qualified(&in_schema_of(table, to)),
            name(&table.name)
        ))],
        OperationKind::AddColumns { table, columns, .. } => {
            let drops: Vec<String> = columns
                .iter()
                .rev()
                .map(|column| format!("DROP COLUMN {}", name(&column.name)))
                .collect();
            vec![alter_table(table, &drops)]
        }
        OperationKind::RenameColumn { table, from, to } => vec![rename_column(table, to, from)],
        OperationKind::AddConstraint {
            table,
            name: constraint_name,
            ..
        } => vec![tx(format!(
            "ALTER TABLE {} DROP CONSTRAINT {}",
            qualified(table),
            name(constraint_name)
        ))],
        // Validating changes no schema; there is nothing to undo.
        OperationKind::ValidateConstraint { .. } => Vec::new(),
        OperationKind::CreateIndex(definition) => vec![Statement {
            sql: format!(
                "DROP INDEX {}IF EXISTS {}",
                if definition.concurrently {
                    "CONCURRENTLY "
                } else {
                    ""
                },
                qualified(&in_schema_of(&definition.table, &definition.name))
            ),
            transaction: !definition.concurrently,
        }],
        OperationKind::CreateType {
            name: type_name, ..
        } => {
            vec![tx(format!("DROP TYPE {}", qualified(type_name)))]
        }
        OperationKind::CreateExtension {
            name: extension, ..
        } => {
            vec![tx(format!("DROP EXTENSION {}", ident(&extension.value)))]
        }
        OperationKind::CreateSchema { name: schema, .. } => {
            vec![tx(format!("DROP SCHEMA {}", name(schema)))]
        }
        OperationKind::Sql { .. }
        | OperationKind::DropView { .. }
        | OperationKind::DropPolicy { .. }
        | OperationKind::DropRole { .. }
        | OperationKind::AlterSequence(_)
        | OperationKind::DropSequence { .. }
        | OperationKind::DropDomain { .. }
        | OperationKind::DropFunction { .. }
        | OperationKind::DropTrigger { .. }
        | OperationKind::DropTable { .. }
        | OperationKind::DropColumns { .. }
        | OperationKind::AlterColumn { .. }
        | OperationKind::DropConstraint { .. }
        | OperationKind::DropIndex { .. }
        | OperationKind::DropType { .. }
        | OperationKind::AddTypeValue { .. }
        | OperationKind::DropExtension { .. }
        | OperationKind::DropSchema { .. } => return None,
    })
}
