//! The statements that perform each operation.

use super::{
    alter_table, column, column_comments, default, drop_suffix, functions, generation, grants,
    ident, if_exists, index, list, literal, name, policies, qualified, raw, reference,
    rename_column, rename_constraint, sequences, tx, views,
};
use crate::model::{
    Constraint, Default, Operation, OperationKind, Statement, TypeDefinition, ValuePosition,
};

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
