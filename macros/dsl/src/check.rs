//! Checks: lowers every operation, then applies the rules that span the whole
//! migration. One function per rule; every error is collected.

use crate::ast::{self, SectionKind};
use crate::lower;
use crate::model::{Migration, Operation};
use crate::sql;
use crate::value::{Errors, KnownTypes};

/// Interprets and checks a parsed migration. `known_types` are types created by other
/// migrations of the build (the `db` build script passes them on).
pub(crate) fn check(migration: &ast::Migration, known_types: &[String]) -> syn::Result<Migration> {
    let mut errors = Errors::default();
    one_up(migration, &mut errors);
    some_up(migration, &mut errors);
    one_down(migration, &mut errors);
    no_empty_down(migration, &mut errors);
    noop_alone(migration, &mut errors);
    irreversible_marker(migration, &mut errors);
    let mut known = KnownTypes::new(known_types);
    let lock_timeout_ms = settings(migration, &mut errors);
    let up: Vec<Operation> = migration
        .up
        .iter()
        .flat_map(|section| &section.operations)
        .filter(|op| op.name != "lockTimeout" && op.name != "allow")
        .filter_map(|op| lower::operation(op, &mut known, &mut errors))
        .collect();
    let down: Option<Vec<Operation>> = migration.down.first().map(|section| {
        section
            .operations
            .iter()
            .filter_map(|op| lower::operation(op, &mut known, &mut errors))
            .collect()
    });
    let checked = Migration {
        up,
        down,
        irreversible: !migration.irreversible.is_empty(),
        lock_timeout_ms,
        allow: allowed_rules(migration, &mut errors),
    };
    if errors.is_empty() {
        reversible(&checked, &mut errors);
    }
    errors.finish()?;
    Ok(checked)
}

/// `allow("rule", …);` silences lint rules for the whole migration, for a hazard the
/// team accepts here (a drop on purpose, an index on a table known to be small). Like
/// `lockTimeout`, it is written among the up operations.
fn allowed_rules(migration: &ast::Migration, errors: &mut Errors) -> Vec<crate::model::Text> {
    let mut rules = Vec::new();
    for op in migration.up.iter().flat_map(|section| &section.operations) {
        if op.name != "allow" {
            continue;
        }
        if op.args.is_empty() {
            errors.push(
                op.args_span,
                "`allow` takes the names of lint rules, such as `allow(\"ban-drop-column\")`",
            );
        }
        rules.extend(
            op.args
                .iter()
                .filter_map(|arg| crate::value::string(arg, "a rule name", errors)),
        );
    }
    for op in migration
        .down
        .iter()
        .flat_map(|section| &section.operations)
    {
        if op.name == "allow" {
            errors.push(
                op.span,
                "`allow` applies to the whole migration; write it among the up operations",
            );
        }
    }
    rules
}

/// `lockTimeout("30s");` overrides the runner's `lock_timeout` for this migration, for
/// a statement known to need a longer wait (or `"0"` for none). It is a setting of the
/// whole migration, so it is written once, among the up operations.
fn settings(migration: &ast::Migration, errors: &mut Errors) -> Option<u64> {
    let mut found = None;
    for op in migration.up.iter().flat_map(|section| &section.operations) {
        if op.name != "lockTimeout" {
            continue;
        }
        if found.is_some() {
            errors.push(op.span, "duplicate `lockTimeout`; a migration has one");
            continue;
        }
        match op.args.as_slice() {
            [value] => match &value.kind {
                ast::ValueKind::Str(text) => match parse_duration_ms(text) {
                    Some(ms) => found = Some(ms),
                    None => errors.push(
                        value.span,
                        format!("bad `lockTimeout` `{text}`; write a duration such as `\"500ms\"`, `\"30s\"`, `\"2min\"`, or `\"0\"` for no limit"),
                    ),
                },
                other => errors.push(
                    value.span,
                    format!("`lockTimeout` takes a duration string such as `\"30s\"`, not {}", other.describe()),
                ),
            },
            _ => errors.push(op.args_span, "`lockTimeout` takes one duration, such as `\"30s\"`"),
        }
    }
    for op in migration
        .down
        .iter()
        .flat_map(|section| &section.operations)
    {
        if op.name == "lockTimeout" {
            errors.push(
                op.span,
                "`lockTimeout` applies to the whole migration; write it among the up operations",
            );
        }
    }
    found
}

/// `500ms`, `30s`, `2min`, `1h`, or a bare number of milliseconds, as PostgreSQL reads
/// `lock_timeout`.
fn parse_duration_ms(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits.parse().ok()?;
    let factor = match unit.trim() {
        "" | "ms" => 1,
        "s" => 1_000,
        "min" => 60_000,
        "h" => 3_600_000,
        _ => return None,
    };
    number.checked_mul(factor)
}

/// The up is written once, either as one `up { … }` block or as bare operations: two
/// places for it would leave the reader guessing which runs first.
fn one_up(migration: &ast::Migration, errors: &mut Errors) {
    let mut blocks = migration
        .up
        .iter()
        .filter(|section| section.kind == SectionKind::UpBlock);
    let Some(first_block) = blocks.next() else {
        return;
    };
    for again in blocks {
        errors.push(again.span, "duplicate `up` block; a migration has one");
    }
    if let Some(bare) = migration
        .up
        .iter()
        .find(|section| section.kind == SectionKind::Bare)
    {
        let bare_first =
            migration.up.first().map(|section| section.kind) == Some(SectionKind::Bare);
        errors.push(
            if bare_first {
                first_block.span
            } else {
                bare.span
            },
            "operations both inside and outside an `up` block; put them all in the `up` block",
        );
    }
}

/// A migration changes something: an empty up (a `create` template nobody filled in)
/// would be recorded as applied and never run again once it is written.
fn some_up(migration: &ast::Migration, errors: &mut Errors) {
    let empty = migration
        .up
        .iter()
        .flat_map(|section| &section.operations)
        .all(|op| op.name == "lockTimeout" || op.name == "allow");
    if empty {
        let span = migration
            .up
            .first()
            .map_or_else(proc_macro2::Span::call_site, |section| section.span);
        errors.push(
            span,
            "the migration has no up operations; write the change (such as `createTable(…);` or `sql(\"…\");`) before building",
        );
    }
}

/// A migration has a single way back.
fn one_down(migration: &ast::Migration, errors: &mut Errors) {
    for again in migration.down.iter().skip(1) {
        errors.push(again.span, "duplicate `down` block; a migration has one");
    }
}

/// An empty `down { }` looks like a way back but reverts nothing: `down` would record
/// the migration as reverted and leave its changes in place. Saying so takes `noop;`.
fn no_empty_down(migration: &ast::Migration, errors: &mut Errors) {
    let Some(down) = migration.down.first() else {
        return;
    };
    let up_changes = migration
        .up
        .iter()
        .flat_map(|section| &section.operations)
        .any(|op| op.name != "lockTimeout");
    if up_changes && down.operations.is_empty() && down.noop.is_empty() {
        errors.push(
            down.span,
            "empty `down` block; it would revert nothing — write the operations that undo the up, or `down { noop; }` to say that nothing needs undoing, or `irreversible;`",
        );
    }
}

/// `noop;` says the down has nothing to undo, so it stands alone, once.
fn noop_alone(migration: &ast::Migration, errors: &mut Errors) {
    for down in &migration.down {
        for again in down.noop.iter().skip(1) {
            errors.push(*again, "duplicate `noop`");
        }
        if let (Some(noop), Some(_)) = (down.noop.first(), down.operations.first()) {
            errors.push(
                *noop,
                "`noop` beside operations in a `down` block; it says there is nothing to undo, so remove it or the operations",
            );
        }
    }
}

/// `irreversible;` says there is no way back, which contradicts a `down` block.
fn irreversible_marker(migration: &ast::Migration, errors: &mut Errors) {
    for again in migration.irreversible.iter().skip(1) {
        errors.push(*again, "duplicate `irreversible`");
    }
    if let (Some(marker), Some(_)) = (migration.irreversible.first(), migration.down.first()) {
        errors.push(
            *marker,
            "`irreversible` beside a `down` block; keep the block to make the migration reversible, or remove it",
        );
    }
}

/// Without a `down` block, every operation must have an automatic inverse, or the
/// migration must say `irreversible;`: otherwise `down` would fail in production, at
/// the worst moment, instead of at build time.
fn reversible(migration: &Migration, errors: &mut Errors) {
    if migration.down.is_some() || migration.irreversible {
        return;
    }
    for operation in &migration.up {
        if sql::inverse(operation).is_none() {
            let why = if sql::if_not_exists(operation) {
                " with `ifNotExists` (what it finds may have existed before, and dropping it would lose it)"
            } else {
                ""
            };
            errors.push(
                operation.span,
                format!(
                    "`{}`{why} cannot be reverted automatically; write a `down {{ … }}` block, or mark the migration `irreversible;`",
                    operation.name
                ),
            );
        }
    }
}
