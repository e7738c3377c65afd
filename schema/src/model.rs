//! The schema's objects, as the migrations leave them, and the lookups that checks use.
//!
//! Names are stored as PostgreSQL stores them: unquoted identifiers folded to lower
//! case, quoted ones as written. An unqualified name is in `public` (the model assumes
//! the default `search_path`). Types are spelled as `format_type()` prints them
//! (`integer`, `character varying(255)`, `timestamp with time zone`, `text[]`), so the
//! model compares directly with the catalog.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A schema-qualified name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ObjectName {
    /// The schema (`public` when the statement did not say).
    pub schema: String,
    /// The object's own name.
    pub name: String,
}

impl ObjectName {
    /// `schema.name`, or `name` in `public`.
    pub fn new(schema: Option<&str>, name: &str) -> Self {
        Self {
            schema: schema.unwrap_or(DEFAULT_SCHEMA).to_owned(),
            name: name.to_owned(),
        }
    }
}

impl std::fmt::Display for ObjectName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.schema == DEFAULT_SCHEMA {
            f.write_str(&self.name)
        } else {
            write!(f, "{}.{}", self.schema, self.name)
        }
    }
}

/// The schema of unqualified names.
pub const DEFAULT_SCHEMA: &str = "public";

/// What a lookup found. `Unknown` means a statement the model does not follow may have
/// created, changed or dropped the object: checks stay silent about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<T> {
    /// The object, as the model knows it.
    Found(T),
    /// The model cannot tell.
    Unknown,
    /// No migration so far creates it (or one dropped it).
    Missing,
}

/// The whole schema.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Schema {
    /// Schemas created by the migrations (`public` is always there and not listed).
    pub schemas: BTreeSet<String>,
    /// Tables, partitions included.
    #[serde(
        serialize_with = "by_qualified_name",
        deserialize_with = "from_qualified_names"
    )]
    pub tables: BTreeMap<ObjectName, Table>,
    /// Indexes, by their own name (in the schema of their table).
    #[serde(
        serialize_with = "by_qualified_name",
        deserialize_with = "from_qualified_names"
    )]
    pub indexes: BTreeMap<ObjectName, Index>,
    /// Enum, domain, composite and other user-defined types.
    #[serde(
        serialize_with = "by_qualified_name",
        deserialize_with = "from_qualified_names"
    )]
    pub types: BTreeMap<ObjectName, TypeDef>,
    /// The definition of each range type (`subtype = …` and the rest, as written inside
    /// `AS RANGE (…)`), which [`TypeDef::Other`] does not carry, so DDL can recreate it.
    #[serde(
        serialize_with = "by_qualified_name",
        deserialize_with = "from_qualified_names"
    )]
    pub type_definitions: BTreeMap<ObjectName, String>,
    /// Sequences, the ones `serial`/identity columns own included.
    #[serde(
        serialize_with = "by_qualified_name",
        deserialize_with = "from_qualified_names"
    )]
    pub sequences: BTreeMap<ObjectName, Sequence>,
    /// Views and materialized views.
    #[serde(
        serialize_with = "by_qualified_name",
        deserialize_with = "from_qualified_names"
    )]
    pub views: BTreeMap<ObjectName, View>,
    /// Functions and procedures, by name (overloads are not told apart).
    #[serde(
        serialize_with = "qualified_names",
        deserialize_with = "qualified_names_from"
    )]
    pub functions: BTreeSet<ObjectName>,
    /// Extensions, with the schema they were created in.
    pub extensions: BTreeMap<String, Extension>,
    /// Names a statement the model does not follow touched (created, altered, dropped
    /// or renamed): their lookups answer [`Lookup::Unknown`]. The name `*` stands for
    /// every object of its schema.
    #[serde(
        serialize_with = "qualified_names",
        deserialize_with = "qualified_names_from"
    )]
    pub unknown: BTreeSet<ObjectName>,
    /// Set by a statement whose effects cannot be bounded (a `DO` block, `SET
    /// search_path`, `DROP OWNED`, an extension that creates objects…): from then on
    /// a missing object is [`Lookup::Unknown`], never [`Lookup::Missing`].
    pub opaque: bool,
    /// The tables' constraint names, by schema (kept by `apply`).
    #[serde(skip)]
    pub(crate) constraint_names: crate::constraint_names::ConstraintNames,
}

/// A table.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Table {
    /// Its columns, in order.
    pub columns: Vec<Column>,
    /// Its constraints (primary key, unique, foreign keys, checks, exclusions), by name.
    pub constraints: Vec<Constraint>,
    /// `PARTITION BY …`, as written, for a partitioned table.
    pub partition_by: Option<String>,
    /// The parent of a partition (`PARTITION OF`) or the tables it `INHERITS`.
    pub parents: Vec<ObjectName>,
    /// A partition's bound (`FOR VALUES …` or `DEFAULT`), as written.
    pub partition_bound: Option<String>,
    /// `UNLOGGED`.
    pub unlogged: bool,
    /// Row-level security enabled.
    pub row_level_security: bool,
    /// Its row-level security policies, by name.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub policies: BTreeSet<String>,
    /// Its triggers, by name.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub triggers: BTreeSet<String>,
    /// Set when a `CASCADE` may have dropped some of its policies or triggers: a
    /// missing one is then [`Lookup::Unknown`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rules_uncertain: bool,
    /// Set when the model does not know every column or constraint (`LIKE`, `AS
    /// SELECT`, inherited columns, an `ALTER TABLE` action it does not follow): a
    /// missing column or constraint is then [`Lookup::Unknown`].
    pub incomplete: bool,
}

/// A column.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Its type, as `format_type()` spells it (`integer`, `character varying(20)`).
    pub ty: String,
    /// `NOT NULL` (primary key columns included).
    pub not_null: bool,
    /// The default expression, as written (`serial` columns: `nextval('…'::regclass)`).
    pub default: Option<String>,
    /// `GENERATED … AS IDENTITY`.
    pub identity: Option<Identity>,
    /// `GENERATED ALWAYS AS (…) STORED`: the expression.
    pub generated: Option<String>,
    /// `COLLATE …`.
    pub collation: Option<String>,
}

/// An identity column's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// `GENERATED ALWAYS`.
    Always,
    /// `GENERATED BY DEFAULT`.
    ByDefault,
}

/// A table constraint.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Constraint {
    /// Its name (given, or the one PostgreSQL would choose: `users_pkey`,
    /// `users_email_key`, `posts_user_id_fkey`, `users_age_check`).
    pub name: String,
    /// What it constrains.
    pub kind: ConstraintKind,
    /// Added `NOT VALID` and not validated since.
    pub not_valid: bool,
}

/// What a constraint is.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintKind {
    /// `PRIMARY KEY (columns)`.
    PrimaryKey {
        /// The key's columns.
        columns: Vec<String>,
    },
    /// `UNIQUE (columns)`.
    Unique {
        /// The key's columns.
        columns: Vec<String>,
    },
    /// `FOREIGN KEY (columns) REFERENCES table (ref_columns)`.
    ForeignKey {
        /// The referencing columns.
        columns: Vec<String>,
        /// The referenced table.
        table: ObjectName,
        /// The referenced columns (the primary key's when the statement named none and
        /// the model knows it; empty when it does not).
        ref_columns: Vec<String>,
        /// `ON DELETE`, as SQL (`CASCADE`, `SET NULL`…), when not `NO ACTION`.
        on_delete: Option<String>,
        /// `ON UPDATE`, likewise.
        on_update: Option<String>,
    },
    /// `CHECK (expression)`.
    Check {
        /// The expression, as written.
        expression: String,
    },
    /// `EXCLUDE …`, as written.
    Exclude {
        /// The constraint's text after `EXCLUDE`.
        definition: String,
    },
}

/// An index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Index {
    /// The indexed table.
    pub table: ObjectName,
    /// The indexed elements: a column name, or an expression as written.
    pub elements: Vec<IndexElement>,
    /// `UNIQUE` (the indexes of primary key and unique constraints included).
    pub unique: bool,
    /// `USING …`, when not btree.
    pub method: Option<String>,
    /// `WHERE …`, as written.
    pub predicate: Option<String>,
    /// `INCLUDE (…)`.
    pub include: Vec<String>,
    /// The constraint that owns it (primary key, unique, exclusion), if any.
    pub constraint: Option<String>,
    /// What follows each element, as written (`COLLATE "C" text_pattern_ops`, `DESC
    /// NULLS LAST`), in the order of `elements`; empty strings where nothing does, and
    /// an empty list when no element has any.
    pub element_options: Vec<String>,
}

/// One indexed element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexElement {
    /// A column.
    Column(String),
    /// An expression, as written.
    Expression(String),
}

/// A user-defined type.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeDef {
    /// `CREATE TYPE … AS ENUM`: the labels, in order.
    Enum {
        /// The labels.
        labels: Vec<String>,
    },
    /// `CREATE DOMAIN`.
    Domain {
        /// The underlying type, `format_type()` spelling.
        base: String,
        /// `NOT NULL`.
        not_null: bool,
        /// The default, as written.
        default: Option<String>,
        /// Check expressions, as written.
        checks: Vec<String>,
    },
    /// `CREATE TYPE … AS (…)`: the attributes and their types.
    Composite {
        /// `(name, type)` pairs, in order.
        attributes: Vec<(String, String)>,
    },
    /// A range, base or shell type: the model knows only that it exists.
    Other,
}

/// A sequence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    /// `OWNED BY table.column` (a `serial` or identity column's sequence).
    pub owned_by: Option<(ObjectName, String)>,
}

/// A view.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct View {
    /// `CREATE MATERIALIZED VIEW`.
    pub materialized: bool,
    /// The query, as written.
    pub query: String,
    /// The column names given after the view's name, if any.
    pub columns: Vec<String>,
    /// When it was created relative to the other views (larger is later), so that
    /// DDL recreates views after the views they read.
    pub order: u64,
}

/// An extension.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Extension {
    /// The schema it was created in.
    pub schema: String,
    /// The types the model knows it creates (in `schema`), listed in
    /// [`Schema::types`] too.
    pub types: Vec<String>,
}

impl Schema {
    /// A table, by name.
    pub fn table(&self, name: &ObjectName) -> Lookup<&Table> {
        match self.tables.get(name) {
            Some(table) if !self.unknown.contains(name) => Lookup::Found(table),
            _ => self.absent(name),
        }
    }

    /// A user-defined type, by name.
    pub fn user_type(&self, name: &ObjectName) -> Lookup<&TypeDef> {
        match self.types.get(name) {
            Some(ty) if !self.unknown.contains(name) => Lookup::Found(ty),
            _ => self.absent(name),
        }
    }

    /// An index, by name.
    pub fn index(&self, name: &ObjectName) -> Lookup<&Index> {
        match self.indexes.get(name) {
            Some(index) if !self.unknown.contains(name) => Lookup::Found(index),
            _ => self.absent(name),
        }
    }

    /// A function or procedure, by name (overloads are not told apart).
    pub fn function(&self, name: &ObjectName) -> Lookup<()> {
        match self.functions.contains(name) && !self.unknown.contains(name) {
            true => Lookup::Found(()),
            false => self.absent(name),
        }
    }

    /// Whether any relation (table, view, sequence, index) or type has this name:
    /// they share one namespace per schema in PostgreSQL (`pg_class`, and `pg_type`
    /// for the row types of tables).
    pub fn relation_exists(&self, name: &ObjectName) -> Lookup<&'static str> {
        if self.unknown.contains(name) {
            Lookup::Unknown
        } else if self.tables.contains_key(name) {
            Lookup::Found("table")
        } else if self.views.contains_key(name) {
            Lookup::Found("view")
        } else if self.indexes.contains_key(name) {
            Lookup::Found("index")
        } else if self.sequences.contains_key(name) {
            Lookup::Found("sequence")
        } else if self.types.contains_key(name) {
            Lookup::Found("type")
        } else {
            self.absent(name)
        }
    }

    /// Records a statement whose effects cannot be bounded: from now on a missing
    /// object is [`Lookup::Unknown`], and so is every object known so far (the
    /// statement may have changed or dropped it), until a statement the model follows
    /// creates it again.
    pub fn make_opaque(&mut self) {
        self.opaque = true;
        let names: Vec<ObjectName> = self
            .tables
            .keys()
            .chain(self.indexes.keys())
            .chain(self.types.keys())
            .chain(self.sequences.keys())
            .chain(self.views.keys())
            .cloned()
            .collect();
        self.unknown.extend(names);
    }

    fn absent<T>(&self, name: &ObjectName) -> Lookup<T> {
        if self.opaque || self.unknown.contains(name) || self.unknown_schema(&name.schema) {
            Lookup::Unknown
        } else {
            Lookup::Missing
        }
    }

    /// Whether a whole schema's contents are unknown (`public` never is, unless
    /// opaque; another schema is when a statement the model does not follow created it).
    fn unknown_schema(&self, schema: &str) -> bool {
        self.unknown.contains(&ObjectName::new(Some(schema), "*"))
    }
}

impl Table {
    /// A policy, by name. Policies come only from `CREATE POLICY`, so the model knows
    /// them all even when it does not know every column.
    pub fn policy(&self, name: &str) -> Lookup<()> {
        self.rule(&self.policies, name)
    }

    /// A trigger, by name; as policies, only `CREATE TRIGGER` makes one.
    pub fn trigger(&self, name: &str) -> Lookup<()> {
        self.rule(&self.triggers, name)
    }

    fn rule(&self, names: &BTreeSet<String>, name: &str) -> Lookup<()> {
        if names.contains(name) {
            Lookup::Found(())
        } else if self.rules_uncertain {
            Lookup::Unknown
        } else {
            Lookup::Missing
        }
    }

    /// A column, by name.
    pub fn column(&self, name: &str) -> Lookup<&Column> {
        match self.columns.iter().find(|column| column.name == name) {
            Some(column) => Lookup::Found(column),
            None if self.incomplete => Lookup::Unknown,
            None => Lookup::Missing,
        }
    }

    /// A constraint, by name.
    pub fn constraint(&self, name: &str) -> Lookup<&Constraint> {
        match self
            .constraints
            .iter()
            .find(|constraint| constraint.name == name)
        {
            Some(constraint) => Lookup::Found(constraint),
            None if self.incomplete => Lookup::Unknown,
            None => Lookup::Missing,
        }
    }

    /// The primary key's columns, if the table has one the model knows.
    pub fn primary_key(&self) -> Option<&[String]> {
        self.constraints
            .iter()
            .find_map(|constraint| match &constraint.kind {
                ConstraintKind::PrimaryKey { columns } => Some(columns.as_slice()),
                _ => None,
            })
    }
}

/// Serialises a map keyed by [`ObjectName`] with `"schema.name"` keys: JSON keys must
/// be strings, and serde_json refuses a struct key.
fn by_qualified_name<V, S>(map: &BTreeMap<ObjectName, V>, serializer: S) -> Result<S::Ok, S::Error>
where
    V: Serialize,
    S: serde::Serializer,
{
    use serde::ser::SerializeMap;
    let mut out = serializer.serialize_map(Some(map.len()))?;
    for (name, value) in map {
        out.serialize_entry(&format!("{}.{}", name.schema, name.name), value)?;
    }
    out.end()
}

/// Serialises a set of [`ObjectName`]s as `"schema.name"` strings, as the maps' keys.
fn qualified_names<S>(names: &BTreeSet<ObjectName>, serializer: S) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
{
    serializer.collect_seq(
        names
            .iter()
            .map(|name| format!("{}.{}", name.schema, name.name)),
    )
}

/// Reads back what [`by_qualified_name`] wrote: each key split at its first dot, so a
/// schema name holding a dot is misread ([`Schema::snapshot`] refuses such a model).
fn from_qualified_names<'de, V, D>(deserializer: D) -> Result<BTreeMap<ObjectName, V>, D::Error>
where
    V: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    BTreeMap::<String, V>::deserialize(deserializer)?
        .into_iter()
        .map(|(key, value)| Ok((qualified_name(&key)?, value)))
        .collect()
}

/// Reads back what [`qualified_names`] wrote.
fn qualified_names_from<'de, D>(deserializer: D) -> Result<BTreeSet<ObjectName>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    Vec::<String>::deserialize(deserializer)?
        .iter()
        .map(|key| qualified_name(key))
        .collect()
}

fn qualified_name<E: serde::de::Error>(key: &str) -> Result<ObjectName, E> {
    let (schema, name) = key
        .split_once('.')
        .ok_or_else(|| E::custom(format!("`{key}` is not a qualified name")))?;
    Ok(ObjectName::new(Some(schema), name))
}
