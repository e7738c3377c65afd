//! The derived down of each operation: the statements that undo it, when they can be
//! known.

use super::{
    alter_table, functions, grants, ident, if_not_exists, name, policies, qualified, raw,
    rename_column, rename_constraint, sequences, tx, views,
};
use crate::model::{DropOptions, Name, Operation, OperationKind, QualifiedName, Statement};

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
