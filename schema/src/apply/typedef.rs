//! `CREATE`/`ALTER`/`DROP TYPE` (enums, composites, ranges) and `DOMAIN`, and what a
//! type's rename or drop does to the columns of that type.

use super::drop::remove_column;
use crate::model::{ObjectName, Schema, TypeDef};
use crate::syntax::{
    cascades, child, children, has, ident, mentioned_names, object_name, string_literal, text,
};
use crate::types::{column_type, spell_user, type_child};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// `CREATE TYPE name AS ENUM (…) | AS (…) | AS RANGE (…)`, or a base or shell type.
pub(crate) fn create_type(schema: &mut Schema, node: &SyntaxNode) {
    let Some(name) = child(node, SyntaxKind::TYPE_NAME).and_then(|name| object_name(&name)) else {
        schema.make_opaque();
        return;
    };
    let def = if let Some(variants) =
        child(node, SyntaxKind::ENUM_TYPE).and_then(|e| child(&e, SyntaxKind::VARIANT_LIST))
    {
        TypeDef::Enum {
            labels: children(&variants, SyntaxKind::VARIANT)
                .map(|variant| string_literal(&variant))
                .collect(),
        }
    } else if let Some(fields) = child(node, SyntaxKind::COMPOSITE_TYPE)
        .and_then(|c| child(&c, SyntaxKind::COMPOSITE_FIELD_LIST))
    {
        TypeDef::Composite {
            attributes: children(&fields, SyntaxKind::COMPOSITE_FIELD_DEF)
                .filter_map(|field| {
                    let name = ident(&child(&field, SyntaxKind::COMPOSITE_FIELD)?);
                    let ty = column_type(&type_child(&field)?)?;
                    Some((name, ty.name))
                })
                .collect(),
        }
    } else if let Some(range) = child(node, SyntaxKind::RANGE_TYPE) {
        if let Some(attributes) = child(&range, SyntaxKind::ATTRIBUTE_LIST) {
            schema
                .type_definitions
                .insert(name.clone(), text(&attributes));
        }
        // PostgreSQL also creates `<name>_multirange` (unless the definition names
        // another), and constructor functions.
        schema.unknown.insert(ObjectName::new(
            Some(&name.schema),
            &format!("{}_multirange", name.name),
        ));
        TypeDef::Other
    } else {
        // A base type needs C functions, a shell type is a placeholder for one.
        schema.types.insert(name.clone(), TypeDef::Other);
        schema.unknown.insert(name);
        return;
    };
    schema.unknown.remove(&name);
    schema.types.insert(name, def);
}

/// `ALTER TYPE name …`.
pub(crate) fn alter_type(schema: &mut Schema, node: &SyntaxNode) {
    let Some(name) = child(node, SyntaxKind::TYPE_NAME_REF).and_then(|name| object_name(&name))
    else {
        return;
    };
    if !schema.types.contains_key(&name) {
        mark_unknown(schema, node, &name);
        return;
    }
    for action in node.children() {
        match action.kind() {
            SyntaxKind::ADD_VALUE => add_value(schema, &name, &action),
            SyntaxKind::RENAME_VALUE => {
                let labels: Vec<String> = children(&action, SyntaxKind::LITERAL)
                    .map(|l| string_literal(&l))
                    .collect();
                if let (Some(from), Some(to), Some(TypeDef::Enum { labels: known })) =
                    (labels.first(), labels.get(1), schema.types.get_mut(&name))
                {
                    for label in known.iter_mut().filter(|label| *label == from) {
                        *label = to.clone();
                    }
                }
            }
            SyntaxKind::TYPE_RENAME_TO | SyntaxKind::SET_SCHEMA => {
                let new = if action.kind() == SyntaxKind::SET_SCHEMA {
                    child(&action, SyntaxKind::SCHEMA_REF)
                        .map(|s| ObjectName::new(Some(&ident(&s)), &name.name))
                } else {
                    action
                        .children()
                        .next()
                        .and_then(|target| object_name(&target))
                        .map(|target| ObjectName::new(Some(&name.schema), &target.name))
                };
                if let Some(new) = new {
                    rename_type(schema, &name, &new);
                }
                return;
            }
            SyntaxKind::ALTER_TYPE_ATTRIBUTE_ACTION_LIST => {
                for change in action.children() {
                    alter_attribute(schema, &name, &change);
                }
            }
            SyntaxKind::RENAME_ATTRIBUTE => {
                let from = child(&action, SyntaxKind::COMPOSITE_FIELD_REF).map(|f| ident(&f));
                let to = child(&action, SyntaxKind::COMPOSITE_FIELD).map(|f| ident(&f));
                if let (Some(from), Some(to), Some(TypeDef::Composite { attributes })) =
                    (from, to, schema.types.get_mut(&name))
                {
                    for attribute in attributes.iter_mut().filter(|(n, _)| *n == from) {
                        attribute.0 = to.clone();
                    }
                }
            }
            _ => {}
        }
    }
}

/// Marks what an `ALTER` of a type the model does not know names as unknown, the name
/// it may be renamed or moved to included.
fn mark_unknown(schema: &mut Schema, node: &SyntaxNode, name: &ObjectName) {
    for mentioned in mentioned_names(node) {
        schema.unknown.insert(mentioned);
    }
    if let Some(target) = node
        .descendants()
        .find(|child| child.kind() == SyntaxKind::SCHEMA_REF)
    {
        schema
            .unknown
            .insert(ObjectName::new(Some(&ident(&target)), &name.name));
    }
}

/// `ADD VALUE [IF NOT EXISTS] 'label' [BEFORE | AFTER 'other']`.
fn add_value(schema: &mut Schema, name: &ObjectName, action: &SyntaxNode) {
    let Some(TypeDef::Enum { labels }) = schema.types.get_mut(name) else {
        return;
    };
    let Some(label) = child(action, SyntaxKind::LITERAL).map(|l| string_literal(&l)) else {
        return;
    };
    if labels.contains(&label) {
        return;
    }
    let place = |kind| {
        child(action, kind)
            .and_then(|position| child(&position, SyntaxKind::LITERAL))
            .map(|l| string_literal(&l))
    };
    let at = if let Some(before) = place(SyntaxKind::BEFORE_VALUE) {
        labels.iter().position(|known| *known == before)
    } else if let Some(after) = place(SyntaxKind::AFTER_VALUE) {
        labels
            .iter()
            .position(|known| *known == after)
            .map(|at| at + 1)
    } else {
        None
    };
    match at {
        Some(at) => labels.insert(at, label),
        None => labels.push(label),
    }
}

/// `ADD ATTRIBUTE`, `DROP ATTRIBUTE`, `ALTER ATTRIBUTE … TYPE`.
fn alter_attribute(schema: &mut Schema, name: &ObjectName, change: &SyntaxNode) {
    let Some(TypeDef::Composite { attributes }) = schema.types.get_mut(name) else {
        return;
    };
    let field = child_name(change);
    let ty = type_child(change)
        .and_then(|ty| column_type(&ty))
        .map(|ty| ty.name);
    match (change.kind(), field, ty) {
        (SyntaxKind::ADD_ATTRIBUTE, Some(field), Some(ty)) => attributes.push((field, ty)),
        (SyntaxKind::DROP_ATTRIBUTE, Some(field), _) => attributes.retain(|(n, _)| *n != field),
        (SyntaxKind::ALTER_ATTRIBUTE, Some(field), Some(ty)) => {
            for attribute in attributes.iter_mut().filter(|(n, _)| *n == field) {
                attribute.1 = ty.clone();
            }
        }
        _ => {}
    }
}

fn child_name(node: &SyntaxNode) -> Option<String> {
    node.children()
        .find(|child| {
            matches!(
                child.kind(),
                SyntaxKind::COMPOSITE_FIELD | SyntaxKind::COMPOSITE_FIELD_REF
            )
        })
        .map(|field| ident(&field))
}

/// Renames or moves a type, and respells the columns, attributes and domains of it.
fn rename_type(schema: &mut Schema, old: &ObjectName, new: &ObjectName) {
    let Some(def) = schema.types.remove(old) else {
        return;
    };
    schema.types.insert(new.clone(), def);
    if let Some(definition) = schema.type_definitions.remove(old) {
        schema.type_definitions.insert(new.clone(), definition);
    }
    let (from, to) = (spell_user(old), spell_user(new));
    let respell = |ty: &mut String| {
        if *ty == from {
            *ty = to.clone();
        } else if ty.strip_suffix("[]") == Some(from.as_str()) {
            *ty = format!("{to}[]");
        }
    };
    for table in schema.tables.values_mut() {
        table
            .columns
            .iter_mut()
            .for_each(|column| respell(&mut column.ty));
    }
    for def in schema.types.values_mut() {
        match def {
            TypeDef::Domain { base, .. } => respell(base),
            TypeDef::Composite { attributes } => {
                attributes.iter_mut().for_each(|(_, ty)| respell(ty))
            }
            TypeDef::Enum { .. } | TypeDef::Other => {}
        }
    }
}

/// `DROP TYPE`/`DROP DOMAIN [IF EXISTS] a, b [CASCADE]`.
pub(crate) fn drop_types(schema: &mut Schema, node: &SyntaxNode) {
    let cascade = cascades(node);
    let names: Vec<ObjectName> = node
        .children()
        .filter(|child| {
            matches!(
                child.kind(),
                SyntaxKind::TYPE_NAME_REF | SyntaxKind::DOMAIN_REF
            )
        })
        .filter_map(|name| object_name(&name))
        .collect();
    for name in names {
        remove_type(schema, &name, cascade);
    }
}

/// Removes a type; with `CASCADE`, the columns, attributes and domains of that type go
/// too, as PostgreSQL drops them.
pub(crate) fn remove_type(schema: &mut Schema, name: &ObjectName, cascade: bool) {
    schema.unknown.remove(name);
    schema.type_definitions.remove(name);
    if schema.types.remove(name).is_none() || !cascade {
        return;
    }
    let spelled = spell_user(name);
    let of_type = |ty: &str| ty == spelled || ty.strip_suffix("[]") == Some(spelled.as_str());
    let columns: Vec<(ObjectName, String)> = schema
        .tables
        .iter()
        .flat_map(|(table, known)| {
            known
                .columns
                .iter()
                .filter(|column| of_type(&column.ty))
                .map(move |column| (table.clone(), column.name.clone()))
        })
        .collect();
    for (table, column) in columns {
        remove_column(schema, &table, &column, true);
    }
    let domains: Vec<ObjectName> = schema
        .types
        .iter()
        .filter(|(_, def)| matches!(def, TypeDef::Domain { base, .. } if of_type(base)))
        .map(|(domain, _)| domain.clone())
        .collect();
    for domain in domains {
        remove_type(schema, &domain, true);
    }
    for def in schema.types.values_mut() {
        if let TypeDef::Composite { attributes } = def {
            attributes.retain(|(_, ty)| !of_type(ty));
        }
    }
}

/// `CREATE DOMAIN name [AS] type [COLLATE …] [DEFAULT …] [[CONSTRAINT n] NOT NULL |
/// NULL | CHECK (…)]…`.
pub(crate) fn create_domain(schema: &mut Schema, node: &SyntaxNode) {
    let Some(name) = child(node, SyntaxKind::DOMAIN).and_then(|name| object_name(&name)) else {
        schema.make_opaque();
        return;
    };
    let Some(base) = type_child(node).and_then(|ty| column_type(&ty)) else {
        schema.unknown.insert(name);
        return;
    };
    let mut not_null = false;
    let mut default = None;
    let mut checks = Vec::new();
    for qualifier in node.children() {
        match qualifier.kind() {
            SyntaxKind::NOT_NULL_CONSTRAINT => not_null = true,
            SyntaxKind::DEFAULT_CONSTRAINT => default = expression(&qualifier),
            SyntaxKind::CHECK_CONSTRAINT => checks.extend(expression(&qualifier)),
            _ => {}
        }
    }
    schema.unknown.remove(&name);
    schema.types.insert(
        name,
        TypeDef::Domain {
            base: base.name,
            not_null,
            default,
            checks,
        },
    );
}

fn expression(clause: &SyntaxNode) -> Option<String> {
    clause
        .children()
        .find(|child| {
            !matches!(
                child.kind(),
                SyntaxKind::CONSTRAINT_NAME_CLAUSE | SyntaxKind::NOT_VALID
            )
        })
        .map(|expr| text(&expr))
}

/// `ALTER DOMAIN name …`. Dropping or renaming a named check makes the domain unknown:
/// the model keeps its checks' expressions, not their names.
pub(crate) fn alter_domain(schema: &mut Schema, node: &SyntaxNode) {
    let Some(name) = child(node, SyntaxKind::DOMAIN_REF).and_then(|name| object_name(&name)) else {
        return;
    };
    if !schema.types.contains_key(&name) {
        mark_unknown(schema, node, &name);
        return;
    }
    let Some(action) = node
        .children()
        .find(|child| child.kind() != SyntaxKind::DOMAIN_REF)
    else {
        return;
    };
    if matches!(
        action.kind(),
        SyntaxKind::DOMAIN_RENAME_TO | SyntaxKind::SET_SCHEMA
    ) {
        let new = if action.kind() == SyntaxKind::SET_SCHEMA {
            child(&action, SyntaxKind::SCHEMA_REF)
                .map(|s| ObjectName::new(Some(&ident(&s)), &name.name))
        } else {
            action
                .children()
                .next()
                .and_then(|target| object_name(&target))
                .map(|target| ObjectName::new(Some(&name.schema), &target.name))
        };
        if let Some(new) = new {
            rename_type(schema, &name, &new);
        }
        return;
    }
    let Some(TypeDef::Domain {
        not_null,
        default,
        checks,
        ..
    }) = schema.types.get_mut(&name)
    else {
        return;
    };
    match action.kind() {
        SyntaxKind::SET_DEFAULT => {
            default.clone_from(&action.children().next().map(|expr| text(&expr)))
        }
        SyntaxKind::DROP_DEFAULT => *default = None,
        SyntaxKind::SET_NOT_NULL => *not_null = true,
        SyntaxKind::DROP_NOT_NULL => *not_null = false,
        SyntaxKind::ADD_CONSTRAINT => {
            if let Some(check) = child(&action, SyntaxKind::CHECK_CONSTRAINT) {
                checks.extend(expression(&check));
            } else if has(&action, SyntaxKind::NOT_NULL_CONSTRAINT) {
                *not_null = true;
            }
        }
        SyntaxKind::DROP_CONSTRAINT | SyntaxKind::RENAME_CONSTRAINT => {
            schema.unknown.insert(name);
        }
        _ => {}
    }
}
