//! The SQL of function and trigger operations, and their derived downs.

use super::{drop_suffix, if_exists, name, qualified, tx};
use crate::model::{DropOptions, Function, Name, Param, QualifiedName, Statement, Trigger};

/// `(a integer, OUT b text DEFAULT 1)`: the parameters as a definition.
fn definition_params(params: &[Param]) -> String {
    let params: Vec<String> = params
        .iter()
        .map(|param| {
            let mut text = String::new();
            if let Some(mode) = param.mode {
                text.push_str(&mode.to_uppercase());
                text.push(' ');
            }
            if let Some(param_name) = &param.name {
                text.push_str(&name(param_name));
                text.push(' ');
            }
            text.push_str(&param.ty.sql);
            if let Some(default) = &param.default {
                text.push_str(&format!(" DEFAULT {}", default.sql));
            }
            text
        })
        .collect();
    format!("({})", params.join(", "))
}

/// `(integer, text)`: the types that identify the function (`OUT` parameters do not).
fn signature(params: &[Param]) -> String {
    let types: Vec<&str> = params
        .iter()
        .filter(|param| param.mode != Some("out"))
        .map(|param| param.ty.sql.as_str())
        .collect();
    format!("({})", types.join(", "))
}

/// A dollar-quote tag that does not occur in `body`.
fn dollar_tag(body: &str) -> String {
    let mut tag = "$body$".to_owned();
    let mut number = 1;
    while body.contains(&tag) {
        tag = format!("$body{number}$");
        number += 1;
    }
    tag
}

pub(super) fn create(function: &Function) -> Statement {
    let outputs = function
        .params
        .iter()
        .any(|param| matches!(param.mode, Some("out" | "inout")));
    let returns = match (&function.returns, outputs) {
        (Some(returns), _) => format!("\nRETURNS {returns}"),
        // What the OUT parameters make.
        (None, true) => String::new(),
        (None, false) => "\nRETURNS void".to_owned(),
    };
    let mut sql = format!(
        "CREATE {}FUNCTION {}{}{returns}\nLANGUAGE {}",
        if function.replace { "OR REPLACE " } else { "" },
        qualified(&function.name),
        definition_params(&function.params),
        super::ident(&function.language)
    );
    if function.window {
        sql.push_str("\nWINDOW");
    }
    if let Some(behavior) = function.behavior {
        sql.push_str(&format!("\n{}", behavior.to_uppercase()));
    }
    match function.on_null {
        Some(true) => sql.push_str("\nRETURNS NULL ON NULL INPUT"),
        Some(false) => sql.push_str("\nCALLED ON NULL INPUT"),
        None => {}
    }
    if let Some(security) = function.security {
        sql.push_str(&format!("\nSECURITY {}", security.to_uppercase()));
    }
    if let Some(parallel) = function.parallel {
        sql.push_str(&format!("\nPARALLEL {}", parallel.to_uppercase()));
    }
    let tag = dollar_tag(&function.definition);
    sql.push_str(&format!("\nAS {tag}{}{tag}", function.definition));
    tx(sql)
}

/// None for `OR REPLACE`: the earlier definition is not known here.
pub(super) fn create_inverse(function: &Function) -> Option<Statement> {
    (!function.replace).then(|| drop(&function.name, &function.params, DropOptions::default()))
}

pub(super) fn drop(function: &QualifiedName, params: &[Param], drop: DropOptions) -> Statement {
    tx(format!(
        "DROP FUNCTION {}{}{}{}",
        if_exists(drop),
        qualified(function),
        signature(params),
        drop_suffix(drop)
    ))
}

pub(super) fn rename(function: &QualifiedName, params: &[Param], to: &Name) -> Statement {
    tx(format!(
        "ALTER FUNCTION {}{} RENAME TO {}",
        qualified(function),
        signature(params),
        name(to)
    ))
}

pub(super) fn rename_inverse(function: &QualifiedName, params: &[Param], to: &Name) -> Statement {
    let renamed = QualifiedName {
        schema: function.schema.clone(),
        name: to.clone(),
    };
    rename(&renamed, params, &function.name)
}

/// The inline function first, if any, then the trigger.
pub(super) fn create_trigger(trigger: &Trigger) -> Vec<Statement> {
    let mut statements: Vec<Statement> = trigger.inline.iter().map(create).collect();
    let mut sql = format!(
        "CREATE {}TRIGGER {} {} {} ON {}",
        if trigger.constraint {
            "CONSTRAINT "
        } else {
            ""
        },
        name(&trigger.name),
        trigger.when.to_uppercase(),
        trigger
            .operations
            .iter()
            .map(|operation| operation.to_uppercase())
            .collect::<Vec<_>>()
            .join(" OR "),
        qualified(&trigger.table)
    );
    if trigger.deferrable {
        sql.push_str(" DEFERRABLE");
    }
    if trigger.deferred {
        sql.push_str(" INITIALLY DEFERRED");
    }
    sql.push_str(&format!(" FOR EACH {}", trigger.level.to_uppercase()));
    if let Some(condition) = &trigger.condition {
        sql.push_str(&format!(" WHEN ({})", condition.sql));
    }
    sql.push_str(&format!(
        " EXECUTE FUNCTION {}({})",
        qualified(&trigger.function),
        trigger.function_params.join(", ")
    ));
    statements.push(tx(sql));
    statements
}

/// The trigger dropped, then its inline function.
pub(super) fn create_trigger_inverse(trigger: &Trigger) -> Vec<Statement> {
    let mut statements = vec![drop_trigger(
        &trigger.table,
        &trigger.name,
        DropOptions::default(),
    )];
    statements.extend(
        trigger
            .inline
            .iter()
            .map(|function| drop(&function.name, &[], DropOptions::default())),
    );
    statements
}

pub(super) fn drop_trigger(table: &QualifiedName, trigger: &Name, drop: DropOptions) -> Statement {
    tx(format!(
        "DROP TRIGGER {}{} ON {}{}",
        if_exists(drop),
        name(trigger),
        qualified(table),
        drop_suffix(drop)
    ))
}

pub(super) fn rename_trigger(table: &QualifiedName, trigger: &Name, to: &Name) -> Statement {
    tx(format!(
        "ALTER TRIGGER {} ON {} RENAME TO {}",
        name(trigger),
        qualified(table),
        name(to)
    ))
}
