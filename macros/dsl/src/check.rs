//! Checks on a parsed migration: one function per rule, every error collected.

use crate::ast::{Migration, Operation, Section, SectionKind};

/// Runs every rule and combines their errors, so a user sees all mistakes at once.
pub(crate) fn check(migration: &Migration) -> syn::Result<()> {
    let mut errors = Vec::new();
    one_up(migration, &mut errors);
    one_down(migration, &mut errors);
    for section in migration.up.iter().chain(&migration.down) {
        for operation in &section.operations {
            sql_not_empty(operation, &mut errors);
        }
    }
    let mut errors = errors.into_iter();
    match errors.next() {
        None => Ok(()),
        Some(mut first) => {
            first.extend(errors);
            Err(first)
        }
    }
}

/// The up is written once, either as one `up { … }` block or as bare operations: two
/// places for it would leave the reader guessing which runs first.
fn one_up(migration: &Migration, errors: &mut Vec<syn::Error>) {
    let first_kind = migration.up.first().map(|section| section.kind);
    let mut blocks = migration
        .up
        .iter()
        .filter(|section| section.kind == SectionKind::UpBlock);
    if let Some(first_block) = blocks.next() {
        for again in blocks {
            errors.push(syn::Error::new(
                again.span,
                "duplicate `up` block; a migration has one",
            ));
        }
        if let Some(bare) = migration
            .up
            .iter()
            .find(|section| section.kind == SectionKind::Bare)
        {
            let at = if first_kind == Some(SectionKind::Bare) {
                first_block.span
            } else {
                bare.span
            };
            errors.push(syn::Error::new(
                at,
                "operations both inside and outside an `up` block; put them all in the `up` block",
            ));
        }
    }
}

/// A migration has a single way back.
fn one_down(migration: &Migration, errors: &mut Vec<syn::Error>) {
    for again in migration.down.iter().skip(1) {
        errors.push(syn::Error::new(
            again.span,
            "duplicate `down` block; a migration has one",
        ));
    }
}

/// An empty statement is almost always an unfinished template, and applying it would
/// record a migration that did nothing.
fn sql_not_empty(operation: &Operation, errors: &mut Vec<syn::Error>) {
    let Operation::Sql(sql) = operation;
    if sql.text.trim().is_empty() {
        errors.push(syn::Error::new(
            sql.span,
            "empty `sql`; write the statement to run, or remove the call",
        ));
    }
}

/// Whether the migration wrote a `down` block (used by generation, not a rule).
pub(crate) fn down_section(migration: &Migration) -> Option<&Section> {
    migration.down.first()
}
