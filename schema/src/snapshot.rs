//! The model saved as text and read back, so that a build checking one new migration
//! need not replay the SQL of the thousands before it (`pgbatch-build` keeps the
//! model of the unchanged files this way between builds).

use crate::constraint_names::ConstraintNames;
use crate::model::{ObjectName, Schema};

impl Schema {
    /// The model as text that [`Schema::from_snapshot`] reads back as it is (the JSON
    /// of [`serde`], with what the JSON leaves out rebuilt on reading). `None` when it
    /// could not be read back exactly: a schema name holding a dot, which the JSON's
    /// `"schema.name"` keys cannot tell apart.
    pub fn snapshot(&self) -> Option<String> {
        let keys = self
            .tables
            .keys()
            .chain(self.indexes.keys())
            .chain(self.types.keys())
            .chain(self.type_definitions.keys())
            .chain(self.sequences.keys())
            .chain(self.views.keys())
            .chain(&self.functions)
            .chain(&self.unknown);
        let dotted = |name: &ObjectName| name.schema.contains('.');
        if keys.into_iter().any(dotted) {
            return None;
        }
        serde_json::to_string(self).ok()
    }

    /// Reads what [`Schema::snapshot`] wrote; `None` when `text` is not such a model.
    pub fn from_snapshot(text: &str) -> Option<Schema> {
        let mut schema: Schema = serde_json::from_str(text).ok()?;
        schema.constraint_names = ConstraintNames::of(&schema.tables);
        Some(schema)
    }
}

#[cfg(test)]
mod tests {
    use crate::{ObjectName, Schema};

    /// A model that exercises every part of it reads back as it was: the same JSON,
    /// the same DDL, and the constraint name index rebuilt (`b`'s key takes `b_pkey1`
    /// after the snapshot as before).
    #[test]
    fn a_snapshot_reads_back_as_the_model_was() {
        let mut schema = Schema::default();
        for sql in [
            "CREATE SCHEMA app",
            "CREATE TYPE mood AS ENUM ('happy', 'sad')",
            "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%')",
            "CREATE TABLE app.a (id serial PRIMARY KEY, m mood, e email UNIQUE)",
            "CREATE TABLE b_pkey (x int)",
            "CREATE TABLE app.c (id int REFERENCES app.a ON DELETE CASCADE, CHECK (id > 0)) PARTITION BY RANGE (id)",
            "CREATE INDEX a_m ON app.a (m) WHERE id > 1",
            "CREATE VIEW v AS SELECT 1 AS one",
            "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
            "CREATE TRIGGER t BEFORE INSERT ON app.a FOR EACH ROW EXECUTE FUNCTION f()",
            "ALTER TABLE app.a ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY p ON app.a USING (true)",
            "DROP FUNCTION f() CASCADE",
            "CREATE EXTENSION IF NOT EXISTS citext",
            "CREATE TABLE \"odd.name\" (id int)",
            "DO $$ BEGIN END $$",
        ] {
            schema.apply(sql);
        }
        let text = schema.snapshot().expect("a snapshot");
        let mut read = Schema::from_snapshot(&text).expect("read back");
        assert_eq!(read.snapshot().as_deref(), Some(text.as_str()));
        assert_eq!(read.to_ddl(), schema.to_ddl());
        assert!(read.opaque);
        let a = &read.tables[&ObjectName::new(Some("app"), "a")];
        assert!(a.rules_uncertain && a.row_level_security);
        read.check_constraint_names();
        for model in [&mut schema, &mut read] {
            model.apply("CREATE TABLE b (id int PRIMARY KEY)");
        }
        assert_eq!(read.snapshot(), schema.snapshot());
        assert!(read.snapshot().expect("a snapshot").contains("b_pkey1"));

        // A schema name with a dot cannot be told from its object's name in the JSON.
        schema.apply("CREATE TABLE \"my.app\".t (id int)");
        assert_eq!(schema.snapshot(), None);
        assert!(Schema::from_snapshot("{").is_none());
    }
}
