//! Policies and triggers: created, renamed and dropped with their table, and forgotten
//! (missing ones unknown) after a `CASCADE` that may have dropped some.

use crate::{Lookup, Schema};

use super::name;

const BASE: &str = "
    CREATE TABLE posts (id int, user_id int);
    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
    CREATE POLICY own_posts ON posts USING (user_id = 1);
    CREATE POLICY \"Mixed\" ON public.posts USING (true);
    CREATE TRIGGER posts_touch BEFORE UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION touch();
";

fn after(sql: &str) -> Schema {
    let mut schema = Schema::default();
    schema.apply(BASE);
    schema.apply(sql);
    schema
}

fn policies_and_triggers(schema: &Schema, table: &str) -> (Vec<String>, Vec<String>) {
    let table = &schema.tables[&name(table)];
    (
        table.policies.iter().cloned().collect(),
        table.triggers.iter().cloned().collect(),
    )
}

#[test]
fn created_renamed_and_dropped() {
    let schema = after(
        "ALTER POLICY own_posts ON posts RENAME TO read_own;
         ALTER POLICY read_own ON posts USING (user_id = 2);
         DROP POLICY \"Mixed\" ON posts;
         ALTER TRIGGER posts_touch ON posts RENAME TO posts_touched;
         CREATE TRIGGER posts_audit AFTER INSERT ON posts FOR EACH ROW EXECUTE FUNCTION touch();
         DROP TRIGGER IF EXISTS posts_audit ON posts;",
    );
    assert_eq!(
        policies_and_triggers(&schema, "posts"),
        (
            vec!["read_own".to_owned()],
            vec!["posts_touched".to_owned()]
        )
    );
    let posts = &schema.tables[&name("posts")];
    assert!(matches!(posts.policy("own_posts"), Lookup::Missing));
    assert!(matches!(posts.trigger("posts_touched"), Lookup::Found(())));
}

#[test]
fn they_move_and_go_with_their_table() {
    let schema = after("ALTER TABLE posts RENAME TO articles");
    assert_eq!(
        policies_and_triggers(&schema, "articles"),
        (
            vec!["Mixed".to_owned(), "own_posts".to_owned()],
            vec!["posts_touch".to_owned()]
        )
    );
    let schema = after("DROP TABLE posts; CREATE TABLE posts (id int)");
    assert_eq!(policies_and_triggers(&schema, "posts"), (vec![], vec![]));
}

#[test]
fn a_cascade_makes_the_missing_ones_unknown() {
    for cascade in [
        "DROP FUNCTION touch() CASCADE",
        "ALTER TABLE posts DROP COLUMN user_id CASCADE",
        "CREATE TABLE other (id int); DROP TABLE other CASCADE",
    ] {
        let schema = after(cascade);
        let posts = &schema.tables[&name("posts")];
        assert!(
            matches!(posts.trigger("posts_touch"), Lookup::Unknown)
                && matches!(posts.policy("own_posts"), Lookup::Unknown),
            "{cascade}"
        );
    }
    // Without CASCADE nothing else can go, and a foreign key's `ON DELETE CASCADE` is
    // not a drop.
    let schema = after(
        "ALTER TABLE posts DROP COLUMN user_id;
         CREATE TABLE users (id int PRIMARY KEY);
         ALTER TABLE posts ADD FOREIGN KEY (id) REFERENCES users ON DELETE CASCADE",
    );
    let posts = &schema.tables[&name("posts")];
    assert!(matches!(posts.policy("nope"), Lookup::Missing));
    assert!(matches!(posts.trigger("posts_touch"), Lookup::Found(())));
}
