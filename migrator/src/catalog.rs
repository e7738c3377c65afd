//! A database's schema as comparable data, read from PostgreSQL's catalog, and the
//! differences between two such snapshots: what `verify` and `drift` compare.

use crate::error::database_error;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use tokio_postgres::Client;
use tokio_postgres::types::Oid;

/// The kind of a schema object, in the order differences are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ObjectKind {
    /// A schema (namespace).
    Schema,
    /// An extension.
    Extension,
    /// A type: enum, domain, composite, range or base.
    Type,
    /// A sequence.
    Sequence,
    /// A table (plain, partitioned or foreign).
    Table,
    /// A column of a table.
    Column,
    /// A constraint of a table.
    Constraint,
    /// An index.
    Index,
    /// A view.
    View,
    /// A materialized view.
    MaterializedView,
    /// A function.
    Function,
    /// A procedure.
    Procedure,
    /// An aggregate.
    Aggregate,
    /// A trigger.
    Trigger,
    /// A row-level security policy.
    Policy,
    /// A rewrite rule other than a view's own.
    Rule,
}

impl ObjectKind {
    /// The kind as the catalog query names it, and as messages print it.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Schema => "schema",
            ObjectKind::Extension => "extension",
            ObjectKind::Type => "type",
            ObjectKind::Sequence => "sequence",
            ObjectKind::Table => "table",
            ObjectKind::Column => "column",
            ObjectKind::Constraint => "constraint",
            ObjectKind::Index => "index",
            ObjectKind::View => "view",
            ObjectKind::MaterializedView => "materialized view",
            ObjectKind::Function => "function",
            ObjectKind::Procedure => "procedure",
            ObjectKind::Aggregate => "aggregate",
            ObjectKind::Trigger => "trigger",
            ObjectKind::Policy => "policy",
            ObjectKind::Rule => "rule",
        }
    }

    const ALL: [ObjectKind; 16] = [
        ObjectKind::Schema,
        ObjectKind::Extension,
        ObjectKind::Type,
        ObjectKind::Sequence,
        ObjectKind::Table,
        ObjectKind::Column,
        ObjectKind::Constraint,
        ObjectKind::Index,
        ObjectKind::View,
        ObjectKind::MaterializedView,
        ObjectKind::Function,
        ObjectKind::Procedure,
        ObjectKind::Aggregate,
        ObjectKind::Trigger,
        ObjectKind::Policy,
        ObjectKind::Rule,
    ];

    fn from_catalog(text: &str) -> Option<ObjectKind> {
        ObjectKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One schema object: where it lives and what PostgreSQL says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// Its schema.
    pub schema: String,
    /// The table (or, for a sequence, the owning table) it belongs to, qualified.
    pub parent: Option<String>,
    /// Its attributes by name (`type`, `default`, `definition`, `comment`…); an
    /// attribute that does not apply is absent.
    pub attributes: BTreeMap<String, String>,
}

impl Object {
    /// The attribute that best says what the object is (its definition, type,
    /// labels…), for a message about an object missing or unexpected.
    pub fn summary(&self) -> Option<&str> {
        [
            "definition",
            "type",
            "labels",
            "base type",
            "sequence",
            "version",
        ]
        .into_iter()
        .find_map(|key| self.attributes.get(key))
        .map(String::as_str)
    }
}

/// A database's schema objects by kind and qualified, quoted name
/// (`public.users`, `public.users.email`, `public.lower_email(text)`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The objects.
    pub objects: BTreeMap<(ObjectKind, String), Object>,
}

/// How an object differs between what was expected and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Expected, and not found.
    Missing(Object),
    /// Found, and not expected.
    Unexpected(Object),
    /// Found with an attribute that differs (`None`: the attribute is not set).
    Changed {
        /// The attribute's name: `default`, `definition`, `labels`…
        attribute: String,
        /// What it was expected to be.
        expected: Option<String>,
        /// What it is.
        actual: Option<String>,
    },
}

/// One difference between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The object's kind.
    pub kind: ObjectKind,
    /// Its qualified name.
    pub name: String,
    /// How it differs.
    pub change: Change,
}

/// What to leave out of a snapshot.
#[derive(Debug)]
struct Filter {
    /// The tracking table, left out with its columns, indexes, constraints, triggers
    /// and sequences (its rows differ by design), and its summary table and trigger
    /// function.
    tracking: Vec<String>,
    /// Patterns of names to leave out, `*` matching any run of characters: `audit.*`
    /// leaves out the schema `audit`'s objects, `public.tmp_*` the tables (with their
    /// columns, indexes…) whose names start with `tmp_`.
    ignore: Vec<String>,
}

impl Filter {
    fn keeps(&self, name: &str, object: &Object) -> bool {
        let owners = [Some(name), object.parent.as_deref()];
        if owners
            .iter()
            .flatten()
            .any(|owner| self.tracking.iter().any(|tracking| tracking == owner))
        {
            return false;
        }
        !self.ignore.iter().any(|pattern| {
            owners.iter().flatten().any(|owner| glob(pattern, owner))
                || glob(pattern, &object.schema)
                || glob(pattern, &crate::options::quote_ident(&object.schema))
        })
    }
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, rest)) => {
            let Some(text) = text.strip_prefix(head) else {
                return false;
            };
            (0..=text.len())
                .filter(|at| text.is_char_boundary(*at))
                .any(|at| glob(rest, &text[at..]))
        }
    }
}

impl Snapshot {
    /// Reads the schema of the database `client` is connected to, in one read-only,
    /// repeatable-read transaction. Leaves out the tracking table `tracking` (as the
    /// options name it, resolved with the session's `search_path`) with everything it
    /// owns and its summary, and the objects whose names match a pattern of `ignore` (`*` matching
    /// any run of characters: `audit.*` leaves out the schema `audit`, `public.tmp_*`
    /// the tables whose names start with `tmp_`, with their columns, indexes…).
    pub async fn read(
        client: &Client,
        tracking: &crate::TableName,
        ignore: &[String],
    ) -> Result<Self, crate::Error> {
        let failed = database_error("reading the catalog");
        client
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await
            .map_err(failed)?;
        let read = async {
            // The table resolved through the session's `search_path`, its summary and
            // trigger function beside it; then named as the snapshot names them (with
            // an empty one).
            let found = client
                .query_opt(
                    "SELECT c.oid,
                            (SELECT r.oid FROM pg_class r
                             WHERE r.relname = $2 AND r.relnamespace = c.relnamespace),
                            (SELECT p.oid FROM pg_proc p
                             WHERE p.proname = $3 AND p.pronamespace = c.relnamespace
                               AND p.pronargs = 0)
                     FROM pg_class c WHERE c.oid = to_regclass($1)",
                    &[
                        &tracking.quoted(),
                        &crate::table::summary::summary_table(tracking).name,
                        &crate::table::summary::function(tracking).name,
                    ],
                )
                .await?;
            let (table, summary, function): (Option<Oid>, Option<Oid>, Option<Oid>) = match &found {
                Some(row) => (Some(row.get(0)), row.get(1), row.get(2)),
                None => (None, None, None),
            };
            client.batch_execute("SET LOCAL search_path = ''").await?;
            let named = client
                .query_one(
                    "SELECT $1::oid::regclass::text, $2::oid::regclass::text,
                            (SELECT quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '()'
                             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                             WHERE p.oid = $3)",
                    &[&table, &summary, &function],
                )
                .await?;
            let tracking: Vec<String> = (0..3).filter_map(|at| named.get(at)).collect();
            let rows = client
                .query(include_str!("catalog/snapshot.sql"), &[])
                .await?;
            Ok::<_, tokio_postgres::Error>((tracking, rows))
        }
        .await;
        let ended = client.batch_execute("COMMIT").await;
        let (tracking, rows) = read.map_err(database_error("reading the catalog"))?;
        ended.map_err(database_error("reading the catalog"))?;
        let filter = Filter {
            tracking,
            ignore: ignore.to_vec(),
        };
        let mut objects = BTreeMap::new();
        for row in rows {
            let kind: String = row.get(0);
            let kind = ObjectKind::from_catalog(&kind).ok_or_else(|| crate::Error::Catalog {
                reason: format!("the catalog query returned an unknown kind `{kind}`"),
            })?;
            let attributes: serde_json::Value = row.get(4);
            let attributes = attributes
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(key, value)| Some((key.clone(), value.as_str()?.to_owned())))
                .collect();
            let object = Object {
                schema: row.get(1),
                parent: row.get(3),
                attributes,
            };
            let name: String = row.get(2);
            if filter.keeps(&name, &object) {
                objects.insert((kind, name), object);
            }
        }
        Ok(Snapshot { objects })
    }

    /// The schemas this snapshot holds.
    pub fn schemas(&self) -> BTreeSet<&str> {
        self.objects
            .values()
            .map(|object| object.schema.as_str())
            .collect()
    }

    /// Leaves out every object outside `schemas`.
    pub fn within(mut self, schemas: &BTreeSet<&str>) -> Self {
        self.objects
            .retain(|_, object| schemas.contains(object.schema.as_str()));
        self
    }

    /// How `actual` differs from this snapshot, the expected one: objects missing,
    /// unexpected or changed, attribute by attribute. An object whose table (or
    /// owning table) is itself missing or unexpected is not listed again.
    pub fn differences(&self, actual: &Snapshot) -> Vec<Difference> {
        let mut differences = Vec::new();
        let mut whole = BTreeSet::new();
        for ((kind, name), object) in &self.objects {
            match actual.objects.get(&(*kind, name.clone())) {
                None => {
                    whole.insert(name.as_str());
                    differences.push(Difference {
                        kind: *kind,
                        name: name.clone(),
                        change: Change::Missing(object.clone()),
                    });
                }
                Some(found) => {
                    let keys: BTreeSet<&String> = object
                        .attributes
                        .keys()
                        .chain(found.attributes.keys())
                        .collect();
                    for key in keys {
                        let (expected, actual) =
                            (object.attributes.get(key), found.attributes.get(key));
                        if expected != actual {
                            differences.push(Difference {
                                kind: *kind,
                                name: name.clone(),
                                change: Change::Changed {
                                    attribute: key.clone(),
                                    expected: expected.cloned(),
                                    actual: actual.cloned(),
                                },
                            });
                        }
                    }
                }
            }
        }
        for ((kind, name), object) in &actual.objects {
            if !self.objects.contains_key(&(*kind, name.clone())) {
                whole.insert(name.as_str());
                differences.push(Difference {
                    kind: *kind,
                    name: name.clone(),
                    change: Change::Unexpected(object.clone()),
                });
            }
        }
        let parent_listed = |difference: &Difference| {
            let object = match &difference.change {
                Change::Missing(object) | Change::Unexpected(object) => object,
                Change::Changed { .. } => return false,
            };
            object
                .parent
                .as_deref()
                .is_some_and(|parent| whole.contains(parent))
        };
        let mut differences: Vec<Difference> = differences
            .iter()
            .filter(|difference| !parent_listed(difference))
            .cloned()
            .collect();
        differences.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
        differences
    }
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn patterns_match_with_stars_anywhere() {
        assert!(glob("audit.*", "audit.events"));
        assert!(glob("public.tmp_*", "public.tmp_import"));
        assert!(!glob("public.tmp_*", "public.temp"));
        assert!(glob("*.log_*_old", "app.log_2024_old"));
        assert!(glob("public.users", "public.users"));
        assert!(!glob("public.users", "public.users2"));
        assert!(glob("*", "anything"));
    }
}
