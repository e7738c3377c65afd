// Alone, a migration is checked against what it creates itself: a table made by
// another migration (or by raw SQL) is unknown, and nothing about it is refused.
mod index_elsewhere {
    pgbatch::migration! {
        createIndex("users", ["emial"]);
        addColumns("teams", { ownerId: { type: "bigint", references: "users(name)" } });
    }
}

mod raw_sql_then_dsl {
    pgbatch::migration! {
        sql("CREATE TABLE teams (id bigserial PRIMARY KEY, slug text UNIQUE)");
        createTable("users", { id: "id", teamSlug: { type: "text", references: "teams(slug)" } });
        createIndex("users", "teamSlug");
        down { sql("DROP TABLE users"); sql("DROP TABLE teams"); }
    }
}

fn main() {
    assert_eq!(index_elsewhere::SCRIPT.up().len(), 2);
    assert!(!raw_sql_then_dsl::SCRIPT.up().is_empty());
}
