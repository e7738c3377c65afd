//! Type names spelled as PostgreSQL's `format_type()` prints them, so the model compares
//! directly with the catalog: `int4` and `INT` are `integer`, `varchar(20)` is
//! `character varying(20)`, `timestamptz` is `timestamp with time zone`.

use crate::model::DEFAULT_SCHEMA;
use crate::syntax::{child, fold, quote_ident, text};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// What a column's written type stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColumnType {
    /// The `format_type()` spelling.
    pub(crate) name: String,
    /// `serial`, `bigserial`, `smallserial`: an integer column with a sequence.
    pub(crate) serial: bool,
}

/// Reads a type node (`PATH_TYPE`, `ARRAY_TYPE`, `VARCHAR_TYPE`…).
pub(crate) fn column_type(node: &SyntaxNode) -> Option<ColumnType> {
    match node.kind() {
        SyntaxKind::ARRAY_TYPE => {
            let element = node.children().find(|child| is_type(child.kind()))?;
            let mut ty = column_type(&element)?;
            ty.name.push_str("[]");
            Some(ty)
        }
        SyntaxKind::PATH_TYPE => path_type(node),
        SyntaxKind::VARCHAR_TYPE => Some(builtin(format!("character varying{}", modifiers(node)))),
        SyntaxKind::CHARACTER_TYPE => {
            let mods = modifiers(node);
            Some(builtin(if mods.is_empty() {
                "character(1)".to_owned()
            } else {
                format!("character{mods}")
            }))
        }
        SyntaxKind::BIT_TYPE => {
            let mods = modifiers(node);
            Some(builtin(if mods.is_empty() {
                "bit(1)".to_owned()
            } else {
                format!("bit{mods}")
            }))
        }
        SyntaxKind::BIT_VARYING_TYPE => Some(builtin(format!("bit varying{}", modifiers(node)))),
        SyntaxKind::DOUBLE_TYPE => Some(builtin("double precision".to_owned())),
        SyntaxKind::TIME_TYPE | SyntaxKind::TIMESTAMP_TYPE => {
            let base = if node.kind() == SyntaxKind::TIME_TYPE {
                "time"
            } else {
                "timestamp"
            };
            let precision = precision(node);
            let zone = if child(node, SyntaxKind::WITH_TIMEZONE).is_some() {
                "with"
            } else {
                "without"
            };
            Some(builtin(format!("{base}{precision} {zone} time zone")))
        }
        SyntaxKind::INTERVAL_TYPE => {
            // `interval day to second` and `interval(3)` print as written, lower case.
            let written = text(node).to_ascii_lowercase();
            Some(builtin(
                written.split_whitespace().collect::<Vec<_>>().join(" "),
            ))
        }
        _ => None,
    }
}

/// Whether a syntax kind is one of the type nodes.
pub(crate) fn is_type(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        SyntaxKind::ARRAY_TYPE
            | SyntaxKind::PATH_TYPE
            | SyntaxKind::VARCHAR_TYPE
            | SyntaxKind::CHARACTER_TYPE
            | SyntaxKind::BIT_TYPE
            | SyntaxKind::BIT_VARYING_TYPE
            | SyntaxKind::DOUBLE_TYPE
            | SyntaxKind::TIME_TYPE
            | SyntaxKind::TIMESTAMP_TYPE
            | SyntaxKind::INTERVAL_TYPE
    )
}

/// The first type node under `node`.
pub(crate) fn type_child(node: &SyntaxNode) -> Option<SyntaxNode> {
    node.children().find(|child| is_type(child.kind()))
}

/// A user-defined type's name as `format_type()` prints it: bare in `public`,
/// schema-qualified elsewhere, quoted where needed.
pub(crate) fn spell_user(name: &crate::model::ObjectName) -> String {
    if name.schema == DEFAULT_SCHEMA || name.schema == "pg_catalog" {
        quote_ident(&name.name)
    } else {
        format!("{}.{}", quote_ident(&name.schema), quote_ident(&name.name))
    }
}

fn builtin(name: String) -> ColumnType {
    ColumnType {
        name,
        serial: false,
    }
}

/// A type written as a (maybe qualified) name, maybe with modifiers.
fn path_type(node: &SyntaxNode) -> Option<ColumnType> {
    let path = child(node, SyntaxKind::PATH_REF)?;
    let segments: Vec<String> = path
        .descendants()
        .filter(|segment| segment.kind() == SyntaxKind::PATH_SEGMENT_REF)
        .map(|segment| fold(&segment.text().to_string()))
        .collect();
    let (schema, name) = match segments.as_slice() {
        [name] => (None, name.clone()),
        [.., schema, name] => (Some(schema.clone()), name.clone()),
        [] => return None,
    };
    let mods = modifiers(node);
    // `"char"` (quoted) is PostgreSQL's one-byte type, `char` the SQL keyword for
    // `character(1)`.
    let quoted_char = name == "char"
        && path
            .descendants()
            .filter(|segment| segment.kind() == SyntaxKind::PATH_SEGMENT_REF)
            .last()
            .is_some_and(|segment| text(&segment).starts_with('"'));
    let catalog = matches!(schema.as_deref(), None | Some("pg_catalog")) && !quoted_char;
    if catalog && let Some(spelled) = builtin_name(&name, &mods) {
        return Some(ColumnType {
            name: spelled.to_owned(),
            serial: false,
        });
    }
    if schema.is_none()
        && let Some(spelled) = serial(&name)
    {
        return Some(ColumnType {
            name: spelled.to_owned(),
            serial: true,
        });
    }
    if catalog && let Some(spelled) = modified_builtin(&name, &mods) {
        return Some(builtin(spelled));
    }
    let schema = schema.unwrap_or_else(|| DEFAULT_SCHEMA.to_owned());
    let shown = if schema == DEFAULT_SCHEMA || schema == "pg_catalog" {
        quote_ident(&name)
    } else {
        format!("{}.{}", quote_ident(&schema), quote_ident(&name))
    };
    Some(ColumnType {
        name: format!("{shown}{mods}"),
        serial: false,
    })
}

/// The built-ins that take no modifier, by every name they go by.
fn builtin_name(name: &str, mods: &str) -> Option<&'static str> {
    if !mods.is_empty() {
        return None;
    }
    Some(match name {
        "int" | "integer" | "int4" => "integer",
        "smallint" | "int2" => "smallint",
        "bigint" | "int8" => "bigint",
        "real" | "float4" => "real",
        "float" | "float8" => "double precision",
        "bool" | "boolean" => "boolean",
        "varchar" => "character varying",
        "char" | "character" => "character(1)",
        "timestamptz" => "timestamp with time zone",
        "timestamp" => "timestamp without time zone",
        "timetz" => "time with time zone",
        "time" => "time without time zone",
        "varbit" => "bit varying",
        "decimal" | "numeric" => "numeric",
        "text" | "jsonb" | "json" | "uuid" | "bytea" | "date" | "inet" | "cidr" | "macaddr"
        | "money" | "xml" | "tsvector" | "tsquery" | "oid" | "interval" | "point" | "bpchar" => {
            return builtin_static(name);
        }
        _ => return None,
    })
}

/// The common built-ins spelled as they are named (a `&'static str` for each).
fn builtin_static(name: &str) -> Option<&'static str> {
    [
        "text", "jsonb", "json", "uuid", "bytea", "date", "inet", "cidr", "macaddr", "money",
        "xml", "tsvector", "tsquery", "oid", "interval", "point", "bpchar",
    ]
    .into_iter()
    .find(|builtin| *builtin == name)
}

/// The built-ins whose modifiers show in their spelling.
fn modified_builtin(name: &str, mods: &str) -> Option<String> {
    Some(match name {
        "varchar" => format!("character varying{mods}"),
        "char" | "character" | "bpchar" => format!("character{mods}"),
        "decimal" | "numeric" => {
            // `numeric(10)` is `numeric(10,0)`: the scale defaults to zero.
            if mods.contains(',') {
                format!("numeric{mods}")
            } else {
                format!("numeric{},0)", mods.trim_end_matches(')'))
            }
        }
        "float" => {
            let bits: u32 = mods
                .trim_matches(|c| c == '(' || c == ')')
                .parse()
                .unwrap_or(53);
            if bits <= 24 {
                "real"
            } else {
                "double precision"
            }
            .to_owned()
        }
        "timestamptz" => format!("timestamp{mods} with time zone"),
        "timestamp" => format!("timestamp{mods} without time zone"),
        "timetz" => format!("time{mods} with time zone"),
        "time" => format!("time{mods} without time zone"),
        "varbit" => format!("bit varying{mods}"),
        "bit" => format!("bit{mods}"),
        "interval" => format!("interval{mods}"),
        _ => return None,
    })
}

/// The integer type a `serial` spelling stands for.
fn serial(name: &str) -> Option<&'static str> {
    match name {
        "serial" | "serial4" => Some("integer"),
        "bigserial" | "serial8" => Some("bigint"),
        "smallserial" | "serial2" => Some("smallint"),
        _ => None,
    }
}

/// A type's modifiers as `format_type()` prints them: `(10,2)`, or empty.
fn modifiers(node: &SyntaxNode) -> String {
    match child(node, SyntaxKind::ARG_LIST) {
        Some(args) => {
            let values: Vec<String> = args.children().map(|arg| text(&arg)).collect();
            format!("({})", values.join(","))
        }
        None => String::new(),
    }
}

/// `(p)` of `time(p)`/`timestamp(p)`, or empty.
fn precision(node: &SyntaxNode) -> String {
    match child(node, SyntaxKind::LITERAL) {
        Some(literal) => format!("({})", text(&literal)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use squawk_syntax::ast::AstNode;

    fn spell(ty: &str) -> String {
        let file = squawk_syntax::SourceFile::parse(&format!("SELECT NULL::{ty}")).tree();
        let node = file
            .syntax()
            .descendants()
            .find(|node| node.kind() == SyntaxKind::CAST_EXPR)
            .and_then(|cast| type_child(&cast));
        node.and_then(|node| column_type(&node))
            .map_or_else(|| "?".to_owned(), |ty| ty.name)
    }

    #[test]
    fn types_are_spelled_as_format_type_does() {
        for (written, spelled) in [
            ("int", "integer"),
            ("INT4", "integer"),
            ("pg_catalog.int8", "bigint"),
            ("smallint", "smallint"),
            ("real", "real"),
            ("float", "double precision"),
            ("float(10)", "real"),
            ("double precision", "double precision"),
            ("boolean", "boolean"),
            ("varchar(255)", "character varying(255)"),
            ("character varying", "character varying"),
            ("char", "character(1)"),
            ("char(3)", "character(3)"),
            ("numeric(10, 2)", "numeric(10,2)"),
            ("decimal(10)", "numeric(10,0)"),
            ("numeric", "numeric"),
            ("timestamptz", "timestamp with time zone"),
            ("timestamp", "timestamp without time zone"),
            ("timestamp(3) with time zone", "timestamp(3) with time zone"),
            ("time", "time without time zone"),
            ("text[]", "text[]"),
            ("int[][]", "integer[]"),
            ("jsonb", "jsonb"),
            ("Mood", "mood"),
            ("\"Mood\"", "\"Mood\""),
            ("\"char\"", "\"char\""),
            ("public.mood", "mood"),
            ("app.mood", "app.mood"),
            ("citext", "citext"),
            ("serial", "integer"),
            ("bigserial", "bigint"),
            ("bit varying(3)", "bit varying(3)"),
        ] {
            assert_eq!(spell(written), spelled, "{written}");
        }
    }
}
