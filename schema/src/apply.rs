//! Replays SQL on the model, one statement at a time: the dispatch over every statement
//! squawk parses, and the statements too small for a module of their own (schemas,
//! extensions, functions, sequences).
//!
//! The rule every arm follows: the model must never make a later check refuse what
//! PostgreSQL accepts. A statement the model follows updates it exactly; one that names
//! objects the model cannot follow marks those names unknown; one whose effects cannot
//! be bounded makes the whole model opaque.

mod alter;
mod constraint;
mod drop;
mod extension;
mod index;
mod rename;
mod rules;
mod table;
mod typedef;
mod view;

use crate::model::{ObjectName, Schema, Sequence};
use crate::syntax::{child, children, has, ident, mentioned_names, object_name, text};
use squawk_syntax::ast::{self, AstNode};
use squawk_syntax::{SourceFile, SyntaxKind, SyntaxNode};

/// Follows every statement of `sql`. A statement with a syntax error is skipped and
/// makes the model opaque: PostgreSQL would refuse the migration, but the model cannot
/// tell what the author meant.
pub(crate) fn apply(schema: &mut Schema, sql: &str) {
    let parse = SourceFile::parse(sql);
    let errors: Vec<_> = parse.errors().iter().map(|error| error.range()).collect();
    let file = parse.tree();
    for statement in file.stmts() {
        let range = statement.syntax().text_range();
        if errors
            .iter()
            .any(|error| range.contains_range(*error) || error.start() == range.end())
        {
            schema.make_opaque();
            continue;
        }
        self::statement(schema, &statement);
        #[cfg(any(test, feature = "check-index"))]
        schema.check_constraint_names();
    }
    if !errors.is_empty() {
        schema.make_opaque();
    }
}

/// One statement. The match lists every statement kind, so a new squawk variant is a
/// compile error here rather than a silently ignored statement.
fn statement(schema: &mut Schema, statement: &ast::Stmt) {
    use ast::Stmt as S;
    let node = statement.syntax();
    rules::forget_after_cascade(schema, node);
    match statement {
        S::CreateTable(_) => table::create(schema, node),
        S::CreateTableAs(_) | S::SelectInto(_) => table::create_as(schema, node),
        S::AlterTable(_) => alter::alter_table(schema, node),
        S::DropTable(_) => drop::drop_tables(schema, node),
        S::CreateIndex(_) => index::create(schema, node),
        S::DropIndex(_) => index::drop(schema, node),
        S::AlterIndex(_) => index::alter(schema, node),
        S::CreateType(_) => typedef::create_type(schema, node),
        S::AlterType(_) => typedef::alter_type(schema, node),
        S::DropType(_) | S::DropDomain(_) => typedef::drop_types(schema, node),
        S::CreateDomain(_) => typedef::create_domain(schema, node),
        S::AlterDomain(_) => typedef::alter_domain(schema, node),
        S::CreateSequence(_) => create_sequence(schema, node),
        S::AlterSequence(_) => alter_sequence(schema, node),
        S::DropSequence(_) => drop::drop_sequences(schema, node),
        S::CreateView(_) | S::CreateMaterializedView(_) => view::create(schema, node),
        S::DropView(_) | S::DropMaterializedView(_) => drop::drop_views(schema, node),
        S::AlterView(_) | S::AlterMaterializedView(_) => view::alter(schema, node),
        S::CreateSchema(_) => create_schema(schema, node),
        S::CreatePolicy(_) | S::AlterPolicy(_) | S::DropPolicy(_) => rules::policy(schema, node),
        S::CreateTrigger(_) | S::AlterTrigger(_) | S::DropTrigger(_) => {
            rules::trigger(schema, node)
        }
        S::DropSchema(_) => drop::drop_schemas(schema, node),
        S::CreateExtension(_) => extension::create(schema, node),
        S::DropExtension(_) => extension::drop(schema, node),
        S::CreateFunction(_) | S::CreateProcedure(_) => {
            if let Some(name) = node
                .children()
                .find(|child| {
                    matches!(
                        child.kind(),
                        SyntaxKind::FUNCTION_NAME | SyntaxKind::PROCEDURE_NAME
                    )
                })
                .and_then(|name| object_name(&name))
            {
                schema.functions.insert(name);
            }
        }
        // Overloads are not told apart: dropping one `f` may leave another, so the name
        // becomes unknown rather than missing.
        S::DropFunction(_) | S::DropProcedure(_) | S::DropRoutine(_) => {
            for name in mentioned_names(node) {
                if schema.functions.remove(&name) {
                    schema.unknown.insert(name);
                }
            }
        }
        // Only the search path changes how later names resolve (`set_config` in a
        // `SELECT` included).
        S::Set(_)
        | S::AlterDatabase(_)
        | S::AlterRole(_)
        | S::AlterUser(_)
        | S::Select(_)
        | S::CompoundSelect(_)
        | S::ParenSelect(_) => {
            if text(node).to_ascii_lowercase().contains("search_path") {
                schema.make_opaque();
            }
        }
        // A renamed schema's contents move with it: both names' contents become unknown.
        S::AlterSchema(_) => {
            if has(node, SyntaxKind::SCHEMA_RENAME_TO) {
                for name in node.descendants().filter(|name| {
                    matches!(name.kind(), SyntaxKind::SCHEMA_REF | SyntaxKind::SCHEMA)
                }) {
                    schema
                        .unknown
                        .insert(ObjectName::new(Some(&ident(&name)), "*"));
                }
            }
        }
        S::ImportForeignSchema(_) => match child(node, SyntaxKind::SCHEMA_REF) {
            Some(target) => {
                schema
                    .unknown
                    .insert(ObjectName::new(Some(&ident(&target)), "*"));
            }
            None => schema.make_opaque(),
        },
        // Their effects cannot be bounded: code that runs (`DO`, `CALL`, `EXECUTE`, event
        // triggers that fire on later DDL), or changes to many objects at once.
        S::Do(_)
        | S::Call(_)
        | S::Execute(_)
        | S::DropOwned(_)
        | S::AlterExtension(_)
        | S::CreateEventTrigger(_)
        | S::AlterEventTrigger(_)
        | S::Explain(_)
        | S::Reassign(_)
        | S::AlterDefaultPrivileges(_) => {
            // `REASSIGN OWNED` and default privileges change no names; kept here so the
            // list of statements that change nothing stays exactly that.
            if !matches!(statement, S::Reassign(_) | S::AlterDefaultPrivileges(_)) {
                schema.make_opaque();
            }
        }
        // Relations the model does not keep (foreign tables, property graphs), and
        // renames of functions:
        // whatever they name becomes unknown. A `_RETURN` rule turns a table into a view.
        S::CreateForeignTable(_)
        | S::AlterForeignTable(_)
        | S::DropForeignTable(_)
        | S::AlterFunction(_)
        | S::AlterProcedure(_)
        | S::AlterRoutine(_)
        | S::CreatePropertyGraph(_)
        | S::AlterPropertyGraph(_)
        | S::DropPropertyGraph(_) => {
            for name in mentioned_names(node) {
                schema.unknown.insert(name);
            }
        }
        S::CreateRule(_) => {
            if text(node).to_ascii_lowercase().contains("_return") {
                for name in mentioned_names(node) {
                    schema.unknown.insert(name);
                }
            }
        }
        // No effect on tables, columns, constraints, indexes, types, sequences or views:
        // these objects live outside the relations' and types' namespaces (statistics,
        // rules, operators, text search, collations, casts, servers…) or outside the
        // schema (roles, databases, tablespaces, publications).
        S::AlterRule(_)
        | S::DropRule(_)
        | S::AlterAggregate(_)
        | S::CreateAggregate(_)
        | S::DropAggregate(_)
        | S::AlterCollation(_)
        | S::CreateCollation(_)
        | S::DropCollation(_)
        | S::AlterConversion(_)
        | S::CreateConversion(_)
        | S::DropConversion(_)
        | S::CreateCast(_)
        | S::DropCast(_)
        | S::CreateOperator(_)
        | S::AlterOperator(_)
        | S::DropOperator(_)
        | S::CreateOperatorClass(_)
        | S::AlterOperatorClass(_)
        | S::DropOperatorClass(_)
        | S::CreateOperatorFamily(_)
        | S::AlterOperatorFamily(_)
        | S::DropOperatorFamily(_)
        | S::CreateStatistics(_)
        | S::AlterStatistics(_)
        | S::DropStatistics(_)
        | S::CreateTextSearchConfiguration(_)
        | S::AlterTextSearchConfiguration(_)
        | S::DropTextSearchConfig(_)
        | S::CreateTextSearchDictionary(_)
        | S::AlterTextSearchDictionary(_)
        | S::DropTextSearchDict(_)
        | S::CreateTextSearchParser(_)
        | S::AlterTextSearchParser(_)
        | S::DropTextSearchParser(_)
        | S::CreateTextSearchTemplate(_)
        | S::AlterTextSearchTemplate(_)
        | S::DropTextSearchTemplate(_)
        | S::CreateTransform(_)
        | S::DropTransform(_)
        | S::CreateLanguage(_)
        | S::AlterLanguage(_)
        | S::DropLanguage(_)
        | S::CreateAccessMethod(_)
        | S::DropAccessMethod(_)
        | S::CreateForeignDataWrapper(_)
        | S::AlterForeignDataWrapper(_)
        | S::DropForeignDataWrapper(_)
        | S::CreateServer(_)
        | S::AlterServer(_)
        | S::DropServer(_)
        | S::AlterLargeObject(_)
        | S::Repack(_)
        | S::DropEventTrigger(_)
        | S::CommentOn(_)
        | S::Grant(_)
        | S::Revoke(_)
        | S::SecurityLabel(_)
        | S::Insert(_)
        | S::Update(_)
        | S::Delete(_)
        | S::Merge(_)
        | S::Values(_)
        | S::Table(_)
        | S::Copy(_)
        | S::Truncate(_)
        | S::Lock(_)
        | S::Analyze(_)
        | S::Vacuum(_)
        | S::Cluster(_)
        | S::Reindex(_)
        | S::Refresh(_)
        | S::Checkpoint(_)
        | S::Begin(_)
        | S::Commit(_)
        | S::Rollback(_)
        | S::SavepointCreate(_)
        | S::ReleaseSavepoint(_)
        | S::PrepareTransaction(_)
        | S::SetTransaction(_)
        | S::SetConstraints(_)
        | S::SetRole(_)
        | S::SetSessionAuth(_)
        | S::ResetRole(_)
        | S::ResetSessionAuth(_)
        | S::Reset(_)
        | S::Show(_)
        | S::Discard(_)
        | S::Prepare(_)
        | S::Deallocate(_)
        | S::Declare(_)
        | S::Fetch(_)
        | S::Move(_)
        | S::Close(_)
        | S::Listen(_)
        | S::Unlisten(_)
        | S::Notify(_)
        | S::Load(_)
        | S::CreateRole(_)
        | S::DropRole(_)
        | S::CreateUser(_)
        | S::DropUser(_)
        | S::CreateGroup(_)
        | S::AlterGroup(_)
        | S::DropGroup(_)
        | S::CreateDatabase(_)
        | S::DropDatabase(_)
        | S::CreateTablespace(_)
        | S::AlterTablespace(_)
        | S::DropTablespace(_)
        | S::AlterSystem(_)
        | S::CreatePublication(_)
        | S::AlterPublication(_)
        | S::DropPublication(_)
        | S::CreateSubscription(_)
        | S::AlterSubscription(_)
        | S::DropSubscription(_)
        | S::CreateUserMapping(_)
        | S::AlterUserMapping(_)
        | S::DropUserMapping(_)
        | S::EmptyStmt(_) => {}
    }
}

/// `CREATE SCHEMA [IF NOT EXISTS] name | AUTHORIZATION role [elements…]`. Elements
/// created inside the statement are not followed: the schema's contents become unknown.
fn create_schema(schema: &mut Schema, node: &SyntaxNode) {
    let name = node
        .descendants()
        .find(|name| matches!(name.kind(), SyntaxKind::SCHEMA | SyntaxKind::ROLE))
        .map(|name| ident(&name));
    let Some(name) = name else {
        schema.make_opaque();
        return;
    };
    let has_elements = node.children().any(|child| {
        !matches!(
            child.kind(),
            SyntaxKind::NAMED_SCHEMA | SyntaxKind::AUTHORIZATION_SCHEMA | SyntaxKind::IF_NOT_EXISTS
        )
    });
    if has_elements {
        schema.unknown.insert(ObjectName::new(Some(&name), "*"));
    }
    if name != crate::model::DEFAULT_SCHEMA {
        schema.schemas.insert(name);
    }
}

/// `CREATE SEQUENCE [IF NOT EXISTS] name [options… OWNED BY table.column]`.
fn create_sequence(schema: &mut Schema, node: &SyntaxNode) {
    let Some(name) = child(node, SyntaxKind::SEQUENCE).and_then(|name| object_name(&name)) else {
        schema.make_opaque();
        return;
    };
    if has(node, SyntaxKind::TEMP) {
        schema.unknown.insert(name);
        return;
    }
    if has(node, SyntaxKind::IF_NOT_EXISTS)
        && schema.relation_exists(&name) != crate::Lookup::Missing
    {
        return;
    }
    let owned_by = owned_by(node, &name.schema);
    schema.unknown.remove(&name);
    schema.sequences.insert(name, Sequence { owned_by });
}

/// `OWNED BY table.column` among a sequence's options (`None` for `OWNED BY NONE`).
fn owned_by(node: &SyntaxNode, default_schema: &str) -> Option<(ObjectName, String)> {
    let clause = children(node, SyntaxKind::OPTION_OWNED_BY).last()?;
    let column = child(&clause, SyntaxKind::QUALIFIED_COLUMN_NAME_REF)?;
    // `t.c` would read as schema `t`, name `c`: a column is always the last part.
    let segments: Vec<String> = column
        .descendants()
        .filter(|segment| segment.kind() == SyntaxKind::PATH_SEGMENT_REF)
        .map(|segment| crate::syntax::fold(&segment.text().to_string()))
        .collect();
    match segments.as_slice() {
        [table, column] => Some((ObjectName::new(Some(default_schema), table), column.clone())),
        [.., schema, table, column] => Some((ObjectName::new(Some(schema), table), column.clone())),
        _ => None,
    }
}

/// `ALTER SEQUENCE name …`: `OWNED BY`, `RENAME TO`, `SET SCHEMA` change the model;
/// the numbering options do not.
fn alter_sequence(schema: &mut Schema, node: &SyntaxNode) {
    let Some(name) = child(node, SyntaxKind::SEQUENCE_REF).and_then(|name| object_name(&name))
    else {
        schema.make_opaque();
        return;
    };
    if !schema.sequences.contains_key(&name) {
        for name in mentioned_names(node) {
            schema.unknown.insert(name);
        }
        return;
    }
    if child(node, SyntaxKind::OPTION_OWNED_BY).is_some() {
        let owned = owned_by(node, &name.schema);
        if let Some(sequence) = schema.sequences.get_mut(&name) {
            sequence.owned_by = owned;
        }
    }
    rename::rename_or_move(schema, node, &name);
}
