//! The SQL of view operations, and their derived downs.

use super::{drop_suffix, if_exists, list, name, qualified, tx};
use crate::model::{DropOptions, Name, QualifiedName, Statement, View};

/// `VIEW` or `MATERIALIZED VIEW`.
fn kind(materialized: bool) -> &'static str {
    if materialized {
        "MATERIALIZED VIEW"
    } else {
        "VIEW"
    }
}

/// ` WITH DATA`, ` WITH NO DATA`, or nothing.
fn data(data: Option<bool>) -> &'static str {
    match data {
        Some(true) => " WITH DATA",
        Some(false) => " WITH NO DATA",
        None => "",
    }
}

pub(super) fn create(view: &View) -> Statement {
    let mut sql = String::from("CREATE ");
    if view.replace {
        sql.push_str("OR REPLACE ");
    }
    if view.temporary {
        sql.push_str("TEMPORARY ");
    }
    if view.recursive {
        sql.push_str("RECURSIVE ");
    }
    sql.push_str(kind(view.materialized));
    if view.if_not_exists {
        sql.push_str(" IF NOT EXISTS");
    }
    sql.push(' ');
    sql.push_str(&qualified(&view.name));
    if !view.columns.is_empty() {
        sql.push_str(&format!(" ({})", list(&view.columns)));
    }
    if !view.parameters.is_empty() {
        sql.push_str(&format!(" WITH ({})", view.parameters.join(", ")));
    }
    if let Some(tablespace) = &view.tablespace {
        sql.push_str(&format!(" TABLESPACE {}", name(tablespace)));
    }
    sql.push_str(" AS\n");
    sql.push_str(&view.definition.sql);
    // On a line of its own: the query may end in a `--` comment.
    if let Some(check) = &view.check_option {
        sql.push_str(&format!("\nWITH {} CHECK OPTION", check.to_uppercase()));
    }
    if view.data.is_some() {
        sql.push('\n');
        sql.push_str(data(view.data).trim_start());
    }
    tx(sql)
}

/// The derived down of a creation: none for `OR REPLACE`, whose earlier definition is
/// not known here (nor for `IF NOT EXISTS`, handled by the caller).
pub(super) fn create_inverse(view: &View) -> Option<Vec<Statement>> {
    (!view.replace).then(|| {
        vec![tx(format!(
            "DROP {} {}",
            kind(view.materialized),
            qualified(&view.name)
        ))]
    })
}

pub(super) fn drop(name: &QualifiedName, materialized: bool, drop: DropOptions) -> Statement {
    tx(format!(
        "DROP {} {}{}{}",
        kind(materialized),
        if_exists(drop),
        qualified(name),
        drop_suffix(drop)
    ))
}

pub(super) fn rename(name: &QualifiedName, materialized: bool, to: &Name) -> Statement {
    tx(format!(
        "ALTER {} {} RENAME TO {}",
        kind(materialized),
        qualified(name),
        super::name(to)
    ))
}

pub(super) fn rename_inverse(view: &QualifiedName, materialized: bool, to: &Name) -> Statement {
    let renamed = QualifiedName {
        schema: view.schema.clone(),
        name: to.clone(),
    };
    tx(format!(
        "ALTER {} {} RENAME TO {}",
        kind(materialized),
        qualified(&renamed),
        name(&view.name)
    ))
}

pub(super) fn refresh(view: &QualifiedName, concurrently: bool, with: Option<bool>) -> Statement {
    tx(format!(
        "REFRESH MATERIALIZED VIEW {}{}{}",
        if concurrently { "CONCURRENTLY " } else { "" },
        qualified(view),
        data(with)
    ))
}
