//! Row-level security policies and triggers: each belongs to a table, by name, and
//! moves or goes with it. On a relation the model does not keep as a table (a view's
//! `INSTEAD OF` trigger, a table it does not know), nothing is recorded.

use crate::model::{Schema, Table};
use crate::syntax::{cascades, child, ident, object_name};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// `CREATE POLICY`, `ALTER POLICY … RENAME TO`, `DROP POLICY`.
pub(crate) fn policy(schema: &mut Schema, node: &SyntaxNode) {
    let Some(table) = child(node, SyntaxKind::ON_TABLE).and_then(|on| table(schema, &on)) else {
        return;
    };
    follow(
        &mut table.policies,
        node,
        [
            SyntaxKind::CREATE_POLICY,
            SyntaxKind::DROP_POLICY,
            SyntaxKind::POLICY,
            SyntaxKind::POLICY_REF,
            SyntaxKind::POLICY_RENAME_TO,
        ],
    );
}

/// `CREATE TRIGGER`, `ALTER TRIGGER … RENAME TO`, `DROP TRIGGER`.
pub(crate) fn trigger(schema: &mut Schema, node: &SyntaxNode) {
    let Some(table) = child(node, SyntaxKind::ON_RELATION).and_then(|on| table(schema, &on)) else {
        return;
    };
    follow(
        &mut table.triggers,
        node,
        [
            SyntaxKind::CREATE_TRIGGER,
            SyntaxKind::DROP_TRIGGER,
            SyntaxKind::TRIGGER,
            SyntaxKind::TRIGGER_REF,
            SyntaxKind::TRIGGER_RENAME_TO,
        ],
    );
}

/// The table an `ON …` clause names, if the model keeps it.
fn table<'s>(schema: &'s mut Schema, on: &SyntaxNode) -> Option<&'s mut Table> {
    let name = on.children().next().and_then(|name| object_name(&name))?;
    schema.tables.get_mut(&name)
}

/// Adds, drops or renames the name in `names`: `[create, drop, name, name_ref,
/// rename_to]` are the statement's and its clauses' kinds.
fn follow(
    names: &mut std::collections::BTreeSet<String>,
    node: &SyntaxNode,
    kinds: [SyntaxKind; 5],
) {
    let [create, drop, name, name_ref, rename_to] = kinds;
    if node.kind() == create {
        if let Some(created) = child(node, name) {
            names.insert(ident(&created));
        }
    } else if node.kind() == drop {
        if let Some(dropped) = child(node, name_ref) {
            names.remove(&ident(&dropped));
        }
    } else if let (Some(old), Some(new)) = (
        child(node, name_ref),
        child(node, rename_to).and_then(|clause| child(&clause, name)),
    ) && names.remove(&ident(&old))
    {
        names.insert(ident(&new));
    }
}

/// A `DROP … CASCADE` (or an `ALTER TABLE … DROP … CASCADE`) may drop policies and
/// triggers anywhere (a policy's subquery may read the dropped object, a trigger may
/// call the dropped function): every table's are forgotten, and a missing one is
/// unknown from then on.
pub(crate) fn forget_after_cascade(schema: &mut Schema, node: &SyntaxNode) {
    let drops = |node: &SyntaxNode| format!("{:?}", node.kind()).starts_with("DROP");
    let cascading = if node.kind() == SyntaxKind::ALTER_TABLE {
        node.descendants()
            .any(|action| drops(&action) && cascades(&action))
    } else {
        drops(node) && cascades(node)
    };
    if cascading {
        for table in schema.tables.values_mut() {
            table.policies.clear();
            table.triggers.clear();
            table.rules_uncertain = true;
        }
    }
}
