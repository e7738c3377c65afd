//! What the model does not follow: names marked unknown, opacity, statements with no
//! effect, the lookups' three answers, arbitrary input, and the JSON form.

use super::{check, name, render};
use crate::{Lookup, Schema};
use expect_test::expect;

#[test]
fn a_search_path_set_by_set_config_is_opaque() {
    let mut schema = Schema::default();
    schema.apply("SELECT set_config('search_path', 'app', false)");
    assert!(schema.opaque);
}

#[test]
fn statements_the_model_does_not_follow_mark_what_they_name_unknown() {
    check(
        "CREATE FOREIGN TABLE remote (id int) SERVER s;
         CREATE RULE r AS ON INSERT TO logged DO INSTEAD NOTHING;
         ALTER TABLE mystery RENAME TO solved;
         ALTER TABLE mystery2 SET SCHEMA app;
         CREATE INDEX ON mystery3 (a);
         CREATE TYPE base_type;
         CREATE SCHEMA filled CREATE TABLE inside (id int);
         ALTER TABLE IF EXISTS absent ADD COLUMN a int;",
        expect![[r#"
            CREATE SCHEMA filled;
            -- unknown app.mystery2
            -- unknown filled.*
            -- unknown public.base_type
            -- unknown public.mystery
            -- unknown public.mystery2
            -- unknown public.mystery3_a_idx
            -- unknown public.remote
            -- unknown public.solved
        "#]],
    );
}

#[test]
fn statements_whose_effects_cannot_be_bounded_make_the_model_opaque() {
    for sql in [
        "DO $$ BEGIN EXECUTE 'CREATE TABLE x (a int)'; END $$",
        "SET search_path = app",
        "SET search_path TO app, public",
        "CALL make_tables()",
        "DROP OWNED BY someone",
        "ALTER EXTENSION postgis UPDATE",
        "CREATE EXTENSION some_unknown_extension",
        "CREATE TABLE (",
        "CREATE TABLE t (a int); CREATE TABLE oops (",
    ] {
        let mut schema = Schema::default();
        schema.apply(sql);
        assert!(schema.opaque, "{sql}");
        assert_eq!(
            schema.table(&name("t2")).map_found(),
            Lookup::Unknown,
            "{sql}"
        );
    }
}

#[test]
fn statements_without_schema_effects_change_nothing() {
    let mut schema = Schema::default();
    schema.apply(
        "CREATE TABLE users (id int PRIMARY KEY);
         CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
         CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
         DROP TRIGGER users_touch ON users;
         COMMENT ON TABLE users IS 'people';
         GRANT SELECT ON users TO PUBLIC;
         REVOKE SELECT ON users FROM PUBLIC;
         CREATE POLICY own ON users USING (true);
         INSERT INTO users VALUES (1);
         UPDATE users SET id = 2;
         DELETE FROM users;
         SELECT 1;
         SET lock_timeout = '5s';
         ANALYZE users;",
    );
    let before = render("CREATE TABLE users (id int PRIMARY KEY)");
    assert!(!schema.opaque);
    assert!(schema.unknown.is_empty(), "{:?}", schema.unknown);
    assert_eq!(schema.to_ddl(), before);
    assert!(schema.functions.contains(&name("touch")));
}

#[test]
fn lookups_tell_found_missing_and_unknown_apart() {
    let mut schema = Schema::default();
    schema.apply(
        "CREATE TABLE t (a int);
         CREATE TABLE summary AS SELECT 1 AS one;
         CREATE TYPE mood AS ENUM ('a');
         CREATE INDEX t_a_idx ON t (a);
         CREATE FOREIGN TABLE remote (id int) SERVER s;",
    );
    let Lookup::Found(t) = schema.table(&name("t")) else {
        panic!("t is created");
    };
    assert!(matches!(t.column("a"), Lookup::Found(_)));
    assert_eq!(t.column("b").map_found(), Lookup::Missing);
    let Lookup::Found(summary) = schema.table(&name("summary")) else {
        panic!("summary is created");
    };
    assert_eq!(summary.column("one").map_found(), Lookup::Unknown);
    assert!(matches!(schema.user_type(&name("mood")), Lookup::Found(_)));
    assert!(matches!(schema.index(&name("t_a_idx")), Lookup::Found(_)));
    assert_eq!(schema.table(&name("remote")).map_found(), Lookup::Unknown);
    assert_eq!(schema.table(&name("absent")).map_found(), Lookup::Missing);
    assert_eq!(
        schema.relation_exists(&name("t_a_idx")),
        Lookup::Found("index")
    );
    schema.apply("SET search_path = app");
    assert_eq!(schema.table(&name("absent")).map_found(), Lookup::Unknown);
}

/// Compares lookups by outcome only.
trait Outcome {
    fn map_found(self) -> Lookup<()>;
}

impl<T> Outcome for Lookup<T> {
    fn map_found(self) -> Lookup<()> {
        match self {
            Lookup::Found(_) => Lookup::Found(()),
            Lookup::Unknown => Lookup::Unknown,
            Lookup::Missing => Lookup::Missing,
        }
    }
}

#[test]
fn any_input_is_followed_without_panicking() {
    let mut schema = Schema::default();
    for sql in [
        "",
        ";;;",
        "CREATE",
        "ALTER TABLE",
        "ALTER TABLE t ADD",
        "CREATE INDEX ON",
        "CREATE TYPE x AS ENUM (",
        "DROP TABLE",
        "CREATE TABLE \"\" ()",
        "CREATE TABLE t (a int REFERENCES)",
        "ALTER TABLE t RENAME TO",
        "CREATE VIEW v AS",
        "\u{1F600} CREATE TABLE é (ü int)",
        "CREATE TABLE loop (a int) INHERITS (loop); ALTER TABLE loop RENAME COLUMN a TO b",
        "CREATE TABLE p (a int); CREATE TABLE c () INHERITS (p);
         ALTER TABLE c ATTACH PARTITION p FOR VALUES IN (1);
         ALTER TABLE p ATTACH PARTITION p FOR VALUES IN (1);
         ALTER TABLE p ADD COLUMN z int, DROP COLUMN a, ALTER COLUMN z SET NOT NULL;
         CREATE INDEX ON p (z); DROP TABLE p CASCADE",
    ] {
        schema.apply(sql);
    }
    let _ = schema.to_ddl();
}

#[test]
fn json_names_objects_by_qualified_name() {
    let mut schema = Schema::default();
    schema.apply(
        "CREATE SCHEMA app;
         CREATE TABLE app.t (id int PRIMARY KEY);
         CREATE FOREIGN TABLE app.remote (id int) SERVER s;",
    );
    let json = serde_json::to_value(&schema).expect("serialisable");
    expect![[r#"
        tables: app.t
        indexes: app.t_pkey
        unknown: ["app.remote"]"#]]
    .assert_eq(&format!(
        "tables: {}\nindexes: {}\nunknown: {}",
        json["tables"]
            .as_object()
            .map(|t| t.keys().cloned().collect::<Vec<_>>().join(","))
            .unwrap_or_default(),
        json["indexes"]
            .as_object()
            .map(|t| t.keys().cloned().collect::<Vec<_>>().join(","))
            .unwrap_or_default(),
        json["unknown"],
    ));
}

#[test]
fn a_default_name_an_unknown_relation_may_hold_leaves_both_candidates_unknown() {
    let mut schema = Schema::default();
    schema.apply(
        "CREATE TABLE t (id serial PRIMARY KEY, a int);
         CREATE FOREIGN TABLE t_a_idx (x int) SERVER s;
         CREATE FOREIGN TABLE u_pkey (x int) SERVER s;
         CREATE TABLE u (id int PRIMARY KEY);
         CREATE INDEX ON t (a);",
    );
    for candidate in ["t_a_idx", "t_a_idx1", "u_pkey", "u_pkey1"] {
        assert!(
            matches!(schema.index(&name(candidate)), Lookup::Unknown),
            "{candidate}"
        );
    }
    assert!(matches!(schema.index(&name("t_pkey")), Lookup::Found(_)));
}
