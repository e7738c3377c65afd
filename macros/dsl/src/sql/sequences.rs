//! The SQL of sequence, domain and type-rename operations, and their derived downs.

use super::{column_default, drop_suffix, if_exists, name, qualified, tx};
use crate::model::{Domain, DropOptions, Name, QualifiedName, Sequence, Statement};

pub(super) fn create_sequence(sequence: &Sequence) -> Statement {
    let mut sql = format!(
        "CREATE {}SEQUENCE {}{}",
        if sequence.temporary { "TEMPORARY " } else { "" },
        if sequence.if_not_exists {
            "IF NOT EXISTS "
        } else {
            ""
        },
        qualified(&sequence.name)
    );
    push_options(&mut sql, sequence);
    tx(sql)
}

pub(super) fn alter_sequence(sequence: &Sequence) -> Statement {
    let mut sql = format!("ALTER SEQUENCE {}", qualified(&sequence.name));
    push_options(&mut sql, sequence);
    tx(sql)
}

fn push_options(sql: &mut String, sequence: &Sequence) {
    if let Some(ty) = &sequence.ty {
        sql.push_str(&format!(" AS {}", ty.sql));
    }
    for option in &sequence.options {
        sql.push(' ');
        sql.push_str(option);
    }
}

pub(super) fn create_domain(domain: &Domain) -> Statement {
    let mut sql = format!(
        "CREATE DOMAIN {} AS {}",
        qualified(&domain.name),
        domain.ty.sql
    );
    if let Some(collation) = &domain.collation {
        sql.push_str(&format!(" COLLATE {}", qualified(collation)));
    }
    if let Some(default) = &domain.default {
        sql.push_str(&format!(" DEFAULT {}", column_default(default)));
    }
    if domain.not_null {
        sql.push_str(" NOT NULL");
    }
    if let Some((constraint, check)) = &domain.check {
        if let Some(constraint) = constraint {
            sql.push_str(&format!(" CONSTRAINT {}", name(constraint)));
        }
        sql.push_str(&format!(" CHECK ({})", check.sql));
    }
    tx(sql)
}

/// `DROP DOMAIN`, `DROP SEQUENCE`, `DROP TYPE`: `kind` is the keyword.
pub(super) fn drop(kind: &str, object: &QualifiedName, drop: DropOptions) -> Statement {
    tx(format!(
        "DROP {kind} {}{}{}",
        if_exists(drop),
        qualified(object),
        drop_suffix(drop)
    ))
}

/// `ALTER DOMAIN|SEQUENCE|TYPE … RENAME TO …`; `back` renames it back, for the
/// derived down.
pub(super) fn rename(kind: &str, object: &QualifiedName, to: &Name, back: bool) -> Statement {
    let renamed = QualifiedName {
        schema: object.schema.clone(),
        name: to.clone(),
    };
    let (from, to) = if back {
        (&renamed, &object.name)
    } else {
        (object, to)
    };
    tx(format!(
        "ALTER {kind} {} RENAME TO {}",
        qualified(from),
        name(to)
    ))
}
