//! The catalog and the model rendered in one shape, as sorted lines, and their diff.

use pgbatch_schema::{ConstraintKind, Identity, IndexElement, ObjectName, Schema, TypeDef};
use std::collections::BTreeSet;
use tokio_postgres::Client;

/// The catalog as lines, sorted: what the model is compared with.
pub(crate) async fn catalog(client: &Client) -> Vec<String> {
    let mut lines = Vec::new();
    for query in CATALOG {
        for row in client
            .query(*query, &[])
            .await
            .unwrap_or_else(|error| panic!("{error:?}\n{query}"))
        {
            lines.push(row.get::<_, String>(0));
        }
    }
    lines.sort();
    lines
}

const CATALOG: &[&str] = &[
    "SELECT 'schema ' || nspname FROM pg_namespace n WHERE nspname <> 'public' AND nspname NOT IN ('information_schema') AND nspname NOT LIKE 'pg\\_%'",
    "SELECT 'extension ' || extname || ' in ' || n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE extname <> 'plpgsql'",
    "SELECT format('table %s.%s kind=%s unlogged=%s rls=%s parents=%s', n.nspname, c.relname, c.relkind, c.relpersistence = 'u', c.relrowsecurity,
        coalesce((SELECT string_agg(pn.nspname || '.' || p.relname, ',' ORDER BY i.inhseqno) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid), '-'))
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
    "SELECT format('column %s.%s.%s %s not_null=%s default=%s identity=%s generated=%s', n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
        a.attnotnull, a.atthasdef, coalesce(nullif(a.attidentity, ''), '-'), coalesce(nullif(a.attgenerated, ''), '-'))
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
    "SELECT format('constraint %s.%s.%s %s%s valid=%s', n.nspname, c.relname, k.conname, k.contype,
        CASE WHEN k.contype IN ('p', 'u', 'f') THEN ' (' || (SELECT string_agg(a.attname, ',' ORDER BY u.o) FROM unnest(k.conkey) WITH ORDINALITY u(attnum, o) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum) || ')' ELSE '' END
        || CASE WHEN k.contype = 'f' THEN ' -> ' || fn.nspname || '.' || f.relname || ' (' || (SELECT string_agg(a.attname, ',' ORDER BY u.o) FROM unnest(k.confkey) WITH ORDINALITY u(attnum, o) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum) || ') delete=' || k.confdeltype::text || ' update=' || k.confupdtype::text ELSE '' END,
        k.convalidated)
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_class f ON f.oid = k.confrelid LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
     WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
    "SELECT format('index %s.%s on %s.%s unique=%s method=%s columns=%s include=%s where=%s constraint=%s', n.nspname, ic.relname, n.nspname, tc.relname, i.indisunique, am.amname,
        (SELECT string_agg(CASE WHEN u.k = 0 THEN 'expr' ELSE (SELECT attname FROM pg_attribute WHERE attrelid = i.indrelid AND attnum = u.k) END, ',' ORDER BY u.o) FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(k, o) WHERE u.o <= i.indnkeyatts),
        coalesce((SELECT string_agg((SELECT attname FROM pg_attribute WHERE attrelid = i.indrelid AND attnum = u.k), ',' ORDER BY u.o) FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(k, o) WHERE u.o > i.indnkeyatts), '-'),
        i.indpred IS NOT NULL, EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x')))
     FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid JOIN pg_namespace n ON n.oid = ic.relnamespace JOIN pg_am am ON am.oid = ic.relam
     WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = tc.oid AND d.deptype = 'e') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
    "SELECT format('enum %s.%s %s', n.nspname, t.typname, (SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.oid))
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype = 'e' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
    "SELECT format('composite %s.%s (%s)', n.nspname, t.typname, (SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = t.typrelid AND attnum > 0 AND NOT attisdropped))
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid
     WHERE t.typtype = 'c' AND c.relkind = 'c' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
    "SELECT format('domain %s.%s %s not_null=%s default=%s checks=%s', n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault IS NOT NULL,
        (SELECT count(*) FROM pg_constraint WHERE contypid = t.oid AND contype = 'c'))
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype = 'd' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
    "SELECT format('range %s.%s', n.nspname, t.typname) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype = 'r' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
    "SELECT format('sequence %s.%s owned_by=%s', n.nspname, c.relname, coalesce((SELECT tn.nspname || '.' || t.relname || '.' || a.attname FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')), '-'))
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
    "SELECT format('view %s.%s materialized=%s', n.nspname, c.relname, c.relkind = 'm') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('v', 'm') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
];

fn qualified(name: &ObjectName) -> String {
    format!("{}.{}", name.schema, name.name)
}

/// The model in the catalog's shape.
pub(crate) fn rendered(schema: &Schema) -> Vec<String> {
    let mut lines = Vec::new();
    lines.extend(schema.schemas.iter().map(|name| format!("schema {name}")));
    for (name, extension) in &schema.extensions {
        if name != "plpgsql" {
            lines.push(format!("extension {name} in {}", extension.schema));
        }
    }
    let from_extensions: BTreeSet<ObjectName> = schema
        .extensions
        .values()
        .flat_map(|e| {
            e.types
                .iter()
                .map(|ty| ObjectName::new(Some(&e.schema), ty))
        })
        .collect();
    for (name, table) in &schema.tables {
        let parents: Vec<String> = table.parents.iter().map(qualified).collect();
        lines.push(format!(
            "table {} kind={} unlogged={} rls={} parents={}",
            qualified(name),
            if table.partition_by.is_some() {
                "p"
            } else {
                "r"
            },
            tf(table.unlogged),
            tf(table.row_level_security),
            if parents.is_empty() {
                "-".to_owned()
            } else {
                parents.join(",")
            }
        ));
        for column in &table.columns {
            lines.push(format!(
                "column {}.{} {} not_null={} default={} identity={} generated={}",
                qualified(name),
                column.name,
                column.ty,
                tf(column.not_null),
                tf(column.default.is_some() || column.generated.is_some()),
                match column.identity {
                    Some(Identity::Always) => "a",
                    Some(Identity::ByDefault) => "d",
                    None => "-",
                },
                if column.generated.is_some() { "s" } else { "-" },
            ));
        }
        for constraint in &table.constraints {
            let (kind, detail) = match &constraint.kind {
                ConstraintKind::PrimaryKey { columns } => {
                    ("p", format!(" ({})", columns.join(",")))
                }
                ConstraintKind::Unique { columns } => ("u", format!(" ({})", columns.join(","))),
                ConstraintKind::Check { .. } => ("c", String::new()),
                ConstraintKind::Exclude { .. } => ("x", String::new()),
                ConstraintKind::ForeignKey {
                    columns,
                    table,
                    ref_columns,
                    on_delete,
                    on_update,
                } => (
                    "f",
                    format!(
                        " ({}) -> {} ({}) delete={} update={}",
                        columns.join(","),
                        qualified(table),
                        ref_columns.join(","),
                        action(on_delete.as_deref()),
                        action(on_update.as_deref())
                    ),
                ),
            };
            lines.push(format!(
                "constraint {}.{} {kind}{detail} valid={}",
                qualified(name),
                constraint.name,
                tf(!constraint.not_valid)
            ));
        }
    }
    for (name, index) in &schema.indexes {
        let columns: Vec<&str> = index
            .elements
            .iter()
            .map(|element| match element {
                IndexElement::Column(column) => column.as_str(),
                IndexElement::Expression(_) => "expr",
            })
            .collect();
        lines.push(format!(
            "index {} on {} unique={} method={} columns={} include={} where={} constraint={}",
            qualified(name),
            qualified(&index.table),
            tf(index.unique),
            index.method.as_deref().unwrap_or("btree"),
            columns.join(","),
            if index.include.is_empty() {
                "-".to_owned()
            } else {
                index.include.join(",")
            },
            tf(index.predicate.is_some()),
            tf(index.constraint.is_some())
        ));
    }
    for (name, def) in &schema.types {
        if from_extensions.contains(name) {
            continue;
        }
        lines.push(match def {
            TypeDef::Enum { labels } => format!("enum {} {}", qualified(name), labels.join(",")),
            TypeDef::Composite { attributes } => {
                let attributes: Vec<String> = attributes
                    .iter()
                    .map(|(n, ty)| format!("{n} {ty}"))
                    .collect();
                format!("composite {} ({})", qualified(name), attributes.join(", "))
            }
            TypeDef::Domain {
                base,
                not_null,
                default,
                checks,
            } => format!(
                "domain {} {base} not_null={} default={} checks={}",
                qualified(name),
                tf(*not_null),
                tf(default.is_some()),
                checks.len()
            ),
            TypeDef::Other => format!("range {}", qualified(name)),
        });
    }
    for (name, sequence) in &schema.sequences {
        lines.push(format!(
            "sequence {} owned_by={}",
            qualified(name),
            sequence.owned_by.as_ref().map_or_else(
                || "-".to_owned(),
                |(table, column)| format!("{}.{column}", qualified(table))
            )
        ));
    }
    for (name, view) in &schema.views {
        lines.push(format!(
            "view {} materialized={}",
            qualified(name),
            tf(view.materialized)
        ));
    }
    lines.sort();
    lines
}

/// A boolean as `format('%s', …)` prints it.
fn tf(value: bool) -> &'static str {
    if value { "t" } else { "f" }
}

/// `pg_constraint`'s one-letter referential actions.
fn action(action: Option<&str>) -> &'static str {
    match action {
        None | Some("NO ACTION") => "a",
        Some("RESTRICT") => "r",
        Some("CASCADE") => "c",
        Some("SET NULL") => "n",
        Some("SET DEFAULT") => "d",
        Some(_) => "?",
    }
}

/// Lines only one side has, `-` for the first and `+` for the second.
pub(crate) fn diff(left: &[String], right: &[String]) -> String {
    let (l, r): (BTreeSet<&String>, BTreeSet<&String>) =
        (left.iter().collect(), right.iter().collect());
    let gone = l.difference(&r).map(|line| format!("- {line}"));
    let new = r.difference(&l).map(|line| format!("+ {line}"));
    gone.chain(new).collect::<Vec<_>>().join("\n")
}
