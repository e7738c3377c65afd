//! The names PostgreSQL chooses for what a statement leaves unnamed: indexes,
//! constraints and `serial` sequences, after `ChooseRelationName`, `ChooseIndexName`
//! and `ChooseConstraintName` in PostgreSQL's `indexcmds.c` and `pg_constraint.c`.

use crate::model::{ObjectName, Schema};

/// PostgreSQL's `NAMEDATALEN - 1`: the longest name, in bytes.
pub(crate) const MAX_NAME: usize = 63;

/// `makeObjectName`: `name1_name2_label`, with `name1` and `name2` shortened (the
/// longer one first, a byte at a time) until the whole fits in 63 bytes.
pub(crate) fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead =
        if label.is_empty() { 0 } else { label.len() + 1 } + usize::from(name2.is_some());
    let available = MAX_NAME.saturating_sub(overhead);
    let mut len1 = name1.len();
    let mut len2 = name2.map_or(0, str::len);
    while len1 + len2 > available {
        if len1 > len2 {
            len1 -= 1;
        } else {
            len2 -= 1;
        }
    }
    let mut name = clip(name1, len1).to_owned();
    if let Some(name2) = name2 {
        name.push('_');
        name.push_str(clip(name2, len2));
    }
    if !label.is_empty() {
        name.push('_');
        name.push_str(label);
    }
    name
}

/// Cuts `text` to at most `len` bytes without splitting a character (`pg_mbcliplen`).
pub(crate) fn clip(text: &str, len: usize) -> &str {
    let mut end = len.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or(text)
}

/// `ChooseRelationName`: the first of `name1_name2_label`, `…_label1`, `…_label2`…
/// that no relation in the schema (and none in `taken`, chosen earlier in the same
/// statement) has.
pub(crate) fn choose_relation_name(
    schema: &Schema,
    namespace: &str,
    name1: &str,
    name2: Option<&str>,
    label: &str,
    taken: &[String],
) -> String {
    choose(name1, name2, label, |candidate| {
        taken.iter().any(|name| name == candidate)
            || relation_taken(schema, &ObjectName::new(Some(namespace), candidate))
    })
}

/// When the chosen name may already belong to a relation the model does not know (an
/// unknown name), PostgreSQL chose the next free one instead: that next one, for the
/// caller to mark unknown with the chosen one, so neither is reported missing.
pub(crate) fn uncertain_next(
    schema: &Schema,
    namespace: &str,
    name1: &str,
    name2: Option<&str>,
    label: &str,
    chosen: &str,
) -> Option<String> {
    let unknown = schema
        .unknown
        .contains(&ObjectName::new(Some(namespace), chosen))
        || schema
            .unknown
            .contains(&ObjectName::new(Some(namespace), "*"));
    unknown
        .then(|| choose_relation_name(schema, namespace, name1, name2, label, &[chosen.to_owned()]))
}

/// `ChooseConstraintName`: likewise, against the constraint names in the schema (any
/// table's: PostgreSQL checks the whole namespace).
pub(crate) fn choose_constraint_name(
    schema: &Schema,
    namespace: &str,
    name1: &str,
    name2: Option<&str>,
    label: &str,
    taken: &[String],
) -> String {
    choose(name1, name2, label, |candidate| {
        taken.iter().any(|name| name == candidate)
            || schema.constraint_name_taken(namespace, candidate)
    })
}

fn choose(name1: &str, name2: Option<&str>, label: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut candidate = make_object_name(name1, name2, label);
    let mut pass = 0u32;
    while taken(&candidate) {
        pass += 1;
        candidate = make_object_name(name1, name2, &format!("{label}{pass}"));
    }
    candidate
}

/// Whether a relation (table, index, sequence, view, composite type) has this name:
/// what `pg_class` holds, where PostgreSQL looks. Enums and domains are not there.
fn relation_taken(schema: &Schema, name: &ObjectName) -> bool {
    schema.tables.contains_key(name)
        || schema.indexes.contains_key(name)
        || schema.sequences.contains_key(name)
        || schema.views.contains_key(name)
        || matches!(
            schema.types.get(name),
            Some(crate::model::TypeDef::Composite { .. })
        )
}

/// `ChooseIndexNameAddition`/`ChooseForeignKeyConstraintNameAddition`: the column
/// names joined by `_`, stopping once 63 bytes are reached.
pub(crate) fn name_addition(columns: &[String]) -> String {
    let mut out = String::new();
    for column in columns {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(column);
        if out.len() >= MAX_NAME {
            return clip(&out, MAX_NAME).to_owned();
        }
    }
    out
}

/// `ChooseIndexColumnNames`: each element's name (a column's own, an expression's
/// `FigureColname`), made unique with a number (`a`, `a1`).
pub(crate) fn index_column_names(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let mut candidate = name.clone();
        let mut suffix = 0u32;
        while out.contains(&candidate) {
            suffix += 1;
            let digits = suffix.to_string();
            candidate = format!(
                "{}{digits}",
                clip(name, MAX_NAME.saturating_sub(digits.len()))
            );
        }
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_shortened_to_fit_63_bytes() {
        assert_eq!(
            make_object_name("users", Some("email"), "key"),
            "users_email_key"
        );
        assert_eq!(make_object_name("users", None, "pkey"), "users_pkey");
        let long = "a".repeat(60);
        let name = make_object_name(&long, Some("email"), "key");
        assert_eq!(name.len(), 63);
        assert!(name.ends_with("_email_key"), "{name}");
    }

    #[test]
    fn collisions_get_a_number_after_the_label() {
        let mut schema = Schema::default();
        schema.indexes.insert(
            ObjectName::new(None, "t_a_idx"),
            crate::model::Index {
                table: ObjectName::new(None, "t"),
                elements: Vec::new(),
                unique: false,
                method: None,
                predicate: None,
                include: Vec::new(),
                constraint: None,
                element_options: Vec::new(),
            },
        );
        assert_eq!(
            choose_relation_name(&schema, "public", "t", Some("a"), "idx", &[]),
            "t_a_idx1"
        );
        assert_eq!(
            choose_relation_name(
                &schema,
                "public",
                "t",
                Some("a"),
                "idx",
                &["t_a_idx1".into()]
            ),
            "t_a_idx2"
        );
    }

    #[test]
    fn repeated_index_columns_are_numbered() {
        assert_eq!(
            index_column_names(&["lower".into(), "lower".into(), "a".into()]),
            ["lower", "lower1", "a"]
        );
    }
}
