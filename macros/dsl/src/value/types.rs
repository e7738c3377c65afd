//! Column types: reading and checking a `type`, and the names a column may use
//! without qualification (PostgreSQL's built-ins, which of them take modifiers, and the
//! types of widely used extensions) besides the types created so far.

use super::{Errors, closest, string};
use crate::ast::Value;
use crate::model::Type;
use crate::pg;
use std::collections::BTreeSet;

/// Whether an unqualified type name is a built-in or a common extension's type.
pub(crate) fn is_builtin_type(name: &str) -> bool {
    BUILTIN_TYPES.contains(&name) || EXTENSION_TYPES.contains(&name)
}

/// The types a migration may use: built-ins, common extension types, and the types
/// created so far (in this migration, or in any migration the build knows of).
#[derive(Debug, Clone)]
pub(crate) struct KnownTypes(BTreeSet<String>);

impl KnownTypes {
    /// Built-ins and extension types, plus `extra` (types created by other migrations).
    pub(crate) fn new(extra: &[String]) -> Self {
        let mut known: BTreeSet<String> = BUILTIN_TYPES
            .iter()
            .chain(EXTENSION_TYPES)
            .map(|name| (*name).to_owned())
            .collect();
        known.extend(extra.iter().cloned());
        KnownTypes(known)
    }

    /// Records a type created by the migration.
    pub(crate) fn add(&mut self, name: &str) {
        self.0.insert(name.to_owned());
    }

    fn suggestion(&self, name: &str) -> Option<&str> {
        closest(name, self.0.iter().map(String::as_str))
    }
}

/// Reads a column type and checks it: PostgreSQL must parse it, and an unqualified name
/// must be a built-in, a known extension type, or a type created earlier.
pub(crate) fn ty(value: &Value, known: &KnownTypes, errors: &mut Errors) -> Option<Type> {
    let text = string(value, "`type`", errors)?;
    let names = match pg::type_name(&text.value) {
        Ok(names) => names,
        Err(message) => {
            errors.push(
                value.span,
                format!("malformed type `{}`: {message}", text.value),
            );
            return None;
        }
    };
    let builtin = match names.as_slice() {
        [name] if BUILTIN_TYPES.contains(&name.as_str()) => Some(name),
        [schema, name] if schema == "pg_catalog" => Some(name),
        _ => None,
    };
    if let Some(name) = builtin
        && !MODIFIED_BUILTINS.contains(&name.as_str())
        && let Err(message) = pg::refuse_modifiers(&text.value, name)
    {
        errors.push(
            value.span,
            format!("malformed type `{}`: {message}", text.value),
        );
        return None;
    }
    // `*`: a migration creates an extension whose types are not listed here, so any
    // name may be one of them.
    if let [name] = names.as_slice()
        && !known.0.contains(name)
        && !known.0.contains("*")
    {
        let hint = match known.suggestion(name) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!(
                "create it earlier in this migration or in an earlier one, or qualify it with its schema (`public.{name}`)"
            ),
        };
        errors.push(value.span, format!("unknown type `{name}`; {hint}"));
        return None;
    }
    Some(Type {
        sql: text.value.trim().to_owned(),
        span: value.span,
    })
}

/// Built-in type names that the grammar does not already qualify with `pg_catalog`: the
/// base, range and multirange types of PostgreSQL 15's `pg_catalog` that a column can
/// have, and the grammar's spellings of them. Left out: pseudo-types (`record`, `void`,
/// `anyelement`…), which no column has, and the internal types PostgreSQL will not read
/// from text (`pg_node_tree`, `pg_ndistinct`, `gtsvector`…).
const BUILTIN_TYPES: &[&str] = &[
    "aclitem",
    "bigint",
    "bigserial",
    "bit",
    "bool",
    "boolean",
    "box",
    "bpchar",
    "bytea",
    "char",
    "character",
    "cid",
    "cidr",
    "circle",
    "date",
    "datemultirange",
    "daterange",
    "decimal",
    "float4",
    "float8",
    "inet",
    "int",
    "int2",
    "int2vector",
    "int4",
    "int4multirange",
    "int4range",
    "int8",
    "int8multirange",
    "int8range",
    "integer",
    "interval",
    "json",
    "jsonb",
    "jsonpath",
    "line",
    "lseg",
    "macaddr",
    "macaddr8",
    "money",
    "name",
    "numeric",
    "nummultirange",
    "numrange",
    "oid",
    "oidvector",
    "path",
    "pg_lsn",
    "pg_snapshot",
    "point",
    "polygon",
    "real",
    "refcursor",
    "regclass",
    "regcollation",
    "regconfig",
    "regdictionary",
    "regnamespace",
    "regoper",
    "regoperator",
    "regproc",
    "regprocedure",
    "regrole",
    "regtype",
    "serial",
    "serial2",
    "serial4",
    "serial8",
    "smallint",
    "smallserial",
    "text",
    "tid",
    "time",
    "timestamp",
    "timestamptz",
    "timetz",
    "tsmultirange",
    "tsquery",
    "tsrange",
    "tstzmultirange",
    "tstzrange",
    "tsvector",
    "txid_snapshot",
    "uuid",
    "varbit",
    "varchar",
    "xid",
    "xid8",
    "xml",
];

/// The built-in types that take modifiers (`varchar(255)`, `numeric(10, 2)`,
/// `timestamptz(3)`): those with a `typmodin` in `pg_type`. PostgreSQL refuses modifiers
/// on every other built-in.
const MODIFIED_BUILTINS: &[&str] = &[
    "bit",
    "bpchar",
    "interval",
    "numeric",
    "time",
    "timestamp",
    "timestamptz",
    "timetz",
    "varbit",
    "varchar",
];

/// Types of widely used extensions (contrib, PostGIS, pgvector), accepted unqualified.
const EXTENSION_TYPES: &[&str] = &[
    "box2d",
    "box3d",
    "citext",
    "cube",
    "ean13",
    "geography",
    "geometry",
    "halfvec",
    "hstore",
    "isbn",
    "isbn13",
    "ismn",
    "ismn13",
    "issn",
    "issn13",
    "lquery",
    "ltree",
    "ltxtquery",
    "seg",
    "sparsevec",
    "upc",
    "vector",
];

#[cfg(test)]
mod tests {
    /// The error of a table with one column of type `ty`, if any.
    fn column_type_error(ty: &str) -> Option<String> {
        let input = format!("createTable(\"t\", {{ a: {{ type: {ty:?} }} }});");
        crate::parse_and_check(input.parse().expect("tokens"), &[])
            .err()
            .map(|error| error.to_string())
    }

    #[test]
    fn every_builtin_a_column_can_have_is_known() {
        for ty in [
            "xid8",
            "tid",
            "xid",
            "cid",
            "refcursor",
            "int2vector",
            "oidvector",
            "aclitem",
            "pg_lsn",
            "datemultirange",
        ] {
            assert_eq!(column_type_error(ty), None, "{ty}");
        }
        for ty in ["record", "void", "anyelement", "internal", "pg_node_tree"] {
            assert!(
                column_type_error(ty).is_some_and(|error| error.contains("unknown type")),
                "{ty}"
            );
        }
    }

    #[test]
    fn builtins_without_modifiers_refuse_them() {
        assert_eq!(
            column_type_error("int4(11)").as_deref(),
            Some(
                "malformed type `int4(11)`: type modifier is not allowed for type `int4` (line 1, column 5 of the type)"
            )
        );
        assert_eq!(
            column_type_error("pg_catalog.bool (1)[]").as_deref(),
            Some(
                "malformed type `pg_catalog.bool (1)[]`: type modifier is not allowed for type `bool` (line 1, column 17 of the type)"
            )
        );
        for ty in [
            "int8(20)",
            "int2(3)",
            "bool(1)",
            "text(10)",
            "float4(2)",
            "float8(2)",
            "date(1)",
            "uuid(1)",
            "jsonb(1)",
            "serial(5)",
            "bigserial(3)",
            "\"char\"(1)",
            "text(10)[]",
        ] {
            assert!(
                column_type_error(ty)
                    .is_some_and(|error| error.contains("type modifier is not allowed")),
                "{ty}"
            );
        }
        for ty in [
            "int4",
            "varchar(3)",
            "pg_catalog.varchar(3)",
            "numeric(10, 2)",
            "decimal(5)",
            "timestamptz(3)",
            "timetz(2)",
            "bpchar(2)",
            "char(2)",
            "varbit(4)",
            "bit(2)",
            "interval(2)",
            "time(3)",
            "float(10)",
            "float(40)[]",
            "text[]",
            "public.mood(3)",
            "vector(3)",
        ] {
            assert_eq!(column_type_error(ty), None, "{ty}");
        }
    }
}
